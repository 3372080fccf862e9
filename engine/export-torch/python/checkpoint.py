def read_checkpoint(run_dir: str) -> dict:
    """The latest checkpoint of a run folder, the engine's or this program's: its manifest, and
    from weights.bin every weight, Adam's m and v by the engine's names. A run folder is read as
    untrusted: `latest` must name a ckpt-N folder inside it, and weights.bin must be a regular
    file of exactly the size its manifest declares."""
    def refuse(why: str):
        raise SystemExit(f"--resume {run_dir}: {why}")

    pointer = os.path.join(run_dir, "latest")
    if not os.path.isfile(pointer):
        refuse("it has no checkpoint (no file \"latest\"); is it a run folder?")
    with open(pointer) as f:
        name = f.read(64).strip()
    if not re.fullmatch(r"ckpt-\d+", name):
        refuse(f'"latest" names {name!r}, not a checkpoint folder (ckpt-N) of this run')
    folder = os.path.join(run_dir, name)
    try:
        with open(os.path.join(folder, "manifest.json")) as f:
            manifest = json.load(f)
        variables = [(v["name"], [int(d) for d in v["shape"]]) for v in manifest["variables"]]
        step = int(manifest["step"])
        updates = int(manifest.get("optimizer", {}).get("updates", step))
    except (OSError, ValueError, KeyError, TypeError) as e:
        refuse(f"{name}/manifest.json cannot be read as a checkpoint manifest ({e})")
    sizes = [int(np.prod(shape)) if shape else 1 for _, shape in variables]
    path = os.path.join(folder, "weights.bin")
    expected = 3 * sum(sizes) * 4
    if not os.path.isfile(path) or os.path.getsize(path) != expected:
        refuse(f"{name}/weights.bin is not a file of {expected} bytes (every weight, then Adam's m and v, as float32)")
    flat = np.fromfile(path, dtype="<f4")
    parts, at = [], 0
    for _ in range(3):
        part = {}
        for (n, shape), size in zip(variables, sizes):
            part[n] = flat[at:at + size].reshape(shape)
            at += size
        parts.append(part)
    return {"name": name, "manifest": manifest, "step": step, "updates": updates, "weights": parts[0], "m": parts[1], "v": parts[2]}


def restore_weights(saved: dict, model) -> None:
    """The weights of a checkpoint from `read_checkpoint`, in place, after checking they are this graph's."""
    weights = model.engine_weights()
    problems = [f'"{n}" is missing there' for n in weights if n not in saved["weights"]]
    problems += [f'"{n}" is not a weight of this graph' for n in saved["weights"] if n not in weights]
    problems += [f'"{n}" is {list(saved["weights"][n].shape)} there but {list(p.shape)} here' for n, p in weights.items() if n in saved["weights"] and tuple(saved["weights"][n].shape) != tuple(p.shape)]
    if problems:
        raise SystemExit(f"--resume: the checkpoint {saved['name']} does not match this graph: " + "; ".join(problems))
    with torch.no_grad():
        for n, p in weights.items():
            p.copy_(torch.from_numpy(np.ascontiguousarray(saved["weights"][n])))


def saved_moments(saved: dict) -> dict:
    """Adam's state of every weight of a checkpoint, by the engine's names, as torch's AdamW keeps
    it (its step count is the engine's updates); empty before the first update."""
    if saved["updates"] <= 0:
        return {}
    return {n: {"step": torch.tensor(float(saved["updates"])),
                "exp_avg": torch.from_numpy(np.ascontiguousarray(saved["m"][n])).clone(),
                "exp_avg_sq": torch.from_numpy(np.ascontiguousarray(saved["v"][n])).clone()} for n in saved["weights"]}


def set_moments(opt, weights: dict, moments: dict) -> None:
    """Adam's state (as `saved_moments` gives it) into an optimizer over `weights`, by the engine's names."""
    for n, state in moments.items():
        p = weights[n]
        opt.state[p] = {k: (v if k == "step" else v.to(p.device)) for k, v in state.items()}


def save_checkpoint(run_dir: str, program, weights: dict, moments: dict, step: int, total: int, backend: str, last_eval: dict, log) -> str:
    """A checkpoint as the engine writes one (engine/train/node-checkpoint-store.ts), so
    `pretrain-lab sample RUN` and continued pretraining open it: ckpt-<step>/manifest.json, and
    weights.bin holding every weight, then Adam's m, then v, as float32 in the engine's weight
    order; plus weights.safetensors (the weights alone, by the engine's names). Written under a
    temporary name and renamed into place, then `latest` points at it. None without a run folder.
    `weights` and `moments` (Adam's state: step, exp_avg, exp_avg_sq) are by the engine's names,
    every weight whole."""
    if not run_dir:
        return None
    names = [v["name"] for v in program.manifest["variables"]]
    missing = [n for n in names if n not in weights]
    if missing or len(names) != len(weights):
        raise RuntimeError(f"the program's weights differ from the engine's: {missing or sorted(set(weights) - set(names))}")
    # copies: numpy pins the storage it reads, and FSDP frees the whole weights' storage after (on cpu, .cpu() is no copy)
    tensors = [weights[n].detach().float().cpu().clone() for n in names]

    def moment(key: str):
        return [moments.get(n, {}).get(key, torch.zeros_like(weights[n])).detach().float().cpu().clone() for n in names]

    updates = max((int(state["step"]) for state in moments.values() if "step" in state), default=0)
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
