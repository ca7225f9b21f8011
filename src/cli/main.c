/* chainrank command-line entry point: dispatch to one cmd_*.c per command. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmd_fn)(int argc, char **argv, cr_ctx *ctx);

static const struct {
    const char *name;
    cmd_fn fn;
    const char *help;
} commands[] = {
    {"validate", cmd_validate, "DATASET [--strict] check a dataset; list every problem as file:line:column: field: message"},
    {"rank", cmd_rank, "DATASET --park P [--chain K] --scheme S.json [--top N] [--format table|json|csv] [--excluded] [--out F]   ranked, explained target list"},
    {"batch", cmd_batch, "DATASET --plan PLAN.json --out DIR [--resume] [--format csv|json]   ranked lists for many (park, chain, scheme)"},
    {"gaps", cmd_gaps, "DATASET --park P [--chain K] [--format table|json]   chain panorama and gap list of a park"},
    {"compare", cmd_compare, "--rankings R.json [--format json|table] [--out FILE]   agreement between schemes' rankings"},
    {"mcda", cmd_mcda, "PROBLEM.json|- [--out FILE]   rank alternatives by TOPSIS, VIKOR or WSM (docs/mcda.md)"},
    {"smaa", cmd_smaa, "PROBLEM.json|- [--out FILE]   SMAA-2 rank acceptability over sampled weights (docs/smaa.md)"},
    {"weights", cmd_weights, "PROBLEM.json|- [--out FILE]   criteria weights only (AHP, entropy, CRITIC, std, equal)"},
    {"relatedness", cmd_relatedness, "MATRIX.csv [--rca-threshold X] [--proximity-diagonal one|zero] [--format json|csv] [--long] [--out F]   RCA, proximity, density, ECI/PCI, COI/COG"},
    {"fit", cmd_fit, "DATASET [--cutoff YYYY-01-01] [--from-year Y] [--ridge L] [--out MODEL.json]   fit the landing-likelihood model on past events (docs/likelihood.md)"},
    {"evidence", cmd_evidence, "DATASET --schemes A.json ... [--from Y --to Y] [--top K1,K2] [--boot N] [--format table|json] [--out F]   backtest on real events with baselines"},
    {"gen", cmd_gen, "[--enterprises N --parks P --chains K --links L --history H --seed S --force] OUT/   write a synthetic dataset"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "chainrank %s - which enterprises to attract to which industrial park\n\n"
                "usage: chainrank [--threads N] COMMAND [ARGS]\n\ncommands:\n", cr_version());
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(fp, "\nexit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input data, 4 I/O error,\n"
                "            5 not found, 6 refused by policy\n");
}

static int run(int argc, char **argv)
{
    int threads = 0;
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            char *end;
            long t = strtol(argv[i + 1], &end, 10);
            if (*end || t < 1 || t > 4096) return cli_usage(NULL, "--threads wants a positive integer, got '%s'", argv[i + 1]);
            threads = (int)t;
            i += 2;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return CLI_EXIT_OK;
        } else if (!strcmp(argv[i], "--version")) {
            printf("chainrank %s\n", cr_version());
            return CLI_EXIT_OK;
        } else {
            return cli_usage(NULL, "unknown option '%s'", argv[i]);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (strcmp(argv[i], commands[c].name) != 0) continue;
        cr_global_init();
        cr_ctx *ctx = cr_ctx_alloc();
        if (!ctx) {
            fprintf(stderr, "chainrank: out of memory\n");
            return CLI_EXIT_INTERNAL;
        }
        cr_ctx_set_threads(ctx, threads);
        int rc = commands[c].fn(argc - i, argv + i, ctx);
        cr_ctx_free(ctx);
        return rc;
    }
    return cli_usage(NULL, "unknown command '%s' (see chainrank --help)", argv[i]);
}

/* Whatever a command printed to standard output is only delivered once the
 * buffer is flushed and the stream closed: a full disk or /dev/full shows up
 * here, so a command that succeeded but whose output was lost exits 4, with
 * a message. A command that already failed keeps its own code and message. */
int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    int err = 0;
    if (fflush(stdout) != 0) err = errno;
    int bad = err || ferror(stdout);
    if (fclose(stdout) != 0) {
        bad = 1;
        if (!err) err = errno;
    }
    if (bad && rc == CLI_EXIT_OK) {
        fprintf(stderr, "chainrank: error: cannot write standard output: %s\n", err ? strerror(err) : "write error");
        rc = CLI_EXIT_IO;
    }
    return rc;
}
