/* Loaders for the complexity module's matrix CSV files, wide and long, on top
 * of the project's one RFC 4180 reader (src/io/csv.c: quoting, "" escapes,
 * line breaks inside quotes, UTF-8 BOM, LF/CRLF/CR, UTF-8 validation). A
 * record with a syntax error is reported by the reader (file:line:column),
 * counted as one problem here and skipped, so one bad quote does not hide the
 * problems after it. Inputs are small (a few MB at most). */
#include "core/core_internal.h"
#include "io/csv.h"
#include "io/number.h"

#include <chainrank/cr_complexity.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define FLD(c, i) cr__csv_field((c), (i))
#define FLINE(c, i) cr__csv_fline((c), (i))
#define FCOL(c, i) cr__csv_fcol((c), (i))

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

/* Finite, non-negative number in the one grammar of text inputs
 * (src/io/number.h): subnormals such as 5e-324 are numbers, hex, inf and
 * nan are not (issue 18 §1.10). */
static int parse_value(const char *s, double *v, const char **why)
{
    while (*s == ' ' || *s == '\t') s++;
    if (!*s) { *why = "empty value (write 0 for an absent activity)"; return 0; }
    double d;
    if (cr__parse_number(s, strlen(s), &d) != 0) { *why = "not a number"; return 0; }
    if (!isfinite(d)) { *why = "not a finite number"; return 0; }
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

/* Next well-formed record; records the reader rejected (its diagnostic is
 * already on ctx) count as problems and are skipped. */
static cr_error_t next_row(cr_ctx *ctx, cr__csv *rd, cx_parse *ps, int *have)
{
    for (;;) {
        cr__csv_status st;
        CR_CHECK(cr__csv_next(ctx, rd, &st));
        if (st == CR__CSV_BAD) { ps->bad++; continue; }
        *have = st == CR__CSV_ROW;
        return CR_OK;
    }
}

static cr_error_t parse_wide(cr_ctx *ctx, cr__csv *rd, const char *file, cx_parse *ps)
{
    size_t ncol = cr__csv_nfields(rd);
    if (!is_word(FLD(rd, 0), "location"))
        bad(ctx, ps, file, FLINE(rd, 0), FCOL(rd, 0), "location",
            "the first header column must be 'location' (got '%s')", FLD(rd, 0));
    if (ncol < 2)
        bad(ctx, ps, file, FLINE(rd, 0), FCOL(rd, 0), "header", "no activity columns after 'location'");
    for (size_t j = 1; j < ncol; j++) {
        const char *a = FLD(rd, j);
        if (!*a) { bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), "header", "empty activity name"); }
        else if (names_find(&ps->act, a) != SIZE_MAX) bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), a, "duplicate activity column '%s'", a);
        if (names_add(ctx, &ps->act, a, FLINE(rd, j)) == SIZE_MAX) return CR_ENOMEM;
    }
    if (ps->bad) return CR_OK;   /* rows cannot be read against a broken header */
    size_t nact = ncol - 1;
    for (;;) {
        int have;
        CR_CHECK(next_row(ctx, rd, ps, &have));
        if (!have) break;
        if (cr__csv_nfields(rd) != ncol) {
            size_t j = cr__csv_nfields(rd) > ncol ? ncol : cr__csv_nfields(rd) - 1;
            bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), "", "ragged row: %zu fields, the header has %zu", cr__csv_nfields(rd), ncol);
            continue;
        }
        const char *l = FLD(rd, 0);
        if (!*l) { bad(ctx, ps, file, FLINE(rd, 0), FCOL(rd, 0), "location", "empty location name"); continue; }
        size_t prev = names_find(&ps->loc, l);
        if (prev != SIZE_MAX) {
            bad(ctx, ps, file, FLINE(rd, 0), FCOL(rd, 0), "location", "duplicate location '%s' (first on line %ld)", l, ps->loc.line[prev]);
            continue;
        }
        if (names_add(ctx, &ps->loc, l, FLINE(rd, 0)) == SIZE_MAX) return CR_ENOMEM;
        CR_CHECK(cr__grow(ctx, (void **)&ps->vals, &ps->vcap, ps->nv + nact, sizeof *ps->vals));
        for (size_t j = 1; j < ncol; j++) {
            const char *why;
            double v = 0.0;
            if (!parse_value(FLD(rd, j), &v, &why)) {
                bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), ps->act.name[j - 1], "%s: '%s'", why, FLD(rd, j));
            }
            ps->vals[ps->nv++] = v;
        }
    }
    return CR_OK;
}

