/* The streaming, park-blocked kernel (src/rank/stream.c) against the
 * materialised path (score.c + src/mcda), which test_rank.c checks by hand:
 * same candidates, exclusions, rows, criteria values and scores, bit for bit
 * except the vector/sum normalisation sums (added per candidate block, an
 * ulp apart); same errors; the same bytes for both kernel instances (SSE2,
 * AVX2), any grouping of parks, any thread count, and in batch. */
#include "rank_world.h"
#include "graph/model.h"
#include "data/dataset.h"
#include "rank/stream.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cr_scheme *scheme(cr_ctx *ctx, const char *text)
{
    cr_scheme *s = NULL;
    if (cr_scheme_parse(ctx, text, strlen(text), "test.json", &s) != CR_OK) fprintf(stderr, "scheme: %s\n", cr_ctx_errmsg(ctx));
    return s;
}

#define ALL7W(w1, w2, w3, w4, w5, w6, w7)                                                                         \
    "[{\"id\":\"gap\",\"weight\":" #w1 "},{\"id\":\"partners\",\"weight\":" #w2 "},{\"id\":\"resources\",\"weight\":" #w3 \
    "},{\"id\":\"greening\",\"weight\":" #w4 "},{\"id\":\"density\",\"weight\":" #w5 "},{\"id\":\"goose\",\"weight\":" #w6 \
    "},{\"id\":\"quality\",\"weight\":" #w7 "}]"

#define ALL7                                                                                                       \
    "[{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"resources\"},{\"id\":\"greening\"},{\"id\":\"density\"}," \
    "{\"id\":\"goose\"},{\"id\":\"quality\"}]"

/* Eligible schemes covering every normalisation, both aggregations, costs,
 * subsets in another order, hard resources, parameters and tags. */
static const char *TEXTS[] = {
    "{\"name\":\"topsis-minmax\",\"criteria\":" ALL7W(0.25, 0.15, 0.15, 0.1, 0.1, 0.1, 0.15) ","
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"minmax\"}}",
    "{\"name\":\"wsm-minmax\",\"criteria\":" ALL7W(3, 1, 1, 1, 1, 1, 1) ",\"aggregation\":{\"method\":\"wsm\"}}",
    "{\"name\":\"topsis-vector\",\"criteria\":" ALL7W(1, 1, 1, 1, 1, 1, 1) ","
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"vector\"}}",
    "{\"name\":\"wsm-max-cost\",\"criteria\":[{\"id\":\"goose\",\"weight\":2},{\"id\":\"gap\",\"weight\":1},"
    "{\"id\":\"greening\",\"weight\":1,\"direction\":\"cost\"}],\"aggregation\":{\"method\":\"wsm\",\"normalization\":\"max\"}}",
    "{\"name\":\"topsis-mixed\",\"criteria\":[{\"id\":\"quality\",\"weight\":1,\"normalization\":\"none\"},"
    "{\"id\":\"density\",\"weight\":2,\"normalization\":\"vector\"},{\"id\":\"gap\",\"weight\":3},"
    "{\"id\":\"resources\",\"weight\":1,\"direction\":\"cost\",\"normalization\":\"max\"}],"
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"minmax\"},"
    "\"resources\":{\"water\":\"hard\",\"endowments\":\"hard\",\"land\":\"soft\"},"
    "\"params\":{\"radius_km\":120,\"half_distance_km\":30,\"tags\":{\"listed\":0.5}}}",
    "{\"name\":\"wsm-sum\",\"criteria\":[{\"id\":\"resources\",\"weight\":1},{\"id\":\"quality\",\"weight\":1,"
    "\"direction\":\"cost\"}],\"aggregation\":{\"method\":\"wsm\",\"normalization\":\"sum\"}}",
    /* VIKOR and objective weights (entropy, CRITIC, std), streamed since issue 19 */
    "{\"name\":\"vikor-minmax\",\"criteria\":" ALL7W(0.25, 0.15, 0.15, 0.1, 0.1, 0.1, 0.15) ","
    "\"aggregation\":{\"method\":\"vikor\",\"normalization\":\"minmax\"}}",
    "{\"name\":\"vikor-entropy\",\"criteria\":[{\"id\":\"gap\"},{\"id\":\"partners\"},"
    "{\"id\":\"greening\",\"direction\":\"cost\"},{\"id\":\"goose\"},{\"id\":\"quality\"}],"
    "\"weighting\":{\"method\":\"entropy\"},\"aggregation\":{\"method\":\"vikor\",\"v\":0.3}}",
    "{\"name\":\"topsis-entropy-pymcdm\",\"criteria\":" ALL7 ",\"weighting\":{\"method\":\"entropy\","
    "\"entropy_zero\":\"pymcdm\"},\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"minmax\"}}",
    "{\"name\":\"wsm-critic\",\"criteria\":" ALL7 ",\"weighting\":{\"method\":\"critic\"},"
    "\"aggregation\":{\"method\":\"wsm\"}}",
    "{\"name\":\"topsis-critic-max\",\"criteria\":[{\"id\":\"density\"},{\"id\":\"gap\"},"
    "{\"id\":\"resources\",\"direction\":\"cost\"},{\"id\":\"partners\"}],\"weighting\":{\"method\":\"critic\"},"
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"max\"},\"resources\":{\"water\":\"hard\"}}",
    "{\"name\":\"vikor-std-none\",\"criteria\":[{\"id\":\"quality\"},{\"id\":\"gap\"},"
    "{\"id\":\"greening\",\"direction\":\"cost\"}],\"weighting\":{\"method\":\"std\"},"
    "\"aggregation\":{\"method\":\"vikor\",\"normalization\":\"none\",\"v\":0.7}}",
    "{\"name\":\"vikor-critic\",\"criteria\":" ALL7 ",\"weighting\":{\"method\":\"critic\"},"
    "\"aggregation\":{\"method\":\"vikor\"}}",
    "{\"name\":\"topsis-entropy-vector\",\"criteria\":" ALL7 ",\"weighting\":{\"method\":\"entropy\"},"
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"vector\"}}",
    "{\"name\":\"topsis-sum-gap\",\"criteria\":[{\"id\":\"gap\",\"weight\":1},{\"id\":\"quality\",\"weight\":1}],"
    "\"aggregation\":{\"method\":\"topsis\",\"normalization\":\"sum\"}}",
};
enum { NS = sizeof TEXTS / sizeof TEXTS[0] };

