/* chainrank gaps DATASET --park P [--chain K] [--format table|json|csv|xlsx] [--lang en|zh] [--out FILE]
 * One panorama per chain: --chain K, or every chain the park leads.
 * xlsx (docs/outputs.md): sheets gaps (every chain, stacked) and provenance. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The tenants of row i (cr_gaps_segment_tenants). */
typedef struct {
    const int64_t *off, *ent;
} seg_tenants;

static void print_table(FILE *fp, const cr_dataset *ds, const cr_gaps *g, const seg_tenants *st)
{
    fprintf(fp, "Park %s %s — chain %s %s (%d tenants in the park)\n", cr_dataset_park_id(ds, g->park),
            cr_dataset_park_name(ds, g->park), cr_dataset_chain_id(ds, g->chain), cr_dataset_chain_name(ds, g->chain),
            g->n_tenants);
    fprintf(fp, "%-10s %-30s %-10s %3s %6s %12s %12s %8s %7s  %s\n", "segment", "name", "stage", "key", "import",
            "supply", "demand", "coverage", "tenants", "status");
    for (int32_t i = 0; i < g->n; i++) {
        char cov[32];
        if (isnan(g->coverage[i])) snprintf(cov, sizeof cov, "-");
        else snprintf(cov, sizeof cov, "%.2f", g->coverage[i]);
        fprintf(fp, "%-10s ", cr_dataset_segment_id(ds, g->segment[i]));
        cli_print_cell(fp, cr_dataset_segment_name(ds, g->segment[i]), 30);
        fprintf(fp, " %-10s %3s %6.3f %12.1f %12.1f %8s %7d  %s\n", cr_stage_name((cr_stage)g->stage[i]), g->key[i] ? "*" : "",
                g->importance[i], g->supply[i], g->demand[i], cov, g->tenants[i],
                cr_gap_status_name((cr_gap_status)g->status[i]));
    }
    static const int kinds[3] = {CR_GAP_MISSING, CR_GAP_WEAK, CR_GAP_EXTENSION};
    static const char *const titles[3] = {"补链 supplement (missing)", "强链 strengthen (weak)", "延链 extend (adjacent)"};
    fprintf(fp, "\nGap list (by priority = kind weight x importance):\n");
    for (int k = 0; k < 3; k++) {
        fprintf(fp, "  %s:\n", titles[k]);
        int any = 0;
        for (int32_t j = 0; j < g->ngap; j++) {
            int32_t i = g->order[j];
            if (g->status[i] != kinds[k]) continue;
            any = 1;
            fprintf(fp, "    %2d. %-10s ", j + 1, cr_dataset_segment_id(ds, g->segment[i]));
            cli_print_cell(fp, cr_dataset_segment_name(ds, g->segment[i]), 30);
            fprintf(fp, " priority %.3f  gap %.1f\n", g->priority[i], g->gap[i]);
        }
        if (!any) fprintf(fp, "    (none)\n");
    }
    fprintf(fp, "\nTenants by segment:\n");
    for (int32_t i = 0; i < g->n; i++) {
        int64_t a = st->off[i], b = st->off[i + 1];
        fprintf(fp, "  %-10s ", cr_dataset_segment_id(ds, g->segment[i]));
        if (a == b) fprintf(fp, "-");
        for (int64_t t = a; t < b && t < a + 8; t++)
            fprintf(fp, "%s%s", t > a ? ", " : "", cr_dataset_enterprise_name(ds, st->ent[t]));
        if (b - a > 8) fprintf(fp, " and %lld more", (long long)(b - a - 8));
        fputc('\n', fp);
    }
}

