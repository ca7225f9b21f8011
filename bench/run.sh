#!/usr/bin/env bash
# The benchmark of issue 4 in one command: release build, synthetic datasets,
# chainrank's timings and its numpy/pandas peers side by side, with a check that
# each peer computed the same scores (max |diff| <= 1e-9, same top-50).
#
# usage: bash bench/run.sh [--smoke] [--sizes N:P,...] [--out FILE] [--bin DIR] [--scratch DIR] [--keep]
#   (full)     Release build in build-bench (-DCR_BUILD_BENCH=ON), datasets of
#              10 k / 100 k / 1 M enterprises (100 / 300 / 3,000 parks, 3 links per
#              enterprise), results to bench/results.md. Several minutes.
#   --smoke    10 k enterprises only, one repetition, no build: uses --bin DIR, else
#              build-bench/ or build/ if it holds a chainrank. Results go to a
#              temporary file unless --out is given. Seconds; run by ctest
#              (tests/cli/bench_smoke.sh).
#   --sizes L  datasets to run instead: comma-separated N:P (enterprises:parks), e.g.
#              --smoke --sizes 100000:300 (one repetition at 100 k). Rank, batch, the
#              scoring peer and TOPSIS run on the last (largest) one.
#   --bin DIR  use DIR/chainrank (and DIR/bench/bench_* if present) instead of building.
#   --scratch DIR  where datasets go (default a fresh mktemp -d, removed at the end
#              unless --keep).
#   --national DIR  only the national-scale section (issue 19): batch of every park x
#              every chain of DIR (generated there first if it holds no dataset:
#              1 M enterprises, 3,000 parks, 30 chains, 3 M links, seed 1), one scheme,
#              top 50, on 1 and 2 threads, and bench_batch's job phase with pass 2's
#              skipped share on the first 300 parks x 30 chains. Prints markdown rows
#              for results.md ("National scale"); about an hour on 2 quiet cores.
#   --threads-check  only issue 19's thread check: bench/threads.sh with this --bin on
#              tiny, china2020, 10 k and 100 k (every parallel command on 1 and 2 threads,
#              wall and CPU, outputs compared byte for byte); markdown table on stdout,
#              exit 1 if 1 and 2 threads wrote different bytes. Minutes.
# Exit status: 0 when every command ran and every peer agreed with chainrank; 1 on a
# failed command or a MISMATCH (printed loudly). Missed speed targets are reported
# in the results, not as a failure: they are measurements, not correctness.
# Peers run with /usr/bin/python3 (Debian's numpy and pandas); without numpy they
# are reported as SKIP and only chainrank's side is measured and checked. The
# scoring peer (bench/peers/score_peer.py) re-implements rank for one park and
# chain; its scores, exclusions and seven criteria are compared with rank's CSV.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SMOKE=0 OUT="" BIN="" SCRATCH="" KEEP=0 SIZES_OPT="" NATIONAL="" THREADS_CHECK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --out) OUT=$2; shift ;;
    --sizes) SIZES_OPT=$2; shift
             [[ "$SIZES_OPT" =~ ^[0-9]+:[0-9]+(,[0-9]+:[0-9]+)*$ ]] || { echo "run.sh: --sizes wants N:P[,N:P...], got '$SIZES_OPT'" >&2; exit 2; } ;;
    --bin) BIN=$2; shift ;;
    --scratch) SCRATCH=$2; shift ;;
    --keep) KEEP=1 ;;
    --national) NATIONAL=$2; shift ;;
    --threads-check) THREADS_CHECK=1 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# CR_BENCH_PYTHON: only for tests/cli/bench_smoke.sh, to exercise the no-numpy path.
PY=${CR_BENCH_PYTHON:-/usr/bin/python3}
PEERS=$ROOT/bench/peers
T=$(mktemp -d)
if [ -z "$SCRATCH" ]; then SCRATCH=$(mktemp -d); else mkdir -p "$SCRATCH"; KEEP=1; fi
S=$(cd "$SCRATCH" && pwd)
cleanup() { rm -rf "$T"; [ "$KEEP" = 1 ] || rm -rf "$S"; }
trap cleanup EXIT

# ---- binaries ---------------------------------------------------------------------
if [ -z "$BIN" ]; then
  if [ "$SMOKE" = 1 ]; then
    for d in "$ROOT/build-bench" "$ROOT/build"; do [ -x "$d/chainrank" ] && { BIN=$d; break; }; done
    [ -n "$BIN" ] || { echo "run.sh: --smoke does not build; give --bin DIR (a build with chainrank)" >&2; exit 2; }
  else
    BIN=$ROOT/build-bench
    echo "== Release build in $BIN" >&2
    cmake -S "$ROOT" -B "$BIN" -DCMAKE_BUILD_TYPE=Release -DCR_BUILD_BENCH=ON -DCR_BUILD_TESTS=OFF >/dev/null
    cmake --build "$BIN" -j "$(nproc)" >/dev/null
  fi
fi
BIN=$(cd "$BIN" && pwd)
CR=$BIN/chainrank
[ -x "$CR" ] || { echo "run.sh: no chainrank in $BIN" >&2; exit 2; }
BMCDA=$BIN/bench/bench_mcda BCX=$BIN/bench/bench_complexity
[ -x "$BMCDA" ] || BMCDA=""
[ -x "$BCX" ] || BCX=""
# ---- Thread check (issue 19; opt-in) ----------------------------------------------------
if [ "$THREADS_CHECK" = 1 ]; then
  bash "$ROOT/bench/threads.sh" --bin "$BIN" --sizes tiny,china2020,10k,100k --reps 3 --scratch "$S/threads"
  exit $?
fi
# ---- National scale (issue 19; opt-in) ------------------------------------------------
if [ -n "$NATIONAL" ]; then
  if [ ! -f "$NATIONAL/dataset.json" ]; then
    "$CR" gen --enterprises 1000000 --parks 3000 --chains 30 --links 3000000 --seed 1 --force "$NATIONAL" >&2
  fi
  echo "{\"schemes\": [\"$ROOT/bench/schemes/bench.json\"], \"parks\": \"all\", \"chains\": \"all\", \"top\": 50}" > "$T/national.json"
  echo "| threads | command | wall | peak RSS |"
  echo "|---|---|---|---|"
  for th in 1 2; do
    /usr/bin/time -f "%e s %M KB" -o "$T/national_time" "$CR" --threads $th batch "$NATIONAL" --plan "$T/national.json" --out "$T/national_$th" >/dev/null
    echo "| $th | \`chainrank --threads $th batch $NATIONAL --plan PLAN --out OUT\` | $(cut -d' ' -f1-2 "$T/national_time") | $(cut -d' ' -f3-4 "$T/national_time") |"
  done
  cmp -s <(cd "$T/national_1" && find . -type f -exec md5sum {} + | sort) <(cd "$T/national_2" && find . -type f -exec md5sum {} + | sort) \
    && echo "1 and 2 threads: identical output trees" || { echo "MISMATCH: 1 and 2 threads differ"; exit 1; }
  if [ -x "$BIN/bench/bench_batch" ]; then
    for th in 1 2; do
      echo '    '"$BIN/bench/bench_batch $NATIONAL bench/schemes/bench.json all 300 $th 50"
      "$BIN/bench/bench_batch" "$NATIONAL" "$ROOT/bench/schemes/bench.json" all 300 $th 50 | sed 's/^/    /'
    done
  fi
  exit 0