static int uses_sums(const cr_scheme *s)
{
    const cr_criterion *c;
    int n = cr_scheme_criteria(s, &c);
    for (int j = 0; j < n; j++)
        if (cr_scheme_norm(s, j) == CR_NORM_VECTOR || cr_scheme_norm(s, j) == CR_NORM_SUM) return 1;
    return 0;
}

typedef struct {
    const cr_rank_result *const *want;
    int calls, bad;
    int stop_at;   /* > 0: the callback returns 1 at this call */
} batch_check;

static int on_batch(void *user, size_t job, const cr_rank_result *res)
{
    batch_check *c = user;
    if (job != (size_t)c->calls) c->bad++;   /* job order */
    c->calls++;
    if (!same_result(c->want[job], res)) c->bad++;
    return c->stop_at > 0 && c->calls == c->stop_at;
}

/* Fast path (want_matrix 0) against the materialised path (want_matrix 1). */
static int compare_paths(cr_ctx *ctx, const world *w, int32_t p, int32_t k, const cr_scheme *s, int top)
{
    cr_rank_opts fast, slow;
    cr_rank_opts_default(&fast);
    fast.top = top;
    slow = fast;
    slow.want_matrix = 1;
    CR_TEST_TRUE(cr__stream_eligible(s, &fast));
    CR_TEST_TRUE(!cr__stream_eligible(s, &slow));
    cr_rank_result *a = NULL, *b = NULL;
    cr_error_t ra = cr_rank_park(ctx, w->ranker, p, k, s, &fast, &a);
    cr_error_t rb = cr_rank_park(ctx, w->ranker, p, k, s, &slow, &b);
    CR_TEST_INT(ra, rb);
    int ok = ra == rb;
    if (ra == CR_OK && rb == CR_OK) {
        ok &= a->ncand == b->ncand && a->nexcluded == b->nexcluded && a->nranked == b->nranked && a->nrows == b->nrows;
        if (ok) {
            ok &= !memcmp(a->ent, b->ent, (size_t)a->nrows * sizeof *a->ent);
            ok &= !memcmp(a->value, b->value, (size_t)a->nrows * CR_NCRIT * sizeof *a->value);
            /* objective weights: the same bits; VIKOR's direction, advantage, stability and compromise rows */
            ok &= !memcmp(a->weights, b->weights, sizeof a->weights) && a->weights_fallback == b->weights_fallback;
            ok &= a->higher_is_better == b->higher_is_better && !a->vikor_compromise == !b->vikor_compromise;
            if (ok && a->vikor_compromise)
                ok &= a->vikor_advantage == b->vikor_advantage && a->vikor_stability == b->vikor_stability &&
                      !memcmp(a->vikor_compromise, b->vikor_compromise, (size_t)a->nrows * sizeof *a->vikor_compromise);
            const int exact = !uses_sums(s);
            for (int64_t i = 0; i < a->nrows; i++)
                ok &= exact ? a->score[i] == b->score[i] : fabs(a->score[i] - b->score[i]) <= 1e-12 * fabs(b->score[i]);
        }
        if (!ok)
            fprintf(stderr, "paths differ: scheme %s park %s chain %s (ranked %lld/%lld rows %lld/%lld)\n",
                    cr_scheme_name(s), cr_dataset_park_id(w->ds, p), cr_dataset_chain_id(w->ds, k),
                    (long long)a->nranked, (long long)b->nranked, (long long)a->nrows, (long long)b->nrows);
    }
    CR_TEST_TRUE(ok);
    cr_rank_result_free(a);
    cr_rank_result_free(b);
    return ok;
}

