/* chainrank parks DATASET [--province X] [--chain K] [--name TEXT] [--format table|json|csv] [--out F]
 * The parks of a dataset, to find the ids the other commands take. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* 1 if needle occurs in hay, ASCII letters compared without case (CJK and
 * other UTF-8 bytes compare exactly, so a part of a character never matches
 * a different character). */
static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n) return 1;
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        for (; i < n && h[i]; i++) {
            char a = h[i], b = needle[i];
            if (a >= 'A' && a <= 'Z') a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z') b = (char)(b + 32);
            if (a != b) break;
        }
        if (i == n) return 1;
    }
    return 0;
}

/* Chains park p leads, as "a;b". */
static void print_led(FILE *fp, const cr_dataset *ds, int32_t p, const char *sep, int csv)
{
    const int32_t *led;
    int32_t n = cr_dataset_park_chains(ds, p, &led);
    if (csv && n > 1) fputc('"', fp);
    for (int32_t i = 0; i < n; i++) fprintf(fp, "%s%s", i ? sep : "", cr_dataset_chain_id(ds, led[i]));
    if (csv && n > 1) fputc('"', fp);
}

int cli_park_leads(const cr_dataset *ds, int32_t p, int32_t k)
{
    const int32_t *led;
    int32_t n = cr_dataset_park_chains(ds, p, &led);
    for (int32_t i = 0; i < n; i++)
        if (led[i] == k) return 1;
    return 0;
}

typedef struct {
    const char *dir, *prov, *chain, *name, *outp;
    cli_rank_format fmt;
} parks_opts;
static const cli_opt parks_opt[] = {
    CLI_STR("--province", parks_opts, prov, "X", "only parks whose province contains X (default: all)"),
    CLI_STR("--chain", parks_opts, chain, "K",
            "only parks leading chain K: an id, a unique name or a unique part of one (default: all)"),
    CLI_STR("--name", parks_opts, name, "TEXT",
            "only parks whose id or name contains TEXT, ASCII letters in any case (default: all)"),
    CLI_FORMAT("--format", parks_opts, fmt, "F", "table, json or csv (default table)"),
    CLI_STR("--out", parks_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_parks = {.cmd = "parks", .opts = parks_opt, .pos_off = offsetof(parks_opts, dir),
                                    .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_parks(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = cli_spec_parks.cmd;
    parks_opts op = {.fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_parks, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    if (!op.dir) return cli_usage(cmd, "missing DATASET");
    cr_dataset *ds = NULL;
    if ((code = cli_load_dataset(ctx, cmd, op.dir, &ds)) != CLI_EXIT_OK) return code;
    int32_t k = -1;
    if (op.chain && cr_dataset_resolve_chain(ctx, ds, op.chain, &k) != CR_OK) {
        code = cli_fail(ctx, cmd, CR_ENOTFOUND);
        cr_dataset_free(ds);
        return code;
    }
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    cli_out o;
    if ((code = cli_out_open(&o, op.outp, cmd)) != CLI_EXIT_OK) {
        cr_dataset_free(ds);
        return code;
    }
    FILE *fp = o.fp;
    if (op.fmt == CLI_RANK_CSV) fprintf(fp, "id,name,level,province,city,chains,area_ha,area_mu,land_ha,land_mu\n");
    else if (op.fmt == CLI_RANK_JSON) fprintf(fp, "[");
    else fprintf(fp, "%-10s %-24s %-10s %-12s %-12s %-18s %s\n", "id", "name", "level", "province", "city",
                 "land left ha (亩)", "chains");
    long shown = 0;
    for (int32_t p = 0; p < (int32_t)in.n_parks; p++) {
        const char *id = cr_dataset_park_id(ds, p), *nm = cr_dataset_park_name(ds, p);
        const char *pv = cr_dataset_park_province(ds, p), *ct = cr_dataset_park_city(ds, p);
        if (op.prov && !contains_ci(pv, op.prov)) continue;
        if (k >= 0 && !cli_park_leads(ds, p, k)) continue;
        if (op.name && !contains_ci(id, op.name) && !contains_ci(nm, op.name)) continue;
        const char *lv = cr_level_name(cr_dataset_park_level(ds, p));
        if (op.fmt == CLI_RANK_CSV) {
            cli_csv_string(fp, id);
            fputc(',', fp);
            cli_csv_string(fp, nm);
            fprintf(fp, ",%s,", lv);
            cli_csv_string(fp, pv);
            fputc(',', fp);
            cli_csv_string(fp, ct);
            fputc(',', fp);
            print_led(fp, ds, p, ";", 0);
            /* land in ha and in 亩 (1 ha = 15 亩); empty = not given (land: unlimited) */
            double ar = cr_dataset_park_area_ha(ds, p), ld = cr_dataset_park_land_ha(ds, p);
            double v4[4] = {ar, ar * CR_MU_PER_HA, ld, ld * CR_MU_PER_HA};
            for (int q = 0; q < 4; q++) {
                fputc(',', fp);
                if (v4[q] == v4[q]) fprintf(fp, "%.17g", v4[q]);
            }
            fputc('\n', fp);
        } else if (op.fmt == CLI_RANK_JSON) {
            fprintf(fp, "%s\n {\"id\": ", shown ? "," : "");
            cli_json_string(fp, id);
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, nm);
            fprintf(fp, ", \"level\": \"%s\", \"province\": ", lv);
            cli_json_string(fp, pv);
            fprintf(fp, ", \"city\": ");
            cli_json_string(fp, ct);
            fprintf(fp, ", \"chains\": [");
            const int32_t *led;
            int32_t n = cr_dataset_park_chains(ds, p, &led);
            for (int32_t c = 0; c < n; c++) {
                fprintf(fp, c ? ", " : "");
                cli_json_string(fp, cr_dataset_chain_id(ds, led[c]));
            }
            fprintf(fp, "], \"area_ha\": ");
            cli_json_number(fp, cr_dataset_park_area_ha(ds, p));
            fprintf(fp, ", \"area_mu\": ");
            cli_json_number(fp, cr_dataset_park_area_ha(ds, p) * CR_MU_PER_HA);
            fprintf(fp, ", \"land_ha\": ");
            cli_json_number(fp, cr_dataset_park_land_ha(ds, p));
            fprintf(fp, ", \"land_mu\": ");
            cli_json_number(fp, cr_dataset_park_land_ha(ds, p) * CR_MU_PER_HA);
            fprintf(fp, "}");
        } else {
            fprintf(fp, "%-10s ", id);
            cli_print_cell(fp, nm, 24);
            fprintf(fp, " %-10s ", lv);
            cli_print_cell(fp, pv, 12);
            fputc(' ', fp);
            cli_print_cell(fp, ct, 12);
            double ld = cr_dataset_park_land_ha(ds, p);
            char land[48];
            if (ld == ld) snprintf(land, sizeof land, "%.6g (%.6g)", ld, ld * CR_MU_PER_HA);
            else snprintf(land, sizeof land, "unlimited");
            fprintf(fp, " %-18s ", land);
            print_led(fp, ds, p, ", ", 0);
            fputc('\n', fp);
        }
        shown++;
    }
    if (op.fmt == CLI_RANK_JSON) fprintf(fp, "%s]\n", shown ? "\n" : "");
    else if (op.fmt == CLI_RANK_TABLE) fprintf(fp, "%ld of %lld parks\n", shown, (long long)in.n_parks);
    code = cli_out_commit(&o, cmd);
    cr_dataset_free(ds);
    return code;
}
