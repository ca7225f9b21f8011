/* Evaluation of weighting schemes on a dataset: common candidate set,
 * relevance from history, baselines and the backtest driver. See
 * include/chainrank/cr_evaluate.h and docs/compare.md. */
#include "core/core_internal.h"
#include "data/history.h"
#include "backtest/backtest_internal.h"
#include "evaluate/evaluate_internal.h"
#include "rank/rank_internal.h"
#include "rank/stream.h"

#include <omp.h>

#include <chainrank/cr_evaluate.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- common set ----------------------------------------------------------- */

void cr_eval_common_free(cr_eval_common *c)
{
    if (!c) return;
    free(c->ent);
    free(c->order);
    free(c->ranks);
    free(c);
}

cr_error_t cr_eval_common_build(cr_ctx *ctx, size_t nlists, const int64_t *const *lists, const size_t *lens,
                                int64_t nent, cr_eval_common **out)
{
    *out = NULL;
    if (nlists == 0 || nent < 0) return cr_ctx_fail(ctx, CR_EINVAL, "common set: need at least one ranked list");
    /* cnt[e] = lists containing e; a list may not repeat e, which is caught by
     * stamping the last list that counted e. */
    uint32_t *cnt = cr__calloc(ctx, (size_t)nent + 1, sizeof *cnt);
    uint32_t *stamp = cr__calloc(ctx, (size_t)nent + 1, sizeof *stamp);
    int64_t *pos = NULL;
    cr_eval_common *c = NULL;
    cr_error_t rc = CR_OK;
    if (!cnt || !stamp) { rc = CR_ENOMEM; goto done; }
    for (size_t l = 0; l < nlists; l++)
        for (size_t i = 0; i < lens[l]; i++) {
            int64_t e = lists[l][i];
            if (e < 0 || e >= nent) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "common set: list %zu, position %zu: enterprise index %lld out of range",
                                 l, i, (long long)e);
                goto done;
            }
            if (stamp[e] == (uint32_t)l + 1) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "common set: list %zu, position %zu: enterprise index %lld repeated",
                                 l, i, (long long)e);
                goto done;
            }
            stamp[e] = (uint32_t)l + 1;
            cnt[e]++;
        }
    c = cr__calloc(ctx, 1, sizeof *c);
    if (!c) { rc = CR_ENOMEM; goto done; }
    c->nlists = nlists;
    size_t n = 0;
    for (size_t i = 0; i < lens[0]; i++) n += cnt[lists[0][i]] == nlists;
    c->n = n;
    c->ent = cr__malloc(ctx, n + 1, sizeof *c->ent);
    c->order = cr__malloc(ctx, nlists * n + 1, sizeof *c->order);
    c->ranks = cr__malloc(ctx, nlists * n + 1, sizeof *c->ranks);
    pos = cr__malloc(ctx, (size_t)nent + 1, sizeof *pos);
    if (!c->ent || !c->order || !c->ranks || !pos) { rc = CR_ENOMEM; goto done; }
    /* ascending enterprise index: one pass over 0..nent-1 is O(nent), which
     * the callers pay anyway for cnt; no sort needed. */
    size_t t = 0;
    for (int64_t e = 0; e < nent; e++)
        if (cnt[e] == nlists) { pos[e] = (int64_t)t; c->ent[t++] = e; }
    for (size_t l = 0; l < nlists; l++) {
        size_t r = 0;
        for (size_t i = 0; i < lens[l]; i++) {
            int64_t e = lists[l][i];
            if (cnt[e] != nlists) continue;
            c->order[l * n + r] = (size_t)pos[e];
            c->ranks[l * n + (size_t)pos[e]] = (double)(r + 1);
            r++;
        }
    }
done:
    free(cnt);
    free(stamp);
    free(pos);
    if (rc != CR_OK) { cr_eval_common_free(c); return rc; }
    *out = c;
    return CR_OK;
}

/* ---- history ---------------------------------------------------------------- */

struct cr_eval_history {
    int32_t npark;
    int64_t *off;        /* [npark+1] events of park p at off[p]..off[p+1], by (date, enterprise) order of input */
    int64_t *ent;
    int32_t *date;
    int8_t *stage;
};

void cr_eval_history_free(cr_eval_history *h)
{
    if (!h) return;
    free(h->off);
    free(h->ent);
    free(h->date);
    free(h->stage);
    free(h);
}

/* Counting sort of n events by park, stable (input order within a park). */
static cr_error_t history_build(cr_ctx *ctx, int32_t npark, int64_t n, const int32_t *ent, const int32_t *park,
                                const int32_t *date, const int8_t *stage, cr_eval_history **out)
{
    cr_eval_history *h = cr__calloc(ctx, 1, sizeof *h);
    if (!h) return CR_ENOMEM;
    h->npark = npark;
    h->off = cr__calloc(ctx, (size_t)npark + 1, sizeof *h->off);
    h->ent = cr__malloc(ctx, (size_t)n + 1, sizeof *h->ent);
    h->date = cr__malloc(ctx, (size_t)n + 1, sizeof *h->date);
    h->stage = cr__malloc(ctx, (size_t)n + 1, sizeof *h->stage);
    int64_t *fill = cr__malloc(ctx, (size_t)npark + 1, sizeof *fill);
    if (!h->off || !h->ent || !h->date || !h->stage || !fill) {
        free(fill);
        cr_eval_history_free(h);
        return CR_ENOMEM;
    }
    for (int64_t i = 0; i < n; i++) h->off[park[i] + 1]++;
    for (int32_t p = 0; p < npark; p++) h->off[p + 1] += h->off[p];
    memcpy(fill, h->off, (size_t)npark * sizeof *fill);
    for (int64_t i = 0; i < n; i++) {
        int64_t q = fill[park[i]]++;
        h->ent[q] = ent[i];
        h->date[q] = date[i];
        h->stage[q] = stage[i];
    }
    free(fill);
    *out = h;
    return CR_OK;
}

cr_error_t cr_eval_history_from_dataset(cr_ctx *ctx, const cr_dataset *ds, cr_eval_history **out)
{
    *out = NULL;
    return history_build(ctx, ds->npark, ds->nhist, ds->hist_ent, ds->hist_park, ds->hist_date, ds->hist_stage, out);
}

cr_error_t cr_eval_history_load(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr_eval_history **out)
{
    *out = NULL;
    cr__history_rows rows;
    CR_CHECK(cr__history_read(ctx, ds, path, &rows));
    cr_error_t rc = history_build(ctx, ds->npark, rows.n, rows.ent, rows.park, rows.date, rows.stage, out);
    cr__history_rows_destroy(&rows);
    return rc;
}

int64_t cr_eval_history_events_after(const cr_eval_history *h, int32_t p, int32_t cutoff)
{
    if (p < 0 || p >= h->npark) return 0;
    int64_t c = 0;
    for (int64_t i = h->off[p]; i < h->off[p + 1]; i++) c += h->date[i] >= cutoff && h->stage[i] != 3;
    return c;
}

