/* chainrank allocate DATASET --chain K --scheme S.json (--capacity N | --capacities F.csv)
 *                    [--parks A,B | --province X] [--top K] [--format table|json|csv] [--out F]
 * Each enterprise to at most one park, each park at most its capacity,
 * maximum total value: the transportation LP, solved by GLPK (cr_allocate).
 * docs/allocate.md. */
#include "cli.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* F.csv: header "park,capacity", then one row a park (ids of the selected
 * parks; a park not listed takes --capacity, or is an error without it). */
static int read_capacities(cr_ctx *ctx, const char *path, const cr_dataset *ds, const int32_t *parks, size_t np,
                           int32_t *cap)
{
    char *buf = NULL;
    size_t len = 0;
    int code = cli_read_file(ctx, path, &buf, &len, "allocate");
    if (code != CLI_EXIT_OK) return code;
    cr_error_t bad = CR_OK;
    long line = 0;
    char *p = buf;
    while (p < buf + len && bad == CR_OK) {
        char *eol = memchr(p, '\n', (size_t)(buf + len - p));
        char *end = eol ? eol : buf + len;
        line++;
        if (end > p && end[-1] == '\r') end[-1] = 0, end--;
        *end = 0;
        char *next = eol ? eol + 1 : buf + len;
        if (line == 1) {
            if (strcmp(p, "park,capacity") != 0)
                bad = cr_ctx_fail(ctx, CR_EDATA, "%s:1:1: header: expected 'park,capacity', got '%s'", path, p);
            p = next;
            continue;
        }
        if (!*p) { p = next; continue; }
        char *comma = strchr(p, ',');
        if (!comma) {
            bad = cr_ctx_fail(ctx, CR_EDATA, "%s:%ld:1: row: expected 'park,capacity'", path, line);
            break;
        }
        *comma = 0;
        int32_t q = cr_dataset_find_park(ds, p);
        size_t i = 0;
        while (i < np && parks[i] != q) i++;
        if (q < 0) {
            bad = cr_ctx_fail(ctx, CR_ENOTFOUND, "%s:%ld:1: park: no park '%s' in the dataset", path, line, p);
            break;
        }
        if (i == np) {
            bad = cr_ctx_fail(ctx, CR_EDATA, "%s:%ld:1: park: '%s' is not among the selected parks", path, line, p);
            break;
        }
        if (cap[i] != -1) {
            bad = cr_ctx_fail(ctx, CR_EDATA, "%s:%ld:1: park: '%s' listed twice", path, line, p);
            break;
        }
        char *num = comma + 1, *e;
        long v = strtol(num, &e, 10);
        if (!*num || *e || !isdigit((unsigned char)num[0]) || v < 0 || v > 100000) {
            bad = cr_ctx_fail(ctx, CR_EDATA, "%s:%ld:%ld: capacity: expected an integer in 0..100000, got '%s'", path, line,
                              (long)(num - p) + 1, num);
            break;
        }
        cap[i] = (int32_t)v;
        p = next;
    }
    if (bad == CR_OK && line == 0) bad = cr_ctx_fail(ctx, CR_EDATA, "%s:1:1: header: empty file", path);
    free(buf);
    return bad == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, "allocate", bad);
}

static void park_cell(FILE *fp, const cr_dataset *ds, int32_t p)
{
    fprintf(fp, "%-10s ", cr_dataset_park_id(ds, p));
    cli_print_cell(fp, cr_dataset_park_name(ds, p), 24);
}

typedef struct {
    cli_across_args a;
    const char *capfile;
    long capn;   /* -1 until --capacity */
} allocate_opts;
static const cli_opt allocate_opt[] = {
    CLI_LONG("--capacity", allocate_opts, capn, 0, 100000, NULL, "N", "targets per park (required unless --capacities)"),
    CLI_STR("--capacities", allocate_opts, capfile, "F.csv", "park,capacity rows (required unless --capacity)"),
    CLI_ACROSS_PICK_OPTS(allocate_opts),
    CLI_ACROSS_TOP_OPT(allocate_opts,
                       "candidates offered per park: its top K (default 4 x --capacity, 20 with --capacities)"),
    CLI_ACROSS_OUT_OPTS(allocate_opts),
    CLI_OPT_END};
const cli_optspec cli_spec_allocate = {.cmd = "allocate", .opts = allocate_opt,
                                       .pos_off = offsetof(allocate_opts, a.dir), .unknown = CLI_MSG_INCOMPLETE,
                                       .extra = CLI_MSG_ONE_DATASET};

