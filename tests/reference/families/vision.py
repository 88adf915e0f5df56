"""torchvision 0.14 functional transforms on (C, H, W) image tensors (ember::data::vision).

Ops are the functions of ember/data/vision/functional.h ("vision.resize", ...); args name their
parameters. uint8 images use the full 0..255 range, floating ones [0, 1].
"""
import numpy as np
import torch
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

from common import case, outcome, spec, to_json

U8, F32, F64 = torch.uint8, torch.float32, torch.float64
INTERP = {"nearest": InterpolationMode.NEAREST, "bilinear": InterpolationMode.BILINEAR}


def image(shape, dtype, gen):
    if dtype == U8:
        return torch.randint(0, 256, shape, generator=gen).to(U8)
    return torch.rand(shape, generator=gen, dtype=F64).to(dtype)


def inputs(shape, dtype, gen):
    """(label, torch image, spec): contiguous, and H/W transposed."""
    yield ("contiguous",) + spec(image(shape, dtype, gen))
    c, h, w = shape
    yield ("transposed",) + spec(image((c, w, h), dtype, gen), [("transpose", -1, -2)])


def cases():
    gen = torch.Generator().manual_seed(0)
    out = []
    name = lambda *parts: "/".join(str(p) for p in parts)
    for dtype in (U8, F32, F64):
        dn = str(dtype).split(".")[1]
        for label, x, s in inputs((3, 4, 5), dtype, gen):
            full = dtype != F64 and label == "contiguous"  # every parameter once
            for size in ([3], [7], [3, 7], [4, 5]) if full else ([3, 7],):
                for interp in ("bilinear", "nearest"):
                    out.append(case("vision.resize", name(dn, label, size, interp), [s],
                                    outcome(lambda: F.resize(x, size, INTERP[interp],
                                                             antialias=False)),
                                    size=size, interpolation=interp))
            for top, left, h, w in ((1, 2, 3, 3), (-2, 3, 5, 6), (3, 4, 3, 3)):
                out.append(case("vision.crop", name(dn, label, top, left, h, w), [s],
                                outcome(lambda: F.crop(x, top, left, h, w)),
                                top=top, left=left, height=h, width=w))
            for size in ([3], [2, 4], [7, 8], [5, 3]) if full else ([2, 4],):
                out.append(case("vision.center_crop", name(dn, label, size), [s],
                                outcome(lambda: F.center_crop(x, size)), size=size))
            for padding in ([2], [1, 3], [1, 2, 3, 0]) if full else ([1, 2, 3, 0],):
                for mode in ("constant", "edge", "reflect", "symmetric"):
                    fill = 5 if mode == "constant" else 0
                    out.append(case("vision.pad", name(dn, label, padding, mode), [s],
                                    outcome(lambda: F.pad(x, padding, fill, mode)),
                                    padding=padding, fill=fill, mode=mode))
            out.append(case("vision.hflip", name(dn, label), [s], outcome(lambda: F.hflip(x))))
            out.append(case("vision.vflip", name(dn, label), [s], outcome(lambda: F.vflip(x))))
            for angle in (30.0, -45.0, 90.0) if full else (17.5,):
                for interp in ("nearest", "bilinear"):
                    for fill in ([0.0], [0.25, 0.5, 1.0] if dtype != U8 else [10.0, 20.0, 200.0]):
                        out.append(case("vision.rotate", name(dn, label, angle, interp, fill), [s],
                                        outcome(lambda: F.rotate(x, angle, INTERP[interp],
                                                                 fill=fill)),
                                        angle=angle, interpolation=interp, fill=fill))
            out.append(case("vision.rgb_to_grayscale", name(dn, label), [s],
                            outcome(lambda: F.rgb_to_grayscale(x))))
            for f in (0.0, 0.6, 1.7) if full else (0.6,):
                out.append(case("vision.adjust_brightness", name(dn, label, f), [s],
                                outcome(lambda: F.adjust_brightness(x, f)), factor=f))
                out.append(case("vision.adjust_contrast", name(dn, label, f), [s],
                                outcome(lambda: F.adjust_contrast(x, f)), factor=f))
                out.append(case("vision.adjust_saturation", name(dn, label, f), [s],
                                outcome(lambda: F.adjust_saturation(x, f)), factor=f))
            for f in (-0.5, -0.3, 0.0, 0.1, 0.45) if full else (0.1,):
                out.append(case("vision.adjust_hue", name(dn, label, f), [s],
                                outcome(lambda: F.adjust_hue(x, f)), factor=f))
            if dtype != U8 and (full or dtype == F64):
                for mean, std in (([0.5], [0.25]), ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])):
                    out.append(case("vision.normalize", name(dn, label, len(mean)), [s],
                                    outcome(lambda: F.normalize(x, mean, std)),
                                    mean=mean, std=std))
        # One-channel images: brightness and contrast use the channel itself.
        g, gs = spec(image((1, 5, 6), dtype, gen))
        for f in (0.4, 1.5):
            out.append(case("vision.adjust_brightness", name(dn, "gray", f), [gs],
                            outcome(lambda: F.adjust_brightness(g, f)), factor=f))
            out.append(case("vision.adjust_contrast", name(dn, "gray", f), [gs],
                            outcome(lambda: F.adjust_contrast(g, f)), factor=f))
    # Errors (raised by torchvision as well).
    x, s = spec(image((3, 4, 5), F32, gen))
    out.append(case("vision.adjust_hue", "error/hue_range", [s],
                    outcome(lambda: F.adjust_hue(x, 0.6)), factor=0.6))
    out.append(case("vision.adjust_brightness", "error/negative", [s],
                    outcome(lambda: F.adjust_brightness(x, -0.1)), factor=-0.1))
    out.append(case("vision.pad", "error/reflect_too_large", [s],
                    outcome(lambda: F.pad(x, [5], 0, "reflect")), padding=[5], fill=0,
                    mode="reflect"))
    out.append(case("vision.normalize", "error/zero_std", [s],
                    outcome(lambda: F.normalize(x, [0.5], [0.0])), mean=[0.5], std=[0.0]))
    xu, su = spec(image((3, 4, 5), U8, gen))
    out.append(case("vision.normalize", "error/uint8", [su],
                    outcome(lambda: F.normalize(xu, [0.5], [0.5])), mean=[0.5], std=[0.5]))
    # ToTensor: numpy HWC uint8 -> float CHW.
    hwc = torch.randint(0, 256, (4, 5, 3), generator=gen).to(U8)
    out.append(case("vision.to_tensor", "hwc", [to_json(hwc)],
                    to_json(T.ToTensor()(hwc.numpy())), hwc=True))
    chw = hwc.permute(2, 0, 1).contiguous()
    out.append(case("vision.to_tensor", "chw", [to_json(chw)],
                    to_json(T.ToTensor()(hwc.numpy())), hwc=False))
    return out
