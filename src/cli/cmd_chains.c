/* chainrank chains DATASET [--format table|json|csv] [--out F]: the chains
 * of a dataset with their segments, edges and the parks that lead each. */
#include "cli.h"

#include <string.h>

typedef struct {
    const char *dir, *outp;
    cli_rank_format fmt;
} chains_opts;
static const cli_opt chains_opt[] = {
    CLI_FORMAT("--format", chains_opts, fmt, "F", "table, json or csv (default table)"),
    CLI_STR("--out", chains_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_chains = {.cmd = "chains", .opts = chains_opt, .pos_off = offsetof(chains_opts, dir),
                                     .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_chains(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = cli_spec_chains.cmd;
    chains_opts op = {.fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_chains, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    if (!op.dir) return cli_usage(cmd, "missing DATASET");
    cr_dataset *ds = NULL;
    if ((code = cli_load_dataset(ctx, cmd, op.dir, &ds)) != CLI_EXIT_OK) return code;
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    cli_out o;
    if ((code = cli_out_open(&o, op.outp, cmd)) != CLI_EXIT_OK) {
        cr_dataset_free(ds);
        return code;
    }
    FILE *fp = o.fp;
    if (op.fmt == CLI_RANK_CSV) fprintf(fp, "id,name,segments,edges,parks\n");
    else if (op.fmt == CLI_RANK_JSON) fprintf(fp, "[");
    else fprintf(fp, "%-8s %-20s %8s %6s %6s  %s\n", "id", "name", "segments", "edges", "parks", "segment ids");
    for (int32_t k = 0; k < (int32_t)in.n_chains; k++) {
        const int32_t *segs, *from, *to;
        int32_t ns = cr_dataset_chain_segments(ds, k, &segs), ne = cr_dataset_chain_edges(ds, k, &from, &to);
        long np = 0;
        for (int32_t p = 0; p < (int32_t)in.n_parks; p++) np += cli_park_leads(ds, p, k);
        const char *id = cr_dataset_chain_id(ds, k), *nm = cr_dataset_chain_name(ds, k);
        if (op.fmt == CLI_RANK_CSV) {
            cli_csv_string(fp, id);
            fputc(',', fp);
            cli_csv_string(fp, nm);
            fprintf(fp, ",%d,%d,%ld\n", ns, ne, np);
        } else if (op.fmt == CLI_RANK_JSON) {
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
    if (op.fmt == CLI_RANK_JSON) fprintf(fp, "%s]\n", in.n_chains ? "\n" : "");
    code = cli_out_commit(&o, cmd);
    cr_dataset_free(ds);
    return code;
}
