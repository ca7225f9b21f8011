#!/usr/bin/env bash
# Bad-input corpus: every folder under tests/bad/ is a dataset with one kind
# of defect (or one accepted edge case). `validate` must print exactly the
# lines in its `expected.txt` (first line: the exit code; then stderr) and
# must leave the input untouched. Under the sanitizer build any report would
# show up on stderr and fail the comparison.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
for d in tests/bad/*/; do
  d=${d%/}
  exp="$d/expected.txt"
  [ -f "$exp" ] || { echo "FAIL $d: no expected.txt"; fail=$((fail+1)); continue; }
  before=$(find "$d" -type f ! -name expected.txt -exec md5sum {} + | sort)
  "$CHAINRANK" validate "$d" >/dev/null 2>"$CR_BUILD_DIR/bad_stderr.txt"
  code=$?
  after=$(find "$d" -type f ! -name expected.txt -exec md5sum {} + | sort)
  want_code=$(head -n 1 "$exp")
  if [ "$code" != "$want_code" ]; then
    echo "FAIL $d: exit $code, expected $want_code"; cat "$CR_BUILD_DIR/bad_stderr.txt"; fail=$((fail+1)); continue
  fi
  if ! diff <(tail -n +2 "$exp") "$CR_BUILD_DIR/bad_stderr.txt" >/dev/null; then
    echo "FAIL $d: stderr differs:"; diff <(tail -n +2 "$exp") "$CR_BUILD_DIR/bad_stderr.txt"; fail=$((fail+1)); continue
  fi
  if [ "$before" != "$after" ]; then echo "FAIL $d: input files changed"; fail=$((fail+1)); continue; fi
  pass=$((pass+1))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 60 ]   # issue 18: the corpus grows past 60 cases
