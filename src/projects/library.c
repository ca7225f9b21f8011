/* The target library of a chain across parks (docs/projects.md "library"):
 * each park's ranked list for (chain, scheme), merged by enterprise; a
 * target's best parks are where it ranks highest; its tier comes from its
 * best position and whether it is a head firm (链主, by revenue in the chain)
 * or top500-tagged filling a key link or a 补链/强链 gap; its category from
 * its segment's gap status in its best park (src/gaps). Serial and
 * deterministic: one ranking and one gap list a park, then
 * O(parks x top x log) to merge. */
#include "projects/projects_internal.h"
#include "core/core_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr_library_params_default(cr_library_params *p)
{
    p->top = 30;
    p->tier_a = 10;
    p->tier_b = 20;
    p->head_top = 10;
}

void cr_library_free(cr_library *l)
{
    if (!l) return;
    free(l->parks);
    free(l->t);
    free(l->segment_in_chain);
    free(l);
}

const char *cr_library_category(cr_gap_status s)
{
    switch (s) {
    case CR_GAP_MISSING: return "补链";
    case CR_GAP_WEAK:
    case CR_GAP_STRONG: return "强链";
    default: return "延链";
    }
}

typedef struct {
    int64_t ent;
    int32_t park, pos;
    double score;
} hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->park > y->park) - (x->park < y->park);
}

/* The hits of the parks' lists, appended in job (park) order by cr_rank_batch. */
typedef struct {
    hit *H;
    int64_t nh;
    const int32_t *parks;
} lib_hits;

static int take_hits(void *user, size_t job, const cr_rank_result *res)
{
    lib_hits *lh = user;
    for (int64_t i = 0; i < res->nrows; i++)
        lh->H[lh->nh++] = (hit){res->ent[i], lh->parks[job], (int32_t)i + 1, res->score[i]};
    return 0;
}


static int cmp_target(const cr_library_target *x, const cr_library_target *y, const cr_dataset *ds)
{
    if (x->tier != y->tier) return x->tier < y->tier ? -1 : 1;
    if (x->pos[0] != y->pos[0]) return x->pos[0] < y->pos[0] ? -1 : 1;
    if (x->score[0] != y->score[0]) return x->score[0] > y->score[0] ? -1 : 1;
    return strcmp(cr__strtab_get(&ds->ent_id, (size_t)x->ent), cr__strtab_get(&ds->ent_id, (size_t)y->ent));
}

/* Merge sort by cmp_target (stable, no global state). */
static void sort_targets(cr_library_target *v, cr_library_target *tmp, int64_t n, const cr_dataset *ds)
{
    if (n < 2) return;
    int64_t h = n / 2, i = 0, j = h, k = 0;
    sort_targets(v, tmp, h, ds);
    sort_targets(v + h, tmp, n - h, ds);
    while (i < h && j < n) tmp[k++] = cmp_target(&v[j], &v[i], ds) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

/* Revenue of e in chain c: revenue x its share in the chain's segments. */
static double chain_revenue(const cr_dataset *ds, int64_t e, const uint8_t *in_chain)
{
    double sh = 0;
    for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++)
        if (in_chain[ds->ent_seg[t]]) sh += ds->ent_share[t];
    return ds->ent_revenue[e] * sh;
}

