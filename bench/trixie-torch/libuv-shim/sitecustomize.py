"""Debian's python3-torch 2.6 is built without libuv, yet its torchrun asks every TCPStore for a
libuv server ("use_libuv was requested but PyTorch was build without libuv support") and fails
before the program starts. This makes those stores default to the classic server, for testing
torchrun in this chroot only: the exported program needs no shim (it falls back by itself), torchrun
does. Loaded by bench/trixie-torch/python3."""
import sys

try:
    import torch.distributed as _dist
except ImportError:
    _dist = None

if _dist is not None and _dist.is_available():

    class _ClassicTCPStore(_dist.TCPStore):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("use_libuv", False)
            super().__init__(*args, **kwargs)

    _dist.TCPStore = _ClassicTCPStore
    import torch.distributed.elastic.rendezvous.c10d_rendezvous_backend  # noqa: F401
    import torch.distributed.elastic.rendezvous.static_tcp_rendezvous  # noqa: F401

    # by module: `torch.distributed.rendezvous` as an attribute is the function of that name
    for _name in ("torch.distributed.rendezvous", "torch.distributed.elastic.rendezvous.c10d_rendezvous_backend", "torch.distributed.elastic.rendezvous.static_tcp_rendezvous"):
        sys.modules[_name].TCPStore = _ClassicTCPStore
