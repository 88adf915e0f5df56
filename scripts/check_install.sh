#!/usr/bin/env bash
# Checks the two ways a user's CMake project gets Ember:
# 1. find_package(Ember) against an install of the release build (run scripts/test.sh first);
# 2. add_subdirectory(ember), built from source (unoptimised and without debug info, to keep CI
#    short).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install build/release --prefix "$work/prefix" > /dev/null
version=$(sed -n 's/^#define EMBER_VERSION "\(.*\)"$/\1/p' include/ember/version.h)
cmake -S tests/install_consumer -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DEMBER_EXPECTED_VERSION="$version" > /dev/null
cmake --build "$work/consumer" > /dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer"
echo "find_package(Ember $version) consumer: OK"
cmake -S tests/subdirectory_consumer -B "$work/subdir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-O0 > /dev/null
cmake --build "$work/subdir" -j 2 > /dev/null
"$work/subdir/consumer"
echo "add_subdirectory(ember) consumer: OK"
