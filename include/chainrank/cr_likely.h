/* Landing likelihood: the probability that enterprise e opens a new plant in
 * park p within a year, from features of the ENTERPRISE's side (where its
 * sites are, whether the park already hosts its segments, its partners), by a
 * binary logit fitted on past events (docs/likelihood.md).
 *
 * Life cycle:
 *   cr_likely_features        the feature vector of (e, p) as of a ranker's
 *                             cutoff (a ranker built with cr_ranker_new_as_of
 *                             sees the world as it was before that date)
 *   cr_likely_fit             fits the model on the events before a cutoff
 *   cr_likely_model_*         a fitted model: JSON in and out, prediction
 *   cr_likely_evidence        the real-event backtest: the fitted likelihood,
 *                             schemes and simple baselines on the same
 *                             candidate sets, with bootstrap intervals
 * A model is read-only after creation and may be shared by threads. */
#ifndef CR_LIKELY_H
#define CR_LIKELY_H

#include <chainrank/cr_rank.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The features, in the fixed column order of every feature vector; formulas
 * in docs/likelihood.md. Distances are great-circle km (cr_great_circle_km). */
typedef enum {
    CR_LK_SITE_KM = 0,     /* ln(1 + km from p to e's nearest known site or headquarters) */
    CR_LK_HQ_KM,           /* ln(1 + km from p to e's headquarters point) */
    CR_LK_SITES_NEAR,      /* ln(1 + e's known sites within 50 km of p) */
    CR_LK_SAME_PROVINCE,   /* 1 if e's headquarters or a known site in a park is in p's province */
    CR_LK_SAME_CITY,       /* 1 if e's headquarters or a known site in a park is in p's city */
    CR_LK_SEG_TENANTS,     /* ln(1 + tenants of p that share a segment with e): agglomeration, 强链 */
    CR_LK_DENSITY,         /* share-weighted relatedness density of p's tenant mix to e's segments */
    CR_LK_PARTNERS,        /* ln(1 + e's supply links to tenants of p or firms within 50 km of p) */
    CR_LK_NATIONAL,        /* 1 if p is a national-level park */
    CR_LK_PARK_TENANTS,    /* ln(1 + tenants of p) */
    CR_LK_FIRM_SITES,      /* ln(1 + e's known sites) */
    CR_LK_RECENT,          /* ln(1 + e's sites first known in the two years before the reference date) */
    CR_LK_NFEAT
} cr_likely_feature;

CR_PUBLIC(const char *) cr_likely_feature_name(int j);    /* site_km hq_km sites_near ... */
CR_PUBLIC(int) cr_likely_feature_parse(const char *name); /* -1 if unknown */

/* The plain figures behind the features, for explanations ("2 sites 40 km
 * away; segment already strong here; 3 partners within 50 km"). */
typedef struct {
    double site_km;        /* nearest known site or headquarters, km */
    int nsites;            /* known sites (headquarters not counted) */
    int sites_near;        /* of which within 50 km of p */
    int seg_tenants;       /* tenants of p sharing a segment with e */
    int partners;          /* supply links to tenants of p or firms within 50 km */
    int same_province, same_city;
} cr_likely_drivers;

/* Features of (e, p) as seen by r: sites with an empty `since` or one before
 * r's cutoff, r's tenancy and density. x[CR_LK_NFEAT]; d may be NULL.
 * Pure and thread-safe; cost O(sites(e) + segments(e) + links(e)). */
CR_PUBLIC(void) cr_likely_features(const cr_ranker *r, int64_t e, int32_t p, double *x, cr_likely_drivers *d);

/* ---- a fitted model ---- */
typedef struct cr_likely_model cr_likely_model;

typedef struct {
    int32_t cutoff;        /* days since 1970-01-01: events strictly before it are used */
    int from_year;         /* first event year used (default 2013) */
    const char *source;    /* history `source` of the events (default "apple-supplier-list") */
    double ridge;          /* penalty on the standardised coefficients (default 1) */
    double neg_rate;       /* share of non-event pairs kept, by a hash of (seed, e, p, year) (default 0.05) */
    uint64_t seed;         /* default 1 */
} cr_likely_fit_opts;
CR_PUBLIC(void) cr_likely_fit_opts_default(cr_likely_fit_opts *o);

/* Fits the model on the events of years from_year .. year(cutoff) - 1: one
 * ranker as of 1 January of each year (built here, serially). Refuses
 * (CR_EINVAL) when there are no events or no non-events. */
CR_PUBLIC(cr_error_t) cr_likely_fit(cr_ctx *ctx, const cr_model *model, const cr_likely_fit_opts *opts,
                                    cr_likely_model **out);
/* The same with rankers already built: rankers[i] as of 1 January of
 * years[i] (cr_ranker_new_as_of), one per training year. */
CR_PUBLIC(cr_error_t) cr_likely_fit_rankers(cr_ctx *ctx, const cr_ranker *const *rankers, const int *years,
                                            int nyears, const cr_likely_fit_opts *opts, cr_likely_model **out);

CR_PUBLIC(cr_error_t) cr_likely_model_parse(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                            cr_likely_model **out);
CR_PUBLIC(cr_error_t) cr_likely_model_load(cr_ctx *ctx, const char *path, cr_likely_model **out);
/* The model as JSON (docs/likelihood.md "Model file"); *out is malloc'ed, NUL-terminated. */
CR_PUBLIC(cr_error_t) cr_likely_model_json(cr_ctx *ctx, const cr_likely_model *m, char **out);
CR_PUBLIC(void) cr_likely_model_free(cr_likely_model *m);   /* NULL ok */