/* One CSV row per segment; the header once (first). */
static void print_csv(FILE *fp, const cr_dataset *ds, const cr_gaps *g, const seg_tenants *st, int header)
{
    if (header)
        fprintf(fp, "park,chain,segment,name,stage,key,importance,supply,demand,coverage,tenants,status,gap,priority,"
                    "gap_rank,tenant_ids,tenant_names\n");
    for (int32_t i = 0; i < g->n; i++) {
        int rank = 0;
        for (int32_t j = 0; j < g->ngap; j++)
            if (g->order[j] == i) rank = j + 1;
        cli_csv_string(fp, cr_dataset_park_id(ds, g->park));
        fputc(',', fp);
        cli_csv_string(fp, cr_dataset_chain_id(ds, g->chain));
        fputc(',', fp);
        cli_csv_string(fp, cr_dataset_segment_id(ds, g->segment[i]));
        fputc(',', fp);
        cli_csv_string(fp, cr_dataset_segment_name(ds, g->segment[i]));
        fprintf(fp, ",%s,%d,%.17g,%.17g,%.17g,", cr_stage_name((cr_stage)g->stage[i]), g->key[i] ? 1 : 0,
                g->importance[i], g->supply[i], g->demand[i]);
        if (!isnan(g->coverage[i])) fprintf(fp, "%.17g", g->coverage[i]);
        fprintf(fp, ",%d,%s,%.17g,%.17g,", g->tenants[i], cr_gap_status_name((cr_gap_status)g->status[i]), g->gap[i],
                g->priority[i]);
        if (rank) fprintf(fp, "%d", rank);
        for (int pass = 0; pass < 2; pass++) {   /* ids, then names, ';'-separated in one field */
            fputc(',', fp);
            size_t len = 0;
            for (int64_t t = st->off[i]; t < st->off[i + 1]; t++) {
                const char *x = pass ? cr_dataset_enterprise_name(ds, st->ent[t]) : cr_dataset_enterprise_id(ds, st->ent[t]);
                len += strlen(x) + 1;
            }
            char *buf = malloc(len + 1), *q = buf;
            if (!buf) continue;
            *q = 0;
            for (int64_t t = st->off[i]; t < st->off[i + 1]; t++) {
                const char *x = pass ? cr_dataset_enterprise_name(ds, st->ent[t]) : cr_dataset_enterprise_id(ds, st->ent[t]);
                q += sprintf(q, "%s%s", t > st->off[i] ? ";" : "", x);
            }
            cli_csv_string(fp, buf);
            free(buf);
        }
        fputc('\n', fp);
    }
}

void cli_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(fp, "\\%c", *p);
        else if (*p < 0x20) fprintf(fp, "\\u%04x", *p);
        else fputc(*p, fp);
    }
    fputc('"', fp);
}

void cli_json_number(FILE *fp, double v)
{
    if (isnan(v) || isinf(v)) fputs("null", fp);
    else fprintf(fp, "%.17g", v);
}

