import { describe, expect, it } from 'vitest';
import { BYTE_TO_CHAR, CHAR_TO_BYTE, bytesOfToken, preTokenize, tokenOfBytes, utf8 } from './byte-level.js';
import { countWords, learnMerges } from './bpe-train.js';
import { makeRng } from '../../core/rng.js';

/** The textbook algorithm: recount every pair before every merge. Slow, obviously right. */
function naiveMerges(counts: Map<string, number>, size: number): [string, string][] {
  const tokens = [...BYTE_TO_CHAR];
  const idOf = new Map(tokens.map((t, i) => [t, i]));
  const words = [...counts].map(([w, f]) => ({ syms: [...utf8(w)], f }));
  const merges: [string, string][] = [];
  const done = new Set<string>();
  while (tokens.length < size) {
    const pairs = new Map<string, { a: number; b: number; n: number }>();
    for (const { syms, f } of words) {
      for (let i = 0; i + 1 < syms.length; i++) {
        const k = `${syms[i]},${syms[i + 1]}`;
        const p = pairs.get(k) ?? { a: syms[i]!, b: syms[i + 1]!, n: 0 };
        p.n += f;
        pairs.set(k, p);
      }
    }
    let best: { a: number; b: number; n: number } | undefined;
    for (const p of pairs.values()) {
      if (!best || p.n > best.n || (p.n === best.n && (p.a < best.a || (p.a === best.a && p.b < best.b)))) best = p;
    }
    if (!best) break;
    const spelling = tokens[best.a]! + tokens[best.b]!;
    if (!idOf.has(spelling)) {
      idOf.set(spelling, tokens.length);
      tokens.push(spelling);
    }
    if (!done.has(`${best.a},${best.b}`)) merges.push([tokens[best.a]!, tokens[best.b]!]);
    done.add(`${best.a},${best.b}`);
    const id = idOf.get(spelling)!;
    for (const w of words) {
      const out: number[] = [];
      for (let i = 0; i < w.syms.length; i++) {
        if (w.syms[i] === best.a && w.syms[i + 1] === best.b) {
          out.push(id);
          i++;
        } else out.push(w.syms[i]!);
      }
      w.syms = out;
    }
  }
  return merges;
}

describe('byte-level mapping (GPT-2 bytes_to_unicode)', () => {
  it('is a bijection onto printable characters, with GPT-2 landmarks', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR[0x20]).toBe('Ġ');
    expect(BYTE_TO_CHAR[0x0a]).toBe('Ċ');
    expect(BYTE_TO_CHAR[0x41]).toBe('A');
    expect(BYTE_TO_CHAR[0xad]).toBe('\u0143'); // soft hyphen: the 68th non-printable byte
    for (let b = 0; b < 256; b++) expect(CHAR_TO_BYTE.get(BYTE_TO_CHAR[b]!)).toBe(b);
    const bytes = utf8(' naïve 😀');
    expect(bytesOfToken(tokenOfBytes(bytes))).toEqual(bytes);
    expect(bytesOfToken('[PAD]\u4e00')).toBeUndefined();
  });

  it('pre-tokenizes like GPT-2: leading spaces stay with words, contractions split off', () => {
    expect(preTokenize("Hello world, it's 2024!  ok\n\n")).toEqual(['Hello', ' world', ',', ' it', "'s", ' 2024', '!', ' ', ' ok', '\n\n']);
    expect(preTokenize('').length).toBe(0);
  });
});

describe('learnMerges', () => {
  it('merges the most frequent pair first and builds on earlier merges', () => {
    const { tokens, merges } = learnMerges(new Map([['abab', 3], ['ab', 1], ['cd', 2]]), 256 + 2);
    expect(merges).toEqual([['a', 'b'], ['ab', 'ab']]);
    expect(tokens.slice(256)).toEqual(['ab', 'abab']);
  });

  it('stops early when no pair is left', () => {
    const { tokens, merges } = learnMerges(new Map([['ab', 5]]), 1000);
    expect(merges).toEqual([['a', 'b']]);
    expect(tokens).toHaveLength(257);
  });

  it('learns exactly the merges of the recount-everything algorithm', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rng = makeRng(seed);
      let text = '';
      for (let i = 0; i < 3000; i++) text += 'aabbcé \n'[rng.int(8)];
      const counts = countWords([text]);
      expect(learnMerges(counts, 256 + 60).merges, `seed ${seed}`).toEqual(naiveMerges(counts, 256 + 60));
    }
  });

  it('is deterministic and reports progress', () => {
    const counts = countWords(['the cat sat on the mat with the hat that the rat ate']);
    const seen: number[] = [];
    const a = learnMerges(counts, 256 + 20, (done) => seen.push(done));
    expect(learnMerges(new Map(counts), 256 + 20)).toEqual(a);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBeLessThanOrEqual(20);
  });
});
