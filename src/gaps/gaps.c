/* Chain diagnosis (docs/model.md, "Chain diagnosis").
 *
 * Local supply X_s sums the park's tenants' revenue by segment share; local
 * demand D_s is what local buyers need from s through the chain's technical
 * coefficients, D_s = sum_b a_sb X_b (the input-output identity applied to
 * the park). Everything is O(tenants + edges); no allocation beyond the result. */
#include <chainrank/cr_gaps.h>
#include "gaps/gaps_internal.h"
#include "graph/model.h"
#include "core/core_internal.h"

#include <math.h>
#include <string.h>

void cr_gap_params_default(cr_gap_params *p)
{
    p->strong_coverage = 1.0;
    p->kind_weight[0] = 1.0;
    p->kind_weight[1] = 0.6;
    p->kind_weight[2] = 0.3;
}

void cr_gaps_free(cr_gaps *g)
{
    if (!g) return;
    free(g->segment); free(g->stage); free(g->key); free(g->importance); free(g->supply); free(g->demand);
    free(g->coverage); free(g->tenants); free(g->status); free(g->gap); free(g->priority); free(g->order);
    free(g);
}

const char *cr_gap_status_name(cr_gap_status s)
{
    static const char *const n[] = {"strong", "weak", "missing", "extension", "absent"};
    return (unsigned)s < 5 ? n[s] : "?";
}

const char *cr_gap_status_label(cr_gap_status s)
{
    static const char *const n[] = {"强", "弱(强链)", "缺(补链)", "延链", "-"};
    return (unsigned)s < 5 ? n[s] : "?";
}

typedef struct {
    const cr_gaps *g;
    const cr_dataset *ds;
} sort_ctx;

static int kind_rank(int8_t st) { return st == CR_GAP_MISSING ? 0 : st == CR_GAP_WEAK ? 1 : 2; }

/* Insertion sort: chains have tens of members, and this keeps the order
 * total and explicit (no qsort context pointer in C11). */
static int before(const sort_ctx *c, int32_t a, int32_t b)
{
    const cr_gaps *g = c->g;
    int ka = kind_rank(g->status[a]), kb = kind_rank(g->status[b]);
    if (ka != kb) return ka < kb;
    if (g->priority[a] != g->priority[b]) return g->priority[a] > g->priority[b];
    if (g->gap[a] != g->gap[b]) return g->gap[a] > g->gap[b];
    return strcmp(cr_dataset_segment_id(c->ds, g->segment[a]), cr_dataset_segment_id(c->ds, g->segment[b])) < 0;
}

cr_error_t cr_gaps_segment_tenants(cr_ctx *ctx, const cr_model *m, const cr_gaps *g, int64_t **offp, int64_t **entp)
{
    const cr_dataset *ds = m->ds;
    *offp = NULL;
    *entp = NULL;
    int32_t *local = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof *local);
    int64_t *off = cr__calloc(ctx, (size_t)g->n + 2, sizeof *off);
    if (!local || !off) {
        free(local);
        free(off);
        return CR_ENOMEM;
    }
    for (int32_t s = 0; s < ds->nseg; s++) local[s] = -1;
    for (int32_t i = 0; i < g->n; i++) local[g->segment[i]] = i;
    /* two passes (count, then fill) over the tenants, the rule of cr_gaps_compute */
    int64_t *ent = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int64_t e = 0; e < ds->nent; e++) {
            if (ds->ent_park[e] != g->park && !cr_dataset_has_site_in(ds, e, g->park)) continue;
            for (int64_t j = ds->ent_seg_off[e]; j < ds->ent_seg_off[e + 1]; j++) {
                int32_t i = local[ds->ent_seg[j]];
                if (i < 0) continue;
                if (pass == 0) off[i + 1]++;
                else ent[off[i]++] = e;
            }
        }
        if (pass == 0) {
            for (int32_t i = 0; i < g->n; i++) off[i + 1] += off[i];
            ent = cr__malloc(ctx, (size_t)off[g->n] + 1, sizeof *ent);
            if (!ent) {
                free(local);
                free(off);
                return CR_ENOMEM;
            }
        }
    }
    /* the fill advanced off[i] to the end of row i: shift back */
    for (int32_t i = g->n; i > 0; i--) off[i] = off[i - 1];
    off[0] = 0;
    free(local);
    *offp = off;
    *entp = ent;
    return CR_OK;
}

cr_error_t cr_gaps_compute(cr_ctx *ctx, const cr_model *m, int32_t park, int32_t chain, const cr_gap_params *params,
                           cr_gaps **out)
{
    return cr__gaps_compute_tenants(ctx, m, park, chain, params, NULL, -1, out);
}

