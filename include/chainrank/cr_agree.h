/* chainrank rank agreement: how similar are the rankings that different
 * weighting schemes produce for the same alternatives?
 *
 * A ranking is an array of n ranks, one per alternative (index 0..n-1),
 * 1 = best. Ties are allowed, written either as equal ranks (1,1,3 or 1,1,2)
 * or as fractional average ranks (1.5,1.5,3). Only the ORDER of the values is
 * used: every ranking is normalised to mid-ranks (average ranks, as
 * scipy.stats.rankdata(method="average") and pymcdm.helpers.rankdata), and
 * every coefficient is computed on those. For tie-free permutations of 1..n
 * this is the identity. Formulas, sources and conventions: docs/agreement.md.
 *
 * Workload tuned for: up to 20,000 alternatives, a few schemes, thousands of
 * parks. A ranking is prepared once (sort, O(n log n)); each pair of prepared
 * rankings then costs O(n log n) (Kendall) or O(n) (the rest), with no
 * allocation: scratch lives in a cr_agree_ws, one per thread.
 *
 * Thread safety: prepared rankings are read-only after cr_agree_ranking_alloc
 * and may be shared between threads; a workspace may not. */
#ifndef CR_AGREE_H
#define CR_AGREE_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- prepared rankings and workspaces ------------------------------------ */

/* Opaque: mid-ranks, the order of the alternatives by (rank, index) and tie
 * statistics of one ranking. */
typedef struct cr_agree_ranking cr_agree_ranking;
/* Scratch for pairwise coefficients on rankings of up to `cap` alternatives. */
typedef struct cr_agree_ws cr_agree_ws;

/**
 * cr_agree_ranking_alloc - validate and prepare one ranking.
 * \param ranks  [n] ranks, 1 = best; each finite and within [1, n].
 * \param n      number of alternatives, >= 2 (r_w and WS divide by n-1).
 * \param out    receives the prepared ranking (caller frees); NULL on error.
 * Errors: CR_EINVAL naming the first bad index; CR_ENOMEM.
 * Time complexity: O(n log n).
 */
CR_PUBLIC(cr_error_t) cr_agree_ranking_alloc(cr_ctx *ctx, const double *ranks, size_t n,
                                             cr_agree_ranking **out);
CR_PUBLIC(void) cr_agree_ranking_free(cr_agree_ranking *r);          /* NULL ok */
CR_PUBLIC(size_t) cr_agree_ranking_n(const cr_agree_ranking *r);
/* Mid-rank of alternative i (1..n); NaN if i >= n. */
CR_PUBLIC(double) cr_agree_ranking_midrank(const cr_agree_ranking *r, size_t i);
/* Alternative at position pos (0-based) of the order by (mid-rank, index). */
CR_PUBLIC(size_t) cr_agree_ranking_at(const cr_agree_ranking *r, size_t pos);

/* Workspace for pairs of rankings of at most cap alternatives. O(cap) memory. */
CR_PUBLIC(cr_agree_ws *) cr_agree_ws_alloc(size_t cap);
CR_PUBLIC(void) cr_agree_ws_free(cr_agree_ws *ws);                    /* NULL ok */

/* ---- coefficients on two prepared rankings of equal n --------------------
 * Every function returns NaN if the two rankings have different n, if the
 * workspace is too small, or if the coefficient is undefined (e.g. Spearman or
 * tau-b when one ranking is a single tie). Cost O(n) unless stated. */

/* Spearman rho = Pearson correlation of the mid-ranks. Without ties it equals
 * 1 - 6 sum d^2 / (n (n^2 - 1)). Symmetric. */
CR_PUBLIC(double) cr_agree_spearman(const cr_agree_ranking *a, const cr_agree_ranking *b);

/* Kendall tau-b (and tau-a through *tau_a if not NULL) by Knight's (1966)
 * O(n log n) algorithm with tie corrections. tau-a = S / (n(n-1)/2) is what
 * pymcdm.correlations.kendall_tau computes; tau-b = S / sqrt((n0-n1)(n0-n2))
 * is scipy.stats.kendalltau's default. Symmetric. O(n log n). */
CR_PUBLIC(double) cr_agree_kendall(const cr_agree_ranking *a, const cr_agree_ranking *b,
                                   cr_agree_ws *ws, double *tau_a);

/* Weighted Spearman r_w (Dancelli et al. 2013; Salabun & Urbaniak 2020, eq. 5;
 * pymcdm.correlations.weighted_spearman). Symmetric. */
CR_PUBLIC(double) cr_agree_weighted_spearman(const cr_agree_ranking *a, const cr_agree_ranking *b);

/* WS rank similarity coefficient (Salabun & Urbaniak 2020, eq. 6;
 * pymcdm.correlations.rank_similarity_coef(ref, test)). ASYMMETRIC: ref is the
 * reference ranking x whose positions carry the 2^-x weights. */
CR_PUBLIC(double) cr_agree_ws_coef(const cr_agree_ranking *ref, const cr_agree_ranking *test);

/* Top-k sets: the first k alternatives of each ranking ordered by (mid-rank,
 * index), so a tie straddling the k boundary is cut by alternative index.
 * *overlap = |A_k n B_k| / k, *jaccard = |A_k n B_k| / |A_k u B_k|.
 * Returns CR_EINVAL if k is 0 or > n, or n differ, or ws too small. */
