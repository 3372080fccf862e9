#!/usr/bin/env bash
# A newer PyTorch than this machine's, without a GPU or pip: Debian 13 (trixie) in a chroot, with its
# python3-torch (2.6: FSDP, torchrun, torch.compile) — Debian 12's 1.13 has none of them, so the
# exported program's --fsdp, torchrun and --compile paths otherwise run only where a GPU is lent.
# As root, from anywhere; about 2 minutes and 1.6 GB the first time, then only the mounts.
#   sudo bash bench/trixie-torch/setup.sh
#   PRETRAIN_LAB_PYTHON=$PWD/bench/trixie-torch/python3 npx pretrain-lab train samples/causal-lm.graph.json --backend pytorch --devices 2 --fsdp --steps 20
#   PRETRAIN_LAB_PYTHON=$PWD/bench/trixie-torch/python3 DEVICE=cpu CHECKS=distributed bash .gpu-pack/check.sh   # after bench/gpu-pack/pack.sh
# TRIXIE_ROOT sets where (default /opt/pretrain-lab-trixie; bench/trixie-torch/python3 reads it too).
set -euo pipefail
ROOT=${TRIXIE_ROOT:-/opt/pretrain-lab-trixie}
CHECKOUT=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "setup.sh: run it as root (debootstrap, chroot and mount need it)" >&2; exit 1; }
if [ ! -x "$ROOT/usr/bin/python3" ]; then
  command -v debootstrap > /dev/null || { apt-get update && apt-get install -y debootstrap; }
  # g++: torch.compile's CPU code generator compiles C++
  debootstrap --variant=minbase --include=python3-torch,python3-numpy,g++ trixie "$ROOT" http://deb.debian.org/debian
fi
# the host's names (torch's rendezvous looks up this machine's own name) and resolver
cp /etc/hosts /etc/resolv.conf "$ROOT/etc/"
bind() {
  mkdir -p "$ROOT$1"
  mountpoint -q "$ROOT$1" || mount --bind "$1" "$ROOT$1"
}
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
bind /dev
bind /dev/shm
bind /tmp
bind "$CHECKOUT"
"$(dirname "$0")/python3" -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__, "in", __import__("sys").prefix)'
