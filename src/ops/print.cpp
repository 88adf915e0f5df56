// operator<< for tensors, in libtorch's layout (its Formatting.cpp), so that programs ported
// from libtorch print the same text. tests/core/print_test.cpp compares against libtorch's own
// output (tests/reference/fixtures/print.json).
//
// Note [libtorch print format]
// - A 0-d tensor prints its value in the stream's default float notation.
// - Otherwise values are printed as doubles with one format per 1-d tensor or per matrix slice:
//   all finite values integral: default notation, width = digits + 1 (scientific with 4 digits
//   when more than 9 digits); else scientific when the exponents of the smallest and largest
//   magnitudes differ by more than 4; else fixed with 4 decimals, dividing by a power-of-ten
//   `scale` printed first as `1e+05 *` when the largest exponent is above 5 or below 0.
//   libtorch's search for the largest magnitude compares signed values, so negative numbers do
//   not raise it; we keep that quirk, since matching its text is the point.
// - Matrices wrap into blocks of columns ("Columns 1 to 8") to fit 80 characters.
// - Higher ranks print `(i,j,.,.) = ` matrix slices, the FIRST leading index varying fastest.
// - A footer `[ CPUFloatType{2,3} ]` names the dtype and sizes.
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "ember/tensor.h"
#include "ops/op_util.h"

namespace ember {
namespace {

constexpr int64_t kLineSize = 80;

struct Format {
  enum class Style { kDefault, kFixed, kScientific };
  Style style = Style::kDefault;
  double scale = 1;
  int64_t width = 0;

  // `v` are the values of one 1-d tensor or matrix, as doubles.
  static Format choose(const double* v, int64_t n) {
    Format f;
    if (n == 0) return f;
    bool integral = true;
    for (int64_t i = 0; i < n; ++i) {
      if (std::isfinite(v[i]) && v[i] != std::ceil(v[i])) {
        integral = false;
        break;
      }
    }
    int64_t first = 0;
    while (first < n && !std::isfinite(v[first])) ++first;
    double exp_min = 1, exp_max = 1;
    if (first < n) {
      double lo = std::fabs(v[first]), hi = std::fabs(v[first]);
      for (int64_t i = first; i < n; ++i) {
        if (!std::isfinite(v[i])) continue;
        lo = std::min(lo, std::fabs(v[i]));
        if (v[i] > hi) hi = std::fabs(v[i]);  // signed comparison: see the Note
      }
      exp_min = lo != 0 ? std::floor(std::log10(lo)) + 1 : 1;
      exp_max = hi != 0 ? std::floor(std::log10(hi)) + 1 : 1;
    }
    if (integral) {
      if (exp_max > 9) {
        f.style = Style::kScientific;
        f.width = 11;
      } else {
        f.width = static_cast<int64_t>(exp_max) + 1;
      }
    } else if (exp_max - exp_min > 4) {
      f.style = Style::kScientific;
      f.width = std::fabs(exp_max) > 99 || std::fabs(exp_min) > 99 ? 12 : 11;
    } else {
      f.style = Style::kFixed;
      if (exp_max > 5 || exp_max < 0) {
        f.width = 7;
        f.scale = std::pow(10, exp_max - 1);
      } else {
        f.width = exp_max == 0 ? 7 : static_cast<int64_t>(exp_max) + 6;
      }
    }
    return f;
  }

  // Sets `out` to this format's notation (the width is applied per value).
  void apply(std::ostream& out) const {
    if (style == Style::kScientific) {
      out << std::scientific << std::setprecision(4);
    } else if (style == Style::kFixed) {
      out << std::fixed << std::setprecision(4);
    } else {
      // The precision stays as it was (6, or 4 after an earlier fixed-point slice), as in
      // libtorch.
      out.unsetf(std::ios_base::floatfield);
    }
  }

  // In default notation at the current precision (4 once a fixed format is set): `1e+05 *`.
  void write_scale(std::ostream& out) const {
    std::ostringstream s;
    s.precision(out.precision());
    s << scale << " *\n";
    out << s.str();
  }

  void write(std::ostream& out, double v) const {
    out << std::setw(static_cast<int>(width)) << v / scale;
  }
};

void indent(std::ostream& out, int64_t n) {
  out << std::string(static_cast<size_t>(n), ' ');
}

void print_matrix(std::ostream& out, const double* data, int64_t rows, int64_t cols,
                  int64_t indent_by) {
  const Format f = Format::choose(data, rows * cols);
  f.apply(out);
  indent(out, indent_by);
  const int64_t per_line = (kLineSize - indent_by) / (f.width + 1);
  for (int64_t first = 0; first < cols;) {
    const int64_t last = std::min(first + per_line, cols) - 1;
    if (per_line < cols) {
      if (first != 0) out << "\n";
      out << "Columns " << first + 1 << " to " << last + 1;
      indent(out, indent_by);
    }
    if (f.scale != 1) {
      f.write_scale(out);
      indent(out, indent_by);
    }
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t c = first; c <= last; ++c) {
        f.write(out, data[r * cols + c]);
        if (c != last) {
          out << " ";
          continue;
        }
        out << "\n";
        if (r != rows - 1) indent(out, indent_by + (f.scale != 1 ? 1 : 0));
      }
    }
    first = last + 1;
  }
}

// Matrix slices of a tensor with 3 or more dims, the first leading index varying fastest.
void print_slices(std::ostream& out, const double* data, IntArrayRef sizes) {
  const size_t lead = sizes.size() - 2;
  const int64_t rows = sizes[lead], cols = sizes[lead + 1];
  std::vector<int64_t> row_major_strides(lead);
  int64_t stride = rows * cols;
  for (size_t d = lead; d-- > 0;) {
    row_major_strides[d] = stride;
    stride *= sizes[d];
  }
  std::vector<int64_t> index(lead, 0);
  for (bool first = true;; first = false) {
    if (!first) out << "\n";
    out << "(";
    int64_t offset = 0;
    for (size_t d = 0; d < lead; ++d) {
      out << index[d] + 1 << ",";
      offset += index[d] * row_major_strides[d];
    }
    out << ".,.) = \n";
    print_matrix(out, data + offset, rows, cols, 1);
    size_t d = 0;
    while (d < lead && ++index[d] == sizes[d]) index[d++] = 0;
    if (d == lead) break;
  }
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Tensor& t) {
  if (!t.defined()) return out << "[ Tensor (undefined) ]";
  std::ostringstream body;  // our own stream: the caller's formatting flags stay untouched
  const Tensor values = t.to(kDouble).contiguous();
  const double* data = values.numel() ? values.data_ptr<double>() : nullptr;
  const int64_t nd = t.dim();
  if (nd == 0) {
    body << data[0] << "\n";
  } else if (nd == 1) {
    const Format f = Format::choose(data, t.numel());
    f.apply(body);
    if (f.scale != 1) f.write_scale(body);
    for (int64_t i = 0; i < t.numel(); ++i) {
      f.write(body, data[i]);
      body << "\n";
    }
  } else if (t.numel() > 0) {
    if (nd == 2) {
      print_matrix(body, data, t.size(0), t.size(1), 0);
    } else {
      print_slices(body, data, t.sizes());
    }
  }
  body << "[ CPU" << t.scalar_type() << "Type{";
  for (int64_t d = 0; d < nd; ++d) body << (d ? "," : "") << t.size(d);
  body << "} ]";
  return out << body.str();
}

}  // namespace ember
