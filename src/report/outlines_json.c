/* Reads the map's outline file (datasets/geo/cn_cities.json; format
 * "chainrank-outlines/1": {"cities": [{"name", "province", "rings":
 * [[[lon, lat], ...], ...]}]}). The only file of src/report that sees cJSON;
 * called on one thread (cJSON's error position is a static). */
#include "report/report_internal.h"
#include "core/core_internal.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr_report_outlines_free(cr_report_outlines *o)
{
    if (!o) return;
    for (int32_t c = 0; c < o->ncity; c++) {
        if (o->name) free(o->name[c]);
        if (o->province) free(o->province[c]);
    }
    free(o->name);
    free(o->province);
    free(o->ring_off);
    free(o->pt_off);
    free(o->lon);
    free(o->lat);
    free(o->bbox);
    free(o);
}

static char *dup_str(const cJSON *v)
{
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

cr_error_t cr_report_outlines_load(cr_ctx *ctx, const char *path, cr_report_outlines **out)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    CR_CHECK(cr_read_file(ctx, path, "outlines", &text, &len));
    cr__json_doc d = {ctx, path, text, len};
    cJSON *root = NULL;
    cr_error_t rc = cr__json_parse_doc(&d, &root);
    cr_report_outlines *o = NULL;
    char where[96];
    if (rc != CR_OK) goto done;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "chainrank-outlines/1") != 0) {
        rc = cr__json_fail(&d, CR_EDATA, "format", "expected \"chainrank-outlines/1\"");
        goto done;
    }
    const cJSON *cities = cJSON_GetObjectItemCaseSensitive(root, "cities");
    if (!cJSON_IsArray(cities)) {
        rc = cr__json_fail(&d, CR_EDATA, "cities", "expected an array of cities");
        goto done;
    }
    /* two passes: count, then fill */
    int64_t nc = 0, nr = 0, np = 0;
    const cJSON *c, *r, *p;
    cJSON_ArrayForEach(c, cities) {
        const cJSON *rings = cJSON_GetObjectItemCaseSensitive(c, "rings");
        snprintf(where, sizeof where, "cities[%lld].rings", (long long)nc);
        if (!cJSON_IsObject(c) || !cJSON_IsArray(rings)) {
            rc = cr__json_fail(&d, CR_EDATA, where, "expected an array of rings");
            goto done;
        }
        int64_t k = 0;
        cJSON_ArrayForEach(r, rings) {
            snprintf(where, sizeof where, "cities[%lld].rings[%lld]", (long long)nc, (long long)k);
            if (!cJSON_IsArray(r)) { rc = cr__json_fail(&d, CR_EDATA, where, "expected an array of [lon, lat]"); goto done; }
            int64_t q = 0;
            cJSON_ArrayForEach(p, r) {
                const cJSON *x = cJSON_GetArrayItem(p, 0), *y = cJSON_GetArrayItem(p, 1);
                if (!cJSON_IsArray(p) || cJSON_GetArraySize(p) != 2 || !cJSON_IsNumber(x) || !cJSON_IsNumber(y) ||
                    !(fabs(x->valuedouble) <= 180) || !(fabs(y->valuedouble) <= 90)) {
                    snprintf(where, sizeof where, "cities[%lld].rings[%lld][%lld]", (long long)nc, (long long)k, (long long)q);
                    rc = cr__json_fail(&d, CR_EDATA, where, "expected [lon, lat] in degrees");
                    goto done;
                }
                q++;
            }
            np += q;
            k++;
        }
        nr += k;
        nc++;
    }
    if (nc > INT32_MAX / 2) { rc = cr__json_fail(&d, CR_EDATA, "cities", "too many cities"); goto done; }
    o = calloc(1, sizeof *o);
    if (!o) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
    o->name = calloc((size_t)nc + 1, sizeof *o->name);
    o->province = calloc((size_t)nc + 1, sizeof *o->province);
    o->ring_off = calloc((size_t)nc + 1, sizeof *o->ring_off);
    o->pt_off = calloc((size_t)nr + 1, sizeof *o->pt_off);
    o->lon = malloc(((size_t)np + 1) * sizeof *o->lon);
    o->lat = malloc(((size_t)np + 1) * sizeof *o->lat);
    o->bbox = malloc(((size_t)nc + 1) * 4 * sizeof *o->bbox);
    if (!o->name || !o->province || !o->ring_off || !o->pt_off || !o->lon || !o->lat || !o->bbox) {
        rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        goto done;
    }
    int64_t ri = 0, pi = 0;
    int32_t ci = 0;
    cJSON_ArrayForEach(c, cities) {
        o->name[ci] = dup_str(cJSON_GetObjectItemCaseSensitive(c, "name"));
        o->province[ci] = dup_str(cJSON_GetObjectItemCaseSensitive(c, "province"));
        o->ncity = ci + 1;
        if (!o->name[ci] || !o->province[ci]) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
        double *bb = o->bbox + 4 * ci;
        bb[0] = bb[1] = INFINITY;
        bb[2] = bb[3] = -INFINITY;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(c, "rings")) {
            cJSON_ArrayForEach(p, r) {
                double x = cJSON_GetArrayItem(p, 0)->valuedouble, y = cJSON_GetArrayItem(p, 1)->valuedouble;
                o->lon[pi] = x;
                o->lat[pi] = y;
                bb[0] = fmin(bb[0], x); bb[1] = fmin(bb[1], y);
                bb[2] = fmax(bb[2], x); bb[3] = fmax(bb[3], y);
                pi++;
            }
            o->pt_off[++ri] = pi;
        }
        o->ring_off[++ci] = ri;
    }
    o->ncity = ci;
    *out = o;
    o = NULL;
done:
    cr_report_outlines_free(o);
    cJSON_Delete(root);
    free(text);
    return rc;
}
