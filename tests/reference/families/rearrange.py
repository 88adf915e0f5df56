"""Rearranging ops: cat/stack family, meshgrid, flip/roll/rot90, repeat/tile/repeat_interleave,
constant_pad_nd and F.pad."""
import torch
import torch.nn.functional as F

from common import ALL, FLOATS, case, layouts, outcome, random_values, spec


def name_of(dtype):
    return str(dtype)[6:]


def rand(shape, dtype=torch.float32, views=()):
    return spec(random_values(shape, dtype), views)


def join_cases():
    out = []
    # Every dtype, every layout, positive and negative dims.
    for dtype in ALL:
        for label, a, a_spec in layouts((3, 4), dtype):
            b, b_spec = rand((2, 4), dtype)
            out.append(case("cat", f"{label}/{name_of(dtype)}", [a_spec, b_spec],
                            outcome(lambda: torch.cat([a, b], 0)), dim=0))
            c, c_spec = rand((3, 2), dtype)
            out.append(case("cat", f"{label}/neg_dim/{name_of(dtype)}", [a_spec, c_spec],
                            outcome(lambda: torch.cat([a, c], -1)), dim=-1))
            d, d_spec = rand((3, 4), dtype, [("slice", 0, 0, 3, 1)])
            out.append(case("stack", f"{label}/{name_of(dtype)}", [a_spec, d_spec],
                            outcome(lambda: torch.stack([a, d], 1)), dim=1))
    # Mixed dtypes promote across all inputs.
    for da, db in [(torch.int32, torch.float32), (torch.uint8, torch.int8),
                   (torch.float16, torch.bfloat16), (torch.bool, torch.int64),
                   (torch.int64, torch.float64), (torch.bool, torch.float16)]:
        a, a_spec = rand((2, 3), da)
        b, b_spec = rand((1, 3), db)
        out.append(case("cat", f"promote/{name_of(da)}_{name_of(db)}", [a_spec, b_spec],
                        outcome(lambda: torch.cat([a, b])), dim=0))
        c, c_spec = rand((2, 3), db)
        out.append(case("stack", f"promote/{name_of(da)}_{name_of(db)}", [a_spec, c_spec],
                        outcome(lambda: torch.stack([a, c], -1)), dim=-1))
    # Three inputs, expanded and transposed ones, along a middle dim.
    a, a_spec = rand((2, 1, 4), torch.float32, [("expand", [2, 3, 4])])
    b, b_spec = rand((2, 4, 2), torch.float64, [("transpose", 1, 2)])
    c, c_spec = rand((2, 1, 4), torch.int32)
    out.append(case("cat", "three_mixed_layouts", [a_spec, b_spec, c_spec],
                    outcome(lambda: torch.cat([a, b, c], 1)), dim=1))
    # Legacy [0] tensors are skipped for shapes but still promote.
    e, e_spec = rand((0,), torch.float64)
    a, a_spec = rand((2, 3), torch.float32)
    for dim in (0, 1, -1):
        out.append(case("cat", f"legacy_empty/dim{dim}", [e_spec, a_spec, e_spec],
                        outcome(lambda: torch.cat([e, a, e], dim)), dim=dim))
    out.append(case("cat", "all_legacy_empty", [e_spec, e_spec],
                    outcome(lambda: torch.cat([e, e], 0)), dim=0))
    z, z_spec = rand((0, 3), torch.float32)
    out.append(case("cat", "zero_size", [z_spec, a_spec], outcome(lambda: torch.cat([z, a])),
                    dim=0))
    z2, z2_spec = rand((2, 0), torch.float32)
    out.append(case("cat", "zero_size_dim1", [a_spec, z2_spec],
                    outcome(lambda: torch.cat([a, z2], 1)), dim=1))
    out.append(case("cat", "single", [a_spec], outcome(lambda: torch.cat([a], 1)), dim=1))
    # Errors: ranks, sizes, 0-d inputs, bad dims, empty 2-d tensors are not skipped.
    b3, b3_spec = rand((2, 3, 1), torch.float32)
    out.append(case("cat", "error/rank", [a_spec, b3_spec], outcome(lambda: torch.cat([a, b3])),
                    dim=0))
    b4, b4_spec = rand((2, 4), torch.float32)
    out.append(case("cat", "error/size", [a_spec, b4_spec], outcome(lambda: torch.cat([a, b4])),
                    dim=0))
    s, s_spec = rand((), torch.float32)
    out.append(case("cat", "error/zero_dim", [s_spec, s_spec],
                    outcome(lambda: torch.cat([s, s])), dim=0))
    out.append(case("cat", "error/dim_range", [a_spec, a_spec],
                    outcome(lambda: torch.cat([a, a], 2)), dim=2))
    out.append(case("cat", "error/zero_size_not_skipped", [z2_spec, a_spec],
                    outcome(lambda: torch.cat([z2, a], 0)), dim=0))
    out.append(case("cat", "error/empty_list", [], outcome(lambda: torch.cat([], 0)), dim=0))
    out.append(case("concat", "basic", [a_spec, b4_spec],
                    outcome(lambda: torch.concat([a, b4], 1)), dim=1))
    out.append(case("concat", "error/size", [a_spec, b4_spec],
                    outcome(lambda: torch.concat([a, b4], 0)), dim=0))
    # stack: 0-d inputs, zero-size, new last dim, errors.
    out.append(case("stack", "zero_dim", [s_spec, s_spec], outcome(lambda: torch.stack([s, s])),
                    dim=0))
    out.append(case("stack", "zero_size", [z_spec, z_spec],
                    outcome(lambda: torch.stack([z, z], 2)), dim=2))
    out.append(case("stack", "legacy_empty", [e_spec, e_spec],
                    outcome(lambda: torch.stack([e, e], 1)), dim=1))
    at, at_spec = rand((3, 2), torch.float32)
    out.append(case("stack", "error/shape", [a_spec, at_spec],
                    outcome(lambda: torch.stack([a, at])), dim=0))
    out.append(case("stack", "error/dim_range", [a_spec, a_spec],
                    outcome(lambda: torch.stack([a, a], 4)), dim=4))
    out.append(case("stack", "error/empty_list", [], outcome(lambda: torch.stack([])), dim=0))
    # hstack / vstack / dstack over ranks 0..3.
    v, v_spec = rand((3,), torch.int32)
    w, w_spec = rand((2,), torch.float32)
    m, m_spec = rand((2, 3), torch.float32, [])
    mt, mt_spec = rand((3, 2), torch.int64, [("transpose", 0, 1)])
    t3, t3_spec = rand((2, 3, 2), torch.float32)
    one, one_spec = rand((1,), torch.float32)
    groups = {
        "hstack": [("1d", [v, w], [v_spec, w_spec]), ("0d_1d", [s, v], [s_spec, v_spec]),
                   ("2d", [m, mt], [m_spec, mt_spec]), ("3d", [t3, t3], [t3_spec, t3_spec]),
                   ("error/mismatch", [m, t3], [m_spec, t3_spec])],
        "vstack": [("1d", [v, v], [v_spec, v_spec]), ("0d_1elem", [s, one], [s_spec, one_spec]),
                   ("1d_2d", [v, m], [v_spec, m_spec]), ("3d", [t3, t3], [t3_spec, t3_spec]),
                   ("error/mismatch", [v, w], [v_spec, w_spec])],
        "dstack": [("1d", [v, v], [v_spec, v_spec]), ("0d", [s, s], [s_spec, s_spec]),
                   ("2d", [m, mt], [m_spec, mt_spec]), ("2d_3d", [m, t3], [m_spec, t3_spec]),
                   ("error/mismatch", [v, w], [v_spec, w_spec])],
    }
    for op, items in groups.items():
        fn = getattr(torch, op)
        for label, ts, specs in items:
            out.append(case(op, label, specs, outcome(lambda: fn(ts))))
        out.append(case(op, "error/empty_list", [], outcome(lambda: fn([]))))
    # meshgrid and cartesian_prod.
    x, x_spec = rand((3,), torch.float32)
    y, y_spec = rand((8,), torch.float32, [("slice", 0, 0, 8, 2)])
    zz, zz_spec = rand((2,), torch.float32)
    ef, ef_spec = rand((0,), torch.float32)
    for indexing in ("ij", "xy"):
        out.append(case("meshgrid", f"{indexing}/two", [x_spec, y_spec],
                        outcome(lambda: torch.meshgrid(x, y, indexing=indexing)),
                        indexing=indexing))
        out.append(case("meshgrid", f"{indexing}/three_with_0d", [x_spec, s_spec, zz_spec],
                        outcome(lambda: torch.meshgrid(x, s, zz, indexing=indexing)),
                        indexing=indexing))
        out.append(case("meshgrid", f"{indexing}/one", [x_spec],
                        outcome(lambda: torch.meshgrid(x, indexing=indexing)), indexing=indexing))
        out.append(case("meshgrid", f"{indexing}/zero_size", [x_spec, ef_spec],
                        outcome(lambda: torch.meshgrid(x, ef, indexing=indexing)),
                        indexing=indexing))
    vi, vi_spec = rand((3,), torch.int64)
    out.append(case("meshgrid", "error/dtype", [x_spec, vi_spec],
                    outcome(lambda: torch.meshgrid(x, vi, indexing="ij")), indexing="ij"))
    out.append(case("meshgrid", "error/2d", [x_spec, m_spec],
                    outcome(lambda: torch.meshgrid(x, m, indexing="ij")), indexing="ij"))
    # torch's message ends with the tensor's values as its printer writes them.
    out[-1]["expected"]["ember"] = "Expected 0D or 1D tensor in the tensor list but got tensor 1"
    out.append(case("meshgrid", "error/indexing", [x_spec, y_spec],
                    outcome(lambda: torch.meshgrid(x, y, indexing="yx")), indexing="yx"))
    out.append(case("meshgrid", "error/empty_list", [],
                    outcome(lambda: torch.meshgrid([], indexing="ij")), indexing="ij"))
    for dtype in (torch.float32, torch.int64, torch.bool, torch.float16):
        p, p_spec = rand((3,), dtype)
        q, q_spec = rand((2,), dtype)
        out.append(case("cartesian_prod", f"two/{name_of(dtype)}", [p_spec, q_spec],
                        outcome(lambda: torch.cartesian_prod(p, q))))
    out.append(case("cartesian_prod", "three", [x_spec, y_spec, zz_spec],
                    outcome(lambda: torch.cartesian_prod(x, y, zz))))
    out.append(case("cartesian_prod", "one", [y_spec], outcome(lambda: torch.cartesian_prod(y))))
    out.append(case("cartesian_prod", "zero_size", [x_spec, ef_spec],
                    outcome(lambda: torch.cartesian_prod(x, ef))))
    out.append(case("cartesian_prod", "error/0d", [x_spec, s_spec],
                    outcome(lambda: torch.cartesian_prod(x, s))))
    out.append(case("cartesian_prod", "error/2d", [m_spec],
                    outcome(lambda: torch.cartesian_prod(m))))
    out.append(case("cartesian_prod", "error/dtype", [x_spec, vi_spec],
                    outcome(lambda: torch.cartesian_prod(x, vi))))
    return out


