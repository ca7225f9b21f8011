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

#define TAB(t) do { cr_error_t r_ = tab(v, &(t)); if (r_ != CR_OK) return r_; } while (0)
#define POOL(p) do { cr_error_t r_ = pool(v, &(p)); if (r_ != CR_OK) return r_; } while (0)

cr_error_t cr__dataset_visit(cr_dataset *ds, cr__snap_visit *v, int reading)
{
    /* strings: their length is known to the writer only; the reader takes the
     * recorded size (CR__SNAP_ANY; the reader checks they end in NUL) */
    CR__SNAP_STR(v, ds->name, reading);
    CR__SNAP_STR(v, ds->description, reading);
    CR__SNAP_STR(v, ds->synthetic, reading);
    for (int q = 0; q < 3; q++) CR__SNAP_STR(v, ds->fields[q], reading);
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

/* ---- invariants of a mapped dataset (visit.h): what the loader guarantees
 * and the library relies on without checking again, listed in visit order.
 * Doubles are free (NaN, any value) except the coordinates that pick grid
 * cells; masks are checked against their dictionaries because names are
 * looked up by bit; hist_date and hol_date need no order for memory safety
 * (a binary search over unsorted dates misses, never reads outside). */

int cr__dataset_check_counts(const cr_dataset *ds, cr__snap_why *w)
{
    if (ds->nseg < 0 || ds->nchain < 0 || ds->npark < 0 || ds->nent < 0 || ds->nent > INT32_MAX || ds->nsite < 0 ||
        ds->nlink < 0 || ds->nhist < 0 || ds->nhol < 0)
        return cr__snap_fail(w, "struct cr_dataset: a negative or oversized count (nseg %d, nchain %d, npark %d, nent %lld, "
                             "nsite %lld, nlink %lld, nhist %lld, nhol %lld)", (int)ds->nseg, (int)ds->nchain, (int)ds->npark,
                             (long long)ds->nent, (long long)ds->nsite, (long long)ds->nlink, (long long)ds->nhist,
                             (long long)ds->nhol);
    return 0;
}

/* A pool of n strings: every offset inside the pool and the pool ending in
 * NUL, so each string ends inside it. Pools that are not a table's may share
 * bytes (ent_province points every "" at one string); a table's pool is as
 * cr__strpool_add leaves it (contig): offsets strictly increasing from 0,
 * each string's NUL just before the next one's start, as pool_len and
 * same() in strtab.c assume. */
static int pool_ok(cr__snap_why *w, const char *name, const cr__strpool *p, size_t n, int contig)
{
    if (p->n != n) return cr__snap_fail(w, "%s: %zu strings, its table has %zu", name, p->n, n);
    if (!n) return 0;
    if (!p->used || p->bytes[p->used - 1] != 0) return cr__snap_fail(w, "%s: the pool does not end in NUL", name);
    const uint64_t used = p->used;
    int bad = 0;
    if (!contig) {
        for (size_t i = 0; i < n; i++) bad |= p->off[i] >= used;
        if (bad)
            for (size_t i = 0; i < n; i++)
                if (p->off[i] >= used)
                    return cr__snap_fail(w, "%s.off[%zu] = %llu, outside its pool of %zu bytes", name, i,
                                         (unsigned long long)p->off[i], p->used);
        return 0;
    }
    if (p->off[0] != 0) return cr__snap_fail(w, "%s.off[0] = %llu, not 0", name, (unsigned long long)p->off[0]);
    for (size_t i = 1; i < n; i++) bad |= (p->off[i] <= p->off[i - 1]) | (p->off[i] >= used);
    if (!bad)
        for (size_t i = 1; i < n; i++) bad |= p->bytes[p->off[i] - 1] != 0;
    if (bad)
        for (size_t i = 1; i < n; i++)
            if (p->off[i] <= p->off[i - 1] || p->off[i] >= used || p->bytes[p->off[i] - 1] != 0)
                return cr__snap_fail(w, "%s.off[%zu] = %llu: not just after the NUL of string %zu", name, i,
                                     (unsigned long long)p->off[i], i - 1);
    return 0;
}

/* A hash table: nslot a power of two (the probe masks with nslot - 1), at
 * most half full (so a probe meets an empty slot: cr__strtab_find loops
 * until it does), every slot -1 or a string's index, as many slots in use
 * as there are strings. A slot's length byte needs no check: same() in
 * strtab.c compares pool bytes only up to the string's real length. */
static int tab_ok(cr__snap_why *w, const char *name, const cr__strtab *t, size_t n)
{
    char pn[96];
    snprintf(pn, sizeof pn, "%s.pool", name);
    if (pool_ok(w, pn, &t->pool, n, 1)) return 1;
    const size_t ns = t->nslot;
    if (!ns) return 0;
    if (ns & (ns - 1) || 2 * n > ns) return cr__snap_fail(w, "%s: %zu slots for %zu strings", name, ns, n);
    size_t used = 0;
    int bad = 0;
    for (size_t h = 0; h < ns; h++) {
        const int64_t i = t->slot[h].idx;
        bad |= (i < -1) | (i >= (int64_t)n);
        used += i >= 0;
    }
    if (bad)
        for (size_t h = 0; h < ns; h++)
            if (t->slot[h].idx < -1 || t->slot[h].idx >= (int64_t)n)
                return cr__snap_fail(w, "%s.slot[%zu] = %d, outside [-1, %zu)", name, h, (int)t->slot[h].idx, n);
    if (used != n) return cr__snap_fail(w, "%s: %zu slots in use for %zu strings", name, used, n);
    return 0;
}

#define CHK(x) do { if (x) return 1; } while (0)

int cr__dataset_check(const cr_dataset *ds, cr__snap_why *w)
{
    const size_t ns = (size_t)ds->nseg, nc = (size_t)ds->nchain, np = (size_t)ds->npark, ne = (size_t)ds->nent;
    if (!ds->name) return cr__snap_fail(w, "name: absent (a load always sets it)");
    const size_t nendow = cr__strtab_size(&ds->endow), ncats = cr__strtab_size(&ds->cats);
    const size_t ntags = cr__strtab_size(&ds->tags), nsrc = cr__strtab_size(&ds->sources);
    CHK(tab_ok(w, "endow", &ds->endow, nendow));
    CHK(tab_ok(w, "cats", &ds->cats, ncats));
    CHK(tab_ok(w, "tags", &ds->tags, ntags));
    if (nendow > CR_MAX_DICT || ncats > CR_MAX_DICT || ntags > CR_MAX_DICT)
        return cr__snap_fail(w, "a dictionary of more than %d entries", CR_MAX_DICT);
    CHK(tab_ok(w, "seg_id", &ds->seg_id, ns));
    CHK(pool_ok(w, "seg_name", &ds->seg_name, ns, 0));
    CHK(pool_ok(w, "seg_sector", &ds->seg_sector, ns, 0));
    CHK(cr__snap_i32(w, "seg_cat", ds->seg_cat, ns, 0, (int64_t)ncats));
    CHK(cr__snap_mask(w, "seg_needs", ds->seg_needs, ns, (int)nendow));
    CHK(tab_ok(w, "chain_id", &ds->chain_id, nc));
    CHK(pool_ok(w, "chain_name", &ds->chain_name, nc, 0));
    CHK(cr__snap_off(w, "mem_off", ds->mem_off, nc, ds->mem_off[nc]));
    const size_t nmem = (size_t)ds->mem_off[nc], nedge = (size_t)ds->edge_off[nc];
    CHK(cr__snap_i32(w, "mem_seg", ds->mem_seg, nmem, 0, ds->nseg));
    CHK(cr__snap_i8(w, "mem_stage", ds->mem_stage, nmem, 0, 3));
    CHK(cr__snap_off(w, "edge_off", ds->edge_off, nc, ds->edge_off[nc]));
    CHK(cr__snap_i32(w, "edge_from", ds->edge_from, nedge, 0, ds->nseg));
    CHK(cr__snap_i32(w, "edge_to", ds->edge_to, nedge, 0, ds->nseg));
    CHK(tab_ok(w, "park_id", &ds->park_id, np));
    CHK(pool_ok(w, "park_name", &ds->park_name, np, 0));
    CHK(pool_ok(w, "park_province", &ds->park_province, np, 0));
    CHK(pool_ok(w, "park_city", &ds->park_city, np, 0));
    CHK(cr__snap_i8(w, "park_level", ds->park_level, np, 0, 3));
    CHK(cr__snap_real(w, "park_lat", ds->park_lat, np, -90, 90, 0));
    CHK(cr__snap_real(w, "park_lon", ds->park_lon, np, -180, 180, 0));
    CHK(cr__snap_mask(w, "park_endow", ds->park_endow, np, (int)nendow));
    CHK(cr__snap_mask(w, "park_banned", ds->park_banned, np, (int)ncats));
    CHK(cr__snap_off(w, "park_chain_off", ds->park_chain_off, np, ds->park_chain_off[np]));
    CHK(cr__snap_i32(w, "park_chain", ds->park_chain, (size_t)ds->park_chain_off[np], 0, ds->nchain));
    CHK(tab_ok(w, "ent_id", &ds->ent_id, ne));
    CHK(pool_ok(w, "ent_name", &ds->ent_name, ne, 0));
    CHK(cr__snap_real(w, "ent_lat", ds->ent_lat, ne, -90, 90, 0));
    CHK(cr__snap_real(w, "ent_lon", ds->ent_lon, ne, -180, 180, 0));
    CHK(cr__snap_off(w, "ent_seg_off", ds->ent_seg_off, ne, ds->ent_seg_off[ne]));
    CHK(cr__snap_i32(w, "ent_seg", ds->ent_seg, (size_t)ds->ent_seg_off[ne], 0, ds->nseg));
    CHK(cr__snap_mask(w, "ent_tags", ds->ent_tags, ne, (int)ntags));
    CHK(cr__snap_i32(w, "ent_park", ds->ent_park, ne, -1, ds->npark));
    CHK(pool_ok(w, "ent_province", &ds->ent_province, ne, 0));
    CHK(pool_ok(w, "ent_city", &ds->ent_city, ne, 0));
    CHK(tab_ok(w, "sources", &ds->sources, nsrc));
    const size_t nsite = (size_t)ds->nsite;
    CHK(cr__snap_off(w, "ent_site_off", ds->ent_site_off, ne, ds->nsite));
    CHK(cr__snap_i32(w, "site_ent", ds->site_ent, nsite, 0, ds->nent));
    CHK(cr__snap_i32(w, "site_park", ds->site_park, nsite, -1, ds->npark));
    CHK(cr__snap_real(w, "site_lat", ds->site_lat, nsite, -90, 90, 1));
    CHK(cr__snap_real(w, "site_lon", ds->site_lon, nsite, -180, 180, 1));
    CHK(cr__snap_i8(w, "site_kind", ds->site_kind, nsite, 0, 4));
    CHK(cr__snap_i8(w, "site_basis", ds->site_basis, nsite, 0, 4));
    CHK(cr__snap_i32(w, "site_source", ds->site_source, nsite, -1, (int64_t)nsrc));
    const size_t nl = (size_t)ds->nlink, nh = (size_t)ds->nhist;
    CHK(cr__snap_i32(w, "link_sup", ds->link_sup, nl, 0, ds->nent));
    CHK(cr__snap_i32(w, "link_cus", ds->link_cus, nl, 0, ds->nent));
    CHK(cr__snap_i8(w, "link_basis", ds->link_basis, nl, 0, 4));
    CHK(cr__snap_i32(w, "link_source", ds->link_source, nl, -1, (int64_t)nsrc));
    CHK(cr__snap_i32(w, "hist_ent", ds->hist_ent, nh, 0, ds->nent));
    CHK(cr__snap_i32(w, "hist_park", ds->hist_park, nh, 0, ds->npark));
    CHK(cr__snap_i8(w, "hist_stage", ds->hist_stage, nh, 0, 4));
    CHK(cr__snap_i32(w, "hist_source", ds->hist_source, nh, -1, (int64_t)nsrc));
    CHK(cr__snap_i8(w, "hist_basis", ds->hist_basis, nh, 0, 4));
    CHK(tab_ok(w, "bad_park_id", &ds->bad_park_id, cr__strtab_size(&ds->bad_park_id)));
    CHK(tab_ok(w, "bad_ent_id", &ds->bad_ent_id, cr__strtab_size(&ds->bad_ent_id)));
    CHK(tab_ok(w, "admin", &ds->admin, cr__strtab_size(&ds->admin)));
    return 0;
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
