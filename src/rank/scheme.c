/* Weighting schemes: JSON parsing and validation (docs/model.md, "Weighting
 * schemes"). cJSON is used on the calling thread only. Every message names
 * the file, the line and column of the offending value and its key path. */
#include "rank/rank_internal.h"
#include "io/json.h"
#include "io/json_locate.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const res_names[CR_RANK_NRES] = {"land", "water", "power", "labour", "skilled", "endowments"};

const char *cr_rank_resource_name(int r)
{
    return r >= 0 && r < CR_RANK_NRES ? res_names[r] : "?";
}

typedef cr__json_doc sparse;
#define sfail cr__json_fail

static cr_error_t check_keys(const sparse *p, const cJSON *obj, const char *path, const char *const *known)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (size_t k = 0; known[k] && !ok; k++) ok = !strcmp(it->string, known[k]);
        if (!ok) {
            char sub[200];
            snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", it->string);
            return sfail(p, CR_EINVAL, sub, "unknown key");
        }
    }
    return CR_OK;
}

static cr_error_t get_number(const sparse *p, const cJSON *obj, const char *key, const char *path, double lo,
                             double hi, double *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) return CR_OK;
    char sub[200];
    snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key);
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return sfail(p, CR_EINVAL, sub, "expected a number");
    if (it->valuedouble < lo || it->valuedouble > hi)
        return sfail(p, CR_EINVAL, sub, "%g is outside [%g, %g]", it->valuedouble, lo, hi);
    *out = it->valuedouble;
    return CR_OK;
}

static cr_error_t get_enum(const sparse *p, const cJSON *obj, const char *key, const char *path,
                           const char *const *names, int *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) return CR_OK;
    char sub[200], list[300] = "";
    snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key);
    for (int k = 0; names[k]; k++) {
        if (cJSON_IsString(it) && !strcmp(it->valuestring, names[k])) {
            *out = k;
            return CR_OK;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? ", " : "", names[k]);
    }
    return sfail(p, CR_EINVAL, sub, "expected one of %s", list);
}

/* Names come from the mcda registry (src/mcda/methods.c), the one table of
 * aggregation methods, weighting methods and normalisations: these adapt its
 * lookups to get_name (-1: unknown). */
static int find_method(const char *name)
{
    const cr_mcda_method *m = cr_mcda_method_find(name);
    return m ? (int)m->id : -1;
}

static int find_norm(const char *name)
{
    for (int k = 0; k <= (int)CR_NORM_NONE; k++)
        if (!strcmp(name, cr_mcda_norm_name((cr_mcda_norm)k))) return k;
    return -1;
}

static int find_weighting(const char *name)
{
    for (int k = 0; k < CR_WEIGHT_COUNT; k++)
        if (!strcmp(name, cr_mcda_weighting_name((cr_mcda_weighting)k))) return k;
    return -1;
}

/* obj.key, if present, names an entry of a registry table: *out = its id;
 * anything else is refused with the table's names (list). */
static cr_error_t get_name(const sparse *p, const cJSON *obj, const char *key, const char *path,
                           int (*find)(const char *), const char *list, int *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!it) return CR_OK;
    int k = cJSON_IsString(it) ? find(it->valuestring) : -1;
    if (k >= 0) {
        *out = k;
        return CR_OK;
    }
    char sub[200];
    snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", key);
    return sfail(p, CR_EINVAL, sub, "expected one of %s", list);
}

