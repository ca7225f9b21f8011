/* Ranking target enterprises for a park and chain: the criteria, the
 * weighting scheme, aggregation (through cr_mcda), hard exclusions with their
 * reasons, explanations, and batch runs over many (park, chain, scheme).
 * Every formula, range and direction: docs/model.md, "Ranking criteria".
 *
 * Life cycle:
 *   cr_scheme_load / cr_scheme_parse   a weighting scheme (JSON)
 *   cr_ranker_new                      derived once per dataset + model, serially
 *                                      (tenant index, spatial grid, relatedness
 *                                      density of every park, candidate lists)
 *   cr_rank_park                       one ranked list; parallel over candidates
 *   cr_rank_batch                      many lists; parallel over jobs
 * A ranker and a scheme are read-only after creation and may be shared by
 * threads. Results are bitwise identical for any thread count. */
#ifndef CR_RANK_H
#define CR_RANK_H

#include <chainrank/cr_model.h>
#include <chainrank/cr_mcda.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The criteria, in the fixed column order of every criteria vector. All are
 * benefit criteria by nature (more is better); a scheme may say otherwise.
 * Each has one row in the engine's criteria table (src/rank/criteria.c,
 * docs/architecture.md "How to add a criterion"); code that lists criteria
 * loops to CR_NCRIT over cr_criterion_get() instead of naming them. */
typedef enum {
    CR_CRIT_GAP = 0,      /* chain-gap fit: priority-weighted, volume-aware filling of the park's gap list */
    CR_CRIT_PARTNERS,     /* local partner linkage: ln(1 + sum of link weight x distance decay to tenants and nearby firms) */
    CR_CRIT_RESOURCES,    /* resource endowment fit in [0, 1] */
    CR_CRIT_GREENING,     /* CO2 intensity against the segments' benchmark, in (0, 1] */
    CR_CRIT_DENSITY,      /* relatedness density of the park's tenant mix to e's segments, in [0, 1] */
    CR_CRIT_GOOSE,        /* head goose: supply-graph PageRank x (1 + ln(1 + suppliers that could follow)) */
    CR_CRIT_QUALITY,      /* investment intensity, R&D intensity, tags, in [0, 1] */
    CR_CRIT_LIKELIHOOD,   /* landing likelihood: P(e opens a plant in p within a year), fitted (cr_likely.h); NaN without a model */
    CR_NCRIT
} cr_criterion;

CR_PUBLIC(const char *) cr_criterion_name(cr_criterion c);   /* gap partners resources greening density goose quality */
CR_PUBLIC(int) cr_criterion_parse(const char *name);          /* -1 if unknown */

/* What a criterion is called and how it is shown (its row of the criteria
 * table): for output code, which loops over the criteria. */
typedef struct {
    const char *id;           /* scheme id, JSON key and CSV column: "gap" (= cr_criterion_name) */
    const char *title;        /* display name: "chain-gap fit" */
    const char *heading;      /* table column heading: "gap" */
    const char *unit;         /* unit or range of the value */
    int width;                /* table column width (heading and cells) */
    int prec;                 /* table cell: printf precision ... */
    char conv;                /* ... and conversion, 'f' or 'g' ("%*.*f" with width, prec) */
    const char *summary;      /* one-line definition (docs/model.md "Ranking criteria" has the full one) */
    const char *title_zh;     /* display name in Chinese (workbook headings under --lang zh): "补链贡献" */
} cr_criterion_info;
CR_PUBLIC(const cr_criterion_info *) cr_criterion_get(cr_criterion c);   /* NULL if out of range */

/* cr_aggregation (CR_AGG_WSM, ...) is the method id of cr_mcda.h. */

/* Resources a scheme declares hard (shortage excludes) or soft (penalised). */
enum { CR_RANK_LAND = 0, CR_RANK_WATER, CR_RANK_POWER, CR_RANK_LABOUR, CR_RANK_SKILLED, CR_RANK_ENDOWMENTS,
       CR_RANK_NRES };

