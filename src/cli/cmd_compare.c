/* chainrank compare: agreement between the rankings of several weighting
 * schemes (Spearman, Kendall tau-b/tau-a, weighted Spearman, WS, top-k overlap
 * and Jaccard, RBO) plus each alternative's rank spread. See docs/agreement.md.
 *
 * Two modes: --rankings FILE (ready-made rankings, here) and DATASET with
 * --schemes (rankings computed per park, plus SMAA and backtests: see
 * compare_dataset.c and docs/compare.md). */
#include "cli.h"
#include "cli_mpi.h"

#include <stdlib.h>
#include <string.h>

#define CMD "compare"

typedef enum { FMT_JSON, FMT_TABLE } out_format;

static void num(FILE *fp, double v)
{
    if (v == v) fprintf(fp, " %9.6f", v);
    else fprintf(fp, " %9s", "n/a");
}

static void print_table(FILE *fp, const cr_agree_input *in, const cr_agree_report *rep)
{
    fprintf(fp, "n = %zu alternatives, %zu schemes, top_k = %zu, rbo_p = %g\n\n", rep->n, rep->m,
            rep->top_k, rep->rbo_p);
    fprintf(fp, "%-12s %-12s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n", "a", "b", "spearman", "tau_b",
            "tau_a", "r_w", "WS(a,b)", "WS(b,a)", "topk_ovl", "jaccard", "rbo");
    for (size_t p = 0; p < rep->npairs; p++) {
        fprintf(fp, "%-12s %-12s", in->names[rep->pair_a[p]], in->names[rep->pair_b[p]]);
        num(fp, rep->spearman[p]);
        num(fp, rep->kendall_tau_b[p]);
        num(fp, rep->kendall_tau_a[p]);
        num(fp, rep->weighted_spearman[p]);
        num(fp, rep->ws_ab[p]);
        num(fp, rep->ws_ba[p]);
        num(fp, rep->top_k_overlap[p]);
        num(fp, rep->jaccard[p]);
        num(fp, rep->rbo[p]);
        fputc('\n', fp);
    }
    fprintf(fp, "\n%-11s %9s %9s %9s %9s %9s\n", "alternative", "min", "max", "mean", "sd", "in_top_k");
    for (size_t i = 0; i < rep->n; i++) {
        fprintf(fp, "%-11zu", i);
        num(fp, rep->rank_min[i]);
        num(fp, rep->rank_max[i]);
        num(fp, rep->rank_mean[i]);
        num(fp, rep->rank_sd[i]);
        fprintf(fp, " %9zu\n", rep->in_top_k[i]);
    }
}

/* The --rankings path: read, parse, compare, write atomically. */
static int compare_rankings_file(const char *path, out_format fmt, const char *out_path, cr_ctx *ctx)
{
    char *text = NULL, *json = NULL;
    size_t len = 0;
    cr_agree_input *in = NULL;
    cr_agree_report *rep = NULL;
    cr_error_t rc;
    int ec = cli_read_file(ctx, path, &text, &len, CMD);
    if (ec != CLI_EXIT_OK) return ec;

    if ((rc = cr_agree_input_parse(ctx, text, len, path, &in)) != CR_OK) { ec = cli_fail(ctx, CMD, rc); goto done; }
    if ((rc = cr_agree_compare(ctx, in->ranks, in->m, in->n, in->top_k, in->rbo_p, &rep)) != CR_OK) {
        ec = cli_fail(ctx, CMD, rc);
        goto done;
    }
    if (fmt == FMT_JSON &&
        (rc = cr_agree_report_json(ctx, rep, (const char *const *)in->names, &json, NULL)) != CR_OK) {
        ec = cli_fail(ctx, CMD, rc);
        goto done;
    }
    cli_out o;
    if ((ec = cli_out_open(&o, out_path, CMD)) != CLI_EXIT_OK) goto done;
    if (fmt == FMT_JSON) fputs(json, o.fp);
    else print_table(o.fp, in, rep);
    ec = cli_out_commit(&o, CMD);
done:
    free(json);
    cr_agree_report_free(rep);
    cr_agree_input_free(in);
    free(text);
    return ec;
}

/* The --rankings form: no positional argument; --format and --out are described by compare DATASET's
 * table (compare_dataset.c), whose help line names --rankings' default. */
typedef struct {
    const char *rankings, *out;
    int fmt;   /* out_format */
} cmp_rankings_opts;
static const char *const rankings_formats[] = {"json", "table", NULL};   /* FMT_JSON, FMT_TABLE */
static const cli_opt rankings_opt[] = {
    CLI_STR("--rankings", cmp_rankings_opts, rankings, "R.json",
            "compare ready-made rankings instead (required in that form; docs/agreement.md)"),
    CLI_ENUM("--format", cmp_rankings_opts, fmt, FMT_JSON, rankings_formats, "--format wants json or table, got '%s'",
             "F", NULL),
    CLI_STR("--out", cmp_rankings_opts, out, "FILE", NULL),
    CLI_OPT_END};
const cli_optspec cli_spec_compare_rankings = {.cmd = CMD, .opts = rankings_opt, .pos_off = 0,
                                               .unknown = "unexpected argument '%s'",
                                               .extra = "unexpected argument '%s'", .missing = "%s needs a value",
                                               .flags = CLI_NO_POSITIONAL};

int compare_dataset(int argc, char **argv, cr_ctx *ctx);   /* compare_dataset.c */

int cmd_compare(int argc, char **argv, cr_ctx *ctx)
{
    int has_rankings = 0;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--rankings")) has_rankings = 1;
    if (!has_rankings) {
        if (argc > 1) return compare_dataset(argc, argv, ctx);
    }
    if (cli_mpi_rank() != 0) return CLI_EXIT_OK;   /* chainrank-mpi: rankings are compared on rank 0 */
    cmp_rankings_opts op = {.fmt = FMT_JSON};
    int code = cli_opts_parse(&cli_spec_compare_rankings, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *rankings = op.rankings, *out = op.out;
    const out_format fmt = (out_format)op.fmt;
    if (!rankings)
        return cli_usage(CMD, "--rankings RANKINGS.json is required "
                              "(usage: chainrank compare --rankings RANKINGS.json [--format json|table] [--out FILE])");
    return compare_rankings_file(rankings, fmt, out, ctx);
}
