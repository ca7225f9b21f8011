#!/usr/bin/env bash
# chainrank compare: every kind of bad rankings document exits 3 with a
# message naming the key and index; no output file is left behind.
set -u
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
bad() {   # bad 'JSON' 'expected message fragment'
  n=$((n + 1))
  printf '%s' "$1" > "$tmp/in$n.json"
  "$CHAINRANK" compare --rankings "$tmp/in$n.json" --out "$tmp/out$n.json" 2> "$tmp/err$n"
  local rc=$?
  if [ $rc -eq 3 ] && grep -qF -- "$2" "$tmp/err$n" && [ ! -e "$tmp/out$n.json" ]; then
    echo "ok: $2"
  else
    echo "FAIL (rc=$rc): expected '$2', got: $(cat "$tmp/err$n")"; fail=1
  fi
}
bad '[1, 2]' 'must be a JSON object'
bad '{"rankings": {"A": [1,2' 'malformed JSON'
bad '{"top_k": 2}' 'missing key "rankings"'
bad '{"rankings": {"A": [1,2], "B": [2,1]}} x' 'line 1, column 40: unexpected text after the JSON document'
bad '{"rankings": {}}' 'need at least 2 rankings to compare, got 0'
bad '{"rankings": [[1,2],[2,1]]}' 'rankings: must be an object'
bad '{"rankings": {"A": [1,2,3]}}' 'need at least 2 rankings to compare, got 1'
bad '{"rankings": {"A": [1,2,3], "B": [1,2]}}' 'rankings.B: has 2 ranks but rankings.A has 3'
bad '{"rankings": {"A": [1,2,3], "B": "x"}}' 'rankings.B: must be an array'
bad '{"rankings": {"A": [1,2,3], "B": [1,2.5,3]}}' 'rankings.B[1]: rank 2.5 is not an integer'
bad '{"rankings": {"A": [1,2,3], "B": [1,0,3]}}' 'rankings.B[1]: rank 0 is not positive'
bad '{"rankings": {"A": [1,2,3], "B": [1,-2,3]}}' 'rankings.B[1]: rank -2 is not positive'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,4]}}' 'rankings.B[2]: rank 4 > n = 3'
bad '{"rankings": {"A": [1,2,3], "B": [1,"2",3]}}' 'rankings.B[1]: rank must be a number'
bad '{"rankings": {"A": [1,2,3], "B": [1,null,3]}}' 'rankings.B[1]: rank must be a number'
bad '{"rankings": {"A": [1,2,3], "B": [1,NaN,3]}}' 'malformed JSON'
bad '{"rankings": {"A": [1,2,3], "B": [1,1e999,3]}}' 'rankings.B[1]: rank is not finite'
bad '{"rankings": {"A": [1,2,3], "A": [1,2,3]}}' 'line 1, column 29: duplicate key "A" (first at line 1, column 15)'
bad '{"rankings": {"A": [1], "B": [1]}}' 'need at least 2 alternatives'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "top_k": 0}' 'top_k: 0 outside 1..n = 3'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "top_k": 4}' 'top_k: 4 outside 1..n = 3'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "top_k": 1.5}' 'top_k: must be an integer'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "rbo_p": 1}' 'rbo_p: 1 outside the open interval (0,1)'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "rbo_p": 0}' 'rbo_p: 0 outside'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "rbo_p": "x"}' 'rbo_p: must be a number'
bad '{"rankings": {"A": [1,2,3], "B": [1,2,3]}, "topk": 2}' 'unknown key "topk"'
# The file name is part of the message.
printf '{"rankings": {"A": [1,2], "B": [3,1]}}' > "$tmp/named.json"
"$CHAINRANK" compare --rankings "$tmp/named.json" 2> "$tmp/err"
if [ $? -eq 3 ] && grep -qF "$tmp/named.json: rankings.B[0]: rank 3 > n = 2" "$tmp/err"; then echo "ok: file named"; else echo "FAIL: file named: $(cat "$tmp/err")"; fail=1; fi
# Defaults: top_k = min(10, n), rbo_p = 0.9.
printf '{"rankings": {"A": [1,2,3], "B": [3,2,1]}}' > "$tmp/def.json"
"$CHAINRANK" compare --rankings "$tmp/def.json" > "$tmp/def.out"
if grep -q '"top_k": 3,' "$tmp/def.out" && grep -q '"rbo_p": 0.90000000000000002' "$tmp/def.out" \
   && grep -q '"spearman": -1,' "$tmp/def.out"; then echo "ok: defaults"; else echo "FAIL: defaults"; fail=1; fi
exit $fail
