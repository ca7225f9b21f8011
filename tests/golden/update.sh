#!/usr/bin/env bash
# Regenerates tests/golden/*.out from the current build, for a DELIBERATE
# change of output: commit the new files with a message that says why they
# changed. usage: tests/golden/update.sh [path/to/chainrank]  (default build/chainrank)
set -uo pipefail
cd "$(dirname "$0")/../.."
CHAINRANK=${1:-build/chainrank}
[ -x "$CHAINRANK" ] || { echo "update.sh: no binary $CHAINRANK" >&2; exit 2; }
gold_tmp=$(mktemp -d)
trap 'rm -rf "$gold_tmp"' EXIT
source tests/golden/run.sh
n=0
gcase() { local name=$1; shift; gold_run 1 "$name" "$@" > "tests/golden/$name.out"; n=$((n + 1)); }
source tests/golden/cases.sh
echo "update.sh: wrote $n golden files" >&2
