/**
 * GPT-2's byte-level scheme: text is handled as UTF-8 bytes, so no character is ever unknown.
 * Each byte is shown as a printable character (GPT-2's bytes_to_unicode) so tokens stay strings
 * in tokenizer.json: printable Latin-1 bytes stand for themselves, the rest (controls, space,
 * ...) move to U+0100 and up — which is why a space appears as "Ġ".
 */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out = new Array<string>(256);
  let n = 0;
  for (let b = 0; b < 256; b++) if (printable(b)) out[b] = String.fromCharCode(b);
  for (let b = 0; b < 256; b++) if (!printable(b)) out[b] = String.fromCharCode(256 + n++);
  return out;
})();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

/**
 * GPT-2's pre-tokenization: merges never cross these boundaries, so a token is a piece of one
 * word (with its leading space), of a number, of a punctuation run or of whitespace. Exactly the
 * pattern Hugging Face's ByteLevel pre-tokenizer uses, so both split text the same way.
 */
export const PRE_TOKENIZE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export function preTokenize(text: string): string[] {
  return text.match(PRE_TOKENIZE) ?? [];
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A token's bytes from its tokenizer.json spelling ("Ġthe" -> " the"). */
export function bytesOfToken(token: string): Uint8Array | undefined {
  const out = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const b = CHAR_TO_BYTE.get(token[i]!);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

export function tokenOfBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += BYTE_TO_CHAR[b];
  return s;
}
