/* Loader internals shared by the files of src/data/. */
#ifndef CR_DATA_LOAD_H
#define CR_DATA_LOAD_H

#include "data/fields.h"
#include <stdarg.h>

enum { CR__F_CHAINS = 0, CR__F_PARKS, CR__F_ENTERPRISES, CR__F_LINKS, CR__F_HISTORY, CR__F_ADMIN, CR__F_SITES, CR__F_LIKELIHOOD, CR__F_PROJECTS, CR__F_PROJECT_EVENTS, CR__F_HOLIDAYS, CR__NFILES };

typedef struct {
    char *name, *description, *synthetic;
    char *fields[3];                       /* synthetic, inferred, observed fields (flattened text) */
    char *file[CR__NFILES];      /* relative names from dataset.json; NULL = absent */
    char *doc[CR__NFILES];       /* doc_columns: the file's documentation-only columns, each followed by
                                    '\0', the list ended by an empty name; NULL = none declared */
} cr__manifest;

cr_error_t cr__load_manifest(cr__src *src, const char *dir, cr__manifest *m);
void cr__manifest_destroy(cr__manifest *m);
typedef struct cJSON cJSON;
cJSON *cr__json_parse(cr__src *src, const char *text, size_t len);
/* Reads path and parses it; *text NULL if unreadable (diagnostic added),
 * *root NULL if malformed (diagnostic added). Caller frees both. */
cr_error_t cr__json_load(cr__src *src, const char *path, char **text, size_t *len, cJSON **root);
cr_error_t cr__read_text(cr__src *src, const char *path, char **text, size_t *len);
void cr__json_diag(cr__src *src, const char *text, size_t len, const char *path, const char *fmt, ...) CR_PRINTF(5, 6);
/* Line and column of the value at path in text (0, 0 if absent), from an
 * index of text built on the first call and kept on src: linear in the text
 * however many values are located. */
void cr__json_pos(cr__src *src, const char *text, size_t len, const char *path, long *line, long *col);
/* Frees what cr__json_load returned and the index of text. */
void cr__json_release(cr__src *src, char *text, cJSON *root);

cr_error_t cr__load_chains(cr__src *src, const char *path, cr_dataset *ds);
cr_error_t cr__load_admin(cr__src *src, const char *path, cr_dataset *ds);
cr_error_t cr__load_parks_csv(cr__src *src, const char *path, cr_dataset *ds);
cr_error_t cr__load_parks_json(cr__src *src, const char *path, cr_dataset *ds);
/* park_ok: 0 if the parks file was unusable (suppresses "unknown park" cascades). */
cr_error_t cr__load_enterprises(cr__src *src, const char *path, cr_dataset *ds, const cr_load_params *lp,
                                int park_ok, int admin_present);
cr_error_t cr__load_links(cr__src *src, const char *path, cr_dataset *ds, int ent_ok);
/* enterprises.csv and links.csv of at least this many bytes are read on the
 * ctx's threads when it has two or more (load_csv.c "Rows on threads");
 * tests set 0 to take that path on small files. Not thread-safe: set it
 * before loading. */
void cr__load_set_par_min(size_t bytes);
/* Files whose rows were loaded on threads so far (tests: the path was taken). */
extern unsigned long cr__csv_par_merged;
cr_error_t cr__load_history(cr__src *src, const char *path, cr_dataset *ds, int ent_ok, int park_ok);
/* 1 if the current row has nheader fields, else a diagnostic and 0. */
int cr__check_width(cr__src *src, cr__csv *csv, size_t nheader);
/* The point of the current row from its lat (fl) and lon (fo) fields; see load_csv.c. */
void cr__csv_point(cr__src *src, cr__csv *csv, size_t fl, size_t fo, double *lat, double *lon, int *bad);
/* sites.csv rows, appended in input order (src/data/load_sites.c). */
cr_error_t cr__load_sites(cr__src *src, const char *path, cr_dataset *ds, int ent_ok, int park_ok);
/* After every file loaded cleanly: adds the `park` shorthand sites and builds
 * the per-enterprise CSR ordered by (since, input order). */
