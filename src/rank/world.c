/* cr_world: dataset, model and ranker in one call (include/chainrank/cr_world.h). */
#include <chainrank/cr_world.h>

#include <string.h>

#include "data/dataset_visit.h"
#include "snapshot/snapshot.h"

void cr_world_params_default(cr_world_params *p)
{
    memset(p, 0, sizeof *p);
    cr_model_params_default(&p->model);
    p->model.supply_metrics = 1;
}

cr_error_t cr_world_init(cr_ctx *ctx, cr_world *w, const char *dir, const cr_world_params *params)
{
    memset(w, 0, sizeof *w);
    cr_world_params dflt;
    if (!params) {
        cr_world_params_default(&dflt);
        params = &dflt;
    }
    /* The snapshot holds the dataset, model and ranker the defaults build
     * (src/snapshot, docs/snapshot.md); other parameters rebuild from it. */
    cr_world_params dp;
    cr_world_params_default(&dp);
    cr_error_t rc = CR_OK;
    const cr_model_params *mp = &params->model;
    int snap_world = !params->as_of && mp->damping == dp.model.damping && mp->key_bonus == dp.model.key_bonus &&
                     mp->supply_metrics == dp.model.supply_metrics;
    if (cr__snapshot_applies(ctx, params->load)) {
        rc = cr__snapshot_open(ctx, dir, &w->ds, snap_world ? &w->model : NULL, snap_world ? &w->ranker : NULL);
        if (rc != CR_OK) return rc;
        if (w->ranker) return CR_OK;
    }
    if (!w->ds) rc = cr__dataset_load_files(ctx, dir, params->load, &w->ds);
    if (rc == CR_OK) rc = cr_model_build(ctx, w->ds, &params->model, &w->model);
    if (rc == CR_OK)
        rc = params->as_of ? cr_ranker_new_as_of(ctx, w->model, params->cutoff, &w->ranker)
                           : cr_ranker_new(ctx, w->model, &w->ranker);
    if (rc != CR_OK) cr_world_destroy(w);
    return rc;
}

void cr_world_destroy(cr_world *w)
{
    cr_ranker_free(w->ranker);
    cr_model_free(w->model);
    cr_dataset_free(w->ds);
    memset(w, 0, sizeof *w);
}
