#include <ember/ember.h>

int main() {
  ember::Tensor x = ember::ones({2, 2}) * 3;
  return x[1][1].item<float>() == 3.0f ? 0 : 1;
}
