/* Vetting projects before signing (docs/projects.md "vet"): four groups of
 * checks, each with its figures, limit and verdict - industrial policy
 * (catalogue class; "three highs and one low" as intensity ratios to segment
 * benchmarks), environment (the ranking's exclusion rule, rank/exclude.h),
 * land use (investment, output and tax per 亩 against the park's, the
 * province's or the default minima; plot ratio; land left in the park; the
 * decision level), credibility (investment against the investor's revenue,
 * capacity and size; its age; its withdrawals). A project's verdict is the
 * worst of its checks; n/a (a figure or limit not given) counts as pass but
 * is printed, and a missing figure that a binding rule needs is conditional,
 * never a silent pass. Serial and deterministic: O(enterprises log) once for
 * the benchmarks, then O(checks + withdrawals) a project. */
#include "projects/projects_internal.h"
#include "core/core_internal.h"
#include "rank/exclude.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const verdict_names[4] = {"pass", "conditional", "refuse", "n/a"};
static const char *const group_names[CR_RULE_N] = {"policy", "environment", "land", "credibility"};

const char *cr_verdict_name(cr_verdict v) { return (unsigned)v < 4 ? verdict_names[v] : "?"; }
const char *cr_rule_group_name(cr_rule_group g) { return (unsigned)g < CR_RULE_N ? group_names[g] : "?"; }

void cr_vet_result_free(cr_vet_result *r)
{
    if (!r) return;
    free(r->rows);
    free(r->checks);
    free(r);
}

int32_t cr_projects_default_as_of(const cr_dataset *ds)
{
    int32_t d = 0;
    for (int64_t h = 0; h < ds->nhist; h++)
        if (ds->hist_date[h] > d) d = ds->hist_date[h];
    const struct cr_projects *p = ds->projects;
    for (int64_t j = 0; p && j < p->nev; j++)
        if (p->ev_date[j] > d) d = p->ev_date[j];
    return d;
}

typedef struct {
    cr_ctx *ctx;
    cr_vet_result *r;
    size_t cap;
    cr_vet_row *row;
} vetter;

static cr_error_t add(vetter *v, cr_rule_group g, const char *check, double value, double limit, const char *unit,
                      cr_verdict verdict, const char *fmt, ...) CR_PRINTF(8, 9);
static cr_error_t add(vetter *v, cr_rule_group g, const char *check, double value, double limit, const char *unit,
                      cr_verdict verdict, const char *fmt, ...)
{
    cr_vet_result *r = v->r;
    if ((size_t)r->nchecks == v->cap)
        CR_CHECK(cr__grow(v->ctx, (void **)&r->checks, &v->cap, v->cap ? 2 * v->cap : 64, sizeof *r->checks));
    cr_vet_check *c = &r->checks[r->nchecks++];
    memset(c, 0, sizeof *c);
    c->group = g;
    snprintf(c->check, sizeof c->check, "%s", check);
    c->value = value;
    c->limit = limit;
    snprintf(c->unit, sizeof c->unit, "%s", unit);
    c->verdict = verdict;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->reason, sizeof c->reason, fmt, ap);
    va_end(ap);
    v->row->n++;
    cr_verdict eff = verdict == CR_VERDICT_NA ? CR_VERDICT_PASS : verdict;
    if (eff > v->row->group[g]) v->row->group[g] = eff;
    if (eff > v->row->verdict) v->row->verdict = eff;
    return CR_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median intensity of the enterprises whose largest-share segment is s and
 * whose intensity is > 0: the benchmark when neither chains.json nor the
 * policy gives one. [k][s]; NaN where no such enterprise. */
