class CrossEntropy(NodeModule):
    """Weighted softmax cross-entropy, sum_i w_i ce_i / max(sum_i w_i, 1e-8) over every position
    (engine/runtime/cross-entropy.ts); with label smoothing s the target is (1 - s) one-hot + s / V.
    On several ranks it returns this rank's share: its positions' sum over the global weight."""

    def __init__(self, node_id: str, seed: int, p, specials: list):
        super().__init__(node_id, seed)
        self.smoothing = p.labelSmoothing
        self.specials = specials

    def forward(self, step: StepContext, logits, targets, weights=None) -> dict:
        flat = logits.reshape(-1, logits.shape[-1]).float()
        picked = flat.gather(1, targets.reshape(-1, 1)).squeeze(1)
        if self.smoothing > 0:
            picked = picked * (1 - self.smoothing) + flat.mean(1) * self.smoothing
        ce = torch.logsumexp(flat, 1) - picked
        w = weights.reshape(-1).float() if weights is not None else torch.ones_like(ce)
        total = torch.clamp(step.global_sum(w.sum()), min=1e-8)
        return {"loss": (ce * w).sum() / total}

    def metrics(self) -> "AccuracyMetrics":
        return AccuracyMetrics(self.specials)


class AccuracyMetrics:
    """Held-out accuracy over positions with weight > 0, and what always guessing the most frequent
    target would score; with special targets among them, the same over the text targets alone."""

    def __init__(self, specials: list):
        self.specials = set(specials)
        self.all = [0.0, 0.0, {}]
        self.text = [0.0, 0.0, {}]

    @staticmethod
    def add(tally, target: int, hit: bool, w: float) -> None:
        tally[0] += w
        tally[1] += w if hit else 0.0
        tally[2][target] = tally[2].get(target, 0.0) + w

    def update(self, inputs: dict, outputs: dict) -> None:
        predicted = inputs["logits"].argmax(-1).reshape(-1).tolist()
        targets = inputs["targets"].reshape(-1).tolist()
        weights = inputs["weights"].reshape(-1).tolist() if inputs.get("weights") is not None else [1.0] * len(targets)
        for p, t, w in zip(predicted, targets, weights):
            if w > 0:
                self.add(self.all, t, p == t, w)
                if t not in self.specials:
                    self.add(self.text, t, p == t, w)

    @staticmethod
    def rates(tally):
        total, correct, per = tally
        return (correct / total, max(per.values()) / total) if total > 0 else (0.0, 0.0)

    def result(self) -> dict:
        accuracy, baseline = self.rates(self.all)
        out = {"accuracy": accuracy, "baselineAccuracy": baseline}
        if self.text[0] < self.all[0]:
            out["textAccuracy"], out["textBaselineAccuracy"] = self.rates(self.text)
        return out
