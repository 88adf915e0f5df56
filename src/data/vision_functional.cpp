// torchvision's functional transforms on (C, H, W) image tensors (ember/data/vision/functional.h).
// The kernels loop over contiguous copies; each color formula is written out per pixel in the
// order torchvision's tensor expressions evaluate it, in the same precision (float32 for uint8
// and float32 images, float64 for float64 ones), so results match it up to summation order.
#include "ember/data/vision/functional.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "data/vision_util.h"
#include "ember/error.h"
#include "ember/ops/creation.h"
#include "ember/ops/upsample.h"

namespace ember::data::vision::functional {
namespace {
using namespace detail;  // NOLINT(google-build-using-namespace)

// Source index of padded index i for an axis of size n.
int64_t map_index(int64_t i, int64_t n, PaddingMode mode) {
  switch (mode) {
    case PaddingMode::kConstant:
      return (i < 0 || i >= n) ? -1 : i;
    case PaddingMode::kEdge:
      return std::clamp<int64_t>(i, 0, n - 1);
    case PaddingMode::kReflect:
      if (n == 1) return 0;
      while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
      return i;
    case PaddingMode::kSymmetric:
      while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - 1 - i;
      return i;
  }
  return -1;
}

// The (oh, ow) window whose pixel (y, x) is the image's (y + top, x + left), positions outside
// the image mapped by `mode` (kConstant: `fill`). Crop and pad are both windows.
Tensor window(const Tensor& image, int64_t top, int64_t left, int64_t oh, int64_t ow,
              PaddingMode mode, double fill) {
  const Tensor src = image.contiguous();
  const int64_t c = src.size(0), h = src.size(1), w = src.size(2);
  Tensor out = empty({c, oh, ow}, TensorOptions().dtype(src.scalar_type()));
  visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    const T* in = src.data_ptr<T>();
    T* o = out.data_ptr<T>();
    const T fill_value = std::is_same_v<T, uint8_t> ? static_cast<T>(std::clamp(fill, 0.0, 255.0))
                                                    : static_cast<T>(fill);
    std::vector<int64_t> xs(static_cast<size_t>(ow));
    for (int64_t x = 0; x < ow; ++x) xs[x] = map_index(x + left, w, mode);
    for (int64_t ch = 0; ch < c; ++ch) {
      for (int64_t y = 0; y < oh; ++y) {
        const int64_t sy = map_index(y + top, h, mode);
        T* row = o + (ch * oh + y) * ow;
        for (int64_t x = 0; x < ow; ++x) {
          row[x] = (sy < 0 || xs[x] < 0) ? fill_value : in[(ch * h + sy) * w + xs[x]];
        }
      }
    }
    return 0;
  });
  return out;
}

// Samples image `in` at (ix, iy) into acc[0..c), and the weight of in-image taps (the ones
// channel torchvision appends as a mask) into acc[c].
template <class W>
void sample_pixel(const W* in, int64_t c, int64_t h, int64_t w, W ix, W iy, bool bilinear, W* acc) {
  std::fill(acc, acc + c + 1, W(0));
  auto tap = [&](int64_t y, int64_t x, W weight) {
    if (y < 0 || y >= h || x < 0 || x >= w) return;
    for (int64_t ch = 0; ch < c; ++ch) acc[ch] += weight * in[(ch * h + y) * w + x];
    acc[c] += weight;  // the ones channel
  };
  if (!bilinear) {
    tap(static_cast<int64_t>(std::nearbyint(iy)), static_cast<int64_t>(std::nearbyint(ix)), W(1));
    return;
  }
  const W x0 = std::floor(ix), y0 = std::floor(iy);
  const W x1 = x0 + 1, y1 = y0 + 1;
  const auto xi = static_cast<int64_t>(x0), yi = static_cast<int64_t>(y0);
  tap(yi, xi, (x1 - ix) * (y1 - iy));
  tap(yi, xi + 1, (ix - x0) * (y1 - iy));
  tap(yi + 1, xi, (x1 - ix) * (iy - y0));
  tap(yi + 1, xi + 1, (ix - x0) * (iy - y0));
}

}  // namespace

Tensor to_tensor(const Tensor& image, bool hwc) {
  const char* op = "vision::to_tensor";
  EMBER_CHECK(image.defined() && (image.dim() == 2 || image.dim() == 3), op,
              "expected a 2-d or 3-d image, got ", image.defined() ? image.dim() : 0, "-d");
  Tensor t = image.dim() == 2 ? image.unsqueeze(0) : (hwc ? image.permute({2, 0, 1}) : image);
  if (t.is_floating_point()) return t.contiguous();
  EMBER_CHECK(t.scalar_type() == kUInt8, op, "expected a uint8 or floating image, got ",
              t.scalar_type());
  return t.to(kFloat32).div(255.0).contiguous();
}

