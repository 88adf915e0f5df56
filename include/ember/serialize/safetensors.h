#pragma once
/// The safetensors format (https://github.com/huggingface/safetensors), byte-compatible with the
/// Python `safetensors` package.
///
///     ember::serialize::write_safetensors(model->state_dict(), "model.safetensors");
///     auto file = ember::serialize::read_safetensors("model.safetensors");
///     model->load_state_dict(file.tensors);
///
/// A file is an 8-byte little-endian header length N, N bytes of JSON header (padded with spaces
/// so that the data starts at a multiple of 8), then the raw little-endian bytes of every tensor,
/// back to back. The writer lays tensors out as `safetensors.torch.save_file` does (dtype from
/// the widest safetensors dtype down, then by name) and writes the same header bytes, so both
/// produce identical files for the same dict when the metadata has at most one entry (Python
/// orders several metadata entries at random; Ember sorts them by key). See
/// docs/serialization.md.
#include <cstdint>
#include <iosfwd>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ember/ordered_dict.h"
#include "ember/tensor.h"

namespace ember::serialize {

using TensorDict = OrderedDict<std::string, Tensor>;
/// The header's optional `__metadata__`: string to string.
using Metadata = std::map<std::string, std::string>;

/// What a safetensors file holds: the tensors in the order of their data in the file, and the
/// metadata.
struct SafetensorsContent {
  TensorDict tensors;
  Metadata metadata;
};

/// The largest header accepted on reading (the Python package's limit): 100'000'000 bytes.
inline constexpr uint64_t kMaxSafetensorsHeader = 100'000'000;

/// Writes `tensors` (any dtype; non-contiguous tensors are written in row-major order) and
/// `metadata` as a safetensors file. Raises `ember::Error("[write_safetensors] ...")` for an
/// undefined tensor, a tensor named "__metadata__", or a file that cannot be written.
void write_safetensors(const TensorDict& tensors, const std::string& path,
                       const Metadata& metadata = {});
void write_safetensors(const TensorDict& tensors, std::ostream& out, const Metadata& metadata = {});
std::vector<uint8_t> write_safetensors_to_bytes(const TensorDict& tensors,
                                                const Metadata& metadata = {});

/// Reads a safetensors file into fresh contiguous tensors. Raises
/// `ember::Error("[read_safetensors] <file>: <problem>")` when the file cannot be read or is
/// malformed: shorter than 8 bytes, header length beyond the file or above 100 MB, header not
/// UTF-8 JSON of the expected shape, a duplicate name, an unknown or unsupported dtype, a
/// negative or overflowing shape, a byte range that does not match shape * itemsize, or ranges
/// that overlap, leave gaps or do not end exactly at the end of the file. BOOL bytes other than
/// 0 read as true. Memory use is bounded by the input's real size, whatever the header claims.
SafetensorsContent read_safetensors(const std::string& path);
/// Reads one safetensors object from `in`, stopping after the last tensor's bytes (so that
/// several objects may follow each other in one stream).
SafetensorsContent read_safetensors(std::istream& in);
SafetensorsContent read_safetensors(std::span<const uint8_t> bytes);

}  // namespace ember::serialize
