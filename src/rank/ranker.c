/* The ranker: everything ranking derives from a dataset and its model once,
 * serially, before any parallel scoring (docs/model.md, "Ranking criteria"):
 * a tenant index (every park of each enterprise's sites), a spatial grid, the relatedness density of every park to
 * every segment (src/complexity, py-ecomplexity conventions), per-enterprise
 * values that do not depend on the park (greening, base head-goose score,
 * category mask) and the candidate list of each chain.
 * Memory: O(N) words per array, O(parks x segments) for the density. */
#include "rank/rank_internal.h"
#include <chainrank/cr_complexity.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

double cr_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double sp = sin((p2 - p1) / 2), sl = sin((lon2 - lon1) * rad / 2);
    double h = sp * sp + cos(p1) * cos(p2) * sl * sl;
    if (h > 1) h = 1;
    return 2.0 * 6371.0088 * asin(sqrt(h));
}

void cr_ranker_free(cr_ranker *r)
{
    if (!r) return;
    if (r->mapped) { free(r); return; }   /* arrays in a snapshot, unmapped with its dataset */
    free(r->seg_ten);
    free(r->ent_prov); free(r->ent_city); free(r->park_prov); free(r->park_city);
    free(r->tenant_of); free(r->ten_off); free(r->ten); free(r->eten_off); free(r->eten);
    free(r->cell_off); free(r->cell_ent);
    free(r->density); free(r->green); free(r->bench); free(r->goose0); free(r->ent_cats);
    free(r->cand_off); free(r->cand);
    free(r->erec);
    free(r->cell_lat); free(r->cell_lon); free(r->cell_cos); free(r->cell_xyz); free(r->cell_ten);
    free(r->cadj_off); free(r->cadj_to); free(r->cadj_w); free(r->cadj_sup);
    free(r->cell_of);
    free(r);
}

int64_t cr_ranker_chain_candidates(const cr_ranker *r, int32_t chain)
{
    if (chain < 0 || chain >= r->ds->nchain) return 0;
    return r->cand_off[chain + 1] - r->cand_off[chain];
}

static int64_t grid_cell(double lat, double lon)
{
    int64_t a = (int64_t)floor((lat + 90.0) / CR__GRID_DEG), b = (int64_t)floor((lon + 180.0) / CR__GRID_DEG);
    if (a < 0) a = 0;
    if (a >= CR__GRID_NLAT) a = CR__GRID_NLAT - 1;
    if (b < 0) b = 0;
    if (b >= CR__GRID_NLON) b = CR__GRID_NLON - 1;
    return a * CR__GRID_NLON + b;
}

static cr_error_t build_index(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    const int64_t n = ds->nent;
    const size_t ncell = (size_t)CR__GRID_NLAT * CR__GRID_NLON;
    r->cell_off = cr__calloc(ctx, ncell + 1, sizeof *r->cell_off);
    r->cell_ent = cr__malloc(ctx, (size_t)n + 1, sizeof *r->cell_ent);
    if (!r->cell_off || !r->cell_ent) return CR_ENOMEM;
    /* A counting sort keeps enterprise index order inside each cell. */
    for (int64_t e = 0; e < n; e++) r->cell_off[grid_cell(ds->ent_lat[e], ds->ent_lon[e]) + 1]++;
    for (size_t c = 0; c < ncell; c++) r->cell_off[c + 1] += r->cell_off[c];
    int64_t *cpos = cr__malloc(ctx, ncell, sizeof *cpos);
    if (!cpos) return CR_ENOMEM;
    memcpy(cpos, r->cell_off, ncell * sizeof *cpos);
    for (int64_t e = 0; e < n; e++) r->cell_ent[cpos[grid_cell(ds->ent_lat[e], ds->ent_lon[e])]++] = e;
    free(cpos);
    return CR_OK;
}

/* Density omega[p][s] of every park to every segment, from the parks x
 * segments matrix of tenants' revenue by segment share. Parks without
 * tenants and segments no park hosts are "dropped" by the complexity code
 * (NaN): their density is 0 here — nothing related is present. */
