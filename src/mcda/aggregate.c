/* MCDA normalisation and aggregation (WSM, TOPSIS, VIKOR) and ranking.
 *
 * Workload: up to millions of alternatives x tens of criteria, row-major.
 * Every method is two streaming passes over x and never materialises the
 * normalised matrix:
 *   1. column statistics (min, max, and the sums a normalisation needs) in
 *      CR__MCDA_NCHUNK fixed row chunks, combined in chunk order, so the sums
 *      are the same for any thread count;
 *   2. one parallel pass over rows; each row's score depends only on that row
 *      and the column parameters, so it is thread-count independent too.
 * Each normalised value is r = b + s*((x' + c)*inv), x' = x or 1/x, inv =
 * 1/d, chosen per column to follow pymcdm's expression (e.g. cost min-max:
 * -((x - max)*inv) is (max - x)/(max - min) up to the rounding of inv: within
 * an ulp or two; the multiply keeps divisions out of the row loop).
 * r is monotone in x (every step is a correctly rounded monotone operation),
 * so the column extremes of r (TOPSIS ideals, VIKOR f* and f-) are exactly r
 * evaluated at the column min and max of x. */
#include "mcda/mcda_internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef cr__mcda_colparam colparam;

enum { ST_MIN, ST_MAX, ST_SUM, ST_SUMSQ, ST_SUMRECIP, ST_N };

cr_error_t cr__mcda_check_types(cr_ctx *ctx, size_t n, const int *types)
{
    if (!types) return cr_ctx_fail(ctx, CR_EINVAL, "types: missing");
    for (size_t j = 0; j < n; j++)
        if (types[j] != 1 && types[j] != -1)
            return cr_ctx_fail(ctx, CR_EINVAL, "types[%zu]: %d is not 1 (benefit) or -1 (cost)", j, types[j]);
    return CR_OK;
}

cr_error_t cr__mcda_check_weights(cr_ctx *ctx, size_t n, const double *w)
{
    if (!w) return cr_ctx_fail(ctx, CR_EINVAL, "weights: missing");
    for (size_t j = 0; j < n; j++)
        if (!isfinite(w[j]) || w[j] < 0)
            return cr_ctx_fail(ctx, CR_EINVAL, "weights[%zu]: %g must be finite and >= 0", j, w[j]);
    return CR_OK;
}

cr_error_t cr__mcda_check_finite(cr_ctx *ctx, size_t m, size_t n, const double *x)
{
    if (m == 0 || n == 0) return cr_ctx_fail(ctx, CR_EINVAL, "matrix: empty (%zu x %zu)", m, n);
    if (!x) return cr_ctx_fail(ctx, CR_EINVAL, "matrix: missing");
    for (size_t k = 0; k < m * n; k++)
        if (!isfinite(x[k])) return cr_ctx_fail(ctx, CR_EINVAL, "matrix[%zu][%zu]: %g must be finite", k / n, k % n, x[k]);
    return CR_OK;
}

static cr_error_t check_common(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                               const double *weights, cr_mcda_norm norm)
{
    if (m == 0 || n == 0) return cr_ctx_fail(ctx, CR_EINVAL, "matrix: empty (%zu x %zu)", m, n);
    if (!x) return cr_ctx_fail(ctx, CR_EINVAL, "matrix: missing");
    if ((unsigned)norm > (unsigned)CR_NORM_NONE) return cr_ctx_fail(ctx, CR_EINVAL, "unknown normalization %d", (int)norm);
    CR_CHECK(cr__mcda_check_types(ctx, n, types));
    if (weights) CR_CHECK(cr__mcda_check_weights(ctx, n, weights));
    return CR_OK;
}


