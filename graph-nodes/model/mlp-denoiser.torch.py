class MlpDenoiser(NodeModule):
    """noisy images [B, P] and step vectors [B, H] -> the predicted noise [B, P]
    (graph-nodes/model/mlp-denoiser.run.ts): the image into H units plus the step; `blocks`
    residual blocks (LayerNorm, H -> 2H with the step added, GELU, back to H); LayerNorm, GELU,
    back to P pixels; plus x_t times a per-pixel factor the step sets (that skip starts at zero)."""

    def __init__(self, node_id: str, seed: int, p, pixels: int):
        super().__init__(node_id, seed)
        H = p.hidden
        self.blocks = p.blocks
        self.width = H
        w = lambda name, rows, cols, std=None: self.add_weight(name, [rows, cols], {"kind": "normal", "std": math.sqrt(1 / rows) if std is None else std})
        b = lambda name, n: self.add_weight(name, [n], {"kind": "zeros"})
        ones = lambda name, n: self.add_weight(name, [n], {"kind": "ones"})
        w("in.w", pixels, H)
        b("in.b", H)
        for i in range(p.blocks):
            ones(f"block{i}.ln.gain", H)
            b(f"block{i}.ln.bias", H)
            w(f"block{i}.up.w", H, 2 * H)
            b(f"block{i}.up.b", 2 * H)
            w(f"block{i}.time.w", H, 2 * H)
            w(f"block{i}.down.w", 2 * H, H, math.sqrt(1 / (2 * H)) / math.sqrt(p.blocks))
            b(f"block{i}.down.b", H)
        ones("out.ln.gain", H)
        b("out.ln.bias", H)
        w("out.w", H, pixels, 0.01)
        b("out.b", pixels)
        self.add_weight("skip.w", [H, pixels], {"kind": "zeros"})
        b("skip.b", pixels)

    def norm(self, x, name: str):
        return F.layer_norm(x, (self.width,), self.get(f"{name}.gain"), self.get(f"{name}.bias"), eps=1e-5)

    def forward(self, step: StepContext, noisy, time) -> dict:
        g = self.get
        h = noisy @ g("in.w") + g("in.b") + time
        for i in range(self.blocks):
            up = self.norm(h, f"block{i}.ln") @ g(f"block{i}.up.w") + g(f"block{i}.up.b") + time @ g(f"block{i}.time.w")
            h = h + F.gelu(up, approximate="tanh") @ g(f"block{i}.down.w") + g(f"block{i}.down.b")
        skip = (time @ g("skip.w") + g("skip.b")) * noisy
        return {"noise": F.gelu(self.norm(h, "out.ln"), approximate="tanh") @ g("out.w") + g("out.b") + skip}
