/* The registry: the one table of aggregation methods, of weighting methods
 * and of normalisations, and their lookups by name. Every front-end (scheme
 * files, `mcda`, `smaa`, `compare`, the CLI) resolves names here, so a name
 * is spelt in exactly one place and an unknown one is always refused with the
 * list of known ones. Tables are small and constant: lookups are linear
 * string compares (a handful), done once per parsed file. Formulas and
 * sources: docs/mcda.md; adding a method: docs/architecture.md. */
#include "mcda/mcda_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

/* ---- aggregation methods ---- */

static cr_error_t score_wsm(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types, const double *w,
                            const cr_mcda_params *prm, double *scores, void *detail)
{
    (void)detail;
    return cr_mcda_wsm(ctx, m, n, x, types, w, prm->norm, scores);
}

static cr_error_t score_topsis(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types, const double *w,
                               const cr_mcda_params *prm, double *scores, void *detail)
{
    (void)detail;
    return cr_mcda_topsis(ctx, m, n, x, types, w, prm->norm, scores);
}

/* With detail NULL the S, R and compromise arrays are scratch (3m values). */
static cr_error_t score_vikor(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types, const double *w,
                              const cr_mcda_params *prm, double *scores, void *detail)
{
    cr_mcda_vikor_out own, *out = detail;
    double *tmp = NULL;
    if (!out) {
        memset(&own, 0, sizeof own);
        tmp = cr__malloc(ctx, 3 * m, sizeof *tmp);
        if (!tmp) return CR_ENOMEM;
        own.S = tmp;
        own.R = tmp + m;
        own.compromise = (size_t *)(void *)(tmp + 2 * m);   /* size_t and double: 8 bytes each */
        out = &own;
    }
    out->Q = scores;
    cr_error_t rc = cr_mcda_vikor(ctx, m, n, x, types, w, prm->norm, prm->v, out);
    free(tmp);
    return rc;
}

/* VIKOR's v: the weight of the group utility S against the regret R
 * (Opricovic & Tzeng 2004; 0.5 is their "consensus" value). */
static const cr_mcda_param vikor_params[] = {{"v", 0.0, 1.0, 0.5, offsetof(cr_mcda_params, v)}};

/* Registry order = cr_aggregation order (checked by test_mcda). */
static const cr_mcda_method methods[CR_AGG_COUNT] = {
    {CR_AGG_WSM, "wsm", "WSM, weighted sum model (Fishburn 1967)", 1, 1, 0, 0, CR_NORM_MINMAX, NULL, 0,
     score_wsm, 1},
    {CR_AGG_TOPSIS, "topsis", "TOPSIS (Hwang & Yoon 1981)", 1, 1, 0, 0, CR_NORM_MINMAX, NULL, 0, score_topsis, 1},
    {CR_AGG_VIKOR, "vikor", "VIKOR (Opricovic & Tzeng 2004)", 0, 1, 0, 0, CR_NORM_NONE, vikor_params, 1,
     score_vikor, 1},
};

/* "a, b, c" from a table's names into buf (size is ample for the tables
 * here; an overlong list is cut, never overflowed). */
static void join_names(char *buf, size_t size, const char *(*name)(int), int count)
{
    size_t len = 0;
    for (int k = 0; k < count && len + 1 < size; k++) {
        int w = snprintf(buf + len, size - len, "%s%s", k ? ", " : "", name(k));
        if (w < 0) break;
        len += (size_t)w;
    }
}

/* The three lists are built once, under call_once, so concurrent first
 * calls from several threads do not race on the buffers. */
static char method_list[128], norm_list[128], weighting_list[128];
static once_flag lists_once = ONCE_FLAG_INIT;
static void build_lists(void);
static const char *lists(const char *which)
{
    call_once(&lists_once, build_lists);
    return which;
}

static const char *method_name_at(int k) { return methods[k].name; }

const cr_mcda_method *cr_mcda_method_get(cr_aggregation id)
{
    return (unsigned)id < (unsigned)CR_AGG_COUNT ? &methods[id] : NULL;
}

const cr_mcda_method *cr_mcda_method_find(const char *name)
{
    for (int k = 0; name && k < CR_AGG_COUNT; k++)
        if (!strcmp(name, methods[k].name)) return &methods[k];
    return NULL;
}

const char *cr_mcda_method_names(void) { return lists(method_list); }

cr_error_t cr_mcda_method_parse(cr_ctx *ctx, const char *name, const cr_mcda_method **out)
{
    const cr_mcda_method *m = cr_mcda_method_find(name);
    if (!m)
        return cr_ctx_fail(ctx, CR_EINVAL, "unknown method '%s' (known: %s)", name ? name : "(null)",
                           cr_mcda_method_names());
    *out = m;
    return CR_OK;
}

const cr_mcda_param *cr_mcda_param_find(const char *key)
{
    for (int k = 0; key && k < CR_AGG_COUNT; k++)
        for (int j = 0; j < methods[k].nparams; j++)
            if (!strcmp(key, methods[k].params[j].key)) return &methods[k].params[j];
    return NULL;
}

