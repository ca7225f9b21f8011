/* The chainrank CLI: a thin client of the library. Each command lives in its
 * own cmd_<name>.c, parses its arguments, calls cr_*, prints, and returns an
 * exit code from cli_exit_code(). */
#ifndef CR_CLI_H
#define CR_CLI_H

#include <chainrank/chainrank.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes (documented in README.md and docs/cli.md). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_INTERNAL = 1,   /* bug, out of memory, dependency failure */
    CLI_EXIT_USAGE = 2,      /* bad command line */
    CLI_EXIT_DATA = 3,       /* input data invalid (parse or validation) */
    CLI_EXIT_IO = 4,         /* file cannot be read or written */
    CLI_EXIT_NOTFOUND = 5,   /* unknown park, chain, ... */
    CLI_EXIT_REFUSED = 6     /* refused by policy, e.g. AHP CR > 0.1 */
};

int cli_exit_code(cr_error_t rc);
/* Prints "chainrank: <cmd>: error: <message>" and every diagnostic on stderr;
 * returns the exit code for rc. */
int cli_fail(const cr_ctx *ctx, const char *cmd, cr_error_t rc);
/* Where this thread's error lines go: stderr, or between cli_err_capture_begin
 * and _end a buffer (batch's workers: the lines a list's failure prints are
 * printed by the calling thread when that list's turn comes, so stderr reads
 * as with one thread). _end returns the bytes (malloc'd; NULL, *n = 0 if none). */
FILE *cli_errfp(void);
void cli_err_capture_begin(void);
char *cli_err_capture_end(size_t *n);
int cli_usage(const char *cmd, const char *fmt, ...) CR_PRINTF(2, 3);

/* Reads a whole file ("-" = stdin) into a NUL-terminated buffer (cr_read_stream). */
int cli_read_file(cr_ctx *ctx, const char *path, char **buf, size_t *len, const char *cmd);

/* Atomic output (cr_outfile): write to PATH.tmp.<pid>, then rename over PATH
 * on commit, so no half-written file is ever left under PATH. path NULL or
 * "-" = stdout. */
typedef struct {
    FILE *fp;
    cr_outfile file;   /* zero for stdout */
    int slot;          /* 1 + cli_tmp_register's slot of the temporary; 0 none (so {0} is valid) */
} cli_out;
/* The temporaries a signal removes (src/cli/tmpfiles.c): returns a slot or -1. */
int cli_tmp_register(const char *name);
void cli_tmp_unregister(int slot);
/* batch --resume (src/cli/batch_resume.c): stale temporaries of dead runs
 * removed (returns how many); the index rows of an earlier run, by file. */
size_t batch_clean_stale(const char *outdir);
typedef struct batch_restore batch_restore;
batch_restore *batch_restore_load(const char *outdir);
const char *batch_restore_find(const batch_restore *t, const char *file);   /* "c,e,r,top,score" or NULL */
void batch_restore_free(batch_restore *t);
int cli_out_open(cli_out *o, const char *path, const char *cmd);
int cli_out_commit(cli_out *o, const char *cmd);   /* closes; renames */
/* Closes (the writes checked, "cannot write" as commit) without renaming: the commit, later,
 * only renames (batch: a worker writes the list, the calling thread publishes it in order). */
int cli_out_close(cli_out *o, const char *cmd);
void cli_out_abort(cli_out *o);                    /* closes; removes temp */

/* Progress bar on standard error for long runs (batch, compare --all-parks,
 * gen, smaa): shown when stderr is a terminal (mode 0), always (mode 1,
 * --progress) or never (mode -1, --quiet); nothing is written otherwise, so
 * files and pipes stay clean. Rate and time left per stage. The library
 * reports through cr_ctx_set_progress(ctx, cli_progress_cb, &bar). */
typedef struct {
    const char *cmd;
    int on, tty, drawn;
    double t0, t_stage, last, t_prev;
    uint64_t first_done;
    char stage[32];
} cli_progress;
void cli_progress_init(cli_progress *p, const char *cmd, int mode);
void cli_progress_cb(void *user, const char *stage, uint64_t done, uint64_t total);
void cli_progress_end(cli_progress *p);
/* 1 (and *mode set) if a is --progress or --quiet. */
int cli_progress_option(const char *a, int *mode);

