#!/usr/bin/env bash
# validate's warnings and --strict (issue 18 §2): a renamed column is named
# with the closest known name and the dataset still loads (exit 0); --strict
# makes any warning an error (exit 3); a dataset without warnings passes
# --strict. The warnings themselves are pinned by tests/bad/58, 59 and 62.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
"$CHAINRANK" validate datasets/tiny --strict >/dev/null 2>&1; check "$?" 0 "tiny has no warnings"
"$CHAINRANK" validate tests/bad/58-renamed-column >/dev/null 2>&1; check "$?" 0 "warnings alone do not fail"
err=$("$CHAINRANK" validate tests/bad/58-renamed-column --strict 2>&1 >/dev/null); check "$?" 3 "--strict fails"
check "$(printf '%s\n' "$err" | tail -1)" \
  "chainrank: validate: error: tests/bad/58-renamed-column: 2 warnings, and --strict makes them errors" "--strict message"
check "$(printf '%s\n' "$err" | grep -c "revenue(万元): warning: unknown column, ignored; did you mean 'revenue'?")" 1 \
  "the renamed column and its closest known name"
"$CHAINRANK" validate tests/bad/62-all-zero-column --strict >/dev/null 2>&1; check "$?" 3 "an all-zero column fails --strict"
# the full-width separator is read as ';': E2's top500 bonus is kept in P2's ranking (a '，' there changes it)
a=$("$CHAINRANK" rank datasets/tiny --park P2 --chain nev --scheme datasets/schemes/balanced.json --format csv 2>/dev/null)
b=$("$CHAINRANK" rank tests/bad/59-fullwidth-tags --park P2 --chain nev --scheme datasets/schemes/balanced.json --format csv 2>/dev/null)
check "$([ "$a" = "$b" ] && echo same)" same "'；' in tags reads as ';'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
