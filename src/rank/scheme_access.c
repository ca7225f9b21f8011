/* Read-only accessors for the aggregation details of a scheme (criterion
 * directions, per-criterion normalisation, VIKOR's v), so that callers
 * outside src/rank (compare --monte-carlo) can re-aggregate a ranker's
 * decision matrix exactly as the scheme says. O(1), no allocation; and the
 * ranker's normalisation rule itself (prepare.h). */
#include "rank/rank_internal.h"
#include "rank/prepare.h"

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

cr_error_t cr__scheme_prepare_matrix(cr_ctx *ctx, const cr_scheme *s, size_t m, size_t n, const double *x, double *nx,
                                     double *col, double *ncol, const double **xo, int *types, cr_mcda_norm *norm)
{
    *xo = x;
    *norm = s->norm[0];
    for (size_t j = 0; j < n; j++) types[j] = s->types[j];
    if (s->uniform_norm) return CR_OK;
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < m; i++) col[i] = x[i * n + j];
        CR_CHECK(cr_mcda_normalize(ctx, m, 1, col, &s->types[j], s->norm[j], ncol));
        for (size_t i = 0; i < m; i++) nx[i * n + j] = ncol[i];
        types[j] = 1;
    }
    *xo = nx;
    *norm = CR_NORM_NONE;
    return CR_OK;
}