static cr_error_t dataset_medians(cr_ctx *ctx, const cr_dataset *ds, double *med[CR_NENV])
{
    int32_t *main_seg = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *main_seg);
    int64_t *off = cr__calloc(ctx, (size_t)ds->nseg + 2, sizeof *off);
    double *vals = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *vals);
    int64_t *pos = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof *pos);
    cr_error_t rc = CR_OK;
    if (!main_seg || !off || !vals || !pos) { rc = CR_ENOMEM; goto done; }
    for (int64_t e = 0; e < ds->nent; e++) {
        double best = -1;
        main_seg[e] = -1;
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++)
            if (ds->ent_share[t] > best) { best = ds->ent_share[t]; main_seg[e] = ds->ent_seg[t]; }
    }
    for (int k = 0; k < CR_NENV; k++) {
        memset(off, 0, ((size_t)ds->nseg + 2) * sizeof *off);
        for (int64_t e = 0; e < ds->nent; e++)
            if (main_seg[e] >= 0 && ds->ent_int[k][e] > 0) off[main_seg[e] + 1]++;
        for (int32_t s = 0; s < ds->nseg; s++) off[s + 1] += off[s];
        memcpy(pos, off, (size_t)ds->nseg * sizeof *pos);
        for (int64_t e = 0; e < ds->nent; e++)
            if (main_seg[e] >= 0 && ds->ent_int[k][e] > 0) vals[pos[main_seg[e]]++] = ds->ent_int[k][e];
        for (int32_t s = 0; s < ds->nseg; s++) {
            int64_t n = off[s + 1] - off[s];
            double *v = vals + off[s];
            if (!n) { med[k][s] = NAN; continue; }
            qsort(v, (size_t)n, sizeof *v, cmp_double);
            med[k][s] = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
        }
    }
done:
    free(main_seg);
    free(off);
    free(vals);
    free(pos);
    return rc;
}

static cr_verdict ratio_verdict(const cr_policy *pol, double ratio)
{
    if (ratio > pol->refuse_ratio) return CR_VERDICT_REFUSE;
    if (ratio > pol->cond_ratio) return CR_VERDICT_CONDITIONAL;
    return CR_VERDICT_PASS;
}

/* The land minimum k for park p: the park's, else its province's, else the default; *level says which. */
static double land_min(const cr_dataset *ds, const cr_policy *pol, int32_t p, int k, const char **level)
{
    if (pol->park_min && !isnan(pol->park_min[p][k])) { *level = "park"; return pol->park_min[p][k]; }
    const char *prov = cr__strpool_get(&ds->park_province, (size_t)p);
    for (int32_t i = 0; i < pol->nprov; i++)
        if (!strcmp(pol->prov[i].province, prov) && !isnan(pol->prov[i].min[k])) { *level = "province"; return pol->prov[i].min[k]; }
    *level = "default";
    return pol->land_min[k];
}

static const char *seg_id(const cr_dataset *ds, int32_t s) { return cr__strtab_get(&ds->seg_id, (size_t)s); }

