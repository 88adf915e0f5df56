#pragma once
// Running part of a test on a chosen number of threads.
#include "ember/parallel.h"

namespace ember::testing {

/// Sets the thread count for a scope and restores the one before when the scope ends, also when
/// a fatal check leaves the test early.
class ThreadCount {
 public:
  explicit ThreadCount(int n) : before_(get_num_threads()) { set_num_threads(n); }
  ~ThreadCount() { set_num_threads(before_); }
  ThreadCount(const ThreadCount&) = delete;
  ThreadCount& operator=(const ThreadCount&) = delete;

 private:
  int before_;
};

}  // namespace ember::testing
