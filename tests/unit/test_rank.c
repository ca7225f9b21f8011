/* Ranking engine: every criterion on the hand-worked dataset tests/data/rank1
 * (values derived in docs/model.md, "Ranking criteria", worked example),
 * exclusions with reasons, aggregation wiring against cr_mcda, schemes
 * (parsing, errors with positions, AHP refusal), and thread-count and
 * rank/batch invariance on the real dataset. */
#include "rank_world.h"
#include "graph/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static cr_scheme *scheme(cr_ctx *ctx, const char *text)
{
    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_parse(ctx, text, strlen(text), "test.json", &s);
    if (rc != CR_OK) fprintf(stderr, "scheme: %s\n", cr_ctx_errmsg(ctx));
    return s;
}

static const char *ALL7 = "{\"name\": \"eq\", \"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"resources\"},"
                          "{\"id\":\"greening\"},{\"id\":\"density\"},{\"id\":\"goose\"},{\"id\":\"quality\"}],"
                          " \"aggregation\": {\"method\": \"wsm\"}}";

static int64_t row_of(const cr_dataset *ds, const cr_rank_result *r, const char *id)
{
    for (int64_t i = 0; i < r->nrows; i++)
        if (!strcmp(cr_dataset_enterprise_id(ds, r->ent[i]), id)) return i;
    return -1;
}

