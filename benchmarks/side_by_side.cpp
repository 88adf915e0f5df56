// Runs the same work in Ember and in libtorch in one process, alternating between them so that
// machine noise hits both alike, and prints the time per op and the ratio Ember / libtorch.
// Also measures the machine's memory bandwidth (a STREAM-style triad) and its float32 FMA peak,
// the yardsticks of the targets. Built only where libtorch is installed:
//   cmake --preset bench && cmake --build --preset bench && ./build/bench/benchmarks/side_by_side
// With an argument, runs one section only: `side_by_side tensor`, `side_by_side autograd`,
// `side_by_side fused` (the fused NN ops, forward + backward), `side_by_side conv`,
// `side_by_side pool`, `side_by_side nn` (models built from nn modules) or `side_by_side matmul`
// (the float32 products, also with a transposed b, and the FMA peak).
#include <ember/ember.h>
#include <immintrin.h>
#include <omp.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kThreads = 2;

// Seconds per call of `fn`: calls it in batches that last ~20 ms, and keeps the best batch.
double time_per_call(const std::function<void()>& fn, double budget_s) {
  fn();  // warm up (allocations, page faults, lazy init)
  int64_t batch = 1;
  for (;;) {
    auto t0 = Clock::now();
    for (int64_t i = 0; i < batch; ++i) fn();
    double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    if (dt > 0.02 || batch > (int64_t{1} << 30)) break;
    batch *= 2;
  }
  double best = 1e30;
  auto start = Clock::now();
  do {
    auto t0 = Clock::now();
    for (int64_t i = 0; i < batch; ++i) fn();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count() / batch);
  } while (std::chrono::duration<double>(Clock::now() - start).count() < budget_s);
  return best;
}

struct Row {
  std::string name;
  double ember_s = 1e30, torch_s = 1e30;
  double extra = 0;  // GB/s or GFLOP/s of the Ember run, when meaningful
  std::string extra_unit;
};

// Alternates Ember and libtorch rounds and keeps each one's best.
Row compare(const std::string& name, const std::function<void()>& ember_fn,
            const std::function<void()>& torch_fn, int rounds = 5, double budget_s = 0.1) {
  Row r{name};
  for (int i = 0; i < rounds; ++i) {
    r.ember_s = std::min(r.ember_s, time_per_call(ember_fn, budget_s));
    r.torch_s = std::min(r.torch_s, time_per_call(torch_fn, budget_s));
  }
  return r;
}

// STREAM triad a = b + s * c over n floats with kThreads threads: bytes moved / second.
double triad_bandwidth(int64_t n) {
  std::vector<float> a(n), b(n, 1.0f), c(n, 2.0f);
  auto run = [&] {
#pragma omp parallel for num_threads(kThreads) schedule(static)
    for (int64_t i = 0; i < n; ++i) a[i] = b[i] + 3.0f * c[i];
  };
  double s = 1e30;
  for (int i = 0; i < 5; ++i) s = std::min(s, time_per_call(run, 0.1));
  return 3.0 * 4.0 * static_cast<double>(n) / s;  // read b, read c, write a
}

