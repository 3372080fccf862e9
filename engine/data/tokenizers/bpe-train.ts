import { BYTE_TO_CHAR, preTokenize, utf8 } from './byte-level.js';
import { MinHeap } from './heap.js';

export interface LearnedBpe {
  /** byte-level spellings: the 256 bytes in byte order, then each new token in the order learned */
  tokens: string[];
  /** in the order learned, which is also the order encoding applies them in */
  merges: [string, string][];
}

/** How often each pre-token occurs: BPE learns from these counts, not from the running text. */
export function countWords(pieces: Iterable<string>, counts = new Map<string, number>()): Map<string, number> {
  for (const piece of pieces) {
    for (const word of preTokenize(piece)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/**
 * Learn merges until there are `size` tokens (or no adjacent pair is left): each step merges the
 * most frequent adjacent pair, counted over distinct words weighted by their frequency.
 *
 * Pair counts are updated incrementally: a merge only revisits the words that contain the pair
 * (indexed per pair), so a step costs what it changes rather than a pass over the corpus. A heap
 * finds the best pair; entries are never removed, just skipped when their count is out of date.
 * Ties go to the pair with the smaller ids (left, then right), so training is deterministic.
 */
export function learnMerges(
  wordCounts: ReadonlyMap<string, number>,
  size: number,
  onProgress?: (done: number, total: number) => void,
): LearnedBpe {
  const tokens = [...BYTE_TO_CHAR];
  const idOf = new Map(tokens.map((t, i) => [t, i]));
  const merges: [string, string][] = [];
  const S = Math.max(size, 256); // ids stay below it, so a*S+b names a pair
  const words: Int32Array[] = [];
  const freq: number[] = [];
  for (const [word, f] of wordCounts) {
    const bytes = utf8(word);
    if (bytes.length > 1) {
      words.push(Int32Array.from(bytes));
      freq.push(f);
    }
  }

  const count = new Map<number, number>();
  const where = new Map<number, number[]>();
  const index = (key: number, w: number) => {
    const list = where.get(key);
    if (list) list.push(w);
    else where.set(key, [w]);
  };
  words.forEach((word, w) => {
    for (let i = 0; i + 1 < word.length; i++) {
      const key = word[i]! * S + word[i + 1]!;
      count.set(key, (count.get(key) ?? 0) + freq[w]!);
      index(key, w);
    }
  });
  type Entry = [count: number, key: number];
  const heap = new MinHeap<Entry>((x, y) => x[0] > y[0] || (x[0] === y[0] && x[1] < y[1]));
  for (const [key, c] of count) heap.push([c, key]);

  // A pair merged once can come back when a later merge rebuilds one of its halves (two merges
  // may spell the same token); it is merged again without a second entry in the merges list.
  const mergedInto = new Map<number, number>();
  const visited = new Int32Array(words.length).fill(-1);
  const total = size - 256;
  const every = Math.max(1, Math.floor(total / 20));
  for (let step = 0; tokens.length < size; step++) {
    const top = heap.pop();
    if (!top) break;
    const [c, key] = top;
    if (count.get(key) !== c) continue;
    const a = Math.floor(key / S);
    const b = key % S;
    let id = mergedInto.get(key);
    if (id === undefined) {
      const spelling = tokens[a]! + tokens[b]!;
      id = idOf.get(spelling);
      if (id === undefined) {
        id = tokens.length;
        tokens.push(spelling);
        idOf.set(spelling, id);
      }
      merges.push([tokens[a]!, tokens[b]!]);
      mergedInto.set(key, id);
      if (onProgress && merges.length % every === 0) onProgress(tokens.length - 256, total);
    }

    const delta = new Map<number, number>();
    const add = (k: number, d: number) => delta.set(k, (delta.get(k) ?? 0) + d);
    const list = where.get(key) ?? [];
    where.delete(key);
    for (const w of list) {
      if (visited[w] === step) continue; // a word is listed once per occurrence of the pair
      visited[w] = step;
      const old = words[w]!;
      const next = mergePair(old, a, b, id);
      if (next === old) continue; // stale entry: an earlier merge already consumed the pair here
      const f = freq[w]!;
      for (let i = 0; i + 1 < old.length; i++) add(old[i]! * S + old[i + 1]!, -f);
      for (let i = 0; i + 1 < next.length; i++) {
        const k = next[i]! * S + next[i + 1]!;
        add(k, f);
        if (next[i] === id || next[i + 1] === id) index(k, w);
      }
      words[w] = next;
    }
    for (const [k, d] of delta) {
      if (d === 0) continue;
      const n = (count.get(k) ?? 0) + d;
      if (n > 0) {
        count.set(k, n);
        heap.push([n, k]);
      } else count.delete(k);
    }
  }
  return { tokens, merges };
}

/** `word` with every (a, b) replaced by `id`, left to right; the same array when none occurs. */
function mergePair(word: Int32Array, a: number, b: number, id: number): Int32Array {
  let out: Int32Array | null = null;
  let n = 0;
  for (let i = 0; i < word.length; ) {
    if (i + 1 < word.length && word[i] === a && word[i + 1] === b) {
      if (!out) {
        out = new Int32Array(word.length - 1);
        out.set(word.subarray(0, i));
        n = i;
      }
      out[n++] = id;
      i += 2;
    } else {
      if (out) out[n++] = word[i]!;
      i++;
    }
  }
  return out ? out.slice(0, n) : word;
}
