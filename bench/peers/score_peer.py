"""numpy/pandas peer of `chainrank rank` for one park and chain (issue 4): an
independent re-implementation of docs/model.md ("Segment importance", "Supply-graph
centrality", "Chain diagnosis", "Ranking criteria", "Weighting schemes") as an
analyst in a department would write it — pandas to read the files, numpy only to
compute (no scipy, no igraph), vectorised over enterprises and links.

  1. chain importance: weighted PageRank of the chain graph and of its reverse
     (self-loops dropped, dangling rank spread uniformly, weights normalised by
     out-strength: igraph's PRPACK conventions) by power iteration to 1e-15 (L1);
  2. the park's gap list (local supply, demand, coverage, status, volume, priority);
  3. the supply-graph PageRank x N by power iteration (np.bincount per step);
  4. the park x segment relatedness density (RCA >= 1, proximity with a zero
     diagonal, density as py-ecomplexity's calc_density), 0 where undefined;
  5. the seven criteria of every candidate (a share in the chain, not a tenant of
     the park), the hard exclusions, and the scheme's weights and aggregation
     (TOPSIS or WSM, min-max, pymcdm conventions as docs/mcda.md).

Output (--out): raw float64, one value per candidate in enterprise-file order: the
score, NaN for a candidate excluded by a hard limit. FILE.ids next to it lists the
same candidates' ids (one a line, "id" or "id excluded"). --criteria PREFIX writes
PREFIX.<criterion>.bin the same way (NaN for excluded). --csv FILE writes
id,score,<7 criteria> for the same rows. bench/peers/rank_csv_to_bin.py turns
`chainrank rank --top 0 --format csv --excluded` into the same files, so
bench/peers/compare.py compares the two.

usage: /usr/bin/python3 score_peer.py DATASET --park P --chain K --scheme S.json
                  [--out F.bin] [--criteria PREFIX] [--csv F.csv] [--repeat N] [--round-trip]
prints: peer=numpy-score candidates=.. excluded=.. ranked=.. gaps=.. anchors=.. pr_iter=..
        load_ms=.. (read + parse the files) score_ms=.. (model, gaps, density, criteria,
        aggregation) best_ms=.. (their sum, the best of --repeat runs, inside the
        interpreter: imports and interpreter start not included) top=ID:score
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd

CRITERIA = ["gap", "partners", "resources", "greening", "density", "goose", "quality"]
RESOURCES = ["land", "water", "power", "labour", "skilled"]
NEEDS = ["need_land", "need_water", "need_power", "need_workers", "need_skilled"]
ENV = ["co2", "energy", "pollutant"]
EARTH_KM = 6371.0088


# ---- loading ----------------------------------------------------------------------

FLOAT_PRECISION = None  # pandas' default parser, as an analyst would; --round-trip sets "round_trip"


def read_csv(path, strcols, **kw):
    # pandas' default float parser may be an ulp off the correctly rounded value
    # chainrank's strtod gives; that only matters at an exact boundary (RCA = 1,
    # need = available ...). --round-trip parses exactly, at ~0.15 s per 100 k rows.
    # Only an empty field is "not given" (an id such as "NA" stays a string).
    return pd.read_csv(path, dtype={c: str for c in strcols}, keep_default_na=False, na_values=[""],
                       float_precision=FLOAT_PRECISION, **kw)


def num(df, col, default):
    if col not in df.columns:
        return np.full(len(df), default, dtype=np.float64)
    v = df[col].to_numpy(dtype=np.float64)  # a non-numeric field fails here, loudly
    return np.where(np.isnan(v), default, v)


def strcol(df, col):
    if col not in df.columns:
        return pd.Series([""] * len(df), index=df.index)
    return df[col].fillna("").astype(str)


def load(dsdir):
    with open(os.path.join(dsdir, "dataset.json")) as fp:
        man = json.load(fp)
    with open(os.path.join(dsdir, man["chains"])) as fp:
        ch = json.load(fp)
    if man["parks"].endswith(".json"):
        sys.exit("score_peer: parks in JSON are not supported by the peer (CSV only)")
    parks = read_csv(os.path.join(dsdir, man["parks"]), ["id", "chains", "endowments", "banned"])
    ents = read_csv(os.path.join(dsdir, man["enterprises"]), ["id", "segments", "tags", "park", "admin"])
    links = None
    if man.get("links"):
        links = read_csv(os.path.join(dsdir, man["links"]), ["supplier", "customer"],
                         usecols=["supplier", "customer", "weight"])
    admin = None
    if man.get("admin"):
        admin = read_csv(os.path.join(dsdir, man["admin"]), ["adcode"])
    return ch, parks, ents, links, admin


class Data:
    """Plain arrays, the way chainrank's dataset holds them."""

    def __init__(self, ch, parks, ents, links, admin):
        segs = ch["segments"]
        self.seg_ids = [s["id"] for s in segs]
        seg_ix = {s: i for i, s in enumerate(self.seg_ids)}
        self.nseg = len(segs)
        self.seg_cat = [s.get("category", "general") for s in segs]
        self.seg_needs = [set(s.get("needs", [])) for s in segs]
        self.seg_bench = np.array([s["co2_benchmark"] if s.get("co2_benchmark") is not None else np.nan
                                   for s in segs], dtype=np.float64)
        self.chains = {}
        for c in ch["chains"]:
            mem = np.array([seg_ix[m["id"]] for m in c["segments"]], dtype=np.int64)
            key = np.array([bool(m.get("key", False)) for m in c["segments"]])
            ef = np.array([seg_ix[e["from"]] for e in c.get("edges", [])], dtype=np.int64)
            et = np.array([seg_ix[e["to"]] for e in c.get("edges", [])], dtype=np.int64)
            ec = np.array([float(e["coef"]) for e in c.get("edges", [])], dtype=np.float64)
            self.chains[c["id"]] = (mem, key, ef, et, ec)

        # parks
        self.park_ids = parks["id"].astype(str).tolist()
        self.park_ix = {p: i for i, p in enumerate(self.park_ids)}
        self.park_lat = num(parks, "lat", np.nan)
        self.park_lon = num(parks, "lon", np.nan)
        self.park_res = {r: num(parks, r, np.nan) for r in RESOURCES}
        self.park_quota = {k: num(parks, k + "_quota", np.nan) for k in ENV}
        self.park_cap = {k: num(parks, k + "_cap", np.nan) for k in ENV}
        self.park_endow = [set(x for x in s.split(";") if x) for s in strcol(parks, "endowments")]
        self.park_banned = [set(x for x in s.split(";") if x) for s in strcol(parks, "banned")]

        # enterprises
        n = len(ents)
        self.n = n
        self.ent_ids = ents["id"].astype(str)
        self.ent_index = pd.Index(self.ent_ids)
        lat, lon = num(ents, "lat", np.nan), num(ents, "lon", np.nan)
        if admin is not None and "admin" in ents.columns:
            miss = np.isnan(lat)
            if miss.any():
                a = pd.Index(admin["adcode"].astype(str)).get_indexer(strcol(ents, "admin")[miss])
                lat[miss] = admin["lat"].to_numpy(np.float64)[a]
                lon[miss] = admin["lon"].to_numpy(np.float64)[a]
        self.lat, self.lon = lat, lon
        self.revenue = num(ents, "revenue", 0.0)
        self.invest = num(ents, "invest", 0.0)
        self.rd = num(ents, "rd", 0.0)
        self.plant = num(ents, "plant_output", 0.0)
        self.intensity = {k: num(ents, k + "_int", 0.0) for k in ENV}
        self.need = {r: num(ents, c, 0.0) for r, c in zip(RESOURCES, NEEDS)}
        pk = strcol(ents, "park")
        self.park_of = np.where(pk == "", -1, pd.Index(self.park_ids).get_indexer(pk)).astype(np.int64)
        self.tags = strcol(ents, "tags")

        # segment entries, exploded: one row per (enterprise, segment) in file order
        items = ents["segments"].astype(str).str.split(";").explode()
        items = items[items.str.len() > 0]
        parts = items.str.split(":", n=1, expand=True)
        if parts.shape[1] == 1:
            parts[1] = None
        self.x_ent = items.index.to_numpy(dtype=np.int64)
        self.x_seg = pd.Index(self.seg_ids).get_indexer(parts[0].str.rstrip(" ")).astype(np.int64)
        self.x_share = parts[1].fillna("1").astype(np.float64).to_numpy()
        if (self.x_seg < 0).any():
            sys.exit("score_peer: unknown segment in enterprises")

        # links
        if links is not None and len(links):
            self.l_sup = self.ent_index.get_indexer(links["supplier"].astype(str)).astype(np.int64)
            self.l_cus = self.ent_index.get_indexer(links["customer"].astype(str)).astype(np.int64)
            self.l_w = links["weight"].to_numpy(np.float64)
        else:
            self.l_sup = self.l_cus = np.zeros(0, np.int64)
            self.l_w = np.zeros(0)


