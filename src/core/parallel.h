#pragma once
// parallel_for over an index range on Ember's thread pool (OpenMP when built with it).
//
// Note [Deterministic chunking]
// Work is cut into chunks whose boundaries depend only on (begin, end, grain), never on the
// number of threads; threads only decide who runs which chunk. A kernel whose result depends on
// how the range is split (a reduction) therefore gives bitwise identical results for any
// thread count, as long as it combines per-chunk results in chunk order.
#include <algorithm>
#include <cstdint>
#include <exception>
#include <mutex>

#ifdef EMBER_HAVE_OPENMP
#include <omp.h>
#endif

namespace ember::detail {

/// Ranges of fewer than this many elements of cheap elementwise work stay on one thread.
inline constexpr int64_t kGrainSize = 32768;

int num_threads();
bool in_parallel_region();

/// Number of chunks `parallel_for` cuts [begin, end) into for `grain`.
inline int64_t chunk_count(int64_t begin, int64_t end, int64_t grain) {
  if (end <= begin) return 0;
  grain = std::max<int64_t>(grain, 1);
  return (end - begin + grain - 1) / grain;
}

/// Calls `f(chunk_begin, chunk_end)` for consecutive chunks of at most `grain` elements covering
/// [begin, end), in parallel when there is more than one chunk. Exceptions propagate (the first
/// one thrown wins).
template <class F>
void parallel_for(int64_t begin, int64_t end, int64_t grain, const F& f) {
  const int64_t chunks = chunk_count(begin, end, grain);
  if (chunks == 0) return;
  grain = std::max<int64_t>(grain, 1);
#ifdef EMBER_HAVE_OPENMP
  if (chunks > 1 && num_threads() > 1 && !in_parallel_region()) {
    std::exception_ptr error;
    std::mutex error_mutex;
#pragma omp parallel for schedule(static) num_threads(std::min <int64_t>(chunks, num_threads()))
    for (int64_t c = 0; c < chunks; ++c) {
      try {
        int64_t b = begin + c * grain;
        f(b, std::min(end, b + grain));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
    if (error) std::rethrow_exception(error);
    return;
  }
#endif
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t b = begin + c * grain;
    f(b, std::min(end, b + grain));
  }
}

}  // namespace ember::detail
