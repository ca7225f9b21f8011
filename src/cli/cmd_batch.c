/* chainrank batch DATASET --plan PLAN.json --out DIR [--resume] [--format csv|json|xlsx]
 *                 [--report] [--lang zh|en] [--outlines FILE|none]
 *
 * --report also writes each job's HTML report next to its list
 * (<park>.html, cr_report_write with the job's chain and scheme and at most
 * 20 targets) and DIR/index.html, every job with its top three targets and
 * a link to its report (docs/report.md).
 *
 * --lang sets both the reports' and the workbooks' language; left out it is zh
 * with --report (a department reads Chinese) and en otherwise.
 *
 * xlsx: one workbook per job, the same sheets as `rank --format xlsx` (docs/outputs.md); one file per
 * job keeps --resume and the index as they are, and the tidy CSV is what stacks.
 *
 * One file per (park, chain, scheme): DIR/<scheme file stem>/<chain>/<park>.<ext>,
 * names escaped by safe_name (injective, never "." or ".."),
 * each written to a temporary name and renamed, so an interrupted run
 * leaves only complete files; --resume skips those already there. The
 * summary DIR/index.csv is written last, also atomically. */
#include "cli.h"
#include "cli_mpi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    cr_ctx *ctx;
    cli_rank_env *env;
    const cr_scheme *const *schemes;
    char **stems;
    const cr_rank_job *jobs;
    size_t *orig;                /* batch job -> plan job */
    const char *outdir;
    cli_rank_format fmt;
    cr_lang lang;
    FILE *index;
    FILE *journal;               /* DIR/index.csv.journal: each row as soon as its list is committed (or NULL) */
    size_t done, total;
    /* --report */
    int report;
    const cr_report_outlines *outlines;
    cr_report_index_row *rows;   /* [plan jobs] in index order */
    int64_t *tops;               /* [plan jobs * 3] */
    char **hrefs;
    size_t nrows;
} batch_state;

/* Ids become path components, so the mapping must be injective (two ids never
 * share a file) and confined (no '/', never "." or ".."): every byte outside
 * [A-Za-z0-9._-] becomes %XX (so '%' itself is escaped and the mapping can be
 * undone), and so does a leading '.', which also keeps names from being
 * hidden files. Returns the length, or -1 when the escaped name does not fit
 * in n bytes or in one path component (NAME_MAX 255, minus room for ".json"
 * and the writer's ".tmp.<pid>" suffix). */
enum { SAFE_NAME_MAX = 255 - 5 - 16 };
static int safe_name(char *dst, size_t n, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = 0;
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                   (c == '.' && i > 0);
        if (k + (keep ? 1 : 3) >= n || k + (keep ? 1 : 3) > SAFE_NAME_MAX) {
            if (n) dst[0] = 0;
            return -1;
        }
        if (keep) dst[k++] = (char)c;
        else {
            dst[k++] = '%';
            dst[k++] = hex[c >> 4];
            dst[k++] = hex[c & 15];
        }
    }
    dst[k] = 0;
    return (int)k;
}

static int mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    return 0;
}

static const char *ext(cli_rank_format f) { return f == CLI_RANK_JSON ? "json" : f == CLI_RANK_XLSX ? "xlsx" : "csv"; }

/* Every id of the plan was checked by names_fit(), so the names fit here. */
static void job_path_ext(const batch_state *b, const cr_rank_job *j, char *buf, size_t n, const char *ext)
{
    char chain[SAFE_NAME_MAX + 1], park[SAFE_NAME_MAX + 1];
    safe_name(chain, sizeof chain, cr_dataset_chain_id(b->env->ds, j->chain));
    safe_name(park, sizeof park, cr_dataset_park_id(b->env->ds, j->park));
    snprintf(buf, n, "%s/%s/%s/%s.%s", b->outdir, b->stems[j->scheme], chain, park, ext);
}

