/* MCDA library: weighting, normalisation, WSM/TOPSIS/VIKOR, ranks, thread
 * invariance. Expected values come from published examples or from
 * tests/data/mcda/reference.py (numpy transcription of pymcdm 1.x, whose
 * docstring examples it reproduces); the source is named at each check. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "mcda/mcda_internal.h"

#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6
#define NEAR_V(got, want, k, tol) do { for (size_t q_ = 0; q_ < (k); q_++) CR_TEST_NEAR((got)[q_], (want)[q_], tol); } while (0)

static cr_ctx *ctx;

/* Opricovic & Tzeng (2004), EJOR 156:445-455, numerical example: A1 (1, 3000),
 * A2 (2, 3750), A3 (5, 4500); f1 minimised, f2 maximised, equal weights. The
 * same data are pymcdm's TOPSIS docstring example. */
static const double OT_X[] = {1, 3000, 2, 3750, 5, 4500};
static const int OT_T[] = {-1, 1};
static const double OT_W[] = {0.5, 0.5};

/* pymcdm WSM docstring matrix (5 x 4), weights 8/13, 5/13, 6/13, 7/13. */
static const double W_X[] = {96, 83, 75, 7, 63, 5, 56, 9, 72, 30, 32, 48, 11, 4, 27, 9, 77, 21, 17, 11};
static const int W_T[] = {1, 1, -1, -1};

static void test_ahp(void)
{
    /* Saaty's "wealth of nations" matrix (Saaty & Khouja 1976; Saaty 1980,
     * The Analytic Hierarchy Process): published lambda_max = 7.61 and
     * eigenvector (.427, .230, .021, .052, .052, .123, .094). */
    const double A[49] = {1,       4,       9, 6,       6,       5,       5,       1.0 / 4, 1,       7,
                          5,       5,       3, 4,       1.0 / 9, 1.0 / 7, 1,       1.0 / 5, 1.0 / 5, 1.0 / 7,
                          1.0 / 5, 1.0 / 6, 1.0 / 5, 5, 1, 1, 1.0 / 3, 1.0 / 3, 1.0 / 6, 1.0 / 5,
                          5,       1,       1, 1.0 / 3, 1.0 / 3, 1.0 / 5, 1.0 / 3, 7,       3,       3,
                          1,       2,       1.0 / 5, 1.0 / 4, 5, 3, 3, 1.0 / 2, 1};
    const double pub[7] = {.427, .230, .021, .052, .052, .123, .094};
    /* numpy.linalg.eig (as pymcdm's AHP) */
    const double ref[7] = {0.427115021746627,   0.2302931902615255,  0.020838410896480166, 0.05238562086916692,
                           0.052385620869166934, 0.12271940076039972, 0.09426273459663366};
    double w[15];
    cr_mcda_ahp_info info;
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 7, A, CR_RI_SAATY, 0, w, &info));
    NEAR_V(w, pub, 7, 5e-4);
    NEAR_V(w, ref, 7, 1e-9);
    CR_TEST_NEAR(info.lambda_max, 7.61, 5e-3);
    CR_TEST_NEAR(info.lambda_max, 7.6077202688596035, 1e-9);
    CR_TEST_NEAR(info.ci, 0.10128671147660058, 1e-9);
    CR_TEST_NEAR(info.ri, 1.32, 0);
    CR_TEST_NEAR(info.cr, 0.07673235717924286, 1e-9);

    /* 4 x 4 Saaty-scale judgements; reference.py "ahp A4" (Saaty and T&L RI). */
    const double A4[16] = {1, 3, 5, 9, 1.0 / 3, 1, 2, 4, 1.0 / 5, 1.0 / 2, 1, 2, 1.0 / 9, 1.0 / 4, 1.0 / 2, 1};
    const double w4[4] = {0.5984482883996641, 0.22424394133860806, 0.11709914208263406, 0.06020862817909368};
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 4, A4, CR_RI_SAATY, 0, w, &info));
    NEAR_V(w, w4, 4, 1e-9);
    CR_TEST_NEAR(info.lambda_max, 4.007954443072392, 1e-9);
    CR_TEST_NEAR(info.cr, 0.002946090026811816, 1e-9);
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 4, A4, CR_RI_TUMMALA_LING, 0, w, &info));
    CR_TEST_NEAR(info.ri, 0.8921, 0);
    CR_TEST_NEAR(info.cr, 0.0029721791549497077, 1e-9);

    /* Consistent matrix a_ij = u_i/u_j: weights are exactly u, lambda = n, CR = 0. */
    const double u[3] = {0.5, 0.3, 0.2};
    double C[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) C[i * 3 + j] = u[i] / u[j];
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 3, C, CR_RI_SAATY, 0, w, &info));
    NEAR_V(w, u, 3, 1e-12);
    CR_TEST_NEAR(info.lambda_max, 3, 1e-12);
    CR_TEST_NEAR(info.cr, 0, 1e-12);

    /* n = 2: always consistent, CR reported 0; n = 1: weight 1. */
    const double A2[4] = {1, 3, 1.0 / 3, 1};
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 2, A2, CR_RI_SAATY, 0, w, &info));
    CR_TEST_NEAR(w[0], 0.75, 1e-12);
    CR_TEST_NEAR(w[1], 0.25, 1e-12);
    CR_TEST_NEAR(info.cr, 0, 0);
    const double A1[1] = {1};
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 1, A1, CR_RI_SAATY, 0, w, &info));
    CR_TEST_NEAR(w[0], 1, 0);

    /* Cyclic judgements 1 > 2 > 3 > 1, each 9: lambda = 91/9 (hand: the
     * circulant's eigenvalue 1 + 9 + 1/9), CI = 3.5556, CR = 6.13 > 0.1. */
    const double B[9] = {1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1};
    CR_TEST_INT(cr_mcda_weights_ahp(ctx, 3, B, CR_RI_SAATY, 0, w, &info), CR_EREFUSED);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "CR = 6.1303 > 0.1") != NULL);
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 3, B, CR_RI_SAATY, 1, w, &info));
    CR_TEST_NEAR(info.lambda_max, 91.0 / 9.0, 1e-9);
    CR_TEST_NEAR(info.cr, 6.130268199233717, 1e-9);
    CR_TEST_NEAR(w[0], 1.0 / 3.0, 1e-12);

    /* Invalid matrices. */
    double bad[9] = {1, 2, 3, 0.5, 1, 2, 1.0 / 3, 0.4, 1};
    CR_TEST_INT(cr_mcda_weights_ahp(ctx, 3, bad, CR_RI_SAATY, 0, w, &info), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "pairwise[2][1]: 0.40000000000000002 is not the reciprocal of pairwise[1][2] = 2 "
                                    "(expected 0.5)");
    bad[7] = 0.5;
    bad[4] = 1.5;
    CR_TEST_INT(cr_mcda_weights_ahp(ctx, 3, bad, CR_RI_SAATY, 0, w, &info), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "pairwise[1][1]: 1.5, the diagonal must be 1");
    bad[4] = 1;
    bad[3] = -0.5;
    CR_TEST_INT(cr_mcda_weights_ahp(ctx, 3, bad, CR_RI_SAATY, 0, w, &info), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "pairwise[1][0]: -0.5 must be positive and finite");
}

