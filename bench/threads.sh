#!/usr/bin/env bash
# Issue 19's thread check: every CLI command with parallel work, on --threads 1 and
# --threads 2, at several sizes; wall AND CPU time, and a byte check of the outputs.
#
# usage: bash bench/threads.sh [--bin DIR] [--reps N] [--sizes LIST] [--only REGEX] [--scratch DIR]
#   --bin DIR     DIR/chainrank (default build-bench/, else build/)
#   --reps N      runs of each thread count, alternating 1, 2, 1, 2, ...; the best
#                 wall and the best CPU (user + sys) are kept (default 3)
#   --sizes LIST  comma-separated datasets (default tiny,china2020,10k,100k):
#                   tiny       datasets/tiny
#                   china2020  datasets/china2020
#                   10k        generated here (chainrank gen: 10,000 enterprises, 100 parks, seed 1)
#                   100k       /work/scratch/shared/k100c3 if present, else generated (100,000 / 300)
#                   m1c3       /work/scratch/shared/m1c3 (1 M enterprises; minutes per row)
#                   PATH       any other dataset folder
#   --only REGEX  only the rows whose command name matches REGEX (e.g. 'rank|batch')
#   --scratch DIR where generated datasets and problems go (default /work/scratch/threads)
# Prints a markdown table on standard output, one row per (dataset, command):
# best wall and CPU on 1 and 2 threads, wall speed-up t1/t2, CPU ratio t2/t1 (above ~1.15
# the second thread spins or fights over cache lines for the same work), and whether
# the outputs of 1 and 2 threads are byte-identical (batch: diff -r of the folders).
# Exit status 1 if any output differs between 1 and 2 threads, 2 on a usage error.
# Rows run with --no-snapshot unless the dataset has a fresh snapshot: the same for
# both thread counts, so ratios compare like with like.
# The machine is shared: record `uptime` next to the table; only ratios of runs
# alternated side by side mean much.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="" REPS=3 SIZES="tiny,china2020,10k,100k" ONLY="." SCR=/work/scratch/threads
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift ;;
    --reps) REPS=$2; shift ;;
    --sizes) SIZES=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --scratch) SCR=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "threads.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "threads.sh: --reps wants a positive integer" >&2; exit 2; }
if [ -z "$BIN" ]; then
  for d in "$ROOT/build-bench" "$ROOT/build"; do [ -x "$d/chainrank" ] && { BIN=$d; break; }; done
fi
CR=$(cd "${BIN:-.}" && pwd)/chainrank
[ -x "$CR" ] || { echo "threads.sh: no chainrank (give --bin DIR)" >&2; exit 2; }
mkdir -p "$SCR"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SCH=$ROOT/bench/schemes DS=$ROOT/datasets/schemes
FAIL=0

# ---- inputs that are not datasets: mcda/smaa problems, relatedness matrices ----------
gen_inputs() {
  [ -f "$SCR/smaa-20000x2000.json" ] && [ -f "$SCR/rel-2000x400.csv" ] && return
  /usr/bin/python3 - "$SCR" <<'EOF'
import json, random, sys
d = sys.argv[1]
r = random.Random(1)
for n in (50, 20000, 100000):
    m = [[round(r.uniform(1, 100), 3) for _ in range(6)] for _ in range(n)]
    base = {"matrix": m, "types": [1, 1, 1, -1, -1, 1], "weights": [0.25, 0.2, 0.15, 0.15, 0.15, 0.1]}
    if n != 20000: json.dump(dict(base, method="topsis", params={"normalization": "vector"}), open(f"{d}/mcda-{n // 1000 or n}{'k' if n >= 1000 else ''}.json", "w"))
    for s in (2000, 20000):
        if n * s > 4e7: continue
        json.dump(dict(base, method="wsm", params={"normalization": "minmax"}, weights_model={"kind": "simplex"}, samples=s, seed=1,
                       ranks=3, top_k=3), open(f"{d}/smaa-{n}x{s}.json", "w"))
for (a, p) in ((60, 20), (2000, 400)):
    with open(f"{d}/rel-{a}x{p}.csv", "w") as f:
        f.write("location," + ",".join(f"p{j}" for j in range(p)) + "\n")
        for i in range(a):
            f.write(f"l{i}," + ",".join(f"{r.expovariate(1e-6) if r.random() < 0.4 else 0:.1f}" for _ in range(p)) + "\n")
EOF
}

