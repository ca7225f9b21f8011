/* The dataset's arrays for the snapshot (src/snapshot/visit.h): every
 * pointer field of struct cr_dataset except dir (the reader sets it), likely
 * and projects (read from their files after mapping: cr__dataset_load_extras). */
#include "data/dataset.h"
#include "data/dataset_visit.h"
#include "data/load.h"
#include "core/core_internal.h"

#include <stdio.h>
#include <string.h>

/* A change of struct cr_dataset must be reflected below (and CR__SNAP_LAYOUT
 * bumped): this stops the build until it is. */
_Static_assert(sizeof(struct cr_dataset) == 1912, "struct cr_dataset changed: update cr__dataset_visit");

static cr_error_t pool(cr__snap_visit *v, cr__strpool *p)
{
    CR__SNAP_A(v, p->bytes, p->used);
    CR__SNAP_A(v, p->off, p->n);
    p->cap = p->used;
    p->ncap = p->n;
    return CR_OK;
}

static cr_error_t tab(cr__snap_visit *v, cr__strtab *t)
{
    cr_error_t rc = pool(v, &t->pool);
    if (rc != CR_OK) return rc;
    CR__SNAP_A(v, t->slot, t->nslot);
    return CR_OK;
}

static size_t slen(const char *s) { return s ? __builtin_strlen(s) + 1 : 0; }

#define TAB(t) do { cr_error_t r_ = tab(v, &(t)); if (r_ != CR_OK) return r_; } while (0)
#define POOL(p) do { cr_error_t r_ = pool(v, &(p)); if (r_ != CR_OK) return r_; } while (0)

