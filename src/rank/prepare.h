/* The ranker's normalisation rule, for the ranker (score.c step 6) and for
 * whoever re-aggregates a ranker's decision matrix (compare's SMAA): the one
 * interface of src/rank for other folders besides the public cr_rank.h. */
#ifndef CR_RANK_PREPARE_H
#define CR_RANK_PREPARE_H

#include <chainrank/cr_rank.h>

/* What the aggregation of scheme s gets for the m x n decision matrix x
 * (row-major, raw criterion values). A scheme with one normalisation for
 * every criterion: x itself, the scheme's directions and that normalisation.
 * A mixed one: each column normalised on its own with its direction into nx
 * [m*n], then benefit columns (types all 1) and CR_NORM_NONE, which gives the
 * same numbers a uniform normalisation would give column by column. col and
 * ncol are [m] scratch; nx, col, ncol may be NULL when the scheme is
 * uniform. Sets *xo (x or nx), types[n] and *norm. O(m n). */
cr_error_t cr__scheme_prepare_matrix(cr_ctx *ctx, const cr_scheme *s, size_t m, size_t n, const double *x, double *nx,
                                     double *col, double *ncol, const double **xo, int *types, cr_mcda_norm *norm);

#endif