static void print_json(FILE *fp, const cr_dataset *ds, const cr_gaps *g, const seg_tenants *st)
{
    fprintf(fp, "{\"park\": ");
    cli_json_string(fp, cr_dataset_park_id(ds, g->park));
    fprintf(fp, ", \"park_name\": ");
    cli_json_string(fp, cr_dataset_park_name(ds, g->park));
    fprintf(fp, ", \"chain\": ");
    cli_json_string(fp, cr_dataset_chain_id(ds, g->chain));
    fprintf(fp, ", \"chain_name\": ");
    cli_json_string(fp, cr_dataset_chain_name(ds, g->chain));
    fprintf(fp, ", \"tenants\": %d,\n \"segments\": [", g->n_tenants);
    for (int32_t i = 0; i < g->n; i++) {
        fprintf(fp, "%s\n  {\"id\": ", i ? "," : "");
        cli_json_string(fp, cr_dataset_segment_id(ds, g->segment[i]));
        fprintf(fp, ", \"name\": ");
        cli_json_string(fp, cr_dataset_segment_name(ds, g->segment[i]));
        fprintf(fp, ", \"stage\": \"%s\", \"key\": %s, \"importance\": ", cr_stage_name((cr_stage)g->stage[i]),
                g->key[i] ? "true" : "false");
        cli_json_number(fp, g->importance[i]);
        fprintf(fp, ", \"supply\": ");
        cli_json_number(fp, g->supply[i]);
        fprintf(fp, ", \"demand\": ");
        cli_json_number(fp, g->demand[i]);
        fprintf(fp, ", \"coverage\": ");
        cli_json_number(fp, g->coverage[i]);
        fprintf(fp, ", \"tenants\": %d, \"status\": \"%s\", \"gap\": ", g->tenants[i],
                cr_gap_status_name((cr_gap_status)g->status[i]));
        cli_json_number(fp, g->gap[i]);
        fprintf(fp, ", \"priority\": ");
        cli_json_number(fp, g->priority[i]);
        fprintf(fp, ", \"tenant_list\": [");
        for (int64_t t = st->off[i]; t < st->off[i + 1]; t++) {
            fprintf(fp, "%s{\"id\": ", t > st->off[i] ? ", " : "");
            cli_json_string(fp, cr_dataset_enterprise_id(ds, st->ent[t]));
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, cr_dataset_enterprise_name(ds, st->ent[t]));
            fprintf(fp, "}");
        }
        fprintf(fp, "]}");
    }
    /* the chain's edges, supplier segment -> customer segment */
    const int32_t *from, *to;
    int32_t ne = cr_dataset_chain_edges(ds, g->chain, &from, &to);
    fprintf(fp, "],\n \"edges\": [");
    for (int32_t e = 0; e < ne; e++) {
        fprintf(fp, "%s{\"from\": ", e ? ", " : "");
        cli_json_string(fp, cr_dataset_segment_id(ds, from[e]));
        fprintf(fp, ", \"to\": ");
        cli_json_string(fp, cr_dataset_segment_id(ds, to[e]));
        fprintf(fp, "}");
    }
    static const int kinds[3] = {CR_GAP_MISSING, CR_GAP_WEAK, CR_GAP_EXTENSION};
    static const char *const keys[3] = {"supplement", "strengthen", "extend"};
    fprintf(fp, "],\n \"gaps\": {");
    for (int k = 0; k < 3; k++) {
        fprintf(fp, "%s\"%s\": [", k ? ", " : "", keys[k]);
        int first = 1;
        for (int32_t j = 0; j < g->ngap; j++) {
            int32_t i = g->order[j];
            if (g->status[i] != kinds[k]) continue;
            if (!first) fprintf(fp, ", ");
            first = 0;
            cli_json_string(fp, cr_dataset_segment_id(ds, g->segment[i]));
        }
        fprintf(fp, "]");
    }
    fprintf(fp, "}}");
}

