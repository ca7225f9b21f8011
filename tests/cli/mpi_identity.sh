#!/usr/bin/env bash
# chainrank-mpi (issue 19, docs/mpi.md): batch and compare DATASET under `mpirun -np 2` (and 3)
# give the same bytes as the plain chainrank on 1 and 2 threads: every batch output form (CSV,
# JSON, xlsx, --report, the index), --resume, compare's table, JSON and CSV (one park with SMAA
# and a backtest; every park's backtest); a failing job gives one process's message, exit code
# and files (the first failing job in job order, whichever rank ran it); a run that fails before
# the jobs prints its message once.
set -u
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: "${CHAINRANK:?}" "${CHAINRANK_MPI:?}"
command -v mpirun >/dev/null || { echo "FAIL: mpirun not found (scripts/setup.sh installs openmpi-bin)"; exit 1; }
# Open MPI refuses root unless told; shared memory only and no UCX probing (start-up ~2 s, not 4)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader
# the ASan build: Open MPI's own start-up allocations are not chainrank's leaks (never suppress
# ours). Its libraries have no frame pointers, so the ranks unwind with DWARF
# (fast_unwind_on_malloc=0) for the suppressions to see them (ignored by the release build).
export LSAN_OPTIONS="suppressions=${CR_SOURCE_DIR:-.}/tests/cli/lsan-mpi.supp:print_suppressions=0"
mpi() {
  local np=$1; shift
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
    mpirun --oversubscribe --bind-to none -np "$np" "$CHAINRANK_MPI" "$@"
}

check() {   # check NAME: $tmp/ref (1 thread) against $tmp/t2 (2 threads) and $tmp/mpi
  if diff -r "$tmp/ref" "$tmp/t2" >/dev/null && diff -r "$tmp/ref" "$tmp/mpi" >"$tmp/diff" 2>&1; then
    echo "ok: $1"
  else
    echo "FAIL: $1"; head -20 "$tmp/diff"; fail=1
  fi
  rm -rf "$tmp/ref" "$tmp/t2" "$tmp/mpi"
}

# batch: DIR per run, every output form
batch() {   # batch NAME NP DATASET PLAN ARGS...
  local name=$1 np=$2 ds=$3 plan=$4; shift 4
  "$CHAINRANK" --threads 1 batch "$ds" --plan "$plan" --out "$tmp/ref" --quiet "$@" 2>/dev/null
  local a=$?
  "$CHAINRANK" --threads 2 batch "$ds" --plan "$plan" --out "$tmp/t2" --quiet "$@" 2>/dev/null
  mpi "$np" --threads 1 batch "$ds" --plan "$plan" --out "$tmp/mpi" --quiet "$@" 2>/dev/null
  local b=$?
  [ $a -eq 0 ] && [ $b -eq 0 ] || { echo "FAIL: $name: exit $a (one process) vs $b (mpirun -np $np)"; fail=1; }
  check "$name (-np $np)"
}

# compare: stdout
compare() {   # compare NAME NP ARGS...
  local name=$1 np=$2; shift 2
  mkdir -p "$tmp/ref" "$tmp/t2" "$tmp/mpi"
  "$CHAINRANK" --threads 1 compare "$@" > "$tmp/ref/out" 2>/dev/null
  local a=$?
  "$CHAINRANK" --threads 2 compare "$@" > "$tmp/t2/out" 2>/dev/null
  mpi "$np" --threads 1 compare "$@" > "$tmp/mpi/out" 2>/dev/null
  local b=$?
  [ $a -eq 0 ] && [ $b -eq 0 ] && [ -s "$tmp/ref/out" ] || { echo "FAIL: $name: exit $a vs $b"; fail=1; }
  check "$name (-np $np)"
}

