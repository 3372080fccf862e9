class LmHead(NodeModule):
    """hidden [B, T, D] -> logits [B, T, V], through its own [D, V] matrix or the tied embedding table (logits = hidden . table^T)."""

    def __init__(self, node_id: str, seed: int, p, width: int, vocab_size: int, tied: bool):
        super().__init__(node_id, seed)
        self.tied = tied
        if not tied:
            self.add_weight("weight", [width, vocab_size], {"kind": "normal", "std": 0.02})
        self.has_bias = p.bias
        if p.bias:
            self.add_weight("bias", [vocab_size], {"kind": "zeros"})

    def forward(self, step: StepContext, hidden, tiedTable=None) -> dict:
        logits = hidden @ (tiedTable.t() if self.tied else self.weight)
        return {"logits": logits + self.bias if self.has_bias else logits}
