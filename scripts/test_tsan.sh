#!/usr/bin/env bash
# ThreadSanitizer over the tests that run Ember on several threads at once: concurrent backward
# passes and the data loader's workers (static library without OpenMP and BLAS, whose threads
# TSan cannot see).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset tsan > /dev/null
cmake --build --preset tsan --target ember_autograd_tests ember_data_tests
export TSAN_OPTIONS=halt_on_error=1
./build/tsan/tests/ember_autograd_tests --gtest_filter='*Thread*'
./build/tsan/tests/ember_data_tests --gtest_filter='*Thread*'
