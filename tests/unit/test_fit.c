/* Binary logit (src/fit): a 2 x 2 table solved by hand, published and R
 * reference fits, the ridge optimum and shrinkage, separation, bad input, the
 * King & Zeng prior correction on a subsampled simulation, thread-count
 * invariance and the stable link. */
#include "cr_test.h"
#include <chainrank/chainrank.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

static cr_ctx *ctx;

static int has(const char *s, const char *sub) { return s && strstr(s, sub) != NULL; }

/* 2 x 2 table with one binary covariate x: counts of (x, y) rows
 * n00 = 7, n01 = 13, n10 = 11, n11 = 5. The MLE of logit P(y=1|x) = b0 + b1 x
 * reproduces the observed rates, so (Agresti, Categorical Data Analysis, 2nd
 * ed., sections 2.3.3 and 5.3.5):
 *   b0 = ln(n01/n00), b1 = ln(n00 n11 / (n01 n10)),
 *   SE(b1) = sqrt(1/n00 + 1/n01 + 1/n10 + 1/n11), SE(b0) = sqrt(1/n00 + 1/n01),
 *   loglik = sum over cells of n ln(cell's fitted probability). */
static void test_two_by_two(void)
{
    const int n00 = 7, n01 = 13, n10 = 11, n11 = 5, n = n00 + n01 + n10 + n11;
    double X[2 * 36], y[36];
    int i = 0;
    for (int c = 0; c < n00; c++, i++) { X[2 * i] = 1; X[2 * i + 1] = 0; y[i] = 0; }
    for (int c = 0; c < n10; c++, i++) { X[2 * i] = 1; X[2 * i + 1] = 1; y[i] = 0; }
    for (int c = 0; c < n01; c++, i++) { X[2 * i] = 1; X[2 * i + 1] = 0; y[i] = 1; }
    for (int c = 0; c < n11; c++, i++) { X[2 * i] = 1; X[2 * i + 1] = 1; y[i] = 1; }
    CR_TEST_INT(i, n);

    const double b0 = log(13.0 / 7.0), b1 = log(7.0 * 5.0 / (13.0 * 11.0));
    const double se1 = sqrt(1.0 / 7 + 1.0 / 13 + 1.0 / 11 + 1.0 / 5), se0 = sqrt(1.0 / 7 + 1.0 / 13);
    const double ll = 13 * log(13.0 / 20) + 7 * log(7.0 / 20) + 5 * log(5.0 / 16) + 11 * log(11.0 / 16);
    const double ll0 = 36 * log(0.5);   /* 18 ones of 36 */

    cr_logit_result *r = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, (size_t)n, 2, 0, NULL, &r));
    if (!r) return;
    CR_TEST_NEAR(r->beta[0], b0, 1e-9);
    CR_TEST_NEAR(r->beta[1], b1, 1e-9);
    CR_TEST_NEAR(r->se[0], se0, 1e-9);
    CR_TEST_NEAR(r->se[1], se1, 1e-9);
    CR_TEST_NEAR(r->cov[1], -1.0 / 7 - 1.0 / 13, 1e-9);   /* Cov(b0, b1) = -Var(b0) */
    CR_TEST_NEAR(r->cov[1], r->cov[2], 0);
    CR_TEST_NEAR(r->loglik, ll, 1e-9);
    CR_TEST_NEAR(r->loglik_null, ll0, 1e-12);
    CR_TEST_NEAR(r->pseudo_r2, 1 - ll / ll0, 1e-9);
    CR_TEST_NEAR(r->ybar, 0.5, 0);
    CR_TEST_NEAR(r->wsum, 36, 0);
    CR_TEST_TRUE(r->converged && r->iterations >= 2 && r->iterations <= 10);
    const double x0[2] = {1, 0}, x1[2] = {1, 1};
    CR_TEST_NEAR(cr_logit_predict(r, x0), 13.0 / 20, 1e-12);
    CR_TEST_NEAR(cr_logit_predict(r, x1), 5.0 / 16, 1e-12);
    CR_TEST_NEAR(cr_logit_eta(r, x1), b0 + b1, 1e-9);

    /* The same table as 4 weighted rows. */
    const double Xw[8] = {1, 0, 1, 1, 1, 0, 1, 1}, yw[4] = {0, 0, 1, 1}, ww[4] = {7, 11, 13, 5};
    cr_logit_result *rw = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, Xw, yw, ww, 4, 2, 0, NULL, &rw));
    if (rw) {
        for (int j = 0; j < 2; j++) {
            CR_TEST_NEAR(rw->beta[j], r->beta[j], 1e-12);
            CR_TEST_NEAR(rw->se[j], r->se[j], 1e-12);
        }
        CR_TEST_NEAR(rw->loglik, ll, 1e-9);
        CR_TEST_NEAR(rw->loglik_null, ll0, 1e-12);
        CR_TEST_NEAR(rw->wsum, 36, 0);
    }
    /* The same table as 2 rows of proportions with the trials as weights. */
    const double Xp[4] = {1, 0, 1, 1}, yp[2] = {13.0 / 20, 5.0 / 16}, wp[2] = {20, 16};
    cr_logit_result *rp = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, Xp, yp, wp, 2, 2, 0, NULL, &rp));
    if (rp) {
        CR_TEST_NEAR(rp->beta[1], b1, 1e-9);
        CR_TEST_NEAR(rp->se[1], se1, 1e-9);
        CR_TEST_NEAR(rp->loglik, ll, 1e-9);
    }
    cr_logit_result_free(r);
    cr_logit_result_free(rw);
    cr_logit_result_free(rp);

    /* A rare-event table, n00 = 999, n01 = 1, n10 = 1, n11 = 9: from the null start
     * (logit of 10/1010, slope 0) the full Newton step overshoots and the next lands where
     * the x = 1 rows have p (1 - p) ~ 0 (a step ~10^15 long): only step halving reaches
     * the MLE, which is still the table's exact log odds. */
    const double yr[4] = {0, 0, 1, 1}, wr[4] = {999, 1, 1, 9};
    CR_TEST_OK(cr_logit_fit(ctx, Xw, yr, wr, 4, 2, 0, NULL, &r));
    if (r) {
        CR_TEST_NEAR(r->beta[0], log(1.0 / 999), 1e-9);
        CR_TEST_NEAR(r->beta[1], log(999.0 * 9), 1e-9);
        CR_TEST_NEAR(r->se[1], sqrt(1.0 / 999 + 1 + 1 + 1.0 / 9), 1e-9);
        CR_TEST_TRUE(r->halvings > 0);
        cr_logit_result_free(r);
    }
}

