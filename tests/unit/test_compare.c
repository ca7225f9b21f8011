/* cr_compare_run (src/compare/compare.c) on tests/data/backtest1: the
 * verdict thresholds, two mirror-image schemes (quality as benefit and as
 * cost) that must disagree completely, SMAA rows in their documented order,
 * the backtest's best scheme as the rule says, all parks, and the refusals.
 * The CLI's renderings of the same report are frozen by tests/golden. */
#include "rank_world.h"
#include <chainrank/chainrank.h>

#include <math.h>
#include <string.h>

static const char *SCHEME_A = "{\"name\": \"qual\", \"criteria\": [{\"id\": \"quality\"}, {\"id\": \"partners\"}],"
                              " \"aggregation\": {\"method\": \"wsm\"}, \"resources\": {\"land\": \"soft\"}}";
static const char *SCHEME_B = "{\"name\": \"qual-cost\", \"criteria\": [{\"id\": \"quality\", \"direction\": \"cost\"},"
                              " {\"id\": \"partners\", \"direction\": \"cost\"}], \"aggregation\": {\"method\": \"wsm\"},"
                              " \"resources\": {\"land\": \"soft\"}}";

static void test_verdict(void)
{
    CR_TEST_STR(cr_compare_verdict(0.8), "agree");
    CR_TEST_STR(cr_compare_verdict(0.7999), "partly agree");
    CR_TEST_STR(cr_compare_verdict(0.5), "partly agree");
    CR_TEST_STR(cr_compare_verdict(0.4999), "disagree");
    CR_TEST_STR(cr_compare_verdict(NAN), "cannot be compared");
    /* issue 18 §4: the word is the weaker of rho's and the top-k overlap's
     * reading, so rho 0.95 with 30% of the top 10 shared is no agreement */
    CR_TEST_STR(cr_compare_verdict2(0.95, 0.3), "disagree");
    CR_TEST_STR(cr_compare_verdict2(0.95, 0.4), "partly agree");
    CR_TEST_STR(cr_compare_verdict2(0.95, 0.7), "agree");
    CR_TEST_STR(cr_compare_verdict2(0.6, 0.9), "partly agree");
    CR_TEST_STR(cr_compare_verdict2(0.3, 1.0), "disagree");
    CR_TEST_STR(cr_compare_verdict2(0.9, NAN), "cannot be compared");
    /* "predicted the past best" only above random: NDCG, then AUC on a tie */
    CR_TEST_INT(cr_compare_beats(0.30, 0.6, 0.25, 0.7), 1);
    CR_TEST_INT(cr_compare_beats(0.20, 0.9, 0.25, 0.5), 0);
    CR_TEST_INT(cr_compare_beats(0.0, 0.254, 0.0, 0.282), 0);   /* the slice backtest golden's case */
    CR_TEST_INT(cr_compare_beats(0.0, 0.3, 0.0, 0.282), 1);
    CR_TEST_INT(cr_compare_beats(NAN, 0.9, 0.1, 0.5), 0);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_verdict();
    int32_t cutoff;
    world w;
    world_load_as_of(ctx, &w, CR_SOURCE_DIR "/tests/data/backtest1", "2023-01-01", &cutoff);
    cr_scheme *sch[2] = {NULL, NULL};
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_A, strlen(SCHEME_A), "a.json", &sch[0]));
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_B, strlen(SCHEME_B), "b.json", &sch[1]));
    if (!w.ranker || !sch[0] || !sch[1]) {
        fprintf(stderr, "setup: %s\n", cr_ctx_errmsg(ctx));
        return cr_test_done();
    }
    const cr_scheme *const *schemes = (const cr_scheme *const *)sch;

    cr_compare_params p;
    cr_compare_params_default(&p);
    p.park = cr_dataset_find_park(w.ds, "P");
    p.top = 2;
    p.samples = 2000;
    p.backtest = 1;
    p.cutoff = cutoff;
    cr_compare_report *r = NULL;
    CR_TEST_OK(cr_compare_run(ctx, &w, schemes, 2, &p, &r));
    if (r) {
        CR_TEST_INT(r->chain, cr_dataset_find_chain(w.ds, "k1"));   /* the park's first led chain */
        CR_TEST_TRUE(r->agree != NULL && r->agree->npairs == 1);
        if (r->agree) {
            CR_TEST_NEAR(r->agree->spearman[0], -1, 1e-12);   /* mirror images */
            CR_TEST_TRUE(strstr(r->summary, "Schemes qual and qual-cost disagree (rho = -1.00") == r->summary);
        }
        CR_TEST_INT(r->nsmaa, 2);
        for (size_t t = 0; t < r->nsmaa; t++) {
            const cr_compare_smaa *sp = &r->smaa[t];
            CR_TEST_INT(sp->shown, 2 * p.top < sp->r->m ? 2 * p.top : sp->r->m);
            for (size_t x = 1; x < sp->shown; x++)
                CR_TEST_TRUE(sp->r->pr_top_k[sp->order[x - 1]] >= sp->r->pr_top_k[sp->order[x]]);
        }
        CR_TEST_TRUE(r->bt != NULL);
        if (r->bt && r->bt->summary[0].n_used > 0) {
            /* the best by NDCG@K, then AUC, the first on a tie */
            const cr_bt_summary *a = &r->bt->summary[0], *b = &r->bt->summary[1];
            size_t want = b->ndcg > a->ndcg || (b->ndcg == a->ndcg && b->auc > a->auc) ? 1 : 0;
            CR_TEST_INT(r->best, want);
            CR_TEST_TRUE(strstr(r->summary, want ? "scheme qual-cost predicted" : "scheme qual predicted") != NULL);
        }
    }
    cr_compare_report_free(r);

    /* every park with outcomes: no ranking part, the backtest only */
    cr_compare_params_default(&p);
    p.all_parks = 1;
    p.backtest = 1;
    p.cutoff = cutoff;
    r = NULL;
    CR_TEST_OK(cr_compare_run(ctx, &w, schemes, 2, &p, &r));
    if (r) {
        CR_TEST_TRUE(r->res == NULL && r->agree == NULL && r->park == -1);
        CR_TEST_TRUE(r->bt != NULL && r->bt->njobs >= 1);
    }
    cr_compare_report_free(r);

    /* refusals: SMAA is per park; no park; no scheme */
    p.samples = 10;
    r = (cr_compare_report *)&p;   /* must be reset to NULL */
    CR_TEST_INT(cr_compare_run(ctx, &w, schemes, 2, &p, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    cr_compare_params_default(&p);
    CR_TEST_INT(cr_compare_run(ctx, &w, schemes, 2, &p, &r), CR_EINVAL);
    p.park = 0;
    CR_TEST_INT(cr_compare_run(ctx, &w, schemes, 0, &p, &r), CR_EINVAL);

    cr_scheme_free(sch[0]);
    cr_scheme_free(sch[1]);
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    return cr_test_done();
}
