/* chainrank ledger DATASET [--as-of DATE] [--by park|chain|year|scheme] [--schemes A.json ...] [--top K]
 *                   [--overdue] [--format table|json|csv|xlsx] [--lang en|zh] [--out FILE]
 * The project ledger: rates, times to each stage, overdue projects; with
 * --by scheme, how many landed projects each scheme listed before signing
 * (docs/projects.md "ledger"). --overdue: the overdue list only (for CSV).
 * The workbook: rates, the --by breakdown, stage times, overdue, provenance
 * (docs/outputs.md). */
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

/* How report_by is counted: the rule, and the dataset's holiday calendar if it has one. */
static void report_rule(char *buf, size_t n, const cr_dataset *ds, const cr_ledger_result *r)
{
    int32_t y0, y1;
    int64_t nh = cr_dataset_holidays(ds, &y0, &y1);
    if (!nh) {
        snprintf(buf, n, "the third working day after the due date: Monday-Friday (the dataset has no holiday calendar)");
        return;
    }
    int k = snprintf(buf, n, "the third working day after the due date: Monday-Friday less the public holidays, plus the "
                             "adjusted working weekend days (调休) of the dataset's holiday calendar (%lld entries, %d-%d)",
                     (long long)nh, (int)y0, (int)y1);
    if (r->nuncovered && k > 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "; %lld report-by date(s) count days outside %d-%d, Monday-Friday there",
                 (long long)r->nuncovered, (int)y0, (int)y1);
}

static void print_overdue_table(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r)
{
    fprintf(fp, "overdue: %lld (past a due date without the stage; special report due within 3 working days)\n",
            (long long)r->noverdue);
    if (!r->noverdue) return;
    int32_t y0, y1;
    if (cr_dataset_holidays(ds, &y0, &y1)) {
        char rule[400];
        report_rule(rule, sizeof rule, ds, r);
        fprintf(fp, "report_by: %s\n", rule);
    }
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
    fprintf(fp, "],\n");
    int32_t y0, y1;
    int64_t nh = cr_dataset_holidays(ds, &y0, &y1);
    if (nh)   /* only with a calendar: the files of datasets without one keep their bytes */
        fprintf(fp, " \"holidays\": {\"entries\": %lld, \"first_year\": %d, \"last_year\": %d, \"report_by_outside\": %lld},\n",
                (long long)nh, (int)y0, (int)y1, (long long)r->nuncovered);
    fprintf(fp, " \"overdue\": [");
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


/* The rates' fixed columns: the group, the counts, the sums and the rates; then days_to_<stage>_<q>
 * (built per stage in tab_rates). */
static const cr_table_col rate_cols[] = {
    {"by", "grouped by", "分组方式", CR_COL_TEXT, 10, 0},
    {"group", "group", "分组", CR_COL_TEXT, 12, 0},
    {"signed", "signed", "签约", CR_COL_INT, 9, 0},
    {"funded", "funds in place", "资金到位", CR_COL_INT, 9, 0},
    {"started", "started (landed)", "开工(落地)", CR_COL_INT, 9, 0},
    {"completed", "completed", "竣工", CR_COL_INT, 9, 0},
    {"operating", "operating", "投产", CR_COL_INT, 9, 0},
    {"withdrawn", "withdrawn", "退出", CR_COL_INT, 9, 0},
    {"start_due", "start due", "应开工", CR_COL_INT, 9, 0},
    {"started_of_due", "started of due", "应开工中已开工", CR_COL_INT, 9, 0},
    {"completion_due", "completion due", "应竣工", CR_COL_INT, 9, 0},
    {"completed_of_due", "completed of due", "应竣工中已竣工", CR_COL_INT, 9, 0},
    {"invest", "contracted investment (10^4 CNY)", "合同投资(万元)", CR_COL_REAL, 14, 0},
    {"funds", "funds in place (10^4 CNY)", "到位资金(万元)", CR_COL_REAL, 14, 0},
    {"fulfilment_rate", "fulfilment rate", "履约率", CR_COL_PERCENT, 10, 1},
    {"funds_rate", "funds-in-place rate", "资金到位率", CR_COL_PERCENT, 10, 1},
    {"startup_rate", "start-up rate", "开工率", CR_COL_PERCENT, 10, 1},
    {"completion_rate", "completion rate", "竣工率", CR_COL_PERCENT, 10, 1},
    {"operating_rate", "operating rate", "投产率", CR_COL_PERCENT, 10, 1},
    {"withdrawal_rate", "withdrawal rate", "退出率", CR_COL_PERCENT, 10, 1}};

/* The rates of one set of groups (first .. first + n - 1 of r->groups), the CSV's columns: the workbook's
 * rates sheet holds the "all" row, its breakdown sheet the --by groups, and the CSV is the two written one
 * after the other under one header, so the CSV and the workbook cannot disagree. */
static cr_error_t tab_rates(cr_ctx *ctx, const cr_ledger_result *r, int64_t first, int64_t n, const char *en,
                            const char *zh, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, en, zh, rate_cols, CLI_NCOLS(rate_cols), &t);
    if (rc != CR_OK) return rc;
    for (int s = 1; s < CR_PEV_N; s++) {
        static const char *const q[4] = {"n", "median", "q1", "q3"}, *const qzh[4] = {"项目数", "中位数", "下四分位", "上四分位"};
        const char *sn = cr_pev_stage_name((cr_pev_stage)s);
        for (int k = 0; k < 4; k++) {
            char name[48], hen[64], hzh[64];
            snprintf(name, sizeof name, "days_to_%s_%s", sn, q[k]);
            snprintf(hen, sizeof hen, "days to %s: %s", sn, q[k]);
            snprintf(hzh, sizeof hzh, "至%s天数:%s", cli_pev_stage_zh((cr_pev_stage)s), qzh[k]);
            cli_tab_col(t, name, hen, hzh, k ? CR_COL_REAL : CR_COL_INT, 10, 1);
        }
    }
    for (int64_t i = first; i < first + n; i++) {
        const cr_ledger_group *g = &r->groups[i];
        int c = 0;
        cr_table_row(t);
        cr_table_text(t, c++, by_names[r->by]);
        cr_table_text(t, c++, g->key);
        const int64_t counts[] = {g->signed_, g->funded, g->started, g->completed, g->operating, g->withdrawn,
                                  g->start_due, g->started_of_due, g->completion_due, g->completed_of_due};
        for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) cr_table_int(t, c++, counts[k]);
        const double vals[] = {g->invest, g->funds, g->fulfilment, g->funds_rate, g->startup, g->completion,
                               g->operating_rate, g->withdrawal};
        for (size_t k = 0; k < sizeof vals / sizeof *vals; k++) cr_table_real(t, c++, vals[k]);   /* NaN: empty */
        for (int s = 1; s < CR_PEV_N; s++) {
            cr_table_int(t, c++, g->to[s].n);
            cr_table_real(t, c++, g->to[s].median);
            cr_table_real(t, c++, g->to[s].q1);
            cr_table_real(t, c++, g->to[s].q3);
        }
    }
    return cli_tab_done(ctx, t, out);
}

