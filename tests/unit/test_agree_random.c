/* Differential tests: Knight's O(n log n) Kendall against the O(n^2)
 * definition on random rankings with many ties; Spearman against a naive
 * Pearson of naively computed mid-ranks; RBO against the O(n^2) definition of
 * X_d; cr_agree_compare identical at 1, 2 and 5 threads. Seeded, deterministic. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "agree/agree_internal.h"

#include <stdint.h>
#include <stdlib.h>

static uint64_t rng = 42;
static uint32_t next_u32(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* Random ranks in 1..levels (levels small -> many ties), n alternatives. */
static void random_ranks(double *r, size_t n, uint32_t levels)
{
    for (size_t i = 0; i < n; i++) r[i] = 1.0 + (double)(next_u32() % levels);
}

static void random_perm(double *r, size_t n)
{
    for (size_t i = 0; i < n; i++) r[i] = (double)(i + 1);
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = next_u32() % (i + 1);
        double t = r[i]; r[i] = r[j]; r[j] = t;
    }
}

static int sgn(double v) { return (v > 0) - (v < 0); }

static void naive_kendall(const double *x, const double *y, size_t n, double *tb, double *ta)
{
    long long s = 0, n1 = 0, n2 = 0, n0 = (long long)n * (long long)(n - 1) / 2;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            s += sgn(x[i] - x[j]) * sgn(y[i] - y[j]);
            n1 += x[i] == x[j];
            n2 += y[i] == y[j];
        }
    *ta = (double)s / (double)n0;
    *tb = (n1 == n0 || n2 == n0) ? NAN : (double)s / sqrt((double)(n0 - n1) * (double)(n0 - n2));
}

/* Mid-rank by definition: (#strictly smaller) + (#equal + 1) / 2. */
static void naive_mid(const double *r, size_t n, double *m)
{
    for (size_t i = 0; i < n; i++) {
        size_t lt = 0, eq = 0;
        for (size_t j = 0; j < n; j++) { lt += r[j] < r[i]; eq += r[j] == r[i]; }
        m[i] = (double)lt + ((double)eq + 1.0) / 2.0;
    }
}

static double naive_pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
    mx /= (double)n; my /= (double)n;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

/* RBO_ext by eq. 30 with X_d computed by brute force on the orders. */
static double naive_rbo(const cr_agree_ranking *a, const cr_agree_ranking *b, size_t k, double p)
{
    double sum = 0.0, pd = 1.0;
    size_t x = 0;
    for (size_t d = 1; d <= k; d++) {
        x = 0;
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++) x += cr_agree_ranking_at(a, i) == cr_agree_ranking_at(b, j);
        pd *= p;
        sum += (double)x / (double)d * pd;
    }
    return (double)x / (double)k * pd + (1.0 - p) / p * sum;
}

static void test_kendall_spearman(cr_ctx *ctx)
{
    enum { NMAX = 300 };
    double x[NMAX], y[NMAX], mx[NMAX], my[NMAX];
    cr_agree_ws *ws = cr_agree_ws_alloc(NMAX);
    int bad_tau = 0, bad_rho = 0, bad_rbo = 0, trials = 0;
    const uint32_t levels[] = {2, 3, 7, 40, 1000};
    for (int t = 0; t < 150; t++) {
        size_t n = 2 + next_u32() % (NMAX - 1);
        uint32_t lx = levels[next_u32() % 5], ly = levels[next_u32() % 5];
        if (lx > n) lx = (uint32_t)n;
        if (ly > n) ly = (uint32_t)n;
        random_ranks(x, n, lx);
        if (t % 5 == 0) random_perm(y, n);
        else random_ranks(y, n, ly);
        cr_agree_ranking *a = NULL, *b = NULL;
        CR_TEST_OK(cr_agree_ranking_alloc(ctx, x, n, &a));
        CR_TEST_OK(cr_agree_ranking_alloc(ctx, y, n, &b));
        if (!a || !b) break;
        double tb, ta, ntb, nta;
        tb = cr_agree_kendall(a, b, ws, &ta);
        naive_kendall(x, y, n, &ntb, &nta);
        if (!((isnan(tb) && isnan(ntb)) || fabs(tb - ntb) <= 1e-12) || fabs(ta - nta) > 1e-12) {
            bad_tau++;
            fprintf(stderr, "trial %d n=%zu: tau_b %.15g vs %.15g, tau_a %.15g vs %.15g\n", t, n, tb, ntb, ta, nta);
        }
        naive_mid(x, n, mx);
        naive_mid(y, n, my);
        for (size_t i = 0; i < n; i++)
            if (cr_agree_ranking_midrank(a, i) != mx[i] || cr_agree_ranking_midrank(b, i) != my[i]) { bad_rho++; break; }
        double rho = cr_agree_spearman(a, b), nrho = naive_pearson(mx, my, n);
        if (!((isnan(rho) && isnan(nrho)) || fabs(rho - nrho) <= 1e-10)) {
            bad_rho++;
            fprintf(stderr, "trial %d n=%zu: rho %.15g vs %.15g\n", t, n, rho, nrho);
        }
        if (n <= 120) {
            size_t depth = 1 + next_u32() % n;
            double r = cr_agree_rbo(a, b, 0.9, depth, ws), nr = naive_rbo(a, b, depth, 0.9);
            if (fabs(r - nr) > 1e-12) {
                bad_rbo++;
                fprintf(stderr, "trial %d n=%zu depth=%zu: rbo %.15g vs %.15g\n", t, n, depth, r, nr);
            }
            CR_TEST_TRUE(r >= -1e-15 && r <= 1.0 + 1e-12);
        }
        trials++;
        cr_agree_ranking_free(a);
        cr_agree_ranking_free(b);
    }
    CR_TEST_INT(trials, 150);
    CR_TEST_INT(bad_tau, 0);
    CR_TEST_INT(bad_rho, 0);
    CR_TEST_INT(bad_rbo, 0);
    cr_agree_ws_free(ws);
}

