/* Number formatting for the generator's hot loop. snprintf("%.5f") costs
 * about 10x more than this and dominated the first profile; these write
 * digits directly. Rounding is half-up on |v| * 10^d computed in double,
 * which is exact enough for the magnitudes written (< 2^53 / 10^d). */
#include "gen/gen_internal.h"

#include <math.h>
#include <string.h>

static const double pow10_tab[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

char *cr__gen_fmt_u64(char *p, uint64_t v)
{
    char tmp[20];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

char *cr__gen_fmt_fix(char *p, double v, int decimals)
{
    if (!isfinite(v) || decimals < 0 || decimals > 9) {
        *p++ = '0';
        return p;
    }
    double scale = pow10_tab[decimals];
    double a = fabs(v) * scale + 0.5;
    if (a >= 9.0e15) {               /* beyond exact integers: fall back to integer part only */
        a = floor(fabs(v) + 0.5);
        decimals = 0;
        scale = 1.0;
    }
    uint64_t x = (uint64_t)a;
    uint64_t s = (uint64_t)scale;
    uint64_t ip = x / s, fp = x % s;
    if (v < 0 && x != 0) *p++ = '-';
    p = cr__gen_fmt_u64(p, ip);
    if (decimals > 0 && fp != 0) {
        int d = decimals;
        while (fp % 10 == 0) {       /* trim trailing zeros */
            fp /= 10;
            d--;
        }
        *p++ = '.';
        char *q = p + d;
        for (int i = 0; i < d; i++) {
            *--q = (char)('0' + fp % 10);
            fp /= 10;
        }
        p += d;
    }
    return p;
}

/* Howard Hinnant's days_from_civil / civil_from_days (public domain). */
int64_t cr__gen_days(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

char *cr__gen_fmt_date(char *p, int64_t z)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    p[0] = (char)('0' + (y / 1000) % 10);
    p[1] = (char)('0' + (y / 100) % 10);
    p[2] = (char)('0' + (y / 10) % 10);
    p[3] = (char)('0' + y % 10);
    p[4] = '-';
    p[5] = (char)('0' + m / 10);
    p[6] = (char)('0' + m % 10);
    p[7] = '-';
    p[8] = (char)('0' + d / 10);
    p[9] = (char)('0' + d % 10);
    return p + 10;
}
