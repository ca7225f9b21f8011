/* chainrank command-line entry point: dispatch to one cmd_*.c per command.
 *
 * Every command is one row of commands[]: its function, its forms (the
 * synopsis shown by `chainrank --help`, one line per form), and the long help
 * `chainrank COMMAND --help` prints: what it does, every option with its
 * default, and examples. `--help` (or `-h`) anywhere after the command is
 * answered here, before the command parses anything, so a command added by a
 * new row gets it by filling in its row (tests/cli/help.sh checks every row). */
#include "cli.h"
#include "cli_mpi.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef int (*cmd_fn)(int argc, char **argv, cr_ctx *ctx);

/* One command. forms: "ARGS   summary" lines, one per form, '\n'-separated
 * (the top-level help prints each as "chainrank NAME ARGS"). options: one
 * line per option, "--flag ARG\twhat it does (default X)"; every option that
 * takes a value names its default or says "required". examples: full
 * command lines, one a line. */
typedef struct {
    const char *name;
    cmd_fn fn;
    const char *forms;
    const char *options;
    const char *examples;
} command;

static const command commands[] = {
    {"validate", cmd_validate,
     "DATASET [--strict]   check a dataset; list every problem as file:line:column: field: message, then the warnings",
     "--max-errors N\tproblems listed at most (default 100)\n"
     "--strict\twarnings (unknown or misnamed columns, all-empty or all-zero columns, full-width separators) are errors, exit 3 (default: off)",
     "chainrank validate datasets/tiny"},
    {"snapshot", cmd_snapshot,
     "DATASET [--out PATH]   save the loaded dataset, model and ranker; commands map it while the files are unchanged",
     "--out PATH\twhere to write it (default DATASET/.chainrank/snapshot.bin, the path every command looks at; another path is used with chainrank --snapshot PATH)",
     "chainrank snapshot datasets/china2020\n"
     "chainrank snapshot /data/readonly --out /tmp/ro.snap && chainrank --snapshot /tmp/ro.snap rank /data/readonly --park P1 --scheme datasets/schemes/balanced.json"},
    {"parks", cmd_parks,
     "DATASET [--province X] [--chain K] [--name TEXT] [--format table|json|csv]   list the parks",
     "--province X\tonly parks whose province contains X (default: all)\n"
     "--chain K\tonly parks leading chain K: an id, a unique name or a unique part of one (default: all)\n"
     "--name TEXT\tonly parks whose id or name contains TEXT, ASCII letters in any case (default: all)\n"
     "--format F\ttable, json or csv (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank parks datasets/tiny\n"
     "chainrank parks datasets/tiny --province 湖北 --chain nev --format csv"},
    {"chains", cmd_chains,
     "DATASET [--format table|json|csv]   list the chains: segments, edges, parks leading each",
     "--format F\ttable, json or csv (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank chains datasets/tiny"},
    {"rank", cmd_rank,
     "DATASET --park P [--chain K] --scheme S.json [--top N] [--format table|json|csv|xlsx] [--lang en|zh] [--excluded] [--out F]"
     "   ranked, explained target list",
     "--park P\tthe park: an id, a unique name or a unique part of one (required)\n"
     "--chain K\tthe chain: id, unique name or part (default: the first chain the park leads)\n"
     "--scheme S.json\tthe weighting scheme (required; docs/model.md)\n"
     "--top N\tlength of the list, 0 = all (default 20)\n"
     "--format F\ttable, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx; docs/outputs.md)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"
     "--excluded\talso list the excluded candidates with the reason (default: off)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank rank datasets/tiny --park P1 --scheme datasets/schemes/balanced.json\n"
     "chainrank rank datasets/tiny --park P1 --chain nev --scheme datasets/schemes/balanced.json --top 50 --format csv --out top50.csv"},
    {"sites", cmd_sites,
     "DATASET (--enterprise E | --profile P.json) [--chain K] --scheme S.json [--parks A,B | --province X] [--top N] [--no-place] [--format table|json|csv] [--out F]"
     "   the parks ranked for one investor (docs/allocate.md)",
     "--enterprise E\tthe enterprise, by id (required unless --profile)\n"
     "--profile P.json\ta hypothetical project: segments, output, needs, intensities (required unless --enterprise; docs/allocate.md)\n"
     "--chain K\tthe chain, by id (default: the first chain, in dataset order, the enterprise has a segment in)\n"
     "--scheme S.json\tthe weighting scheme (required)\n"
     "--parks A,B\tthese parks, by id (default: every park)\n"
     "--province X\tonly the parks of province X (default: all provinces)\n"
     "--top N\tparks listed, 0 = all (default 0)\n"
     "--no-place\tskip the enterprise's place in each park's list, which costs a second sweep (default: off)\n"
     "--format F\ttable, json or csv (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank sites datasets/china2020 --enterprise 300750.SZ --chain nev --scheme datasets/schemes/balanced.json --province 江苏 --top 10"},
    {"contest", cmd_contest,
     "DATASET --chain K --scheme S.json [--parks A,B | --province X] [--top K] [--show N] [--format table|json|csv] [--out F]"
     "   enterprises many parks chase, and the homogeneity of the parks' lists",
     "--chain K\tthe chain: id, unique name or part (required)\n"
     "--scheme S.json\tthe weighting scheme (required)\n"
     "--parks A,B\tthese parks, by id (default: every park leading the chain)\n"
     "--province X\tonly the parks of province X leading the chain (default: all provinces)\n"
     "--top K\tlength of each park's list (default 20)\n"
     "--show N\tcontested enterprises listed (default 20)\n"
     "--format F\ttable, json or csv (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank contest datasets/china2020 --chain nev --scheme datasets/schemes/default.json --province 江苏 --top 10"},
    {"allocate", cmd_allocate,
     "DATASET --chain K --scheme S.json (--capacity N | --capacities F.csv) [--parks A,B | --province X] [--top K] [--format table|json|csv] [--out F]"
     "   each target to at most one park, each park within its capacity, total value maximal (GLPK)",
     "--capacity N\ttargets per park (required unless --capacities)\n"
     "--capacities F.csv\tpark,capacity rows (required unless --capacity)\n"
     "--chain K\tthe chain: id, unique name or part (required)\n"
     "--scheme S.json\tthe weighting scheme (required)\n"
     "--parks A,B\tthese parks, by id (default: every park leading the chain)\n"
     "--province X\tonly the parks of province X leading the chain (default: all provinces)\n"
     "--top K\tcandidates offered per park: its top K (default 4 x --capacity, 20 with --capacities)\n"
     "--format F\ttable, json or csv (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank allocate datasets/china2020 --chain nev --scheme datasets/schemes/default.json --province 江苏 --capacity 3 --top 10"},
    {"batch", cmd_batch,
     "DATASET --plan PLAN.json --out DIR [--resume] [--format csv|json|xlsx] [--report [--outlines FILE|none]] [--lang zh|en] [--progress|--quiet]   ranked lists for many (park, chain, scheme)",
     "--plan PLAN.json\tthe jobs (required; docs/model.md \"Batch\")\n"
     "--out DIR\tfolder for the lists and index.csv (required)\n"
     "--resume\tkeep the lists a killed run finished (default: off)\n"
     "--format F\tcsv, json or xlsx, one file per job (default csv; docs/outputs.md)\n"
     "--report\talso each job's HTML report and DIR/index.html (default: off; docs/report.md)\n"
     "--outlines FILE\tmap outlines of the reports, or none (default: DATASET/../geo/cn_cities.json when present)\n"
     "--lang L\tlanguage of the reports and workbooks, zh or en (default zh with --report, else en)\n"
     "--progress\tdraw the progress bar on standard error even when it is not a terminal (default: only on a terminal)\n"
     "--quiet\tno progress bar (default: off)",
     "chainrank batch datasets/tiny --plan tests/golden/plan-tiny.json --out lists/\n"
     "chainrank batch datasets/tiny --plan tests/golden/plan-tiny.json --out lists/ --report"},
    {"gaps", cmd_gaps,
     "DATASET --park P [--chain K] [--format table|json|csv|xlsx] [--lang en|zh]   chain panorama and gap list of a park",
     "--park P\tthe park: an id, a unique name or a unique part of one (required)\n"
     "--chain K\tone chain (default: every chain the park leads)\n"
     "--format F\ttable, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"

     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank gaps datasets/tiny --park P1\n"
     "chainrank gaps datasets/tiny --park P1 --format csv --out gaps.csv"},
    {"compare", cmd_compare,
     "DATASET --park P --schemes A.json B.json [...]   agreement, SMAA and backtest of schemes on a park\n"
     "--rankings R.json [--format json|table] [--out FILE]   agreement between ready-made rankings",
     "--park P\tthe park: an id, a unique name or a unique part of one (required unless --all-parks)\n"
     "--chain K\tthe chain (default: the first chain the park leads)\n"
     "--schemes A.json ...\tthe schemes to compare (required with DATASET)\n"
     "--scheme A.json ...\tthe same as --schemes (required with DATASET)\n"
     "--top K\ttop-k of the overlap and Jaccard (default 10)\n"
     "--rbo-p P\tpersistence of rank-biased overlap, in (0, 1) (default 0.9)\n"
     "--monte-carlo N\tSMAA-2 samples of the weights (default 0 = no SMAA)\n"
     "--seed S\tseed of the SMAA sampler (default 1)\n"
     "--history [FILE]\tbacktest on the dataset's history or FILE (default: no backtest)\n"
     "--cutoff YYYY-MM-DD\tbacktest cutoff date (default: none; needed by --history)\n"
     "--all-parks\tbacktest every park (default: off)\n"
     "--progress\tdraw the progress bar on standard error even when it is not a terminal (default: only on a terminal)\n"
     "--quiet\tno progress bar (default: off)\n"
     "--rankings R.json\tcompare ready-made rankings instead (required in that form; docs/agreement.md)\n"
     "--format F\ttable, json, csv or xlsx (default table; --rankings: json; xlsx needs --out FILE.xlsx)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"

     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank compare datasets/tiny --park P1 --schemes A.json B.json --monte-carlo 1000\n"
     "chainrank compare --rankings rankings.json --format table"},
    {"mcda", cmd_mcda,
     "PROBLEM.json|- [--out FILE]   rank alternatives by TOPSIS, VIKOR or WSM (docs/mcda.md)",
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank mcda problem.json\n"
     "cat problem.json | chainrank mcda -"},
    {"smaa", cmd_smaa,
     "PROBLEM.json|- [--out FILE]   SMAA-2 rank acceptability over sampled weights (docs/smaa.md)",
     "PROBLEM\tthe mcda problem format plus \"samples\", \"seed\", \"weights_model\", \"ranks\", \"top_k\", \"holistic\"\n"
     "--out FILE\twrite there instead of standard output (default: standard output)\n"
     "--progress\tdraw the progress bar on standard error even when it is not a terminal (default: only on a terminal)\n"
     "--quiet\tno progress bar (default: off)",
     "chainrank smaa problem.json"},
    {"weights", cmd_weights,
     "PROBLEM.json|SCHEME.json|- [--out FILE]   criteria weights only (AHP, entropy, CRITIC, std, equal)",
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank weights problem.json\n"
     "chainrank weights datasets/schemes/balanced.json"},
    {"relatedness", cmd_relatedness,
     "MATRIX.csv [--rca-threshold X] [--proximity-diagonal one|zero] [--format json|csv] [--long] [--out F]"
     "   RCA, proximity, density, ECI/PCI, COI/COG",
     "--rca-threshold X\tM = 1 where RCA >= X (default 1)\n"
     "--proximity-diagonal D\tone or zero (default one, as py-ecomplexity; docs/complexity.md)\n"
     "--format F\tjson or csv (default json)\n"
     "--long\tread MATRIX.csv as long rows location,activity,value (default: detect)\n"
     "--wide\tread MATRIX.csv as a wide matrix (default: detect)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank relatedness exports.csv --format csv"},
    {"fit", cmd_fit,
     "DATASET [--cutoff YYYY-01-01] [--from-year Y] [--ridge L] [--out MODEL.json]"
     "   fit the landing-likelihood model on past events (docs/likelihood.md)",
     "--cutoff YYYY-01-01\tonly events before it (default: all)\n"
     "--from-year Y\tfirst year of events (default 2013)\n"
     "--source S\tthe history source used as events (default apple-supplier-list)\n"
     "--ridge L\tridge penalty (default 1)\n"
     "--neg-rate R\tshare of non-events kept, in (0, 1] (default 0.05)\n"
     "--seed S\tseed of the non-event sampling (default 1)\n"
     "--format F\tjson (the model) or table (the coefficients) (default json)\n"
     "--out MODEL.json\twrite the model there (default: standard output)",
     "chainrank fit datasets/likely1 --cutoff 2018-01-01 --out model.json"},
    {"evidence", cmd_evidence,
     "DATASET --schemes A.json ... [--from Y --to Y] [--top K1,K2] [--boot N] [--format table|json] [--out F]"
     "   backtest on real events with baselines",
     "--schemes A.json ...\tthe schemes (required)\n"
     "--train-from Y\tfirst year the model is fitted on (default 2013)\n"
     "--from Y\tfirst test year (default 2014)\n"
     "--to Y\tlast test year (default 2018)\n"
     "--source S\tthe history source used as events (default apple-supplier-list)\n"
     "--top K1,K2\tthe two list lengths of recall and NDCG (default 10,50)\n"
     "--boot N\tbootstrap resamples (default 1000)\n"
     "--seed S\tseed of the bootstrap and the random baseline (default 1)\n"
     "--ridge L\tridge penalty of the yearly fits (default 1)\n"
     "--neg-rate R\tshare of non-events kept (default 0.05)\n"
     "--format F\ttable or json (default table)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank evidence datasets/likely1 --schemes A.json B.json --boot 200"},
    {"report", cmd_report,
     "DATASET --park P [--chain K ...] --scheme S.json [--schemes A.json ...] [--top N] [--lang zh|en] --out R.html"
     "   the chain lead's report: one self-contained HTML file (docs/report.md)",
     "--park P\tthe park (required)\n"
     "--chain K\ta chain, repeatable (default: every chain the park leads)\n"
     "--scheme S.json\tthe scheme of the target list (required)\n"
     "--schemes A.json ...\tfurther schemes for the agreement and SMAA section (default: none)\n"
     "--top N\ttargets listed (default 15)\n"
     "--monte-carlo N\tSMAA-2 samples when several schemes are given (default 2000)\n"
     "--seed S\tseed of the SMAA sampler (default 1)\n"
     "--lang L\tzh or en (default zh)\n"
     "--outlines FILE\tmap outlines (GeoJSON-like, docs/report.md), or none (default: DATASET/../geo/cn_cities.json when present)\n"
     "--out FILE\tthe HTML file, - for standard output (required)",
     "chainrank report datasets/china2020 --park G321090 --chain ele --scheme datasets/schemes/balanced.json --out report.html"},
    {"vet", cmd_vet,
     "DATASET [--project P.json | --projects FILE] [--policy POLICY.json] [--as-of DATE] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   vet projects before signing: policy, environment, land use, credibility (exit 6 if one is refused)",
     "--project P.json\tone proposal or {\"projects\": [...]} as JSON (default: the dataset's own projects)\n"
     "--projects FILE\tproposals as CSV in the projects.csv format (default: the dataset's own projects)\n"
     "--policy POLICY.json\tindustrial-policy and land-use rules (default: built-in defaults; docs/projects.md)\n"
     "--as-of DATE\tthe day the ledger is read for the credibility rule, YYYY-MM-DD (default: the latest history or project-event date)\n"
     "--format F\ttable, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank vet datasets/tiny --projects datasets/tiny/proposals.csv --policy datasets/tiny/policy.json"},
    {"ledger", cmd_ledger,
     "DATASET [--as-of DATE] [--by park|chain|year|scheme] [--schemes A.json ...] [--top K] [--overdue] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   the project ledger: rates, times to each stage, overdue projects",
     "--as-of DATE\tthe day the ledger is read, YYYY-MM-DD (default: the latest history or project-event date)\n"
     "--by G\tgroup by park, chain, year or scheme (default: all projects together)\n"
     "--schemes A.json ...\tthe schemes of --by scheme (required with --by scheme)\n"
     "--top K\tlist length of --by scheme (default 50)\n"
     "--overdue\tlist the overdue projects instead (default: off)\n"
     "--format F\ttable, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank ledger datasets/china2020 --by chain"},
    {"library", cmd_library,
     "DATASET --chain K --scheme S.json [--parks P1,P2,...] [--top N] [--tier-a N] [--tier-b N] [--head-top N] [--format table|json|csv|xlsx] [--lang en|zh] [--out F]"
     "   the chain's target library by tier and category",
     "--chain K\tthe chain (required)\n"
     "--scheme S.json\tthe scheme of the parks' lists (required)\n"
     "--parks P1,P2\tthe parks (default: every park leading the chain)\n"
     "--top N\tlist length per park (default 30)\n"
     "--tier-a N\tbest position within which a target can be tier A (default 10; docs/projects.md)\n"
     "--tier-b N\tbest position within which a target is tier B (default 20)\n"
     "--head-top N\thead firms: the chain's top N by revenue (default 10)\n"
     "--format F\ttable, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)\n"
     "--lang L\tlanguage of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)\n"
     "--out FILE\twrite there instead of standard output (default: standard output)",
     "chainrank library datasets/china2020 --chain nev --scheme datasets/schemes/balanced.json --top 20"},
    {"gen", cmd_gen,
     "[--enterprises N --parks P --chains K --links L --history H --seed S --force] [--progress|--quiet] OUT/   write a synthetic dataset",
     "--enterprises N\tenterprises (default 10000)\n"
     "--parks P\tparks (default 100)\n"
     "--chains K\tchains, 1..64 (default 3)\n"
     "--links L\tsupply links (default 3 x enterprises)\n"
     "--history H\thistory rows (default enterprises / 100)\n"
     "--seed S\tseed (default 1)\n"
     "--tenant-share F\tshare of enterprises that are tenants of a park (default 0.3)\n"
     "--force\twrite into a non-empty OUT/ (default: refuse)\n"
     "--progress\tdraw the progress bar on standard error even when it is not a terminal (default: only on a terminal)\n"
     "--quiet\tno progress bar (default: off)",
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
    if (c->options && *c->options) {
        fprintf(fp, "\noptions:\n");
        for (const char *o = c->options; *o;) {
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
    }
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
