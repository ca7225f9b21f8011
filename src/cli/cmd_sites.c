/* chainrank sites DATASET (--enterprise E | --profile P.json) [--chain K] --scheme S.json
 *                 [--parks A,B | --province X] [--top N] [--format table|json|csv] [--out F]
 * The parks ranked for one investor: E's row of `rank --park P` in every
 * chosen park (cr_rank_sites), best score first, then the parks where E is
 * excluded (with the reasons) or already a tenant. docs/allocate.md. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const cr_dataset *g_ds;   /* for qsort, on this thread only */
static int g_hib;

/* Ranked first (score, better first; then park id), then excluded, then tenants (park id). */
static int cmp_row(const void *a, const void *b)
{
    const cr_sites_row *x = a, *y = b;
    if (x->state != y->state) return x->state < y->state ? -1 : 1;
    if (x->state == CR_SITES_RANKED && x->score != y->score)
        return (g_hib ? x->score > y->score : x->score < y->score) ? -1 : 1;
    return strcmp(cr_dataset_park_id(g_ds, x->park), cr_dataset_park_id(g_ds, y->park));
}

static const char *state_name(cr_sites_state s)
{
    return s == CR_SITES_RANKED ? "ranked" : s == CR_SITES_EXCLUDED ? "excluded" : "tenant";
}

