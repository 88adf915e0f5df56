// Atomic training checkpoints (ember/serialize/checkpoint.h).
#include "ember/serialize/checkpoint.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "ember/ops/creation.h"
#include "serialize/safetensors_impl.h"

namespace ember::serialize {
namespace {

constexpr const char* kFormat = "checkpoint/1";
constexpr const char* kSaveOp = "Checkpoint::save";
constexpr const char* kLoadOp = "Checkpoint::load";
constexpr const char* kUserPrefix = "user.";

bool valid_state_name(const std::string& name) {
  if (name.empty()) return false;
  for (const char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

// CRC-32 of every tensor's bytes in order, i.e. of the data section they tile.
template <class Range, class Bytes>
uint32_t crc_of(const Range& tensors, Bytes&& bytes_of) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (const auto& t : tensors) {
    const auto [data, size] = bytes_of(t);
    const auto* p = static_cast<const Bytef*>(data);
    for (uint64_t done = 0; done < size;) {
      const auto step = static_cast<uInt>(std::min<uint64_t>(size - done, 1u << 30));
      crc = crc32(crc, p + done, step);
      done += step;
    }
  }
  return static_cast<uint32_t>(crc);
}

std::string hex32(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

bool parse_i64(const std::string& s, int64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const auto d = static_cast<uint64_t>(s[i] - '0');
    if (v > (uint64_t{1} << 63) / 10) return false;
    v = v * 10 + d;
  }
  const bool negative = s[0] == '-';
  if (v > (negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX))) return false;
  out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

std::string errno_text() {
  return std::strerror(errno);
}

// The temporary-file prefix for `path`: ".<name>.tmp."
std::string temp_prefix(const std::filesystem::path& path) {
  std::string prefix = path.filename().string();
  prefix.insert(prefix.begin(), '.');
  prefix.append(".tmp.");
  return prefix;
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

void write_all(int fd, const void* data, size_t size, const std::string& where) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, std::min<size_t>(size, size_t{1} << 30));
    if (n < 0 && errno == EINTR) continue;
    EMBER_CHECK(n > 0, kSaveOp, where, ": write failed: ", errno_text());
    p += n;
    size -= static_cast<size_t>(n);
  }
}

Tensor int64_scalar(int64_t v) {
  Tensor t = empty({}, kLong);
  *t.data_ptr<int64_t>() = v;
  return t;
}

const Tensor& require(const TensorDict& state, const std::string& key, const char* op,
                      int64_t dim) {
  const Tensor* t = state.find(key);
  EMBER_CHECK(t != nullptr, op, "missing key '", key, "'");
  EMBER_CHECK(t->defined() && t->scalar_type() == kLong && t->dim() == dim, op, "expected '", key,
              "' to be a ", dim, "-d int64 tensor, got ",
              t->defined() ? std::string(dtype_name(t->scalar_type())) : "undefined", " with ",
              t->defined() ? t->dim() : 0, " dims");
  return *t;
}

}  // namespace

// ---- Checkpoint ---------------------------------------------------------------------------

void Checkpoint::set(const std::string& name, TensorDict state) {
  EMBER_CHECK(valid_state_name(name), "Checkpoint::set",
              "expected a state name of letters, digits, '_' and '-', got '", name, "'");
  if (TensorDict* existing = states_.find(name)) {
    *existing = std::move(state);
  } else {
    states_.insert(name, std::move(state));
  }
}

const TensorDict& Checkpoint::get(const std::string& name) const {
  const TensorDict* state = states_.find(name);
  if (state == nullptr) {
    std::string names;
    for (const auto& item : states_) {
      if (!names.empty()) names += ", ";
      names += item.key();
    }
    EMBER_FAIL("Checkpoint::get", "no state named '", name, "'; the checkpoint holds [", names,
               "]");
  }
  return *state;
}

