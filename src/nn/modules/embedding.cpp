#include "ember/nn/modules/embedding.h"

#include <ostream>

#include "ember/autograd/grad_mode.h"
#include "ember/nn/init.h"
#include "ember/ops.h"

namespace ember::nn {
namespace {

// Creates (or adopts `given`) a table, as both lookup layers do.
Tensor make_table(Module& module, int64_t num, int64_t dim, const Tensor& given,
                  const char* layer) {
  EMBER_CHECK(num >= 0 && dim >= 0, layer, "expected non-negative sizes, got ", num, " x ", dim);
  if (given.defined()) {
    EMBER_CHECK(given.sizes() == IntArrayRef({num, dim}), layer,
                "Shape of _weight does not match num_embeddings and embedding_dim: expected [", num,
                ", ", dim, "], got ", given.sizes());
    return module.register_parameter("weight", given);
  }
  return module.register_parameter("weight", ember::empty({num, dim}));
}

void zero_row(const Tensor& weight, std::optional<int64_t> padding_idx) {
  if (!padding_idx) return;
  ember::NoGradGuard no_grad;
  const int64_t row = *padding_idx < 0 ? *padding_idx + weight.size(0) : *padding_idx;
  weight.select(0, row).fill_(0);
}

void print_common(std::ostream& stream, int64_t num, int64_t dim,
                  const std::optional<int64_t>& padding_idx, const std::optional<double>& max_norm,
                  double norm_type, bool scale_grad_by_freq, bool sparse) {
  stream << std::boolalpha << "num_embeddings=" << num << ", embedding_dim=" << dim;
  if (padding_idx) stream << ", padding_idx=" << *padding_idx;
  if (max_norm) stream << ", max_norm=" << *max_norm;
  if (norm_type != 2) stream << ", norm_type=" << norm_type;
  if (scale_grad_by_freq) stream << ", scale_grad_by_freq=" << scale_grad_by_freq;
  if (sparse) stream << ", sparse=" << sparse;
}

}  // namespace

// ---- Embedding ---------------------------------------------------------------------------------

EmbeddingImpl::EmbeddingImpl(EmbeddingOptions options_) : options(std::move(options_)) {
  reset();
}

void EmbeddingImpl::reset() {
  if (options.padding_idx()) {
    const int64_t n = options.num_embeddings(), p = *options.padding_idx();
    EMBER_CHECK(p < n && p >= -n, "Embedding", "Padding_idx must be within num_embeddings (", n,
                "), got ", p);
    if (p < 0) options.padding_idx(p + n);
  }
  weight = make_table(*this, options.num_embeddings(), options.embedding_dim(), options._weight(),
                      "Embedding");
  if (!options._weight().defined()) reset_parameters();
}

void EmbeddingImpl::reset_parameters() {
  init::normal_(weight);
  zero_row(weight, options.padding_idx());
}

void EmbeddingImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Embedding(";
  print_common(stream, options.num_embeddings(), options.embedding_dim(), options.padding_idx(),
               options.max_norm(), options.norm_type(), options.scale_grad_by_freq(),
               options.sparse());
  stream << ")";
}

Tensor EmbeddingImpl::forward(const Tensor& indices) {
  return functional::embedding(indices, weight,
                               functional::EmbeddingFuncOptions()
                                   .padding_idx(options.padding_idx())
                                   .max_norm(options.max_norm())
                                   .norm_type(options.norm_type())
                                   .scale_grad_by_freq(options.scale_grad_by_freq())
                                   .sparse(options.sparse()));
}

Embedding Embedding::from_pretrained(const Tensor& embeddings,
                                     const EmbeddingFromPretrainedOptions& options) {
  EMBER_CHECK(embeddings.defined() && embeddings.dim() == 2, "Embedding::from_pretrained",
              "Embeddings parameter is expected to be 2-dimensional, got ",
              embeddings.defined() ? embeddings.sizes() : IntArrayRef{});
  Embedding embedding(EmbeddingOptions(embeddings.size(0), embeddings.size(1))
                          ._weight(embeddings)
                          .padding_idx(options.padding_idx())
                          .max_norm(options.max_norm())
                          .norm_type(options.norm_type())
                          .scale_grad_by_freq(options.scale_grad_by_freq())
                          .sparse(options.sparse()));
  embedding->weight.set_requires_grad(!options.freeze());
  return embedding;
}

// ---- EmbeddingBag ------------------------------------------------------------------------------

EmbeddingBagImpl::EmbeddingBagImpl(EmbeddingBagOptions options_) : options(std::move(options_)) {
  reset();
}

void EmbeddingBagImpl::reset() {
  if (options.padding_idx()) {
    const int64_t n = options.num_embeddings(), p = *options.padding_idx();
    EMBER_CHECK(p < n && p >= -n, "EmbeddingBag", "padding_idx must be within num_embeddings (", n,
                "), got ", p);
    if (p < 0) options.padding_idx(p + n);
  }
  weight = make_table(*this, options.num_embeddings(), options.embedding_dim(), options._weight(),
                      "EmbeddingBag");
  if (!options._weight().defined()) reset_parameters();
}

void EmbeddingBagImpl::reset_parameters() {
  init::normal_(weight);
  zero_row(weight, options.padding_idx());
}

void EmbeddingBagImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::EmbeddingBag(";
  print_common(stream, options.num_embeddings(), options.embedding_dim(), options.padding_idx(),
               options.max_norm(), options.norm_type(), options.scale_grad_by_freq(),
               options.sparse());
  stream << ", mode=" << enumtype::get_enum_name(options.mode());
  if (options.include_last_offset()) stream << ", include_last_offset=true";
  stream << ")";
}

Tensor EmbeddingBagImpl::forward(const Tensor& input, const Tensor& offsets,
                                 const Tensor& per_sample_weights) {
  return functional::embedding_bag(input, weight,
                                   functional::EmbeddingBagFuncOptions()
                                       .offsets(offsets)
                                       .max_norm(options.max_norm())
                                       .norm_type(options.norm_type())
                                       .scale_grad_by_freq(options.scale_grad_by_freq())
                                       .mode(options.mode())
                                       .sparse(options.sparse())
                                       .per_sample_weights(per_sample_weights)
                                       .include_last_offset(options.include_last_offset())
                                       .padding_idx(options.padding_idx()));
}

}  // namespace ember::nn
