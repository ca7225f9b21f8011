/* chainrank command-line entry point: dispatch to one cmd_*.c per command.
 *
 * Every command is one row of commands[]: its function, its forms (the
 * synopsis shown by `chainrank --help`, one line per form), and the long help
 * `chainrank COMMAND --help` prints: what it does, every option with its
 * default (generated from the command's option tables, cli.h), and examples.
 * `--help` (or `-h`) anywhere after the command is answered here, before
 * the command parses anything, so a command added by a new row gets it by
 * filling in its row (tests/cli/help.sh checks every row). */
#include "cli.h"
#include "cli_mpi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmd_fn)(int argc, char **argv, cr_ctx *ctx);

/* One command. forms: "ARGS   summary" lines, one per form, '\n'-separated
 * (the top-level help prints each as "chainrank NAME ARGS"). specs: the
 * command's option tables (cli.h; two for compare's two forms), from whose
 * rows `chainrank NAME --help` prints the options, so the help and the parser
 * cannot drift apart; every option that takes a value names its default or
 * says "required" in its row. notes: further lines of that list, "NAME\twhat
 * it is" (a positional argument), or NULL. examples: full command lines, one
 * a line. */
typedef struct {
    const char *name;
    cmd_fn fn;
    const char *forms;
    const cli_optspec *specs[3];   /* NULL-terminated */
    const char *notes;
    const char *examples;
} command;

