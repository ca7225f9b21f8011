/* Binary logit by Newton-Raphson (IRLS), optionally ridge-penalised; the
 * prior correction for case-control sampling. Formulas and sources:
 * docs/likelihood-fit.md.
 *
 * Tuned for n ~ 10^6 rows and k ~ 10-20 columns: the cost is the pass over
 * the rows that accumulates the log-likelihood, the gradient and the packed
 * lower triangle of the information matrix X'VX (k(k+1)/2 multiply-adds a
 * row), one pass per Newton iteration (a rejected, halved step costs one
 * more). The k x k solve is negligible.
 *
 * Determinism: rows are cut into `nchunks` fixed ranges that depend on n and
 * k only; each range is summed serially in row order into its own slot, and
 * the slots are added in range order. So the bits do not depend on the
 * thread count, and the ranges can run in parallel. */
#include "core/core_internal.h"

#include <chainrank/cr_fit.h>

#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <omp.h>
#include <string.h>

enum {
    FIT_CHUNK_ROWS = 4096,     /* rows a range at least (fewer ranges for small n) */
    FIT_MAX_CHUNKS = 256,      /* ranges at most: more threads than this do not help */
    FIT_PARTIAL_DOUBLES = 1 << 22  /* 32 MiB of per-range partial sums at most (large k) */
};

/* Accept a trial point whose objective is lower than the current one by no
 * more than this many ulps of |Q|: a chunked sum of n terms carries a rounding
 * error of that order, so a smaller "decrease" is noise, not overshoot. */
#define FIT_Q_SLACK (1e3 * DBL_EPSILON)

/* A fitted probability this close to 0 or 1 is counted as "separated" in the
 * message of a fit that failed. */
#define FIT_SEP_P 1e-10

void cr_logit_opts_default(cr_logit_opts *o)
{
    o->ridge = 0.0;
    o->max_iter = 50;
    o->tol = 1e-10;
    o->rcond_min = 1e-12;
}

void cr_logit_result_free(cr_logit_result *r)
{
    if (!r) return;
    free(r->beta);
    free(r->se);
    free(r->cov);
    free(r);
}

/* 1 / (1 + e^-x), exp of a non-positive argument only. */
static double sigmoid(double x)
{
    if (x >= 0) return 1.0 / (1.0 + exp(-x));
    double e = exp(x);
    return e / (1.0 + e);
}

double cr_logit_eta(const cr_logit_result *r, const double *x)
{
    double eta = 0.0;
    for (int j = 0; j < r->k; j++) eta += x[j] * r->beta[j];
    return eta;
}

double cr_logit_predict(const cr_logit_result *r, const double *x)
{
    return sigmoid(cr_logit_eta(r, x));
}

typedef struct {
    const double *X, *y, *w;
    size_t n;
    int k, ic;               /* intercept column or -1 */
    double ridge;
    size_t nchunks;
    size_t stride;           /* doubles a partial: 1 (loglik) + k (gradient) + k(k+1)/2 (information) */
    double *part;            /* [nchunks * stride] */
    int nthreads;
} fit_problem;

/* One row's contribution to the log-likelihood; *rv and *vv receive w (y - p)
 * and w p (1 - p). p (1 - p) = e / (1 + e)^2 with e = exp(-|eta|): no
 * cancellation in 1 - p. */
static inline double row_terms(const double *x, const double *beta, int k, double wi, double yi, double *rv,
                               double *vv)
{
    double eta = 0.0;
    for (int j = 0; j < k; j++) eta += x[j] * beta[j];
    /* log(1 + e^eta) = max(eta, 0) + log1p(e), e = exp(-|eta|): exp never sees a positive
     * argument (no overflow), log1p keeps the tail's digits, and e serves p and p (1 - p) too. */
    const double e = exp(-fabs(eta));
    const double q = 1.0 / (1.0 + e);
    const double p = eta >= 0 ? q : e * q;
    *rv = wi * (yi - p);
    *vv = wi * e * q * q;
    return wi * (yi * eta - ((eta > 0 ? eta : 0.0) + log1p(e)));
}

