#include "ember/nn/functional/embedding.h"

#include <vector>

#include "ember/autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/error.h"
#include "ember/ops.h"

namespace ember::nn::functional {
namespace {

void check_indices(const Tensor& input, int64_t num_embeddings, const char* op) {
  EMBER_CHECK(input.defined(), op, "expected a defined index tensor");
  EMBER_CHECK(input.scalar_type() == kLong || input.scalar_type() == kInt, op,
              "expected indices of type Long or Int, got ", input.scalar_type());
  if (input.numel() == 0 || input.is_meta()) return;  // Note [Meta device]
  const int64_t lo = input.min().item<int64_t>(), hi = input.max().item<int64_t>();
  EMBER_CHECK(lo >= 0 && hi < num_embeddings, op, "index out of range in self: index ",
              lo < 0 ? lo : hi, " is out of range for ", num_embeddings, " embeddings");
}

int64_t wrap_padding_idx(std::optional<int64_t> padding_idx, int64_t num_embeddings,
                         const char* op) {
  if (!padding_idx) return -1;
  const int64_t p = *padding_idx;
  EMBER_CHECK(p < num_embeddings && p >= -num_embeddings, op,
              "Padding_idx must be within num_embeddings (", num_embeddings, "), got ", p);
  return p < 0 ? p + num_embeddings : p;
}

// PyTorch's embedding_renorm_: rows looked up whose norm exceeds max_norm are scaled (in place,
// not recorded) to max_norm.
void renorm_rows(Tensor weight, const Tensor& indices, double max_norm, double norm_type) {
  ember::NoGradGuard no_grad;
  auto [rows, unused_inverse, unused_counts] = ember::unique(indices.reshape({-1}));
  Tensor picked = weight.index_select(0, rows);
  Tensor norms = picked.norm(norm_type, {1}, /*keepdim=*/true);
  Tensor scale = ember::where(norms.gt(max_norm), norms.add(1e-7).reciprocal().mul(max_norm),
                              ember::ones_like(norms));
  weight.index_put_({rows}, picked.mul(scale));
}

// Rows of `weight` at `indices`, shaped indices.sizes() + [embedding_dim].
Tensor lookup_rows(const Tensor& weight, const Tensor& indices) {
  std::vector<int64_t> shape(indices.sizes().begin(), indices.sizes().end());
  shape.push_back(weight.size(1));
  return weight.index_select(0, indices.reshape({-1})).view(shape);
}

// The lookup with PyTorch's embedding backward: gradients summed per row, none for the padding
// row, optionally divided by each row's count in the batch. Written with ops, so it can be
// differentiated again.
struct EmbeddingLookup : autograd::Function<EmbeddingLookup> {
  static Tensor forward(autograd::AutogradContext* ctx, const Tensor& weight, const Tensor& indices,
                        int64_t padding_idx, bool scale_grad_by_freq) {
    ctx->save_for_backward({indices});
    ctx->saved_data["num_weights"] = weight.size(0);
    ctx->saved_data["padding_idx"] = padding_idx;
    ctx->saved_data["scale_grad_by_freq"] = scale_grad_by_freq;
    return lookup_rows(weight, indices);
  }
  static autograd::variable_list backward(autograd::AutogradContext* ctx,
                                          autograd::variable_list grads) {
    const Tensor indices = ctx->get_saved_variables()[0].reshape({-1});
    const int64_t num_weights = ctx->saved_data["num_weights"].toInt();
    const int64_t padding_idx = ctx->saved_data["padding_idx"].toInt();
    Tensor grad = grads[0].reshape({indices.numel(), -1});
    if (padding_idx >= 0) grad = grad.mul(indices.ne(padding_idx).unsqueeze(1).to(grad.dtype()));
    if (ctx->saved_data["scale_grad_by_freq"].toBool()) {
      Tensor counts = ember::zeros({num_weights}, grad.options())
                          .index_add(0, indices, ember::ones({indices.numel()}, grad.options()));
      grad = grad.div(counts.index_select(0, indices).unsqueeze(1));
    }
    Tensor grad_weight =
        ember::zeros({num_weights, grad.size(1)}, grad.options()).index_add(0, indices, grad);
    return {grad_weight, Tensor(), Tensor(), Tensor()};
  }
};

}  // namespace

Tensor embedding(const Tensor& input, const Tensor& weight, const EmbeddingFuncOptions& options) {
  EMBER_CHECK(weight.defined() && weight.dim() == 2, "embedding",
              "expected a 2-d weight (num_embeddings, embedding_dim), got ",
              weight.defined() ? weight.sizes() : IntArrayRef{});
  check_indices(input, weight.size(0), "embedding");
  const int64_t padding_idx = wrap_padding_idx(options.padding_idx(), weight.size(0), "embedding");
  if (options.max_norm()) renorm_rows(weight, input, *options.max_norm(), options.norm_type());
  const Tensor indices = input.to(kLong);
  if (padding_idx < 0 && !options.scale_grad_by_freq()) {
    // The plain lookup: index_select's own backward is the same sum of rows.
    return lookup_rows(weight, indices);
  }
  return EmbeddingLookup::apply(weight, indices, padding_idx, options.scale_grad_by_freq());
}

Tensor embedding_bag(const Tensor& input, const Tensor& weight,
                     const EmbeddingBagFuncOptions& options) {
  EMBER_CHECK(weight.defined() && weight.dim() == 2, "embedding_bag",
              "expected a 2-d weight (num_embeddings, embedding_dim), got ",
              weight.defined() ? weight.sizes() : IntArrayRef{});
  check_indices(input, weight.size(0), "embedding_bag");
  const bool is_sum = std::holds_alternative<enumtype::kSum>(options.mode());
  const bool is_max = std::holds_alternative<enumtype::kMax>(options.mode());
  const Tensor& psw = options.per_sample_weights();
  EMBER_CHECK(!psw.defined() || is_sum, "embedding_bag",
              "per_sample_weights is only supported for mode='sum', got mode='",
              enumtype::get_enum_name(options.mode()), "'");
  EMBER_CHECK(!psw.defined() || psw.sizes() == input.sizes(), "embedding_bag",
              "expected per_sample_weights of the input's shape ", input.sizes(), ", got ",
              psw.defined() ? psw.sizes() : IntArrayRef{});

  // Bag boundaries: `starts` (num_bags + 1 entries, the last = the end of the last bag).
  Tensor flat = input.reshape({-1}).to(kLong);
  std::vector<int64_t> starts;
  if (input.dim() == 2) {
    EMBER_CHECK(!options.offsets().defined(), "embedding_bag",
                "offsets has to be None if input is 2D");
    for (int64_t b = 0; b <= input.size(0); ++b) starts.push_back(b * input.size(1));
  } else {
    EMBER_CHECK(input.dim() == 1, "embedding_bag", "expected a 1-d or 2-d input, got ",
                input.sizes());
    const Tensor& offsets = options.offsets();
    EMBER_CHECK(offsets.defined() && offsets.dim() == 1, "embedding_bag",
                "expected 1-d offsets with a 1-d input, got ",
                offsets.defined() ? offsets.sizes() : IntArrayRef{});
    Tensor off = offsets.to(kLong).contiguous();
    const int64_t* o = off.data_ptr<int64_t>();
    starts.assign(o, o + off.numel());
    EMBER_CHECK(starts.empty() || starts[0] == 0, "embedding_bag", "offsets[0] has to be 0, got ",
                starts.empty() ? 0 : starts[0]);
    if (!options.include_last_offset()) starts.push_back(flat.numel());
    for (size_t i = 1; i < starts.size(); ++i) {
      EMBER_CHECK(starts[i] >= starts[i - 1] && starts[i] <= flat.numel(), "embedding_bag",
                  "offsets must be non-decreasing and at most the input length ", flat.numel(),
                  ", got ", starts[i], " after ", starts[i - 1]);
    }
  }
  const int64_t num_bags = starts.empty() ? 0 : static_cast<int64_t>(starts.size()) - 1;
  const int64_t padding_idx =
      wrap_padding_idx(options.padding_idx(), weight.size(0), "embedding_bag");

  // The entries that take part, and the bag of each.
  Tensor flat_cpu = flat.contiguous();
  const int64_t* idx = flat_cpu.data_ptr<int64_t>();
  std::vector<int64_t> positions, bag_of;
  std::vector<double> counts(static_cast<size_t>(num_bags), 0);
  for (int64_t b = 0; b < num_bags; ++b) {
    for (int64_t i = starts[b]; i < starts[b + 1]; ++i) {
      if (idx[i] == padding_idx) continue;
      positions.push_back(i);
      bag_of.push_back(b);
      counts[b] += 1;
    }
  }
  Tensor pos = ember::tensor(positions, kLong);
  Tensor bags = ember::tensor(bag_of, kLong);
  EmbeddingFuncOptions lookup;
  lookup.max_norm(options.max_norm()).norm_type(options.norm_type());
  lookup.scale_grad_by_freq(options.scale_grad_by_freq());
  Tensor rows = embedding(flat.index_select(0, pos), weight, lookup);
  if (psw.defined()) rows = rows.mul(psw.reshape({-1}).index_select(0, pos).unsqueeze(1));

  const int64_t dim = weight.size(1);
  Tensor out = ember::zeros({num_bags, dim}, weight.options());
  if (is_max) {
    return out.scatter_reduce(0, bags.unsqueeze(1).expand({bags.numel(), dim}), rows, "amax",
                              /*include_self=*/false);
  }
  out = out.index_add(0, bags, rows);
  if (is_sum) return out;
  Tensor divisor = ember::tensor(counts, kDouble).clamp_min(1).to(out.scalar_type());
  return out.div(divisor.unsqueeze(1));
}

Tensor one_hot(const Tensor& tensor, int64_t num_classes) {
  EMBER_CHECK(tensor.defined() && tensor.scalar_type() == kLong, "one_hot",
              "one_hot is only applicable to index tensor (int64), got ",
              tensor.defined() ? tensor.scalar_type() : kLong);
  if (num_classes == -1) {
    EMBER_CHECK(tensor.numel() > 0, "one_hot",
                "Can not infer total number of classes from empty tensor.");
    num_classes = tensor.max().item<int64_t>() + 1;
  }
  EMBER_CHECK(num_classes >= 0, "one_hot", "expected num_classes >= 0 (or -1), got ", num_classes);
  if (tensor.numel() > 0 && !tensor.is_meta()) {  // Note [Meta device]
    EMBER_CHECK(tensor.min().item<int64_t>() >= 0, "one_hot", "Class values must be non-negative.");
    EMBER_CHECK(tensor.max().item<int64_t>() < num_classes, "one_hot",
                "Class values must be smaller than num_classes (", num_classes, ").");
  }
  std::vector<int64_t> shape(tensor.sizes().begin(), tensor.sizes().end());
  shape.push_back(num_classes);
  return ember::zeros(shape, tensor.options()).scatter(-1, tensor.unsqueeze(-1), 1);
}

}  // namespace ember::nn::functional
