/* Layered (Sugiyama) drawing coordinates for small directed graphs: what
 * `chainrank report` needs to draw a chain's panorama. igraph stays inside
 * src/graph: the caller passes plain arrays and gets plain arrays back. */
#ifndef CR_GRAPH_LAYOUT_H
#define CR_GRAPH_LAYOUT_H

#include <chainrank/cr_core.h>

/* Result of cr__layout_layered. Coordinates are igraph's: `pos` is the place
 * within the layer (0, 1, 2, ... apart by at least hgap = 1), `layer` the
 * given layer. Dummy vertices (bend points of edges spanning more than one
 * layer) follow the n real ones. */
typedef struct {
    int32_t n, ndummy;
    double *pos;          /* [n + ndummy] position within the layer */
    int32_t *layer;       /* [n + ndummy] layer index */
    int64_t *bend_off;    /* [nedges + 1] CSR: the bend points of edge i, from its source to its target */
    int32_t *bend;        /* dummy vertex ids (>= n) */
} cr__layered;

/* Lays out the directed graph of n vertices and m edges from[i] -> to[i]
 * with the layer of each vertex given (layer[v] >= 0; an edge may go either
 * way or stay within a layer: igraph re-orients edges to point to higher
 * layers and ignores same-layer edges for the crossing minimisation).
 * igraph_layout_sugiyama with hgap 1, vgap 1 and maxiter 100 (its
 * barycentre crossing reduction is deterministic). Calling thread only,
 * never inside an OpenMP region (igraph 0.10 is not thread safe).
 * Time: O(maxiter x (n + dummies + m)) for these small graphs. */
cr_error_t cr__layout_layered(cr_ctx *ctx, int32_t n, const int32_t *layer, int32_t m, const int32_t *from,
                              const int32_t *to, cr__layered *out);
void cr__layered_destroy(cr__layered *l);   /* zeroed or destroyed: ok */

#endif
