class World:
    """This process's place in a distributed run, from torchrun's environment contract
    (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT); one rank when they are unset."""

    def __init__(self):
        self.rank = int(os.environ.get("RANK", "0"))
        self.size = int(os.environ.get("WORLD_SIZE", "1"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))

    def start(self, device: str, group_of_one: bool = False) -> torch.device:
        """The device this rank trains on; joins the other ranks (on one rank too with
        `group_of_one`: FSDP needs a process group whatever its size)."""
        if device == "cuda":
            if not torch.cuda.is_available():
                raise SystemExit("--device cuda: this torch sees no CUDA device")
            torch.cuda.set_device(self.local_rank)
            where = torch.device("cuda", self.local_rank)
        else:
            where = torch.device("cpu")
        self.device = where
        backend = "nccl" if device == "cuda" else "gloo"
        if self.size > 1:
            join_ranks(backend, self.rank, self.size)
        elif group_of_one:
            # no torchrun, no MASTER_ADDR: an in-process store serves a group of one
            dist.init_process_group(backend, store=dist.HashStore(), rank=0, world_size=1)
        return where

    def rows(self, batch_size: int) -> slice:
        """This rank's rows of a global batch: every rank a different, equal slice."""
        if batch_size % self.size:
            raise SystemExit(f"the batch of {batch_size} examples does not split over {self.size} ranks: pick a batch size divisible by the rank count")
        per = batch_size // self.size
        return slice(self.rank * per, (self.rank + 1) * per)

    def sum(self, x: torch.Tensor) -> torch.Tensor:
        """x summed over the ranks (x itself on one), on x's device: nccl reduces CUDA tensors only."""
        return self._reduce(x, dist.ReduceOp.SUM)

    def max(self, x: float) -> float:
        """The largest of every rank's x."""
        return self._reduce(torch.tensor(float(x)), dist.ReduceOp.MAX).item()

    def _reduce(self, x: torch.Tensor, op) -> torch.Tensor:
        if self.size == 1:
            return x
        on_device = x.to(self.device)
        dist.all_reduce(on_device, op=op)
        return on_device.to(x.device)


def join_ranks(backend: str, rank: int, size: int) -> None:
    """init_process_group from the environment (MASTER_ADDR, MASTER_PORT). Torch 2.4 on asks for a
    libuv store server by default, which a torch built without libuv (Debian's python3-torch 2.6)
    refuses before any socket is opened: there every rank fails alike, and joins again through the
    classic server. The failed try only advances torch's count of groups, alike on every rank."""
    try:
        dist.init_process_group(backend, rank=rank, world_size=size)
    except RuntimeError as e:
        if "without libuv support" not in str(e) or os.environ.get("USE_LIBUV") == "0":
            raise
        os.environ["USE_LIBUV"] = "0"
        dist.init_process_group(backend, rank=rank, world_size=size)


def learning_rate(s, step: int, total: int) -> float:
    """Learning rate at 1-based `step`: linear warmup, then decay to the minimum by the last step (engine/train/schedule.ts)."""
    if s.warmupSteps > 0 and step <= s.warmupSteps:
        return s.learningRate * step / s.warmupSteps
    if s.decay == "constant":
        return s.learningRate
    span = max(1, total - s.warmupSteps)
    progress = min(1.0, max(0.0, (step - s.warmupSteps) / span))
    shape = 0.5 * (1 + math.cos(math.pi * progress)) if s.decay == "cosine" else 1 - progress
    return s.minLearningRate + (s.learningRate - s.minLearningRate) * shape