static cr_error_t parse_criteria(const sparse *p, cr_scheme *s, const cJSON *arr, int *have_w)
{
    static const char *const known[] = {"id", "weight", "direction", "normalization", NULL};
    static const char *const dirs[] = {"benefit", "cost", NULL};
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)
        return sfail(p, CR_EINVAL, "criteria", "expected a non-empty array of {\"id\": ...}");
    int i = 0, nw = 0;
    for (const cJSON *c = arr->child; c; c = c->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "criteria[%d]", i);
        if (!cJSON_IsObject(c)) return sfail(p, CR_EINVAL, path, "expected an object");
        CR_CHECK(check_keys(p, c, path, known));
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        char sub[96];
        snprintf(sub, sizeof sub, "%s.id", path);
        int k = cJSON_IsString(id) ? cr_criterion_parse(id->valuestring) : -1;
        if (k < 0) {
            char ids[256] = "";   /* the table's ids: "gap, partners, ... or quality" */
            for (int q = 0; q < CR_NCRIT; q++)
                snprintf(ids + strlen(ids), sizeof ids - strlen(ids), "%s%s", q == 0 ? "" : q + 1 < CR_NCRIT ? ", " : " or ",
                         cr_criterion_name((cr_criterion)q));
            return sfail(p, CR_EINVAL, id ? sub : path, "expected a criterion id: %s", ids);
        }
        for (int j = 0; j < s->ncrit; j++)
            if (s->crit[j] == (cr_criterion)k)
                return sfail(p, CR_EINVAL, sub, "criterion '%s' listed twice", cr_criterion_name((cr_criterion)k));
        int n = s->ncrit++;
        s->crit[n] = (cr_criterion)k;
        s->types[n] = 1;
        s->weight[n] = NAN;
        int dir = 0, norm = -1;
        CR_CHECK(get_enum(p, c, "direction", path, dirs, &dir));
        s->types[n] = dir ? -1 : 1;
        CR_CHECK(get_name(p, c, "normalization", path, find_norm, cr_mcda_norm_names(), &norm));
        s->norm[n] = (cr_mcda_norm)(norm < 0 ? -1 : norm);
        if (cJSON_GetObjectItemCaseSensitive(c, "weight")) {
            CR_CHECK(get_number(p, c, "weight", path, 0, 1e300, &s->weight[n]));
            nw++;
        }
    }
    if (nw && nw != s->ncrit) return sfail(p, CR_EINVAL, "criteria", "give a weight for every criterion or for none");
    *have_w = nw > 0;
    return CR_OK;
}

/* The scheme's AHP weights and consistency from the n x n matrix a; failures
 * are reported at path. */
static cr_error_t solve_ahp(const sparse *p, cr_scheme *s, int n, const double *a, int ri, int force, int prio,
                            const char *path)
{
    cr_error_t rc = cr_mcda_weights_ahp_ex(p->ctx, (size_t)n, a, ri ? CR_RI_TUMMALA_LING : CR_RI_SAATY, force,
                                           prio ? CR_AHP_GEOMETRIC_MEAN : CR_AHP_EIGENVECTOR, s->weight, &s->ahp);
    if (rc != CR_OK) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s", cr_ctx_errmsg(p->ctx));
        if (rc == CR_EREFUSED) return sfail(p, rc, path, "%s (set \"force\": true to accept it)", msg);
        return sfail(p, rc, path, "%s", msg);
    }
    return CR_OK;
}

