import { useSyncExternalStore } from 'react';
import { showsMinimap } from '../canvas/minimap-room.js';

/**
 * What the person is looking at, never saved into the graph: the selection, the open tab, the
 * theme. Kept apart from the document store so selecting a node is not an undo step.
 */
export interface ViewState {
  selection: ReadonlySet<string>;
  /** the centre: the canvas, the document as JSON, or the graph as a TypeScript program */
  tab: 'graph' | 'code' | 'typescript';
  theme: 'light' | 'dark';
  /**
   * The canvas's minimap: 'auto' shows it where the canvas has room (minimap-room.ts), so it does
   * not cover the graph on a small screen or under the run panel; the person can say otherwise.
   */
  minimap: 'auto' | 'shown' | 'hidden';
  /** the canvas's size on screen, which 'auto' goes by */
  canvasSize: { width: number; height: number };
  /** a passing message (a refused connection's reason, a save error), cleared after a while */
  toast: { text: string; kind: 'info' | 'error'; at: number } | null;
}

type Listener = () => void;

const THEME_KEY = 'pretrain-lab/theme';
const MINIMAP_KEY = 'pretrain-lab/minimap';

function initialMinimap(): ViewState['minimap'] {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(MINIMAP_KEY) : null;
  return saved === 'shown' || saved === 'hidden' ? saved : 'auto';
}

function initialTheme(): 'light' | 'dark' {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

class ViewStore {
  private state: ViewState = { selection: new Set(), tab: 'graph', theme: initialTheme(), minimap: initialMinimap(), canvasSize: { width: 0, height: 0 }, toast: null };
  private readonly listeners = new Set<Listener>();
  private readonly guards = new Set<() => boolean>();

  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getState = () => this.state;

  private set(patch: Partial<ViewState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  select(ids: Iterable<string>) {
    const next = new Set(ids);
    const cur = this.state.selection;
    if (next.size === cur.size && [...next].every((id) => cur.has(id))) return;
    this.set({ selection: next });
  }
  /** Switch the centre tab, unless the one open holds work that would be lost and the person says to stay. */
  setTab(tab: ViewState['tab']) {
    if (tab === this.state.tab || !this.mayLeave()) return;
    this.set({ tab });
  }
  /**
   * While it is registered, `guard` is asked before the open tab is left or the graph replaced;
   * it returns false to stay (it asks the person). Returns the unregister function.
   */
  guardLeaving(guard: () => boolean): () => void {
    this.guards.add(guard);
    return () => void this.guards.delete(guard);
  }
  /** Whether work in the open tab may be left (every guard agrees). */
  mayLeave(): boolean {
    return [...this.guards].every((g) => g());
  }
  setTheme(theme: ViewState['theme']) {
    localStorage.setItem(THEME_KEY, theme);
    this.set({ theme });
  }
  setMinimap(minimap: ViewState['minimap']) {
    localStorage.setItem(MINIMAP_KEY, minimap);
    this.set({ minimap });
  }
  /** Show the minimap if it is hidden now, hide it if shown: from then on, whatever the canvas's size. */
  toggleMinimap() {
    this.setMinimap(showsMinimap(this.state.minimap, this.state.canvasSize) ? 'hidden' : 'shown');
  }
  setCanvasSize(width: number, height: number) {
    const cur = this.state.canvasSize;
    if (cur.width !== width || cur.height !== height) this.set({ canvasSize: { width, height } });
  }
  toast(text: string, kind: 'info' | 'error' = 'info') {
    const at = Date.now();
    this.set({ toast: { text, kind, at } });
    setTimeout(() => {
      if (this.state.toast?.at === at) this.set({ toast: null });
    }, 6000);
  }
}

export const viewStore = new ViewStore();

export function useView<T>(select: (s: ViewState) => T): T {
  return useSyncExternalStore(viewStore.subscribe, () => select(viewStore.getState()));
}
