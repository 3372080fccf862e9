import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../yardsticks/compare-summary.js';
import type { Measure } from '../../../yardsticks/measure.js';
import type { CompareRunEvent } from './compare-events.js';
import { compareProgress } from './compare-eta.js';
import { applyCompareEvents, beginCompare, canContinue, idleCompare, measuredRuns, reopened, type CompareSettings } from './compare-state.js';

const settings: CompareSettings = { graphs: [], budgetTokens: 4000, seeds: 2, backend: 'auto' };
const na: Measure = { value: null, baseline: null, higherIsBetter: true, note: 'not a language model' };
const result = (graph: string, seed: number): RunResult => ({
  graph,
  name: graph,
  seed,
  steps: 4,
  tokensPerStep: 1000,
  losses: [4, 3.5, 3.2, 3],
  valLoss: 3.1,
  measures: { generation: { value: 4.5, baseline: 4.4, higherIsBetter: false }, infillChars: na, infillExact: na, probe: na, retrieval: na, imageToCaption: na, captionToImage: na },
  seconds: 10,
});
const plan: CompareRunEvent = {
  event: 'plan',
  runs: [
    { key: '01-a-seed1', graph: 'a', seed: 1, steps: 4 },
    { key: '01-a-seed2', graph: 'a', seed: 2, steps: 4 },
    { key: '02-b-seed1', graph: 'b', seed: 1, steps: 2 },
  ],
};
const firstRun: CompareRunEvent[] = [
  { event: 'run', index: 0, key: '01-a-seed1', graph: 'a', seed: 1, steps: 4, resumed: false, stored: false },
  { event: 'train', index: 0, step: 4, steps: 4, loss: 3, etaSeconds: 0 },
  { event: 'measure', index: 0, yardstick: 'generation' },
];

/** events at the given seconds since the start */
function at(events: [number, CompareRunEvent[]][]) {
  let s = beginCompare('c', settings, 0);
  for (const [t, es] of events) s = applyCompareEvents(s, es, t * 1000);
  return s;
}

