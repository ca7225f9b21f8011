/* TOPSIS on an in-memory m x n matrix (default 1,000,000 x 12, min-max
 * normalisation, mixed benefit/cost criteria).
 * usage: bench_mcda [M [N [THREADS [REPEAT [NORM]]]]]
 * Prints m, n, threads, best and median wall ms over REPEAT runs, CPU/wall
 * (threads effectively used) and a checksum of the scores, so a faster run
 * that computes something else is caught. The matrix is filled from a fixed
 * seed; the checksum is the same for any thread count. */
#include <chainrank/chainrank.h>

#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    size_t m = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    size_t n = argc > 2 ? strtoull(argv[2], NULL, 10) : 12;
    int threads = argc > 3 ? atoi(argv[3]) : 0;
    int repeat = argc > 4 ? atoi(argv[4]) : 11;
    const char *normname = argc > 5 ? argv[5] : "minmax";
    if (m == 0 || n == 0 || repeat < 1 || repeat > 1000) {
        fprintf(stderr, "usage: bench_mcda [M [N [THREADS [REPEAT [NORM]]]]]\n");
        return 2;
    }
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, threads);
    cr_mcda_norm norm;
    if (cr_mcda_norm_parse(ctx, normname, &norm) != CR_OK) {
        fprintf(stderr, "%s\n", cr_ctx_errmsg(ctx));
        return 2;
    }
    double *x = malloc(m * n * sizeof *x), *w = malloc(n * sizeof *w), *s = malloc(m * sizeof *s);
    int *t = malloc(n * sizeof *t);
    double *times = malloc((size_t)repeat * sizeof *times);
    if (!x || !w || !s || !t || !times) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    uint64_t st = 42;
    for (size_t k = 0; k < m * n; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = 1.0 + (double)(st >> 11) / 9007199254740992.0 * 999.0;
    }
    for (size_t j = 0; j < n; j++) {
        w[j] = 1.0 / (double)n;
        t[j] = j % 3 == 2 ? -1 : 1;
    }
    double cpu = 0, wall = 0;
    for (int r = 0; r < repeat; r++) {
        double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (cr_mcda_topsis(ctx, m, n, x, t, w, norm, s) != CR_OK) {
            fprintf(stderr, "topsis: %s\n", cr_ctx_errmsg(ctx));
            return 1;
        }
        double w1 = now_ms(CLOCK_MONOTONIC), c1 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        times[r] = w1 - w0;
        wall += w1 - w0;
        cpu += c1 - c0;
    }
    /* Order-fixed checksum: sum of i-weighted scores, serial. */
    double sum = 0, wsum = 0;
    for (size_t i = 0; i < m; i++) {
        sum += s[i];
        wsum += s[i] * (double)(i % 1000 + 1);
    }
    qsort(times, (size_t)repeat, sizeof *times, cmp_double);
    printf("topsis norm=%s m=%zu n=%zu threads=%d best_ms=%.2f median_ms=%.2f cpu/wall=%.2f checksum=%.17g/%.17g\n",
           normname, m, n, threads ? threads : omp_get_max_threads(), times[0], times[repeat / 2], cpu / wall, sum,
           wsum);
    free(x);
    free(w);
    free(s);
    free(t);
    free(times);
    cr_ctx_free(ctx);
    return 0;
}
