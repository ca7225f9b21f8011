#!/usr/bin/env bash
# chainrank snapshot (docs/snapshot.md): every command's output is the same
# bytes with and without the snapshot (tiny, china2020, a generated 20k
# dataset); a stale, truncated, damaged or foreign snapshot is refused with a
# warning naming why and the files are read; nothing but `snapshot` writes
# into a dataset folder.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }
tmp="$CR_BUILD_DIR/snapshot_cli_test"; rm -rf "$tmp"; mkdir -p "$tmp"
S=datasets/schemes

# same stdout, stderr and exit code with and without the snapshot
same() {
  local name=$1; shift
  "$CHAINRANK" "$@" > "$tmp/a.out" 2> "$tmp/a.err"; local ra=$?
  "$CHAINRANK" --no-snapshot "$@" > "$tmp/b.out" 2> "$tmp/b.err"; local rb=$?
  check "$ra" "$rb" "$name: exit code"
  check "$(cmp -s "$tmp/a.out" "$tmp/b.out" && cmp -s "$tmp/a.err" "$tmp/b.err" && echo same)" same "$name: same bytes"
}
# batch: the same files
same_batch() {
  local name=$1 D=$2 plan=$3
  "$CHAINRANK" batch "$D" --plan "$plan" --out "$tmp/ba" --quiet >/dev/null 2>&1; check "$?" 0 "$name: batch"
  "$CHAINRANK" --no-snapshot batch "$D" --plan "$plan" --out "$tmp/bb" --quiet >/dev/null 2>&1
  check "$(diff -r "$tmp/ba" "$tmp/bb" >/dev/null && echo same)" same "$name: batch files"
  rm -rf "$tmp/ba" "$tmp/bb"
}

# tiny (with projects) and china2020 (real data, warnings)
cp -r datasets/tiny "$tmp/tiny"
cp -r datasets/china2020 "$tmp/cn"
"$CHAINRANK" rank "$tmp/tiny" --park P1 --scheme $S/balanced.json >/dev/null
check "$(ls -A "$tmp/tiny" | grep -c chainrank)" 0 "rank writes nothing into the dataset folder"
for D in "$tmp/tiny" "$tmp/cn"; do
  out=$("$CHAINRANK" snapshot "$D"); check "$?" 0 "snapshot $D"
  check "$(echo "$out" | grep -c "^$D/.chainrank/snapshot.bin: [0-9]* bytes")" 1 "snapshot $D: says where"
done
T="$tmp/tiny"
same "tiny validate" validate "$T"
same "tiny rank" rank "$T" --park P1 --scheme $S/balanced.json --top 0 --excluded --format csv
same "tiny rank vikor" rank "$T" --park P1 --scheme $S/green-objective.json --top 0 --format json
same "tiny gaps" gaps "$T" --park P1
same "tiny vet" vet "$T"
same "tiny ledger" ledger "$T"
same "tiny parks" parks "$T" --format csv
same "tiny chains" chains "$T"
same "tiny compare" compare "$T" --top 3
printf '{"schemes": ["%s/balanced.json", "%s/chain-first.json"], "parks": "all", "top": 5}' "$PWD/$S" "$PWD/$S" > "$tmp/plan.json"
same_batch tiny "$T" "$tmp/plan.json"
C="$tmp/cn"
same "china2020 validate" validate "$C"
same "china2020 rank" rank "$C" --park G311082 --chain nev --scheme $S/balanced.json --top 50 --format csv
same "china2020 gaps" gaps "$C" --park G311082 --format json
same_batch china2020 "$C" "$tmp/plan.json"