describe('the compare state', () => {
  it('follows the plan run by run: training, measuring, measured', () => {
    const s = at([
      [0, [{ event: 'backend', backend: 'wasm', tried: [] }, plan]],
      [0, firstRun.slice(0, 1)],
      [20, firstRun.slice(1)],
      [30, [{ event: 'result', index: 0, result: result('a', 1) }]],
      [30, [{ event: 'run', index: 1, key: '01-a-seed2', graph: 'a', seed: 2, steps: 4, resumed: false, stored: false }]],
      [35, [{ event: 'train', index: 1, step: 1, steps: 4, loss: 4, etaSeconds: 15 }]],
    ]);
    expect(s.status).toBe('running');
    expect(s.runs.map((r) => r.phase)).toEqual(['measured', 'training', 'waiting']);
    expect(measuredRuns(s).map((r) => r.seed)).toEqual([1]);
    // run 1 trained 20 s of its 30: a quarter of run 2's training is 2/3 of a quarter of a run done;
    // run 2: its 15 s of training + 10 s measuring (as run 1's); run 3, another graph: as run 1 took (30 s)
    expect(compareProgress(s, 35_000)).toEqual({ measured: 1, total: 3, fraction: (1 + (20 / 30) * (1 / 4)) / 3, etaSeconds: 15 + 10 + 30, includesMeasuring: true });
  });

  it('goes on past a failed run: it and its left-out seeds are over, the failure is listed, and Continue tries them again', () => {
    const s = at([
      [0, [{ event: 'backend', backend: 'wasm', tried: [] }, plan, ...firstRun.slice(0, 2)]],
      [5, [{ event: 'failed', index: 0, graph: 'a', graphName: 'A', seed: 1, during: 'training', nodeId: 'decoder', message: 'the loss became NaN at step 4', skipped: [1] }]],
      [5, [{ event: 'run', index: 2, key: '02-b-seed1', graph: 'b', seed: 1, steps: 2, resumed: false, stored: false }]],
      [9, [{ event: 'result', index: 2, result: result('b', 1) }, { event: 'done', stopped: false }]],
    ]);
    expect(s.status).toBe('done');
    expect(s.runs.map((r) => r.phase)).toEqual(['failed', 'skipped', 'measured']);
    expect(s.runFailures).toEqual([{ during: 'training', graph: 'a', graphName: 'A', nodeId: 'decoder', message: 'the loss became NaN at step 4' }]);
    expect(compareProgress(s, 9_000)).toMatchObject({ fraction: 1, etaSeconds: 0 });
    expect(canContinue(s)).toBe(true);
    const again = beginCompare('c', settings, 10_000, s);
    expect(again.runs.map((r) => r.phase)).toEqual(['waiting', 'waiting', 'measured']);
    expect(again.runFailures).toEqual([]);
    // done with nothing failed: nothing to continue
    expect(canContinue(at([[0, [plan, { event: 'done', stopped: false }]]]))).toBe(false);
  });

  it('before any run is measured, estimates training alone and says so', () => {
    const s = at([
      [0, [plan, ...firstRun.slice(0, 1)]],
      [10, [{ event: 'train', index: 0, step: 2, steps: 4, loss: 3.5, etaSeconds: 10 }]],
    ]);
    // the current run trains 20 s in all: 10 left, then two more runs like it
    expect(compareProgress(s, 10_000)).toMatchObject({ etaSeconds: 10 + 20 + 20, includesMeasuring: false });
    // measuring it: its training took 20 s, the two runs after it take as long (measuring not timed yet)
    const measuring = applyCompareEvents(s, [{ event: 'measure', index: 0, yardstick: 'generation' }], 20_000);
    expect(compareProgress(measuring, 25_000)).toMatchObject({ etaSeconds: 20 + 20, includesMeasuring: false });
  });

  it('a failure names the graph and marks its run; measured runs stay, and the compare can go on', () => {
    const s = at([
      [0, [plan, ...firstRun]],
      [5, [{ event: 'result', index: 0, result: result('a', 1) }]],
      [5, [{ event: 'run', index: 1, key: '01-a-seed2', graph: 'a', seed: 2, steps: 4, resumed: false, stored: false }]],
      [6, [{ event: 'error', graph: 'a', graphName: 'A', nodeId: 'decoder', message: 'the loss became NaN at step 1' }]],
    ]);
    expect(s.status).toBe('failed');
    expect(s.failure).toEqual({ during: 'training', graph: 'a', graphName: 'A', nodeId: 'decoder', message: 'the loss became NaN at step 1' });
    expect(s.runs.map((r) => r.phase)).toEqual(['measured', 'failed', 'waiting']);
    expect(canContinue(s)).toBe(true);
    // going on: the measured run is kept, the others wait
    const again = beginCompare('c', settings, 10_000, s);
    expect(again.runs.map((r) => r.phase)).toEqual(['measured', 'waiting', 'waiting']);
    expect(Object.keys(again.results)).toEqual(['01-a-seed1']);
    // a new compare starts empty
    expect(beginCompare('d', settings, 10_000, s).results).toEqual({});
  });

  it('a stored run, given back when going on, counts as measured but not as timed', () => {
    const s = at([[0, [plan, { event: 'run', index: 0, key: '01-a-seed1', graph: 'a', seed: 1, steps: 4, resumed: false, stored: true }, { event: 'result', index: 0, result: result('a', 1) }]]]);
    expect(s.runs[0]).toMatchObject({ phase: 'measured', kept: true });
    expect(compareProgress(s, 0)).toMatchObject({ measured: 1, etaSeconds: null });
  });

  it('a page closed mid-compare reopens interrupted, its run cut short waiting', () => {
    const s = reopened(at([[0, [plan, ...firstRun.slice(0, 2)]]]));
    expect(s.status).toBe('interrupted');
    expect(s.runs[0]!.phase).toBe('waiting');
    expect(reopened(idleCompare())).toEqual(idleCompare());
  });

  it('a stop ends as stopped, a crash as crashed with its message', () => {
    expect(at([[0, [plan, ...firstRun.slice(0, 2), { event: 'done', stopped: true }]]]).status).toBe('stopped');
    const crashed = at([[0, [plan, { event: 'crash', message: 'the training worker crashed: out of memory' }]]]);
    expect(crashed).toMatchObject({ status: 'crashed', failure: { message: 'the training worker crashed: out of memory' } });
  });
});