static const cr_table_col time_cols[] = {
    {"by", "grouped by", "分组方式", CR_COL_TEXT, 10, 0},
    {"group", "group", "分组", CR_COL_TEXT, 12, 0},
    {"stage", "stage", "阶段", CR_COL_TEXT, 11, 0},
    {"stage_zh", "stage (Chinese)", "阶段(中文)", CR_COL_TEXT, 10, 0},
    {"n", "projects", "项目数", CR_COL_INT, 9, 0},
    {"median", "median days", "中位天数", CR_COL_REAL, 10, 1},
    {"q1", "Q1 days", "下四分位天数", CR_COL_REAL, 10, 1},
    {"q3", "Q3 days", "上四分位天数", CR_COL_REAL, 10, 1}};

/* Days from signing to each stage, long form: one row per group and stage (the rates' days_to_* columns). */
static cr_error_t tab_times(cr_ctx *ctx, const cr_ledger_result *r, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "stage times", "阶段用时", time_cols, CLI_NCOLS(time_cols), &t);
    if (rc != CR_OK) return rc;
    for (int64_t i = 0; i < r->ngroups; i++)
        for (int s = 1; s < CR_PEV_N; s++) {
            const cr_ledger_time *x = &r->groups[i].to[s];
            cr_table_row(t);
            cr_table_text(t, 0, by_names[r->by]);
            cr_table_text(t, 1, r->groups[i].key);
            cr_table_text(t, 2, cr_pev_stage_name((cr_pev_stage)s));
            cr_table_text(t, 3, cli_pev_stage_zh((cr_pev_stage)s));
            cr_table_int(t, 4, x->n);
            cr_table_real(t, 5, x->median);
            cr_table_real(t, 6, x->q1);
            cr_table_real(t, 7, x->q3);
        }
    return cli_tab_done(ctx, t, out);
}

