#!/usr/bin/env bash
# Explanations too long for their buffer (1,024 bytes) are cut at a character
# boundary (issue 18 §1.7): a partner name of 400 CJK characters used to be
# cut inside a character, and `rank --format json` wrote invalid UTF-8.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/explain_utf8_test"; rm -rf "$tmp"; mkdir -p "$tmp"
D="$tmp/ds"; cp -r datasets/tiny "$D"
long=$(/usr/bin/python3 -c 'print("电" * 400)')
sed -i "s/宁远电池/$long/" "$D/enterprises.csv"
for f in json csv; do
  "$CHAINRANK" rank "$D" --park P1 --chain nev --scheme datasets/schemes/balanced.json --excluded --format $f > "$tmp/r.$f"
  check "$?" 0 "rank $f"
  check "$(/usr/bin/python3 -c "open('$tmp/r.$f', encoding='utf-8', errors='strict').read(); print('utf8')" 2>/dev/null)" utf8 "$f output is valid UTF-8"
done
check "$(/usr/bin/python3 -c "import json; r=json.load(open('$tmp/r.json'))['rows']; print(max(len(x['explanation'].encode()) for x in r) > 1000)")" True "the long text is there (cut near 1,024 bytes)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
