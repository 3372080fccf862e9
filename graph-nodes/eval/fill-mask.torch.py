def top_probabilities(logits: list, k: int) -> list:
    """Softmax probabilities of the k most likely ids, most likely first (as graph-nodes/eval/sampling.ts rounds them)."""
    top = max(logits)
    exp = [float(np.float32(math.exp(v - top))) for v in logits]
    total = sum(math.exp(v - top) for v in logits)
    return sorted(({"id": i, "p": e / total} for i, e in enumerate(exp)), key=lambda c: -c["p"])[:k]


def fill_mask(p, logits_of, vocabulary, context_length: int) -> dict:
    """The model's top candidates for each [MASK] in the text, and the text filled with the best.
    Each mask is read in a window of the context length centred on it, all windows as one batch."""
    mask_id = vocabulary.special.get("mask")
    if mask_id is None:
        raise ValueError('the tokenizer has no [MASK] token: add "mask" to its special tokens')
    ids = vocabulary.encode(p.text)
    positions = [i for i, t in enumerate(ids) if t == mask_id]
    if not positions:
        raise ValueError('setting "text" has no [MASK] the tokenizer reads as its mask token')
    width = min(len(ids), context_length)
    starts = [max(0, min(pos - width // 2, len(ids) - width)) for pos in positions]
    device = device_of(logits_of)
    windows = torch.tensor([ids[s : s + width] for s in starts], dtype=torch.long, device=device)
    logits = logits_of(windows).float().cpu()
    filled = list(ids)
    rows = []
    for n, (pos, start) in enumerate(zip(positions, starts)):
        top = top_probabilities(logits[n, pos - start].tolist(), p.topK)
        filled[pos] = top[0]["id"]
        rows.append([n + 1, *(f'{json.dumps(vocabulary.id_to_token(c["id"]), ensure_ascii=False)} {c["p"] * 100:.1f}%' for c in top)])
    rows.append(["filled", vocabulary.decode(filled)])
    return {"kind": "table", "title": "Fill mask", "columns": ["mask", *(f"#{i + 1}" for i in range(p.topK))], "rows": rows}
