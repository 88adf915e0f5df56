// torchvision's color adjustments (adjust_brightness/contrast/saturation/hue, rgb_to_grayscale)
// per pixel, in the order and precision of its tensor expressions (see vision_functional.cpp).
#include <cmath>
#include <vector>

#include "data/vision_util.h"
#include "ember/data/vision/functional.h"
#include "ember/ops/creation.h"

namespace ember::data::vision::functional {
namespace {
using namespace detail;  // NOLINT(google-build-using-namespace)

void check_color_image(const Tensor& image, const char* op) {
  check_image(image, op);
  EMBER_CHECK(image.size(0) == 1 || image.size(0) == 3, op,
              "expected an image with 1 or 3 channels, got ", image.size(0));
}

template <class W>
W luma(W r, W g, W b) {
  return W(0.2989) * r + W(0.587) * g + W(0.114) * b;
}

// `(ratio * image + (1 - ratio) * other(i)).clamp(0, bound)` stored in the image's dtype
// (truncating for uint8), as torchvision's _blend. `other(plane, i)` is the second image's value.
template <class OtherFn>
Tensor blend(const Tensor& image, double ratio, const OtherFn& other) {
  const Tensor src = image.contiguous();
  Tensor out = empty(src.sizes(), TensorOptions().dtype(src.scalar_type()));
  const int64_t c = src.size(0), plane = src.size(1) * src.size(2);
  visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    using W = Work<T>;
    const W bound = std::is_same_v<T, uint8_t> ? W(255) : W(1);
    const auto r1 = static_cast<W>(ratio), r2 = static_cast<W>(1.0 - ratio);
    const T* in = src.data_ptr<T>();
    T* o = out.data_ptr<T>();
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t i = 0; i < plane; ++i) {
        const W v = r1 * static_cast<W>(in[ch * plane + i]) + r2 * other(W{}, i);
        o[ch * plane + i] = store<T>(std::clamp(v, W(0), bound), /*round=*/false);
      }
    }
    return 0;
  });
  return out;
}

// The luma of every pixel in the image's dtype (truncated for uint8), as float values.
template <class W, class T>
std::vector<W> gray_plane(const T* in, int64_t plane) {
  std::vector<W> gray(static_cast<size_t>(plane));
  for (int64_t i = 0; i < plane; ++i) {
    const W v = luma(static_cast<W>(in[i]), static_cast<W>(in[plane + i]),
                     static_cast<W>(in[2 * plane + i]));
    gray[i] = static_cast<W>(store<T>(v, /*round=*/false));
  }
  return gray;
}

}  // namespace

Tensor rgb_to_grayscale(const Tensor& image, int64_t num_output_channels) {
  const char* op = "vision::rgb_to_grayscale";
  check_image(image, op);
  EMBER_CHECK(image.size(0) == 3, op, "expected a 3-channel image, got ", image.size(0));
  EMBER_CHECK(num_output_channels == 1 || num_output_channels == 3, op,
              "expected num_output_channels 1 or 3, got ", num_output_channels);
  const Tensor src = image.contiguous();
  const int64_t h = src.size(1), w = src.size(2);
  Tensor out = empty({1, h, w}, TensorOptions().dtype(src.scalar_type()));
  visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    const auto gray = gray_plane<Work<T>>(src.data_ptr<T>(), h * w);
    T* o = out.data_ptr<T>();
    for (int64_t i = 0; i < h * w; ++i) o[i] = static_cast<T>(gray[i]);
    return 0;
  });
  return num_output_channels == 3 ? out.expand({3, h, w}).contiguous() : out;
}

Tensor adjust_brightness(const Tensor& image, double brightness_factor) {
  const char* op = "vision::adjust_brightness";
  check_color_image(image, op);
  EMBER_CHECK(brightness_factor >= 0, op, "expected brightness_factor >= 0, got ",
              brightness_factor);
  return blend(image, brightness_factor, [](auto zero, int64_t) { return decltype(zero)(0); });
}

