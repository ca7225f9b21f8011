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

/* Checks every value is finite; the message names the first bad entry in
 * row-major order. Negatives are for each method to judge: CRITIC, std and
 * the min-max and "none" normalisations take them (a shift changes
 * nothing), entropy and the vector, max and sum normalisations refuse them. */
cr_error_t cr__mcda_check_finite(cr_ctx *ctx, size_t m, size_t n, const double *x);
cr_error_t cr__mcda_check_types(cr_ctx *ctx, size_t n, const int *types);
cr_error_t cr__mcda_check_weights(cr_ctx *ctx, size_t n, const double *w);

#endif
