/* Explanations of one candidate's scores for output rows (docs/model.md,
 * "Explanations"): which gaps it fills, which local partners it already
 * has and how far they are, its binding resource, its greening, and for an
 * excluded candidate the first hard limit it breaks with the figures.
 * Computed directly from the candidate's own links (not the inverted
 * accumulation the scorer uses), so it is also an independent check of it. */
#include "rank/criteria.h"
#include "gaps/gaps_internal.h"
#include "rank/exclude.h"
#include "rank/phrases.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One local link of the candidate, with its position in adjacency order
 * (in-links, then out-links, each in link-file order) so that the links of
 * one partner are summed in that order whatever qsort does with equal keys. */
typedef struct {
    cr_explain_partner p;
    size_t at;
} local_link;

/* Links held on the stack: a candidate's degree is small in practice, so
 * the usual call allocates nothing here (32 x 40 B = 1.25 KB); a larger
 * degree takes one heap block of the degree's size. */
#define CR_EXPLAIN_STACK_LINKS 32

static int by_partner(const void *a, const void *b)
{
    const local_link *x = a, *y = b;
    if (x->p.supplier != y->p.supplier) return y->p.supplier - x->p.supplier;
    if (x->p.ent != y->p.ent) return x->p.ent < y->p.ent ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Display order: larger contribution first; ties by smaller enterprise
 * index, then the supplier entry before the customer entry of the same
 * enterprise. A total order, so the shown top 3 is unique. */
static int shown_before(const cr_explain_partner *a, const cr_explain_partner *b)
{
    if (a->contribution != b->contribution) return a->contribution > b->contribution;
    if (a->ent != b->ent) return a->ent < b->ent;
    return a->supplier > b->supplier;
}

static void keep_partner(cr_explanation *x, const cr_explain_partner *p)
{
    int n = x->nshown, at = n;
    while (at > 0 && shown_before(p, &x->partners[at - 1])) at--;
    if (at >= 3) return;
    for (int k = n < 3 ? n : 2; k > at; k--) x->partners[k] = x->partners[k - 1];
    x->partners[at] = *p;
    if (x->nshown < 3) x->nshown++;
}

/* The shown partners are the top 3 of the contributions merged per
 * (partner enterprise, direction): datasets may hold the same pair twice,
 * and two small links may together outweigh a larger single one, so the
 * merge must precede the selection. Cost O(l log l) for the l local links
 * (sort by key, one pass over the runs); the links of one partner are added
 * in adjacency order. Leaves npartners (links) and partner_sum alone. */
static void select_partners(cr_explanation *x, local_link *l, size_t n)
{
    qsort(l, n, sizeof *l, by_partner);
    for (size_t i = 0; i < n;) {
        cr_explain_partner q = l[i].p;
        size_t j = i + 1;
        for (; j < n && l[j].p.ent == q.ent && l[j].p.supplier == q.supplier; j++) q.contribution += l[j].p.contribution;
        keep_partner(x, &q);
        i = j;
    }
}

static void partner(cr_explanation *x, const cr_ranker *r, const cr_dataset *ds, const cr_scheme *s, int32_t p, int64_t a, double w,
                    int supplier, int *local_sup, local_link *l)
{
    cr_explain_partner q = {a, supplier, cr__ranker_is_tenant(r, a, p), 0, 0};
    q.km = cr_great_circle_km(ds->park_lat[p], ds->park_lon[p], ds->ent_lat[a], ds->ent_lon[a]);
    double dl = q.tenant ? 1.0 : (s->radius_km > 0 && q.km <= s->radius_km ? exp2(-q.km / s->half_km) : 0.0);
    if (dl <= 0) return;
    q.contribution = w * dl;
    x->partner_sum += q.contribution;
    if (supplier) (*local_sup)++;
    l[x->npartners].p = q;
    l[x->npartners].at = (size_t)x->npartners;
    x->npartners++;
}

cr_error_t cr_rank_explain(cr_ctx *ctx, const cr_ranker *r, int32_t p, int32_t k, const cr_scheme *s, int64_t e,
                           cr_explanation *x)
{
    const cr_dataset *ds = r->ds;
    const cr_model *m = r->m;
    memset(x, 0, sizeof *x);
    x->binding = x->excl_resource = -1;
    x->pool_park = -1;
    x->excl_segment = -1;
    if (p < 0 || p >= ds->npark || k < 0 || k >= ds->nchain || e < 0 || e >= ds->nent)
        return cr_ctx_fail(ctx, CR_ENOTFOUND, "explain: index out of range");
    cr_gap_params gp;
    cr_gap_params_default(&gp);
    memcpy(gp.kind_weight, s->gap_kind, sizeof gp.kind_weight);
    cr_gaps *g = NULL;
    CR_CHECK(cr__gaps_compute_tenants(ctx, m, p, k, &gp, r->ten + r->ten_off[p], r->ten_off[p + 1] - r->ten_off[p], &g));
    const double q = ds->ent_plant_output[e];
    for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++) {
        int32_t sg = ds->ent_seg[t];
        for (int32_t i = 0; i < g->n; i++) {
            if (g->segment[i] != sg || g->priority[i] <= 0) continue;
            double phi = ds->ent_share[t];
            if (g->gap[i] > 0) phi = fmin(1.0, ds->ent_share[t] * q / g->gap[i]);
            cr_explain_gap eg = {sg, g->status[i], phi, g->priority[i] * phi};
            int n = x->ngaps < 4 ? x->ngaps : 4, at = n;
            while (at > 0 && x->gaps[at - 1].contribution < eg.contribution) at--;
            if (at < 4) {
                for (int c = (n < 4 ? n : 3); c > at; c--) x->gaps[c] = x->gaps[c - 1];
                x->gaps[at] = eg;
                if (x->ngaps < 4) x->ngaps++;
            }
        }
        uint64_t short_ = ds->seg_needs[sg] & ~ds->park_endow[p];
        if (s->hard[CR_RANK_ENDOWMENTS] && short_)
            x->excluded |= CR_EXCL_RESOURCE | (1u << (CR_EXCL_RES_SHIFT + CR_RANK_ENDOWMENTS));
    }
    cr_gaps_free(g);
    int local_sup = 0;
    local_link stack[CR_EXPLAIN_STACK_LINKS], *links = stack;
    size_t degree = (size_t)(m->in_off[e + 1] - m->in_off[e] + m->out_off[e + 1] - m->out_off[e]);
    if (degree > CR_EXPLAIN_STACK_LINKS && !(links = cr__malloc(ctx, degree, sizeof *links))) return CR_ENOMEM;
    for (int64_t t = m->in_off[e]; t < m->in_off[e + 1]; t++) partner(x, r, ds, s, p, m->in_adj[t], m->in_w[t], 1, &local_sup, links);
    for (int64_t t = m->out_off[e]; t < m->out_off[e + 1]; t++) partner(x, r, ds, s, p, m->out_adj[t], m->out_w[t], 0, &local_sup, links);
    select_partners(x, links, (size_t)x->npartners);
    if (links != stack) free(links);
    x->followers = (int)(m->in_off[e + 1] - m->in_off[e]) - local_sup;
    /* binding resource: the lowest fit among limited resources */
    for (int rr = 0; rr < CR_NRES; rr++) {
        double need = ds->ent_need[rr][e], avail = ds->park_res[rr][p];
        if (isnan(avail) || need == 0) continue;
        double f = avail == 0 ? 0.0 : fmax(0.0, 1.0 - need * (1.0 / avail));
        if (x->binding < 0 || f < x->binding_fit) {
            x->binding = rr;
            x->binding_fit = f;
            x->binding_need = need;
            x->binding_avail = avail;
        }
    }
    x->co2_int = ds->ent_int[CR_ENV_CO2][e];
    x->co2_benchmark = r->bench[e];
    /* exclusions, in the order of the CR_EXCL_* bits; figures of the first */
    int first = 1;
    double eload[CR_NENV], eint[CR_NENV], equota[CR_NENV], ecap[CR_NENV];
    for (int kk = 0; kk < CR_NENV; kk++) {
        eint[kk] = ds->ent_int[kk][e];
        eload[kk] = q * eint[kk];
        equota[kk] = ds->park_quota[kk][p];
        ecap[kk] = ds->park_cap[kk][p];
    }
    const uint32_t env = cr__env_exclusion(r->ent_cats[e], ds->park_banned[p], eload, eint, equota, ecap);
    x->excluded |= env;
    if (env & CR_EXCL_BANNED) {
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1] && x->excl_segment < 0; t++)
            if (((uint64_t)1 << ds->seg_cat[ds->ent_seg[t]]) & ds->park_banned[p]) x->excl_segment = ds->ent_seg[t];
        first = 0;
    }
    for (int kk = 0; kk < CR_NENV && first; kk++) {
        if (env & ((uint32_t)CR_EXCL_CO2_QUOTA << kk)) { x->excl_need = eload[kk]; x->excl_avail = equota[kk]; first = 0; }
        else if (env & ((uint32_t)CR_EXCL_CO2_CAP << kk)) { x->excl_need = eint[kk]; x->excl_avail = ecap[kk]; first = 0; }
    }
    for (int rr = 0; rr < CR_NRES; rr++) {
        double need = ds->ent_need[rr][e], avail = ds->park_res[rr][p];
        if (s->hard[rr] && need > avail) {
            x->excluded |= CR_EXCL_RESOURCE | (1u << (CR_EXCL_RES_SHIFT + rr));
            if (x->excl_resource < 0) x->excl_resource = rr;
            if (first) { x->excl_need = need; x->excl_avail = avail; first = 0; }
        }
    }
    if ((x->excluded & (1u << (CR_EXCL_RES_SHIFT + CR_RANK_ENDOWMENTS))) && x->excl_resource < 0)
        x->excl_resource = CR_RANK_ENDOWMENTS;
    /* the candidate pool (the same rule as the kernels: cr__pool_flags) */
    int32_t why = -1;
    x->excluded |= cr__pool_flags(r, s, e, p, &why);
    x->pool_park = why;
    /* where the candidate is now: the parks it is a tenant of */
    x->ent = e;
    x->park = p;
    for (int32_t q2 = 0; q2 < ds->npark && x->now_nparks < 4; q2++)
        if (q2 != p && cr__ranker_is_tenant(r, e, q2)) x->now_parks[x->now_nparks++] = q2;
    /* the landing likelihood and its drivers */
    x->likelihood = NAN;
    const cr_likely_model *lm = cr__scheme_likely(s, r);
    if (lm) {
        double fx[CR_LK_NFEAT];
        cr_likely_drivers d;
        cr_likely_features(r, e, p, fx, &d);
        x->likelihood = cr_likely_model_prob(lm, fx);
        x->lk_site_km = d.site_km;
        x->lk_nsites = d.nsites;
        x->lk_sites_near = d.sites_near;
        x->lk_seg_tenants = d.seg_tenants;
        x->lk_partners = d.partners;
        x->lk_same_city = d.same_city;
        x->lk_same_province = d.same_province;
    }
    return CR_OK;
}

