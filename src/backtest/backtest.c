/* Backtest metrics on one ranking of m candidates against observed relevance.
 * Formulas and conventions: docs/backtest.md. Every metric is computed in one
 * pass over the order once it exists, so the cost is the sort of the scores
 * (O(m log m)) plus the sort of the positive relevance values for the ideal
 * DCG (O(R log R)). */
#include "core/core_internal.h"

#include "backtest/backtest_internal.h"

#include <math.h>
#include <string.h>

typedef struct {
    double s;
    size_t i;
} bt_pair;

struct cr_bt_ws {
    size_t cap;
    bt_pair *pairs;      /* [cap] (score, index), sorted */
    size_t *ord;         /* [cap] the order derived from scores */
    double *ideal;       /* [cap] positive relevance values, sorted descending */
    unsigned char *seen; /* [cap] permutation check for a given order */
};

void cr_bt_params_default(cr_bt_params *p)
{
    if (!p) return;
    memset(p, 0, sizeof *p);
    p->gain = CR_BT_GAIN_LINEAR;
}

cr_error_t cr_bt_ws_alloc(cr_ctx *ctx, size_t cap, cr_bt_ws **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_bt_ws_alloc: out is NULL");
    *out = NULL;
    cr_bt_ws *w = cr__calloc(ctx, 1, sizeof *w);
    if (!w) return CR_ENOMEM;
    size_t c = cap ? cap : 1;
    w->cap = cap;
    w->pairs = cr__malloc(ctx, c, sizeof *w->pairs);
    w->ord = cr__malloc(ctx, c, sizeof *w->ord);
    w->ideal = cr__malloc(ctx, c, sizeof *w->ideal);
    w->seen = cr__malloc(ctx, c, 1);
    if (!w->pairs || !w->ord || !w->ideal || !w->seen) {
        cr_bt_ws_free(w);
        return CR_ENOMEM;
    }
    *out = w;
    return CR_OK;
}

void cr_bt_ws_free(cr_bt_ws *ws)
{
    if (!ws) return;
    free(ws->pairs);
    free(ws->ord);
    free(ws->ideal);
    free(ws->seen);
    free(ws);
}

/* Score descending, then index ascending: a total order, so qsort's lack of
 * stability cannot make the result platform dependent. */
static int cmp_pair(const void *a, const void *b)
{
    const bt_pair *x = a, *y = b;
    if (x->s > y->s) return -1;
    if (x->s < y->s) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

static double gain(cr_bt_gain g, double rel)
{
    return g == CR_BT_GAIN_EXP ? exp2(rel) - 1.0 : rel;
}

static cr_error_t check_common(cr_ctx *ctx, const char *fn, cr_bt_ws *ws, size_t m, const double *rel,
                               size_t k, const cr_bt_params *p, cr_bt_result *out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "%s: out is NULL", fn);
    if (m && !rel) return cr_ctx_fail(ctx, CR_EINVAL, "%s: rel is NULL", fn);
    if (k == 0) return cr_ctx_fail(ctx, CR_EINVAL, "%s: K must be >= 1", fn);
    if (ws && ws->cap < m) return cr_ctx_fail(ctx, CR_EINVAL, "%s: workspace holds %zu candidates, %zu given", fn, ws->cap, m);
    if (p && p->gain != CR_BT_GAIN_LINEAR && p->gain != CR_BT_GAIN_EXP)
        return cr_ctx_fail(ctx, CR_EINVAL, "%s: unknown gain %d", fn, (int)p->gain);
    for (size_t i = 0; i < m; i++)
        if (!isfinite(rel[i]) || rel[i] < 0.0)
            return cr_ctx_fail(ctx, CR_EDATA, "%s: relevance of candidate %zu is %g (must be finite and >= 0)", fn, i, rel[i]);
    return CR_OK;
}

/* The metrics from their sums (from_order and cr__bt_metrics_positions):
 * one set of arithmetic for both routes. */
