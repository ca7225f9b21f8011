/* Batch plans (docs/model.md, "Batch runs"): which (park, chain, scheme)
 * combinations to rank. Parsed with cJSON on the calling thread. */
#include "rank/rank_internal.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef cr__json_doc pparse;
#define pfail cr__json_fail

void cr_rank_plan_free(cr_rank_plan *pl)
{
    if (!pl) return;
    for (size_t i = 0; i < pl->nschemes; i++) free(pl->schemes[i]);
    free(pl->schemes);
    free(pl->jobs);
    free(pl);
}

/* Scheme path relative to the plan's folder unless absolute. */
static char *resolve(cr_ctx *ctx, const char *plan, const char *rel)
{
    const char *slash = strrchr(plan, '/');
    if (rel[0] == '/' || !slash) return cr__strdup(ctx, rel);
    size_t d = (size_t)(slash - plan) + 1, n = strlen(rel);
    char *s = cr__malloc(ctx, d + n + 1, 1);
    if (!s) return NULL;
    memcpy(s, plan, d);
    memcpy(s + d, rel, n + 1);
    return s;
}

static cr_error_t add_scheme(const pparse *p, cr_rank_plan *pl, const char *rel, size_t *cap, int *idx)
{
    char *path = resolve(p->ctx, p->src, rel);
    if (!path) return CR_ENOMEM;
    for (size_t i = 0; i < pl->nschemes; i++)
        if (!strcmp(pl->schemes[i], path)) {
            free(path);
            *idx = (int)i;
            return CR_OK;
        }
    cr_error_t rc = cr__grow(p->ctx, (void **)&pl->schemes, cap, pl->nschemes + 1, sizeof *pl->schemes);
    if (rc != CR_OK) {
        free(path);
        return rc;
    }
    *idx = (int)pl->nschemes;
    pl->schemes[pl->nschemes++] = path;
    return CR_OK;
}

static cr_error_t add_job(const pparse *p, cr_rank_plan *pl, size_t *cap, int32_t park, int32_t chain, int sch)
{
    CR_CHECK(cr__grow(p->ctx, (void **)&pl->jobs, cap, pl->njobs + 1, sizeof *pl->jobs));
    pl->jobs[pl->njobs].park = park;
    pl->jobs[pl->njobs].chain = chain;
    pl->jobs[pl->njobs].scheme = sch;
    pl->njobs++;
    return CR_OK;
}

/* A job listed twice would be ranked twice and its file written twice
 * (issue 18): refused, naming both entries. O(n log n). */
typedef struct {
    int32_t park, chain;
    int scheme;
    size_t i;
} jobkey;

static int same_job(const jobkey *x, const jobkey *y)
{
    return x->park == y->park && x->chain == y->chain && x->scheme == y->scheme;
}

