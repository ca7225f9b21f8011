/* Criteria weighting: AHP (subjective, from a pairwise comparison matrix)
 * and objective weights from the decision matrix (entropy, CRITIC, standard
 * deviation, equal). Conventions are pinned to pymcdm's `weights` module;
 * where we deviate, docs/mcda.md says why.
 *
 * Workload: n is small (criteria, <= tens), m may be large; everything here
 * is serial (deterministic by construction) and O(m n) or O(m n^2). */
#include "mcda/mcda_internal.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Random consistency index RI(n), n = 1..15.
 * Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill (table of
 * average random indices; the 1.48 at n = 12 is in the published table).
 * Tummala, V. M. R., & Ling, H. (1998). A note on the computation of the mean
 * random consistency index of the AHP. Theory and Decision 44(3), 221-230
 * (values as used by pymcdm's AHP.RI_M). */
static const double RI_SAATY[15] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
static const double RI_TUMMALA_LING[15] = {0,      0,      0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952,
                                           1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831};

/* The diagonal is checked to this relative tolerance: 1 written in JSON. */
#define CR__AHP_DIAG_RTOL 1e-9
/* A pair written with ~17 digits (1/3 as 0.33333333333333331) is reciprocal
 * to rounding and is kept as given, bit for bit. */
#define CR__AHP_RECIP_RTOL 1e-9
/* Saaty's acceptance threshold for the consistency ratio. */
#define CR__AHP_CR_MAX 0.1

/* Checks a and writes into b the matrix AHP uses: of each pair the smaller
 * entry, when it is the larger's reciprocal typed with two or more correct
 * decimals (|small - 1/large| <= CR_MCDA_AHP_RECIP_TOL), becomes exactly
 * 1/large, so a person may write 0.333 or 0.33 for 1/3; a pair reciprocal to
 * 1e-9 is kept as given. */
static cr_error_t check_pairwise(cr_ctx *ctx, size_t n, const double *a, double *b)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = a[i * n + j];
            if (!isfinite(v) || !(v > 0))
                return cr_ctx_fail(ctx, CR_EINVAL, "pairwise[%zu][%zu]: %g must be positive and finite", i, j, v);
            b[i * n + j] = v;
        }
    for (size_t i = 0; i < n; i++) {
        double d = a[i * n + i];
        if (fabs(d - 1.0) > CR__AHP_DIAG_RTOL)
            return cr_ctx_fail(ctx, CR_EINVAL, "pairwise[%zu][%zu]: %.17g, the diagonal must be 1", i, i, d);
        for (size_t j = i + 1; j < n; j++) {
            double aij = a[i * n + j], aji = a[j * n + i], want = 1.0 / aij;
            double scale = fmax(fabs(aji), fabs(want));
            if (fabs(aji - want) <= CR__AHP_RECIP_RTOL * scale) continue;
            /* the judgement is the larger entry; its reciprocal, the smaller */
            int upper_large = aij >= aji;
            double large = upper_large ? aij : aji, small = upper_large ? aji : aij;
            /* a relative 1e-12 absorbs the binary rounding of a typed boundary
             * value (0.13 for 1/8 = 0.125) */
            if (fabs(small - 1.0 / large) <= CR_MCDA_AHP_RECIP_TOL * (1 + 1e-12)) {
                if (upper_large) b[j * n + i] = 1.0 / large;
                else b[i * n + j] = 1.0 / large;
                continue;
            }
            return cr_ctx_fail(ctx, CR_EINVAL,
                               "pairwise[%zu][%zu]: %.17g is not the reciprocal of pairwise[%zu][%zu] = %.17g "
                               "(expected %.17g)",
                               j, i, aji, i, j, aij, want);
        }
    }
    return CR_OK;
}

