"""The tiny GPT of bench/tiny-gpt.ts in PyTorch, timed the same way: the reference the wasm
engine is compared against. Same shapes, same blocks (pre-LN, GELU tanh, learned positions,
tied head), AdamW with grad-norm clipping. Prints one JSON line.

Run it as bench/train-bench.ts does: OPENBLAS_CORETYPE unset, OPENBLAS_NUM_THREADS=2, and
torch.set_num_threads(1) (set below), so BLAS gets both cores and torch adds no threads of its own.
"""

import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

args = dict(a.split("=", 1) for a in sys.argv[1:])
V = int(args.get("vocab", 65))
D = int(args.get("d", 128))
L = int(args.get("layers", 2))
H = int(args.get("heads", 4))
T = int(args.get("t", 64))
B = int(args.get("b", 16))
STEPS = int(args.get("steps", 50))
WARMUP = int(args.get("warmup", 5))
# "cuda" where PyTorch has a GPU: the figure a webgpu run on the same GPU is held against
DEVICE = torch.device(args.get("device", "cpu"))

torch.set_num_threads(int(args.get("torch_threads", 1)))
torch.manual_seed(1337)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.q, self.k, self.v, self.o = (nn.Linear(D, D) for _ in range(4))
        self.ln2 = nn.LayerNorm(D)
        self.fc1 = nn.Linear(D, 4 * D)
        self.fc2 = nn.Linear(4 * D, D)
        self.register_buffer("mask", torch.full((T, T), float("-inf")).triu(1))

    def forward(self, x):
        b, t, _ = x.shape
        h = self.ln1(x)
        split = lambda z: z.view(b, t, H, D // H).transpose(1, 2)
        q, k, v = split(self.q(h)), split(self.k(h)), split(self.v(h))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(D // H) + self.mask[:t, :t]
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, D)
        x = x + self.o(y)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(V, D)
        self.pos = nn.Parameter(torch.randn(T, D) * 0.02)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.ln_f = nn.LayerNorm(D)

    def forward(self, ids, targets):
        x = self.embed(ids) + self.pos[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x)
        logits = self.ln_f(x) @ self.embed.weight.t()
        return F.cross_entropy(logits.view(-1, V), targets.view(-1))


def blas_library():
    """Which BLAS the process actually mapped (the alternatives system decides, not torch)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower()}
        return ", ".join(sorted(libs)) or "none mapped"
    except OSError:
        return "unknown"


model = TinyGpt().to(DEVICE)
# The engine's init: N(0, 0.02) matrices, residual-writing projections scaled by 1/sqrt(2L),
# zero biases, unit LayerNorm gains.
with torch.no_grad():
    for name, p in model.named_parameters():
        if p.dim() >= 2:
            std = 0.02 / math.sqrt(2 * L) if name.endswith(("o.weight", "fc2.weight")) else 0.02
            p.normal_(0, std)
        elif name.endswith("bias"):
            p.zero_()  # LayerNorm gains stay 1
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.01)
gen = torch.Generator().manual_seed(0)
batches = [(torch.randint(0, V, (B, T), generator=gen).to(DEVICE), torch.randint(0, V, (B, T), generator=gen).to(DEVICE)) for _ in range(8)]


def step(i):
    ids, targets = batches[i % len(batches)]
    loss = model(ids, targets)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item()


for i in range(WARMUP):
    step(i)
t0 = time.perf_counter()
for i in range(STEPS):
    loss = step(i)
ms = (time.perf_counter() - t0) * 1000 / STEPS
print(
    json.dumps(
        {
            "msPerStep": ms,
            "tokensPerSec": B * T * 1000 / ms,
            "loss": loss,
            "steps": STEPS,
            "torch": torch.__version__,
            "python": sys.executable,
            "blas": blas_library(),
            "device": str(DEVICE) if DEVICE.type != "cuda" else f"cuda ({torch.cuda.get_device_name(DEVICE)})",
            "torchThreads": torch.get_num_threads(),
            "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"),
            "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
        }
    )
)
