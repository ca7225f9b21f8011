/* The evidence: do the lists find the enterprises that really came? A
 * backtest on real events, the fitted likelihood, the schemes and simple
 * baselines on the same candidate sets, with bootstrap intervals
 * (docs/likelihood.md "Evidence").
 *
 * Serial and deterministic: units in (year, park, chain) order, methods in
 * a fixed order, the bootstrap from one splitmix64 stream. The rankings of
 * the schemes come from cr_rank_park, which is itself thread-count
 * independent. Cost: per test year one fit (O(cases x features^2)) and per
 * unit one cr_rank_park per scheme (O(chain candidates)). */
#include "likely/likely_internal.h"
#include "likely/events.h"
#include "data/dataset.h"
#include <chainrank/cr_backtest.h>

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXCLUDED_SCORE (-1e300)

enum { B_RANDOM = 0, B_SIZE, B_SECTOR_SIZE, B_DISTANCE, B_PROVINCE_SIZE, B_GRAVITY, B_SITES, NB };
static const char *const base_names[NB] = {"random", "size", "sector_size", "distance", "province_size", "gravity",
                                           "sites"};

const char *cr_evidence_metric_name(int j)
{
    static const char *const names[CR_EV_NMETRIC] = {"recall@K1", "recall@K2", "ap", "ndcg@K2", "auc"};
    return j >= 0 && j < CR_EV_NMETRIC ? names[j] : "?";
}

void cr_evidence_opts_default(cr_evidence_opts *o)
{
    memset(o, 0, sizeof *o);
    o->train_from = 2013;
    o->from_year = 2014;
    o->to_year = 2018;
    o->source = "apple-supplier-list";
    o->k1 = 10;
    o->k2 = 50;
    o->boot = 1000;
    o->random_draws = 20;
    o->seed = 1;
    cr_likely_fit_opts_default(&o->fit);
}

void cr_evidence_result_free(cr_evidence_result *r)
{
    if (!r) return;
    for (size_t i = 0; r->name && i < r->nmethods; i++) free(r->name[i]);
    for (int i = 0; r->models && i < r->nyears; i++) cr_likely_model_free(r->models[i]);
    free(r->models);
    free(r->name); free(r->kind); free(r->mean); free(r->lo); free(r->hi); free(r->dlo); free(r->dhi);
    free(r->pooled_recall_k2); free(r->excluded_events);
    free(r->unit_year); free(r->unit_park); free(r->unit_chain); free(r->unit_m); free(r->unit_rel);
    free(r->unit_metric);
    free(r);
}

/* Method table of one run: name and kind, with which scheme / criterion. */
typedef struct {
    cr_evidence_kind kind;
    int scheme;        /* SCHEME, EXPECTED: index; CRITERION: scheme 0 */
    int aux;           /* BASELINE: B_*; CRITERION: column in scheme 0's criteria */
} method;

static cr_error_t add_method(cr_ctx *ctx, cr_evidence_result *R, method **ms, size_t *cap, method m,
                             const char *name)
{
    size_t n = R->nmethods;
    CR_CHECK(cr__grow(ctx, (void **)ms, cap, n + 1, sizeof **ms));
    size_t c1 = n, c2 = n;
    CR_CHECK(cr__grow(ctx, (void **)&R->name, &c1, n + 1, sizeof *R->name));
    CR_CHECK(cr__grow(ctx, (void **)&R->kind, &c2, n + 1, sizeof *R->kind));
    (*ms)[n] = m;
    R->kind[n] = m.kind;
    R->name[n] = cr__strdup(ctx, name);
    if (!R->name[n]) return CR_ENOMEM;
    R->nmethods = n + 1;
    return CR_OK;
}

