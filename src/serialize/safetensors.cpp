// The safetensors reader and writer (ember/serialize/safetensors.h).
//
// Note [safetensors layout]
// The Python package (safetensors 0.4 - 0.8, Rust `serialize`) sorts tensors by dtype, from the
// last variant of its Dtype enum to the first (U64, I64, F64, C64, F32, U32, I32, BF16, F16, U16,
// I16, F8*, I8, U8, F6*, F4, BOOL), then by name (bytewise), and lays their bytes out back to
// back in that order. The header is compact JSON: `__metadata__` first when present, then each
// tensor in data order as {"dtype":..,"shape":[..],"data_offsets":[begin,end]}; it is padded
// with spaces to a multiple of 8 bytes, and its length (padding included) is the 8-byte
// little-endian prefix. Reading follows the package's validation: tensors sorted by offsets must
// tile [0, data size) exactly, each range holding exactly numel * itemsize bytes.
#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <ostream>

#include "ember/ops/creation.h"
#include "serialize/json.h"
#include "serialize/safetensors_impl.h"

namespace ember::serialize {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian data; Ember supports little-endian hosts only");

constexpr const char* kWriteOp = "write_safetensors";
constexpr const char* kReadOp = "read_safetensors";

struct DtypeInfo {
  ScalarType dtype;
  const char* name;
  int rank;  // position in the Python package's Dtype enum (Note [safetensors layout])
};

constexpr DtypeInfo kDtypes[] = {
    {kBool, "BOOL", 0},   {kByte, "U8", 4},        {kChar, "I8", 5},  {kShort, "I16", 9},
    {kHalf, "F16", 11},   {kBFloat16, "BF16", 12}, {kInt, "I32", 13}, {kFloat, "F32", 15},
    {kDouble, "F64", 17}, {kLong, "I64", 18},
};

// Valid safetensors dtypes that Ember has no tensor type for.
constexpr const char* kUnsupported[] = {"F4",      "F6_E2M3", "F6_E3M2", "F8_E5M2", "F8_E4M3",
                                        "F8_E8M0", "U16",     "U32",     "U64",     "C64"};

const DtypeInfo& info_of(ScalarType dtype) {
  for (const DtypeInfo& d : kDtypes)
    if (d.dtype == dtype) return d;
  EMBER_FAIL(kWriteOp, "unsupported dtype ", dtype);
}

// Converts bytes to text that is safe to show in a message.
std::string printable(std::string_view s) {
  std::string out;
  detail::append_json_string(out, s.substr(0, 64));
  if (s.size() > 64) out += "...";
  return out;
}

}  // namespace

namespace detail {

std::vector<PreparedTensor> prepare_tensors(const TensorDict& tensors, const char* op) {
  std::vector<PreparedTensor> out;
  out.reserve(tensors.size());
  for (const auto& item : tensors) {
    EMBER_CHECK(item.key() != "__metadata__", op,
                "a tensor cannot be named '__metadata__' (the header's metadata key)");
    EMBER_CHECK(item.value().defined(), op, "expected a defined tensor for '", item.key(),
                "', got an undefined one");
    info_of(item.value().scalar_type());
    out.push_back({item.key(), item.value().detach().contiguous(), 0, 0});
  }
  std::sort(out.begin(), out.end(), [](const PreparedTensor& a, const PreparedTensor& b) {
    const int ra = info_of(a.data.scalar_type()).rank, rb = info_of(b.data.scalar_type()).rank;
    return ra != rb ? ra > rb : a.name < b.name;
  });
  uint64_t offset = 0;
  for (PreparedTensor& t : out) {
    t.begin = offset;
    offset += t.data.nbytes();
    t.end = offset;
  }
  return out;
}

std::string make_header(const std::vector<PreparedTensor>& tensors, const Metadata& metadata) {
  std::string json = "{";
  bool first = true;
  if (!metadata.empty()) {
    json += "\"__metadata__\":{";
    for (const auto& [key, value] : metadata) {
      if (!first) json += ',';
      first = false;
      append_json_string(json, key);
      json += ':';
      append_json_string(json, value);
    }
    json += '}';
    first = false;
  }
  for (const PreparedTensor& t : tensors) {
    if (!first) json += ',';
    first = false;
    append_json_string(json, t.name);
    json += ":{\"dtype\":\"";
    json += info_of(t.data.scalar_type()).name;
    json += "\",\"shape\":[";
    for (size_t d = 0; d < t.data.sizes().size(); ++d) {
      if (d) json += ',';
      json += std::to_string(t.data.sizes()[d]);
    }
    json += "],\"data_offsets\":[" + std::to_string(t.begin) + ',' + std::to_string(t.end) + "]}";
  }
  json += '}';
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  const uint64_t n = json.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return out + json;
}

void write_prepared(const std::vector<PreparedTensor>& tensors, const Metadata& metadata,
                    const Sink& sink) {
  const std::string header = make_header(tensors, metadata);
  sink(header.data(), header.size());
  for (const PreparedTensor& t : tensors)
    if (t.end > t.begin) sink(t.data.data_ptr(), t.end - t.begin);
}

}  // namespace detail

