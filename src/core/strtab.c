#include "core/strtab.h"
#include "core/core_internal.h"

#include <string.h>

void cr__strpool_init(cr__strpool *p) { memset(p, 0, sizeof *p); }

void cr__strpool_destroy(cr__strpool *p)
{
    free(p->bytes);
    free(p->off);
    memset(p, 0, sizeof *p);
}

cr_error_t cr__strpool_add(cr_ctx *ctx, cr__strpool *p, const char *s, size_t len)
{
    CR_CHECK(cr__grow(ctx, (void **)&p->bytes, &p->cap, p->used + len + 1, 1));
    CR_CHECK(cr__grow(ctx, (void **)&p->off, &p->ncap, p->n + 1, sizeof *p->off));
    memcpy(p->bytes + p->used, s, len);
    p->bytes[p->used + len] = '\0';
    p->off[p->n++] = p->used;
    p->used += len + 1;
    return CR_OK;
}

void cr__strtab_init(cr__strtab *t)
{
    memset(t, 0, sizeof *t);
}

void cr__strtab_destroy(cr__strtab *t)
{
    cr__strpool_destroy(&t->pool);
    free(t->slot);
    memset(t, 0, sizeof *t);
}

static uint64_t fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Length of string i (strings are stored back to back, each NUL-ended). */
static size_t pool_len(const cr__strpool *p, size_t i)
{
    return (i + 1 < p->n ? p->off[i + 1] : p->used) - p->off[i] - 1;
}

/* Fills slot *sl for string idx = s[0..len) with hash h. */
static void slot_set(cr__slot *sl, int32_t idx, const char *s, size_t len, uint64_t h)
{
    sl->idx = idx;
    sl->len = (uint8_t)(len < 255 ? len : 255);
    sl->tag = (uint8_t)(h >> 56);
    memset(sl->pre, 0, sizeof sl->pre);
    memcpy(sl->pre, s, len < CR__SLOT_PRE ? len : CR__SLOT_PRE);
}

/* The slot's string equals s[0..len): the inline bytes decide for short
 * strings, the pool only for the rest of a longer one (or a length >= 255). */
static int same(const cr__strtab *t, const cr__slot *sl, const char *s, size_t len, uint64_t h)
{
    if (sl->tag != (uint8_t)(h >> 56) || sl->len != (len < 255 ? len : 255)) return 0;
    size_t np = len < CR__SLOT_PRE ? len : CR__SLOT_PRE;
    if (memcmp(sl->pre, s, np) != 0) return 0;
    if (len <= CR__SLOT_PRE) return 1;
    /* the pool's offsets give the real length (the byte saturates at 255; and
     * a slot from a crafted snapshot may claim more than its string has:
     * never compare past the string). off[idx + 1] is off[idx]'s neighbour. */
    if (pool_len(&t->pool, (size_t)sl->idx) != len) return 0;
    const char *a = cr__strpool_get(&t->pool, (size_t)sl->idx);
    return memcmp(a + np, s + np, len - np) == 0;
}

int32_t cr__strtab_find(const cr__strtab *t, const char *s, size_t len)
{
    if (!t->nslot) return -1;
    const size_t mask = t->nslot - 1;
    const uint64_t hv = fnv1a(s, len);
    for (size_t h = hv & mask;; h = (h + 1) & mask) {
        const cr__slot *sl = &t->slot[h];
        if (sl->idx < 0) return -1;
        if (same(t, sl, s, len, hv)) return sl->idx;
    }
}

static cr_error_t rehash(cr_ctx *ctx, cr__strtab *t, size_t nslot)
{
    /* zeroed: an empty slot's other bytes are written to snapshots, and
     * the same dataset must give the same bytes */
    cr__slot *ns = cr__calloc(ctx, nslot, sizeof *ns);
    if (!ns) return CR_ENOMEM;
    for (size_t h = 0; h < nslot; h++) ns[h].idx = -1;
    size_t mask = nslot - 1;
    for (size_t i = 0; i < t->pool.n; i++) {
        const char *s = cr__strpool_get(&t->pool, i);
        /* the pool's length, not strlen: an id may hold a NUL byte */
        size_t len = pool_len(&t->pool, i);
        uint64_t hv = fnv1a(s, len);
        size_t h = hv & mask;
        while (ns[h].idx >= 0) h = (h + 1) & mask;
        slot_set(&ns[h], (int32_t)i, s, len, hv);
    }
    free(t->slot);
    t->slot = ns;
    t->nslot = nslot;
    return CR_OK;
}

cr_error_t cr__strtab_intern(cr_ctx *ctx, cr__strtab *t, const char *s, size_t len, int32_t *idx, int *added)
{
    int32_t f = cr__strtab_find(t, s, len);
    if (f >= 0) {
        *idx = f;
        if (added) *added = 0;
        return CR_OK;
    }
    if (t->pool.n >= INT32_MAX - 1) return cr_ctx_fail(ctx, CR_EINVAL, "too many distinct ids (max %d)", INT32_MAX - 1);
    if (2 * (t->pool.n + 1) > t->nslot) CR_CHECK(rehash(ctx, t, t->nslot ? 2 * t->nslot : 64));
    CR_CHECK(cr__strpool_add(ctx, &t->pool, s, len));
    int32_t i = (int32_t)(t->pool.n - 1);
    size_t mask = t->nslot - 1;
    uint64_t hv = fnv1a(s, len);
    size_t h = hv & mask;
    while (t->slot[h].idx >= 0) h = (h + 1) & mask;
    slot_set(&t->slot[h], i, s, len, hv);
    *idx = i;
    if (added) *added = 1;
    return CR_OK;
}

cr_error_t cr__strtab_build(cr_ctx *ctx, cr__strtab *t, int32_t *dup)
{
    *dup = -1;
    size_t n = t->pool.n, nslot = 0;
    if (t->slot || n >= INT32_MAX - 1) return cr_ctx_fail(ctx, CR_EINTERNAL, "cr__strtab_build: table already built or too large");
    if (!n) return CR_OK;
    /* the size n interns reach: 64, doubled while more than half full */
    for (nslot = 64; 2 * n > nslot; nslot *= 2) {}
    /* zeroed: an empty slot's other bytes are written to snapshots, and
     * the same dataset must give the same bytes */
    cr__slot *ns = cr__calloc(ctx, nslot, sizeof *ns);
    if (!ns) return CR_ENOMEM;
    for (size_t h = 0; h < nslot; h++) ns[h].idx = -1;
    t->slot = ns;
    t->nslot = nslot;
    size_t mask = nslot - 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = cr__strpool_get(&t->pool, i);
        size_t len = pool_len(&t->pool, i);
        uint64_t hv = fnv1a(s, len);
        size_t h = hv & mask;
        for (; ns[h].idx >= 0; h = (h + 1) & mask)
            if (same(t, &ns[h], s, len, hv)) { *dup = (int32_t)i; return CR_OK; }
        slot_set(&ns[h], (int32_t)i, s, len, hv);
    }
    return CR_OK;
}
