#!/usr/bin/env bash
# A plan that lists a park, a chain or a job twice is refused, naming both
# entries (issue 18: such jobs ran twice, their file written twice, without
# a word). Nothing is written.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/plan_dup_test"; rm -rf "$tmp"; mkdir -p "$tmp"
S="$CR_SOURCE_DIR/datasets/schemes/balanced.json"
run() { # plan-json expected-message
  printf '%s' "$1" > "$tmp/plan.json"
  err=$("$CHAINRANK" batch datasets/tiny --plan "$tmp/plan.json" --out "$tmp/out" 2>&1 >/dev/null); rc=$?
  check "$rc" 3 "exit for $1"
  check "$(printf '%s\n' "$err" | grep -cF -- "$2")" 1 "message for $1: $err"
  check "$([ -e "$tmp/out" ] && echo written || echo none)" none "nothing written for $1"
}
run '{"schemes": ["'"$S"'"], "parks": ["P1", "P2", "P1"]}' 'parks[2]: park '"'P1'"' is already parks[0]: each park is listed once'
run '{"schemes": ["'"$S"'"], "parks": ["P1"], "chains": ["nev", "nev"]}' "chains[1]: chain 'nev' is already chains[0]"
run '{"jobs": [{"park": "P1", "chain": "nev", "scheme": "'"$S"'"}, {"park": "P2", "chain": "nev", "scheme": "'"$S"'"},
  {"park": "P1", "chain": "nev", "scheme": "'"$S"'"}]}' "jobs[2]: the same park, chain and scheme as jobs[0]"
printf '{"schemes": ["%s"], "parks": ["P1", "P2"]}' "$S" > "$tmp/plan.json"
"$CHAINRANK" batch datasets/tiny --plan "$tmp/plan.json" --out "$tmp/ok" 2>/dev/null; check "$?" 0 "distinct parks run"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
