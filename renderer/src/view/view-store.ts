import { useSyncExternalStore } from 'react';

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
   * The canvas's minimap: 'auto' shows it only while the person pans or zooms (and while the
   * pointer is on it), as it covers whatever part of a large graph lies in its corner; 'pinned'
   * keeps it shown.
   */
  minimap: 'auto' | 'pinned';
  /** a passing message (a refused connection's reason, a save error), cleared after a while */
  toast: { text: string; kind: 'info' | 'error'; at: number } | null;
}

type Listener = () => void;

const THEME_KEY = 'pretrain-lab/theme';
const MINIMAP_KEY = 'pretrain-lab/minimap';

function initialMinimap(): ViewState['minimap'] {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(MINIMAP_KEY) : null;
  return saved === 'pinned' ? saved : 'auto';
}

function initialTheme(): 'light' | 'dark' {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(THEME_KEY) : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

class ViewStore {
  private state: ViewState = { selection: new Set(), tab: 'graph', theme: initialTheme(), minimap: initialMinimap(), toast: null };
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
  /** Pin the minimap, or put it back to showing only while the view moves. */
  toggleMinimap() {
    const minimap = this.state.minimap === 'pinned' ? 'auto' : 'pinned';
    localStorage.setItem(MINIMAP_KEY, minimap);
    this.set({ minimap });
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