# ---- scheme -------------------------------------------------------------------------

class Scheme:
    def __init__(self, path):
        with open(path) as fp:
            s = json.load(fp)
        crit = s["criteria"]
        self.crit = [c["id"] for c in crit]
        self.types = np.array([-1 if c.get("direction") == "cost" else 1 for c in crit])
        agg = s.get("aggregation", {})
        self.agg = agg.get("method", "topsis")
        norm = agg.get("normalization", "none" if self.agg == "vikor" else "minmax")
        norms = {c.get("normalization", norm) for c in crit}
        if self.agg not in ("topsis", "wsm") or norms != {"minmax"}:
            sys.exit("score_peer: the peer implements TOPSIS and WSM with min-max normalisation only")
        wm = s.get("weighting", {}).get("method", "given" if "weight" in crit[0] else "equal")
        if wm == "given":
            w = np.array([float(c["weight"]) for c in crit])
            tot = 0.0
            for x in w:  # in criterion order, as chainrank sums
                tot += x
            self.w = w / tot
        elif wm == "equal":
            self.w = np.full(len(crit), 1.0 / len(crit))
        else:
            sys.exit("score_peer: the peer implements given and equal weights only, not %r" % wm)
        res = s.get("resources", {})
        self.hard = {r: res.get(r, "hard" if r == "land" else "soft") == "hard" for r in RESOURCES + ["endowments"]}
        p = s.get("params", {})
        self.radius = float(p.get("radius_km", 50))
        self.half = float(p.get("half_distance_km", 10))
        self.invest_ref = float(p.get("invest_ref", 3000))
        self.rd_ref = float(p.get("rd_ref", 0.03))
        self.tags = p.get("tags", {"top500": 1.0, "listed": 0.5, "specialised": 0.5, "hightech": 0.5})
        g = p.get("gap_weights", {})
        self.kappa = {"missing": float(g.get("missing", 1)), "weak": float(g.get("weak", 0.6)),
                      "extension": float(g.get("extension", 0.3))}


