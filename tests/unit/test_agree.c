/* Rank agreement: published and hand-worked examples (docs/agreement.md
 * shows every hand computation), properties, and error paths. Tol 1e-6
 * unless the source prints fewer digits. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "agree/agree_internal.h"

#include <stdlib.h>

#define TOL 1e-6

static cr_agree_ranking *mk(cr_ctx *ctx, const double *r, size_t n)
{
    cr_agree_ranking *out = NULL;
    CR_TEST_OK(cr_agree_ranking_alloc(ctx, r, n, &out));
    return out;
}

/* docs/agreement.md, "Hand-worked example with ties". */
static void test_hand_ties(cr_ctx *ctx, cr_agree_ws *ws)
{
    const double xr[] = {1, 2, 2, 4, 5}, yr[] = {2, 1, 3, 3, 5};
    cr_agree_ranking *x = mk(ctx, xr, 5), *y = mk(ctx, yr, 5);
    CR_TEST_NEAR(cr_agree_ranking_midrank(x, 1), 2.5, 0);
    CR_TEST_NEAR(cr_agree_ranking_midrank(x, 2), 2.5, 0);
    CR_TEST_NEAR(cr_agree_ranking_midrank(y, 3), 3.5, 0);
    CR_TEST_NEAR(cr_agree_spearman(x, y), 7.25 / 9.5, TOL);
    double ta;
    CR_TEST_NEAR(cr_agree_kendall(x, y, ws, &ta), 6.0 / 9.0, TOL);
    CR_TEST_NEAR(ta, 0.6, TOL);
    CR_TEST_NEAR(cr_agree_kendall(y, x, ws, &ta), 6.0 / 9.0, TOL);
    CR_TEST_NEAR(ta, 0.6, TOL);
    CR_TEST_NEAR(cr_agree_weighted_spearman(x, y), 0.70625, TOL);
    CR_TEST_NEAR(cr_agree_weighted_spearman(y, x), 0.70625, TOL);
    CR_TEST_NEAR(cr_agree_ws_coef(x, y), 0.68780663803670, TOL);
    CR_TEST_NEAR(cr_agree_ws_coef(y, x), 0.67613365807768, TOL);
    /* Same ties written as fractional mid-ranks give the same values. */
    const double xf[] = {1, 2.5, 2.5, 4, 5};
    cr_agree_ranking *x2 = mk(ctx, xf, 5);
    CR_TEST_NEAR(cr_agree_spearman(x2, y), 7.25 / 9.5, TOL);
    CR_TEST_NEAR(cr_agree_ws_coef(x2, y), 0.68780663803670, TOL);
    /* Dense ties (1,2,2,3,4) order the alternatives like (1,2,2,4,5). */
    const double xd[] = {1, 2, 2, 3, 4};
    cr_agree_ranking *x3 = mk(ctx, xd, 5);
    CR_TEST_NEAR(cr_agree_weighted_spearman(x3, y), 0.70625, TOL);
    cr_agree_ranking_free(x); cr_agree_ranking_free(y);
    cr_agree_ranking_free(x2); cr_agree_ranking_free(x3);
}

/* Salabun & Urbaniak (2020), Sect. 4: reference (1,2,3,4,5), the best
 * alternative swapped with position k, and adjacent swaps; values from their
 * eqs. (5)-(6), worked in docs/agreement.md. */
