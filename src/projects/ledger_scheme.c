/* Per scheme: were the landed projects on the scheme's list before they
 * signed? (docs/projects.md "ledger --by scheme"). The landed projects are
 * grouped by (signing year, park, chain); each group is ranked once with a
 * ranker as of 1 January of the year (the backtest's tenancy rule,
 * cr_ranker_new_as_of), its top K rows kept, and the backtest's metrics
 * (cr_bt_metrics_order over those rows, relevance 1 for the group's
 * enterprises) give the hits in the top K; a random list of K of the
 * nranked candidates holds a given one with probability K / nranked. Cost: one ranker a
 * signing year and one full ranking a (group, scheme), all of a year's in one cr_rank_batch
 * (parallel over the jobs, results delivered in order: the same bits as one by one). */
#include "projects/projects_internal.h"
#include "core/core_internal.h"
#include "data/dates.h"

#include <chainrank/cr_backtest.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int32_t year, park, chain;
    int64_t ent;
} landed;

static int cmp_landed(const void *a, const void *b)
{
    const landed *x = a, *y = b;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    if (x->park != y->park) return x->park < y->park ? -1 : 1;
    if (x->chain != y->chain) return x->chain < y->chain ? -1 : 1;
    return (x->ent > y->ent) - (x->ent < y->ent);
}

/* The chain a project is ranked in: one with its segment that the park
 * leads, else the first with its segment; -1 if none. */
static int32_t project_chain(const cr_dataset *ds, int32_t park, int32_t seg)
{
    int32_t first = -1;
    for (int32_t c = 0; c < ds->nchain; c++)
        for (int64_t m = ds->mem_off[c]; m < ds->mem_off[c + 1]; m++) {
            if (ds->mem_seg[m] != seg) continue;
            if (first < 0) first = c;
            for (int64_t q = ds->park_chain_off[park]; q < ds->park_chain_off[park + 1]; q++)
                if (ds->park_chain[q] == c) return c;
        }
    return first;
}

/* The hits of one batch's jobs, delivered in job order (group-major, then scheme). */
typedef struct {
    cr_ctx *ctx;
    const landed *L;
    const int64_t *gstart;   /* [groups + 1] of this year's batch: group g is L[gstart[g] .. gstart[g + 1]) */
    int nschemes, top;
    cr_ledger_scheme *outs;
    double *rand_sum;
    size_t *order;
    double *rel;
    size_t cap;
} hits_st;

static int hits_cb(void *user, size_t job, const cr_rank_result *res)
{
    hits_st *s = user;
    const size_t g = job / (size_t)s->nschemes;
    const int si = (int)(job % (size_t)s->nschemes);
    const int64_t a = s->gstart[g], b = s->gstart[g + 1];
    cr_ledger_scheme *out = &s->outs[si];
    out->landed += b - a;
    size_t mrows = (size_t)res->nrows;
    if (!mrows) return 0;
    if (mrows > s->cap) {
        free(s->order);
        free(s->rel);
        s->cap = mrows;
        s->order = cr__malloc(s->ctx, s->cap, sizeof *s->order);
        s->rel = cr__malloc(s->ctx, s->cap, sizeof *s->rel);
        if (!s->order || !s->rel) {
            s->cap = 0;
            return 1;
        }
    }
    for (size_t i = 0; i < mrows; i++) {
        s->order[i] = i;
        s->rel[i] = 0;
        for (int64_t q = a; q < b; q++)
            if (res->ent[i] == s->L[q].ent) s->rel[i] = 1;
    }
    cr_bt_result bt;
    if (cr_bt_metrics_order(s->ctx, NULL, mrows, s->order, s->rel, (size_t)s->top, NULL, &bt) != CR_OK) return 1;
    out->on_list += (int64_t)bt.hits;
    /* a random list of k_eff of the nranked candidates holds each landed project with probability k_eff / nranked */
    s->rand_sum[si] += (double)(b - a) * (double)bt.k_eff / (double)res->nranked;
    return 0;
}

