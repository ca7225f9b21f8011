/* CLI helpers: exit-code mapping, error printing, whole-file reads, atomic output. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_exit_code(cr_error_t rc)
{
    switch (rc) {
    case CR_OK: return CLI_EXIT_OK;
    case CR_EINVAL:
    case CR_EDATA: return CLI_EXIT_DATA;
    case CR_EIO: return CLI_EXIT_IO;
    case CR_ENOTFOUND: return CLI_EXIT_NOTFOUND;
    case CR_EREFUSED: return CLI_EXIT_REFUSED;
    case CR_ENOMEM:
    case CR_EDEP:
    case CR_EINTERNAL: return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_INTERNAL;
}

/* A thread's capture of its error lines (cli_err_capture_begin): open, and
 * the memory stream once something is written. Thread-local: batch's
 * workers capture concurrently, each its own. */
static _Thread_local int cap_on;
static _Thread_local FILE *cap_fp;
static _Thread_local char *cap_buf;
static _Thread_local size_t cap_len;

FILE *cli_errfp(void)
{
    if (!cap_on) return stderr;
    if (!cap_fp) cap_fp = open_memstream(&cap_buf, &cap_len);
    return cap_fp ? cap_fp : stderr;   /* out of memory: printed now, out of order, not lost */
}

void cli_err_capture_begin(void)
{
    cap_on = 1;
    cap_fp = NULL;
    cap_buf = NULL;
    cap_len = 0;
}

char *cli_err_capture_end(size_t *n)
{
    char *s = NULL;
    *n = 0;
    if (cap_fp && fclose(cap_fp) == 0 && cap_len) {
        s = cap_buf;
        *n = cap_len;
    } else free(cap_buf);
    cap_on = 0;
    cap_fp = NULL;
    cap_buf = NULL;
    cap_len = 0;
    return s;
}

