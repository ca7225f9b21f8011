/* Backtest metrics: hand-worked cases (numbers derived in the comments) and
 * the published scikit-learn docstring examples cited in docs/backtest.md. */
#include "cr_test.h"

#include <chainrank/chainrank.h>
#include <chainrank/cr_backtest.h>

#include <math.h>
#include <string.h>

static cr_ctx *ctx;

/* m = 6, scores give the order 0,1,2,3,4,5; relevant: 1, 3, 4 (R = 3).
 * Ranks of the relevant items: 2, 4, 5.
 *   K = 3: top 3 = {0,1,2}, hits = 1: P@3 = 1/3, R@3 = 1/3, hit = 1.
 *   AP = (1/2 + 2/4 + 3/5) / 3 = 1.6 / 3 = 0.5333...
 *   AP@3 = (1/2) / min(3, 3) = 1/6.   RR = 1/2.
 *   AUC: negatives at ranks 1, 3, 6. Rank 2 beats 3 and 6, rank 4 beats 6,
 *        rank 5 beats 6: U = 4, AUC = 4 / (3*3) = 4/9.
 *   NDCG@3 (binary): DCG = 1/log2(3) = 0.6309298; IDCG = 1 + 1/log2(3) + 1/2
 *        = 2.1309298; NDCG = 0.2960819.
 *   Random: E[P@3] = R/m = 1/2, E[R@3] = 3/6, E[hit@3] = 1 - C(3,3)/C(6,3) = 19/20. */
static void test_hand_binary(void)
{
    const double sc[6] = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    const double rel[6] = {0, 1, 0, 1, 1, 0};
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 6, sc, rel, 3, NULL, &r));
    CR_TEST_INT(r.n_rel, 3);
    CR_TEST_INT(r.hits, 1);
    CR_TEST_NEAR(r.precision, 1.0 / 3, 1e-15);
    CR_TEST_NEAR(r.recall, 1.0 / 3, 1e-15);
    CR_TEST_NEAR(r.hit, 1, 0);
    CR_TEST_NEAR(r.ap, 1.6 / 3, 1e-15);
    CR_TEST_NEAR(r.ap_k, 1.0 / 6, 1e-15);
    CR_TEST_NEAR(r.rr, 0.5, 0);
    CR_TEST_NEAR(r.auc, 4.0 / 9, 1e-15);
    CR_TEST_NEAR(r.ndcg, (1 / log2(3)) / (1 + 1 / log2(3) + 0.5), 1e-15);
    CR_TEST_NEAR(r.ndcg, 0.2960819, 1e-7);
    CR_TEST_NEAR(r.rand_precision, 0.5, 0);
    CR_TEST_NEAR(r.rand_recall, 0.5, 0);
    CR_TEST_NEAR(r.rand_hit, 0.95, 1e-15);
    CR_TEST_NEAR(r.rand_auc, 0.5, 0);

    /* The same ranking given as an order gives the same numbers. */
    const size_t ord[6] = {0, 1, 2, 3, 4, 5};
    cr_bt_result o;
    CR_TEST_OK(cr_bt_metrics_order(ctx, NULL, 6, ord, rel, 3, NULL, &o));
    CR_TEST_NEAR(o.ap, r.ap, 0);
    CR_TEST_NEAR(o.auc, r.auc, 0);
    CR_TEST_NEAR(o.ndcg, r.ndcg, 0);

    /* K > m: the shortlist is the whole list. hits = 3, P = 3/6, recall = 1,
     * AP@K = AP, and E[hit] = 1 (every ranking contains a relevant item). */
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 6, sc, rel, 10, NULL, &r));
    CR_TEST_INT(r.k_eff, 6);
    CR_TEST_INT(r.hits, 3);
    CR_TEST_NEAR(r.precision, 0.5, 0);
    CR_TEST_NEAR(r.recall, 1, 0);
    CR_TEST_NEAR(r.ap_k, r.ap, 1e-15);
    CR_TEST_NEAR(r.rand_hit, 1, 0);
}

