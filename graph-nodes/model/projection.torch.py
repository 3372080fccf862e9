class Projection(NodeModule):
    """vectors [B, D] -> [B, dim] through a learnt matrix (N(0, 1/D) start), scaled to length 1 when `normalize`."""

    def __init__(self, node_id: str, seed: int, p, width: int):
        super().__init__(node_id, seed)
        self.normalize = p.normalize
        self.add_weight("weight", [width, p.dim], {"kind": "normal", "std": math.sqrt(1 / width)})

    def forward(self, step: StepContext, vectors) -> dict:
        out = vectors @ self.weight
        return {"vectors": out / torch.sqrt((out * out).sum(-1, keepdim=True) + 1e-12) if self.normalize else out}
