/* The interface of src/data for folders that read a history file of their
 * own (the backtest, src/evaluate): the same parser and rules as the
 * dataset's history.csv (docs/data-format.md), resolved against a loaded
 * dataset. */
#ifndef CR_DATA_HISTORY_H
#define CR_DATA_HISTORY_H

#include "data/dataset.h"
#include "data/dates.h"

typedef struct {
    int64_t n;
    int32_t *ent, *park, *date;   /* dataset indices; days since 1970-01-01 */
    int8_t *stage;                /* 0 signed, 1 landed, 2 operating, 3 withdrawn */
    int32_t *source;              /* only for the dataset's own history.csv (src/data): */
    int8_t *basis;                /* the provenance columns; NULL from cr__history_read */
} cr__history_rows;

/* Reads the history CSV at path. Every bad row is a diagnostic on ctx (file
 * path, line, column, field; unknown ids are reported even when the dataset
 * rejected a row with that id); then fails with CR_EDATA "path: N bad history
 * row(s)". On failure h holds nothing. */
cr_error_t cr__history_read(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr__history_rows *h);
void cr__history_rows_destroy(cr__history_rows *h);

#endif
