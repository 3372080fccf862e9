def noise_schedule(p) -> types.SimpleNamespace:
    """A DDPM noise schedule over p.steps steps (graph-nodes/noise-schedule/ddpm.run.ts): betas,
    alphas = 1 - betas and alpha_bars, their running product, in float64."""
    T = p.steps
    if p.kind == "linear":
        betas = np.array([p.betaStart + (p.betaEnd - p.betaStart) * t / max(1, T - 1) for t in range(T)])
    else:
        s = 0.008
        f = lambda t: math.cos((t / T + s) / (1 + s) * math.pi / 2) ** 2
        betas = np.array([min(0.999, 1 - f(t + 1) / f(t)) for t in range(T)])
    alphas = 1 - betas
    return types.SimpleNamespace(steps=T, betas=betas, alphas=alphas, alpha_bars=np.cumprod(alphas))


def diffuse(images: np.ndarray, schedule, rng: Rng) -> dict:
    """Forward noising at a random step per image: pixels (0..1) to -1..1 as x_0, then
    x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps, eps ~ N(0, I), drawn as the engine draws."""
    batch, size = images.shape
    noisy = np.zeros((batch, size), dtype=np.float32)
    noise = np.zeros((batch, size), dtype=np.float32)
    timesteps = np.zeros((batch,), dtype=np.int32)
    for b in range(batch):
        t = rng.int(schedule.steps)
        timesteps[b] = t
        eps = rng.gaussians(size)
        noise[b] = eps
        noisy[b] = math.sqrt(schedule.alpha_bars[t]) * (2 * images[b].astype(np.float64) - 1) + math.sqrt(1 - schedule.alpha_bars[t]) * eps
    return {"noisy": noisy, "noise": noise, "timesteps": timesteps}
