"""Checks that a peer and chainrank computed the same thing: same length, NaN
in the same places, max |a - b| <= --tol (default 1e-9) over the rest, and the
same top --top (default 50) indices, ordered by score descending with ties to
the lower index. Exit 0 and one "ok" line, or exit 1 with a loud message.

A score source is
  bin:FILE            raw float64 (native byte order), as the bench programs
                      and the peers write them;
  json:FILE:KEY       array (or array of rows, flattened) under KEY in a
                      chainrank JSON output; null is NaN.

The top lists are compared position by position; a position may differ only
when the two indices' scores (taken from A, chainrank) are within --tie
(default 1e-12): such near-ties can be ordered differently by two correct
implementations that differ by an ulp. The output reports how many positions
needed that allowance.

--rtol R (default 0) allows |a - b| <= tol + R * |a| instead, for values whose
scale is not 1 (an unnormalised criterion); the output then gives the largest
relative difference too. --top 0 skips the top-list check.

usage: compare.py NAME A B [--tol 1e-9] [--rtol 0] [--top 50] [--tie 1e-12]
"""
import argparse
import json
import sys

import numpy as np


def load(spec):
    kind, _, rest = spec.partition(":")
    if kind == "bin":
        return np.fromfile(rest, dtype=np.float64)
    if kind == "json":
        path, _, key = rest.rpartition(":")
        with open(path) as fp:
            v = json.load(fp)[key]
        if v and isinstance(v[0], list):
            v = [e for row in v for e in row]
        return np.array([np.nan if e is None else e for e in v], dtype=np.float64)
    sys.exit("compare.py: bad source %r (bin:FILE or json:FILE:KEY)" % spec)


def top(v, k):
    idx = np.flatnonzero(~np.isnan(v))
    order = np.lexsort((idx, -v[idx]))  # score descending, then index ascending
    return idx[order[:k]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("name")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--tie", type=float, default=1e-12)
    ap.add_argument("--rtol", type=float, default=0.0)
    o = ap.parse_args()
    a, b = load(o.a), load(o.b)

    def fail(msg):
        print("MISMATCH %s: %s\n  A = %s\n  B = %s" % (o.name, msg, o.a, o.b))
        sys.exit(1)

    if a.shape != b.shape:
        fail("%d values against %d" % (a.size, b.size))
    na, nb = np.isnan(a), np.isnan(b)
    if (na != nb).any():
        i = int(np.flatnonzero(na != nb)[0])
        fail("NaN in different places (first at index %d: %r vs %r)" % (i, a[i], b[i]))
    fin = ~na
    d = np.abs(a[fin] - b[fin])
    maxd = float(d.max()) if d.size else 0.0
    excess = d - (o.tol + o.rtol * np.abs(a[fin]))
    if d.size and not excess.max() <= 0:
        i = int(np.flatnonzero(fin)[int(np.argmax(excess))])
        if not o.rtol:
            fail("max |diff| %.3g > %.0e at index %d (%.17g vs %.17g)" % (maxd, o.tol, i, a[i], b[i]))
        fail("max |diff| %.3g; |diff| %.3g > %.0e + %.0e |a| at index %d (%.17g vs %.17g)"
             % (maxd, abs(a[i] - b[i]), o.tol, o.rtol, i, a[i], b[i]))
    rel = ""
    if o.rtol:
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(a[fin] != 0, d / np.abs(a[fin]), np.where(d == 0, 0.0, np.inf))
        rel = ", max relative %.3g" % (float(r.max()) if r.size else 0.0)
    ta, tb = top(a, o.top), top(b, o.top)
    if ta.size != tb.size:
        fail("top lists of different lengths")
    ties = 0
    for k in range(ta.size):
        if ta[k] != tb[k]:
            if abs(a[ta[k]] - a[tb[k]]) > o.tie:
                fail("top-%d differs at position %d: index %d vs %d" % (o.top, k + 1, ta[k], tb[k]))
            ties += 1
    print("ok %s: %d values (%d NaN), max |diff| %.3g%s <= %.0e%s%s%s"
          % (o.name, a.size, int(na.sum()), maxd, rel, o.tol, " + %.0e |a|" % o.rtol if o.rtol else "",
             ", top-%d identical" % ta.size if o.top > 0 else "",
             "" if not ties else " up to %d near-tie position(s) within %.0e" % (ties, o.tie)))


if __name__ == "__main__":
    main()
