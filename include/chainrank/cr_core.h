/* chainrank core: error codes, the context that carries error messages and
 * validation diagnostics, and process-wide initialisation.
 *
 * Ownership: cr_* never keeps a pointer it was given unless the name says
 * "take"; whatever comes back through an out-parameter belongs to the caller.
 * The library never prints, exits or reads the environment. */
#ifndef CR_CORE_H
#define CR_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CR_PUBLIC(type) __attribute__((visibility("default"))) type
#define CR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CR_PUBLIC(type) type
#define CR_PRINTF(f, a)
#endif

typedef enum {
    CR_OK = 0,
    CR_ENOMEM,     /* allocation failed */
    CR_EINVAL,     /* invalid argument or problem (bad matrix, bad option) */
    CR_EDATA,      /* input data failed to parse or validate; see diagnostics */
    CR_EIO,        /* a file could not be opened, read or written */
    CR_ENOTFOUND,  /* a named park, chain, scheme... does not exist */
    CR_EREFUSED,   /* valid but refused by policy (e.g. AHP CR > 0.1, not forced) */
    CR_EDEP,       /* a dependency (igraph, GSL) reported a failure */
    CR_EINTERNAL   /* a broken invariant: a bug in chainrank */
} cr_error_t;

/* One problem found in an input file: file:line:column: field: message.
 * line and column are 1-based; 0 means "not applicable" (e.g. a whole file). */
typedef struct {
    const char *file;
    long line;
    long column;
    const char *field;   /* "" when not applicable */
    const char *message;
} cr_diag;

typedef struct cr_ctx cr_ctx;

/* Call once at start-up, before any parallel region: switches off GSL's
 * aborting error handler and igraph's, so every failure comes back as a code. */
CR_PUBLIC(void) cr_global_init(void);

CR_PUBLIC(cr_ctx *) cr_ctx_alloc(void);
CR_PUBLIC(void) cr_ctx_free(cr_ctx *ctx);                   /* NULL ok */

/* The message of the last failure ("" if none). Valid until the next call on ctx. */
CR_PUBLIC(const char *) cr_ctx_errmsg(const cr_ctx *ctx);
CR_PUBLIC(cr_error_t) cr_ctx_errcode(const cr_ctx *ctx);
CR_PUBLIC(void) cr_ctx_clear(cr_ctx *ctx);                  /* error + diagnostics */

/* Records a failure on ctx and returns code, so `return cr_ctx_fail(...)` reads well. */
CR_PUBLIC(cr_error_t) cr_ctx_fail(cr_ctx *ctx, cr_error_t code, const char *fmt, ...) CR_PRINTF(3, 4);

/* Diagnostics collected by loaders and validation, in the order found.
 * At most `limit` are kept (default 100); cr_ctx_ndiag_total counts all. */
CR_PUBLIC(void) cr_ctx_set_diag_limit(cr_ctx *ctx, size_t limit);
CR_PUBLIC(size_t) cr_ctx_ndiag(const cr_ctx *ctx);
CR_PUBLIC(size_t) cr_ctx_ndiag_total(const cr_ctx *ctx);
CR_PUBLIC(const cr_diag *) cr_ctx_diag(const cr_ctx *ctx, size_t i);
/* Adds a diagnostic; returns CR_ENOMEM only if it could not be stored. */
CR_PUBLIC(cr_error_t) cr_ctx_add_diag(cr_ctx *ctx, const char *file, long line, long column,
                                      const char *field, const char *fmt, ...) CR_PRINTF(6, 7);
/* Warnings: what loads but looks wrong (a column that is ignored, a column
 * that is 0 or empty in every row, a full-width separator). Kept apart from
 * the diagnostics, so they never make a load fail; `validate` prints them and
 * `--strict` turns them into errors. Same limit; cleared by cr_ctx_clear. */
CR_PUBLIC(cr_error_t) cr_ctx_add_warning(cr_ctx *ctx, const char *file, long line, long column,
                                         const char *field, const char *fmt, ...) CR_PRINTF(6, 7);
CR_PUBLIC(size_t) cr_ctx_nwarn(const cr_ctx *ctx);
CR_PUBLIC(size_t) cr_ctx_nwarn_total(const cr_ctx *ctx);
CR_PUBLIC(const cr_diag *) cr_ctx_warning(const cr_ctx *ctx, size_t i);

