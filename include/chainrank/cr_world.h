/* A world: a dataset with its model and its ranker, opened in one call —
 * what `rank`, `batch`, `compare DATASET`, the tests and the benchmarks all
 * need before they rank anything. */
#ifndef CR_WORLD_H
#define CR_WORLD_H

#include <chainrank/cr_rank.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    cr_dataset *ds;
    cr_model *model;     /* built on ds */
    cr_ranker *ranker;   /* borrows model */
} cr_world;

typedef struct {
    const cr_load_params *load;   /* NULL: cr_load_params_default */
    cr_model_params model;        /* cr_model_params_default with supply_metrics = 1 (ranking needs it) */
    int as_of;                    /* 1: the ranker sees the tenancy as of cutoff (cr_ranker_new_as_of) */
    int32_t cutoff;               /* days since 1970-01-01; used when as_of */
} cr_world_params;

CR_PUBLIC(void) cr_world_params_default(cr_world_params *p);

/* Loads the dataset folder dir, builds its model and its ranker (params NULL
 * = defaults). On failure *w is all NULL and ctx holds the message and the
 * dataset's diagnostics. Time and memory: cr_dataset_load + cr_model_build +
 * cr_ranker_new. */
CR_PUBLIC(cr_error_t) cr_world_init(cr_ctx *ctx, cr_world *w, const char *dir, const cr_world_params *params);
/* Frees the three in reverse order; safe on a zeroed or destroyed world. */
CR_PUBLIC(void) cr_world_destroy(cr_world *w);

#ifdef __cplusplus
}
#endif
#endif