// Float32 FMA peak with kThreads threads: 10 independent AVX2 FMA chains per thread (enough to
// cover FMA latency x throughput on current x86 cores).
double fma_peak_flops() {
  constexpr int64_t kIters = 20'000'000;
  auto run = [] {
#pragma omp parallel num_threads(kThreads)
    {
      __m256 acc[10];
      for (int j = 0; j < 10; ++j) acc[j] = _mm256_set1_ps(static_cast<float>(j));
      const __m256 m = _mm256_set1_ps(0.999999f), add = _mm256_set1_ps(1e-7f);
      for (int64_t i = 0; i < kIters; ++i) {
        for (int j = 0; j < 10; ++j) acc[j] = _mm256_fmadd_ps(acc[j], m, add);
      }
      float sink[8];
      __m256 total = acc[0];
      for (int j = 1; j < 10; ++j) total = _mm256_add_ps(total, acc[j]);
      _mm256_storeu_ps(sink, total);
      if (sink[0] == 12345.0f) std::puts("");  // keep the result alive
    }
  };
  run();
  double best = 1e30;
  for (int i = 0; i < 3; ++i) {
    auto t0 = Clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return static_cast<double>(kIters) * 10 * 8 * 2 * kThreads / best;
}

// The FMA peak measured before and after `work` (the products), keeping the higher: on a shared
// machine one disturbed measurement would otherwise understate the peak and inflate the
// products' fraction of it.
double peak_around(const std::function<void()>& work) {
  const double before = fma_peak_flops();
  work();
  return std::max(before, fma_peak_flops());
}

std::string fmt_time(double s) {
  char buf[32];
  if (s < 1e-6) {
    std::snprintf(buf, sizeof buf, "%.1f ns", s * 1e9);
  } else if (s < 1e-3) {
    std::snprintf(buf, sizeof buf, "%.2f us", s * 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
  }
  return buf;
}

// The table of results; throughput columns need the machine's bandwidth and peak.
void print_rows(const std::vector<Row>& rows, double bandwidth = 0, double peak = 0) {
  std::printf("| work | Ember | libtorch | Ember / libtorch | Ember throughput |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: |\n");
  for (const Row& r : rows) {
    std::string extra = "";
    if (r.extra > 0) {
      char buf[64];
      const double fraction =
          r.extra_unit == "GB/s" ? r.extra * 1e9 / bandwidth : r.extra * 1e9 / peak;
      std::snprintf(buf, sizeof buf, "%.1f %s (%.0f%% of %s)", r.extra, r.extra_unit.c_str(),
                    100 * fraction, r.extra_unit == "GB/s" ? "triad" : "peak");
      extra = buf;
    }
    std::printf("| %s | %s | %s | %.2f | %s |\n", r.name.c_str(), fmt_time(r.ember_s).c_str(),
                fmt_time(r.torch_s).c_str(), r.ember_s / r.torch_s, extra.c_str());
  }
}

// Forward + backward through autograd: a tiny graph (pure overhead) and a small MLP.
void autograd_rows(std::vector<Row>& rows) {
  {
    auto w = ember::ones({1}, ember::requires_grad()), x = ember::ones({1}),
         b = ember::ones({1}, ember::requires_grad());
    auto tw = torch::ones({1}, torch::requires_grad()), tx = torch::ones({1}),
         tb = torch::ones({1}, torch::requires_grad());
    rows.push_back(compare(
        "(w * x + b).sum() forward + backward, 1 element", [&] { (w * x + b).sum().backward(); },
        [&] { (tw * tx + tb).sum().backward(); }));
  }
  {
    // 784-256-10, ReLU (clamp_min), mean squared output: the shape of the Fashion-MNIST model.
    auto w1 = (ember::randn({784, 256}) * 0.05).requires_grad_();
    auto b1 = ember::zeros({256}, ember::requires_grad());
    auto w2 = (ember::randn({256, 10}) * 0.05).requires_grad_();
    auto b2 = ember::zeros({10}, ember::requires_grad());
    auto x = ember::randn({64, 784});
    auto tw1 = (torch::randn({784, 256}) * 0.05).requires_grad_();
    auto tb1 = torch::zeros({256}, torch::requires_grad());
    auto tw2 = (torch::randn({256, 10}) * 0.05).requires_grad_();
    auto tb2 = torch::zeros({10}, torch::requires_grad());
    auto tx = torch::randn({64, 784});
    rows.push_back(compare(
        "MLP 784-256-10 forward + backward, batch 64",
        [&] {
          auto h = (x.matmul(w1) + b1).clamp_min(0);
          (h.matmul(w2) + b2).square().mean().backward();
        },
        [&] {
          auto h = (tx.matmul(tw1) + tb1).clamp_min(0);
          (h.matmul(tw2) + tb2).square().mean().backward();
        }));
  }
}

// The fused NN ops, forward + backward, against libtorch's (ATen's) fused kernels.
void fused_rows(std::vector<Row>& rows) {
  {
    auto x = ember::randn({64, 32, 28, 28}, ember::requires_grad());
    auto w = ember::ones({32}, ember::requires_grad()),
         b = ember::zeros({32}, ember::requires_grad());
    auto rm = ember::zeros({32}), rv = ember::ones({32});
    auto tx = torch::randn({64, 32, 28, 28}, torch::requires_grad());
    auto tw = torch::ones({32}, torch::requires_grad()),
         tb = torch::zeros({32}, torch::requires_grad());
    auto trm = torch::zeros({32}), trv = torch::ones({32});
    auto g = ember::randn({64, 32, 28, 28});
    auto tg = torch::randn({64, 32, 28, 28});
    rows.push_back(compare(
        "BatchNorm2d (64,32,28,28) train fwd+bwd",
        [&] { ember::batch_norm(x, w, b, rm, rv, true, 0.1, 1e-5).backward(g); },
        [&] { torch::batch_norm(tx, tw, tb, trm, trv, true, 0.1, 1e-5, false).backward(tg); }));
    rows.push_back(compare(
        "relu (64,32,28,28) fwd+bwd", [&] { ember::relu(x).backward(g); },
        [&] { torch::relu(tx).backward(tg); }));
    rows.push_back(compare(
        "relu (64,32,28,28) fwd", [&] { ember::relu(x.detach()); },
        [&] { torch::relu(tx.detach()); }));
  }
  {
    auto x = ember::randn({64, 256, 512}, ember::requires_grad());
    auto w = ember::ones({512}, ember::requires_grad()),
         b = ember::zeros({512}, ember::requires_grad());
    auto g = ember::randn({64, 256, 512});
    auto tx = torch::randn({64, 256, 512}, torch::requires_grad());
    auto tw = torch::ones({512}, torch::requires_grad()),
         tb = torch::zeros({512}, torch::requires_grad());
    auto tg = torch::randn({64, 256, 512});
    rows.push_back(compare(
        "LayerNorm (64,256,512) last dim fwd+bwd",
        [&] { ember::layer_norm(x, {512}, w, b).backward(g); },
        [&] { torch::layer_norm(tx, {512}, tw, tb).backward(tg); }, 3, 0.3));
  }
  for (auto [n, c] : {std::pair<int64_t, int64_t>{64, 10}, {256, 1000}}) {
    auto x = ember::randn({n, c}, ember::requires_grad());
    auto t = ember::randint(0, c, {n});
    auto tx = torch::randn({n, c}, torch::requires_grad());
    auto tt = torch::randint(0, c, {n}, torch::kLong);
    rows.push_back(compare(
        "cross_entropy (" + std::to_string(n) + "," + std::to_string(c) + ") fwd+bwd",
        [&] { ember::nll_loss(ember::log_softmax(x, 1), t).backward(); },
        [&] { torch::nll_loss(torch::log_softmax(tx, 1), tt).backward(); }));
  }
}

// Whole models built from nn modules, forward + backward with cross entropy, at batch 64: the
// Fashion-MNIST MLP and a small CNN. Same shapes and initialisation scheme on both sides.
struct EmberCnnImpl : ember::nn::Module {
  EmberCnnImpl()
      : conv1(register_module("conv1",
                              ember::nn::Conv2d(ember::nn::Conv2dOptions(1, 32, 3).padding(1)))),
        conv2(register_module("conv2",
                              ember::nn::Conv2d(ember::nn::Conv2dOptions(32, 64, 3).padding(1)))),
        fc1(register_module("fc1", ember::nn::Linear(64 * 7 * 7, 128))),
        fc2(register_module("fc2", ember::nn::Linear(128, 10))) {}
  ember::Tensor forward(ember::Tensor x) {
    x = ember::max_pool2d(ember::relu(conv1(x)), 2);
    x = ember::max_pool2d(ember::relu(conv2(x)), 2);
    return fc2(ember::relu(fc1(x.flatten(1))));
  }
  ember::nn::Conv2d conv1, conv2;
  ember::nn::Linear fc1, fc2;
};

struct TorchCnnImpl : torch::nn::Module {
  TorchCnnImpl()
      : conv1(register_module("conv1",
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 32, 3).padding(1)))),
        conv2(register_module("conv2",
                              torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).padding(1)))),
        fc1(register_module("fc1", torch::nn::Linear(64 * 7 * 7, 128))),
        fc2(register_module("fc2", torch::nn::Linear(128, 10))) {}
  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2(x)), 2);
    return fc2(torch::relu(fc1(x.flatten(1))));
  }
  torch::nn::Conv2d conv1, conv2;
  torch::nn::Linear fc1, fc2;
};

