DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
# {word}: the digit's name, {n}: its numeral (graph-nodes/data/digit-captions.ts)
DIGIT_CAPTION_TEMPLATES = [
    "a handwritten {word}",
    "the digit {n}",
    "a photo of the number {word}",
    "an image of a {n}",
    "{word}",
    "a drawing of the digit {word}",
    "the number {n}, written by hand",
]


def digit_caption(digit: int, template: int) -> str:
    return DIGIT_CAPTION_TEMPLATES[template].replace("{word}", DIGIT_WORDS[digit]).replace("{n}", str(digit))


def caption_ids(vocabulary, text: str, length: int) -> list:
    """A caption's ids, cut or [PAD]-filled to `length`."""
    ids = vocabulary.encode(text)[:length]
    return ids + [vocabulary.special["pad"]] * (length - len(ids))


def image_caption_pairs(p, images, vocabulary, split: str, rng: Rng) -> dict:
    """`batchSize` images drawn at random from the split, each with a caption naming its digit in a
    template drawn too; `labels`, the digits (pairs of one digit are positives of each other)."""
    chosen = images.train if split == "train" else images.val
    rows, captions, labels = [], [], []
    for _ in range(p.batchSize):
        i = rng.int(chosen.count)
        digit = int(chosen.labels[i])
        rows.append(i)
        labels.append(digit)
        captions.append(caption_ids(vocabulary, digit_caption(digit, rng.int(len(DIGIT_CAPTION_TEMPLATES))), p.captionLength))
    return {"images": chosen.pixels[rows].astype(np.float32), "captions": np.array(captions, dtype=np.int32), "labels": np.array(labels, dtype=np.int32)}