/* Challenger O-rings (Dalal, Fowlkes & Hoadley 1989), as faraway::orings:
 * launch temperature (F) and damaged O-rings out of 6. */
static const double ORING_T[23] = {53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70,
                                   70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81};
static const double ORING_D[23] = {5, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0};

/* Saturated log-likelihood sum w [y ln y + (1-y) ln(1-y)], for deviances. */
static double loglik_sat(const double *y, const double *w, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] > 0) s += w[i] * y[i] * log(y[i]);
        if (y[i] < 1) s += w[i] * (1 - y[i]) * log(1 - y[i]);
    }
    return s;
}

static void test_orings(void)
{
    double X[46], y[23], w[23], yb[23];
    for (int i = 0; i < 23; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = ORING_T[i];
        y[i] = ORING_D[i] / 6;
        w[i] = 6;
        yb[i] = ORING_D[i] > 0;
    }
    /* Faraway, "Extending the Linear Model with R" (2006), section 2.1:
     * glm(cbind(damage, 6-damage) ~ temp, family = binomial, orings) prints
     * 11.66299 (3.29626), -0.21623 (0.05318), residual deviance 16.912 on 21 df,
     * null deviance 38.898 on 22 df. Full digits from R 4.2.2 (run once, locally, with
     * control = glm.control(epsilon = 1e-15, maxit = 100); options(digits = 17);
     * summary(f)$coefficients; deviance(f); f$null.deviance). The tight epsilon matters for
     * the SEs: glm.fit takes them from the IRLS weights of its last iteration, i.e. at the
     * previous iterate, so at R's default epsilon = 1e-8 they differ from the SEs at the
     * optimum in the 8th digit (se(temp) 0.0531770305782 there, 0.0531770332483 here). */
    cr_logit_result *r = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, w, 23, 2, 0, NULL, &r));
    if (r) {
        CR_TEST_NEAR(r->beta[0], 11.66298969526529561, 1e-9);
        CR_TEST_NEAR(r->beta[1], -0.21623366411366315, 1e-11);
        CR_TEST_NEAR(r->se[0], 3.296263289377781458, 1e-9);
        CR_TEST_NEAR(r->se[1], 0.053177033248323784, 1e-11);
        CR_TEST_NEAR(r->beta[0], 11.66299, 5e-6);        /* the book's rounding */
        CR_TEST_NEAR(r->se[1], 0.05318, 5e-6);
        const double sat = loglik_sat(y, w, 23);
        CR_TEST_NEAR(2 * (sat - r->loglik), 16.912278528864853, 1e-10);
        CR_TEST_NEAR(2 * (sat - r->loglik_null), 38.897659596572581, 1e-10);
        cr_logit_result_free(r);
    }
    /* The binary version (any damage), R 4.2.2: glm(fail ~ temp, family = binomial,
     * control = glm.control(epsilon = 1e-15, maxit = 100)) with fail = as.numeric(damage > 0):
     * coefficients, vcov(f), logLik(f). */
    CR_TEST_OK(cr_logit_fit(ctx, X, yb, NULL, 23, 2, 0, NULL, &r));
    if (r) {
        CR_TEST_NEAR(r->beta[0], 15.04290164770242733, 1e-9);
        CR_TEST_NEAR(r->beta[1], -0.23216274421859631, 1e-11);
        CR_TEST_NEAR(r->se[0], 7.37863638491124174, 1e-9);
        CR_TEST_NEAR(r->se[1], 0.10823652164920715, 1e-11);
        CR_TEST_NEAR(r->cov[1], -0.796386825318241232, 1e-10);
        CR_TEST_NEAR(r->loglik, -10.157596343933417, 1e-11);
        CR_TEST_NEAR(-2 * r->loglik_null, 28.2671527342935, 1e-9);
        cr_logit_result_free(r);
    }
    /* max_iter too small: an error, never a half-fitted result. */
    cr_logit_opts o;
    cr_logit_opts_default(&o);
    o.max_iter = 2;
    r = (cr_logit_result *)&o;   /* must be overwritten with NULL */
    CR_TEST_INT(cr_logit_fit(ctx, X, yb, NULL, 23, 2, 0, &o, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "no convergence in 2 iterations"));
}

