/* The dataset's arrays for the snapshot (dataset_visit.c). */
#ifndef CR_DATA_DATASET_VISIT_H
#define CR_DATA_DATASET_VISIT_H

#include <chainrank/cr_data.h>
#include "snapshot/visit.h"

/* reading: 1 when v points fields into a file (string sizes come from it). */
cr_error_t cr__dataset_visit(cr_dataset *ds, cr__snap_visit *v, int reading);
/* The invariants of a dataset read from a snapshot (visit.h): the counts
 * before the visit (it reads off[n] of CSR arrays), every array after it.
 * 0, or 1 with w->why naming the array and the index. */
int cr__dataset_check_counts(const cr_dataset *ds, cr__snap_why *w);
int cr__dataset_check(const cr_dataset *ds, cr__snap_why *w);

/* The files dataset.json names (relative to dir, as written there), in
 * manifest order; *names is a NULL-terminated array the caller frees with
 * each entry. */
cr_error_t cr__dataset_source_files(cr_ctx *ctx, const char *dir, char ***names, size_t *n);
/* After a snapshot is mapped: the likelihood model, projects and events from
 * their files, as cr_dataset_load reads them (load.c). */
cr_error_t cr__dataset_load_extras(cr_ctx *ctx, const char *dir, cr_dataset *ds);
/* cr_dataset_load without looking for a snapshot (load.c). */
cr_error_t cr__dataset_load_files(cr_ctx *ctx, const char *dir, const cr_load_params *params, cr_dataset **out);

#endif
