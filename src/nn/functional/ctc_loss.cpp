// CTC loss (Graves et al. 2006) by the forward (alpha) recursion in log space, written with ops
// over the whole batch at once, so that autograd supplies the gradient.
//
// Note [CTC sentinel]
// Impossible alignment states hold kImpossible (a huge negative number) rather than -inf: the
// gradient of logsumexp is exp(x - result), which is NaN for -inf - (-inf). A finite sentinel
// gives those states a weight of exactly 0 instead, and losses past the sentinel's reach (an
// input too short for its target) are reported as inf, as PyTorch does.
//
// Note [CTC gradient]
// PyTorch's ctc_loss backward returns exp(log_probs) - (the posterior of each class), which is
// the gradient with respect to the logits when log_probs = log_softmax(logits), not the
// derivative with respect to log_probs themselves (that lacks the exp(log_probs) term). Chained
// through log_softmax both give the same logits gradient, since the extra term sums to the
// output gradient per step. We return PyTorch's: a zero-valued term whose gradient is
// exp(log_probs) over each sample's valid steps is added to each loss.
#include <algorithm>
#include <limits>
#include <vector>

#include "ember/error.h"
#include "ember/nn/functional/loss.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

constexpr double kImpossible = -1e30;

std::vector<int64_t> to_longs(const Tensor& t, const char* what) {
  EMBER_CHECK(t.defined() && t.dim() <= 1, "ctc_loss", "expected a 1-d ", what, ", got ",
              t.defined() ? t.sizes() : IntArrayRef{});
  Tensor c = t.to(kLong).contiguous().reshape({-1});
  return std::vector<int64_t>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

}  // namespace

Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options) {
  EMBER_CHECK(log_probs.defined() && (log_probs.dim() == 3 || log_probs.dim() == 2), "ctc_loss",
              "expected log_probs (T, N, C) or unbatched (T, C), got ",
              log_probs.defined() ? log_probs.sizes() : IntArrayRef{});
  const bool unbatched = log_probs.dim() == 2;
  Tensor lp = unbatched ? log_probs.unsqueeze(1) : log_probs;
  const int64_t steps = lp.size(0), batch = lp.size(1), classes = lp.size(2);
  const int64_t blank = options.blank();
  EMBER_CHECK(blank >= 0 && blank < classes, "ctc_loss", "blank must be in label range [0, ",
              classes, "), got ", blank);
  const std::vector<int64_t> in_len = to_longs(input_lengths, "input_lengths");
  const std::vector<int64_t> tg_len = to_longs(target_lengths, "target_lengths");
  EMBER_CHECK(
      static_cast<int64_t>(in_len.size()) == batch && static_cast<int64_t>(tg_len.size()) == batch,
      "ctc_loss", "expected ", batch, " input and target lengths, got ", in_len.size(), " and ",
      tg_len.size());

  // Each sample's labels, from a padded (N, S) target or a concatenated 1-d one.
  Tensor flat_targets = targets.to(kLong).contiguous();
  const int64_t* tp = flat_targets.data_ptr<int64_t>();
  // Unbatched targets are one sequence; batched ones are (N, S) padded or concatenated (1-d).
  const bool padded = unbatched || targets.dim() == 2;
  const int64_t row = unbatched ? targets.numel() : (targets.dim() == 2 ? targets.size(1) : 0);
  std::vector<std::vector<int64_t>> labels(static_cast<size_t>(batch));
  int64_t offset = 0, max_len = 0;
  for (int64_t n = 0; n < batch; ++n) {
    EMBER_CHECK(in_len[n] >= 0 && in_len[n] <= steps, "ctc_loss",
                "Expected input_lengths to have value at most ", steps, ", but got value ",
                in_len[n]);
    EMBER_CHECK(tg_len[n] >= 0, "ctc_loss", "expected non-negative target lengths, got ",
                tg_len[n]);
    const int64_t start = padded ? n * row : offset;
    EMBER_CHECK(!padded || tg_len[n] <= row, "ctc_loss", "Expected tensor to have size at least ",
                tg_len[n], " at dimension 1, but got size ", row);
    EMBER_CHECK(start + tg_len[n] <= flat_targets.numel(), "ctc_loss",
                "targets hold fewer labels than target_lengths sum to");
    for (int64_t s = 0; s < tg_len[n]; ++s) {
      const int64_t label = tp[start + s];
      EMBER_CHECK(label >= 0 && label < classes, "ctc_loss", "target label ", label,
                  " is out of range for ", classes, " classes");
      labels[n].push_back(label);
    }
    offset += tg_len[n];
    max_len = std::max(max_len, tg_len[n]);
  }

  // The extended label sequences (blank, l1, blank, l2, ..., blank), and which states may be
  // reached by skipping a blank (a label differing from the one two states back).
  const int64_t width = 2 * max_len + 1;
  std::vector<int64_t> ext(static_cast<size_t>(batch * width), blank);
  std::vector<uint8_t> skip(ext.size(), 0);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t s = 0; s < tg_len[n]; ++s) {
      ext[n * width + 2 * s + 1] = labels[n][s];
      skip[n * width + 2 * s + 1] = s > 0 && labels[n][s] != labels[n][s - 1];
    }
  }
  Tensor ext_t = ember::tensor(ext, kLong).view({batch, width});
  Tensor skip_t = ember::tensor(skip, kBool).view({batch, width});
  // emissions[t, n, s] = log p_t(l'_s)
  Tensor emissions = lp.gather(2, ext_t.unsqueeze(0).expand({steps, batch, width}));
  auto sentinel = [&](std::vector<int64_t> shape) {
    return ember::full(shape, kImpossible, lp.options());
  };

  // t = 0: only the first blank and the first label.
  Tensor start_mask = ember::arange(width, kLong).lt(2).unsqueeze(0).expand({batch, width});
  Tensor alpha = ember::where(start_mask, emissions[0], sentinel({batch, width}));
  for (int64_t t = 1; t < steps; ++t) {
    Tensor from_prev = ember::cat({sentinel({batch, 1}), alpha.narrow(1, 0, width - 1)}, 1);
    Tensor from_skip = width > 2
                           ? ember::cat({sentinel({batch, 2}), alpha.narrow(1, 0, width - 2)}, 1)
                           : sentinel({batch, width});
    from_skip = ember::where(skip_t, from_skip, sentinel({batch, width}));
    Tensor next = ember::stack({alpha, from_prev, from_skip}).logsumexp({0}).add(emissions[t]);
    // Samples whose input has ended keep their last alpha.
    std::vector<uint8_t> active(static_cast<size_t>(batch));
    for (int64_t n = 0; n < batch; ++n) active[n] = t < in_len[n];
    alpha = ember::where(ember::tensor(active, kBool).unsqueeze(1), next, alpha);
  }
  // -log p(target): the last blank or the last label of each sample.
  std::vector<int64_t> last(static_cast<size_t>(batch) * 2);
  for (int64_t n = 0; n < batch; ++n) {
    last[2 * n] = 2 * tg_len[n];
    last[2 * n + 1] = tg_len[n] > 0 ? 2 * tg_len[n] - 1 : 2 * tg_len[n];
  }
  Tensor ends = alpha.gather(1, ember::tensor(last, kLong).view({batch, 2}));
  if (std::any_of(tg_len.begin(), tg_len.end(), [](int64_t l) { return l == 0; })) {
    // An empty target has one end state; don't count it twice.
    std::vector<uint8_t> single(static_cast<size_t>(batch) * 2, 0);
    for (int64_t n = 0; n < batch; ++n) single[2 * n + 1] = tg_len[n] == 0;
    ends = ember::where(ember::tensor(single, kBool).view({batch, 2}), sentinel({batch, 2}), ends);
  }
  Tensor loss = ends.logsumexp({1}).neg();
  // Note [CTC gradient]: + Σ_{t < T_n, c} (exp(lp) - exp(lp).detach()), which is 0.
  std::vector<uint8_t> valid(static_cast<size_t>(steps * batch));
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t n = 0; n < batch; ++n) valid[t * batch + n] = t < in_len[n];
  }
  Tensor probs = lp.exp();
  Tensor softmax_term = probs.sub(probs.detach())
                            .mul(ember::tensor(valid, kBool).view({steps, batch, 1}).to(lp.dtype()))
                            .sum({0, 2});
  loss = loss.add(softmax_term);
  // Past the sentinel's reach: the alignment was impossible (Note [CTC sentinel]).
  Tensor impossible = loss.gt(-kImpossible / 2);
  Tensor infinity = ember::full({}, std::numeric_limits<double>::infinity(), loss.options());
  loss = options.zero_infinity() ? ember::where(impossible, ember::zeros_like(infinity), loss)
                                 : ember::where(impossible, infinity, loss);

  const auto& reduction = options.reduction();
  if (std::holds_alternative<enumtype::kNone>(reduction)) return unbatched ? loss.squeeze(0) : loss;
  if (std::holds_alternative<enumtype::kSum>(reduction)) return loss.sum();
  // Mean: each loss divided by its target length (at least 1), then averaged over the batch.
  Tensor lengths = ember::tensor(tg_len, kLong).clamp_min(1).to(loss.scalar_type());
  return loss.div(lengths).mean();
}

}  // namespace ember::nn::functional
