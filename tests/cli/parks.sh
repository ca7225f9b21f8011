#!/usr/bin/env bash
# parks / chains listings and the one resolver behind --park and --chain
# (issue 18 §4): an id, an exact name, or a unique part of either (CJK by
# code points); a miss or an ambiguity exits 5 naming the closest entries.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
B="$CHAINRANK"; T=datasets/tiny; S=datasets/schemes/balanced.json
# listings and filters
check "$("$B" parks $T --format csv | head -1)" "id,name,level,province,city,chains,area_ha,area_mu,land_ha,land_mu" "parks csv header"
# land in 亩 (issue 18 §4): land_mu / area_mu accepted, stored in ha (1 ha = 15 亩), shown in both
M="$CR_BUILD_DIR/parks_mu"; rm -rf "$M"; cp -r $T "$M"
sed -i '1s/,land,/,land_mu,/' "$M/parks.csv"; sed -i '1s/$/,area_mu/; 2s/$/,3000/; 3s/$/,/' "$M/parks.csv"
"$B" validate "$M" >/dev/null 2>&1; check "$?" 0 "land_mu and area_mu validate"
check "$("$B" parks "$M" --format csv | sed -n 2p | cut -d, -f7-10)" "200,3000,8,120" "亩 stored as ha: 3000 亩 = 200 ha, 120 亩 = 8 ha"
check "$("$B" parks $T --format csv | sed -n 2p | cut -d, -f9-10)" "120,1800" "ha shown in 亩 too"
check "$("$B" parks $T | sed -n 2p | grep -c '120 (1800)')" 1 "table: land ha (亩)"
sed -i '1s/,land_mu,/,land_mu,land,/; 2s/,120,/,120,8,/; 3s/,,,,/,,,,,/' "$M/parks.csv"
"$B" validate "$M" >/dev/null 2>"$M/err"; check "$?" 3 "land and land_mu together"
check "$(grep -c 'land_mu: give land (ha) or land_mu (亩), not both' "$M/err")" 1 "both units: message"
check "$("$B" parks $T --format csv | wc -l | tr -d ' ')" 3 "two parks"
check "$("$B" parks $T --province 襄阳 --format csv | wc -l | tr -d ' ')" 1 "province filter: none match 襄阳 (a city)"
check "$("$B" parks $T --province 湖北 --format csv | wc -l | tr -d ' ')" 3 "province filter by part"
check "$("$B" parks $T --name hill --format csv | tail -1 | cut -d, -f1)" "P2" "name filter, any case"
check "$("$B" parks $T --chain 新能源 --format json | grep -c '"id"')" 2 "chain filter by a part of its name"
"$B" parks $T --chain nosuch >/dev/null 2>&1; check "$?" 5 "parks --chain unknown"
check "$("$B" chains $T --format csv | tail -1)" "nev,新能源汽车,4,3,2" "chains csv"
check "$("$B" chains $T --format json | grep -c '"edges": \[\["ore", "cell"\]')" 1 "chains json edges"
# the resolver: id, exact name, unique part
top() { "$B" rank $T --scheme $S --top 1 --format csv "$@" 2>/dev/null | sed -n 2p | cut -d, -f2; }
want=$(top --park P1)
check "$(top --park 东湖新区)" "$want" "exact name"
check "$(top --park 东湖)" "$want" "unique part of a CJK name"
check "$(top --park P1 --chain 新能源汽车)" "$want" "chain by name"
check "$(top --park 'hill park' | head -c 1)" "$(top --park P2 | head -c 1)" "part of a name, any case"
"$B" rank $T --scheme $S --park 东胡新区 >/dev/null 2>"$CR_BUILD_DIR/parks_err"; check "$?" 5 "a miss exits 5"
check "$(grep -c "no park '东胡新区' in $T (by id, name or part of one); closest: P1 东湖新区" "$CR_BUILD_DIR/parks_err")" 1 "a CJK miss suggests the name one character away first"
"$B" gaps $T --park p >/dev/null 2>"$CR_BUILD_DIR/parks_err"; check "$?" 5 "ambiguous part exits 5"
check "$(grep -c "park 'p' is ambiguous in $T: 2 parks match (P1 东湖新区, P2 Hill Park, North); give the id" "$CR_BUILD_DIR/parks_err")" 1 "ambiguity lists the matches"
"$B" gaps $T --park P1 --chain nve >/dev/null 2>"$CR_BUILD_DIR/parks_err"; check "$?" 5 "chain miss"
check "$(grep -c "no chain 'nve' in $T (by id, name or part of one); closest: nev 新能源汽车" "$CR_BUILD_DIR/parks_err")" 1 "chain miss suggests"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