int cr__mcda_colparam_set(cr__mcda_colparam *p, cr_mcda_norm norm, int cost, double mn, double mx, double sum,
                          double sumsq, double sumrecip, double scale, size_t m)
{
    p->b = 0;
    p->s = 1;
    p->c = 0;
    p->d = 1;
    p->recip = 0;
    int inv_set = 0;
    switch (norm) {
    case CR_NORM_MINMAX:
        if (mn == mx) {           /* pymcdm: constant column -> all ones */
            p->s = 0;
            p->b = 1;
        } else {
            p->d = mx - mn;
            p->c = cost ? -mx : -mn;
            p->s = cost ? -1 : 1;
        }
        break;
    case CR_NORM_VECTOR:
    case CR_NORM_MAX: {
        double d = norm == CR_NORM_VECTOR ? sqrt(sumsq) : mx;
        if (!(d < INFINITY)) return CR__COLPARAM_RANGE;
        if (d > 0) {
            /* the norm itself may exceed DBL_MAX (sqrt(m) x 1e308): x/norm is
             * x * (scale/d), an inverse near the subnormal range, a few bits
             * short; with scale = 1 it is 1/d as always */
            double sc = norm == CR_NORM_VECTOR ? scale : 1.0;
            p->d = d / sc;
            p->inv = sc / d;
            inv_set = 1;
        } else {
            /* All-zero column: use the limit of a constant column c -> 0,
             * i.e. x/d = 1/sqrt(m) (vector) or 1 (max), never 0/0. */
            p->s = 0;
            p->b = norm == CR_NORM_VECTOR ? 1.0 / sqrt((double)m) : 1.0;
        }
        if (cost) {               /* 1 - x/d */
            if (p->s == 0) {
                p->b = 1 - p->b;
            } else {
                p->b = 1;
                p->s = -1;
            }
        }
        break;
    }
    case CR_NORM_SUM:
        if (!(mn > 0)) return CR__COLPARAM_NONPOS;
        if (!((cost ? sumrecip : sum) < INFINITY)) return CR__COLPARAM_RANGE;
        p->d = cost ? sumrecip : sum / scale;
        p->inv = cost ? 1.0 / sumrecip : scale / sum;
        inv_set = 1;
        p->recip = cost;
        break;
    case CR_NORM_NONE:
        if (cost) {               /* pymcdm VIKOR: max - x */
            p->s = -1;
            p->c = -mx;
        }
        break;
    }
    if (!inv_set) p->inv = 1.0 / p->d;
    double a = cr__mcda_apply(p, mn), z = cr__mcda_apply(p, mx);
    p->lo = a < z ? a : z;
    p->hi = a < z ? z : a;
    return 1;
}

/* Pass 1: validates x (finite; >= 0 unless the normalisation is min-max or
 * none, the two a shift of a column does not change (docs/mcda.md section 2);
 * lowest bad index reported) and derives each column's normalisation
 * parameters. params has n entries. */
