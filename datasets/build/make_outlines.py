#!/usr/bin/env python3
"""Builds datasets/geo/cn_cities.json, the background outlines of `chainrank report`'s map, from
china_city_boundaries_simplified.geojson (shared public file 14; origin and licence in datasets/SOURCES.md).

Each ring is simplified again with Douglas-Peucker at TOL degrees and rounded to 0.01 degree (about 1 km,
far below a pixel at report scale); rings left with fewer than 4 points (tiny islets) are dropped. The
output keeps one feature per prefecture-level city with its name and province, so the report can tint
provinces. Deterministic: the same input gives the same bytes.

usage: python3 datasets/build/make_outlines.py SRC.geojson datasets/geo/cn_cities.json
"""
import json
import sys

TOL = 0.03      # degrees: ~3 km; a 1280 px map of a 600 km region shows ~0.5 km a pixel, of China ~4 km
ROUND = 2       # decimals


def dp(pts, tol):
    """Douglas-Peucker (iterative) on a closed ring; keeps first and last point."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, at = d, i
        if best > tol:
            keep[at] = True
            stack.append((a, at))
            stack.append((at, b))
    return [p for p, k in zip(pts, keep) if k]


def ring(r):
    s = dp([(float(x), float(y)) for x, y in r], TOL)
    out = []
    for x, y in s:
        p = [round(x, ROUND), round(y, ROUND)]
        if not out or out[-1] != p:
            out.append(p)
    if len(out) < 4:
        return None
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        fc = json.load(f)
    feats = []
    for ft in fc["features"]:
        g = ft["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        rings = []
        for poly in polys:
            outer = ring(poly[0])   # holes dropped: invisible at this scale
            if outer:
                rings.append(outer)
        if not rings:
            continue
        pr = ft["properties"]
        feats.append({"name": pr["name"], "province": pr["province"], "rings": rings})
    feats.sort(key=lambda f: (f["province"], f["name"]))
    doc = {"format": "chainrank-outlines/1",
           "source": "china_city_boundaries_simplified.geojson (github.com/zhChuXiao/ChinaGeoJson, DataV.GeoAtlas), "
                     "re-simplified by datasets/build/make_outlines.py",
           "coordinates": "lon/lat degrees, GCJ-02 as DataV draws them", "cities": feats}
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    n = sum(len(r) for ft in feats for r in ft["rings"])
    print(f"{dst}: {len(feats)} cities, {n} points", file=sys.stderr)


if __name__ == "__main__":
    main()