/* lambda_max and the principal eigenvector (normalised to sum 1) of b. */
static cr_error_t ahp_eigen(cr_ctx *ctx, size_t n, const double *b, double *vec, double *lambda_max)
{
    cr_error_t rc = CR_OK;
    gsl_matrix *A = gsl_matrix_alloc(n, n);
    gsl_vector_complex *eval = gsl_vector_complex_alloc(n);
    gsl_matrix_complex *evec = gsl_matrix_complex_alloc(n, n);
    gsl_eigen_nonsymmv_workspace *ws = gsl_eigen_nonsymmv_alloc(n);
    if (!A || !eval || !evec || !ws) {
        rc = cr_ctx_fail(ctx, CR_ENOMEM, "AHP: out of memory for the eigen solver (n = %zu)", n);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) gsl_matrix_set(A, i, j, b[i * n + j]);
    int st = gsl_eigen_nonsymmv(A, eval, evec, ws);
    if (st != GSL_SUCCESS) {
        rc = cr_ctx_fail(ctx, CR_EDEP, "AHP: gsl_eigen_nonsymmv failed: %s", gsl_strerror(st));
        goto done;
    }
    /* Perron-Frobenius: a positive matrix has a simple real eigenvalue larger
     * than the real part of every other one, with a positive eigenvector.
     * Lowest index wins a (theoretically impossible) tie. */
    size_t k = 0;
    for (size_t i = 1; i < n; i++)
        if (GSL_REAL(gsl_vector_complex_get(eval, i)) > GSL_REAL(gsl_vector_complex_get(eval, k))) k = i;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += GSL_REAL(gsl_matrix_complex_get(evec, i, k));
    if (!(fabs(sum) > 0)) {
        rc = cr_ctx_fail(ctx, CR_EDEP, "AHP: principal eigenvector sums to 0");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        vec[i] = GSL_REAL(gsl_matrix_complex_get(evec, i, k)) / sum;
        if (!(vec[i] > 0)) {
            rc = cr_ctx_fail(ctx, CR_EDEP, "AHP: principal eigenvector is not positive (component %zu)", i);
            goto done;
        }
    }
    *lambda_max = GSL_REAL(gsl_vector_complex_get(eval, k));
done:
    gsl_eigen_nonsymmv_free(ws);
    gsl_matrix_complex_free(evec);
    gsl_vector_complex_free(eval);
    gsl_matrix_free(A);
    return rc;
}

cr_error_t cr_mcda_weights_ahp_ex(cr_ctx *ctx, size_t n, const double *a, cr_mcda_ri ri, int force,
                                  cr_mcda_ahp_priority priority, double *weights, cr_mcda_ahp_info *info)
{
    if (n == 0 || !a) return cr_ctx_fail(ctx, CR_EINVAL, "pairwise: empty matrix");
    if (n > 15) return cr_ctx_fail(ctx, CR_EINVAL, "pairwise: %zu criteria, but random indices are known only up to 15", n);
    if (ri != CR_RI_SAATY && ri != CR_RI_TUMMALA_LING) return cr_ctx_fail(ctx, CR_EINVAL, "ri: unknown table %d", (int)ri);
    if (priority != CR_AHP_EIGENVECTOR && priority != CR_AHP_GEOMETRIC_MEAN)
        return cr_ctx_fail(ctx, CR_EINVAL, "priority: unknown %d", (int)priority);
    double b[15 * 15];
    CR_CHECK(check_pairwise(ctx, n, a, b));
    cr_mcda_ahp_info res = {1.0, 0.0, 0.0, 0.0};
    if (n == 1) {
        weights[0] = 1.0;
        if (info) *info = res;
        return CR_OK;
    }
    double vec[15];
    CR_CHECK(ahp_eigen(ctx, n, b, vec, &res.lambda_max));
    if (priority == CR_AHP_GEOMETRIC_MEAN) {
        /* Crawford & Williams (1985): w_i = (prod_j b_ij)^(1/n) / sum; as a
         * mean of logs, which neither overflows nor underflows. */
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) {
            double l = 0.0;
            for (size_t j = 0; j < n; j++) l += log(b[i * n + j]);
            weights[i] = exp(l / (double)n);
            sum += weights[i];
        }
        for (size_t i = 0; i < n; i++) weights[i] /= sum;
    } else {
        memcpy(weights, vec, n * sizeof *weights);
    }
    if (n > 2) {
        /* For n = 2 a reciprocal matrix is always consistent (lambda_max = 2
         * exactly); CI and CR are reported as 0 rather than rounding noise.
         * The CR measures the judgements, not the priority method, so it is
         * Saaty's for both priorities. */
        res.ci = (res.lambda_max - (double)n) / (double)(n - 1);
        res.ri = (ri == CR_RI_SAATY ? RI_SAATY : RI_TUMMALA_LING)[n - 1];
        res.cr = res.ci / res.ri;
    }
    if (info) *info = res;
    if (res.cr > CR__AHP_CR_MAX && !force)
        return cr_ctx_fail(ctx, CR_EREFUSED,
                           "AHP: consistency ratio CR = %.4f > %.1f (lambda_max = %.6f, CI = %.6f, RI = %.4f); revise the "
                           "pairwise judgements or set \"force\": true",
                           res.cr, CR__AHP_CR_MAX, res.lambda_max, res.ci, res.ri);
    return CR_OK;
}

