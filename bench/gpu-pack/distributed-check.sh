#!/usr/bin/env bash
# --fsdp and torchrun where the installed torch has both (2.1 on; Debian's 1.13 on Python 3.11 has
# neither): the causal sample exported, its 20 losses run each way against one process's (on one GPU
# FSDP shards nothing (NO_SHARD): the sharding itself is checked by the two cpu ranks), a run
# resumed under --fsdp against one resumed without, the checkpoints an FSDP run wrote against the
# plain run's, and the engine opening an FSDP run. Run by check.sh (CHECKS=distributed), from the
# checkout's root with the pack unpacked; ends with one JSON line a comparison.
set -u
OUT=${OUT:-gpu-check-out}
PY=${PRETRAIN_LAB_PYTHON:-python3}
JS=${JS:-.gpu-pack/js}
DEVICE=${DEVICE:-cuda}
W=/tmp/pretrain-lab-distributed
rm -rf "$W" && mkdir -p "$W"
node "$JS/cli-entry.js" export samples/causal-lm.graph.json --target pytorch -o "$W/causal.py" || exit 1
# NAME COMMAND...: the program's events in $W/NAME.jsonl, its errors in NAME.err (COMPILE=auto: compiled where it can be)
run() {
  local name=$1
  shift
  timeout 240 "$@" --json --no-outputs --compile "${COMPILE:-no}" > "$W/$name.jsonl" 2> "$W/$name.err"
  echo "$name: exit $?"
  tail -n 3 "$W/$name.err" | cut -c1-400
}
# torchrun of the same Python (a shell function would not do: `timeout` in run() starts commands, not functions)
TORCHRUN=("$PY" -m torch.distributed.run)

echo "-- one $DEVICE: plain, and --fsdp on a group of one; then both resumed to step 30"
run one-plain "$PY" "$W/causal.py" --device "$DEVICE" --steps 20 --out "$W/one-plain" &
run one-fsdp "$PY" "$W/causal.py" --device "$DEVICE" --steps 20 --fsdp --out "$W/one-fsdp" &
wait
cp -r "$W/one-plain/ckpt-0000020" "$W/plain-ckpt-20" 2> /dev/null
cp -r "$W/one-fsdp/ckpt-0000020" "$W/fsdp-ckpt-20" 2> /dev/null
run one-plain-resumed "$PY" "$W/causal.py" --device "$DEVICE" --steps 30 --resume "$W/one-plain" &
run one-fsdp-resumed "$PY" "$W/causal.py" --device "$DEVICE" --steps 30 --fsdp --resume "$W/one-fsdp" &
wait
# FSDP's wrapper under torch.compile (alone: compiling takes the CPU): --compile auto, the default, on
# cuda; on cpu auto compiles nothing, so yes
[ "$DEVICE" = cuda ] && FSDP_COMPILE=auto || FSDP_COMPILE=yes
COMPILE=$FSDP_COMPILE run one-fsdp-compiled "$PY" "$W/causal.py" --device "$DEVICE" --steps 20 --fsdp --out "$W/one-fsdp-compiled"
node "$JS/cli-entry.js" sample "$W/one-fsdp" --tokens 40 --seed 1 > "$W/sample.txt" 2>&1
echo "pretrain-lab sample on the --fsdp run: exit $?: $(head -c 300 "$W/sample.txt")"

