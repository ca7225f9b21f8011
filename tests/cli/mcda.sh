#!/usr/bin/env bash
# chainrank mcda / weights end to end: published examples (values to 1e-6),
# every bad-problem case (message + exit 3), AHP refusal (exit 6), --out,
# stdin. Expected values and their sources are given at each check; see
# tests/unit/test_mcda.c and tests/data/mcda/reference.py.
set -u
cd "${CR_SOURCE_DIR:?}" || exit 1
B="${CHAINRANK:?}"
D=tests/data/mcda
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# near FILE KEY "v1 v2 ..." : the array "KEY": [...] in FILE equals the list to 1e-6.
near() {
    local got
    got=$(tr -d '\n' <"$1" | sed -n "s/.*\"$2\": \[\([^]]*\)\].*/\1/p" | tr -d ' ')
    if awk -v g="$got" -v w="$3" -v t="${4:-1e-6}" 'BEGIN { n = split(g, a, ","); m = split(w, b, " ");
            if (n != m) exit 1; for (i = 1; i <= n; i++) { d = a[i] - b[i]; if (d < 0) d = -d; if (d > t + 0) exit 1 } }'; then
        ok
    else
        bad "$1 $2: got [$got], want [$3]"
    fi
}
# has FILE TEXT : FILE contains TEXT literally.
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks '$2'"; cat "$1" >&2; fi; }
# run EXPECTED_EXIT CMD... : stdout -> $T/out, stderr -> $T/err.
run() {
    local want=$1; shift
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq "$want" ]; then ok; else bad "exit $rc (want $want): $*"; cat "$T/err" >&2; fi
}
# badjson 'JSON' 'expected message' : mcda on stdin exits 3 with the message.
badjson() {
    printf '%s' "$1" | "$B" mcda - >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -eq 3 ]; then ok; else bad "exit $rc (want 3) for $1"; fi
    if grep -qF -- "$2" "$T/err"; then ok; else bad "message for $1: want '$2', got: $(cat "$T/err")"; fi
    if [ -s "$T/out" ]; then bad "stdout not empty for $1"; else ok; fi
}

# VIKOR, Opricovic & Tzeng (2004) example data (f1 cost, f2 benefit, equal
# weights), hand-computed: S = (.5, .375, .5), R = (.5, .25, .5), Q = (1, 0, 1),
# compromise {A2} with both conditions met. Weights [1, 1] normalise to .5.
run 0 "$B" mcda $D/vikor_ot2004.json
near "$T/out" weights "0.5 0.5"
near "$T/out" S "0.5 0.375 0.5"
near "$T/out" R "0.5 0.25 0.5"
near "$T/out" Q "1 0 1"
near "$T/out" scores "1 0 1"
near "$T/out" ranks "2 1 3"
near "$T/out" compromise "1"
has "$T/out" '"acceptable_advantage": true'
has "$T/out" '"acceptable_stability": true'

# TOPSIS, pymcdm docstring example: [0.500, 0.617, 0.500]; ties by index.
run 0 "$B" mcda $D/topsis_pymcdm.json
near "$T/out" scores "0.5 0.6172177814626812 0.5"
near "$T/out" ranks "2 1 3"
has "$T/out" '0.61721778146268'

# WSM with sum normalisation and AHP weights from matrix_csv (header row);
# AHP 4x4 and scores from tests/data/mcda/reference.py (numpy).
run 0 "$B" mcda $D/wsm_ahp.json
near "$T/out" weights "0.5984482883996641 0.22424394133860806 0.11709914208263406 0.06020862817909368"
has "$T/out" '"lambda_max": 4.00795444307239'
has "$T/out" '"cr": 0.00294609002681'
near "$T/out" scores "0.3381545302984368 0.15326898769289543 0.20786417846813438 0.06833598470143908 0.23237631883909438"
near "$T/out" ranks "1 4 3 5 2"

# "weights_as_given": pymcdm's WSM docstring example, weights summing to 2 used
# as given (issue 18 §5): pymcdm's printed scores, to its 3 decimals; without
# the switch the weights are rescaled to 1 and every score halves.
run 0 "$B" mcda $D/wsm_as_given.json
near "$T/out" scores "0.609 0.313 0.334 0.265 0.479" 5e-4
has "$T/out" '"weights": [0.61538461538461542, 0.38461538461538464'
grep -v weights_as_given $D/wsm_as_given.json | "$B" mcda - >"$T/out" 2>"$T/err"
near "$T/out" scores "0.3045 0.1563 0.1671 0.1327 0.2395" 5e-4
badjson '{"method":"wsm","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"equal"},"weights_as_given":true}' 'weights_as_given: only for given "weights"'
badjson '{"method":"wsm","matrix":[[1,2]],"types":[1,1],"weights":[1,1],"weights_as_given":1}' 'weights_as_given: expected true or false, got a number'

# Entropy weights + TOPSIS (vector) on pymcdm's WSM docstring matrix (reference.py).
run 0 "$B" mcda $D/entropy_topsis.json
near "$T/out" weights "0.12436826005432725 0.4382735268990811 0.12043648916068528 0.3169217238859064"
near "$T/out" scores "0.8730364082311355 0.39248165020736014 0.2844630116313094 0.38963945463820987 0.46143888363443647"
near "$T/out" ranks "1 3 5 4 2"

