"""Writes the safetensors interop fixtures with PyTorch and the Python `safetensors` package.

    PYTHONPATH=<folder holding the safetensors package> /usr/bin/python3 \
        tests/reference/safetensors_fixtures.py

(/usr/bin/python3 has torch; the safetensors package may live in another environment, e.g.
/work/pyenv/lib/python3.11/site-packages: its extension is abi3, so put a folder holding only a
`safetensors` link to it on PYTHONPATH.) Writes tests/reference/fixtures/safetensors/<case>.safetensors
and expected.json: for each case the file name, metadata and every tensor as a fixture spec
(common.to_json; "views" make the C++ side build the same values non-contiguously). The C++
tests (tests/serialize/safetensors_test.cpp) read the files, compare the values, and check that
Ember writes the same bytes for the same dict.
"""
import json
import os

import torch
from safetensors.torch import save_file

from common import ALL, DTYPE_NAMES, to_json

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "safetensors")


def values(dtype, shape, gen):
    n = 1
    for s in shape:
        n *= s
    if dtype == torch.bool:
        return (torch.rand(shape, generator=gen) > 0.5)
    if dtype == torch.uint8:
        return torch.randint(0, 256, shape, generator=gen).to(dtype)
    if dtype.is_floating_point:
        t = (torch.randn(shape, generator=gen, dtype=torch.float64) * 100).to(dtype)
        flat = t.reshape(-1)
        if n >= 4:  # the extremes of each float type
            flat[0] = float("inf")
            flat[1] = float("-inf")
            flat[2] = float("nan")
            flat[3] = torch.finfo(dtype).max
        return t
    info = torch.iinfo(dtype)
    t = torch.randint(-100, 100, shape, generator=gen).to(dtype)
    flat = t.reshape(-1)
    if n >= 2:
        flat[0] = info.min
        flat[1] = info.max
    return t


def case_all_dtypes(gen):
    """One (3, 4) tensor per dtype, written from a transposed (4, 3) view on the C++ side."""
    tensors, specs = {}, []
    for dtype in ALL:
        name = "t_" + DTYPE_NAMES[dtype]
        base = values(dtype, (3, 4), gen)
        tensors[name] = base
        spec = to_json(base.t().contiguous())
        spec["views"] = [["transpose", 0, 1]]
        specs.append({"name": name, "spec": spec})
    return tensors, specs, {"format": "pt"}


def case_shapes(gen):
    """0-d, zero-size and higher-rank tensors, names that sort unlike insertion order."""
    cases = {
        "scalar_f32": torch.tensor(2.5),
        "scalar_i64": torch.tensor(-7),
        "scalar_bool": torch.tensor(True),
        "empty_f32": torch.zeros(0, 3),
        "empty_i8": torch.zeros(2, 0, dtype=torch.int8),
        "b.weight": values(torch.float32, (2, 3, 2), gen),
        "a.weight": values(torch.float32, (5,), gen),
        "Z": values(torch.float64, (1, 1, 1, 2), gen),
        "name with \"quotes\", \\ and \u00e9\n": values(torch.int16, (3,), gen),
    }
    specs = [{"name": k, "spec": to_json(v)} for k, v in cases.items()]
    return cases, specs, None


def case_module(gen):
    """A torch nn.Module's state_dict (Linear + BatchNorm1d), no metadata."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    specs = [{"name": k, "spec": to_json(v)} for k, v in state.items()]
    return state, specs, None


def case_empty(gen):
    return {}, [], None


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(1234)
    expected = []
    for name, make in [("all_dtypes", case_all_dtypes), ("shapes", case_shapes),
                       ("module", case_module), ("empty", case_empty)]:
        tensors, specs, metadata = make(gen)
        path = os.path.join(OUT, name + ".safetensors")
        save_file(tensors, path, metadata=metadata)
        expected.append({"file": name + ".safetensors", "metadata": metadata or {},
                         "tensors": specs})
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
