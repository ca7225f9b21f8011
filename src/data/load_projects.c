/* Projects (projects.csv, a proposal file) and their stage events
 * (project_events.csv): docs/data-format.md "Projects".
 *
 * One row checker (cr__project_add) serves CSV rows and JSON objects through
 * a getter that returns a field as text with its line and column, so both
 * give the same messages. Events are read into input order, then ordered per
 * project by (date, stage, input order) with a counting sort by project and
 * an insertion sort of each project's few events; the cross-row rules (one
 * signing, nothing before it, stages in order) are checked on that order.
 * Memory: about 150 bytes a project, 30 an event. */
#include "data/load.h"
#include "data/projects.h"
#include "core/core_internal.h"
#include "data/dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stage_names[CR_PEV_N] = {"signed", "funds", "started", "completed", "operating", "withdrawn"};

const char *const cr__project_cols[CR__PC_N] = {
    "id", "enterprise", "park", "segment", "invest", "fixed_invest", "land_mu", "land_ha", "plot_ratio", "jobs",
    "output", "tax", "energy", "water", "co2", "pollutant", "start_due", "completion_due", "investor_founded",
    "basis", "source"};

const char *cr_pev_stage_name(cr_pev_stage s) { return (unsigned)s < CR_PEV_N ? stage_names[s] : "?"; }

void cr__projects_destroy(struct cr_projects *p)
{
    if (!p) return;
    cr__strtab_destroy(&p->id);
    cr__strtab_destroy(&p->sources);
    free(p->ent); free(p->park); free(p->seg);
    for (int i = 0; i < CR__PN_N; i++) free(p->num[i]);
    free(p->ha); free(p->basis); free(p->start_due); free(p->completion_due); free(p->founded); free(p->source);
    free(p->ev_off); free(p->ev_date); free(p->ev_source); free(p->ev_stage); free(p->ev_basis); free(p->ev_amount);
    memset(p, 0, sizeof *p);
}

