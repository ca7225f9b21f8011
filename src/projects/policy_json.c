/* The vetting policy file (docs/projects.md "Policy file"): the catalogue
 * classes by segment and category, the "three highs and one low" ratios and
 * benchmarks, the land minima (default, by province, by park) with the
 * decision threshold, and the credibility limits. Unknown segment, category
 * or park ids and wrong types fail with "file:line:col: path: message". */
#include "projects/projects_internal.h"
#include "core/core_internal.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const cr__class_names[4] = {"allowed", "encouraged", "restricted", "eliminated"};
const char *const cr__lm_keys[CR__LM_N] = {"min_invest_per_mu", "min_output_per_mu", "min_tax_per_mu", "min_plot_ratio"};

void cr_policy_free(cr_policy *p)
{
    if (!p) return;
    free(p->name);
    free(p->source);
    free(p->seg_class);
    for (int k = 0; k < CR_NENV; k++) free(p->bench[k]);
    for (int32_t i = 0; i < p->nprov; i++) free(p->prov[i].province);
    free(p->prov);
    free(p->park_min);
    free(p);
}

const char *cr_policy_name(const cr_policy *p) { return p->name; }

cr_error_t cr_policy_default(cr_ctx *ctx, cr_policy **out)
{
    cr_policy *p = cr__calloc(ctx, 1, sizeof *p);
    if (!p) return CR_ENOMEM;
    p->name = cr__strdup(ctx, "built-in defaults");
    p->source = cr__strdup(ctx, "docs/projects.md");
    if (!p->name || !p->source) { cr_policy_free(p); return CR_ENOMEM; }
    p->class_default = CR__CLASS_ALLOWED;
    memset(p->cat_class, CR__CLASS_UNSET, sizeof p->cat_class);
    p->cond_ratio = 1.0;
    p->refuse_ratio = 2.0;
    p->min_output_per_invest = NAN;
    for (int k = 0; k < CR__LM_N; k++) p->land_min[k] = NAN;
    p->decide_mu = 60;
    p->max_invest_to_revenue = 1.0;
    p->max_invest_to_capacity = 1.0;
    p->max_invest_per_employee = 200;
    p->min_investor_age_years = 3;
    p->max_withdrawn = 0;
    *out = p;
    return CR_OK;
}

static int class_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, cr__class_names[i])) return i;
    return -1;
}

/* A number >= 0 at path (absent: *v unchanged). */
static cr_error_t num(const cr__json_doc *d, const cJSON *obj, const char *key, const char *path, double *v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) return CR_OK;
    char p[160];
    snprintf(p, sizeof p, "%s%s%s", path, *path ? "." : "", key);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble < 0)
        return cr__json_fail(d, CR_EDATA, p, "expected a finite number >= 0");
    *v = it->valuedouble;
    return CR_OK;
}

static cr_error_t obj_at(const cr__json_doc *d, const cJSON *root, const char *key, const cJSON **out)
{
    *out = cJSON_GetObjectItemCaseSensitive(root, key);
    if (*out && !cJSON_IsObject(*out)) return cr__json_fail(d, CR_EDATA, key, "expected an object");
    return CR_OK;
}

static cr_error_t minima(const cr__json_doc *d, const cJSON *o, const char *path, double min[CR__LM_N])
{
    for (const cJSON *it = o->child; it; it = it->next) {
        int k = -1;
        for (int j = 0; j < CR__LM_N; j++)
            if (!strcmp(it->string, cr__lm_keys[j])) k = j;
        if (k < 0 && strcmp(it->string, "park_decides_up_to_mu") && strcmp(it->string, "provinces") &&
            strcmp(it->string, "parks")) {
            char p[160];
            snprintf(p, sizeof p, "%s.%s", path, it->string);
            return cr__json_fail(d, CR_EDATA, p, "unknown key (min_invest_per_mu, min_output_per_mu, min_tax_per_mu, min_plot_ratio)");
        }
        if (k >= 0) CR_CHECK(num(d, o, it->string, path, &min[k]));
    }
    return CR_OK;
}