/* ---- text forms ---- */

typedef cr__tbuf tbuf;
#define tput cr__tput
#define tputp cr__tputp

static const int res_label[CR_RANK_NRES] = {CR__P_RES_LAND, CR__P_RES_WATER, CR__P_RES_POWER, CR__P_RES_LABOUR,
                                            CR__P_RES_SKILLED, CR__P_RES_ENDOW};
static const int res_unit[CR_RANK_NRES] = {CR__P_UNIT_LAND, CR__P_UNIT_WATER, CR__P_UNIT_POWER, CR__P_UNIT_LABOUR,
                                           CR__P_UNIT_SKILLED, CR__P_UNIT_ENDOW};
static const int env_name[CR_NENV] = {CR__P_ENV_CO2, CR__P_ENV_ENERGY, CR__P_ENV_POLLUTANT};
static const int env_unit[CR_NENV] = {CR__P_ENVU_CO2, CR__P_ENVU_ENERGY, CR__P_ENVU_POLLUTANT};

static int lang_col(cr_lang lang) { return lang == CR_LANG_ZH ? CR_LANG_ZH : CR_LANG_EN; }

const char *cr_rank_resource_label(int r, cr_lang lang)
{
    return r >= 0 && r < CR_RANK_NRES ? cr__phrases[res_label[r]][lang_col(lang)] : "?";
}

