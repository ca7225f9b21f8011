/* The layout of a projects set (include/chainrank/cr_projects.h): an
 * interface of src/data for src/projects. Struct-of-arrays; events in CSR by
 * project, each project's events ordered by (date, stage, input order). */
#ifndef CR_DATA_PROJECTS_H
#define CR_DATA_PROJECTS_H

#include <chainrank/cr_projects.h>
#include "core/strtab.h"

enum { CR__PN_INVEST = 0, CR__PN_FIXED, CR__PN_LAND, CR__PN_PLOT, CR__PN_JOBS, CR__PN_OUTPUT, CR__PN_TAX,
       CR__PN_ENERGY, CR__PN_WATER, CR__PN_CO2, CR__PN_POLLUTANT, CR__PN_N };

struct cr_projects {
    int64_t n;
    cr__strtab id, sources;
    int32_t *ent, *park, *seg;
    double *num[CR__PN_N];                 /* NaN = not given; land in 亩 */
    int8_t *ha, *basis;
    int32_t *start_due, *completion_due, *founded, *source;
    size_t cap;
    /* events */
    int64_t nev;
    int64_t *ev_off;                       /* [n+1] */
    int32_t *ev_date, *ev_source;
    int8_t *ev_stage, *ev_basis;
    double *ev_amount;
};

void cr__projects_destroy(struct cr_projects *p);

#endif
