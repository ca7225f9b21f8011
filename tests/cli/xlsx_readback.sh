#!/usr/bin/env bash
# Workbooks (--format xlsx, docs/outputs.md) end to end: xlsx_readback.py reads
# back every cell of rank/gaps/compare and vet/ledger/library workbooks
# (datasets/tiny and china2020) and compares them with the JSON of the same run, checks the frozen
# header, autofilter, typed numbers, Chinese headings under --lang zh and
# identical bytes for --threads 1 and 2 and a second later. Here: the refusals
# (no --out, "-" or a terminal: exit 2), --lang errors, an unwritable --out
# (exit 4, nothing left behind) and batch's one workbook per job.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/xlsx_readback_test"; rm -rf "$tmp"; mkdir -p "$tmp"
T=datasets/tiny; DS=datasets/schemes
R=(rank $T --park P1 --scheme $DS/balanced.json)

msg=$("$CHAINRANK" "${R[@]}" --format xlsx 2>&1 >/dev/null); check "$?" 2 "rank xlsx without --out"
check "$(printf '%s' "$msg" | grep -c 'give --out FILE.xlsx')" 1 "the message says what to do"
"$CHAINRANK" "${R[@]}" --format xlsx --out - >/dev/null 2>&1; check "$?" 2 "rank xlsx --out -"
if command -v script >/dev/null; then   # a terminal on stdout: the message names it
  out=$(script -qec "$CHAINRANK ${R[*]} --format xlsx" /dev/null 2>&1)
  check "$(printf '%s' "$out" | grep -c 'never to the terminal')" 1 "refused on a terminal"
fi
"$CHAINRANK" gaps $T --park P1 --format xlsx >/dev/null 2>&1; check "$?" 2 "gaps xlsx without --out"
"$CHAINRANK" compare $T --park P2 --schemes $DS/balanced.json $DS/chain-first.json --format xlsx >/dev/null 2>&1
check "$?" 2 "compare xlsx without --out"
# projects (issue 16): the same refusals for vet, ledger and library
"$CHAINRANK" vet $T --format xlsx >/dev/null 2>&1; check "$?" 2 "vet xlsx without --out"
"$CHAINRANK" ledger $T --format xlsx --out - >/dev/null 2>&1; check "$?" 2 "ledger xlsx --out -"
"$CHAINRANK" library $T --chain nev --scheme $DS/balanced.json --format xlsx >/dev/null 2>&1; check "$?" 2 "library xlsx without --out"
"$CHAINRANK" ledger $T --lang zh >/dev/null 2>&1; check "$?" 2 "ledger --lang without xlsx"
"$CHAINRANK" vet $T --format csv --lang en >/dev/null 2>&1; check "$?" 2 "vet --lang without xlsx"
"$CHAINRANK" ledger $T --overdue --format xlsx --out "$tmp/o.xlsx" >/dev/null 2>&1; check "$?" 2 "ledger --overdue with xlsx"
"$CHAINRANK" vet $T --projects $T/proposals.csv --policy $T/policy.json --format xlsx --out "$tmp/v.xlsx" >/dev/null 2>&1
check "$?" 6 "vet xlsx: exit 6 when a project is refused, the workbook written first"
check "$(head -c 2 "$tmp/v.xlsx" 2>/dev/null)" "PK" "vet's workbook"
rm -f "$tmp/v.xlsx"
"$CHAINRANK" "${R[@]}" --format xlsx --lang fr --out "$tmp/x.xlsx" >/dev/null 2>&1; check "$?" 2 "--lang fr"
"$CHAINRANK" "${R[@]}" --format csv --lang zh >/dev/null 2>&1; check "$?" 2 "--lang without xlsx: refused, not ignored"
"$CHAINRANK" gaps $T --park P1 --lang zh >/dev/null 2>&1; check "$?" 2 "gaps --lang without xlsx"
"$CHAINRANK" "${R[@]}" --format xlsx --out "$tmp/no-such-dir/x.xlsx" >/dev/null 2>&1; check "$?" 4 "unwritable --out"
check "$(ls "$tmp" | wc -l)" 0 "nothing left behind"
if [ -w /dev/full ]; then "$CHAINRANK" "${R[@]}" --format xlsx --out /dev/full >/dev/null 2>&1; check "$?" 4 "--out /dev/full"; fi
"$CHAINRANK" "${R[@]}" --format xlsx --out "$tmp/r.xlsx"; check "$?" 0 "rank xlsx"
check "$(head -c 2 "$tmp/r.xlsx")" "PK" "a zip"
check "$(ls "$tmp")" "r.xlsx" "no temporary left"

# batch: one workbook per job, the index names them; same bytes as rank's workbook of the same job
"$CHAINRANK" batch $T --plan tests/golden/plan-tiny.json --out "$tmp/b" --format xlsx --lang zh 2>/dev/null
check "$?" 0 "batch xlsx"
check "$(find "$tmp/b" -name '*.xlsx' | wc -l)" 10 "one workbook per job"
check "$(grep -c '\.xlsx,written$' "$tmp/b/index.csv")" 10 "index rows"
"$CHAINRANK" rank $T --park P2 --chain nev --scheme $DS/chain-first.json --top 10 --format xlsx --lang zh --out "$tmp/p2.xlsx"
cmp -s "$tmp/p2.xlsx" "$tmp/b/chain-first/nev/P2.xlsx"; check "$?" 0 "batch's workbook of a job = rank's (plan top 10)"

python3 tests/cli/xlsx_readback.py "$CHAINRANK" "$tmp"; check "$?" 0 "xlsx_readback.py"
echo "xlsx_readback: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