cr_error_t cr__gaps_compute_tenants(cr_ctx *ctx, const cr_model *m, int32_t park, int32_t chain,
                                    const cr_gap_params *params, const int64_t *ten, int64_t nten, cr_gaps **out)
{
    const cr_dataset *ds = m->ds;
    *out = NULL;
    if (park < 0 || park >= ds->npark) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no park with index %d", park);
    if (chain < 0 || chain >= ds->nchain) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no chain with index %d", chain);
    cr_gap_params gp;
    if (params) gp = *params; else cr_gap_params_default(&gp);
    int64_t m0 = ds->mem_off[chain];
    int32_t n = (int32_t)(ds->mem_off[chain + 1] - m0);
    cr_gaps *g = cr__calloc(ctx, 1, sizeof *g);
    if (!g) return CR_ENOMEM;
    g->park = park;
    g->chain = chain;
    g->n = n;
    size_t un = (size_t)n + 1;
    g->segment = cr__calloc(ctx, un, sizeof *g->segment);
    g->stage = cr__calloc(ctx, un, sizeof *g->stage);
    g->key = cr__calloc(ctx, un, sizeof *g->key);
    g->importance = cr__calloc(ctx, un, sizeof *g->importance);
    g->supply = cr__calloc(ctx, un, sizeof *g->supply);
    g->demand = cr__calloc(ctx, un, sizeof *g->demand);
    g->coverage = cr__calloc(ctx, un, sizeof *g->coverage);
    g->tenants = cr__calloc(ctx, un, sizeof *g->tenants);
    g->status = cr__calloc(ctx, un, sizeof *g->status);
    g->gap = cr__calloc(ctx, un, sizeof *g->gap);
    g->priority = cr__calloc(ctx, un, sizeof *g->priority);
    g->order = cr__calloc(ctx, un, sizeof *g->order);
    int32_t *local = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof *local);
    double *outsum = cr__calloc(ctx, un, sizeof *outsum);
    if (!g->segment || !g->stage || !g->key || !g->importance || !g->supply || !g->demand || !g->coverage ||
        !g->tenants || !g->status || !g->gap || !g->priority || !g->order || !local || !outsum) {
        free(local); free(outsum);
        cr_gaps_free(g);
        return CR_ENOMEM;
    }
    for (int32_t s = 0; s < ds->nseg; s++) local[s] = -1;
    for (int32_t i = 0; i < n; i++) {
        g->segment[i] = ds->mem_seg[m0 + i];
        g->stage[i] = ds->mem_stage[m0 + i];
        g->key[i] = ds->mem_key[m0 + i];
        g->importance[i] = m->mem_imp[m0 + i];
        local[g->segment[i]] = i;
    }
    /* X_s: one pass over the park's tenants when the caller has a tenant
     * index (ranking), else over every enterprise: O(N) is fine for one
     * `gaps` call and saves building an index there. */
    int64_t nscan = ten ? nten : ds->nent;
    for (int64_t t = 0; t < nscan; t++) {
        int64_t e = ten ? ten[t] : t;
        /* a given list is trusted (the ranker may date it); else: a site in the park */
        if (!ten && ds->ent_park[e] != park && !cr_dataset_has_site_in(ds, e, park)) continue;
        g->n_tenants++;
        for (int64_t j = ds->ent_seg_off[e]; j < ds->ent_seg_off[e + 1]; j++) {
            int32_t i = local[ds->ent_seg[j]];
            if (i < 0) continue;
            g->supply[i] += ds->ent_share[j] * ds->ent_revenue[e];
            g->tenants[i]++;
        }
    }
    int64_t e0 = ds->edge_off[chain], e1 = ds->edge_off[chain + 1];
    for (int64_t e = e0; e < e1; e++) {
        int32_t a = local[ds->edge_from[e]], b = local[ds->edge_to[e]];
        g->demand[a] += ds->edge_coef[e] * g->supply[b];
        if (a != b) outsum[a] += ds->edge_coef[e];
    }
    for (int32_t i = 0; i < n; i++) {
        int covered = g->supply[i] > 0 || g->tenants[i] > 0;
        g->coverage[i] = g->demand[i] > 0 ? g->supply[i] / g->demand[i] : NAN;
        if (covered) {
            if (g->demand[i] > 0 && g->coverage[i] < gp.strong_coverage) {
                g->status[i] = CR_GAP_WEAK;
                g->gap[i] = g->demand[i] * gp.strong_coverage - g->supply[i];
            } else {
                g->status[i] = CR_GAP_STRONG;
            }
        } else if (g->demand[i] > 0 || g->key[i]) {
            g->status[i] = CR_GAP_MISSING;
            g->gap[i] = g->demand[i];
        } else {
            g->status[i] = CR_GAP_ABSENT;
        }
    }
    /* Extension: an uncovered, non-missing segment that a covered segment
     * sells to; its volume is the covered suppliers' output routed to it by
     * their coefficient mix, sum_u X_u a_us / sum_b a_ub. */
    for (int64_t e = e0; e < e1; e++) {
        int32_t u = local[ds->edge_from[e]], s = local[ds->edge_to[e]];
        if (u == s || g->status[s] == CR_GAP_MISSING || g->status[s] == CR_GAP_WEAK || g->status[s] == CR_GAP_STRONG) continue;
        if (!(g->supply[u] > 0 || g->tenants[u] > 0)) continue;
        g->status[s] = CR_GAP_EXTENSION;
        g->gap[s] += g->supply[u] * ds->edge_coef[e] / outsum[u];
    }
    for (int32_t i = 0; i < n; i++) {
        int st = g->status[i];
        if (st == CR_GAP_MISSING || st == CR_GAP_WEAK || st == CR_GAP_EXTENSION) {
            g->priority[i] = gp.kind_weight[st == CR_GAP_MISSING ? 0 : st == CR_GAP_WEAK ? 1 : 2] * g->importance[i];
            g->order[g->ngap++] = i;
        }
    }
    sort_ctx sc = {g, ds};
    for (int32_t i = 1; i < g->ngap; i++) {
        int32_t v = g->order[i], j = i;
        while (j > 0 && before(&sc, v, g->order[j - 1])) { g->order[j] = g->order[j - 1]; j--; }
        g->order[j] = v;
    }
    free(local);
    free(outsum);
    *out = g;
    return CR_OK;
}