def reorder_cases():
    out = []
    for dtype in ALL:
        for label, a, a_spec in layouts((3, 4, 5), dtype):
            for dims in ([0], [2], [-1, 0], [0, 1, 2]):
                out.append(case("flip", f"{label}/{dims}/{name_of(dtype)}", [a_spec],
                                outcome(lambda: torch.flip(a, dims)), dims=dims))
            out.append(case("roll", f"{label}/{name_of(dtype)}", [a_spec],
                            outcome(lambda: torch.roll(a, [1, -7], [2, 0])), shifts=[1, -7],
                            dims=[2, 0]))
        a, a_spec = rand((3, 4), dtype, [("transpose", 0, 1)])
        out.append(case("rot90", f"transposed/{name_of(dtype)}", [a_spec],
                        outcome(lambda: torch.rot90(a)), k=1, dims=[0, 1]))
    a, a_spec = rand((2, 3, 4), torch.float32)
    ex, ex_spec = rand((3, 1), torch.float32, [("expand", [3, 4])])
    s, s_spec = rand((), torch.float32)
    z, z_spec = rand((0, 3), torch.float32)
    out.append(case("flip", "expanded", [ex_spec], outcome(lambda: torch.flip(ex, [0, 1])),
                    dims=[0, 1]))
    out.append(case("flip", "no_dims", [a_spec], outcome(lambda: torch.flip(a, [])), dims=[]))
    out.append(case("flip", "zero_dim", [s_spec], outcome(lambda: torch.flip(s, [0])), dims=[0]))
    out.append(case("flip", "zero_size", [z_spec], outcome(lambda: torch.flip(z, [0, 1])),
                    dims=[0, 1]))
    out.append(case("flip", "error/repeated_dim", [a_spec],
                    outcome(lambda: torch.flip(a, [0, -3])), dims=[0, -3]))
    out.append(case("flip", "error/dim_range", [a_spec], outcome(lambda: torch.flip(a, [3])),
                    dims=[3]))
    m, m_spec = rand((3, 4), torch.int32, [("transpose", 0, 1)])
    v, v_spec = rand((5,), torch.float64)
    out.append(case("fliplr", "transposed", [m_spec], outcome(lambda: torch.fliplr(m))))
    out.append(case("fliplr", "error/1d", [v_spec], outcome(lambda: torch.fliplr(v))))
    out.append(case("flipud", "transposed", [m_spec], outcome(lambda: torch.flipud(m))))
    out.append(case("flipud", "1d", [v_spec], outcome(lambda: torch.flipud(v))))
    out.append(case("flipud", "error/0d", [s_spec], outcome(lambda: torch.flipud(s))))
    # roll: no dims (flattened), several shifts, repeated dims, big and negative shifts.
    for shifts, dims in [([3], []), ([-8], []), ([1], [1]), ([100], [-1]), ([-1, 2], [0, 2]),
                         ([1, 1], [1, 1]), ([0], [0]), ([-2**62], [2])]:
        out.append(case("roll", f"shifts{shifts}/dims{dims}", [a_spec],
                        outcome(lambda: torch.roll(a, shifts, dims)), shifts=shifts, dims=dims))
    out.append(case("roll", "expanded", [ex_spec], outcome(lambda: torch.roll(ex, [1, 2], [0, 1])),
                    shifts=[1, 2], dims=[0, 1]))
    out.append(case("roll", "zero_size", [z_spec], outcome(lambda: torch.roll(z, [1], [0])),
                    shifts=[1], dims=[0]))
    out.append(case("roll", "zero_dim", [s_spec], outcome(lambda: torch.roll(s, [1], [])),
                    shifts=[1], dims=[]))
    out.append(case("roll", "error/zero_dim_with_dim", [s_spec],
                    outcome(lambda: torch.roll(s, [1], [0])), shifts=[1], dims=[0]))
    out.append(case("roll", "error/misaligned", [a_spec], outcome(lambda: torch.roll(a, [1, 2])),
                    shifts=[1, 2], dims=[]))
    out.append(case("roll", "error/misaligned_dims", [a_spec],
                    outcome(lambda: torch.roll(a, [1, 2], [0])), shifts=[1, 2], dims=[0]))
    out.append(case("roll", "error/no_shifts", [a_spec], outcome(lambda: torch.roll(a, [], [])),
                    shifts=[], dims=[]))
    out.append(case("roll", "error/dim_range", [a_spec], outcome(lambda: torch.roll(a, [1], [3])),
                    shifts=[1], dims=[3]))
    # rot90: every k (incl. negative and > 4), other dims, errors.
    for k in (-5, -1, 0, 1, 2, 3, 4, 6):
        out.append(case("rot90", f"k{k}", [a_spec], outcome(lambda: torch.rot90(a, k, [1, 2])),
                        k=k, dims=[1, 2]))
    out.append(case("rot90", "neg_dims", [a_spec], outcome(lambda: torch.rot90(a, 1, [-1, 0])),
                    k=1, dims=[-1, 0]))
    out.append(case("rot90", "zero_size", [z_spec], outcome(lambda: torch.rot90(z, 1, [0, 1])),
                    k=1, dims=[0, 1]))
    out.append(case("rot90", "error/1d", [v_spec], outcome(lambda: torch.rot90(v, 1, [0, 1])),
                    k=1, dims=[0, 1]))
    out.append(case("rot90", "error/same_dims", [a_spec],
                    outcome(lambda: torch.rot90(a, 1, [0, -3])), k=1, dims=[0, -3]))
    out.append(case("rot90", "error/three_dims", [a_spec],
                    outcome(lambda: torch.rot90(a, 1, [0, 1, 2])), k=1, dims=[0, 1, 2]))
    out.append(case("rot90", "error/dim_range", [a_spec],
                    outcome(lambda: torch.rot90(a, 1, [0, 3])), k=1, dims=[0, 3]))
    return out


