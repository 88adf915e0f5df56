#!/usr/bin/python3
"""Writes the tiny ImageFolder test tree and what torchvision 0.14 reads from it.

    /usr/bin/python3 tests/data/images/make_images.py

folder/<class>/...: PNG (RGB, gray, RGBA) and JPEG (RGB, gray) files, a nested folder, an
upper-case extension and a non-image file; expected.json: torchvision.datasets.ImageFolder's
classes and samples (path relative to folder/, target, decoded (3, H, W) uint8 pixels from PIL).
"""
import json
import pathlib

import numpy as np
import torch
from PIL import Image
from torchvision.datasets import ImageFolder

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE / "folder"


def main():
    rng = np.random.default_rng(0)
    (ROOT / "cat" / "nested").mkdir(parents=True, exist_ok=True)
    (ROOT / "dog").mkdir(parents=True, exist_ok=True)
    Image.fromarray(rng.integers(0, 256, (5, 6, 3), dtype=np.uint8), "RGB").save(ROOT / "cat/a.png")
    yy, xx = np.mgrid[0:6, 0:8]
    smooth = np.stack([xx * 30, yy * 40, 100 + xx * 10 + yy * 5], -1).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(ROOT / "cat/b.jpg", quality=95)
    Image.fromarray(rng.integers(0, 256, (3, 4), dtype=np.uint8), "L").save(ROOT / "cat/nested/c.png")
    Image.fromarray(rng.integers(0, 256, (4, 3, 4), dtype=np.uint8), "RGBA").save(ROOT / "dog/d.png")
    Image.fromarray((xx * 30 + yy * 3).astype(np.uint8), "L").save(ROOT / "dog/e.JPEG", quality=95)
    (ROOT / "dog" / "notes.txt").write_text("not an image\n")
    (ROOT / "readme.txt").write_text("not a class folder\n")

    ds = ImageFolder(str(ROOT))
    samples = []
    for path, target in ds.samples:
        img = torch.from_numpy(np.array(ds.loader(path))).permute(2, 0, 1).contiguous()
        samples.append({"path": str(pathlib.Path(path).relative_to(ROOT)), "target": target,
                        "shape": list(img.shape), "data": img.flatten().tolist()})
    (HERE / "expected.json").write_text(json.dumps({"classes": ds.classes, "samples": samples}) + "\n")


if __name__ == "__main__":
    main()
