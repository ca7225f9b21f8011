#!/usr/bin/env bash
# Standard output that cannot be written (issue 18 §1.12): `validate >
# /dev/full` used to exit 0 with the report lost. Every command's stdout is
# flushed and closed before exit; a failure gives exit 4 and a message, and
# a command that already failed keeps its own exit code.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
[ -c /dev/full ] || { echo "no /dev/full: skipped"; exit 0; }
D=datasets/tiny; S=datasets/schemes/balanced.json
msg="error: cannot write standard output: No space left on device"
full() {   # full NAME ARGS...: exit 4 and the message
  local name=$1; shift
  err=$("$CHAINRANK" "$@" 2>&1 >/dev/full); code=$?
  check "$code" 4 "$name > /dev/full: exit"
  check "$(printf '%s\n' "$err" | grep -cF "$msg")" 1 "$name > /dev/full: one message"
}
full validate validate $D
full rank rank $D --park P1 --chain nev --scheme $S
full "rank json" rank $D --park P1 --chain nev --scheme $S --format json
full gaps gaps $D --park P1
full mcda mcda tests/data/mcda/wsm_ahp.json
full weights weights tests/data/mcda/wsm_ahp.json
full --version --version
full --help --help
# a command that failed keeps its code (3: invalid data), no second message
err=$("$CHAINRANK" validate tests/bad/13-dup-park 2>&1 >/dev/full); check "$?" 3 "failed validate keeps exit 3"
check "$(printf '%s\n' "$err" | grep -c "standard output")" 0 "no stdout message on a failed command"
# and a normal run is untouched
"$CHAINRANK" validate $D >/dev/null; check "$?" 0 "validate > /dev/null"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
