/* SMAA-2: Monte Carlo estimates against exact (hand-computed) acceptabilities
 * and central weights, the weight samplers against their exact means, the
 * engine's scores against cr_mcda_* for fixed weights, thread-count and
 * ranking-strategy invariance, the random-stream derivation, and errors.
 * Tolerances are 4-5 Monte Carlo standard errors, stated at each check. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "smaa/smaa_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static cr_ctx *ctx;

/* 4.5 standard errors of a proportion p estimated from N samples. */
static double se_tol(double p, double N) { return 4.5 * sqrt(p * (1 - p) / N) + 1e-12; }

static void test_rng(void)
{
    /* splitmix64 from state 0: first output 0xE220A8397B1DCDAF (Vigna's
     * reference splitmix64.c); the xoshiro256** outputs come from an
     * independent Python transcription of the two reference generators. */
    cr__smaa_rng r;
    cr__smaa_rng_init(&r, 0, 0);
    CR_TEST_TRUE(r.s[0] == 0xE220A8397B1DCDAFULL);
    CR_TEST_TRUE(cr__smaa_rng_next(&r) == 0x99EC5F36CB75F2B4ULL);
    CR_TEST_TRUE(cr__smaa_rng_next(&r) == 0xBF6E1F784956452AULL);
    cr__smaa_rng_init(&r, 12345, 7);
    CR_TEST_TRUE(r.s[0] == 0x9742442705B71595ULL);
    CR_TEST_TRUE(cr__smaa_rng_next(&r) == 0x90F0FE7CEB67F335ULL);
    for (int k = 0; k < 1000; k++) {
        double u = cr__smaa_rng_uniform(&r);
        CR_TEST_TRUE(u >= 0 && u < 1);
    }
}

/* Mean of N sampled weight vectors; checks every sample is on the simplex
 * and inside [lo, hi] (if given) and respects order (if given). */
static void sample_mean(const cr_smaa_params *p, size_t n, size_t N, double *mean, int *ok)
{
    double w[16];
    for (size_t j = 0; j < n; j++) mean[j] = 0;
    *ok = 1;
    for (size_t s = 0; s < N; s++) {
        if (cr_smaa_sample_weights(ctx, n, p, s, w) != CR_OK) {
            *ok = 0;
            return;
        }
        double sum = 0;
        for (size_t j = 0; j < n; j++) {
            if (!(w[j] >= 0)) *ok = 0;
            if (p->model == CR_SMAA_W_INTERVALS && (w[j] < p->lo[j] || w[j] > p->hi[j])) *ok = 0;
            sum += w[j];
            mean[j] += w[j];
        }
        if (fabs(sum - 1) > 1e-14) *ok = 0;
        if (p->model == CR_SMAA_W_ORDINAL)
            for (size_t k = 1; k < n; k++)
                if (w[p->order[k - 1]] < w[p->order[k]]) *ok = 0;
    }
    for (size_t j = 0; j < n; j++) mean[j] /= (double)N;
}

