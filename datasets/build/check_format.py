#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Stand-alone checker for docs/data-format.md (chainrank-dataset/1), standard library only.

Usage: python3 datasets/build/check_format.py DATASET_DIR [--max-errors N]
Prints every problem as file:line:column: field: message (column 0 = whole row / JSON) and exits 1 if any.
It is a stop-gap until `chainrank validate` exists; it implements the checks listed in the Validation section.
"""
import csv
import datetime
import io
import json
import math
import os
import sys

PROBLEMS = []
MAX = 100

PARK_NUM = ["area", "land", "water", "power", "labour", "skilled", "co2_quota", "energy_quota",
            "pollutant_quota", "co2_cap", "energy_cap", "pollutant_cap"]
ENT_NUM = ["revenue", "employees", "invest", "rd", "co2_int", "energy_int", "water_int", "pollutant_int",
           "plant_output", "need_land", "need_water", "need_power", "need_workers", "need_skilled"]
STAGES = {"upstream", "midstream", "downstream"}
LEVELS = {"national", "provincial", "other"}
HSTAGES = {"signed", "landed", "operating", "withdrawn"}


def bad(fname, line, col, field, msg):
    PROBLEMS.append("%s:%d:%d: %s: %s" % (fname, line, col, field, msg))


def bad_id(s):
    return s == "" or ";" in s or ":" in s or s != s.strip()


def num(s):
    try:
        x = float(s)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def read_text(path, fname):
    try:
        data = open(path, "rb").read()
    except OSError as e:
        bad(fname, 0, 0, "file", "cannot read: %s" % e)
        return None
    if not data.strip():
        bad(fname, 0, 0, "file", "empty file")
        return None
    try:
        txt = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        bad(fname, line, 0, "file", "invalid UTF-8")
        return None
    return txt[1:] if txt.startswith("\ufeff") else txt


def read_csv(path, fname, required):
    txt = read_text(path, fname)
    if txt is None:
        return None, []
    rows = []
    try:
        rd = csv.reader(io.StringIO(txt, newline=""), strict=True)
        header = next(rd)
        for rec in rd:
            rows.append((rd.line_num, rec))
    except csv.Error as e:
        bad(fname, 0, 0, "csv", "malformed CSV: %s" % e)
        return None, []
    header = [h.strip() for h in header]
    for r in required:
        if r not in header:
            bad(fname, 1, 0, r, "missing required column")
    if len(set(header)) != len(header):
        bad(fname, 1, 0, "header", "duplicate column name")
    out = []
    for ln, rec in rows:
        if rec == []:
            continue
        if len(rec) != len(header):
            bad(fname, ln, 0, "row", "%d fields, header has %d" % (len(rec), len(header)))
            continue
        out.append((ln, dict(zip(header, rec))))
    return header, out


def col_of(header, name):
    return header.index(name) + 1 if name in header else 0


def check(ds):
    mpath = os.path.join(ds, "dataset.json")
    txt = read_text(mpath, "dataset.json")
    if txt is None:
        return
    try:
        man = json.loads(txt)
    except ValueError as e:
        bad("dataset.json", 1, 0, "json", "malformed JSON: %s" % e)
        return
    for k in ("format", "name", "chains", "parks", "enterprises"):
        if not isinstance(man.get(k), str) or not man.get(k):
            bad("dataset.json", 1, 0, k, "missing required key")
    if man.get("format") != "chainrank-dataset/1":
        bad("dataset.json", 1, 0, "format", "must be chainrank-dataset/1")
    for k in man.get("synthetic", []):
        if k not in ("chains", "parks", "enterprises", "links", "history", "admin", "sites"):
            bad("dataset.json", 1, 0, "synthetic", "unknown file key %r" % k)

    # ---- chains
    segs, chain_ids = set(), set()
    cf = man.get("chains", "")
    ctxt = read_text(os.path.join(ds, cf), cf) if cf else None
    if ctxt is not None:
        try:
            cj = json.loads(ctxt)
        except ValueError as e:
            bad(cf, 1, 0, "json", "malformed JSON: %s" % e)
            cj = {}
        for i, s in enumerate(cj.get("segments", [])):
            sid = s.get("id")
            if not isinstance(sid, str) or bad_id(sid):
                bad(cf, i, 0, "segments.id", "missing or malformed id")
                continue
            if sid in segs:
                bad(cf, i, 0, "segments.id", "duplicate segment id %s" % sid)
            segs.add(sid)
            if not isinstance(s.get("name"), str) or not s["name"]:
                bad(cf, i, 0, "segments.name", "missing name")
            if "category" in s and not isinstance(s["category"], str):
                bad(cf, i, 0, "segments.category", "not a string")
            if "needs" in s and (not isinstance(s["needs"], list) or
                                 not all(isinstance(x, str) for x in s["needs"])):
                bad(cf, i, 0, "segments.needs", "not a list of strings")
            if "co2_benchmark" in s:
                v = s["co2_benchmark"]
                if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v < 0:
                    bad(cf, i, 0, "segments.co2_benchmark", "must be a finite number >= 0")
        for i, ch in enumerate(cj.get("chains", [])):
            cid = ch.get("id")
            if not isinstance(cid, str) or bad_id(cid):
                bad(cf, i, 0, "chains.id", "missing or malformed id")
                continue
            if cid in chain_ids:
                bad(cf, i, 0, "chains.id", "duplicate chain id %s" % cid)
            chain_ids.add(cid)
            if not isinstance(ch.get("name"), str) or not ch["name"]:
                bad(cf, i, 0, "chains.name", "missing name")
            mem = set()
            for s in ch.get("segments", []):
                sid = s.get("id")
                if sid not in segs:
                    bad(cf, i, 0, "chains.segments.id", "unknown segment %s in chain %s" % (sid, cid))
                if sid in mem:
                    bad(cf, i, 0, "chains.segments.id", "segment %s listed twice in chain %s" % (sid, cid))
                mem.add(sid)
                if s.get("stage") not in STAGES:
                    bad(cf, i, 0, "chains.segments.stage", "unknown stage %r" % s.get("stage"))
                if "key" in s and not isinstance(s["key"], bool):
                    bad(cf, i, 0, "chains.segments.key", "not a boolean")
            pairs = set()
            for e in ch.get("edges", []):
                f, t, c = e.get("from"), e.get("to"), e.get("coef")
                if f not in mem or t not in mem:
                    bad(cf, i, 0, "chains.edges", "edge %s->%s not between members of %s" % (f, t, cid))
                if (f, t) in pairs:
                    bad(cf, i, 0, "chains.edges", "duplicate edge %s->%s in %s" % (f, t, cid))
                pairs.add((f, t))
                if not isinstance(c, (int, float)) or isinstance(c, bool) or not math.isfinite(c) \
                        or not (0 < c <= 1):
                    bad(cf, i, 0, "chains.edges.coef", "coef %r not in (0, 1]" % (c,))

    # ---- parks
    park_ids = set()
    pf = man.get("parks", "")
    if pf:
        header, rows = read_csv(os.path.join(ds, pf), pf, ["id", "name", "level", "lat", "lon"])
        for ln, r in rows:
            pid = r.get("id", "")
            if bad_id(pid):
                bad(pf, ln, col_of(header, "id"), "id", "missing or malformed id")
            elif pid in park_ids:
                bad(pf, ln, col_of(header, "id"), "id", "duplicate park id %s" % pid)
            park_ids.add(pid)
            if not r.get("name"):
                bad(pf, ln, col_of(header, "name"), "name", "missing")
            if r.get("level") not in LEVELS:
                bad(pf, ln, col_of(header, "level"), "level", "unknown level %r" % r.get("level"))
            check_latlon(pf, header, ln, r, required=True)
            for k in PARK_NUM:
                v = r.get(k, "")
                if v != "":
                    x = num(v)
                    if x is None or x < 0:
                        bad(pf, ln, col_of(header, k), k, "not a finite number >= 0: %r" % v)
            for c in filter(None, r.get("chains", "").split(";")):
                if c not in chain_ids:
                    bad(pf, ln, col_of(header, "chains"), "chains", "unknown chain %s" % c)

    # ---- enterprises
    ent_ids = set()
    ef = man.get("enterprises", "")
    if ef:
        header, rows = read_csv(os.path.join(ds, ef), ef, ["id", "name", "segments"])
        if header is not None and not ("lat" in header and "lon" in header) and "admin" not in header:
            bad(ef, 1, 0, "lat", "need lat and lon columns or an admin column")
        for ln, r in rows:
            eid = r.get("id", "")
            if bad_id(eid):
                bad(ef, ln, col_of(header, "id"), "id", "missing or malformed id")
            elif eid in ent_ids:
                bad(ef, ln, col_of(header, "id"), "id", "duplicate enterprise id %s" % eid)
            ent_ids.add(eid)
            if not r.get("name"):
                bad(ef, ln, col_of(header, "name"), "name", "missing")
            sc = col_of(header, "segments")
            parts = [p for p in r.get("segments", "").split(";") if p != ""]
            if not parts:
                bad(ef, ln, sc, "segments", "missing")
            tot = 0.0
            seen = set()
            for p in parts:
                if ":" in p:
                    sid, sh = p.split(":", 1)
                    x = num(sh)
                    if x is None or not (0 < x <= 1):
                        bad(ef, ln, sc, "segments", "share %r not in (0, 1]" % sh)
                        x = 0.0
                else:
                    sid, x = p, 1.0
                if sid not in segs:
                    bad(ef, ln, sc, "segments", "unknown segment %s" % sid)
                if sid in seen:
                    bad(ef, ln, sc, "segments", "segment %s listed twice" % sid)
                seen.add(sid)
                tot += x
            if parts and abs(tot - 1.0) > 0.001:
                bad(ef, ln, sc, "segments", "shares sum to %.6g, not 1" % tot)
            if r.get("lat", "") == "" and r.get("lon", "") == "":
                if r.get("admin", "") == "":
                    bad(ef, ln, 0, "lat", "neither lat/lon nor admin given")
            else:
                check_latlon(ef, header, ln, r, required=True)
            for k in ENT_NUM:
                v = r.get(k, "")
                if v != "":
                    x = num(v)
                    if x is None or x < 0:
                        bad(ef, ln, col_of(header, k), k, "not a finite number >= 0: %r" % v)
                    elif k == "rd" and x > 1:
                        bad(ef, ln, col_of(header, k), k, "rd must be in [0, 1]")
            pk = r.get("park", "")
            if pk and pk not in park_ids:
                bad(ef, ln, col_of(header, "park"), "park", "unknown park %s" % pk)

    # ---- links
    lf = man.get("links")
    if lf:
        header, rows = read_csv(os.path.join(ds, lf), lf, ["supplier", "customer", "weight"])
        for ln, r in rows:
            s, c = r.get("supplier", ""), r.get("customer", "")
            if s not in ent_ids:
                bad(lf, ln, col_of(header, "supplier"), "supplier", "unknown enterprise %s" % s)
            if c not in ent_ids:
                bad(lf, ln, col_of(header, "customer"), "customer", "unknown enterprise %s" % c)
            if s == c:
                bad(lf, ln, col_of(header, "customer"), "customer", "supplier and customer are the same")
            x = num(r.get("weight", ""))
            if x is None or x <= 0:
                bad(lf, ln, col_of(header, "weight"), "weight", "must be a finite number > 0")

    # ---- history
    hf = man.get("history")
    if hf:
        header, rows = read_csv(os.path.join(ds, hf), hf, ["enterprise", "park", "date", "stage"])
        for ln, r in rows:
            if r.get("enterprise") not in ent_ids:
                bad(hf, ln, col_of(header, "enterprise"), "enterprise", "unknown enterprise %s" % r.get("enterprise"))
            if r.get("park") not in park_ids:
                bad(hf, ln, col_of(header, "park"), "park", "unknown park %s" % r.get("park"))
            d = r.get("date", "")
            try:
                if len(d) != 10:
                    raise ValueError
                datetime.date(int(d[:4]), int(d[5:7]), int(d[8:10]))
                if d[4] != "-" or d[7] != "-":
                    raise ValueError
            except ValueError:
                bad(hf, ln, col_of(header, "date"), "date", "malformed date %r" % d)
            if r.get("stage") not in HSTAGES:
                bad(hf, ln, col_of(header, "stage"), "stage", "unknown stage %r" % r.get("stage"))
            check_basis(hf, header, ln, r)

    # ---- links / history basis (optional column)
    if lf:
        header, rows = read_csv(os.path.join(ds, lf), lf, [])
        for ln, r in rows:
            check_basis(lf, header, ln, r)

    # ---- sites (optional file, the agreed sites format)
    sf = man.get("sites")
    if sf:
        header, rows = read_csv(os.path.join(ds, sf), sf, ["enterprise"])
        for ln, r in rows:
            if r.get("enterprise") not in ent_ids:
                bad(sf, ln, col_of(header, "enterprise"), "enterprise", "unknown enterprise %s" % r.get("enterprise"))
            pk = r.get("park", "")
            if pk and pk not in park_ids:
                bad(sf, ln, col_of(header, "park"), "park", "unknown park %s" % pk)
            if not pk and (r.get("lat", "") == "" or r.get("lon", "") == ""):
                bad(sf, ln, 0, "park", "a site needs a park or both lat and lon")
            check_latlon(sf, header, ln, r, False)
            d = r.get("since", "")
            try:
                if d and len(d) == 4:
                    int(d)
                elif d:
                    if len(d) != 10 or d[4] != "-" or d[7] != "-":
                        raise ValueError
                    datetime.date(int(d[:4]), int(d[5:7]), int(d[8:10]))
            except ValueError:
                bad(sf, ln, col_of(header, "since"), "since", "malformed date %r (YYYY or YYYY-MM-DD)" % d)
            if r.get("kind", "") not in ("", "plant", "hq", "rd", "office"):
                bad(sf, ln, col_of(header, "kind"), "kind", "unknown kind %r" % r.get("kind"))
            check_basis(sf, header, ln, r)


def check_basis(fname, header, ln, r):
    if r.get("basis", "") not in ("", "observed", "inferred", "synthetic"):
        bad(fname, ln, col_of(header, "basis"), "basis", "unknown basis %r" % r.get("basis"))


def check_latlon(fname, header, ln, r, required):
    for k, lim in (("lat", 90.0), ("lon", 180.0)):
        v = r.get(k, "")
        if v == "":
            if required:
                bad(fname, ln, col_of(header, k), k, "missing")
            continue
        x = num(v)
        if x is None or abs(x) > lim:
            bad(fname, ln, col_of(header, k), k, "not a number in [-%g, %g]: %r" % (lim, lim, v))


def main(argv):
    global MAX
    if len(argv) < 2:
        sys.exit("usage: check_format.py DATASET_DIR [--max-errors N]")
    if "--max-errors" in argv:
        MAX = int(argv[argv.index("--max-errors") + 1])
    check(argv[1])
    for p in PROBLEMS[:MAX]:
        print(p)
    if PROBLEMS:
        print("%d problem(s)" % len(PROBLEMS), file=sys.stderr)
        return 1
    print("ok: %s" % argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
