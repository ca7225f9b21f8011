/* The criteria table (criteria.h): one row per criterion, with its scalar
 * formula and its part of the explanation text. The formulas are the
 * definitions of docs/model.md "Ranking criteria" (sections 1-6); the
 * materialised kernel (score_kernel.c) calls them once per candidate, the
 * streaming kernel (stream_kernel.h) computes the streamed ones with the
 * same operations, vectorised over parks. */
#include "rank/criteria.h"
#include "rank/phrases.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- scalar formulas ---- */

static double f_gap(const cr__crit_in *in)
{
    return in->gap;
}

/* ln(1 + sum): trade is heavy-tailed, most candidates have none (0 exactly) */
static double f_partners(const cr__crit_in *in)
{
    return in->partner_w > 0 ? log1p(in->partner_w) : 0.0;
}

/* the five resource fits and the endowment fit, averaged */
static double f_resources(const cr__crit_in *in)
{
    return (in->fsum + in->fend) / 6.0;
}

static double f_greening(const cr__crit_in *in)
{
    return in->r->green[in->e];
}

static double f_density(const cr__crit_in *in)
{
    return in->dens;
}

/* pagerank x (1 + ln(1 + suppliers that are not local)); goose0 when none is local */
static double f_goose(const cr__crit_in *in)
{
    const cr_ranker *r = in->r;
    const int64_t e = in->e;
    if (in->local_sup <= 0) return r->goose0[e];
    int64_t indeg = r->m->in_off[e + 1] - r->m->in_off[e];
    return r->m->ent_pagerank[e] * (1.0 + log1p((double)(indeg - in->local_sup)));
}

static double f_quality(const cr__crit_in *in)
{
    return cr__crit_quality(in->r->ds, in->s, in->tagb, in->e);
}

/* P(e opens a plant in the park within a year) by the scheme's (or the
 * dataset's) fitted model; NaN without one (docs/likelihood.md) */
static double f_likelihood(const cr__crit_in *in)
{
    const cr_likely_model *m = cr__scheme_likely(in->s, in->r);
    if (!m) return NAN;
    double x[CR_LK_NFEAT];
    cr_likely_features(in->r, in->e, in->park, x, NULL);
    return cr_likely_model_prob(m, x);
}

/* ---- explanation texts (cr_rank_explain_text: the rows in table order) ---- */

static void x_gap(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    static const char *const kind[] = {"", "强链", "补链", "延链", ""};
    for (int i = 0; i < x->ngaps; i++) {
        /* names are "中文 (English)": the text keeps the part before " (" */
        const char *nm = cr_dataset_segment_name(r->ds, x->gaps[i].segment), *cut = strstr(nm, " (");
        int len = cut && cut > nm ? (int)(cut - nm) : (int)strlen(nm);
        if (i) cr__tput(b, "%s", cr__ph(b, CR__P_LIST_SEP));
        cr__tputp(b, CR__P_GAP_ITEM, kind[x->gaps[i].status], len, nm, 100 * x->gaps[i].fill);
    }
    if (!x->ngaps) cr__tput(b, "%s", cr__ph(b, CR__P_NO_GAP));
}

static void x_partners(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    if (!x->npartners) return;
    cr__tput(b, "%s", cr__ph(b, CR__P_PARTNERS));
    for (int i = 0; i < x->nshown; i++) {
        const cr_explain_partner *q = &x->partners[i];
        if (i) cr__tput(b, "%s", b->lang == CR_LANG_EN ? "," : cr__ph(b, CR__P_LIST_SEP));
        cr__tputp(b, CR__P_PARTNER, cr_dataset_enterprise_name(r->ds, q->ent));
        if (q->tenant) cr__tput(b, "%s", cr__ph(b, CR__P_PARTNER_TENANT));
        else cr__tputp(b, CR__P_PARTNER_KM, q->km);
    }
    if (x->npartners > x->nshown) cr__tputp(b, CR__P_PARTNER_LINKS, x->npartners);
}

static void x_resources(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    (void)r;
    if (x->binding >= 0)
        cr__tputp(b, CR__P_BINDING, cr_rank_resource_label(x->binding, (cr_lang)b->lang), 100 * x->binding_fit);
}

static void x_greening(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    (void)r;
    if (isnan(x->co2_benchmark)) cr__tputp(b, CR__P_CO2_NOBENCH, x->co2_int);
    else cr__tputp(b, CR__P_CO2_BENCH, x->co2_int, x->co2_benchmark);
}

static void x_goose(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    (void)r;
    if (x->followers > 0) cr__tputp(b, CR__P_FOLLOWERS, x->followers);
}

static void x_likelihood(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b)
{
    (void)r;
    if (isnan(x->likelihood)) return;
    cr__tputp(b, CR__P_LIK, 100 * x->likelihood, x->lk_site_km);
    if (x->lk_sites_near) cr__tputp(b, x->lk_sites_near > 1 ? CR__P_LIK_SITESN : CR__P_LIK_SITES1, x->lk_sites_near);
    if (x->lk_seg_tenants) cr__tputp(b, x->lk_seg_tenants > 1 ? CR__P_LIK_SEGN : CR__P_LIK_SEG1, x->lk_seg_tenants);
    if (x->lk_partners) cr__tputp(b, x->lk_partners > 1 ? CR__P_LIK_PARTN : CR__P_LIK_PART1, x->lk_partners);
    if (x->lk_same_city) cr__tput(b, "%s", cr__ph(b, CR__P_LIK_CITY));
    else if (x->lk_same_province) cr__tput(b, "%s", cr__ph(b, CR__P_LIK_PROVINCE));
}

