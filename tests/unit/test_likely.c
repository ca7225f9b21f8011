/* Landing likelihood: features by hand, the event rules, the fit's
 * determinism and model file, and the evidence's units on
 * tests/data/likely1 (docs/likelihood.md). */
#include "cr_test.h"
#include "rank_world.h"
#include "likely/events.h"
#include "data/dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int32_t jan1(int y)
{
    return cr__lk_jan1(y);
}

static void test_features(cr_ctx *ctx, world *w)
{
    const cr_dataset *ds = w->ds;
    cr_ranker *r = NULL;
    CR_TEST_OK(cr_ranker_new_as_of(ctx, w->model, jan1(2015), &r));
    int64_t a1 = cr_dataset_find_enterprise(ds, "A1");
    int32_t p1 = cr_dataset_find_park(ds, "P1"), p3 = cr_dataset_find_park(ds, "P3");
    double x[CR_LK_NFEAT];
    cr_likely_drivers d;
    cr_likely_features(r, a1, p1, x, &d);
    /* A1's known sites as of 2015-01-01: P3 and the point in Suzhou (2012);
     * its P1 plant (since 2015) is not known yet: since == cutoff */
    double near = cr_great_circle_km(31.30, 120.60, 31.30, 120.61);
    CR_TEST_NEAR(x[CR_LK_SITE_KM], log1p(near), 1e-12);
    CR_TEST_NEAR(d.site_km, near, 1e-12);
    CR_TEST_NEAR(x[CR_LK_HQ_KM], log1p(cr_great_circle_km(31.30, 120.60, 22.55, 114.06)), 1e-12);
    CR_TEST_INT(d.nsites, 2);
    CR_TEST_NEAR(x[CR_LK_FIRM_SITES], log1p(2.0), 1e-15);
    CR_TEST_INT(d.sites_near, 1);
    CR_TEST_NEAR(x[CR_LK_SITES_NEAR], log1p(1.0), 1e-15);
    CR_TEST_INT(d.same_province, 0);          /* HQ and parks of its sites in 广东, P1 in 江苏 */
    CR_TEST_NEAR(x[CR_LK_NATIONAL], 1.0, 0);
    CR_TEST_NEAR(x[CR_LK_PARK_TENANTS], log1p(1.0), 1e-15);   /* A2 only */
    CR_TEST_INT(d.seg_tenants, 0);            /* A2 assembles, A1 makes components */
    CR_TEST_INT(d.partners, 1);               /* A1 supplies A2, a tenant of P1 */
    CR_TEST_NEAR(x[CR_LK_RECENT], 0.0, 0);    /* sites of 2012, window [2013-01-01, 2015-01-01) */
    CR_TEST_TRUE(x[CR_LK_DENSITY] >= 0 && x[CR_LK_DENSITY] <= 1);
    CR_TEST_TRUE(cr_ranker_is_tenant(r, a1, p3));
    CR_TEST_TRUE(!cr_ranker_is_tenant(r, a1, p1));
    cr_ranker_free(r);

    /* a year later the P1 plant is known: distance 0, tenant of P1, a recent site */
    CR_TEST_OK(cr_ranker_new_as_of(ctx, w->model, jan1(2016), &r));
    cr_likely_features(r, a1, p3, x, &d);
    CR_TEST_INT(d.nsites, 3);
    CR_TEST_NEAR(x[CR_LK_RECENT], log1p(1.0), 1e-15);
    CR_TEST_TRUE(cr_ranker_is_tenant(r, a1, p1));
    cr_ranker_free(r);
}