cr_error_t cr_ledger_scheme_hits(cr_ctx *ctx, const cr_model *m, const cr_projects *p, int32_t as_of,
                                 const cr_scheme *const *schemes, int nschemes, int top, cr_ledger_scheme *outs)
{
    for (int i = 0; i < nschemes; i++) {
        memset(&outs[i], 0, sizeof outs[i]);
        outs[i].share = outs[i].random_share = NAN;
    }
    const cr_dataset *ds = cr_model_dataset(m);
    if (as_of == CR_SINCE_UNKNOWN) as_of = cr_projects_default_as_of(ds);
    if (top < 1) return cr_ctx_fail(ctx, CR_EINVAL, "ledger: the list length must be >= 1");
    landed *L = cr__malloc(ctx, (size_t)p->n + 1, sizeof *L);
    if (!L) return CR_ENOMEM;
    int64_t n = 0;
    for (int64_t i = 0; i < p->n; i++) {
        int32_t sd = CR_SINCE_UNKNOWN, st = CR_SINCE_UNKNOWN;
        for (int64_t t = p->ev_off[i]; t < p->ev_off[i + 1]; t++) {
            if (p->ev_date[t] > as_of) break;
            if (p->ev_stage[t] == CR_PEV_SIGNED) sd = p->ev_date[t];
            if (p->ev_stage[t] == CR_PEV_STARTED) st = p->ev_date[t];
        }
        if (sd == CR_SINCE_UNKNOWN || st == CR_SINCE_UNKNOWN) continue;
        int32_t c = project_chain(ds, p->park[i], p->seg[i]);
        if (c < 0) continue;
        L[n++] = (landed){cr__year_of_days(sd), p->park[i], c, p->ent[i]};
    }
    qsort(L, (size_t)n, sizeof *L, cmp_landed);
    cr_error_t rc = CR_OK;
    cr_ranker *r = NULL;
    cr_rank_job *jobs = cr__malloc(ctx, (size_t)n * (size_t)nschemes + 1, sizeof *jobs);
    int64_t *gstart = cr__malloc(ctx, (size_t)n + 2, sizeof *gstart);
    double *rand_sum = cr__calloc(ctx, (size_t)nschemes + 1, sizeof *rand_sum);
    hits_st st = {ctx, L, gstart, nschemes, top, outs, rand_sum, NULL, NULL, 0};
    if (!jobs || !gstart || !rand_sum) { rc = CR_ENOMEM; goto done; }
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = top;   /* the top K rows suffice for the hits; nranked gives a random list's odds */
    /* One batch a signing year (its ranker): every (group, scheme) job in group order, scheme
     * order within, so the sums below take their terms in the order of a loop of cr_rank_park
     * (the same results, cr_rank_batch) and give the same bits; the batch ranks in parallel. */
    for (int64_t ya = 0, yb; ya < n; ya = yb) {
        for (yb = ya + 1; yb < n && L[yb].year == L[ya].year; yb++) {}
        cr_ranker_free(r);
        r = NULL;
        if ((rc = cr_ranker_new_as_of(ctx, m, cr__days_from_civil(L[ya].year, 1, 1), &r)) != CR_OK) goto done;
        size_t ng = 0, nj = 0;
        for (int64_t a = ya, b; a < yb; a = b) {
            for (b = a + 1; b < yb && L[b].park == L[a].park && L[b].chain == L[a].chain; b++) {}
            gstart[ng++] = a;
            for (int si = 0; si < nschemes; si++) jobs[nj++] = (cr_rank_job){L[a].park, L[a].chain, si};
        }
        gstart[ng] = yb;
        st.gstart = gstart;
        if ((rc = cr_rank_batch(ctx, r, schemes, jobs, nj, &o, hits_cb, &st)) != CR_OK) goto done;
    }
    for (int si = 0; si < nschemes; si++)
        if (outs[si].landed) {
            outs[si].share = (double)outs[si].on_list / (double)outs[si].landed;
            outs[si].random_share = rand_sum[si] / (double)outs[si].landed;
        }
done:
    cr_ranker_free(r);
    free(st.order);
    free(st.rel);
    free(jobs);
    free(gstart);
    free(L);
    free(rand_sum);
    return rc;
}
