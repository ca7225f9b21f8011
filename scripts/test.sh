#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs the
# whole suite twice: a warnings-as-errors release build, and the same under
# AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)
for variant in release asan; do
  dir=build-test-$variant
  extra=()
  [ "$variant" = asan ] && extra=(-DCR_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
  cmake -S . -B "$dir" -DCR_WERROR=ON -DCR_BUILD_TESTS=ON "${extra[@]}" >/dev/null
  cmake --build "$dir" -j "$jobs" >/dev/null
  echo "== ctest ($variant)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$jobs"
done
