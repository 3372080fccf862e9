import type { SpecialIds, SpecialName, Vocabulary } from '../../core/vocabulary.js';
import { bytesOfToken, preTokenize, utf8 } from './byte-level.js';
import { countWords, learnMerges } from './bpe-train.js';
import { MinHeap } from './heap.js';
import { toTokenizerJson, tokenizerConfigJson, type BpeModelData, type HfTokenizerJson } from './hf-tokenizer-json.js';
import { specialIdsOf, specialSpellings, splitPresentSpecials } from './specials.js';

export interface BpeTrainOptions {
  /** total size: the 256 byte tokens, the special tokens and the learned merges */
  vocabSize: number;
  specialTokens: readonly SpecialName[];
  sentinels: number;
  onProgress?(learned: number, total: number): void;
}

const RANK_SCALE = 2 ** 32; // heap priority = rank * RANK_SCALE + position
const CACHE_LIMIT = 100_000;
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Byte-level BPE as in GPT-2: text -> special tokens split off -> GPT-2 pre-tokens -> UTF-8
 * bytes -> merges applied lowest rank first (leftmost on ties). That is the rule Hugging Face's
 * tokenizers apply to the same tokenizer.json, so both give the same ids.
 *
 * Ids: special tokens (0..k-1), the 256 bytes, then the merged tokens in the order learned.
 */
export class BpeVocabulary implements Vocabulary {
  readonly kind = 'bpe';
  readonly special: SpecialIds;
  readonly specialTokens: readonly string[];
  private readonly model: BpeModelData;
  private readonly addedIds = new Map<string, number>();
  /** a token's bytes; null for special tokens, which decode as their spelling */
  private readonly bytes: (Uint8Array | null)[];
  private readonly byteIds = new Int32Array(256);
  private readonly ranks = new Map<number, number>();
  private readonly mergedIds: Int32Array;
  private readonly cache = new Map<string, number[]>();

  constructor(model: BpeModelData) {
    this.model = model;
    for (const { content, id } of model.added) this.addedIds.set(content, id);
    this.specialTokens = model.added.map((a) => a.content);
    this.special = specialIdsOf(model.added);
    const idOf = new Map<string, number>();
    this.bytes = model.tokens.map((t, id) => {
      if (this.addedIds.get(t) === id) return null;
      const b = bytesOfToken(t);
      if (!b) throw new Error(`token ${JSON.stringify(t)} (id ${id}) is not a byte-level token`);
      if (idOf.has(t)) throw new Error(`the vocabulary lists ${JSON.stringify(t)} twice`);
      idOf.set(t, id);
      return b;
    });
    this.byteIds.fill(-1);
    this.bytes.forEach((b, id) => {
      if (b?.length === 1) this.byteIds[b[0]!] = id;
    });
    const missing = this.byteIds.indexOf(-1);
    if (missing >= 0) throw new Error(`the vocabulary has no token for byte ${missing}, so some text could not be encoded`);
    this.mergedIds = new Int32Array(model.merges.length);
    model.merges.forEach(([a, b], rank) => {
      const [l, r, m] = [idOf.get(a), idOf.get(b), idOf.get(a + b)];
      if (l === undefined || r === undefined || m === undefined) {
        throw new Error(`merge "${a} ${b}" uses or makes a token that is not in the vocabulary`);
      }
      // a repeated merge keeps its last rank, as Hugging Face's loaders do
      this.ranks.set(l * this.size + r, rank);
      this.mergedIds[rank] = m;
    });
  }

  /** Learn a vocabulary from `text` (its special tokens excluded from the counts). */
  static train(text: string, o: BpeTrainOptions): BpeVocabulary {
    const specials = specialSpellings(o.specialTokens, o.sentinels);
    const budget = o.vocabSize - specials.length;
    if (budget < 256) {
      throw new Error(`vocabSize ${o.vocabSize} leaves no room: 256 byte tokens and ${specials.length} special tokens need at least ${256 + specials.length}`);
    }
    const plain = splitPresentSpecials(text, specials).filter((p) => !p.special).map((p) => p.text);
    const learned = learnMerges(countWords(plain), budget, o.onProgress);
    return new BpeVocabulary({
      tokens: [...specials, ...learned.tokens],
      merges: learned.merges,
      added: specials.map((content, id) => ({ id, content })),
    });
  }


  get size(): number {
    return this.model.tokens.length;
  }

  get mergeCount(): number {
    return this.model.merges.length;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const piece of splitPresentSpecials(text, this.specialTokens)) {
      if (piece.special) {
        out.push(this.addedIds.get(piece.text)!);
        continue;
      }
      for (const word of preTokenize(piece.text)) {
        let ids = this.cache.get(word);
        if (!ids) {
          ids = this.encodeWord(word);
          // a corpus repeats a few ten thousand words; a bound keeps odd input from hoarding memory
          if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
          this.cache.set(word, ids);
        }
        for (const id of ids) out.push(id);
      }
    }
    return out;
  }

  /** Merge lowest rank first, leftmost on ties, in O(n log n) so long words stay cheap. */
  private encodeWord(word: string): number[] {
    const bytes = utf8(word);
    const n = bytes.length;
    const sym = Array.from(bytes, (b) => this.byteIds[b]!);
    const next = Array.from(bytes, (_, i) => (i + 1 < n ? i + 1 : -1));
    const prev = Array.from(bytes, (_, i) => i - 1);
    const heap = new MinHeap<number>((x, y) => x < y);
    const consider = (i: number) => {
      const rank = this.ranks.get(sym[i]! * this.size + sym[next[i]!]!);
      if (rank !== undefined) heap.push(rank * RANK_SCALE + i);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    while (heap.size > 0) {
      const p = heap.pop()!;
      const rank = Math.floor(p / RANK_SCALE);
      const i = p - rank * RANK_SCALE;
      const j = next[i]!;
      // skip entries made stale by earlier merges: the pair at i is no longer this one
      if (sym[i]! < 0 || j < 0 || this.ranks.get(sym[i]! * this.size + sym[j]!) !== rank) continue;
      sym[i] = this.mergedIds[rank]!;
      sym[j] = -1;
      next[i] = next[j]!;
      if (next[i]! >= 0) prev[next[i]!] = i;
      if (prev[i]! >= 0) consider(prev[i]!);
      if (next[i]! >= 0) consider(i);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i]!) out.push(sym[i]!);
    return out;
  }

  decode(ids: readonly number[]): string {
    let text = '';
    let run: number[] = [];
    const flush = () => {
      if (run.length) text += decoder.decode(Uint8Array.from(run));
      run = [];
    };
    for (const id of ids) {
      const b = this.bytesOf(id);
      if (b === null) {
        flush();
        text += this.model.tokens[id];
      } else for (const x of b) run.push(x);
    }
    flush();
    return text;
  }

  /** The token's text (" the", not GPT-2's "Ġthe"); a piece of a multi-byte character shows as U+FFFD. */
  idToToken(id: number): string {
    const b = this.bytesOf(id);
    return b === null ? this.model.tokens[id]! : decoder.decode(b);
  }

  /** The Hugging Face tokenizer.json: saved with checkpoints, and loadable by HF tokenizers. */
  toJSON(): HfTokenizerJson {
    return toTokenizerJson(this.model);
  }

  /** The tokenizer_config.json to save next to tokenizer.json. */
  tokenizerConfig(): Record<string, unknown> {
    return tokenizerConfigJson(this.special, (id) => this.model.tokens[id]!);
  }

  private bytesOf(id: number): Uint8Array | null {
    const b = this.bytes[id];
    if (b === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (size ${this.size})`);
    return b;
  }
}
