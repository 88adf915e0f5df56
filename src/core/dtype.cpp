#include "ember/dtype.h"

#include <array>
#include <atomic>
#include <ostream>

#include "ember/error.h"

namespace ember {
namespace {

struct DtypeInfo {
  size_t size;
  std::string_view name;           // PyTorch: torch.float32
  std::string_view libtorch_name;  // libtorch: Float
};

constexpr std::array<DtypeInfo, kNumDtypes> kDtypeInfo = {{
    {1, "bool", "Bool"},
    {1, "uint8", "Byte"},
    {1, "int8", "Char"},
    {2, "int16", "Short"},
    {4, "int32", "Int"},
    {8, "int64", "Long"},
    {2, "float16", "Half"},
    {2, "bfloat16", "BFloat16"},
    {4, "float32", "Float"},
    {8, "float64", "Double"},
}};

#define EMBER_CHECK_DTYPE_SIZE(type, name) \
  static_assert(sizeof(type) == kDtypeInfo[static_cast<int>(ScalarType::name)].size);
EMBER_FORALL_DTYPES(EMBER_CHECK_DTYPE_SIZE)
#undef EMBER_CHECK_DTYPE_SIZE

// Note [Type promotion table]
// PyTorch's torch.promote_types for the dtypes Ember has, in ScalarType order
// (b1 u1 i1 i2 i4 i8 f2 bf f4 f8). Read row a, column b. Unsigned with signed bytes goes to int16;
// float16 with bfloat16 goes to float32; integers with any float go to that float.
constexpr ScalarType b1 = kBool, u1 = kByte, i1 = kChar, i2 = kShort, i4 = kInt, i8 = kLong,
                     f2 = kHalf, bf = kBFloat16, f4 = kFloat, f8 = kDouble;
constexpr ScalarType kPromotion[kNumDtypes][kNumDtypes] = {
    /*        b1  u1  i1  i2  i4  i8  f2  bf  f4  f8 */
    /* b1 */ {b1, u1, i1, i2, i4, i8, f2, bf, f4, f8},
    /* u1 */ {u1, u1, i2, i2, i4, i8, f2, bf, f4, f8},
    /* i1 */ {i1, i2, i1, i2, i4, i8, f2, bf, f4, f8},
    /* i2 */ {i2, i2, i2, i2, i4, i8, f2, bf, f4, f8},
    /* i4 */ {i4, i4, i4, i4, i4, i8, f2, bf, f4, f8},
    /* i8 */ {i8, i8, i8, i8, i8, i8, f2, bf, f4, f8},
    /* f2 */ {f2, f2, f2, f2, f2, f2, f2, f4, f4, f8},
    /* bf */ {bf, bf, bf, bf, bf, bf, f4, bf, f4, f8},
    /* f4 */ {f4, f4, f4, f4, f4, f4, f4, f4, f4, f8},
    /* f8 */ {f8, f8, f8, f8, f8, f8, f8, f8, f8, f8},
};

std::atomic<ScalarType> g_default_dtype{kFloat};

const DtypeInfo& info(ScalarType t) {
  EMBER_CHECK(t != ScalarType::Undefined, "dtype", "expected a defined dtype, got Undefined");
  return kDtypeInfo[static_cast<int>(t)];
}

}  // namespace

size_t element_size(ScalarType t) {
  return info(t).size;
}
std::string_view dtype_name(ScalarType t) {
  return info(t).name;
}
std::string_view dtype_libtorch_name(ScalarType t) {
  return info(t).libtorch_name;
}

std::ostream& operator<<(std::ostream& out, ScalarType t) {
  if (t == ScalarType::Undefined) return out << "Undefined";
  return out << info(t).libtorch_name;
}

ScalarType promote_types(ScalarType a, ScalarType b) {
  EMBER_CHECK(a != ScalarType::Undefined && b != ScalarType::Undefined, "promote_types",
              "expected defined dtypes, got ", a, " and ", b);
  return kPromotion[static_cast<int>(a)][static_cast<int>(b)];
}

ScalarType get_default_dtype() {
  return g_default_dtype.load(std::memory_order_relaxed);
}

void set_default_dtype(ScalarType t) {
  EMBER_CHECK(is_floating_point(t), "set_default_dtype",
              "only floating-point types are supported as the default type, got ", t);
  g_default_dtype.store(t, std::memory_order_relaxed);
}

}  // namespace ember
