#!/usr/bin/env python3
"""Reads back every cell of chainrank's workbooks and compares them with the
JSON output of the same run (issue 15 §3), with the standard library only
(zipfile + xml.etree).

usage: xlsx_readback.py CHAINRANK SCRATCH_DIR

For rank, gaps and compare on datasets/tiny and on one china2020 park:
- every data cell of every sheet equals the JSON value (numbers: the JSON
  double written with 16 significant digits, which is what libxlsxwriter
  stores; text: equal strings; booleans: equal), and no row is missing or extra;
- numbers are number cells (no t="s"), the header row is frozen, an
  autofilter covers the data, every column has a width;
- under --lang zh the sheet names and headings are Chinese;
- the bytes are the same for --threads 1 and 2, and for a run a second later
  (no timestamp in docProps/core.xml).
Prints one line per failure and exits 1 if any.
"""
import json
import os
import re
import subprocess
import sys
import time
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

CHAINRANK, SCRATCH = sys.argv[1], sys.argv[2]
failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(*args, threads=1):
    r = subprocess.run([CHAINRANK, "--threads", str(threads)] + list(args), capture_output=True)
    if r.returncode != 0:
        raise SystemExit("chainrank %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.decode()))
    return r.stdout.decode()


def run_rc(*args, threads=1, ok=(0,)):
    """run() for commands whose exit code carries a verdict (vet: 6 when a project is refused)."""
    r = subprocess.run([CHAINRANK, "--threads", str(threads)] + list(args), capture_output=True)
    if r.returncode not in ok:
        raise SystemExit("chainrank %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.decode()))
    return r.stdout.decode()


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def read_xlsx(path):
    """[(sheet name, [[cell...] row...], info)] with cell = None | ('s', text) | ('n', float) | ('b', bool)."""
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("rel:Relationship", NS)}
    out = []
    for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS).findall("m:sheet", NS):
        root = ET.fromstring(z.read("xl/" + rels[sh.get(RID)]))
        grid = {}
        nrow = ncol = 0
        for c in root.iter("{%s}c" % NS["m"]):
            j, i = col_index(c.get("r"))
            t, v = c.get("t"), c.find("m:v", NS)
            if t == "s":
                cell = ("s", strings[int(v.text)])
            elif t == "b":
                cell = ("b", v.text == "1")
            elif t in (None, "n"):
                cell = ("n", float(v.text))
            else:
                cell = (t, v.text if v is not None else None)
            grid[(i, j)] = cell
            nrow, ncol = max(nrow, i + 1), max(ncol, j + 1)
        rows = [[grid.get((i, j)) for j in range(ncol)] for i in range(nrow)]
        pane = root.find(".//m:pane", NS)
        af = root.find("m:autoFilter", NS)
        cols = root.find("m:cols", NS)
        info = {"frozen": pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1",
                "autofilter": af.get("ref") if af is not None else None,
                "widths": len(cols.findall("m:col", NS)) if cols is not None else 0,
                "core": z.read("docProps/core.xml").decode()}
        out.append((sh.get("name"), rows, info))
    return out


def num16(x):
    """What a double becomes in the workbook: 16 significant digits (libxlsxwriter's %.16G)."""
    return float("%.16G" % x)


def same(cell, want, where):
    """cell from the workbook vs a JSON value (None = missing)."""
    if want is None or want == "":   # an empty text is no cell, as in the CSV
        check(cell is None, "%s: want an empty cell, got %r" % (where, cell))
    elif isinstance(want, bool):
        check(cell == ("b", want), "%s: want boolean %r, got %r" % (where, want, cell))
    elif isinstance(want, (int, float)):
        check(cell is not None and cell[0] == "n" and cell[1] == num16(want),
              "%s: want number %r, got %r" % (where, want, cell))
    else:
        check(cell == ("s", want), "%s: want text %r, got %r" % (where, want, cell))


def sheet_dicts(sheet, names):
    """Data rows as dicts under the machine names (the columns in order)."""
    name, rows, info = sheet
    check(len(rows[0]) == len(names), "%s: %d columns, want %d" % (name, len(rows[0]), len(names)))
    return [dict(zip(names, r)) for r in rows[1:]]