static cr_error_t vet_policy(vetter *v, const cr_dataset *ds, const cr_policy *pol, const cr_project *pr, double *med[CR_NENV])
{
    const int32_t s = pr->segment;
    const int32_t cat = ds->seg_cat[s];
    int cls = pol->class_default;
    const char *where = "the policy's default";
    if (pol->seg_class && pol->seg_class[s] != CR__CLASS_UNSET) { cls = pol->seg_class[s]; where = "listed by segment"; }
    else if (pol->cat_class[cat] != CR__CLASS_UNSET) { cls = pol->cat_class[cat]; where = "listed by category"; }
    cr_verdict vd = cls == CR__CLASS_ELIMINATED ? CR_VERDICT_REFUSE : cls == CR__CLASS_RESTRICTED ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS;
    CR_CHECK(add(v, CR_RULE_POLICY, "catalogue", NAN, NAN, "", vd, "segment %s (category %s): %s, %s", seg_id(ds, s),
                 cr__strtab_get(&ds->cats, (size_t)cat), cr__class_names[cls], where));
    /* three highs: energy, emission (CO2), pollution, each as intensity / benchmark */
    static const int order[CR_NENV] = {CR_ENV_ENERGY, CR_ENV_CO2, CR_ENV_POLLUTANT};
    static const char *const names[CR_NENV] = {"co2_intensity", "energy_intensity", "pollutant_intensity"};
    static const char *const units[CR_NENV] = {"t/万元", "tce/万元", "t/万元"};
    const double load[CR_NENV] = {pr->co2, pr->energy, pr->pollutant};
    for (int i = 0; i < CR_NENV; i++) {
        const int k = order[i];
        if (isnan(load[k]) || isnan(pr->output) || pr->output <= 0) {
            CR_CHECK(add(v, CR_RULE_POLICY, names[k], NAN, NAN, units[k], CR_VERDICT_NA, "%s load or output not given",
                         cr__env_names[k]));
            continue;
        }
        const double in = load[k] / pr->output;
        double b = NAN;
        const char *bsrc = "";
        if (k == CR_ENV_CO2 && !isnan(ds->seg_co2_bench[s])) { b = ds->seg_co2_bench[s]; bsrc = "chains.json"; }
        else if (pol->bench[k] && !isnan(pol->bench[k][s])) { b = pol->bench[k][s]; bsrc = "policy"; }
        else if (!isnan(med[k][s])) { b = med[k][s]; bsrc = "median of the segment's enterprises"; }
        if (isnan(b) || b <= 0) {
            CR_CHECK(add(v, CR_RULE_POLICY, names[k], in, NAN, units[k], CR_VERDICT_NA, "no benchmark for segment %s",
                         seg_id(ds, s)));
            continue;
        }
        const double ratio = in / b;
        CR_CHECK(add(v, CR_RULE_POLICY, names[k], in, b, units[k], ratio_verdict(pol, ratio),
                     "%.2f x the benchmark (%s); conditional above %.2f x, refuse above %.2f x", ratio, bsrc,
                     pol->cond_ratio, pol->refuse_ratio));
    }
    /* one low: efficiency, output per 万元 invested */
    if (isnan(pol->min_output_per_invest) || isnan(pr->output))
        CR_CHECK(add(v, CR_RULE_POLICY, "output_per_invest", isnan(pr->output) ? NAN : pr->output / pr->invest,
                     pol->min_output_per_invest, "万元/万元", CR_VERDICT_NA,
                     isnan(pr->output) ? "output not given" : "no minimum in the policy"));
    else {
        double x = pr->output / pr->invest;
        CR_CHECK(add(v, CR_RULE_POLICY, "output_per_invest", x, pol->min_output_per_invest, "万元/万元",
                     x < pol->min_output_per_invest ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS,
                     x < pol->min_output_per_invest ? "low efficiency: annual output per 万元 invested below the minimum"
                                                    : "annual output per 万元 invested at or above the minimum"));
    }
    return CR_OK;
}

static cr_error_t vet_environment(vetter *v, const cr_dataset *ds, const cr_project *pr)
{
    const int32_t p = pr->park, s = pr->segment;
    double load[CR_NENV], in[CR_NENV], quota[CR_NENV], cap[CR_NENV];
    load[CR_ENV_CO2] = pr->co2;
    load[CR_ENV_ENERGY] = pr->energy;
    load[CR_ENV_POLLUTANT] = pr->pollutant;
    for (int k = 0; k < CR_NENV; k++) {
        in[k] = pr->output > 0 ? load[k] / pr->output : NAN;
        quota[k] = ds->park_quota[k][p];
        cap[k] = ds->park_cap[k][p];
    }
    const uint64_t cats = (uint64_t)1 << ds->seg_cat[s];
    const uint32_t fl = cr__env_exclusion(cats, ds->park_banned[p], load, in, quota, cap);
    const char *cat = cr__strtab_get(&ds->cats, (size_t)ds->seg_cat[s]);
    CR_CHECK(add(v, CR_RULE_ENVIRONMENT, "banned", NAN, NAN, "", (fl & CR_EXCL_BANNED) ? CR_VERDICT_REFUSE : CR_VERDICT_PASS,
                 (fl & CR_EXCL_BANNED) ? "category %s is banned in the park" : "category %s is not banned in the park", cat));
    static const char *const qn[CR_NENV] = {"co2_quota", "energy_quota", "pollutant_quota"};
    static const char *const cn[CR_NENV] = {"co2_cap", "energy_cap", "pollutant_cap"};
    static const char *const qu[CR_NENV] = {"t/yr", "tce/yr", "t/yr"};
    static const char *const cu[CR_NENV] = {"t/万元", "tce/万元", "t/万元"};
    int any = 0;
    for (int k = 0; k < CR_NENV; k++) {
        if (!isnan(quota[k])) {
            any = 1;
            if (isnan(load[k]))
                CR_CHECK(add(v, CR_RULE_ENVIRONMENT, qn[k], NAN, quota[k], qu[k], CR_VERDICT_CONDITIONAL,
                             "the park has a %s quota but the project gives no %s load", cr__env_names[k], cr__env_names[k]));
            else
                CR_CHECK(add(v, CR_RULE_ENVIRONMENT, qn[k], load[k], quota[k], qu[k],
                             (fl & ((uint32_t)CR_EXCL_CO2_QUOTA << k)) ? CR_VERDICT_REFUSE : CR_VERDICT_PASS,
                             (fl & ((uint32_t)CR_EXCL_CO2_QUOTA << k)) ? "annual load above the park's remaining quota"
                                                                        : "annual load within the park's remaining quota"));
        }
        if (!isnan(cap[k])) {
            any = 1;
            if (isnan(in[k]))
                CR_CHECK(add(v, CR_RULE_ENVIRONMENT, cn[k], NAN, cap[k], cu[k], CR_VERDICT_CONDITIONAL,
                             "the park caps %s intensity but the project gives no %s load or output", cr__env_names[k],
                             cr__env_names[k]));
            else
                CR_CHECK(add(v, CR_RULE_ENVIRONMENT, cn[k], in[k], cap[k], cu[k],
                             (fl & ((uint32_t)CR_EXCL_CO2_CAP << k)) ? CR_VERDICT_REFUSE : CR_VERDICT_PASS,
                             (fl & ((uint32_t)CR_EXCL_CO2_CAP << k)) ? "intensity above the park's cap"
                                                                      : "intensity within the park's cap"));
        }
    }
    if (!any) CR_CHECK(add(v, CR_RULE_ENVIRONMENT, "quotas", NAN, NAN, "", CR_VERDICT_NA, "the park sets no quota or cap"));
    return CR_OK;
}

