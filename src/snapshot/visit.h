/* The one list of a struct's arrays, for the snapshot (src/snapshot/).
 *
 * Each folder that owns a struct lists its arrays once, in a visit function
 * (cr__dataset_visit in src/data, cr__model_visit in src/graph,
 * cr__ranker_visit in src/rank): for every pointer field, its address, its
 * element size and its element count, computed from fields visited before
 * it (so the reader can check each array's size against the file). The
 * writer copies the arrays out; the reader points the fields into the
 * mapped file. A field added to a struct and not to its visit function would
 * be left dangling by the reader: each visit file asserts the struct's size,
 * so such a change stops the build there (and bumps CR__SNAP_LAYOUT). */
#ifndef CR_SNAPSHOT_VISIT_H
#define CR_SNAPSHOT_VISIT_H

#include <chainrank/cr_core.h>
#include <stddef.h>

typedef struct cr__snap_visit cr__snap_visit;
struct cr__snap_visit {
    /* field: address of a pointer field (T **, passed as void *); elem:
     * sizeof(T); n: element count, or CR__SNAP_ANY for a NUL-terminated
     * string (its size is the file's). A NULL field is recorded as absent
     * and read back as NULL, whatever n. Returns CR_OK or an error code. */
    cr_error_t (*array)(cr__snap_visit *v, void *field, size_t elem, size_t n);
};

/* Layout version of every visited struct: bump on any change of a visited
 * struct or of a visit function (docs/snapshot.md). */
enum { CR__SNAP_LAYOUT = 3 };
#define CR__SNAP_ANY ((size_t)-1)

#define CR__SNAP_A(v, field, n)                                                                   \
    do {                                                                                          \
        cr_error_t cr__rc = (v)->array((v), (void *)&(field), sizeof *(field), (size_t)(n));      \
        if (cr__rc != CR_OK) return cr__rc;                                                       \
    } while (0)

#endif