/* Reasons a candidate is excluded (bit flags). */
enum {
    CR_EXCL_BANNED = 1u << 0,          /* a segment's environmental category is banned in the park */
    CR_EXCL_CO2_QUOTA = 1u << 1,       /* plant output x intensity above the remaining quota */
    CR_EXCL_ENERGY_QUOTA = 1u << 2,
    CR_EXCL_POLLUTANT_QUOTA = 1u << 3,
    CR_EXCL_CO2_CAP = 1u << 4,         /* intensity above the park's cap */
    CR_EXCL_ENERGY_CAP = 1u << 5,
    CR_EXCL_POLLUTANT_CAP = 1u << 6,
    CR_EXCL_RESOURCE = 1u << 7,        /* a hard resource short: bit (8 + r) says which */
    CR_EXCL_RES_SHIFT = 8,
    CR_EXCL_POOL_TENANT = 1u << 16,    /* candidate pool: a tenant of another park in the same city / province (poaching) */
    CR_EXCL_POOL_HQ = 1u << 17         /* candidate pool: headquartered in the park's city / province */
};

typedef struct cr_scheme cr_scheme;

/* Parses a scheme (docs/model.md "Weighting schemes"). source names the file
 * in messages ("file:line:column: key: message"). AHP weights are derived
 * here: CR > 0.1 is CR_EREFUSED unless the scheme says "force": true. */
CR_PUBLIC(cr_error_t) cr_scheme_parse(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                      cr_scheme **out);
CR_PUBLIC(cr_error_t) cr_scheme_load(cr_ctx *ctx, const char *path, cr_scheme **out);
CR_PUBLIC(void) cr_scheme_free(cr_scheme *s);   /* NULL ok */
CR_PUBLIC(const char *) cr_scheme_name(const cr_scheme *s);
/* 1 if the scheme ranks by expected value (score x landing likelihood). */
CR_PUBLIC(int) cr_scheme_expected_value(const cr_scheme *s);
/* 1 if it needs the landing likelihood (aggregates it or ranks by expected value). */
CR_PUBLIC(int) cr_scheme_uses_likelihood(const cr_scheme *s);
/* Backtests: use model m (borrowed; NULL: back to the scheme's or the
 * dataset's) instead of the scheme's own likelihood model. Not while the
 * scheme is in use by other threads. */
struct cr_likely_model;
CR_PUBLIC(void) cr_scheme_set_likelihood(cr_scheme *s, const struct cr_likely_model *m);
CR_PUBLIC(cr_aggregation) cr_scheme_aggregation(const cr_scheme *s);
/* Criteria the scheme aggregates, in scheme order; returns their count. */
CR_PUBLIC(int) cr_scheme_criteria(const cr_scheme *s, const cr_criterion **crit);
/* Weight-derivation method name: given, ahp, entropy, critic, std, equal. */
CR_PUBLIC(const char *) cr_scheme_weighting(const cr_scheme *s);
/* AHP consistency (NULL unless the scheme uses AHP). */
CR_PUBLIC(const cr_mcda_ahp_info *) cr_scheme_ahp(const cr_scheme *s);
/* The weights, aligned with cr_scheme_criteria and summing to 1, when the
 * scheme fixes them (given, ahp, equal): returns their count. 0 and *w =
 * NULL for objective weightings (entropy, critic, std), which each ranked
 * list derives from its candidates. */
CR_PUBLIC(int) cr_scheme_weights(const cr_scheme *s, const double **w);
/* Aggregation details (src/rank/scheme_access.c), aligned with
 * cr_scheme_criteria: directions (+1 benefit, -1 cost) through *types
 * (returns the count), the normalisation of criterion j (scheme order),
 * 1 if every criterion uses the same normalisation, and VIKOR's v. */
CR_PUBLIC(int) cr_scheme_types(const cr_scheme *s, const int **types);
CR_PUBLIC(cr_mcda_norm) cr_scheme_norm(const cr_scheme *s, int j);
CR_PUBLIC(int) cr_scheme_uniform_norm(const cr_scheme *s);
CR_PUBLIC(double) cr_scheme_vikor_v(const cr_scheme *s);

typedef struct cr_ranker cr_ranker;

