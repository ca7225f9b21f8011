/* Loaders for the complexity module's matrix CSV files, wide and long, with
 * a small file-local RFC 4180 reader (quoted fields, "" escapes, newlines
 * inside quotes, UTF-8 BOM, LF or CRLF). Kept separate from the project's
 * streaming parser on purpose: the module must not depend on src/io/.
 * Inputs are small (a few MB at most), so the whole text is in memory and
 * each record is unquoted into one reusable buffer. */
#include "core/core_internal.h"

#include <chainrank/cr_complexity.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- RFC 4180 record reader ------------------------------------------- */

typedef struct {
    size_t off;          /* into rd.buf */
    size_t len;
    long line, col;      /* where the field starts, 1-based */
} cx_field;

typedef struct {
    const char *s;
    size_t len, pos;
    long line, col;      /* of s[pos] */
    char *buf;           /* unquoted field texts, each NUL-terminated */
    size_t bufcap, buflen;
    cx_field *f;
    size_t nf, fcap;
    long rec_line;       /* line where the current record starts */
} cx_reader;

static cr_error_t rd_putc(cr_ctx *ctx, cx_reader *rd, char ch)
{
    CR_CHECK(cr__grow(ctx, (void **)&rd->buf, &rd->bufcap, rd->buflen + 1, 1));
    rd->buf[rd->buflen++] = ch;
    return CR_OK;
}

static void rd_adv(cx_reader *rd)
{
    if (rd->s[rd->pos] == '\n') { rd->line++; rd->col = 1; }
    else rd->col++;
    rd->pos++;
}

/* Is s[pos] the end of a record (or of the text)? Consumes it if so. */
static int rd_eol(cx_reader *rd)
{
    if (rd->pos >= rd->len) return 1;
    char ch = rd->s[rd->pos];
    if (ch == '\n') { rd_adv(rd); return 1; }
    if (ch == '\r') {
        rd->pos++;
        if (rd->pos < rd->len && rd->s[rd->pos] == '\n') rd->pos++;
        rd->line++;
        rd->col = 1;
        return 1;
    }
    return 0;
}

/* Reads one record into rd->f. Returns CR_OK with rd->nf > 0, or CR_OK with
 * nf == 0 at the end of the text; CR_EDATA (diagnostic added) on a quoting
 * error, after which the reader must not be used. Empty lines are skipped. */
static cr_error_t rd_record(cr_ctx *ctx, cx_reader *rd, const char *file)
{
    rd->nf = 0;
    rd->buflen = 0;
    while (rd->pos < rd->len && (rd->s[rd->pos] == '\n' || rd->s[rd->pos] == '\r')) rd_eol(rd);
    if (rd->pos >= rd->len) return CR_OK;
    rd->rec_line = rd->line;
    for (;;) {
        CR_CHECK(cr__grow(ctx, (void **)&rd->f, &rd->fcap, rd->nf + 1, sizeof *rd->f));
        cx_field *fd = &rd->f[rd->nf++];
        fd->off = rd->buflen;
        fd->line = rd->line;
        fd->col = rd->col;
        if (rd->pos < rd->len && rd->s[rd->pos] == '"') {
            rd_adv(rd);
            for (;;) {
                if (rd->pos >= rd->len) {
                    cr_ctx_add_diag(ctx, file, fd->line, fd->col, "", "unterminated quoted field");
                    return CR_EDATA;
                }
                char ch = rd->s[rd->pos];
                if (ch == '"') {
                    if (rd->pos + 1 < rd->len && rd->s[rd->pos + 1] == '"') {
                        rd_adv(rd); rd_adv(rd);
                        CR_CHECK(rd_putc(ctx, rd, '"'));
                        continue;
                    }
                    rd_adv(rd);
                    break;
                }
                if (ch == '\r' && rd->pos + 1 < rd->len && rd->s[rd->pos + 1] == '\n') { rd->pos++; continue; }
                CR_CHECK(rd_putc(ctx, rd, ch));
                rd_adv(rd);
            }
            if (rd->pos < rd->len && rd->s[rd->pos] != ',' && rd->s[rd->pos] != '\n' && rd->s[rd->pos] != '\r') {
                cr_ctx_add_diag(ctx, file, rd->line, rd->col, "", "unexpected character '%c' after closing quote", rd->s[rd->pos]);
                return CR_EDATA;
            }
        } else {
            while (rd->pos < rd->len) {
                char ch = rd->s[rd->pos];
                if (ch == ',' || ch == '\n' || ch == '\r') break;
                if (ch == '"') {
                    cr_ctx_add_diag(ctx, file, rd->line, rd->col, "", "quote inside an unquoted field (quote the whole field)");
                    return CR_EDATA;
                }
                CR_CHECK(rd_putc(ctx, rd, ch));
                rd_adv(rd);
            }
        }
        fd->len = rd->buflen - fd->off;
        CR_CHECK(rd_putc(ctx, rd, '\0'));
        if (rd->pos < rd->len && rd->s[rd->pos] == ',') { rd_adv(rd); continue; }
        rd_eol(rd);
        return CR_OK;
    }
}