Tensor adjust_contrast(const Tensor& image, double contrast_factor) {
  const char* op = "vision::adjust_contrast";
  check_color_image(image, op);
  EMBER_CHECK(contrast_factor >= 0, op, "expected contrast_factor >= 0, got ", contrast_factor);
  const Tensor src = image.contiguous();
  const int64_t plane = src.size(1) * src.size(2);
  // The mean of the (truncated, for uint8) luma, or of the single channel.
  const double mean = visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    using W = Work<T>;
    const T* in = src.data_ptr<T>();
    double sum = 0;
    if (src.size(0) == 3) {
      for (const W g : gray_plane<W>(in, plane)) sum += static_cast<double>(g);
    } else {
      for (int64_t i = 0; i < plane; ++i) sum += static_cast<double>(in[i]);
    }
    return static_cast<double>(static_cast<W>(sum / static_cast<double>(plane)));
  });
  return blend(image, contrast_factor,
               [mean](auto zero, int64_t) { return static_cast<decltype(zero)>(mean); });
}

Tensor adjust_saturation(const Tensor& image, double saturation_factor) {
  const char* op = "vision::adjust_saturation";
  check_color_image(image, op);
  EMBER_CHECK(saturation_factor >= 0, op, "expected saturation_factor >= 0, got ",
              saturation_factor);
  if (image.size(0) == 1) return image.clone();
  const Tensor gray =
      rgb_to_grayscale(image).to(image.scalar_type() == kFloat64 ? kFloat64 : kFloat32);
  return visit_image(gray.scalar_type(), [&](auto tag) {
    using W = decltype(tag);
    if constexpr (std::is_same_v<W, uint8_t>) {
      return Tensor();  // unreachable: gray is floating
    } else {
      const W* g = gray.data_ptr<W>();
      return blend(image, saturation_factor,
                   [g](auto zero, int64_t i) { return static_cast<decltype(zero)>(g[i]); });
    }
  });
}

Tensor adjust_hue(const Tensor& image, double hue_factor) {
  const char* op = "vision::adjust_hue";
  check_color_image(image, op);
  EMBER_CHECK(hue_factor >= -0.5 && hue_factor <= 0.5, op,
              "expected hue_factor in [-0.5, 0.5], got ", hue_factor);
  if (image.size(0) == 1) return image.clone();
  const Tensor src = image.contiguous();
  Tensor out = empty(src.sizes(), TensorOptions().dtype(src.scalar_type()));
  const int64_t plane = src.size(1) * src.size(2);
  visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    using W = Work<T>;
    constexpr bool kByte = std::is_same_v<T, uint8_t>;
    const T* in = src.data_ptr<T>();
    T* o = out.data_ptr<T>();
    const auto hf = static_cast<W>(hue_factor);
    for (int64_t i = 0; i < plane; ++i) {
      W r = static_cast<W>(in[i]), g = static_cast<W>(in[plane + i]),
        b = static_cast<W>(in[2 * plane + i]);
      if constexpr (kByte) {
        r = r / W(255);
        g = g / W(255);
        b = b / W(255);
      }
      // _rgb2hsv
      const W maxc = std::max(std::max(r, g), b), minc = std::min(std::min(r, g), b);
      const bool eqc = maxc == minc;
      const W cr = maxc - minc;
      const W s = cr / (eqc ? W(1) : maxc);
      const W crd = eqc ? W(1) : cr;
      const W rc = (maxc - r) / crd, gc = (maxc - g) / crd, bc = (maxc - b) / crd;
      const W hr = maxc == r ? bc - gc : W(0);
      const W hg = (maxc == g && maxc != r) ? W(2) + rc - bc : W(0);
      const W hb = (maxc != g && maxc != r) ? W(4) + gc - rc : W(0);
      W h = hr + hg + hb;
      h = std::fmod(h / W(6) + W(1), W(1));
      const W v = maxc;
      // (h + hue_factor) % 1.0, Python's remainder.
      h = h + hf;
      h = h - std::floor(h);
      // _hsv2rgb
      const W i6 = std::floor(h * W(6));
      const W f = h * W(6) - i6;
      const W p = std::clamp(v * (W(1) - s), W(0), W(1));
      const W q = std::clamp(v * (W(1) - s * f), W(0), W(1));
      const W t = std::clamp(v * (W(1) - s * (W(1) - f)), W(0), W(1));
      const int sector = ((static_cast<int>(i6) % 6) + 6) % 6;
      const W rgb[6][3] = {{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}};
      for (int ch = 0; ch < 3; ++ch) {
        W value = rgb[sector][ch];
        if constexpr (kByte) value = value * W(255);
        o[ch * plane + i] = store<T>(value, /*round=*/false);
      }
    }
    return 0;
  });
  return out;
}

}  // namespace ember::data::vision::functional
