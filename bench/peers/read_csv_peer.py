"""pandas peer of chainrank's enterprise loading: pandas.read_csv of the same
enterprises.csv with default options (no validation, no id interning). Times
the call alone inside the interpreter (imports excluded), best of --repeat.

usage: /usr/bin/python3 read_csv_peer.py FILE [--repeat N]
prints: peer=pandas-read_csv rows=.. bytes=.. best_s=.. median_s=..
"""
import argparse
import os
import time

import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        df = pd.read_csv(a.file)
        times.append(time.perf_counter() - t0)
        rows = len(df)
        del df
    times.sort()
    print("peer=pandas-read_csv rows=%d bytes=%d best_s=%.4f median_s=%.4f"
          % (rows, os.path.getsize(a.file), times[0], times[len(times) // 2]))


if __name__ == "__main__":
    main()