/* Graded relevance, order 0..5, rel = {0, 2, 0, 1, 0, 0}.
 * Linear gain: DCG@3 = 2/log2(3) = 1.2618595; IDCG@3 = 2 + 1/log2(3) = 2.6309298;
 *   NDCG@3 = 0.4796249. DCG@6 adds 1/log2(5) = 0.4306766: 1.6925361; NDCG@6 = 0.6433224.
 * Exponential gain (3 and 1): DCG@3 = 3/log2(3) = 1.8927893; IDCG@3 = 3 + 1/log2(3)
 *   = 3.6309298; NDCG@3 = 0.5212960. */
static void test_graded(void)
{
    const size_t ord[6] = {0, 1, 2, 3, 4, 5};
    const double rel[6] = {0, 2, 0, 1, 0, 0};
    cr_bt_params p;
    cr_bt_params_default(&p);
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_order(ctx, NULL, 6, ord, rel, 3, &p, &r));
    CR_TEST_NEAR(r.dcg, 1.2618595071429151, 1e-14);
    CR_TEST_NEAR(r.ndcg, 0.47962493313626292, 1e-14);
    CR_TEST_OK(cr_bt_metrics_order(ctx, NULL, 6, ord, rel, 6, &p, &r));
    CR_TEST_NEAR(r.ndcg, 0.6433224083306327, 1e-14);
    p.gain = CR_BT_GAIN_EXP;
    CR_TEST_OK(cr_bt_metrics_order(ctx, NULL, 6, ord, rel, 3, &p, &r));
    CR_TEST_NEAR(r.dcg, 1.8927892607143724, 1e-14);
    CR_TEST_NEAR(r.ndcg, 0.52129602861432001, 1e-14);
    /* Binary metrics read rel > 0: R = 2, ranks 2 and 4, AP = (1/2 + 2/4)/2 = 1/2. */
    CR_TEST_INT(r.n_rel, 2);
    CR_TEST_NEAR(r.ap, 0.5, 0);
}

/* scikit-learn ndcg_score docstring (sklearn/metrics/_ranking.py), linear gains:
 *   true_relevance [[10, 0, 0, 1, 5]], scores [[.1, .2, .3, 4, 70]] -> 0.69...
 *   scores [[.05, 1.1, 1., .5, .0]] -> 0.49...; with k=4 -> 0.35...
 *   ndcg_score(true_relevance, true_relevance, k=4) -> 1.0
 *   scores [[1, 0, 0, 0, 1]], k=1 -> 0.75 (ties averaged), 0.5 with ignore_ties=True.
 * First case by hand: order 4,3,2,1,0; DCG = 5 + 1/log2 3 + 10/log2 6 = 9.4994578;
 * IDCG = 10 + 5/log2 3 + 1/2 = 13.6546488; NDCG = 0.6956940. */
static void test_sklearn_ndcg(void)
{
    const double tr[5] = {10, 0, 0, 1, 5};
    const double s1[5] = {.1, .2, .3, 4, 70};
    const double s2[5] = {.05, 1.1, 1., .5, .0};
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 5, s1, tr, 5, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 0.69569404438130755, 1e-14);
    CR_TEST_NEAR(floor(r.ndcg * 100) / 100, 0.69, 1e-12);
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 5, s2, tr, 5, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 0.49368019137737612, 1e-14);
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 5, s2, tr, 4, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 0.35202411006344891, 1e-14);
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 5, tr, tr, 4, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 1.0, 1e-15);
    /* Tied scores: we break ties by lower index, so candidate 0 (rel 10) is
     * first and NDCG@1 = 10/10 = 1; sklearn averages the tie group {0, 4}
     * (0.75), and with ignore_ties=True it puts index 4 first (0.5), which is
     * what our order-based entry gives for the order 4,0,1,2,3. */
    const double s3[5] = {1, 0, 0, 0, 1};
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 5, s3, tr, 1, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 1.0, 0);
    const size_t o3[5] = {4, 0, 1, 2, 3};
    CR_TEST_OK(cr_bt_metrics_order(ctx, NULL, 5, o3, tr, 1, NULL, &r));
    CR_TEST_NEAR(r.ndcg, 0.5, 0);
}

