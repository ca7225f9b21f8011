/* chainrank backtest metrics: how well did a ranking of candidate enterprises,
 * made with what was known before a cutoff date, find the enterprises that
 * really signed or landed in the park afterwards?
 *
 * Input per park: m candidates (index 0..m-1), a ranking of them and a
 * relevance vector rel[m] (finite, >= 0; 0 = not relevant, e.g. landed = 2,
 * signed = 1). Graded relevance is used by NDCG only; every other metric is
 * binary with "relevant" meaning rel > 0.
 *
 * The ranking is given either as scores (higher = better) or as an order
 * (0-based candidate indices, best first, a permutation of 0..m-1). Scores
 * are turned into an order by (score descending, index ascending): the
 * position-based metrics (precision/recall/hit@K, NDCG, AP) therefore never
 * see ties. AUC alone reads the scores themselves and counts tied
 * relevant/non-relevant pairs 1/2 (as scikit-learn's roc_auc_score); from an
 * order it has no ties. Formulas, sources and conventions: docs/backtest.md.
 *
 * Cost: O(m log m) from scores (one sort), O(m) from an order, plus
 * O(m log m) for the ideal DCG when relevance is graded. No allocation when a
 * workspace (cr_bt_ws) is passed: allocate one per thread for the largest m
 * and reuse it over every park.
 *
 * Thread safety: all functions are pure apart from the workspace. */
#ifndef CR_BACKTEST_H
#define CR_BACKTEST_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NDCG gain. LINEAR (default): g(rel) = rel, as Järvelin & Kekäläinen (2002)
 * and scikit-learn's dcg_score/ndcg_score. EXP: g(rel) = 2^rel - 1, as Burges
 * et al. (2005). Identical for binary relevance. */
typedef enum { CR_BT_GAIN_LINEAR = 0, CR_BT_GAIN_EXP = 1 } cr_bt_gain;

typedef struct {
    cr_bt_gain gain;     /* NDCG gain; default CR_BT_GAIN_LINEAR */
} cr_bt_params;

CR_PUBLIC(void) cr_bt_params_default(cr_bt_params *p);

/* Every metric of one park. NaN marks an undefined value (see each field). */
typedef struct {
    size_t m;            /* candidates */
    size_t k;            /* K as asked */
    size_t k_eff;        /* min(K, m): the length of the shortlist */
    size_t n_rel;        /* R = #{rel > 0} */
    size_t hits;         /* relevant among the first k_eff */
    double precision;    /* hits / k_eff; NaN if k_eff = 0 (m = 0) */
    double recall;       /* hits / R; NaN if R = 0 */
    double hit;          /* 1 if hits > 0 else 0; NaN if m = 0 */
    double dcg;          /* DCG@K with the chosen gain and log2(i+1) discount */
    double idcg;         /* DCG@K of the ideal order (rel descending) */
    double ndcg;         /* dcg / idcg; NaN if idcg = 0 (no relevant item) */
    double ap;           /* average precision over the whole ranking; NaN if R = 0 */
    double ap_k;         /* AP@K = sum of P@i at relevant i <= K, / min(R, K); NaN if R = 0 */
    double rr;           /* reciprocal rank of the first relevant item; NaN if R = 0 */
    double auc;          /* ROC AUC (Mann-Whitney); NaN if R = 0 or R = m */
    /* analytic expectations under a uniformly random ranking of the m items */
    double rand_precision;   /* R / m */
    double rand_recall;      /* k_eff / m; NaN if R = 0 */
    double rand_hit;         /* 1 - C(m-R, k_eff) / C(m, k_eff) */
    double rand_auc;         /* 0.5; NaN where auc is NaN */
} cr_bt_result;

/* Scratch for parks of up to cap candidates: O(cap) memory. */
typedef struct cr_bt_ws cr_bt_ws;
CR_PUBLIC(cr_error_t) cr_bt_ws_alloc(cr_ctx *ctx, size_t cap, cr_bt_ws **out);
CR_PUBLIC(void) cr_bt_ws_free(cr_bt_ws *ws);   /* NULL ok */