static cr_error_t build_density(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    size_t np = (size_t)ds->npark, ns = (size_t)ds->nseg;
    r->density = cr__calloc(ctx, np * ns + 1, sizeof *r->density);
    if (!r->density) return CR_ENOMEM;
    if (np == 0 || ns == 0) return CR_OK;
    double *v = cr__calloc(ctx, np * ns, sizeof *v);
    if (!v) return CR_ENOMEM;
    int any = 0;
    /* a tenant of several parks counts in each of them (tenants come from
     * the park CSR, in index order, so the sums are added as before) */
    for (int32_t p = 0; p < ds->npark; p++)
        for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) {
            const int64_t e = r->ten[t];
            for (int64_t j = ds->ent_seg_off[e]; j < ds->ent_seg_off[e + 1]; j++) {
                /* revenue 0 still marks presence: count the tenant with a token amount */
                double x = ds->ent_share[j] * (ds->ent_revenue[e] > 0 ? ds->ent_revenue[e] : 1.0);
                v[(size_t)p * ns + (size_t)ds->ent_seg[j]] += x;
                any = 1;
            }
        }
    cr_error_t rc = CR_OK;
    if (any) {
        cr_cx_params cp;
        cr_cx_params_default(&cp);
        cp.compute_indices = 0;
        /* The ranking model's density leaves a segment's proximity to itself
         * out (docs/model.md, criterion 5): a park's own presence in s must
         * not count as relatedness to s. This is a model rule, not the
         * relatedness command's default (which follows py-ecomplexity). */
        cp.proximity_diagonal = CR_CX_DIAG_ZERO;
        cr_cx_result *cx = NULL;
        rc = cr_cx_compute(ctx, np, ns, v, &cp, &cx);
        if (rc == CR_OK) {
            for (size_t k = 0; k < np * ns; k++) r->density[k] = isnan(cx->density[k]) ? 0.0 : cx->density[k];
            cr_cx_result_free(cx);
        }
    }
    free(v);
    return rc;
}

static cr_error_t build_enterprise(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    const cr_model *m = r->m;
    size_t n = (size_t)ds->nent + 1;
    r->green = cr__malloc(ctx, n, sizeof *r->green);
    r->bench = cr__malloc(ctx, n, sizeof *r->bench);
    r->goose0 = cr__malloc(ctx, n, sizeof *r->goose0);
    r->ent_cats = cr__calloc(ctx, n, sizeof *r->ent_cats);
    if (!r->green || !r->bench || !r->goose0 || !r->ent_cats) return CR_ENOMEM;
    /* plain arrays, disjoint writes: parallel (issue 19 d; no igraph here) */
    const int nt = cr__nthreads(ctx);
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1 && ds->nent > 65536)
    for (int64_t e = 0; e < ds->nent; e++) {
        double bw = 0, bs = 0;
        for (int64_t j = ds->ent_seg_off[e]; j < ds->ent_seg_off[e + 1]; j++) {
            int32_t s = ds->ent_seg[j];
            r->ent_cats[e] |= (uint64_t)1 << ds->seg_cat[s];
            if (!isnan(ds->seg_co2_bench[s])) {
                bw += ds->ent_share[j] * ds->seg_co2_bench[s];
                bs += ds->ent_share[j];
            }
        }
        double b = bs > 0 ? bw / bs : NAN, c = ds->ent_int[CR_ENV_CO2][e];
        r->bench[e] = b;
        /* g = 1/(1 + c/b): 1 at zero emission, 1/2 at the benchmark, -> 0 far above it. */
        if (c == 0) r->green[e] = 1.0;
        else if (isnan(b)) r->green[e] = 0.5;
        else if (b == 0) r->green[e] = 0.0;
        else r->green[e] = b / (b + c);
        int64_t indeg = m->in_off[e + 1] - m->in_off[e];
        r->goose0[e] = m->ent_pagerank[e] * (1.0 + log1p((double)indeg));
    }
    return CR_OK;
}

/* Candidates of each chain: enterprises with a positive share in one of
 * its segments, in index order. Chains are independent, so they are listed
 * in parallel (a count pass, then a fill pass into the CSR; issue 19 d: 30
 * chains x 1 M enterprises was a serial second of the ranker). */