/* scikit-learn average_precision_score docstring: y_true [0,0,1,1],
 * y_scores [0.1,0.4,0.35,0.8] -> 0.83... By hand: order 3 (rel), 1, 2 (rel), 0:
 * AP = (1/1 + 2/3)/2 = 5/6. The same example in roc_auc_score / auc_score
 * docstrings -> 0.75: positives 0.35, 0.8 vs negatives 0.1, 0.4: 3 of 4 pairs. */
static void test_sklearn_ap_auc(void)
{
    const double yt[4] = {0, 0, 1, 1};
    const double ys[4] = {0.1, 0.4, 0.35, 0.8};
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 4, ys, yt, 4, NULL, &r));
    CR_TEST_NEAR(r.ap, 5.0 / 6, 1e-15);
    CR_TEST_NEAR(r.auc, 0.75, 0);
    CR_TEST_NEAR(r.rr, 1, 0);
}

/* Ties in scores for AUC count 1/2.
 * scores {2, 1, 1, 0}, rel {0, 1, 0, 1}: positives 1 (score 1) and 3 (score 0),
 * negatives 0 (score 2) and 2 (score 1). Pairs: (1,0) lose, (1,2) tie 1/2,
 * (3,0) lose, (3,2) lose: U = 1/2, AUC = 0.5/4 = 0.125.
 * y [1, 0], scores [1, 1]: AUC = 1/2 (one tied pair); AP by our order (index
 * 0 first) = 1, where sklearn's average_precision_score gives 0.5 (one
 * threshold holding both items: precision 1/2 at recall 1). */
static void test_auc_ties(void)
{
    const double sc[4] = {2, 1, 1, 0};
    const double rel[4] = {0, 1, 0, 1};
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 4, sc, rel, 2, NULL, &r));
    CR_TEST_NEAR(r.auc, 0.125, 0);
    const double s2[2] = {1, 1}, r2[2] = {1, 0};
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 2, s2, r2, 1, NULL, &r));
    CR_TEST_NEAR(r.auc, 0.5, 0);
    CR_TEST_NEAR(r.ap, 1.0, 0);
    /* -0 and +0 are one tie group */
    const double s3[2] = {-0.0, 0.0}, r3[2] = {0, 1};
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 2, s3, r3, 1, NULL, &r));
    CR_TEST_NEAR(r.auc, 0.5, 0);
}

/* No relevant item: recall, NDCG, AP, RR, AUC undefined (NaN); precision = 0. */
static void test_degenerate(void)
{
    const double sc[3] = {3, 2, 1}, none[3] = {0, 0, 0}, all[3] = {1, 2, 1};
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 3, sc, none, 2, NULL, &r));
    CR_TEST_NEAR(r.precision, 0, 0);
    CR_TEST_NEAR(r.hit, 0, 0);
    CR_TEST_TRUE(isnan(r.recall) && isnan(r.ndcg) && isnan(r.ap) && isnan(r.ap_k) && isnan(r.rr) && isnan(r.auc));
    CR_TEST_NEAR(r.rand_precision, 0, 0);
    CR_TEST_NEAR(r.rand_hit, 0, 0);
    /* every item relevant: AUC undefined, the rest perfect */
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 3, sc, all, 2, NULL, &r));
    CR_TEST_TRUE(isnan(r.auc) && isnan(r.rand_auc));
    CR_TEST_NEAR(r.ap, 1, 0);
    CR_TEST_NEAR(r.precision, 1, 0);
    /* m = 0 */
    CR_TEST_OK(cr_bt_metrics_scores(ctx, NULL, 0, NULL, NULL, 5, NULL, &r));
    CR_TEST_TRUE(isnan(r.precision) && isnan(r.hit) && r.k_eff == 0);
}

