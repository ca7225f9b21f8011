/* The candidate pool of a scheme (docs/model.md "Candidate pool") and the
 * likelihood model a scheme uses.
 *
 * Investment promotion attracts plants from outside; recommending a tenant
 * of the park next door in the same city is poaching (the seed texts' point).
 * A scheme may therefore exclude, as hard limits with their reason:
 *   - tenants of another park in the park's city (or province),
 *   - enterprises headquartered in the park's city (or province).
 * Both are per (enterprise, park) tests on strings and the tenancy list:
 * O(parks of e) each, only when the scheme asks. */
#include "rank/rank_internal.h"


const cr_likely_model *cr__scheme_likely(const cr_scheme *s, const cr_ranker *r)
{
    if (s->likely_override) return s->likely_override;
    return s->likely ? s->likely : r->ds->likely;
}

int cr__scheme_needs_likely(const cr_scheme *s)
{
    if (s->expected_value) return 1;
    for (int c = 0; c < s->ncrit; c++)
        if (s->crit[c] == CR_CRIT_LIKELIHOOD) return 1;
    return 0;
}

/* Same city / province by the ranker's interned ids (ranker likely prepare:
 * provinces without their administrative suffix), as the likelihood's
 * same_city / same_province features: one rule for both. */
static int same_place(const cr_ranker *r, int rule, int32_t city, int32_t prov, int32_t p)
{
    if (rule == CR__POOL_SAME_CITY) return city >= 0 && city == r->park_city[p];
    return prov >= 0 && prov == r->park_prov[p];
}

uint32_t cr__pool_flags(const cr_ranker *r, const cr_scheme *s, int64_t e, int32_t p, int32_t *why)
{
    uint32_t fl = 0;
    if (s->pool_tenants != CR__POOL_KEEP) {
        /* the parks e is a tenant of: tenant_of, plus the list of a multi-park tenant */
        int32_t one = r->tenant_of[e];
        int64_t a = 0, b = 0;
        if (r->eten_off && r->eten_off[e + 1] - r->eten_off[e] >= 2) { a = r->eten_off[e]; b = r->eten_off[e + 1]; }
        for (int64_t j = a; j < (b > a ? b : a + 1) && !fl; j++) {
            int32_t q = b > a ? r->eten[j] : one;
            if (q < 0 || q == p) continue;
            if (same_place(r, s->pool_tenants, r->park_city[q], r->park_prov[q], p))
            {
                fl |= CR_EXCL_POOL_TENANT;
                if (why) *why = q;
            }
        }
    }
    if (s->pool_hq != CR__POOL_KEEP && same_place(r, s->pool_hq, r->ent_city[e], r->ent_prov[e], p))
        fl |= CR_EXCL_POOL_HQ;
    return fl;
}
