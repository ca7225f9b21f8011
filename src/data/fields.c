#include "data/fields.h"
#include "core/core_internal.h"
#include "io/number.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int cr__parse_double(const char *s, size_t len, double *out) { return cr__parse_number(s, len, out); }

/* A problem (warn = 0) or a warning on src's file; a failure to record it
 * (out of memory) becomes the load's hard failure. */
static void vnote(cr__src *src, int warn, long line, long col, const char *field, const char *fmt, va_list ap)
    CR_PRINTF(6, 0);
static void vnote(cr__src *src, int warn, long line, long col, const char *field, const char *fmt, va_list ap)
{
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    cr_error_t rc = warn ? cr_ctx_add_warning(src->ctx, src->file, line, col, field, "%s", buf)
                         : cr_ctx_add_diag(src->ctx, src->file, line, col, field, "%s", buf);
    if (rc != CR_OK && src->rc == CR_OK) src->rc = rc;
}

void cr__diagf(cr__src *src, long line, long col, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnote(src, 0, line, col, field, fmt, ap);
    va_end(ap);
}

void cr__warnf(cr__src *src, long line, long col, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vnote(src, 1, line, col, field, fmt, ap);
    va_end(ap);
}

/* Levenshtein distance of a and b (bytes), capped: names are short. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            if (up + 1 < best) best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* The known column closest to an unknown name, or NULL: a known name the
 * unknown one starts with, followed by a unit or note ("revenue(万元)",
 * "land (ha)"; not "revenue_basis", a column of its own), else the nearest
 * by edit distance when it is within a third of the name (at least 2), so
 * "revenu" and "Revenue" find "revenue" and "x" finds nothing. */
/* 1 if name is one of the doc_columns list (cr__manifest.doc: names each ended by '\0', then ""). */
static int doc_column(const char *list, const char *name)
{
    for (const char *d = list; d && *d; d += strlen(d) + 1)
        if (!strcmp(d, name)) return 1;
    return 0;
}

static const char *closest_column(const char *name, const cr__colspec *cols, size_t ncols)
{
    const char *best = NULL;
    size_t bestd = 99, bestlen = 0;
    for (size_t j = 0; j < ncols; j++) {
        size_t n = strlen(cols[j].name);
        unsigned char next = (unsigned char)name[n < strlen(name) ? n : 0];
        int unit = n < strlen(name) && !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                                         (next >= '0' && next <= '9') || next == '_');
        if (n >= 2 && unit && !strncasecmp(name, cols[j].name, n) && n > bestlen) {
            best = cols[j].name;
            bestlen = n;
        }
    }
    if (best) return best;
    size_t ln = strlen(name);
    for (size_t j = 0; j < ncols; j++) {
        char lower[65];
        size_t k = 0;
        for (; name[k] && k < 64; k++) lower[k] = (char)((name[k] >= 'A' && name[k] <= 'Z') ? name[k] + 32 : name[k]);
        lower[k] = 0;
        size_t d = edit_distance(lower, cols[j].name);
        if (d < bestd) { bestd = d; best = cols[j].name; }
    }
    size_t lim = ln / 3 > 2 ? ln / 3 : 2;
    return bestd <= lim ? best : NULL;
}

void cr__csv_finish(cr__src *src, cr__csv *csv, const cr__colspec *cols, size_t ncols)
{
    for (size_t j = 0; j < ncols; j++) {
        if (cols[j].idx < 0) continue;
        unsigned seen = cr__csv_seen(csv, (size_t)cols[j].idx);
        long col = cr__csv_fcol_header(csv, (size_t)cols[j].idx);
        if (seen & CR__CSV_SEEN_FULLWIDTH)
            cr__warnf(src, 1, col, cols[j].name, "the full-width '\xEF\xBC\x9B' (U+FF1B) separates items in some rows; "
                      "read as ';'");
        if (cr__csv_nrows(csv) < 2) continue;   /* one row says nothing about a column */
        if (!(seen & CR__CSV_SEEN_VALUE))
            cr__warnf(src, 1, col, cols[j].name, "empty in every row");
        else if (!(seen & CR__CSV_SEEN_NONZERO))
            cr__warnf(src, 1, col, cols[j].name, "0 in every row");
    }
}