static cr_error_t parse_weighting(const sparse *p, cr_scheme *s, const cJSON *w, int have_w, int *force)
{
    static const char *const known[] = {"method", "pairwise", "ranking", "scoring", "priority", "ri", "force",
                                        "entropy_zero", NULL};
    static const char *const prios[] = {"eigenvector", "geometric-mean", NULL};
    static const char *const ris[] = {"saaty", "tummala-ling", NULL};
    static const char *const zeros[] = {"xlogx", "pymcdm", NULL};
    s->wmethod = CR_WEIGHT_GIVEN;
    if (!w) {
        if (!have_w) s->wmethod = CR_WEIGHT_EQUAL;
        return CR_OK;
    }
    if (!cJSON_IsObject(w)) return sfail(p, CR_EINVAL, "weighting", "expected an object");
    CR_CHECK(check_keys(p, w, "weighting", known));
    if (!cJSON_GetObjectItemCaseSensitive(w, "method")) return sfail(p, CR_EINVAL, "weighting", "missing key 'method'");
    CR_CHECK(get_name(p, w, "method", "weighting", find_weighting, cr_mcda_weighting_names(), &s->wmethod));
    int ri = 0, z = 0;
    CR_CHECK(get_enum(p, w, "ri", "weighting", ris, &ri));
    CR_CHECK(get_enum(p, w, "entropy_zero", "weighting", zeros, &z));
    s->ezero = z ? CR_ENTROPY_PYMCDM : CR_ENTROPY_XLOGX;
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(w, "force");
    if (f && !cJSON_IsBool(f)) return sfail(p, CR_EINVAL, "weighting.force", "expected true or false");
    *force = f && cJSON_IsTrue(f);
    if (s->wmethod == CR_WEIGHT_GIVEN && !have_w)
        return sfail(p, CR_EINVAL, "weighting.method", "'given' needs a weight on every criterion");
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(w, "pairwise");
    const cJSON *rk = cJSON_GetObjectItemCaseSensitive(w, "ranking");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(w, "scoring");
    int prio = 0;
    CR_CHECK(get_enum(p, w, "priority", "weighting", prios, &prio));
    if (s->wmethod != CR_WEIGHT_AHP) {
        if (pw || rk || sc || cJSON_GetObjectItemCaseSensitive(w, "priority"))
            return sfail(p, CR_EINVAL, pw ? "weighting.pairwise" : rk ? "weighting.ranking" : sc ? "weighting.scoring" : "weighting.priority",
                         "only used by method ahp");
        return CR_OK;
    }
    int n = s->ncrit;
    double a[CR_NCRIT * CR_NCRIT];
    if ((pw != NULL) + (rk != NULL) + (sc != NULL) > 1)
        return sfail(p, CR_EINVAL, "weighting", "give one of 'pairwise', 'ranking' or 'scoring'");
    if (rk || sc) {
        /* pymcdm's AHP(ranking=...) / AHP(scoring=...): the matrix from an order */
        const cJSON *v = rk ? rk : sc;
        const char *path = rk ? "weighting.ranking" : "weighting.scoring";
        if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != n)
            return sfail(p, CR_EINVAL, path, "expected %d numbers > 0 in the order of 'criteria'", n);
        double r[CR_NCRIT];
        int k = 0;
        for (const cJSON *x = v->child; x; x = x->next, k++) {
            char sub[80];
            snprintf(sub, sizeof sub, "%s[%d]", path, k);
            if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble <= 0)
                return sfail(p, CR_EINVAL, sub, "expected a positive number");
            r[k] = x->valuedouble;
        }
        cr_error_t rc = rk ? cr_mcda_ahp_from_ranking(p->ctx, (size_t)n, r, a) : cr_mcda_ahp_from_scoring(p->ctx, (size_t)n, r, a);
        if (rc != CR_OK) return sfail(p, rc, path, "%s", cr_ctx_errmsg(p->ctx));
        return solve_ahp(p, s, n, a, ri, *force, prio, path);
    }
    if (!cJSON_IsArray(pw) || cJSON_GetArraySize(pw) != n)
        return sfail(p, CR_EINVAL, pw ? "weighting.pairwise" : "weighting",
                     "AHP needs 'pairwise' (a %d x %d array in the order of 'criteria'), 'ranking' or 'scoring'", n, n);
    int i = 0;
    for (const cJSON *row = pw->child; row; row = row->next, i++) {
        char path[64];
        snprintf(path, sizeof path, "weighting.pairwise[%d]", i);
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != n)
            return sfail(p, CR_EINVAL, path, "expected an array of %d numbers", n);
        int j = 0;
        for (const cJSON *x = row->child; x; x = x->next, j++) {
            char sub[80];
            snprintf(sub, sizeof sub, "%s[%d]", path, j);
            /* a judgement as a person writes it: 3, "1/3", "0.333" */
            if (cJSON_IsString(x)) {
                if (cr_mcda_judgement_parse(x->valuestring, &a[i * n + j]) != 0)
                    return sfail(p, CR_EINVAL, sub, "'%s' is not a judgement such as 3, \"1/3\" or \"0.333\"", x->valuestring);
                continue;
            }
            if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble <= 0)
                return sfail(p, CR_EINVAL, sub, "expected a positive number or a fraction such as \"1/3\"");
            a[i * n + j] = x->valuedouble;
        }
    }
    return solve_ahp(p, s, n, a, ri, *force, prio, "weighting.pairwise");
}

/* "aggregation": {"method", "normalization", and the parameters any
 * registry method declares (one the chosen method does not read is accepted
 * and ignored, so switching methods needs no other edit)}. Default TOPSIS. */
