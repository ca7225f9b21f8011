/* The project ledger after signing (docs/projects.md "ledger"): per group
 * (all, park, chain, signing year) the counts of projects signed by the
 * as-of date and reaching each stage by then, the rates, the time from
 * signing to each stage (median and quartiles), and the overdue list.
 * Serial and deterministic: O(events + projects x groups a project +
 * groups x n log n) for the quartiles. */
#include "projects/projects_internal.h"
#include "core/core_internal.h"
#include "data/dates.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cr_ledger_result_free(cr_ledger_result *r)
{
    if (!r) return;
    free(r->groups);
    free(r->overdue);
    free(r);
}

/* One signed project's state as of the date. */
typedef struct {
    int32_t signed_date;
    int32_t first[CR_PEV_N];      /* first event date of each stage <= as_of, CR_SINCE_UNKNOWN if none */
    double funds;
} state;

static int state_of(const struct cr_projects *p, int64_t i, int32_t as_of, state *s)
{
    for (int k = 0; k < CR_PEV_N; k++) s->first[k] = CR_SINCE_UNKNOWN;
    s->funds = 0;
    for (int64_t t = p->ev_off[i]; t < p->ev_off[i + 1]; t++) {
        if (p->ev_date[t] > as_of) break;   /* events are in date order */
        int k = p->ev_stage[t];
        if (s->first[k] == CR_SINCE_UNKNOWN) s->first[k] = p->ev_date[t];
        if (k == CR_PEV_FUNDS) s->funds += p->ev_amount[t];
    }
    s->signed_date = s->first[CR_PEV_SIGNED];
    return s->signed_date != CR_SINCE_UNKNOWN;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile of sorted v[n] by linear interpolation between order statistics
 * (Hyndman & Fan 1996 type 7, R's default and numpy's "linear"): h = (n-1)q. */
static double quantile7(const double *v, int64_t n, double q)
{
    double h = (double)(n - 1) * q;
    int64_t lo = (int64_t)floor(h);
    if (lo >= n - 1) return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Whether day d is a working day: Monday-Friday unless the dataset's holiday calendar makes it a holiday,
 * and a Saturday or Sunday the calendar makes an adjusted working day (调休上班). Binary search: O(log
 * entries). 1970-01-01 was a Thursday. */
static int is_working_day(const cr_dataset *ds, int32_t d)
{
    int64_t lo = 0, hi = ds->nhol;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (ds->hol_date[mid] < d) lo = mid + 1;
        else hi = mid;
    }
    if (lo < ds->nhol && ds->hol_date[lo] == d) return ds->hol_work[lo];
    return (int)(((int64_t)d % 7 + 7 + 3) % 7) < 5;   /* 0 = Monday */
}

/* The n-th working day after due (the seed text's "within 3 working days"; docs/projects.md). *uncovered:
 * with a calendar, 1 if a day counted lies in a year the calendar does not cover (there: Monday-Friday). */
static int32_t working_days_after(const cr_dataset *ds, int32_t due, int n, int *uncovered)
{
    int32_t d = due;
    *uncovered = 0;
    while (n > 0) {
        d++;
        if (ds->nhol) {
            int y = cr__year_of_days(d);
            if (y < ds->hol_year0 || y > ds->hol_year1) *uncovered = 1;
        }
        if (is_working_day(ds, d)) n--;
    }
    return d;
}

static int cmp_overdue_fn(const void *a, const void *b, const struct cr_projects *p)
{
    const cr_ledger_overdue *x = a, *y = b;
    if (x->days != y->days) return x->days > y->days ? -1 : 1;
    int c = strcmp(cr__strtab_get(&p->id, (size_t)x->project), cr__strtab_get(&p->id, (size_t)y->project));
    if (c) return c;
    return (int)x->stage - (int)y->stage;
}
/* Stable insertion sort: O(n^2) in the overdue rows (hundreds at most in a
 * ledger), no comparator state outside the call. */
static void sort_overdue(cr_ledger_overdue *v, int64_t n, const struct cr_projects *p)
{
    for (int64_t a = 1; a < n; a++) {
        cr_ledger_overdue x = v[a];
        int64_t b = a;
        while (b > 0 && cmp_overdue_fn(&x, &v[b - 1], p) < 0) { v[b] = v[b - 1]; b--; }
        v[b] = x;
    }
}

typedef struct {
    char key[64];
    int64_t sort_idx;
} gkey;

cr_error_t cr_ledger(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, int32_t as_of, cr_ledger_by by,
                     cr_ledger_result **out)
{
    *out = NULL;
    if (!ds || !p) return cr_ctx_fail(ctx, CR_EINVAL, "cr_ledger: NULL argument");
    if (as_of == CR_SINCE_UNKNOWN) as_of = cr_projects_default_as_of(ds);
    cr_error_t rc = CR_OK;
    cr_ledger_result *r = cr__calloc(ctx, 1, sizeof *r);
    if (!r) return CR_ENOMEM;
    r->as_of = as_of;
    r->by = by;
    /* groups: 0 = all, then one per park / chain / year (index = park, chain, year - base) */
    int32_t ykey0 = 0, ng = 1;
    if (by == CR_LEDGER_PARK) ng += ds->npark;
    else if (by == CR_LEDGER_CHAIN) ng += ds->nchain;
    else if (by == CR_LEDGER_YEAR) {
        int ymin = 0, ymax = -1;
        for (int64_t j = 0; j < p->nev; j++) {
            int y = cr__year_of_days(p->ev_date[j]);
            if (ymax < ymin) ymin = ymax = y;
            if (y < ymin) ymin = y;
            if (y > ymax) ymax = y;
        }
        ykey0 = ymin;
        ng += ymax >= ymin ? ymax - ymin + 1 : 0;
    }
    cr_ledger_group *g = cr__calloc(ctx, (size_t)ng, sizeof *g);
    double **days = cr__calloc(ctx, (size_t)ng * CR_PEV_N, sizeof *days);
    int64_t *ndays = cr__calloc(ctx, (size_t)ng * CR_PEV_N, sizeof *ndays);
    int32_t *gl = cr__malloc(ctx, (size_t)ds->nchain + 2, sizeof *gl);
    size_t ocap = 0;
    if (!g || !days || !ndays || !gl) { rc = CR_ENOMEM; goto done; }
    for (int32_t k = 0; k < ng * CR_PEV_N; k++)
        if (!(days[k] = cr__malloc(ctx, (size_t)p->n + 1, sizeof **days))) { rc = CR_ENOMEM; goto done; }
    snprintf(g[0].key, sizeof g[0].key, "all");
    for (int32_t k = 1; k < ng; k++) {
        if (by == CR_LEDGER_PARK) snprintf(g[k].key, sizeof g[k].key, "%s", cr__strtab_get(&ds->park_id, (size_t)(k - 1)));
        else if (by == CR_LEDGER_CHAIN) snprintf(g[k].key, sizeof g[k].key, "%s", cr__strtab_get(&ds->chain_id, (size_t)(k - 1)));
        else snprintf(g[k].key, sizeof g[k].key, "%d", ykey0 + k - 1);
    }
    for (int64_t i = 0; i < p->n; i++) {
        state s;
        if (!state_of(p, i, as_of, &s)) continue;
        /* the groups of project i */
        int32_t n = 0;
        gl[n++] = 0;
        if (by == CR_LEDGER_PARK) gl[n++] = 1 + p->park[i];
        else if (by == CR_LEDGER_YEAR) gl[n++] = 1 + cr__year_of_days(s.signed_date) - ykey0;
        else if (by == CR_LEDGER_CHAIN)
            for (int32_t c = 0; c < ds->nchain; c++)
                for (int64_t m = ds->mem_off[c]; m < ds->mem_off[c + 1]; m++)
                    if (ds->mem_seg[m] == p->seg[i]) { gl[n++] = 1 + c; break; }
        const int withdrawn = s.first[CR_PEV_WITHDRAWN] != CR_SINCE_UNKNOWN;
        for (int32_t t = 0; t < n; t++) {
            cr_ledger_group *G = &g[gl[t]];
            G->signed_++;
            G->invest += p->num[CR__PN_INVEST][i];
            G->funds += s.funds;
            G->funded += s.first[CR_PEV_FUNDS] != CR_SINCE_UNKNOWN;
            G->started += s.first[CR_PEV_STARTED] != CR_SINCE_UNKNOWN;
            G->completed += s.first[CR_PEV_COMPLETED] != CR_SINCE_UNKNOWN;
            G->operating += s.first[CR_PEV_OPERATING] != CR_SINCE_UNKNOWN;
            G->withdrawn += withdrawn;
            if (p->start_due[i] != CR_SINCE_UNKNOWN && p->start_due[i] <= as_of) {
                G->start_due++;
                G->started_of_due += s.first[CR_PEV_STARTED] != CR_SINCE_UNKNOWN;
            }
            if (p->completion_due[i] != CR_SINCE_UNKNOWN && p->completion_due[i] <= as_of) {
                G->completion_due++;
                G->completed_of_due += s.first[CR_PEV_COMPLETED] != CR_SINCE_UNKNOWN;
            }
            for (int k = 1; k < CR_PEV_N; k++)
                if (s.first[k] != CR_SINCE_UNKNOWN) {
                    size_t slot = (size_t)gl[t] * CR_PEV_N + (size_t)k;
                    days[slot][ndays[slot]++] = (double)(s.first[k] - s.signed_date);
                }
        }
        /* overdue: not withdrawn, past a due date without the stage */
        if (withdrawn) continue;
        static const int due_stage[2] = {CR_PEV_STARTED, CR_PEV_COMPLETED};
        const int32_t due[2] = {p->start_due[i], p->completion_due[i]};
        for (int q = 0; q < 2; q++) {
            if (due[q] == CR_SINCE_UNKNOWN || due[q] >= as_of || s.first[due_stage[q]] != CR_SINCE_UNKNOWN) continue;
            if ((size_t)r->noverdue == ocap &&
                (rc = cr__grow(ctx, (void **)&r->overdue, &ocap, ocap ? 2 * ocap : 16, sizeof *r->overdue)) != CR_OK)
                goto done;
            cr_ledger_overdue *o = &r->overdue[r->noverdue++];
            o->project = i;
            o->stage = (cr_pev_stage)due_stage[q];
            o->due = due[q];
            o->days = as_of - due[q];
            o->report_by = working_days_after(ds, due[q], 3, &o->uncovered);
            r->nuncovered += o->uncovered;
        }
    }
    for (int32_t k = 0; k < ng; k++) {
        cr_ledger_group *G = &g[k];
        const double n = (double)G->signed_;
        G->fulfilment = n ? (double)G->started / n : NAN;
        G->funds_rate = G->invest > 0 ? G->funds / G->invest : NAN;
        G->startup = G->start_due ? (double)G->started_of_due / (double)G->start_due : NAN;
        G->completion = G->completion_due ? (double)G->completed_of_due / (double)G->completion_due : NAN;
        G->operating_rate = n ? (double)G->operating / n : NAN;
        G->withdrawal = n ? (double)G->withdrawn / n : NAN;
        for (int s = 0; s < CR_PEV_N; s++) {
            size_t slot = (size_t)k * CR_PEV_N + (size_t)s;
            cr_ledger_time *T = &G->to[s];
            T->n = ndays[slot];
            T->median = T->q1 = T->q3 = NAN;
            if (!T->n) continue;
            qsort(days[slot], (size_t)T->n, sizeof(double), cmp_double);
            T->q1 = quantile7(days[slot], T->n, 0.25);
            T->median = quantile7(days[slot], T->n, 0.5);
            T->q3 = quantile7(days[slot], T->n, 0.75);
        }
    }
    /* groups with no signed project are dropped (the "all" row stays) */
    int32_t kept = 1;
    for (int32_t k = 1; k < ng; k++)
        if (g[k].signed_) g[kept++] = g[k];
    r->groups = g;
    r->ngroups = kept;
    g = NULL;
    sort_overdue(r->overdue, r->noverdue, p);
done:
    if (days)
        for (int32_t k = 0; k < ng * CR_PEV_N; k++) free(days[k]);
    free(days);
    free(ndays);
    free(gl);
    free(g);
    if (rc != CR_OK) { cr_ledger_result_free(r); return rc; }
    *out = r;
    return CR_OK;
}
