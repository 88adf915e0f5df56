// Runs the gradient table (grad_cases.h): gradcheck and gradgradcheck for every case, with its
// inputs as given and again made non-contiguous.
#include <gtest/gtest.h>

#include <set>

#include "autograd/grad_cases.h"
#include "support/errors.h"

namespace ember {
namespace {

using testing::GradCase;
using testing::Inputs;

// The same values in a strided layout: every other element of a buffer twice as long in the
// last dim.
Tensor non_contiguous(const Tensor& t) {
  if (t.dim() == 0 || t.numel() <= 1) return t;
  std::vector<int64_t> sizes = t.sizes().vec();
  sizes.back() *= 2;
  Tensor buffer = zeros(sizes, TensorOptions().dtype(t.scalar_type()));
  Tensor view = buffer.slice(-1, 0, std::nullopt, 2);
  view.copy_(t);
  return view;
}

Inputs as_leaves(const Inputs& inputs, bool strided) {
  Inputs out;
  for (const Tensor& t : inputs) {
    Tensor leaf = strided ? non_contiguous(t.detach()) : t.detach().clone();
    if (leaf.is_floating_point()) leaf.requires_grad_();
    out.push_back(leaf);
  }
  return out;
}

void check_case(const GradCase& c) {
  auto fn = [&c](const autograd::variable_list& in) { return autograd::variable_list{c.fn(in)}; };
  for (bool strided : {false, true}) {
    SCOPED_TRACE(strided ? "non-contiguous inputs" : "contiguous inputs");
    const Inputs inputs = as_leaves(c.inputs, strided);
    EXPECT_NO_THROW(autograd::gradcheck(fn, inputs))
        << testing::error_of([&] { autograd::gradcheck(fn, inputs); });
    if (c.second_order) {
      EXPECT_NO_THROW(autograd::gradgradcheck(fn, inputs))
          << testing::error_of([&] { autograd::gradgradcheck(fn, inputs); });
    }
  }
}

TEST(Gradcheck, EveryCaseOfEveryFamily) {
  for (const auto& family : testing::grad_families()) {
    for (const GradCase& c : family.make()) {
      SCOPED_TRACE(family.name + ": " + c.op + " / " + c.label);
      check_case(c);
    }
  }
}

TEST(Gradcheck, EveryOpHasCasesOrSaysWhyNot) {
  std::set<std::string> tested;
  for (const auto& family : testing::grad_families()) {
    for (const GradCase& c : family.make()) tested.insert(c.op);
  }
  std::set<std::string> not_differentiable = {
#define EMBER_NOT_DIFFERENTIABLE(name, why) #name,
#include "autograd/not_differentiable.def"
#undef EMBER_NOT_DIFFERENTIABLE
  };
  const char* ops[] = {
#define EMBER_OP(name) #name,
#include "ops/op_list.def"
#undef EMBER_OP
  };
  for (const char* op : ops) {
    EXPECT_TRUE(tested.count(op) + not_differentiable.count(op) == 1)
        << "op '" << op << "' needs gradient cases in tests/autograd/ (or, if it takes no "
        << "gradient, an entry in src/autograd/not_differentiable.def), not both";
  }
}

}  // namespace
}  // namespace ember
