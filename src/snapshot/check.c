/* The range checks of a mapped snapshot's arrays (visit.h): linear passes,
 * each block of 4096 elements reduced to one "any bad" flag by a loop
 * without branches (the compiler vectorises it), the offending index found
 * only in a block that failed. At 1 M enterprises they read about 0.5 GB of
 * the mapping, pages the hash pass has just brought in. */
#include "snapshot/visit.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

enum { BLK = 4096 };

int cr__snap_fail(cr__snap_why *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->why, w->cap, fmt, ap);
    va_end(ap);
    return 1;
}

static int range_fail(cr__snap_why *w, const char *name, size_t i, int64_t v, int64_t lo, int64_t hi)
{
    return cr__snap_fail(w, "%s[%zu] = %" PRId64 ", outside [%" PRId64 ", %" PRId64 ")", name, i, v, lo, hi);
}

/* one definition per element type: bad = OR of (a[i] < lo) | (a[i] >= hi) */
#define RANGE_CHECK(T)                                                                                      \
    if (!a) return 0;                                                                                       \
    for (size_t b0 = 0; b0 < n; b0 += BLK) {                                                                \
        const size_t b1 = n - b0 < BLK ? n : b0 + BLK;                                                      \
        int bad = 0;                                                                                        \
        for (size_t i = b0; i < b1; i++) bad |= ((int64_t)a[i] < lo) | ((int64_t)a[i] >= hi);               \
        if (bad)                                                                                            \
            for (size_t i = b0; i < b1; i++)                                                                \
                if ((int64_t)a[i] < lo || (int64_t)a[i] >= hi) return range_fail(w, name, i, (int64_t)a[i], lo, hi); \
    }                                                                                                       \
    return 0

int cr__snap_i8(cr__snap_why *w, const char *name, const int8_t *a, size_t n, int64_t lo, int64_t hi) { RANGE_CHECK(int8_t); }
/* The int32 arrays (most indices) as one unsigned 32-bit compare per element,
 * a - lo >= hi - lo: 4 or 8 lanes a vector instruction even at SSE2, where
 * the generic loop's 64-bit compares stay scalar (no pcmpgtq before SSE4.2). */
int cr__snap_i32(cr__snap_why *w, const char *name, const int32_t *a, size_t n, int64_t lo, int64_t hi)
{
    if (!a) return 0;
    if (lo < INT32_MIN || hi <= lo || hi - lo > (int64_t)UINT32_MAX) { RANGE_CHECK(int32_t); }
    const uint32_t ulo = (uint32_t)lo, span = (uint32_t)(hi - lo);
    for (size_t b0 = 0; b0 < n; b0 += BLK) {
        const size_t b1 = n - b0 < BLK ? n : b0 + BLK;
        uint32_t bad = 0;
        for (size_t i = b0; i < b1; i++) bad |= (uint32_t)a[i] - ulo >= span;
        if (bad)
            for (size_t i = b0; i < b1; i++)
                if (a[i] < lo || a[i] >= hi) return range_fail(w, name, i, a[i], lo, hi);
    }
    return 0;
}
int cr__snap_i64(cr__snap_why *w, const char *name, const int64_t *a, size_t n, int64_t lo, int64_t hi) { RANGE_CHECK(int64_t); }

int cr__snap_off(cr__snap_why *w, const char *name, const int64_t *off, size_t n, int64_t end)
{
    if (!off) return 0;
    if (off[0] != 0) return cr__snap_fail(w, "%s[0] = %" PRId64 ", not 0", name, off[0]);
    if (off[n] != end) return cr__snap_fail(w, "%s[%zu] = %" PRId64 ", not the count %" PRId64, name, n, off[n], end);
    for (size_t b0 = 0; b0 < n; b0 += BLK) {
        const size_t b1 = n - b0 < BLK ? n : b0 + BLK;
        int bad = 0;
        for (size_t i = b0; i < b1; i++) bad |= off[i + 1] < off[i];
        if (bad)
            for (size_t i = b0; i < b1; i++)
                if (off[i + 1] < off[i])
                    return cr__snap_fail(w, "%s[%zu] = %" PRId64 ", less than %s[%zu] = %" PRId64 " (offsets must not decrease)",
                                         name, i + 1, off[i + 1], name, i, off[i]);
    }
    return 0;
}

int cr__snap_mask(cr__snap_why *w, const char *name, const uint64_t *a, size_t n, int nbits)
{
    if (!a || nbits >= 64) return 0;
    const uint64_t over = ~(uint64_t)0 << nbits;
    for (size_t b0 = 0; b0 < n; b0 += BLK) {
        const size_t b1 = n - b0 < BLK ? n : b0 + BLK;
        uint64_t bad = 0;
        for (size_t i = b0; i < b1; i++) bad |= a[i] & over;
        if (bad)
            for (size_t i = b0; i < b1; i++)
                if (a[i] & over)
                    return cr__snap_fail(w, "%s[%zu] = 0x%" PRIx64 ", a bit past the %d of its dictionary", name, i, a[i], nbits);
    }
    return 0;
}

int cr__snap_real(cr__snap_why *w, const char *name, const double *a, size_t n, double lo, double hi, int nan_ok)
{
    if (!a) return 0;
    for (size_t b0 = 0; b0 < n; b0 += BLK) {
        const size_t b1 = n - b0 < BLK ? n : b0 + BLK;
        int bad = 0;
        /* !(x >= lo) is true for NaN too */
        for (size_t i = b0; i < b1; i++) bad |= (!(a[i] >= lo) | !(a[i] <= hi)) & !(nan_ok & (a[i] != a[i]));
        if (bad)
            for (size_t i = b0; i < b1; i++)
                if ((!(a[i] >= lo) || !(a[i] <= hi)) && !(nan_ok && isnan(a[i])))
                    return cr__snap_fail(w, "%s[%zu] = %g, outside [%g, %g]", name, i, a[i], lo, hi);
    }
    return 0;
}