static cr_error_t vet_land(vetter *v, const cr_dataset *ds, const cr_policy *pol, const cr_project *pr)
{
    const int32_t p = pr->park;
    const double mu = pr->land_mu;
    const char *lvl;
    if (isnan(mu)) {
        CR_CHECK(add(v, CR_RULE_LAND, "land", NAN, NAN, "亩", CR_VERDICT_CONDITIONAL,
                     "land area not given: investment intensity, output and tax per 亩 cannot be checked"));
    } else {
        const int fixed = !isnan(pr->fixed_invest);
        const double inv = fixed ? pr->fixed_invest : pr->invest;
        double m = land_min(ds, pol, p, CR__LM_INVEST, &lvl);
        double x = inv / mu;
        if (isnan(m))
            CR_CHECK(add(v, CR_RULE_LAND, "invest_per_mu", x, m, "万元/亩", CR_VERDICT_NA, "no minimum set"));
        else
            CR_CHECK(add(v, CR_RULE_LAND, "invest_per_mu", x, m, "万元/亩", x < m ? CR_VERDICT_REFUSE : CR_VERDICT_PASS,
                         "%s investment per 亩 %s the %s minimum", fixed ? "fixed-asset" : "total (no fixed-asset figure)",
                         x < m ? "below" : "at or above", lvl));
        static const struct { int k; const char *name, *what, *unit; } perf[2] = {
            {CR__LM_OUTPUT, "output_per_mu", "annual output", "万元/亩"}, {CR__LM_TAX, "tax_per_mu", "annual tax", "万元/亩"}};
        for (int i = 0; i < 2; i++) {
            double fig = perf[i].k == CR__LM_OUTPUT ? pr->output : pr->tax;
            m = land_min(ds, pol, p, perf[i].k, &lvl);
            x = fig / mu;
            if (isnan(fig) || isnan(m))
                CR_CHECK(add(v, CR_RULE_LAND, perf[i].name, x, m, perf[i].unit, CR_VERDICT_NA,
                             isnan(fig) ? "%s not given" : "no minimum set", perf[i].what));
            else
                CR_CHECK(add(v, CR_RULE_LAND, perf[i].name, x, m, perf[i].unit, x < m ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS,
                             "%s per 亩 %s the %s minimum%s", perf[i].what, x < m ? "below" : "at or above", lvl,
                             x < m ? ": a commitment for the contract" : ""));
        }
        const double avail = ds->park_res[CR_RES_LAND][p];
        if (isnan(avail))
            CR_CHECK(add(v, CR_RULE_LAND, "park_land", mu, NAN, "亩", CR_VERDICT_NA, "the park's land left is not given"));
        else
            CR_CHECK(add(v, CR_RULE_LAND, "park_land", mu, avail * CR_MU_PER_HA, "亩",
                         mu > avail * CR_MU_PER_HA ? CR_VERDICT_REFUSE : CR_VERDICT_PASS,
                         "%s the park's land left (%.4g ha = %.6g 亩)", mu > avail * CR_MU_PER_HA ? "more than" : "within",
                         avail, avail * CR_MU_PER_HA));
        CR_CHECK(add(v, CR_RULE_LAND, "decision_level", mu, pol->decide_mu, "亩", CR_VERDICT_PASS,
                     mu > pol->decide_mu ? "above %.6g 亩: the county decides" : "up to %.6g 亩: the park decides",
                     pol->decide_mu));
    }
    double m = land_min(ds, pol, p, CR__LM_PLOT, &lvl);
    if (isnan(pr->plot_ratio) || isnan(m))
        CR_CHECK(add(v, CR_RULE_LAND, "plot_ratio", pr->plot_ratio, m, "", CR_VERDICT_NA,
                     isnan(pr->plot_ratio) ? "plot ratio not given" : "no minimum set"));
    else
        CR_CHECK(add(v, CR_RULE_LAND, "plot_ratio", pr->plot_ratio, m, "",
                     pr->plot_ratio < m ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS, "plot ratio %s the %s minimum",
                     pr->plot_ratio < m ? "below" : "at or above", lvl));
    return CR_OK;
}

