import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';

/** Ids a random replacement may draw: every token that is not special. */
function ordinaryIds(vocab: Vocabulary): Int32Array {
  const special = new Set<number>([...vocab.special.sentinels]);
  for (const [name, id] of Object.entries(vocab.special)) if (name !== 'sentinels' && typeof id === 'number') special.add(id);
  return Int32Array.from({ length: vocab.size }, (_, i) => i).filter((i) => !special.has(i));
}

/** Pick `rate` of the ordinary tokens; make most [MASK], some random, leave the rest; weight 1 where picked. */
export function bertMasking(
  p: { rate: number; maskFraction: number; randomFraction: number },
  ids: HostTensor,
  vocab: Vocabulary,
  rng: Rng,
): { inputs: HostTensor; targets: HostTensor; weights: HostTensor } {
  const ordinary = ordinaryIds(vocab);
  const maskId = vocab.special.mask!;
  const src = ids.data as Int32Array;
  const x = hostInt(ids.shape, Int32Array.from(src));
  const y = hostInt(ids.shape, Int32Array.from(src));
  const w = hostFloat(ids.shape);
  const xd = x.data as Int32Array;
  const isSpecial = new Uint8Array(vocab.size);
  isSpecial.fill(1);
  for (const id of ordinary) isSpecial[id] = 0;
  for (let i = 0; i < src.length; i++) {
    // Special tokens (padding, separators) are structure, not content to predict.
    if (isSpecial[src[i]!] || rng.next() >= p.rate) continue;
    w.data[i] = 1;
    const r = rng.next();
    if (r < p.maskFraction) xd[i] = maskId;
    else if (r < p.maskFraction + p.randomFraction) xd[i] = ordinary[rng.int(ordinary.length)]!;
  }
  return { inputs: x, targets: y, weights: w };
}
