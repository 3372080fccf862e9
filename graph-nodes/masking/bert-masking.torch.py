def ordinary_ids(vocabulary) -> list:
    """Ids a random replacement may draw: every token that is not special."""
    special = set(vocabulary.special.get("sentinels", []))
    special.update(v for k, v in vocabulary.special.items() if k != "sentinels" and isinstance(v, int))
    return [i for i in range(vocabulary.size) if i not in special]


def bert_masking(p, ids: np.ndarray, vocabulary, rng: Rng) -> dict:
    """Pick `rate` of the ordinary tokens; make most [MASK], some random, leave the rest; weight 1
    where picked. Draws from the stream exactly as the engine does, so the masks are the engine's."""
    ordinary = ordinary_ids(vocabulary)
    ordinary_set = set(ordinary)
    mask_id = vocabulary.special["mask"]
    flat = ids.reshape(-1)
    inputs = flat.copy()
    weights = np.zeros(flat.shape, dtype=np.float32)
    for i, token in enumerate(flat.tolist()):
        # special tokens (padding, separators) are structure, not content to predict
        if token not in ordinary_set or rng.next() >= p.rate:
            continue
        weights[i] = 1
        r = rng.next()
        if r < p.maskFraction:
            inputs[i] = mask_id
        elif r < p.maskFraction + p.randomFraction:
            inputs[i] = ordinary[rng.int(len(ordinary))]
    return {"inputs": inputs.reshape(ids.shape), "targets": ids.copy(), "weights": weights.reshape(ids.shape)}
