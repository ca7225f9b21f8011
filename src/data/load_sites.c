/* Sites of enterprises (sites.csv and the enterprises.csv `park` shorthand)
 * and the provenance columns shared with history and links
 * (docs/data-format.md "Sites", "Provenance").
 *
 * Rows are appended in input order while loading; cr__sites_finish adds one
 * site per `park` shorthand and orders everything by enterprise, then since,
 * then input order (a counting sort by enterprise, stable; then a stable
 * sort of each enterprise's few sites by since). Memory: 34 bytes a site. */
#include "data/load.h"
#include "core/core_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"plant", "hq", "rd", "office"};
static const char *const basis_names[] = {"", "observed", "inferred", "synthetic"};

static int word_is(const char *w, const char *s, size_t len) { return strlen(w) == len && !memcmp(w, s, len); }

/* ---- provenance ---------------------------------------------------------- */

cr_error_t cr__source_field(cr__src *src, cr_dataset *ds, cr__source_cache *c, const char *s, size_t len, int32_t *out)
{
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (!len) { *out = -1; return CR_OK; }
    /* Files repeat a handful of source texts over millions of rows: compare
     * with the previous row's before hashing. */
    if (c->last >= 0 && c->last_len == len && !memcmp(c->last_s, s, len)) { *out = c->last; return CR_OK; }
    cr_error_t rc = cr__strtab_intern(src->ctx, &ds->sources, s, len, out, NULL);
    if (rc != CR_OK) return rc;
    if (len <= sizeof c->last_s) {
        memcpy(c->last_s, s, len);
        c->last_len = len;
        c->last = *out;
    }
    return CR_OK;
}

int cr__basis_field(cr__src *src, long line, long col, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (!len) return CR_BASIS_UNSTATED;
    for (int i = 1; i < 4; i++)
        if (word_is(basis_names[i], s, len)) return i;
    cr__diagf(src, line, col, "basis", "unknown basis '%.*s' (observed, inferred or synthetic)", (int)(len > 40 ? 40 : len), s);
    return -1;
}

/* ---- sites.csv ----------------------------------------------------------- */

enum { S_ENT, S_PARK, S_LAT, S_LON, S_SINCE, S_KIND, S_BASIS, S_SOURCE, S_NCOLS };

/* Appends one site; *cap is the capacity of every site_* array. */
static cr_error_t site_push(cr_ctx *ctx, cr_dataset *ds, size_t *cap, int32_t e, int32_t p, double lat, double lon,
                            int32_t since, int kind, int basis, int32_t source)
{
    size_t n = (size_t)ds->nsite;
    if (n >= *cap) {
        size_t nc = *cap ? 2 * *cap : 256, c;
        cr_error_t rc;
#define G(ptr) do { c = *cap; if ((rc = cr__grow(ctx, (void **)&(ptr), &c, nc, sizeof *(ptr))) != CR_OK) return rc; } while (0)
        G(ds->site_ent); G(ds->site_park); G(ds->site_lat); G(ds->site_lon); G(ds->site_since);
        G(ds->site_kind); G(ds->site_basis); G(ds->site_source);
#undef G
        *cap = nc;
    }
    ds->site_ent[n] = e;
    ds->site_park[n] = p;
    ds->site_lat[n] = lat;
    ds->site_lon[n] = lon;
    ds->site_since[n] = since;
    ds->site_kind[n] = (int8_t)kind;
    ds->site_basis[n] = (int8_t)basis;
    ds->site_source[n] = source;
    ds->nsite = (int64_t)n + 1;
    return CR_OK;
}