void cr_projects_free(cr_projects *p)
{
    cr__projects_destroy(p);
    free(p);
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

static cr_error_t grow(cr_ctx *ctx, struct cr_projects *p)
{
    if ((size_t)p->n < p->cap) return CR_OK;
    size_t nc = p->cap ? 2 * p->cap : 64, c;
    cr_error_t rc;
#define G(ptr) do { c = p->cap; if ((rc = cr__grow(ctx, (void **)&(ptr), &c, nc, sizeof *(ptr))) != CR_OK) return rc; } while (0)
    G(p->ent); G(p->park); G(p->seg); G(p->ha); G(p->basis); G(p->start_due); G(p->completion_due); G(p->founded);
    G(p->source);
    for (int i = 0; i < CR__PN_N; i++) G(p->num[i]);
#undef G
    p->cap = nc;
    return CR_OK;
}

cr_error_t cr__project_add(cr__src *src, const cr_dataset *ds, struct cr_projects *p, void *rec, cr__pget get, long line)
{
    cr__pval v[CR__PC_N];
    for (int c = 0; c < CR__PC_N; c++) {
        memset(&v[c], 0, sizeof v[c]);
        get(rec, c, &v[c]);
        if (v[c].s) trim(&v[c].s, &v[c].len);
        if (!v[c].line) v[c].line = line;
    }
    int bad = 0;
#define MISSING(c, what) do { cr__diagf(src, v[c].line, v[c].col, cr__project_cols[c], "missing %s", what); bad = 1; } while (0)
    /* id */
    int32_t id = -1;
    if (!v[CR__PC_ID].len) MISSING(CR__PC_ID, "project id");
    else if (cr__strtab_find(&p->id, v[CR__PC_ID].s, v[CR__PC_ID].len) >= 0) {
        cr__diagf(src, v[CR__PC_ID].line, v[CR__PC_ID].col, "id", "duplicate project id '%.*s'", (int)v[CR__PC_ID].len,
                  v[CR__PC_ID].s);
        bad = 1;
    }
    /* enterprise, park */
    int32_t e = -1, pk = -1, sg = -1;
    if (!v[CR__PC_ENT].len) MISSING(CR__PC_ENT, "enterprise id");
    else if ((e = cr__strtab_find(&ds->ent_id, v[CR__PC_ENT].s, v[CR__PC_ENT].len)) < 0) {
        cr__diagf(src, v[CR__PC_ENT].line, v[CR__PC_ENT].col, "enterprise", "unknown enterprise '%.*s'",
                  (int)v[CR__PC_ENT].len, v[CR__PC_ENT].s);
        bad = 1;
    }
    if (!v[CR__PC_PARK].len) MISSING(CR__PC_PARK, "park id");
    else if ((pk = cr__strtab_find(&ds->park_id, v[CR__PC_PARK].s, v[CR__PC_PARK].len)) < 0) {
        cr__diagf(src, v[CR__PC_PARK].line, v[CR__PC_PARK].col, "park", "unknown park '%.*s'", (int)v[CR__PC_PARK].len,
                  v[CR__PC_PARK].s);
        bad = 1;
    }
    if (v[CR__PC_SEG].len) {
        if ((sg = cr__strtab_find(&ds->seg_id, v[CR__PC_SEG].s, v[CR__PC_SEG].len)) < 0) {
            cr__diagf(src, v[CR__PC_SEG].line, v[CR__PC_SEG].col, "segment", "unknown segment '%.*s'",
                      (int)v[CR__PC_SEG].len, v[CR__PC_SEG].s);
            bad = 1;
        }
    } else if (e >= 0) {
        /* the enterprise's largest share, the first on a tie */
        double best = -1;
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++)
            if (ds->ent_share[t] > best) { best = ds->ent_share[t]; sg = ds->ent_seg[t]; }
    }
    /* numbers: column -> slot, constraint */
    static const struct { int col, slot, kind; } nums[] = {
        {CR__PC_INVEST, CR__PN_INVEST, CR__NUM_POS},  {CR__PC_FIXED, CR__PN_FIXED, CR__NUM_NONNEG},
        {CR__PC_PLOT, CR__PN_PLOT, CR__NUM_POS},      {CR__PC_JOBS, CR__PN_JOBS, CR__NUM_NONNEG},
        {CR__PC_OUTPUT, CR__PN_OUTPUT, CR__NUM_NONNEG}, {CR__PC_TAX, CR__PN_TAX, CR__NUM_NONNEG},
        {CR__PC_ENERGY, CR__PN_ENERGY, CR__NUM_NONNEG}, {CR__PC_WATER, CR__PN_WATER, CR__NUM_NONNEG},
        {CR__PC_CO2, CR__PN_CO2, CR__NUM_NONNEG},     {CR__PC_POLL, CR__PN_POLLUTANT, CR__NUM_NONNEG}};
    double num[CR__PN_N];
    for (int i = 0; i < CR__PN_N; i++) num[i] = NAN;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        const cr__pval *x = &v[nums[i].col];
        num[nums[i].slot] = cr__num_field(src, x->line, x->col, cr__project_cols[nums[i].col], x->s ? x->s : "", x->len,
                                          NAN, nums[i].kind, &bad);
    }
    if (!v[CR__PC_INVEST].len) MISSING(CR__PC_INVEST, "planned total investment (万元)");
    if (num[CR__PN_FIXED] > num[CR__PN_INVEST]) {
        cr__diagf(src, v[CR__PC_FIXED].line, v[CR__PC_FIXED].col, "fixed_invest",
                  "fixed-asset investment %.*s above the planned total %.*s", (int)v[CR__PC_FIXED].len, v[CR__PC_FIXED].s,
                  (int)v[CR__PC_INVEST].len, v[CR__PC_INVEST].s);
        bad = 1;
    }
    /* land: 亩 or ha, not both */
    int ha = 0;
    double mu = cr__num_field(src, v[CR__PC_LAND_MU].line, v[CR__PC_LAND_MU].col, "land_mu",
                              v[CR__PC_LAND_MU].s ? v[CR__PC_LAND_MU].s : "", v[CR__PC_LAND_MU].len, NAN, CR__NUM_POS, &bad);
    double hv = cr__num_field(src, v[CR__PC_LAND_HA].line, v[CR__PC_LAND_HA].col, "land_ha",
                              v[CR__PC_LAND_HA].s ? v[CR__PC_LAND_HA].s : "", v[CR__PC_LAND_HA].len, NAN, CR__NUM_POS, &bad);
    if (v[CR__PC_LAND_MU].len && v[CR__PC_LAND_HA].len) {
        cr__diagf(src, v[CR__PC_LAND_HA].line, v[CR__PC_LAND_HA].col, "land_ha",
                  "land given twice: land_mu %.*s and land_ha %.*s (give one; 1 ha = 15 亩)", (int)v[CR__PC_LAND_MU].len,
                  v[CR__PC_LAND_MU].s, (int)v[CR__PC_LAND_HA].len, v[CR__PC_LAND_HA].s);
        bad = 1;
    } else if (v[CR__PC_LAND_HA].len) {
        mu = hv * CR_MU_PER_HA;
        ha = 1;
    }
    num[CR__PN_LAND] = mu;
    /* dates */
    int32_t d[3] = {CR_SINCE_UNKNOWN, CR_SINCE_UNKNOWN, CR_SINCE_UNKNOWN};
    static const int dcols[3] = {CR__PC_START_DUE, CR__PC_COMPL_DUE, CR__PC_FOUNDED};
    for (int i = 0; i < 3; i++) {
        const cr__pval *x = &v[dcols[i]];
        if (!x->len) continue;
        int r = i == 2 ? cr__parse_day_or_year(x->s, x->len, &d[i]) : cr__parse_date(x->s, x->len, &d[i]);
        if (r != 0) {
            cr__diagf(src, x->line, x->col, cr__project_cols[dcols[i]], "'%.*s' is not a date %s", (int)x->len, x->s,
                      i == 2 ? "YYYY or YYYY-MM-DD" : "YYYY-MM-DD");
            d[i] = CR_SINCE_UNKNOWN;
            bad = 1;
        }
    }
    if (d[0] != CR_SINCE_UNKNOWN && d[1] != CR_SINCE_UNKNOWN && d[1] < d[0]) {
        cr__diagf(src, v[CR__PC_COMPL_DUE].line, v[CR__PC_COMPL_DUE].col, "completion_due",
                  "completion due %.*s before the start due %.*s", (int)v[CR__PC_COMPL_DUE].len, v[CR__PC_COMPL_DUE].s,
                  (int)v[CR__PC_START_DUE].len, v[CR__PC_START_DUE].s);
        bad = 1;
    }
    int basis = CR_BASIS_UNSTATED;
    if (v[CR__PC_BASIS].len &&
        (basis = cr__basis_field(src, v[CR__PC_BASIS].line, v[CR__PC_BASIS].col, v[CR__PC_BASIS].s, v[CR__PC_BASIS].len)) < 0)
        bad = 1;
