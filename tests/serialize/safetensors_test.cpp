// The safetensors reader and writer: interop with files written by PyTorch's `safetensors`
// package (tests/reference/safetensors_fixtures.py), round trips, and hostile input.
#include "ember/serialize/safetensors.h"

#include <gtest/gtest.h>

#include <sstream>

#include "serialize/test_util.h"
#include "support/errors.h"
#include "support/golden.h"

namespace ember::serialize {
namespace {

using testing::Bytes;
using testing::error_of;
using testing::same_bytes;
using testing::TempDir;

const std::string kDir = std::string(EMBER_FIXTURE_DIR) + "/safetensors/";

const testing::Json& expected_cases() {
  static const testing::Json cases = [] {
    std::ifstream in(kDir + "expected.json");
    return testing::Json::parse(in);
  }();
  return cases;
}

// The dict a case describes, built from its specs (views make some inputs non-contiguous).
TensorDict dict_of(const testing::Json& c) {
  TensorDict dict;
  for (const auto& t : c.at("tensors"))
    dict.insert(t.at("name"), testing::tensor_from_json(t.at("spec")));
  return dict;
}

Metadata metadata_of(const testing::Json& c) {
  Metadata m;
  for (const auto& [k, v] : c.at("metadata").items()) m[k] = v.get<std::string>();
  return m;
}

TEST(Safetensors, ReadsFilesWrittenByPython) {
  ASSERT_EQ(expected_cases().size(), 4u);
  for (const auto& c : expected_cases()) {
    SCOPED_TRACE(c.at("file").get<std::string>());
    const SafetensorsContent content = read_safetensors(kDir + c.at("file").get<std::string>());
    EXPECT_EQ(content.metadata, metadata_of(c));
    const TensorDict expected = dict_of(c);
    ASSERT_EQ(content.tensors.size(), expected.size());
    for (const auto& item : expected) {
      const Tensor* actual = content.tensors.find(item.key());
      ASSERT_NE(actual, nullptr) << item.key();
      EXPECT_TRUE(actual->is_contiguous());
      EXPECT_TRUE(same_bytes(*actual, item.value())) << item.key();
    }
  }
}

TEST(Safetensors, WritesTheSameBytesAsPython) {
  for (const auto& c : expected_cases()) {
    SCOPED_TRACE(c.at("file").get<std::string>());
    const Bytes python = testing::read_bytes(kDir + c.at("file").get<std::string>());
    const TensorDict dict = dict_of(c);
    EXPECT_EQ(write_safetensors_to_bytes(dict, metadata_of(c)), python);
    std::ostringstream out;
    write_safetensors(dict, out, metadata_of(c));
    const std::string written = out.str();
    EXPECT_EQ(Bytes(written.begin(), written.end()), python);
    TempDir dir;
    write_safetensors(dict, dir.file("x.safetensors"), metadata_of(c));
    EXPECT_EQ(testing::read_bytes(dir.file("x.safetensors")), python);
  }
}

TEST(Safetensors, NonContiguousInputsAreWrittenRowMajor) {
  const auto& c = expected_cases().at(0);  // all_dtypes: every tensor is a transposed view
  const TensorDict dict = dict_of(c);
  for (const auto& item : dict) EXPECT_FALSE(item.value().is_contiguous()) << item.key();
  const SafetensorsContent back = read_safetensors(write_safetensors_to_bytes(dict));
  for (const auto& item : dict)
    EXPECT_TRUE(same_bytes(*back.tensors.find(item.key()), item.value()));
}

TEST(Safetensors, RoundTripsThroughEveryApi) {
  TensorDict dict;
  dict.insert("w", arange(12, kFloat).reshape({3, 4}).slice(1, 0, 4, 2));
  dict.insert("s", scalar_tensor(3, kLong));
  dict.insert("e", empty({0, 5}, kBFloat16));
  dict.insert("b", tensor(std::vector<int64_t>{1, 0, 1}).to(kBool));
  const Metadata meta = {{"b", "2"}, {"a", "1"}, {"c", "x\"y\\z\n\x01\xc3\xa9"}};
  const Bytes bytes = write_safetensors_to_bytes(dict, meta);
  auto check = [&](const SafetensorsContent& back) {
    EXPECT_EQ(back.metadata, meta);
    ASSERT_EQ(back.tensors.size(), dict.size());
    for (const auto& item : dict)
      EXPECT_TRUE(same_bytes(*back.tensors.find(item.key()), item.value()));
  };
  check(read_safetensors(bytes));
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  check(read_safetensors(in));
  TempDir dir;
  testing::write_bytes(dir.file("f"), bytes);
  check(read_safetensors(dir.file("f")));
  // Several metadata entries are sorted by key, so the header is deterministic.
  const std::string header(bytes.begin() + 8, bytes.begin() + 8 + 80);
  EXPECT_EQ(
      header.rfind("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"x\\\"y\\\\z\\n\\u0001", 0),
      0u)
      << header;
  // The data starts at a multiple of 8.
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[i];
  EXPECT_EQ(n % 8, 0u);
}

TEST(Safetensors, StreamsHoldSeveralObjects) {
  TensorDict a, b;
  a.insert("x", ones({2}));
  b.insert("y", zeros({3}, kInt));
  std::stringstream stream;
  write_safetensors(a, stream);
  write_safetensors(b, stream, {{"k", "v"}});
  EXPECT_TRUE(same_bytes(*read_safetensors(stream).tensors.find("x"), a.begin()->value()));
  const auto second = read_safetensors(stream);
  EXPECT_TRUE(same_bytes(*second.tensors.find("y"), b.begin()->value()));
  EXPECT_EQ(second.metadata.at("k"), "v");
}

TEST(Safetensors, BoolBytesOtherThanZeroReadAsTrue) {
  Bytes bytes = write_safetensors_to_bytes({{"b", zeros({3}, kBool)}});
  bytes[bytes.size() - 2] = 7;
  const Tensor b = *read_safetensors(bytes).tensors.find("b");
  EXPECT_EQ(b.to(kLong).sum().item<int64_t>(), 1);
  EXPECT_EQ(static_cast<const uint8_t*>(b.data_ptr())[1], 1);
}

TEST(Safetensors, WriterErrors) {
  TensorDict named;
  named.insert("__metadata__", ones({1}));
  testing::expect_error_names([&] { write_safetensors_to_bytes(named); }, "write_safetensors");
  TensorDict undefined;
  undefined.insert("x", Tensor());
  EXPECT_EMBER_ERROR(write_safetensors_to_bytes(undefined), "expected a defined tensor for 'x'");
  EXPECT_EMBER_ERROR(write_safetensors(TensorDict(), "/nonexistent-folder/x.safetensors"),
                     "cannot open '/nonexistent-folder/x.safetensors'");
}

// A file from a header (padded to 8 bytes) and a data section.
Bytes file_of(const std::string& header, size_t data_bytes = 0, uint64_t claimed = UINT64_MAX) {
  std::string h = header;
  h.append((8 - h.size() % 8) % 8, ' ');
  const uint64_t n = claimed == UINT64_MAX ? h.size() : claimed;
  Bytes out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
  out.insert(out.end(), h.begin(), h.end());
  out.resize(out.size() + data_bytes, 0);
  return out;
}

// `stream`: whether the stream reader rejects it too (it stops after the last tensor, so
// trailing bytes are left in the stream rather than rejected).
void expect_rejected(const Bytes& bytes, const std::string& text, bool stream = true) {
  SCOPED_TRACE(text);
  const std::string message = error_of([&] { read_safetensors(bytes); });
  EXPECT_EQ(message.rfind("[read_safetensors] <bytes>: ", 0), 0u) << message;
  EXPECT_NE(message.find(text), std::string::npos) << message;
  // The stream reader agrees (it may stop earlier for data that is short).
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  EXPECT_EQ(error_of([&] { read_safetensors(in); }).empty(), !stream);
}

std::string one(const std::string& dtype, const std::string& shape, const std::string& offsets) {
  return "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets +
         "}}";
}

TEST(Safetensors, RejectsHostileInput) {
  expect_rejected(Bytes{1, 2, 3}, "expected at least 8 bytes, got 3");
  expect_rejected(file_of("{}", 0, 1000), "header length 1000 exceeds the file size (16 bytes)");
  expect_rejected(file_of("{}", 0, 200'000'000), "exceeds the limit of 100000000 bytes");
  expect_rejected(file_of("{\"t\":"), "invalid JSON header");
  expect_rejected(file_of("[1, 2]"), "expected the header to be a JSON object, got an array");
  expect_rejected(file_of("{\"\xff\":1}"), "not valid UTF-8");
  expect_rejected(file_of("{\"a\":1} x"), "unexpected trailing characters");
  expect_rejected(file_of(std::string(100, '[') + std::string(100, ']')), "nesting too deep");
  expect_rejected(file_of(one("X9", "[1]", "[0,1]"), 1), "unknown dtype \"X9\"");
  expect_rejected(file_of(one("U16", "[1]", "[0,2]"), 2),
                  "dtype U16, which Ember does not support");
  expect_rejected(file_of(one("F32", "[2]", "[0,4]"), 4), "span 4 bytes, expected 8");
  expect_rejected(file_of(one("F32", "[1]", "[4,0]"), 4), "a negative number of bytes");
  expect_rejected(file_of(one("F32", "[-1]", "[0,4]"), 4),
                  "expected shape entries to be non-negative integers, got -1");
  expect_rejected(file_of(one("F32", "[1.5]", "[0,4]"), 4), "non-negative integers, got 1.5");
  expect_rejected(file_of(one("U8", "[4294967296,4294967296]", "[0,1]"), 1),
                  "element count overflows");
  expect_rejected(file_of(one("U8", "[0,4294967296,4294967296]", "[0,0]")),
                  "overflow int64 strides");
  expect_rejected(file_of(one("U8", "[99999999999999999999]", "[0,1]"), 1),
                  "non-negative integers, got 99999999999999999999");
  expect_rejected(file_of(one("F32", "[1]", "[0]"), 4), "expected 'data_offsets' to be two");
  expect_rejected(file_of("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
                  "missing field 'data_offsets'");
  expect_rejected(file_of("{\"t\":[]}"), "tensor \"t\": expected an object, got an array");
  expect_rejected(file_of(one("F32", "[1]", "[0,4]"), 8),
                  "the tensors cover 4 bytes of data, but the file holds 8", false);
  expect_rejected(file_of(one("F32", "[1]", "[0,4]"), 2),
                  "the tensors cover 4 bytes of data, but the file holds 2");
  expect_rejected(file_of(one("F32", "[1]", "[4,8]"), 8),
                  "starts at byte 4 of the data, expected 0 (a gap");
  expect_rejected(file_of("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                          "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                          8),
                  "tensor \"b\" starts at byte 4 of the data, expected 8 (overlapping tensors)");
  expect_rejected(file_of("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                          "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                          8),
                  "duplicate tensor name \"a\"");
  expect_rejected(file_of("{\"__metadata__\":{\"k\":1}}"),
                  "metadata \"k\": expected a string value");
  expect_rejected(file_of("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}"),
                  "duplicate metadata key");
  expect_rejected(file_of("{\"__metadata__\":[]}"), "expected '__metadata__' to be an object");
  expect_rejected(file_of("{\"s\":\"\\ud800\"}"), "lone high surrogate");
}

TEST(Safetensors, StreamsAndFilesNeverTrustDeclaredSizes) {
  // A header that declares a 1 TB tensor, followed by 4 bytes: rejected without allocating it.
  const Bytes bytes = file_of(one("U8", "[1099511627776]", "[0,1099511627776]"), 4);
  std::istringstream in(std::string(bytes.begin(), bytes.end()));
  EXPECT_EMBER_ERROR(read_safetensors(in), "truncated tensor data: expected 1099511627776 bytes");
  TempDir dir;
  testing::write_bytes(dir.file("big"), bytes);
  const std::string message = error_of([&] { read_safetensors(dir.file("big")); });
  EXPECT_EQ(message.rfind("[read_safetensors] '" + dir.file("big") + "': the tensors cover", 0), 0u)
      << message;
  // A stream that ends inside the header.
  std::istringstream short_header(std::string(bytes.begin(), bytes.begin() + 12));
  EXPECT_EMBER_ERROR(read_safetensors(short_header), "truncated header");
  EXPECT_EMBER_ERROR(read_safetensors(dir.file("missing")), "no such file");
}

TEST(Safetensors, EveryTruncationOfAValidFileIsRejected) {
  TensorDict dict;
  dict.insert("a", arange(6, kDouble));
  dict.insert("b", ones({2, 2}, kHalf));
  const Bytes bytes = write_safetensors_to_bytes(dict, {{"k", "v"}});
  for (size_t n = 0; n < bytes.size(); ++n) {
    const std::string message =
        error_of([&] { read_safetensors(std::span<const uint8_t>(bytes.data(), n)); });
    EXPECT_EQ(message.rfind("[read_safetensors]", 0), 0u) << n << ": " << message;
  }
}

}  // namespace
}  // namespace ember::serialize
