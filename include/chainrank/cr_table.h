/* Typed tables for export: one table per sheet of a workbook or per CSV file
 * (docs/outputs.md).
 *
 * A command fills a cr_table once — columns with a stable snake_case name
 * (the CSV header), an English and a Chinese heading (the workbook), a type
 * and a width hint — and hands it to a writer: cr_table_write_csv (tidy CSV:
 * typed values, %.17g numbers, empty = missing) or cr_workbook_write (xlsx:
 * one sheet per table, typed numbers, frozen header row, widths, autofilter).
 * libxlsxwriter is used only behind cr_workbook_write (src/export/xlsx.c).
 *
 * Filling never fails on the spot: an out-of-memory or a value of the wrong
 * type for its column (a bug in the caller) is remembered, later fills are
 * ignored, and cr_table_check (called by both writers) reports it. So a
 * command fills without checking each cell and checks once. */
#ifndef CR_TABLE_H
#define CR_TABLE_H

#include <chainrank/cr_core.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CR_COL_TEXT = 0,   /* UTF-8 text */
    CR_COL_INT,        /* integer: CSV "%lld", xlsx number with format "0" */
    CR_COL_REAL,       /* double: CSV "%.17g", xlsx number (16 significant digits, libxlsxwriter's %.16G) */
    CR_COL_PERCENT,    /* a fraction (0.35 = 35 %): CSV the fraction, xlsx the number with a percent format */
    CR_COL_BOOL        /* CSV true/false, xlsx a boolean cell */
} cr_col_type;

/* cr_lang and cr_lang_parse: cr_core.h. */

typedef struct {
    const char *name;   /* stable snake_case machine name: the CSV header */
    const char *en;     /* workbook heading under --lang en */
    const char *zh;     /* workbook heading under --lang zh (NULL: en) */
    cr_col_type type;
    int width;          /* workbook column width in characters; 0: from the heading */
    int decimals;       /* REAL, PERCENT: decimals the workbook shows (the cell keeps every digit);
                           -1: Excel's General format */
} cr_table_col;

typedef struct cr_table cr_table;

/* A table named name (the sheet: en and zh titles, at most 31 characters
 * shown) with no columns yet. The strings are copied. */
CR_PUBLIC(cr_error_t) cr_table_alloc(cr_ctx *ctx, const char *en, const char *zh, cr_table **out);
CR_PUBLIC(void) cr_table_free(cr_table *t);   /* NULL ok */
/* Appends a column (strings copied); only before the first row. Returns its index, or -1 (remembered). */
CR_PUBLIC(int) cr_table_add_col(cr_table *t, const cr_table_col *col);
/* Starts a new row; every cell is empty (missing) until set. */
CR_PUBLIC(void) cr_table_row(cr_table *t);
/* Set a cell of the current row. text NULL = missing; NaN or infinite = missing. */
CR_PUBLIC(void) cr_table_text(cr_table *t, int col, const char *text);
CR_PUBLIC(void) cr_table_int(cr_table *t, int col, int64_t v);
CR_PUBLIC(void) cr_table_real(cr_table *t, int col, double v);   /* REAL or PERCENT columns */
CR_PUBLIC(void) cr_table_bool(cr_table *t, int col, int v);
/* CR_OK, or the first remembered problem (CR_ENOMEM, or CR_EINVAL "table
 * <name>: column <c>: ...") set on ctx. */
CR_PUBLIC(cr_error_t) cr_table_check(cr_ctx *ctx, const cr_table *t);

CR_PUBLIC(int) cr_table_ncols(const cr_table *t);
CR_PUBLIC(int64_t) cr_table_nrows(const cr_table *t);
CR_PUBLIC(const cr_table_col *) cr_table_col_get(const cr_table *t, int col);   /* NULL if out of range */

/* One CSV field (RFC 4180): quoted, with "" for ", only when it holds , " CR or LF. */
CR_PUBLIC(void) cr_csv_text(FILE *fp, const char *s);

/* Tidy CSV (RFC 4180): with header != 0 a first line of the column names,
 * then one line per row; text quoted only when it holds , " CR or LF;
 * missing values empty. Write errors are the caller's (ferror / the
 * cr_outfile it writes to). Time: O(cells). */
CR_PUBLIC(cr_error_t) cr_table_write_csv(cr_ctx *ctx, const cr_table *t, FILE *fp, int header);

/* Writes the workbook at path with one sheet per table, in order, through
 * cr_outfile (a temporary renamed over path: never half a file under path).
 * Headings in lang; bold header row, frozen; autofilter over the data;
 * column widths from the hints. Reproducible: the document's creation date
 * is fixed (1980-01-01T00:00:00Z, the date libxlsxwriter gives every zip
 * entry), so the same tables give the same bytes. Sheet names longer than 31
 * characters are cut at a character; the characters []:*?/\ become '_'.
 * Time and memory: O(cells) (libxlsxwriter keeps the sheets in memory). */
CR_PUBLIC(cr_error_t) cr_workbook_write(cr_ctx *ctx, const char *path, const cr_table *const *tables, size_t ntables,
                                        cr_lang lang);

#ifdef __cplusplus
}
#endif
#endif