/* Option parsing (opts.c): a command's options are one static const table of cli_opt rows, terminated by
 * {0}, each naming the field it sets by its offset in the command's options struct:
 *   FLAG    no value; the int field = lo (1 for a switch; --progress 1, --quiet -1)
 *   STR     const char * field = the value
 *   INT     int field, LONG long field: strtol, whole string, in [lo, hi]; else bad ("%s" = the value;
 *           NULL: "OPT wants an integer in LO..HI, got 'V'")
 *   ENUM    int field = lo + the index of the value in names (NULL-terminated); else bad
 *   FORMAT  cli_rank_format field (cli_rank_format_parse)
 *   VALUE   value(cmd, v, options): the command's own check of one value (returns an exit code)
 *   ARGS    args(cmd, argc, argv, &i, options): takes what follows argv[i] itself (lists)
 * An option that takes a value and is the last argument is unknown (the spec's message, as before). */
typedef enum { CLI_OPT_FLAG, CLI_OPT_STR, CLI_OPT_INT, CLI_OPT_LONG, CLI_OPT_ENUM, CLI_OPT_FORMAT, CLI_OPT_VALUE,
               CLI_OPT_ARGS } cli_opt_kind;
typedef struct {
    const char *name;   /* "--top" */
    cli_opt_kind kind;
    size_t off;         /* offsetof(options struct, field) */
    long lo, hi;
    const char *bad;
    const char *const *names;
    int (*value)(const char *cmd, const char *v, void *o);
    int (*args)(const char *cmd, int argc, char **argv, int *i, void *o);
} cli_opt;
typedef struct {
    const char *cmd;
    const cli_opt *opts;
    size_t pos_off;        /* the one positional argument (DATASET): a const char * field, NULL until given */
    const char *unknown;   /* "unknown option '%s'" */
    const char *extra;     /* "one DATASET folder expected, got '%s' too" */
} cli_optspec;
/* The rows, by kind (T: the options struct). */
#define CLI_STR(opt, T, f) {.name = (opt), .kind = CLI_OPT_STR, .off = offsetof(T, f)}
#define CLI_FORMAT(opt, T, f) {.name = (opt), .kind = CLI_OPT_FORMAT, .off = offsetof(T, f)}
#define CLI_FLAG(opt, T, f, v) {.name = (opt), .kind = CLI_OPT_FLAG, .off = offsetof(T, f), .lo = (v)}
#define CLI_INT(opt, T, f, min, max, msg) \
    {.name = (opt), .kind = CLI_OPT_INT, .off = offsetof(T, f), .lo = (min), .hi = (max), .bad = (msg)}
#define CLI_LONG(opt, T, f, min, max, msg) \
    {.name = (opt), .kind = CLI_OPT_LONG, .off = offsetof(T, f), .lo = (min), .hi = (max), .bad = (msg)}
#define CLI_ENUM(opt, T, f, first, list, msg) \
    {.name = (opt), .kind = CLI_OPT_ENUM, .off = offsetof(T, f), .lo = (first), .names = (list), .bad = (msg)}
#define CLI_VALUE(opt, fn) {.name = (opt), .kind = CLI_OPT_VALUE, .value = (fn)}
#define CLI_ARGS(opt, fn) {.name = (opt), .kind = CLI_OPT_ARGS, .args = (fn)}
#define CLI_OPT_END {.name = NULL}
/* The commands' messages for cli_optspec.unknown and .extra. */
#define CLI_MSG_UNKNOWN "unknown option '%s'"
#define CLI_MSG_INCOMPLETE "unknown or incomplete option '%s'"
#define CLI_MSG_ONE_DATASET "one DATASET folder expected, got '%s' too"
/* Parses argv[1..argc) into the options struct o (defaults set by the caller); returns an exit code,
 * the message printed. */
int cli_opts_parse(const cli_optspec *s, int argc, char **argv, void *o);

/* Commands. */
/* Loads DATASET, printing diagnostics on failure; returns an exit code. */
int cli_load_dataset(cr_ctx *ctx, const char *cmd, const char *dir, cr_dataset **ds);

void cli_json_string(FILE *fp, const char *s);
void cli_json_number(FILE *fp, double v);
/* RFC 4180 field: quoted (with "" for ") only when it holds , " CR or LF. */
void cli_csv_string(FILE *fp, const char *s);   /* %.17g; NaN/inf -> null */

