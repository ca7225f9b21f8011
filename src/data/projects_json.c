/* Proposals as JSON (`chainrank vet --project P.json`): one project object,
 * or {"projects": [ {...}, ... ]}, with the keys of projects.csv; numbers as
 * JSON numbers or strings. Each value is turned into text and goes through
 * the CSV path's row checker (cr__project_add), so the rules and messages are
 * the same; positions are found by re-scanning the text (cr__json_locate,
 * O(text) a field: proposal files are small). */
#include "data/load.h"
#include "core/core_internal.h"
#include "io/json_locate.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const cJSON *obj;
    const char *text;
    size_t len;
    char prefix[48];
    char buf[CR__PC_N][64];
} jrec;

static void jget(void *rec, int c, cr__pval *v)
{
    jrec *r = rec;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->obj, cr__project_cols[c]);
    if (!it || cJSON_IsNull(it)) return;
    char path[96];
    snprintf(path, sizeof path, "%s%s", r->prefix, cr__project_cols[c]);
    cr__json_locate(r->text, r->len, path, &v->line, &v->col);
    if (cJSON_IsString(it)) {
        v->s = it->valuestring;
        v->len = strlen(it->valuestring);
    } else if (cJSON_IsNumber(it)) {
        snprintf(r->buf[c], sizeof r->buf[c], "%.17g", it->valuedouble);
        v->s = r->buf[c];
        v->len = strlen(r->buf[c]);
    } else {
        v->s = "(not a string or number)";
        v->len = strlen(v->s);
    }
}

cr_error_t cr__load_projects_json(cr__src *src, const char *path, const cr_dataset *ds, struct cr_projects *p)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    CR_CHECK(cr__json_load(src, path, &text, &len, &root));
    if (!text) return CR_OK;
    cr_error_t rc = CR_OK;
    jrec *r = cr__calloc(src->ctx, 1, sizeof *r);
    if (!r) { rc = CR_ENOMEM; goto done; }
    r->text = text;
    r->len = len;
    if (!root) goto done;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "projects");
    if (cJSON_IsObject(root) && !list) {
        long line = 1, col = 1;
        cr__json_locate(text, len, "", &line, &col);
        r->obj = root;
        rc = cr__project_add(src, ds, p, r, jget, line);
        goto done;
    }
    if (!cJSON_IsArray(list)) {
        cr__json_diag(src, text, len, cJSON_IsObject(root) ? "projects" : "",
                      "expected a project object or {\"projects\": [...]}");
        goto done;
    }
    const cJSON *it;
    int i = 0;
    cJSON_ArrayForEach(it, list) {
        char ip[48];
        snprintf(ip, sizeof ip, "projects[%d]", i++);
        if (!cJSON_IsObject(it)) { cr__json_diag(src, text, len, ip, "expected an object"); continue; }
        long line = 0, col = 0;
        cr__json_locate(text, len, ip, &line, &col);
        snprintf(r->prefix, sizeof r->prefix, "%s.", ip);
        r->obj = it;
        if ((rc = cr__project_add(src, ds, p, r, jget, line)) != CR_OK) break;
    }
done:
    free(r);
    cJSON_Delete(root);
    free(text);
    return rc != CR_OK ? rc : src->rc;
}
