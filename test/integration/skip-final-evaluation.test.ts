import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainEvent } from '../../engine/train/events.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from '../support/tiny-graphs.js';

/**
 * Stop is prompt: after a Stop, the final evaluation and the output nodes (sampling text) run
 * unless the person stops again, and a Stop once every step is done skips them at once. Either
 * way the checkpoint is written and the run ends `done` (stopped when it was).
 */

const registry = createRegistry();
const data = createNodeDataSource();
// many held-out batches and a long sample: a final phase long enough to interrupt
const doc = tinyGraph('causal-lm', { optimizer: { steps: 30, evalInterval: 100, evalBatches: 40 }, sample: { tokens: 400 } });

async function run(opts: { steps: number; onEvent(e: TrainEvent, stop: AbortController, skip: AbortController): void }) {
  const program = await compileGraph(doc, { registry, data });
  const stop = new AbortController();
  const skip = new AbortController();
  const events: TrainEvent[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'skip-'));
  try {
    const result = await train({
      program,
      steps: opts.steps,
      signal: stop.signal,
      skip: skip.signal,
      store: new DirectoryCheckpointStore(dir),
      onEvent: (e) => {
        events.push(e);
        opts.onEvent(e, stop, skip);
      },
    });
    return { result, events, dir };
  } finally {
    program.dispose();
  }
}

const kinds = (events: TrainEvent[]) => events.map((e) => e.event).filter((k) => k !== 'step');

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('skipping the final evaluation', () => {
  it('without a second Stop, a stopped run evaluates and samples before it ends', async () => {
    const { events, result } = await run({ steps: 30, onEvent: (e, stop) => e.event === 'step' && e.step === 3 && stop.abort() });
    expect(result.stopped).toBe(true);
    expect(kinds(events)).toEqual(['start', 'eval', 'checkpoint', 'output', 'done']);
  });

  it('a second Stop skips them: the checkpoint is still written, the run ends stopped', async () => {
    const { events, result, dir } = await run({
      steps: 30,
      onEvent: (e, stop, skip) => {
        if (e.event === 'step' && e.step === 3) {
          stop.abort();
          skip.abort();
        }
      },
    });
    expect(kinds(events)).toEqual(['start', 'checkpoint', 'done']);
    expect(result).toMatchObject({ step: 3, stopped: true });
    // no evaluation ran: the held-out loss is not known
    expect(result.valLoss).toBeNaN();
    expect((await loadCheckpoint(dir)).manifest.step).toBe(3);
  });

  it('a second Stop while the sample is being written ends it between tokens', async () => {
    const { events } = await run({
      steps: 30,
      onEvent: (e, stop, skip) => {
        if (e.event === 'step' && e.step === 3) stop.abort();
        // the held-out loss is in: the output nodes come next
        if (e.event === 'eval') skip.abort();
      },
    });
    expect(kinds(events)).toEqual(['start', 'eval', 'checkpoint', 'done']);
    expect(events.at(-1)).toMatchObject({ event: 'done', stopped: true });
  });

  it('a Stop once every step is done skips the final evaluation, and the run ends done', async () => {
    const { events, result } = await run({ steps: 5, onEvent: (e, stop) => e.event === 'step' && e.step === 5 && stop.abort() });
    expect(kinds(events)).toEqual(['start', 'checkpoint', 'done']);
    expect(result).toMatchObject({ step: 5, stopped: false });
  });
});