static cr_error_t column_params(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                cr_mcda_norm norm, colparam *params)
{
    const int nchunk = CR__MCDA_NCHUNK;
    double *st = cr__malloc(ctx, (size_t)nchunk * n * ST_N, sizeof *st);
    size_t *bad = cr__malloc(ctx, (size_t)nchunk, sizeof *bad);
    cr_error_t rc = CR_OK;
    if (!st || !bad) {
        rc = CR_ENOMEM;
        goto done;
    }
    const int want_sumsq = norm == CR_NORM_VECTOR, want_sum = norm == CR_NORM_SUM;
    /* min-max and none are affine in x: negative values are meaningful there */
    const double floor = (norm == CR_NORM_MINMAX || norm == CR_NORM_NONE) ? -INFINITY : 0.0;
#pragma omp parallel for schedule(static) num_threads(cr__nthreads(ctx)) if (CR__MCDA_PAR(ctx, m, n))
    for (int c = 0; c < nchunk; c++) {
        size_t lo = (size_t)((unsigned long long)m * (unsigned)c / (unsigned)nchunk);
        size_t hi = (size_t)((unsigned long long)m * (unsigned)(c + 1) / (unsigned)nchunk);
        double *s = st + (size_t)c * n * ST_N;
        size_t firstbad = SIZE_MAX;
        int ok = 1;
        for (size_t j = 0; j < n; j++) {
            double *sj = s + j * ST_N;
            sj[ST_MIN] = INFINITY;
            sj[ST_MAX] = -INFINITY;
            sj[ST_SUM] = sj[ST_SUMSQ] = sj[ST_SUMRECIP] = 0.0;
        }
        for (size_t i = lo; i < hi; i++) {
            const double *row = x + i * n;
            for (size_t j = 0; j < n; j++) {
                double v = row[j];
                double *sj = s + j * ST_N;
                ok &= (v >= floor) & (v > -INFINITY) & (v < INFINITY);   /* false for NaN too */
                if (v < sj[ST_MIN]) sj[ST_MIN] = v;
                if (v > sj[ST_MAX]) sj[ST_MAX] = v;
                if (want_sumsq) sj[ST_SUMSQ] += v * v;
                if (want_sum) {
                    sj[ST_SUM] += v;
                    sj[ST_SUMRECIP] += 1.0 / v;
                }
            }
        }
        if (!ok)   /* rare: rescan the chunk for the first bad entry */
            for (size_t k = lo * n; k < hi * n && firstbad == SIZE_MAX; k++)
                if (!(x[k] >= floor && x[k] > -INFINITY && x[k] < INFINITY)) firstbad = k;
        bad[c] = firstbad;
    }
    for (int c = 0; c < nchunk; c++)
        if (bad[c] != SIZE_MAX) {
            size_t k = bad[c];
            if (isfinite(x[k]))
                rc = cr_ctx_fail(ctx, CR_EINVAL,
                                 "matrix[%zu][%zu]: %g is negative; %s normalization needs values >= 0 "
                                 "(minmax and none accept negatives)",
                                 k / n, k % n, x[k], cr_mcda_norm_name(norm));
            else
                rc = cr_ctx_fail(ctx, CR_EINVAL, "matrix[%zu][%zu]: %g must be finite", k / n, k % n, x[k]);
            goto done;
        }
    for (size_t j = 0; j < n; j++) {
        double mn = INFINITY, mx = -INFINITY, sum = 0, sumsq = 0, sumrecip = 0;
        for (int c = 0; c < nchunk; c++) {
            const double *sj = st + ((size_t)c * n + j) * ST_N;
            if (sj[ST_MIN] < mn) mn = sj[ST_MIN];
            if (sj[ST_MAX] > mx) mx = sj[ST_MAX];
            sum += sj[ST_SUM];
            sumsq += sj[ST_SUMSQ];
            sumrecip += sj[ST_SUMRECIP];
        }
        int set = cr__mcda_colparam_set(&params[j], norm, types[j] < 0, mn, mx, sum, sumsq, sumrecip, 1.0, m);
        if (set == CR__COLPARAM_RANGE && mx > 0) {
            /* the sum of squares (or the sum) overflowed, e.g. values near
             * 1e308 (issue 18 §1.9: TOPSIS returned a 0.5/0.5 tie): sum the
             * column divided by a power of two above its max, in row order
             * (only these columns pay for the second pass) */
            double f = ldexp(1.0, -(ilogb(mx) + 1));
            sum = sumsq = 0.0;
            for (size_t i = 0; i < m; i++) {
                double v = x[i * n + j] * f;
                sum += v;
                sumsq += v * v;
            }
            set = cr__mcda_colparam_set(&params[j], norm, types[j] < 0, mn, mx, sum, sumsq, sumrecip, f, m);
        }
        if (set == CR__COLPARAM_RANGE) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "matrix column %zu: its %s exceeds the range of a double (%g); "
                             "divide the column by a constant", j, norm == CR_NORM_VECTOR ? "Euclidean norm" :
                             types[j] < 0 ? "sum of reciprocals" : "sum", DBL_MAX);
            goto done;
        }
        if (set == CR__COLPARAM_NONPOS) {
            size_t i0 = 0;
            while (i0 < m && x[i0 * n + j] > 0) i0++;
            rc = cr_ctx_fail(ctx, CR_EINVAL, "matrix[%zu][%zu]: %g: sum normalization needs values > 0 (as pymcdm)",
                             i0, j, x[i0 * n + j]);
            goto done;
        }
    }
