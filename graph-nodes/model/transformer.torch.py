class TransformerStack(NodeModule):
    """A pre-LN transformer stack as the engine builds it (engine/runtime/transformer-block.ts):
    per block x += attn(ln1(x)); x += mlp(ln2(x)); then a final LayerNorm. GPT-2 style start:
    N(0, 0.02) weights, the two projections that write into the residual stream at
    0.02 / sqrt(2 layers), zero biases, unit LayerNorm gains. LayerNorm eps 1e-5, GELU with the
    tanh approximation, masked scores at -1e9 (not -inf, as the engine), dropout on each
    sublayer's output while training."""

    def __init__(self, node_id: str, seed: int, p, width: int, causal: bool, pad=None):
        super().__init__(node_id, seed)
        # an encoder given its ids attends to none of their [PAD] keys
        self.pad = pad
        if width % p.heads:
            raise ValueError(f"node {node_id}: d_model {width} is not divisible by heads {p.heads}")
        self.layers, self.heads, self.width, self.causal, self.dropout = p.layers, p.heads, width, causal, p.dropout
        ffn = width * p.ffnMultiplier
        resid = 0.02 / math.sqrt(2 * p.layers)
        for i in range(p.layers):
            self.norm(f"block{i}.ln1", width)
            for w in "qkvo":
                self.add_weight(f"block{i}.attn.w{w}", [width, width], {"kind": "normal", "std": resid if w == "o" else 0.02})
                self.add_weight(f"block{i}.attn.b{w}", [width], {"kind": "zeros"})
            self.norm(f"block{i}.ln2", width)
            self.add_weight(f"block{i}.mlp.w1", [width, ffn], {"kind": "normal", "std": 0.02})
            self.add_weight(f"block{i}.mlp.b1", [ffn], {"kind": "zeros"})
            self.add_weight(f"block{i}.mlp.w2", [ffn, width], {"kind": "normal", "std": resid})
            self.add_weight(f"block{i}.mlp.b2", [width], {"kind": "zeros"})
        self.norm("lnFinal", width)
        # T5's relative positions, clipped at K: one learnt score per head and distance -K..K,
        # shared by every block; flat [(2K+1) * heads] as the engine keeps it (no weight decay)
        self.reach = p.relativePositions
        if self.reach > 0:
            # at -s * |distance| with relativeLocality s (engine/runtime/transformer-block.ts localityBias)
            s = p.relativeLocality
            values = [-s * abs(i // p.heads - self.reach) for i in range((2 * self.reach + 1) * p.heads)]
            self.add_weight("relativeBias", [(2 * self.reach + 1) * p.heads], {"kind": "values", "values": values} if s > 0 else {"kind": "zeros"})

    def norm(self, name: str, width: int) -> None:
        self.add_weight(f"{name}.gamma", [width], {"kind": "ones"})
        self.add_weight(f"{name}.beta", [width], {"kind": "zeros"})

    def layer_norm(self, x, name: str):
        return F.layer_norm(x, (self.width,), self.get(f"{name}.gamma"), self.get(f"{name}.beta"), eps=1e-5)

    def relative_bias(self, t: int, device) -> torch.Tensor:
        """[1, heads, t, t]: head h adds table[clip(j - i, -K, K) + K, h] to query i's score for key j."""
        positions = torch.arange(t, device=device)
        distance = (positions[None, :] - positions[:, None]).clamp(-self.reach, self.reach) + self.reach
        table = self.relativeBias.view(2 * self.reach + 1, self.heads)
        return table[distance].permute(2, 0, 1)[None]

    def attention(self, x, name: str, key_mask=None, prefix=None, bias=None):
        b, t, d = x.shape
        dh = d // self.heads
        split = lambda w: (x @ self.get(f"{name}.w{w}") + self.get(f"{name}.b{w}")).view(b, t, self.heads, dh).transpose(1, 2)
        q, k, v = split("q") * (1.0 / math.sqrt(dh)), split("k"), split("v")
        scores = q @ k.transpose(-2, -1)
        if self.causal and prefix is not None and prefix.numel() > 0:
            # a prefix LM: query i of example b sees key j when j <= max(i, prefix[b] - 1)
            positions = torch.arange(t, device=x.device)
            last = torch.maximum(positions[None, :, None], prefix.reshape(-1, 1, 1) - 1)
            scores = scores + (positions[None, None, :] > last).to(scores.dtype)[:, None] * -1e9
        elif self.causal:
            scores = scores + torch.triu(torch.full((t, t), -1e9, device=x.device, dtype=scores.dtype), diagonal=1)
        if key_mask is not None:
            scores = scores + key_mask
        if bias is not None:
            scores = scores + bias
        out = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        return out @ self.get(f"{name}.wo") + self.get(f"{name}.bo")

    def forward(self, step: StepContext, hidden, ids=None, prefix=None) -> dict:
        drop = lambda y: F.dropout(y, self.dropout, training=step.training) if self.dropout > 0 else y
        # [B, 1, 1, S]: -1e9 for every key that is [PAD]
        key_mask = (ids == self.pad).to(hidden.dtype)[:, None, None, :] * -1e9 if self.pad is not None and ids is not None and not self.causal else None
        bias = self.relative_bias(hidden.shape[1], hidden.device) if self.reach > 0 else None
        h = hidden
        for i in range(self.layers):
            h = h + drop(self.attention(self.layer_norm(h, f"block{i}.ln1"), f"block{i}.attn", key_mask, prefix, bias))
            inner = F.gelu(self.layer_norm(h, f"block{i}.ln2") @ self.get(f"block{i}.mlp.w1") + self.get(f"block{i}.mlp.b1"), approximate="tanh")
            h = h + drop(inner @ self.get(f"block{i}.mlp.w2") + self.get(f"block{i}.mlp.b2"))
        return {"hidden": self.layer_norm(h, "lnFinal")}