def make_optimizer(params: list, s) -> torch.optim.AdamW:
    """AdamW as the engine applies it (engine/train/adamw.ts): decoupled decay on matrices only,
    none at all for "adam", eps 1e-8 added outside the square root."""
    decay = s.weightDecay if s.optimizer == "adamw" else 0.0
    groups = [
        {"params": [p for p in params if p.decay], "weight_decay": decay},
        {"params": [p for p in params if not p.decay], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW([g for g in groups if g["params"]], lr=s.learningRate, betas=(s.beta1, s.beta2), eps=1e-8)


def clip_gradients(params: list, clip: float, across_ranks=None) -> float:
    """Scales every gradient by min(1, clip / (norm + 1e-6)) (clip 0: none); returns the global norm before.
    With sharded weights each rank holds a part of every gradient: `across_ranks` sums the parts' squares."""
    squares = sum((p.grad.float() * p.grad.float()).sum() for p in params)
    norm = torch.sqrt(across_ranks(squares) if across_ranks else squares)
    if clip > 0:
        scale = torch.clamp(clip / (norm + 1e-6), max=1.0)
        for p in params:
            p.grad.mul_(scale)
    return norm.item()


class ShardedModel:
    """--fsdp: the model sharded over the ranks by FullyShardedDataParallel, keeping the original
    parameters (use_orig_params), so the optimizer, clipping and weight limits work on the
    engine's weights as they do unsharded, each rank holding its part of every weight, gradient
    and Adam moment. Evaluation, checkpoints and outputs gather them whole first.

    Adam's moments go whole and back the way the weights do: a rank's part of a moment has the
    shape and place of its part of the weight, so it is put there, the weights' own gathering
    (summon_full_params) reads it whole (or, with writeback, scatters a whole one), and the
    weights are put back. (torch 2.11's optim_state_dict gathered exp_avg wrong over 2 ranks.)"""

    MOMENTS = ("exp_avg", "exp_avg_sq")

    def __init__(self, model, device: torch.device, params: list, world):
        try:
            from torch.distributed.fsdp import FullyShardedDataParallel
        except Exception as e:
            raise SystemExit(f"--fsdp: torch {torch.__version__} cannot load FullyShardedDataParallel here ({type(e).__name__}: {e}); it needs torch 2.1 or later")
        self.FSDP = FullyShardedDataParallel
        self.world = world
        self.weights = model.engine_weights()
        self.wrapped = FullyShardedDataParallel(model, device_id=device, use_orig_params=True)
        if {id(p) for p in params} - {id(p) for p in self.wrapped.parameters()}:
            raise SystemExit(f"--fsdp: torch {torch.__version__}'s FullyShardedDataParallel did not keep the weights' own parameters (use_orig_params); train without --fsdp")

    def whole(self, writeback: bool = False):
        """Every weight whole on every rank, inside the context."""
        return self.FSDP.summon_full_params(self.wrapped, writeback=writeback)

    def moments(self, opt) -> dict:
        """Adam's state of every weight, whole, by the engine's names. Every rank calls it."""
        updates = max((int(opt.state[p]["step"]) for p in self.weights.values() if "step" in opt.state.get(p, {})), default=0)
        updates = int(self.world.max(updates))
        if updates == 0:
            return {}
        whole = {n: {"step": torch.tensor(float(updates))} for n in self.weights}
        with self.weights_kept():
            for key in self.MOMENTS:
                with torch.no_grad():
                    for p in self.weights.values():
                        state = opt.state.get(p, {})
                        p.copy_(state[key] if key in state else torch.zeros_like(p))
                with self.whole():
                    for n, p in self.weights.items():
                        whole[n][key] = p.detach().cpu().clone()
        return whole

    def load_moments(self, opt, moments: dict) -> None:
        """Adam's state of a checkpoint (whole, by the engine's names), each rank keeping its part."""
        if not moments:
            return
        parts = {n: {"step": moments[n]["step"].clone()} for n in self.weights}
        with self.weights_kept():
            for key in self.MOMENTS:
                with self.whole(writeback=True), torch.no_grad():
                    for n, p in self.weights.items():
                        p.copy_(moments[n][key].to(p.device))
                for n, p in self.weights.items():
                    parts[n][key] = p.detach().clone()
        for n, p in self.weights.items():
            opt.state[p] = parts[n]

    @contextlib.contextmanager
    def weights_kept(self):
        """The weights (each rank's part) as they were on entry, put back on exit whatever
        happened inside: moments pass through the weights' storage to be gathered or scattered."""
        kept = {n: p.detach().clone() for n, p in self.weights.items()}
        try:
            yield
        finally:
            with torch.no_grad():
                for n, p in self.weights.items():
                    p.copy_(kept[n])


def to_tensors(batch: dict, device, rows: slice = None) -> dict:
    """Host arrays to tensors on the device (ids as int64 for indexing), optionally one rank's rows."""
    out = {}
    for key, array in batch.items():
        if rows is not None and array.ndim > 0:
            array = array[rows]
        t = torch.from_numpy(np.ascontiguousarray(array))
        out[key] = (t.long() if t.dtype == torch.int32 else t).to(device)
    return out


class EventLog:
    """The run's events as `pretrain-lab train` reports them: JSON lines (--json) or a short
    line each, and every event in RUN_DIR/events.jsonl. Rank 0 alone speaks."""

    def __init__(self, as_json: bool, run_dir: str, rank: int):
        self.as_json = as_json
        self.rank = rank
        self.file = open(os.path.join(run_dir, "events.jsonl"), "a") if run_dir and rank == 0 else None

    def __call__(self, event: dict) -> None:
        if self.rank != 0:
            return
        line = json.dumps(finite_or_null(event), separators=(",", ":"))
        if self.file:
            self.file.write(line + "\n")
            self.file.flush()
        if self.as_json:
            print(line, flush=True)
        else:
            print(human_line(event), flush=True)


def finite_or_null(value):
    """NaN and infinities as null, as JSON.stringify writes them (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_null(v) for v in value]
    return value


def human_line(e: dict) -> str:
    kind = e["event"]
    if kind == "step":
        return f'step {e["step"]}: loss {e["loss"]:.4f}  lr {e["lr"]:.2e}  {e["tokensPerSec"]:.0f} tokens/s'
    if kind == "eval":
        return f'step {e["step"]}: held-out loss {e["valLoss"]:.4f} {json.dumps(e["metrics"])}'
    if kind == "output":
        out = e["output"]
        if out.get("kind") == "table":
            body = "\n".join("  ".join(str(cell) for cell in row) for row in [out["columns"], *out["rows"]])
        else:
            body = out.get("text", json.dumps(out))
        return f'{e["nodeId"]}: {out.get("title", "")}\n{body}'
    return json.dumps(e)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, help="total steps (default: the optimizer node's)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--dtype", choices=["float32", "bfloat16"], default="float32", help="bfloat16: the model runs under autocast, weights stay float32")
    parser.add_argument("--out", help="run folder: events.jsonl, graph.json, ckpt-N/ as the engine writes them")
    parser.add_argument("--json", action="store_true", help="one JSON object a line: start, step, eval, output, checkpoint, done")
    parser.add_argument("--init-from", help="a safetensors file of every weight, by the engine's names")
    parser.add_argument("--resume", metavar="RUN_DIR", help="continue the run in RUN_DIR (the engine's or this program's) from its latest checkpoint: weights, Adam's moments and step; it keeps writing there")
    parser.add_argument("--batches-from", help="a folder of train-<step>.safetensors batches to train on (the engine's, for parity)")
    parser.add_argument("--data", default=str(pathlib.Path(sys.argv[0]).with_suffix(".data")), help="the folder of token ids and vocabulary beside this file")
    parser.add_argument("--no-outputs", action="store_true", help="skip the output nodes")
    parser.add_argument("--compile", choices=["auto", "yes", "no"], default="auto", help="torch.compile the model (auto: on cuda, where this torch has torch.compile)")
    parser.add_argument("--threads", type=int, help="torch's own threads (matrix products use OpenBLAS's, OPENBLAS_NUM_THREADS)")
    parser.add_argument("--fsdp", action="store_true", help="shard weights, gradients and Adam's moments over the ranks (FullyShardedDataParallel, torch 2.1 on) instead of replicating them (DistributedDataParallel)")
    return parser.parse_args(argv)


def maybe_compile(module, choice: str, device: torch.device):
    """torch.compile where asked, or by default on CUDA when this torch has it (2.0 on): the first
    steps then take the compile's time, and later ones run fused kernels."""
    has_compile = hasattr(torch, "compile")
    if choice == "yes" and not has_compile:
        raise SystemExit(f"--compile yes: torch {torch.__version__} has no torch.compile (it came with torch 2.0); give --compile no")
    if choice == "yes" or (choice == "auto" and has_compile and device.type == "cuda"):
        return torch.compile(module), True
    return module, False


def load_initial_weights(model, path: str) -> None:
    saved = load_safetensors(path)
    weights = model.engine_weights()
    problems = [f'"{n}" is missing' for n in weights if n not in saved]
    problems += [f'"{n}" is not a weight of this graph' for n in saved if n not in weights]
    problems += [f'"{n}" is {list(saved[n].shape)} there but {list(p.shape)} here' for n, p in weights.items() if n in saved and tuple(saved[n].shape) != tuple(p.shape)]
    if problems:
        raise SystemExit(f"--init-from {path}: it does not match this graph: " + "; ".join(problems))
    with torch.no_grad():
        for name, p in weights.items():
            p.copy_(torch.from_numpy(saved[name]))


def train_program(program, argv=None) -> int:
    """Train the exported graph: the engine's trainer loop (engine/train/trainer.ts) in torch."""
    args = parse_args(argv)
    world = World()
    if args.threads:
        torch.set_num_threads(args.threads)
    if world.size > 1 and getattr(program, "one_rank", None):
        raise SystemExit("; ".join(f"node {node}: {why}: train it on one rank (WORLD_SIZE 1)" for node, why in program.one_rank.items()))
    device = world.start(args.device, group_of_one=args.fsdp)
    s = program.settings
    total = args.steps or s.optimizer.steps
    resumed = None
    if args.resume:
        if args.init_from:
            raise SystemExit("--resume and --init-from: a resumed run starts from its checkpoint's weights; give one of them")
        resumed = read_checkpoint(args.resume)
        args.out = args.out or args.resume
        if resumed["step"] >= total:
            raise SystemExit(f"--resume {args.resume}: its checkpoint is at step {resumed['step']}, and the run has {total} steps: give --steps above {resumed['step']} to train on")
    if args.out and world.rank == 0:
        os.makedirs(args.out, exist_ok=True)
    log = EventLog(args.json, args.out, world.rank)
    data = program.load_data(args.data)
    program.manifest = read_manifest(args.data)
    first = program.draw_batch(data, "train", 0)
    # as the engine counts them: the token ids the model reads, and the examples of a batch
    program.tokens_per_batch = sum(int(first[k].size) for k in program.token_feeds)
    program.samples_per_batch = int(next(v.shape[0] for v in first.values() if v.ndim > 0))
    if args.out and world.rank == 0:
        for name in os.listdir(args.data):
            if name == "graph.json" or re.fullmatch(r"tokenizer(-[\w-]+)?\.json", name):
                shutil.copyfile(os.path.join(args.data, name), os.path.join(args.out, name))
    model = program.Model(s, data)
    # a checkpoint node's saved weights were written beside the program at export
    exported_start = os.path.join(args.data, "initial-weights.safetensors")
    if not resumed and (args.init_from or os.path.exists(exported_start)):
        load_initial_weights(model, args.init_from or exported_start)
    model.to(device)
    weights = model.engine_weights()
    params = list(weights.values())
    if resumed:
        restore_weights(resumed, model)
    # counted whole: under FSDP a rank's weights are its parts of them
    parameters = sum(p.numel() for p in params)
    # FSDP shards the weights as they are now: the optimizer is made after, on the same parameters
    sharded = ShardedModel(model, device, params, world) if args.fsdp else None
    opt = make_optimizer(params, s.optimizer)
    if resumed and sharded:
        sharded.load_moments(opt, saved_moments(resumed))
    elif resumed:
        set_moments(opt, weights, saved_moments(resumed))
    if sharded:
        trained = sharded.wrapped
    else:
        trained = DDP(model, find_unused_parameters=not program.every_weight_trains) if world.size > 1 else model
    trained, compiled = maybe_compile(trained, args.compile, device)
    autocast = torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.dtype == "bfloat16")
    backend = f"pytorch-{device.type}" + ("+compile" if compiled else "") + ("+fsdp" if sharded else "")
    first_step = resumed["step"] if resumed else 0
    log({"event": "start", "step": first_step, "totalSteps": total, "backend": backend, "parameters": parameters,
         "tokensPerBatch": program.tokens_per_batch, "samplesPerBatch": program.samples_per_batch})

    def evaluate(step: int) -> dict:
        model.eval()
        accumulators = {node: make() for node, make in model.metric_nodes().items()}
        observe = lambda node, inputs, outputs: accumulators[node].update(inputs, outputs) if node in accumulators else None
        total_loss = 0.0
        with torch.no_grad(), autocast:
            for i in range(s.optimizer.evalBatches):
                batch = to_tensors(program.draw_batch(data, "val", i), device)
                total_loss += model(batch, StepContext(False, 0, i), observe).float().item()
        model.train()
        metrics = {}
        for node, acc in accumulators.items():
            for name, value in acc.result().items():
                metrics[f"{node}.{name}" if len(accumulators) > 1 else name] = value
        event = {"event": "eval", "step": step, "valLoss": total_loss / s.optimizer.evalBatches, "metrics": metrics}
        log(event)
        return event

    def on_rank0_whole(work):
        """work(moments) on rank 0, with every weight and Adam's moments (by the engine's names)
        whole: under FSDP every rank gathers them and waits for rank 0; otherwise rank 0 alone."""
        if not sharded:
            return work({n: opt.state.get(p, {}) for n, p in weights.items()}) if world.rank == 0 else None
        moments = sharded.moments(opt)
        with sharded.whole():
            result = work(moments) if world.rank == 0 else None
            dist.barrier()
        return result

    last_eval = resumed["manifest"].get("lastEval") if resumed else None
    checkpoint = None
    train_seconds = 0.0
    # Ctrl-C stops after the current step, with a checkpoint, as `pretrain-lab train` does; the
    # ranks agree on it first, so none waits in an all-reduce the others have left.
    interrupted = []
    signal.signal(signal.SIGINT, lambda *_: interrupted.append(True))
    step = first_step
    for next_step in range(first_step + 1, total + 1):
        if world.sum(torch.tensor(float(bool(interrupted)))).item() > 0:
            break
        step = next_step
        started = time.perf_counter()
        batch = load_batch(args.batches_from, step) if args.batches_from else program.draw_batch(data, "train", step)
        rows = world.rows(program.samples_per_batch) if world.size > 1 else None
        ctx = StepContext(True, step, hash_seed(s.seed, "step", step), world if world.size > 1 else None)
        torch.manual_seed(ctx.seed)
        with autocast:
            share = trained(to_tensors(batch, device, rows), ctx)
        # DDP averages gradients over ranks; each rank's share is of the global loss, so scale back up.
        (share.float() * world.size).backward()
        loss = world.sum(share.detach().float().clone()).item()
        if not math.isfinite(loss):
            log({"event": "error", "step": step, "nodeId": None, "message": f"the loss became {loss} at step {step}. Try a lower learning rate or gradient clipping."})
            return 1
        for p in params:
            if p.grad is None:
                p.grad = torch.zeros_like(p)
        grad_norm = clip_gradients(params, s.optimizer.gradClip, world.sum if sharded else None)
        lr = learning_rate(s.optimizer, step, total)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        opt.zero_grad(set_to_none=True)
        with torch.no_grad():
            for p in params:
                if p.limits:
                    p.clamp_(p.limits.get("min", -math.inf), p.limits.get("max", math.inf))
        if device.type == "cuda":
            torch.cuda.synchronize()
        train_seconds += time.perf_counter() - started
        per_step = train_seconds / (step - first_step)
        log({"event": "step", "step": step, "loss": loss, "lr": lr, "gradNorm": grad_norm,
             "tokensPerSec": program.tokens_per_batch / per_step, "samplesPerSec": program.samples_per_batch / per_step,
             "etaSeconds": (total - step) * per_step})
        if step % s.optimizer.evalInterval == 0 and step < total:
            def evaluate_and_save(moments):
                evaluated = evaluate(step)
                return evaluated, save_checkpoint(args.out, program, weights, moments, step, total, backend, evaluated, log)
            saved = on_rank0_whole(evaluate_and_save)
            if saved:
                last_eval, checkpoint = saved
    stopped = step < total

    def finish(moments):
        evaluated = last_eval if last_eval and last_eval["step"] == step else evaluate(step)
        written = save_checkpoint(args.out, program, weights, moments, step, total, backend, evaluated, log) or checkpoint
        if not args.no_outputs and not stopped:
            model.eval()
            with torch.no_grad(), autocast:
                for node, run in program.outputs.items():
                    log({"event": "output", "step": step, "nodeId": node, "output": run(model, data, s)})
        log({"event": "done", "step": step, "valLoss": evaluated["valLoss"], "metrics": evaluated["metrics"], "backend": backend, "checkpoint": written, "stopped": stopped})

    on_rank0_whole(finish)
    if world.size > 1 or sharded:
        dist.barrier()
        dist.destroy_process_group()
    return 0


def load_batch(folder: str, step: int) -> dict:
    path = os.path.join(folder, f"train-{step}.safetensors")
    if not os.path.exists(path):
        raise SystemExit(f"--batches-from {folder}: there is no batch for step {step} ({path})")
    return load_safetensors(path)