void nn_rows(std::vector<Row>& rows) {
  {
    ember::nn::Sequential mlp(ember::nn::Linear(784, 256), ember::nn::ReLU(),
                              ember::nn::Linear(256, 10));
    torch::nn::Sequential tmlp(torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 10));
    auto x = ember::randn({64, 784});
    auto t = ember::randint(0, 10, {64});
    auto tx = torch::randn({64, 784});
    auto tt = torch::randint(0, 10, {64}, torch::kLong);
    rows.push_back(compare(
        "nn MLP 784-256-10 + cross_entropy fwd+bwd, batch 64",
        [&] { ember::nn::functional::cross_entropy(mlp->forward(x), t).backward(); },
        [&] { torch::nn::functional::cross_entropy(tmlp->forward(tx), tt).backward(); }));
  }
  {
    auto cnn = std::make_shared<EmberCnnImpl>();
    auto tcnn = std::make_shared<TorchCnnImpl>();
    auto x = ember::randn({64, 1, 28, 28});
    auto t = ember::randint(0, 10, {64});
    auto tx = torch::randn({64, 1, 28, 28});
    auto tt = torch::randint(0, 10, {64}, torch::kLong);
    rows.push_back(compare(
        "nn CNN conv32-pool-conv64-pool-fc128-fc10 fwd+bwd, batch 64",
        [&] { ember::nn::functional::cross_entropy(cnn->forward(x), t).backward(); },
        [&] { torch::nn::functional::cross_entropy(tcnn->forward(tx), tt).backward(); }, 3, 0.5));
  }
}

