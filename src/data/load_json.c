/* JSON parts of a dataset: the manifest, the chains file and a JSON parks file.
 * cJSON keeps its parse-error position in a static, so this runs on the
 * loading thread only. */
#include "data/load.h"
#include "io/json.h"
#include "core/core_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

cr_error_t cr__read_text(cr__src *src, const char *path, char **text, size_t *len)
{
    *text = NULL;
    struct stat st;   /* never open a FIFO or device: it would block or never end */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        cr__diagf(src, 0, 0, "file", "%s", S_ISDIR(st.st_mode) ? "is a directory, not a file" : "not a regular file (a FIFO, device or socket)");
        return CR_OK;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp) {   /* a diagnostic, not a failure: validation lists every missing file */
        cr__diagf(src, 0, 0, "file", "cannot open: %s", strerror(errno));
        return CR_OK;
    }
    cr_error_t rc = cr_read_stream(src->ctx, fp, path, "file", text, len);
    fclose(fp);
    return rc;
}

/* Parses text; on a syntax error adds a diagnostic at the error position. */
cJSON *cr__json_parse(cr__src *src, const char *text, size_t len)
{
    size_t skip = (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
                   (unsigned char)text[2] == 0xBF) ? 3 : 0;
    if (len - skip == 0) {
        cr__diagf(src, 1, 1, "json", "empty file");
        return NULL;
    }
    cJSON *root;
    cr__json_err e;
    cr__json_status st = cr__json_parse_text(text + skip, len - skip, 1, &root, &e);
    if (st != CR__JSON_OK) {
        if (skip && e.line == 1) e.col++;   /* the BOM has always counted as a column */
        cr__diagf(src, e.line, e.col, "json", "%s", st == CR__JSON_INVALID ? e.why : "malformed JSON");
    }
    return root;
}

cr_error_t cr__json_load(cr__src *src, const char *path, char **text, size_t *len, cJSON **root)
{
    *root = NULL;
    CR_CHECK(cr__read_text(src, path, text, len));
    if (*text) *root = cr__json_parse(src, *text, *len);
    return CR_OK;
}

void cr__json_pos(cr__src *src, const char *text, size_t len, const char *path, long *line, long *col)
{
    *line = *col = 0;
    if (src->jtext != text) {
        cr__json_index_free(src->jidx);
        src->jidx = cr__json_index_build(text, len);
        src->jtext = src->jidx ? text : NULL;
    }
    if (src->jidx) cr__json_index_find(src->jidx, path, line, col);
    else cr__json_locate(text, len, path, line, col);   /* out of memory for the index: slower, same answer */
}

void cr__json_release(cr__src *src, char *text, cJSON *root)
{
    if (src->jtext && src->jtext == text) {
        cr__json_index_free(src->jidx);
        src->jidx = NULL;
        src->jtext = NULL;
    }
    cJSON_Delete(root);
    free(text);
}

void cr__json_diag(cr__src *src, const char *text, size_t len, const char *path, const char *fmt, ...)
{
    long line = 0, col = 0;
    if (text) cr__json_pos(src, text, len, path, &line, &col);
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cr__diagf(src, line, col, *path ? path : "json", "%s", buf);
}

/* ---- manifest ---------------------------------------------------------- */

static const char *const manifest_files[] = {"chains", "parks", "enterprises", "links", "history", "admin", "sites",
                                             "likelihood_model", "projects", "project_events", "holidays"};

