/* Read-only accessors for the aggregation details of a scheme (criterion
 * directions, per-criterion normalisation, VIKOR's v), so that callers
 * outside src/rank (compare --monte-carlo) can re-aggregate a ranker's
 * decision matrix exactly as the scheme says. O(1), no allocation. */
#include "rank/rank_internal.h"

int cr_scheme_types(const cr_scheme *s, const int **types)
{
    if (types) *types = s->types;
    return s->ncrit;
}

cr_mcda_norm cr_scheme_norm(const cr_scheme *s, int j)
{
    if (j < 0 || j >= s->ncrit) j = 0;
    return s->norm[j];
}

int cr_scheme_uniform_norm(const cr_scheme *s)
{
    return s->uniform_norm;
}

double cr_scheme_vikor_v(const cr_scheme *s)
{
    return s->v;
}
