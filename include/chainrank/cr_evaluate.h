/* chainrank evaluation of weighting schemes on a dataset (issue 5,
 * `chainrank compare DATASET`): the common candidate set of several ranked
 * lists, relevance of candidates from the history after a cutoff, the
 * backtest baselines (seeded random, sector-and-size, density only) and a
 * backtest driver over (park, chain) jobs. Conventions: docs/compare.md.
 *
 * The library never prints; every output is a plain array or struct.
 * Determinism: every function is a pure function of its inputs (the driver
 * runs cr_rank_batch, whose results are delivered in job order), so the
 * results are the same bytes for any thread count. */
#ifndef CR_EVALUATE_H
#define CR_EVALUATE_H

#include <chainrank/cr_rank.h>
#include <chainrank/cr_backtest.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- common candidate set -------------------------------------------------
 * nlists ranked lists of enterprise indices (best first, no duplicates in a
 * list). The common set is the enterprises present in EVERY list, in
 * ascending enterprise index (= common index 0..n-1). For each list, its
 * order restricted to the common set (common indices, best first) and the
 * induced ranks 1..n (rank of common item i under list l at ranks[l*n + i]). */
typedef struct {
    size_t nlists;
    size_t n;           /* common items */
    int64_t *ent;       /* [n] enterprise index, ascending */
    size_t *order;      /* [nlists * n] common indices, best first */
    double *ranks;      /* [nlists * n] 1 = best */
} cr_eval_common;

/* nent bounds the enterprise indices (0 <= e < nent). Errors: CR_EINVAL
 * (nlists 0, index out of range, duplicate in a list, naming list and
 * position); CR_ENOMEM. Cost O(nent + total list length), O(nent) memory. */
CR_PUBLIC(cr_error_t) cr_eval_common_build(cr_ctx *ctx, size_t nlists, const int64_t *const *lists,
                                           const size_t *lens, int64_t nent, cr_eval_common **out);
CR_PUBLIC(void) cr_eval_common_free(cr_eval_common *c);   /* NULL ok */

/* ---- history and relevance ------------------------------------------------ */
/* Outcome events by park: enterprise, date (days since 1970-01-01) and stage
 * (cr_dataset history codes: 0 signed, 1 landed, 2 operating, 3 withdrawn). */
typedef struct cr_eval_history cr_eval_history;

/* The dataset's own history. */
CR_PUBLIC(cr_error_t) cr_eval_history_from_dataset(cr_ctx *ctx, const cr_dataset *ds, cr_eval_history **out);
/* A history CSV (columns enterprise, park, date, stage as in the dataset's
 * history.csv, docs/data-format.md) whose ids refer to ds. Any bad row is a
 * diagnostic "file:line:column: field: message" and the call fails with
 * CR_EDATA; CR_EIO if the file cannot be read. */
CR_PUBLIC(cr_error_t) cr_eval_history_load(cr_ctx *ctx, const cr_dataset *ds, const char *path,
                                           cr_eval_history **out);
CR_PUBLIC(void) cr_eval_history_free(cr_eval_history *h);   /* NULL ok */
/* Events in park p dated on or after cutoff that are not withdrawals. */
CR_PUBLIC(int64_t) cr_eval_history_events_after(const cr_eval_history *h, int32_t park, int32_t cutoff);

/* Relevance of candidates ent[0..m-1] (ascending enterprise index) in park
 * p: the highest grade among its non-withdrawn events in p dated on or after
 * cutoff: landed or operating = 2, signed = 1, none = 0. Writes rel[m];
 * returns the number of relevant candidates. O(events of p * log m). */
CR_PUBLIC(size_t) cr_eval_relevance(const cr_eval_history *h, int32_t park, int32_t cutoff, const int64_t *ent,
                                    size_t m, double *rel);

/* "YYYY-MM-DD" (proleptic Gregorian, as the history files) -> days since
 * 1970-01-01. CR_EINVAL with a message naming the text if it is not a date. */
CR_PUBLIC(cr_error_t) cr_eval_parse_date(cr_ctx *ctx, const char *text, int32_t *days);
/* The inverse: writes "YYYY-MM-DD" into buf[11]. */
CR_PUBLIC(void) cr_eval_format_date(int32_t days, char buf[11]);

/* ---- baselines ------------------------------------------------------------ */
/* Order by value descending (NaN last), ties by enterprise id (bytewise, as
 * the ranker). order[m] receives indices into ent/value. O(m log m). */
CR_PUBLIC(cr_error_t) cr_eval_order_by_value(cr_ctx *ctx, const cr_dataset *ds, size_t m, const int64_t *ent,
                                             const double *value, size_t *order);
/* Sector-and-size: candidates in a gap segment of the park (gap criterion
 * > 0) first, then the others; within each group by revenue descending (NaN
 * last), ties by enterprise id. O(m log m). */
CR_PUBLIC(cr_error_t) cr_eval_order_sector_size(cr_ctx *ctx, const cr_dataset *ds, size_t m, const int64_t *ent,
                                                const double *gap, size_t *order);

/* ---- backtest driver -------------------------------------------------------- */
/* Methods of a backtest: the nschemes schemes (0..nschemes-1) then the three
 * baselines at nschemes + CR_EVAL_BASE_*. */
enum { CR_EVAL_BASE_RANDOM = 0, CR_EVAL_BASE_SECTOR_SIZE, CR_EVAL_BASE_DENSITY, CR_EVAL_NBASE };
CR_PUBLIC(const char *) cr_eval_baseline_name(int b);   /* random sector_size density */

typedef struct {
    size_t k;                 /* shortlist length K >= 1 */
    int32_t cutoff;           /* days since 1970-01-01 */
    uint64_t seed;            /* random baseline: cr_bt_random_order(seed, park, ...) */
    cr_bt_params bt;          /* NDCG gain */
} cr_eval_bt_params;
CR_PUBLIC(void) cr_eval_bt_params_default(cr_eval_bt_params *p);   /* k 10, cutoff 0, seed 1, linear gain */

typedef struct {
    size_t nschemes, nmethods, njobs;
    int32_t *park, *chain;    /* [njobs] */
    int64_t *ncand;           /* [njobs] candidates (not tenants as of the cutoff) */
    int64_t *ncommon;         /* [njobs] ranked by every scheme: the evaluated set (m) */
    cr_bt_result *res;        /* [njobs * nmethods] */
    cr_bt_summary *summary;   /* [nmethods] macro/micro over the jobs (cr_bt_agg_*, job order) */
} cr_eval_bt_result;

/* Ranks every (park, chain) job under every scheme with ranker r (build it
 * with cr_ranker_new_as_of(cutoff) for an honest backtest), restricts to the
 * common set, computes the relevance from h and every metric of every
 * method. Jobs run in parallel through cr_rank_batch; metrics are computed
 * on the calling thread in job order. Memory O(nent + schemes * largest
 * candidate list). njobs 0 is an empty backtest (parks and chains may then
 * be NULL; every summary mean is NaN). Errors: those of cr_rank_batch
 * (CR_ENOTFOUND for a park or chain index out of range) and cr_bt_*;
 * CR_EINVAL for nschemes 0, k 0, or NULL parks/chains with njobs > 0. */
CR_PUBLIC(cr_error_t) cr_eval_backtest(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds,
                                       const cr_eval_history *h, const cr_scheme *const *schemes, size_t nschemes,
                                       const int32_t *parks, const int32_t *chains, size_t njobs,
                                       const cr_eval_bt_params *p, cr_eval_bt_result **out);
CR_PUBLIC(void) cr_eval_bt_result_free(cr_eval_bt_result *r);   /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
