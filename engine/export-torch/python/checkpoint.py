def save_checkpoint(run_dir: str, program, model, opt, step: int, total: int, backend: str, last_eval: dict, log) -> str:
    """A checkpoint as the engine writes one (engine/train/node-checkpoint-store.ts), so
    `pretrain-lab sample RUN` and continued pretraining open it: ckpt-<step>/manifest.json, and
    weights.bin holding every weight, then Adam's m, then v, as float32 in the engine's weight
    order; plus weights.safetensors (the weights alone, by the engine's names). Written under a
    temporary name and renamed into place, then `latest` points at it. None without a run folder."""
    if not run_dir:
        return None
    weights = model.engine_weights()
    names = [v["name"] for v in program.manifest["variables"]]
    missing = [n for n in names if n not in weights]
    if missing or len(names) != len(weights):
        raise RuntimeError(f"the program's weights differ from the engine's: {missing or sorted(set(weights) - set(names))}")
    tensors = [weights[n].detach().float().cpu() for n in names]

    def moment(key: str):
        return [opt.state[weights[n]].get(key, torch.zeros_like(weights[n])).detach().float().cpu() for n in names]

    updates = max((int(opt.state[p]["step"]) for p in weights.values() if "step" in opt.state[p]), default=0)
    manifest = {
        "format": "pretrain-lab/checkpoint",
        "version": 1,
        "step": step,
        "totalSteps": total,
        "backend": backend,
        "graph": program.manifest["graph"],
        "sourceStates": program.manifest["sourceStates"],
        "variables": [{"name": n, "shape": list(t.shape)} for n, t in zip(names, tensors)],
        "optimizer": {"updates": updates},
    }
    if last_eval:
        manifest["lastEval"] = {"step": last_eval["step"], "valLoss": last_eval["valLoss"], "metrics": last_eval["metrics"]}
    name = f"ckpt-{step:07d}"
    tmp = os.path.join(run_dir, f".{name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    with open(os.path.join(tmp, "weights.bin"), "wb") as f:
        for t in tensors + moment("exp_avg") + moment("exp_avg_sq"):
            f.write(t.numpy().astype("<f4").tobytes())
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    save_safetensors(os.path.join(tmp, "weights.safetensors"), dict(zip(names, tensors)))
    dest = os.path.join(run_dir, name)
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    pointer = os.path.join(run_dir, f".latest.tmp-{os.getpid()}")
    with open(pointer, "w") as f:
        f.write(name + "\n")
    os.replace(pointer, os.path.join(run_dir, "latest"))
    for old in sorted(d for d in os.listdir(run_dir) if re.fullmatch(r"ckpt-\d+", d))[:-2]:
        shutil.rmtree(os.path.join(run_dir, old), ignore_errors=True)
    log({"event": "checkpoint", "step": step, "path": dest})
    return dest
