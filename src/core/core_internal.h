/* Internal helpers shared by every module (prefix cr__). */
#ifndef CR_CORE_INTERNAL_H
#define CR_CORE_INTERNAL_H

#include <chainrank/cr_core.h>
#include <stdlib.h>

#define CR_CHECK(expr) do { cr_error_t cr__rc = (expr); \
        if (cr__rc != CR_OK) return cr__rc; } while (0)

/* Allocation that records CR_ENOMEM on ctx; n*size is overflow-checked. */
void *cr__calloc(cr_ctx *ctx, size_t n, size_t size);
void *cr__malloc(cr_ctx *ctx, size_t n, size_t size);
/* Grows *p to hold at least need items; capacity doubles (amortised O(1)). */
cr_error_t cr__grow(cr_ctx *ctx, void **p, size_t *cap, size_t need, size_t size);
char *cr__strdup(cr_ctx *ctx, const char *s);

/* Effective thread count for a parallel region: ctx setting or OpenMP's max. */
int cr__nthreads(const cr_ctx *ctx);

#endif
