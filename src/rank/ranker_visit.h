/* The ranker's arrays for the snapshot (ranker_visit.c). */
#ifndef CR_RANK_RANKER_VISIT_H
#define CR_RANK_RANKER_VISIT_H

#include <chainrank/cr_rank.h>
#include "snapshot/visit.h"

cr_error_t cr__ranker_visit(cr_ranker *r, cr__snap_visit *v);

#endif