/* ---- the table ---- */

const cr__criterion cr__criteria[CR_NCRIT] = {
    {CR_CRIT_GAP,
     {"gap", "chain-gap fit", "gap", "sum of gap priorities filled, [0, sum P]", 6, 3, 'f',
      "sum over e's segments of gap priority x min(1, share x plant output / gap volume)", "补链贡献"},
     CR__NEED_GAPS, f_gap, x_gap, 1, 0},
    {CR_CRIT_PARTNERS,
     {"partners", "local partner linkage", "partners", "ln(1 + link weight), link weight in 10^4 CNY/yr", 9, 4, 'g',
      "ln(1 + sum of link weight x distance decay to tenants and enterprises within the radius)", "本地配套关联"},
     CR__NEED_PARTNERS, f_partners, x_partners, 1, 0},
    {CR_CRIT_RESOURCES,
     {"resources", "resource endowment fit", "res", "[0, 1]", 5, 2, 'f',
      "mean of the land, water, power, labour, skilled-labour and endowment fits", "资源要素匹配"},
     CR__NEED_RESOURCES | CR__NEED_SEGMENTS, f_resources, x_resources, 1, 0},
    {CR_CRIT_GREENING,
     {"greening", "greening", "green", "(0, 1]", 5, 2, 'f',
      "CO2 intensity against the share-weighted benchmark of e's segments", "绿色低碳"},
     CR__NEED_RANKER, f_greening, x_greening, 1, 0},
    {CR_CRIT_DENSITY,
     {"density", "relatedness density", "dens", "[0, 1]", 5, 2, 'f',
      "share-weighted relatedness density of the park's tenant mix to e's segments", "产业关联密度"},
     CR__NEED_SEGMENTS, f_density, NULL, 1, 0},
    {CR_CRIT_GOOSE,
     {"goose", "head goose", "goose", "PageRank x N (mean 1) x (1 + ln(1 + followers))", 6, 3, 'f',
      "supply-graph PageRank x (1 + ln(1 + suppliers that are not local and could follow))", "头雁带动"},
     CR__NEED_PARTNERS | CR__NEED_RANKER, f_goose, x_goose, 1, 0},
    {CR_CRIT_QUALITY,
     {"quality", "quality", "qual", "[0, 1]", 5, 2, 'f',
      "mean of the capped investment intensity, R&D intensity and tag bonuses", "企业质量"},
     CR__NEED_RANKER, f_quality, NULL, 1, 0},
    {CR_CRIT_LIKELIHOOD,
     {"likelihood", "landing likelihood", "lik", "probability a year, [0, 1]", 8, 5, 'f',
      "fitted P(e opens a new plant in the park within a year), from where e's sites are, its segments and partners here", "落地可能性"},
     CR__NEED_RANKER, f_likelihood, x_likelihood, 0, 1},
};

const cr_criterion_info *cr_criterion_get(cr_criterion c)
{
    return (unsigned)c < CR_NCRIT ? &cr__criteria[c].info : NULL;
}

const char *cr_criterion_name(cr_criterion c)
{
    return (unsigned)c < CR_NCRIT ? cr__criteria[c].info.id : "?";
}

int cr_criterion_parse(const char *name)
{
    for (int k = 0; k < CR_NCRIT; k++)
        if (name && !strcmp(name, cr__criteria[k].info.id)) return k;
    return -1;
}

int cr__scheme_uses(const cr_scheme *s, int c)
{
    if (c == CR_CRIT_LIKELIHOOD && s->expected_value) return 1;
    for (int k = 0; k < s->ncrit; k++)
        if ((int)s->crit[k] == c) return 1;
    return 0;
}

int cr__criteria_streamable(const cr_scheme *s, const cr__criterion *tab)
{
    for (int c = 0; c < s->ncrit; c++)
        if (!tab[s->crit[c]].streamed) return 0;
    return 1;
}

static void vtput(cr__tbuf *b, const char *fmt, va_list ap)
{
    if (b->left <= 1) return;
    int n = vsnprintf(b->p, b->left, fmt, ap);
    if (n < 0) return;
    size_t u = (size_t)n < b->left ? (size_t)n : b->left - 1;
    if ((size_t)n >= b->left) {
        /* cut: never inside a UTF-8 character (the texts hold Chinese
         * names): drop the last character if its bytes did not all fit */
        size_t k = u;
        while (k > 0 && ((unsigned char)b->p[k - 1] & 0xC0) == 0x80) k--;
        if (k > 0) {
            const unsigned char lead = (unsigned char)b->p[k - 1];
            size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (k - 1 + len > u) u = k - 1;
        }
        b->p[u] = 0;
        b->p += u;
        b->left = 1;   /* full: nothing more fits */
        return;
    }
    b->p += u;
    b->left -= u;
}

void cr__tput(cr__tbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vtput(b, fmt, ap);
    va_end(ap);
}

const char *cr__ph(const cr__tbuf *b, int phrase)
{
    return cr__phrases[phrase][b->lang == CR_LANG_ZH ? CR_LANG_ZH : CR_LANG_EN];
}

/* The format comes from the phrase table, not a literal: both columns of a
 * row take the same arguments (test_phrases), so the check GCC cannot make
 * here is made by that test. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void cr__tputp(cr__tbuf *b, int phrase, ...)
{
    va_list ap;
    va_start(ap, phrase);
    vtput(b, cr__ph(b, phrase), ap);
    va_end(ap);
}
#pragma GCC diagnostic pop
