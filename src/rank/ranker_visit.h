/* The ranker's arrays for the snapshot (ranker_visit.c). */
#ifndef CR_RANK_RANKER_VISIT_H
#define CR_RANK_RANKER_VISIT_H

#include <chainrank/cr_rank.h>
#include "snapshot/visit.h"

cr_error_t cr__ranker_visit(cr_ranker *r, cr__snap_visit *v);
/* Its invariants once read (0, or 1 with w->why naming the array and index). */
int cr__ranker_check(const cr_ranker *r, cr__snap_why *w);

#endif