static void finish(cr_bt_result *r, size_t m, size_t R, size_t first, double dcg, double idcg, double sum_p,
                   double sum_p_k)
{
    const double nan = NAN;
    r->dcg = dcg;
    r->idcg = idcg;
    r->ndcg = idcg > 0.0 ? dcg / idcg : nan;
    r->precision = r->k_eff ? (double)r->hits / (double)r->k_eff : nan;
    r->recall = R ? (double)r->hits / (double)R : nan;
    r->hit = m ? (r->hits > 0 ? 1.0 : 0.0) : nan;
    r->ap = R ? sum_p / (double)R : nan;
    r->ap_k = R ? sum_p_k / (double)(R < r->k_eff ? R : r->k_eff) : nan;
    r->rr = R ? 1.0 / (double)first : nan;
    r->auc = nan;

    r->rand_precision = m ? (double)R / (double)m : nan;
    r->rand_recall = R ? (double)r->k_eff / (double)m : nan;
    if (m) {
        /* P(no relevant in the first k_eff) = C(m-R, k)/C(m, k) = prod_{i<k} (m-R-i)/(m-i) */
        double miss = 1.0;
        for (size_t i = 0; i < r->k_eff && miss > 0.0; i++)
            miss = m - R > i ? miss * (double)(m - R - i) / (double)(m - i) : 0.0;
        r->rand_hit = 1.0 - miss;
    } else {
        r->rand_hit = nan;
    }
    r->rand_auc = nan;
}

/* Everything but AUC, from an order that is known to be a permutation. */
static void from_order(cr_bt_ws *w, size_t m, const size_t *order, const double *rel, size_t k, cr_bt_gain g,
                       cr_bt_result *r)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->k = k;
    r->k_eff = k < m ? k : m;
    size_t R = 0, nid = 0;
    for (size_t i = 0; i < m; i++)
        if (rel[i] > 0.0) { R++; w->ideal[nid++] = rel[i]; }
    r->n_rel = R;

    /* One pass: hits before each position give P@i for AP; DCG over the first k_eff. */
    size_t hits = 0, first = 0;
    double dcg = 0.0, sum_p = 0.0, sum_p_k = 0.0;
    for (size_t pos = 0; pos < m; pos++) {
        double rv = rel[order[pos]];
        if (pos < r->k_eff && rv > 0.0) dcg += gain(g, rv) / log2((double)pos + 2.0);
        if (rv > 0.0) {
            hits++;
            if (!first) first = pos + 1;
            double prec = (double)hits / (double)(pos + 1);
            sum_p += prec;
            if (pos < r->k_eff) sum_p_k += prec;
        }
        if (pos + 1 == r->k_eff) r->hits = hits;
    }
    qsort(w->ideal, nid, sizeof *w->ideal, cmp_desc);
    double idcg = 0.0;
    for (size_t pos = 0; pos < nid && pos < r->k_eff; pos++) idcg += gain(g, w->ideal[pos]) / log2((double)pos + 2.0);

    finish(r, m, R, first, dcg, idcg, sum_p, sum_p_k);
}

static void set_auc(cr_bt_result *r, uint64_t twice_u)
{
    size_t R = r->n_rel, N = r->m - r->n_rel;
    if (R == 0 || N == 0) return;
    /* twice_u is an exact integer (< 2^53 for m < 9e7), so the only rounding is the division. */
    r->auc = (double)twice_u / (2.0 * (double)R * (double)N);
    r->rand_auc = 0.5;
}

/* from_order and cr_bt_metrics_order's AUC term for term, from the sorted
 * positions alone: every term they add at a non-relevant position is an
 * exact zero (dcg, sum_p, sum_p_k) or a count (hits, neg_after), so skipping
 * those positions adds the same values in the same order, and the ideal DCG
 * sorts the same multiset of positive values. */
void cr__bt_metrics_positions(size_t m, size_t R, const size_t *pos, const double *rel, size_t k, cr_bt_gain g,
                              double *ideal, cr_bt_result *r)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    r->k = k;
    r->k_eff = k < m ? k : m;
    r->n_rel = R;
    size_t first = 0;
    double dcg = 0.0, sum_p = 0.0, sum_p_k = 0.0;
    uint64_t u = 0;
    for (size_t j = 0; j < R; j++) {
        const size_t q = pos[j];
        const double rv = rel[j];
        ideal[j] = rv;
        if (q < r->k_eff) dcg += gain(g, rv) / log2((double)q + 2.0);
        const size_t hits = j + 1;
        if (!first) first = q + 1;
        double prec = (double)hits / (double)(q + 1);
        sum_p += prec;
        if (q < r->k_eff) {
            sum_p_k += prec;
            r->hits = hits;
        }
        /* non-relevant candidates after position q: (m - R) - (q - j) */
        u += (uint64_t)((m - R) - (q - j));
    }
    qsort(ideal, R, sizeof *ideal, cmp_desc);
    double idcg = 0.0;
    for (size_t q = 0; q < R && q < r->k_eff; q++) idcg += gain(g, ideal[q]) / log2((double)q + 2.0);

    finish(r, m, R, first, dcg, idcg, sum_p, sum_p_k);
    set_auc(r, 2 * u);
}

