/* chainrank evidence DATASET --schemes A.json [B.json ...] [--train-from Y] [--from Y] [--to Y] [--source S]
 *                            [--top K1,K2] [--boot N] [--seed S] [--ridge L] [--neg-rate R]
 *                            [--format table|json] [--out F]
 * The real-event backtest (docs/likelihood.md "Evidence"). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(cr_evidence_kind k)
{
    static const char *const n[] = {"model", "scheme", "expected", "baseline", "criterion"};
    return k <= CR_EV_CRITERION ? n[k] : "?";
}

static void metric_label(char *buf, size_t n, int j, const cr_evidence_opts *o)
{
    const char *s = cr_evidence_metric_name(j);
    if (!strcmp(s, "recall@K1")) snprintf(buf, n, "recall@%zu", o->k1);
    else if (!strcmp(s, "recall@K2")) snprintf(buf, n, "recall@%zu", o->k2);
    else if (!strcmp(s, "ndcg@K2")) snprintf(buf, n, "ndcg@%zu", o->k2);
    else snprintf(buf, n, "%s", s);
}

static void print_table(FILE *fp, const cr_evidence_result *R, const cr_evidence_opts *o, const char *dir)
{
    const size_t NM = R->nmethods;
    fprintf(fp, "Evidence on real events: %s, source '%s', test years %d-%d (model refitted each year on %d..year-1)\n",
            dir, o->source, o->from_year, o->to_year, o->train_from);
    long long rel = 0;
    for (size_t u = 0; u < R->nunits; u++) rel += R->unit_rel[u];
    fprintf(fp, "  events %lld (distinct enterprise, park, year; the enterprise listed before the year, the park new to it),"
                " %lld in a unit; units (year, park, chain) %zu over %zu parks, %lld relevant candidates in them\n",
            (long long)R->events, (long long)R->events_used, R->nunits, R->nclusters, rel);
    fprintf(fp, "  mean over units [95%% bootstrap interval over units, %d resamples]; last column: likelihood minus the"
                " method on AP [interval]\n\n", o->boot);
    char lab[32];
    fprintf(fp, "%-34s", "method");
    for (int j = 0; j < CR_EV_NMETRIC; j++) {
        metric_label(lab, sizeof lab, j, o);
        fprintf(fp, " %21s", lab);
    }
    fprintf(fp, " %11s %8s %22s\n", "pooled@K2", "excl.ev", "d(AP) vs likelihood");
    for (size_t mi = 0; mi < NM; mi++) {
        char name[64];
        snprintf(name, sizeof name, "%s (%s)", R->name[mi], kind_name(R->kind[mi]));
        fprintf(fp, "%-34s", name);
        for (int j = 0; j < CR_EV_NMETRIC; j++) {
            size_t c = mi * CR_EV_NMETRIC + (size_t)j;
            fprintf(fp, " %5.3f [%5.3f,%5.3f]", R->mean[c], R->lo[c], R->hi[c]);
        }
        size_t c = mi * CR_EV_NMETRIC + CR_EV_AP;
        fprintf(fp, " %11.3f %8lld", R->pooled_recall_k2[mi], (long long)R->excluded_events[mi]);
        if ((int)mi == R->ref) fprintf(fp, " %22s\n", "(reference)");
        else {
            double d = R->mean[(size_t)R->ref * CR_EV_NMETRIC + CR_EV_AP] - R->mean[c];
            fprintf(fp, " %+6.3f [%+6.3f,%+6.3f]\n", d, R->dlo[c], R->dhi[c]);
        }
    }
    /* per test year: the reference, the first scheme and two baselines */
    size_t pick[4];
    int npick = 0;
    pick[npick++] = (size_t)R->ref;
    for (size_t mi = 0; mi < NM; mi++)
        if (R->kind[mi] == CR_EV_SCHEME) { pick[npick++] = mi; break; }
    for (size_t mi = 0; mi < NM; mi++)
        if (R->kind[mi] == CR_EV_BASELINE && (!strcmp(R->name[mi], "distance") || !strcmp(R->name[mi], "random")))
            pick[npick++] = mi;
    fprintf(fp, "\nBy test year (units; relevant candidates in them; mean recall@%zu / AP):\n  %-6s %5s %6s", o->k2, "year", "units", "relev.");
    for (int q = 0; q < npick; q++) fprintf(fp, " %22s", R->name[pick[q]]);
    fprintf(fp, "\n");
    for (int y = o->from_year; y <= o->to_year; y++) {
        size_t nu = 0;
        long long ev = 0;
        double sr[4] = {0}, sa[4] = {0};
        for (size_t u = 0; u < R->nunits; u++) {
            if (R->unit_year[u] != y) continue;
            nu++;
            ev += R->unit_rel[u];
            for (int q = 0; q < npick; q++) {
                const double *um = R->unit_metric + (u * NM + pick[q]) * CR_EV_NMETRIC;
                sr[q] += um[CR_EV_RECALL_K2];
                sa[q] += um[CR_EV_AP];
            }
        }
        fprintf(fp, "  %-6d %5zu %6lld", y, nu, ev);
        for (int q = 0; q < npick; q++) {
            if (nu) fprintf(fp, " %13.3f / %6.3f", sr[q] / (double)nu, sa[q] / (double)nu);
            else fprintf(fp, " %22s", "-");
        }
        fprintf(fp, "\n");
    }
    fprintf(fp, "\nFits (one per test year, on the years before it):\n");
    for (int y = 0; y < R->nyears; y++) {
        cr_likely_model_info in;
        cr_likely_model_get_info(R->models[y], &in);
        fprintf(fp, "  test %d: events %lld, cases %lld, pseudo-R2 %.3f;", o->from_year + y, (long long)in.n_events,
                (long long)in.n_pairs, in.pseudo_r2);
        for (int j = 0; j < in.nfeat; j++) fprintf(fp, " %s %+.2f", cr_likely_feature_name(j), in.beta[j + 1]);
        fprintf(fp, "\n");
    }
}

