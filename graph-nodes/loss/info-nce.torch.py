def contrastive_positives(size: int, labels, device) -> torch.Tensor:
    """[B, B]: 1 where items i and j are positives of each other (the diagonal, or the same label)."""
    if labels is None:
        return torch.eye(size, device=device)
    return (labels.reshape(-1, 1) == labels.reshape(1, -1)).float()


def multi_positive_cross_entropy(logits: torch.Tensor, positives: torch.Tensor) -> torch.Tensor:
    """Mean over rows of -log(the probability a row's softmax gives its positives together)."""
    return (torch.logsumexp(logits, 1) - torch.logsumexp(logits + (1 - positives) * -1e9, 1)).mean()


class InfoNce(NodeModule):
    """Symmetric InfoNCE (CLIP), graph-nodes/loss/info-nce.run.ts: similarities s * a.b^T, the
    positives of row i its own column (or every column with its label), cross-entropy over rows
    and over columns, averaged. s = exp(logScale) is learnt (kept at most ln(maxScale)) when
    learnTemperature, else 1 / temperature. Every item is every other's negative, so the loss
    needs the whole batch: the program trains it on one rank."""

    def __init__(self, node_id: str, seed: int, p):
        super().__init__(node_id, seed)
        self.fixed_scale = None if p.learnTemperature else 1 / p.temperature
        if p.learnTemperature:
            self.add_weight("logScale", [], {"kind": "constant", "value": math.log(1 / p.temperature)}, {"max": math.log(p.maxScale)})

    def scale(self) -> torch.Tensor:
        return torch.exp(self.logScale) if self.fixed_scale is None else torch.tensor(self.fixed_scale)

    def forward(self, step: StepContext, a, b, labels=None) -> dict:
        logits = (a @ b.T) * self.scale()
        positives = contrastive_positives(a.shape[0], labels, a.device)
        return {"loss": 0.5 * (multi_positive_cross_entropy(logits, positives) + multi_positive_cross_entropy(logits.T, positives))}

    def metrics(self) -> "PairAccuracy":
        return PairAccuracy(self)


class PairAccuracy:
    """Held-out: how often each a's most similar b in the batch is a positive of it, and the other way; and the scale."""

    def __init__(self, node: InfoNce):
        self.node = node
        self.hits = 0.0
        self.tries = 0.0

    def update(self, inputs: dict, outputs: dict) -> None:
        sims = inputs["a"] @ inputs["b"].T
        positives = contrastive_positives(sims.shape[0], inputs.get("labels"), sims.device)
        rows = positives.gather(1, sims.argmax(1, keepdim=True)).sum()
        cols = positives.T.gather(1, sims.argmax(0).unsqueeze(1)).sum()
        self.hits += float(rows + cols)
        self.tries += 2 * sims.shape[0]

    def result(self) -> dict:
        return {"pairAccuracy": self.hits / self.tries if self.tries > 0 else 0.0, "scale": float(self.node.scale())}
