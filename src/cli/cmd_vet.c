/* chainrank vet DATASET [--project P.json | --projects FILE] [--policy POLICY.json] [--as-of DATE]
 *                [--format table|json|csv|xlsx] [--lang en|zh] [--out FILE]
 * Every check of every project with its figures and verdict (docs/projects.md);
 * the workbook: sheets projects, checks, provenance (docs/outputs.md).
 * Exit 6 when a project is refused, so a script can stop there; the full
 * output is written first. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CMD "vet"

static void num_cell(FILE *fp, double v, int width)
{
    if (isnan(v)) fprintf(fp, "%*s", width, "-");
    else fprintf(fp, "%*.6g", width, v);
}

static void print_table(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r, const char *polname)
{
    char d[16];
    fprintf(fp, "vet: %lld project(s) as of %s, policy '%s'\n", (long long)r->nrows, cr_date_text(r->as_of, d, sizeof d),
            polname);
    for (int64_t i = 0; i < r->nrows; i++) {
        const cr_vet_row *row = &r->rows[i];
        cr_project pr;
        cr_projects_get(p, row->project, &pr);
        fprintf(fp, "\n%s  %s %s -> %s %s, segment %s, %.6g 万元", pr.id, cr_dataset_enterprise_id(ds, pr.enterprise),
                cr_dataset_enterprise_name(ds, pr.enterprise), cr_dataset_park_id(ds, pr.park),
                cr_dataset_park_name(ds, pr.park), cr_dataset_segment_id(ds, pr.segment), pr.invest);
        if (!isnan(pr.land_mu)) fprintf(fp, ", %.6g 亩%s", pr.land_mu, pr.land_given_in_ha ? " (given in ha)" : "");
        fprintf(fp, ": %s\n", cr_verdict_name(row->verdict));
        fprintf(fp, "  %-12s %-20s %10s %10s %-12s %-11s %s\n", "rule", "check", "value", "limit", "unit", "verdict", "reason");
        for (int64_t c = row->first; c < row->first + row->n; c++) {
            const cr_vet_check *k = &r->checks[c];
            fprintf(fp, "  %-12s %-20s ", cr_rule_group_name(k->group), k->check);
            num_cell(fp, k->value, 10);
            fputc(' ', fp);
            num_cell(fp, k->limit, 10);
            fputc(' ', fp);
            cli_print_cell(fp, k->unit, 12);
            fprintf(fp, " %-11s %s\n", cr_verdict_name(k->verdict), k->reason);
        }
    }
    fprintf(fp, "\nsummary: %lld pass, %lld conditional, %lld refuse\n", (long long)r->npassed, (long long)r->nconditional,
            (long long)r->nrefused);
}

static void print_json(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r, const char *polname)
{
    char d[16];
    fprintf(fp, "{\"as_of\": \"%s\", \"policy\": ", cr_date_text(r->as_of, d, sizeof d));
    cli_json_string(fp, polname);
    fprintf(fp, ",\n \"summary\": {\"pass\": %lld, \"conditional\": %lld, \"refuse\": %lld},\n \"projects\": [",
            (long long)r->npassed, (long long)r->nconditional, (long long)r->nrefused);
    for (int64_t i = 0; i < r->nrows; i++) {
        const cr_vet_row *row = &r->rows[i];
        cr_project pr;
        cr_projects_get(p, row->project, &pr);
        fprintf(fp, "%s\n  {\"id\": ", i ? "," : "");
        cli_json_string(fp, pr.id);
        fprintf(fp, ", \"enterprise\": ");
        cli_json_string(fp, cr_dataset_enterprise_id(ds, pr.enterprise));
        fprintf(fp, ", \"park\": ");
        cli_json_string(fp, cr_dataset_park_id(ds, pr.park));
        fprintf(fp, ", \"segment\": ");
        cli_json_string(fp, cr_dataset_segment_id(ds, pr.segment));
        fprintf(fp, ", \"invest\": ");
        cli_json_number(fp, pr.invest);
        fprintf(fp, ", \"land_mu\": ");
        cli_json_number(fp, pr.land_mu);
        fprintf(fp, ", \"verdict\": \"%s\", \"rules\": {", cr_verdict_name(row->verdict));
        for (int g = 0; g < CR_RULE_N; g++)
            fprintf(fp, "%s\"%s\": \"%s\"", g ? ", " : "", cr_rule_group_name((cr_rule_group)g), cr_verdict_name(row->group[g]));
        fprintf(fp, "},\n   \"checks\": [");
        for (int64_t c = row->first; c < row->first + row->n; c++) {
            const cr_vet_check *k = &r->checks[c];
            fprintf(fp, "%s\n    {\"rule\": \"%s\", \"check\": \"%s\", \"value\": ", c > row->first ? "," : "",
                    cr_rule_group_name(k->group), k->check);
            cli_json_number(fp, k->value);
            fprintf(fp, ", \"limit\": ");
            cli_json_number(fp, k->limit);
            fprintf(fp, ", \"unit\": ");
            cli_json_string(fp, k->unit);
            fprintf(fp, ", \"verdict\": \"%s\", \"reason\": ", cr_verdict_name(k->verdict));
            cli_json_string(fp, k->reason);
            fputc('}', fp);
        }
        fprintf(fp, "]}");
    }
    fprintf(fp, "]}\n");
}

/* The checks: one row per project x check, the CSV's columns (the CSV is written from this table, so the
 * CSV and the workbook's checks sheet cannot disagree). */
