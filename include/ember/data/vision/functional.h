#pragma once
/// torchvision's `transforms.functional` on image tensors (torchvision 0.14 semantics).
///
/// Images are (C, H, W) tensors of dtype uint8 (values 0..255) or float32 / float64 (values in
/// [0, 1] for the color functions); every function returns a new tensor of the input's dtype
/// unless it says otherwise. uint8 images are computed in float32 and converted back as
/// torchvision does: geometric functions (resize, rotate) round, color functions truncate.
/// Errors raise `ember::Error` ("[vision::<function>] ...") for images that are not 3-d or of
/// another dtype, and for the bad arguments listed per function.
#include <cstdint>
#include <vector>

#include "ember/array_ref.h"
#include "ember/tensor.h"

namespace ember::data::vision {

enum class Interpolation { kNearest, kBilinear };
enum class PaddingMode { kConstant, kEdge, kReflect, kSymmetric };

namespace functional {

/// uint8 (C, H, W) (or (H, W, C) with `hwc`; (H, W) as one channel) to float32 in [0, 1],
/// (C, H, W) (`ToTensor` / `convert_image_dtype`); floating images pass through (HWC permuted).
Tensor to_tensor(const Tensor& image, bool hwc = false);

/// `(image - mean[c]) / std[c]` for a floating (C, H, W) image; `mean` and `std` have 1 or C
/// values. Raises for an integral image, a wrong number of values, or a zero std.
Tensor normalize(const Tensor& image, ArrayRef<double> mean, ArrayRef<double> std);

/// Resizes with antialias off (torchvision's `antialias=False`): `size` of one value sets the
/// shorter side (the longer one is `int(size * long / short)`), two values are (h, w). uint8
/// results are rounded. Returns the image itself when the size does not change. Raises for
/// sizes < 1 or a `size` of another length.
Tensor resize(const Tensor& image, ArrayRef<int64_t> size,
              Interpolation interpolation = Interpolation::kBilinear);

/// The (height, width) window at (top, left); parts outside the image are zeros (as
/// torchvision). Raises for height or width < 1.
Tensor crop(const Tensor& image, int64_t top, int64_t left, int64_t height, int64_t width);

/// The centered (h, w) crop (`size`: one value for a square); pads with zeros first when the
/// image is smaller. Offsets are `round((H - h) / 2)` rounding half to even, as Python's round.
Tensor center_crop(const Tensor& image, ArrayRef<int64_t> size);

/// Pads the borders: `padding` of 1 value (all sides), 2 (left/right, top/bottom) or 4 (left,
/// top, right, bottom), all >= 0. `fill` is used by kConstant (clamped to 0..255 for uint8).
/// Raises for negative padding, a `padding` of another length, and kReflect padding >= the
/// size it pads.
Tensor pad(const Tensor& image, ArrayRef<int64_t> padding, double fill = 0,
           PaddingMode mode = PaddingMode::kConstant);

Tensor hflip(const Tensor& image);
Tensor vflip(const Tensor& image);

/// Rotates by `angle` degrees counter-clockwise about the center (expand = false), sampling as
/// torchvision's grid_sample path (align_corners = false); pixels from outside the image get
/// `fill` (1 value or C values). uint8 results are rounded.
Tensor rotate(const Tensor& image, double angle,
              Interpolation interpolation = Interpolation::kNearest, ArrayRef<double> fill = {0.0});

/// The luma 0.2989 R + 0.587 G + 0.114 B as (1, H, W) (or `num_output_channels` = 3 copies);
/// raises unless the image has 3 channels.
Tensor rgb_to_grayscale(const Tensor& image, int64_t num_output_channels = 1);

/// Color adjustments of 1- or 3-channel images (torchvision's `_blend` and HSV formulas).
/// Factors: brightness, contrast, saturation >= 0; hue in [-0.5, 0.5]; raise otherwise.
Tensor adjust_brightness(const Tensor& image, double brightness_factor);
Tensor adjust_contrast(const Tensor& image, double contrast_factor);
Tensor adjust_saturation(const Tensor& image, double saturation_factor);
Tensor adjust_hue(const Tensor& image, double hue_factor);

}  // namespace functional
}  // namespace ember::data::vision
