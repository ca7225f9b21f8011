#!/usr/bin/env bash
# chainrank relatedness end to end: a good run (JSON, CSV, --out, long form,
# NaN -> null) and every class of bad input (exit 3, file:line:column: field).
set -u
: "${CHAINRANK:?}" "${CR_SOURCE_DIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
ok()   { echo "ok: $1"; }
fail() { echo "FAIL: $1"; fails=$((fails + 1)); }
DATA="$CR_SOURCE_DIR/tests/data/complexity/trade_toy12x8.csv"

# --- good run, JSON to a file (atomic: no temporary left behind)
"$CHAINRANK" relatedness "$DATA" --out "$T/toy.json"; rc=$?
[ $rc -eq 0 ] && ok "good run exits 0" || fail "good run exit $rc"
ls "$T" | grep -q '\.tmp\.' && fail "temporary file left" || ok "no temporary left"
for k in locations activities rca m proximity density diversity ubiquity eci pci coi cog; do
  grep -q "^  \"$k\": " "$T/toy.json" && ok "key $k" || fail "key $k missing"
done
# values checked against the numpy re-implementation of py-ecomplexity
grep -q '"eci": \[-0.36397031308749' "$T/toy.json" && ok "eci[0]" || fail "eci[0]"
grep -q '"pci": \[-0.2209271613565' "$T/toy.json" && ok "pci[0]" || fail "pci[0]"
grep -q '"locations": \["nausa", "aschn"' "$T/toy.json" && ok "locations in input order" || fail "location order"
grep -q 'null' "$T/toy.json" && fail "unexpected null" || ok "no null on a complete matrix"

# --- CSV output: four sections
"$CHAINRANK" relatedness "$DATA" --format csv > "$T/toy.csv"; rc=$?
[ $rc -eq 0 ] && ok "csv exits 0" || fail "csv exit $rc"
for h in 'location,activity,value,rca,m,density,cog' 'activity,activity2,proximity' \
         'location,diversity,eci,coi' 'activity,ubiquity,pci'; do
  grep -qx "$h" "$T/toy.csv" && ok "csv section $h" || fail "csv section $h"
done
[ "$(grep -c '^nausa,' "$T/toy.csv")" -eq 9 ] && ok "csv rows of nausa" || fail "csv rows of nausa"
grep -q '^asvnm,11,43530221803,2.46179637655799' "$T/toy.csv" && ok "csv rca value" || fail "csv rca value"

# --- long form (auto-detected), a zero-total location -> null in JSON
printf 'location,activity,value\nA,x,1\nA,y,3\nB,x,2\nB,x,2\nC,y,5\nZ,x,0\n' > "$T/long.csv"
"$CHAINRANK" relatedness "$T/long.csv" > "$T/long.json"; rc=$?
[ $rc -eq 0 ] && ok "long run exits 0" || fail "long run exit $rc"
grep -q '"locations": \["A", "B", "C", "Z"\]' "$T/long.json" && ok "long: first-appearance order" || fail "long order"
grep -A5 '"rca"' "$T/long.json" | grep -q '\[null, null\]' && ok "long: zero location rca null" || fail "long: null rca"
"$CHAINRANK" relatedness "$T/long.csv" --proximity-diagonal one --rca-threshold 0.5 > /dev/null \
  && ok "options accepted" || fail "options"
# the default diagonal is one, as py-ecomplexity (issue 18 §5); zero on request
"$CHAINRANK" relatedness tests/data/complexity/hand3x3.csv > "$T/h1.json"
grep -q '"proximity_diagonal": "one"' "$T/h1.json" && ok "default diagonal one" || fail "default diagonal not one"
tr -d ' \n' < "$T/h1.json" | grep -q '"proximity":\[\[1,0.5,0.5\],\[0.5,1,0\],\[0.5,0,1\]\]' && ok "phi diagonal 1" || fail "phi diagonal not 1"
"$CHAINRANK" relatedness tests/data/complexity/hand3x3.csv --proximity-diagonal zero > "$T/h0.json"
tr -d ' \n' < "$T/h0.json" | grep -q '"proximity":\[\[0,0.5,0.5\],\[0.5,0,0\],\[0.5,0,0\]\]' && ok "phi diagonal 0 on request" || fail "zero diagonal"

# --- bad input: exit 3 and file:line:column: field: message
bad() { # name, content, expected stderr pattern
  printf "$2" > "$T/$1.csv"
  "$CHAINRANK" relatedness "$T/$1.csv" > "$T/out" 2> "$T/err"; rc=$?
  if [ $rc -eq 3 ] && grep -q -- "$3" "$T/err"; then ok "bad input $1"; else fail "bad input $1 (exit $rc): $(cat "$T/err")"; fi
  [ -s "$T/out" ] && fail "$1 wrote to stdout" || true
}
bad nonnumeric 'location,a,b\nx,1,abc\n'            "nonnumeric.csv:2:5: b: not a number: 'abc'"
# issue 18 §1.10: one number grammar: hex and inf refused, subnormals and long decimals accepted
bad hexval    'location,a,b\nx,1,0x10\n'           "hexval.csv:2:5: b: not a number: '0x10'"
bad infval    'location,a,b\nx,1,inf\n'            "infval.csv:2:5: b: not a number: 'inf'"
printf 'location,a,b\nx,1,5e-324\ny,2,1.%s\n' "$(printf '0%.0s' $(seq 1 130))" > "$T/num.csv"
"$CHAINRANK" relatedness "$T/num.csv" > /dev/null 2> "$T/err" && ok "subnormal and 132-digit values accepted" \
  || fail "numbers: $(cat "$T/err")"
# §1.9: totals that overflow a double are computed on the matrix scaled by a power of two (exact)
printf 'location,a,b\nx,1e308,1e308\ny,1e308,1\n' > "$T/huge.csv"
"$CHAINRANK" relatedness "$T/huge.csv" > "$T/huge.json"; rc=$?
[ $rc -eq 0 ] && grep -A2 '"rca"' "$T/huge.json" | grep -q '\[0.75, 1.5\]' && ok "overflowing totals: exact rca" \
  || fail "overflowing totals (exit $rc): $(grep -A3 '"rca"' "$T/huge.json")"
bad negative   'location,a,b\nx,1,-4\n'             "negative.csv:2:5: b: negative value"
bad ragged     'location,a,b\nx,1\ny,1,2,3\n'        "ragged.csv:2:3: : ragged row: 2 fields"
bad ragged2    'location,a,b\nx,1,2,3\n'             "ragged2.csv:2:7: : ragged row: 4 fields"
bad empty      ''                                    "empty.csv:1:1: header: empty file"
bad noloc      'region,a,b\nx,1,2\n'                 "noloc.csv:1:1: location: the first header column must be 'location'"
bad duploc     'location,a\nx,1\ny,2\nx,3\n'         "duploc.csv:4:1: location: duplicate location 'x' (first on line 2)"
bad norows     'location,a,b\n'                      "norows.csv:1:1: : no data rows"
bad longbad    'location,activity,value\nx,a,1\ny,b,-1\n' "longbad.csv:3:5: value: negative value"

# --- usage errors: exit 2
"$CHAINRANK" relatedness "$DATA" --format xml > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "bad --format exits 2" || fail "bad --format exit $rc"
"$CHAINRANK" relatedness > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "missing file exits 2" || fail "missing file exit $rc"
"$CHAINRANK" relatedness "$T/does-not-exist.csv" > /dev/null 2>&1; rc=$?
[ $rc -eq 4 ] && ok "unreadable file exits 4" || fail "unreadable exit $rc"

echo "$fails failed"
[ $fails -eq 0 ]
