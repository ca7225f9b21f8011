/* What the rest of the library needs of the snapshot (snapshot.c). */
#ifndef CR_SNAPSHOT_SNAPSHOT_H
#define CR_SNAPSHOT_SNAPSHOT_H

#include <chainrank/cr_snapshot.h>
#include <chainrank/cr_rank.h>

/* 1 when a snapshot may stand for a load with these parameters: the ctx
 * allows snapshots and params are NULL or the defaults (a snapshot holds the
 * dataset as the default load makes it). */
int cr__snapshot_applies(const cr_ctx *ctx, const cr_load_params *params);
/* Opens dir's snapshot. *ds NULL and CR_OK when there is none or it cannot
 * be used (stale, corrupt, foreign: a warning on ctx says which, except
 * when there is none); then the caller reads the files. With model (and
 * ranker) non-NULL, they are restored too (the snapshot's model and ranker
 * were built with cr_world_params_default). Errors: CR_ENOMEM only. */
cr_error_t cr__snapshot_open(cr_ctx *ctx, const char *dir, cr_dataset **ds, cr_model **model, cr_ranker **ranker);
void cr__snapshot_unmap(void *map, size_t len);
/* Tests and the fuzz harness: after editing a snapshot image in memory,
 * recompute its body and header hashes so the edit passes the damage check
 * (what a crafted file does). 1 done; 0 when the header's length or blocks
 * do not fit len (nothing changed). */
int cr__snapshot_rehash(unsigned char *base, size_t len);

#endif
