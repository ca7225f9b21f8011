#!/usr/bin/env bash
# chainrank compare --rankings: golden JSON (values cross-checked by hand and
# against the pymcdm/rbo formulas in docs/agreement.md), table output, --out.
set -u
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
D="$CR_SOURCE_DIR/tests/data/agree"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$CHAINRANK" compare --rankings "$D/small.json" > "$tmp/out.json"
check "exit 0" "[ $? -eq 0 ]"
check "golden JSON" "diff -u '$D/small.expected.json' '$tmp/out.json'"
check "A/B weighted spearman 0.85" "grep -q '\"a\": \"A\", \"b\": \"B\", \"spearman\": 0.90000000000000002, \"kendall_tau_b\": 0.80000000000000004, \"kendall_tau_a\": 0.80000000000000004, \"weighted_spearman\": 0.84999999999999998, \"ws_ab\": 0.79166666666666674' '$tmp/out.json'"

"$CHAINRANK" compare --rankings "$D/small.json" --format json --out "$tmp/file.json"
check "--out exit 0" "[ $? -eq 0 ]"
check "--out same bytes as stdout" "cmp -s '$tmp/out.json' '$tmp/file.json'"
check "no temp file left" "[ -z \"\$(ls '$tmp' | grep tmp)\" ]"

"$CHAINRANK" --threads 1 compare --rankings "$D/small.json" > "$tmp/t1.json"
"$CHAINRANK" --threads 2 compare --rankings "$D/small.json" > "$tmp/t2.json"
check "1 vs 2 threads identical" "cmp -s '$tmp/t1.json' '$tmp/t2.json'"

"$CHAINRANK" compare --rankings "$D/small.json" --format table > "$tmp/t.txt"
check "table exit 0" "[ $? -eq 0 ]"
check "table has pair row" "grep -Eq '^A +C +0\.974679 +0\.948683 +0\.900000' '$tmp/t.txt'"
check "table has spread row" "grep -Eq '^1 +1\.000000 +2\.500000 +1\.833333' '$tmp/t.txt'"

"$CHAINRANK" compare 2> "$tmp/err"
check "no --rankings: exit 2" "[ $? -eq 2 ]"
check "no --rankings: message" "grep -q 'rankings RANKINGS.json is required' '$tmp/err'"
"$CHAINRANK" compare --rankings "$D/small.json" --format xml 2> "$tmp/err"
check "bad --format: exit 2" "[ $? -eq 2 ]"
"$CHAINRANK" compare --rankings "$tmp/missing.json" 2> "$tmp/err"
check "missing file: exit 4" "[ $? -eq 4 ]"
exit $fail