size_t cr_eval_relevance(const cr_eval_history *h, int32_t p, int32_t cutoff, const int64_t *ent, size_t m,
                         double *rel)
{
    for (size_t i = 0; i < m; i++) rel[i] = 0;
    if (p < 0 || p >= h->npark) return 0;
    for (int64_t q = h->off[p]; q < h->off[p + 1]; q++) {
        if (h->date[q] < cutoff || h->stage[q] == 3) continue;
        double g = h->stage[q] == 0 ? 1.0 : 2.0;
        size_t lo = 0, hi = m;   /* ent ascending: binary search */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (ent[mid] < h->ent[q]) lo = mid + 1;
            else hi = mid;
        }
        if (lo < m && ent[lo] == h->ent[q] && rel[lo] < g) rel[lo] = g;
    }
    size_t r = 0;
    for (size_t i = 0; i < m; i++) r += rel[i] > 0;
    return r;
}

cr_error_t cr_eval_parse_date(cr_ctx *ctx, const char *text, int32_t *days)
{
    if (!text || cr__parse_date(text, strlen(text), days) != 0)
        return cr_ctx_fail(ctx, CR_EINVAL, "'%s' is not a date YYYY-MM-DD", text ? text : "(null)");
    return CR_OK;
}

/* Civil-from-days (H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"): exact for the whole int32 range of days. */
void cr_eval_format_date(int32_t days, char buf[11])
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
    y += mo <= 2;
    snprintf(buf, 11, "%04d-%02d-%02d", (int)(y % 10000), (int)mo, (int)d);
}

/* ---- baselines ---------------------------------------------------------------- */

typedef struct {
    const cr_dataset *ds;
    const int64_t *ent;
    const double *key1;    /* group: higher first (NULL: one group) */
    const double *key2;    /* value: higher first, NaN last */
} order_ctx;

static int before(const order_ctx *o, size_t a, size_t b)
{
    if (o->key1) {
        double x = o->key1[a], y = o->key1[b];
        if (x != y) return x > y;
    }
    double x = o->key2[a], y = o->key2[b];
    int nx = isnan(x), ny = isnan(y);
    if (nx != ny) return ny;
    if (!nx && x != y) return x > y;
    int c = strcmp(cr_dataset_enterprise_id(o->ds, o->ent[a]), cr_dataset_enterprise_id(o->ds, o->ent[b]));
    if (c) return c < 0;
    return a < b;
}

/* Stable bottom-up merge sort of idx[0..m) with tmp[m]: O(m log m), no recursion. */
static void merge_sort(const order_ctx *o, size_t *idx, size_t *tmp, size_t m)
{
    size_t *src = idx, *dst = tmp;
    for (size_t w = 1; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) dst[k++] = before(o, src[j], src[i]) ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        size_t *t = src; src = dst; dst = t;
    }
    if (src != idx) memcpy(idx, src, m * sizeof *idx);
}

static cr_error_t sort_order(cr_ctx *ctx, const order_ctx *o, size_t m, size_t *order)
{
    size_t *tmp = cr__malloc(ctx, m + 1, sizeof *tmp);
    if (!tmp) return CR_ENOMEM;
    for (size_t i = 0; i < m; i++) order[i] = i;
    merge_sort(o, order, tmp, m);
    free(tmp);
    return CR_OK;
}

cr_error_t cr_eval_order_by_value(cr_ctx *ctx, const cr_dataset *ds, size_t m, const int64_t *ent,
                                  const double *value, size_t *order)
{
    order_ctx o = {ds, ent, NULL, value};
    return sort_order(ctx, &o, m, order);
}

cr_error_t cr_eval_order_sector_size(cr_ctx *ctx, const cr_dataset *ds, size_t m, const int64_t *ent,
                                     const double *gap, size_t *order)
{
    double *grp = cr__malloc(ctx, m + 1, sizeof *grp);
    double *rev = cr__malloc(ctx, m + 1, sizeof *rev);
    cr_error_t rc = CR_ENOMEM;
    if (grp && rev) {
        for (size_t i = 0; i < m; i++) {
            grp[i] = gap[i] > 0 ? 1.0 : 0.0;
            rev[i] = ds->ent_revenue[ent[i]];
        }
        order_ctx o = {ds, ent, grp, rev};
        rc = sort_order(ctx, &o, m, order);
    }
    free(grp);
    free(rev);
    return rc;
}

const char *cr_eval_baseline_name(int b)
{
    static const char *const names[] = {"random", "sector_size", "density"};
    return b >= 0 && b < CR_EVAL_NBASE ? names[b] : "?";
}

/* ---- backtest driver ------------------------------------------------------------- */

void cr_eval_bt_params_default(cr_eval_bt_params *p)
{
    memset(p, 0, sizeof *p);
    p->k = 10;
    p->seed = 1;
    cr_bt_params_default(&p->bt);
}

void cr_eval_bt_result_free(cr_eval_bt_result *r)
{
    if (!r) return;
    free(r->park);
    free(r->chain);
    free(r->ncand);
    free(r->ncommon);
    free(r->res);
    free(r->summary);
    free(r);
}

/* A relevant candidate of the current job: enterprise, gain, index in the
 * common set (ascending enterprise index), and its keys in the baselines'
 * orders. */
typedef struct {
    int64_t e;
    double rel;
    size_t ci;
    double grp, val;      /* the baseline's keys; a scheme's: val = the score */
} bt_key;

typedef struct {
    cr_ctx *ctx;
    const cr_dataset *ds;
    const cr_eval_history *h;
    const cr_eval_bt_params *p;
    size_t ns;
    int64_t **lists;      /* [ns] copies of the ranked enterprise lists of the current job */
    size_t *lens, *caps;
    double *gap, *dens;   /* [nent] criterion values of the current job (scheme 0's rows) */
    size_t *order;        /* scratch [max m] */
    double *rel, *val;
    size_t cap;
    cr_bt_ws *ws;
    cr_eval_bt_result *out;
    cr_bt_agg *agg;       /* [nmethods] */
    cr_error_t rc;
    /* the positions route (finish_job_pos) */
    int ref;              /* 1: the materialised reference route (finish_job_ref) */
    uint32_t *mark;       /* [nent] list stamps: gen + l + 1 once e is in lists 0..l of the current job */
    int32_t *slot;        /* [nent] relevant key of e in the current job, -1 otherwise */
    uint32_t gen;
    bt_key *keys;         /* [kcap] the current job's relevant keys */
    size_t *kpos, *kbuf;  /* [kcap] positions of the keys in one order, sorted; bucket counts [kcap + 1] */
    double **lscore;      /* [ns] the lists' scores (rows in candidate order on this route) */
    int *hib;             /* [ns] the lists' direction (higher_is_better) */
    size_t *scaps;
    size_t jbase;         /* cr_rank_batch job index of the current chunk's first job */
    cr_progress_fn pfn;   /* the caller's progress callback, offset by jbase (chunk_progress) */
    void *puser;
    double *krel, *kideal;
    size_t kcap;
} bt_state;

