#!/usr/bin/env bash
# Mutation testing (not part of CI): a fixed, seeded sample of small source mutations, each built
# and tested alone; prints the score and writes build/mutation/report.md. See scripts/mutate.py.
#   scripts/mutate.sh                 the default sample (160 mutants, seed 1)
#   scripts/mutate.sh --list          print the sample only
#   scripts/mutate.sh --only 3,17     run some of the sample again
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release > /dev/null
exec python3 scripts/mutate.py "$@"
