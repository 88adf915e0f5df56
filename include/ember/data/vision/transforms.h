#pragma once
/// torchvision-style transforms of (C, H, W) image tensors, composable with `Compose` and usable
/// as `MapDataset` transforms: `dataset.map(vision::Compose(vision::RandomResizedCrop({224}),
/// vision::RandomHorizontalFlip(), vision::ToTensor(), vision::Normalize(mean, std)))`.
/// Each is a `transforms::TensorTransform<>` (the data of an `Example<>` is transformed, the
/// target kept). Random transforms draw from the sample's stream (Note [Per-sample
/// randomness] in ember/data/sample_random.h): the same sample in the same epoch gets the same
/// parameters whatever the number of workers; `forward(image, generator)` draws from an explicit
/// generator instead. The math is torchvision 0.14's (see ember/data/vision/functional.h).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/arg.h"
#include "ember/data/transforms/tensor.h"
#include "ember/data/vision/functional.h"
#include "ember/generator.h"

namespace ember::data::vision {

/// A transform of one image tensor.
class ImageTransform : public transforms::TensorTransform<Tensor> {
 public:
  Tensor operator()(Tensor image) override = 0;
};

/// A transform with random parameters: `operator()` draws them from `sample_generator()`.
class RandomImageTransform : public ImageTransform {
 public:
  Tensor operator()(Tensor image) override;
  /// The transform with parameters drawn from `generator`.
  virtual Tensor forward(Tensor image, Generator& generator) = 0;
};

/// Applies the transforms in order; random ones share the sample's stream in that order.
class Compose : public RandomImageTransform {
 public:
  template <class... Ts>
  requires(std::is_base_of_v<ImageTransform, std::decay_t<Ts>>&&...) explicit Compose(Ts&&... ts) {
    (transforms_.push_back(std::make_shared<std::decay_t<Ts>>(std::forward<Ts>(ts))), ...);
  }
  explicit Compose(std::vector<std::shared_ptr<ImageTransform>> transforms)
      : transforms_(std::move(transforms)) {}

  Tensor forward(Tensor image, Generator& generator) override;

  const std::vector<std::shared_ptr<ImageTransform>>& transforms() const { return transforms_; }

 private:
  std::vector<std::shared_ptr<ImageTransform>> transforms_;
};

/// uint8 images to float32 in [0, 1]; `hwc`: the input is (H, W, C) (see functional::to_tensor).
class ToTensor : public ImageTransform {
 public:
  explicit ToTensor(bool hwc = false) : hwc_(hwc) {}
  Tensor operator()(Tensor image) override;

 private:
  bool hwc_;
};

/// `(image - mean) / std` per channel of a floating image (torchvision's Normalize).
class Normalize : public ImageTransform {
 public:
  Normalize(std::vector<double> mean, std::vector<double> std);
  Tensor operator()(Tensor image) override;

 private:
  std::vector<double> mean_, std_;
};

/// Resize to `size` (one value: the shorter side; two: (h, w)), antialias off.
class Resize : public ImageTransform {
 public:
  explicit Resize(std::vector<int64_t> size,
                  Interpolation interpolation = Interpolation::kBilinear);
  Tensor operator()(Tensor image) override;

 private:
  std::vector<int64_t> size_;
  Interpolation interpolation_;
};

/// The centered crop of `size` (one value: square), zero-padded when the image is smaller.
class CenterCrop : public ImageTransform {
 public:
  explicit CenterCrop(std::vector<int64_t> size);
  Tensor operator()(Tensor image) override;

 private:
  std::vector<int64_t> size_;
};

/// Options of `RandomCrop`, as torchvision's arguments.
struct RandomCropOptions {
  /// Padding applied first (1, 2 or 4 values as `functional::pad`); none by default.
  EMBER_ARG(std::vector<int64_t>, padding);
  /// Pads (both sides, as torchvision) a side smaller than the crop up to it.
  EMBER_ARG(bool, pad_if_needed) = false;
  EMBER_ARG(double, fill) = 0;
  EMBER_ARG(PaddingMode, padding_mode) = PaddingMode::kConstant;
};

/// A crop of `size` at a uniformly drawn position (torchvision's RandomCrop).
class RandomCrop : public RandomImageTransform {
 public:
  explicit RandomCrop(std::vector<int64_t> size, RandomCropOptions options = {});
  Tensor forward(Tensor image, Generator& generator) override;

