#!/usr/bin/env bash
# batch's lists written by the workers (issue 19): each list is formatted and written to its
# temporary by the thread that ranked it, and published (renamed) in job order by the calling
# thread. The same bytes for 1, 2 and 8 threads (CSV, JSON; several waves of jobs); a write that
# fails in a worker (two lists are symlinks to /dev/full: the later one, of the scheme whose tasks
# run first, fails first in time) is reported as one thread reports it: the first failing list in
# job order, the same stderr and exit code, the same files (none published after it, no
# temporary left) and the same journal. ledger --by scheme, one batch a year: the loop's figures.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/batch_workers_test"; rm -rf "$tmp"; mkdir -p "$tmp"
D=datasets/china2020; S=$CR_SOURCE_DIR/datasets/schemes
mapfile -t P < <(sed -n 2,151p $D/parks.csv | cut -d, -f1)
ids=$(printf '"%s",' "${P[@]}"); ids=${ids%,}
printf '{"schemes": ["%s", "%s"], "parks": [%s], "chains": ["nev"], "top": 5}' \
  "$S/balanced.json" "$S/green-objective.json" "$ids" > "$tmp/plan.json"   # 300 jobs, park-major

for f in csv json; do
  "$CHAINRANK" --threads 1 batch $D --plan "$tmp/plan.json" --out "$tmp/$f.1" --format $f --quiet 2>/dev/null
  check "$?" 0 "$f: 1 thread"
  check "$(find "$tmp/$f.1" -path "*/nev/*.$f" | wc -l)" 300 "$f: 300 lists"
  for t in 2 8; do
    "$CHAINRANK" --threads $t batch $D --plan "$tmp/plan.json" --out "$tmp/$f.$t" --format $f --quiet 2>/dev/null
    check "$?" 0 "$f: $t threads"
    check "$(diff -r "$tmp/$f.1" "$tmp/$f.$t" >/dev/null && echo same)" same "$f: $t threads = 1 thread"
  done
done

# job 2k is park k under balanced, 2k + 1 under green-objective: jobs 201 and 202 fail
for t in 1 2 8; do
  o="$tmp/full.$t"; mkdir -p "$o/green-objective/nev" "$o/balanced/nev"
  ln -s /dev/full "$o/green-objective/nev/${P[100]}.csv"
  ln -s /dev/full "$o/balanced/nev/${P[101]}.csv"
  "$CHAINRANK" --threads $t batch $D --plan "$tmp/plan.json" --out "$o" --quiet 2> "$tmp/e"
  check "$?" 4 "write failure, $t threads: exit code"
  sed "s|$o/|OUT/|g" "$tmp/e" > "$tmp/err.$t"
  check "$(find "$o" -name '*.tmp.*' | wc -l)" 0 "write failure, $t threads: no temporary left"
  check "$(find "$o" -type f -path '*/nev/*.csv' | wc -l)" 201 "write failure, $t threads: the 201 lists before it"
  check "$(wc -l < "$o/index.csv.journal")" 201 "write failure, $t threads: their journal rows"
  if [ $t -gt 1 ]; then
    check "$(cmp -s "$tmp/err.1" "$tmp/err.$t" && echo same)" same "write failure, $t threads: stderr = 1 thread's"
    check "$(diff -r "$tmp/full.1" "$o" >/dev/null && echo same)" same "write failure, $t threads: files = 1 thread's"
  fi
done
check "$(grep -c "cannot write OUT/green-objective/nev/${P[100]}.csv: No space left on device" "$tmp/err.1")" 1 \
  "the first failing list in job order is named, with the reason"

# ledger --by scheme: one batch a signing year instead of a loop of rank; the figures of the loop
# (the release before, 307 landed projects of china2020 over several years) on any thread count
for t in 1 2 8; do
  "$CHAINRANK" --threads $t ledger $D --by scheme --schemes "$S/balanced.json" "$S/green-objective.json" --top 10 \
    --format csv > "$tmp/ledger.$t" 2>/dev/null
  check "$?" 0 "ledger --by scheme, $t threads"
  check "$(cut -d, -f1,4- "$tmp/ledger.$t" | tail -n +2 | paste -sd' ')" \
    "balanced,307,4,0.013029315960912053,0.0068560913626436962 green-objective,307,2,0.0065146579804560263,0.0070466134928043019" \
    "ledger --by scheme, $t threads: the loop's figures"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
