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
    centred_share = getattr(p, "centredSpans", 0)
    centred = centred_share > 0 and rng.next() < centred_share
    offset = ((size - noise[0]) // 2 - kept[0] + size) % size if centred else rng.int(size)
    return np.roll(unrolled, offset)


def corrupt_block(block: list, mask: np.ndarray, sentinels: list, sentinel_weight: float = 1.0):
    """One block corrupted (the engine's corruptBlock): the encoder ids with each noise span
    replaced by the next sentinel, the targets (each sentinel and the span it hid, then a
    closing sentinel) and their weights (sentinels: sentinel_weight)."""
    x, y, span = [], [], 0
    for k, token in enumerate(block):
        if not mask[k]:
            x.append(token)
            continue
        if k == 0 or not mask[k - 1]:
            x.append(sentinels[span])
            y.append(sentinels[span])
            span += 1
        y.append(token)
    y.append(sentinels[span])
    return x, y, [sentinel_weight if t in sentinels else 1.0 for t in y]


def fill_rows(rows: dict, b: int, x: list, y: list, w: list, start: int = 0) -> None:
    """Example b's encoder ids (from position `start`), targets and weights into [PAD]-filled rows."""
    if start + len(x) > rows["inputs"].shape[1] or len(y) > rows["targets"].shape[1]:
        raise ValueError(f"the corrupted block ({len(x)} inputs, {len(y)} targets) does not fit {rows['inputs'].shape[1] - start} / {rows['targets'].shape[1]}")
    rows["inputs"][b, start : start + len(x)] = x
    rows["targets"][b, : len(y)] = y
    rows["weights"][b, : len(w)] = w


def encoder_decoder_rows(batch: int, width: int, length: int, pad: int) -> dict:
    """[PAD]-filled encoder inputs [B, width], targets [B, length] and zero weights."""
    return {
        "inputs": np.full((batch, width), pad, dtype=np.int32),
        "targets": np.full((batch, length), pad, dtype=np.int32),
        "weights": np.zeros((batch, length), dtype=np.float32),
    }


def with_decoder_inputs(rows: dict, pad: int) -> dict:
    """The rows and the decoder's inputs: the targets shifted right after [PAD] (teacher forcing)."""
    decoder_inputs = np.full(rows["targets"].shape, pad, dtype=np.int32)
    decoder_inputs[:, 1:] = rows["targets"][:, :-1]
    return {**rows, "decoderInputs": decoder_inputs}


def span_corruption(p, ids: np.ndarray, vocabulary, rng: Rng) -> dict:
    """Each noise span of a block replaced by the next sentinel (encoder inputs); targets: each
    sentinel and the span it hid, then a closing sentinel; decoder inputs: the targets shifted
    right after [PAD]; weights 1 on real targets (sentinels: sentinelWeight), 0 on padding."""
    batch, size = ids.shape
    layout = span_layout(size, p)
    pad = vocabulary.special["pad"]
    rows = encoder_decoder_rows(batch, max(layout["input_length"], p.inputLength), max(layout["target_length"], p.targetLength), pad)
    for b in range(batch):
        mask = noise_mask(size, p, rng)
        fill_rows(rows, b, *corrupt_block(ids[b].tolist(), mask, vocabulary.special["sentinels"], p.sentinelWeight))
    return with_decoder_inputs(rows, pad)
