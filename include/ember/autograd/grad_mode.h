#pragma once
/// Thread-local switches that decide whether ops record the autograd graph, as in libtorch.
///
///     {
///       ember::NoGradGuard no_grad;      // ops inside record nothing (an optimizer step)
///       w.sub_(lr * w.grad());
///     }
///     ember::InferenceMode inference;    // no graph, and new tensors skip version tracking
///     ember::autograd::DetectAnomalyGuard anomaly;  // NaN/Inf in backward names the forward op
namespace ember {

/// Whether ops on tensors that require grad record graph nodes on this thread (default: on).
struct GradMode {
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

/// Sets grad mode for its scope and restores the previous mode on exit.
class AutoGradMode {
 public:
  explicit AutoGradMode(bool enabled) : previous_(GradMode::is_enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~AutoGradMode() { GradMode::set_enabled(previous_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;

 private:
  bool previous_;
};

/// Disables recording for its scope (PyTorch's `torch.no_grad()`).
class NoGradGuard : public AutoGradMode {
 public:
  NoGradGuard() : AutoGradMode(false) {}
};

/// Enables recording for its scope, even inside a NoGradGuard (PyTorch's `torch.enable_grad()`).
class EnableGradGuard : public AutoGradMode {
 public:
  EnableGradGuard() : AutoGradMode(true) {}
};

/// No graph recording, and tensors created in its scope are inference tensors: their in-place
/// writes are not counted, and autograd refuses to save them for backward.
class InferenceMode {
 public:
  explicit InferenceMode(bool enabled = true);
  ~InferenceMode();
  InferenceMode(const InferenceMode&) = delete;
  InferenceMode& operator=(const InferenceMode&) = delete;
  static bool is_enabled();

 private:
  bool previous_inference_;
  AutoGradMode grad_mode_;
};

namespace autograd {

/// Anomaly detection (global, as in PyTorch): backward checks every gradient a node produces
/// and raises, naming the node and the forward op (with its call stack) that created it, when
/// one holds NaN or Inf. Slow; for debugging.
void set_detect_anomaly(bool enabled);
bool is_anomaly_enabled();

/// Turns anomaly detection on for its scope.
class DetectAnomalyGuard {
 public:
  DetectAnomalyGuard();
  ~DetectAnomalyGuard();
  DetectAnomalyGuard(const DetectAnomalyGuard&) = delete;
  DetectAnomalyGuard& operator=(const DetectAnomalyGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace autograd
}  // namespace ember
