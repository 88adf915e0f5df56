// torchvision-style transform classes (ember/data/vision/transforms.h); the parameter sampling
// follows torchvision 0.14's get_params, drawing from the sample's generator.
#include "ember/data/vision/transforms.h"

#include <cmath>
#include <limits>

#include "ember/data/sample_random.h"
#include "ember/error.h"
#include "ember/ops/random.h"

namespace ember::data::vision {
namespace F = functional;
namespace {

double uniform(Generator& generator, double lo, double hi) {
  const double u = rand({}, generator, TensorOptions().dtype(kFloat64)).item<double>();
  return lo + u * (hi - lo);
}

int64_t randint_below(Generator& generator, int64_t high) {
  return randint(0, high, {}, generator).item<int64_t>();
}

int64_t round_half_even(double v) {
  return static_cast<int64_t>(std::nearbyint(v));
}

std::array<int64_t, 2> square_or_pair(const std::vector<int64_t>& size, const char* op) {
  EMBER_CHECK(size.size() == 1 || size.size() == 2, op, "expected 1 or 2 sizes, got ", size.size());
  const std::array<int64_t, 2> hw = {size[0], size.size() == 2 ? size[1] : size[0]};
  EMBER_CHECK(hw[0] >= 1 && hw[1] >= 1, op, "expected sizes >= 1, got (", hw[0], ", ", hw[1], ")");
  return hw;
}

// torchvision's ColorJitter._check_input: a single value v gives (center - v, center + v)
// (clipped at 0 when `clip`), a range must lie within `bound`; (center, center) disables.
std::optional<std::array<double, 2>> jitter_range(const JitterRange& r, const char* name,
                                                  double center, std::array<double, 2> bound,
                                                  bool clip) {
  std::array<double, 2> range{};
  if (r.value) {
    EMBER_CHECK(*r.value >= 0, "ColorJitter", "expected a non-negative ", name, ", got ", *r.value);
    range = {center - *r.value, center + *r.value};
    if (clip) range[0] = std::max(range[0], 0.0);
  } else {
    range = *r.range;
  }
  EMBER_CHECK(bound[0] <= range[0] && range[0] <= range[1] && range[1] <= bound[1], "ColorJitter",
              "expected ", name, " values within [", bound[0], ", ", bound[1],
              "] with min <= max, got (", range[0], ", ", range[1], ")");
  if (range[0] == center && range[1] == center) return std::nullopt;
  return range;
}

}  // namespace

Tensor RandomImageTransform::operator()(Tensor image) {
  return forward(std::move(image), sample_generator());
}

Tensor Compose::forward(Tensor image, Generator& generator) {
  for (const auto& t : transforms_) {
    if (auto* random = dynamic_cast<RandomImageTransform*>(t.get())) {
      image = random->forward(std::move(image), generator);
    } else {
      image = (*t)(std::move(image));
    }
  }
  return image;
}

Tensor ToTensor::operator()(Tensor image) {
  return F::to_tensor(image, hwc_);
}

Normalize::Normalize(std::vector<double> mean, std::vector<double> std)
    : mean_(std::move(mean)), std_(std::move(std)) {
  EMBER_CHECK(!mean_.empty() && !std_.empty(), "vision::Normalize",
              "expected mean and std values, got ", mean_.size(), " and ", std_.size());
}

Tensor Normalize::operator()(Tensor image) {
  return F::normalize(image, mean_, std_);
}

Resize::Resize(std::vector<int64_t> size, Interpolation interpolation)
    : size_(std::move(size)), interpolation_(interpolation) {
  EMBER_CHECK(size_.size() == 1 || size_.size() == 2, "vision::Resize",
              "expected 1 or 2 sizes, got ", size_.size());
}

Tensor Resize::operator()(Tensor image) {
  return F::resize(image, size_, interpolation_);
}

CenterCrop::CenterCrop(std::vector<int64_t> size) : size_(std::move(size)) {
  square_or_pair(size_, "vision::CenterCrop");
}

Tensor CenterCrop::operator()(Tensor image) {
  return F::center_crop(image, size_);
}

RandomCrop::RandomCrop(std::vector<int64_t> size, RandomCropOptions options)
    : size_(square_or_pair(size, "vision::RandomCrop")), options_(std::move(options)) {}

std::array<int64_t, 4> RandomCrop::get_params(int64_t height, int64_t width,
                                              std::array<int64_t, 2> size, Generator& generator) {
  const auto [th, tw] = size;
  EMBER_CHECK(height >= th && width >= tw, "vision::RandomCrop", "expected an image of at least ",
              th, "x", tw, " (the crop size), got ", height, "x", width);
  if (height == th && width == tw) return {0, 0, height, width};
  const int64_t top = randint_below(generator, height - th + 1);
  const int64_t left = randint_below(generator, width - tw + 1);
  return {top, left, th, tw};
}

Tensor RandomCrop::forward(Tensor image, Generator& generator) {
  if (!options_.padding().empty()) {
    image = F::pad(image, options_.padding(), options_.fill(), options_.padding_mode());
  }
  EMBER_CHECK(image.dim() == 3, "vision::RandomCrop", "expected a (C, H, W) image, got ",
              image.dim(), "-d");
  if (options_.pad_if_needed() && image.size(2) < size_[1]) {
    const std::vector<int64_t> p = {size_[1] - image.size(2), 0};
    image = F::pad(image, p, options_.fill(), options_.padding_mode());
  }
  if (options_.pad_if_needed() && image.size(1) < size_[0]) {
    const std::vector<int64_t> p = {0, size_[0] - image.size(1)};
    image = F::pad(image, p, options_.fill(), options_.padding_mode());
  }
  const auto [top, left, h, w] = get_params(image.size(1), image.size(2), size_, generator);
  return F::crop(image, top, left, h, w);
}

RandomResizedCrop::RandomResizedCrop(std::vector<int64_t> size, std::array<double, 2> scale,
                                     std::array<double, 2> ratio, Interpolation interpolation)
    : size_(square_or_pair(size, "vision::RandomResizedCrop")),
      scale_(scale),
      ratio_(ratio),
      interpolation_(interpolation) {
  EMBER_CHECK(scale[0] >= 0 && scale[0] <= scale[1] && ratio[0] > 0 && ratio[0] <= ratio[1],
              "vision::RandomResizedCrop",
              "expected 0 <= scale min <= max and 0 < ratio min <= max, got scale (", scale[0],
              ", ", scale[1], ") and ratio (", ratio[0], ", ", ratio[1], ")");
}

std::array<int64_t, 4> RandomResizedCrop::get_params(int64_t height, int64_t width,
                                                     std::array<double, 2> scale,
                                                     std::array<double, 2> ratio,
                                                     Generator& generator) {
  const auto area = static_cast<double>(height * width);
  const double log_lo = std::log(ratio[0]), log_hi = std::log(ratio[1]);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target_area = area * uniform(generator, scale[0], scale[1]);
    const double aspect = std::exp(uniform(generator, log_lo, log_hi));
    const int64_t w = round_half_even(std::sqrt(target_area * aspect));
    const int64_t h = round_half_even(std::sqrt(target_area / aspect));
    if (0 < w && w <= width && 0 < h && h <= height) {
      const int64_t top = randint_below(generator, height - h + 1);
      const int64_t left = randint_below(generator, width - w + 1);
      return {top, left, h, w};
    }
  }
  // Fallback: the central crop with the ratio clamped into `ratio`.
  const double in_ratio = static_cast<double>(width) / static_cast<double>(height);
  int64_t w = width, h = height;
  if (in_ratio < ratio[0]) {
    h = round_half_even(static_cast<double>(w) / ratio[0]);
  } else if (in_ratio > ratio[1]) {
    w = round_half_even(static_cast<double>(h) * ratio[1]);
  }
  return {(height - h) / 2, (width - w) / 2, h, w};
}

