#!/usr/bin/env bash
# Installs the Debian 12 packages chainrank needs, if any is missing.
# Idempotent and quiet when everything is already there.
# usage: scripts/setup.sh [extra-package ...]
set -euo pipefail
# python3: datasets/build (builder, test_apple_match.py). python3-numpy and python3-pandas: the peers of bench/run.sh and tests/cli/bench_smoke.sh.
pkgs=(gcc make cmake pkg-config libigraph-dev libgsl-dev libcjson-dev python3 python3-numpy python3-pandas "$@")
pkgs+=(libopenmpi-dev openmpi-bin)  # issue 19: batch/compare under MPI
pkgs+=(chromium fonts-noto-cjk)  # issue 15 §3: the report rendered and checked in headless Chromium, with CJK glyphs
pkgs+=(libxlsxwriter-dev)  # issue 15: workbooks
pkgs+=(libglpk-dev)  # issue 17: allocate's LP
pkgs+=(clang libclang-rt-14-dev libomp-14-dev)  # issue 18 §3: tests/fuzz (libFuzzer harnesses, clang OpenMP)
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
# An install may fail on a stale package list; refresh it once and retry.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}
