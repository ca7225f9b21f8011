#!/usr/bin/env bash
# The README's main command: installs what is missing, builds a release
# chainrank and runs the main job on the shipped real dataset.
# usage: scripts/demo.sh [DATASET [PARK [CHAIN [SCHEME]]]]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCR_BUILD_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
DATASET=${1:-datasets/china2020}
PARK=${2:-G311082}      # 上海金桥经济技术开发区
CHAIN=${3:-nev}         # 新能源汽车
SCHEME=${4:-datasets/schemes/default.json}
./build/chainrank validate "$DATASET"
echo
# the target enterprise list: ranked, explained, with the hard-limit exclusions counted
./build/chainrank rank "$DATASET" --park "$PARK" --chain "$CHAIN" --scheme "$SCHEME" --top 15
echo
echo "The chain diagnosis behind it: ./build/chainrank gaps $DATASET --park $PARK --chain $CHAIN"
echo "The chain lead's report (HTML): ./build/chainrank report $DATASET --park $PARK --chain $CHAIN --scheme $SCHEME --out report.html"
echo "Why candidates were excluded:  ./build/chainrank rank $DATASET --park $PARK --chain $CHAIN --scheme $SCHEME --excluded"
echo "Do the lists find real investors? ./build/chainrank evidence $DATASET --schemes datasets/schemes/default.json datasets/schemes/balanced.json"