static const char *fld(const cx_reader *rd, size_t i) { return rd->buf + rd->f[i].off; }

/* ---- names: insertion-ordered, hashed ---------------------------------- */

typedef struct {
    char **name;          /* [n] owned */
    long *line;           /* [n] where first seen */
    size_t n, cap, lcap;
    size_t *slot;         /* [nslot] index+1, 0 = empty */
    size_t nslot;
} cx_names;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void names_free(cx_names *nm)
{
    for (size_t i = 0; i < nm->n; i++) free(nm->name[i]);
    free(nm->name); free(nm->line); free(nm->slot);
    memset(nm, 0, sizeof *nm);
}

static size_t names_find(const cx_names *nm, const char *s)
{
    if (!nm->nslot) return SIZE_MAX;
    for (size_t h = hash_str(s) & (nm->nslot - 1);; h = (h + 1) & (nm->nslot - 1)) {
        if (!nm->slot[h]) return SIZE_MAX;
        if (!strcmp(nm->name[nm->slot[h] - 1], s)) return nm->slot[h] - 1;
    }
}

/* Adds s (must not be present); returns its index or SIZE_MAX on ENOMEM. */
static size_t names_add(cr_ctx *ctx, cx_names *nm, const char *s, long line)
{
    if (2 * (nm->n + 1) > nm->nslot) {
        size_t ns = nm->nslot ? 2 * nm->nslot : 64;
        size_t *sl = cr__calloc(ctx, ns, sizeof *sl);
        if (!sl) return SIZE_MAX;
        for (size_t i = 0; i < nm->n; i++) {
            size_t h = hash_str(nm->name[i]) & (ns - 1);
            while (sl[h]) h = (h + 1) & (ns - 1);
            sl[h] = i + 1;
        }
        free(nm->slot);
        nm->slot = sl;
        nm->nslot = ns;
    }
    if (cr__grow(ctx, (void **)&nm->name, &nm->cap, nm->n + 1, sizeof *nm->name) != CR_OK) return SIZE_MAX;
    if (cr__grow(ctx, (void **)&nm->line, &nm->lcap, nm->n + 1, sizeof *nm->line) != CR_OK) return SIZE_MAX;
    char *d = cr__strdup(ctx, s);
    if (!d) return SIZE_MAX;
    size_t h = hash_str(s) & (nm->nslot - 1);
    while (nm->slot[h]) h = (h + 1) & (nm->nslot - 1);
    nm->slot[h] = nm->n + 1;
    nm->name[nm->n] = d;
    nm->line[nm->n] = line;
    return nm->n++;
}

/* ---- values ------------------------------------------------------------ */

/* Finite, non-negative decimal number with optional surrounding blanks. */
static int parse_value(const char *s, double *v, const char **why)
{
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) { *why = "empty value (write 0 for an absent activity)"; return 0; }
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    while (*end == ' ' || *end == '\t') end++;
    if (end == s || *end) { *why = "not a number"; return 0; }
    if (!isfinite(d) || errno == ERANGE) { *why = "not a finite number"; return 0; }
    if (d < 0.0) { *why = "negative value (values must be >= 0)"; return 0; }
    *v = d + 0.0;   /* -0 becomes +0 */
    return 1;
}

static int is_word(const char *s, const char *w)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(w);
    if (strncmp(s, w, n)) return 0;
    s += n;
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0';
}

void cr_cx_matrix_free(cr_cx_matrix *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->nloc && m->loc_names; i++) free(m->loc_names[i]);
    for (size_t i = 0; i < m->nact && m->act_names; i++) free(m->act_names[i]);
    free(m->loc_names); free(m->act_names); free(m->values);
    free(m);
}

/* ---- wide and long ----------------------------------------------------- */

typedef struct {
    cx_names loc, act;
    double *vals;        /* wide: row-major rows as read; long: value per triple */
    size_t *tl, *ta;     /* long: location and activity index per triple */
    size_t nv, vcap, tlcap, tacap;
    size_t bad;          /* problems found */
} cx_parse;

static void bad(cr_ctx *ctx, cx_parse *ps, const char *file, long line, long col, const char *field,
                const char *fmt, ...) CR_PRINTF(7, 8);
static void bad(cr_ctx *ctx, cx_parse *ps, const char *file, long line, long col, const char *field,
                const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cr_ctx_add_diag(ctx, file, line, col, field, "%s", msg);
    ps->bad++;
}