# weights command: only the weights part.
run 0 "$B" weights $D/entropy_topsis.json
has "$T/out" '"weights"'
if grep -q '"scores"' "$T/out"; then bad "weights printed scores"; else ok; fi

# AHP CR > 0.1: refused with exit 6; forced: computed and reported.
# Cyclic 9-judgements: lambda = 91/9, CI = 3.5556, CR = 6.1303 (hand).
run 6 "$B" weights $D/ahp_inconsistent.json
has "$T/err" 'consistency ratio CR = 6.1303 > 0.1'
run 6 "$B" mcda - < <(printf '{"method":"wsm","matrix":[[1,2,3]],"types":[1,1,1],"weighting":{"method":"ahp","pairwise":[[1,9,0.1111111111111111],[0.1111111111111111,1,9],[9,0.1111111111111111,1]]}}')
sed 's/"pairwise"/"force": true, "pairwise"/' $D/ahp_inconsistent.json >"$T/forced.json"
run 0 "$B" weights "$T/forced.json"
has "$T/out" '"cr": 6.13026819923'
near "$T/out" weights "0.3333333333333333 0.3333333333333333 0.3333333333333333"

# --out writes atomically (no temp file left), stdin works.
run 0 "$B" mcda $D/topsis_pymcdm.json --out "$T/res.json"
has "$T/res.json" '"ranks": [2, 1, 3]'
if ls "$T"/res.json.tmp.* >/dev/null 2>&1; then bad "temp file left"; else ok; fi
run 0 "$B" mcda - <$D/topsis_pymcdm.json
has "$T/out" '"ranks": [2, 1, 3]'

# Usage and I/O errors.
run 2 "$B" mcda
run 2 "$B" mcda a.json b.json
run 2 "$B" mcda $D/topsis_pymcdm.json --bogus
run 4 "$B" mcda "$T/does-not-exist.json"
badjson_io='{"method":"topsis","matrix_csv":"no/such.csv","types":[1],"weights":[1]}'
printf '%s' "$badjson_io" | "$B" mcda - >/dev/null 2>"$T/err"
if [ $? -eq 4 ]; then ok; else bad "missing matrix_csv should exit 4"; fi
has "$T/err" "matrix_csv: cannot open 'no/such.csv'"

