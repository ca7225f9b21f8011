/* The backtest driver cr_eval_backtest (docs/compare.md, section 3) on the
 * hand-made dataset tests/data/backtest1, every number derived by hand below
 * from the definitions of docs/backtest.md.
 *
 * Dataset (chain k1 = the gaps1 chain of docs/model.md; enterprise index in
 * brackets = row of enterprises.csv):
 *   tenants of P: TB[0] (B, revenue 1000), TC[1] (C, 1200), TG[2] (G, 4000);
 *   tenant of Q: X1[3] (A, mining); TD[4] (C, 600, plant output 50, rd 0.021)
 *   is a tenant of P in the file, but its landing in P is dated 2023-06-01.
 *   Candidates (no park): C1[5] D 5000 q 100 rd 0.03; C2[6] E 3000 q 100
 *   rd 0.015; C3[7] B 8000 rd 0.024; C4[8] F 2000 need_land 200 rd 0.006;
 *   C5[9] B 0.5 + D 0.5, 1000, q 100, rd 0.009; C6[10] A (mining) 100 rd 0.03.
 *   P: land 100 ha, bans mining. Q: no limits. No links.
 * History (history.csv): TD P 2023-06-01 landed; C3 P 2023-03-01 signed;
 *   C2 P 2022-06-01 signed; C5 P 2023-09-01 signed, 2024-02-01 withdrawn;
 *   C4 P 2023-05-01 landed; C1 Q 2023-04-01 landed.
 * Cutoff 2023-01-01, K = 2, seed 1; jobs (P, k1) and (Q, k1).
 *
 * Ranker as of the cutoff: TD is a candidate again (first landing after the
 * cutoff); P's tenants are TB TC TG as in gaps1, so P's gap list is A
 * missing, C weak, D and E extension (B, G strong, F absent).
 *
 * Schemes: A = quality only, WSM, land soft; B = quality as a cost, WSM,
 * land hard (the default). Quality here = min(1, rd/0.03)/3 (no investment,
 * no tags): TD 0.7/3, C1 1/3, C2 0.5/3, C3 0.8/3, C4 0.2/3, C5 0.3/3,
 * C6 1/3, TB TC TG 0. Min-max WSM on one column keeps the order of the
 * column; ties by enterprise id.
 *
 * Job (P, k1): candidates = every enterprise of k1 but P's tenants:
 *   X1 TD C1..C6 -> ncand 8. Excluded: X1, C6 (banned, both schemes), C4
 *   (land 200 > 100, scheme B only). Common set (ascending index):
 *   TD C1 C2 C3 C5, m = 5. Relevance (highest non-withdrawn grade in P on or
 *   after the cutoff): TD 2 (landed), C1 0 (its landing is in Q), C2 0
 *   (signed before the cutoff), C3 1, C5 1 (the withdrawal is ignored).
 *   R = 3, N = 2, K_eff = 2; IDCG@2 = 2/log2(2) + 1/log2(3) = 2 + 1/L, L = log2 3.
 *   Expectations: precision R/m = 3/5; recall K_eff/m = 2/5;
 *   hit 1 - C(2,2)/C(5,2) = 9/10.
 *   A: C1 C3 TD C2 C5, rel 0 1 2 0 1: hits 1, P@2 1/2, R@2 1/3;
 *      DCG = 1/L, NDCG = 1/(2L + 1); AP = (1/2 + 2/3 + 3/5)/3 = 53/90;
 *      AP@2 = (1/2)/min(3, 2) = 1/4; RR 1/2; AUC: relevant at 2, 3, 5,
 *      non-relevant at 1, 4: pairs won 1 + 1 + 0 = 2 of 6 -> 1/3.
 *   B: C5 C2 TD C3 C1, rel 1 0 2 1 0: hits 1; DCG = 1, NDCG = 1/(2 + 1/L);
 *      AP = (1 + 2/3 + 3/4)/3 = 29/36; AP@2 = 1/2; RR 1; AUC (2+1+1)/6 = 2/3.
 *   sector_size: gap > 0 (a share in C, D or E and a plant output) for TD,
 *      C1, C2, C5, by revenue C1 5000, C2 3000, C5 1000, TD 600; then C3:
 *      rel 0 0 1 2 1: hits 0, NDCG 0, AP = (1/3 + 2/4 + 3/5)/3 = 43/90,
 *      AP@2 0, RR 1/3, AUC 0.
 *   density: omega_P = 1 for B, C and G (M_P = {B, C, G}, M_Q = {A}), 0
 *      elsewhere: TD 1, C3 1, C5 0.5, C1 0, C2 0; ties by id: C3 TD C5 C1 C2,
 *      rel 1 2 1 0 0: hits 2, P@2 1, R@2 2/3, DCG = 1 + 2/L,
 *      NDCG = (L + 2)/(2L + 1); AP 1, AP@2 1, RR 1, AUC 1.
 *   random: cr_bt_random_order(1, park 0, 5) = 2 1 3 0 4 (from an
 *      independent transcription of docs/backtest.md, not from the C code):
 *      C2 C1 C3 TD C5, rel 0 0 1 2 1: the same metrics as sector_size.
 * Job (Q, k1): candidates = all of k1 but X1 -> ncand 10, none excluded,
 *   m = 10 (TB TC TG TD C1..C6). Relevance: C1 2, the others 0; R = 1.
 *   Expectations: 1/10, 2/10, 1 - C(9,2)/C(10,2) = 1/5.
 *   A: C1 first (1/3; ties C6 by id): hits 1, P@2 1/2, recall 1, NDCG 1,
 *      AP 1, AP@2 1, RR 1, AUC 1.
 *   B: quality ascending, TB TC TG C4 C5 C2 TD C3 C1 C6: C1 at 9: hits 0,
 *      AP = RR = 1/9, AUC 1/9.
 *   sector_size: Q's only gap is B (extension from X1's A, volume 500), so
 *      C5 (B share, output 100) first, then by revenue C3 8000, C1 5000, ...:
 *      C1 at 3: hits 0, AP = RR = 1/3, AUC 7/9.
 *   density: omega_Q = 0 for every segment: by id, C1 first -> as A.
 *   random: cr_bt_random_order(1, park 1, 10) = 6 1 7 5 3 2 4 8 0 9
 *      puts C1 (common index 4) at 7: AP = RR = 1/7,
 *      AUC 3/9 = 1/3.
 * Summaries (both jobs have R >= 1 and 0 < R < m):
 *   A: precision (1/2 + 1/2)/2 = 1/2; recall (1/3 + 1)/2 = 2/3; hit 1;
 *      NDCG (1/(2L+1) + 1)/2; MAP (53/90 + 1)/2 = 143/180; AP@2 (1/4 + 1)/2
 *      = 5/8; MRR 3/4; AUC 2/3; micro precision 2/4, micro recall 2/(3+1);
 *      expectations (3/5 + 1/10)/2 = 7/20, (2/5 + 1/5)/2 = 3/10,
 *      (9/10 + 1/5)/2 = 11/20, 1/2.
 *   sector_size: precision, recall, hit, NDCG, AP@2 0; MAP (43/90 + 1/3)/2 =
 *      73/180; MRR 1/3; AUC (0 + 7/9)/2 = 7/18; micro 0 and 0. */
