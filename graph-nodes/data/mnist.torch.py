def read_image_set(data_dir: str, key: str) -> types.SimpleNamespace:
    """An image set the engine wrote at export: width, height, class_names, and per split
    (train, val) its count, pixels [count, width * height] (0..1) and labels [count]."""
    header = read_stream_header(data_dir, key)

    def split(name: str) -> types.SimpleNamespace:
        entry = header[name]
        pixels = np.fromfile(os.path.join(data_dir, entry["pixels"]["file"]), dtype="<f4")
        labels = np.fromfile(os.path.join(data_dir, entry["labels"]["file"]), dtype="<i4")
        if pixels.size != entry["pixels"]["count"] or labels.size != entry["count"]:
            raise SystemExit(f"{data_dir}/{entry['pixels']['file']}: not the {entry['count']} images the header names")
        return types.SimpleNamespace(count=entry["count"], pixels=pixels.reshape(entry["count"], -1), labels=labels)

    return types.SimpleNamespace(width=header["width"], height=header["height"], class_names=header["classNames"], train=split("train"), val=split("val"))