/* R's infert data (datasets package; Trichopoulos et al. 1976): 248 women,
 * the first 83 cases. The example of R's ?glm:
 * glm(case ~ spontaneous + induced, data = infert, family = binomial()). */
static const unsigned char INF_SPONT[248] = {
    2,0,0,0,1,1,0,0,1,0,0,1,0,0,1,0,1,1,1,1,1,0,2,1,1,2,2,2,2,0,1,0,0,2,0,2,1,2,0,1,2,0,0,1,0,0,2,0,0,2,
    2,2,1,1,2,2,0,2,1,2,2,1,1,2,0,1,1,2,2,0,0,1,1,2,2,1,1,0,1,1,0,1,1,0,0,0,1,0,1,0,0,1,1,0,1,0,1,0,0,2,
    0,1,0,0,0,0,0,1,0,0,0,2,1,0,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0,0,1,0,0,1,1,1,0,0,0,1,0,0,0,0,0,0,0,1,0,1,
    0,1,0,0,0,1,2,0,0,0,0,0,0,1,1,0,0,0,2,0,2,0,1,0,1,1,1,0,2,0,0,2,0,1,0,0,0,0,1,2,0,0,0,1,1,0,0,0,0,0,
    0,0,0,1,0,0,0,0,0,0,1,0,0,0,0,0,1,0,1,1,1,0,0,0,0,0,0,0,0,2,0,0,0,2,0,0,0,0,2,1,0,1,1,1,0,0,1,1};
