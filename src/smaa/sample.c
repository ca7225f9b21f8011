/* SMAA weight samplers and per-sample random streams (docs/smaa.md §2-3).
 *
 * Every sample owns a stream derived from (seed, sample index) alone, so
 * the weights of sample s are the same whichever thread draws them and in
 * whatever order: this is what makes cr_smaa_run thread-count independent.
 * No libm call is used (no log/exp), so the weights are also the same on
 * any IEEE-754 platform. */
#include "smaa/smaa_internal.h"

#include <math.h>
#include <string.h>

void cr__smaa_rng_init(cr__smaa_rng *r, uint64_t seed, uint64_t index)
{
    uint64_t sm = seed ^ (index * CR__GOLDEN_GAMMA);
    for (int k = 0; k < 4; k++) r->s[k] = cr__splitmix64(&sm);
    /* Four consecutive outputs of a bijective mix of distinct states: at
     * most one can be 0, so the xoshiro state is never all zero. */
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t cr__smaa_rng_next(cr__smaa_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double cr__smaa_rng_uniform(cr__smaa_rng *r) { return (double)(cr__smaa_rng_next(r) >> 11) * 0x1.0p-53; }

void cr__smaa_simplex(cr__smaa_rng *r, size_t k, double *out)
{
    if (k == 1) {
        out[0] = 1.0;
        return;
    }
    /* k-1 uniforms sorted ascending in out[0..k-2] (insertion sort: k is the
     * number of criteria, small; O(k^2) worst case). */
    for (size_t a = 0; a + 1 < k; a++) {
        double u = cr__smaa_rng_uniform(r);
        size_t b = a;
        while (b > 0 && out[b - 1] > u) {
            out[b] = out[b - 1];
            b--;
        }
        out[b] = u;
    }
    /* Spacings 0 = u(0) <= u(1) <= ... <= u(k-1) <= 1, computed from the top
     * so each out[a] is read before it is overwritten. */
    out[k - 1] = 1.0 - out[k - 2];
    for (size_t a = k - 2; a > 0; a--) out[a] = out[a] - out[a - 1];
    /* out[0] = u(1) - 0 already. */
}

void cr__smaa_sampler_destroy(cr__smaa_sampler *s)
{
    if (!s) return;
    free(s->order);
    free(s->lo);
    free(s->hi);
    free(s->freeidx);
    memset(s, 0, sizeof *s);
}

/* Sums of lo may exceed 1 (or of hi fall short of 1) by rounding only. */
#define CR__SMAA_SUM_TOL 1e-12

cr_error_t cr__smaa_sampler_init(cr_ctx *ctx, size_t n, const cr_smaa_params *prm, cr__smaa_sampler *s)
{
    memset(s, 0, sizeof *s);
    if (n == 0) return cr_ctx_fail(ctx, CR_EINVAL, "smaa: no criteria");
    s->n = n;
    s->model = prm->model;
    s->max_tries = prm->max_tries ? prm->max_tries : 1000000;
    cr_error_t rc = CR_OK;
    switch (prm->model) {
    case CR_SMAA_W_SIMPLEX: break;
    case CR_SMAA_W_ORDINAL: {
        if (!prm->order) return cr_ctx_fail(ctx, CR_EINVAL, "weights_model.order: missing (ordinal model)");
        s->order = cr__malloc(ctx, n, sizeof *s->order);
        unsigned char *seen = cr__calloc(ctx, n, 1);
        if (!s->order || !seen) {
            free(seen);
            rc = CR_ENOMEM;
            break;
        }
        for (size_t k = 0; k < n && rc == CR_OK; k++) {
            size_t j = prm->order[k];
            if (j >= n)
                rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model.order[%zu]: criterion %zu out of range 0..%zu", k, j, n - 1);
            else if (seen[j])
                rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model.order[%zu]: criterion %zu listed twice", k, j);
            else {
                seen[j] = 1;
                s->order[k] = j;
            }
        }
        free(seen);
        break;
    }
    case CR_SMAA_W_INTERVALS: {
        if (!prm->lo || !prm->hi) return cr_ctx_fail(ctx, CR_EINVAL, "weights_model.lo/hi: missing (intervals model)");
        s->lo = cr__malloc(ctx, n, sizeof *s->lo);
        s->hi = cr__malloc(ctx, n, sizeof *s->hi);
        s->freeidx = cr__malloc(ctx, n, sizeof *s->freeidx);
        if (!s->lo || !s->hi || !s->freeidx) {
            rc = CR_ENOMEM;
            break;
        }
        double slo = 0, shi = 0;
        for (size_t j = 0; j < n && rc == CR_OK; j++) {
            double a = prm->lo[j], b = prm->hi[j];
            if (!isfinite(a) || a < 0)
                rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model.lo[%zu]: %g must be finite and >= 0", j, a);
            else if (!isfinite(b) || b < 0)
                rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model.hi[%zu]: %g must be finite and >= 0", j, b);
            else if (a > b)
                rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model: lo[%zu] = %g > hi[%zu] = %g", j, a, j, b);
            else {
                s->lo[j] = a;
                s->hi[j] = b;
                slo += a;
                shi += b < 1 ? b : 1;
                if (a < b) s->freeidx[s->nfree++] = j;
            }
        }
        if (rc != CR_OK) break;
        if (slo > 1 + CR__SMAA_SUM_TOL)
            rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model: infeasible intervals: the lower bounds sum to %.17g > 1", slo);
        else if (shi < 1 - CR__SMAA_SUM_TOL)
            rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model: infeasible intervals: the upper bounds sum to %.17g < 1", shi);
        s->resid = slo < 1 ? 1 - slo : 0;
        if (rc == CR_OK && s->nfree == 0 && s->resid > CR__SMAA_SUM_TOL)
            rc = cr_ctx_fail(ctx, CR_EINVAL, "weights_model: every interval is a point and they sum to %.17g, not 1", slo);
        break;
    }
    default: return cr_ctx_fail(ctx, CR_EINVAL, "weights_model: unknown kind %d", (int)prm->model);
    }
    if (rc != CR_OK) cr__smaa_sampler_destroy(s);
    return rc;
}

int cr__smaa_draw(const cr__smaa_sampler *s, uint64_t seed, uint64_t index, double *w, double *tmp,
                  uint64_t *tries)
{
    cr__smaa_rng r;
    cr__smaa_rng_init(&r, seed, index);
    const size_t n = s->n;
    switch (s->model) {
    case CR_SMAA_W_SIMPLEX:
        cr__smaa_simplex(&r, n, w);
        *tries += 1;
        return 0;
    case CR_SMAA_W_ORDINAL:
        /* The simplex is symmetric under permutations, so sorting a uniform
         * point descending gives a uniform point of the ordered region
         * (one of n! congruent pieces). Insertion sort, descending. */
        cr__smaa_simplex(&r, n, tmp);
        for (size_t a = 1; a < n; a++) {
            double u = tmp[a];
            size_t b = a;
            while (b > 0 && tmp[b - 1] < u) {
                tmp[b] = tmp[b - 1];
                b--;
            }
            tmp[b] = u;
        }
        for (size_t k = 0; k < n; k++) w[s->order[k]] = tmp[k];
        *tries += 1;
        return 0;
    case CR_SMAA_W_INTERVALS:
        /* w = lo + resid * u, u uniform on the simplex of the free criteria,
         * is uniform on {w >= lo, sum w = 1} (an affine image of the
         * simplex); keeping only proposals with w <= hi leaves it uniform on
         * the box-restricted simplex. Rejection only on the upper bounds. */
        for (size_t j = 0; j < n; j++) w[j] = s->lo[j];
        for (size_t t = 0; t < s->max_tries; t++) {
            *tries += 1;
            if (s->nfree == 0) return 0;
            cr__smaa_simplex(&r, s->nfree, tmp);
            int ok = 1;
            for (size_t k = 0; k < s->nfree; k++) {
                size_t j = s->freeidx[k];
                double v = s->lo[j] + s->resid * tmp[k];
                ok &= v <= s->hi[j];
                w[j] = v;
            }
            if (ok) return 0;
        }
        return -1;
    }
    return -1;
}

cr_error_t cr_smaa_sample_weights(cr_ctx *ctx, size_t n, const cr_smaa_params *params, uint64_t index, double *w)
{
    if (!params || !w) return cr_ctx_fail(ctx, CR_EINVAL, "smaa: params or w is NULL");
    cr__smaa_sampler s;
    CR_CHECK(cr__smaa_sampler_init(ctx, n, params, &s));
    double *tmp = cr__malloc(ctx, n, sizeof *tmp);
    cr_error_t rc = CR_OK;
    uint64_t tries = 0;
    if (!tmp) rc = CR_ENOMEM;
    else if (cr__smaa_draw(&s, params->seed, index, w, tmp, &tries) != 0)
        rc = cr_ctx_fail(ctx, CR_EREFUSED, "weights_model: sample %llu still outside the intervals after %zu proposals",
                         (unsigned long long)index, s.max_tries);
    free(tmp);
    cr__smaa_sampler_destroy(&s);
    return rc;
}
