/* Internal helpers of the rank-agreement module (prefix cr__agree_). */
#ifndef CR_AGREE_INTERNAL_H
#define CR_AGREE_INTERNAL_H

#include "core/core_internal.h"
#include <chainrank/cr_agree.h>
#include <stdint.h>

/* Checks n >= 2 and every rank finite in [1, n]; messages read "<what>[i]: ...". */
cr_error_t cr__agree_check_ranks(cr_ctx *ctx, const double *ranks, size_t n, const char *what);
/* cr_agree_ranking_alloc with the label used in error messages. */
cr_error_t cr__agree_ranking_prepare(cr_ctx *ctx, const double *ranks, size_t n, const char *what,
                                     cr_agree_ranking **out);

#endif