static void job_path(const batch_state *b, const cr_rank_job *j, char *buf, size_t n, int dir_only)
{
    char chain[SAFE_NAME_MAX + 1], park[SAFE_NAME_MAX + 1];
    safe_name(chain, sizeof chain, cr_dataset_chain_id(b->env->ds, j->chain));
    safe_name(park, sizeof park, cr_dataset_park_id(b->env->ds, j->park));
    if (dir_only) snprintf(buf, n, "%s/%s/%s", b->outdir, b->stems[j->scheme], chain);
    else snprintf(buf, n, "%s/%s/%s/%s.%s", b->outdir, b->stems[j->scheme], chain, park, ext(b->fmt));
}

/* Refuses, before anything is written, an id whose file name would be too long. */
static cr_error_t names_fit(cr_ctx *ctx, const cr_dataset *ds, const char *planp, const cr_rank_plan *plan)
{
    char tmp[SAFE_NAME_MAX + 1];
    for (size_t i = 0; i < plan->njobs; i++) {
        const char *ids[2] = {cr_dataset_chain_id(ds, plan->jobs[i].chain), cr_dataset_park_id(ds, plan->jobs[i].park)};
        for (int k = 0; k < 2; k++)
            if (safe_name(tmp, sizeof tmp, ids[k]) < 0)
                return cr_ctx_fail(ctx, CR_EINVAL,
                                   "%s: job %zu: %s id '%.40s...' is too long for a file name (at most %d bytes once "
                                   "bytes outside [A-Za-z0-9._-] are written as %%XX)",
                                   planp, i + 1, k ? "park" : "chain", ids[k], SAFE_NAME_MAX);
    }
    return CR_OK;
}

/* One row of index.html: the job, its top three and its report's path. */
static int html_row(batch_state *b, const cr_rank_job *j, const cr_rank_result *res)
{
    if (!b->report) return 0;
    char path[4096];
    job_path_ext(b, j, path, sizeof path, "html");
    cr_report_index_row *r = &b->rows[b->nrows];
    int64_t *top = b->tops + 3 * b->nrows;
    if (!(b->hrefs[b->nrows] = strdup(path + strlen(b->outdir) + 1))) return -1;
    r->park = j->park;
    r->chain = j->chain;
    r->scheme = b->stems[j->scheme];
    r->href = b->hrefs[b->nrows];
    r->ncand = res ? res->ncand : 0;
    r->nranked = res ? res->nranked : 0;
    r->ntop = 0;
    for (int64_t i = 0; res && i < res->nrows && i < 3; i++) top[r->ntop++] = res->ent[i];
    r->top = top;
    b->nrows++;
    return 0;
}

/* One index row; a resumed list passes its restored values ("c,e,r,top,score"). */
static void row_text(const batch_state *b, const cr_rank_job *j, const cr_rank_result *res, const char *restored,
                     const char *status, char *row, size_t n)
{
    const cr_dataset *ds = b->env->ds;
    char path[4096], vals[512];
    job_path(b, j, path, sizeof path, 0);
    if (res && res->nrows)
        snprintf(vals, sizeof vals, "%lld,%lld,%lld,%s,%.17g", (long long)res->ncand, (long long)res->nexcluded,
                 (long long)res->nranked, cr_dataset_enterprise_id(ds, res->ent[0]), res->score[0]);
    else if (res)
        snprintf(vals, sizeof vals, "%lld,%lld,%lld,,", (long long)res->ncand, (long long)res->nexcluded,
                 (long long)res->nranked);
    else snprintf(vals, sizeof vals, "%s", restored ? restored : ",,,,");
    snprintf(row, n, "%s,%s,%s,%s,%s,%s\n", b->stems[j->scheme], cr_dataset_chain_id(ds, j->chain),
             cr_dataset_park_id(ds, j->park), vals, path + strlen(b->outdir) + 1, status);
}

static void index_row(batch_state *b, const cr_rank_job *j, const cr_rank_result *res, const char *restored,
                      const char *status)
{
    char row[8192];
    row_text(b, j, res, restored, status, row, sizeof row);
    fputs(row, b->index);
    if (b->journal) {   /* flushed per row: a killed run's journal has every list it completed */
        fputs(row, b->journal);
        fflush(b->journal);
    }
}