typedef struct {
    const char *dir, *park, *chain, *format, *outp, *lang_s;
} gaps_opts;
static const cli_opt gaps_opt[] = {
    CLI_STR("--park", gaps_opts, park, "P", "the park: an id, a unique name or a unique part of one (required)"),
    CLI_STR("--chain", gaps_opts, chain, "K", "one chain (default: every chain the park leads)"),
    CLI_STR("--format", gaps_opts, format, "F", "table, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)"),
    CLI_STR("--lang", gaps_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_STR("--out", gaps_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_gaps = {.cmd = "gaps", .opts = gaps_opt, .pos_off = offsetof(gaps_opts, dir),
                                   .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_gaps(int argc, char **argv, cr_ctx *ctx)
{
    gaps_opts op = {.format = "table"};
    int code = cli_opts_parse(&cli_spec_gaps, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cr_lang lang;
    if (!op.dir) return cli_usage("gaps", "missing DATASET");
    if (!op.park) return cli_usage("gaps", "missing --park P");
    int json = !strcmp(op.format, "json"), csv = !strcmp(op.format, "csv"), xlsx = !strcmp(op.format, "xlsx");
    if (!json && !csv && !xlsx && strcmp(op.format, "table") != 0)
        return cli_usage("gaps", "--format must be table, json, csv or xlsx, got '%s'", op.format);
    if ((code = cli_lang_parse("gaps", op.lang_s, xlsx, &lang)) != CLI_EXIT_OK) return code;
    if (xlsx && (code = cli_xlsx_needs_file("gaps", op.outp)) != CLI_EXIT_OK) return code;

    cr_dataset *ds = NULL;
    cr_model *model = NULL;
    cr_table *tab[2] = {NULL, NULL};
    code = cli_load_dataset(ctx, "gaps", op.dir, &ds);
    if (code != CLI_EXIT_OK) return code;
    int32_t p = -1;
    if (cr_dataset_resolve_park(ctx, ds, op.park, &p) != CR_OK) {
        code = cli_fail(ctx, "gaps", CR_ENOTFOUND);
        goto out;
    }
    int32_t one, nch;
    const int32_t *chains;
    if (op.chain) {
        if (cr_dataset_resolve_chain(ctx, ds, op.chain, &one) != CR_OK) {
            code = cli_fail(ctx, "gaps", CR_ENOTFOUND);
            goto out;
        }
        chains = &one;
        nch = 1;
    } else {
        nch = cr_dataset_park_chains(ds, p, &chains);
        if (nch == 0) {
            cr_ctx_fail(ctx, CR_EINVAL, "park '%s' leads no chain: give --chain K", cr_dataset_park_id(ds, p));
            code = cli_fail(ctx, "gaps", CR_EINVAL);
            goto out;
        }
    }
    cr_error_t rc = cr_model_build(ctx, ds, NULL, &model);
    if (rc != CR_OK) { code = cli_fail(ctx, "gaps", rc); goto out; }
    if (xlsx) {
        const char *kv[] = {"command", "gaps", "park", cr_dataset_park_id(ds, p), "park_name", cr_dataset_park_name(ds, p),
                            "cutoff", "none: the dataset's tenancy as loaded"};
        if ((rc = cli_tab_gaps_new(ctx, &tab[0])) != CR_OK) goto xfail;
        for (int32_t c = 0; c < nch; c++) {
            cr_gaps *g = NULL;
            if ((rc = cr_gaps_compute(ctx, model, p, chains[c], NULL, &g)) != CR_OK) goto xfail;
            cli_tab_gaps_fill(tab[0], ds, g);
            cr_gaps_free(g);
        }
        if ((rc = cli_tab_provenance(ctx, ds, kv, sizeof kv / sizeof *kv / 2, &tab[1])) != CR_OK) goto xfail;
        rc = cr_workbook_write(ctx, op.outp, (const cr_table *const *)tab, 2, lang);
    xfail:
        code = rc == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, "gaps", rc);
        goto out;
    }
    cli_out o;
    if ((code = cli_out_open(&o, op.outp, "gaps")) != CLI_EXIT_OK) goto out;
    if (json && nch > 1) fprintf(o.fp, "[");
    for (int32_t c = 0; c < nch; c++) {
        cr_gaps *g = NULL;
        rc = cr_gaps_compute(ctx, model, p, chains[c], NULL, &g);
        int64_t *toff = NULL, *tent = NULL;
        if (rc == CR_OK) rc = cr_gaps_segment_tenants(ctx, model, g, &toff, &tent);
        if (rc != CR_OK) { cr_gaps_free(g); cli_out_abort(&o); code = cli_fail(ctx, "gaps", rc); goto out; }
        seg_tenants st = {toff, tent};
        if (json) {
            if (c) fprintf(o.fp, ",\n");
            print_json(o.fp, ds, g, &st);
        } else if (csv) {
            print_csv(o.fp, ds, g, &st, c == 0);
        } else {
            if (c) fprintf(o.fp, "\n");
            print_table(o.fp, ds, g, &st);
        }
        free(toff);
        free(tent);
        cr_gaps_free(g);
    }
    if (json) fprintf(o.fp, nch > 1 ? "]\n" : "\n");
    code = cli_out_commit(&o, "gaps");
out:
    cr_table_free(tab[0]);
    cr_table_free(tab[1]);
    cr_model_free(model);
    cr_dataset_free(ds);
    return code;
}