static void test_events(cr_ctx *ctx, world *w)
{
    const cr_dataset *ds = w->ds;
    int32_t src = cr__strtab_find(&ds->sources, "obs", 3);
    CR_TEST_TRUE(src >= 0);
    uint8_t *pop = malloc((size_t)ds->nent);
    static const struct { int year; const char *e, *p; int npop; } want[] = {
        {2013, NULL, NULL, 4},    /* A4's first listing (2013) is no new plant */
        {2014, "A3", "P4", 5},    /* A5 (no site of the source) never counts */
        {2015, "A1", "P1", 5},
        {2016, "A2", "P2", 5},    /* A6 in P3: already a tenant there */
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        cr_ranker *r = NULL;
        CR_TEST_OK(cr_ranker_new_as_of(ctx, w->model, jan1(want[i].year), &r));
        cr__lk_event *ev = NULL;
        size_t n = 0;
        CR_TEST_OK(cr__lk_year_events(ctx, r, ds, src, want[i].year, pop, &ev, &n));
        int np = 0;
        for (int64_t e = 0; e < ds->nent; e++) np += pop[e];
        CR_TEST_INT(np, want[i].npop);
        CR_TEST_INT(n, want[i].e ? 1 : 0);
        if (want[i].e && n == 1) {
            CR_TEST_STR(cr_dataset_enterprise_id(ds, ev[0].e), want[i].e);
            CR_TEST_STR(cr_dataset_park_id(ds, ev[0].p), want[i].p);
        }
        free(ev);
        cr_ranker_free(r);
    }
    free(pop);
}

static void test_fit_and_file(cr_ctx *ctx, world *w)
{
    cr_likely_fit_opts fo;
    cr_likely_fit_opts_default(&fo);
    fo.source = "obs";
    fo.from_year = 2014;
    fo.cutoff = jan1(2017);
    fo.neg_rate = 1.0;    /* every case: the intercept needs no correction */
    cr_likely_model *a = NULL, *b = NULL, *c = NULL;
    CR_TEST_OK(cr_likely_fit(ctx, w->model, &fo, &a));
    CR_TEST_OK(cr_likely_fit(ctx, w->model, &fo, &b));
    cr_likely_model_info ia, ib;
    cr_likely_model_get_info(a, &ia);
    cr_likely_model_get_info(b, &ib);
    CR_TEST_INT(ia.n_events, 3);
    CR_TEST_INT(ia.from_year, 2014);
    CR_TEST_INT(ia.to_year, 2016);
    CR_TEST_TRUE(ia.converged);
    CR_TEST_TRUE(memcmp(ia.beta, ib.beta, sizeof(double) * (CR_LK_NFEAT + 1)) == 0);
    /* cases: population x parks not yet theirs, per year */
    CR_TEST_TRUE(ia.n_pairs > 3);
    /* the distance coefficient points the right way even on three events */
    CR_TEST_TRUE(ia.beta[1 + CR_LK_SITE_KM] < 0);

    /* the file round-trips to the same predictions, bit for bit */
    char *json = NULL;
    CR_TEST_OK(cr_likely_model_json(ctx, a, &json));
    CR_TEST_OK(cr_likely_model_parse(ctx, json, strlen(json), "mem", &c));
    double x[CR_LK_NFEAT];
    for (int j = 0; j < CR_LK_NFEAT; j++) x[j] = 0.3 * j - 1;
    CR_TEST_TRUE(cr_likely_model_eta(a, x) == cr_likely_model_eta(c, x));
    double p = cr_likely_model_prob(a, x), eta = cr_likely_model_eta(a, x);
    CR_TEST_NEAR(p, 1 / (1 + exp(-eta)), 1e-15);
    free(json);

    /* bad model files: messages name the file, the place and the problem */
    cr_likely_model *bad = NULL;
    const char *t1 = "{\"format\": \"chainrank-likelihood/1\", \"intercept\": {\"beta\": 1}, \"features\": ["
                     "{\"name\": \"nope\", \"mean\": 0, \"sd\": 1, \"beta\": 0}]}";
    CR_TEST_INT(cr_likely_model_parse(ctx, t1, strlen(t1), "m.json", &bad), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "m.json:1:") && strstr(cr_ctx_errmsg(ctx), "unknown feature 'nope'"));
    const char *t2 = "{\"format\": \"chainrank-likelihood/1\", \"intercept\": {\"beta\": 1}, \"features\": []}";
    CR_TEST_INT(cr_likely_model_parse(ctx, t2, strlen(t2), "m.json", &bad), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "feature 'site_km' missing") != NULL);
    CR_TEST_TRUE(bad == NULL);

    /* no events of the source: refused, not a silent model */
    fo.source = "nobody";
    cr_likely_model *none = NULL;
    CR_TEST_INT(cr_likely_fit(ctx, w->model, &fo, &none), CR_EINVAL);
    CR_TEST_TRUE(none == NULL);
    cr_likely_model_free(a);
    cr_likely_model_free(b);
    cr_likely_model_free(c);
}

