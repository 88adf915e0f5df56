#!/usr/bin/env bash
# Installs dependencies, builds and runs the whole test suite.
#   scripts/test.sh          release build (shared library)
#   scripts/test.sh asan     AddressSanitizer + UndefinedBehaviorSanitizer build (static library)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/install_deps.sh
cmake --preset "$preset" > /dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