enum { CK_PROJECT, CK_ENT, CK_PARK, CK_SEG, CK_PVERDICT, CK_RULE, CK_CHECK, CK_VALUE, CK_LIMIT, CK_UNIT, CK_VERDICT, CK_REASON };
static const cr_table_col check_cols[] = {
    [CK_PROJECT] = CLI_COL_PROJECT,
    [CK_ENT] = CLI_COL_ENTERPRISE,
    [CK_PARK] = CLI_COL_PARK,
    [CK_SEG] = CLI_COL_SEGMENT,
    [CK_PVERDICT] = {"project_verdict", "project verdict", "项目结论", CR_COL_TEXT, 12, 0},
    [CK_RULE] = {"rule", "rule", "规则类", CR_COL_TEXT, 12, 0},
    [CK_CHECK] = {"check", "check", "审查项", CR_COL_TEXT, 20, 0},
    [CK_VALUE] = {"value", "value", "数值", CR_COL_REAL, 12, -1},
    [CK_LIMIT] = {"limit", "limit", "限值", CR_COL_REAL, 12, -1},
    [CK_UNIT] = {"unit", "unit", "单位", CR_COL_TEXT, 12, 0},
    [CK_VERDICT] = {"verdict", "verdict", "结论", CR_COL_TEXT, 11, 0},
    [CK_REASON] = {"reason", "reason", "理由", CR_COL_TEXT, 80, 0}};

static cr_error_t tab_checks(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "checks", "审查明细", check_cols, CLI_NCOLS(check_cols), &t);
    if (rc != CR_OK) return rc;
    for (int64_t i = 0; i < r->nrows; i++) {
        const cr_vet_row *row = &r->rows[i];
        cr_project pr;
        cr_projects_get(p, row->project, &pr);
        for (int64_t c = row->first; c < row->first + row->n; c++) {
            const cr_vet_check *k = &r->checks[c];
            cr_table_row(t);
            cr_table_text(t, CK_PROJECT, pr.id);
            cr_table_text(t, CK_ENT, cr_dataset_enterprise_id(ds, pr.enterprise));
            cr_table_text(t, CK_PARK, cr_dataset_park_id(ds, pr.park));
            cr_table_text(t, CK_SEG, cr_dataset_segment_id(ds, pr.segment));
            cr_table_text(t, CK_PVERDICT, cr_verdict_name(row->verdict));
            cr_table_text(t, CK_RULE, cr_rule_group_name(k->group));
            cr_table_text(t, CK_CHECK, k->check);
            cr_table_real(t, CK_VALUE, k->value);   /* NaN: an empty cell */
            cr_table_real(t, CK_LIMIT, k->limit);
            cr_table_text(t, CK_UNIT, k->unit);
            cr_table_text(t, CK_VERDICT, cr_verdict_name(k->verdict));
            cr_table_text(t, CK_REASON, k->reason);
        }
    }
    return cli_tab_done(ctx, t, out);
}

/* The summary: one row per project, its verdict and each rule group's (the JSON's "projects" without the
 * checks): these columns, then one per rule group. */
