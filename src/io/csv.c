#include "io/csv.h"
#include "io/utf8.h"
#include "core/core_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { CR__CSV_BUF = 1 << 20 };

struct cr__csv {
    FILE *fp;                /* NULL when reading from memory */
    char *display;
    unsigned char *buf;      /* [CR__CSV_BUF] file input buffer; NULL for memory */
    const unsigned char *in; /* the bytes being read: buf, or the caller's text */
    size_t pos, len;
    int eof;
    uint64_t consumed;
    long line, col;          /* position of the next byte: physical line, character column */
    char *rec;               /* record buffer: fields NUL-terminated back to back */
    size_t rlen, rcap;
    size_t *fstart;          /* [nf] offsets into rec */
    size_t *flen;
    long *fcol;
    long *fline;             /* physical line where each field starts */
    size_t nf, fcap;
    long rec_line;
    char **names;            /* header names for diagnostics, once set */
    size_t nnames;
    unsigned char *seen;     /* [nnames] CR__CSV_SEEN_* of the rows after the header */
    long *hcol;              /* [nnames] the header fields' columns */
    long nbad;               /* records refused (CR__CSV_BAD) */
    long ntracked;           /* rows seen after the header */
    int gbk;                 /* the file looked GBK: said once, later invalid records refused quietly */
    void *map;               /* cr__csv_open_map: the file's mapping (in == map), unmapped by close */
    size_t maplen;
};

cr_error_t cr__csv_open(cr_ctx *ctx, const char *path, const char *display, cr__csv **out)
{
    *out = NULL;
    cr__csv *c = cr__calloc(ctx, 1, sizeof *c);
    if (!c) return CR_ENOMEM;
    c->display = cr__strdup(ctx, display);
    c->buf = cr__malloc(ctx, CR__CSV_BUF, 1);
    if (!c->display || !c->buf) { cr__csv_close(c); return CR_ENOMEM; }
    c->in = c->buf;
    struct stat st;   /* never open a FIFO or device: it would block or never end */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        cr_error_t rc = cr_ctx_fail(ctx, CR_EIO, "cannot open %s: %s", display,
                                    S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
        cr__csv_close(c);
        return rc;
    }
    c->fp = fopen(path, "rb");
    if (!c->fp) {
        cr_error_t rc = cr_ctx_fail(ctx, CR_EIO, "cannot open %s: %s", display, strerror(errno));
        cr__csv_close(c);
        return rc;
    }
    c->line = 1;
    c->col = 1;
    *out = c;
    return CR_OK;
}

cr_error_t cr__csv_open_mem(cr_ctx *ctx, const char *text, size_t len, const char *display, cr__csv **out)
{
    *out = NULL;
    cr__csv *c = cr__calloc(ctx, 1, sizeof *c);
    if (!c) return CR_ENOMEM;
    c->display = cr__strdup(ctx, display);
    if (!c->display) { cr__csv_close(c); return CR_ENOMEM; }
    /* The whole text is the one and only "buffer": refill is never called. */
    c->in = (const unsigned char *)text;
    c->len = text ? len : 0;
    c->eof = 1;
    c->consumed = c->len;
    if (c->len >= 3 && c->in[0] == 0xEF && c->in[1] == 0xBB && c->in[2] == 0xBF) c->pos = 3;
    c->line = 1;
    c->col = 1;
    *out = c;
    return CR_OK;
}

cr_error_t cr__csv_open_map(cr_ctx *ctx, const char *path, const char *display, size_t min_bytes, cr__csv **out)
{
    *out = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size >= min_bytes &&
        (uint64_t)st.st_size <= SIZE_MAX) {
        size_t len = (size_t)st.st_size;
        void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (m != MAP_FAILED) {
            (void)posix_madvise(m, len, POSIX_MADV_SEQUENTIAL);   /* a hint: each thread reads its part front to back */
            cr_error_t rc = cr__csv_open_mem(ctx, m, len, display, out);
            if (rc != CR_OK) { munmap(m, len); return rc; }
            (*out)->map = m;
            (*out)->maplen = len;
            return CR_OK;
        }
    } else if (fd >= 0) {
        close(fd);
    }
    /* small, not a regular file, or not mappable: the streaming reader says why if it cannot read it either */
    return cr__csv_open(ctx, path, display, out);
}

