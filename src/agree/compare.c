/* cr_agree_compare: every pair of schemes, plus the per-alternative spread.
 *
 * Rankings are prepared once (serially: m sorts), then the m(m-1)/2 pairs are
 * spread over threads with schedule(static). Each pair is computed entirely by
 * one thread with its own workspace and writes only its own slots, so the
 * output does not depend on the thread count. */
#include "agree/agree_internal.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

enum { CR__AGREE_PAR_UNITS = 1 << 16 };   /* pairs x alternatives below which the pairs run serially */

void cr_agree_report_free(cr_agree_report *r)
{
    if (!r) return;
    free(r->pair_a); free(r->pair_b);
    free(r->spearman); free(r->kendall_tau_b); free(r->kendall_tau_a);
    free(r->weighted_spearman); free(r->ws_ab); free(r->ws_ba);
    free(r->top_k_overlap); free(r->jaccard); free(r->rbo);
    free(r->rank_min); free(r->rank_max); free(r->rank_mean); free(r->rank_sd);
    free(r->in_top_k);
    free(r);
}

static cr_error_t report_alloc(cr_ctx *ctx, size_t m, size_t n, cr_agree_report **out)
{
    cr_agree_report *r = cr__calloc(ctx, 1, sizeof *r);
    if (!r) return CR_ENOMEM;
    size_t np = m * (m - 1) / 2;
    r->m = m;
    r->n = n;
    r->npairs = np;
    r->pair_a = cr__malloc(ctx, np, sizeof(size_t));
    r->pair_b = cr__malloc(ctx, np, sizeof(size_t));
    double **cols[] = {&r->spearman, &r->kendall_tau_b, &r->kendall_tau_a, &r->weighted_spearman,
                       &r->ws_ab, &r->ws_ba, &r->top_k_overlap, &r->jaccard, &r->rbo};
    int ok = r->pair_a && r->pair_b;
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        *cols[c] = cr__malloc(ctx, np, sizeof(double));
        ok = ok && *cols[c];
    }
    r->rank_min = cr__malloc(ctx, n, sizeof(double));
    r->rank_max = cr__malloc(ctx, n, sizeof(double));
    r->rank_mean = cr__malloc(ctx, n, sizeof(double));
    r->rank_sd = cr__malloc(ctx, n, sizeof(double));
    r->in_top_k = cr__calloc(ctx, n, sizeof(size_t));
    ok = ok && r->rank_min && r->rank_max && r->rank_mean && r->rank_sd && r->in_top_k;
    if (!ok) {
        cr_agree_report_free(r);
        return CR_ENOMEM;
    }
    size_t p = 0;
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++, p++) { r->pair_a[p] = a; r->pair_b[p] = b; }
    *out = r;
    return CR_OK;
}

static void spread(cr_agree_report *r, cr_agree_ranking *const *rk)
{
    const size_t m = r->m, n = r->n;
    for (size_t i = 0; i < n; i++) {
        double lo = INFINITY, hi = -INFINITY, sum = 0.0;
        for (size_t s = 0; s < m; s++) {
            double x = cr_agree_ranking_midrank(rk[s], i);
            lo = fmin(lo, x);
            hi = fmax(hi, x);
            sum += x;
        }
        double mean = sum / (double)m, ss = 0.0;
        for (size_t s = 0; s < m; s++) {
            double d = cr_agree_ranking_midrank(rk[s], i) - mean;
            ss += d * d;
        }
        r->rank_min[i] = lo;
        r->rank_max[i] = hi;
        r->rank_mean[i] = mean;
        r->rank_sd[i] = sqrt(ss / (double)m);
    }
    for (size_t s = 0; s < m; s++)
        for (size_t pos = 0; pos < r->top_k; pos++) r->in_top_k[cr_agree_ranking_at(rk[s], pos)]++;
}