static void test_samplers(void)
{
    cr_smaa_params p;
    cr_smaa_params_default(&p);
    p.seed = 99;
    double mean[16];
    int ok;
    const size_t N = 200000;

    /* Uniform simplex, n = 4: Dirichlet(1,1,1,1), mean 1/4, var 3/80 per component. */
    sample_mean(&p, 4, N, mean, &ok);
    CR_TEST_TRUE(ok);
    for (int j = 0; j < 4; j++) CR_TEST_NEAR(mean[j], 0.25, 4.5 * sqrt(3.0 / 80 / N));

    /* Ordinal n = 3, order w2 >= w0 >= w1: the means of the order statistics
     * of Dirichlet(1,1,1) are (1/3)(1 + 1/2 + 1/3), (1/3)(1/2 + 1/3), (1/3)(1/3)
     * = 11/18, 5/18, 2/18 (rank-order centroid weights). */
    size_t order[3] = {2, 0, 1};
    p.model = CR_SMAA_W_ORDINAL;
    p.order = order;
    sample_mean(&p, 3, N, mean, &ok);
    CR_TEST_TRUE(ok);
    CR_TEST_NEAR(mean[2], 11.0 / 18, 0.002);   /* sd of each < 0.2: 4.5 se = 0.002 */
    CR_TEST_NEAR(mean[0], 5.0 / 18, 0.002);
    CR_TEST_NEAR(mean[1], 2.0 / 18, 0.002);

    /* Intervals, n = 2, w0 in [0.2, 0.6]: w0 ~ U(0.2, 0.6), mean 0.4, sd 0.4/sqrt(12). */
    double lo2[2] = {0.2, 0}, hi2[2] = {0.6, 1};
    p.model = CR_SMAA_W_INTERVALS;
    p.order = NULL;
    p.lo = lo2;
    p.hi = hi2;
    sample_mean(&p, 2, N, mean, &ok);
    CR_TEST_TRUE(ok);
    CR_TEST_NEAR(mean[0], 0.4, 4.5 * 0.4 / sqrt(12.0 * N));
    CR_TEST_NEAR(mean[1], 0.6, 4.5 * 0.4 / sqrt(12.0 * N));

    /* Intervals, n = 3, w <= 0.5: the medial triangle of the simplex (a
     * quarter of its area). By symmetry the mean is 1/3; w0 has density
     * proportional to w0 on [0, 0.5], so Pr(w0 < 0.25) = 1/4. Rejection
     * accepts a quarter of the proposals. */
    double lo3[3] = {0, 0, 0}, hi3[3] = {0.5, 0.5, 0.5};
    p.lo = lo3;
    p.hi = hi3;
    sample_mean(&p, 3, N, mean, &ok);
    CR_TEST_TRUE(ok);
    for (int j = 0; j < 3; j++) CR_TEST_NEAR(mean[j], 1.0 / 3, 0.002);
    size_t below = 0;
    double w[3];
    for (size_t s = 0; s < N; s++) {
        cr_smaa_sample_weights(ctx, 3, &p, s, w);
        below += w[0] < 0.25;
    }
    CR_TEST_NEAR((double)below / N, 0.25, se_tol(0.25, N));

    /* Lower bounds are an affine shift, fixed criteria (lo = hi) are exact. */
    double lo4[3] = {0.3, 0.1, 0.25}, hi4[3] = {1, 1, 0.25};
    p.lo = lo4;
    p.hi = hi4;
    sample_mean(&p, 3, 20000, mean, &ok);
    CR_TEST_TRUE(ok);
    CR_TEST_NEAR(mean[2], 0.25, 0);
    /* w0 = 0.3 + 0.35 u, u ~ U(0,1): mean 0.475 */
    CR_TEST_NEAR(mean[0], 0.475, 4.5 * 0.35 / sqrt(12.0 * 20000));
}

/* 2 alternatives x 2 criteria, WSM, max normalisation (r = x/max):
 * A = (1, 0.2), B = (0.4, 1). With w = (t, 1-t), t ~ U(0,1):
 * score A = 0.2 + 0.8 t, score B = 1 - 0.6 t, A first iff t > t* = 4/7.
 * b_A^1 = 3/7; central weights A: ((1+t*)/2, (1-t*)/2) = (11/14, 3/14),
 * B: (t* / 2, 1 - t* / 2) = (2/7, 5/7). WSM's favourable regions are convex, so
 * each central weight ranks its alternative first: confidence 1. */
static void test_exact_2x2(void)
{
    const double x[4] = {1, 0.2, 0.4, 1};
    const int t[2] = {1, 1};
    cr_smaa_params p;
    cr_smaa_params_default(&p);
    p.samples = 200000;
    p.seed = 11;
    p.norm = CR_NORM_MAX;
    cr_smaa_result *r = NULL;
    CR_TEST_OK(cr_smaa_run(ctx, 2, 2, x, t, &p, &r));
    if (!r) return;
    const double N = 200000, b = 3.0 / 7;
    CR_TEST_INT(r->nranks, 2);
    CR_TEST_NEAR(r->acceptability[0], b, se_tol(b, N));
    CR_TEST_NEAR(r->acceptability[1], 1 - b, se_tol(b, N));
    CR_TEST_NEAR(r->acceptability[2], 1 - b, se_tol(b, N));
    CR_TEST_NEAR(r->acceptability[0] + r->acceptability[2], 1, 1e-15);
    CR_TEST_NEAR(r->pr_top_k[0], 1, 0);   /* top_k = min(m, 3) = 2 */
    /* sd(t | t > t*) = (3/7)/sqrt(12); N_A ~ 85714: se 0.00042 */
    CR_TEST_NEAR(r->central_weights[0], 11.0 / 14, 0.002);
    CR_TEST_NEAR(r->central_weights[1], 3.0 / 14, 0.002);
    CR_TEST_NEAR(r->central_weights[2], 2.0 / 7, 0.002);
    CR_TEST_NEAR(r->central_weights[3], 5.0 / 7, 0.002);
    CR_TEST_NEAR(r->confidence[0], 1, 0);
    CR_TEST_NEAR(r->confidence[1], 1, 0);
    CR_TEST_TRUE(r->proposals == 200000);
    cr_smaa_result_free(r);
}

