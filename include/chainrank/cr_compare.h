/* Schemes compared on a dataset (`chainrank compare DATASET`, docs/compare.md):
 * each scheme ranks one park's candidates; then the agreement between the
 * schemes, SMAA-2 on each scheme's decision matrix with weights forgotten,
 * and a backtest against the history after a cutoff (one park or every park
 * with outcomes). The library does the analysis and returns a report; the
 * caller renders it. */
#ifndef CR_COMPARE_H
#define CR_COMPARE_H

#include <chainrank/cr_world.h>
#include <chainrank/cr_agree.h>
#include <chainrank/cr_smaa.h>
#include <chainrank/cr_evaluate.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int32_t park;          /* park index; -1 with all_parks */
    int32_t chain;         /* chain index, or -1: the park's first led chain (all_parks: each park's) */
    int all_parks;         /* backtest only: every park leading the chain with an outcome after the cutoff */
    size_t top;            /* K of top-K overlap, robust picks, SMAA's Pr(rank <= K), the backtest's @K; 10 */
    double rbo_p;          /* RBO persistence; 0.9 */
    size_t samples;        /* SMAA-2 samples per scheme; 0 = no SMAA */
    uint64_t seed;         /* SMAA and the random baseline; 1 */
    int backtest;          /* 1: backtest from cutoff (the world's ranker should be as of it) */
    int32_t cutoff;        /* days since 1970-01-01 */
    const char *history;   /* the backtest's history CSV; NULL = the dataset's own history */
    /* Optional: runs the backtest's (park, chain) jobs in place of cr_eval_backtest, with the same
     * arguments, and must give the same result (chainrank-mpi shards the jobs over processes,
     * docs/mpi.md). NULL: cr_eval_backtest. */
    cr_error_t (*backtest_fn)(void *user, cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds,
                              const cr_eval_history *h, const cr_scheme *const *schemes, size_t nschemes,
                              const int32_t *parks, const int32_t *chains, size_t njobs, const cr_eval_bt_params *p,
                              cr_eval_bt_result **out);
    void *backtest_user;
} cr_compare_params;

CR_PUBLIC(void) cr_compare_params_default(cr_compare_params *p);

/* SMAA-2 of one scheme on its ranked candidates' matrix. */
typedef struct {
    size_t scheme;            /* index into the schemes */
    cr_smaa_result *r;
    int64_t *ent;             /* [r->m] matrix row -> enterprise (enterprise index order) */
    int64_t *scheme_rank;     /* [r->m] the scheme's own rank of each row */
    size_t *order;            /* [shown] rows by Pr(top K) desc, then b^1 desc, then enterprise id */
    size_t shown;             /* min(2K, m) */
} cr_compare_smaa;

typedef struct {
    int32_t park, chain;             /* the job; -1 both with all_parks */
    size_t nschemes, top;
    cr_rank_result **res;            /* [nschemes] every ranked row; NULL with all_parks */
    cr_eval_common *common;          /* the candidates ranked by every scheme; NULL with all_parks */
    cr_agree_report *agree;          /* with >= 2 schemes; else NULL */
    size_t *agree_rows, nagree_rows; /* common indices shown: the union of the top-K sets, by (schemes
                                        whose top K holds it desc, mean rank asc, enterprise id) */
    cr_compare_smaa *smaa;           /* [nsmaa] with samples > 0 */
    size_t nsmaa;
    cr_eval_bt_result *bt;           /* with backtest; else NULL */
    size_t best;                     /* the backtest's best scheme (NDCG@K, then AUC); SIZE_MAX if none */
    char summary[4096];              /* the findings in words (docs/compare.md "Summary") */
} cr_compare_report;

/* The summary's word for Spearman's rho between two schemes: "agree"
 * (rho >= 0.8), "partly agree" (>= 0.5), "disagree", "cannot be compared"
 * (NaN). */
CR_PUBLIC(const char *) cr_compare_verdict(double rho);

/* The one rule of every summary (docs/compare.md "Summary"): a word may say
 * no more than the weakest number printed beside it.
 * cr_compare_verdict2 - the word for a pair given rho and the top-k overlap
 * (a fraction): the weaker of cr_compare_verdict(rho) and the overlap's
 * reading ("agree" >= 0.7, "partly agree" >= 0.4, else "disagree"), so 30%
 * shared at the top is never called agreement; NaN in either: "cannot be
 * compared".
 * cr_compare_beats - 1 if a method's score beat the reference's (random):
 * NDCG higher, or NDCG equal and AUC higher. The backtest summary says a
 * scheme "predicted the past best" only then; otherwise that none beat random. */
CR_PUBLIC(const char *) cr_compare_verdict2(double rho, double overlap);
CR_PUBLIC(int) cr_compare_beats(double ndcg, double auc, double ref_ndcg, double ref_auc);

/* Runs the comparison of schemes[0..nschemes) on w (params NULL =
 * defaults; park is then required). Needs 2 schemes, or samples > 0, or
 * backtest. Time: nschemes x cr_rank_park, cr_agree_compare, nschemes x
 * cr_smaa_run, cr_eval_backtest. */
CR_PUBLIC(cr_error_t) cr_compare_run(cr_ctx *ctx, const cr_world *w, const cr_scheme *const *schemes,
                                     size_t nschemes, const cr_compare_params *params, cr_compare_report **out);
CR_PUBLIC(void) cr_compare_report_free(cr_compare_report *r);   /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