cr_error_t cr_agree_compare(cr_ctx *ctx, const double *ranks, size_t m, size_t n, size_t top_k,
                            double rbo_p, cr_agree_report **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_compare: out is NULL");
    *out = NULL;
    if (!ranks) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_compare: ranks is NULL");
    if (m < 2) return cr_ctx_fail(ctx, CR_EINVAL, "need at least 2 rankings to compare, got %zu", m);
    if (n < 2) return cr_ctx_fail(ctx, CR_EINVAL, "need at least 2 alternatives, got %zu", n);
    if (top_k < 1 || top_k > n)
        return cr_ctx_fail(ctx, CR_EINVAL, "top_k = %zu outside 1..n = %zu", top_k, n);
    if (!(rbo_p > 0.0 && rbo_p < 1.0))
        return cr_ctx_fail(ctx, CR_EINVAL, "rbo_p = %.17g outside the open interval (0,1)", rbo_p);
    if (m > SIZE_MAX / n) return cr_ctx_fail(ctx, CR_EINVAL, "m x n overflows");

    cr_error_t rc = CR_OK;
    cr_agree_report *rep = NULL;
    cr_agree_ranking **rk = cr__calloc(ctx, m, sizeof *rk);
    cr_agree_ws **wss = NULL;
    int nt = 0;
    if (!rk) return CR_ENOMEM;
    for (size_t s = 0; s < m; s++) {
        char what[64];
        snprintf(what, sizeof what, "ranking %zu", s);
        if ((rc = cr__agree_ranking_prepare(ctx, ranks + s * n, n, what, &rk[s])) != CR_OK) goto done;
    }
    if ((rc = report_alloc(ctx, m, n, &rep)) != CR_OK) goto done;
    rep->top_k = top_k;
    rep->rbo_p = rbo_p;

    nt = cr__nthreads(ctx);
    if ((size_t)nt > rep->npairs) nt = (int)rep->npairs;
    /* Serial below CR__AGREE_PAR_UNITS pairs x alternatives (issue 19's threads check, bench/results.md):
     * cr_agree_compare of m random permutations, best of 20, CPU on 1 / 2 threads: m = 5, n = 1,000
     * (10^4 units, 1 ms) 0.99 / 5.5 ms, the second thread only waiting; n = 10,000 (10^5 units, 13 ms)
     * 13.0 / 13.3 ms. 2^16 units is ~5-8 ms of one thread. */
    if (rep->npairs * n < CR__AGREE_PAR_UNITS) nt = 1;
    if (nt < 1) nt = 1;
    wss = cr__calloc(ctx, (size_t)nt, sizeof *wss);
    if (!wss) { rc = CR_ENOMEM; goto done; }
    for (int t = 0; t < nt; t++) {
        wss[t] = cr_agree_ws_alloc(n);
        if (!wss[t]) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (agreement workspace, n = %zu)", n); goto done; }
    }

    const long np = (long)rep->npairs;
#pragma omp parallel for schedule(static) num_threads(nt) if (nt > 1)
    for (long p = 0; p < np; p++) {
        cr_agree_ws *ws = wss[omp_get_thread_num()];
        const cr_agree_ranking *a = rk[rep->pair_a[p]], *b = rk[rep->pair_b[p]];
        rep->spearman[p] = cr_agree_spearman(a, b);
        rep->kendall_tau_b[p] = cr_agree_kendall(a, b, ws, &rep->kendall_tau_a[p]);
        rep->weighted_spearman[p] = cr_agree_weighted_spearman(a, b);
        rep->ws_ab[p] = cr_agree_ws_coef(a, b);
        rep->ws_ba[p] = cr_agree_ws_coef(b, a);
        /* Cannot fail: n, k and the workspace were checked above. */
        (void)cr_agree_topk(a, b, top_k, ws, &rep->top_k_overlap[p], &rep->jaccard[p]);
        rep->rbo[p] = cr_agree_rbo(a, b, rbo_p, 0, ws);
    }
    spread(rep, rk);
    *out = rep;
    rep = NULL;
done:
    if (wss)
        for (int t = 0; t < nt; t++) cr_agree_ws_free(wss[t]);
    free(wss);
    for (size_t s = 0; s < m; s++) cr_agree_ranking_free(rk[s]);
    free(rk);
    cr_agree_report_free(rep);
    return rc;
}
