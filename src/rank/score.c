/* Scoring one (park, chain, scheme): hard exclusions, the seven criteria
 * (docs/model.md, "Ranking criteria"), weights, aggregation through
 * src/mcda, and the ordered top rows.
 *
 * Data flow per job, on plain arrays (igraph is not touched here):
 *   1. the park's gap list (O(tenants + chain edges));
 *   2. partner accumulation, inverted: instead of looking at every
 *      candidate's partners, walk the park's anchors (its tenants and the
 *      enterprises within the radius, via the grid) and add link weight x
 *      decay to each anchor's partners in a dense per-workspace array;
 *      cost O(anchors x degree), independent of the candidate count;
 *   3. one pass over the chain's candidates (parallel in fixed blocks in
 *      cr_rank_park, serial inside a batch job) writing 7 raw values or the
 *      exclusion flags per candidate: no allocation, no shared writes;
 *   4. compaction, weights, aggregation (cr_mcda_*: fixed-chunk column
 *      statistics, so thread-count independent), and a bounded heap for the
 *      top rows with ties broken by enterprise id.
 * A workspace is allocated once per thread and reused for every job. */
#include "rank/criteria.h"
#include "gaps/gaps_internal.h"
#include "rank/stream.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#define FL_TENANT 0x80000000u

/* What the kernel needs about a segment for the current park, in one
 * cache line per two segments: the candidate loop reads only this table
 * and the candidate's own columns. */
typedef struct {
    double prio, gap;            /* gap priority P_s and volume G_s (0 if s is not a gap) */
    double dens;                 /* relatedness density of the park to s */
    double efit;                 /* endowment fit |N_s & E_p| / |N_s| */
    int shortfall;               /* 1 if the park lacks an endowment s needs */
} seg_info;

typedef struct {
    cr_ctx *ctx;                 /* where errors go (own ctx in batch workers) */
    size_t cap;                  /* candidate capacity of the per-candidate arrays */
    double *acc_w;               /* [nent] partner weight x decay (dense, reset via touched) */
    int32_t *acc_n;              /* [nent] local supplier links */
    uint8_t *mark;               /* [nent] */
    int64_t *touched;            /* [nent] */
    int64_t ntouched;
    double *prio, *gapv;         /* [nseg] gap priority and volume of the current job, 0 elsewhere */
    seg_info *seg;               /* [nseg] per-segment constants of the current job */
    double *vals;                /* [cap*CR_NCRIT] raw criteria */
    uint32_t *flags;             /* [cap] */
    int64_t *rowcand;            /* [cap] ranked row -> candidate position */
    double *mat, *nmat, *col, *ncol; /* [cap*ncrit], [cap*ncrit], [cap], [cap] */
    double *score;               /* [cap] */
    double *S, *R;               /* [cap] VIKOR */
    size_t *comp;                /* [cap] */
    int64_t *heap;               /* [cap] */
} workspace;

static void ws_free(workspace *w)
{
    free(w->acc_w); free(w->acc_n); free(w->mark); free(w->touched);
    free(w->prio); free(w->gapv); free(w->seg);
    free(w->vals); free(w->flags); free(w->rowcand); free(w->mat); free(w->nmat); free(w->col); free(w->ncol);
    free(w->score); free(w->S); free(w->R); free(w->comp); free(w->heap);
    memset(w, 0, sizeof *w);
}

static cr_error_t ws_init(cr_ctx *ctx, workspace *w, const cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    memset(w, 0, sizeof *w);
    w->ctx = ctx;
    size_t cap = 1;
    for (int32_t k = 0; k < ds->nchain; k++) {
        size_t c = (size_t)cr_ranker_chain_candidates(r, k);
        if (c > cap) cap = c;
    }
    size_t n = (size_t)ds->nent + 1, ns = (size_t)ds->nseg + 1;
    w->cap = cap;
    w->acc_w = cr__calloc(ctx, n, sizeof *w->acc_w);
    w->acc_n = cr__calloc(ctx, n, sizeof *w->acc_n);
    w->mark = cr__calloc(ctx, n, sizeof *w->mark);
    w->touched = cr__malloc(ctx, n, sizeof *w->touched);
    w->prio = cr__calloc(ctx, ns, sizeof *w->prio);
    w->gapv = cr__calloc(ctx, ns, sizeof *w->gapv);
    w->seg = cr__calloc(ctx, ns, sizeof *w->seg);
    w->vals = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->vals);
    w->flags = cr__malloc(ctx, cap, sizeof *w->flags);
    w->rowcand = cr__malloc(ctx, cap, sizeof *w->rowcand);
    w->mat = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->mat);
    w->nmat = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->nmat);
    w->col = cr__malloc(ctx, cap, sizeof *w->col);
    w->ncol = cr__malloc(ctx, cap, sizeof *w->ncol);
    w->score = cr__malloc(ctx, cap, sizeof *w->score);
    w->S = cr__malloc(ctx, cap, sizeof *w->S);
    w->R = cr__malloc(ctx, cap, sizeof *w->R);
    w->comp = cr__malloc(ctx, cap, sizeof *w->comp);
    w->heap = cr__malloc(ctx, cap, sizeof *w->heap);
    if (!w->acc_w || !w->acc_n || !w->mark || !w->touched || !w->prio || !w->gapv || !w->seg || !w->vals || !w->flags ||
        !w->rowcand || !w->mat || !w->nmat || !w->col || !w->ncol || !w->score || !w->S || !w->R || !w->comp ||
        !w->heap) {
        ws_free(w);
        return CR_ENOMEM;
    }
    return CR_OK;
}