void write_safetensors(const TensorDict& tensors, std::ostream& out, const Metadata& metadata) {
  const auto prepared = detail::prepare_tensors(tensors, kWriteOp);
  detail::write_prepared(prepared, metadata, [&](const void* data, size_t size) {
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  });
  EMBER_CHECK(out.good(), kWriteOp, "writing to the stream failed");
}

void write_safetensors(const TensorDict& tensors, const std::string& path,
                       const Metadata& metadata) {
  const auto prepared = detail::prepare_tensors(tensors, kWriteOp);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  EMBER_CHECK(out.good(), kWriteOp, "cannot open '", path, "' for writing");
  detail::write_prepared(prepared, metadata, [&](const void* data, size_t size) {
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  });
  out.close();
  EMBER_CHECK(!out.fail(), kWriteOp, "writing '", path, "' failed");
}

std::vector<uint8_t> write_safetensors_to_bytes(const TensorDict& tensors,
                                                const Metadata& metadata) {
  const auto prepared = detail::prepare_tensors(tensors, kWriteOp);
  std::vector<uint8_t> out;
  out.reserve(detail::make_header(prepared, metadata).size() +
              (prepared.empty() ? 0 : prepared.back().end));
  detail::write_prepared(prepared, metadata, [&](const void* data, size_t size) {
    const auto* p = static_cast<const uint8_t*>(data);
    out.insert(out.end(), p, p + size);
  });
  return out;
}

// ---- Reading ------------------------------------------------------------------------------

namespace {

struct Entry {
  std::string name;
  ScalarType dtype;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;
};

struct Header {
  std::vector<Entry> entries;  // sorted by data offsets
  Metadata metadata;
  uint64_t data_size = 0;
};

uint64_t header_length(const uint8_t* prefix, uint64_t total, const std::string& source,
                       bool total_known) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | prefix[i];
  EMBER_CHECK(n <= kMaxSafetensorsHeader, kReadOp, source, ": header length ", n,
              " exceeds the limit of ", kMaxSafetensorsHeader, " bytes");
  if (total_known)
    EMBER_CHECK(n <= total - 8, kReadOp, source, ": header length ", n, " exceeds the file size (",
                total, " bytes)");
  return n;
}

ScalarType parse_dtype(const std::string& name, const std::string& tensor,
                       const std::string& source) {
  for (const DtypeInfo& d : kDtypes)
    if (name == d.name) return d.dtype;
  for (const char* u : kUnsupported)
    EMBER_CHECK(name != u, kReadOp, source, ": tensor ", printable(tensor), " has dtype ", name,
                ", which Ember does not support");
  EMBER_FAIL(kReadOp, source, ": tensor ", printable(tensor), " has unknown dtype ",
             printable(name));
}

