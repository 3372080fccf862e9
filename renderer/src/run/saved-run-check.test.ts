import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../../engine/core/serialize.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { createAppRunSource } from '../../worker/app-run-source.js';
import { savedRunBlock } from './saved-run-check.js';

const registry = createRegistry();
const continued = parseGraph(readFileSync('samples/continued-pretraining.graph.json', 'utf8'));
const withRun = (run: string) => ({ ...continued, nodes: continued.nodes.map((n) => (n.id === 'checkpoint' ? { ...n, params: { ...n.params, run } } : n)) });

describe('continued pretraining in the app', () => {
  it('is blocked before Run while its checkpoint node names a run folder by path, with what to do instead', () => {
    expect(savedRunBlock(continued, registry)).toMatch(/^Node checkpoint starts from "runs\/masked-lm" is a run folder on disk, which the app cannot read by its path: .*pick a run trained in the app or open that folder/);
    expect(savedRunBlock(withRun('app-run:run-abc'), registry)).toBeNull();
    expect(savedRunBlock(parseGraph(readFileSync('samples/masked-lm.graph.json', 'utf8')), registry)).toBeNull();
  });

  it("reads the app's runs by id, and says so plainly for a path or a run that is gone", async () => {
    const manifest = { format: 'pretrain-lab/checkpoint', version: 1, step: 7, totalSteps: 9, backend: 'wasm', graph: { ...continued, name: 'MLM' }, sourceStates: { tokenizer: { x: 1 } }, variables: [{ name: 'embed/table', shape: [2] }], optimizer: { updates: 7 } } as never;
    const source = createAppRunSource(async (id) => (id === 'run-1' ? { manifest, values: new Float32Array([1, 2, 0, 0, 0, 0]) } : null));
    const saved = await source.loadRun('app-run:run-1');
    expect(saved).toMatchObject({ step: 7, sourceStates: { tokenizer: { x: 1 } } });
    expect(saved.variables).toEqual([{ name: 'embed/table', shape: [2], values: new Float32Array([1, 2]) }]);
    await expect(source.loadRun('runs/masked-lm')).rejects.toThrow(/"runs\/masked-lm" is a run folder on disk/);
    await expect(source.loadRun('app-run:run-2')).rejects.toThrow(/the app has no checkpoint of run run-2/);
  });
});