cr_error_t cr__load_sites(cr__src *src, const char *path, cr_dataset *ds, int ent_ok, int park_ok)
{
    static const char *const names[S_NCOLS] = {"enterprise", "park", "lat", "lon", "since", "kind", "basis", "source"};
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[S_NCOLS];
    for (int i = 0; i < S_NCOLS; i++) {
        cols[i].name = names[i];
        cols[i].required = i == S_ENT;
    }
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader, cap = (size_t)ds->nsite;
    cr__source_cache sc = {-1, 0, {0}};
    if (!cr__csv_header(src, csv, cols, S_NCOLS, &nheader)) goto done;
    if (cols[S_PARK].idx < 0 && cols[S_LAT].idx < 0) {
        cr__diagf(src, 1, 1, "park", "missing location columns: give park, or lat and lon");
        goto done;
    }
    if ((cols[S_LAT].idx < 0) != (cols[S_LON].idx < 0)) {
        cr__diagf(src, 1, 1, cols[S_LAT].idx < 0 ? "lat" : "lon", "lat and lon columns must come together");
        goto done;
    }
    cr__csv_status st;
    while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
        if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
        const long line = cr__csv_line(csv);
        int bad = 0;
#define FIELD(c) cr__csv_field(csv, (size_t)cols[c].idx)
#define FLEN(c) (cols[c].idx >= 0 ? cr__csv_flen(csv, (size_t)cols[c].idx) : 0)
#define FCOL(c) cr__csv_fcol(csv, (size_t)cols[c].idx)
        /* enterprise */
        int32_t e = -1;
        if (!FLEN(S_ENT)) { cr__diagf(src, line, FCOL(S_ENT), "enterprise", "missing enterprise id"); bad = 1; }
        else {
            e = cr__strtab_find(&ds->ent_id, FIELD(S_ENT), FLEN(S_ENT));
            if (e < 0) {
                bad = 1;
                if (ent_ok && cr__strtab_find(&ds->bad_ent_id, FIELD(S_ENT), FLEN(S_ENT)) < 0)
                    cr__diagf(src, line, FCOL(S_ENT), "enterprise", "unknown enterprise '%s'", FIELD(S_ENT));
            }
        }
        /* park */
        int32_t p = -1;
        if (FLEN(S_PARK)) {
            p = cr__strtab_find(&ds->park_id, FIELD(S_PARK), FLEN(S_PARK));
            if (p < 0) {
                bad = 1;
                if (park_ok && cr__strtab_find(&ds->bad_park_id, FIELD(S_PARK), FLEN(S_PARK)) < 0)
                    cr__diagf(src, line, FCOL(S_PARK), "park", "unknown park '%s'", FIELD(S_PARK));
            }
        }
        /* point: both or neither; the park's when neither */
        double lat = NAN, lon = NAN;
        int locbad = 0;
        if (cols[S_LAT].idx >= 0) cr__csv_point(src, csv, (size_t)cols[S_LAT].idx, (size_t)cols[S_LON].idx, &lat, &lon, &locbad);
        bad |= locbad;
        if (!locbad && isnan(lat) && !FLEN(S_PARK)) {
            cr__diagf(src, line, cols[S_PARK].idx >= 0 ? FCOL(S_PARK) : FCOL(S_LAT), "park",
                      "no location: give park, or lat and lon");
            bad = 1;
        }
        if (!bad && isnan(lat)) { lat = ds->park_lat[p]; lon = ds->park_lon[p]; }
        /* since */
        int32_t since = INT32_MIN;
        if (FLEN(S_SINCE) && cr__parse_day_or_year(FIELD(S_SINCE), FLEN(S_SINCE), &since) != 0) {
            cr__diagf(src, line, FCOL(S_SINCE), "since", "'%s' is not a date YYYY or YYYY-MM-DD", FIELD(S_SINCE));
            bad = 1;
        }
        /* kind */
        int kind = CR_SITE_PLANT;
        if (FLEN(S_KIND)) {
            kind = -1;
            for (int i = 0; i < 4; i++)
                if (word_is(kind_names[i], FIELD(S_KIND), FLEN(S_KIND))) kind = i;
            if (kind < 0) {
                cr__diagf(src, line, FCOL(S_KIND), "kind", "unknown kind '%s' (plant, hq, rd or office)", FIELD(S_KIND));
                bad = 1;
            }
        }
        int basis = CR_BASIS_UNSTATED;
        if (FLEN(S_BASIS) && (basis = cr__basis_field(src, line, FCOL(S_BASIS), FIELD(S_BASIS), FLEN(S_BASIS))) < 0) bad = 1;
        int32_t source = -1;
        if (FLEN(S_SOURCE) && (rc = cr__source_field(src, ds, &sc, FIELD(S_SOURCE), FLEN(S_SOURCE), &source)) != CR_OK) break;
#undef FIELD
#undef FLEN
#undef FCOL
        if (bad) continue;
        if ((rc = site_push(ctx, ds, &cap, e, p, lat, lon, since, kind, basis, source)) != CR_OK) break;
        if (src->rc != CR_OK) { rc = src->rc; break; }
    }
    if (rc == CR_OK) cr__csv_finish(src, csv, cols, S_NCOLS);