static const cr_table_col overdue_cols[] = {
    CLI_COL_PROJECT,
    CLI_COL_ENTERPRISE,
    CLI_COL_PARK,
    {"stage", "stage due", "应到阶段", CR_COL_TEXT, 11, 0},
    {"due", "due date", "约定日期", CR_COL_TEXT, 11, 0},
    {"days", "days overdue", "逾期天数", CR_COL_INT, 9, 0},
    {"report_by", "special report by", "专报截止日", CR_COL_TEXT, 12, 0}};

/* The overdue projects: the CSV of --overdue and the workbook's overdue sheet. */
static cr_error_t tab_overdue(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r,
                              cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "overdue", "逾期项目", overdue_cols, CLI_NCOLS(overdue_cols), &t);
    if (rc != CR_OK) return rc;
    for (int64_t i = 0; i < r->noverdue; i++) {
        const cr_ledger_overdue *o = &r->overdue[i];
        cr_project pr;
        cr_projects_get(p, o->project, &pr);
        char d1[16], d2[16];
        cr_table_row(t);
        cr_table_text(t, 0, pr.id);
        cr_table_text(t, 1, cr_dataset_enterprise_id(ds, pr.enterprise));
        cr_table_text(t, 2, cr_dataset_park_id(ds, pr.park));
        cr_table_text(t, 3, cr_pev_stage_name(o->stage));
        cr_table_text(t, 4, cr_date_text(o->due, d1, sizeof d1));
        cr_table_int(t, 5, o->days);
        cr_table_text(t, 6, cr_date_text(o->report_by, d2, sizeof d2));
    }
    return cli_tab_done(ctx, t, out);
}

static cr_error_t write_csv(cr_ctx *ctx, FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r,
                            int overdue_only)
{
    cr_table *a = NULL, *b = NULL;
    cr_error_t rc;
    if (overdue_only) {
        if ((rc = tab_overdue(ctx, ds, p, r, &a)) == CR_OK) rc = cr_table_write_csv(ctx, a, fp, 1);
    } else if ((rc = tab_rates(ctx, r, 0, 1, "rates", "履约指标", &a)) == CR_OK &&
               (rc = tab_rates(ctx, r, 1, r->ngroups - 1, "breakdown", "分组", &b)) == CR_OK &&
               (rc = cr_table_write_csv(ctx, a, fp, 1)) == CR_OK)
        rc = cr_table_write_csv(ctx, b, fp, 0);
    cr_table_free(a);
    cr_table_free(b);
    return rc;
}

static const cr_table_col scheme_cols[] = {
    {"scheme", "scheme", "方案", CR_COL_TEXT, 16, 0},
    {"file", "scheme file", "方案文件", CR_COL_TEXT, 30, 0},
    {"top", "list length", "名单长度", CR_COL_INT, 8, 0},
    {"landed", "landed projects", "落地项目", CR_COL_INT, 9, 0},
    {"on_list", "on the list before signing", "签约前在名单中", CR_COL_INT, 12, 0},
    {"share", "share on the list", "命中率", CR_COL_PERCENT, 9, 1},
    {"random_share", "random list's expected share", "随机名单期望命中率", CR_COL_PERCENT, 12, 1}};

/* --by scheme's hits, one row per scheme (its CSV and the workbook's sheet). */
static cr_error_t tab_schemes(cr_ctx *ctx, cr_scheme *const *sch, const char **files, int nschemes, int top,
                              const cr_ledger_scheme *res, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "by scheme", "按方案", scheme_cols, CLI_NCOLS(scheme_cols), &t);
    if (rc != CR_OK) return rc;
    for (int i = 0; i < nschemes; i++) {
        cr_table_row(t);
        cr_table_text(t, 0, cr_scheme_name(sch[i]));
        cr_table_text(t, 1, files[i]);
        cr_table_int(t, 2, top);
        cr_table_int(t, 3, res[i].landed);
        cr_table_int(t, 4, res[i].on_list);
        cr_table_real(t, 5, res[i].share);
        cr_table_real(t, 6, res[i].random_share);
    }
    return cli_tab_done(ctx, t, out);
}

