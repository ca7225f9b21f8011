/* SMAA-2 on an in-memory m x n matrix (default 20,000 x 8, 10,000 samples,
 * uniform simplex weights, WSM with min-max normalisation, mixed
 * benefit/cost criteria; the performance target is < 10 s on 2 cores).
 * usage: bench_smaa [M [N [SAMPLES [THREADS [METHOD [REPEAT [NRANKS]]]]]]]
 *   METHOD wsm|topsis|vikor; NRANKS 0 = default min(m, 10).
 * Prints m, n, samples, threads, method, best and median wall ms, CPU/wall
 * and a checksum of the acceptabilities and central weights, which must be
 * the same for any thread count. */
#include <chainrank/chainrank.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

int main(int argc, char **argv)
{
    size_t m = argc > 1 ? strtoull(argv[1], NULL, 10) : 20000;
    size_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 8;
    size_t samples = argc > 3 ? strtoull(argv[3], NULL, 10) : 10000;
    int threads = argc > 4 ? atoi(argv[4]) : 0;
    const char *meth = argc > 5 ? argv[5] : "wsm";
    int repeat = argc > 6 ? atoi(argv[6]) : 3;
    size_t nranks = argc > 7 ? strtoull(argv[7], NULL, 10) : 0;
    if (m == 0 || n == 0 || samples == 0 || repeat < 1 || repeat > 100) {
        fprintf(stderr, "usage: bench_smaa [M [N [SAMPLES [THREADS [METHOD [REPEAT [NRANKS]]]]]]]\n");
        return 2;
    }
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, threads);
    cr_smaa_params p;
    cr_smaa_params_default(&p);
    p.samples = samples;
    p.seed = 2024;
    p.nranks = nranks;
    const cr_mcda_method *mt = cr_mcda_method_find(meth);
    if (!mt || !mt->smaa) {
        fprintf(stderr, "METHOD: one of %s\n", cr_mcda_method_names());
        return 2;
    }
    p.method = mt->id;
    p.norm = mt->default_norm;
    double *x = malloc(m * n * sizeof *x);
    int *t = malloc(n * sizeof *t);
    double *times = malloc((size_t)repeat * sizeof *times);
    if (!x || !t || !times) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    uint64_t st = 42;
    for (size_t k = 0; k < m * n; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = 1.0 + (double)(st >> 11) / 9007199254740992.0 * 999.0;
    }
    for (size_t j = 0; j < n; j++) t[j] = j % 3 == 2 ? -1 : 1;

    double cpu_total = 0, wall_total = 0, sum = 0;
    size_t nfirst = 0;
    for (int r = 0; r < repeat; r++) {
        cr_smaa_result *res = NULL;
        double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (cr_smaa_run(ctx, m, n, x, t, &p, &res) != CR_OK) {
            fprintf(stderr, "smaa: %s\n", cr_ctx_errmsg(ctx));
            return 1;
        }
        double w1 = now_ms(CLOCK_MONOTONIC), c1 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        times[r] = w1 - w0;
        wall_total += w1 - w0;
        cpu_total += c1 - c0;
        sum = 0;
        nfirst = 0;
        for (size_t k = 0; k < m * res->nranks; k++) sum += res->acceptability[k] * (double)(k % 97 + 1);
        for (size_t i = 0; i < m; i++)
            if (!isnan(res->central_weights[i * n])) {
                nfirst++;
                for (size_t j = 0; j < n; j++) sum += res->central_weights[i * n + j] * (double)(j + 1);
            }
        cr_smaa_result_free(res);
    }
    qsort(times, (size_t)repeat, sizeof *times, cmp_double);
    printf("m=%zu n=%zu samples=%zu threads=%d method=%s best_ms=%.1f median_ms=%.1f cpu/wall=%.2f "
           "first_ranked=%zu checksum=%.17g\n",
           m, n, samples, threads, meth, times[0], times[repeat / 2], cpu_total / wall_total, nfirst, sum);
    free(x);
    free(t);
    free(times);
    cr_ctx_free(ctx);
    return 0;
}
