/* Internals of the ranking engine (src/rank/). */
#ifndef CR_RANK_INTERNAL_H
#define CR_RANK_INTERNAL_H

#include <chainrank/cr_rank.h>
#include <chainrank/cr_gaps.h>
#include <chainrank/cr_likely.h>
#include "core/core_internal.h"
#include "data/dataset.h"
#include "graph/model.h"
#include "io/json.h"

#include <math.h>

/* Weighting ids are the mcda registry's cr_mcda_weighting (one enum, one
 * name table: src/mcda/methods.c). These short names are aliases of it, kept
 * for the kernels (score.c, stream.c); new code uses CR_WEIGHT_*. */
enum {
    CR__W_GIVEN = CR_WEIGHT_GIVEN, CR__W_AHP = CR_WEIGHT_AHP, CR__W_ENTROPY = CR_WEIGHT_ENTROPY,
    CR__W_CRITIC = CR_WEIGHT_CRITIC, CR__W_STD = CR_WEIGHT_STD, CR__W_EQUAL = CR_WEIGHT_EQUAL
};

typedef struct {
    char *name;
    double bonus;
} cr__tag_bonus;

struct cr_scheme {
    char *name, *description;
    int ncrit;                          /* criteria aggregated, scheme order */
    cr_criterion crit[CR_NCRIT];
    int types[CR_NCRIT];                /* +1 benefit, -1 cost */
    cr_mcda_norm norm[CR_NCRIT];        /* per criterion (default: the aggregation's) */
    int uniform_norm;                   /* 1 if every norm[] is the same */
    double weight[CR_NCRIT];            /* given or AHP weights, sum 1; unused for objective methods */
    int wmethod;                        /* cr_mcda_weighting (CR_WEIGHT_*) */
    cr_mcda_ahp_info ahp;
    cr_mcda_entropy_zero ezero;
    cr_aggregation agg;
    double v;                           /* VIKOR */
    int hard[CR_RANK_NRES];             /* 1 hard, 0 soft */
    double radius_km, half_km;          /* partner search radius and half-distance of the decay */
    double invest_ref, rd_ref;          /* quality references */
    int ntags;
    cr__tag_bonus *tags;
    double gap_kind[3];                 /* missing, weak, extension */
    /* landing likelihood (docs/likelihood.md): the scheme's own model, or
     * NULL for the dataset's (cr_dataset likely); expected value: score x
     * likelihood instead of the score */
    cr_likely_model *likely;
    const cr_likely_model *likely_override;   /* borrowed, set by cr_scheme_set_likelihood (backtests) */
    int expected_value;
    /* candidate pool (docs/model.md "Candidate pool"): CR__POOL_* */
    int pool_tenants, pool_hq;
};

enum { CR__POOL_KEEP = 0, CR__POOL_SAME_CITY = 1, CR__POOL_SAME_PROVINCE = 2 };

/* The likelihood model a scheme uses on a ranker's dataset: its own, else
 * the dataset's, else NULL. */
const cr_likely_model *cr__scheme_likely(const cr_scheme *s, const cr_ranker *r);
/* 1 if the scheme needs the likelihood of every candidate (it aggregates
 * it, or ranks by expected value); else only output rows get it. */
int cr__scheme_needs_likely(const cr_scheme *s);
/* Candidate-pool exclusion flags (CR_EXCL_POOL_*) of e for park p; *why
 * (may be NULL) gets the other park that made e a poaching candidate. */
uint32_t cr__pool_flags(const cr_ranker *r, const cr_scheme *s, int64_t e, int32_t p, int32_t *why);
/* Province names without the administrative suffix: the byte length of the key. */
size_t cr__province_key(const char *s);

/* Spatial grid over enterprises: cells of CR__GRID_DEG degrees, enterprises
 * counting-sorted by cell, so a radius query touches a few cells only. */
#define CR__GRID_DEG 0.5
enum { CR__GRID_NLAT = 360, CR__GRID_NLON = 720 };

/* An enterprise's inputs to the park-dependent criteria, packed in one
 * 128-byte record (two cache lines); the streaming workspace copies a
 * chain's records in candidate order, so the kernel reads one sequential
 * stream instead of a dozen columns gathered by enterprise index (those
 * loads, not the arithmetic, bounded its sweeps). Up to CR__REC_NSEG segments inline; an enterprise with more
 * has nseg = -1 and the kernel reads the dataset's lists through e. */
#define CR__REC_NSEG 3
typedef struct {
    double q;                           /* plant output */
    double need[CR_NRES];
    double inten[CR_NENV];
    uint64_t cats;                      /* environmental categories (ranker ent_cats) */
    int32_t e, nseg;
    int32_t seg[CR__REC_NSEG];
    int32_t pad_;
    double share[CR__REC_NSEG];
} cr__cand_rec;

