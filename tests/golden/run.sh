# gold_run THREADS NAME ARGS...: prints what the case NAME compares (see
# cases.sh): stdout, "# exit CODE", then "# stderr" and the messages if any. Sourced by golden.sh and update.sh; needs $CHAINRANK and a
# scratch directory $gold_tmp.
gold_run() {
  local t=$1 name=$2; shift 2
  local args=() out="" a
  for a in "$@"; do
    if [ "$a" = @OUT@ ]; then out="$gold_tmp/$name.t$t"; rm -rf "$out"; a=$out; fi
    args+=("$a")
  done
  "$CHAINRANK" --threads "$t" "${args[@]}" 2> "$gold_tmp/stderr"
  local rc=$?
  if [ -n "$out" ]; then
    (cd "$out" && find . -type f | LC_ALL=C sort | while read -r f; do echo "== ${f#./}"; cat "$f"; done)
  fi
  echo "# exit $rc"
  # messages too (the scratch path written as @OUT@)
  if [ -s "$gold_tmp/stderr" ]; then
    echo "# stderr"
    if [ -n "$out" ]; then sed "s|$out|@OUT@|g" "$gold_tmp/stderr"; else cat "$gold_tmp/stderr"; fi
  fi
}
