#include "io/json_locate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAXDEPTH = 64, KEYMAX = 127 };

unsigned long long cr__json_scan_steps;

void cr__text_position(const char *text, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') { l++; c = 1; }
        else if ((b & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c;
}

#define FNV0 14695981039346656037ULL
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

typedef struct {
    int is_array;
    long index;          /* array: index of the current element */
    uint64_t h;          /* hash of the container's own path */
    int named;           /* the container's path is not "" (not the root) */
    uint64_t member;     /* object: hash of the current member's path */
} frame;

/* Calls visit(arg, path hash, line, col) at the start of every value, in
 * text order, until it returns non-zero (then returns 1). A value's path is
 * as the loaders write it: "key", "a.b", "a[3].b", "" for the root; keys
 * are their first KEYMAX bytes, an escaped character as the character after
 * the backslash (the historical rule). Nesting deeper than MAXDEPTH ends the
 * scan (cJSON refuses 1000; the files here nest 4 deep). */
static int scan(const char *t, size_t len, int (*visit)(void *, uint64_t, long, long), void *arg)
{
    frame st[MAXDEPTH];
    int depth = 0;
    int expect_value = 1;     /* at a position where a value may start */
    size_t pos = 0;           /* line/col describe t[pos]: advanced only forward */
    long line = 1, col = 1;
    size_t i = 0;
    int found = 0;
    while (i < len && !found) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') { i++; continue; }
        uint64_t vh = FNV0;   /* this value's path hash */
        if (expect_value && ch != ']' && ch != '}') {
            if (depth == 0) vh = FNV0;
            else if (st[depth - 1].is_array) {
                char b[24];
                size_t n = 0;
                long k = st[depth - 1].index;
                char d[24];
                size_t nd = 0;
                do { d[nd++] = (char)('0' + k % 10); k /= 10; } while (k);
                b[n++] = '[';
                while (nd) b[n++] = d[--nd];
                b[n++] = ']';
                vh = fnv(st[depth - 1].h, b, n);
            } else vh = st[depth - 1].member;
            for (; pos < i; pos++) {
                unsigned char b = (unsigned char)t[pos];
                if (b == '\n') { line++; col = 1; }
                else if ((b & 0xC0) != 0x80) col++;
            }
            if (visit(arg, vh, line, col)) { found = 1; break; }
            expect_value = 0;
        }
        switch (ch) {
        case '{':
        case '[':
            if (depth == MAXDEPTH) goto out;
            st[depth].is_array = ch == '[';
            st[depth].index = 0;
            st[depth].h = vh;
            st[depth].named = depth > 0;
            st[depth].member = FNV0;
            depth++;
            expect_value = ch == '[';
            i++;
            break;
        case '}':
        case ']':
            if (depth > 0) depth--;
            i++;
            break;
        case ',':
            if (depth > 0 && st[depth - 1].is_array) { st[depth - 1].index++; expect_value = 1; }
            i++;
            break;
        case ':':
            expect_value = 1;
            i++;
            break;
        case '"':
            if (depth > 0 && !st[depth - 1].is_array && !expect_value) {
                /* an object key: the member's path hash */
                frame *f = &st[depth - 1];
                uint64_t h = f->named ? fnv(f->h, ".", 1) : f->h;
                size_t nk = 0;
                for (i++; i < len && t[i] != '"'; i++) {
                    if (t[i] == '\\' && i + 1 < len) i++;
                    if (nk < KEYMAX) { h = fnv(h, t + i, 1); nk++; }
                }
                f->member = h;
                i = i < len ? i + 1 : len;
            } else {
                for (i++; i < len && t[i] != '"'; i++)
                    if (t[i] == '\\') i++;
                i = i < len ? i + 1 : len;
            }
            break;
        default:
            i++;
        }
    }
out:
    cr__json_scan_steps += i;
    return found;
}

typedef struct {
    uint64_t want;
    long line, col;
} find_arg;

static int visit_find(void *arg, uint64_t h, long line, long col)
{
    find_arg *a = arg;
    if (h != a->want) return 0;
    a->line = line;
    a->col = col;
    return 1;
}

int cr__json_locate(const char *t, size_t len, const char *path, long *line, long *col)
{
    find_arg a = {fnv(FNV0, path, strlen(path)), 0, 0};
    if (!scan(t, len, visit_find, &a)) return 0;
    *line = a.line;
    *col = a.col;
    return 1;
}

/* ---- the index: open addressing on the path hash, the first value of a
 * path kept (as cr__json_locate finds the first) ---- */
typedef struct {
    uint64_t h;
    long line, col;       /* line 0: empty slot */
} slot;

struct cr__json_index {
    slot *s;
    size_t cap, n;        /* cap a power of two, n <= cap/2 */
    int oom;
};

static void put(cr__json_index *ix, uint64_t h, long line, long col)
{
    size_t k = (size_t)(h ^ h >> 29) & (ix->cap - 1);
    while (ix->s[k].line) {
        if (ix->s[k].h == h) return;
        k = (k + 1) & (ix->cap - 1);
    }
    ix->s[k].h = h;
    ix->s[k].line = line;
    ix->s[k].col = col;
    ix->n++;
}

static int visit_put(void *arg, uint64_t h, long line, long col)
{
    cr__json_index *ix = arg;
    if (2 * (ix->n + 1) > ix->cap) {
        size_t oc = ix->cap;
        slot *old = ix->s;
        ix->s = calloc(2 * oc, sizeof *ix->s);
        if (!ix->s) { ix->s = old; ix->oom = 1; return 1; }
        ix->cap = 2 * oc;
        ix->n = 0;
        for (size_t k = 0; k < oc; k++)
            if (old[k].line) put(ix, old[k].h, old[k].line, old[k].col);
        free(old);
    }
    put(ix, h, line, col);
    return 0;
}

cr__json_index *cr__json_index_build(const char *text, size_t len)
{
    cr__json_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    ix->cap = 64;
    ix->s = calloc(ix->cap, sizeof *ix->s);
    if (ix->s) scan(text, len, visit_put, ix);
    if (!ix->s || ix->oom) { cr__json_index_free(ix); return NULL; }
    return ix;
}

int cr__json_index_find(const cr__json_index *ix, const char *path, long *line, long *col)
{
    uint64_t h = fnv(FNV0, path, strlen(path));
    size_t k = (size_t)(h ^ h >> 29) & (ix->cap - 1);
    for (; ix->s[k].line; k = (k + 1) & (ix->cap - 1))
        if (ix->s[k].h == h) {
            *line = ix->s[k].line;
            *col = ix->s[k].col;
            return 1;
        }
    return 0;
}

void cr__json_index_free(cr__json_index *ix)
{
    if (!ix) return;
    free(ix->s);
    free(ix);
}
