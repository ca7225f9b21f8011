/* chainrank MCDA: criteria weighting (AHP, entropy, CRITIC, standard
 * deviation, equal), column normalisation and aggregation (WSM, TOPSIS,
 * VIKOR) on in-memory matrices, plus a JSON problem front-end.
 *
 * Matrices are row-major doubles, m alternatives (rows) x n criteria
 * (columns): x[i*n + j]. Every value must be finite and >= 0 (CR_EINVAL
 * otherwise, naming the row and column). types[j] is +1 (benefit: more is
 * better) or -1 (cost: less is better). weights[j] >= 0; aggregation uses
 * them as given (the JSON front-end normalises them to sum 1 first).
 *
 * Conventions (cost forms, constant columns, ties, degenerate VIKOR) follow
 * pymcdm where it defines them; see docs/mcda.md for every formula and its
 * source. Ranks are 1-based, 1 = best; ties go to the lower row index.
 *
 * Threads: cr_mcda_wsm/topsis/vikor run an OpenMP region with
 * cr_ctx_threads(ctx) threads; results are bitwise identical for any thread
 * count (column statistics use fixed chunks combined in order). The
 * weighting functions and the JSON front-end run on the calling thread. */
#ifndef CR_MCDA_H
#define CR_MCDA_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CR_NORM_MINMAX = 0,  /* (x-min)/(max-min); cost (max-x)/(max-min) */
    CR_NORM_VECTOR,      /* x/sqrt(sum x^2);   cost 1 - x/sqrt(sum x^2) */
    CR_NORM_MAX,         /* x/max;             cost 1 - x/max */
    CR_NORM_SUM,         /* x/sum x;           cost (1/x)/sum(1/x); needs x > 0 */
    CR_NORM_NONE         /* x;                 cost max - x (pymcdm VIKOR's default) */
} cr_mcda_norm;

typedef enum {
    CR_RI_SAATY = 0,     /* Saaty (1980), n = 1..15 */
    CR_RI_TUMMALA_LING   /* Tummala & Ling (1998), n = 1..15 */
} cr_mcda_ri;

/* How entropy weighting treats p_ij = 0. */
typedef enum {
    CR_ENTROPY_XLOGX = 0,  /* 0 ln 0 = 0 (Shannon; pyrepo-mcda) - default */
    CR_ENTROPY_PYMCDM      /* a column with any p_ij = 0 gets entropy 0 (pymcdm <= 1.x) */
} cr_mcda_entropy_zero;

/* Result of AHP weighting. */
typedef struct {
    double lambda_max;   /* principal eigenvalue of the pairwise matrix */
    double ci;           /* (lambda_max - n)/(n - 1); 0 for n = 1 */
    double ri;           /* random index used; 0 for n <= 2 */
    double cr;           /* ci/ri; 0 for n <= 2 */
} cr_mcda_ahp_info;

/* Parses "minmax"|"vector"|"max"|"sum"|"none"; CR_EINVAL if unknown,
 * naming the known ones (cr_mcda_norm_names). */
CR_PUBLIC(cr_error_t) cr_mcda_norm_parse(cr_ctx *ctx, const char *name, cr_mcda_norm *out);
CR_PUBLIC(const char *) cr_mcda_norm_name(cr_mcda_norm norm);

/**
 * cr_mcda_weights_ahp - Saaty's eigenvector weights of an n x n pairwise matrix.
 * \param a        row-major n x n, positive, a[i][i] = 1 (to 1e-9) and
 *                 reciprocal: of each pair (a[i][j], a[j][i]) the smaller may
 *                 be the larger's reciprocal rounded to two or more decimals,
 *                 |small - 1/large| <= CR_MCDA_AHP_RECIP_TOL (0.333 or 0.33 for
 *                 1/3, 0.14 for 1/7), and then counts as exactly 1/large;
 *                 CR_EINVAL otherwise.
 * \param ri       random-index table; n > 15 is CR_EINVAL (no RI known).
 * \param force    0: CR > 0.1 returns CR_EREFUSED (weights and info are still
 *                 filled in); 1: CR > 0.1 is accepted.
 * \param weights  [n] out, principal right eigenvector normalised to sum 1.
 * \param info     out (may be NULL).
 * Uses gsl_eigen_nonsymmv. Time complexity: O(n^3).
 */
CR_PUBLIC(cr_error_t) cr_mcda_weights_ahp(cr_ctx *ctx, size_t n, const double *a, cr_mcda_ri ri,
                                          int force, double *weights, cr_mcda_ahp_info *info);

/* Half a unit in the second decimal: a reciprocal typed with two correct
 * decimals (docs/mcda.md "AHP"). */
#define CR_MCDA_AHP_RECIP_TOL 0.005