cr_error_t cr_mcda_weights_ahp(cr_ctx *ctx, size_t n, const double *a, cr_mcda_ri ri, int force, double *weights,
                               cr_mcda_ahp_info *info)
{
    return cr_mcda_weights_ahp_ex(ctx, n, a, ri, force, CR_AHP_EIGENVECTOR, weights, info);
}

cr_error_t cr_mcda_ahp_from_ranking(cr_ctx *ctx, size_t n, const double *r, double *a)
{
    if (n == 0 || !r) return cr_ctx_fail(ctx, CR_EINVAL, "ranking: empty");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(r[i]) || !(r[i] > 0))
            return cr_ctx_fail(ctx, CR_EINVAL, "ranking[%zu]: %g must be positive and finite", i, r[i]);
    /* pymcdm AHP._compare_ranking (pymcdm/weights/subjective/ahp.py at 1ac4370) */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (r[i] == r[j]) {
                a[i * n + j] = 1.0;
                continue;
            }
            double d = fmin(floor(fmax(r[i], r[j]) / fmin(r[i], r[j])), 9.0);
            a[i * n + j] = r[i] < r[j] ? d : 1.0 / d;
        }
    return CR_OK;
}

cr_error_t cr_mcda_ahp_from_scoring(cr_ctx *ctx, size_t n, const double *s, double *a)
{
    if (n == 0 || !s) return cr_ctx_fail(ctx, CR_EINVAL, "scoring: empty");
    if (n > 15) return cr_ctx_fail(ctx, CR_EINVAL, "scoring: %zu criteria, but random indices are known only up to 15", n);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(s[i]) || !(s[i] > 0))
            return cr_ctx_fail(ctx, CR_EINVAL, "scoring[%zu]: %g must be positive and finite", i, s[i]);
    /* pymcdm PairwiseWeightsBase (pairwise_weights_base.py at 1ac4370):
     * idx = argsort(scoring); scoring[idx] = scoring[idx][::-1], read as a
     * ranking. A stable order breaks ties by index (numpy's default sort
     * is not stable; tied scores give tied mirrored values anyway when the
     * ties are in the middle of the order). */
    size_t idx[15], tmp[15];
    double r[15];
    cr__mcda_order(n, s, 0, idx, tmp);
    for (size_t k = 0; k < n; k++) r[idx[k]] = s[idx[n - 1 - k]];
    return cr_mcda_ahp_from_ranking(ctx, n, r, a);
}

/* A decimal number > 0 and finite at s (strtod's decimal grammar: no hex,
 * infinities or NaN); *end after it and the blanks that follow. */
static int judgement_number(const char *s, const char **end, double *v)
{
    while (*s == ' ') s++;
    const char *p = s;
    while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-') p++;
    if (p == s) return -1;
    char buf[64];
    size_t len = (size_t)(p - s);
    if (len >= sizeof buf) return -1;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *e;
    double x = strtod(buf, &e);
    if (*e || !isfinite(x) || !(x > 0)) return -1;
    while (*p == ' ') p++;
    *end = p;
    *v = x;
    return 0;
}

int cr_mcda_judgement_parse(const char *s, double *value)
{
    const char *p;
    double num, den = 1.0;
    if (!s || judgement_number(s, &p, &num) != 0) return -1;
    if (*p == '/' && judgement_number(p + 1, &p, &den) != 0) return -1;
    if (*p) return -1;
    double v = num / den;
    if (!isfinite(v) || !(v > 0)) return -1;
    *value = v;
    return 0;
}

int cr__mcda_weights_to_one(size_t n, double *w)
{
    double s = 0.0;
    for (size_t j = 0; j < n; j++) s += w[j];
    if (!(s > 0) || !isfinite(s)) return 0;
    for (size_t j = 0; j < n; j++) w[j] /= s;
    return 1;
}

/* w = d/sum(d); CR_EINVAL naming the method if sum(d) is not > 0. */
static cr_error_t normalise_to_one(cr_ctx *ctx, size_t n, double *w, const char *method, const char *why)
{
    if (!cr__mcda_weights_to_one(n, w))
        return cr_ctx_fail(ctx, CR_EINVAL, "weighting %s: %s; weights undefined", method, why);
    return CR_OK;
}