static void test_threads(cr_ctx *ctx)
{
    enum { M = 6, N = 2000 };
    double *R = malloc(sizeof(double) * M * N);
    for (int s = 0; s < M; s++) {
        if (s % 2) random_ranks(R + s * N, N, 50);
        else random_perm(R + s * N, N);
    }
    cr_agree_report *r1 = NULL, *r2 = NULL, *r5 = NULL;
    cr_ctx_set_threads(ctx, 1);
    CR_TEST_OK(cr_agree_compare(ctx, R, M, N, 100, 0.95, &r1));
    cr_ctx_set_threads(ctx, 2);
    CR_TEST_OK(cr_agree_compare(ctx, R, M, N, 100, 0.95, &r2));
    cr_ctx_set_threads(ctx, 5);
    CR_TEST_OK(cr_agree_compare(ctx, R, M, N, 100, 0.95, &r5));
    if (r1 && r2 && r5) {
        size_t np = r1->npairs * sizeof(double), nn = N * sizeof(double);
        double *c1[] = {r1->spearman, r1->kendall_tau_b, r1->kendall_tau_a, r1->weighted_spearman, r1->ws_ab,
                        r1->ws_ba, r1->top_k_overlap, r1->jaccard, r1->rbo};
        double *c2[] = {r2->spearman, r2->kendall_tau_b, r2->kendall_tau_a, r2->weighted_spearman, r2->ws_ab,
                        r2->ws_ba, r2->top_k_overlap, r2->jaccard, r2->rbo};
        double *c5[] = {r5->spearman, r5->kendall_tau_b, r5->kendall_tau_a, r5->weighted_spearman, r5->ws_ab,
                        r5->ws_ba, r5->top_k_overlap, r5->jaccard, r5->rbo};
        for (int c = 0; c < 9; c++) {
            CR_TEST_TRUE(memcmp(c1[c], c2[c], np) == 0);
            CR_TEST_TRUE(memcmp(c1[c], c5[c], np) == 0);
        }
        CR_TEST_TRUE(memcmp(r1->rank_sd, r5->rank_sd, nn) == 0);
        CR_TEST_TRUE(memcmp(r1->in_top_k, r5->in_top_k, N * sizeof(size_t)) == 0);
        /* Independent random schemes: strictly between -1 and 1. */
        CR_TEST_TRUE(r1->spearman[0] > -1.0 && r1->spearman[0] < 1.0);
    }
    cr_agree_report_free(r1); cr_agree_report_free(r2); cr_agree_report_free(r5);
    memcpy(R + N, R, sizeof(double) * N);
    CR_TEST_OK(cr_agree_compare(ctx, R, 2, N, 10, 0.9, &r1));
    if (r1) {
        CR_TEST_NEAR(r1->spearman[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->kendall_tau_b[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->kendall_tau_a[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->weighted_spearman[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->ws_ab[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->rbo[0], 1.0, 1e-12);
        CR_TEST_NEAR(r1->rank_sd[7], 0.0, 0);
    }
    cr_agree_report_free(r1);
    free(R);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_kendall_spearman(ctx);
    test_threads(ctx);
    cr_ctx_free(ctx);
    return cr_test_done();
}