static cr_error_t ensure(bt_state *s, size_t m)
{
    if (m <= s->cap) return CR_OK;
    size_t nc = m + m / 2 + 16;
    size_t *o = realloc(s->order, nc * sizeof *o);
    if (o) s->order = o;
    double *r = realloc(s->rel, nc * sizeof *r);
    if (r) s->rel = r;
    double *v = realloc(s->val, nc * sizeof *v);
    if (v) s->val = v;
    if (!o || !r || !v) return cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory");
    cr_bt_ws_free(s->ws);
    s->ws = NULL;
    cr_error_t rc = cr_bt_ws_alloc(s->ctx, nc, &s->ws);
    if (rc != CR_OK) return rc;
    s->cap = nc;
    return CR_OK;
}

/* Reference route: metrics of one job once every scheme's list is in, from
 * the materialised common set and full orders. */
static cr_error_t finish_job_ref(bt_state *s, size_t job)
{
    cr_eval_bt_result *out = s->out;
    const size_t nm = out->nmethods;
    cr_eval_common *c = NULL;
    cr_error_t rc = cr_eval_common_build(s->ctx, s->ns, (const int64_t *const *)s->lists, s->lens, s->ds->nent, &c);
    if (rc != CR_OK) return rc;
    const size_t m = c->n;
    out->ncommon[job] = (int64_t)m;
    if ((rc = ensure(s, m)) != CR_OK) goto done;
    cr_eval_relevance(s->h, out->park[job], s->p->cutoff, c->ent, m, s->rel);
    cr_bt_result *res = out->res + job * nm;
    for (size_t l = 0; l < s->ns; l++)
        if ((rc = cr_bt_metrics_order(s->ctx, s->ws, m, c->order + l * m, s->rel, s->p->k, &s->p->bt, &res[l])) != CR_OK)
            goto done;
    cr_bt_random_order(s->p->seed, (uint64_t)out->park[job], m, s->order);
    if ((rc = cr_bt_metrics_order(s->ctx, s->ws, m, s->order, s->rel, s->p->k, &s->p->bt,
                                  &res[s->ns + CR_EVAL_BASE_RANDOM])) != CR_OK)
        goto done;
    for (size_t i = 0; i < m; i++) s->val[i] = s->gap[c->ent[i]];
    if ((rc = cr_eval_order_sector_size(s->ctx, s->ds, m, c->ent, s->val, s->order)) != CR_OK) goto done;
    if ((rc = cr_bt_metrics_order(s->ctx, s->ws, m, s->order, s->rel, s->p->k, &s->p->bt,
                                  &res[s->ns + CR_EVAL_BASE_SECTOR_SIZE])) != CR_OK)
        goto done;
    for (size_t i = 0; i < m; i++) s->val[i] = s->dens[c->ent[i]];
    if ((rc = cr_eval_order_by_value(s->ctx, s->ds, m, c->ent, s->val, s->order)) != CR_OK) goto done;
    if ((rc = cr_bt_metrics_order(s->ctx, s->ws, m, s->order, s->rel, s->p->k, &s->p->bt,
                                  &res[s->ns + CR_EVAL_BASE_DENSITY])) != CR_OK)
        goto done;
    for (size_t q = 0; q < nm; q++) cr_bt_agg_add(&s->agg[q], &res[q]);
done:
    cr_eval_common_free(c);
    return rc;
}

/* ---- positions: the lists route ---------------------------------------------------
 * Every metric reads only the positions of the relevant candidates in an
 * order of the common set (docs/backtest.md "From positions"), so a job
 * needs no common set array, full order or sort. When some scheme takes the
 * materialised path (else the streaming route below), the lists come unsorted
 * (CR__TOP_UNSORTED: candidate order, gap and density only); the position
 * of a relevant candidate ("key") in a scheme's order is the number of
 * common rows the list's order (rank_before) puts before it, and in a
 * baseline's order the number the baseline's comparison (key_before) puts
 * before it: the R keys are sorted in that order and each common row is
 * placed among them by binary search, O(n log R); in the random order it is
 * read from the same permutation (cr_bt_random_order), through the keys'
 * common indices. cr__bt_metrics_positions then gives the bits
 * cr_bt_metrics_order gives for the full order. docs/compare.md, section 3;
 * the reference route (finish_job_ref) is tested against it
 * (tests/unit/test_backtest_pos.c). */

static cr_error_t keys_reserve(bt_state *s, size_t need)
{
    if (need <= s->kcap) return CR_OK;
    size_t nc = need + need / 2 + 16;
    bt_key *k = realloc(s->keys, nc * sizeof *k);
    if (k) s->keys = k;
    size_t *p = realloc(s->kpos, nc * sizeof *p);
    if (p) s->kpos = p;
    size_t *b = realloc(s->kbuf, (nc + 1) * sizeof *b);
    if (b) s->kbuf = b;
    double *r = realloc(s->krel, nc * sizeof *r);
    if (r) s->krel = r;
    double *d = realloc(s->kideal, nc * sizeof *d);
    if (d) s->kideal = d;
    if (!k || !p || !b || !r || !d) return cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory");
    s->kcap = nc;
    return CR_OK;
}

/* before() of the baselines on (group, value, enterprise): the common index
 * breaks a tie of ids in before(); ids are unique, and common indices follow
 * enterprise indices, so comparing those is the same. */
static int key_before(const cr_dataset *ds, int grouped, double g1, double v1, int64_t e1, double g2, double v2,
                      int64_t e2)
{
    if (grouped && g1 != g2) return g1 > g2;
    int n1 = isnan(v1), n2 = isnan(v2);
    if (n1 != n2) return n2;
    if (!n1 && v1 != v2) return v1 > v2;
    int c = strcmp(cr_dataset_enterprise_id(ds, e1), cr_dataset_enterprise_id(ds, e2));
    if (c) return c < 0;
    return e1 < e2;
}

/* The ranked lists' order (topk.c before()): the better score by the
 * list's direction, then the smaller enterprise id. Rows are distinct
 * enterprises, so the row index of topk.c never decides. */
static int rank_before(const cr_dataset *ds, int hib, double s1, int64_t e1, double s2, int64_t e2)
{
    if (s1 != s2) return hib ? s1 > s2 : s1 < s2;
    int c = strcmp(cr_dataset_enterprise_id(ds, e1), cr_dataset_enterprise_id(ds, e2));
    return c != 0 ? c < 0 : e1 < e2;
}

/* Insertion sort of the R keys by the baseline's order (R is the handful of
 * a park's events; no global state, no qsort comparator context needed). */
static void keys_sort(const cr_dataset *ds, int grouped, bt_key *k, size_t R)
{
    for (size_t i = 1; i < R; i++) {
        bt_key x = k[i];
        size_t j = i;
        while (j > 0 && key_before(ds, grouped, x.grp, x.val, x.e, k[j - 1].grp, k[j - 1].val, k[j - 1].e)) {
            k[j] = k[j - 1];
            j--;
        }
        k[j] = x;
    }
}

static int cmp_key_ent(const void *a, const void *b)
{
    const bt_key *x = a, *y = b;
    return (x->e > y->e) - (x->e < y->e);
}

/* Positions of the R keys (sorted in the baseline's order) among the common
 * set of list 0, written to kpos[] ascending with krel[]. */
