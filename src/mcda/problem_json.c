/* JSON problem front-end for MCDA: parse a problem document (cJSON, on the
 * calling thread only: cJSON is not thread-safe), validate every field with
 * a message naming the key and index, solve, and render the result with
 * %.17g numbers (round-trip exact). Format: docs/mcda.md "Problem file". */
#include "core/sbuf.h"
#include "mcda/mcda_internal.h"
#include "io/json.h"
#include "io/number.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    const char *src;       /* prefix of every message */
    const cr_mcda_method *method;   /* NULL until known (weights command) */
    size_t m, n;           /* n = 0 until known */
    double *x;             /* [m*n] or NULL */
    int *types;            /* [n] or NULL */
    double *weights;       /* [n] given weights, or NULL */
    cr_mcda_weighting wmethod;
    double *pairwise;      /* [np*np] */
    size_t np;
    int pairwise_derived;  /* 1: built from "ranking" or "scoring" (printed with the result) */
    cr_mcda_ahp_priority priority;
    cr_mcda_ri ri;
    int force;
    cr_mcda_entropy_zero ezero;
    int critic_use_types;
    cr_mcda_params prm;              /* normalization and the methods' parameters */
    const char *const *extra_keys;   /* more top-level keys a front-end accepts (SMAA), or NULL */
    int weights_optional;            /* SMAA samples the weights: weights/weighting may be absent */
} problem;

static void problem_clear(problem *p)
{
    free(p->x);
    free(p->types);
    free(p->weights);
    free(p->pairwise);
}

/* Fails with "<src>: <message>". */
#define pfail(ctx, p, code, ...) cr__mcda_fail(ctx, code, (p)->src, __VA_ARGS__)

cr_error_t cr__mcda_fail(cr_ctx *ctx, cr_error_t code, const char *src, const char *fmt, ...)
{
    char buf[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cr_ctx_fail(ctx, code, "%s: %s", src, buf);
}

/* Re-labels a library failure with the source name and a key prefix. */
static cr_error_t relabel(cr_ctx *ctx, const problem *p, cr_error_t rc, const char *prefix)
{
    char msg[900];
    snprintf(msg, sizeof msg, "%s", cr_ctx_errmsg(ctx));
    return cr_ctx_fail(ctx, rc, "%s: %s%s", p->src, prefix, msg);
}

static const char *type_name(const cJSON *it)
{
    if (cJSON_IsNumber(it)) return "a number";
    if (cJSON_IsString(it)) return "a string";
    if (cJSON_IsBool(it)) return "a boolean";
    if (cJSON_IsNull(it)) return "null";
    if (cJSON_IsArray(it)) return "an array";
    if (cJSON_IsObject(it)) return "an object";
    return "invalid";
}

static cr_error_t check_keys(cr_ctx *ctx, const problem *p, const cJSON *obj, const char *where,
                             const char *const *known, const char *const *extra)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        int ok = 0;
        for (size_t k = 0; known[k]; k++)
            if (it->string && !strcmp(it->string, known[k])) ok = 1;
        for (size_t k = 0; extra && extra[k]; k++)
            if (it->string && !strcmp(it->string, extra[k])) ok = 1;
        if (!ok) return pfail(ctx, p, CR_EINVAL, "%s%s: unknown key", where, it->string ? it->string : "?");
    }
    return CR_OK;
}

/* A finite number; >= 0 unless signed (decision-matrix values: whether a
 * negative one is meaningful is for the weighting and the normalisation to
 * say; weights and pairwise judgements never are). */
enum { VAL_NONNEG = 0, VAL_SIGNED = 1, VAL_JUDGEMENT = 2 };   /* signed_ok: what a value may be */

static cr_error_t get_value(cr_ctx *ctx, const problem *p, const cJSON *it, const char *key, size_t i, size_t j,
                            int two_d, int signed_ok, double *out)
{
    char where[160];
    if (two_d) snprintf(where, sizeof where, "%s[%zu][%zu]", key, i, j);
    else snprintf(where, sizeof where, "%s[%zu]", key, i);
    /* a pairwise judgement may be written as a person says it: "1/3", "0.333" */
    if (signed_ok == VAL_JUDGEMENT && cJSON_IsString(it)) {
        if (cr_mcda_judgement_parse(it->valuestring, out) == 0) return CR_OK;
        return pfail(ctx, p, CR_EINVAL, "%s: '%s' is not a judgement such as 3, \"1/3\" or \"0.333\"", where,
                     it->valuestring);
    }
    if (!cJSON_IsNumber(it)) return pfail(ctx, p, CR_EINVAL, "%s: expected a number, got %s", where, type_name(it));
    double v = it->valuedouble;
    if (!isfinite(v)) return pfail(ctx, p, CR_EINVAL, "%s: %g is not finite", where, v);
    if (v < 0 && signed_ok != VAL_SIGNED) return pfail(ctx, p, CR_EINVAL, "%s: %.17g is negative", where, v);
    *out = v;
    return CR_OK;
}

