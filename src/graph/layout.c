/* Layered layout through igraph_layout_sugiyama (see layout.h). Chosen over
 * Graphviz's libgvc: igraph is already linked and wrapped here, its result
 * is plain coordinates we draw ourselves into the report's SVG (so fonts,
 * colours and classes stay under our control and the bytes do not depend on
 * a Graphviz version's SVG writer), and it adds no dependency
 * (docs/report.md, "Chain panorama"). */
#include "graph/layout.h"
#include "core/core_internal.h"

#include <igraph.h>
#include <stdlib.h>
#include <string.h>

void cr__layered_destroy(cr__layered *l)
{
    if (!l) return;
    free(l->pos);
    free(l->layer);
    free(l->bend_off);
    free(l->bend);
    memset(l, 0, sizeof *l);
}

cr_error_t cr__layout_layered(cr_ctx *ctx, int32_t n, const int32_t *layer, int32_t m, const int32_t *from,
                              const int32_t *to, cr__layered *out)
{
    memset(out, 0, sizeof *out);
    if (n <= 0) return CR_OK;
    for (int32_t i = 0; i < m; i++)
        if (from[i] < 0 || from[i] >= n || to[i] < 0 || to[i] >= n)
            return cr_ctx_fail(ctx, CR_EINVAL, "layout: edge %d out of range", (int)i);
    cr_error_t rc = CR_OK;
    igraph_t g, ext;
    igraph_vector_int_t edges, layers, map;
    igraph_matrix_t res;
    int have_g = 0, have_ext = 0, have_res = 0, have_map = 0, have_layers = 0;
    if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)m) != IGRAPH_SUCCESS) return cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory");
    for (int32_t i = 0; i < m; i++) {
        VECTOR(edges)[2 * i] = from[i];
        VECTOR(edges)[2 * i + 1] = to[i];
    }
    if (igraph_create(&g, &edges, n, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) { rc = cr_ctx_fail(ctx, CR_EDEP, "igraph: cannot build graph"); goto done; }
    have_g = 1;
    if (igraph_vector_int_init(&layers, n) != IGRAPH_SUCCESS) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory"); goto done; }
    have_layers = 1;
    for (int32_t v = 0; v < n; v++) VECTOR(layers)[v] = layer[v];
    if (igraph_matrix_init(&res, 0, 0) != IGRAPH_SUCCESS) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory"); goto done; }
    have_res = 1;
    if (igraph_vector_int_init(&map, 0) != IGRAPH_SUCCESS) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "igraph: out of memory"); goto done; }
    have_map = 1;
    if (igraph_layout_sugiyama(&g, &res, &ext, &map, &layers, 1.0, 1.0, 100, NULL) != IGRAPH_SUCCESS) {
        rc = cr_ctx_fail(ctx, CR_EDEP, "igraph: Sugiyama layout failed");
        goto done;
    }
    have_ext = 1;
    igraph_integer_t nv = igraph_matrix_nrow(&res), ne = igraph_ecount(&ext);
    out->n = n;
    out->ndummy = (int32_t)(nv - n);
    out->pos = malloc((size_t)nv * sizeof *out->pos);
    out->layer = malloc((size_t)nv * sizeof *out->layer);
    out->bend_off = calloc((size_t)m + 1, sizeof *out->bend_off);
    out->bend = malloc(((size_t)(nv - n) + 1) * sizeof *out->bend);
    if (!out->pos || !out->layer || !out->bend_off || !out->bend) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "layout: out of memory"); goto done; }
    for (igraph_integer_t v = 0; v < nv; v++) {
        out->pos[v] = MATRIX(res, v, 0);
        /* y = layer x vgap (vgap 1), exact small integers */
        out->layer[v] = (int32_t)(MATRIX(res, v, 1) + 0.5);
    }
    /* Each dummy vertex has exactly one original edge (its path's); count,
     * then place them in CSR order and sort each edge's bends by the
     * direction of travel from its source. */
    for (igraph_integer_t e = 0; e < ne; e++) {
        igraph_integer_t a = IGRAPH_FROM(&ext, e), b = IGRAPH_TO(&ext, e);
        igraph_integer_t oe = VECTOR(map)[e];
        if (b >= n) out->bend_off[oe + 1]++;
        (void)a;
    }
    for (int32_t i = 0; i < m; i++) out->bend_off[i + 1] += out->bend_off[i];
    int64_t *fill = calloc((size_t)m + 1, sizeof *fill);
    if (!fill) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "layout: out of memory"); goto done; }
    for (igraph_integer_t e = 0; e < ne; e++) {
        igraph_integer_t b = IGRAPH_TO(&ext, e), oe = VECTOR(map)[e];
        if (b >= n) out->bend[out->bend_off[oe] + fill[oe]++] = (int32_t)b;
    }
    free(fill);
    for (int32_t i = 0; i < m; i++) {
        int32_t *bb = out->bend + out->bend_off[i];
        int64_t k = out->bend_off[i + 1] - out->bend_off[i];
        int up = layer[to[i]] < layer[from[i]];   /* travel toward lower layers */
        for (int64_t x = 1; x < k; x++)           /* insertion sort: at most a few bends */
            for (int64_t y = x; y > 0; y--) {
                int32_t p = bb[y - 1], q = bb[y];
                int wrong = up ? out->layer[p] < out->layer[q] : out->layer[p] > out->layer[q];
                if (!wrong) break;
                bb[y - 1] = q;
                bb[y] = p;
            }
    }
done:
    if (rc != CR_OK) cr__layered_destroy(out);
    if (have_ext) igraph_destroy(&ext);
    if (have_map) igraph_vector_int_destroy(&map);
    if (have_res) igraph_matrix_destroy(&res);
    if (have_layers) igraph_vector_int_destroy(&layers);
    if (have_g) igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    return rc;
}
