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

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

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

int cmd_report(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *park = NULL, *outp = NULL, *outlines = NULL;
    const char *chains[MAX_LIST], *schemes[MAX_LIST];
    size_t nch = 0, ns = 0;
    const char *main_scheme = NULL;
    cr_report_params rp;
    cr_report_params_default(&rp);
    int code;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if ((!strcmp(a, "--chain") || !strcmp(a, "--schemes")) && i + 1 < argc) {
            int is_chain = a[2] == 'c';
            int took = 0;
            while (i + 1 < argc && argv[i + 1][0] != '-') {
                if (is_dir(argv[i + 1]) && !dir) break;   /* DATASET may follow the list */
                if ((is_chain ? nch : ns) >= MAX_LIST) return cli_usage(CMD, "at most %d values for %s", MAX_LIST, a);
                if (is_chain) chains[nch++] = argv[++i];
                else schemes[ns++] = argv[++i];
                took = 1;
            }
            if (!took) return cli_usage(CMD, "%s needs at least one value", a);
        } else if (!strcmp(a, "--park") && i + 1 < argc) park = argv[++i];
        else if (!strcmp(a, "--scheme") && i + 1 < argc) main_scheme = argv[++i];
        else if (!strcmp(a, "--out") && i + 1 < argc) outp = argv[++i];
        else if (!strcmp(a, "--outlines") && i + 1 < argc) outlines = argv[++i];
        else if (!strcmp(a, "--lang") && i + 1 < argc) {
            if ((code = cli_lang_parse(CMD, argv[++i], 1, &rp.lang)) != CLI_EXIT_OK) return code;
        } else if (!strcmp(a, "--top") && i + 1 < argc) {
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 1 || t > 1000) return cli_usage(CMD, "--top wants an integer in 1..1000, got '%s'", argv[i]);
            rp.top = (int32_t)t;
        } else if (!strcmp(a, "--monte-carlo") && i + 1 < argc) {
            long t = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || t < 0 || t > 10000000) return cli_usage(CMD, "--monte-carlo wants a sample count >= 0, got '%s'", argv[i]);
            rp.smaa_samples = (size_t)t;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            unsigned long long s = strtoull(argv[++i], &end, 10);
            if (*end || end == argv[i] || argv[i][0] == '-') return cli_usage(CMD, "--seed wants an integer >= 0, got '%s'", argv[i]);
            rp.seed = (uint64_t)s;
        } else if (a[0] == '-' && a[1]) return cli_usage(CMD, "unknown or incomplete option '%s'", a);
        else if (!dir) dir = a;
        else return cli_usage(CMD, "one DATASET folder expected, got '%s' too", a);
    }
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
