class TokenEmbedding(NodeModule):
    """A learnt [vocab_size, dModel] table; ids -> their rows, and the table itself (for tying).
    With `shared`, the table arrives as the `sharedTable` input and none is made."""

    def __init__(self, node_id: str, seed: int, p, vocab_size: int, shared: bool):
        super().__init__(node_id, seed)
        self.shared = shared
        if not shared:
            self.add_weight("table", [vocab_size, p.dModel], {"kind": "normal", "std": p.initStd})

    def forward(self, step: StepContext, ids, sharedTable=None) -> dict:
        table = sharedTable if self.shared else self.table
        return {"hidden": F.embedding(ids, table), "table": table}