# ---- model --------------------------------------------------------------------------

def pagerank(n, src, dst, w, d=0.85, tol=1e-15, maxit=10000):
    """Weighted PageRank, igraph's conventions: rank moves along src->dst in
    proportion to w / out-strength(src); a vertex without out-weight spreads its
    rank uniformly; teleport uniform; result sums to 1. Power iteration on
    np.bincount until the L1 change is below tol. Returns (pr, iterations)."""
    if n == 0:
        return np.zeros(0), 0
    outs = np.bincount(src, weights=w, minlength=n)
    dangling = outs == 0
    p = w / outs[src]
    x = np.full(n, 1.0 / n)
    for it in range(1, maxit + 1):
        y = np.bincount(dst, weights=x[src] * p, minlength=n)
        y = d * (y + x[dangling].sum() / n) + (1.0 - d) / n
        y /= y.sum()
        delta = np.abs(y - x).sum()
        x = y
        if delta < tol:
            break
    return x, it


def chain_importance(mem, key, ef, et, ec, key_bonus=0.5):
    m = len(mem)
    local = {s: i for i, s in enumerate(mem)}
    keep = ef != et  # self-use says nothing about links between segments
    f = np.array([local[s] for s in ef[keep]], dtype=np.int64)
    t = np.array([local[s] for s in et[keep]], dtype=np.int64)
    w = ec[keep]
    down, _ = pagerank(m, f, t, w)
    up, _ = pagerank(m, t, f, w)
    down, up = down * m, up * m
    return 0.5 * (down + up) * (1.0 + np.where(key, key_bonus, 0.0)), down, up


MISSING, WEAK, EXTENSION, STRONG, ABSENT = "missing", "weak", "extension", "strong", "absent"