fi

HAVE_NP=0 HAVE_PD=0
$PY -c 'import numpy' 2>/dev/null && HAVE_NP=1
$PY -c 'import pandas' 2>/dev/null && HAVE_PD=1

if [ "$SMOKE" = 1 ]; then
  SIZES="10000:100" REPS=1 BREPS=3 PREPS=1 SPREPS=1 CXN="300 153" ROUNDS=1
else
  SIZES="10000:100 100000:300 1000000:3000" REPS=3 BREPS=21 PREPS=5 SPREPS=3 CXN="3000 153" ROUNDS=3
fi
[ -z "$SIZES_OPT" ] || SIZES=${SIZES_OPT//,/ }
# Enterprise columns used as the TOPSIS matrix (m x 12) and their types: size and
# R&D are benefits, intensities and resource needs are costs. Equal weights.
TOPSIS_COLS=6-9,11-18
TOPSIS_TYPES=1,1,1,1,-1,-1,-1,-1,1,-1,-1,-1

# ---- helpers ----------------------------------------------------------------------
FAILS=0
R=$T/body.md          # the run's sections, assembled into OUT at the end
CHECKS=$T/checks.txt  # peer equality lines
CMDS=$T/commands.txt  # every command, in order (scratch shown as $S, build as $BIN)
: >"$R"; : >"$CHECKS"; : >"$CMDS"
say() { echo "$*" >&2; }
log_cmd() {
  local line="" a
  for a in "$@"; do
    case "$a" in *[[:space:]\(\)\;\&\|\*\?]*) a="'$a'" ;; esac
    line+="${line:+ }$a"
  done
  line=${line//$S/\$S}; line=${line//$BIN/\$BIN}; line=${line//$ROOT\//}
  grep -qxF -- "$line" "$CMDS" || echo "$line" >>"$CMDS"
}
# timed REPS CMD...: best wall (ns) of REPS runs in WALL, max peak RSS (KB) in RSS,
# stdout of the last run in $T/out. A failing command stops the benchmark.
timed() {
  local reps=$1 r t0 t1 w rss
  shift
  log_cmd "$@"
  WALL="" RSS=0
  for ((r = 0; r < reps; r++)); do
    t0=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$T/rss" "$@" >"$T/out" 2>"$T/err"; then
      say "run.sh: FAILED: $*"; cat "$T/err" >&2; exit 1
    fi
    t1=$(date +%s%N)
    w=$((t1 - t0))
    if [ -z "$WALL" ] || [ "$w" -lt "$WALL" ]; then WALL=$w; fi
    rss=$(tail -1 "$T/rss")
    if [ "$rss" -gt "$RSS" ]; then RSS=$rss; fi
  done
}
# untimed CMD...: run and log; output in $T/out.
untimed() {
  log_cmd "$@"
  "$@" >"$T/out" 2>"$T/err" || { say "run.sh: FAILED: $*"; cat "$T/err" >&2; exit 1; }
}
sec() { awk -v n="$1" 'BEGIN { s = n / 1e9; if (s < 1) printf "%.1f ms", s * 1e3; else printf "%.2f s", s }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
rate() { awk -v x="$1" -v ns="$2" -v u="$3" 'BEGIN { r = x / (ns / 1e9); if (r >= 1e6) printf "%.2f M%s", r / 1e6, u; else printf "%.0f k%s", r / 1e3, u }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f×", a / b }'; }
kv() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$T/out" | head -1; }  # value of key=... in $T/out
# compare NAME A B: peer equality; a mismatch is loud and fails the run.
compare() {
  log_cmd "$PY" "$PEERS/compare.py" "$@"
  if "$PY" "$PEERS/compare.py" "$@" >"$T/cmp" 2>&1; then
    cat "$T/cmp" | tee -a "$CHECKS" >&2
  else
    say "!!!!!!!! PEER MISMATCH !!!!!!!!"; cat "$T/cmp" >&2
    sed 's/^/FAILED: /' "$T/cmp" >>"$CHECKS"; FAILS=$((FAILS + 1))
  fi
}
nocheck() { echo "SKIP $1: /usr/bin/python3 has no ${2:-numpy}" | tee -a "$CHECKS" >&2; }
files_bytes() { local b=0 f; for f in "$@"; do b=$((b + $(stat -c %s "$f"))); done; echo $b; }
csv_rows() { local n=0 f; for f in "$@"; do n=$((n + $(wc -l <"$f") - 1)); done; echo $n; }

# Park x segment matrix of a dataset: tenants' revenue by segment (revenue x share),
# parks in parks.csv order, segments sorted. Parks without tenants are rows of 0.
park_segment_matrix() {
  local ds=$1 out=$2 segs
  segs=$(awk -F, 'NR > 1 && $21 != "" { n = split($5, a, ";"); for (i = 1; i <= n; i++) { split(a[i], b, ":"); print b[1] } }' \
           "$ds/enterprises.csv" | LC_ALL=C sort -u | paste -sd, -)
  awk -F, -v segs="$segs" '
    BEGIN { ns = split(segs, sg, ","); for (j = 1; j <= ns; j++) col[sg[j]] = j }
    FNR == 1 { next }
    NR == FNR { np++; pid[np] = $1; next }
    $21 != "" { n = split($5, a, ";")
                for (i = 1; i <= n; i++) { k = split(a[i], b, ":"); v[$21, col[b[1]]] += $6 * (k > 1 ? b[2] : 1) } }
    END { printf "location"; for (j = 1; j <= ns; j++) printf ",%s", sg[j]; printf "\n"
          for (p = 1; p <= np; p++) { printf "%s", pid[p]; for (j = 1; j <= ns; j++) printf ",%.17g", v[pid[p], j] + 0; printf "\n" } }' \
    "$ds/parks.csv" "$ds/enterprises.csv" >"$out"
}

# ---- machine ----------------------------------------------------------------------
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM=$(free -g | awk '/^Mem:/ { print $2 " GiB" }')
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT (with uncommitted changes)"
NPV=$($PY -c 'import numpy; print(numpy.__version__)' 2>/dev/null || echo "not installed")
PDV=$($PY -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo "not installed")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "Machine: $CPU, $(nproc) cores, $MEM RAM, $(uname -sr); $(gcc --version | head -1)."
  echo "numpy $NPV, pandas $PDV (/usr/bin/python3 $($PY -c 'import platform; print(platform.python_version())'))."
  echo "Commit $COMMIT; started $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start $LOAD."
  echo "Binaries: \`$BIN\` ($( [ "$SMOKE" = 1 ] && echo "as given, not rebuilt" || echo "CMake Release, -DCR_BUILD_BENCH=ON")). Wall times are best of N"
  echo "(N in each table), measured around the whole process with \`date +%s%N\`; peak RSS from \`/usr/bin/time -f %M\`"
  echo "(largest of the N runs). Library-call timings (TOPSIS, relatedness) are the bench programs' own best-of-N"
  echo "clocks around the call alone, like the peers' \`time.perf_counter()\` around the numpy/pandas call alone."
  echo "numpy uses its default OpenBLAS threads (the machine's cores) in the relatedness peer's matrix products."
  echo
  if [ "$SMOKE" = 1 ]; then
    echo "**Smoke run**: $(for z in $SIZES; do printf "%s enterprises / %s parks; " "${z%%:*}" "${z##*:}"; done)one repetition. It checks that the benchmark runs and that the peers agree;"
    echo "its timings and ratios are too small to judge the issue's targets."
    echo
  fi
} >>"$R"

# ---- datasets, load + validate, gaps ------------------------------------------------
say "== datasets in $S"
GEN_ROWS="" VAL_ROWS="" LOAD_ROWS="" GAPS_ROWS=""
declare -A VALW   # [N:threads] best validate wall (ns): chainrank's load of the whole dataset
for sz in $SIZES; do
  N=${sz%%:*} P=${sz##*:}
  D=$S/d$N
  timed 1 "$CR" gen --enterprises "$N" --parks "$P" --chains 3 --links $((3 * N)) --seed 1 --force "$D"
  FILES=("$D/dataset.json" "$D/chains.json" "$D/parks.csv" "$D/enterprises.csv" "$D/links.csv" "$D/history.csv")
  BYTES=$(files_bytes "${FILES[@]}")
  ROWS=$(csv_rows "$D/parks.csv" "$D/enterprises.csv" "$D/links.csv" "$D/history.csv")
  GEN_ROWS+="| $N | $P | $((3 * N)) | $(csv_rows "$D/history.csv") | $(awk -v b="$BYTES" 'BEGIN { printf "%.1f MB", b / 1e6 }') | $(sec "$WALL") | $(mb "$RSS") |"$'\n'
  for th in 1 2; do
    timed "$REPS" "$CR" --threads "$th" validate "$D"
    VALW[$N:$th]=$WALL
    grep -q ": ok" "$T/out" || { say "run.sh: validate did not report ok on $D"; cat "$T/out" >&2; exit 1; }
    VAL_ROWS+="| $N | $th | $(sec "$WALL") | $(rate "$ROWS" "$WALL" " rows/s") | $(awk -v b="$BYTES" -v ns="$WALL" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ns / 1e9) }') | $(mb "$RSS") |"$'\n'
  done
  # Enterprises only: a manifest naming chains, parks and enterprises (the format
  # requires chains and parks; they are < 0.5 % of the bytes).
  E=$S/d${N}_e
  mkdir -p "$E"
  for f in chains.json parks.csv enterprises.csv; do ln -sf "$D/$f" "$E/$f"; done
  printf '{"format": "chainrank-dataset/1", "name": "enterprises-only", "chains": "chains.json", "parks": "parks.csv", "enterprises": "enterprises.csv"}\n' >"$E/dataset.json"
  timed "$REPS" "$CR" validate "$E"
  CRL=$WALL CRRSS=$RSS
  NE=$(sed -n 's/.*enterprises \([0-9]*\).*/\1/p' "$T/out" | head -1)
  [ "$NE" = "$N" ] || { say "run.sh: validate counted '$NE' enterprises in $E, expected $N"; exit 1; }
  EB=$(stat -c %s "$D/enterprises.csv")
  if [ "$HAVE_PD" = 1 ]; then
    timed 1 "$PY" "$PEERS/read_csv_peer.py" "$D/enterprises.csv" --repeat "$REPS"
    PDS=$(kv best_s)
    PROWS=$(kv rows)
    if [ "$PROWS" = "$N" ]; then echo "ok read_csv d$N: pandas read $PROWS rows, chainrank loaded $NE enterprises" >>"$CHECKS"
    else echo "FAILED: read_csv d$N: pandas read $PROWS rows, chainrank $NE" >>"$CHECKS"; FAILS=$((FAILS + 1)); fi
    PDNS=$(awk -v s="$PDS" 'BEGIN { printf "%.0f", s * 1e9 }')
    MET=$(awk -v a="$PDNS" -v b="$CRL" 'BEGIN { print (b < a) ? "yes" : "**no**" }')
    LOAD_ROWS+="| $N | $(sec "$CRL") ($(awk -v b="$EB" -v ns="$CRL" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ns / 1e9) }'), $(mb "$CRRSS")) | $(sec "$PDNS") ($(awk -v b="$EB" -v ns="$PDNS" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ns / 1e9) }')) | $(ratio "$PDNS" "$CRL") | $MET |"$'\n'
  else
    nocheck "read_csv d$N" pandas
    LOAD_ROWS+="| $N | $(sec "$CRL") ($(mb "$CRRSS")) | SKIP (no pandas) | – | – |"$'\n'
  fi
  PARK=P1
  for th in 1 2; do
    timed "$REPS" "$CR" --threads "$th" gaps "$D" --park "$PARK" --format json
    GAPS_ROWS+="| $N | $PARK ($(sed -n 's/.*"chain": "\([^"]*\)".*/\1/p' "$T/out" | head -1)) | $th | $(sec "$WALL") | $(mb "$RSS") |"$'\n'
  done
done
BIG=$(echo "$SIZES" | tr ' ' '\n' | tail -1)
NB=${BIG%%:*} PB=${BIG##*:} DB=$S/d${BIG%%:*}
{
  echo "### Datasets (\`chainrank gen\`, 2 threads, seed 1, 3 chains)"
  echo
  echo "| enterprises | parks | links | history | size | gen wall | peak RSS |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$GEN_ROWS"
  echo
  echo "### Load + validate, all files (\`chainrank validate\`, best of $REPS)"
  echo
  echo "Rows = parks + enterprises + links + history; MB = all six files."
  echo
  echo "| enterprises | threads | wall | rows/s | MB/s | peak RSS |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$VAL_ROWS"
  echo
  echo "### Enterprise load vs \`pandas.read_csv\` on the same enterprises.csv (best of $REPS)"
  echo
  echo "chainrank: the whole \`validate\` process on a manifest naming chains, parks and enterprises (parse, id"
  echo "interning, every check; process start included). pandas: \`pd.read_csv(path)\` alone, default options, inside"
  echo "an already started interpreter (no validation). Target: chainrank faster."
  echo
  echo "| enterprises | chainrank load + validate | pandas.read_csv | pandas / chainrank | target met |"
  echo "|---|---|---|---|---|"
  printf '%s' "$LOAD_ROWS"
  echo
  echo "### Gaps of one park (\`chainrank gaps DATASET --park P1 --format json\`, whole process incl. load, best of $REPS)"
  echo
  echo "| enterprises | park (chain) | threads | wall | peak RSS |"
  echo "|---|---|---|---|---|"
  printf '%s' "$GAPS_ROWS"
  echo
} >>"$R"

# ---- TOPSIS on the enterprises' m x 12 matrix ------------------------------------------
say "== TOPSIS"
MCSV=$S/topsis_${NB}x12.csv
cut -d, -f"$TOPSIS_COLS" "$DB/enterprises.csv" >"$MCSV"
log_cmd cut -d, -f"$TOPSIS_COLS" "$DB/enterprises.csv" ">" "$MCSV"
MBYTES=$((NB * 12 * 8))
TROWS=""
declare -A TBEST
# The machine's second core is often taken by other tenants of the host for a
# while, which makes 2 threads look slower than 1: the bench programs run in
# ROUNDS alternating rounds (1, 2, 1, 2, ...) and each thread count keeps its best.
if [ -n "$BMCDA" ]; then
  declare -A TMED TRSS
  for ((round = 0; round < ROUNDS; round++)); do
    for th in 1 2; do
      timed 1 "$BMCDA" --matrix-csv "$MCSV" --types "$TOPSIS_TYPES" --dump "$S/topsis_c$th.bin" 0 0 "$th" "$BREPS" minmax
      ns=$(awk -v m="$(kv best_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
      if [ -z "${TBEST[$th]:-}" ] || [ "$ns" -lt "${TBEST[$th]}" ]; then TBEST[$th]=$ns TMED[$th]=$(kv median_ms); fi
      TRSS[$th]=$RSS
    done
  done
  for th in 1 2; do
    ns=${TBEST[$th]}
    TROWS+="| chainrank \`cr_mcda_topsis\` (bench_mcda) | $th | $(awk -v n="$ns" 'BEGIN { printf "%.2f", n / 1e6 }') ms (median ${TMED[$th]} in that round) | $(rate "$NB" "$ns" " alt/s") | $(awk -v b="$MBYTES" -v ns="$ns" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ns / 1e9) }') | $(mb "${TRSS[$th]}") (incl. CSV text) |"$'\n'
  done
  cmp -s "$S/topsis_c1.bin" "$S/topsis_c2.bin" && echo "ok topsis 1 vs 2 threads: identical bytes" >>"$CHECKS" \
    || { echo "FAILED: topsis scores differ between 1 and 2 threads" >>"$CHECKS"; FAILS=$((FAILS + 1)); }
else
  TROWS+="| chainrank \`cr_mcda_topsis\` (bench_mcda) | – | not built (CR_BUILD_BENCH=OFF) | | | |"$'\n'
fi
# The CLI end to end (CSV parse + TOPSIS + ranks + JSON): the path the smoke test can use.
W=""
for i in $(seq 1 12); do W+="${W:+,}1"; done
printf '{"method": "topsis", "matrix_csv": "%s", "types": [%s], "weights": [%s], "params": {"normalization": "minmax"}}\n' \
  "$MCSV" "$TOPSIS_TYPES" "$W" >"$S/topsis.json"
for th in 1 2; do
  timed "$REPS" "$CR" --threads "$th" mcda "$S/topsis.json" --out "$S/topsis_cli$th.json"
  TROWS+="| chainrank \`mcda\` CLI, whole process (CSV parse, ranks, JSON out) | $th | $(sec "$WALL") | $(rate "$NB" "$WALL" " alt/s") | | $(mb "$RSS") |"$'\n'
done
cmp -s "$S/topsis_cli1.json" "$S/topsis_cli2.json" && echo "ok mcda CLI 1 vs 2 threads: identical bytes" >>"$CHECKS" \
  || { echo "FAILED: mcda CLI output differs between 1 and 2 threads" >>"$CHECKS"; FAILS=$((FAILS + 1)); }
TPEER=""
if [ "$HAVE_NP" = 1 ]; then
  timed 1 "$PY" "$PEERS/topsis_peer.py" --matrix-csv "$MCSV" --types "$TOPSIS_TYPES" --repeat "$PREPS" --out "$S/topsis_np.bin"
  TPEER=$(awk -v m="$(kv best_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
  TROWS+="| numpy peer (bench/peers/topsis_peer.py) | numpy | $(kv best_ms) ms (median $(kv median_ms)) | $(rate "$NB" "$TPEER" " alt/s") | $(awk -v b="$MBYTES" -v ns="$TPEER" 'BEGIN { printf "%.0f MB/s", b / 1e6 / (ns / 1e9) }') | |"$'\n'
  [ -n "$BMCDA" ] && compare "topsis ${NB}x12 (bench_mcda vs numpy)" "bin:$S/topsis_c2.bin" "bin:$S/topsis_np.bin"
  compare "topsis ${NB}x12 (mcda CLI vs numpy)" "json:$S/topsis_cli2.json:scores" "bin:$S/topsis_np.bin"
else
  nocheck "topsis ${NB}x12"
fi
{
  echo "### TOPSIS on the ${NB} × 12 enterprise matrix (min-max, equal weights)"
  echo
  echo "Matrix: columns revenue, employees, invest, rd (benefit), co2_int, energy_int, water_int, pollutant_int (cost),"
  echo "plant_output (benefit), need_land, need_water, need_power (cost) of the ${NB}-enterprise dataset, cut to a CSV."
  echo "Library and peer: best of $ROUNDS rounds × $BREPS (chainrank) / $PREPS (numpy) calls on the matrix in memory. MB/s = 8·m·n bytes / wall."
  echo
  echo "| implementation | threads | best wall | alternatives/s | matrix MB/s | peak RSS |"
  echo "|---|---|---|---|---|---|"
  printf '%s' "$TROWS"
  echo
  if [ -n "$TPEER" ] && [ -n "$BMCDA" ]; then
    r1=$(ratio "$TPEER" "${TBEST[1]}") r2=$(ratio "$TPEER" "${TBEST[2]}")
    echo "numpy / chainrank: **$r2** (chainrank 2 threads), $r1 (1 thread). Target ≥ 15×:" \
      "$(awk -v a="$TPEER" -v b="${TBEST[2]}" 'BEGIN { print (a / b >= 15) ? "met" : "**not met**" }') (2 threads)," \
      "$(awk -v a="$TPEER" -v b="${TBEST[1]}" 'BEGIN { print (a / b >= 15) ? "met" : "**not met**" }') (1 thread)."
    echo "1 → 2 threads: $(ratio "${TBEST[1]}" "${TBEST[2]}")."
    echo
  fi
} >>"$R"

# ---- relatedness -----------------------------------------------------------------------
say "== relatedness"
read -r CXL CXA <<<"$CXN"
XROWS=""
declare -A XBEST
if [ -n "$BCX" ]; then
  declare -A XRSS
  for ((round = 0; round < ROUNDS; round++)); do
    for th in 1 2; do
      mkdir -p "$S/cx_c$th"
      timed 1 "$BCX" --dump "$S/cx_c$th" "$CXL" "$CXA" $((BREPS * 2)) "$th" fast
      ns=$(awk -v m="$(sed -n 's/.*wall \([0-9.]*\) ms.*/\1/p' "$T/out" | head -1)" 'BEGIN { printf "%.0f", m * 1e6 }')
      if [ -z "${XBEST[$th]:-}" ] || [ "$ns" -lt "${XBEST[$th]}" ]; then XBEST[$th]=$ns; fi
      XRSS[$th]=$RSS
    done
  done
  for th in 1 2; do
    XROWS+="| chainrank \`cr_cx_compute\` (bench_complexity) | $th | $(awk -v n="${XBEST[$th]}" 'BEGIN { printf "%.3f", n / 1e6 }') ms | $(rate $((CXL * CXA)) "${XBEST[$th]}" " cells/s") | $(mb "${XRSS[$th]}") |"$'\n'
  done
  for f in rca proximity density; do
    cmp -s "$S/cx_c1/$f.bin" "$S/cx_c2/$f.bin" && echo "ok relatedness $f 1 vs 2 threads: identical bytes" >>"$CHECKS" \
      || { echo "FAILED: relatedness $f differs between 1 and 2 threads" >>"$CHECKS"; FAILS=$((FAILS + 1)); }
  done
else
  XROWS+="| chainrank \`cr_cx_compute\` (bench_complexity) | – | not built (CR_BUILD_BENCH=OFF) | | |"$'\n'
fi
XPEER="" XPEERI=""
if [ "$HAVE_NP" = 1 ]; then
  timed 1 "$PY" "$PEERS/cx_peer.py" --gen "$CXL" "$CXA" 42 --repeat $((PREPS * 2)) --out "$S/cx_np"
  XPEER=$(awk -v m="$(kv best_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
  XROWS+="| numpy peer, float64 M (BLAS dgemm) | numpy | $(kv best_ms) ms | $(rate $((CXL * CXA)) "$XPEER" " cells/s") | $(mb "$RSS") |"$'\n'
  timed 1 "$PY" "$PEERS/cx_peer.py" --gen "$CXL" "$CXA" 42 --repeat "$PREPS" --intm --out "$S/cx_npi"
  XPEERI=$(awk -v m="$(kv best_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
  XROWS+="| numpy peer, int64 M as py-ecomplexity's own code | numpy | $(kv best_ms) ms | $(rate $((CXL * CXA)) "$XPEERI" " cells/s") | $(mb "$RSS") |"$'\n'
  if [ -n "$BCX" ]; then
    for f in rca proximity density; do
      compare "relatedness ${CXL}x${CXA} $f (bench_complexity vs numpy float64 M)" "bin:$S/cx_c2/$f.bin" "bin:$S/cx_np/$f.bin"
    done
    compare "relatedness ${CXL}x${CXA} density (bench_complexity vs numpy int64 M)" "bin:$S/cx_c2/density.bin" "bin:$S/cx_npi/density.bin"
  fi
else
  nocheck "relatedness ${CXL}x${CXA}"
fi
# A matrix taken from the dataset: tenants' revenue by segment of each park. The
# generator has 32 segments, so this is parks x 32, not x 153: a check of the CLI
# path on real-shaped data (a park without tenants would be a dropped, NaN row)
# more than a timing.
PSM=$S/park_segment.csv
park_segment_matrix "$DB" "$PSM"
log_cmd "park_segment_matrix" "$DB" ">" "$PSM" "  # awk in bench/run.sh"
PSA=$(($(head -1 "$PSM" | tr -cd , | wc -c)))
for th in 1 2; do
  timed "$REPS" "$CR" --threads "$th" relatedness "$PSM" --out "$S/psm_cli$th.json"
  XROWS+="| chainrank \`relatedness\` CLI on the dataset's $PB parks × $PSA segments (whole process, incl. ECI/PCI/COI/COG and JSON) | $th | $(sec "$WALL") | $(rate $((PB * PSA)) "$WALL" " cells/s") | $(mb "$RSS") |"$'\n'
done
cmp -s "$S/psm_cli1.json" "$S/psm_cli2.json" && echo "ok relatedness CLI 1 vs 2 threads: identical bytes" >>"$CHECKS" \
  || { echo "FAILED: relatedness CLI output differs between 1 and 2 threads" >>"$CHECKS"; FAILS=$((FAILS + 1)); }
if [ "$HAVE_NP" = 1 ]; then
  untimed "$PY" "$PEERS/cx_peer.py" --matrix-csv "$PSM" --repeat 1 --out "$S/psm_np"
  for f in rca proximity density; do
    compare "relatedness ${PB}x$PSA dataset $f (CLI vs numpy)" "json:$S/psm_cli2.json:$f" "bin:$S/psm_np/$f.bin"
  done
else
  nocheck "relatedness ${PB}x$PSA dataset"
fi
{
  echo "### Relatedness: RCA + presence + proximity + density on $CXL locations × $CXA activities"
  echo
  echo "Matrix: the seeded random one of bench/bench_complexity.c (splitmix64, seed 42, 30 % zeros, else ⌊1000·e^{6u}⌋),"
  echo "which the numpy peer regenerates bit for bit. The generated datasets cannot give 153 columns (their chains"
  echo "use 32 segments); the dataset-derived matrix (tenants' revenue by segment of each park, built with awk from"
  echo "enterprises.csv) is run through the CLI and checked against the peer as well. Best of $ROUNDS rounds × $((BREPS * 2)) (chainrank) /"
  echo "$((PREPS * 2)) and $PREPS (numpy) calls."
  echo
  echo "| implementation | threads | best wall | cells/s | peak RSS |"
  echo "|---|---|---|---|---|"
  printf '%s' "$XROWS"
  echo
  if [ -n "$XPEER" ] && [ -n "$BCX" ]; then
    echo "numpy (float64 M, BLAS) / chainrank: **$(ratio "$XPEER" "${XBEST[2]}")** (chainrank 2 threads), $(ratio "$XPEER" "${XBEST[1]}") (1 thread)." \
      "Target ≥ 20×: $(awk -v a="$XPEER" -v b="${XBEST[2]}" 'BEGIN { print (a / b >= 20) ? "met" : "**not met**" }')."
    echo "numpy (int64 M, py-ecomplexity's code) / chainrank: $(ratio "$XPEERI" "${XBEST[2]}") (2 threads), $(ratio "$XPEERI" "${XBEST[1]}") (1 thread)." \
      "Target ≥ 20×: $(awk -v a="$XPEERI" -v b="${XBEST[2]}" 'BEGIN { print (a / b >= 20) ? "met" : "**not met**" }')."
    echo "1 → 2 threads: $(ratio "${XBEST[1]}" "${XBEST[2]}")."
    echo
  fi
} >>"$R"

# ---- rank and batch ----------------------------------------------------------------
# rank one park and chain, batch every park; the numpy scoring peer (issue 4: >= 20x,
# same scores to 1e-9, same top-50) on the same park, chain and scheme.
say "== rank / batch"
RANK_LINES="" RANK_NOTES=""
declare -A RANKW
if "$CR" --help 2>/dev/null | grep -qE '^  rank '; then
  SCHEME=$ROOT/bench/schemes/bench.json PLAN=$ROOT/bench/schemes/plan.json
  CHAIN=nev   # the plan's chain (bench/schemes/plan.json); every generated dataset has it
  if [ -f "$SCHEME" ]; then
    # evaluations = the park's candidates (share in the chain, not a tenant), as rank reports them
    NCAND=$("$CR" rank "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --top 1 | sed -n 's/^candidates \([0-9]*\):.*/\1/p')
    for th in 1 2; do
      timed "$REPS" "$CR" --threads "$th" rank "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --top 50
      RANKW[$th]=$WALL
      RANK_LINES+="| rank, park P1, chain $CHAIN (load + model + score, whole process) | $th | $(sec "$WALL") | $(rate "$NCAND" "$WALL" " evaluations/s") | $(mb "$RSS") |"$'\n'
    done
    # issue 19: the same rank mapped from a snapshot (docs/snapshot.md), written
    # beside the scratch data with --out so the dataset folder stays as generated;
    # the output must be the same bytes as the rank above.
    if "$CR" --help 2>/dev/null | grep -qE '^  snapshot '; then
      timed 1 "$CR" snapshot "$DB" --out "$S/snapshot.bin"
      RANK_LINES+="| snapshot: write the loaded dataset, model and ranker (\`chainrank snapshot DATASET --out F\`, $(awk -v b="$(stat -c %s "$S/snapshot.bin")" 'BEGIN { printf "%.0f MB", b / 1e6 }')) | 2 | $(sec "$WALL") | | $(mb "$RSS") |"$'\n'
      untimed "$CR" --no-snapshot rank "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --top 50
      cp "$T/out" "$S/rank_files.txt"
      for th in 1 2; do
        timed "$REPS" "$CR" --threads "$th" --snapshot "$S/snapshot.bin" rank "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --top 50
        RANK_LINES+="| rank, park P1, chain $CHAIN, from the snapshot (map + check + score, whole process; target < 3 s) | $th | $(sec "$WALL") | $(rate "$NCAND" "$WALL" " evaluations/s") | $(mb "$RSS") |"$'\n'
        if cmp -s "$T/out" "$S/rank_files.txt"; then echo "ok rank P1 $CHAIN d$NB: the same bytes from the snapshot ($th threads)" >>"$CHECKS"
        else echo "FAILED: rank P1 $CHAIN d$NB: the snapshot's output differs ($th threads)" >>"$CHECKS"; FAILS=$((FAILS + 1)); fi
      done
    fi
  else
    RANK_LINES+="| rank | – | bench/schemes/bench.json missing | | |"$'\n'
  fi
  if "$CR" --help 2>/dev/null | grep -qE '^  batch ' && [ -f "$PLAN" ]; then
    for th in 1 2; do
      rm -rf "$S/batch$th"
      timed 1 "$CR" --threads "$th" batch "$DB" --plan "$PLAN" --out "$S/batch$th"
      NEVAL=$(awk -F, 'NR > 1 { s += $4 } END { printf "%d", s }' "$S/batch$th/index.csv")
      RANK_LINES+="| batch, all $PB parks, chain $CHAIN, top 50 (load + model + score + write) | $th | $(sec "$WALL") | $(rate "$NEVAL" "$WALL" " evaluations/s") | $(mb "$RSS") |"$'\n'
      BATCHW=$WALL
    done
    # issue 19: the five schemes of compare (TOPSIS, WSM, VIKOR, entropy and AHP weights) in one batch,
    # against one scheme's batch above (target: within 2x)
    PLAN5=$ROOT/bench/schemes/plan-compare5.json
    if [ -f "$PLAN5" ]; then
      rm -rf "$S/batch5"
      timed 1 "$CR" --threads 2 batch "$DB" --plan "$PLAN5" --out "$S/batch5"
      NEVAL=$(awk -F, 'NR > 1 { s += $4 } END { printf "%d", s }' "$S/batch5/index.csv")
      RANK_LINES+="| batch, 5 schemes (TOPSIS, WSM, VIKOR, entropy, AHP; bench/schemes/plan-compare5.json), all $PB parks, chain $CHAIN: $(ratio "$WALL" "$BATCHW") one scheme's (issue 19 target ≤ 2×) | 2 | $(sec "$WALL") | $(rate "$NEVAL" "$WALL" " evaluations/s") | $(mb "$RSS") |"$'\n'
    fi
    # issue 19: compare's backtest of the same five schemes (compare --all-parks: the parks of chain
    # $CHAIN with an event after the cutoff; the positions route, docs/compare.md section 3) against
    # one scheme's batch (bench.json, top 50) over the same parks (target: within 2x)
    if [ -f "$PLAN5" ] && "$CR" --help 2>/dev/null | grep -qE '^  compare ' && ! "$PY" -c 'import json' 2>/dev/null; then
      RANK_LINES+="| compare --all-parks, 5 schemes, vs batch over the same parks | – | SKIP ($PY cannot read compare's JSON for the park list) | | |"$'\n'
    elif [ -f "$PLAN5" ] && "$CR" --help 2>/dev/null | grep -qE '^  compare '; then
      SC5=()
      for f in bench wsm vikor entropy ahp; do SC5+=("$ROOT/bench/schemes/$f.json"); done
      timed 1 "$CR" --threads 2 compare "$DB" --chain "$CHAIN" --cutoff 2023-01-01 --all-parks --history \
        --schemes "${SC5[@]}" --format json --quiet
      CMPW=$WALL CMPR=$RSS
      "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); json.dump({"schemes": [sys.argv[2]], "parks": [p["park"] for p in d["backtest"]["per_park"]], "chains": [sys.argv[3]], "top": 50}, open(sys.argv[4], "w"))' \
        "$T/out" "$SCHEME" "$CHAIN" "$S/plan_cmp_parks.json"
      NCP=$("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["parks"]))' "$S/plan_cmp_parks.json")
      rm -rf "$S/batch_cmp"
      timed 1 "$CR" --threads 2 batch "$DB" --plan "$S/plan_cmp_parks.json" --out "$S/batch_cmp"
      RANK_LINES+="| compare --all-parks --cutoff 2023-01-01, 5 schemes (bench, wsm, vikor, entropy, ahp), chain $CHAIN: $NCP parks with an outcome; batch of bench.json over the same parks $(sec "$WALL"): $(ratio "$CMPW" "$WALL") (issue 19 target ≤ 2×) | 2 | $(sec "$CMPW") | | $(mb "$CMPR") |"$'\n'
    fi
  else
    RANK_LINES+="| batch | – | not built yet (or bench/schemes/plan.json missing) | | |"$'\n'
  fi
  if [ -f "$PEERS/score_peer.py" ] && [ "$HAVE_NP" = 1 ] && [ "$HAVE_PD" = 1 ] && [ -f "$SCHEME" ]; then
    timed 1 "$PY" "$PEERS/score_peer.py" "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --repeat "$SPREPS" \
      --out "$S/score_np.bin" --criteria "$S/score_np"
    SPN=$(awk -v m="$(kv best_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
    SPL=$(awk -v m="$(kv load_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
    SPS=$(awk -v m="$(kv score_ms)" 'BEGIN { printf "%.0f", m * 1e6 }')
    RANK_LINES+="| numpy scoring peer (bench/peers/score_peer.py): load + model + score, in the interpreter, best of $SPREPS | numpy | $(sec "$SPN") (load $(sec "$SPL"), score $(sec "$SPS")) | $(rate "$NCAND" "$SPN" " evaluations/s") | |"$'\n'
    RANK_LINES+="| numpy scoring peer, whole process ($SPREPS runs: interpreter start and imports once, writing the scores) | numpy | $(sec "$WALL") | | $(mb "$RSS") |"$'\n'
    if [ -n "${RANKW[1]:-}" ]; then
      r1=$(ratio "$SPN" "${RANKW[1]}") r2=$(ratio "$SPN" "${RANKW[2]}")
      RANK_NOTES+="numpy peer (load + score in the interpreter) / chainrank \`rank\` (whole process, load included): **$r2** (2 threads), $r1 (1 thread)."$'\n'
      RANK_NOTES+="Target ≥ 20×: $(awk -v a="$SPN" -v b="${RANKW[2]}" 'BEGIN { print (a / b >= 20) ? "met" : "**not met**" }') (2 threads), $(awk -v a="$SPN" -v b="${RANKW[1]}" 'BEGIN { print (a / b >= 20) ? "met" : "**not met**" }') (1 thread)."$'\n'
      # chainrank times no phase of its own: rank minus validate (the same process
      # start and dataset load) estimates its model + score time.
      for th in 1 2; do
        est=$((RANKW[$th] - VALW[$NB:$th]))
        if [ "$est" -gt 0 ]; then
          RANK_NOTES+="Without loading, $th thread(s): numpy peer score $(sec "$SPS") / chainrank rank − validate $(sec "$est") (an estimate: chainrank does not time its phases) = $(ratio "$SPS" "$est")."$'\n'
        else
          RANK_NOTES+="Without loading, $th thread(s): chainrank rank − validate is ≤ 0 (noise; rank's model + score time is below the load's jitter); numpy peer score $(sec "$SPS")."$'\n'
        fi
      done
    fi
    # Equality: every candidate in enterprise-file order, NaN where excluded, from
    # rank's full CSV (all rows and the excluded ones) and from the peer.
    untimed "$CR" rank "$DB" --park P1 --chain "$CHAIN" --scheme "$SCHEME" --top 0 --format csv --excluded --out "$S/rank_all.csv"
    untimed "$PY" "$PEERS/rank_csv_to_bin.py" "$DB" "$S/rank_all.csv" --out "$S/score_cr.bin" --criteria "$S/score_cr"
    if cmp -s "$S/score_cr.bin.ids" "$S/score_np.bin.ids"; then
      echo "ok rank P1 $CHAIN d$NB: the same $(wc -l <"$S/score_np.bin.ids") candidates and the same $(grep -c ' excluded$' "$S/score_np.bin.ids" || true) excluded (rank vs numpy)" >>"$CHECKS"
    else
      echo "FAILED: rank P1 $CHAIN d$NB: candidates or exclusions differ (rank vs numpy): diff $S/score_cr.bin.ids $S/score_np.bin.ids" >>"$CHECKS"
      FAILS=$((FAILS + 1))
    fi
    compare "rank P1 $CHAIN d$NB scores (rank vs numpy)" "bin:$S/score_cr.bin" "bin:$S/score_np.bin"
    # Criteria: 1e-9 absolute + 1e-9 relative (they are not normalised). goose
    # carries chainrank's supply-graph PageRank, which igraph's PRPACK solves to
    # its fixed tolerance of 1e-10 (L1 over all N): relative differences of
    # 1e-10 (10 k) to 1e-9 (100 k), growing with N, against the peer's 1e-15.
    for c in gap partners resources greening density goose quality; do
      rt=1e-9
      [ "$c" = goose ] && rt=1e-7
      compare "rank P1 $CHAIN d$NB criterion $c (rank vs numpy)" "bin:$S/score_cr.$c.bin" "bin:$S/score_np.$c.bin" --top 0 --rtol "$rt"
    done
  else
    RANK_LINES+="| numpy scoring peer | – | SKIP (no numpy/pandas in $PY, or no scheme) | | |"$'\n'
    nocheck "rank P1 $CHAIN d$NB"
  fi
else
  RANK_LINES="| rank | – | rank: not built yet | | |"$'\n'"| batch | – | batch: not built yet | | |"$'\n'"| numpy scoring peer | – | rank not built | | |"$'\n'
fi
# ---- under MPI (issue 19, docs/mpi.md) -------------------------------------------------
# The batch above with chainrank-mpi on 1 and 2 ranks of one thread each, alternating, best of
# REPS; its lists must be chainrank's bytes (a check). Peak RSS is the largest process's (one
# rank). Skipped in --smoke (mpirun's start-up) and without chainrank-mpi or mpirun.
MPI_LINES="" MPI_NOTES=""
CRM=$BIN/chainrank-mpi
if [ "$SMOKE" = 0 ] && [ -x "$CRM" ] && command -v mpirun >/dev/null && [ -f "${PLAN:-}" ] && [ -d "$S/batch1" ]; then
  say "== batch under MPI"
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_pml=ob1 OMPI_MCA_btl=self,vader
  declare -A MPIW MPIR
  for ((rr = 0; rr < REPS; rr++)); do
    for np in 1 2; do
      rm -rf "$S/mpi$np"
      timed 1 mpirun --oversubscribe --bind-to none -np "$np" "$CRM" --threads 1 batch "$DB" --plan "$PLAN" --out "$S/mpi$np" --quiet
      if [ -z "${MPIW[$np]:-}" ] || [ "$WALL" -lt "${MPIW[$np]}" ]; then MPIW[$np]=$WALL; fi
      if [ "$RSS" -gt "${MPIR[$np]:-0}" ]; then MPIR[$np]=$RSS; fi
    done
  done
  NEVAL=$(awk -F, 'NR > 1 { s += $4 } END { printf "%d", s }' "$S/batch1/index.csv")
  for np in 1 2; do
    MPI_LINES+="| batch, all $PB parks, chain $CHAIN: mpirun -np $np chainrank-mpi --threads 1 | $np × 1 | $(sec "${MPIW[$np]}") | $(rate "$NEVAL" "${MPIW[$np]}" " evaluations/s") | $(mb "${MPIR[$np]}") |"$'\n'
  done
  MPI_NOTES+="1 → 2 ranks: $(ratio "${MPIW[1]}" "${MPIW[2]}") (both ranks load the dataset and build the ranker; one machine, 2 cores)."$'\n'
  if diff -r "$S/batch1" "$S/mpi2" >/dev/null; then
    echo "ok batch d$NB: mpirun -np 2 chainrank-mpi wrote the same bytes as chainrank --threads 1" >>"$CHECKS"
  else
    echo "FAILED: batch d$NB: mpirun -np 2 chainrank-mpi differs from chainrank (diff -r $S/batch1 $S/mpi2)" >>"$CHECKS"
    FAILS=$((FAILS + 1))
  fi
fi
{
  echo "### Rank one park, batch all parks ($NB enterprises, $PB parks)"
  echo
  echo "| what | threads | wall | candidate–park evaluations/s | peak RSS |"
  echo "|---|---|---|---|---|"
  printf '%s' "$RANK_LINES"
  echo
  if [ -n "$RANK_NOTES" ]; then
    echo "Scheme bench/schemes/bench.json (given weights, TOPSIS on min-max, land hard). The peer reads the files with"
    echo "pandas and computes with numpy only: both PageRanks by power iteration to 1e-15 (L1), the gap list, the"
    echo "park × segment density, the seven criteria of all enterprises, exclusions and TOPSIS (docs/model.md)."
    echo
    printf '%s\n' "$RANK_NOTES"
  fi
  if [ -n "$MPI_LINES" ]; then
    echo "### Under MPI ($NB enterprises, $PB parks; docs/mpi.md)"
    echo
    echo "| what | ranks × threads | wall | candidate–park evaluations/s | peak RSS (one rank) |"
    echo "|---|---|---|---|---|"
    printf '%s' "$MPI_LINES"
    echo
    printf '%s\n' "$MPI_NOTES"
  fi
  echo "### Peer equality checks (same scores to 1e-9, same top-50 by index, ties to the lower index)"
  echo
  sed 's/^/    /' "$CHECKS"
  echo
  echo "### Commands"
  echo
  echo "\`\$S\` is the scratch folder, \`\$BIN\` the build folder; \`park_segment_matrix\` is the awk function in bench/run.sh."
  echo
  sed 's/^/    /' "$CMDS"
  echo
} >>"$R"

# ---- results file -------------------------------------------------------------------
if [ -z "$OUT" ]; then
  if [ "$SMOKE" = 1 ]; then OUT=$(mktemp /tmp/chainrank-bench-smoke.XXXXXX.md); else OUT=$ROOT/bench/results.md; fi
fi
EARLIER="## Measured by hand (kept by bench/run.sh)"
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bash bench/run.sh$( [ "$SMOKE" = 1 ] && echo " --smoke")\` (issue 4). The machine is shared; figures are best-of-N and ratios."
  echo "Reproduce with \`bash bench/run.sh\` (Release build in build-bench, datasets in a scratch folder, a few minutes)."
  echo
  echo "## $( [ "$SMOKE" = 1 ] && echo "Smoke run" || echo "Full run") ($(date -u +%Y-%m-%d))"
  echo
  cat "$R"
  echo "Finished $(date -u '+%H:%M UTC'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (2 cores: a load near or above"
  echo "2 means another job shared the machine and 2-thread figures are unreliable)."
  echo
  if awk -v a="${LOAD%% *}" -v b="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN { exit !(a >= 1.5 || b >= 1.5) }'; then
    echo "**This run shared the machine with other jobs** (load above): figures are pessimistic, most of all the"
    echo "2-thread ones and the ratios taken against them; the 1-thread library timings are the steadiest."
    echo
  fi
  # Hand-measured sections: carried over verbatim once they sit under $EARLIER,
  # else (first run) every "## " section demoted one level.
  # Only bench/results.md's: another --out file gets no carried-over sections.
  if [ "$OUT" -ef "$ROOT/bench/results.md" ] && grep -qxF "$EARLIER" "$OUT"; then
    sed -n "/^$EARLIER\$/,\$p" "$OUT"
  elif [ "$OUT" -ef "$ROOT/bench/results.md" ] && grep -q '^## ' "$OUT"; then
    echo "$EARLIER"
    echo
    echo "Measured by hand, outside this script (commands in each section); everything from this heading on is kept."
    echo
    sed -n '/^## /,$p' "$OUT" | sed 's/^## /### /'
  fi
} >"$T/results.md"
mv "$T/results.md" "$OUT"
say "== results: $OUT"
cat "$CHECKS" >&2
if [ "$FAILS" -gt 0 ]; then
  say "run.sh: $FAILS check(s) FAILED: a peer and chainrank disagree (see above and $OUT)"
  exit 1
fi
exit 0
