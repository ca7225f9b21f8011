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
    CR__SNAP_A(v, r->eten_off, n + 1);
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