/* model must have been built with supply_metrics = 1; ranker borrows it.
 * Time: O(N + L + parks x segments) plus the relatedness computation. */
CR_PUBLIC(cr_error_t) cr_ranker_new(cr_ctx *ctx, const cr_model *model, cr_ranker **out);
/* The same, with the park tenancy as of a cutoff date (days since
 * 1970-01-01, as cr_dataset history dates): e is a tenant of p if it has a
 * site in p whose `since` is before the cutoff; for a site without `since`,
 * unless e's first signing or landing in p (history, withdrawn rows
 * ignored) is on or after the cutoff. A tenant not yet there is a candidate
 * again, not a local supplier, not in the gap list or the density. For
 * backtests. */
CR_PUBLIC(cr_error_t) cr_ranker_new_as_of(cr_ctx *ctx, const cr_model *model, int32_t cutoff, cr_ranker **out);
CR_PUBLIC(void) cr_ranker_free(cr_ranker *r);   /* NULL ok */
/* A park enterprise e is a tenant of for this ranker (-1: none): the park of
 * its first site that counts (docs/data-format.md "Sites"). An enterprise
 * with sites in several parks is a tenant of each: cr_ranker_is_tenant. */
CR_PUBLIC(int32_t) cr_ranker_tenant_of(const cr_ranker *r, int64_t e);
/* 1 if e is a tenant of park p for this ranker (a site in p, as of its cutoff). */
CR_PUBLIC(int) cr_ranker_is_tenant(const cr_ranker *r, int64_t e, int32_t p);
/* The dataset the ranker was built on. */
CR_PUBLIC(const cr_dataset *) cr_ranker_dataset(const cr_ranker *r);
/* Candidates of chain k: enterprises with a share in one of its segments. */
CR_PUBLIC(int64_t) cr_ranker_chain_candidates(const cr_ranker *r, int32_t chain);

typedef struct {
    int32_t top;              /* rows kept (best first); <= 0: all */
    int want_excluded;        /* 1: keep every excluded candidate with its reasons */
    int want_matrix;          /* 1: keep the full criteria matrix of the ranked candidates */
} cr_rank_opts;
CR_PUBLIC(void) cr_rank_opts_default(cr_rank_opts *o);   /* top 50, no excluded, no matrix */

/* A ranked list. Rows are best first: by score (descending; ascending Q for
 * VIKOR), ties by enterprise id (bytewise). */
typedef struct {
    int32_t park, chain;
    int64_t ncand;            /* candidates considered (not tenants of the park, share in the chain) */
    int64_t nexcluded;        /* of which excluded by a hard limit */
    int64_t nranked;          /* ncand - nexcluded */
    int ncrit;                /* criteria aggregated, in scheme order */
    cr_criterion crit[CR_NCRIT];
    double weights[CR_NCRIT]; /* weights used, sum 1, aligned with crit[] */
    int higher_is_better;     /* 0 for VIKOR (score = Q) */
    int64_t nrows;
    int64_t *ent;             /* [nrows] enterprise index */
    double *score;            /* [nrows] aggregated score */
    double *value;            /* [nrows * CR_NCRIT] every criterion's raw value, in cr_criterion order */
    int *vikor_compromise;    /* [nrows] 1 if in VIKOR's compromise set (NULL otherwise) */
    int vikor_advantage, vikor_stability;
    int64_t nexcl_rows;       /* with want_excluded */
    int64_t *excl_ent;
    uint32_t *excl_reason;    /* CR_EXCL_* flags */
    double *matrix;           /* with want_matrix: [nranked * ncrit] row-major, rows in enterprise index order */
    int64_t *matrix_ent;      /* [nranked] */
    int weights_fallback;     /* 1: objective weighting had < 2 ranked rows or no varying column; equal weights used */
    int expected_value;       /* 1: score = aggregated value x landing likelihood */
} cr_rank_result;

/* Ranks the candidates of (park, chain) under scheme. */
CR_PUBLIC(cr_error_t) cr_rank_park(cr_ctx *ctx, const cr_ranker *r, int32_t park, int32_t chain,
                                   const cr_scheme *scheme, const cr_rank_opts *opts, cr_rank_result **out);
