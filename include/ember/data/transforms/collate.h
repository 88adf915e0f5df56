#pragma once
/// Collations turn a `std::vector` of examples into one batch object.
#include <vector>

#include "ember/data/transforms/base.h"
#include "ember/data/transforms/lambda.h"

namespace ember::data::transforms {

/// A transform from a vector of `T` to one `T`.
template <class T, class BatchType = std::vector<T>>
using Collation = BatchTransform<BatchType, T>;

/// A collation from a function.
template <class T, class BatchType = std::vector<T>>
using Collate = BatchLambda<BatchType, T>;

}  // namespace ember::data::transforms