#include "rank_world.h"

#include <chainrank/chainrank.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-12

/* method indices: the two schemes, then the baselines */
enum { M_A = 0, M_B = 1, NS = 2, M_RANDOM = NS + CR_EVAL_BASE_RANDOM, M_SECTOR = NS + CR_EVAL_BASE_SECTOR_SIZE,
       M_DENSITY = NS + CR_EVAL_BASE_DENSITY, NM = NS + CR_EVAL_NBASE };

#define EXPECT(r_, m_, nrel_, hits_, prec_, rec_, hit_, ndcg_, ap_, apk_, rr_, auc_) do { \
    const cr_bt_result *x_ = (r_);                                                    \
    CR_TEST_INT(x_->m, m_); CR_TEST_INT(x_->k, 2); CR_TEST_INT(x_->k_eff, 2);         \
    CR_TEST_INT(x_->n_rel, nrel_); CR_TEST_INT(x_->hits, hits_);                      \
    CR_TEST_NEAR(x_->precision, prec_, TOL); CR_TEST_NEAR(x_->recall, rec_, TOL);     \
    CR_TEST_NEAR(x_->hit, hit_, TOL); CR_TEST_NEAR(x_->ndcg, ndcg_, TOL);             \
    CR_TEST_NEAR(x_->ap, ap_, TOL); CR_TEST_NEAR(x_->ap_k, apk_, TOL);                \
    CR_TEST_NEAR(x_->rr, rr_, TOL); CR_TEST_NEAR(x_->auc, auc_, TOL);                 \
} while (0)

