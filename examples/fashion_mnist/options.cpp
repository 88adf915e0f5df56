#include "options.h"

#include <charconv>
#include <functional>
#include <sstream>

namespace fashion_mnist {
namespace {

// One flag: its name, the value it expects ("" for a switch), help, and how it applies a value.
struct Flag {
  std::string name;
  std::string value_name;
  std::string help;
  std::function<bool(Options&, const std::string&)> apply;
};

template <class T>
bool parse_number(const std::string& text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

template <class T>
std::function<bool(Options&, const std::string&)> number(T Options::*field, T min_value) {
  return [field, min_value](Options& o, const std::string& text) {
    T value{};
    if (!parse_number(text, value) || value < min_value) return false;
    o.*field = value;
    return true;
  };
}

std::function<bool(Options&, const std::string&)> text(std::string Options::*field) {
  return [field](Options& o, const std::string& value) {
    o.*field = value;
    return !value.empty();
  };
}

std::function<bool(Options&, const std::string&)> switch_on(bool Options::*field) {
  return [field](Options& o, const std::string&) {
    o.*field = true;
    return true;
  };
}

const std::vector<Flag>& flags() {
  static const std::vector<Flag> table = {
      {"model", "cnn|mlp", "network to train (default cnn)",
       [](Options& o, const std::string& v) {
         o.model = v;
         return v == "cnn" || v == "mlp";
       }},
      {"epochs", "N", "epochs to train (default 6)", number(&Options::epochs, int64_t{1})},
      {"batch-size", "N", "examples per training batch (default 64)",
       number(&Options::batch_size, int64_t{1})},
      {"lr", "X", "Adam learning rate, annealed to 0 by a cosine schedule (default 0.002)",
       number(&Options::lr, 0.0)},
      {"weight-decay", "X", "L2 penalty added to the gradients (default 0)",
       number(&Options::weight_decay, 0.0)},
      {"seed", "N", "seed of every random stream; equal seeds give bitwise-equal runs (default 0)",
       number(&Options::seed, uint64_t{0})},
      {"threads", "N", "compute threads (default: every core)", number(&Options::threads, 1)},
      {"workers", "N", "data loader worker threads (default 1)",
       number(&Options::workers, int64_t{0})},
      {"data", "DIR",
       std::string("folder with the Fashion-MNIST IDX files, gzipped or not (default ") +
           kDebianDataDir + ")",
       text(&Options::data_dir)},
      {"out", "DIR",
       "folder for metrics (steps.csv, epochs.csv), chart.svg, checkpoint.safetensors and "
       "model.safetensors (default runs/fashion_mnist)",
       text(&Options::out_dir)},
      {"resume", "", "continue from the checkpoint in --out (settings come from the command line)",
       switch_on(&Options::resume)},
      {"train-limit", "N", "train on the first N training images only (default: all 60000)",
       number(&Options::train_limit, int64_t{0})},
      {"test-limit", "N", "evaluate on the first N test images only (default: all 10000)",
       number(&Options::test_limit, int64_t{0})},
      {"stop-after-steps", "N", "checkpoint and stop after N optimizer steps in total",
       number(&Options::stop_after_steps, int64_t{0})},
      {"progress", "", "force the live progress bar",
       [](Options& o, const std::string&) {
         o.progress_bar = true;
         return true;
       }},
      {"no-progress", "", "plain log lines instead of the progress bar",
       [](Options& o, const std::string&) {
         o.progress_bar = false;
         return true;
       }},
  };
  return table;
}

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help") {
      parsed.show_help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      parsed.error = "unexpected argument '" + arg + "'";
      return parsed;
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const Flag* flag = nullptr;
    for (const Flag& f : flags())
      if (f.name == name) flag = &f;
    if (flag == nullptr) {
      parsed.error = "unknown flag --" + name;
      return parsed;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (!flag->value_name.empty()) {
      if (i + 1 == args.size()) {
        parsed.error = "--" + name + " expects a value (" + flag->value_name + ")";
        return parsed;
      }
      value = args[++i];
    }
    if (!flag->apply(parsed.options, value)) {
      parsed.error = "invalid value '" + value + "' for --" + name + " (expected " +
                     (flag->value_name.empty() ? "no value" : flag->value_name) + ")";
      return parsed;
    }
  }
  return parsed;
}

std::string help_text(const std::string& program) {
  std::ostringstream out;
  out << "Usage: " << program << " [flags]\n\n"
      << "Trains a CNN (or an MLP) on Fashion-MNIST with Ember, evaluating on the test set after\n"
      << "every epoch, checkpointing every epoch, and writing metrics and a chart to --out.\n\n"
      << "Flags:\n";
  for (const Flag& f : flags()) {
    std::string lhs = "  --" + f.name + (f.value_name.empty() ? "" : " " + f.value_name);
    lhs.resize(std::max<size_t>(lhs.size() + 2, 26), ' ');
    out << lhs << f.help << "\n";
  }
  out << "  -h, --help              this text\n";
  return out.str();
}

}  // namespace fashion_mnist
