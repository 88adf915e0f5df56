#pragma once
// The reduction engine: folds the innermost dimension of a strided tensor into one value (or a
// few) per output element.
//
// Note [Reduction engine]
// The op layer (ops/reduction_util.h) hands a kernel an input laid out as [kept..., R]: the
// reduced dimensions moved innermost and merged into one dimension of length R (copied only when
// they cannot be merged as a view), and outputs with the kept sizes. A reduction is described by
// an Op with
//   using In;                                   storage type of the input
//   using Acc;                                  accumulator
//   Acc identity() const;                       the value of an empty reduction
//   void step(Acc&, compute_t<In>, int64_t i);  folds element i (0 <= i < R) in
//   Acc combine(const Acc& a, const Acc& b);    merges two partials (`a` covers earlier i)
//   void write(char* const* outs, const Acc&, int64_t R);  stores the result(s)
// and the engine fixes the order in which elements are folded (Note [Cascade order]).
//
// Note [Cascade order]
// Summing R float32 numbers left to right loses about R * eps of accuracy; PyTorch sums in a
// cascade instead. So do we: the range is cut into blocks of kReduceBlock elements, each block is
// folded left to right into kReduceLanes interleaved accumulators (so that sums vectorise) that
// are then combined in order (an Op may ask for more lanes with `static constexpr int kLanes`:
// float sums use 32, four AVX registers of independent sums, halved pairwise down to
// kReduceLanes first), and block results are combined as a binary counter would (two
// partials of the same level merge into one of the next level; at the end the leftover levels
// merge right to left). The error then grows with log(R). This order depends on R only: when a
// few outputs have long ranges, the range is cut into chunks of kReduceChunk elements (a power of
// two number of blocks, so a chunk is a whole subtree of the cascade) that threads fold in
// parallel, and the chunk partials join the same binary counter. Results are therefore bitwise
// identical whatever the thread count and whichever way the work was split (Note [Deterministic
// chunking] in core/parallel.h).
#include <array>
#include <bit>
#include <vector>

#include "backend/cpu/loop.h"

namespace ember::cpu {

inline constexpr int64_t kReduceBlock = 128;
inline constexpr int kReduceLanes = 4;

/// The number of interleaved accumulators an Op folds a block into (Note [Cascade order]).
template <class Op>
constexpr int lanes_of() {
  if constexpr (requires { Op::kLanes; }) {
    static_assert(kReduceBlock % Op::kLanes == 0);
    return Op::kLanes;
  } else {
    return kReduceLanes;
  }
}
inline constexpr int64_t kReduceChunk = kReduceBlock * 512;  // 65536 elements

template <class Op>
class Cascade {
 public:
  using Acc = typename Op::Acc;
  Cascade() = default;
  explicit Cascade(const Op& op) : op_(&op) {}

  /// Adds a partial covering 2^level blocks, right after the ones already pushed.
  void push(Acc acc, int level = 0) {
    while (top_ > 0 && level_[top_ - 1] == level) {
      acc = op_->combine(stack_[top_ - 1], acc);
      --top_;
      ++level;
    }
    stack_[top_] = acc;
    level_[top_] = level;
    ++top_;
  }
  Acc finish() const {
    if (top_ == 0) return op_->identity();
    Acc acc = stack_[top_ - 1];
    for (int i = top_ - 2; i >= 0; --i) acc = op_->combine(stack_[i], acc);
    return acc;
  }

