/* Rank agreement coefficients on prepared rankings.
 *
 * Workload: a handful of schemes over up to 20,000 alternatives, compared
 * pairwise for thousands of parks. Everything that depends on one ranking
 * only (mid-ranks, order by (rank, index), dense tie groups, tie-pair count,
 * centred sum of squares) is computed once in cr_agree_ranking_alloc; a pair
 * then needs O(n) arithmetic plus Knight's O(n log n) merge sort for Kendall,
 * all in a caller-owned workspace, so the per-pair path never allocates.
 * Formulas and sources: docs/agreement.md. */
#include "agree/agree_internal.h"

#include <math.h>
#include <string.h>

struct cr_agree_ranking {
    size_t n;
    double *mid;       /* [n] mid-rank of alternative i, in [1, n] */
    uint32_t *order;   /* [n] alternatives by (mid-rank, index) ascending */
    uint32_t *group;   /* [n] dense tie group of alternative i, 0 = best */
    size_t ngroups;
    int64_t tie_pairs; /* sum over tie groups of t(t-1)/2 */
    double css;        /* sum (mid_i - (n+1)/2)^2; the mean of mid-ranks is exactly (n+1)/2 */
};

struct cr_agree_ws {
    size_t cap;
    uint32_t *perm;    /* [cap] */
    uint32_t *key;     /* [cap] */
    uint32_t *tmp;     /* [cap] merge buffer */
    uint32_t *cnt;     /* [cap+1] counting-sort buckets */
    unsigned char *m1; /* [cap] membership marks */
    unsigned char *m2; /* [cap] */
};

/* Stable bottom-up merge sort of idx[0..n) by key[idx] ascending (ties keep
 * input order, i.e. alternative index when idx starts as 0..n-1). */
static void sort_by_key(uint32_t *idx, uint32_t *buf, size_t n, const double *key)
{
    uint32_t *src = idx, *dst = buf;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) dst[o++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        uint32_t *t = src; src = dst; dst = t;
    }
    if (src != idx) memcpy(idx, src, n * sizeof *idx);
}

cr_error_t cr__agree_check_ranks(cr_ctx *ctx, const double *ranks, size_t n, const char *what)
{
    if (n < 2) return cr_ctx_fail(ctx, CR_EINVAL, "%s: need at least 2 alternatives, got %zu", what, n);
    if (n > UINT32_MAX / 2) return cr_ctx_fail(ctx, CR_EINVAL, "%s: too many alternatives (%zu)", what, n);
    for (size_t i = 0; i < n; i++) {
        double r = ranks[i];
        if (!isfinite(r)) return cr_ctx_fail(ctx, CR_EINVAL, "%s[%zu]: rank is not a finite number", what, i);
        if (r < 1.0) return cr_ctx_fail(ctx, CR_EINVAL, "%s[%zu]: rank %.17g < 1 (1 = best)", what, i, r);
        if (r > (double)n)
            return cr_ctx_fail(ctx, CR_EINVAL, "%s[%zu]: rank %.17g > n = %zu", what, i, r, n);
    }
    return CR_OK;
}

cr_error_t cr__agree_ranking_prepare(cr_ctx *ctx, const double *ranks, size_t n, const char *what,
                                     cr_agree_ranking **out)
{
    *out = NULL;
    CR_CHECK(cr__agree_check_ranks(ctx, ranks, n, what));
    cr_agree_ranking *r = cr__calloc(ctx, 1, sizeof *r);
    uint32_t *buf = NULL;
    if (!r) return CR_ENOMEM;
    r->n = n;
    r->mid = cr__malloc(ctx, n, sizeof *r->mid);
    r->order = cr__malloc(ctx, n, sizeof *r->order);
    r->group = cr__malloc(ctx, n, sizeof *r->group);
    buf = cr__malloc(ctx, n, sizeof *buf);
    if (!r->mid || !r->order || !r->group || !buf) {
        free(buf);
        cr_agree_ranking_free(r);
        return CR_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) r->order[i] = (uint32_t)i;
    sort_by_key(r->order, buf, n, ranks);
    free(buf);

    /* A run of equal input ranks occupying positions lo+1..hi (1-based) gets
     * the mid-rank (lo+1+hi)/2: exact in binary, so ties stay exact ties. */
    const double centre = ((double)n + 1.0) / 2.0;
    size_t g = 0;
    r->css = 0.0;
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && ranks[r->order[hi]] == ranks[r->order[lo]]) hi++;
        double mid = ((double)(lo + 1) + (double)hi) / 2.0;
        int64_t t = (int64_t)(hi - lo);
        r->tie_pairs += t * (t - 1) / 2;
        for (size_t k = lo; k < hi; k++) {
            r->mid[r->order[k]] = mid;
            r->group[r->order[k]] = (uint32_t)g;
            r->css += (mid - centre) * (mid - centre);
        }
        g++;
        lo = hi;
    }
    r->ngroups = g;
    *out = r;
    return CR_OK;
}