# a generated 20k dataset
G="$tmp/g20k"
"$CHAINRANK" gen --enterprises 20000 --parks 200 --seed 3 --quiet "$G" >/dev/null 2>&1; check "$?" 0 "gen 20k"
"$CHAINRANK" snapshot "$G" >/dev/null; check "$?" 0 "snapshot 20k"
same "20k rank" rank "$G" --park P1 --chain nev --scheme $S/balanced.json --top 0 --excluded --format csv
same "20k rank vikor" rank "$G" --park P7 --chain nev --scheme $S/green-objective.json --top 100
same "20k gaps" gaps "$G" --park P3
same "20k compare" compare "$G" --park P1 --chain nev --top 20
printf '{"schemes": ["%s/balanced.json"], "parks": "all", "chains": ["nev"], "top": 20}' "$PWD/$S" > "$tmp/plan20k.json"
same_batch 20k "$G" "$tmp/plan20k.json"
# with 1 and 2 threads from the snapshot
"$CHAINRANK" --threads 1 rank "$G" --park P1 --chain nev --scheme $S/balanced.json --format csv > "$tmp/t1"
"$CHAINRANK" --threads 2 rank "$G" --park P1 --chain nev --scheme $S/balanced.json --format csv > "$tmp/t2"
check "$(cmp -s "$tmp/t1" "$tmp/t2" && echo same)" same "20k from the snapshot: 1 thread = 2 threads"

# the snapshot is used (no CSV opened) when fresh
if command -v strace >/dev/null; then
  n=$(strace -f -e trace=openat "$CHAINRANK" rank "$G" --park P1 --chain nev --scheme $S/balanced.json 2>&1 >/dev/null | grep -c 'enterprises.csv", O_RDONLY) = [0-9]')
  check "$n" 1 "fresh snapshot: enterprises.csv only opened to check its fingerprint"
fi

# refusals: a warning naming why (validate shows it), and the files are read
snap=$G/.chainrank/snapshot.bin
warn() { "$CHAINRANK" "$@" validate "$G" 2>&1 >/dev/null | grep 'snapshot: warning'; }
cp "$snap" "$tmp/good.bin"
check "$(warn)" "" "fresh: no warning"
touch "$G/links.csv"
check "$(warn | grep -c 'stale: links.csv changed since the snapshot was written; reading the dataset')" 1 "stale after touch"
same "20k rank, stale" rank "$G" --park P1 --chain nev --scheme $S/balanced.json --top 10
"$CHAINRANK" snapshot "$G" >/dev/null
cp "$snap" "$tmp/good.bin"
check "$(warn --snapshot "$tmp/good.bin")" "" "--snapshot PATH: fresh"
size=$(stat -c %s "$tmp/good.bin")
for cut in 0 10 100 4096 $((size / 2)) $((size - 1)); do
  head -c $cut "$tmp/good.bin" > "$tmp/cut.bin"
  check "$(warn --snapshot "$tmp/cut.bin" | grep -c 'warning: truncated')" 1 "truncated at $cut"
done
for off in 3 40 200 5000 $((size / 3)) $((size - 20)); do
  cp "$tmp/good.bin" "$tmp/flip.bin"
  printf '\xa5' | dd of="$tmp/flip.bin" bs=1 seek=$off conv=notrunc status=none
  w=$(warn --snapshot "$tmp/flip.bin")
  check "$(echo "$w" | grep -cE 'warning: (damaged|not a chainrank snapshot)')" 1 "byte $off changed: $w"
