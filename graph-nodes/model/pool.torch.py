class Pool(NodeModule):
    """hidden [B, T, D] -> [B, D]: the mean over positions (skipping [PAD] of `ids`, given pad), or the first position's vector."""

    def __init__(self, node_id: str, seed: int, p, pad=None):
        super().__init__(node_id, seed)
        self.kind = p.kind
        self.pad = pad

    def forward(self, step: StepContext, hidden, ids=None) -> dict:
        if self.kind == "first":
            return {"vectors": hidden[:, 0]}
        if self.pad is None or ids is None:
            return {"vectors": hidden.mean(1)}
        real = (ids != self.pad).to(hidden.dtype).unsqueeze(-1)
        # at least one real position per sequence; the max only keeps an all-[PAD] row finite
        return {"vectors": (hidden * real).sum(1) / torch.clamp(real.sum(1), min=1)}