static void test_errors(void)
{
    const double sc[3] = {3, NAN, 1}, rel[3] = {0, 1, 0}, neg[3] = {0, -1, 0};
    const size_t bad[3] = {0, 2, 2}, oor[3] = {0, 1, 3};
    cr_bt_result r;
    CR_TEST_INT(cr_bt_metrics_scores(ctx, NULL, 3, sc, rel, 2, NULL, &r), CR_EDATA);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "candidate 1") != NULL);
    const double ok[3] = {3, 2, 1};
    CR_TEST_INT(cr_bt_metrics_scores(ctx, NULL, 3, ok, neg, 2, NULL, &r), CR_EDATA);
    CR_TEST_INT(cr_bt_metrics_scores(ctx, NULL, 3, ok, rel, 0, NULL, &r), CR_EINVAL);
    CR_TEST_INT(cr_bt_metrics_order(ctx, NULL, 3, bad, rel, 2, NULL, &r), CR_EDATA);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "order[2]") != NULL);
    CR_TEST_INT(cr_bt_metrics_order(ctx, NULL, 3, oor, rel, 2, NULL, &r), CR_EDATA);
    cr_bt_ws *ws = NULL;
    CR_TEST_OK(cr_bt_ws_alloc(ctx, 2, &ws));
    CR_TEST_INT(cr_bt_metrics_scores(ctx, ws, 3, ok, rel, 2, NULL, &r), CR_EINVAL);
    cr_bt_params p;
    cr_bt_params_default(&p);
    p.gain = (cr_bt_gain)7;
    CR_TEST_INT(cr_bt_metrics_scores(ctx, NULL, 3, ok, rel, 2, &p, &r), CR_EINVAL);
    cr_bt_ws_free(ws);
    cr_ctx_clear(ctx);
}

static void test_lift(void)
{
    double ratio, diff;
    cr_bt_lift(0.3, 0.1, &ratio, &diff);
    CR_TEST_NEAR(ratio, 3, 1e-15);
    CR_TEST_NEAR(diff, 0.2, 1e-15);
    cr_bt_lift(0.3, 0.0, &ratio, NULL);
    CR_TEST_TRUE(isnan(ratio));
    cr_bt_lift(NAN, 0.5, &ratio, &diff);
    CR_TEST_TRUE(isnan(ratio) && isnan(diff));
}

/* Three parks, K = 2, one workspace reused (no allocation per park).
 *   park A: order 0..3, rel {1,0,1,0}: hits 1, P = 1/2, R = 1/2, AP = (1 + 2/3)/2 = 5/6,
 *           AUC: rank 1 beats 2 negs, rank 3 beats 1: 3/4.
 *   park B: rel all 0: skipped by macro/micro (counted in n_parks).
 *   park C: order 0..2, rel {0,0,1}: hits 0, P = 0, R = 0, AP = 1/3, AUC = 0.
 * Macro P = (1/2 + 0)/2 = 1/4; macro R = 1/4; MAP = (5/6 + 1/3)/2 = 7/12; AUC = 3/8.
 * Micro P = (1 + 0)/(2 + 2) = 1/4; micro R = (1 + 0)/(2 + 1) = 1/3. */
