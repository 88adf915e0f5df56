#!/usr/bin/env bash
# Builds the libFuzzer targets under fuzz/ with clang (ASan + UBSan) in build/asan and runs each
# for FUZZ_SECONDS (default 60) from its committed seed corpus in fuzz/corpus/<target>/.
# Exits nonzero when a target crashes, leaks or trips a sanitizer; the crashing input is left
# in build/asan/artifacts/<target>/.
#   scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=10 scripts/fuzz.sh idx_fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
((${#targets[@]})) || targets=(safetensors_fuzz idx_fuzz)

# The fuzz targets live in the asan preset's build (clang, ASan+UBSan, coverage instrumentation),
# which the sanitizer test run shares.
cmake --preset asan > /dev/null
cmake --build --preset asan --target "${targets[@]}"

status=0
for t in "${targets[@]}"; do
  name="${t%_fuzz}"
  # libFuzzer adds new inputs to the first corpus folder: keep the committed seeds read-only
  # by working on a copy.
  work="build/asan/corpus/$name"
  mkdir -p "$work" "build/asan/artifacts/$t"
  cp -n "fuzz/corpus/$name"/* "$work"/ 2> /dev/null || true
  echo "== $t: ${seconds}s"
  if ! "build/asan/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="build/asan/artifacts/$t/" "$work" \
    2> "build/asan/$t.log"; then
    echo "!! $t failed; log: build/asan/$t.log"
    tail -n 40 "build/asan/$t.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|cov:" "build/asan/$t.log" | tail -n 2
  fi
done
exit $status