def repeat_cases():
    out = []
    for dtype in ALL:
        for label, a, a_spec in layouts((2, 3), dtype):
            out.append(case("repeat", f"{label}/{name_of(dtype)}", [a_spec],
                            outcome(lambda: a.repeat(2, 1, 3)), repeats=[2, 1, 3]))
            out.append(case("tile", f"{label}/{name_of(dtype)}", [a_spec],
                            outcome(lambda: a.tile((2,))), dims=[2]))
            out.append(case("repeat_interleave", f"{label}/int/{name_of(dtype)}", [a_spec],
                            outcome(lambda: a.repeat_interleave(2, dim=1)), repeats=2, dim=1))
            r, r_spec = spec(torch.tensor([2, 0, 1]))
            out.append(case("repeat_interleave", f"{label}/tensor/{name_of(dtype)}",
                            [a_spec, r_spec], outcome(lambda: a.repeat_interleave(r, dim=-1)),
                            dim=-1))
    a, a_spec = rand((2, 3), torch.float32)
    ex, ex_spec = rand((1, 3), torch.float32, [("expand", [2, 3])])
    s, s_spec = rand((), torch.float32)
    z, z_spec = rand((0, 3), torch.float32)
    # repeat
    for reps in ([1, 1], [0, 2], [2, 2], [1, 1, 1, 1], [3, 1, 2]):
        out.append(case("repeat", f"reps{reps}", [a_spec], outcome(lambda: a.repeat(*reps)),
                        repeats=reps))
    out.append(case("repeat", "expanded", [ex_spec], outcome(lambda: ex.repeat(2, 2)),
                    repeats=[2, 2]))
    out.append(case("repeat", "zero_dim_no_reps", [s_spec], outcome(lambda: s.repeat([])),
                    repeats=[]))
    out.append(case("repeat", "zero_dim", [s_spec], outcome(lambda: s.repeat(3, 2)),
                    repeats=[3, 2]))
    out.append(case("repeat", "zero_size", [z_spec], outcome(lambda: z.repeat(2, 2)),
                    repeats=[2, 2]))
    out.append(case("repeat", "error/too_few", [a_spec], outcome(lambda: a.repeat(2)),
                    repeats=[2]))
    out.append(case("repeat", "error/negative", [a_spec], outcome(lambda: a.repeat(2, -1)),
                    repeats=[2, -1]))
    # tile
    for dims in ([], [3], [2, 1], [2, 1, 2], [0, 1]):
        out.append(case("tile", f"dims{dims}", [a_spec], outcome(lambda: a.tile(dims)),
                        dims=dims))
    out.append(case("tile", "zero_dim", [s_spec], outcome(lambda: s.tile([2])), dims=[2]))
    out.append(case("tile", "expanded", [ex_spec], outcome(lambda: ex.tile([2])), dims=[2]))
    out.append(case("tile", "error/negative", [a_spec], outcome(lambda: a.tile([-1])), dims=[-1]))
    # repeat_interleave with an int
    for reps, dim in [(3, None), (2, 0), (0, 1), (1, -2)]:
        args = {"repeats": reps} if dim is None else {"repeats": reps, "dim": dim}
        out.append(case("repeat_interleave", f"int{reps}/dim{dim}", [a_spec],
                        outcome(lambda: torch.repeat_interleave(a, reps, dim)), **args))
    out.append(case("repeat_interleave", "int/zero_dim", [s_spec],
                    outcome(lambda: torch.repeat_interleave(s, 3)), repeats=3))
    out.append(case("repeat_interleave", "int/zero_size", [z_spec],
                    outcome(lambda: torch.repeat_interleave(z, 2, 0)), repeats=2, dim=0))
    out.append(case("repeat_interleave", "int/expanded", [ex_spec],
                    outcome(lambda: torch.repeat_interleave(ex, 2, 0)), repeats=2, dim=0))
    out.append(case("repeat_interleave", "error/int_negative", [a_spec],
                    outcome(lambda: torch.repeat_interleave(a, -1, 0)), repeats=-1, dim=0))
    out.append(case("repeat_interleave", "error/int_zero_dim_with_dim", [s_spec],
                    outcome(lambda: torch.repeat_interleave(s, 2, 0)), repeats=2, dim=0))
    out.append(case("repeat_interleave", "error/int_dim_range", [a_spec],
                    outcome(lambda: torch.repeat_interleave(a, 2, 2)), repeats=2, dim=2))
    # repeat_interleave with a tensor of counts
    tensor_cases = [
        ("no_dim", torch.tensor([1, 0, 2, 1, 3, 1]), None),
        ("dim0", torch.tensor([3, 1]), 0),
        ("int32", torch.tensor([0, 2, 1], dtype=torch.int32), 1),
        ("single_count", torch.tensor([2]), 1),
        ("zero_dim_count", torch.tensor(2), 0),
        ("all_zero", torch.tensor([0, 0]), 0),
        ("error/length", torch.tensor([1, 2, 3]), 0),
        ("error/negative", torch.tensor([1, -1]), 0),
        ("error/2d", torch.tensor([[1, 2]]), 0),
        ("error/float", torch.tensor([1.0, 2.0]), 0),
        ("error/int16", torch.tensor([1, 2], dtype=torch.int16), 0),
    ]
    for label, r, dim in tensor_cases:
        r2, r_spec = spec(r)
        args = {} if dim is None else {"dim": dim}
        out.append(case("repeat_interleave", f"tensor/{label}", [a_spec, r_spec],
                        outcome(lambda: torch.repeat_interleave(a, r2, dim)), **args))
    r, r_spec = spec(torch.tensor([2, 1, 3]))
    rs, rs_spec = spec(torch.tensor([5, 2, 1, 0, 9, 8]), [("slice", 0, 0, 6, 2)])
    out.append(case("repeat_interleave", "tensor/expanded_input", [ex_spec, r_spec],
                    outcome(lambda: torch.repeat_interleave(ex, r, 1)), dim=1))
    out.append(case("repeat_interleave", "tensor/strided_counts", [a_spec, rs_spec],
                    outcome(lambda: torch.repeat_interleave(a, rs, 1)), dim=1))
    for label, counts in [("int64", torch.tensor([1, 0, 3])),
                          ("int32", torch.tensor([2, 1], dtype=torch.int32)),
                          ("empty", torch.tensor([], dtype=torch.int64)),
                          ("error/2d", torch.tensor([[1, 2]])),
                          ("error/0d", torch.tensor(2)),
                          ("error/negative", torch.tensor([1, -2])),
                          ("error/float", torch.tensor([1.0]))]:
        c, c_spec = spec(counts)
        out.append(case("repeat_interleave", f"counts_only/{label}", [c_spec],
                        outcome(lambda: torch.repeat_interleave(c)), counts_only=True))
    return out