static void test_hand(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    cr_ranker *rk = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, CR_SOURCE_DIR "/tests/data/rank1", NULL, &ds));
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    CR_TEST_OK(cr_model_build(ctx, ds, &mp, &m));
    CR_TEST_OK(cr_ranker_new(ctx, m, &rk));
    cr_scheme *s = scheme(ctx, ALL7);
    CR_TEST_TRUE(s != NULL);
    int32_t P = cr_dataset_find_park(ds, "P");
    cr_gaps *g = NULL;
    CR_TEST_OK(cr_gaps_compute(ctx, m, P, 0, NULL, &g));
    double prD = g->priority[3], prE = g->priority[4];   /* D, E are members 3 and 4 */
    cr_gaps_free(g);

    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.want_excluded = 1;
    o.want_matrix = 1;
    cr_rank_result *r = NULL;
    CR_TEST_OK(cr_rank_park(ctx, rk, P, 0, s, &o, &r));
    CR_TEST_INT(r->ncand, 7);        /* X1 X2 C1 C2 C3 C4 X3; tenants TB TC TG are not candidates */
    CR_TEST_INT(r->nexcluded, 3);
    CR_TEST_INT(r->nranked, 4);
    CR_TEST_INT(r->nrows, 4);

    int64_t c1 = row_of(ds, r, "C1"), c2 = row_of(ds, r, "C2"), x3 = row_of(ds, r, "X3"), x2 = row_of(ds, r, "X2");
    CR_TEST_TRUE(c1 >= 0 && c2 >= 0 && x3 >= 0 && x2 >= 0);
    const double *v1 = r->value + c1 * CR_NCRIT, *v2 = r->value + c2 * CR_NCRIT, *v3 = r->value + x3 * CR_NCRIT;
    /* gap: C1 fills half of D's extension gap (200 of 400); C2's half shares
     * (500 each) fill D (400) and E (285.7) completely */
    CR_TEST_NEAR(v1[CR_CRIT_GAP], 0.5 * prD, 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_GAP], prD + prE, 1e-12);
    CR_TEST_NEAR(v3[CR_CRIT_GAP], 0, 0);           /* B is strong: nothing to fill */
    CR_TEST_NEAR(r->value[x2 * CR_NCRIT + CR_CRIT_GAP], 0, 0);   /* no plant output: fills nothing */
    /* partners: TC (tenant) supplies C1 with 10; C2 supplies tenant TG with 5;
     * X3 is 556 km away, beyond the 50 km radius */
    CR_TEST_NEAR(v1[CR_CRIT_PARTNERS], log(11.0), 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_PARTNERS], log(6.0), 1e-12);
    CR_TEST_NEAR(v3[CR_CRIT_PARTNERS], 0, 0);
    /* resources: C1 (0.9 + 0.5 + 1 + 0.9 + 0.5 + 1)/6; C2 (0.5 + 1 + 1 + 1 + 1 + 1)/6 */
    CR_TEST_NEAR(v1[CR_CRIT_RESOURCES], 0.8, 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_RESOURCES], 5.5 / 6, 1e-12);
    /* greening: b/(b + c): C1 0.2/0.3, C2 0.2/0.6 (only D has a benchmark), X3 zero emission */
    CR_TEST_NEAR(v1[CR_CRIT_GREENING], 2.0 / 3, 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_GREENING], 1.0 / 3, 1e-12);
    CR_TEST_NEAR(v3[CR_CRIT_GREENING], 1, 0);
    /* density: B co-occurs with C and G (both present in P): omega = 2/2; D, E hosted nowhere: 0 */
    CR_TEST_NEAR(v3[CR_CRIT_DENSITY], 1, 1e-12);
    CR_TEST_NEAR(v1[CR_CRIT_DENSITY], 0, 0);
    /* goose: C1's only supplier is local (0 followers), C2's one supplier X3 is not */
    int64_t e1 = cr_dataset_find_enterprise(ds, "C1"), e2 = cr_dataset_find_enterprise(ds, "C2");
    CR_TEST_NEAR(v1[CR_CRIT_GOOSE], m->ent_pagerank[e1], 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_GOOSE], m->ent_pagerank[e2] * (1 + log(2.0)), 1e-12);
    /* quality: C1 ((20000/10)/3000 + min(1, 0.06/0.03) + 0.5 listed)/3; C2 (0 + 0.01/0.03 + 0)/3 */
    CR_TEST_NEAR(v1[CR_CRIT_QUALITY], (2.0 / 3 + 1 + 0.5) / 3, 1e-12);
    CR_TEST_NEAR(v2[CR_CRIT_QUALITY], (1.0 / 3) / 3, 1e-12);
    /* WSM, min-max, equal weights for C2, by hand: (1 + ln 6/ln 11 + .58333 + 0 + 0 + 1 + .15385)/7 */
    double q1 = (2.0 / 3 + 1 + 0.5) / 3, q2 = (1.0 / 3) / 3;
    double want = (1 + log(6.0) / log(11.0) + (5.5 / 6 - 0.8) / 0.2 + 0 + 0 + 1 + q2 / q1) / 7;
    CR_TEST_NEAR(r->score[c2], want, 1e-12);
    CR_TEST_INT(c2, 0);   /* C2 ranks first */

    /* aggregation is cr_mcda_wsm on the criteria matrix */
    double sc[8];
    int types[CR_NCRIT];
    for (int c = 0; c < r->ncrit; c++) types[c] = 1;
    CR_TEST_OK(cr_mcda_wsm(ctx, (size_t)r->nranked, (size_t)r->ncrit, r->matrix, types, r->weights, CR_NORM_MINMAX, sc));
    for (int64_t i = 0; i < r->nranked; i++)
        for (int64_t t = 0; t < r->nrows; t++)
            if (r->ent[t] == r->matrix_ent[i]) CR_TEST_NEAR(r->score[t], sc[i], 0);

    /* exclusions and their reasons */
    CR_TEST_INT(r->nexcl_rows, 3);
    for (int64_t i = 0; i < r->nexcl_rows; i++) {
        const char *id = cr_dataset_enterprise_id(ds, r->excl_ent[i]);
        uint32_t f = r->excl_reason[i];
        if (!strcmp(id, "X1")) CR_TEST_INT(f, CR_EXCL_BANNED);
        else if (!strcmp(id, "C3")) CR_TEST_INT(f, CR_EXCL_CO2_QUOTA | CR_EXCL_CO2_CAP);
        else if (!strcmp(id, "C4")) CR_TEST_INT(f, CR_EXCL_RESOURCE | (1u << CR_EXCL_RES_SHIFT));
        else CR_TEST_TRUE(0);
        cr_explanation x;
        char buf[512];
        CR_TEST_OK(cr_rank_explain(ctx, rk, P, 0, s, r->excl_ent[i], &x));
        CR_TEST_INT(x.excluded, f);
        cr_rank_reasons_text(rk, P, &x, r->excl_ent[i], buf, sizeof buf);
        if (!strcmp(id, "C3")) CR_TEST_STR(buf, "CO2 load 3000 > quota 1000 t/yr; CO2 intensity 30 > cap 2 per 10^4 CNY");
        if (!strcmp(id, "C4")) CR_TEST_STR(buf, "land need 200 > 100 ha available");
    }
    /* explanations: direct partner sums equal the accumulated criterion */
    for (int64_t i = 0; i < r->nrows; i++) {
        cr_explanation x;
        CR_TEST_OK(cr_rank_explain(ctx, rk, P, 0, s, r->ent[i], &x));
        CR_TEST_NEAR(log1p(x.partner_sum), r->value[i * CR_NCRIT + CR_CRIT_PARTNERS], 1e-12);
    }
    cr_explanation x;
    CR_TEST_OK(cr_rank_explain(ctx, rk, P, 0, s, e1, &x));
    CR_TEST_INT(x.npartners, 1);
    CR_TEST_INT(x.partners[0].tenant, 1);
    CR_TEST_INT(x.binding, CR_RANK_WATER);    /* water 1 - 25/50 = 0.5 ties skilled 0.5: first wins */
    CR_TEST_NEAR(x.binding_fit, 0.5, 1e-12);
    CR_TEST_INT(x.ngaps, 1);
    CR_TEST_NEAR(x.gaps[0].fill, 0.5, 1e-12);
    cr_rank_result_free(r);

    /* a soft land setting lets C4 in; a 0 km radius drops non-tenant partners */
    cr_scheme *soft = scheme(ctx, "{\"criteria\": [{\"id\":\"partners\"},{\"id\":\"gap\"}], \"resources\": {\"land\": \"soft\"},"
                                  " \"params\": {\"radius_km\": 0}}");
    CR_TEST_TRUE(soft != NULL);
    CR_TEST_OK(cr_rank_park(ctx, rk, P, 0, soft, &o, &r));
    CR_TEST_INT(r->nexcluded, 2);
    CR_TEST_INT(r->nranked, 5);
    CR_TEST_NEAR(r->weights[0], 0.5, 0);      /* no weights given: equal */
    cr_rank_result_free(r);
    cr_scheme_free(soft);

    /* a 200 km radius with 100 km half-distance: X2 (146 km from P) becomes a
     * partner? no - X2 has no links; C1 is 11.1 km away from P but is the
     * candidate itself; check the decay on C1 as seen from park Q instead:
     * TC (tenant of P, 146 km from Q) supplies C1 with 10 -> 10 x 2^(-d/100). */
    cr_scheme *far = scheme(ctx, "{\"criteria\": [{\"id\":\"partners\"}], \"params\": {\"radius_km\": 200, \"half_distance_km\": 100}}");
    int32_t Q = cr_dataset_find_park(ds, "Q");
    CR_TEST_OK(cr_rank_park(ctx, rk, Q, 0, far, &o, &r));
    double dq = cr_great_circle_km(31, 115, 30, 114);
    CR_TEST_NEAR(dq, 146.0, 2.0);
    for (int64_t i = 0; i < r->nrows; i++)
        if (r->ent[i] == e1) CR_TEST_NEAR(r->value[i * CR_NCRIT + CR_CRIT_PARTNERS], log1p(10 * exp2(-dq / 100)), 1e-9);
    cr_rank_result_free(r);
    cr_scheme_free(far);

    cr_scheme_free(s);
    cr_ranker_free(rk);
    cr_model_free(m);
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
}

