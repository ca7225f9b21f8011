/* Proposals as JSON (`chainrank vet --project P.json`): one project object,
 * or {"projects": [ {...}, ... ]}, with the keys of projects.csv; numbers as
 * JSON numbers or strings. Each value is turned into text and goes through
 * the CSV path's row checker (cr__project_add), so the rules and messages are
 * the same; positions are found by re-scanning the text (cr__json_locate,
 * O(text) a field: proposal files are small). A project may carry "events":
 * an array of objects with the fields of project_events.csv ("project"
 * optional, and then its own id), checked by the events file's row checker
 * (cr__event_add) and cross-row rules (cr__events_finish), the field named by
 * its JSON path ("projects[0].events[1].stage") in messages. */
#include "data/load.h"
#include "data/projects.h"
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
    const char *const *names;   /* cr__project_cols or cr__event_cols */
    char prefix[80];
    char buf[CR__PC_N][64];
} jrec;

static void jget(void *rec, int c, cr__pval *v)
{
    jrec *r = rec;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->obj, r->names[c]);
    if (!it || cJSON_IsNull(it)) return;
    char path[128];
    snprintf(path, sizeof path, "%s%s", r->prefix, r->names[c]);
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

/* One proposal object at JSON path ip ("" for a lone object; else "projects[i]", i = jp): the project, then
 * its events. */
static cr_error_t add_one(cr__src *src, const cr_dataset *ds, struct cr_projects *p, jrec *r, const cJSON *obj,
                          const char *ip, int32_t jp, long line, cr__evbuf *evs)
{
    const int64_t n0 = p->n;
    snprintf(r->prefix, sizeof r->prefix, "%s%s", ip, *ip ? "." : "");
    r->obj = obj;
    r->names = cr__project_cols;
    cr_error_t rc = cr__project_add(src, ds, p, r, jget, line);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(obj, "events");
    if (rc != CR_OK || !ev || p->n == n0) return rc;   /* a bad project: its events are not read */
    char ep[96];
    snprintf(ep, sizeof ep, "%sevents", r->prefix);
    if (!cJSON_IsArray(ev)) {
        cr__json_diag(src, r->text, r->len, ep, "expected an array of events");
        return src->rc;
    }
    const cJSON *it;
    int k = 0;
    cJSON_ArrayForEach(it, ev) {
        char kp[112];
        snprintf(kp, sizeof kp, "%s[%d]", ep, k++);
        if (!cJSON_IsObject(it)) { cr__json_diag(src, r->text, r->len, kp, "expected an event object"); continue; }
        long el = 0, ec = 0;
        cr__json_locate(r->text, r->len, kp, &el, &ec);
        jrec er = *r;   /* the same text, the event's fields */
        er.obj = it;
        er.names = cr__event_cols;
        snprintf(er.prefix, sizeof er.prefix, "%s.", kp);
        evs->json = 1;
        evs->jp = jp;
        evs->je = k - 1;
        if ((rc = cr__event_add(src, p, &er, jget, el, er.prefix, (int32_t)(p->n - 1), evs)) != CR_OK) return rc;
    }
    return src->rc;
}

cr_error_t cr__load_projects_json(cr__src *src, const char *path, const cr_dataset *ds, struct cr_projects *p)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    CR_CHECK(cr__json_load(src, path, &text, &len, &root));
    if (!text) return CR_OK;
    cr_error_t rc = CR_OK;
    cr__evbuf evs = {0};
    const size_t before = cr_ctx_ndiag_total(src->ctx);
    jrec *r = cr__calloc(src->ctx, 1, sizeof *r);
    if (!r) { rc = CR_ENOMEM; goto done; }
    r->text = text;
    r->len = len;
    if (!root) goto done;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "projects");
    if (cJSON_IsObject(root) && !list) {
        long line = 1, col = 1;
        cr__json_locate(text, len, "", &line, &col);
        rc = add_one(src, ds, p, r, root, "", -1, line, &evs);
        goto events;
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
        if ((rc = add_one(src, ds, p, r, it, ip, i - 1, line, &evs)) != CR_OK) break;
    }
events:   /* the proposals' events: ordered and checked as an events file's */
    if (rc == CR_OK && evs.n) rc = cr__events_finish(src, p, &evs, before);
done:
    free(evs.rows);
    free(r);
    cr__json_release(src, text, root);   /* also the position index a diagnostic built */
    return rc != CR_OK ? rc : src->rc;
}
