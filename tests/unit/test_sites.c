/* Sites (docs/data-format.md "Sites"): the loader of tests/data/sites1 (order,
 * fields, the `park` shorthand, provenance columns) and tenancy as having a
 * site in the park, as of a cutoff: tenant lists, candidate counts, gaps,
 * density, partner anchoring, and the two evaluation paths agreeing.
 *
 * sites1 by hand. Enterprises M T1 T2 T3 N C1 C2 C3 C4 (indices 0..8), all in
 * chain k1. Sites: M: P (shorthand), P (rd, undated), hq off-park (2015),
 * Q (2022-07-01); T1: P (shorthand); T2: Q (sites.csv, undated); T3: Q
 * (shorthand; history: landed 2022-06-01); N: R (2023-05-05).
 *   no cutoff     P {M, T1}  Q {M, T2, T3}  R {N}
 *   2022-01-01    P {M, T1}  Q {T2}         R {}
 *   2022-07-01    P {M, T1}  Q {T2, T3}     R {}   (since < cutoff: M not yet)
 *   2023-01-01    P {M, T1}  Q {M, T2, T3}  R {}
 * Candidates of (park, k1) = 9 - tenants of the park. */
#include "rank_world.h"
#include "data/dataset.h"
#include "rank/rank_internal.h"

#include <stdio.h>
#include <string.h>

#define DIR CR_SOURCE_DIR "/tests/data/sites1"

enum { M, T1, T2, T3, N, C1, C2, C3, C4, NENT };

static int32_t day(cr_ctx *ctx, const char *s)
{
    int32_t d = 0;
    CR_TEST_OK(cr_eval_parse_date(ctx, s, &d));
    return d;
}

