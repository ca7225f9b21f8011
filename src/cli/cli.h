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

/* Option parsing (opts.c): a command's options are one static const table of cli_opt rows, terminated by
 * CLI_OPT_END, each naming the field it sets by its offset in the command's options struct, and the
 * argument and one-line help that `chainrank COMMAND --help` prints (main.c: the help is generated from
 * these rows, so an option cannot be parsed without being described, nor described without being parsed):
 *   FLAG    no value; the int field = lo (1 for a switch; --progress 1, --quiet -1)
 *   STR     const char * field = the value
 *   INT     int field, LONG long field: strtol, whole string, in [lo, hi]; else bad ("%s" = the value;
 *           NULL: "OPT wants an integer in LO..HI, got 'V'")
 *   U64     uint64_t field: digits only, in [lo, umax] (NULL bad: "OPT wants an integer in LO..UMAX, got 'V'")
 *   DOUBLE  double field: strtod, whole string, in [dlo, dhi] (open ends: CLI_OPEN_LO/HI); else bad
 *           (NULL: "OPT wants a number in [LO, HI], got 'V'")
 *   ENUM    int field = lo + the index of the value in names (NULL-terminated); else bad
 *   FORMAT  cli_rank_format field (cli_rank_format_parse)
 *   VALUE   value(cmd, v, options): the command's own check of one value (returns an exit code)
 *   LIST    cli_list field: the values up to the next argument starting with '-' (appended: the option may
 *           be repeated); more ("%s" = the option) past list.max; bad ("%s" = the option) if none
 *           (NULL: none is fine); flags CLI_LIST_*
 *   ARGS    args(cmd, argc, argv, &i, options): takes what follows argv[i] itself
 * Every number is plain: an empty, blank-padded or '+'-signed value is refused, never read as 0.
 * A value-taking option given last gets its row's `last` message, else the spec's `missing`, else the
 * spec's `unknown` (the loops these tables replaced each had their own). Messages are data, not formats:
 * "%s" is replaced by the value (or the option), nothing else is interpreted. */
typedef enum { CLI_OPT_FLAG, CLI_OPT_STR, CLI_OPT_INT, CLI_OPT_LONG, CLI_OPT_U64, CLI_OPT_DOUBLE, CLI_OPT_ENUM,
               CLI_OPT_FORMAT, CLI_OPT_VALUE, CLI_OPT_LIST, CLI_OPT_ARGS } cli_opt_kind;
/* A LIST option's values (pointers into argv); the command sets v (max entries) before parsing. */
typedef struct {
    const char **v;
    size_t n, max;
} cli_list;
enum {
    CLI_OPEN_LO = 1, CLI_OPEN_HI = 2,   /* DOUBLE: (lo, ...  ..., hi) */
    CLI_LIST_LAST_OK = 4,               /* LIST: may be the last argument (then it has no value: bad) */
    CLI_LIST_DIR_ENDS = 8,              /* LIST: an existing directory ends the list (DATASET may follow it) */
    CLI_LIST_DIR_ENDS_FIRST = 16,       /* LIST: ... while the positional argument is not given yet */
};
typedef struct {
    const char *name;   /* "--top" */
    cli_opt_kind kind;
    size_t off;         /* offsetof(options struct, field) */
    long lo, hi;
    unsigned long long umax;
    double dlo, dhi;
    int flags;          /* CLI_OPEN_*, CLI_LIST_* */
    const char *bad, *more, *last;
    const char *const *names;
    int (*value)(const char *cmd, const char *v, void *o);
    int (*args)(const char *cmd, int argc, char **argv, int *i, void *o);
    const char *arg;    /* help: what follows the option ("N", "A.json ...", "[FILE]"); NULL for a flag */
    const char *help;   /* help: one line, with the default or "required"; NULL: described by another table
                         * of the same command (compare's two forms share --format and --out) */
} cli_opt;
enum { CLI_NO_POSITIONAL = 1, CLI_LAST_ANY = 2, CLI_LAST_EMPTY = 4 };
typedef struct {
    const char *cmd;
    const cli_opt *opts;
    size_t pos_off;        /* the one positional argument (DATASET): a const char * field, NULL until given */
    const char *unknown;   /* "unknown option '%s'" */
    const char *extra;     /* "one DATASET folder expected, got '%s' too"; with two "%s": the first, the second */
    const char *missing;   /* a value-taking option given last ("%s" = the option); NULL: unknown */
    int flags;             /* CLI_NO_POSITIONAL: any positional argument is `extra`; CLI_LAST_ANY: an unknown
                            * option given last is `missing` too; CLI_LAST_EMPTY: a value-taking option given
                            * last is checked as if its value were "" */
} cli_optspec;
/* The rows, by kind (T: the options struct; A, H: the help's argument and line). */
#define CLI_STR(opt, T, f, A, H) {.name = (opt), .kind = CLI_OPT_STR, .off = offsetof(T, f), .arg = (A), .help = (H)}
#define CLI_FORMAT(opt, T, f, A, H) \
    {.name = (opt), .kind = CLI_OPT_FORMAT, .off = offsetof(T, f), .arg = (A), .help = (H)}
