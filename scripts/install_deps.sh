#!/usr/bin/env bash
# Installs everything Ember needs to build, test and run its examples on Debian 12.
# The README and .ci/run both call this script; keep every dependency here.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config  # toolchain
  ccache                                        # compiler cache (used when installed)
  libgtest-dev libgmock-dev                     # test suite
  libbenchmark-dev                              # micro-benchmarks
  libopenblas-openmp-dev                        # GEMM (OpenMP build shares Ember's thread pool)
  libsleef-dev                                  # vectorised exp/log/tanh (optional at build time)
  nlohmann-json3-dev                            # golden-value fixtures in tests
  zlib1g-dev                                    # gzipped MNIST files (ember::data)
  libstb-dev                                    # PNG/JPEG decoding (ember::data ImageFolder)
  dataset-fashion-mnist                         # the main example's data (and its test)
  clang-format                                  # formatting check
  clang libomp-dev                              # sanitizer build and libFuzzer targets
)
# Optional, for side-by-side benchmarks and regenerating golden values; never needed by tests.
if [[ "${EMBER_WITH_TORCH:-0}" == "1" ]]; then
  packages+=(libtorch-dev python3-torch python3-numpy)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
