#!/usr/bin/env python3
"""Projects for a chainrank dataset from its history rows (docs/projects.md, "Projects of the shipped datasets").

One project per (enterprise, park) pair of history.csv that has a `signed` or `landed` row. Dates come from the
history rows (their basis and source are kept on the events they make); amounts, due dates, land, output, tax and
loads are SYNTHETIC, drawn from a hash-seeded generator per pair, and every row says so (`basis` synthetic, source
`history-row;amounts-synthetic`). Mapping: history signed -> signed event; landed -> started (落地 = 开工);
operating -> operating; withdrawn -> withdrawn. A pair with a landed row but no signed row (the observed Apple
supplier-list plants) gets a synthetic signing 120-360 days before. Synthetic funds tranches, completion and
operation are added only up to the latest history date (the ledger's default as-of date), never after it.

usage: build_projects.py DATASET_DIR   (writes projects.csv, project_events.csv, updates dataset.json)
Deterministic: the same input gives the same bytes (hashlib, not Python's salted hash)."""
import csv
import datetime as dt
import hashlib
import json
import os
import random
import sys

SRC = "history-row;amounts-synthetic"


def rng_for(*parts):
    h = hashlib.sha256("|".join(parts).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def day(s):
    return dt.date.fromisoformat(s)


def main(d):
    ents = {r["id"]: r for r in csv.DictReader(open(os.path.join(d, "enterprises.csv"), encoding="utf-8"))}
    hist = list(csv.DictReader(open(os.path.join(d, "history.csv"), encoding="utf-8")))
    as_of = max(day(r["date"]) for r in hist)
    pairs = {}
    for r in hist:
        pairs.setdefault((r["enterprise"], r["park"]), []).append(r)
    projects, events = [], []
    n = 0
    for (e, p) in sorted(pairs):
        rows = sorted(pairs[(e, p)], key=lambda r: r["date"])
        first = {}
        for r in rows:
            first.setdefault(r["stage"], r)
        if "signed" not in first and "landed" not in first:
            continue
        n += 1
        pid = "PJ%04d" % n
        g = rng_for("project", e, p)
        ent = ents[e]
        seg = max((s.split(":") for s in ent["segments"].split(";")), key=lambda x: float(x[1]) if len(x) > 1 else 1.0)[0]
        out = float(ent.get("plant_output") or 0) or 1000.0
        invest = round(out * g.uniform(0.6, 1.2), -2) or 100.0
        fixed = round(invest * g.uniform(0.7, 0.9), -2)
        land = max(1, round(fixed / g.uniform(250, 600)))
        tax = round(out * g.uniform(0.03, 0.06), 1)
        energy = round(out * float(ent.get("energy_int") or 0), 1)
        co2 = round(out * float(ent.get("co2_int") or 0), 1)
        ev = []
        if "signed" in first:
            r = first["signed"]
            signed = day(r["date"])
            ev.append((signed, "signed", "", r["basis"], r["source"]))
        else:
            signed = day(first["landed"]["date"]) - dt.timedelta(days=g.randint(120, 360))
            ev.append((signed, "signed", "", "synthetic", "synthetic-signing-before-landing"))
        start_due = signed + dt.timedelta(days=180)
        completion_due = start_due + dt.timedelta(days=540)
        withdrawn = day(first["withdrawn"]["date"]) if "withdrawn" in first else None
        stop = min(as_of, withdrawn - dt.timedelta(days=1)) if withdrawn else as_of
        t1 = signed + dt.timedelta(days=g.randint(30, 120))
        if t1 <= stop and (("landed" in first) or g.random() < 0.5):
            ev.append((t1, "funds", "%.0f" % round(invest * g.uniform(0.3, 0.6), -2), "synthetic", "synthetic-funds"))
        if "landed" in first:
            r = first["landed"]
            started = day(r["date"])
            ev.append((started, "started", "", r["basis"], r["source"]))
            t2 = started + dt.timedelta(days=g.randint(60, 200))
            if t2 <= stop:
                ev.append((t2, "funds", "%.0f" % round(invest * g.uniform(0.2, 0.4), -2), "synthetic", "synthetic-funds"))
            done = started + dt.timedelta(days=g.randint(300, 700))
            if done <= stop:
                ev.append((done, "completed", "", "synthetic", "synthetic-completion"))
                op = done + dt.timedelta(days=g.randint(30, 120))
                if "operating" in first:
                    op = max(op, day(first["operating"]["date"]))
                if op <= stop:
                    ev.append((op, "operating", "", "synthetic", "synthetic-operation"))
        if withdrawn:
            r = first["withdrawn"]
            ev.append((withdrawn, "withdrawn", "", r["basis"], r["source"]))
        projects.append({"id": pid, "enterprise": e, "park": p, "segment": seg, "invest": "%.0f" % invest,
                         "fixed_invest": "%.0f" % fixed, "land_mu": land, "jobs": ent.get("need_workers") or "",
                         "output": "%.0f" % out, "tax": tax, "energy": energy, "water": ent.get("need_water") or "",
                         "co2": co2, "start_due": start_due.isoformat(), "completion_due": completion_due.isoformat(),
                         "basis": "synthetic", "source": SRC})
        for (date, stage, amount, basis, source) in sorted(ev, key=lambda x: x[0]):
            events.append({"project": pid, "date": date.isoformat(), "stage": stage, "amount": amount,
                           "basis": basis, "source": source})
    cols = ["id", "enterprise", "park", "segment", "invest", "fixed_invest", "land_mu", "jobs", "output", "tax", "energy",
            "water", "co2", "start_due", "completion_due", "basis", "source"]
    with open(os.path.join(d, "projects.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, cols, lineterminator="\n")
        w.writeheader()
        w.writerows(projects)
    with open(os.path.join(d, "project_events.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["project", "date", "stage", "amount", "basis", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(events)
    mpath = os.path.join(d, "dataset.json")
    m = json.load(open(mpath, encoding="utf-8"))
    m["projects"] = "projects.csv"
    m["project_events"] = "project_events.csv"
    m.setdefault("synthetic_fields", {})["projects"] = [
        "invest", "fixed_invest", "land_mu", "jobs", "output", "tax", "energy", "water", "co2", "start_due",
        "completion_due", "segment (the enterprise's largest share)"]
    m["synthetic_fields"]["project_events"] = [
        "rows with basis=synthetic (funds, completed, operating; signings before observed landings)", "amount"]
    m.setdefault("observed_fields", {})["project_events"] = ["rows with basis=observed (started: apple-supplier-list)"]
    m.setdefault("inferred_fields", {})
    with open(mpath, "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%s: %d projects, %d events, as of %s" % (d, len(projects), len(events), as_of), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