/* AHP as a person writes it, and the two options of issue 18 §5. */
static void test_ahp_options(void)
{
    double v = 0, w[3], w2[3];
    cr_mcda_ahp_info in, in2;
    /* judgements: fractions and decimals */
    CR_TEST_INT(cr_mcda_judgement_parse("1/3", &v), 0);
    CR_TEST_NEAR(v, 1.0 / 3, 0);
    CR_TEST_INT(cr_mcda_judgement_parse(" 2.5 / 7 ", &v), 0);
    CR_TEST_NEAR(v, 2.5 / 7, 0);
    CR_TEST_INT(cr_mcda_judgement_parse("0.333", &v), 0);
    CR_TEST_INT(cr_mcda_judgement_parse("9", &v), 0);
    CR_TEST_NEAR(v, 9, 0);
    CR_TEST_INT(cr_mcda_judgement_parse("1/0", &v), -1);
    CR_TEST_INT(cr_mcda_judgement_parse("0x10", &v), -1);
    CR_TEST_INT(cr_mcda_judgement_parse("-3", &v), -1);
    CR_TEST_INT(cr_mcda_judgement_parse("1/3/4", &v), -1);
    CR_TEST_INT(cr_mcda_judgement_parse("inf", &v), -1);
    CR_TEST_INT(cr_mcda_judgement_parse("", &v), -1);

    /* Reciprocals typed with two or more correct decimals count as exact:
     * the same weights, bit for bit, as the exact matrix. */
    const double B[9] = {1, 3, 5, 1.0 / 3, 1, 3, 1.0 / 5, 1.0 / 3, 1};
    const double Bt[9] = {1, 3, 5, 0.333, 1, 3, 0.2, 0.33, 1};
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 3, B, CR_RI_SAATY, 0, w, &in));
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 3, Bt, CR_RI_SAATY, 0, w2, &in2));
    for (int i = 0; i < 3; i++) CR_TEST_NEAR(w2[i], w[i], 0);
    CR_TEST_NEAR(in2.cr, in.cr, 0);
    /* 0.14 for 1/7 and 0.13 for 1/8 (both correct to two decimals) pass;
     * 0.3 for 1/3 (|0.3 - 1/3| > 0.005) does not */
    const double C7[4] = {1, 7, 0.14, 1}, C8[4] = {1, 0.13, 8, 1}, C3[4] = {1, 3, 0.3, 1};
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 2, C7, CR_RI_SAATY, 0, w, NULL));
    CR_TEST_NEAR(w[0], 7.0 / 8, 1e-12);
    CR_TEST_OK(cr_mcda_weights_ahp(ctx, 2, C8, CR_RI_SAATY, 0, w, NULL));
    CR_TEST_NEAR(w[1], 8.0 / 9, 1e-12);
    CR_TEST_INT(cr_mcda_weights_ahp(ctx, 2, C3, CR_RI_SAATY, 0, w, NULL), CR_EINVAL);

    /* Row geometric mean (Crawford & Williams 1985), hand-computed on B: row
     * products 15, 1, 1/15; cube roots 2.46621, 1, 0.405480; sum 3.87169:
     * w = (0.636986, 0.258285, 0.104729). CR from lambda_max, as the
     * eigenvector's. */
    CR_TEST_OK(cr_mcda_weights_ahp_ex(ctx, 3, B, CR_RI_SAATY, 0, CR_AHP_GEOMETRIC_MEAN, w2, &in2));
    const double gm[3] = {0.6369855717447571, 0.258284994374495, 0.10472943388074787};
    NEAR_V(w2, gm, 3, 1e-12);
    CR_TEST_NEAR(in2.cr, in.cr, 0);
    /* a consistent matrix: both priorities give its exact weights (4:2:1) */
    const double K[9] = {1, 2, 4, 0.5, 1, 2, 0.25, 0.5, 1};
    CR_TEST_OK(cr_mcda_weights_ahp_ex(ctx, 3, K, CR_RI_SAATY, 0, CR_AHP_GEOMETRIC_MEAN, w, NULL));
    CR_TEST_NEAR(w[0], 4.0 / 7, 1e-12);
    CR_TEST_NEAR(w[2], 1.0 / 7, 1e-12);

    /* pymcdm's rule, pairwise from a ranking (AHP._compare_ranking), by hand:
     * ranks (1, 2, 3): a12 = floor(2/1) = 2, a13 = 3, a23 = floor(3/2) = 1. */
    const double rk[3] = {1, 2, 3};
    double a[9];
    CR_TEST_OK(cr_mcda_ahp_from_ranking(ctx, 3, rk, a));
    const double want[9] = {1, 2, 3, 0.5, 1, 1, 1.0 / 3, 1, 1};
    NEAR_V(a, want, 9, 0);
    /* its geometric-mean weights: cube roots of 6, 1/2, 1/3 over their sum */
    CR_TEST_OK(cr_mcda_weights_ahp_ex(ctx, 3, a, CR_RI_SAATY, 0, CR_AHP_GEOMETRIC_MEAN, w, NULL));
    const double wr[3] = {0.5499456072975836, 0.2402108696013546, 0.2098435231010618};
    NEAR_V(w, wr, 3, 1e-12);
    /* ties and the cap at 9: ranks (1, 1, 20) */
    const double rk2[3] = {1, 1, 20};
    CR_TEST_OK(cr_mcda_ahp_from_ranking(ctx, 3, rk2, a));
    CR_TEST_NEAR(a[1], 1, 0);
    CR_TEST_NEAR(a[2], 9, 0);
    CR_TEST_NEAR(a[8 - 2], 1.0 / 9, 0);
    /* from scores (pymcdm mirrors them over their order): (10, 30, 20) reads
     * as the ranking (30, 10, 20): a01 = 1/3, a02 = 1/floor(30/20) = 1, a12 = 2 */
    const double sc[3] = {10, 30, 20};
    CR_TEST_OK(cr_mcda_ahp_from_scoring(ctx, 3, sc, a));
    const double want2[9] = {1, 1.0 / 3, 1, 3, 1, 2, 1, 0.5, 1};
    NEAR_V(a, want2, 9, 0);
    const double bad[2] = {1, 0};
    CR_TEST_INT(cr_mcda_ahp_from_ranking(ctx, 2, bad, a), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "ranking[1]: 0 must be positive and finite");
}

