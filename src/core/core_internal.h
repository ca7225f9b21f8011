/* Internal helpers shared by every module (prefix cr__). */
#ifndef CR_CORE_INTERNAL_H
#define CR_CORE_INTERNAL_H

#include <chainrank/cr_core.h>
#include <stdint.h>
#include <stdlib.h>

#define CR_CHECK(expr) do { cr_error_t cr__rc = (expr); \
        if (cr__rc != CR_OK) return cr__rc; } while (0)

/* Allocation that records CR_ENOMEM on ctx; n*size is overflow-checked. */
void *cr__calloc(cr_ctx *ctx, size_t n, size_t size);
void *cr__malloc(cr_ctx *ctx, size_t n, size_t size);
/* Grows *p to hold at least need items; capacity doubles (amortised O(1)). */
cr_error_t cr__grow(cr_ctx *ctx, void **p, size_t *cap, size_t need, size_t size);
char *cr__strdup(cr_ctx *ctx, const char *s);

/* splitmix64 (Steele, Lea & Flood 2014; Vigna's reference splitmix64.c),
 * the one copy every module uses (backtest orders, SMAA streams, the
 * generator's seeds). cr__mix64 is its output function; cr__splitmix64 one
 * step: state += golden gamma, return the mix of the new state. Seeded with
 * 0 the first outputs are 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4
 * (tests/unit/test_backtest.c, test_smaa.c). O(1), no state beyond *state. */
#define CR__GOLDEN_GAMMA 0x9E3779B97F4A7C15ULL
static inline uint64_t cr__mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static inline uint64_t cr__splitmix64(uint64_t *state)
{
    *state += CR__GOLDEN_GAMMA;
    return cr__mix64(*state);
}

/* Effective thread count for a parallel region: ctx setting or OpenMP's max. */
int cr__nthreads(const cr_ctx *ctx);
/* Reports progress through the ctx's callback, if any (cr_ctx_set_progress);
 * call on the calling thread only, outside parallel regions. */
void cr__progress(const cr_ctx *ctx, const char *stage, uint64_t done, uint64_t total);
/* The progress callback set on ctx (to wrap it: the backtest's chunks). */
void cr__ctx_get_progress(const cr_ctx *ctx, cr_progress_fn *fn, void **user);

#endif
