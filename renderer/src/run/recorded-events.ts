import type { RunEvent } from './training-client.js';
import causalLm from './fixtures/causal-lm-60.jsonl?raw';
import maskedLm from './fixtures/masked-lm-60.jsonl?raw';

/**
 * Real event sequences for tests and the dev-only replay demo, recorded from the CLI on the
 * causal-LM and masked-LM samples with evalInterval 20 (`pretrain-lab train <graph> --steps 60
 * --json`; checkpoint paths shortened). The app itself never imports this.
 */
export const RECORDINGS = { 'causal-lm-60': causalLm, 'masked-lm-60': maskedLm } as const;

export function recordedEvents(name: keyof typeof RECORDINGS): RunEvent[] {
  return RECORDINGS[name]
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunEvent);
}

/** `n` step events from step `from`, with a slowly falling loss, for long-run tests. */
export function syntheticSteps(n: number, from = 1): RunEvent[] {
  const out: RunEvent[] = [];
  for (let step = from; step < from + n; step++) {
    out.push({ event: 'step', step, loss: 4 / Math.sqrt(step) + 1, lr: 1e-3, gradNorm: 1, tokensPerSec: 5000, etaSeconds: 1 });
  }
  return out;
}
