/* issue 17's phases timed apart on one loaded world (cr_world_init):
 *   sites    cr_rank_sites: one enterprise in parks 0..NPARKS-1, and
 *            cr_rank_batch (top 50) on the same parks for the ratio
 *   lists    cr_park_lists_build: top-K lists of parks 0..NALLOC-1 (= batch)
 *   contest  cr_contest_run on those lists
 *   allocate cr_allocate on them, capacity CAP per park (GLPK, serial)
 * usage: bench_alloc DATASET SCHEME ENTERPRISE [CHAIN [NPARKS [NALLOC [TOP [CAP [THREADS]]]]]]
 *   defaults: chain nev, 3000 parks, 200 parks, top 200, capacity 50, 2 threads.
 * Prints each phase's wall time and a checksum (sum of the sites scores, the
 * allocation total), the same for any thread count. */
#include <chainrank/chainrank.h>
#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_alloc DATASET SCHEME ENTERPRISE [CHAIN [NPARKS [NALLOC [TOP [CAP [THREADS]]]]]]\n");
        return 2;
    }
    const char *chain = argc > 4 ? argv[4] : "nev";
    int np = argc > 5 ? atoi(argv[5]) : 3000, na = argc > 6 ? atoi(argv[6]) : 200, top = argc > 7 ? atoi(argv[7]) : 200;
    int cap = argc > 8 ? atoi(argv[8]) : 50, nt = argc > 9 ? atoi(argv[9]) : 2;
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, nt);
    cr_world w;
    cr_scheme *s = NULL;
    double t0 = now_ms(CLOCK_MONOTONIC);
    if (cr_world_init(ctx, &w, argv[1], NULL) != CR_OK || cr_scheme_load(ctx, argv[2], &s) != CR_OK) goto fail;
    double t1 = now_ms(CLOCK_MONOTONIC);
    int32_t k = cr_dataset_find_chain(w.ds, chain);
    int64_t e = cr_dataset_find_enterprise(w.ds, argv[3]);
    cr_dataset_info info;
    cr_dataset_get_info(w.ds, &info);
    if (k < 0 || e < 0) { fprintf(stderr, "bench_alloc: no chain or enterprise\n"); return 1; }
    if (np > info.n_parks) np = (int)info.n_parks;
    if (na > info.n_parks) na = (int)info.n_parks;
    int32_t *parks = malloc((size_t)np * sizeof *parks), *caps = malloc((size_t)na * sizeof *caps);
    cr_sites_row *rows = malloc((size_t)np * sizeof *rows);
    if (!parks || !caps || !rows) return 1;
    for (int i = 0; i < np; i++) parks[i] = i;
    for (int i = 0; i < na; i++) caps[i] = cap;
    double t2 = now_ms(CLOCK_MONOTONIC);
    if (cr_rank_sites(ctx, w.ranker, e, k, s, parks, (size_t)np, 1, rows) != CR_OK) goto fail;
    double t3 = now_ms(CLOCK_MONOTONIC);
    if (cr_rank_sites(ctx, w.ranker, e, k, s, parks, (size_t)np, 0, rows) != CR_OK) goto fail;
    double t3b = now_ms(CLOCK_MONOTONIC);
    /* the same parks ranked by cr_rank_batch (top 50, no output), for the ratio */
    cr_rank_job *jobs = malloc((size_t)np * sizeof *jobs);
    if (!jobs) return 1;
    for (int i = 0; i < np; i++) jobs[i] = (cr_rank_job){i, k, 0};
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    const cr_scheme *ss[1] = {s};
    double tb0 = now_ms(CLOCK_MONOTONIC);
    if (cr_rank_batch(ctx, w.ranker, ss, jobs, (size_t)np, &o, NULL, NULL) != CR_OK) goto fail;
    double tb1 = now_ms(CLOCK_MONOTONIC);
    free(jobs);
    double sum = 0;
    int nr = 0;
    for (int i = 0; i < np; i++)
        if (rows[i].state == CR_SITES_RANKED) { sum += rows[i].score; nr++; }
    int32_t *ap = malloc((size_t)na * sizeof *ap);
    for (int i = 0; i < na; i++) ap[i] = i;
    cr_park_lists *l = NULL;
    cr_contest *c = NULL;
    cr_allocation *a = NULL;
    double t4 = now_ms(CLOCK_MONOTONIC);
    if (cr_park_lists_build(ctx, w.ranker, k, s, ap, (size_t)na, top, &l) != CR_OK) goto fail;
    double t5 = now_ms(CLOCK_MONOTONIC);
    if (cr_contest_run(ctx, l, &c) != CR_OK) goto fail;
    double t6 = now_ms(CLOCK_MONOTONIC);
    if (cr_allocate(ctx, l, caps, &a) != CR_OK) goto fail;
    double t7 = now_ms(CLOCK_MONOTONIC);
    int64_t cand = cr_ranker_chain_candidates(w.ranker, k);
    printf("world %.2f s | sites: %d parks x %lld candidates, %d threads: %.3f s (%.2f ms/park, %.1f M evaluations/s), "
           "ranked in %d, checksum %.17g\n",
           (t1 - t0) / 1e3, np, (long long)cand, nt, (t3 - t2) / 1e3, (t3 - t2) / np, (double)cand * np / ((t3 - t2) / 1e3) / 1e6,
           nr, sum);
    printf("sites without places: %.3f s | batch (top 50) of the same parks: %.3f s; sites / batch = %.2f, without places "
           "%.2f\n", (t3b - t3) / 1e3, (tb1 - tb0) / 1e3, (t3 - t2) / (tb1 - tb0), (t3b - t3) / (tb1 - tb0));
    printf("lists: %d parks top %d: %.3f s | contest: %.3f s, homogeneity %.6f, %lld enterprises | allocate cap %d: %.3f s, "
           "%lld pairs, total %.17g (greedy %.6f, bound %.6f), %lld assigned, tie stage %d\n",
           na, top, (t5 - t4) / 1e3, (t6 - t5) / 1e3, c->homogeneity, (long long)c->nrows, cap, (t7 - t6) / 1e3,
           (long long)a->npairs_lp, a->total, a->greedy, a->bound_own, (long long)a->nassigned, a->tie_stage);
    cr_allocation_free(a);
    cr_contest_free(c);
    cr_park_lists_free(l);
    free(parks); free(caps); free(rows); free(ap);
    cr_scheme_free(s);
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    return 0;
fail:
    fprintf(stderr, "bench_alloc: %s\n", cr_ctx_errmsg(ctx));
    return 1;
}
