#!/usr/bin/env python3
"""The public API's gates, run by CTest (needs only the C++ compiler, not libtorch):

1. Guard (libtorch_names.json): every libtorch name marked "present" is declared by Ember's
   headers, and no name marked "missing" is (mark it present when it arrives).
2. Coverage from the API: every libtorch op name Ember declares has golden and gradient cases,
   or a reason in coverage.json. An op counts as covered when it, or the op it is a variant of
   (an in-place form "abs_", an alias in coverage.json), is
   - in src/ops/op_list.def, whose ops tests/ops/coverage_test.cpp holds to golden cases and
     tests/autograd/grad_test.cpp to gradient cases (or a not-differentiable reason), or
   - an op of an nn fixture family, whose runners compare PyTorch's outputs and gradients.
   Every nn module class Ember declares has cases in the nn_modules fixture (its fixture ops
   are the lower-case class name, or the name in coverage.json's module_ops, with an optional
   "_variant" suffix), or a reason.
   coverage.json's "gaps" and "module_gaps" list what has neither yet: the gate fails for any
   name not listed there, so the lists only shrink, and it fails once a listed name has cases.
usage: api_test.py CXX_COMPILER
"""
import glob
import json
import pathlib
import re
import sys

from ember_names import ember_names

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# Fixture families whose runners (tests/support/nn_golden.h, tests/nn/module_golden_test.cpp;
# a module case covers the functional op of the same name that its forward calls)
# check gradients against PyTorch's as well as outputs.
NN_FAMILIES = {"activation", "loss", "nn_functional", "nn_modules", "normalization", "softmax"}
OP_PARTS = ("tensor_methods", "torch_functions", "linalg", "special", "fft", "nn_functional")


def fixture_ops():
    ops = {}
    for path in glob.glob(str(ROOT / "tests/reference/fixtures/*.json")):
        for case in json.load(open(path)):
            ops.setdefault(case["op"], set()).add(pathlib.Path(path).stem)
    return ops


def main(compiler):
    ember = ember_names(ROOT / "include", compiler)
    names = json.load(open(HERE / "libtorch_names.json"))
    coverage = json.load(open(HERE / "coverage.json"))
    failures = []

    for part, entries in names.items():
        pool = ember.classes if part in ("nn_modules", "optim") else ember.functions
        for name, status in entries.items():
            if status == "present" and name not in pool:
                failures.append(f"{part}: libtorch's {name} is no longer declared by Ember")
            if status == "missing" and name in pool:
                failures.append(f"{part}: {name} is declared now: mark it present in "
                                "tests/api/libtorch_names.json")

    listed = set(re.findall(r"EMBER_OP\((\w+)\)", "".join(
        open(p).read() for p in glob.glob(str(ROOT / "src/ops/lists/*.def")))))
    fixtures = fixture_ops()
    covered = listed | {op for op, families in fixtures.items() if families & NN_FAMILIES}
    aliases, reasons = coverage["aliases"], coverage["not_ops"]
    gaps = set(coverage["gaps"])
    for part in OP_PARTS:
        for name, status in names[part].items():
            if status != "present":
                continue
            op = aliases.get(name, name)
            is_covered = op in covered or op.rstrip("_") in covered
            if name in gaps:
                if is_covered:
                    failures.append(f"{name} has cases now: take it out of coverage.json's gaps")
            elif not is_covered and name not in reasons:
                failures.append(f"{part}: {name} has no golden and gradient cases (add them, or "
                                "a reason in tests/api/coverage.json)")

    module_ops = {op for op, families in fixtures.items() if "nn_modules" in families}
    module_gaps = set(coverage["module_gaps"])
    for module, status in names["nn_modules"].items():
        if status != "present":
            continue
        key = coverage["module_ops"].get(module, module.lower())
        has_cases = any(op == key or op.startswith(key + "_") for op in module_ops)
        if module in module_gaps:
            if has_cases:
                failures.append(f"module {module} has cases now: take it out of the gaps")
        elif not has_cases and module not in coverage["modules_without_cases"]:
            failures.append(f"nn module {module} has no case in the nn_modules fixture (add one "
                            "in tests/reference/families/nn_modules.py, or a reason)")

    for entry in (list(aliases) + list(reasons) + list(gaps) + list(coverage["module_ops"]) +
                  list(coverage["modules_without_cases"]) + list(module_gaps)):
        if not any(entries.get(entry) == "present" for entries in names.values()):
            failures.append(f"coverage.json names {entry}, which is no libtorch name Ember "
                            "declares")
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "c++"))