Tensor normalize(const Tensor& image, ArrayRef<double> mean, ArrayRef<double> std) {
  const char* op = "vision::normalize";
  check_image(image, op);
  EMBER_CHECK(image.is_floating_point(), op, "expected a floating image, got ",
              image.scalar_type());
  const auto c = static_cast<size_t>(image.size(0));
  EMBER_CHECK((mean.size() == 1 || mean.size() == c) && (std.size() == 1 || std.size() == c), op,
              "expected 1 or ", c, " mean and std values, got ", mean.size(), " and ", std.size());
  for (const double s : std) {
    EMBER_CHECK(s != 0, op, "expected std values != 0, got a zero in std");
  }
  const auto opts = TensorOptions().dtype(image.scalar_type());
  const Tensor m = tensor(std::vector<double>(mean.begin(), mean.end()), opts).view({-1, 1, 1});
  const Tensor s = tensor(std::vector<double>(std.begin(), std.end()), opts).view({-1, 1, 1});
  return image.sub(m).div(s);
}

Tensor resize(const Tensor& image, ArrayRef<int64_t> size, Interpolation interpolation) {
  const char* op = "vision::resize";
  check_image(image, op);
  EMBER_CHECK(size.size() == 1 || size.size() == 2, op, "expected 1 or 2 sizes, got ", size.size());
  for (const int64_t s : size) EMBER_CHECK(s >= 1, op, "expected sizes >= 1, got ", s);
  const int64_t h = image.size(1), w = image.size(2);
  int64_t oh = 0, ow = 0;
  if (size.size() == 1) {
    const int64_t short_side = std::min(h, w), long_side = std::max(h, w);
    EMBER_CHECK(short_side > 0, op, "expected a non-empty image, got ", image.sizes());
    const int64_t new_short = size[0];
    const auto new_long =
        static_cast<int64_t>(static_cast<double>(new_short) * static_cast<double>(long_side) /
                             static_cast<double>(short_side));
    oh = w <= h ? new_long : new_short;
    ow = w <= h ? new_short : new_long;
  } else {
    oh = size[0];
    ow = size[1];
  }
  if (oh == h && ow == w) return image;
  EMBER_CHECK(h > 0 && w > 0, op, "expected a non-empty image, got ", image.sizes());
  const bool is_byte = image.scalar_type() == kUInt8;
  const Tensor x = (is_byte ? image.to(kFloat32) : image).unsqueeze(0);
  Tensor out = interpolation == Interpolation::kBilinear
                   ? upsample_bilinear2d(x, {oh, ow}, /*align_corners=*/false)
                   : upsample_nearest2d(x, {oh, ow});
  out = out.squeeze(0);
  if (is_byte) out = out.round().clamp(0, 255).to(kUInt8);
  return out;
}

Tensor crop(const Tensor& image, int64_t top, int64_t left, int64_t height, int64_t width) {
  const char* op = "vision::crop";
  check_image(image, op);
  EMBER_CHECK(height >= 1 && width >= 1, op, "expected a crop size >= 1, got (", height, ", ",
              width, ")");
  return window(image, top, left, height, width, PaddingMode::kConstant, 0);
}

Tensor center_crop(const Tensor& image, ArrayRef<int64_t> size) {
  const char* op = "vision::center_crop";
  check_image(image, op);
  EMBER_CHECK(size.size() == 1 || size.size() == 2, op, "expected 1 or 2 sizes, got ", size.size());
  const int64_t th = size[0], tw = size.size() == 2 ? size[1] : size[0];
  EMBER_CHECK(th >= 1 && tw >= 1, op, "expected a crop size >= 1, got (", th, ", ", tw, ")");
  Tensor img = image;
  if (th > img.size(1) || tw > img.size(2)) {
    const int64_t h = img.size(1), w = img.size(2);
    const int64_t pl = tw > w ? (tw - w) / 2 : 0, pt = th > h ? (th - h) / 2 : 0;
    const int64_t pr = tw > w ? (tw - w + 1) / 2 : 0, pb = th > h ? (th - h + 1) / 2 : 0;
    img = window(img, -pt, -pl, h + pt + pb, w + pl + pr, PaddingMode::kConstant, 0);
    if (img.size(1) == th && img.size(2) == tw) return img;
  }
  // Python's round(): half to even, which std::nearbyint does in the default rounding mode.
  const auto top = static_cast<int64_t>(std::nearbyint(static_cast<double>(img.size(1) - th) / 2));
  const auto left = static_cast<int64_t>(std::nearbyint(static_cast<double>(img.size(2) - tw) / 2));
  return window(img, top, left, th, tw, PaddingMode::kConstant, 0);
}