cr_error_t cr__load_manifest(cr__src *src, const char *dir, cr__manifest *m)
{
    memset(m, 0, sizeof *m);
    char path[4096];
    snprintf(path, sizeof path, "%s/dataset.json", dir);
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    CR_CHECK(cr__json_load(src, path, &text, &len, &root));
    if (!text) return CR_OK;
    cr_error_t rc = CR_OK;
    if (!root) goto done;
    if (!cJSON_IsObject(root)) {
        cr__json_diag(src, text, len, "", "expected a JSON object");
        goto done;
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt)) cr__json_diag(src, text, len, "format", "missing or not a string (expected \"chainrank-dataset/1\")");
    else if (strcmp(fmt->valuestring, "chainrank-dataset/1") != 0)
        cr__json_diag(src, text, len, "format", "unsupported format '%s' (expected \"chainrank-dataset/1\")", fmt->valuestring);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (!cJSON_IsString(name)) cr__json_diag(src, text, len, "name", "missing or not a string");
    else m->name = cr__strdup(src->ctx, name->valuestring);
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
    m->description = cr__strdup(src->ctx, cJSON_IsString(desc) ? desc->valuestring : "");
    for (size_t i = 0; i < sizeof manifest_files / sizeof *manifest_files; i++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(root, manifest_files[i]);
        int required = i < 3;
        if (!f) {
            if (required) {
                long line = 0, col = 0;
                cr__json_pos(src, text, len, "", &line, &col);
                cr__diagf(src, line, col, manifest_files[i], "missing required key");
            }
            continue;
        }
        if (!cJSON_IsString(f) || !*f->valuestring || strstr(f->valuestring, "..")) {
            cr__json_diag(src, text, len, manifest_files[i], "expected a file name inside the dataset folder");
            continue;
        }
        m->file[i] = cr__strdup(src->ctx, f->valuestring);
    }
    char syn[256] = "";
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "synthetic");
    if (s) {
        if (!cJSON_IsArray(s)) cr__json_diag(src, text, len, "synthetic", "expected a list of file keys");
        const cJSON *it;
        int k = 0;
        cJSON_ArrayForEach(it, s) {
            char p[64];
            snprintf(p, sizeof p, "synthetic[%d]", k++);
            if (!cJSON_IsString(it)) { cr__json_diag(src, text, len, p, "expected a string"); continue; }
            size_t n = strlen(syn);
            snprintf(syn + n, sizeof syn - n, "%s%s", n ? "," : "", it->valuestring);
        }
    }
    m->synthetic = cr__strdup(src->ctx, syn);
    /* which fields of which files are synthetic / inferred / observed
     * ({"parks": ["land", ...], ...}): shown by validate, never used to compute */
    static const char *const fkeys[3] = {"synthetic_fields", "inferred_fields", "observed_fields"};
    for (int q = 0; q < 3; q++) {
        const cJSON *fo = cJSON_GetObjectItemCaseSensitive(root, fkeys[q]);
        if (!fo) continue;
        if (!cJSON_IsObject(fo)) {
            cr__json_diag(src, text, len, fkeys[q], "expected an object {\"FILE KEY\": [\"field\", ...]}");
            continue;
        }
        char buf[2048] = "";
        for (const cJSON *f = fo->child; f; f = f->next) {
            char p[96];
            snprintf(p, sizeof p, "%s.%s", fkeys[q], f->string);
            if (!cJSON_IsArray(f)) { cr__json_diag(src, text, len, p, "expected a list of field names"); continue; }
            size_t n = strlen(buf);
            snprintf(buf + n, sizeof buf - n, "%s%s:", n ? "; " : "", f->string);
            const cJSON *it;
            int k = 0;
            cJSON_ArrayForEach(it, f) {
                if (!cJSON_IsString(it)) continue;
                n = strlen(buf);
                snprintf(buf + n, sizeof buf - n, "%s%s", k++ ? ", " : " ", it->valuestring);
            }
        }
        m->fields[q] = cr__strdup(src->ctx, buf);
    }
    /* doc_columns ({"enterprises": ["note", ...], ...}): columns a file carries for its readers, not for
     * chainrank; the header check neither warns about them nor lets one be declared that is not there */
    const cJSON *dc = cJSON_GetObjectItemCaseSensitive(root, "doc_columns");
    if (dc && !cJSON_IsObject(dc)) cr__json_diag(src, text, len, "doc_columns", "expected an object {\"FILE KEY\": [\"column\", ...]}");
    for (const cJSON *f = dc && cJSON_IsObject(dc) ? dc->child : NULL; f; f = f->next) {
        char p[96];
        snprintf(p, sizeof p, "doc_columns.%s", f->string);
        size_t i = 0;
        while (i < CR__NFILES && strcmp(manifest_files[i], f->string)) i++;
        if (i == CR__NFILES) { cr__json_diag(src, text, len, p, "unknown file key"); continue; }
        if (!cJSON_IsArray(f)) { cr__json_diag(src, text, len, p, "expected a list of column names"); continue; }
        size_t n = 1, k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, f) n += cJSON_IsString(it) ? strlen(it->valuestring) + 1 : 0;
        char *list = calloc(n, 1);
        if (!list) { rc = cr_ctx_fail(src->ctx, CR_ENOMEM, "out of memory"); goto done; }
        int q = 0;
        cJSON_ArrayForEach(it, f) {
            char pq[128];
            snprintf(pq, sizeof pq, "%s[%d]", p, q++);
            if (!cJSON_IsString(it) || !*it->valuestring) { cr__json_diag(src, text, len, pq, "expected a column name"); continue; }
            size_t l = strlen(it->valuestring) + 1;
            memcpy(list + k, it->valuestring, l);
            k += l;
        }
        free(m->doc[i]);
        m->doc[i] = list;
    }