static const unsigned char INF_INDUC[248] = {
    1,1,2,2,1,2,0,0,0,0,1,2,1,2,1,2,2,0,2,0,0,2,0,0,1,0,0,0,1,2,0,1,1,0,1,0,0,1,0,0,0,0,0,1,0,1,0,2,2,0,
    1,1,1,0,0,0,1,0,0,0,0,0,0,0,1,0,0,1,0,1,1,0,0,0,0,0,0,1,0,0,2,0,0,2,0,2,0,2,1,0,2,0,0,0,1,0,0,1,1,0,
    0,0,0,0,0,0,0,0,0,0,0,0,1,0,1,1,0,0,0,0,2,0,1,1,0,0,0,1,0,1,2,1,1,2,1,1,1,1,1,1,2,1,1,2,1,0,0,0,0,0,
    2,1,0,1,0,0,0,0,2,0,0,0,0,0,0,2,0,2,0,0,0,0,0,1,0,0,0,0,0,1,0,1,1,1,1,0,0,2,0,0,0,0,0,2,1,0,0,0,2,0,
    0,0,2,0,0,0,0,0,0,0,0,1,2,1,1,2,2,2,0,1,0,2,1,0,1,1,1,0,1,0,1,0,2,0,1,0,1,0,0,1,1,0,0,0,0,2,0,0};

static void infert_design(double *X, double *y)
{
    for (int i = 0; i < 248; i++) {
        X[3 * i] = 1;
        X[3 * i + 1] = INF_SPONT[i];
        X[3 * i + 2] = INF_INDUC[i];
        y[i] = i < 83;
    }
}

static void test_infert(void)
{
    static double X[3 * 248], y[248];
    infert_design(X, y);
    /* R 4.2.2 with control = glm.control(epsilon = 1e-15, maxit = 100) (see test_orings
     * for why): summary(f)$coefficients, vcov(f), logLik(f), f$null.deviance. */
    static const double beta[3] = {-1.70786007135977291, 1.19720503529307387, 0.41812939504778163};
    static const double se[3] = {0.26770948368822856, 0.21164328462721010, 0.20562745649713038};
    static const double cov[9] = {0.071668367656617910, -0.040463137954307504, -0.036678763865158275,
                                  -0.040463137954307504, 0.044792879927794266, 0.015565810945359736,
                                  -0.036678763865158275, 0.015565810945359736, 0.042282650865479249};
    cr_logit_result *r = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, 248, 3, 0, NULL, &r));
    if (!r) return;
    for (int j = 0; j < 3; j++) {
        CR_TEST_NEAR(r->beta[j], beta[j], 1e-12);
        CR_TEST_NEAR(r->se[j], se[j], 1e-12);
    }
    for (int j = 0; j < 9; j++) CR_TEST_NEAR(r->cov[j], cov[j], 1e-13);
    CR_TEST_NEAR(r->loglik, -139.80598941689104, 1e-11);
    CR_TEST_NEAR(-2 * r->loglik_null, 316.171110816404, 1e-9);
    CR_TEST_NEAR(r->pseudo_r2, 1 - 139.805989416891 / (316.171110816404 / 2), 1e-11);

    /* Weight 2 is the row twice: rows 5, 100 and 247 doubled. */
    static double X2[3 * 251], y2[251], w[248];
    memcpy(X2, X, sizeof X);
    memcpy(y2, y, sizeof y);
    const int dup[3] = {5, 100, 247};
    for (int i = 0; i < 248; i++) w[i] = 1;
    for (int d = 0; d < 3; d++) {
        memcpy(X2 + 3 * (248 + d), X + 3 * dup[d], 3 * sizeof *X);
        y2[248 + d] = y[dup[d]];
        w[dup[d]] = 2;
    }
    cr_logit_result *ra = NULL, *rb = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X2, y2, NULL, 251, 3, 0, NULL, &ra));
    CR_TEST_OK(cr_logit_fit(ctx, X, y, w, 248, 3, 0, NULL, &rb));
    if (ra && rb) {
        for (int j = 0; j < 3; j++) {
            CR_TEST_NEAR(ra->beta[j], rb->beta[j], 1e-12);
            CR_TEST_NEAR(ra->se[j], rb->se[j], 1e-12);
            CR_TEST_TRUE(fabs(ra->beta[j] - r->beta[j]) > 1e-4);   /* the doubling mattered */
        }
        CR_TEST_NEAR(ra->loglik, rb->loglik, 1e-10);
        CR_TEST_NEAR(ra->loglik_null, rb->loglik_null, 1e-10);
        CR_TEST_NEAR(rb->wsum, 251, 0);
    }
    cr_logit_result_free(ra);
    cr_logit_result_free(rb);
    cr_logit_result_free(r);
}