static cr_error_t parse_aggregation(const sparse *p, cr_scheme *s, const cJSON *a, int *norm)
{
    int m = CR_AGG_TOPSIS;
    *norm = -1;
    if (a) {
        if (!cJSON_IsObject(a)) return sfail(p, CR_EINVAL, "aggregation", "expected an object");
        for (const cJSON *it = a->child; it; it = it->next)
            if (strcmp(it->string, "method") && strcmp(it->string, "normalization") &&
                strcmp(it->string, "expected_value") && !cr_mcda_param_find(it->string)) {
                char sub[200];
                snprintf(sub, sizeof sub, "aggregation.%s", it->string);
                return sfail(p, CR_EINVAL, sub, "unknown key");
            }
        CR_CHECK(get_name(p, a, "method", "aggregation", find_method, cr_mcda_method_names(), &m));
        CR_CHECK(get_name(p, a, "normalization", "aggregation", find_norm, cr_mcda_norm_names(), norm));
    }
    const cr_mcda_method *meth = cr_mcda_method_get((cr_aggregation)m);
    cr_mcda_params prm;
    cr_mcda_params_default(meth, &prm);
    for (const cJSON *it = a ? a->child : NULL; it; it = it->next) {
        const cr_mcda_param *q = cr_mcda_param_find(it->string);
        if (!q) continue;   /* method or normalization */
        double v = q->def;
        CR_CHECK(get_number(p, a, q->key, "aggregation", q->lo, q->hi, &v));
        CR_CHECK(cr_mcda_param_set(p->ctx, q, v, &prm));   /* in range: get_number checked it */
    }
    s->agg = meth->id;
    s->v = prm.v;
    const cJSON *ev = a ? cJSON_GetObjectItemCaseSensitive(a, "expected_value") : NULL;
    if (ev) {
        if (!cJSON_IsBool(ev)) return sfail(p, CR_EINVAL, "aggregation.expected_value", "expected true or false");
        s->expected_value = cJSON_IsTrue(ev);
        /* score x probability ranks by expected value only when a higher
         * score is better and the score is >= 0 (WSM, TOPSIS) */
        if (s->expected_value && !meth->higher_is_better)
            return sfail(p, CR_EINVAL, "aggregation.expected_value",
                         "needs a method whose higher scores are better (not %s)", meth->name);
    }
    if (*norm < 0) *norm = (int)meth->default_norm;   /* pymcdm's defaults */
    return CR_OK;
}

static cr_error_t parse_resources(const sparse *p, cr_scheme *s, const cJSON *r)
{
    static const char *const modes[] = {"soft", "hard", NULL};
    static const char *const known[] = {"land", "water", "power", "labour", "skilled", "endowments", NULL};
    s->hard[CR_RANK_LAND] = 1;   /* land cannot be stretched; the rest can be bought or trained */
    if (!r) return CR_OK;
    if (!cJSON_IsObject(r)) return sfail(p, CR_EINVAL, "resources", "expected an object");
    CR_CHECK(check_keys(p, r, "resources", known));
    for (int k = 0; k < CR_RANK_NRES; k++) CR_CHECK(get_enum(p, r, res_names[k], "resources", modes, &s->hard[k]));
    return CR_OK;
}

static cr_error_t parse_params(const sparse *p, cr_scheme *s, const cJSON *q)
{
    static const char *const known[] = {"radius_km", "half_distance_km", "invest_ref", "rd_ref", "tags",
                                        "gap_weights", NULL};
    static const char *const gk[] = {"missing", "weak", "extension", NULL};
    s->radius_km = 50;
    s->half_km = 10;
    s->invest_ref = 3000;
    s->rd_ref = 0.03;
    s->gap_kind[0] = 1;
    s->gap_kind[1] = 0.6;
    s->gap_kind[2] = 0.3;
    static const char *const dtag[] = {"top500", "listed", "specialised", "hightech"};
    static const double dbonus[] = {1.0, 0.5, 0.5, 0.5};
    const cJSON *tags = q ? cJSON_GetObjectItemCaseSensitive(q, "tags") : NULL;
    if (q) {
        if (!cJSON_IsObject(q)) return sfail(p, CR_EINVAL, "params", "expected an object");
        CR_CHECK(check_keys(p, q, "params", known));
        CR_CHECK(get_number(p, q, "radius_km", "params", 0, 20040, &s->radius_km));
        CR_CHECK(get_number(p, q, "half_distance_km", "params", 1e-9, 1e9, &s->half_km));
        CR_CHECK(get_number(p, q, "invest_ref", "params", 1e-12, 1e300, &s->invest_ref));
        CR_CHECK(get_number(p, q, "rd_ref", "params", 1e-12, 1, &s->rd_ref));
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(q, "gap_weights");
        if (g) {
            if (!cJSON_IsObject(g)) return sfail(p, CR_EINVAL, "params.gap_weights", "expected an object");
            CR_CHECK(check_keys(p, g, "params.gap_weights", gk));
            for (int k = 0; k < 3; k++) CR_CHECK(get_number(p, g, gk[k], "params.gap_weights", 0, 1e6, &s->gap_kind[k]));
        }
        if (tags && !cJSON_IsObject(tags)) return sfail(p, CR_EINVAL, "params.tags", "expected an object {tag: bonus}");
    }
    int n = tags ? cJSON_GetArraySize(tags) : 4;
    s->tags = cr__calloc(p->ctx, (size_t)n + 1, sizeof *s->tags);
    if (!s->tags) return CR_ENOMEM;
    if (!tags) {
        for (int k = 0; k < 4; k++) {
            if (!(s->tags[k].name = cr__strdup(p->ctx, dtag[k]))) return CR_ENOMEM;
            s->tags[k].bonus = dbonus[k];
            s->ntags++;
        }
        return CR_OK;
    }
    for (const cJSON *t = tags->child; t; t = t->next) {
        char sub[200];
        snprintf(sub, sizeof sub, "params.tags.%s", t->string);
        if (!cJSON_IsNumber(t) || !(t->valuedouble >= 0 && t->valuedouble <= 1))
            return sfail(p, CR_EINVAL, sub, "expected a bonus in [0, 1]");
        if (!(s->tags[s->ntags].name = cr__strdup(p->ctx, t->string))) return CR_ENOMEM;
        s->tags[s->ntags++].bonus = t->valuedouble;
    }
    return CR_OK;
}

