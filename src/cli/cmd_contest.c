/* chainrank contest DATASET --chain K --scheme S.json [--parks A,B | --province X]
 *                   [--top K] [--format table|json|csv] [--out F]
 * Which enterprises sit in the top K of many parks' lists, how many parks
 * chase each, and the homogeneity of the lists (mean pairwise Jaccard).
 * docs/allocate.md "contest". */
#include "cli.h"

#include <math.h>
#include <string.h>

typedef struct {
    cli_across_args a;
    long show;
} contest_opts;
static const cli_opt contest_opt[] = {
    CLI_ACROSS_PICK_OPTS(contest_opts),
    CLI_ACROSS_TOP_OPT(contest_opts, "length of each park's list (default 20)"),
    CLI_LONG("--show", contest_opts, show, 0, 100000000, NULL, "N", "contested enterprises listed (default 20)"),
    CLI_ACROSS_OUT_OPTS(contest_opts),
    CLI_OPT_END};
const cli_optspec cli_spec_contest = {.cmd = "contest", .opts = contest_opt, .pos_off = offsetof(contest_opts, a.dir),
                                      .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_contest(int argc, char **argv, cr_ctx *ctx)
{
    contest_opts op = {.a = {.top = 20}, .show = 20};
    int code = cli_opts_parse(&cli_spec_contest, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cli_across_args a = op.a;
    const long show = op.show;
    cli_across w;
    if ((code = cli_across_open(ctx, "contest", &a, &w)) != CLI_EXIT_OK) return code;
    const cr_dataset *ds = w.env.ds;
    const cr_park_lists *l = w.lists;
    cr_contest *c = NULL;
    cr_error_t rc = cr_contest_run(ctx, l, &c);
    if (rc != CR_OK) {
        code = cli_fail(ctx, "contest", rc);
        goto done;
    }
    int64_t n = show > 0 && show < c->nrows ? show : c->nrows;
    cli_out out;
    if ((code = cli_out_open(&out, a.outp, "contest")) != CLI_EXIT_OK) goto done;
    FILE *fp = out.fp;
    if (a.fmt == CLI_RANK_JSON) {
        cli_across_json_head(fp, &w);
        fprintf(fp, ", \"top\": %d, \"parks\": [", l->top);
        for (size_t i = 0; i < l->nparks; i++) {
            fprintf(fp, "%s", i ? ", " : "");
            cli_json_string(fp, cr_dataset_park_id(ds, l->parks[i]));
        }
        fprintf(fp, "],\n \"homogeneity\": ");
        cli_json_number(fp, c->homogeneity);
        fprintf(fp, ", \"park_pairs\": %lld, \"enterprises\": %lld, \"shared\": %lld, \"slots\": %lld,\n \"rows\": [",
                (long long)c->npairs, (long long)c->nrows, (long long)c->nshared, (long long)c->total_slots);
        for (int64_t i = 0; i < n; i++) {
            const cr_contest_row *r = &c->rows[i];
            fprintf(fp, "%s\n  {\"id\": ", i ? "," : "");
            cli_json_string(fp, cr_dataset_enterprise_id(ds, r->ent));
            fprintf(fp, ", \"name\": ");
            cli_json_string(fp, cr_dataset_enterprise_name(ds, r->ent));
            fprintf(fp, ", \"parks\": %d, \"best_park\": ", r->nparks);
            cli_json_string(fp, cr_dataset_park_id(ds, l->parks[r->best_park]));
            fprintf(fp, ", \"best_place\": %d, \"best_score\": ", r->best_place);
            cli_json_number(fp, r->best_score);
            fprintf(fp, "}");
        }
        fprintf(fp, "]}\n");
    } else if (a.fmt == CLI_RANK_CSV) {
        fprintf(fp, "id,name,parks,best_park,best_place,best_score\n");
        for (int64_t i = 0; i < n; i++) {
            const cr_contest_row *r = &c->rows[i];
            cli_csv_string(fp, cr_dataset_enterprise_id(ds, r->ent));
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_enterprise_name(ds, r->ent));
            fprintf(fp, ",%d,", r->nparks);
            cli_csv_string(fp, cr_dataset_park_id(ds, l->parks[r->best_park]));
            fprintf(fp, ",%d,%.17g\n", r->best_place, r->best_score);
        }
    } else {
        fprintf(fp, "Contest for chain %s %s — scheme %s — %zu parks, top %d of each\n", cr_dataset_chain_id(ds, l->chain),
                cr_dataset_chain_name(ds, l->chain), cr_scheme_name(w.scheme), l->nparks, l->top);
        fprintf(fp, "%lld list places held by %lld enterprises; %lld of them in 2 or more lists.\n",
                (long long)c->total_slots, (long long)c->nrows, (long long)c->nshared);
        if (isnan(c->homogeneity)) fprintf(fp, "Homogeneity: n/a (one park)\n\n");
        else fprintf(fp, "Homogeneity (mean pairwise Jaccard of the top-%d lists, 0 = disjoint, 1 = identical): %.3f over "
                         "%lld park pairs\n\n", l->top, c->homogeneity, (long long)c->npairs);
        fprintf(fp, "  # id         name              parks  best park  place  %s\n",
                l->expected_value ? "E[value]" : "score");
        for (int64_t i = 0; i < n; i++) {
            const cr_contest_row *r = &c->rows[i];
            fprintf(fp, "%3lld %-10s ", (long long)(i + 1), cr_dataset_enterprise_id(ds, r->ent));
            cli_print_cell(fp, cr_dataset_enterprise_name(ds, r->ent), 16);
            fprintf(fp, " %6d  %-10s %5d  %.4g\n", r->nparks, cr_dataset_park_id(ds, l->parks[r->best_park]), r->best_place,
                    r->best_score);
        }
        if (n < c->nrows) fprintf(fp, "    ... %lld more (--show 0: all)\n", (long long)(c->nrows - n));
    }
    code = cli_out_commit(&out, "contest");
done:
    cr_contest_free(c);
    cli_across_close(&w);
    return code;
}