/* The workbook: rates ("all"), the --by breakdown (extra: the --by scheme sheet), stage times, overdue,
 * provenance. */
static cr_error_t write_workbook(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_ledger_result *r,
                                 cr_table *extra, const char *by, const char *path, cr_lang lang)
{
    static const char *const by_zh[4] = {"", "按园区", "按产业链", "按签约年份"};
    cr_table *tab[6] = {0};
    int n = 0;
    char d[16], np[32], bd[32], rule[400];
    snprintf(np, sizeof np, "%lld", (long long)cr_projects_count(p));
    report_rule(rule, sizeof rule, ds, r);
    snprintf(bd, sizeof bd, "by %s", by_names[r->by]);
    const char *kv[] = {"command", "ledger",
                        "as_of", cr_date_text(r->as_of, d, sizeof d),
                        "by", by,
                        "projects", np,
                        "rates", "docs/projects.md \"chainrank ledger\": a rate with a zero denominator is empty",
                        "report_by", rule};
    cr_error_t rc = tab_rates(ctx, r, 0, 1, "rates", "履约指标", &tab[n++]);
    if (rc == CR_OK && r->by != CR_LEDGER_ALL) rc = tab_rates(ctx, r, 1, r->ngroups - 1, bd, by_zh[r->by], &tab[n++]);
    if (rc == CR_OK && extra) tab[n++] = extra;
    if (rc == CR_OK) rc = tab_times(ctx, r, &tab[n++]);
    if (rc == CR_OK) rc = tab_overdue(ctx, ds, p, r, &tab[n++]);
    if (rc == CR_OK) rc = cli_tab_provenance(ctx, ds, kv, sizeof kv / sizeof *kv / 2, &tab[n++]);
    if (rc == CR_OK) rc = cr_workbook_write(ctx, path, (const cr_table *const *)tab, (size_t)n, lang);
    for (int i = 0; i < n; i++)
        if (tab[i] != extra) cr_table_free(tab[i]);
    return rc;
}

static int by_scheme(cr_ctx *ctx, const char *dir, const char **schemes, int nschemes, int top, int32_t as_of,
                     cli_rank_format fmt, const char *outpath, cr_lang lang)
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
    if (fmt == CLI_RANK_XLSX) {   /* the ledger of all projects, with the schemes' hits as its breakdown sheet */
        cr_ledger_result *r = NULL;
        cr_table *t = NULL;
        char by[48];
        snprintf(by, sizeof by, "scheme (top %d)", top);
        if ((rc = cr_ledger(ctx, env.ds, p, as_of, CR_LEDGER_ALL, &r)) == CR_OK &&
            (rc = tab_schemes(ctx, sch, schemes, nschemes, top, res, &t)) == CR_OK)
            rc = write_workbook(ctx, env.ds, p, r, t, by, outpath, lang);
        cr_table_free(t);
        cr_ledger_result_free(r);
        if (rc != CR_OK) goto fail;
        goto out;
    }
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
        cr_table *t = NULL;
        if ((rc = tab_schemes(ctx, sch, schemes, nschemes, top, res, &t)) == CR_OK) rc = cr_table_write_csv(ctx, t, o.fp, 1);
        cr_table_free(t);
        if (rc != CR_OK) { cli_out_abort(&o); goto fail; }
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

enum { BY_SCHEME = CR_LEDGER_YEAR + 1 };   /* --by scheme: not a grouping of cr_ledger */
typedef struct {
    const char *dir, *outpath, *asof, *lang_s;
    const char *schemes[64];
    int nschemes, top, overdue_only, by;
    cli_rank_format fmt;
} ledger_opts;

/* --schemes A.json [B.json ...]: the arguments up to the next option. */
static int opt_schemes(const char *cmd, int argc, char **argv, int *i, void *o)
{
    ledger_opts *op = o;
    while (*i + 1 < argc && argv[*i + 1][0] != '-') {
        if (op->nschemes == 64) return cli_usage(cmd, "at most 64 schemes");
        op->schemes[op->nschemes++] = argv[++*i];
    }
    return CLI_EXIT_OK;
}