/* 3 x 3, WSM, no normalisation: A = (1,0,0), B = (0,1,0), C = (.5,.5,.5).
 * Scores: A = w0, B = w1, C = 0.5 (weights sum to 1). On the uniform
 * simplex Pr(w0 > a) = (1-a)^2, so A is first iff w0 > 1/2 (then w1 < 1/2):
 * area 1/4; B likewise; C first on the rest, 1/2. A second iff C first and
 * w0 > w1: 1/4. C is never last (w0 and w1 cannot both exceed 1/2).
 *   b_A = (1/4, 1/4, 1/2), b_B = (1/4, 1/4, 1/2), b_C = (1/2, 1/2, 0).
 * Central weights: w | w0 > 1/2 is w0 = 1/2 + u0/2 with u uniform on the
 * simplex: (2/3, 1/6, 1/6); C from the total mean (1/3,1/3,1/3) minus A's
 * and B's parts: (1/4, 1/4, 1/2). Holistic (linear meta-weights 1, 1/2, 0):
 * A: 1/4 + 1/8 = 3/8, C: 1/2 + 1/4 = 3/4; E[rank A] = 2.25. */
static void test_exact_3x3(void)
{
    const double x[9] = {1, 0, 0, 0, 1, 0, 0.5, 0.5, 0.5};
    const int t[3] = {1, 1, 1};
    const double bA[3] = {0.25, 0.25, 0.5}, bC[3] = {0.5, 0.5, 0};
    for (int strat = 0; strat < 2; strat++) {
        cr_smaa_params p;
        cr_smaa_params_default(&p);
        p.samples = 200000;
        p.seed = 5;
        p.norm = CR_NORM_NONE;
        p.holistic = strat;   /* 1 forces the full sort */
        p.ranking = strat ? CR_SMAA_RANK_AUTO : CR_SMAA_RANK_HEAP;
        cr_smaa_result *r = NULL;
        CR_TEST_OK(cr_smaa_run(ctx, 3, 3, x, t, &p, &r));
        if (!r) return;
        const double N = 200000;
        CR_TEST_INT(r->full_sort, strat);
        for (int k = 0; k < 3; k++) {
            CR_TEST_NEAR(r->acceptability[0 * 3 + k], bA[k], se_tol(bA[k], N));
            CR_TEST_NEAR(r->acceptability[1 * 3 + k], bA[k], se_tol(bA[k], N));
            CR_TEST_NEAR(r->acceptability[2 * 3 + k], bC[k], se_tol(bC[k], N));
        }
        /* sd of w0 | A first is sqrt(1/72) ~ 0.118, N_A ~ 50000: se 0.0005 */
        CR_TEST_NEAR(r->central_weights[0], 2.0 / 3, 0.003);
        CR_TEST_NEAR(r->central_weights[1], 1.0 / 6, 0.003);
        CR_TEST_NEAR(r->central_weights[2], 1.0 / 6, 0.003);
        CR_TEST_NEAR(r->central_weights[6], 0.25, 0.003);
        CR_TEST_NEAR(r->central_weights[7], 0.25, 0.003);
        CR_TEST_NEAR(r->central_weights[8], 0.5, 0.003);
        for (int i = 0; i < 3; i++) CR_TEST_NEAR(r->confidence[i], 1, 0);
        if (strat) {
            CR_TEST_NEAR(r->holistic[0], 0.375, 0.005);
            CR_TEST_NEAR(r->holistic[2], 0.75, 0.005);
            CR_TEST_NEAR(r->mean_rank[0], 2.25, 0.01);
            /* holistic = sum_r alpha_r b_r exactly, from the same counts */
            double h = r->acceptability[0] + 0.5 * r->acceptability[1];
            CR_TEST_NEAR(r->holistic[0], h, 1e-12);
        } else {
            CR_TEST_TRUE(r->holistic == NULL);
        }
        cr_smaa_result_free(r);
    }
}