static void test_objective_weights(void)
{
    double w[4];
    /* Entropy by hand on a 3x3: column 0 p = (1,2,3)/6, e = 1.011404/ln 3 =
     * 0.920620, d = 0.079380; column 1 constant, d = 0; column 2
     * p = (3,6,1)/10, e = 0.897946/ln 3 = 0.817349, d = 0.182651;
     * w = d/0.262031 = (0.302938, 0, 0.697062). */
    const double E[9] = {1, 2, 3, 2, 2, 6, 3, 2, 1};
    CR_TEST_OK(cr_mcda_weights_entropy(ctx, 3, 3, E, CR_ENTROPY_XLOGX, w));
    CR_TEST_NEAR(w[0], 0.302938, 1e-6);
    CR_TEST_NEAR(w[1], 0.0, 1e-12);
    CR_TEST_NEAR(w[2], 0.697062, 1e-6);
    CR_TEST_NEAR(w[0], 0.302937555675463, 1e-12);   /* reference.py */

    /* A zero entry: 0 ln 0 = 0 (default) vs pymcdm's "entropy 0 if any p = 0".
     * Column 0 p = (0, 1/3, 2/3): e = 0.636514/ln 3 = 0.579380; column 1
     * p = (.2,.2,.6): e = 0.950271/ln 3 = 0.864974. */
    const double Z[6] = {0, 1, 1, 1, 2, 3};
    CR_TEST_OK(cr_mcda_weights_entropy(ctx, 3, 2, Z, CR_ENTROPY_XLOGX, w));
    CR_TEST_NEAR(w[0], 0.7569920367726133, 1e-9);
    CR_TEST_NEAR(w[1], 0.24300796322738671, 1e-9);
    CR_TEST_OK(cr_mcda_weights_entropy(ctx, 3, 2, Z, CR_ENTROPY_PYMCDM, w));
    CR_TEST_NEAR(w[0], 0.8810367143438983, 1e-9);
    CR_TEST_NEAR(w[1], 0.11896328565610177, 1e-9);
    /* Uniform columns (e = 1 up to rounding) carry no information: with
     * nothing else to weigh by, the call fails instead of handing all the
     * weight to rounding noise. 1/7 does not sum back to exactly 1. */
    const double U[14] = {1.0 / 7, 3, 1.0 / 7, 3, 1.0 / 7, 3, 1.0 / 7, 3, 1.0 / 7, 3, 1.0 / 7, 3, 1.0 / 7, 3};
    CR_TEST_INT(cr_mcda_weights_entropy(ctx, 7, 2, U, CR_ENTROPY_XLOGX, w), CR_EINVAL);

    /* pymcdm formulas on the WSM docstring matrix (reference.py). */
    const double ent[4] = {0.12436826005432725, 0.4382735268990811, 0.12043648916068528, 0.3169217238859064};
    const double sd[4] = {0.30268264847686593, 0.30691038839705254, 0.22429775541157634, 0.16610920771450535};
    const double cri[4] = {0.17720936879764046, 0.19035422789940573, 0.24793070485464774, 0.38450569844830595};
    CR_TEST_OK(cr_mcda_weights_entropy(ctx, 5, 4, W_X, CR_ENTROPY_XLOGX, w));
    NEAR_V(w, ent, 4, 1e-12);
    CR_TEST_OK(cr_mcda_weights_std(ctx, 5, 4, W_X, w));
    NEAR_V(w, sd, 4, 1e-12);
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, W_X, NULL, w));
    NEAR_V(w, cri, 4, 1e-12);

    /* CRITIC by hand, 3 x 2, both columns min-max normalised to (0, .5, 1)
     * and (1, 0, .5): s = 0.5 each; r = -0.5; C_j = 0.5 * (0 + 1.5) -> equal. */
    const double K[6] = {0, 4, 1, 2, 2, 3};
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 3, 2, K, NULL, w));
    CR_TEST_NEAR(w[0], 0.5, 1e-12);
    /* Diakoulaki's cost handling: column 1 as cost flips it to (0, 1, .5),
     * r = +0.5, C_j = 0.5 * (0 + 0.5): still equal weights (an asymmetric
     * case is in test_mcda_json.c). */
    const int tk[2] = {1, -1};
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 3, 2, K, tk, w));
    CR_TEST_NEAR(w[0], 0.5, 1e-12);

    CR_TEST_OK(cr_mcda_weights_equal(ctx, 4, w));
    CR_TEST_NEAR(w[3], 0.25, 0);

    /* Degenerate: every column constant. */
    const double F[4] = {2, 3, 2, 3};
    CR_TEST_INT(cr_mcda_weights_std(ctx, 2, 2, F, w), CR_EINVAL);
    CR_TEST_INT(cr_mcda_weights_entropy(ctx, 2, 2, F, CR_ENTROPY_XLOGX, w), CR_EINVAL);
    CR_TEST_INT(cr_mcda_weights_critic(ctx, 2, 2, F, NULL, w), CR_EINVAL);
    /* Negative values (issue 18 §5): entropy's p_ij = x_ij / sum x_ij needs
     * x >= 0 and refuses with a message; std and CRITIC take them. */
    const double NEG[2] = {1, -1};
    CR_TEST_INT(cr_mcda_weights_entropy(ctx, 2, 1, NEG, CR_ENTROPY_XLOGX, w), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx),
                "matrix[1][0]: -1 is negative; weighting entropy needs values >= 0 (critic and std accept negatives)");
    const double INF2[2] = {1, INFINITY};
    CR_TEST_INT(cr_mcda_weights_std(ctx, 2, 1, INF2, w), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "matrix[1][0]: inf must be finite");
}

/* Issue 19's one-pass forms (docs/mcda.md "Entropy", "CRITIC"): cr__ln
 * (libmvec's log on x86-64) within 4 ulp of libm's log (glibc's documented
 * bound for its vector functions), subnormals
 * included; entropy's T/S - ln S against the two-pass sum of p ln p with
 * libm's log; CRITIC's sums shifted by the first row keep their digits on
 * columns far from 0, where the textbook sum x^2 - (sum x)^2/m loses all. */