static const command commands[] = {
    {"validate", cmd_validate,
     "DATASET [--strict]   check a dataset; list every problem as file:line:column: field: message, then the warnings",
     {&cli_spec_validate}, NULL,
     "chainrank validate datasets/tiny"},
    {"snapshot", cmd_snapshot,
     "DATASET [--out PATH]   save the loaded dataset, model and ranker; commands map it while the files are unchanged",
     {&cli_spec_snapshot}, NULL,
     "chainrank snapshot datasets/china2020\n"
     "chainrank snapshot /data/readonly --out /tmp/ro.snap && chainrank --snapshot /tmp/ro.snap rank /data/readonly --park P1 --scheme datasets/schemes/balanced.json"},
    {"parks", cmd_parks,
     "DATASET [--province X] [--chain K] [--name TEXT] [--format table|json|csv]   list the parks",
     {&cli_spec_parks}, NULL,
     "chainrank parks datasets/tiny\n"
     "chainrank parks datasets/tiny --province 湖北 --chain nev --format csv"},
    {"chains", cmd_chains,
     "DATASET [--format table|json|csv]   list the chains: segments, edges, parks leading each",
     {&cli_spec_chains}, NULL,
     "chainrank chains datasets/tiny"},
    {"rank", cmd_rank,
     "DATASET --park P [--chain K] --scheme S.json [--top N] [--format table|json|csv|xlsx] [--lang en|zh] [--excluded] [--out F]"
     "   ranked, explained target list",
     {&cli_spec_rank}, NULL,
     "chainrank rank datasets/tiny --park P1 --scheme datasets/schemes/balanced.json\n"
     "chainrank rank datasets/tiny --park P1 --chain nev --scheme datasets/schemes/balanced.json --top 50 --format csv --out top50.csv"},
    {"sites", cmd_sites,
     "DATASET (--enterprise E | --profile P.json) [--chain K] --scheme S.json [--parks A,B | --province X] [--top N] [--no-place] [--format table|json|csv] [--out F]"
     "   the parks ranked for one investor (docs/allocate.md)",
     {&cli_spec_sites}, NULL,
     "chainrank sites datasets/china2020 --enterprise 300750.SZ --chain nev --scheme datasets/schemes/balanced.json --province 江苏 --top 10"},
    {"contest", cmd_contest,
     "DATASET --chain K --scheme S.json [--parks A,B | --province X] [--top K] [--show N] [--format table|json|csv] [--out F]"
     "   enterprises many parks chase, and the homogeneity of the parks' lists",
     {&cli_spec_contest}, NULL,
     "chainrank contest datasets/china2020 --chain nev --scheme datasets/schemes/default.json --province 江苏 --top 10"},
    {"allocate", cmd_allocate,
     "DATASET --chain K --scheme S.json (--capacity N | --capacities F.csv) [--parks A,B | --province X] [--top K] [--format table|json|csv] [--out F]"
     "   each target to at most one park, each park within its capacity, total value maximal (GLPK)",
     {&cli_spec_allocate}, NULL,
     "chainrank allocate datasets/china2020 --chain nev --scheme datasets/schemes/default.json --province 江苏 --capacity 3 --top 10"},
    {"batch", cmd_batch,
     "DATASET --plan PLAN.json --out DIR [--resume] [--format csv|json|xlsx] [--report [--outlines FILE|none]] [--lang zh|en] [--progress|--quiet]   ranked lists for many (park, chain, scheme)",
     {&cli_spec_batch}, NULL,
     "chainrank batch datasets/tiny --plan tests/golden/plan-tiny.json --out lists/\n"
     "chainrank batch datasets/tiny --plan tests/golden/plan-tiny.json --out lists/ --report"},
    {"gaps", cmd_gaps,
     "DATASET --park P [--chain K] [--format table|json|csv|xlsx] [--lang en|zh]   chain panorama and gap list of a park",
     {&cli_spec_gaps}, NULL,
     "chainrank gaps datasets/tiny --park P1\n"
     "chainrank gaps datasets/tiny --park P1 --format csv --out gaps.csv"},
    {"compare", cmd_compare,
     "DATASET --park P --schemes A.json B.json [...]   agreement, SMAA and backtest of schemes on a park\n"
     "--rankings R.json [--format json|table] [--out FILE]   agreement between ready-made rankings",
     {&cli_spec_compare, &cli_spec_compare_rankings}, NULL,
     "chainrank compare datasets/tiny --park P1 --schemes A.json B.json --monte-carlo 1000\n"
     "chainrank compare --rankings rankings.json --format table"},
    {"mcda", cmd_mcda,
     "PROBLEM.json|- [--out FILE]   rank alternatives by TOPSIS, VIKOR or WSM (docs/mcda.md)",
     {&cli_spec_mcda}, NULL,
     "chainrank mcda problem.json\n"
     "cat problem.json | chainrank mcda -"},
    {"smaa", cmd_smaa,
     "PROBLEM.json|- [--out FILE]   SMAA-2 rank acceptability over sampled weights (docs/smaa.md)",
     {&cli_spec_smaa},
     "PROBLEM\tthe mcda problem format plus \"samples\", \"seed\", \"weights_model\", \"ranks\", \"top_k\", \"holistic\"",
     "chainrank smaa problem.json"},
    {"weights", cmd_weights,
     "PROBLEM.json|SCHEME.json|- [--out FILE]   criteria weights only (AHP, entropy, CRITIC, std, equal)",
     {&cli_spec_weights}, NULL,
     "chainrank weights problem.json\n"
     "chainrank weights datasets/schemes/balanced.json"},
    {"relatedness", cmd_relatedness,
     "MATRIX.csv [--rca-threshold X] [--proximity-diagonal one|zero] [--format json|csv] [--long] [--out F]"
     "   RCA, proximity, density, ECI/PCI, COI/COG",
     {&cli_spec_relatedness}, NULL,
     "chainrank relatedness exports.csv --format csv"},
    {"fit", cmd_fit,
     "DATASET [--cutoff YYYY-01-01] [--from-year Y] [--ridge L] [--out MODEL.json]"
     "   fit the landing-likelihood model on past events (docs/likelihood.md)",
     {&cli_spec_fit}, NULL,
     "chainrank fit datasets/likely1 --cutoff 2018-01-01 --out model.json"},
    {"evidence", cmd_evidence,
     "DATASET --schemes A.json ... [--from Y --to Y] [--top K1,K2] [--boot N] [--format table|json] [--out F]"
     "   backtest on real events with baselines",
     {&cli_spec_evidence}, NULL,
     "chainrank evidence datasets/likely1 --schemes A.json B.json --boot 200"},
    {"report", cmd_report,
     "DATASET --park P [--chain K ...] --scheme S.json [--schemes A.json ...] [--top N] [--lang zh|en] --out R.html"
     "   the chain lead's report: one self-contained HTML file (docs/report.md)",
     {&cli_spec_report}, NULL,
     "chainrank report datasets/china2020 --park G321090 --chain ele --scheme datasets/schemes/balanced.json --out report.html"},
    {"vet", cmd_vet,
     "DATASET [--project P.json | --projects FILE] [--policy POLICY.json] [--as-of DATE] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   vet projects before signing: policy, environment, land use, credibility (exit 6 if one is refused)",
     {&cli_spec_vet}, NULL,
     "chainrank vet datasets/tiny --projects datasets/tiny/proposals.csv --policy datasets/tiny/policy.json"},
    {"ledger", cmd_ledger,
     "DATASET [--as-of DATE] [--by park|chain|year|scheme] [--schemes A.json ...] [--top K] [--overdue] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   the project ledger: rates, times to each stage, overdue projects",
     {&cli_spec_ledger}, NULL,
     "chainrank ledger datasets/china2020 --by chain"},
    {"library", cmd_library,
     "DATASET --chain K --scheme S.json [--parks P1,P2,...] [--top N] [--tier-a N] [--tier-b N] [--head-top N] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   the chain's target library by tier and category",
     {&cli_spec_library}, NULL,
     "chainrank library datasets/china2020 --chain nev --scheme datasets/schemes/balanced.json --top 20"},
    {"gen", cmd_gen,
     "[--enterprises N --parks P --chains K --links L --history H --seed S --force] [--progress|--quiet] OUT/   write a synthetic dataset",
     {&cli_spec_gen}, NULL,
     "chainrank gen --enterprises 100000 --parks 500 --seed 7 big/"},
};

enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

/* Prints the first n bytes of s. */
static void put_n(FILE *fp, const char *s, size_t n) { fwrite(s, 1, n, fp); }

/* One form "ARGS   summary": the arguments end at the first run of three
 * spaces (the summary may be absent). */
static size_t form_args_len(const char *form, size_t n)
{
    for (size_t k = 0; k + 3 <= n; k++)
        if (!memcmp(form + k, "   ", 3)) return k;
    return n;
}

static void usage(FILE *fp)
{
    fprintf(fp, "chainrank %s - which enterprises to attract to which industrial park\n\n"
                "usage: chainrank [--threads N] [--no-snapshot | --snapshot PATH] COMMAND [ARGS]\n"
                "       chainrank COMMAND --help     options, defaults and examples of COMMAND\n\ncommands:\n",
            cr_version());
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const char *f = commands[i].forms;
        while (*f) {
            size_t n = strcspn(f, "\n");
            fprintf(fp, "  %-10s ", commands[i].name);
            put_n(fp, f, n);
            fputc('\n', fp);
            f += n + (f[n] == '\n');
        }
    }
    fprintf(fp, "\nexit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input data, 4 I/O error,\n"
                "            5 not found, 6 refused by policy\n");
}

/* chainrank COMMAND --help: usage lines, summary, options aligned in two
 * columns, examples. */
