/* Internal layout of cr_model (see cr_model.h). */
#ifndef CR_GRAPH_MODEL_H
#define CR_GRAPH_MODEL_H

#include <chainrank/cr_model.h>
#include "data/dataset.h"

struct cr_model {
    const cr_dataset *ds;          /* borrowed; must outlive the model */
    cr_model_params params;
    double *mem_imp;               /* [nmem] aligned with ds->mem_seg */
    double *mem_pr_down;           /* PageRank on supplier->buyer edges (x members: mean 1) */
    double *mem_pr_up;             /* PageRank on the reversed edges (x members: mean 1) */
    /* supply graph CSR, only with params.supply_metrics */
    int has_supply;
    int64_t *out_off;              /* [nent+1] supplier -> its customers */
    int32_t *out_adj;
    double *out_w;
    int64_t *in_off;               /* [nent+1] customer -> its suppliers */
    int32_t *in_adj;
    double *in_w;
    double *ent_pagerank;          /* [nent] weighted PageRank of the supply graph x N (mean 1) */
    int mapped;                    /* 1: the arrays point into a snapshot (src/snapshot): free only m */
};

/* Builds into *graph (an igraph_t, left opaque so this header stays free of
 * igraph) the directed graph from[e] -> to[e], e < ne, on n vertices, with
 * the same indexed edge list igraph_create builds, without its sort
 * (model.c). The caller igraph_destroy()s it. Ids must be in [0, n). */
cr_error_t cr__graph_build(cr_ctx *ctx, void *graph, int32_t n, size_t ne, const int32_t *from, const int32_t *to);

#include "snapshot/visit.h"
/* The model's arrays for the snapshot (src/snapshot/visit.h). */
cr_error_t cr__model_visit(cr_model *m, cr__snap_visit *v);
/* Its invariants once read (0, or 1 with w->why naming the array and index). */
int cr__model_check(const cr_model *m, cr__snap_why *w);

#endif
