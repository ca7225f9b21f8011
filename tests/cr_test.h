/* Minimal test harness: named checks that print both sides on failure, and a
 * closing "N passed, N failed" line. Each test program returns non-zero if any
 * check failed. */
#ifndef CR_TEST_H
#define CR_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int cr_test_pass, cr_test_fail;

#define CR_TEST_TRUE(cond) do { if (cond) cr_test_pass++; else { cr_test_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } } while (0)

#define CR_TEST_INT(a, b) do { long long cr__a = (long long)(a), cr__b = (long long)(b); \
    if (cr__a == cr__b) cr_test_pass++; else { cr_test_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s == %s: %lld != %lld\n", __FILE__, __LINE__, #a, #b, cr__a, cr__b); } } while (0)

/* |a-b| <= tol (absolute), and both NaN counts as equal. */
#define CR_TEST_NEAR(a, b, tol) do { double cr__a = (a), cr__b = (b); \
    if ((isnan(cr__a) && isnan(cr__b)) || fabs(cr__a - cr__b) <= (tol)) cr_test_pass++; else { cr_test_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s ~ %s: %.12g != %.12g (tol %g)\n", __FILE__, __LINE__, #a, #b, cr__a, cr__b, (double)(tol)); } } while (0)

#define CR_TEST_STR(a, b) do { const char *cr__a = (a), *cr__b = (b); \
    if (cr__a && cr__b && !strcmp(cr__a, cr__b)) cr_test_pass++; else { cr_test_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s == %s: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, #b, \
            cr__a ? cr__a : "(null)", cr__b ? cr__b : "(null)"); } } while (0)

#define CR_TEST_OK(expr) do { cr_error_t cr__rc = (expr); \
    if (cr__rc == CR_OK) cr_test_pass++; else { cr_test_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s returned %d\n", __FILE__, __LINE__, #expr, (int)cr__rc); } } while (0)

static inline int cr_test_done(void)
{
    printf("%d passed, %d failed\n", cr_test_pass, cr_test_fail);
    return cr_test_fail ? 1 : 0;
}

#endif