#undef MISSING
    if (bad) return src->rc;
    cr_error_t rc;
    int32_t source = -1;
    if (v[CR__PC_SOURCE].len &&
        (rc = cr__strtab_intern(src->ctx, &p->sources, v[CR__PC_SOURCE].s, v[CR__PC_SOURCE].len, &source, NULL)) != CR_OK)
        return rc;
    if ((rc = grow(src->ctx, p)) != CR_OK) return rc;
    if ((rc = cr__strtab_intern(src->ctx, &p->id, v[CR__PC_ID].s, v[CR__PC_ID].len, &id, NULL)) != CR_OK) return rc;
    const int64_t i = p->n++;
    p->ent[i] = e;
    p->park[i] = pk;
    p->seg[i] = sg;
    for (int k = 0; k < CR__PN_N; k++) p->num[k][i] = num[k];
    p->ha[i] = (int8_t)ha;
    p->basis[i] = (int8_t)basis;
    p->start_due[i] = d[0];
    p->completion_due[i] = d[1];
    p->founded[i] = d[2];
    p->source[i] = source;
    return src->rc;
}

/* ---- projects.csv ---------------------------------------------------------- */

typedef struct {
    cr__csv *csv;
    const cr__colspec *cols;
} csv_rec;

static void csv_get(void *rec, int c, cr__pval *v)
{
    const csv_rec *r = rec;
    v->line = cr__csv_line(r->csv);
    if (r->cols[c].idx < 0) return;
    v->s = cr__csv_field(r->csv, (size_t)r->cols[c].idx);
    v->len = cr__csv_flen(r->csv, (size_t)r->cols[c].idx);
    v->col = cr__csv_fcol(r->csv, (size_t)r->cols[c].idx);
    v->line = cr__csv_fline(r->csv, (size_t)r->cols[c].idx);
}

