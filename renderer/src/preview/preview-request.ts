import type { PreviewResult } from '../run/training-client.js';
import { previewErrorMessage } from './preview-model.js';

/** What the preview panel knows at a moment: the last result, whether a newer one is coming, the last failure. */
export interface PreviewState {
  /** the upstream key of the request being waited for or last answered */
  key: string | null;
  loading: boolean;
  /** the last successful result; kept (dimmed) while a newer one loads */
  result: PreviewResult | null;
  error: string | null;
}

export const IDLE_PREVIEW: PreviewState = { key: null, loading: false, result: null, error: null };

/**
 * Debounces preview requests and drops stale answers: a request waits `delayMs` after the last
 * change before it runs, and only the newest request's answer (or error) is ever reported.
 */
export class PreviewRequests {
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private state: PreviewState = IDLE_PREVIEW;

  constructor(
    private readonly onState: (s: PreviewState) => void,
    private readonly delayMs = 300,
  ) {}

  get current(): PreviewState {
    return this.state;
  }

  /** Ask for the preview of `nodeId` at `key`; `run` is called once the graph has been still for the delay. */
  request(key: string, nodeId: string, run: () => Promise<PreviewResult>): void {
    this.cancel();
    const generation = this.generation;
    const previous = this.state.result?.nodeId === nodeId ? this.state.result : null;
    this.set({ key, loading: true, result: previous, error: null });
    this.timer = setTimeout(() => {
      this.timer = null;
      let pending: Promise<PreviewResult>;
      try {
        pending = run();
      } catch (e) {
        pending = Promise.reject(e);
      }
      pending.then(
        (result) => generation === this.generation && this.set({ key, loading: false, result, error: null }),
        (e: unknown) => generation === this.generation && this.set({ key, loading: false, result: null, error: previewErrorMessage(e, nodeId) }),
      );
    }, this.delayMs);
  }

  /** Stop waiting: a timer not yet fired never runs, an answer still in flight is ignored. */
  cancel(): void {
    this.generation++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.state.loading) this.set({ ...this.state, key: null, loading: false });
  }

  /** Nothing to preview (another node, a broken graph): forget everything. */
  clear(): void {
    this.cancel();
    if (this.state !== IDLE_PREVIEW) this.set(IDLE_PREVIEW);
  }

  private set(s: PreviewState) {
    this.state = s;
    this.onState(s);
  }
}