static cr_error_t parse_wide(cr_ctx *ctx, cx_reader *rd, const char *file, cx_parse *ps)
{
    size_t ncol = rd->nf;
    if (!is_word(fld(rd, 0), "location"))
        bad(ctx, ps, file, rd->f[0].line, rd->f[0].col, "location",
            "the first header column must be 'location' (got '%s')", fld(rd, 0));
    if (ncol < 2)
        bad(ctx, ps, file, rd->f[0].line, rd->f[0].col, "header", "no activity columns after 'location'");
    for (size_t j = 1; j < ncol; j++) {
        const char *a = fld(rd, j);
        if (!*a) { bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, "header", "empty activity name"); }
        else if (names_find(&ps->act, a) != SIZE_MAX) bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, a, "duplicate activity column '%s'", a);
        if (names_add(ctx, &ps->act, a, rd->f[j].line) == SIZE_MAX) return CR_ENOMEM;
    }
    if (ps->bad) return CR_OK;   /* rows cannot be read against a broken header */
    size_t nact = ncol - 1;
    for (;;) {
        CR_CHECK(rd_record(ctx, rd, file));
        if (!rd->nf) break;
        if (rd->nf != ncol) {
            size_t j = rd->nf > ncol ? ncol : rd->nf - 1;
            bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, "", "ragged row: %zu fields, the header has %zu", rd->nf, ncol);
            continue;
        }
        const char *l = fld(rd, 0);
        if (!*l) { bad(ctx, ps, file, rd->f[0].line, rd->f[0].col, "location", "empty location name"); continue; }
        size_t prev = names_find(&ps->loc, l);
        if (prev != SIZE_MAX) {
            bad(ctx, ps, file, rd->f[0].line, rd->f[0].col, "location", "duplicate location '%s' (first on line %ld)", l, ps->loc.line[prev]);
            continue;
        }
        if (names_add(ctx, &ps->loc, l, rd->f[0].line) == SIZE_MAX) return CR_ENOMEM;
        CR_CHECK(cr__grow(ctx, (void **)&ps->vals, &ps->vcap, ps->nv + nact, sizeof *ps->vals));
        for (size_t j = 1; j < ncol; j++) {
            const char *why;
            double v = 0.0;
            if (!parse_value(fld(rd, j), &v, &why)) {
                bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, ps->act.name[j - 1], "%s: '%s'", why, fld(rd, j));
            }
            ps->vals[ps->nv++] = v;
        }
    }
    return CR_OK;
}

static cr_error_t parse_long(cr_ctx *ctx, cx_reader *rd, const char *file, cx_parse *ps)
{
    static const char *const hdr[3] = {"location", "activity", "value"};
    if (rd->nf != 3) bad(ctx, ps, file, rd->f[0].line, rd->f[0].col, "header", "long form wants the header location,activity,value");
    for (size_t j = 0; j < 3 && j < rd->nf; j++)
        if (!is_word(fld(rd, j), hdr[j]))
            bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, hdr[j], "long form wants the header location,activity,value (got '%s')", fld(rd, j));
    if (ps->bad) return CR_OK;
    for (;;) {
        CR_CHECK(rd_record(ctx, rd, file));
        if (!rd->nf) break;
        if (rd->nf != 3) {
            size_t j = rd->nf > 3 ? 3 : rd->nf - 1;
            bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, "", "ragged row: %zu fields, the header has 3", rd->nf);
            continue;
        }
        const char *why;
        double v = 0.0;
        int ok = 1;
        for (size_t j = 0; j < 2; j++)
            if (!*fld(rd, j)) { bad(ctx, ps, file, rd->f[j].line, rd->f[j].col, hdr[j], "empty %s name", hdr[j]); ok = 0; }
        if (!parse_value(fld(rd, 2), &v, &why)) {
            bad(ctx, ps, file, rd->f[2].line, rd->f[2].col, "value", "%s: '%s'", why, fld(rd, 2));
            ok = 0;
        }
        if (!ok) continue;
        size_t li = names_find(&ps->loc, fld(rd, 0));
        if (li == SIZE_MAX && (li = names_add(ctx, &ps->loc, fld(rd, 0), rd->rec_line)) == SIZE_MAX) return CR_ENOMEM;
        size_t ai = names_find(&ps->act, fld(rd, 1));
        if (ai == SIZE_MAX && (ai = names_add(ctx, &ps->act, fld(rd, 1), rd->rec_line)) == SIZE_MAX) return CR_ENOMEM;
        CR_CHECK(cr__grow(ctx, (void **)&ps->vals, &ps->vcap, ps->nv + 1, sizeof *ps->vals));
        CR_CHECK(cr__grow(ctx, (void **)&ps->tl, &ps->tlcap, ps->nv + 1, sizeof *ps->tl));
        CR_CHECK(cr__grow(ctx, (void **)&ps->ta, &ps->tacap, ps->nv + 1, sizeof *ps->ta));
        ps->tl[ps->nv] = li;
        ps->ta[ps->nv] = ai;
        ps->vals[ps->nv++] = v;
    }
    return CR_OK;
}