/* With every interval a point (lo = hi = w, sum exactly 1) every sample
 * uses w, so the rank counts must be exactly the ranks cr_mcda computes. */
static void test_matches_mcda(void)
{
    enum { M = 60, N = 4 };
    double x[M * N];
    uint64_t st = 7;
    for (int k = 0; k < M * N; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = (double)((st >> 33) % 50);   /* small integers: ties happen */
    }
    const int t[N] = {1, -1, 1, -1};
    double w[N] = {0.25, 0.5, 0.125, 0.125};
    for (int meth = 0; meth < 3; meth++) {
        double scores[M], S[M], R[M];
        size_t comp[M];
        int ranks[M];
        cr_mcda_norm norm = meth == 2 ? CR_NORM_NONE : CR_NORM_VECTOR;
        if (meth == 0) CR_TEST_OK(cr_mcda_wsm(ctx, M, N, x, t, w, norm, scores));
        if (meth == 1) CR_TEST_OK(cr_mcda_topsis(ctx, M, N, x, t, w, norm, scores));
        if (meth == 2) {
            cr_mcda_vikor_out vo = {S, R, scores, comp, 0, 0, 0};
            CR_TEST_OK(cr_mcda_vikor(ctx, M, N, x, t, w, norm, 0.3, &vo));
        }
        CR_TEST_OK(cr_mcda_rank(ctx, M, scores, meth != 2, ranks));
        cr_smaa_params p;
        cr_smaa_params_default(&p);
        p.samples = 3;
        p.method = (cr_aggregation)meth;
        p.norm = norm;
        p.v = 0.3;
        p.model = CR_SMAA_W_INTERVALS;
        p.lo = w;
        p.hi = w;
        p.nranks = M;
        cr_smaa_result *r = NULL;
        CR_TEST_OK(cr_smaa_run(ctx, M, N, x, t, &p, &r));
        if (!r) continue;
        int bad = 0;
        for (int i = 0; i < M; i++)
            for (int k = 0; k < M; k++) bad += r->rank_counts[i * M + k] != (ranks[i] == k + 1 ? 3u : 0u);
        CR_TEST_INT(bad, 0);
        /* the winner's central weight is w itself, and it is first under it */
        for (int i = 0; i < M; i++)
            if (ranks[i] == 1) {
                for (int j = 0; j < N; j++) CR_TEST_NEAR(r->central_weights[i * N + j], w[j], 0);
                CR_TEST_NEAR(r->confidence[i], 1, 0);
            } else {
                CR_TEST_TRUE(isnan(r->confidence[i]));
            }
        cr_smaa_result_free(r);
    }
}

static int same_result(const cr_smaa_result *a, const cr_smaa_result *b)
{
    size_t m = a->m, n = a->n;
    if (a->proposals != b->proposals) return 0;
    if (memcmp(a->rank_counts, b->rank_counts, m * a->kcounts * sizeof *a->rank_counts)) return 0;
    if (memcmp(a->acceptability, b->acceptability, m * a->nranks * sizeof(double))) return 0;
    if (memcmp(a->pr_top_k, b->pr_top_k, m * sizeof(double))) return 0;
    if (memcmp(a->central_weights, b->central_weights, m * n * sizeof(double))) return 0;
    if (memcmp(a->confidence, b->confidence, m * sizeof(double))) return 0;
    if ((a->holistic == NULL) != (b->holistic == NULL)) return 0;
    if (a->holistic && memcmp(a->holistic, b->holistic, m * sizeof(double))) return 0;
    return 1;
}

/* 1, 2, 4 threads: bitwise identical; heap and full sort: identical counts.
 * 24,000 samples x 400 x (5 + 1) = 5.8e7 work units: above smaa.c's
 * CR__SMAA_PAR_WORK (5e7), so the samples do run on several threads. */