done:
    cr__json_release(src, text, root);
    if (src->rc != CR_OK) rc = src->rc;
    return rc;
}

void cr__manifest_destroy(cr__manifest *m)
{
    free(m->name);
    free(m->description);
    free(m->synthetic);
    for (int q = 0; q < 3; q++) free(m->fields[q]);
    for (int i = 0; i < CR__NFILES; i++) {
        free(m->file[i]);
        free(m->doc[i]);
    }
}

/* ---- chains ------------------------------------------------------------ */

static int get_string(cr__src *src, const char *text, size_t len, const cJSON *obj, const char *key,
                      const char *path, int required, const char **out)
{
    char p[256];
    snprintf(p, sizeof p, "%s.%s", path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v) {
        if (required) cr__json_diag(src, text, len, path, "missing required key '%s'", key);
        return !required;
    }
    if (!cJSON_IsString(v)) {
        cr__json_diag(src, text, len, p, "expected a string");
        return 0;
    }
    *out = v->valuestring;
    return 1;
}

static int valid_id(const char *s)
{
    if (!*s || s[0] == ' ' || s[strlen(s) - 1] == ' ') return 0;
    return strpbrk(s, ";:,\"\n\r") == NULL;
}

cr_error_t cr__load_chains(cr__src *src, const char *path, cr_dataset *ds)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    CR_CHECK(cr__json_load(src, path, &text, &len, &root));
    if (!text) return CR_OK;
    cr_ctx *ctx = src->ctx;
    cr_error_t rc = CR_OK;
    char p[256];
    if (!root) goto done;
    if (!cJSON_IsObject(root)) {
        cr__json_diag(src, text, len, "", "expected a JSON object with 'segments' and 'chains'");
        goto done;
    }
    const cJSON *segs = cJSON_GetObjectItemCaseSensitive(root, "segments");
    const cJSON *chains = cJSON_GetObjectItemCaseSensitive(root, "chains");
    if (!cJSON_IsArray(segs)) { cr__json_diag(src, text, len, "segments", "missing or not a list"); goto done; }
    if (!cJSON_IsArray(chains)) { cr__json_diag(src, text, len, "chains", "missing or not a list"); goto done; }

    int nseg = cJSON_GetArraySize(segs);
    ds->seg_cat = cr__calloc(ctx, (size_t)nseg, sizeof *ds->seg_cat);
    ds->seg_needs = cr__calloc(ctx, (size_t)nseg, sizeof *ds->seg_needs);
    ds->seg_co2_bench = cr__calloc(ctx, (size_t)nseg, sizeof *ds->seg_co2_bench);
    if (!ds->seg_cat || !ds->seg_needs || !ds->seg_co2_bench) { rc = CR_ENOMEM; goto done; }
    int32_t general;
    if ((rc = cr__strtab_intern(ctx, &ds->cats, "general", 7, &general, NULL)) != CR_OK) goto done;
    const cJSON *s;
    int i = 0;
    cJSON_ArrayForEach(s, segs) {
        snprintf(p, sizeof p, "segments[%d]", i++);
        if (!cJSON_IsObject(s)) { cr__json_diag(src, text, len, p, "expected an object"); continue; }
        const char *id, *name, *cat = NULL, *sector = NULL;
        if (!get_string(src, text, len, s, "id", p, 1, &id) || !id) continue;
        char pid[300];
        snprintf(pid, sizeof pid, "%s.id", p);
        if (!valid_id(id)) { cr__json_diag(src, text, len, pid, "invalid id '%s' (empty, or holds ; : , quote or edge spaces)", id); continue; }
        if (cr__strtab_find(&ds->seg_id, id, strlen(id)) >= 0) {
            cr__json_diag(src, text, len, pid, "duplicate segment id '%s'", id);
            continue;
        }
        get_string(src, text, len, s, "name", p, 1, &name);
        get_string(src, text, len, s, "category", p, 0, &cat);
        get_string(src, text, len, s, "sector", p, 0, &sector);
        int32_t k;
        if ((rc = cr__strtab_intern(ctx, &ds->seg_id, id, strlen(id), &k, NULL)) != CR_OK) goto done;
        if ((rc = cr__strpool_add(ctx, &ds->seg_name, name ? name : "", name ? strlen(name) : 0)) != CR_OK) goto done;
        if ((rc = cr__strpool_add(ctx, &ds->seg_sector, sector ? sector : "", sector ? strlen(sector) : 0)) != CR_OK) goto done;
        ds->seg_cat[k] = general;
        ds->seg_co2_bench[k] = NAN;
        if (cat) {
            int b = cr__dict_bit(src, &ds->cats, "categories", 0, 0, "category", cat, strlen(cat));
            if (b >= 0) ds->seg_cat[k] = b;
        }
        const cJSON *needs = cJSON_GetObjectItemCaseSensitive(s, "needs");
        if (needs) {
            snprintf(pid, sizeof pid, "%s.needs", p);
            if (!cJSON_IsArray(needs)) cr__json_diag(src, text, len, pid, "expected a list of strings");
            const cJSON *nd;
            int j = 0;
            cJSON_ArrayForEach(nd, needs) {
                char pn[320];
                snprintf(pn, sizeof pn, "%s[%d]", pid, j++);
                if (!cJSON_IsString(nd)) { cr__json_diag(src, text, len, pn, "expected a string"); continue; }
                int b = cr__dict_bit(src, &ds->endow, "endowments", 0, 0, pn, nd->valuestring, strlen(nd->valuestring));
                if (b >= 0) ds->seg_needs[k] |= (uint64_t)1 << b;
            }
        }
        const cJSON *bench = cJSON_GetObjectItemCaseSensitive(s, "co2_benchmark");
        if (bench) {
            snprintf(pid, sizeof pid, "%s.co2_benchmark", p);
            if (!cJSON_IsNumber(bench) || !isfinite(bench->valuedouble) || bench->valuedouble < 0)
                cr__json_diag(src, text, len, pid, "expected a number >= 0");
            else ds->seg_co2_bench[k] = bench->valuedouble;
        }
    }
    ds->nseg = (int32_t)cr__strtab_size(&ds->seg_id);

    int nch = cJSON_GetArraySize(chains);
    size_t nmem = 0, nedge = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, chains) {
        nmem += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "segments"));
        nedge += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "edges"));
    }
    ds->mem_off = cr__calloc(ctx, (size_t)nch + 1, sizeof *ds->mem_off);
    ds->edge_off = cr__calloc(ctx, (size_t)nch + 1, sizeof *ds->edge_off);
    ds->mem_seg = cr__calloc(ctx, nmem, sizeof *ds->mem_seg);
    ds->mem_stage = cr__calloc(ctx, nmem, sizeof *ds->mem_stage);
    ds->mem_key = cr__calloc(ctx, nmem, sizeof *ds->mem_key);
    ds->edge_from = cr__calloc(ctx, nedge, sizeof *ds->edge_from);
    ds->edge_to = cr__calloc(ctx, nedge, sizeof *ds->edge_to);
    ds->edge_coef = cr__calloc(ctx, nedge, sizeof *ds->edge_coef);
    int32_t *pos = cr__calloc(ctx, (size_t)ds->nseg + 1, sizeof *pos);   /* segment -> member slot in this chain, or -1 */
    if (!ds->mem_off || !ds->edge_off || !ds->mem_seg || !ds->mem_stage || !ds->mem_key || !ds->edge_from ||
        !ds->edge_to || !ds->edge_coef || !pos) { free(pos); rc = CR_ENOMEM; goto done; }
    size_t mi = 0, ei = 0;
    int32_t nk = 0;
    i = 0;
    cJSON_ArrayForEach(c, chains) {
        snprintf(p, sizeof p, "chains[%d]", i++);
        if (!cJSON_IsObject(c)) { cr__json_diag(src, text, len, p, "expected an object"); continue; }
        const char *id, *name;
        if (!get_string(src, text, len, c, "id", p, 1, &id) || !id) continue;
        char pid[300];
        snprintf(pid, sizeof pid, "%s.id", p);
        if (!valid_id(id)) { cr__json_diag(src, text, len, pid, "invalid id '%s'", id); continue; }
        if (cr__strtab_find(&ds->chain_id, id, strlen(id)) >= 0) {
            cr__json_diag(src, text, len, pid, "duplicate chain id '%s'", id);
            continue;
        }
        get_string(src, text, len, c, "name", p, 1, &name);
        int32_t k;
        if ((rc = cr__strtab_intern(ctx, &ds->chain_id, id, strlen(id), &k, NULL)) != CR_OK) { free(pos); goto done; }
        if ((rc = cr__strpool_add(ctx, &ds->chain_name, name ? name : "", name ? strlen(name) : 0)) != CR_OK) { free(pos); goto done; }
        for (int32_t q = 0; q < ds->nseg; q++) pos[q] = -1;
        const cJSON *mem = cJSON_GetObjectItemCaseSensitive(c, "segments");
        snprintf(pid, sizeof pid, "%s.segments", p);
        if (!cJSON_IsArray(mem) || cJSON_GetArraySize(mem) == 0)
            cr__json_diag(src, text, len, mem ? pid : p, mem ? "expected a non-empty list" : "missing required key 'segments'");
        const cJSON *m;
        int j = 0;
        cJSON_ArrayForEach(m, mem) {
            char pm[320];
            snprintf(pm, sizeof pm, "%s[%d]", pid, j++);
            const char *sid, *stage;
            if (!cJSON_IsObject(m)) { cr__json_diag(src, text, len, pm, "expected an object"); continue; }
            if (!get_string(src, text, len, m, "id", pm, 1, &sid) || !sid) continue;
            int32_t sg = cr__strtab_find(&ds->seg_id, sid, strlen(sid));
            char pf[340];
            snprintf(pf, sizeof pf, "%s.id", pm);
            if (sg < 0) { cr__json_diag(src, text, len, pf, "unknown segment '%s'", sid); continue; }
            if (pos[sg] >= 0) { cr__json_diag(src, text, len, pf, "segment '%s' listed twice in chain '%s'", sid, id); continue; }
            if (!get_string(src, text, len, m, "stage", pm, 1, &stage) || !stage) continue;
            int st = !strcmp(stage, "upstream") ? 0 : !strcmp(stage, "midstream") ? 1 : !strcmp(stage, "downstream") ? 2 : -1;
            snprintf(pf, sizeof pf, "%s.stage", pm);
            if (st < 0) { cr__json_diag(src, text, len, pf, "unknown stage '%s' (upstream, midstream or downstream)", stage); continue; }
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(m, "key");
            snprintf(pf, sizeof pf, "%s.key", pm);
            if (key && !cJSON_IsBool(key)) cr__json_diag(src, text, len, pf, "expected true or false");
            pos[sg] = (int32_t)mi;
            ds->mem_seg[mi] = sg;
            ds->mem_stage[mi] = (int8_t)st;
            ds->mem_key[mi] = cJSON_IsTrue(key) ? 1 : 0;
            mi++;
        }
        const cJSON *edges = cJSON_GetObjectItemCaseSensitive(c, "edges");
        snprintf(pid, sizeof pid, "%s.edges", p);
        if (edges && !cJSON_IsArray(edges)) cr__json_diag(src, text, len, pid, "expected a list");
        const cJSON *e;
        j = 0;
        size_t e0 = ei;
        cJSON_ArrayForEach(e, edges) {
            char pe[320], pf[340];
            snprintf(pe, sizeof pe, "%s[%d]", pid, j++);
            if (!cJSON_IsObject(e)) { cr__json_diag(src, text, len, pe, "expected an object"); continue; }
            const char *from, *to;
            int okf = get_string(src, text, len, e, "from", pe, 1, &from);
            int okt = get_string(src, text, len, e, "to", pe, 1, &to);
            if (!okf || !okt || !from || !to) continue;
            int32_t a = cr__strtab_find(&ds->seg_id, from, strlen(from));
            int32_t b = cr__strtab_find(&ds->seg_id, to, strlen(to));
            int bad = 0;
            snprintf(pf, sizeof pf, "%s.from", pe);
            if (a < 0 || pos[a] < 0) { cr__json_diag(src, text, len, pf, a < 0 ? "unknown segment '%s'" : "segment '%s' is not a member of this chain", from); bad = 1; }
            snprintf(pf, sizeof pf, "%s.to", pe);
            if (b < 0 || pos[b] < 0) { cr__json_diag(src, text, len, pf, b < 0 ? "unknown segment '%s'" : "segment '%s' is not a member of this chain", to); bad = 1; }
            const cJSON *coef = cJSON_GetObjectItemCaseSensitive(e, "coef");
            snprintf(pf, sizeof pf, "%s.coef", pe);
            if (!coef) { cr__json_diag(src, text, len, pe, "missing required key 'coef'"); bad = 1; }
            else if (!cJSON_IsNumber(coef) || !isfinite(coef->valuedouble) || coef->valuedouble <= 0 || coef->valuedouble > 1) {
                cr__json_diag(src, text, len, pf, "technical coefficient must be a number in (0, 1]");
                bad = 1;
            }
            if (bad) continue;
            for (size_t q = e0; q < ei; q++)
                if (ds->edge_from[q] == a && ds->edge_to[q] == b) {
                    cr__json_diag(src, text, len, pe, "duplicate edge %s -> %s", from, to);
                    bad = 1;
                    break;
                }
            if (bad) continue;
            ds->edge_from[ei] = a;
            ds->edge_to[ei] = b;
            ds->edge_coef[ei] = coef->valuedouble;
            ei++;
        }
        /* Input-output consistency: the coefficients into a buyer are its
         * inputs per unit of output, so their sum must stay below 1 (positive
         * value added; Hawkins-Simon). Checked per chain on the edges given. */
        for (size_t q = e0; q < ei; q++) {
            int32_t b = ds->edge_to[q];
            int first = 1;
            double sum = 0;
            for (size_t r = e0; r < ei; r++) {
                if (ds->edge_to[r] != b) continue;
                if (r < q) { first = 0; break; }
                sum += ds->edge_coef[r];
            }
            if (first && sum >= 1)
                cr__json_diag(src, text, len, pid, "technical coefficients into segment '%s' sum to %.6g; they must sum to less than 1",
                              cr__strtab_get(&ds->seg_id, (size_t)b), sum);
        }
        nk++;
        ds->mem_off[nk] = (int64_t)mi;
        ds->edge_off[nk] = (int64_t)ei;
    }
    free(pos);
    ds->nchain = nk;
    if (nk == 0 && nch == 0) cr__json_diag(src, text, len, "chains", "no chain defined");
done:
    cr__json_release(src, text, root);
    if (rc == CR_OK && src->rc != CR_OK) rc = src->rc;
    return rc;
}