static void test_one_pass_forms(void)
{
    double xs[] = {1, 2, 0.5, 0x1.6a09e667f3bcdp+0, 0x1.6a09e667f3bccp+0, 0x1.fffffffffffffp-1, 1.0000000000000002,
                   4.9406564584124654e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 3.7, 1e6, 1.7976931348623157e308};
    for (size_t k = 0; k < sizeof xs / sizeof *xs; k++) {
        const double a = cr__ln(xs[k]), b = log(xs[k]);
        CR_TEST_NEAR(a, b, 4 * (nextafter(fabs(b), INFINITY) - fabs(b)));
    }
    uint64_t st = 88172645463325252ULL;
    for (int k = 0; k < 100000; k++) {   /* xorshift: bit patterns of positive normal doubles */
        st ^= st << 13, st ^= st >> 7, st ^= st << 17;
        uint64_t u = (st & 0x7fefffffffffffffULL) | 0x0010000000000000ULL;
        double x;
        memcpy(&x, &u, sizeof x);
        const double a = cr__ln(x), b = log(x), tol = 4 * (nextafter(fabs(b), INFINITY) - fabs(b));
        if (fabs(a - b) > tol) CR_TEST_NEAR(a, b, tol);
    }
    /* every lane of cr__ln8 is cr__ln of its value, bit for bit, whatever its
     * neighbours (the kernel pads short widths with 1; special values go to
     * the scalar log lane by lane) */
    for (int r = 0; r < 2000; r++) {
        double in[8], out[8];
        for (int k = 0; k < 8; k++) {
            st ^= st << 13, st ^= st >> 7, st ^= st << 17;
            uint64_t u = (st & 0x7fefffffffffffffULL) | 0x0010000000000000ULL;
            memcpy(&in[k], &u, sizeof u);
        }
        if (r % 7 == 0) in[r % 8] = 0.0;
        if (r % 11 == 0) in[(r + 3) % 8] = 4.9406564584124654e-324;
        cr__ln8(in, out);
        int same = 1;
        for (int k = 0; k < 8; k++) {
            const double a = cr__ln(in[k]);
            same &= memcmp(&a, &out[k], sizeof a) == 0;
        }
        if (!same) CR_TEST_INT(same, 1);
    }
    /* entropy on columns scaled far from 1 (sums near 1e12 and 1e-12) */
    enum { M = 1000 };
    double *x = malloc(M * 3 * sizeof *x), w[3], ref[3];
    for (int i = 0; i < M; i++) {
        x[i * 3 + 0] = 1e9 * (1 + (i % 7));
        x[i * 3 + 1] = 1e-15 * (1 + (i % 13) * (i % 3));
        x[i * 3 + 2] = i % 5 == 0 ? 0.0 : 0.5 + (i % 11);
    }
    for (int j = 0; j < 3; j++) {
        double s = 0, h = 0;
        for (int i = 0; i < M; i++) s += x[i * 3 + j];
        for (int i = 0; i < M; i++)
            if (x[i * 3 + j] > 0) h += x[i * 3 + j] / s * log(x[i * 3 + j] / s);
        ref[j] = 1 + h / log((double)M);
    }
    cr__mcda_weights_to_one(3, ref);
    CR_TEST_OK(cr_mcda_weights_entropy(ctx, M, 3, x, CR_ENTROPY_XLOGX, w));
    NEAR_V(w, ref, 3, 1e-12);
    /* CRITIC: W_X and W_X + 1e9 (exact in binary): the same weights */
    double y[20], w0[4], w1[4];
    for (int k = 0; k < 20; k++) y[k] = W_X[k] + 1e9;
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, W_X, NULL, w0));
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, y, NULL, w1));
    NEAR_V(w1, w0, 4, 1e-15);
    /* spreads past a double are refused, not turned into NaN weights */
    const double H[4] = {-1e300, 1, 1e300, 2};
    CR_TEST_INT(cr_mcda_weights_critic(ctx, 2, 2, H, NULL, w), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "weighting critic: column 0: the spread of the values exceeds the range of a "
                                    "double (|x| near 1e154)");
    const double HE[4] = {1e306, 1, 1e306, 2};
    CR_TEST_INT(cr_mcda_weights_entropy(ctx, 2, 2, HE, CR_ENTROPY_XLOGX, w), CR_EINVAL);
    free(x);
}

/* CRITIC min-max normalises first and std is a spread: shifting a column by
 * a constant (here into negative values) leaves both weightings unchanged,
 * as in pymcdm (critic_weights normalises with minmax; standard_deviation
 * is shift-invariant). Matrix: pymcdm's WSM docstring matrix W_X. */
static void test_weights_shift(void)
{
    double xs[20], w0[4], w1[4];
    const double shift[4] = {-100.25, -2.385, 0, -1000};   /* every column but one negative somewhere */
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 4; j++) xs[i * 4 + j] = W_X[i * 4 + j] + shift[j];
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, W_X, NULL, w0));
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, xs, NULL, w1));
    NEAR_V(w1, w0, 4, 1e-12);
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, W_X, W_T, w0));
    CR_TEST_OK(cr_mcda_weights_critic(ctx, 5, 4, xs, W_T, w1));
    NEAR_V(w1, w0, 4, 1e-12);
    CR_TEST_OK(cr_mcda_weights_std(ctx, 5, 4, W_X, w0));
    CR_TEST_OK(cr_mcda_weights_std(ctx, 5, 4, xs, w1));
    NEAR_V(w1, w0, 4, 1e-12);
    /* min-max (and none) normalisations and the methods over them take
     * negatives, with the same scores as the unshifted matrix */
    const double wt[4] = {8.0 / 26, 5.0 / 26, 6.0 / 26, 7.0 / 26};
    double s0[5], s1[5];
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, W_X, W_T, wt, CR_NORM_MINMAX, s0));
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, xs, W_T, wt, CR_NORM_MINMAX, s1));
    NEAR_V(s1, s0, 5, 1e-12);
    CR_TEST_OK(cr_mcda_wsm(ctx, 5, 4, xs, W_T, wt, CR_NORM_NONE, s1));
    /* vector, max and sum refuse, naming the entry and the normalisation */
    CR_TEST_INT(cr_mcda_wsm(ctx, 5, 4, xs, W_T, wt, CR_NORM_VECTOR, s1), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx),
                "matrix[0][0]: -4.25 is negative; vector normalization needs values >= 0 (minmax and none accept negatives)");
    CR_TEST_INT(cr_mcda_topsis(ctx, 5, 4, xs, W_T, wt, CR_NORM_MAX, s1), CR_EINVAL);
    CR_TEST_INT(cr_mcda_wsm(ctx, 5, 4, xs, W_T, wt, CR_NORM_SUM, s1), CR_EINVAL);
}