cr_error_t cr__csv_open_part(cr_ctx *ctx, const cr__csv *head, size_t from, size_t to, cr__csv **out)
{
    *out = NULL;
    cr__csv *c = cr__calloc(ctx, 1, sizeof *c);
    if (!c) return CR_ENOMEM;
    c->display = cr__strdup(ctx, head->display);
    c->names = cr__calloc(ctx, head->nnames ? head->nnames : 1, sizeof *c->names);
    c->seen = cr__calloc(ctx, head->nnames ? head->nnames : 1, 1);
    c->hcol = cr__calloc(ctx, head->nnames ? head->nnames : 1, sizeof *c->hcol);
    if (!c->display || !c->names || !c->seen || !c->hcol) { cr__csv_close(c); return CR_ENOMEM; }
    for (size_t i = 0; i < head->nnames; i++) {
        if (!(c->names[i] = cr__strdup(ctx, head->names[i]))) { cr__csv_close(c); return CR_ENOMEM; }
        c->nnames = i + 1;
        c->hcol[i] = head->hcol[i];
    }
    /* no BOM test: the part starts at a record, not at the file's start */
    c->in = head->in + from;
    c->len = to - from;
    c->eof = 1;
    c->consumed = c->len;
    c->line = 1;   /* unknown here; diagnostics of a part are never shown (the caller rereads serially) */
    c->col = 1;
    *out = c;
    return CR_OK;
}

int cr__csv_mem(const cr__csv *c, const char **text, size_t *len, size_t *pos)
{
    if (c->fp) return 0;
    *text = (const char *)c->in;
    *len = c->len;
    *pos = c->pos;
    return 1;
}

void cr__csv_absorb(cr__csv *c, const cr__csv *part)
{
    for (size_t i = 0; i < c->nnames && i < part->nnames; i++) c->seen[i] |= part->seen[i];
    c->ntracked += part->ntracked;
    c->nbad += part->nbad;
}

/* Quotes in [a, b): memchr runs at memory speed where the file has none. */
static size_t count_quotes(const unsigned char *a, const unsigned char *b)
{
    size_t n = 0;
    while (a < b && (a = memchr(a, '"', (size_t)(b - a))) != NULL) { n++; a++; }
    return n;
}

size_t cr__csv_split(const char *text, size_t len, size_t from, size_t nparts, size_t *cut)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t n = 0, at = from, quotes = 0;
    cut[n++] = from;
    for (size_t k = 1; k < nparts; k++) {
        size_t aim = from + (len - from) / nparts * k;
        if (aim <= at) continue;
        quotes += count_quotes(t + at, t + aim);
        at = aim;
        /* the first line end at or after aim outside quotes: an even number of
         * quotes before it (quotes of well-formed fields come in pairs: open
         * and close, "" inside); a malformed quote makes the reader of an
         * earlier part report a problem, and the whole file is reread */
        while (at < len) {
            const unsigned char *nl = memchr(t + at, '\n', len - at);
            size_t e = nl ? (size_t)(nl - t) : len;
            quotes += count_quotes(t + at, t + e);
            at = e < len ? e + 1 : len;
            if (!(quotes & 1)) break;
        }
        if (at >= len) break;
        cut[n++] = at;
    }
    cut[n] = len;
    return n;
}

