def sinusoidal_table(length: int, d: int) -> torch.Tensor:
    """PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(...), in float64 then float32 as the engine fills it."""
    table = np.zeros((length, d), dtype=np.float64)
    for i in range(0, d, 2):
        angle = np.arange(length) / math.pow(10000, i / d)
        table[:, i] = np.sin(angle)
        if i + 1 < d:
            table[:, i + 1] = np.cos(angle)
    return torch.from_numpy(table.astype(np.float32))


class PositionalEmbedding(NodeModule):
    """Adds a vector per position: a learnt [maxLength, D] table, or fixed sinusoids. A sequence
    shorter than maxLength (a prompt) gets the first rows."""

    def __init__(self, node_id: str, seed: int, p, width: int):
        super().__init__(node_id, seed)
        self.max_length = p.maxLength
        if p.kind == "sinusoidal":
            self.register_buffer("fixed", sinusoidal_table(p.maxLength, width), persistent=False)
        else:
            self.add_weight("table", [p.maxLength, width], {"kind": "normal", "std": 0.02})

    def forward(self, step: StepContext, hidden) -> dict:
        t = hidden.shape[1]
        if t > self.max_length:
            raise ValueError(f"node {self.node_id}: the sequence has {t} positions but the position table only {self.max_length}")
        table = self.fixed if hasattr(self, "fixed") else self.table
        return {"hidden": hidden + table[:t]}