static void test_geo(void)
{
    /* one degree along a meridian is R pi / 180 */
    CR_TEST_NEAR(cr_great_circle_km(30, 114, 31, 114), 6371.0088 * 3.14159265358979323846 / 180, 1e-9);
    /* a quarter of the equator */
    CR_TEST_NEAR(cr_great_circle_km(0, 0, 0, 90), 6371.0088 * 3.14159265358979323846 / 2, 1e-9);
    /* antipodes (haversine is ill-conditioned there: ~0.2 m off), and symmetry */
    CR_TEST_NEAR(cr_great_circle_km(10, 20, -10, -160), 6371.0088 * 3.14159265358979323846, 1e-3);
    CR_TEST_NEAR(cr_great_circle_km(31, 115, 30, 114), cr_great_circle_km(30, 114, 31, 115), 1e-12);
}

static void test_schemes(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    cr_scheme *s = NULL;
    /* errors name file, line, column and key */
    const char *bad1 = "{\"criteria\": [\n  {\"id\": \"gap\"},\n  {\"id\": \"nonsense\"}]}";
    CR_TEST_INT(cr_scheme_parse(ctx, bad1, strlen(bad1), "s.json", &s), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "s.json:3:") != NULL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "criteria[1].id") != NULL);
    const char *bad2 = "{\"criteria\": [{\"id\": \"gap\", \"weight\": 1}, {\"id\": \"partners\"}]}";
    CR_TEST_INT(cr_scheme_parse(ctx, bad2, strlen(bad2), "s.json", &s), CR_EINVAL);
    const char *bad3 = "{\"criteria\": [{\"id\": \"gap\"}], \"aggregation\": {\"method\": \"electre\"}}";
    CR_TEST_INT(cr_scheme_parse(ctx, bad3, strlen(bad3), "s.json", &s), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "aggregation.method") != NULL);
    const char *bad4 = "{\"criteria\": [{\"id\": \"gap\"}";
    CR_TEST_INT(cr_scheme_parse(ctx, bad4, strlen(bad4), "s.json", &s), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "malformed JSON") != NULL);
    const char *bad5 = "{\"criteria\": [{\"id\": \"gap\"}], \"params\": {\"radius_km\": -1}}";
    CR_TEST_INT(cr_scheme_parse(ctx, bad5, strlen(bad5), "s.json", &s), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "params.radius_km") != NULL);
    CR_TEST_INT(cr_scheme_load(ctx, "/nonexistent/s.json", &s), CR_EIO);
    /* AHP: Saaty's consistent 3x3 (weights 4/7, 2/7, 1/7) */
    const char *ahp = "{\"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"quality\"}],"
                      " \"weighting\": {\"method\": \"ahp\", \"pairwise\": [[1,2,4],[0.5,1,2],[0.25,0.5,1]]}}";
    CR_TEST_OK(cr_scheme_parse(ctx, ahp, strlen(ahp), "s.json", &s));
    CR_TEST_STR(cr_scheme_weighting(s), "ahp");
    CR_TEST_NEAR(cr_scheme_ahp(s)->cr, 0, 1e-9);
    cr_scheme_free(s);
    /* inconsistent AHP (a > b > c > a) is refused unless forced */
    const char *inc = "{\"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"quality\"}],"
                      " \"weighting\": {\"method\": \"ahp\", \"pairwise\": [[1,9,0.111111111111],[0.111111111111,1,9],[9,0.111111111111,1]]}}";
    CR_TEST_INT(cr_scheme_parse(ctx, inc, strlen(inc), "s.json", &s), CR_EREFUSED);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "force") != NULL);
    const char *incf = "{\"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"quality\"}],"
                       " \"weighting\": {\"method\": \"ahp\", \"force\": true, \"pairwise\": [[1,9,0.111111111111],[0.111111111111,1,9],[9,0.111111111111,1]]}}";
    CR_TEST_OK(cr_scheme_parse(ctx, incf, strlen(incf), "s.json", &s));
    cr_scheme_free(s);
    cr_ctx_free(ctx);
}

