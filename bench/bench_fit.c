/* Binary logit fit (src/fit) on a simulated design: n rows (default
 * 1,000,000), k columns (default 12: an intercept and k-1 standard normal
 * covariates), y drawn from a known model with ~5 % events.
 * usage: bench_fit [N [K [THREADS [REPEAT [RIDGE]]]]]
 * Prints n, k, threads, iterations, halvings, best and median wall ms over
 * REPEAT fits, the mean CPU ms a fit (all threads), CPU/wall (threads effectively used), the largest |beta_j -
 * true beta_j| and a checksum of beta and se (the same bits for any thread
 * count). Data generation is outside the timed loop. */
#include <chainrank/chainrank.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

/* splitmix64 (Vigna): a fixed, portable stream. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static double uniform(uint64_t *s) { return (double)(next_u64(s) >> 11) * 0x1.0p-53; }
static double normal(uint64_t *s)   /* Box-Muller, one of the pair */
{
    double u = uniform(s), v = uniform(s);
    return sqrt(-2 * log(1 - u)) * cos(6.283185307179586 * v);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
    int k = argc > 2 ? atoi(argv[2]) : 12;
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    int repeat = argc > 4 ? atoi(argv[4]) : 3;
    double ridge = argc > 5 ? atof(argv[5]) : 0;
    if (k < 2 || n < (size_t)k || repeat < 1) { fprintf(stderr, "bad arguments\n"); return 2; }

    double *X = malloc(n * (size_t)k * sizeof *X), *y = malloc(n * sizeof *y), *bt = malloc((size_t)k * sizeof *bt);
    if (!X || !y || !bt) { fprintf(stderr, "out of memory\n"); return 1; }
    uint64_t s = 42;
    bt[0] = -3.5;
    for (int j = 1; j < k; j++) bt[j] = (j % 2 ? 0.4 : -0.3) / sqrt((double)j);
    for (size_t i = 0; i < n; i++) {
        double *x = X + i * (size_t)k, eta = bt[0];
        x[0] = 1;
        for (int j = 1; j < k; j++) { x[j] = normal(&s); eta += x[j] * bt[j]; }
        y[i] = uniform(&s) < 1 / (1 + exp(-eta));
    }

    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, threads);
    cr_logit_opts o;
    cr_logit_opts_default(&o);
    o.ridge = ridge;
    double *wall = malloc((size_t)repeat * sizeof *wall), cpu = 0;
    cr_logit_result *r = NULL;
    for (int t = 0; t < repeat; t++) {
        cr_logit_result_free(r);
        r = NULL;
        double w0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (cr_logit_fit(ctx, X, y, NULL, n, k, 0, &o, &r) != CR_OK) {
            fprintf(stderr, "fit failed: %s\n", cr_ctx_errmsg(ctx));
            return 1;
        }
        wall[t] = now_ms(CLOCK_MONOTONIC) - w0;
        cpu += now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    }
    double sum_wall = 0, maxerr = 0, check = 0;
    for (int t = 0; t < repeat; t++) sum_wall += wall[t];
    qsort(wall, (size_t)repeat, sizeof *wall, cmp_double);
    for (int j = 0; j < k; j++) {
        if (fabs(r->beta[j] - bt[j]) > maxerr) maxerr = fabs(r->beta[j] - bt[j]);
        check += r->beta[j] * (j + 1) + r->se[j];
    }
    printf("n=%zu k=%d threads=%d iterations=%d halvings=%d best_ms=%.1f median_ms=%.1f cpu_ms/fit=%.1f "
           "cpu/wall=%.2f ybar=%.4f max|b-b_true|=%.4f checksum=%.17g\n",
           n, k, threads, r->iterations, r->halvings, wall[0], wall[repeat / 2], cpu / repeat, cpu / sum_wall,
           r->ybar, maxerr, check);
    cr_logit_result_free(r);
    cr_ctx_free(ctx);
    free(wall); free(X); free(y); free(bt);
    return 0;
}