/* Appends to list the withdrawn events up to as_of of q's projects by
 * enterprise e, except project `self_id` (the project vetted: a proposal
 * carrying the id of a dataset project is that project). O(projects + their
 * events) a call. */
static void withdrawals(const struct cr_projects *q, int64_t e, const char *self_id, int32_t as_of, char *list, size_t cap,
                        size_t *ln, int32_t *nw)
{
    for (int64_t j = 0; q && j < q->n; j++) {
        if (q->ent[j] != e) continue;
        const char *pid = cr__strtab_get(&q->id, (size_t)j);
        if (!strcmp(pid, self_id)) continue;
        for (int64_t t = q->ev_off[j]; t < q->ev_off[j + 1]; t++)
            if (q->ev_stage[t] == CR_PEV_WITHDRAWN && q->ev_date[t] <= as_of) {
                char d[16];
                cr_date_text(q->ev_date[t], d, sizeof d);
                int w = snprintf(list + *ln, cap - *ln, "%s%s %s", *nw ? ", " : "", pid, d);
                if (w > 0 && (size_t)w < cap - *ln) *ln += (size_t)w;
                (*nw)++;
            }
    }
}

static cr_error_t vet_credibility(vetter *v, const cr_dataset *ds, const cr_policy *pol, const cr_project *pr,
                                  const cr_projects *self, int32_t as_of)
{
    const int64_t e = pr->enterprise;
    static const struct { const char *name, *what, *unit; } cmp[3] = {
        {"invest_to_revenue", "revenue", "x"}, {"invest_to_capacity", "investment capacity", "x"},
        {"invest_per_employee", "employees", "万元/person"}};
    const double base[3] = {ds->ent_revenue[e], ds->ent_invest[e], ds->ent_employees[e]};
    const double max[3] = {pol->max_invest_to_revenue, pol->max_invest_to_capacity, pol->max_invest_per_employee};
    for (int i = 0; i < 3; i++) {
        if (!(base[i] > 0)) {
            CR_CHECK(add(v, CR_RULE_CREDIBILITY, cmp[i].name, NAN, max[i], cmp[i].unit, CR_VERDICT_CONDITIONAL,
                         "no %s on record for the investor: verify", cmp[i].what));
            continue;
        }
        double x = pr->invest / base[i];
        CR_CHECK(add(v, CR_RULE_CREDIBILITY, cmp[i].name, x, max[i], cmp[i].unit,
                     x > max[i] ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS,
                     x > max[i] ? "planned investment large against the investor's %s (%.6g): verify the funds"
                                : "planned investment in proportion to the investor's %s (%.6g)",
                     cmp[i].what, base[i]));
    }
    if (pr->investor_founded == CR_SINCE_UNKNOWN)
        CR_CHECK(add(v, CR_RULE_CREDIBILITY, "investor_age", NAN, pol->min_investor_age_years, "years", CR_VERDICT_NA,
                     "the investor's founding date is not given"));
    else {
        double age = (double)(as_of - pr->investor_founded) / 365.25;
        CR_CHECK(add(v, CR_RULE_CREDIBILITY, "investor_age", age, pol->min_investor_age_years, "years",
                     age < pol->min_investor_age_years ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS,
                     age < pol->min_investor_age_years ? "a young investor: verify its backers" : "an established investor"));
    }
    /* withdrawals up to as_of: the dataset's projects, the other proposals
     * vetted with this one (a JSON proposal's "events"), and history rows of
     * (enterprise, park) pairs that have no project (projects built from
     * history would count twice otherwise) */
    char list[120] = "";
    size_t ln = 0;
    int32_t nw = 0;
    const struct cr_projects *dp = ds->projects;
    withdrawals(dp, e, pr->id, as_of, list, sizeof list, &ln, &nw);
    if (self != dp) withdrawals(self, e, pr->id, as_of, list, sizeof list, &ln, &nw);
    for (int64_t h = 0; h < ds->nhist; h++) {
        if (ds->hist_ent[h] != e || ds->hist_stage[h] != 3 || ds->hist_date[h] > as_of) continue;
        int covered = 0;
        for (int64_t j = 0; dp && j < dp->n && !covered; j++) covered = dp->ent[j] == e && dp->park[j] == ds->hist_park[h];
        if (covered) continue;
        char d[16];
        cr_date_text(ds->hist_date[h], d, sizeof d);
        int w = snprintf(list + ln, sizeof list - ln, "%shistory %s %s", nw ? ", " : "",
                         cr__strtab_get(&ds->park_id, (size_t)ds->hist_park[h]), d);
        if (w > 0 && (size_t)w < sizeof list - ln) ln += (size_t)w;
        nw++;
    }
    CR_CHECK(add(v, CR_RULE_CREDIBILITY, "withdrawn", nw, pol->max_withdrawn, "projects",
                 nw > pol->max_withdrawn ? CR_VERDICT_CONDITIONAL : CR_VERDICT_PASS, "%s%s",
                 nw ? "withdrawn before: " : "no withdrawn project on record", list));
    return CR_OK;
}

