#pragma once
/// Activation layers; each calls its functional form with its options.
#include "ember/nn/cloneable.h"
#include "ember/nn/functional/activation.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

/// An activation without options: `Sigmoid()`, `Tanh()`, `SiLU()`, ...
#define EMBER_PLAIN_ACTIVATION(Name, expr)                                                         \
  class Name##Impl : public Cloneable<Name##Impl> {                                                \
   public:                                                                                         \
    void reset() override {}                                                                       \
    void pretty_print(std::ostream& stream) const override { stream << "ember::nn::" #Name "()"; } \
    Tensor forward(const Tensor& input) { return expr; }                                           \
  };                                                                                               \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_PLAIN_ACTIVATION(Sigmoid, input.sigmoid());
EMBER_PLAIN_ACTIVATION(Tanh, input.tanh());
EMBER_PLAIN_ACTIVATION(SiLU, functional::silu(input));
EMBER_PLAIN_ACTIVATION(Mish, functional::mish(input));
EMBER_PLAIN_ACTIVATION(Softsign, functional::softsign(input));
EMBER_PLAIN_ACTIVATION(Tanhshrink, functional::tanhshrink(input));
EMBER_PLAIN_ACTIVATION(Hardsigmoid, functional::hardsigmoid(input));
EMBER_PLAIN_ACTIVATION(Hardswish, functional::hardswish(input));
EMBER_PLAIN_ACTIVATION(LogSigmoid, functional::logsigmoid(input));
#undef EMBER_PLAIN_ACTIVATION

/// An activation with an options struct; `printer` writes its fields.
template <class Derived, class Options>
class ActivationImplBase : public Cloneable<Derived> {
 public:
  explicit ActivationImplBase(Options options_ = {}) : options(std::move(options_)) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << std::boolalpha << "ember::nn::" << Derived::kName << "(";
    static_cast<const Derived&>(*this).print_options(stream);
    stream << ")";
  }
  Options options;
};

class ReLUImpl : public ActivationImplBase<ReLUImpl, ReLUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "ReLU";
  void print_options(std::ostream& s) const {
    if (options.inplace()) s << "inplace=true";
  }
  Tensor forward(Tensor input) { return functional::relu(std::move(input), options); }
};
EMBER_MODULE_IMPL(ReLU, ReLUImpl);

class ReLU6Impl : public ActivationImplBase<ReLU6Impl, ReLU6Options> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "ReLU6";
  void print_options(std::ostream& s) const {
    if (options.inplace()) s << "inplace=true";
  }
  Tensor forward(Tensor input) { return functional::relu6(std::move(input), options); }
};
EMBER_MODULE_IMPL(ReLU6, ReLU6Impl);

class SELUImpl : public ActivationImplBase<SELUImpl, SELUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "SELU";
  void print_options(std::ostream& s) const {
    if (options.inplace()) s << "inplace=true";
  }
  Tensor forward(Tensor input) { return functional::selu(std::move(input), options); }
};
EMBER_MODULE_IMPL(SELU, SELUImpl);

class LeakyReLUImpl : public ActivationImplBase<LeakyReLUImpl, LeakyReLUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "LeakyReLU";
  void print_options(std::ostream& s) const {
    s << "negative_slope=" << options.negative_slope();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) { return functional::leaky_relu(std::move(input), options); }
};
EMBER_MODULE_IMPL(LeakyReLU, LeakyReLUImpl);

class ELUImpl : public ActivationImplBase<ELUImpl, ELUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "ELU";
  void print_options(std::ostream& s) const {
    s << "alpha=" << options.alpha();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) { return functional::elu(std::move(input), options); }
};
EMBER_MODULE_IMPL(ELU, ELUImpl);

class CELUImpl : public ActivationImplBase<CELUImpl, CELUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "CELU";
  void print_options(std::ostream& s) const {
    s << "alpha=" << options.alpha();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) { return functional::celu(std::move(input), options); }
};
EMBER_MODULE_IMPL(CELU, CELUImpl);

class GELUImpl : public ActivationImplBase<GELUImpl, GELUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "GELU";
  void print_options(std::ostream& s) const {
    if (options.approximate() != "none") s << "approximate=" << options.approximate();
  }
  Tensor forward(const Tensor& input) { return functional::gelu(input, options); }
};
EMBER_MODULE_IMPL(GELU, GELUImpl);

