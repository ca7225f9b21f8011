/* JSON front-end of SMAA-2 (`chainrank smaa`): the mcda problem format
 * (parsed by the mcda module's own parser, so both accept and reject the
 * same things) plus the SMAA keys; renders the result with %.17g numbers
 * and null for undefined values. cJSON runs on the calling thread only.
 * Format: docs/smaa.md "Problem file" and "Output". */
#include "core/sbuf.h"
#include "smaa/smaa_internal.h"
#include "mcda/shared.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Keeps the per-sample winner array (4 bytes each) and run time sane. */
#define CR__SMAA_MAX_SAMPLES 1000000000.0

/* "<src>: <message>", as the mcda front-end words its failures. */
#define jfail(ctx, src, ...) cr__mcda_fail(ctx, CR_EINVAL, src, __VA_ARGS__)

/* An integer-valued JSON number in [lo, hi]. */
static cr_error_t get_int(cr_ctx *ctx, const char *src, const cJSON *it, const char *key, double lo, double hi,
                          double *out)
{
    if (!cJSON_IsNumber(it)) return jfail(ctx, src, "%s: expected an integer", key);
    double v = it->valuedouble;
    if (!(v >= lo && v <= hi) || v != floor(v)) return jfail(ctx, src, "%s: %.17g must be an integer in [%.0f, %.0f]", key, v, lo, hi);
    *out = v;
    return CR_OK;
}

static cr_error_t parse_seed(cr_ctx *ctx, const char *src, const cJSON *it, uint64_t *seed)
{
    if (cJSON_IsString(it)) {   /* full 64-bit seeds do not fit a JSON double */
        const char *s = it->valuestring;
        uint64_t v = 0;
        if (!*s) return jfail(ctx, src, "seed: empty string");
        for (; *s; s++) {
            if (*s < '0' || *s > '9') return jfail(ctx, src, "seed: \"%s\" is not a decimal integer", it->valuestring);
            uint64_t d = (uint64_t)(*s - '0');
            if (v > (UINT64_MAX - d) / 10) return jfail(ctx, src, "seed: \"%s\" exceeds 2^64 - 1", it->valuestring);
            v = v * 10 + d;
        }
        *seed = v;
        return CR_OK;
    }
    double d = 0;
    CR_CHECK(get_int(ctx, src, it, "seed", 0, 9007199254740992.0, &d));
    *seed = (uint64_t)d;
    return CR_OK;
}

static cr_error_t get_bounds(cr_ctx *ctx, const char *src, const cJSON *arr, const char *key, size_t n, double *out)
{
    if (!cJSON_IsArray(arr)) return jfail(ctx, src, "weights_model.%s: expected an array of %zu numbers", key, n);
    size_t got = (size_t)cJSON_GetArraySize(arr);
    if (got != n) return jfail(ctx, src, "weights_model.%s: has %zu values, expected %zu (one per criterion)", key, got, n);
    size_t j = 0;
    for (const cJSON *it = arr->child; it; it = it->next, j++) {
        if (!cJSON_IsNumber(it)) return jfail(ctx, src, "weights_model.%s[%zu]: expected a number", key, j);
        out[j] = it->valuedouble;
    }
    return CR_OK;
}

typedef struct {
    cr_smaa_params prm;
    double *lo, *hi;
    size_t *order;
} smaa_opts;

