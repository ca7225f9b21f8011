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

/* A weighting scheme (docs/model.md) rather than a problem file: its
 * "criteria" is an array of objects ({"id": ...}); a problem's, if any, of
 * names. Only the first non-blank characters after the key are read. */
static int looks_like_scheme(const char *t)
{
    for (const char *k = strstr(t, "\"criteria\""); k; k = strstr(k + 1, "\"criteria\"")) {
        const char *p = k + 10;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (*p++ != ':') continue;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (*p++ != '[') continue;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        return *p == '{';
    }
    return 0;
}

/* chainrank weights SCHEME.json: the scheme's weights by criterion id, its
 * weighting method and, for AHP, the consistency, as JSON. */
static int scheme_weights(cr_ctx *ctx, const char *text, size_t len, const char *src, const char *outpath)
{
    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_parse(ctx, text, len, src, &s);
    if (rc != CR_OK) return cli_fail(ctx, "weights", rc);
    const cr_criterion *crit;
    const double *w;
    int n = cr_scheme_criteria(s, &crit);
    int nw = cr_scheme_weights(s, &w);
    cli_out o;
    int ec = cli_out_open(&o, outpath, "weights");
    if (ec == CLI_EXIT_OK) {
        fprintf(o.fp, "{\n  \"scheme\": ");
        cli_json_string(o.fp, cr_scheme_name(s));
        fprintf(o.fp, ",\n  \"weighting\": \"%s\",\n  \"criteria\": [", cr_scheme_weighting(s));
        for (int j = 0; j < n; j++) fprintf(o.fp, "%s\"%s\"", j ? ", " : "", cr_criterion_name(crit[j]));
        fprintf(o.fp, "],\n  \"weights\": ");
        if (nw) {
            fprintf(o.fp, "[");
            for (int j = 0; j < nw; j++) fprintf(o.fp, j ? ", %.17g" : "%.17g", w[j]);
            fprintf(o.fp, "]");
        } else {
            fprintf(o.fp, "null,\n  \"note\": \"%s weights are derived from each list's candidates: rank --format json shows them\"",
                    cr_scheme_weighting(s));
        }
        const cr_mcda_ahp_info *a = cr_scheme_ahp(s);
        if (a) fprintf(o.fp, ",\n  \"lambda_max\": %.17g,\n  \"ci\": %.17g,\n  \"cr\": %.17g", a->lambda_max, a->ci, a->cr);
        fprintf(o.fp, "\n}\n");
        ec = cli_out_commit(&o, "weights");
    }
    cr_scheme_free(s);
    return ec;
}

/* mcda and weights take --out; smaa also the progress switches. */
typedef struct {
    const char *in, *outpath;
    int progress_mode;
} mcda_opts;
#define MCDA_OUT                                                                                                   \
    {.name = "--out", .kind = CLI_OPT_STR, .off = offsetof(mcda_opts, outpath), .last = "--out needs a file name", \
     .arg = "FILE", .help = "write there instead of standard output (default: standard output)"}
static const cli_opt mcda_opt[] = {MCDA_OUT, CLI_OPT_END};
static const cli_opt smaa_opt[] = {MCDA_OUT, CLI_PROGRESS_OPTS(mcda_opts, progress_mode), CLI_OPT_END};
#define MCDA_SPEC(name, table)                                                                                     \
    {.cmd = (name), .opts = (table), .pos_off = offsetof(mcda_opts, in), .unknown = CLI_MSG_UNKNOWN,              \
     .extra = "only one PROBLEM file, got '%s' and '%s'"}
const cli_optspec cli_spec_mcda = MCDA_SPEC("mcda", mcda_opt);
const cli_optspec cli_spec_weights = MCDA_SPEC("weights", mcda_opt);
const cli_optspec cli_spec_smaa = MCDA_SPEC("smaa", smaa_opt);

static int run(int argc, char **argv, cr_ctx *ctx, const char *cmd, solve_fn solve, int mode,
               void (*free_result)(char *))
{
    mcda_opts op = {0};
    const cli_optspec *spec = solve == solve_smaa ? &cli_spec_smaa : mode == CR_MCDA_RUN_WEIGHTS ? &cli_spec_weights
                                                                                                 : &cli_spec_mcda;
    int ec = cli_opts_parse(spec, argc, argv, &op);
    if (ec != CLI_EXIT_OK) return ec;
    const char *in = op.in, *outpath = op.outpath;
    int progress_mode = op.progress_mode;
    if (!in) return cli_usage(cmd, "missing PROBLEM.json (use - for standard input)");

    char *text = NULL;
    size_t len = 0;
    ec = cli_read_file(ctx, in, &text, &len, cmd);
    if (ec != CLI_EXIT_OK) return ec;
    if (solve == solve_mcda && mode == CR_MCDA_RUN_WEIGHTS && looks_like_scheme(text)) {
        int code = scheme_weights(ctx, text, len, strcmp(in, "-") ? in : "<stdin>", outpath);
        free(text);
        return code;
    }
    char *result = NULL;
    cli_progress bar;   /* SMAA reports its samples through the ctx */
    cli_progress_init(&bar, cmd, progress_mode);
    cr_ctx_set_progress(ctx, cli_progress_cb, &bar);
    cr_error_t rc = solve(ctx, text, len, strcmp(in, "-") ? in : "<stdin>", mode, &result);
    cr_ctx_set_progress(ctx, NULL, NULL);
    cli_progress_end(&bar);
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
