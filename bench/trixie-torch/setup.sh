#!/usr/bin/env bash
# A newer PyTorch than this machine's, without a GPU or pip: Debian 13 (trixie) in a chroot, with its
# python3-torch (2.6: FSDP, torchrun, torch.compile) — Debian 12's 1.13 has none of them, so the
# exported program's --fsdp, torchrun and --compile paths otherwise run only where a GPU is lent.
# As root (chroot and mount need it; so does the python3 beside this script), from the checkout:
# about 2.5 minutes and 2 GB the first time, then only the mounts (again after a reboot).
#   bash bench/trixie-torch/setup.sh
#   PRETRAIN_LAB_PYTHON=$PWD/bench/trixie-torch/python3 npx pretrain-lab train samples/causal-lm.graph.json --backend pytorch --devices 2 --fsdp --steps 20
#   PRETRAIN_LAB_PYTHON=$PWD/bench/trixie-torch/python3 DEVICE=cpu CHECKS=distributed bash .gpu-pack/check.sh   # after bench/gpu-pack/pack.sh
#   bash bench/trixie-torch/setup.sh --unmount   # before deleting the chroot: it holds the checkout and /tmp
# TRIXIE_ROOT sets where (default /opt/pretrain-lab-trixie; the python3 beside this script reads it
# too; with sudo: sudo TRIXIE_ROOT=... bash ...).
set -euo pipefail
ROOT=${TRIXIE_ROOT:-/opt/pretrain-lab-trixie}
HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
CHECKOUT=$(CDPATH='' cd -- "$HERE/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "setup.sh: run it as root (debootstrap, chroot and mount need it)" >&2; exit 1; }
MOUNTS=(/proc /dev /dev/shm /tmp "$CHECKOUT")
# g++ and libtorch-dev (ATen's headers): torch.compile's CPU code generator compiles C++ against them
PACKAGES=(python3-torch python3-numpy g++ libtorch-dev)
if [ "${1:-}" = --unmount ]; then
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    if mountpoint -q "$ROOT${MOUNTS[i]}"; then umount "$ROOT${MOUNTS[i]}"; fi
  done
  echo "unmounted; the chroot can go: rm -rf --one-file-system $ROOT"
  exit 0
fi
# written only once debootstrap has installed everything: a run that died halfway is redone
READY=$ROOT/.pretrain-lab-ready
if [ ! -e "$READY" ]; then
  command -v debootstrap > /dev/null || { apt-get update && apt-get install -y debootstrap; }
  if [ -e "$ROOT" ] && [ -n "$(ls -A "$ROOT" 2> /dev/null)" ]; then
    echo "setup.sh: $ROOT holds an unfinished chroot: run setup.sh --unmount, then rm -rf --one-file-system $ROOT, and run this again" >&2
    exit 1
  fi
  debootstrap --variant=minbase --include="$(echo "${PACKAGES[@]}" | tr ' ' ,)" trixie "$ROOT" http://deb.debian.org/debian
  touch "$READY"
fi
# a chroot made before a package joined the list gets it now
if ! chroot "$ROOT" dpkg -s "${PACKAGES[@]}" > /dev/null 2>&1; then
  cp /etc/resolv.conf "$ROOT/etc/"
  chroot "$ROOT" apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
# the host's names (torch's rendezvous looks up this machine's own name) and resolver
cp /etc/hosts /etc/resolv.conf "$ROOT/etc/"
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
for dir in "${MOUNTS[@]:1}"; do
  mkdir -p "$ROOT$dir"
  mountpoint -q "$ROOT$dir" || mount --bind "$dir" "$ROOT$dir"
done
cd "$CHECKOUT"
"$HERE/python3" -c 'import sys, torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__, "python", sys.version.split()[0])'
