/* Builds the model: chain-graph importance and the supply graph.
 *
 * igraph is called here only, on the calling thread (Debian's igraph 0.10 is
 * built without thread safety). Everything later stages read is copied out
 * into plain arrays. */
#include "graph/model.h"
#include "core/core_internal.h"

#include <igraph.h>
#include <omp.h>
#include <string.h>

void cr_model_params_default(cr_model_params *p)
{
    p->damping = 0.85;
    p->key_bonus = 0.5;
    p->supply_metrics = 0;
}

void cr_model_free(cr_model *m)
{
    if (!m) return;
    free(m->mem_imp); free(m->mem_pr_down); free(m->mem_pr_up);
    free(m->out_off); free(m->out_adj); free(m->out_w);
    free(m->in_off); free(m->in_adj); free(m->in_w);
    free(m->ent_pagerank);
    free(m);
}

/* Weighted PageRank of a directed graph given as edge lists; pr[n] out.
 * Self-loops are dropped by the caller. Dangling vertices spread their rank
 * uniformly (igraph's PRPACK convention). */
static cr_error_t pagerank(cr_ctx *ctx, igraph_integer_t n, size_t ne, const int32_t *from, const int32_t *to,
                           const double *w, double damping, double *pr)
{
    igraph_t g;
    igraph_vector_int_t edges;
    igraph_vector_t weights, res;
    igraph_real_t value;
    cr_error_t rc = CR_OK;
    if (n == 0) return CR_OK;
    if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * ne)) != IGRAPH_SUCCESS) return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    if (igraph_vector_init(&weights, (igraph_integer_t)ne) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    }
    for (size_t i = 0; i < ne; i++) {
        VECTOR(edges)[2 * i] = from[i];
        VECTOR(edges)[2 * i + 1] = to[i];
        VECTOR(weights)[i] = w[i];
    }
    if (igraph_create(&g, &edges, n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        rc = cr_ctx_fail(ctx, CR_EDEP, "igraph: cannot build graph");
        goto out1;
    }
    if (igraph_vector_init(&res, n) != IGRAPH_SUCCESS) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory"); goto out2; }
    /* PRPACK parallelises its iterations with OpenMP reductions whose
     * summation order varies from run to run: one thread keeps PageRank,
     * and every score built on it, bitwise reproducible. */
    int saved_threads = omp_get_max_threads();
    omp_set_num_threads(1);
    igraph_error_t prc = igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(),
                                         IGRAPH_DIRECTED, damping, ne ? &weights : NULL, NULL);
    omp_set_num_threads(saved_threads);
    if (prc != IGRAPH_SUCCESS) {
        rc = cr_ctx_fail(ctx, CR_EDEP, "igraph: PageRank failed");
    } else {
        for (igraph_integer_t i = 0; i < n; i++) pr[i] = VECTOR(res)[i];
    }
    igraph_vector_destroy(&res);
out2:
    igraph_destroy(&g);
out1:
    igraph_vector_destroy(&weights);
    igraph_vector_int_destroy(&edges);
    return rc;
}

static cr_error_t chain_importance(cr_ctx *ctx, cr_model *m, int32_t k)
{
    const cr_dataset *ds = m->ds;
    int64_t m0 = ds->mem_off[k], nm = ds->mem_off[k + 1] - m0;
    int64_t e0 = ds->edge_off[k], ne = ds->edge_off[k + 1] - e0;
    cr_error_t rc = CR_OK;
    int32_t *local = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof *local);
    int32_t *from = cr__malloc(ctx, (size_t)ne + 1, sizeof *from);
    int32_t *to = cr__malloc(ctx, (size_t)ne + 1, sizeof *to);
    double *w = cr__malloc(ctx, (size_t)ne + 1, sizeof *w);
    if (!local || !from || !to || !w) { rc = CR_ENOMEM; goto out; }
    for (int64_t i = 0; i < nm; i++) local[ds->mem_seg[m0 + i]] = (int32_t)i;
    size_t n = 0;
    for (int64_t e = e0; e < e0 + ne; e++) {
        if (ds->edge_from[e] == ds->edge_to[e]) continue;   /* self-use says nothing about links between segments */
        from[n] = local[ds->edge_from[e]];
        to[n] = local[ds->edge_to[e]];
        w[n] = ds->edge_coef[e];
        n++;
    }
    if ((rc = pagerank(ctx, (igraph_integer_t)nm, n, from, to, w, m->params.damping, m->mem_pr_down + m0)) != CR_OK) goto out;
    if ((rc = pagerank(ctx, (igraph_integer_t)nm, n, to, from, w, m->params.damping, m->mem_pr_up + m0)) != CR_OK) goto out;
    for (int64_t i = m0; i < m0 + nm; i++) {
        m->mem_pr_down[i] *= (double)nm;
        m->mem_pr_up[i] *= (double)nm;
        m->mem_imp[i] = 0.5 * (m->mem_pr_down[i] + m->mem_pr_up[i]) * (1.0 + (ds->mem_key[i] ? m->params.key_bonus : 0.0));
    }