static void test_paths(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    world_load(ctx, &w, CR_SOURCE_DIR "/datasets/china2020");
    cr_scheme *sc[NS];
    for (int i = 0; i < NS; i++) {
        sc[i] = scheme(ctx, TEXTS[i]);
        CR_TEST_TRUE(sc[i] != NULL);
    }
    const char *parks[] = {"G311082", "G321092", "G331020", "G342020", "G441024"};
    int compared = 0;
    for (size_t pi = 0; pi < sizeof parks / sizeof parks[0]; pi++) {
        int32_t p = cr_dataset_find_park(w.ds, parks[pi]);
        if (p < 0) continue;
        for (int32_t k = 0; k < w.ds->nchain; k++)
            for (int i = 0; i < NS; i++) compared += compare_paths(ctx, &w, p, k, sc[i], i % 2 ? 25 : 200);
    }
    CR_TEST_TRUE(compared >= 4 * NS);
    /* the sum normalisation of a column holding a 0 is refused the same way */
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    cr_rank_result *r = NULL;
    int32_t p0 = cr_dataset_find_park(w.ds, "G311082"), nev = cr_dataset_find_chain(w.ds, "nev");
    cr_error_t rc = cr_rank_park(ctx, w.ranker, p0, nev, sc[NS - 1], &o, &r);
    if (rc != CR_OK) CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "sum normalization needs values > 0") != NULL);
    cr_rank_result_free(r);
    for (int i = 0; i < NS; i++) cr_scheme_free(sc[i]);
    world_free(&w);

    /* the hand-worked dataset of test_rank.c (whose values are checked there) */
    world_load(ctx, &w, CR_SOURCE_DIR "/tests/data/rank1");
    cr_scheme *s = scheme(ctx, TEXTS[1]);
    CR_TEST_TRUE(s != NULL);
    compare_paths(ctx, &w, cr_dataset_find_park(w.ds, "P"), 0, s, 50);
    cr_scheme_free(s);
    world_free(&w);
    cr_ctx_free(ctx);
}