/* "likelihood": {"model": FILE}: a fitted model (chainrank fit), the path
 * relative to the scheme's folder. Without it the dataset's model is used. */
static cr_error_t parse_likelihood(const sparse *p, cr_scheme *s, const cJSON *l)
{
    static const char *const known[] = {"model", NULL};
    if (!l) return CR_OK;
    if (!cJSON_IsObject(l)) return sfail(p, CR_EINVAL, "likelihood", "expected an object {\"model\": FILE}");
    CR_CHECK(check_keys(p, l, "likelihood", known));
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(l, "model");
    if (!m) return CR_OK;
    if (!cJSON_IsString(m) || !*m->valuestring) return sfail(p, CR_EINVAL, "likelihood.model", "expected a file name");
    char path[4096];
    const char *slash = strrchr(p->src, '/');
    if (m->valuestring[0] == '/' || !slash)
        snprintf(path, sizeof path, "%s", m->valuestring);
    else
        snprintf(path, sizeof path, "%.*s/%s", (int)(slash - p->src), p->src, m->valuestring);
    return cr_likely_model_load(p->ctx, path, &s->likely);
}

/* "candidates": {"other_park_tenants": keep | same_city | same_province,
 * "headquarters": the same} (docs/model.md "Candidate pool"); absent: keep. */
static cr_error_t parse_candidates(const sparse *p, cr_scheme *s, const cJSON *c)
{
    static const char *const known[] = {"other_park_tenants", "headquarters", NULL};
    static const char *const rules[] = {"keep", "same_city", "same_province", NULL};
    if (!c) return CR_OK;
    if (!cJSON_IsObject(c)) return sfail(p, CR_EINVAL, "candidates", "expected an object");
    CR_CHECK(check_keys(p, c, "candidates", known));
    CR_CHECK(get_enum(p, c, "other_park_tenants", "candidates", rules, &s->pool_tenants));
    CR_CHECK(get_enum(p, c, "headquarters", "candidates", rules, &s->pool_hq));
    return CR_OK;
}

void cr_scheme_free(cr_scheme *s)
{
    if (!s) return;
    cr_likely_model_free(s->likely);
    free(s->name);
    free(s->description);
    for (int k = 0; k < s->ntags; k++) free(s->tags[k].name);
    free(s->tags);
    free(s);
}

