#!/usr/bin/env bash
# Progress on stderr (issue 18 §4): the library reports through the ctx, the
# CLI draws a bar with rate and time left only when stderr is a terminal
# (script(1) gives it one here) or with --progress; never into a file or a
# pipe by default, never with --quiet; standard output is the same bytes.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
B="$CHAINRANK"; T="$CR_BUILD_DIR/progress_test"; rm -rf "$T"; mkdir -p "$T"
P='{"method":"wsm","matrix":[[1,2,3],[3,1,2],[2,3,1],[1,1,1]],"types":[1,1,1],"samples":20000}'
bar='\[[#.]\{20\}\] 100% [0-9]*/[0-9]* samples, [0-9.]*/s, done in'
printf '%s' "$P" | "$B" smaa - --progress >"$T/o1" 2>"$T/e1"; check "$?" 0 "smaa --progress"
check "$(tr '\r' '\n' < "$T/e1" | grep -c "$bar")" 1 "forced bar: 100%, count, rate, done"
check "$(tr '\r' '\n' < "$T/e1" | grep -c 'time left\|done in')" "$(tr '\r' '\n' < "$T/e1" | grep -c '%')" "every step shows the time left"
printf '%s' "$P" | "$B" smaa - >"$T/o2" 2>"$T/e2"
check "$(wc -c < "$T/e2" | tr -d ' ')" 0 "nothing on a redirected stderr by default"
cmp -s "$T/o1" "$T/o2"; check "$?" 0 "same stdout with and without the bar"
printf '%s' "$P" | "$B" smaa - --progress --quiet >/dev/null 2>"$T/e3"
check "$(wc -c < "$T/e3" | tr -d ' ')" 0 "--quiet after --progress: none"
# a terminal: script(1) runs the command on a pty (skipped without script)
if command -v script >/dev/null 2>&1; then
  printf '%s' "$P" > "$T/p.json"
  script -qec "'$B' smaa '$T/p.json' >/dev/null" /dev/null > "$T/tty" 2>&1
  check "$(tr '\r' '\n' < "$T/tty" | grep -c "$bar")" 1 "a terminal gets the bar"
  script -qec "'$B' smaa '$T/p.json' --quiet >/dev/null" /dev/null > "$T/tty2" 2>&1
  check "$(grep -c '%' "$T/tty2")" 0 "--quiet on a terminal"
fi
# batch and gen report through the same callback
"$B" batch datasets/tiny --plan tests/golden/plan-tiny.json --out "$T/b" --progress 2>"$T/e4" >/dev/null
check "$(tr '\r' '\n' < "$T/e4" | grep -c '100% 10/10 jobs')" 1 "batch: 10 lists"
"$B" batch datasets/tiny --plan tests/golden/plan-tiny.json --out "$T/b2" 2>"$T/e5" >/dev/null
check "$(grep -c '%' "$T/e5")" 0 "batch: no bar in a file"
"$B" gen --enterprises 2000 --parks 10 --progress "$T/g" >/dev/null 2>"$T/e6"
check "$(tr '\r' '\n' < "$T/e6" | grep -c 'chainrank: gen: \[#\{20\}\] 100% 2000/2000 enterprises, [0-9.]*/s')" 1 "gen bar: enterprises with a rate"
check "$(tr '\r' '\n' < "$T/e6" | grep -c '100% 6000/6000 links')" 1 "gen bar: links"
"$B" gen --enterprises 2000 --parks 10 "$T/g2" >/dev/null 2>"$T/e7"
check "$(wc -c < "$T/e7" | tr -d ' ')" 0 "gen: nothing in a file by default"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