SafetensorsContent Checkpoint::flatten() const {
  SafetensorsContent out;
  std::string names;
  for (const auto& item : states_) {
    if (!names.empty()) names += ',';
    names += item.key();
    for (const auto& entry : item.value())
      out.tensors.insert(item.key() + "." + entry.key(), entry.value());
  }
  out.metadata["ember.format"] = kFormat;
  out.metadata["ember.states"] = names;
  out.metadata["ember.epoch"] = std::to_string(epoch);
  out.metadata["ember.step"] = std::to_string(step);
  for (const auto& [key, value] : metadata) out.metadata[kUserPrefix + key] = value;
  return out;
}

Checkpoint Checkpoint::unflatten(const SafetensorsContent& content, const std::string& source) {
  const Metadata& meta = content.metadata;
  auto field = [&](const char* key) -> const std::string& {
    const auto it = meta.find(key);
    EMBER_CHECK(it != meta.end(), kLoadOp, source, ": not an Ember checkpoint (no metadata '", key,
                "')");
    return it->second;
  };
  EMBER_CHECK(field("ember.format") == kFormat, kLoadOp, source, ": expected format '", kFormat,
              "', got '", field("ember.format"), "'");
  Checkpoint ckpt;
  EMBER_CHECK(parse_i64(field("ember.epoch"), ckpt.epoch), kLoadOp, source, ": bad epoch '",
              field("ember.epoch"), "'");
  EMBER_CHECK(parse_i64(field("ember.step"), ckpt.step), kLoadOp, source, ": bad step '",
              field("ember.step"), "'");
  const std::string& names = field("ember.states");
  for (size_t start = 0; start < names.size();) {
    const size_t comma = std::min(names.find(',', start), names.size());
    const std::string name = names.substr(start, comma - start);
    EMBER_CHECK(valid_state_name(name) && !ckpt.states_.contains(name), kLoadOp, source,
                ": bad state list '", names, "'");
    ckpt.states_.insert(name, TensorDict());
    start = comma + 1;
  }
  for (const auto& item : content.tensors) {
    const size_t dot = item.key().find('.');
    TensorDict* state =
        dot == std::string::npos ? nullptr : ckpt.states_.find(item.key().substr(0, dot));
    EMBER_CHECK(state != nullptr, kLoadOp, source, ": tensor '", item.key(),
                "' belongs to no state of [", names, "]");
    state->insert(item.key().substr(dot + 1), item.value());
  }
  for (const auto& [key, value] : meta)
    if (key.rfind(kUserPrefix, 0) == 0) ckpt.metadata[key.substr(5)] = value;
  return ckpt;
}

void Checkpoint::save(const std::string& path) const {
  SafetensorsContent flat = flatten();
  const auto prepared = detail::prepare_tensors(flat.tensors, kSaveOp);
  flat.metadata["ember.crc32"] = hex32(crc_of(prepared, [](const detail::PreparedTensor& t) {
    return std::pair<const void*, uint64_t>(t.data.data_ptr(), t.end - t.begin);
  }));

  const std::filesystem::path target(path);
  const std::filesystem::path folder = folder_of(target);
  remove_stale_temp_files(path);
  static std::atomic<uint64_t> counter{0};
  const std::filesystem::path temp = folder / (temp_prefix(target) + std::to_string(::getpid()) +
                                               "." + std::to_string(counter.fetch_add(1)));
  const std::string where = "'" + path + "'";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  EMBER_CHECK(fd >= 0, kSaveOp, where, ": cannot create '", temp.string(), "': ", errno_text());
  try {
    detail::write_prepared(prepared, flat.metadata, [&](const void* data, size_t size) {
      write_all(fd, data, size, where);
    });
    EMBER_CHECK(::fsync(fd) == 0, kSaveOp, where, ": fsync failed: ", errno_text());
    const int closed = ::close(fd);
    EMBER_CHECK(closed == 0, kSaveOp, where, ": close failed: ", errno_text());
  } catch (...) {
    ::close(fd);  // harmless EBADF when already closed
    ::unlink(temp.c_str());
    throw;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(temp.c_str());
    EMBER_FAIL(kSaveOp, where, ": rename failed: ", why);
  }
  // The rename is durable only once the folder's entry is.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EMBER_CHECK(dir >= 0, kSaveOp, where, ": cannot open the folder to fsync it: ", errno_text());
  const int synced = ::fsync(dir);
  const std::string why = errno_text();
  ::close(dir);
  EMBER_CHECK(synced == 0, kSaveOp, where, ": fsync of the folder failed: ", why);
}