cr_error_t cr__load_projects(cr__src *src, const char *path, const cr_dataset *ds, struct cr_projects *p)
{
    cr__colspec cols[CR__PC_N];
    for (int i = 0; i < CR__PC_N; i++) {
        cols[i].name = cr__project_cols[i];
        cols[i].required = i == CR__PC_ID || i == CR__PC_ENT || i == CR__PC_PARK || i == CR__PC_INVEST;
    }
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(src->ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader;
    if (cr__csv_header(src, csv, cols, CR__PC_N, &nheader)) {
        csv_rec r = {csv, cols};
        cr__csv_status st;
        while ((rc = cr__csv_next(src->ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
            if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
            if ((rc = cr__project_add(src, ds, p, &r, csv_get, cr__csv_line(csv))) != CR_OK) break;
        }
    }
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- project_events.csv, and the "events" of a JSON proposal -------------- */

const char *const cr__event_cols[CR__EC_N] = {"project", "date", "stage", "amount", "basis", "source"};

typedef struct {
    int32_t proj, date;
    int8_t stage, basis;
    int32_t source;
    double amount;
    long seq, line, col_date, col_stage;   /* seq: input order (the tie-break); line, cols: messages */
    int32_t jp, je;                        /* JSON: projects[jp].events[je] (jp -1: a lone object) */
} ev_row;

/* A field's name in a cross-row message: the CSV column, or its JSON path. */
static const char *ev_field(char *buf, size_t n, const cr__evbuf *b, const ev_row *x, const char *name)
{
    if (!b->json) return name;
    if (x->jp < 0) snprintf(buf, n, "events[%d].%s", (int)x->je, name);
    else snprintf(buf, n, "projects[%d].events[%d].%s", (int)x->jp, (int)x->je, name);
    return buf;
}

static int ev_before(const ev_row *a, const ev_row *b)
{
    if (a->date != b->date) return a->date < b->date;
    if (a->stage != b->stage) return a->stage < b->stage;
    return a->seq < b->seq;
}

/* One event through a getter (a CSV row or a JSON object), the same checks and messages for both; appended to
 * b unless bad. proj >= 0: the event belongs to that project (a JSON proposal's own events: its "project", if
 * given, must name it); -1: the "project" field names it. prefix is put before the field names in messages
 * (a JSON path such as "projects[1].events[0]."; "" for CSV). */
cr_error_t cr__event_add(cr__src *src, struct cr_projects *p, void *rec, cr__pget get, long line, const char *prefix,
                         int32_t proj, cr__evbuf *b)
{
    cr__pval v[CR__EC_N];
    char fld[CR__EC_N][96];
    for (int c = 0; c < CR__EC_N; c++) {
        memset(&v[c], 0, sizeof v[c]);
        get(rec, c, &v[c]);
        if (v[c].s) trim(&v[c].s, &v[c].len);
        else v[c].s = "";
        if (!v[c].line) v[c].line = line;
        snprintf(fld[c], sizeof fld[c], "%s%s", prefix, cr__event_cols[c]);
    }
    int bad = 0;
    ev_row r = {-1, 0, -1, CR_BASIS_UNSTATED, -1, NAN, b->seq++, line, v[CR__EC_DATE].col, v[CR__EC_STAGE].col, b->jp, b->je};
    const cr__pval *pj = &v[CR__EC_PROJ];
    if (proj >= 0) {
        r.proj = proj;
        const char *own = cr__strtab_get(&p->id, (size_t)proj);
        if (pj->len && (strlen(own) != pj->len || memcmp(own, pj->s, pj->len) != 0)) {
            cr__diagf(src, pj->line, pj->col, fld[CR__EC_PROJ], "event of project '%.*s' inside project '%s'", (int)pj->len,
                      pj->s, own);
            bad = 1;
        }
    } else if (!pj->len) {
        cr__diagf(src, pj->line, pj->col, fld[CR__EC_PROJ], "missing project id");
        bad = 1;
    } else if ((r.proj = cr__strtab_find(&p->id, pj->s, pj->len)) < 0) {
        cr__diagf(src, pj->line, pj->col, fld[CR__EC_PROJ], "unknown project '%.*s'", (int)pj->len, pj->s);
        bad = 1;
    }
    const cr__pval *dt = &v[CR__EC_DATE], *sg = &v[CR__EC_STAGE], *am = &v[CR__EC_AMOUNT], *bs = &v[CR__EC_BASIS];
    if (cr__parse_date(dt->s, dt->len, &r.date) != 0) {
        cr__diagf(src, dt->line, dt->col, fld[CR__EC_DATE], "'%.*s' is not a date YYYY-MM-DD", (int)dt->len, dt->s);
        bad = 1;
    }
    for (int s = 0; s < CR_PEV_N; s++)
        if (strlen(stage_names[s]) == sg->len && !memcmp(stage_names[s], sg->s, sg->len)) r.stage = (int8_t)s;
    if (r.stage < 0) {
        cr__diagf(src, sg->line, sg->col, fld[CR__EC_STAGE],
                  "unknown stage '%.*s' (signed, funds, started, completed, operating or withdrawn)", (int)sg->len, sg->s);
        bad = 1;
    }
    if (am->len) {
        r.amount = cr__num_field(src, am->line, am->col, fld[CR__EC_AMOUNT], am->s, am->len, NAN, CR__NUM_POS, &bad);
        if (r.stage >= 0 && r.stage != CR_PEV_FUNDS) {
            cr__diagf(src, am->line, am->col, fld[CR__EC_AMOUNT], "an amount belongs to a funds event, not to '%s'",
                      stage_names[r.stage]);
            bad = 1;
        }
    } else if (r.stage == CR_PEV_FUNDS) {
        cr__diagf(src, am->line, am->col ? am->col : sg->col, fld[CR__EC_AMOUNT], "a funds event needs its amount (万元)");
        bad = 1;
    }
    int basis = CR_BASIS_UNSTATED;
    if (bs->len && (basis = cr__basis_field(src, bs->line, bs->col, bs->s, bs->len)) < 0) bad = 1;
    r.basis = (int8_t)basis;
    cr_error_t rc;
    if (v[CR__EC_SOURCE].len &&
        (rc = cr__strtab_intern(src->ctx, &p->sources, v[CR__EC_SOURCE].s, v[CR__EC_SOURCE].len, &r.source, NULL)) != CR_OK)
        return rc;
    if (bad) return src->rc;
    if (b->n == b->cap && (rc = cr__grow(src->ctx, (void **)&b->rows, &b->cap, b->cap ? 2 * b->cap : 256, sizeof(ev_row))) != CR_OK)
        return rc;
    ((ev_row *)b->rows)[b->n++] = r;
    return src->rc;
}

/* Orders the events of b by project (counting sort, stable), then (date, stage, input order); checks the
 * cross-row rules on that order and stores them in p. Nothing is stored when a diagnostic was added since
 * before (the count of diagnostics when reading began). Frees b's rows. */
cr_error_t cr__events_finish(cr__src *src, struct cr_projects *p, cr__evbuf *b, size_t before)
{
    cr_ctx *ctx = src->ctx;
    ev_row *rows = b->rows, *sorted = NULL;
    const size_t n = b->n;
    cr_error_t rc = CR_OK;
    if (cr_ctx_ndiag_total(ctx) != before) goto done;
    p->ev_off = cr__calloc(ctx, (size_t)p->n + 1, sizeof *p->ev_off);
    sorted = cr__malloc(ctx, n + 1, sizeof *sorted);
    if (!p->ev_off || !sorted) { rc = CR_ENOMEM; goto done; }
    for (size_t i = 0; i < n; i++) p->ev_off[rows[i].proj + 1]++;
    for (int64_t j = 0; j < p->n; j++) p->ev_off[j + 1] += p->ev_off[j];
    {
        int64_t *pos = cr__malloc(ctx, (size_t)p->n + 1, sizeof *pos);
        if (!pos) { rc = CR_ENOMEM; goto done; }
        memcpy(pos, p->ev_off, (size_t)p->n * sizeof *pos);
        for (size_t i = 0; i < n; i++) sorted[pos[rows[i].proj]++] = rows[i];
        free(pos);
    }
    for (int64_t j = 0; j < p->n; j++) {
        ev_row *v = sorted + p->ev_off[j];
        int64_t m = p->ev_off[j + 1] - p->ev_off[j];
        for (int64_t a = 1; a < m; a++) {
            ev_row x = v[a];
            int64_t c = a;
            while (c > 0 && ev_before(&x, &v[c - 1])) { v[c] = v[c - 1]; c--; }
            v[c] = x;
        }
        /* cross-row rules, in event order */
        const char *pid = cr__strtab_get(&p->id, (size_t)j);
        long first_line[CR_PEV_N] = {0};
        char fs[96], fd[96];
        for (int64_t a = 0; a < m; a++) {
            const ev_row *x = &v[a];
            const char *f_stage = ev_field(fs, sizeof fs, b, x, "stage"), *f_date = ev_field(fd, sizeof fd, b, x, "date");
            if (x->stage != CR_PEV_FUNDS && first_line[x->stage]) {
                cr__diagf(src, x->line, x->col_stage, f_stage, "second '%s' event of project %s (the first is on line %ld)",
                          stage_names[x->stage], pid, first_line[x->stage]);
                continue;
            }
            if (!first_line[x->stage]) first_line[x->stage] = x->line;
            if (x->stage == CR_PEV_SIGNED) continue;
            if (!first_line[CR_PEV_SIGNED]) {
                cr__diagf(src, x->line, x->col_date, f_date, "'%s' event of project %s before its signing (or no signed event)",
                          stage_names[x->stage], pid);
                continue;
            }
            /* started <= completed <= operating: a later stage needs the earlier one first */
            if (x->stage == CR_PEV_COMPLETED && !first_line[CR_PEV_STARTED])
                cr__diagf(src, x->line, x->col_stage, f_stage, "project %s completed without a started event before it", pid);
            if (x->stage == CR_PEV_WITHDRAWN) continue;
            if (first_line[CR_PEV_WITHDRAWN])
                cr__diagf(src, x->line, x->col_date, f_date, "'%s' event of project %s after its withdrawal (line %ld)",
                          stage_names[x->stage], pid, first_line[CR_PEV_WITHDRAWN]);
        }
    }
    if (cr_ctx_ndiag_total(ctx) != before) goto done;
    p->nev = (int64_t)n;
    p->ev_date = cr__malloc(ctx, n + 1, sizeof *p->ev_date);
    p->ev_source = cr__malloc(ctx, n + 1, sizeof *p->ev_source);
    p->ev_stage = cr__malloc(ctx, n + 1, sizeof *p->ev_stage);
    p->ev_basis = cr__malloc(ctx, n + 1, sizeof *p->ev_basis);
    p->ev_amount = cr__malloc(ctx, n + 1, sizeof *p->ev_amount);
    if (!p->ev_date || !p->ev_source || !p->ev_stage || !p->ev_basis || !p->ev_amount) { rc = CR_ENOMEM; goto done; }
    for (size_t i = 0; i < n; i++) {
        p->ev_date[i] = sorted[i].date;
        p->ev_source[i] = sorted[i].source;
        p->ev_stage[i] = sorted[i].stage;
        p->ev_basis[i] = sorted[i].basis;
        p->ev_amount[i] = sorted[i].amount;
    }
done:
    free(rows);
    free(sorted);
    memset(b, 0, sizeof *b);
    return rc != CR_OK ? rc : src->rc;
}

cr_error_t cr__load_project_events(cr__src *src, const char *path, struct cr_projects *p)
{
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[CR__EC_N];
    for (int i = 0; i < CR__EC_N; i++) {
        cols[i].name = cr__event_cols[i];
        cols[i].required = i <= CR__EC_STAGE;
    }
    cr__evbuf b = {0};
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader;
    size_t before = cr_ctx_ndiag_total(ctx);
    if (cr__csv_header(src, csv, cols, CR__EC_N, &nheader)) {
        csv_rec r = {csv, cols};
        cr__csv_status st;
        while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
            if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
            if ((rc = cr__event_add(src, p, &r, csv_get, cr__csv_line(csv), "", -1, &b)) != CR_OK) break;
        }
        if (rc == CR_OK) rc = cr__events_finish(src, p, &b, before);
    }
    free(b.rows);   /* NULL after cr__events_finish */
    cr__csv_close(csv);
    return rc != CR_OK ? rc : src->rc;
}

/* ---- holidays.csv ------------------------------------------------------------ */

typedef struct { int32_t date; int8_t work; long line; } hol_row;

static int hol_cmp(const void *a, const void *b)
{
    const hol_row *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Columns date (YYYY-MM-DD) and kind (holiday, or workday: an adjusted working Saturday or Sunday, 调休上班);
 * name and source are for the reader. A date once; a workday must fall on a weekend (on a weekday it would
 * change nothing: a mistake). Sorted by date for the ledger's binary search; the years covered are those
 * from the first row's to the last row's. */
cr_error_t cr__load_holidays(cr__src *src, const char *path, cr_dataset *ds)
{
    enum { H_DATE, H_KIND, H_NAME, H_SOURCE, H_N };
    static const char *const names[H_N] = {"date", "kind", "name", "source"};
    cr_ctx *ctx = src->ctx;
    cr__colspec cols[H_N];
    for (int i = 0; i < H_N; i++) {
        cols[i].name = names[i];
        cols[i].required = i <= H_KIND;
    }
    hol_row *rows = NULL;
    size_t n = 0, cap = 0;
    cr__csv *csv;
    cr_error_t rc = cr__csv_open(ctx, path, src->file, &csv);
    CR_CHECK(rc);
    size_t nheader, before = cr_ctx_ndiag_total(ctx);
    if (!cr__csv_header(src, csv, cols, H_N, &nheader)) goto done;
    cr__csv_status st;
    while ((rc = cr__csv_next(ctx, csv, &st)) == CR_OK && st != CR__CSV_EOF) {
        if (st == CR__CSV_BAD || !cr__check_width(src, csv, nheader)) continue;
        const long line = cr__csv_line(csv);
        const char *d = cr__csv_field(csv, (size_t)cols[H_DATE].idx), *k = cr__csv_field(csv, (size_t)cols[H_KIND].idx);
        size_t dl = cr__csv_flen(csv, (size_t)cols[H_DATE].idx), kl = cr__csv_flen(csv, (size_t)cols[H_KIND].idx);
        long dc = cr__csv_fcol(csv, (size_t)cols[H_DATE].idx), kc = cr__csv_fcol(csv, (size_t)cols[H_KIND].idx);
        hol_row r = {0, -1, line};
        int bad = 0;
        if (cr__parse_date(d, dl, &r.date) != 0) {
            cr__diagf(src, line, dc, "date", "'%s' is not a date YYYY-MM-DD", d);
            bad = 1;
        }
        if (kl == 7 && !memcmp(k, "holiday", 7)) r.work = 0;
        else if (kl == 7 && !memcmp(k, "workday", 7)) r.work = 1;
        else {
            cr__diagf(src, line, kc, "kind", "unknown kind '%s' (holiday, or workday: an adjusted working weekend day)", k);
            bad = 1;
        }
        const int wd = (int)(((int64_t)r.date % 7 + 7 + 3) % 7);   /* 0 = Monday; 1970-01-01 was a Thursday */
        if (!bad && r.work && wd < 5) {
            cr__diagf(src, line, kc, "kind", "%s is a weekday: a workday entry is for an adjusted working Saturday or Sunday", d);
            bad = 1;
        }
        if (bad) continue;
        if (n == cap && (rc = cr__grow(ctx, (void **)&rows, &cap, cap ? 2 * cap : 64, sizeof *rows)) != CR_OK) break;
        rows[n++] = r;
    }
    if (rc != CR_OK) goto done;
    if (n) qsort(rows, n, sizeof *rows, hol_cmp);   /* the good rows: duplicates are reported with the bad ones */
    for (size_t i = 1; i < n; i++)
        if (rows[i].date == rows[i - 1].date)
            cr__diagf(src, rows[i].line, 1, "date", "date given twice (first on line %ld)", rows[i - 1].line);
    if (cr_ctx_ndiag_total(ctx) != before) goto done;
    ds->hol_date = cr__malloc(ctx, n + 1, sizeof *ds->hol_date);
    ds->hol_work = cr__malloc(ctx, n + 1, sizeof *ds->hol_work);
    if (!ds->hol_date || !ds->hol_work) { rc = CR_ENOMEM; goto done; }
    for (size_t i = 0; i < n; i++) {
        ds->hol_date[i] = rows[i].date;
        ds->hol_work[i] = rows[i].work;
    }
    ds->nhol = (int64_t)n;
    if (n) {
        ds->hol_year0 = cr__year_of_days(rows[0].date);
        ds->hol_year1 = cr__year_of_days(rows[n - 1].date);
    }
done:
    cr__csv_close(csv);
    free(rows);
    return rc != CR_OK ? rc : src->rc;
}

int64_t cr_dataset_holidays(const cr_dataset *ds, int32_t *year0, int32_t *year1)
{
    *year0 = ds->hol_year0;
    *year1 = ds->hol_year1;
    return ds->nhol;
}

/* Projects without an events file: every project has none. */
cr_error_t cr__projects_finish(cr_ctx *ctx, struct cr_projects *p)
{
    if (p->ev_off) return CR_OK;
    p->ev_off = cr__calloc(ctx, (size_t)p->n + 1, sizeof *p->ev_off);
    return p->ev_off ? CR_OK : CR_ENOMEM;
}

/* ---- accessors ------------------------------------------------------------- */

const cr_projects *cr_dataset_projects(const cr_dataset *ds) { return ds->projects; }
int64_t cr_projects_count(const cr_projects *p) { return p ? p->n : 0; }

int64_t cr_projects_find(const cr_projects *p, const char *id)
{
    return p ? cr__strtab_find(&p->id, id, strlen(id)) : -1;
}

void cr_projects_get(const cr_projects *p, int64_t i, cr_project *o)
{
    o->id = cr__strtab_get(&p->id, (size_t)i);
    o->enterprise = p->ent[i];
    o->park = p->park[i];
    o->segment = p->seg[i];
    o->invest = p->num[CR__PN_INVEST][i];
    o->fixed_invest = p->num[CR__PN_FIXED][i];
    o->land_mu = p->num[CR__PN_LAND][i];
    o->land_given_in_ha = p->ha[i];
    o->plot_ratio = p->num[CR__PN_PLOT][i];
    o->jobs = p->num[CR__PN_JOBS][i];
    o->output = p->num[CR__PN_OUTPUT][i];
    o->tax = p->num[CR__PN_TAX][i];
    o->energy = p->num[CR__PN_ENERGY][i];
    o->water = p->num[CR__PN_WATER][i];
    o->co2 = p->num[CR__PN_CO2][i];
    o->pollutant = p->num[CR__PN_POLLUTANT][i];
    o->start_due = p->start_due[i];
    o->completion_due = p->completion_due[i];
    o->investor_founded = p->founded[i];
    o->basis = (cr_basis)p->basis[i];
    o->source = p->source[i] >= 0 ? cr__strtab_get(&p->sources, (size_t)p->source[i]) : "";
    o->ev_first = p->ev_off[i];
    o->nev = p->ev_off[i + 1] - p->ev_off[i];
}

void cr_projects_event(const cr_projects *p, int64_t j, cr_project_event *o)
{
    o->date = p->ev_date[j];
    o->stage = (cr_pev_stage)p->ev_stage[j];
    o->amount = p->ev_amount[j];
    o->basis = (cr_basis)p->ev_basis[j];
    o->source = p->ev_source[j] >= 0 ? cr__strtab_get(&p->sources, (size_t)p->ev_source[j]) : "";
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

cr_error_t cr_projects_read(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr_projects **out)
{
    *out = NULL;
    struct cr_projects *p = cr__calloc(ctx, 1, sizeof *p);
    if (!p) return CR_ENOMEM;
    cr__src src = {ctx, path, CR_OK, NULL, NULL, NULL, NULL};
    size_t before = cr_ctx_ndiag_total(ctx);
    cr_error_t rc = ends_with(path, ".json") ? cr__load_projects_json(&src, path, ds, p) : cr__load_projects(&src, path, ds, p);
    if (rc == CR_OK && cr_ctx_ndiag_total(ctx) > before)
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: %zu problem(s) found", path, cr_ctx_ndiag_total(ctx) - before);
    if (rc == CR_OK && p->n == 0) rc = cr_ctx_fail(ctx, CR_EDATA, "%s: no project", path);
    if (rc == CR_OK) rc = cr__projects_finish(ctx, p);
    if (rc != CR_OK) { cr_projects_free(p); return rc; }
    *out = p;
    return CR_OK;
}
