/* The chainrank CLI: a thin client of the library. Each command lives in its
 * own cmd_<name>.c, parses its arguments, calls cr_*, prints, and returns an
 * exit code from cli_exit_code(). */
#ifndef CR_CLI_H
#define CR_CLI_H

#include <chainrank/chainrank.h>
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
void cli_out_abort(cli_out *o);                    /* closes; removes temp */

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
typedef enum { CLI_RANK_TABLE = 0, CLI_RANK_JSON, CLI_RANK_CSV } cli_rank_format;
int cli_rank_prepare(cr_ctx *ctx, const char *cmd, const char *dir, cli_rank_env *env);
void cli_rank_release(cli_rank_env *env);
int cli_rank_format_parse(const char *cmd, const char *s, cli_rank_format *out);
/* Writes one ranked list with explanations; returns an exit code. */
int cli_rank_print(FILE *fp, cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cli_rank_format fmt,
                   int with_excluded);

int cmd_rank(int argc, char **argv, cr_ctx *ctx);
int cmd_batch(int argc, char **argv, cr_ctx *ctx);
int cmd_validate(int argc, char **argv, cr_ctx *ctx);
int cmd_gaps(int argc, char **argv, cr_ctx *ctx);
int cmd_compare(int argc, char **argv, cr_ctx *ctx);
int cmd_mcda(int argc, char **argv, cr_ctx *ctx);
int cmd_weights(int argc, char **argv, cr_ctx *ctx);
int cmd_smaa(int argc, char **argv, cr_ctx *ctx);
int cmd_relatedness(int argc, char **argv, cr_ctx *ctx);
int cmd_gen(int argc, char **argv, cr_ctx *ctx);
int cmd_fit(int argc, char **argv, cr_ctx *ctx);
int cmd_evidence(int argc, char **argv, cr_ctx *ctx);

/* The coefficient table of a likelihood model (cmd_fit.c). */
void cli_likely_print_model(FILE *fp, const cr_likely_model *m);

#endif
