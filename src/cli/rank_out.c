/* Rendering of ranked lists (rank, batch, compare): table, JSON and CSV. */
#include "cli.h"

#include <math.h>
#include <string.h>

static const char *kind_name(int st)
{
    return st == CR_GAP_MISSING ? "missing" : st == CR_GAP_WEAK ? "weak" : st == CR_GAP_EXTENSION ? "extension" : "other";
}

static void reasons_list(FILE *fp, uint32_t f)
{
    static const char *const names[] = {"banned", "co2_quota", "energy_quota", "pollutant_quota",
                                        "co2_cap", "energy_cap", "pollutant_cap"};
    const char *sep = "";
    for (int k = 0; k < (int)(sizeof names / sizeof *names); k++)   /* CR_EXCL_* bits 0..6 */
        if (f & (1u << k)) { fprintf(fp, "%s\"%s\"", sep, names[k]); sep = ", "; }
    for (int r = 0; r < CR_RANK_NRES; r++)
        if (f & (1u << (CR_EXCL_RES_SHIFT + r))) { fprintf(fp, "%s\"%s\"", sep, cr_rank_resource_name(r)); sep = ", "; }
}

int cli_rank_print(FILE *fp, cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cli_rank_format fmt,
                   int with_excluded)
{
    const cr_dataset *ds = env->ds;
    const cr_scheme *s = env->scheme;
    char text[1024];
    cr_explanation x;
    cr_error_t rc;
    if (fmt == CLI_RANK_JSON) {
        fprintf(fp, "{\"park\": ");
        cli_json_string(fp, cr_dataset_park_id(ds, res->park));
        fprintf(fp, ", \"park_name\": ");
        cli_json_string(fp, cr_dataset_park_name(ds, res->park));
        fprintf(fp, ", \"chain\": ");
        cli_json_string(fp, cr_dataset_chain_id(ds, res->chain));
        fprintf(fp, ", \"chain_name\": ");
        cli_json_string(fp, cr_dataset_chain_name(ds, res->chain));
        fprintf(fp, ",\n \"scheme\": ");
        cli_json_string(fp, cr_scheme_name(s));
        fprintf(fp, ", \"aggregation\": \"%s\", \"weighting\": \"%s\", \"higher_is_better\": %s,%s\n \"weights\": {",
                cr_mcda_method_get(cr_scheme_aggregation(s))->name, cr_scheme_weighting(s),
                res->higher_is_better ? "true" : "false", res->expected_value ? " \"expected_value\": true," : "");
        for (int j = 0; j < res->ncrit; j++) {
            fprintf(fp, "%s\"%s\": ", j ? ", " : "", cr_criterion_name(res->crit[j]));
            cli_json_number(fp, res->weights[j]);
        }
        fprintf(fp, "},");
        const cr_mcda_ahp_info *ahp = cr_scheme_ahp(s);
        if (ahp) {   /* the consistency of the judgements the weights come from */
            fprintf(fp, " \"ahp\": {\"lambda_max\": ");
            cli_json_number(fp, ahp->lambda_max);
            fprintf(fp, ", \"ci\": ");
            cli_json_number(fp, ahp->ci);
            fprintf(fp, ", \"cr\": ");
            cli_json_number(fp, ahp->cr);
            fprintf(fp, "},");
        }
        fprintf(fp, "\n \"candidates\": %lld, \"excluded\": %lld, \"ranked\": %lld,", (long long)res->ncand,
                (long long)res->nexcluded, (long long)res->nranked);
        if (res->weights_fallback) fprintf(fp, " \"weights_fallback\": \"equal\",");
        if (res->vikor_compromise)
            fprintf(fp, " \"vikor_acceptable_advantage\": %s, \"vikor_acceptable_stability\": %s,",
                    res->vikor_advantage ? "true" : "false", res->vikor_stability ? "true" : "false");
        fprintf(fp, "\n \"rows\": [");
        for (int64_t i = 0; i < res->nrows; i++) {
            int64_t e = res->ent[i];
            if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, s, e, &x)) != CR_OK) return cli_fail(ctx, "rank", rc);
            cr_rank_explain_text(env->ranker, &x, text, sizeof text);
            cli_utf8_whole(text);
            fprintf(fp, "%s\n  {\"rank\": %lld, \"id\": ", i ? "," : "", (long long)(i + 1));
            cli_json_string(fp, cr_dataset_enterprise_id(ds, e));
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, cr_dataset_enterprise_name(ds, e));
            fprintf(fp, ", \"score\": ");
            cli_json_number(fp, res->score[i]);
            if (res->vikor_compromise) fprintf(fp, ", \"compromise\": %s", res->vikor_compromise[i] ? "true" : "false");
            {   /* land need in ha and 亩, investment intensity in 万元/亩 (null without a land need) */
                double ha = cr_dataset_enterprise_land_ha(ds, e), mu = ha * CR_MU_PER_HA;
                fprintf(fp, ", \"land_ha\": ");
                cli_json_number(fp, ha);
                fprintf(fp, ", \"land_mu\": ");
                cli_json_number(fp, mu);
                fprintf(fp, ", \"invest_intensity_wan_per_mu\": ");
                cli_json_number(fp, mu > 0 ? cr_dataset_enterprise_invest(ds, e) / mu : NAN);
            }
            fprintf(fp, ",\n   \"criteria\": {");
            for (int c = 0; c < CR_NCRIT; c++) {
                fprintf(fp, "%s\"%s\": ", c ? ", " : "", cr_criterion_name((cr_criterion)c));
                cli_json_number(fp, res->value[i * CR_NCRIT + c]);
            }
            fprintf(fp, "},\n   \"gaps\": [");
            for (int g = 0; g < x.ngaps; g++) {
                fprintf(fp, "%s{\"segment\": ", g ? ", " : "");
                cli_json_string(fp, cr_dataset_segment_id(ds, x.gaps[g].segment));
                fprintf(fp, ", \"name\": ");
                cli_json_string(fp, cr_dataset_segment_name(ds, x.gaps[g].segment));
                fprintf(fp, ", \"kind\": \"%s\", \"fill\": ", kind_name(x.gaps[g].status));
                cli_json_number(fp, x.gaps[g].fill);
                fprintf(fp, "}");
            }
            fprintf(fp, "], \"local_partners\": %d, \"partners\": [", x.npartners);
            for (int q = 0; q < x.nshown; q++) {
                fprintf(fp, "%s{\"id\": ", q ? ", " : "");
                cli_json_string(fp, cr_dataset_enterprise_id(ds, x.partners[q].ent));
                fprintf(fp, ", \"name\": ");
                cli_json_string(fp, cr_dataset_enterprise_name(ds, x.partners[q].ent));
                fprintf(fp, ", \"role\": \"%s\", \"tenant\": %s, \"km\": ", x.partners[q].supplier ? "supplier" : "customer",
                        x.partners[q].tenant ? "true" : "false");
                cli_json_number(fp, x.partners[q].km);
                fprintf(fp, "}");
            }
            fprintf(fp, "],\n   \"binding\": ");
            if (x.binding < 0) fprintf(fp, "null");
            else {
                fprintf(fp, "{\"resource\": \"%s\", \"fit\": ", cr_rank_resource_name(x.binding));
                cli_json_number(fp, x.binding_fit);
                fprintf(fp, ", \"need\": ");
                cli_json_number(fp, x.binding_need);
                fprintf(fp, ", \"available\": ");
                cli_json_number(fp, x.binding_avail);
                fprintf(fp, "}");
            }
            fprintf(fp, ", \"co2_intensity\": ");
            cli_json_number(fp, x.co2_int);
            fprintf(fp, ", \"co2_benchmark\": ");
            cli_json_number(fp, x.co2_benchmark);
            fprintf(fp, ", \"followers\": %d,\n   \"now\": {\"city\": ", x.followers);
            cli_json_string(fp, cr_dataset_enterprise_city(ds, e));
            fprintf(fp, ", \"province\": ");
            cli_json_string(fp, cr_dataset_enterprise_province(ds, e));
            fprintf(fp, ", \"parks\": [");
            for (int q = 0; q < x.now_nparks; q++) {
                fprintf(fp, "%s", q ? ", " : "");
                cli_json_string(fp, cr_dataset_park_id(ds, x.now_parks[q]));
            }
            fprintf(fp, "]}");
            if (!isnan(x.likelihood))
                fprintf(fp, ", \"likelihood_drivers\": {\"nearest_site_km\": %.17g, \"sites\": %d, \"sites_within_50km\": %d,"
                            " \"segment_tenants\": %d, \"partners\": %d, \"same_city\": %s, \"same_province\": %s}",
                        x.lk_site_km, x.lk_nsites, x.lk_sites_near, x.lk_seg_tenants, x.lk_partners,
                        x.lk_same_city ? "true" : "false", x.lk_same_province ? "true" : "false");
            fprintf(fp, ",\n   \"explanation\": ");
            cli_json_string(fp, text);
            fprintf(fp, "}");
        }
        fprintf(fp, "]");
        if (with_excluded) {
            fprintf(fp, ",\n \"excluded_rows\": [");
            for (int64_t i = 0; i < res->nexcl_rows; i++) {
                int64_t e = res->excl_ent[i];
                if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, s, e, &x)) != CR_OK) return cli_fail(ctx, "rank", rc);
                cr_rank_reasons_text(env->ranker, res->park, &x, e, text, sizeof text);
                cli_utf8_whole(text);
                fprintf(fp, "%s\n  {\"id\": ", i ? "," : "");
                cli_json_string(fp, cr_dataset_enterprise_id(ds, e));
                fprintf(fp, ", \"name\": ");
                cli_json_string(fp, cr_dataset_enterprise_name(ds, e));
                fprintf(fp, ", \"reasons\": [");
                reasons_list(fp, res->excl_reason[i]);
                fprintf(fp, "], \"explanation\": ");
                cli_json_string(fp, text);
                fprintf(fp, "}");
            }
            fprintf(fp, "]");
        }
        fprintf(fp, "}\n");
        return CLI_EXIT_OK;
    }
    if (fmt == CLI_RANK_CSV) {   /* tidy: one row per candidate, typed columns (docs/outputs.md) */
        cr_table *t = NULL;
        if ((rc = cli_tab_candidates(ctx, env, res, 1, with_excluded, &t)) == CR_OK) rc = cr_table_write_csv(ctx, t, fp, 1);
        cr_table_free(t);
        return rc == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, "rank", rc);
    }
    if (fmt == CLI_RANK_XLSX) return cli_fail(ctx, "rank", cr_ctx_fail(ctx, CR_EINVAL, "a workbook is not written to a stream"));
    /* table */
    fprintf(fp, "Park %s %s — chain %s %s — scheme %s (%s, %s weights)\n", cr_dataset_park_id(ds, res->park),
            cr_dataset_park_name(ds, res->park), cr_dataset_chain_id(ds, res->chain),
            cr_dataset_chain_name(ds, res->chain), cr_scheme_name(s),
            cr_mcda_method_get(cr_scheme_aggregation(s))->name, cr_scheme_weighting(s));
    {
        cr_dataset_info di;
        cr_dataset_get_info(ds, &di);
        if (*di.synthetic || *di.synthetic_fields || *di.inferred_fields) {
            /* the files named: "links,history", or the keys of "parks: a, b; enterprises: c" */
            char keys[256] = "";
            const char *f = di.synthetic_fields;
            while (*f) {
                const char *colon = strchr(f, ':'), *semi = strstr(f, "; ");
                if (!colon) break;
                size_t n = strlen(keys);
                snprintf(keys + n, sizeof keys - n, "%s%.*s", n ? "," : "", (int)(colon - f), f);
                if (!semi) break;
                f = semi + 2;
            }
            fprintf(fp, "Data: part synthetic or inferred (synthetic: %s); `chainrank validate` lists the fields.\n",
                    *di.synthetic ? di.synthetic : *keys ? keys : "-");
        }
    }
    fprintf(fp, "candidates %lld: %lld excluded by hard limits, %lld ranked. Weights:", (long long)res->ncand,
            (long long)res->nexcluded, (long long)res->nranked);
    for (int j = 0; j < res->ncrit; j++) fprintf(fp, " %s %.3f", cr_criterion_name(res->crit[j]), res->weights[j]);
    if (cr_scheme_ahp(s))
        fprintf(fp, " (AHP consistency ratio CR %.3f%s)", cr_scheme_ahp(s)->cr, cr_scheme_ahp(s)->cr > 0.1 ? ", above 0.1, forced" : "");
    if (res->weights_fallback)
        fprintf(fp, " (equal: %s weighting needs 2+ ranked candidates and a varying criterion)", cr_scheme_weighting(s));
    if (res->expected_value) fprintf(fp, "\nScore = expected value: the %s value to the park x the landing likelihood (lik, a year).",
                                     cr_mcda_method_get(cr_scheme_aggregation(s))->name);
    fprintf(fp, "\n\n%4s %-10s ", "rank", "id");
    cli_print_cell(fp, "name", 16);
    fprintf(fp, " %8s", res->expected_value ? "E[value]" : res->higher_is_better ? "score" : "Q (low)");
    for (int c = 0; c < CR_NCRIT; c++) {
        const cr_criterion_info *ci = cr_criterion_get((cr_criterion)c);
        fprintf(fp, " %*s", ci->width, ci->heading);
    }
    fputc('\n', fp);
    for (int64_t i = 0; i < res->nrows; i++) {
        int64_t e = res->ent[i];
        const double *v = res->value + i * CR_NCRIT;
        if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, s, e, &x)) != CR_OK) return cli_fail(ctx, "rank", rc);
        cr_rank_explain_text(env->ranker, &x, text, sizeof text);
        cli_utf8_whole(text);
        fprintf(fp, "%4lld %-10s ", (long long)(i + 1), cr_dataset_enterprise_id(ds, e));
        cli_print_cell(fp, cr_dataset_enterprise_name(ds, e), 16);
        if (res->expected_value) fprintf(fp, " %8.2e", res->score[i]);   /* value x probability: small numbers */
        else fprintf(fp, " %8.4f", res->score[i]);
        for (int c = 0; c < CR_NCRIT; c++) {
            const cr_criterion_info *ci = cr_criterion_get((cr_criterion)c);
            if (isnan(v[c])) fprintf(fp, " %*s", ci->width, "-");   /* not computed: no model */
            else if (ci->conv == 'g') fprintf(fp, " %*.*g", ci->width, ci->prec, v[c]);
            else fprintf(fp, " %*.*f", ci->width, ci->prec, v[c]);
        }
        fprintf(fp, "%s\n", res->vikor_compromise && res->vikor_compromise[i] ? "  *compromise" : "");
        fprintf(fp, "     %s\n", text);
    }
    if (with_excluded && res->nexcl_rows) {
        fprintf(fp, "\nExcluded (hard limits):\n");
        for (int64_t i = 0; i < res->nexcl_rows; i++) {
            int64_t e = res->excl_ent[i];
            if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, s, e, &x)) != CR_OK) return cli_fail(ctx, "rank", rc);
            cr_rank_reasons_text(env->ranker, res->park, &x, e, text, sizeof text);
            cli_utf8_whole(text);
            fprintf(fp, "  %-10s ", cr_dataset_enterprise_id(ds, e));
            cli_print_cell(fp, cr_dataset_enterprise_name(ds, e), 16);
            fprintf(fp, " %s\n", text);
        }
    }
    return CLI_EXIT_OK;
}

int cli_rank_prepare(cr_ctx *ctx, const char *cmd, const char *dir, cli_rank_env *env)
{
    memset(env, 0, sizeof *env);
    cr_world w;
    cr_error_t rc = cr_world_init(ctx, &w, dir, NULL);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);
    env->ds = w.ds;
    env->model = w.model;
    env->ranker = w.ranker;
    return CLI_EXIT_OK;
}

void cli_rank_release(cli_rank_env *env)
{
    cr_ranker_free(env->ranker);
    cr_model_free(env->model);
    cr_dataset_free(env->ds);
    memset(env, 0, sizeof *env);
}

int cli_rank_format_parse(const char *cmd, const char *s, cli_rank_format *out)
{
    if (!strcmp(s, "table")) *out = CLI_RANK_TABLE;
    else if (!strcmp(s, "json")) *out = CLI_RANK_JSON;
    else if (!strcmp(s, "csv")) *out = CLI_RANK_CSV;
    else if (!strcmp(s, "xlsx")) *out = CLI_RANK_XLSX;
    else return cli_usage(cmd, "--format must be table, json, csv or xlsx, got '%s'", s);
    return CLI_EXIT_OK;
}