cr_error_t cr__dataset_visit(cr_dataset *ds, cr__snap_visit *v, int reading)
{
    /* strings: their length is known to the writer only; the reader takes the
     * recorded size (CR__SNAP_ANY; the reader checks they end in NUL) */
    CR__SNAP_A(v, ds->name, reading ? CR__SNAP_ANY : slen(ds->name));
    CR__SNAP_A(v, ds->description, reading ? CR__SNAP_ANY : slen(ds->description));
    CR__SNAP_A(v, ds->synthetic, reading ? CR__SNAP_ANY : slen(ds->synthetic));
    for (int q = 0; q < 3; q++) CR__SNAP_A(v, ds->fields[q], reading ? CR__SNAP_ANY : slen(ds->fields[q]));
    TAB(ds->endow); TAB(ds->cats); TAB(ds->tags);
    const size_t ns = (size_t)ds->nseg, nc = (size_t)ds->nchain, np = (size_t)ds->npark, ne = (size_t)ds->nent;
    TAB(ds->seg_id); POOL(ds->seg_name); POOL(ds->seg_sector);
    CR__SNAP_A(v, ds->seg_cat, ns);
    CR__SNAP_A(v, ds->seg_needs, ns);
    CR__SNAP_A(v, ds->seg_co2_bench, ns);
    TAB(ds->chain_id); POOL(ds->chain_name);
    CR__SNAP_A(v, ds->mem_off, nc + 1);
    const size_t nmem = ds->mem_off ? (size_t)ds->mem_off[nc] : 0;
    CR__SNAP_A(v, ds->mem_seg, nmem);
    CR__SNAP_A(v, ds->mem_stage, nmem);
    CR__SNAP_A(v, ds->mem_key, nmem);
    CR__SNAP_A(v, ds->edge_off, nc + 1);
    const size_t nedge = ds->edge_off ? (size_t)ds->edge_off[nc] : 0;
    CR__SNAP_A(v, ds->edge_from, nedge);
    CR__SNAP_A(v, ds->edge_to, nedge);
    CR__SNAP_A(v, ds->edge_coef, nedge);
    TAB(ds->park_id); POOL(ds->park_name); POOL(ds->park_province); POOL(ds->park_city);
    CR__SNAP_A(v, ds->park_level, np);
    CR__SNAP_A(v, ds->park_lat, np);
    CR__SNAP_A(v, ds->park_lon, np);
    CR__SNAP_A(v, ds->park_area, np);
    for (int i = 0; i < CR_NRES; i++) CR__SNAP_A(v, ds->park_res[i], np);
    for (int i = 0; i < CR_NENV; i++) { CR__SNAP_A(v, ds->park_quota[i], np); CR__SNAP_A(v, ds->park_cap[i], np); }
    CR__SNAP_A(v, ds->park_endow, np);
    CR__SNAP_A(v, ds->park_banned, np);
    CR__SNAP_A(v, ds->park_chain_off, np + 1);
    CR__SNAP_A(v, ds->park_chain, ds->park_chain_off ? (size_t)ds->park_chain_off[np] : 0);
    TAB(ds->ent_id); POOL(ds->ent_name);
    CR__SNAP_A(v, ds->ent_lat, ne);
    CR__SNAP_A(v, ds->ent_lon, ne);
    CR__SNAP_A(v, ds->ent_seg_off, ne + 1);
    const size_t nes = ds->ent_seg_off ? (size_t)ds->ent_seg_off[ne] : 0;
    CR__SNAP_A(v, ds->ent_seg, nes);
    CR__SNAP_A(v, ds->ent_share, nes);
    CR__SNAP_A(v, ds->ent_revenue, ne);
    CR__SNAP_A(v, ds->ent_employees, ne);
    CR__SNAP_A(v, ds->ent_invest, ne);
    CR__SNAP_A(v, ds->ent_rd, ne);
    for (int i = 0; i < CR_NENV; i++) CR__SNAP_A(v, ds->ent_int[i], ne);
    CR__SNAP_A(v, ds->ent_water_int, ne);
    CR__SNAP_A(v, ds->ent_plant_output, ne);
    for (int i = 0; i < CR_NRES; i++) CR__SNAP_A(v, ds->ent_need[i], ne);
    CR__SNAP_A(v, ds->ent_tags, ne);
    CR__SNAP_A(v, ds->ent_park, ne);
    POOL(ds->ent_province); POOL(ds->ent_city);
    TAB(ds->sources);
    const size_t nsite = (size_t)ds->nsite;
    CR__SNAP_A(v, ds->ent_site_off, ne + 1);
    CR__SNAP_A(v, ds->site_ent, nsite);
    CR__SNAP_A(v, ds->site_park, nsite);
    CR__SNAP_A(v, ds->site_lat, nsite);
    CR__SNAP_A(v, ds->site_lon, nsite);
    CR__SNAP_A(v, ds->site_since, nsite);
    CR__SNAP_A(v, ds->site_kind, nsite);
    CR__SNAP_A(v, ds->site_basis, nsite);
    CR__SNAP_A(v, ds->site_source, nsite);
    const size_t nl = (size_t)ds->nlink, nh = (size_t)ds->nhist;
    CR__SNAP_A(v, ds->link_sup, nl);
    CR__SNAP_A(v, ds->link_cus, nl);
    CR__SNAP_A(v, ds->link_w, nl);
    CR__SNAP_A(v, ds->link_basis, nl);
    CR__SNAP_A(v, ds->link_source, nl);
    CR__SNAP_A(v, ds->hist_ent, nh);
    CR__SNAP_A(v, ds->hist_park, nh);
    CR__SNAP_A(v, ds->hist_date, nh);
    CR__SNAP_A(v, ds->hist_stage, nh);
    CR__SNAP_A(v, ds->hist_source, nh);
    CR__SNAP_A(v, ds->hist_basis, nh);
    TAB(ds->bad_park_id); TAB(ds->bad_ent_id);
    TAB(ds->admin);
    const size_t na = cr__strtab_size(&ds->admin);
    CR__SNAP_A(v, ds->admin_lat, na);
    CR__SNAP_A(v, ds->admin_lon, na);
    CR__SNAP_A(v, ds->hol_date, (size_t)ds->nhol);
    CR__SNAP_A(v, ds->hol_work, (size_t)ds->nhol);
    return CR_OK;
}

cr_error_t cr__dataset_source_files(cr_ctx *ctx, const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    char mpath[4096];
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    snprintf(mpath, sizeof mpath, "%.*s/dataset.json", (int)dl, dir);
    cr__src src = {ctx, mpath, CR_OK, NULL, NULL, NULL, NULL};
    cr__manifest m;
    size_t d0 = cr_ctx_ndiag_total(ctx);
    cr_error_t rc = cr__load_manifest(&src, dir, &m);
    if (rc == CR_OK && cr_ctx_ndiag_total(ctx) > d0) rc = cr_ctx_fail(ctx, CR_EDATA, "%s: bad manifest", mpath);
    if (rc == CR_OK) {
        char **out = cr__calloc(ctx, CR__NFILES + 1, sizeof *out);
        if (!out) rc = CR_ENOMEM;
        for (int f = 0; rc == CR_OK && f < CR__NFILES; f++) {
            if (!m.file[f]) continue;
            if (!(out[*n] = cr__strdup(ctx, m.file[f]))) rc = CR_ENOMEM;
            else (*n)++;
        }
        *names = out;
    }
    free(src.owned);
    cr__manifest_destroy(&m);
    return rc;
}
