# JavaScript's \s, which the pre-tokenizer's pattern uses (Python's str.isspace differs at the edges)
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def _letter(c: str) -> bool:
    return unicodedata.category(c).startswith("L")


def _number(c: str) -> bool:
    return unicodedata.category(c).startswith("N")


def _other(c: str) -> bool:
    return c not in JS_SPACE and not _letter(c) and not _number(c)


def gpt2_pre_tokenize(text: str) -> list:
    """GPT-2's pre-tokenization, the engine's pattern (engine/data/tokenizers/byte-level.ts)
    matched by hand, alternative by alternative, since Python's re has no \\p{L}:
    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"""
    out, i, n = [], 0, len(text)

    def run(start: int, accept) -> int:
        end = start
        while end < n and accept(text[end]):
            end += 1
        return end

    while i < n:
        hit = next((c for c in CONTRACTIONS if text.startswith(c, i)), None)
        if hit:
            out.append(hit)
            i += len(hit)
            continue
        end = None
        for accept in (_letter, _number, _other):
            start = i + 1 if text[i] == " " and i + 1 < n and accept(text[i + 1]) else i
            if accept(text[start]):
                end = run(start, accept)
                break
        if end is None:
            end = run(i, lambda c: c in JS_SPACE)
            # \s+(?!\S): a run followed by more text leaves its last space to the word after it
            if end < n and end - i > 1:
                end -= 1
        out.append(text[i:end])
        i = end
    return out


def _byte_to_char() -> list:
    """GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the rest move to U+0100 and up."""
    printable = lambda b: 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF
    out, shifted = [None] * 256, 0
    for b in range(256):
        if printable(b):
            out[b] = chr(b)
    for b in range(256):
        if not printable(b):
            out[b] = chr(256 + shifted)
            shifted += 1
    return out


class BpeVocabulary:
    """Byte-level BPE as the engine's BpeVocabulary gives it (and Hugging Face's tokenizers, from
    the same tokenizer.json): special tokens split off, GPT-2 pre-tokens, UTF-8 bytes, merges
    applied lowest rank first."""

    def __init__(self, tokenizer_json: dict, special: dict):
        model = tokenizer_json["model"]
        self.tokens = [None] * len(model["vocab"])
        for token, i in model["vocab"].items():
            self.tokens[i] = token
        self.added = {a["content"]: a["id"] for a in tokenizer_json["added_tokens"]}
        self.special_tokens = sorted(self.added, key=len, reverse=True)
        self.special = special
        self.size = len(self.tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens) if self.added.get(t) != i}
        self.ranks = {}
        for rank, merge in enumerate(model["merges"]):
            a, b = merge.split(" ", 1) if isinstance(merge, str) else merge
            self.ranks[(a, b)] = rank
        self.byte_to_char = _byte_to_char()
        self.char_to_byte = {c: b for b, c in enumerate(self.byte_to_char)}

    def _encode_word(self, word: str) -> list:
        parts = [self.byte_to_char[b] for b in word.encode("utf-8")]
        while len(parts) > 1:
            pairs = {(parts[k], parts[k + 1]) for k in range(len(parts) - 1)}
            best = min(pairs, key=lambda pair: self.ranks.get(pair, math.inf))
            if best not in self.ranks:
                break
            merged, k = [], 0
            while k < len(parts):
                if k + 1 < len(parts) and (parts[k], parts[k + 1]) == best:
                    merged.append(parts[k] + parts[k + 1])
                    k += 2
                else:
                    merged.append(parts[k])
                    k += 1
            parts = merged
        return [self.ids[p] for p in parts]

    def encode(self, text: str) -> list:
        out, start, i = [], 0, 0
        present = [t for t in self.special_tokens if t in text]
        pieces = []
        while i < len(text):
            hit = next((t for t in present if text.startswith(t, i)), None)
            if hit:
                pieces.append((text[start:i], None))
                pieces.append(("", hit))
                i += len(hit)
                start = i
            else:
                i += 1
        pieces.append((text[start:], None))
        for plain, special in pieces:
            if special:
                out.append(self.added[special])
            for word in gpt2_pre_tokenize(plain):
                out.extend(self._encode_word(word))
        return out

    def _bytes(self, i: int):
        token = self.tokens[i]
        return None if self.added.get(token) == i else bytes(self.char_to_byte[c] for c in token)

    def decode(self, ids) -> str:
        text, run = "", bytearray()
        for i in ids:
            b = self._bytes(i)
            if b is None:
                text += run.decode("utf-8", errors="replace") + self.tokens[i]
                run = bytearray()
            else:
                run += b
        return text + run.decode("utf-8", errors="replace")

    def id_to_token(self, i: int) -> str:
        b = self._bytes(i)
        return self.tokens[i] if b is None else b.decode("utf-8", errors="replace")


def bpe_token_stream(data_dir: str, key: str) -> TokenStream:
    """The token ids a BPE tokenizer node made of its corpus, and its tokenizer.json, read from the data folder."""
    entry = read_stream_header(data_dir, key)
    vocab = entry["vocabulary"]
    return TokenStream(read_ids(data_dir, entry["train"]), read_ids(data_dir, entry["val"]), BpeVocabulary(vocab["saved"], vocab["special"]))
