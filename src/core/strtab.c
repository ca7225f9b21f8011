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

static int same(const cr__strtab *t, int32_t i, const char *s, size_t len)
{
    const char *a = cr__strpool_get(&t->pool, (size_t)i);
    return strncmp(a, s, len) == 0 && a[len] == '\0';
}

int32_t cr__strtab_find(const cr__strtab *t, const char *s, size_t len)
{
    if (!t->nslot) return -1;
    size_t mask = t->nslot - 1;
    for (size_t h = fnv1a(s, len) & mask;; h = (h + 1) & mask) {
        int32_t i = t->slot[h];
        if (i < 0) return -1;
        if (same(t, i, s, len)) return i;
    }
}

static cr_error_t rehash(cr_ctx *ctx, cr__strtab *t, size_t nslot)
{
    int32_t *ns = cr__malloc(ctx, nslot, sizeof *ns);
    if (!ns) return CR_ENOMEM;
    memset(ns, 0xff, nslot * sizeof *ns);
    size_t mask = nslot - 1;
    for (size_t i = 0; i < t->pool.n; i++) {
        const char *s = cr__strpool_get(&t->pool, i);
        size_t h = fnv1a(s, strlen(s)) & mask;
        while (ns[h] >= 0) h = (h + 1) & mask;
        ns[h] = (int32_t)i;
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
    size_t h = fnv1a(s, len) & mask;
    while (t->slot[h] >= 0) h = (h + 1) & mask;
    t->slot[h] = i;
    *idx = i;
    if (added) *added = 1;
    return CR_OK;
}