static void baseline_positions(bt_state *s, const int64_t *list, size_t n, uint32_t in, int grouped,
                               const double *val, size_t R)
{
    const cr_dataset *ds = s->ds;
    bt_key *k = s->keys;
    size_t *bucket = s->kbuf;
    for (size_t j = 0; j <= R; j++) bucket[j] = 0;
    for (size_t i = 0; i < n; i++) {
        const int64_t e = list[i];
        if (s->mark[e] != in || s->slot[e] >= 0) continue;
        const double g = grouped ? (s->gap[e] > 0 ? 1.0 : 0.0) : 0.0, v = val[e];
        /* first key that e comes before (before() is a strict total order, so
         * the keys e precedes are a suffix of the sorted keys) */
        size_t lo = 0, hi = R;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (key_before(ds, grouped, g, v, e, k[mid].grp, k[mid].val, k[mid].e)) hi = mid;
            else lo = mid + 1;
        }
        bucket[lo]++;
    }
    size_t ahead = 0;
    for (size_t j = 0; j < R; j++) {
        ahead += bucket[j];
        s->kpos[j] = ahead + j;
        s->krel[j] = k[j].rel;
    }
}

static cr_error_t finish_job_pos(bt_state *s, size_t job)
{
    cr_eval_bt_result *out = s->out;
    const size_t nm = out->nmethods, ns = s->ns;
    const cr_dataset *ds = s->ds;
    const size_t K = s->p->k;
    const cr_bt_gain g = s->p->bt.gain;
    if (s->gen > UINT32_MAX - ns - 2) {   /* stamps would wrap: start over */
        memset(s->mark, 0, (size_t)ds->nent * sizeof *s->mark);
        s->gen = 0;
    }
    const uint32_t g0 = s->gen;
    s->gen += (uint32_t)ns + 1;
    const uint32_t in = g0 + (uint32_t)ns;
    for (size_t l = 0; l < ns; l++)
        for (size_t i = 0; i < s->lens[l]; i++) {
            const int64_t e = s->lists[l][i];
            if (e < 0 || e >= ds->nent)
                return cr_ctx_fail(s->ctx, CR_EINVAL, "common set: list %zu, position %zu: enterprise index %lld out of range",
                                   l, i, (long long)e);
            if (l == 0) s->mark[e] = g0 + 1;
            else if (s->mark[e] == g0 + (uint32_t)l) s->mark[e] = g0 + (uint32_t)l + 1;
        }
    size_t m = 0;
    for (size_t i = 0; i < s->lens[0]; i++) m += s->mark[s->lists[0][i]] == in;
    out->ncommon[job] = (int64_t)m;

    /* relevant keys: the park's events on or after the cutoff, not withdrawn,
     * of a common candidate; the highest grade (cr_eval_relevance) */
    const cr_eval_history *h = s->h;
    const int32_t p = out->park[job];
    size_t R = 0;
    if (p >= 0 && p < h->npark) {
        cr_error_t rc = keys_reserve(s, (size_t)(h->off[p + 1] - h->off[p]));
        if (rc != CR_OK) return rc;
        for (int64_t q = h->off[p]; q < h->off[p + 1]; q++) {
            if (h->date[q] < s->p->cutoff || h->stage[q] == 3) continue;
            const int64_t e = h->ent[q];
            if (e < 0 || e >= ds->nent || s->mark[e] != in) continue;
            const double gq = h->stage[q] == 0 ? 1.0 : 2.0;
            if (s->slot[e] >= 0) {
                if (s->keys[s->slot[e]].rel < gq) s->keys[s->slot[e]].rel = gq;
                continue;
            }
            s->slot[e] = (int32_t)R;
            s->keys[R++] = (bt_key){e, gq, 0, 0, 0};
        }
    }
    cr_error_t rc = CR_OK;
    cr_bt_result *res = out->res + job * nm;
    /* schemes: the rows come in candidate order (CR__TOP_UNSORTED), so a
     * key's position is the count of common rows the list's order (score by
     * its direction, then enterprise id: topk.c) puts before it */
    for (size_t l = 0; l < ns; l++) {
        const int64_t *list = s->lists[l];
        const double *sc = s->lscore[l];
        const int hib = s->hib[l];
        for (size_t i = 0; i < s->lens[l]; i++) {
            const int64_t e = list[i];
            if (s->mark[e] == in && s->slot[e] >= 0) s->keys[s->slot[e]].val = sc[i];
        }
        /* the keys in the list's order, as an index array: slot[] must keep
         * pointing at keys[] */
        size_t *ord = s->kpos;
        for (size_t j = 0; j < R; j++) {
            size_t x = j, t = j;
            while (t > 0 && rank_before(ds, hib, s->keys[x].val, s->keys[x].e, s->keys[ord[t - 1]].val, s->keys[ord[t - 1]].e)) {
                ord[t] = ord[t - 1];
                t--;
            }
            ord[t] = x;
        }
        size_t *bucket = s->kbuf;
        for (size_t j = 0; j <= R; j++) bucket[j] = 0;
        for (size_t i = 0; i < s->lens[l]; i++) {
            const int64_t e = list[i];
            if (s->mark[e] != in || s->slot[e] >= 0) continue;
            size_t lo = 0, hi = R;   /* first key (in the list's order) that e ranks before */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (rank_before(ds, hib, sc[i], e, s->keys[ord[mid]].val, s->keys[ord[mid]].e)) hi = mid;
                else lo = mid + 1;
            }
            bucket[lo]++;
        }
        size_t ahead = 0;
        for (size_t j = 0; j < R; j++) {
            ahead += bucket[j];
            s->krel[j] = s->keys[ord[j]].rel;
            s->kpos[j] = ahead + j;   /* ord[j] is read above before kpos[j] is overwritten */
        }
        cr__bt_metrics_positions(m, R, s->kpos, s->krel, K, g, s->kideal, &res[l]);
    }
    for (size_t j = 0; j < R; j++) s->slot[s->keys[j].e] = -1;   /* slots of this job: the keys below are reordered */

    /* common indices of the keys (ascending enterprise index) */
    qsort(s->keys, R, sizeof *s->keys, cmp_key_ent);
    {
        size_t *bucket = s->kbuf;
        for (size_t j = 0; j <= R; j++) bucket[j] = 0;
        for (size_t i = 0; i < s->lens[0]; i++) {
            const int64_t e = s->lists[0][i];
            if (s->mark[e] != in) continue;
            size_t lo = 0, hi = R;   /* keys with an index below e */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->keys[mid].e < e) lo = mid + 1;
                else hi = mid;
            }
            bucket[lo]++;   /* e is below keys lo.. (or is key lo, counted for lo + 1 on) */
        }
        /* bucket[j]: common entries with exactly j keys below them; key j
         * itself is one of them, so key j has (sum of buckets 0..j) - 1
         * common entries below it */
        size_t below = 0;
        for (size_t j = 0; j < R; j++) {
            below += bucket[j];
            s->keys[j].ci = below - 1;
        }
    }
    /* random: the positions of the keys' common indices in the permutation */
    if ((rc = ensure(s, m)) != CR_OK) return rc;
    cr_bt_random_order(s->p->seed, (uint64_t)p, m, s->order);
    {
        size_t got = 0;
        for (size_t pos = 0; pos < m && got < R; pos++) {
            const size_t ci = s->order[pos];
            size_t lo = 0, hi = R;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (s->keys[mid].ci < ci) lo = mid + 1;
                else hi = mid;
            }
            if (lo < R && s->keys[lo].ci == ci) {
                s->kpos[got] = pos;
                s->krel[got++] = s->keys[lo].rel;
            }
        }
        cr__bt_metrics_positions(m, R, s->kpos, s->krel, K, g, s->kideal, &res[ns + CR_EVAL_BASE_RANDOM]);
    }
    /* sector and size, then density: keys sorted in the baseline's order */
    for (int b = 0; b < 2; b++) {
        const int grouped = b == 0;
        for (size_t j = 0; j < R; j++) {
            const int64_t e = s->keys[j].e;
            s->keys[j].grp = grouped ? (s->gap[e] > 0 ? 1.0 : 0.0) : 0.0;
            s->keys[j].val = grouped ? ds->ent_revenue[e] : s->dens[e];
        }
        keys_sort(ds, grouped, s->keys, R);
        for (size_t j = 0; j < R; j++) s->slot[s->keys[j].e] = (int32_t)j;
        baseline_positions(s, s->lists[0], s->lens[0], in, grouped, grouped ? ds->ent_revenue : s->dens, R);
        for (size_t j = 0; j < R; j++) s->slot[s->keys[j].e] = -1;
        cr__bt_metrics_positions(m, R, s->kpos, s->krel, K, g, s->kideal,
                                 &res[ns + (grouped ? CR_EVAL_BASE_SECTOR_SIZE : CR_EVAL_BASE_DENSITY)]);
    }
    for (size_t q = 0; q < nm; q++) cr_bt_agg_add(&s->agg[q], &res[q]);
    return CR_OK;
}

