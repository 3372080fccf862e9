class TransformerStack(NodeModule):
    """A pre-LN transformer stack as the engine builds it (engine/runtime/transformer-block.ts):
    per block x += attn(ln1(x)); [x += cross(lnCross(x), memory)]; x += mlp(ln2(x)); then a final
    LayerNorm. GPT-2 style start:
    N(0, 0.02) weights, the two projections that write into the residual stream at
    0.02 / sqrt(2 layers), zero biases, unit LayerNorm gains. LayerNorm eps 1e-5, GELU with the
    tanh approximation, masked scores at -1e9 (not -inf, as the engine), dropout on each
    sublayer's output while training."""

    def __init__(self, node_id: str, seed: int, p, width: int, causal: bool, pad=None, cross: bool = False):
        super().__init__(node_id, seed)
        # an encoder given its ids attends to none of their [PAD] keys; a decoder given the ids its
        # memory was made of cross-attends to none of theirs
        self.pad = pad
        self.cross = cross
        if width % p.heads:
            raise ValueError(f"node {node_id}: d_model {width} is not divisible by heads {p.heads}")
        self.layers, self.heads, self.width, self.causal, self.dropout = p.layers, p.heads, width, causal, p.dropout
        ffn = width * p.ffnMultiplier
        resid = 0.02 / math.sqrt(2 * p.layers)
        for i in range(p.layers):
            self.norm(f"block{i}.ln1", width)
            self.attention_weights(f"block{i}.attn", width, resid)
            if cross:
                self.norm(f"block{i}.lnCross", width)
                self.attention_weights(f"block{i}.cross", width, resid)
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

    def attention_weights(self, name: str, width: int, resid: float) -> None:
        for w in "qkvo":
            self.add_weight(f"{name}.w{w}", [width, width], {"kind": "normal", "std": resid if w == "o" else 0.02})
            self.add_weight(f"{name}.b{w}", [width], {"kind": "zeros"})

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

    def attention(self, x, name: str, key_mask=None, prefix=None, bias=None, memory=None):
        """Self-attention over x, or (given memory) cross-attention: queries from x, keys and values from memory."""
        b, t, d = x.shape
        dh = d // self.heads
        source = x if memory is None else memory
        split = lambda y, w: (y @ self.get(f"{name}.w{w}") + self.get(f"{name}.b{w}")).view(b, y.shape[1], self.heads, dh).transpose(1, 2)
        q, k, v = split(x, "q") * (1.0 / math.sqrt(dh)), split(source, "k"), split(source, "v")
        scores = q @ k.transpose(-2, -1)
        # cross-attention reads the whole memory: causal only over x itself
        causal = self.causal and memory is None
        if causal and prefix is not None and prefix.numel() > 0:
            # a prefix LM: query i of example b sees key j when j <= max(i, prefix[b] - 1)
            positions = torch.arange(t, device=x.device)
            last = torch.maximum(positions[None, :, None], prefix.reshape(-1, 1, 1) - 1)
            scores = scores + (positions[None, None, :] > last).to(scores.dtype)[:, None] * -1e9
        elif causal:
            scores = scores + torch.triu(torch.full((t, t), -1e9, device=x.device, dtype=scores.dtype), diagonal=1)
        if key_mask is not None:
            scores = scores + key_mask
        if bias is not None:
            scores = scores + bias
        out = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, d)
        return out @ self.get(f"{name}.wo") + self.get(f"{name}.bo")

    def forward(self, step: StepContext, hidden, ids=None, prefix=None, memory=None, memoryIds=None) -> dict:
        # the engine's masks (engine/runtime/activations.ts): its stream for this node's step seed and
        # each dropout site in turn, drawn in its time-major order; on several ranks, this rank's rows
        node_seed = hash_seed(step.seed, self.node_id)
        site = [0]

        def drop(y):
            seed = node_seed + 7919 * site[0]
            site[0] += 1
            if self.dropout <= 0 or not step.training:
                return y
            b, t, d = y.shape
            world = step.world
            rows = b * world.size if world is not None else b
            u = Rng("dropout", seed).next_many(t * rows * d).reshape(t, rows, d)
            if world is not None:
                u = u[:, world.rows(rows)]
            mask = np.where(u >= self.dropout, np.float32(1.0 / (1.0 - self.dropout)), np.float32(0.0)).astype(np.float32)
            return y * torch.from_numpy(np.ascontiguousarray(mask.transpose(1, 0, 2))).to(y.device, y.dtype)

        # [B, 1, 1, S]: -1e9 for every key that is [PAD]
        padding = lambda keys: (keys == self.pad).to(hidden.dtype)[:, None, None, :] * -1e9 if self.pad is not None and keys is not None else None
        key_mask = padding(ids) if not self.causal else None
        memory_mask = padding(memoryIds) if memory is not None else None
        if self.cross and memory is None:
            raise ValueError(f"node {self.node_id}: this stack has cross-attention weights but was given no memory to attend to")
        bias = self.relative_bias(hidden.shape[1], hidden.device) if self.reach > 0 else None
        h = hidden
        for i in range(self.layers):
            h = h + drop(self.attention(self.layer_norm(h, f"block{i}.ln1"), f"block{i}.attn", key_mask, prefix, bias))
            if self.cross:
                h = h + drop(self.attention(self.layer_norm(h, f"block{i}.lnCross"), f"block{i}.cross", memory_mask, memory=memory))
            inner = F.gelu(self.layer_norm(h, f"block{i}.ln2") @ self.get(f"block{i}.mlp.w1") + self.get(f"block{i}.mlp.b1"), approximate="tanh")
            h = h + drop(inner @ self.get(f"block{i}.mlp.w2") + self.get(f"block{i}.mlp.b2"))
        return {"hidden": self.layer_norm(h, "lnFinal")}
