#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Build datasets/china2020 (chainrank-dataset/1) from the public files in datasets/raw.

Standard library only; deterministic: every random draw comes from a random.Random seeded with a SHA-256 of
(SEED, purpose, entity id), so output bytes do not depend on iteration order or on the run.
Usage: python3 datasets/build/build_china2020.py   (from anywhere; paths are relative to this file)
All rules, formulas and assumptions are documented in docs/datasets.md.
"""
import csv
import hashlib
import json
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import concordances as C  # noqa: E402
import apple  # noqa: E402
import ckg  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.normpath(os.path.join(HERE, "..", "raw"))
OUT = os.path.normpath(os.path.join(HERE, "..", "china2020"))
SEED = 20200101
STATS = {}


def rng_for(*key):
    h = hashlib.sha256(("%d|" % SEED + "|".join(str(k) for k in key)).encode("utf-8")).hexdigest()
    return random.Random(int(h[:16], 16))


def sig(x, n=6):
    """Round to n significant digits and format without trailing noise."""
    if x == 0 or not math.isfinite(x):
        return "0"
    s = "%.*g" % (n, x)
    if "e" in s:
        s = "%.*f" % (max(0, n - 1 - int(math.floor(math.log10(abs(x))))), x)
    return s


def fix(x, d):
    s = "%.*f" % (d, x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def read_csv(name):
    with open(os.path.join(RAW, name), encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# ----------------------------------------------------------------------------------------- geodesy ----
A_KRA = 6378245.0
EE_KRA = 0.00669342162296594323


def _out_of_china(lon, lat):
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _tlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _tlon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lon, lat):
    """The published WGS-84 -> GCJ-02 forward transform (Krasovsky ellipsoid constants)."""
    if _out_of_china(lon, lat):
        return lon, lat
    dlat = _tlat(lon - 105.0, lat - 35.0)
    dlon = _tlon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE_KRA * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A_KRA * (1 - EE_KRA)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A_KRA / sq * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def gcj_to_wgs(lon, lat):
    """Iterative inverse: w <- w - (F(w) - g) until the residual is below 1e-9 degrees (~0.1 mm)."""
    if _out_of_china(lon, lat):
        return lon, lat
    wl, wb = lon, lat
    for _ in range(50):
        gl, gb = wgs_to_gcj(wl, wb)
        dl, db = gl - lon, gb - lat
        wl -= dl
        wb -= db
        if abs(dl) < 1e-9 and abs(db) < 1e-9:
            break
    return wl, wb


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------- admin divisions ----
PROV_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


def prov_short(name):
    name = name.strip()
    if name == "内蒙":
        return "内蒙古"
    for s in PROV_SUFFIXES:
        if name.endswith(s) and len(name) > len(s):
            return name[: -len(s)]
    return name


ADMIN_SUFFIXES = ("自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "矿区", "市", "区", "县", "旗", "盟")
ADMIN_STOP = {"高新", "开发", "经济", "工业", "城关", "市中", "新城", "郊区", "城区", "白云", "长安", "新华", "和平"}


def admin_short(name):
    s = name
    for suf in ADMIN_SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    if "族" in s and len(s) > 2:
        s = s[:2]
    return s


class Admin:
    def __init__(self, rows):
        self.by_code = {}
        self.prov = {}          # short province -> row
        self.cities = {}        # short province -> list of city-level rows
        self.districts = {}     # short province -> list of district rows (with city row)
        for r in rows:
            self.by_code[r["adcode"]] = r
        for r in rows:
            if r["level"] == "province":
                self.prov[prov_short(r["name"])] = r
        prov_of_code = {r["adcode"]: prov_short(r["name"]) for r in self.prov.values()}
        for r in rows:
            lvl, par = r["level"], r["parent_adcode"]
            if lvl == "city" and par in prov_of_code:
                self.cities.setdefault(prov_of_code[par], []).append(r)
        for r in rows:
            if r["level"] != "district":
                continue
            par = r["parent_adcode"]
            if par in prov_of_code:          # municipality district, or county under a province directly
                p = prov_of_code[par]
                city = self.prov[p] if p in C.MUNICIPALITIES else r
            else:
                pr = self.by_code.get(par)
                if pr is None or pr["parent_adcode"] not in prov_of_code:
                    continue
                p = prov_of_code[pr["parent_adcode"]]
                city = pr
            self.districts.setdefault(p, []).append((r, city))
        # province bounding boxes (GCJ-02) from all unit centres/centroids under the province
        self.bbox = {}
        for p in self.prov:
            pts = [self.point_gcj(self.prov[p])]
            pts += [self.point_gcj(c) for c in self.cities.get(p, [])]
            pts += [self.point_gcj(d) for d, _ in self.districts.get(p, [])]
            lons = [q[0] for q in pts]
            lats = [q[1] for q in pts]
            self.bbox[p] = (min(lons) - 0.5, max(lons) + 0.5, min(lats) - 0.5, max(lats) + 0.5)

    @staticmethod
    def point_gcj(r):
        if r["centroid_lng_gcj02"] and r["centroid_lat_gcj02"]:
            return float(r["centroid_lng_gcj02"]), float(r["centroid_lat_gcj02"])
        return float(r["center_lng_gcj02"]), float(r["center_lat_gcj02"])

    def point_wgs(self, r):
        lon, lat = gcj_to_wgs(*self.point_gcj(r))
        return lat, lon

    def city_name(self, p, city_row):
        return city_row["name"]

    def find_city(self, p, text):
        """Longest admin short name of province p found in text -> (city_row, district_row or None)."""
        best = None
        units = [(c, c, None, 1) for c in self.cities.get(p, [])]
        units += [(d, city, d, 0) for d, city in self.districts.get(p, [])]
        for unit, city, dist, is_city in units:
            # the short form (suffix stripped, >= 2 chars) or the full name ("景县", "攸县")
            for s in {admin_short(unit["name"]), unit["name"]}:
                if len(s) < 2 or s in ADMIN_STOP:
                    continue
                i = text.find(s)
                if i >= 0:
                    key = (len(s), 1 - is_city, -i)   # longest; then district over city; then earliest
                    if best is None or key > best[0]:
                        best = (key, city, dist)
        if best is None:
            return None, None
        return best[1], best[2]

    def city_by_name(self, p, name):
        for c in self.cities.get(p, []):
            if c["name"] == name:
                return c
        if p in C.MUNICIPALITIES and self.prov.get(p) and self.prov[p]["name"] == name:
            return self.prov[p]
        return None


# ------------------------------------------------------------------------------------------- IO table ----
def load_io():
    with open(os.path.join(RAW, "china_io_2020_153sectors_nbs.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    codes = ["%03d" % i for i in range(1, 154)]
    col = {h: i for i, h in enumerate(head)}
    byrow = {r[0]: r for r in rows[1:]}
    Z = {i: {j: float(byrow[i][col[j]]) for j in codes} for i in codes}
    GO = {i: float(byrow[i][col["GO"]]) for i in codes}
    TI = {j: float(byrow["TI"][col[j]]) for j in codes}
    TII = {j: float(byrow["TII"][col[j]]) for j in codes}
    VA1 = {j: float(byrow["VA001"][col[j]]) for j in codes}
    names = {i: (byrow[i][2], byrow[i][1]) for i in codes}
    # checks: column sums of Z = TII, GO (row) = TI (column) -> the table balances
    maxd_tii = max(abs(sum(Z[i][j] for i in codes) - TII[j]) / max(1.0, TII[j]) for j in codes)
    maxd_go = max(abs(GO[j] - TI[j]) / GO[j] for j in codes)
    STATS["io_max_rel_diff_colsum_vs_TII"] = maxd_tii
    STATS["io_max_rel_diff_GO_vs_TI"] = maxd_go
    if maxd_tii > 1e-6 or maxd_go > 1e-9:
        sys.exit("IO table does not balance: %g %g" % (maxd_tii, maxd_go))
    A = {i: {j: Z[i][j] / GO[j] for j in codes} for i in codes}
    return codes, names, A, GO, VA1


# Prices used to turn monetary input coefficients into physical intensities (assumptions, see docs).
PRICE_WATER = 4.0        # CNY per m3 (industrial tap water, 2020)
PRICE_POWER = 0.65       # CNY per kWh (industrial tariff)
PRICE_COAL = 600.0       # CNY per t raw coal
PRICE_OIL = 6000.0       # CNY per t refined products
PRICE_GAS = 3.0          # CNY per m3 natural gas
TCE_COAL, TCE_KWH, TCE_OIL, TCE_GAS = 0.7143, 1.229e-4, 1.4714, 1.33e-3
WAGE = 9.7               # 10^4 CNY per worker per year (2020 urban non-private average wage, rounded)


def derived_intensities(codes, A, VA1, GO):
    out = {}
    for j in codes:
        water = A["102"][j] * 1e4 / PRICE_WATER                          # m3 per 10^4 CNY output
        power = A["100"][j] * 1e4 / PRICE_POWER                          # kWh per 10^4 CNY
        energy = (A["006"][j] * 1e4 / PRICE_COAL * TCE_COAL + power * TCE_KWH
                  + A["041"][j] * 1e4 / PRICE_OIL * TCE_OIL + A["101"][j] * 1e4 / PRICE_GAS * TCE_GAS)
        labour = VA1[j] / GO[j] / WAGE                                   # workers per 10^4 CNY output
        out[j] = {"water": water, "power": power, "energy": energy, "labour": labour}
    return out


# --------------------------------------------------------------------------------------------- CO2 ----
def co2_benchmarks(codes, GO):
    rows = read_csv("ceads_china_co2_scope1_by_sector_1997_2019.csv")
    year = "2019"
    em = {r["sector_en"]: float(r[year]) for r in rows}
    bench, seen = {}, {}
    for sec, ios in C.CEADS_TO_IO.items():
        if sec not in em:
            sys.exit("CEADs sector missing: " + sec)
        for c in ios:
            if c in seen:
                sys.exit("IO sector %s mapped twice" % c)
            seen[c] = sec
        if not ios:
            continue
        go = sum(GO[c] for c in ios)                      # 10^4 CNY
        inten = em[sec] * 1e6 / go                        # Mt -> t, per 10^4 CNY
        for c in ios:
            bench[c] = inten
    missing = [c for c in codes if c not in bench]
    if missing:
        sys.exit("IO sectors without CEADs sector: %s" % missing)
    STATS["co2_year"] = year
    return bench, seen


# --------------------------------------------------------------------------------------------- chains ---
def build_chains(codes, names, A, bench):
    segs = []
    for c in codes:
        zh, en = names[c]
        segs.append({"id": c, "name": "%s (%s)" % (zh, en.strip()), "category": C.CATEGORY.get(c, "general"),
                     "needs": C.NEEDS.get(c, []), "co2_benchmark": float(sig(bench[c])), "sector": c})
    chains = []
    nedges = {}
    for cid, cname, members in C.CHAINS:
        ids = [m[0] for m in members]
        if len(set(ids)) != len(ids):
            sys.exit("duplicate member in chain " + cid)
        edges = []
        for i in ids:
            for j in ids:
                a = A[i][j]
                if a >= C.EDGE_THRESHOLD:
                    edges.append({"from": i, "to": j, "coef": float(sig(a))})
        nedges[cid] = len(edges)
        chains.append({"id": cid, "name": cname,
                       "segments": [{"id": s, "stage": st, "key": k} for s, st, k in members],
                       "edges": edges})
    STATS["chain_edges"] = nedges
    return {"segments": segs, "chains": chains}


def chain_members(chains):
    """segment -> sorted list of chain ids containing it."""
    out = {}
    for ch in chains["chains"]:
        for s in ch["segments"]:
            out.setdefault(s["id"], []).append(ch["id"])
    return {k: sorted(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------- parks ---
def park_chains(text):
    t = text
    for s in C.PARK_KEYWORD_STRIP:
        t = t.replace(s, "")
    out = []
    for cid, kws in C.PARK_KEYWORDS:
        if any(k in t for k in kws):
            out.append(cid)
    return out


def build_parks(admin, derived, bench):
    rows = read_csv("china_devzones_2018_catalogue_geocoded.csv")
    STATS["parks_in"] = len(rows)
    # duplicate code S377018: the first row in file order keeps the code, later ones get "-2", "-3" ...
    seen = {}
    for r in rows:
        code = r["代码"].strip()
        n = seen.get(code, 0) + 1
        seen[code] = n
        r["_id"] = code if n == 1 else "%s-%d" % (code, n)
    STATS["park_ids_renamed"] = sorted(r["_id"] for r in rows if r["_id"] != r["代码"].strip())
    # shared exact points
    pt_count = {}
    for r in rows:
        k = (r["经度_WGS84"], r["纬度_WGS84"])
        pt_count[k] = pt_count.get(k, 0) + 1
    coarse = {"省", "市"}
    out, reasons = [], {"province_mismatch_qc": 0, "outside_province_bbox": 0, "shared_point": 0,
                        "coarse_geocode": 0, "city_only_status": 0}
    gq_count = {}
    dropped = []
    for r in rows:
        p = prov_short(r["省份"])
        if p not in admin.prov:
            sys.exit("unknown province " + r["省份"])
        name = r["开发区名称"].strip()
        text = r["城市/区县"].strip() + "|" + (name[len(p):] if name.startswith(p) else name)
        city_row, dist_row = admin.find_city(p, text)
        glon, glat = float(r["经度_GCJ02"]), float(r["纬度_GCJ02"])
        bad = []
        if r["qc_geocode_province_matches"] != "True":
            bad.append("province_mismatch_qc")
        bb = admin.bbox[p]
        if not (bb[0] <= glon <= bb[1] and bb[2] <= glat <= bb[3]):
            bad.append("outside_province_bbox")
        if pt_count[(r["经度_WGS84"], r["纬度_WGS84"])] > 1:
            bad.append("shared_point")
        if r["地理编码精度"] in coarse:
            bad.append("coarse_geocode")
        if r["状态"] != "ok":
            bad.append("city_only_status")
        for b in bad:
            reasons[b] += 1
        if not bad:
            lat, lon = float(r["纬度_WGS84"]), float(r["经度_WGS84"])
            gq = "ok"
            if city_row is None:       # city not recognisable from the name: take it from the geocoded address
                city_row, _ = admin.find_city(p, r["格式化地址"].replace(r["省份"], "", 1))
        elif dist_row is not None:
            lat, lon = admin.point_wgs(dist_row)
            gq = "district_centroid"
        elif city_row is not None:
            lat, lon = admin.point_wgs(city_row)
            gq = "city_centroid"
        elif r["qc_geocode_province_matches"] == "True" and r["地理编码精度"] != "省" and \
                admin.find_city(p, r["格式化地址"].replace(r["省份"], "", 1))[0] is not None:
            # the name gives no place, but the geocoder's address lies in the right province
            city_row, dist_row = admin.find_city(p, r["格式化地址"].replace(r["省份"], "", 1))
            if dist_row is not None:
                lat, lon = admin.point_wgs(dist_row)
                gq = "district_centroid"
            else:
                lat, lon = admin.point_wgs(city_row)
                gq = "city_centroid"
        elif p in C.MUNICIPALITIES:
            city_row = admin.prov[p]
            lat, lon = admin.point_wgs(city_row)
            gq = "province_centroid"
        else:
            dropped.append(r["_id"])
            continue
        gq_count[gq] = gq_count.get(gq, 0) + 1
        if p in C.MUNICIPALITIES:
            city = admin.prov[p]["name"]
        else:
            city = city_row["name"] if city_row is not None else ""
        r.update({"_lat": lat, "_lon": lon, "_gq": gq, "_p": p, "_city": city,
                  "_district": dist_row["name"] if dist_row is not None else ""})
        out.append(r)
    STATS["parks_geo_flags"] = reasons
    STATS["parks_geo_quality"] = gq_count
    STATS["parks_dropped"] = dropped
    return out


def park_figures(r, med, moe):
    """Synthetic resources, endowments, bans, quotas and caps (formulas in docs/datasets.md)."""
    pid = r["_id"]
    g = rng_for("park", pid)
    area = float(r["核准面积_公顷"])
    national = r["批准级别"] == "国务院"
    land = area * g.uniform(0.05, 0.30)
    cap_out = land * 3000.0                      # 10^4 CNY/yr of output the free land could host
    water = cap_out * med["water"] / 1e4 * g.uniform(0.5, 1.5)           # 10^4 m3/yr
    power = cap_out * med["power"] / 1e4 * g.uniform(0.5, 1.5)           # 10^4 kWh/yr
    labour = land * 60.0 * g.uniform(0.5, 1.5)
    g.uniform(0.7, 1.3)           # the draw of the former synthetic skilled share: kept so later draws stay the same
    unis, voc = moe.get((r["_p"], r["_city"]), [0, 0])
    # skilled pool (inferred): a share of the labour pool growing with the city's vocational colleges
    skilled = labour * (0.10 + 0.30 * voc / (voc + 10.0))
    co2_quota = cap_out * 0.30 * g.uniform(0.5, 1.5)                     # t/yr
    energy_quota = cap_out * 0.10 * g.uniform(0.5, 1.5)                  # tce/yr
    lead = r["主导产业"]
    endow = []
    coast = float(r["dist_to_coast_km"]) if r["dist_to_coast_km"] else 1e9
    if coast <= 30.0 or "港" in r["开发区名称"]:
        endow.append("port")
    if any(k in lead for k in C.PARK_ORE_KEYWORDS):
        endow.append("ore")
    if unis >= 1:                 # observed: the park's city has at least one undergraduate institution
        endow.append("university")
    if national:
        endow.append("rail")
    dens = float(r["pop_density_buffer_mean"]) if r["pop_density_buffer_mean"] else 0.0
    banned = []
    chem_zone = any(k in lead for k in C.PARK_CHEM_KEYWORDS) or any(k in r["开发区名称"] for k in C.PARK_CHEM_KEYWORDS)
    if dens >= DENSE_POP and not chem_zone:
        banned = ["chemical", "electroplating"]
    if r["开发区类型"] == "高新技术产业开发区":
        banned = sorted(set(banned) | {"mining"})
    co2_cap = 0.5 if r["开发区类型"] == "高新技术产业开发区" else None
    energy_cap = 0.3 if r["开发区类型"] == "高新技术产业开发区" else None
    return {"area": fix(area, 2), "land": fix(land, 2), "water": sig(water, 5), "power": sig(power, 5),
            "labour": str(int(round(labour))), "skilled": str(int(round(skilled))),
            "endowments": ";".join(endow), "banned": ";".join(banned),
            "co2_quota": sig(co2_quota, 5), "energy_quota": sig(energy_quota, 5),
            "co2_cap": "" if co2_cap is None else fix(co2_cap, 3),
            "energy_cap": "" if energy_cap is None else fix(energy_cap, 3),
            "universities": str(unis), "vocational_colleges": str(voc)}


DENSE_POP = 0.0          # set in main() from the data (75th percentile of buffer-mean density)
CAPITAL_CITIES = set(C.CAPITAL.values())


# ------------------------------------------------------------------------------- higher education ----
def moe_counts(admin):
    """Ministry of Education list (2025-06): (province short, prefecture name) -> [本科, 专科] counts.
    The province is the code's digits 3-4 (GB/T 2260; "41" + province + ...);
    a county-level city (昆山市) counts in its prefecture."""
    rows = read_csv("moe_higher_education_institutions_2025-06.csv")
    prov_of = {r["adcode"][:2]: prov_short(r["name"]) for r in admin.by_code.values() if r["level"] == "province"}
    out, unplaced = {}, []
    for r in rows:
        p = prov_of.get(r["code"][2:4])
        name = r["city"].strip()
        city = None
        if p is not None:
            city = admin.city_by_name(p, name)
            if city is None and p in C.MUNICIPALITIES:
                city = admin.prov[p]
            if city is None:
                city, _ = admin.find_city(p, name)
        if city is None:
            unplaced.append(r["name"])
            continue
        c = out.setdefault((p, city["name"]), [0, 0])
        c[0 if r["level"] == "本科" else 1] += 1
    STATS["moe"] = {"institutions": len(rows), "unplaced": unplaced, "cities": len(out),
                    "undergraduate": sum(v[0] for v in out.values()), "vocational": sum(v[1] for v in out.values())}
    return out


# ---------------------------------------------------------------------------------------- enterprises ---
def parse_int(s):
    s = (s or "").replace(",", "").strip()
    try:
        return int(float(s))
    except ValueError:
        return 0


def board_of(code):
    if code.startswith(("300", "301")):
        return "chinext"
    if code.startswith(("688", "689")):
        return "star"
    if code.startswith(("4", "8", "92")):
        return "bse"
    return "main"


def norm_addr(s):
    return (s.replace("国家级", "").replace("国家", "").replace("市", "").replace("省", "")
            .replace("（", "(").replace("）", ")").replace(" ", ""))


def park_keys(park):
    name = park["开发区名称"].strip()
    p = park["_p"]
    base = [name]
    if name.startswith(p):
        base.append(name[len(p):])
    out = set()
    for b in base:
        for v in (b, b.replace("高新技术产业开发区", "高新区"), b.replace("经济技术开发区", "经开区"),
                  b.replace("高新技术产业园区", "高新区")):
            k = norm_addr(v)
            if len(k) >= 5:
                out.add(k)
    return out


def build_enterprises(admin, parks, segs_by_id, bench, derived, members):
    ts = read_csv("tushare_stock_basic_a_share_2026-03.csv")
    sz = {r["A股代码"].strip(): r for r in read_csv("szse_a_share_list_2025-12.csv") if r["A股代码"].strip()}
    sw = {r["company_code"].strip(): r for r in read_csv("a_share_company_sw2021_industry.csv")}
    STATS["tushare_rows"] = len(ts)
    ents = []
    unmapped = {}
    basis_count = {}
    for r in ts:
        if r["status"] != "L":
            continue
        code = r["ts_code"].strip()
        swr = sw.get(code)
        mapping, basis = None, ""
        if swr and swr["sw_l3_name"] in C.SW_L3_TO_IO:
            mapping, basis = C.SW_L3_TO_IO[swr["sw_l3_name"]], "sw2021:" + swr["sw_l3_name"]
        elif r["industry"] in C.TUSHARE_TO_IO:
            mapping, basis = C.TUSHARE_TO_IO[r["industry"]], "tushare:" + r["industry"]
        if mapping is None:
            unmapped[r["industry"] or "(none)"] = unmapped.get(r["industry"] or "(none)", 0) + 1
            continue
        basis_count[basis.split(":")[0]] = basis_count.get(basis.split(":")[0], 0) + 1
        ents.append({"code": code, "symbol": r["symbol"].strip(), "name": r["name"].strip(),
                     "area": r["area"].strip(), "industry": r["industry"].strip(), "map": mapping,
                     "basis": basis, "sz": sz.get(r["symbol"].strip()), "sw": swr})
    STATS["enterprises_unmapped"] = unmapped
    STATS["enterprises_mapping_basis"] = basis_count

    # location
    loc_count = {}
    for e in ents:
        area = e["area"]
        if area == "深圳":
            p, city_hint = "广东", "深圳市"
        else:
            p, city_hint = prov_short(area), None
        if e["sz"] and e["sz"]["省份"].strip():
            p = prov_short(e["sz"]["省份"])
        city = None
        basis = ""
        if e["sz"] and e["sz"]["城市"].strip():
            city = admin.city_by_name(p, e["sz"]["城市"].strip())
            if city is None:   # county-level city under a prefecture
                city, _ = admin.find_city(p, e["sz"]["城市"].strip())
            basis = "szse_city" if city is not None else ""
            if city is None:   # e.g. "海南省直辖县级行政区划": read the registered address instead
                addr = e["sz"]["注册地址"].strip()
                for pre in (e["sz"]["省份"].strip(), p):
                    if addr.startswith(pre):
                        addr = addr[len(pre):]
                city, _ = admin.find_city(p, addr.lstrip("省市自治区维吾尔壮族回族")[:12])
                basis = "szse_address" if city is not None else ""
        if city is None and city_hint:
            city, basis = admin.city_by_name(p, city_hint), "tushare_area"
        if city is None and p in C.MUNICIPALITIES:
            city, basis = admin.prov[p], "tushare_area"
        full = (e["sz"]["公司全称"] if e["sz"] else (e["sw"]["company_full_name"] if e["sw"] else "")).strip()
        e["full"] = full
        if city is None and full:
            stem = full[len(p):] if full.startswith(p) else full
            head = stem[:4]                      # a city name at the start of the registered name
            c2, d2 = admin.find_city(p, head)
            if c2 is not None and head.find(admin_short((d2 or c2)["name"])) == 0:
                city, basis = c2, "name_city"
        if city is None:
            cap = C.CAPITAL.get(p)
            city = admin.city_by_name(p, cap) if cap else None
            basis = "province_capital"
        if city is None:
            sys.exit("cannot place %s (%s)" % (e["code"], area))
        e["p"], e["city"], e["loc_basis"] = p, city["name"], basis
        e["lat"], e["lon"] = admin.point_wgs(city)
        loc_count[basis] = loc_count.get(basis, 0) + 1
    STATS["enterprises_location_basis"] = loc_count

    # tenants by registered address
    keys_by_prov = {}
    for pk in parks:
        for k in park_keys(pk):
            keys_by_prov.setdefault(pk["_p"], []).append((k, pk["_id"]))
    for p in keys_by_prov:
        keys_by_prov[p].sort(key=lambda t: (-len(t[0]), t[1]))
    park_by_id = {pk["_id"]: pk for pk in parks}
    n_addr = 0
    for e in ents:
        e["park"], e["tenant_basis"] = "", ""
        if not e["sz"]:
            continue
        addr = norm_addr(e["sz"]["注册地址"])
        for k, pid in keys_by_prov.get(e["p"], []):
            if k in addr:
                e["park"], e["tenant_basis"] = pid, "address"
                n_addr += 1
                break
    STATS["tenants_by_address"] = n_addr

    # documented fallback: national zone in the company's city leading the company's chain
    nat_by_city = {}
    for pk in parks:
        if pk["批准级别"] == "国务院" and pk["开发区类型"] != "海关特殊监管区域" and pk["_city"]:
            nat_by_city.setdefault((pk["_p"], pk["_city"]), []).append(pk)
    n_rule = 0
    for e in ents:
        e["segs"] = normalise_shares(e["map"])
        prim = e["segs"][0][0]
        if e["park"] or e["loc_basis"] not in ("szse_city", "szse_address", "name_city", "tushare_area"):
            continue
        chs = members.get(prim, [])
        if not chs:
            continue
        cands = [pk for pk in nat_by_city.get((e["p"], e["city"]), []) if set(chs) & set(pk["_chains"])]
        if cands:
            cands.sort(key=lambda pk: (-float(pk["核准面积_公顷"]), pk["_id"]))
            e["park"], e["tenant_basis"] = cands[0]["_id"], "city-chain-rule"
            n_rule += 1
    STATS["tenants_by_rule"] = n_rule
    for e in ents:
        if e["park"]:
            pk = park_by_id[e["park"]]
            # a tenant sits at its park: move it there (small seeded jitter, < ~1 km)
            g = rng_for("tenant-jitter", e["code"])
            e["lat"] = pk["_lat"] + g.uniform(-0.008, 0.008)
            e["lon"] = pk["_lon"] + g.uniform(-0.008, 0.008)
            e["loc_basis"] = e["loc_basis"] + "+park"
    return ents


def normalise_shares(mapping):
    agg = {}
    for c, w in mapping:
        agg[c] = agg.get(c, 0.0) + w
    tot = sum(agg.values())
    items = sorted(agg.items(), key=lambda t: (-t[1], t[0]))
    return [(c, w / tot) for c, w in items]


def enterprise_figures(ents, bench, derived, segs_by_id):
    # revenue proxy: from A-share total share capital where known
    logs_by_seg = {}
    for e in ents:
        g = rng_for("revenue", e["code"])
        shares = parse_int(e["sz"]["A股总股本"]) if e["sz"] else 0
        if shares > 0:
            e["revenue"] = shares * 4.0 / 1e4 * math.exp(g.gauss(0.0, 0.7))
            e["rev_basis"] = "share_capital"
            logs_by_seg.setdefault(e["segs"][0][0], []).append(math.log(e["revenue"]))
        else:
            e["revenue"] = None
    all_logs = sorted(x for v in logs_by_seg.values() for x in v)
    overall = all_logs[len(all_logs) // 2]
    for e in ents:
        if e["revenue"] is None:
            g = rng_for("revenue", e["code"])
            v = sorted(logs_by_seg.get(e["segs"][0][0], []))
            mu = v[len(v) // 2] if len(v) >= 5 else overall
            e["revenue"] = math.exp(g.gauss(mu, 1.1))
            e["rev_basis"] = "lognormal_by_segment"
    for e in ents:
        g = rng_for("figures", e["code"])
        segs = e["segs"]
        w = lambda key: sum(s * derived[c][key] for c, s in segs)  # noqa: E731
        rev = e["revenue"]
        e["employees"] = max(10, int(round(rev * w("labour") * math.exp(g.gauss(0, 0.3)))))
        e["invest"] = rev * 0.15 * math.exp(g.gauss(0, 0.5))
        prim = segs[0][0]
        if "university" in segs_by_id[prim]["needs"] or prim in ("090", "091", "087", "084", "079", "080"):
            rd0 = 0.06
        elif "%03d" % 12 <= prim <= "099":
            rd0 = 0.03
        else:
            rd0 = 0.01
        e["rd"] = min(0.5, rd0 * math.exp(g.gauss(0, 0.35)))
        co2b = sum(s * bench[c] for c, s in segs)
        e["co2_int"] = co2b * math.exp(g.gauss(0, 0.25))
        e["energy_int"] = w("energy") * math.exp(g.gauss(0, 0.25))
        e["water_int"] = w("water") * math.exp(g.gauss(0, 0.25))
        e["plant_output"] = rev * g.uniform(0.10, 0.30)
        dens = 15000.0 if prim >= "109" else 3000.0     # 10^4 CNY output per ha
        po = e["plant_output"]
        e["need_land"] = po / dens
        e["need_water"] = po * e["water_int"] / 1e4
        e["need_power"] = po * w("power") / 1e4
        e["need_workers"] = e["employees"] * po / rev
        sk = 0.30 if "university" in segs_by_id[prim]["needs"] else 0.15
        e["need_skilled"] = e["need_workers"] * sk
        tags = ["listed", board_of(e["symbol"])]
        if e["rd"] >= 0.05:
            tags.append("hightech")
        e["tags"] = tags


# ------------------------------------------------------------------ Apple supplier list: real sites ----
APPLE_FIRST, APPLE_LAST_ADDR = 2012, 2018     # list years with street addresses; 2012 = baseline


def read_concordance(name):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_apple(admin, parks, ents):
    """Apple China sites -> site rows, new-plant events, new (non-A-share) enterprises. See docs/datasets.md."""
    rows = read_csv("apple_supplier_list_2012_2022.csv")
    matcher = apple.Matcher(parks, list(admin.by_code.values()), prov_short, admin_short)
    sites, active, names = apple.collect_sites(rows, matcher)
    park_ids = {pk["_id"] for pk in parks}
    conc = {r["supplier_key"]: r for r in read_concordance("apple_supplier_ashare.csv")}
    by_code = {e["code"]: e for e in ents}
    for k, r in conc.items():
        if r["enterprise"] not in by_code:
            sys.exit("apple_supplier_ashare.csv: %s -> %s is not an enterprise" % (k, r["enterprise"]))
    china_rows = [r for r in rows if r["country"].strip() == "China"]
    addr_rows = [r for r in china_rows if int(r["year"]) <= APPLE_LAST_ADDR]
    st = {"china_rows": len(china_rows), "china_rows_2012_2018": len(addr_rows),
          "distinct_addresses_2012_2018": len({" ".join(r["supplier_address"].split()) for r in addr_rows}),
          "suppliers_in_china": len(active), "distinct_sites": len(sites),
          "sites_naming_a_zone": sum(1 for s in sites.values() if s["mentions"]),
          "sites_matched_to_zone": sum(1 for s in sites.values() if s["zone"] is not None)}
    st["match_rate_sites_naming_a_zone"] = round(st["sites_matched_to_zone"] / max(1, st["sites_naming_a_zone"]), 4)
    unplaced = [s for s in sites.values() if s["match"]["pref"] is None and s["zone"] is None]
    st["sites_without_city"] = len(unplaced)

    # supplier -> enterprise id: A-share concordance, else a new AP id (sorted by key)
    new_keys = sorted(k for k in active if k not in conc)
    ent_of = {k: conc[k]["enterprise"] for k in active if k in conc}
    for i, k in enumerate(new_keys):
        ent_of[k] = "AP%04d" % (i + 1)
    st["suppliers_a_share"] = len([k for k in active if k in conc])
    st["a_share_enterprises"] = len(set(conc[k]["enterprise"] for k in active if k in conc))
    st["suppliers_new_enterprises"] = len(new_keys)

    def place(s):
        """(lat, lon, province short, city name) of a site; the park's point when matched."""
        m = s["match"]
        if s["zone"] is not None:
            z = s["zone"]
            return z["_lat"], z["_lon"], z["_p"], z["_city"]
        p = m["province"]
        unit = m["unit"] or m["pref"]
        if unit is None and p in admin.prov:
            unit = admin.prov[p]
        if unit is None:
            return None
        lat, lon = admin.point_wgs(unit)
        pref = m["pref"] if m["pref"] is not None else admin.prov.get(p)
        return lat, lon, p, pref["name"] if pref is not None else ""

    site_rows, events = [], []
    first_in_park = {}
    for (k, sk) in sorted(sites, key=lambda t: (ent_of[t[0]], sites[t]["first"], t[1])):
        s = sites[(k, sk)]
        pl = place(s)
        if pl is None:
            continue
        eid = ent_of[k]
        zid = s["zone"]["_id"] if s["zone"] is not None and s["zone"]["_id"] in park_ids else ""
        site_rows.append({"enterprise": eid, "park": zid, "lat": "" if zid else fix(pl[0], 6),
                          "lon": "" if zid else fix(pl[1], 6), "since": str(s["first"]), "kind": "plant",
                          "basis": "observed", "source": "apple-supplier-list", "_first": s["first"],
                          "_p": pl[2], "_city": pl[3], "_lat": pl[0], "_lon": pl[1], "_supplier": k,
                          "_address": s["address"]})
        if zid:
            key = (eid, zid)
            first_in_park[key] = min(first_in_park.get(key, 9999), s["first"])
    new_plants = {}
    new_plants_in_park = {}
    for r in site_rows:
        if r["_first"] > APPLE_FIRST:
            new_plants[r["_first"]] = new_plants.get(r["_first"], 0) + 1
            if r["park"]:
                new_plants_in_park[r["_first"]] = new_plants_in_park.get(r["_first"], 0) + 1
    # a landed event = the first list year an enterprise has a site in a park, after the 2012 baseline
    sup_first = {}
    for (k, _), s in sites.items():
        sup_first[k] = min(sup_first.get(k, 9999), s["first"])
    ent_first = {}
    for k, f in sup_first.items():
        ent_first[ent_of[k]] = min(ent_first.get(ent_of[k], 9999), f)
    ev_new_supplier = {}
    for (eid, zid), y in sorted(first_in_park.items()):
        if y > APPLE_FIRST:
            events.append((eid, zid, "%04d-01-01" % y, "landed"))
            if ent_first.get(eid) == y:
                ev_new_supplier[y] = ev_new_supplier.get(y, 0) + 1
    ev_year = {}
    for e in events:
        y = int(e[2][:4])
        ev_year[y] = ev_year.get(y, 0) + 1
    st["new_plants_by_year"] = {str(y): new_plants.get(y, 0) for y in range(APPLE_FIRST + 1, APPLE_LAST_ADDR + 1)}
    st["new_plants_in_parks_by_year"] = {str(y): new_plants_in_park.get(y, 0)
                                         for y in range(APPLE_FIRST + 1, APPLE_LAST_ADDR + 1)}
    st["landed_events_by_year"] = {str(y): ev_year.get(y, 0) for y in range(APPLE_FIRST + 1, APPLE_LAST_ADDR + 1)}
    st["landed_events_of_suppliers_new_to_the_list"] = {str(y): ev_new_supplier.get(y, 0)
                                                        for y in range(APPLE_FIRST + 1, APPLE_LAST_ADDR + 1)}

    # new enterprises
    new_ents = []
    for k in new_keys:
        eid = ent_of[k]
        mine = sorted((r for r in site_rows if r["enterprise"] == eid),
                      key=lambda r: (r["_first"], r["park"] == "", r["_address"]))
        nm = sorted(names[k], key=lambda t: (-t[0], t[1]))[0][1]
        seg, basis = apple.segment_of(k)
        if mine:
            r0 = mine[0]
            p, city, lat, lon = r0["_p"], r0["_city"], r0["_lat"], r0["_lon"]
            lb = "apple-earliest-site" + ("+park" if r0["park"] else "")
        else:                               # 2020-2022 rows only: province; its capital's centroid
            provs = sorted(q for y in sorted(active[k]) for q in active[k][y] if q)
            p = provs[0] if provs else "广东"
            cap = C.CAPITAL.get(p)
            crow = admin.city_by_name(p, cap) if cap else admin.prov.get(p)
            if crow is None:
                crow = admin.prov[p]
            city = crow["name"]
            lat, lon = admin.point_wgs(crow)
            lb = "apple-list-province-capital"
        last = max(active[k])
        new_ents.append({"code": eid, "symbol": "", "name": nm, "full": nm, "area": "", "industry": "",
                         "map": [(seg, 1.0)], "basis": basis, "sz": None, "sw": None, "p": p, "city": city,
                         "loc_basis": lb, "lat": lat, "lon": lon, "park": "", "tenant_basis": "",
                         "apple": True, "apple_first": min(active[k]), "apple_last": last})
    for k in sorted(conc):
        if k in active:
            e = by_code[conc[k]["enterprise"]]
            e["apple"] = True
            e["apple_first"] = min(e.get("apple_first", 9999), min(active[k]))
            e["apple_last"] = max(e.get("apple_last", 0), max(active[k]))
    st["new_enterprises_location_basis"] = {}
    for e in new_ents:
        lbc = st["new_enterprises_location_basis"]
        lbc[e["loc_basis"]] = lbc.get(e["loc_basis"], 0) + 1
    st["events_total"] = len(events)
    STATS["apple"] = st
    return site_rows, events, new_ents, sites, matcher, ent_of


