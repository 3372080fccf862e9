class TimestepEmbedding(NodeModule):
    """timesteps [B] -> vectors [B, dModel]: sines and cosines of t at dModel / 2 frequencies from 1
    down to 1/10000, then Linear, GELU, Linear (N(0, 1/dModel) weights, zero biases)."""

    def __init__(self, node_id: str, seed: int, p):
        super().__init__(node_id, seed)
        self.width = p.dModel
        for name in ("w1", "w2"):
            self.add_weight(name, [p.dModel, p.dModel], {"kind": "normal", "std": math.sqrt(1 / p.dModel)})
            self.add_weight(name.replace("w", "b"), [p.dModel], {"kind": "zeros"})

    def forward(self, step: StepContext, timesteps) -> dict:
        half = self.width // 2
        freqs = torch.exp(torch.arange(half, dtype=torch.float32, device=timesteps.device) * (-math.log(10000) / half))
        args = timesteps.float().reshape(-1, 1) * freqs.reshape(1, half)
        features = torch.cat([torch.sin(args), torch.cos(args)], 1)
        return {"vectors": F.gelu(features @ self.w1 + self.b1, approximate="tanh") @ self.w2 + self.b2}
