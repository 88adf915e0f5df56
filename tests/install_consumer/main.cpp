#include <ember/ember.h>

#include <cstring>

int main() {
  ember::Tensor x = ember::ones({2, 2}) * 3;
  // The library it runs against is the one its headers describe.
  if (std::strcmp(ember::version(), EMBER_VERSION) != 0) return 2;
  return x[1][1].item<float>() == 3.0f ? 0 : 1;
}
