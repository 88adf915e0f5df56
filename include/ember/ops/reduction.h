#pragma once
/// Reductions, scans and sorting, with PyTorch's semantics.
///
/// Common rules. `dim` arguments may be negative; a repeated dim raises. For the ops taking a
/// list of dims, an empty list reduces every dim. `keepdim` keeps each reduced dim with size 1.
/// A 0-d input accepts dim 0 or -1. Float32 sums are accurate for long inputs (cascade
/// summation) and bitwise identical for any thread count. Errors raise ember::Error.
#include <optional>
#include <string_view>
#include <tuple>

#include "ember/tensor.h"

namespace ember {

// ---- Sums and products ------------------------------------------------------------------------

/// Sum of the elements. dtype: `dtype` if given (the input is converted to it first), else int64
/// for bool and integer inputs, else the input's. Empty: 0. Integer sums wrap on overflow.
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
           std::optional<ScalarType> dtype = std::nullopt);
/// As sum, treating NaN as zero.
Tensor nansum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor nansum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt);
/// Arithmetic mean. Needs a floating input or a floating `dtype` (raises otherwise); float16 and
/// bfloat16 accumulate in float. Empty: NaN.
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);
/// Mean of the non-NaN elements (NaN when there are none). Needs a floating input.
Tensor nanmean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor nanmean(const Tensor& self, IntArrayRef dim, bool keepdim = false,
               std::optional<ScalarType> dtype = std::nullopt);
/// Product of the elements; dtype rule as sum. Empty: 1.
Tensor prod(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt);
Tensor prod(const Tensor& self, int64_t dim, bool keepdim = false,
            std::optional<ScalarType> dtype = std::nullopt);

// ---- Extremes ---------------------------------------------------------------------------------

/// The largest element, as a 0-d tensor of the input's dtype. NaN propagates. Raises when empty.
Tensor max(const Tensor& self);
/// (values, indices) along `dim`: indices (int64) of the first occurrence, or of the first NaN.
/// Raises when `dim` has size 0.
std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor min(const Tensor& self);
std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim = false);
/// max/min values over several dims (all when empty). NaN propagates; raises on an empty range.
Tensor amax(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
Tensor amin(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false);
/// Index (int64) of the first max/min along `dim`, or into the flattened input when no dim is
/// given. NaN counts as the largest and the smallest. Raises on an empty range.
Tensor argmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);
Tensor argmin(const Tensor& self, std::optional<int64_t> dim = std::nullopt, bool keepdim = false);

// ---- Statistics and norms ---------------------------------------------------------------------

/// Variance with divisor max(0, N - correction) (default correction 1, Bessel's). Needs a
/// floating input; dims as `sum` (nullopt: all). N <= correction gives inf or NaN, as PyTorch.
Tensor var(const Tensor& self, std::optional<IntArrayRef> dim = std::nullopt,
           std::optional<Scalar> correction = std::nullopt, bool keepdim = false);
Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim = false);
Tensor var(const Tensor& self, bool unbiased);
/// Standard deviation: sqrt(var) with the same arguments.
Tensor std(const Tensor& self, std::optional<IntArrayRef> dim = std::nullopt,
           std::optional<Scalar> correction = std::nullopt, bool keepdim = false);
Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased, bool keepdim = false);
Tensor std(const Tensor& self, bool unbiased);
/// (var, mean) and (std, mean) in one pass.
std::tuple<Tensor, Tensor> var_mean(const Tensor& self,
                                    std::optional<IntArrayRef> dim = std::nullopt,
                                    std::optional<Scalar> correction = std::nullopt,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self,
                                    std::optional<IntArrayRef> dim = std::nullopt,
                                    std::optional<Scalar> correction = std::nullopt,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased);
/// Vector p-norm over `dim` (all when empty): p = 2 (default), 1, inf (max |x|), -inf
/// (min |x|), 0 (count of non-zeros) or any other p: (sum |x|^p)^(1/p). Needs a floating input.
/// The infinity norms of an empty range raise.
Tensor norm(const Tensor& self, const Scalar& p = 2);
Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim,
            bool keepdim = false);
/// `p` = "fro": the 2-norm over `dim` (all when empty). `p` = "nuc": the nuclear norm (sum of
/// singular values, see linalg_matrix_norm) over the two dims `dim`, or over both dims of a 2-d
/// input when `dim` is empty (other ranks raise). Other strings raise.
Tensor norm(const Tensor& self, std::string_view p, IntArrayRef dim = {}, bool keepdim = false);
/// (A string literal would otherwise convert to both a Scalar, through bool, and a string_view.)
Tensor norm(const Tensor& self, const char* p, IntArrayRef dim = {}, bool keepdim = false);
/// log(sum(exp(x))) over `dim`, computed stably; integer inputs compute in the default float
/// dtype. Empty: -inf.
Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim = false);

