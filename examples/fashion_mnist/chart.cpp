#include "chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <ember/error.h>

namespace fashion_mnist {
namespace {

constexpr double kPanelWidth = 440, kPanelHeight = 320;
constexpr double kLeft = 60, kRight = 20, kTop = 40, kBottom = 50;
constexpr const char* kTrainColor = "#1f77b4";
constexpr const char* kTestColor = "#d62728";

std::string number(double value, int digits) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about five ticks over `span`.
double tick_step(double span) {
  const double raw = span / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0})
    if (raw <= factor * magnitude) return factor * magnitude;
  return 10 * magnitude;
}

struct Series {
  const char* label;
  const char* color;
  std::vector<double> values;
};

// One panel: axes, ticks, grid, a polyline with markers per series, a legend.
std::string panel(double x0, const std::string& title, const std::vector<Series>& series,
                  int digits) {
  const size_t n = series.front().values.size();
  double lo = series.front().values.front(), hi = lo;
  for (const Series& s : series)
    for (double v : s.values) lo = std::min(lo, v), hi = std::max(hi, v);
  if (hi - lo < 1e-9) {  // a flat series: give it a visible band around its value
    lo -= 0.5 * std::max(1e-3, std::abs(lo));
    hi += 0.5 * std::max(1e-3, hi);
  }
  const double step = tick_step(hi - lo);
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;

  const double plot_w = kPanelWidth - kLeft - kRight, plot_h = kPanelHeight - kTop - kBottom;
  auto x_of = [&](size_t i) {
    return x0 + kLeft + (n > 1 ? plot_w * static_cast<double>(i) / (n - 1) : plot_w / 2);
  };
  auto y_of = [&](double v) { return kTop + plot_h * (hi - v) / (hi - lo); };

  std::string svg = "<text x='" + number(x0 + kPanelWidth / 2, 1) +
                    "' y='22' text-anchor='middle' font-weight='bold'>" + title + "</text>\n";
  for (double v = lo; v <= hi + step / 2; v += step) {
    const std::string y = number(y_of(v), 1);
    svg += "<line x1='" + number(x0 + kLeft, 1) + "' x2='" + number(x0 + kLeft + plot_w, 1) +
           "' y1='" + y + "' y2='" + y + "' stroke='#ddd'/>\n";
    svg += "<text x='" + number(x0 + kLeft - 6, 1) + "' y='" + y +
           "' text-anchor='end' dominant-baseline='middle'>" + number(v, digits) + "</text>\n";
  }
  for (size_t i = 0; i < n; ++i)
    svg += "<text x='" + number(x_of(i), 1) + "' y='" + number(kTop + plot_h + 18, 1) +
           "' text-anchor='middle'>" + std::to_string(i + 1) + "</text>\n";
  svg += "<text x='" + number(x0 + kLeft + plot_w / 2, 1) + "' y='" + number(kPanelHeight - 10, 1) +
         "' text-anchor='middle'>epoch</text>\n";
  svg += "<rect x='" + number(x0 + kLeft, 1) + "' y='" + number(kTop, 1) + "' width='" +
         number(plot_w, 1) + "' height='" + number(plot_h, 1) + "' fill='none' stroke='#444'/>\n";

  for (size_t k = 0; k < series.size(); ++k) {
    const Series& s = series[k];
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      points += number(x_of(i), 1) + "," + number(y_of(s.values[i]), 1) + " ";
      svg += "<circle cx='" + number(x_of(i), 1) + "' cy='" + number(y_of(s.values[i]), 1) +
             "' r='3' fill='" + s.color + "'/>\n";
    }
    svg += "<polyline fill='none' stroke-width='2' stroke='" + std::string(s.color) + "' points='" +
           points + "'/>\n";
    const std::string legend_y = number(kTop + 16 + 18 * static_cast<double>(k), 1);
    svg += "<rect x='" + number(x0 + kLeft + plot_w - 90, 1) + "' y='" +
           number(kTop + 8 + 18 * static_cast<double>(k), 1) + "' width='12' height='12' fill='" +
           s.color + "'/>\n";
    svg += "<text x='" + number(x0 + kLeft + plot_w - 72, 1) + "' y='" + legend_y +
           "' dominant-baseline='middle'>" + s.label + "</text>\n";
  }
  return svg;
}

}  // namespace

void write_chart(const std::filesystem::path& path, const std::vector<EpochRecord>& history) {
  EMBER_CHECK(!history.empty(), "fashion_mnist", "expected at least one epoch to chart, got none");
  Series train_loss{"train", kTrainColor, {}}, test_loss{"test", kTestColor, {}};
  Series train_acc{"train", kTrainColor, {}}, test_acc{"test", kTestColor, {}};
  for (const EpochRecord& r : history) {
    train_loss.values.push_back(r.train_loss);
    test_loss.values.push_back(r.test_loss);
    train_acc.values.push_back(100 * r.train_accuracy);
    test_acc.values.push_back(100 * r.test_accuracy);
  }
  std::ofstream out(path, std::ios::trunc);
  EMBER_CHECK(out.good(), "fashion_mnist", "expected a writable file, got " + path.string());
  out << "<svg xmlns='http://www.w3.org/2000/svg' width='" << 2 * kPanelWidth << "' height='"
      << kPanelHeight << "' font-family='sans-serif' font-size='12'>\n"
      << "<rect width='100%' height='100%' fill='white'/>\n"
      << panel(0, "Cross-entropy loss", {train_loss, test_loss}, 2)
      << panel(kPanelWidth, "Accuracy (%)", {train_acc, test_acc}, 1) << "</svg>\n";
}

}  // namespace fashion_mnist
