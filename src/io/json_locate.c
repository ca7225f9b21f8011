#include "io/json_locate.h"

#include <stdio.h>
#include <string.h>

enum { MAXDEPTH = 64, PATHMAX = 512 };

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

typedef struct {
    int is_array;
    long index;          /* array: index of the current element */
    char key[128];       /* object: key of the current member */
} frame;

static size_t build_path(const frame *st, int depth, char *out)
{
    size_t n = 0;
    out[0] = '\0';
    for (int d = 0; d < depth; d++) {
        int w;
        if (st[d].is_array) w = snprintf(out + n, PATHMAX - n, "[%ld]", st[d].index);
        else w = snprintf(out + n, PATHMAX - n, n ? ".%s" : "%s", st[d].key);
        if (w < 0 || (size_t)w >= PATHMAX - n) return n;
        n += (size_t)w;
    }
    return n;
}

/* Skips a JSON string starting at text[i] == '"'; copies up to cap-1 raw bytes into buf. */
static size_t skip_string(const char *t, size_t len, size_t i, char *buf, size_t cap)
{
    size_t n = 0;
    for (i++; i < len && t[i] != '"'; i++) {
        if (t[i] == '\\' && i + 1 < len) {
            if (buf && n + 1 < cap) buf[n++] = t[i + 1];
            i++;
            continue;
        }
        if (buf && n + 1 < cap) buf[n++] = t[i];
    }
    if (buf) buf[n] = '\0';
    return i < len ? i + 1 : len;
}

int cr__json_locate(const char *t, size_t len, const char *path, long *line, long *col)
{
    frame st[MAXDEPTH];
    int depth = 0;
    int expect_value = 1;     /* at a position where a value may start */
    char cur[PATHMAX];
    size_t i = 0;
    while (i < len) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') { i++; continue; }
        if (expect_value && ch != ']' && ch != '}') {
            build_path(st, depth, cur);
            if (!strcmp(cur, path)) {
                cr__text_position(t, i, line, col);
                return 1;
            }
            expect_value = 0;
        }
        switch (ch) {
        case '{':
        case '[':
            if (depth == MAXDEPTH) return 0;
            st[depth].is_array = ch == '[';
            st[depth].index = 0;
            st[depth].key[0] = '\0';
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
                /* an object key: record it */
                i = skip_string(t, len, i, st[depth - 1].key, sizeof st[depth - 1].key);
            } else {
                i = skip_string(t, len, i, NULL, 0);
            }
            break;
        default:
            i++;
        }
    }
    return 0;
}
