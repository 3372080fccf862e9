class ImageEncoder(NodeModule):
    """images [B, P] -> vectors [B, dModel]: Linear (He start), GELU, Linear."""

    def __init__(self, node_id: str, seed: int, p, pixels: int):
        super().__init__(node_id, seed)
        self.add_weight("w1", [pixels, p.hidden], {"kind": "normal", "std": math.sqrt(2 / pixels)})
        self.add_weight("b1", [p.hidden], {"kind": "zeros"})
        self.add_weight("w2", [p.hidden, p.dModel], {"kind": "normal", "std": math.sqrt(1 / p.hidden)})
        self.add_weight("b2", [p.dModel], {"kind": "zeros"})

    def forward(self, step: StepContext, images) -> dict:
        return {"vectors": F.gelu(images @ self.w1 + self.b1, approximate="tanh") @ self.w2 + self.b2}
