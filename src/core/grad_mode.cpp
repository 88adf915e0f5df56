#include "ember/autograd/grad_mode.h"

#include <atomic>

namespace ember {
namespace {

thread_local bool grad_enabled = true;
thread_local bool inference_enabled = false;
std::atomic<bool> anomaly_enabled{false};

}  // namespace

bool GradMode::is_enabled() {
  return grad_enabled;
}
void GradMode::set_enabled(bool enabled) {
  grad_enabled = enabled;
}

InferenceMode::InferenceMode(bool enabled)
    : previous_inference_(inference_enabled), grad_mode_(enabled ? false : GradMode::is_enabled()) {
  inference_enabled = enabled;
}
InferenceMode::~InferenceMode() {
  inference_enabled = previous_inference_;
}
bool InferenceMode::is_enabled() {
  return inference_enabled;
}

namespace autograd {

void set_detect_anomaly(bool enabled) {
  anomaly_enabled.store(enabled, std::memory_order_relaxed);
}
bool is_anomaly_enabled() {
  return anomaly_enabled.load(std::memory_order_relaxed);
}
DetectAnomalyGuard::DetectAnomalyGuard() : previous_(is_anomaly_enabled()) {
  set_detect_anomaly(true);
}
DetectAnomalyGuard::~DetectAnomalyGuard() {
  set_detect_anomaly(previous_);
}

}  // namespace autograd
}  // namespace ember