def layout(book, label):
    for name, rows, info in book:
        check(info["frozen"], "%s/%s: header row not frozen" % (label, name))
        check(info["autofilter"] is not None and info["autofilter"].startswith("A1:"), "%s/%s: no autofilter" % (label, name))
        check(info["widths"] == len(rows[0]), "%s/%s: %d column widths for %d columns" % (label, name, info["widths"], len(rows[0])))
        check(all(c is not None and c[0] == "s" for c in rows[0]), "%s/%s: header row is not all text" % (label, name))
        check("1980-01-01T00:00:00Z" in info["core"], "%s: docProps/core.xml date is not the fixed one" % label)


def provenance(sheet, label, want, cutoff=True):
    kv = {r[0][1]: r[1][1] if r[1] else "" for r in sheet[1][1:]}
    for k in ("dataset", "observed_fields", "inferred_fields", "synthetic_fields", "chainrank_version") + (("cutoff",) if cutoff else ()):
        check(k in kv, "%s: provenance has no %s" % (label, k))
    check(kv.get("chainrank_version") == run("--version").split()[-1], "%s: provenance version %r" % (label, kv.get("chainrank_version")))
    for k, v in want.items():
        check(kv.get(k) == v, "%s: provenance %s = %r, want %r" % (label, k, kv.get(k), v))


# ---- rank ----------------------------------------------------------------------------------