static int64_t chain_candidates(const cr_dataset *ds, const uint8_t *in_chain, int64_t *out)
{
    int64_t len = 0;
    for (int64_t e = 0; e < ds->nent; e++) {
        int in = 0;
        for (int64_t j = ds->ent_seg_off[e]; j < ds->ent_seg_off[e + 1] && !in; j++)
            in = in_chain[ds->ent_seg[j]] && ds->ent_share[j] > 0;
        if (!in) continue;
        if (out) out[len] = e;
        len++;
    }
    return len;
}

static cr_error_t build_candidates(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    const int32_t nch = ds->nchain;
    const size_t ns = (size_t)ds->nseg + 1;
    r->cand_off = cr__calloc(ctx, (size_t)nch + 1, sizeof *r->cand_off);
    uint8_t *in_chain = cr__calloc(ctx, (size_t)nch * ns + 1, 1);   /* [chain][segment] */
    if (!r->cand_off || !in_chain) {
        free(in_chain);
        return CR_ENOMEM;
    }
    for (int32_t k = 0; k < nch; k++)
        for (int64_t i = ds->mem_off[k]; i < ds->mem_off[k + 1]; i++) in_chain[(size_t)k * ns + (size_t)ds->mem_seg[i]] = 1;
    const int nt = cr__nthreads(ctx);
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt) if (nt > 1 && nch > 1 && ds->nent > 65536)
    for (int32_t k = 0; k < nch; k++) r->cand_off[k + 1] = chain_candidates(ds, in_chain + (size_t)k * ns, NULL);
    for (int32_t k = 0; k < nch; k++) r->cand_off[k + 1] += r->cand_off[k];
    r->cand = cr__malloc(ctx, (size_t)r->cand_off[nch] + 1, sizeof *r->cand);
    if (!r->cand) {
        free(in_chain);
        return CR_ENOMEM;
    }
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt) if (nt > 1 && nch > 1 && ds->nent > 65536)
    for (int32_t k = 0; k < nch; k++) (void)chain_candidates(ds, in_chain + (size_t)k * ns, r->cand + r->cand_off[k]);
    free(in_chain);
    return CR_OK;
}

/* The streaming kernel's record of every enterprise (cr__cand_rec), shared
 * by all chains: 128 bytes an enterprise, whatever the number of chains. */
static cr_error_t build_records(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    const size_t n = (size_t)ds->nent;
    const size_t bytes = ((n + 1) * sizeof *r->erec + 63) / 64 * 64;
    r->erec = aligned_alloc(64, bytes);
    if (!r->erec) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu bytes)", bytes);
    const int nt = cr__nthreads(ctx);
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1 && n > 65536)
    for (size_t e = 0; e < n; e++) {
        cr__cand_rec *c = &r->erec[e];
        memset(c, 0, sizeof *c);   /* padding and unused segment slots: defined bytes */
        c->q = ds->ent_plant_output[e];
        for (int k = 0; k < CR_NRES; k++) c->need[k] = ds->ent_need[k][e];
        for (int k = 0; k < CR_NENV; k++) c->inten[k] = ds->ent_int[k][e];
        c->cats = r->ent_cats[e];
        c->e = (int32_t)e;
        const int64_t t0 = ds->ent_seg_off[e], ns = ds->ent_seg_off[e + 1] - t0;
        c->nseg = ns <= CR__REC_NSEG ? (int32_t)ns : -1;
        for (int64_t t = 0; t < ns && t < CR__REC_NSEG; t++) {
            c->seg[t] = ds->ent_seg[t0 + t];
            c->share[t] = ds->ent_share[t0 + t];
        }
    }
    memset(&r->erec[n], 0, sizeof r->erec[n]);
    return CR_OK;
}

/* Tenancy (docs/data-format.md "Sites"): e is a tenant of p iff e has a
 * site in p; as of a cutoff c, iff that site's since < c, or its since is
 * unknown and e's first non-withdrawn history row with p (if any) is before
 * c. Builds tenant_of, the park CSR ten_off/ten (index order) and, when
 * some enterprise is a tenant of two parks, the per-enterprise park lists.
 * Time O(sites + history); memory O(N) words. */