Tensor RandomResizedCrop::forward(Tensor image, Generator& generator) {
  EMBER_CHECK(image.dim() == 3, "vision::RandomResizedCrop", "expected a (C, H, W) image, got ",
              image.dim(), "-d");
  const auto [top, left, h, w] =
      get_params(image.size(1), image.size(2), scale_, ratio_, generator);
  return F::resize(F::crop(image, top, left, h, w), {size_[0], size_[1]}, interpolation_);
}

RandomHorizontalFlip::RandomHorizontalFlip(double p) : p_(p) {}

Tensor RandomHorizontalFlip::forward(Tensor image, Generator& generator) {
  return uniform(generator, 0, 1) < p_ ? F::hflip(image) : image;
}

RandomVerticalFlip::RandomVerticalFlip(double p) : p_(p) {}

Tensor RandomVerticalFlip::forward(Tensor image, Generator& generator) {
  return uniform(generator, 0, 1) < p_ ? F::vflip(image) : image;
}

ColorJitter::ColorJitter(JitterRange brightness, JitterRange contrast, JitterRange saturation,
                         JitterRange hue) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  ranges_[0] = jitter_range(brightness, "brightness", 1, {0, kInf}, true);
  ranges_[1] = jitter_range(contrast, "contrast", 1, {0, kInf}, true);
  ranges_[2] = jitter_range(saturation, "saturation", 1, {0, kInf}, true);
  ranges_[3] = jitter_range(hue, "hue", 0, {-0.5, 0.5}, false);
}

ColorJitter::Params ColorJitter::get_params(Generator& generator) const {
  Params params{};
  const Tensor order = randperm(4, generator);
  for (int64_t k = 0; k < 4; ++k) params.order[k] = order[k].item<int64_t>();
  for (size_t k = 0; k < 4; ++k) {
    if (ranges_[k]) params.factors[k] = uniform(generator, (*ranges_[k])[0], (*ranges_[k])[1]);
  }
  return params;
}

Tensor ColorJitter::forward(Tensor image, Generator& generator) {
  const Params params = get_params(generator);
  for (const int64_t k : params.order) {
    const auto& factor = params.factors[k];
    if (!factor) continue;
    switch (k) {
      case 0:
        image = F::adjust_brightness(image, *factor);
        break;
      case 1:
        image = F::adjust_contrast(image, *factor);
        break;
      case 2:
        image = F::adjust_saturation(image, *factor);
        break;
      default:
        image = F::adjust_hue(image, *factor);
        break;
    }
  }
  return image;
}

RandomRotation::RandomRotation(JitterRange degrees, Interpolation interpolation,
                               std::vector<double> fill)
    : interpolation_(interpolation), fill_(std::move(fill)) {
  if (degrees.value) {
    EMBER_CHECK(*degrees.value >= 0, "vision::RandomRotation",
                "expected a non-negative single degrees value, got ", *degrees.value);
    degrees_ = {-*degrees.value, *degrees.value};
  } else {
    degrees_ = *degrees.range;
  }
  EMBER_CHECK(degrees_[0] <= degrees_[1], "vision::RandomRotation",
              "expected degrees min <= max, got (", degrees_[0], ", ", degrees_[1], ")");
  EMBER_CHECK(!fill_.empty(), "vision::RandomRotation", "expected at least one fill value");
}

double RandomRotation::get_params(Generator& generator) const {
  return uniform(generator, degrees_[0], degrees_[1]);
}

Tensor RandomRotation::forward(Tensor image, Generator& generator) {
  const double angle = get_params(generator);
  return F::rotate(image, angle, interpolation_, fill_);
}

}  // namespace ember::data::vision