const char *cr_rank_resource_unit(int r, cr_lang lang)
{
    return r >= 0 && r < CR_RANK_NRES ? cr__phrases[res_unit[r]][lang_col(lang)] : "";
}

/* Each criterion explains itself (its row's explain, criteria.c), in table
 * order: gaps, partners, binding resource, greening, followers. */
size_t cr_rank_explain_text_lang(const cr_ranker *r, const cr_explanation *x, cr_lang lang, char *buf, size_t size)
{
    tbuf b = {buf, size, lang_col(lang)};
    if (size) buf[0] = 0;
    for (int c = 0; c < CR_NCRIT; c++)
        if (cr__criteria[c].explain) cr__criteria[c].explain(r, x, &b);
    /* where it is now: headquarters city and the parks it already sits in */
    const cr_dataset *ds = r->ds;
    if (x->ent >= 0 && x->ent < ds->nent) {
        const char *city = cr__strpool_get(&ds->ent_city, (size_t)x->ent);
        const char *prov = cr__strpool_get(&ds->ent_province, (size_t)x->ent);
        if (*city || *prov) tputp(&b, CR__P_NOW, city, *city && *prov ? cr__ph(&b, CR__P_NOW_PLACE_SEP) : "", prov);
        const char *pcity = cr__strpool_get(&ds->park_city, (size_t)x->park);
        for (int i = 0; i < x->now_nparks; i++) {
            const int32_t q = x->now_parks[i];
            tput(&b, "%s%s", i ? cr__ph(&b, CR__P_LIST_SEP) : cr__ph(&b, *city || *prov ? CR__P_NOW_IN_AFTER : CR__P_NOW_IN),
                 cr_dataset_park_id(ds, q));
            if (*pcity && !strcmp(pcity, cr__strpool_get(&ds->park_city, (size_t)q))) tput(&b, "%s", cr__ph(&b, CR__P_SAME_CITY));
        }
    }
    return size - b.left;
}

