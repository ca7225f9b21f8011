/* Shared helpers of the dataset loaders: number parsing and diagnostics. */
#ifndef CR_DATA_FIELDS_H
#define CR_DATA_FIELDS_H

#include "data/dataset.h"
#include "data/dates.h"
#include "io/csv.h"
#include <math.h>
#include <stddef.h>

/* Parses a whole field as a number: cr__parse_number's grammar (src/io/number.h,
 * the one grammar of every text input). Returns 0 on success. */
int cr__parse_double(const char *s, size_t len, double *out);

/* One file being loaded: where diagnostics go. */
typedef struct {
    cr_ctx *ctx;
    const char *file;      /* display name */
    cr_error_t rc;         /* first hard failure (ENOMEM, EIO); CR_OK otherwise */
    char *owned;           /* storage for file when the loader owns it */
    const char *jtext;     /* the JSON text jidx indexes (cr__json_pos); cleared by cr__json_release */
    struct cr__json_index *jidx;
    const char *doc_cols;  /* the manifest's doc_columns of this file (cr__manifest.doc) or NULL */
} cr__src;

void cr__diagf(cr__src *src, long line, long col, const char *field, const char *fmt, ...) CR_PRINTF(5, 6);
/* A warning (cr_ctx_add_warning): loads, but looks wrong. */
void cr__warnf(cr__src *src, long line, long col, const char *field, const char *fmt, ...) CR_PRINTF(5, 6);

enum { CR__NUM_ANY = 0, CR__NUM_NONNEG = 1, CR__NUM_POS = 2, CR__NUM_UNIT = 3 };
/* Parses a numeric field; empty -> dflt. On a bad value a diagnostic is added,
 * *bad is set, and dflt is returned. kind: CR__NUM_* constraint. */
double cr__num_field(cr__src *src, long line, long col, const char *field, const char *s, size_t len,
                     double dflt, int kind, int *bad);

/* CSV header mapping: idx = column index or -1. */
typedef struct {
    const char *name;
    int required;
    int idx;
} cr__colspec;
/* Reads the header row. Returns 1 if every required column is present, 0 otherwise
 * (diagnostics added; also for an empty file and duplicate column names). */
int cr__csv_header(cr__src *src, cr__csv *csv, cr__colspec *cols, size_t ncols, size_t *nheader);
/* After the last row of a file whose header was read: warns about a known
 * column that is empty or 0 in every row or uses the full-width '；'
 * (unknown columns are warned about by cr__csv_header, with the closest
 * known name). */
void cr__csv_finish(cr__src *src, cr__csv *csv, const cr__colspec *cols, size_t ncols);

/* Splits s on ';' calling fn for each trimmed non-empty item. */
typedef int (*cr__item_fn)(void *arg, const char *item, size_t len);
int cr__split_list(const char *s, size_t len, cr__item_fn fn, void *arg);

/* Interns a dictionary word (endowment, category, tag) and returns its bit, or
 * -1 (with a diagnostic) if the dictionary is full. */
int cr__dict_bit(cr__src *src, cr__strtab *dict, const char *dictname, long line, long col, const char *field,
                 const char *s, size_t len);


#endif
