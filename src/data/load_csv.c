/* CSV parts of a dataset: parks, enterprises, links, history, admin divisions
 * (sites: load_sites.c).
 *
 * Enterprises can be millions of rows: each row is parsed straight into the
 * struct-of-arrays columns (no per-row allocation beyond amortised growth),
 * with column positions resolved once from the header. */
#include "data/load.h"
#include "data/history.h"
#include "data/columns.h"
#include "core/core_internal.h"

#include <stdint.h>
#include <string.h>

#define GROW(ptr, cap, need) \
    do { size_t cr__c = (cap); rc = cr__grow(ctx, (void **)&(ptr), &cr__c, (need), sizeof *(ptr)); if (rc) goto done; } while (0)

static const char *const level_names[] = {"national", "provincial", "other"};

/* ---- parks ------------------------------------------------------------- */

typedef struct {
    cr__src *src;
    cr_dataset *ds;
    cr__strtab *dict;
    const char *dictname, *field;
    long line, col;
    uint64_t mask;
    int bad;
} list_arg;

static int add_dict_item(void *arg, const char *s, size_t len)
{
    list_arg *a = arg;
    int b = cr__dict_bit(a->src, a->dict, a->dictname, a->line, a->col, a->field, s, len);
    if (b < 0) { a->bad = 1; return 0; }
    a->mask |= (uint64_t)1 << b;
    return 0;
}

typedef struct {
    cr__src *src;
    cr_dataset *ds;
    long line, col;
    int32_t *chains;
    size_t n, cap;
    int bad;
} chain_list_arg;

static int add_chain_item(void *arg, const char *s, size_t len)
{
    chain_list_arg *a = arg;
    int32_t k = cr__strtab_find(&a->ds->chain_id, s, len);
    if (k < 0 && a->ds->nchain == 0) return 0;   /* chains file unusable: already reported */
    if (k < 0) {
        cr__diagf(a->src, a->line, a->col, "chains", "unknown chain '%.*s'", (int)len, s);
        a->bad = 1;
        return 0;
    }
    for (size_t i = 0; i < a->n; i++) if (a->chains[i] == k) return 0;
    a->chains[a->n++] = k;   /* distinct known ids: n < cap = nchain */
    return 0;
}

static const char *const park_res_cols[CR_NRES] = {"land", "water", "power", "labour", "skilled"};
static const char *const park_quota_cols[CR_NENV] = {"co2_quota", "energy_quota", "pollutant_quota"};
static const char *const park_cap_cols[CR_NENV] = {"co2_cap", "energy_cap", "pollutant_cap"};

cr_error_t cr__park_add(cr__src *src, cr_dataset *ds, cr__rec *r, cr__rec_get get, long line)
{
    cr_ctx *ctx = src->ctx;
    cr_error_t rc = CR_OK;
    cr__val v;
    int bad = 0;
    get(r, "id", &v);
    if (!v.present || v.len == 0) {
        cr__diagf(src, line, v.present ? v.col : 1, "id", "missing park id");
        return CR_OK;
    }
    int32_t p;
    int added;
    if (memchr(v.s, ';', v.len) || memchr(v.s, ':', v.len)) {
        cr__diagf(src, line, v.col, "id", "invalid id '%.*s' (holds ; or :)", (int)v.len, v.s);
        return CR_OK;
    }
    CR_CHECK(cr__strtab_intern(ctx, &ds->park_id, v.s, v.len, &p, &added));
    if (!added) {
        cr__diagf(src, line, v.col, "id", "duplicate park id '%.*s'", (int)v.len, v.s);
        return CR_OK;
    }
    size_t n = (size_t)p + 1, cap = (size_t)p;   /* grow every column to hold row p */
    GROW(ds->park_level, cap, n);
    GROW(ds->park_lat, cap, n);
    GROW(ds->park_lon, cap, n);
    GROW(ds->park_area, cap, n);
    for (int i = 0; i < CR_NRES; i++) GROW(ds->park_res[i], cap, n);
    for (int i = 0; i < CR_NENV; i++) { GROW(ds->park_quota[i], cap, n); GROW(ds->park_cap[i], cap, n); }
    GROW(ds->park_endow, cap, n);
    GROW(ds->park_banned, cap, n);
    GROW(ds->park_chain_off, cap, n + 1);

    get(r, "name", &v);
    if (!v.present || !v.len) cr__diagf(src, line, v.present ? v.col : 1, "name", "missing park name");
    CR_CHECK(cr__strpool_add(ctx, &ds->park_name, v.present ? v.s : "", v.present ? v.len : 0));
    get(r, "province", &v);
    CR_CHECK(cr__strpool_add(ctx, &ds->park_province, v.present ? v.s : "", v.present ? v.len : 0));
    get(r, "city", &v);
    CR_CHECK(cr__strpool_add(ctx, &ds->park_city, v.present ? v.s : "", v.present ? v.len : 0));
    get(r, "level", &v);
    ds->park_level[p] = CR_LEVEL_OTHER;
    if (!v.present || !v.len) cr__diagf(src, line, v.present ? v.col : 1, "level", "missing level (national, provincial or other)");
    else {
        int lv = -1;
        for (int i = 0; i < 3; i++)
            if (strlen(level_names[i]) == v.len && !memcmp(level_names[i], v.s, v.len)) lv = i;
        if (lv < 0) cr__diagf(src, line, v.col, "level", "unknown level '%.*s' (national, provincial or other)", (int)v.len, v.s);
        else ds->park_level[p] = (int8_t)lv;
    }
    get(r, "lat", &v);
    if (!v.present || !v.len) { cr__diagf(src, line, v.present ? v.col : 1, "lat", "missing latitude"); ds->park_lat[p] = 0; }
    else {
        double x = cr__num_field(src, line, v.col, "lat", v.s, v.len, 0, CR__NUM_ANY, &bad);
        if (x < -90 || x > 90) cr__diagf(src, line, v.col, "lat", "latitude %.*s out of range [-90, 90]", (int)v.len, v.s);
        ds->park_lat[p] = x;
    }
    get(r, "lon", &v);
    if (!v.present || !v.len) { cr__diagf(src, line, v.present ? v.col : 1, "lon", "missing longitude"); ds->park_lon[p] = 0; }
    else {
        double x = cr__num_field(src, line, v.col, "lon", v.s, v.len, 0, CR__NUM_ANY, &bad);
        if (x < -180 || x > 180) cr__diagf(src, line, v.col, "lon", "longitude %.*s out of range [-180, 180]", (int)v.len, v.s);
        ds->park_lon[p] = x;
    }
    get(r, "area", &v);
    ds->park_area[p] = v.present ? cr__num_field(src, line, v.col, "area", v.s, v.len, NAN, CR__NUM_NONNEG, &bad) : NAN;
    for (int i = 0; i < CR_NRES; i++) {
        get(r, park_res_cols[i], &v);
        ds->park_res[i][p] = v.present ? cr__num_field(src, line, v.col, park_res_cols[i], v.s, v.len, NAN, CR__NUM_NONNEG, &bad) : NAN;
    }
    /* Land as a department writes it: in mu (亩), 1 ha = 15 亩 exactly
     * (1 亩 = 10000/15 m2, the ratio of Chinese land statistics). Stored in
     * ha; a row may not give both units. */
    static const char *const mu_cols[2] = {"area_mu", "land_mu"}, *const ha_cols[2] = {"area", "land"};
    for (int i = 0; i < 2; i++) {
        cr__val h;
        get(r, mu_cols[i], &v);
        if (!v.present || !v.len) continue;
        get(r, ha_cols[i], &h);
        if (h.present && h.len) {
            cr__diagf(src, line, v.col, mu_cols[i], "give %s (ha) or %s (亩), not both", ha_cols[i], mu_cols[i]);
            continue;
        }
        double mu = cr__num_field(src, line, v.col, mu_cols[i], v.s, v.len, NAN, CR__NUM_NONNEG, &bad);
        if (i == 0) ds->park_area[p] = mu / 15.0;
        else ds->park_res[CR_RES_LAND][p] = mu / 15.0;
    }
    for (int i = 0; i < CR_NENV; i++) {
        get(r, park_quota_cols[i], &v);
        ds->park_quota[i][p] = v.present ? cr__num_field(src, line, v.col, park_quota_cols[i], v.s, v.len, NAN, CR__NUM_NONNEG, &bad) : NAN;
        get(r, park_cap_cols[i], &v);
        ds->park_cap[i][p] = v.present ? cr__num_field(src, line, v.col, park_cap_cols[i], v.s, v.len, NAN, CR__NUM_NONNEG, &bad) : NAN;
    }
    list_arg la = {src, ds, &ds->endow, "endowments", "endowments", line, 0, 0, 0};
    get(r, "endowments", &v);
    if (v.present) { la.col = v.col; cr__split_list(v.s, v.len, add_dict_item, &la); }
    ds->park_endow[p] = la.mask;
    list_arg lb = {src, ds, &ds->cats, "categories", "banned", line, 0, 0, 0};
    get(r, "banned", &v);
    if (v.present) { lb.col = v.col; cr__split_list(v.s, v.len, add_dict_item, &lb); }
    ds->park_banned[p] = lb.mask;

    /* The list is written in place after the parks before it. Repeats are
     * dropped, so it holds at most nchain ids: room for all, never a cut. */
    int64_t base = p ? ds->park_chain_off[p] : 0;
    if (p == 0) ds->park_chain_off[0] = 0;
    {
        size_t cc = (size_t)base;
        GROW(ds->park_chain, cc, (size_t)base + (size_t)ds->nchain + 1);
    }
    chain_list_arg ca = {src, ds, line, 0, ds->park_chain + base, 0, (size_t)ds->nchain, 0};
    get(r, "chains", &v);
    if (v.present) { ca.col = v.col; cr__split_list(v.s, v.len, add_chain_item, &ca); }
    ds->park_chain_off[p + 1] = base + (int64_t)ca.n;
    ds->npark = p + 1;
done:
    return rc;
}