static cr_error_t parse(cr_ctx *ctx, const cr_dataset *ds, const cr__json_doc *d, const cJSON *root, cr_policy *p)
{
    if (!cJSON_IsObject(root)) return cr__json_fail(d, CR_EDATA, "", "expected a JSON object");
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (it) {
        if (!cJSON_IsString(it)) return cr__json_fail(d, CR_EDATA, "name", "expected a string");
        free(p->name);
        if (!(p->name = cr__strdup(ctx, it->valuestring))) return CR_ENOMEM;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (it) {
        if (!cJSON_IsString(it)) return cr__json_fail(d, CR_EDATA, "source", "expected a string");
        free(p->source);
        if (!(p->source = cr__strdup(ctx, it->valuestring))) return CR_ENOMEM;
    }
    /* catalogue */
    const cJSON *cat;
    CR_CHECK(obj_at(d, root, "catalogue", &cat));
    if (cat) {
        for (const cJSON *c = cat->child; c; c = c->next) {
            char path[160];
            snprintf(path, sizeof path, "catalogue.%s", c->string);
            if (!strcmp(c->string, "default")) {
                int k = cJSON_IsString(c) ? class_parse(c->valuestring) : -1;
                if (k < 0) return cr__json_fail(d, CR_EDATA, path, "expected allowed, encouraged, restricted or eliminated");
                p->class_default = (int8_t)k;
                continue;
            }
            int segs = !strcmp(c->string, "segments");
            if (!segs && strcmp(c->string, "categories"))
                return cr__json_fail(d, CR_EDATA, path, "unknown key (default, segments, categories)");
            if (!cJSON_IsObject(c)) return cr__json_fail(d, CR_EDATA, path, "expected an object {\"ID\": \"class\"}");
            if (segs && !p->seg_class) {
                p->nseg = ds->nseg;
                if (!(p->seg_class = cr__malloc(ctx, (size_t)ds->nseg + 1, 1))) return CR_ENOMEM;
                memset(p->seg_class, CR__CLASS_UNSET, (size_t)ds->nseg + 1);
            }
            for (const cJSON *e = c->child; e; e = e->next) {
                char ep[200];
                snprintf(ep, sizeof ep, "%s.%s", path, e->string);
                int k = cJSON_IsString(e) ? class_parse(e->valuestring) : -1;
                if (k < 0) return cr__json_fail(d, CR_EDATA, ep, "expected allowed, encouraged, restricted or eliminated");
                int32_t idx = cr__strtab_find(segs ? &ds->seg_id : &ds->cats, e->string, strlen(e->string));
                if (idx < 0) return cr__json_fail(d, CR_EDATA, ep, "unknown %s '%s'", segs ? "segment" : "category", e->string);
                if (segs) p->seg_class[idx] = (int8_t)k;
                else p->cat_class[idx] = (int8_t)k;
            }
        }
    }
    /* three highs and one low */
    const cJSON *th;
    CR_CHECK(obj_at(d, root, "three_highs", &th));
    if (th) {
        CR_CHECK(num(d, th, "conditional_ratio", "three_highs", &p->cond_ratio));
        CR_CHECK(num(d, th, "refuse_ratio", "three_highs", &p->refuse_ratio));
        CR_CHECK(num(d, th, "min_output_per_invest", "three_highs", &p->min_output_per_invest));
        if (p->refuse_ratio < p->cond_ratio)
            return cr__json_fail(d, CR_EDATA, "three_highs.refuse_ratio", "below conditional_ratio");
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(th, "benchmarks");
        if (b && !cJSON_IsObject(b)) return cr__json_fail(d, CR_EDATA, "three_highs.benchmarks", "expected an object");
        for (const cJSON *kind = b ? b->child : NULL; kind; kind = kind->next) {
            char kp[160];
            snprintf(kp, sizeof kp, "three_highs.benchmarks.%s", kind->string);
            int k = -1;
            for (int j = 0; j < CR_NENV; j++)
                if (!strcmp(kind->string, cr__env_names[j])) k = j;
            if (k < 0) return cr__json_fail(d, CR_EDATA, kp, "unknown load (co2, energy, pollutant)");
            if (!cJSON_IsObject(kind)) return cr__json_fail(d, CR_EDATA, kp, "expected {\"SEGMENT\": number}");
            if (!p->bench[k]) {
                if (!(p->bench[k] = cr__malloc(ctx, (size_t)ds->nseg + 1, sizeof(double)))) return CR_ENOMEM;
                for (int32_t s = 0; s <= ds->nseg; s++) p->bench[k][s] = NAN;
            }
            for (const cJSON *e = kind->child; e; e = e->next) {
                int32_t idx = cr__strtab_find(&ds->seg_id, e->string, strlen(e->string));
                if (idx < 0) {
                    char ep[200];
                    snprintf(ep, sizeof ep, "%s.%s", kp, e->string);
                    return cr__json_fail(d, CR_EDATA, ep, "unknown segment '%s'", e->string);
                }
                CR_CHECK(num(d, kind, e->string, kp, &p->bench[k][idx]));
            }
        }
    }
    /* land */
    const cJSON *land;
    CR_CHECK(obj_at(d, root, "land", &land));
    if (land) {
        CR_CHECK(minima(d, land, "land", p->land_min));
        CR_CHECK(num(d, land, "park_decides_up_to_mu", "land", &p->decide_mu));
        const cJSON *pv = cJSON_GetObjectItemCaseSensitive(land, "provinces");
        if (pv && !cJSON_IsObject(pv)) return cr__json_fail(d, CR_EDATA, "land.provinces", "expected an object");
        int n = pv ? cJSON_GetArraySize(pv) : 0;
        if (n) {
            if (!(p->prov = cr__calloc(ctx, (size_t)n, sizeof *p->prov))) return CR_ENOMEM;
            for (const cJSON *e = pv->child; e; e = e->next) {
                char ep[200];
                snprintf(ep, sizeof ep, "land.provinces.%s", e->string);
                if (!cJSON_IsObject(e)) return cr__json_fail(d, CR_EDATA, ep, "expected an object of minima");
                cr__prov_min *m = &p->prov[p->nprov++];
                for (int k = 0; k < CR__LM_N; k++) m->min[k] = NAN;
                if (!(m->province = cr__strdup(ctx, e->string))) return CR_ENOMEM;
                CR_CHECK(minima(d, e, ep, m->min));
            }
        }
        const cJSON *pk = cJSON_GetObjectItemCaseSensitive(land, "parks");
        if (pk && !cJSON_IsObject(pk)) return cr__json_fail(d, CR_EDATA, "land.parks", "expected an object");
        if (pk && pk->child) {
            p->npark = ds->npark;
            if (!(p->park_min = cr__malloc(ctx, (size_t)ds->npark + 1, sizeof *p->park_min))) return CR_ENOMEM;
            for (int32_t i = 0; i <= ds->npark; i++)
                for (int k = 0; k < CR__LM_N; k++) p->park_min[i][k] = NAN;
            for (const cJSON *e = pk->child; e; e = e->next) {
                char ep[200];
                snprintf(ep, sizeof ep, "land.parks.%s", e->string);
                int32_t idx = cr__strtab_find(&ds->park_id, e->string, strlen(e->string));
                if (idx < 0) return cr__json_fail(d, CR_EDATA, ep, "unknown park '%s'", e->string);
                if (!cJSON_IsObject(e)) return cr__json_fail(d, CR_EDATA, ep, "expected an object of minima");
                CR_CHECK(minima(d, e, ep, p->park_min[idx]));
            }
        }
    }
    /* credibility */
    const cJSON *cr;
    CR_CHECK(obj_at(d, root, "credibility", &cr));
    if (cr) {
        CR_CHECK(num(d, cr, "max_invest_to_revenue", "credibility", &p->max_invest_to_revenue));
        CR_CHECK(num(d, cr, "max_invest_to_capacity", "credibility", &p->max_invest_to_capacity));
        CR_CHECK(num(d, cr, "max_invest_per_employee", "credibility", &p->max_invest_per_employee));
        CR_CHECK(num(d, cr, "min_investor_age_years", "credibility", &p->min_investor_age_years));
        double mw = p->max_withdrawn;
        CR_CHECK(num(d, cr, "max_withdrawn", "credibility", &mw));
        if (mw != floor(mw) || mw > 1e6) return cr__json_fail(d, CR_EDATA, "credibility.max_withdrawn", "expected a whole number");
        p->max_withdrawn = (int32_t)mw;
    }
    return CR_OK;
}

cr_error_t cr_policy_load(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr_policy **out)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    CR_CHECK(cr_read_file(ctx, path, "policy", &text, &len));
    cr__json_doc d = {ctx, path, text, len};
    cJSON *root = NULL;
    cr_policy *p = NULL;
    cr_error_t rc = cr__json_parse_doc(&d, &root);
    if (rc == CR_OK) rc = cr_policy_default(ctx, &p);
    if (rc == CR_OK) rc = parse(ctx, ds, &d, root, p);
    cJSON_Delete(root);
    free(text);
    if (rc != CR_OK) { cr_policy_free(p); return rc; }
    *out = p;
    return CR_OK;
}
