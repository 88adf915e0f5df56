// operator<< for tensors, in libtorch's layout: a 1-d tensor prints as a column, a matrix as
// rows, higher ranks as `(i,j,.,.) =` matrix slices, then a `[ CPUFloatType{2,3} ]` footer.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "ember/tensor.h"
#include "ops/op_util.h"

namespace ember {
namespace {

// How every element of one tensor is formatted, chosen from all its values (as libtorch does):
// integers plainly; floats in fixed point with 4 decimals, with a common power-of-ten factor
// printed first when the values are large, or in scientific notation when they span too much.
struct Format {
  bool integral = true;
  bool scientific = false;
  double scale = 1;  // values are printed divided by this
  int width = 1;

  static Format choose(const std::vector<double>& values, bool is_float) {
    Format f;
    double max_abs = 0, min_abs = INFINITY;
    for (double v : values) {
      if (!std::isfinite(v)) continue;
      if (v != std::trunc(v)) f.integral = false;
      max_abs = std::max(max_abs, std::abs(v));
      if (v != 0) min_abs = std::min(min_abs, std::abs(v));
    }
    if (!is_float) f.integral = true;
    if (max_abs == 0) min_abs = 0;
    const int max_exp = max_abs == 0 ? 0 : static_cast<int>(std::floor(std::log10(max_abs))) + 1;
    const int min_exp = min_abs == 0 || std::isinf(min_abs)
                            ? 0
                            : static_cast<int>(std::floor(std::log10(min_abs))) + 1;
    if (f.integral) {
      if (max_exp > 9) {
        f.scientific = true;
        f.width = 11;
      } else {
        f.width = std::max(max_exp, 1) + 1;
      }
    } else if (max_exp - min_exp > 4) {
      f.scientific = true;
      f.width = 11;
    } else {
      if (max_exp > 4 || max_exp < -4) f.scale = std::pow(10.0, max_exp - 1);
      const int digits = f.scale == 1 ? std::max(max_exp, 1) : 1;
      f.width = digits + 6;
    }
    return f;
  }

  void write(std::ostream& out, double v) const {
    std::ostringstream s;
    if (std::isnan(v)) {
      s << "nan";
    } else if (std::isinf(v)) {
      s << (v > 0 ? "inf" : "-inf");
    } else if (scientific) {
      s << std::scientific << std::setprecision(4) << v;
    } else if (integral) {
      s << std::fixed << std::setprecision(0) << v;
    } else {
      s << std::fixed << std::setprecision(4) << v / scale;
    }
    out << std::setw(width + 1) << s.str();
  }
};

void print_matrix(std::ostream& out, const double* data, int64_t rows, int64_t cols,
                  const Format& f) {
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) f.write(out, data[r * cols + c]);
    out << "\n";
  }
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Tensor& t) {
  if (!t.defined()) return out << "[ Tensor (undefined) ]";
  std::ostringstream body;
  const Tensor values = t.to(kDouble).contiguous();
  const double* data = values.numel() ? values.data_ptr<double>() : nullptr;
  const std::vector<double> all(data, data + values.numel());
  const Format f = Format::choose(all, t.is_floating_point());
  if (f.scale != 1) body << std::setprecision(0) << std::scientific << f.scale << " *\n";
  const int64_t nd = t.dim();
  if (nd == 0) {
    std::ostringstream s;
    if (t.is_floating_point()) s << std::setprecision(8);
    s << t.item();
    body << s.str() << "\n";
  } else if (nd == 1) {
    print_matrix(body, data, t.size(0), 1, f);
  } else if (t.numel() > 0) {
    const int64_t rows = t.size(-2), cols = t.size(-1);
    const int64_t slices = t.numel() / (rows * cols);
    for (int64_t s = 0; s < slices; ++s) {
      if (nd > 2) {
        body << "(";
        int64_t rem = s;
        std::vector<int64_t> index(static_cast<size_t>(nd - 2));
        for (int64_t d = nd - 3; d >= 0; --d) {
          index[d] = rem % t.size(d);
          rem /= t.size(d);
        }
        for (int64_t i : index) body << i + 1 << ",";
        body << ".,.) = \n";
      }
      print_matrix(body, data + s * rows * cols, rows, cols, f);
      if (nd > 2 && s + 1 < slices) body << "\n";
    }
  }
  out << body.str() << "[ CPU" << t.scalar_type() << "Type{";
  for (int64_t d = 0; d < nd; ++d) out << (d ? "," : "") << t.size(d);
  return out << "} ]";
}

}  // namespace ember