static void test_loader(cr_ctx *ctx)
{
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, DIR, NULL, &ds));
    if (!ds) { fprintf(stderr, "load: %s\n", cr_ctx_errmsg(ctx)); return; }
    const int32_t P = cr_dataset_find_park(ds, "P"), Q = cr_dataset_find_park(ds, "Q"), R = cr_dataset_find_park(ds, "R");
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "M"), M);
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "C4"), C4);
    CR_TEST_INT(cr_dataset_n_sites(ds), 8);
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    CR_TEST_INT(in.n_sites, 8);
    CR_TEST_INT(in.n_sites_in_parks, 7);
    CR_TEST_INT(in.n_tenants, 5);          /* M T1 T2 T3 N */
    CR_TEST_INT(ds->nent_multi, 1);        /* M */
    CR_TEST_INT(ds->ent_park[M], P);       /* the shorthand stays as it was */
    CR_TEST_INT(ds->ent_park[T2], -1);

    /* M's sites: undated first (the shorthand, then sites.csv order), then by since */
    int64_t f = -1;
    CR_TEST_INT(cr_dataset_enterprise_sites(ds, M, &f), 4);
    CR_TEST_INT(f, 0);
    cr_site s;
    char buf[16];
    cr_dataset_site(ds, f, &s);
    CR_TEST_INT(s.enterprise, M);
    CR_TEST_INT(s.park, P);
    CR_TEST_INT(s.since, CR_SINCE_UNKNOWN);
    CR_TEST_INT(s.kind, CR_SITE_PLANT);
    CR_TEST_INT(s.basis, CR_BASIS_UNSTATED);
    CR_TEST_STR(s.source, "enterprises.park");
    CR_TEST_NEAR(s.lat, 30, 0);
    CR_TEST_NEAR(s.lon, 114, 0);
    cr_dataset_site(ds, f + 1, &s);
    CR_TEST_INT(s.park, P);
    CR_TEST_INT(s.kind, CR_SITE_RD);
    CR_TEST_INT(s.basis, CR_BASIS_SYNTHETIC);
    CR_TEST_STR(s.source, "synthetic-city-chain-rule");
    cr_dataset_site(ds, f + 2, &s);
    CR_TEST_INT(s.park, -1);
    CR_TEST_INT(s.kind, CR_SITE_HQ);
    CR_TEST_INT(s.basis, CR_BASIS_INFERRED);
    CR_TEST_NEAR(s.lat, 31.0, 0);
    CR_TEST_NEAR(s.lon, 114.5, 0);
    CR_TEST_STR(cr_date_text(s.since, buf, sizeof buf), "2015-01-01");   /* a bare year */
    CR_TEST_INT(s.since, day(ctx, "2015-01-01"));
    cr_dataset_site(ds, f + 3, &s);
    CR_TEST_INT(s.park, Q);
    CR_TEST_NEAR(s.lat, 32, 0);                /* the park's point */
    CR_TEST_NEAR(s.lon, 112, 0);
    CR_TEST_STR(cr_date_text(s.since, buf, sizeof buf), "2022-07-01");
    CR_TEST_STR(s.source, "apple-supplier-list");
    CR_TEST_STR(cr_basis_name(s.basis), "observed");
    /* T2: sites.csv only, its own point; N: an office dated 2023 */
    CR_TEST_INT(cr_dataset_enterprise_sites(ds, T2, &f), 1);
    cr_dataset_site(ds, f, &s);
    CR_TEST_INT(s.enterprise, T2);
    CR_TEST_INT(s.park, Q);
    CR_TEST_NEAR(s.lat, 32.01, 0);
    CR_TEST_STR(s.source, "");
    CR_TEST_INT(cr_dataset_enterprise_sites(ds, N, &f), 1);
    cr_dataset_site(ds, f, &s);
    CR_TEST_INT(s.park, R);
    CR_TEST_STR(cr_site_kind_name(s.kind), "office");
    CR_TEST_INT(cr_dataset_enterprise_sites(ds, C1, &f), 0);
    CR_TEST_INT(cr_dataset_has_site_in(ds, M, Q), 1);
    CR_TEST_INT(cr_dataset_has_site_in(ds, M, R), 0);
    CR_TEST_INT(cr_dataset_has_site_in(ds, T2, Q), 1);
    /* the CSR covers every site once, in enterprise order */
    CR_TEST_INT(ds->ent_site_off[NENT], 8);
    for (int64_t i = 0; i < ds->nsite; i++)
        CR_TEST_TRUE(ds->ent_site_off[ds->site_ent[i]] <= i && i < ds->ent_site_off[ds->site_ent[i] + 1]);
    /* province / city; provenance of history and links */
    CR_TEST_STR(cr_dataset_enterprise_province(ds, M), "湖北省");
    CR_TEST_STR(cr_dataset_enterprise_city(ds, N), "长沙市");
    CR_TEST_STR(cr_dataset_enterprise_city(ds, C1), "");
    CR_TEST_STR(cr_dataset_history_source(ds, 0), "synthetic-preference");
    CR_TEST_INT(cr_dataset_history_basis(ds, 0), CR_BASIS_SYNTHETIC);
    CR_TEST_STR(cr_dataset_history_source(ds, 1), "");
    CR_TEST_INT(cr_dataset_history_basis(ds, 1), CR_BASIS_UNSTATED);
    CR_TEST_STR(cr_dataset_link_source(ds, 0), "ckg-product-chain");
    CR_TEST_INT(cr_dataset_link_basis(ds, 0), CR_BASIS_OBSERVED);
    CR_TEST_INT(cr_dataset_link_source(ds, 2)[0], 0);
    CR_TEST_INT(cr_dataset_link_basis(ds, 3), CR_BASIS_SYNTHETIC);
    CR_TEST_INT(ds->link_source[1], ds->link_source[3]);   /* one interned text */
    CR_TEST_STR(cr_basis_name(CR_BASIS_UNSTATED), "");
    CR_TEST_STR(cr_site_kind_name(CR_SITE_PLANT), "plant");
    CR_TEST_STR(cr_date_text(0, buf, sizeof buf), "1970-01-01");
    CR_TEST_STR(cr_date_text(day(ctx, "2024-02-29"), buf, sizeof buf), "2024-02-29");
    CR_TEST_STR(cr_date_text(CR_SINCE_UNKNOWN, buf, sizeof buf), "");
    cr_dataset_free(ds);
}

/* A dataset without sites.csv: the shorthand alone gives the sites. */
static void test_shorthand_only(cr_ctx *ctx)
{
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, CR_SOURCE_DIR "/tests/data/backtest1", NULL, &ds));
    if (!ds) return;
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    CR_TEST_INT(in.n_sites, 5);
    CR_TEST_INT(in.n_sites_in_parks, 5);
    CR_TEST_INT(in.n_tenants, 5);
    CR_TEST_INT(ds->nent_multi, 0);
    CR_TEST_STR(cr_dataset_enterprise_province(ds, 0), "");   /* no such column: "" for every row */
    CR_TEST_STR(cr_dataset_enterprise_city(ds, 10), "");
    CR_TEST_INT(ds->ent_city.n, 11);
    cr_dataset_free(ds);
}

static const char *SCHEME_W =
    "{\"name\":\"w\",\"criteria\":[{\"id\":\"gap\",\"weight\":2},{\"id\":\"partners\",\"weight\":2},"
    "{\"id\":\"density\",\"weight\":1},{\"id\":\"goose\",\"weight\":1},{\"id\":\"quality\",\"weight\":1}],"
    "\"aggregation\":{\"method\":\"wsm\"},\"params\":{\"radius_km\":100,\"half_distance_km\":30}}";
