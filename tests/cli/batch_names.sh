#!/usr/bin/env bash
# batch file names (issue 18 §1.1): whatever the ids are, every list lands
# inside --out under its own name. Chain id "..", a scheme file "...json", a
# park "index" and two parks "P 1"/"P_1" that differ only in a byte outside
# [A-Za-z0-9._-] used to write above --out, over the index and over each
# other. Also: an id too long for a file name is refused before any writing.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/batch_names_test"; rm -rf "$tmp"; mkdir -p "$tmp/a/b"
D="$tmp/a/b/ds"; cp -r datasets/tiny "$D"
sed -i 's/"id": "nev"/"id": ".."/' "$D/chains.json"
# parks: P1 -> "P 1", P2 -> index, plus P_1 (a copy of P2)
awk -F, 'NR==1{print;next} /^P1,/{sub(/^P1,/,"P 1,");sub(/,nev,/,",..,");print;next}
         /^P2,/{r=$0;sub(/,nev,/,",..,",r);x=r;sub(/^P2,/,"index,",r);print r;sub(/^P2,/,"P_1,",x);print x}' \
  datasets/tiny/parks.csv > "$D/parks.csv"
sed -i 's/,P1$/,P 1/; s/,P2$/,index/' "$D/enterprises.csv"
sed -i 's/,P1,/,P 1,/; s/,P2,/,index,/' "$D/history.csv"
sed -i 's/,P1,/,P 1,/; s/,P2,/,index,/' "$D/projects.csv"
"$CHAINRANK" validate "$D" >/dev/null 2>&1; check "$?" 0 "the renamed dataset is valid"
cp datasets/schemes/balanced.json "$tmp/a/b/...json"
cp datasets/schemes/balanced.json "$tmp/a/b/x.json"
printf '{"schemes": ["%s", "%s"], "parks": ["P 1", "P_1", "index"], "chains": [".."], "top": 5}' \
  "$tmp/a/b/...json" "$tmp/a/b/x.json" > "$tmp/a/b/plan.json"
out="$tmp/a/b/out"
"$CHAINRANK" batch "$D" --plan "$tmp/a/b/plan.json" --out "$out" 2>/dev/null; check "$?" 0 "batch"
check "$(find "$tmp" -name '*.csv' -newer "$tmp/a/b/plan.json" | grep -vc "^$out/")" 0 "nothing written outside --out"
check "$(find "$out" -type f | wc -l)" 7 "6 lists + index, none overwritten"
check "$(find "$out" -type f | sed "s#^$out/##" | sort | tr '\n' ' ')" \
  "%2E./%2E./P%201.csv %2E./%2E./P_1.csv %2E./%2E./index.csv index.csv x/%2E./P%201.csv x/%2E./P_1.csv x/%2E./index.csv " \
  "escaped names"
check "$(grep -c ',written$' "$out/index.csv")" 6 "index lists 6 lists"
check "$(head -1 "$out/index.csv" | cut -c1-6)" "scheme" "index intact"
# too long for a file name: refused before writing, nothing created
long=$(printf 'Q%.0s' $(seq 1 300))
sed -i "s/^P_1,/$long,/" "$D/parks.csv"
printf '{"schemes": ["%s"], "parks": ["%s"], "chains": [".."]}' "$tmp/a/b/x.json" "$long" > "$tmp/long.json"
err=$("$CHAINRANK" batch "$D" --plan "$tmp/long.json" --out "$tmp/o2" 2>&1); check "$?" 3 "long id refused"
check "$(printf '%s' "$err" | grep -c 'park id .* too long for a file name')" 1 "long id message"
check "$(test -e "$tmp/o2" && echo exists)" "" "nothing created"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
