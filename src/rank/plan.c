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
        return CR_OK;
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
        for (int32_t k = 0; k < nchl; k++) {
            if (all_chains) { chl[k] = k; continue; }
            const cJSON *c = cJSON_GetArrayItem(chains, k);
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
    for (int32_t a = 0; a < np && rc == CR_OK; a++) {
        int32_t park = a;
        if (!all_parks) {
            const cJSON *pk = cJSON_GetArrayItem(parks, a);
            char path[64];
            snprintf(path, sizeof path, "parks[%d]", a);
            park = cJSON_IsString(pk) ? cr_dataset_find_park(ds, pk->valuestring) : -1;
            if (park < 0) {
                rc = pfail(p, cJSON_IsString(pk) ? CR_ENOTFOUND : CR_EINVAL, path, "expected a park id of the dataset");
                break;
            }
        }
        const int32_t *cl = chl;
        int32_t ncl = nchl;
        if (led) ncl = cr_dataset_park_chains(ds, park, &cl);
        for (int32_t c = 0; c < ncl && rc == CR_OK; c++)
            for (size_t s = 0; s < pl->nschemes && rc == CR_OK; s++) rc = add_job(p, pl, &jcap, park, cl[c], (int)s);
    }
    free(chl);
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
