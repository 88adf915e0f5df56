#pragma once
/// Intra-op threading. Ember's kernels and its BLAS share one OpenMP pool.
#include <cstdint>

namespace ember {

/// Threads used by each op (and by the BLAS); at least 1.
void set_num_threads(int n);
int get_num_threads();

}  // namespace ember