size_t cr__csv_max_records(const char *text, size_t from, size_t to)
{
    const char *t = text + from, *end = text + to, *p;
    size_t n = 0;
    for (p = t; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) n++;
    for (p = t; p < end && (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        if (p + 1 == end || p[1] != '\n') n++;   /* a lone CR ends a line too (\r\n counted once) */
    return n + (to > from && text[to - 1] != '\n' && text[to - 1] != '\r');
}

void cr__csv_close(cr__csv *c)
{
    if (!c) return;
    if (c->map) munmap(c->map, c->maplen);
    if (c->fp) fclose(c->fp);
    free(c->display);
    free(c->buf);
    free(c->rec);
    free(c->fstart);
    free(c->flen);
    free(c->fcol);
    free(c->fline);
    for (size_t i = 0; i < c->nnames; i++) free(c->names[i]);
    free(c->names);
    free(c->seen);
    free(c->hcol);
    free(c);
}

static cr_error_t refill(cr_ctx *ctx, cr__csv *c)
{
    if (c->eof) return CR_OK;
    c->len = fread(c->buf, 1, CR__CSV_BUF, c->fp);
    c->pos = 0;
    if (c->len < CR__CSV_BUF) {
        if (ferror(c->fp)) return cr_ctx_fail(ctx, CR_EIO, "cannot read %s: %s", c->display, strerror(errno));
        c->eof = 1;
    }
    if (c->consumed == 0 && c->len >= 3 && c->in[0] == 0xEF && c->in[1] == 0xBB && c->in[2] == 0xBF)
        c->pos = 3;
    c->consumed += c->len;
    return CR_OK;
}

/* Returns the next byte, or -1 at end of file. */
static inline int getb(cr_ctx *ctx, cr__csv *c, cr_error_t *rc)
{
    if (c->pos == c->len) {
        if (c->eof) return -1;
        *rc = refill(ctx, c);
        if (*rc != CR_OK || c->pos == c->len) return -1;
    }
    return c->in[c->pos++];
}

static inline int peekb(cr_ctx *ctx, cr__csv *c, cr_error_t *rc)
{
    if (c->pos == c->len) {
        if (c->eof) return -1;
        *rc = refill(ctx, c);
        if (*rc != CR_OK || c->pos == c->len) return -1;
    }
    return c->in[c->pos];
}

static inline cr_error_t put(cr_ctx *ctx, cr__csv *c, int b)
{
    if (c->rlen + 1 >= c->rcap) CR_CHECK(cr__grow(ctx, (void **)&c->rec, &c->rcap, c->rlen + 2, 1));
    c->rec[c->rlen++] = (char)b;
    return CR_OK;
}

static cr_error_t begin_field(cr_ctx *ctx, cr__csv *c)
{
    if (c->nf == c->fcap) {
        size_t cap = c->fcap;
        CR_CHECK(cr__grow(ctx, (void **)&c->fstart, &cap, c->nf + 1, sizeof *c->fstart));
        cap = c->fcap;
        CR_CHECK(cr__grow(ctx, (void **)&c->flen, &cap, c->nf + 1, sizeof *c->flen));
        cap = c->fcap;
        CR_CHECK(cr__grow(ctx, (void **)&c->fcol, &cap, c->nf + 1, sizeof *c->fcol));
        cap = c->fcap;
        CR_CHECK(cr__grow(ctx, (void **)&c->fline, &cap, c->nf + 1, sizeof *c->fline));
        c->fcap = cap;
    }
    c->fstart[c->nf] = c->rlen;
    c->fcol[c->nf] = c->col;
    c->fline[c->nf] = c->line;
    c->nf++;
    return CR_OK;
}

static cr_error_t end_field(cr_ctx *ctx, cr__csv *c)
{
    CR_CHECK(put(ctx, c, '\0'));
    size_t i = c->nf - 1;
    c->flen[i] = c->rlen - 1 - c->fstart[i];
    return CR_OK;
}

/* Advance the column for byte b (continuation bytes do not start a character). */
static inline void advance(cr__csv *c, int b)
{
    if ((b & 0xC0) != 0x80) c->col++;
}

static void newline(cr__csv *c)
{
    c->line++;
    c->col = 1;
}

static cr_error_t bad(cr_ctx *ctx, cr__csv *c, int *isbad, long line, long col, const char *msg)
{
    if (*isbad) return CR_OK;
    *isbad = 1;
    char field[64];
    if (c->nf >= 1 && c->nf <= c->nnames) snprintf(field, sizeof field, "%s", c->names[c->nf - 1]);
    else snprintf(field, sizeof field, "column %zu", c->nf);
    return cr_ctx_add_diag(ctx, c->display, line, col, field, "%s", msg);
}

/* What validate says about whole columns: one pass over the fields of a row.
 * "Zero" is a number whose digits are all 0 (0, 0.0, -0, 0e5). */
static void track(cr__csv *c)
{
    size_t n = c->nf < c->nnames ? c->nf : c->nnames;
    c->ntracked++;
    for (size_t i = 0; i < n; i++) {
        const char *f = c->rec + c->fstart[i];
        size_t len = c->flen[i];
        unsigned char s = 0;
        size_t a = 0, b = len;
        while (a < b && (f[a] == ' ' || f[a] == '\t')) a++;
        while (b > a && (f[b - 1] == ' ' || f[b - 1] == '\t')) b--;
        if (b > a) {
            s |= CR__CSV_SEEN_VALUE;
            int zero = 0, other = 0;
            for (size_t k = a; k < b && !other; k++) {
                char ch = f[k];
                if (ch == '0') zero = 1;
                else if (ch != '.' && ch != '-' && ch != '+' && ch != 'e' && ch != 'E') other = 1;
            }
            if (other || !zero) s |= CR__CSV_SEEN_NONZERO;
            if (memchr(f + a, 0xEF, b - a)) {
                for (size_t k = a; k + 2 < b; k++)
                    if ((unsigned char)f[k] == 0xEF && (unsigned char)f[k + 1] == 0xBC && (unsigned char)f[k + 2] == 0x9B)
                        s |= CR__CSV_SEEN_FULLWIDTH;
            }
        }
        c->seen[i] |= s;
    }
}

cr_error_t cr__csv_next(cr_ctx *ctx, cr__csv *c, cr__csv_status *st)
{
    cr_error_t rc = CR_OK;
    enum { START, UNQ, QUO, QQ } s;
    int isbad;
    long qline = 0, qcol = 0;
    c->nf = 0;
    c->rlen = 0;
    isbad = 0;
    s = START;
    c->rec_line = c->line;
    int any = 0;   /* did the record hold any byte (blank lines are skipped) */
    CR_CHECK(begin_field(ctx, c));
    for (;;) {
        int b = getb(ctx, c, &rc);
        if (rc != CR_OK) return rc;
        if (b < 0) {
            if (s == QUO) CR_CHECK(bad(ctx, c, &isbad, qline, qcol, "quoted field not closed before end of file"));
            if (!any && c->nf == 1 && c->rlen == 0) { *st = CR__CSV_EOF; return CR_OK; }
            CR_CHECK(end_field(ctx, c));
            break;
        }
        if (b == 0) {   /* text never holds NUL, and C strings would cut the field at it */
            any = 1;
            CR_CHECK(bad(ctx, c, &isbad, c->line, c->col, "NUL byte (\\0) in the field; CSV files are text"));
            advance(c, b);
            continue;
        }
        if (s == QUO) {
            if (b == '"') { s = QQ; advance(c, b); continue; }
            if (b == '\n') { newline(c); CR_CHECK(put(ctx, c, b)); continue; }
            if (b == '\r') {
                if (peekb(ctx, c, &rc) == '\n') { (void)getb(ctx, c, &rc); CR_CHECK(put(ctx, c, '\r')); b = '\n'; }
                newline(c);
                CR_CHECK(put(ctx, c, b));
                continue;
            }
            advance(c, b);
            CR_CHECK(put(ctx, c, b));
            continue;
        }
        if (b == ',') {
            any = 1;
            CR_CHECK(end_field(ctx, c));
            advance(c, b);
            CR_CHECK(begin_field(ctx, c));
            s = START;
            continue;
        }
        if (b == '\n' || b == '\r') {
            if (b == '\r' && peekb(ctx, c, &rc) == '\n') (void)getb(ctx, c, &rc);
            if (rc != CR_OK) return rc;
            newline(c);
            if (!any && c->nf == 1 && c->rlen == 0 && s == START) {   /* blank line */
                c->rec_line = c->line;
                continue;
            }
            CR_CHECK(end_field(ctx, c));
            break;
        }
        any = 1;
        if (s == START) {
            if (b == '"') { s = QUO; qline = c->line; qcol = c->col; advance(c, b); continue; }
            s = UNQ;
        } else if (s == QQ) {
            if (b == '"') { CR_CHECK(put(ctx, c, '"')); s = QUO; advance(c, b); continue; }
            CR_CHECK(bad(ctx, c, &isbad, c->line, c->col, "text after the closing quote of a quoted field"));
            s = UNQ;
        } else if (b == '"') {
            CR_CHECK(bad(ctx, c, &isbad, c->line, c->col, "quote character inside an unquoted field"));
        }
        advance(c, b);
        CR_CHECK(put(ctx, c, b));
    }
    if (!isbad) {
        for (size_t i = 0; i < c->nf; i++) {
            size_t at = cr__utf8_invalid_at(c->rec + c->fstart[i], c->flen[i]);
            if (at != (size_t)-1) {
                isbad = 1;
                if (c->gbk) break;
                /* a GBK file (a Chinese Excel "CSV") fails on every row with a
                 * Chinese name: say once what it is and how to convert it */
                int gbk = 1;
                for (size_t k = 0; k < c->nf && gbk; k++)
                    gbk = cr__utf8_invalid_at(c->rec + c->fstart[k], c->flen[k]) == (size_t)-1 ||
                          cr__gbk_plausible(c->rec + c->fstart[k], c->flen[k]);
                if (gbk) {
                    c->gbk = 1;
                    CR_CHECK(cr_ctx_add_diag(ctx, c->display, c->rec_line, c->fcol[i], "encoding",
                                             "the file is not UTF-8%s; rows with such bytes are skipped",
                                             CR__GBK_HINT));
                } else {
                    CR_CHECK(cr_ctx_add_diag(ctx, c->display, c->rec_line, c->fcol[i],
                                             i < c->nnames ? c->names[i] : "encoding", "invalid UTF-8 byte sequence"));
                }
                break;
            }
        }
    }
    if (isbad) {
        c->nbad++;
        *st = CR__CSV_BAD;
        return CR_OK;
    }
    if (c->seen) track(c);
    *st = CR__CSV_ROW;
    return CR_OK;
}

cr_error_t cr__csv_take_header_names(cr_ctx *ctx, cr__csv *c)
{
    c->names = cr__calloc(ctx, c->nf, sizeof *c->names);
    if (!c->names) return CR_ENOMEM;
    for (size_t i = 0; i < c->nf; i++) {
        c->names[i] = cr__strdup(ctx, c->rec + c->fstart[i]);
        if (!c->names[i]) return CR_ENOMEM;
        c->nnames = i + 1;
    }
    c->seen = cr__calloc(ctx, c->nf ? c->nf : 1, 1);
    c->hcol = cr__calloc(ctx, c->nf ? c->nf : 1, sizeof *c->hcol);
    if (!c->seen || !c->hcol) return CR_ENOMEM;
    for (size_t i = 0; i < c->nf; i++) c->hcol[i] = c->fcol[i];
    return CR_OK;
}

long cr__csv_fcol_header(const cr__csv *c, size_t i) { return c->hcol && i < c->nnames ? c->hcol[i] : 1; }

unsigned cr__csv_seen(const cr__csv *c, size_t i) { return c->seen && i < c->nnames ? c->seen[i] : 0; }
long cr__csv_nbad(const cr__csv *c) { return c->nbad; }
long cr__csv_nrows(const cr__csv *c) { return c->ntracked; }

size_t cr__csv_nfields(const cr__csv *c) { return c->nf; }
const char *cr__csv_field(const cr__csv *c, size_t i) { return c->rec + c->fstart[i]; }
size_t cr__csv_flen(const cr__csv *c, size_t i) { return c->flen[i]; }
long cr__csv_fcol(const cr__csv *c, size_t i) { return c->fcol[i]; }
long cr__csv_fline(const cr__csv *c, size_t i) { return c->fline[i]; }
long cr__csv_line(const cr__csv *c) { return c->rec_line; }
const char *cr__csv_display(const cr__csv *c) { return c->display; }
uint64_t cr__csv_bytes(const cr__csv *c) { return c->consumed - (c->len - c->pos); }