/* How AHP turns the pairwise matrix into weights. */
typedef enum {
    CR_AHP_EIGENVECTOR = 0,   /* Saaty's principal right eigenvector (default) */
    CR_AHP_GEOMETRIC_MEAN     /* row geometric means, normalised (Crawford & Williams 1985) */
} cr_mcda_ahp_priority;

/* cr_mcda_weights_ahp with a choice of priority vector. The matrix checks, the
 * consistency ratio (from lambda_max, whatever the priority) and force are
 * those of cr_mcda_weights_ahp. Time complexity: O(n^3). */
CR_PUBLIC(cr_error_t) cr_mcda_weights_ahp_ex(cr_ctx *ctx, size_t n, const double *a, cr_mcda_ri ri, int force,
                                             cr_mcda_ahp_priority priority, double *weights, cr_mcda_ahp_info *info);

/* A pairwise matrix from a ranking of the n criteria (1 = most important;
 * ties allowed; values > 0), pymcdm's AHP._compare_ranking: a_ij = 1 if
 * r_i = r_j, else d = min(floor(max(r_i, r_j)/min(r_i, r_j)), 9), a_ij = d if
 * r_i < r_j and 1/d otherwise. a: [n*n] out. CR_EINVAL on a value <= 0 or
 * not finite. O(n^2). */
CR_PUBLIC(cr_error_t) cr_mcda_ahp_from_ranking(cr_ctx *ctx, size_t n, const double *ranking, double *a);
/* The same from scores (larger = more important), pymcdm's rule: the scores
 * are mirrored over their ascending order (the largest score takes the
 * smallest's value, and so on; ties in index order) and read as a ranking. */
CR_PUBLIC(cr_error_t) cr_mcda_ahp_from_scoring(cr_ctx *ctx, size_t n, const double *scoring, double *a);
/* Parses a pairwise judgement as a person writes it: "3", "1/3", "0.333",
 * " 2.5 / 7 " (decimal numbers, each > 0 and finite). 0 on success, -1 if s
 * is not one. */
CR_PUBLIC(int) cr_mcda_judgement_parse(const char *s, double *value);

/* Entropy weights: p = column sum normalisation, e_j = -sum p ln p / ln m,
 * w_j = (1 - e_j)/sum(1 - e). m >= 2. A column of zeros carries no
 * information (1 - e_j = 0). CR_EINVAL if every 1 - e_j is 0, or if a
 * column's sum x or sum x ln x leaves the range of a double (values near
 * 1e305). One pass: sum p ln p = (sum x ln x)/S - ln S (docs/mcda.md). O(m n). */
CR_PUBLIC(cr_error_t) cr_mcda_weights_entropy(cr_ctx *ctx, size_t m, size_t n, const double *x,
                                              cr_mcda_entropy_zero zero, double *weights);

/* CRITIC (Diakoulaki et al. 1995): min-max normalise, C_j = s_j sum_k (1 - r_jk),
 * s_j sample standard deviation, r Pearson correlation (0 if either column is
 * constant). types NULL: every column normalised as benefit (pymcdm,
 * pyrepo-mcda); non-NULL: cost columns use (max-x)/(max-min) as in the paper.
 * m >= 2; CR_EINVAL if every C_j is 0, or if (x - x_0)^2 overflows (a spread
 * near 1e154). One pass of sums shifted by the first row (docs/mcda.md). O(m n^2). */
CR_PUBLIC(cr_error_t) cr_mcda_weights_critic(cr_ctx *ctx, size_t m, size_t n, const double *x,
                                             const int *types, double *weights);

/* Standard-deviation weights on the raw matrix (pymcdm: ddof = 1; the ddof
 * cancels in the normalisation). m >= 2; CR_EINVAL if every column is constant. */
CR_PUBLIC(cr_error_t) cr_mcda_weights_std(cr_ctx *ctx, size_t m, size_t n, const double *x, double *weights);

/* 1/n each. */
CR_PUBLIC(cr_error_t) cr_mcda_weights_equal(cr_ctx *ctx, size_t n, double *weights);

/* Normalises x column by column into out [m*n] (out may not alias x). */
CR_PUBLIC(cr_error_t) cr_mcda_normalize(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                        cr_mcda_norm norm, double *out);

/* Weighted sum of normalised values: scores[i] = sum_j w_j r_ij. Higher is better. O(m n). */
CR_PUBLIC(cr_error_t) cr_mcda_wsm(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                  const double *weights, cr_mcda_norm norm, double *scores);

/* TOPSIS closeness C_i = D-_i/(D+_i + D-_i) on v_ij = w_j r_ij; ideal and
 * anti-ideal are the column max and min of v (r is already benefit-oriented).
 * If D+ = D- = 0 (every alternative identical) C_i = 0.5. Higher is better.
 * No allocation proportional to m. O(m n). */