def gap_list(D, p, chain, sch, imp):
    """Status, gap volume and priority of each chain member for park p."""
    mem, key, ef, et, ec = D.chains[chain]
    m = len(mem)
    local = np.full(D.nseg, -1, dtype=np.int64)
    local[mem] = np.arange(m)
    ten = D.park_of[D.x_ent] == p
    li = local[D.x_seg]
    sel = ten & (li >= 0)
    X = np.bincount(li[sel], weights=D.x_share[sel] * D.revenue[D.x_ent[sel]], minlength=m)
    ntn = np.bincount(li[sel], minlength=m)
    a, b = local[ef], local[et]
    Dm = np.bincount(a, weights=ec * X[b], minlength=m)  # self-loops included: own use is demand
    outsum = np.bincount(a[a != b], weights=ec[a != b], minlength=m)
    covered = (X > 0) | (ntn > 0)
    status = np.full(m, ABSENT, dtype=object)
    gap = np.zeros(m)
    weak = covered & (Dm > 0) & (X / np.where(Dm > 0, Dm, 1.0) < 1.0)
    status[covered] = STRONG
    status[weak] = WEAK
    gap[weak] = Dm[weak] * 1.0 - X[weak]
    miss = ~covered & ((Dm > 0) | key)
    status[miss] = MISSING
    gap[miss] = Dm[miss]
    ext = (a != b) & (status[b] == ABSENT) & covered[a]
    if ext.any():
        gap += np.bincount(b[ext], weights=X[a[ext]] * ec[ext] / outsum[a[ext]], minlength=m)
        status[np.unique(b[ext])] = EXTENSION
    kappa = np.array([sch.kappa.get(s, 0.0) for s in status])
    prio = kappa * imp
    return mem, status, gap, prio, X, Dm


def relatedness_density(D):
    """Density of every park to every segment (py-ecomplexity conventions; 0 where
    undefined: parks without tenants, segments no park hosts, no proximity mass)."""
    np_, ns = len(D.park_ids), D.nseg
    pe = D.park_of[D.x_ent]
    sel = pe >= 0
    rev = D.revenue[D.x_ent[sel]]
    x = D.x_share[sel] * np.where(rev > 0, rev, 1.0)  # a tenant without revenue still marks presence
    X = np.bincount(pe[sel] * ns + D.x_seg[sel], weights=x, minlength=np_ * ns).reshape(np_, ns)
    rows = X.sum(axis=1)
    cols = X.sum(axis=0)
    total = cols.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        rca = (X / rows[:, None]) / (cols / total)[None, :]
    M = np.nan_to_num(rca) >= 1.0
    Mf = M.astype(np.float64)
    k = Mf.sum(axis=0)
    C = Mf.T @ Mf
    kmax = np.maximum(k[:, None], k[None, :])
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(kmax > 0, C / np.where(kmax > 0, kmax, 1.0), 0.0)
    np.fill_diagonal(phi, 0.0)
    phisum = phi.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        dens = Mf @ (phi.T / phisum)
    dens[~(rows > 0), :] = np.nan
    dens[:, ~(phisum > 0)] = np.nan
    return np.nan_to_num(dens, nan=0.0)


def haversine_km(lat1, lon1, lat2, lon2):
    rad = math.pi / 180.0
    p1, p2 = lat1 * rad, lat2 * rad
    sp = np.sin((p2 - p1) / 2)
    sl = np.sin((lon2 - lon1) * rad / 2)
    h = np.minimum(sp * sp + np.cos(p1) * np.cos(p2) * sl * sl, 1.0)
    return 2.0 * EARTH_KM * np.arcsin(np.sqrt(h))


# ---- scoring ------------------------------------------------------------------------

