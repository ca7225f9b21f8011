/* chainrank SMAA-2: stochastic multicriteria acceptability analysis
 * (Lahdelma & Salminen 2001) on an in-memory decision matrix.
 *
 * The criteria values are exact (the matrix as given); the uncertainty is in
 * the weights. `samples` weight vectors are drawn uniformly from a weight
 * space (the whole simplex, the simplex restricted to per-criterion
 * intervals, or the part of it that respects a complete ranking of the
 * criteria), the alternatives are ranked under each with WSM, TOPSIS or
 * VIKOR (cr_mcda.h conventions: normalisation once, ranks 1 = best, ties to
 * the lower row index), and the result gives rank acceptability indices,
 * Pr(rank <= top_k), central weight vectors, confidence factors and
 * (optionally) the holistic acceptability index. Formulas, sources and the
 * random-stream derivation: docs/smaa.md.
 *
 * Matrix: row-major m x n doubles, finite and >= 0; types[j] = +1 / -1.
 *
 * Determinism: sample s draws its weights from a stream derived from
 * (seed, s) only, counts are integers and central weights are summed in
 * sample order, so every output is bitwise identical for any thread count
 * (cr_ctx_threads). */
#ifndef CR_SMAA_H
#define CR_SMAA_H

#include <chainrank/cr_core.h>
#include <chainrank/cr_mcda.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CR_SMAA_W_SIMPLEX = 0,  /* uniform on {w >= 0, sum w = 1} */
    CR_SMAA_W_INTERVALS,    /* uniform on the simplex intersected with lo <= w <= hi */
    CR_SMAA_W_ORDINAL       /* uniform on the simplex with w[order[0]] >= w[order[1]] >= ... */
} cr_smaa_weight_model;

typedef enum {
    CR_SMAA_RANK_AUTO = 0,  /* bounded heap when K <= m/8 and no holistic index, else full sort */
    CR_SMAA_RANK_HEAP,      /* top-K selection only (cannot give the holistic index) */
    CR_SMAA_RANK_SORT       /* full stable sort of every sample */
} cr_smaa_ranking;

typedef struct {
    size_t samples;              /* >= 1 */
    uint64_t seed;
    cr_smaa_weight_model model;
    const double *lo, *hi;       /* [n], INTERVALS only: 0 <= lo[j] <= hi[j] */
    const size_t *order;         /* [n], ORDINAL only: a permutation of 0..n-1, most important first */
    cr_aggregation method;       /* a registry method with a SMAA kernel (cr_mcda_method.smaa); others: CR_EINVAL */
    cr_mcda_norm norm;           /* as cr_mcda (default minmax; VIKOR's usual is CR_NORM_NONE) */
    double v;                    /* VIKOR strategy weight in [0, 1] */
    size_t nranks;               /* ranks 1..nranks reported; 0 = min(m, 10); <= m */
    size_t top_k;                /* Pr(rank <= top_k); 0 = min(m, 3); <= m */
    int holistic;                /* 1: also the holistic index (forces a full sort per sample) */
    cr_smaa_ranking ranking;     /* strategy; results do not depend on it */
    size_t max_tries;            /* INTERVALS: proposals per sample before giving up; 0 = 1000000 */
} cr_smaa_params;

/* Defaults: samples 10000, seed 1, simplex, CR_AGG_WSM, minmax, v 0.5, nranks/top_k 0 (auto),
 * holistic 0, ranking auto. */
CR_PUBLIC(void) cr_smaa_params_default(cr_smaa_params *p);

typedef struct {
    size_t m, n, samples, nranks, top_k;
    uint64_t seed;
    double *acceptability;    /* [m*nranks]: b_i^r = Pr(alternative i has rank r), r = 1..nranks */
    double *pr_top_k;         /* [m]: sum_{r <= top_k} b_i^r */
    double *central_weights;  /* [m*n]: E[w | i ranked 1]; NaN row when b_i^1 = 0 */
    double *confidence;       /* [m]: 1/0 = i is / is not ranked 1 under its central weights; NaN when b_i^1 = 0 */
    double *holistic;         /* [m] with linear meta-weights (m - r)/(m - 1), or NULL if not asked */
    double *mean_rank;        /* [m] E[rank], or NULL (filled with holistic) */
    uint64_t *rank_counts;    /* [m*K], K = max(nranks, top_k): samples with rank r, integer */
    size_t kcounts;           /* K */
    uint64_t proposals;       /* weight vectors drawn incl. rejected ones (INTERVALS: acceptance = samples/proposals) */
    int full_sort;            /* 1 if every sample was fully sorted */
} cr_smaa_result;

/**
 * cr_smaa_run - SMAA-2 on an m x n matrix.
 * \param out  receives a result; free with cr_smaa_result_free.
 * Errors: CR_EINVAL for bad matrix/types/params (samples 0, order not a
 * permutation, lo > hi, infeasible intervals sum lo > 1 or sum hi < 1, ...);
 * CR_EREFUSED when an interval box is feasible but so thin that rejection
 * sampling accepts fewer than 1 in 10^5 proposals (pilot estimate) or a
 * sample needs more than max_tries proposals.
 * Cost: O(samples * m * n) for the scores plus O(samples * m) selection
 * (heap) or O(samples * m log m) (sort); confidence factors add
 * O(#first-ranked alternatives * m * n). Memory: O(m n) for the normalised
 * matrix, O(m K) counts, O(threads * m) scratch, 4 bytes per sample.
 */
CR_PUBLIC(cr_error_t) cr_smaa_run(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                  const cr_smaa_params *params, cr_smaa_result **out);
CR_PUBLIC(void) cr_smaa_result_free(cr_smaa_result *r);   /* NULL ok */

/* The weight vector of sample `index` (exactly what cr_smaa_run uses for it;
 * for intervals the pilot check is skipped). w has n entries. */
CR_PUBLIC(cr_error_t) cr_smaa_sample_weights(cr_ctx *ctx, size_t n, const cr_smaa_params *params,
                                             uint64_t index, double *w);

/**
 * cr_smaa_run_json - the `chainrank smaa` front-end: the cr_mcda_run_json
 * problem format (method, matrix or matrix_csv, types, params) plus
 * "samples", "seed", "weights_model", "ranks", "top_k", "holistic"
 * (docs/smaa.md). "weights"/"weighting" are accepted and ignored.
 * \param out  NUL-terminated JSON ending in '\n'; release with cr_smaa_json_free.
 */
CR_PUBLIC(cr_error_t) cr_smaa_run_json(cr_ctx *ctx, const char *text, size_t len, const char *source, char **out);
CR_PUBLIC(void) cr_smaa_json_free(char *s);   /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
