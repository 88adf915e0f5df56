// Checkpoints: round trips, RNG and data-loader state, corruption, and atomic saving under
// SIGKILL.
#include "ember/serialize/checkpoint.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

#include "ember/data.h"
#include "ember/nn.h"
#include "serialize/test_util.h"
#include "support/errors.h"

namespace ember::serialize {
namespace {

using testing::Bytes;
using testing::error_of;
using testing::same_bytes;
using testing::TempDir;

TEST(Checkpoint, RoundTrip) {
  TempDir dir;
  manual_seed(3);
  nn::Linear model(4, 3);
  Checkpoint ckpt;
  ckpt.epoch = 7;
  ckpt.step = -1234567890123;
  ckpt.metadata = {{"run", "a.b"}, {"note", "x\ny"}};
  ckpt.set("model", model);
  ckpt.set("empty", TensorDict());
  ckpt.set("rng", rng_state_dict());
  ckpt.save(dir.file("c.safetensors"));

  const Checkpoint back = Checkpoint::load(dir.file("c.safetensors"));
  EXPECT_EQ(back.epoch, 7);
  EXPECT_EQ(back.step, -1234567890123);
  EXPECT_EQ(back.metadata, ckpt.metadata);
  EXPECT_EQ(back.states().keys(), (std::vector<std::string>{"model", "empty", "rng"}));
  EXPECT_TRUE(back.get("empty").is_empty());
  manual_seed(4);
  nn::Linear other(4, 3);
  back.restore("model", other);
  EXPECT_TRUE(other->weight.equal(model->weight));
  EXPECT_EMBER_ERROR(back.get("optimizer"),
                     "no state named 'optimizer'; the checkpoint holds [model, empty, rng]");
  // Flattened with prefixes into one plain safetensors file.
  const auto flat = read_safetensors(dir.file("c.safetensors"));
  EXPECT_NE(flat.tensors.find("model.weight"), nullptr);
  EXPECT_EQ(flat.metadata.at("user.run"), "a.b");
  EXPECT_EQ(flat.metadata.at("ember.states"), "model,empty,rng");
  // No temporary file is left behind.
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(Checkpoint, StateNamesAreChecked) {
  Checkpoint ckpt;
  for (const char* bad : {"", "a.b", "a,b", "a b"})
    EXPECT_EMBER_ERROR(ckpt.set(bad, TensorDict()), "expected a state name of letters");
  ckpt.set("x", TensorDict());
  ckpt.set("x", rng_state_dict());  // replaces
  EXPECT_EQ(ckpt.get("x").size(), 2u);
}

TEST(Checkpoint, RngStateRestoresTheStream) {
  Generator g(123);
  (void)rand({5}, g);
  const TensorDict state = rng_state_dict(g);
  const Tensor expected = rand({7}, g);
  Generator h(999);
  load_rng_state_dict(state, h);
  EXPECT_TRUE(rand({7}, h).equal(expected));
  // The default generator, through a checkpoint, with a seed above 2^63.
  TempDir dir;
  manual_seed(0xFFFF'FFFF'FFFF'FFF0ull);
  (void)randn({3});
  Checkpoint ckpt;
  ckpt.set("rng", rng_state_dict());
  ckpt.save(dir.file("c"));
  const Tensor next = randn({4});
  manual_seed(5);
  load_rng_state_dict(Checkpoint::load(dir.file("c")).get("rng"));
  EXPECT_EQ(Generator::default_cpu().current_seed(), 0xFFFF'FFFF'FFFF'FFF0ull);
  EXPECT_TRUE(randn({4}).equal(next));

  TensorDict bad = state;
  *bad.find("seed") = scalar_tensor(1.0, kDouble);
  EXPECT_EMBER_ERROR(load_rng_state_dict(bad, h), "expected 'seed' to be a 0-d int64 tensor");
  EXPECT_EMBER_ERROR(load_rng_state_dict(TensorDict(), h), "missing key 'seed'");
}

TEST(Checkpoint, DataLoaderPosition) {
  data::DataLoaderState state;
  state.epoch = 3;
  state.batch_index = 17;
  state.sampler_state = {1, 2, 0xFFFF'FFFF'FFFF'FFFFull};
  const data::DataLoaderState back = data_loader_state_from_dict(data_loader_state_dict(state));
  EXPECT_EQ(back.epoch, 3u);
  EXPECT_EQ(back.batch_index, 17u);
  EXPECT_EQ(back.sampler_state, state.sampler_state);
  TensorDict bad = data_loader_state_dict(state);
  *bad.find("epoch") = scalar_tensor(-1, kLong);
  EXPECT_EMBER_ERROR(data_loader_state_from_dict(bad), "expected non-negative epoch");
  *bad.find("epoch") = scalar_tensor(1, kLong);
  *bad.find("sampler_state") = zeros({2, 2}, kLong);
  EXPECT_EMBER_ERROR(data_loader_state_from_dict(bad),
                     "expected 'sampler_state' to be a 1-d int64");
}

TEST(Checkpoint, ResumesADataLoader) {
  // A shuffled loader over 0..9 stopped after 2 batches resumes with the same remaining batches.
  auto make = [] {
    std::vector<Tensor> values;
    for (int i = 0; i < 10; ++i) values.push_back(scalar_tensor(i, kLong));
    return data::make_data_loader(data::datasets::TensorDataset(stack(values))
                                      .map(data::transforms::Stack<data::TensorExample>()),
                                  data::samplers::RandomSampler(10),
                                  data::DataLoaderOptions().batch_size(3));
  };
  manual_seed(11);
  auto loader = make();
  std::vector<std::vector<int64_t>> seen;
  TensorDict saved;
  int n = 0;
  for (auto& batch : *loader) {
    if (n++ == 2) saved = data_loader_state_dict(loader->state());  // after three batches
    const Tensor b = batch.data.contiguous();
    seen.emplace_back(b.data_ptr<int64_t>(), b.data_ptr<int64_t>() + b.numel());
  }
  auto resumed = make();
  resumed->load_state(data_loader_state_from_dict(saved));
  std::vector<std::vector<int64_t>> rest;
  for (auto& batch : *resumed) {
    const Tensor b = batch.data.contiguous();
    rest.emplace_back(b.data_ptr<int64_t>(), b.data_ptr<int64_t>() + b.numel());
  }
  EXPECT_EQ(rest, std::vector<std::vector<int64_t>>(seen.begin() + 3, seen.end()));
}

TEST(Checkpoint, TruncatedOrCorruptedFilesRaise) {
  TempDir dir;
  Checkpoint ckpt;
  ckpt.epoch = 1;
  ckpt.set("model", {{"w", arange(64, kFloat)}, {"b", ones({3}, kHalf)}});
  ckpt.save(dir.file("c"));
  const Bytes good = testing::read_bytes(dir.file("c"));
  for (size_t n = 0; n < good.size(); n += 7) {
    testing::write_bytes(dir.file("t"), Bytes(good.begin(), good.begin() + n));
    testing::expect_error_names([&] { Checkpoint::load(dir.file("t")); }, "Checkpoint::load");
  }
  // Every flipped bit of the data section is caught by the CRC.
  uint64_t header = 0;
  for (int i = 7; i >= 0; --i) header = (header << 8) | good[i];
  std::mt19937 rng(5);
  for (int k = 0; k < 50; ++k) {
    Bytes bad = good;
    const size_t at = 8 + header + rng() % (good.size() - 8 - header);
    bad[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
    testing::write_bytes(dir.file("t"), bad);
    EXPECT_EMBER_ERROR(Checkpoint::load(dir.file("t")), "corrupted: the data's CRC-32 is");
  }
  // A plain safetensors file is not a checkpoint.
  write_safetensors(TensorDict{{"w", ones({1})}}, dir.file("plain"));
  EXPECT_EMBER_ERROR(Checkpoint::load(dir.file("plain")), "not an Ember checkpoint");
  EXPECT_EMBER_ERROR(ckpt.save(dir.file("missing-folder/c")), "[Checkpoint::save]");
}

// Note [Checkpoint crash test]
// A child process saves checkpoint versions 1, 2, 3, ... of a 4 MB tensor (all elements equal
// to the version) in a loop; the parent SIGKILLs it at a random moment, then checks that the
// target loads and holds one complete version, never older than the last one it saw. The child
// only writes files (no ops, no threads), which is safe after fork.
TEST(Checkpoint, SurvivesSigkillAtAnyPoint) {
  TempDir dir;
  const std::string path = dir.file("ckpt.safetensors");
  Tensor big = zeros({1 << 20}, kFloat);
  Checkpoint ckpt;
  ckpt.set("model", {{"w", big}});
  ckpt.save(path);
  std::mt19937 rng(::testing::UnitTest::GetInstance()->random_seed());
  int64_t last = 0;
  int advances = 0;
  // At least 12 kills; more (up to 40) until some kills landed after complete saves too.
  for (int round = 0; round < 40 && (round < 12 || advances < 3); ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      float* p = big.data_ptr<float>();
      for (int64_t v = last + 1;; ++v) {
        std::fill(p, p + big.numel(), static_cast<float>(v));
        ckpt.epoch = v;
        ckpt.save(path);
      }
    }
    ::usleep(static_cast<useconds_t>(rng() % 150'000));
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    const Checkpoint back = Checkpoint::load(path);
    ASSERT_GE(back.epoch, last);
    advances += back.epoch > last;
    last = back.epoch;
    const Tensor w = back.get("model").find("w")->contiguous();
    ASSERT_EQ(w.numel(), big.numel());
    const float* q = w.data_ptr<float>();
    for (int64_t i = 0; i < w.numel(); ++i)
      ASSERT_EQ(q[i], static_cast<float>(back.epoch)) << "round " << round << ", element " << i;
  }
  // Killed writers may leave temporary files; they never shadow the target, and the next save
  // removes those of dead processes.
  size_t leftovers = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
    ++leftovers;
  RecordProperty("temp_files_left_by_killed_writers", static_cast<int>(leftovers - 1));
  RecordProperty("last_version", static_cast<int>(last));
  RecordProperty("kills_after_a_new_version", advances);
  ckpt.save(path);
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace ember::serialize
