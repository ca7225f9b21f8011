/* Internals of SMAA-2 (prefix cr__smaa_): the per-sample random streams and
 * the weight samplers. Exposed to the unit tests; see docs/smaa.md. */
#ifndef CR_SMAA_INTERNAL_H
#define CR_SMAA_INTERNAL_H

#include <chainrank/cr_smaa.h>
#include "core/core_internal.h"

#include <stdint.h>

/* xoshiro256** state of one sample's stream. */
typedef struct {
    uint64_t s[4];
} cr__smaa_rng;

/* Stream of sample `index` under `seed`: a splitmix64 generator started at
 * seed ^ (index * 0x9E3779B97F4A7C15) gives the four state words of
 * xoshiro256** (the seeding its authors recommend). index -> index * odd
 * constant is a bijection mod 2^64, so distinct samples of one run never
 * start from the same splitmix64 state. O(1), no allocation. */
void cr__smaa_rng_init(cr__smaa_rng *r, uint64_t seed, uint64_t index);
uint64_t cr__smaa_rng_next(cr__smaa_rng *r);
/* Uniform double in [0, 1): the top 53 bits times 2^-53. */
double cr__smaa_rng_uniform(cr__smaa_rng *r);

/* A validated, prepared weight model (no pointers into the caller's params). */
typedef struct {
    cr_smaa_weight_model model;
    size_t n;
    size_t *order;      /* [n] ORDINAL */
    double *lo, *hi;    /* [n] INTERVALS */
    size_t *freeidx;    /* [nfree] INTERVALS: criteria with lo < hi */
    size_t nfree;
    double resid;       /* INTERVALS: 1 - sum lo, the mass spread over the free criteria */
    size_t max_tries;
} cr__smaa_sampler;

/* Validates the weight-model part of params for n criteria (messages name
 * the field and index) and prepares s. Release with cr__smaa_sampler_destroy. */
cr_error_t cr__smaa_sampler_init(cr_ctx *ctx, size_t n, const cr_smaa_params *params, cr__smaa_sampler *s);
void cr__smaa_sampler_destroy(cr__smaa_sampler *s);

/* Draws the weights of sample `index` into w[n]; tmp has n entries. Adds
 * the proposals drawn to *tries. Returns 0, or -1 if an interval sample was
 * still rejected after max_tries proposals (w is then undefined). Thread-safe:
 * reads s only. */
int cr__smaa_draw(const cr__smaa_sampler *s, uint64_t seed, uint64_t index, double *w, double *tmp,
                  uint64_t *tries);

/* Uniform point of the (k-1)-simplex from r: spacings of k-1 sorted
 * uniforms (Rubinstein 1982). out has k entries; k >= 1. */
void cr__smaa_simplex(cr__smaa_rng *r, size_t k, double *out);

#endif