static cr_error_t parse_model(cr_ctx *ctx, const char *src, const cJSON *wm, size_t n, smaa_opts *o)
{
    if (!cJSON_IsObject(wm)) return jfail(ctx, src, "weights_model: expected an object");
    for (const cJSON *it = wm->child; it; it = it->next)
        if (!it->string || (strcmp(it->string, "kind") && strcmp(it->string, "lo") && strcmp(it->string, "hi") &&
                            strcmp(it->string, "order")))
            return jfail(ctx, src, "weights_model.%s: unknown key", it->string ? it->string : "?");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(wm, "kind");
    if (!cJSON_IsString(kind)) return jfail(ctx, src, "weights_model.kind: missing or not a string (simplex, intervals or ordinal)");
    const cJSON *lo = cJSON_GetObjectItemCaseSensitive(wm, "lo");
    const cJSON *hi = cJSON_GetObjectItemCaseSensitive(wm, "hi");
    const cJSON *ord = cJSON_GetObjectItemCaseSensitive(wm, "order");
    if (!strcmp(kind->valuestring, "simplex")) {
        if (lo || hi || ord) return jfail(ctx, src, "weights_model: kind simplex takes no lo, hi or order");
        o->prm.model = CR_SMAA_W_SIMPLEX;
    } else if (!strcmp(kind->valuestring, "intervals")) {
        if (!lo || !hi) return jfail(ctx, src, "weights_model: kind intervals needs lo and hi");
        if (ord) return jfail(ctx, src, "weights_model.order: only used by kind ordinal");
        o->lo = cr__malloc(ctx, 2 * n, sizeof *o->lo);
        if (!o->lo) return CR_ENOMEM;
        o->hi = o->lo + n;
        CR_CHECK(get_bounds(ctx, src, lo, "lo", n, o->lo));
        CR_CHECK(get_bounds(ctx, src, hi, "hi", n, o->hi));
        o->prm.model = CR_SMAA_W_INTERVALS;
        o->prm.lo = o->lo;
        o->prm.hi = o->hi;
    } else if (!strcmp(kind->valuestring, "ordinal")) {
        if (!ord) return jfail(ctx, src, "weights_model: kind ordinal needs order (criterion indices, most important first)");
        if (lo || hi) return jfail(ctx, src, "weights_model.lo/hi: only used by kind intervals");
        if (!cJSON_IsArray(ord)) return jfail(ctx, src, "weights_model.order: expected an array of criterion indices");
        size_t got = (size_t)cJSON_GetArraySize(ord);
        if (got != n) return jfail(ctx, src, "weights_model.order: has %zu values, expected %zu (every criterion once)", got, n);
        o->order = cr__malloc(ctx, n, sizeof *o->order);
        if (!o->order) return CR_ENOMEM;
        size_t k = 0;
        for (const cJSON *it = ord->child; it; it = it->next, k++) {
            char key[64];
            double d = 0;
            snprintf(key, sizeof key, "weights_model.order[%zu]", k);
            CR_CHECK(get_int(ctx, src, it, key, 0, (double)(n - 1), &d));
            o->order[k] = (size_t)d;
        }
        o->prm.model = CR_SMAA_W_ORDINAL;
        o->prm.order = o->order;
    } else {
        return jfail(ctx, src, "weights_model.kind: unknown kind '%s' (expected simplex, intervals or ordinal)", kind->valuestring);
    }
    return CR_OK;
}

static cr_error_t parse_smaa(cr_ctx *ctx, const char *src, const cJSON *root, const cr__mcda_problem *pb, smaa_opts *o)
{
    cr_smaa_params *p = &o->prm;
    cr_smaa_params_default(p);
    p->method = pb->method->id;   /* known: the mcda parser refused any other name */
    if (!pb->method->smaa) return jfail(ctx, src, "method: %s has no SMAA kernel", pb->method->name);
    p->norm = pb->prm.norm;
    p->v = pb->prm.v;
    double d = 0;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, "samples");
    if (it) {
        CR_CHECK(get_int(ctx, src, it, "samples", 1, CR__SMAA_MAX_SAMPLES, &d));
        p->samples = (size_t)d;
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "seed"))) CR_CHECK(parse_seed(ctx, src, it, &p->seed));
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "ranks"))) {
        if (cJSON_IsString(it) && !strcmp(it->valuestring, "all")) {
            p->nranks = pb->m;
        } else {
            CR_CHECK(get_int(ctx, src, it, "ranks", 1, (double)pb->m, &d));
            p->nranks = (size_t)d;
        }
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "top_k"))) {
        CR_CHECK(get_int(ctx, src, it, "top_k", 1, (double)pb->m, &d));
        p->top_k = (size_t)d;
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "holistic"))) {
        if (!cJSON_IsBool(it)) return jfail(ctx, src, "holistic: expected true or false");
        p->holistic = cJSON_IsTrue(it);
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "weights_model"))) CR_CHECK(parse_model(ctx, src, it, pb->n, o));
    return CR_OK;
}

/* ---- output ---- */


static void sb_num(cr__sbuf *b, double v)
{
    if (isfinite(v)) cr__sb_printf(b, "%.17g", v);
    else cr__sb_printf(b, "null");
}