static void command_help(FILE *fp, const command *c)
{
    const char *f = c->forms;
    int first = 1;
    while (*f) {
        size_t n = strcspn(f, "\n"), a = form_args_len(f, n);
        fprintf(fp, "%s chainrank [--threads N] %s ", first ? "usage:" : "      ", c->name);
        put_n(fp, f, a);
        fputc('\n', fp);
        first = 0;
        f += n + (f[n] == '\n');
    }
    f = c->forms;
    while (*f) {
        size_t n = strcspn(f, "\n"), a = form_args_len(f, n);
        if (a < n) {
            fputs(first ? "" : "\n", fp);
            first = 1;
            size_t s = a;
            while (s < n && f[s] == ' ') s++;
            put_n(fp, f + s, n - s);
            fputc('\n', fp);
        }
        f += n + (f[n] == '\n');
    }
    fprintf(fp, "\noptions:\n");
    for (const char *o = c->notes ? c->notes : ""; *o;) {
        size_t n = strcspn(o, "\n"), t = strcspn(o, "\t");
        if (t > n) t = n;
        fputs("  ", fp);
        put_n(fp, o, t);
        if (t < n) {
            fprintf(fp, "%*s", t < 22 ? (int)(22 - t) : 1, "");
            put_n(fp, o + t + 1, n - t - 1);
        }
        fputc('\n', fp);
        o += n + (o[n] == '\n');
    }
    cli_opts_help(fp, c->specs);
    fprintf(fp, "  --threads N (before COMMAND)  threads (default: all cores; output does not depend on it)\n");
    fprintf(fp, "  --no-snapshot (before COMMAND)  always read the dataset's files (default: map DATASET/.chainrank/snapshot.bin when fresh)\n");
    fprintf(fp, "  --snapshot PATH (before COMMAND)  the snapshot to map when fresh (default DATASET/.chainrank/snapshot.bin)\n");
    if (c->examples && *c->examples) {
        fprintf(fp, "\nexamples:\n");
        for (const char *e = c->examples; *e;) {
            size_t n = strcspn(e, "\n");
            fputs("  ", fp);
            put_n(fp, e, n);
            fputc('\n', fp);
            e += n + (e[n] == '\n');
        }
    }
}

static int wants_help(int argc, char **argv)
{
    for (int k = 1; k < argc; k++)
        if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) return 1;
    return 0;
}

static int run(int argc, char **argv)
{
    int threads = 0, snap_use = 1;
    const char *snap_path = NULL;
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            char *end;
            long t = strtol(argv[i + 1], &end, 10);
            if (*end || t < 1 || t > 4096) return cli_usage(NULL, "--threads wants a positive integer, got '%s'", argv[i + 1]);
            threads = (int)t;
            i += 2;
        } else if (!strcmp(argv[i], "--no-snapshot")) {
            snap_use = 0;
            i++;
        } else if (!strcmp(argv[i], "--snapshot") && i + 1 < argc) {
            snap_path = argv[i + 1];
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
    for (size_t c = 0; c < NCOMMANDS; c++) {
        if (strcmp(argv[i], commands[c].name) != 0) continue;
        if (wants_help(argc - i, argv + i)) {
            command_help(stdout, &commands[c]);
            return CLI_EXIT_OK;
        }
        if (!cli_mpi_runs_here(commands[c].name)) return CLI_EXIT_OK;   /* chainrank-mpi: rank 0 runs it */
        cr_global_init();
        cr_ctx *ctx = cr_ctx_alloc();
        if (!ctx) {
            fprintf(stderr, "chainrank: out of memory\n");
            return CLI_EXIT_INTERNAL;
        }
        cr_ctx_set_threads(ctx, threads ? threads : cli_mpi_default_threads());
        if (cr_ctx_set_snapshot(ctx, snap_use, snap_path) != CR_OK) {
            cr_ctx_free(ctx);
            fprintf(stderr, "chainrank: out of memory\n");
            return CLI_EXIT_INTERNAL;
        }
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
    /* stdio keeps ferror() but not the errno of a write that failed inside a
     * printf once its buffer filled; the errno is still there at the final
     * fflush only if nothing was written before it. A 64 KiB buffer keeps the
     * help and most reports in that case, so "> /dev/full" names ENOSPC; a
     * longer output that fails mid-way still exits 4, with "write error". */
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    cli_mpi_init(&argc, &argv);
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
    rc = cli_mpi_finish(rc);   /* chainrank-mpi: every rank exits with the code rank 0 reported */
    cli_mpi_finalize();
    return rc;
}
