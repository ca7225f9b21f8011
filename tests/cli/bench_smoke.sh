#!/usr/bin/env bash
# The benchmark script's smoke version (bench/run.sh --smoke: 10 k enterprises,
# TOPSIS 10 k x 12, relatedness on small matrices) against the already built
# $CHAINRANK, so the benchmark code does not rot. Checks that it runs, that
# chainrank's outputs are identical for 1 and 2 threads, and that every numpy /
# pandas peer agrees with chainrank (scores to 1e-9, same top-50). Without numpy in
# /usr/bin/python3 the peers are reported as SKIP and only the C side is checked.
# Also runs the no-numpy path once, and checks that compare.py fails loudly on a
# real mismatch.
set -u
: "${CHAINRANK:?}" "${CR_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok()   { echo "ok: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }
BIN=$(dirname "$CHAINRANK")
RUN="$CR_SOURCE_DIR/bench/run.sh"
HAVE_NP=0
/usr/bin/python3 -c 'import numpy, pandas' 2>/dev/null && HAVE_NP=1

# --- the smoke run with the system python
bash "$RUN" --smoke --bin "$BIN" --out "$T/r.md" 2>"$T/log"; rc=$?
[ $rc -eq 0 ] && ok "run.sh --smoke exits 0" || { fail "run.sh --smoke exit $rc"; cat "$T/log"; }
[ -s "$T/r.md" ] && ok "results written to --out" || fail "no results file"
grep -q '^## Smoke run' "$T/r.md" && ok "smoke heading" || fail "smoke heading missing"
for sec in 'Load + validate' 'pandas.read_csv' 'Gaps of one park' 'TOPSIS on the 10000' 'Relatedness' \
           'Rank one park' 'Peer equality checks' 'Commands'; do
  grep -q "^### .*$sec" "$T/r.md" && ok "section $sec" || fail "section $sec missing"
done
grep -q 'rank: not built yet\|| rank, park' "$T/r.md" && ok "rank row present" || fail "rank row missing"
grep -q 'FAILED' "$T/r.md" && fail "a check FAILED" || ok "no FAILED check"
for c in 'mcda CLI 1 vs 2 threads: identical bytes' 'relatedness CLI 1 vs 2 threads: identical bytes'; do
  grep -q "ok $c" "$T/r.md" && ok "$c" || fail "$c"
done
if [ $HAVE_NP = 1 ]; then
  for c in 'ok read_csv d10000' 'ok topsis 10000x12 (mcda CLI vs numpy)' \
           'ok relatedness 100x32 dataset rca' 'ok relatedness 100x32 dataset proximity' \
           'ok relatedness 100x32 dataset density'; do
    grep -qF "$c" "$T/r.md" && ok "peer check: $c" || fail "peer check missing: $c"
  done
  # the numpy scoring peer of rank (bench/peers/score_peer.py), once rank is built
  if "$CHAINRANK" --help 2>/dev/null | grep -qE '^  rank '; then
    for c in 'ok rank P1 nev d10000: the same' 'ok rank P1 nev d10000 scores (rank vs numpy)'; do
      grep -qF "$c" "$T/r.md" && ok "peer check: $c" || fail "peer check missing: $c"
    done
    for c in gap partners resources greening density goose quality; do
      grep -qF "ok rank P1 nev d10000 criterion $c (rank vs numpy)" "$T/r.md" && ok "criterion $c checked" \
        || fail "criterion $c not checked"
    done
    grep -q '| numpy scoring peer (bench/peers/score_peer.py)' "$T/r.md" && ok "score peer timed" || fail "score peer row missing"
  fi
  if [ -x "$BIN/bench/bench_mcda" ]; then
    grep -qF 'ok topsis 10000x12 (bench_mcda vs numpy)' "$T/r.md" && ok "bench_mcda peer check" || fail "bench_mcda peer check"
  fi
  # compare.py must catch a peer that computes something else.
  /usr/bin/python3 -c "
import numpy as np
a = np.linspace(0, 1, 100); a.tofile('$T/a.bin')
b = a.copy(); b[7] += 1e-6; b.tofile('$T/b.bin')
c = a.copy(); c[99], c[98] = c[98], c[99]; c.tofile('$T/c.bin')"
  /usr/bin/python3 "$CR_SOURCE_DIR/bench/peers/compare.py" t "bin:$T/a.bin" "bin:$T/b.bin" >"$T/m" 2>&1; rc=$?
  [ $rc -eq 1 ] && grep -q 'MISMATCH t: max |diff|' "$T/m" && ok "compare.py fails on a 1e-6 difference" || fail "compare.py missed a difference (rc $rc)"
  /usr/bin/python3 "$CR_SOURCE_DIR/bench/peers/compare.py" t "bin:$T/a.bin" "bin:$T/c.bin" --tol 1 >"$T/m" 2>&1; rc=$?
  [ $rc -eq 1 ] && grep -q 'top-50 differs at position 1' "$T/m" && ok "compare.py fails on a different top-50" || fail "compare.py missed a top-50 change (rc $rc)"
  /usr/bin/python3 "$CR_SOURCE_DIR/bench/peers/compare.py" t "bin:$T/a.bin" "bin:$T/b.bin" --top 0 --rtol 1e-7 >"$T/m" 2>&1; rc=$?
  [ $rc -eq 1 ] && grep -q 'MISMATCH t: max |diff|' "$T/m" && ok "compare.py --rtol fails on a 1e-6 difference" || fail "compare.py --rtol missed a difference (rc $rc)"
else
  echo "SKIP: peers (/usr/bin/python3 lacks numpy/pandas; scripts/setup.sh installs them)"
fi

# --- the same without numpy: peers SKIP, C side still measured and checked
CR_BENCH_PYTHON=/bin/false bash "$RUN" --smoke --bin "$BIN" --out "$T/n.md" 2>"$T/nlog"; rc=$?
[ $rc -eq 0 ] && ok "no-numpy smoke exits 0" || { fail "no-numpy smoke exit $rc"; cat "$T/nlog"; }
grep -q 'SKIP topsis 10000x12: /usr/bin/python3 has no numpy' "$T/n.md" && ok "no-numpy: peers SKIP" || fail "no-numpy: no SKIP line"
grep -q 'ok mcda CLI 1 vs 2 threads' "$T/n.md" && ok "no-numpy: C side checked" || fail "no-numpy: C side not checked"

[ $fails -eq 0 ] && echo "all bench smoke checks passed" || echo "$fails bench smoke check(s) FAILED"
exit $((fails > 0))
