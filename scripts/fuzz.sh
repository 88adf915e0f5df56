#!/usr/bin/env bash
# Builds the libFuzzer targets under fuzz/ with clang (ASan + UBSan) in build/fuzz and runs each
# for FUZZ_SECONDS (default 60) from its committed seed corpus in fuzz/corpus/<target>/.
# Exits nonzero when a target crashes, leaks or trips a sanitizer; the crashing input is left
# in build/fuzz/artifacts/<target>/.
#   scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=10 scripts/fuzz.sh idx_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
((${#targets[@]})) || targets=(safetensors_fuzz idx_fuzz)

launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DBUILD_SHARED_LIBS=OFF -DEMBER_BUILD_FUZZERS=ON \
  -DEMBER_BUILD_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_USE_OPENMP=OFF -DEMBER_USE_BLAS=OFF \
  -DEMBER_USE_SLEEF=OFF -DEMBER_WARNINGS_AS_ERRORS=ON "${launcher[@]}" > /dev/null
cmake --build build/fuzz --target "${targets[@]}" -j"${FUZZ_JOBS:-2}"

status=0
for t in "${targets[@]}"; do
  name="${t%_fuzz}"
  # libFuzzer adds new inputs to the first corpus folder: keep the committed seeds read-only
  # by working on a copy.
  work="build/fuzz/corpus/$name"
  mkdir -p "$work" "build/fuzz/artifacts/$t"
  cp -n "fuzz/corpus/$name"/* "$work"/ 2> /dev/null || true
  echo "== $t: ${seconds}s"
  if ! "build/fuzz/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="build/fuzz/artifacts/$t/" "$work" \
    2> "build/fuzz/$t.log"; then
    echo "!! $t failed; log: build/fuzz/$t.log"
    tail -n 40 "build/fuzz/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build/fuzz/$t.log" | tail -n 2
  fi
done
exit $status