double cr__num_field(cr__src *src, long line, long col, const char *field, const char *s, size_t len,
                     double dflt, int kind, int *bad)
{
    size_t k = 0;
    while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k == len) return dflt;
    double v;
    if (cr__parse_double(s, len, &v) != 0) {
        cr__diagf(src, line, col, field, "'%.*s' is not a number", (int)(len > 40 ? 40 : len), s);
        *bad = 1;
        return dflt;
    }
    if (!isfinite(v)) {
        cr__diagf(src, line, col, field, "'%.*s' is not a finite number", (int)(len > 40 ? 40 : len), s);
        *bad = 1;
        return dflt;
    }
    if ((kind == CR__NUM_NONNEG || kind == CR__NUM_UNIT) && v < 0) {
        cr__diagf(src, line, col, field, "negative value %.*s", (int)(len > 40 ? 40 : len), s);
        *bad = 1;
        return dflt;
    }
    if (kind == CR__NUM_POS && !(v > 0)) {
        cr__diagf(src, line, col, field, "value %.*s must be > 0", (int)(len > 40 ? 40 : len), s);
        *bad = 1;
        return dflt;
    }
    if (kind == CR__NUM_UNIT && v > 1) {
        cr__diagf(src, line, col, field, "value %.*s must be in [0, 1]", (int)(len > 40 ? 40 : len), s);
        *bad = 1;
        return dflt;
    }
    return v;
}

int cr__csv_header(cr__src *src, cr__csv *csv, cr__colspec *cols, size_t ncols, size_t *nheader)
{
    cr__csv_status st;
    for (size_t j = 0; j < ncols; j++) cols[j].idx = -1;
    *nheader = 0;
    cr_error_t rc = cr__csv_next(src->ctx, csv, &st);
    if (rc != CR_OK) { src->rc = rc; return 0; }
    if (st == CR__CSV_EOF) {
        cr__diagf(src, 1, 1, "header", "empty file: expected a header row");
        return 0;
    }
    if (st == CR__CSV_BAD) return 0;
    size_t nf = cr__csv_nfields(csv);
    *nheader = nf;
    rc = cr__csv_take_header_names(src->ctx, csv);
    if (rc != CR_OK) { src->rc = rc; return 0; }
    int ok = 1;
    for (size_t i = 0; i < nf; i++) {
        const char *name = cr__csv_field(csv, i);
        /* a byte-order mark inside the header (the BOM at the file's start
         * is stripped): two files pasted together, or an editor's doing;
         * named as such instead of "missing required column" */
        const char *bom = strstr(name, "\xEF\xBB\xBF");
        char clean[256];
        if (bom) {
            size_t k = 0;
            for (const char *q = name; *q && k + 1 < sizeof clean; q++) {
                if (!strncmp(q, "\xEF\xBB\xBF", 3)) { q += 2; continue; }
                clean[k++] = *q;
            }
            clean[k] = 0;
            cr__diagf(src, 1, cr__csv_fcol(csv, i), clean, "the column name holds a byte-order mark (U+FEFF); "
                      "remove it (two files pasted together?)");
            ok = 0;
            name = clean;
        }
        int known = 0;
        for (size_t j = 0; j < ncols; j++) {
            if (strcmp(name, cols[j].name) != 0) continue;
            known = 1;
            if (cols[j].idx >= 0) {
                cr__diagf(src, 1, cr__csv_fcol(csv, i), name, "duplicate column");
                ok = 0;
            } else {
                cols[j].idx = (int)i;
            }
        }
        if (!known && !bom && doc_column(src->doc_cols, name)) continue;   /* documented on purpose */
        if (!known && !bom) {   /* issue 18 §2: a renamed column used to vanish silently */
            const char *near = closest_column(name, cols, ncols);
            if (near)
                cr__warnf(src, 1, cr__csv_fcol(csv, i), name, "unknown column, ignored; did you mean '%s'?", near);
            else
                cr__warnf(src, 1, cr__csv_fcol(csv, i), name, "unknown column, ignored");
        }
    }
    for (size_t j = 0; j < ncols; j++) {
        if (cols[j].required && cols[j].idx < 0) {
            cr__diagf(src, 1, 1, cols[j].name, "missing required column");
            ok = 0;
        }
    }
    /* a declared documentation column must be in the header: a stale declaration would hide nothing
     * today and a renamed column tomorrow */
    for (const char *d = src->doc_cols; d && *d; d += strlen(d) + 1) {
        size_t i = 0;
        while (i < nf && strcmp(cr__csv_field(csv, i), d)) i++;
        int used = 0;
        for (size_t j = 0; j < ncols; j++) used |= !strcmp(cols[j].name, d);
        if (i == nf) {
            cr__diagf(src, 1, 1, d, "declared in dataset.json doc_columns but not in the header");
            ok = 0;
        } else if (used) {
            cr__diagf(src, 1, cr__csv_fcol(csv, i), d, "declared in dataset.json doc_columns but chainrank reads it");
            ok = 0;
        }
    }
    return ok;
}