/* ---- partner accumulation ---- */

static void add_anchor(workspace *w, const cr_model *m, int64_t a, double delta)
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

static void partners_reset(workspace *w)
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
    workspace *w;
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
static void partners_accumulate(workspace *w, const cr_ranker *r, int32_t p, const cr_scheme *s)
{
    for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) add_anchor(w, r->m, r->ten[t], 1.0);
    acc_ctx a = {w, r};
    (void)cr__ranker_radius_anchors(r, p, s, acc_anchor, &a);
}

/* ---- per-job constants and the candidate kernel ---- */

typedef struct {
    const cr_ranker *r;
    const cr_scheme *s;
    const workspace *w;
    int32_t p, k;
    const int64_t *cand;
    double res_avail[CR_NRES], res_inv[CR_NRES];
    double quota[CR_NENV], cap[CR_NENV];
    uint64_t banned, endow;
    double tagb[CR_MAX_DICT];
    const double *dens;          /* density row of the park */
} job;

static void job_init(job *j, const cr_ranker *r, const cr_scheme *s, workspace *w, int32_t p, int32_t k)
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
    seg_info *si = w->seg;
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
    const workspace *w = j->w;
    const int32_t p = j->p;
    cr__crit_in ci = {.r = r, .s = s, .tagb = j->tagb, .park = p, .chain = j->k};
    for (int64_t i = lo; i < hi; i++) {
        const int64_t e = j->cand[i];
        double *v = vals + i * CR_NCRIT;
        if (r->tenant_of[e] == p) {
            flags[i] = FL_TENANT;
            continue;
        }
        uint32_t fl = 0;
        const double q = ds->ent_plant_output[e];
        if (r->ent_cats[e] & j->banned) fl |= CR_EXCL_BANNED;
        for (int k = 0; k < CR_NENV; k++) {
            double in = ds->ent_int[k][e];
            if (!isnan(j->quota[k]) && q * in > j->quota[k]) fl |= CR_EXCL_CO2_QUOTA << k;
            if (!isnan(j->cap[k]) && in > j->cap[k]) fl |= CR_EXCL_CO2_CAP << k;
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
            const seg_info *si = &w->seg[ds->ent_seg[t]];
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
        for (int c = 0; c < CR_NCRIT; c++) v[c] = cr__criteria[c].value(&ci);
    }
}

/* ---- ordering ---- */

typedef struct {
    const double *score;
    const int64_t *ent;          /* row -> enterprise */
    const cr_dataset *ds;
    int desc;
} order_ctx;

/* 1 if row a ranks before row b: better score, then smaller enterprise id. */
static int before(const order_ctx *o, int64_t a, int64_t b)
{
    double sa = o->score[a], sb = o->score[b];
    if (sa != sb) return o->desc ? sa > sb : sa < sb;
    const char *ia = cr__strtab_get(&o->ds->ent_id, (int32_t)o->ent[a]);
    const char *ib = cr__strtab_get(&o->ds->ent_id, (int32_t)o->ent[b]);
    int c = strcmp(ia, ib);
    return c != 0 ? c < 0 : a < b;
}

static void sift_down(const order_ctx *o, int64_t *h, int64_t n, int64_t i)
{
    /* max-heap on "rank position": the root is the worst kept row */
    for (;;) {
        int64_t l = 2 * i + 1, rr = l + 1, w = i;
        if (l < n && before(o, h[w], h[l])) w = l;
        if (rr < n && before(o, h[w], h[rr])) w = rr;
        if (w == i) return;
        int64_t t = h[i]; h[i] = h[w]; h[w] = t;
        i = w;
    }
}

