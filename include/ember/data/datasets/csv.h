#pragma once
/// `CSVDataset`: the rows of a numeric CSV file as examples (Ember's addition; libtorch has none).
#include <optional>
#include <string>
#include <vector>

#include "ember/arg.h"
#include "ember/data/datasets/base.h"
#include "ember/dtype.h"

namespace ember::data::datasets {

/// How to read a CSV file; setters chain: `CSVOptions().header(false).target_column("y")`.
struct CSVOptions {
  /// The first line names the columns (default true).
  EMBER_ARG(bool, header) = true;
  /// The target column by name (needs `header`); wins over `target_index`.
  EMBER_ARG(std::optional<std::string>, target_column);
  /// The target column by position; negative counts from the end (default -1: the last).
  EMBER_ARG(int64_t, target_index) = -1;
  EMBER_ARG(char, delimiter) = ',';
  /// dtype of the features, a floating type (default float32).
  EMBER_ARG(ScalarType, dtype) = kFloat32;
  /// dtype of the target (default int64): an integral type requires integer values.
  EMBER_ARG(ScalarType, target_dtype) = kInt64;
};

/// Example i is {features of row i (F) in `dtype`, its target (0-d) in `target_dtype`}. Every
/// field must be a number (decimal or scientific; `nan`, `inf` accepted); blank lines are skipped
/// and fields may be padded with spaces. Raises `ember::Error` ("[CSVDataset] ...") for a missing
/// or empty file, an unknown target column, and on a malformed row naming its line (1-based) and
/// column: a wrong number of fields, a field that is not a number, a non-integer target for an
/// integral `target_dtype`.
class CSVDataset : public Dataset<CSVDataset> {
 public:
  explicit CSVDataset(const std::string& path, CSVOptions options = {});

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;

  /// All features (N, F) and targets (N).
  const Tensor& features() const { return features_; }
  const Tensor& targets() const { return targets_; }
  /// The header's names of the feature columns (empty without header).
  const std::vector<std::string>& feature_names() const { return feature_names_; }

 private:
  Tensor features_, targets_;
  std::vector<std::string> feature_names_;
};

}  // namespace ember::data::datasets