static cr_error_t parse_long(cr_ctx *ctx, cr__csv *rd, const char *file, cx_parse *ps)
{
    static const char *const hdr[3] = {"location", "activity", "value"};
    if (cr__csv_nfields(rd) != 3) bad(ctx, ps, file, FLINE(rd, 0), FCOL(rd, 0), "header", "long form wants the header location,activity,value");
    for (size_t j = 0; j < 3 && j < cr__csv_nfields(rd); j++)
        if (!is_word(FLD(rd, j), hdr[j]))
            bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), hdr[j], "long form wants the header location,activity,value (got '%s')", FLD(rd, j));
    if (ps->bad) return CR_OK;
    for (;;) {
        int have;
        CR_CHECK(next_row(ctx, rd, ps, &have));
        if (!have) break;
        if (cr__csv_nfields(rd) != 3) {
            size_t j = cr__csv_nfields(rd) > 3 ? 3 : cr__csv_nfields(rd) - 1;
            bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), "", "ragged row: %zu fields, the header has 3", cr__csv_nfields(rd));
            continue;
        }
        const char *why;
        double v = 0.0;
        int ok = 1;
        for (size_t j = 0; j < 2; j++)
            if (!*FLD(rd, j)) { bad(ctx, ps, file, FLINE(rd, j), FCOL(rd, j), hdr[j], "empty %s name", hdr[j]); ok = 0; }
        if (!parse_value(FLD(rd, 2), &v, &why)) {
            bad(ctx, ps, file, FLINE(rd, 2), FCOL(rd, 2), "value", "%s: '%s'", why, FLD(rd, 2));
            ok = 0;
        }
        if (!ok) continue;
        size_t li = names_find(&ps->loc, FLD(rd, 0));
        if (li == SIZE_MAX && (li = names_add(ctx, &ps->loc, FLD(rd, 0), cr__csv_line(rd))) == SIZE_MAX) return CR_ENOMEM;
        size_t ai = names_find(&ps->act, FLD(rd, 1));
        if (ai == SIZE_MAX && (ai = names_add(ctx, &ps->act, FLD(rd, 1), cr__csv_line(rd))) == SIZE_MAX) return CR_ENOMEM;
        CR_CHECK(cr__grow(ctx, (void **)&ps->vals, &ps->vcap, ps->nv + 1, sizeof *ps->vals));
        CR_CHECK(cr__grow(ctx, (void **)&ps->tl, &ps->tlcap, ps->nv + 1, sizeof *ps->tl));
        CR_CHECK(cr__grow(ctx, (void **)&ps->ta, &ps->tacap, ps->nv + 1, sizeof *ps->ta));
        ps->tl[ps->nv] = li;
        ps->ta[ps->nv] = ai;
        ps->vals[ps->nv++] = v;
    }
    return CR_OK;
}

/* Reads the header, picks the form and parses the rest; rd is positioned at the start. */
static cr_error_t parse_csv(cr_ctx *ctx, cr__csv *rd, const char *file, cr_cx_csv_form form, cr_cx_matrix **out)
{
    cx_parse ps;
    cr_cx_matrix *m = NULL;
    cr_error_t rc;
    cr__csv_status st;

    memset(&ps, 0, sizeof ps);
    if ((rc = cr__csv_next(ctx, rd, &st)) != CR_OK) goto done;
    if (st == CR__CSV_EOF) {
        cr_ctx_add_diag(ctx, file, 1, 1, "header", "empty file: no header");
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: empty file", file);
        goto done;
    }
    if (st == CR__CSV_BAD) {   /* the reader's diagnostic says what is wrong */
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: malformed CSV header", file);
        goto done;
    }
    /* later syntax diagnostics then name the column ("b") rather than "column 3" */
    if ((rc = cr__csv_take_header_names(ctx, rd)) != CR_OK) goto done;
    long hdr_line = cr__csv_line(rd);
    if (form == CR_CX_CSV_AUTO)
        form = cr__csv_nfields(rd) == 3 && is_word(FLD(rd, 0), "location") && is_word(FLD(rd, 1), "activity") &&
               is_word(FLD(rd, 2), "value") ? CR_CX_CSV_LONG : CR_CX_CSV_WIDE;
    if (form == CR_CX_CSV_LONG) rc = parse_long(ctx, rd, file, &ps);
    else if (form == CR_CX_CSV_WIDE) rc = parse_wide(ctx, rd, file, &ps);
    else rc = cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: unknown form %d", (int)form);
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
    return rc;
}

cr_error_t cr_cx_matrix_parse_csv(cr_ctx *ctx, const char *filename, const char *text, size_t len,
                                  cr_cx_csv_form form, cr_cx_matrix **out)
{
    const char *file = filename ? filename : "<input>";
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: out is NULL");
    *out = NULL;
    if (!text && len) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_parse_csv: text is NULL");
    cr__csv *rd = NULL;
    CR_CHECK(cr__csv_open_mem(ctx, text, len, file, &rd));
    cr_error_t rc = parse_csv(ctx, rd, file, form, out);
    cr__csv_close(rd);
    return rc;
}

/* Streams the file through the reader's 1 MiB buffer: no copy of the whole file. */
cr_error_t cr_cx_matrix_load_csv(cr_ctx *ctx, const char *path, cr_cx_csv_form form, cr_cx_matrix **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_load_csv: out is NULL");
    *out = NULL;
    if (!path) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_matrix_load_csv: path is NULL");
    cr__csv *rd = NULL;
    CR_CHECK(cr__csv_open(ctx, path, path, &rd));
    cr_error_t rc = parse_csv(ctx, rd, path, form, out);
    cr__csv_close(rd);
    return rc;
}
