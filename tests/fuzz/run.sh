#!/usr/bin/env bash
# libFuzzer harnesses (tests/fuzz/README.md).
#   tests/fuzz/run.sh TARGET SECONDS   fuzz one target (csv, dataset, scheme, plan, problem,
#                                      rankings, relatedness, model, snapshot, or all) for SECONDS each
#   tests/fuzz/run.sh --smoke          every target for a few seconds (the ctest fuzz_smoke)
# Builds build-fuzz/ with clang (-fsanitize=fuzzer,address,undefined) first,
# seeds tests/fuzz/corpus/TARGET from datasets/tiny and tests/bad, and keeps
# what libFuzzer finds there (not in git). A crash leaves crash-* in
# build-fuzz/ and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
targets=(csv dataset scheme plan problem rankings relatedness model snapshot)
smoke=0
if [ "${1:-}" = "--smoke" ]; then smoke=1; sel=all; secs=${CR_FUZZ_SMOKE_SECONDS:-4}
else sel=${1:?usage: tests/fuzz/run.sh TARGET SECONDS | --smoke}; secs=${2:?usage: tests/fuzz/run.sh TARGET SECONDS}; fi
cc=$(command -v clang-14 || command -v clang || true)
if [ -z "$cc" ]; then
  echo "fuzz: clang not found (bash scripts/setup.sh installs it)"; [ $smoke = 1 ] && exit 77; exit 1
fi
bdir=${CR_FUZZ_BUILD:-$root/build-fuzz}
cmake -S . -B "$bdir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCR_FUZZ=ON \
  -DCR_BUILD_TESTS=OFF >/dev/null
cmake --build "$bdir" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null

# seeds: one file each, prefixed for the dataset harness by the byte that picks the file
seed() { # target, seed file...
  local t=$1; shift
  local d="$bdir/corpus/$t"; mkdir -p "$d"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$d/$(echo "$f" | tr '/' '_')" 2>/dev/null || true; done
}
seed_dataset() {
  local d="$bdir/corpus/dataset"; mkdir -p "$d"
  local names=(dataset.json chains.json parks.csv parks.json enterprises.csv links.csv history.csv sites.csv)
  for k in "${!names[@]}"; do
    for f in datasets/tiny/"${names[$k]}" tests/bad/*/"${names[$k]}"; do
      [ -f "$f" ] || continue
      { printf "\\$(printf '%03o' "$k")"; cat "$f"; } > "$d/$k-$(echo "$f" | tr '/' '_')"
    done
  done
}
seed csv datasets/tiny/*.csv tests/bad/*/*.csv tests/data/sites1/*.csv
seed_dataset
seed scheme datasets/schemes/*.json
seed plan tests/golden/plan-tiny.json
seed problem tests/data/mcda/*.json
seed rankings tests/data/agree/small.json
seed relatedness tests/data/complexity/hand3x3.csv tests/data/complexity/trade_toy12x8.csv
seed model datasets/china2020/likelihood.json
seed snapshot tests/fuzz/seeds/snapshot/*
for t in "${targets[@]}"; do mkdir -p "$bdir/corpus/$t"; done

run_one() { # target seconds
  local t=$1 s=$2 log="$bdir/fuzz_$1.log"
  echo "== fuzz_$t ($s s)"
  # inputs that once failed (tests/fuzz/regressions/TARGET/): each run once first
  if [ -d "tests/fuzz/regressions/$t" ]; then
    (cd "$bdir" && CR_FUZZ_TINY="$root/datasets/tiny" "./tests/fuzz/fuzz_$t" "$root"/tests/fuzz/regressions/$t/* \
      >"$log" 2>&1) || { echo "fuzz_$t: a regression input fails:"; tail -40 "$log"; return 1; }
  fi
  # -rss_limit_mb: the readers hold their input and its parse, never more;
  # -timeout: one input may not take 10 s (a hang is a bug)
  (cd "$bdir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 CR_FUZZ_TINY="$root/datasets/tiny" \
    "./tests/fuzz/fuzz_$t" -max_total_time="$s" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 "corpus/$t" >"$log" 2>&1) || { echo "fuzz_$t FAILED:"; tail -40 "$log"; return 1; }
  grep -E "stat::number_of_executed_units|cov:" "$log" | tail -2 | sed 's/^/   /'
}
rc=0
if [ "$sel" = all ]; then
  for t in "${targets[@]}"; do run_one "$t" "$secs" || rc=1; done
else
  run_one "$sel" "$secs" || rc=1
fi
exit $rc
