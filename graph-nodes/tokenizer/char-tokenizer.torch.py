class CharVocabulary:
    """Character-level ids as the engine's CharVocabulary gives them (engine/data/tokenizers/
    char-vocabulary.ts): special tokens first, then one id per code point. Special tokens written
    in a text are kept whole; a character the vocabulary lacks becomes [UNK], or is dropped."""

    def __init__(self, saved: dict, special: dict):
        self.tokens = saved["tokens"]
        self.special_tokens = self.tokens[: saved["specialCount"]]
        self.special = special
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.size = len(self.tokens)

    def encode(self, text: str) -> list:
        out = []
        present = sorted((t for t in self.special_tokens if t in text), key=len, reverse=True)
        i = 0
        while i < len(text):
            hit = next((t for t in present if text.startswith(t, i)), None)
            if hit:
                out.append(self.ids[hit])
                i += len(hit)
                continue
            if text[i] in self.ids:
                out.append(self.ids[text[i]])
            elif self.special.get("unk") is not None:
                out.append(self.special["unk"])
            i += 1
        return out

    def id_to_token(self, i: int) -> str:
        return self.tokens[i]

    def decode(self, ids) -> str:
        return "".join(self.tokens[i] for i in ids)


def char_token_stream(data_dir: str, key: str) -> TokenStream:
    """The token ids a character tokenizer node made of its corpus, read from the data folder."""
    entry = read_stream_header(data_dir, key)
    vocab = entry["vocabulary"]
    return TokenStream(read_ids(data_dir, entry["train"]), read_ids(data_dir, entry["val"]), CharVocabulary(vocab["saved"], vocab["special"]))
