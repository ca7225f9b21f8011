/* Shared set-up of the ranking tests: a dataset, its model (with supply
 * metrics) and a ranker, and byte equality of two rank results. Header-only
 * (static functions) so each test binary stays one source file. */
#ifndef CR_TEST_RANK_WORLD_H
#define CR_TEST_RANK_WORLD_H

#include "cr_test.h"
#include <chainrank/chainrank.h>

#include <string.h>

typedef struct {
    cr_dataset *ds;
    cr_model *m;
    cr_ranker *rk;
} world;

/* Loads dir; on failure the test fails and the fields left NULL say where. */
static inline int world_load(cr_ctx *ctx, world *w, const char *dir)
{
    memset(w, 0, sizeof *w);
    CR_TEST_OK(cr_dataset_load(ctx, dir, NULL, &w->ds));
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    if (w->ds) CR_TEST_OK(cr_model_build(ctx, w->ds, &mp, &w->m));
    if (w->m) CR_TEST_OK(cr_ranker_new(ctx, w->m, &w->rk));
    return w->rk != NULL;
}

static inline void world_free(world *w)
{
    cr_ranker_free(w->rk);
    cr_model_free(w->m);
    cr_dataset_free(w->ds);
    memset(w, 0, sizeof *w);
}

/* 1 if a and b have the same counts, rows, scores, values and weights, bit for bit. */
static inline int same_result(const cr_rank_result *a, const cr_rank_result *b)
{
    if (a->nrows != b->nrows || a->ncand != b->ncand || a->nexcluded != b->nexcluded || a->nranked != b->nranked)
        return 0;
    if (memcmp(a->ent, b->ent, (size_t)a->nrows * sizeof *a->ent)) return 0;
    if (memcmp(a->score, b->score, (size_t)a->nrows * sizeof *a->score)) return 0;
    if (memcmp(a->value, b->value, (size_t)a->nrows * CR_NCRIT * sizeof *a->value)) return 0;
    if (memcmp(a->weights, b->weights, sizeof a->weights)) return 0;
    return 1;
}

#endif
