/* Landing-likelihood features of (enterprise, park) as a ranker sees the
 * world (docs/likelihood.md "Features"). They describe the ENTERPRISE's
 * side of a location choice - where its plants already are, whether the
 * park already hosts its segments, whether its partners are there - which
 * none of the park-side criteria does.
 *
 * Everything here reads the ranker's tenancy (as of its cutoff) and the
 * dataset's sites filtered by the same cutoff, so a ranker built with
 * cr_ranker_new_as_of(c) gives the features as they could have been
 * computed on the eve of c: no event on or after c leaks in. */
#include "rank/rank_internal.h"
#include <chainrank/cr_likely.h>
#include "data/dates.h"

#include <math.h>
#include <string.h>

#define NEAR_KM 50.0
#define RECENT_DAYS 731   /* two years */

static const char *const feat_names[CR_LK_NFEAT] = {
    "site_km", "hq_km", "sites_near", "same_province", "same_city", "seg_tenants", "density",
    "partners", "national", "park_tenants", "firm_sites", "recent_sites",
};

const char *cr_likely_feature_name(int j)
{
    return j >= 0 && j < CR_LK_NFEAT ? feat_names[j] : "?";
}

int cr_likely_feature_parse(const char *name)
{
    for (int j = 0; j < CR_LK_NFEAT; j++)
        if (strcmp(feat_names[j], name) == 0) return j;
    return -1;
}

/* A site counts when its since is unknown or strictly before the cutoff. */
static int site_known(const cr_ranker *r, int64_t s)
{
    int32_t since = r->ds->site_since[s];
    return since == INT32_MIN || since < r->ref_date;
}

/* Province names come as "江苏" in one source and "江苏省" in another: compare
 * them without the administrative suffix. */
size_t cr__province_key(const char *s)
{
    static const char *const suffix[] = {"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"};
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        size_t k = strlen(suffix[i]);
        if (n > k && memcmp(s + n - k, suffix[i], k) == 0) return n - k;
    }
    return n;
}

void cr_likely_features(const cr_ranker *r, int64_t e, int32_t p, double *x, cr_likely_drivers *d)
{
    const cr_dataset *ds = r->ds;
    const cr_model *m = r->m;
    const double plat = ds->park_lat[p], plon = ds->park_lon[p];
    cr_likely_drivers dv = {0};

    /* headquarters = the enterprise's own point */
    double hq_km = cr_great_circle_km(plat, plon, ds->ent_lat[e], ds->ent_lon[e]);
    double best = hq_km;
    const int32_t pprov = r->park_prov[p], pcity = r->park_city[p];
    int same_prov = pprov >= 0 && r->ent_prov[e] == pprov;
    int same_cty = pcity >= 0 && r->ent_city[e] == pcity;
    int nsites = 0, nobs = 0, near = 0, recent = 0;
    for (int64_t s = ds->ent_site_off[e]; s < ds->ent_site_off[e + 1]; s++) {
        if (!site_known(r, s)) continue;
        double km = cr_great_circle_km(plat, plon, ds->site_lat[s], ds->site_lon[s]);
        if (km < best) best = km;
        /* the counts are of plants, R&D centres and offices: every A-share
         * firm has a headquarters row, the foreign ones none */
        if (ds->site_kind[s] == CR_SITE_HQ) continue;
        nsites++;
        if (ds->site_basis[s] != CR_BASIS_SYNTHETIC) nobs++;
        if (km <= NEAR_KM) near++;
        int32_t sp = ds->site_park[s];
        if (sp >= 0) {
            if (pprov >= 0 && r->park_prov[sp] == pprov) same_prov = 1;
            if (pcity >= 0 && r->park_city[sp] == pcity) same_cty = 1;
        }
        int32_t since = ds->site_since[s];
        if (since != INT32_MIN && since >= r->ref_date - RECENT_DAYS && ds->site_basis[s] != CR_BASIS_SYNTHETIC) recent++;
    }

    /* tenants of p sharing a segment with e (tenant-segment incidences) and
     * the share-weighted density of p's mix to e's segments */
    int64_t segten = 0;
    double dens = 0;
    for (int64_t k = ds->ent_seg_off[e]; k < ds->ent_seg_off[e + 1]; k++) {
        int32_t s = ds->ent_seg[k];
        segten += r->seg_ten[(size_t)p * (size_t)ds->nseg + (size_t)s];
        dens += ds->ent_share[k] * r->density[(size_t)p * (size_t)ds->nseg + (size_t)s];
    }

    /* supply links whose other end is a tenant of p or within 50 km of it */
    /* the distance test by the ranker's radius query (cr__gc_near: a chord
     * prefilter, then the same bits as cr_great_circle_km), since most links
     * are far: ~5x cheaper than a haversine a link */
    int partners = 0;
    if (m->has_supply && m->out_off[e + 1] + m->in_off[e + 1] > m->out_off[e] + m->in_off[e]) {
        cr__near_query nq;
        cr__near_init(&nq, plat, plon, NEAR_KM);
        for (int dir = 0; dir < 2; dir++) {
            const int64_t *off = dir ? m->in_off : m->out_off;
            const int32_t *adj = dir ? m->in_adj : m->out_adj;
            for (int64_t k = off[e]; k < off[e + 1]; k++) {
                int64_t f = adj[k];
                double km;
                if (cr__ranker_is_tenant(r, f, p) || cr__gc_near(&nq, r, r->cell_of[f], &km)) partners++;
            }
        }
    }
    int64_t ntenants = r->ten_off[p + 1] - r->ten_off[p];

    x[CR_LK_SITE_KM] = log1p(best);
    x[CR_LK_HQ_KM] = log1p(hq_km);
    x[CR_LK_SITES_NEAR] = log1p((double)near);
    x[CR_LK_SAME_PROVINCE] = same_prov ? 1.0 : 0.0;
    x[CR_LK_SAME_CITY] = same_cty ? 1.0 : 0.0;
    x[CR_LK_SEG_TENANTS] = log1p((double)segten);
    x[CR_LK_DENSITY] = dens;
    x[CR_LK_PARTNERS] = log1p((double)partners);
    x[CR_LK_NATIONAL] = ds->park_level[p] == CR_LEVEL_NATIONAL ? 1.0 : 0.0;
    x[CR_LK_PARK_TENANTS] = log1p((double)ntenants);
    /* the enterprise's own expansion record exists only where its plants
     * are observed (or inferred): without one the two are missing (NaN),
     * which the model reads as the training mean (z = 0), not as "none" */
    x[CR_LK_FIRM_SITES] = nobs ? log1p((double)nsites) : NAN;
    x[CR_LK_RECENT] = nobs ? log1p((double)recent) : NAN;
    if (d) {
        dv.site_km = best;
        dv.nsites = nsites;
        dv.sites_near = near;
        dv.seg_tenants = (int)(segten > INT32_MAX ? INT32_MAX : segten);
        dv.partners = partners;
        dv.same_province = same_prov;
        dv.same_city = same_cty;
        *d = dv;
    }
}