CR_PUBLIC(void) cr_rank_result_free(cr_rank_result *res);   /* NULL ok */

/* ---- explanations (for output rows; cheap, computed on demand) ---- */
typedef struct {
    int32_t segment;
    int8_t status;            /* cr_gap_status: missing, weak or extension */
    double fill;              /* phi in [0, 1]: share of the gap the plant fills */
    double contribution;      /* priority x fill */
} cr_explain_gap;

typedef struct {
    int64_t ent;
    int supplier;             /* 1: the partner supplies e; 0: it buys from e */
    int tenant;               /* 1: tenant of the park (decay 1) */
    double km;                /* great-circle distance partner - park */
    double contribution;      /* link weight x decay */
} cr_explain_partner;

typedef struct {
    int ngaps;
    cr_explain_gap gaps[4];          /* largest contributions first */
    int npartners;                   /* local partner links in total */
    int nshown;                      /* entries filled in partners[] (a partner with two links is one) */
    double partner_sum;              /* sum of all their contributions (partners criterion = ln(1 + sum)) */
    cr_explain_partner partners[3];  /* largest contributions first */
    int binding;                     /* CR_RANK_* resource with the lowest fit; -1 if none is limited */
    double binding_fit, binding_need, binding_avail;
    double co2_int, co2_benchmark;   /* benchmark NaN if the segments have none */
    int followers;                   /* suppliers that are not local to the park */
    uint32_t excluded;               /* CR_EXCL_* flags (0 for ranked rows) */
    int excl_resource;               /* first hard resource short, or -1 */
    double excl_need, excl_avail;    /* for the first reason: need/load/intensity vs available/quota/cap */
    int32_t excl_segment;            /* banned: the segment whose category is banned, else -1 */
    /* landing likelihood (NaN without a model) and what drives it (cr_likely_drivers) */
    double likelihood;
    double lk_site_km;               /* nearest known site or headquarters, km */
    int lk_nsites, lk_sites_near, lk_seg_tenants, lk_partners, lk_same_city, lk_same_province;
    /* where the candidate is now */
    int64_t ent;
    int32_t park;
    int now_nparks;                  /* parks it is a tenant of (for this ranker) */
    int32_t now_parks[4];            /* the first of them, by index */
    int32_t pool_park;               /* CR_EXCL_POOL_TENANT: the other park of the same city/province, else -1 */
} cr_explanation;

CR_PUBLIC(cr_error_t) cr_rank_explain(cr_ctx *ctx, const cr_ranker *r, int32_t park, int32_t chain,
                                      const cr_scheme *scheme, int64_t ent, cr_explanation *out);
/* One-line texts into buf (always NUL-terminated when size > 0; cut if
 * short); return the length written. explain_text: gaps filled, partners
 * with distances, binding resource, greening, followers. reasons_text:
 * every hard limit e breaks in park p, with the figures. */
CR_PUBLIC(size_t) cr_rank_explain_text(const cr_ranker *r, const cr_explanation *x, char *buf, size_t size);
CR_PUBLIC(size_t) cr_rank_reasons_text(const cr_ranker *r, int32_t park, const cr_explanation *x, int64_t ent,
                                       char *buf, size_t size);
/* Languages of the texts (`--lang`): English is what the functions above
 * write; Chinese has no English sentence (names from the data stay as
 * given). One phrase table, src/rank/phrases.c. */
/* cr_lang: cr_core.h. */
CR_PUBLIC(size_t) cr_rank_explain_text_lang(const cr_ranker *r, const cr_explanation *x, cr_lang lang, char *buf,
                                            size_t size);
CR_PUBLIC(size_t) cr_rank_reasons_text_lang(const cr_ranker *r, int32_t park, const cr_explanation *x, int64_t ent,
                                            cr_lang lang, char *buf, size_t size);
/* A resource's name (CR_RANK_*) and unit in lang; a word of the data's
 * dictionaries (endowment, category) translated when known, else id. */
