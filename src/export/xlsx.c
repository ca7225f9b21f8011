/* The workbook writer of cr_table (include/chainrank/cr_table.h): the only
 * file that includes libxlsxwriter.
 *
 * libxlsxwriter builds each sheet in memory and zips the package when the
 * workbook is closed, writing to a file name (1.1.4 has no FILE* output); the
 * name given is cr_outfile's temporary, so the rename publishes a complete
 * file or nothing. Reproducible bytes: every zip entry is dated 1980-01-01 by
 * libxlsxwriter itself, and docProps/core.xml's created/modified dates are the
 * current time unless the document property `created` is set, so it is set to
 * that same 1980-01-01 (tested: tests/cli/xlsx_readback.sh runs a second
 * later and compares bytes). Numbers are written with 16 significant digits
 * (libxlsxwriter's "%.16G"), one digit fewer than the CSV's %.17g. */
#include "export_internal.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

enum { SHEET_NAME_MAX = 31 };                     /* Excel's limit, in characters */
static const time_t FIXED_CREATED = 315532800;    /* 1980-01-01T00:00:00Z */

/* Terminal-like display width: CJK and other wide characters count 2, so a
 * Chinese heading gets a column wide enough to read it. */
static int display_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        w += *p >= 0xE0 ? 2 : 1;   /* 3- and 4-byte sequences: CJK, full-width forms */
    }
    return w;
}

/* name cut to SHEET_NAME_MAX characters at a character boundary, []:*?/\ -> '_'. */
static void sheet_name(char *dst, size_t n, const char *s)
{
    size_t k = 0;
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (chars == SHEET_NAME_MAX || k + len >= n) break;
        for (size_t i = 0; i < len && p[i]; i++) dst[k++] = (char)p[i];
        if (len == 1 && strchr("[]:*?/\\", dst[k - 1])) dst[k - 1] = '_';
        p += len;
        chars++;
    }
    dst[k] = 0;
}

static lxw_format *number_format(lxw_workbook *wb, const cr_table_col *c)
{
    char f[48] = "General";
    int d = c->decimals > 15 ? 15 : c->decimals;
    if (c->type == CR_COL_INT) snprintf(f, sizeof f, "0");
    else if ((c->type == CR_COL_REAL || c->type == CR_COL_PERCENT) && d >= 0) {
        snprintf(f, sizeof f, "0%s%.*s%s", d ? "." : "", d, "000000000000000", c->type == CR_COL_PERCENT ? "%" : "");
    } else if (c->type == CR_COL_PERCENT) snprintf(f, sizeof f, "0%%");
    else return NULL;
    lxw_format *fmt = workbook_add_format(wb);
    if (fmt) format_set_num_format(fmt, f);
    return fmt;
}

static cr_error_t write_sheet(cr_ctx *ctx, lxw_workbook *wb, lxw_format *head, const cr_table *t, cr_lang lang)
{
    char name[4 * SHEET_NAME_MAX + 1];
    sheet_name(name, sizeof name, lang == CR_LANG_ZH ? t->zh : t->en);
    lxw_error e = workbook_validate_sheet_name(wb, name);
    if (e != LXW_NO_ERROR) return cr_ctx_fail(ctx, CR_EINVAL, "workbook: sheet '%s': %s", name, lxw_strerror(e));
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws) return cr_ctx_fail(ctx, CR_ENOMEM, "workbook: cannot add sheet '%s'", name);
    lxw_format **fmt = calloc((size_t)t->ncols + 1, sizeof *fmt);
    if (!fmt) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    for (int j = 0; j < t->ncols; j++) {
        const cr_table_col *c = &t->cols[j];
        const char *h = lang == CR_LANG_ZH ? c->zh : c->en;
        fmt[j] = number_format(wb, c);
        int w = display_width(h) + 2;
        if (c->width > w) w = c->width;
        worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, w, fmt[j]);
        e = worksheet_write_string(ws, 0, (lxw_col_t)j, h, head);
        if (e != LXW_NO_ERROR) goto lxw_fail;
    }
    for (int64_t i = 0; i < t->nrows && e == LXW_NO_ERROR; i++) {
        const cr__cell *row = t->cells + i * t->ncols;
        lxw_row_t r = (lxw_row_t)(i + 1);
        for (int j = 0; j < t->ncols && e == LXW_NO_ERROR; j++) {
            switch (row[j].kind) {
            case CR__CELL_TEXT: e = worksheet_write_string(ws, r, (lxw_col_t)j, cr__table_text(t, &row[j]), NULL); break;
            case CR__CELL_REAL: e = worksheet_write_number(ws, r, (lxw_col_t)j, row[j].v.d, fmt[j]); break;
            case CR__CELL_INT: e = worksheet_write_number(ws, r, (lxw_col_t)j, (double)row[j].v.i, fmt[j]); break;
            case CR__CELL_BOOL: e = worksheet_write_boolean(ws, r, (lxw_col_t)j, (int)row[j].v.i, NULL); break;
            default: break;   /* missing: no cell */
            }
        }
    }
    if (e != LXW_NO_ERROR) goto lxw_fail;
    worksheet_freeze_panes(ws, 1, 0);
    if (t->ncols) e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
    if (e != LXW_NO_ERROR) goto lxw_fail;
    free(fmt);
    return CR_OK;
lxw_fail:
    free(fmt);
    /* LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: more rows than a sheet holds (1,048,576) */
    return cr_ctx_fail(ctx, CR_EINVAL, "workbook: sheet '%s' (%lld rows): %s", name, (long long)t->nrows, lxw_strerror(e));
}

cr_error_t cr_workbook_write(cr_ctx *ctx, const char *path, const cr_table *const *tables, size_t ntables, cr_lang lang)
{
    cr_error_t rc;
    for (size_t s = 0; s < ntables; s++)
        if ((rc = cr_table_check(ctx, tables[s])) != CR_OK) return rc;
    if (ntables == 0) return cr_ctx_fail(ctx, CR_EINVAL, "workbook: no sheet to write");
    cr_outfile f;
    if ((rc = cr_outfile_init(ctx, &f, path)) != CR_OK) return rc;
    /* libxlsxwriter opens the file by name when the workbook is closed: the stream cr_outfile opened is closed
     * first (for the temporary: an empty file, replaced; for a device: nothing written). */
    if ((rc = cr_outfile_close(ctx, &f)) != CR_OK) goto done;
    lxw_workbook *wb = workbook_new(f.direct ? f.path : f.tmp);
    if (!wb) {
        rc = cr_ctx_fail(ctx, CR_ENOMEM, "workbook: out of memory");
        goto done;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.created = FIXED_CREATED;
    char comments[64];
    snprintf(comments, sizeof comments, "chainrank %s", cr_version());
    props.comments = comments;
    workbook_set_properties(wb, &props);
    lxw_format *head = workbook_add_format(wb);
    if (head) {
        format_set_bold(head);
        format_set_bottom(head, LXW_BORDER_THIN);
    }
    for (size_t s = 0; s < ntables; s++)
        if ((rc = write_sheet(ctx, wb, head, tables[s], lang)) != CR_OK) break;
    lxw_error e = workbook_close(wb);   /* writes the file; frees wb in every case */
    if (rc == CR_OK && e != LXW_NO_ERROR)
        rc = cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", f.direct ? f.path : f.tmp, lxw_strerror(e));
    if (rc == CR_OK) rc = cr_outfile_publish(ctx, &f);
done:
    cr_outfile_destroy(&f);
    return rc;
}