static void test_invariance(void)
{
    enum { M = 400, N = 5 };
    static double x[M * N];
    uint64_t st = 3;
    for (int k = 0; k < M * N; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = 1 + (double)(st >> 11) / 9007199254740992.0 * 99;
    }
    const int t[N] = {1, 1, -1, 1, -1};
    double lo[N] = {0.05, 0, 0.1, 0, 0}, hi[N] = {0.5, 0.6, 0.4, 1, 0.3};
    size_t order[N] = {3, 0, 4, 1, 2};
    for (int meth = 0; meth < 3; meth++)
        for (int model = 0; model < 3; model++) {
            cr_smaa_params p;
            cr_smaa_params_default(&p);
            p.samples = 24000;
            p.seed = 77 + (uint64_t)meth;
            p.method = (cr_aggregation)meth;
            p.norm = meth == 2 ? CR_NORM_NONE : CR_NORM_MINMAX;
            p.model = (cr_smaa_weight_model)model;
            p.lo = lo;
            p.hi = hi;
            p.order = order;
            p.nranks = 7;
            p.top_k = 12;
            cr_smaa_result *r[4] = {NULL, NULL, NULL, NULL};
            const int threads[3] = {1, 2, 4};
            for (int k = 0; k < 3; k++) {
                cr_ctx_set_threads(ctx, threads[k]);
                CR_TEST_OK(cr_smaa_run(ctx, M, N, x, t, &p, &r[k]));
            }
            p.ranking = CR_SMAA_RANK_SORT;
            CR_TEST_OK(cr_smaa_run(ctx, M, N, x, t, &p, &r[3]));
            cr_ctx_set_threads(ctx, 0);
            if (r[0] && r[1] && r[2] && r[3]) {
                CR_TEST_INT(r[0]->full_sort, 0);
                CR_TEST_INT(r[3]->full_sort, 1);
                CR_TEST_TRUE(same_result(r[0], r[1]));
                CR_TEST_TRUE(same_result(r[0], r[2]));
                CR_TEST_TRUE(same_result(r[0], r[3]));
                /* each rank is held by exactly one alternative per sample */
                for (size_t k = 0; k < r[0]->kcounts; k++) {
                    uint64_t s = 0;
                    for (size_t i = 0; i < M; i++) s += r[0]->rank_counts[i * r[0]->kcounts + k];
                    CR_TEST_TRUE(s == 24000);
                }
            }
            for (int k = 0; k < 4; k++) cr_smaa_result_free(r[k]);
        }
}

static void expect_fail(const cr_smaa_params *p, size_t m, size_t n, const double *x, const int *t, cr_error_t want,
                        const char *needle)
{
    cr_smaa_result *r = NULL;
    cr_error_t rc = cr_smaa_run(ctx, m, n, x, t, p, &r);
    CR_TEST_INT(rc, want);
    CR_TEST_TRUE(r == NULL);
    if (!strstr(cr_ctx_errmsg(ctx), needle)) {
        fprintf(stderr, "message '%s' lacks '%s'\n", cr_ctx_errmsg(ctx), needle);
        CR_TEST_TRUE(0);
    }
}

static void test_errors(void)
{
    const double x[6] = {1, 2, 3, 4, 5, 6};
    const int t[3] = {1, 1, -1};
    cr_smaa_params p;
    cr_smaa_params_default(&p);
    p.samples = 0;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "samples");
    p.samples = 10;
    p.nranks = 3;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "ranks: 3 exceeds");
    p.nranks = 0;
    p.top_k = 5;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "top_k");
    p.top_k = 0;
    p.holistic = 1;
    p.ranking = CR_SMAA_RANK_HEAP;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "holistic");
    p.holistic = 0;
    p.ranking = CR_SMAA_RANK_AUTO;

    p.model = CR_SMAA_W_ORDINAL;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "order: missing");
    size_t dup[3] = {0, 2, 0}, oor[3] = {0, 3, 1};
    p.order = dup;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "order[2]: criterion 0 listed twice");
    p.order = oor;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "order[1]: criterion 3 out of range");

    p.model = CR_SMAA_W_INTERVALS;
    double lo[3] = {0.2, 0.5, 0}, hi[3] = {0.1, 1, 1};
    p.lo = lo;
    p.hi = hi;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "lo[0] = 0.2 > hi[0] = 0.1");
    double lo2[3] = {0.5, 0.4, 0.3}, hi2[3] = {1, 1, 1};
    p.lo = lo2;
    p.hi = hi2;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "lower bounds sum to");
    double lo3[3] = {0, 0, 0}, hi3[3] = {0.3, 0.3, 0.3};
    p.lo = lo3;
    p.hi = hi3;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "upper bounds sum to");
    double lo4[3] = {-0.1, 0, 0};
    p.lo = lo4;
    p.hi = hi2;
    expect_fail(&p, 2, 3, x, t, CR_EINVAL, "lo[0]");

    /* Feasible but thin: 10 criteria each <= 0.1002 leaves a sliver around
     * the centre of the simplex; the pilot finds no accepted proposal. */
    double xs[20], lo10[10], hi10[10];
    int t10[10];
    for (int j = 0; j < 20; j++) xs[j] = j + 1;
    for (int j = 0; j < 10; j++) {
        lo10[j] = 0;
        hi10[j] = 0.1002;
        t10[j] = 1;
    }
    p.lo = lo10;
    p.hi = hi10;
    expect_fail(&p, 2, 10, xs, t10, CR_EREFUSED, "acceptance < 1e-5");

    /* bad matrix and types are the mcda checks */
    cr_smaa_params_default(&p);
    const double xb[6] = {1, 2, NAN, 4, 5, 6};
    expect_fail(&p, 2, 3, xb, t, CR_EINVAL, "matrix[0][2]");
    const int tb[3] = {1, 0, 1};
    expect_fail(&p, 2, 3, x, tb, CR_EINVAL, "types[1]");
    expect_fail(&p, 0, 3, x, t, CR_EINVAL, "empty");
}