/* Both kernel instances, groups of several parks, thread counts, batch. */
static void test_invariance(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    world_load(ctx, &w, CR_SOURCE_DIR "/datasets/china2020");
    const int32_t nev = cr_dataset_find_chain(w.ds, "nev");
    cr_scheme *sc[2] = {scheme(ctx, TEXTS[0]), scheme(ctx, TEXTS[4])};
    CR_TEST_TRUE(sc[0] && sc[1]);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 40;
    enum { NP = 11 };   /* more than one group of CR__LANES */
    int32_t parks[NP];
    for (int i = 0; i < NP; i++) parks[i] = (int32_t)((i * 37) % w.ds->npark);
    cr_rank_result *want[2][NP];
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < NP; i++) {
            cr_ctx_set_threads(ctx, 1);
            CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[i], nev, sc[s], &o, &want[s][i]));
            for (int t = 2; t <= 3; t++) {
                cr_rank_result *r = NULL;
                cr_ctx_set_threads(ctx, t);
                CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[i], nev, sc[s], &o, &r));
                CR_TEST_TRUE(same_result(want[s][i], r));
                cr_rank_result_free(r);
            }
        }
    /* groups of up to CR__LANES parks, each kernel instance */
    cr__stream_ws *sw = NULL;
    CR_TEST_OK(cr__stream_ws_new(ctx, w.ranker, &sw));
    int nisa = 0;
    for (int isa = 0; isa <= 2; isa++) {
        if (!cr__stream_ws_set_isa(sw, isa)) continue;
        nisa++;
        for (int s = 0; s < 2; s++)
            for (int at = 0; at < NP; at += CR__LANES) {
                int nb = NP - at < CR__LANES ? NP - at : CR__LANES;
                cr_rank_result *res[CR__LANES];
                for (int t = 1; t <= 2; t++) {
                    CR_TEST_OK(cr__stream_group(ctx, sw, w.ranker, sc[s], nev, parks + at, nb, &o, t, res));
                    for (int b = 0; b < nb; b++) {
                        CR_TEST_TRUE(same_result(want[s][at + b], res[b]));
                        cr_rank_result_free(res[b]);
                    }
                }
            }
    }
    CR_TEST_TRUE(nisa >= 1);
    cr__stream_ws_free(sw);
    /* batch: both schemes interleaved plus a VIKOR job on the materialised path */
    cr_scheme *all[3] = {sc[0], sc[1], scheme(ctx, "{\"criteria\":[{\"id\":\"gap\"},{\"id\":\"quality\"}],"
                                                   "\"aggregation\":{\"method\":\"vikor\"}}")};
    CR_TEST_TRUE(all[2] != NULL);
    cr_rank_job jobs[2 * NP + 1];
    const cr_rank_result *wj[2 * NP + 1];
    size_t nj = 0;
    for (int i = 0; i < NP; i++)
        for (int s = 0; s < 2; s++) {
            wj[nj] = want[s][i];
            jobs[nj++] = (cr_rank_job){parks[i], nev, s};
        }
    cr_rank_result *vk = NULL;
    cr_ctx_set_threads(ctx, 1);
    CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[0], nev, all[2], &o, &vk));
    wj[nj] = vk;
    jobs[nj++] = (cr_rank_job){parks[0], nev, 2};
    for (int t = 1; t <= 2; t++) {
        cr_ctx_set_threads(ctx, t);
        batch_check c = {wj, 0, 0, 0};
        CR_TEST_OK(cr_rank_batch(ctx, w.ranker, (const cr_scheme *const *)all, jobs, nj, &o, on_batch, &c));
        CR_TEST_INT(c.calls, (int)nj);
        CR_TEST_INT(c.bad, 0);
    }
    /* Several waves (a wave is 32 jobs a thread): results are delivered one
     * wave behind while the next computes, still in job order, the same
     * bytes; a callback that stops the batch gets no further call. */
    enum { REP = 9 };
    cr_rank_job *many = malloc(REP * nj * sizeof *many);
    const cr_rank_result **wm = malloc(REP * nj * sizeof *wm);
    CR_TEST_TRUE(many && wm);
    for (int k = 0; k < REP; k++)
        for (size_t i = 0; i < nj; i++) {
            many[k * nj + i] = jobs[i];
            wm[k * nj + i] = wj[i];
        }
    for (int t = 1; t <= 3; t++) {
        cr_ctx_set_threads(ctx, t);
        batch_check c = {wm, 0, 0, 0};
        CR_TEST_OK(cr_rank_batch(ctx, w.ranker, (const cr_scheme *const *)all, many, REP * nj, &o, on_batch, &c));
        CR_TEST_INT(c.calls, (int)(REP * nj));
        CR_TEST_INT(c.bad, 0);
        const int stops[] = {1, 40, 65, 130};
        for (int q = 0; q < 4; q++) {
            batch_check d = {wm, 0, 0, stops[q]};
            CR_TEST_INT(cr_rank_batch(ctx, w.ranker, (const cr_scheme *const *)all, many, REP * nj, &o, on_batch, &d), CR_EIO);
            CR_TEST_INT(d.calls, stops[q]);
            CR_TEST_INT(d.bad, 0);
        }
    }
    free(many);
    free(wm);
    cr_rank_result_free(vk);
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < NP; i++) cr_rank_result_free(want[s][i]);
    for (int s = 0; s < 3; s++) cr_scheme_free(all[s]);
    world_free(&w);
    cr_ctx_free(ctx);
}