int cr__mcda_entropy_finish(size_t m, size_t n, const double *sum, const double *sxl, const int *has_zero,
                            cr_mcda_entropy_zero zero, double *weights)
{
    const double lnm = log((double)m);
    for (size_t j = 0; j < n; j++) {
        if (sum[j] == 0) {           /* all zeros: no information */
            weights[j] = 0.0;
            continue;
        }
        /* sum p ln p with p = x / S, S = sum x: (sum x ln x) / S - ln S
         * (docs/mcda.md "Entropy weights": one pass, and one log a value) */
        const double h = sxl[j] / sum[j] - cr__ln(sum[j]);
        double e = (zero == CR_ENTROPY_PYMCDM && has_zero[j]) ? 0.0 : -h / lnm;
        double d = 1.0 - e;
        /* A uniform column has e = 1 only up to rounding (|d| ~ 1e-16 either
         * way); left as is, that noise would take all the weight when no
         * column discriminates. Below 1e-12 it counts as no information. */
        weights[j] = d > 1e-12 ? d : 0.0;
    }
    return cr__mcda_weights_to_one(n, weights);
}

cr_error_t cr_mcda_weights_entropy(cr_ctx *ctx, size_t m, size_t n, const double *x, cr_mcda_entropy_zero zero,
                                   double *weights)
{
    /* p_ij = x_ij / sum_i x_ij is a distribution only for x >= 0: a shift
     * would change the weights, so negatives are refused, not shifted. */
    CR_CHECK(cr__mcda_check_finite(ctx, m, n, x));
    for (size_t k = 0; k < m * n; k++)
        if (x[k] < 0)
            return cr_ctx_fail(ctx, CR_EINVAL,
                               "matrix[%zu][%zu]: %g is negative; weighting entropy needs values >= 0 "
                               "(critic and std accept negatives)",
                               k / n, k % n, x[k]);
    if (m < 2) return cr_ctx_fail(ctx, CR_EINVAL, "weighting entropy: needs at least 2 alternatives, got %zu", m);
    double *sumv = cr__malloc(ctx, 2 * n, sizeof *sumv);
    int *hzv = cr__malloc(ctx, n, sizeof *hzv);
    if (!sumv || !hzv) {
        free(sumv);
        free(hzv);
        return CR_ENOMEM;
    }
    double *tv = sumv + n;
    /* One pass, the sums in row order: the streaming kernel (src/rank/stream.c
     * pass 1) adds the same terms in the same order, with the same cr__ln, so
     * the weights are the same bits. */
    for (size_t j = 0; j < n; j++) {
        double s = 0.0, t = 0.0;
        int has_zero = 0;
        for (size_t i = 0; i < m; i++) {
            const double v = x[i * n + j];
            s += v;
            if (v > 0) t += v * cr__ln(v);
            else has_zero = 1;
        }
        if (!isfinite(s) || !isfinite(t)) {   /* values near 1e305 */
            free(sumv);
            free(hzv);
            return cr_ctx_fail(ctx, CR_EINVAL, "weighting entropy: column %zu: the sum of x or of x ln x exceeds the "
                               "range of a double", j);
        }
        sumv[j] = s;
        tv[j] = t;
        hzv[j] = has_zero;
    }
    int ok = cr__mcda_entropy_finish(m, n, sumv, tv, hzv, zero, weights);
    free(sumv);
    free(hzv);
    if (!ok)
        return cr_ctx_fail(ctx, CR_EINVAL, "weighting entropy: every criterion has entropy 1 (no column discriminates); "
                           "weights undefined");
    return CR_OK;
}

/* Sample standard deviation (ddof = 1), two-pass as numpy.std. */
static double col_std(size_t m, size_t n, const double *x, size_t j, double *mean_out)
{
    double mean = 0.0;
    for (size_t i = 0; i < m; i++) mean += x[i * n + j];
    mean /= (double)m;
    double ss = 0.0;
    for (size_t i = 0; i < m; i++) {
        double d = x[i * n + j] - mean;
        ss += d * d;
    }
    if (mean_out) *mean_out = mean;
    return sqrt(ss / (double)(m - 1));
}

cr_error_t cr_mcda_weights_std(cr_ctx *ctx, size_t m, size_t n, const double *x, double *weights)
{
    CR_CHECK(cr__mcda_check_finite(ctx, m, n, x));   /* sigma is shift-invariant: negatives are fine */
    if (m < 2) return cr_ctx_fail(ctx, CR_EINVAL, "weighting std: needs at least 2 alternatives, got %zu", m);
    for (size_t j = 0; j < n; j++) weights[j] = col_std(m, n, x, j, NULL);
    /* cr__mcda_std_finish's arithmetic: col_std returns sqrt(ss / (m - 1)) */
    return normalise_to_one(ctx, n, weights, "std", "every criterion is constant");
}