Entry parse_entry(const std::string& name, const detail::JsonValue& v, const std::string& source) {
  using Kind = detail::JsonValue::Kind;
  const std::string what = ": tensor " + printable(name);
  EMBER_CHECK(v.kind == Kind::kObject, kReadOp, source, what, ": expected an object, got ",
              v.kind_name());
  const detail::JsonValue *dtype = nullptr, *shape = nullptr, *offsets = nullptr;
  for (const auto& [key, member] : v.object) {
    const detail::JsonValue** slot = key == "dtype"          ? &dtype
                                     : key == "shape"        ? &shape
                                     : key == "data_offsets" ? &offsets
                                                             : nullptr;
    if (slot == nullptr) continue;  // unknown fields are ignored, as by the Python package
    EMBER_CHECK(*slot == nullptr, kReadOp, source, what, ": duplicate field '", key, "'");
    *slot = &member;
  }
  EMBER_CHECK(dtype && shape && offsets, kReadOp, source, what, ": missing field '",
              !dtype   ? "dtype"
              : !shape ? "shape"
                       : "data_offsets",
              "'");
  EMBER_CHECK(dtype->kind == Kind::kString, kReadOp, source, what,
              ": expected 'dtype' to be a string, got ", dtype->kind_name());
  Entry e;
  e.name = name;
  e.dtype = parse_dtype(dtype->text, name, source);
  EMBER_CHECK(shape->kind == Kind::kArray, kReadOp, source, what,
              ": expected 'shape' to be an array, got ", shape->kind_name());
  uint64_t numel = 1;
  // Ember's contiguous strides multiply max(size, 1): that product must fit int64 as well.
  uint64_t stride_span = 1;
  for (const detail::JsonValue& d : shape->array) {
    uint64_t size = 0;
    EMBER_CHECK(detail::json_to_u64(d, size) && size <= static_cast<uint64_t>(INT64_MAX), kReadOp,
                source, what, ": expected shape entries to be non-negative integers, got ",
                d.kind == Kind::kNumber ? d.text : d.kind_name());
    // As the Python package: a product that overflows is an error, even if a later size is 0.
    EMBER_CHECK(size == 0 || numel <= static_cast<uint64_t>(INT64_MAX) / size, kReadOp, source,
                what, ": the shape's element count overflows");
    numel *= size;
    const uint64_t at_least_one = std::max<uint64_t>(size, 1);
    EMBER_CHECK(stride_span <= static_cast<uint64_t>(INT64_MAX) / at_least_one, kReadOp, source,
                what, ": the shape's sizes overflow int64 strides");
    stride_span *= at_least_one;
    e.shape.push_back(static_cast<int64_t>(size));
  }
  EMBER_CHECK(offsets->kind == Kind::kArray && offsets->array.size() == 2 &&
                  detail::json_to_u64(offsets->array[0], e.begin) &&
                  detail::json_to_u64(offsets->array[1], e.end),
              kReadOp, source, what,
              ": expected 'data_offsets' to be two non-negative integers [begin, end]");
  const uint64_t itemsize = element_size(e.dtype);
  EMBER_CHECK(numel <= UINT64_MAX / itemsize, kReadOp, source, what,
              ": the shape's byte count overflows");
  EMBER_CHECK(
      e.end >= e.begin && e.end - e.begin == numel * itemsize, kReadOp, source, what,
      ": data_offsets [", e.begin, ", ", e.end, "] span ",
      e.end >= e.begin ? std::to_string(e.end - e.begin) : std::string("a negative number of"),
      " bytes, expected ", numel * itemsize, " (", numel, " elements of ", dtype->text, ")");
  return e;
}

