class CrossEntropy(NodeModule):
    """Weighted softmax cross-entropy, sum_i w_i ce_i / max(sum_i w_i, 1e-8) over every position
    (engine/runtime/cross-entropy.ts); with label smoothing s the target is (1 - s) one-hot + s / V.
    On several ranks it returns this rank's share: its positions' sum over the global weight."""

    def __init__(self, node_id: str, seed: int, p, specials: list, mask_id=None, branches: list = ()):
        super().__init__(node_id, seed)
        self.smoothing = p.labelSmoothing
        self.specials = specials
        self.mask_id = mask_id
        self.branches = list(branches)

    def forward(self, step: StepContext, logits, targets, weights=None, inputs=None, branch=None) -> dict:
        flat = logits.reshape(-1, logits.shape[-1]).float()
        picked = flat.gather(1, targets.reshape(-1, 1)).squeeze(1)
        if self.smoothing > 0:
            picked = picked * (1 - self.smoothing) + flat.mean(1) * self.smoothing
        ce = torch.logsumexp(flat, 1) - picked
        w = weights.reshape(-1).float() if weights is not None else torch.ones_like(ce)
        total = torch.clamp(step.global_sum(w.sum()), min=1e-8)
        return {"loss": (ce * w).sum() / total}

    def metrics(self) -> "AccuracyMetrics":
        return AccuracyMetrics(self.specials, self.mask_id, self.branches)


class AccuracyMetrics:
    """Held-out accuracy over positions with weight > 0, and what always guessing the most frequent
    target would score; with special targets among them, the same over the text targets alone.
    Given the ids the model read at the targets' positions (a masked LM), the headline counts only
    positions whose input hides the target, and masked/random/kept accuracies split them by kind.
    Given branch names and a `branch` input, also each branch's loss (no label smoothing) and accuracy."""

    KINDS = ("masked", "random", "kept")

    def __init__(self, specials: list, mask_id=None, branches: list = ()):
        self.specials = set(specials)
        self.mask_id = mask_id
        self.branches = list(branches)
        # per branch: weight, weighted -log p(target), weighted hits
        self.per_branch = [[0.0, 0.0, 0.0] for _ in self.branches]
        self.all = [0.0, 0.0, {}]
        self.text = [0.0, 0.0, {}]
        self.by_input = {k: [0.0, 0.0, {}] for k in self.KINDS}

    @staticmethod
    def add(tally, target: int, hit: bool, w: float) -> None:
        tally[0] += w
        tally[1] += w if hit else 0.0
        tally[2][target] = tally[2].get(target, 0.0) + w

    def update(self, inputs: dict, outputs: dict) -> None:
        predicted = inputs["logits"].argmax(-1).reshape(-1).tolist()
        targets = inputs["targets"].reshape(-1).tolist()
        weights = inputs["weights"].reshape(-1).tolist() if inputs.get("weights") is not None else [1.0] * len(targets)
        seen = inputs["inputs"].reshape(-1).tolist() if inputs.get("inputs") is not None else None
        branch = inputs["branch"].reshape(-1).tolist() if self.branches and inputs.get("branch") is not None else None
        if branch is not None:
            logits = inputs["logits"].float()
            nll = (torch.logsumexp(logits, -1) - logits.gather(-1, inputs["targets"].long().unsqueeze(-1)).squeeze(-1)).reshape(-1).tolist()
            per_example = len(targets) // len(branch)
        for i, (p, t, w) in enumerate(zip(predicted, targets, weights)):
            if not w > 0:
                continue
            if seen is not None:
                kind = "kept" if seen[i] == t else "masked" if seen[i] == self.mask_id else "random"
                self.add(self.by_input[kind], t, p == t, w)
                # the input shows the answer: no measure of what the model learnt
                if kind == "kept":
                    continue
            self.add(self.all, t, p == t, w)
            if t not in self.specials:
                self.add(self.text, t, p == t, w)
            if branch is not None and 0 <= branch[i // per_example] < len(self.per_branch):
                tally = self.per_branch[branch[i // per_example]]
                tally[0] += w
                tally[1] += w * nll[i]
                tally[2] += w if p == t else 0.0

    @staticmethod
    def rates(tally):
        total, correct, per = tally
        return (correct / total, max(per.values()) / total) if total > 0 else (0.0, 0.0)

    def result(self) -> dict:
        accuracy, baseline = self.rates(self.all)
        out = {"accuracy": accuracy, "baselineAccuracy": baseline}
        if self.text[0] < self.all[0]:
            out["textAccuracy"], out["textBaselineAccuracy"] = self.rates(self.text)
        for kind, tally in self.by_input.items():
            if tally[0] > 0:
                out[f"{kind}.accuracy"] = self.rates(tally)[0]
        for name, (weight, loss, hits) in zip(self.branches, self.per_branch):
            if weight > 0:
                out[f"{name}.loss"], out[f"{name}.accuracy"] = loss / weight, hits / weight
        return out