def rank_case(label, args, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    run(*args, "--format", "xlsx", "--lang", lang, "--out", path)
    j = json.loads(run(*args, "--format", "json", "--excluded"))
    csv_header = run(*args, "--format", "csv").splitlines()[0].split(",")
    book = read_xlsx(path)
    layout(book, label)
    names = [n for n, _, _ in book]
    want = ["目标企业", "排除企业", "链条缺口", "权重", "数据来源"] if lang == "zh" else \
           ["targets", "excluded", "gaps", "weights", "provenance"]
    check(names == want, "%s: sheets %r, want %r" % (label, names, want))
    # targets: the tidy CSV's columns without status and reasons
    tcols = [c for c in csv_header if c not in ("status", "reasons")]
    head = [c[1] for c in book[0][1][0]]
    if lang == "zh":
        for h in ("排名", "企业名称", "补链贡献", "头雁带动", "说明"):
            check(h in head, "%s: targets heading %s missing under --lang zh (%r)" % (label, h, head))
    else:
        check("name" in head and "chain-gap fit" in head, "%s: English headings %r" % (label, head))
    rows = sheet_dicts(book[0], tcols)
    check(len(rows) == len(j["rows"]), "%s: %d target rows, JSON %d" % (label, len(rows), len(j["rows"])))
    for r, w in zip(rows, j["rows"]):
        at = "%s targets #%s" % (label, w["rank"])
        for k in ("park", "chain", "scheme"):
            same(r[k], j[k], at + " " + k)
        for k in ("rank", "id", "name", "score", "explanation"):
            same(r[k], w[k], at + " " + k)
        for k, v in w["criteria"].items():
            same(r[k], v, at + " " + k)
        same(r["compromise"], w.get("compromise"), at + " compromise")
    ex = sheet_dicts(book[1], ["park", "chain", "scheme", "id", "name", "reasons", "explanation"])
    check(len(ex) == len(j["excluded_rows"]), "%s: %d excluded rows, JSON %d" % (label, len(ex), len(j["excluded_rows"])))
    for r, w in zip(ex, j["excluded_rows"]):
        at = "%s excluded %s" % (label, w["id"])
        for k in ("id", "name", "explanation"):
            same(r[k], w[k], at + " " + k)
        same(r["reasons"], ";".join(w["reasons"]), at + " reasons")
    # gaps: the same as `gaps --format json` for this park and chain
    g = json.loads(run("gaps", args[1], "--park", j["park"], "--chain", j["chain"], "--format", "json"))
    gaps_compare(book[2], g if isinstance(g, list) else [g], label)
    w = sheet_dicts(book[3], ["scheme", "criterion", "title", "title_zh", "weight", "unit", "definition"])
    check([r["criterion"][1] for r in w] == list(j["weights"]), "%s: weights criteria" % label)
    for r in w:
        same(r["weight"], j["weights"][r["criterion"][1]], "%s weight %s" % (label, r["criterion"][1]))
        same(r["scheme"], j["scheme"], "%s weight scheme" % label)
    provenance(book[4], label, {"park": j["park"], "chain": j["chain"], "scheme": j["scheme"],
                                "aggregation": j["aggregation"]})
    return path


def gaps_compare(sheet, glist, label):
    names = ["park", "chain", "segment", "name", "stage", "key", "importance", "supply", "demand", "coverage",
             "tenants", "status", "status_zh", "gap", "priority", "gap_rank"]
    rows = sheet_dicts(sheet, names)
    want = [(g, s) for g in glist for s in g["segments"]]
    check(len(rows) == len(want), "%s: %d gap rows, JSON %d" % (label, len(rows), len(want)))
    for r, (g, s) in zip(rows, want):
        at = "%s gaps %s/%s" % (label, g["chain"], s["id"])
        same(r["park"], g["park"], at + " park")
        same(r["chain"], g["chain"], at + " chain")
        same(r["segment"], s["id"], at + " segment")
        for k in ("name", "stage", "key", "importance", "supply", "demand", "coverage", "tenants", "status", "gap", "priority"):
            same(r[k], s[k], at + " " + k)
        order = g["gaps"]["supplement"] + g["gaps"]["strengthen"] + g["gaps"]["extend"]
        same(r["gap_rank"], order.index(s["id"]) + 1 if s["id"] in order else None, at + " gap_rank")


def gaps_case(label, dataset, park, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    run("gaps", dataset, "--park", park, "--format", "xlsx", "--lang", lang, "--out", path)
    g = json.loads(run("gaps", dataset, "--park", park, "--format", "json"))
    book = read_xlsx(path)
    layout(book, label)
    gaps_compare(book[0], g if isinstance(g, list) else [g], label)
    if lang == "zh":
        check(book[0][0] == "链条缺口", "%s: sheet name %r" % (label, book[0][0]))
        check(book[0][1][0][3] == ("s", "环节名称"), "%s: heading %r" % (label, book[0][1][0][3]))
    provenance(book[1], label, {"park": park, "command": "gaps"})
    return path


# ---- compare -------------------------------------------------------------------------------

def compare_case(label, args, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    run(*args, "--format", "xlsx", "--lang", lang, "--out", path)
    j = json.loads(run(*args, "--format", "json"))
    book = read_xlsx(path)
    layout(book, label)
    sheets = {n: (n, rows, info) for n, rows, info in book}
    en = ["schemes", "agreement", "spread", "smaa", "backtest", "provenance"]
    zh = ["方案", "方案一致性", "排名分布", "SMAA 稳健性", "回测", "数据来源"]
    names = [n for n, _, _ in book]
    key = dict(zip(zh if lang == "zh" else en, en))
    check(all(n in key for n in names), "%s: sheets %r" % (label, names))
    by = {key[n]: s for n, s in sheets.items() if n in key}
    rows = sheet_dicts(by["schemes"], ["scheme", "file", "aggregation", "weighting", "candidates", "excluded", "ranked"])
    check(len(rows) == len(j["schemes"]), "%s: scheme rows" % label)
    for r, w in zip(rows, j["schemes"]):
        same(r["scheme"], w["name"], label + " scheme name")
        for k in ("file", "aggregation", "weighting", "candidates", "excluded", "ranked"):
            same(r[k], w.get(k), "%s scheme %s %s" % (label, w["name"], k))
    if "agreement" in j:
        a = j["agreement"]
        metrics = ["spearman", "kendall_tau_b", "kendall_tau_a", "weighted_spearman", "ws_ab", "ws_ba",
                   "top_k_overlap", "jaccard", "rbo"]
        rows = sheet_dicts(by["agreement"], ["a", "b"] + metrics)
        check(len(rows) == len(a["pairs"]), "%s: agreement rows" % label)
        for r, w in zip(rows, a["pairs"]):
            for k in ["a", "b"] + metrics:
                same(r[k], w[k], "%s agreement %s-%s %s" % (label, w["a"], w["b"], k))
        m = len(j["schemes"])
        rows = sheet_dicts(by["spread"], ["id", "name"] + ["rank%d" % l for l in range(m)] +
                           ["min", "max", "mean", "sd", "in_top_k", "robust"])
        check(len(rows) == len(a["enterprises"]), "%s: spread rows" % label)
        for r, w in zip(rows, a["enterprises"]):
            at = "%s spread %s" % (label, w["id"])
            for k in ("id", "name", "min", "max", "mean", "sd", "in_top_k", "robust"):
                same(r[k], w[k], at + " " + k)
            for l in range(m):   # the JSON prints ranks with %.0f
                c = r["rank%d" % l]
                check(c is not None and c[0] == "n" and round(c[1]) == w["ranks"][l], "%s rank %d: %r vs %r" % (at, l, c, w["ranks"][l]))
    else:
        check("agreement" not in by, "%s: agreement sheet without agreement" % label)
    if "smaa" in j:
        rows = sheet_dicts(by["smaa"], ["scheme", "id", "name", "scheme_rank", "pr_top_k", "acceptability_1",
                                        "confidence", "samples", "seed"])
        want = [(s, w) for s in j["smaa"] for w in s["rows"]]
        check(len(rows) == len(want), "%s: smaa rows %d vs %d" % (label, len(rows), len(want)))
        for r, (s, w) in zip(rows, want):
            at = "%s smaa %s %s" % (label, s["scheme"], w["id"])
            same(r["scheme"], s["scheme"], at)
            for k in ("id", "name", "scheme_rank", "pr_top_k", "confidence"):
                same(r[k], w[k], at + " " + k)
            same(r["acceptability_1"], w["acceptability"][0], at + " b1")
            same(r["samples"], s["samples"], at + " samples")
            same(r["seed"], s["seed"], at + " seed")
    if "backtest" in j:
        ks = ["precision", "recall", "ndcg", "map", "auc", "micro_precision", "micro_recall", "parks_used", "parks_auc"]
        rows = sheet_dicts(by["backtest"], ["method", "kind"] + ks)
        check(len(rows) == len(j["backtest"]["methods"]), "%s: backtest rows" % label)
        for r, w in zip(rows, j["backtest"]["methods"]):
            for k in ["kind"] + ks:
                same(r[k], w[k], "%s backtest %s %s" % (label, w["name"], k))
            same(r["method"], w["name"], label + " backtest name")
    provenance(by["provenance"], label, {"summary": j["summary"], "command": "compare"})
    return path


def same_bytes(label, make):
    """make(threads) writes a workbook and returns its path."""
    a = open(make(1, "t1"), "rb").read()
    b = open(make(2, "t2"), "rb").read()
    check(a == b, "%s: --threads 1 and 2 give different bytes" % label)
    time.sleep(1.1)   # a creation time in seconds would now differ
    c = open(make(1, "later"), "rb").read()
    check(a == c, "%s: a run a second later gives different bytes (a timestamp?)" % label)


T, C = "datasets/tiny", "datasets/china2020"
DS = "datasets/schemes"
GS = "tests/golden/schemes"
rank_case("rank-tiny-p1-zh", ["rank", T, "--park", "P1", "--scheme", DS + "/balanced.json"], "zh")
rank_case("rank-tiny-p2-en", ["rank", T, "--park", "P2", "--scheme", GS + "/mixed-wsm.json"], "en")
rank_case("rank-cn-g311084-zh", ["rank", C, "--park", "G311084", "--chain", "ele", "--scheme", DS + "/balanced.json", "--top", "40"], "zh")
rank_case("rank-cn-g311082-vikor", ["rank", C, "--park", "G311082", "--chain", "nev", "--scheme", DS + "/green-objective.json", "--top", "15"], "en")
gaps_case("gaps-tiny-p1-zh", T, "P1", "zh")
gaps_case("gaps-cn-g216034-en", C, "G216034", "en")   # leads two chains: both stacked
compare_case("compare-cn-smaa-zh", ["compare", C, "--park", "G311084", "--chain", "ele", "--schemes", DS + "/balanced.json",
                                    DS + "/chain-first.json", GS + "/mixed-wsm.json", "--top", "10", "--monte-carlo", "300",
                                    "--seed", "3"], "zh")
compare_case("compare-cn-bt-en", ["compare", C, "--park", "S318036", "--chain", "ele", "--schemes", DS + "/balanced.json",
                                  GS + "/critic-topsis.json", "--cutoff", "2021-01-01"], "en")

compare_case("compare-slice-allparks-en", ["compare", "tests/golden/data/slice", "--all-parks", "--schemes", DS + "/balanced.json",
                                           DS + "/green-objective.json", "--cutoff", "2022-01-01"], "en")


def rank_at(threads, tag):
    p = os.path.join(SCRATCH, "det-rank-%s.xlsx" % tag)
    run("rank", C, "--park", "G311084", "--chain", "ele", "--scheme", DS + "/balanced.json", "--top", "300",
        "--format", "xlsx", "--out", p, threads=threads)
    return p


def compare_at(threads, tag):
    p = os.path.join(SCRATCH, "det-compare-%s.xlsx" % tag)
    run("compare", C, "--park", "G311084", "--chain", "ele", "--schemes", DS + "/balanced.json", DS + "/green-objective.json",
        "--top", "8", "--monte-carlo", "200", "--format", "xlsx", "--lang", "zh", "--out", p, threads=threads)
    return p


same_bytes("rank china2020 top 300", rank_at)
same_bytes("compare china2020 smaa", compare_at)
# ---- projects: vet, ledger, library (issue 16) ----------------------------------------------

def csv_equals_sheet(sheet, text, label, skip_header=False):
    """The tidy CSV of the same run, cell by cell, equals the sheet (numbers to the workbook's 16 digits)."""
    import csv as csvmod
    import io
    rows = list(csvmod.reader(io.StringIO(text)))
    name, srows, _ = sheet
    check(len(rows) == len(srows), "%s: CSV %d lines, sheet %s %d rows" % (label, len(rows), name, len(srows)))
    for i, (cr, sr) in enumerate(zip(rows[1:], srows[1:])):
        check(len(cr) == len(sr), "%s: CSV line %d has %d fields, sheet %d" % (label, i + 2, len(cr), len(sr)))
        for j, (c, s) in enumerate(zip(cr, sr)):
            at = "%s CSV line %d field %d" % (label, i + 2, j + 1)
            if s is None:
                check(c == "", "%s: %r, sheet empty" % (at, c))
            elif s[0] == "n":
                check(c != "" and num16(float(c)) == s[1], "%s: %r, sheet %r" % (at, c, s))
            elif s[0] == "b":
                check(c == ("true" if s[1] else "false"), "%s: %r, sheet %r" % (at, c, s))
            else:
                check(c == s[1], "%s: %r, sheet %r" % (at, c, s))


def sheets_by(book, en, zh, lang, label):
    names = [n for n, _, _ in book]
    want = zh if lang == "zh" else en
    check(names == want, "%s: sheets %r, want %r" % (label, names, want))
    return dict(zip(en, book))


def vet_case(label, args, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    allow = dict(ok=(0, 6))
    run_rc(*args, "--format", "xlsx", "--lang", lang, "--out", path, **allow)
    j = json.loads(run_rc(*args, "--format", "json", **allow))
    book = read_xlsx(path)
    layout(book, label)
    by = sheets_by(book, ["projects", "checks", "provenance"], ["项目结论", "审查明细", "数据来源"], lang, label)
    groups = ["policy", "environment", "land", "credibility"]
    rows = sheet_dicts(by["projects"], ["project", "enterprise", "name", "park", "segment", "invest", "land_mu", "verdict"] + groups)
    check(len(rows) == len(j["projects"]), "%s: %d project rows, JSON %d" % (label, len(rows), len(j["projects"])))
    want_checks = []
    for r, w in zip(rows, j["projects"]):
        at = "%s project %s" % (label, w["id"])
        same(r["project"], w["id"], at + " id")
        for k in ("enterprise", "park", "segment", "invest", "land_mu", "verdict"):
            same(r[k], w[k], at + " " + k)
        for g in groups:
            same(r[g], w["rules"][g], at + " " + g)
        check(r["name"] is not None and r["name"][0] == "s", at + " name")
        want_checks += [(w, c) for c in w["checks"]]
    rows = sheet_dicts(by["checks"], ["project", "enterprise", "park", "segment", "project_verdict", "rule", "check", "value",
                                      "limit", "unit", "verdict", "reason"])
    check(len(rows) == len(want_checks), "%s: %d check rows, JSON %d" % (label, len(rows), len(want_checks)))
    for r, (w, c) in zip(rows, want_checks):
        at = "%s check %s/%s" % (label, w["id"], c["check"])
        same(r["project"], w["id"], at)
        same(r["project_verdict"], w["verdict"], at + " project_verdict")
        for k in ("enterprise", "park", "segment"):
            same(r[k], w[k], at + " " + k)
        for k in ("rule", "check", "value", "limit", "unit", "verdict", "reason"):
            same(r[k], c[k], at + " " + k)
    csv_equals_sheet(by["checks"], run_rc(*args, "--format", "csv", **allow), label + " checks")
    if lang == "zh":
        check(by["checks"][1][0][11] == ("s", "理由"), "%s: heading %r" % (label, by["checks"][1][0][11]))
    s = j["summary"]
    provenance(by["provenance"], label, {"command": "vet", "policy": j["policy"], "as_of": j["as_of"],
               "summary": "%d pass, %d conditional, %d refuse" % (s["pass"], s["conditional"], s["refuse"])}, cutoff=False)
    return path


STAGES = ["funds", "started", "completed", "operating", "withdrawn"]
RATE_COLS = ["by", "group", "signed", "funded", "started", "completed", "operating", "withdrawn", "start_due",
             "started_of_due", "completion_due", "completed_of_due", "invest", "funds", "fulfilment_rate", "funds_rate",
             "startup_rate", "completion_rate", "operating_rate", "withdrawal_rate"] + \
            ["days_to_%s_%s" % (s, q) for s in STAGES for q in ("n", "median", "q1", "q3")]


def ledger_rates(sheet, groups, by, label):
    rows = sheet_dicts(sheet, RATE_COLS)
    check(len(rows) == len(groups), "%s: %d rate rows, JSON %d" % (label, len(rows), len(groups)))
    for r, g in zip(rows, groups):
        at = "%s group %s" % (label, g["group"])
        same(r["by"], by, at + " by")
        for k in RATE_COLS[1:20]:
            same(r[k], g[k], at + " " + k)
        for s in STAGES:
            for q in ("n", "median", "q1", "q3"):
                same(r["days_to_%s_%s" % (s, q)], g["days_to"][s][q], "%s days_to %s %s" % (at, s, q))


def ledger_common(by, j, label, jby):
    rows = sheet_dicts(by["stage times"], ["by", "group", "stage", "stage_zh", "n", "median", "q1", "q3"])
    want = [(g, s) for g in j["groups"] for s in STAGES]
    check(len(rows) == len(want), "%s: %d time rows, JSON %d" % (label, len(rows), len(want)))
    for r, (g, s) in zip(rows, want):
        at = "%s times %s %s" % (label, g["group"], s)
        same(r["by"], jby, at)
        same(r["group"], g["group"], at)
        same(r["stage"], s, at)
        for q in ("n", "median", "q1", "q3"):
            same(r[q], g["days_to"][s][q], at + " " + q)
    rows = sheet_dicts(by["overdue"], ["project", "enterprise", "park", "stage", "due", "days", "report_by"])
    check(len(rows) == len(j["overdue"]), "%s: %d overdue rows, JSON %d" % (label, len(rows), len(j["overdue"])))
    for r, w in zip(rows, j["overdue"]):
        for k in ("project", "enterprise", "park", "stage", "due", "days", "report_by"):
            same(r[k], w[k], "%s overdue %s %s" % (label, w["project"], k))


def ledger_case(label, dataset, by_arg, lang, extra=()):
    path = os.path.join(SCRATCH, label + ".xlsx")
    args = ["ledger", dataset] + list(extra) + (["--by", by_arg] if by_arg != "all" else [])
    run(*args, "--format", "xlsx", "--lang", lang, "--out", path)
    j = json.loads(run(*args, "--format", "json"))
    book = read_xlsx(path)
    layout(book, label)
    zh_by = {"park": "按园区", "chain": "按产业链", "year": "按签约年份"}
    en = ["rates"] + (["by " + by_arg] if by_arg != "all" else []) + ["stage times", "overdue", "provenance"]
    zh = ["履约指标"] + ([zh_by[by_arg]] if by_arg != "all" else []) + ["阶段用时", "逾期项目", "数据来源"]
    by = sheets_by(book, en, zh, lang, label)
    check(j["groups"][0]["group"] == "all", label + ": the JSON's first group is all")
    ledger_rates(by["rates"], j["groups"][:1], by_arg, label + " rates")
    if by_arg != "all":
        ledger_rates(by["by " + by_arg], j["groups"][1:], by_arg, label + " breakdown")
    ledger_common(by, j, label, by_arg)
    # the CSV is the rates and breakdown sheets under one header; --overdue's CSV is the overdue sheet
    csv = run(*args, "--format", "csv")
    stacked = (by["rates"][0], by["rates"][1] + (by["by " + by_arg][1][1:] if by_arg != "all" else []), None)
    csv_equals_sheet(stacked, csv, label + " CSV")
    csv_equals_sheet(by["overdue"], run(*args, "--overdue", "--format", "csv"), label + " overdue CSV")
    provenance(by["provenance"], label, {"command": "ledger", "as_of": j["as_of"], "by": by_arg,
                                         "projects": str(j["projects"])}, cutoff=False)
    return path


def ledger_scheme_case(label, dataset, schemes, top, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    args = ["ledger", dataset, "--by", "scheme", "--schemes"] + schemes + ["--top", str(top)]
    run(*args, "--format", "xlsx", "--lang", lang, "--out", path)
    j = json.loads(run(*args, "--format", "json"))
    jl = json.loads(run("ledger", dataset, "--as-of", j["as_of"], "--format", "json"))
    book = read_xlsx(path)
    layout(book, label)
    by = sheets_by(book, ["rates", "by scheme", "stage times", "overdue", "provenance"],
                   ["履约指标", "按方案", "阶段用时", "逾期项目", "数据来源"], lang, label)
    ledger_rates(by["rates"], jl["groups"], "all", label + " rates")
    ledger_common(by, jl, label, "all")
    rows = sheet_dicts(by["by scheme"], ["scheme", "file", "top", "landed", "on_list", "share", "random_share"])
    check(len(rows) == len(j["schemes"]), "%s: %d scheme rows" % (label, len(rows)))
    for r, w in zip(rows, j["schemes"]):
        same(r["top"], j["top"], label + " top")
        for k in ("scheme", "file", "landed", "on_list", "share", "random_share"):
            same(r[k], w[k], "%s scheme %s %s" % (label, w["scheme"], k))
    csv_equals_sheet(by["by scheme"], run(*args, "--format", "csv"), label + " CSV")
    provenance(by["provenance"], label, {"command": "ledger", "by": "scheme (top %d)" % top}, cutoff=False)
    return path


def library_case(label, args, lang):
    path = os.path.join(SCRATCH, label + ".xlsx")
    run(*args, "--format", "xlsx", "--lang", lang, "--out", path)
    j = json.loads(run(*args, "--format", "json"))
    book = read_xlsx(path)
    layout(book, label)
    by = sheets_by(book, ["targets", "customers", "projects", "project events", "provenance"],
                   ["目标企业库", "客户库", "项目库", "项目进展", "数据来源"], lang, label)
    best = ["%s%d" % (k, i) for i in (1, 2, 3) for k in ("park", "position", "score")]
    rows = sheet_dicts(by["targets"], ["tier", "enterprise", "name", "segment", "category", "gap_status", "head", "top500",
                                       "key_link", "best_score"] + best)
    check(len(rows) == len(j["targets"]), "%s: %d targets, JSON %d" % (label, len(rows), len(j["targets"])))
    for r, w in zip(rows, j["targets"]):
        at = "%s target %s" % (label, w["enterprise"])
        for k in ("tier", "enterprise", "name", "segment", "category", "gap_status", "head", "top500", "key_link"):
            same(r[k], w[k], at + " " + k)
        same(r["best_score"], w["best_parks"][0]["score"], at + " best_score")
        for i in range(3):
            b = w["best_parks"][i] if i < len(w["best_parks"]) else {}
            for k in ("park", "position", "score"):
                same(r["%s%d" % (k, i + 1)], b.get(k), "%s best %d %s" % (at, i + 1, k))
    csv_equals_sheet(by["targets"], run(*args, "--format", "csv"), label + " CSV")
    contacts = ["contact_person", "title", "phone", "email", "last_contact", "next_step", "owner", "notes"]
    rows = sheet_dicts(by["customers"], ["enterprise", "name", "tier"] + contacts)
    check(len(rows) == len(j["customers"]), "%s: %d customers" % (label, len(rows)))
    for r, w in zip(rows, j["customers"]):
        for k in ["enterprise", "name", "tier"] + contacts:   # the contacts: empty in both, to fill in
            same(r[k], w[k], "%s customer %s %s" % (label, w["enterprise"], k))
    stages = ["signed", "funds", "started", "completed", "operating", "withdrawn"]
    rows = sheet_dicts(by["projects"], ["id", "enterprise", "name", "park", "segment", "invest", "funds"] +
                       [s + "_date" for s in stages])
    check(len(rows) == len(j["projects"]), "%s: %d projects, JSON %d" % (label, len(rows), len(j["projects"])))
    evs = sheet_dicts(by["project events"], ["project", "date", "stage", "stage_zh", "amount", "basis", "source"])
    want_ev = [(w, e) for w in j["projects"] for e in w["events"]]
    check(len(evs) == len(want_ev), "%s: %d events, JSON %d" % (label, len(evs), len(want_ev)))
    for r, w in zip(rows, j["projects"]):
        at = "%s project %s" % (label, w["id"])
        for k in ("id", "enterprise", "park", "segment", "invest"):
            same(r[k], w[k], at + " " + k)
        same(r["funds"], sum(e.get("amount", 0) for e in w["events"] if e["stage"] == "funds"), at + " funds")
        for s in stages:
            first = [e["date"] for e in w["events"] if e["stage"] == s]
            same(r[s + "_date"], first[0] if first else None, at + " " + s)
    for r, (w, e) in zip(evs, want_ev):
        at = "%s event %s %s" % (label, w["id"], e["stage"])
        same(r["project"], w["id"], at)
        for k in ("date", "stage", "amount"):
            same(r[k], e.get(k), at + " " + k)
    if lang == "zh":
        check(by["customers"][1][0][3] == ("s", "联系人"), "%s: heading %r" % (label, by["customers"][1][0][3]))
    provenance(by["provenance"], label, {"command": "library", "chain": j["chain"], "scheme": j["scheme"],
                                         "parks": ",".join(j["parks"])})
    return path


vet_case("vet-tiny-proposals-zh", ["vet", T, "--projects", T + "/proposals.csv", "--policy", T + "/policy.json"], "zh")
vet_case("vet-cn-own-en", ["vet", C, "--policy", C + "/policy.json"], "en")
ledger_case("ledger-tiny-park-zh", T, "park", "zh")
ledger_case("ledger-cn-all-en", C, "all", "en")
ledger_case("ledger-cn-chain-en", C, "chain", "en")
ledger_case("ledger-cn-year-zh", C, "year", "zh", ["--as-of", "2019-06-30"])
ledger_scheme_case("ledger-tiny-scheme-zh", T, [DS + "/balanced.json", DS + "/chain-first.json"], 2, "zh")
ledger_scheme_case("ledger-cn-scheme-en", C, [DS + "/balanced.json"], 30, "en")
library_case("library-tiny-zh", ["library", T, "--chain", "nev", "--scheme", DS + "/balanced.json", "--tier-a", "1",
                                 "--tier-b", "2"], "zh")
library_case("library-cn-nev-en", ["library", C, "--chain", "nev", "--scheme", DS + "/balanced.json", "--top", "20"], "en")


def projects_at(threads, tag):
    p = os.path.join(SCRATCH, "det-library-%s.xlsx" % tag)
    run("library", C, "--chain", "ele", "--scheme", DS + "/balanced.json", "--top", "30", "--format", "xlsx", "--lang", "zh",
        "--out", p, threads=threads)
    for cmd in (["vet", C, "--policy", C + "/policy.json"], ["ledger", C, "--by", "park"]):
        q = os.path.join(SCRATCH, "det-%s-%s.xlsx" % (cmd[0], tag))
        run_rc(*cmd, "--format", "xlsx", "--out", q, threads=threads, ok=(0, 6))
        with open(p, "ab") as f:   # one file to compare: the three workbooks one after the other
            f.write(open(q, "rb").read())
    return p


same_bytes("vet, ledger, library china2020", projects_at)

print("xlsx_readback: %d checks, %d failed" % (checks, len(failures)))
sys.exit(1 if failures else 0)
