#!/usr/bin/env bash
# Installs dependencies, builds Ember and runs the main example: a CNN trained on Fashion-MNIST
# (examples/fashion_mnist; extra arguments are passed on, e.g. --model mlp or --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake --preset release > /dev/null
cmake --build --preset release --target fashion_mnist
./build/release/examples/fashion_mnist/fashion_mnist "$@"
