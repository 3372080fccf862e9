"""Debian's python3-torch 2.6 is built without libuv, yet its torchrun asks every TCPStore for a
libuv server ("use_libuv was requested but PyTorch was build without libuv support") and fails
before the program starts. This makes the stores that do not choose default to the classic server,
for testing torchrun in this chroot only (loaded by bench/trixie-torch/python3). A store created with
use_libuv=True explicitly, as init_process_group's does, still fails: the exported program's own
fallback (join_ranks) is what gets past that one, so `--devices N` tests it."""
import sys


def _patch():
    import torch.distributed as dist

    if not dist.is_available():
        return

    class ClassicTCPStore(dist.TCPStore):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("use_libuv", False)
            super().__init__(*args, **kwargs)

    dist.TCPStore = ClassicTCPStore
    import torch.distributed.elastic.rendezvous.c10d_rendezvous_backend  # noqa: F401
    import torch.distributed.elastic.rendezvous.static_tcp_rendezvous  # noqa: F401

    # by module: `torch.distributed.rendezvous` as an attribute is the function of that name
    for name in ("torch.distributed.rendezvous", "torch.distributed.elastic.rendezvous.c10d_rendezvous_backend", "torch.distributed.elastic.rendezvous.static_tcp_rendezvous"):
        sys.modules[name].TCPStore = ClassicTCPStore


try:
    _patch()
except Exception as e:  # a broken shim must not break every Python in the chroot
    print(f"bench/trixie-torch/libuv-shim: not applied ({type(e).__name__}: {e})", file=sys.stderr)
