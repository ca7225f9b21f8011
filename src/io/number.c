/* The number grammar (src/io/number.h). */
#include "io/number.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const double pow10tab[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod on a checked, NUL-terminated copy: the grammar is already verified,
 * so strtod's extras (hex, inf, nan, locale) can never be reached. A copy of
 * any length: a 135-digit decimal is a number (issue 18 §1.10). */
static int slow_parse(const char *s, size_t len, double *out)
{
    char small[64];
    char *buf = len < sizeof small ? small : malloc(len + 1);
    if (!buf) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);   /* ERANGE on underflow still returns the subnormal or 0 */
    int ok = end == buf + len;
    if (buf != small) free(buf);
    if (!ok) return -1;
    *out = v;
    return 0;
}

int cr__parse_number(const char *s, size_t len, double *out)
{
    while (len && (*s == ' ' || *s == '\t')) { s++; len--; }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (!len) return -1;
    size_t i = 0;
    int neg = 0;
    if (s[i] == '-' || s[i] == '+') { neg = s[i] == '-'; i++; }
    uint64_t mant = 0;
    int ndig = 0, frac = 0, seen_dot = 0, any = 0, slow = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any = 1;
            if (mant == 0 && c == '0') { if (seen_dot) frac++; continue; }   /* leading zeros */
            if (ndig >= 19) { slow = 1; continue; }
            mant = mant * 10 + (uint64_t)(c - '0');
            ndig++;
            if (seen_dot) frac++;
        } else if (c == '.' && !seen_dot) {
            seen_dot = 1;
        } else {
            break;
        }
    }
    if (!any) return -1;   /* "", ".", "-", "inf", "nan", "x": no digit before the end of the mantissa */
    int exp10 = 0;
    if (i < len) {
        if (s[i] != 'e' && s[i] != 'E') return -1;   /* "0x10", "1,5", "12abc" */
        i++;
        int eneg = 0, edig = 0, e = 0;
        if (i < len && (s[i] == '-' || s[i] == '+')) { eneg = s[i] == '-'; i++; }
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (e < 100000) e = e * 10 + (s[i] - '0');
            edig++;
        }
        if (!edig || i != len) return -1;
        exp10 = eneg ? -e : e;
    }
    int e = exp10 - frac;
    if (!slow && ndig <= 15 && e >= -22 && e <= 22) {
        double v = (double)mant;      /* exact: < 2^53; one correctly rounded operation (Clinger) */
        v = e < 0 ? v / pow10tab[-e] : v * pow10tab[e];
        *out = neg ? -v : v;
        return 0;
    }
    return slow_parse(s, len, out);
}
