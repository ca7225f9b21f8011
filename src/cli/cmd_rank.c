/* chainrank rank DATASET --park P [--chain K] --scheme S.json [--top N]
 *                [--format table|json|csv|xlsx] [--lang en|zh] [--excluded] [--out FILE]
 * xlsx (docs/outputs.md): a workbook at --out, always with its excluded sheet. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *dir, *park, *chain, *scheme, *outp, *lang_s;
    int excluded;
    long top;
    cli_rank_format fmt;
} rank_opts;
static const cli_opt rank_opt[] = {
    CLI_STR("--park", rank_opts, park, "P", "the park: an id, a unique name or a unique part of one (required)"),
    CLI_STR("--chain", rank_opts, chain, "K",
            "the chain: id, unique name or part (default: the first chain the park leads)"),
    CLI_STR("--scheme", rank_opts, scheme, "S.json", "the weighting scheme (required; docs/model.md)"),
    CLI_LONG("--top", rank_opts, top, 0, 100000000, "--top wants an integer >= 0 (0 = all), got '%s'", "N",
             "length of the list, 0 = all (default 20)"),
    CLI_FORMAT("--format", rank_opts, fmt, "F",
               "table, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx; docs/outputs.md)"),
    CLI_STR("--lang", rank_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_FLAG("--excluded", rank_opts, excluded, 1, "also list the excluded candidates with the reason (default: off)"),
    CLI_STR("--out", rank_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_rank = {.cmd = "rank", .opts = rank_opt, .pos_off = offsetof(rank_opts, dir),
                                   .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_rank(int argc, char **argv, cr_ctx *ctx)
{
    rank_opts op = {.top = 20, .fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_rank, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cr_lang lang;
    if (!op.dir) return cli_usage("rank", "missing DATASET");
    if (!op.park) return cli_usage("rank", "missing --park P");
    if (!op.scheme) return cli_usage("rank", "missing --scheme S.json");
    if ((code = cli_lang_parse("rank", op.lang_s, op.fmt == CLI_RANK_XLSX, &lang)) != CLI_EXIT_OK) return code;
    if (op.fmt == CLI_RANK_XLSX && (code = cli_xlsx_needs_file("rank", op.outp)) != CLI_EXIT_OK) return code;

    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_load(ctx, op.scheme, &s);
    if (rc != CR_OK) return cli_fail(ctx, "rank", rc);
    cli_rank_env env;
    if ((code = cli_rank_prepare(ctx, "rank", op.dir, &env)) != CLI_EXIT_OK) {
        cr_scheme_free(s);
        return code;
    }
    env.scheme = s;
    cr_rank_result *res = NULL;
    int32_t p = -1, k = -1;
    if ((rc = cr_dataset_resolve_park(ctx, env.ds, op.park, &p)) != CR_OK) goto fail;
    if (op.chain) {
        if ((rc = cr_dataset_resolve_chain(ctx, env.ds, op.chain, &k)) != CR_OK) goto fail;
    } else {
        const int32_t *led;
        if (cr_dataset_park_chains(env.ds, p, &led) == 0) {
            rc = cr_ctx_fail(ctx, CR_EINVAL, "park '%s' leads no chain: give --chain K", cr_dataset_park_id(env.ds, p));
            goto fail;
        }
        k = led[0];
    }
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = (int32_t)op.top;
    o.want_excluded = op.excluded || op.fmt == CLI_RANK_XLSX;
    if ((rc = cr_rank_park(ctx, env.ranker, p, k, s, &o, &res)) != CR_OK) goto fail;
    if (op.fmt == CLI_RANK_XLSX) {
        code = cli_rank_workbook(ctx, "rank", &env, res, op.outp, lang);
        goto done;
    }
    cli_out out;
    if ((code = cli_out_open(&out, op.outp, "rank")) != CLI_EXIT_OK) goto done;
    code = cli_rank_print(out.fp, ctx, &env, res, op.fmt, op.excluded);
    if (code == CLI_EXIT_OK) code = cli_out_commit(&out, "rank");
    else cli_out_abort(&out);
    goto done;
fail:
    code = cli_fail(ctx, "rank", rc);
done:
    cr_rank_result_free(res);
    cli_rank_release(&env);
    cr_scheme_free(s);
    return code;
}