/* Sums over rows lo..hi-1 into out[0] = loglik, out[1..k] = X'W(y - p) and
 * (deriv) out[1+k..] = packed lower triangle of X'VX, V = w p (1 - p).
 * Rows go four at a time: each entry of the triangle is loaded and stored
 * once per four rows, the four terms added left to right, i.e. in row order
 * (the same additions as one row at a time). Cost ~k(k+1)/2 multiply-adds a
 * row plus one exp and one log1p. */
static void eval_range(const fit_problem *P, const double *beta, size_t lo, size_t hi, int deriv,
                       double *out)
{
    const int k = P->k;
    const size_t ks = (size_t)k;
    double *g = out + 1, *H = out + 1 + k;
    double ll = 0.0, rv, vv;
    memset(out, 0, P->stride * sizeof *out);
    size_t i = lo;
    if (deriv)
        for (; i + 4 <= hi; i += 4) {
            const double *x0 = P->X + i * ks, *x1 = x0 + ks, *x2 = x1 + ks, *x3 = x2 + ks;
            double r[4], v[4];
            for (int t = 0; t < 4; t++) {
                ll += row_terms(x0 + (size_t)t * ks, beta, k, P->w ? P->w[i + (size_t)t] : 1.0, P->y[i + (size_t)t],
                                &r[t], &v[t]);
            }
            for (int a = 0; a < k; a++) {
                g[a] = g[a] + r[0] * x0[a] + r[1] * x1[a] + r[2] * x2[a] + r[3] * x3[a];
                const double v0 = v[0] * x0[a], v1 = v[1] * x1[a], v2 = v[2] * x2[a], v3 = v[3] * x3[a];
                double *Ha = H + (size_t)a * (size_t)(a + 1) / 2;
                for (int b = 0; b <= a; b++) Ha[b] = Ha[b] + v0 * x0[b] + v1 * x1[b] + v2 * x2[b] + v3 * x3[b];
            }
        }
    for (; i < hi; i++) {
        const double *x = P->X + i * ks;
        ll += row_terms(x, beta, k, P->w ? P->w[i] : 1.0, P->y[i], &rv, &vv);
        if (!deriv) continue;
        for (int a = 0; a < k; a++) {
            g[a] += rv * x[a];
            const double va = vv * x[a];
            double *Ha = H + (size_t)a * (size_t)(a + 1) / 2;
            for (int b = 0; b <= a; b++) Ha[b] += va * x[b];
        }
    }
    out[0] = ll;
}

/* out = the sums over all rows (see eval_range), fixed ranges added in order. */
static void eval_all(fit_problem *P, const double *beta, int deriv, double *out)
{
    const size_t nc = P->nchunks, stride = P->stride;
    const int nt = (size_t)P->nthreads < nc ? P->nthreads : (int)nc;
#pragma omp parallel for schedule(static) num_threads(nt)
    for (size_t c = 0; c < nc; c++)
        eval_range(P, beta, P->n * c / nc, P->n * (c + 1) / nc, deriv, P->part + c * stride);
    const size_t m = deriv ? stride : 1;
    memcpy(out, P->part, m * sizeof *out);
    for (size_t c = 1; c < nc; c++) {
        const double *pc = P->part + c * stride;
        for (size_t j = 0; j < m; j++) out[j] += pc[j];
    }
}

/* Penalised objective Q = loglik - ridge/2 * sum_{j != ic} beta_j^2. */
static double objective(const fit_problem *P, double loglik, const double *beta)
{
    double pen = 0.0;
    for (int j = 0; j < P->k; j++)
        if (j != P->ic) pen += beta[j] * beta[j];
    return loglik - 0.5 * P->ridge * pen;
}

/* Rows whose fitted probability is within FIT_SEP_P of 0 or 1 (for messages). */
static size_t count_extreme(const fit_problem *P, const double *beta)
{
    size_t m = 0;
    for (size_t i = 0; i < P->n; i++) {
        const double *x = P->X + i * (size_t)P->k;
        double eta = 0.0;
        for (int j = 0; j < P->k; j++) eta += x[j] * beta[j];
        if (fabs(eta) > -log(FIT_SEP_P)) m++;
    }
    return m;
}