# -------------------------------------------------------------------------------------------- links ----
ALPHA, BETA, GAMMA, D0 = 0.5, 0.5, 1.5, 100.0
LINK_MIN_COEF = 0.01
TOP_INPUTS = 8


def build_links(ents, codes, A):
    by_seg = {}
    for idx, e in enumerate(ents):
        if not e.get("apple_new"):
            by_seg.setdefault(e["segs"][0][0], []).append(idx)
    inputs = {}
    for j in codes:
        lst = sorted(((A[i][j], i) for i in codes if A[i][j] >= LINK_MIN_COEF and i in by_seg),
                     key=lambda t: (-t[0], t[1]))
        inputs[j] = lst[:TOP_INPUTS]
    links = []
    for b, eb in enumerate(ents):
        g = rng_for("links", eb["code"])
        j = eb["segs"][0][0]
        cand, wts = [], []
        for a, i in inputs.get(j, []):
            for s in by_seg[i]:
                if s == b:
                    continue
                es = ents[s]
                d = haversine_km(eb["lat"], eb["lon"], es["lat"], es["lon"])
                cand.append((s, a))
                wts.append(a * es["revenue"] ** ALPHA * eb["revenue"] ** BETA / (1.0 + d / D0) ** GAMMA)
        if not cand:
            continue
        k = 1 + int(g.random() * 5)                   # 1..5 suppliers per buyer, mean 3
        k = min(k, len(cand))
        tot = sum(wts)
        cum, acc = [], 0.0
        for x in wts:
            acc += x
            cum.append(acc)
        chosen = set()
        tries = 0
        while len(chosen) < k and tries < 50 * k:
            tries += 1
            u = g.random() * tot
            lo, hi = 0, len(cum) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if cum[mid] < u:
                    lo = mid + 1
                else:
                    hi = mid
            chosen.add(lo)
        for ci in sorted(chosen, key=lambda q: ents[cand[q][0]]["code"]):
            s, a = cand[ci]
            weight = a * eb["revenue"] / k
            links.append((ents[s]["code"], eb["code"], weight))
    links.sort(key=lambda t: (t[0], t[1]))
    return links