echo "-- cpu (gloo): one process; two ranks sharded (--fsdp); two nodes of one rank each, the README's multi-node line"
export CUDA_VISIBLE_DEVICES=
run cpu-one "$PY" "$W/causal.py" --device cpu --steps 20 &
run cpu-fsdp-2 "${TORCHRUN[@]}" --standalone --nproc_per_node 2 "$W/causal.py" --device cpu --steps 20 --fsdp --out "$W/cpu-fsdp-2" &
wait
run cpu-nodes-static-1 "${TORCHRUN[@]}" --nnodes 2 --node_rank 1 --nproc_per_node 1 --master_addr 127.0.0.1 --master_port 29533 "$W/causal.py" --device cpu --steps 20 &
run cpu-nodes-static "${TORCHRUN[@]}" --nnodes 2 --node_rank 0 --nproc_per_node 1 --master_addr 127.0.0.1 --master_port 29533 "$W/causal.py" --device cpu --steps 20 &
wait
run cpu-nodes-c10d-b "${TORCHRUN[@]}" --nnodes 2 --nproc_per_node 1 --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:29544 --rdzv_id pl "$W/causal.py" --device cpu --steps 20 &
run cpu-nodes-c10d-a "${TORCHRUN[@]}" --nnodes 2 --nproc_per_node 1 --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:29544 --rdzv_id pl "$W/causal.py" --device cpu --steps 20 &
wait
cat "$W/cpu-nodes-c10d-b.jsonl" >> "$W/cpu-nodes-c10d-a.jsonl"
# a checkpoint written by two sharded ranks, and a run resumed from it on two ranks, against one process's
run cpu-one-5 "$PY" "$W/causal.py" --device cpu --steps 5 --out "$W/cpu-one-5" &
run cpu-fsdp-2-5 "${TORCHRUN[@]}" --standalone --nproc_per_node 2 "$W/causal.py" --device cpu --steps 5 --fsdp --out "$W/cpu-fsdp-2-5" &
wait
run cpu-one-5-resumed "$PY" "$W/causal.py" --device cpu --steps 8 --resume "$W/cpu-one-5" &
run cpu-fsdp-2-5-resumed "${TORCHRUN[@]}" --standalone --nproc_per_node 2 "$W/causal.py" --device cpu --steps 8 --fsdp --resume "$W/cpu-fsdp-2-5" &
wait
unset CUDA_VISIBLE_DEVICES

"$PY" - "$W" << 'PYEOF'
import json, os, sys
import numpy as np

w = sys.argv[1]
dumps = lambda o: json.dumps(o, separators=(",", ":"))


def losses(name):
    out = {}
    path = os.path.join(w, name + ".jsonl")
    if os.path.exists(path):
        for line in open(path):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            if e.get("event") == "step":
                out[e["step"]] = e["loss"]
    return out


def started(name, key):
    """`key` of the run's start event: "parameters" (whole weights: the same with and without
    --fsdp), "backend" (pytorch-cpu+fsdp+compile: what the run really wrapped)."""
    path = os.path.join(w, name + ".jsonl")
    for line in open(path) if os.path.exists(path) else []:
        if line.startswith('{"event":"start"') or line.startswith('{"event": "start"'):
            return json.loads(line).get(key)
    return None


def compare(reference, run):
    a, b = losses(reference), losses(run)
    steps = sorted(set(a) & set(b))
    worst = max((abs(b[s] - a[s]) / abs(a[s]) for s in steps), default=None)
    print(dumps({"event": "distributed-check", "reference": reference, "run": run, "steps": len(steps), "stepsOfRun": len(b), "worstRelDiff": worst,
                 "parameters": [started(reference, "parameters"), started(run, "parameters")], "backends": [started(reference, "backend"), started(run, "backend")]}))


compare("one-plain", "one-fsdp")
compare("one-plain-resumed", "one-fsdp-resumed")
compare("one-plain", "one-fsdp-compiled")
compare("cpu-one", "cpu-fsdp-2")
compare("cpu-one", "cpu-nodes-static")
compare("cpu-one", "cpu-nodes-c10d-a")
compare("cpu-one-5-resumed", "cpu-fsdp-2-5-resumed")


def checkpoints(label, a_dir, b_dir):
    """weights.bin holds every weight, then Adam's m, then v, as float32: each part's largest difference"""
    files = [os.path.join(w, d, "weights.bin") for d in (a_dir, b_dir)]
    if not all(os.path.exists(f) for f in files):
        print(dumps({"event": "distributed-check", "checkpoint": label, "missing": [f for f in files if not os.path.exists(f)]}))
        return
    a, b = (np.fromfile(f, dtype="<f4") for f in files)
    if a.shape != b.shape:
        print(dumps({"event": "distributed-check", "checkpoint": label, "sizes": [a.size, b.size]}))
        return
    n = a.size // 3
    diff = {part: float(np.abs(a[i * n:(i + 1) * n] - b[i * n:(i + 1) * n]).max()) for i, part in enumerate(("weights", "m", "v"))}
    print(dumps({"event": "distributed-check", "checkpoint": label, "maxAbsDiff": diff}))


checkpoints("one " + os.environ.get("DEVICE", "cuda") + ", step 20: --fsdp against plain", "plain-ckpt-20", "fsdp-ckpt-20")
checkpoints("cpu, step 5: 2 ranks --fsdp against one process", "cpu-one-5/ckpt-0000005", "cpu-fsdp-2-5/ckpt-0000005")
checkpoints("cpu, step 8 resumed: 2 ranks --fsdp against one process", "cpu-one-5/ckpt-0000008", "cpu-fsdp-2-5/ckpt-0000008")
PYEOF
