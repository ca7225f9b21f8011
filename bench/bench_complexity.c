/* Benchmark: RCA + presence + proximity + density (cr_cx_compute with
 * compute_indices = 0) on a seeded random 3000 x 153 matrix, the size of the
 * ranking engine's cluster criterion (parks x activities). Prints the best
 * wall time of R runs, CPU time, threads and a checksum, so that a "faster"
 * run computing something else is caught. The matrix generator is the one in
 * docs/complexity.md's numpy comparison (splitmix64, seed 42): 30% zeros,
 * the rest floor(1000 * exp(6u)).
 *
 * usage: bench_complexity [--dump DIR] [NLOC NACT [REPEATS [THREADS [fast]]]]
 * (fast: skip the second run, which adds ECI/PCI/COI/COG). --dump DIR writes
 * the first run's rca, proximity and density as raw native doubles
 * (DIR/rca.bin, DIR/proximity.bin, DIR/density.bin, row-major, NaN kept) for
 * bench/peers/compare.py; dumping is outside the timed loop. */
#include <chainrank/chainrank.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t splitmix(uint64_t seed, uint64_t i)
{
    uint64_t z = seed + i * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double unif(uint64_t seed, uint64_t i) { return (double)(splitmix(seed, i) >> 11) * 0x1p-53; }

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int dump_doubles(const char *dir, const char *name, const double *v, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(v, sizeof *v, n, fp) != n || fclose(fp) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *dump = NULL;
    if (argc > 2 && !strcmp(argv[1], "--dump")) {
        dump = argv[2];
        argc -= 2;
        argv += 2;
    }
    size_t nloc = argc > 2 ? strtoul(argv[1], NULL, 10) : 3000;
    size_t nact = argc > 2 ? strtoul(argv[2], NULL, 10) : 153;
    int reps = argc > 3 ? atoi(argv[3]) : 20;
    int threads = argc > 4 ? atoi(argv[4]) : 0;
    if (!nloc || !nact || reps < 1) { fprintf(stderr, "bad arguments\n"); return 2; }

    double *x = malloc(nloc * nact * sizeof *x);
    if (!x) return 1;
    for (size_t k = 0; k < nloc * nact; k++) {
        double u1 = unif(42, 2 * k + 1), u2 = unif(42, 2 * k + 2);
        x[k] = u1 < 0.3 ? 0.0 : floor(1000.0 * exp(6.0 * u2));
    }
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, threads);
    cr_cx_params p;
    cr_cx_params_default(&p);

    int nruns = argc > 5 && !strcmp(argv[5], "fast") ? 1 : 2;
    for (int full = 0; full < nruns; full++) {
        p.compute_indices = full;
        double best = INFINITY, cpu_best = 0.0;
        cr_cx_result *r = NULL;
        for (int i = 0; i < reps; i++) {
            cr_cx_result_free(r);
            r = NULL;
            double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
            if (cr_cx_compute(ctx, nloc, nact, x, &p, &r) != CR_OK) {
                fprintf(stderr, "cr_cx_compute: %s\n", cr_ctx_errmsg(ctx));
                return 1;
            }
            double t = now(CLOCK_MONOTONIC) - t0, c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (t < best) { best = t; cpu_best = c; }
        }
        double srca = 0.0, sm = 0.0, sphi = 0.0, sden = 0.0, seci = 0.0;
        for (size_t k = 0; k < nloc * nact; k++) {
            if (isfinite(r->rca[k])) srca += r->rca[k];
            sm += r->m[k];
            if (isfinite(r->density[k])) sden += r->density[k];
        }
        for (size_t k = 0; k < nact * nact; k++) sphi += r->proximity[k];
        if (full)
            for (size_t c = 0; c < nloc; c++) seci += fabs(r->eci[c]);
        printf("%s: n=%zux%zu threads=%d best of %d: wall %.3f ms, cpu %.3f ms (cpu/wall %.2f)\n",
               full ? "all incl. ECI/PCI/COI/COG" : "RCA+M+proximity+density", nloc, nact,
               cr_ctx_threads(ctx), reps, 1e3 * best, 1e3 * cpu_best, cpu_best / best);
        printf("  checksum rca=%.17g m=%.0f phi=%.17g density=%.17g%s", srca, sm, sphi, sden, full ? "" : "\n");
        if (full) printf(" sum|eci|=%.17g\n", seci);
        if (dump && !full &&
            (dump_doubles(dump, "rca.bin", r->rca, nloc * nact) || dump_doubles(dump, "proximity.bin", r->proximity, nact * nact) ||
             dump_doubles(dump, "density.bin", r->density, nloc * nact)))
            return 1;
        cr_cx_result_free(r);
    }
    cr_ctx_free(ctx);
    free(x);
    return 0;
}