cr_error_t cr_bt_metrics_order(cr_ctx *ctx, cr_bt_ws *ws, size_t m, const size_t *order, const double *rel,
                               size_t k, const cr_bt_params *p, cr_bt_result *out)
{
    static const char fn[] = "cr_bt_metrics_order";
    CR_CHECK(check_common(ctx, fn, ws, m, rel, k, p, out));
    if (m && !order) return cr_ctx_fail(ctx, CR_EINVAL, "%s: order is NULL", fn);
    cr_bt_ws *own = NULL;
    if (!ws) {
        CR_CHECK(cr_bt_ws_alloc(ctx, m, &own));
        ws = own;
    }
    memset(ws->seen, 0, m);
    for (size_t pos = 0; pos < m; pos++) {
        size_t i = order[pos];
        if (i >= m || ws->seen[i]) {
            cr_bt_ws_free(own);
            return cr_ctx_fail(ctx, CR_EDATA, "%s: order[%zu] = %zu is %s", fn, pos, i,
                               i >= m ? "out of range" : "repeated (not a permutation)");
        }
        ws->seen[i] = 1;
    }
    from_order(ws, m, order, rel, k, p ? p->gain : CR_BT_GAIN_LINEAR, out);
    /* No ties in an order: each relevant item beats every non-relevant item after it. */
    uint64_t u = 0, neg_after = m - out->n_rel;
    for (size_t pos = 0; pos < m; pos++) {
        if (rel[order[pos]] > 0.0) u += neg_after;
        else neg_after--;
    }
    set_auc(out, 2 * u);
    cr_bt_ws_free(own);
    return CR_OK;
}

cr_error_t cr_bt_metrics_scores(cr_ctx *ctx, cr_bt_ws *ws, size_t m, const double *scores, const double *rel,
                                size_t k, const cr_bt_params *p, cr_bt_result *out)
{
    static const char fn[] = "cr_bt_metrics_scores";
    CR_CHECK(check_common(ctx, fn, ws, m, rel, k, p, out));
    if (m && !scores) return cr_ctx_fail(ctx, CR_EINVAL, "%s: scores is NULL", fn);
    for (size_t i = 0; i < m; i++)
        if (!isfinite(scores[i]))
            return cr_ctx_fail(ctx, CR_EDATA, "%s: score of candidate %zu is %g (must be finite)", fn, i, scores[i]);
    cr_bt_ws *own = NULL;
    if (!ws) {
        CR_CHECK(cr_bt_ws_alloc(ctx, m, &own));
        ws = own;
    }
    for (size_t i = 0; i < m; i++) {
        ws->pairs[i].s = scores[i] + 0.0;   /* -0 and +0 are one score */
        ws->pairs[i].i = i;
    }
    qsort(ws->pairs, m, sizeof *ws->pairs, cmp_pair);
    for (size_t pos = 0; pos < m; pos++) ws->ord[pos] = ws->pairs[pos].i;
    from_order(ws, m, ws->ord, rel, k, p ? p->gain : CR_BT_GAIN_LINEAR, out);
    /* Mann-Whitney with ties: walk groups of equal score from the top; a
     * relevant item in a group beats every non-relevant item below the group
     * and half-beats the non-relevant items of its own group. Counted twice
     * to stay in integers. */
    uint64_t twice_u = 0, neg_below = m - out->n_rel;
    for (size_t a = 0; a < m;) {
        size_t b = a;
        uint64_t pg = 0, ng = 0;
        while (b < m && ws->pairs[b].s == ws->pairs[a].s) {
            if (rel[ws->pairs[b].i] > 0.0) pg++;
            else ng++;
            b++;
        }
        neg_below -= ng;
        twice_u += 2 * pg * neg_below + pg * ng;
        a = b;
    }
    set_auc(out, twice_u);
    cr_bt_ws_free(own);
    return CR_OK;
}