/* Dataset snapshots (docs/snapshot.md): use = 1 (default) opens a dataset
 * from its snapshot when the snapshot is fresh, 0 always reads the files;
 * path (NULL = DATASET/.chainrank/snapshot.bin, the default) is where the
 * snapshot of every dataset opened with this ctx is looked for. */
CR_PUBLIC(cr_error_t) cr_ctx_set_snapshot(cr_ctx *ctx, int use, const char *path);
CR_PUBLIC(int) cr_ctx_snapshot_use(const cr_ctx *ctx);
CR_PUBLIC(const char *) cr_ctx_snapshot_path(const cr_ctx *ctx);   /* NULL: the default */

/* Threads for parallel regions; 0 = OpenMP's default. The library never reads
 * OMP_NUM_THREADS itself: the caller decides. */
CR_PUBLIC(void) cr_ctx_set_threads(cr_ctx *ctx, int threads);
CR_PUBLIC(int) cr_ctx_threads(const cr_ctx *ctx);

/* Progress of a long call (batch, compare over every park, SMAA, the
 * generator): fn(user, stage, done, total) is called on the calling thread
 * only (inside a parallel region, as its master), with done rising to total (the last call
 * has done == total). The library never prints: the caller decides whether
 * and how to show it. NULL fn = no reports (default). */
typedef void (*cr_progress_fn)(void *user, const char *stage, uint64_t done, uint64_t total);
CR_PUBLIC(void) cr_ctx_set_progress(cr_ctx *ctx, cr_progress_fn fn, void *user);

CR_PUBLIC(const char *) cr_strerror(cr_error_t code);

/* Whole-file reads, one implementation for every input of the library and the
 * CLI. cr_read_file reads the regular file at path into a malloc'ed,
 * NUL-terminated buffer (*len excludes the NUL) and refuses (CR_EIO) what is
 * not a regular file, so a FIFO or a device never blocks or streams forever;
 * what names the input in messages ("scheme", "plan"). cr_read_stream reads
 * the rest of an open stream the same way (the caller chose it, e.g. stdin
 * for "-") and does not close it. */
CR_PUBLIC(cr_error_t) cr_read_file(cr_ctx *ctx, const char *path, const char *what, char **buf, size_t *len);
CR_PUBLIC(cr_error_t) cr_read_stream(cr_ctx *ctx, FILE *fp, const char *path, const char *what, char **buf,
                                     size_t *len);

/* Atomic output files, one implementation for the generator and the CLI:
 * writes go to PATH.tmp.<pid>, and PATH appears only when
 * cr_outfile_publish renames the complete file over it, so no reader ever
 * sees half a file under PATH. A PATH that exists and is neither a regular
 * file nor a folder (a device, FIFO or socket: /dev/null, /dev/stdout) is
 * written in place instead, and its write errors (ENOSPC) are reported by
 * cr_outfile_close. Caller-allocated:
 *   cr_outfile_init   creates the temporary (fp is ready for writing);
 *   cr_outfile_close  flushes and closes it, failing if any write failed;
 *   cr_outfile_publish renames it over PATH (after close);
 *   cr_outfile_destroy closes what is open, removes an unpublished
 *                     temporary and frees; safe on a zeroed struct and twice.
 * Messages: "cannot write <temporary or device>: <reason>", "cannot rename <temporary>
 * to <path>: <reason>". */
typedef struct {
    FILE *fp;
    char *path, *tmp;  /* tmp NULL when direct */
    int published;
    int direct;        /* PATH is not a regular file: written in place */
} cr_outfile;
CR_PUBLIC(cr_error_t) cr_outfile_init(cr_ctx *ctx, cr_outfile *f, const char *path);
CR_PUBLIC(cr_error_t) cr_outfile_close(cr_ctx *ctx, cr_outfile *f);
CR_PUBLIC(cr_error_t) cr_outfile_publish(cr_ctx *ctx, cr_outfile *f);
CR_PUBLIC(void) cr_outfile_destroy(cr_outfile *f);
CR_PUBLIC(const char *) cr_version(void);

/* The language of texts meant for people (reports, workbook headings,
 * explanations under --lang): one enum for every module. */
typedef enum { CR_LANG_EN = 0, CR_LANG_ZH = 1, CR_LANG_COUNT } cr_lang;
/* "en" or "zh" -> 0, else -1 (out untouched). */
CR_PUBLIC(int) cr_lang_parse(const char *s, cr_lang *out);

#ifdef __cplusplus
}
#endif
#endif