T=datasets/tiny DS=datasets/schemes GS=tests/golden/schemes
G=$tmp/g20k
"$CHAINRANK" gen --enterprises 20000 --parks 40 --quiet "$G" >/dev/null || { echo "FAIL: gen"; exit 1; }
cat > "$tmp/plan-g.json" <<EOF
{"schemes": ["$PWD/$DS/balanced.json", "$PWD/$DS/green-objective.json", "$PWD/$GS/mixed-wsm.json"],
 "parks": "all", "chains": "all", "top": 20}
EOF
# 12 parks x 3 chains x 3 schemes = 108 jobs: chunks of 5 (2 ranks) or 4 (3 ranks), many per rank.
# Workbooks are slow to write (about 70 ms each, more under ASan): six parks for them.
sed 's/"parks": "all"/"parks": ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "P11", "P12"]/' \
  "$tmp/plan-g.json" > "$tmp/plan-g12.json"
sed 's/"parks": "all"/"parks": ["P1", "P2", "P3", "P4", "P5", "P6"]/' "$tmp/plan-g.json" > "$tmp/plan-g6.json"

# one rank is chainrank: under mpirun -np 1, and started alone (an MPI singleton)
batch "tiny json, one rank" 1 $T tests/golden/plan-tiny.json --format json
"$CHAINRANK" --threads 1 batch $T --plan tests/golden/plan-tiny.json --out "$tmp/ref" --quiet 2>/dev/null
"$CHAINRANK" --threads 2 batch $T --plan tests/golden/plan-tiny.json --out "$tmp/t2" --quiet 2>/dev/null
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
  "$CHAINRANK_MPI" --threads 1 batch $T --plan tests/golden/plan-tiny.json --out "$tmp/mpi" --quiet 2>/dev/null
check "tiny csv, chainrank-mpi without mpirun"
batch "tiny csv" 2 $T tests/golden/plan-tiny.json
batch "tiny json" 3 $T tests/golden/plan-tiny.json --format json
batch "tiny xlsx" 2 $T tests/golden/plan-tiny.json --format xlsx
batch "tiny --report" 2 $T tests/golden/plan-tiny.json --report --lang en --outlines none
batch "20k csv" 2 "$G" "$tmp/plan-g12.json"
batch "20k json" 3 "$G" "$tmp/plan-g12.json" --format json
batch "20k xlsx" 2 "$G" "$tmp/plan-g6.json" --format xlsx

# --resume: lists of an earlier run kept, the missing ones ranked again, one index
"$CHAINRANK" batch "$G" --plan "$tmp/plan-g12.json" --out "$tmp/base" --quiet 2>/dev/null
rm -f "$tmp/base"/balanced/*/P1*.csv "$tmp/base"/mixed-wsm/*/P2*.csv
cp -r "$tmp/base" "$tmp/ref"; cp -r "$tmp/base" "$tmp/t2"; cp -r "$tmp/base" "$tmp/mpi"
"$CHAINRANK" --threads 1 batch "$G" --plan "$tmp/plan-g12.json" --out "$tmp/ref" --resume --quiet 2>/dev/null
"$CHAINRANK" --threads 2 batch "$G" --plan "$tmp/plan-g12.json" --out "$tmp/t2" --resume --quiet 2>/dev/null
mpi 2 --threads 1 batch "$G" --plan "$tmp/plan-g12.json" --out "$tmp/mpi" --resume --quiet 2>/dev/null
grep -q ',resumed$' "$tmp/ref/index.csv" && grep -q ',written$' "$tmp/ref/index.csv" || { echo "FAIL: resume did not resume"; fail=1; }
check "20k --resume"

compare "20k every park's backtest json" 2 "$G" --all-parks --schemes $DS/balanced.json $DS/green-objective.json $GS/mixed-wsm.json --cutoff 2022-01-01 --format json
compare "20k every park's backtest csv" 3 "$G" --all-parks --schemes $DS/balanced.json $GS/critic-topsis.json --cutoff 2021-01-01 --format csv
compare "20k one park, SMAA + backtest, table" 2 "$G" --park P2 --schemes $DS/balanced.json $DS/chain-first.json --monte-carlo 200 --cutoff 2022-01-01
compare "20k one park json" 2 "$G" --park P2 --schemes $DS/balanced.json $GS/mixed-wsm.json --monte-carlo 100 --cutoff 2022-01-01 --format json
compare "rankings (rank 0 only)" 2 --rankings tests/data/agree/small.json --format json