static void test_normalize(void)
{
    /* Column forms on x = (2, 4, 6) (hand): benefit / cost. */
    const double x[3] = {2, 4, 6};
    const int tb[1] = {1}, tc[1] = {-1};
    double r[3];
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tb, CR_NORM_MINMAX, r));
    CR_TEST_NEAR(r[0], 0, 0); CR_TEST_NEAR(r[1], 0.5, 0); CR_TEST_NEAR(r[2], 1, 0);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tc, CR_NORM_MINMAX, r));
    CR_TEST_NEAR(r[0], 1, 0); CR_TEST_NEAR(r[1], 0.5, 0); CR_TEST_NEAR(r[2], 0, 0);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tb, CR_NORM_VECTOR, r));
    CR_TEST_NEAR(r[2], 6 / sqrt(56), 1e-15);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tc, CR_NORM_VECTOR, r));
    CR_TEST_NEAR(r[2], 1 - 6 / sqrt(56), 1e-15);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tc, CR_NORM_MAX, r));
    CR_TEST_NEAR(r[0], 1 - 2.0 / 6, 1e-15); CR_TEST_NEAR(r[2], 0, 0);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tb, CR_NORM_SUM, r));
    CR_TEST_NEAR(r[1], 4.0 / 12, 1e-15);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tc, CR_NORM_SUM, r));   /* (1/x)/sum(1/x), sum = 11/12 */
    CR_TEST_NEAR(r[0], 0.5 / (11.0 / 12), 1e-15);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, x, tc, CR_NORM_NONE, r));  /* max - x */
    CR_TEST_NEAR(r[0], 4, 0); CR_TEST_NEAR(r[2], 0, 0);
    /* Constant and all-zero columns never divide by zero. */
    const double k[3] = {5, 5, 5}, z[3] = {0, 0, 0};
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, k, tc, CR_NORM_MINMAX, r));
    CR_TEST_NEAR(r[1], 1, 0);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, z, tb, CR_NORM_VECTOR, r));
    CR_TEST_NEAR(r[1], 1 / sqrt(3), 1e-15);
    CR_TEST_OK(cr_mcda_normalize(ctx, 3, 1, z, tc, CR_NORM_MAX, r));
    CR_TEST_NEAR(r[1], 0, 0);
    CR_TEST_INT(cr_mcda_normalize(ctx, 3, 1, z, tb, CR_NORM_SUM, r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "matrix[0][0]: 0: sum normalization needs values > 0 (as pymcdm)");
}

static void test_wsm_topsis(void)
{
    double s[5];
    int rk[5];
    /* pymcdm TOPSIS docstring: [0.500, 0.617, 0.500] (minmax). */
    CR_TEST_OK(cr_mcda_topsis(ctx, 3, 2, OT_X, OT_T, OT_W, CR_NORM_MINMAX, s));
    CR_TEST_NEAR(s[0], 0.5, 1e-12);
    CR_TEST_NEAR(s[1], 0.6172177814626812, TOL);
    CR_TEST_NEAR(s[2], 0.5, 1e-12);
    CR_TEST_OK(cr_mcda_rank(ctx, 3, s, 1, rk));
    CR_TEST_INT(rk[0], 2);   /* A1 and A3 tie at 0.5: lower index first */
    CR_TEST_INT(rk[1], 1);
    CR_TEST_INT(rk[2], 3);

    /* pymcdm WSM docstring (sum normalisation): [0.609, 0.313, 0.334, 0.265, 0.479]. */
    const double ww[4] = {8.0 / 13, 5.0 / 13, 6.0 / 13, 7.0 / 13};
    const double wsm_sum[5] = {0.6086313254772999, 0.3125202336929132, 0.3342223301084967, 0.2654375437487737,
                               0.47918856697251644};
    CR_TEST_OK(cr_mcda_wsm(ctx, 5, 4, W_X, W_T, ww, CR_NORM_SUM, s));
    NEAR_V(s, wsm_sum, 5, TOL);
    CR_TEST_NEAR(s[0], 0.609, 5e-4);

    /* The same with weights normalised to 1, other normalisations (reference.py). */
    double wn[4];
    for (int j = 0; j < 4; j++) wn[j] = ww[j] * 13.0 / 26.0;
    const double wsm_mm[5] = {0.7692307692307692, 0.5223639466555574, 0.4551931520350141, 0.4470789933363524,
                              0.7540302786039488};
    const double tv[5] = {0.7127928968982069, 0.5406939164863585, 0.395366722174107, 0.4923916735920656,
                          0.6611059950141035};
    const double tm[5] = {0.6918952124574249, 0.5378332496253104, 0.4691293006511873, 0.44450504043093414,
                          0.6883494836382142};
    const double ts[5] = {0.6946336834092043, 0.3628817361508982, 0.40095890081698293, 0.30692036389553734,
                          0.5321124205705033};
    CR_TEST_OK(cr_mcda_wsm(ctx, 5, 4, W_X, W_T, wn, CR_NORM_MINMAX, s));
    NEAR_V(s, wsm_mm, 5, 1e-12);
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, W_X, W_T, wn, CR_NORM_VECTOR, s));
    NEAR_V(s, tv, 5, 1e-12);
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, W_X, W_T, wn, CR_NORM_MAX, s));
    NEAR_V(s, tm, 5, 1e-12);
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, W_X, W_T, wn, CR_NORM_SUM, s));
    NEAR_V(s, ts, 5, 1e-12);

    /* Identical alternatives: D+ = D- = 0 -> 0.5 each, ranks by index. */
    const double same[6] = {3, 7, 3, 7, 3, 7};
    CR_TEST_OK(cr_mcda_topsis(ctx, 3, 2, same, OT_T, OT_W, CR_NORM_MINMAX, s));
    CR_TEST_NEAR(s[0], 0.5, 0); CR_TEST_NEAR(s[2], 0.5, 0);
    CR_TEST_OK(cr_mcda_rank(ctx, 3, s, 1, rk));
    CR_TEST_INT(rk[0], 1); CR_TEST_INT(rk[1], 2); CR_TEST_INT(rk[2], 3);

    const int badt[2] = {1, 0};
    CR_TEST_INT(cr_mcda_topsis(ctx, 3, 2, OT_X, badt, OT_W, CR_NORM_MINMAX, s), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "types[1]: 0 is not 1 (benefit) or -1 (cost)");
    double nanx[6] = {1, 2, 3, 4, 5, 6};
    nanx[3] = NAN;
    CR_TEST_INT(cr_mcda_topsis(ctx, 3, 2, nanx, OT_T, OT_W, CR_NORM_MINMAX, s), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "matrix[1][1]: nan must be finite");
}