#define EXPECT_RAND(r_, prec_, rec_, hit_) do { const cr_bt_result *x_ = (r_);       \
    CR_TEST_NEAR(x_->rand_precision, prec_, TOL); CR_TEST_NEAR(x_->rand_recall, rec_, TOL); \
    CR_TEST_NEAR(x_->rand_hit, hit_, TOL); CR_TEST_NEAR(x_->rand_auc, 0.5, 0); } while (0)

static const char *SCHEME_A = "{\"name\": \"qual\", \"criteria\": [{\"id\": \"quality\"}], \"aggregation\": {\"method\": \"wsm\"},"
                              " \"resources\": {\"land\": \"soft\"}}";
static const char *SCHEME_B = "{\"name\": \"qual-cost\", \"criteria\": [{\"id\": \"quality\", \"direction\": \"cost\"}],"
                              " \"aggregation\": {\"method\": \"wsm\"}}";

static void check_hand(const cr_eval_bt_result *b, int32_t P, int32_t Q, int32_t k1)
{
    const double L = log2(3.0);
    CR_TEST_INT(b->nschemes, NS);
    CR_TEST_INT(b->nmethods, NM);
    CR_TEST_INT(b->njobs, 2);
    CR_TEST_INT(b->park[0], P);
    CR_TEST_INT(b->park[1], Q);
    CR_TEST_INT(b->chain[0], k1);
    CR_TEST_INT(b->chain[1], k1);
    CR_TEST_INT(b->ncand[0], 8);
    CR_TEST_INT(b->ncommon[0], 5);
    CR_TEST_INT(b->ncand[1], 10);
    CR_TEST_INT(b->ncommon[1], 10);

    /* job (P, k1) */
    const cr_bt_result *p = b->res;
    EXPECT(&p[M_A], 5, 3, 1, 0.5, 1.0 / 3, 1, 1 / (2 * L + 1), 53.0 / 90, 0.25, 0.5, 1.0 / 3);
    EXPECT(&p[M_B], 5, 3, 1, 0.5, 1.0 / 3, 1, 1 / (2 + 1 / L), 29.0 / 36, 0.5, 1, 2.0 / 3);
    EXPECT(&p[M_SECTOR], 5, 3, 0, 0, 0, 0, 0, 43.0 / 90, 0, 1.0 / 3, 0);
    EXPECT(&p[M_DENSITY], 5, 3, 2, 1, 2.0 / 3, 1, (L + 2) / (2 * L + 1), 1, 1, 1, 1);
    EXPECT(&p[M_RANDOM], 5, 3, 0, 0, 0, 0, 0, 43.0 / 90, 0, 1.0 / 3, 0);
    for (int q = 0; q < NM; q++) EXPECT_RAND(&p[q], 3.0 / 5, 2.0 / 5, 9.0 / 10);

    /* job (Q, k1) */
    const cr_bt_result *r = b->res + NM;
    EXPECT(&r[M_A], 10, 1, 1, 0.5, 1, 1, 1, 1, 1, 1, 1);
    EXPECT(&r[M_B], 10, 1, 0, 0, 0, 0, 0, 1.0 / 9, 0, 1.0 / 9, 1.0 / 9);
    EXPECT(&r[M_SECTOR], 10, 1, 0, 0, 0, 0, 0, 1.0 / 3, 0, 1.0 / 3, 7.0 / 9);
    EXPECT(&r[M_DENSITY], 10, 1, 1, 0.5, 1, 1, 1, 1, 1, 1, 1);
    EXPECT(&r[M_RANDOM], 10, 1, 0, 0, 0, 0, 0, 1.0 / 7, 0, 1.0 / 7, 1.0 / 3);
    for (int q = 0; q < NM; q++) EXPECT_RAND(&r[q], 1.0 / 10, 2.0 / 10, 1.0 / 5);

    /* summaries over the two jobs */
    const cr_bt_summary *a = &b->summary[M_A];
    CR_TEST_INT(a->n_parks, 2);
    CR_TEST_INT(a->n_used, 2);
    CR_TEST_INT(a->n_auc, 2);
    CR_TEST_NEAR(a->precision, 0.5, TOL);
    CR_TEST_NEAR(a->recall, 2.0 / 3, TOL);
    CR_TEST_NEAR(a->hit, 1, TOL);
    CR_TEST_NEAR(a->ndcg, (1 / (2 * L + 1) + 1) / 2, TOL);
    CR_TEST_NEAR(a->ap, 143.0 / 180, TOL);
    CR_TEST_NEAR(a->map, 143.0 / 180, TOL);
    CR_TEST_NEAR(a->ap_k, 5.0 / 8, TOL);
    CR_TEST_NEAR(a->rr, 0.75, TOL);
    CR_TEST_NEAR(a->auc, 2.0 / 3, TOL);
    CR_TEST_NEAR(a->micro_precision, 0.5, TOL);
    CR_TEST_NEAR(a->micro_recall, 0.5, TOL);
    CR_TEST_NEAR(a->rand_precision, 7.0 / 20, TOL);
    CR_TEST_NEAR(a->rand_recall, 3.0 / 10, TOL);
    CR_TEST_NEAR(a->rand_hit, 11.0 / 20, TOL);
    CR_TEST_NEAR(a->rand_auc, 0.5, TOL);
    const cr_bt_summary *s = &b->summary[M_SECTOR];
    CR_TEST_INT(s->n_used, 2);
    CR_TEST_NEAR(s->precision, 0, TOL);
    CR_TEST_NEAR(s->recall, 0, TOL);
    CR_TEST_NEAR(s->hit, 0, TOL);
    CR_TEST_NEAR(s->ndcg, 0, TOL);
    CR_TEST_NEAR(s->map, 73.0 / 180, TOL);
    CR_TEST_NEAR(s->ap_k, 0, TOL);
    CR_TEST_NEAR(s->rr, 1.0 / 3, TOL);
    CR_TEST_NEAR(s->auc, 7.0 / 18, TOL);
    CR_TEST_NEAR(s->micro_precision, 0, TOL);
    CR_TEST_NEAR(s->micro_recall, 0, TOL);
}