 private:
  const Op* op_ = nullptr;
  std::array<Acc, 64> stack_{};
  std::array<int, 64> level_{};
  int top_ = 0;
};

/// Combines a block's lanes (Note [Cascade order]): wide lane sets halve down to kReduceLanes
/// (lane l with lane l + width), which then combine left to right.
template <class Op, size_t kLanes>
typename Op::Acc combine_lanes(const Op& op, std::array<typename Op::Acc, kLanes>& lanes) {
  static_assert(kLanes >= kReduceLanes && (kLanes & (kLanes - 1)) == 0,
                "lane counts are powers of two, at least kReduceLanes");
  for (size_t width = kLanes / 2; width >= kReduceLanes; width /= 2) {
    for (size_t l = 0; l < width; ++l) lanes[l] = op.combine(lanes[l], lanes[l + width]);
  }
  typename Op::Acc acc = lanes[0];
  for (size_t l = 1; l < kReduceLanes; ++l) acc = op.combine(acc, lanes[l]);
  return acc;
}

/// Folds elements [begin, end) (at most kReduceBlock of them) of the range at `p` with element
/// stride `stride` (in elements).
template <class Op>
typename Op::Acc reduce_block(const Op& op, const typename Op::In* p, int64_t stride, int64_t begin,
                              int64_t end) {
  using Acc = typename Op::Acc;
  using C = detail::compute_t<typename Op::In>;
  constexpr int kLanes = lanes_of<Op>();
  std::array<Acc, kLanes> lanes;
  lanes.fill(op.identity());
  int64_t i = begin;
  if (stride == 1) {
    for (; i + kLanes <= end; i += kLanes) {
      for (int l = 0; l < kLanes; ++l) op.step(lanes[l], static_cast<C>(p[i + l]), i + l);
    }
  } else {
    for (; i + kLanes <= end; i += kLanes) {
      for (int l = 0; l < kLanes; ++l) {
        op.step(lanes[l], static_cast<C>(p[(i + l) * stride]), i + l);
      }
    }
  }
  for (int l = 0; i < end; ++i, ++l) op.step(lanes[l], static_cast<C>(p[i * stride]), i);
  return combine_lanes(op, lanes);
}

/// Folds elements [begin, end) of a range in cascade order, pushing onto `cascade`, which must be
/// empty. `begin` must be a multiple of kReduceBlock.
template <class Op>
void reduce_range(const Op& op, Cascade<Op>& cascade, const typename Op::In* p, int64_t stride,
                  int64_t begin, int64_t end) {
  int64_t b = begin;
  if constexpr (requires { op.fold_blocks(p); }) {
    // An Op's hand-vectorised fold of Op::kFoldBlocks (a power of two) whole contiguous blocks:
    // one subtree of the cascade, in exactly the order of folding them one by one. `cascade`
    // starts empty at `begin`, so every kFoldBlocks-th block starts a subtree.
    constexpr int64_t span = Op::kFoldBlocks * kReduceBlock;
    constexpr int level = std::countr_zero(static_cast<uint64_t>(Op::kFoldBlocks));
    static_assert(std::has_single_bit(static_cast<uint64_t>(Op::kFoldBlocks)));
    if (stride == 1) {
      for (; b + span <= end; b += span) cascade.push(op.fold_blocks(p + b), level);
    }
  }
  for (; b < end; b += kReduceBlock) {
    cascade.push(reduce_block(op, p, stride, b, std::min(end, b + kReduceBlock)));
  }
}

/// The fold of a whole range of length n, split across threads when it is long.
template <class Op>
typename Op::Acc reduce_one(const Op& op, const typename Op::In* p, int64_t stride, int64_t n,
                            bool parallel) {
  Cascade<Op> cascade(op);
  const int64_t chunks = detail::chunk_count(0, n, kReduceChunk);
  if (!parallel || chunks < 2) {
    reduce_range(op, cascade, p, stride, 0, n);
    return cascade.finish();
  }
  std::vector<typename Op::Acc> partial(static_cast<size_t>(chunks));
  detail::parallel_for(0, chunks, 1, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      Cascade<Op> local(op);
      reduce_range(op, local, p, stride, c * kReduceChunk, std::min(n, (c + 1) * kReduceChunk));
      partial[static_cast<size_t>(c)] = local.finish();
    }
  });
  constexpr int kChunkLevel = 9;  // log2(kReduceChunk / kReduceBlock)
  static_assert(kReduceChunk == kReduceBlock << kChunkLevel);
  for (int64_t c = 0; c + 1 < chunks; ++c) {
    cascade.push(partial[static_cast<size_t>(c)], kChunkLevel);
  }
  // A full last chunk is one more subtree. A partial one is the right-to-left merge of its own
  // levels, all below kChunkLevel, which the serial order merges first at finish() too: pushed
  // at level -1 it merges with nothing and comes out first.
  cascade.push(partial.back(), n % kReduceChunk == 0 ? kChunkLevel : -1);
  return cascade.finish();
}

/// Folds kReduceGroup ranges at once: range g starts at x + g and steps by `stride` elements.
/// Used when neighbouring outputs read neighbouring elements (a reduction over an outer dim), so
/// that each pass over a row of the input serves kReduceGroup outputs. Every range is folded in
/// exactly the order of reduce_one (Note [Cascade order]: element i of a block goes to lane
/// (i - block start) % lanes_of<Op>()), so results do not depend on which path ran.
inline constexpr int kReduceGroup = 16;

