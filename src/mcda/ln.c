/* The entropy weights' logarithm (shared.h cr__ln, cr__ln8): glibc's libmvec
 * vector log, the widest variant this CPU runs, chosen per call from the
 * CPU's features (a fixed answer for the process, so every caller — the
 * materialised path one value at a time, the streaming kernel 8 lanes at a
 * time at any of its widths — gets the same bits for the same argument).
 * The variants differ from each other and from libm's scalar log in the last
 * bit for some arguments (~15 % of random ones); glibc documents them within
 * 4 ulp. Each lane's result depends on that lane only (special arguments —
 * 0, negative, subnormal, inf, NaN — are handed to the scalar log lane by lane
 * inside libmvec, slowly: hot callers pass 1 for the values they drop). Cost per value on
 * this machine (ns, tight loop): libm 2.4, SSE2 2.1, AVX2 1.0, AVX-512 0.7. */
#include "mcda/shared.h"

#include <math.h>

#if CR__LN_MVEC
#include <immintrin.h>

__m128d _ZGVbN2v_log(__m128d x);   /* libmvec (glibc >= 2.22): no header declares them without -ffast-math */
/* declared with the ISA their vector arguments need (clang refuses a 256/512-bit argument otherwise) */
__attribute__((target("avx2"))) __m256d _ZGVdN4v_log(__m256d x);
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_log(__m512d x);

__attribute__((target("avx512f"))) static void ln8_e(const double *x, double *y)
{
    _mm512_storeu_pd(y, _ZGVeN8v_log(_mm512_loadu_pd(x)));
}
__attribute__((target("avx2"))) static void ln8_d(const double *x, double *y)
{
    _mm256_storeu_pd(y, _ZGVdN4v_log(_mm256_loadu_pd(x)));
    _mm256_storeu_pd(y + 4, _ZGVdN4v_log(_mm256_loadu_pd(x + 4)));
}
static void ln8_b(const double *x, double *y)
{
    for (int k = 0; k < 8; k += 2) _mm_storeu_pd(y + k, _ZGVbN2v_log(_mm_loadu_pd(x + k)));
}

void cr__ln8(const double *x, double *y)
{
    /* __builtin_cpu_supports reads the features libgcc recorded at start-up:
     * the same branch every call, well predicted */
    if (__builtin_cpu_supports("avx512f")) ln8_e(x, y);
    else if (__builtin_cpu_supports("avx2")) ln8_d(x, y);
    else ln8_b(x, y);
}
#else
void cr__ln8(const double *x, double *y)
{
    for (int k = 0; k < 8; k++) y[k] = log(x[k]);
}
#endif

double cr__ln(double x)
{
    double in[8] = {x, x, x, x, x, x, x, x}, out[8];
    cr__ln8(in, out);
    return out[0];
}
