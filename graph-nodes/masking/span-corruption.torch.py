def span_layout(size: int, p) -> dict:
    """The fixed span layout of a block (graph-nodes/masking/span-corruption.run.ts spanLayout)."""
    noise = min(max(js_round(size * p.noiseDensity), 1), size - 1)
    spans = max(js_round(noise / p.meanSpanLength), 1)
    return {"noise": noise, "spans": spans, "input_length": size - noise + spans + 1, "target_length": noise + spans + 2}


def random_segmentation(items: int, segments: int, rng: Rng) -> list:
    """`items` split into `segments` positive lengths, uniformly (T5's _random_segmentation), drawn as the engine draws."""
    gaps = list(range(1, items))
    for i in range(segments - 1):
        j = i + rng.int(len(gaps) - i)
        gaps[i], gaps[j] = gaps[j], gaps[i]
    cuts = sorted(gaps[: segments - 1]) + [items]
    return [c - prev for prev, c in zip([0] + cuts[:-1], cuts)]


def noise_mask(size: int, p, rng: Rng) -> np.ndarray:
    """Kept span, noise span, kept, noise, ... then rolled by a random offset (T5's random_roll);
    with centredSpans, that fraction of blocks rolled so the first span sits mid-block."""
    layout = span_layout(size, p)
    noise = random_segmentation(layout["noise"], layout["spans"], rng)
    kept = random_segmentation(size - layout["noise"], layout["spans"], rng)
    unrolled = np.zeros(size, dtype=np.uint8)
    at = 0
    for s in range(layout["spans"]):
        at += kept[s]
        unrolled[at : at + noise[s]] = 1
        at += noise[s]
    # the extra draw only when asked for, as the engine draws
    centred = p.centredSpans > 0 and rng.next() < p.centredSpans
    offset = ((size - noise[0]) // 2 - kept[0] + size) % size if centred else rng.int(size)
    return np.roll(unrolled, offset)


def span_corruption(p, ids: np.ndarray, vocabulary, rng: Rng) -> dict:
    """Each noise span of a block replaced by the next sentinel (encoder inputs); targets: each
    sentinel and the span it hid, then a closing sentinel; decoder inputs: the targets shifted
    right after [PAD]; weights 1 on real targets (sentinels: sentinelWeight), 0 on padding."""
    batch, size = ids.shape
    layout = span_layout(size, p)
    width, length = max(layout["input_length"], p.inputLength), max(layout["target_length"], p.targetLength)
    sentinels, pad = vocabulary.special["sentinels"], vocabulary.special["pad"]
    inputs = np.full((batch, width), pad, dtype=np.int32)
    targets = np.full((batch, length), pad, dtype=np.int32)
    weights = np.zeros((batch, length), dtype=np.float32)
    for b in range(batch):
        mask = noise_mask(size, p, rng)
        x, y, span = [], [], 0
        for k, token in enumerate(ids[b].tolist()):
            if not mask[k]:
                x.append(token)
                continue
            if k == 0 or not mask[k - 1]:
                x.append(sentinels[span])
                y.append(sentinels[span])
                span += 1
            y.append(token)
        y.append(sentinels[span])
        if len(x) > width or len(y) > length:
            raise ValueError(f"the corrupted block ({len(x)} inputs, {len(y)} targets) does not fit {width} / {length}")
        inputs[b, : len(x)] = x
        targets[b, : len(y)] = y
        weights[b, : len(y)] = [p.sentinelWeight if t in sentinels else 1.0 for t in y]
    decoder_inputs = np.full((batch, length), pad, dtype=np.int32)
    decoder_inputs[:, 1:] = targets[:, :-1]
    return {"inputs": inputs, "targets": targets, "decoderInputs": decoder_inputs, "weights": weights}