# Every bad problem: exit 3 and a message naming the key and index.
G='"types":[1,1],"weights":[1,1]'
badjson '[1,2]' 'the problem must be a JSON object, got an array'
badjson '{"method":"topsis",' 'JSON syntax error'
badjson '{"method":"topsis","matrix":[[1,2]],'"$G"'} x' '1:68: unexpected text after the JSON value'
badjson '{"method":"electre","matrix":[[1,2]],'"$G"'}' "method: unknown method 'electre' (known: wsm, topsis, vikor)"
badjson '{"matrix":[[1,2]],'"$G"'}' 'method: missing'
badjson '{"method":"topsis","matrix":[[1,2],[3,4],[5,6],[7,8,9]],'"$G"'}' 'matrix[3]: row has 3 values, expected 2'
badjson '{"method":"topsis","matrix":[[1,2],[3]],'"$G"'}' 'matrix[1]: row has 1 value, expected 2'
badjson '{"method":"topsis","matrix":[],'"$G"'}' 'matrix: empty (no rows)'
badjson '{"method":"topsis","matrix":[[]],'"$G"'}' 'matrix[0]: empty row'
badjson '{"method":"topsis",'"$G"'}' 'matrix: missing (give matrix or matrix_csv)'
badjson '{"method":"topsis","matrix":[[1,2],[3,-4]],'"$G"',"params":{"normalization":"vector"}}' 'matrix[1][1]: -4 is negative; vector normalization needs values >= 0 (minmax and none accept negatives)'
badjson '{"method":"topsis","matrix":[[1,2],[3,-4]],"types":[1,1],"weighting":{"method":"entropy"}}' 'matrix[1][1]: -4 is negative; weighting entropy needs values >= 0'
badjson '{"method":"topsis","matrix":[[1,2],[3,4]],"types":[1,1],"weights":[1,-1]}' 'weights[1]: -1 is negative'
badjson '{"method":"topsis","matrix":[[1,2],[3,1e999]],'"$G"'}' 'matrix[1][1]: inf is not finite'
badjson '{"method":"topsis","matrix":[[1,2],[3,"x"]],'"$G"'}' 'matrix[1][1]: expected a number, got a string'
badjson '{"method":"topsis","matrix":[[1,2],[3,NaN]],'"$G"'}' 'JSON syntax error'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1],"weights":[1,1]}' 'types: has 1 values, expected 2 (one per criterion)'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,0],"weights":[1,1]}' 'types[1]: 0 is not 1 (benefit) or -1 (cost)'
badjson '{"method":"topsis","matrix":[[1,2]],"weights":[1,1]}' 'types: missing'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weights":[1,1,1]}' 'weights: has 3 values, expected 2 (one per criterion)'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weights":[1,-1]}' 'weights[1]: -1 is negative'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weights":[0,0]}' 'weights: sum to 0; the sum must be > 0'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1]}' 'weights: missing (give weights or weighting)'
badjson '{"method":"topsis","matrix":[[1,2]],'"$G"',"weighting":{"method":"equal"}}' 'give either weights or weighting, not both'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"magic"}}' "weighting.method: unknown weighting method 'magic' (known: given, ahp, entropy, critic, std, equal)"
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"ahp"}}' 'weighting.pairwise: missing (required for ahp)'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"ahp","pairwise":[[1,2],[0.4,1]]}}' 'weighting.pairwise[1][0]: 0.40000000000000002 is not the reciprocal of pairwise[0][1] = 2 (expected 0.5)'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"ahp","pairwise":[[1,0],[0,1]]}}' 'weighting.pairwise[0][1]: 0 must be positive and finite'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"ahp","pairwise":[[1,2,3],[0.5,1,1],[0.3333333333333333,1,1]]}}' 'weighting.pairwise: 3 x 3, but the matrix has 2 criteria'
badjson '{"method":"topsis","matrix":[[1,2]],"types":[1,1],"weighting":{"method":"ahp","pairwise":[[1,2]]}}' 'weighting.pairwise: 1 x 2, must be square'
badjson '{"method":"topsis","matrix":[[1,2],[1,2]],"types":[1,1],"weighting":{"method":"std"}}' 'weighting std: every criterion is constant; weights undefined'
badjson '{"method":"topsis","matrix":[[1,2]],'"$G"',"params":{"normalization":"zscore"}}' "params.normalization: unknown normalization 'zscore'"
badjson '{"method":"vikor","matrix":[[1,2]],'"$G"',"params":{"v":2}}' 'params.v: 2 must be in [0, 1]'
badjson '{"method":"topsis","matrix":[[1,2]],'"$G"',"parms":{}}' 'parms: unknown key'
badjson '{"method":"topsis","matrix":[[0,2],[1,3]],'"$G"',"params":{"normalization":"sum"}}' 'matrix[0][0]: 0: sum normalization needs values > 0'
printf 'a,b\n1,2\n3\n' >"$T/ragged.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/ragged.csv",'"$G"'}' "ragged.csv:3: row has 1 value, expected 2"
printf '1,2\n3,x\n' >"$T/nan.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/nan.csv",'"$G"'}' "nan.csv:2: field 2: 'x' is not a number"
printf '1,2\n3,nan\n' >"$T/nan2.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/nan2.csv",'"$G"'}' "nan2.csv:2: field 2: 'nan' is not a number"
# issue 18 §1.10: one number grammar (src/io/number.h): no hex, overflow is not finite
printf '1,2\n3,0x10\n' >"$T/hex.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/hex.csv",'"$G"'}' "hex.csv:2: field 2: '0x10' is not a number"
printf '1,2\n3,1e400\n' >"$T/huge.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/huge.csv",'"$G"'}' "huge.csv:2: field 2: matrix[1][1]: inf must be finite"
# §1.11: a repeated key is refused with its position, not "first wins"
badjson '{"method":"topsis","matrix":[[1,2],[2,1]],'"$G"',"method":"nope"}' '1:73: duplicate key "method" (first at line 1, column 2)'
printf 'a,b\n' >"$T/empty.csv"
badjson '{"method":"topsis","matrix_csv":"'"$T"'/empty.csv",'"$G"'}' "empty.csv: no data rows"

# issue 18 §1.9: values near 1e308 whose sum of squares (or sum) overflows are
# summed scaled by a power of two, so they rank as the same matrix divided by
# 1e307 does (exact scores by hand, tests/cli: [[10,1],[5,10]]); before, a 0.5/0.5 tie.
for nm in "vector 0.3330587022638095 0.6669412977361905" "sum 0.2894736842105263 0.7105263157894737"; do
    set -- $nm
    printf '{"method":"topsis","matrix":[[1e308,1e307],[5e307,1e308]],"types":[1,1],"weights":[0.5,0.5],"params":{"normalization":"%s"}}' "$1" >"$T/big.json"
    run 0 "$B" mcda "$T/big.json"
    near "$T/out" scores "$2 $3"
done

# CRITIC and std take negative values; a shift of a column changes nothing (issue 18 §5).
for wm in critic std; do
  printf '{"matrix":[[1,2],[3,-4],[5,0]],"weighting":{"method":"%s"}}' $wm | "$B" weights - >"$T/neg" 2>"$T/err"
  if [ $? -eq 0 ]; then ok; else bad "weights $wm with negatives: exit $?"; cat "$T/err" >&2; fi
  printf '{"matrix":[[11,12],[13,6],[15,10]],"weighting":{"method":"%s"}}' $wm | "$B" weights - >"$T/pos" 2>"$T/err"
  if cmp -s "$T/neg" "$T/pos"; then ok; else bad "weights $wm: a shifted matrix gives other weights"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
