/* chainrank ledger DATASET [--as-of DATE] [--by park|chain|year|scheme] [--schemes A.json ...] [--top K]
 *                   [--overdue] [--format table|json|csv] [--out FILE]
 * The project ledger: rates, times to each stage, overdue projects; with
 * --by scheme, how many landed projects each scheme listed before signing
 * (docs/projects.md "ledger"). --overdue: the overdue list only (for CSV). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CMD "ledger"

static const char *const by_names[4] = {"all", "park", "chain", "year"};

static void pct(FILE *fp, double v, int w)
{
    if (isnan(v)) fprintf(fp, " %*s", w, "-");
    else fprintf(fp, " %*.1f", w, 100 * v);
}

static void print_overdue_table(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r)
{
    fprintf(fp, "overdue: %lld (past a due date without the stage; special report due within 3 working days)\n",
            (long long)r->noverdue);
    if (!r->noverdue) return;
    fprintf(fp, "  %-12s %-12s %-10s %-10s %-10s %6s  %-10s\n", "project", "enterprise", "park", "stage", "due", "days",
            "report_by");
    for (int64_t i = 0; i < r->noverdue; i++) {
        const cr_ledger_overdue *o = &r->overdue[i];
        cr_project pr;
        cr_projects_get(p, o->project, &pr);
        char d1[16], d2[16];
        fprintf(fp, "  %-12s %-12s %-10s %-10s %-10s %6lld  %-10s\n", pr.id, cr_dataset_enterprise_id(ds, pr.enterprise),
                cr_dataset_park_id(ds, pr.park), cr_pev_stage_name(o->stage), cr_date_text(o->due, d1, sizeof d1),
                (long long)o->days, cr_date_text(o->report_by, d2, sizeof d2));
    }
}

static void print_table(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r, int overdue_only)
{
    char d[16];
    if (!overdue_only) {
        fprintf(fp, "ledger: %lld projects, as of %s, by %s (money in 万元, rates in %%)\n", (long long)cr_projects_count(p),
                cr_date_text(r->as_of, d, sizeof d), by_names[r->by]);
        fprintf(fp, "%-12s %6s %6s %6s %6s %6s %6s %12s %12s %7s %7s %7s %7s %7s %7s\n", "group", "signed", "funded",
                "start", "compl", "oper", "withdr", "invest", "funds", "fulfil", "funds", "start", "compl",
                "oper", "withdr");
        for (int64_t i = 0; i < r->ngroups; i++) {
            const cr_ledger_group *g = &r->groups[i];
            fprintf(fp, "%-12s %6lld %6lld %6lld %6lld %6lld %6lld %12.0f %12.0f", g->key, (long long)g->signed_,
                    (long long)g->funded, (long long)g->started, (long long)g->completed, (long long)g->operating,
                    (long long)g->withdrawn, g->invest, g->funds);
            pct(fp, g->fulfilment, 7);
            pct(fp, g->funds_rate, 7);
            pct(fp, g->startup, 7);
            pct(fp, g->completion, 7);
            pct(fp, g->operating_rate, 7);
            pct(fp, g->withdrawal, 7);
            fputc('\n', fp);
        }
        fprintf(fp, "\ndays from signing to the first event of each stage (all projects):\n  %-10s %5s %8s %8s %8s\n",
                "stage", "n", "median", "q1", "q3");
        const cr_ledger_group *g = &r->groups[0];
        for (int s = 1; s < CR_PEV_N; s++) {
            const cr_ledger_time *t = &g->to[s];
            fprintf(fp, "  %-10s %5lld", cr_pev_stage_name((cr_pev_stage)s), (long long)t->n);
            if (t->n) fprintf(fp, " %8.1f %8.1f %8.1f\n", t->median, t->q1, t->q3);
            else fprintf(fp, " %8s %8s %8s\n", "-", "-", "-");
        }
        fputc('\n', fp);
    }
    print_overdue_table(fp, ds, p, r);
}

static void jnum(FILE *fp, const char *key, double v)
{
    fprintf(fp, ", \"%s\": ", key);
    cli_json_number(fp, v);
}

static void print_json(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r)
{
    char d[16];
    fprintf(fp, "{\"as_of\": \"%s\", \"by\": \"%s\", \"projects\": %lld,\n \"groups\": [", cr_date_text(r->as_of, d, sizeof d),
            by_names[r->by], (long long)cr_projects_count(p));
    for (int64_t i = 0; i < r->ngroups; i++) {
        const cr_ledger_group *g = &r->groups[i];
        fprintf(fp, "%s\n  {\"group\": ", i ? "," : "");
        cli_json_string(fp, g->key);
        fprintf(fp, ", \"signed\": %lld, \"funded\": %lld, \"started\": %lld, \"completed\": %lld, \"operating\": %lld, "
                    "\"withdrawn\": %lld, \"start_due\": %lld, \"started_of_due\": %lld, \"completion_due\": %lld, "
                    "\"completed_of_due\": %lld",
                (long long)g->signed_, (long long)g->funded, (long long)g->started, (long long)g->completed,
                (long long)g->operating, (long long)g->withdrawn, (long long)g->start_due, (long long)g->started_of_due,
                (long long)g->completion_due, (long long)g->completed_of_due);
        jnum(fp, "invest", g->invest);
        jnum(fp, "funds", g->funds);
        jnum(fp, "fulfilment_rate", g->fulfilment);
        jnum(fp, "funds_rate", g->funds_rate);
        jnum(fp, "startup_rate", g->startup);
        jnum(fp, "completion_rate", g->completion);
        jnum(fp, "operating_rate", g->operating_rate);
        jnum(fp, "withdrawal_rate", g->withdrawal);
        fprintf(fp, ",\n   \"days_to\": {");
        for (int s = 1; s < CR_PEV_N; s++) {
            const cr_ledger_time *t = &g->to[s];
            fprintf(fp, "%s\"%s\": {\"n\": %lld", s > 1 ? ", " : "", cr_pev_stage_name((cr_pev_stage)s), (long long)t->n);
            jnum(fp, "median", t->median);
            jnum(fp, "q1", t->q1);
            jnum(fp, "q3", t->q3);
            fputc('}', fp);
        }
        fprintf(fp, "}}");
    }
    fprintf(fp, "],\n \"overdue\": [");
    for (int64_t i = 0; i < r->noverdue; i++) {
        const cr_ledger_overdue *o = &r->overdue[i];
        cr_project pr;
        cr_projects_get(p, o->project, &pr);
        char d1[16], d2[16];
        fprintf(fp, "%s\n  {\"project\": ", i ? "," : "");
        cli_json_string(fp, pr.id);
        fprintf(fp, ", \"enterprise\": ");
        cli_json_string(fp, cr_dataset_enterprise_id(ds, pr.enterprise));
        fprintf(fp, ", \"park\": ");
        cli_json_string(fp, cr_dataset_park_id(ds, pr.park));
        fprintf(fp, ", \"stage\": \"%s\", \"due\": \"%s\", \"days\": %lld, \"report_by\": \"%s\"}", cr_pev_stage_name(o->stage),
                cr_date_text(o->due, d1, sizeof d1), (long long)o->days, cr_date_text(o->report_by, d2, sizeof d2));
    }
    fprintf(fp, "]}\n");
}

static void cnum(FILE *fp, double v)
{
    fputc(',', fp);
    if (!isnan(v)) fprintf(fp, "%.17g", v);
}

static void print_csv(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r, int overdue_only)
{
    if (overdue_only) {
        fprintf(fp, "project,enterprise,park,stage,due,days,report_by\n");
        for (int64_t i = 0; i < r->noverdue; i++) {
            const cr_ledger_overdue *o = &r->overdue[i];
            cr_project pr;
            cr_projects_get(p, o->project, &pr);
            char d1[16], d2[16];
            cli_csv_string(fp, pr.id);
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_enterprise_id(ds, pr.enterprise));
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_park_id(ds, pr.park));
            fprintf(fp, ",%s,%s,%lld,%s\n", cr_pev_stage_name(o->stage), cr_date_text(o->due, d1, sizeof d1),
                    (long long)o->days, cr_date_text(o->report_by, d2, sizeof d2));
        }
        return;
    }
    fprintf(fp, "by,group,signed,funded,started,completed,operating,withdrawn,start_due,started_of_due,completion_due,"
                "completed_of_due,invest,funds,fulfilment_rate,funds_rate,startup_rate,completion_rate,operating_rate,"
                "withdrawal_rate");
    for (int s = 1; s < CR_PEV_N; s++)
        fprintf(fp, ",days_to_%s_n,days_to_%s_median,days_to_%s_q1,days_to_%s_q3", cr_pev_stage_name((cr_pev_stage)s),
                cr_pev_stage_name((cr_pev_stage)s), cr_pev_stage_name((cr_pev_stage)s), cr_pev_stage_name((cr_pev_stage)s));
    fputc('\n', fp);
    for (int64_t i = 0; i < r->ngroups; i++) {
        const cr_ledger_group *g = &r->groups[i];
        fprintf(fp, "%s,", by_names[r->by]);
        cli_csv_string(fp, g->key);
        fprintf(fp, ",%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld", (long long)g->signed_, (long long)g->funded,
                (long long)g->started, (long long)g->completed, (long long)g->operating, (long long)g->withdrawn,
                (long long)g->start_due, (long long)g->started_of_due, (long long)g->completion_due,
                (long long)g->completed_of_due);
        cnum(fp, g->invest);
        cnum(fp, g->funds);
        cnum(fp, g->fulfilment);
        cnum(fp, g->funds_rate);
        cnum(fp, g->startup);
        cnum(fp, g->completion);
        cnum(fp, g->operating_rate);
        cnum(fp, g->withdrawal);
        for (int s = 1; s < CR_PEV_N; s++) {
            fprintf(fp, ",%lld", (long long)g->to[s].n);
            cnum(fp, g->to[s].median);
            cnum(fp, g->to[s].q1);
            cnum(fp, g->to[s].q3);
        }
        fputc('\n', fp);
    }
    (void)ds;
}

static int by_scheme(cr_ctx *ctx, const char *dir, const char **schemes, int nschemes, int top, int32_t as_of,
                     cli_rank_format fmt, const char *outpath)
{
    cli_rank_env env;
    int code = cli_rank_prepare(ctx, CMD, dir, &env);
    if (code != CLI_EXIT_OK) return code;
    const cr_projects *p = cr_dataset_projects(env.ds);
    cr_ledger_scheme *res = calloc((size_t)nschemes, sizeof *res);
    cr_scheme **sch = calloc((size_t)nschemes, sizeof *sch);
    cr_error_t rc = CR_OK;
    if (!res || !sch) { code = CLI_EXIT_INTERNAL; goto out; }
    if (!p) { code = cli_usage(CMD, "the dataset has no projects (manifest key projects)"); goto out; }
    if (as_of == CR_SINCE_UNKNOWN) as_of = cr_projects_default_as_of(env.ds);
    for (int i = 0; i < nschemes; i++)
        if ((rc = cr_scheme_load(ctx, schemes[i], &sch[i])) != CR_OK) goto fail;
    if ((rc = cr_ledger_scheme_hits(ctx, env.model, p, as_of, (const cr_scheme *const *)sch, nschemes, top, res)) != CR_OK)
        goto fail;
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) goto out;
    char d[16];
    cr_date_text(as_of, d, sizeof d);
    if (fmt == CLI_RANK_JSON) {
        fprintf(o.fp, "{\"as_of\": \"%s\", \"by\": \"scheme\", \"top\": %d, \"schemes\": [", d, top);
        for (int i = 0; i < nschemes; i++) {
            fprintf(o.fp, "%s\n  {\"scheme\": ", i ? "," : "");
            cli_json_string(o.fp, cr_scheme_name(sch[i]));
            fprintf(o.fp, ", \"file\": ");
            cli_json_string(o.fp, schemes[i]);
            fprintf(o.fp, ", \"landed\": %lld, \"on_list\": %lld, \"share\": ", (long long)res[i].landed,
                    (long long)res[i].on_list);
            cli_json_number(o.fp, res[i].share);
            fprintf(o.fp, ", \"random_share\": ");
            cli_json_number(o.fp, res[i].random_share);
            fputc('}', o.fp);
        }
        fprintf(o.fp, "]}\n");
    } else if (fmt == CLI_RANK_CSV) {
        fprintf(o.fp, "scheme,file,top,landed,on_list,share,random_share\n");
        for (int i = 0; i < nschemes; i++) {
            cli_csv_string(o.fp, cr_scheme_name(sch[i]));
            fputc(',', o.fp);
            cli_csv_string(o.fp, schemes[i]);
            fprintf(o.fp, ",%d,%lld,%lld", top, (long long)res[i].landed, (long long)res[i].on_list);
            cnum(o.fp, res[i].share);
            cnum(o.fp, res[i].random_share);
            fputc('\n', o.fp);
        }
    } else {
        fprintf(o.fp, "landed projects (started by %s) on each scheme's top %d for their park and chain, ranked as of "
                      "1 January of the signing year\n",
                d, top);
        fprintf(o.fp, "%-24s %7s %8s %7s %9s\n", "scheme", "landed", "on_list", "share%", "random%");
        for (int i = 0; i < nschemes; i++) {
            cli_print_cell(o.fp, cr_scheme_name(sch[i]), 24);
            fprintf(o.fp, " %7lld %8lld", (long long)res[i].landed, (long long)res[i].on_list);
            pct(o.fp, res[i].share, 7);
            pct(o.fp, res[i].random_share, 9);
            fputc('\n', o.fp);
        }
    }
    code = cli_out_commit(&o, CMD);
    goto out;
fail:
    code = cli_fail(ctx, CMD, rc);
out:
    if (sch)
        for (int i = 0; i < nschemes; i++) cr_scheme_free(sch[i]);
    free(sch);
    free(res);
    cli_rank_release(&env);
    return code;
}

int cmd_ledger(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *outpath = NULL, *asof = NULL;
    const char *schemes[64];
    int nschemes = 0, top = 50, overdue_only = 0, scheme_mode = 0;
    cr_ledger_by by = CR_LEDGER_ALL;
    cli_rank_format fmt = CLI_RANK_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--as-of") && i + 1 < argc) asof = argv[++i];
        else if (!strcmp(a, "--out") && i + 1 < argc) outpath = argv[++i];
        else if (!strcmp(a, "--overdue")) overdue_only = 1;
        else if (!strcmp(a, "--top") && i + 1 < argc) {
            char *end;
            long t = strtol(argv[++i], &end, 10);
            if (*end || t < 1 || t > 1000000) return cli_usage(CMD, "--top wants a positive integer, got '%s'", argv[i]);
            top = (int)t;
        } else if (!strcmp(a, "--by") && i + 1 < argc) {
            const char *b = argv[++i];
            if (!strcmp(b, "park")) by = CR_LEDGER_PARK;
            else if (!strcmp(b, "chain")) by = CR_LEDGER_CHAIN;
            else if (!strcmp(b, "year")) by = CR_LEDGER_YEAR;
            else if (!strcmp(b, "scheme")) scheme_mode = 1;
            else return cli_usage(CMD, "--by must be park, chain, year or scheme, got '%s'", b);
        } else if (!strcmp(a, "--schemes")) {
            while (i + 1 < argc && argv[i + 1][0] != '-') {
                if (nschemes == 64) return cli_usage(CMD, "at most 64 schemes");
                schemes[nschemes++] = argv[++i];
            }
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            if (cli_rank_format_parse(CMD, argv[++i], &fmt) != CLI_EXIT_OK) return CLI_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) return cli_usage(CMD, "unknown option '%s'", a);
        else if (!dir) dir = a;
        else return cli_usage(CMD, "one DATASET folder expected, got '%s' too", a);
    }
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    if (scheme_mode != (nschemes > 0))
        return cli_usage(CMD, scheme_mode ? "--by scheme needs --schemes A.json [B.json ...]" : "--schemes needs --by scheme");
    int32_t as_of = CR_SINCE_UNKNOWN;
    if (asof && cr_eval_parse_date(ctx, asof, &as_of) != CR_OK) return cli_usage(CMD, "--as-of wants YYYY-MM-DD, got '%s'", asof);
    if (scheme_mode) return by_scheme(ctx, dir, schemes, nschemes, top, as_of, fmt, outpath);
    cr_dataset *ds = NULL;
    int code = cli_load_dataset(ctx, CMD, dir, &ds);
    if (code != CLI_EXIT_OK) return code;
    const cr_projects *p = cr_dataset_projects(ds);
    cr_ledger_result *r = NULL;
    cr_error_t rc;
    if (!p) { code = cli_usage(CMD, "the dataset has no projects (manifest key projects)"); goto out; }
    if ((rc = cr_ledger(ctx, ds, p, as_of, by, &r)) != CR_OK) { code = cli_fail(ctx, CMD, rc); goto out; }
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) goto out;
    if (fmt == CLI_RANK_JSON) print_json(o.fp, ds, p, r);
    else if (fmt == CLI_RANK_CSV) print_csv(o.fp, ds, p, r, overdue_only);
    else print_table(o.fp, ds, p, r, overdue_only);
    code = cli_out_commit(&o, CMD);
out:
    cr_ledger_result_free(r);
    cr_dataset_free(ds);
    return code;
}
