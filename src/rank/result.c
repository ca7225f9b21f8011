/* Options and results of a ranking job, shared by both evaluation paths
 * (score.c, stream.c) and the entry points (rank_park.c, batch.c). */
#include "rank/rank_internal.h"

#include <stdlib.h>

void cr_rank_opts_default(cr_rank_opts *o)
{
    o->top = 50;
    o->want_excluded = 0;
    o->want_matrix = 0;
}

void cr_rank_result_free(cr_rank_result *res)
{
    if (!res) return;
    free(res->ent); free(res->score); free(res->value); free(res->vikor_compromise);
    free(res->excl_ent); free(res->excl_reason); free(res->matrix); free(res->matrix_ent);
    free(res);
}

cr_error_t cr__rank_check_job(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k)
{
    if (p < 0 || p >= r->ds->npark) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no park with index %d", p);
    if (k < 0 || k >= r->ds->nchain) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no chain with index %d", k);
    return CR_OK;
}