int cr__mcda_std_finish(size_t m, size_t n, const double *ss, double *weights)
{
    for (size_t j = 0; j < n; j++) weights[j] = sqrt(ss[j] / (double)(m - 1));
    return cr__mcda_weights_to_one(n, weights);
}

int cr__mcda_critic_finish(size_t m, size_t n, const double *s1, const double *q, const double *range,
                           const int *neg, double *weights)
{
    const double dm = (double)m;
    for (size_t j = 0; j < n; j++) {
        /* the centred sums from the shifted ones (docs/mcda.md "CRITIC
         * weights"): C_jk = Q_jk - S_j S_k / m, >= 0 on the diagonal up to
         * rounding */
        const double cjj = q[j * n + j] - s1[j] * s1[j] / dm, ssj = cjj > 0 ? cjj : 0.0;
        /* sigma of z = (x - min) / range, (max - x) / range for a cost column */
        const double sd = ssj > 0 && range[j] > 0 ? sqrt(ssj / (double)(m - 1)) / range[j] : 0.0;
        const double sdj = sqrt(ssj);
        double conflict = 0.0;
        for (size_t k = 0; k < n; k++) {
            const double ckk = q[k * n + k] - s1[k] * s1[k] / dm, ssk = ckk > 0 ? ckk : 0.0;
            const double den = sdj * sqrt(ssk);
            double r = 0.0;            /* no linear association with a constant column */
            if (den > 0) r = (q[j * n + k] - s1[j] * s1[k] / dm) / den;
            if (neg[j] != neg[k]) r = -r;   /* z of a cost column runs against x */
            conflict += 1.0 - r;
        }
        weights[j] = sd * conflict;
    }
    return cr__mcda_weights_to_one(n, weights);
}

cr_error_t cr_mcda_weights_critic(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                  double *weights)
{
    CR_CHECK(cr__mcda_check_finite(ctx, m, n, x));   /* shifted: negatives are fine */
    if (types) CR_CHECK(cr__mcda_check_types(ctx, n, types));
    if (m < 2) return cr_ctx_fail(ctx, CR_EINVAL, "weighting critic: needs at least 2 alternatives, got %zu", m);
    int *neg = cr__malloc(ctx, n, sizeof *neg);
    double *s1 = cr__malloc(ctx, 2 * n + n * n, sizeof *s1);   /* [n] sum d, [n] range, [n][n] sum d_j d_k */
    cr_error_t rc = CR_ENOMEM;
    if (!neg || !s1) goto done;
    double *range = s1 + n, *q = s1 + 2 * n;
    /* One pass of shifted sums, d_ij = x_ij - x_0j (Chan, Golub & LeVeque
     * 1983, "shifted data"), each in row order: the streaming kernel
     * (src/rank/stream.c pass 1) adds the same terms in the same order, so
     * the weights are the same bits. d_ij d_ik = d_ik d_ij: the same bits. */
    for (size_t j = 0; j < n; j++) {
        neg[j] = types && types[j] < 0;
        double mn = x[j], mx = x[j], s = 0.0;
        for (size_t i = 0; i < m; i++) {
            const double v = x[i * n + j];
            mn = v < mn ? v : mn;
            mx = v > mx ? v : mx;
            s += v - x[j];
        }
        s1[j] = s;
        range[j] = mx - mn;
    }
    for (size_t j = 0; j < n; j++)
        for (size_t k = j; k < n; k++) {
            double s = 0.0;
            for (size_t i = 0; i < m; i++) s += (x[i * n + j] - x[j]) * (x[i * n + k] - x[k]);
            q[j * n + k] = q[k * n + j] = s;
        }
    for (size_t k = 0; k < n * n; k++)
        if (!isfinite(q[k]) || (k < n && (!isfinite(s1[k]) || !isfinite(range[k])))) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "weighting critic: column %zu: the spread of the values exceeds the "
                             "range of a double (|x| near 1e154)", k % n);
            goto done;
        }
    rc = CR_OK;
    if (!cr__mcda_critic_finish(m, n, s1, q, range, neg, weights))
        rc = cr_ctx_fail(ctx, CR_EINVAL, "weighting critic: every criterion is constant; weights undefined");
done:
    free(neg);
    free(s1);
    return rc;
}

cr_error_t cr_mcda_weights_equal(cr_ctx *ctx, size_t n, double *weights)
{
    if (n == 0) return cr_ctx_fail(ctx, CR_EINVAL, "weighting equal: no criteria");
    for (size_t j = 0; j < n; j++) weights[j] = 1.0 / (double)n;
    return CR_OK;
}