struct cr_ranker {
    const cr_model *m;
    const cr_dataset *ds;
    int32_t *tenant_of;                 /* [nent] a park e is a tenant of (-1 none), as of the cutoff: its
                                         * first qualifying site's, so the `park` shorthand when it qualifies */
    int64_t *ten_off, *ten;             /* tenants of each park, CSR [npark+1], index order */
    /* Every park of each enterprise (ascending), CSR [nent+1]; NULL when no
     * enterprise is a tenant of two parks (then tenant_of says it all). */
    int64_t *eten_off;
    int32_t *eten;
    int64_t *cell_off;                  /* [NLAT*NLON+1] */
    int64_t *cell_ent;                  /* [nent] */
    double *cell_lat, *cell_lon;        /* [nent] cell order: coordinates of cell_ent[k] */
    double *cell_cos;                   /* [nent] cell order: cos(latitude), as cr_great_circle_km computes it */
    double *cell_xyz;                   /* [nent][3] cell order: unit vector, for the radius prefilter */
    int32_t *cell_ten;                  /* [nent] cell order: its park (tenant_of), or CR__TEN_MULTI for a
                                         * tenant of several parks (then cr__ranker_is_tenant says) */
    int64_t *cadj_off;                  /* [nent+1] cell order: its links, out-links then in-links */
    int32_t *cadj_to;                   /* [links x 2] partner enterprise */
    double *cadj_w;                     /* link weight */
    uint8_t *cadj_sup;                  /* 1: cell_ent[k] supplies the partner */
    int32_t *cell_of;                   /* [nent] cell position of e (cell_ent inverse) */
    double *density;                    /* [npark*nseg], 0 where undefined */
    int32_t *seg_ten;                   /* [npark*nseg] tenants of p with segment s (likelihood features) */
    int32_t *ent_prov, *ent_city;       /* [nent] interned province key / city of e's headquarters, -1 none */
    int32_t *park_prov, *park_city;     /* [npark] the same for parks (one id space with the enterprises') */
    int has_cutoff;                     /* built by cr_ranker_new_as_of */
    int32_t cutoff;                     /* its cutoff (INT32_MAX without) */
    int32_t ref_date;                   /* "now" of the likelihood features: the cutoff, or 1 January after the latest site */
    double *green;                      /* [nent] greening score */
    double *bench;                      /* [nent] share-weighted CO2 benchmark, NaN if none */
    double *goose0;                     /* [nent] pagerank x (1 + ln(1 + indegree)) */
    uint64_t *ent_cats;                 /* [nent] environmental categories of e's segments */
    int64_t *cand_off, *cand;           /* candidates per chain, CSR [nchain+1], index order */
    /* [nent] the kernel's record of each enterprise, 64-byte aligned: one
     * copy for every chain (issue 19: 128 bytes an enterprise, where a copy
     * per (chain, candidate) took 160 bytes a pair, ~1 GB at 30 chains); the
     * streaming workspace gathers a chain's records in candidate order when
     * it moves to that chain (stream.c chain_copy) */
    cr__cand_rec *erec;
    int mapped;                         /* 1: the arrays point into a snapshot (src/snapshot): free only r */
};

enum { CR__TEN_MULTI = -2 };

/* Is e a tenant of park p (as of the ranker's cutoff)? The test every
 * criterion uses: a candidate of p is not a tenant of p; a tenant anchors
 * p's partner sums with weight 1 and counts in p's gaps and density. O(1)
 * for single-park enterprises; a short scan of its parks otherwise. */
static inline int cr__ranker_is_tenant(const cr_ranker *r, int64_t e, int32_t p)
{
    if (r->tenant_of[e] == p) return 1;
    if (!r->eten_off) return 0;
    const int64_t a = r->eten_off[e], b = r->eten_off[e + 1];
    if (b - a < 2) return 0;   /* single park: tenant_of said it */
    for (int64_t j = a; j < b; j++)
        if (r->eten[j] == p) return 1;
    return 0;
}

/* Likelihood features' per-park state (src/rank/likely.c): seg_ten and
 * ref_date, once the tenancy is built. */
cr_error_t cr__ranker_likely_prepare(cr_ctx *ctx, cr_ranker *r);

/* Grid cells that may hold enterprises within radius_km of park p: rows
 * a0..a1, columns b0..b1 (b taken modulo CR__GRID_NLON: the box may wrap
 * at the antimeridian; the whole row when it reaches a pole). */
void cr__ranker_radius_cells(const cr_ranker *r, int32_t p, double radius_km, int64_t *a0, int64_t *a1, int64_t *b0,
                             int64_t *b1);