static void test_aggregate(void)
{
    const double sa[4] = {4, 3, 2, 1}, ra[4] = {1, 0, 1, 0};
    const double sb[4] = {4, 3, 2, 1}, rb[4] = {0, 0, 0, 0};
    const double sc[3] = {3, 2, 1}, rc[3] = {0, 0, 1};
    cr_bt_ws *ws = NULL;
    CR_TEST_OK(cr_bt_ws_alloc(ctx, 4, &ws));
    cr_bt_agg a;
    cr_bt_agg_init(&a);
    cr_bt_result r;
    CR_TEST_OK(cr_bt_metrics_scores(ctx, ws, 4, sa, ra, 2, NULL, &r));
    CR_TEST_NEAR(r.auc, 0.75, 0);
    cr_bt_agg_add(&a, &r);
    CR_TEST_OK(cr_bt_metrics_scores(ctx, ws, 4, sb, rb, 2, NULL, &r));
    cr_bt_agg_add(&a, &r);
    CR_TEST_OK(cr_bt_metrics_scores(ctx, ws, 3, sc, rc, 2, NULL, &r));
    cr_bt_agg_add(&a, &r);
    cr_bt_summary s;
    cr_bt_agg_summary(&a, &s);
    CR_TEST_INT(s.n_parks, 3);
    CR_TEST_INT(s.n_used, 2);
    CR_TEST_INT(s.n_auc, 2);
    CR_TEST_NEAR(s.precision, 0.25, 1e-15);
    CR_TEST_NEAR(s.recall, 0.25, 1e-15);
    CR_TEST_NEAR(s.map, 7.0 / 12, 1e-15);
    CR_TEST_NEAR(s.auc, 0.375, 1e-15);
    CR_TEST_NEAR(s.micro_precision, 0.25, 0);
    CR_TEST_NEAR(s.micro_recall, 1.0 / 3, 1e-15);
    CR_TEST_NEAR(s.rand_auc, 0.5, 0);
    /* E[P@2]: park A 2/4, park C 1/3 -> 5/12 */
    CR_TEST_NEAR(s.rand_precision, 5.0 / 12, 1e-15);
    cr_bt_ws_free(ws);
}

/* splitmix64 seeded with 0 gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4 (the
 * reference splitmix64.c of Vigna). The permutations below come from an
 * independent Python transcription of the documented algorithm. */
static void test_random(void)
{
    uint64_t st = 0;
    CR_TEST_TRUE(cr_bt_splitmix64(&st) == 0xe220a8397b1dcdafULL);
    CR_TEST_TRUE(cr_bt_splitmix64(&st) == 0x6e789e6aa1b965f4ULL);
    size_t o[10];
    const size_t e0[10] = {6, 7, 9, 8, 2, 0, 1, 3, 5, 4};
    const size_t e1[10] = {9, 7, 1, 4, 8, 3, 0, 6, 5, 2};
    const size_t e2[5] = {2, 3, 1, 4, 0};
    cr_bt_random_order(42, 0, 10, o);
    CR_TEST_TRUE(memcmp(o, e0, sizeof e0) == 0);
    cr_bt_random_order(42, 1, 10, o);
    CR_TEST_TRUE(memcmp(o, e1, sizeof e1) == 0);
    cr_bt_random_order(7, 3, 5, o);
    CR_TEST_TRUE(memcmp(o, e2, sizeof e2) == 0);

    /* Sampled vs analytic: mean P@10 over 2000 random orders of m = 100 with
     * R = 20 should be near R/m = 0.2 (sd of the mean ~ 0.0028); mean AUC near 0.5. */
    enum { M = 100, NPARK = 2000 };
    static size_t ord[M];
    static double rel[M];
    for (size_t i = 0; i < M; i++) rel[i] = i % 5 == 0;
    cr_bt_ws *ws = NULL;
    CR_TEST_OK(cr_bt_ws_alloc(ctx, M, &ws));
    double sp = 0, sa = 0, rp = 0;
    for (uint64_t park = 0; park < NPARK; park++) {
        cr_bt_result r;
        cr_bt_random_order(1, park, M, ord);
        CR_TEST_OK(cr_bt_metrics_order(ctx, ws, M, ord, rel, 10, NULL, &r));
        sp += r.precision;
        sa += r.auc;
        rp = r.rand_precision;
    }
    CR_TEST_NEAR(rp, 0.2, 0);
    CR_TEST_NEAR(sp / NPARK, 0.2, 0.012);
    CR_TEST_NEAR(sa / NPARK, 0.5, 0.01);
    cr_bt_ws_free(ws);
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_hand_binary();
    test_graded();
    test_sklearn_ndcg();
    test_sklearn_ap_auc();
    test_auc_ties();
    test_degenerate();
    test_errors();
    test_lift();
    test_aggregate();
    test_random();
    cr_ctx_free(ctx);
    return cr_test_done();
}