done:
    free(st);
    free(bad);
    return rc;
}

cr_error_t cr_mcda_normalize(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                             cr_mcda_norm norm, double *out)
{
    CR_CHECK(check_common(ctx, m, n, x, types, NULL, norm));
    colparam *p = cr__malloc(ctx, n, sizeof *p);
    if (!p) return CR_ENOMEM;
    cr_error_t rc = column_params(ctx, m, n, x, types, norm, p);
    if (rc == CR_OK) {
#pragma omp parallel for schedule(static) num_threads(cr__nthreads(ctx)) if (CR__MCDA_PAR(ctx, m, n))
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) out[i * n + j] = cr__mcda_apply(&p[j], x[i * n + j]);
    }
    free(p);
    return rc;
}

cr_error_t cr_mcda_wsm(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                       const double *weights, cr_mcda_norm norm, double *scores)
{
    CR_CHECK(check_common(ctx, m, n, x, types, weights, norm));
    if (!scores) return cr_ctx_fail(ctx, CR_EINVAL, "scores: missing");
    colparam *p = cr__malloc(ctx, n, sizeof *p);
    if (!p) return CR_ENOMEM;
    cr_error_t rc = column_params(ctx, m, n, x, types, norm, p);
    if (rc == CR_OK) {
#pragma omp parallel for schedule(static) num_threads(cr__nthreads(ctx)) if (CR__MCDA_PAR(ctx, m, n))
        for (size_t i = 0; i < m; i++) {
            const double *row = x + i * n;
            double acc = 0.0;
            for (size_t j = 0; j < n; j++) acc += weights[j] * cr__mcda_apply(&p[j], row[j]);
            scores[i] = acc;
        }
    }
    free(p);
    return rc;
}

/* Row kernel of TOPSIS: rows [lo, hi). cp holds 5 arrays of n: b, s, c,
 * inv, w. Four rows are processed together so the four running sums give
 * the CPU independent dependency chains; each row still sums its criteria
 * in index order, so a row's score does not depend on how rows are grouped. */
enum { CP_B, CP_S, CP_C, CP_INV, CP_W, CP_N };
static void topsis_rows(size_t lo, size_t hi, size_t n, const double *x, const colparam *p, const double *cp,
                        const double *pis, const double *nis, int any_recip, double *scores)
{
    const double *B = cp, *S = cp + n, *C = cp + 2 * n, *I = cp + 3 * n, *W = cp + 4 * n;
    size_t i = lo;
    if (!any_recip) {
        for (; i + 4 <= hi; i += 4) {
            const double *r0 = x + i * n;
            double dp[4] = {0, 0, 0, 0}, dm[4] = {0, 0, 0, 0};
            for (size_t j = 0; j < n; j++) {
                const double bj = B[j], sj = S[j], cj = C[j], ij = I[j], wj = W[j], pj = pis[j], nj = nis[j];
                for (int k = 0; k < 4; k++) {
                    double v = wj * (bj + sj * ((r0[(size_t)k * n + j] + cj) * ij));
                    double a = v - pj, e = v - nj;
                    dp[k] += a * a;
                    dm[k] += e * e;
                }
            }
            for (int k = 0; k < 4; k++) {
                double sp = sqrt(dp[k]), sm = sqrt(dm[k]);
                /* sp = sm = 0 only if every alternative equals both ideals,
                 * i.e. all are identical: no preference, 0.5 each. */
                scores[i + (size_t)k] = sp + sm > 0 ? sm / (sm + sp) : 0.5;
            }
        }
    }
    for (; i < hi; i++) {
        const double *row = x + i * n;
        double dp = 0.0, dm = 0.0;
        for (size_t j = 0; j < n; j++) {
            double v = W[j] * cr__mcda_apply(&p[j], row[j]);
            double a = v - pis[j], e = v - nis[j];
            dp += a * a;
            dm += e * e;
        }
        dp = sqrt(dp);
        dm = sqrt(dm);
        scores[i] = dp + dm > 0 ? dm / (dm + dp) : 0.5;
    }
}

