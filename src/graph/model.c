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
    if (m->mapped) { free(m); return; }   /* arrays in a snapshot, unmapped with its dataset */
    free(m->mem_imp); free(m->mem_pr_down); free(m->mem_pr_up);
    free(m->out_off); free(m->out_adj); free(m->out_w);
    free(m->in_off); free(m->in_adj); free(m->in_w);
    free(m->ent_pagerank);
    free(m);
}

/* One index of igraph's indexed edge list: the edge ids grouped by key[e]
 * (keys ascending), within a key by other[e] ascending and, for parallel
 * edges, by edge id DESCENDING — the order igraph_create leaves in oi/ii
 * (igraph_vector_int_pair_order: two linked-list radix passes, each pushing
 * at the head of its bucket). off[n + 1] is the prefix count of key, what
 * igraph keeps in os/is. Cost: a counting scatter O(n + ne) and an insertion
 * sort of each group (groups are a vertex's edges: short), instead of
 * igraph_create's four pointer-chasing radix passes. test_model checks the
 * result against igraph_create's own indices, parallel edges included. */
static void index_by(igraph_integer_t n, size_t ne, const int32_t *key, const int32_t *other, igraph_integer_t *off,
                     igraph_integer_t *ids)
{
    memset(off, 0, (size_t)(n + 1) * sizeof *off);
    for (size_t e = 0; e < ne; e++) off[key[e] + 1]++;
    for (igraph_integer_t v = 0; v < n; v++) off[v + 1] += off[v];
    for (size_t e = 0; e < ne; e++) ids[off[key[e]]++] = (igraph_integer_t)e;   /* off[v] now = old off[v + 1] */
    for (igraph_integer_t v = n; v > 0; v--) off[v] = off[v - 1];
    off[0] = 0;
    for (igraph_integer_t v = 0; v < n; v++) {
        igraph_integer_t *a = ids + off[v];
        igraph_integer_t len = off[v + 1] - off[v];
        for (igraph_integer_t i = 1; i < len; i++) {   /* ids arrive ascending: keep (other asc, id desc) */
            igraph_integer_t x = a[i], j = i;
            while (j > 0 && (other[a[j - 1]] > other[x] || (other[a[j - 1]] == other[x] && a[j - 1] < x))) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
    }
}

/* The directed graph from -> to (ne edges on n vertices, ids checked by the
 * loader) as igraph_create would build it, bit for bit, without its sort:
 * igraph_empty, then the four vectors of the indexed edge list (igraph_t's
 * from, to, oi, ii, os, is: public fields of igraph_datatype.h in 0.10)
 * filled here. The property cache of a graph fresh from igraph_empty knows
 * nothing, so nothing stale is left in it. Why: igraph_create's sort was half
 * of cr_model_build at 1 M enterprises (bench/results.md, issue 19). */
cr_error_t cr__graph_build(cr_ctx *ctx, void *graph, int32_t n, size_t ne, const int32_t *from, const int32_t *to)
{
    igraph_t *g = graph;
    if (igraph_empty(g, n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    igraph_integer_t m = (igraph_integer_t)ne;
    if (igraph_vector_int_resize(&g->from, m) != IGRAPH_SUCCESS || igraph_vector_int_resize(&g->to, m) != IGRAPH_SUCCESS ||
        igraph_vector_int_resize(&g->oi, m) != IGRAPH_SUCCESS || igraph_vector_int_resize(&g->ii, m) != IGRAPH_SUCCESS ||
        igraph_vector_int_resize(&g->os, (igraph_integer_t)n + 1) != IGRAPH_SUCCESS ||
        igraph_vector_int_resize(&g->is, (igraph_integer_t)n + 1) != IGRAPH_SUCCESS) {
        igraph_destroy(g);
        return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    }
    for (size_t e = 0; e < ne; e++) {
        VECTOR(g->from)[e] = from[e];
        VECTOR(g->to)[e] = to[e];
    }
    index_by(n, ne, from, to, VECTOR(g->os), VECTOR(g->oi));
    index_by(n, ne, to, from, VECTOR(g->is), VECTOR(g->ii));
    return CR_OK;
}

/* Weighted PageRank of a directed graph given as edge lists; pr[n] out.
 * Self-loops are dropped by the caller. Dangling vertices spread their rank
 * uniformly (igraph's PRPACK convention). */
static cr_error_t pagerank(cr_ctx *ctx, int32_t n, size_t ne, const int32_t *from, const int32_t *to,
                           const double *w, double damping, double *pr)
{
    igraph_t g;
    igraph_vector_t weights, res;
    igraph_real_t value;
    cr_error_t rc = CR_OK;
    if (n == 0) return CR_OK;
    if (igraph_vector_init(&weights, (igraph_integer_t)ne) != IGRAPH_SUCCESS) return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    for (size_t i = 0; i < ne; i++) VECTOR(weights)[i] = w[i];
    if ((rc = cr__graph_build(ctx, &g, n, ne, from, to)) != CR_OK) goto out1;
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
    if ((rc = pagerank(ctx, (int32_t)nm, n, from, to, w, m->params.damping, m->mem_pr_down + m0)) != CR_OK) goto out;
    if ((rc = pagerank(ctx, (int32_t)nm, n, to, from, w, m->params.damping, m->mem_pr_up + m0)) != CR_OK) goto out;
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
        if ((rc = pagerank(ctx, (int32_t)ds->nent, (size_t)ds->nlink, ds->link_sup, ds->link_cus, ds->link_w,
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

_Static_assert(sizeof(struct cr_model) == 128, "struct cr_model changed: update cr__model_visit");

cr_error_t cr__model_visit(cr_model *m, cr__snap_visit *v)
{
    const cr_dataset *ds = m->ds;
    const size_t nmem = (size_t)ds->mem_off[ds->nchain], n = (size_t)ds->nent, nl = (size_t)ds->nlink;
    CR__SNAP_A(v, m->mem_imp, nmem);
    CR__SNAP_A(v, m->mem_pr_down, nmem);
    CR__SNAP_A(v, m->mem_pr_up, nmem);
    /* the supply graph: only with params.supply_metrics (cr__model_check) */
    CR__SNAP_OPT(v, m->out_off, n + 1);
    CR__SNAP_OPT(v, m->out_adj, nl);
    CR__SNAP_OPT(v, m->out_w, nl);
    CR__SNAP_OPT(v, m->in_off, n + 1);
    CR__SNAP_OPT(v, m->in_adj, nl);
    CR__SNAP_OPT(v, m->in_w, nl);
    CR__SNAP_OPT(v, m->ent_pagerank, n);
    return CR_OK;
}

/* Invariants of a model read from a snapshot (visit.h): the supply graph is
 * all there exactly when has_supply says so, and its CSR holds enterprise
 * indices; the per-member doubles need none. */
int cr__model_check(const cr_model *m, cr__snap_why *w)
{
    const cr_dataset *ds = m->ds;
    const int present = m->out_off && m->out_adj && m->out_w && m->in_off && m->in_adj && m->in_w && m->ent_pagerank;
    const int absent = !m->out_off && !m->out_adj && !m->out_w && !m->in_off && !m->in_adj && !m->in_w && !m->ent_pagerank;
    if (!(m->has_supply ? present : absent) || m->has_supply != !!m->params.supply_metrics)
        return cr__snap_fail(w, "struct cr_model: has_supply %d, supply_metrics %d and the supply arrays disagree", m->has_supply,
                             m->params.supply_metrics);
    if (!m->has_supply) return 0;
    const size_t n = (size_t)ds->nent, nl = (size_t)ds->nlink;
    if (cr__snap_off(w, "out_off", m->out_off, n, ds->nlink) || cr__snap_off(w, "in_off", m->in_off, n, ds->nlink) ||
        cr__snap_i32(w, "out_adj", m->out_adj, nl, 0, ds->nent) || cr__snap_i32(w, "in_adj", m->in_adj, nl, 0, ds->nent))
        return 1;
    return 0;
}
