#include "io/utf8.h"

size_t cr__utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c == 0xE0) { n = 2; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) n = 2;
        else if (c == 0xED) { n = 2; hi = 0x9F; }
        else if (c >= 0xEE && c <= 0xEF) n = 2;
        else if (c == 0xF0) { n = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) n = 3;
        else if (c == 0xF4) { n = 3; hi = 0x8F; }
        else return i;
        if (i + n >= len) return i;   /* truncated sequence */
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += n + 1;
    }
    return (size_t)-1;
}

int cr__gbk_plausible(const char *str, size_t len)
{
    if (cr__utf8_invalid_at(str, len) == (size_t)-1) return 0;
    const unsigned char *s = (const unsigned char *)str;
    size_t pairs = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x80) continue;
        if (s[i] == 0x80 || s[i] == 0xFF || i + 1 == len) return 0;
        unsigned t = s[i + 1];
        if (t < 0x40 || t == 0x7F || t == 0xFF) return 0;
        pairs++;
        i++;
    }
    return pairs > 0;
}