/* Prints s cut and padded to exactly width terminal columns (CJK = 2). */
void cli_print_cell(FILE *fp, const char *s, int width);
/* The library cuts a text that does not fit its buffer at a byte, maybe
 * inside a character: drops a trailing incomplete UTF-8 sequence of s so
 * JSON and CSV stay valid UTF-8. */
void cli_utf8_whole(char *s);

/* Ranking: a loaded dataset with its model and ranker. */
typedef struct {
    cr_dataset *ds;
    cr_model *model;
    cr_ranker *ranker;
    const cr_scheme *scheme;
} cli_rank_env;
typedef enum { CLI_RANK_TABLE = 0, CLI_RANK_JSON, CLI_RANK_CSV, CLI_RANK_XLSX } cli_rank_format;
int cli_rank_prepare(cr_ctx *ctx, const char *cmd, const char *dir, cli_rank_env *env);
void cli_rank_release(cli_rank_env *env);
int cli_rank_format_parse(const char *cmd, const char *s, cli_rank_format *out);
/* Writes one ranked list with explanations; returns an exit code. */
int cli_rank_print(FILE *fp, cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cli_rank_format fmt,
                   int with_excluded);

/* Workbooks and tidy CSV (tables.c; docs/outputs.md). */
/* --lang S (NULL: not given, en); refused (usage error) unless it means
 * something for this run (meaningful: a workbook or a report). */
int cli_lang_parse(const char *cmd, const char *s, int meaningful, cr_lang *out);
/* A workbook is binary: refused (usage error) without --out FILE, never written to a terminal or stdout. */
int cli_xlsx_needs_file(const char *cmd, const char *outp);
/* Adds a column (cr_table_add_col); returns its index. For columns whose names are built at run time
 * (one per criterion, stage, best park); fixed columns are static const tables (cli_tab_new). */
int cli_tab_col(cr_table *t, const char *name, const char *en, const char *zh, cr_col_type type, int width, int decimals);
/* Column registries (the style of src/rank/criteria.c): a table's fixed columns are one static const
 * array of cr_table_col rows {name, en, zh, type, width, decimals} added by one loop, in order, so row k
 * is column k (plus the columns already there); the command fills the cells per row. */
void cli_tab_cols(cr_table *t, const cr_table_col *cols, size_t n);
#define CLI_NCOLS(cols) (sizeof(cols) / sizeof *(cols))
/* Columns that mean the same in every table they are in: one name and heading in each language. */
#define CLI_COL_PROJECT {"project", "project", "项目编号", CR_COL_TEXT, 12, 0}
#define CLI_COL_ENTERPRISE {"enterprise", "enterprise", "企业代码", CR_COL_TEXT, 12, 0}
#define CLI_COL_PARK {"park", "park", "园区", CR_COL_TEXT, 10, 0}
#define CLI_COL_CHAIN {"chain", "chain", "产业链", CR_COL_TEXT, 8, 0}
#define CLI_COL_SEGMENT {"segment", "segment", "环节代码", CR_COL_TEXT, 10, 0}
/* cr_table_alloc(en, zh) and cli_tab_cols(cols, n) (cols NULL: none yet). */
cr_error_t cli_tab_new(cr_ctx *ctx, const char *en, const char *zh, const cr_table_col *cols, size_t n, cr_table **out);
/* The end of a table's filling: *out = t if cr_table_check passes, else t freed and its code returned. */
cr_error_t cli_tab_done(cr_ctx *ctx, cr_table *t, cr_table **out);
/* One row per candidate. tidy 0: the workbook's targets sheet (ranked rows); tidy 1: the CSV, with the
 * status and reasons columns and, with excluded, the excluded rows after the ranked ones. */
cr_error_t cli_tab_candidates(cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, int tidy, int excluded,
                              cr_table **out);
cr_error_t cli_tab_gaps_new(cr_ctx *ctx, cr_table **out);
void cli_tab_gaps_fill(cr_table *t, const cr_dataset *ds, const cr_gaps *g);   /* appends one chain's segments */
/* Key/value rows: the dataset's manifest (observed/inferred/synthetic fields), then kv[2i], kv[2i + 1]
 * for i < nkv, then the chainrank version. */