static void test_vikor(void)
{
    double S[5], R[5], Q[5];
    size_t comp[5];
    cr_mcda_vikor_out o = {S, R, Q, comp, 0, 0, 0};
    /* Opricovic & Tzeng (2004) data, v = 0.5, hand-computed: f* = (1, 4500),
     * f- = (5, 3000). A1: S = .5*0 + .5*1 = .5, R = .5; A2: S = .5*.25 +
     * .5*.5 = .375, R = .25; A3: S = .5, R = .5. Q = (1, 0, 1). A2 is the
     * compromise: Q(A1) - Q(A2) = 1 >= DQ = 0.5 and A2 is best by S and R. */
    CR_TEST_OK(cr_mcda_vikor(ctx, 3, 2, OT_X, OT_T, OT_W, CR_NORM_NONE, 0.5, &o));
    CR_TEST_NEAR(S[0], 0.5, TOL); CR_TEST_NEAR(S[1], 0.375, TOL); CR_TEST_NEAR(S[2], 0.5, TOL);
    CR_TEST_NEAR(R[0], 0.5, TOL); CR_TEST_NEAR(R[1], 0.25, TOL); CR_TEST_NEAR(R[2], 0.5, TOL);
    CR_TEST_NEAR(Q[0], 1, TOL); CR_TEST_NEAR(Q[1], 0, TOL); CR_TEST_NEAR(Q[2], 1, TOL);
    CR_TEST_INT(o.ncompromise, 1);
    CR_TEST_INT(comp[0], 1);
    CR_TEST_TRUE(o.acceptable_advantage);
    CR_TEST_TRUE(o.acceptable_stability);

    /* pymcdm VIKOR docstring: Q = [0.5679, 0.7667, 1, 0.7493, 0]. */
    const double V[20] = {78, 56, 34, 6, 4, 45, 3, 97, 18, 2, 50, 63, 9, 14, 11, 92, 85, 9, 100, 29};
    const int vt[4] = {1, 1, 1, 1};
    const double vw[4] = {0.25, 0.25, 0.25, 0.25};
    const double vS[5] = {0.4417080310551101, 0.5509259259259259, 0.6790626962448268, 0.6721300527142451,
                          0.4044057794057794};
    const double vR[5] = {0.25, 0.25, 0.25, 0.2345679012345679, 0.2175925925925926};
    const double vQ[5] = {0.5679069948039763, 0.7667330359024042, 1.0, 0.7492842103993278, 0.0};
    CR_TEST_OK(cr_mcda_vikor(ctx, 5, 4, V, vt, vw, CR_NORM_NONE, 0.5, &o));
    NEAR_V(S, vS, 5, TOL);
    NEAR_V(R, vR, 5, TOL);
    NEAR_V(Q, vQ, 5, TOL);
    /* Sorted Q: A5 0, A1 .568, A4 .749, ... DQ = 0.25: C1 holds (0.568 >= .25);
     * A5 has the lowest S and R: C2 holds -> {A5}. */
    CR_TEST_TRUE(o.acceptable_advantage);
    CR_TEST_TRUE(o.acceptable_stability);
    CR_TEST_INT(o.ncompromise, 1);
    CR_TEST_INT(comp[0], 4);

    /* Min-max normalisation, v = 0.3 (reference.py "vikor W minmax v=.3"). */
    double wn[4] = {8.0 / 26, 5.0 / 26, 6.0 / 26, 7.0 / 26};
    const double wS[5] = {0.23076923076923078, 0.4776360533444426, 0.5448068479649859, 0.5529210066636476,
                          0.24596972139605122};
    const double wR[5] = {0.23076923076923078, 0.189873417721519, 0.2692307692307692, 0.3076923076923077,
                          0.15092502434274585};
    const double wQ[5] = {0.35652173913043483, 0.40380482838909826, 0.8207046560294076, 1.0, 0.014155275647279655};
    CR_TEST_OK(cr_mcda_vikor(ctx, 5, 4, W_X, W_T, wn, CR_NORM_MINMAX, 0.3, &o));
    NEAR_V(S, wS, 5, 1e-12);
    NEAR_V(R, wR, 5, 1e-12);
    NEAR_V(Q, wQ, 5, 1e-12);
    /* Sorted: A5 (.014), A1 (.357), A2 (.404), A3, A4; DQ = .25:
     * C1 holds (.343 >= .25); A5 best by R (.151) -> C2 holds. */
    CR_TEST_INT(o.ncompromise, 1);
    CR_TEST_INT(comp[0], 4);

    /* Compromise when C1 fails (hand): 4 alternatives, one benefit column
     * (10, 9, 8, 0), w = 1, v = 0.5: S = R = (0, .1, .2, 1), Q = S.
     * DQ = 1/3: Q(a2) - Q(a1) = .1 < 1/3 -> C1 fails; set = {0, 1, 2}
     * (Q - Q(a1) < 1/3), C2 holds. */
    const double c1[4] = {10, 9, 8, 0};
    const int t1[1] = {1};
    const double w1[1] = {1};
    CR_TEST_OK(cr_mcda_vikor(ctx, 4, 1, c1, t1, w1, CR_NORM_NONE, 0.5, &o));
    CR_TEST_NEAR(Q[1], 0.1, 1e-12);
    CR_TEST_TRUE(!o.acceptable_advantage);
    CR_TEST_TRUE(o.acceptable_stability);
    CR_TEST_INT(o.ncompromise, 3);
    CR_TEST_INT(comp[0], 0); CR_TEST_INT(comp[1], 1); CR_TEST_INT(comp[2], 2);

    /* The regret term decides (hand): x = A1 (10, 0), A2 (0, 10), A3 (5, 4),
     * A4 (0, 0), w = (.5, .5), f* = (10, 10), f- = (0, 0). Terms A1 (0, .5),
     * A2 (.5, 0), A3 (.25, .3), A4 (.5, .5): S = (.5, .5, .55, 1),
     * R = (.5, .5, .3, .5); Q = .5(S-.5)/.5 + .5(R-.3)/.2 = (.5, .5, .05, 1).
     * a1 = A3 although its S is not the lowest; a2 = A1 (tie with A2, lower
     * index); .45 >= DQ = 1/3 -> C1 holds; A3 is best by R -> C2 holds. */
    const double c2[8] = {10, 0, 0, 10, 5, 4, 0, 0};
    const int t2[2] = {1, 1};
    const double w2[2] = {0.5, 0.5};
    CR_TEST_OK(cr_mcda_vikor(ctx, 4, 2, c2, t2, w2, CR_NORM_NONE, 0.5, &o));
    CR_TEST_NEAR(S[2], 0.55, 1e-12); CR_TEST_NEAR(R[2], 0.3, 1e-12);
    CR_TEST_NEAR(Q[0], 0.5, 1e-12); CR_TEST_NEAR(Q[1], 0.5, 1e-12);
    CR_TEST_NEAR(Q[2], 0.05, 1e-12); CR_TEST_NEAR(Q[3], 1.0, 1e-12);
    CR_TEST_TRUE(o.acceptable_advantage);
    CR_TEST_TRUE(o.acceptable_stability);
    CR_TEST_INT(o.ncompromise, 1);
    CR_TEST_INT(comp[0], 2);

    /* Two criteria that disagree (hand): C1 fails, the set is {A2, A1}. */
    const double c3[9] = {6, 6, 6, 10, 0, 10, 0, 10, 0};
    const int t3[3] = {1, 1, 1};
    const double w3[3] = {0.4, 0.2, 0.4};
    CR_TEST_OK(cr_mcda_vikor(ctx, 3, 3, c3, t3, w3, CR_NORM_NONE, 0.5, &o));
    /* Hand: f* = (10, 10, 10), f- = (0, 0, 0). Terms A1 (.16, .08, .16): S = .4,
     * R = .16. A2 (0, .2, 0): S = .2, R = .2. A3 (.4, 0, .4): S = .8, R = .4.
     * S* = .2 (A2), S- = .8, R* = .16 (A1), R- = .4. Q = .5(S-.2)/.6 +
     * .5(R-.16)/.24: A1 = 1/6, A2 = 1/12, A3 = 1. a1 = A2, a2 = A1:
     * 1/12 < DQ = .5 -> C1 fails: {A2, A1}; A2 is best by S: C2 holds. */
    CR_TEST_NEAR(Q[0], 1.0 / 6, 1e-12);
    CR_TEST_NEAR(Q[1], 1.0 / 12, 1e-12);
    CR_TEST_INT(o.ncompromise, 2);
    CR_TEST_INT(comp[0], 1);
    CR_TEST_INT(comp[1], 0);
    CR_TEST_TRUE(!o.acceptable_advantage);
    CR_TEST_TRUE(o.acceptable_stability);

    /* C1 holds, C2 fails (hand): 5 alternatives, 2 benefit criteria, w = .5.
     * x = (4,4), (2,8), (2,9), (3,5), (5,2); f* = (5, 9), f- = (2, 2).
     * A1 terms (1/6, 5/14): S = .523810, R = .357143; A3 S = .5 = S*;
     * A4 R = 1/3 = R*; Q(A1) = .171429 is the lowest, a2 = A3 (Q = .5, ties
     * A4 and A5 broken by index); .5 - .171 >= DQ = .25 -> C1 holds, but A1
     * is best by neither S nor R -> C2 fails: {A1, A3}. */
    const double c4[10] = {4, 4, 2, 8, 2, 9, 3, 5, 5, 2};
    CR_TEST_OK(cr_mcda_vikor(ctx, 5, 2, c4, t2, w2, CR_NORM_NONE, 0.5, &o));
    CR_TEST_NEAR(S[0], 0.5238095238095238, 1e-12);
    CR_TEST_NEAR(R[0], 0.35714285714285715, 1e-12);
    CR_TEST_NEAR(Q[0], 0.1714285714285716, 1e-12);
    CR_TEST_TRUE(o.acceptable_advantage);
    CR_TEST_TRUE(!o.acceptable_stability);
    CR_TEST_INT(o.ncompromise, 2);
    CR_TEST_INT(comp[0], 0);
    CR_TEST_INT(comp[1], 2);

    /* Degenerate: a constant column contributes 0; all S equal -> S term 0. */
    const double dg[6] = {5, 1, 5, 2, 5, 3};
    const int td[2] = {1, 1};
    const double wd[2] = {0.5, 0.5};
    CR_TEST_OK(cr_mcda_vikor(ctx, 3, 2, dg, td, wd, CR_NORM_NONE, 0.5, &o));
    /* column 1 terms .5*(3-x)/2 = (.5, .25, 0) = S = R; Q = .5 S/.5 + .5 R/.5 */
    CR_TEST_NEAR(S[0], 0.5, 1e-12);
    CR_TEST_NEAR(Q[0], 1.0, 1e-12);
    CR_TEST_NEAR(Q[1], 0.5, 1e-12);
    const double flat[4] = {5, 5, 5, 5};
    CR_TEST_OK(cr_mcda_vikor(ctx, 2, 2, flat, td, wd, CR_NORM_NONE, 0.5, &o));
    CR_TEST_NEAR(Q[0], 0.0, 0);
    CR_TEST_NEAR(Q[1], 0.0, 0);
    CR_TEST_INT(o.ncompromise, 2);           /* 0 < DQ = 1: C1 fails, both */
    CR_TEST_INT(cr_mcda_vikor(ctx, 2, 2, flat, td, wd, CR_NORM_NONE, 1.5, &o), CR_EINVAL);
}