cr_error_t cr__sites_finish(cr_ctx *ctx, cr_dataset *ds);

/* Optional provenance columns shared by sites, history and links. */
typedef struct {
    int32_t last;          /* index of the previous row's source (rows repeat it) */
    size_t last_len;
    char last_s[64];
} cr__source_cache;
/* Interns a `source` text into ds->sources: -1 when empty. */
cr_error_t cr__source_field(cr__src *src, cr_dataset *ds, cr__source_cache *c, const char *s, size_t len, int32_t *out);
/* Parses a `basis` (empty = CR_BASIS_UNSTATED); on an unknown word adds a
 * diagnostic and returns -1. */
int cr__basis_field(cr__src *src, long line, long col, const char *s, size_t len);

/* One park record, from a CSV row or a JSON object: fields fetched by name as text. */
typedef struct cr__rec cr__rec;
typedef struct {
    const char *s;
    size_t len;
    long line, col;
    int present;
} cr__val;
typedef void (*cr__rec_get)(cr__rec *r, const char *key, cr__val *v);
cr_error_t cr__park_add(cr__src *src, cr_dataset *ds, cr__rec *r, cr__rec_get get, long line);

#endif

/* Projects (src/data/load_projects.c, projects_json.c): the columns, a field
 * getter shared by CSV rows and JSON objects, and the readers. */
enum { CR__PC_ID = 0, CR__PC_ENT, CR__PC_PARK, CR__PC_SEG, CR__PC_INVEST, CR__PC_FIXED, CR__PC_LAND_MU, CR__PC_LAND_HA,
       CR__PC_PLOT, CR__PC_JOBS, CR__PC_OUTPUT, CR__PC_TAX, CR__PC_ENERGY, CR__PC_WATER, CR__PC_CO2, CR__PC_POLL,
       CR__PC_START_DUE, CR__PC_COMPL_DUE, CR__PC_FOUNDED, CR__PC_BASIS, CR__PC_SOURCE, CR__PC_N };
extern const char *const cr__project_cols[CR__PC_N];
typedef struct { const char *s; size_t len; long line, col; } cr__pval;   /* s NULL or len 0: not given */
typedef void (*cr__pget)(void *rec, int col, cr__pval *v);
struct cr_projects;
cr_error_t cr__project_add(cr__src *src, const cr_dataset *ds, struct cr_projects *p, void *rec, cr__pget get, long line);
cr_error_t cr__load_projects(cr__src *src, const char *path, const cr_dataset *ds, struct cr_projects *p);
cr_error_t cr__load_projects_json(cr__src *src, const char *path, const cr_dataset *ds, struct cr_projects *p);
cr_error_t cr__load_project_events(cr__src *src, const char *path, struct cr_projects *p);
/* Events (project_events.csv rows, a JSON proposal's "events"): the fields, one row checker, and the
 * cross-row rules with the storing (load_projects.c). */
enum { CR__EC_PROJ = 0, CR__EC_DATE, CR__EC_STAGE, CR__EC_AMOUNT, CR__EC_BASIS, CR__EC_SOURCE, CR__EC_N };
extern const char *const cr__event_cols[CR__EC_N];
/* Events read, in input order. json: from a JSON file, the next event added is projects[jp].events[je]
 * (jp -1: a lone project object), which names its fields in the cross-row messages. */
typedef struct { void *rows; size_t n, cap; long seq; int json; int32_t jp, je; } cr__evbuf;
cr_error_t cr__event_add(cr__src *src, struct cr_projects *p, void *rec, cr__pget get, long line, const char *prefix,
                         int32_t proj, cr__evbuf *b);
cr_error_t cr__events_finish(cr__src *src, struct cr_projects *p, cr__evbuf *b, size_t before);
/* holidays.csv (manifest key holidays): the public holidays and adjusted working days of the ledger's
 * working-day rule (docs/projects.md). */
cr_error_t cr__load_holidays(cr__src *src, const char *path, cr_dataset *ds);
cr_error_t cr__projects_finish(cr_ctx *ctx, struct cr_projects *p);