cr_error_t cr_mcda_topsis(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                          const double *weights, cr_mcda_norm norm, double *scores)
{
    CR_CHECK(check_common(ctx, m, n, x, types, weights, norm));
    if (!scores) return cr_ctx_fail(ctx, CR_EINVAL, "scores: missing");
    colparam *p = cr__malloc(ctx, n, sizeof *p);
    double *ideal = cr__malloc(ctx, (2 + CP_N) * n, sizeof *ideal);
    cr_error_t rc = CR_ENOMEM;
    if (!p || !ideal) goto done;
    rc = column_params(ctx, m, n, x, types, norm, p);
    if (rc != CR_OK) goto done;
    int any_recip = 0;
    double *pis = ideal, *nis = ideal + n;
    for (size_t j = 0; j < n; j++) {
        /* w >= 0 and r monotone: max_i w r_ij = w * max_i r_ij, bit for bit. */
        pis[j] = weights[j] * p[j].hi;
        nis[j] = weights[j] * p[j].lo;
        any_recip |= p[j].recip;
    }
    double *cp = ideal + 2 * n;   /* SoA copy of the parameters for the row kernel */
    for (size_t j = 0; j < n; j++) {
        cp[CP_B * n + j] = p[j].b;
        cp[CP_S * n + j] = p[j].s;
        cp[CP_C * n + j] = p[j].c;
        cp[CP_INV * n + j] = p[j].inv;
        cp[CP_W * n + j] = weights[j];
    }
    const int nt = cr__nthreads(ctx);
    const size_t block = 4096;
    const size_t nblock = (m + block - 1) / block;
#pragma omp parallel for schedule(static) num_threads(nt) if (CR__MCDA_PAR(ctx, m, n))
    for (size_t k = 0; k < nblock; k++) {
        size_t lo = k * block, hi = lo + block < m ? lo + block : m;
        topsis_rows(lo, hi, n, x, p, cp, pis, nis, any_recip, scores);
    }
done:
    free(p);
    free(ideal);
    return rc;
}

void cr__mcda_order(size_t m, const double *keys, int desc, size_t *idx, size_t *tmp)
{
    for (size_t i = 0; i < m; i++) idx[i] = i;
    /* Bottom-up merge sort: stable, so equal keys keep index order. */
    for (size_t width = 1; width < m; width *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * width) {
            size_t mid = lo + width < m ? lo + width : m;
            size_t hi = lo + 2 * width < m ? lo + 2 * width : m;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) {
                double ka = keys[idx[a]], kb = keys[idx[b]];
                int take_b = desc ? kb > ka : kb < ka;
                tmp[k++] = take_b ? idx[b++] : idx[a++];
            }
            while (a < mid) tmp[k++] = idx[a++];
            while (b < hi) tmp[k++] = idx[b++];
        }
        memcpy(idx, tmp, m * sizeof *idx);
    }
}

cr_error_t cr_mcda_rank(cr_ctx *ctx, size_t m, const double *scores, int higher_is_better, int *ranks)
{
    if (m == 0) return CR_OK;
    if (m > (size_t)INT32_MAX) return cr_ctx_fail(ctx, CR_EINVAL, "rank: too many alternatives (%zu)", m);
    size_t *idx = cr__malloc(ctx, 2 * m, sizeof *idx);
    if (!idx) return CR_ENOMEM;
    cr__mcda_order(m, scores, higher_is_better, idx, idx + m);
    for (size_t k = 0; k < m; k++) ranks[idx[k]] = (int)(k + 1);
    free(idx);
    return CR_OK;
}