static cr_error_t build_tenancy(cr_ctx *ctx, cr_ranker *r, int has_cutoff, int32_t cutoff)
{
    const cr_dataset *ds = r->ds;
    const int64_t n = ds->nent;
    cr_error_t rc = CR_ENOMEM;
    int64_t *hoff = NULL, *hrow = NULL, *tpos = NULL;
    r->tenant_of = cr__malloc(ctx, (size_t)n + 1, sizeof *r->tenant_of);
    r->eten_off = cr__calloc(ctx, (size_t)n + 1, sizeof *r->eten_off);
    r->eten = cr__malloc(ctx, (size_t)ds->nsite_park + 1, sizeof *r->eten);
    r->ten_off = cr__calloc(ctx, (size_t)ds->npark + 1, sizeof *r->ten_off);
    if (!r->tenant_of || !r->eten_off || !r->eten || !r->ten_off) goto done;
    if (has_cutoff) {   /* history rows by enterprise (counting sort: row order kept) */
        hoff = cr__calloc(ctx, (size_t)n + 1, sizeof *hoff);
        hrow = cr__malloc(ctx, (size_t)ds->nhist + 1, sizeof *hrow);
        if (!hoff || !hrow) goto done;
        for (int64_t h = 0; h < ds->nhist; h++) hoff[ds->hist_ent[h] + 1]++;
        for (int64_t e = 0; e < n; e++) hoff[e + 1] += hoff[e];
        for (int64_t h = 0; h < ds->nhist; h++) hrow[hoff[ds->hist_ent[h]]++] = h;
        for (int64_t e = n; e > 0; e--) hoff[e] = hoff[e - 1];   /* back to starts */
        hoff[0] = 0;
    }
    int any_multi = 0;
    int64_t len = 0;
    for (int64_t e = 0; e < n; e++) {
        r->tenant_of[e] = -1;
        const int64_t a = len;
        for (int64_t j = ds->ent_site_off[e]; j < ds->ent_site_off[e + 1]; j++) {
            const int32_t p = ds->site_park[j];
            if (p < 0) continue;
            int in = 1;
            if (has_cutoff) {
                if (ds->site_since[j] != INT32_MIN) {
                    in = ds->site_since[j] < cutoff;
                } else {
                    int32_t first = INT32_MAX;
                    for (int64_t t = hoff[e]; t < hoff[e + 1]; t++) {
                        const int64_t h = hrow[t];
                        if (ds->hist_park[h] == p && ds->hist_stage[h] != CR_HIST_WITHDRAWN && ds->hist_date[h] < first)
                            first = ds->hist_date[h];
                    }
                    in = !(first != INT32_MAX && first >= cutoff);
                }
            }
            if (!in) continue;
            if (r->tenant_of[e] < 0) r->tenant_of[e] = p;
            int64_t i = len;   /* insert p into e's ascending set (a few parks at most) */
            while (i > a && r->eten[i - 1] > p) i--;
            if (i > a && r->eten[i - 1] == p) continue;
            memmove(r->eten + i + 1, r->eten + i, (size_t)(len - i) * sizeof *r->eten);
            r->eten[i] = p;
            len++;
        }
        r->eten_off[e + 1] = len;
        any_multi |= len - a > 1;
        for (int64_t j = a; j < len; j++) r->ten_off[r->eten[j] + 1]++;
    }
    for (int32_t p = 0; p < ds->npark; p++) r->ten_off[p + 1] += r->ten_off[p];
    r->ten = cr__malloc(ctx, (size_t)r->ten_off[ds->npark] + 1, sizeof *r->ten);
    tpos = cr__malloc(ctx, (size_t)ds->npark + 1, sizeof *tpos);
    if (!r->ten || !tpos) goto done;
    memcpy(tpos, r->ten_off, (size_t)ds->npark * sizeof *tpos);
    for (int64_t e = 0; e < n; e++)   /* e ascending: each park's tenants in index order */
        for (int64_t j = r->eten_off[e]; j < r->eten_off[e + 1]; j++) r->ten[tpos[r->eten[j]]++] = e;
    if (!any_multi) {   /* tenant_of is the whole story: the fast path of cr__ranker_is_tenant */
        free(r->eten_off); free(r->eten);
        r->eten_off = NULL;
        r->eten = NULL;
    }
    rc = CR_OK;
done:
    free(hoff); free(hrow); free(tpos);
    return rc;
}

