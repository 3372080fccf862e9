def image_batch(p, images, split: str, rng: Rng) -> dict:
    """`batchSize` images drawn at random from the split, one row of pixels each."""
    chosen = images.train if split == "train" else images.val
    picks = [rng.int(chosen.count) for _ in range(p.batchSize)]
    return {"images": chosen.pixels[picks].astype(np.float32)}
