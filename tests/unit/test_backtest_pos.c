/* The backtest's positions routes against the reference route
 * (cr__eval_backtest_ref: common set, full orders, sorts and
 * cr_bt_metrics_order), every field of cr_eval_bt_result bit for bit, on
 * generated datasets with a generated history (docs/compare.md, section 3):
 * the streaming route (cr_eval_backtest: every scheme here takes the
 * streaming kernel, which is checked) on 1 and 2 threads and on every
 * kernel width the CPU runs (SSE2, AVX2, AVX-512), and the route through
 * the materialised lists (CR__BT_ROUTE_LISTS);
 * - scores with ties (a scheme on the gap alone: most candidates 0, ties
 *   broken by id; one on the density alone);
 * - schemes whose exclusions differ (land and water hard in one, every
 *   resource soft in others), so the common set is smaller than a list;
 * - a park where every enterprise signed or landed after the cutoff (R = m),
 *   parks with no event (R = 0), withdrawn and pre-cutoff events, graded
 *   relevance;
 * - TOPSIS, WSM, VIKOR, entropy, CRITIC and AHP weights;
 * - K = 1, 10 and above m, both gains, two seeds, 1 and 2 threads;
 * - one group of parks on 2 threads with over 2 blocks of candidates (the
 *   threads inside the group: counting buckets per thread, summed). */
#include "rank_world.h"
#include "evaluate/evaluate_internal.h"
#include "rank/stream.h"

#include <chainrank/chainrank.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const TEXTS[] = {
    "{\"name\": \"topsis-soft\", \"criteria\": [{\"id\": \"gap\", \"weight\": 0.3}, {\"id\": \"partners\", \"weight\": 0.2},"
    " {\"id\": \"resources\", \"weight\": 0.2}, {\"id\": \"quality\", \"weight\": 0.3}], \"aggregation\": {\"method\": \"topsis\"},"
    " \"resources\": {\"land\": \"soft\", \"water\": \"soft\", \"power\": \"soft\", \"labour\": \"soft\", \"skilled\": \"soft\","
    " \"endowments\": \"soft\"}}",
    "{\"name\": \"gap-ties\", \"criteria\": [{\"id\": \"gap\"}], \"aggregation\": {\"method\": \"wsm\"},"
    " \"resources\": {\"land\": \"hard\", \"water\": \"hard\"}}",
    "{\"name\": \"vikor\", \"criteria\": [{\"id\": \"gap\", \"weight\": 0.4}, {\"id\": \"density\", \"weight\": 0.3},"
    " {\"id\": \"greening\", \"weight\": 0.3}], \"aggregation\": {\"method\": \"vikor\"},"
    " \"resources\": {\"land\": \"soft\", \"water\": \"soft\"}}",
    "{\"name\": \"entropy\", \"criteria\": [{\"id\": \"gap\"}, {\"id\": \"partners\"}, {\"id\": \"density\"}, {\"id\": \"goose\"},"
    " {\"id\": \"quality\"}], \"weighting\": {\"method\": \"entropy\"}, \"aggregation\": {\"method\": \"topsis\"}}",
    "{\"name\": \"critic\", \"criteria\": [{\"id\": \"gap\"}, {\"id\": \"resources\"}, {\"id\": \"greening\"}, {\"id\": \"quality\"}],"
    " \"weighting\": {\"method\": \"critic\"}, \"aggregation\": {\"method\": \"wsm\"},"
    " \"resources\": {\"land\": \"soft\", \"water\": \"soft\", \"power\": \"soft\", \"labour\": \"soft\", \"skilled\": \"soft\","
    " \"endowments\": \"soft\"}}",
    "{\"name\": \"ahp\", \"criteria\": [{\"id\": \"gap\"}, {\"id\": \"partners\"}, {\"id\": \"quality\"}],"
    " \"weighting\": {\"method\": \"ahp\", \"pairwise\": [[1, 3, 5], [0.333333333333333, 1, 2], [0.2, 0.5, 1]]},"
    " \"aggregation\": {\"method\": \"topsis\", \"normalization\": \"minmax\"}}",
    "{\"name\": \"density-ties\", \"criteria\": [{\"id\": \"density\"}], \"aggregation\": {\"method\": \"wsm\"},"
    " \"resources\": {\"land\": \"soft\"}}",
};
enum { NT = sizeof TEXTS / sizeof TEXTS[0] };

