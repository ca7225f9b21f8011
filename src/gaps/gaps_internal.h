/* Internals of the chain diagnosis shared with ranking. */
#ifndef CR_GAPS_INTERNAL_H
#define CR_GAPS_INTERNAL_H

#include <chainrank/cr_gaps.h>

/* cr_gaps_compute over a given tenant list (enterprise indices of the
 * park's tenants, any order; ten NULL = scan every enterprise). The ranker
 * keeps a tenant index, which makes this O(tenants + edges) per call. */
cr_error_t cr__gaps_compute_tenants(cr_ctx *ctx, const cr_model *m, int32_t park, int32_t chain,
                                    const cr_gap_params *params, const int64_t *ten, int64_t nten, cr_gaps **out);

#endif
