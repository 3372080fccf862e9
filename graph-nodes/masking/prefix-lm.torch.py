def prefix_length(p, size: int, rng: Rng) -> int:
    """Prefix length, in input positions (0..T), for one block: the settings say how it is chosen."""
    if p.split == "fixed":
        return js_round(p.fraction * size)
    lo, hi = js_round(p.minFraction * size), js_round(p.maxFraction * size)
    return lo + rng.int(hi - lo + 1)


def prefix_lm_split(p, ids: np.ndarray, rng: Rng) -> dict:
    """Next-token inputs and targets, each block's prefix length, and weights counting the continuation only."""
    shifted = shift_blocks(ids)
    batch, size = shifted["inputs"].shape
    weights = np.zeros((batch, size), dtype=np.float32)
    prefix = np.zeros((batch,), dtype=np.int32)
    for b in range(batch):
        n = prefix_length(p, size, rng)
        prefix[b] = n
        # position i predicts token i+1: it counts once that token is past the prefix (i+1 >= n)
        weights[b, max(0, n - 1) :] = 1
    return {**shifted, "weights": weights, "prefix": prefix}