dataset_dir() {
  case "$1" in
    tiny) echo "$ROOT/datasets/tiny" ;;
    china2020) echo "$ROOT/datasets/china2020" ;;
    10k) [ -f "$SCR/k10/dataset.json" ] || "$CR" gen --enterprises 10000 --parks 100 --seed 1 --quiet --force "$SCR/k10" >&2
         echo "$SCR/k10" ;;
    100k) if [ -f /work/scratch/shared/k100c3/dataset.json ]; then echo /work/scratch/shared/k100c3
          else [ -f "$SCR/k100/dataset.json" ] || "$CR" gen --enterprises 100000 --parks 300 --seed 1 --quiet --force "$SCR/k100" >&2
               echo "$SCR/k100"; fi ;;
    m1c3) echo /work/scratch/shared/m1c3 ;;
    *) echo "$1" ;;
  esac
}

# best wall / CPU of REPS alternated runs; $1 = row name, $2 = output kind (file|dir), rest = the command
# after `chainrank --threads N`; @OUT@ in it is replaced by the output path.
row() {
  local name=$1 kind=$2; shift 2
  [[ "$name" =~ $ONLY ]] || return 0
  local bw=(0 999999 999999) bc=(0 999999 999999) rss=(0 0 0) t r out args a same
  for ((r = 0; r < REPS; r++)); do
    for t in 1 2; do
      out=$T/out$t; rm -rf "$out"
      args=(); for a in "$@"; do args+=("${a//@OUT@/$out}"); done
      if [ "$kind" = file ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$CR" --threads $t "${args[@]}" >"$out" 2>"$T/err$t"
      else
        /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$CR" --threads $t "${args[@]}" >/dev/null 2>"$T/err$t"
      fi
      local rc=$?
      if [ $rc -ne 0 ] && [ $rc -ne 6 ]; then   # vet exits 6 when it refuses a project
        echo "threads.sh: '$name' failed on $t threads (exit $rc): $(head -c 300 "$T/err$t")" >&2
        echo "| $DSN | $name | FAILED (exit $rc) | | | | | | |"; FAIL=1; return
      fi
      read -r w u s m < <(tail -1 "$T/time")
      bw[$t]=$(awk -v a="$w" -v b="${bw[$t]}" 'BEGIN { print (a < b ? a : b) }')
      bc[$t]=$(awk -v a="$u" -v c="$s" -v b="${bc[$t]}" 'BEGIN { x = a + c; print (x < b ? x : b) }')
      rss[$t]=$m
    done
    if [ "$kind" = file ]; then cmp -s "$T/out1" "$T/out2" && same=yes || same=NO
    else diff -rq "$T/out1" "$T/out2" >/dev/null && same=yes || same=NO; fi
    [ "$same" = yes ] || FAIL=1
  done
  # +0.005 s: /usr/bin/time's resolution is 0.01 s, so tiny rows do not divide by zero
  awk -v d="$DSN" -v n="$name" -v w1="${bw[1]}" -v w2="${bw[2]}" -v c1="${bc[1]}" -v c2="${bc[2]}" -v s="$same" \
    'BEGIN { printf "| %s | %s | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f | %s |\n", d, n, w1, w2,
             (w1 + 0.005) / (w2 + 0.005), c1, c2, (c2 + 0.005) / (c1 + 0.005), s }'
}

