def split_targets(ids: list, sentinels: list) -> dict:
    """Decoded targets "<extra_id_0> a <extra_id_1> b <extra_id_2>" as spans by sentinel number (the first of each number kept)."""
    spans, current = {}, None
    for i in ids:
        if i in sentinels:
            current = []
            spans.setdefault(sentinels.index(i), current)
        elif current is not None:
            current.append(i)
    return spans


def encoder_window(ids: list, sentinels: list, width: int) -> list:
    """A text longer than the encoder reads, cut to the window of that width centred on its sentinels."""
    if len(ids) <= width:
        return ids
    at = [i for i, t in enumerate(ids) if t in sentinels]
    first, last = at[0], at[-1]
    if last - first + 1 > width:
        raise ValueError(f'setting "text" has its sentinels {last - first + 1} tokens apart, more than the {width} the encoder reads: put them closer together')
    centred = js_round((first + last + 1) / 2 - width / 2)
    start = min(max(centred, last - width + 1, 0), first, len(ids) - width)
    return ids[start : start + width]


def span_infill(p, model, vocabulary, encoder: tuple, decoder: tuple) -> dict:
    """Greedy infill of the spans the sentinels in the text stand for: the encoder reads the text,
    the decoder writes the targets from [PAD], most likely token each step, until the sentinel
    after the last one in the text (or its context is full); each span goes back in its place.
    `encoder` and `decoder` are (feed key, longest length) of the model's two inputs."""
    sentinels, pad = vocabulary.special.get("sentinels", []), vocabulary.special.get("pad")
    if pad is None or not sentinels:
        raise ValueError('the tokenizer has no [PAD] or no sentinels: add "pad" to its special tokens and set its "sentinels"')
    ids = vocabulary.encode(p.text)
    used = [n for n, s in enumerate(sentinels) if s in ids]
    if not used:
        raise ValueError(f'setting "text" has no sentinel the tokenizer knows (it has <extra_id_0> .. <extra_id_{len(sentinels) - 1}>)')
    last = used[-1]
    if last + 1 >= len(sentinels):
        raise ValueError(f'setting "text" uses <extra_id_{last}>, but the targets close with the next sentinel and the tokenizer has only {len(sentinels)}: use at most <extra_id_{len(sentinels) - 2}>')
    device = device_of(model)
    source = torch.tensor([encoder_window(ids, sentinels, encoder[1])], dtype=torch.long, device=device)
    out = []
    while len(out) < decoder[1]:
        context = torch.tensor([[pad, *out]], dtype=torch.long, device=device)
        logits = model({encoder[0]: source, decoder[0]: context})
        out.append(int(torch.argmax(logits[0, -1].float())))
        if out[-1] == sentinels[last + 1]:
            break
    spans = split_targets(out, sentinels)
    filled = [t for i in ids for t in (spans.get(sentinels.index(i), []) if i in sentinels else [i])]
    rows = [[f"<extra_id_{s}>", json.dumps(vocabulary.decode(spans[s]), ensure_ascii=False) if s in spans else "(not written)"] for s in used]
    rows += [["filled", vocabulary.decode(filled)], ["targets", vocabulary.decode(out)]]
    return {"kind": "table", "title": "Span infill", "columns": ["sentinel", "span"], "rows": rows}
