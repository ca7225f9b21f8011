/* Typed tables (include/chainrank/cr_table.h) and their tidy CSV writer.
 *
 * Workload: a ranked list (top 20 to a few 100,000 rows with --top 0) or a
 * gap list, filled once and written once or twice (CSV, workbook). Cells are
 * one row-major array of 16-byte cells and one text pool, both doubling, so
 * filling is amortised O(1) a cell with two allocations growing. */
#include "export_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cr_lang_parse(const char *s, cr_lang *out)
{
    if (!strcmp(s, "en")) *out = CR_LANG_EN;
    else if (!strcmp(s, "zh")) *out = CR_LANG_ZH;
    else return -1;
    return 0;
}

static void fail(cr_table *t, cr_error_t code, const char *fmt, ...) CR_PRINTF(3, 4);
static void fail(cr_table *t, cr_error_t code, const char *fmt, ...)
{
    if (t->err != CR_OK) return;
    t->err = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
}

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

cr_error_t cr_table_alloc(cr_ctx *ctx, const char *en, const char *zh, cr_table **out)
{
    *out = NULL;
    cr_table *t = calloc(1, sizeof *t);
    if (!t || !(t->en = dup(en)) || !(t->zh = dup(zh ? zh : en))) {
        cr_table_free(t);
        return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    }
    *out = t;
    return CR_OK;
}

void cr_table_free(cr_table *t)
{
    if (!t) return;
    for (int j = 0; j < 3 * t->ncols; j++) free(t->owned[j]);
    free(t->owned);
    free(t->cols);
    free(t->cells);
    free(t->pool);
    free(t->en);
    free(t->zh);
    free(t);
}

int cr_table_add_col(cr_table *t, const cr_table_col *col)
{
    if (t->err != CR_OK) return -1;
    if (t->nrows) {
        fail(t, CR_EINVAL, "table %s: column %s added after the first row", t->en, col->name);
        return -1;
    }
    if (!col->name || !col->en || (unsigned)col->type > CR_COL_BOOL) {
        fail(t, CR_EINVAL, "table %s: column %d: a name, a heading and a known type are needed", t->en, t->ncols);
        return -1;
    }
    if (t->ncols == t->capcols) {
        int cap = t->capcols ? 2 * t->capcols : 16;
        cr_table_col *c = realloc(t->cols, (size_t)cap * sizeof *c);
        if (c) t->cols = c;
        char **o = c ? realloc(t->owned, 3 * (size_t)cap * sizeof *o) : NULL;
        if (!o) { fail(t, CR_ENOMEM, "out of memory"); return -1; }
        t->owned = o;
        t->capcols = cap;
    }
    char **o = t->owned + 3 * t->ncols;
    o[0] = dup(col->name);
    o[1] = dup(col->en);
    o[2] = dup(col->zh ? col->zh : col->en);
    if (!o[0] || !o[1] || !o[2]) {
        free(o[0]);
        free(o[1]);
        free(o[2]);
        fail(t, CR_ENOMEM, "out of memory");
        return -1;
    }
    cr_table_col *c = &t->cols[t->ncols];
    *c = *col;
    c->name = o[0];
    c->en = o[1];
    c->zh = o[2];
    return t->ncols++;
}

void cr_table_row(cr_table *t)
{
    if (t->err != CR_OK) return;
    if (t->nrows == t->caprows) {
        int64_t cap = t->caprows ? 2 * t->caprows : 64;
        cr__cell *c = realloc(t->cells, (size_t)cap * (size_t)(t->ncols ? t->ncols : 1) * sizeof *c);
        if (!c) { fail(t, CR_ENOMEM, "out of memory"); return; }
        t->cells = c;
        t->caprows = cap;
    }
    memset(t->cells + t->nrows * t->ncols, 0, (size_t)t->ncols * sizeof *t->cells);
    t->nrows++;
}