Header parse_header(std::string_view json, const std::string& source) {
  using Kind = detail::JsonValue::Kind;
  EMBER_CHECK(detail::is_valid_utf8(json), kReadOp, source, ": the header is not valid UTF-8");
  const detail::JsonValue root = detail::parse_json(json, kReadOp, source);
  EMBER_CHECK(root.kind == Kind::kObject, kReadOp, source,
              ": expected the header to be a JSON object, got ", root.kind_name());
  Header h;
  bool seen_metadata = false;
  std::vector<std::string_view> names;
  for (const auto& [key, value] : root.object) {
    if (key == "__metadata__") {
      EMBER_CHECK(!seen_metadata, kReadOp, source, ": duplicate '__metadata__'");
      seen_metadata = true;
      EMBER_CHECK(value.kind == Kind::kObject, kReadOp, source,
                  ": expected '__metadata__' to be an object, got ", value.kind_name());
      for (const auto& [mkey, mvalue] : value.object) {
        EMBER_CHECK(mvalue.kind == Kind::kString, kReadOp, source, ": metadata ", printable(mkey),
                    ": expected a string value, got ", mvalue.kind_name());
        EMBER_CHECK(h.metadata.emplace(mkey, mvalue.text).second, kReadOp, source,
                    ": duplicate metadata key ", printable(mkey));
      }
      continue;
    }
    h.entries.push_back(parse_entry(key, value, source));
    names.push_back(key);
  }
  std::sort(names.begin(), names.end());
  const auto dup = std::adjacent_find(names.begin(), names.end());
  EMBER_CHECK(dup == names.end(), kReadOp, source, ": duplicate tensor name ",
              dup == names.end() ? std::string() : printable(*dup));
  std::stable_sort(h.entries.begin(), h.entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t at = 0;
  for (const Entry& e : h.entries) {
    EMBER_CHECK(e.begin == at, kReadOp, source, ": tensor ", printable(e.name), " starts at byte ",
                e.begin, " of the data, expected ", at,
                e.begin < at ? " (overlapping tensors)" : " (a gap between tensors)");
    at = e.end;
  }
  h.data_size = at;
  return h;
}

// Fills fresh tensors for `h` from `read(dst, size)`, which copies the next bytes of the data.
template <class Read>
SafetensorsContent build(Header& h, Read&& read) {
  SafetensorsContent out;
  for (Entry& e : h.entries) {
    Tensor t = empty(e.shape, e.dtype);
    if (e.end > e.begin) read(t.data_ptr(), e.end - e.begin);
    if (e.dtype == kBool) {
      // Any byte other than 0 or 1 is not a valid C++ bool: normalise it.
      auto* p = static_cast<uint8_t*>(t.data_ptr());
      for (uint64_t i = 0; i < e.end - e.begin; ++i) p[i] = p[i] != 0;
    }
    out.tensors.insert(std::move(e.name), std::move(t));
  }
  out.metadata = std::move(h.metadata);
  return out;
}

SafetensorsContent read_bytes(std::span<const uint8_t> bytes, const std::string& source) {
  EMBER_CHECK(bytes.size() >= 8, kReadOp, source, ": expected at least 8 bytes, got ",
              bytes.size());
  const uint64_t n = header_length(bytes.data(), bytes.size(), source, true);
  Header h = parse_header(
      std::string_view(reinterpret_cast<const char*>(bytes.data()) + 8, static_cast<size_t>(n)),
      source);
  const uint64_t available = bytes.size() - 8 - n;
  EMBER_CHECK(h.data_size == available, kReadOp, source, ": the tensors cover ", h.data_size,
              " bytes of data, but the file holds ", available);
  const uint8_t* at = bytes.data() + 8 + n;
  return build(h, [&](void* dst, uint64_t size) {
    std::memcpy(dst, at, size);
    at += size;
  });
}

// Reads `size` bytes from `in`, growing the buffer only as data actually arrives.
void read_chunked(std::istream& in, uint64_t size, std::vector<uint8_t>& out,
                  const std::string& source, const char* what) {
  constexpr uint64_t kChunk = uint64_t{1} << 24;
  out.clear();
  while (out.size() < size) {
    const size_t before = out.size();
    const uint64_t step = std::min<uint64_t>(kChunk, size - before);
    out.resize(before + step);
    in.read(reinterpret_cast<char*>(out.data() + before), static_cast<std::streamsize>(step));
    const auto got = static_cast<uint64_t>(in.gcount());
    EMBER_CHECK(got == step, kReadOp, source, ": truncated ", what, ": expected ", size,
                " bytes, got ", before + got);
  }
}

}  // namespace

SafetensorsContent read_safetensors(std::span<const uint8_t> bytes) {
  return read_bytes(bytes, "<bytes>");
}

SafetensorsContent read_safetensors(std::istream& in) {
  const std::string source = "<stream>";
  std::vector<uint8_t> buffer;
  read_chunked(in, 8, buffer, source, "header length");
  const uint64_t n = header_length(buffer.data(), 0, source, false);
  read_chunked(in, n, buffer, source, "header");
  Header h = parse_header(
      std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()), source);
  read_chunked(in, h.data_size, buffer, source, "tensor data");
  const uint8_t* at = buffer.data();
  return build(h, [&](void* dst, uint64_t size) {
    std::memcpy(dst, at, size);
    at += size;
  });
}

SafetensorsContent read_safetensors(const std::string& path) {
  const std::string source = "'" + path + "'";
  std::error_code ec;
  EMBER_CHECK(std::filesystem::is_regular_file(path, ec), kReadOp, source,
              ": no such file (or not a regular file)");
  const uint64_t total = std::filesystem::file_size(path, ec);
  EMBER_CHECK(!ec, kReadOp, source, ": cannot get the file size: ", ec.message());
  std::ifstream in(path, std::ios::binary);
  EMBER_CHECK(in.good(), kReadOp, source, ": cannot open the file");
  EMBER_CHECK(total >= 8, kReadOp, source, ": expected at least 8 bytes, got ", total);
  std::vector<uint8_t> buffer;
  read_chunked(in, 8, buffer, source, "header length");
  const uint64_t n = header_length(buffer.data(), total, source, true);
  read_chunked(in, n, buffer, source, "header");
  Header h = parse_header(
      std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()), source);
  const uint64_t available = total - 8 - n;
  EMBER_CHECK(h.data_size == available, kReadOp, source, ": the tensors cover ", h.data_size,
              " bytes of data, but the file holds ", available);
  // The size check bounds every allocation below by the file's real size.
  return build(h, [&](void* dst, uint64_t size) {
    in.read(static_cast<char*>(dst), static_cast<std::streamsize>(size));
    EMBER_CHECK(static_cast<uint64_t>(in.gcount()) == size, kReadOp, source,
                ": the file changed while being read (truncated tensor data)");
  });
}

}  // namespace ember::serialize
