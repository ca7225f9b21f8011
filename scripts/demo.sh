#!/usr/bin/env bash
# The README's main command: installs what is missing, builds a release
# chainrank and runs the main job on the shipped default dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCR_BUILD_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
DATASET=${1:-datasets/demo}
./build/chainrank validate "$DATASET"
./build/chainrank gaps "$DATASET" --park "${PARK:-P01}"
