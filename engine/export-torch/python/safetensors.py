# Torch 1.13 ships no safetensors library: the format is small enough to write here. A file is
# an 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
# then the raw little-endian tensors.
SAFETENSORS_DTYPES = {"F32": np.float32, "I32": np.int32, "I64": np.int64, "F64": np.float64, "U8": np.uint8}


def save_safetensors(path: str, tensors: dict, metadata: dict = None) -> None:
    """Write {name: tensor or array} as one safetensors file, atomically (a reader never sees half of it)."""
    header, blobs, offset = {}, [], 0
    for name, value in tensors.items():
        array = np.ascontiguousarray(value.detach().cpu().numpy() if torch.is_tensor(value) else value)
        dtype = next((k for k, v in SAFETENSORS_DTYPES.items() if array.dtype == v), None)
        if dtype is None:
            raise ValueError(f'"{name}" has dtype {array.dtype}, which this writer does not store')
        blob = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def load_safetensors(path: str) -> dict:
    """{name: numpy array} from a safetensors file; says what is wrong with a file that is not one."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: too short to be a safetensors file")
    (size,) = struct.unpack("<Q", raw[:8])
    if size > len(raw) - 8:
        raise ValueError(f"{path}: its header claims {size} bytes but the file has {len(raw) - 8} after the length")
    header = json.loads(raw[8 : 8 + size].decode("utf-8"))
    body = memoryview(raw)[8 + size :]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = SAFETENSORS_DTYPES.get(entry["dtype"])
        if dtype is None:
            raise ValueError(f'{path}: "{name}" has dtype {entry["dtype"]}, which this reader does not load')
        begin, end = entry["data_offsets"]
        if end > len(body):
            raise ValueError(f'{path}: "{name}" runs past the end of the file')
        out[name] = np.frombuffer(body[begin:end], dtype=np.dtype(dtype).newbyteorder("<")).reshape(entry["shape"]).copy()
    return out
