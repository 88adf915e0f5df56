#include "ember/autograd/node.h"

#include <execinfo.h>

#include <algorithm>
#include <cstdlib>

#include "autograd/deferred_release.h"
#include "ember/autograd/grad_mode.h"
#include "ember/demangle.h"

namespace ember::autograd {
namespace {

thread_local uint64_t next_sequence_nr = 0;

// One frame of backtrace_symbols ("lib.so(_ZN5ember3mulE...+0x12) [0x...]") with its C++ name
// demangled where it has one.
std::string readable_frame(const char* frame) {
  std::string s(frame);
  const size_t open = s.find('(');
  const size_t plus = s.find('+', open);
  if (open == std::string::npos || plus == std::string::npos || plus == open + 1) return s;
  const std::string mangled = s.substr(open + 1, plus - open - 1);
  return s.substr(0, open + 1) + ember::detail::demangle(mangled.c_str()) + s.substr(plus);
}

// The call stack of the forward op being recorded (anomaly mode only: it is slow).
std::string capture_call_stack() {
  void* frames[32];
  const int n = backtrace(frames, 32);
  char** symbols = backtrace_symbols(frames, n);
  if (symbols == nullptr) return {};
  std::string trace;
  for (int i = 1; i < n; ++i) trace += "  " + readable_frame(symbols[i]) + "\n";
  std::free(symbols);
  return trace;
}

}  // namespace

Node::Node(edge_list next_edges)
    : next_edges_(std::move(next_edges)), sequence_nr_(next_sequence_nr++) {
  if (is_anomaly_enabled()) forward_trace_ = capture_call_stack();
}

Node::~Node() {
  for (Edge& e : next_edges_) detail::release_later(std::move(e.function));
}

uint32_t Node::add_input_metadata(const Tensor& output) {
  InputMetadata m;
  if (output.defined()) {
    m.shape.assign(output.sizes().begin(), output.sizes().end());
    m.dtype = output.scalar_type();
    m.device = output.device();
  }
  input_metadata_.push_back(std::move(m));
  return static_cast<uint32_t>(input_metadata_.size() - 1);
}

void Node::add_grad_hook(unsigned id, uint32_t input_nr, GradHook hook, bool runs_last) {
  hooks_.push_back({id, input_nr, std::move(hook), runs_last});
}

bool Node::remove_grad_hook(unsigned id) {
  auto it = std::find_if(hooks_.begin(), hooks_.end(), [&](const auto& h) { return h.id == id; });
  if (it == hooks_.end()) return false;
  hooks_.erase(it);
  return true;
}

void Node::run_grad_hooks(variable_list& grads) const {
  for (bool last : {false, true}) {
    for (const HookEntry& h : hooks_) {
      if (h.runs_last != last || h.input_nr >= grads.size()) continue;
      Tensor replaced = h.fn(grads[h.input_nr]);
      if (replaced.defined()) grads[h.input_nr] = std::move(replaced);
    }
  }
}

namespace detail {

void release_later(std::shared_ptr<Node> node) {
  thread_local std::vector<std::shared_ptr<Node>> pending;
  thread_local bool draining = false;
  if (!node) return;
  pending.push_back(std::move(node));
  if (draining) return;
  draining = true;
  while (!pending.empty()) {
    std::shared_ptr<Node> last = std::move(pending.back());
    pending.pop_back();
    last.reset();  // may push this node's neighbours
  }
  draining = false;
}

}  // namespace detail
}  // namespace ember::autograd