static const char *const by_opt_names[] = {"park", "chain", "year", "scheme", NULL};   /* from CR_LEDGER_PARK on */
static const cli_opt ledger_opt[] = {
    CLI_STR("--as-of", ledger_opts, asof, "DATE",
            "the day the ledger is read, YYYY-MM-DD (default: the latest history or project-event date)"),
    CLI_ENUM("--by", ledger_opts, by, CR_LEDGER_PARK, by_opt_names, "--by must be park, chain, year or scheme, got '%s'", "G",
             "group by park, chain, year or scheme (default: all projects together)"),
    CLI_ARGS("--schemes", opt_schemes, "A.json ...", "the schemes of --by scheme (required with --by scheme)"),
    CLI_INT("--top", ledger_opts, top, 1, 1000000, "--top wants a positive integer, got '%s'", "K",
            "list length of --by scheme (default 50)"),
    CLI_FLAG("--overdue", ledger_opts, overdue_only, 1, "list the overdue projects instead (default: off)"),
    CLI_FORMAT("--format", ledger_opts, fmt, "F",
               "table, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)"),
    CLI_STR("--lang", ledger_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_STR("--out", ledger_opts, outpath, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_ledger = {.cmd = CMD, .opts = ledger_opt, .pos_off = offsetof(ledger_opts, dir),
                                     .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET};

int cmd_ledger(int argc, char **argv, cr_ctx *ctx)
{
    ledger_opts op = {.top = 50, .by = CR_LEDGER_ALL, .fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_ledger, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *outpath = op.outpath, *asof = op.asof;
    const char **schemes = op.schemes;
    int nschemes = op.nschemes, top = op.top, overdue_only = op.overdue_only, scheme_mode = op.by == BY_SCHEME;
    cr_ledger_by by = scheme_mode ? CR_LEDGER_ALL : (cr_ledger_by)op.by;
    cli_rank_format fmt = op.fmt;
    cr_lang lang;
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    if (scheme_mode != (nschemes > 0))
        return cli_usage(CMD, scheme_mode ? "--by scheme needs --schemes A.json [B.json ...]" : "--schemes needs --by scheme");
    if ((code = cli_lang_parse(CMD, op.lang_s, fmt == CLI_RANK_XLSX, &lang)) != CLI_EXIT_OK) return code;
    if (fmt == CLI_RANK_XLSX && (code = cli_xlsx_needs_file(CMD, outpath)) != CLI_EXIT_OK) return code;
    if (fmt == CLI_RANK_XLSX && overdue_only)   /* the workbook always has the overdue sheet */
        return cli_usage(CMD, "--overdue selects the overdue list of the table and CSV; the workbook has it as a sheet");
    int32_t as_of = CR_SINCE_UNKNOWN;
    if (asof && cr_eval_parse_date(ctx, asof, &as_of) != CR_OK) return cli_usage(CMD, "--as-of wants YYYY-MM-DD, got '%s'", asof);
    if (scheme_mode) return by_scheme(ctx, dir, schemes, nschemes, top, as_of, fmt, outpath, lang);
    cr_dataset *ds = NULL;
    code = cli_load_dataset(ctx, CMD, dir, &ds);
    if (code != CLI_EXIT_OK) return code;
    const cr_projects *p = cr_dataset_projects(ds);
    cr_ledger_result *r = NULL;
    cr_error_t rc;
    if (!p) { code = cli_usage(CMD, "the dataset has no projects (manifest key projects)"); goto out; }
    if ((rc = cr_ledger(ctx, ds, p, as_of, by, &r)) != CR_OK) { code = cli_fail(ctx, CMD, rc); goto out; }
    if (fmt == CLI_RANK_XLSX) {
        rc = write_workbook(ctx, ds, p, r, NULL, by_names[by], outpath, lang);
        code = rc == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, CMD, rc);
        goto out;
    }
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) goto out;
    if (fmt == CLI_RANK_JSON) print_json(o.fp, ds, p, r);
    else if (fmt == CLI_RANK_CSV) rc = write_csv(ctx, o.fp, ds, p, r, overdue_only);
    else print_table(o.fp, ds, p, r, overdue_only);
    if (rc != CR_OK) { cli_out_abort(&o); code = cli_fail(ctx, CMD, rc); goto out; }
    code = cli_out_commit(&o, CMD);
out:
    cr_ledger_result_free(r);
    cr_dataset_free(ds);
    return code;
}
