/* Shared set-up of the ranking tests: a cr_world (dataset, model, ranker),
 * and byte equality of two rank results. Header-only
 * (static functions) so each test binary stays one source file. */
#ifndef CR_TEST_RANK_WORLD_H
#define CR_TEST_RANK_WORLD_H

#include "cr_test.h"
#include <chainrank/chainrank.h>

#include <string.h>

typedef cr_world world;

/* Opens dir as cr_world_init does (dataset, model with supply metrics,
 * ranker); on failure the test fails and the world is all NULL. */
static inline int world_load(cr_ctx *ctx, world *w, const char *dir)
{
    CR_TEST_OK(cr_world_init(ctx, w, dir, NULL));
    return w->ranker != NULL;
}

static inline void world_free(world *w) { cr_world_destroy(w); }

/* The same with the tenancy as of date (YYYY-MM-DD, also returned in
 * *cutoff as days): the world of a backtest. */
static inline int world_load_as_of(cr_ctx *ctx, world *w, const char *dir, const char *date, int32_t *cutoff)
{
    *cutoff = 0;
    CR_TEST_OK(cr_eval_parse_date(ctx, date, cutoff));
    cr_world_params wp;
    cr_world_params_default(&wp);
    wp.as_of = 1;
    wp.cutoff = *cutoff;
    CR_TEST_OK(cr_world_init(ctx, w, dir, &wp));
    return w->ranker != NULL;
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
    if (a->weights_fallback != b->weights_fallback || a->higher_is_better != b->higher_is_better) return 0;
    if (!a->vikor_compromise != !b->vikor_compromise) return 0;
    if (a->vikor_compromise &&
        (a->vikor_advantage != b->vikor_advantage || a->vikor_stability != b->vikor_stability ||
         memcmp(a->vikor_compromise, b->vikor_compromise, (size_t)a->nrows * sizeof *a->vikor_compromise)))
        return 0;
    return 1;
}

#endif
