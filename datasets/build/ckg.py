# -*- coding: utf-8 -*-
"""ChainKnowledgeGraph (Liu Huanyong, 2021) product chains -> inferred supplier -> customer links between
listed firms. Standard library only, no randomness.

Rule (docs/datasets.md, "Product-chain links"): firm A makes product p with revenue share s_A(p); q is an
upstream material of p (relation `upstream_material`: related_product q is an upstream material of
product p); firm B (!= A) makes q with share s_B(q). Then B -> A, with overlap S = min(1, sum over all such
(p, q) of s_A(p) * s_B(q)). Kept only if the IO-2020 coefficient from B's sectors to A's sectors,
a_BA = sum_i sum_j w_B(i) w_A(j) a_ij, is at least MIN_IO (the filter that drops food-recipe and other
noise between unrelated industries). Weight (10^4 CNY, the unit of the synthetic links):
w = S * a_BA * revenue_A: the part of A's purchases from B's sectors that the product overlap points to B.
"""
import csv
import os

MIN_IO = 0.001


def read(raw, name):
    with open(os.path.join(raw, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pairs(raw):
    """-> {(B, A): overlap S before capping}, and counts."""
    cp = read(raw, "ckg_company_product.csv")
    rel = read(raw, "ckg_product_relations.csv")
    makers = {}
    for r in cp:
        share = float(r["revenue_share"]) if r["revenue_share"] else 0.0
        makers.setdefault(r["product"], []).append((r["company"].strip(), share))
    ups = {}
    for r in rel:
        if r["relation"] == "upstream_material":
            ups.setdefault(r["product"], set()).add(r["related_product"])
    out = {}
    for p in sorted(makers):
        for q in sorted(ups.get(p, ())):
            for b, sb in makers.get(q, ()):
                for a, sa in makers[p]:
                    if a != b:
                        out[(b, a)] = out.get((b, a), 0.0) + sa * sb
    return out, {"company_product_rows": len(cp), "upstream_material_relations": sum(len(v) for v in ups.values())}


def inferred_links(raw, ents, A):
    """ents: dicts with code, segs [(sector, share)], revenue. -> (links [(B, A, weight)], stats)."""
    raw_pairs, st = pairs(raw)
    by = {e["code"]: e for e in ents}
    st["pairs_all"] = len(raw_pairs)
    both = {k: v for k, v in raw_pairs.items() if k[0] in by and k[1] in by}
    st["pairs_both_enterprises"] = len(both)
    links = []
    dropped_zero, dropped_small = 0, 0
    for (b, a), s in sorted(both.items()):
        eb, ea = by[b], by[a]
        aba = sum(wb * wa * A[i][j] for i, wb in eb["segs"] for j, wa in ea["segs"])
        if aba <= 0:
            dropped_zero += 1
            continue
        if aba < MIN_IO:
            dropped_small += 1
            continue
        w = min(1.0, s) * aba * ea["revenue"]
        links.append((b, a, w))
    st["dropped_io_zero"] = dropped_zero
    st["dropped_io_below_%g" % MIN_IO] = dropped_small
    st["links_kept"] = len(links)
    st["customers_with_inferred_links"] = len({a for _, a, _ in links})
    st["suppliers_with_inferred_links"] = len({b for b, _, _ in links})
    return links, st
