/* JSON front end of the agreement module: parses a rankings document with
 * cJSON (one thread: cJSON keeps its error position in a static) and renders
 * a cr_agree_report as JSON with %.17g numbers, so values round-trip exactly.
 * Every rejection names the key and the index at fault. */
#include "agree/agree_internal.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { CR__AGREE_DEFAULT_TOP_K = 10 };
#define CR__AGREE_DEFAULT_RBO_P 0.9

void cr_agree_input_free(cr_agree_input *in)
{
    if (!in) return;
    if (in->names)
        for (size_t s = 0; s < in->m; s++) free(in->names[s]);
    free(in->names);
    free(in->ranks);
    free(in);
}

/* "file: " prefix for messages, or "" when no file name was given. */
static const char *pfx(const char *file, char *buf, size_t size)
{
    if (!file || !*file) return "";
    snprintf(buf, size, "%s: ", file);
    return buf;
}

static int is_integer(double v) { return isfinite(v) && floor(v) == v; }

cr_error_t cr_agree_input_parse(cr_ctx *ctx, const char *text, size_t len, const char *file,
                                cr_agree_input **out)
{
    char pb[512];
    const char *P;
    cr_error_t rc = CR_OK;
    cr_agree_input *in = NULL;
    cJSON *root = NULL;

    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_input_parse: out is NULL");
    *out = NULL;
    P = pfx(file, pb, sizeof pb);
    if (!text) return cr_ctx_fail(ctx, CR_EINVAL, "%sno input text", P);

    cr__json_err e;
    switch (cr__json_parse_text(text, len, 1, &root, &e)) {
    case CR__JSON_OK: break;
    case CR__JSON_SYNTAX:
        return cr_ctx_fail(ctx, CR_EINVAL, "%sline %ld, column %ld: malformed JSON", P, e.line, e.col);
    case CR__JSON_TRAILING:
        return cr_ctx_fail(ctx, CR_EINVAL, "%sline %ld, column %ld: unexpected text after the JSON document", P,
                           e.line, e.col);
    case CR__JSON_INVALID:
        return cr_ctx_fail(ctx, CR_EINVAL, "%sline %ld, column %ld: %s", P, e.line, e.col, e.why);
    }
    if (!cJSON_IsObject(root)) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%sthe document must be a JSON object {\"rankings\": {...}}", P);
        goto done;
    }
    for (const cJSON *it = root->child; it; it = it->next) {
        if (strcmp(it->string, "rankings") && strcmp(it->string, "top_k") && strcmp(it->string, "rbo_p")) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%sunknown key \"%s\" (expected rankings, top_k, rbo_p)", P,
                             it->string);
            goto done;
        }
    }
    const cJSON *rk = cJSON_GetObjectItemCaseSensitive(root, "rankings");
    if (!rk) { rc = cr_ctx_fail(ctx, CR_EINVAL, "%smissing key \"rankings\"", P); goto done; }
    if (!cJSON_IsObject(rk)) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings: must be an object {\"scheme\": [ranks...], ...}", P);
        goto done;
    }
    size_t m = (size_t)cJSON_GetArraySize(rk);
    if (m < 2) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings: need at least 2 rankings to compare, got %zu", P, m);
        goto done;
    }
    const cJSON *first = rk->child;
    if (!cJSON_IsArray(first)) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s: must be an array of ranks", P, first->string);
        goto done;
    }
    size_t n = (size_t)cJSON_GetArraySize(first);
    if (n < 2) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s: need at least 2 alternatives, got %zu", P,
                         first->string, n);
        goto done;
    }
    if (m > SIZE_MAX / n / sizeof(double)) {
        rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings: too large", P);
        goto done;
    }

    in = cr__calloc(ctx, 1, sizeof *in);
    if (!in) { rc = CR_ENOMEM; goto done; }
    in->names = cr__calloc(ctx, m, sizeof *in->names);
    in->ranks = cr__malloc(ctx, m * n, sizeof *in->ranks);
    if (!in->names || !in->ranks) { rc = CR_ENOMEM; goto done; }
    in->m = m;
    in->n = n;

    size_t s = 0;
    for (const cJSON *r = rk->child; r; r = r->next, s++) {
        for (size_t t = 0; t < s; t++)
            if (!strcmp(in->names[t], r->string)) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s: duplicate scheme name", P, r->string);
                goto done;
            }
        in->names[s] = cr__strdup(ctx, r->string);
        if (!in->names[s]) { rc = CR_ENOMEM; goto done; }
        if (!cJSON_IsArray(r)) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s: must be an array of ranks", P, r->string);
            goto done;
        }
        size_t len_r = (size_t)cJSON_GetArraySize(r);
        if (len_r != n) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s: has %zu ranks but rankings.%s has %zu", P,
                             r->string, len_r, first->string, n);
            goto done;
        }
        size_t i = 0;
        for (const cJSON *v = r->child; v; v = v->next, i++) {
            if (!cJSON_IsNumber(v)) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s[%zu]: rank must be a number", P, r->string, i);
                goto done;
            }
            double x = v->valuedouble;
            if (!isfinite(x)) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s[%zu]: rank is not finite", P, r->string, i);
                goto done;
            }
            if (!is_integer(x)) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s[%zu]: rank %.17g is not an integer", P,
                                 r->string, i, x);
                goto done;
            }
            if (x < 1.0) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s[%zu]: rank %.17g is not positive (1 = best)",
                                 P, r->string, i, x);
                goto done;
            }
            if (x > (double)n) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%srankings.%s[%zu]: rank %.17g > n = %zu", P, r->string,
                                 i, x, n);
                goto done;
            }
            in->ranks[s * n + i] = x;
        }
    }

    in->top_k = n < CR__AGREE_DEFAULT_TOP_K ? n : CR__AGREE_DEFAULT_TOP_K;
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "top_k");
    if (k) {
        if (!cJSON_IsNumber(k) || !is_integer(k->valuedouble)) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%stop_k: must be an integer", P);
            goto done;
        }
        if (k->valuedouble < 1.0 || k->valuedouble > (double)n) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%stop_k: %.17g outside 1..n = %zu", P, k->valuedouble, n);
            goto done;
        }
        in->top_k = (size_t)k->valuedouble;
    }
    in->rbo_p = CR__AGREE_DEFAULT_RBO_P;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "rbo_p");
    if (p) {
        if (!cJSON_IsNumber(p) || !isfinite(p->valuedouble)) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%srbo_p: must be a number", P);
            goto done;
        }
        if (!(p->valuedouble > 0.0 && p->valuedouble < 1.0)) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%srbo_p: %.17g outside the open interval (0,1)", P, p->valuedouble);
            goto done;
        }
        in->rbo_p = p->valuedouble;
    }
    *out = in;
    in = NULL;
