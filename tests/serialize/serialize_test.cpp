// ember::save / ember::load for tensors, tensor lists, dicts, modules and state-dict objects.
#include "ember/serialize.h"

#include <gtest/gtest.h>

#include <sstream>

#include "ember/nn.h"
#include "ember/optim.h"
#include "serialize/test_util.h"
#include "support/errors.h"

namespace ember {
namespace {

using testing::same_bytes;
using testing::TempDir;

// What optimizers and schedulers look like to save/load: state_dict / load_state_dict only.
struct Counter {
  int64_t count = 0;
  serialize::TensorDict state_dict() const {
    serialize::TensorDict d;
    d.insert("count", scalar_tensor(count, kLong));
    return d;
  }
  void load_state_dict(const serialize::TensorDict& d) {
    const Tensor* t = d.find("count");
    EMBER_CHECK(t != nullptr && d.size() == 1, "Counter", "expected only 'count'");
    count = t->item<int64_t>();
  }
};
static_assert(serialize::HasStateDict<Counter>);
static_assert(serialize::PointsToStateDict<std::shared_ptr<Counter>>);
static_assert(serialize::PointsToStateDict<nn::Linear>);
static_assert(serialize::PointsToStateDict<std::shared_ptr<nn::Module>>);
static_assert(!serialize::HasStateDict<Tensor> && !serialize::PointsToStateDict<Tensor>);

TEST(Serialize, Tensor) {
  TempDir dir;
  const Tensor t = arange(6, kFloat).reshape({2, 3}).t();
  save(t, dir.file("t"));
  Tensor back;
  load(back, dir.file("t"));
  EXPECT_TRUE(same_bytes(back, t));
  std::stringstream stream;
  save(scalar_tensor(2.5, kDouble), stream);
  load(back, stream);
  EXPECT_EQ(back.dim(), 0);
  EXPECT_EQ(back.item<double>(), 2.5);
  // The layout is one entry named "tensor".
  EXPECT_EQ(serialize::read_safetensors(dir.file("t")).tensors.keys(),
            std::vector<std::string>{"tensor"});
}

TEST(Serialize, TensorList) {
  TempDir dir;
  std::vector<Tensor> list;
  for (int i = 0; i < 12; ++i) list.push_back(full({i % 3 + 1}, i, kInt));
  save(list, dir.file("l"));
  std::vector<Tensor> back;
  load(back, dir.file("l"));
  ASSERT_EQ(back.size(), list.size());
  for (size_t i = 0; i < list.size(); ++i) EXPECT_TRUE(same_bytes(back[i], list[i])) << i;
  std::stringstream stream;
  save(std::vector<Tensor>{}, stream);
  load(back, stream);
  EXPECT_TRUE(back.empty());
}

TEST(Serialize, TensorListKeysAreChecked) {
  TempDir dir;
  for (const char* bad : {"1", "01", "x", "-0", "+1"}) {
    serialize::TensorDict d;
    d.insert(bad, ones({1}));
    save(d, dir.file("d"));
    std::vector<Tensor> back;
    EXPECT_EMBER_ERROR(load(back, dir.file("d")),
                       std::string("expected a tensor list with keys '0' to '0', got key '") + bad);
  }
  Tensor t;
  save(std::vector<Tensor>{ones({1}), ones({1})}, dir.file("two"));
  EXPECT_EMBER_ERROR(load(t, dir.file("two")), "expected one tensor named 'tensor', got 2 tensors");
}

TEST(Serialize, Dict) {
  serialize::TensorDict d;
  d.insert("z", ones({2}, kHalf));
  d.insert("a", zeros({1}, kBool));
  std::stringstream stream;
  save(d, stream);
  serialize::TensorDict back;
  load(back, stream);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_TRUE(same_bytes(*back.find("z"), *d.find("z")));
  EXPECT_TRUE(same_bytes(*back.find("a"), *d.find("a")));
}

TEST(Serialize, ModulesThroughHoldersAndPointers) {
  TempDir dir;
  manual_seed(1);
  nn::Linear a(3, 2);
  save(a, dir.file("a"));
  manual_seed(2);
  nn::Linear b(3, 2);
  ASSERT_FALSE(b->weight.equal(a->weight));
  load(b, dir.file("a"));
  EXPECT_TRUE(b->weight.equal(a->weight));
  EXPECT_TRUE(b->bias.equal(a->bias));
  EXPECT_TRUE(b->weight.requires_grad());  // loaded into the parameters, not replacing them

  std::shared_ptr<nn::Module> seq = nn::Sequential(nn::Linear(3, 2), nn::BatchNorm1d(2)).ptr();
  std::stringstream stream;
  save(seq, stream);
  std::shared_ptr<nn::Module> seq2 = nn::Sequential(nn::Linear(3, 2), nn::BatchNorm1d(2)).ptr();
  load(seq2, stream);
  for (const auto& item : seq->state_dict())
    EXPECT_TRUE(same_bytes(*seq2->state_dict().find(item.key()), item.value())) << item.key();

  // Loading is strict: a file for a different module raises and names the problem.
  nn::Linear wrong(4, 2);
  EXPECT_EMBER_ERROR(load(wrong, dir.file("a")), "size mismatch for weight");
  nn::Bilinear other(3, 3, 2);
  EXPECT_FALSE(testing::error_of([&] { load(other, dir.file("a")); }).empty());
}

TEST(Serialize, AnythingWithAStateDict) {
  std::stringstream stream;
  Counter c{41};
  save(c, stream);
  Counter d;
  load(d, stream);
  EXPECT_EQ(d.count, 41);
  auto p = std::make_shared<Counter>();
  std::stringstream s2;
  save(c, s2);
  load(p, s2);
  EXPECT_EQ(p->count, 41);
  std::shared_ptr<Counter> empty_ptr;
  EXPECT_EMBER_ERROR(save(empty_ptr, s2), "got an empty one");
}

TEST(Serialize, LoadErrorsNameTheFile) {
  TempDir dir;
  Tensor t;
  EXPECT_EMBER_ERROR(load(t, dir.file("missing")),
                     "[read_safetensors] '" + dir.file("missing") + "'");
  testing::write_bytes(dir.file("junk"), testing::Bytes(20, 0xff));
  EXPECT_EMBER_ERROR(load(t, dir.file("junk")), "exceeds the limit");
}

// The README's optimizer example, as written there: one step changes the weights, the schedule
// moves the learning rate, and the saved weights load back into a fresh model unchanged.
TEST(Readme, OptimizerScheduleAndSafetensorsExample) {
  testing::TempDir dir;
  Tensor images = ember::randn({4, 1, 28, 28});
  Tensor labels = ember::randint(0, 10, {4});
  namespace nn = ember::nn;
  nn::Sequential model(nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)), nn::ReLU(),
                       nn::MaxPool2d(2), nn::Flatten(), nn::Linear(32 * 14 * 14, 10));
  ember::Tensor loss = nn::functional::cross_entropy(model->forward(images), labels);
  const Tensor before = model->parameters()[0].clone();

  ember::optim::Adam optimizer(model->parameters(), ember::optim::AdamOptions(1e-3));
  ember::optim::CosineAnnealingLR schedule(optimizer, /*T_max=*/1000);
  optimizer.zero_grad();
  loss.backward();
  optimizer.step();
  schedule.step();
  ember::save(model, dir.file("model.safetensors"));

  EXPECT_FALSE(ember::equal(model->parameters()[0], before));
  EXPECT_LT(schedule.get_last_lr()[0], 1e-3);
  nn::Sequential loaded(nn::Conv2d(nn::Conv2dOptions(1, 32, 3).padding(1)), nn::ReLU(),
                        nn::MaxPool2d(2), nn::Flatten(), nn::Linear(32 * 14 * 14, 10));
  ember::load(loaded, dir.file("model.safetensors"));
  EXPECT_TRUE(ember::equal(loaded->forward(images), model->forward(images)));
}

}  // namespace
}  // namespace ember
