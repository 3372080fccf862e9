def shift_blocks(ids: np.ndarray) -> dict:
    """Blocks [B, T] -> inputs (tokens 0..T-2) and targets (tokens 1..T-1), each [B, T-1]."""
    return {"inputs": np.ascontiguousarray(ids[:, :-1]), "targets": np.ascontiguousarray(ids[:, 1:])}