/* The cell (row, col) of the current row if col has one of the two types, else NULL (remembered). */
static cr__cell *cell(cr_table *t, int col, cr_col_type a, cr_col_type b, const char *what)
{
    if (t->err != CR_OK) return NULL;
    if (!t->nrows) {
        fail(t, CR_EINVAL, "table %s: a cell set before the first row", t->en);
        return NULL;
    }
    if (col < 0 || col >= t->ncols) {
        fail(t, CR_EINVAL, "table %s: no column %d", t->en, col);
        return NULL;
    }
    cr_col_type ty = t->cols[col].type;
    if (ty != a && ty != b) {
        fail(t, CR_EINVAL, "table %s: column %s: %s value in a column of another type", t->en, t->cols[col].name, what);
        return NULL;
    }
    return &t->cells[(t->nrows - 1) * t->ncols + col];
}

void cr_table_text(cr_table *t, int col, const char *text)
{
    cr__cell *c = cell(t, col, CR_COL_TEXT, CR_COL_TEXT, "a text");
    if (!c || !text) return;
    size_t n = strlen(text) + 1;
    if (t->plen + n > t->pcap) {
        size_t cap = t->pcap ? t->pcap : 4096;
        while (cap < t->plen + n) cap *= 2;
        char *p = realloc(t->pool, cap);
        if (!p) { fail(t, CR_ENOMEM, "out of memory"); return; }
        t->pool = p;
        t->pcap = cap;
    }
    memcpy(t->pool + t->plen, text, n);
    c->kind = CR__CELL_TEXT;
    c->v.off = t->plen;
    t->plen += n;
}

void cr_table_int(cr_table *t, int col, int64_t v)
{
    cr__cell *c = cell(t, col, CR_COL_INT, CR_COL_INT, "an integer");
    if (!c) return;
    c->kind = CR__CELL_INT;
    c->v.i = v;
}

void cr_table_real(cr_table *t, int col, double v)
{
    cr__cell *c = cell(t, col, CR_COL_REAL, CR_COL_PERCENT, "a real");
    if (!c || !isfinite(v)) return;
    c->kind = CR__CELL_REAL;
    c->v.d = v;
}

void cr_table_bool(cr_table *t, int col, int v)
{
    cr__cell *c = cell(t, col, CR_COL_BOOL, CR_COL_BOOL, "a boolean");
    if (!c) return;
    c->kind = CR__CELL_BOOL;
    c->v.i = v != 0;
}

cr_error_t cr_table_check(cr_ctx *ctx, const cr_table *t)
{
    if (t->err == CR_OK) return CR_OK;
    return cr_ctx_fail(ctx, t->err, "%s", t->msg);
}

int cr_table_ncols(const cr_table *t) { return t->ncols; }
int64_t cr_table_nrows(const cr_table *t) { return t->nrows; }
const cr_table_col *cr_table_col_get(const cr_table *t, int col)
{
    return col >= 0 && col < t->ncols ? &t->cols[col] : NULL;
}

void cr_csv_text(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

cr_error_t cr_table_write_csv(cr_ctx *ctx, const cr_table *t, FILE *fp, int header)
{
    cr_error_t rc = cr_table_check(ctx, t);
    if (rc != CR_OK) return rc;
    if (header) {
        for (int j = 0; j < t->ncols; j++) {
            if (j) fputc(',', fp);
            cr_csv_text(fp, t->cols[j].name);
        }
        fputc('\n', fp);
    }
    for (int64_t i = 0; i < t->nrows; i++) {
        const cr__cell *row = t->cells + i * t->ncols;
        for (int j = 0; j < t->ncols; j++) {
            if (j) fputc(',', fp);
            switch (row[j].kind) {
            case CR__CELL_TEXT: cr_csv_text(fp, cr__table_text(t, &row[j])); break;
            case CR__CELL_REAL: fprintf(fp, "%.17g", row[j].v.d); break;
            case CR__CELL_INT: fprintf(fp, "%lld", (long long)row[j].v.i); break;
            case CR__CELL_BOOL: fputs(row[j].v.i ? "true" : "false", fp); break;
            default: break;   /* missing: empty */
            }
        }
        fputc('\n', fp);
    }
    return CR_OK;
}
