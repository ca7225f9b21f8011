/* Projects on the hand cases of docs/projects.md: the loader (ha -> 亩,
 * default segment, event order), vet (each rule's figure and verdict on the
 * tiny proposals), the environment rule against the ranking's exclusions,
 * the ledger's rates, quartiles and overdue list, and the library's tiers. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "data/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cr_vet_check *find_check(const cr_vet_result *r, int64_t row, const char *name)
{
    for (int64_t c = r->rows[row].first; c < r->rows[row].first + r->rows[row].n; c++)
        if (!strcmp(r->checks[c].check, name)) return &r->checks[c];
    return NULL;
}

static int32_t day(int y, int m, int d)
{
    /* days from civil (Howard Hinnant), as the library's dates */
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

static void test_load(const cr_dataset *ds)
{
    const cr_projects *p = cr_dataset_projects(ds);
    CR_TEST_INT(cr_projects_count(p), 4);
    cr_project pr;
    int64_t i = cr_projects_find(p, "PJ2");
    CR_TEST_TRUE(i >= 0);
    if (i < 0) return;
    cr_projects_get(p, i, &pr);
    CR_TEST_NEAR(pr.land_mu, 150.0, 0);   /* 10 ha x 15 */
    CR_TEST_INT(pr.land_given_in_ha, 1);
    CR_TEST_INT(pr.nev, 6);
    cr_project_event ev;
    cr_projects_event(p, pr.ev_first, &ev);
    CR_TEST_INT(ev.stage, CR_PEV_SIGNED);
    cr_projects_event(p, pr.ev_first + 3, &ev);
    CR_TEST_INT(ev.stage, CR_PEV_FUNDS);
    CR_TEST_NEAR(ev.amount, 25000, 0);
    CR_TEST_INT(cr_projects_default_as_of(ds), day(2025, 3, 1));
}

static void test_read_bad(cr_ctx *ctx, const cr_dataset *ds)
{
    const char *path = "build/test_projects_bad.csv";
    FILE *fp = fopen(path, "w");
    if (!fp) return;
    fprintf(fp, "id,enterprise,park,invest,land_mu,land_ha\nX1,E1,P1,100,10,2\nX2,E9,P1,0,,\n");
    fclose(fp);
    cr_projects *p = NULL;
    size_t before = cr_ctx_ndiag_total(ctx);
    CR_TEST_INT(cr_projects_read(ctx, ds, path, &p), CR_EDATA);
    CR_TEST_TRUE(p == NULL);
    CR_TEST_INT(cr_ctx_ndiag_total(ctx) - before, 3);   /* land twice; unknown enterprise; invest 0 */
    const cr_diag *d = cr_ctx_diag(ctx, cr_ctx_ndiag(ctx) - 3);
    CR_TEST_INT(d->line, 2);
    CR_TEST_INT(d->column, 17);
    CR_TEST_STR(d->field, "land_ha");
    cr_ctx_clear(ctx);
    remove(path);
}

