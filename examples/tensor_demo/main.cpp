// A first look at Ember: creating tensors, views, broadcasting arithmetic, type promotion.
#include <ember/ember.h>

#include <iostream>

int main() {
  ember::Tensor a = ember::arange(6, ember::kFloat).reshape({2, 3});
  ember::Tensor b = ember::tensor({10.0, 20.0, 30.0}, ember::kFloat);
  std::cout << "a =\n" << a << "\n\n";
  std::cout << "a + b (broadcast) =\n" << a + b << "\n\n";
  std::cout << "a.t() =\n" << a.t() << "\n\n";
  std::cout << "exp(a[1]) =\n" << a[1].exp() << "\n\n";
  ember::Tensor i = ember::ones({3}, ember::kInt);
  std::cout << "int tensor * 2.5 has dtype " << (i * 2.5).scalar_type() << "\n";
  return 0;
}
