"""numpy peer of chainrank's TOPSIS (docs/mcda.md; pymcdm 1.x TOPSIS with
min-max normalisation, the formulas of tests/data/mcda/reference.py, written
column-vectorised as a numpy user would). Reads the same numeric CSV as
bench_mcda / `chainrank mcda` (parsing is not timed), times best of --repeat
runs of the scoring alone, writes the scores as raw float64 to --out.

usage: /usr/bin/python3 topsis_peer.py --matrix-csv F --types 1,-1,... [--weights equal]
                                       [--repeat N] [--out scores.bin]
prints: peer=numpy-topsis m=.. n=.. best_ms=.. median_ms=..
"""
import argparse
import sys
import time

import numpy as np


def load_csv(path):
    # round_trip = correctly rounded strtod, as the C side parses; pandas'
    # default fast parser may be off by an ulp.
    try:
        import pandas as pd
        with open(path) as fp:
            first = fp.readline()
        header = 0 if first[:1] not in "0123456789+-." else None
        return pd.read_csv(path, header=header, float_precision="round_trip").to_numpy(dtype=np.float64)
    except ImportError:
        return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def topsis(x, w, cost):
    mn = x.min(axis=0)
    mx = x.max(axis=0)
    rng = mx - mn
    const = rng == 0
    rng[const] = 1.0
    # benefit (x - min)/(max - min), cost (max - x)/(max - min); constant column -> 1
    r = np.where(cost, mx - x, x - mn) / rng
    r[:, const] = 1.0
    v = r * w
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    den = dp + dm
    return np.where(den > 0, dm / np.where(den > 0, den, 1.0), 0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--matrix-csv", required=True)
    ap.add_argument("--types", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out")
    a = ap.parse_args()
    x = load_csv(a.matrix_csv)
    m, n = x.shape
    types = np.array([int(t) for t in a.types.split(",")])
    if len(types) != n:
        sys.exit("topsis_peer: %d types for %d columns" % (len(types), n))
    w = np.full(n, 1.0 / n)
    cost = types < 0
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        s = topsis(x, w, cost)
        times.append(time.perf_counter() - t0)
    times.sort()
    if a.out:
        s.astype("<f8").tofile(a.out)
    print("peer=numpy-topsis m=%d n=%d best_ms=%.3f median_ms=%.3f" % (m, n, times[0] * 1e3, times[len(times) // 2] * 1e3))


if __name__ == "__main__":
    main()
