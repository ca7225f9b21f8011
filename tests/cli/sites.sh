#!/usr/bin/env bash
# sites == rank: for every park of datasets/tiny (every enterprise) and a
# sample of 16 china2020 parks (three enterprises; streaming schemes, and the
# expected-value and VIKOR/entropy schemes on the materialised path), an enterprise's sites row
# is its row of the park's full ranked list, as batch (= rank, byte for byte)
# writes it: the same score and criteria to the last digit, and its place;
# where sites says excluded, rank's ranked rows lack it and `rank --excluded`
# lists it. Also: thread-count invariance, formats, errors.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
S=$CR_SOURCE_DIR/datasets/schemes
tmp="$CR_BUILD_DIR/sites_cli_test"; rm -rf "$tmp"; mkdir -p "$tmp"

# compare DATASET PARKS_JSON SCHEMES ENTERPRISES... : batch every park x scheme, then sites per enterprise
# (SITES_ARGS, if set, replaces `DATASET --enterprise E` on the sites side: a profile)
compare() {
  local D=$1 parks=$2 schemes=$3; shift 3
  for s in $schemes; do
    printf '{"schemes": ["%s/%s.json"], "parks": %s, "chains": ["nev"], "top": 100000}' "$S" $s "$parks" > "$tmp/plan.json"
    rm -rf "$tmp/b"
    "$CHAINRANK" --threads 2 batch $D --plan "$tmp/plan.json" --out "$tmp/b" >/dev/null 2>&1
    check "$?" 0 "batch $D $s"
    local plist; plist=$(/usr/bin/python3 -c "import json,sys; p=json.loads(sys.argv[1]); print(','.join(p) if isinstance(p,list) else '')" "$parks")
    for e in "$@"; do
      if [ -n "$plist" ]; then sel=(--parks "$plist"); else sel=(); fi
      if [ -n "${SITES_ARGS:-}" ]; then sa=($SITES_ARGS); else sa=($D --enterprise "$e"); fi
      "$CHAINRANK" --threads 2 sites "${sa[@]}" --chain nev --scheme $S/$s.json "${sel[@]}" --top 0 --format csv > "$tmp/sites.csv"
      check "$?" 0 "sites $D $e $s"
      out=$(/usr/bin/python3 - "$tmp/sites.csv" "$tmp/b/$s/nev" "$e" <<'PY'
import csv, sys, os
sites, bdir, ent = sys.argv[1], sys.argv[2], sys.argv[3]
crit = ["gap","partners","resources","greening","density","goose","quality","likelihood"]
bad, nrank, nex = [], 0, 0
for row in csv.DictReader(open(sites, encoding="utf-8")):
    f = os.path.join(bdir, row["park"] + ".csv")
    rows = list(csv.DictReader(open(f, encoding="utf-8")))
    mine = [r for r in rows if r["id"] == ent]
    if row["state"] == "ranked":
        nrank += 1
        if int(row["ranked"]) != len(rows): bad.append(row["park"] + ": ranked count")
        if len(mine) != 1: bad.append(row["park"] + ": not in rank's list"); continue
        r = mine[0]
        if float(r["score"]) != float(row["score"]) or r["score"] != row["score"]:
            bad.append("%s: score %s vs rank %s" % (row["park"], row["score"], r["score"]))
        if int(r["rank"]) != int(row["place"]): bad.append("%s: place %s vs rank %s" % (row["park"], row["place"], r["rank"]))
        for c in crit:
            if r[c] != row[c]: bad.append("%s: %s %s vs rank %s" % (row["park"], c, row[c], r[c]))
    else:
        nex += 1
        if mine: bad.append(row["park"] + ": excluded by sites but ranked by rank")
        if row["state"] == "excluded" and not row["reasons"]: bad.append(row["park"] + ": no reasons")
print("ok %d %d" % (nrank, nex) if not bad else "; ".join(bad[:5]))
PY
)
      check "${out%% *}" ok "sites == rank rows: $D $e $s ($out)"
    done
  done
}
compare datasets/tiny '"all"' "balanced green-objective chain-first" E1 E2 E3 E4
parks=$(/usr/bin/python3 -c "
import csv; ps=[r['id'] for r in csv.DictReader(open('datasets/china2020/parks.csv', encoding='utf-8'))]
import json; print(json.dumps(ps[::160]))")
compare datasets/china2020 "$parks" "balanced default" 600303.SH 000698.SZ 300750.SZ

# a profile == the same enterprise appended to the dataset's file
cp -r datasets/tiny "$tmp/tinyx"
printf 'PX,PX,31.0,113.5,cell:0.75;pack:0.25,,,,,,0.12,5000,25,\n' >> "$tmp/tinyx/enterprises.csv"
printf '{"id": "PX", "segments": {"cell": 0.75, "pack": 0.25}, "lat": 31.0, "lon": 113.5, "output": 5000,\n "needs": {"land": 25}, "intensities": {"co2": 0.12}}' > "$tmp/px.json"
SITES_ARGS="datasets/tiny --profile $tmp/px.json" compare "$tmp/tinyx" '"all"' "balanced green-objective" PX
# profile errors: file:line:column: path
pe() { printf '%s' "$1" > "$tmp/bad.json"; "$CHAINRANK" sites datasets/tiny --profile "$tmp/bad.json" --scheme $S/balanced.json 2>&1 >/dev/null | head -1; }
check "$(pe '{"segments": {"cell": 1}, "lat": 31, "lon": 113, "output": -5}')" "chainrank: sites: error: $tmp/bad.json:1:60: output: expected a number >= 0, got -5" "profile: negative output"
check "$(pe '{"segments": {"cell": 1}, "lat": 31, "lon": 113, "needs": {"lnd": 3}}')" "chainrank: sites: error: $tmp/bad.json:1:67: needs.lnd: unknown key (known: land, water, power, workers, skilled)" "profile: unknown need"
check "$(pe '{"segments": {"cell": 1}, "lat": 31}')" "chainrank: sites: error: $tmp/bad.json:0:0: lon: missing: the project's location (lat and lon)" "profile: no lon"
check "$(pe '{"segments": {"cell": 1.5}, "lat": 31, "lon": 113}')" "chainrank: sites: error: $tmp/bad.json:1:23: segments.cell: expected a share in [0, 1], got 1.5" "profile: share > 1"
check "$(pe '{"segments": {"cell": 1}, "lat": 31, "lon": 113, "colour": 1}')" "chainrank: sites: error: $tmp/bad.json:1:60: colour: unknown key (known: id, name, segments, lat, lon, output, needs, intensities, revenue, employees, invest, rd, tags, province, city)" "profile: unknown key"
pe '{"segments": {"cel": 1}, "lat": 31, "lon": 113}' >/dev/null
"$CHAINRANK" sites datasets/tiny --profile "$tmp/bad.json" --scheme $S/balanced.json 2>"$tmp/err" >/dev/null; check "$?" 3 "profile: unknown segment is a data error"
grep -q "bad.json:.*segments: unknown segment 'cel'" "$tmp/err"; check "$?" 0 "profile: unknown segment named with the profile's file"
"$CHAINRANK" sites datasets/tiny --profile "$tmp/bad.json" --enterprise E1 --scheme $S/balanced.json 2>/dev/null; check "$?" 2 "--profile and --enterprise"

# an excluded park is in rank's excluded rows
D=datasets/china2020
"$CHAINRANK" sites $D --enterprise 300750.SZ --chain nev --scheme $S/balanced.json --format csv --top 1 > "$tmp/ex.csv"
xp=$(awk -F, '$3=="excluded"{print $1; exit}' "$tmp/ex.csv")
if [ -n "$xp" ]; then
  "$CHAINRANK" rank $D --park "$xp" --chain nev --scheme $S/balanced.json --top 1 --excluded --format json > "$tmp/ex.json"
  /usr/bin/python3 -c "import json,sys; d=json.load(open('$tmp/ex.json')); assert any(r['id']=='300750.SZ' for r in d['excluded_rows'])"
  check "$?" 0 "excluded in sites -> in rank --excluded ($xp)"
else
  check "no excluded park" "an excluded park" "the sample has an excluded park"
fi

# same bytes for 1, 2 and 3 threads, every format
for f in table json csv; do
  for s in balanced default; do
    "$CHAINRANK" --threads 1 sites $D --enterprise 600303.SH --chain nev --scheme $S/$s.json --province 江苏 --format $f > "$tmp/t1"
    check "$?" 0 "sites $s $f"
    for t in 2 3; do
      "$CHAINRANK" --threads $t sites $D --enterprise 600303.SH --chain nev --scheme $S/$s.json --province 江苏 --format $f > "$tmp/t$t"
      check "$(cmp -s "$tmp/t1" "$tmp/t$t" && echo same)" same "sites $s $f: $t threads = 1"
    done
  done
done
"$CHAINRANK" sites $D --enterprise 600303.SH --chain nev --scheme $S/balanced.json --province 江苏省 --format json > "$tmp/j.json"
/usr/bin/python3 -c "import json; d=json.load(open('$tmp/j.json')); assert d['parks']==d['ranked']+d['excluded']+d['tenant']==len(d['rows']) and d['parks']>20"
check "$?" 0 "json: every park of 江苏省 (with or without the suffix), counts add up"

# --no-place: the same scores, no places
for s in balanced default; do
  "$CHAINRANK" sites $D --enterprise 600303.SH --chain nev --scheme $S/$s.json --province 江苏 --format csv --top 0 | cut -d, -f1-4 > "$tmp/p1"
  "$CHAINRANK" sites $D --enterprise 600303.SH --chain nev --scheme $S/$s.json --province 江苏 --format csv --top 0 --no-place > "$tmp/p0"
  check "$(cut -d, -f1-4 "$tmp/p0" | cmp -s - "$tmp/p1" && echo same)" same "--no-place: same scores ($s)"
  check "$(awk -F, 'NR>1 && $5!=""' "$tmp/p0" | wc -l)" 0 "--no-place: no place ($s)"
done

# errors
"$CHAINRANK" sites $D --enterprise NOPE --scheme $S/balanced.json 2>/dev/null; check "$?" 5 "unknown enterprise"
"$CHAINRANK" sites $D --enterprise 600303.SH --scheme $S/balanced.json --parks G311082,NOPE 2>"$tmp/err"; check "$?" 5 "unknown park"
grep -q "no park 'NOPE'" "$tmp/err"; check "$?" 0 "message names the park"
"$CHAINRANK" sites $D --enterprise 600303.SH --scheme $S/balanced.json --province 火星 2>/dev/null; check "$?" 5 "no park in province"
"$CHAINRANK" sites $D --scheme $S/balanced.json 2>/dev/null; check "$?" 2 "missing --enterprise"
"$CHAINRANK" sites $D --enterprise 600303.SH --scheme $S/balanced.json --parks G311082 --province 江苏 2>/dev/null; check "$?" 2 "--parks and --province"

echo "sites: $pass passed, $fail failed"
[ "$fail" = 0 ]