CR_PUBLIC(cr_error_t) cr_agree_topk(const cr_agree_ranking *a, const cr_agree_ranking *b, size_t k,
                                    cr_agree_ws *ws, double *overlap, double *jaccard);

/* Rank-biased overlap, extrapolated (Webber, Moffat & Zobel 2010, eq. 30,
 * which is eq. 32 for two lists of equal length) between the orderings of a
 * and b (by (mid-rank, index)) truncated to depth `depth` (0 = n, the full
 * rankings). p in (0,1). Symmetric. */
CR_PUBLIC(double) cr_agree_rbo(const cr_agree_ranking *a, const cr_agree_ranking *b, double p,
                               size_t depth, cr_agree_ws *ws);

/* RBO_ext of two ranked lists of item ids, possibly of different lengths
 * (Webber et al. 2010, eq. 32; same convention as the Python rbo package's
 * RankingSimilarity.rbo_ext). Ids must be < nitems <= workspace cap and
 * appear at most once in each list. Empty and empty -> 1, one empty -> 0.
 * Errors: CR_EINVAL (bad p, id out of range, duplicate id, ws too small). */
CR_PUBLIC(cr_error_t) cr_agree_rbo_lists(cr_ctx *ctx, const size_t *s_list, size_t s_len,
                                         const size_t *t_list, size_t t_len, size_t nitems,
                                         double p, cr_agree_ws *ws, double *out);

/* ---- whole comparison: every pair of schemes plus per-alternative spread -- */

/* Results of cr_agree_compare. Struct of arrays; read-only for the caller. */
typedef struct {
    size_t m;               /* number of schemes (rankings), >= 2 */
    size_t n;               /* alternatives per ranking */
    size_t top_k;           /* 1..n */
    double rbo_p;           /* (0,1) */
    size_t npairs;          /* m (m - 1) / 2, pairs (a<b) in input order */
    size_t *pair_a;         /* [npairs] scheme index of the first ranking */
    size_t *pair_b;         /* [npairs] scheme index of the second */
    double *spearman;       /* [npairs] */
    double *kendall_tau_b;  /* [npairs] */
    double *kendall_tau_a;  /* [npairs] */
    double *weighted_spearman; /* [npairs] */
    double *ws_ab;          /* [npairs] WS with scheme a as reference */
    double *ws_ba;          /* [npairs] WS with scheme b as reference */
    double *top_k_overlap;  /* [npairs] */
    double *jaccard;        /* [npairs] */
    double *rbo;            /* [npairs] RBO_ext at full depth n */
    /* Spread of each alternative's mid-rank across the m schemes. */
    double *rank_min;       /* [n] */
    double *rank_max;       /* [n] */
    double *rank_mean;      /* [n] */
    double *rank_sd;        /* [n] population sd (divide by m) */
    size_t *in_top_k;       /* [n] schemes whose top-k set contains it */
} cr_agree_report;

/**
 * cr_agree_compare - all pairwise coefficients and the rank spread.
 * \param ranks  [m*n] row-major: scheme s's ranks at ranks + s*n.
 * Pairs run in parallel (cr_ctx_set_threads); each pair is computed by one
 * thread in a fixed order, so results are identical at any thread count.
 * Errors: CR_EINVAL (m < 2, n < 2, bad rank "scheme s, alternative i", top_k
 * outside 1..n, rbo_p outside (0,1)); CR_ENOMEM.
 * Time complexity: O(m n log n + m^2 n log n / threads).
 */
CR_PUBLIC(cr_error_t) cr_agree_compare(cr_ctx *ctx, const double *ranks, size_t m, size_t n,
                                       size_t top_k, double rbo_p, cr_agree_report **out);
CR_PUBLIC(void) cr_agree_report_free(cr_agree_report *r);             /* NULL ok */

/* ---- JSON front end ------------------------------------------------------ */

/* Parsed {"rankings": {"A": [r1, ...], ...}, "top_k": 10, "rbo_p": 0.9}. */
typedef struct {
    size_t m;               /* schemes, in input order */
    size_t n;               /* alternatives */
    char **names;           /* [m] scheme names, NUL-terminated */
    double *ranks;          /* [m*n] row-major, integers in 1..n */
    size_t top_k;           /* given, or min(10, n) */
    double rbo_p;           /* given, or 0.9 */
} cr_agree_input;

/**
 * cr_agree_input_parse - parse and validate a rankings document.
 * \param text  JSON text of length len (need not be NUL-terminated).
 * \param file  name used in error messages ("" or NULL: none).
 * Uses cJSON: call from one thread at a time.
 * Errors: CR_EINVAL with a message naming the key and index, e.g.
 * "r.json: rankings.B[3]: rank 2.5 is not an integer"; CR_ENOMEM.
 */
CR_PUBLIC(cr_error_t) cr_agree_input_parse(cr_ctx *ctx, const char *text, size_t len,
                                           const char *file, cr_agree_input **out);
CR_PUBLIC(void) cr_agree_input_free(cr_agree_input *in);              /* NULL ok */

/* Renders the report as the JSON document of `chainrank compare` (numbers
 * %.17g, undefined coefficients as null) into a malloc'd NUL-terminated
 * string *out (caller frees). names: [rep->m] scheme names. */
CR_PUBLIC(cr_error_t) cr_agree_report_json(cr_ctx *ctx, const cr_agree_report *rep,
                                           const char *const *names, char **out, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