// ---- Logical and counting ---------------------------------------------------------------------

/// Whether every (any) element is non-zero. Returns bool (uint8 for a uint8 input, as PyTorch).
Tensor all(const Tensor& self);
Tensor all(const Tensor& self, int64_t dim, bool keepdim = false);
Tensor any(const Tensor& self);
Tensor any(const Tensor& self, int64_t dim, bool keepdim = false);
/// Number (int64) of non-zero elements over `dim` (all when nullopt or empty).
Tensor count_nonzero(const Tensor& self, std::optional<int64_t> dim = std::nullopt);
Tensor count_nonzero(const Tensor& self, int64_t dim);
Tensor count_nonzero(const Tensor& self, IntArrayRef dim);

// ---- Scans ------------------------------------------------------------------------------------

/// Running sum / product along `dim`; dtype rule as sum (int64 for bool and integers unless
/// `dtype` is given).
Tensor cumsum(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
Tensor cumprod(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype = std::nullopt);
/// Running max / min along `dim` and the index where it was taken (the last occurrence among
/// equal values, as PyTorch); NaN propagates.
std::tuple<Tensor, Tensor> cummax(const Tensor& self, int64_t dim);
std::tuple<Tensor, Tensor> cummin(const Tensor& self, int64_t dim);
/// Running log(sum(exp(x))) along `dim`; needs a floating input.
Tensor logcumsumexp(const Tensor& self, int64_t dim);

// ---- Sorting and selection --------------------------------------------------------------------

/// (values, indices) sorted along `dim`, ascending unless `descending`; NaN sorts as the largest
/// value. The sort is always stable (equal values keep their order), so `stable` only documents
/// the requirement.
std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim = -1, bool descending = false);
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim = -1,
                                bool descending = false);
Tensor argsort(const Tensor& self, int64_t dim = -1, bool descending = false);
/// The k largest (or smallest) values along `dim` and their indices, sorted when `sorted`
/// (always, here). Raises unless 0 <= k <= size(dim).
std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim = -1,
                                bool largest = true, bool sorted = true);
/// The k-th smallest value (1-based) along `dim` and an index where it occurs. Raises unless
/// 1 <= k <= size(dim).
std::tuple<Tensor, Tensor> kthvalue(const Tensor& self, int64_t k, int64_t dim = -1,
                                    bool keepdim = false);
/// The lower median (the ((n - 1) / 2)-th smallest value) of all elements, or along `dim` with
/// an index where it occurs. NaN propagates. Raises on an empty input.
Tensor median(const Tensor& self);
std::tuple<Tensor, Tensor> median(const Tensor& self, int64_t dim, bool keepdim = false);
/// The most frequent value along `dim` (the smallest one on ties) and an index where it occurs.
std::tuple<Tensor, Tensor> mode(const Tensor& self, int64_t dim = -1, bool keepdim = false);
/// The distinct elements of the flattened input, in ascending order (`sorted` = false is
/// allowed and sorts too), with, when asked, the inverse indices (int64, input's shape: where
/// each element went) and the counts (int64). Tensors not asked for are returned empty.
/// With `dim`, as unique_dim.
std::tuple<Tensor, Tensor, Tensor> unique(const Tensor& self, bool sorted = true,
                                          bool return_inverse = false, bool return_counts = false,
                                          std::optional<int64_t> dim = std::nullopt);
/// The distinct slices of `self` along `dim` (self.select(dim, i) compared whole: equal when
/// every element is ==, so a slice holding NaN equals no other), sorted lexicographically
/// (always: `sorted` is ignored, as PyTorch); the inverse indices (int64 [size(dim)]: the
/// slice each one became) and counts (int64) when asked, else empty. A 0-d input or a bad dim
/// raises; so does a zero-size dim other than `dim` (a zero-size `dim` alone gives empty
/// results, values of self's shape).
std::tuple<Tensor, Tensor, Tensor> unique_dim(const Tensor& self, int64_t dim, bool sorted = true,
                                              bool return_inverse = false,
                                              bool return_counts = false);
/// Collapses runs of equal consecutive elements (of the flattened input: inverse indices of
/// self's shape) or, with `dim`, of equal consecutive slices along dim (as unique_dim, unsorted).
/// NaN equals nothing, so each NaN stays. Tensors not asked for are returned empty.
std::tuple<Tensor, Tensor, Tensor> unique_consecutive(const Tensor& self,
                                                      bool return_inverse = false,
                                                      bool return_counts = false,
                                                      std::optional<int64_t> dim = std::nullopt);
/// unique_consecutive along `dim`.
std::tuple<Tensor, Tensor, Tensor> unique_dim_consecutive(const Tensor& self, int64_t dim,
                                                          bool return_inverse = false,
                                                          bool return_counts = false);

}  // namespace ember