# ------------------------------------------------------------------------------------------ history ----
def build_history(ents, parks, members):
    """Synthetic signings/landings 2021-2025: a seeded 8% of enterprises sign with one park each."""
    park_list = [pk for pk in parks if pk["_chains"]]
    hist = []
    for e in ents:
        if e.get("apple_new"):
            continue
        g = rng_for("history", e["code"])
        if g.random() >= 0.08:
            continue
        chs = set(members.get(e["segs"][0][0], []))
        if not chs:
            continue
        cand, wts = [], []
        for pk in park_list:
            if pk["_id"] == e["park"] or not (chs & set(pk["_chains"])):
                continue
            d = haversine_km(e["lat"], e["lon"], pk["_lat"], pk["_lon"])
            w = math.exp(-d / 300.0) * (2.0 if pk["批准级别"] == "国务院" else 1.0)
            cand.append(pk["_id"])
            wts.append(w)
        if not cand:
            continue
        u = g.random() * sum(wts)
        acc = 0.0
        pick = cand[-1]
        for pid, w in zip(cand, wts):
            acc += w
            if acc >= u:
                pick = pid
                break
        day0 = g.randrange(0, 5 * 365 - 400)     # days after 2021-01-01
        hist.append((e["code"], pick, ymd(day0), "signed"))
        r = g.random()
        if r < 0.6:
            hist.append((e["code"], pick, ymd(day0 + g.randrange(120, 400)), "landed"))
        elif r < 0.7:
            hist.append((e["code"], pick, ymd(day0 + g.randrange(60, 300)), "withdrawn"))
    hist.sort()
    return hist


