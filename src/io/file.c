/* Whole-file reads and atomic output files (cr_core.h): the one copy the
 * library and the CLI share. */
#include "core/core_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

cr_error_t cr_read_stream(cr_ctx *ctx, FILE *fp, const char *path, const char *what, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    size_t cap = 0;
    cr_error_t rc = CR_OK;
    int err = 0;
    for (;;) {
        /* cr__grow at least doubles, so the copies cost O(file size) in all */
        if ((rc = cr__grow(ctx, (void **)buf, &cap, *len + 4097, 1)) != CR_OK) break;
        errno = 0;
        size_t got = fread(*buf + *len, 1, cap - *len - 1, fp);
        if (got == 0 && ferror(fp)) err = errno;
        *len += got;
        if (got == 0) break;
    }
    /* the reason, e.g. "Is a directory" for a folder given as a file (issue 18) */
    if (rc == CR_OK && ferror(fp))
        rc = cr_ctx_fail(ctx, CR_EIO, "%s: cannot read %s: %s", path, what,
                         err == EISDIR ? "it is a directory" : err ? strerror(err) : "read error");
    if (rc != CR_OK) {
        free(*buf);
        *buf = NULL;
        *len = 0;
        return rc;
    }
    (*buf)[*len] = 0;
    return CR_OK;
}

cr_error_t cr_read_file(cr_ctx *ctx, const char *path, const char *what, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    struct stat st;
    if (stat(path, &st) != 0) return cr_ctx_fail(ctx, CR_EIO, "%s: cannot open %s: %s", path, what, strerror(errno));
    if (S_ISDIR(st.st_mode)) return cr_ctx_fail(ctx, CR_EIO, "%s: %s is a directory, not a file", path, what);
    if (!S_ISREG(st.st_mode))
        return cr_ctx_fail(ctx, CR_EIO, "%s: %s is not a regular file (a FIFO, device or socket)", path, what);
    FILE *fp = fopen(path, "rb");
    if (!fp) return cr_ctx_fail(ctx, CR_EIO, "%s: cannot open %s: %s", path, what, strerror(errno));
    cr_error_t rc = cr_read_stream(ctx, fp, path, what, buf, len);
    fclose(fp);
    return rc;
}

cr_error_t cr_outfile_init(cr_ctx *ctx, cr_outfile *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->path = cr__strdup(ctx, path);
    if (!f->path) return CR_ENOMEM;
    /* A device, FIFO or socket (/dev/null, /dev/full, /dev/stdout) is written
     * in place: renaming a regular file over it would replace the node (as
     * root, destroy the device) and lose what the user asked for. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        f->direct = 1;
        f->fp = fopen(path, "wb");
        if (!f->fp) {
            cr_error_t rc = cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", path, strerror(errno));
            cr_outfile_destroy(f);
            return rc;
        }
        return CR_OK;
    }
    size_t n = strlen(path) + 32;
    f->tmp = cr__malloc(ctx, n, 1);
    if (!f->tmp) {
        cr_outfile_destroy(f);
        return CR_ENOMEM;
    }
    /* the pid keeps two writers of one path (two runs) off each other's temporary */
    snprintf(f->tmp, n, "%s.tmp.%ld", path, (long)getpid());
    f->fp = fopen(f->tmp, "wb");
    if (!f->fp) {
        /* the user's path, not PATH.tmp.PID: the error is the same for both
         * (the folder), and only the first is a name the user knows */
        cr_error_t rc = cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", path, strerror(errno));
        cr_outfile_destroy(f);
        return rc;
    }
    return CR_OK;
}

cr_error_t cr_outfile_close(cr_ctx *ctx, cr_outfile *f)
{
    if (!f->fp) return CR_OK;
    /* fflush first so that errno is the flush's (ENOSPC on /dev/full) */
    int err = 0;
    if (fflush(f->fp) != 0) err = errno;
    int bad = err || ferror(f->fp);
    if (fclose(f->fp) != 0) {
        bad = 1;
        if (!err) err = errno;
    }
    f->fp = NULL;
    if (bad)
        return cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", f->path, err ? strerror(err) : "write error");
    return CR_OK;
}

cr_error_t cr_outfile_publish(cr_ctx *ctx, cr_outfile *f)
{
    CR_CHECK(cr_outfile_close(ctx, f));
    if (f->direct) {
        f->published = 1;
        return CR_OK;
    }
    if (rename(f->tmp, f->path) != 0)
        return cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s (moving the complete temporary file into place)", f->path,
                           strerror(errno));
    f->published = 1;
    return CR_OK;
}

void cr_outfile_destroy(cr_outfile *f)
{
    if (f->fp) fclose(f->fp);
    if (f->tmp && !f->published) remove(f->tmp);
    free(f->tmp);
    free(f->path);
    memset(f, 0, sizeof *f);
}
