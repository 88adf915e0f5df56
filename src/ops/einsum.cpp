// einsum and tensordot, both lowered to permutes, reshapes and the batched product.
//
// Note [Einsum lowering]
// Each operand is first reduced on its own: a label repeated within it becomes a diagonal
// (`diagonal()` view), and a label that appears in no other operand and not in the output is
// summed (with sum's dtype rule: integers to int64, as torch's einsum does). The operands are
// then contracted left to right: for a pair, labels in both that are still needed are batch
// dims, labels in both that are not are contracted, the rest stay on their side; both sides are
// permuted to (batch, free, contracted) / (batch, contracted, free), size-1 dims are expanded
// against the other side (broadcasting, including "..."), and one batched product does the
// work. The result is permuted to the output order. Every step is a view or a recorded bmm, so
// autograd needs nothing of its own here (tensordot likewise).
#include <algorithm>
#include <array>
#include <string>

#include "ember/ops/creation.h"
#include "ember/ops/linalg.h"
#include "ember/ops/shape.h"
#include "ops/matmul.h"
#include "ops/op_util.h"

namespace ember {
namespace {

using detail::DimVector;

constexpr int kLetters = 52;  // A-Z then a-z; ellipsis dims get labels from kLetters on

int label_of(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return 26 + (c - 'a');
  return -1;
}

std::string label_name(int l) {
  if (l >= kLetters) return "...";
  return std::string(1, static_cast<char>(l < 26 ? 'A' + l : 'a' + (l - 26)));
}

// A tensor and the label of each of its dims.
struct Labelled {
  Tensor t;
  std::vector<int> labels;
};

// Sums the dims of `t` listed in `dims` (sum's dtype rule), as a product with a ones vector.
Tensor sum_dims(const Tensor& t, const std::vector<int64_t>& dims, const char* op) {
  const ScalarType dtype = is_floating_point(t.scalar_type()) ? t.scalar_type() : kLong;
  if (dims.empty()) return t;
  std::vector<int64_t> perm, keep_sizes;
  int64_t summed = 1;
  for (int64_t d = 0; d < t.dim(); ++d) {
    if (std::find(dims.begin(), dims.end(), d) == dims.end()) {
      perm.push_back(d);
      keep_sizes.push_back(t.size(d));
    }
  }
  for (int64_t d : dims) {
    perm.push_back(d);
    summed *= t.size(d);
  }
  const int64_t kept = detail::numel_of(keep_sizes);
  const Tensor x = t.to(dtype).permute(perm).reshape({1, kept, summed});
  return detail::bmm(x, ones({1, summed, 1}, x.options()), op).view(keep_sizes);
}

// Contracts a and b over `contract` labels, keeping the others; see Note [Einsum lowering].
Labelled contract(const Labelled& a, const Labelled& b, const std::vector<int>& needed,
                  const char* op) {
  auto has = [](const std::vector<int>& v, int l) {
    return std::find(v.begin(), v.end(), l) != v.end();
  };
  auto pos = [](const std::vector<int>& v, int l) {
    return static_cast<int64_t>(std::find(v.begin(), v.end(), l) - v.begin());
  };
  std::vector<int> batch, left, right, summed;
  for (int l : a.labels) {
    if (!has(b.labels, l)) {
      left.push_back(l);
    } else if (has(needed, l)) {
      batch.push_back(l);
    } else {
      summed.push_back(l);
    }
  }
  for (int l : b.labels) {
    if (!has(a.labels, l)) right.push_back(l);
  }
  auto size_in = [&](const Labelled& x, int l) { return x.t.size(pos(x.labels, l)); };
  // Broadcast sizes of the shared labels.
  auto shared_size = [&](int l) {
    const int64_t sa = size_in(a, l), sb = size_in(b, l);
    EMBER_CHECK(sa == sb || sa == 1 || sb == 1, op, "subscript ", label_name(l), " has size ", sb,
                " which does not broadcast with the size ", sa, " seen before");
    return sa == 1 ? sb : sa;
  };
  std::vector<int64_t> perm_a, perm_b, size_a, size_b, out_sizes;
  int64_t nb = 1, nm = 1, nn = 1, nk = 1;
  for (int l : batch) {
    const int64_t s = shared_size(l);
    perm_a.push_back(pos(a.labels, l));
    perm_b.push_back(pos(b.labels, l));
    size_a.push_back(s);
    size_b.push_back(s);
    out_sizes.push_back(s);
    nb *= s;
  }
  for (int l : left) {
    perm_a.push_back(pos(a.labels, l));
    size_a.push_back(size_in(a, l));
    out_sizes.push_back(size_in(a, l));
    nm *= size_in(a, l);
  }
  for (int l : summed) {
    const int64_t s = shared_size(l);
    perm_a.push_back(pos(a.labels, l));
    perm_b.push_back(pos(b.labels, l));
    size_a.push_back(s);
    size_b.push_back(s);
    nk *= s;
  }
  for (int l : right) {
    perm_b.push_back(pos(b.labels, l));
    size_b.push_back(size_in(b, l));
    out_sizes.push_back(size_in(b, l));
    nn *= size_in(b, l);
  }
  detail::check_product_dtypes(a.t, b.t, op);
  const Tensor ta = expand(a.t.permute(perm_a), size_a).reshape({nb, nm, nk});
  const Tensor tb = expand(b.t.permute(perm_b), size_b).reshape({nb, nk, nn});
  Labelled r{detail::bmm(ta, tb, op).view(out_sizes), batch};
  r.labels.insert(r.labels.end(), left.begin(), left.end());
  r.labels.insert(r.labels.end(), right.begin(), right.end());
  return r;
}

}  // namespace

Tensor einsum(std::string_view equation, TensorList tensors) {
  const char* op = "einsum";
  std::string eq;
  std::vector<size_t> index_in_equation;  // of each character of eq (errors name it)
  for (size_t i = 0; i < equation.size(); ++i) {
    if (equation[i] == ' ') continue;
    eq.push_back(equation[i]);
    index_in_equation.push_back(i);
  }
  const size_t arrow = eq.find("->");
  const std::string lhs = eq.substr(0, arrow);
  // Split the inputs' subscripts.
  std::vector<std::string> terms(1);
  std::vector<size_t> term_start{0};  // in eq
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (lhs[i] == ',') {
      terms.emplace_back();
      term_start.push_back(i + 1);
    } else {
      terms.back().push_back(lhs[i]);
    }
  }
  EMBER_CHECK(!tensors.empty(), op, "must provide at least one operand");
  EMBER_CHECK(terms.size() <= tensors.size(), op,
              "fewer operands were provided than specified in the equation (", terms.size(),
              " specified, ", tensors.size(), " given)");
  EMBER_CHECK(terms.size() >= tensors.size(), op,
              "more operands were provided than specified in the equation (", terms.size(),
              " specified, ", tensors.size(), " given)");
  for (const Tensor& t : tensors) {
    detail::check_defined(t, op, "operand");
    detail::check_same_device(op, {&t});
  }
  // Labels of each operand's dims; "..." covers the dims the letters leave. `operand` is the
  // operand's index, or -1 for the output; `start` is where its subscripts begin in eq.
  auto parse = [&](const std::string& term, int64_t operand, size_t start, int64_t ndim,
                   int64_t* ellipsis_dims) {
    const std::string who =
        operand < 0 ? std::string("output") : "operand " + std::to_string(operand);
    std::vector<int> labels;
    size_t letters = 0;
    bool ellipsis = false;
    for (size_t i = 0; i < term.size(); ++i) {
      if (term[i] == '.') {
        EMBER_CHECK(!ellipsis, op, "found '.' for ", who,
                    " for which an ellipsis was already found");
        EMBER_CHECK(term.compare(i, 3, "...") == 0, op, "found '.' for ", who,
                    " that is not part of any ellipsis");
        ellipsis = true;
        labels.push_back(-1);
        i += 2;
        continue;
      }
      const int l = label_of(term[i]);
      EMBER_CHECK(l >= 0, op, "invalid subscript given at index ", index_in_equation[start + i],
                  " in the equation string, subscripts must be in [a-zA-Z]");
      labels.push_back(l);
      ++letters;
    }
    const int64_t n = static_cast<int64_t>(letters);
    if (ndim >= 0) {
      EMBER_CHECK(!ellipsis || ndim >= n, op, "the number of subscripts in the equation (", n,
                  ") is more than the number of dimensions (", ndim, ") for ", who);
      EMBER_CHECK(ellipsis || ndim == n, op, "the number of subscripts in the equation (", n,
                  ") does not match the number of dimensions (", ndim, ") for ", who,
                  " and no ellipsis was given");
    }
    *ellipsis_dims = ellipsis ? ndim - n : -1;
    return labels;
  };
  std::vector<std::vector<int>> raw(terms.size());
  std::vector<int64_t> ell(terms.size());
  int64_t max_ell = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    raw[i] = parse(terms[i], static_cast<int64_t>(i), term_start[i], tensors[i].dim(), &ell[i]);
    max_ell = std::max(max_ell, ell[i]);
  }
  // As PyTorch, the sizes of each letter's dims before any work: a letter repeated in one
  // operand needs equal sizes (a diagonal), and across operands sizes that broadcast.
  {
    std::array<int64_t, kLetters> seen_size;
    seen_size.fill(1);
    for (size_t i = 0; i < terms.size(); ++i) {
      std::array<int64_t, kLetters> in_operand;
      in_operand.fill(-1);
      int64_t d = 0;
      for (int l : raw[i]) {
        if (l < 0) {
          d += ell[i];
          continue;
        }
        const int64_t size = tensors[i].size(d++);
        if (in_operand[l] >= 0) {
          EMBER_CHECK(size == in_operand[l], op, "subscript ", label_name(l),
                      " is repeated for operand ", i, " but the sizes don't match, ", size,
                      " != ", in_operand[l]);
          continue;
        }
        in_operand[l] = size;
        EMBER_CHECK(size == 1 || seen_size[l] == 1 || size == seen_size[l], op, "subscript ",
                    label_name(l), " has size ", size, " for operand ", i,
                    " which does not broadcast with previously seen size ", seen_size[l]);
        if (seen_size[l] == 1) seen_size[l] = size;
      }
    }
  }
  // Ellipsis dims are right-aligned across operands and broadcast like batch dims.
  std::vector<Labelled> ops(terms.size());
  std::array<int, kLetters> counts{};
  for (size_t i = 0; i < terms.size(); ++i) {
    ops[i].t = tensors[i];
    for (int l : raw[i]) {
      if (l >= 0) {
        ops[i].labels.push_back(l);
        ++counts[l];
      } else {
        for (int64_t e = max_ell - ell[i]; e < max_ell; ++e) {
          ops[i].labels.push_back(kLetters + static_cast<int>(e));
        }
      }
    }
  }
  std::vector<int> output;
  if (arrow == std::string::npos) {
    for (int64_t e = 0; e < max_ell; ++e) output.push_back(kLetters + static_cast<int>(e));
    for (int l = 0; l < kLetters; ++l) {
      if (counts[l] == 1) output.push_back(l);
    }
  } else {
    const std::string rhs = eq.substr(arrow + 2);
    int64_t unused = 0;
    for (int l : parse(rhs, -1, arrow + 2, -1, &unused)) {
      if (l < 0) {
        for (int64_t e = 0; e < max_ell; ++e) output.push_back(kLetters + static_cast<int>(e));
        continue;
      }
      EMBER_CHECK(counts[l] > 0, op, "output subscript ", label_name(l),
                  " does not appear in the equation for any input operand");
      EMBER_CHECK(std::find(output.begin(), output.end(), l) == output.end(), op,
                  "output subscript ", label_name(l), " appears more than once in the output");
      output.push_back(l);
    }
  }
  // Per operand: diagonals for repeated labels, then sums of labels no one else needs.
  for (size_t i = 0; i < ops.size(); ++i) {
    Labelled& x = ops[i];
    for (size_t p = 0; p < x.labels.size(); ++p) {
      for (size_t q = p + 1; q < x.labels.size(); ++q) {
        if (x.labels[p] != x.labels[q]) continue;
        EMBER_CHECK(x.t.size(p) == x.t.size(q), op, "subscript '", terms[i],
                    "' repeats a label for dims of different sizes ", x.t.size(p),
                    " != ", x.t.size(q));
        const int l = x.labels[p];
        x.t = x.t.diagonal(0, static_cast<int64_t>(p), static_cast<int64_t>(q));
        x.labels.erase(x.labels.begin() + static_cast<std::ptrdiff_t>(q));
        x.labels.erase(x.labels.begin() + static_cast<std::ptrdiff_t>(p));
        x.labels.push_back(l);
        p = static_cast<size_t>(-1);  // restart the scan (labels moved)
        break;
      }
    }
    std::vector<int64_t> sum;
    std::vector<int> kept;
    for (size_t d = 0; d < x.labels.size(); ++d) {
      const int l = x.labels[d];
      bool elsewhere = std::find(output.begin(), output.end(), l) != output.end();
      for (size_t j = 0; j < ops.size() && !elsewhere; ++j) {
        elsewhere = j != i &&
                    std::find(ops[j].labels.begin(), ops[j].labels.end(), l) != ops[j].labels.end();
      }
      if (elsewhere) {
        kept.push_back(l);
      } else {
        sum.push_back(static_cast<int64_t>(d));
      }
    }
    if (!sum.empty()) {
      x.t = sum_dims(x.t, sum, op);
      x.labels = kept;
    }
  }
  // Contract left to right, keeping labels the output or a later operand needs.
  Labelled r = ops[0];
  for (size_t i = 1; i < ops.size(); ++i) {
    std::vector<int> needed = output;
    for (size_t j = i + 1; j < ops.size(); ++j) {
      needed.insert(needed.end(), ops[j].labels.begin(), ops[j].labels.end());
    }
    r = contract(r, ops[i], needed, op);
  }
  std::vector<int64_t> perm;
  for (int l : output) {
    perm.push_back(
        static_cast<int64_t>(std::find(r.labels.begin(), r.labels.end(), l) - r.labels.begin()));
  }
  return r.t.permute(perm).contiguous();
}