void cr_bt_lift(double metric, double baseline, double *ratio, double *diff)
{
    if (ratio) *ratio = (isnan(metric) || isnan(baseline) || baseline == 0.0) ? NAN : metric / baseline;
    if (diff) *diff = metric - baseline;
}

void cr_bt_agg_init(cr_bt_agg *a)
{
    if (a) memset(a, 0, sizeof *a);
}

void cr_bt_agg_add(cr_bt_agg *a, const cr_bt_result *r)
{
    if (!a || !r) return;
    a->n_parks++;
    if (r->n_rel == 0) return;   /* recall, NDCG, AP are undefined: the park says nothing */
    a->n_used++;
    a->sum_hits += r->hits;
    a->sum_k += r->k_eff;
    a->sum_rel += r->n_rel;
    a->sum_precision += r->precision;
    a->sum_recall += r->recall;
    a->sum_hit += r->hit;
    a->sum_ndcg += r->ndcg;
    a->sum_ap += r->ap;
    a->sum_ap_k += r->ap_k;
    a->sum_rr += r->rr;
    a->sum_rand_precision += r->rand_precision;
    a->sum_rand_recall += r->rand_recall;
    a->sum_rand_hit += r->rand_hit;
    if (!isnan(r->auc)) {
        a->n_auc++;
        a->sum_auc += r->auc;
    }
}

void cr_bt_agg_summary(const cr_bt_agg *a, cr_bt_summary *s)
{
    if (!a || !s) return;
    memset(s, 0, sizeof *s);
    s->n_parks = a->n_parks;
    s->n_used = a->n_used;
    s->n_auc = a->n_auc;
    double n = (double)a->n_used, nan = NAN;
    s->precision = a->n_used ? a->sum_precision / n : nan;
    s->recall = a->n_used ? a->sum_recall / n : nan;
    s->hit = a->n_used ? a->sum_hit / n : nan;
    s->ndcg = a->n_used ? a->sum_ndcg / n : nan;
    s->ap = a->n_used ? a->sum_ap / n : nan;
    s->map = s->ap;
    s->ap_k = a->n_used ? a->sum_ap_k / n : nan;
    s->rr = a->n_used ? a->sum_rr / n : nan;
    s->auc = a->n_auc ? a->sum_auc / (double)a->n_auc : nan;
    s->micro_precision = a->sum_k ? (double)a->sum_hits / (double)a->sum_k : nan;
    s->micro_recall = a->sum_rel ? (double)a->sum_hits / (double)a->sum_rel : nan;
    s->rand_precision = a->n_used ? a->sum_rand_precision / n : nan;
    s->rand_recall = a->n_used ? a->sum_rand_recall / n : nan;
    s->rand_hit = a->n_used ? a->sum_rand_hit / n : nan;
    s->rand_auc = a->n_auc ? 0.5 : nan;
}

/* ---- seeded random order ------------------------------------------------ */

/* Public for the tests and for callers that reproduce an order; the one
 * implementation is cr__splitmix64 (src/core/core_internal.h). */
uint64_t cr_bt_splitmix64(uint64_t *state) { return cr__splitmix64(state); }

/* Uniform on [0, bound) by rejection: draws at or above the largest multiple
 * of bound are redrawn, so there is no modulo bias (expected < 2 draws). */
static uint64_t below(uint64_t *state, uint64_t bound)
{
    uint64_t lim = UINT64_MAX - UINT64_MAX % bound;
    for (;;) {
        uint64_t x = cr__splitmix64(state);
        if (x < lim) return x % bound;
    }
}

void cr_bt_random_order(uint64_t seed, uint64_t park, size_t m, size_t *order)
{
    if (!order) return;
    uint64_t st = cr__mix64(seed ^ cr__mix64(park + CR__GOLDEN_GAMMA));
    for (size_t i = 0; i < m; i++) order[i] = i;
    for (size_t i = m; i > 1; i--) {
        size_t j = (size_t)below(&st, (uint64_t)i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}
