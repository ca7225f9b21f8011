/* Events and populations of the likelihood model (src/likely/events.c). */
#ifndef CR_LIKELY_EVENTS_H
#define CR_LIKELY_EVENTS_H

#include <chainrank/cr_likely.h>
#include "data/dataset.h"
#include <stddef.h>

typedef struct {
    int64_t e;
    int32_t p;
} cr__lk_event;

/* 1 January of year, in days since 1970-01-01. */
int32_t cr__lk_jan1(int year);
/* The (proleptic Gregorian) year of a day number. */
int cr__lk_year_of(int32_t days);

/* Population (pop[nent] set to 0/1) and the sorted, distinct events (e, p)
 * of year, as ranker r (built as of 1 January of year) sees them; src is
 * the index of the events' source in ds->sources (-1: none, so no events).
 * *out is malloc'ed (NULL when none). */
cr_error_t cr__lk_year_events(cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, int32_t src, int year,
                              uint8_t *pop, cr__lk_event **out, size_t *nout);
/* 1 if (e, p) is among the n sorted events. O(log n). */
int cr__lk_is_event(const cr__lk_event *ev, size_t n, int64_t e, int32_t p);
/* Its position among them, or -1. */
ptrdiff_t cr__lk_event_index(const cr__lk_event *ev, size_t n, int64_t e, int32_t p);

#endif
