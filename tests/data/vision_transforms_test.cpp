// The torchvision-style transform classes (ember/data/vision/transforms.h): parameter ranges,
// determinism, and per-sample random streams in data loaders (Note [Per-sample randomness]).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "ember/data.h"
#include "ember/data/sample_random.h"
#include "ember/data/vision/transforms.h"
#include "ember/ember.h"
#include "support/errors.h"

namespace ember::data::vision {
namespace {

namespace F = functional;
using testing::expect_error_names;

bool same(const Tensor& a, const Tensor& b) {
  return a.sizes() == b.sizes() && a.scalar_type() == b.scalar_type() && a.equal(b);
}

Tensor test_image(int64_t h = 10, int64_t w = 12, uint64_t seed = 3) {
  return randint(0, 256, {3, h, w}, Generator(seed), TensorOptions().dtype(kUInt8));
}

TEST(VisionTransforms, RandomCropParamsCoverTheRangeAndMatchTheCrop) {
  Generator g(1);
  std::set<int64_t> tops, lefts;
  for (int k = 0; k < 300; ++k) {
    const auto [top, left, h, w] = RandomCrop::get_params(10, 12, {4, 5}, g);
    EXPECT_EQ(h, 4);
    EXPECT_EQ(w, 5);
    tops.insert(top);
    lefts.insert(left);
  }
  EXPECT_EQ(tops, (std::set<int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(*lefts.begin(), 0);
  EXPECT_EQ(*lefts.rbegin(), 7);
  EXPECT_EQ(lefts.size(), 8u);
  // Equal sizes: the whole image, no draw.
  Generator same_size(2);
  EXPECT_EQ(RandomCrop::get_params(4, 5, {4, 5}, same_size), (std::array<int64_t, 4>{0, 0, 4, 5}));
  EXPECT_EQ(same_size.offset(), 0u);
  expect_error_names([&] { RandomCrop::get_params(3, 5, {4, 5}, g); }, "vision::RandomCrop");

  // The transform crops the padded image at the drawn position.
  const Tensor img = test_image();
  RandomCrop crop({8}, RandomCropOptions().padding({2}).fill(7));
  Generator a(5);
  Generator params = a.clone();
  const Tensor out = crop.forward(img, a);
  const auto [top, left, h, w] = RandomCrop::get_params(14, 16, {8, 8}, params);
  EXPECT_TRUE(same(out, F::crop(F::pad(img, {2}, 7), top, left, h, w)));
  // pad_if_needed pads both sides of a short side (as torchvision) so any crop fits.
  RandomCrop big({12, 20},
                 RandomCropOptions().pad_if_needed(true).padding_mode(PaddingMode::kEdge));
  Generator b(6);
  EXPECT_EQ(big.forward(img, b).sizes(), (std::vector<int64_t>{3, 12, 20}));
  RandomCrop too_big({12, 20});
  expect_error_names([&] { too_big.forward(img, b); }, "vision::RandomCrop");
}

TEST(VisionTransforms, RandomResizedCropParamsRespectScaleAndRatio) {
  Generator g(2);
  for (int k = 0; k < 300; ++k) {
    const auto [top, left, h, w] = RandomResizedCrop::get_params(40, 50, {0.2, 0.6}, {0.5, 2.0}, g);
    ASSERT_GT(h, 0);
    ASSERT_GT(w, 0);
    ASSERT_LE(top + h, 40);
    ASSERT_LE(left + w, 50);
    const double area = static_cast<double>(h * w) / (40.0 * 50.0);
    // w and h are rounded, so area and ratio hold up to that rounding.
    EXPECT_GT(area, 0.2 * 0.8);
    EXPECT_LT(area, 0.6 * 1.2);
    const double ratio = static_cast<double>(w) / static_cast<double>(h);
    EXPECT_GT(ratio, 0.5 * 0.8);
    EXPECT_LT(ratio, 2.0 * 1.2);
  }
  // An impossible scale exhausts the 10 attempts: the central crop, ratio clamped into range.
  EXPECT_EQ(RandomResizedCrop::get_params(10, 40, {5.0, 6.0}, {0.75, 1.5}, g),
            (std::array<int64_t, 4>{0, 12, 10, 15}));  // (40 - 15) // 2
  EXPECT_EQ(RandomResizedCrop::get_params(40, 10, {5.0, 6.0}, {0.75, 1.5}, g),
            (std::array<int64_t, 4>{13, 0, 13, 10}));
  EXPECT_EQ(RandomResizedCrop::get_params(10, 10, {5.0, 6.0}, {0.75, 1.5}, g),
            (std::array<int64_t, 4>{0, 0, 10, 10}));
  RandomResizedCrop rrc({6, 5});
  Generator h(3);
  EXPECT_EQ(rrc.forward(test_image(), h).sizes(), (std::vector<int64_t>{3, 6, 5}));
  expect_error_names([] { RandomResizedCrop({4}, {0.5, 0.2}); }, "vision::RandomResizedCrop");
}

TEST(VisionTransforms, FlipsFollowTheirProbability) {
  const Tensor img = test_image();
  Generator g(4);
  int flipped = 0;
  RandomHorizontalFlip half;
  for (int k = 0; k < 400; ++k) {
    const Tensor out = half.forward(img, g);
    if (same(out, F::hflip(img))) {
      ++flipped;
    } else {
      EXPECT_TRUE(same(out, img));
    }
  }
  EXPECT_GT(flipped, 150);
  EXPECT_LT(flipped, 250);
  RandomVerticalFlip always(1.0), never(0.0);
  EXPECT_TRUE(same(always.forward(img, g), F::vflip(img)));
  EXPECT_TRUE(same(never.forward(img, g), img));
}

TEST(VisionTransforms, ColorJitterDrawsAnOrderAndFactorsInRange) {
  ColorJitter jitter(0.5, JitterRange(0.2, 0.9), 0.0, 0.1);
  Generator g(5);
  std::set<std::array<int64_t, 4>> orders;
  for (int k = 0; k < 200; ++k) {
    const auto p = jitter.get_params(g);
    auto sorted = p.order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::array<int64_t, 4>{0, 1, 2, 3}));
    orders.insert(p.order);
    ASSERT_TRUE(p.factors[0] && p.factors[1] && !p.factors[2] && p.factors[3]);
    EXPECT_GE(*p.factors[0], 0.5);
    EXPECT_LE(*p.factors[0], 1.5);
    EXPECT_GE(*p.factors[1], 0.2);
    EXPECT_LE(*p.factors[1], 0.9);
    EXPECT_GE(*p.factors[3], -0.1);
    EXPECT_LE(*p.factors[3], 0.1);
  }
  EXPECT_GT(orders.size(), 20u);  // of the 24 orders
  // The transform applies the drawn adjustments in the drawn order.
  const Tensor img = test_image();
  Generator a(6);
  Generator b = a.clone();
  const auto p = jitter.get_params(b);
  Tensor expected = img;
  for (const int64_t k : p.order) {
    if (k == 0) expected = F::adjust_brightness(expected, *p.factors[0]);
    if (k == 1) expected = F::adjust_contrast(expected, *p.factors[1]);
    if (k == 3) expected = F::adjust_hue(expected, *p.factors[3]);
  }
  EXPECT_TRUE(same(jitter.forward(img, a), expected));
  expect_error_names([] { ColorJitter(-0.1); }, "ColorJitter");
  expect_error_names([] { ColorJitter(0, 0, 0, 0.6); }, "ColorJitter");
  expect_error_names([] { ColorJitter(JitterRange(1.5, 0.5)); }, "ColorJitter");
}

TEST(VisionTransforms, RandomRotationDrawsAnAngleInRange) {
  RandomRotation rotation(JitterRange(-10, 30), Interpolation::kBilinear, {1.0});
  Generator g(7);
  for (int k = 0; k < 100; ++k) {
    const double angle = rotation.get_params(g);
    EXPECT_GE(angle, -10);
    EXPECT_LE(angle, 30);
  }
  const Tensor img = test_image().to(kFloat32).div(255);
  Generator a(8);
  Generator b = a.clone();
  EXPECT_TRUE(same(rotation.forward(img, a),
                   F::rotate(img, rotation.get_params(b), Interpolation::kBilinear, {1.0})));
  expect_error_names([] { RandomRotation(-5); }, "vision::RandomRotation");
}

TEST(VisionTransforms, ComposeSharesOneStreamAndIsDeterministic) {
  Compose augment(RandomCrop({6}, RandomCropOptions().padding({1})), RandomHorizontalFlip(),
                  ColorJitter(0.3, 0.3, 0.3, 0.05), RandomRotation(15), ToTensor(),
                  Normalize({0.5, 0.5, 0.5}, {0.25, 0.25, 0.25}));
  const Tensor img = test_image();
  Generator a(9), b(9), c(10);
  const Tensor x = augment.forward(img, a);
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{3, 6, 6}));
  EXPECT_EQ(x.scalar_type(), kFloat32);
  EXPECT_TRUE(same(x, augment.forward(img, b)));
  EXPECT_FALSE(same(x, augment.forward(img, c)));
  // Two random crops in one Compose draw different positions from the shared stream.
  Compose two(RandomCrop({3}), RandomCrop({3}));
  Generator d(11);
  Generator e = d.clone();
  const auto first = RandomCrop::get_params(10, 12, {3, 3}, e);
  const auto second = RandomCrop::get_params(3, 3, {3, 3}, e);
  EXPECT_TRUE(same(two.forward(img, d),
                   F::crop(F::crop(img, first[0], first[1], 3, 3), second[0], second[1], 3, 3)));
}