cr_error_t cr_agree_ranking_alloc(cr_ctx *ctx, const double *ranks, size_t n, cr_agree_ranking **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_ranking_alloc: out is NULL");
    if (!ranks) { *out = NULL; return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_ranking_alloc: ranks is NULL"); }
    return cr__agree_ranking_prepare(ctx, ranks, n, "ranks", out);
}

void cr_agree_ranking_free(cr_agree_ranking *r)
{
    if (!r) return;
    free(r->mid);
    free(r->order);
    free(r->group);
    free(r);
}

size_t cr_agree_ranking_n(const cr_agree_ranking *r) { return r ? r->n : 0; }

double cr_agree_ranking_midrank(const cr_agree_ranking *r, size_t i)
{
    return (r && i < r->n) ? r->mid[i] : NAN;
}

size_t cr_agree_ranking_at(const cr_agree_ranking *r, size_t pos)
{
    return (r && pos < r->n) ? r->order[pos] : (size_t)-1;
}

cr_agree_ws *cr_agree_ws_alloc(size_t cap)
{
    if (cap == 0 || cap > UINT32_MAX / 2) return NULL;
    cr_agree_ws *ws = calloc(1, sizeof *ws);
    if (!ws) return NULL;
    ws->cap = cap;
    ws->perm = malloc(cap * sizeof *ws->perm);
    ws->key = malloc(cap * sizeof *ws->key);
    ws->tmp = malloc(cap * sizeof *ws->tmp);
    ws->cnt = malloc((cap + 1) * sizeof *ws->cnt);
    ws->m1 = malloc(cap);
    ws->m2 = malloc(cap);
    if (!ws->perm || !ws->key || !ws->tmp || !ws->cnt || !ws->m1 || !ws->m2) {
        cr_agree_ws_free(ws);
        return NULL;
    }
    return ws;
}

void cr_agree_ws_free(cr_agree_ws *ws)
{
    if (!ws) return;
    free(ws->perm); free(ws->key); free(ws->tmp); free(ws->cnt); free(ws->m1); free(ws->m2);
    free(ws);
}

static int same_n(const cr_agree_ranking *a, const cr_agree_ranking *b)
{
    return a && b && a->n == b->n;
}

double cr_agree_spearman(const cr_agree_ranking *a, const cr_agree_ranking *b)
{
    if (!same_n(a, b)) return NAN;
    if (a->css <= 0.0 || b->css <= 0.0) return NAN;
    const double c = ((double)a->n + 1.0) / 2.0;
    double sxy = 0.0;
    for (size_t i = 0; i < a->n; i++) sxy += (a->mid[i] - c) * (b->mid[i] - c);
    return sxy / sqrt(a->css * b->css);
}

/* Counts pairs i<j with key[i] > key[j] while sorting key ascending
 * (bottom-up merge; equal keys are not inversions). O(n log n). */
static int64_t count_inversions(uint32_t *key, uint32_t *buf, size_t n)
{
    int64_t inv = 0;
    uint32_t *src = key, *dst = buf;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {
                if (src[j] < src[i]) {
                    inv += (int64_t)(mid - i);
                    dst[o++] = src[j++];
                } else {
                    dst[o++] = src[i++];
                }
            }
            while (i < mid) dst[o++] = src[i++];
            while (j < hi) dst[o++] = src[j++];
        }
        uint32_t *t = src; src = dst; dst = t;
    }
    return inv;
}

