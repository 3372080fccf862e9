#!/usr/bin/env bash
# The GPU check, on the GPU machine, from the checkout's root (the pack made by bench/gpu-pack/pack.sh
# in .gpu-pack/): PyTorch on CUDA against the engine for every sample (50 steps), the causal sample's
# tokens/s on CUDA, webgpu (Dawn) against wasm for every sample (20 steps), and the bench shape on
# wasm, webgpu (with and without the fused kernels) and PyTorch CUDA; --fsdp and torchrun
# (distributed-check.sh). Logs go to $OUT (default gpu-check-out/); about 5 minutes on an H200.
#   DEVICE=cpu bash .gpu-pack/check.sh    # the same on a machine without CUDA, to try the pack
#   CHECKS="bench compile" bash .gpu-pack/check.sh    # some of: bench causal compile parity webgpu distributed
set -u
OUT=${OUT:-gpu-check-out}
DEVICE=${DEVICE:-cuda}
CHECKS=${CHECKS:-bench causal compile parity webgpu distributed}
want() { [[ " $CHECKS " == *" $1 "* ]]; }
mkdir -p "$OUT"
exec > >(tee "$OUT/check.log") 2>&1
T0=$(date +%s)
at() { echo "== $(($(date +%s) - T0))s: $*"; }
PY=${PRETRAIN_LAB_PYTHON:-python3}
mkdir -p /tmp/gpu-pack-node
"$PY" - <<'PYEOF'
import lzma, os, shutil, tarfile
with lzma.open('.gpu-pack/node.xz') as src, open('/tmp/gpu-pack-node/node', 'wb') as dst:
    shutil.copyfileobj(src, dst)
os.chmod('/tmp/gpu-pack-node/node', 0o755)
tarfile.open('.gpu-pack/corpora.txz').extractall('.')
tarfile.open('.gpu-pack/js.tgz').extractall('.gpu-pack')
PYEOF
# a Vulkan loader shipped as .deb files beside the pack (a bare image may lack libvulkan1)
for f in .gpu-pack/debs/*.deb; do [ -e "$f" ] && dpkg -x "$f" / && ldconfig; done
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; fi
done
export PATH=/tmp/gpu-pack-node:$PATH PYTHONUNBUFFERED=1
JS=.gpu-pack/js
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>/dev/null || echo "no nvidia-smi"
"$PY" -c 'import sys, torch, numpy; print("python", sys.version.split()[0], "torch", torch.__version__, "numpy", numpy.__version__, "cuda", torch.cuda.is_available())'
node -v
mkdir -p /tmp/gpu-pack-causal && node $JS/cli-entry.js export samples/causal-lm.graph.json --target pytorch -o /tmp/gpu-pack-causal/causal.py
if want bench; then
  at "the bench shape alone on the machine: wasm, webgpu (Dawn) with and without the fused kernels, PyTorch on CUDA"
  timeout 170 node $JS/train-bench.js --backend webgpu --breakdown --steps=20 --warmup=5 > "$OUT/bench.log" 2>&1; echo "exit $?" >> "$OUT/bench.log"
fi
if want causal; then
  at "the causal sample exported, on $DEVICE, 400 steps, alone"
  timeout 120 "$PY" /tmp/gpu-pack-causal/causal.py --device "$DEVICE" --json --no-outputs --steps 400 --compile no > "$OUT/causal.log" 2>&1
fi
if want compile; then
  at "the causal sample under torch.compile, 300 steps, alone"
  timeout 110 "$PY" /tmp/gpu-pack-causal/causal.py --device "$DEVICE" --json --no-outputs --steps 300 --compile yes > /tmp/gpu-pack-causal/compiled.jsonl 2>&1
  (echo "--- --compile yes, 300 steps (exit $?), alone"; grep -v '"event":"step"' /tmp/gpu-pack-causal/compiled.jsonl | tail -4; grep '"step":\(1\|2\|100\|200\|300\),' /tmp/gpu-pack-causal/compiled.jsonl) >> "$OUT/causal.log" 2>&1
fi
# continued pretraining starts from a masked-LM run: one step is enough for its shapes
if want parity || want webgpu; then
  [ -d runs/masked-lm ] || node $JS/cli-entry.js train samples/masked-lm.graph.json --steps 1 --backend wasm --out runs/masked-lm > /dev/null
fi
at "at once: ${CHECKS}, less what ran alone"
P=()
group() { (timeout 260 node "$@" > "$OUT/$LOG" 2>&1; echo "exit $?" >> "$OUT/$LOG") & P+=($!); }
if want parity; then
  LOG=parity-a.log group $JS/torch-parity.js --samples causal-lm,masked-lm,prefix-lm --device "$DEVICE"
  LOG=parity-b.log group $JS/torch-parity.js --samples span-corruption,ul2-mixture,causal-lm-bpe --device "$DEVICE"
  LOG=parity-c.log group $JS/torch-parity.js --samples diffusion-ddpm,contrastive-clip,continued-pretraining --device "$DEVICE"
fi
if want webgpu; then
  LOG=webgpu-a.log group $JS/webgpu-check.js --samples causal-lm,causal-lm-bpe,continued-pretraining --steps 20
  LOG=webgpu-b.log group $JS/webgpu-check.js --samples masked-lm,prefix-lm,contrastive-clip --steps 20
  LOG=webgpu-c.log group $JS/webgpu-check.js --samples span-corruption,ul2-mixture,diffusion-ddpm --steps 20
fi
if want distributed; then
  (JS=$JS OUT=$OUT DEVICE=$DEVICE timeout 280 bash .gpu-pack/distributed-check.sh > "$OUT/distributed.log" 2>&1; echo "exit $?" >> "$OUT/distributed.log") &
  P+=($!)
fi
# never a bare wait: it would wait for the tee this script writes its log through
[ ${#P[@]} -gt 0 ] && wait "${P[@]}"
at "done: the figures"
grep -h '^{"event":"\(parity\|webgpu-check\|distributed-check\)"' "$OUT"/*.log | cut -c1-600
grep -h 'tokens/s\|AdamW' "$OUT/bench.log" 2> /dev/null