class HardtanhImpl : public ActivationImplBase<HardtanhImpl, HardtanhOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "Hardtanh";
  void print_options(std::ostream& s) const {
    s << "min_val=" << options.min_val() << ", max_val=" << options.max_val();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) { return functional::hardtanh(std::move(input), options); }
};
EMBER_MODULE_IMPL(Hardtanh, HardtanhImpl);

class SoftplusImpl : public ActivationImplBase<SoftplusImpl, SoftplusOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "Softplus";
  void print_options(std::ostream& s) const {
    s << "beta=" << options.beta() << ", threshold=" << options.threshold();
  }
  Tensor forward(const Tensor& input) { return functional::softplus(input, options); }
};
EMBER_MODULE_IMPL(Softplus, SoftplusImpl);

class SoftshrinkImpl : public ActivationImplBase<SoftshrinkImpl, SoftshrinkOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "Softshrink";
  void print_options(std::ostream& s) const { s << options.lambda(); }
  Tensor forward(const Tensor& input) { return functional::softshrink(input, options); }
};
EMBER_MODULE_IMPL(Softshrink, SoftshrinkImpl);

class HardshrinkImpl : public ActivationImplBase<HardshrinkImpl, HardshrinkOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "Hardshrink";
  void print_options(std::ostream& s) const { s << options.lambda(); }
  Tensor forward(const Tensor& input) { return functional::hardshrink(input, options); }
};
EMBER_MODULE_IMPL(Hardshrink, HardshrinkImpl);

class ThresholdImpl : public ActivationImplBase<ThresholdImpl, ThresholdOptions> {
 public:
  ThresholdImpl(double threshold, double value) : ActivationImplBase({threshold, value}) {}
  explicit ThresholdImpl(const ThresholdOptions& options_) : ActivationImplBase(options_) {}
  static constexpr const char* kName = "Threshold";
  void print_options(std::ostream& s) const {
    s << "threshold=" << options.threshold() << ", value=" << options.value();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) { return functional::threshold(std::move(input), options); }
};
EMBER_MODULE_IMPL(Threshold, ThresholdImpl);

/// Random slopes in training mode, their mean in eval mode.
class RReLUImpl : public ActivationImplBase<RReLUImpl, RReLUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "RReLU";
  void print_options(std::ostream& s) const {
    s << "lower=" << options.lower() << ", upper=" << options.upper();
    if (options.inplace()) s << ", inplace=true";
  }
  Tensor forward(Tensor input) {
    return functional::rrelu(std::move(input), functional::RReLUFuncOptions()
                                                   .lower(options.lower())
                                                   .upper(options.upper())
                                                   .training(is_training())
                                                   .inplace(options.inplace()));
  }
};
EMBER_MODULE_IMPL(RReLU, RReLUImpl);

class GLUImpl : public ActivationImplBase<GLUImpl, GLUOptions> {
 public:
  using ActivationImplBase::ActivationImplBase;
  static constexpr const char* kName = "GLU";
  void print_options(std::ostream& s) const { s << "dim=" << options.dim(); }
  Tensor forward(const Tensor& input) { return functional::glu(input, options); }
};
EMBER_MODULE_IMPL(GLU, GLUImpl);

/// The softmax family over `dim`.
#define EMBER_SOFTMAX_MODULE(Name, function)                                                   \
  class Name##Impl : public ActivationImplBase<Name##Impl, SoftmaxOptions> {                   \
   public:                                                                                     \
    explicit Name##Impl(int64_t dim) : ActivationImplBase(SoftmaxOptions(dim)) {}              \
    explicit Name##Impl(const SoftmaxOptions& options_) : ActivationImplBase(options_) {}      \
    static constexpr const char* kName = #Name;                                                \
    void print_options(std::ostream& s) const { s << "dim=" << options.dim(); }                \
    Tensor forward(const Tensor& input) { return functional::function(input, options.dim()); } \
  };                                                                                           \
  EMBER_MODULE_IMPL(Name, Name##Impl)

EMBER_SOFTMAX_MODULE(Softmax, softmax);
EMBER_SOFTMAX_MODULE(Softmin, softmin);
EMBER_SOFTMAX_MODULE(LogSoftmax, log_softmax);
#undef EMBER_SOFTMAX_MODULE

/// Leaky ReLU with learned slopes: one shared (num_parameters = 1) or one per channel.
class PReLUImpl : public Cloneable<PReLUImpl> {
 public:
  explicit PReLUImpl(const PReLUOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  PReLUOptions options;
  Tensor weight;
};
EMBER_MODULE_IMPL(PReLU, PReLUImpl);

}  // namespace ember::nn