def score(D, park, chain, sch):
    info = {}
    if park not in D.park_ix:
        sys.exit("score_peer: no park %r" % park)
    if chain not in D.chains:
        sys.exit("score_peer: no chain %r" % chain)
    p = D.park_ix[park]
    n = D.n
    mem, key, ef, et, ec = D.chains[chain]

    # model: chain importance, supply-graph PageRank x N
    imp, _, _ = chain_importance(mem, key, ef, et, ec)
    pr, info["pr_iter"] = pagerank(n, D.l_sup, D.l_cus, D.l_w)
    pr = pr * n
    indeg = np.bincount(D.l_cus, minlength=n)

    # gap list of the park -> per-segment priority and volume (0 outside the gaps)
    gm, status, gvol, gprio, _, _ = gap_list(D, p, chain, sch, imp)
    seg_prio = np.zeros(D.nseg)
    seg_gap = np.zeros(D.nseg)
    isgap = np.isin(status, [MISSING, WEAK, EXTENSION])
    seg_prio[gm[isgap]] = gprio[isgap]
    seg_gap[gm[isgap]] = gvol[isgap]
    info["gaps"] = int(isgap.sum())

    dens_p = relatedness_density(D)[p]

    # candidates: a share in a member segment, not a tenant of p
    inchain = np.zeros(D.nseg, bool)
    inchain[mem] = True
    hit = np.zeros(n, bool)
    hit[D.x_ent[inchain[D.x_seg] & (D.x_share > 0)]] = True
    cand = np.flatnonzero(hit & (D.park_of != p))

    # per (enterprise, segment) entries -> per-enterprise sums
    e, s, sh = D.x_ent, D.x_seg, D.x_share
    q = D.plant
    gpos = seg_gap[s] > 0
    phi = np.where(gpos, np.minimum(1.0, sh * q[e] / np.where(gpos, seg_gap[s], 1.0)), sh)
    gapc = np.bincount(e, weights=seg_prio[s] * phi, minlength=n)
    dens = np.bincount(e, weights=sh * dens_p[s], minlength=n)
    endow = D.park_endow[p]
    efit_seg = np.array([len(nd & endow) / len(nd) if nd else 1.0 for nd in D.seg_needs])
    short_seg = np.array([bool(nd - endow) for nd in D.seg_needs])
    fend = np.bincount(e, weights=sh * efit_seg[s], minlength=n)
    short = np.bincount(e, weights=short_seg[s].astype(np.float64), minlength=n) > 0
    banned_seg = np.array([c in D.park_banned[p] for c in D.seg_cat])
    banned = np.bincount(e, weights=banned_seg[s].astype(np.float64), minlength=n) > 0
    hb = ~np.isnan(D.seg_bench[s])
    bw = np.bincount(e, weights=np.where(hb, sh * np.nan_to_num(D.seg_bench[s]), 0.0), minlength=n)
    bs = np.bincount(e, weights=np.where(hb, sh, 0.0), minlength=n)

    # hard exclusions
    excl = banned.copy()
    for k in ENV:
        excl |= q * D.intensity[k] > D.park_quota[k][p]  # NaN quota (unlimited) compares false
        excl |= D.intensity[k] > D.park_cap[k][p]
    fsum = np.zeros(n)
    for r in RESOURCES:
        need, avail = D.need[r], D.park_res[r][p]
        if sch.hard[r]:
            excl |= need > avail
        if np.isnan(avail):
            f = np.ones(n)
        elif avail == 0:
            f = np.where(need == 0, 1.0, 0.0)
        else:
            f = np.where(need == 0, 1.0, np.maximum(0.0, 1.0 - need * (1.0 / avail)))
        fsum = fsum + f
    if sch.hard["endowments"]:
        excl |= short

    # partners: anchors are p's tenants (decay 1) and enterprises within the radius
    dist = haversine_km(D.park_lat[p], D.park_lon[p], D.lat, D.lon)
    delta = np.where(dist <= sch.radius, np.exp2(-dist / sch.half), 0.0) if sch.radius > 0 else np.zeros(n)
    delta[D.park_of == p] = 1.0
    wsum = (np.bincount(D.l_cus, weights=D.l_w * delta[D.l_sup], minlength=n)
            + np.bincount(D.l_sup, weights=D.l_w * delta[D.l_cus], minlength=n))
    nloc = np.bincount(D.l_cus, weights=(delta[D.l_sup] > 0).astype(np.float64), minlength=n)
    info["anchors"] = int((delta > 0).sum())

    # the seven criteria
    vals = np.empty((n, 7))
    vals[:, 0] = gapc
    vals[:, 1] = np.log1p(wsum)
    vals[:, 2] = (fsum + fend) / 6.0
    c = D.intensity["co2"]
    with np.errstate(invalid="ignore", divide="ignore"):
        b = np.where(bs > 0, bw / np.where(bs > 0, bs, 1.0), np.nan)
        green = np.where(c == 0, 1.0, np.where(np.isnan(b), 0.5, np.where(b == 0, 0.0, b / (b + c))))
    vals[:, 3] = green
    vals[:, 4] = dens
    vals[:, 5] = pr * (1.0 + np.log1p(indeg - nloc))
    land = D.need["land"]
    with np.errstate(invalid="ignore", divide="ignore"):
        iota = np.where(land > 0, (D.invest / np.where(land > 0, land, 1.0)) / sch.invest_ref,
                        np.where(D.invest > 0, 1.0, 0.0))
    tagb = D.tags.str.split(";").explode()
    tagb = tagb.map({k: float(v) for k, v in sch.tags.items()}).fillna(0.0)
    tg = np.bincount(tagb.index.to_numpy(np.int64), weights=tagb.to_numpy(np.float64), minlength=n)
    vals[:, 6] = (np.minimum(iota, 1.0) + np.minimum(D.rd / sch.rd_ref, 1.0) + np.minimum(tg, 1.0)) / 3.0

    # aggregation over the ranked candidates
    cex = excl[cand]
    ranked = cand[~cex]
    ci = [CRITERIA.index(x) for x in sch.crit]
    X = vals[np.ix_(ranked, ci)]
    sc = aggregate(X, sch) if len(ranked) else np.zeros(0)
    out = np.full(len(cand), np.nan)
    out[~cex] = sc
    cv = vals[cand]
    cv[cex] = np.nan
    info.update(candidates=len(cand), excluded=int(cex.sum()), ranked=len(ranked))
    return cand, cex, out, cv, info


