#!/usr/bin/env bash
# The table-driven option parser (src/cli/opts.c): the commands' usage messages and exit codes, byte for
# byte as the hand-written loops gave them: an unknown option, an option that takes a value given last,
# a second DATASET, a bad number naming the option, an enum value, a list option, a repeated one-time
# option, a flag, and empty or padded numbers. Every case exits 2 (usage) before any file is read.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
T=datasets/tiny
S=datasets/schemes/balanced.json
check() {   # expected-message args...
  local want=$1; shift
  local got; got=$("$CHAINRANK" "$@" 2>&1 >/dev/null); local rc=$?
  if [ "$got" = "$want" ] && [ "$rc" -eq 2 ]; then pass=$((pass+1))
  else fail=$((fail+1)); echo "FAIL: chainrank $*: got [$rc] '$got', want [2] '$want'"; fi
}
check "chainrank: parks: usage error: unknown or incomplete option '--bogus'" parks $T --bogus
check "chainrank: parks: usage error: unknown or incomplete option '--chain'" parks $T --chain
check "chainrank: parks: usage error: one DATASET folder expected, got 'x' too" parks $T x
check "chainrank: chains: usage error: --format must be table, json, csv or xlsx, got 'yaml'" chains $T --format yaml
check "chainrank: vet: usage error: unknown option '--policy'" vet $T --policy
check "chainrank: vet: usage error: give --project or --projects once" vet $T --project a.json --projects b.csv
check "chainrank: ledger: usage error: --top wants a positive integer, got '0'" ledger $T --by scheme --top 0
check "chainrank: ledger: usage error: --top wants a positive integer, got '5x'" ledger $T --top 5x
check "chainrank: ledger: usage error: --by must be park, chain, year or scheme, got 'month'" ledger $T --by month
check "chainrank: ledger: usage error: --schemes needs --by scheme" ledger $T --schemes $S
check "chainrank: ledger: usage error: --by scheme needs --schemes A.json [B.json ...]" ledger $T --by scheme --schemes --overdue
check "chainrank: library: usage error: --tier-b wants a whole number, got '-1'" library $T --tier-b -1
check "chainrank: library: usage error: --top wants a whole number, got '0'" library $T --top 0
check "chainrank: rank: usage error: --top wants an integer >= 0 (0 = all), got '1.5'" rank $T --top 1.5
check "chainrank: sites: usage error: --top wants an integer in 0..100000000, got ''" sites $T --top ''
# an empty, blank-padded or '+'-signed number is refused like any other (strtol alone reads "" as 0)
check "chainrank: rank: usage error: --top wants an integer >= 0 (0 = all), got ''" rank $T --top ''
check "chainrank: rank: usage error: --top wants an integer >= 0 (0 = all), got ' 5'" rank $T --top ' 5'
check "chainrank: library: usage error: --top wants a whole number, got '+5'" library $T --top +5
check "chainrank: validate: usage error: --max-errors wants a positive integer" validate $T --max-errors 0
check "chainrank: validate: usage error: unknown option '-x'" validate -x $T
check "chainrank: batch: usage error: --format must be csv, json or xlsx" batch $T --format table
check "chainrank: batch: usage error: missing --plan PLAN.json" batch $T --quiet --resume
check "chainrank: gaps: usage error: missing --park P" gaps $T --format json
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