static void test_salabun_swaps(cr_ctx *ctx)
{
    const double ref[] = {1, 2, 3, 4, 5};
    const double rs1k[] = {0.9, 0.6, 0.1, -0.6};
    const double rw1k[] = {0.85, 0.4666666666666667, -0.05, -0.6};
    const double ws1k[] = {0.7916666666666667, 0.625, 0.5625, 0.46875};
    const double rwadj[] = {0.85, 0.8833333333333333, 0.9166666666666666, 0.95};
    const double wsadj[] = {0.7916666666666667, 0.8541666666666667, 0.9166666666666666, 0.9713541666666666};
    cr_agree_ranking *x = mk(ctx, ref, 5);
    for (int k = 2; k <= 5; k++) {
        double y[5] = {1, 2, 3, 4, 5};
        y[0] = k; y[k - 1] = 1;
        cr_agree_ranking *r = mk(ctx, y, 5);
        CR_TEST_NEAR(cr_agree_spearman(x, r), rs1k[k - 2], TOL);
        CR_TEST_NEAR(cr_agree_weighted_spearman(x, r), rw1k[k - 2], TOL);
        CR_TEST_NEAR(cr_agree_ws_coef(x, r), ws1k[k - 2], TOL);
        cr_agree_ranking_free(r);
    }
    for (int k = 1; k <= 4; k++) {
        double y[5] = {1, 2, 3, 4, 5};
        y[k - 1] = k + 1; y[k] = k;
        cr_agree_ranking *r = mk(ctx, y, 5);
        /* Classic 1 - 6 sum d^2/(n(n^2-1)) = 1 - 12/120 = 0.9 for every adjacent swap. */
        CR_TEST_NEAR(cr_agree_spearman(x, r), 0.9, TOL);
        CR_TEST_NEAR(cr_agree_weighted_spearman(x, r), rwadj[k - 1], TOL);
        CR_TEST_NEAR(cr_agree_ws_coef(x, r), wsadj[k - 1], TOL);
        cr_agree_ranking_free(r);
    }
    cr_agree_ranking_free(x);
}

/* Paradowski, Baczkiewicz & Watrobski (2021), Procedia Comput. Sci. 192,
 * as reproduced in pyrepo-mcda's tests: r_w = 0.96 and WS = 0.90 to two
 * decimals; 1e-6 values computed from the formulas (docs/agreement.md). */
static void test_paradowski(cr_ctx *ctx)
{
    const double xr[] = {7, 11, 2, 1, 4, 9, 6, 3, 5, 10, 8, 12};
    const double yr[] = {7, 11, 3, 2, 4, 9, 6, 1, 5, 10, 8, 12};
    cr_agree_ranking *x = mk(ctx, xr, 12), *y = mk(ctx, yr, 12);
    double rw = cr_agree_weighted_spearman(x, y), ws = cr_agree_ws_coef(x, y);
    CR_TEST_NEAR(round(rw * 100) / 100, 0.96, 1e-12);
    CR_TEST_NEAR(round(ws * 100) / 100, 0.90, 1e-12);
    CR_TEST_NEAR(rw, 0.96449704142012, TOL);
    CR_TEST_NEAR(ws, 0.90176767676768, TOL);
    CR_TEST_NEAR(cr_agree_ws_coef(y, x), 0.87020202020202, TOL);   /* asymmetric */
    cr_agree_ranking_free(x); cr_agree_ranking_free(y);
}

static void test_spearman_classic(cr_ctx *ctx)
{
    /* Without ties Pearson-of-ranks equals 1 - 6 sum d^2 / (n(n^2-1)). */
    const double a[] = {3, 1, 4, 2, 6, 5, 8, 7}, b[] = {1, 3, 2, 4, 8, 7, 5, 6};
    double d2 = 0;
    for (int i = 0; i < 8; i++) d2 += (a[i] - b[i]) * (a[i] - b[i]);
    cr_agree_ranking *x = mk(ctx, a, 8), *y = mk(ctx, b, 8);
    CR_TEST_NEAR(cr_agree_spearman(x, y), 1.0 - 6.0 * d2 / (8.0 * 63.0), 1e-12);
    cr_agree_ranking_free(x); cr_agree_ranking_free(y);
}