/* Gradient of the penalised log-likelihood at beta, X'W(y - p) - ridge P beta,
 * and the penalised information X'VX + ridge P, computed here independently. */
static void penalised_grad_info(const double *X, const double *y, const double *w, size_t n, int k, int ic,
                                double ridge, const double *beta, double *g, double *H)
{
    for (int a = 0; a < k; a++) {
        g[a] = a == ic ? 0 : -ridge * beta[a];
        for (int b = 0; b < k; b++) H[a * k + b] = (a == b && a != ic) ? ridge : 0;
    }
    for (size_t i = 0; i < n; i++) {
        double eta = 0;
        for (int j = 0; j < k; j++) eta += X[i * k + j] * beta[j];
        const double p = 1 / (1 + exp(-eta)), wi = w ? w[i] : 1;
        for (int a = 0; a < k; a++) {
            g[a] += wi * (y[i] - p) * X[i * k + a];
            for (int b = 0; b < k; b++) H[a * k + b] += wi * p * (1 - p) * X[i * k + a] * X[i * k + b];
        }
    }
}

static void test_ridge(void)
{
    static double X[3 * 248], y[248];
    infert_design(X, y);
    const double lambdas[6] = {0, 0.5, 2, 10, 50, 1e5};
    double prev_norm = INFINITY;
    for (int l = 0; l < 6; l++) {
        cr_logit_opts o;
        cr_logit_opts_default(&o);
        o.ridge = lambdas[l];
        cr_logit_result *r = NULL;
        CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, 248, 3, 0, &o, &r));
        if (!r) continue;
        double g[3], H[9];
        penalised_grad_info(X, y, NULL, 248, 3, 0, o.ridge, r->beta, g, H);
        for (int j = 0; j < 3; j++) CR_TEST_NEAR(g[j], 0, 1e-8);
        /* cov is the inverse of the penalised information: H cov = I. */
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int c = 0; c < 3; c++) s += H[a * 3 + c] * r->cov[c * 3 + b];
                CR_TEST_NEAR(s, a == b, 1e-9);
            }
        /* The penalised coefficients' norm falls strictly as the ridge grows. */
        const double norm = sqrt(r->beta[1] * r->beta[1] + r->beta[2] * r->beta[2]);
        CR_TEST_TRUE(norm < prev_norm);
        prev_norm = norm;
        /* A large ridge pushes the slopes to ~0; the unpenalised intercept then tends to the
         * null model's logit(ybar) (its gradient, sum (y - p), is checked zero above). */
        if (l == 5) {
            CR_TEST_TRUE(norm < 0.01);
            CR_TEST_NEAR(r->beta[0], log(83.0 / 165.0), 0.01);
        }
        cr_logit_result_free(r);
    }
}