static void sb_vec(cr__sbuf *b, const double *v, size_t n)
{
    cr__sb_printf(b, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) cr__sb_printf(b, ", ");
        sb_num(b, v[i]);
    }
    cr__sb_printf(b, "]");
}

/* "key": [[row], ...]; a row whose first value is NaN is written null. */
static void sb_rows(cr__sbuf *b, const char *key, const double *v, size_t m, size_t n)
{
    cr__sb_printf(b, ",\n  \"%s\": [", key);
    for (size_t i = 0; i < m; i++) {
        cr__sb_printf(b, i ? ",\n    " : "\n    ");
        if (isnan(v[i * n])) cr__sb_printf(b, "null");
        else sb_vec(b, v + i * n, n);
    }
    cr__sb_printf(b, "\n  ]");
}

static const char *model_name(cr_smaa_weight_model m)
{
    return m == CR_SMAA_W_SIMPLEX ? "simplex" : m == CR_SMAA_W_INTERVALS ? "intervals" : "ordinal";
}

static cr_error_t render(cr_ctx *ctx, const cr_smaa_params *p, const cr_smaa_result *r, char **out)
{
    cr__sbuf b = {NULL, 0, 0, 0};
    cr__sb_printf(&b, "{\n  \"method\": \"%s\",\n  \"normalization\": \"%s\",\n  \"weights_model\": \"%s\",\n",
              cr_mcda_method_get(p->method)->name, cr_mcda_norm_name(p->norm), model_name(p->model));
    cr__sb_printf(&b, "  \"samples\": %zu,\n  \"seed\": %llu,\n  \"proposals\": %llu,\n  \"ranks\": %zu,\n  \"top_k\": %zu",
              r->samples, (unsigned long long)r->seed, (unsigned long long)r->proposals, r->nranks, r->top_k);
    sb_rows(&b, "acceptability", r->acceptability, r->m, r->nranks);
    cr__sb_printf(&b, ",\n  \"pr_top_k\": ");
    sb_vec(&b, r->pr_top_k, r->m);
    sb_rows(&b, "central_weights", r->central_weights, r->m, r->n);
    cr__sb_printf(&b, ",\n  \"confidence\": ");
    sb_vec(&b, r->confidence, r->m);
    if (r->holistic) {
        cr__sb_printf(&b, ",\n  \"holistic\": ");
        sb_vec(&b, r->holistic, r->m);
        cr__sb_printf(&b, ",\n  \"mean_rank\": ");
        sb_vec(&b, r->mean_rank, r->m);
    }
    cr__sb_printf(&b, "\n}\n");
    if (b.oom) {
        free(b.s);
        return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory rendering the result");
    }
    *out = b.s;
    return CR_OK;
}

cr_error_t cr_smaa_run_json(cr_ctx *ctx, const char *text, size_t len, const char *source, char **out)
{
    static const char *const extra[] = {"samples", "seed", "weights_model", "ranks", "top_k", "holistic", NULL};
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_smaa_run_json: out is NULL");
    *out = NULL;
    const char *src = source ? source : "problem";
    cr__mcda_problem pb;
    cJSON *root = NULL;
    CR_CHECK(cr__mcda_problem_parse(ctx, text, len, src, extra, &pb, &root));
    smaa_opts o;
    memset(&o, 0, sizeof o);
    cr_error_t rc = parse_smaa(ctx, src, root, &pb, &o);
    cJSON_Delete(root);   /* every value has been copied out */
    cr_smaa_result *res = NULL;
    if (rc == CR_OK) {
        rc = cr_smaa_run(ctx, pb.m, pb.n, pb.x, pb.types, &o.prm, &res);
        if (rc != CR_OK && rc != CR_ENOMEM) {
            char msg[900];
            snprintf(msg, sizeof msg, "%s", cr_ctx_errmsg(ctx));
            rc = cr_ctx_fail(ctx, rc, "%s: %s", src, msg);
        }
    }
    if (rc == CR_OK) rc = render(ctx, &o.prm, res, out);
    cr_smaa_result_free(res);
    free(o.lo);
    free(o.order);
    cr__mcda_problem_free(&pb);
    return rc;
}

void cr_smaa_json_free(char *s) { free(s); }