static cr_error_t parse_root(const sparse *p, cr_scheme *s, const cJSON *root)
{
    static const char *const known[] = {"name", "description", "criteria", "weighting", "aggregation", "resources",
                                        "params", "likelihood", "candidates", NULL};
    if (!cJSON_IsObject(root)) return sfail(p, CR_EINVAL, "", "a scheme is a JSON object");
    CR_CHECK(check_keys(p, root, "", known));
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name && !cJSON_IsString(name)) return sfail(p, CR_EINVAL, "name", "expected a string");
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
    if (desc && !cJSON_IsString(desc)) return sfail(p, CR_EINVAL, "description", "expected a string");
    if (!(s->name = cr__strdup(p->ctx, name ? name->valuestring : "scheme"))) return CR_ENOMEM;
    if (!(s->description = cr__strdup(p->ctx, desc ? desc->valuestring : ""))) return CR_ENOMEM;
    const cJSON *crit = cJSON_GetObjectItemCaseSensitive(root, "criteria");
    if (!crit) return sfail(p, CR_EINVAL, "", "missing key 'criteria'");
    int have_w = 0, force = 0, norm = -1;
    CR_CHECK(parse_criteria(p, s, crit, &have_w));
    CR_CHECK(parse_aggregation(p, s, cJSON_GetObjectItemCaseSensitive(root, "aggregation"), &norm));
    s->uniform_norm = 1;
    for (int j = 0; j < s->ncrit; j++) {
        if ((int)s->norm[j] < 0) s->norm[j] = (cr_mcda_norm)norm;
        if (s->norm[j] != s->norm[0]) s->uniform_norm = 0;
    }
    CR_CHECK(parse_weighting(p, s, cJSON_GetObjectItemCaseSensitive(root, "weighting"), have_w, &force));
    if (s->wmethod == CR_WEIGHT_GIVEN) {
        double sum = 0;
        for (int j = 0; j < s->ncrit; j++) sum += s->weight[j];
        if (!(sum > 0)) return sfail(p, CR_EINVAL, "criteria", "the weights sum to 0");
        for (int j = 0; j < s->ncrit; j++) s->weight[j] /= sum;
    } else if (s->wmethod == CR_WEIGHT_EQUAL) {
        for (int j = 0; j < s->ncrit; j++) s->weight[j] = 1.0 / s->ncrit;
    }
    CR_CHECK(parse_resources(p, s, cJSON_GetObjectItemCaseSensitive(root, "resources")));
    CR_CHECK(parse_params(p, s, cJSON_GetObjectItemCaseSensitive(root, "params")));
    CR_CHECK(parse_likelihood(p, s, cJSON_GetObjectItemCaseSensitive(root, "likelihood")));
    CR_CHECK(parse_candidates(p, s, cJSON_GetObjectItemCaseSensitive(root, "candidates")));
    return CR_OK;
}

cr_error_t cr_scheme_parse(cr_ctx *ctx, const char *text, size_t len, const char *source, cr_scheme **out)
{
    *out = NULL;
    sparse p = {ctx, source ? source : "scheme", text, len};
    cJSON *root = NULL;
    CR_CHECK(cr__json_parse_doc(&p, &root));
    cr_scheme *s = cr__calloc(ctx, 1, sizeof *s);
    if (!s) {
        cJSON_Delete(root);
        return CR_ENOMEM;
    }
    cr_error_t rc = parse_root(&p, s, root);
    cJSON_Delete(root);
    if (rc != CR_OK) {
        cr_scheme_free(s);
        return rc;
    }
    *out = s;
    return CR_OK;
}

cr_error_t cr_scheme_load(cr_ctx *ctx, const char *path, cr_scheme **out)
{
    *out = NULL;
    char *buf;
    size_t len;
    CR_CHECK(cr_read_file(ctx, path, "scheme", &buf, &len));
    cr_error_t rc = cr_scheme_parse(ctx, buf, len, path, out);
    free(buf);
    return rc;
}

const char *cr_scheme_name(const cr_scheme *s) { return s->name; }
int cr_scheme_expected_value(const cr_scheme *s) { return s->expected_value; }
int cr_scheme_uses_likelihood(const cr_scheme *s) { return cr__scheme_needs_likely(s); }
void cr_scheme_set_likelihood(cr_scheme *s, const cr_likely_model *m) { s->likely_override = m; }
cr_aggregation cr_scheme_aggregation(const cr_scheme *s) { return s->agg; }
int cr_scheme_criteria(const cr_scheme *s, const cr_criterion **crit)
{
    *crit = s->crit;
    return s->ncrit;
}
const char *cr_scheme_weighting(const cr_scheme *s) { return cr_mcda_weighting_name((cr_mcda_weighting)s->wmethod); }
const cr_mcda_ahp_info *cr_scheme_ahp(const cr_scheme *s) { return s->wmethod == CR_WEIGHT_AHP ? &s->ahp : NULL; }

int cr_scheme_weights(const cr_scheme *s, const double **w)
{
    /* objective weights depend on the candidates of each list */
    if (cr_mcda_weighting_get((cr_mcda_weighting)s->wmethod)->objective) {
        *w = NULL;
        return 0;
    }
    *w = s->weight;
    return s->ncrit;
}