#define CLI_FLAG(opt, T, f, v, H) {.name = (opt), .kind = CLI_OPT_FLAG, .off = offsetof(T, f), .lo = (v), .help = (H)}
#define CLI_INT(opt, T, f, min, max, msg, A, H)                                                                   \
    {.name = (opt), .kind = CLI_OPT_INT, .off = offsetof(T, f), .lo = (min), .hi = (max), .bad = (msg), .arg = (A), \
     .help = (H)}
#define CLI_LONG(opt, T, f, min, max, msg, A, H)                                                                   \
    {.name = (opt), .kind = CLI_OPT_LONG, .off = offsetof(T, f), .lo = (min), .hi = (max), .bad = (msg), .arg = (A), \
     .help = (H)}
#define CLI_U64(opt, T, f, min, max, msg, A, H)                                                                   \
    {.name = (opt), .kind = CLI_OPT_U64, .off = offsetof(T, f), .lo = (min), .umax = (max), .bad = (msg), .arg = (A), \
     .help = (H)}
#define CLI_DOUBLE(opt, T, f, min, max, open, msg, A, H)                                                           \
    {.name = (opt), .kind = CLI_OPT_DOUBLE, .off = offsetof(T, f), .dlo = (min), .dhi = (max), .flags = (open),     \
     .bad = (msg), .arg = (A), .help = (H)}
#define CLI_ENUM(opt, T, f, first, list, msg, A, H)                                                                \
    {.name = (opt), .kind = CLI_OPT_ENUM, .off = offsetof(T, f), .lo = (first), .names = (list), .bad = (msg),     \
     .arg = (A), .help = (H)}
#define CLI_VALUE(opt, fn, A, H) {.name = (opt), .kind = CLI_OPT_VALUE, .value = (fn), .arg = (A), .help = (H)}
#define CLI_LIST(opt, T, f, fl, none, toomany, A, H)                                                              \
    {.name = (opt), .kind = CLI_OPT_LIST, .off = offsetof(T, f), .flags = (fl), .bad = (none), .more = (toomany),  \
     .arg = (A), .help = (H)}
#define CLI_ARGS(opt, fn, A, H) {.name = (opt), .kind = CLI_OPT_ARGS, .args = (fn), .arg = (A), .help = (H)}
#define CLI_OPT_END {.name = NULL}
/* The progress switches (batch, compare, gen, smaa). */
#define CLI_PROGRESS_OPTS(T, f)                                                                                    \
    CLI_FLAG("--progress", T, f, 1,                                                                              \
             "draw the progress bar on standard error even when it is not a terminal (default: only on a terminal)"), \
        CLI_FLAG("--quiet", T, f, -1, "no progress bar (default: off)")
/* The commands' messages for cli_optspec.unknown and .extra. */
#define CLI_MSG_UNKNOWN "unknown option '%s'"
#define CLI_MSG_INCOMPLETE "unknown or incomplete option '%s'"
#define CLI_MSG_ONE_DATASET "one DATASET folder expected, got '%s' too"
/* Parses argv[1..argc) into the options struct o (defaults set by the caller); returns an exit code,
 * the message printed. */
int cli_opts_parse(const cli_optspec *s, int argc, char **argv, void *o);
/* The "options:" lines of COMMAND --help for these tables (NULL-terminated), in table order, an option
 * described once: "  --opt ARG", padded to 24 columns (at least one blank), the help line. */
void cli_opts_help(FILE *fp, const cli_optspec *const *specs);

/* The option tables of the commands (cmd_*.c), for main.c's help. */
extern const cli_optspec cli_spec_validate, cli_spec_snapshot, cli_spec_parks, cli_spec_chains, cli_spec_rank,
    cli_spec_sites, cli_spec_contest, cli_spec_allocate, cli_spec_batch, cli_spec_gaps, cli_spec_compare,
    cli_spec_compare_rankings, cli_spec_mcda, cli_spec_weights, cli_spec_smaa, cli_spec_relatedness, cli_spec_fit, cli_spec_evidence,
    cli_spec_report, cli_spec_vet, cli_spec_ledger, cli_spec_library, cli_spec_gen;

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
/* Their shared rows (T: the command's options struct, with a cli_across_args a): the chain, the scheme and
 * the parks; then the output. */
#define CLI_ACROSS_PICK_OPTS(T)                                                                                   \
    CLI_STR("--chain", T, a.chain, "K", "the chain: id, unique name or part (required)"),                         \
        CLI_STR("--scheme", T, a.scheme, "S.json", "the weighting scheme (required)"),                            \
        CLI_STR("--parks", T, a.parks, "A,B", "these parks, by id (default: every park leading the chain)"),      \
        CLI_STR("--province", T, a.prov, "X",                                                                     \
                "only the parks of province X leading the chain (default: all provinces)")
#define CLI_ACROSS_TOP_OPT(T, H) CLI_LONG("--top", T, a.top, 1, 100000, NULL, "K", H)
#define CLI_ACROSS_OUT_OPTS(T)                                                                                    \
    CLI_FORMAT("--format", T, a.fmt, "F", "table, json or csv (default table)"),                                  \
        CLI_STR("--out", T, a.outp, "FILE", "write there instead of standard output (default: standard output)")
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
