#!/usr/bin/env bash
# The report as a person sees it (issue 15 §3): the tiny report and one
# china2020 park's are rendered in headless Chromium; the DOM must hold one
# SVG node per chain segment with the status of `chainrank gaps` (class and
# fill), one target row per ranked target of `chainrank rank` (same ids, same
# order) each with a contribution bar, no external URL anywhere, and
# Chromium's log no console message (a CSP violation or script error is
# one). Screenshots are left in $CR_BUILD_DIR/report-*.png for a look.
# Skips (exit 77) only when chromium is not installed.
set -u
cd "${CR_SOURCE_DIR:-.}"
CHAINRANK=${CHAINRANK:-build/chainrank}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium not found: test skipped"; exit 77; }
command -v python3 >/dev/null || { echo "FAIL: python3 needed (scripts/setup.sh installs it)"; exit 1; }
shots=${CR_BUILD_DIR:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
DS=datasets/schemes

# render NAME DATASET PARK CHAIN TOP LANG SCHEME [MORE SCHEMES...]
render() {
  local name=$1 ds=$2 park=$3 chain=$4 top=$5 lang=$6 scheme=$7; shift 7
  local more=()
  [ $# -gt 0 ] && more=(--schemes "$@")
  "$CHAINRANK" report "$ds" --park "$park" --chain "$chain" --scheme "$scheme" "${more[@]}" --top "$top" \
    --lang "$lang" --monte-carlo 300 --out "$tmp/$name.html" || { echo "FAIL: $name: report exit $?"; fail=1; return; }
  "$CHAINRANK" gaps "$ds" --park "$park" --chain "$chain" --format json > "$tmp/$name.gaps.json"
  "$CHAINRANK" rank "$ds" --park "$park" --chain "$chain" --scheme "$scheme" --top "$top" --excluded --format json > "$tmp/$name.rank.json"
  local dom_url
  case "$tmp" in /*) dom_url="file://$tmp/$name.html" ;; *) dom_url="file://$PWD/$tmp/$name.html" ;; esac
  # a fresh profile each run: nothing cached, nothing shared between the runs
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/prof-$name" \
    --enable-logging=stderr --v=0 --dump-dom "$dom_url" > "$tmp/$name.dom" 2> "$tmp/$name.log" ||
    { echo "FAIL: $name: chromium --dump-dom failed"; fail=1; return; }
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/prof2-$name" \
    --enable-logging=stderr --v=0 --hide-scrollbars --screenshot="$shots/report-$name.png" --window-size=1280,4000 \
    "$dom_url" >/dev/null 2>> "$tmp/$name.log" || { echo "FAIL: $name: chromium --screenshot failed"; fail=1; return; }
  python3 - "$tmp/$name" "$shots/report-$name.png" "$ds/enterprises.csv" <<'PY' || fail=1
import csv, json, re, sys, os
from html.parser import HTMLParser
base, png, ents = sys.argv[1], sys.argv[2], sys.argv[3]
name = os.path.basename(base)
dom = open(base + ".dom", encoding="utf-8").read()
html = open(base + ".html", encoding="utf-8").read()
gaps = json.load(open(base + ".gaps.json", encoding="utf-8"))
rank = json.load(open(base + ".rank.json", encoding="utf-8"))
fills = {"strong": "#2e7d32", "weak": "#f2a900", "missing": "#c62828", "extension": "#1e6fd9", "absent": "#b0b7bf"}
bad = []

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.segs = []          # (id, status, class, fill of its rect)
        self.in_seg = None
        self.targets = []       # data-id
        self.bars = {}          # target id -> parts
        self.cur_target = None
        self.urls = []
        self.excl = []          # data-id of the excluded rows shown
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if v and k in ("src", "href", "xlink:href", "action", "poster", "data") and (
                    "://" in v or v.startswith("//")):
                self.urls.append((tag, k, v))
            if v and "url(" in v and not re.fullmatch(r".*url\(#[^)]*\).*", v):
                self.urls.append((tag, k, v))
        cls = a.get("class", "")
        if tag == "g" and cls.startswith("seg "):
            self.in_seg = [a.get("data-segment"), a.get("data-status"), cls, None]
            self.segs.append(self.in_seg)
        elif tag == "rect" and self.in_seg is not None and self.in_seg[3] is None:
            self.in_seg[3] = a.get("fill")
        elif tag == "tr" and cls == "target":
            self.cur_target = a.get("data-id")
            self.targets.append(self.cur_target)
            self.bars[self.cur_target] = 0
        elif tag == "tr" and cls == "excl":
            self.excl.append(a.get("data-id"))
        elif tag == "rect" and cls == "part" and self.cur_target:
            self.bars[self.cur_target] += 1
        elif tag == "table":
            self.cur_target = None
    def handle_endtag(self, tag):
        if tag == "g":
            self.in_seg = None
        if tag == "tr":
            self.cur_target = None

p = P()
p.feed(dom)
want = [(s["id"], s["status"]) for s in gaps["segments"]]
got = [(s[0], s[1]) for s in p.segs]
if got != want:
    bad.append(f"segments: DOM {got} != gaps {want}")
for sid, st, cls, fill in p.segs:
    if cls != f"seg st-{st}":
        bad.append(f"segment {sid}: class '{cls}' for status {st}")
    if fill != fills.get(st):
        bad.append(f"segment {sid}: fill {fill} for status {st}")
rows = [r["id"] for r in rank["rows"]]
if p.targets != rows:
    bad.append(f"target rows {p.targets} != rank {rows}")
if not rows:
    bad.append("no target row to check")
for t, n in p.bars.items():
    if n < 1:
        bad.append(f"target {t}: no bar part")
# excluded rows: the largest firms first (revenue descending, missing last,
# ties by enterprise order), at most 15, all of them excluded by rank
order = {}
rev = {}
with open(ents, encoding="utf-8") as f:
    for i, r in enumerate(csv.DictReader(f)):
        order[r["id"]] = i
        try:
            v = float(r.get("revenue") or "nan")
        except ValueError:
            v = float("nan")
        rev[r["id"]] = v if v > 0 else 0.0
ex = [r["id"] for r in rank.get("excluded_rows", [])]
want_ex = sorted(ex, key=lambda e: (-rev[e], order[e]))[:15]
if p.excl != want_ex:
    bad.append(f"excluded rows {p.excl} != largest excluded {want_ex}")
if p.urls:
    bad.append(f"external URLs: {p.urls[:5]}")
if re.search(r"https?://", html):
    bad.append("an http(s):// URL in the file")
log = open(base + ".log", encoding="utf-8", errors="replace").read()
console = [l for l in log.splitlines() if ":CONSOLE" in l or "Content Security Policy" in l]
if console:
    bad.append("chromium console: " + " | ".join(console[:3]))
if not os.path.exists(png) or os.path.getsize(png) < 20000:
    bad.append(f"screenshot {png} missing or blank")
if bad:
    for b in bad:
        print(f"FAIL: {name}: {b}")
    sys.exit(1)
print(f"ok: {name}: {len(p.segs)} segments, {len(p.targets)} target rows with bars, no external URL, clean console")
PY
}

render tiny datasets/tiny P1 nev 10 zh $DS/balanced.json $DS/chain-first.json $DS/green-objective.json
render china2020-G321090-ele datasets/china2020 G321090 ele 12 zh $DS/balanced.json $DS/chain-first.json $DS/green-objective.json
render china2020-G311084-equ-en datasets/china2020 G311084 equ 8 en $DS/chain-first.json
exit $fail