cr_error_t cr_vet(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_policy *pol, int32_t as_of,
                  cr_vet_result **out)
{
    *out = NULL;
    if (!ds || !p || !pol) return cr_ctx_fail(ctx, CR_EINVAL, "cr_vet: NULL argument");
    if (as_of == CR_SINCE_UNKNOWN) as_of = cr_projects_default_as_of(ds);
    cr_vet_result *r = cr__calloc(ctx, 1, sizeof *r);
    double *med[CR_NENV] = {0};
    cr_error_t rc = CR_OK;
    if (!r) return CR_ENOMEM;
    r->as_of = as_of;
    r->rows = cr__calloc(ctx, (size_t)p->n + 1, sizeof *r->rows);
    for (int k = 0; k < CR_NENV; k++) med[k] = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof(double));
    if (!r->rows || !med[0] || !med[1] || !med[2]) { rc = CR_ENOMEM; goto done; }
    if ((rc = dataset_medians(ctx, ds, med)) != CR_OK) goto done;
    vetter v = {ctx, r, 0, NULL};
    for (int64_t i = 0; i < p->n; i++) {
        cr_project pr;
        cr_projects_get(p, i, &pr);
        cr_vet_row *row = &r->rows[r->nrows++];
        row->project = i;
        row->first = r->nchecks;
        v.row = row;
        if ((rc = vet_policy(&v, ds, pol, &pr, med)) != CR_OK) goto done;
        if ((rc = vet_environment(&v, ds, &pr)) != CR_OK) goto done;
        if ((rc = vet_land(&v, ds, pol, &pr)) != CR_OK) goto done;
        if ((rc = vet_credibility(&v, ds, pol, &pr, p, as_of)) != CR_OK) goto done;
        if (row->verdict == CR_VERDICT_REFUSE) r->nrefused++;
        else if (row->verdict == CR_VERDICT_CONDITIONAL) r->nconditional++;
        else r->npassed++;
    }
done:
    for (int k = 0; k < CR_NENV; k++) free(med[k]);
    if (rc != CR_OK) { cr_vet_result_free(r); return rc; }
    *out = r;
    return CR_OK;
}