/* Array of arrays of numbers, all rows of equal length. */
static cr_error_t get_matrix(cr_ctx *ctx, const problem *p, const cJSON *arr, const char *key, int signed_ok,
                             double **out, size_t *rows, size_t *cols)
{
    if (!cJSON_IsArray(arr)) return pfail(ctx, p, CR_EINVAL, "%s: expected an array of rows, got %s", key, type_name(arr));
    size_t m = (size_t)cJSON_GetArraySize(arr);
    if (m == 0) return pfail(ctx, p, CR_EINVAL, "%s: empty (no rows)", key);
    const cJSON *r0 = arr->child;
    if (!cJSON_IsArray(r0)) return pfail(ctx, p, CR_EINVAL, "%s[0]: expected an array of numbers, got %s", key, type_name(r0));
    size_t n = (size_t)cJSON_GetArraySize(r0);
    if (n == 0) return pfail(ctx, p, CR_EINVAL, "%s[0]: empty row", key);
    double *x = cr__malloc(ctx, m * n, sizeof *x);
    if (!x) return CR_ENOMEM;
    size_t i = 0;
    for (const cJSON *row = arr->child; row; row = row->next, i++) {
        if (!cJSON_IsArray(row)) {
            free(x);
            return pfail(ctx, p, CR_EINVAL, "%s[%zu]: expected an array of numbers, got %s", key, i, type_name(row));
        }
        size_t got = (size_t)cJSON_GetArraySize(row);
        if (got != n) {
            free(x);
            return pfail(ctx, p, CR_EINVAL, "%s[%zu]: row has %zu value%s, expected %zu", key, i, got,
                         got == 1 ? "" : "s", n);
        }
        size_t j = 0;
        for (const cJSON *it = row->child; it; it = it->next, j++) {
            cr_error_t rc = get_value(ctx, p, it, key, i, j, 1, signed_ok, &x[i * n + j]);
            if (rc != CR_OK) {
                free(x);
                return rc;
            }
        }
    }
    *out = x;
    *rows = m;
    *cols = n;
    return CR_OK;
}

static cr_error_t get_vector(cr_ctx *ctx, const problem *p, const cJSON *arr, const char *key, size_t want,
                             double **out)
{
    if (!cJSON_IsArray(arr)) return pfail(ctx, p, CR_EINVAL, "%s: expected an array of numbers, got %s", key, type_name(arr));
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n != want)
        return pfail(ctx, p, CR_EINVAL, "%s: has %zu values, expected %zu (one per criterion)", key, n, want);
    double *w = cr__malloc(ctx, n, sizeof *w);
    if (!w) return CR_ENOMEM;
    size_t j = 0;
    for (const cJSON *it = arr->child; it; it = it->next, j++) {
        cr_error_t rc = get_value(ctx, p, it, key, j, 0, 0, VAL_NONNEG, &w[j]);
        if (rc != CR_OK) {
            free(w);
            return rc;
        }
    }
    *out = w;
    return CR_OK;
}

/* ---- matrix_csv: plain numeric CSV, optional header row ---- */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r')) s[--l] = '\0';
    if (l >= 2 && s[0] == '"' && s[l - 1] == '"') {
        s[l - 1] = '\0';
        s++;
    }
    return s;
}

/* The one number grammar of text inputs (src/io/number.h). */
static int parse_double(const char *s, double *out)
{
    return *s && cr__parse_number(s, strlen(s), out) == 0;
}

