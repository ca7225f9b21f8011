/* Orchestrates loading a dataset folder: manifest, then chains, admin, parks,
 * enterprises, links, history, sites, in dependency order. Every problem becomes a
 * diagnostic; the dataset is returned only if there were none. */
#include "data/load.h"
#include "data/dataset_visit.h"
#include "snapshot/snapshot.h"
#include "data/projects.h"
#include <chainrank/cr_likely.h>
#include "core/core_internal.h"
#include "io/json_locate.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

const char *const cr__res_names[CR_NRES] = {"land", "water", "power", "labour", "skilled"};
const char *const cr__env_names[CR_NENV] = {"co2", "energy", "pollutant"};

void cr_load_params_default(cr_load_params *p)
{
    p->share_tolerance = 1e-3;
    p->skip_likelihood = 0;
    p->extra_enterprises = NULL;
    p->extra_source = NULL;
}

static void join(char *out, size_t cap, const char *dir, const char *file)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    snprintf(out, cap, "%.*s/%s", (int)n, dir, file);
}

/* ---- parks from JSON: each object's values are turned into text so the CSV
 * path's checks apply unchanged. */
typedef struct cr__rec {
    const cJSON *obj;
    const char *text;
    size_t len;
    long line, col;
    char buf[16][512];
    int nbuf;
    int index;
} json_rec;

static void json_get(cr__rec *r_, const char *key, cr__val *v)
{
    json_rec *r = (json_rec *)(void *)r_;
    memset(v, 0, sizeof *v);
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->obj, key);
    if (!it || cJSON_IsNull(it)) return;
    v->present = 1;
    v->line = r->line;
    v->col = r->col;
    char *b = r->buf[r->nbuf++ % 16];
    if (cJSON_IsString(it)) {
        v->s = it->valuestring;
        v->len = strlen(it->valuestring);
    } else if (cJSON_IsNumber(it)) {
        snprintf(b, 512, "%.17g", it->valuedouble);
        v->s = b;
        v->len = strlen(b);
    } else if (cJSON_IsArray(it)) {
        size_t n = 0;
        const cJSON *x;
        b[0] = '\0';
        cJSON_ArrayForEach(x, it) {
            const char *s = cJSON_IsString(x) ? x->valuestring : "?";
            int w = snprintf(b + n, 512 - n, "%s%s", n ? ";" : "", s);
            if (w < 0 || (size_t)w >= 512 - n) break;
            n += (size_t)w;
        }
        v->s = b;
        v->len = n;
    } else {
        v->s = "?";
        v->len = 1;
    }
}

cr_error_t cr__load_parks_json(cr__src *src, const char *path, cr_dataset *ds)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    CR_CHECK(cr__json_load(src, path, &text, &len, &root));
    if (!text) return CR_OK;
    cr_error_t rc = CR_OK;
    json_rec *r = cr__calloc(src->ctx, 1, sizeof *r);
    if (!r) { rc = CR_ENOMEM; goto done; }
    const cJSON *parks = root ? cJSON_GetObjectItemCaseSensitive(root, "parks") : NULL;
    if (root && !cJSON_IsArray(parks)) cr__json_diag(src, text, len, "parks", "missing or not a list");
    const cJSON *p;
    int i = 0;
    cJSON_ArrayForEach(p, parks) {
        char path_[64];
        snprintf(path_, sizeof path_, "parks[%d]", i);
        r->obj = p;
        r->index = i++;
        r->line = 0;
        r->col = 0;
        cr__json_pos(src, text, len, path_, &r->line, &r->col);
        if (!cJSON_IsObject(p)) { cr__json_diag(src, text, len, path_, "expected an object"); continue; }
        if ((rc = cr__park_add(src, ds, (cr__rec *)(void *)r, json_get, r->line)) != CR_OK) break;
    }
    if (root && cJSON_IsArray(parks) && i == 0) cr__json_diag(src, text, len, "parks", "no park defined");
