/* The materialised path: one (park, chain, scheme) job - hard exclusions,
 * the criteria (every row of the criteria table, criteria.c; docs/model.md
 * "Ranking criteria"), weights, aggregation through src/mcda, and the
 * ordered top rows (topk.c). The workspace is score_ws.c; the scheduler of
 * many jobs batch.c; the streaming path, for the schemes it can take,
 * stream.c.
 *
 * Data flow per job, on plain arrays (igraph is not touched here):
 *   1. the park's gap list (O(tenants + chain edges));
 *   2. partner accumulation, inverted: instead of looking at every
 *      candidate's partners, walk the park's anchors (its tenants and the
 *      enterprises within the radius, via the grid) and add link weight x
 *      decay to each anchor's partners in a dense per-workspace array;
 *      cost O(anchors x degree), independent of the candidate count;
 *   3. one pass over the chain's candidates (parallel in fixed blocks in
 *      cr_rank_park, serial inside a batch job) writing CR_NCRIT raw values
 *      or the exclusion flags per candidate: no allocation, no shared writes;
 *   4. compaction, weights, aggregation (cr_mcda_*: fixed-chunk column
 *      statistics, so thread-count independent), and a bounded heap for the
 *      top rows with ties broken by enterprise id.
 * A workspace is allocated once per thread and reused for every job. */
#include "rank/score.h"
#include "rank/criteria.h"
#include "rank/topk.h"
#include "rank/exclude.h"
#include "gaps/gaps_internal.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#define FL_TENANT 0x80000000u

/* ---- partner accumulation ---- */

static void add_anchor(cr__score_ws *w, const cr_model *m, int64_t a, double delta)
{
    for (int64_t k = m->out_off[a]; k < m->out_off[a + 1]; k++) {   /* a supplies c */
        int64_t c = m->out_adj[k];
        if (!w->mark[c]) { w->mark[c] = 1; w->touched[w->ntouched++] = c; }
        w->acc_w[c] += m->out_w[k] * delta;
        w->acc_n[c] += 1;
    }
    for (int64_t k = m->in_off[a]; k < m->in_off[a + 1]; k++) {     /* s supplies a */
        int64_t s = m->in_adj[k];
        if (!w->mark[s]) { w->mark[s] = 1; w->touched[w->ntouched++] = s; }
        w->acc_w[s] += m->in_w[k] * delta;
    }
}

static void partners_reset(cr__score_ws *w)
{
    for (int64_t t = 0; t < w->ntouched; t++) {
        int64_t c = w->touched[t];
        w->mark[c] = 0;
        w->acc_w[c] = 0;
        w->acc_n[c] = 0;
    }
    w->ntouched = 0;
}

typedef struct {
    cr__score_ws *w;
    const cr_ranker *r;
} acc_ctx;

static int acc_anchor(void *user, int64_t k, double decay)
{
    acc_ctx *a = user;
    add_anchor(a->w, a->r->m, a->r->cell_ent[k], decay);
    return 0;
}

/* Tenants of the park count 1 wherever their coordinates are; the other
 * anchors 2^(-d/h) within the radius (cr__ranker_radius_anchors). */
static void partners_accumulate(cr__score_ws *w, const cr_ranker *r, int32_t p, const cr_scheme *s)
{
    for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) add_anchor(w, r->m, r->ten[t], 1.0);
    acc_ctx a = {w, r};
    (void)cr__ranker_radius_anchors(r, p, s, acc_anchor, &a);
}

/* ---- per-job constants and the candidate kernel ---- */

typedef struct {
    const cr_ranker *r;
    const cr_scheme *s;
    const cr__score_ws *w;
    int32_t p, k;
    const int64_t *cand;
    double res_avail[CR_NRES], res_inv[CR_NRES];
    double quota[CR_NENV], cap[CR_NENV];
    uint64_t banned, endow;
    double tagb[CR_MAX_DICT];
    const double *dens;          /* density row of the park */
    int skip[CR_NCRIT];          /* lazy criteria the scheme does not use: NaN here, filled for output rows */
    int pool;                    /* the scheme restricts the candidate pool */
} job;