/* The enterprises of the grid with what a radius query needs, copied in cell
 * order: coordinates, tenancy and links (out-links then in-links, the order
 * partner sums are accumulated in). A query then reads a few contiguous
 * runs instead of three random places per enterprise and per link; 21 bytes
 * per link end, 20 per enterprise. */
static cr_error_t build_cell_copy(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    const cr_model *m = r->m;
    const size_t n = (size_t)ds->nent;
    r->cell_lat = cr__malloc(ctx, n + 1, sizeof *r->cell_lat);
    r->cell_lon = cr__malloc(ctx, n + 1, sizeof *r->cell_lon);
    r->cell_cos = cr__malloc(ctx, n + 1, sizeof *r->cell_cos);
    r->cell_xyz = cr__malloc(ctx, 3 * (n + 1), sizeof *r->cell_xyz);
    r->cell_ten = cr__malloc(ctx, n + 1, sizeof *r->cell_ten);
    r->cadj_off = cr__malloc(ctx, n + 1, sizeof *r->cadj_off);
    if (!r->cell_lat || !r->cell_lon || !r->cell_cos || !r->cell_xyz || !r->cell_ten || !r->cadj_off)
        return CR_ENOMEM;
    const double rad = 3.14159265358979323846 / 180.0;
    size_t nl = 0;
    for (size_t k = 0; k < n; k++) {   /* link offsets: a prefix sum, serial */
        const int64_t e = r->cell_ent[k];
        r->cadj_off[k] = (int64_t)nl;
        nl += (size_t)(m->out_off[e + 1] - m->out_off[e] + m->in_off[e + 1] - m->in_off[e]);
    }
    r->cadj_off[n] = (int64_t)nl;
    /* the rest writes disjoint slots: parallel (issue 19 d) */
    const int nt = cr__nthreads(ctx);
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1 && n > 65536)
    for (size_t k = 0; k < n; k++) {
        int64_t e = r->cell_ent[k];
        r->cell_lat[k] = ds->ent_lat[e];
        r->cell_lon[k] = ds->ent_lon[e];
        const double p = ds->ent_lat[e] * rad, l = ds->ent_lon[e] * rad;
        r->cell_cos[k] = cos(p);   /* the p2 = lat2 x rad of cr_great_circle_km, so the same bits */
        r->cell_xyz[3 * k] = cos(p) * cos(l);
        r->cell_xyz[3 * k + 1] = cos(p) * sin(l);
        r->cell_xyz[3 * k + 2] = sin(p);
        r->cell_ten[k] = r->eten_off && r->eten_off[e + 1] - r->eten_off[e] > 1 ? CR__TEN_MULTI : r->tenant_of[e];
    }
    r->cell_of = cr__malloc(ctx, n + 1, sizeof *r->cell_of);
    r->cadj_to = cr__malloc(ctx, nl + 1, sizeof *r->cadj_to);
    r->cadj_w = cr__malloc(ctx, nl + 1, sizeof *r->cadj_w);
    r->cadj_sup = cr__malloc(ctx, nl + 1, sizeof *r->cadj_sup);
    if (!r->cell_of || !r->cadj_to || !r->cadj_w || !r->cadj_sup) return CR_ENOMEM;
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1 && n > 65536)
    for (size_t k = 0; k < n; k++) {
        int64_t e = r->cell_ent[k], j = r->cadj_off[k];
        r->cell_of[e] = (int32_t)k;
        for (int64_t t = m->out_off[e]; t < m->out_off[e + 1]; t++, j++) {
            r->cadj_to[j] = (int32_t)m->out_adj[t];
            r->cadj_w[j] = m->out_w[t];
            r->cadj_sup[j] = 1;
        }
        for (int64_t t = m->in_off[e]; t < m->in_off[e + 1]; t++, j++) {
            r->cadj_to[j] = (int32_t)m->in_adj[t];
            r->cadj_w[j] = m->in_w[t];
            r->cadj_sup[j] = 0;
        }
    }
    return CR_OK;
}