static void print_json(FILE *fp, const cr_evidence_result *R, const cr_evidence_opts *o)
{
    char lab[32];
    fprintf(fp, "{\"source\": ");
    cli_json_string(fp, o->source);
    fprintf(fp, ", \"train_from\": %d, \"from\": %d, \"to\": %d, \"k1\": %zu, \"k2\": %zu, \"boot\": %d, \"seed\": %llu,\n",
            o->train_from, o->from_year, o->to_year, o->k1, o->k2, o->boot, (unsigned long long)o->seed);
    fprintf(fp, " \"events\": %lld, \"events_used\": %lld, \"units\": %zu,\n \"methods\": [\n", (long long)R->events,
            (long long)R->events_used, R->nunits);
    for (size_t mi = 0; mi < R->nmethods; mi++) {
        fprintf(fp, "  {\"name\": ");
        cli_json_string(fp, R->name[mi]);
        fprintf(fp, ", \"kind\": \"%s\", \"pooled_recall_k2\": ", kind_name(R->kind[mi]));
        cli_json_number(fp, R->pooled_recall_k2[mi]);
        fprintf(fp, ", \"excluded_events\": %lld", (long long)R->excluded_events[mi]);
        for (int j = 0; j < CR_EV_NMETRIC; j++) {
            size_t c = mi * CR_EV_NMETRIC + (size_t)j;
            metric_label(lab, sizeof lab, j, o);
            fprintf(fp, ", \"%s\": {\"mean\": ", lab);
            cli_json_number(fp, R->mean[c]);
            fprintf(fp, ", \"lo\": ");
            cli_json_number(fp, R->lo[c]);
            fprintf(fp, ", \"hi\": ");
            cli_json_number(fp, R->hi[c]);
            fprintf(fp, ", \"ref_minus_lo\": ");
            cli_json_number(fp, R->dlo[c]);
            fprintf(fp, ", \"ref_minus_hi\": ");
            cli_json_number(fp, R->dhi[c]);
            fprintf(fp, "}");
        }
        fprintf(fp, "}%s\n", mi + 1 < R->nmethods ? "," : "");
    }
    fprintf(fp, " ]}\n");
}

typedef struct {
    const char *dir, *outp;
    cli_list schemes;
    int json;
    cr_evidence_opts eo;
} evidence_opts;

/* --top K1,K2: two list lengths >= 1, each a plain number */
static int opt_top(const char *cmd, const char *v, void *o)
{
    evidence_opts *op = o;
    char *end;
    long k1 = v[0] >= '0' && v[0] <= '9' ? strtol(v, &end, 10) : 0, k2 = 0;
    if (k1 >= 1 && *end == ',' && end[1] >= '0' && end[1] <= '9') k2 = strtol(end + 1, &end, 10);
    if (k1 < 1 || k2 < 1 || *end) return cli_usage(cmd, "--top wants K1,K2 (e.g. 10,50)");
    op->eo.k1 = (size_t)k1;
    op->eo.k2 = (size_t)k2;
    return CLI_EXIT_OK;
}

#define YEAR_OPT(opt, f, A, H) \
    CLI_INT(opt, evidence_opts, eo.f, 1900, 2200, opt " wants an integer in [1900, 2200], got '%s'", A, H)