/* Per park and segment, how many of the park's tenants (as of the cutoff)
 * have that segment; and the reference date of the recent-sites feature.
 * O(tenancies x segments) time, npark x nseg x 4 bytes. */
/* Interns s (its first len bytes) into t: the id, or -1 for an empty string. */
static cr_error_t intern(cr_ctx *ctx, cr__strtab *t, const char *s, size_t len, int32_t *id)
{
    *id = -1;
    if (len == 0) return CR_OK;
    return cr__strtab_intern(ctx, t, s, len, id, NULL);
}

/* Province keys (without the administrative suffix) and cities as small
 * integers, so the same-province / same-city tests of every (e, p) pair are
 * one comparison, not string work. */
static cr_error_t place_ids(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    r->ent_prov = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *r->ent_prov);
    r->ent_city = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *r->ent_city);
    r->park_prov = cr__malloc(ctx, (size_t)ds->npark + 1, sizeof *r->park_prov);
    r->park_city = cr__malloc(ctx, (size_t)ds->npark + 1, sizeof *r->park_city);
    if (!r->ent_prov || !r->ent_city || !r->park_prov || !r->park_city) return CR_ENOMEM;
    cr__strtab prov, city;
    cr__strtab_init(&prov);
    cr__strtab_init(&city);
    cr_error_t rc = CR_OK;
    for (int32_t p = 0; p < ds->npark && rc == CR_OK; p++) {
        const char *a = cr__strpool_get(&ds->park_province, (size_t)p), *c = cr__strpool_get(&ds->park_city, (size_t)p);
        if ((rc = intern(ctx, &prov, a, cr__province_key(a), &r->park_prov[p])) == CR_OK)
            rc = intern(ctx, &city, c, strlen(c), &r->park_city[p]);
    }
    for (int64_t e = 0; e < ds->nent && rc == CR_OK; e++) {
        const char *a = cr__strpool_get(&ds->ent_province, (size_t)e), *c = cr__strpool_get(&ds->ent_city, (size_t)e);
        if ((rc = intern(ctx, &prov, a, cr__province_key(a), &r->ent_prov[e])) == CR_OK)
            rc = intern(ctx, &city, c, strlen(c), &r->ent_city[e]);
    }
    cr__strtab_destroy(&prov);
    cr__strtab_destroy(&city);
    return rc;
}

cr_error_t cr__ranker_likely_prepare(cr_ctx *ctx, cr_ranker *r)
{
    const cr_dataset *ds = r->ds;
    CR_CHECK(place_ids(ctx, r));
    size_t n = (size_t)ds->npark * (size_t)ds->nseg + 1;
    r->seg_ten = cr__calloc(ctx, n, sizeof *r->seg_ten);
    if (!r->seg_ten) return CR_ENOMEM;
    for (int32_t p = 0; p < ds->npark; p++)
        for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) {
            int64_t e = r->ten[t];
            for (int64_t k = ds->ent_seg_off[e]; k < ds->ent_seg_off[e + 1]; k++)
                r->seg_ten[(size_t)p * (size_t)ds->nseg + (size_t)ds->ent_seg[k]]++;
        }
    if (r->has_cutoff) {
        r->ref_date = r->cutoff;
    } else {
        /* no cutoff: the data's present, 1 January after the latest known site */
        int32_t last = INT32_MIN;
        for (int64_t s = 0; s < ds->nsite; s++)
            if (ds->site_since[s] != INT32_MIN && ds->site_since[s] > last) last = ds->site_since[s];
        r->ref_date = last == INT32_MIN ? INT32_MAX : cr__days_from_civil(cr__year_of_days(last) + 1, 1, 1);
    }
    return CR_OK;
}
