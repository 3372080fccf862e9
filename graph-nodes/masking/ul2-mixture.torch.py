UL2_BRANCHES = ["R", "S", "X"]
UL2_MODE_TOKENS = {"R": "nlu", "S": "s2s", "X": "nlg"}
# UL2's seven denoisers (Tay et al. 2022, Table 1), drawn equally often
UL2_PAPER_DENOISERS = [
    ("R", 0.15, 3, 1.0),
    ("R", 0.15, 8, 1.0),
    ("S", 0.0, 0, 1.0),
    ("X", 0.5, 3, 1.0),
    ("X", 0.5, 8, 1.0),
    ("X", 0.15, 64, 1.0),
    ("X", 0.5, 64, 1.0),
]


def ul2_denoisers(p) -> list:
    """(paradigm, noise density, mean span length, weight) of each denoiser the setting draws from."""
    if p.mixture == "seven":
        return UL2_PAPER_DENOISERS
    return [("R", p.rNoiseDensity, p.rMeanSpanLength, p.rProbability), ("S", 0.0, 0, p.sProbability), ("X", p.xNoiseDensity, p.xMeanSpanLength, p.xProbability)]


def ul2_prefix_range(size: int, p) -> tuple:
    """S's prefix lengths for a block: at least one token on each side."""
    lo = min(size - 1, max(1, js_round(p.sMinPrefix * size)))
    return lo, max(lo, min(size - 1, js_round(p.sMaxPrefix * size)))


def ul2_layout(size: int, p) -> tuple:
    """Encoder and decoder lengths that hold any denoiser's example."""
    lo, hi = ul2_prefix_range(size, p)
    width, length = hi, size - lo
    for paradigm, density, span, weight in ul2_denoisers(p):
        if paradigm == "S" or weight <= 0:
            continue
        layout = span_layout(size, types.SimpleNamespace(noiseDensity=density, meanSpanLength=span))
        width, length = max(width, layout["input_length"]), max(length, layout["target_length"])
    return (1 if p.modeTokens else 0) + width, length


def ul2_draw(denoisers: list, u: float) -> tuple:
    """The denoiser a draw u in [0, total weight) lands on."""
    last = denoisers[0]
    for d in denoisers:
        if d[3] <= 0:
            continue
        last = d
        u -= d[3]
        if u < 0:
            return d
    return last


def ul2_mixture(p, ids: np.ndarray, vocabulary, rng: Rng) -> dict:
    """One denoiser drawn per block: R or X (span corruption at its density and span length) or
    S (the encoder reads a prefix, the decoder writes the rest), the encoder input led by the
    paradigm's mode token; `branch` says which paradigm made each block (0 R, 1 S, 2 X)."""
    batch, size = ids.shape
    width, length = ul2_layout(size, p)
    pad, sentinels = vocabulary.special["pad"], vocabulary.special["sentinels"]
    rows = encoder_decoder_rows(batch, width, length, pad)
    branch = np.zeros((batch,), dtype=np.int32)
    denoisers = ul2_denoisers(p)
    total = sum(d[3] for d in denoisers)
    mode = 1 if p.modeTokens else 0
    for b in range(batch):
        block = ids[b].tolist()
        paradigm, density, span, _ = ul2_draw(denoisers, rng.next() * total)
        branch[b] = UL2_BRANCHES.index(paradigm)
        if paradigm == "S":
            lo, hi = ul2_prefix_range(size, p)
            prefix = lo + rng.int(hi - lo + 1)
            fill_rows(rows, b, block[:prefix], block[prefix:], [1.0] * (size - prefix), mode)
        else:
            mask = noise_mask(size, types.SimpleNamespace(noiseDensity=density, meanSpanLength=span), rng)
            fill_rows(rows, b, *corrupt_block(block, mask, sentinels), mode)
        if mode:
            rows["inputs"][b, 0] = vocabulary.special[UL2_MODE_TOKENS[paradigm]]
    return {**with_decoder_inputs(rows, pad), "branch": branch}
