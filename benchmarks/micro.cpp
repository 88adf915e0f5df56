// Google Benchmark micro-benchmarks of Ember alone (no libtorch needed):
//   cmake --preset bench && cmake --build --preset bench && ./build/bench/benchmarks/ember_micro
#include <benchmark/benchmark.h>
#include <ember/ember.h>

namespace {

void BM_AddOverhead(benchmark::State& state) {
  ember::Tensor a = ember::ones({1}), b = ember::ones({1});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
}
BENCHMARK(BM_AddOverhead);

void BM_Add(benchmark::State& state) {
  ember::Tensor a = ember::rand({state.range(0)}), b = ember::rand({state.range(0)});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  state.SetBytesProcessed(state.iterations() * state.range(0) * 12);
}
BENCHMARK(BM_Add)->Arg(1 << 20)->Arg(16 << 20)->UseRealTime();

void BM_AddTransposed(benchmark::State& state) {
  const int64_t n = state.range(0);
  ember::Tensor a = ember::rand({n, n}), b = ember::rand({n, n}).t();
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  state.SetBytesProcessed(state.iterations() * n * n * 12);
}
BENCHMARK(BM_AddTransposed)->Arg(1024)->UseRealTime();

void BM_Exp(benchmark::State& state) {
  ember::Tensor a = ember::rand({state.range(0)});
  for (auto _ : state) benchmark::DoNotOptimize(a.exp());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Exp)->Arg(1 << 20)->Arg(16 << 20)->UseRealTime();

void BM_Sum(benchmark::State& state) {
  ember::Tensor a = ember::rand({state.range(0)});
  for (auto _ : state) benchmark::DoNotOptimize(a.sum());
  state.SetBytesProcessed(state.iterations() * state.range(0) * 4);
}
BENCHMARK(BM_Sum)->Arg(1 << 20)->Arg(16 << 20)->UseRealTime();

void BM_Matmul(benchmark::State& state) {
  const int64_t n = state.range(0);
  ember::Tensor a = ember::rand({n, n}), b = ember::rand({n, n});
  for (auto _ : state) benchmark::DoNotOptimize(a.matmul(b));
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}
BENCHMARK(BM_Matmul)->Arg(128)->Arg(512)->Arg(1024)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