/* Job j's HTML report into fp (cr_report_write with the job's chain and scheme, at most 20
 * targets), on the calling thread: it lays out the panorama with igraph. */
static cr_error_t render_report(const batch_state *b, const cr_rank_job *j, const cr_rank_result *res, FILE *fp)
{
    cr_report_params rp;
    cr_report_params_default(&rp);
    rp.lang = b->lang;
    rp.park = j->park;
    rp.chains = &j->chain;
    rp.nchains = 1;
    rp.schemes = &b->schemes[j->scheme];
    rp.nschemes = 1;
    rp.top = res->nrows > 0 && res->nrows < 20 ? (int32_t)res->nrows : 20;
    rp.outlines = b->outlines;
    rp.index_href = "../../index.html";
    cr_world w = {b->env->ds, b->env->model, b->env->ranker};
    return cr_report_write(b->ctx, &w, &rp, fp);
}

/* chainrank-mpi, a rank other than 0: the job's report is rendered here and its bytes sent with
 * the result, so the reports are drawn in parallel and rank 0 only writes them. */
static int attach_report(void *user, size_t i, const cr_rank_result *res, char **extra, size_t *nextra)
{
    batch_state *b = user;
    *extra = NULL;
    *nextra = 0;
    if (!b->report) return 0;
    FILE *fp = open_memstream(extra, nextra);
    if (!fp) {
        cr_ctx_fail(b->ctx, CR_ENOMEM, "out of memory");
        return 1;
    }
    cr_error_t rc = render_report(b, &b->jobs[i], res, fp);
    if (fclose(fp) != 0 && rc == CR_OK) rc = cr_ctx_fail(b->ctx, CR_ENOMEM, "out of memory");
    if (rc != CR_OK) {
        free(*extra);
        *extra = NULL;
        return 1;
    }
    return 0;
}

/* Job j's list file: its path (its folder made; EEXIST from a worker that made it first is
 * success) and the environment of its scheme. 0, or 1 with the failure on ctx. */
static int list_target(const batch_state *b, cr_ctx *ctx, const cr_rank_job *j, char *path, size_t n,
                       cli_rank_env *env)
{
    char dir[4096];
    job_path(b, j, dir, sizeof dir, 1);
    job_path(b, j, path, n, 0);
    if (mkdirs(dir) != 0) {
        cr_ctx_fail(ctx, CR_EIO, "cannot create %s: %s", dir, strerror(errno));
        return 1;
    }
    *env = *b->env;
    env->scheme = b->schemes[j->scheme];
    return 0;
}

/* Job j's list, written to its temporary and renamed into place, all on the calling thread (a
 * workbook; a list no worker prepared; chainrank-mpi's rank 0); messages on ctx. */
static int write_list(const batch_state *b, cr_ctx *ctx, const cr_rank_job *j, const cr_rank_result *res)
{
    char path[4096];
    cli_rank_env env;
    if (list_target(b, ctx, j, path, sizeof path, &env) != 0) return 1;
    cli_out o;
    if (b->fmt == CLI_RANK_XLSX)   /* cr_workbook_write: also a temporary renamed into place */
        return cli_rank_workbook(ctx, "batch", &env, res, path, b->lang) != CLI_EXIT_OK;
    if (cli_out_open(&o, path, "batch") != CLI_EXIT_OK) {
        cr_ctx_fail(ctx, CR_EIO, "cannot write %s", path);
        return 1;
    }
    if (cli_rank_print(o.fp, ctx, &env, res, b->fmt, 0) != CLI_EXIT_OK) {
        cli_out_abort(&o);
        return 1;
    }
    if (cli_out_commit(&o, "batch") != CLI_EXIT_OK) {
        cr_ctx_fail(ctx, CR_EIO, "cannot write %s", path);
        return 1;
    }
    return 0;
}

