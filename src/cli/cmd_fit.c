/* chainrank fit DATASET [--cutoff DATE] [--from-year Y] [--source S] [--ridge L] [--neg-rate R] [--seed S]
 *                       [--format json|table] [--out MODEL.json]
 * Fits the landing-likelihood logit on the events before the cutoff and
 * writes the model (JSON) where --out says; the coefficient table goes to
 * stdout (or stderr when the JSON goes to stdout). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parse_num(const char *cmd, const char *opt, const char *s, double lo, double hi, double *v)
{
    char *end;
    *v = strtod(s, &end);
    if (*end || !(*v >= lo && *v <= hi)) return cli_usage(cmd, "%s wants a number in [%g, %g], got '%s'", opt, lo, hi, s);
    return CLI_EXIT_OK;
}

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

int cmd_fit(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = "fit", *dir = NULL, *outp = NULL;
    int table_only = 0;   /* --format table: the coefficient table on stdout, the model only with --out */
    cr_likely_fit_opts fo;
    cr_likely_fit_opts_default(&fo);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        double v;
        int code;
        if (!strcmp(a, "--cutoff") && more) {
            if (cr_eval_parse_date(ctx, argv[++i], &fo.cutoff) != CR_OK)
                return cli_usage(cmd, "--cutoff wants YYYY-01-01, got '%s'", argv[i]);
            char buf[11];
            cr_eval_format_date(fo.cutoff, buf);
            if (strcmp(buf + 4, "-01-01") != 0) return cli_usage(cmd, "--cutoff must be 1 January of a year (events are yearly)");
        } else if (!strcmp(a, "--from-year") && more) {
            if ((code = parse_num(cmd, a, argv[++i], 1900, 2200, &v)) != CLI_EXIT_OK) return code;
            fo.from_year = (int)v;
        } else if (!strcmp(a, "--source") && more) {
            fo.source = argv[++i];
        } else if (!strcmp(a, "--ridge") && more) {
            if ((code = parse_num(cmd, a, argv[++i], 0, 1e6, &fo.ridge)) != CLI_EXIT_OK) return code;
        } else if (!strcmp(a, "--neg-rate") && more) {
            if ((code = parse_num(cmd, a, argv[++i], 1e-6, 1, &fo.neg_rate)) != CLI_EXIT_OK) return code;
        } else if (!strcmp(a, "--seed") && more) {
            if ((code = parse_num(cmd, a, argv[++i], 0, 9007199254740992.0, &v)) != CLI_EXIT_OK) return code;
            fo.seed = (uint64_t)v;
        } else if (!strcmp(a, "--out") && more) {
            outp = argv[++i];
        } else if (!strcmp(a, "--format") && more) {
            const char *f = argv[++i];
            if (!strcmp(f, "table")) table_only = 1;
            else if (strcmp(f, "json")) return cli_usage(cmd, "--format wants json (the model) or table (the coefficients)");
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(cmd, "unknown option '%s'", a);
        } else if (!dir) {
            dir = a;
        } else {
            return cli_usage(cmd, "one DATASET expected, got '%s' too", a);
        }
    }
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
    int code = CLI_EXIT_OK;
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