enum { PJ_PROJECT, PJ_ENT, PJ_NAME, PJ_PARK, PJ_SEG, PJ_INVEST, PJ_LAND, PJ_VERDICT, PJ_GROUP0 };
static const cr_table_col project_cols[] = {
    [PJ_PROJECT] = CLI_COL_PROJECT,
    [PJ_ENT] = CLI_COL_ENTERPRISE,
    [PJ_NAME] = {"name", "enterprise name", "企业名称", CR_COL_TEXT, 24, 0},
    [PJ_PARK] = CLI_COL_PARK,
    [PJ_SEG] = CLI_COL_SEGMENT,
    [PJ_INVEST] = {"invest", "investment (10^4 CNY)", "计划投资(万元)", CR_COL_REAL, 14, 1},
    [PJ_LAND] = {"land_mu", "land (mu)", "用地(亩)", CR_COL_REAL, 10, 2},
    [PJ_VERDICT] = {"verdict", "verdict", "结论", CR_COL_TEXT, 12, 0}};

static cr_error_t tab_projects(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r, cr_table **out)
{
    static const char *const group_zh[CR_RULE_N] = {"产业政策", "环保", "用地", "诚信"};
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "projects", "项目结论", project_cols, CLI_NCOLS(project_cols), &t);
    if (rc != CR_OK) return rc;
    for (int g = 0; g < CR_RULE_N; g++) {
        const char *n = cr_rule_group_name((cr_rule_group)g);
        cli_tab_col(t, n, n, group_zh[g], CR_COL_TEXT, 12, 0);
    }
    for (int64_t i = 0; i < r->nrows; i++) {
        const cr_vet_row *row = &r->rows[i];
        cr_project pr;
        cr_projects_get(p, row->project, &pr);
        cr_table_row(t);
        cr_table_text(t, PJ_PROJECT, pr.id);
        cr_table_text(t, PJ_ENT, cr_dataset_enterprise_id(ds, pr.enterprise));
        cr_table_text(t, PJ_NAME, cr_dataset_enterprise_name(ds, pr.enterprise));
        cr_table_text(t, PJ_PARK, cr_dataset_park_id(ds, pr.park));
        cr_table_text(t, PJ_SEG, cr_dataset_segment_id(ds, pr.segment));
        cr_table_real(t, PJ_INVEST, pr.invest);
        cr_table_real(t, PJ_LAND, pr.land_mu);
        cr_table_text(t, PJ_VERDICT, cr_verdict_name(row->verdict));
        for (int g = 0; g < CR_RULE_N; g++) cr_table_text(t, PJ_GROUP0 + g, cr_verdict_name(row->group[g]));
    }
    return cli_tab_done(ctx, t, out);
}

static cr_error_t write_workbook(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r,
                                 const char *polname, const char *pfile, const char *path, cr_lang lang)
{
    cr_table *tab[3] = {0};
    char d[16], sum[96];
    snprintf(sum, sizeof sum, "%lld pass, %lld conditional, %lld refuse", (long long)r->npassed,
             (long long)r->nconditional, (long long)r->nrefused);
    const char *kv[] = {"command", "vet",
                        "projects", pfile ? pfile : "the dataset's projects.csv and project_events.csv",
                        "policy", polname,
                        "as_of", cr_date_text(r->as_of, d, sizeof d),
                        "summary", sum,
                        "verdicts", "pass, conditional, refuse; n/a: a figure or limit not given (counts as pass); "
                                    "rules and sources: docs/projects.md"};
    cr_error_t rc;
    if ((rc = tab_projects(ctx, ds, p, r, &tab[0])) == CR_OK && (rc = tab_checks(ctx, ds, p, r, &tab[1])) == CR_OK &&
        (rc = cli_tab_provenance(ctx, ds, kv, sizeof kv / sizeof *kv / 2, &tab[2])) == CR_OK)
        rc = cr_workbook_write(ctx, path, (const cr_table *const *)tab, 3, lang);
    for (int i = 0; i < 3; i++) cr_table_free(tab[i]);
    return rc;
}

typedef struct {
    const char *dir, *pfile, *polfile, *outpath, *asof, *lang_s;
    cli_rank_format fmt;
} vet_opts;