/* Top k rows of m in rank order into h[0..k). O(m log k). */
static int64_t select_top(const order_ctx *o, int64_t m, int64_t k, int64_t *h)
{
    if (k <= 0 || k > m) k = m;
    int64_t n = 0;
    for (int64_t i = 0; i < m; i++) {
        if (n < k) {
            h[n] = i;
            for (int64_t c = n++; c > 0;) {   /* sift up */
                int64_t pa = (c - 1) / 2;
                if (!before(o, h[pa], h[c])) break;
                int64_t t = h[pa]; h[pa] = h[c]; h[c] = t;
                c = pa;
            }
        } else if (before(o, i, h[0])) {
            h[0] = i;
            sift_down(o, h, n, 0);
        }
    }
    for (int64_t end = n - 1; end > 0; end--) {   /* heap sort: worst to the back */
        int64_t t = h[0]; h[0] = h[end]; h[end] = t;
        sift_down(o, h, end, 0);
    }
    return n;
}

/* ---- one job ---- */

void cr_rank_opts_default(cr_rank_opts *o)
{
    o->top = 50;
    o->want_excluded = 0;
    o->want_matrix = 0;
}

void cr_rank_result_free(cr_rank_result *res)
{
    if (!res) return;
    free(res->ent); free(res->score); free(res->value); free(res->vikor_compromise);
    free(res->excl_ent); free(res->excl_reason); free(res->matrix); free(res->matrix_ent);
    free(res);
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

static cr_error_t run_job(workspace *w, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s,
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
    res->ncrit = s->ncrit;
    memcpy(res->crit, s->crit, sizeof res->crit);

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
    /* A scheme with all seven criteria in their natural order uses the raw
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
        order_ctx o = {w->score, rowent, ds, res->higher_is_better};
        int64_t nr = select_top(&o, m, opts->top, w->heap);
        res->nrows = nr;
        size_t un = (size_t)nr + 1;
        res->ent = cr__malloc(ctx, un, sizeof *res->ent);
        res->score = cr__malloc(ctx, un, sizeof *res->score);
        res->value = cr__malloc(ctx, un * CR_NCRIT, sizeof *res->value);
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
            memcpy(res->value + t * CR_NCRIT, raw, CR_NCRIT * sizeof(double));
            if (res->vikor_compromise) res->vikor_compromise[t] = w->S[row] != 0;
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

static cr_error_t check_job(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k)
{
    if (p < 0 || p >= r->ds->npark) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no park with index %d", p);
    if (k < 0 || k >= r->ds->nchain) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no chain with index %d", k);
    return CR_OK;
}

cr_error_t cr_rank_park(cr_ctx *ctx, const cr_ranker *r, int32_t park, int32_t chain, const cr_scheme *scheme,
                        const cr_rank_opts *opts, cr_rank_result **out)
{
    *out = NULL;
    CR_CHECK(check_job(ctx, r, park, chain));
    cr_rank_opts o;
    if (opts) o = *opts; else cr_rank_opts_default(&o);
    if (cr__stream_eligible(scheme, &o)) {
        cr__stream_ws *sw = NULL;
        CR_CHECK(cr__stream_ws_new(ctx, r, &sw));
        cr_error_t rc = cr__stream_group(ctx, sw, r, scheme, chain, &park, 1, &o, cr__nthreads(ctx), out);
        cr__stream_ws_free(sw);
        return rc;
    }
    workspace w;
    CR_CHECK(ws_init(ctx, &w, r));
    cr_error_t rc = run_job(&w, r, park, chain, scheme, &o, cr__nthreads(ctx), out);
    ws_free(&w);
    return rc;
}

/* A worker thread's state in a batch: its own error context, and the two
 * workspaces, each allocated the first time the thread needs it. */
typedef struct {
    cr_ctx *ctx;
    workspace w;
    int have_w;
    cr__stream_ws *sw;
} worker;

/* Runs group g of a wave: a fast-path group of up to CR__LANES parks of one
 * (scheme, chain), or a single job on the materialised path. */
static cr_error_t run_group(worker *wk, const cr_ranker *r, const cr_scheme *s, const cr_rank_job *jobs,
                            const size_t *mem, int nmem, int fast, const cr_rank_opts *o, cr_rank_result **res)
{
    if (fast) {
        if (!wk->sw) CR_CHECK(cr__stream_ws_new(wk->ctx, r, &wk->sw));
        int32_t parks[CR__LANES];
        cr_rank_result *out[CR__LANES];
        for (int b = 0; b < nmem; b++) parks[b] = jobs[mem[b]].park;
        CR_CHECK(cr__stream_group(wk->ctx, wk->sw, r, s, jobs[mem[0]].chain, parks, nmem, o, 1, out));
        for (int b = 0; b < nmem; b++) res[b] = out[b];
        return CR_OK;
    }
    if (!wk->have_w) {
        CR_CHECK(ws_init(wk->ctx, &wk->w, r));
        wk->have_w = 1;
    }
    return run_job(&wk->w, r, jobs[mem[0]].park, jobs[mem[0]].chain, s, o, 1, &res[0]);
}

/* Groups the jobs of one wave: fast-path jobs of the same (scheme, chain)
 * share a group of up to CR__LANES parks, first-come in job order; every
 * other job is a group of its own. O(cnt^2) on a small wave. Writes the
 * wave-relative members of group q to gmem[goff[q] .. goff[q + 1]). */
static size_t group_wave(const cr_scheme *const *schemes, const cr_rank_job *jobs, size_t cnt, const cr_rank_opts *o,
                         size_t *gmem, size_t *goff, size_t *gjob, size_t *gsize, size_t *ghead)
{
    size_t ng = 0;
    for (size_t i = 0; i < cnt; i++) {
        const cr_rank_job *jb = &jobs[i];
        size_t gi = ng;
        if (cr__stream_eligible(schemes[jb->scheme], o))
            for (size_t q = 0; q < ng; q++) {
                const cr_rank_job *h = &jobs[ghead[q]];
                if (gsize[q] < CR__LANES && h->scheme == jb->scheme && h->chain == jb->chain &&
                    cr__stream_eligible(schemes[h->scheme], o)) { gi = q; break; }
            }
        if (gi == ng) { ghead[ng] = i; gsize[ng++] = 0; }
        gsize[gi]++;
        gjob[i] = gi;
    }
    goff[0] = 0;
    for (size_t q = 0; q < ng; q++) goff[q + 1] = goff[q] + gsize[q];
    for (size_t q = 0; q < ng; q++) gsize[q] = 0;
    for (size_t i = 0; i < cnt; i++) gmem[goff[gjob[i]] + gsize[gjob[i]]++] = i;
    return ng;
}

/* One wave's results, double-buffered: the calling thread delivers wave w
 * while the other threads compute wave w + 1. */
typedef struct {
    cr_rank_result **res;
    cr_error_t *rcs;
    char **msgs;
    size_t base, cnt;
} wave_buf;

static void run_group_task(worker *wk, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                           const cr_rank_opts *o, wave_buf *wb, const size_t *mem, int nmem)
{
    worker *w = &wk[omp_get_thread_num()];
    const cr_scheme *s = schemes[jobs[wb->base + mem[0]].scheme];
    size_t jm[CR__LANES];
    cr_rank_result *out[CR__LANES];
    for (int b = 0; b < nmem; b++) jm[b] = wb->base + mem[b];
    cr_error_t grc = run_group(w, r, s, jobs, jm, nmem, cr__stream_eligible(s, o), o, out);
    for (int b = 0; b < nmem; b++) {
        wb->res[mem[b]] = grc == CR_OK ? out[b] : NULL;
        wb->rcs[mem[b]] = grc;
    }
    if (grc != CR_OK) wb->msgs[mem[0]] = strdup(cr_ctx_errmsg(w->ctx));   /* failure path only */
}

/* Delivers a finished wave in job order (report = 1) and frees its results;
 * the first failure (of a job or of the callback) becomes the batch's
 * error. report = 0 only frees (after an earlier failure). */
static cr_error_t deliver_wave(cr_ctx *ctx, wave_buf *wb, int report, cr_rank_batch_cb cb, void *user)
{
    cr_error_t rc = CR_OK;
    for (size_t i = 0; i < wb->cnt && rc == CR_OK && report; i++) {
        if (wb->rcs[i] != CR_OK) {
            rc = cr_ctx_fail(ctx, wb->rcs[i], "%s", wb->msgs[i] ? wb->msgs[i] : cr_strerror(wb->rcs[i]));
            break;
        }
        if (cb && cb(user, wb->base + i, wb->res[i]) != 0)
            rc = cr_ctx_errcode(ctx) != CR_OK ? cr_ctx_errcode(ctx) : cr_ctx_fail(ctx, CR_EIO, "batch stopped");
    }
    for (size_t i = 0; i < wb->cnt; i++) {
        cr_rank_result_free(wb->res[i]);
        wb->res[i] = NULL;
        free(wb->msgs[i]);
        wb->msgs[i] = NULL;
        wb->rcs[i] = CR_OK;
    }
    wb->cnt = 0;
    return rc;
}

cr_error_t cr_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                         size_t njobs, const cr_rank_opts *opts, cr_rank_batch_cb cb, void *user)
{
    for (size_t i = 0; i < njobs; i++) CR_CHECK(check_job(ctx, r, jobs[i].park, jobs[i].chain));
    cr_rank_opts o;
    if (opts) o = *opts; else cr_rank_opts_default(&o);
    o.want_matrix = 0;
    const int nt = cr__nthreads(ctx);
    /* Jobs run in waves of `wave`; within a wave, fast-path jobs of the same
     * (scheme, chain) form groups of up to CR__LANES parks that share one
     * sweep over the candidates, and each group is a task run by one thread.
     * Results are delivered in job order, on the calling thread, one wave
     * behind: while it writes wave w the other threads already compute wave
     * w + 1, so delivery (explanations, files) no longer idles them. Memory
     * holds at most two waves of (top-N) results. A job's result does not
     * depend on its group (stream.c), so the output is the same for any
     * thread count. */
    const size_t wave = (size_t)nt * CR__LANES * 4;
    worker *wk = cr__calloc(ctx, (size_t)nt, sizeof *wk);
    wave_buf wb[2];
    memset(wb, 0, sizeof wb);
    for (int h = 0; h < 2; h++) {
        wb[h].res = cr__calloc(ctx, wave, sizeof *wb[h].res);
        wb[h].rcs = cr__calloc(ctx, wave, sizeof *wb[h].rcs);
        wb[h].msgs = cr__calloc(ctx, wave, sizeof *wb[h].msgs);
    }
    size_t *gmem = cr__malloc(ctx, wave, sizeof *gmem);      /* jobs (wave-relative) by group */
    size_t *goff = cr__malloc(ctx, wave + 1, sizeof *goff);
    size_t *gjob = cr__malloc(ctx, 3 * wave, sizeof *gjob);  /* scratch: group of each job, group sizes, heads */
    cr_error_t rc = CR_ENOMEM;
    if (!wk || !wb[0].res || !wb[0].rcs || !wb[0].msgs || !wb[1].res || !wb[1].rcs || !wb[1].msgs || !gmem || !goff ||
        !gjob)
        goto done;
    rc = CR_OK;
    for (int t = 0; t < nt && rc == CR_OK; t++) {
        if (!(wk[t].ctx = cr_ctx_alloc())) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); break; }
        cr_ctx_set_threads(wk[t].ctx, 1);
    }
    if (rc != CR_OK) goto done;