static void test_evidence(cr_ctx *ctx, world *w)
{
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_load(ctx, CR_SOURCE_DIR "/datasets/schemes/balanced.json", &s));
    cr_evidence_opts eo;
    cr_evidence_opts_default(&eo);
    eo.source = "obs";
    eo.train_from = 2014;
    eo.from_year = 2015;
    eo.to_year = 2016;
    eo.k1 = 1;
    eo.k2 = 2;
    eo.boot = 50;
    eo.fit.neg_rate = 1.0;
    const char *names[] = {"balanced"};
    cr_evidence_result *R = NULL;
    CR_TEST_OK(cr_likely_evidence(ctx, w->model, &s, names, 1, &eo, &R));
    /* 2015: A1 -> P1; 2016: A2 -> P2 (A6 -> P3 is a second plant in its own park) */
    CR_TEST_INT(R->events, 2);
    CR_TEST_INT(R->events_used, 2);
    CR_TEST_INT(R->nunits, 2);
    CR_TEST_INT(R->nclusters, 2);
    /* unit 2015/P1: the population of 2015 (A1 A2 A3 A4 A6) minus P1's tenant A2 */
    CR_TEST_INT(R->unit_year[0], 2015);
    CR_TEST_STR(cr_dataset_park_id(w->ds, R->unit_park[0]), "P1");
    CR_TEST_INT(R->unit_m[0], 4);
    CR_TEST_INT(R->unit_rel[0], 1);
    CR_TEST_STR(R->name[0], "likelihood");
    /* recall@2 and AP are in [0, 1]; the random baseline's AP with one
     * relevant among 4 averages 1/4 (1 + 1/2 + 1/3 + 1/4) = 0.52 over orders */
    size_t rnd = 0;
    for (size_t i = 0; i < R->nmethods; i++)
        if (!strcmp(R->name[i], "random")) rnd = i;
    CR_TEST_TRUE(rnd > 0);
    double ap = R->unit_metric[(0 * R->nmethods + rnd) * CR_EV_NMETRIC + CR_EV_AP];
    CR_TEST_TRUE(ap > 0.25 && ap < 1.0);
    for (size_t i = 0; i < R->nmethods * CR_EV_NMETRIC; i++)
        CR_TEST_TRUE(isnan(R->mean[i]) || (R->mean[i] >= 0 && R->mean[i] <= 1));
    cr_evidence_result_free(R);
    cr_scheme_free(s);
}

static cr_scheme *scheme(cr_ctx *ctx, const char *agg_extra, const char *more)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"t\", \"criteria\": [{\"id\": \"gap\", \"weight\": 0.5}, {\"id\": \"partners\", \"weight\": 0.2},"
             " {\"id\": \"quality\", \"weight\": 0.3}], \"aggregation\": {\"method\": \"topsis\"%s}%s}",
             agg_extra, more);
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_parse(ctx, text, strlen(text), "t.json", &s));
    return s;
}

static int64_t row_of(const cr_rank_result *res, int64_t e)
{
    for (int64_t k = 0; k < res->nrows; k++)
        if (res->ent[k] == e) return k;
    return -1;
}