static void test_topk(cr_ctx *ctx, cr_agree_ws *ws)
{
    /* Alternatives 1 and 2 tie at the k=2 boundary in A: the lower index (1)
     * is taken, so A_2 = {0,1}; B_2 = {0,2}. */
    const double ar[] = {1, 2, 2, 4, 5}, br[] = {1, 3, 2, 4, 5};
    cr_agree_ranking *a = mk(ctx, ar, 5), *b = mk(ctx, br, 5);
    double ov, jac;
    CR_TEST_OK(cr_agree_topk(a, b, 2, ws, &ov, &jac));
    CR_TEST_NEAR(ov, 0.5, 0);
    CR_TEST_NEAR(jac, 1.0 / 3.0, 1e-15);
    CR_TEST_OK(cr_agree_topk(a, b, 3, ws, &ov, &jac));
    CR_TEST_NEAR(ov, 1.0, 0);
    CR_TEST_NEAR(jac, 1.0, 0);
    CR_TEST_INT(cr_agree_topk(a, b, 0, ws, &ov, &jac), CR_EINVAL);
    CR_TEST_INT(cr_agree_topk(a, b, 6, ws, &ov, &jac), CR_EINVAL);
    CR_TEST_TRUE(isnan(ov));
    cr_agree_ranking_free(a); cr_agree_ranking_free(b);
}

