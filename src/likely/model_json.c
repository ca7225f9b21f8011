/* The likelihood model file (docs/likelihood.md "Model file"):
 *
 *   {"format": "chainrank-likelihood/1", "source": "apple-supplier-list",
 *    "cutoff": "2019-01-01", "years": [2013, 2018], "ridge": 1, "neg_rate": 0.05,
 *    "events": 120, "pairs": 40000, "loglik": ..., "loglik_null": ..., "pseudo_r2": ...,
 *    "iterations": 9, "converged": true,
 *    "intercept": {"beta": -9.1, "se": 0.2},
 *    "features": [{"name": "site_km", "mean": 6.1, "sd": 1.2, "beta": -1.4, "se": 0.1}, ...]}
 *
 * Every feature of cr_likely_feature must be listed once (any order); the
 * fit statistics are informational and optional when reading. */
#include "likely/likely_internal.h"
#include "likely/events.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef cr__json_doc mparse;

#define mfail(p, ...) cr__json_fail(p, CR_EINVAL, __VA_ARGS__)

static cr_error_t get_num(const mparse *p, const cJSON *o, const char *key, const char *path, int required,
                          double *v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!it) return required ? mfail(p, path, "missing number '%s'", key) : CR_OK;
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble)) return mfail(p, path, "not a finite number");
    *v = it->valuedouble;
    return CR_OK;
}

static cr_error_t parse_root(const mparse *p, cr_likely_model *m, const cJSON *root)
{
    if (!cJSON_IsObject(root)) return mfail(p, "", "the model must be a JSON object");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "chainrank-likelihood/1") != 0)
        return mfail(p, "format", "must be \"chainrank-likelihood/1\"");
    m->nfeat = CR_LK_NFEAT;
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "source");
    if (src && !cJSON_IsString(src)) return mfail(p, "source", "must be a string");
    m->source = cr__strdup(p->ctx, src ? src->valuestring : "");
    if (!m->source) return CR_ENOMEM;
    const cJSON *ic = cJSON_GetObjectItemCaseSensitive(root, "intercept");
    if (!cJSON_IsObject(ic)) return mfail(p, "intercept", "missing object {\"beta\": ...}");
    CR_CHECK(get_num(p, ic, "beta", "intercept.beta", 1, &m->beta[0]));
    m->se[0] = NAN;
    CR_CHECK(get_num(p, ic, "se", "intercept.se", 0, &m->se[0]));
    const cJSON *fs = cJSON_GetObjectItemCaseSensitive(root, "features");
    if (!cJSON_IsArray(fs)) return mfail(p, "features", "missing array of features");
    int seen[CR_LK_NFEAT] = {0};
    int i = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, fs) {
        char path[64];
        snprintf(path, sizeof path, "features[%d]", i);
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(f, "name");
        if (!cJSON_IsObject(f) || !cJSON_IsString(nm)) return mfail(p, path, "needs a \"name\"");
        int j = cr_likely_feature_parse(nm->valuestring);
        if (j < 0) {
            char known[256] = "";
            for (int k = 0; k < CR_LK_NFEAT; k++) {
                strncat(known, k ? ", " : "", sizeof known - strlen(known) - 1);
                strncat(known, cr_likely_feature_name(k), sizeof known - strlen(known) - 1);
            }
            return mfail(p, path, "unknown feature '%s' (known: %s)", nm->valuestring, known);
        }
        if (seen[j]) return mfail(p, path, "feature '%s' listed twice", nm->valuestring);
        seen[j] = 1;
        CR_CHECK(get_num(p, f, "mean", path, 1, &m->mean[j]));
        CR_CHECK(get_num(p, f, "sd", path, 1, &m->sd[j]));
        if (!(m->sd[j] > 0)) return mfail(p, path, "sd must be > 0");
        CR_CHECK(get_num(p, f, "beta", path, 1, &m->beta[j + 1]));
        m->se[j + 1] = NAN;
        CR_CHECK(get_num(p, f, "se", path, 0, &m->se[j + 1]));
        i++;
    }
    for (int j = 0; j < CR_LK_NFEAT; j++)
        if (!seen[j]) return mfail(p, "features", "feature '%s' missing", cr_likely_feature_name(j));
    double v;
    m->loglik = m->loglik_null = m->pseudo_r2 = NAN;
    CR_CHECK(get_num(p, root, "loglik", "loglik", 0, &m->loglik));
    CR_CHECK(get_num(p, root, "loglik_null", "loglik_null", 0, &m->loglik_null));
    CR_CHECK(get_num(p, root, "pseudo_r2", "pseudo_r2", 0, &m->pseudo_r2));
    v = 0; CR_CHECK(get_num(p, root, "ridge", "ridge", 0, &v)); m->ridge = v;
    v = 1; CR_CHECK(get_num(p, root, "neg_rate", "neg_rate", 0, &v)); m->neg_rate = v;
    v = 0; CR_CHECK(get_num(p, root, "events", "events", 0, &v)); m->n_events = (int64_t)v;
    v = 0; CR_CHECK(get_num(p, root, "pairs", "pairs", 0, &v)); m->n_pairs = (int64_t)v;
    v = 0; CR_CHECK(get_num(p, root, "iterations", "iterations", 0, &v)); m->iterations = (int)v;
    const cJSON *cv = cJSON_GetObjectItemCaseSensitive(root, "converged");
    m->converged = cJSON_IsTrue(cv);
    const cJSON *yrs = cJSON_GetObjectItemCaseSensitive(root, "years");
    if (cJSON_IsArray(yrs) && cJSON_GetArraySize(yrs) == 2) {
        m->from_year = cJSON_GetArrayItem(yrs, 0)->valueint;
        m->to_year = cJSON_GetArrayItem(yrs, 1)->valueint;
    }
    m->cutoff = INT32_MAX;
    const cJSON *co = cJSON_GetObjectItemCaseSensitive(root, "cutoff");
    if (cJSON_IsString(co)) {
        int y, mo, d;
        if (sscanf(co->valuestring, "%4d-%2d-%2d", &y, &mo, &d) != 3) return mfail(p, "cutoff", "not a YYYY-MM-DD date");
        if (mo != 1 || d != 1) return mfail(p, "cutoff", "a model's cutoff is 1 January of a year");
        m->cutoff = cr__lk_jan1(y);
    }
    return CR_OK;
}

