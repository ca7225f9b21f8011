/* The context: last error and the validation diagnostics of one run.
 * Not shared between threads: parallel regions record failures in locals and
 * report them on the context afterwards (lowest index wins). */
#include "core/core_internal.h"

#include <gsl/gsl_errno.h>
#include <igraph.h>
#include <omp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { CR__ERRMSG = 1024, CR__DIAG_DEFAULT = 100 };

/* One list of diagnostics (problems) or warnings. */
typedef struct {
    cr_diag *d;              /* [n]; read-only views of owned[] */
    char **owned;            /* [3*n]: file, field, message of each; freed on clear */
    size_t n, cap, total;
} dlist;

struct cr_ctx {
    cr_error_t code;
    char msg[CR__ERRMSG];
    dlist diag, warn;
    size_t limit;
    int threads;
    cr_progress_fn progress;
    void *progress_user;
    int no_snapshot;          /* cr_ctx_set_snapshot */
    char *snapshot_path;
};

void cr_global_init(void)
{
    gsl_set_error_handler_off();
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

cr_ctx *cr_ctx_alloc(void)
{
    cr_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx) ctx->limit = CR__DIAG_DEFAULT;
    return ctx;
}

static void dlist_clear(dlist *l)
{
    for (size_t i = 0; i < 3 * l->n; i++) free(l->owned[i]);
    l->n = l->total = 0;
}

static void clear_diags(cr_ctx *ctx)
{
    dlist_clear(&ctx->diag);
    dlist_clear(&ctx->warn);
}

void cr_ctx_free(cr_ctx *ctx)
{
    if (!ctx) return;
    clear_diags(ctx);
    free(ctx->diag.d);
    free(ctx->diag.owned);
    free(ctx->warn.d);
    free(ctx->warn.owned);
    free(ctx->snapshot_path);
    free(ctx);
}

const char *cr_ctx_errmsg(const cr_ctx *ctx) { return ctx ? ctx->msg : ""; }
cr_error_t cr_ctx_errcode(const cr_ctx *ctx) { return ctx ? ctx->code : CR_OK; }

void cr_ctx_clear(cr_ctx *ctx)
{
    ctx->code = CR_OK;
    ctx->msg[0] = '\0';
    clear_diags(ctx);
}

/* Copies s into out[cap] with every control byte (C0, DEL) written as \xHH,
 * so a value echoed from input cannot move the cursor, ring the bell, change
 * the terminal's colours or split one diagnostic into two lines (issue 18
 * §1.13). Every message and diagnostic goes through here, the one place they
 * are stored. Never ends inside an escape; bytes >= 0x80 pass (UTF-8). */
static void escape_controls(const char *s, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != 0x7F) {
            if (n + 1 >= cap) break;
            out[n++] = (char)c;
        } else {
            if (n + 4 >= cap) break;
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[c >> 4];
            out[n++] = hex[c & 15];
        }
    }
    out[n] = '\0';
}

static int has_controls(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 1;
    return 0;
}

cr_error_t cr_ctx_fail(cr_ctx *ctx, cr_error_t code, const char *fmt, ...)
{
    if (!ctx) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->msg, sizeof ctx->msg, fmt, ap);
    va_end(ap);
    if (has_controls(ctx->msg)) {
        char raw[CR__ERRMSG];
        memcpy(raw, ctx->msg, sizeof raw);
        escape_controls(raw, ctx->msg, sizeof ctx->msg);
    }
    ctx->code = code;
    return code;
}

void cr_ctx_set_diag_limit(cr_ctx *ctx, size_t limit) { ctx->limit = limit; }
size_t cr_ctx_ndiag(const cr_ctx *ctx) { return ctx->diag.n; }
size_t cr_ctx_ndiag_total(const cr_ctx *ctx) { return ctx->diag.total; }
const cr_diag *cr_ctx_diag(const cr_ctx *ctx, size_t i) { return i < ctx->diag.n ? &ctx->diag.d[i] : NULL; }
size_t cr_ctx_nwarn(const cr_ctx *ctx) { return ctx->warn.n; }
size_t cr_ctx_nwarn_total(const cr_ctx *ctx) { return ctx->warn.total; }
const cr_diag *cr_ctx_warning(const cr_ctx *ctx, size_t i) { return i < ctx->warn.n ? &ctx->warn.d[i] : NULL; }

static char *dup_or_empty(const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s) + 1;
    if (has_controls(s)) {   /* at most 4 bytes for each */
        char *d = malloc(4 * n);
        if (d) escape_controls(s, d, 4 * n);
        return d;
    }
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static cr_error_t dlist_add(cr_ctx *ctx, dlist *l, const char *file, long line, long column, const char *field,
                            const char *fmt, va_list ap) CR_PRINTF(7, 0);
