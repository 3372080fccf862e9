def contiguous_blocks(p, tokens: TokenStream, split: str, rng: Rng) -> dict:
    """`batchSize` blocks of `blockSize` consecutive tokens, each starting at a random position of the split."""
    stream = tokens.train if split == "train" else tokens.val
    size = p.blockSize
    if len(stream) < size:
        where = "training" if split == "train" else "held-out"
        raise ValueError(f"the {where} text has {len(stream)} tokens, fewer than one block of {size}; use a bigger corpus, a larger held-out fraction or a smaller block size")
    ids = np.empty((p.batchSize, size), dtype=np.int32)
    for b in range(p.batchSize):
        start = rng.int(len(stream) - size + 1)
        ids[b] = stream[start : start + size]
    return {"ids": ids}
