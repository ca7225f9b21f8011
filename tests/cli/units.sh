#!/usr/bin/env bash
# A department's units (issue 18 §4): enterprises.csv takes need_land_mu (亩)
# and invest_intensity (万元/亩) instead of need_land (ha) and invest (万元);
# rank's JSON shows each row's land in ha and 亩 and its investment intensity.
# 1 ha = 15 亩. (Parks' land_mu / area_mu: tests/cli/parks.sh.)
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
B="$CHAINRANK"; S=datasets/schemes/balanced.json
D="$CR_BUILD_DIR/units_test"; rm -rf "$D"; cp -r datasets/tiny "$D"
row() { "$B" rank "$1" --park P1 --scheme $S --top 0 --format json | tr -d '\n' | grep -o "\"id\": \"$2\", [^}]*invest_intensity_wan_per_mu\": [0-9.e+-]*"; }
ref=$(row datasets/tiny E4)
check "$(printf '%s' "$ref" | grep -o '"land_ha": 8, "land_mu": 120, "invest_intensity_wan_per_mu": 16.66666666666666[0-9]')" \
      '"land_ha": 8, "land_mu": 120, "invest_intensity_wan_per_mu": 16.666666666666668' "ha, 亩 and 万元/亩 shown"
# the same enterprise written in 亩 and 万元/亩: need_land 8 ha = 120 亩, invest 2000 万元 = 16.67 万元/亩
/usr/bin/python3 - "$D/enterprises.csv" <<'PY'
import csv, sys
p = sys.argv[1]
rows = list(csv.reader(open(p, encoding="utf-8")))
h = rows[0]; il = h.index("need_land"); ii = h.index("invest")
h += ["need_land_mu", "invest_intensity"]
for r in rows[1:]:
    if r[0] == "E4":
        r += [str(float(r[il]) * 15), repr(float(r[ii]) / (float(r[il]) * 15))]
        r[il] = ""; r[ii] = ""
    else:
        r += ["", ""]
csv.writer(open(p, "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
"$B" validate "$D" >/dev/null 2>&1; check "$?" 0 "need_land_mu and invest_intensity validate"
check "$(row "$D" E4 | grep -o '"land_ha": [0-9.]*, "land_mu": [0-9.]*')" '"land_ha": 8, "land_mu": 120' "亩 read as ha"
a=$("$B" rank datasets/tiny --park P1 --scheme $S --format csv); b=$("$B" rank "$D" --park P1 --scheme $S --format csv)
check "$b" "$a" "the same ranking from either unit"
sed -i '2s/$/X/; 1s/,invest_intensity$/,invest_intensity/' "$D/enterprises.csv"
sed -i 's/^\(E1,.*\),\([0-9]*\),P1,,X$/\1,\2,P1,300,/' "$D/enterprises.csv"
"$B" validate "$D" >/dev/null 2>"$D/err"; check "$?" 3 "need_land and need_land_mu together"
check "$(grep -c 'need_land_mu: give need_land or need_land_mu, not both' "$D/err")" 1 "both units: message"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