static cr_error_t ranker_new(cr_ctx *ctx, const cr_model *model, int has_cutoff, int32_t cutoff, cr_ranker **out)
{
    *out = NULL;
    if (!model || !model->has_supply)
        return cr_ctx_fail(ctx, CR_EINVAL, "ranking needs a model built with supply_metrics = 1");
    cr_ranker *r = cr__calloc(ctx, 1, sizeof *r);
    if (!r) return CR_ENOMEM;
    r->m = model;
    r->ds = model->ds;
    r->has_cutoff = has_cutoff;
    r->cutoff = has_cutoff ? cutoff : INT32_MAX;
    cr_error_t rc;
    if ((rc = build_tenancy(ctx, r, has_cutoff, cutoff)) != CR_OK || (rc = build_index(ctx, r)) != CR_OK ||
        (rc = build_density(ctx, r)) != CR_OK || (rc = build_enterprise(ctx, r)) != CR_OK ||
        (rc = build_candidates(ctx, r)) != CR_OK || (rc = build_records(ctx, r)) != CR_OK ||
        (rc = build_cell_copy(ctx, r)) != CR_OK || (rc = cr__ranker_likely_prepare(ctx, r)) != CR_OK) {
        cr_ranker_free(r);
        return rc;
    }
    *out = r;
    return CR_OK;
}

cr_error_t cr_ranker_new(cr_ctx *ctx, const cr_model *model, cr_ranker **out)
{
    return ranker_new(ctx, model, 0, 0, out);
}

cr_error_t cr_ranker_new_as_of(cr_ctx *ctx, const cr_model *model, int32_t cutoff, cr_ranker **out)
{
    return ranker_new(ctx, model, 1, cutoff, out);
}

void cr__near_init(cr__near_query *q, double lat, double lon, double radius_km)
{
    const double rad = 3.14159265358979323846 / 180.0;
    q->p1 = lat * rad;
    q->c1 = cos(q->p1);
    q->lon1 = lon;
    q->x = cos(q->p1) * cos(lon * rad);
    q->y = cos(q->p1) * sin(lon * rad);
    q->z = sin(q->p1);
    q->radius_km = radius_km;
    /* d <= radius <=> h <= sin^2(radius / 2R) while radius / 2R < pi/2 */
    const double half = radius_km / (2.0 * 6371.0088);
    q->hmax = half < 1.5 ? sin(half) * sin(half) * (1.0 + 1e-6) + 1e-14 : INFINITY;
}

int cr__ranker_radius_anchors(const cr_ranker *r, int32_t p, const cr_scheme *s, cr__anchor_fn fn, void *user)
{
    if (!(s->radius_km > 0)) return 0;
    cr__near_query q;
    cr__near_init(&q, r->ds->park_lat[p], r->ds->park_lon[p], s->radius_km);
    int64_t a0, a1, b0, b1;
    cr__ranker_radius_cells(r, p, s->radius_km, &a0, &a1, &b0, &b1);
    for (int64_t a = a0; a <= a1; a++)
        for (int64_t bb = b0; bb <= b1; bb++) {
            int64_t b = ((bb % CR__GRID_NLON) + CR__GRID_NLON) % CR__GRID_NLON;   /* wrap at the antimeridian */
            int64_t cell = a * CR__GRID_NLON + b;
            for (int64_t k = r->cell_off[cell]; k < r->cell_off[cell + 1]; k++) {
                /* anchored as a tenant already (a multi-park tenant: a look at its parks) */
                if (r->cell_ten[k] == p || (r->cell_ten[k] == CR__TEN_MULTI && cr__ranker_is_tenant(r, r->cell_ent[k], p)))
                    continue;
                double d;
                if (!cr__gc_near(&q, r, k, &d)) continue;
                const double dl = exp2(-d / s->half_km);
                if (dl > 0) {
                    int rc = fn(user, k, dl);
                    if (rc) return rc;
                }
            }
        }
    return 0;
}

void cr__anchor_cache_init(cr__anchor_cache *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < CR__ANCHOR_SLOTS; i++) c->slot[i].park = -1;
}

void cr__anchor_cache_destroy(cr__anchor_cache *c)
{
    for (int i = 0; i < CR__ANCHOR_SLOTS; i++) {
        free(c->slot[i].k);
        free(c->slot[i].decay);
    }
    cr__anchor_cache_init(c);
}