static void test_separation(void)
{
    /* Complete: y = 1 exactly when x > 5.5. */
    double X[2 * 12], y[12];
    for (int i = 0; i < 10; i++) {
        X[2 * i] = 1;
        X[2 * i + 1] = i + 1;
        y[i] = i + 1 > 5;
    }
    cr_logit_result *r = NULL;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 10, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "separate"));
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "ridge > 0"));

    /* The ridge makes the maximum finite: the penalised gradient is 0 there. */
    cr_logit_opts o;
    cr_logit_opts_default(&o);
    o.ridge = 0.1;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, 10, 2, 0, &o, &r));
    if (r) {
        double g[2], H[4];
        CR_TEST_TRUE(isfinite(r->beta[0]) && isfinite(r->beta[1]) && r->beta[1] > 0);
        CR_TEST_TRUE(isfinite(r->se[1]) && r->se[1] > 0);
        penalised_grad_info(X, y, NULL, 10, 2, 0, o.ridge, r->beta, g, H);
        CR_TEST_NEAR(g[0], 0, 1e-8);
        CR_TEST_NEAR(g[1], 0, 1e-8);
        /* The boundary x = 5.5 is where the fitted probability crosses 1/2 (symmetric data). */
        const double xm[2] = {1, 5.5};
        CR_TEST_NEAR(cr_logit_predict(r, xm), 0.5, 1e-9);
        cr_logit_result_free(r);
        r = NULL;
    }

    /* Quasi-complete: at x = 5 both outcomes, elsewhere separated. */
    X[20] = 1; X[21] = 5; y[10] = 1;
    X[22] = 1; X[23] = 5; y[11] = 0;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 12, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "separate"));

    /* Collinear columns (x and 2x): a singular information matrix, named as such. */
    static double Xc[3 * 248], Xi[3 * 248], yi[248];
    infert_design(Xi, yi);
    for (int i = 0; i < 248; i++) {
        Xc[3 * i] = 1;
        Xc[3 * i + 1] = Xi[3 * i + 1];
        Xc[3 * i + 2] = 2 * Xi[3 * i + 1];
    }
    CR_TEST_INT(cr_logit_fit(ctx, Xc, yi, NULL, 248, 3, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "singular"));
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "collinear"));
    /* ... which a ridge resolves: the two columns then share the effect 1:2. */
    CR_TEST_OK(cr_logit_fit(ctx, Xc, yi, NULL, 248, 3, 0, &o, &r));
    if (r) CR_TEST_NEAR(r->beta[2], 2 * r->beta[1], 1e-9);
    cr_logit_result_free(r);
}

static void test_bad_input(void)
{
    double X[6] = {1, 0.5, 1, 1.5, 1, 2.5}, y[3] = {0, 1, 1}, w[3] = {1, 1, 1};
    cr_logit_result *r = NULL;
    cr_logit_opts o;

    X[3] = NAN;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "logit: row 1, column 1: X = nan; every entry must be finite");
    X[3] = INFINITY;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "row 1, column 1: X = inf"));
    X[3] = 1.5;

    y[2] = 1.5;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "logit: row 2: y = 1.5; outcomes must be in [0, 1]");
    y[2] = -0.1;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "row 2: y = -0.1"));
    y[2] = NAN;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "row 2: y = nan"));
    y[2] = 1;

    w[1] = 0;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, w, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "logit: row 1: weight = 0; weights must be finite and > 0");
    w[1] = INFINITY;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, w, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "row 1: weight = inf"));

    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 1, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "logit: 1 rows for 2 coefficients; at least as many rows as columns are needed");
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 0, -1, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "k = 0 columns"));
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 2, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "intercept column 2"));
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 1, NULL, &r), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "logit: row 0, column 1: X = 0.5; the intercept column must be all 1");

    const double y0[3] = {0, 0, 0};
    CR_TEST_INT(cr_logit_fit(ctx, X, y0, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "every outcome is 0"));

    cr_logit_opts_default(&o);
    o.ridge = -1;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, &o, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "ridge = -1"));
    cr_logit_opts_default(&o);
    o.tol = 0;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, &o, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "tol = 0"));
    cr_logit_opts_default(&o);
    o.max_iter = 0;
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, &o, &r), CR_EINVAL);
    CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "max_iter = 0"));
    CR_TEST_INT(cr_logit_fit(ctx, NULL, y, NULL, 3, 2, 0, NULL, &r), CR_EINVAL);
    CR_TEST_INT(cr_logit_fit(ctx, X, y, NULL, 3, 2, 0, NULL, NULL), CR_EINVAL);
    CR_TEST_TRUE(r == NULL);
}

/* King & Zeng's prior correction. A population of N rows from a rare-event
 * model (about 2 % events); the sample keeps every event and each non-event
 * with probability s = 0.05 (gsl's mt19937, seed 20250613, so the same draw
 * every run). Fitted on the sample, the slope is consistent but the intercept
 * is off by about ln(s) = -3.0; corrected, it is within sampling error of the
 * full-data fit. */
