/* chainrank rank DATASET --park P [--chain K] --scheme S.json [--top N]
 *                [--format table|json|csv|xlsx] [--lang en|zh] [--excluded] [--out FILE]
 * xlsx (docs/outputs.md): a workbook at --out, always with its excluded sheet. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_rank(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *park = NULL, *chain = NULL, *scheme = NULL, *outp = NULL;
    cli_rank_format fmt = CLI_RANK_TABLE;
    int excluded = 0, code;
    cr_lang lang;
    const char *lang_s = NULL;
    long top = 20;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--park") && i + 1 < argc) park = argv[++i];
        else if (!strcmp(argv[i], "--chain") && i + 1 < argc) chain = argv[++i];
        else if (!strcmp(argv[i], "--scheme") && i + 1 < argc) scheme = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) outp = argv[++i];
        else if (!strcmp(argv[i], "--excluded")) excluded = 1;
        else if (!strcmp(argv[i], "--lang") && i + 1 < argc) lang_s = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
            if ((code = cli_rank_format_parse("rank", argv[++i], &fmt)) != CLI_EXIT_OK) return code;
        } else if (!strcmp(argv[i], "--top") && i + 1 < argc) {
            char *end;
            top = strtol(argv[++i], &end, 10);
            if (*end || top < 0 || top > 100000000) return cli_usage("rank", "--top wants an integer >= 0 (0 = all), got '%s'", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("rank", "unknown or incomplete option '%s'", argv[i]);
        else if (!dir) dir = argv[i];
        else return cli_usage("rank", "one DATASET folder expected, got '%s' too", argv[i]);
    }
    if (!dir) return cli_usage("rank", "missing DATASET");
    if (!park) return cli_usage("rank", "missing --park P");
    if (!scheme) return cli_usage("rank", "missing --scheme S.json");
    if ((code = cli_lang_parse("rank", lang_s, fmt == CLI_RANK_XLSX, &lang)) != CLI_EXIT_OK) return code;
    if (fmt == CLI_RANK_XLSX && (code = cli_xlsx_needs_file("rank", outp)) != CLI_EXIT_OK) return code;

    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_load(ctx, scheme, &s);
    if (rc != CR_OK) return cli_fail(ctx, "rank", rc);
    cli_rank_env env;
    if ((code = cli_rank_prepare(ctx, "rank", dir, &env)) != CLI_EXIT_OK) {
        cr_scheme_free(s);
        return code;
    }
    env.scheme = s;
    cr_rank_result *res = NULL;
    int32_t p = -1, k = -1;
    if ((rc = cr_dataset_resolve_park(ctx, env.ds, park, &p)) != CR_OK) goto fail;
    if (chain) {
        if ((rc = cr_dataset_resolve_chain(ctx, env.ds, chain, &k)) != CR_OK) goto fail;
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
    o.top = (int32_t)top;
    o.want_excluded = excluded || fmt == CLI_RANK_XLSX;
    if ((rc = cr_rank_park(ctx, env.ranker, p, k, s, &o, &res)) != CR_OK) goto fail;
    if (fmt == CLI_RANK_XLSX) {
        code = cli_rank_workbook(ctx, "rank", &env, res, outp, lang);
        goto done;
    }
    cli_out out;
    if ((code = cli_out_open(&out, outp, "rank")) != CLI_EXIT_OK) goto done;
    code = cli_rank_print(out.fp, ctx, &env, res, fmt, excluded);
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