Tensor tensordot(const Tensor& a, const Tensor& b, IntArrayRef dims_a, IntArrayRef dims_b) {
  const char* op = "tensordot";
  detail::check_defined(a, op, "a");
  detail::check_defined(b, op, "b");
  EMBER_CHECK(dims_a.size() == dims_b.size(), op,
              "both dimension lists should have same length, got ", dims_a.size(), " and ",
              dims_b.size());
  detail::check_product_dtypes(a, b, op);
  // As PyTorch: each pair's sizes first, then repeated dims.
  std::vector<int64_t> contracted_a, contracted_b;
  for (size_t i = 0; i < dims_a.size(); ++i) {
    const int64_t da = detail::wrap_dim(dims_a[i], a.dim(), op);
    const int64_t db = detail::wrap_dim(dims_b[i], b.dim(), op);
    EMBER_CHECK(a.size(da) == b.size(db), op,
                "contracted dimensions need to match, but first has size ", a.size(da), " in dim ",
                dims_a[i], " and second has size ", b.size(db), " in dim ", dims_b[i]);
    contracted_a.push_back(da);
    contracted_b.push_back(db);
  }
  const uint64_t mask_a = detail::dim_mask(dims_a, a.dim(), op);
  const uint64_t mask_b = detail::dim_mask(dims_b, b.dim(), op);
  std::vector<int64_t> perm_a, perm_b, out_sizes;
  int64_t m = 1, n = 1, k = 1;
  for (int64_t d = 0; d < a.dim(); ++d) {
    if (!(mask_a >> d & 1)) {
      perm_a.push_back(d);
      out_sizes.push_back(a.size(d));
      m *= a.size(d);
    }
  }
  for (size_t i = 0; i < contracted_a.size(); ++i) {
    perm_a.push_back(contracted_a[i]);
    perm_b.push_back(contracted_b[i]);
    k *= a.size(contracted_a[i]);
  }
  for (int64_t d = 0; d < b.dim(); ++d) {
    if (!(mask_b >> d & 1)) {
      perm_b.push_back(d);
      out_sizes.push_back(b.size(d));
      n *= b.size(d);
    }
  }
  const Tensor ta = a.permute(perm_a).reshape({1, m, k});
  const Tensor tb = b.permute(perm_b).reshape({1, k, n});
  return detail::bmm(ta, tb, op).view(out_sizes);
}

Tensor tensordot(const Tensor& a, const Tensor& b, int64_t dims) {
  detail::check_defined(a, "tensordot", "a");
  detail::check_defined(b, "tensordot", "b");
  EMBER_CHECK(dims >= 0, "tensordot", "tensordot expects dims >= 0, but got dims=", dims);
  // As PyTorch: a's last `dims` dims, named from the end, with b's first.
  std::vector<int64_t> da, db;
  for (int64_t i = 0; i < dims; ++i) {
    da.push_back(i - dims);
    db.push_back(i);
  }
  return tensordot(a, b, da, db);
}

}  // namespace ember
