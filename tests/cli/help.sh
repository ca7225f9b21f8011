#!/usr/bin/env bash
# chainrank COMMAND --help (issue 18 §4): every command of the table answers
# --help (anywhere after the command) on stdout with exit 0; its help names
# every option the command's source parses, and every option that takes a
# value states its default (or that it is required). The top-level help lists
# every form, compare DATASET included.
set -u
cd "$CR_SOURCE_DIR"
pass=0; fail=0
check() { if [ "$1" = "$2" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $3: got '$1', want '$2'"; fi; }

top=$("$CHAINRANK" --help); check "$?" 0 "top-level --help"
cmds=$(printf '%s\n' "$top" | sed -n '/^commands:/,/^$/p' | awk 'NF && $1 != "commands:" {print $1}' | sort -u)
check "$(printf '%s\n' "$cmds" | wc -l | tr -d ' ')" "$(grep -c '^    {"[a-z]*", cmd_' src/cli/main.c)" "every table row listed"
check "$(printf '%s\n' "$top" | grep -c '^  compare  *DATASET --park')" 1 "top-level help lists compare DATASET"
check "$(printf '%s\n' "$top" | grep -c '^  compare  *--rankings')" 1 "top-level help lists compare --rankings"

for c in $cmds; do
  h=$("$CHAINRANK" "$c" --help 2>/dev/null); check "$?" 0 "$c --help exit"
  check "$(printf '%s\n' "$h" | head -1 | grep -c "^usage: chainrank .*$c")" 1 "$c --help usage line"
  # the files that parse the command's options: cmd_<c>.c, or the file defining cmd_<c>
  srcs=$(grep -l "^int cmd_$c(" src/cli/*.c)
  [ "$c" = compare ] && srcs="$srcs src/cli/compare_dataset.c"
  for o in $(grep -ho '"--[a-z0-9-]*"' $srcs | tr -d '"' | sort -u); do
    [ "$o" = --help ] && continue
    check "$(printf '%s\n' "$h" | grep -c -- "^  $o\b")" 1 "$c --help describes $o"
  done
  # the options are printed from the command's option tables (src/cli/opts.c): each with its line of help,
  # and each known to the parser: given first, then followed by an unknown option, it is never the one
  # refused as unknown (a flag lets the parser reach --zz-unknown; a value-taking option takes it as its value)
  check "$(printf '%s\n' "$h" | grep -E '^  --[a-z0-9-]+( [^ ]+)?$')" "" "$c --help: every option has a line of help"
  for o in $(printf '%s\n' "$h" | grep -oE '^  --[a-z0-9-]+' | grep -v -e '--threads' -e 'snapshot'); do
    m=$("$CHAINRANK" "$c" "$o" --zz-unknown </dev/null 2>&1 >/dev/null)
    case "$m" in *"unknown option '$o'"*|*"unknown option $o"*|*"incomplete option '$o'"*|*"unexpected argument '$o'"*)
      check "$m" "" "$c $o: the help names an option the parser does not know" ;;
    *) pass=$((pass+1)) ;; esac
  done
  # an option line "  --flag ARG  text": ARG in capitals = takes a value: default or required
  bad=$(printf '%s\n' "$h" | grep -E '^  --[a-z0-9-]+ [A-Z[]' | grep -v -e '(default' -e '(required' -e 'required' -e '--threads N (before')
  check "$bad" "" "$c --help: every option with a value names its default"
done

# defaults as the code has them
check "$("$CHAINRANK" rank --help | grep -c -- '--top N .*(default 20)')" 1 "rank --top default 20"
check "$("$CHAINRANK" compare --help | grep -c -- '--top K .*(default 10)')" 1 "compare --top default 10"
check "$("$CHAINRANK" validate --help | grep -c -- '--max-errors N .*(default 100)')" 1 "validate --max-errors default"
# --help anywhere after the command, even after other (incomplete) options
"$CHAINRANK" rank datasets/tiny --park P1 --help >/dev/null; check "$?" 0 "rank ... --help"
"$CHAINRANK" mcda -h >/dev/null; check "$?" 0 "mcda -h"
check "$("$CHAINRANK" rank --help 2>&1 >/dev/null)" "" "help goes to stdout only"
"$CHAINRANK" nosuch --help >/dev/null 2>&1; check "$?" 2 "unknown command stays a usage error"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
