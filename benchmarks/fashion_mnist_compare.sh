#!/usr/bin/env bash
# Epoch time of the Fashion-MNIST example against its libtorch reference, alternating the two
# programs `rounds` times (default 3) on the same machine, one epoch each; prints every time and
# the ratio of the medians. Extra arguments go to both programs (e.g. --model mlp).
#   benchmarks/fashion_mnist_compare.sh [rounds] [flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
cmake --preset release -DEMBER_BUILD_BENCHMARKS=ON > /dev/null
cmake --build --preset release --target fashion_mnist fashion_mnist_libtorch > /dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ember=() torch=()
for ((r = 1; r <= rounds; ++r)); do
  ./build/release/examples/fashion_mnist/fashion_mnist --epochs 1 --threads 2 --no-progress \
    --out "$out" "$@" > /dev/null
  ember+=("$(tail -1 "$out/epochs.csv" | cut -d, -f6)")
  for workers in 0 2; do  # libtorch's faster loader setting of the two counts
    torch+=("$(./build/release/benchmarks/fashion_mnist_libtorch --epochs 1 --threads 2 \
      --workers "$workers" "$@" | sed -E 's/.*, ([0-9.]+) s$/\1/')")
  done
  echo "round $r: ember ${ember[-1]} s; libtorch ${torch[-2]} s (0 workers), ${torch[-1]} s (2 workers)"
done
python3 - "${ember[*]}" "${torch[*]}" <<'PY'
import statistics, sys
ember = [float(x) for x in sys.argv[1].split()]
torch = [float(x) for x in sys.argv[2].split()]
e = statistics.median(ember)
t = min(statistics.median(torch[0::2]), statistics.median(torch[1::2]))
print(f"median epoch: ember {e:.1f} s, libtorch (fastest setting) {t:.1f} s, ratio {e / t:.2f}")
PY
