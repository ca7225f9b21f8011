"""numpy peer of chainrank's relatedness (RCA, presence M, proximity,
density; docs/complexity.md, i.e. py-ecomplexity's formulas). Locations or
activities whose values sum to 0 are dropped first, as py-ecomplexity does,
and are given chainrank's documented outputs (rca and density NaN, proximity
0). Timed: the computation alone (best of --repeat), not the input.

Input: --gen NLOC NACT SEED (the seeded matrix of bench/bench_complexity.c:
splitmix64, 30 % zeros, else floor(1000 e^(6u))) or --matrix-csv F (wide:
location,<activity>,...).
--intm: keep M as int64 (py-ecomplexity's own code, `np.where(...,1,0)`, so
M^T M is numpy's non-BLAS integer matmul); default float64 M (BLAS dgemm).
--out DIR writes rca.bin, proximity.bin, density.bin (raw float64, row-major).

prints: peer=numpy-relatedness[-intM] nloc=.. nact=.. best_ms=.. median_ms=..
"""
import argparse
import csv
import os
import time

import numpy as np


def gen(nloc, nact, seed):
    n = nloc * nact * 2
    idx = np.arange(1, n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + idx * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    u1 = u[0::2].reshape(nloc, nact)
    u2 = u[1::2].reshape(nloc, nact)
    return np.where(u1 < 0.3, 0.0, np.floor(1000.0 * np.exp(6.0 * u2)))


def load_wide(path):
    with open(path, newline="") as fp:
        rows = list(csv.reader(fp))
    return np.array([[float(v) for v in r[1:]] for r in rows[1:] if r], dtype=np.float64)


def relatedness(X, intm):
    nloc, nact = X.shape
    rows = np.flatnonzero(X.sum(axis=1) > 0)
    cols = np.flatnonzero(X.sum(axis=0) > 0)
    Xr = X[np.ix_(rows, cols)]
    with np.errstate(divide="ignore", invalid="ignore"):
        # py-ecomplexity calculate_rca / calculate_mcp / calc_discrete_proximity / calc_density
        num = Xr / np.nansum(Xr, axis=1)[:, None]
        lt = np.nansum(Xr, axis=0)[None, :]
        wt = np.nansum(lt, axis=1)[:, None]
        rca = num / (lt / wt)
        M = np.where(np.nan_to_num(rca) >= 1.0, 1, 0)
        if not intm:
            M = M.astype(np.float64)
        ubi = M.sum(axis=0)
        phi = (M.T @ M) / ubi[None, :]
        # chainrank's default diagonal, as py-ecomplexity's calc_proximity.py
        # at 32eb24a: phi_pp = k_p / k_p = 1 (0 where k_p = 0); docs/complexity.md
        np.fill_diagonal(phi, (ubi > 0).astype(np.float64))
        phi = np.minimum(phi, phi.T)
        den = np.nansum(phi, axis=1)[None, :]
        dens = M @ (phi.T / den)
    RCA = np.full((nloc, nact), np.nan)
    RCA[np.ix_(rows, cols)] = rca
    PHI = np.zeros((nact, nact))
    PHI[np.ix_(cols, cols)] = phi
    DEN = np.full((nloc, nact), np.nan)
    DEN[np.ix_(rows, cols)] = dens
    return RCA, PHI, DEN


def main():
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--gen", nargs=3, type=int, metavar=("NLOC", "NACT", "SEED"))
    g.add_argument("--matrix-csv")
    ap.add_argument("--intm", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out")
    a = ap.parse_args()
    X = gen(*a.gen) if a.gen else load_wide(a.matrix_csv)
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        rca, phi, dens = relatedness(X, a.intm)
        times.append(time.perf_counter() - t0)
    times.sort()
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for name, v in (("rca", rca), ("proximity", phi), ("density", dens)):
            v.astype("<f8").tofile(os.path.join(a.out, name + ".bin"))
    print("peer=numpy-relatedness%s nloc=%d nact=%d best_ms=%.3f median_ms=%.3f"
          % ("-intM" if a.intm else "", X.shape[0], X.shape[1], times[0] * 1e3, times[len(times) // 2] * 1e3))


if __name__ == "__main__":
    main()