def aggregate(X, sch):
    mn, mx = X.min(axis=0), X.max(axis=0)
    rng = mx - mn
    const = rng == 0
    inv = 1.0 / np.where(const, 1.0, rng)
    cost = sch.types < 0
    r = np.where(cost, -((X - mx) * inv), (X - mn) * inv)  # as chainrank: times 1/(max - min)
    r[:, const] = 1.0  # pymcdm: a constant column normalises to 1
    v = r * sch.w
    if sch.agg == "wsm":
        return v.sum(axis=1)
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    den = dp + dm
    return np.where(den > 0, dm / np.where(den > 0, den, 1.0), 0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dataset")
    ap.add_argument("--park", required=True)
    ap.add_argument("--chain", required=True)
    ap.add_argument("--scheme", required=True)
    ap.add_argument("--out")
    ap.add_argument("--criteria", metavar="PREFIX")
    ap.add_argument("--csv")
    ap.add_argument("--repeat", type=int, default=1, help="runs of load + score; the best is reported")
    ap.add_argument("--round-trip", action="store_true", help="correctly rounded CSV number parsing")
    a = ap.parse_args()
    global FLOAT_PRECISION
    if a.round_trip:
        FLOAT_PRECISION = "round_trip"
    best = None
    for _ in range(max(1, a.repeat)):
        D = None  # free the previous run's data before loading again
        t0 = time.perf_counter()
        sch = Scheme(a.scheme)
        D = Data(*load(a.dataset))
        t1 = time.perf_counter()
        cand, cex, sc, cv, info = score(D, a.park, a.chain, sch)
        t2 = time.perf_counter()
        if best is None or t2 - t0 < best[2] - best[0]:
            best = (t0, t1, t2)
    t0, t1, t2 = best
    ids = D.ent_ids.to_numpy()[cand]
    if a.out:
        sc.astype("<f8").tofile(a.out)
        with open(a.out + ".ids", "w") as fp:
            fp.writelines("%s%s\n" % (i, " excluded" if x else "") for i, x in zip(ids, cex))
    if a.criteria:
        for j, name in enumerate(CRITERIA):
            np.ascontiguousarray(cv[:, j]).astype("<f8").tofile("%s.%s.bin" % (a.criteria, name))
    if a.csv:
        df = pd.DataFrame(cv, columns=CRITERIA)
        df.insert(0, "score", sc)
        df.insert(0, "id", ids)
        df.to_csv(a.csv, index=False, float_format="%.17g")
    top = ""
    if np.isfinite(sc).any():
        order = np.lexsort((np.arange(len(sc)), -np.nan_to_num(sc, nan=-np.inf)))
        top = "%s:%.17g" % (ids[order[0]], sc[order[0]])
    print("peer=numpy-score candidates=%d excluded=%d ranked=%d gaps=%d anchors=%d pr_iter=%d "
          "load_ms=%.3f score_ms=%.3f best_ms=%.3f top=%s"
          % (info["candidates"], info["excluded"], info["ranked"], info["gaps"], info["anchors"], info["pr_iter"],
             (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t2 - t0) * 1e3, top))


if __name__ == "__main__":
    main()
