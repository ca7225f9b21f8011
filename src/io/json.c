/* JSON parse and failure messages (src/io/json.h). */
#include "io/json.h"
#include "core/core_internal.h"
#include "io/utf8.h"

#include <cjson/cJSON.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- duplicate keys ------------------------------------------------------
 * cJSON keeps every member of an object and cJSON_GetObjectItem returns the
 * first, so {"criteria": ok, "criteria": bad} ran with the first silently
 * (issue 18 §1.11). One pass over the (already parsed, so well-formed) text:
 * each object's keys, decoded, are collected on a stack; when the object
 * closes they are sorted and compared. O(n + K log K) for K keys. */

typedef struct {
    size_t off, len;       /* decoded key in pool */
    size_t order;          /* position among all keys: first/second occurrence */
    long line, col;
    const char *p;         /* pool + off, set just before sorting */
} dkey;

typedef struct {
    dkey *k;
    size_t nk, capk;
    char *pool;
    size_t npool, cappool;
    size_t *base;          /* per open container: index of its first key, or SIZE_MAX for arrays */
    size_t nbase, capbase;
    int oom;
} dscan;

static int dgrow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    while (nc < need) nc *= 2;
    void *np = realloc(*p, nc * size);
    if (!np) return -1;
    *p = np;
    *cap = nc;
    return 0;
}

static int dkey_cmp(const void *a, const void *b)
{
    const dkey *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->p, y->p, n);
    if (c) return c;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static unsigned hexv(char c)
{
    if (c >= '0' && c <= '9') return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f') return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (unsigned)(c - 'A' + 10);
    return 0;
}

static unsigned hex4(const char *t, size_t i, size_t len)
{
    if (i + 4 > len) return 0;
    return hexv(t[i]) << 12 | hexv(t[i + 1]) << 8 | hexv(t[i + 2]) << 4 | hexv(t[i + 3]);
}

/* Decodes the string starting at t[i] == '"' into the pool (as cJSON does,
 * so "a" and "\u0061" are the same key); returns the index after it. */
static size_t decode_key(dscan *d, const char *t, size_t len, size_t i)
{
    for (i++; i < len && t[i] != '"'; i++) {
        char b[4];
        size_t n = 1;
        b[0] = t[i];
        if (t[i] == '\\' && i + 1 < len) {
            char e = t[++i];
            switch (e) {
            case 'b': b[0] = '\b'; break;
            case 'f': b[0] = '\f'; break;
            case 'n': b[0] = '\n'; break;
            case 'r': b[0] = '\r'; break;
            case 't': b[0] = '\t'; break;
            case 'u': {
                unsigned cp = hex4(t, i + 1, len);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < len && t[i + 1] == '\\' && t[i + 2] == 'u') {
                    unsigned lo = hex4(t, i + 3, len);
                    if (lo >= 0xDC00 && lo < 0xE000) { cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00); i += 6; }
                }
                if (cp < 0x80) b[0] = (char)cp;
                else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
                else if (cp < 0x10000) {
                    b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
                    b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
                } else {
                    b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
                    b[2] = (char)(0x80 | (cp >> 6 & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
                }
                break;
            }
            default: b[0] = e;   /* \" \\ \/ */
            }
        }
        if (dgrow((void **)&d->pool, &d->cappool, d->npool + n, 1)) { d->oom = 1; return len; }
        memcpy(d->pool + d->npool, b, n);
        d->npool += n;
    }
    return i < len ? i + 1 : len;
}

/* Returns 1 with the key and both positions of the duplicate whose second
 * occurrence comes first in the text, among the keys of one object. */
static int check_object(dscan *d, size_t from, cr__json_err *e)
{
    size_t n = d->nk - from;
    if (n < 2) return 0;
    dkey *k = d->k + from;
    for (size_t i = 0; i < n; i++) k[i].p = d->pool + k[i].off;
    qsort(k, n, sizeof *k, dkey_cmp);
    const dkey *first = NULL, *second = NULL;
    for (size_t i = 1; i < n; i++) {
        if (k[i].len != k[i - 1].len || memcmp(k[i].p, k[i - 1].p, k[i].len)) continue;
        size_t j = i - 1;                       /* the first occurrence of this key */
        while (j > 0 && k[j - 1].len == k[i].len && !memcmp(k[j - 1].p, k[i].p, k[i].len)) j--;
        if (!second || k[i].order < second->order) { first = &k[j]; second = &k[i]; }
    }
    if (!second) return 0;
    e->line = second->line;
    e->col = second->col;
    int kl = second->len > 60 ? 60 : (int)second->len;
    snprintf(e->why, sizeof e->why, "duplicate key \"%.*s\"%s (first at line %ld, column %ld); a key may appear once "
             "in an object", kl, second->p, second->len > 60 ? "..." : "", first->line, first->col);
    return 1;
}

/* 1 and e filled when an object of text repeats a key; 0 otherwise (also
 * when out of memory: the parse itself succeeded). */
