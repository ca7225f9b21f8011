#!/usr/bin/env bash
# gaps and validate end to end: the hand-worked case's JSON, the shipped
# datasets validate clean, bad arguments give the documented exit codes, and
# --out writes atomically (no temp file left behind).
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
out=$("$CHAINRANK" gaps tests/data/gaps1 --park P --chain k1 --format json)
check "$?" 0 "gaps json exit"
check "$(printf '%s' "$out" | grep -o '"id": "C"[^}]*' | grep -o '"status": "[a-z]*"')" '"status": "weak"' "C weak"
check "$(printf '%s' "$out" | grep -o '"id": "C"[^}]*' | grep -o '"coverage": [0-9.]*')" '"coverage": 0.59999999999999998' "C coverage"
check "$(printf '%s' "$out" | grep -o '"gaps": {.*}')" '"gaps": {"supplement": ["A"], "strengthen": ["C"], "extend": ["D", "E"]}}' "gap list"
tbl=$("$CHAINRANK" gaps tests/data/gaps1 --park P)
check "$(printf '%s\n' "$tbl" | grep -c '^ *[0-9]*\. ')" 4 "table gap rows"
"$CHAINRANK" gaps tests/data/gaps1 --park NOPE >/dev/null 2>&1; check "$?" 5 "unknown park"
"$CHAINRANK" gaps tests/data/gaps1 --park P --chain NOPE >/dev/null 2>&1; check "$?" 5 "unknown chain"
"$CHAINRANK" gaps tests/data/gaps1 >/dev/null 2>&1; check "$?" 2 "missing --park"
"$CHAINRANK" gaps tests/data/gaps1 --park P --format xml >/dev/null 2>&1; check "$?" 2 "bad format"
"$CHAINRANK" validate >/dev/null 2>&1; check "$?" 2 "validate without dataset"
"$CHAINRANK" nosuch >/dev/null 2>&1; check "$?" 2 "unknown command"
"$CHAINRANK" gaps tests/bad/22-shares-not-one --park P1 >/dev/null 2>&1; check "$?" 3 "gaps refuses an invalid dataset"
tmp="$CR_BUILD_DIR/gaps_out_test"; rm -rf "$tmp"; mkdir -p "$tmp"
"$CHAINRANK" gaps tests/data/gaps1 --park P --format json --out "$tmp/g.json"; check "$?" 0 "--out"
check "$(cat "$tmp/g.json")" "$out" "--out same bytes as stdout"
check "$(ls "$tmp" | wc -l)" 1 "no temp file left"
"$CHAINRANK" gaps tests/data/gaps1 --park P --out "$tmp/missing-dir/g.txt" >/dev/null 2>&1; check "$?" 4 "unwritable --out"
for d in datasets/tiny datasets/china2020; do
  "$CHAINRANK" validate "$d" >/dev/null; check "$?" 0 "validate $d"
done
a=$("$CHAINRANK" --threads 1 gaps datasets/china2020 --park G311082 --chain nev --format json)
b=$("$CHAINRANK" --threads 2 gaps datasets/china2020 --park G311082 --chain nev --format json)
check "$a" "$b" "same bytes at 1 and 2 threads"
# issue 18 §4: CSV, tenants by name per segment, the chain's edges in the JSON
csv=$("$CHAINRANK" gaps tests/data/gaps1 --park P --chain k1 --format csv); check "$?" 0 "gaps csv exit"
check "$(printf '%s\n' "$csv" | head -1)" "park,chain,segment,name,stage,key,importance,supply,demand,coverage,tenants,status,gap,priority,gap_rank,tenant_ids,tenant_names" "csv header"
check "$(printf '%s\n' "$csv" | grep -c '^P,k1,')" "$(printf '%s' "$out" | grep -o '"id": "[A-Z]", "name"' | wc -l | tr -d ' ')" "one csv row per segment"
check "$(printf '%s\n' "$csv" | awk -F, '$3 == "C" {print $12, $15}')" "weak 2" "C weak, second in the gap list"
check "$(printf '%s' "$out" | grep -c '"edges": \[{"from": ')" 1 "edges in the JSON"
check "$(printf '%s' "$out" | grep -o '"tenant_list": \[[^]]*\]' | head -2 | wc -l | tr -d ' ')" 2 "tenant lists in the JSON"
t=$("$CHAINRANK" gaps datasets/tiny --park P1)
check "$(printf '%s\n' "$t" | grep -A5 'Tenants by segment' | grep -c '^  cell  *宁远电池$')" 1 "tenant names in the table"
check "$("$CHAINRANK" gaps datasets/tiny --park P1 --format csv | awk -F, '$3 == "cell" {print $16 "|" $17}')" "E1|宁远电池" "tenant ids and names in the csv"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