static double *param_slot(cr_mcda_params *p, const cr_mcda_param *q) { return (double *)(void *)((char *)p + q->offset); }

void cr_mcda_params_default(const cr_mcda_method *method, cr_mcda_params *p)
{
    memset(p, 0, sizeof *p);
    p->norm = method ? method->default_norm : CR_NORM_MINMAX;
    /* Every method's parameters take their defaults, not only this one's:
     * the value is then the same whichever method a file names (SMAA and
     * the scheme accessors report v for every method). */
    for (int k = 0; k < CR_AGG_COUNT; k++)
        for (int j = 0; j < methods[k].nparams; j++) *param_slot(p, &methods[k].params[j]) = methods[k].params[j].def;
}

cr_error_t cr_mcda_param_set(cr_ctx *ctx, const cr_mcda_param *param, double value, cr_mcda_params *p)
{
    if (!(value >= param->lo && value <= param->hi))
        return cr_ctx_fail(ctx, CR_EINVAL, "%g must be in [%g, %g]", value, param->lo, param->hi);
    *param_slot(p, param) = value;
    return CR_OK;
}

cr_error_t cr_mcda_score(cr_ctx *ctx, const cr_mcda_method *method, size_t m, size_t n, const double *x,
                         const int *types, const double *weights, const cr_mcda_params *prm, double *scores,
                         void *detail)
{
    if (!method || !prm) return cr_ctx_fail(ctx, CR_EINVAL, "cr_mcda_score: method or params is NULL");
    if (method->pairwise && method->max_alternatives && m > method->max_alternatives)
        return cr_ctx_fail(ctx, CR_EREFUSED,
                           "%s compares alternatives in pairs (O(m^2)): %zu alternatives exceed its limit of %zu",
                           method->name, m, method->max_alternatives);
    return method->score(ctx, m, n, x, types, weights, prm, scores, detail);
}

/* ---- normalisations (cr_mcda_norm order) ---- */

static const char *const norm_table[] = {"minmax", "vector", "max", "sum", "none"};
enum { NNORM = (int)(sizeof norm_table / sizeof norm_table[0]) };

static const char *norm_name_at(int k) { return norm_table[k]; }

const char *cr_mcda_norm_names(void) { return lists(norm_list); }

cr_error_t cr_mcda_norm_parse(cr_ctx *ctx, const char *name, cr_mcda_norm *out)
{
    for (int k = 0; name && k < NNORM; k++)
        if (!strcmp(name, norm_table[k])) {
            *out = (cr_mcda_norm)k;
            return CR_OK;
        }
    return cr_ctx_fail(ctx, CR_EINVAL, "unknown normalization '%s' (known: %s)", name ? name : "(null)",
                       cr_mcda_norm_names());
}

const char *cr_mcda_norm_name(cr_mcda_norm norm)
{
    return (unsigned)norm < (unsigned)NNORM ? norm_table[norm] : "?";
}

/* ---- weighting methods (cr_mcda_weighting order) ---- */

static const cr_mcda_weighting_info weightings[CR_WEIGHT_COUNT] = {
    {CR_WEIGHT_GIVEN, "given", 0, 0},   {CR_WEIGHT_AHP, "ahp", 0, 1}, {CR_WEIGHT_ENTROPY, "entropy", 1, 0},
    {CR_WEIGHT_CRITIC, "critic", 1, 0}, {CR_WEIGHT_STD, "std", 1, 0}, {CR_WEIGHT_EQUAL, "equal", 0, 0},
};

static const char *weighting_name_at(int k) { return weightings[k].name; }

const cr_mcda_weighting_info *cr_mcda_weighting_get(cr_mcda_weighting id)
{
    return (unsigned)id < (unsigned)CR_WEIGHT_COUNT ? &weightings[id] : NULL;
}

const char *cr_mcda_weighting_name(cr_mcda_weighting id)
{
    return (unsigned)id < (unsigned)CR_WEIGHT_COUNT ? weightings[id].name : "?";
}

const char *cr_mcda_weighting_names(void) { return lists(weighting_list); }

cr_error_t cr_mcda_weighting_parse(cr_ctx *ctx, const char *name, cr_mcda_weighting *out)
{
    for (int k = 0; name && k < CR_WEIGHT_COUNT; k++)
        if (!strcmp(name, weightings[k].name)) {
            *out = (cr_mcda_weighting)k;
            return CR_OK;
        }
    return cr_ctx_fail(ctx, CR_EINVAL, "unknown weighting method '%s' (known: %s)", name ? name : "(null)",
                       cr_mcda_weighting_names());
}

static void build_lists(void)
{
    join_names(method_list, sizeof method_list, method_name_at, CR_AGG_COUNT);
    join_names(norm_list, sizeof norm_list, norm_name_at, NNORM);
    join_names(weighting_list, sizeof weighting_list, weighting_name_at, CR_WEIGHT_COUNT);
}
