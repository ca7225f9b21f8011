/* A project profile (sites --profile, docs/allocate.md "Profiles"): a
 * hypothetical enterprise as JSON, checked here with "file:line:column:
 * path: message" and turned into one enterprises.csv row, which the dataset
 * loader appends to the file's (cr_load_params extra_enterprises) and
 * validates like any other row (segment ids, shares, ...). */
#include <chainrank/cr_alloc.h>

#include "core/core_internal.h"
#include "core/sbuf.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define pfail(d, ...) cr__json_fail(d, CR_EDATA, __VA_ARGS__)

/* Known keys, the CSV column each fills, and its range. */
typedef struct {
    const char *key, *column;
    int unit;   /* 1: in [0, 1] */
} numkey;

static const numkey top_nums[] = {{"lat", "lat", 0},       {"lon", "lon", 0},         {"output", "plant_output", 0},
                                  {"revenue", "revenue", 0}, {"employees", "employees", 0}, {"invest", "invest", 0},
                                  {"rd", "rd", 1}};
static const numkey need_keys[] = {{"land", "need_land", 0},     {"water", "need_water", 0}, {"power", "need_power", 0},
                                   {"workers", "need_workers", 0}, {"skilled", "need_skilled", 0}};
static const numkey int_keys[] = {{"co2", "co2_int", 0}, {"energy", "energy_int", 0}, {"water", "water_int", 0},
                                  {"pollutant", "pollutant_int", 0}};

/* CSV field: quoted, with "" for ". */
static void csv_text(cr__sbuf *b, const char *s)
{
    cr__sb_printf(b, "%c", '"');
    for (; *s; s++) {
        if (*s == '"') cr__sb_printf(b, "%c", '"');
        cr__sb_printf(b, "%c", *s);
    }
    cr__sb_printf(b, "%c", '"');
}

static cr_error_t number(const cr__json_doc *d, const cJSON *v, const char *path, int unit, double *out)
{
    if (!cJSON_IsNumber(v)) return pfail(d, path, "expected a number");
    double x = v->valuedouble;
    if (!isfinite(x)) return pfail(d, path, "expected a finite number");
    if (strcmp(path, "lat") && strcmp(path, "lon") && x < 0) return pfail(d, path, "expected a number >= 0, got %g", x);
    if (!strcmp(path, "lat") && (x < -90 || x > 90)) return pfail(d, path, "latitude must be in [-90, 90], got %g", x);
    if (!strcmp(path, "lon") && (x < -180 || x > 180)) return pfail(d, path, "longitude must be in [-180, 180], got %g", x);
    if (unit && x > 1) return pfail(d, path, "expected a share in [0, 1], got %g", x);
    *out = x;
    return CR_OK;
}

/* Plain text without control characters (a CSV field of its own). */
static cr_error_t text(const cr__json_doc *d, const cJSON *v, const char *path, int id)
{
    if (!cJSON_IsString(v) || !v->valuestring[0]) return pfail(d, path, "expected a non-empty string");
    for (const char *s = v->valuestring; *s; s++) {
        if ((unsigned char)*s < 0x20) return pfail(d, path, "control characters are not allowed");
        if (id && (*s == ';' || *s == ':' || *s == ',' || *s == '"'))
            return pfail(d, path, "an id may not hold ; : , or \"");
    }
    return CR_OK;
}

/* Fills cols[] (CSV columns) from an object of known numeric keys. */
static cr_error_t numbers(const cr__json_doc *d, const cJSON *obj, const char *name, const numkey *keys, size_t nk,
                          cr__sbuf *head, cr__sbuf *row)
{
    char path[128];
    if (!cJSON_IsObject(obj)) return pfail(d, name, "expected an object");
    for (const cJSON *it = obj->child; it; it = it->next) {
        snprintf(path, sizeof path, "%s.%s", name, it->string);
        size_t k = 0;
        while (k < nk && strcmp(keys[k].key, it->string)) k++;
        if (k == nk) {
            char known[256] = "";
            for (size_t j = 0; j < nk; j++) snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", j ? ", " : "", keys[j].key);
            return pfail(d, path, "unknown key (known: %s)", known);
        }
        double x;
        CR_CHECK(number(d, it, path, keys[k].unit, &x));
        cr__sb_printf(head, ",%s", keys[k].column);
        cr__sb_printf(row, ",%.17g", x);
    }
    return CR_OK;
}