static void test_rbo(cr_ctx *ctx, cr_agree_ws *ws)
{
    /* Hand case (docs): S = 0 1 2 3 4, T = 1 2 3 0 4, p = 0.9 ->
     * X_d = 0,1,2,4,5; RBO_ext = p^5 + (1-p)/p sum X_d/d p^d = 0.828. The same
     * value is printed for this pair by the rankmeasures (Scala) README. */
    const double sr[] = {1, 2, 3, 4, 5}, tr[] = {4, 1, 2, 3, 5};
    cr_agree_ranking *s = mk(ctx, sr, 5), *t = mk(ctx, tr, 5);
    CR_TEST_NEAR(cr_agree_rbo(s, t, 0.9, 0, ws), 0.828, TOL);
    CR_TEST_NEAR(cr_agree_rbo(t, s, 0.9, 0, ws), 0.828, TOL);           /* symmetric */
    CR_TEST_NEAR(cr_agree_rbo(s, s, 0.9, 0, ws), 1.0, 1e-12);           /* identity */
    CR_TEST_NEAR(cr_agree_rbo(s, s, 0.5, 3, ws), 1.0, 1e-12);
    /* Depth 2: X_1 = 0, X_2 = 1: RBO_ext = (1/2) p^2 + (1-p)/p (1/2) p^2. */
    CR_TEST_NEAR(cr_agree_rbo(s, t, 0.9, 2, ws), 0.5 * 0.81 + (0.1 / 0.9) * 0.5 * 0.81, TOL);
    CR_TEST_TRUE(isnan(cr_agree_rbo(s, t, 1.0, 0, ws)));
    CR_TEST_TRUE(isnan(cr_agree_rbo(s, t, 0.0, 0, ws)));
    /* Reversed full ranking: low but positive (items meet in the tail). */
    const double rv[] = {5, 4, 3, 2, 1};
    cr_agree_ranking *r = mk(ctx, rv, 5);
    double v = cr_agree_rbo(s, r, 0.9, 0, ws);
    CR_TEST_TRUE(v > 0.0 && v < 0.828);

    /* Uneven lists, eq. 32 (hand-worked in docs): S = a b c, L = b a d c e. */
    const size_t S[] = {0, 1, 2}, L[] = {1, 0, 3, 2, 4};
    double out;
    CR_TEST_OK(cr_agree_rbo_lists(ctx, S, 3, L, 5, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 0.779445, TOL);
    CR_TEST_OK(cr_agree_rbo_lists(ctx, L, 5, S, 3, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 0.779445, TOL);
    /* Disjoint lists -> 0; a prefix of the other -> 1 (eq. 32's extrapolation). */
    const size_t D1[] = {0, 1}, D2[] = {2, 3, 4};
    CR_TEST_OK(cr_agree_rbo_lists(ctx, D1, 2, D2, 3, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 0.0, 1e-15);
    const size_t P1[] = {3, 1}, P2[] = {3, 1, 4, 0};
    CR_TEST_OK(cr_agree_rbo_lists(ctx, P1, 2, P2, 4, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 1.0, 1e-12);
    CR_TEST_OK(cr_agree_rbo_lists(ctx, P1, 0, P2, 0, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 1.0, 0);
    CR_TEST_OK(cr_agree_rbo_lists(ctx, P1, 2, P2, 0, 5, 0.9, ws, &out));
    CR_TEST_NEAR(out, 0.0, 0);
    const size_t dup[] = {1, 1};
    CR_TEST_INT(cr_agree_rbo_lists(ctx, dup, 2, P2, 4, 5, 0.9, ws, &out), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "duplicate") != NULL);
    const size_t big[] = {7};
    CR_TEST_INT(cr_agree_rbo_lists(ctx, big, 1, P2, 4, 5, 0.9, ws, &out), CR_EINVAL);
    cr_agree_ranking_free(s); cr_agree_ranking_free(t); cr_agree_ranking_free(r);
}

static void test_degenerate(cr_ctx *ctx, cr_agree_ws *ws)
{
    const double all_tied[] = {1, 1, 1, 1}, perm[] = {2, 1, 4, 3};
    cr_agree_ranking *a = mk(ctx, all_tied, 4), *b = mk(ctx, perm, 4);
    double ta;
    CR_TEST_TRUE(isnan(cr_agree_spearman(a, b)));
    CR_TEST_TRUE(isnan(cr_agree_kendall(a, b, ws, &ta)));
    CR_TEST_NEAR(ta, 0.0, 0);
    const double three[] = {1, 2, 3};
    cr_agree_ranking *c = mk(ctx, three, 3);
    CR_TEST_TRUE(isnan(cr_agree_spearman(a, c)));          /* n differ */
    CR_TEST_TRUE(isnan(cr_agree_weighted_spearman(a, c)));
    cr_agree_ws *tiny = cr_agree_ws_alloc(2);
    CR_TEST_TRUE(isnan(cr_agree_kendall(a, b, tiny, NULL)));
    cr_agree_ws_free(tiny);
    cr_agree_ranking_free(a); cr_agree_ranking_free(b); cr_agree_ranking_free(c);
}

static void test_bad_ranks(cr_ctx *ctx)
{
    cr_agree_ranking *r = (cr_agree_ranking *)&r;   /* must be reset to NULL */
    const double zero[] = {1, 0, 2}, big[] = {1, 2, 4}, one[] = {1};
    const double nan3[] = {1, NAN, 2};
    CR_TEST_INT(cr_agree_ranking_alloc(ctx, zero, 3, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "[1]") != NULL);
    CR_TEST_INT(cr_agree_ranking_alloc(ctx, big, 3, &r), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "[2]") != NULL);
    CR_TEST_INT(cr_agree_ranking_alloc(ctx, nan3, 3, &r), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "finite") != NULL);
    CR_TEST_INT(cr_agree_ranking_alloc(ctx, one, 1, &r), CR_EINVAL);
}

static void test_compare(cr_ctx *ctx)
{
    /* Three schemes; the spread is checked by hand: alternative 1 has
     * mid-ranks 2, 1, 2.5 -> min 1, max 2.5, mean 11/6, sd sqrt(7/18)/... */
    const double R[] = {1, 2, 3, 4, 5,
                        2, 1, 3, 4, 5,
                        1, 2, 2, 4, 5};
    cr_agree_report *rep = NULL;
    CR_TEST_OK(cr_agree_compare(ctx, R, 3, 5, 2, 0.9, &rep));
    if (!rep) return;
    CR_TEST_INT(rep->npairs, 3);
    CR_TEST_INT(rep->pair_a[2], 1);
    CR_TEST_INT(rep->pair_b[2], 2);
    CR_TEST_NEAR(rep->spearman[0], 0.9, TOL);
    CR_TEST_NEAR(rep->weighted_spearman[0], 0.85, TOL);
    CR_TEST_NEAR(rep->ws_ab[0], 0.7916666666666667, TOL);
    CR_TEST_NEAR(rep->kendall_tau_b[0], 0.8, TOL);
    /* A vs C: C = mid-ranks (1, 2.5, 2.5, 4, 5); tau-a = 9/10, tau-b = 9/sqrt(10*9). */
    CR_TEST_NEAR(rep->kendall_tau_a[1], 0.9, TOL);
    CR_TEST_NEAR(rep->kendall_tau_b[1], 9.0 / sqrt(90.0), TOL);
    CR_TEST_TRUE(rep->ws_ab[1] != rep->ws_ba[1]);
    /* rbo A vs B at full depth: X_d = 0,2,3,4,5 -> p^5 + (1-p)/p (0 + p^2 + p^3 + p^4 + p^5). */
    double p = 0.9, want = pow(p, 5) + (1 - p) / p * (p * p + pow(p, 3) + pow(p, 4) + pow(p, 5));
    CR_TEST_NEAR(rep->rbo[0], want, TOL);
    CR_TEST_NEAR(rep->rank_min[1], 1.0, 0);
    CR_TEST_NEAR(rep->rank_max[1], 2.5, 0);
    CR_TEST_NEAR(rep->rank_mean[1], 5.5 / 3.0, TOL);
    /* population sd of {2, 1, 2.5}: mean 11/6, deviations 1/6, -5/6, 4/6. */
    CR_TEST_NEAR(rep->rank_sd[1], sqrt((1.0 + 25.0 + 16.0) / 36.0 / 3.0), TOL);
    CR_TEST_INT(rep->in_top_k[0], 3);
    CR_TEST_INT(rep->in_top_k[1], 3);   /* in C, 1 beats its tie-mate 2 on index */
    CR_TEST_INT(rep->in_top_k[2], 0);
    cr_agree_report_free(rep);

    rep = (cr_agree_report *)&rep;
    CR_TEST_INT(cr_agree_compare(ctx, R, 1, 5, 2, 0.9, &rep), CR_EINVAL);
    CR_TEST_TRUE(rep == NULL);
    CR_TEST_INT(cr_agree_compare(ctx, R, 3, 5, 6, 0.9, &rep), CR_EINVAL);
    CR_TEST_INT(cr_agree_compare(ctx, R, 3, 5, 0, 0.9, &rep), CR_EINVAL);
    CR_TEST_INT(cr_agree_compare(ctx, R, 3, 5, 2, 1.0, &rep), CR_EINVAL);
    CR_TEST_INT(cr_agree_compare(ctx, R, 3, 5, 2, NAN, &rep), CR_EINVAL);
    const double bad[] = {1, 2, 3, 4, 5, 1, 2, 3, 4, 6};
    CR_TEST_INT(cr_agree_compare(ctx, bad, 2, 5, 2, 0.9, &rep), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "ranking 1[4]: rank 6 > n = 5");
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_agree_ws *ws = cr_agree_ws_alloc(16);
    CR_TEST_TRUE(ws != NULL);
    CR_TEST_TRUE(cr_agree_ws_alloc(0) == NULL);
    test_hand_ties(ctx, ws);
    test_salabun_swaps(ctx);
    test_paradowski(ctx);
    test_spearman_classic(ctx);
    test_topk(ctx, ws);
    test_rbo(ctx, ws);
    test_degenerate(ctx, ws);
    test_bad_ranks(ctx);
    test_compare(ctx);
    cr_agree_ws_free(ws);
    cr_ctx_free(ctx);
    return cr_test_done();
}