static const char *SCHEME_T =
    "{\"name\":\"t\",\"criteria\":[{\"id\":\"gap\",\"weight\":1},{\"id\":\"partners\",\"weight\":1},"
    "{\"id\":\"resources\",\"weight\":1},{\"id\":\"density\",\"weight\":1},{\"id\":\"quality\",\"weight\":1}],"
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"vector\"},\"params\":{\"radius_km\":250,\"half_distance_km\":50}}";

/* The tenants of p as a bit set over enterprises, from the park CSR, and
 * checked against cr_ranker_is_tenant for every enterprise. */
static unsigned tenants(const cr_ranker *r, int32_t p)
{
    unsigned set = 0;
    for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) {
        if (t > r->ten_off[p]) CR_TEST_TRUE(r->ten[t - 1] < r->ten[t]);   /* index order */
        set |= 1u << r->ten[t];
    }
    for (int e = 0; e < NENT; e++) CR_TEST_INT(cr_ranker_is_tenant(r, e, p), (set >> e) & 1);
    return set;
}

/* Fast path against the materialised one (all rows): the same rows, bits. */
static void compare_paths(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s, int64_t want_ncand,
                          unsigned ten)
{
    cr_rank_opts fast, slow;
    cr_rank_opts_default(&fast);
    fast.top = 5;
    slow = fast;
    slow.want_matrix = 1;
    slow.want_excluded = 1;
    cr_rank_result *a = NULL, *b = NULL;
    CR_TEST_OK(cr_rank_park(ctx, r, p, k, s, &fast, &a));
    CR_TEST_OK(cr_rank_park(ctx, r, p, k, s, &slow, &b));
    if (!a || !b) { cr_rank_result_free(a); cr_rank_result_free(b); return; }
    CR_TEST_INT(a->ncand, want_ncand);
    CR_TEST_INT(b->ncand, want_ncand);
    CR_TEST_INT(a->nrows, b->nrows);
    int same = a->nrows == b->nrows && a->nranked == b->nranked &&
               !memcmp(a->ent, b->ent, (size_t)a->nrows * sizeof *a->ent) &&
               !memcmp(a->value, b->value, (size_t)a->nrows * CR_NCRIT * sizeof *a->value);
    for (int64_t i = 0; same && i < a->nrows; i++) same = fabs(a->score[i] - b->score[i]) <= 1e-12 * fabs(b->score[i]);
    if (!same) fprintf(stderr, "paths differ at park %d scheme %s\n", p, cr_scheme_name(s));
    CR_TEST_TRUE(same);
    for (int64_t i = 0; i < b->nranked; i++) CR_TEST_TRUE(!((ten >> b->matrix_ent[i]) & 1));   /* no tenant ranked */
    cr_rank_result_free(a);
    cr_rank_result_free(b);
}

typedef struct {
    cr_rank_result **want;
    int calls, bad;
} batch_check;

static int on_batch(void *user, size_t job, const cr_rank_result *res)
{
    batch_check *c = user;
    c->calls++;
    if (!c->want[job] || !same_result(c->want[job], res)) c->bad++;
    return 0;
}

static double partners_of(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s, int64_t e,
                          int *tenant_partner)
{
    cr_explanation x;
    CR_TEST_OK(cr_rank_explain(ctx, r, p, k, s, e, &x));
    *tenant_partner = x.nshown > 0 ? x.partners[0].tenant : -1;
    return x.partner_sum;
}

