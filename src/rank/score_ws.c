/* The materialised path's workspace (score.h): allocated once per thread
 * (sized by the largest chain's candidate list), reused by every job. */
#include "rank/score.h"

#include <string.h>

void cr__score_ws_destroy(cr__score_ws *w)
{
    free(w->acc_w); free(w->acc_n); free(w->mark); free(w->touched);
    free(w->prio); free(w->gapv); free(w->seg);
    free(w->vals); free(w->flags); free(w->rowcand); free(w->mat); free(w->nmat); free(w->col); free(w->ncol);
    free(w->score); free(w->S); free(w->R); free(w->comp); free(w->heap);
    memset(w, 0, sizeof *w);
}

cr_error_t cr__score_ws_init(cr_ctx *ctx, cr__score_ws *w, const cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    memset(w, 0, sizeof *w);
    w->ctx = ctx;
    w->focus = -1;
    size_t cap = 1;
    for (int32_t k = 0; k < ds->nchain; k++) {
        size_t c = (size_t)cr_ranker_chain_candidates(r, k);
        if (c > cap) cap = c;
    }
    size_t n = (size_t)ds->nent + 1, ns = (size_t)ds->nseg + 1;
    w->cap = cap;
    w->acc_w = cr__calloc(ctx, n, sizeof *w->acc_w);
    w->acc_n = cr__calloc(ctx, n, sizeof *w->acc_n);
    w->mark = cr__calloc(ctx, n, sizeof *w->mark);
    w->touched = cr__malloc(ctx, n, sizeof *w->touched);
    w->prio = cr__calloc(ctx, ns, sizeof *w->prio);
    w->gapv = cr__calloc(ctx, ns, sizeof *w->gapv);
    w->seg = cr__calloc(ctx, ns, sizeof *w->seg);
    w->vals = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->vals);
    w->flags = cr__malloc(ctx, cap, sizeof *w->flags);
    w->rowcand = cr__malloc(ctx, cap, sizeof *w->rowcand);
    w->mat = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->mat);
    w->nmat = cr__malloc(ctx, cap * CR_NCRIT, sizeof *w->nmat);
    w->col = cr__malloc(ctx, cap, sizeof *w->col);
    w->ncol = cr__malloc(ctx, cap, sizeof *w->ncol);
    w->score = cr__malloc(ctx, cap, sizeof *w->score);
    w->S = cr__malloc(ctx, cap, sizeof *w->S);
    w->R = cr__malloc(ctx, cap, sizeof *w->R);
    w->comp = cr__malloc(ctx, cap, sizeof *w->comp);
    w->heap = cr__malloc(ctx, cap, sizeof *w->heap);
    if (!w->acc_w || !w->acc_n || !w->mark || !w->touched || !w->prio || !w->gapv || !w->seg || !w->vals || !w->flags ||
        !w->rowcand || !w->mat || !w->nmat || !w->col || !w->ncol || !w->score || !w->S || !w->R || !w->comp ||
        !w->heap) {
        cr__score_ws_destroy(w);
        return CR_ENOMEM;
    }
    return CR_OK;
}