done:
    cJSON_Delete(root);
    cr_agree_input_free(in);
    return rc;
}

/* ---- output -------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_reserve(sbuf *b, size_t more)
{
    if (b->oom || b->len + more + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + more + 1) nc *= 2;
    char *nb = realloc(b->buf, nc);
    if (!nb) { b->oom = 1; return; }
    b->buf = nb;
    b->cap = nc;
}

static void sb_printf(sbuf *b, const char *fmt, ...) CR_PRINTF(2, 3);
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0) { b->oom = 1; return; }
    sb_reserve(b, (size_t)need);
    if (b->oom) return;
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)need;
}

static void sb_num(sbuf *b, double v)
{
    if (isfinite(v)) sb_printf(b, "%.17g", v);
    else sb_printf(b, "null");
}

static void sb_str(sbuf *b, const char *s)
{
    sb_printf(b, "\"");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') sb_printf(b, "\\%c", *c);
        else if (*c < 0x20) sb_printf(b, "\\u%04x", *c);
        else sb_printf(b, "%c", *c);
    }
    sb_printf(b, "\"");
}

cr_error_t cr_agree_report_json(cr_ctx *ctx, const cr_agree_report *rep, const char *const *names,
                                char **out, size_t *len)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_report_json: out is NULL");
    *out = NULL;
    if (!rep || !names) return cr_ctx_fail(ctx, CR_EINVAL, "cr_agree_report_json: report or names is NULL");
    sbuf b = {0};
    sb_printf(&b, "{\n  \"n\": %zu,\n  \"top_k\": %zu,\n  \"rbo_p\": ", rep->n, rep->top_k);
    sb_num(&b, rep->rbo_p);
    sb_printf(&b, ",\n  \"schemes\": [");
    for (size_t s = 0; s < rep->m; s++) {
        if (s) sb_printf(&b, ", ");
        sb_str(&b, names[s]);
    }
    sb_printf(&b, "],\n  \"pairs\": [");
    for (size_t p = 0; p < rep->npairs; p++) {
        sb_printf(&b, "%s\n    {\"a\": ", p ? "," : "");
        sb_str(&b, names[rep->pair_a[p]]);
        sb_printf(&b, ", \"b\": ");
        sb_str(&b, names[rep->pair_b[p]]);
        const struct { const char *key; double v; } f[] = {
            {"spearman", rep->spearman[p]}, {"kendall_tau_b", rep->kendall_tau_b[p]},
            {"kendall_tau_a", rep->kendall_tau_a[p]}, {"weighted_spearman", rep->weighted_spearman[p]},
            {"ws_ab", rep->ws_ab[p]}, {"ws_ba", rep->ws_ba[p]}, {"top_k_overlap", rep->top_k_overlap[p]},
            {"jaccard", rep->jaccard[p]}, {"rbo", rep->rbo[p]},
        };
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
            sb_printf(&b, ", \"%s\": ", f[i].key);
            sb_num(&b, f[i].v);
        }
        sb_printf(&b, "}");
    }
    sb_printf(&b, "\n  ],\n  \"spread\": [");
    for (size_t i = 0; i < rep->n; i++) {
        sb_printf(&b, "%s\n    {\"alternative\": %zu, \"min\": ", i ? "," : "", i);
        sb_num(&b, rep->rank_min[i]);
        sb_printf(&b, ", \"max\": ");
        sb_num(&b, rep->rank_max[i]);
        sb_printf(&b, ", \"mean\": ");
        sb_num(&b, rep->rank_mean[i]);
        sb_printf(&b, ", \"sd\": ");
        sb_num(&b, rep->rank_sd[i]);
        sb_printf(&b, ", \"in_top_k\": %zu}", rep->in_top_k[i]);
    }
    sb_printf(&b, "\n  ]\n}\n");
    if (b.oom) {
        free(b.buf);
        return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory rendering the agreement report");
    }
    *out = b.buf;
    if (len) *len = b.len;
    return CR_OK;
}