done
cp datasets/tiny/links.csv "$tmp/foreign.bin"
check "$(warn --snapshot "$tmp/foreign.bin" | grep -c 'not a chainrank snapshot (bad magic)')" 1 "foreign file"
check "$(warn --snapshot "$tmp/none.bin" | grep -c 'cannot open: No such file')" 1 "missing --snapshot PATH"
"$CHAINRANK" --snapshot "$tmp/flip.bin" rank "$G" --park P1 --chain nev --scheme $S/balanced.json --top 10 > "$tmp/r1" 2>/dev/null
"$CHAINRANK" --no-snapshot rank "$G" --park P1 --chain nev --scheme $S/balanced.json --top 10 > "$tmp/r2"
check "$(cmp -s "$tmp/r1" "$tmp/r2" && echo same)" same "a damaged snapshot: the same list, from the files"
# a snapshot of another dataset is stale for this one
"$CHAINRANK" snapshot "$T" --out "$tmp/tiny.bin" >/dev/null
check "$(warn --snapshot "$tmp/tiny.bin" | grep -c 'stale: dataset.json changed')" 1 "another dataset's snapshot"
# freshness without reading the files (docs/snapshot.md "Fresh"): size, mtime, ctime, device and inode
# all equal -> the CSVs are not read; same size and mtime but another ctime or inode -> the content hash
"$CHAINRANK" snapshot "$G" >/dev/null
check "$(warn)" "" "fresh again"
touch -r "$G/links.csv" "$tmp/times.ref"
before=$(stat -c '%s %y' "$G/links.csv")
half=$(( $(stat -c %s "$G/links.csv") / 2 ))
c=$(dd if="$G/links.csv" bs=1 skip=$half count=1 status=none)
if [ "$c" = 1 ]; then r=2; else r=1; fi
[ "$c" = , ] && r=, && half=$((half + 1)) && c=$(dd if="$G/links.csv" bs=1 skip=$half count=1 status=none) && { [ "$c" = 1 ] && r=2 || r=1; }
printf '%s' "$r" | dd of="$G/links.csv" bs=1 seek=$half conv=notrunc status=none
touch -r "$tmp/times.ref" "$G/links.csv"
check "$(stat -c '%s %y' "$G/links.csv")" "$before" "the edit kept size and mtime (ns)"
check "$(warn | grep -c 'stale: links.csv changed since the snapshot was written')" 1 "an edit keeping size and mtime: stale (ctime)"
printf '%s' "$c" | dd of="$G/links.csv" bs=1 seek=$half conv=notrunc status=none
touch -r "$tmp/times.ref" "$G/links.csv"
check "$(warn)" "" "the byte put back, times restored: fresh (the content hash decides)"
# a copy with its times kept is fresh by the content hash; one with new times is stale
cp -a "$G" "$tmp/g2"
check "$("$CHAINRANK" --snapshot "$snap" validate "$tmp/g2" 2>&1 >/dev/null | grep 'snapshot: warning')" "" "cp -a: fresh"
rm -rf "$tmp/g2"; cp -r "$G" "$tmp/g2"
check "$("$CHAINRANK" --snapshot "$snap" validate "$tmp/g2" 2>&1 >/dev/null | grep -c 'stale: dataset.json changed')" 1 "cp without times: stale"
rm -rf "$tmp/g2"
if command -v strace >/dev/null; then
  sleep 3   # past the racy window: files changed within 2 s of the snapshot are hashed at every open
  "$CHAINRANK" snapshot "$G" >/dev/null
  n=$(strace -y -e trace=read "$CHAINRANK" validate "$G" 2>&1 >/dev/null | grep -c 'read([0-9]*<[^>]*links.csv>')
  check "$n" 0 "fresh and not racy: links.csv is not read"
  chmod u-w "$G/links.csv"; chmod u+w "$G/links.csv"   # ctime changes, size and mtime do not
  n=$(strace -y -e trace=read "$CHAINRANK" validate "$G" 2>&1 >/dev/null | grep -c 'read([0-9]*<[^>]*links.csv>')
  check "$([ "$n" -gt 0 ] && echo hashed)" hashed "another ctime: links.csv is hashed"
  check "$(warn)" "" "another ctime, same content: fresh"
fi

# errors of the command itself
"$CHAINRANK" snapshot "$tmp/nothing" >/dev/null 2>&1; check "$?" 3 "snapshot of a missing dataset"
"$CHAINRANK" snapshot "$G" --out "$tmp/no/such/dir/x.bin" >/dev/null 2>&1; check "$?" 4 "unwritable --out"
"$CHAINRANK" snapshot >/dev/null 2>&1; check "$?" 2 "no DATASET"

echo "snapshot.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