  /// (top, left, h, w): top = randint(0, height - h + 1), left = randint(0, width - w + 1).
  /// Raises when the image is smaller than the crop.
  static std::array<int64_t, 4> get_params(int64_t height, int64_t width,
                                           std::array<int64_t, 2> size, Generator& generator);

 private:
  std::array<int64_t, 2> size_;
  RandomCropOptions options_;
};

/// A crop of random area fraction in `scale` and aspect ratio in `ratio` (log-uniform),
/// resized to `size` (torchvision's RandomResizedCrop: 10 attempts, then a central crop with
/// the ratio clamped into `ratio`).
class RandomResizedCrop : public RandomImageTransform {
 public:
  explicit RandomResizedCrop(std::vector<int64_t> size, std::array<double, 2> scale = {0.08, 1.0},
                             std::array<double, 2> ratio = {3.0 / 4.0, 4.0 / 3.0},
                             Interpolation interpolation = Interpolation::kBilinear);
  Tensor forward(Tensor image, Generator& generator) override;

  /// (top, left, h, w) of the crop.
  static std::array<int64_t, 4> get_params(int64_t height, int64_t width,
                                           std::array<double, 2> scale, std::array<double, 2> ratio,
                                           Generator& generator);

 private:
  std::array<int64_t, 2> size_;
  std::array<double, 2> scale_, ratio_;
  Interpolation interpolation_;
};

/// Flips left-right with probability `p` (drawn as rand() < p).
class RandomHorizontalFlip : public RandomImageTransform {
 public:
  explicit RandomHorizontalFlip(double p = 0.5);
  Tensor forward(Tensor image, Generator& generator) override;

 private:
  double p_;
};

/// Flips top-bottom with probability `p`.
class RandomVerticalFlip : public RandomImageTransform {
 public:
  explicit RandomVerticalFlip(double p = 0.5);
  Tensor forward(Tensor image, Generator& generator) override;

 private:
  double p_;
};

/// A jitter amount: one value v (the range (max(0, 1 - v), 1 + v), or (-v, v) for hue and
/// degrees) or an explicit (min, max) range.
struct JitterRange {
  /*implicit*/ JitterRange(double v) : value(v) {}  // NOLINT(google-explicit-constructor)
  JitterRange(double lo, double hi) : range(std::array<double, 2>{lo, hi}) {}
  std::optional<double> value;
  std::optional<std::array<double, 2>> range;
};

/// Brightness, contrast, saturation and hue jitter in a random order (torchvision's
/// ColorJitter: a randperm(4) order, then one uniform factor per enabled adjustment).
class ColorJitter : public RandomImageTransform {
 public:
  /// Raises for a negative single value, a range with min > max or below 0, or a hue outside
  /// [-0.5, 0.5].
  explicit ColorJitter(JitterRange brightness = 0.0, JitterRange contrast = 0.0,
                       JitterRange saturation = 0.0, JitterRange hue = 0.0);
  Tensor forward(Tensor image, Generator& generator) override;

  /// The drawn order (0 brightness, 1 contrast, 2 saturation, 3 hue) and factors (nullopt for
  /// disabled adjustments).
  struct Params {
    std::array<int64_t, 4> order;
    std::array<std::optional<double>, 4> factors;
  };
  Params get_params(Generator& generator) const;

 private:
  std::array<std::optional<std::array<double, 2>>, 4> ranges_;
};

/// Rotation by an angle drawn uniformly from `degrees` (one value d: (-d, d)), about the
/// center, pixels from outside filled with `fill` (torchvision's RandomRotation, expand off).
class RandomRotation : public RandomImageTransform {
 public:
  explicit RandomRotation(JitterRange degrees,
                          Interpolation interpolation = Interpolation::kNearest,
                          std::vector<double> fill = {0.0});
  Tensor forward(Tensor image, Generator& generator) override;

  double get_params(Generator& generator) const;

 private:
  std::array<double, 2> degrees_;
  Interpolation interpolation_;
  std::vector<double> fill_;
};

}  // namespace ember::data::vision