done:
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- ordering ------------------------------------------------------------ */

/* Input order: the shorthand sites (appended last, at nrows..) come first,
 * then the sites.csv rows. */
typedef struct {
    const int32_t *since;
    int64_t nrows, nshort;
} order_key;

static int64_t input_rank(const order_key *k, int64_t i) { return i >= k->nrows ? i - k->nrows : i + k->nshort; }

static int site_before(const order_key *k, int64_t a, int64_t b)
{
    if (k->since[a] != k->since[b]) return k->since[a] < k->since[b];
    return input_rank(k, a) < input_rank(k, b);
}

/* One enterprise's sites by (since, input order): insertion sort for the
 * usual handful, a merge sort above (an enterprise with thousands of sites
 * stays O(n log n)). */
static void sort_sites(int64_t *v, int64_t *tmp, int64_t n, const order_key *k)
{
    if (n < 16) {
        for (int64_t i = 1; i < n; i++) {
            int64_t x = v[i], j = i;
            while (j > 0 && site_before(k, x, v[j - 1])) { v[j] = v[j - 1]; j--; }
            v[j] = x;
        }
        return;
    }
    int64_t h = n / 2, i = 0, j = h, t = 0;
    sort_sites(v, tmp, h, k);
    sort_sites(v + h, tmp, n - h, k);
    while (i < h && j < n) tmp[t++] = site_before(k, v[j], v[i]) ? v[j++] : v[i++];
    while (i < h) tmp[t++] = v[i++];
    while (j < n) tmp[t++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

#define PERMUTE(arr, T) do {                                                     \
        T *nv_ = cr__malloc(ctx, total + 1, sizeof *nv_);                        \
        if (!nv_) { rc = CR_ENOMEM; goto done; }                                 \
        for (size_t i_ = 0; i_ < total; i_++) nv_[i_] = (arr)[perm[i_]];         \
        free(arr);                                                               \
        (arr) = nv_;                                                             \
    } while (0)

cr_error_t cr__sites_finish(cr_ctx *ctx, cr_dataset *ds)
{
    cr_error_t rc = CR_OK;
    int64_t *perm = NULL, *tmp = NULL, *pos = NULL;
    size_t cap = (size_t)ds->nsite;   /* at most the arrays' capacity: growing from it only reallocates */
    const int64_t nrows = ds->nsite;
    int32_t shorthand = -1;
    for (int64_t e = 0; e < ds->nent; e++) {
        int32_t p = ds->ent_park[e];
        if (p < 0) continue;
        if (shorthand < 0) {
            static const char txt[] = "enterprises.park";
            if ((rc = cr__strtab_intern(ctx, &ds->sources, txt, sizeof txt - 1, &shorthand, NULL)) != CR_OK) goto done;
        }
        if ((rc = site_push(ctx, ds, &cap, (int32_t)e, p, ds->park_lat[p], ds->park_lon[p], INT32_MIN, CR_SITE_PLANT,
                            CR_BASIS_UNSTATED, shorthand)) != CR_OK) goto done;
    }
    const size_t total = (size_t)ds->nsite;
    const order_key key = {ds->site_since, nrows, (int64_t)total - nrows};
    ds->ent_site_off = cr__calloc(ctx, (size_t)ds->nent + 1, sizeof *ds->ent_site_off);
    perm = cr__malloc(ctx, total + 1, sizeof *perm);
    tmp = cr__malloc(ctx, total + 1, sizeof *tmp);
    pos = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *pos);
    if (!ds->ent_site_off || !perm || !tmp || !pos) { rc = CR_ENOMEM; goto done; }
    /* counting sort by enterprise, stable in input order */
    for (size_t i = 0; i < total; i++) ds->ent_site_off[ds->site_ent[i] + 1]++;
    for (int64_t e = 0; e < ds->nent; e++) ds->ent_site_off[e + 1] += ds->ent_site_off[e];
    memcpy(pos, ds->ent_site_off, (size_t)ds->nent * sizeof *pos);
    for (int64_t r = 0; r < (int64_t)total; r++) {
        int64_t i = r < key.nshort ? nrows + r : r - key.nshort;   /* the site of input rank r */
        perm[pos[ds->site_ent[i]]++] = i;
    }
    for (int64_t e = 0; e < ds->nent; e++) {
        int64_t a = ds->ent_site_off[e], n = ds->ent_site_off[e + 1] - a;
        if (n > 1) sort_sites(perm + a, tmp, n, &key);
    }
    PERMUTE(ds->site_ent, int32_t);
    PERMUTE(ds->site_park, int32_t);
    PERMUTE(ds->site_lat, double);
    PERMUTE(ds->site_lon, double);
    PERMUTE(ds->site_since, int32_t);
    PERMUTE(ds->site_kind, int8_t);
    PERMUTE(ds->site_basis, int8_t);
    PERMUTE(ds->site_source, int32_t);
    /* counts: sites in parks, enterprises in two or more parks */
    ds->nsite_park = 0;
    ds->nent_multi = 0;
    for (int64_t e = 0; e < ds->nent; e++) {
        int32_t first = -1;
        int multi = 0;
        for (int64_t j = ds->ent_site_off[e]; j < ds->ent_site_off[e + 1]; j++) {
            int32_t p = ds->site_park[j];
            if (p < 0) continue;
            ds->nsite_park++;
            if (first < 0) first = p;
            else if (p != first) multi = 1;
        }
        ds->nent_multi += multi;
    }
done:
    free(pos);
    free(perm);
    free(tmp);
    return rc;
}
#undef PERMUTE