Tensor pad(const Tensor& image, ArrayRef<int64_t> padding, double fill, PaddingMode mode) {
  const char* op = "vision::pad";
  check_image(image, op);
  EMBER_CHECK(padding.size() == 1 || padding.size() == 2 || padding.size() == 4, op,
              "expected 1, 2 or 4 padding values, got ", padding.size());
  int64_t l = padding[0], t = padding[0], r = padding[0], b = padding[0];
  if (padding.size() == 2) {
    t = b = padding[1];
  } else if (padding.size() == 4) {
    t = padding[1];
    r = padding[2];
    b = padding[3];
  }
  EMBER_CHECK(l >= 0 && t >= 0 && r >= 0 && b >= 0, op, "expected padding >= 0, got ", padding);
  const int64_t h = image.size(1), w = image.size(2);
  if (mode != PaddingMode::kConstant) {
    EMBER_CHECK(h > 0 && w > 0, op, "expected a non-empty image for non-constant padding, got ",
                image.sizes());
  }
  if (mode == PaddingMode::kReflect) {
    EMBER_CHECK(std::max(l, r) < w && std::max(t, b) < h, op,
                "expected reflect padding < the padded size, got padding ", padding,
                " for an image of shape ", image.sizes());
  }
  return window(image, -t, -l, h + t + b, w + l + r, mode, fill);
}

Tensor hflip(const Tensor& image) {
  check_image(image, "vision::hflip");
  return image.flip({-1});
}

Tensor vflip(const Tensor& image) {
  check_image(image, "vision::vflip");
  return image.flip({-2});
}

Tensor rotate(const Tensor& image, double angle, Interpolation interpolation,
              ArrayRef<double> fill) {
  const char* op = "vision::rotate";
  check_image(image, op);
  const int64_t c = image.size(0), h = image.size(1), w = image.size(2);
  EMBER_CHECK(fill.size() == 1 || fill.size() == static_cast<size_t>(c), op, "expected 1 or ", c,
              " fill values, got ", fill.size());
  // torchvision's _get_inverse_affine_matrix(center 0, -angle, no translation/shear, scale 1).
  const double rot = -angle * M_PI / 180.0;
  const double a = std::cos(rot), b = -std::sin(rot), cc = std::sin(rot), d = std::cos(rot);
  const double m[6] = {d, -b, 0.0, -cc, a, 0.0};
  const Tensor src = image.contiguous();
  Tensor out = empty({c, h, w}, TensorOptions().dtype(src.scalar_type()));
  visit_image(src.scalar_type(), [&](auto tag) {
    using T = decltype(tag);
    using W = Work<T>;
    const Tensor work = std::is_same_v<T, W> ? src : src.to(kFloat32);
    const W* in = work.data_ptr<W>();
    T* o = out.data_ptr<T>();
    // _gen_affine_grid: theta^T / (0.5 w, 0.5 h) applied to (x, y, 1) at pixel centers.
    const W half_w = W(0.5) * static_cast<W>(w), half_h = W(0.5) * static_cast<W>(h);
    const W t00 = static_cast<W>(m[0]) / half_w, t10 = static_cast<W>(m[1]) / half_w,
            t20 = static_cast<W>(m[2]) / half_w;
    const W t01 = static_cast<W>(m[3]) / half_h, t11 = static_cast<W>(m[4]) / half_h,
            t21 = static_cast<W>(m[5]) / half_h;
    const bool bilinear = interpolation == Interpolation::kBilinear;
    std::vector<W> acc(static_cast<size_t>(c + 1));
    for (int64_t y = 0; y < h; ++y) {
      const W by = static_cast<W>(-static_cast<double>(h) * 0.5 + 0.5 + static_cast<double>(y));
      for (int64_t x = 0; x < w; ++x) {
        const W bx = static_cast<W>(-static_cast<double>(w) * 0.5 + 0.5 + static_cast<double>(x));
        const W gx = bx * t00 + by * t10 + t20;
        const W gy = bx * t01 + by * t11 + t21;
        // grid_sample's unnormalize with align_corners = false.
        const W ix = ((gx + 1) * static_cast<W>(w) - 1) / 2;
        const W iy = ((gy + 1) * static_cast<W>(h) - 1) / 2;
        sample_pixel(in, c, h, w, ix, iy, bilinear, acc.data());
        const W mask = acc[c];
        for (int64_t ch = 0; ch < c; ++ch) {
          const auto f = static_cast<W>(fill.size() == 1 ? fill[0] : fill[ch]);
          W v = acc[ch];
          if (!bilinear) {
            if (mask < W(0.5)) v = f;
          } else {
            v = v * mask + (W(1) - mask) * f;
          }
          o[(ch * h + y) * w + x] = store<T>(v, /*round=*/true);
        }
      }
    }
    return 0;
  });
  return out;
}

}  // namespace ember::data::vision::functional
