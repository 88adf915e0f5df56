#pragma once
/// Functional convolutions, Fold and Unfold.
#include "ember/nn/options/conv.h"
#include "ember/tensor.h"

namespace ember::nn::functional {

/// input (N, C_in, L) or (C_in, L), weight (C_out, C_in / groups, k).
Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {});
/// input (N, C_in, H, W) or (C_in, H, W), weight (C_out, C_in / groups, kH, kW).
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options = {});
/// The adjoint of conv: weight (C_in, C_out / groups, k...).
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& options = {});
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options = {});
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& options = {});
/// Sliding blocks of (N, C, H, W) as columns: (N, C·kH·kW, L).
Tensor unfold(const Tensor& input, const UnfoldFuncOptions& options);
/// Sums columns (N, C·kH·kW, L) back into (N, C, output_size...).
Tensor fold(const Tensor& input, const FoldFuncOptions& options);

}  // namespace ember::nn::functional