typedef struct {
    cr_ctx *ctx;
    cr__anchor_list *l;
    cr_error_t rc;
} anchor_fill;

static int anchor_put(void *user, int64_t k, double decay)
{
    anchor_fill *f = user;
    cr__anchor_list *l = f->l;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4096;
        int32_t *a = realloc(l->k, cap * sizeof *a);
        if (a) l->k = a;
        double *b = realloc(l->decay, cap * sizeof *b);
        if (b) l->decay = b;
        if (!a || !b) {
            f->rc = cr_ctx_fail(f->ctx, CR_ENOMEM, "out of memory (%zu radius anchors)", cap);
            return 1;
        }
        l->cap = cap;
    }
    l->k[l->n] = (int32_t)k;
    l->decay[l->n++] = decay;
    return 0;
}

cr_error_t cr__anchor_cache_get(cr_ctx *ctx, cr__anchor_cache *c, const cr_ranker *r, int32_t p, const cr_scheme *s,
                                const cr__anchor_list **out)
{
    int lru = 0;
    c->clock++;
    for (int i = 0; i < CR__ANCHOR_SLOTS; i++) {
        cr__anchor_list *l = &c->slot[i];
        /* radius and half-distance compared as numbers: the query reads only these */
        if (l->park == p && l->radius_km == s->radius_km && l->half_km == s->half_km) {
            l->used = c->clock;
            c->hits++;
            *out = l;
            return CR_OK;
        }
        if (l->used < c->slot[lru].used) lru = i;
    }
    c->misses++;
    cr__anchor_list *l = &c->slot[lru];
    l->park = -1;   /* invalid until filled */
    l->n = 0;
    anchor_fill f = {ctx, l, CR_OK};
    if (cr__ranker_radius_anchors(r, p, s, anchor_put, &f)) return f.rc;
    l->park = p;
    l->radius_km = s->radius_km;
    l->half_km = s->half_km;
    l->used = c->clock;
    *out = l;
    return CR_OK;
}

void cr__ranker_radius_cells(const cr_ranker *r, int32_t p, double radius_km, int64_t *a0, int64_t *a1, int64_t *b0,
                             int64_t *b1)
{
    const double plat = r->ds->park_lat[p], plon = r->ds->park_lon[p];
    const double dlat = radius_km / (6371.0088 * 3.14159265358979323846 / 180.0);
    double lat0 = plat - dlat, lat1 = plat + dlat;
    double cmax = cos((fabs(plat) + dlat) * 3.14159265358979323846 / 180.0);
    int whole = lat1 >= 90 || lat0 <= -90 || cmax <= 1e-6;
    double dlon = whole ? 180.0 : dlat / cmax;
    if (dlon >= 180.0) whole = 1;
    *a0 = (int64_t)floor((lat0 + 90.0) / CR__GRID_DEG);
    *a1 = (int64_t)floor((lat1 + 90.0) / CR__GRID_DEG);
    if (*a0 < 0) *a0 = 0;
    if (*a1 >= CR__GRID_NLAT) *a1 = CR__GRID_NLAT - 1;
    *b0 = 0;
    *b1 = CR__GRID_NLON - 1;
    if (!whole) {
        *b0 = (int64_t)floor((plon - dlon + 180.0) / CR__GRID_DEG);
        *b1 = (int64_t)floor((plon + dlon + 180.0) / CR__GRID_DEG);
        if (*b1 - *b0 >= CR__GRID_NLON) { *b0 = 0; *b1 = CR__GRID_NLON - 1; }
    }
}

int cr_ranker_is_tenant(const cr_ranker *r, int64_t e, int32_t p)
{
    return e >= 0 && e < r->ds->nent && p >= 0 && p < r->ds->npark && cr__ranker_is_tenant(r, e, p);
}

const cr_dataset *cr_ranker_dataset(const cr_ranker *r)
{
    return r->ds;
}

int32_t cr_ranker_tenant_of(const cr_ranker *r, int64_t e)
{
    return e >= 0 && e < r->ds->nent ? r->tenant_of[e] : -1;
}
