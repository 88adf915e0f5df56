#include "core/parallel.h"

#include <atomic>

#include "ember/error.h"
#include "ember/parallel.h"

#ifdef EMBER_HAVE_BLAS
#include <cblas.h>
#endif

namespace ember {
namespace detail {
namespace {
int initial_threads() {
#ifdef EMBER_HAVE_OPENMP
  return std::max(1, omp_get_max_threads());
#else
  return 1;
#endif
}
std::atomic<int> g_num_threads{initial_threads()};
}  // namespace

int num_threads() {
  return g_num_threads.load(std::memory_order_relaxed);
}

bool in_parallel_region() {
#ifdef EMBER_HAVE_OPENMP
  return omp_in_parallel();
#else
  return false;
#endif
}

}  // namespace detail

void set_num_threads(int n) {
  EMBER_CHECK(n >= 1, "set_num_threads", "expected a positive number of threads, got ", n);
  detail::g_num_threads.store(n, std::memory_order_relaxed);
#ifdef EMBER_HAVE_OPENMP
  omp_set_num_threads(n);
#endif
#ifdef EMBER_HAVE_BLAS
  openblas_set_num_threads(n);
#endif
}

int get_num_threads() {
  return detail::num_threads();
}

}  // namespace ember
