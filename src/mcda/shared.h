/* What src/mcda shares with other folders, and nothing else: the column
 * normalisation parameters (the ranker's streaming kernel, src/rank/stream.c,
 * normalises exactly as cr_mcda_normalize does), the stable order (SMAA) and
 * the problem-file parser (SMAA's JSON front-end). */
#ifndef CR_MCDA_SHARED_H
#define CR_MCDA_SHARED_H

#include <chainrank/cr_mcda.h>

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

/* Natural logarithm of x > 0 finite, in IEEE operations only (no libm, no
 * table, no branch): fdlibm's e_log.c (Sun Microsystems 1993; the same in
 * FreeBSD msun and musl before 2017) with its |f| < 2^-20 shortcuts dropped,
 * always the "better accuracy" form log(1+f) = f - (hfsq - s(hfsq + R)),
 * error < 1 ulp. Why not libm: the streaming kernel (src/rank/stream.c) takes
 * the log of 8 lanes with one vector operation per step (stream_kernel.h
 * K(vln), the same operations), ~4x cheaper than 8 calls to libm's log, and
 * both paths must give the same bits. Subnormal x is scaled by 2^54 first.
 * x = 0, negative, inf or NaN: an unspecified finite or NaN value (callers
 * select it away; no trap under IEEE defaults). */
#define CR__LN2_HI 6.93147180369123816490e-01   /* 0x3fe62e42fee00000 */
#define CR__LN2_LO 1.90821492927058770002e-10   /* 0x3dea39ef35793c76 */
#define CR__LG1 6.666666666666735130e-01       /* 0x3FE5555555555593 */
#define CR__LG2 3.999999999940941908e-01       /* 0x3FD999999997FA04 */
#define CR__LG3 2.857142874366239149e-01       /* 0x3FD2492494229359 */
#define CR__LG4 2.222219843214978396e-01       /* 0x3FCC71C51D8E78AF */
#define CR__LG5 1.818357216161805012e-01       /* 0x3FC7466496CB03DE */
#define CR__LG6 1.531383769920937332e-01       /* 0x3FC39A09D078C69F */
#define CR__LG7 1.479819860511658591e-01       /* 0x3FC2F112DF3E5244 */
#define CR__LN_MAGIC 6755399441055744.0        /* 2^52 + 2^51: (double)k for |k| < 2^51 through the bits */
static inline double cr__ln(double x)
{
    const int sub = x < 2.2250738585072014e-308;   /* subnormal: scale into the normal range */
    x = sub ? x * 18014398509481984.0 : x;          /* 2^54 */
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    int64_t k = (int64_t)(u >> 52) - 1023 - (sub ? 54 : 0);
    const uint64_t mant = u & 0x000fffffffffffffULL;
    /* i: the mantissa is above sqrt(2) (0x6a09e... after the offset): then
     * x / 2 in [sqrt(2)/2, 1) and k + 1 */
    const uint64_t i = (mant + 0x00095f6400000000ULL) & 0x0010000000000000ULL;
    u = mant | (i ^ 0x3ff0000000000000ULL);
    k += (int64_t)(i >> 52);
    double m;
    memcpy(&m, &u, sizeof m);
    const uint64_t kb = (uint64_t)k + 0x4338000000000000ULL;   /* bits of MAGIC + k */
    double dk;
    memcpy(&dk, &kb, sizeof dk);
    dk -= CR__LN_MAGIC;
    const double f = m - 1.0, s = f / (2.0 + f), z = s * s, w = z * z;
    const double t1 = w * (CR__LG2 + w * (CR__LG4 + w * CR__LG6));
    const double t2 = z * (CR__LG1 + w * (CR__LG3 + w * (CR__LG5 + w * CR__LG7)));
    const double R = t2 + t1, hfsq = 0.5 * f * f;
    return dk * CR__LN2_HI - ((hfsq - (s * (hfsq + R) + dk * CR__LN2_LO)) - f);
}

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