/* What a worker did with a list (issue 19), for the calling thread, which finishes it in job
 * order: publishes the temporary the worker wrote and closed (rename), or writes the bytes it
 * formatted, or reports its failure when the job's turn comes, so the first failure in job order
 * wins with the same words as one thread (the lines cli_fail printed, then ctx's message) and no
 * list after it is published. */
enum { PREP_NONE = 0, PREP_FILE, PREP_BYTES };
typedef struct {
    int failed;
    cr_error_t rc;
    char *msg;        /* the worker ctx's message (malloc'd) */
    char *err;        /* the lines the failure printed (malloc'd, nerr bytes) or NULL */
    size_t nerr;
    int kind;         /* PREP_*: NONE, deliver writes the list itself */
    cli_out o;        /* PREP_FILE: written and closed, its temporary registered for signals */
    char *bytes;      /* PREP_BYTES: the list's bytes (malloc'd) */
    size_t nbytes;
} batch_prep;

static void prep_free(batch_prep *p)
{
    if (!p) return;
    if (p->kind == PREP_FILE) cli_out_abort(&p->o);   /* removes an unpublished temporary */
    free(p->bytes);
    free(p->msg);
    free(p->err);
    free(p);
}

/* The worker's part of job j's list: formatted into its temporary, which is closed (the write
 * checked) but not renamed. When the signal table is full (two waves of lists ahead of the
 * calling thread), the bytes are kept in memory instead, so every temporary on disk is one a
 * signal removes. 0, or 1 with the failure on ctx. */
static int prepare_list(const batch_state *b, cr_ctx *ctx, const cr_rank_job *j, const cr_rank_result *res,
                        batch_prep *p)
{
    char path[4096];
    cli_rank_env env;
    if (list_target(b, ctx, j, path, sizeof path, &env) != 0) return 1;
    cli_out o;
    if (cli_out_open(&o, path, "batch") != CLI_EXIT_OK) {
        cr_ctx_fail(ctx, CR_EIO, "cannot write %s", path);
        return 1;
    }
    if (o.file.tmp && !o.slot) {   /* not removable on a signal: in memory, written on delivery */
        cli_out_abort(&o);
        FILE *m = open_memstream(&p->bytes, &p->nbytes);
        if (!m) return 0;   /* PREP_NONE: deliver writes it */
        if (cli_rank_print(m, ctx, &env, res, b->fmt, 0) != CLI_EXIT_OK) {
            fclose(m);
            return 1;
        }
        if (fclose(m) == 0) p->kind = PREP_BYTES;
        return 0;
    }
    if (cli_rank_print(o.fp, ctx, &env, res, b->fmt, 0) != CLI_EXIT_OK) {
        cli_out_abort(&o);
        return 1;
    }
    if (cli_out_close(&o, "batch") != CLI_EXIT_OK) {
        cli_out_abort(&o);
        cr_ctx_fail(ctx, CR_EIO, "cannot write %s", path);
        return 1;
    }
    p->o = o;
    p->kind = PREP_FILE;
    return 0;
}

/* cr_rank_batch_hooks.prepare, on the worker that ranked job i (CSV and JSON; a workbook is
 * written on the calling thread, as before). NULL: deliver writes the list. */
static void *prepare(void *user, int thread, cr_ctx *ctx, size_t i, const cr_rank_result *res)
{
    (void)thread;
    const batch_state *b = user;
    if (b->fmt == CLI_RANK_XLSX) return NULL;
    batch_prep *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    cr_ctx_clear(ctx);
    cli_err_capture_begin();
    p->failed = prepare_list(b, ctx, &b->jobs[i], res, p);
    p->err = cli_err_capture_end(&p->nerr);
    if (p->failed) {
        p->rc = cr_ctx_errcode(ctx);
        p->msg = strdup(cr_ctx_errmsg(ctx));
    }
    return p;
}

static void discard(void *user, size_t i, void *prep)
{
    (void)user;
    (void)i;
    prep_free(prep);
}

