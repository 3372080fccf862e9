import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseGraph } from '../../engine/core/serialize.js';
import { fromWorkerMessage, parseFromWorker, parseToWorker, toWorkerMessage } from './protocol.js';

const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));

const na = { value: null, baseline: null, higherIsBetter: true, note: 'not a language model' };
const result = {
  graph: 'samples/causal-lm.graph.json',
  name: doc.name,
  seed: 1,
  steps: 4,
  tokensPerStep: 1040,
  losses: [4.5, 3.9, NaN, 3.5],
  valLoss: 3.6,
  measures: { generation: { value: 5.1, baseline: 4.5, higherIsBetter: false, items: 256 }, infillChars: na, infillExact: na, probe: { value: 0.12, baseline: 0.16, randomInit: 0.15, higherIsBetter: true }, retrieval: na, imageToCaption: na, captionToImage: na },
  seconds: 21,
};

const errorOf = (r: { ok: boolean; error?: string }) => (r.ok ? 'accepted' : r.error);

describe('the training-worker protocol', () => {
  it('accepts every well-formed UI-to-worker message', () => {
    const good = [
      toWorkerMessage('start', { runId: 'run-1', doc, backend: 'auto', resume: false }),
      toWorkerMessage('start', { runId: 'run-1', doc, backend: 'wasm', steps: 20, resume: true }),
      toWorkerMessage('stop', { runId: 'run-1' }),
      toWorkerMessage('preview', { requestId: 3, doc, nodeId: 'shift' }),
      toWorkerMessage('registerUserFiles', { files: { 'notes.txt': 'hello', 'book/a.md': '' } }),
      toWorkerMessage('compare', { compareId: 'c-1', graphs: [{ source: 'samples/causal-lm.graph.json', doc }], budgetTokens: 4000, seeds: 2, backend: 'auto', completed: { '01-a-seed1': result } }),
    ];
    for (const m of good) {
      const r = parseToWorker(structuredClone(m));
      expect(errorOf(r), m.type).toBe('accepted');
      expect(r.ok && r.message.type).toBe(m.type);
    }
  });

  it('accepts every well-formed worker-to-UI message, typed arrays, NaN losses and all', () => {
    const good = [
      fromWorkerMessage('event', {
        runId: 'run-1',
        final: false,
        events: [
          { event: 'backend', backend: 'webgl', tried: [{ backend: 'webgpu', error: 'no adapter' }] },
          { event: 'progress', message: 'corpus: loading' },
          { event: 'start', step: 0, totalSteps: 20, backend: 'webgl', parameters: 100, tokensPerBatch: 64 },
          { event: 'step', step: 1, loss: 4.2, lr: 1e-3, gradNorm: 1, tokensPerSec: 1000, etaSeconds: 3 },
          { event: 'eval', step: 10, valLoss: 3.9, metrics: { accuracy: 0.1 } },
          { event: 'output', step: 10, nodeId: 'sample', output: { kind: 'table', title: 'Fill', columns: ['a'], rows: [['x', 1]] } },
          { event: 'checkpoint', step: 10, path: 'indexeddb:run-1/ckpt-0000010' },
        ],
      }),
      fromWorkerMessage('event', {
        runId: 'run-1',
        final: true,
        events: [{ event: 'error', step: 3, nodeId: 'decoder', port: 'hidden', message: 'the loss became NaN at step 3', nonFinite: { nodeId: 'decoder', port: 'hidden', kind: 'output' } }],
      }),
      fromWorkerMessage('event', { runId: 'run-1', final: true, events: [{ event: 'step', step: 2, loss: NaN, lr: 0, gradNorm: Infinity, tokensPerSec: 0, etaSeconds: 0 }] }),
      fromWorkerMessage('event', { runId: 'run-1', final: true, events: [] }),
      fromWorkerMessage('previewResult', {
        requestId: 0,
        result: {
          nodeId: 'masking',
          outputs: {
            inputs: { kind: 'tensor', role: 'token-ids', tensor: { dtype: 'int32', shape: [1, 2], data: new Int32Array([4, 5]) }, tokens: [['a', 'b']] },
            weights: { kind: 'tensor', role: 'loss-weights', tensor: { dtype: 'float32', shape: [2], data: new Float32Array([0, 1]) } },
            text: { kind: 'text', text: 'Call me' },
            tokens: { kind: 'tokens', tokens: [{ id: 3, text: 'C' }] },
          },
        },
      }),
      fromWorkerMessage('requestError', { requestId: 1, message: 'no such node', nodeId: null }),
      fromWorkerMessage('fatal', { message: 'out of memory' }),
      fromWorkerMessage('compareEvent', {
        compareId: 'c-1',
        final: true,
        events: [
          { event: 'backend', backend: 'wasm', tried: [] },
          { event: 'plan', runs: [{ key: '01-a-seed1', graph: 'samples/causal-lm.graph.json', seed: 1, steps: 4 }] },
          { event: 'run', index: 0, key: '01-a-seed1', graph: 'samples/causal-lm.graph.json', seed: 1, steps: 4, resumed: false, stored: false },
          { event: 'train', index: 0, step: 1, steps: 4, loss: NaN, etaSeconds: 3 },
          { event: 'measure', index: 0, yardstick: 'linear probe' },
          { event: 'result', index: 0, result },
          { event: 'error', graph: 'b.graph.json', graphName: 'B', nodeId: 'decoder', message: 'the loss became NaN at step 1' },
          { event: 'done', stopped: true },
          { event: 'crash', message: 'out of memory' },
        ],
      }),
    ];
    for (const m of good) expect(errorOf(parseFromWorker(structuredClone(m))), m.type).toBe('accepted');
  });

  it('rejects malformed messages with a message naming the field', () => {
    const cases: [unknown, string][] = [
      [null, 'a UI-to-worker message must be an object with "type" and "payload", got null'],
      ['start', 'must be an object with "type" and "payload", got "start"'],
      [{ payload: {} }, 'field "type" = nothing; expected one of start, stop, compare, preview, exportPytorch, registerUserFiles'],
      [{ type: 'train', payload: {} }, 'field "type" = "train"; expected one of start, stop, compare, preview, exportPytorch, registerUserFiles'],
      [{ type: 'stop', payload: { runId: 'a' }, extra: 1 }, 'unexpected field "extra"'],
      [{ type: 'stop', payload: {} }, 'the UI-to-worker message "stop" is malformed: field "payload.runId"'],
      [{ type: 'stop', payload: { runId: 7 } }, 'field "payload.runId": Invalid input: expected string, received number'],
      [{ type: 'start', payload: { runId: 'r', doc, backend: 'tpu', resume: false } }, 'field "payload.backend"'],
      [{ type: 'start', payload: { runId: 'r', doc, backend: 'wasm', steps: -1, resume: false } }, 'field "payload.steps"'],
      [{ type: 'start', payload: { runId: 'r', doc, backend: 'wasm' } }, 'field "payload.resume"'],
      [{ type: 'start', payload: { runId: 'r', doc: { ...doc, nodes: [{ id: 'bad id', type: 'x', params: {} }] }, backend: 'wasm', resume: false } }, 'field "payload.doc.nodes.0.id"'],
      [{ type: 'preview', payload: { requestId: 1, doc, nodeId: '' } }, 'field "payload.nodeId"'],
      [{ type: 'registerUserFiles', payload: { files: { 'a.txt': 5 } } }, 'field "payload.files.a.txt"'],
      [{ type: 'compare', payload: { compareId: 'c', graphs: [], budgetTokens: 10, seeds: 1, backend: 'wasm', completed: {} } }, 'field "payload.graphs": give at least one graph to compare'],
      [{ type: 'compare', payload: { compareId: 'c', graphs: [{ source: 'a', doc }], budgetTokens: 0, seeds: 1, backend: 'wasm', completed: {} } }, 'field "payload.budgetTokens"'],
      [{ type: 'compare', payload: { compareId: 'c', graphs: [{ source: 'a', doc }], budgetTokens: 10, seeds: 1, backend: 'tensorflow', completed: {} } }, 'field "payload.backend"'],
      [{ type: 'compare', payload: { compareId: 'c', graphs: [{ source: 'a', doc }], budgetTokens: 10, seeds: 1, backend: 'wasm', completed: { k: { ...result, measures: {} } } } }, 'field "payload.completed.k.measures.generation"'],
    ];
    for (const [raw, want] of cases) expect(errorOf(parseToWorker(raw)), JSON.stringify(raw)?.slice(0, 80)).toContain(want);
  });

  it('rejects malformed worker messages down to a field inside an event or a tensor', () => {
    const event = (e: unknown) => ({ type: 'event', payload: { runId: 'r', final: false, events: [e] } });
    const tensor = (t: unknown) => ({ type: 'previewResult', payload: { requestId: 0, result: { nodeId: 'n', outputs: { x: { kind: 'tensor', role: 'token-ids', tensor: t } } } } });
    const cases: [unknown, string][] = [
      [event({ event: 'step', step: 1, loss: '4.2', lr: 0, gradNorm: 0, tokensPerSec: 0, etaSeconds: 0 }), 'field "payload.events.0.loss"'],
      [event({ event: 'teleport' }), 'field "payload.events.0.event"'],
      [event({ event: 'done', step: 1, valLoss: 1, metrics: {}, backend: 'wasm', checkpoint: null }), 'field "payload.events.0.stopped"'],
      [tensor({ dtype: 'int32', shape: [2], data: new Float32Array(2) }), 'field "payload.result.outputs.x.tensor.data": data must be an Int32Array for int32'],
      [tensor({ dtype: 'int32', shape: [3], data: new Int32Array(2) }), 'data does not hold as many values as the shape says'],
      [tensor({ dtype: 'int32', shape: [2], data: [1, 2] }), 'field "payload.result.outputs.x.tensor.data": must be an Int32Array or a Float32Array'],
      [{ type: 'fatal', payload: {} }, 'the worker-to-UI message "fatal" is malformed: field "payload.message"'],
    ];
    for (const [raw, want] of cases) expect(errorOf(parseFromWorker(raw))).toContain(want);
  });

  it('keeps the run or request a malformed message named, so its error can go there', () => {
    expect(parseToWorker({ type: 'start', payload: { runId: 'run-9', backend: 'wasm' } })).toMatchObject({ ok: false, runId: 'run-9' });
    expect(parseToWorker({ type: 'preview', payload: { requestId: 4 } })).toMatchObject({ ok: false, requestId: 4 });
    expect(parseToWorker({ type: 'compare', payload: { compareId: 'c-2' } })).toMatchObject({ ok: false, compareId: 'c-2' });
    expect(parseToWorker({ type: 'nope' })).toEqual({ ok: false, error: expect.any(String) });
  });
});