cr_error_t cli_tab_provenance(cr_ctx *ctx, const cr_dataset *ds, const char *const *kv, size_t nkv, cr_table **out);
/* A project stage in Chinese (签约 资金到位 开工 竣工 投产 退出): the workbooks' headings and stage_zh columns. */
const char *cli_pev_stage_zh(cr_pev_stage s);
/* rank's and batch's workbook: targets, excluded, gaps, weights, provenance (res with its excluded rows). */
int cli_rank_workbook(cr_ctx *ctx, const char *cmd, const cli_rank_env *env, const cr_rank_result *res,
                      const char *path, cr_lang lang);
/* Across parks (across.c): --parks A,B,C (checked ids), else the parks of
 * --province (NULL: all) listing chain (-1: any); *out malloc'ed. */
int cli_parks_pick(cr_ctx *ctx, const char *cmd, const cli_rank_env *env, const char *list, const char *province,
                   int32_t chain, int32_t **out, size_t *n);
int cli_parse_count(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);
/* Exclusion reasons as names separated by ';' (CSV). */
void cli_reasons_csv(FILE *fp, uint32_t f);

/* contest and allocate: DATASET --chain --scheme [--parks|--province] [--top K] [--format] [--out] */
typedef struct {
    const char *dir, *chain, *scheme, *outp, *parks, *prov;
    long top;
    cli_rank_format fmt;
} cli_across_args;
typedef struct {
    cr_scheme *scheme;
    cli_rank_env env;
    int32_t *parks;
    size_t nparks;
    cr_park_lists *lists;
} cli_across;
int cli_across_arg(const char *cmd, int argc, char **argv, int *i, cli_across_args *a);
/* Loads the scheme and the dataset, picks the parks and ranks their top lists. */
int cli_across_open(cr_ctx *ctx, const char *cmd, cli_across_args *a, cli_across *w);
void cli_across_close(cli_across *w);
/* Opens a JSON object with "chain" and "scheme" (no closing brace). */
void cli_across_json_head(FILE *fp, const cli_across *w);

int cmd_rank(int argc, char **argv, cr_ctx *ctx);
int cmd_sites(int argc, char **argv, cr_ctx *ctx);
int cmd_contest(int argc, char **argv, cr_ctx *ctx);
int cmd_allocate(int argc, char **argv, cr_ctx *ctx);
int cmd_batch(int argc, char **argv, cr_ctx *ctx);
int cmd_validate(int argc, char **argv, cr_ctx *ctx);
int cmd_snapshot(int argc, char **argv, cr_ctx *ctx);
int cmd_gaps(int argc, char **argv, cr_ctx *ctx);
int cmd_compare(int argc, char **argv, cr_ctx *ctx);
int cmd_mcda(int argc, char **argv, cr_ctx *ctx);
int cmd_weights(int argc, char **argv, cr_ctx *ctx);
int cmd_smaa(int argc, char **argv, cr_ctx *ctx);
int cmd_relatedness(int argc, char **argv, cr_ctx *ctx);
int cmd_gen(int argc, char **argv, cr_ctx *ctx);
int cmd_fit(int argc, char **argv, cr_ctx *ctx);
int cmd_evidence(int argc, char **argv, cr_ctx *ctx);
int cmd_vet(int argc, char **argv, cr_ctx *ctx);
int cmd_ledger(int argc, char **argv, cr_ctx *ctx);
int cmd_library(int argc, char **argv, cr_ctx *ctx);
int cmd_report(int argc, char **argv, cr_ctx *ctx);

/* The map outlines of a report (cmd_report.c): opt "none", a
 * file, or NULL for DATASET/../geo/cn_cities.json when it exists. */
int cli_report_outlines(cr_ctx *ctx, const char *cmd, const char *dataset, const char *opt, cr_report_outlines **out);
int cmd_parks(int argc, char **argv, cr_ctx *ctx);
/* 1 if park p leads chain k (cmd_parks.c). */
int cli_park_leads(const cr_dataset *ds, int32_t p, int32_t k);
int cmd_chains(int argc, char **argv, cr_ctx *ctx);

/* The coefficient table of a likelihood model (cmd_fit.c). */
void cli_likely_print_model(FILE *fp, const cr_likely_model *m);

#endif
