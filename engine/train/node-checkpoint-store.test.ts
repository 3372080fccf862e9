import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../core/safetensors.js';
import { CHECKPOINT_FORMAT, type Checkpoint } from './checkpoint.js';
import { DirectoryCheckpointStore } from './node-checkpoint-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ckpt-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a checkpoint folder', () => {
  it('holds the weights as safetensors by their engine names too, without the optimizer moments', async () => {
    const variables = [
      { name: 'embed/table', shape: [2, 3] },
      { name: 'decoder/lnFinal.gamma', shape: [3] },
    ];
    // weights (9 values), then m and v (9 each)
    const values = Float32Array.from({ length: 27 }, (_, i) => i + 0.5);
    const ckpt: Checkpoint = {
      manifest: { format: CHECKPOINT_FORMAT, version: 1, step: 3, totalSteps: 3, backend: 'cpu', graph: { format: 'pretrain-lab/graph', version: 1, name: 't', seed: 1, nodes: [], edges: [], notes: [], layout: {} } as never, sourceStates: {}, variables, optimizer: { updates: 3 } },
      values,
    };
    const folder = await new DirectoryCheckpointStore(dir).save(ckpt);
    const saved = decodeSafetensors(readFileSync(join(folder, 'weights.safetensors')));
    expect(Object.keys(saved)).toEqual(['embed/table', 'decoder/lnFinal.gamma']);
    expect([...saved['embed/table']!.data]).toEqual([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
    expect(saved['decoder/lnFinal.gamma']).toEqual({ dtype: 'float32', shape: [3], data: Float32Array.from([6.5, 7.5, 8.5]) });
  });
});
