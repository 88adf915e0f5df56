#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "ember/ember.h"
#include "support/errors.h"

namespace ember {
namespace {

TEST(Dtype, SizesAndNames) {
  EXPECT_EQ(element_size(kBool), 1u);
  EXPECT_EQ(element_size(kHalf), 2u);
  EXPECT_EQ(element_size(kBFloat16), 2u);
  EXPECT_EQ(element_size(kLong), 8u);
  EXPECT_EQ(dtype_name(kFloat32), "float32");
  std::ostringstream out;
  out << kFloat << " " << kLong;
  EXPECT_EQ(out.str(), "Float Long");
}

TEST(Dtype, DefaultDtypeCanChange) {
  EXPECT_EQ(zeros({1}).scalar_type(), kFloat);
  set_default_dtype(kDouble);
  EXPECT_EQ(zeros({1}).scalar_type(), kDouble);
  EXPECT_EQ((ones({1}, kInt) * 2.5).scalar_type(), kDouble);
  set_default_dtype(kFloat);
  EXPECT_EMBER_ERROR(set_default_dtype(kInt),
                     "only floating-point types are supported as the default type");
}

TEST(Half, RoundTripsAndRoundsToNearestEven) {
  EXPECT_EQ(static_cast<float>(Half(1.0f)), 1.0f);
  EXPECT_EQ(Half(65504.0f).bits, 0x7bff);
  EXPECT_EQ(Half(65520.0f).bits, 0x7c00);           // rounds to inf
  EXPECT_EQ(Half(1.0f + 0x1.0p-11f).bits, 0x3c00);  // tie goes to even
  EXPECT_EQ(Half(1.0f + 0x1.8p-11f).bits, 0x3c01);
  EXPECT_EQ(static_cast<float>(Half::from_bits(0x0001)), 0x1.0p-24f);  // smallest subnormal
  EXPECT_TRUE(std::isnan(static_cast<float>(Half(NAN))));
  EXPECT_EQ(BFloat16(1.0f + 0x1.0p-8f).bits, 0x3f80);  // tie goes to even
  EXPECT_EQ(BFloat16(1.0f + 0x1.8p-8f).bits, 0x3f81);  // 0.75 ulp rounds up
  EXPECT_TRUE(std::isnan(static_cast<float>(BFloat16(NAN))));
}

}  // namespace
}  // namespace ember