static void job_init(job *j, const cr_ranker *r, const cr_scheme *s, cr__score_ws *w, int32_t p, int32_t k)
{
    const cr_dataset *ds = r->ds;
    j->r = r;
    j->s = s;
    j->w = w;
    j->p = p;
    j->k = k;
    j->cand = r->cand + r->cand_off[k];
    for (int q = 0; q < CR_NRES; q++) {
        j->res_avail[q] = ds->park_res[q][p];
        j->res_inv[q] = 1.0 / ds->park_res[q][p];
    }
    for (int q = 0; q < CR_NENV; q++) {
        j->quota[q] = ds->park_quota[q][p];
        j->cap[q] = ds->park_cap[q][p];
    }
    j->banned = ds->park_banned[p];
    j->endow = ds->park_endow[p];
    for (int t = 0; t < CR_MAX_DICT; t++) j->tagb[t] = 0;
    for (int t = 0; t < s->ntags; t++) {
        int32_t id = cr__strtab_find(&ds->tags, s->tags[t].name, strlen(s->tags[t].name));
        if (id >= 0 && id < CR_MAX_DICT) j->tagb[id] = s->tags[t].bonus;
    }
    j->dens = r->density + (size_t)p * (size_t)ds->nseg;
    for (int c = 0; c < CR_NCRIT; c++) j->skip[c] = cr__criteria[c].lazy && !cr__scheme_uses(s, c);
    j->pool = s->pool_tenants != CR__POOL_KEEP || s->pool_hq != CR__POOL_KEEP;
    cr__seg_info *si = w->seg;
    for (int32_t sg = 0; sg < ds->nseg; sg++) {
        uint64_t need = ds->seg_needs[sg];
        si[sg].prio = w->prio[sg];
        si[sg].gap = w->gapv[sg];
        si[sg].dens = j->dens[sg];
        si[sg].efit = need ? (double)__builtin_popcountll(need & j->endow) / (double)__builtin_popcountll(need) : 1.0;
        si[sg].shortfall = (need & ~j->endow) != 0;
    }
}

/* Resource fit of one resource: 1 if unlimited or not needed, else
 * max(0, 1 - need/avail) (computed as need x (1/avail)). */
static double res_fit(double need, double avail, double inv)
{
    if (isnan(avail) || need == 0) return 1.0;
    if (avail == 0) return 0.0;
    double f = 1.0 - need * inv;
    return f > 0 ? f : 0.0;
}

static void kernel(const job *j, int64_t lo, int64_t hi, double *vals, uint32_t *flags)
{
    const cr_dataset *ds = j->r->ds;
    const cr_ranker *r = j->r;
    const cr_scheme *s = j->s;
    const cr__score_ws *w = j->w;
    const int32_t p = j->p;
    cr__crit_in ci = {.r = r, .s = s, .tagb = j->tagb, .park = p, .chain = j->k};
    for (int64_t i = lo; i < hi; i++) {
        const int64_t e = j->cand[i];
        double *v = vals + i * CR_NCRIT;
        if (cr__ranker_is_tenant(r, e, p)) {
            flags[i] = FL_TENANT;
            continue;
        }
        uint32_t fl = j->pool ? cr__pool_flags(r, s, e, p, NULL) : 0;
        const double q = ds->ent_plant_output[e];
        {
            double load[CR_NENV], in[CR_NENV];
            for (int k = 0; k < CR_NENV; k++) {
                in[k] = ds->ent_int[k][e];
                load[k] = q * in[k];
            }
            fl |= cr__env_exclusion(r->ent_cats[e], j->banned, load, in, j->quota, j->cap);
        }
        double fsum = 0;
        for (int k = 0; k < CR_NRES; k++) {
            double need = ds->ent_need[k][e];
            if (s->hard[k] && need > j->res_avail[k]) fl |= CR_EXCL_RESOURCE | (1u << (CR_EXCL_RES_SHIFT + k));
            fsum += res_fit(need, j->res_avail[k], j->res_inv[k]);
        }
        double gap = 0, dens = 0, fend = 0;
        int endow_short = 0;
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++) {
            const cr__seg_info *si = &w->seg[ds->ent_seg[t]];
            double sh = ds->ent_share[t];
            if (si->prio > 0) {
                double phi = sh;
                if (si->gap > 0) {
                    phi = sh * q / si->gap;
                    if (phi > 1) phi = 1;
                }
                gap += si->prio * phi;
            }
            dens += sh * si->dens;
            fend += sh * si->efit;
            endow_short |= si->shortfall;
        }
        if (s->hard[CR_RANK_ENDOWMENTS] && endow_short)
            fl |= CR_EXCL_RESOURCE | (1u << (CR_EXCL_RES_SHIFT + CR_RANK_ENDOWMENTS));
        flags[i] = fl;
        if (fl) continue;
        /* the criteria: every row of the table, by its scalar formula */
        ci.e = e;
        ci.v = v;
        ci.gap = gap;
        ci.dens = dens;
        ci.fend = fend;
        ci.fsum = fsum;
        ci.partner_w = w->acc_w[e];
        ci.local_sup = w->acc_n[e];
        for (int c = 0; c < CR_NCRIT; c++) v[c] = j->skip[c] ? NAN : cr__criteria[c].value(&ci);
    }
}

