#!/usr/bin/env bash
# Installs the release build (run scripts/test.sh first) into a temporary prefix and builds a
# consumer project against it with find_package(Ember), as a user's project would.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install build/release --prefix "$work/prefix" > /dev/null
cmake -S tests/install_consumer -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  > /dev/null
cmake --build "$work/consumer" > /dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer"
echo "find_package(Ember) consumer: OK"