CR_PUBLIC(cr_error_t) cr_mcda_topsis(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                     const double *weights, cr_mcda_norm norm, double *scores);

/* VIKOR output; the caller allocates S, R, Q, compromise with m entries each. */
typedef struct {
    double *S;                 /* [m] group utility */
    double *R;                 /* [m] individual regret */
    double *Q;                 /* [m] compromise index, lower is better */
    size_t *compromise;        /* [m] 0-based indices, best Q first */
    size_t ncompromise;        /* written */
    int acceptable_advantage;  /* C1: Q(a2) - Q(a1) >= 1/(m-1) */
    int acceptable_stability;  /* C2: a1 also best by S or by R */
} cr_mcda_vikor_out;

/* VIKOR (Opricovic & Tzeng 2004) with v in [0, 1] (0.5 usual). norm
 * CR_NORM_NONE is pymcdm's default. 0/0 terms (constant column, S* = S-,
 * R* = R-) are taken as 0. O(m n + m log m). */
CR_PUBLIC(cr_error_t) cr_mcda_vikor(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                    const double *weights, cr_mcda_norm norm, double v,
                                    cr_mcda_vikor_out *out);

/* ranks[i] in 1..m, 1 = best; higher_is_better selects the direction; ties
 * go to the lower index. O(m log m). */
CR_PUBLIC(cr_error_t) cr_mcda_rank(cr_ctx *ctx, size_t m, const double *scores, int higher_is_better,
                                   int *ranks);

/* ---- Methods as objects (docs/mcda.md "Methods, weightings and
 * normalisations: the registry") ----
 *
 * Every aggregation method is one constant cr_mcda_method (as GSL's
 * gsl_multimin_fminimizer_type): its name, its parameters, its direction,
 * what it needs and the function that scores. Every front-end (schemes,
 * `mcda`, `smaa`, `compare`, the CLI) looks methods up here, so the name
 * table and the enum below are the only ones, and an unknown name is refused
 * with the list of known ones (cr_mcda_method_parse). Adding a method:
 * docs/architecture.md "How to add an aggregation method". */

/* Aggregation method ids, in registry order (cr_mcda_method_get). */
typedef enum {
    CR_AGG_WSM = 0,      /* weighted sum of normalised values, higher is better */
    CR_AGG_TOPSIS,       /* closeness to the ideal, higher is better */
    CR_AGG_VIKOR         /* compromise index Q, lower is better */
} cr_aggregation;
/* Outside the enum so that a switch over cr_aggregation is complete
 * without a case for it (-Wswitch). Keep it = the last method + 1. */
enum { CR_AGG_COUNT = CR_AGG_VIKOR + 1 };

/* The parameters an aggregation reads; a method ignores fields it does not
 * declare in cr_mcda_method.params. */
typedef struct {
    cr_mcda_norm norm;   /* column normalisation (default: the method's default_norm) */
    double v;            /* VIKOR strategy weight in [0, 1] (default 0.5) */
} cr_mcda_params;

/* A numeric parameter of a method, as written in a problem's "params" or a
 * scheme's "aggregation" object. */
typedef struct {
    const char *key;     /* JSON key, e.g. "v" */
    double lo, hi;       /* accepted range, inclusive */
    double def;          /* default */
    size_t offset;       /* offsetof(cr_mcda_params, the double it sets) */
} cr_mcda_param;

/* Scores m alternatives: scores[i], in the method's direction. detail is
 * the method's own extra output or NULL (VIKOR: a cr_mcda_vikor_out whose S,
 * R and compromise the caller allocated; its Q is set to scores). */
typedef cr_error_t (*cr_mcda_score_fn)(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                                       const double *weights, const cr_mcda_params *prm, double *scores,
                                       void *detail);

typedef struct {
    cr_aggregation id;
    const char *name;              /* "topsis": the name in every JSON file and message */
    const char *title;             /* "TOPSIS (Hwang & Yoon 1981)" for help texts */
    int higher_is_better;          /* direction of the score: 1 higher, 0 lower is better */
    int needs_weights;             /* 1: reads a weight per criterion */
    int pairwise;                  /* 1: compares alternatives in pairs, O(m^2) */
    size_t max_alternatives;       /* pairwise methods: more rows are refused (CR_EREFUSED); 0 = no limit */
    cr_mcda_norm default_norm;     /* when "normalization" is not given (pymcdm's defaults) */
    const cr_mcda_param *params;   /* [nparams] parameters it reads besides norm */
    int nparams;
    cr_mcda_score_fn score;        /* never NULL */
    int smaa;                      /* 1: cr_smaa_run has a per-sample kernel for it (src/smaa/smaa.c) */
} cr_mcda_method;