cr_error_t cr_cx_matrix_parse_csv(cr_ctx *ctx, const char *filename, const char *text, size_t len,
                                  cr_cx_csv_form form, cr_cx_matrix **out)
{
    cx_reader rd;
    cx_parse ps;
    cr_cx_matrix *m = NULL;
    cr_error_t rc;
    const char *file = filename ? filename : "<input>";

    memset(&rd, 0, sizeof rd);
    memset(&ps, 0, sizeof ps);
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: out is NULL");
    *out = NULL;
    if (!text && len) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: text is NULL");
    rd.s = text;
    rd.len = len;
    rd.line = rd.col = 1;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) rd.pos = 3;   /* BOM: columns count after it */

    if ((rc = rd_record(ctx, &rd, file)) != CR_OK) goto done;
    if (!rd.nf) {
        cr_ctx_add_diag(ctx, file, 1, 1, "header", "empty file: no header");
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: empty file", file);
        goto done;
    }
    long hdr_line = rd.rec_line;
    if (form == CR_CX_CSV_AUTO)
        form = rd.nf == 3 && is_word(fld(&rd, 0), "location") && is_word(fld(&rd, 1), "activity") &&
               is_word(fld(&rd, 2), "value") ? CR_CX_CSV_LONG : CR_CX_CSV_WIDE;
    if (form == CR_CX_CSV_LONG) rc = parse_long(ctx, &rd, file, &ps);
    else if (form == CR_CX_CSV_WIDE) rc = parse_wide(ctx, &rd, file, &ps);
    else rc = cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: unknown form %d", (int)form);
    if (rc == CR_EDATA) { rc = cr_ctx_fail(ctx, CR_EDATA, "%s: malformed CSV", file); goto done; }
    if (rc != CR_OK) goto done;
    if (!ps.bad && (ps.loc.n == 0 || ps.act.n == 0)) {
        cr_ctx_add_diag(ctx, file, hdr_line, 1, "", "no data rows after the header");
        ps.bad++;
    }
    if (ps.bad) {
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: %zu problem%s in the matrix", file, ps.bad, ps.bad == 1 ? "" : "s");
        goto done;
    }
    size_t nloc = ps.loc.n, nact = ps.act.n;
    if (nloc > SIZE_MAX / nact / sizeof(double)) { rc = cr_ctx_fail(ctx, CR_EDATA, "%s: matrix too large", file); goto done; }
    m = cr__calloc(ctx, 1, sizeof *m);
    if (!m) { rc = CR_ENOMEM; goto done; }
    if (form == CR_CX_CSV_WIDE) {
        m->values = ps.vals;
        ps.vals = NULL;
    } else {
        m->values = cr__calloc(ctx, nloc * nact, sizeof *m->values);
        if (!m->values) { rc = CR_ENOMEM; goto done; }
        for (size_t i = 0; i < ps.nv; i++) m->values[ps.tl[i] * nact + ps.ta[i]] += ps.vals[i];   /* file order */
    }
    m->nloc = nloc;
    m->nact = nact;
    m->loc_names = ps.loc.name;
    m->act_names = ps.act.name;
    ps.loc.name = ps.act.name = NULL;
    ps.loc.n = ps.act.n = 0;
    *out = m;
    m = NULL;
    rc = CR_OK;
done:
    cr_cx_matrix_free(m);
    names_free(&ps.loc);
    names_free(&ps.act);
    free(ps.vals); free(ps.tl); free(ps.ta);
    free(rd.buf); free(rd.f);
    return rc;
}

cr_error_t cr_cx_matrix_load_csv(cr_ctx *ctx, const char *path, cr_cx_csv_form form, cr_cx_matrix **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_load_csv: out is NULL");
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return cr_ctx_fail(ctx, CR_EIO, "cannot open %s: %s", path, strerror(errno));
    char *buf = NULL;
    size_t cap = 0, n = 0;
    cr_error_t rc = CR_OK;
    for (;;) {
        if ((rc = cr__grow(ctx, (void **)&buf, &cap, n + 65536, 1)) != CR_OK) break;
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) break;
    }
    if (rc == CR_OK && ferror(fp)) rc = cr_ctx_fail(ctx, CR_EIO, "cannot read %s", path);
    fclose(fp);
    if (rc == CR_OK) rc = cr_cx_matrix_parse_csv(ctx, path, buf, n, form, out);
    free(buf);
    return rc;
}