/* The radius query both paths use (cr__gc_near): the chord prefilter never
 * drops a point the exact haversine keeps, and a kept point's distance is
 * cr_great_circle_km's, bit for bit. Every enterprise of china2020 against
 * parks spread over the country, radii from 300 m to half the globe, plus
 * points placed exactly on and just around a circle. */
static void test_near(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    if (!world_load(ctx, &w, CR_SOURCE_DIR "/datasets/china2020")) { cr_ctx_free(ctx); return; }
    const cr_ranker *r = w.ranker;
    const cr_dataset *ds = w.ds;
    const double radii[] = {0.3, 5, 50, 120, 800, 5000, 20000};
    long kept = 0, bad = 0;
    for (int32_t p = 0; p < ds->npark; p += 97)
        for (size_t ri = 0; ri < sizeof radii / sizeof *radii; ri++) {
            cr__near_query q;
            cr__near_init(&q, ds->park_lat[p], ds->park_lon[p], radii[ri]);
            for (int64_t k = 0; k < ds->nent; k++) {
                double d = -1, x = cr_great_circle_km(ds->park_lat[p], ds->park_lon[p], r->cell_lat[k], r->cell_lon[k]);
                int in = cr__gc_near(&q, r, k, &d);
                if (in != (x <= radii[ri])) bad++;
                if (in && memcmp(&d, &x, sizeof d) != 0) bad++;
                kept += in;
            }
        }
    CR_TEST_INT(bad, 0);
    CR_TEST_TRUE(kept > 1000);
    world_free(&w);
    cr_ctx_free(ctx);

    /* On the circle: points at radius x (1 + delta) in 64 directions from
     * centres at several latitudes, through a ranker holding only them. */
    enum { NDIR = 64, NDELTA = 7 };
    static const double delta[NDELTA] = {-1e-9, -1e-13, -1e-15, 0, 1e-15, 1e-13, 1e-9};
    static double lat[NDIR * NDELTA], lon[NDIR * NDELTA], cs[NDIR * NDELTA], xyz[3 * NDIR * NDELTA];
    const double rad = 3.14159265358979323846 / 180.0, R = 6371.0088;
    const double centres[][2] = {{0, 0}, {31.2, 121.5}, {45.75, 126.6}, {-33.9, 151.2}, {70, 179.9}};
    bad = 0;
    long in_count = 0;
    for (size_t c = 0; c < sizeof centres / sizeof *centres; c++)
        for (size_t ri = 0; ri < sizeof radii / sizeof *radii; ri++) {
            const double p1 = centres[c][0] * rad, l1 = centres[c][1] * rad;
            int n = 0;
            for (int dir = 0; dir < NDIR; dir++)
                for (int k = 0; k < NDELTA; k++, n++) {
                    double a = radii[ri] * (1 + delta[k]) / R, th = 2 * 3.14159265358979323846 * dir / NDIR;
                    double p2 = asin(sin(p1) * cos(a) + cos(p1) * sin(a) * cos(th));
                    double l2 = l1 + atan2(sin(th) * sin(a) * cos(p1), cos(a) - sin(p1) * sin(p2));
                    lat[n] = p2 / rad;
                    lon[n] = l2 / rad;
                    cs[n] = cos(lat[n] * rad);
                    xyz[3 * n] = cos(lat[n] * rad) * cos(lon[n] * rad);
                    xyz[3 * n + 1] = cos(lat[n] * rad) * sin(lon[n] * rad);
                    xyz[3 * n + 2] = sin(lat[n] * rad);
                }
            cr_ranker fake;
            memset(&fake, 0, sizeof fake);
            fake.cell_lat = lat;
            fake.cell_lon = lon;
            fake.cell_cos = cs;
            fake.cell_xyz = xyz;
            cr__near_query q;
            cr__near_init(&q, centres[c][0], centres[c][1], radii[ri]);
            for (int k = 0; k < n; k++) {
                double d = -1, x = cr_great_circle_km(centres[c][0], centres[c][1], lat[k], lon[k]);
                int in = cr__gc_near(&q, &fake, k, &d);
                if (in != (x <= radii[ri]) || (in && memcmp(&d, &x, sizeof d) != 0)) bad++;
                in_count += in;
            }
        }
    CR_TEST_INT(bad, 0);
    /* about half of the boundary points are inside (those with delta <= 0, give or take rounding) */
    CR_TEST_TRUE(in_count > 5 * 7 * NDIR * 3 && in_count < 5 * 7 * NDIR * 5);
}

