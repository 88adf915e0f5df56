// operator<< prints exactly what libtorch prints (tests/reference/fixtures/print.json, made by
// tests/reference/print_reference.cpp with libtorch itself).
#include <gtest/gtest.h>

#include <iomanip>
#include <sstream>

#include "support/golden.h"

namespace ember {
namespace {

std::string printed(const Tensor& t) {
  std::ostringstream out;
  out << t;
  return out.str();
}

TEST(Print, MatchesLibtorch) {
  const auto cases = testing::cases_for("print", "print");
  ASSERT_GT(cases.size(), 50u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const Tensor t = testing::tensor_from_json(c.at("tensor"));
    const std::string want = c.at("printed");
    EXPECT_EQ(printed(t), want);
    // The layout in memory does not change the text.
    if (t.dim() >= 2) {
      const Tensor strided = t.transpose(0, 1).contiguous().transpose(0, 1);
      ASSERT_FALSE(strided.numel() > 1 && t.size(0) > 1 && t.size(1) > 1 &&
                   strided.is_contiguous());
      EXPECT_EQ(printed(strided), want);
    }
  }
}

TEST(Print, LeavesTheCallersStreamFormatAlone) {
  std::ostringstream out;
  out << std::setprecision(3) << std::fixed;
  out << tensor({1.5, 2.25}) << " " << 3.14159;
  EXPECT_EQ(out.str(), " 1.5000\n 2.2500\n[ CPUFloatType{2} ] 3.142");
  std::ostringstream zero_dim;
  zero_dim << scalar_tensor(0.123456789);
  EXPECT_EQ(zero_dim.str(), "0.123457\n[ CPUFloatType{} ]");
}

TEST(Print, UndefinedAndViews) {
  EXPECT_EQ(printed(Tensor()), "[ Tensor (undefined) ]");
  Tensor m = arange(6).reshape({2, 3});
  EXPECT_EQ(printed(m.select(1, 2)), " 2\n 5\n[ CPULongType{2} ]");
  EXPECT_EQ(printed(m.expand({2, 2, 3}).select(0, 1)), printed(m));
}

}  // namespace
}  // namespace ember
