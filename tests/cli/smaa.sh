#!/usr/bin/env bash
# chainrank smaa end to end: a hand-computed case (acceptabilities within
# Monte Carlo error, see tests/unit/test_smaa.c test_exact_3x3), identical
# bytes for --threads 1/2/4, --out, stdin, and bad problems (exit 3, message
# naming the key, nothing on stdout).
set -u
cd "${CR_SOURCE_DIR:?}" || exit 1
B="${CHAINRANK:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# near FILE KEY "v1 v2 ..." TOL : the first array after "KEY": in FILE equals the list to TOL.
near() {
    local got
    got=$(tr -d '\n' <"$1" | sed -n "s/.*\"$2\": \[\([^]]*\)\].*/\1/p" | tr -d ' [')
    if awk -v g="$got" -v w="$3" -v t="$4" 'BEGIN { n = split(g, a, ","); m = split(w, b, " ");
            if (n != m) exit 1; for (i = 1; i <= n; i++) { d = a[i] - b[i]; if (d < 0) d = -d; if (d > t) exit 1 } }'; then
        ok
    else
        bad "$1 $2: got [$got], want [$3] to $4"
    fi
}
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; cat "$1" >&2; fi; }
run() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): $*"; cat "$T/err" >&2; fi
}
badjson() {
    printf '%s' "$1" | "$B" smaa - >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq 3 ]; then ok; else bad "exit $rc (want 3) for $1"; fi
    if grep -qF -- "$2" "$T/err"; then ok; else bad "message for $1: want '$2', got: $(cat "$T/err")"; fi
    if [ -s "$T/out" ]; then bad "stdout not empty for $1"; else ok; fi
}

# A = (1,0,0), B = (0,1,0), C = (.5,.5,.5), WSM without normalisation:
# b_A = (1/4, 1/4, 1/2), b_C = (1/2, 1/2, 0); central weight of A (2/3, 1/6, 1/6).
# 40000 samples: 4.5 standard errors of 1/4 is 0.0098.
cat >"$T/p.json" <<'JSON'
{"method": "wsm", "matrix": [[1, 0, 0], [0, 1, 0], [0.5, 0.5, 0.5]], "types": [1, 1, 1],
 "params": {"normalization": "none"}, "samples": 40000, "seed": 42, "holistic": true}
JSON
run 0 "$B" smaa "$T/p.json"
cp "$T/out" "$T/ref"
near "$T/ref" acceptability "0.25 0.25 0.5" 0.01
near "$T/ref" central_weights "0.6667 0.1667 0.1667" 0.01
near "$T/ref" holistic "0.375 0.375 0.75" 0.01
has "$T/ref" '"samples": 40000'
has "$T/ref" '"seed": 42'
has "$T/ref" '"confidence": [1, 1, 1]'
for t in 1 2 4; do
    run 0 "$B" --threads "$t" smaa "$T/p.json"
    if cmp -s "$T/out" "$T/ref"; then ok; else bad "--threads $t output differs"; fi
done
run 0 "$B" smaa "$T/p.json" --out "$T/o.json"
if cmp -s "$T/o.json" "$T/ref"; then ok; else bad "--out differs"; fi
if [ -s "$T/out" ]; then bad "stdout not empty with --out"; else ok; fi
"$B" smaa - <"$T/p.json" >"$T/out" 2>"$T/err" && cmp -s "$T/out" "$T/ref" && ok || bad "stdin differs"

# An mcda problem with weights is accepted (the weights are ignored); intervals model.
run 0 "$B" smaa tests/data/mcda/vikor_ot2004.json
has "$T/out" '"method": "vikor"'
printf '%s' '{"method": "topsis", "matrix": [[1, 2], [2, 1], [1.5, 1.5]], "types": [1, 1], "samples": 500,
  "weights_model": {"kind": "intervals", "lo": [0.2, 0.3], "hi": [0.5, 0.8]}, "ranks": "all", "top_k": 2}' >"$T/i.json"
run 0 "$B" smaa "$T/i.json"
has "$T/out" '"weights_model": "intervals"'
has "$T/out" '"ranks": 3'

# Bad problems: exit 3, the key in the message, nothing on stdout.
M='"method": "wsm", "matrix": [[1, 2], [3, 1]], "types": [1, 1]'
badjson "{$M, \"samples\": 0}" "<stdin>: samples: 0 must be an integer in [1, 1000000000]"
badjson "{$M, \"samples\": 2.5}" "samples: 2.5 must be an integer"
badjson "{$M, \"seed\": \"abc\"}" 'seed: "abc" is not a decimal integer'
badjson "{$M, \"top_k\": 3}" "top_k: 3 must be an integer in [1, 2]"
badjson "{$M, \"weights_model\": {\"kind\": \"ordinal\", \"order\": [1, 1]}}" "weights_model.order[1]: criterion 1 listed twice"
badjson "{$M, \"weights_model\": {\"kind\": \"ordinal\", \"order\": [0, 2]}}" "weights_model.order[1]: 2 must be an integer in [0, 1]"
badjson "{$M, \"weights_model\": {\"kind\": \"intervals\", \"lo\": [0.5, 0], \"hi\": [0.4, 1]}}" "weights_model: lo[0] = 0.5 > hi[0] = 0.4"
badjson "{$M, \"weights_model\": {\"kind\": \"intervals\", \"lo\": [0, 0], \"hi\": [0.4, 0.4]}}" "infeasible intervals: the upper bounds sum to 0.8"
badjson "{$M, \"weights_model\": {\"kind\": \"intervals\", \"lo\": [0, 0]}}" "kind intervals needs lo and hi"
badjson "{$M, \"weights_model\": {\"kind\": \"simplex\", \"tilt\": 1}}" "weights_model.tilt: unknown key"
badjson "{$M, \"holistic\": 1}" "holistic: expected true or false"
badjson '{"method": "wsm", "matrix": [[1, 2], [3]], "types": [1, 1]}' "matrix[1]: row has 1 value, expected 2"
badjson '{"method": "electre", "matrix": [[1, 2]], "types": [1, 1]}' "method: unknown method 'electre'"

# Usage errors: exit 2.
run 2 "$B" smaa
run 2 "$B" smaa "$T/p.json" --bogus
run 4 "$B" smaa "$T/missing.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