// Conv2d forward + backward (input and weight gradients): the two shapes.
void conv_rows(std::vector<Row>& rows) {
  struct Shape {
    int64_t n, c, o, hw;
  };
  for (const Shape& s : {Shape{64, 1, 32, 28}, Shape{16, 64, 64, 56}}) {
    auto x = ember::randn({s.n, s.c, s.hw, s.hw}).requires_grad_();
    auto w = (ember::randn({s.o, s.c, 3, 3}) * 0.1).requires_grad_();
    auto b = ember::zeros({s.o}, ember::requires_grad());
    auto tx = torch::randn({s.n, s.c, s.hw, s.hw}).requires_grad_();
    auto tw = (torch::randn({s.o, s.c, 3, 3}) * 0.1).requires_grad_();
    auto tb = torch::zeros({s.o}, torch::requires_grad());
    char name[128];
    std::snprintf(
        name, sizeof name, "conv2d %lldx%lldx%lldx%lld -> %lld, 3x3 pad 1, forward + backward",
        static_cast<long long>(s.n), static_cast<long long>(s.c), static_cast<long long>(s.hw),
        static_cast<long long>(s.hw), static_cast<long long>(s.o));
    const bool big = s.c > 1;
    Row r = compare(
        name,
        [&] {
          x.mutable_grad() = ember::Tensor();
          w.mutable_grad() = ember::Tensor();
          b.mutable_grad() = ember::Tensor();
          ember::conv2d(x, w, b, 1, 1).sum().backward();
        },
        [&] {
          tx.mutable_grad().reset();
          tw.mutable_grad().reset();
          tb.mutable_grad().reset();
          torch::conv2d(tx, tw, tb, 1, 1).sum().backward();
        },
        big ? 3 : 5, big ? 0.5 : 0.1);
    rows.push_back(r);
    rows.push_back(compare(
        std::string(name).replace(std::string(name).find("forward + backward"), 18, "forward"),
        [&] {
          ember::NoGradGuard g;
          ember::Tensor y = ember::conv2d(x, w, b, 1, 1);
        },
        [&] {
          torch::NoGradGuard g;
          torch::Tensor y = torch::conv2d(tx, tw, tb, 1, 1);
        },
        big ? 3 : 5, big ? 0.5 : 0.1));
  }
}

// Pooling at the shape of a small CNN's first pooling layer: MaxPool2d(2) on (64, 32, 28, 28).
void pool_rows(std::vector<Row>& rows) {
  auto x = ember::randn({64, 32, 28, 28}).requires_grad_();
  auto g = ember::randn({64, 32, 14, 14});
  auto tx = torch::randn({64, 32, 28, 28}).requires_grad_();
  auto tg = torch::randn({64, 32, 14, 14});
  {
    ember::NoGradGuard no_grad;
    torch::NoGradGuard torch_no_grad;
    rows.push_back(compare(
        "max_pool2d k2 (64, 32, 28, 28) forward", [&] { ember::max_pool2d(x, 2); },
        [&] { torch::max_pool2d(tx, 2); }));
    rows.push_back(compare(
        "avg_pool2d k2 (64, 32, 28, 28) forward", [&] { ember::avg_pool2d(x, 2); },
        [&] { torch::avg_pool2d(tx, 2); }));
  }
  rows.push_back(compare(
      "max_pool2d k2 (64, 32, 28, 28) forward + backward",
      [&] {
        x.mutable_grad() = ember::Tensor();
        ember::max_pool2d(x, 2).backward(g);
      },
      [&] {
        tx.mutable_grad() = torch::Tensor();
        torch::max_pool2d(tx, 2).backward(tg);
      }));
  rows.push_back(compare(
      "avg_pool2d k2 (64, 32, 28, 28) forward + backward",
      [&] {
        x.mutable_grad() = ember::Tensor();
        ember::avg_pool2d(x, 2).backward(g);
      },
      [&] {
        tx.mutable_grad() = torch::Tensor();
        torch::avg_pool2d(tx, 2).backward(tg);
      }));
}