static int all_finite(const double *v, size_t n, size_t *bad)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) { *bad = i; return 0; }
    return 1;
}

static cr_error_t check_input(cr_ctx *ctx, const double *X, const double *y, const double *w, size_t n,
                              int k, int ic, const cr_logit_opts *o)
{
    size_t bad;
    if (!X || !y) return cr_ctx_fail(ctx, CR_EINVAL, "logit: X and y are required");
    if (k < 1) return cr_ctx_fail(ctx, CR_EINVAL, "logit: k = %d columns; at least 1 is needed", k);
    if (n < (size_t)k)
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: %zu rows for %d coefficients; at least as many rows "
                                           "as columns are needed", n, k);
    if (ic < -1 || ic >= k)
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: intercept column %d is not -1 or in 0..%d", ic, k - 1);
    if (!(o->ridge >= 0) || !isfinite(o->ridge))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: ridge = %g; it must be finite and >= 0", o->ridge);
    if (o->max_iter < 1) return cr_ctx_fail(ctx, CR_EINVAL, "logit: max_iter = %d; it must be >= 1", o->max_iter);
    if (!(o->tol > 0) || !isfinite(o->tol))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: tol = %g; it must be finite and > 0", o->tol);
    if (!(o->rcond_min >= 0) || !(o->rcond_min < 1))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: rcond_min = %g; it must be in [0, 1)", o->rcond_min);
    if (!all_finite(X, n * (size_t)k, &bad))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: row %zu, column %zu: X = %g; every entry must be finite",
                           bad / (size_t)k, bad % (size_t)k, X[bad]);
    for (size_t i = 0; i < n; i++)
        if (!(y[i] >= 0 && y[i] <= 1))
            return cr_ctx_fail(ctx, CR_EINVAL, "logit: row %zu: y = %g; outcomes must be in [0, 1]", i, y[i]);
    if (w)
        for (size_t i = 0; i < n; i++)
            if (!(w[i] > 0) || !isfinite(w[i]))
                return cr_ctx_fail(ctx, CR_EINVAL, "logit: row %zu: weight = %g; weights must be finite "
                                                   "and > 0", i, w[i]);
    if (ic >= 0)
        for (size_t i = 0; i < n; i++)
            if (X[i * (size_t)k + (size_t)ic] != 1.0)
                return cr_ctx_fail(ctx, CR_EINVAL, "logit: row %zu, column %d: X = %g; the intercept column "
                                                   "must be all 1", i, ic, X[i * (size_t)k + (size_t)ic]);
    return CR_OK;
}

/* A = D H D with D = diag(H_jj^-1/2) (unit diagonal, so the condition test is
 * about the columns' collinearity, not their units), Cholesky-factored in
 * place; d[] receives D. Fails (CR_EINVAL) if H is singular or nearly so. */
static cr_error_t factor_info(cr_ctx *ctx, const fit_problem *P, const double *H, double rcond_min, int iter,
                              gsl_matrix *A, double *d, double *work3k)
{
    const int k = P->k;
    for (int a = 0; a < k; a++) {
        const double haa = H[(size_t)a * (size_t)(a + 1) / 2 + (size_t)a];
        if (!(haa > 0) || !isfinite(haa))
            return cr_ctx_fail(ctx, CR_EINVAL, "logit: column %d carries no information at iteration %d "
                                               "(it is 0 wherever the fitted probability is not 0 or 1): drop "
                                               "it, or the outcome is separated (set a ridge > 0)", a, iter);
        d[a] = 1.0 / sqrt(haa);
    }
    for (int a = 0; a < k; a++)
        for (int b = 0; b <= a; b++) {
            const double v = H[(size_t)a * (size_t)(a + 1) / 2 + (size_t)b] * d[a] * d[b];
            gsl_matrix_set(A, (size_t)a, (size_t)b, v);
            gsl_matrix_set(A, (size_t)b, (size_t)a, v);
        }
    double rc = 0.0;
    int gs = gsl_linalg_cholesky_decomp1(A);
    if (gs == GSL_SUCCESS) {
        gsl_vector_view wv = gsl_vector_view_array(work3k, 3 * (size_t)k);
        gs = gsl_linalg_cholesky_rcond(A, &rc, &wv.vector);
        if (gs != GSL_SUCCESS)
            return cr_ctx_fail(ctx, CR_EDEP, "logit: GSL condition estimate failed: %s", gsl_strerror(gs));
    }
    if (gs != GSL_SUCCESS || !(rc >= rcond_min))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: the information matrix is singular at iteration %d "
                                           "(reciprocal condition number %.3g, minimum %g): the columns of X "
                                           "are collinear (or one is constant besides the intercept), or the "
                                           "outcome is separated; drop or combine columns, or set a ridge > 0",
                           iter, gs == GSL_SUCCESS ? rc : 0.0, rcond_min);
    return CR_OK;
}