typedef struct {
    const char *dir, *ent, *profile, *chain, *scheme, *outp, *parks, *prov;
    cli_rank_format fmt;
    long top;
    int noplace;
} sites_opts;
static const cli_opt sites_opt[] = {
    CLI_STR("--enterprise", sites_opts, ent, "E", "the enterprise, by id (required unless --profile)"),
    CLI_STR("--profile", sites_opts, profile, "P.json",
            "a hypothetical project: segments, output, needs, intensities (required unless --enterprise; docs/allocate.md)"),
    CLI_STR("--chain", sites_opts, chain, "K",
            "the chain, by id (default: the first chain, in dataset order, the enterprise has a segment in)"),
    CLI_STR("--scheme", sites_opts, scheme, "S.json", "the weighting scheme (required)"),
    CLI_STR("--parks", sites_opts, parks, "A,B", "these parks, by id (default: every park)"),
    CLI_STR("--province", sites_opts, prov, "X", "only the parks of province X (default: all provinces)"),
    CLI_LONG("--top", sites_opts, top, 0, 100000000, NULL, "N", "parks listed, 0 = all (default 0)"),
    CLI_FLAG("--no-place", sites_opts, noplace, 1,
             "skip the enterprise's place in each park's list, which costs a second sweep (default: off)"),
    CLI_FORMAT("--format", sites_opts, fmt, "F", "table, json or csv (default table)"),
    CLI_STR("--out", sites_opts, outp, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_sites = {.cmd = "sites", .opts = sites_opt, .pos_off = offsetof(sites_opts, dir),
                                    .unknown = CLI_MSG_INCOMPLETE, .extra = CLI_MSG_ONE_DATASET};

int cmd_sites(int argc, char **argv, cr_ctx *ctx)
{
    sites_opts op = {.fmt = CLI_RANK_TABLE};
    int code = cli_opts_parse(&cli_spec_sites, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    if (!op.dir) return cli_usage("sites", "missing DATASET");
    if (!op.ent == !op.profile) return cli_usage("sites", "give one of --enterprise E and --profile P.json");
    if (!op.scheme) return cli_usage("sites", "missing --scheme S.json");
    if (op.parks && op.prov) return cli_usage("sites", "give --parks or --province, not both");

    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_load(ctx, op.scheme, &s);
    if (rc != CR_OK) return cli_fail(ctx, "sites", rc);
    /* a profile: one more enterprise, appended to the dataset's (cr_profile_parse) */
    char *ptext = NULL, *pcsv = NULL, *pid = NULL;
    size_t plen = 0;
    cr_load_params lp;
    cr_load_params_default(&lp);
    if (op.profile) {
        if ((code = cli_read_file(ctx, op.profile, &ptext, &plen, "sites")) != CLI_EXIT_OK) {
            cr_scheme_free(s);
            return code;
        }
        rc = cr_profile_parse(ctx, ptext, plen, op.profile, &pcsv, &pid);
        free(ptext);
        if (rc != CR_OK) {
            cr_scheme_free(s);
            return cli_fail(ctx, "sites", rc);
        }
        lp.extra_enterprises = pcsv;
        lp.extra_source = op.profile;
        op.ent = pid;
    }
    cli_rank_env env;
    memset(&env, 0, sizeof env);
    {
        cr_world_params wp;
        cr_world_params_default(&wp);
        wp.load = &lp;
        cr_world w;
        if ((rc = cr_world_init(ctx, &w, op.dir, &wp)) != CR_OK) {
            free(pcsv); free(pid);
            cr_scheme_free(s);
            return cli_fail(ctx, "sites", rc);
        }
        env.ds = w.ds;
        env.model = w.model;
        env.ranker = w.ranker;
    }
    env.scheme = s;
    const cr_dataset *ds = env.ds;
    int32_t *pk = NULL, k = -1;
    size_t np = 0;
    cr_sites_row *rows = NULL;
    int64_t e = cr_dataset_find_enterprise(ds, op.ent);
    if (e < 0) {
        code = cli_fail(ctx, "sites", cr_ctx_fail(ctx, CR_ENOTFOUND, "no enterprise '%s' in %s", op.ent, op.dir));
        goto done;
    }
    if (op.chain) {
        cr_error_t rr = cr_dataset_resolve_chain(ctx, ds, op.chain, &k);
        if (rr != CR_OK) {
            code = cli_fail(ctx, "sites", rr);
            goto done;
        }
    } else {   /* the first chain (dataset order) the enterprise is a candidate of */
        cr_dataset_info info;
        cr_dataset_get_info(ds, &info);
        for (int32_t q = 0; q < (int32_t)info.n_chains && k < 0; q++)
            if (cr_rank_sites(ctx, env.ranker, e, q, s, NULL, 0, 0, NULL) == CR_OK) k = q;
        cr_ctx_clear(ctx);
        if (k < 0) {
            code = cli_fail(ctx, "sites", cr_ctx_fail(ctx, CR_EINVAL, "enterprise %s has no segment in any chain", op.ent));
            goto done;
        }
    }
    if ((code = cli_parks_pick(ctx, "sites", &env, op.parks, op.prov, -1, &pk, &np)) != CLI_EXIT_OK) goto done;
    rows = calloc(np + 1, sizeof *rows);
    if (!rows) { code = cli_fail(ctx, "sites", cr_ctx_fail(ctx, CR_ENOMEM, "out of memory")); goto done; }
    if ((rc = cr_rank_sites(ctx, env.ranker, e, k, s, pk, np, !op.noplace, rows)) != CR_OK) { code = cli_fail(ctx, "sites", rc); goto done; }
    g_ds = ds;
    g_hib = cr_scheme_aggregation(s) != CR_AGG_VIKOR;
    qsort(rows, np, sizeof *rows, cmp_row);
    size_t nrank = 0, nex = 0, nten = 0;
    for (size_t i = 0; i < np; i++) {
        nrank += rows[i].state == CR_SITES_RANKED;
        nex += rows[i].state == CR_SITES_EXCLUDED;
        nten += rows[i].state == CR_SITES_TENANT;
    }
    size_t shown = op.top > 0 && (size_t)op.top < nrank ? (size_t)op.top : nrank;
    cli_out out;
    if ((code = cli_out_open(&out, op.outp, "sites")) != CLI_EXIT_OK) goto done;
    FILE *fp = out.fp;
    char text[1024];
    cr_explanation x;
    const int ev = cr_scheme_expected_value(s);
    if (op.fmt == CLI_RANK_JSON) {
        fprintf(fp, "{\"enterprise\": ");
        cli_json_string(fp, op.ent);
        if (op.profile) fprintf(fp, ", \"profile\": true");
        fprintf(fp, ", \"name\": ");
        cli_json_string(fp, cr_dataset_enterprise_name(ds, e));
        fprintf(fp, ", \"chain\": ");
        cli_json_string(fp, cr_dataset_chain_id(ds, k));
        fprintf(fp, ", \"scheme\": ");
        cli_json_string(fp, cr_scheme_name(s));
        fprintf(fp, ", \"expected_value\": %s, \"higher_is_better\": %s,\n \"parks\": %zu, \"ranked\": %zu, \"excluded\": %zu, "
                    "\"tenant\": %zu,\n \"rows\": [", ev ? "true" : "false", g_hib ? "true" : "false", np, nrank, nex, nten);
        int first = 1;
        for (size_t i = 0; i < np; i++) {
            const cr_sites_row *w = &rows[i];
            if (w->state == CR_SITES_RANKED && i >= shown) continue;
            fprintf(fp, "%s\n  {\"park\": ", first ? "" : ",");
            first = 0;
            cli_json_string(fp, cr_dataset_park_id(ds, w->park));
            fprintf(fp, ", \"park_name\": ");
            cli_json_string(fp, cr_dataset_park_name(ds, w->park));
            fprintf(fp, ", \"state\": \"%s\", \"candidates\": %lld, \"ranked\": %lld", state_name(w->state),
                    (long long)w->ncand, (long long)w->nranked);
            if (w->state == CR_SITES_RANKED) {
                fprintf(fp, ", \"score\": ");
                cli_json_number(fp, w->score);
                if (op.noplace) fprintf(fp, ", \"place\": null, \"criteria\": {");
                else fprintf(fp, ", \"place\": %lld, \"criteria\": {", (long long)w->place);
                for (int c = 0; c < CR_NCRIT; c++) {
                    fprintf(fp, "%s\"%s\": ", c ? ", " : "", cr_criterion_name((cr_criterion)c));
                    cli_json_number(fp, w->value[c]);
                }
                fprintf(fp, "}");
            } else if (w->state == CR_SITES_EXCLUDED) {
                if ((rc = cr_rank_explain(ctx, env.ranker, w->park, k, s, e, &x)) != CR_OK) goto explain_fail;
                cr_rank_reasons_text(env.ranker, w->park, &x, e, text, sizeof text);
                cli_utf8_whole(text);
                fprintf(fp, ", \"reasons\": ");
                cli_json_string(fp, text);
            }
            fprintf(fp, "}");
        }
        fprintf(fp, "]}\n");
    } else if (op.fmt == CLI_RANK_CSV) {
        fprintf(fp, "park,park_name,state,score,place,candidates,ranked");
        for (int c = 0; c < CR_NCRIT; c++) fprintf(fp, ",%s", cr_criterion_name((cr_criterion)c));
        fprintf(fp, ",reasons\n");
        for (size_t i = 0; i < np; i++) {
            const cr_sites_row *w = &rows[i];
            if (w->state == CR_SITES_RANKED && i >= shown) continue;
            cli_csv_string(fp, cr_dataset_park_id(ds, w->park));
            fputc(',', fp);
            cli_csv_string(fp, cr_dataset_park_name(ds, w->park));
            fprintf(fp, ",%s,", state_name(w->state));
            if (w->state == CR_SITES_RANKED && !op.noplace) fprintf(fp, "%.17g,%lld", w->score, (long long)w->place);
            else if (w->state == CR_SITES_RANKED) fprintf(fp, "%.17g,", w->score);
            else fputc(',', fp);
            fprintf(fp, ",%lld,%lld", (long long)w->ncand, (long long)w->nranked);
            for (int c = 0; c < CR_NCRIT; c++) {
                fputc(',', fp);
                if (!isnan(w->value[c])) fprintf(fp, "%.17g", w->value[c]);
            }
            fputc(',', fp);
            cli_reasons_csv(fp, w->excluded);
            fputc('\n', fp);
        }
    } else {
        fprintf(fp, "Sites for %s%s ", op.profile ? "the project " : "", op.ent);
        cli_print_cell(fp, cr_dataset_enterprise_name(ds, e), (int)strlen(cr_dataset_enterprise_name(ds, e)) + 8);
        fprintf(fp, "\nchain %s %s — scheme %s — %zu parks: %zu ranked, %zu excluded, %zu tenant\n", cr_dataset_chain_id(ds, k),
                cr_dataset_chain_name(ds, k), cr_scheme_name(s), np, nrank, nex, nten);
        fprintf(fp, "The %s is this enterprise's row in `rank --park P` (normalised over each park's candidates), place its "
                    "rank there.\n\n", ev ? "expected value" : "score");
        fprintf(fp, "  # park       name                     %10s   place / ranked\n", ev ? "E[value]" : "score");
        for (size_t i = 0; i < shown; i++) {
            const cr_sites_row *w = &rows[i];
            fprintf(fp, "%3zu %-10s ", i + 1, cr_dataset_park_id(ds, w->park));
            cli_print_cell(fp, cr_dataset_park_name(ds, w->park), 24);
            if (op.noplace) fprintf(fp, " %10.4g       - / %lld\n", w->score, (long long)w->nranked);
            else fprintf(fp, " %10.4g %7lld / %lld\n", w->score, (long long)w->place, (long long)w->nranked);
        }
        if (shown < nrank) fprintf(fp, "    ... %zu more ranked parks (--top 0: all)\n", nrank - shown);
        if (nex) fprintf(fp, "\nExcluded in %zu parks:\n", nex);
        for (size_t i = nrank; i < nrank + nex; i++) {
            const cr_sites_row *w = &rows[i];
            if ((rc = cr_rank_explain(ctx, env.ranker, w->park, k, s, e, &x)) != CR_OK) goto explain_fail;
            cr_rank_reasons_text(env.ranker, w->park, &x, e, text, sizeof text);
            cli_utf8_whole(text);
            fprintf(fp, "    %-10s ", cr_dataset_park_id(ds, w->park));
            cli_print_cell(fp, cr_dataset_park_name(ds, w->park), 24);
            fprintf(fp, " %s\n", text);
        }
        if (nten) {
            fprintf(fp, "\nAlready a tenant of:");
            for (size_t i = nrank + nex; i < np; i++) fprintf(fp, " %s", cr_dataset_park_id(ds, rows[i].park));
            fputc('\n', fp);
        }
    }
    code = cli_out_commit(&out, "sites");
    goto done;
explain_fail:
    cli_out_abort(&out);
    code = cli_fail(ctx, "sites", rc);
done:
    free(rows);
    free(pk);
    free(pcsv);
    free(pid);
    cli_rank_release(&env);
    cr_scheme_free(s);
    return code;
}
