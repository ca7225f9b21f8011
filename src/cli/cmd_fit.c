/* chainrank fit DATASET [--cutoff DATE] [--from-year Y] [--source S] [--ridge L] [--neg-rate R] [--seed S]
 *                       [--format json|table] [--out MODEL.json]
 * Fits the landing-likelihood logit on the events before the cutoff and
 * writes the model (JSON) where --out says; the coefficient table goes to
 * stdout (or stderr when the JSON goes to stdout). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cli_likely_print_model(FILE *fp, const cr_likely_model *m)
{
    cr_likely_model_info in;
    cr_likely_model_get_info(m, &in);
    fprintf(fp, "Landing likelihood: binary logit, events '%s' of %d-%d, ridge %g, non-events kept at rate %g\n",
            in.source, in.from_year, in.to_year, in.ridge, in.neg_rate);
    fprintf(fp, "  events %lld, cases %lld; log-likelihood %.3f (null %.3f), McFadden pseudo-R2 %.3f; %s after %d iterations\n",
            (long long)in.n_events, (long long)in.n_pairs, in.loglik, in.loglik_null, in.pseudo_r2,
            in.converged ? "converged" : "NOT converged", in.iterations);
    fprintf(fp, "  %-14s %10s %10s %8s %10s %10s\n", "feature", "beta", "se", "z", "mean", "sd");
    fprintf(fp, "  %-14s %10.4f %10.4f %8.2f %10s %10s\n", "(intercept)", in.beta[0], in.se[0], in.beta[0] / in.se[0],
            "", "");
    for (int j = 0; j < in.nfeat; j++)
        fprintf(fp, "  %-14s %10.4f %10.4f %8.2f %10.4f %10.4f\n", cr_likely_feature_name(j), in.beta[j + 1],
                in.se[j + 1], in.beta[j + 1] / in.se[j + 1], in.mean[j], in.sd[j]);
    fprintf(fp, "  (coefficients per standard deviation of each feature; the intercept is prior-corrected for the"
                " sampling of non-events)\n");
}

typedef struct {
    const char *dir, *outp;
    int table_only;   /* --format table: the coefficient table on stdout, the model only with --out */
    cr_ctx *ctx;      /* --cutoff's date parser reports there */
    cr_likely_fit_opts fo;
} fit_opts;

static int opt_cutoff(const char *cmd, const char *v, void *o)
{
    fit_opts *op = o;
    if (cr_eval_parse_date(op->ctx, v, &op->fo.cutoff) != CR_OK) return cli_usage(cmd, "--cutoff wants YYYY-01-01, got '%s'", v);
    char buf[11];
    cr_eval_format_date(op->fo.cutoff, buf);
    if (strcmp(buf + 4, "-01-01") != 0) return cli_usage(cmd, "--cutoff must be 1 January of a year (events are yearly)");
    return CLI_EXIT_OK;
}

static const char *const fit_formats[] = {"json", "table", NULL};
static const cli_opt fit_opt[] = {
    CLI_VALUE("--cutoff", opt_cutoff, "YYYY-01-01", "only events before it (default: all)"),
    CLI_INT("--from-year", fit_opts, fo.from_year, 1900, 2200, "--from-year wants a number in [1900, 2200], got '%s'",
            "Y", "first year of events (default 2013)"),
    CLI_STR("--source", fit_opts, fo.source, "S", "the history source used as events (default apple-supplier-list)"),
    CLI_DOUBLE("--ridge", fit_opts, fo.ridge, 0, 1e6, 0, NULL, "L", "ridge penalty (default 1)"),
    CLI_DOUBLE("--neg-rate", fit_opts, fo.neg_rate, 1e-6, 1, 0, NULL, "R",
               "share of non-events kept, in (0, 1] (default 0.05)"),
    CLI_U64("--seed", fit_opts, fo.seed, 0, 9007199254740992ull, "--seed wants a number in [0, 9.0072e+15], got '%s'",
            "S", "seed of the non-event sampling (default 1)"),
    CLI_ENUM("--format", fit_opts, table_only, 0, fit_formats,
             "--format wants json (the model) or table (the coefficients)", "F",
             "json (the model) or table (the coefficients) (default json)"),
    CLI_STR("--out", fit_opts, outp, "MODEL.json", "write the model there (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_fit = {.cmd = "fit", .opts = fit_opt, .pos_off = offsetof(fit_opts, dir),
                                  .unknown = CLI_MSG_UNKNOWN, .extra = "one DATASET expected, got '%s' too"};

int cmd_fit(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = "fit";
    fit_opts op = {.ctx = ctx};
    cr_likely_fit_opts_default(&op.fo);
    int code = cli_opts_parse(&cli_spec_fit, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *outp = op.outp;
    const int table_only = op.table_only;
    cr_likely_fit_opts fo = op.fo;
    if (!dir) return cli_usage(cmd, "missing DATASET");
    /* the dataset without its own likelihood model: this command makes it */
    cr_load_params lp;
    cr_load_params_default(&lp);
    lp.skip_likelihood = 1;
    cr_world_params wp;
    cr_world_params_default(&wp);
    wp.load = &lp;
    cr_world w;
    cr_likely_model *m = NULL;
    char *json = NULL;
    cr_error_t rc = cr_world_init(ctx, &w, dir, &wp);
    if (rc == CR_OK) rc = cr_likely_fit(ctx, w.model, &fo, &m);
    if (rc == CR_OK) rc = cr_likely_model_json(ctx, m, &json);
    if (rc != CR_OK) {
        code = cli_fail(ctx, cmd, rc);
        goto done;
    }
    int to_stdout = !table_only && (!outp || !strcmp(outp, "-"));
    cli_likely_print_model(to_stdout ? stderr : stdout, m);
    if (outp || to_stdout) {
        cli_out o;
        if ((code = cli_out_open(&o, outp, cmd)) != CLI_EXIT_OK) goto done;
        fputs(json, o.fp);
        code = cli_out_commit(&o, cmd);
    }
done:
    free(json);
    cr_likely_model_free(m);
    cr_world_destroy(&w);
    return code;
}