static void test_prior_correction(void)
{
    enum { N = 200000 };
    const double b0 = -4.5, b1 = 1.0, s = 0.05;
    double *X = malloc(2 * N * sizeof *X), *y = malloc(N * sizeof *y);
    double *Xs = malloc(2 * N * sizeof *Xs), *ys = malloc(N * sizeof *ys);
    if (!X || !y || !Xs || !ys) { CR_TEST_TRUE(0); goto out; }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20250613);
    size_t m = 0, neg = 0, neg_s = 0;
    for (size_t i = 0; i < N; i++) {
        const double x = gsl_ran_gaussian(rng, 1.0);
        X[2 * i] = 1;
        X[2 * i + 1] = x;
        y[i] = gsl_rng_uniform(rng) < 1 / (1 + exp(-(b0 + b1 * x)));
        const double u = gsl_rng_uniform(rng);   /* drawn for every row: the stream does not depend on y */
        if (y[i] == 0) neg++;
        if (y[i] == 1 || u < s) {
            Xs[2 * m] = 1;
            Xs[2 * m + 1] = x;
            ys[m++] = y[i];
            if (y[i] == 0) neg_s++;
        }
    }
    gsl_rng_free(rng);

    cr_logit_result *full = NULL, *sub = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, N, 2, 0, NULL, &full));
    CR_TEST_OK(cr_logit_fit(ctx, Xs, ys, NULL, m, 2, 0, NULL, &sub));
    if (full && sub) {
        const double tau = full->ybar, uncorrected = sub->beta[0], slope = sub->beta[1];
        CR_TEST_TRUE(tau > 0.01 && tau < 0.03 && sub->ybar > 0.2);
        CR_TEST_NEAR(full->beta[0], b0, 0.1);
        CR_TEST_TRUE(fabs(uncorrected - full->beta[0]) > 2.5);   /* the bias the correction removes */
        CR_TEST_OK(cr_logit_prior_correct(ctx, sub, tau, sub->ybar));
        /* Exactly the log of the realised sampling rate of non-events:
         * ((1 - tau)/tau) (ybar/(1 - ybar)) = (neg/pos) (pos/neg_s). */
        CR_TEST_NEAR(sub->prior_shift, log((double)neg_s / (double)neg), 1e-12);
        CR_TEST_NEAR(sub->beta[0], uncorrected + sub->prior_shift, 0);
        CR_TEST_NEAR(sub->beta[1], slope, 0);
        /* Within 3 standard errors (the subsample's SE of the intercept, ~0.03). */
        CR_TEST_NEAR(sub->beta[0], full->beta[0], 3 * sub->se[0]);
        CR_TEST_NEAR(sub->beta[1], full->beta[1], 3 * sub->se[1]);

        CR_TEST_INT(cr_logit_prior_correct(ctx, sub, 0, 0.3), CR_EINVAL);
        CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "tau = 0"));
        CR_TEST_INT(cr_logit_prior_correct(ctx, sub, 0.1, NAN), CR_EINVAL);
        CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "ybar = nan"));
        sub->intercept_col = -1;
        CR_TEST_INT(cr_logit_prior_correct(ctx, sub, 0.1, 0.3), CR_EINVAL);
        CR_TEST_TRUE(has(cr_ctx_errmsg(ctx), "no intercept"));
        sub->intercept_col = 0;
    }
    cr_logit_result_free(full);
    cr_logit_result_free(sub);
out:
    free(X); free(y); free(Xs); free(ys);
}

/* 60,000 rows (15 ranges of 4,096) and 5 columns: the same bits for 1, 2 and
 * 3 threads. */