template <class Op>
void reduce_group(const Op& op, const typename Op::In* x, int64_t stride, int64_t n,
                  std::array<typename Op::Acc, kReduceGroup>& results) {
  using Acc = typename Op::Acc;
  using C = detail::compute_t<typename Op::In>;
  constexpr int kLanes = lanes_of<Op>();
  std::array<Cascade<Op>, kReduceGroup> cascades;
  for (auto& c : cascades) c = Cascade<Op>(op);
  std::array<std::array<Acc, kReduceGroup>, kLanes> lanes;
  for (int64_t b = 0; b < n; b += kReduceBlock) {
    const int64_t e = std::min(n, b + kReduceBlock);
    for (auto& lane : lanes) lane.fill(op.identity());
    for (int64_t i = b; i < e; ++i) {
      const typename Op::In* row = x + i * stride;
      auto& lane = lanes[static_cast<size_t>((i - b) % kLanes)];
      for (int g = 0; g < kReduceGroup; ++g) op.step(lane[g], static_cast<C>(row[g]), i);
    }
    for (int g = 0; g < kReduceGroup; ++g) {
      std::array<Acc, kLanes> of_g;
      for (int l = 0; l < kLanes; ++l) of_g[l] = lanes[l][g];
      cascades[g].push(combine_lanes(op, of_g));
    }
  }
  for (int g = 0; g < kReduceGroup; ++g) results[g] = cascades[g].finish();
}

/// Runs `op` over `in`, shaped [kept..., R], writing every output tensor (each shaped [kept...]).
template <class Op>
void reduce(const Op& op, std::initializer_list<const TensorImpl*> outs, const TensorImpl& in) {
  const int64_t nd = in.dim();
  const int64_t n = in.sizes()[nd - 1];
  const int64_t stride = in.strides()[nd - 1];
  // The input without its reduced dimension: one base pointer per output.
  const TensorImpl base(in.storage(), in.storage_offset(), in.sizes().slice(0, nd - 1),
                        in.strides().slice(0, nd - 1), in.dtype());
  const int64_t outputs = base.numel();
  if (outputs == 0) return;
  std::vector<const TensorImpl*> operands(outs);
  operands.push_back(&base);
  LoopPlan plan;
  if (operands.size() == 2) plan = LoopPlan::build({operands[0], operands[1]});
  if (operands.size() == 3) plan = LoopPlan::build({operands[0], operands[1], operands[2]});
  const int nout = static_cast<int>(operands.size()) - 1;
  using In = typename Op::In;
  // Few outputs with long ranges: split each range across threads; else split the outputs.
  const bool split_range = outputs < 16 && n >= 2 * kReduceChunk;
  const int64_t grain = std::max<int64_t>(1, detail::kGrainSize / std::max<int64_t>(n, 1));
  auto run = [&](char** p, const int64_t* s, int64_t count) {
    std::array<char*, kMaxOperands> ptr{};
    int64_t i = 0;
    if (!split_range && stride != 1 && n > 0 && s[nout] == static_cast<int64_t>(sizeof(In))) {
      std::array<typename Op::Acc, kReduceGroup> results;
      for (; i + kReduceGroup <= count; i += kReduceGroup) {
        reduce_group(op, reinterpret_cast<const In*>(p[nout] + i * s[nout]), stride, n, results);
        for (int g = 0; g < kReduceGroup; ++g) {
          for (int k = 0; k < nout; ++k) ptr[k] = p[k] + (i + g) * s[k];
          op.write(ptr.data(), results[g], n);
        }
      }
    }
    for (; i < count; ++i) {
      for (int k = 0; k < nout; ++k) ptr[k] = p[k] + i * s[k];
      // Nothing is read from an empty input, whose data pointer may be null.
      const In* x = n > 0 ? reinterpret_cast<const In*>(p[nout] + i * s[nout]) : nullptr;
      op.write(ptr.data(), reduce_one(op, x, stride, n, split_range), n);
    }
  };
  if (split_range) {
    plan.for_each_run(0, plan.numel, run);
  } else {
    plan.parallel_for_each(run, grain);
  }
}

}  // namespace ember::cpu