static double max_rel_step(const double *step, const double *beta, int k)
{
    double m = 0.0;
    for (int j = 0; j < k; j++) {
        const double r = fabs(step[j]) / (1.0 + fabs(beta[j]));
        if (r > m) m = r;
    }
    return m;
}

cr_error_t cr_logit_fit(cr_ctx *ctx, const double *X, const double *y, const double *w, size_t n, int k,
                        int intercept_col, const cr_logit_opts *opts, cr_logit_result **out)
{
    cr_logit_opts o;
    cr_error_t rc;
    fit_problem P;
    cr_logit_result *r = NULL;
    double *cur = NULL, *trial = NULL, *beta = NULL, *btrial = NULL, *delta = NULL, *d = NULL, *work = NULL;
    gsl_matrix *A = NULL;

    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "logit: out is NULL");
    *out = NULL;
    if (opts) o = *opts; else cr_logit_opts_default(&o);
    if ((rc = check_input(ctx, X, y, w, n, k, intercept_col, &o)) != CR_OK) return rc;

    /* Weighted totals of the outcomes, in row order (n additions; deterministic). */
    double s1 = 0.0, s0 = 0.0, wsum = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = w ? w[i] : 1.0;
        s1 += wi * y[i];
        s0 += wi * (1.0 - y[i]);
        wsum += wi;
    }
    if (!(s1 > 0) || !(s0 > 0))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit: every outcome is %d: there is nothing to fit (the "
                                           "intercept would be %sinfinite)", s1 > 0 ? 1 : 0, s1 > 0 ? "+" : "-");

    memset(&P, 0, sizeof P);
    P.X = X; P.y = y; P.w = w; P.n = n; P.k = k; P.ic = intercept_col; P.ridge = o.ridge;
    P.stride = 1 + (size_t)k + (size_t)k * (size_t)(k + 1) / 2;
    P.nchunks = (n + FIT_CHUNK_ROWS - 1) / FIT_CHUNK_ROWS;
    if (P.nchunks > FIT_MAX_CHUNKS) P.nchunks = FIT_MAX_CHUNKS;
    if (P.nchunks * P.stride > FIT_PARTIAL_DOUBLES) P.nchunks = FIT_PARTIAL_DOUBLES / P.stride;
    if (P.nchunks < 1) P.nchunks = 1;
    P.nthreads = cr__nthreads(ctx);

    const size_t kk = (size_t)k;
    if (!(P.part = cr__malloc(ctx, P.nchunks, P.stride * sizeof(double))) ||
        !(cur = cr__malloc(ctx, P.stride, sizeof(double))) || !(trial = cr__malloc(ctx, P.stride, sizeof(double))) ||
        !(beta = cr__calloc(ctx, kk, sizeof(double))) || !(btrial = cr__malloc(ctx, kk, sizeof(double))) ||
        !(delta = cr__malloc(ctx, kk, sizeof(double))) || !(d = cr__malloc(ctx, kk, sizeof(double))) ||
        !(work = cr__malloc(ctx, 3 * kk, sizeof(double))) || !(r = cr__calloc(ctx, 1, sizeof *r))) {
        rc = CR_ENOMEM;
        goto done;
    }
    if (!(A = gsl_matrix_alloc(kk, kk))) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "logit: out of memory"); goto done; }

    /* Start at the intercept-only MLE (the weighted log-odds of y), 0 elsewhere:
     * Q there is the null log-likelihood, and the first step is already sensible. */
    if (intercept_col >= 0) beta[intercept_col] = log(s1 / s0);
    eval_all(&P, beta, 1, cur);
    double Q = objective(&P, cur[0], beta);

    int iter = 0, converged = 0, halvings = 0;
    while (!converged) {
        if (iter == o.max_iter) {
            size_t m = count_extreme(&P, beta);
            rc = cr_ctx_fail(ctx, CR_EINVAL, "logit: no convergence in %d iterations (%zu of %zu rows have a "
                                             "fitted probability within %g of 0 or 1)%s", o.max_iter, m, n, FIT_SEP_P,
                             m > 0 && o.ridge == 0 ? ": the covariates look like they separate the outcomes "
                                                     "(completely or quasi-completely), so the maximum likelihood "
                                                     "estimate does not exist; set a ridge > 0" : "");
            goto done;
        }
        iter++;
        /* Newton direction: (X'VX + ridge P) delta = X'W(y - p) - ridge P beta. */
        double *H = cur + 1 + k;
        for (int j = 0; j < k; j++)
            if (j != intercept_col) H[(size_t)j * (size_t)(j + 1) / 2 + (size_t)j] += o.ridge;
        if ((rc = factor_info(ctx, &P, H, o.rcond_min, iter, A, d, work)) != CR_OK) {
            if (rc == CR_EINVAL && o.ridge == 0 && count_extreme(&P, beta) > 0) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s (fitted probabilities of 0 or 1: the outcome looks separated)",
                         cr_ctx_errmsg(ctx));
                cr_ctx_fail(ctx, rc, "%s", msg);
            }
            goto done;
        }
        for (int j = 0; j < k; j++) {
            double gj = cur[1 + j];
            if (j != intercept_col) gj -= o.ridge * beta[j];
            delta[j] = gj * d[j];
        }
        gsl_vector_view dv = gsl_vector_view_array(delta, kk);
        int gs = gsl_linalg_cholesky_svx(A, &dv.vector);
        if (gs != GSL_SUCCESS) { rc = cr_ctx_fail(ctx, CR_EDEP, "logit: GSL Cholesky solve failed: %s", gsl_strerror(gs)); goto done; }
        for (int j = 0; j < k; j++) {
            delta[j] *= d[j];
            if (!isfinite(delta[j])) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "logit: the Newton step overflowed at iteration %d (column %d): "
                                                 "the problem is badly scaled or separated", iter, j);
                goto done;
            }
        }

        /* Step halving (a damped Newton step): the first of 1, 1/2, 1/4, ... that does not lower Q.
         * No fixed number of halvings: after an overshoot into a region where some rows have
         * p (1 - p) ~ 0, the information is nearly flat along a direction and the Newton step
         * there can be 10^15 long while pointing the right way; it is halved until it either
         * increases Q or becomes negligible (|step_j| <= tol (1 + |beta_j|) for every j). The full
         * step's trial point is evaluated with derivatives (it is nearly always accepted); halved
         * trials with the log-likelihood only, and the accepted one then once more in full. */
        double step = 1.0, Qt = 0.0;
        int accepted = 0, h = 0;
        for (;; h++, step *= 0.5) {
            for (int j = 0; j < k; j++) {
                btrial[j] = beta[j] + step * delta[j];
                work[j] = step * delta[j];
            }
            if (h > 0 && max_rel_step(work, beta, k) <= o.tol) break;
            eval_all(&P, btrial, h == 0, trial);
            Qt = objective(&P, trial[0], btrial);
            if (isfinite(Qt) && Qt >= Q - FIT_Q_SLACK * fabs(Q)) { accepted = 1; break; }
            halvings++;
        }
        if (accepted && h > 0) eval_all(&P, btrial, 1, trial);
        if (!accepted) {
            if (max_rel_step(delta, beta, k) <= o.tol) {
                /* The full step is already below the tolerance: beta is the optimum to rounding.
                 * Its information matrix is evaluated again, since the ridge was added to cur's. */
                eval_all(&P, beta, 1, cur);
                converged = 1;
                break;
            }
            rc = cr_ctx_fail(ctx, CR_EINVAL, "logit: step halving failed at iteration %d: the penalised "
                                             "log-likelihood does not increase along the Newton direction "
                                             "(max |step| %.3g); the problem is badly scaled or separated", iter,
                             max_rel_step(delta, beta, k));
            goto done;
        }
        for (int j = 0; j < k; j++) delta[j] *= step;
        const double dmax = max_rel_step(delta, btrial, k), dQ = fabs(Qt - Q);
        memcpy(beta, btrial, kk * sizeof *beta);
        double *t = cur; cur = trial; trial = t;
        Q = Qt;
        if (dmax <= o.tol && dQ <= o.tol * (1.0 + fabs(Q))) converged = 1;
    }

    /* Covariance: the inverse of the (penalised) information at beta. */
    {
        double *H = cur + 1 + k;
        for (int j = 0; j < k; j++)
            if (j != intercept_col) H[(size_t)j * (size_t)(j + 1) / 2 + (size_t)j] += o.ridge;
        if ((rc = factor_info(ctx, &P, H, o.rcond_min, iter, A, d, work)) != CR_OK) goto done;
        int gs = gsl_linalg_cholesky_invert(A);
        if (gs != GSL_SUCCESS) { rc = cr_ctx_fail(ctx, CR_EDEP, "logit: GSL Cholesky inverse failed: %s", gsl_strerror(gs)); goto done; }
    }
    r->k = k;
    r->intercept_col = intercept_col;
    if (!(r->beta = cr__malloc(ctx, kk, sizeof(double))) || !(r->se = cr__malloc(ctx, kk, sizeof(double))) ||
        !(r->cov = cr__malloc(ctx, kk * kk, sizeof(double)))) {
        rc = CR_ENOMEM;
        goto done;
    }
    memcpy(r->beta, beta, kk * sizeof *beta);
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            r->cov[(size_t)a * kk + (size_t)b] = gsl_matrix_get(A, (size_t)a, (size_t)b) * d[a] * d[b];
    for (int a = 0; a < k; a++) r->se[a] = sqrt(r->cov[(size_t)a * kk + (size_t)a]);
    r->loglik = cur[0];
    /* Intercept-only MLE p0 = s1 / (s1 + s0): loglik0 = s1 ln p0 + s0 ln(1 - p0). */
    r->loglik_null = s1 * log(s1 / (s1 + s0)) + s0 * log(s0 / (s1 + s0));
    r->pseudo_r2 = 1.0 - r->loglik / r->loglik_null;
    r->ybar = s1 / (s1 + s0);
    r->wsum = wsum;
    r->prior_shift = 0.0;
    r->iterations = iter;
    r->halvings = halvings;
    r->converged = 1;
    *out = r;
    r = NULL;
    rc = CR_OK;