static void test_vet(cr_ctx *ctx, const cr_dataset *ds)
{
    cr_projects *p = NULL;
    cr_policy *pol = NULL;
    cr_vet_result *r = NULL;
    CR_TEST_OK(cr_projects_read(ctx, ds, "datasets/tiny/proposals.csv", &p));
    CR_TEST_OK(cr_policy_load(ctx, ds, "datasets/tiny/policy.json", &pol));
    if (!p || !pol) goto out;
    CR_TEST_OK(cr_vet(ctx, ds, p, pol, CR_SINCE_UNKNOWN, &r));
    if (!r) goto out;
    CR_TEST_INT(r->nrows, 3);
    /* N1 (docs/projects.md, example 1): tax 90 / 5 亩 = 18 < park P1's 20 -> conditional */
    const cr_vet_check *c = find_check(r, 0, "tax_per_mu");
    CR_TEST_TRUE(c != NULL);
    if (c) { CR_TEST_NEAR(c->value, 18, 1e-12); CR_TEST_NEAR(c->limit, 20, 0); CR_TEST_INT(c->verdict, CR_VERDICT_CONDITIONAL); }
    c = find_check(r, 0, "invest_per_mu");   /* 1800 / 5 = 360 >= park 300 */
    if (c) { CR_TEST_NEAR(c->value, 360, 1e-12); CR_TEST_INT(c->verdict, CR_VERDICT_PASS); }
    CR_TEST_INT(r->rows[0].verdict, CR_VERDICT_CONDITIONAL);
    /* N2: 3 ha = 45 亩; 9000 / 45 = 200 < 湖北省 280 -> refuse; energy (2000/10000)/0.12 = 1.667 -> conditional */
    c = find_check(r, 1, "invest_per_mu");
    if (c) { CR_TEST_NEAR(c->value, 200, 1e-12); CR_TEST_NEAR(c->limit, 280, 0); CR_TEST_INT(c->verdict, CR_VERDICT_REFUSE); }
    c = find_check(r, 1, "energy_intensity");
    if (c) { CR_TEST_NEAR(c->value / c->limit, 2000.0 / 10000 / 0.12, 1e-12); CR_TEST_INT(c->verdict, CR_VERDICT_CONDITIONAL); }
    c = find_check(r, 1, "co2_intensity");   /* 0.18 / chains.json's 0.2 = 0.9 -> pass */
    if (c) { CR_TEST_NEAR(c->limit, 0.2, 0); CR_TEST_INT(c->verdict, CR_VERDICT_PASS); }
    c = find_check(r, 1, "withdrawn");       /* E1 withdrew PJ4 on 2024-02-01 */
    if (c) { CR_TEST_NEAR(c->value, 1, 0); CR_TEST_INT(c->verdict, CR_VERDICT_CONDITIONAL); }
    c = find_check(r, 1, "investor_age");    /* founded 2024-01-01, as of 2025-03-01: 425 days */
    if (c) { CR_TEST_NEAR(c->value, 425 / 365.25, 1e-12); CR_TEST_INT(c->verdict, CR_VERDICT_CONDITIONAL); }
    c = find_check(r, 1, "decision_level");  /* 45 <= 60: the park */
    if (c) CR_TEST_TRUE(strstr(c->reason, "the park decides") != NULL);
    CR_TEST_INT(r->rows[1].group[CR_RULE_LAND], CR_VERDICT_REFUSE);
    /* N3: mining is banned in P1 -> environment refuse, as the ranking excludes E3 from P1 */
    c = find_check(r, 2, "banned");
    if (c) CR_TEST_INT(c->verdict, CR_VERDICT_REFUSE);
    c = find_check(r, 2, "catalogue");       /* ore: restricted by segment */
    if (c) CR_TEST_INT(c->verdict, CR_VERDICT_CONDITIONAL);
    CR_TEST_INT(r->nrefused, 2);
    CR_TEST_INT(r->nconditional, 1);
out:
    cr_vet_result_free(r);
    cr_policy_free(pol);
    cr_projects_free(p);
}

/* The environment rule is the ranking's: a proposal that is the
 * enterprise's own plant (output = plant_output, loads = output x
 * intensity) is refused on environment in a park iff cr_rank_explain
 * excludes it there for an environmental reason. */
static void test_env_same_as_rank(cr_ctx *ctx)
{
    cr_world w;
    CR_TEST_OK(cr_world_init(ctx, &w, "datasets/tiny", NULL));
    if (!w.ds) return;
    const cr_dataset *ds = w.ds;
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_load(ctx, "datasets/schemes/balanced.json", &s));
    cr_policy *pol = NULL;
    CR_TEST_OK(cr_policy_default(ctx, &pol));
    const char *path = "build/test_projects_env.csv";
    FILE *fp = fopen(path, "w");
    if (!fp || !s || !pol) goto out;
    fprintf(fp, "id,enterprise,park,invest,output,co2,energy,pollutant\n");
    int n = 0;
    for (int64_t e = 0; e < ds->nent; e++)
        for (int32_t p = 0; p < ds->npark; p++) {
            double q = ds->ent_plant_output[e];
            fprintf(fp, "X%d,%s,%s,100,%.17g,%.17g,%.17g,%.17g\n", n++, cr_dataset_enterprise_id(ds, e),
                    cr_dataset_park_id(ds, p), q, q * ds->ent_int[0][e], q * ds->ent_int[1][e], q * ds->ent_int[2][e]);
        }
    fclose(fp);
    cr_projects *pj = NULL;
    cr_vet_result *r = NULL;
    CR_TEST_OK(cr_projects_read(ctx, ds, path, &pj));
    if (pj) CR_TEST_OK(cr_vet(ctx, ds, pj, pol, CR_SINCE_UNKNOWN, &r));
    int refused = 0;
    for (int64_t i = 0; r && i < r->nrows; i++) {
        cr_project pr;
        cr_projects_get(pj, r->rows[i].project, &pr);
        cr_explanation x;
        if (cr_rank_explain(ctx, w.ranker, pr.park, 0, s, pr.enterprise, &x) != CR_OK) { CR_TEST_TRUE(0); continue; }
        const uint32_t env = CR_EXCL_BANNED | (0x7u * CR_EXCL_CO2_QUOTA) | (0x7u * CR_EXCL_CO2_CAP);
        const int vet_refuse = r->rows[i].group[CR_RULE_ENVIRONMENT] == CR_VERDICT_REFUSE;
        CR_TEST_INT(vet_refuse, (x.excluded & env) != 0);
        refused += vet_refuse;
    }
    CR_TEST_TRUE(refused >= 1);   /* E3 (mining) in P1 */
    cr_vet_result_free(r);
    cr_projects_free(pj);
    remove(path);