def circular_2x(x, padding):
    """PyTorch 2.x circular pad, which also takes inputs without a batch dim (torch 1.13 needs
    one)."""
    if x.dim() == len(padding) // 2 + 1:
        return F.pad(x.unsqueeze(0), padding, mode="circular").squeeze(0)
    return F.pad(x, padding, mode="circular")


def pad_2x(x, padding, mode):
    """PyTorch 2.x F.pad for non-constant modes: half/bfloat16 reflect and replicate pads are
    copies, computed in float32 here (torch 1.13 lacks those kernels)."""
    if mode == "circular":
        return circular_2x(x, padding)
    if x.dtype in (torch.float16, torch.bfloat16):
        return F.pad(x.float(), padding, mode=mode).to(x.dtype)
    return F.pad(x, padding, mode=mode)


def pad_cases():
    out = []
    # constant_pad_nd: every dtype, layouts, negative (cropping) pads.
    for dtype in ALL:
        value = True if dtype == torch.bool else 7
        for label, a, a_spec in layouts((3, 4), dtype):
            out.append(case("constant_pad_nd", f"{label}/{name_of(dtype)}", [a_spec],
                            outcome(lambda: torch.constant_pad_nd(a, [1, 2, 0, 1], value)),
                            pad=[1, 2, 0, 1], value=value))
            out.append(case("pad", f"constant/{label}/{name_of(dtype)}", [a_spec],
                            outcome(lambda: F.pad(a, [2, -1])), pad=[2, -1], mode="constant"))
    a, a_spec = rand((2, 3, 4), torch.float32)
    s, s_spec = rand((), torch.float32)
    z, z_spec = rand((0, 3), torch.float32)
    ex, ex_spec = rand((1, 4), torch.float32, [("expand", [3, 4])])
    for pads in ([1, 1], [-1, -2], [-1, 2], [2, -3, 1, 0], [0, 0, 0, 0, 1, 1], [-4, 0],
                 [-2, -2], [-4, 1], [-5, 0], []):
        out.append(case("constant_pad_nd", f"pads{pads}", [a_spec],
                        outcome(lambda: torch.constant_pad_nd(a, pads, -1.5)), pad=pads,
                        value=-1.5))
        if pads == [-5, 0]:  # torch fails inside the narrow it crops with, on a start past the end
            out[-1]["expected"]["ember"] = "plus negative padding -5 and 0 resulted in a negative"
    out.append(case("constant_pad_nd", "int_value_in_float", [a_spec],
                    outcome(lambda: torch.constant_pad_nd(a, [1, 1], 3)), pad=[1, 1], value=3))
    ai, ai_spec = rand((2, 3), torch.int32)
    out.append(case("constant_pad_nd", "float_value_in_int", [ai_spec],
                    outcome(lambda: torch.constant_pad_nd(ai, [1, 1], 2.7)), pad=[1, 1],
                    value=2.7))
    out.append(case("constant_pad_nd", "expanded", [ex_spec],
                    outcome(lambda: torch.constant_pad_nd(ex, [1, 0, 0, 1], 0.5)),
                    pad=[1, 0, 0, 1], value=0.5))
    out.append(case("constant_pad_nd", "zero_dim", [s_spec],
                    outcome(lambda: torch.constant_pad_nd(s, [], 1)), pad=[], value=1))
    out.append(case("constant_pad_nd", "zero_size", [z_spec],
                    outcome(lambda: torch.constant_pad_nd(z, [1, 1, 1, 0], 2)),
                    pad=[1, 1, 1, 0], value=2))
    out.append(case("constant_pad_nd", "error/odd", [a_spec],
                    outcome(lambda: torch.constant_pad_nd(a, [1], 0)), pad=[1], value=0))
    out.append(case("constant_pad_nd", "error/too_long", [z_spec],
                    outcome(lambda: torch.constant_pad_nd(z, [1, 1, 1, 1, 1, 1], 0)),
                    pad=[1, 1, 1, 1, 1, 1], value=0))
    out.append(case("constant_pad_nd", "error/zero_dim", [s_spec],
                    outcome(lambda: torch.constant_pad_nd(s, [1, 1], 0)), pad=[1, 1], value=0))
    # F.pad, constant mode: value, cropping, errors.
    for pads, value in [([1, 2], None), ([1, 1, 2, 2], 2.5), ([-1, 1, 0, -1], -3.0),
                        ([1, 1, 1, 1, 1, 1], 1.0), ([-2, -1], None)]:
        args = {"pad": pads, "mode": "constant"}
        if value is not None:
            args["value"] = value
        out.append(case("pad", f"constant/{pads}/{value}", [a_spec],
                        outcome(lambda: F.pad(a, pads, value=value or 0.0)), **args))
    out.append(case("pad", "constant/error/odd", [a_spec], outcome(lambda: F.pad(a, [1, 1, 1])),
                    pad=[1, 1, 1], mode="constant"))
    out.append(case("pad", "constant/error/too_long", [z_spec],
                    outcome(lambda: F.pad(z, [1] * 6)), pad=[1] * 6, mode="constant"))
    out.append(case("pad", "constant/error/crop_too_much", [a_spec],
                    outcome(lambda: F.pad(a, [-3, -2])), pad=[-3, -2], mode="constant"))
    # torch fails inside the narrow it crops with, on the negative length it computed.
    out[-1]["expected"]["ember"] = "plus negative padding -3 and -2 resulted in a negative"
    # Python raises NotImplementedError here, which outcome() does not catch.
    out.append(case("pad", "error/mode", [a_spec],
                    {"error": "Unrecognised padding mode symmetric"}, pad=[1, 1],
                    mode="symmetric"))
    # Non-constant modes: 1, 2 and 3 padded dims, with and without a batch dim.
    inputs = {
        1: [((2, 5), ()), ((2, 3, 5), ()), ((2, 5, 3), [("transpose", 1, 2)])],
        2: [((2, 4, 5), ()), ((1, 2, 4, 5), ()), ((2, 2, 5, 8), [("slice", 3, 0, 8, 2)])],
        3: [((2, 3, 4, 5), ()), ((1, 2, 3, 4, 5), ())],
    }
    pad_sets = {
        1: [[1, 2], [0, 4], [-1, 2], [3, -2], [-1, -1]],
        2: [[1, 2, 3, 0], [-1, 1, 2, -2], [4, 4, 3, 3]],
        3: [[1, 0, 2, 1, 1, 2], [-1, 2, 0, 1, 2, -1]],
    }
    for mode in ("reflect", "replicate", "circular"):
        for k, shapes in inputs.items():
            for shape, views in shapes:
                base, x_spec = rand(shape, torch.float32, views)
                for pads in pad_sets[k]:
                    out.append(case("pad", f"{mode}/{list(base.shape)}/{pads}", [x_spec],
                                    outcome(lambda: pad_2x(base, pads, mode)), pad=pads,
                                    mode=mode))
        for dtype in ALL:
            x, x_spec = rand((2, 3, 4), dtype)
            out.append(case("pad", f"{mode}/dtype/{name_of(dtype)}", [x_spec],
                            outcome(lambda: pad_2x(x, [2, 1], mode)) if (
                                mode == "circular" or dtype in FLOATS) else
                            outcome(lambda: F.pad(x, [2, 1], mode=mode)),
                            pad=[2, 1], mode=mode))
        # Shared errors: wrong pad length for the rank, a value, 1-d or 6-d inputs.
        x, x_spec = rand((2, 3, 4), torch.float32)
        v, v_spec = rand((4,), torch.float32)
        out.append(case("pad", f"{mode}/error/value", [x_spec],
                        outcome(lambda: F.pad(x, [1, 1], mode=mode, value=1.0)), pad=[1, 1],
                        mode=mode, value=1.0))
        out.append(case("pad", f"{mode}/zero_value_allowed", [x_spec],
                        outcome(lambda: pad_2x(x, [1, 1], mode)), pad=[1, 1], mode=mode,
                        value=0.0))
        out.append(case("pad", f"{mode}/error/1d", [v_spec],
                        outcome(lambda: F.pad(v, [1, 1], mode=mode)), pad=[1, 1], mode=mode))
        out.append(case("pad", f"{mode}/error/pad6_on_3d", [x_spec],
                        outcome(lambda: F.pad(x, [1] * 6, mode=mode)), pad=[1] * 6, mode=mode))
        b6, b6_spec = rand((1, 1, 1, 1, 2, 2), torch.float32)
        out.append(case("pad", f"{mode}/error/6d", [b6_spec],
                        outcome(lambda: F.pad(b6, [1, 1], mode=mode)), pad=[1, 1], mode=mode))
        x4, x4_spec = rand((1, 2, 3, 4), torch.float32)
        out.append(case("pad", f"{mode}/error/pad2_on_4d", [x4_spec],
                        outcome(lambda: F.pad(x4, [1, 1], mode=mode)), pad=[1, 1], mode=mode))
    # Mode-specific limits.
    x, x_spec = rand((1, 2, 4), torch.float32)
    for label, pads in [("at_size", [4, 0]), ("right_at_size", [0, 4]), ("just_below", [3, 3])]:
        out.append(case("pad", f"reflect/limit/{label}", [x_spec],
                        outcome(lambda: F.pad(x, pads, mode="reflect")), pad=pads,
                        mode="reflect"))
    for label, pads in [("large", [9, 7]), ("crop_to_one", [-3, 0]), ("crop_to_zero", [-2, -2])]:
        out.append(case("pad", f"replicate/limit/{label}", [x_spec],
                        outcome(lambda: F.pad(x, pads, mode="replicate")), pad=pads,
                        mode="replicate"))
    out.append(case("pad", "reflect/error/too_small", [x_spec],
                    outcome(lambda: F.pad(x, [-2, -2], mode="reflect")), pad=[-2, -2],
                    mode="reflect"))
    for label, pads in [("at_size", [4, 4]), ("over_size", [5, 0]), ("crop_to_zero", [-2, -2]),
                        ("over_negative", [-3, -2])]:
        out.append(case("pad", f"circular/limit/{label}", [x_spec],
                        outcome(lambda: circular_2x(x, pads)), pad=pads, mode="circular"))
    # Empty channels are refused by reflect/replicate, an empty batch is fine; circular copies.
    eb, eb_spec = rand((0, 2, 4), torch.float32)
    ec, ec_spec = rand((2, 0, 4), torch.float32)
    for mode in ("reflect", "replicate", "circular"):
        out.append(case("pad", f"{mode}/empty_batch", [eb_spec],
                        outcome(lambda: pad_2x(eb, [1, 1], mode)), pad=[1, 1], mode=mode))
        out.append(case("pad", f"{mode}/empty_channels", [ec_spec],
                        outcome(lambda: pad_2x(ec, [1, 1], mode)), pad=[1, 1], mode=mode))
    return out


def cases():
    return join_cases() + reorder_cases() + repeat_cases() + pad_cases()
