/* The top rows of a scored list (topk.c): a bounded heap under the total
 * order of the ranked lists - better score first, then the smaller
 * enterprise id (bytewise), then the smaller row - so the kept rows and
 * their order do not depend on the input order. */
#ifndef CR_RANK_TOPK_H
#define CR_RANK_TOPK_H

#include "rank/rank_internal.h"

typedef struct {
    const double *score;
    const int64_t *ent;          /* row -> enterprise */
    const cr_dataset *ds;
    int desc;
} cr__topk_order;

/* Top k rows of rows 0..m-1 (k <= 0 or k > m: all m) in rank order into
 * h[0..returned); O(m log k) time, h holds k entries. */
/* 1 if row a ranks before row b under that order. */
int cr__topk_before(const cr__topk_order *o, int64_t a, int64_t b);

int64_t cr__topk_select(const cr__topk_order *o, int64_t m, int64_t k, int64_t *h);

#endif