typedef struct {
    cr_rank_result **want;
    int bad, calls;
} batch_check;

static int on_batch(void *user, size_t job, const cr_rank_result *res)
{
    batch_check *c = user;
    c->calls++;
    if (!same_result(c->want[job], res)) c->bad++;
    return 0;
}

/* Same bytes for 1, 2 and 4 threads, and batch == rank, on the real dataset,
 * for each aggregation and an objective weighting. */
static void test_threads(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    cr_ranker *rk = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, CR_SOURCE_DIR "/datasets/china2020", NULL, &ds));
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    CR_TEST_OK(cr_model_build(ctx, ds, &mp, &m));
    CR_TEST_OK(cr_ranker_new(ctx, m, &rk));
    const char *texts[3] = {
        "{\"criteria\": [{\"id\":\"gap\",\"weight\":3},{\"id\":\"partners\",\"weight\":1},{\"id\":\"resources\",\"weight\":1},"
        "{\"id\":\"greening\",\"weight\":1},{\"id\":\"density\",\"weight\":1},{\"id\":\"goose\",\"weight\":1},{\"id\":\"quality\",\"weight\":1}]}",
        "{\"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"resources\"},{\"id\":\"goose\"},{\"id\":\"quality\"}],"
        " \"weighting\": {\"method\": \"entropy\"}, \"aggregation\": {\"method\": \"vikor\"}}",
        "{\"criteria\": [{\"id\":\"gap\",\"normalization\":\"max\"},{\"id\":\"partners\"},{\"id\":\"greening\",\"direction\":\"cost\"}],"
        " \"weighting\": {\"method\": \"critic\"}, \"aggregation\": {\"method\": \"wsm\", \"normalization\": \"vector\"}}"};
    cr_scheme *sc[3];
    for (int i = 0; i < 3; i++) {
        sc[i] = scheme(ctx, texts[i]);
        CR_TEST_TRUE(sc[i] != NULL);
    }
    const char *parks[3] = {"G311082", "G331020", "G342020"};
    int32_t nev = cr_dataset_find_chain(ds, "nev");
    cr_rank_job jobs[9];
    cr_rank_result *want[9];
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 0;   /* every ranked candidate */
    for (int p = 0; p < 3; p++)
        for (int s = 0; s < 3; s++) {
            int j = p * 3 + s;
            jobs[j].park = cr_dataset_find_park(ds, parks[p]);
            jobs[j].chain = nev;
            jobs[j].scheme = s;
            cr_ctx_set_threads(ctx, 1);
            CR_TEST_OK(cr_rank_park(ctx, rk, jobs[j].park, nev, sc[s], &o, &want[j]));
            CR_TEST_TRUE(want[j]->nrows > 100);
            for (int t = 2; t <= 4; t += 2) {
                cr_rank_result *r = NULL;
                cr_ctx_set_threads(ctx, t);
                CR_TEST_OK(cr_rank_park(ctx, rk, jobs[j].park, nev, sc[s], &o, &r));
                CR_TEST_TRUE(same_result(want[j], r));
                cr_rank_result_free(r);
            }
        }
    for (int t = 1; t <= 4; t *= 2) {
        batch_check c = {want, 0, 0};
        cr_ctx_set_threads(ctx, t);
        CR_TEST_OK(cr_rank_batch(ctx, rk, (const cr_scheme *const *)sc, jobs, 9, &o, on_batch, &c));
        CR_TEST_INT(c.calls, 9);
        CR_TEST_INT(c.bad, 0);
    }
    /* ranked rows are in order: scores non-increasing (VIKOR: Q non-decreasing) */
    for (int j = 0; j < 9; j++) {
        const cr_rank_result *r = want[j];
        int ok = 1;
        for (int64_t i = 1; i < r->nrows; i++)
            ok &= r->higher_is_better ? r->score[i] <= r->score[i - 1] : r->score[i] >= r->score[i - 1];
        CR_TEST_TRUE(ok);
        cr_rank_result_free(want[j]);
    }
    for (int i = 0; i < 3; i++) cr_scheme_free(sc[i]);
    cr_ranker_free(rk);
    cr_model_free(m);
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
}

