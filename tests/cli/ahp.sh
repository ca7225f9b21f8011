#!/usr/bin/env bash
# AHP as a person writes it (issue 18 §4, §5): pairwise entries as fractions
# ("1/3") and as decimals within 0.005 of the reciprocal (0.333, 0.33), the
# same weights as the exact matrix; a matrix from a ranking or scoring
# (pymcdm's rule); geometric-mean priorities; the CR beside the weights in
# rank's header and JSON; `weights` on a scheme file.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
T="$CR_BUILD_DIR/ahp_test"; rm -rf "$T"; mkdir -p "$T"
w() { printf '%s' "$1" | "$CHAINRANK" weights - 2>"$T/err"; }
field() { tr -d '\n ' | sed -n "s/.*\"$1\":\(\[[^]]*\]\|[^,}]*\).*/\1/p"; }
matrix() { tr -d '\n ' | sed -n 's/.*"pairwise":\(\[\[.*\]\]\).*/\1/p'; }

exact=$(w '{"weighting":{"method":"ahp","pairwise":[[1,3,5],[0.33333333333333331,1,3],[0.2,0.33333333333333331,1]]}}' | field weights)
frac=$(w '{"weighting":{"method":"ahp","pairwise":[[1,3,5],["1/3",1,"3"],["1/5","1/3",1]]}}' | field weights)
dec=$(w '{"weighting":{"method":"ahp","pairwise":[[1,3,5],[0.333,1,3],[0.2,0.33,1]]}}' | field weights)
check "$frac" "$exact" "fractions give the exact weights"
check "$dec" "$exact" "0.333 and 0.33 count as 1/3"
w '{"weighting":{"method":"ahp","pairwise":[[1,3],[0.3,1]]}}' >/dev/null; check "$?" 3 "0.3 is not 1/3 to two decimals"
check "$(grep -c 'pairwise\[1\]\[0\]: 0.29999999999999999 is not the reciprocal' "$T/err")" 1 "message names the entry"
w '{"weighting":{"method":"ahp","pairwise":[[1,"x"],["1/0",1]]}}' >/dev/null; check "$?" 3 "bad judgement string"
check "$(grep -c "pairwise\[0\]\[1\]: 'x' is not a judgement" "$T/err")" 1 "bad judgement message"

# geometric mean, hand-computed (docs/mcda.md): (0.636986, 0.258285, 0.104729)
gm=$(w '{"weighting":{"method":"ahp","priority":"geometric-mean","pairwise":[[1,3,5],["1/3",1,3],["1/5","1/3",1]]}}' | field weights)
check "$(printf '%s' "$gm" | awk -F'[][,]' '{printf "%.6f %.6f %.6f", $2, $3, $4}')" "0.636986 0.258285 0.104729" "geometric-mean weights"
# ranking (1, 2, 3) -> pymcdm's matrix [[1,2,3],[1/2,1,1],[1/3,1,1]]
out=$(w '{"weighting":{"method":"ahp","ranking":[1,2,3]}}')
check "$(printf '%s' "$out" | matrix | tr -d '[]')" "1,2,3,0.5,1,1,0.33333333333333331,1,1" "matrix from a ranking"
out=$(w '{"weighting":{"method":"ahp","scoring":[10,30,20]}}')
check "$(printf '%s' "$out" | matrix | tr -d '[]')" "1,0.33333333333333331,1,3,1,2,1,0.5,1" "matrix from a scoring"
w '{"weighting":{"method":"ahp","ranking":[1,2],"pairwise":[[1,2],[0.5,1]]}}' >/dev/null; check "$?" 3 "ranking and pairwise together"

# schemes: the same forms, the CR in rank's header and JSON, weights SCHEME.json
S="$T/s.json"
cat > "$S" <<'J'
{"name": "typed", "criteria": [{"id": "gap"}, {"id": "partners"}, {"id": "resources"}],
 "weighting": {"method": "ahp", "pairwise": [[1, 3, 5], ["1/3", 1, 3], [0.2, 0.33, 1]]},
 "aggregation": {"method": "wsm"}}
J
sw=$("$CHAINRANK" weights "$S"); check "$?" 0 "weights SCHEME.json"
check "$(printf '%s' "$sw" | field weights)" "$exact" "scheme with typed judgements: exact weights"
check "$(printf '%s' "$sw" | field cr)" "$(w '{"weighting":{"method":"ahp","pairwise":[[1,3,5],["1/3",1,3],["1/5","1/3",1]]}}' | field cr)" "scheme CR"
hdr=$("$CHAINRANK" rank datasets/tiny --park P1 --scheme "$S" --top 1 | sed -n 3p)
check "$(printf '%s' "$hdr" | grep -c 'AHP consistency ratio CR 0.0[0-9][0-9]')" 1 "CR in rank's header"
check "$("$CHAINRANK" rank datasets/tiny --park P1 --scheme "$S" --top 1 --format json | grep -c '"ahp": {"lambda_max": [0-9.]*, "ci": [0-9.e-]*, "cr": ')" 1 "CR in rank's JSON"
sed 's/"pairwise": .*]]}/"ranking": [1, 2, 3], "priority": "geometric-mean"}/' "$S" > "$T/r.json"
"$CHAINRANK" weights "$T/r.json" >/dev/null; check "$?" 0 "scheme with ranking and priority"
check "$("$CHAINRANK" weights datasets/schemes/green-objective.json | field weights)" "null" "objective scheme: weights per list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
