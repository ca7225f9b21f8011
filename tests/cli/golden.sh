#!/usr/bin/env bash
# Golden outputs (issue 14 §4): every case of tests/golden/cases.sh is run
# with 1 and 2 threads and must print exactly tests/golden/NAME.out. A diff
# here means output bytes changed: a regression, or a deliberate change to
# be recorded with tests/golden/update.sh in a commit that says why.
set -u
cd "${CR_SOURCE_DIR:-.}"
gold_tmp=$(mktemp -d)
trap 'rm -rf "$gold_tmp"' EXIT
source tests/golden/run.sh
fail=0 n=0
gcase() {
  local name=$1; shift
  local want="tests/golden/$name.out"
  n=$((n + 1))
  if [ ! -f "$want" ]; then echo "FAIL: $name: no $want (tests/golden/update.sh)"; fail=1; return; fi
  for t in 1 2; do
    gold_run $t "$name" "$@" > "$gold_tmp/$name.got$t"
    if ! cmp -s "$want" "$gold_tmp/$name.got$t"; then
      echo "FAIL: $name (--threads $t) differs from $want:"
      diff "$want" "$gold_tmp/$name.got$t" | head -20
      fail=1
    fi
  done
}
source tests/golden/cases.sh
# every .out belongs to a case (a removed case leaves no stale golden)
for f in tests/golden/*.out; do
  grep -q "^gcase $(basename "$f" .out) " tests/golden/cases.sh || { echo "FAIL: $f has no case"; fail=1; }
done
[ $n -ge 25 ] || { echo "FAIL: only $n cases"; fail=1; }
[ $fail -eq 0 ] && echo "ok: $n golden cases, 1 and 2 threads"
exit $fail