/**
 * cr_bt_metrics_scores / cr_bt_metrics_order - all metrics of one park.
 * \param ws      workspace with cap >= m, or NULL (one allocation inside).
 * \param m       candidates (0 allowed: every rate is NaN).
 * \param scores  [m] finite scores, higher = better.
 * \param order   [m] permutation of 0..m-1, best first.
 * \param rel     [m] finite relevance >= 0.
 * \param k       cutoff K >= 1; K > m is allowed and means K = m.
 * \param p       parameters, or NULL for the defaults.
 * Errors: CR_EINVAL (NULL pointer, k = 0, workspace too small, bad gain),
 * CR_EDATA naming the first bad index (non-finite score, negative or
 * non-finite relevance, order not a permutation); CR_ENOMEM.
 */
CR_PUBLIC(cr_error_t) cr_bt_metrics_scores(cr_ctx *ctx, cr_bt_ws *ws, size_t m, const double *scores,
                                           const double *rel, size_t k, const cr_bt_params *p,
                                           cr_bt_result *out);
CR_PUBLIC(cr_error_t) cr_bt_metrics_order(cr_ctx *ctx, cr_bt_ws *ws, size_t m, const size_t *order,
                                          const double *rel, size_t k, const cr_bt_params *p,
                                          cr_bt_result *out);

/* Lift of a metric over a baseline: *ratio = metric / baseline (NaN if the
 * baseline is 0 or either is NaN), *diff = metric - baseline. Either out may be NULL. */
CR_PUBLIC(void) cr_bt_lift(double metric, double baseline, double *ratio, double *diff);

/* ---- aggregation over parks ------------------------------------------------
 * Macro: the plain mean of each metric over the parks with R >= 1 (and, for
 * AUC, over the parks where it is defined, 0 < R < m). Micro: pooled counts
 * over the same parks, precision = sum hits / sum k_eff, recall = sum hits /
 * sum R. Parks are added in the caller's order, so the sums are deterministic. */
typedef struct {
    size_t n_parks;          /* parks added */
    size_t n_used;           /* parks with R >= 1 (the macro/micro population) */
    size_t n_auc;            /* parks with 0 < R < m */
    size_t sum_hits, sum_k, sum_rel;
    double sum_precision, sum_recall, sum_hit, sum_ndcg, sum_ap, sum_ap_k, sum_rr, sum_auc;
    double sum_rand_precision, sum_rand_recall, sum_rand_hit;
} cr_bt_agg;

typedef struct {
    size_t n_parks, n_used, n_auc;
    double precision, recall, hit, ndcg, ap, ap_k, rr, auc;   /* macro means (NaN if n_used = 0) */
    double map;                                                /* = ap: mean average precision */
    double micro_precision, micro_recall;                      /* pooled */
    double rand_precision, rand_recall, rand_hit, rand_auc;    /* macro means of the expectations */
} cr_bt_summary;

CR_PUBLIC(void) cr_bt_agg_init(cr_bt_agg *a);
CR_PUBLIC(void) cr_bt_agg_add(cr_bt_agg *a, const cr_bt_result *r);
CR_PUBLIC(void) cr_bt_agg_summary(const cr_bt_agg *a, cr_bt_summary *out);

/* ---- seeded random baseline ------------------------------------------------
 * Writes a uniformly random permutation of 0..m-1 to order[m], a function of
 * (seed, park) only, identical on every platform: splitmix64 (Steele, Lea &
 * Flood 2014) seeded with mix64(seed ^ mix64(park + golden)), then Fisher-
 * Yates from the end with unbiased draws by rejection. See docs/backtest.md. */
CR_PUBLIC(void) cr_bt_random_order(uint64_t seed, uint64_t park, size_t m, size_t *order);

/* One splitmix64 step (state += golden gamma; return mix of state); exposed
 * so that tests and other languages can check the stream. */
CR_PUBLIC(uint64_t) cr_bt_splitmix64(uint64_t *state);

#ifdef __cplusplus
}
#endif
#endif