done:
    free(r);
    cr__json_release(src, text, root);
    return rc != CR_OK ? rc : src->rc;
}

/* A FIFO or device would block fopen or stream forever, and a folder reads
 * as an error only later: only regular files are read. */
static int readable(cr__src *src, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        cr__diagf(src, 0, 0, "file", "%s", S_ISDIR(st.st_mode) ? "is a directory, not a file" : "not a regular file (a FIFO, device or socket)");
        return 0;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        cr__diagf(src, 0, 0, "file", "cannot open: %s", strerror(errno));
        return 0;
    }
    fclose(fp);
    return 1;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* Loads one manifest entry if present and readable; *ok = no new diagnostics. */
static cr_error_t load_one(cr__src *src, const cr__manifest *m, const char *dir, int f, int *ok,
                           cr_error_t (*fn)(cr__src *, const char *, void *), void *arg)
{
    char path[4096];
    *ok = 0;
    if (!m->file[f]) return CR_OK;
    join(path, sizeof path, dir, m->file[f]);
    free(src->owned);
    src->owned = cr__strdup(src->ctx, path);
    if (!src->owned) return CR_ENOMEM;
    src->file = src->owned;
    src->rc = CR_OK;
    size_t before = cr_ctx_ndiag_total(src->ctx);
    if (!readable(src, path)) return CR_OK;
    src->doc_cols = m->doc[f];
    cr_error_t rc = fn(src, path, arg);
    src->doc_cols = NULL;
    CR_CHECK(rc);
    *ok = cr_ctx_ndiag_total(src->ctx) == before;
    return CR_OK;
}

typedef struct {
    cr_dataset *ds;
    const cr_load_params *lp;
    const cr__manifest *m;
    int park_ok, ent_ok;
} load_arg;

static cr_error_t do_chains(cr__src *s, const char *p, void *a) { return cr__load_chains(s, p, ((load_arg *)a)->ds); }
static cr_error_t do_admin(cr__src *s, const char *p, void *a) { return cr__load_admin(s, p, ((load_arg *)a)->ds); }
static cr_error_t do_parks(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return ends_with(p, ".json") ? cr__load_parks_json(s, p, l->ds) : cr__load_parks_csv(s, p, l->ds);
}
static cr_error_t do_ents(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return cr__load_enterprises(s, p, l->ds, l->lp, l->park_ok, l->m->file[CR__F_ADMIN] != NULL);
}
static cr_error_t do_links(cr__src *s, const char *p, void *a) { return cr__load_links(s, p, ((load_arg *)a)->ds, ((load_arg *)a)->ent_ok); }
static cr_error_t do_hist(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return cr__load_history(s, p, l->ds, l->ent_ok, l->park_ok);
}
static cr_error_t do_sites(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return cr__load_sites(s, p, l->ds, l->ent_ok, l->park_ok);
}

/* The fitted likelihood model: its parser's message becomes one diagnostic
 * ("file:line:col: key: message" is already its form). */
static cr_error_t do_likely(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    cr_error_t rc = cr_likely_model_load(s->ctx, p, &l->ds->likely);
    if (rc == CR_ENOMEM) return rc;
    if (rc != CR_OK) {
        const char *msg = cr_ctx_errmsg(s->ctx);
        long line = 0, col = 0;
        int used = 0;
        size_t n = strlen(p);
        char field[64] = "model";
        if (!strncmp(msg, p, n) && msg[n] == ':' && sscanf(msg + n, ":%ld:%ld: %n", &line, &col, &used) == 2 && used) {
            msg += n + used;
            const char *colon = strstr(msg, ": ");
            if (colon && (size_t)(colon - msg) < sizeof field) {
                memcpy(field, msg, (size_t)(colon - msg));
                field[colon - msg] = 0;
                msg = colon + 2;
            }
        }
        cr__diagf(s, line, col, field, "%s", msg);
    }
    return CR_OK;
}