# a failing job (a likelihood scheme without a model): one process's message, code and files.
# 6 jobs on 2 ranks are chunks of 1, job j on rank j mod 2 (on 3: j mod 3); jobs are 0-based.
# The two failing jobs use two such schemes, so the message says which failed first.
sed 's/"name": "likelihood-first"/"name": "second-failure"/' $DS/likelihood-first.json > "$tmp/second.json"
bad_plan() {   # bad_plan FILE J1 J2: jobs J1 and J2 fail
  local f=$1 j sep="" s park
  { echo '{"jobs": ['
    for j in 0 1 2 3 4 5; do
      s=$PWD/$DS/balanced.json
      [ $j -eq "$2" ] && s=$PWD/$DS/likelihood-first.json
      [ $j -eq "$3" ] && s=$tmp/second.json
      park=P$((j + 1)); printf '%s{"park": "%s", "chain": "nev", "scheme": "%s"}\n' "$sep" "$park" "$s"; sep=,
    done
    echo '], "top": 5}'; } > "$f"
}
bad() {   # bad NAME NP J1 J2
  local name=$1 np=$2
  bad_plan "$tmp/bad.json" "$3" "$4"
  "$CHAINRANK" --threads 1 batch "$G" --plan "$tmp/bad.json" --out "$tmp/ref" --quiet 2> "$tmp/e1"
  local a=$?
  "$CHAINRANK" --threads 2 batch "$G" --plan "$tmp/bad.json" --out "$tmp/t2" --quiet 2>/dev/null
  mpi "$np" --threads 1 batch "$G" --plan "$tmp/bad.json" --out "$tmp/mpi" --quiet 2> "$tmp/e2"
  local b=$?
  grep '^chainrank' "$tmp/e1" > "$tmp/m1"; grep '^chainrank' "$tmp/e2" > "$tmp/m2"
  if [ $a -ne 0 ] && [ $a -eq $b ] && [ -s "$tmp/m1" ] && cmp -s "$tmp/m1" "$tmp/m2" &&
     grep -q "scheme 'likelihood-first'" "$tmp/m1"; then
    echo "ok: $name: exit $a, $(cat "$tmp/m1")"
  else
    echo "FAIL: $name: exit $a vs $b"; cat "$tmp/e1" "$tmp/e2"; fail=1
  fi
  check "$name: the files written before the failure"
}
bad "failing jobs 3 (rank 1) and 4 (rank 0)" 2 3 4
bad "failing jobs 4 (rank 0) and 5 (rank 1)" 2 4 5
bad "failing jobs 4 (rank 1) and 5 (rank 2)" 3 4 5

# a failure before the jobs (every rank): the message once, the code of one process
"$CHAINRANK" batch $T --plan "$tmp/none.json" --out "$tmp/x" 2> "$tmp/e1"; a=$?
mpi 2 batch $T --plan "$tmp/none.json" --out "$tmp/x" 2> "$tmp/e2"; b=$?
if [ $a -ne 0 ] && [ $a -eq $b ] && [ "$(grep -c '^chainrank' "$tmp/e2")" -eq "$(grep -c '^chainrank' "$tmp/e1")" ] &&
   cmp -s <(grep '^chainrank' "$tmp/e1") <(grep '^chainrank' "$tmp/e2"); then
  echo "ok: missing plan: exit $a, message once"
else
  echo "FAIL: missing plan: exit $a vs $b"; cat "$tmp/e1" "$tmp/e2"; fail=1
fi
exit $fail