static void test_threads(void)
{
    enum { N = 60000, K = 5 };
    double *X = malloc((size_t)N * K * sizeof *X), *y = malloc(N * sizeof *y), *w = malloc(N * sizeof *w);
    if (!X || !y || !w) { CR_TEST_TRUE(0); goto out; }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    for (size_t i = 0; i < N; i++) {
        double eta = -1.0;
        X[i * K] = 1;
        for (int j = 1; j < K; j++) {
            X[i * K + j] = gsl_ran_gaussian(rng, 1.0) * j;
            eta += X[i * K + j] * 0.3 / j * (j % 2 ? 1 : -1);
        }
        y[i] = gsl_rng_uniform(rng) < 1 / (1 + exp(-eta));
        w[i] = 0.5 + gsl_rng_uniform(rng);
    }
    gsl_rng_free(rng);
    cr_logit_opts o;
    cr_logit_opts_default(&o);
    o.ridge = 0.25;
    cr_logit_result *r[3] = {NULL, NULL, NULL};
    for (int t = 0; t < 3; t++) {
        cr_ctx_set_threads(ctx, t + 1);
        CR_TEST_OK(cr_logit_fit(ctx, X, y, w, N, K, 0, &o, &r[t]));
    }
    cr_ctx_set_threads(ctx, 0);
    for (int t = 1; t < 3; t++)
        if (r[0] && r[t]) {
            CR_TEST_TRUE(!memcmp(r[0]->beta, r[t]->beta, K * sizeof(double)));
            CR_TEST_TRUE(!memcmp(r[0]->cov, r[t]->cov, K * K * sizeof(double)));
            CR_TEST_TRUE(!memcmp(&r[0]->loglik, &r[t]->loglik, sizeof(double)));
            CR_TEST_INT(r[0]->iterations, r[t]->iterations);
        }
    if (r[0]) {
        double g[K], H[K * K];
        penalised_grad_info(X, y, w, N, K, 0, o.ridge, r[0]->beta, g, H);
        for (int j = 0; j < K; j++) CR_TEST_NEAR(g[j], 0, 1e-8);
    }
    for (int t = 0; t < 3; t++) cr_logit_result_free(r[t]);
out:
    free(X); free(y); free(w);
}

/* The link for extreme linear predictors: no overflow, no NaN, full relative
 * accuracy in the tail. */
static void test_predict_extremes(void)
{
    double beta[1] = {1};
    cr_logit_result r;
    memset(&r, 0, sizeof r);
    r.k = 1;
    r.beta = beta;
    const double xs[6] = {800, -800, 40, -40, 0, -745};
    CR_TEST_NEAR(cr_logit_predict(&r, &xs[0]), 1, 0);
    CR_TEST_NEAR(cr_logit_predict(&r, &xs[1]), 0, 0);
    CR_TEST_NEAR(cr_logit_predict(&r, &xs[2]), 1, 0);
    CR_TEST_NEAR(cr_logit_predict(&r, &xs[3]) / exp(-40), 1, 1e-15);
    CR_TEST_NEAR(cr_logit_predict(&r, &xs[4]), 0.5, 0);
    CR_TEST_TRUE(cr_logit_predict(&r, &xs[5]) > 0);   /* exp(-745) is subnormal, not 0/0 */

    /* Covariates of +-1000: the first Newton step from 0 overshoots to |eta| ~ 10^3
     * (where a naive log(1 + exp(eta)) is inf), so the step must be halved back.
     * R 4.2.2: x <- c(-1000,-999,999,1000); y <- c(0,1,0,1);
     * glm(y ~ x, family = binomial, control = glm.control(epsilon = 1e-15, maxit = 100)). */
    double X[8] = {1, -1000, 1, -999, 1, 999, 1, 1000}, y[4] = {0, 1, 0, 1};
    cr_logit_result *f = NULL;
    CR_TEST_OK(cr_logit_fit(ctx, X, y, NULL, 4, 2, 0, NULL, &f));
    if (f) {
        CR_TEST_NEAR(f->beta[0], 0, 1e-12);
        CR_TEST_NEAR(f->beta[1], 1.0010005834994944e-06, 1e-18);
        CR_TEST_NEAR(f->loglik, -2.7725882217395101, 1e-14);
    }
    cr_logit_result_free(f);
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_two_by_two();
    test_orings();
    test_infert();
    test_ridge();
    test_separation();
    test_bad_input();
    test_prior_correction();
    test_threads();
    test_predict_extremes();
    cr_ctx_free(ctx);
    return cr_test_done();
}
