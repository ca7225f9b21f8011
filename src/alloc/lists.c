/* The parks' top lists for contest and allocate (cr_alloc.h): one
 * cr_rank_batch over the parks, so each list is `rank --park P --top K`'s,
 * copied in job (= park) order; O(parks x K) memory. */
#include <chainrank/cr_alloc.h>

#include "core/core_internal.h"

#include <stdlib.h>
#include <string.h>

void cr_park_lists_free(cr_park_lists *l)
{
    if (!l) return;
    free(l->parks); free(l->off); free(l->ent); free(l->score); free(l->nranked);
    free(l);
}

typedef struct {
    cr_ctx *ctx;
    cr_park_lists *l;
} collect;

static int take(void *user, size_t job, const cr_rank_result *res)
{
    collect *c = user;
    cr_park_lists *l = c->l;
    int64_t at = l->off[job];
    l->off[job + 1] = at + res->nrows;
    for (int64_t i = 0; i < res->nrows; i++) {
        l->ent[at + i] = res->ent[i];
        l->score[at + i] = res->score[i];
    }
    l->nranked[job] = res->nranked;
    l->higher_is_better = res->higher_is_better;
    l->expected_value = res->expected_value;
    return 0;
}

cr_error_t cr_park_lists_build(cr_ctx *ctx, const cr_ranker *r, int32_t k, const cr_scheme *scheme,
                               const int32_t *parks, size_t nparks, int32_t top, cr_park_lists **out)
{
    *out = NULL;
    if (top < 1) return cr_ctx_fail(ctx, CR_EINVAL, "top lists need K >= 1, got %d", top);
    if (nparks == 0) return cr_ctx_fail(ctx, CR_EINVAL, "no parks to compare");
    cr_park_lists *l = cr__calloc(ctx, 1, sizeof *l);
    if (!l) return CR_ENOMEM;
    l->ds = cr_ranker_dataset(r);
    l->chain = k;
    l->top = top;
    l->nparks = nparks;
    l->higher_is_better = 1;
    l->parks = cr__malloc(ctx, nparks, sizeof *l->parks);
    l->off = cr__calloc(ctx, nparks + 1, sizeof *l->off);
    l->ent = cr__malloc(ctx, nparks * (size_t)top, sizeof *l->ent);
    l->score = cr__malloc(ctx, nparks * (size_t)top, sizeof *l->score);
    l->nranked = cr__calloc(ctx, nparks, sizeof *l->nranked);
    cr_rank_job *jobs = cr__malloc(ctx, nparks, sizeof *jobs);
    cr_error_t rc = CR_ENOMEM;
    if (!l->parks || !l->off || !l->ent || !l->score || !l->nranked || !jobs) goto done;
    memcpy(l->parks, parks, nparks * sizeof *parks);
    for (size_t i = 0; i < nparks; i++) {
        jobs[i].park = parks[i];
        jobs[i].chain = k;
        jobs[i].scheme = 0;
    }
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = top;
    collect c = {ctx, l};
    rc = cr_rank_batch(ctx, r, &scheme, jobs, nparks, &o, take, &c);
done:
    free(jobs);
    if (rc != CR_OK) cr_park_lists_free(l);
    else *out = l;
    return rc;
}