// Sample i is a 3x8x8 uint8 image that depends on i; the target is i.
struct Images : datasets::Dataset<Images> {
  explicit Images(size_t count) : n(count) {}
  Example<> get(size_t index) override {
    return {test_image(8, 8, 100 + index), scalar_tensor(static_cast<int64_t>(index), kInt64)};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};

Compose augmentation() {
  return Compose(RandomCrop({5}, RandomCropOptions().padding({1})), RandomHorizontalFlip(),
                 ColorJitter(0.4, 0.4, 0.4, 0.1), RandomRotation(20), ToTensor());
}

// Every sample's augmented data by target, for each of `epochs` epochs.
template <class Loader>
std::vector<std::map<int64_t, Tensor>> by_sample(Loader& loader, int epochs) {
  std::vector<std::map<int64_t, Tensor>> out;
  for (int e = 0; e < epochs; ++e) {
    std::map<int64_t, Tensor> m;
    for (auto& batch : loader) {
      for (int64_t k = 0; k < batch.target.size(0); ++k) {
        m[batch.target[k].template item<int64_t>()] = batch.data[k];
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

bool same_epochs(const std::vector<std::map<int64_t, Tensor>>& a,
                 const std::vector<std::map<int64_t, Tensor>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t e = 0; e < a.size(); ++e) {
    if (a[e].size() != b[e].size()) return false;
    for (const auto& [i, t] : a[e]) {
      if (!b[e].count(i) || !same(t, b[e].at(i))) return false;
    }
  }
  return true;
}

TEST(VisionTransformsThread, SameAugmentationWhateverTheWorkersAndBatches) {
  auto ds = Images(13).map(augmentation()).map(transforms::Stack<>());
  auto reference = make_data_loader(ds, samplers::RandomSampler(13, Generator(1)),
                                    DataLoaderOptions(4).seed(42));
  const auto expected = by_sample(*reference, 2);
  ASSERT_EQ(expected[0].size(), 13u);
  // The same sample is augmented differently in another epoch.
  EXPECT_FALSE(same(expected[0].at(3), expected[1].at(3)));
  for (size_t workers : {1, 3}) {
    for (size_t batch : {1, 5}) {
      auto loader = make_data_loader(ds, samplers::RandomSampler(13, Generator(2)),
                                     DataLoaderOptions(batch).workers(workers).seed(42));
      EXPECT_TRUE(same_epochs(by_sample(*loader, 2), expected))
          << workers << " workers, batch " << batch;
    }
  }
  // Another seed, other augmentations.
  auto other = make_data_loader(ds, DataLoaderOptions(4).seed(43));
  EXPECT_FALSE(same_epochs(by_sample(*other, 2), expected));
  // The per-sample seed is the documented mix of (seed, epoch, index).
  Generator g(sample_seed(42, 1, 3));
  auto plain = augmentation();
  EXPECT_TRUE(same(plain.forward(Images(13).get(3).data, g), expected[0].at(3)));
}

TEST(VisionTransformsThread, ResumedShuffledLoaderRepeatsOrderAndAugmentations) {
  auto ds = Images(10).map(augmentation()).map(transforms::Stack<>());
  auto a = make_data_loader(ds, DataLoaderOptions(3).workers(2).seed(7));
  for (auto& batch : *a) (void)batch;
  std::vector<Tensor> rest;
  std::vector<Tensor> rest_targets;
  std::string saved;
  size_t seen = 0;
  for (auto& batch : *a) {
    if (++seen == 2) {
      std::ostringstream out;
      a->state().save(out);
      saved = out.str();
    } else if (seen > 2) {
      rest.push_back(batch.data);
      rest_targets.push_back(batch.target);
    }
  }
  // A loader built with another seed and worker count resumes with the saved seed.
  auto b = make_data_loader(ds, DataLoaderOptions(3).workers(0).seed(999));
  std::istringstream in(saved);
  b->load_state(DataLoaderState::load(in));
  size_t k = 0;
  for (auto& batch : *b) {
    ASSERT_LT(k, rest.size());
    EXPECT_TRUE(same(batch.target, rest_targets[k]));
    EXPECT_TRUE(same(batch.data, rest[k]));
    ++k;
  }
  EXPECT_EQ(k, rest.size());
}

TEST(VisionTransforms, OutsideALoaderTheGlobalGeneratorIsUsed) {
  auto flip = RandomHorizontalFlip();
  const Tensor img = test_image();
  manual_seed(3);
  const Tensor a = augmentation()(img);
  manual_seed(3);
  EXPECT_TRUE(same(augmentation()(img), a));
  EXPECT_EQ(&sample_generator(), &Generator::default_cpu());
  (void)flip;
}

}  // namespace
}  // namespace ember::data::vision
