/* chainrank chains DATASET [--format table|json|csv] [--out F]: the chains
 * of a dataset with their segments, edges and the parks that lead each. */
#include "cli.h"

#include <string.h>

int cmd_chains(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = "chains", *dir = NULL, *outp = NULL;
    cli_rank_format fmt = CLI_RANK_TABLE;
    int code;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--out") && i + 1 < argc) outp = argv[++i];
        else if (!strcmp(a, "--format") && i + 1 < argc) {
            if ((code = cli_rank_format_parse(cmd, argv[++i], &fmt)) != CLI_EXIT_OK) return code;
        } else if (a[0] == '-' && a[1]) return cli_usage(cmd, "unknown or incomplete option '%s'", a);
        else if (!dir) dir = a;
        else return cli_usage(cmd, "one DATASET folder expected, got '%s' too", a);
    }
    if (!dir) return cli_usage(cmd, "missing DATASET");
    cr_dataset *ds = NULL;
    if ((code = cli_load_dataset(ctx, cmd, dir, &ds)) != CLI_EXIT_OK) return code;
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    cli_out o;
    if ((code = cli_out_open(&o, outp, cmd)) != CLI_EXIT_OK) {
        cr_dataset_free(ds);
        return code;
    }
    FILE *fp = o.fp;
    if (fmt == CLI_RANK_CSV) fprintf(fp, "id,name,segments,edges,parks\n");
    else if (fmt == CLI_RANK_JSON) fprintf(fp, "[");
    else fprintf(fp, "%-8s %-20s %8s %6s %6s  %s\n", "id", "name", "segments", "edges", "parks", "segment ids");
    for (int32_t k = 0; k < (int32_t)in.n_chains; k++) {
        const int32_t *segs, *from, *to;
        int32_t ns = cr_dataset_chain_segments(ds, k, &segs), ne = cr_dataset_chain_edges(ds, k, &from, &to);
        long np = 0;
        for (int32_t p = 0; p < (int32_t)in.n_parks; p++) np += cli_park_leads(ds, p, k);
        const char *id = cr_dataset_chain_id(ds, k), *nm = cr_dataset_chain_name(ds, k);
        if (fmt == CLI_RANK_CSV) {
            cli_csv_string(fp, id);
            fputc(',', fp);
            cli_csv_string(fp, nm);
            fprintf(fp, ",%d,%d,%ld\n", ns, ne, np);
        } else if (fmt == CLI_RANK_JSON) {
            fprintf(fp, "%s\n {\"id\": ", k ? "," : "");
            cli_json_string(fp, id);
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, nm);
            fprintf(fp, ", \"parks\": %ld, \"segments\": [", np);
            for (int32_t j = 0; j < ns; j++) {
                fprintf(fp, j ? ", " : "");
                cli_json_string(fp, cr_dataset_segment_id(ds, segs[j]));
            }
            fprintf(fp, "], \"edges\": [");
            for (int32_t j = 0; j < ne; j++) {
                fprintf(fp, j ? ", [" : "[");
                cli_json_string(fp, cr_dataset_segment_id(ds, from[j]));
                fprintf(fp, ", ");
                cli_json_string(fp, cr_dataset_segment_id(ds, to[j]));
                fprintf(fp, "]");
            }
            fprintf(fp, "]}");
        } else {
            fprintf(fp, "%-8s ", id);
            cli_print_cell(fp, nm, 20);
            fprintf(fp, " %8d %6d %6ld  ", ns, ne, np);
            for (int32_t j = 0; j < ns; j++) fprintf(fp, "%s%s", j ? ", " : "", cr_dataset_segment_id(ds, segs[j]));
            fputc('\n', fp);
        }
    }
    if (fmt == CLI_RANK_JSON) fprintf(fp, "%s]\n", in.n_chains ? "\n" : "");
    code = cli_out_commit(&o, cmd);
    cr_dataset_free(ds);
    return code;
}
