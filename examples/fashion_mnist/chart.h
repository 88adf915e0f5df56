#pragma once
// chart.svg: training and test loss (left) and accuracy (right) per epoch, as a standalone SVG
// that any browser shows.
#include <filesystem>
#include <vector>

#include "progress.h"

namespace fashion_mnist {

/// Writes the chart of `history` to `path` (replacing it).
void write_chart(const std::filesystem::path& path, const std::vector<EpochRecord>& history);

}  // namespace fashion_mnist