out:
    free(local); free(from); free(to); free(w);
    return rc;
}

/* CSR by counting sort: O(N + L), neighbours in link-file order. */
static cr_error_t build_csr(cr_ctx *ctx, int64_t n, int64_t nl, const int32_t *src, const int32_t *dst, const double *w,
                            int64_t **off, int32_t **adj, double **aw)
{
    *off = cr__calloc(ctx, (size_t)n + 1, sizeof **off);
    *adj = cr__malloc(ctx, (size_t)nl + 1, sizeof **adj);
    *aw = cr__malloc(ctx, (size_t)nl + 1, sizeof **aw);
    if (!*off || !*adj || !*aw) return CR_ENOMEM;
    for (int64_t i = 0; i < nl; i++) (*off)[src[i] + 1]++;
    for (int64_t v = 0; v < n; v++) (*off)[v + 1] += (*off)[v];
    int64_t *fill = cr__malloc(ctx, (size_t)n + 1, sizeof *fill);
    if (!fill) return CR_ENOMEM;
    memcpy(fill, *off, (size_t)(n + 1) * sizeof *fill);
    for (int64_t i = 0; i < nl; i++) {
        int64_t at = fill[src[i]]++;
        (*adj)[at] = dst[i];
        (*aw)[at] = w[i];
    }
    free(fill);
    return CR_OK;
}

cr_error_t cr_model_build(cr_ctx *ctx, const cr_dataset *ds, const cr_model_params *params, cr_model **out)
{
    *out = NULL;
    cr_model *m = cr__calloc(ctx, 1, sizeof *m);
    if (!m) return CR_ENOMEM;
    m->ds = ds;
    if (params) m->params = *params; else cr_model_params_default(&m->params);
    if (!(m->params.damping > 0 && m->params.damping < 1)) {
        double d = m->params.damping;
        cr_model_free(m);
        return cr_ctx_fail(ctx, CR_EINVAL, "PageRank damping must be in (0, 1), got %g", d);
    }
    cr_error_t rc = CR_OK;
    size_t nmem = (size_t)ds->mem_off[ds->nchain];
    m->mem_imp = cr__calloc(ctx, nmem + 1, sizeof *m->mem_imp);
    m->mem_pr_down = cr__calloc(ctx, nmem + 1, sizeof *m->mem_pr_down);
    m->mem_pr_up = cr__calloc(ctx, nmem + 1, sizeof *m->mem_pr_up);
    if (!m->mem_imp || !m->mem_pr_down || !m->mem_pr_up) { rc = CR_ENOMEM; goto fail; }
    for (int32_t k = 0; k < ds->nchain; k++)
        if ((rc = chain_importance(ctx, m, k)) != CR_OK) goto fail;
    if (m->params.supply_metrics) {
        if ((rc = build_csr(ctx, ds->nent, ds->nlink, ds->link_sup, ds->link_cus, ds->link_w, &m->out_off, &m->out_adj, &m->out_w)) != CR_OK) goto fail;
        if ((rc = build_csr(ctx, ds->nent, ds->nlink, ds->link_cus, ds->link_sup, ds->link_w, &m->in_off, &m->in_adj, &m->in_w)) != CR_OK) goto fail;
        m->ent_pagerank = cr__calloc(ctx, (size_t)ds->nent + 1, sizeof *m->ent_pagerank);
        if (!m->ent_pagerank) { rc = CR_ENOMEM; goto fail; }
        /* Supplier -> customer direction, weighted by trade: rank flows to the
         * firms that many (well-supplied) suppliers sell to, i.e. the "head
         * geese" that draw a supplier base along. See docs/model.md. */
        if ((rc = pagerank(ctx, (igraph_integer_t)ds->nent, (size_t)ds->nlink, ds->link_sup, ds->link_cus, ds->link_w,
                           m->params.damping, m->ent_pagerank)) != CR_OK) goto fail;
        for (int64_t e = 0; e < ds->nent; e++) m->ent_pagerank[e] *= (double)ds->nent;
        m->has_supply = 1;
    }
    *out = m;
    return CR_OK;
fail:
    cr_model_free(m);
    return rc;
}

double cr_model_importance(const cr_model *m, int32_t k, int32_t i) { return m->mem_imp[m->ds->mem_off[k] + i]; }
double cr_model_pagerank_down(const cr_model *m, int32_t k, int32_t i) { return m->mem_pr_down[m->ds->mem_off[k] + i]; }
double cr_model_pagerank_up(const cr_model *m, int32_t k, int32_t i) { return m->mem_pr_up[m->ds->mem_off[k] + i]; }

const cr_dataset *cr_model_dataset(const cr_model *m)
{
    return m->ds;
}
