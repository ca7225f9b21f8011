/* JSON parse and failure messages (src/io/json.h). */
#include "io/json.h"
#include "core/core_internal.h"

#include <cjson/cJSON.h>

#include <stdarg.h>
#include <stdio.h>

cr__json_status cr__json_parse_text(const char *text, size_t len, int whole, cJSON **root, long *line, long *col)
{
    *line = *col = 1;
    const char *end = NULL;
    *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!*root) {
        /* cJSON sets end to the error position (the same as cJSON_GetErrorPtr) */
        cr__text_position(text, end && end >= text ? (size_t)(end - text) : 0, line, col);
        return CR__JSON_SYNTAX;
    }
    if (!whole) return CR__JSON_OK;
    for (size_t off = (size_t)(end - text); off < len; off++) {
        char c = text[off];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        cJSON_Delete(*root);
        *root = NULL;
        cr__text_position(text, off, line, col);
        return CR__JSON_TRAILING;
    }
    return CR__JSON_OK;
}

cr_error_t cr__json_parse_doc(const cr__json_doc *d, cJSON **root)
{
    long line, col;
    if (cr__json_parse_text(d->text, d->len, 0, root, &line, &col) == CR__JSON_OK) return CR_OK;
    return cr_ctx_fail(d->ctx, CR_EINVAL, "%s:%ld:%ld: json: malformed JSON", d->src, line, col);
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