static int same_bt(const cr_eval_bt_result *x, const cr_eval_bt_result *y)
{
    if (x->nschemes != y->nschemes || x->nmethods != y->nmethods || x->njobs != y->njobs) return 0;
    const size_t nj = x->njobs, nm = x->nmethods;
    return !memcmp(x->park, y->park, nj * sizeof *x->park) && !memcmp(x->chain, y->chain, nj * sizeof *x->chain) &&
           !memcmp(x->ncand, y->ncand, nj * sizeof *x->ncand) && !memcmp(x->ncommon, y->ncommon, nj * sizeof *x->ncommon) &&
           !memcmp(x->res, y->res, nj * nm * sizeof *x->res) && !memcmp(x->summary, y->summary, nm * sizeof *x->summary);
}

static uint64_t rnd(uint64_t *st) { return cr_bt_splitmix64(st); }

/* history: park 0 has every enterprise signed or landed after the cutoff
 * (R = m for any common set); parks 1 and 2 have none; the others a random
 * tenth of the enterprises with random stages, some before the cutoff and
 * some withdrawn. */
static int write_history(const cr_dataset *ds, const char *path, uint64_t seed)
{
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    fprintf(f, "enterprise,park,date,stage\n");
    cr_dataset_info di;
    cr_dataset_get_info(ds, &di);
    static const char *const stages[] = {"signed", "landed", "operating", "withdrawn"};
    uint64_t st = seed;
    for (int64_t e = 0; e < (int64_t)di.n_enterprises; e++)
        fprintf(f, "%s,%s,2023-0%d-01,%s\n", cr_dataset_enterprise_id(ds, e), cr_dataset_park_id(ds, 0),
                1 + (int)(rnd(&st) % 9), rnd(&st) % 2 ? "signed" : "landed");
    for (int32_t p = 3; p < (int32_t)di.n_parks; p++)
        for (int64_t e = 0; e < (int64_t)di.n_enterprises; e++) {
            if (rnd(&st) % 10) continue;
            int year = 2021 + (int)(rnd(&st) % 4);
            fprintf(f, "%s,%s,%d-0%d-15,%s\n", cr_dataset_enterprise_id(ds, e), cr_dataset_park_id(ds, p), year,
                    1 + (int)(rnd(&st) % 9), stages[rnd(&st) % 4]);
        }
    return fclose(f) == 0;
}

/* 1 if the CPU runs kernel width isa (0 SSE2, 1 AVX2, 2 AVX-512: stream.c) */
static int isa_ok(int isa)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (isa == 1) return __builtin_cpu_supports("avx2");
    if (isa == 2) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#endif
    return isa == 0;
}

