#pragma once
/// Lookup tables: `Embedding` and `EmbeddingBag`.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/embedding.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// A table of num_embeddings rows of embedding_dim, initialised normal(0, 1) (the padding row
/// zero).
class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
 public:
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingImpl(EmbeddingOptions options);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& indices);

  EmbeddingOptions options;
  Tensor weight;
};

class Embedding : public ModuleHolder<EmbeddingImpl> {
 public:
  using ModuleHolder::ModuleHolder;
  /// An embedding whose table is `embeddings` (2-d), frozen by default.
  static Embedding from_pretrained(const Tensor& embeddings,
                                   const EmbeddingFromPretrainedOptions& options = {});
};

class EmbeddingBagImpl : public Cloneable<EmbeddingBagImpl> {
 public:
  /// `forward`'s offsets and per_sample_weights may be left out (Sequential, AnyModule).
  static constexpr size_t kForwardRequiredArgs = 1;
  EmbeddingBagImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingBagImpl(EmbeddingBagOptions(num_embeddings, embedding_dim)) {}
  explicit EmbeddingBagImpl(EmbeddingBagOptions options);

  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input, const Tensor& offsets = {},
                 const Tensor& per_sample_weights = {});

  EmbeddingBagOptions options;
  Tensor weight;
};
EMBER_MODULE_IMPL(EmbeddingBag, EmbeddingBagImpl);

}  // namespace ember::nn