/* (a/b) with 0/0 := 0, the convention for VIKOR's degenerate ratios: when a
 * column or the S (R) values do not discriminate, that term is 0 for all. */
static double ratio0(double a, double b) { return b != 0 ? a / b : 0.0; }

cr_error_t cr_mcda_vikor(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                         const double *weights, cr_mcda_norm norm, double v, cr_mcda_vikor_out *out)
{
    CR_CHECK(check_common(ctx, m, n, x, types, weights, norm));
    if (!(v >= 0 && v <= 1)) return cr_ctx_fail(ctx, CR_EINVAL, "params.v: %g must be in [0, 1]", v);
    if (!out || !out->S || !out->R || !out->Q || !out->compromise)
        return cr_ctx_fail(ctx, CR_EINVAL, "vikor: output arrays missing");
    colparam *p = cr__malloc(ctx, n, sizeof *p);
    size_t *idx = cr__malloc(ctx, 2 * m, sizeof *idx);
    cr_error_t rc = CR_ENOMEM;
    if (!p || !idx) goto done;
    rc = column_params(ctx, m, n, x, types, norm, p);
    if (rc != CR_OK) goto done;
    double *S = out->S, *R = out->R, *Q = out->Q;
#pragma omp parallel for schedule(static) num_threads(cr__nthreads(ctx)) if (CR__MCDA_PAR(ctx, m, n))
    for (size_t i = 0; i < m; i++) {
        const double *row = x + i * n;
        double s = 0.0, r = 0.0;
        for (size_t j = 0; j < n; j++) {
            /* pymcdm: w * ((f* - f)/(f* - f-)), f* = column max of r. */
            double t = weights[j] * ratio0(p[j].hi - cr__mcda_apply(&p[j], row[j]), p[j].hi - p[j].lo);
            s += t;
            if (j == 0 || t > r) r = t;
        }
        S[i] = s;
        R[i] = r;
    }
    double ss = S[0], sm = S[0], rs = R[0], rm = R[0];
    for (size_t i = 1; i < m; i++) {
        if (S[i] < ss) ss = S[i];
        if (S[i] > sm) sm = S[i];
        if (R[i] < rs) rs = R[i];
        if (R[i] > rm) rm = R[i];
    }
    for (size_t i = 0; i < m; i++)
        Q[i] = ratio0(v * (S[i] - ss), sm - ss) + ratio0((1 - v) * (R[i] - rs), rm - rs);

    /* Compromise solution, Opricovic & Tzeng (2004), section 3, step 5. */
    cr__mcda_order(m, Q, 0, idx, idx + m);
    const size_t a1 = idx[0];
    if (m == 1) {
        out->acceptable_advantage = out->acceptable_stability = 1;
        out->compromise[0] = a1;
        out->ncompromise = 1;
        goto done;
    }
    const double dq = 1.0 / (double)(m - 1);
    out->acceptable_advantage = Q[idx[1]] - Q[a1] >= dq;
    out->acceptable_stability = S[a1] == ss || R[a1] == rs;
    if (!out->acceptable_advantage) {
        size_t k = 0;
        while (k < m && Q[idx[k]] - Q[a1] < dq) {
            out->compromise[k] = idx[k];
            k++;
        }
        out->ncompromise = k;
    } else if (!out->acceptable_stability) {
        out->compromise[0] = a1;
        out->compromise[1] = idx[1];
        out->ncompromise = 2;
    } else {
        out->compromise[0] = a1;
        out->ncompromise = 1;
    }
done:
    free(p);
    free(idx);
    return rc;
}
