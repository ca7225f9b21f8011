/* The model: what is derived once from a dataset before any scoring —
 * segment importance in each chain (igraph PageRank on the chain graph), the
 * enterprise supply graph as CSR arrays, and supply-graph centrality.
 * Built serially (igraph is not thread-safe here); read-only afterwards and
 * safe to share between threads. */
#ifndef CR_MODEL_H
#define CR_MODEL_H

#include <chainrank/cr_data.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cr_model cr_model;

typedef struct {
    double damping;        /* PageRank damping factor, default 0.85 */
    double key_bonus;      /* importance multiplier for key links: (1 + key_bonus), default 0.5 */
    int supply_metrics;    /* 1: also build the supply graph and its PageRank (needed by ranking) */
} cr_model_params;

CR_PUBLIC(void) cr_model_params_default(cr_model_params *p);

/* Time: O(sum of chain sizes) for chains; with supply_metrics, O(N + L)
 * memory and PageRank over the supply graph (N enterprises, L links). */
CR_PUBLIC(cr_error_t) cr_model_build(cr_ctx *ctx, const cr_dataset *ds, const cr_model_params *params,
                                     cr_model **out);
CR_PUBLIC(void) cr_model_free(cr_model *m);     /* NULL ok */
/* The dataset the model was built on (borrowed). */
CR_PUBLIC(const cr_dataset *) cr_model_dataset(const cr_model *m);

/* Importance of the i-th member of chain k (0 <= i < member count), and the
 * two PageRank components it is made of. */
CR_PUBLIC(double) cr_model_importance(const cr_model *m, int32_t chain, int32_t i);
CR_PUBLIC(double) cr_model_pagerank_down(const cr_model *m, int32_t chain, int32_t i);
CR_PUBLIC(double) cr_model_pagerank_up(const cr_model *m, int32_t chain, int32_t i);

#ifdef __cplusplus
}
#endif
#endif
