/* contest (cr_alloc.h, docs/allocate.md "contest"): how many parks' top lists
 * hold each enterprise, and the homogeneity of the lists, the mean over park
 * pairs of the Jaccard index |A ∩ B| / |A ∪ B| (Jaccard 1912).
 *
 * Cost: the pair intersections come from the enterprises' park lists, not
 * from merging every pair of lists: an enterprise in c lists adds 1 to
 * c(c-1)/2 pair counters, so O(slots + sum of c^2) time and parks^2 x 4
 * bytes for the counters (36 MB at 3,000 parks). Integer counts, then one sum
 * of doubles in pair order: the same bits for any thread count. */
#include <chainrank/cr_alloc.h>

#include "core/core_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr_contest_free(cr_contest *c)
{
    if (!c) return;
    free(c->rows);
    free(c);
}

typedef struct {
    int64_t ent;
    int32_t park;      /* list index */
    int32_t place;     /* 1-based */
    double score;
} slot;

static int cmp_slot(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
    if (x->place != y->place) return x->place < y->place ? -1 : 1;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->park > y->park) - (x->park < y->park);
}

/* Rows: more parks first, then enterprise id (bytewise). */
static int row_before(const cr_dataset *ds, const cr_contest_row *x, const cr_contest_row *y)
{
    if (x->nparks != y->nparks) return x->nparks > y->nparks;
    return strcmp(cr_dataset_enterprise_id(ds, x->ent), cr_dataset_enterprise_id(ds, y->ent)) < 0;
}

/* Stable merge sort with the dataset at hand (qsort has no user pointer). */
static void sort_rows(const cr_dataset *ds, cr_contest_row *a, cr_contest_row *tmp, int64_t n)
{
    if (n < 2) return;
    int64_t h = n / 2;
    sort_rows(ds, a, tmp, h);
    sort_rows(ds, a + h, tmp, n - h);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = row_before(ds, &a[j], &a[i]) ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

cr_error_t cr_contest_run(cr_ctx *ctx, const cr_park_lists *l, cr_contest **out)
{
    const cr_dataset *ds = l->ds;
    *out = NULL;
    const size_t np = l->nparks;
    const int64_t ns = l->off[np];
    cr_contest *c = cr__calloc(ctx, 1, sizeof *c);
    slot *s = cr__malloc(ctx, (size_t)ns + 1, sizeof *s);
    uint32_t *inter = cr__calloc(ctx, np * np + 1, sizeof *inter);
    int32_t *plist = cr__malloc(ctx, np + 1, sizeof *plist);
    if (!c || !s || !inter || !plist) {
        free(c); free(s); free(inter); free(plist);
        return CR_ENOMEM;
    }
    for (size_t i = 0; i < np; i++)
        for (int64_t j = l->off[i]; j < l->off[i + 1]; j++)
            s[j] = (slot){l->ent[j], (int32_t)i, (int32_t)(j - l->off[i] + 1), l->score[j]};
    qsort(s, (size_t)ns, sizeof *s, cmp_slot);
    c->total_slots = ns;
    int64_t nrows = 0;
    for (int64_t j = 0; j < ns; j++) nrows += j == 0 || s[j].ent != s[j - 1].ent;
    c->rows = cr__malloc(ctx, (size_t)nrows + 1, sizeof *c->rows);
    if (!c->rows) {
        free(s); free(inter); free(plist); cr_contest_free(c);
        return CR_ENOMEM;
    }
    for (int64_t j = 0, a = 0; j < ns; j = a) {
        for (a = j; a < ns && s[a].ent == s[j].ent; a++) {}
        cr_contest_row *row = &c->rows[c->nrows++];
        row->ent = s[j].ent;
        row->nparks = (int32_t)(a - j);
        row->best_park = s[j].park;   /* the slots of e are sorted by place, score, park */
        row->best_place = s[j].place;
        row->best_score = s[j].score;
        c->nshared += a - j >= 2;
        int32_t n = 0;
        for (int64_t q = j; q < a; q++) plist[n++] = s[q].park;
        for (int32_t x = 0; x < n; x++)
            for (int32_t y = 0; y < n; y++)
                if (plist[x] < plist[y]) inter[(size_t)plist[x] * np + (size_t)plist[y]]++;
    }
    {
        cr_contest_row *tmp = cr__malloc(ctx, (size_t)c->nrows + 1, sizeof *tmp);
        if (!tmp) {
            free(s); free(inter); free(plist); cr_contest_free(c);
            return CR_ENOMEM;
        }
        sort_rows(ds, c->rows, tmp, c->nrows);
        free(tmp);
    }
    /* mean pairwise Jaccard, in pair order */
    double sum = 0;
    int64_t npairs = 0;
    for (size_t a = 0; a < np; a++)
        for (size_t b = a + 1; b < np; b++) {
            int64_t la = l->off[a + 1] - l->off[a], lb = l->off[b + 1] - l->off[b], in = inter[a * np + b];
            int64_t un = la + lb - in;
            sum += un > 0 ? (double)in / (double)un : 0.0;   /* two empty lists: nothing shared */
            npairs++;
        }
    c->npairs = npairs;
    c->homogeneity = npairs ? sum / (double)npairs : NAN;
    free(s); free(inter); free(plist);
    *out = c;
    return CR_OK;
}
