// Ember's main example: trains a CNN (or an MLP) on Fashion-MNIST, evaluating on the test set
// every epoch. `fashion_mnist --help` lists the flags.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <ember/error.h>

#include "options.h"
#include "trainer.h"

int main(int argc, char** argv) {
  using namespace fashion_mnist;
  const std::string program = argc > 0 ? argv[0] : "fashion_mnist";
  const ParsedOptions parsed = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.show_help) {
    std::cout << help_text(program);
    return 0;
  }
  if (!parsed.error.empty()) {
    std::cerr << program << ": " << parsed.error << "\n(--help lists the flags)\n";
    return 2;
  }
  const Options& options = parsed.options;
  if (auto missing = missing_dataset_message(options.data_dir)) {
    std::cerr << *missing << "\n";
    return 1;
  }
  try {
    std::cout << "Training the " << options.model << " on Fashion-MNIST for " << options.epochs
              << " epochs; output in " << options.out_dir << "/\n";
    Trainer(options, std::cout).run();
  } catch (const ember::Error& e) {
    std::cerr << "\n" << program << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
