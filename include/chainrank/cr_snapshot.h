/* Dataset snapshots (docs/snapshot.md): one file holding a loaded, validated
 * dataset with its model and ranker, mapped into memory instead of loading
 * the CSV files. Every call that opens a dataset (cr_dataset_load,
 * cr_world_init) uses DATASET/.chainrank/snapshot.bin by itself when it is
 * fresh — the files dataset.json names, and dataset.json, have the size,
 * modification time and content hash recorded in it, and it was written by
 * a build with the same layout — and reads the files otherwise (a warning on
 * the ctx says why when a snapshot exists but is not used).
 * cr_ctx_set_snapshot switches this off or names another path. Only
 * cr_snapshot_write writes a snapshot. */
#ifndef CR_SNAPSHOT_H
#define CR_SNAPSHOT_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint64_t bytes;      /* size of the file */
    int64_t arrays;      /* arrays stored */
    int64_t files;       /* dataset files fingerprinted (dataset.json included) */
} cr_snapshot_info;

/* dir's default snapshot path, DIR/.chainrank/snapshot.bin, into buf. */
CR_PUBLIC(void) cr_snapshot_default_path(const char *dir, char *buf, size_t cap);

/* Loads dir from its files (never from a snapshot), builds the model and
 * ranker with cr_world_params_default and writes them to path (NULL: the
 * default path; its folder .chainrank is created), atomically (cr_outfile).
 * The likelihood model and projects are not stored: they are read from their
 * (small, fingerprinted) files when the snapshot is opened.
 * Time: a load + model + ranker, and writing about as many bytes as they
 * hold in memory. info may be NULL. */
CR_PUBLIC(cr_error_t) cr_snapshot_write(cr_ctx *ctx, const char *dir, const char *path, cr_snapshot_info *info);

#ifdef __cplusplus
}
#endif
#endif
