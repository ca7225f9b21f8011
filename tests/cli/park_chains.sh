#!/usr/bin/env bash
# A park's chain list is kept whole (issue 18 §1.6): it used to be cut at 256
# chains without a word. 300 chains, P1 leads all of them (and names one
# twice, which counts once); gaps without --chain prints one panorama each.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/park_chains_test"; rm -rf "$tmp"; mkdir -p "$tmp"
D="$tmp/ds"; cp -r datasets/tiny "$D"
/usr/bin/python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
c = json.load(open(d + "/chains.json"))
base = c["chains"][0]
c["chains"] = [dict(base, id="c%03d" % i, name="chain %d" % i) for i in range(300)]
json.dump(c, open(d + "/chains.json", "w"), ensure_ascii=False)
ids = ";".join("c%03d" % i for i in range(300)) + ";c299"
rows = open(d + "/parks.csv", encoding="utf-8").read().splitlines()
rows = [rows[0]] + [r.replace(",nev,", "," + ids + ",") if r.startswith("P1,") else r.replace(",nev,", ",c000,") for r in rows[1:]]
open(d + "/parks.csv", "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
"$CHAINRANK" validate "$D" >/dev/null 2>&1; check "$?" 0 "300 chains validate"
"$CHAINRANK" gaps "$D" --park P1 --format json > "$tmp/g.json"; check "$?" 0 "gaps over every led chain"
check "$(/usr/bin/python3 -c "import json; print(len(json.load(open('$tmp/g.json'))))")" 300 "300 panoramas, none cut"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
