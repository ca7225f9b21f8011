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
     * string (its size is the file's), or CR__SNAP_BAD for a count that
     * came out negative (a crafted file: the reader refuses it); opt: 1 if
     * the array may be absent (NULL) with n > 0 (the reader refuses a NULL
     * array with n > 0 otherwise: code indexes it unguarded). A NULL field
     * is recorded as absent and read back as NULL. Returns CR_OK or an
     * error code. */
    cr_error_t (*array)(cr__snap_visit *v, void *field, size_t elem, size_t n, int opt);
};

/* Layout version of every visited struct: bump on any change of a visited
 * struct or of a visit function (docs/snapshot.md). */
enum { CR__SNAP_LAYOUT = 3 };
#define CR__SNAP_ANY ((size_t)-1)
#define CR__SNAP_BAD ((size_t)-2)

/* A count as the visit passes it: a value past INT64_MAX is a negative count
 * read from a crafted file (off[n] of a damaged CSR, a negative nent), never
 * a real size; it becomes CR__SNAP_BAD so it cannot pass for CR__SNAP_ANY. */
static inline size_t cr__snap_count(size_t n) { return n > (size_t)INT64_MAX ? CR__SNAP_BAD : n; }

#define CR__SNAP_AO(v, field, n, opt)                                                                              \
    do {                                                                                                          \
        cr_error_t cr__rc = (v)->array((v), (void *)&(field), sizeof *(field), cr__snap_count((size_t)(n)), (opt)); \
        if (cr__rc != CR_OK) return cr__rc;                                                                       \
    } while (0)
/* an array every user indexes: present whenever n > 0 */
#define CR__SNAP_A(v, field, n) CR__SNAP_AO(v, field, n, 0)
/* an array that may be NULL (its struct says when: the check functions below) */
#define CR__SNAP_OPT(v, field, n) CR__SNAP_AO(v, field, n, 1)
/* a NUL-terminated string: its size when writing, CR__SNAP_ANY when reading */
#define CR__SNAP_STR(v, field, reading)                                                                            \
    do {                                                                                                          \
        cr_error_t cr__rc = (v)->array((v), (void *)&(field), 1,                                                  \
                                       (reading) ? CR__SNAP_ANY : ((field) ? __builtin_strlen(field) + 1 : 0), 1); \
        if (cr__rc != CR_OK) return cr__rc;                                                                       \
    } while (0)

/* ---- invariants of a mapped snapshot (issue 19 follow-up: a crafted file
 * whose hashes were recomputed must be refused, not indexed out of bounds).
 * The hashes catch damage; these catch a file that is consistent but wrong:
 * every index an array holds lies in the range its users assume, every CSR
 * offset array starts at 0, never decreases and ends at its count. Each
 * check folder lists its struct's invariants next to its visit function
 * (cr__dataset_check, cr__model_check, cr__ranker_check). Each helper
 * returns 0, or 1 with why = "NAME[i] = v, outside [lo, hi)" (the first
 * offender). Cost: one linear pass over the array, a branch-free OR of the
 * range tests per 4096 elements (vectorised), the index looked up only when
 * a block fails. */
typedef struct {
    char *why;
    size_t cap;
} cr__snap_why;

int cr__snap_fail(cr__snap_why *w, const char *fmt, ...) CR_PRINTF(2, 3);
/* lo <= a[i] < hi for every i < n (a NULL array passes: presence is the visit's) */
int cr__snap_i8(cr__snap_why *w, const char *name, const int8_t *a, size_t n, int64_t lo, int64_t hi);
int cr__snap_i32(cr__snap_why *w, const char *name, const int32_t *a, size_t n, int64_t lo, int64_t hi);
int cr__snap_i64(cr__snap_why *w, const char *name, const int64_t *a, size_t n, int64_t lo, int64_t hi);
/* off[0..n]: off[0] == 0, off[i] <= off[i + 1], off[n] == end */
int cr__snap_off(cr__snap_why *w, const char *name, const int64_t *off, size_t n, int64_t end);
/* no bit at or above nbits set in any a[i] (masks over a dictionary) */
int cr__snap_mask(cr__snap_why *w, const char *name, const uint64_t *a, size_t n, int nbits);
/* lo <= a[i] <= hi, NaN allowed only if nan_ok (coordinates that pick grid cells) */
int cr__snap_real(cr__snap_why *w, const char *name, const double *a, size_t n, double lo, double hi, int nan_ok);

#endif