def ymd(days):
    y, d = 2021, days
    while True:
        n = 366 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 365
        if d < n:
            break
        d -= n
        y += 1
    mlen = [31, 29 if n == 366 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while d >= mlen[m]:
        d -= mlen[m]
        m += 1
    return "%04d-%02d-%02d" % (y, m + 1, d + 1)


# --------------------------------------------------------------------------------------------- write ----
def write_csv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(r)


def main():
    global DENSE_POP
    os.makedirs(OUT, exist_ok=True)
    admin = Admin(read_csv("china_admin_divisions_datav_centers.csv"))
    codes, names, A, GO, VA1 = load_io()
    derived = derived_intensities(codes, A, VA1, GO)
    bench, _ = co2_benchmarks(codes, GO)
    chains = build_chains(codes, names, A, bench)
    segs_by_id = {s["id"]: s for s in chains["segments"]}
    members = chain_members(chains)

    parks = build_parks(admin, derived, bench)
    dens = sorted(float(r["pop_density_buffer_mean"] or 0) for r in parks)
    DENSE_POP = dens[(3 * len(dens)) // 4]
    STATS["dense_pop_threshold"] = DENSE_POP
    manu = sorted(derived[c]["water"] for c in codes if "012" <= c <= "097")
    manp = sorted(derived[c]["power"] for c in codes if "012" <= c <= "097")
    med = {"water": manu[len(manu) // 2], "power": manp[len(manp) // 2]}
    STATS["median_manufacturing_intensity"] = med
    for r in parks:
        r["_chains"] = park_chains(r["主导产业"])
    ents = build_enterprises(admin, parks, segs_by_id, bench, derived, members)
    apple_sites, apple_events, new_ents, _, _, _ = build_apple(admin, parks, ents)
    for e in new_ents:
        e["apple_new"] = True
        e["segs"] = normalise_shares(e["map"])
    ents = ents + new_ents
    enterprise_figures(ents, bench, derived, segs_by_id)
    for e in ents:
        if e.get("apple_new"):
            e["rev_basis"] = "estimated"
            e["tags"] = ["apple-supplier", "non-a-share"] + [t for t in e["tags"] if t == "hightech"]
        elif e.get("apple"):
            e["tags"] = e["tags"] + ["apple-supplier"]
    synth = build_links(ents, codes, A)
    inferred, ckg_stats = ckg.inferred_links(RAW, [e for e in ents if not e.get("apple_new")], A)
    # inferred links replace the synthetic draws of every customer that has at least one inferred supplier
    has_inf = {c for _, c, _ in inferred}
    inf_pairs = {(s_, c) for s_, c, _ in inferred}
    kept = [(s_, c, w) for s_, c, w in synth if c not in has_inf and (s_, c) not in inf_pairs]
    ckg_stats["synthetic_links_drawn"] = len(synth)
    ckg_stats["synthetic_links_removed"] = len(synth) - len(kept)
    STATS["ckg"] = ckg_stats
    links = sorted([(s_, c, w, "ckg-product-chain", "inferred") for s_, c, w in inferred] +
                   [(s_, c, w, "synthetic-gravity", "synthetic") for s_, c, w in kept])
    hist = build_history(ents, parks, members)
    moe = moe_counts(admin)

    # chains.json
    with open(os.path.join(OUT, "chains.json"), "w", encoding="utf-8") as f:
        json.dump(chains, f, ensure_ascii=False, indent=1, sort_keys=False)
        f.write("\n")

    # sites: Apple plants (observed), registered addresses (hq), synthetic city-chain-rule tenancies
    site_rows = [[r["enterprise"], r["park"], r["lat"], r["lon"], r["since"], r["kind"], r["basis"], r["source"]]
                 for r in apple_sites]
    hq_source = {"szse_city": ("observed", "registered-address"), "szse_address": ("observed", "registered-address"),
                 "tushare_area": ("observed", "tushare-area"), "name_city": ("inferred", "company-name-city"),
                 "province_capital": ("inferred", "province-capital")}
    for e in sorted(ents, key=lambda x: x["code"]):
        if e.get("apple_new"):
            continue
        lb = e["loc_basis"].replace("+park", "")
        basis, src = hq_source[lb]
        if e["tenant_basis"] == "address":     # the registered address names the park
            site_rows.append([e["code"], e["park"], "", "", "", "hq", basis, "registered-address-park"])
        else:
            crow = admin.city_by_name(e["p"], e["city"]) or admin.find_city(e["p"], e["city"])[0]
            lat, lon = admin.point_wgs(crow)
            site_rows.append([e["code"], "", fix(lat, 6), fix(lon, 6), "", "hq", basis, src])
        if e["tenant_basis"] == "city-chain-rule":
            site_rows.append([e["code"], e["park"], "", "", "", "plant", "synthetic", "synthetic-city-chain-rule"])
    site_rows.sort(key=lambda r: (r[0], r[4], r[5] != "hq", r[1], r[2], r[3]))
    write_csv("sites.csv", ["enterprise", "park", "lat", "lon", "since", "kind", "basis", "source"], site_rows)

    # parks.csv
    ph = ["id", "name", "level", "province", "city", "lat", "lon", "chains", "area", "land", "water", "power",
          "labour", "skilled", "endowments", "banned", "co2_quota", "energy_quota", "co2_cap", "energy_cap",
          "zone_type", "approved", "leading_industries", "geo_quality", "tenants", "universities",
          "vocational_colleges"]
    tenants = {}
    for r in site_rows:
        if r[1]:
            tenants.setdefault(r[1], set()).add(r[0])
    prow = []
    for r in parks:
        fg = park_figures(r, med, moe)
        prow.append([r["_id"], r["开发区名称"].strip(), "national" if r["批准级别"] == "国务院" else "provincial",
                     r["省份"].strip(), r["_city"], fix(r["_lat"], 6), fix(r["_lon"], 6), ";".join(r["_chains"]),
                     fg["area"], fg["land"], fg["water"], fg["power"], fg["labour"], fg["skilled"],
                     fg["endowments"], fg["banned"], fg["co2_quota"], fg["energy_quota"], fg["co2_cap"],
                     fg["energy_cap"], r["开发区类型"], r["批准时间"], r["主导产业"].strip(), r["_gq"],
                     str(len(tenants.get(r["_id"], ()))), fg["universities"], fg["vocational_colleges"]])
    write_csv("parks.csv", ph, prow)

    # enterprises.csv: `park` left empty (tenancy is in sites.csv); tenant_basis says where it came from
    eh = ["id", "name", "full_name", "segments", "lat", "lon", "revenue", "employees", "invest", "rd", "tags",
          "co2_int", "energy_int", "water_int", "plant_output", "need_land", "need_water", "need_power",
          "need_workers", "need_skilled", "park", "tenant_basis", "province", "city", "loc_basis",
          "industry_basis", "revenue_basis", "apple_first_year", "apple_last_year"]
    erow = []
    for e in sorted(ents, key=lambda x: x["code"]):
        segs = ";".join("%s:%s" % (c, fix(s_, 4)) if len(e["segs"]) > 1 else c for c, s_ in e["segs"])
        erow.append([e["code"], e["name"], e["full"], segs, fix(e["lat"], 6), fix(e["lon"], 6),
                     sig(e["revenue"]), str(e["employees"]), sig(e["invest"]), fix(e["rd"], 4),
                     ";".join(e["tags"]), sig(e["co2_int"], 4), sig(e["energy_int"], 4), sig(e["water_int"], 4),
                     sig(e["plant_output"]), sig(e["need_land"], 4), sig(e["need_water"], 4),
                     sig(e["need_power"], 4), sig(e["need_workers"], 4), sig(e["need_skilled"], 4),
                     "", e["tenant_basis"], e["p"], e["city"], e["loc_basis"], e["basis"], e["rev_basis"],
                     str(e["apple_first"]) if e.get("apple") else "", str(e["apple_last"]) if e.get("apple") else ""])
    write_csv("enterprises.csv", eh, erow)
    write_csv("links.csv", ["supplier", "customer", "weight", "source", "basis"],
              [[s_, c, sig(w), src, b] for s_, c, w, src, b in links])
    hrows = [list(h) + ["synthetic-preference", "synthetic"] for h in hist]
    hrows += [list(h) + ["apple-supplier-list", "observed"] for h in apple_events]
    hrows.sort()
    write_csv("history.csv", ["enterprise", "park", "date", "stage", "source", "basis"], hrows)

    manifest = {
        "format": "chainrank-dataset/1",
        "name": "china2020",
        "description": ("China 2020: 153 NBS IO-2020 segments, 4 chains (nev, ele, bio, equ) with IO technical "
                        "coefficients; 2018 development-zone catalogue parks; A-share listed companies and the "
                        "non-A-share Apple suppliers with plants in China as enterprises. OBSERVED: Apple "
                        "supplier sites 2012-2018 and their new plants in parks (landed events), registered "
                        "addresses, per-city universities and vocational colleges (MoE 2025). INFERRED: "
                        "product-chain supplier links (ChainKnowledgeGraph x IO filter), skilled-labour pools. "
                        "SYNTHETIC (seeded): park resources, quotas and caps, enterprise sizes and intensities, "
                        "the remaining supply links and the 2021-2025 history. See docs/datasets.md and SOURCES.md."),
        "chains": "chains.json", "parks": "parks.csv", "enterprises": "enterprises.csv",
        "links": "links.csv", "history": "history.csv", "sites": "sites.csv",
        # fitted by `chainrank fit datasets/china2020 --out datasets/china2020/likelihood.json` AFTER this
        # build (docs/likelihood.md): refit whenever the build changes sites, history or links
        "likelihood_model": "likelihood.json",
        "synthetic": [],
        "synthetic_fields": {
            "parks": ["land", "water", "power", "labour", "endowments:port", "endowments:ore", "endowments:rail",
                      "banned", "co2_quota", "energy_quota", "co2_cap", "energy_cap"],
            "enterprises": ["revenue", "employees", "invest", "rd", "co2_int", "energy_int", "water_int",
                            "plant_output", "need_land", "need_water", "need_power", "need_workers",
                            "need_skilled", "tags:hightech"],
            "links": ["rows with basis=synthetic (source synthetic-gravity)"],
            "history": ["rows with basis=synthetic (source synthetic-preference)"],
            "sites": ["rows with basis=synthetic (source synthetic-city-chain-rule)"]},
        "inferred_fields": {
            "parks": ["skilled"],
            "enterprises": ["segments (industry_basis keyword:* for AP ids)", "lat/lon/province/city of AP ids "
                            "(earliest Apple site)", "revenue_basis=estimated rows (AP ids)"],
            "links": ["rows with basis=inferred (source ckg-product-chain)"],
            "sites": ["rows with basis=inferred (hq placed by company name or province capital)"]},
        "observed_fields": {
            "parks": ["id", "name", "level", "province", "zone_type", "approved", "area", "leading_industries",
                      "universities", "vocational_colleges", "endowments:university"],
            "enterprises": ["id", "name", "full_name", "province", "city (A-shares)", "tags:apple-supplier",
                            "apple_first_year", "apple_last_year"],
            "history": ["rows with basis=observed (source apple-supplier-list)"],
            "sites": ["rows with basis=observed (apple-supplier-list plants; registered addresses)"]},
        # columns kept for the reader (provenance, source names): chainrank does not read them, and
        # validate does not warn about them (docs/data-format.md "doc_columns")
        "doc_columns": {
            "parks": ["zone_type", "approved", "leading_industries", "geo_quality", "tenants", "universities",
                      "vocational_colleges"],
            "enterprises": ["full_name", "tenant_basis", "loc_basis", "industry_basis", "revenue_basis",
                            "apple_first_year", "apple_last_year"]},
        "seed": SEED,
        "notices": [
            "Apple supplier sites and events: Apple Supplier List 2012-2022 as compiled by CommonWealth Magazine "
            "(天下雜誌); Copyright (c) 2021 cwgrouptw, MIT licence (LICENSE-apple-supplier-list.txt).",
            "Product-chain links: facts from ChainKnowledgeGraph by Liu Huanyong (2021), no licence stated.",
            "Universities and vocational colleges: Ministry of Education of the PRC, 全国高等学校名单 (2025-06-20).",
            "Sources and licences: datasets/SOURCES.md."],
    }
    # the MIT licence of the Apple-list compilation travels with the data derived from it
    with open(os.path.join(RAW, "apple_supplier_list_LICENSE.txt"), "rb") as src, \
            open(os.path.join(OUT, "LICENSE-apple-supplier-list.txt"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(OUT, "dataset.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")

    STATS["counts"] = {"segments": len(chains["segments"]), "chains": len(chains["chains"]), "parks": len(prow),
                       "enterprises": len(erow), "enterprises_new_apple": len(new_ents), "links": len(links),
                       "links_inferred": len(inferred), "links_synthetic": len(kept), "history": len(hrows),
                       "history_observed": len(apple_events), "sites": len(site_rows),
                       "sites_by_basis": {b: sum(1 for r in site_rows if r[6] == b)
                                          for b in ("observed", "inferred", "synthetic")},
                       "tenancies_total": sum(len(v) for v in tenants.values()), "parks_with_tenants": len(tenants)}
    with open(os.path.join(HERE, "build_stats.json"), "w", encoding="utf-8") as f:
        json.dump(STATS, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(STATS["counts"], ensure_ascii=False))


if __name__ == "__main__":
    main()
