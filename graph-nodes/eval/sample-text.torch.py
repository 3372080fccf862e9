def sample_from_logits(logits: list, temperature: float, top_k: int, rng: Rng) -> int:
    """Draw one id as the engine does (graph-nodes/eval/sampling.ts): scale by 1/temperature, keep the top k, softmax, sample."""
    idx = list(range(len(logits)))
    if 0 < top_k < len(logits):
        idx = sorted(idx, key=lambda i: -logits[i])[:top_k]
    t = max(temperature, 1e-4)
    top = max(logits[i] / t for i in idx)
    weights = [math.exp(logits[i] / t - top) for i in idx]
    r = rng.next() * sum(weights)
    for j, w in enumerate(weights):
        r -= w
        if r <= 0:
            return idx[j]
    return idx[-1]


def sample_text(p, logits_of, vocabulary, context_length: int, rng: Rng) -> dict:
    """Continue the prompt one token at a time, reading at most the model's context length: when
    the text outgrows it, the oldest quarter is dropped at once, as the engine does."""
    context = vocabulary.encode(p.prompt)[-context_length:] or [vocabulary.special.get("bos") or 0]
    generated = []
    device = device_of(logits_of)
    for _ in range(p.tokens):
        logits = logits_of(torch.tensor([context], dtype=torch.long, device=device))
        nxt = sample_from_logits(logits[0, -1].float().cpu().tolist(), p.temperature, p.topK, rng)
        if nxt == vocabulary.special.get("eos"):
            break
        generated.append(nxt)
        context.append(nxt)
        if len(context) > context_length:
            context = context[-(context_length - max(1, context_length // 4)):]
    return {"kind": "text", "title": "Sampled text", "text": p.prompt + vocabulary.decode(generated)}