/* Thread-count invariance: TOPSIS (and WSM, VIKOR) scores on a random
 * 300,000 x 7 matrix are bitwise equal with 1, 2 and 8 threads. 2.1e6
 * cells: at least CR__MCDA_PAR_CELLS, so the loops do run in parallel. */
static void test_threads(void)
{
    const size_t m = 300000, n = 7;
    CR_TEST_TRUE(m * n >= (size_t)CR__MCDA_PAR_CELLS);
    size_t *comp = malloc(m * sizeof *comp);
    double *x = malloc(m * n * sizeof *x);
    double *s[3], *q[3];
    uint64_t st = 42;
    for (size_t k = 0; k < m * n; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;   /* PCG-style LCG, fixed seed */
        x[k] = (double)(st >> 11) / 9007199254740992.0 * 1000.0;
    }
    const int t[7] = {1, -1, 1, 1, -1, 1, -1};
    const double w[7] = {0.2, 0.1, 0.15, 0.05, 0.2, 0.2, 0.1};
    const int nts[3] = {1, 2, 8};
    for (int r = 0; r < 3; r++) {
        s[r] = malloc(m * sizeof(double));
        q[r] = malloc(3 * m * sizeof(double));
        omp_set_num_threads(nts[r]);
        CR_TEST_OK(cr_mcda_topsis(ctx, m, n, x, t, w, CR_NORM_VECTOR, s[r]));
        cr_mcda_vikor_out o = {q[r], q[r] + m, q[r] + 2 * m, comp, 0, 0, 0};
        CR_TEST_OK(cr_mcda_vikor(ctx, m, n, x, t, w, CR_NORM_NONE, 0.5, &o));
    }
    for (int r = 1; r < 3; r++) {
        CR_TEST_TRUE(memcmp(s[0], s[r], m * sizeof(double)) == 0);
        CR_TEST_TRUE(memcmp(q[0], q[r], 3 * m * sizeof(double)) == 0);
    }
    /* Also through the ctx thread setting. */
    cr_ctx_set_threads(ctx, 3);
    double *s3 = malloc(m * sizeof(double));
    CR_TEST_OK(cr_mcda_topsis(ctx, m, n, x, t, w, CR_NORM_VECTOR, s3));
    CR_TEST_TRUE(memcmp(s[0], s3, m * sizeof(double)) == 0);
    cr_ctx_set_threads(ctx, 0);
    free(s3);
    for (int r = 0; r < 3; r++) {
        free(s[r]);
        free(q[r]);
    }
    free(x);
    free(comp);
}

