"""Turns `chainrank rank DATASET ... --top 0 --format csv --excluded` into the files
bench/peers/score_peer.py writes, so that bench/peers/compare.py can compare them:
every candidate (ranked and excluded rows) in enterprise-file order;
  --out F.bin          raw float64 scores, NaN for an excluded candidate;
  F.bin.ids            the candidates' ids, one a line ("id" or "id excluded");
  --criteria PREFIX    PREFIX.<criterion>.bin, the seven criteria the same way.
The enterprise-file order comes from DATASET's enterprises file (id column only).

usage: /usr/bin/python3 rank_csv_to_bin.py DATASET RANK.csv --out F.bin [--criteria PREFIX]
prints: rows=.. ranked=.. excluded=..
"""
import argparse
import json
import os
import sys

import numpy as np
import pandas as pd

CRITERIA = ["gap", "partners", "resources", "greening", "density", "goose", "quality"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("rank_csv")
    ap.add_argument("--out", required=True)
    ap.add_argument("--criteria", metavar="PREFIX")
    a = ap.parse_args()
    with open(os.path.join(a.dataset, "dataset.json")) as fp:
        man = json.load(fp)
    ids = pd.read_csv(os.path.join(a.dataset, man["enterprises"]), usecols=["id"], dtype=str,
                      keep_default_na=False)["id"]
    r = pd.read_csv(a.rank_csv, dtype={"rank": str, "id": str}, keep_default_na=False, na_values=[""],
                    float_precision="round_trip")
    if r.empty:
        sys.exit("rank_csv_to_bin: %s has no rows" % a.rank_csv)
    pos = pd.Index(ids).get_indexer(r["id"])
    if (pos < 0).any():
        sys.exit("rank_csv_to_bin: id %r is not in the enterprises file" % r["id"][int(np.argmax(pos < 0))])
    order = np.argsort(pos, kind="stable")
    r = r.iloc[order].reset_index(drop=True)
    # the tidy CSV (docs/outputs.md) says status ranked/excluded; older files wrote "excluded" as the rank
    excl = (r["status"] == "excluded").to_numpy() if "status" in r.columns else (r["rank"] == "excluded").to_numpy()
    score = r["score"].to_numpy(np.float64)
    score[excl] = np.nan
    score.astype("<f8").tofile(a.out)
    with open(a.out + ".ids", "w") as fp:
        fp.writelines("%s%s\n" % (i, " excluded" if x else "") for i, x in zip(r["id"], excl))
    if a.criteria:
        for c in CRITERIA:
            v = r[c].to_numpy(np.float64)
            v[excl] = np.nan
            v.astype("<f8").tofile("%s.%s.bin" % (a.criteria, c))
    print("rows=%d ranked=%d excluded=%d" % (len(r), int((~excl).sum()), int(excl.sum())))


if __name__ == "__main__":
    main()