int cr__split_list(const char *s, size_t len, cr__item_fn fn, void *arg)
{
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        /* ';' or the full-width '；' (U+FF1B, EF BC 9B) a Chinese keyboard
         * types: the same separator (validate warns about the latter) */
        size_t sep = 1;
        while (j < len && s[j] != ';') {
            if ((unsigned char)s[j] == 0xEF && j + 2 < len && (unsigned char)s[j + 1] == 0xBC &&
                (unsigned char)s[j + 2] == 0x9B) { sep = 3; break; }
            j++;
        }
        size_t a = i, b = j;
        while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
        if (b > a) {
            int r = fn(arg, s + a, b - a);
            if (r) return r;
        }
        i = j + sep;
    }
    return 0;
}

int cr__dict_bit(cr__src *src, cr__strtab *dict, const char *dictname, long line, long col, const char *field,
                 const char *s, size_t len)
{
    int32_t idx = cr__strtab_find(dict, s, len);
    if (idx >= 0) return idx;
    if (cr__strtab_size(dict) >= CR_MAX_DICT) {
        cr__diagf(src, line, col, field, "more than %d distinct %s: '%.*s' cannot be added", CR_MAX_DICT, dictname,
                  (int)len, s);
        return -1;
    }
    cr_error_t rc = cr__strtab_intern(src->ctx, dict, s, len, &idx, NULL);
    if (rc != CR_OK) { src->rc = rc; return -1; }
    return idx;
}

/* Days from civil date (Howard Hinnant's algorithm), proleptic Gregorian. */
int32_t cr__days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int cr__parse_day_or_year(const char *s, size_t len, int32_t *days)
{
    if (len == 4) {
        char buf[11];
        for (int i = 0; i < 4; i++)
            if (s[i] < '0' || s[i] > '9') return -1;
        memcpy(buf, s, 4);
        memcpy(buf + 4, "-01-01", 7);
        return cr__parse_date(buf, 10, days);
    }
    return cr__parse_date(s, len, days);
}

int cr__parse_date(const char *s, size_t len, int32_t *days)
{
    if (len != 10 || s[4] != '-' || s[7] != '-') return -1;
    int v[3] = {0, 0, 0}, k = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { k++; continue; }
        if (s[i] < '0' || s[i] > '9') return -1;
        v[k] = v[k] * 10 + (s[i] - '0');
    }
    int y = v[0], m = v[1], d = v[2];
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return -1;
    *days = cr__days_from_civil(y, m, d);
    return 0;
}

/* Howard Hinnant's civil_from_days, the year part. */
int cr__year_of_days(int32_t days)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp + (mp < 10 ? 3 : -9);
    return (int)(yoe + era * 400 + (m <= 2));
}
