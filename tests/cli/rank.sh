#!/usr/bin/env bash
# rank and batch end to end: exit codes, the same bytes for 1, 2 and 8
# threads in every format, atomic files, batch == rank, --resume, and clear
# errors for bad schemes and plans.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
D=datasets/china2020; S=datasets/schemes
tmp="$CR_BUILD_DIR/rank_cli_test"; rm -rf "$tmp"; mkdir -p "$tmp"

# thread-count invariance, all formats, with explanations and exclusions
for s in balanced chain-first green-objective; do
  for f in table json csv; do
    "$CHAINRANK" --threads 1 rank $D --park G311082 --chain nev --scheme $S/$s.json --top 0 --excluded --format $f > "$tmp/t1.$f"
    check "$?" 0 "rank $s $f"
    for t in 2 8; do
      "$CHAINRANK" --threads $t rank $D --park G311082 --chain nev --scheme $S/$s.json --top 0 --excluded --format $f > "$tmp/t$t.$f"
      check "$(cmp -s "$tmp/t1.$f" "$tmp/t$t.$f" && echo same)" same "rank $s $f: $t threads = 1 thread"
    done
  done
done
# shape of the outputs
check "$(head -1 "$tmp/t1.csv")" "park,chain,scheme,status,rank,id,name,score,gap,partners,resources,greening,density,goose,quality,likelihood,compromise,reasons,explanation" "csv header (tidy, docs/outputs.md)"
/usr/bin/python3 -c "import json,sys; d=json.load(open('$tmp/t1.json')); assert d['ranked']==len(d['rows']) and d['excluded']==len(d['excluded_rows']) and d['rows'][0]['rank']==1" 2>/dev/null
check "$?" 0 "json parses; rows = ranked, excluded_rows = excluded"
check "$("$CHAINRANK" rank $D --park G311082 --chain nev --scheme $S/balanced.json --top 5 --format csv | wc -l)" 6 "--top 5"
"$CHAINRANK" rank $D --park G311082 --scheme $S/balanced.json --top 3 >/dev/null; check "$?" 0 "chain defaults to the park's first led chain"

# errors
"$CHAINRANK" rank $D --park NOPE --chain nev --scheme $S/balanced.json >/dev/null 2>&1; check "$?" 5 "unknown park"
"$CHAINRANK" rank $D --park G311082 --chain NOPE --scheme $S/balanced.json >/dev/null 2>&1; check "$?" 5 "unknown chain"
"$CHAINRANK" rank $D --park G311082 --chain nev >/dev/null 2>&1; check "$?" 2 "missing --scheme"
"$CHAINRANK" rank $D --park G311082 --chain nev --scheme "$tmp/none.json" >/dev/null 2>&1; check "$?" 4 "unreadable scheme"
printf '{"criteria": [\n {"id": "gap", "weight": "heavy"}]}\n' > "$tmp/bad.json"
err=$("$CHAINRANK" rank $D --park G311082 --chain nev --scheme "$tmp/bad.json" 2>&1 >/dev/null); check "$?" 3 "bad scheme exit"
check "$(printf '%s' "$err" | grep -c "bad.json:2:.*criteria\[0\].weight: expected a number")" 1 "bad scheme message names file, line and key"
printf '{"criteria": [{"id":"gap"},{"id":"partners"},{"id":"quality"}], "weighting": {"method": "ahp", "pairwise": [[1,9,0.111111111111],[0.111111111111,1,9],[9,0.111111111111,1]]}}' > "$tmp/inc.json"
"$CHAINRANK" rank $D --park G311082 --chain nev --scheme "$tmp/inc.json" >/dev/null 2>&1; check "$?" 6 "inconsistent AHP refused"
"$CHAINRANK" rank $D --park G311082 --chain nev --scheme $S/balanced.json --out "$tmp/nodir/x.txt" >/dev/null 2>&1; check "$?" 4 "unwritable --out"

# batch: 2 parks x 2 schemes, nev; same lists as rank; index; atomic; resume
cat > "$tmp/plan.json" <<PLAN
{"schemes": ["$CR_SOURCE_DIR/$S/balanced.json", "$CR_SOURCE_DIR/$S/green-objective.json"], "parks": ["G311082", "G342020"], "chains": ["nev"], "top": 25}
PLAN
"$CHAINRANK" --threads 2 batch $D --plan "$tmp/plan.json" --out "$tmp/b2" 2>/dev/null; check "$?" 0 "batch"
"$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$tmp/b1" 2>/dev/null; check "$?" 0 "batch 1 thread"
check "$(diff -r "$tmp/b1" "$tmp/b2" >/dev/null && echo same)" same "batch: 1 thread = 2 threads"
check "$(find "$tmp/b2" -name '*.csv' | wc -l)" 5 "4 lists + index"
check "$(find "$tmp/b2" -name '*.tmp*' | wc -l)" 0 "no temp files"
"$CHAINRANK" rank $D --park G342020 --chain nev --scheme $S/green-objective.json --top 25 --format csv > "$tmp/r.csv"
check "$(cmp -s "$tmp/r.csv" "$tmp/b2/green-objective/nev/G342020.csv" && echo same)" same "batch file = rank output"
check "$(grep -c ',written$' "$tmp/b2/index.csv")" 4 "index rows"
rm "$tmp/b2/balanced/nev/G342020.csv"
"$CHAINRANK" batch $D --plan "$tmp/plan.json" --out "$tmp/b2" --resume 2>/dev/null; check "$?" 0 "resume"
check "$(grep -c ',resumed$' "$tmp/b2/index.csv"),$(grep -c ',written$' "$tmp/b2/index.csv")" "3,1" "resume skips the 3 lists already written"
check "$(diff -r "$tmp/b1" "$tmp/b2" >/dev/null; diff "$tmp/b1/balanced/nev/G342020.csv" "$tmp/b2/balanced/nev/G342020.csv" >/dev/null && echo same)" same "resumed list identical"
printf '{"schemes": ["balanced.json"], "parks": ["G311082", "NOPE"]}' > "$tmp/badplan.json"
err=$("$CHAINRANK" batch $D --plan "$tmp/badplan.json" --out "$tmp/b3" 2>&1); check "$?" 5 "plan with unknown park"
check "$(printf '%s' "$err" | grep -c 'badplan.json:1:.*parks\[1\]')" 1 "plan error names the entry"
check "$([ -e "$tmp/b3/index.csv" ] && echo yes || echo no)" no "no index after a failed plan"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