static int jobkey_cmp(const void *a, const void *b)
{
    const jobkey *x = a, *y = b;
    if (x->park != y->park) return x->park < y->park ? -1 : 1;
    if (x->chain != y->chain) return x->chain < y->chain ? -1 : 1;
    if (x->scheme != y->scheme) return x->scheme < y->scheme ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static cr_error_t no_duplicate_job(const pparse *p, const cr_rank_plan *pl)
{
    if (pl->njobs < 2) return CR_OK;
    jobkey *k = cr__malloc(p->ctx, pl->njobs, sizeof *k);
    if (!k) return CR_ENOMEM;
    for (size_t i = 0; i < pl->njobs; i++)
        k[i] = (jobkey){pl->jobs[i].park, pl->jobs[i].chain, pl->jobs[i].scheme, i};
    qsort(k, pl->njobs, sizeof *k, jobkey_cmp);
    /* equal jobs sit together in entry order: a group's first element is the
     * first entry, its second the first repeat; report the earliest repeat */
    size_t first = 0, second = SIZE_MAX;
    for (size_t g = 0; g < pl->njobs;) {
        size_t e = g + 1;
        while (e < pl->njobs && same_job(&k[e], &k[g])) e++;
        if (e - g > 1 && k[g + 1].i < second) {
            first = k[g].i;
            second = k[g + 1].i;
        }
        g = e;
    }
    free(k);
    if (second == SIZE_MAX) return CR_OK;
    char path[64];
    snprintf(path, sizeof path, "jobs[%zu]", second);
    return pfail(p, CR_EINVAL, path, "the same park, chain and scheme as jobs[%zu]: each job is listed once", first);
}

static cr_error_t parse_plan(const pparse *p, const cr_dataset *ds, const cJSON *root, cr_rank_plan *pl)
{
    static const char *const known[] = {"schemes", "parks", "chains", "jobs", "top", NULL};
    if (!cJSON_IsObject(root)) return pfail(p, CR_EINVAL, "", "a plan is a JSON object");
    for (const cJSON *it = root->child; it; it = it->next) {
        int ok = 0;
        for (int k = 0; known[k] && !ok; k++) ok = !strcmp(it->string, known[k]);
        if (!ok) return pfail(p, CR_EINVAL, it->string, "unknown key (expected schemes, parks, chains, jobs, top)");
    }
    pl->top = 50;
    const cJSON *top = cJSON_GetObjectItemCaseSensitive(root, "top");
    if (top) {
        if (!cJSON_IsNumber(top) || top->valuedouble < 1 || top->valuedouble > 1e9 ||
            top->valuedouble != (double)(int32_t)top->valuedouble)
            return pfail(p, CR_EINVAL, "top", "expected a positive integer");
        pl->top = (int32_t)top->valuedouble;
    }
    size_t scap = 0, jcap = 0;
    const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(root, "jobs");
    if (jobs) {
        if (!cJSON_IsArray(jobs)) return pfail(p, CR_EINVAL, "jobs", "expected an array");
        int i = 0;
        for (const cJSON *j = jobs->child; j; j = j->next, i++) {
            char path[80], sub[96];
            snprintf(path, sizeof path, "jobs[%d]", i);
            const cJSON *pk = cJSON_GetObjectItemCaseSensitive(j, "park");
            const cJSON *ch = cJSON_GetObjectItemCaseSensitive(j, "chain");
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(j, "scheme");
            if (!cJSON_IsObject(j) || !cJSON_IsString(pk) || !cJSON_IsString(ch) || !cJSON_IsString(sc))
                return pfail(p, CR_EINVAL, path, "expected {\"park\": ID, \"chain\": ID, \"scheme\": PATH}");
            int32_t park = cr_dataset_find_park(ds, pk->valuestring), chain = cr_dataset_find_chain(ds, ch->valuestring);
            snprintf(sub, sizeof sub, "%s.park", path);
            if (park < 0) return pfail(p, CR_ENOTFOUND, sub, "no park '%s' in the dataset", pk->valuestring);
            snprintf(sub, sizeof sub, "%s.chain", path);
            if (chain < 0) return pfail(p, CR_ENOTFOUND, sub, "no chain '%s' in the dataset", ch->valuestring);
            int idx;
            CR_CHECK(add_scheme(p, pl, sc->valuestring, &scap, &idx));
            CR_CHECK(add_job(p, pl, &jcap, park, chain, idx));
        }
        return no_duplicate_job(p, pl);
    }
    const cJSON *schemes = cJSON_GetObjectItemCaseSensitive(root, "schemes");
    if (!cJSON_IsArray(schemes) || cJSON_GetArraySize(schemes) == 0)
        return pfail(p, CR_EINVAL, schemes ? "schemes" : "", "expected \"schemes\": [PATH, ...] (or \"jobs\")");
    int i = 0;
    for (const cJSON *s = schemes->child; s; s = s->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "schemes[%d]", i);
        if (!cJSON_IsString(s)) return pfail(p, CR_EINVAL, path, "expected a file path");
        int idx;
        CR_CHECK(add_scheme(p, pl, s->valuestring, &scap, &idx));
    }
    /* parks: "all" (default) or a list; chains: "led" (default: the chains
     * each park leads), "all", or a list */
    const cJSON *parks = cJSON_GetObjectItemCaseSensitive(root, "parks");
    const cJSON *chains = cJSON_GetObjectItemCaseSensitive(root, "chains");
    int all_parks = !parks || (cJSON_IsString(parks) && !strcmp(parks->valuestring, "all"));
    int led = !chains || (cJSON_IsString(chains) && !strcmp(chains->valuestring, "led"));
    int all_chains = chains && cJSON_IsString(chains) && !strcmp(chains->valuestring, "all");
    if (!all_parks && !cJSON_IsArray(parks)) return pfail(p, CR_EINVAL, "parks", "expected \"all\" or a list of park ids");
    if (!led && !all_chains && !cJSON_IsArray(chains))
        return pfail(p, CR_EINVAL, "chains", "expected \"led\", \"all\" or a list of chain ids");
    int32_t np = all_parks ? ds->npark : cJSON_GetArraySize(parks);
    int32_t *chl = NULL, nchl = 0;
    if (!led) {
        nchl = all_chains ? ds->nchain : cJSON_GetArraySize(chains);
        chl = cr__malloc(p->ctx, (size_t)nchl + 1, sizeof *chl);
        if (!chl) return CR_ENOMEM;
        const cJSON *c = all_chains ? NULL : chains->child;
        for (int32_t k = 0; k < nchl; k++, c = c ? c->next : NULL) {
            if (all_chains) { chl[k] = k; continue; }
            char path[64];
            snprintf(path, sizeof path, "chains[%d]", k);
            chl[k] = cJSON_IsString(c) ? cr_dataset_find_chain(ds, c->valuestring) : -1;
            if (chl[k] < 0) {
                free(chl);
                return pfail(p, cJSON_IsString(c) ? CR_ENOTFOUND : CR_EINVAL, path, "expected a chain id of the dataset");
            }
        }
    }
    cr_error_t rc = CR_OK;
    /* first entry of each park and chain: a repeat would rank a job twice (issue 18) */
    int32_t *pfirst = cr__malloc(p->ctx, (size_t)ds->npark + 1, sizeof *pfirst);
    if (!pfirst) { free(chl); return CR_ENOMEM; }
    for (int32_t k = 0; k < ds->npark; k++) pfirst[k] = -1;
    if (chl) {
        int32_t *cfirst = cr__malloc(p->ctx, (size_t)ds->nchain + 1, sizeof *cfirst);
        if (!cfirst) { free(chl); free(pfirst); return CR_ENOMEM; }
        for (int32_t k = 0; k < ds->nchain; k++) cfirst[k] = -1;
        for (int32_t k = 0; k < nchl && rc == CR_OK; k++) {
            if (cfirst[chl[k]] >= 0) {
                char path[64];
                snprintf(path, sizeof path, "chains[%d]", k);
                rc = pfail(p, CR_EINVAL, path, "chain '%s' is already chains[%d]: each chain is listed once",
                           cr_dataset_chain_id(ds, chl[k]), cfirst[chl[k]]);
            }
            cfirst[chl[k]] = k;
        }
        free(cfirst);
    }
    const cJSON *pk = all_parks ? NULL : parks->child;   /* walked, not indexed: GetArrayItem is O(index) */
    for (int32_t a = 0; a < np && rc == CR_OK; a++, pk = pk ? pk->next : NULL) {
        int32_t park = a;
        if (!all_parks) {
            char path[64];
            snprintf(path, sizeof path, "parks[%d]", a);
            park = cJSON_IsString(pk) ? cr_dataset_find_park(ds, pk->valuestring) : -1;
            if (park < 0) {
                rc = pfail(p, cJSON_IsString(pk) ? CR_ENOTFOUND : CR_EINVAL, path, "expected a park id of the dataset");
                break;
            }
            if (pfirst[park] >= 0) {
                rc = pfail(p, CR_EINVAL, path, "park '%s' is already parks[%d]: each park is listed once", pk->valuestring,
                           pfirst[park]);
                break;
            }
            pfirst[park] = a;
        }
        const int32_t *cl = chl;
        int32_t ncl = nchl;
        if (led) ncl = cr_dataset_park_chains(ds, park, &cl);
        for (int32_t c = 0; c < ncl && rc == CR_OK; c++)
            for (size_t s = 0; s < pl->nschemes && rc == CR_OK; s++) rc = add_job(p, pl, &jcap, park, cl[c], (int)s);
    }
    free(chl);
    free(pfirst);
    return rc;
}

cr_error_t cr_rank_plan_load(cr_ctx *ctx, const char *path, const cr_dataset *ds, cr_rank_plan **out)
{
    *out = NULL;
    char *buf;
    size_t len;
    CR_CHECK(cr_read_file(ctx, path, "plan", &buf, &len));
    pparse p = {ctx, path, buf, len};
    cJSON *root;
    cr_error_t rc = cr__json_parse_doc(&p, &root);
    if (rc != CR_OK) {
        free(buf);
        return rc;
    }
    cr_rank_plan *pl = cr__calloc(ctx, 1, sizeof *pl);
    if (!pl) rc = CR_ENOMEM;
    else rc = parse_plan(&p, ds, root, pl);
    cJSON_Delete(root);
    free(buf);
    if (rc != CR_OK) {
        cr_rank_plan_free(pl);
        return rc;
    }
    *out = pl;
    return CR_OK;
}
