/* chainrank mcda | weights | smaa PROBLEM.json [--out FILE]: solve a
 * decision-matrix problem (docs/mcda.md, docs/smaa.md) and print the result
 * JSON. Parsing and solving live in the library (cr_mcda_run_json,
 * cr_smaa_run_json); this file only handles arguments, I/O and exit codes. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Solves text with the library; *result is freed with free_result. */
typedef cr_error_t (*solve_fn)(cr_ctx *ctx, const char *text, size_t len, const char *source, int mode, char **result);

static cr_error_t solve_mcda(cr_ctx *ctx, const char *text, size_t len, const char *source, int mode, char **result)
{
    return cr_mcda_run_json(ctx, text, len, source, (cr_mcda_run_mode)mode, result);
}

static cr_error_t solve_smaa(cr_ctx *ctx, const char *text, size_t len, const char *source, int mode, char **result)
{
    (void)mode;
    return cr_smaa_run_json(ctx, text, len, source, result);
}

static int run(int argc, char **argv, cr_ctx *ctx, const char *cmd, solve_fn solve, int mode,
               void (*free_result)(char *))
{
    const char *in = NULL, *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out")) {
            if (i + 1 >= argc) return cli_usage(cmd, "--out needs a file name");
            outpath = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage(cmd, "unknown option '%s'", argv[i]);
        } else if (in) {
            return cli_usage(cmd, "only one PROBLEM file, got '%s' and '%s'", in, argv[i]);
        } else {
            in = argv[i];
        }
    }
    if (!in) return cli_usage(cmd, "missing PROBLEM.json (use - for standard input)");

    char *text = NULL;
    size_t len = 0;
    int ec = cli_read_file(ctx, in, &text, &len, cmd);
    if (ec != CLI_EXIT_OK) return ec;
    char *result = NULL;
    cr_error_t rc = solve(ctx, text, len, strcmp(in, "-") ? in : "<stdin>", mode, &result);
    free(text);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);

    cli_out o;
    ec = cli_out_open(&o, outpath, cmd);
    if (ec == CLI_EXIT_OK) {
        fputs(result, o.fp);
        ec = cli_out_commit(&o, cmd);
    }
    free_result(result);
    return ec;
}

int cmd_mcda(int argc, char **argv, cr_ctx *ctx)
{
    return run(argc, argv, ctx, "mcda", solve_mcda, CR_MCDA_RUN_FULL, cr_mcda_json_free);
}

int cmd_weights(int argc, char **argv, cr_ctx *ctx)
{
    return run(argc, argv, ctx, "weights", solve_mcda, CR_MCDA_RUN_WEIGHTS, cr_mcda_json_free);
}

/* The global --threads N sets the thread count; the output bytes do not depend on it. */
int cmd_smaa(int argc, char **argv, cr_ctx *ctx)
{
    return run(argc, argv, ctx, "smaa", solve_smaa, 0, cr_smaa_json_free);
}