/* The calling thread's part of job i's list, in job order: publish or write what the worker
 * prepared (or the whole list when it did not), or tell the worker's failure. */
static int finish_list(batch_state *b, const cr_rank_job *j, const cr_rank_result *res, batch_prep *p)
{
    char path[4096];
    job_path(b, j, path, sizeof path, 0);
    if (p && p->failed) {
        if (p->err) fwrite(p->err, 1, p->nerr, stderr);
        if (p->rc != CR_OK) cr_ctx_fail(b->ctx, p->rc, "%s", p->msg ? p->msg : cr_strerror(p->rc));
        return 1;
    }
    if (!p || p->kind == PREP_NONE) return write_list(b, b->ctx, j, res);
    cli_out o;
    if (p->kind == PREP_FILE) {
        o = p->o;
        p->kind = PREP_NONE;   /* o owns the temporary now */
    } else if (cli_out_open(&o, path, "batch") != CLI_EXIT_OK) {
        cr_ctx_fail(b->ctx, CR_EIO, "cannot write %s", path);
        return 1;
    } else fwrite(p->bytes, 1, p->nbytes, o.fp);   /* an error shows at the commit */
    if (cli_out_commit(&o, "batch") != CLI_EXIT_OK) {
        cr_ctx_fail(b->ctx, CR_EIO, "cannot write %s", path);
        return 1;
    }
    return 0;
}

/* Job i's list, report and index rows, on the calling thread in job order. prep: what a worker
 * did with the list (NULL: nothing). html: the report's bytes when another rank rendered them
 * (chainrank-mpi), else NULL and it is rendered here. */
static int deliver_prepared(void *user, size_t i, const cr_rank_result *res, const char *html, size_t nhtml,
                            batch_prep *prep)
{
    batch_state *b = user;
    const cr_rank_job *j = &b->jobs[i];
    const int failed = finish_list(b, j, res, prep);
    prep_free(prep);
    if (failed) return 1;
    cli_out o;
    if (b->report) {
        char hpath[4096];
        job_path_ext(b, j, hpath, sizeof hpath, "html");
        if (cli_out_open(&o, hpath, "batch") != CLI_EXIT_OK) {
            cr_ctx_fail(b->ctx, CR_EIO, "cannot write %s", hpath);
            return 1;
        }
        int bad = html ? fwrite(html, 1, nhtml, o.fp) != nhtml : render_report(b, j, res, o.fp) != CR_OK;
        if (bad && html) cr_ctx_fail(b->ctx, CR_EIO, "cannot write %s", hpath);
        if (bad) {
            cli_out_abort(&o);
            return 1;
        }
        if (cli_out_commit(&o, "batch") != CLI_EXIT_OK) {
            cr_ctx_fail(b->ctx, CR_EIO, "cannot write %s", hpath);
            return 1;
        }
        if (html_row(b, j, res) != 0) {
            cr_ctx_fail(b->ctx, CR_ENOMEM, "out of memory");
            return 1;
        }
    }
    index_row(b, j, res, NULL, "written");
    b->done++;
    return 0;
}

static int deliver(void *user, size_t i, const cr_rank_result *res, const char *html, size_t nhtml)
{
    return deliver_prepared(user, i, res, html, nhtml, NULL);
}

/* cr_rank_batch_hooks.deliver */
static int deliver_hook(void *user, size_t i, const cr_rank_result *res, void *prep)
{
    return deliver_prepared(user, i, res, NULL, 0, prep);
}

typedef struct {
    const char *dir, *planp, *outdir, *outlines, *lang_s;
    int resume, report, progress_mode;
    cli_rank_format fmt;
} batch_opts;

/* --format: csv, json or xlsx (a batch writes files: no table) */
static int opt_format(const char *cmd, const char *v, void *o)
{
    batch_opts *op = o;
    int code = cli_rank_format_parse(cmd, v, &op->fmt);
    if (code == CLI_EXIT_OK && op->fmt == CLI_RANK_TABLE) return cli_usage(cmd, "--format must be csv, json or xlsx");
    return code;
}

