/* Graph construction and the chain diagnosis on cases worked by hand
 * (docs/model.md, "Worked examples"). */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "graph/model.h"

static void test_pagerank_path(cr_ctx *ctx)
{
    /* a -> b -> c (+ self-loop c, ignored), b key. Forward PageRank solves
     *   a = 0.05 + 0.85 c/3, b = 0.05 + 0.85 a + 0.85 c/3, c = 0.05 + 0.85 b + 0.85 c/3
     * (c dangling spreads uniformly): a = 0.18441678, b = 0.34117105, c = 0.47441217;
     * the reverse graph mirrors it. importance = 0.5 * 3 * (fwd + rev) * (1 + 0.5 key). */
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, "tests/data/path3", NULL, &ds));
    CR_TEST_OK(cr_model_build(ctx, ds, NULL, &m));
    if (!m) { cr_dataset_free(ds); return; }
    CR_TEST_NEAR(cr_model_pagerank_down(m, 0, 0), 3 * 0.18441678, 3e-8);
    CR_TEST_NEAR(cr_model_pagerank_down(m, 0, 1), 3 * 0.34117105, 3e-8);
    CR_TEST_NEAR(cr_model_pagerank_down(m, 0, 2), 3 * 0.47441217, 3e-8);
    CR_TEST_NEAR(cr_model_pagerank_up(m, 0, 0), 3 * 0.47441217, 3e-8);
    CR_TEST_NEAR(cr_model_importance(m, 0, 0), 0.98824343, 1e-7);
    CR_TEST_NEAR(cr_model_importance(m, 0, 1), 1.53526971, 1e-7);
    CR_TEST_NEAR(cr_model_importance(m, 0, 2), 0.98824343, 1e-7);
    cr_model_free(m);
    cr_dataset_free(ds);
}

static void test_supply_graph(cr_ctx *ctx)
{
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    CR_TEST_OK(cr_dataset_load(ctx, "datasets/tiny", NULL, &ds));
    CR_TEST_OK(cr_model_build(ctx, ds, &mp, &m));
    if (!m) { cr_dataset_free(ds); return; }
    /* links E3->E1 (900), E1->E4 (1200), E4->E2 (700): a path */
    int64_t e1 = cr_dataset_find_enterprise(ds, "E1"), e3 = cr_dataset_find_enterprise(ds, "E3");
    int64_t e4 = cr_dataset_find_enterprise(ds, "E4"), e2 = cr_dataset_find_enterprise(ds, "E2");
    CR_TEST_INT(m->out_off[e1 + 1] - m->out_off[e1], 1);
    CR_TEST_INT(m->out_adj[m->out_off[e1]], e4);
    CR_TEST_NEAR(m->out_w[m->out_off[e1]], 1200, 0);
    CR_TEST_INT(m->in_off[e1 + 1] - m->in_off[e1], 1);
    CR_TEST_INT(m->in_adj[m->in_off[e1]], e3);
    CR_TEST_INT(m->out_off[e2 + 1] - m->out_off[e2], 0);
    /* PageRank grows along the path, and sums to N (scaled by N) */
    CR_TEST_TRUE(m->ent_pagerank[e3] < m->ent_pagerank[e1]);
    CR_TEST_TRUE(m->ent_pagerank[e1] < m->ent_pagerank[e4]);
    CR_TEST_TRUE(m->ent_pagerank[e4] < m->ent_pagerank[e2]);
    CR_TEST_NEAR(m->ent_pagerank[0] + m->ent_pagerank[1] + m->ent_pagerank[2] + m->ent_pagerank[3], 4.0, 1e-9);
    cr_model_free(m);
    cr_dataset_free(ds);
}

static void test_gaps_hand(cr_ctx *ctx)
{
    /* tests/data/gaps1: A->B .4, B->C .5, C->D .25, D->F .1, B->E .2, C->G .5;
     * tenants of P: B 1000, C 1200, G 4000.
     * X = (0, 1000, 1200, 0, 0, 0, 4000)
     * D_A = .4*1000 = 400 -> missing, gap 400
     * D_B = .5*1200 + .2*0 = 600, X/D = 1.667 -> strong
     * D_C = .25*0 + .5*4000 = 2000, X/D = 0.6 -> weak, gap 800
     * D: no demand, C covered sells to it -> extension, gap 1200*.25/(.25+.5) = 400
     * E: no demand, B covered -> extension, gap 1000*.2/(.5+.2) = 285.714...
     * F: neighbours uncovered -> absent; G: supply, no demand -> strong. */
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    cr_gaps *g = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, "tests/data/gaps1", NULL, &ds));
    CR_TEST_OK(cr_model_build(ctx, ds, NULL, &m));
    CR_TEST_OK(cr_gaps_compute(ctx, m, cr_dataset_find_park(ds, "P"), 0, NULL, &g));
    if (!g) { cr_model_free(m); cr_dataset_free(ds); return; }
    const double X[7] = {0, 1000, 1200, 0, 0, 0, 4000};
    const double D[7] = {400, 600, 2000, 0, 0, 0, 0};
    const int S[7] = {CR_GAP_MISSING, CR_GAP_STRONG, CR_GAP_WEAK, CR_GAP_EXTENSION, CR_GAP_EXTENSION, CR_GAP_ABSENT, CR_GAP_STRONG};
    const double G[7] = {400, 0, 800, 400, 1000 * 0.2 / 0.7, 0, 0};
    for (int i = 0; i < 7; i++) {
        CR_TEST_NEAR(g->supply[i], X[i], 1e-9);
        CR_TEST_NEAR(g->demand[i], D[i], 1e-9);
        CR_TEST_INT(g->status[i], S[i]);
        CR_TEST_NEAR(g->gap[i], G[i], 1e-9);
    }
    CR_TEST_NEAR(g->coverage[2], 0.6, 1e-12);
    CR_TEST_TRUE(isnan(g->coverage[3]));
    CR_TEST_INT(g->n_tenants, 3);
    CR_TEST_INT(g->ngap, 4);
    CR_TEST_INT(g->order[0], 0);       /* missing first */
    CR_TEST_INT(g->order[1], 2);       /* then weak */
    /* extensions by priority 0.3 x importance */
    CR_TEST_TRUE(g->priority[g->order[2]] >= g->priority[g->order[3]]);
    CR_TEST_NEAR(g->priority[0], 1.0 * g->importance[0], 1e-15);
    CR_TEST_NEAR(g->priority[2], 0.6 * g->importance[2], 1e-15);
    cr_gaps_free(g);

    /* park Q: tenant X1 in A (500); nothing buys from A locally -> A strong,
     * B (A sells to it) extension with the whole of A's output routed to it */
    CR_TEST_OK(cr_gaps_compute(ctx, m, cr_dataset_find_park(ds, "Q"), 0, NULL, &g));
    if (g) {
        CR_TEST_INT(g->status[0], CR_GAP_STRONG);
        CR_TEST_INT(g->status[1], CR_GAP_EXTENSION);
        CR_TEST_NEAR(g->gap[1], 500, 1e-12);
        CR_TEST_INT(g->status[2], CR_GAP_ABSENT);
        cr_gaps_free(g);
    }
    CR_TEST_INT(cr_gaps_compute(ctx, m, 99, 0, NULL, &g), CR_ENOTFOUND);
    cr_model_free(m);
    cr_dataset_free(ds);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_pagerank_path(ctx);
    test_supply_graph(ctx);
    test_gaps_hand(ctx);
    cr_ctx_free(ctx);
    return cr_test_done();
}
