/* The environmental exclusion rule, stated once (docs/model.md "Hard
 * exclusions"): a plant is excluded from a park when one of its
 * environmental categories is banned there, when its annual load of CO2,
 * energy or pollutant exceeds the park's remaining quota, or when its
 * intensity exceeds the park's cap. The materialised kernel (score.c), the
 * explanation (explain.c) and project vetting (src/projects/vet.c) call this
 * function; the streaming kernel (stream_kernel.h) evaluates the same
 * comparisons lane-wise on vectors and test_rank_stream checks it gives the
 * same rows. NaN quota or cap = not limited (the comparison is false); a NaN
 * load or intensity never excludes, so callers that may lack a figure
 * (vetting) check for it themselves. O(CR_NENV). */
#ifndef CR_RANK_EXCLUDE_H
#define CR_RANK_EXCLUDE_H

#include <chainrank/cr_rank.h>
#include "data/dataset.h"
#include <math.h>

static inline uint32_t cr__env_exclusion(uint64_t cats, uint64_t banned, const double load[CR_NENV],
                                         const double intensity[CR_NENV], const double quota[CR_NENV],
                                         const double cap[CR_NENV])
{
    uint32_t fl = 0;
    if (cats & banned) fl |= CR_EXCL_BANNED;
    for (int k = 0; k < CR_NENV; k++) {
        if (!isnan(quota[k]) && load[k] > quota[k]) fl |= (uint32_t)CR_EXCL_CO2_QUOTA << k;
        if (!isnan(cap[k]) && intensity[k] > cap[k]) fl |= (uint32_t)CR_EXCL_CO2_CAP << k;
    }
    return fl;
}

#endif
