/* What src/mcda shares with other folders, and nothing else: the column
 * normalisation parameters (the ranker's streaming kernel, src/rank/stream.c,
 * normalises exactly as cr_mcda_normalize does), the stable order (SMAA) and
 * the problem-file parser (SMAA's JSON front-end). */
#ifndef CR_MCDA_SHARED_H
#define CR_MCDA_SHARED_H

#include <chainrank/cr_mcda.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Normalisation of one column as r = b + s*((x' + c)*inv), x' = x or 1/x,
 * with lo/hi the column min and max of r (r is monotone in x). */
typedef struct {
    double b, s, c, d;   /* r = b + s*((x' + c)*inv) */
    double inv;          /* 1/d */
    int recip;           /* x' = 1/x (sum normalisation of a cost column) */
    double lo, hi;       /* column min and max of r */
} cr__mcda_colparam;

static inline double cr__mcda_apply(const cr__mcda_colparam *p, double x)
{
    double t = p->recip ? 1.0 / x : x;
    return p->b + p->s * ((t + p->c) * p->inv);
}

/* Sets p from a column's statistics over its m rows (sums only read by the
 * vector and sum normalisations). sum and sumsq are those of the column times
 * scale, a power of two (1, or 2^-k when the plain sums overflow: scaling by
 * a power of two is exact, so the divisor sqrt(sumsq)/scale is the one exact
 * arithmetic gives). Returns 1 when set; CR__COLPARAM_NONPOS, with p unset,
 * when the sum normalisation meets a value <= 0 (mn), which it cannot
 * normalise; CR__COLPARAM_RANGE when the divisor is not finite (a sum that
 * overflowed: the caller rescales, or refuses). Shared with the ranking
 * engine's streaming aggregation (src/rank/stream.c), so both give the same
 * parameters bit for bit. */
enum { CR__COLPARAM_NONPOS = 0, CR__COLPARAM_RANGE = -1 };
int cr__mcda_colparam_set(cr__mcda_colparam *p, cr_mcda_norm norm, int cost, double mn, double mx, double sum,
                          double sumsq, double sumrecip, double scale, size_t m);

/* Natural logarithm for the entropy weights' sum x ln x (weights.c and the
 * streaming kernel, stream_kernel.h K(vln)): both paths must give the same
 * bits, and the kernel takes the log of up to 8 lanes at once. On x86-64
 * with glibc it is libmvec's vector log (Debian's libc6), the widest variant
 * the CPU runs, for every caller (src/mcda/ln.c); elsewhere libm's log.
 * cr__ln8: y[k] = ln x[k] for 8 values; cr__ln: one value, the same bits as
 * its lane in cr__ln8. x = 0, negative, inf or NaN: the function's value
 * (-inf, NaN...), which callers select away. */
#if defined(__x86_64__) && defined(__GLIBC__)
#define CR__LN_MVEC 1
#else
#define CR__LN_MVEC 0
#endif
void cr__ln8(const double *x, double *y);
double cr__ln(double x);

/* The last steps of the objective weightings (weights.c) from their column
 * sums, each added in row order (the streaming kernel, src/rank/stream.c,
 * adds the same terms in the same order, so both give the same bits).
 * Return 1 when set, 0 when every column carries no information (the
 * weights are then undefined; callers fail or fall back to equal weights).
 * entropy: sum[j] = sum_i x_ij, sxl[j] = sum over x_ij > 0 of x_ij cr__ln(x_ij)
 *          (one pass: sum p ln p = sxl / sum - ln sum), has_zero[j] = some
 *          x_ij is 0;
 * critic:  s1[j] = sum_i d_ij, q[j n + k] = sum_i d_ij d_ik (both triangles),
 *          d_ij = x_ij - x_0j (shifted by the first row: one pass, no
 *          cancellation worth the name, docs/mcda.md), range[j] = max - min
 *          of column j, neg[j] = column j is a cost (its z runs against x);
 * std:     ss[j] = sum_i (x_ij - mean_j)^2, mean_j = (sum_i x_ij) / m;
 * to_one:  w /= sum(w). m >= 2. */
int cr__mcda_entropy_finish(size_t m, size_t n, const double *sum, const double *sxl, const int *has_zero,
                            cr_mcda_entropy_zero zero, double *weights);
int cr__mcda_critic_finish(size_t m, size_t n, const double *s1, const double *q, const double *range,
                           const int *neg, double *weights);
int cr__mcda_std_finish(size_t m, size_t n, const double *ss, double *weights);
int cr__mcda_weights_to_one(size_t n, double *w);

/* Stable order of 0..m-1 by keys (ascending, or descending if desc), so ties
 * keep the lower index first. tmp has m entries. */
void cr__mcda_order(size_t m, const double *keys, int desc, size_t *idx, size_t *tmp);

/* ---- The problem-file parser, shared with other front-ends (SMAA) ---- */

struct cJSON;
typedef struct {
    const cr_mcda_method *method;
    size_t m, n;
    double *x;           /* [m*n], owned */
    int *types;          /* [n], owned */
    cr_mcda_params prm;  /* params.normalization (or the method's default), params.v, ... */
} cr__mcda_problem;

/* Parses and validates an mcda problem (docs/mcda.md "Problem file") that
 * may also carry the top-level keys in extra_keys (NULL-terminated), and in
 * which weights/weighting are optional (validated if present, not solved).
 * On success *root is the parsed document (the caller reads its extra keys,
 * then cJSON_Delete()s it) and out owns x and types (cr__mcda_problem_free).
 * Messages are prefixed with source, as cr_mcda_run_json's. */
cr_error_t cr__mcda_problem_parse(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                  const char *const *extra_keys, cr__mcda_problem *out, struct cJSON **root);
void cr__mcda_problem_free(cr__mcda_problem *p);

/* Fails with code and "<src>: <message>": the problem files' messages name
 * the source and the key in their text (no line/column; docs/mcda.md). */
cr_error_t cr__mcda_fail(cr_ctx *ctx, cr_error_t code, const char *src, const char *fmt, ...) CR_PRINTF(4, 5);

#endif