typedef struct cr__rec {
    cr__csv *csv;
    const char *const *names;
    const int *idx;
    size_t n;
} csv_rec;

static void csv_get(cr__rec *r, const char *key, cr__val *v)
{
    memset(v, 0, sizeof *v);
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->names[i], key) != 0) continue;
        if (r->idx[i] < 0) return;
        size_t f = (size_t)r->idx[i];
        v->s = cr__csv_field(r->csv, f);
        v->len = cr__csv_flen(r->csv, f);
        v->line = cr__csv_line(r->csv);
        v->col = cr__csv_fcol(r->csv, f);
        v->present = 1;
        return;
    }
}

/* A row rejected as a whole still names its id: remember it so references
 * to it elsewhere do not cascade into more diagnostics. */
static void remember_bad(cr__src *src, cr__csv *csv, cr__strtab *bad, int idcol)
{
    if (idcol < 0 || (size_t)idcol >= cr__csv_nfields(csv)) return;
    size_t len = cr__csv_flen(csv, (size_t)idcol);
    int32_t k;
    if (len && cr__strtab_intern(src->ctx, bad, cr__csv_field(csv, (size_t)idcol), len, &k, NULL) != CR_OK)
        src->rc = CR_ENOMEM;
}

/* A point from the lat and lon fields of the current row: both empty -> NaN,
 * NaN; both or neither, each a number in range, else a diagnostic and *bad
 * (the "together" check only when nothing on the row was bad before). */
void cr__csv_point(cr__src *src, cr__csv *csv, size_t fl, size_t fo, double *lat, double *lon, int *bad)
{
    const long line = cr__csv_line(csv);
    *lat = *lon = NAN;
    if (!cr__csv_flen(csv, fl) && !cr__csv_flen(csv, fo)) return;
    *lat = cr__num_field(src, line, cr__csv_fcol(csv, fl), "lat", cr__csv_field(csv, fl), cr__csv_flen(csv, fl), NAN, CR__NUM_ANY, bad);
    *lon = cr__num_field(src, line, cr__csv_fcol(csv, fo), "lon", cr__csv_field(csv, fo), cr__csv_flen(csv, fo), NAN, CR__NUM_ANY, bad);
    if (!isnan(*lat) && (*lat < -90 || *lat > 90)) { cr__diagf(src, line, cr__csv_fcol(csv, fl), "lat", "latitude %s out of range [-90, 90]", cr__csv_field(csv, fl)); *bad = 1; }
    if (!isnan(*lon) && (*lon < -180 || *lon > 180)) { cr__diagf(src, line, cr__csv_fcol(csv, fo), "lon", "longitude %s out of range [-180, 180]", cr__csv_field(csv, fo)); *bad = 1; }
    if (!*bad && (isnan(*lat) != isnan(*lon))) {
        cr__diagf(src, line, cr__csv_fcol(csv, isnan(*lat) ? fl : fo), isnan(*lat) ? "lat" : "lon", "lat and lon must be given together");
        *bad = 1;
    }
}

int cr__check_width(cr__src *src, cr__csv *csv, size_t nheader)
{
    size_t nf = cr__csv_nfields(csv);
    if (nf == nheader) return 1;
    cr__diagf(src, cr__csv_line(csv), nf > nheader ? cr__csv_fcol(csv, nheader) : 1, "row",
              "row has %zu fields, header has %zu", nf, nheader);
    return 0;
}

