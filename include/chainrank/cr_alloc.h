/* Across parks (issue 17): where one investor fits best (sites), which
 * enterprises many parks chase (contest), and an allocation of targets to
 * parks that maximises the total value (allocate). Definitions, formulas and
 * sources: docs/allocate.md.
 *
 * Every number here is a number of `rank`: sites reads one enterprise's row
 * out of each park's ranked list (same criteria, normalisation over that
 * park's candidates, exclusions, likelihood); contest and allocate work on
 * the parks' top-K lists. Deterministic for any thread count. */
#ifndef CR_ALLOC_H
#define CR_ALLOC_H

#include <chainrank/cr_rank.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Parks of a province (matched with or without its administrative suffix:
 * "江苏" = "江苏省", the ranker's rule) and, if chain >= 0, listing that chain
 * among their chains; province NULL: every park. Writes their indices in
 * index order to out (room for every park) and returns their count. */
CR_PUBLIC(size_t) cr_parks_select(const cr_ranker *r, const char *province, int32_t chain, int32_t *out);

/* ---- sites: one enterprise in many parks ---- */

typedef enum {
    CR_SITES_RANKED = 0,      /* a ranked row of the park's list */
    CR_SITES_EXCLUDED = 1,    /* a candidate excluded by a hard limit (excluded: the reasons) */
    CR_SITES_TENANT = 2       /* already a tenant of the park: not a candidate */
} cr_sites_state;

typedef struct {
    int32_t park;
    cr_sites_state state;
    uint32_t excluded;        /* CR_EXCL_* flags when excluded */
    double score;             /* the row's score in `rank --park P` (NaN unless ranked) */
    double value[CR_NCRIT];   /* its criteria, as rank's row (NaN unless ranked) */
    int64_t place;            /* 1-based place in the park's whole list (0 unless ranked or not asked for) */
    int64_t ncand, nranked;   /* the park's candidates and ranked rows (as rank's header) */
    int higher_is_better;     /* 0 for VIKOR */
} cr_sites_row;

/* Scores enterprise e for chain k in each of parks[0..nparks) under scheme:
 * rows[i] is e's row in cr_rank_park(parks[i], k, scheme), the same bits,
 * with its place in that park's list. Each park is ranked in full (the
 * normalisation is over its candidates) but nothing is sorted and no other
 * row is kept: on the streaming path (schemes it takes) pass 1 for 8 parks
 * at a time, then e's row and a count of the rows before it; else the
 * materialised job with a count (want_place = 0 skips the counts: on the
 * streaming path about a third of the time). CR_EINVAL if e has no segment
 * in chain k.
 * Parallel over parks; the same rows for any thread count. */
CR_PUBLIC(cr_error_t) cr_rank_sites(cr_ctx *ctx, const cr_ranker *r, int64_t e, int32_t k, const cr_scheme *scheme,
                                    const int32_t *parks, size_t nparks, int want_place, cr_sites_row *rows);

/* A project profile (docs/allocate.md "Profiles"): a hypothetical
 * enterprise as JSON, text[0, len) named source in messages ("source:line:
 * column: path: message", CR_EDATA). On success *csv is an enterprises.csv
 * header and row for cr_load_params.extra_enterprises (the loader checks the
 * segment ids and shares like any row) and *id its id (default "PROFILE");
 * both malloc'ed. */
CR_PUBLIC(cr_error_t) cr_profile_parse(cr_ctx *ctx, const char *text, size_t len, const char *source, char **csv,
                                       char **id);

/* ---- the parks' top lists (input of contest and allocate) ---- */

typedef struct {
    const cr_dataset *ds;     /* borrowed: the ranker's */
    int32_t chain;
    int32_t top;              /* K: rows kept per park */
    size_t nparks;
    int32_t *parks;           /* [nparks] park indices, in the caller's order */
    int64_t *off;             /* [nparks + 1] park i's rows are off[i] .. off[i+1]-1, best first */
    int64_t *ent;             /* enterprise of each row */
    double *score;            /* its score in that park (expected value when the scheme ranks by it) */
    int64_t *nranked;         /* [nparks] ranked rows of each park's whole list */
    int higher_is_better;     /* 0 for VIKOR */
    int expected_value;       /* 1: scores are expected values */
} cr_park_lists;

/* The top-`top` list of every park for chain k under scheme (cr_rank_batch:
 * the same rows as `rank --park P --top K`). */
CR_PUBLIC(cr_error_t) cr_park_lists_build(cr_ctx *ctx, const cr_ranker *r, int32_t k, const cr_scheme *scheme,
                                          const int32_t *parks, size_t nparks, int32_t top, cr_park_lists **out);
CR_PUBLIC(void) cr_park_lists_free(cr_park_lists *l);   /* NULL ok */

/* ---- contest: who is chased by many parks ---- */

typedef struct {
    int64_t ent;
    int32_t nparks;           /* parks whose top list holds it */
    int32_t best_park;        /* the park where it ranks best (smallest place, then higher score, then park order) */
    int32_t best_place;       /* its 1-based place there */
    double best_score;
} cr_contest_row;

typedef struct {
    int64_t nrows;
    cr_contest_row *rows;     /* every enterprise in some list: nparks desc, then enterprise id */
    double homogeneity;       /* mean over park pairs of the Jaccard index of their top lists (NaN if < 2 parks) */
    int64_t npairs;           /* park pairs */
    int64_t nshared;          /* enterprises in the lists of >= 2 parks */
    int64_t total_slots;      /* sum of the list lengths */
} cr_contest;

CR_PUBLIC(cr_error_t) cr_contest_run(cr_ctx *ctx, const cr_park_lists *l, cr_contest **out);
CR_PUBLIC(void) cr_contest_free(cr_contest *c);   /* NULL ok */

/* ---- allocate: each enterprise to at most one park ---- */

typedef struct {
    int64_t ent;
    int32_t park;             /* list index (into cr_park_lists parks[]) */
    double value;             /* its score in that park */
} cr_alloc_pair;

typedef struct {
    size_t nparks;
    int64_t *off;             /* [nparks + 1] park i's assigned pairs, best value first */
    cr_alloc_pair *pairs;
    double total;             /* the optimum: sum of the assigned values */
    double bound_own;         /* sum over parks of their own top-capacity values, conflicts ignored (upper bound) */
    double greedy;            /* greedy global assignment: pairs by value desc, take if both are free */
    int64_t ngreedy;          /* pairs the greedy assignment makes */
    int64_t nassigned;
    int64_t npairs_lp;        /* LP columns (pairs offered) */
    int tie_stage;            /* 0: the optimum is unique (no tie); 1: tie-break LP kept; -1: it failed, first optimum kept */
    int64_t *given_up_off;    /* [nparks + 1] per park, its own top-capacity rows it did not get */
    cr_alloc_pair *given_up;  /* ent, park = where it went (list index, -1: unassigned), value = its value there */
    double *given_up_here;    /* its value in the park that gave it up */
} cr_allocation;

/* Maximises sum of values over pairs (park i, enterprise e in park i's list)
 * with each enterprise at most once and park i at most capacity[i] pairs:
 * the transportation (bipartite b-matching) LP, solved exactly by GLPK's
 * simplex; its matrix is totally unimodular, so the optimum is integral
 * (checked: CR_EINTERNAL otherwise). Ties between optima: docs/allocate.md.
 * Refuses lists ranked lower-is-better (VIKOR). */
CR_PUBLIC(cr_error_t) cr_allocate(cr_ctx *ctx, const cr_park_lists *l, const int32_t *capacity, cr_allocation **out);
CR_PUBLIC(void) cr_allocation_free(cr_allocation *a);   /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