static cr_error_t objective_weights(cr_ctx *ctx, const cr_scheme *s, size_t m, const double *mat, double *wt,
                                    int *fallback)
{
    size_t n = (size_t)s->ncrit;
    cr_error_t rc = CR_OK;
    *fallback = 0;
    if (m >= 2) {
        switch (s->wmethod) {
        case CR__W_ENTROPY: rc = cr_mcda_weights_entropy(ctx, m, n, mat, s->ezero, wt); break;
        case CR__W_CRITIC: rc = cr_mcda_weights_critic(ctx, m, n, mat, NULL, wt); break;
        case CR__W_STD: rc = cr_mcda_weights_std(ctx, m, n, mat, wt); break;
        default: break;
        }
    }
    /* Fewer than two candidates, or no column varies: the matrix carries no
     * information to weigh by, so every criterion weighs the same. */
    if (m < 2 || rc == CR_EINVAL) {
        cr_ctx_clear(ctx);
        for (size_t j = 0; j < n; j++) wt[j] = 1.0 / (double)n;
        *fallback = 1;
        rc = CR_OK;
    }
    return rc;
}

cr_error_t cr__score_job(cr__score_ws *w, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s,
                          const cr_rank_opts *opts, int nthreads, cr_rank_result **out)
{
    cr_ctx *ctx = w->ctx;
    const cr_dataset *ds = r->ds;
    *out = NULL;
    cr_rank_result *res = cr__calloc(ctx, 1, sizeof *res);
    if (!res) return CR_ENOMEM;
    res->park = p;
    res->chain = k;
    res->higher_is_better = s->agg != CR_AGG_VIKOR;
    res->expected_value = s->expected_value;
    res->ncrit = s->ncrit;
    memcpy(res->crit, s->crit, sizeof res->crit);
    if (cr__scheme_needs_likely(s) && !cr__scheme_likely(s, r)) {
        cr_rank_result_free(res);
        return cr_ctx_fail(ctx, CR_EINVAL,
                           "scheme '%s' uses the landing likelihood but has no model: name one in the scheme "
                           "(\"likelihood\": {\"model\": \"FILE\"}) or give dataset '%s' a likelihood_model "
                           "(chainrank fit)", s->name, ds->name);
    }

    /* 1. gap list of the park */
    cr_gap_params gp;
    cr_gap_params_default(&gp);
    memcpy(gp.kind_weight, s->gap_kind, sizeof gp.kind_weight);
    cr_gaps *g = NULL;
    cr_error_t rc = cr__gaps_compute_tenants(ctx, r->m, p, k, &gp, r->ten + r->ten_off[p],
                                             r->ten_off[p + 1] - r->ten_off[p], &g);
    if (rc != CR_OK) goto fail;
    for (int32_t i = 0; i < g->n; i++) {
        w->prio[g->segment[i]] = g->priority[i];
        w->gapv[g->segment[i]] = g->gap[i];
    }
    /* 2. partners */
    partners_accumulate(w, r, p, s);
    /* 3. candidates */
    job j;
    job_init(&j, r, s, w, p, k);
    const int64_t nc = r->cand_off[k + 1] - r->cand_off[k];
    const int64_t block = 2048, nblock = (nc + block - 1) / block;
#pragma omp parallel for schedule(dynamic, 4) num_threads(nthreads) if (nthreads > 1 && nblock > 1)
    for (int64_t b = 0; b < nblock; b++) {
        int64_t lo = b * block, hi = lo + block < nc ? lo + block : nc;
        kernel(&j, lo, hi, w->vals, w->flags);
    }
    for (int32_t i = 0; i < g->n; i++) w->prio[g->segment[i]] = w->gapv[g->segment[i]] = 0;
    cr_gaps_free(g);
    g = NULL;
    /* 4. compaction into the scheme's matrix (rows in candidate = index order) */
    const int n = s->ncrit;
    /* A scheme with every criterion in the table's order uses the raw
     * rows as its matrix: compacting them in place saves a copy of the
     * matrix (the pass is memory-bound). Rows only move towards the front. */
    int canon = n == CR_NCRIT;
    for (int c = 0; c < n && canon; c++) canon = s->crit[c] == (cr_criterion)c;
    double *M = canon ? w->vals : w->mat;
    int64_t m = 0, nex = 0;
    for (int64_t i = 0; i < nc; i++) {
        uint32_t f = w->flags[i];
        if (f == FL_TENANT) continue;
        res->ncand++;
        if (f) { nex++; continue; }
        const double *v = w->vals + i * CR_NCRIT;
        double *row = M + m * n;
        if (!canon) for (int c = 0; c < n; c++) row[c] = v[s->crit[c]];
        else if (row != v) memcpy(row, v, CR_NCRIT * sizeof *row);
        w->rowcand[m++] = i;
    }
    res->nexcluded = nex;
    res->nranked = m;
    if (opts->want_excluded && nex) {
        res->excl_ent = cr__malloc(ctx, (size_t)nex, sizeof *res->excl_ent);
        res->excl_reason = cr__malloc(ctx, (size_t)nex, sizeof *res->excl_reason);
        if (!res->excl_ent || !res->excl_reason) { rc = CR_ENOMEM; goto fail; }
        for (int64_t i = 0; i < nc; i++) {
            uint32_t f = w->flags[i];
            if (!f || f == FL_TENANT) continue;
            res->excl_ent[res->nexcl_rows] = j.cand[i];
            res->excl_reason[res->nexcl_rows++] = f;
        }
    }
    /* 5. weights */
    if (s->wmethod == CR__W_GIVEN || s->wmethod == CR__W_AHP || s->wmethod == CR__W_EQUAL) {
        memcpy(res->weights, s->weight, (size_t)n * sizeof *res->weights);
    } else {
        if ((rc = objective_weights(ctx, s, (size_t)m, M, res->weights, &res->weights_fallback)) != CR_OK) goto fail;
    }
    if (m == 0) goto rows;
    /* 6. aggregation */
    {
        const double *x = M;
        int types[CR_NCRIT];
        cr_mcda_norm norm = s->norm[0];
        for (int c = 0; c < n; c++) types[c] = s->types[c];
        if (!s->uniform_norm) {
            /* Each column normalised on its own, then aggregated as benefit
             * columns without further normalisation: the same numbers as a
             * uniform normalisation would give column by column. */
            for (int c = 0; c < n; c++) {
                for (int64_t i = 0; i < m; i++) w->col[i] = M[i * n + c];
                if ((rc = cr_mcda_normalize(ctx, (size_t)m, 1, w->col, &s->types[c], s->norm[c], w->ncol)) != CR_OK)
                    goto aggfail;
                for (int64_t i = 0; i < m; i++) w->nmat[i * n + c] = w->ncol[i];
                types[c] = 1;
            }
            x = w->nmat;
            norm = CR_NORM_NONE;
        }
        switch (s->agg) {
        case CR_AGG_WSM: rc = cr_mcda_wsm(ctx, (size_t)m, (size_t)n, x, types, res->weights, norm, w->score); break;
        case CR_AGG_TOPSIS: rc = cr_mcda_topsis(ctx, (size_t)m, (size_t)n, x, types, res->weights, norm, w->score); break;
        case CR_AGG_VIKOR: {
            cr_mcda_vikor_out vo = {w->S, w->R, w->score, w->comp, 0, 0, 0};
            rc = cr_mcda_vikor(ctx, (size_t)m, (size_t)n, x, types, res->weights, norm, s->v, &vo);
            if (rc == CR_OK) {
                res->vikor_advantage = vo.acceptable_advantage;
                res->vikor_stability = vo.acceptable_stability;
                /* flag compromise rows in w->S (no longer needed) as 1/0 */
                for (int64_t i = 0; i < m; i++) w->S[i] = 0;
                for (size_t c = 0; c < vo.ncompromise; c++) w->S[vo.compromise[c]] = 1;
            }
            break;
        }
        }
        /* expected value: the aggregated value weighted by the probability
         * that the enterprise comes (docs/model.md "Expected value"); both
         * are >= 0 for WSM and TOPSIS, the only methods it is allowed with */
        if (rc == CR_OK && s->expected_value)
            for (int64_t i = 0; i < m; i++) {
                const double *raw = canon ? M + i * CR_NCRIT : w->vals + w->rowcand[i] * CR_NCRIT;
                w->score[i] *= raw[CR_CRIT_LIKELIHOOD];
            }
    aggfail:
        if (rc != CR_OK) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s", cr_ctx_errmsg(ctx));
            rc = cr_ctx_fail(ctx, rc, "scheme '%s' on park %s, chain %s: %s", s->name, cr_dataset_park_id(ds, p),
                             cr_dataset_chain_id(ds, k), msg);
            goto fail;
        }
    }
