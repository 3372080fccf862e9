import { Component, lazy, Suspense, type ReactNode } from 'react';

/**
 * The TypeScript tab, loaded on first use: its chunk carries the exporter, the library sources
 * it copies in, prettier and tfjs's type declarations, none of which the rest of the app needs.
 */
const TypeScriptTab = lazy(() => import('./TypeScriptTab.js'));

function Status({ text, bad = false }: { text: string; bad?: boolean }) {
  return (
    <div className="code-tab" data-testid="typescript-tab">
      <div className={`code-status ${bad ? 'bad' : 'ok'}`} data-testid="typescript-status" role="status">
        {text}
      </div>
    </div>
  );
}

/** A failure inside the tab (its chunk did not load, a bug) stays inside the tab. */
class TabBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override componentDidCatch(e: unknown) {
    console.error(e);
  }
  override render() {
    return this.state.error ? <Status bad text={`The TypeScript view failed: ${this.state.error}`} /> : this.props.children;
  }
}

export function TypeScriptTabLoader() {
  return (
    <TabBoundary>
      <Suspense fallback={<Status text="Loading the TypeScript view…" />}>
        <TypeScriptTab />
      </Suspense>
    </TabBoundary>
  );
}
