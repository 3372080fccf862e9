import { describe, expect, it } from 'vitest';
import { CharVocabulary } from './char-vocabulary.js';
import { splitPresentSpecials } from './specials.js';
import { splitOnSpecials } from '../../core/vocabulary.js';

describe('character vocabulary', () => {
  const text = 'the whale 🐋 — naïve [MASK] sea';
  const vocab = CharVocabulary.train(text, { specialTokens: ['mask', 'pad'], sentinels: 2 });

  it('puts special tokens first in a fixed order, then sentinels, then sorted code points', () => {
    expect(vocab.specialTokens).toEqual(['[PAD]', '[MASK]', '<extra_id_0>', '<extra_id_1>']);
    expect(vocab.special).toEqual({ pad: 0, mask: 1, sentinels: [2, 3] });
    const chars = [...new Set('the whale 🐋 — naïve  sea')].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    expect(Array.from({ length: vocab.size - 4 }, (_, i) => vocab.idToToken(i + 4))).toEqual(chars);
    // "[MASK]" in the training text is the special token, so "[", "M", ... are not characters of it
    expect(vocab.size).toBe(4 + chars.length);
  });

  it('encodes one id per code point and keeps special tokens whole', () => {
    expect(vocab.encode('🐋')).toHaveLength(1);
    expect(vocab.encode('[MASK]a<extra_id_1>[PAD]')).toEqual([1, vocab.encode('a')[0], 3, 0]);
  });

  it('round-trips text made of known characters and special tokens', () => {
    for (const s of ['', 'the whale', 'naïve 🐋 — [MASK] sea<extra_id_0>', '[PAD][PAD]']) expect(vocab.decode(vocab.encode(s))).toBe(s);
  });

  it('drops unknown characters without [UNK], and maps them to [UNK] with it', () => {
    expect(vocab.decode(vocab.encode('the xylophone'))).toBe('the lhne'); // x, y, o and p never seen
    expect(vocab.decode(vocab.encode('tax'))).toBe('ta');
    const withUnk = CharVocabulary.train('abc', { specialTokens: ['unk'], sentinels: 0 });
    expect(withUnk.special.unk).toBe(0);
    expect(withUnk.encode('abxc')).toEqual([1, 2, 0, 3]);
    expect(withUnk.decode(withUnk.encode('abxc'))).toBe('ab[UNK]c');
  });

  it('is deterministic and restores from its JSON', () => {
    const again = CharVocabulary.train(text, { specialTokens: ['pad', 'mask'], sentinels: 2 });
    expect(again.toJSON()).toEqual(vocab.toJSON());
    const back = CharVocabulary.fromJSON(JSON.parse(JSON.stringify(vocab.toJSON())));
    expect(back.toJSON()).toEqual(vocab.toJSON());
    expect(back.special).toEqual(vocab.special);
    expect(back.encode(text)).toEqual(vocab.encode(text));
  });

  it('rejects a damaged saved vocabulary and out-of-range ids', () => {
    expect(() => CharVocabulary.fromJSON({ kind: 'bpe' })).toThrow(/character vocabulary/);
    expect(() => CharVocabulary.fromJSON({ kind: 'char', version: 1, specialCount: 0, tokens: ['a', 'a'] })).toThrow(/twice/);
    expect(() => CharVocabulary.fromJSON({ kind: 'char', version: 1, specialCount: 0, tokens: ['ab'] })).toThrow(/single character/);
    expect(() => vocab.decode([vocab.size])).toThrow(RangeError);
  });

  it('splits on specials exactly like splitOnSpecials', () => {
    const specials = ['[MASK]', '<extra_id_1>', '<extra_id_10>', '[PAD]'];
    for (const s of ['', 'plain', '[MASK]<extra_id_10>x<extra_id_1>[PAD', '<extra_id_1>0[MASK][MASK]']) {
      expect(splitPresentSpecials(s, specials)).toEqual(splitOnSpecials(s, specials));
    }
  });
});