cr_error_t cr_likely_model_parse(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                 cr_likely_model **out)
{
    *out = NULL;
    mparse p = {ctx, source ? source : "likelihood model", text, len};
    cJSON *root;
    CR_CHECK(cr__json_parse_doc(&p, &root));
    cr_likely_model *m = cr__calloc(ctx, 1, sizeof *m);
    cr_error_t rc = m ? parse_root(&p, m, root) : CR_ENOMEM;
    cJSON_Delete(root);
    if (rc != CR_OK) {
        cr_likely_model_free(m);
        return rc;
    }
    *out = m;
    return CR_OK;
}

cr_error_t cr_likely_model_load(cr_ctx *ctx, const char *path, cr_likely_model **out)
{
    *out = NULL;
    char *buf;
    size_t len;
    CR_CHECK(cr_read_file(ctx, path, "likelihood model", &buf, &len));
    cr_error_t rc = cr_likely_model_parse(ctx, buf, len, path, out);
    free(buf);
    return rc;
}

/* The shortest of %.15g, %.16g, %.17g that reads back to the same double:
 * cJSON's own printer accepts a round trip within a relative DBL_EPSILON,
 * which would let a model file change its predictions in the last bit. */
static cJSON *num(double v)
{
    if (!isfinite(v)) return cJSON_CreateNull();
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return cJSON_CreateRaw(buf);
}

cr_error_t cr_likely_model_json(cr_ctx *ctx, const cr_likely_model *m, char **out)
{
    *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    cJSON_AddStringToObject(root, "format", "chainrank-likelihood/1");
    cJSON_AddStringToObject(root, "source", m->source ? m->source : "");
    if (m->cutoff != INT32_MAX) {
        char d[16];
        snprintf(d, sizeof d, "%04d-01-01", cr__lk_year_of(m->cutoff));
        cJSON_AddStringToObject(root, "cutoff", d);
    }
    cJSON *yrs = cJSON_AddArrayToObject(root, "years");
    if (yrs) {
        cJSON_AddItemToArray(yrs, cJSON_CreateNumber(m->from_year));
        cJSON_AddItemToArray(yrs, cJSON_CreateNumber(m->to_year));
    }
    cJSON_AddItemToObject(root, "ridge", num(m->ridge));
    cJSON_AddItemToObject(root, "neg_rate", num(m->neg_rate));
    cJSON_AddNumberToObject(root, "events", (double)m->n_events);
    cJSON_AddNumberToObject(root, "pairs", (double)m->n_pairs);
    cJSON_AddItemToObject(root, "loglik", num(m->loglik));
    cJSON_AddItemToObject(root, "loglik_null", num(m->loglik_null));
    cJSON_AddItemToObject(root, "pseudo_r2", num(m->pseudo_r2));
    cJSON_AddNumberToObject(root, "iterations", m->iterations);
    cJSON_AddBoolToObject(root, "converged", m->converged);
    cJSON *ic = cJSON_AddObjectToObject(root, "intercept");
    if (ic) {
        cJSON_AddItemToObject(ic, "beta", num(m->beta[0]));
        cJSON_AddItemToObject(ic, "se", num(m->se[0]));
    }
    cJSON *fs = cJSON_AddArrayToObject(root, "features");
    for (int j = 0; fs && j < m->nfeat; j++) {
        cJSON *f = cJSON_CreateObject();
        if (!f) break;
        cJSON_AddStringToObject(f, "name", cr_likely_feature_name(j));
        cJSON_AddItemToObject(f, "mean", num(m->mean[j]));
        cJSON_AddItemToObject(f, "sd", num(m->sd[j]));
        cJSON_AddItemToObject(f, "beta", num(m->beta[j + 1]));
        cJSON_AddItemToObject(f, "se", num(m->se[j + 1]));
        cJSON_AddItemToObject(f, "z", num(m->beta[j + 1] / m->se[j + 1]));
        cJSON_AddItemToArray(fs, f);
    }
    char *s = cJSON_Print(root);
    cJSON_Delete(root);
    if (!s) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    size_t n = strlen(s);
    *out = cr__malloc(ctx, n + 2, 1);
    if (!*out) { cJSON_free(s); return CR_ENOMEM; }
    memcpy(*out, s, n);
    (*out)[n] = '\n';
    (*out)[n + 1] = 0;
    cJSON_free(s);
    return CR_OK;
}
