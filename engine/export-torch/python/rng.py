def hash_seed(*parts) -> int:
    """FNV-1a over the parts' string forms, as the engine hashes them (engine/core/rng.ts).

    JavaScript hashes UTF-16 code units; the parts here are ids, splits and whole numbers, so
    hashing each character's code (below 0x10000) gives the same 32 bits.
    """
    h = 0x811C9DC5
    for part in parts:
        text = js_string(part) + "\u0000"
        for unit in _utf16_units(text):
            h ^= unit
            h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def _utf16_units(text: str):
    data = text.encode("utf-16-le")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def js_string(part) -> str:
    """String(part) as JavaScript writes it, for the values seeds are made of."""
    if isinstance(part, bool):
        return "true" if part else "false"
    if isinstance(part, float) and part.is_integer():
        return str(int(part))
    return str(part)


def js_round(x: float) -> int:
    """Math.round as JavaScript rounds (halves up), not Python's round (halves to even)."""
    return math.floor(x + 0.5)


def _imul(a: int, b: int) -> int:
    return (a * b) & 0xFFFFFFFF


class Rng:
    """The engine's random stream (mulberry32 seeded by hash_seed), draw for draw.

    Batches and sampled text depend on nothing but the graph seed and what the stream is for,
    so this program draws the very batches the engine draws.
    """

    def __init__(self, *seed_parts):
        self.state = hash_seed(*seed_parts)

    def next(self) -> float:
        """Uniform in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def int(self, n: int) -> int:
        """Whole number in [0, n)."""
        return int(self.next() * n)

    def next_many(self, n: int) -> np.ndarray:
        """The next n draws at once, exactly as n calls of next() give them (the state only ever
        adds a constant, so every state is known up front): numpy instead of a Python loop, for
        the hundreds of thousands of draws a batch of noise takes."""
        if n <= 0:
            return np.zeros(0)
        states = (self.state + 0x6D2B79F5 * np.arange(1, n + 1, dtype=np.uint64)) & 0xFFFFFFFF
        self.state = int(states[-1])
        t = states.astype(np.uint32)
        t = (t ^ (t >> np.uint32(15))) * (t | np.uint32(1))
        t ^= t + (t ^ (t >> np.uint32(7))) * (t | np.uint32(61))
        return (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296

    def gaussians(self, n: int) -> np.ndarray:
        """n standard normal draws by Box-Muller, two uniforms each, as the engine's gaussian() draws them."""
        u = self.next_many(2 * n)
        return np.sqrt(-2 * np.log(1 - u[0::2])) * np.cos(2 * np.pi * u[1::2])