/* ---- accessors ----------------------------------------------------------- */

int64_t cr_dataset_n_sites(const cr_dataset *ds) { return ds->nsite; }

int64_t cr_dataset_enterprise_sites(const cr_dataset *ds, int64_t e, int64_t *first)
{
    if (e < 0 || e >= ds->nent) { *first = 0; return 0; }
    *first = ds->ent_site_off[e];
    return ds->ent_site_off[e + 1] - ds->ent_site_off[e];
}

void cr_dataset_site(const cr_dataset *ds, int64_t i, cr_site *out)
{
    out->enterprise = ds->site_ent[i];
    out->park = ds->site_park[i];
    out->lat = ds->site_lat[i];
    out->lon = ds->site_lon[i];
    out->since = ds->site_since[i];
    out->kind = (cr_site_kind)ds->site_kind[i];
    out->basis = (cr_basis)ds->site_basis[i];
    out->source = ds->site_source[i] >= 0 ? cr__strtab_get(&ds->sources, (size_t)ds->site_source[i]) : "";
}

int cr_dataset_has_site_in(const cr_dataset *ds, int64_t e, int32_t p)
{
    if (e < 0 || e >= ds->nent || p < 0) return 0;
    for (int64_t j = ds->ent_site_off[e]; j < ds->ent_site_off[e + 1]; j++)
        if (ds->site_park[j] == p) return 1;
    return 0;
}

const char *cr_dataset_enterprise_province(const cr_dataset *ds, int64_t e) { return cr__strpool_get(&ds->ent_province, (size_t)e); }
const char *cr_dataset_enterprise_city(const cr_dataset *ds, int64_t e) { return cr__strpool_get(&ds->ent_city, (size_t)e); }

const char *cr_dataset_history_source(const cr_dataset *ds, int64_t h)
{
    int32_t s = ds->hist_source[h];
    return s >= 0 ? cr__strtab_get(&ds->sources, (size_t)s) : "";
}
cr_basis cr_dataset_history_basis(const cr_dataset *ds, int64_t h) { return (cr_basis)ds->hist_basis[h]; }
const char *cr_dataset_link_source(const cr_dataset *ds, int64_t l)
{
    int32_t s = ds->link_source[l];
    return s >= 0 ? cr__strtab_get(&ds->sources, (size_t)s) : "";
}
cr_basis cr_dataset_link_basis(const cr_dataset *ds, int64_t l) { return (cr_basis)ds->link_basis[l]; }

const char *cr_site_kind_name(cr_site_kind k) { return (unsigned)k < 4 ? kind_names[k] : "?"; }
const char *cr_basis_name(cr_basis b) { return (unsigned)b < 4 ? basis_names[b] : "?"; }

char *cr_date_text(int32_t days, char *buf, size_t size)
{
    if (!size) return buf;
    if (days == CR_SINCE_UNKNOWN) { buf[0] = '\0'; return buf; }
    /* civil_from_days (Howard Hinnant), proleptic Gregorian, as cr__parse_date's inverse */
    int64_t z = (int64_t)days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2);
    snprintf(buf, size, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
    return buf;
}
