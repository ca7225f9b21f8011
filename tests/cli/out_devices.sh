#!/usr/bin/env bash
# --out onto a file that is not regular (issue 18 §1.2): a device or FIFO is
# written in place, never replaced by a regular file, and its write errors
# (ENOSPC on a "full" device) give exit 4 with a message. Device nodes are
# made in the build folder (mknod, when permitted) so that an old binary
# under test can never replace the real /dev/full or /dev/null.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/out_devices_test"; rm -rf "$tmp"; mkdir -p "$tmp"
D=datasets/tiny; S=datasets/schemes/balanced.json
"$CHAINRANK" rank $D --park P1 --chain nev --scheme $S --format csv > "$tmp/want.csv"; check "$?" 0 "rank to stdout"

# a FIFO: the reader gets the list, the FIFO stays a FIFO
mkfifo "$tmp/fifo"
timeout 10 cat "$tmp/fifo" > "$tmp/got.csv" & reader=$!
timeout 20 "$CHAINRANK" rank $D --park P1 --chain nev --scheme $S --format csv --out "$tmp/fifo"; check "$?" 0 "--out FIFO"
wait $reader   # ends at EOF, or by timeout when the writer never opened the FIFO
check "$(test -p "$tmp/fifo" && echo fifo)" fifo "FIFO not replaced"
check "$(cmp -s "$tmp/want.csv" "$tmp/got.csv" && echo same)" same "FIFO reader got the list"
check "$(ls "$tmp" | grep -c tmp)" 0 "no temporary left"

if mknod "$tmp/full" c 1 7 2>/dev/null && mknod "$tmp/null" c 1 3 2>/dev/null; then
  err=$("$CHAINRANK" rank $D --park P1 --chain nev --scheme $S --out "$tmp/full" 2>&1); check "$?" 4 "--out full device: exit 4"
  check "$(printf '%s' "$err" | grep -c "cannot write $tmp/full: No space left on device")" 1 "ENOSPC reported with the path"
  check "$(test -c "$tmp/full" && echo dev)" dev "full device not replaced"
  "$CHAINRANK" rank $D --park P1 --chain nev --scheme $S --out "$tmp/null"; check "$?" 0 "--out null device"
  check "$(test -c "$tmp/null" && echo dev)" dev "null device not replaced"
else
  echo "note: mknod not permitted; device checks skipped"
fi
# like /dev/stdout (a link to /proc/self/fd/1), through a pipe: written in place
ln -s /proc/self/fd/1 "$tmp/stdout"
check "$("$CHAINRANK" rank $D --park P1 --chain nev --scheme $S --format csv --out "$tmp/stdout" | cmp -s - "$tmp/want.csv" && echo same)" same "--out stdout link into a pipe"
check "$(test -L "$tmp/stdout" && echo link)" link "stdout link not replaced"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