/* --project and --projects: one file of proposals, given once. */
static int opt_project(const char *cmd, const char *v, void *o)
{
    vet_opts *op = o;
    if (op->pfile) return cli_usage(cmd, "give --project or --projects once");
    op->pfile = v;
    return CLI_EXIT_OK;
}

static const cli_opt vet_opt[] = {
    CLI_VALUE("--project", opt_project, "P.json",
              "one proposal or {\"projects\": [...]} as JSON (default: the dataset's own projects)"),
    CLI_VALUE("--projects", opt_project, "FILE",
              "proposals as CSV in the projects.csv format (default: the dataset's own projects)"),
    CLI_STR("--policy", vet_opts, polfile, "POLICY.json",
            "industrial-policy and land-use rules (default: built-in defaults; docs/projects.md)"),
    CLI_STR("--as-of", vet_opts, asof, "DATE",
            "the day the ledger is read for the credibility rule, YYYY-MM-DD (default: the latest history or project-event date)"),
    CLI_FORMAT("--format", vet_opts, fmt, "F", "table, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)"),
    CLI_STR("--lang", vet_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_STR("--out", vet_opts, outpath, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_vet = {.cmd = CMD, .opts = vet_opt, .pos_off = offsetof(vet_opts, dir),
                                  .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET};

int cmd_vet(int argc, char **argv, cr_ctx *ctx)
{
    vet_opts op = {.fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_vet, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *pfile = op.pfile, *polfile = op.polfile, *outpath = op.outpath, *asof = op.asof;
    cli_rank_format fmt = op.fmt;
    cr_lang lang;
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    if ((code = cli_lang_parse(CMD, op.lang_s, fmt == CLI_RANK_XLSX, &lang)) != CLI_EXIT_OK) return code;
    if (fmt == CLI_RANK_XLSX && (code = cli_xlsx_needs_file(CMD, outpath)) != CLI_EXIT_OK) return code;
    int32_t as_of = CR_SINCE_UNKNOWN;
    if (asof && cr_eval_parse_date(ctx, asof, &as_of) != CR_OK) return cli_usage(CMD, "--as-of wants YYYY-MM-DD, got '%s'", asof);
    cr_dataset *ds = NULL;
    code = cli_load_dataset(ctx, CMD, dir, &ds);
    if (code != CLI_EXIT_OK) return code;
    cr_projects *own = NULL;
    cr_policy *pol = NULL;
    cr_vet_result *res = NULL;
    const cr_projects *p = cr_dataset_projects(ds);
    cr_error_t rc = CR_OK;
    if (pfile) {
        if ((rc = cr_projects_read(ctx, ds, pfile, &own)) != CR_OK) goto fail;
        p = own;
    } else if (!p) {
        code = cli_usage(CMD, "the dataset has no projects: give --project P.json or --projects FILE");
        goto out;
    }
    if ((rc = polfile ? cr_policy_load(ctx, ds, polfile, &pol) : cr_policy_default(ctx, &pol)) != CR_OK) goto fail;
    if ((rc = cr_vet(ctx, ds, p, pol, as_of, &res)) != CR_OK) goto fail;
    if (fmt == CLI_RANK_XLSX) {
        if ((rc = write_workbook(ctx, ds, p, res, cr_policy_name(pol), pfile, outpath, lang)) != CR_OK) goto fail;
    } else {
        cr_table *csv = NULL;
        if (fmt == CLI_RANK_CSV && (rc = tab_checks(ctx, ds, p, res, &csv)) != CR_OK) goto fail;
        cli_out o;
        if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) { cr_table_free(csv); goto out; }
        if (fmt == CLI_RANK_JSON) print_json(o.fp, ds, p, res, cr_policy_name(pol));
        else if (csv) rc = cr_table_write_csv(ctx, csv, o.fp, 1);   /* checked when filled: cannot fail here */
        else print_table(o.fp, ds, p, res, cr_policy_name(pol));
        cr_table_free(csv);
        if ((code = cli_out_commit(&o, CMD)) != CLI_EXIT_OK) goto out;
    }
    code = res->nrefused ? CLI_EXIT_REFUSED : CLI_EXIT_OK;
    goto out;
fail:
    code = cli_fail(ctx, CMD, rc);
out:
    cr_vet_result_free(res);
    cr_policy_free(pol);
    cr_projects_free(own);
    cr_dataset_free(ds);
    return code;
}