echo "uptime at start: $(uptime)"
echo
echo "| dataset | command | wall 1t s | wall 2t s | speed-up 1→2 | CPU 1t s | CPU 2t s | CPU 2t/1t | same bytes |"
echo "|---|---|---|---|---|---|---|---|---|"
gen_inputs
IFS=, read -ra LIST <<<"$SIZES"
for DSN in "${LIST[@]}"; do
  D=$(dataset_dir "$DSN")
  [ -f "$D/dataset.json" ] || { echo "threads.sh: no dataset at $D" >&2; exit 2; }
  # a park leading a chain, that chain, an enterprise with history (sites), a cutoff
  read -r P K E < <(/usr/bin/python3 - "$D" <<'EOF'
import csv, sys
d = sys.argv[1]
for row in csv.DictReader(open(f"{d}/parks.csv", encoding="utf-8")):
    if row.get("chains"):
        p, k = row["id"], row["chains"].split(";")[0]; break
e = next(csv.DictReader(open(f"{d}/history.csv", encoding="utf-8")))["enterprise"]
print(p, k, e)
EOF
)
  SNAP=--no-snapshot
  [ -f "$D/.chainrank/snapshot.bin" ] && SNAP=""
  printf '{"schemes": ["%s"], "parks": "all", "chains": ["%s"], "top": 50}\n' "$SCH/bench.json" "$K" >"$T/plan.json"
  row rank file $SNAP rank "$D" --park "$P" --chain "$K" --scheme "$SCH/bench.json" --top 50 --format csv
  row batch dir $SNAP batch "$D" --plan "$T/plan.json" --out @OUT@ --quiet
  row gaps file $SNAP gaps "$D" --park "$P" --format csv
  row sites file $SNAP sites "$D" --enterprise "$E" --scheme "$DS/balanced.json" --format csv
  row contest file $SNAP contest "$D" --chain "$K" --scheme "$DS/balanced.json" --format csv
  row allocate file $SNAP allocate "$D" --chain "$K" --scheme "$DS/balanced.json" --capacity 3 --format csv
  row library file $SNAP library "$D" --chain "$K" --scheme "$DS/balanced.json" --format csv
  if [ "$DSN" != tiny ]; then   # tiny's parks have one candidate ranked by every scheme: compare refuses
  row compare-agree file $SNAP compare "$D" --park "$P" --chain "$K" --schemes "$SCH/bench.json" "$SCH/wsm.json" "$SCH/vikor.json" --format json
  row compare-mc file $SNAP compare "$D" --park "$P" --chain "$K" --schemes "$SCH/bench.json" "$SCH/wsm.json" --monte-carlo 2000 --format json
  row compare-bt file $SNAP compare "$D" --park "$P" --chain "$K" --schemes "$DS/balanced.json" "$DS/chain-first.json" --cutoff 2022-01-01 --format json
  fi
  row compare-allparks file $SNAP compare "$D" --all-parks --schemes "$DS/balanced.json" "$DS/chain-first.json" --cutoff 2022-01-01 --format json --quiet
  row report file $SNAP report "$D" --park "$P" --chain "$K" --scheme "$DS/balanced.json" --schemes "$DS/chain-first.json" --monte-carlo 500 --lang en --outlines none --out -
  [ -f "$D/projects.csv" ] && row vet file $SNAP vet "$D" --format csv
  [ -f "$D/projects.csv" ] && row ledger file $SNAP ledger "$D" --by scheme --schemes "$DS/balanced.json" "$DS/chain-first.json" --format csv
  [ "$DSN" = china2020 ] && row fit file $SNAP fit "$D" --cutoff 2019-01-01
  [ "$DSN" = tiny ] && row fit file $SNAP fit "$ROOT/tests/data/likely1" --source obs --from-year 2014 --cutoff 2017-01-01 --neg-rate 1
  [ "$DSN" = tiny ] && row evidence file $SNAP evidence "$ROOT/tests/data/likely1" --schemes "$DS/balanced.json" --source obs --train-from 2014 --from 2015 --to 2016 --top 1,2 --boot 200 --neg-rate 1 --format json
done
# the commands without a dataset, small and large
DSN=problems
for f in "$SCR"/mcda-50.json "$SCR"/mcda-100k.json; do row "mcda $(basename "$f" .json)" file mcda "$f"; done
for f in "$SCR"/smaa-*.json; do row "smaa $(basename "$f" .json)" file smaa "$f" --quiet; done
for f in "$ROOT/tests/data/complexity/trade_toy12x8.csv" "$ROOT/tests/data/complexity/trade_fixture226x21.csv" "$SCR"/rel-*.csv; do
  row "relatedness $(basename "$f" .csv)" file relatedness "$f" --format csv
done
echo
echo "uptime at end: $(uptime)"
exit $FAIL
