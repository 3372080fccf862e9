def embed_rows(model, rows: np.ndarray, dtype, feed=None) -> torch.Tensor:
    """Rows through one tower, 250 at a time: [n, E] on the cpu. `feed`: the key a tower fed by a dict reads them at."""
    device = device_of(model)
    parts = []
    with torch.no_grad():
        for start in range(0, len(rows), 250):
            x = torch.tensor(rows[start : start + 250], dtype=dtype, device=device)
            parts.append(model({feed: x} if feed else x).float().cpu())
    return torch.cat(parts)


def recall_at(sims: torch.Tensor, row_labels: torch.Tensor, col_labels: torch.Tensor, k: int) -> float:
    """Share of rows whose k most similar columns hold one with the row's label."""
    top = sims.topk(k, dim=1).indices
    return float((col_labels[top] == row_labels.reshape(-1, 1)).any(1).float().mean())


def zero_shot_retrieval(p, image_model, image_feed: str, text_model, vocabulary, images, caption_length: int) -> dict:
    """A contrastive model's two towers on held-out images (graph-nodes/eval/zero-shot-retrieval.run.ts):
    zero-shot classification against each digit's captions averaged over every template (CLIP's
    prompt ensembling), and retrieval between the images and every distinct caption both ways."""
    if vocabulary.special.get("pad") is None:
        raise ValueError("the captions' tokenizer has no [PAD] token: add \"pad\" to its special tokens")
    val = images.val
    n = min(p.images, val.count) if p.images > 0 else val.count
    # evenly spaced over the held-out images, which come digit by digit, so every digit is in
    picks = [i * val.count // n for i in range(n)]
    labels = torch.tensor(val.labels[picks].astype(np.int64))
    classes, templates = len(images.class_names), len(DIGIT_CAPTION_TEMPLATES)
    prompts = np.array([caption_ids(vocabulary, digit_caption(c, t), caption_length) for c in range(classes) for t in range(templates)], dtype=np.int64)
    prompt_labels = torch.arange(classes).repeat_interleave(templates)
    image_emb = embed_rows(image_model, val.pixels[picks].astype(np.float32), torch.float32, image_feed)
    prompt_emb = embed_rows(text_model, prompts, torch.long)
    mean = prompt_emb.reshape(classes, templates, -1).mean(1)
    per_class = mean / torch.sqrt((mean * mean).sum(1, keepdim=True) + 1e-12)
    predicted = (image_emb @ per_class.T).argmax(1)
    sims = image_emb @ prompt_emb.T
    f = lambda x: f"{x:.3f}"
    per_digit = ", ".join(f"{d}: {f(float((predicted[labels == d] == d).float().mean())) if (labels == d).any() else '-'}" for d in range(classes))
    return {
        "kind": "table",
        "title": f"Zero-shot and retrieval on {n} held-out images",
        "columns": ["measure", "value"],
        "rows": [
            ["zero-shot accuracy", f(float((predicted == labels).float().mean()))],
            ["image -> caption recall@1", f(recall_at(sims, labels, prompt_labels, 1))],
            ["image -> caption recall@5", f(recall_at(sims, labels, prompt_labels, min(5, classes * templates)))],
            ["caption -> image recall@1", f(recall_at(sims.T, prompt_labels, labels, 1))],
            ["caption -> image recall@5", f(recall_at(sims.T, prompt_labels, labels, min(5, n)))],
            ["zero-shot accuracy per digit", per_digit],
        ],
    }