static void put_metrics(double *dst, const cr_bt_result *a, const cr_bt_result *b)
{
    dst[CR_EV_RECALL_K1] = a->recall;
    dst[CR_EV_RECALL_K2] = b->recall;
    dst[CR_EV_AP] = b->ap;
    dst[CR_EV_NDCG_K2] = b->ndcg;
    dst[CR_EV_AUC] = b->auc;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Linear-interpolation quantile of sorted v[n] (Hyndman & Fan type 7). */
static double quantile(const double *v, size_t n, double q)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n) return v[n - 1];
    return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

/* Everything a unit needs, reused across units. */
typedef struct {
    size_t cap;
    int64_t *cand;            /* candidates (enterprise index, ascending) */
    double *rel, *sc, *x;
    int32_t *pos;             /* [nent] position in cand, -1 */
    cr_likely_drivers *drv;
    size_t *order;
} unit_ws;

static cr_error_t ws_reserve(cr_ctx *ctx, unit_ws *w, size_t m)
{
    if (m <= w->cap) return CR_OK;
    size_t c = m * 2;
    void *a = realloc(w->cand, c * sizeof *w->cand), *b;
    if (!a) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->cand = a;
    if (!(b = realloc(w->rel, c * sizeof *w->rel))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->rel = b;
    if (!(b = realloc(w->sc, c * sizeof *w->sc))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->sc = b;
    if (!(b = realloc(w->x, c * CR_LK_NFEAT * sizeof *w->x))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->x = b;
    if (!(b = realloc(w->drv, c * sizeof *w->drv))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->drv = b;
    if (!(b = realloc(w->order, c * sizeof *w->order))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    w->order = b;
    w->cap = c;
    return CR_OK;
}

cr_error_t cr_likely_evidence(cr_ctx *ctx, const cr_model *model, cr_scheme *const *schemes,
                              const char *const *scheme_names, size_t nschemes, const cr_evidence_opts *opts,
                              cr_evidence_result **out)
{
    cr_evidence_opts o;
    if (!opts) { cr_evidence_opts_default(&o); opts = &o; }
    *out = NULL;
    if (nschemes < 1) return cr_ctx_fail(ctx, CR_EINVAL, "evidence: at least one scheme is needed");
    if (opts->train_from >= opts->from_year || opts->from_year > opts->to_year || opts->to_year - opts->train_from > 200)
        return cr_ctx_fail(ctx, CR_EINVAL, "evidence: need train_from < from_year <= to_year");
    if (opts->k1 < 1 || opts->k2 < 1) return cr_ctx_fail(ctx, CR_EINVAL, "evidence: K must be >= 1");
    const cr_dataset *ds = cr_model_dataset(model);
    int32_t src = cr__strtab_find(&ds->sources, opts->source, strlen(opts->source));
    if (src < 0) return cr_ctx_fail(ctx, CR_EINVAL, "evidence: no history row has source '%s'", opts->source);

    cr_error_t rc = CR_OK;
    cr_evidence_result *R = cr__calloc(ctx, 1, sizeof *R);
    if (!R) return CR_ENOMEM;
    method *ms = NULL;
    size_t mcap = 0;
    const int ny = opts->to_year - opts->train_from + 1;
    cr_ranker **rk = cr__calloc(ctx, (size_t)ny, sizeof *rk);
    int *years = cr__calloc(ctx, (size_t)ny, sizeof *years);
    uint8_t *pop = cr__malloc(ctx, (size_t)ds->nent + 1, 1);
    uint8_t *used = NULL;
    cr_rank_result **rr = cr__calloc(ctx, nschemes, sizeof *rr);
    unit_ws w = {0};
    w.pos = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *w.pos);
    cr__lk_event *ev = NULL;
    size_t nev = 0, ucap = 0, mcap2 = 0;
    cr_bt_ws *bw = NULL;
    double *boot = NULL;
    if (!rk || !years || !pop || !rr || !w.pos) { rc = CR_ENOMEM; goto done; }
    for (int64_t e = 0; e < ds->nent; e++) w.pos[e] = -1;
    R->nyears = opts->to_year - opts->from_year + 1;
    R->models = cr__calloc(ctx, (size_t)R->nyears, sizeof *R->models);
    if (!R->models) { rc = CR_ENOMEM; goto done; }

    /* the methods */
    {
        char name[160];
        rc = add_method(ctx, R, &ms, &mcap, (method){CR_EV_MODEL, -1, 0}, "likelihood");
        for (size_t s = 0; s < nschemes && rc == CR_OK; s++)
            rc = add_method(ctx, R, &ms, &mcap, (method){CR_EV_SCHEME, (int)s, 0}, scheme_names[s]);
        for (size_t s = 0; s < nschemes && rc == CR_OK; s++) {
            if (cr_scheme_aggregation(schemes[s]) == CR_AGG_VIKOR) continue;   /* Q: lower is better, no product */
            if (cr_scheme_expected_value(schemes[s])) continue;               /* already one */
            snprintf(name, sizeof name, "%s x likelihood", scheme_names[s]);
            rc = add_method(ctx, R, &ms, &mcap, (method){CR_EV_EXPECTED, (int)s, 0}, name);
        }
        for (int b = 0; b < NB && rc == CR_OK; b++)
            rc = add_method(ctx, R, &ms, &mcap, (method){CR_EV_BASELINE, -1, b}, base_names[b]);
        const cr_criterion *crit;
        int nc = cr_scheme_criteria(schemes[0], &crit);
        for (int j = 0; j < nc && rc == CR_OK; j++) {
            snprintf(name, sizeof name, "%s alone", cr_criterion_name(crit[j]));
            rc = add_method(ctx, R, &ms, &mcap, (method){CR_EV_CRITERION, 0, j}, name);
        }
        if (rc != CR_OK) goto done;
    }
    const size_t NM = R->nmethods;
    R->ref = 0;
    R->excluded_events = cr__calloc(ctx, NM, sizeof *R->excluded_events);
    R->pooled_recall_k2 = cr__calloc(ctx, NM, sizeof *R->pooled_recall_k2);
    double *hits2 = cr__calloc(ctx, NM, sizeof *hits2);
    if (!R->excluded_events || !R->pooled_recall_k2 || !hits2) { free(hits2); rc = CR_ENOMEM; goto done; }
    int64_t rel_total = 0;

    for (int i = 0; i < ny && rc == CR_OK; i++) {
        years[i] = opts->train_from + i;
        rc = cr_ranker_new_as_of(ctx, model, cr__lk_jan1(years[i]), &rk[i]);
    }
    if (rc == CR_OK && (rc = cr_bt_ws_alloc(ctx, (size_t)ds->nent + 1, &bw)) != CR_OK) goto done_h;
    used = cr__calloc(ctx, 1, 1);

    for (int t = opts->from_year; t <= opts->to_year && rc == CR_OK; t++) {
        const int ti = t - opts->train_from;
        const cr_ranker *r = rk[ti];
        cr_likely_fit_opts fo = opts->fit;
        fo.cutoff = cr__lk_jan1(t);
        fo.from_year = opts->train_from;
        fo.source = opts->source;
        cr_likely_model *lm = NULL;
        if ((rc = cr_likely_fit_rankers(ctx, (const cr_ranker *const *)rk, years, ti, &fo, &lm)) != CR_OK) break;
        R->models[t - opts->from_year] = lm;
        /* schemes that use the likelihood see this year's fit, never the
         * dataset's model (fitted on later events) */
        for (size_t s = 0; s < nschemes; s++) cr_scheme_set_likelihood(schemes[s], lm);
        free(ev);
        ev = NULL;
        if ((rc = cr__lk_year_events(ctx, r, ds, src, t, pop, &ev, &nev)) != CR_OK) break;
        R->events += (int64_t)nev;
        free(used);
        used = cr__calloc(ctx, nev + 1, 1);
        if (!used) { rc = CR_ENOMEM; break; }
        /* parks with events, ascending */
        int32_t *parks = cr__malloc(ctx, nev + 1, sizeof *parks);
        if (!parks) { rc = CR_ENOMEM; break; }
        size_t np = 0;
        for (size_t k = 0; k < nev; k++) parks[np++] = ev[k].p;
        qsort(parks, np, sizeof *parks, cmp_i32);
        size_t npu = 0;
        for (size_t k = 0; k < np; k++)
            if (npu == 0 || parks[npu - 1] != parks[k]) parks[npu++] = parks[k];

        for (size_t pi = 0; pi < npu && rc == CR_OK; pi++) {
            const int32_t p = parks[pi];
            for (int32_t ch = 0; ch < ds->nchain && rc == CR_OK; ch++) {
                cr_rank_opts ro;
                cr_rank_opts_default(&ro);
                ro.top = 0;
                ro.want_excluded = 1;
                for (size_t s = 0; s < nschemes; s++) {
                    cr_rank_result_free(rr[s]);
                    rr[s] = NULL;
                    if ((rc = cr_rank_park(ctx, r, p, ch, schemes[s], &ro, &rr[s])) != CR_OK) break;
                }
                if (rc != CR_OK) break;
                /* the unit's candidates: scheme 0's ranked and excluded rows in the population */
                const cr_rank_result *r0 = rr[0];
                size_t m = 0;
                if ((rc = ws_reserve(ctx, &w, (size_t)(r0->nrows + r0->nexcl_rows) + 1)) != CR_OK) break;
                for (int64_t k = 0; k < r0->nrows; k++)
                    if (pop[r0->ent[k]]) w.cand[m++] = r0->ent[k];
                for (int64_t k = 0; k < r0->nexcl_rows; k++)
                    if (pop[r0->excl_ent[k]]) w.cand[m++] = r0->excl_ent[k];
                if (m == 0) continue;
                qsort(w.cand, m, sizeof *w.cand, cmp_i64);
                size_t nrel = 0;
                for (size_t k = 0; k < m; k++) {
                    w.pos[w.cand[k]] = (int32_t)k;
                    w.rel[k] = cr__lk_event_index(ev, nev, w.cand[k], p) >= 0 ? 1.0 : 0.0;
                    nrel += w.rel[k] > 0;
                }
                if (nrel == 0) {
                    for (size_t k = 0; k < m; k++) w.pos[w.cand[k]] = -1;
                    continue;
                }
                for (size_t k = 0; k < m; k++) {
                    if (w.rel[k] == 0) continue;
                    ptrdiff_t hit = cr__lk_event_index(ev, nev, w.cand[k], p);
                    if (hit >= 0) used[hit] = 1;
                }
                for (size_t k = 0; k < m; k++)
                    cr_likely_features(r, w.cand[k], p, w.x + k * CR_LK_NFEAT, &w.drv[k]);
                /* a new unit */
                size_t u = R->nunits;
                size_t c1 = ucap, c2 = ucap, c3 = ucap, c4 = ucap, c5 = ucap;
                if (cr__grow(ctx, (void **)&R->unit_year, &c1, u + 1, sizeof *R->unit_year) != CR_OK ||
                    cr__grow(ctx, (void **)&R->unit_park, &c2, u + 1, sizeof *R->unit_park) != CR_OK ||
                    cr__grow(ctx, (void **)&R->unit_chain, &c3, u + 1, sizeof *R->unit_chain) != CR_OK ||
                    cr__grow(ctx, (void **)&R->unit_m, &c4, u + 1, sizeof *R->unit_m) != CR_OK ||
                    cr__grow(ctx, (void **)&R->unit_rel, &c5, u + 1, sizeof *R->unit_rel) != CR_OK ||
                    cr__grow(ctx, (void **)&R->unit_metric, &mcap2, (u + 1) * NM * CR_EV_NMETRIC,
                             sizeof *R->unit_metric) != CR_OK) {
                    rc = CR_ENOMEM;
                    break;
                }
                ucap = c1;
                R->unit_year[u] = t;
                R->unit_park[u] = p;
                R->unit_chain[u] = ch;
                R->unit_m[u] = (int64_t)m;
                R->unit_rel[u] = (int64_t)nrel;
                R->nunits = u + 1;
                rel_total += (int64_t)nrel;

                for (size_t mi = 0; mi < NM && rc == CR_OK; mi++) {
                    const method *me = &ms[mi];
                    double *dst = R->unit_metric + (u * NM + mi) * CR_EV_NMETRIC;
                    cr_bt_result a, b;
                    if (me->kind == CR_EV_BASELINE && me->aux == B_RANDOM) {
                        double acc[CR_EV_NMETRIC] = {0};
                        int nd = opts->random_draws > 0 ? opts->random_draws : 1;
                        for (int d = 0; d < nd && rc == CR_OK; d++) {
                            cr_bt_random_order(opts->seed + (uint64_t)d, (uint64_t)u, m, w.order);
                            double tmp[CR_EV_NMETRIC];
                            if ((rc = cr_bt_metrics_order(ctx, bw, m, w.order, w.rel, opts->k1, NULL, &a)) != CR_OK ||
                                (rc = cr_bt_metrics_order(ctx, bw, m, w.order, w.rel, opts->k2, NULL, &b)) != CR_OK)
                                break;
                            put_metrics(tmp, &a, &b);
                            for (int j = 0; j < CR_EV_NMETRIC; j++) acc[j] += tmp[j];
                        }
                        for (int j = 0; j < CR_EV_NMETRIC; j++) dst[j] = acc[j] / nd;
                        hits2[mi] += dst[CR_EV_RECALL_K2] * (double)nrel;
                        continue;
                    }
                    /* scores: every candidate starts excluded (only limit-aware methods leave some there) */
                    for (size_t k = 0; k < m; k++) w.sc[k] = EXCLUDED_SCORE;
                    if (me->kind == CR_EV_SCHEME || me->kind == CR_EV_EXPECTED || me->kind == CR_EV_CRITERION) {
                        const cr_rank_result *rs = rr[me->scheme];
                        const int *types;
                        cr_scheme_types(schemes[me->scheme], &types);
                        for (int64_t k = 0; k < rs->nrows; k++) {
                            int32_t q = w.pos[rs->ent[k]];
                            if (q < 0) continue;
                            double v;
                            if (me->kind == CR_EV_CRITERION)
                                v = types[me->aux] * rs->value[k * CR_NCRIT + rs->crit[me->aux]];
                            else
                                v = rs->higher_is_better ? rs->score[k] : -rs->score[k];
                            if (me->kind == CR_EV_EXPECTED)
                                v = rs->score[k] * cr_likely_model_prob(lm, w.x + (size_t)q * CR_LK_NFEAT);
                            w.sc[q] = v;
                        }
                        for (size_t k = 0; k < m; k++)
                            if (w.rel[k] > 0 && w.sc[k] == EXCLUDED_SCORE) R->excluded_events[mi]++;
                    } else {
                        for (size_t k = 0; k < m; k++) {
                            const int64_t e = w.cand[k];
                            const double *x = w.x + k * CR_LK_NFEAT;
                            const double rev = isfinite(ds->ent_revenue[e]) ? ds->ent_revenue[e] : 0;
                            double v = 0;
                            if (me->kind == CR_EV_MODEL) {
                                v = cr_likely_model_eta(lm, x);
                            } else {
                                switch (me->aux) {
                                case B_SIZE: v = rev; break;
                                case B_SECTOR_SIZE: {
                                    /* a gap segment of the park first (scheme 0's gap value), then size */
                                    double gap = 0;
                                    for (int64_t q = 0; q < rr[0]->nrows; q++)
                                        if (rr[0]->ent[q] == e) { gap = rr[0]->value[q * CR_NCRIT + CR_CRIT_GAP]; break; }
                                    v = (gap > 0 ? 1e18 : 0) + rev;
                                    break;
                                }
                                case B_DISTANCE: v = -w.drv[k].site_km; break;
                                case B_PROVINCE_SIZE: v = (w.drv[k].same_province ? 1e18 : 0) + rev; break;
                                case B_GRAVITY: v = rev / ((1 + w.drv[k].site_km) * (1 + w.drv[k].site_km)); break;
                                case B_SITES: v = (double)w.drv[k].nsites; break;
                                default: break;
                                }
                            }
                            w.sc[k] = v;
                        }
                    }
                    if ((rc = cr_bt_metrics_scores(ctx, bw, m, w.sc, w.rel, opts->k1, NULL, &a)) != CR_OK ||
                        (rc = cr_bt_metrics_scores(ctx, bw, m, w.sc, w.rel, opts->k2, NULL, &b)) != CR_OK)
                        break;
                    put_metrics(dst, &a, &b);
                    hits2[mi] += (double)b.hits;
                }
                for (size_t k = 0; k < m; k++) w.pos[w.cand[k]] = -1;
            }
        }
        free(parks);
        for (size_t k = 0; k < nev; k++) R->events_used += used[k];
    }
    if (rc != CR_OK) goto done_h;
    for (size_t mi = 0; mi < NM; mi++) R->pooled_recall_k2[mi] = rel_total ? hits2[mi] / (double)rel_total : NAN;

    /* means and bootstrap intervals over units */
    {
        const size_t U = R->nunits, NMM = NM * CR_EV_NMETRIC;
        R->mean = cr__malloc(ctx, NMM + 1, sizeof *R->mean);
        R->lo = cr__malloc(ctx, NMM + 1, sizeof *R->lo);
        R->hi = cr__malloc(ctx, NMM + 1, sizeof *R->hi);
        R->dlo = cr__malloc(ctx, NMM + 1, sizeof *R->dlo);
        R->dhi = cr__malloc(ctx, NMM + 1, sizeof *R->dhi);
        /* clusters: the units of one park (over years and chains) are resampled
         * together, so the interval is over parks, not over near-duplicate units */
        size_t *cl_off = cr__calloc(ctx, (size_t)ds->npark + 2, sizeof *cl_off);
        size_t *cl_unit = cr__malloc(ctx, U + 1, sizeof *cl_unit);
        size_t *cl_list = cr__malloc(ctx, (size_t)ds->npark + 1, sizeof *cl_list);
        size_t *idx = cr__malloc(ctx, U + 1, sizeof *idx);
        const int B = opts->boot > 0 ? opts->boot : 0;
        boot = cr__malloc(ctx, (size_t)(B + 1) * 2 * NMM + 1, sizeof *boot);
        if (!R->mean || !R->lo || !R->hi || !R->dlo || !R->dhi || !idx || !boot || !cl_off || !cl_unit || !cl_list) {
            free(idx); free(cl_off); free(cl_unit); free(cl_list);
            rc = CR_ENOMEM;
            goto done_h;
        }
        for (size_t u = 0; u < U; u++) cl_off[R->unit_park[u] + 1]++;
        size_t ncl = 0;
        for (int32_t p = 0; p < ds->npark; p++) {
            if (cl_off[p + 1]) cl_list[ncl++] = (size_t)p;
            cl_off[p + 1] += cl_off[p];
        }
        {
            size_t *fill = cr__calloc(ctx, (size_t)ds->npark + 1, sizeof *fill);
            if (!fill) { free(idx); free(cl_off); free(cl_unit); free(cl_list); rc = CR_ENOMEM; goto done_h; }
            for (size_t u = 0; u < U; u++) {
                int32_t p = R->unit_park[u];
                cl_unit[cl_off[p] + fill[p]++] = u;
            }
            free(fill);
        }
        R->nclusters = ncl;
        size_t maxcl = 1;
        for (size_t c = 0; c < ncl; c++) {
            size_t sz = cl_off[cl_list[c] + 1] - cl_off[cl_list[c]];
            if (sz > maxcl) maxcl = sz;
        }
        {
            size_t *big = realloc(idx, (ncl * maxcl + U + 1) * sizeof *idx);
            if (!big) { free(idx); free(cl_off); free(cl_unit); free(cl_list); rc = CR_ENOMEM; goto done_h; }
            idx = big;
        }
        size_t nidx = U;
        for (size_t u = 0; u < U; u++) idx[u] = u;
        /* column means over the index list: metric mean per method, and the
         * paired difference ref - method over the units where both are defined */
        for (int b = -1; b < B; b++) {
            if (b >= 0) {
                uint64_t st = opts->seed ^ 0xB0075742ull ^ ((uint64_t)b * 0x9E3779B97F4A7C15ull);
                nidx = 0;
                for (size_t c = 0; c < ncl; c++) {
                    size_t p = cl_list[cr_bt_splitmix64(&st) % ncl];
                    for (size_t q = cl_off[p]; q < cl_off[p + 1]; q++) idx[nidx++] = cl_unit[q];
                }
            }
            double *mean = b < 0 ? R->mean : boot + (size_t)b * 2 * NMM;
            double *diff = b < 0 ? NULL : boot + (size_t)b * 2 * NMM + NMM;
            for (size_t mi = 0; mi < NM; mi++)
                for (int j = 0; j < CR_EV_NMETRIC; j++) {
                    double s = 0, sd = 0;
                    size_t c = 0, cd = 0;
                    for (size_t q = 0; q < nidx; q++) {
                        const double *um = R->unit_metric + (idx[q] * NM) * CR_EV_NMETRIC;
                        double v = um[mi * CR_EV_NMETRIC + j], vr = um[(size_t)R->ref * CR_EV_NMETRIC + j];
                        if (isnan(v)) continue;
                        s += v;
                        c++;
                        if (!isnan(vr)) { sd += vr - v; cd++; }
                    }
                    mean[mi * CR_EV_NMETRIC + j] = c ? s / (double)c : NAN;
                    if (diff) diff[mi * CR_EV_NMETRIC + j] = cd ? sd / (double)cd : NAN;
                }
        }
        double *col = cr__malloc(ctx, (size_t)B + 1, sizeof *col);
        if (!col) { free(idx); rc = CR_ENOMEM; goto done_h; }
        for (size_t c = 0; c < NMM; c++)
            for (int which = 0; which < 2; which++) {
                size_t n = 0;
                for (int b = 0; b < B; b++) {
                    double v = boot[(size_t)b * 2 * NMM + (size_t)which * NMM + c];
                    if (!isnan(v)) col[n++] = v;
                }
                qsort(col, n, sizeof *col, cmp_double);
                double lo = n ? quantile(col, n, 0.025) : NAN, hi = n ? quantile(col, n, 0.975) : NAN;
                if (which == 0) { R->lo[c] = lo; R->hi[c] = hi; }
                else { R->dlo[c] = lo; R->dhi[c] = hi; }
            }
        free(col);
        free(idx);
        free(cl_off);
        free(cl_unit);
        free(cl_list);
    }
done_h:
    free(hits2);
done:
    for (size_t s = 0; s < nschemes; s++) cr_scheme_set_likelihood(schemes[s], NULL);
    for (size_t s = 0; rr && s < nschemes; s++) cr_rank_result_free(rr[s]);
    free(rr);
    for (int i = 0; rk && i < ny; i++) cr_ranker_free(rk[i]);
    free(rk);
    free(years);
    free(pop);
    free(used);
    free(ev);
    free(ms);
    free(boot);
    cr_bt_ws_free(bw);
    free(w.cand); free(w.rel); free(w.sc); free(w.x); free(w.pos); free(w.drv); free(w.order);
    if (rc != CR_OK) {
        cr_evidence_result_free(R);
        return rc;
    }
    *out = R;
    return CR_OK;
}
