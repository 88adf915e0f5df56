#!/usr/bin/python3
"""Writes libtorch_names.json: the names of libtorch 1.13's public C++ API, by part, each marked
"present" or "missing" in Ember's headers today.

Run by hand (needs Debian's libtorch-dev for libtorch's headers, and g++):
    python3 tests/api/libtorch_names.py
api_test.py, run by CTest without libtorch, then fails when a name marked present disappears
from Ember's headers, or a name marked missing appears (mark it present: the list only grows).

Out of scope, as for a CPU build without these features: CUDA/cuDNN/MIOpen/MPS/Vulkan, sparse,
quantized, nested, mkldnn/fbgemm/xnnpack internals, named tensors, and names starting with an
underscore or ending in _backward/_out/_copy/_jvp/_forward.
"""
import glob
import json
import os
import pathlib
import re

from ember_names import ember_names

ATEN = "/usr/include/ATen"
API = "/usr/include/torch/csrc/api/include/torch"
HERE = pathlib.Path(__file__).resolve().parent
OUT_OF_SCOPE = re.compile(
    r"(cudnn|miopen|mkldnn|fbgemm|quantiz|^q_|_q_|sparse|mps|vulkan|nested|cuda|xnnpack|"
    r"_backward|fake_quant|coalesce|indices$|crow_|col_indices|ccol_|to_padded|"
    r"batch_norm_(gather|elemt|update|backward|stats)|^mkl|segment_reduce|choose_qparams|"
    r"fused_moving|qscheme|int_repr|dequantize|_out$|_copy$|_jvp$|_forward$|overrideable|"
    r"align|names$|rename|refine_names|^lift|is_distributed|record_stream|is_set_to|"
    r"slow_conv|thnn_|conv_tbc|depthwise3d|flatten_dense|unflatten_dense|from_file|"
    r"^native_|^_|^is_vulkan|^is_mkldnn|^to_mkldnn|^sym_|nonzero_numpy|smm$|hspmm|sspaddmm|"
    r"^ormqr$|^geqrf$|^orgqr$|retains_grad|_version|output_nr|storage_offset_|_symint$|^TORCH_|"
    r"^func$|globalDeprecated|expect_contiguous|^chalf$|padding_unwrap)")
INLINE_FUNCTION = re.compile(r"^inline\s+[\w:<>,\s]+?\s(\w+)\(", re.M)


def libtorch_parts():
    parts = {}
    body = open(f"{ATEN}/core/TensorBody.h").read()
    parts["tensor_methods"] = set(re.findall(
        r"^\s+(?:inline\s+)?[\w:<>,&\s\*]+?\s+(\w+)\((?:[^;{]*)\)\s*(?:const)?\s*(?:&|&&)?\s*;",
        body, re.M))
    ops = {os.path.basename(p)[:-2] for p in glob.glob(f"{ATEN}/ops/*.h")}
    ops = {o for o in ops if not re.search(r"_(ops|native|meta|dispatch)$", o)}
    parts["torch_functions"] = {o for o in ops if not o.startswith(("linalg_", "special_", "fft_"))}
    for ns in ("linalg", "special", "fft"):
        parts[ns] = set(INLINE_FUNCTION.findall(open(f"{API}/{ns}.h").read()))
    parts["nn_modules"] = set()
    for p in glob.glob(f"{API}/nn/modules/**/*.h", recursive=True):
        code = re.sub(r"//.*", "", open(p).read())  # not the examples in comments
        parts["nn_modules"] |= set(re.findall(r"TORCH_MODULE\((\w+)\)", code))
    parts["nn_functional"] = set()
    for p in glob.glob(f"{API}/nn/functional/*.h"):
        parts["nn_functional"] |= set(INLINE_FUNCTION.findall(open(p).read()))
    optimizers = set()
    for p in glob.glob(f"{API}/optim/**/*.h", recursive=True):
        optimizers |= set(re.findall(r"class\s+TORCH_API\s+(\w+)\s*(?::|\{)", open(p).read()))
    parts["optim"] = {o for o in optimizers if not o.endswith(("ParamState", "Options"))}
    return {k: sorted(n for n in v if not OUT_OF_SCOPE.search(n)) for k, v in parts.items()}


def main():
    ember = ember_names(HERE.parent.parent / "include", "g++")
    out = {}
    for part, names in libtorch_parts().items():
        pool = ember.classes if part in ("nn_modules", "optim") else ember.functions
        out[part] = {n: "present" if n in pool else "missing" for n in names}
    (HERE / "libtorch_names.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    for part, names in out.items():
        have = sum(1 for s in names.values() if s == "present")
        print(f"{part:16s} {have:4d} / {len(names):4d}")


if __name__ == "__main__":
    main()