static void test_tenancy(cr_ctx *ctx)
{
    world w;
    if (!world_load(ctx, &w, DIR)) return;
    const cr_dataset *ds = w.ds;
    const int32_t P = cr_dataset_find_park(ds, "P"), Q = cr_dataset_find_park(ds, "Q"), R = cr_dataset_find_park(ds, "R");
    const int32_t k = cr_dataset_find_chain(ds, "k1");
    cr_scheme *sw = NULL, *st = NULL;
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_W, strlen(SCHEME_W), "w.json", &sw));
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_T, strlen(SCHEME_T), "t.json", &st));
    if (!sw || !st) return;
    CR_TEST_INT(cr_ranker_chain_candidates(w.ranker, k), NENT);

    const char *cut[] = {NULL, "2022-01-01", "2022-07-01", "2023-01-01"};
    const unsigned want[4][3] = {
        {1u << M | 1u << T1, 1u << M | 1u << T2 | 1u << T3, 1u << N},
        {1u << M | 1u << T1, 1u << T2, 0},
        {1u << M | 1u << T1, 1u << T2 | 1u << T3, 0},
        {1u << M | 1u << T1, 1u << M | 1u << T2 | 1u << T3, 0},
    };
    const int32_t parks[3] = {P, Q, R};
    cr_ranker *rk[4] = {w.ranker, NULL, NULL, NULL};
    for (int c = 1; c < 4; c++) CR_TEST_OK(cr_ranker_new_as_of(ctx, w.model, day(ctx, cut[c]), &rk[c]));
    for (int c = 0; c < 4; c++) {
        if (!rk[c]) continue;
        CR_TEST_INT(cr_ranker_tenant_of(rk[c], M), P);   /* the shorthand's park first */
        for (int j = 0; j < 3; j++) {
            const unsigned got = tenants(rk[c], parks[j]);
            if (got != want[c][j])
                fprintf(stderr, "cutoff %s park %d: tenants %#x, want %#x\n", cut[c] ? cut[c] : "-", parks[j], got, want[c][j]);
            CR_TEST_INT(got, want[c][j]);
            const int64_t ncand = NENT - __builtin_popcount(want[c][j]);
            compare_paths(ctx, rk[c], parks[j], k, sw, ncand, want[c][j]);
            compare_paths(ctx, rk[c], parks[j], k, st, ncand, want[c][j]);
        }
    }
    /* batch (the streaming kernel with the three parks as lanes of one
     * sweep) gives cr_rank_park's bytes for each */
    for (int c = 0; c < 4; c++) {
        if (!rk[c]) continue;
        const cr_scheme *sch[2] = {sw, st};
        cr_rank_job jobs[6];
        for (int j = 0; j < 6; j++) { jobs[j].park = parks[j % 3]; jobs[j].chain = k; jobs[j].scheme = j / 3; }
        cr_rank_opts o;
        cr_rank_opts_default(&o);
        o.top = 4;
        cr_rank_result *want_res[6] = {NULL};
        for (int j = 0; j < 6; j++) CR_TEST_OK(cr_rank_park(ctx, rk[c], jobs[j].park, k, sch[j / 3], &o, &want_res[j]));
        batch_check bc = {want_res, 0, 0};
        CR_TEST_OK(cr_rank_batch(ctx, rk[c], sch, jobs, 6, &o, on_batch, &bc));
        CR_TEST_INT(bc.calls, 6);
        CR_TEST_INT(bc.bad, 0);
        for (int j = 0; j < 6; j++) cr_rank_result_free(want_res[j]);
    }

    if (rk[1] && rk[3]) {
        /* M anchors Q's partner sums as a tenant (decay 1, though 290 km away)
         * once it is there, and not before: C1 buys 500 from M. */
        int tp = -1;
        CR_TEST_NEAR(partners_of(ctx, rk[3], Q, k, sw, C1, &tp), 500.0, 0);
        CR_TEST_INT(tp, 1);
        CR_TEST_NEAR(partners_of(ctx, rk[1], Q, k, sw, C1, &tp), 0.0, 0);
        /* and P's as before, once: M sits at P's point, inside the radius,
         * but a tenant is not a radius anchor too (in rk[3] it is a tenant
         * of two parks, the case the cell copy marks CR__TEN_MULTI) */
        CR_TEST_NEAR(partners_of(ctx, rk[1], P, k, sw, C1, &tp), 500.0, 0);
        CR_TEST_INT(tp, 1);
        CR_TEST_NEAR(partners_of(ctx, rk[3], P, k, sw, C1, &tp), 500.0, 0);
        CR_TEST_INT(tp, 1);
        CR_TEST_NEAR(partners_of(ctx, w.ranker, P, k, st, C1, &tp), 500.0, 0);
    }
    if (rk[2] && rk[3]) {
        /* density: 2022-07-01 and 2023-01-01 differ only by M in Q, so
         * Q's row changes (were M counted in its first park only, the
         * two rankers would have the same tenant mix and density) */
        const size_t ns = (size_t)ds->nseg;
        int same_q = 1;
        for (size_t s = 0; s < ns; s++) same_q &= rk[2]->density[(size_t)Q * ns + s] == rk[3]->density[(size_t)Q * ns + s];
        CR_TEST_TRUE(!same_q);
    }
    /* gaps without a ranker: the dataset's sites, any date; M's revenue is Q's supply of B */
    cr_gap_params gp;
    cr_gap_params_default(&gp);
    cr_gaps *g = NULL;
    CR_TEST_OK(cr_gaps_compute(ctx, w.model, Q, k, &gp, &g));
    if (g) {
        CR_TEST_INT(g->n_tenants, 3);
        for (int32_t i = 0; i < g->n; i++)
            if (g->segment[i] == cr_dataset_find_segment(ds, "B")) CR_TEST_NEAR(g->supply[i], 5000.0, 0);
        cr_gaps_free(g);
    }
    for (int c = 1; c < 4; c++) cr_ranker_free(rk[c]);
    cr_scheme_free(sw);
    cr_scheme_free(st);
    world_free(&w);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_loader(ctx);
    test_shorthand_only(ctx);
    test_tenancy(ctx);
    cr_ctx_free(ctx);
    return cr_test_done();
}