// Square float32 products; with `transposed_b`, also b given as a transposed view (the layout
// of nn.Linear's weight), which packs B differently.
void matmul_rows(std::vector<Row>& rows, bool transposed_b = false) {
  for (int64_t n : {128, 512, 1024, 2048}) {
    ember::Tensor a = ember::rand({n, n}), b = ember::rand({n, n});
    torch::Tensor ta = torch::rand({n, n}), tb = torch::rand({n, n});
    Row r = compare(
        "matmul " + std::to_string(n) + " float32", [&] { ember::Tensor c = a.matmul(b); },
        [&] { torch::Tensor c = ta.matmul(tb); }, n >= 1024 ? 3 : 5, n >= 1024 ? 0.3 : 0.1);
    r.extra = 2.0 * n * n * n / r.ember_s / 1e9;
    r.extra_unit = "GFLOP/s";
    rows.push_back(r);
  }
  if (!transposed_b) return;
  for (int64_t n : {128, 1024}) {
    ember::Tensor a = ember::rand({n, n}), b = ember::rand({n, n}).t();
    torch::Tensor ta = torch::rand({n, n}), tb = torch::rand({n, n}).t();
    Row r = compare(
        "matmul " + std::to_string(n) + " float32, b transposed",
        [&] { ember::Tensor c = a.matmul(b); }, [&] { torch::Tensor c = ta.matmul(tb); },
        n >= 1024 ? 3 : 5, n >= 1024 ? 0.3 : 0.1);
    r.extra = 2.0 * n * n * n / r.ember_s / 1e9;
    r.extra_unit = "GFLOP/s";
    rows.push_back(r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  ember::set_num_threads(kThreads);
  torch::set_num_threads(kThreads);
  omp_set_num_threads(kThreads);
  const std::string section = argc > 1 ? argv[1] : "all";
  std::vector<Row> rows;
  if (section == "autograd") {
    autograd_rows(rows);
    print_rows(rows);
    return 0;
  }
  if (section == "fused") {
    fused_rows(rows);
    print_rows(rows);
    return 0;
  }
  if (section == "nn") {
    nn_rows(rows);
    print_rows(rows);
    return 0;
  }
  if (section == "conv") {
    conv_rows(rows);
    print_rows(rows);
    return 0;
  }
  if (section == "matmul") {
    const double peak = peak_around([&] { matmul_rows(rows, true); });
    std::printf("Threads: %d. FMA peak (float32, AVX2): %.1f GFLOP/s.\n\n", kThreads, peak / 1e9);
    print_rows(rows, 0, peak);
    return 0;
  }
  if (section == "pool") {
    pool_rows(rows);
    print_rows(rows);
    return 0;
  }

  {  // Framework overhead: one tiny op.
    ember::Tensor a = ember::ones({1}), b = ember::ones({1});
    torch::Tensor ta = torch::ones({1}), tb = torch::ones({1});
    rows.push_back(compare(
        "a + b, 1 element (overhead)", [&] { ember::Tensor c = a + b; },
        [&] { torch::Tensor c = ta + tb; }));
  }

  const double bandwidth = triad_bandwidth(int64_t{16} << 20);
  for (int64_t n : {int64_t{1} << 20, int64_t{16} << 20}) {
    const std::string size = n == (int64_t{1} << 20) ? "1M" : "16M";
    ember::Tensor a = ember::rand({n}), b = ember::rand({n});
    torch::Tensor ta = torch::rand({n}), tb = torch::rand({n});
    Row add = compare(
        "add " + size + " float32", [&] { ember::Tensor c = a + b; },
        [&] { torch::Tensor c = ta + tb; });
    add.extra = 12.0 * static_cast<double>(n) / add.ember_s / 1e9;
    add.extra_unit = "GB/s";
    rows.push_back(add);
    rows.push_back(compare(
        "mul " + size + " float32", [&] { ember::Tensor c = a * b; },
        [&] { torch::Tensor c = ta * tb; }));
    rows.push_back(compare(
        "exp " + size + " float32", [&] { ember::Tensor c = a.exp(); },
        [&] { torch::Tensor c = ta.exp(); }));
    rows.push_back(compare(
        "sum " + size + " float32", [&] { ember::Tensor c = a.sum(); },
        [&] { torch::Tensor c = ta.sum(); }));
  }

  const double peak = peak_around([&] { matmul_rows(rows); });

  if (section == "all") {
    autograd_rows(rows);
    conv_rows(rows);
  }
  std::printf(
      "Threads: %d. Memory bandwidth (triad, 16M floats): %.1f GB/s. "
      "FMA peak (float32, AVX2): %.1f GFLOP/s.\n\n",
      kThreads, bandwidth / 1e9, peak / 1e9);
  print_rows(rows, bandwidth, peak);
  return 0;
}
