def sampling_steps(p, T: int) -> list:
    """The steps a sampler visits, from the noisiest down to 0."""
    if p.sampler == "ddpm" or p.steps >= T:
        return list(range(T - 1, -1, -1))
    n = max(1, p.steps)
    return list(dict.fromkeys(js_round((T - 1) * (n - 1 - i) / max(1, n - 1)) for i in range(n)))


def generate_images(p, model, schedule, rng: Rng, image: tuple, time: tuple) -> dict:
    """Images from pure noise with the trained denoiser (graph-nodes/eval/generate-images.run.ts):
    each step estimates the clean image, clipped to -1..1, and steps to an earlier t — DDPM with
    fresh noise at every one of the T steps, DDIM (eta 0) deterministically along `steps` of them.
    `image` and `time` are (feed key, size) of the denoiser's two inputs."""
    device = device_of(model)
    n, P = p.count, image[1]
    side = js_round(math.sqrt(P))
    x = rng.gaussians(n * P).astype(np.float32)
    visit = sampling_steps(p, schedule.steps)
    for k, t in enumerate(visit):
        prev = visit[k + 1] if k + 1 < len(visit) else -1
        with torch.no_grad():
            eps = model({image[0]: torch.tensor(x.reshape(n, P), device=device), time[0]: torch.full((n,), t, dtype=torch.long, device=device)})
        eps = eps.float().cpu().numpy().reshape(-1).astype(np.float64)
        abar = schedule.alpha_bars[t]
        abar_prev = schedule.alpha_bars[prev] if prev >= 0 else 1.0
        x64 = x.astype(np.float64)
        x0 = np.clip((x64 - math.sqrt(1 - abar) * eps) / math.sqrt(abar), -1, 1)
        if p.sampler == "ddpm":
            beta = 1 - abar / abar_prev
            c0 = math.sqrt(abar_prev) * beta / (1 - abar)
            ct = math.sqrt(1 - beta) * (1 - abar_prev) / (1 - abar)
            sigma = math.sqrt(beta * (1 - abar_prev) / (1 - abar)) if prev >= 0 else 0.0
            following = c0 * x0 + ct * x64 + (sigma * rng.gaussians(n * P) if sigma > 0 else 0.0)
        else:
            e = (x64 - math.sqrt(abar) * x0) / math.sqrt(1 - abar)
            following = math.sqrt(abar_prev) * x0 + math.sqrt(1 - abar_prev) * e
        x = following.astype(np.float32)
    pixels = np.floor(np.clip((x.astype(np.float64) + 1) / 2, 0, 1) * 1000 + 0.5) / 1000
    title = f"{n} generated images ({p.sampler.upper()}, {len(visit)} steps)"
    return {"kind": "images", "title": title, "width": side, "height": js_round(P / side), "count": n, "columns": p.columns, "pixels": pixels.tolist()}
