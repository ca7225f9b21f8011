#!/usr/bin/env python3
"""How tests/golden/data/slice/ was made (run once; the slice is frozen and
committed, so the goldens never read datasets/china2020, which changes).

The slice: the parks of one province (Shanghai, 59), the enterprises with a
share in the nev or ele chains located there or tenants of its parks, and those with
history in its parks (tenancy
kept only where the park is in the slice), the links among them and the
history rows of those enterprises in those parks. chains.json is copied
whole (parks name chains, enterprises name segments of every chain).

usage: make_slice.py SRC_CHINA2020 OUT_DIR
"""
import csv, json, os, shutil, sys

src, out = sys.argv[1], sys.argv[2]
PROV, CHAINS = "上海市", ("nev", "ele")
os.makedirs(out, exist_ok=True)
chains = json.load(open(os.path.join(src, "chains.json"), encoding="utf-8"))
segs = set()
for c in chains["chains"]:
    if c["id"] in CHAINS:
        segs |= {s if isinstance(s, str) else s["id"] for s in c["segments"]}
shutil.copy(os.path.join(src, "chains.json"), os.path.join(out, "chains.json"))


def rows(name):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return r.fieldnames, list(r)


def write(name, fields, data):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(data)


pf, parks = rows("parks.csv")
parks = [p for p in parks if p["province"] == PROV]
pid = {p["id"] for p in parks}
hf, hist = rows("history.csv")
hist_ent = {h["enterprise"] for h in hist if h["park"] in pid}
ef, ents = rows("enterprises.csv")
keep = []
for e in ents:
    es = {x.split(":")[0] for x in e["segments"].split(";")}
    if (es & segs and (e["park"] in pid or PROV.startswith(e["province"]))) or e["id"] in hist_ent:
        if e["park"] not in pid:
            e["park"], e["tenant_basis"] = "", ""
        keep.append(e)
eid = {e["id"] for e in keep}
lf, links = rows("links.csv")
links = [l for l in links if l["supplier"] in eid and l["customer"] in eid]
hist = [h for h in hist if h["enterprise"] in eid and h["park"] in pid]
write("parks.csv", pf, parks)
write("enterprises.csv", ef, keep)
write("links.csv", lf, links)
write("history.csv", hf, hist)
man = json.load(open(os.path.join(src, "dataset.json"), encoding="utf-8"))
man["name"] = "china2020-slice"
man["description"] = ("Frozen slice of china2020 for the golden tests (tests/golden/make_slice.py): "
                      "Shanghai's parks, the nev and ele enterprises there, their links and history. "
                      + man["description"])
json.dump(man, open(os.path.join(out, "dataset.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
print(len(parks), "parks,", len(keep), "enterprises,", len(links), "links,", len(hist), "history rows")