cr_error_t cr_library_build(cr_ctx *ctx, const cr_model *m, const cr_ranker *r, int32_t chain, const int32_t *parks,
                            int32_t nparks, const cr_scheme *s, const cr_library_params *pp, cr_library **out)
{
    *out = NULL;
    const cr_dataset *ds = cr_ranker_dataset(r);
    cr_library_params prm;
    if (pp) prm = *pp; else cr_library_params_default(&prm);
    if (prm.top < 1 || prm.tier_a < 0 || prm.tier_b < prm.tier_a || prm.head_top < 0)
        return cr_ctx_fail(ctx, CR_EINVAL, "library: need top >= 1 and 0 <= tier A <= tier B");
    if (chain < 0 || chain >= ds->nchain || nparks < 1) return cr_ctx_fail(ctx, CR_EINVAL, "library: a chain and parks needed");
    cr_error_t rc = CR_OK;
    cr_library *L = cr__calloc(ctx, 1, sizeof *L);
    hit *H = cr__malloc(ctx, (size_t)nparks * (size_t)prm.top + 1, sizeof *H);
    cr_gaps **gaps = cr__calloc(ctx, (size_t)nparks, sizeof *gaps);
    uint8_t *in_chain = cr__calloc(ctx, (size_t)ds->nseg + 1, 1), *key = cr__calloc(ctx, (size_t)ds->nseg + 1, 1);
    int64_t *heads = cr__malloc(ctx, (size_t)prm.head_top + 1, sizeof *heads);
    double *head_rev = cr__malloc(ctx, (size_t)prm.head_top + 1, sizeof *head_rev);
    cr_library_target *tmp = NULL;
    int64_t nh = 0, nheads = 0;
    if (!L || !H || !gaps || !in_chain || !key || !heads || !head_rev) { rc = CR_ENOMEM; goto done; }
    L->chain = chain;
    L->params = prm;
    L->nparks = nparks;
    if (!(L->parks = cr__malloc(ctx, (size_t)nparks, sizeof *L->parks))) { rc = CR_ENOMEM; goto done; }
    memcpy(L->parks, parks, (size_t)nparks * sizeof *parks);
    for (int64_t q = ds->mem_off[chain]; q < ds->mem_off[chain + 1]; q++) {
        in_chain[ds->mem_seg[q]] = 1;
        key[ds->mem_seg[q]] = ds->mem_key[q];
    }
    /* head firms: the head_top largest revenues in the chain (ties by index), kept in a small sorted array */
    for (int64_t e = 0; e < ds->nent && prm.head_top > 0; e++) {
        double v = chain_revenue(ds, e, in_chain);
        if (!(v > 0)) continue;
        if (nheads == prm.head_top && v <= head_rev[nheads - 1]) continue;
        int64_t i = nheads < prm.head_top ? nheads++ : nheads - 1;
        while (i > 0 && head_rev[i - 1] < v) { heads[i] = heads[i - 1]; head_rev[i] = head_rev[i - 1]; i--; }
        heads[i] = e;
        head_rev[i] = v;
    }
    int32_t top500 = cr__strtab_find(&ds->tags, "top500", 6);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = prm.top;
    /* The parks' lists as one batch (issue 19): parks in parallel, each list
     * the same bytes as cr_rank_park's, delivered in park order; a loop of
     * cr_rank_park made one small parallel region a park, and 2 threads cost
     * 4x the CPU of 1 at 10 k enterprises (bench/results.md "Threads"). */
    {
        cr_rank_job *jobs = cr__malloc(ctx, (size_t)nparks + 1, sizeof *jobs);
        if (!jobs) { rc = CR_ENOMEM; goto done; }
        for (int32_t k = 0; k < nparks; k++) jobs[k] = (cr_rank_job){.park = parks[k], .chain = chain, .scheme = 0};
        lib_hits lh = {H, 0, parks};
        rc = cr_rank_batch(ctx, r, &s, jobs, (size_t)nparks, &o, take_hits, &lh);
        free(jobs);
        nh = lh.nh;
        if (rc != CR_OK) goto done;
    }
    for (int32_t k = 0; k < nparks; k++)
        if ((rc = cr_gaps_compute(ctx, m, parks[k], chain, NULL, &gaps[k])) != CR_OK) goto done;
    qsort(H, (size_t)nh, sizeof *H, cmp_hit);
    if (!(L->t = cr__calloc(ctx, (size_t)nh + 1, sizeof *L->t)) || !(tmp = cr__malloc(ctx, (size_t)nh + 1, sizeof *tmp))) {
        rc = CR_ENOMEM;
        goto done;
    }
    for (int64_t a = 0, b; a < nh; a = b) {
        for (b = a + 1; b < nh && H[b].ent == H[a].ent; b++) {}
        cr_library_target *t = &L->t[L->n++];
        const int64_t e = H[a].ent;
        t->ent = e;
        for (int64_t q = a; q < b && t->nbest < CR_LIBRARY_BEST; q++) {
            t->park[t->nbest] = H[q].park;
            t->pos[t->nbest] = H[q].pos;
            t->score[t->nbest] = H[q].score;
            t->nbest++;
        }
        double best = -1;
        t->segment = -1;
        for (int64_t q = ds->ent_seg_off[e]; q < ds->ent_seg_off[e + 1]; q++)
            if (in_chain[ds->ent_seg[q]] && ds->ent_share[q] > best) { best = ds->ent_share[q]; t->segment = ds->ent_seg[q]; }
        t->key = t->segment >= 0 && key[t->segment];
        t->top500 = top500 >= 0 && ((ds->ent_tags[e] >> top500) & 1);
        for (int64_t q = 0; q < nheads; q++) t->head |= heads[q] == e;
        t->status = CR_GAP_ABSENT;
        for (int32_t k = 0; k < nparks; k++) {
            if (parks[k] != t->park[0]) continue;
            for (int32_t i = 0; i < gaps[k]->n; i++)
                if (gaps[k]->segment[i] == t->segment) t->status = (cr_gap_status)gaps[k]->status[i];
        }
        const int fills = t->key || t->status == CR_GAP_MISSING || t->status == CR_GAP_WEAK;
        if (t->pos[0] <= prm.tier_a && (t->head || t->top500) && fills) t->tier = 'A';
        else if (t->pos[0] <= prm.tier_b) t->tier = 'B';
        else t->tier = 'C';
        L->ntier[t->tier - 'A']++;
    }
    sort_targets(L->t, tmp, L->n, ds);
done:
    if (gaps)
        for (int32_t k = 0; k < nparks; k++) cr_gaps_free(gaps[k]);
    free(gaps);
    free(H);
    if (L && rc == CR_OK) L->segment_in_chain = in_chain;
    else free(in_chain);
    free(key);
    free(heads);
    free(head_rev);
    free(tmp);
    if (rc != CR_OK) { cr_library_free(L); return rc; }
    *out = L;
    return CR_OK;
}