rows:
    /* 7. top rows */
    {
        int64_t *rowent = (int64_t *)w->comp;   /* reuse: row -> enterprise, size_t and int64_t have the same size */
        for (int64_t i = 0; i < m; i++) rowent[i] = j.cand[w->rowcand[i]];
        cr__topk_order o = {w->score, rowent, ds, res->higher_is_better};
        int64_t nr;
        if (w->focus >= 0) {
            /* sites: the focus row and its place, counted under the list's order */
            nr = 0;
            w->focus_pos = 0;
            for (int64_t i = 0; i < m && !nr; i++)
                if (rowent[i] == w->focus) { w->heap[0] = i; nr = 1; }
            if (nr) {
                int64_t before = 0;
                for (int64_t i = 0; i < m && w->focus_place; i++) before += cr__topk_before(&o, i, w->heap[0]);
                w->focus_pos = before + 1;
            }
        } else if (opts->top == CR__TOP_UNSORTED) {
            /* the backtest's positions route: every ranked row, in candidate
             * order, no sort (O(m) instead of O(m log m) comparisons) */
            for (int64_t i = 0; i < m; i++) w->heap[i] = i;
            nr = m;
        } else {
            nr = cr__topk_select(&o, m, opts->top, w->heap);
        }
        res->nrows = nr;
        size_t un = (size_t)nr + 1;
        /* CR__TOP_UNSORTED keeps two values a row (gap, density: what the
         * backtest reads), not CR_NCRIT: a third of the bytes, and of the
         * fresh pages a result costs on every job */
        const int unsorted = w->focus < 0 && opts->top == CR__TOP_UNSORTED;
        const size_t nv = unsorted ? 2 : CR_NCRIT;
        res->ent = cr__malloc(ctx, un, sizeof *res->ent);
        res->score = cr__malloc(ctx, un, sizeof *res->score);
        res->value = cr__malloc(ctx, un * nv, sizeof *res->value);
        if (s->agg == CR_AGG_VIKOR) res->vikor_compromise = cr__calloc(ctx, un, sizeof *res->vikor_compromise);
        if (!res->ent || !res->score || !res->value || (s->agg == CR_AGG_VIKOR && !res->vikor_compromise)) {
            rc = CR_ENOMEM;
            goto fail;
        }
        for (int64_t t = 0; t < nr; t++) {
            int64_t row = w->heap[t];
            res->ent[t] = rowent[row];
            res->score[t] = w->score[row];
            const double *raw = canon ? M + row * CR_NCRIT : w->vals + w->rowcand[row] * CR_NCRIT;
            if (unsorted) {
                res->value[2 * t] = raw[CR_CRIT_GAP];
                res->value[2 * t + 1] = raw[CR_CRIT_DENSITY];
            } else {
                memcpy(res->value + t * CR_NCRIT, raw, CR_NCRIT * sizeof(double));
            }
            if (res->vikor_compromise) res->vikor_compromise[t] = w->S[row] != 0;
        }
        /* lazy criteria the scheme does not use, for the output rows only */
        cr__crit_in ci = {.r = r, .s = s, .tagb = j.tagb, .park = p, .chain = k};
        for (int c = 0; c < CR_NCRIT; c++) {
            /* unsorted: gap and density are never lazy; nothing to fill */
            if (!j.skip[c] || unsorted) continue;
            for (int64_t t = 0; t < nr; t++) {
                ci.e = res->ent[t];
                ci.v = res->value + t * CR_NCRIT;
                res->value[t * CR_NCRIT + c] = cr__criteria[c].value(&ci);
            }
        }
        if (opts->want_matrix) {
            res->matrix = cr__malloc(ctx, (size_t)m * (size_t)n + 1, sizeof *res->matrix);
            res->matrix_ent = cr__malloc(ctx, (size_t)m + 1, sizeof *res->matrix_ent);
            if (!res->matrix || !res->matrix_ent) { rc = CR_ENOMEM; goto fail; }
            memcpy(res->matrix, M, (size_t)m * (size_t)n * sizeof *res->matrix);
            memcpy(res->matrix_ent, rowent, (size_t)m * sizeof *res->matrix_ent);
        }
    }
    partners_reset(w);
    *out = res;
    return CR_OK;
fail:
    if (g) {
        for (int32_t i = 0; i < g->n; i++) w->prio[g->segment[i]] = w->gapv[g->segment[i]] = 0;
        cr_gaps_free(g);
    }
    partners_reset(w);
    cr_rank_result_free(res);
    return rc;
}