size_t cr_rank_explain_text(const cr_ranker *r, const cr_explanation *x, char *buf, size_t size)
{
    return cr_rank_explain_text_lang(r, x, CR_LANG_EN, buf, size);
}

size_t cr_rank_reasons_text_lang(const cr_ranker *r, int32_t p, const cr_explanation *x, int64_t e, cr_lang lang,
                                 char *buf, size_t size)
{
    const cr_dataset *ds = r->ds;
    const cr_lang L = (cr_lang)lang_col(lang);
    tbuf b = {buf, size, L};
    if (size) buf[0] = 0;
    const char *sep = "", *const sep2 = cr__ph(&b, CR__P_CLAUSE_SEP);
    if (x->excluded & CR_EXCL_BANNED) {
        int32_t sg = x->excl_segment;
        /* segment names are "中文 (English)": Chinese text keeps the Chinese part */
        const char *nm = sg >= 0 ? cr_dataset_segment_name(ds, sg) : "?", *cut = strstr(nm, " (");
        char part[256];
        if (L == CR_LANG_ZH && cut && cut > nm) {
            snprintf(part, sizeof part, "%.*s", (int)(cut - nm), nm);
            nm = part;
        }
        tputp(&b, CR__P_BANNED, sg >= 0 ? cr__word(cr__strtab_get(&ds->cats, (size_t)ds->seg_cat[sg]), L) : "?", nm);
        sep = sep2;
    }
    const double q = ds->ent_plant_output[e];
    for (int k = 0; k < CR_NENV; k++) {
        double in = ds->ent_int[k][e];
        if (x->excluded & (CR_EXCL_CO2_QUOTA << k)) {
            tput(&b, "%s", sep);
            tputp(&b, CR__P_ENV_LOAD, cr__ph(&b, env_name[k]), q * in, ds->park_quota[k][p], cr__ph(&b, env_unit[k]));
            sep = sep2;
        }
        if (x->excluded & (CR_EXCL_CO2_CAP << k)) {
            tput(&b, "%s", sep);
            tputp(&b, CR__P_ENV_CAP, cr__ph(&b, env_name[k]), in, ds->park_cap[k][p]);
            sep = sep2;
        }
    }
    for (int rr = 0; rr < CR_RANK_NRES; rr++) {
        if (!(x->excluded & (1u << (CR_EXCL_RES_SHIFT + rr)))) continue;
        tput(&b, "%s", sep);
        if (rr == CR_RANK_ENDOWMENTS) {
            tput(&b, "%s", cr__ph(&b, CR__P_MISSING_ENDOW));
            for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++) {
                uint64_t sh = ds->seg_needs[ds->ent_seg[t]] & ~ds->park_endow[p];
                for (; sh; sh &= sh - 1) tput(&b, " %s", cr__word(cr__strtab_get(&ds->endow, (size_t)__builtin_ctzll(sh)), L));
            }
        } else {
            tputp(&b, CR__P_RES_NEED, cr_rank_resource_label(rr, L), ds->ent_need[rr][e], ds->park_res[rr][p],
                  cr_rank_resource_unit(rr, L));
        }
        sep = sep2;
    }
    if (x->excluded & CR_EXCL_POOL_TENANT) {
        tput(&b, "%s", sep);
        tputp(&b, CR__P_POOL_TENANT, x->pool_park >= 0 ? cr_dataset_park_id(ds, x->pool_park) : "?",
              cr__ph(&b, x->pool_park >= 0 && !strcmp(cr__strpool_get(&ds->park_city, (size_t)x->pool_park),
                                                    cr__strpool_get(&ds->park_city, (size_t)p)) ? CR__P_CITY : CR__P_PROVINCE));
        sep = sep2;
    }
    if (x->excluded & CR_EXCL_POOL_HQ) {
        tput(&b, "%s", sep);
        tputp(&b, CR__P_POOL_HQ, cr__strpool_get(&ds->ent_city, (size_t)e));
        sep = sep2;
    }
    return size - b.left;
}

size_t cr_rank_reasons_text(const cr_ranker *r, int32_t p, const cr_explanation *x, int64_t e, char *buf, size_t size)
{
    return cr_rank_reasons_text_lang(r, p, x, e, CR_LANG_EN, buf, size);
}
