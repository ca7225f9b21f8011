/* The materialised path of the ranking engine: its workspace (score_ws.c)
 * and one job (score.c). The streaming path is stream.h; cr_rank_park
 * (rank_park.c) and cr_rank_batch (batch.c) choose between them. */
#ifndef CR_RANK_SCORE_H
#define CR_RANK_SCORE_H

#include "rank/rank_internal.h"

/* What the kernel needs about a segment for the current park, in one
 * cache line per two segments: the candidate loop reads only this table
 * and the candidate's own columns. */
typedef struct {
    double prio, gap;            /* gap priority P_s and volume G_s (0 if s is not a gap) */
    double dens;                 /* relatedness density of the park to s */
    double efit;                 /* endowment fit |N_s & E_p| / |N_s| */
    int shortfall;               /* 1 if the park lacks an endowment s needs */
} cr__seg_info;

/* The materialised path's per-thread workspace: O(enterprises + segments +
 * the largest chain's candidates x CR_NCRIT), allocated once per thread and
 * reused by every job (score_ws.c). */
typedef struct {
    cr_ctx *ctx;                 /* where errors go (own ctx in batch workers) */
    size_t cap;                  /* candidate capacity of the per-candidate arrays */
    double *acc_w;               /* [nent] partner weight x decay (dense, reset via touched) */
    int32_t *acc_n;              /* [nent] local supplier links */
    uint8_t *mark;               /* [nent] */
    int64_t *touched;            /* [nent] */
    int64_t ntouched;
    double *prio, *gapv;         /* [nseg] gap priority and volume of the current job, 0 elsewhere */
    cr__seg_info *seg;              /* [nseg] per-segment constants of the current job */
    double *vals;                /* [cap*CR_NCRIT] raw criteria */
    uint32_t *flags;             /* [cap] */
    int64_t *rowcand;            /* [cap] ranked row -> candidate position */
    double *mat, *nmat, *col, *ncol; /* [cap*ncrit], [cap*ncrit], [cap], [cap] */
    double *score;               /* [cap] */
    double *S, *R;               /* [cap] VIKOR */
    size_t *comp;                /* [cap] */
    int64_t *heap;               /* [cap] */
    /* Sites (sites.c): focus >= 0 keeps only that enterprise's row; the job
     * then sets focus_pos (1-based place among the ranked rows, 0 if not
     * ranked) by counting the rows that rank before it: O(ranked), no sort. */
    int64_t focus;
    int focus_place;             /* 0: skip the count (focus_pos = 1 when ranked) */
    int64_t focus_pos;
} cr__score_ws;

cr_error_t cr__score_ws_init(cr_ctx *ctx, cr__score_ws *w, const cr_ranker *r);
void cr__score_ws_destroy(cr__score_ws *w);   /* zeroes *w; safe on a zeroed one */

/* Ranks (park p, chain k) under scheme s on the materialised path: the
 * candidate pass in parallel blocks on nthreads, then the decision matrix,
 * weights, cr_mcda_* aggregation and the top rows (topk.c). Any scheme and
 * options; the streaming path gives the same result where it applies. */
cr_error_t cr__score_job(cr__score_ws *w, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s,
                         const cr_rank_opts *opts, int nthreads, cr_rank_result **out);

#endif