done:
    cr_logit_result_free(r);
    if (A) gsl_matrix_free(A);
    free(P.part); free(cur); free(trial); free(beta); free(btrial); free(delta); free(d); free(work);
    return rc;
}

cr_error_t cr_logit_prior_correct(cr_ctx *ctx, cr_logit_result *r, double tau, double ybar)
{
    if (!r) return cr_ctx_fail(ctx, CR_EINVAL, "logit prior correction: no result");
    if (r->intercept_col < 0)
        return cr_ctx_fail(ctx, CR_EINVAL, "logit prior correction: the model has no intercept to correct");
    if (!(tau > 0 && tau < 1))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit prior correction: tau = %g; the population fraction of "
                                           "1s must be in (0, 1)", tau);
    if (!(ybar > 0 && ybar < 1))
        return cr_ctx_fail(ctx, CR_EINVAL, "logit prior correction: ybar = %g; the sample fraction of 1s "
                                           "must be in (0, 1)", ybar);
    /* King & Zeng (2001), "prior correction": beta0 - ln[((1 - tau) / tau) (ybar / (1 - ybar))], written as a sum of
     * logs so no ratio of tiny numbers is formed. */
    const double shift = -(log1p(-tau) - log(tau) + log(ybar) - log1p(-ybar));
    r->beta[r->intercept_col] += shift;
    r->prior_shift += shift;
    return CR_OK;
}