/* Pass 2's pruning (stream.c seed_thresholds, stream_kernel.h row_may_hit)
 * only acts on chains of several candidate blocks: a generated dataset with
 * ~40k candidates a chain (10 blocks), small tops so the seed rows fill the
 * heaps, every scheme, single parks and groups of CR__LANES parks, against
 * the materialised path, which prunes nothing. */
static void test_pruning(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    /* cr_gen_write creates the directory; the process id keeps parallel runs apart */
    char out[64];
    snprintf(out, sizeof out, "/tmp/cr_test_stream.%ld", (long)getpid());
    cr_gen_params gp;
    cr_gen_params_default(&gp);
    gp.n_enterprises = 120000;
    gp.n_parks = 40;
    gp.n_chains = 2;
    gp.n_links = 360000;
    gp.seed = 11;
    CR_TEST_OK(cr_gen_write(ctx, &gp, out, NULL));
    world w;
    world_load(ctx, &w, out);
    cr_scheme *sc[NS];
    for (int i = 0; i < NS; i++) sc[i] = scheme(ctx, TEXTS[i]);
    int compared = 0, big = 0;
    for (int32_t k = 0; k < w.ds->nchain; k++) {
        big += cr_ranker_chain_candidates(w.ranker, k) > 4 * 4096;
        for (int32_t p = 0; p < 6; p++)
            for (int i = 0; i < NS; i++) compared += compare_paths(ctx, &w, p, k, sc[i], 1 + 4 * (i % 3));
    }
    CR_TEST_TRUE(big >= 1);
    CR_TEST_TRUE(compared == 6 * NS * w.ds->nchain);
    /* groups: 12 parks of each chain, top 3, in batch (2 groups of lanes) */
    enum { NP = 12 };
    cr_rank_opts slow, fast;
    cr_rank_opts_default(&fast);
    fast.top = 3;
    slow = fast;
    slow.want_matrix = 1;
    for (int i = 0; i < NS; i++) {
        if (uses_sums(sc[i])) continue;   /* those are an ulp apart, compared above */
        if (i >= 6 && i != 7 && i != 9) continue;   /* VIKOR, objective: two in batch here, all in groups below */
        for (int32_t k = 0; k < w.ds->nchain; k++) {
            cr_rank_job jobs[NP];
            cr_rank_result *want[NP];
            for (int j = 0; j < NP; j++) {
                jobs[j] = (cr_rank_job){(int32_t)((j * 7) % w.ds->npark), k, 0};
                CR_TEST_OK(cr_rank_park(ctx, w.ranker, jobs[j].park, k, sc[i], &slow, &want[j]));
            }
            for (int t = 1; t <= 2; t++) {
                cr_ctx_set_threads(ctx, t);
                batch_check c = {(const cr_rank_result *const *)want, 0, 0, 0};
                CR_TEST_OK(cr_rank_batch(ctx, w.ranker, (const cr_scheme *const *)&sc[i], jobs, NP, &fast, on_batch, &c));
                CR_TEST_INT(c.calls, NP);
                CR_TEST_INT(c.bad, 0);
            }
            cr_ctx_set_threads(ctx, 1);
            for (int j = 0; j < NP; j++) cr_rank_result_free(want[j]);
        }
    }
    /* VIKOR and objective weights: groups of CR__LANES parks through each
     * kernel instance and thread count, tops 1-9, against the materialised
     * path bit for bit (weights, compromise flags included) */
    cr__stream_ws *sw = NULL;
    CR_TEST_OK(cr__stream_ws_new(ctx, w.ranker, &sw));
    int nisa = 0, ngroups = 0;
    for (int i = 0; i < NS; i++) {
        if (uses_sums(sc[i]) || (cr_scheme_aggregation(sc[i]) != CR_AGG_VIKOR && i < 7)) continue;   /* 7..: VIKOR or objective */
        for (int32_t k = 0; k < w.ds->nchain; k++) {
            int32_t parks[CR__LANES];
            cr_rank_result *want[CR__LANES], *res[CR__LANES];
            cr_rank_opts_default(&fast);
            fast.top = 1 + (i + 3 * (int)k) % 9;
            slow = fast;
            slow.want_matrix = 1;
            for (int b = 0; b < CR__LANES; b++) {
                parks[b] = (int32_t)((b * 5 + (int)k) % w.ds->npark);
                CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[b], k, sc[i], &slow, &want[b]));
            }
            nisa = 0;
            for (int isa = 0; isa <= 2; isa++) {
                if (!cr__stream_ws_set_isa(sw, isa)) continue;
                nisa++;
                for (int t = 1; t <= 2; t++) {
                    CR_TEST_OK(cr__stream_group(ctx, sw, w.ranker, sc[i], k, parks, CR__LANES, &fast, t, res));
                    for (int b = 0; b < CR__LANES; b++) {
                        if (!same_result(want[b], res[b]))
                            fprintf(stderr, "group differs: isa %d scheme %s lane %d threads %d\n", isa,
                                    cr_scheme_name(sc[i]), b, t);
                        CR_TEST_TRUE(same_result(want[b], res[b]));
                        cr_rank_result_free(res[b]);
                    }
                    ngroups++;
                }
            }
            for (int b = 0; b < CR__LANES; b++) cr_rank_result_free(want[b]);
        }
    }
    CR_TEST_TRUE(nisa >= 1 && ngroups >= 2 * 6 * nisa);
    cr__stream_ws_free(sw);
    for (int i = 0; i < NS; i++) cr_scheme_free(sc[i]);
    world_free(&w);
    cr_ctx_free(ctx);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", out);
    CR_TEST_INT(system(cmd), 0);
}

