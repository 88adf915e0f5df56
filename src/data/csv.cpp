// The numeric CSV reader (ember/data/datasets/csv.h).
#include "ember/data/datasets/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string_view>

#include "ember/ops/creation.h"

namespace ember::data::datasets {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view line, char delimiter) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(delimiter, start);
    fields.push_back(trim(line.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::string unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

// A number, or nullopt; the whole field must parse.
std::optional<double> parse_number(std::string_view field) {
  if (!field.empty() && field.front() == '+') field.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

}  // namespace

CSVDataset::CSVDataset(const std::string& path, CSVOptions options) {
  EMBER_CHECK(is_floating_point(options.dtype()), "CSVDataset",
              "expected a floating feature dtype, got ", options.dtype());
  std::ifstream in(path);
  EMBER_CHECK(in.good(), "CSVDataset", "cannot open '", path, "'");
  std::string line;
  size_t line_number = 0;
  auto next_line = [&]() {
    while (std::getline(in, line)) {
      ++line_number;
      if (!trim(line).empty()) return true;
    }
    return false;
  };
  EMBER_CHECK(next_line(), "CSVDataset", "'", path, "' is empty");

  size_t columns = split(line, options.delimiter()).size();
  std::vector<std::string> names;
  if (options.header()) {
    for (auto field : split(line, options.delimiter())) names.push_back(unquote(field));
  }
  int64_t target = options.target_index();
  if (options.target_column()) {
    EMBER_CHECK(options.header(), "CSVDataset", "a target column name needs header = true");
    auto it = std::find(names.begin(), names.end(), *options.target_column());
    EMBER_CHECK(it != names.end(), "CSVDataset", "'", path, "' has no column '",
                *options.target_column(), "'");
    target = it - names.begin();
  }
  const auto ncols = static_cast<int64_t>(columns);
  if (target < 0) target += ncols;
  EMBER_CHECK(target >= 0 && target < ncols, "CSVDataset", "target index ", options.target_index(),
              " is out of range for ", columns, " columns");
  EMBER_CHECK(columns >= 2, "CSVDataset", "'", path,
              "': expected at least two columns (features and a target), got ", columns);
  for (size_t c = 0; c < names.size(); ++c) {
    if (static_cast<int64_t>(c) != target) feature_names_.push_back(names[c]);
  }
  auto column_name = [&](size_t c) {
    return names.empty() ? std::to_string(c + 1)
                         : ember::detail::str_cat(c + 1, " ('", names[c], "')");
  };

  const bool integral_target =
      !is_floating_point(options.target_dtype()) && options.target_dtype() != kBool;
  std::vector<double> features, targets;
  bool have_row = !options.header();  // without header the first line is data
  while (have_row || next_line()) {
    have_row = false;
    const auto fields = split(line, options.delimiter());
    EMBER_CHECK(fields.size() == columns, "CSVDataset", "'", path, "' line ", line_number,
                ": expected ", columns, " fields, got ", fields.size());
    for (size_t c = 0; c < columns; ++c) {
      const auto value = parse_number(fields[c]);
      EMBER_CHECK(value.has_value(), "CSVDataset", "'", path, "' line ", line_number, ", column ",
                  column_name(c), ": expected a number, got '", fields[c], "'");
      if (static_cast<int64_t>(c) == target) {
        EMBER_CHECK(!integral_target || (std::isfinite(*value) && *value == std::floor(*value)),
                    "CSVDataset", "'", path, "' line ", line_number, ", column ", column_name(c),
                    ": expected an integer target for dtype ", options.target_dtype(), ", got '",
                    fields[c], "'");
        targets.push_back(*value);
      } else {
        features.push_back(*value);
      }
    }
  }
  const auto rows = static_cast<int64_t>(targets.size());
  features_ = tensor(features, kFloat64).view({rows, ncols - 1}).to(options.dtype());
  targets_ = tensor(targets, kFloat64).to(options.target_dtype());
}

Example<> CSVDataset::get(size_t index) {
  EMBER_CHECK(index < static_cast<size_t>(targets_.size(0)), "CSVDataset", "index ", index,
              " is out of range for a dataset of size ", targets_.size(0));
  const auto i = static_cast<int64_t>(index);
  return {features_[i], targets_[i]};
}

std::optional<size_t> CSVDataset::size() const {
  return static_cast<size_t>(targets_.size(0));
}

}  // namespace ember::data::datasets