#pragma omp parallel num_threads(nt) if (nt > 1)
#pragma omp master
    {
        size_t base = 0;
        for (int h = 0;; h ^= 1) {
            /* spawn the next wave into buffer h (the previous one's tasks have finished) */
            if (rc == CR_OK && base < njobs) {
                wave_buf *b = &wb[h];
                b->base = base;
                b->cnt = njobs - base < wave ? njobs - base : wave;
                base += b->cnt;
                size_t ng = group_wave(schemes, jobs + b->base, b->cnt, &o, gmem, goff, gjob, gjob + wave, gjob + 2 * wave);
                for (size_t q = 0; q < ng; q++) {
                    const size_t *mem = gmem + goff[q];
                    const int nmem = (int)(goff[q + 1] - goff[q]);
#pragma omp task firstprivate(mem, nmem, b)
                    run_group_task(wk, r, schemes, jobs, &o, b, mem, nmem);
                }
            }
            /* meanwhile deliver the wave before it */
            wave_buf *prev = &wb[h ^ 1];
            if (prev->cnt) {
                cr_error_t drc = deliver_wave(ctx, prev, rc == CR_OK, cb, user);
                if (rc == CR_OK) rc = drc;
            }
#pragma omp taskwait
            if (wb[h].cnt == 0 && wb[h ^ 1].cnt == 0) break;
            if (rc != CR_OK) {   /* drop what is computed but not delivered */
                for (int x = 0; x < 2; x++)
                    if (wb[x].cnt) (void)deliver_wave(ctx, &wb[x], 0, NULL, NULL);
                break;
            }
        }
    }
done:
    if (wk)
        for (int t = 0; t < nt; t++) {
            if (wk[t].have_w) ws_free(&wk[t].w);
            cr__stream_ws_free(wk[t].sw);
            cr_ctx_free(wk[t].ctx);
        }
    free(wk);
    for (int h = 0; h < 2; h++) {
        free(wb[h].res);
        free(wb[h].rcs);
        free(wb[h].msgs);
    }
    free(gmem);
    free(goff);
    free(gjob);
    return rc;
}