out:
    cr_policy_free(pol);
    cr_scheme_free(s);
    cr_world_destroy(&w);
}

static void test_ledger(cr_ctx *ctx, const cr_dataset *ds)
{
    cr_ledger_result *r = NULL;
    CR_TEST_OK(cr_ledger(ctx, ds, cr_dataset_projects(ds), CR_SINCE_UNKNOWN, CR_LEDGER_ALL, &r));
    if (!r) return;
    const cr_ledger_group *g = &r->groups[0];
    CR_TEST_INT(g->signed_, 4);
    CR_TEST_NEAR(g->fulfilment, 2.0 / 4, 1e-15);
    CR_TEST_NEAR(g->funds_rate, 64000.0 / 118000, 1e-15);
    CR_TEST_NEAR(g->startup, 2.0 / 4, 1e-15);
    CR_TEST_NEAR(g->completion, 1.0, 0);
    CR_TEST_NEAR(g->operating_rate, 0.25, 0);
    CR_TEST_NEAR(g->withdrawal, 0.25, 0);
    /* days to the first funds: 78, 40, 61 -> sorted 40 61 78 */
    CR_TEST_NEAR(g->to[CR_PEV_FUNDS].median, 61, 0);
    CR_TEST_NEAR(g->to[CR_PEV_FUNDS].q1, 50.5, 0);
    CR_TEST_NEAR(g->to[CR_PEV_FUNDS].q3, 69.5, 0);
    CR_TEST_INT(r->noverdue, 1);
    if (r->noverdue) {
        CR_TEST_INT(r->overdue[0].days, 60);
        CR_TEST_INT(r->overdue[0].report_by, day(2025, 1, 3));   /* Tue 31 Dec + 3 working days */
    }
    cr_ledger_result_free(r);
    /* as of 2024-06-01: PJ1 and PJ3 not yet started, PJ4 withdrawn; funds 10000 + 45000 */
    CR_TEST_OK(cr_ledger(ctx, ds, cr_dataset_projects(ds), day(2024, 6, 1), CR_LEDGER_PARK, &r));
    if (!r) return;
    CR_TEST_INT(r->groups[0].signed_, 4);
    CR_TEST_NEAR(r->groups[0].funds, 55000, 0);
    CR_TEST_INT(r->ngroups, 3);
    CR_TEST_STR(r->groups[1].key, "P1");
    CR_TEST_INT(r->groups[2].signed_, 3);
    cr_ledger_result_free(r);
}

static void test_library(cr_ctx *ctx)
{
    cr_world w;
    CR_TEST_OK(cr_world_init(ctx, &w, "datasets/tiny", NULL));
    if (!w.ds) return;
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_load(ctx, "datasets/schemes/balanced.json", &s));
    cr_library_params prm;
    cr_library_params_default(&prm);
    prm.tier_a = 1;
    prm.tier_b = 2;
    const int32_t parks[2] = {0, 1};
    cr_library *L = NULL;
    if (s) CR_TEST_OK(cr_library_build(ctx, w.model, w.ranker, 0, parks, 2, s, &prm, &L));
    if (L) {
        CR_TEST_INT(L->n, 3);
        CR_TEST_STR(cr_dataset_enterprise_id(w.ds, L->t[0].ent), "E1");   /* first in P2, head, key link cell */
        CR_TEST_INT(L->t[0].tier, 'A');
        CR_TEST_INT(L->t[0].status, CR_GAP_MISSING);
        CR_TEST_STR(cr_library_category(L->t[0].status), "补链");
        CR_TEST_INT(L->ntier[1], 2);
    }
    cr_library_free(L);
    cr_scheme_free(s);
    cr_world_destroy(&w);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, "datasets/tiny", NULL, &ds));
    if (ds) {
        test_load(ds);
        test_read_bad(ctx, ds);
        test_vet(ctx, ds);
        test_ledger(ctx, ds);
    }
    test_env_same_as_rank(ctx);
    test_library(ctx);
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
    return cr_test_done();
}