static cr_error_t read_csv(cr_ctx *ctx, problem *p, const char *path)
{
    struct stat st;   /* never open a FIFO or device: it would block or never end */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return pfail(ctx, p, CR_EIO, "matrix_csv: cannot open '%s': %s", path,
                     S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file");
    FILE *fp = fopen(path, "rb");
    if (!fp) return pfail(ctx, p, CR_EIO, "matrix_csv: cannot open '%s': %s", path, strerror(errno));
    char *buf;
    size_t len;
    cr_error_t rc = cr_read_stream(ctx, fp, path, "matrix_csv", &buf, &len);
    fclose(fp);
    if (rc != CR_OK) return rc == CR_EIO ? relabel(ctx, p, rc, "") : rc;

    double *x = NULL, *rowbuf = NULL;
    size_t xcap = 0, rcap = 0, m = 0, n = 0, line = 0;
    int seen_first = 0;
    char *next = buf;
    while (rc == CR_OK && next && *next) {
        char *ln = next;
        char *nl = strchr(ln, '\n');
        if (nl) *nl = '\0';
        next = nl ? nl + 1 : NULL;
        line++;
        char *t = trim(ln);
        if (!*t) continue;
        size_t nf = 1;
        for (const char *c = t; *c; c++)
            if (*c == ',') nf++;
        if (cr__grow(ctx, (void **)&rowbuf, &rcap, nf, sizeof *rowbuf) != CR_OK) {
            rc = CR_ENOMEM;
            break;
        }
        int all_numeric = 1;
        size_t badk = 0;
        const char *badtext = "";
        char *f = t;
        for (size_t k = 0; k < nf; k++) {
            char *comma = strchr(f, ',');
            if (comma) *comma = '\0';
            char *fld = trim(f);
            if (!parse_double(fld, &rowbuf[k]) && all_numeric) {
                all_numeric = 0;
                badk = k;
                badtext = fld;
            }
            f = comma ? comma + 1 : f + strlen(f);
        }
        if (!seen_first) {
            seen_first = 1;
            n = nf;
            if (!all_numeric) continue;   /* header row */
        } else if (nf != n) {
            rc = pfail(ctx, p, CR_EINVAL, "matrix_csv: %s:%zu: row has %zu value%s, expected %zu", path, line, nf,
                       nf == 1 ? "" : "s", n);
            break;
        }
        if (!all_numeric) {
            rc = pfail(ctx, p, CR_EINVAL, "matrix_csv: %s:%zu: field %zu: '%s' is not a number", path, line, badk + 1,
                       badtext);
            break;
        }
        for (size_t k = 0; k < nf; k++)
            if (!isfinite(rowbuf[k])) {
                rc = pfail(ctx, p, CR_EINVAL, "matrix_csv: %s:%zu: field %zu: matrix[%zu][%zu]: %g must be finite",
                           path, line, k + 1, m, k, rowbuf[k]);
                break;
            }
        if (rc != CR_OK) break;
        if (cr__grow(ctx, (void **)&x, &xcap, (m + 1) * n, sizeof *x) != CR_OK) {
            rc = CR_ENOMEM;
            break;
        }
        memcpy(x + m * n, rowbuf, n * sizeof *x);
        m++;
    }
    free(rowbuf);
    free(buf);
    if (rc == CR_OK && m == 0) rc = pfail(ctx, p, CR_EINVAL, "matrix_csv: %s: no data rows", path);
    if (rc != CR_OK) {
        free(x);
        return rc;
    }
    p->x = x;
    p->m = m;
    p->n = n;
    return CR_OK;
}

/* ---- parsing ---- */

static cr_error_t parse_types(cr_ctx *ctx, problem *p, const cJSON *arr)
{
    if (!cJSON_IsArray(arr)) return pfail(ctx, p, CR_EINVAL, "types: expected an array of 1 / -1, got %s", type_name(arr));
    size_t n = (size_t)cJSON_GetArraySize(arr);
    if (n != p->n) return pfail(ctx, p, CR_EINVAL, "types: has %zu values, expected %zu (one per criterion)", n, p->n);
    p->types = cr__malloc(ctx, n, sizeof *p->types);
    if (!p->types) return CR_ENOMEM;
    size_t j = 0;
    for (const cJSON *it = arr->child; it; it = it->next, j++) {
        if (!cJSON_IsNumber(it) || (it->valuedouble != 1 && it->valuedouble != -1)) {
            if (cJSON_IsNumber(it))
                return pfail(ctx, p, CR_EINVAL, "types[%zu]: %g is not 1 (benefit) or -1 (cost)", j, it->valuedouble);
            return pfail(ctx, p, CR_EINVAL, "types[%zu]: expected 1 (benefit) or -1 (cost), got %s", j, type_name(it));
        }
        p->types[j] = it->valuedouble > 0 ? 1 : -1;
    }
    return CR_OK;
}

static cr_error_t parse_weighting(cr_ctx *ctx, problem *p, const cJSON *w)
{
    static const char *const known[] = {"method", "pairwise", "ranking", "scoring", "priority", "ri", "force",
                                        "entropy_zero", "critic_types", NULL};
    if (!cJSON_IsObject(w)) return pfail(ctx, p, CR_EINVAL, "weighting: expected an object, got %s", type_name(w));
    CR_CHECK(check_keys(ctx, p, w, "weighting.", known, NULL));
    const cJSON *meth = cJSON_GetObjectItemCaseSensitive(w, "method");
    if (!meth) return pfail(ctx, p, CR_EINVAL, "weighting.method: missing (known: %s)", cr_mcda_weighting_names());
    if (!cJSON_IsString(meth)) return pfail(ctx, p, CR_EINVAL, "weighting.method: expected a string, got %s", type_name(meth));
    if (cr_mcda_weighting_parse(ctx, meth->valuestring, &p->wmethod) != CR_OK)
        return relabel(ctx, p, CR_EINVAL, "weighting.method: ");
    /* Given weights are written as "weights", not as a weighting method. */
    if (p->wmethod == CR_WEIGHT_GIVEN)
        return pfail(ctx, p, CR_EINVAL, "weighting.method: 'given' is written as \"weights\": [...] in a problem file");
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(w, "pairwise");
    const cJSON *rk = cJSON_GetObjectItemCaseSensitive(w, "ranking");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(w, "scoring");
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(w, "priority");
    if (p->wmethod == CR_WEIGHT_AHP) {
        if ((pw != NULL) + (rk != NULL) + (sc != NULL) > 1)
            return pfail(ctx, p, CR_EINVAL, "weighting: give one of pairwise, ranking or scoring");
        if (pw) {
            size_t r, c;
            CR_CHECK(get_matrix(ctx, p, pw, "weighting.pairwise", VAL_JUDGEMENT, &p->pairwise, &r, &c));
            if (r != c) return pfail(ctx, p, CR_EINVAL, "weighting.pairwise: %zu x %zu, must be square", r, c);
            p->np = r;
        } else if (rk || sc) {
            /* pymcdm's AHP(ranking=...) / AHP(scoring=...): a pairwise matrix from the order */
            const cJSON *v = rk ? rk : sc;
            const char *key = rk ? "weighting.ranking" : "weighting.scoring";
            size_t k = cJSON_IsArray(v) ? (size_t)cJSON_GetArraySize(v) : 0;
            if (k == 0) return pfail(ctx, p, CR_EINVAL, "%s: expected a non-empty array of numbers > 0", key);
            if (k > 15) return pfail(ctx, p, CR_EINVAL, "%s: %zu criteria, but random indices are known only up to 15", key, k);
            double *vals = NULL;
            CR_CHECK(get_vector(ctx, p, v, key, k, &vals));
            p->pairwise = cr__malloc(ctx, k * k, sizeof *p->pairwise);
            cr_error_t rc = !p->pairwise ? CR_ENOMEM
                            : rk ? cr_mcda_ahp_from_ranking(ctx, k, vals, p->pairwise)
                                 : cr_mcda_ahp_from_scoring(ctx, k, vals, p->pairwise);
            free(vals);
            if (rc != CR_OK) return rc == CR_ENOMEM ? rc : relabel(ctx, p, rc, "weighting.");
            p->np = k;
            p->pairwise_derived = 1;
        } else {
            return pfail(ctx, p, CR_EINVAL, "weighting.pairwise: missing (required for ahp), or give ranking or scoring");
        }
        if (pr) {
            if (!cJSON_IsString(pr) || (strcmp(pr->valuestring, "eigenvector") && strcmp(pr->valuestring, "geometric-mean")))
                return pfail(ctx, p, CR_EINVAL, "weighting.priority: expected \"eigenvector\" or \"geometric-mean\"");
            p->priority = strcmp(pr->valuestring, "eigenvector") ? CR_AHP_GEOMETRIC_MEAN : CR_AHP_EIGENVECTOR;
        }
    } else if (pw || rk || sc || pr) {
        return pfail(ctx, p, CR_EINVAL, "weighting.%s: only used by method ahp",
                     pw ? "pairwise" : rk ? "ranking" : sc ? "scoring" : "priority");
    }
    const cJSON *ri = cJSON_GetObjectItemCaseSensitive(w, "ri");
    p->ri = CR_RI_SAATY;
    if (ri) {
        if (!cJSON_IsString(ri) || (strcmp(ri->valuestring, "saaty") && strcmp(ri->valuestring, "tummala-ling")))
            return pfail(ctx, p, CR_EINVAL, "weighting.ri: expected \"saaty\" or \"tummala-ling\"");
        p->ri = strcmp(ri->valuestring, "saaty") ? CR_RI_TUMMALA_LING : CR_RI_SAATY;
    }
    const cJSON *force = cJSON_GetObjectItemCaseSensitive(w, "force");
    if (force) {
        if (!cJSON_IsBool(force)) return pfail(ctx, p, CR_EINVAL, "weighting.force: expected true or false, got %s", type_name(force));
        p->force = cJSON_IsTrue(force);
    }
    const cJSON *ez = cJSON_GetObjectItemCaseSensitive(w, "entropy_zero");
    if (ez) {
        if (!cJSON_IsString(ez) || (strcmp(ez->valuestring, "xlogx") && strcmp(ez->valuestring, "pymcdm")))
            return pfail(ctx, p, CR_EINVAL, "weighting.entropy_zero: expected \"xlogx\" or \"pymcdm\"");
        p->ezero = strcmp(ez->valuestring, "xlogx") ? CR_ENTROPY_PYMCDM : CR_ENTROPY_XLOGX;
    }
    const cJSON *ct = cJSON_GetObjectItemCaseSensitive(w, "critic_types");
    if (ct) {
        if (!cJSON_IsString(ct) || (strcmp(ct->valuestring, "ignore") && strcmp(ct->valuestring, "apply")))
            return pfail(ctx, p, CR_EINVAL, "weighting.critic_types: expected \"ignore\" or \"apply\"");
        p->critic_use_types = !strcmp(ct->valuestring, "apply");
    }
    return CR_OK;
}

/* "normalization" and the parameters the registry's methods declare
 * (cr_mcda_param_find: one a method does not read is accepted and ignored). */
static cr_error_t parse_params(cr_ctx *ctx, problem *p, const cJSON *prm)
{
    if (!cJSON_IsObject(prm)) return pfail(ctx, p, CR_EINVAL, "params: expected an object, got %s", type_name(prm));
    for (const cJSON *it = prm->child; it; it = it->next) {
        const char *key = it->string ? it->string : "?";
        if (!strcmp(key, "normalization")) {
            if (!cJSON_IsString(it)) return pfail(ctx, p, CR_EINVAL, "params.normalization: expected a string, got %s", type_name(it));
            if (cr_mcda_norm_parse(ctx, it->valuestring, &p->prm.norm) != CR_OK)
                return relabel(ctx, p, CR_EINVAL, "params.normalization: ");
            continue;
        }
        const cr_mcda_param *q = cr_mcda_param_find(key);
        if (!q) return pfail(ctx, p, CR_EINVAL, "params.%s: unknown key", key);
        if (!cJSON_IsNumber(it)) return pfail(ctx, p, CR_EINVAL, "params.%s: expected a number, got %s", key, type_name(it));
        if (cr_mcda_param_set(ctx, q, it->valuedouble, &p->prm) != CR_OK) {
            char where[160];
            snprintf(where, sizeof where, "params.%s: ", key);
            return relabel(ctx, p, CR_EINVAL, where);
        }
    }
    return CR_OK;
}

static cr_error_t parse_problem(cr_ctx *ctx, problem *p, const cJSON *root, cr_mcda_run_mode mode)
{
    static const char *const known[] = {"method", "matrix", "matrix_csv", "types", "weights", "weighting", "params",
                                        "name", "description", "comment", "alternatives", "criteria",
                                        "weights_as_given", NULL};
    if (!cJSON_IsObject(root)) return pfail(ctx, p, CR_EINVAL, "the problem must be a JSON object, got %s", type_name(root));
    CR_CHECK(check_keys(ctx, p, root, "", known, p->extra_keys));

    const cJSON *meth = cJSON_GetObjectItemCaseSensitive(root, "method");
    p->method = NULL;
    if (meth) {
        if (!cJSON_IsString(meth)) return pfail(ctx, p, CR_EINVAL, "method: expected a string, got %s", type_name(meth));
        if (cr_mcda_method_parse(ctx, meth->valuestring, &p->method) != CR_OK) return relabel(ctx, p, CR_EINVAL, "method: ");
    } else if (mode == CR_MCDA_RUN_FULL) {
        return pfail(ctx, p, CR_EINVAL, "method: missing (known: %s)", cr_mcda_method_names());
    }

    const cJSON *wt = cJSON_GetObjectItemCaseSensitive(root, "weighting");
    const cJSON *wv = cJSON_GetObjectItemCaseSensitive(root, "weights");
    if (wt && wv) return pfail(ctx, p, CR_EINVAL, "weights: give either weights or weighting, not both");
    if (!wt && !wv && !p->weights_optional) return pfail(ctx, p, CR_EINVAL, "weights: missing (give weights or weighting)");
    if (wt) CR_CHECK(parse_weighting(ctx, p, wt));
    else p->wmethod = CR_WEIGHT_GIVEN;

    const cJSON *mx = cJSON_GetObjectItemCaseSensitive(root, "matrix");
    const cJSON *csv = cJSON_GetObjectItemCaseSensitive(root, "matrix_csv");
    if (mx && csv) return pfail(ctx, p, CR_EINVAL, "matrix: give either matrix or matrix_csv, not both");
    if (mx) {
        CR_CHECK(get_matrix(ctx, p, mx, "matrix", VAL_SIGNED, &p->x, &p->m, &p->n));
    } else if (csv) {
        if (!cJSON_IsString(csv)) return pfail(ctx, p, CR_EINVAL, "matrix_csv: expected a file path string, got %s", type_name(csv));
        CR_CHECK(read_csv(ctx, p, csv->valuestring));
    } else if (mode == CR_MCDA_RUN_FULL || !(p->wmethod == CR_WEIGHT_AHP || p->wmethod == CR_WEIGHT_GIVEN)) {
        return pfail(ctx, p, CR_EINVAL, "matrix: missing (give matrix or matrix_csv)");
    }

    /* Number of criteria when no matrix is given (weights command). */
    if (!p->x) p->n = p->wmethod == CR_WEIGHT_AHP ? p->np : (size_t)cJSON_GetArraySize(wv);
    if (p->n == 0) return pfail(ctx, p, CR_EINVAL, "weights: no criteria");

    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(root, "types");
    if (ty) CR_CHECK(parse_types(ctx, p, ty));
    else if (mode == CR_MCDA_RUN_FULL || (p->wmethod == CR_WEIGHT_CRITIC && p->critic_use_types))
        return pfail(ctx, p, CR_EINVAL, "types: missing (one 1 or -1 per criterion)");

    /* "weights_as_given": true keeps given weights as they are, as pymcdm's
     * WSM (nmatrix * weights) and scikit-criteria's wsm (np.inner(matrix,
     * weights)) do; by default they are rescaled to sum 1. Only WSM's scores
     * change (TOPSIS and VIKOR are invariant to a common factor). */
    const cJSON *asg = cJSON_GetObjectItemCaseSensitive(root, "weights_as_given");
    int as_given = 0;
    if (asg) {
        if (!cJSON_IsBool(asg)) return pfail(ctx, p, CR_EINVAL, "weights_as_given: expected true or false, got %s", type_name(asg));
        as_given = cJSON_IsTrue(asg);
        if (as_given && !wv) return pfail(ctx, p, CR_EINVAL, "weights_as_given: only for given \"weights\"");
    }
    if (wv) {
        CR_CHECK(get_vector(ctx, p, wv, "weights", p->n, &p->weights));
        double s = 0;
        for (size_t j = 0; j < p->n; j++) s += p->weights[j];
        if (!(s > 0) || !isfinite(s)) return pfail(ctx, p, CR_EINVAL, "weights: sum to %g; the sum must be > 0", s);
        if (!as_given)
            for (size_t j = 0; j < p->n; j++) p->weights[j] /= s;
    }
    if (p->wmethod == CR_WEIGHT_AHP && p->np != p->n)
        return pfail(ctx, p, CR_EINVAL, "weighting.pairwise: %zu x %zu, but the matrix has %zu criteria", p->np, p->np, p->n);

    cr_mcda_params_default(p->method, &p->prm);   /* the method's default normalization */
    const cJSON *prm = cJSON_GetObjectItemCaseSensitive(root, "params");
    if (prm) CR_CHECK(parse_params(ctx, p, prm));
    return CR_OK;
}

/* ---- output ---- */


static void sb_doubles(cr__sbuf *b, const char *key, const double *v, size_t n)
{
    cr__sb_printf(b, "\"%s\": [", key);
    for (size_t i = 0; i < n; i++) cr__sb_printf(b, i ? ", %.17g" : "%.17g", v[i]);
    cr__sb_printf(b, "]");
}

static void sb_ints(cr__sbuf *b, const char *key, const int *v, size_t n)
{
    cr__sb_printf(b, "\"%s\": [", key);
    for (size_t i = 0; i < n; i++) cr__sb_printf(b, i ? ", %d" : "%d", v[i]);
    cr__sb_printf(b, "]");
}

static cr_error_t solve(cr_ctx *ctx, problem *p, cr_mcda_run_mode mode, char **out)
{
    cr_error_t rc = CR_OK;
    const size_t m = p->m, n = p->n;
    double *w = cr__malloc(ctx, n, sizeof *w);
    double *scores = NULL, *S = NULL, *R = NULL;
    int *ranks = NULL;
    size_t *comp = NULL;
    cr_mcda_ahp_info ahp = {0, 0, 0, 0};
    cr_mcda_vikor_out vk;
    memset(&vk, 0, sizeof vk);
    cr__sbuf b = {NULL, 0, 0, 0};
    if (!w) return CR_ENOMEM;

    switch (p->wmethod) {
    case CR_WEIGHT_GIVEN: memcpy(w, p->weights, n * sizeof *w); break;
    case CR_WEIGHT_AHP: rc = cr_mcda_weights_ahp_ex(ctx, n, p->pairwise, p->ri, p->force, p->priority, w, &ahp); break;
    case CR_WEIGHT_ENTROPY: rc = cr_mcda_weights_entropy(ctx, m, n, p->x, p->ezero, w); break;
    case CR_WEIGHT_CRITIC: rc = cr_mcda_weights_critic(ctx, m, n, p->x, p->critic_use_types ? p->types : NULL, w); break;
    case CR_WEIGHT_STD: rc = cr_mcda_weights_std(ctx, m, n, p->x, w); break;
    case CR_WEIGHT_EQUAL: rc = cr_mcda_weights_equal(ctx, n, w); break;
    default: rc = cr_ctx_fail(ctx, CR_EINTERNAL, "unknown weighting %d", (int)p->wmethod);
    }
    if (rc != CR_OK) {
        /* AHP messages name "pairwise[i][j]" (a key under "weighting") or the CR. */
        int key = !strncmp(cr_ctx_errmsg(ctx), "pairwise", 8);
        rc = relabel(ctx, p, rc, key ? "weighting." : "weighting: ");
        goto done;
    }

    cr__sb_printf(&b, "{\n  ");
    sb_doubles(&b, "weights", w, n);
    if (p->wmethod == CR_WEIGHT_AHP)
    {
        cr__sb_printf(&b, ",\n  \"lambda_max\": %.17g,\n  \"ci\": %.17g,\n  \"cr\": %.17g", ahp.lambda_max, ahp.ci, ahp.cr);
        cr__sb_printf(&b, ",\n  \"priority\": \"%s\"",
                      p->priority == CR_AHP_GEOMETRIC_MEAN ? "geometric-mean" : "eigenvector");
        if (p->pairwise_derived) {   /* the matrix built from the ranking or scoring */
            cr__sb_printf(&b, ",\n  \"pairwise\": [");
            for (size_t i = 0; i < n; i++) {
                cr__sb_printf(&b, i ? ", [" : "[");
                for (size_t j = 0; j < n; j++) cr__sb_printf(&b, j ? ", %.17g" : "%.17g", p->pairwise[i * n + j]);
                cr__sb_printf(&b, "]");
            }
            cr__sb_printf(&b, "]");
        }
    }
    if (mode == CR_MCDA_RUN_FULL) {
        scores = cr__malloc(ctx, m, sizeof *scores);
        ranks = cr__malloc(ctx, m, sizeof *ranks);
        if (!scores || !ranks) {
            rc = CR_ENOMEM;
            goto done;
        }
        const int is_vikor = p->method->id == CR_AGG_VIKOR;   /* the one method with a detail block */
        if (is_vikor) {
            S = cr__malloc(ctx, m, sizeof *S);
            R = cr__malloc(ctx, m, sizeof *R);
            comp = cr__malloc(ctx, m, sizeof *comp);
            if (!S || !R || !comp) {
                rc = CR_ENOMEM;
                goto done;
            }
            vk.S = S;
            vk.R = R;
            vk.compromise = comp;
        }
        rc = cr_mcda_score(ctx, p->method, m, n, p->x, p->types, w, &p->prm, scores, is_vikor ? &vk : NULL);
        if (rc != CR_OK) {
            rc = relabel(ctx, p, rc, "");
            goto done;
        }
        rc = cr_mcda_rank(ctx, m, scores, p->method->higher_is_better, ranks);
        if (rc != CR_OK) goto done;
        cr__sb_printf(&b, ",\n  ");
        sb_doubles(&b, "scores", scores, m);
        cr__sb_printf(&b, ",\n  ");
        sb_ints(&b, "ranks", ranks, m);
        if (is_vikor) {
            cr__sb_printf(&b, ",\n  \"vikor\": {\n    ");
            sb_doubles(&b, "S", S, m);
            cr__sb_printf(&b, ",\n    ");
            sb_doubles(&b, "R", R, m);
            cr__sb_printf(&b, ",\n    ");
            sb_doubles(&b, "Q", scores, m);
            cr__sb_printf(&b, ",\n    \"compromise\": [");
            for (size_t k = 0; k < vk.ncompromise; k++) cr__sb_printf(&b, k ? ", %zu" : "%zu", comp[k]);
            cr__sb_printf(&b, "],\n    \"acceptable_advantage\": %s,\n    \"acceptable_stability\": %s\n  }",
                      vk.acceptable_advantage ? "true" : "false", vk.acceptable_stability ? "true" : "false");
        }
    }
    cr__sb_printf(&b, "\n}\n");
    if (b.oom) {
        rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory rendering the result");
        goto done;
    }
    *out = b.s;
    b.s = NULL;
done:
    free(b.s);
    free(w);
    free(scores);
    free(ranks);
    free(S);
    free(R);
    free(comp);
    return rc;
}

/* Parses text into *root; syntax errors name line:column. */
static cr_error_t parse_text(cr_ctx *ctx, const problem *p, const char *text, size_t len, cJSON **rootp)
{
    cr__json_err e;
    switch (cr__json_parse_text(text, len, 1, rootp, &e)) {
    case CR__JSON_OK: break;
    case CR__JSON_SYNTAX: return pfail(ctx, p, CR_EINVAL, "%ld:%ld: JSON syntax error", e.line, e.col);
    case CR__JSON_TRAILING:
        return pfail(ctx, p, CR_EINVAL, "%ld:%ld: unexpected text after the JSON value", e.line, e.col);
    case CR__JSON_INVALID: return pfail(ctx, p, CR_EINVAL, "%ld:%ld: %s", e.line, e.col, e.why);
    }
    return CR_OK;
}

cr_error_t cr_mcda_run_json(cr_ctx *ctx, const char *text, size_t len, const char *source, cr_mcda_run_mode mode,
                            char **out)
{
    problem p;
    memset(&p, 0, sizeof p);
    p.src = source ? source : "problem";
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_mcda_run_json: out is NULL");
    *out = NULL;
    if (!text) return pfail(ctx, &p, CR_EINVAL, "no problem text");
    if (mode != CR_MCDA_RUN_FULL && mode != CR_MCDA_RUN_WEIGHTS) return pfail(ctx, &p, CR_EINVAL, "unknown run mode");
    cJSON *root = NULL;
    CR_CHECK(parse_text(ctx, &p, text, len, &root));
    cr_error_t rc = parse_problem(ctx, &p, root, mode);
    cJSON_Delete(root);   /* every value has been copied out */
    if (rc == CR_OK) rc = solve(ctx, &p, mode, out);
    problem_clear(&p);
    return rc;
}

void cr_mcda_json_free(char *s) { free(s); }

cr_error_t cr__mcda_problem_parse(cr_ctx *ctx, const char *text, size_t len, const char *source,
                                  const char *const *extra_keys, cr__mcda_problem *out, struct cJSON **rootp)
{
    problem p;
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    *rootp = NULL;
    p.src = source ? source : "problem";
    p.extra_keys = extra_keys;
    p.weights_optional = 1;
    if (!text) return pfail(ctx, &p, CR_EINVAL, "no problem text");
    cJSON *root = NULL;
    CR_CHECK(parse_text(ctx, &p, text, len, &root));
    cr_error_t rc = parse_problem(ctx, &p, root, CR_MCDA_RUN_FULL);
    if (rc != CR_OK) {
        cJSON_Delete(root);
        problem_clear(&p);
        return rc;
    }
    out->method = p.method;
    out->m = p.m;
    out->n = p.n;
    out->x = p.x;
    out->types = p.types;
    out->prm = p.prm;
    p.x = NULL;
    p.types = NULL;
    problem_clear(&p);
    *rootp = root;
    return CR_OK;
}

void cr__mcda_problem_free(cr__mcda_problem *p)
{
    if (!p) return;
    free(p->x);
    free(p->types);
    p->x = NULL;
    p->types = NULL;
}
