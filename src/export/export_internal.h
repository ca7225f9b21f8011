/* The typed table behind include/chainrank/cr_table.h, shared by its CSV
 * writer (table.c) and its workbook writer (xlsx.c). Private to src/export/. */
#ifndef CR_EXPORT_INTERNAL_H
#define CR_EXPORT_INTERNAL_H

#include <chainrank/cr_table.h>

enum { CR__CELL_NONE = 0, CR__CELL_TEXT, CR__CELL_REAL, CR__CELL_INT, CR__CELL_BOOL };

/* 16 bytes a cell; text lives in the table's pool (offsets stay valid when it grows). */
typedef struct {
    int kind;           /* CR__CELL_* */
    union {
        double d;
        int64_t i;
        size_t off;     /* into pool */
    } v;
} cr__cell;

struct cr_table {
    char *en, *zh;                /* sheet titles */
    cr_table_col *cols;           /* [ncols]; its strings point into owned */
    char **owned;                 /* [3 * capcols]: name, en, zh of each column */
    int ncols, capcols;
    cr__cell *cells;              /* [nrows * ncols], row-major */
    int64_t nrows, caprows;
    char *pool;                   /* NUL-terminated texts */
    size_t plen, pcap;
    cr_error_t err;               /* first problem, CR_OK if none; later fills are ignored */
    char msg[200];
};

static inline const char *cr__table_text(const cr_table *t, const cr__cell *c) { return t->pool + c->v.off; }

#endif