/* Objective weights without information fall back to equal weights, and
 * the result says so: in rank1's park Q every ranked candidate has partners
 * 0 and density 0; in P they vary. */
static void test_fallback(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    world_load(ctx, &w, CR_SOURCE_DIR "/tests/data/rank1");
    cr_dataset *ds = w.ds;
    cr_ranker *rk = w.ranker;
    cr_scheme *s = scheme(ctx, "{\"criteria\":[{\"id\":\"partners\"},{\"id\":\"density\"}],"
                               "\"weighting\":{\"method\":\"entropy\"},\"aggregation\":{\"method\":\"wsm\"}}");
    CR_TEST_TRUE(s != NULL);
    cr_rank_result *r = NULL;
    CR_TEST_OK(cr_rank_park(ctx, rk, cr_dataset_find_park(ds, "Q"), 0, s, NULL, &r));
    CR_TEST_INT(r->weights_fallback, 1);
    CR_TEST_NEAR(r->weights[0], 0.5, 0);
    CR_TEST_NEAR(r->weights[1], 0.5, 0);
    cr_rank_result_free(r);
    CR_TEST_OK(cr_rank_park(ctx, rk, cr_dataset_find_park(ds, "P"), 0, s, NULL, &r));
    CR_TEST_INT(r->weights_fallback, 0);
    cr_rank_result_free(r);
    cr_scheme_free(s);
    world_free(&w);
    cr_ctx_free(ctx);
}

int main(void)
{
    cr_global_init();
    test_geo();
    test_hand();
    test_schemes();
    test_threads();
    test_fallback();
    return cr_test_done();
}