double cr_agree_kendall(const cr_agree_ranking *a, const cr_agree_ranking *b, cr_agree_ws *ws,
                        double *tau_a)
{
    if (tau_a) *tau_a = NAN;
    if (!same_n(a, b) || !ws || ws->cap < a->n) return NAN;
    const size_t n = a->n;

    /* Knight (1966) needs the alternatives sorted by (x, y). b->order is
     * already sorted by y; a stable counting sort on a's tie group yields
     * (x, y) order in O(n) instead of a comparison sort. */
    uint32_t *cnt = ws->cnt;
    memset(cnt, 0, (a->ngroups + 1) * sizeof *cnt);
    for (size_t i = 0; i < n; i++) cnt[a->group[i] + 1]++;
    for (size_t gi = 0; gi < a->ngroups; gi++) cnt[gi + 1] += cnt[gi];
    for (size_t k = 0; k < n; k++) {
        uint32_t alt = b->order[k];
        ws->perm[cnt[a->group[alt]]++] = alt;
    }

    /* Pairs tied in both x and y (n3): runs of equal (x group, y group). */
    int64_t n3 = 0, run = 1;
    for (size_t k = 0; k < n; k++) {
        uint32_t alt = ws->perm[k];
        ws->key[k] = b->group[alt];
        if (k > 0) {
            uint32_t prev = ws->perm[k - 1];
            if (a->group[alt] == a->group[prev] && b->group[alt] == b->group[prev]) run++;
            else { n3 += run * (run - 1) / 2; run = 1; }
        }
    }
    n3 += run * (run - 1) / 2;

    /* In (x, y) order an inversion of y is exactly a discordant pair. */
    int64_t disc = count_inversions(ws->key, ws->tmp, n);
    int64_t n0 = (int64_t)n * (int64_t)(n - 1) / 2;
    int64_t n1 = a->tie_pairs, n2 = b->tie_pairs;
    int64_t s = n0 - n1 - n2 + n3 - 2 * disc;    /* concordant - discordant */
    if (tau_a) *tau_a = (double)s / (double)n0;
    if (n1 == n0 || n2 == n0) return NAN;
    return (double)s / sqrt((double)(n0 - n1) * (double)(n0 - n2));
}

double cr_agree_weighted_spearman(const cr_agree_ranking *a, const cr_agree_ranking *b)
{
    if (!same_n(a, b)) return NAN;
    const double N = (double)a->n;
    double num = 0.0;
    for (size_t i = 0; i < a->n; i++) {
        double x = a->mid[i], y = b->mid[i], d = x - y;
        num += d * d * ((N - x + 1.0) + (N - y + 1.0));
    }
    return 1.0 - 6.0 * num / (N * N * N * N + N * N * N - N * N - N);
}

double cr_agree_ws_coef(const cr_agree_ranking *ref, const cr_agree_ranking *test)
{
    if (!same_n(ref, test)) return NAN;
    const double N = (double)ref->n;
    double sum = 0.0;
    for (size_t i = 0; i < ref->n; i++) {
        double x = ref->mid[i], y = test->mid[i];
        double den = fmax(fabs(x - 1.0), fabs(x - N));   /* >= (n-1)/2 > 0 for n >= 2 */
        sum += exp2(-x) * fabs(x - y) / den;
    }
    return 1.0 - sum;
}

cr_error_t cr_agree_topk(const cr_agree_ranking *a, const cr_agree_ranking *b, size_t k,
                         cr_agree_ws *ws, double *overlap, double *jaccard)
{
    if (overlap) *overlap = NAN;
    if (jaccard) *jaccard = NAN;
    if (!same_n(a, b) || !ws || ws->cap < a->n || k == 0 || k > a->n) return CR_EINVAL;
    memset(ws->m1, 0, a->n);
    for (size_t i = 0; i < k; i++) ws->m1[a->order[i]] = 1;
    size_t common = 0;
    for (size_t i = 0; i < k; i++) common += ws->m1[b->order[i]];
    if (overlap) *overlap = (double)common / (double)k;
    if (jaccard) *jaccard = (double)common / (double)(2 * k - common);
    return CR_OK;
}

/* Eq. 32 of Webber et al. (2010) on two duplicate-free id lists; L is the
 * longer list (length l), S the shorter (length s >= 1). Marks m1/m2 must be
 * clear on entry for all ids used and are left set. */