/* The method with this id; NULL if out of range. */
CR_PUBLIC(const cr_mcda_method *) cr_mcda_method_get(cr_aggregation id);
/* The method called name; NULL if none. */
CR_PUBLIC(const cr_mcda_method *) cr_mcda_method_find(const char *name);
/* As find, but an unknown name fails with CR_EINVAL and the message
 * "unknown method 'NAME' (known: wsm, topsis, vikor)". */
CR_PUBLIC(cr_error_t) cr_mcda_method_parse(cr_ctx *ctx, const char *name, const cr_mcda_method **out);
/* "wsm, topsis, vikor": the known names, for messages and help texts. */
CR_PUBLIC(const char *) cr_mcda_method_names(void);
/* A parameter that any method declares (so a scheme may switch methods
 * without editing its parameters: the others ignore it); NULL if none. */
CR_PUBLIC(const cr_mcda_param *) cr_mcda_param_find(const char *key);
/* norm = the method's default, every declared parameter at its default. */
CR_PUBLIC(void) cr_mcda_params_default(const cr_mcda_method *method, cr_mcda_params *p);
/* Stores value (checked against the parameter's range: CR_EINVAL "%g must be in [lo, hi]"). */
CR_PUBLIC(cr_error_t) cr_mcda_param_set(cr_ctx *ctx, const cr_mcda_param *param, double value, cr_mcda_params *p);
/* Checks the size (a pairwise method above max_alternatives: CR_EREFUSED,
 * naming the method and the limit) and calls method->score. */
CR_PUBLIC(cr_error_t) cr_mcda_score(cr_ctx *ctx, const cr_mcda_method *method, size_t m, size_t n, const double *x,
                                    const int *types, const double *weights, const cr_mcda_params *prm,
                                    double *scores, void *detail);

/* "unknown normalization 'NAME' (known: minmax, vector, max, sum, none)" on failure. */
CR_PUBLIC(const char *) cr_mcda_norm_names(void);   /* "minmax, vector, max, sum, none" */

/* Weighting methods: one enum and one name table, as the aggregations. */
typedef enum {
    CR_WEIGHT_GIVEN = 0,  /* the weights written in the file */
    CR_WEIGHT_AHP,        /* Saaty's eigenvector of a pairwise matrix */
    CR_WEIGHT_ENTROPY,    /* objective: from the decision matrix */
    CR_WEIGHT_CRITIC,     /* objective */
    CR_WEIGHT_STD,        /* objective */
    CR_WEIGHT_EQUAL       /* 1/n */
} cr_mcda_weighting;
enum { CR_WEIGHT_COUNT = CR_WEIGHT_EQUAL + 1 };

typedef struct {
    cr_mcda_weighting id;
    const char *name;     /* "entropy" */
    int objective;        /* 1: derived from the decision matrix (needs m >= 2 rows) */
    int needs_pairwise;   /* 1: AHP's pairwise matrix */
} cr_mcda_weighting_info;

CR_PUBLIC(const cr_mcda_weighting_info *) cr_mcda_weighting_get(cr_mcda_weighting id);   /* NULL if out of range */
/* CR_EINVAL "unknown weighting method 'NAME' (known: given, ahp, entropy, critic, std, equal)". */
CR_PUBLIC(cr_error_t) cr_mcda_weighting_parse(cr_ctx *ctx, const char *name, cr_mcda_weighting *out);
CR_PUBLIC(const char *) cr_mcda_weighting_name(cr_mcda_weighting id);   /* "?" if out of range */
CR_PUBLIC(const char *) cr_mcda_weighting_names(void);                  /* "given, ahp, entropy, critic, std, equal" */

/* ---- JSON problem front-end (docs/mcda.md "Problem file") ---- */

typedef enum {
    CR_MCDA_RUN_FULL = 0,     /* weights, scores, ranks (+ vikor, + ahp info) */
    CR_MCDA_RUN_WEIGHTS       /* weights (+ ahp info) only */
} cr_mcda_run_mode;

/**
 * cr_mcda_run_json - parse a problem, solve it, and render the result.
 * \param text    problem JSON (need not be NUL-terminated); parsed on this thread.
 * \param source  name used in messages (e.g. the file name), may be NULL.
 * \param out     receives a NUL-terminated JSON document ending in '\n';
 *                release with cr_mcda_json_free(). NULL on failure.
 * Returns CR_EINVAL for bad problems (message names the key and index),
 * CR_EIO if matrix_csv cannot be read, CR_EREFUSED if AHP CR > 0.1 and not
 * forced. Relative matrix_csv paths are resolved against the current directory.
 */
CR_PUBLIC(cr_error_t) cr_mcda_run_json(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                       cr_mcda_run_mode mode, char **out);
CR_PUBLIC(void) cr_mcda_json_free(char *s);   /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
