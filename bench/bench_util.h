/* Shared by the bench programs: clocks and the sort of run times. Header-only
 * (static functions) so each bench stays one source file. */
#ifndef CR_BENCH_UTIL_H
#define CR_BENCH_UTIL_H

#include <time.h>

/* Milliseconds on clock clk (CLOCK_MONOTONIC: wall; CLOCK_PROCESS_CPUTIME_ID: CPU). */
static inline double now_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort comparator of doubles, ascending. */
static inline int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
