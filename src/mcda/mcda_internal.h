/* Internals of the MCDA sources (prefix cr__mcda_); what other folders
 * use is in mcda/shared.h. */
#ifndef CR_MCDA_INTERNAL_H
#define CR_MCDA_INTERNAL_H

#include <chainrank/cr_mcda.h>
#include "core/core_internal.h"
#include "mcda/shared.h"

/* Fixed number of row chunks for column statistics: partial results are
 * combined in chunk order, so sums do not depend on the thread count. */
enum { CR__MCDA_NCHUNK = 256 };

/* The aggregation loops run on one thread below this many cells (m x n).
 * Measured with bench_mcda (TOPSIS, n = 6, 30 runs, 1 vs 2 threads; bench/
 * results.md "Threads"): at m = 1,000 one thread takes 0.02 ms and 2 threads
 * gain nothing at best and wait 30-65 ms (median) for the second thread on a
 * loaded machine; at m = 100,000 (6e5 cells) 1.5 ms against 0.8 ms. The
 * threshold (2.1e6 cells) is where one thread works ~5 ms, a scheduler time
 * slice, so a wait for the second thread costs at most about what it saves
 * on a quiet machine; the same
 * results (column sums are in fixed chunks either way). */
enum { CR__MCDA_PAR_CELLS = 1 << 21 };
#define CR__MCDA_PAR(ctx, m, n) ((m) * (n) >= (size_t)CR__MCDA_PAR_CELLS && cr__nthreads(ctx) > 1)

/* Checks every value is finite; the message names the first bad entry in
 * row-major order. Negatives are for each method to judge: CRITIC, std and
 * the min-max and "none" normalisations take them (a shift changes
 * nothing), entropy and the vector, max and sum normalisations refuse them. */
cr_error_t cr__mcda_check_finite(cr_ctx *ctx, size_t m, size_t n, const double *x);
cr_error_t cr__mcda_check_types(cr_ctx *ctx, size_t n, const int *types);
cr_error_t cr__mcda_check_weights(cr_ctx *ctx, size_t n, const double *w);

#endif