/* Projects after everything they refer to; events after their projects. */
static cr_error_t do_projects(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    if (!l->ds->projects && !(l->ds->projects = cr__calloc(s->ctx, 1, sizeof *l->ds->projects))) return CR_ENOMEM;
    return cr__load_projects(s, p, l->ds, l->ds->projects);
}
static cr_error_t do_project_events(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return cr__load_project_events(s, p, l->ds->projects);
}
static cr_error_t do_holidays(cr__src *s, const char *p, void *a)
{
    load_arg *l = a;
    return cr__load_holidays(s, p, l->ds);
}

/* The parts a snapshot does not hold, read from their files after it is
 * mapped (they are small, and their files are in its fingerprint): the
 * likelihood model, projects and project events, the same steps and checks
 * as below. */
cr_error_t cr__dataset_load_extras(cr_ctx *ctx, const char *dir, cr_dataset *ds)
{
    char mpath[4096];
    join(mpath, sizeof mpath, dir, "dataset.json");
    cr__src src = {ctx, mpath, CR_OK, NULL, NULL, NULL, NULL};
    cr__manifest m;
    size_t diags0 = cr_ctx_ndiag_total(ctx);
    cr_error_t rc = cr__load_manifest(&src, dir, &m);
    load_arg la = {ds, NULL, &m, 1, 1};
    cr_load_params lp;
    cr_load_params_default(&lp);
    la.lp = &lp;
    int ok;
    if (rc == CR_OK) rc = load_one(&src, &m, dir, CR__F_LIKELIHOOD, &ok, do_likely, &la);
    if (rc == CR_OK && m.file[CR__F_PROJECTS] && cr_ctx_ndiag_total(ctx) == diags0) {
        if ((rc = load_one(&src, &m, dir, CR__F_PROJECTS, &ok, do_projects, &la)) == CR_OK && ok && ds->projects)
            rc = load_one(&src, &m, dir, CR__F_PROJECT_EVENTS, &ok, do_project_events, &la);
        if (rc == CR_OK && ds->projects) rc = cr__projects_finish(ctx, ds->projects);
    }
    free(src.owned);
    cr__json_index_free(src.jidx);
    cr__manifest_destroy(&m);
    if (rc == CR_OK && cr_ctx_ndiag_total(ctx) > diags0) {
        size_t n = cr_ctx_ndiag_total(ctx) - diags0;
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: %zu problem%s found", dir, n, n == 1 ? "" : "s");
    }
    return rc;
}

/* Opens from the snapshot when the ctx allows it, params are the defaults
 * and the snapshot is fresh (src/snapshot, docs/snapshot.md); otherwise, or
 * when that fails, reads the files. */
cr_error_t cr_dataset_load(cr_ctx *ctx, const char *dir, const cr_load_params *params, cr_dataset **out)
{
    *out = NULL;
    if (cr__snapshot_applies(ctx, params)) {
        cr_error_t rc = cr__snapshot_open(ctx, dir, out, NULL, NULL);
        if (rc != CR_OK || *out) return rc;
    }
    return cr__dataset_load_files(ctx, dir, params, out);
}

