#!/usr/bin/env bash
# A FIFO (or any non-regular file) named as an input by a dataset manifest or
# a problem's matrix_csv (issue 18 §1.3) is refused with a message naming
# the file, never opened: opening a FIFO with no writer blocks forever. Each
# run is bounded by `timeout` so that a hang fails instead of stalling ctest.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/fifo_input_test"; rm -rf "$tmp"; mkdir -p "$tmp"
for f in dataset.json chains.json parks.csv enterprises.csv links.csv; do
  d="$tmp/ds-$f"; cp -r datasets/tiny "$d"; rm "$d/$f"; mkfifo "$d/$f"
  err=$(timeout 10 "$CHAINRANK" validate "$d" 2>&1 >/dev/null); code=$?
  check "$code" 3 "validate with $f a FIFO: exit"
  check "$(printf '%s\n' "$err" | grep -c "^$d/$f: file: not a regular file (a FIFO, device or socket)$")" 1 "$f: message"
done
d="$tmp/ds-dir"; cp -r datasets/tiny "$d"; rm "$d/links.csv"; mkdir "$d/links.csv"
err=$(timeout 10 "$CHAINRANK" validate "$d" 2>&1 >/dev/null); check "$?" 3 "links.csv a folder: exit"
check "$(printf '%s\n' "$err" | grep -c "^$d/links.csv: file: is a directory, not a file$")" 1 "folder: message"
mkfifo "$tmp/m.csv"
sed "s#tests/data/mcda/wsm.csv#$tmp/m.csv#" tests/data/mcda/wsm_ahp.json > "$tmp/p.json"
err=$(timeout 10 "$CHAINRANK" mcda "$tmp/p.json" 2>&1 >/dev/null); code=$?
check "$([ "$code" -ne 0 ] && [ "$code" -ne 124 ] && echo refused)" refused "matrix_csv a FIFO refused, no hang"
check "$(printf '%s\n' "$err" | grep -c "matrix_csv: cannot open '$tmp/m.csv': not a regular file")" 1 "matrix_csv: message"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