static const char *const evidence_formats[] = {"table", "json", NULL};
static const cli_opt evidence_opt[] = {
    CLI_LIST("--schemes", evidence_opts, schemes, CLI_LIST_LAST_OK, NULL, "too many values for %s", "A.json ...",
             "the schemes (required)"),
    YEAR_OPT("--train-from", train_from, "Y", "first year the model is fitted on (default 2013)"),
    YEAR_OPT("--from", from_year, "Y", "first test year (default 2014)"),
    YEAR_OPT("--to", to_year, "Y", "last test year (default 2018)"),
    CLI_STR("--source", evidence_opts, eo.source, "S", "the history source used as events (default apple-supplier-list)"),
    CLI_VALUE("--top", opt_top, "K1,K2", "the two list lengths of recall and NDCG (default 10,50)"),
    CLI_INT("--boot", evidence_opts, eo.boot, 0, 100000, "--boot wants an integer in [0, 100000], got '%s'", "N",
            "bootstrap resamples (default 1000)"),
    CLI_U64("--seed", evidence_opts, eo.seed, 0, 2147483647, "--seed wants an integer in [0, 2147483647], got '%s'", "S",
            "seed of the bootstrap and the random baseline (default 1)"),
    CLI_DOUBLE("--ridge", evidence_opts, eo.fit.ridge, 0, INFINITY, 0, "--ridge wants a number >= 0", "L",
               "ridge penalty of the yearly fits (default 1)"),
    CLI_DOUBLE("--neg-rate", evidence_opts, eo.fit.neg_rate, 0, 1, CLI_OPEN_LO, "--neg-rate wants (0, 1]", "R",
               "share of non-events kept (default 0.05)"),
    CLI_ENUM("--format", evidence_opts, json, 0, evidence_formats, "--format wants table or json", "F",
             "table or json (default table)"),
    CLI_STR("--out", evidence_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_evidence = {.cmd = "evidence", .opts = evidence_opt, .pos_off = offsetof(evidence_opts, dir),
                                       .unknown = CLI_MSG_UNKNOWN, .extra = "one DATASET expected, got '%s' too"};

int cmd_evidence(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = "evidence";
    const char **spaths = calloc((size_t)argc + 1, sizeof *spaths);   /* every argument could be a scheme */
    if (!spaths) return CLI_EXIT_INTERNAL;
    evidence_opts op = {.schemes = {spaths, 0, (size_t)argc}};
    cr_evidence_opts_default(&op.eo);
    int code = cli_opts_parse(&cli_spec_evidence, argc, argv, &op);
    const char *dir = op.dir, *outp = op.outp;
    const size_t ns = op.schemes.n;
    const int json = op.json;
    cr_evidence_opts eo = op.eo;
    if (code == CLI_EXIT_OK && !dir) code = cli_usage(cmd, "missing DATASET");
    if (code == CLI_EXIT_OK && ns == 0) code = cli_usage(cmd, "--schemes A.json [B.json ...] is required");
    if (code != CLI_EXIT_OK) {
        free(spaths);
        return code;
    }
    cr_scheme **sch = calloc(ns, sizeof *sch);
    const char **names = calloc(ns, sizeof *names);
    cli_rank_env env;
    memset(&env, 0, sizeof env);
    cr_evidence_result *R = NULL;
    cr_error_t rc = CR_OK;
    if (!sch || !names) { code = CLI_EXIT_INTERNAL; goto done; }
    for (size_t s = 0; s < ns; s++) {
        if ((rc = cr_scheme_load(ctx, spaths[s], &sch[s])) != CR_OK) { code = cli_fail(ctx, cmd, rc); goto done; }
        names[s] = cr_scheme_name(sch[s]);
    }
    if ((code = cli_rank_prepare(ctx, cmd, dir, &env)) != CLI_EXIT_OK) goto done;
    if ((rc = cr_likely_evidence(ctx, env.model, sch, names, ns, &eo, &R)) != CR_OK) {
        code = cli_fail(ctx, cmd, rc);
        goto done;
    }
    cli_out o;
    if ((code = cli_out_open(&o, outp, cmd)) != CLI_EXIT_OK) goto done;
    if (json) print_json(o.fp, R, &eo);
    else print_table(o.fp, R, &eo, dir);
    code = cli_out_commit(&o, cmd);
done:
    cr_evidence_result_free(R);
    cli_rank_release(&env);
    for (size_t s = 0; sch && s < ns; s++) cr_scheme_free(sch[s]);
    free(sch);
    free(names);
    free(spaths);
    return code;
}
