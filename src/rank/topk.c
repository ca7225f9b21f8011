/* The bounded heap of the materialised path (topk.h). The streaming path
 * keeps its own heaps of whole entries (stream.c), under the same order. */
#include "rank/topk.h"

#include <string.h>

/* 1 if row a ranks before row b: better score, then smaller enterprise id. */
static int before(const cr__topk_order *o, int64_t a, int64_t b)
{
    double sa = o->score[a], sb = o->score[b];
    if (sa != sb) return o->desc ? sa > sb : sa < sb;
    const char *ia = cr__strtab_get(&o->ds->ent_id, (int32_t)o->ent[a]);
    const char *ib = cr__strtab_get(&o->ds->ent_id, (int32_t)o->ent[b]);
    int c = strcmp(ia, ib);
    return c != 0 ? c < 0 : a < b;
}

int cr__topk_before(const cr__topk_order *o, int64_t a, int64_t b)
{
    return before(o, a, b);
}

static void sift_down(const cr__topk_order *o, int64_t *h, int64_t n, int64_t i)
{
    /* max-heap on "rank position": the root is the worst kept row */
    for (;;) {
        int64_t l = 2 * i + 1, rr = l + 1, w = i;
        if (l < n && before(o, h[w], h[l])) w = l;
        if (rr < n && before(o, h[w], h[rr])) w = rr;
        if (w == i) return;
        int64_t t = h[i]; h[i] = h[w]; h[w] = t;
        i = w;
    }
}

/* Top k rows of m in rank order into h[0..k). O(m log k). */
int64_t cr__topk_select(const cr__topk_order *o, int64_t m, int64_t k, int64_t *h)
{
    if (k <= 0 || k > m) k = m;
    int64_t n = 0;
    for (int64_t i = 0; i < m; i++) {
        if (n < k) {
            h[n] = i;
            for (int64_t c = n++; c > 0;) {   /* sift up */
                int64_t pa = (c - 1) / 2;
                if (!before(o, h[pa], h[c])) break;
                int64_t t = h[pa]; h[pa] = h[c]; h[c] = t;
                c = pa;
            }
        } else if (before(o, i, h[0])) {
            h[0] = i;
            sift_down(o, h, n, 0);
        }
    }
    for (int64_t end = n - 1; end > 0; end--) {   /* heap sort: worst to the back */
        int64_t t = h[0]; h[0] = h[end]; h[end] = t;
        sift_down(o, h, end, 0);
    }
    return n;
}
