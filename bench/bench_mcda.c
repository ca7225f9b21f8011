/* TOPSIS on an in-memory m x n matrix (default 1,000,000 x 12, min-max
 * normalisation, mixed benefit/cost criteria, equal weights).
 * usage: bench_mcda [--matrix-csv FILE] [--types T1,T2,...] [--dump FILE]
 *                   [M [N [THREADS [REPEAT [NORM]]]]]
 * Prints m, n, threads, best and median wall ms over REPEAT runs, CPU/wall
 * (threads effectively used) and a checksum of the scores, so a faster run
 * that computes something else is caught. The matrix is filled from a fixed
 * seed (types: every third criterion is a cost), or read from a numeric CSV
 * (--matrix-csv, optional header line; M and N are then taken from the file
 * and the positional M N are ignored; --types gives each column's 1 or -1,
 * default all benefit). --dump writes the m scores as raw native doubles
 * (little-endian on x86-64) for bench/peers/compare.py; reading the CSV and
 * dumping are outside the timed loop. The checksum is the same for any
 * thread count. */
#include <chainrank/chainrank.h>

#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

/* Numeric CSV -> row-major doubles. The first line is a header when its first
 * character cannot start a number. Every row must have the same field count.
 * Cost: one pass of strtod; the file is held in memory while parsing. */
static double *read_matrix_csv(const char *path, size_t *m_out, size_t *n_out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) { perror(path); return NULL; }
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    rewind(fp);
    char *text = malloc((size_t)len + 1);
    if (!text || fread(text, 1, (size_t)len, fp) != (size_t)len) { fclose(fp); free(text); return NULL; }
    fclose(fp);
    text[len] = 0;
    char *p = text;
    if (!strchr("0123456789+-.", *p)) p = strchr(p, '\n') ? strchr(p, '\n') + 1 : text + len;
    size_t n = 1;
    for (const char *q = p; *q && *q != '\n'; q++) n += *q == ',';
    size_t cap = 1024, m = 0;
    double *x = malloc(cap * n * sizeof *x);
    while (x && *p) {
        if (*p == '\n' || *p == '\r') { p++; continue; }
        if (m == cap) {
            cap *= 2;
            double *y = realloc(x, cap * n * sizeof *x);
            if (!y) { free(x); x = NULL; break; }
            x = y;
        }
        for (size_t j = 0; j < n; j++) {
            char *end;
            x[m * n + j] = strtod(p, &end);
            if (end == p || (j + 1 < n ? *end != ',' : (*end && *end != '\n' && *end != '\r'))) {
                fprintf(stderr, "%s: data row %zu, field %zu: not a number or wrong field count\n", path, m + 1, j + 1);
                free(x);
                free(text);
                return NULL;
            }
            p = end + (j + 1 < n);
        }
        m++;
    }
    free(text);
    *m_out = m;
    *n_out = n;
    return x;
}

int main(int argc, char **argv)
{
    const char *csv = NULL, *typestr = NULL, *dump = NULL;
    char *pos[5] = {0};
    int npos = 0;
    for (int a = 1; a < argc; a++) {
        if (a + 1 < argc && !strcmp(argv[a], "--matrix-csv")) csv = argv[++a];
        else if (a + 1 < argc && !strcmp(argv[a], "--types")) typestr = argv[++a];
        else if (a + 1 < argc && !strcmp(argv[a], "--dump")) dump = argv[++a];
        else if (npos < 5 && argv[a][0] != '-') pos[npos++] = argv[a];
        else {
            fprintf(stderr, "usage: bench_mcda [--matrix-csv FILE] [--types T,...] [--dump FILE] [M [N [THREADS [REPEAT [NORM]]]]]\n");
            return 2;
        }
    }
    size_t m = pos[0] ? strtoull(pos[0], NULL, 10) : 1000000;
    size_t n = pos[1] ? strtoull(pos[1], NULL, 10) : 12;
    int threads = pos[2] ? atoi(pos[2]) : 0;
    int repeat = pos[3] ? atoi(pos[3]) : 11;
    const char *normname = pos[4] ? pos[4] : "minmax";
    double *x = NULL;
    if (csv && !(x = read_matrix_csv(csv, &m, &n))) return 1;
    if (m == 0 || n == 0 || repeat < 1 || repeat > 1000) {
        fprintf(stderr, "usage: bench_mcda [--matrix-csv FILE] [--types T,...] [--dump FILE] [M [N [THREADS [REPEAT [NORM]]]]]\n");
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
    if (!csv) x = malloc(m * n * sizeof *x);
    double *w = malloc(n * sizeof *w), *s = malloc(m * sizeof *s);
    int *t = malloc(n * sizeof *t);
    double *times = malloc((size_t)repeat * sizeof *times);
    if (!x || !w || !s || !t || !times) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    uint64_t st = 42;
    for (size_t k = 0; !csv && k < m * n; k++) {
        st = st * 6364136223846793005ULL + 1442695040888963407ULL;
        x[k] = 1.0 + (double)(st >> 11) / 9007199254740992.0 * 999.0;
    }
    const char *tp = typestr;
    for (size_t j = 0; j < n; j++) {
        w[j] = 1.0 / (double)n;
        t[j] = csv ? 1 : (j % 3 == 2 ? -1 : 1);
        if (tp) {
            char *end;
            long v = strtol(tp, &end, 10);
            if (end == tp || (v != 1 && v != -1)) {
                fprintf(stderr, "--types: want %zu values of 1 or -1\n", n);
                return 2;
            }
            t[j] = (int)v;
            tp = *end == ',' ? end + 1 : end;
        }
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
    if (dump) {
        FILE *fp = fopen(dump, "wb");
        if (!fp || fwrite(s, sizeof *s, m, fp) != m || fclose(fp) != 0) {
            perror(dump);
            return 1;
        }
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