static int find_duplicate_key(const char *t, size_t len, cr__json_err *e)
{
    dscan d;
    memset(&d, 0, sizeof d);
    /* a pool from the start: keys that are all "" add no bytes, and pool + 0
     * on NULL is undefined (found by tests/fuzz/fuzz_model) */
    if (dgrow((void **)&d.pool, &d.cappool, 1, 1)) return 0;
    long line = 1, col = 1;
    size_t pos = 0;            /* line/col are those of t[pos]; advanced incrementally: linear */
    int found = 0, want_key = 0;
    size_t norder = 0;
    for (size_t i = 0; i < len && !found && !d.oom;) {
        char c = t[i];
        if (c == '{' || c == '[') {
            if (dgrow((void **)&d.base, &d.capbase, d.nbase + 1, sizeof *d.base)) { d.oom = 1; break; }
            d.base[d.nbase++] = c == '{' ? d.nk : SIZE_MAX;
            want_key = c == '{';
            i++;
        } else if (c == '}' || c == ']') {
            if (d.nbase) {
                size_t b = d.base[--d.nbase];
                if (b != SIZE_MAX) {
                    /* keys of nested objects are already popped: [b, nk) are this
                     * object's, their bytes the pool's tail from the first one */
                    size_t pool0 = b < d.nk ? d.k[b].off : d.npool;
                    found = check_object(&d, b, e);
                    d.nk = b;
                    d.npool = pool0;
                }
            }
            want_key = 0;
            i++;
        } else if (c == ',') {
            want_key = d.nbase && d.base[d.nbase - 1] != SIZE_MAX;
            i++;
        } else if (c == '"') {
            if (want_key) {
                for (; pos < i; pos++) {   /* position of the key's opening quote */
                    unsigned char b = (unsigned char)t[pos];
                    if (b == '\n') { line++; col = 1; }
                    else if ((b & 0xC0) != 0x80) col++;
                }
                if (dgrow((void **)&d.k, &d.capk, d.nk + 1, sizeof *d.k)) { d.oom = 1; break; }
                dkey *k = &d.k[d.nk++];
                k->off = d.npool;
                k->order = norder++;
                k->line = line;
                k->col = col;
                i = decode_key(&d, t, len, i);
                k->len = d.npool - k->off;
                want_key = 0;
            } else {   /* a string value: skip it */
                for (i++; i < len && t[i] != '"'; i++)
                    if (t[i] == '\\') i++;
                i++;
            }
        } else {
            i++;
        }
    }
    free(d.k);
    free(d.pool);
    free(d.base);
    return found;
}

cr__json_status cr__json_parse_text(const char *text, size_t len, int whole, cJSON **root, cr__json_err *e)
{
    e->line = e->col = 1;
    e->why[0] = '\0';
    *root = NULL;
    /* RFC 8259 §8.1: JSON text is UTF-8. cJSON copies any bytes into its
     * strings, and an invalid one would reach JSON and CSV outputs (§1.7). */
    size_t bad = cr__utf8_invalid_at(text, len);
    if (bad != (size_t)-1) {
        cr__text_position(text, bad, &e->line, &e->col);
        snprintf(e->why, sizeof e->why, "invalid UTF-8 (byte 0x%02X); JSON files must be UTF-8%s",
                 (unsigned char)text[bad], cr__gbk_plausible(text, len) ? CR__GBK_HINT : "");
        return CR__JSON_INVALID;
    }
    const char *end = NULL;
    *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!*root) {
        /* cJSON sets end to the error position (the same as cJSON_GetErrorPtr) */
        cr__text_position(text, end && end >= text ? (size_t)(end - text) : 0, &e->line, &e->col);
        return CR__JSON_SYNTAX;
    }
    size_t vend = (size_t)(end - text);
    if (whole) {
        for (size_t off = vend; off < len; off++) {
            char c = text[off];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
            cJSON_Delete(*root);
            *root = NULL;
            cr__text_position(text, off, &e->line, &e->col);
            return CR__JSON_TRAILING;
        }
    }
    if (find_duplicate_key(text, vend, e)) {
        cJSON_Delete(*root);
        *root = NULL;
        return CR__JSON_INVALID;
    }
    return CR__JSON_OK;
}

cr_error_t cr__json_parse_doc(const cr__json_doc *d, cJSON **root)
{
    cr__json_err e;
    switch (cr__json_parse_text(d->text, d->len, 0, root, &e)) {
    case CR__JSON_OK: return CR_OK;
    case CR__JSON_INVALID: return cr_ctx_fail(d->ctx, CR_EINVAL, "%s:%ld:%ld: json: %s", d->src, e.line, e.col, e.why);
    default: break;
    }
    return cr_ctx_fail(d->ctx, CR_EINVAL, "%s:%ld:%ld: json: malformed JSON", d->src, e.line, e.col);
}

cr_error_t cr__json_fail(const cr__json_doc *d, cr_error_t code, const char *path, const char *fmt, ...)
{
    char buf[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    long line = 0, col = 0;
    if (!cr__json_locate(d->text, d->len, path, &line, &col)) line = col = 0;
    return cr_ctx_fail(d->ctx, code, "%s:%ld:%ld: %s: %s", d->src, line, col, path, buf);
}
