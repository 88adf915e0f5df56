#include "backend/cpu/cpu_backend.h"

#include "backend/cpu/activation_kernels.h"
#include "backend/cpu/binary_kernels.h"
#include "backend/cpu/conv_kernels.h"
#include "backend/cpu/copy_kernels.h"
#include "backend/cpu/index_kernels.h"
#include "backend/cpu/loss_kernels.h"
#include "backend/cpu/matmul_kernels.h"
#include "backend/cpu/norm_kernels.h"
#include "backend/cpu/pool_kernels.h"
#include "backend/cpu/random_kernels.h"
#include "backend/cpu/rearrange_kernels.h"
#include "backend/cpu/reduce_kernels.h"
#include "backend/cpu/scan_kernels.h"
#include "backend/cpu/search_kernels.h"
#include "backend/cpu/softmax_kernels.h"
#include "backend/cpu/sort_kernels.h"
#include "backend/cpu/svd_kernels.h"
#include "backend/cpu/ternary_kernels.h"
#include "backend/cpu/triangle_kernels.h"
#include "backend/cpu/unary_kernels.h"
#include "backend/cpu/upsample_kernels.h"

namespace ember::cpu {

const detail::Backend& backend() {
  // Every entry points at the cpu:: kernel of its name, whose signature must match the list.
  static const detail::Backend table = [] {
    detail::Backend b;
#define EMBER_KERNEL(name, Result, parameters) b.name = &cpu::name;
#include "ops/kernels.def"
#undef EMBER_KERNEL
    return b;
  }();
  return table;
}

}  // namespace ember::cpu
