#pragma once
// The small JSON subset safetensors headers use: a parser that never recurses deeper than
// kMaxDepth and never allocates more than its input, and serde_json's string escaping (so that
// written headers match the Python `safetensors` package byte for byte).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::serialize::detail {

struct JsonMember;

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  /// The number's text as written (kNumber) or the decoded string (kString).
  std::string text;
  std::vector<JsonValue> array;
  /// Members in file order; duplicates are kept (callers decide whether they are an error).
  std::vector<JsonMember> object;

  const char* kind_name() const;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

/// Nesting deeper than this is rejected (a safetensors header needs 3).
inline constexpr int kMaxJsonDepth = 32;

/// Parses `text` (which must be valid UTF-8) as one JSON value with optional surrounding
/// whitespace. Raises `ember::Error("[op] <source>: invalid JSON header: ... at byte <i>")`.
JsonValue parse_json(std::string_view text, const char* op, const std::string& source);

/// A non-negative JSON integer as uint64; nullopt-like failure through `ok`.
bool json_to_u64(const JsonValue& value, uint64_t& out);

/// Appends `s` as a JSON string literal escaped as serde_json does: `"` `\` and the control
/// characters \b \f \n \r \t by name, other bytes below 0x20 as \u00xx, everything else as is.
void append_json_string(std::string& out, std::string_view s);

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view s);

}  // namespace ember::serialize::detail
