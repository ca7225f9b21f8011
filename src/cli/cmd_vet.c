/* chainrank vet DATASET [--project P.json | --projects FILE] [--policy POLICY.json] [--as-of DATE]
 *                [--format table|json|csv] [--out FILE]
 * Every check of every project with its figures and verdict (docs/projects.md).
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

static void print_csv(FILE *fp, const cr_dataset *ds, const cr_projects *p, const cr_vet_result *r)
{
    fprintf(fp, "project,enterprise,park,segment,project_verdict,rule,check,value,limit,unit,verdict,reason\n");
    for (int64_t i = 0; i < r->nrows; i++) {
        const cr_vet_row *row = &r->rows[i];
        cr_project pr;
        cr_projects_get(p, row->project, &pr);
        for (int64_t c = row->first; c < row->first + row->n; c++) {
            const cr_vet_check *k = &r->checks[c];
            cli_csv_string(fp, pr.id);
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_enterprise_id(ds, pr.enterprise));
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_park_id(ds, pr.park));
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_segment_id(ds, pr.segment));
            fprintf(fp, ",%s,%s,%s,", cr_verdict_name(row->verdict), cr_rule_group_name(k->group), k->check);
            if (!isnan(k->value)) fprintf(fp, "%.17g", k->value);
            fputc(',', fp);
            if (!isnan(k->limit)) fprintf(fp, "%.17g", k->limit);
            fputc(',', fp);
            cli_csv_string(fp, k->unit);
            fprintf(fp, ",%s,", cr_verdict_name(k->verdict));
            cli_csv_string(fp, k->reason);
            fputc('\n', fp);
        }
    }
}

int cmd_vet(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *pfile = NULL, *polfile = NULL, *outpath = NULL, *asof = NULL;
    cli_rank_format fmt = CLI_RANK_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--project") || !strcmp(a, "--projects")) && i + 1 < argc) {
            if (pfile) return cli_usage(CMD, "give --project or --projects once");
            pfile = argv[++i];
        } else if (!strcmp(a, "--policy") && i + 1 < argc) polfile = argv[++i];
        else if (!strcmp(a, "--as-of") && i + 1 < argc) asof = argv[++i];
        else if (!strcmp(a, "--out") && i + 1 < argc) outpath = argv[++i];
        else if (!strcmp(a, "--format") && i + 1 < argc) {
            if (cli_rank_format_parse(CMD, argv[++i], &fmt) != CLI_EXIT_OK) return CLI_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) return cli_usage(CMD, "unknown option '%s'", a);
        else if (!dir) dir = a;
        else return cli_usage(CMD, "one DATASET folder expected, got '%s' too", a);
    }
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    int32_t as_of = CR_SINCE_UNKNOWN;
    if (asof && cr_eval_parse_date(ctx, asof, &as_of) != CR_OK) return cli_usage(CMD, "--as-of wants YYYY-MM-DD, got '%s'", asof);
    cr_dataset *ds = NULL;
    int code = cli_load_dataset(ctx, CMD, dir, &ds);
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
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) goto out;
    if (fmt == CLI_RANK_JSON) print_json(o.fp, ds, p, res, cr_policy_name(pol));
    else if (fmt == CLI_RANK_CSV) print_csv(o.fp, ds, p, res);
    else print_table(o.fp, ds, p, res, cr_policy_name(pol));
    if ((code = cli_out_commit(&o, CMD)) != CLI_EXIT_OK) goto out;
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