cr_error_t cr_profile_parse(cr_ctx *ctx, const char *txt, size_t len, const char *source, char **csv, char **id)
{
    *csv = NULL;
    *id = NULL;
    cr__json_doc d = {ctx, source, txt, len};
    cJSON *root = NULL;
    CR_CHECK(cr__json_parse_doc(&d, &root));
    cr__sbuf head, row;
    memset(&head, 0, sizeof head);
    memset(&row, 0, sizeof row);
    cr_error_t rc = CR_OK;
    const char *pid = "PROFILE", *pname = NULL, *prov = "", *city = "";
    int have_seg = 0, have_lat = 0, have_lon = 0;
    if (!cJSON_IsObject(root)) { rc = pfail(&d, "", "a profile is a JSON object"); goto done; }
    for (const cJSON *it = root->child; it && rc == CR_OK; it = it->next) {
        const char *k = it->string;
        for (const cJSON *o = root->child; o != it; o = o->next)
            if (!strcmp(o->string, k)) { rc = pfail(&d, k, "key given twice"); break; }
        if (rc != CR_OK) break;
        size_t q = 0, nq = sizeof top_nums / sizeof *top_nums;
        while (q < nq && strcmp(top_nums[q].key, k)) q++;
        if (q < nq) {
            double x;
            if ((rc = number(&d, it, k, top_nums[q].unit, &x)) != CR_OK) break;
            cr__sb_printf(&head, ",%s", top_nums[q].column);
            cr__sb_printf(&row, ",%.17g", x);
            have_lat |= !strcmp(k, "lat");
            have_lon |= !strcmp(k, "lon");
        } else if (!strcmp(k, "id")) {
            if ((rc = text(&d, it, k, 1)) == CR_OK) pid = it->valuestring;
        } else if (!strcmp(k, "name")) {
            if ((rc = text(&d, it, k, 0)) == CR_OK) pname = it->valuestring;
        } else if (!strcmp(k, "province") || !strcmp(k, "city")) {
            if ((rc = text(&d, it, k, 0)) != CR_OK) break;
            if (!strcmp(k, "province")) prov = it->valuestring; else city = it->valuestring;
        } else if (!strcmp(k, "segments")) {
            /* {"segment id": share, ...}, shares in (0, 1] (their sum is the loader's check) */
            if (!cJSON_IsObject(it) || !it->child) { rc = pfail(&d, k, "expected an object {\"segment\": share, ...}"); break; }
            cr__sbuf seg;
            memset(&seg, 0, sizeof seg);
            char path[160];
            for (const cJSON *s = it->child; s && rc == CR_OK; s = s->next) {
                snprintf(path, sizeof path, "segments.%s", s->string);
                double x;
                if (!s->string[0] || strpbrk(s->string, ";:,\"")) rc = pfail(&d, path, "a segment id may not be empty or hold ; : , or \"");
                else if ((rc = number(&d, s, path, 1, &x)) == CR_OK && x <= 0) rc = pfail(&d, path, "a share must be > 0");
                else if (rc == CR_OK) cr__sb_printf(&seg, "%s%s:%.17g", s == it->child ? "" : ";", s->string, x);
            }
            if (rc == CR_OK) {
                cr__sb_printf(&head, ",segments");
                cr__sb_printf(&row, ",%s", (seg.s ? seg.s : ""));
                have_seg = 1;
            }
            free(seg.s);
        } else if (!strcmp(k, "needs")) {
            rc = numbers(&d, it, "needs", need_keys, sizeof need_keys / sizeof *need_keys, &head, &row);
        } else if (!strcmp(k, "intensities")) {
            rc = numbers(&d, it, "intensities", int_keys, sizeof int_keys / sizeof *int_keys, &head, &row);
        } else if (!strcmp(k, "tags")) {
            if (!cJSON_IsArray(it)) { rc = pfail(&d, k, "expected an array of strings"); break; }
            cr__sbuf tg;
            memset(&tg, 0, sizeof tg);
            int i = 0;
            char path[64];
            for (const cJSON *t = it->child; t && rc == CR_OK; t = t->next, i++) {
                snprintf(path, sizeof path, "tags[%d]", i);
                if ((rc = text(&d, t, path, 1)) == CR_OK) cr__sb_printf(&tg, "%s%s", i ? ";" : "", t->valuestring);
            }
            if (rc == CR_OK && i) {
                cr__sb_printf(&head, ",tags");
                cr__sb_printf(&row, ",%s", (tg.s ? tg.s : ""));
            }
            free(tg.s);
        } else {
            rc = pfail(&d, k, "unknown key (known: id, name, segments, lat, lon, output, needs, intensities, revenue, "
                              "employees, invest, rd, tags, province, city)");
        }
    }
    if (rc == CR_OK && !have_seg) rc = pfail(&d, "segments", "missing: the segments the project makes, {\"id\": share}");
    if (rc == CR_OK && !(have_lat && have_lon)) rc = pfail(&d, have_lat ? "lon" : "lat", "missing: the project's location (lat and lon)");
    if (rc == CR_OK) {
        cr__sbuf out;
        memset(&out, 0, sizeof out);
        /* province and city always (empty when not given): the loader needs a
         * text column in the extra rows wherever the file has it */
        cr__sb_printf(&out, "id,name,province,city%s\n", (head.s ? head.s : ""));
        csv_text(&out, pid);
        cr__sb_printf(&out, "%c", ',');
        csv_text(&out, pname ? pname : pid);
        cr__sb_printf(&out, "%c", ',');
        csv_text(&out, prov);
        cr__sb_printf(&out, "%c", ',');
        csv_text(&out, city);
        cr__sb_printf(&out, "%s\n", (row.s ? row.s : ""));
        *csv = out.oom || head.oom || row.oom ? NULL : cr__strdup(ctx, (out.s ? out.s : ""));
        *id = cr__strdup(ctx, pid);
        free(out.s);
        if (!*csv || !*id) {
            free(*csv); free(*id);
            *csv = *id = NULL;
            rc = CR_ENOMEM;
        }
    }
done:
    free(head.s);
    free(row.s);
    cJSON_Delete(root);
    return rc;
}
