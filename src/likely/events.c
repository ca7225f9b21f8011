/* Observed new plants by year: who could have opened one (the population the
 * event source observes) and who did, where (docs/likelihood.md "Events").
 *
 * The events come from history rows of one source (the Apple supplier list):
 * a site first listed in year y is a new plant of year y. Such a source only
 * sees its own firms, and a firm's first appearance in it is not a new plant
 * but a new entry in the list (all its sites appear at once), so:
 *   - the population of year y is the enterprises with a site of that source
 *     known before 1 January y (since set and < the cutoff);
 *   - an event (e, p, y) is a `landed` row of the source dated in year y, of
 *     an enterprise of that population, in a park e was not yet a tenant of
 *     (a second plant in a park where e already is cannot be a target:
 *     tenants are never candidates). */
#include "likely/likely_internal.h"
#include "data/dataset.h"
#include "data/dates.h"

#include <stdlib.h>
#include <string.h>

#include "likely/events.h"

int32_t cr__lk_jan1(int year)
{
    return cr__days_from_civil(year, 1, 1);
}

int cr__lk_year_of(int32_t days)
{
    return cr__year_of_days(days);
}

static int cmp_pair(const void *a, const void *b)
{
    const cr__lk_event *x = a, *y = b;
    if (x->e != y->e) return x->e < y->e ? -1 : 1;
    return (x->p > y->p) - (x->p < y->p);
}

cr_error_t cr__lk_year_events(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, int32_t src, int year,
                              uint8_t *pop, cr__lk_event **out, size_t *nout)
{
    const int32_t c0 = cr__lk_jan1(year), c1 = cr__lk_jan1(year + 1);
    *out = NULL;
    *nout = 0;
    memset(pop, 0, (size_t)ds->nent);
    if (src < 0) return CR_OK;
    for (int64_t e = 0; e < ds->nent; e++)
        for (int64_t s = ds->ent_site_off[e]; s < ds->ent_site_off[e + 1]; s++)
            if (ds->site_source[s] == src && ds->site_since[s] != INT32_MIN && ds->site_since[s] < c0) {
                pop[e] = 1;
                break;
            }
    size_t n = 0, cap = 0;
    cr__lk_event *ev = NULL;
    for (int64_t h = 0; h < ds->nhist; h++) {
        if (ds->hist_source[h] != src || ds->hist_stage[h] != CR_HIST_LANDED) continue;
        if (ds->hist_date[h] < c0 || ds->hist_date[h] >= c1) continue;
        int64_t e = ds->hist_ent[h];
        int32_t p = ds->hist_park[h];
        if (!pop[e] || cr_ranker_is_tenant(r, e, p)) continue;
        if (cr__grow(ctx, (void **)&ev, &cap, n + 1, sizeof *ev) != CR_OK) { free(ev); return CR_ENOMEM; }
        ev[n].e = e;
        ev[n].p = p;
        n++;
    }
    if (n > 1) qsort(ev, n, sizeof *ev, cmp_pair);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (w == 0 || cmp_pair(&ev[w - 1], &ev[i]) != 0) ev[w++] = ev[i];
    *out = ev;
    *nout = w;
    return CR_OK;
}

int cr__lk_is_event(const cr__lk_event *ev, size_t n, int64_t e, int32_t p)
{
    return cr__lk_event_index(ev, n, e, p) >= 0;
}

ptrdiff_t cr__lk_event_index(const cr__lk_event *ev, size_t n, int64_t e, int32_t p)
{
    cr__lk_event key = {e, p};
    const cr__lk_event *hit = n ? bsearch(&key, ev, n, sizeof *ev, cmp_pair) : NULL;
    return hit ? hit - ev : -1;
}
