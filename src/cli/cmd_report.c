/* chainrank report DATASET --park P [--chain K ...] --scheme S [--schemes A B ...] [--top N]
 *                  [--lang zh|en] [--outlines FILE|none] [--monte-carlo N] [--seed S] --out report.html
 *
 * One self-contained HTML file (cr_report_write; docs/report.md). The map's
 * outlines default to DATASET/../geo/cn_cities.json (datasets/geo beside the
 * shipped datasets) when that file exists; --outlines none draws a plain
 * projected scatter. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *CMD = "report";
enum { MAX_LIST = 32 };

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int cli_report_outlines(cr_ctx *ctx, const char *cmd, const char *dataset, const char *opt, cr_report_outlines **out)
{
    *out = NULL;
    char def[4096];
    const char *path = opt;
    if (opt && !strcmp(opt, "none")) return CLI_EXIT_OK;
    if (!path) {
        snprintf(def, sizeof def, "%s/../geo/cn_cities.json", dataset);
        if (!is_file(def)) return CLI_EXIT_OK;   /* no outlines shipped: the scatter */
        path = def;
    }
    cr_error_t rc = cr_report_outlines_load(ctx, path, out);
    return rc == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, cmd, rc);
}

typedef struct {
    const char *dir, *park, *outp, *outlines, *main_scheme;
    const char *chain_v[MAX_LIST], *scheme_v[MAX_LIST];
    cli_list chains, schemes;
    long mc;
    cr_report_params rp;
} report_opts;

static int opt_lang(const char *cmd, const char *v, void *o)
{
    return cli_lang_parse(cmd, v, 1, &((report_opts *)o)->rp.lang);
}

/* A list ends at DATASET while it is not given yet; "at most 32": MAX_LIST. */
#define REPORT_LIST(opt, f, A, H)                                                                                \
    CLI_LIST(opt, report_opts, f, CLI_LIST_DIR_ENDS_FIRST, "%s needs at least one value", "at most 32 values for %s", \
             A, H)
static const cli_opt report_opt[] = {
    CLI_STR("--park", report_opts, park, "P", "the park (required)"),
    REPORT_LIST("--chain", chains, "K", "a chain, repeatable (default: every chain the park leads)"),
    CLI_STR("--scheme", report_opts, main_scheme, "S.json", "the scheme of the target list (required)"),
    REPORT_LIST("--schemes", schemes, "A.json ...", "further schemes for the agreement and SMAA section (default: none)"),
    CLI_INT("--top", report_opts, rp.top, 1, 1000, "--top wants an integer in 1..1000, got '%s'", "N",
            "targets listed (default 15)"),
    CLI_LONG("--monte-carlo", report_opts, mc, 0, 10000000, "--monte-carlo wants a sample count >= 0, got '%s'", "N",
             "SMAA-2 samples when several schemes are given (default 2000)"),
    CLI_U64("--seed", report_opts, rp.seed, 0, UINT64_MAX, "--seed wants an integer >= 0, got '%s'", "S",
            "seed of the SMAA sampler (default 1)"),
    CLI_VALUE("--lang", opt_lang, "L", "zh or en (default zh)"),
    CLI_STR("--outlines", report_opts, outlines, "FILE",
            "map outlines (GeoJSON-like, docs/report.md), or none (default: DATASET/../geo/cn_cities.json when present)"),
    CLI_STR("--out", report_opts, outp, "FILE", "the HTML file, - for standard output (required)"),
    CLI_OPT_END};
const cli_optspec cli_spec_report = {.cmd = "report", .opts = report_opt, .pos_off = offsetof(report_opts, dir),
                                     .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_report(int argc, char **argv, cr_ctx *ctx)
{
    _Static_assert(MAX_LIST == 32, "REPORT_LIST's message names MAX_LIST");
    report_opts op = {.dir = NULL};
    op.chains = (cli_list){op.chain_v, 0, MAX_LIST};
    op.schemes = (cli_list){op.scheme_v, 0, MAX_LIST};
    cr_report_params_default(&op.rp);
    op.mc = (long)op.rp.smaa_samples;
    int code = cli_opts_parse(&cli_spec_report, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *park = op.park, *outp = op.outp, *outlines = op.outlines, *main_scheme = op.main_scheme;
    const char *const *chains = op.chain_v, *const *schemes = op.scheme_v;
    const size_t nch = op.chains.n, ns = op.schemes.n;
    cr_report_params rp = op.rp;
    rp.smaa_samples = (size_t)op.mc;
    if (!dir) return cli_usage(CMD, "missing DATASET");
    if (!park) return cli_usage(CMD, "missing --park P");
    if (!main_scheme && ns == 0) return cli_usage(CMD, "missing --scheme S.json");
    if (!outp) return cli_usage(CMD, "missing --out report.html");
    /* the ranking scheme first, then the others of --schemes (without repeating it) */
    const char *paths[MAX_LIST + 1];
    size_t np = 0;
    if (main_scheme) paths[np++] = main_scheme;
    for (size_t i = 0; i < ns; i++)
        if (!main_scheme || strcmp(schemes[i], main_scheme) != 0) paths[np++] = schemes[i];

    cr_scheme *sch[MAX_LIST + 1] = {0};
    cr_report_outlines *ol = NULL;
    cli_rank_env env = {0};
    int32_t cidx[MAX_LIST];
    cr_error_t rc;
    code = CLI_EXIT_OK;
    for (size_t i = 0; i < np; i++)
        if ((rc = cr_scheme_load(ctx, paths[i], &sch[i])) != CR_OK) { code = cli_fail(ctx, CMD, rc); goto out; }
    if ((code = cli_report_outlines(ctx, CMD, dir, outlines, &ol)) != CLI_EXIT_OK) goto out;
    if ((code = cli_rank_prepare(ctx, CMD, dir, &env)) != CLI_EXIT_OK) goto out;
    if (cr_dataset_resolve_park(ctx, env.ds, park, &rp.park) != CR_OK) {
        code = cli_fail(ctx, CMD, CR_ENOTFOUND);
        goto out;
    }
    for (size_t i = 0; i < nch; i++) {
        if (cr_dataset_resolve_chain(ctx, env.ds, chains[i], &cidx[i]) != CR_OK) {
            code = cli_fail(ctx, CMD, CR_ENOTFOUND);
            goto out;
        }
    }
    rp.chains = cidx;
    rp.nchains = (int32_t)nch;
    rp.schemes = (const cr_scheme *const *)sch;
    rp.nschemes = np;
    rp.outlines = ol;
    cr_world w = {env.ds, env.model, env.ranker};
    cli_out o;
    if ((code = cli_out_open(&o, outp, CMD)) != CLI_EXIT_OK) goto out;
    if ((rc = cr_report_write(ctx, &w, &rp, o.fp)) != CR_OK) {
        cli_out_abort(&o);
        code = cli_fail(ctx, CMD, rc);
        goto out;
    }
    code = cli_out_commit(&o, CMD);
out:
    cli_rank_release(&env);
    cr_report_outlines_free(ol);
    for (size_t i = 0; i < np; i++) cr_scheme_free(sch[i]);
    return code;
}