static cr_error_t dlist_add(cr_ctx *ctx, dlist *l, const char *file, long line, long column, const char *field,
                            const char *fmt, va_list ap)
{
    l->total++;
    if (l->n >= ctx->limit) return CR_OK;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        cr_diag *nd = realloc(l->d, nc * sizeof *nd);
        if (!nd) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory recording a diagnostic");
        l->d = nd;
        char **no = realloc(l->owned, 3 * nc * sizeof *no);
        if (!no) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory recording a diagnostic");
        l->owned = no;
        l->cap = nc;
    }
    char buf[CR__ERRMSG];
    vsnprintf(buf, sizeof buf, fmt, ap);
    char **own = &l->owned[3 * l->n];
    own[0] = dup_or_empty(file);
    own[1] = dup_or_empty(field);
    own[2] = dup_or_empty(buf);
    if (!own[0] || !own[1] || !own[2]) {
        free(own[0]); free(own[1]); free(own[2]);
        return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory recording a diagnostic");
    }
    cr_diag *d = &l->d[l->n];
    d->file = own[0];
    d->field = own[1];
    d->message = own[2];
    d->line = line;
    d->column = column;
    l->n++;
    return CR_OK;
}

void cr_ctx_set_progress(cr_ctx *ctx, cr_progress_fn fn, void *user)
{
    ctx->progress = fn;
    ctx->progress_user = user;
}

void cr__ctx_get_progress(const cr_ctx *ctx, cr_progress_fn *fn, void **user)
{
    *fn = ctx->progress;
    *user = ctx->progress_user;
}

void cr__progress(const cr_ctx *ctx, const char *stage, uint64_t done, uint64_t total)
{
    if (ctx && ctx->progress) ctx->progress(ctx->progress_user, stage, done, total);
}

cr_error_t cr_ctx_add_diag(cr_ctx *ctx, const char *file, long line, long column,
                           const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cr_error_t rc = dlist_add(ctx, &ctx->diag, file, line, column, field, fmt, ap);
    va_end(ap);
    return rc;
}

cr_error_t cr_ctx_add_warning(cr_ctx *ctx, const char *file, long line, long column,
                              const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cr_error_t rc = dlist_add(ctx, &ctx->warn, file, line, column, field, fmt, ap);
    va_end(ap);
    return rc;
}

cr_error_t cr_ctx_set_snapshot(cr_ctx *ctx, int use, const char *path)
{
    char *copy = NULL;
    if (path && !(copy = strdup(path))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    free(ctx->snapshot_path);
    ctx->snapshot_path = copy;
    ctx->no_snapshot = !use;
    return CR_OK;
}
int cr_ctx_snapshot_use(const cr_ctx *ctx) { return ctx && !ctx->no_snapshot; }
const char *cr_ctx_snapshot_path(const cr_ctx *ctx) { return ctx ? ctx->snapshot_path : NULL; }

void cr_ctx_set_threads(cr_ctx *ctx, int threads) { ctx->threads = threads > 0 ? threads : 0; }
int cr_ctx_threads(const cr_ctx *ctx) { return ctx->threads; }

int cr__nthreads(const cr_ctx *ctx)
{
    if (ctx && ctx->threads > 0) return ctx->threads;
    return omp_get_max_threads();
}

const char *cr_strerror(cr_error_t code)
{
    switch (code) {
    case CR_OK: return "success";
    case CR_ENOMEM: return "out of memory";
    case CR_EINVAL: return "invalid argument";
    case CR_EDATA: return "invalid input data";
    case CR_EIO: return "input/output error";
    case CR_ENOTFOUND: return "not found";
    case CR_EREFUSED: return "refused";
    case CR_EDEP: return "dependency failure";
    case CR_EINTERNAL: return "internal error";
    }
    return "unknown error";
}

const char *cr_version(void) { return "0.1.0"; }

void *cr__malloc(cr_ctx *ctx, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) { cr_ctx_fail(ctx, CR_ENOMEM, "allocation size overflow"); return NULL; }
    void *p = malloc(n * size != 0 ? n * size : 1);
    if (!p) cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu bytes)", n * size);
    return p;
}

void *cr__calloc(cr_ctx *ctx, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu x %zu bytes)", n, size);
    return p;
}

cr_error_t cr__grow(cr_ctx *ctx, void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return CR_OK;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / size) return cr_ctx_fail(ctx, CR_ENOMEM, "allocation size overflow");
        nc *= 2;
    }
    void *np = realloc(*p, nc * size);
    if (!np) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu bytes)", nc * size);
    *p = np;
    *cap = nc;
    return CR_OK;
}

char *cr__strdup(cr_ctx *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = cr__malloc(ctx, n, 1);
    if (d) memcpy(d, s, n);
    return d;
}