cr_error_t cr__dataset_load_files(cr_ctx *ctx, const char *dir, const cr_load_params *params, cr_dataset **out)
{
    *out = NULL;
    cr_load_params lp;
    if (params) lp = *params; else cr_load_params_default(&lp);
    cr_dataset *ds = cr__calloc(ctx, 1, sizeof *ds);
    if (!ds) return CR_ENOMEM;
    size_t diags0 = cr_ctx_ndiag_total(ctx);
    char mpath[4096];
    join(mpath, sizeof mpath, dir, "dataset.json");
    cr__src src = {ctx, mpath, CR_OK, NULL, NULL, NULL, NULL};
    cr__manifest m;
    cr_error_t rc = cr__load_manifest(&src, dir, &m);
    if (rc != CR_OK) goto done;
    ds->dir = cr__strdup(ctx, dir);
    ds->name = m.name ? m.name : cr__strdup(ctx, "");
    ds->description = m.description;
    ds->synthetic = m.synthetic;
    m.name = m.description = m.synthetic = NULL;
    for (int q = 0; q < 3; q++) { ds->fields[q] = m.fields[q]; m.fields[q] = NULL; }
    /* Dependency order: chains, admin, parks, enterprises, links, history, sites.
     * A file that failed suppresses "unknown id" checks against it in later
     * files, so one broken file does not bury the report in cascades. */
    load_arg la = {ds, &lp, &m, 0, 0};
    int ok;
    if ((rc = load_one(&src, &m, dir, CR__F_CHAINS, &ok, do_chains, &la)) != CR_OK) goto done;
    if ((rc = load_one(&src, &m, dir, CR__F_ADMIN, &ok, do_admin, &la)) != CR_OK) goto done;
    if ((rc = load_one(&src, &m, dir, CR__F_PARKS, &ok, do_parks, &la)) != CR_OK) goto done;
    la.park_ok = ds->npark > 0;
    if ((rc = load_one(&src, &m, dir, CR__F_ENTERPRISES, &ok, do_ents, &la)) != CR_OK) goto done;
    la.ent_ok = ds->nent > 0;
    if ((rc = load_one(&src, &m, dir, CR__F_LINKS, &ok, do_links, &la)) != CR_OK) goto done;
    if ((rc = load_one(&src, &m, dir, CR__F_HISTORY, &ok, do_hist, &la)) != CR_OK) goto done;
    if ((rc = load_one(&src, &m, dir, CR__F_SITES, &ok, do_sites, &la)) != CR_OK) goto done;
    if (!lp.skip_likelihood && (rc = load_one(&src, &m, dir, CR__F_LIKELIHOOD, &ok, do_likely, &la)) != CR_OK)
        goto done;
    if (m.file[CR__F_PROJECT_EVENTS] && !m.file[CR__F_PROJECTS]) {
        src.file = mpath;
        cr__diagf(&src, 0, 0, "project_events", "project events need a projects file (manifest key projects)");
    }
    /* projects need clean enterprises and parks (their ids); events need clean projects */
    if (la.ent_ok && la.park_ok && cr_ctx_ndiag_total(ctx) == diags0) {
        if ((rc = load_one(&src, &m, dir, CR__F_PROJECTS, &ok, do_projects, &la)) != CR_OK) goto done;
        if (ok && ds->projects && (rc = load_one(&src, &m, dir, CR__F_PROJECT_EVENTS, &ok, do_project_events, &la)) != CR_OK)
            goto done;
        if (ds->projects && (rc = cr__projects_finish(ctx, ds->projects)) != CR_OK) goto done;
    }
    if ((rc = load_one(&src, &m, dir, CR__F_HOLIDAYS, &ok, do_holidays, &la)) != CR_OK) goto done;
done:
    free(src.owned);
    cr__json_index_free(src.jidx);   /* released with each file already; defensive */
    cr__manifest_destroy(&m);
    if (rc == CR_OK && cr_ctx_ndiag_total(ctx) > diags0) {
        size_t n = cr_ctx_ndiag_total(ctx) - diags0;
        rc = cr_ctx_fail(ctx, CR_EDATA, "%s: %zu problem%s found", dir, n, n == 1 ? "" : "s");
    }
    if (rc != CR_OK) {
        cr_dataset_free(ds);
        return rc;
    }
    if (!ds->park_chain_off) ds->park_chain_off = cr__calloc(ctx, 1, sizeof *ds->park_chain_off);
    if (!ds->ent_seg_off) ds->ent_seg_off = cr__calloc(ctx, 1, sizeof *ds->ent_seg_off);
    if (!ds->park_chain_off || !ds->ent_seg_off) { cr_dataset_free(ds); return CR_ENOMEM; }
    if ((rc = cr__sites_finish(ctx, ds)) != CR_OK) { cr_dataset_free(ds); return rc; }
    *out = ds;
    return CR_OK;
}
