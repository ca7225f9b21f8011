#!/usr/bin/env bash
# Every entry point that takes an aggregation method, a weighting method or a
# normalisation by name refuses an unknown name: exit 3, a message naming the
# file and the key, and the list of known names from the one registry
# (src/mcda/methods.c), never a silent default (compare mapped unknown
# methods to WSM and smaa to VIKOR before the registry).
set -u
cd "${CR_SOURCE_DIR:?}" || exit 1
B="${CHAINRANK:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
METHODS='known: wsm, topsis, vikor'
WEIGHTINGS='known: given, ahp, entropy, critic, std, equal'
NORMS='known: minmax, vector, max, sum, none'
# refused WHAT EXPECTED-FRAGMENT... -- CMD...: exit 3, every fragment in stderr, nothing on stdout.
refused() {
    local what=$1; shift
    local frags=()
    while [ "$1" != "--" ]; do frags+=("$1"); shift; done
    shift
    "$@" >"$T/out" 2>"$T/err"
    local rc=$? ok=1
    [ "$rc" -eq 3 ] || { echo "FAIL: $what: exit $rc, want 3" >&2; ok=0; }
    for f in "${frags[@]}"; do
        grep -qF -- "$f" "$T/err" || { echo "FAIL: $what: stderr lacks '$f': $(cat "$T/err")" >&2; ok=0; }
    done
    [ -s "$T/out" ] && { echo "FAIL: $what: stdout not empty" >&2; ok=0; }
    if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

# mcda, weights, smaa: one problem parser, three commands.
P='"matrix": [[1, 2], [3, 1]], "types": [1, 1]'
printf '{"method": "electre", %s, "weights": [1, 1]}' "$P" >"$T/m.json"
printf '{"method": "wsm", %s, "weighting": {"method": "magic"}}' "$P" >"$T/w.json"
printf '{"method": "wsm", %s, "weights": [1, 1], "params": {"normalization": "zscore"}}' "$P" >"$T/n.json"
printf '{"method": "wsm", %s, "weights": [1, 1], "params": {"q": 0.1}}' "$P" >"$T/q.json"
for cmd in mcda weights smaa; do
    refused "$cmd method" "$T/m.json: method: unknown method 'electre' ($METHODS)" -- "$B" $cmd "$T/m.json"
    refused "$cmd weighting" "$T/w.json: weighting.method: unknown weighting method 'magic' ($WEIGHTINGS)" -- "$B" $cmd "$T/w.json"
    refused "$cmd normalization" "$T/n.json: params.normalization: unknown normalization 'zscore' ($NORMS)" -- "$B" $cmd "$T/n.json"
    refused "$cmd parameter" "$T/q.json: params.q: unknown key" -- "$B" $cmd "$T/q.json"
done

# Schemes: rank, compare (DATASET mode) and batch read them with one parser;
# the message names file:line:column and the key.
C='"criteria": [{"id": "gap", "weight": 1}, {"id": "quality", "weight": 1}]'
printf '{"name": "a", %s,\n "aggregation": {"method": "electre"}}' "$C" >"$T/sa.json"
printf '{"name": "b", %s,\n "weighting": {"method": "magic"}}' "$C" >"$T/sw.json"
printf '{"name": "c", %s,\n "aggregation": {"method": "wsm", "normalization": "zscore"}}' "$C" >"$T/sn.json"
printf '{"name": "d", "criteria": [{"id": "gap", "weight": 1, "normalization": "zscore"}]}' >"$T/sc.json"
printf '{"name": "e", %s,\n "aggregation": {"method": "wsm", "q": 0.1}}' "$C" >"$T/sq.json"
D=datasets/tiny
for s in sa sw sn sc sq; do
    case $s in
        sa) want=("$T/sa.json:2:" "aggregation.method: expected one of wsm, topsis, vikor") ;;
        sw) want=("$T/sw.json:2:" "weighting.method: expected one of given, ahp, entropy, critic, std, equal") ;;
        sn) want=("$T/sn.json:2:" "aggregation.normalization: expected one of minmax, vector, max, sum, none") ;;
        sc) want=("$T/sc.json:1:" "criteria[0].normalization: expected one of minmax, vector, max, sum, none") ;;
        sq) want=("$T/sq.json:2:" "aggregation.q: unknown key") ;;
    esac
    refused "rank $s" "${want[@]}" -- "$B" rank $D --park P2 --scheme "$T/$s.json"
    refused "compare $s" "${want[@]}" -- "$B" compare $D --park P2 --schemes datasets/schemes/balanced.json "$T/$s.json"
    printf '{"schemes": ["%s"], "parks": ["P2"], "chains": "all"}' "$T/$s.json" >"$T/plan.json"
    refused "batch $s" "${want[@]}" -- "$B" batch $D --plan "$T/plan.json" --out "$T/batch"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
