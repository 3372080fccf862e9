import { describe, expect, it } from 'vitest';
import { bertMaskingNode } from './bert-masking.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import type { BatchNode } from '../../engine/registry/define-node.js';

// A small real vocabulary: 0 = [PAD], 1 = [MASK], 2.. = letters.
const vocab: Vocabulary = {
  kind: 'test',
  size: 30,
  special: { pad: 0, mask: 1, sentinels: [] },
  specialTokens: ['[PAD]', '[MASK]'],
  encode: (t) => [...t].map((c) => c.charCodeAt(0) - 95),
  decode: (ids) => ids.map((i) => String.fromCharCode(i + 95)).join(''),
  idToToken: (i) => String(i),
  toJSON: () => ({}),
};

const def = bertMaskingNode as BatchNode<ReturnType<typeof bertMaskingNode.params.parse>>;

function run(params: object, ids: Int32Array, seed = 1) {
  const p = def.params.parse(params);
  const ports = { ids: { type: { dtype: 'int32' as const, shape: ['B', 64], role: 'token-ids' as const, vocab: 30 }, vocabulary: vocab } };
  return def.batch({ nodeId: 'm', params: p, inputs: { ids: hostInt([ids.length / 64, 64], ids) }, ports, split: 'train', rng: makeRng(seed) });
}

describe('BERT masking', () => {
  const N = 64 * 2000;
  const ids = Int32Array.from({ length: N }, (_, i) => 2 + (i % 28));
  const out = run({}, ids);
  const w = out.weights!.data;
  const x = out.inputs!.data;
  const y = out.targets!.data;

  it('picks about 15% of positions (within 4 standard deviations)', () => {
    let picked = 0;
    for (const v of w) picked += v;
    const sd = Math.sqrt(N * 0.15 * 0.85);
    expect(Math.abs(picked - N * 0.15)).toBeLessThan(4 * sd);
  });

  it('splits the picked positions 80/10/10 into [MASK] / random / unchanged', () => {
    let mask = 0, changed = 0, same = 0, picked = 0;
    for (let i = 0; i < N; i++) {
      if (!w[i]) {
        expect(x[i]).toBe(ids[i]);
        continue;
      }
      picked++;
      if (x[i] === 1) mask++;
      else if (x[i] !== ids[i]) changed++;
      else same++;
    }
    // A random replacement can draw the original token (1 in 28): it then counts as unchanged.
    const expect80 = picked * 0.8, expectRandom = picked * 0.1 * (27 / 28), expectSame = picked * (0.1 + 0.1 / 28);
    for (const [got, want] of [[mask, expect80], [changed, expectRandom], [same, expectSame]] as const) {
      expect(Math.abs(got - want)).toBeLessThan(4 * Math.sqrt(want));
    }
  });

  it('targets are the original tokens and random replacements are never special', () => {
    expect(Array.from(y)).toEqual(Array.from(ids));
    for (let i = 0; i < N; i++) if (w[i] && x[i] !== 1) expect(x[i]).toBeGreaterThanOrEqual(2);
  });

  it('never picks special tokens, and is reproducible from the seed', () => {
    const withPad = Int32Array.from({ length: 64 * 100 }, (_, i) => (i % 2 ? 0 : 5));
    const o = run({ rate: 0.5 }, withPad);
    for (let i = 0; i < withPad.length; i++) if (withPad[i] === 0) expect(o.weights!.data[i]).toBe(0);
    expect(Array.from(run({}, ids, 7).inputs!.data)).toEqual(Array.from(run({}, ids, 7).inputs!.data));
    expect(Array.from(run({}, ids, 7).inputs!.data)).not.toEqual(Array.from(run({}, ids, 8).inputs!.data));
  });

  it('refuses fractions that add up to more than 1, and a vocabulary without [MASK]', () => {
    expect(def.params.safeParse({ maskFraction: 0.9, randomFraction: 0.2 }).success).toBe(false);
    const noMask = { ...vocab, special: { sentinels: [] } };
    expect(() => def.prepare!({ nodeId: 'm', params: def.params.parse({}), ports: { ids: { type: { dtype: 'int32', shape: ['B', 64], role: 'token-ids' }, vocabulary: noMask } } })).toThrow(/\[MASK\]/);
  });
});
