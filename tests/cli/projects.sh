#!/usr/bin/env bash
# vet, ledger and library end to end: JSON proposals (good and bad, with
# file:line:column), the exit codes (6 when a project is refused, 3 bad data,
# 2 usage, 5 unknown chain), the policy's checks, the china2020 projects
# validate, and --out writes atomically.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/projects_test"; rm -rf "$tmp"; mkdir -p "$tmp"
T=datasets/tiny
# one JSON proposal, land in ha: 0.4 ha = 6 亩, 1800 / 6 = 300 = P1's minimum -> pass
cat > "$tmp/p.json" <<'J'
{"id": "J1", "enterprise": "E4", "park": "P1", "segment": "pack",
 "invest": 2000, "fixed_invest": 1800, "land_ha": 0.4, "output": 2400, "tax": 90, "co2": 150, "energy": 120,
 "investor_founded": "2012"}
J
out=$("$CHAINRANK" vet $T --project "$tmp/p.json" --policy $T/policy.json --format csv)
check "$?" 0 "conditional project exits 0"
check "$(printf '%s\n' "$out" | grep ',invest_per_mu,' | cut -d, -f8,9,11)" "300,300,pass" "intensity at the minimum passes"
check "$(printf '%s\n' "$out" | grep ',decision_level,' | cut -d, -f8)" "6" "0.4 ha = 6 亩"
"$CHAINRANK" vet $T --projects $T/proposals.csv --policy $T/policy.json >/dev/null
check "$?" 6 "a refused project exits 6"
cat > "$tmp/bad.json" <<'J'
{"projects": [
 {"id": "J1", "enterprise": "E4", "park": "P1", "invest": -3},
 {"id": "J2", "enterprise": "E4", "park": "P9", "invest": 10}
]}
J
err=$("$CHAINRANK" vet $T --project "$tmp/bad.json" 2>&1 >/dev/null)
check "$?" 3 "bad proposals exit 3"
check "$(printf '%s\n' "$err" | head -2 | tr '\n' '|')" "$tmp/bad.json:2:59: invest: value -3 must be > 0|$tmp/bad.json:3:43: park: unknown park 'P9'|" "JSON positions"
# a JSON proposal's "events" (project_events.csv's fields): K1 withdrew on 2024-01-10, so vetting K2 of the
# same investor (E4, which has no withdrawal in tiny) counts it; K1 itself does not count its own
cat > "$tmp/ev.json" <<'J'
{"projects": [
 {"id": "K1", "enterprise": "E4", "park": "P2", "invest": 1500,
  "events": [{"date": "2023-05-02", "stage": "signed"}, {"date": "2023-07-01", "stage": "funds", "amount": 300},
             {"project": "K1", "date": "2024-01-10", "stage": "withdrawn", "basis": "observed"}]},
 {"id": "K2", "enterprise": "E4", "park": "P1", "invest": 2000}
]}
J
out=$("$CHAINRANK" vet $T --project "$tmp/ev.json" --as-of 2024-06-01 --format csv)
check "$(printf '%s\n' "$out" | grep '^K2,.*,withdrawn,' | cut -d, -f8,11,12)" "1,conditional,withdrawn before: K1 2024-01-10" "a proposal's withdrawal counts for the investor's other proposal"
check "$(printf '%s\n' "$out" | grep '^K1,.*,withdrawn,' | cut -d, -f8,11)" "0,pass" "not the project's own"
out=$("$CHAINRANK" vet $T --project "$tmp/ev.json" --as-of 2024-01-09 --format csv)
check "$(printf '%s\n' "$out" | grep '^K2,.*,withdrawn,' | cut -d, -f8)" "0" "a withdrawal after --as-of does not count"
cat > "$tmp/evbad.json" <<'J'
{"projects": [
 {"id": "K1", "enterprise": "E4", "park": "P2", "invest": 1500,
  "events": [{"date": "2023-05-02", "stage": "signd"}, {"project": "K9", "date": "2023-13-01", "stage": "funds"}]},
 {"id": "K2", "enterprise": "E4", "park": "P1", "invest": 2000, "events": {}}
]}
J
err=$("$CHAINRANK" vet $T --project "$tmp/evbad.json" 2>&1 >/dev/null)
check "$?" 3 "bad events exit 3"
check "$(printf '%s\n' "$err" | head -5 | tr '\n' '|')" "$tmp/evbad.json:3:46: projects[0].events[0].stage: unknown stage 'signd' (signed, funds, started, completed, operating or withdrawn)|$tmp/evbad.json:3:68: projects[0].events[1].project: event of project 'K9' inside project 'K1'|$tmp/evbad.json:3:82: projects[0].events[1].date: '2023-13-01' is not a date YYYY-MM-DD|$tmp/evbad.json:3:105: projects[0].events[1].amount: a funds event needs its amount (万元)|$tmp/evbad.json:4:75: projects[1].events: expected an array of events|" "event messages with JSON positions"
printf '{"id": "K3", "enterprise": "E4", "park": "P1", "invest": 9,\n "events": [{"date": "2023-01-01", "stage": "started"}, {"date": "2022-01-01", "stage": "signed"},\n  {"date": "2022-02-01", "stage": "withdrawn"}]}\n' > "$tmp/evorder.json"
err=$("$CHAINRANK" vet $T --project "$tmp/evorder.json" 2>&1 >/dev/null)
check "$(printf '%s\n' "$err" | head -1)" "$tmp/evorder.json:2:22: events[0].date: 'started' event of project K3 after its withdrawal (line 3)" "cross-event rules on a lone proposal"
echo '{"land": {"min_invest_per_mu": -1}}' > "$tmp/pol.json"
err=$("$CHAINRANK" vet $T --policy "$tmp/pol.json" 2>&1 >/dev/null)
check "$?" 3 "bad policy exits 3"
check "$err" "chainrank: vet: error: $tmp/pol.json:1:32: land.min_invest_per_mu: expected a finite number >= 0" "policy message"
"$CHAINRANK" ledger $T --by scheme >/dev/null 2>&1; check "$?" 2 "--by scheme without --schemes"
"$CHAINRANK" ledger $T --by month >/dev/null 2>&1; check "$?" 2 "unknown --by"
"$CHAINRANK" library $T --chain nope --scheme datasets/schemes/balanced.json >/dev/null 2>&1; check "$?" 5 "unknown chain"
"$CHAINRANK" ledger $T --format json --out "$tmp/l.json"; check "$?" 0 "ledger --out"
check "$(ls "$tmp" | grep -c tmp)" 0 "no temp file left"
check "$(grep -c '"group": "all"' "$tmp/l.json")" 1 "ledger json written"
# the holiday calendar of the "3 working days" rule (docs/projects.md): tiny's PJ3, start due Tuesday
# 2024-12-31, is reported by Friday 2025-01-03 counting Monday-Friday; with the 2025 calendar (元旦 on
# Wednesday 1 January) the third working day is Monday 2025-01-06
check "$("$CHAINRANK" ledger $T --overdue --format csv | grep '^PJ3,' | cut -d, -f7)" "2025-01-03" "no calendar: Monday-Friday"
cp -r $T "$tmp/tinyhol"
{ echo "date,kind,name"; grep '^2025-' datasets/china2020/holidays.csv | cut -d, -f1-3; } > "$tmp/tinyhol/holidays.csv"
sed -i 's/"project_events": "project_events.csv"/"project_events": "project_events.csv", "holidays": "holidays.csv"/' "$tmp/tinyhol/dataset.json"
check "$("$CHAINRANK" ledger "$tmp/tinyhol" --overdue --format csv | grep '^PJ3,' | cut -d, -f7)" "2025-01-06" "a holiday is not a working day"
check "$("$CHAINRANK" ledger "$tmp/tinyhol" --format json | grep -o '"report_by_outside": [0-9]*')" '"report_by_outside": 0' "covered"
{ echo "date,kind"; echo "2026-01-01,holiday"; } > "$tmp/tinyhol/holidays.csv"
check "$("$CHAINRANK" ledger "$tmp/tinyhol" --overdue | grep -c '1 report-by date(s) count days outside 2026-2026')" 1 "days outside the calendar's years are said"
# china2020 (the State Council's notices): PJ0178, start due Wednesday 2023-01-18, before the Spring Festival
# (21-27 January) and its working Saturday 28 January; PJ0051, due 2021-10-07 (National Day), Saturday 9 October worked
od=$("$CHAINRANK" ledger datasets/china2020 --overdue --format csv)
check "$(printf '%s\n' "$od" | grep '^PJ0178,.*,started,' | cut -d, -f5,7)" "2023-01-18,2023-01-28" "Spring Festival and 调休"
check "$(printf '%s\n' "$od" | grep '^PJ0051,.*,started,' | cut -d, -f5,7)" "2021-10-07,2021-10-11" "National Day and 调休"
check "$("$CHAINRANK" validate datasets/china2020 | grep -o 'projects [0-9]*, project events [0-9]*')" "projects 426, project events 1956" "china2020 projects"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
