#!/usr/bin/env bash
# Installs dependencies, builds Ember and runs the main example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release > /dev/null
cmake --build --preset release --target tensor_demo
./build/release/examples/tensor_demo