Checkpoint Checkpoint::load(const std::string& path) {
  const std::string source = "'" + path + "'";
  SafetensorsContent content;
  try {
    content = read_safetensors(path);
  } catch (const Error& e) {
    EMBER_FAIL(kLoadOp, e.what());
  }
  const auto it = content.metadata.find("ember.crc32");
  EMBER_CHECK(it != content.metadata.end(), kLoadOp, source,
              ": not an Ember checkpoint (no metadata 'ember.crc32')");
  const std::string crc = hex32(crc_of(content.tensors, [](const TensorDict::Item& item) {
    return std::pair<const void*, uint64_t>(item.value().data_ptr(), item.value().nbytes());
  }));
  EMBER_CHECK(crc == it->second, kLoadOp, source, ": corrupted: the data's CRC-32 is ", crc,
              ", the header says ", it->second);
  return unflatten(content, source);
}

size_t Checkpoint::remove_stale_temp_files(const std::string& path) {
  const std::filesystem::path target(path);
  const std::string prefix = temp_prefix(target);
  std::error_code ec;
  size_t removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder_of(target), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const size_t dot = rest.find('.');
    int64_t pid = 0;
    if (dot == std::string::npos || !parse_i64(rest.substr(0, dot), pid) || pid <= 0) continue;
    if (pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

// ---- RNG and data-loader state --------------------------------------------------------------

TensorDict rng_state_dict(const Generator& generator) {
  TensorDict out;
  out.insert("seed", int64_scalar(std::bit_cast<int64_t>(generator.current_seed())));
  out.insert("offset", int64_scalar(std::bit_cast<int64_t>(generator.offset())));
  return out;
}

void load_rng_state_dict(const TensorDict& state, Generator& generator) {
  constexpr const char* op = "load_rng_state_dict";
  const int64_t seed = *require(state, "seed", op, 0).data_ptr<int64_t>();
  const int64_t offset = *require(state, "offset", op, 0).data_ptr<int64_t>();
  EMBER_CHECK(state.size() == 2, op, "expected the keys 'seed' and 'offset', got ", state.size(),
              " keys");
  generator.set_current_seed(std::bit_cast<uint64_t>(seed));
  generator.set_offset(std::bit_cast<uint64_t>(offset));
}

TensorDict data_loader_state_dict(const data::DataLoaderState& state) {
  TensorDict out;
  out.insert("epoch", int64_scalar(static_cast<int64_t>(state.epoch)));
  out.insert("batch_index", int64_scalar(static_cast<int64_t>(state.batch_index)));
  Tensor sampler = empty({static_cast<int64_t>(state.sampler_state.size())}, kLong);
  for (size_t i = 0; i < state.sampler_state.size(); ++i)
    sampler.data_ptr<int64_t>()[i] = std::bit_cast<int64_t>(state.sampler_state[i]);
  out.insert("sampler_state", sampler);
  return out;
}

data::DataLoaderState data_loader_state_from_dict(const TensorDict& state) {
  constexpr const char* op = "data_loader_state_from_dict";
  const int64_t epoch = *require(state, "epoch", op, 0).data_ptr<int64_t>();
  const int64_t batch = *require(state, "batch_index", op, 0).data_ptr<int64_t>();
  const Tensor sampler = require(state, "sampler_state", op, 1).contiguous();
  EMBER_CHECK(state.size() == 3, op,
              "expected the keys 'epoch', 'batch_index' and 'sampler_state', got ", state.size(),
              " keys");
  EMBER_CHECK(epoch >= 0 && batch >= 0, op, "expected non-negative epoch and batch_index, got ",
              epoch, " and ", batch);
  data::DataLoaderState out;
  out.epoch = static_cast<size_t>(epoch);
  out.batch_index = static_cast<size_t>(batch);
  for (int64_t i = 0; i < sampler.numel(); ++i)
    out.sampler_state.push_back(std::bit_cast<uint64_t>(sampler.data_ptr<int64_t>()[i]));
  return out;
}

}  // namespace ember::serialize
