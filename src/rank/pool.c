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

#include <string.h>

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

static int same_place(const cr_dataset *ds, int rule, const char *city, const char *prov, int32_t p)
{
    if (rule == CR__POOL_SAME_CITY) {
        const char *pc = cr__strpool_get(&ds->park_city, (size_t)p);
        return city[0] && !strcmp(city, pc);
    }
    const char *pp = cr__strpool_get(&ds->park_province, (size_t)p);
    size_t a = cr__province_key(prov), b = cr__province_key(pp);
    return a > 0 && a == b && !memcmp(prov, pp, a);
}

uint32_t cr__pool_flags(const cr_ranker *r, const cr_scheme *s, int64_t e, int32_t p, int32_t *why)
{
    const cr_dataset *ds = r->ds;
    uint32_t fl = 0;
    if (s->pool_tenants != CR__POOL_KEEP) {
        /* the parks e is a tenant of: tenant_of, plus the list of a multi-park tenant */
        int32_t one = r->tenant_of[e];
        int64_t a = 0, b = 0;
        if (r->eten_off && r->eten_off[e + 1] - r->eten_off[e] >= 2) { a = r->eten_off[e]; b = r->eten_off[e + 1]; }
        for (int64_t j = a; j < (b > a ? b : a + 1) && !fl; j++) {
            int32_t q = b > a ? r->eten[j] : one;
            if (q < 0 || q == p) continue;
            if (same_place(ds, s->pool_tenants, cr__strpool_get(&ds->park_city, (size_t)q),
                           cr__strpool_get(&ds->park_province, (size_t)q), p))
            {
                fl |= CR_EXCL_POOL_TENANT;
                if (why) *why = q;
            }
        }
    }
    if (s->pool_hq != CR__POOL_KEEP &&
        same_place(ds, s->pool_hq, cr__strpool_get(&ds->ent_city, (size_t)e), cr__strpool_get(&ds->ent_province, (size_t)e), p))
        fl |= CR_EXCL_POOL_HQ;
    return fl;
}