/* The registry (src/mcda/methods.c): ids in enum order, lookups by name,
 * unknown names refused with the known list, parameters, and the size check
 * of a pairwise method (a stand-in object: no shipped method is pairwise). */
static int fake_calls;
static cr_error_t fake_score(cr_ctx *c, size_t m, size_t n, const double *x, const int *types, const double *w,
                             const cr_mcda_params *prm, double *scores, void *detail)
{
    (void)c; (void)n; (void)x; (void)types; (void)w; (void)prm; (void)detail;
    for (size_t i = 0; i < m; i++) scores[i] = (double)i;
    fake_calls++;
    return CR_OK;
}

static void test_registry(void)
{
    for (int k = 0; k < CR_AGG_COUNT; k++) {
        const cr_mcda_method *m = cr_mcda_method_get((cr_aggregation)k);
        CR_TEST_TRUE(m && (int)m->id == k && m->score);
        CR_TEST_TRUE(cr_mcda_method_find(m->name) == m);
    }
    CR_TEST_TRUE(cr_mcda_method_get((cr_aggregation)CR_AGG_COUNT) == NULL);
    CR_TEST_STR(cr_mcda_method_names(), "wsm, topsis, vikor");
    CR_TEST_INT(cr_mcda_method_get(CR_AGG_VIKOR)->higher_is_better, 0);
    CR_TEST_INT(cr_mcda_method_get(CR_AGG_TOPSIS)->higher_is_better, 1);
    CR_TEST_INT(cr_mcda_method_get(CR_AGG_VIKOR)->default_norm, CR_NORM_NONE);
    const cr_mcda_method *m = NULL;
    CR_TEST_INT(cr_mcda_method_parse(ctx, "electre", &m), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "unknown method 'electre' (known: wsm, topsis, vikor)");
    CR_TEST_TRUE(m == NULL);
    CR_TEST_INT(cr_mcda_method_parse(ctx, "WSM", &m), CR_EINVAL);   /* names are case-sensitive */
    cr_mcda_weighting w;
    CR_TEST_INT(cr_mcda_weighting_parse(ctx, "magic", &w), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "unknown weighting method 'magic' (known: given, ahp, entropy, critic, std, equal)");
    for (int k = 0; k < CR_WEIGHT_COUNT; k++) {
        CR_TEST_OK(cr_mcda_weighting_parse(ctx, cr_mcda_weighting_name((cr_mcda_weighting)k), &w));
        CR_TEST_INT(w, k);
    }
    cr_mcda_norm nm;
    CR_TEST_INT(cr_mcda_norm_parse(ctx, "zscore", &nm), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "unknown normalization 'zscore' (known: minmax, vector, max, sum, none)");

    /* parameters: v is found for any method, defaults, range */
    const cr_mcda_param *v = cr_mcda_param_find("v");
    CR_TEST_TRUE(v != NULL && cr_mcda_param_find("q") == NULL);
    cr_mcda_params prm;
    cr_mcda_params_default(cr_mcda_method_get(CR_AGG_WSM), &prm);
    CR_TEST_INT(prm.norm, CR_NORM_MINMAX);
    CR_TEST_NEAR(prm.v, 0.5, 0);
    CR_TEST_INT(cr_mcda_param_set(ctx, v, 1.5, &prm), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "1.5 must be in [0, 1]");
    CR_TEST_OK(cr_mcda_param_set(ctx, v, 0.25, &prm));
    CR_TEST_NEAR(prm.v, 0.25, 0);

    /* the generic score is the method's own: VIKOR through the object = cr_mcda_vikor */
    const double x[] = {4, 4, 2, 8, 2, 9, 3, 5, 5, 2};
    const int types[] = {1, 1};
    const double wt[] = {0.5, 0.5};
    double q1[5], q2[5], S[5], R[5];
    size_t comp[5];
    cr_mcda_vikor_out vo = {S, R, q1, comp, 0, 0, 0};
    cr_mcda_params_default(cr_mcda_method_get(CR_AGG_VIKOR), &prm);
    CR_TEST_OK(cr_mcda_vikor(ctx, 5, 2, x, types, wt, CR_NORM_NONE, 0.5, &vo));
    CR_TEST_OK(cr_mcda_score(ctx, cr_mcda_method_get(CR_AGG_VIKOR), 5, 2, x, types, wt, &prm, q2, NULL));
    for (int i = 0; i < 5; i++) CR_TEST_TRUE(q1[i] == q2[i]);

    /* a pairwise method above its limit is refused before it runs */
    cr_mcda_method fake = *cr_mcda_method_get(CR_AGG_WSM);
    fake.name = "pairs";
    fake.pairwise = 1;
    fake.max_alternatives = 4;
    fake.score = fake_score;
    double sc[5];
    fake_calls = 0;
    CR_TEST_INT(cr_mcda_score(ctx, &fake, 5, 2, x, types, wt, &prm, sc, NULL), CR_EREFUSED);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "pairs compares alternatives in pairs (O(m^2)): 5 alternatives exceed its limit of 4");
    CR_TEST_INT(fake_calls, 0);
    CR_TEST_OK(cr_mcda_score(ctx, &fake, 4, 2, x, types, wt, &prm, sc, NULL));
    CR_TEST_INT(fake_calls, 1);

    /* SMAA takes a method id: one outside the registry is refused, never mapped */
    cr_smaa_params sp;
    cr_smaa_params_default(&sp);
    sp.samples = 10;
    sp.method = (cr_aggregation)CR_AGG_COUNT;
    cr_smaa_result *res = NULL;
    CR_TEST_INT(cr_smaa_run(ctx, 5, 2, x, types, &sp, &res), CR_EINVAL);
    CR_TEST_TRUE(res == NULL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "method: unknown (3; known: wsm, topsis, vikor)");
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_ahp();
    test_ahp_options();
    test_objective_weights();
    test_weights_shift();
    test_one_pass_forms();
    test_normalize();
    test_wsm_topsis();
    test_vikor();
    test_threads();
    test_registry();
    cr_ctx_free(ctx);
    return cr_test_done();
}