int cli_fail(const cr_ctx *ctx, const char *cmd, cr_error_t rc)
{
    FILE *err = cli_errfp();
    size_t n = cr_ctx_ndiag(ctx);
    for (size_t i = 0; i < n; i++) {
        const cr_diag *d = cr_ctx_diag(ctx, i);
        if (d->line > 0)
            fprintf(err, "%s:%ld:%ld: %s: %s\n", d->file, d->line, d->column, d->field, d->message);
        else
            fprintf(err, "%s: %s: %s\n", d->file, d->field, d->message);
    }
    if (cr_ctx_ndiag_total(ctx) > n)
        fprintf(err, "... and %zu more problems\n", cr_ctx_ndiag_total(ctx) - n);
    const char *msg = cr_ctx_errmsg(ctx);
    fprintf(err, "chainrank: %s: error: %s\n", cmd ? cmd : "", *msg ? msg : cr_strerror(rc));
    return cli_exit_code(rc);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (cmd) fprintf(stderr, "chainrank: %s: usage error: ", cmd);
    else fprintf(stderr, "chainrank: usage error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

int cli_read_file(cr_ctx *ctx, const char *path, char **buf, size_t *len, const char *cmd)
{
    /* Opened here, not with cr_read_file: "-" is stdin, and a named FIFO
     * (bash's <(...)) is a deliberate choice on a command line. */
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    *buf = NULL;
    if (!fp) {
        fprintf(stderr, "chainrank: %s: error: cannot open %s: %s\n", cmd, path, strerror(errno));
        return CLI_EXIT_IO;
    }
    size_t n = 0;
    cr_error_t rc = cr_read_stream(ctx, fp, path, "input", buf, &n);
    if (fp != stdin) fclose(fp);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);
    if (len) *len = n;
    return CLI_EXIT_OK;
}

/* The writer's failure as "chainrank: CMD: error: ...". A context of its own
 * keeps the caller's (and its diagnostics) out of an output error. */
static int out_fail(const cr_ctx *ctx, const char *cmd, cr_error_t rc)
{
    if (!ctx) {
        fprintf(cli_errfp(), "chainrank: %s: error: out of memory\n", cmd);
        return CLI_EXIT_INTERNAL;
    }
    return cli_fail(ctx, cmd, rc);
}

int cli_out_open(cli_out *o, const char *path, const char *cmd)
{
    memset(o, 0, sizeof *o);
    if (!path || !strcmp(path, "-")) {
        o->fp = stdout;
        return CLI_EXIT_OK;
    }
    cr_ctx *ctx = cr_ctx_alloc();
    cr_error_t rc = ctx ? cr_outfile_init(ctx, &o->file, path) : CR_ENOMEM;
    if (rc == CR_OK && o->file.tmp) o->slot = 1 + cli_tmp_register(o->file.tmp);   /* created: a signal removes it */
    int code = rc == CR_OK ? CLI_EXIT_OK : out_fail(ctx, cmd, rc);
    cr_ctx_free(ctx);
    o->fp = o->file.fp;
    return code;
}

int cli_out_commit(cli_out *o, const char *cmd)
{
    if (!o->file.path) {
        int err = fflush(o->fp) != 0 ? errno : 0;
        if (err || ferror(o->fp)) {
            fprintf(stderr, "chainrank: %s: error: cannot write standard output: %s\n", cmd,
                    err ? strerror(err) : "write error");
            return CLI_EXIT_IO;
        }
        return CLI_EXIT_OK;
    }
    cr_ctx *ctx = cr_ctx_alloc();
    cr_error_t rc = ctx ? cr_outfile_publish(ctx, &o->file) : CR_ENOMEM;
    int code = rc == CR_OK ? CLI_EXIT_OK : out_fail(ctx, cmd, rc);
    cr_ctx_free(ctx);
    cli_out_abort(o);   /* removes the temporary unless published */
    return code;
}

int cli_out_close(cli_out *o, const char *cmd)
{
    if (!o->file.path) return CLI_EXIT_OK;   /* stdout: cli_out_commit checks it */
    cr_ctx *ctx = cr_ctx_alloc();
    cr_error_t rc = ctx ? cr_outfile_close(ctx, &o->file) : CR_ENOMEM;
    int code = rc == CR_OK ? CLI_EXIT_OK : out_fail(ctx, cmd, rc);
    cr_ctx_free(ctx);
    o->fp = NULL;
    return code;
}

void cli_out_abort(cli_out *o)
{
    if (o->slot) cli_tmp_unregister(o->slot - 1);
    cr_outfile_destroy(&o->file);
    memset(o, 0, sizeof *o);
}

/* Display width of a code point in a terminal: East Asian wide and fullwidth
 * characters take two columns (the ranges of Unicode's EastAsianWidth W/F
 * that matter for Chinese text). */
static int cp_width(unsigned cp)
{
    if (cp < 0x1100) return 1;
    if ((cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

void cli_utf8_whole(char *s)
{
    size_t len = strlen(s);
    /* the last lead byte within 3 bytes of the end, and the length it announces */
    size_t i = len;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (i - 1) < need) s[i - 1] = 0;
}

void cli_print_cell(FILE *fp, const char *s, int width)
{
    const unsigned char *p = (const unsigned char *)s;
    int used = 0;
    while (*p) {
        unsigned cp = *p;
        int n = 1;
        if (cp >= 0xF0) { cp &= 0x07; n = 4; }
        else if (cp >= 0xE0) { cp &= 0x0F; n = 3; }
        else if (cp >= 0xC0) { cp &= 0x1F; n = 2; }
        for (int k = 1; k < n; k++) {
            if ((p[k] & 0xC0) != 0x80) { n = k; break; }
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        int w = cp_width(cp);
        if (used + w > width) break;
        fwrite(p, 1, (size_t)n, fp);
        used += w;
        p += n;
    }
    for (; used < width; used++) fputc(' ', fp);
}

void cli_csv_string(FILE *fp, const char *s)
{
    cr_csv_text(fp, s);
}

/* ---- progress bar on standard error ---------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(cli_progress *p, const char *cmd, int mode)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->on = mode > 0 || (mode == 0 && isatty(STDERR_FILENO));
    p->tty = isatty(STDERR_FILENO);
    p->t0 = now_s();
}

void cli_progress_cb(void *user, const char *stage, uint64_t done, uint64_t total)
{
    cli_progress *p = user;
    if (!p->on || total == 0) return;
    double t = now_s();
    if (strcmp(stage, p->stage) || done < p->first_done) {
        /* a new stage: its rate counts from the previous report (or the start) */
        snprintf(p->stage, sizeof p->stage, "%s", stage);
        p->first_done = 0;
        p->t_stage = p->t_prev > 0 ? p->t_prev : p->t0;
    }
    p->t_prev = t;
    /* redraw at most ten times a second, and always the last step */
    if (done < total && p->drawn && t - p->last < 0.1) return;
    p->last = t;
    double frac = (double)done / (double)total;
    char bar[21];
    int full = (int)(frac * 20 + 1e-9);
    for (int i = 0; i < 20; i++) bar[i] = i < full ? '#' : '.';
    bar[20] = 0;
    double el = t - p->t_stage, rate = el > 0 ? (double)(done - p->first_done) / el : 0;
    char eta[32] = "--:--";
    if (rate > 0 && done < total) {
        long s = (long)((double)(total - done) / rate + 0.5);
        snprintf(eta, sizeof eta, "%ld:%02ld", s / 60, s % 60);
    } else if (done >= total) {
        long s = (long)(t - p->t0 + 0.5);
        snprintf(eta, sizeof eta, "done in %ld:%02ld", s / 60, s % 60);
    }
    fprintf(stderr, "\rchainrank: %s: [%s] %3.0f%% %llu/%llu %s, %.1f/s, %s%s%s", p->cmd, bar, 100 * frac,
            (unsigned long long)done, (unsigned long long)total, stage, rate, done < total ? "time left " : "", eta,
            p->tty ? "\033[K" : "   ");
    if (done >= total) fputc('\n', stderr);
    p->drawn = done < total;
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->on && p->drawn) fputc('\n', stderr);   /* a run stopped before its last step */
    p->drawn = 0;
}