static int bt_cb(void *user, size_t jobi, const cr_rank_result *res)
{
    bt_state *s = user;
    jobi += s->jbase;   /* the chunk's first job (bt_run) */
    size_t job = jobi / s->ns, l = jobi % s->ns;
    size_t n = (size_t)res->nrows;
    if (n > s->caps[l]) {
        int64_t *a = realloc(s->lists[l], (n + n / 2 + 16) * sizeof *a);
        if (!a) { s->rc = cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory"); return 1; }
        s->lists[l] = a;
        s->caps[l] = n + n / 2 + 16;
    }
    memcpy(s->lists[l], res->ent, n * sizeof *res->ent);
    s->lens[l] = n;
    if (!s->ref) {
        if (n > s->scaps[l]) {
            double *a = realloc(s->lscore[l], (n + n / 2 + 16) * sizeof *a);
            if (!a) { s->rc = cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory"); return 1; }
            s->lscore[l] = a;
            s->scaps[l] = n + n / 2 + 16;
        }
        memcpy(s->lscore[l], res->score, n * sizeof *res->score);
        s->hib[l] = res->higher_is_better;
    }
    if (l == 0) {
        s->out->ncand[job] = res->ncand;
        /* gap and density do not depend on the scheme's weights; the gap
         * criterion's kind weights do, but only its sign is used (> 0 = in a
         * gap segment). Written for the rows only; finish_job reads rows of
         * the common set, a subset of scheme 0's rows. */
        if (s->ref)
            for (size_t i = 0; i < n; i++) {
                s->gap[res->ent[i]] = res->value[i * CR_NCRIT + CR_CRIT_GAP];
                s->dens[res->ent[i]] = res->value[i * CR_NCRIT + CR_CRIT_DENSITY];
            }
        else   /* CR__TOP_UNSORTED: two values a row, gap and density */
            for (size_t i = 0; i < n; i++) {
                s->gap[res->ent[i]] = res->value[2 * i];
                s->dens[res->ent[i]] = res->value[2 * i + 1];
            }
    }
    if (l + 1 == s->ns && (s->rc = s->ref ? finish_job_ref(s, job) : finish_job_pos(s, job)) != CR_OK) return 1;
    return 0;
}

/* cr_rank_batch's progress of one chunk, as progress over every job. */
static void chunk_progress(void *user, const char *stage, uint64_t done, uint64_t total)
{
    const bt_state *s = user;
    (void)total;
    s->pfn(s->puser, stage, s->jbase + done, (uint64_t)s->out->njobs * s->ns);
}

/* ---- the streaming positions route ---------------------------------------------
 * When every scheme takes the streaming kernel, a job needs no ranked list:
 * per group of up to CR__LANES parks of a chain, cr__stream_positions gives
 * the common set's size, which relevant candidates are common and their
 * positions in the baselines' orders (one sweep, scheme 0's gap), then for
 * each scheme their positions in its order (its pass 1, then a counting
 * sweep whose bounds skip the rows that come after every key). The same
 * positions as finish_job_pos computes from the lists, so the same bits
 * (tests/unit/test_backtest_pos.c); docs/compare.md section 3. */

typedef struct {
    size_t pos;
    double rel;
} bt_pr;

static int cmp_pr(const void *a, const void *b)
{
    const bt_pr *x = a, *y = b;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

typedef struct {
    cr_ctx *ctx;
    cr__stream_ws *sw;
    int isa;              /* kernel forced by the tests (-1: the widest the CPU has) */
    size_t *order;        /* [ocap] cr_bt_random_order's permutation */
    size_t ocap;
} bt_worker;

/* A lane's arrays, ne (the park's events) entries each. */
typedef struct {
    int64_t *kp, *ci, *psec, *pden, *ck, *posl;   /* posl: [ns][ne] */
    double *kr, *rl, *idl;
    size_t *kps;
    bt_pr *pr;
    uint8_t *common;
} bt_lane;

static void lane_free(bt_lane *a)
{
    free(a->kp); free(a->ci); free(a->psec); free(a->pden); free(a->ck); free(a->posl);
    free(a->kr); free(a->rl); free(a->idl); free(a->kps); free(a->pr); free(a->common);
}

/* One group: jobs jg[0..nb) (parks of chain k, in job order); writes their
 * ncand, ncommon and res rows. */
static cr_error_t st_group(bt_worker *wk, const cr_ranker *r, const cr_eval_history *h, const cr_scheme *const *schemes,
                           size_t ns, int32_t k, const size_t *jg, int nb, const cr_eval_bt_params *p, int nthreads,
                           cr_eval_bt_result *out)
{
    cr_ctx *ctx = wk->ctx;
    if (!wk->sw) {
        CR_CHECK(cr__stream_ws_new(ctx, r, &wk->sw));
        if (wk->isa >= 0 && !cr__stream_ws_set_isa(wk->sw, wk->isa))
            return cr_ctx_fail(ctx, CR_EINVAL, "backtest: kernel %d not available on this CPU", wk->isa);
    }
    const int64_t *cand = r->cand + r->cand_off[k];
    const int64_t nc = r->cand_off[k + 1] - r->cand_off[k];
    const size_t nm = out->nmethods;
    int32_t parks[CR__LANES];
    cr__stream_posq q, qs;
    memset(&q, 0, sizeof q);
    memset(&qs, 0, sizeof qs);
    q.baseline = 1;
    for (size_t l = 0; l < ns; l++)
        for (int t = 0; t < CR_RANK_NRES; t++) q.hard[t] |= schemes[l]->hard[t];
    memcpy(qs.hard, q.hard, sizeof qs.hard);
    bt_lane ln[CR__LANES];
    memset(ln, 0, sizeof ln);
    size_t ne[CR__LANES], R[CR__LANES];
    cr_error_t rc = CR_OK;
    for (int b = 0; b < nb; b++) {
        const int32_t pk = out->park[jg[b]];
        bt_lane *a = &ln[b];
        parks[b] = pk;
        const size_t n1 = (pk >= 0 && pk < h->npark ? (size_t)(h->off[pk + 1] - h->off[pk]) : 0) + 1;
        ne[b] = n1;
        a->kp = cr__malloc(ctx, n1, sizeof *a->kp);
        a->ci = cr__malloc(ctx, n1, sizeof *a->ci);
        a->psec = cr__malloc(ctx, n1, sizeof *a->psec);
        a->pden = cr__malloc(ctx, n1, sizeof *a->pden);
        a->ck = cr__malloc(ctx, n1, sizeof *a->ck);
        a->posl = cr__malloc(ctx, n1 * ns, sizeof *a->posl);
        a->kr = cr__malloc(ctx, n1, sizeof *a->kr);
        a->rl = cr__malloc(ctx, n1, sizeof *a->rl);
        a->idl = cr__malloc(ctx, n1, sizeof *a->idl);
        a->kps = cr__malloc(ctx, n1, sizeof *a->kps);
        a->pr = cr__malloc(ctx, n1, sizeof *a->pr);
        a->common = cr__malloc(ctx, n1, 1);
        if (!a->kp || !a->ci || !a->psec || !a->pden || !a->ck || !a->posl || !a->kr || !a->rl || !a->idl || !a->kps ||
            !a->pr || !a->common) {
            rc = CR_ENOMEM;
            goto done;
        }
        /* the park's events on or after the cutoff, not withdrawn, of a
         * candidate of the chain (candidates are in index order): (position,
         * grade), the highest grade per candidate (cr_eval_relevance) */
        size_t n = 0;
        for (size_t i = 0; i + 1 < n1; i++) {
            const int64_t qi = h->off[pk] + (int64_t)i;
            if (h->date[qi] < p->cutoff || h->stage[qi] == 3) continue;
            const int64_t e = h->ent[qi];
            int64_t lo = 0, hi = nc;
            while (lo < hi) {
                const int64_t mid = lo + (hi - lo) / 2;
                if (cand[mid] < e) lo = mid + 1;
                else hi = mid;
            }
            if (lo >= nc || cand[lo] != e) continue;
            a->pr[n].pos = (size_t)lo;
            a->pr[n++].rel = h->stage[qi] == 0 ? 1.0 : 2.0;
        }
        qsort(a->pr, n, sizeof *a->pr, cmp_pr);
        size_t u = 0;
        for (size_t i = 0; i < n; i++) {
            if (u && (size_t)a->kp[u - 1] == a->pr[i].pos) {
                if (a->kr[u - 1] < a->pr[i].rel) a->kr[u - 1] = a->pr[i].rel;
                continue;
            }
            a->kp[u] = (int64_t)a->pr[i].pos;
            a->kr[u++] = a->pr[i].rel;
        }
        q.nk[b] = (int64_t)u;
        q.kpos[b] = a->kp;
        q.ci[b] = a->ci;
        q.psec[b] = a->psec;
        q.pden[b] = a->pden;
        q.common[b] = a->common;
    }
    if ((rc = cr__stream_positions(ctx, wk->sw, r, schemes[0], k, parks, nb, nthreads, &q)) != CR_OK) goto done;
    /* the common keys, in position order, for the schemes */
    for (int b = 0; b < nb; b++) {
        bt_lane *a = &ln[b];
        size_t n = 0;
        for (int64_t j = 0; j < q.nk[b]; j++) {
            if (!a->common[j]) continue;
            a->ci[n] = a->ci[j];
            a->psec[n] = a->psec[j];
            a->pden[n] = a->pden[j];
            a->kr[n] = a->kr[j];
            a->ck[n++] = a->kp[j];
        }
        R[b] = n;
        qs.nk[b] = (int64_t)n;
        qs.kpos[b] = a->ck;
    }
    for (size_t l = 0; l < ns; l++) {
        for (int b = 0; b < nb; b++) qs.pos[b] = ln[b].posl + l * ne[b];
        if ((rc = cr__stream_positions(ctx, wk->sw, r, schemes[l], k, parks, nb, nthreads, &qs)) != CR_OK) goto done;
    }
    /* metrics per job and method: the keys' (position, grade) by position */
    for (int b = 0; b < nb; b++) {
        bt_lane *a = &ln[b];
        const size_t job = jg[b], n = R[b], m = (size_t)q.m[b];
        cr_bt_result *res = out->res + job * nm;
        out->ncand[job] = q.ncand[b];
        out->ncommon[job] = q.m[b];
        for (size_t mth = 0; mth < nm; mth++) {
            if (mth == ns + CR_EVAL_BASE_RANDOM) {
                /* the positions of the keys' common indices in the permutation */
                if (m > wk->ocap) {
                    size_t *o = realloc(wk->order, (m + m / 2 + 16) * sizeof *o);
                    if (!o) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
                    wk->order = o;
                    wk->ocap = m + m / 2 + 16;
                }
                cr_bt_random_order(p->seed, (uint64_t)parks[b], m, wk->order);
                size_t got = 0;
                for (size_t at = 0; at < m && got < n; at++) {
                    const int64_t c = (int64_t)wk->order[at];
                    size_t lo = 0, hi = n;   /* ci ascending (keys in position order) */
                    while (lo < hi) {
                        size_t mid = lo + (hi - lo) / 2;
                        if (a->ci[mid] < c) lo = mid + 1;
                        else hi = mid;
                    }
                    if (lo < n && a->ci[lo] == c) {
                        a->pr[got].pos = at;
                        a->pr[got++].rel = a->kr[lo];
                    }
                }
            } else {
                const int64_t *src = mth < ns ? a->posl + mth * ne[b]
                                     : mth == ns + CR_EVAL_BASE_SECTOR_SIZE ? a->psec : a->pden;
                for (size_t j = 0; j < n; j++) {
                    a->pr[j].pos = (size_t)src[j];
                    a->pr[j].rel = a->kr[j];
                }
                qsort(a->pr, n, sizeof *a->pr, cmp_pr);
            }
            for (size_t j = 0; j < n; j++) {
                a->kps[j] = a->pr[j].pos;
                a->rl[j] = a->pr[j].rel;
            }
            cr__bt_metrics_positions(m, n, a->kps, a->rl, p->k, p->bt.gain, a->idl, &res[mth]);
        }
    }
done:
    for (int b = 0; b < nb; b++) lane_free(&ln[b]);
    return rc;
}

/* 1 if every scheme takes the streaming kernel (the streaming route). */
static int st_eligible(const cr_scheme *const *schemes, size_t ns)
{
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 1;
    for (size_t l = 0; l < ns; l++)
        if (!cr__stream_eligible(schemes[l], &o)) return 0;
    return ns > 0;
}

/* The jobs in groups of up to CR__LANES parks of a chain (in job order of
 * each chain), spread over threads (each group single-threaded, its own
 * context and workspace) when there are at least as many groups as
 * threads, else one at a time with every thread inside; then the
 * aggregates in job order: the same bytes for any thread count. */
static cr_error_t st_run(cr_ctx *ctx, const cr_ranker *r, const cr_eval_history *h, const cr_scheme *const *schemes,
                         size_t ns, size_t njobs, const cr_eval_bt_params *p, int isa, cr_eval_bt_result *out,
                         cr_bt_agg *agg)
{
    const cr_dataset *ds = r->ds;
    const size_t nm = out->nmethods;
    size_t *gj = cr__malloc(ctx, njobs + 1, sizeof *gj);          /* jobs by group */
    size_t *goff = cr__malloc(ctx, njobs + 2, sizeof *goff);
    int32_t *gch = cr__malloc(ctx, njobs + 1, sizeof *gch);
    size_t *gopen = cr__malloc(ctx, (size_t)ds->nchain + 1, sizeof *gopen);   /* chain's open group, or SIZE_MAX */
    size_t *gsz = cr__calloc(ctx, njobs + 1, sizeof *gsz);
    size_t *gof = cr__malloc(ctx, njobs + 1, sizeof *gof);   /* group of each job */
    cr_error_t rc = CR_OK;
    size_t ng = 0;
    int nt = cr__nthreads(ctx), outer = 0, nw = 1;
    bt_worker *wk = NULL;
    cr_error_t *rcs = NULL;
    char **msgs = NULL;
    if (!gj || !goff || !gch || !gopen || !gsz || !gof) { rc = CR_ENOMEM; goto done; }
    for (int32_t c = 0; c < ds->nchain; c++) gopen[c] = SIZE_MAX;
    for (size_t j = 0; j < njobs; j++) {
        const int32_t c = out->chain[j];
        if (gopen[c] == SIZE_MAX || gsz[gopen[c]] == CR__LANES) {
            gopen[c] = ng;
            gch[ng++] = c;
        }
        gof[j] = gopen[c];
        gsz[gopen[c]]++;
    }
    goff[0] = 0;
    for (size_t g = 0; g < ng; g++) goff[g + 1] = goff[g] + gsz[g];
    for (size_t g = 0; g < ng; g++) gsz[g] = 0;
    for (size_t j = 0; j < njobs; j++) gj[goff[gof[j]] + gsz[gof[j]]++] = j;
    outer = nt > 1 && ng >= (size_t)nt;
    nw = outer ? nt : 1;
    wk = cr__calloc(ctx, (size_t)nw, sizeof *wk);
    rcs = cr__calloc(ctx, ng + 1, sizeof *rcs);
    msgs = cr__calloc(ctx, ng + 1, sizeof *msgs);
    if (!wk || !rcs || !msgs) { rc = CR_ENOMEM; goto done; }
    for (int t = 0; t < nw && rc == CR_OK; t++) {
        wk[t].isa = isa;
        if (!outer) { wk[t].ctx = ctx; continue; }
        if (!(wk[t].ctx = cr_ctx_alloc())) rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        else cr_ctx_set_threads(wk[t].ctx, 1);
    }
    if (rc != CR_OK) goto done;
    if (outer) {
        size_t done_j = 0;   /* progress in jobs, reported by the calling thread (thread 0) */
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
        for (size_t g = 0; g < ng; g++) {
            bt_worker *w = &wk[omp_get_thread_num()];
            rcs[g] = st_group(w, r, h, schemes, ns, gch[g], gj + goff[g], (int)(goff[g + 1] - goff[g]), p, 1, out);
            if (rcs[g] != CR_OK) msgs[g] = strdup(cr_ctx_errmsg(w->ctx));
            size_t d;
#pragma omp atomic capture
            d = done_j += goff[g + 1] - goff[g];
            if (omp_get_thread_num() == 0) cr__progress(ctx, "jobs", (uint64_t)d, (uint64_t)njobs);
        }
        for (size_t g = 0; g < ng && rc == CR_OK; g++)
            if (rcs[g] != CR_OK) rc = cr_ctx_fail(ctx, rcs[g], "%s", msgs[g] ? msgs[g] : cr_strerror(rcs[g]));
    } else {
        for (size_t g = 0; g < ng && rc == CR_OK; g++) {
            rc = st_group(&wk[0], r, h, schemes, ns, gch[g], gj + goff[g], (int)(goff[g + 1] - goff[g]), p, nt, out);
            cr__progress(ctx, "jobs", (uint64_t)goff[g + 1], (uint64_t)njobs);
        }
    }
    if (rc == CR_OK)
        for (size_t j = 0; j < njobs; j++)
            for (size_t q = 0; q < nm; q++) cr_bt_agg_add(&agg[q], &out->res[j * nm + q]);
done:
    for (int t = 0; wk && t < nw; t++) {
        cr__stream_ws_free(wk[t].sw);
        free(wk[t].order);
        if (outer) cr_ctx_free(wk[t].ctx);
    }
    for (size_t g = 0; msgs && g < ng; g++) free(msgs[g]);
    free(wk); free(rcs); free(msgs);
    free(gj); free(goff); free(gch); free(gopen); free(gsz); free(gof);
    return rc;
}

static cr_error_t bt_run(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                         const cr_scheme *const *schemes, size_t ns, const int32_t *parks, const int32_t *chains,
                         size_t njobs, const cr_eval_bt_params *p, int route, int isa, cr_eval_bt_result **out)
{
    const int ref = route == CR__BT_ROUTE_REF;
    *out = NULL;
    if (ns == 0) return cr_ctx_fail(ctx, CR_EINVAL, "backtest: no scheme");
    if (p->k == 0) return cr_ctx_fail(ctx, CR_EINVAL, "backtest: K must be >= 1");
    if (njobs && (!parks || !chains)) return cr_ctx_fail(ctx, CR_EINVAL, "backtest: %zu jobs but no park or chain array", njobs);
    cr_error_t rc = CR_OK;
    const size_t nm = ns + CR_EVAL_NBASE;
    bt_state s;
    memset(&s, 0, sizeof s);
    s.ctx = ctx; s.ds = ds; s.h = h; s.p = p; s.ns = ns; s.ref = ref;
    /* the reference route checks the gain in cr_bt_metrics_order, at the
     * first job; the positions route does not call it: the same message */
    if (!ref && njobs && p->bt.gain != CR_BT_GAIN_LINEAR && p->bt.gain != CR_BT_GAIN_EXP)
        return cr_ctx_fail(ctx, CR_EINVAL, "cr_bt_metrics_order: unknown gain %d", (int)p->bt.gain);
    cr_rank_job *jobs = NULL;
    cr_eval_bt_result *o = cr__calloc(ctx, 1, sizeof *o);
    if (!o) return CR_ENOMEM;
    o->nschemes = ns; o->nmethods = nm; o->njobs = njobs;
    o->park = cr__malloc(ctx, njobs + 1, sizeof *o->park);
    o->chain = cr__malloc(ctx, njobs + 1, sizeof *o->chain);
    o->ncand = cr__calloc(ctx, njobs + 1, sizeof *o->ncand);
    o->ncommon = cr__calloc(ctx, njobs + 1, sizeof *o->ncommon);
    o->res = cr__calloc(ctx, njobs * nm + 1, sizeof *o->res);
    o->summary = cr__calloc(ctx, nm, sizeof *o->summary);
    s.agg = cr__calloc(ctx, nm, sizeof *s.agg);
    s.lists = cr__calloc(ctx, ns, sizeof *s.lists);
    s.lens = cr__calloc(ctx, ns, sizeof *s.lens);
    s.caps = cr__calloc(ctx, ns, sizeof *s.caps);
    s.gap = cr__calloc(ctx, (size_t)ds->nent + 1, sizeof *s.gap);
    s.dens = cr__calloc(ctx, (size_t)ds->nent + 1, sizeof *s.dens);
    jobs = cr__malloc(ctx, njobs * ns + 1, sizeof *jobs);
    if (!ref) {
        s.mark = cr__calloc(ctx, (size_t)ds->nent + 1, sizeof *s.mark);
        s.slot = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *s.slot);
        s.lscore = cr__calloc(ctx, ns, sizeof *s.lscore);
        s.hib = cr__calloc(ctx, ns, sizeof *s.hib);
        s.scaps = cr__calloc(ctx, ns, sizeof *s.scaps);
        if (!s.mark || !s.slot || !s.lscore || !s.hib || !s.scaps) { rc = CR_ENOMEM; goto done; }
        for (int64_t e = 0; e < ds->nent; e++) s.slot[e] = -1;
    }
    if (!o->park || !o->chain || !o->ncand || !o->ncommon || !o->res || !o->summary || !s.agg || !s.lists ||
        !s.lens || !s.caps || !s.gap || !s.dens || !jobs) {
        rc = CR_ENOMEM;
        goto done;
    }
    /* njobs 0 (no park with an outcome) is a valid, empty backtest; the
     * arrays may then be NULL, which memcpy may not receive even for 0 bytes */
    if (njobs) {
        memcpy(o->park, parks, njobs * sizeof *parks);
        memcpy(o->chain, chains, njobs * sizeof *chains);
    }
    for (size_t q = 0; q < nm; q++) cr_bt_agg_init(&s.agg[q]);
    if (route == CR__BT_ROUTE_AUTO && st_eligible(schemes, ns)) {
        s.out = o;
        for (size_t j = 0; j < njobs && rc == CR_OK; j++) rc = cr__rank_check_job(ctx, r, parks[j], chains[j]);
        if (rc == CR_OK) rc = st_run(ctx, r, h, schemes, ns, njobs, p, isa, o, s.agg);
        if (rc != CR_OK) goto done;
        for (size_t q = 0; q < nm; q++) cr_bt_agg_summary(&s.agg[q], &o->summary[q]);
        goto done;
    }
    for (size_t j = 0; j < njobs; j++)
        for (size_t l = 0; l < ns; l++) {
            jobs[j * ns + l].park = parks[j];
            jobs[j * ns + l].chain = chains[j];
            jobs[j * ns + l].scheme = (int)l;
        }
    s.out = o;
    cr_rank_opts ro;
    cr_rank_opts_default(&ro);
    ro.top = ref ? 0 : CR__TOP_UNSORTED;
    {
        /* Chunks of parks: a result holds every ranked row (32 bytes a row on
         * the positions route, 96 + on the reference), and a wave of
         * cr_rank_batch holds hundreds of jobs (src/rank/batch.c), 7 GB at a
         * million enterprises. A chunk keeps about 256 MB of rows (at least
         * 4 parks a thread, so both threads stay busy); the jobs and their
         * results do not depend on the chunking. */
        const int nt = cr__nthreads(ctx);
        const int64_t nc = r->ds->nent > 0 ? r->ds->nent : 1;
        size_t per = (size_t)((256ull << 20) / ((uint64_t)nc * (ref ? 112u : 32u) * ns));
        if (per < 4 * (size_t)nt) per = 4 * (size_t)nt;
        cr__ctx_get_progress(ctx, &s.pfn, &s.puser);
        if (s.pfn) cr_ctx_set_progress(ctx, chunk_progress, &s);
        for (size_t j0 = 0; j0 < njobs && rc == CR_OK; j0 += per) {
            const size_t nj = njobs - j0 < per ? njobs - j0 : per;
            s.jbase = j0 * ns;
            rc = cr_rank_batch(ctx, r, schemes, jobs + j0 * ns, nj * ns, &ro, bt_cb, &s);
            if (s.rc != CR_OK) rc = s.rc;
        }
        if (s.pfn) cr_ctx_set_progress(ctx, s.pfn, s.puser);
    }
    if (rc != CR_OK) goto done;
    for (size_t q = 0; q < nm; q++) cr_bt_agg_summary(&s.agg[q], &o->summary[q]);
done:
    for (size_t l = 0; s.lists && l < ns; l++) free(s.lists[l]);
    free(s.lists); free(s.lens); free(s.caps); free(s.gap); free(s.dens);
    free(s.order); free(s.rel); free(s.val); free(s.agg);
    for (size_t l = 0; s.lscore && l < ns; l++) free(s.lscore[l]);
    free(s.lscore); free(s.hib); free(s.scaps);
    free(s.mark); free(s.slot); free(s.keys); free(s.kpos); free(s.kbuf); free(s.krel); free(s.kideal);
    cr_bt_ws_free(s.ws);
    free(jobs);
    if (rc != CR_OK) { cr_eval_bt_result_free(o); return rc; }
    *out = o;
    return CR_OK;
}

cr_error_t cr_eval_backtest(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                            const cr_scheme *const *schemes, size_t ns, const int32_t *parks, const int32_t *chains,
                            size_t njobs, const cr_eval_bt_params *p, cr_eval_bt_result **out)
{
    return bt_run(ctx, r, ds, h, schemes, ns, parks, chains, njobs, p, CR__BT_ROUTE_AUTO, -1, out);
}

cr_error_t cr__eval_backtest_ref(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                                 const cr_scheme *const *schemes, size_t ns, const int32_t *parks, const int32_t *chains,
                                 size_t njobs, const cr_eval_bt_params *p, cr_eval_bt_result **out)
{
    return bt_run(ctx, r, ds, h, schemes, ns, parks, chains, njobs, p, CR__BT_ROUTE_REF, -1, out);
}

cr_error_t cr__eval_backtest_route(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                                   const cr_scheme *const *schemes, size_t ns, const int32_t *parks,
                                   const int32_t *chains, size_t njobs, const cr_eval_bt_params *p, int route, int isa,
                                   cr_eval_bt_result **out)
{
    return bt_run(ctx, r, ds, h, schemes, ns, parks, chains, njobs, p, route, isa, out);
}
