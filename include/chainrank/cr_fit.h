/* chainrank fit: a binary logit (logistic regression) fitted by maximum
 * likelihood, optionally ridge-penalised, with the prior correction for
 * case-control sampling. The numerical core of the landing-likelihood model
 * (issue 13): generic, it knows nothing of parks or enterprises.
 *
 * Model: P(y_i = 1 | x_i) = 1 / (1 + exp(-x_i . beta)). The caller builds the
 * design matrix, including a column of 1s for the intercept if it wants one,
 * and says which column that is. Formulas, the algorithm and their sources:
 * docs/likelihood-fit.md.
 *
 * Determinism: the sums over rows are taken in fixed chunks of rows combined
 * in chunk order, so every output is bitwise identical for any thread count
 * (cr_ctx_threads). */
#ifndef CR_FIT_H
#define CR_FIT_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    double ridge;        /* lambda >= 0: penalty lambda/2 * sum over j != intercept of beta_j^2; default 0.
                          * Acts on the coefficients as given: standardise the columns first if their
                          * scales differ, or the penalty is uneven. */
    int max_iter;        /* >= 1 Newton iterations; default 50 */
    double tol;          /* > 0; converged when |dbeta_j| <= tol * (1 + |beta_j|) for every j and the
                          * penalised log-likelihood changed by <= tol * (1 + |Q|); default 1e-10 */
    double rcond_min;    /* >= 0; the (scaled) information matrix is called singular when its
                          * reciprocal condition number (1-norm) is below this; default 1e-12 */
} cr_logit_opts;

CR_PUBLIC(void) cr_logit_opts_default(cr_logit_opts *o);

typedef struct {
    /* read-only */
    int k;               /* coefficients, the intercept column included if the caller supplied one */
    int intercept_col;   /* as passed to cr_logit_fit: 0..k-1, or -1 for none */
    double *beta;        /* [k] estimates (the intercept as corrected by cr_logit_prior_correct, if called) */
    double *se;          /* [k] sqrt(diag(cov)) */
    double *cov;         /* [k*k] row-major inverse of the (penalised) information matrix at beta */
    double loglik;       /* weighted log-likelihood at the fitted beta, without the penalty */
    double loglik_null;  /* intercept-only model's log-likelihood, same weights (its MLE is the weighted
                          * mean of y, in closed form) */
    double pseudo_r2;    /* McFadden: 1 - loglik / loglik_null */
    double ybar;         /* weighted mean of y in the fitted sample (the ybar of the prior correction) */
    double wsum;         /* sum of the weights (n without weights) */
    double prior_shift;  /* total added to the intercept by cr_logit_prior_correct; 0 if never called */
    int iterations;      /* Newton iterations taken */
    int halvings;        /* step halvings over all iterations (0 when every full Newton step was taken) */
    int converged;       /* always 1 in a returned result: a fit that did not converge is an error */
} cr_logit_result;

/**
 * cr_logit_fit - maximum (penalised) likelihood binary logit by Newton-Raphson (= IRLS).
 * \param X  n x k row-major design matrix, finite.
 * \param y  [n] outcomes in [0, 1] (0/1, or a proportion with w the number of trials).
 * \param w  [n] case weights, finite and > 0; NULL = all 1. Weight 2 is the same as the row twice.
 * \param n  rows, >= k.
 * \param k  columns, >= 1.
 * \param intercept_col  the column of 1s (checked: every entry exactly 1), not penalised; -1 for none.
 * \param opts  NULL = cr_logit_opts_default.
 * \param out  receives the result (free with cr_logit_result_free), NULL on any failure.
 * Each Newton step solves the k x k system by Cholesky (GSL) on the information matrix scaled to unit
 * diagonal; a step that lowers the penalised log-likelihood is halved until it does not, or until it is
 * negligible (then an error unless the full step already was: converged).
 * Errors: CR_EINVAL with a message for bad input (NaN/Inf, y outside [0,1], w <= 0, k < 1, n < k, a bad
 * intercept column, y constant, bad options) and for a fit with no estimate: a singular information
 * matrix (collinear columns), no convergence within max_iter, or a step that cannot be made to increase
 * the objective. With ridge 0 the maximum likelihood estimate does not exist when the covariates
 * separate the outcomes (completely or quasi-completely): that is reported as an error naming separation
 * as the likely cause, never returned as a huge-coefficient "result". CR_ENOMEM, CR_EDEP (GSL).
 * SEs: with ridge 0 the classic ones, sqrt(diag((X'VX)^-1)), V = diag(w p (1-p)) (R's glm); with
 * ridge > 0 sqrt(diag((X'VX + lambda P)^-1)), the curvature of the posterior under the Gaussian prior
 * that the ridge is (a MAP approximation; docs/likelihood-fit.md says why).
 * Time complexity: O(iterations * n * k^2) (the information matrix), plus O(k^3) a step.
 * Memory: O(k^2 * chunks), chunks <= 256, besides the result. X, y, w are only read.
 */
CR_PUBLIC(cr_error_t) cr_logit_fit(cr_ctx *ctx, const double *X, const double *y, const double *w,
                                   size_t n, int k, int intercept_col, const cr_logit_opts *opts,
                                   cr_logit_result **out);

CR_PUBLIC(void) cr_logit_result_free(cr_logit_result *r);   /* NULL ok */

/**
 * cr_logit_prior_correct - King & Zeng's (2001) prior correction for case-control sampling.
 * The fitted sample kept the 1s and 0s at different rates (e.g. every event and a random fraction of
 * the non-events), so its intercept is off by a constant; the slopes are consistent as they are.
 * Adds -ln[((1 - tau) / tau) * (ybar / (1 - ybar))] to beta[intercept_col] and to r->prior_shift.
 * \param tau   fraction of 1s in the population, in (0, 1).
 * \param ybar  fraction of 1s in the fitted sample, in (0, 1): r->ybar for the sample as fitted.
 * If every 1 was kept and each 0 with probability s, the shift is about ln(s): exactly ln of the
 * realised fraction of 0s kept, when tau and ybar are the population and sample fractions.
 * The covariance, SEs and log-likelihoods are left as fitted (a constant shift does not change the
 * variance; the log-likelihoods stay those of the sample).
 * Errors: CR_EINVAL (no intercept column, tau or ybar outside (0, 1) or not finite).
 */
CR_PUBLIC(cr_error_t) cr_logit_prior_correct(cr_ctx *ctx, cr_logit_result *r, double tau, double ybar);

/* The linear predictor x . beta (x has k entries, summed in column order). */
CR_PUBLIC(double) cr_logit_eta(const cr_logit_result *r, const double *x);
/* P(y = 1 | x) = 1 / (1 + exp(-eta)), evaluated without overflow for any finite eta
 * (exp of a non-positive number only); 0 or 1 only where the true value rounds to it. */
CR_PUBLIC(double) cr_logit_predict(const cr_logit_result *r, const double *x);

#ifdef __cplusplus
}
#endif
#endif
