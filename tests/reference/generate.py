#!/usr/bin/python3
"""Writes the golden-value fixtures the C++ tests compare against.

Run by hand when ops change (needs PyTorch: Debian's python3-torch, or torch from PyPI):
    /usr/bin/python3 tests/reference/generate.py            # every family
    /usr/bin/python3 tests/reference/generate.py binary     # one family
    /usr/bin/python3 tests/reference/generate.py --errors-only reduction
The last form rewrites only the error cases' expectations (PyTorch's messages) and keeps every
other case as committed: the inputs of convolution, loss, reduction and scan came from an earlier
run of their generators, with other random draws, so regenerating them whole changes values.
Each module in families/ defines `cases()` returning a list of fixture cases (see
tests/support/golden.h for the format); its output goes to fixtures/<module>.json.
On an AVX-512 machine OpenBLAS picks other GEMM kernels, whose last bits differ from those the
fixtures were made with; OPENBLAS_CORETYPE=Haswell gives them back (nn_modules, nn_functional
and linalg regenerate bit for bit), so a family regenerated that way changes only where its
cases did.
"""
import importlib
import json
import pathlib
import sys

import torch

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def is_error(c):
    return isinstance(c["expected"], dict) and "error" in c["expected"]


def with_new_errors(committed, cases):
    """`committed` with the error expectations of `cases`, which must list the same cases."""
    assert [(c["op"], c["name"]) for c in committed] == [(c["op"], c["name"]) for c in cases]
    for old, new in zip(committed, cases):
        assert is_error(old) == is_error(new), f"{new['op']} {new['name']} changed outcome"
        if is_error(new):
            old["expected"] = new["expected"]
    return committed


def main(argv):
    errors_only = "--errors-only" in argv
    argv = [a for a in argv if a != "--errors-only"]
    torch.manual_seed(0)
    names = argv or sorted(p.stem for p in (HERE / "families").glob("*.py") if p.stem != "__init__")
    for name in names:
        module = importlib.import_module(f"families.{name}")
        cases = module.cases()
        out = HERE / "fixtures" / f"{name}.json"
        if errors_only:
            cases = with_new_errors(json.loads(out.read_text()), cases)
        out.write_text(json.dumps(cases, separators=(",", ":"), allow_nan=False) + "\n")
        print(f"{out.relative_to(HERE.parent.parent)}: {len(cases)} cases (torch {torch.__version__})")


if __name__ == "__main__":
    main(sys.argv[1:])