CR_PUBLIC(const char *) cr_rank_resource_label(int r, cr_lang lang);
CR_PUBLIC(const char *) cr_rank_resource_unit(int r, cr_lang lang);
CR_PUBLIC(const char *) cr_rank_phrase_word(const char *id, cr_lang lang);
/* Great-circle distance in km by the haversine formula on a sphere of the
 * mean Earth radius 6371.0088 km (IUGG); WGS-84 degrees in. */
CR_PUBLIC(double) cr_great_circle_km(double lat1, double lon1, double lat2, double lon2);
/* Names for messages: land water power labour skilled endowments. */
CR_PUBLIC(const char *) cr_rank_resource_name(int r);

/* ---- batch ---- */
typedef struct {
    int32_t park, chain;
    int scheme;               /* index into the schemes array */
} cr_rank_job;

/* Called on the calling thread, once per job, in job order; the result is
 * freed after the call returns. A non-zero return stops the batch (its
 * value is returned as CR_EIO after cr_ctx_fail by the callback). */
typedef int (*cr_rank_batch_cb)(void *user, size_t job, const cr_rank_result *res);

/* Runs jobs in parallel (one job per thread at a time, each single-threaded,
 * so a job's result is the same bytes as cr_rank_park's), delivering results
 * in job order. */
CR_PUBLIC(cr_error_t) cr_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes,
                                    const cr_rank_job *jobs, size_t njobs, const cr_rank_opts *opts,
                                    cr_rank_batch_cb cb, void *user);

/* A batch whose delivery is split in two (issue 19): the work that needs no
 * order (formatting a list, writing its file) runs on the worker thread that
 * ranked the job, and only what must follow job order runs on the calling
 * thread. The library calls, it never formats.
 *
 * prepare (may be NULL): on the worker that ran the job, right after it, in
 * no particular order, concurrently with other jobs' prepare and with
 * deliver. thread in [0, cr_ctx_threads-or-cores) identifies the worker (for
 * per-thread workspaces: two calls with the same thread never overlap); ctx
 * is that worker's single-threaded context (its messages are the hook's own
 * business: nothing reaches the batch's ctx unless deliver puts it there).
 * Returns what deliver gets as prep (NULL allowed). With one thread it runs
 * on the calling thread just before deliver, so side effects keep job order.
 *
 * deliver: on the calling thread, once per job, in job order, after the
 * job's prepare; owns prep. Non-zero stops the batch, as cr_rank_batch_cb.
 *
 * discard (may be NULL): on the calling thread, for a job prepared but not
 * delivered because the batch stopped (an earlier job or deliver failed):
 * releases prep. A job that failed to rank is neither prepared nor
 * delivered: the batch reports the first failing job in job order. */
typedef struct {
    void *(*prepare)(void *user, int thread, cr_ctx *ctx, size_t job, const cr_rank_result *res);
    int (*deliver)(void *user, size_t job, const cr_rank_result *res, void *prep);
    void (*discard)(void *user, size_t job, void *prep);
    void *user;
} cr_rank_batch_hooks;
CR_PUBLIC(cr_error_t) cr_rank_batch_hooked(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes,
                                           const cr_rank_job *jobs, size_t njobs, const cr_rank_opts *opts,
                                           const cr_rank_batch_hooks *hooks);

/* A batch plan file (docs/model.md "Batch runs"): either explicit "jobs"
 * [{park, chain, scheme}] or "schemes" x "parks" ("all" | [ids]) x "chains"
 * ("led" | "all" | [ids]). Scheme paths are resolved against the plan's
 * folder; ids are checked against ds (CR_ENOTFOUND, naming the entry). */
typedef struct {
    size_t nschemes;
    char **schemes;           /* [nschemes] resolved paths, first-appearance order */
    size_t njobs;
    cr_rank_job *jobs;        /* park-major, then chain, then scheme */
    int32_t top;              /* rows per list, default 50 */
} cr_rank_plan;
CR_PUBLIC(cr_error_t) cr_rank_plan_load(cr_ctx *ctx, const char *path, const cr_dataset *ds, cr_rank_plan **out);
CR_PUBLIC(void) cr_rank_plan_free(cr_rank_plan *plan);   /* NULL ok */

#ifdef __cplusplus
}
#endif

#endif
