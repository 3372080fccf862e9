class TokenStream:
    """A tokenizer's output: the training and held-out token ids, and the vocabulary that spells them."""

    def __init__(self, train: np.ndarray, val: np.ndarray, vocabulary):
        self.train = train
        self.val = val
        self.vocabulary = vocabulary


def read_manifest(data_dir: str) -> dict:
    path = os.path.join(data_dir, "manifest.json")
    if not os.path.exists(path):
        raise SystemExit(f"{data_dir}: no manifest.json: this program reads the token ids `pretrain-lab export --target pytorch` wrote beside it (or pass --data DIR)")
    with open(path) as f:
        return json.load(f)


def read_stream_header(data_dir: str, key: str) -> dict:
    """The small JSON header of a token stream: its id files and its vocabulary."""
    path = os.path.join(data_dir, f"{key}.json")
    if not os.path.exists(path):
        raise SystemExit(f"{path} is missing: this program reads the token ids `pretrain-lab export --target pytorch` wrote beside it (or pass --data DIR)")
    with open(path) as f:
        return json.load(f)


def read_ids(data_dir: str, entry: dict) -> np.ndarray:
    """A flat little-endian id file as the manifest describes it ({file, dtype, count})."""
    ids = np.fromfile(os.path.join(data_dir, entry["file"]), dtype=np.dtype(entry["dtype"]).newbyteorder("<"))
    if ids.size != entry["count"]:
        raise SystemExit(f'{data_dir}/{entry["file"]}: {ids.size} ids where the manifest says {entry["count"]}')
    return ids.astype(np.int32, copy=False)