/* The criterion, the expected value and the candidate pool in cr_rank_park. */
static void test_ranking(cr_ctx *ctx, world *w)
{
    const cr_dataset *ds = w->ds;
    int32_t p1 = cr_dataset_find_park(ds, "P1"), p2 = cr_dataset_find_park(ds, "P2"), ele = 0;
    int64_t a1 = cr_dataset_find_enterprise(ds, "A1"), a5 = cr_dataset_find_enterprise(ds, "A5");
    cr_likely_fit_opts fo;
    cr_likely_fit_opts_default(&fo);
    fo.source = "obs";
    fo.from_year = 2014;
    fo.neg_rate = 1.0;
    cr_likely_model *lm = NULL;
    CR_TEST_OK(cr_likely_fit(ctx, w->model, &fo, &lm));
    cr_rank_opts all, top;
    cr_rank_opts_default(&all);
    all.top = 0;
    all.want_excluded = 1;   /* the matrix path */
    cr_rank_opts_default(&top);
    top.top = 5;             /* the streaming path for streamable schemes */

    /* no model anywhere: the value is not computed (NaN), and a scheme that needs it is refused */
    cr_scheme *plain = scheme(ctx, "", ""), *ev = scheme(ctx, ", \"expected_value\": true", "");
    cr_rank_result *a = NULL, *b = NULL;
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, plain, &top, &a));
    for (int64_t k = 0; a && k < a->nrows; k++) CR_TEST_TRUE(isnan(a->value[k * CR_NCRIT + CR_CRIT_LIKELIHOOD]));
    cr_rank_result_free(a);
    a = NULL;
    CR_TEST_INT(cr_rank_park(ctx, w->ranker, p2, ele, ev, &all, &a), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no model") != NULL);

    /* with a model: the value is the model's probability of the features, on both paths */
    cr_scheme_set_likelihood(plain, lm);
    cr_scheme_set_likelihood(ev, lm);
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, plain, &top, &a));
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, plain, &all, &b));
    for (int64_t k = 0; a && b && k < a->nrows; k++) {
        double x[CR_LK_NFEAT];
        cr_likely_features(w->ranker, a->ent[k], p2, x, NULL);
        double want = cr_likely_model_prob(lm, x);
        CR_TEST_TRUE(a->value[k * CR_NCRIT + CR_CRIT_LIKELIHOOD] == want);
        int64_t j = row_of(b, a->ent[k]);
        CR_TEST_TRUE(j >= 0 && b->value[j * CR_NCRIT + CR_CRIT_LIKELIHOOD] == want);
    }
    /* expected value: the same TOPSIS value times the likelihood, bit for bit */
    cr_rank_result *c = NULL;
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, ev, &all, &c));
    CR_TEST_INT(c ? c->nrows : -1, b ? b->nrows : -2);
    for (int64_t k = 0; b && c && k < c->nrows; k++) {
        int64_t j = row_of(b, c->ent[k]);
        CR_TEST_TRUE(j >= 0 && c->score[k] == b->score[j] * b->value[j * CR_NCRIT + CR_CRIT_LIKELIHOOD]);
        if (k) CR_TEST_TRUE(c->score[k] <= c->score[k - 1]);
    }
    cr_rank_result_free(a);
    cr_rank_result_free(b);
    cr_rank_result_free(c);
    a = b = c = NULL;

    /* the pool: A1 is a tenant of P1 (苏州市) and P3, P2 is in 苏州市 too; A5 is headquartered in 苏州市 */
    cr_scheme *pool = scheme(ctx, "", ", \"candidates\": {\"other_park_tenants\": \"same_city\", \"headquarters\": \"same_city\"}");
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, plain, &all, &a));
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p2, ele, pool, &all, &b));
    CR_TEST_TRUE(a && row_of(a, a1) >= 0 && row_of(a, a5) >= 0);
    uint32_t fa1 = 0, fa5 = 0;
    for (int64_t k = 0; b && k < b->nexcl_rows; k++) {
        if (b->excl_ent[k] == a1) fa1 = b->excl_reason[k];
        if (b->excl_ent[k] == a5) fa5 = b->excl_reason[k];
    }
    CR_TEST_TRUE(fa1 & CR_EXCL_POOL_TENANT);
    CR_TEST_TRUE(fa5 & CR_EXCL_POOL_HQ);
    CR_TEST_INT(b ? b->ncand : -1, a ? a->ncand : -2);
    CR_TEST_INT(b ? b->nexcluded : -1, a ? a->nexcluded + 2 : -2);
    cr_explanation x;
    CR_TEST_OK(cr_rank_explain(ctx, w->ranker, p2, ele, pool, a1, &x));
    CR_TEST_TRUE((x.excluded & CR_EXCL_POOL_TENANT) != 0);
    char buf[512];
    cr_rank_reasons_text(w->ranker, p2, &x, a1, buf, sizeof buf);
    CR_TEST_TRUE(strstr(buf, "candidate pool: a tenant of P1, another park of the same city: not a plant from outside") != NULL);
    CR_TEST_OK(cr_rank_explain(ctx, w->ranker, p2, ele, plain, a1, &x));
    cr_rank_explain_text(w->ranker, &x, buf, sizeof buf);
    CR_TEST_TRUE(strstr(buf, "now: 深圳市 广东, in P1 (same city), P3") != NULL);
    CR_TEST_TRUE(strstr(buf, "likelihood ") != NULL);
    /* a short buffer never cuts a character in two (issue 18 §1.7) */
    for (size_t cap = 1; cap < 160; cap++) {
        char small[160];
        cr_rank_explain_text(w->ranker, &x, small, cap);
        const unsigned char *u = (const unsigned char *)small;
        int ok = 1;
        for (size_t i = 0; u[i] && ok;) {
            size_t len = u[i] < 0x80 ? 1 : u[i] >= 0xF0 ? 4 : u[i] >= 0xE0 ? 3 : u[i] >= 0xC0 ? 2 : 0;
            if (!len) { ok = 0; break; }
            for (size_t j = 1; j < len; j++) if ((u[i + j] & 0xC0) != 0x80) ok = 0;
            i += len;
        }
        CR_TEST_TRUE(ok && strlen(small) < cap);
    }
    /* P1's own tenant is no candidate of P1 at all, pool or not */
    cr_rank_result_free(a);
    a = NULL;
    CR_TEST_OK(cr_rank_park(ctx, w->ranker, p1, ele, pool, &all, &a));
    CR_TEST_TRUE(a && row_of(a, a1) < 0);
    cr_rank_result_free(a);
    cr_rank_result_free(b);

    /* scheme errors name the key */
    const char *bad1 = "{\"criteria\": [{\"id\": \"gap\"}], \"aggregation\": {\"method\": \"vikor\", \"expected_value\": true}}";
    const char *bad2 = "{\"criteria\": [{\"id\": \"gap\"}], \"candidates\": {\"other_park_tenants\": \"nearby\"}}";
    const char *bad3 = "{\"criteria\": [{\"id\": \"likelihood\"}], \"likelihood\": {\"model\": \"no-such-model.json\"}}";
    cr_scheme *sb = NULL;
    CR_TEST_INT(cr_scheme_parse(ctx, bad1, strlen(bad1), "b.json", &sb), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "aggregation.expected_value") != NULL);
    CR_TEST_INT(cr_scheme_parse(ctx, bad2, strlen(bad2), "b.json", &sb), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "candidates.other_park_tenants: expected one of keep, same_city, same_province") != NULL);
    CR_TEST_INT(cr_scheme_parse(ctx, bad3, strlen(bad3), "dir/b.json", &sb), CR_EIO);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "dir/no-such-model.json") != NULL);
    CR_TEST_TRUE(sb == NULL);
    cr_scheme_free(plain);
    cr_scheme_free(ev);
    cr_scheme_free(pool);
    cr_likely_model_free(lm);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    if (!world_load(ctx, &w, CR_SOURCE_DIR "/tests/data/likely1")) {
        fprintf(stderr, "cannot load likely1: %s\n", cr_ctx_errmsg(ctx));
        return 1;
    }
    test_features(ctx, &w);
    test_events(ctx, &w);
    test_fit_and_file(ctx, &w);
    test_evidence(ctx, &w);
    test_ranking(ctx, &w);
    world_free(&w);
    cr_ctx_free(ctx);
    return cr_test_done();
}
