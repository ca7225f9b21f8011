#!/bin/bash
# chainrank gen end to end: usage errors (exit 2), unwritable OUT (exit 4),
# non-empty OUT (exit 6 without --force), byte determinism across thread
# counts, and the file format checked with awk.
set -u
: "${CHAINRANK:?}"
T=$(mktemp -d /tmp/cr_gen_sh.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0; pass=0
check() {  # check NAME WANT_RC -- cmd...
    local name=$1 want=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"; local rc=$?
    if [ "$rc" -eq "$want" ]; then pass=$((pass+1)); else
        fail=$((fail+1)); echo "FAIL: $name: exit $rc, want $want"; cat "$T/err"; fi
}
expect() {  # expect NAME CONDITION-COMMAND...
    local name=$1; shift
    if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $name"; fi
}

check "no OUT" 2 -- "$CHAINRANK" gen --enterprises 10
expect "no OUT message" grep -q "missing output folder" "$T/err"
check "bad number" 2 -- "$CHAINRANK" gen --enterprises 12x "$T/x"
expect "bad number message" grep -q -- "--enterprises wants an integer" "$T/err"
check "negative" 2 -- "$CHAINRANK" gen --links -5 "$T/x"
check "zero enterprises" 2 -- "$CHAINRANK" gen --enterprises 0 "$T/x"
check "too many chains" 2 -- "$CHAINRANK" gen --chains 65 "$T/x"
check "missing value" 2 -- "$CHAINRANK" gen "$T/x" --seed
check "unknown option" 2 -- "$CHAINRANK" gen --bogus "$T/x"
check "two outputs" 2 -- "$CHAINRANK" gen "$T/x" "$T/y"
check "bad tenant share" 2 -- "$CHAINRANK" gen --tenant-share 2 "$T/x"
expect "nothing created on usage error" test ! -e "$T/x"

: > "$T/file"
check "OUT under a file" 4 -- "$CHAINRANK" gen --enterprises 100 --parks 5 "$T/file/sub"
expect "unwritable message" grep -q "error: cannot use .*Not a directory" "$T/err"

G="--enterprises 2000 --parks 40 --chains 4 --links 5000 --history 300 --seed 42"
check "gen 1 thread" 0 -- "$CHAINRANK" --threads 1 gen $G "$T/a"
expect "summary line" grep -q "^wrote $T/a: 2000 enterprises" "$T/out"
check "gen 2 threads" 0 -- "$CHAINRANK" --threads 2 gen $G "$T/b"
for f in dataset.json chains.json parks.csv enterprises.csv links.csv history.csv; do
    expect "$f identical for 1 and 2 threads" cmp -s "$T/a/$f" "$T/b/$f"
done
check "non-empty OUT" 6 -- "$CHAINRANK" gen $G "$T/a"
expect "non-empty message" grep -q "use --force" "$T/err"
check "--force" 0 -- "$CHAINRANK" gen $G --seed 43 --force "$T/a"
expect "other seed differs" bash -c "! cmp -s '$T/a/enterprises.csv' '$T/b/enterprises.csv'"
expect "no temp files left" bash -c "! ls -A '$T/a' | grep -q tmp"

# format checks on $T/b with awk
expect "enterprise rows" test "$(awk 'END{print NR-1}' "$T/b/enterprises.csv")" = 2000
expect "park rows" test "$(awk 'END{print NR-1}' "$T/b/parks.csv")" = 40
expect "link rows" test "$(awk 'END{print NR-1}' "$T/b/links.csv")" = 5000
expect "history rows" test "$(awk 'END{print NR-1}' "$T/b/history.csv")" = 300
expect "enterprise field counts" awk -F, 'NR==1{n=NF} NF!=n{bad=1} END{exit bad}' "$T/b/enterprises.csv"
expect "parks field counts" awk -F, 'NR==1{n=NF} NF!=n{bad=1} END{exit bad}' "$T/b/parks.csv"
expect "shares sum to 1" awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="segments") c=i; next}
    { n=split($c, s, ";"); t=0; for(i=1;i<=n;i++){ k=split(s[i], kv, ":"); t += (k==2 ? kv[2] : 1) }
      if (t < 0.999 || t > 1.001) bad=1 } END{exit bad}' "$T/b/enterprises.csv"
expect "link ends exist and differ" awk -F, 'NR==1{next} { a=substr($1,2)+0; b=substr($2,2)+0;
    if (a<1 || a>2000 || b<1 || b>2000 || a==b || !($3>0)) bad=1 } END{exit bad}' "$T/b/links.csv"
expect "history dates and stages" awk -F, 'NR==1{next} { if ($3 !~ /^20(19|2[0-5])-[01][0-9]-[0-3][0-9]$/) bad=1;
    if ($4!="signed" && $4!="landed" && $4!="operating" && $4!="withdrawn") bad=1;
    p=substr($2,2)+0; if (p<1 || p>40) bad=1 } END{exit bad}' "$T/b/history.csv"
expect "parks levels" awk -F, 'NR==1{next} $3!="national" && $3!="provincial" && $3!="other"{bad=1} END{exit bad}' "$T/b/parks.csv"
expect "manifest lists synthetic" grep -q '"synthetic": \["chains", "parks", "enterprises", "links", "history"\]' "$T/b/dataset.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