static const cli_opt batch_opt[] = {
    CLI_STR("--plan", batch_opts, planp, "PLAN.json", "the jobs (required; docs/model.md \"Batch\")"),
    CLI_STR("--out", batch_opts, outdir, "DIR", "folder for the lists and index.csv (required)"),
    CLI_FLAG("--resume", batch_opts, resume, 1, "keep the lists a killed run finished (default: off)"),
    CLI_VALUE("--format", opt_format, "F", "csv, json or xlsx, one file per job (default csv; docs/outputs.md)"),
    CLI_FLAG("--report", batch_opts, report, 1,
             "also each job's HTML report and DIR/index.html (default: off; docs/report.md)"),
    CLI_STR("--outlines", batch_opts, outlines, "FILE",
            "map outlines of the reports, or none (default: DATASET/../geo/cn_cities.json when present)"),
    CLI_STR("--lang", batch_opts, lang_s, "L",
            "language of the reports and workbooks, zh or en (default zh with --report, else en)"),
    CLI_PROGRESS_OPTS(batch_opts, progress_mode),
    CLI_OPT_END};
const cli_optspec cli_spec_batch = {.cmd = "batch", .opts = batch_opt, .pos_off = offsetof(batch_opts, dir),
                                    .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_batch(int argc, char **argv, cr_ctx *ctx)
{
    batch_opts op = {.fmt = CLI_RANK_CSV};
    int code = cli_opts_parse(&cli_spec_batch, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cr_report_outlines *ol = NULL;
    cli_rank_format fmt = op.fmt;
    cr_lang lang;
    if (cli_mpi_rank() != 0) op.progress_mode = -1;   /* chainrank-mpi: rank 0 draws the bar */
    if (!op.dir) return cli_usage("batch", "missing DATASET");
    if (!op.planp) return cli_usage("batch", "missing --plan PLAN.json");
    if (!op.outdir) return cli_usage("batch", "missing --out DIR");
    if ((code = cli_lang_parse("batch", op.lang_s, fmt == CLI_RANK_XLSX || op.report, &lang)) != CLI_EXIT_OK) return code;
    if (!op.lang_s && op.report) lang = CR_LANG_ZH;

    if (op.report && (code = cli_report_outlines(ctx, "batch", op.dir, op.outlines, &ol)) != CLI_EXIT_OK) return code;
    cli_rank_env env;
    if ((code = cli_rank_prepare(ctx, "batch", op.dir, &env)) != CLI_EXIT_OK) {
        cr_report_outlines_free(ol);
        return code;
    }
    cr_rank_plan *plan = NULL;
    cr_scheme **schemes = NULL;
    char **stems = NULL;
    cr_rank_job *todo = NULL;
    cr_report_index_row *rows = NULL;
    int64_t *tops = NULL;
    char **hrefs = NULL;
    cli_out idx = {0}, hidx = {0};
    int idx_open = 0;
    batch_restore *restore = NULL;
    unsigned char *run_mask = NULL;   /* [plan jobs] 1: ranked in this run (0: resumed) */
    FILE **journal_fp = NULL;   /* &b.journal once b exists (closed, kept, on failure) */
    cr_error_t rc = cr_rank_plan_load(ctx, op.planp, env.ds, &plan);
    if (rc != CR_OK) goto fail;
    schemes = calloc(plan->nschemes + 1, sizeof *schemes);
    stems = calloc(plan->nschemes + 1, sizeof *stems);
    todo = malloc((plan->njobs + 1) * sizeof *todo);
    if (!schemes || !stems || !todo) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
    for (size_t i = 0; i < plan->nschemes; i++) {
        if ((rc = cr_scheme_load(ctx, plan->schemes[i], &schemes[i])) != CR_OK) goto fail;
        const char *base = strrchr(plan->schemes[i], '/');
        base = base ? base + 1 : plan->schemes[i];
        char stem[SAFE_NAME_MAX + 1];
        if (safe_name(stem, sizeof stem, base) < 0) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "%s: scheme file name '%.40s...' is too long for a folder name", op.planp, base);
            goto fail;
        }
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem && !strcmp(dot, ".json")) *dot = 0;
        if (!(stems[i] = strdup(stem))) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(stems[j], stems[i])) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "%s: schemes %s and %s would write to the same folder '%s'", op.planp,
                                 plan->schemes[j], plan->schemes[i], stems[i]);
                goto fail;
            }
    }
    if ((rc = names_fit(ctx, env.ds, op.planp, plan)) != CR_OK) goto fail;
    /* chainrank-mpi: every rank has the plan, the schemes and the ranker; only rank 0 touches DIR */
    const int root = cli_mpi_rank() == 0;
    if (root && mkdirs(op.outdir) != 0) { rc = cr_ctx_fail(ctx, CR_EIO, "cannot create %s: %s", op.outdir, strerror(errno)); goto fail; }
    batch_state b = {ctx, &env, (const cr_scheme *const *)schemes, stems, todo, NULL, op.outdir, fmt, lang, NULL, NULL, 0, 0,
                     op.report, ol, NULL, NULL, NULL, 0};
    if (op.report) {
        rows = calloc(plan->njobs + 1, sizeof *rows);
        tops = calloc(3 * plan->njobs + 1, sizeof *tops);
        hrefs = calloc(plan->njobs + 1, sizeof *hrefs);
        if (!rows || !tops || !hrefs) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
        b.rows = rows;
        b.tops = tops;
        b.hrefs = hrefs;
    }
    char ipath[4096], jpath[4096];
    snprintf(ipath, sizeof ipath, "%s/index.csv", op.outdir);
    snprintf(jpath, sizeof jpath, "%s/index.csv.journal", op.outdir);
    size_t ntodo = 0, skipped = 0;
    if (!(run_mask = calloc(plan->njobs + 1, 1))) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
    if (root) {
        if (op.resume) {
            size_t nstale = batch_clean_stale(op.outdir);
            if (nstale) fprintf(stderr, "chainrank: batch: removed %zu temporary file%s of interrupted runs\n", nstale,
                                nstale == 1 ? "" : "s");
            restore = batch_restore_load(op.outdir);
        }
        if ((code = cli_out_open(&idx, ipath, "batch")) != CLI_EXIT_OK) goto out;
        idx_open = 1;
        b.index = idx.fp;
        fprintf(idx.fp, "scheme,chain,park,candidates,excluded,ranked,top_id,top_score,file,status\n");
        for (size_t i = 0; i < plan->njobs; i++) {
            char path[4096];
            b.jobs = &plan->jobs[i];
            job_path(&b, &plan->jobs[i], path, sizeof path, 0);
            struct stat st;
            char hpath[4096];
            job_path_ext(&b, &plan->jobs[i], hpath, sizeof hpath, "html");
            const char *vals = op.resume && stat(path, &st) == 0 && (!op.report || stat(hpath, &st) == 0)
                                   ? batch_restore_find(restore, path + strlen(op.outdir) + 1)
                                   : NULL;
            if (vals) {
                if (html_row(&b, &plan->jobs[i], NULL) != 0) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
                index_row(&b, &plan->jobs[i], NULL, vals, "resumed");
                skipped++;
                continue;
            }
            todo[ntodo++] = plan->jobs[i];   /* also a list whose row is lost: ranked again, the same bytes */
            run_mask[i] = 1;
        }
        /* the journal starts with the resumed rows, so a resume of an
         * interrupted resume still finds them; it is opened only now, after
         * the earlier journal was read */
        b.journal = fopen(jpath, "w");
        journal_fp = &b.journal;
        for (size_t i = 0; b.journal && i < plan->njobs; i++) {
            char path[4096], hpath[4096], row[8192];
            job_path(&b, &plan->jobs[i], path, sizeof path, 0);
            job_path_ext(&b, &plan->jobs[i], hpath, sizeof hpath, "html");
            const char *vals = batch_restore_find(restore, path + strlen(op.outdir) + 1);
            struct stat st;
            /* the same test as above: a list resumed, not ranked again */
            if (!op.resume || !vals || stat(path, &st) != 0 || (op.report && stat(hpath, &st) != 0)) continue;
            row_text(&b, &plan->jobs[i], NULL, vals, "resumed", row, sizeof row);
            fputs(row, b.journal);
        }
        if (b.journal) fflush(b.journal);
    }
    /* chainrank-mpi: every rank got here (or the run stops on every rank with the first failing
     * rank's message); the other ranks learn from rank 0 which lists --resume keeps */
    if ((code = cli_mpi_agree(CLI_EXIT_OK)) != CLI_EXIT_OK) goto out;
    if (!root && !op.resume) memset(run_mask, 1, plan->njobs);
    if (op.resume) cli_mpi_bcast(run_mask, plan->njobs);
    for (size_t i = 0; !root && i < plan->njobs; i++)
        if (run_mask[i]) todo[ntodo++] = plan->jobs[i];
    b.jobs = todo;
    b.total = ntodo;
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = plan->top;
    o.want_excluded = fmt == CLI_RANK_XLSX;   /* the workbook's excluded sheet */
    /* the library reports each delivered list; the bar shows only on a terminal unless forced */
    cli_progress bar;
    cli_progress_init(&bar, "batch", op.progress_mode);
    cr_ctx_set_progress(ctx, cli_progress_cb, &bar);
    cli_mpi_batch_io io = {deliver, attach_report, &b, &bar, {prepare, deliver_hook, discard, &b}};
    rc = cli_mpi_rank_batch(ctx, env.ranker, (const cr_scheme *const *)schemes, todo, ntodo, &o, &io);
    cr_ctx_set_progress(ctx, NULL, NULL);
    cli_progress_end(&bar);
    if (!root) {   /* rank 0 reports, and writes the index */
        code = CLI_EXIT_OK;
        goto out;
    }
    if (rc != CR_OK) goto fail;
    idx_open = 0;
    if ((code = cli_out_commit(&idx, "batch")) != CLI_EXIT_OK) goto out;
    if (op.report) {
        char hpath[4096];
        snprintf(hpath, sizeof hpath, "%s/index.html", op.outdir);
        if ((code = cli_out_open(&hidx, hpath, "batch")) != CLI_EXIT_OK) goto out;
        if ((rc = cr_report_index_write(ctx, env.ds, lang, rows, b.nrows, hidx.fp)) != CR_OK) {
            cli_out_abort(&hidx);
            goto fail;
        }
        if ((code = cli_out_commit(&hidx, "batch")) != CLI_EXIT_OK) goto out;
    }
    if (b.journal) {   /* index.csv is complete: the journal is no longer needed */
        fclose(b.journal);
        b.journal = NULL;
        unlink(jpath);
    }
    fprintf(stderr, "chainrank: batch: %zu lists written, %zu already there (resumed); index %s\n", ntodo, skipped, ipath);
    code = CLI_EXIT_OK;
    goto out;
fail:
    code = cli_fail(ctx, "batch", rc);
out:
    if (journal_fp && *journal_fp) fclose(*journal_fp);
    batch_restore_free(restore);
    free(run_mask);
    if (idx_open) cli_out_abort(&idx);
    if (schemes)
        for (size_t i = 0; plan && i < plan->nschemes; i++) cr_scheme_free(schemes[i]);
    if (stems)
        for (size_t i = 0; plan && i < plan->nschemes; i++) free(stems[i]);
    free(schemes);
    free(stems);
    free(todo);
    if (hrefs)
        for (size_t i = 0; plan && i < plan->njobs; i++) free(hrefs[i]);
    free(hrefs);
    free(rows);
    free(tops);
    cr_report_outlines_free(ol);
    cr_rank_plan_free(plan);
    cli_rank_release(&env);
    return code;
}
