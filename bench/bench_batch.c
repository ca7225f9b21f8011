/* The ranking engine's phases timed apart: dataset load, model (igraph,
 * serial), ranker, then cr_rank_batch on parks 0..NPARKS-1 of one chain
 * under one scheme with no output (the job phase: partner set-up, the two
 * candidate passes, heaps). The whole-process `chainrank batch` figure mixes
 * these with file writing; this one says where the time goes.
 * usage: bench_batch DATASET SCHEME[,SCHEME...] [CHAIN [NPARKS [THREADS [TOP [REPS [matrix]]]]]]
 *   defaults: chain nev, 128 parks, 2 threads, top 50, 1 repetition.
 *   CHAIN "all": every chain of each park, park-major as a plan with
 *   "chains": "all" lists them (issue 19's national batch); evaluations then
 *   count every (park, chain) job's candidates.
 * With several schemes (issue 19), each scheme's batch and then one batch of
 * every (park, scheme) job (what compare's ranking does) are timed in turn,
 * REPS rounds, best of each printed: side by side in one process, so the
 * ratios hold on a shared machine. "matrix" asks for the decision matrix,
 * which sends every job to the materialised path (score.c).
 * Prints the phase times, ms per park, candidate-park evaluations per second
 * of the job phase, and a checksum of every list's top score (the same for
 * any thread count). */
#include <chainrank/chainrank.h>
#include "rank/stream.h"   /* cr__stream_stats: pass 2's skipped share */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int on_result(void *user, size_t job, const cr_rank_result *res)
{
    (void)job;
    double *sum = user;
    if (res->nrows > 0) *sum += res->score[0];
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_batch DATASET SCHEME [CHAIN [NPARKS [THREADS [TOP]]]]\n");
        return 2;
    }
    const char *chain = argc > 3 ? argv[3] : "nev";
    int np = argc > 4 ? atoi(argv[4]) : 128, nt = argc > 5 ? atoi(argv[5]) : 2, top = argc > 6 ? atoi(argv[6]) : 50;
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, nt);
    cr_dataset *ds = NULL;
    cr_model *m = NULL;
    cr_ranker *rk = NULL;
    cr_scheme *s = NULL;
    double t0 = now_s();
    if (cr_dataset_load(ctx, argv[1], NULL, &ds) != CR_OK) goto fail;
    double t1 = now_s();
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    if (cr_model_build(ctx, ds, &mp, &m) != CR_OK) goto fail;
    double t2 = now_s();
    if (cr_ranker_new(ctx, m, &rk) != CR_OK) goto fail;
    double t3 = now_s();
    enum { MAXS = 16 };
    cr_scheme *sv[MAXS];
    int ns = 0;
    {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", argv[2]);
        for (char *tok = strtok(buf, ","); tok && ns < MAXS; tok = strtok(NULL, ","))
            if (cr_scheme_load(ctx, tok, &sv[ns++]) != CR_OK) goto fail;
    }
    s = sv[0];
    int reps = argc > 7 ? atoi(argv[7]) : 1;
    if (reps < 1) reps = 1;
    const int all = !strcmp(chain, "all");
    int32_t k = all ? 0 : cr_dataset_find_chain(ds, chain);
    if (k < 0) {
        fprintf(stderr, "bench_batch: no chain '%s'\n", chain);
        return 1;
    }
    cr_dataset_info info;
    cr_dataset_get_info(ds, &info);
    if (np > info.n_parks) np = (int)info.n_parks;
    const int32_t nch = all ? (int32_t)info.n_chains : 1;
    cr_rank_job *jobs = malloc((size_t)np * (size_t)nch * (size_t)ns * sizeof *jobs);
    if (!jobs) return 1;
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = top;
    o.want_matrix = argc > 8 && !strcmp(argv[8], "matrix");
    double best[MAXS + 1], bcpu[MAXS + 1], sums[MAXS + 1];
    for (int q = 0; q <= ns; q++) best[q] = bcpu[q] = 1e300;
    double ev = 0;
    for (int i = 0; i < np; i++)
        for (int32_t c = 0; c < nch; c++) ev += (double)cr_ranker_chain_candidates(rk, all ? c : k);
    for (int rep = 0; rep < reps; rep++)
        for (int q = 0; q <= (ns > 1 ? ns : 0); q++) {   /* q < ns: scheme q alone; q = ns: all schemes */
            size_t nj = 0;
            for (int i = 0; i < np; i++)
                for (int32_t c = 0; c < nch; c++)
                    for (int l = 0; l < ns; l++)
                        if (q == ns || l == q) jobs[nj++] = (cr_rank_job){i, all ? c : k, l};
            double sum = 0, ta = now_s(), ca = cpu_s();
            if (cr_rank_batch(ctx, rk, (const cr_scheme *const *)sv, jobs, nj, &o, on_result, &sum) != CR_OK) goto fail;
            double tb = now_s() - ta, cb = cpu_s() - ca;
            if (tb < best[q]) best[q] = tb;
            if (cb < bcpu[q]) bcpu[q] = cb;
            sums[q] = sum;
        }
    const size_t njob = (size_t)np * (size_t)nch;
    double t4 = 0, t5 = best[0], sum = sums[0];
    printf("load %.2f s  model %.2f s  ranker %.2f s  | %d parks x %d chains, %d threads: jobs %.3f s  %.2f ms/job"
           "  %.1f M evaluations/s  (CPU %.3f s: %.1f M evaluations per CPU second)  checksum %.17g\n",
           t1 - t0, t2 - t1, t3 - t2, np, (int)nch, nt, t5 - t4, (t5 - t4) * 1e3 / (double)njob, ev / (t5 - t4) / 1e6,
           bcpu[0], ev / bcpu[0] / 1e6, sum);
    for (int q = 1; q <= (ns > 1 ? ns : 0); q++)
        printf("%-8s %.3f s  %.2f ms/job  %.2fx the first  checksum %.17g\n", q < ns ? cr_scheme_name(sv[q]) : "all",
               best[q], best[q] * 1e3 / (double)njob, best[q] / best[0], sums[q]);
    if (ns > 1) printf("(first: %s; best of %d)\n", cr_scheme_name(sv[0]), reps);
    for (int q = 1; q < ns; q++) cr_scheme_free(sv[q]);
    uint64_t st[3];
    cr__stream_stats(st);
    if (st[0])
        printf("pass 2 (all rounds): %llu rows (a row = one candidate for the up to 8 parks of a group), %.2f %% skipped by the bounds"
               " (row_may_hit with the seed thresholds), %.2f %% fully evaluated, %.3f %% scored\n",
               (unsigned long long)st[0], 100.0 * (double)(st[0] - st[1]) / (double)st[0],
               100.0 * (double)st[1] / (double)st[0], 100.0 * (double)st[2] / (double)st[0]);
    free(jobs);
    cr_scheme_free(s);
    cr_ranker_free(rk);
    cr_model_free(m);
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
    return 0;
fail:
    fprintf(stderr, "bench_batch: %s\n", cr_ctx_errmsg(ctx));
    return 1;
}