/* Linear predictor eta = b0 + sum_j b_j (x_j - mean_j) / sd_j and the
 * probability 1 / (1 + exp(-eta)) (prior-corrected for the sampling). */
CR_PUBLIC(double) cr_likely_model_eta(const cr_likely_model *m, const double *x);
CR_PUBLIC(double) cr_likely_model_prob(const cr_likely_model *m, const double *x);

typedef struct {
    int nfeat;
    const double *mean, *sd;     /* [nfeat] standardisation of the training pairs */
    const double *beta, *se;     /* [nfeat + 1]: intercept first, then per feature (standardised scale) */
    double loglik, loglik_null, pseudo_r2;
    int iterations, converged;
    double ridge, neg_rate;
    int32_t cutoff;
    int from_year, to_year;
    int64_t n_events, n_pairs;   /* events used, pairs in the fit (events + kept non-events) */
    const char *source;
} cr_likely_model_info;
CR_PUBLIC(void) cr_likely_model_get_info(const cr_likely_model *m, cr_likely_model_info *info);

/* The dataset's own fitted model (manifest key likelihood_model), NULL if none. */
CR_PUBLIC(const cr_likely_model *) cr_dataset_likelihood(const cr_dataset *ds);


/* ---- the evidence: a backtest on real events ----
 * For each test year t, the world as of 1 January t (cr_ranker_new_as_of),
 * the model fitted on the events of years train_from .. t-1 only, and every
 * (park, chain) with at least one event of year t: the candidates are the
 * chain's candidates of the park (not tenants) that are in the year's
 * population (firms the event source observes); relevant = opened a plant
 * there in year t. Every method ranks the same candidates (docs/likelihood.md
 * "Evidence"). */
enum { CR_EV_RECALL_K1 = 0, CR_EV_RECALL_K2, CR_EV_AP, CR_EV_NDCG_K2, CR_EV_AUC, CR_EV_NMETRIC };
CR_PUBLIC(const char *) cr_evidence_metric_name(int j);   /* recall@K1 recall@K2 ap ndcg@K2 auc */

typedef enum {
    CR_EV_MODEL = 0,      /* the fitted likelihood */
    CR_EV_SCHEME,         /* a scheme's score (hard limits: excluded candidates last) */
    CR_EV_EXPECTED,       /* likelihood x the scheme's score (higher-is-better schemes) */
    CR_EV_BASELINE,       /* random, size, sector + size, distance, province + size, gravity, sites */
    CR_EV_CRITERION       /* one criterion of the first scheme alone (its hard limits) */
} cr_evidence_kind;

typedef struct {
    int train_from;       /* first year whose events train the model (2013) */
    int from_year, to_year; /* test years (2014 .. 2018) */
    const char *source;   /* events' history source ("apple-supplier-list") */
    size_t k1, k2;        /* shortlist lengths (10, 50) */
    int boot;             /* bootstrap resamples of the test units (1000); 0: no intervals */
    int random_draws;     /* seeded random orders averaged for the random baseline (20) */
    uint64_t seed;        /* bootstrap and random baseline (1) */
    cr_likely_fit_opts fit; /* ridge, neg_rate and seed of every year's fit (cutoff, from_year, source set here) */
} cr_evidence_opts;
CR_PUBLIC(void) cr_evidence_opts_default(cr_evidence_opts *o);

typedef struct {
    size_t nmethods, nunits;
    size_t nclusters;             /* parks among the units: the bootstrap resamples parks */
    char **name;                  /* [nmethods] */
    cr_evidence_kind *kind;       /* [nmethods] */
    int ref;                      /* the reference method of the differences (the likelihood) */
    double *mean;                 /* [nmethods * CR_EV_NMETRIC] macro means over the units */
    double *lo, *hi;              /* 95 % percentile bootstrap interval of the mean (NaN without boot) */
    double *dlo, *dhi;            /* interval of mean(ref) - mean(method), paired resampling of units */
    double *pooled_recall_k2;     /* [nmethods] sum of hits@K2 / sum of events */
    int64_t *excluded_events;     /* [nmethods] relevant candidates the method's hard limits excluded */
    int *unit_year;               /* [nunits] */
    int32_t *unit_park, *unit_chain;
    int64_t *unit_m, *unit_rel;   /* candidates and relevant candidates */
    double *unit_metric;          /* [nunits * nmethods * CR_EV_NMETRIC] */
    int64_t events;               /* events of the test years (distinct enterprise, park, year) */
    int64_t events_used;          /* of which in a unit: a candidate of a chain of the park */
    int nyears;
    cr_likely_model **models;     /* [nyears] the fit of each test year */
} cr_evidence_result;

/* The evidence for the schemes (at least one) on model's dataset. Serial
 * over units, deterministic. A scheme that uses the likelihood is given
 * each test year's fit (cr_scheme_set_likelihood) and restored on return,
 * so the schemes must not be in use elsewhere meanwhile. */
CR_PUBLIC(cr_error_t) cr_likely_evidence(cr_ctx *ctx, const cr_model *model, cr_scheme *const *schemes,
                                         const char *const *scheme_names, size_t nschemes,
                                         const cr_evidence_opts *opts, cr_evidence_result **out);
CR_PUBLIC(void) cr_evidence_result_free(cr_evidence_result *r);   /* NULL ok */

#ifdef __cplusplus
}
#endif

#endif