static double rbo_ext_core(const uint32_t *S, size_t s, const uint32_t *L, size_t l, double p,
                           unsigned char *inS, unsigned char *inL)
{
    double sum1 = 0.0, sum2 = 0.0, pd = 1.0;
    size_t x = 0, xs = 0;
    for (size_t d = 1; d <= l; d++) {
        pd *= p;
        uint32_t li = L[d - 1];
        if (d <= s) {
            uint32_t si = S[d - 1];
            if (si == li) x++;
            else { x += inL[si]; x += inS[li]; }
            inS[si] = 1;
            inL[li] = 1;
            if (d == s) xs = x;
        } else {
            x += inS[li];
            inL[li] = 1;
            /* Beyond depth s the short list is extrapolated to keep its
             * agreement X_s/s: second sum of eq. 32. */
            sum2 += (double)xs * (double)(d - s) / ((double)s * (double)d) * pd;
        }
        sum1 += (double)x / (double)d * pd;
    }
    return (1.0 - p) / p * (sum1 + sum2) + ((double)(x - xs) / (double)l + (double)xs / (double)s) * pd;
}

double cr_agree_rbo(const cr_agree_ranking *a, const cr_agree_ranking *b, double p, size_t depth,
                    cr_agree_ws *ws)
{
    if (!same_n(a, b) || !ws || ws->cap < a->n || !(p > 0.0 && p < 1.0) || depth > a->n) return NAN;
    if (depth == 0) depth = a->n;
    memset(ws->m1, 0, a->n);
    memset(ws->m2, 0, a->n);
    return rbo_ext_core(a->order, depth, b->order, depth, p, ws->m1, ws->m2);
}

cr_error_t cr_agree_rbo_lists(cr_ctx *ctx, const size_t *s_list, size_t s_len, const size_t *t_list,
                              size_t t_len, size_t nitems, double p, cr_agree_ws *ws, double *out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_rbo_lists: out is NULL");
    *out = NAN;
    if (!(p > 0.0 && p < 1.0)) return cr_ctx_fail(ctx, CR_EINVAL, "rbo: p = %.17g not in (0,1)", p);
    if (!ws || ws->cap < nitems)
        return cr_ctx_fail(ctx, CR_EINVAL, "rbo: workspace holds %zu items, need %zu", ws ? ws->cap : 0, nitems);
    if (s_len == 0 || t_len == 0) { *out = (s_len == 0 && t_len == 0) ? 1.0 : 0.0; return CR_OK; }
    if (s_len > nitems || t_len > nitems)
        return cr_ctx_fail(ctx, CR_EINVAL, "rbo: a list is longer than nitems = %zu", nitems);
    /* Validate ids and duplicates, then copy to uint32 in perm/key. */
    memset(ws->m1, 0, nitems);
    memset(ws->m2, 0, nitems);
    for (size_t i = 0; i < s_len; i++) {
        if (s_list[i] >= nitems) return cr_ctx_fail(ctx, CR_EINVAL, "rbo: first list[%zu] = %zu >= nitems", i, s_list[i]);
        if (ws->m1[s_list[i]]++) return cr_ctx_fail(ctx, CR_EINVAL, "rbo: first list[%zu] = %zu is a duplicate", i, s_list[i]);
        ws->perm[i] = (uint32_t)s_list[i];
    }
    for (size_t i = 0; i < t_len; i++) {
        if (t_list[i] >= nitems) return cr_ctx_fail(ctx, CR_EINVAL, "rbo: second list[%zu] = %zu >= nitems", i, t_list[i]);
        if (ws->m2[t_list[i]]++) return cr_ctx_fail(ctx, CR_EINVAL, "rbo: second list[%zu] = %zu is a duplicate", i, t_list[i]);
        ws->key[i] = (uint32_t)t_list[i];
    }
    memset(ws->m1, 0, nitems);
    memset(ws->m2, 0, nitems);
    if (s_len <= t_len) *out = rbo_ext_core(ws->perm, s_len, ws->key, t_len, p, ws->m1, ws->m2);
    else *out = rbo_ext_core(ws->key, t_len, ws->perm, s_len, p, ws->m1, ws->m2);
    return CR_OK;
}