int cmd_allocate(int argc, char **argv, cr_ctx *ctx)
{
    allocate_opts op = {.capn = -1};
    int code = cli_opts_parse(&cli_spec_allocate, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cli_across_args a = op.a;
    const char *capfile = op.capfile;
    const long capn = op.capn;
    if (capn < 0 && !capfile) return cli_usage("allocate", "missing --capacity N or --capacities F.csv");
    if (a.top == 0) a.top = capn > 0 ? (4 * capn < 100000 ? 4 * capn : 100000) : 20;   /* lists: 4 x capacity by default */
    cli_across w;
    if ((code = cli_across_open(ctx, "allocate", &a, &w)) != CLI_EXIT_OK) return code;
    const cr_dataset *ds = w.env.ds;
    const cr_park_lists *l = w.lists;
    const size_t np = l->nparks;
    cr_allocation *al = NULL;
    int32_t *cap = malloc((np + 1) * sizeof *cap);
    if (!cap) { code = cli_fail(ctx, "allocate", cr_ctx_fail(ctx, CR_ENOMEM, "out of memory")); goto done; }
    for (size_t i = 0; i < np; i++) cap[i] = -1;
    if (capfile && (code = read_capacities(ctx, capfile, ds, l->parks, np, cap)) != CLI_EXIT_OK) goto done;
    for (size_t i = 0; i < np; i++) {
        if (cap[i] >= 0) continue;
        if (capn < 0) {
            code = cli_fail(ctx, "allocate", cr_ctx_fail(ctx, CR_EDATA, "%s: park %s has no capacity (list it, or give "
                                                         "--capacity N for the others)", capfile,
                                                         cr_dataset_park_id(ds, l->parks[i])));
            goto done;
        }
        cap[i] = (int32_t)capn;
    }
    cr_error_t rc = cr_allocate(ctx, l, cap, &al);
    if (rc != CR_OK) { code = cli_fail(ctx, "allocate", rc); goto done; }
    cli_out out;
    if ((code = cli_out_open(&out, a.outp, "allocate")) != CLI_EXIT_OK) goto done;
    FILE *fp = out.fp;
    if (a.fmt == CLI_RANK_JSON) {
        cli_across_json_head(fp, &w);
        fprintf(fp, ", \"value\": \"%s\", \"top\": %d,\n \"total\": ", l->expected_value ? "expected_value" : "score", l->top);
        cli_json_number(fp, al->total);
        fprintf(fp, ", \"assigned\": %lld, \"greedy_total\": ", (long long)al->nassigned);
        cli_json_number(fp, al->greedy);
        fprintf(fp, ", \"greedy_assigned\": %lld, \"own_lists_bound\": ", (long long)al->ngreedy);
        cli_json_number(fp, al->bound_own);
        fprintf(fp, ", \"lp_pairs\": %lld, \"optimum\": \"%s\",\n \"parks\": [", (long long)al->npairs_lp,
                al->tie_stage == 0 ? "unique" : al->tie_stage == 1 ? "ties broken by id" : "ties kept as solved");
        for (size_t i = 0; i < np; i++) {
            fprintf(fp, "%s\n  {\"park\": ", i ? "," : "");
            cli_json_string(fp, cr_dataset_park_id(ds, l->parks[i]));
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, cr_dataset_park_name(ds, l->parks[i]));
            fprintf(fp, ", \"capacity\": %d, \"assigned\": [", cap[i]);
            for (int64_t j = al->off[i]; j < al->off[i + 1]; j++) {
                fprintf(fp, "%s{\"id\": ", j > al->off[i] ? ", " : "");
                cli_json_string(fp, cr_dataset_enterprise_id(ds, al->pairs[j].ent));
                fprintf(fp, ", \"value\": ");
                cli_json_number(fp, al->pairs[j].value);
                fprintf(fp, "}");
            }
            fprintf(fp, "],\n   \"gave_up\": [");
            for (int64_t j = al->given_up_off[i]; j < al->given_up_off[i + 1]; j++) {
                const cr_alloc_pair *g = &al->given_up[j];
                fprintf(fp, "%s{\"id\": ", j > al->given_up_off[i] ? ", " : "");
                cli_json_string(fp, cr_dataset_enterprise_id(ds, g->ent));
                fprintf(fp, ", \"value_here\": ");
                cli_json_number(fp, al->given_up_here[j]);
                fprintf(fp, ", \"went_to\": ");
                if (g->park >= 0) cli_json_string(fp, cr_dataset_park_id(ds, l->parks[g->park]));
                else fprintf(fp, "null");
                fprintf(fp, ", \"value_there\": ");
                cli_json_number(fp, g->value);
                fprintf(fp, "}");
            }
            fprintf(fp, "]}");
        }
        fprintf(fp, "]}\n");
    } else if (a.fmt == CLI_RANK_CSV) {
        fprintf(fp, "park,park_name,capacity,id,name,value\n");
        for (size_t i = 0; i < np; i++)
            for (int64_t j = al->off[i]; j < al->off[i + 1]; j++) {
                cli_csv_string(fp, cr_dataset_park_id(ds, l->parks[i]));
                fputc(',', fp);
                cli_csv_string(fp, cr_dataset_park_name(ds, l->parks[i]));
                fprintf(fp, ",%d,", cap[i]);
                cli_csv_string(fp, cr_dataset_enterprise_id(ds, al->pairs[j].ent));
                fputc(',', fp);
                cli_csv_string(fp, cr_dataset_enterprise_name(ds, al->pairs[j].ent));
                fprintf(fp, ",%.17g\n", al->pairs[j].value);
            }
    } else {
        const char *vn = l->expected_value ? "expected value" : "score";
        fprintf(fp, "Allocation for chain %s %s — scheme %s — %zu parks, lists of the top %d, value = %s\n",
                cr_dataset_chain_id(ds, l->chain), cr_dataset_chain_name(ds, l->chain), cr_scheme_name(w.scheme), np, l->top,
                vn);
        fprintf(fp, "Each enterprise to at most one park, each park at most its capacity; the LP optimum (GLPK simplex, "
                    "%lld pairs).\n\n", (long long)al->npairs_lp);
        fprintf(fp, "  optimum (this allocation)           %12.6g  %lld targets\n", al->total, (long long)al->nassigned);
        fprintf(fp, "  greedy global (best pair first)     %12.6g  %lld targets   optimum / greedy = %.4f\n", al->greedy,
                (long long)al->ngreedy, al->greedy > 0 ? al->total / al->greedy : NAN);
        fprintf(fp, "  each park's own top list (bound)    %12.6g  conflicts ignored   optimum / bound = %.4f\n",
                al->bound_own, al->bound_own > 0 ? al->total / al->bound_own : NAN);
        fprintf(fp, "  %s\n\n", al->tie_stage == 0 ? "The optimum is unique." : al->tie_stage == 1 ?
                "Several allocations reach the optimum: the one favouring smaller enterprise ids, then earlier parks, is shown." :
                "Several allocations may reach the optimum: the solver's first is shown.");
        for (size_t i = 0; i < np; i++) {
            double got = 0;
            for (int64_t j = al->off[i]; j < al->off[i + 1]; j++) got += al->pairs[j].value;
            park_cell(fp, ds, l->parks[i]);
            fprintf(fp, "  capacity %d, gets %lld, value %.4g\n", cap[i], (long long)(al->off[i + 1] - al->off[i]), got);
            for (int64_t j = al->off[i]; j < al->off[i + 1]; j++) {
                fprintf(fp, "      + %-10s ", cr_dataset_enterprise_id(ds, al->pairs[j].ent));
                cli_print_cell(fp, cr_dataset_enterprise_name(ds, al->pairs[j].ent), 16);
                fprintf(fp, " %.4g\n", al->pairs[j].value);
            }
            for (int64_t j = al->given_up_off[i]; j < al->given_up_off[i + 1]; j++) {
                const cr_alloc_pair *g = &al->given_up[j];
                fprintf(fp, "      - %-10s ", cr_dataset_enterprise_id(ds, g->ent));
                cli_print_cell(fp, cr_dataset_enterprise_name(ds, g->ent), 16);
                if (g->park >= 0)
                    fprintf(fp, " %.4g here; went to %s, %.4g there\n", al->given_up_here[j],
                            cr_dataset_park_id(ds, l->parks[g->park]), g->value);
                else
                    fprintf(fp, " %.4g here; unassigned (the optimum fills this park's places with others)\n",
                            al->given_up_here[j]);
            }
        }
    }
    code = cli_out_commit(&out, "allocate");
done:
    free(cap);
    cr_allocation_free(al);
    cli_across_close(&w);
    return code;
}
