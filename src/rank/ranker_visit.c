/* The ranker's arrays for the snapshot (src/snapshot/visit.h), kept out of
 * ranker.c: the one list of what cr_ranker_new builds, with each count. */
#include "rank/rank_internal.h"
#include "rank/ranker_visit.h"
#include "graph/model.h"

/* A change of struct cr_ranker must be reflected below (and CR__SNAP_LAYOUT
 * bumped): this stops the build until it is. */
_Static_assert(sizeof(struct cr_ranker) == 280, "struct cr_ranker changed: update cr__ranker_visit");

cr_error_t cr__ranker_visit(cr_ranker *r, cr__snap_visit *v)
{
    const cr_dataset *ds = r->ds;
    const size_t n = (size_t)ds->nent, np = (size_t)ds->npark, nch = (size_t)ds->nchain;
    CR__SNAP_A(v, r->tenant_of, n);
    CR__SNAP_A(v, r->ten_off, np + 1);
    CR__SNAP_A(v, r->ten, r->ten_off ? (size_t)r->ten_off[np] : 0);
    CR__SNAP_OPT(v, r->eten_off, n + 1);   /* NULL: no tenant of two parks */
    CR__SNAP_A(v, r->eten, r->eten_off ? (size_t)r->eten_off[n] : 0);
    CR__SNAP_A(v, r->cell_off, (size_t)CR__GRID_NLAT * CR__GRID_NLON + 1);
    CR__SNAP_A(v, r->cell_ent, n);
    CR__SNAP_A(v, r->cell_lat, n);
    CR__SNAP_A(v, r->cell_lon, n);
    CR__SNAP_A(v, r->cell_cos, n);
    CR__SNAP_A(v, r->cell_xyz, 3 * n);
    CR__SNAP_A(v, r->cell_ten, n);
    CR__SNAP_A(v, r->cadj_off, n + 1);
    const size_t nl = r->cadj_off ? (size_t)r->cadj_off[n] : 0;
    CR__SNAP_A(v, r->cadj_to, nl);
    CR__SNAP_A(v, r->cadj_w, nl);
    CR__SNAP_A(v, r->cadj_sup, nl);
    CR__SNAP_A(v, r->cell_of, n);
    CR__SNAP_A(v, r->density, np * (size_t)ds->nseg);
    CR__SNAP_A(v, r->seg_ten, np * (size_t)ds->nseg);
    CR__SNAP_A(v, r->ent_prov, n);
    CR__SNAP_A(v, r->ent_city, n);
    CR__SNAP_A(v, r->park_prov, np);
    CR__SNAP_A(v, r->park_city, np);
    CR__SNAP_A(v, r->green, n);
    CR__SNAP_A(v, r->bench, n);
    CR__SNAP_A(v, r->goose0, n);
    CR__SNAP_A(v, r->ent_cats, n);
    CR__SNAP_A(v, r->cand_off, nch + 1);
    const size_t nc = r->cand_off ? (size_t)r->cand_off[nch] : 0;
    CR__SNAP_A(v, r->cand, nc);
    CR__SNAP_A(v, r->erec, n);
    return CR_OK;
}

/* Invariants of a ranker read from a snapshot (visit.h), in visit order:
 * every enterprise, park, chain, segment or cell position an array holds is
 * in range, every CSR's offsets run from 0 to its count without decreasing
 * (then off[i]..off[i + 1] stays inside its array), and the kernel's
 * records name their enterprise and up to CR__REC_NSEG segments. The
 * grid coordinates pass through cr__gc_near only: any double is safe there.
 * Cost at 1 M enterprises: some 60 MB of indices and 128 MB of records read
 * once, a few tens of ms. */
int cr__ranker_check(const cr_ranker *r, cr__snap_why *w)
{
    const cr_dataset *ds = r->ds;
    const size_t n = (size_t)ds->nent, np = (size_t)ds->npark, nch = (size_t)ds->nchain;
    const int64_t ne = ds->nent, npk = ds->npark;
    if (cr__snap_i32(w, "tenant_of", r->tenant_of, n, -1, npk) ||
        cr__snap_off(w, "ten_off", r->ten_off, np, r->ten_off[np]) ||
        cr__snap_i64(w, "ten", r->ten, (size_t)r->ten_off[np], 0, ne) ||
        (r->eten_off && (cr__snap_off(w, "eten_off", r->eten_off, n, r->eten_off[n]) ||
                         cr__snap_i32(w, "eten", r->eten, (size_t)r->eten_off[n], 0, npk))) ||
        cr__snap_off(w, "cell_off", r->cell_off, (size_t)CR__GRID_NLAT * CR__GRID_NLON, ne) ||
        cr__snap_i64(w, "cell_ent", r->cell_ent, n, 0, ne) ||
        cr__snap_i32(w, "cell_ten", r->cell_ten, n, CR__TEN_MULTI, npk) ||
        cr__snap_off(w, "cadj_off", r->cadj_off, n, r->cadj_off[n]) ||
        cr__snap_i32(w, "cadj_to", r->cadj_to, (size_t)r->cadj_off[n], 0, ne) ||
        cr__snap_i32(w, "cell_of", r->cell_of, n, 0, ne) ||
        cr__snap_mask(w, "ent_cats", r->ent_cats, n, (int)cr__strtab_size(&ds->cats)) ||
        cr__snap_off(w, "cand_off", r->cand_off, nch, r->cand_off[nch]) ||
        cr__snap_i64(w, "cand", r->cand, (size_t)r->cand_off[nch], 0, ne))
        return 1;
    /* a tenant of several parks is looked up in eten */
    if (!r->eten_off)
        for (size_t k = 0; k < n; k++)
            if (r->cell_ten[k] == CR__TEN_MULTI) return cr__snap_fail(w, "cell_ten[%zu] = %d without eten_off", k, CR__TEN_MULTI);
    int bad = 0;
    for (size_t e = 0; e < n; e++) {
        const cr__cand_rec *x = &r->erec[e];
        bad |= (x->e < 0) | (x->e >= ne) | (x->nseg < -1) | (x->nseg > CR__REC_NSEG);
        for (int j = 0; j < CR__REC_NSEG; j++) bad |= (j < x->nseg) & ((x->seg[j] < 0) | (x->seg[j] >= ds->nseg));
    }
    if (bad)
        for (size_t e = 0; e < n; e++) {
            const cr__cand_rec *x = &r->erec[e];
            if (x->e < 0 || x->e >= ne) return cr__snap_fail(w, "erec[%zu].e = %d, outside [0, %lld)", e, (int)x->e, (long long)ne);
            if (x->nseg < -1 || x->nseg > CR__REC_NSEG)
                return cr__snap_fail(w, "erec[%zu].nseg = %d, outside [-1, %d]", e, (int)x->nseg, CR__REC_NSEG);
            for (int j = 0; j < x->nseg; j++)
                if (x->seg[j] < 0 || x->seg[j] >= ds->nseg)
                    return cr__snap_fail(w, "erec[%zu].seg[%d] = %d, outside [0, %d)", e, j, (int)x->seg[j], (int)ds->nseg);
        }
    return 0;
}