/* A radius query around one point: cr__gc_near says whether an enterprise
 * at cell position k is within radius_km and gives its distance, the same
 * bits as cr_great_circle_km(lat, lon, cell_lat[k], cell_lon[k]).
 *
 * Why: a query scans the whole cell box, about 3 times the disc, so most
 * entries are outside. The chord between unit vectors (no transcendental
 * call) rejects those first; h = chord^2 / 4 is the haversine term, and
 * the test keeps a margin (1e-6 relative, 1e-14 absolute) far above the
 * rounding of either computation, so it never rejects a point the exact
 * test would keep. Kept points get the exact haversine with the query's
 * cos(latitude) hoisted and the enterprise's precomputed. */
typedef struct {
    double p1, c1, lon1;               /* latitude (rad), its cosine, longitude (deg) */
    double x, y, z;                    /* unit vector */
    double radius_km;
    double hmax;                       /* reject when chord^2 / 4 > hmax (+inf: never) */
} cr__near_query;

void cr__near_init(cr__near_query *q, double lat, double lon, double radius_km);

/* The radius anchors of park p under scheme s, shared by both evaluation
 * paths so the rule is stated once: every enterprise (cell position k) that
 * is not a tenant of p, lies within s->radius_km (cr__gc_near) and has a
 * decay 2^(-d / s->half_km) > 0 (an underflowed decay adds nothing), in cell
 * order. Calls fn(user, k, decay) for each; a non-zero return stops the
 * scan and is returned. Nothing when radius_km is 0. */
typedef int (*cr__anchor_fn)(void *user, int64_t k, double decay);
int cr__ranker_radius_anchors(const cr_ranker *r, int32_t p, const cr_scheme *s, cr__anchor_fn fn, void *user);

/* A per-thread cache of parks' radius anchors (issue 19): the radius query
 * depends only on the park and the scheme's radius and half-distance, not
 * on the chain, so a batch that ranks a park for many chains (and schemes
 * with the same radius) queries once and replays the list, in the order
 * cr__ranker_radius_anchors calls fn, so every sum is added in the same
 * order (the same bits). Least recently used lists are reused when the
 * cache is full. Memory: 12 bytes an anchor, CR__ANCHOR_SLOTS lists at most
 * (a batch wave's parks; ~30 k anchors a park at 1 M enterprises, 50 km). */
enum { CR__ANCHOR_SLOTS = 160 };
typedef struct {
    int32_t park;                       /* -1: empty */
    double radius_km, half_km;
    uint64_t used;                      /* stamp of the last use */
    int32_t *k;                         /* cell positions */
    double *decay;
    size_t n, cap;
} cr__anchor_list;
typedef struct {
    cr__anchor_list slot[CR__ANCHOR_SLOTS];
    uint64_t clock;
    uint64_t hits, misses;              /* for benchmarks */
} cr__anchor_cache;
void cr__anchor_cache_init(cr__anchor_cache *c);
void cr__anchor_cache_destroy(cr__anchor_cache *c);
/* Park p's radius anchors under s (as cr__ranker_radius_anchors gives
 * them), from the cache or computed into it; *out stays valid until the
 * next call. */
cr_error_t cr__anchor_cache_get(cr_ctx *ctx, cr__anchor_cache *c, const cr_ranker *r, int32_t p, const cr_scheme *s,
                                const cr__anchor_list **out);

static inline int cr__gc_near(const cr__near_query *q, const cr_ranker *r, int64_t k, double *km)
{
    const double *u = r->cell_xyz + 3 * k;
    const double dx = u[0] - q->x, dy = u[1] - q->y, dz = u[2] - q->z;
    if ((dx * dx + dy * dy + dz * dz) * 0.25 > q->hmax) return 0;
    const double rad = 3.14159265358979323846 / 180.0;
    double p2 = r->cell_lat[k] * rad;
    double sp = sin((p2 - q->p1) / 2), sl = sin((r->cell_lon[k] - q->lon1) * rad / 2);
    double h = sp * sp + q->c1 * r->cell_cos[k] * sl * sl;
    if (h > 1) h = 1;
    *km = 2.0 * 6371.0088 * asin(sqrt(h));
    return *km <= q->radius_km;
}

/* CR_ENOTFOUND (with a message) unless p is a park and k a chain of r's
 * dataset (result.c). */
cr_error_t cr__rank_check_job(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k);


/* cr_rank_opts.top for the backtest's positions route (src/evaluate): every
 * ranked row, in candidate order instead of rank order, and `value` holds two
 * values a row, gap and density ([nrows * 2]), not CR_NCRIT (materialised
 * path only; cr__stream_eligible refuses it as any top <= 0). Not public: a
 * caller of cr_rank_batch sees rows best first. */
#define CR__TOP_UNSORTED INT32_MIN

#endif