static int same_bt_result(const cr_eval_bt_result *x, const cr_eval_bt_result *y)
{
    return x->njobs == y->njobs && x->nmethods == y->nmethods &&
           !memcmp(x->ncand, y->ncand, x->njobs * sizeof *x->ncand) &&
           !memcmp(x->ncommon, y->ncommon, x->njobs * sizeof *x->ncommon) &&
           !memcmp(x->res, y->res, x->njobs * x->nmethods * sizeof *x->res) &&
           !memcmp(x->summary, y->summary, x->nmethods * sizeof *x->summary);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_eval_history *h = NULL, *hf = NULL;
    cr_scheme *sch[NS] = {NULL, NULL};
    int32_t cutoff;
    world w;
    world_load_as_of(ctx, &w, CR_SOURCE_DIR "/tests/data/backtest1", "2023-01-01", &cutoff);
    const cr_dataset *ds = w.ds;
    const cr_ranker *rk = w.ranker;
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_A, strlen(SCHEME_A), "a.json", &sch[0]));
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_B, strlen(SCHEME_B), "b.json", &sch[1]));
    if (ds) CR_TEST_OK(cr_eval_history_from_dataset(ctx, ds, &h));
    if (ds) CR_TEST_OK(cr_eval_history_load(ctx, ds, CR_SOURCE_DIR "/tests/data/backtest1/history.csv", &hf));
    if (!rk || !sch[0] || !sch[1] || !h || !hf) {
        fprintf(stderr, "setup: %s\n", cr_ctx_errmsg(ctx));
        return cr_test_done();
    }
    const int32_t P = cr_dataset_find_park(ds, "P"), Q = cr_dataset_find_park(ds, "Q");
    const int32_t k1 = cr_dataset_find_chain(ds, "k1");
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "TD"), 4);   /* the indices the derivation uses */
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "C5"), 9);
    CR_TEST_INT(cr_ranker_tenant_of(rk, cr_dataset_find_enterprise(ds, "TD")), -1);
    CR_TEST_INT(cr_ranker_tenant_of(rk, cr_dataset_find_enterprise(ds, "TC")), P);

    /* the random baseline's permutations, from the independent transcription */
    size_t ord[10];
    const size_t want_p[5] = {2, 1, 3, 0, 4};
    cr_bt_random_order(1, (uint64_t)P, 5, ord);
    for (int i = 0; i < 5; i++) CR_TEST_INT(ord[i], want_p[i]);
    const size_t want_q[10] = {6, 1, 7, 5, 3, 2, 4, 8, 0, 9};
    cr_bt_random_order(1, (uint64_t)Q, 10, ord);
    for (int i = 0; i < 10; i++) CR_TEST_INT(ord[i], want_q[i]);

    const cr_scheme *const *schemes = (const cr_scheme *const *)sch;
    const int32_t parks[2] = {P, Q}, chains[2] = {k1, k1};
    cr_eval_bt_params bp;
    cr_eval_bt_params_default(&bp);
    bp.k = 2;
    bp.cutoff = cutoff;
    bp.seed = 1;
    cr_eval_bt_result *b1 = NULL, *b2 = NULL, *bf = NULL;
    cr_ctx_set_threads(ctx, 1);
    CR_TEST_OK(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, parks, chains, 2, &bp, &b1));
    if (b1) check_hand(b1, P, Q, k1);
    /* the same bytes with two threads, and with the history read from the file */
    cr_ctx_set_threads(ctx, 2);
    CR_TEST_OK(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, parks, chains, 2, &bp, &b2));
    CR_TEST_OK(cr_eval_backtest(ctx, rk, ds, hf, schemes, NS, parks, chains, 2, &bp, &bf));
    CR_TEST_TRUE(b1 && b2 && same_bt_result(b1, b2));
    CR_TEST_TRUE(b1 && bf && same_bt_result(b1, bf));
    cr_eval_bt_result_free(b2);
    cr_eval_bt_result_free(bf);
    cr_ctx_set_threads(ctx, 1);

    /* errors: a message, the code, and no result */
    static cr_eval_bt_result dummy;
    cr_eval_bt_result *bad = &dummy;   /* must be reset to NULL */
    const int32_t bad_parks[2] = {P, 7};
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, bad_parks, chains, 2, &bp, &bad), CR_ENOTFOUND);
    CR_TEST_TRUE(bad == NULL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no park with index 7") != NULL);
    const int32_t bad_chains[2] = {k1, -1};
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, parks, bad_chains, 2, &bp, &bad), CR_ENOTFOUND);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no chain with index -1") != NULL);
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_backtest(ctx, rk, ds, h, schemes, 0, parks, chains, 2, &bp, &bad), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no scheme") != NULL);
    cr_eval_bt_params k0 = bp;
    k0.k = 0;
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, parks, chains, 2, &k0, &bad), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "K must be >= 1") != NULL);
    CR_TEST_TRUE(bad == NULL);
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, NULL, chains, 2, &bp, &bad), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no park or chain array") != NULL);
    cr_ctx_clear(ctx);

    /* an empty job list (compare --all-parks with no outcome after the
     * cutoff) is not an error: no parks, undefined means */
    cr_eval_bt_result *e = NULL;
    CR_TEST_OK(cr_eval_backtest(ctx, rk, ds, h, schemes, NS, NULL, NULL, 0, &bp, &e));
    if (e) {
        CR_TEST_INT(e->njobs, 0);
        CR_TEST_INT(e->summary[M_A].n_parks, 0);
        CR_TEST_TRUE(isnan(e->summary[M_A].precision));
        CR_TEST_TRUE(isnan(e->summary[M_DENSITY].auc));
    }
    cr_eval_bt_result_free(e);

    cr_eval_bt_result_free(b1);
    cr_eval_history_free(h);
    cr_eval_history_free(hf);
    cr_scheme_free(sch[0]);
    cr_scheme_free(sch[1]);
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    return cr_test_done();
}
