import { PROCESS_BACKENDS, type BackendChoice } from './training-client.js';

/** The run panel's settings: backend choice (remembered) and the steps override. */

/** What the Web Worker trains on; the desktop app may add `tensorflow` and `pytorch`. */
export const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
export const BACKEND_KEY = 'pretrain-lab.backend';
export const MAX_STEPS = 10_000_000;

export function isBackendChoice(v: unknown): v is BackendChoice {
  return typeof v === 'string' && ([...BACKENDS, ...PROCESS_BACKENDS] as readonly string[]).includes(v);
}

export function loadBackend(): BackendChoice {
  try {
    const v = localStorage.getItem(BACKEND_KEY);
    if (isBackendChoice(v)) return v;
  } catch {
    // storage unavailable
  }
  return 'auto';
}

export function saveBackend(b: BackendChoice): void {
  try {
    localStorage.setItem(BACKEND_KEY, b);
  } catch {
    // not remembered, still used
  }
}

/** '' -> no override (the optimizer's); else a whole number in range, or what is wrong. */
export function parseSteps(text: string): { steps?: number; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  if (!/^\d+$/.test(t)) return { error: 'Steps must be a whole number.' };
  const n = Number(t);
  if (n < 1 || n > MAX_STEPS) return { error: `Steps must be from 1 to ${MAX_STEPS.toLocaleString('en-US')}.` };
  return { steps: n };
}