static int run_case(cr_ctx *ctx, const world *w, const cr_eval_history *h, cr_scheme *const *sc, const int *pick,
                    size_t ns, const int32_t *parks, const int32_t *chains, size_t nj, const cr_eval_bt_params *bp,
                    int *widths)
{
    const cr_scheme *s[NT];
    for (size_t i = 0; i < ns; i++) s[i] = sc[pick[i]];
    cr_eval_bt_result *ref = NULL, *pos = NULL;
    int ok = 1;
    cr_ctx_set_threads(ctx, 1);
    CR_TEST_OK(cr__eval_backtest_ref(ctx, w->ranker, w->ds, h, s, ns, parks, chains, nj, bp, &ref));
    /* the streaming route on 1 and 2 threads, the lists route, each kernel width */
    for (int t = 0; t < 2; t++) {
        cr_ctx_set_threads(ctx, t + 1);
        CR_TEST_OK(cr_eval_backtest(ctx, w->ranker, w->ds, h, s, ns, parks, chains, nj, bp, &pos));
        ok &= ref && pos && same_bt(ref, pos);
        cr_eval_bt_result_free(pos);
        pos = NULL;
    }
    cr_ctx_set_threads(ctx, 1);
    CR_TEST_OK(cr__eval_backtest_route(ctx, w->ranker, w->ds, h, s, ns, parks, chains, nj, bp, CR__BT_ROUTE_LISTS, -1, &pos));
    ok &= ref && pos && same_bt(ref, pos);
    cr_eval_bt_result_free(pos);
    for (int isa = 0; isa < 3; isa++) {
        if (!isa_ok(isa)) continue;
        pos = NULL;
        CR_TEST_OK(cr__eval_backtest_route(ctx, w->ranker, w->ds, h, s, ns, parks, chains, nj, bp, CR__BT_ROUTE_AUTO, isa, &pos));
        ok &= ref && pos && same_bt(ref, pos);
        cr_eval_bt_result_free(pos);
        (*widths)++;
    }
    cr_eval_bt_result_free(ref);
    return ok;
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    int cases = 0, agree = 0, lt = 0, rm = 0, r0 = 0, ties = 0, widths = 0, streamed = 0;
    for (uint64_t seed = 3; seed <= 4; seed++) {
        char dir[96], hist[128];
        snprintf(dir, sizeof dir, "/tmp/cr_test_btpos.%ld.%llu", (long)getpid(), (unsigned long long)seed);
        snprintf(hist, sizeof hist, "%s/eval_history.csv", dir);
        cr_gen_params gp;
        cr_gen_params_default(&gp);
        gp.n_enterprises = 3000;
        gp.n_parks = 10;
        gp.n_chains = 2;
        gp.n_links = 9000;
        gp.seed = seed;
        CR_TEST_OK(cr_gen_write(ctx, &gp, dir, NULL));
        world w;
        int32_t cutoff;
        if (!world_load_as_of(ctx, &w, dir, "2022-06-01", &cutoff)) break;
        cr_dataset_info di;
        cr_dataset_get_info(w.ds, &di);
        CR_TEST_TRUE(write_history(w.ds, hist, seed));
        cr_eval_history *h = NULL;
        CR_TEST_OK(cr_eval_history_load(ctx, w.ds, hist, &h));
        cr_scheme *sc[NT] = {NULL};
        for (int i = 0; i < NT; i++) CR_TEST_OK(cr_scheme_parse(ctx, TEXTS[i], strlen(TEXTS[i]), "t.json", &sc[i]));
        {   /* every scheme takes the streaming kernel, so cr_eval_backtest takes the streaming route */
            cr_rank_opts so;
            cr_rank_opts_default(&so);
            so.top = 1;
            for (int i = 0; i < NT; i++) streamed += sc[i] && cr__stream_eligible(sc[i], &so);
        }
        int32_t parks[64], chains[64];
        size_t nj = 0;
        for (int32_t p = 0; p < (int32_t)di.n_parks; p++)
            for (int32_t k = 0; k < (int32_t)di.n_chains; k++) {
                parks[nj] = p;
                chains[nj++] = k;
            }
        /* ties: the gap-only scheme's list has equal neighbours */
        {
            cr_rank_opts ro;
            cr_rank_opts_default(&ro);
            ro.top = 0;
            cr_rank_result *rr = NULL;
            CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[6], chains[6], sc[1], &ro, &rr));
            for (int64_t i = 1; rr && i < rr->nrows; i++) ties += rr->score[i] == rr->score[i - 1];
            /* exclusions differ: every resource soft ranks more than land and water hard */
            cr_rank_result *ra = NULL;
            CR_TEST_OK(cr_rank_park(ctx, w.ranker, parks[6], chains[6], sc[0], &ro, &ra));
            if (rr && ra) lt += ra->nranked > rr->nranked;
            cr_rank_result_free(ra);
            cr_rank_result_free(rr);
        }
        static const int all[NT] = {0, 1, 2, 3, 4, 5, 6};
        static const int two[2] = {1, 0};
        static const int one[1] = {6};
        static const int three[3] = {2, 5, 3};
        const struct { const int *pick; size_t ns; } sets[] = {{all, NT}, {two, 2}, {one, 1}, {three, 3}};
        const size_t ks[] = {1, 10, 1000000};
        for (size_t q = 0; q < sizeof sets / sizeof sets[0]; q++)
            for (size_t kk = 0; kk < 3; kk++) {
                cr_eval_bt_params bp;
                cr_eval_bt_params_default(&bp);
                bp.k = ks[kk];
                bp.cutoff = cutoff;
                bp.seed = seed + kk;
                if (kk == 2) bp.bt.gain = CR_BT_GAIN_EXP;
                cases++;
                agree += run_case(ctx, &w, h, sc, sets[q].pick, sets[q].ns, parks, chains, nj, &bp, &widths);
            }
        /* the R = m and R = 0 parks are there */
        {
            cr_eval_bt_params bp;
            cr_eval_bt_params_default(&bp);
            bp.cutoff = cutoff;
            cr_eval_bt_result *b = NULL;
            CR_TEST_OK(cr_eval_backtest(ctx, w.ranker, w.ds, h, (const cr_scheme *const *)sc, NT, parks, chains, nj, &bp, &b));
            for (size_t j = 0; b && j < b->njobs; j++) {
                const cr_bt_result *x = &b->res[j * b->nmethods];
                rm += x->m > 0 && x->n_rel == x->m;
                r0 += x->m > 0 && x->n_rel == 0;
            }
            cr_eval_bt_result_free(b);
        }
        for (int i = 0; i < NT; i++) cr_scheme_free(sc[i]);
        cr_eval_history_free(h);
        world_free(&w);
        remove(hist);
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    /* one group of parks with the threads inside it (fewer groups than
     * threads) and more than one block of candidates a chain (4,096 a
     * block, stream.c): the counting sweeps' per-thread buckets summed */
    int inner = 0;
    {
        char dir[96], hist[128];
        snprintf(dir, sizeof dir, "/tmp/cr_test_btpos.%ld.big", (long)getpid());
        snprintf(hist, sizeof hist, "%s/eval_history.csv", dir);
        cr_gen_params gp;
        cr_gen_params_default(&gp);
        gp.n_enterprises = 14000;
        gp.n_parks = 6;
        gp.n_chains = 1;
        gp.n_links = 30000;
        gp.seed = 5;
        CR_TEST_OK(cr_gen_write(ctx, &gp, dir, NULL));
        world w;
        int32_t cutoff;
        if (world_load_as_of(ctx, &w, dir, "2022-06-01", &cutoff)) {
            cr_dataset_info di;
            cr_dataset_get_info(w.ds, &di);
            CR_TEST_TRUE(write_history(w.ds, hist, 5));
            CR_TEST_TRUE(cr_ranker_chain_candidates(w.ranker, 0) > 2 * 4096);
            cr_eval_history *h = NULL;
            CR_TEST_OK(cr_eval_history_load(ctx, w.ds, hist, &h));
            cr_scheme *sc[NT] = {NULL};
            for (int i = 0; i < NT; i++) CR_TEST_OK(cr_scheme_parse(ctx, TEXTS[i], strlen(TEXTS[i]), "t.json", &sc[i]));
            int32_t parks[8], chains[8];
            size_t nj = 0;
            for (int32_t p = 0; p < (int32_t)di.n_parks && nj < 8; p++) {
                parks[nj] = p;
                chains[nj++] = 0;
            }
            static const int all[NT] = {0, 1, 2, 3, 4, 5, 6};
            cr_eval_bt_params bp;
            cr_eval_bt_params_default(&bp);
            bp.k = 10;
            bp.cutoff = cutoff;
            cr_eval_bt_result *ref = NULL, *pos = NULL;
            const cr_scheme *s[NT];
            for (int i = 0; i < NT; i++) s[i] = sc[all[i]];
            cr_ctx_set_threads(ctx, 1);
            CR_TEST_OK(cr__eval_backtest_ref(ctx, w.ranker, w.ds, h, s, NT, parks, chains, nj, &bp, &ref));
            cr_ctx_set_threads(ctx, 2);
            CR_TEST_OK(cr_eval_backtest(ctx, w.ranker, w.ds, h, s, NT, parks, chains, nj, &bp, &pos));
            inner = ref && pos && same_bt(ref, pos);
            cr_eval_bt_result_free(ref);
            cr_eval_bt_result_free(pos);
            for (int i = 0; i < NT; i++) cr_scheme_free(sc[i]);
            cr_eval_history_free(h);
            world_free(&w);
        }
        remove(hist);
        char cmd[160];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    }
    CR_TEST_TRUE(inner);
    fprintf(stderr, "%d of %d cases the same bits (%d kernel-width runs); %d datasets where exclusions differ, %d with R = m, "
            "%d with R = 0, %d ties\n", agree, cases, widths, lt, rm, r0, ties);
    CR_TEST_TRUE(cases == 24);
    CR_TEST_INT(agree, cases);
    CR_TEST_INT(streamed, 2 * NT);
    CR_TEST_TRUE(widths >= cases);
    CR_TEST_TRUE(lt > 0);
    CR_TEST_TRUE(rm > 0);
    CR_TEST_TRUE(r0 > 0);
    CR_TEST_TRUE(ties > 0);
    cr_ctx_free(ctx);
    return cr_test_done();
}