cr_error_t cr__load_parks_csv(cr__src *src, const char *path, cr_dataset *ds)
{
    static const char *const names[] = {"id", "name", "level", "province", "city", "lat", "lon", "chains", "area",
                                        "land", "water", "power", "labour", "skilled", "endowments", "banned",
                                        "co2_quota", "energy_quota", "pollutant_quota", "co2_cap", "energy_cap",
                                        "pollutant_cap", "area_mu", "land_mu"};
    enum { N = sizeof names / sizeof *names };
    cr__colspec cols[N];
    int idx[N];
    for (int i = 0; i < N; i++) {
        cols[i].name = names[i];
        cols[i].required = i < 3 || i == 5 || i == 6;
    }
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(src->ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader;
    if (cr__csv_header(src, csv, cols, N, &nheader)) {
        for (int i = 0; i < N; i++) idx[i] = cols[i].idx;
        csv_rec r = {csv, names, idx, N};
        cr__csv_status st;
        int rows = 0;
        while ((rc = cr__csv_next(src->ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
            if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) { remember_bad(src, csv, &ds->bad_park_id, idx[0]); continue; }
            rows++;
            if ((rc = cr__park_add(src, ds, &r, csv_get, cr__csv_line(csv))) != CR_OK) break;
            if (src->rc != CR_OK) { rc = src->rc; break; }
        }
        /* "no rows" only when no row was refused: a file whose rows all failed
         * (a GBK file) has rows, and its problem is already said */
        if (rc == CR_OK && rows == 0 && cr__csv_nbad(csv) == 0) cr__diagf(src, 2, 1, "row", "no park rows after the header");
        if (rc == CR_OK) cr__csv_finish(src, csv, cols, N);
    }
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- admin divisions ----------------------------------------------------- */

cr_error_t cr__load_admin(cr__src *src, const char *path, cr_dataset *ds)
{
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[] = {{"adcode", 1, -1}, {"name", 0, -1}, {"lat", 1, -1}, {"lon", 1, -1}};
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader, cap = 0;
    if (cr__csv_header(src, csv, cols, 4, &nheader)) {
        cr__csv_status st;
        while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
            if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
            long line = cr__csv_line(csv);
            const char *code = cr__csv_field(csv, (size_t)cols[0].idx);
            size_t clen = cr__csv_flen(csv, (size_t)cols[0].idx);
            long ccol = cr__csv_fcol(csv, (size_t)cols[0].idx);
            if (!clen) { cr__diagf(src, line, ccol, "adcode", "missing adcode"); continue; }
            int32_t a;
            int added;
            if ((rc = cr__strtab_intern(ctx, &ds->admin, code, clen, &a, &added)) != CR_OK) break;
            if (!added) { cr__diagf(src, line, ccol, "adcode", "duplicate adcode '%s'", code); continue; }
            cap = (size_t)a;
            size_t c2 = cap;
            if ((rc = cr__grow(ctx, (void **)&ds->admin_lat, &c2, (size_t)a + 1, sizeof(double))) != CR_OK) break;
            c2 = cap;
            if ((rc = cr__grow(ctx, (void **)&ds->admin_lon, &c2, (size_t)a + 1, sizeof(double))) != CR_OK) break;
            int bad = 0;
            size_t fl = (size_t)cols[2].idx, fo = (size_t)cols[3].idx;
            double lat = cr__num_field(src, line, cr__csv_fcol(csv, fl), "lat", cr__csv_field(csv, fl), cr__csv_flen(csv, fl), NAN, CR__NUM_ANY, &bad);
            double lon = cr__num_field(src, line, cr__csv_fcol(csv, fo), "lon", cr__csv_field(csv, fo), cr__csv_flen(csv, fo), NAN, CR__NUM_ANY, &bad);
            if (!bad && (isnan(lat) || lat < -90 || lat > 90)) cr__diagf(src, line, cr__csv_fcol(csv, fl), "lat", "latitude missing or out of range [-90, 90]");
            if (!bad && (isnan(lon) || lon < -180 || lon > 180)) cr__diagf(src, line, cr__csv_fcol(csv, fo), "lon", "longitude missing or out of range [-180, 180]");
            ds->admin_lat[a] = lat;
            ds->admin_lon[a] = lon;
        }
        if (rc == CR_OK) cr__csv_finish(src, csv, cols, 4);
    }
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- enterprises --------------------------------------------------------- */

/* n empty strings for an absent text column: every offset at one shared
 * "" (one calloc instead of n appends). */
static cr_error_t empty_pool(cr_ctx *ctx, cr__strpool *p, size_t n)
{
    if (!n) return CR_OK;
    CR_CHECK(cr__strpool_add(ctx, p, "", 0));
    CR_CHECK(cr__grow(ctx, (void **)&p->off, &p->ncap, n, sizeof *p->off));
    memset(p->off, 0, n * sizeof *p->off);
    p->n = n;
    return CR_OK;
}

const char *const cr__ent_columns[CR__ENT_NCOLS] = {
    "id", "name", "segments", "lat", "lon", "admin", "revenue", "employees", "invest", "rd", "tags",
    "co2_int", "energy_int", "water_int", "pollutant_int", "plant_output", "need_land", "need_water",
    "need_power", "need_workers", "need_skilled", "park", "province", "city", "need_land_mu", "invest_intensity"};

typedef struct {
    cr__src *src;
    const cr_dataset *ds;   /* segments looked up */
    long line, col;
    size_t nseg;          /* segments written for this row */
    double sum;
    int bad;
    int32_t *segbuf;
    double *sharebuf;
    size_t cap;
} seg_arg;

static int add_seg_item(void *arg, const char *s, size_t len)
{
    seg_arg *a = arg;
    const char *colon = memchr(s, ':', len);
    size_t idlen = colon ? (size_t)(colon - s) : len;
    while (idlen && (s[idlen - 1] == ' ')) idlen--;
    double share = 1.0;
    if (colon) {
        const char *q = colon + 1;
        size_t qlen = len - (size_t)(q - s);
        if (cr__parse_double(q, qlen, &share) != 0 || !isfinite(share)) {
            cr__diagf(a->src, a->line, a->col, "segments", "share '%.*s' of segment '%.*s' is not a number",
                      (int)qlen, q, (int)idlen, s);
            a->bad = 1;
            return 0;
        }
        if (!(share > 0) || share > 1) {
            cr__diagf(a->src, a->line, a->col, "segments", "share %.*s of segment '%.*s' must be in (0, 1]",
                      (int)qlen, q, (int)idlen, s);
            a->bad = 1;
            return 0;
        }
    }
    int32_t sg = cr__strtab_find(&a->ds->seg_id, s, idlen);
    if (sg < 0 && a->ds->nseg == 0) { a->bad = 1; return 0; }   /* chains file unusable: already reported */
    if (sg < 0) {
        cr__diagf(a->src, a->line, a->col, "segments", "unknown segment '%.*s'", (int)idlen, s);
        a->bad = 1;
        return 0;
    }
    for (size_t i = 0; i < a->nseg; i++)
        if (a->segbuf[i] == sg) {
            cr__diagf(a->src, a->line, a->col, "segments", "segment '%.*s' listed twice", (int)idlen, s);
            a->bad = 1;
            return 0;
        }
    if (a->nseg == a->cap) {
        cr__diagf(a->src, a->line, a->col, "segments", "more than %zu segments", a->cap);
        a->bad = 1;
        return 1;
    }
    a->segbuf[a->nseg] = sg;
    a->sharebuf[a->nseg] = share;
    a->nseg++;
    a->sum += share;
    return 0;
}

typedef struct {
    cr__src *src;
    cr_dataset *ds;
    long line, col;
    uint64_t mask;
} tag_arg;

static int add_tag_item(void *arg, const char *s, size_t len)
{
    tag_arg *a = arg;
    int b = cr__dict_bit(a->src, &a->ds->tags, "tags", a->line, a->col, "tags", s, len);
    if (b >= 0) a->mask |= (uint64_t)1 << b;
    return 0;
}

/* The next enterprise record: the file's, then (sites --profile) those of
 * lp->extra_enterprises as one more source, its messages named
 * lp->extra_source. EOF after both. */
static cr_error_t ent_next(cr__src *src, const cr_load_params *lp, cr_dataset *ds, cr__csv **csv, cr__colspec *cols,
                           size_t *nheader, int *extra, cr__csv_status *st)
{
    cr_error_t rc = cr__csv_next(src->ctx, *csv, st);
    if (rc != CR_OK || *st != CR__CSV_EOF || *extra || !lp->extra_enterprises || src->rc != CR_OK) return rc;
    const char *xs = lp->extra_source ? lp->extra_source : "extra enterprises";
    cr__csv *x = NULL;
    CR_CHECK(cr__csv_open_mem(src->ctx, lp->extra_enterprises, strlen(lp->extra_enterprises), xs, &x));
    cr__csv_close(*csv);
    *csv = x;
    *extra = 1;
    src->file = xs;
    int had[CR__ENT_NCOLS];
    for (int i = 0; i < CR__ENT_NCOLS; i++) {
        had[i] = cols[i].idx >= 0;
        cols[i].idx = -1;
    }
    if (!cr__csv_header(src, x, cols, CR__ENT_NCOLS, nheader)) return CR_OK;   /* *st stays EOF */
    if (cols[CR__ENT_LAT].idx < 0 || cols[CR__ENT_LON].idx < 0) {
        cr__diagf(src, 1, 1, "lat", "extra enterprises need lat and lon columns");
        return CR_OK;
    }
    /* text columns are pools with one entry a row: the file's rows get ""
     * where only the extra rows have the column; the reverse is refused */
    for (int c = CR__ENT_PROVINCE; c <= CR__ENT_CITY; c++) {
        cr__strpool *pool = c == CR__ENT_PROVINCE ? &ds->ent_province : &ds->ent_city;
        if (had[c] && cols[c].idx < 0) {
            cr__diagf(src, 1, 1, cr__ent_columns[c], "the enterprises file has this column: the extra rows need it too");
            return CR_OK;
        }
        for (int64_t e = 0; !had[c] && cols[c].idx >= 0 && e < ds->nent; e++) CR_CHECK(cr__strpool_add(src->ctx, pool, "", 0));
    }
    return cr__csv_next(src->ctx, x, st);
}

/* What a row of enterprises.csv or links.csv reads besides the row: its
 * columns and the dataset loaded so far (ref: segments, admin, parks, the
 * enterprise ids of links; looked up, never written). A row is written to
 * out: ref itself when the rows are read in order on one thread, a part of
 * its own on each thread otherwise ("Rows on threads" below). */
typedef struct {
    const cr_dataset *ref;
    const cr_load_params *lp;
    const cr__colspec *cols;
    size_t nheader;
    int park_ok, admin_present, ent_ok;
    /* 1 in a part: enterprise ids are appended to ent_id's pool, not
     * interned (the merge finds repeats), and the row arrays are views of
     * room for rs->cap rows that never grow (par_rows) */
    int in_part;
} row_ctx;

/* What one reader's rows carry from row to row. */
typedef struct {
    size_t cap, segcap, sharecap;
    int64_t nseg_total;
    double *numcol[CR__ENT_NCOLS];
    cr__source_cache sc;
} row_state;

static void row_state_init(row_state *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->sc.last = -1;
}

typedef cr_error_t (*row_fn)(cr__src *src, const row_ctx *rx, cr_dataset *out, row_state *rs, cr__csv *csv,
                             cr__csv_status st);

/* One enterprise row (docs/data-format.md "enterprises.csv"). */
static cr_error_t ent_row(cr__src *src, const row_ctx *rx, cr_dataset *ds, row_state *rs, cr__csv *csv, cr__csv_status st)
{
    cr_ctx *ctx = src->ctx;
    const cr__colspec *cols = rx->cols;
    const cr_dataset *ref = rx->ref;
    const cr_load_params *lp = rx->lp;
    cr_error_t rc;
    int32_t segbuf[64];
    double sharebuf[64];
    double **numcol = rs->numcol;
    if (st == CR__CSV_BAD || !cr__check_width(src, csv, rx->nheader)) {
        remember_bad(src, csv, &ds->bad_ent_id, cols[CR__ENT_ID].idx);
        return CR_OK;
    }
    long line = cr__csv_line(csv);
    size_t fid = (size_t)cols[CR__ENT_ID].idx;
    const char *id = cr__csv_field(csv, fid);
    size_t idlen = cr__csv_flen(csv, fid);
    if (!idlen) { cr__diagf(src, line, cr__csv_fcol(csv, fid), "id", "missing enterprise id"); return CR_OK; }
    if (memchr(id, ';', idlen) || memchr(id, ':', idlen)) {
        cr__diagf(src, line, cr__csv_fcol(csv, fid), "id", "invalid id '%s' (holds ; or :)", id);
        return CR_OK;
    }
    int32_t k;
    int added = 1;
    if (rx->in_part) {   /* a part: repeats are found when the parts' ids are merged */
        if (ds->nent >= INT32_MAX - 1) return cr_ctx_fail(ctx, CR_EINVAL, "too many distinct ids (max %d)", INT32_MAX - 1);
        k = (int32_t)ds->nent;
        rc = cr__strpool_add(ctx, &ds->ent_id.pool, id, idlen);
    } else {
        rc = cr__strtab_intern(ctx, &ds->ent_id, id, idlen, &k, &added);
    }
    if (rc != CR_OK) return rc;
    if (!added) { cr__diagf(src, line, cr__csv_fcol(csv, fid), "id", "duplicate enterprise id '%s'", id); return CR_OK; }
    int64_t e = k;
    int grew = 0;
    if ((size_t)e >= rs->cap) {
        if (rx->in_part) return cr_ctx_fail(ctx, CR_EINTERNAL, "a part has more rows than its bound");
        size_t cap = rs->cap, nc = cap ? cap * 2 : 4096;
        size_t c;
#define G(ptr) do { c = cap; if ((rc = cr__grow(ctx, (void **)&(ptr), &c, nc, sizeof *(ptr))) != CR_OK) return rc; } while (0)
        G(ds->ent_lat); G(ds->ent_lon); G(ds->ent_revenue); G(ds->ent_employees); G(ds->ent_invest); G(ds->ent_rd);
        for (int i = 0; i < CR_NENV; i++) G(ds->ent_int[i]);
        G(ds->ent_water_int); G(ds->ent_plant_output);
        for (int i = 0; i < CR_NRES; i++) G(ds->ent_need[i]);
        G(ds->ent_tags); G(ds->ent_park);
        c = cap;
        if ((rc = cr__grow(ctx, (void **)&ds->ent_seg_off, &c, nc + 1, sizeof *ds->ent_seg_off)) != CR_OK) return rc;
#undef G
        rs->cap = nc;
        grew = 1;
    }
    if (grew || !numcol[CR__ENT_REVENUE]) {   /* the arrays moved, or a part's views (set on its first row) */
        numcol[CR__ENT_REVENUE] = ds->ent_revenue; numcol[CR__ENT_EMPLOYEES] = ds->ent_employees;
        numcol[CR__ENT_INVEST] = ds->ent_invest; numcol[CR__ENT_RD] = ds->ent_rd;
        numcol[CR__ENT_CO2] = ds->ent_int[CR_ENV_CO2]; numcol[CR__ENT_ENERGY] = ds->ent_int[CR_ENV_ENERGY];
        numcol[CR__ENT_POLLUTANT] = ds->ent_int[CR_ENV_POLLUTANT]; numcol[CR__ENT_WATER] = ds->ent_water_int;
        numcol[CR__ENT_PLANT] = ds->ent_plant_output; numcol[CR__ENT_NLAND] = ds->ent_need[CR_RES_LAND];
        numcol[CR__ENT_NWATER] = ds->ent_need[CR_RES_WATER]; numcol[CR__ENT_NPOWER] = ds->ent_need[CR_RES_POWER];
        numcol[CR__ENT_NWORKERS] = ds->ent_need[CR_RES_LABOUR]; numcol[CR__ENT_NSKILLED] = ds->ent_need[CR_RES_SKILLED];
    }
    size_t fn = (size_t)cols[CR__ENT_NAME].idx;
    if (!cr__csv_flen(csv, fn)) cr__diagf(src, line, cr__csv_fcol(csv, fn), "name", "missing enterprise name");
    if ((rc = cr__strpool_add(ctx, &ds->ent_name, cr__csv_field(csv, fn), cr__csv_flen(csv, fn))) != CR_OK) return rc;
    for (int c = CR__ENT_PROVINCE; c <= CR__ENT_CITY; c++) {   /* headquarters / registered address: text */
        if (cols[c].idx < 0) continue;              /* filled at the end */
        size_t f = (size_t)cols[c].idx;
        if ((rc = cr__strpool_add(ctx, c == CR__ENT_PROVINCE ? &ds->ent_province : &ds->ent_city, cr__csv_field(csv, f),
                                  cr__csv_flen(csv, f))) != CR_OK) return rc;
    }
    int bad = 0;
    for (int c = CR__ENT_REVENUE; c <= CR__ENT_NSKILLED; c++) {
        if (c == CR__ENT_TAGS) continue;
        double v = 0;
        if (cols[c].idx >= 0) {
            size_t f = (size_t)cols[c].idx;
            v = cr__num_field(src, line, cr__csv_fcol(csv, f), cr__ent_columns[c], cr__csv_field(csv, f), cr__csv_flen(csv, f),
                              0.0, c == CR__ENT_RD ? CR__NUM_UNIT : CR__NUM_NONNEG, &bad);
        }
        numcol[c][e] = v;
    }
    /* land in 亩 (1 ha = 15 亩) and investment intensity in 万元/亩, as a
     * department writes them; a row gives each quantity in one unit */
    {
        double mu = NAN, inten = NAN;
        const int alt[2] = {CR__ENT_NLAND_MU, CR__ENT_INVEST_INTENSITY}, base[2] = {CR__ENT_NLAND, CR__ENT_INVEST};
        for (int q = 0; q < 2; q++) {
            int c = alt[q];
            if (cols[c].idx < 0 || !cr__csv_flen(csv, (size_t)cols[c].idx)) continue;
            size_t f = (size_t)cols[c].idx;
            if (cols[base[q]].idx >= 0 && cr__csv_flen(csv, (size_t)cols[base[q]].idx)) {
                cr__diagf(src, line, cr__csv_fcol(csv, f), cr__ent_columns[c], "give %s or %s, not both",
                          cr__ent_columns[base[q]], cr__ent_columns[c]);
                continue;
            }
            double x = cr__num_field(src, line, cr__csv_fcol(csv, f), cr__ent_columns[c], cr__csv_field(csv, f),
                                     cr__csv_flen(csv, f), 0.0, CR__NUM_NONNEG, &bad);
            if (q == 0) mu = x;
            else inten = x;
        }
        if (mu == mu) ds->ent_need[CR_RES_LAND][e] = mu / 15.0;
        if (inten == inten) {
            double land_mu = ds->ent_need[CR_RES_LAND][e] * 15.0;
            if (!(land_mu > 0))
                cr__diagf(src, line, cr__csv_fcol(csv, (size_t)cols[CR__ENT_INVEST_INTENSITY].idx), "invest_intensity",
                          "investment intensity (万元/亩) needs the land: give need_land or need_land_mu");
            else ds->ent_invest[e] = inten * land_mu;
        }
    }
    /* location */
    double lat = NAN, lon = NAN;
    if (cols[CR__ENT_LAT].idx >= 0) cr__csv_point(src, csv, (size_t)cols[CR__ENT_LAT].idx, (size_t)cols[CR__ENT_LON].idx, &lat, &lon, &bad);
    if (isnan(lat) && !bad) {
        size_t fa = cols[CR__ENT_ADMIN].idx >= 0 ? (size_t)cols[CR__ENT_ADMIN].idx : 0;
        if (cols[CR__ENT_ADMIN].idx < 0 || !cr__csv_flen(csv, fa)) {
            cr__diagf(src, line, cols[CR__ENT_LAT].idx >= 0 ? cr__csv_fcol(csv, (size_t)cols[CR__ENT_LAT].idx) : 1, "lat",
                      "no location: give lat and lon, or admin");
        } else if (!rx->admin_present) {
            cr__diagf(src, line, cr__csv_fcol(csv, fa), "admin", "admin code '%s' given but the dataset has no admin file",
                      cr__csv_field(csv, fa));
        } else {
            int32_t a = cr__strtab_find(&ref->admin, cr__csv_field(csv, fa), cr__csv_flen(csv, fa));
            if (a < 0) cr__diagf(src, line, cr__csv_fcol(csv, fa), "admin", "unknown admin code '%s'", cr__csv_field(csv, fa));
            else { lat = ref->admin_lat[a]; lon = ref->admin_lon[a]; }
        }
    }
    ds->ent_lat[e] = lat;
    ds->ent_lon[e] = lon;
    /* segments */
    size_t fs = (size_t)cols[CR__ENT_SEGMENTS].idx;
    seg_arg sa = {src, ref, line, cr__csv_fcol(csv, fs), 0, 0.0, 0, segbuf, sharebuf, 64};
    cr__split_list(cr__csv_field(csv, fs), cr__csv_flen(csv, fs), add_seg_item, &sa);
    if (!sa.bad && sa.nseg == 0) cr__diagf(src, line, sa.col, "segments", "no segment given");
    else if (!sa.bad && fabs(sa.sum - 1.0) > lp->share_tolerance)
        cr__diagf(src, line, sa.col, "segments", "shares sum to %.6g, not 1 (tolerance %g)", sa.sum, lp->share_tolerance);
    if (e == 0) ds->ent_seg_off[0] = 0;
    int64_t nseg_total = rs->nseg_total;
    if ((rc = cr__grow(ctx, (void **)&ds->ent_seg, &rs->segcap, (size_t)nseg_total + sa.nseg, sizeof *ds->ent_seg)) != CR_OK) return rc;
    if ((rc = cr__grow(ctx, (void **)&ds->ent_share, &rs->sharecap, (size_t)nseg_total + sa.nseg, sizeof *ds->ent_share)) != CR_OK) return rc;
    for (size_t i = 0; i < sa.nseg; i++) {
        ds->ent_seg[nseg_total + (int64_t)i] = segbuf[i];
        ds->ent_share[nseg_total + (int64_t)i] = sharebuf[i];
    }
    nseg_total += (int64_t)sa.nseg;
    rs->nseg_total = nseg_total;
    ds->ent_seg_off[e + 1] = nseg_total;
    /* tags */
    ds->ent_tags[e] = 0;
    if (cols[CR__ENT_TAGS].idx >= 0) {
        size_t ft = (size_t)cols[CR__ENT_TAGS].idx;
        tag_arg ta = {src, ds, line, cr__csv_fcol(csv, ft), 0};
        cr__split_list(cr__csv_field(csv, ft), cr__csv_flen(csv, ft), add_tag_item, &ta);
        ds->ent_tags[e] = ta.mask;
    }
    /* tenancy */
    ds->ent_park[e] = -1;
    if (cols[CR__ENT_PARK].idx >= 0) {
        size_t fp = (size_t)cols[CR__ENT_PARK].idx;
        size_t plen = cr__csv_flen(csv, fp);
        if (plen) {
            int32_t p = cr__strtab_find(&ref->park_id, cr__csv_field(csv, fp), plen);
            if (p < 0 && rx->park_ok && cr__strtab_find(&ref->bad_park_id, cr__csv_field(csv, fp), plen) < 0)
                cr__diagf(src, line, cr__csv_fcol(csv, fp), "park", "tenant of unknown park '%s'", cr__csv_field(csv, fp));
            ds->ent_park[e] = p;
        }
    }
    ds->nent = e + 1;
    return src->rc;
}

/* ---- rows on threads -------------------------------------------------------
 *
 * enterprises.csv and links.csv are the big files (163 MB and 120 MB at a
 * million enterprises). With two or more threads and a file of at least
 * par_min bytes, the file is mapped, its header read as always, and its rows
 * split into parts at record starts (cr__csv_split), 4 a thread so a thread
 * slowed by other work does not hold the rest. Each part is read on a thread
 * by the same row function, into a dataset of its own (its own ids, tags,
 * sources, arrays) with a ctx of its own; the parts are then merged in file
 * order, so the dataset is the one the rows in order give: the same ids in
 * the same order and hash slots (cr__strtab_build), tags and sources
 * interned in order of first appearance, the same arrays.
 *
 * Messages: a part's diagnostics are not shown. When any part has one, or
 * the merge finds what only the whole file shows (an id repeated in two
 * parts, more than 64 tags), nothing of the parts is kept and the rows are
 * read again in order on the calling thread, which gives every message and
 * the exit code exactly as before. A file with problems costs one more read
 * (parts stop early once one has failed); a clean file, the common case of a
 * large file, is read once. */

/* Below this many bytes a file is read on one thread. Measured
 * (bench/results.md "Parallel CSV loading"): below ~1 MB the threads' start,
 * the map and the merge cost about what they save. */
static size_t par_min = (size_t)1 << 20;

void cr__load_set_par_min(size_t bytes) { par_min = bytes; }
unsigned long cr__csv_par_merged;

/* The arrays of a file's rows that parts write in place, one element a row
 * (plus1: n + 1 elements, a CSR offset array): the addresses of the fields
 * in a dataset, so the same list names the parts' views and the whole. */
typedef struct {
    void **field;
    size_t elem;
    int plus1;
} row_col;
enum { MAXCOL = 24 };
typedef int (*cols_fn)(cr_dataset *d, row_col *c);   /* fills c, returns the count */

/* After every part read cleanly: checks what only the whole file shows and
 * moves the rows into ds; *ok = 0 (ds unchanged) when the rows must be read
 * again in order. all: the arrays the parts wrote (part k's rows from at[k];
 * a plus1 array's from at[k] + k), moved into ds by the merge. */
typedef cr_error_t (*merge_fn)(cr__src *src, cr_dataset *ds, cr_dataset *all, cr_dataset *const *part, size_t np,
                               const size_t *at, int *ok);

typedef struct {
    row_fn row;
    cols_fn cols;
    merge_fn merge;
} file_ops;

/* Reads part [from, to) of head's text into part (its row arrays already
 * views of room for cap rows); 1 if every row was clean. */
static int part_rows(const cr__src *src, const cr__csv *head, size_t from, size_t to, const row_ctx *rx, row_fn fn,
                     size_t cap, cr_dataset *part, cr__csv **csv_out, int *failed)
{
    cr_ctx *w = cr_ctx_alloc();
    if (!w) return 0;
    cr_ctx_set_diag_limit(w, 1);
    cr__src ws = {w, src->file, CR_OK, NULL, NULL, NULL, src->doc_cols};
    cr__csv *csv = NULL;
    int ok = cr__csv_open_part(w, head, from, to, &csv) == CR_OK;
    row_state rs;
    row_state_init(&rs);
    rs.cap = cap;
    row_ctx rxp = *rx;
    rxp.in_part = 1;
    cr__csv_status st;
    for (long n = 0; ok; n++) {
        if (cr__csv_next(w, csv, &st) != CR_OK) { ok = 0; break; }
        if (st == CR__CSV_EOF) break;
        if (fn(&ws, &rxp, part, &rs, csv, st) != CR_OK || ws.rc != CR_OK || cr_ctx_ndiag_total(w)) ok = 0;
        if ((n & 1023) == 1023) {   /* another part failed: the file is read again anyway */
            int f;
#pragma omp atomic read
            f = *failed;
            if (f) ok = 0;
        }
    }
    cr_ctx_free(w);
    *csv_out = csv;
    return ok;
}

/* The rows of head's file on threads, if it is mapped and large enough:
 * *done = 1 when they are loaded into ds; 0 when the caller reads them in
 * order (nothing changed). Each part's row arrays are views into one array
 * for the file, sized by the parts' record bounds (cr__csv_max_records), so
 * a clean file's rows are written once, in place. */
static cr_error_t par_rows(cr__src *src, cr__csv *head, const row_ctx *rx, const file_ops *ops, cr_dataset *ds, int *done)
{
    *done = 0;
    const char *text;
    size_t len, pos;
    int nth = cr__nthreads(src->ctx);
    if (nth < 2 || !cr__csv_mem(head, &text, &len, &pos) || len - pos < par_min || len - pos == 0) return CR_OK;
    cr_ctx *ctx = src->ctx;
    size_t want = (size_t)nth * 4;
    size_t *cut = cr__calloc(ctx, want + 1, sizeof *cut);
    size_t *at = cr__calloc(ctx, want + 1, sizeof *at);
    cr_dataset **part = cr__calloc(ctx, want, sizeof *part);
    cr__csv **pcsv = cr__calloc(ctx, want, sizeof *pcsv);
    cr_dataset *all = cr__calloc(ctx, 1, sizeof *all);
    cr_error_t rc = CR_OK;
    row_col c[MAXCOL], pc[MAXCOL];
    int ncol = 0;
    if (!cut || !at || !part || !pcsv || !all) { rc = CR_ENOMEM; goto out; }
    size_t np = cr__csv_split(text, len, pos, want, cut);
    long npl = (long)np;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long k = 0; k < npl; k++) at[k + 1] = cr__csv_max_records(text, cut[k], cut[k + 1]);
    for (size_t k = 0; k < np; k++) at[k + 1] += at[k];
    ncol = ops->cols(all, c);
    for (int i = 0; i < ncol; i++) {
        size_t n = at[np] + (c[i].plus1 ? np : 0);
        if (!(*c[i].field = cr__malloc(ctx, n ? n : 1, c[i].elem))) { rc = CR_ENOMEM; goto out; }
    }
    for (size_t k = 0; k < np; k++) {
        if (!(part[k] = cr__calloc(ctx, 1, sizeof *part[k]))) { rc = CR_ENOMEM; goto out; }
        ops->cols(part[k], pc);
        for (int i = 0; i < ncol; i++) *pc[i].field = (char *)*c[i].field + (at[k] + (c[i].plus1 ? k : 0)) * c[i].elem;
    }
    int failed = 0;
#pragma omp parallel for num_threads(nth) schedule(dynamic, 1)
    for (long k = 0; k < npl; k++) {
        int ok = part_rows(src, head, cut[k], cut[k + 1], rx, ops->row, at[k + 1] - at[k], part[k], &pcsv[k], &failed);
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
    }
    if (failed) goto out;   /* (the region's end is a barrier: every write is seen) */
    if ((rc = ops->merge(src, ds, all, part, np, at, done)) != CR_OK || !*done) goto out;
    for (size_t k = 0; k < np; k++) cr__csv_absorb(head, pcsv[k]);
    cr__csv_par_merged++;
out:
    for (size_t k = 0; part && k < want; k++) {
        if (!part[k]) continue;
        ops->cols(part[k], pc);   /* views: not the part's to free */
        for (int i = 0; i < ncol; i++) *pc[i].field = NULL;
        cr_dataset_free(part[k]);
    }
    for (size_t k = 0; pcsv && k < want; k++) cr__csv_close(pcsv[k]);
    cr_dataset_free(all);   /* what the merge did not move */
    free(part);
    free(pcsv);
    free(cut);
    free(at);
    return rc;
}

/* Closes the gaps a part leaves when it has fewer rows than its bound (blank
 * lines, line breaks in quotes): part k's n[k] rows move from at[k] to the
 * rows before it, in order (memmove: they only move down). Then moves every
 * array but the plus1 ones from all to ds. */
static void take_cols(cr_dataset *ds, cr_dataset *all, cols_fn cols, size_t np, const size_t *at, const size_t *n)
{
    row_col c[MAXCOL], d[MAXCOL];
    int ncol = cols(all, c);
    cols(ds, d);
    for (int i = 0; i < ncol; i++) {
        if (c[i].plus1) continue;
        char *b = *c[i].field;
        for (size_t k = 0, to = 0; k < np; to += n[k], k++)
            if (to != at[k] && n[k]) memmove(b + to * c[i].elem, b + at[k] * c[i].elem, n[k] * c[i].elem);
        *d[i].field = b;
        *c[i].field = NULL;
    }
}

/* Appends the pools' strings in order to dst (empty): bytes and offsets. */
static cr_error_t pool_concat(cr_ctx *ctx, cr__strpool *dst, const cr__strpool *const *src, size_t np)
{
    size_t used = 0, n = 0;
    for (size_t k = 0; k < np; k++) { used += src[k]->used; n += src[k]->n; }
    if (!n) return CR_OK;
    dst->bytes = cr__malloc(ctx, used, 1);
    dst->off = cr__malloc(ctx, n, sizeof *dst->off);
    if (!dst->bytes || !dst->off) return CR_ENOMEM;
    dst->cap = used;
    dst->ncap = n;
    for (size_t k = 0; k < np; k++) {
        const cr__strpool *p = src[k];
        if (p->used) memcpy(dst->bytes + dst->used, p->bytes, p->used);
        for (size_t i = 0; i < p->n; i++) dst->off[dst->n + i] = p->off[i] + dst->used;
        dst->used += p->used;
        dst->n += p->n;
    }
    return CR_OK;
}

/* The enterprises' row arrays, in one fixed order. */
static int ent_cols(cr_dataset *d, row_col *c)
{
    int n = 0;
#define C(f, p1) do { c[n].field = (void **)&(f); c[n].elem = sizeof *(f); c[n].plus1 = (p1); n++; } while (0)
    C(d->ent_lat, 0); C(d->ent_lon, 0); C(d->ent_revenue, 0); C(d->ent_employees, 0); C(d->ent_invest, 0);
    C(d->ent_rd, 0);
    for (int i = 0; i < CR_NENV; i++) C(d->ent_int[i], 0);
    C(d->ent_water_int, 0); C(d->ent_plant_output, 0);
    for (int i = 0; i < CR_NRES; i++) C(d->ent_need[i], 0);
    C(d->ent_tags, 0); C(d->ent_park, 0); C(d->ent_seg_off, 1);
    return n;
}

static int link_cols(cr_dataset *d, row_col *c)
{
    int n = 0;
    C(d->link_sup, 0); C(d->link_cus, 0); C(d->link_w, 0); C(d->link_basis, 0); C(d->link_source, 0);
#undef C
    return n;
}

/* The parts' tags in order of first appearance into ds->tags; map[k][b] =
 * the bit of part k's tag b. *ok = 0 (ds->tags unchanged) past CR_MAX_DICT:
 * the in-order read names the tag that does not fit. */
static cr_error_t merge_tags(cr_ctx *ctx, cr_dataset *ds, cr_dataset *const *part, size_t np, int8_t (*map)[CR_MAX_DICT],
                             int *ok)
{
    cr__strtab fresh;
    cr__strtab_init(&fresh);
    cr_error_t rc = CR_OK;
    *ok = 1;
    for (size_t k = 0; k < np && rc == CR_OK; k++)
        for (size_t b = 0; b < cr__strtab_size(&part[k]->tags) && rc == CR_OK; b++) {
            const char *s = cr__strtab_get(&part[k]->tags, b);
            if (cr__strtab_find(&ds->tags, s, strlen(s)) < 0) rc = cr__strtab_intern(ctx, &fresh, s, strlen(s), &(int32_t){0}, NULL);
        }
    if (rc == CR_OK && cr__strtab_size(&ds->tags) + cr__strtab_size(&fresh) > CR_MAX_DICT) *ok = 0;
    cr__strtab_destroy(&fresh);
    for (size_t k = 0; k < np && rc == CR_OK && *ok; k++)
        for (size_t b = 0; b < cr__strtab_size(&part[k]->tags) && rc == CR_OK; b++) {
            const char *s = cr__strtab_get(&part[k]->tags, b);
            int32_t g;
            rc = cr__strtab_intern(ctx, &ds->tags, s, strlen(s), &g, NULL);
            map[k][b] = (int8_t)g;
        }
    return rc;
}

static cr_error_t ent_merge(cr__src *src, cr_dataset *ds, cr_dataset *all, cr_dataset *const *part, size_t np,
                            const size_t *at, int *ok)
{
    cr_ctx *ctx = src->ctx;
    *ok = 0;
    if (ds->nent || cr__strtab_size(&ds->ent_id) || cr__strtab_size(&ds->bad_ent_id)) return CR_OK;
    const cr__strpool **pools = cr__calloc(ctx, np, sizeof *pools);
    int8_t (*map)[CR_MAX_DICT] = cr__calloc(ctx, np, sizeof *map);
    size_t *n = cr__calloc(ctx, 3 * np, sizeof *n), *row0 = n + np, *seg0 = n + 2 * np;   /* rows, first row, first segment */
    cr__strtab ids;
    cr__strtab_init(&ids);
    cr_error_t rc = CR_OK;
    if (!pools || !map || !n) { rc = CR_ENOMEM; goto out; }
    size_t nall = 0, nseg = 0;
    for (size_t k = 0; k < np; k++) {
        n[k] = (size_t)part[k]->nent;
        row0[k] = nall;
        seg0[k] = nseg;
        nall += n[k];
        nseg += n[k] ? (size_t)part[k]->ent_seg_off[n[k]] : 0;
    }
    /* the ids: one table from the parts' pools, refused on a repeat */
    for (size_t k = 0; k < np; k++) pools[k] = &part[k]->ent_id.pool;
    int32_t dup;
    if ((rc = pool_concat(ctx, &ids.pool, pools, np)) != CR_OK || (rc = cr__strtab_build(ctx, &ids, &dup)) != CR_OK) goto out;
    if (dup >= 0) goto out;
    int tags_ok;
    if ((rc = merge_tags(ctx, ds, part, np, map, &tags_ok)) != CR_OK || !tags_ok) goto out;
    /* from here on the merge only moves rows: ds takes them */
    cr__strtab_destroy(&ds->ent_id);
    ds->ent_id = ids;
    cr__strtab_init(&ids);
    cr__strpool *pp[3] = {&ds->ent_name, &ds->ent_province, &ds->ent_city};
    for (int q = 0; q < 3; q++) {
        for (size_t k = 0; k < np; k++)
            pools[k] = q == 0 ? &part[k]->ent_name : q == 1 ? &part[k]->ent_province : &part[k]->ent_city;
        if ((rc = pool_concat(ctx, pp[q], pools, np)) != CR_OK) goto out;
    }
    ds->ent_seg = cr__malloc(ctx, nseg ? nseg : 1, sizeof *ds->ent_seg);
    ds->ent_share = cr__malloc(ctx, nseg ? nseg : 1, sizeof *ds->ent_share);
    if (!ds->ent_seg || !ds->ent_share) { rc = CR_ENOMEM; goto out; }
    /* segment offsets: part k's local ones from at[k] + k, to row0[k] + 1 on,
     * shifted by the segments before it (in order: they only move down) */
    int64_t *off = all->ent_seg_off;
    off[0] = 0;
    for (size_t k = 0; k < np; k++)
        for (size_t i = 1; i <= n[k]; i++) off[row0[k] + i] = off[at[k] + k + i] + (int64_t)seg0[k];
    ds->ent_seg_off = off;
    all->ent_seg_off = NULL;
    take_cols(ds, all, ent_cols, np, at, n);
    long npl = (long)np;
#pragma omp parallel for num_threads(cr__nthreads(ctx)) schedule(dynamic, 1)
    for (long k = 0; k < npl; k++) {
        const cr_dataset *p = part[k];
        size_t ps = (k + 1 < npl ? seg0[k + 1] : nseg) - seg0[k];   /* (its offsets are the file's by now) */
        for (size_t i = row0[k]; i < row0[k] + n[k]; i++) {   /* the part's tag bits to the file's */
            uint64_t t = ds->ent_tags[i], g = 0;
            for (; t; t &= t - 1) g |= (uint64_t)1 << map[k][__builtin_ctzll(t)];
            ds->ent_tags[i] = g;
        }
        if (ps) {
            memcpy(ds->ent_seg + seg0[k], p->ent_seg, ps * sizeof *p->ent_seg);
            memcpy(ds->ent_share + seg0[k], p->ent_share, ps * sizeof *p->ent_share);
        }
    }
    ds->nent = (int64_t)nall;
    *ok = 1;
out:
    cr__strtab_destroy(&ids);
    free(pools);
    free(map);
    free(n);
    return rc;
}

static const file_ops ent_ops = {ent_row, ent_cols, ent_merge};

cr_error_t cr__load_enterprises(cr__src *src, const char *path, cr_dataset *ds, const cr_load_params *lp,
                                int park_ok, int admin_present)
{
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[CR__ENT_NCOLS];
    for (int i = 0; i < CR__ENT_NCOLS; i++) {
        cols[i].name = cr__ent_columns[i];
        cols[i].required = i <= CR__ENT_SEGMENTS;
    }
    cr__csv *csv;
    /* mapped when its rows may be read on threads (not with extra rows: they follow the file's) */
    int par = cr__nthreads(ctx) > 1 && !lp->extra_enterprises;
    cr_error_t rc = par ? cr__csv_open_map(ctx, path, src->file, par_min, &csv) : cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader;
    if (!cr__csv_header(src, csv, cols, CR__ENT_NCOLS, &nheader)) goto done;
    if (cols[CR__ENT_LAT].idx < 0 && cols[CR__ENT_ADMIN].idx < 0) {
        cr__diagf(src, 1, 1, "lat", "missing location columns: give lat and lon, or admin");
        goto done;
    }
    if ((cols[CR__ENT_LAT].idx < 0) != (cols[CR__ENT_LON].idx < 0)) {
        cr__diagf(src, 1, 1, cols[CR__ENT_LAT].idx < 0 ? "lat" : "lon", "lat and lon columns must come together");
        goto done;
    }
    row_ctx rx = {ds, lp, cols, nheader, park_ok, admin_present, 0, 0};
    int done_par = 0;
    if (par && (rc = par_rows(src, csv, &rx, &ent_ops, ds, &done_par)) != CR_OK) goto done;
    if (!done_par) {
        row_state rs;
        row_state_init(&rs);
        cr__csv_status st;
        int extra = 0;   /* 1: reading lp->extra_enterprises */
        while ((rc = ent_next(src, lp, ds, &csv, cols, &rx.nheader, &extra, &st)) == CR_OK && st != CR__CSV_EOF)
            if ((rc = ent_row(src, &rx, ds, &rs, csv, st)) != CR_OK) goto done;
        if (extra) src->file = src->owned;
    }
    if (rc == CR_OK && ds->nent == 0 && cr__csv_nbad(csv) == 0)
        cr__diagf(src, 2, 1, "row", "no enterprise rows after the header");
    if (rc == CR_OK) cr__csv_finish(src, csv, cols, CR__ENT_NCOLS);
    for (int c = CR__ENT_PROVINCE; c <= CR__ENT_CITY && rc == CR_OK; c++)
        if (cols[c].idx < 0) rc = empty_pool(ctx, c == CR__ENT_PROVINCE ? &ds->ent_province : &ds->ent_city, (size_t)ds->nent);
done:
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- links --------------------------------------------------------------- */

/* One supply link row (docs/data-format.md "links.csv"). */
static cr_error_t link_row(cr__src *src, const row_ctx *rx, cr_dataset *ds, row_state *rs, cr__csv *csv, cr__csv_status st)
{
    cr_ctx *ctx = src->ctx;
    const cr__colspec *cols = rx->cols;
    const cr_dataset *ref = rx->ref;
    cr_error_t rc;
    if (st == CR__CSV_BAD || !cr__check_width(src, csv, rx->nheader)) return CR_OK;
    long line = cr__csv_line(csv);
    int32_t end[2];
    int bad = 0;
    for (int j = 0; j < 2; j++) {
        size_t f = (size_t)cols[j].idx;
        end[j] = cr__strtab_find(&ref->ent_id, cr__csv_field(csv, f), cr__csv_flen(csv, f));
        if (end[j] < 0) {
            bad = 1;
            if (!cr__csv_flen(csv, f)) cr__diagf(src, line, cr__csv_fcol(csv, f), cols[j].name, "missing enterprise id");
            else if (rx->ent_ok && cr__strtab_find(&ref->bad_ent_id, cr__csv_field(csv, f), cr__csv_flen(csv, f)) < 0)
                cr__diagf(src, line, cr__csv_fcol(csv, f), cols[j].name, "unknown enterprise '%s'", cr__csv_field(csv, f));
        }
    }
    if (!bad && end[0] == end[1]) {
        cr__diagf(src, line, cr__csv_fcol(csv, (size_t)cols[1].idx), "customer", "enterprise '%s' supplies itself",
                  cr__csv_field(csv, (size_t)cols[1].idx));
        bad = 1;
    }
    size_t fw = (size_t)cols[2].idx;
    double w = cr__num_field(src, line, cr__csv_fcol(csv, fw), "weight", cr__csv_field(csv, fw), cr__csv_flen(csv, fw),
                             NAN, CR__NUM_POS, &bad);
    if (isnan(w) && !bad) { cr__diagf(src, line, cr__csv_fcol(csv, fw), "weight", "missing weight"); bad = 1; }
    int basis = CR_BASIS_UNSTATED;
    int32_t source = -1;
    if (cols[4].idx >= 0) {
        size_t f = (size_t)cols[4].idx;
        if ((basis = cr__basis_field(src, line, cr__csv_fcol(csv, f), cr__csv_field(csv, f), cr__csv_flen(csv, f))) < 0) bad = 1;
    }
    if (bad) return CR_OK;
    if (cols[3].idx >= 0 &&
        (rc = cr__source_field(src, ds, &rs->sc, cr__csv_field(csv, (size_t)cols[3].idx), cr__csv_flen(csv, (size_t)cols[3].idx), &source)) != CR_OK)
        return rc;
    if ((size_t)ds->nlink >= rs->cap) {
        if (rx->in_part) return cr_ctx_fail(ctx, CR_EINTERNAL, "a part has more rows than its bound");
        size_t cap = rs->cap, nc = cap ? 2 * cap : 4096, c;
        c = cap; if ((rc = cr__grow(ctx, (void **)&ds->link_sup, &c, nc, sizeof(int32_t))) != CR_OK) return rc;
        c = cap; if ((rc = cr__grow(ctx, (void **)&ds->link_cus, &c, nc, sizeof(int32_t))) != CR_OK) return rc;
        c = cap; if ((rc = cr__grow(ctx, (void **)&ds->link_w, &c, nc, sizeof(double))) != CR_OK) return rc;
        c = cap; if ((rc = cr__grow(ctx, (void **)&ds->link_basis, &c, nc, sizeof(int8_t))) != CR_OK) return rc;
        c = cap; if ((rc = cr__grow(ctx, (void **)&ds->link_source, &c, nc, sizeof(int32_t))) != CR_OK) return rc;
        rs->cap = nc;
    }
    ds->link_sup[ds->nlink] = end[0];
    ds->link_cus[ds->nlink] = end[1];
    ds->link_w[ds->nlink] = w;
    ds->link_basis[ds->nlink] = (int8_t)basis;
    ds->link_source[ds->nlink] = source;
    ds->nlink++;
    return CR_OK;
}

static cr_error_t link_merge(cr__src *src, cr_dataset *ds, cr_dataset *all, cr_dataset *const *part, size_t np,
                             const size_t *at, int *ok)
{
    cr_ctx *ctx = src->ctx;
    *ok = 0;
    if (ds->nlink) return CR_OK;
    size_t nsrc = 0, nall = 0;
    for (size_t k = 0; k < np; k++) nsrc += cr__strtab_size(&part[k]->sources);
    /* sources in order of first appearance: each part's, interned in order */
    int32_t *map = cr__malloc(ctx, nsrc ? nsrc : 1, sizeof *map);
    size_t *n = cr__calloc(ctx, 3 * np, sizeof *n), *row0 = n + np, *src0 = n + 2 * np;
    cr_error_t rc = CR_OK;
    if (!map || !n) { rc = CR_ENOMEM; goto out; }
    for (size_t k = 0, s = 0; k < np; k++) {
        n[k] = (size_t)part[k]->nlink;
        row0[k] = nall;
        src0[k] = s;
        nall += n[k];
        for (size_t i = 0; i < cr__strtab_size(&part[k]->sources) && rc == CR_OK; i++) {
            const char *t = cr__strtab_get(&part[k]->sources, i);
            rc = cr__strtab_intern(ctx, &ds->sources, t, strlen(t), &map[s + i], NULL);
        }
        s += cr__strtab_size(&part[k]->sources);
    }
    if (rc != CR_OK) goto out;
    take_cols(ds, all, link_cols, np, at, n);
    long npl = (long)np;
#pragma omp parallel for num_threads(cr__nthreads(ctx)) schedule(dynamic, 1)
    for (long k = 0; k < npl; k++) {
        const int32_t *pm = map + src0[k];
        for (size_t i = row0[k]; i < row0[k] + n[k]; i++)
            if (ds->link_source[i] >= 0) ds->link_source[i] = pm[ds->link_source[i]];
    }
    ds->nlink = (int64_t)nall;
    *ok = 1;
out:
    free(map);
    free(n);
    return rc;
}

static const file_ops link_ops = {link_row, link_cols, link_merge};

cr_error_t cr__load_links(cr__src *src, const char *path, cr_dataset *ds, int ent_ok)
{
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[] = {{"supplier", 1, -1}, {"customer", 1, -1}, {"weight", 1, -1}, {"source", 0, -1}, {"basis", 0, -1}};
    cr__csv *csv;
    int par = cr__nthreads(ctx) > 1;
    cr_error_t rc = par ? cr__csv_open_map(ctx, path, src->file, par_min, &csv) : cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader;
    if (cr__csv_header(src, csv, cols, 5, &nheader)) {
        row_ctx rx = {ds, NULL, cols, nheader, 0, 0, ent_ok, 0};
        int done_par = 0;
        if (par) rc = par_rows(src, csv, &rx, &link_ops, ds, &done_par);
        if (rc == CR_OK && !done_par) {
            row_state rs;
            row_state_init(&rs);
            cr__csv_status st;
            while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF)
                if ((rc = link_row(src, &rx, ds, &rs, csv, st)) != CR_OK) break;
        }
        if (rc == CR_OK) cr__csv_finish(src, csv, cols, 5);
    }
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- history ------------------------------------------------------------- */

static const char *const hist_stage_names[] = {"signed", "landed", "operating", "withdrawn"};
enum { H_ENT, H_PARK, H_DATE, H_STAGE, H_SOURCE, H_BASIS, H_NCOLS };
static const cr__colspec hist_cols[H_NCOLS] = {{"enterprise", 1, -1}, {"park", 1, -1}, {"date", 1, -1},
                                               {"stage", 1, -1},      {"source", 0, -1}, {"basis", 0, -1}};

/* When an unknown enterprise or park id is reported: never (its file was
 * unusable, every id would be unknown), unless the id was on a rejected row
 * of its file (that row was reported already), or always (a history file
 * read against a loaded dataset). */
enum { UNKNOWN_QUIET, UNKNOWN_UNLESS_BAD, UNKNOWN_ALWAYS };

static int unknown_id(cr__src *src, cr__csv *csv, size_t f, const cr__strtab *bad, int rule, const char *what)
{
    const char *s = cr__csv_field(csv, f);
    if (rule == UNKNOWN_QUIET || (rule == UNKNOWN_UNLESS_BAD && cr__strtab_find(bad, s, cr__csv_flen(csv, f)) >= 0))
        return 1;
    cr__diagf(src, cr__csv_line(csv), cr__csv_fcol(csv, f), what, "unknown %s '%s'", what, s);
    return 1;
}

/* One history row (docs/data-format.md "history.csv"): the one parser of
 * the dataset's history.csv and of history files given to the backtest.
 * Returns 1 for a good row; a bad one has its diagnostics added. */
static int hist_row(cr__src *src, cr__csv *csv, const cr__colspec *cols, const cr_dataset *ds, int ent_rule,
                    int park_rule, int32_t *e, int32_t *p, int32_t *day, int8_t *stage, int8_t *basis)
{
    long line = cr__csv_line(csv);
    int bad = 0;
    size_t fe = (size_t)cols[H_ENT].idx, fp = (size_t)cols[H_PARK].idx, fd = (size_t)cols[H_DATE].idx,
           fs = (size_t)cols[H_STAGE].idx;
    *e = cr__strtab_find(&ds->ent_id, cr__csv_field(csv, fe), cr__csv_flen(csv, fe));
    if (*e < 0) bad |= unknown_id(src, csv, fe, &ds->bad_ent_id, ent_rule, "enterprise");
    *p = cr__strtab_find(&ds->park_id, cr__csv_field(csv, fp), cr__csv_flen(csv, fp));
    if (*p < 0) bad |= unknown_id(src, csv, fp, &ds->bad_park_id, park_rule, "park");
    if (cr__parse_date(cr__csv_field(csv, fd), cr__csv_flen(csv, fd), day) != 0) {
        cr__diagf(src, line, cr__csv_fcol(csv, fd), "date", "'%s' is not a date YYYY-MM-DD", cr__csv_field(csv, fd));
        bad = 1;
    }
    int sg = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(cr__csv_field(csv, fs), hist_stage_names[i])) sg = i;
    if (sg < 0) {
        cr__diagf(src, line, cr__csv_fcol(csv, fs), "stage",
                  "unknown stage '%s' (signed, landed, operating or withdrawn)", cr__csv_field(csv, fs));
        bad = 1;
    }
    *stage = (int8_t)sg;
    int b = CR_BASIS_UNSTATED;
    if (cols[H_BASIS].idx >= 0) {
        size_t f = (size_t)cols[H_BASIS].idx;
        if ((b = cr__basis_field(src, line, cr__csv_fcol(csv, f), cr__csv_field(csv, f), cr__csv_flen(csv, f))) < 0)
            bad = 1;
    }
    *basis = (int8_t)b;
    return !bad;
}

/* Reads path's history rows into h (which starts empty). sources: the
 * dataset being loaded, which also keeps each row's source (interned into
 * it) and basis; NULL for a history file read against a loaded dataset. */
static cr_error_t hist_read(cr__src *src, const char *path, const cr_dataset *ds, cr_dataset *sources, int ent_rule,
                            int park_rule, cr__history_rows *h)
{
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[H_NCOLS];
    memcpy(cols, hist_cols, sizeof cols);
    cr__csv *csv;
    CR_CHECK(cr__csv_open(ctx, path, src->file, &csv));
    size_t nheader, cap = 0;
    cr__source_cache sc = {-1, 0, {0}};
    cr_error_t rc = CR_OK;
    if (cr__csv_header(src, csv, cols, H_NCOLS, &nheader)) {
        cr__csv_status st;
        while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
            if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
            int32_t e, p, day, source = -1;
            int8_t sg, basis;
            if (!hist_row(src, csv, cols, ds, ent_rule, park_rule, &e, &p, &day, &sg, &basis)) continue;
            if (sources && cols[H_SOURCE].idx >= 0 &&
                (rc = cr__source_field(src, sources, &sc, cr__csv_field(csv, (size_t)cols[H_SOURCE].idx),
                                       cr__csv_flen(csv, (size_t)cols[H_SOURCE].idx), &source)) != CR_OK)
                break;
            if ((size_t)h->n >= cap) {
                size_t nc = cap ? 2 * cap : 1024, c;
                c = cap; if ((rc = cr__grow(ctx, (void **)&h->ent, &c, nc, sizeof(int32_t))) != CR_OK) break;
                c = cap; if ((rc = cr__grow(ctx, (void **)&h->park, &c, nc, sizeof(int32_t))) != CR_OK) break;
                c = cap; if ((rc = cr__grow(ctx, (void **)&h->date, &c, nc, sizeof(int32_t))) != CR_OK) break;
                c = cap; if ((rc = cr__grow(ctx, (void **)&h->stage, &c, nc, sizeof(int8_t))) != CR_OK) break;
                if (sources) {
                    c = cap; if ((rc = cr__grow(ctx, (void **)&h->source, &c, nc, sizeof(int32_t))) != CR_OK) break;
                    c = cap; if ((rc = cr__grow(ctx, (void **)&h->basis, &c, nc, sizeof(int8_t))) != CR_OK) break;
                }
                cap = nc;
            }
            h->ent[h->n] = e;
            h->park[h->n] = p;
            h->date[h->n] = day;
            h->stage[h->n] = sg;
            if (sources) {
                h->source[h->n] = source;
                h->basis[h->n] = basis;
            }
            h->n++;
        }
        if (rc == CR_OK) cr__csv_finish(src, csv, cols, H_NCOLS);
    }
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

cr_error_t cr__load_history(cr__src *src, const char *path, cr_dataset *ds, int ent_ok, int park_ok)
{
    cr__history_rows h;
    memset(&h, 0, sizeof h);
    cr_error_t rc = hist_read(src, path, ds, ds, ent_ok ? UNKNOWN_UNLESS_BAD : UNKNOWN_QUIET,
                              park_ok ? UNKNOWN_UNLESS_BAD : UNKNOWN_QUIET, &h);
    /* the dataset owns the arrays even after a failure: cr_dataset_free frees them */
    ds->hist_ent = h.ent;
    ds->hist_park = h.park;
    ds->hist_date = h.date;
    ds->hist_stage = h.stage;
    ds->hist_source = h.source;
    ds->hist_basis = h.basis;
    ds->nhist = h.n;
    return rc;
}

void cr__history_rows_destroy(cr__history_rows *h)
{
    void *arrays[] = {h->ent, h->park, h->date, h->stage, h->source, h->basis};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
    memset(h, 0, sizeof *h);
}

cr_error_t cr__history_read(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr__history_rows *h)
{
    memset(h, 0, sizeof *h);
    cr__src src = {ctx, path, CR_OK, NULL, NULL, NULL, NULL};
    size_t ndiag0 = cr_ctx_ndiag_total(ctx);
    cr_error_t rc = hist_read(&src, path, ds, NULL, UNKNOWN_ALWAYS, UNKNOWN_ALWAYS, h);
    if (rc == CR_OK && cr_ctx_ndiag_total(ctx) > ndiag0)
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: %zu bad history row(s)", path, cr_ctx_ndiag_total(ctx) - ndiag0);
    if (rc != CR_OK) cr__history_rows_destroy(h);
    return rc;
}