/* A park-major batch of every chain under two schemes with different radius
 * and half-distance (issue 19): the waves grow with the (scheme, chain)
 * pairs, a task runs one pair's groups, the workspace moves between chains
 * (chain_copy) and replays each park's radius anchors from its cache for
 * the park's other chains; every result equals rank's of the job alone. */
static void test_many_chains(void)
{
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    world_load(ctx, &w, CR_SOURCE_DIR "/datasets/china2020");
    cr_scheme *sc[2] = {scheme(ctx, TEXTS[0]), scheme(ctx, TEXTS[4])};
    CR_TEST_TRUE(sc[0] && sc[1]);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 20;
    enum { NP = 19 };
    const int32_t nch = w.ds->nchain;
    CR_TEST_TRUE(nch >= 2);
    const size_t nj = (size_t)NP * (size_t)nch * 2;
    cr_rank_job *jobs = malloc(nj * sizeof *jobs);
    cr_rank_result **want = malloc(nj * sizeof *want);
    CR_TEST_TRUE(jobs && want);
    size_t j = 0;
    cr_ctx_set_threads(ctx, 1);
    for (int i = 0; i < NP; i++)
        for (int32_t k = 0; k < nch; k++)
            for (int s = 0; s < 2; s++, j++) {
                jobs[j] = (cr_rank_job){(int32_t)((i * 53) % w.ds->npark), k, s};
                CR_TEST_OK(cr_rank_park(ctx, w.ranker, jobs[j].park, k, sc[s], &o, &want[j]));
            }
    for (int t = 1; t <= 2; t++) {
        cr_ctx_set_threads(ctx, t);
        batch_check c = {(const cr_rank_result *const *)want, 0, 0, 0};
        CR_TEST_OK(cr_rank_batch(ctx, w.ranker, (const cr_scheme *const *)sc, jobs, nj, &o, on_batch, &c));
        CR_TEST_INT(c.calls, (int)nj);
        CR_TEST_INT(c.bad, 0);
    }
    for (size_t i = 0; i < nj; i++) cr_rank_result_free(want[i]);
    free(jobs);
    free(want);
    for (int s = 0; s < 2; s++) cr_scheme_free(sc[s]);
    world_free(&w);
    cr_ctx_free(ctx);
}

int main(void)
{
    cr_global_init();
    test_near();
    test_paths();
    test_invariance();
    test_many_chains();
    test_pruning();
    return cr_test_done();
}
