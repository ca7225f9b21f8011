/* Shared by the JSON inputs of src/rank: failure messages with positions,
 * and whole-file reads. */
#include "rank/rank_internal.h"
#include "io/json_locate.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

cr_error_t cr__rank_jfail(const cr__rank_json *p, cr_error_t code, const char *path, const char *fmt, ...)
{
    char buf[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    long line = 0, col = 0;
    if (!cr__json_locate(p->text, p->len, path, &line, &col)) line = col = 0;
    return cr_ctx_fail(p->ctx, code, "%s:%ld:%ld: %s: %s", p->src, line, col, path, buf);
}

cr_error_t cr__rank_read_file(cr_ctx *ctx, const char *path, const char *what, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return cr_ctx_fail(ctx, CR_EIO, "%s: cannot open %s: %s", path, what, strerror(errno));
    size_t cap = 0;
    cr_error_t rc = CR_OK;
    for (;;) {
        if ((rc = cr__grow(ctx, (void **)buf, &cap, *len + 4097, 1)) != CR_OK) break;
        size_t got = fread(*buf + *len, 1, cap - *len - 1, fp);
        *len += got;
        if (got == 0) break;
    }
    if (rc == CR_OK && ferror(fp)) rc = cr_ctx_fail(ctx, CR_EIO, "%s: cannot read %s", path, what);
    fclose(fp);
    if (rc != CR_OK) {
        free(*buf);
        *buf = NULL;
        return rc;
    }
    (*buf)[*len] = 0;
    return CR_OK;
}