static void test_json(void)
{
    const char *good = "{\"method\": \"wsm\", \"matrix\": [[1, 0.2], [0.4, 1]], \"types\": [1, 1],"
                       " \"params\": {\"normalization\": \"max\"}, \"weights\": [1, 1],"
                       " \"samples\": 2000, \"seed\": \"18446744073709551615\", \"top_k\": 1,"
                       " \"weights_model\": {\"kind\": \"ordinal\", \"order\": [1, 0]}}";
    char *out = NULL;
    CR_TEST_OK(cr_smaa_run_json(ctx, good, strlen(good), "p.json", &out));
    if (out) {
        CR_TEST_TRUE(strstr(out, "\"seed\": 18446744073709551615") != NULL);
        CR_TEST_TRUE(strstr(out, "\"weights_model\": \"ordinal\"") != NULL);
        /* w1 >= w0 means t <= 1/2 < t* = 4/7: B always first */
        CR_TEST_TRUE(strstr(out, "\"pr_top_k\": [0, 1]") != NULL);
        CR_TEST_TRUE(strstr(out, "\"confidence\": [null, 1]") != NULL);
    }
    cr_smaa_json_free(out);
    const struct {
        const char *json, *msg;
    } bad[] = {
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"samples\": 0}", "p.json: samples: 0 must be an integer"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"sample\": 5}", "p.json: sample: unknown key"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"weights_model\": {\"kind\": \"ordinal\", \"order\": [0, 0]}}",
         "p.json: weights_model.order[1]: criterion 0 listed twice"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"weights_model\": {\"kind\": \"intervals\", \"lo\": [0.6, 0.6], \"hi\": [1, 1]}}",
         "infeasible intervals"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"weights_model\": {\"kind\": \"cone\"}}", "unknown kind 'cone'"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"ranks\": 2}", "ranks: 2 must be an integer in [1, 1]"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]], \"types\": [1, 1], \"seed\": -1}", "seed: -1"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, -2]], \"types\": [1, 1], \"params\": {\"normalization\": \"vector\"}}",
         "matrix[0][1]: -2 is negative; vector normalization"},
        {"{\"method\": \"wsm\", \"matrix\": [[1, 2]]}", "types: missing"},
        {"{\"method\": \"wsm\", ", "JSON syntax error"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        out = NULL;
        cr_error_t rc = cr_smaa_run_json(ctx, bad[k].json, strlen(bad[k].json), "p.json", &out);
        CR_TEST_INT(rc, CR_EINVAL);
        CR_TEST_TRUE(out == NULL);
        if (!strstr(cr_ctx_errmsg(ctx), bad[k].msg)) {
            fprintf(stderr, "case %zu: message '%s' lacks '%s'\n", k, cr_ctx_errmsg(ctx), bad[k].msg);
            CR_TEST_TRUE(0);
        }
    }
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_rng();
    test_samplers();
    test_exact_2x2();
    test_exact_3x3();
    test_matches_mcda();
    test_invariance();
    test_errors();
    test_json();
    cr_ctx_free(ctx);
    return cr_test_done();
}
