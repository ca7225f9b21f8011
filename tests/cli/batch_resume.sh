#!/usr/bin/env bash
# batch interrupted and resumed (issue 18 §1.5). A signal removes the run's
# temporaries (index.csv.tmp.PID, a list's .tmp.PID); --resume removes those
# a killed run left (its pid no longer runs; a live pid's are kept) and
# restores the resumed lists' index rows in full (candidates, excluded,
# ranked, top id and score), from the journal a killed run leaves.
# Deterministic: a FIFO in place of one list blocks the run at that list.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/batch_resume_test"; rm -rf "$tmp"; mkdir -p "$tmp"
D=datasets/tiny
printf '{"schemes": ["%s", "%s"], "parks": ["P1", "P2"], "chains": ["nev"], "top": 5}' \
  "$CR_SOURCE_DIR/datasets/schemes/balanced.json" "$CR_SOURCE_DIR/datasets/schemes/green-objective.json" > "$tmp/plan.json"
"$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$tmp/full" 2>/dev/null; check "$?" 0 "full run"
check "$(ls "$tmp/full" | tr '\n' ' ')" "balanced green-objective index.csv " "a complete run leaves no journal or temporary"

for sig in TERM INT; do
  out="$tmp/cut$sig"; mkdir -p "$out/green-objective/nev"
  mkfifo "$out/green-objective/nev/P2.csv"          # the last list: the run blocks opening it
  # a background job of a script starts with SIGINT ignored (and keeps it
  # ignored, as nohup wants): env restores the default so the handler is set
  env --default-signal=INT "$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$out" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 100); do [ -f "$out/balanced/nev/P2.csv" ] && break; sleep 0.1; done
  sleep 0.3
  check "$(ls "$out" | grep -c '^index.csv.tmp.')" 1 "SIG$sig: the index temporary exists while the run waits"
  kill -$sig $pid
  for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then kill -KILL $pid; check alive dead "SIG$sig ends the run"; fi
  wait $pid 2>/dev/null
  check "$(find "$out" -name '*.tmp.*' | wc -l)" 0 "SIG$sig removes the run's temporaries"
  check "$(wc -l < "$out/index.csv.journal")" 3 "SIG$sig: the journal holds the 3 committed lists"
  rm "$out/green-objective/nev/P2.csv"
done

out="$tmp/cutTERM"
: > "$out/balanced/nev/P9.csv.tmp.2147483646"           # a dead pid's temporary
: > "$out/balanced/nev/P8.csv.tmp.$$"                   # a live process's
"$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$out" --resume 2>"$tmp/err"; check "$?" 0 "resume"
check "$(grep -c 'removed 1 temporary file of interrupted runs' "$tmp/err")" 1 "resume reports the stale temporary"
check "$(ls "$out/balanced/nev" | tr '\n' ' ')" "P1.csv P2.csv P8.csv.tmp.$$ " "the dead run's temporary removed, the live one's kept"
check "$(grep -c ',resumed$' "$out/index.csv"),$(grep -c ',written$' "$out/index.csv")" "3,1" "3 resumed, 1 written"
strip() { cut -d, -f1-9 "$1" | sort; }
check "$(diff <(strip "$tmp/full/index.csv") <(strip "$out/index.csv") >/dev/null && echo same)" same \
  "resumed rows carry their counts, top id and score"
check "$(ls "$out" | grep -c journal)" 0 "the journal is removed once index.csv is published"
rm "$out/balanced/nev/P8.csv.tmp.$$"
check "$(diff -r -x index.csv "$tmp/full" "$out" >/dev/null && echo same)" same "the lists equal a full run's"

# resume of a finished run: rows come from index.csv; a list with no row anywhere is ranked again
rm "$out/index.csv"
"$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$out" --resume 2>/dev/null; check "$?" 0 "resume without index"
check "$(grep -c ',written$' "$out/index.csv")" 4 "no rows to restore: every list ranked again"
"$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$out" --resume 2>/dev/null
check "$(grep -c ',resumed$' "$out/index.csv")" 4 "rows restored from index.csv"
check "$(diff <(strip "$tmp/full/index.csv") <(strip "$out/index.csv") >/dev/null && echo same)" same "and complete"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
