#!/usr/bin/env bash
# bench/threads.sh (issue 19's thread check) on datasets/tiny, a few rows, one
# repetition: it runs, prints its table, and finds 1 and 2 threads' outputs
# identical; and with a fake chainrank whose output depends on --threads it
# reports "NO" and exits 1 (the byte check can fail).
set -u
: "${CHAINRANK:?}" "${CR_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok()   { echo "ok: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }
TS="$CR_SOURCE_DIR/bench/threads.sh"
ONLY='^(rank|batch|library|smaa smaa-50x2000|mcda mcda-50)$'
bash "$TS" --bin "$(dirname "$CHAINRANK")" --sizes tiny --reps 1 --only "$ONLY" --scratch "$T/s" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 0 ] && ok "threads.sh exits 0" || { fail "threads.sh exit $rc"; cat "$T/err"; }
for r in '| tiny | rank |' '| tiny | batch |' '| tiny | library |' '| problems | smaa smaa-50x2000 |' '| problems | mcda mcda-50 |'; do
  grep -F "$r" "$T/out" | grep -q '| yes |$' && ok "row $r, same bytes" || fail "row $r missing or differing"
done
[ "$(grep -c '^|' "$T/out")" -eq 7 ] && ok "header + rule + 5 rows" || { fail "row count"; cat "$T/out"; }

# a chainrank whose bytes depend on the thread count
mkdir -p "$T/fake"
printf '#!/bin/sh\n"%s" "$@"; rc=$?; echo "threads $2"; exit $rc\n' "$CHAINRANK" >"$T/fake/chainrank"
chmod +x "$T/fake/chainrank"
bash "$TS" --bin "$T/fake" --sizes tiny --reps 1 --only '^rank$' --scratch "$T/s" >"$T/out2" 2>"$T/err2"; rc=$?
[ $rc -eq 1 ] && ok "differing bytes: exit 1" || fail "differing bytes: exit $rc, want 1"
grep -F '| tiny | rank |' "$T/out2" | grep -q '| NO |$' && ok "differing bytes: NO in the table" || { fail "no NO"; cat "$T/out2"; }
[ $fails -eq 0 ]
