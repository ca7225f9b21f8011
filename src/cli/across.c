/* Shared by sites, contest and allocate (issue 17): the park selection
 * (--parks A,B | --province X) and the value column format. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_parks_pick(cr_ctx *ctx, const char *cmd, const cli_rank_env *env, const char *list, const char *province,
                   int32_t chain, int32_t **out, size_t *n)
{
    const cr_dataset *ds = env->ds;
    cr_dataset_info info;
    cr_dataset_get_info(ds, &info);
    const int32_t np = (int32_t)info.n_parks;
    int32_t *p = malloc(((size_t)np + 1) * sizeof *p);
    *out = NULL;
    *n = 0;
    if (!p) return cli_fail(ctx, cmd, cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"));
    if (list) {
        size_t k = 0;
        const char *a = list;
        for (;;) {
            const char *b = strchr(a, ',');
            size_t len = b ? (size_t)(b - a) : strlen(a);
            char id[256];
            if (len == 0 || len >= sizeof id) {
                free(p);
                return cli_usage(cmd, "--parks wants park ids separated by commas, got '%s'", list);
            }
            memcpy(id, a, len);
            id[len] = 0;
            int32_t q = cr_dataset_find_park(ds, id);
            if (q < 0) {
                free(p);
                return cli_fail(ctx, cmd, cr_ctx_fail(ctx, CR_ENOTFOUND, "--parks: no park '%s' in %s", id, info.name));
            }
            for (size_t j = 0; j < k; j++)
                if (p[j] == q) {
                    free(p);
                    return cli_usage(cmd, "--parks names park '%s' twice", id);
                }
            if (k == (size_t)np) break;
            p[k++] = q;
            if (!b) break;
            a = b + 1;
        }
        *n = k;
    } else {
        *n = cr_parks_select(env->ranker, province, chain, p);
        if (*n == 0) {
            free(p);
            if (province && chain >= 0)
                return cli_fail(ctx, cmd, cr_ctx_fail(ctx, CR_ENOTFOUND, "no park in province '%s' lists chain %s", province,
                                                      cr_dataset_chain_id(ds, chain)));
            if (province)
                return cli_fail(ctx, cmd, cr_ctx_fail(ctx, CR_ENOTFOUND, "no park in province '%s'", province));
            return cli_fail(ctx, cmd, cr_ctx_fail(ctx, CR_ENOTFOUND, "no park lists chain %s", cr_dataset_chain_id(ds, chain)));
        }
    }
    *out = p;
    return CLI_EXIT_OK;
}

void cli_reasons_csv(FILE *fp, uint32_t f)
{
    static const char *const names[] = {"banned", "co2_quota", "energy_quota", "pollutant_quota",
                                        "co2_cap", "energy_cap", "pollutant_cap"};
    const char *sep = "";
    for (int k = 0; k < (int)(sizeof names / sizeof *names); k++)
        if (f & (1u << k)) { fprintf(fp, "%s%s", sep, names[k]); sep = ";"; }
    for (int r = 0; r < CR_RANK_NRES; r++)
        if (f & (1u << (CR_EXCL_RES_SHIFT + r))) { fprintf(fp, "%s%s", sep, cr_rank_resource_name(r)); sep = ";"; }
    if (f & CR_EXCL_POOL_TENANT) { fprintf(fp, "%spool_tenant", sep); sep = ";"; }
    if (f & CR_EXCL_POOL_HQ) fprintf(fp, "%spool_headquarters", sep);
}

int cli_across_open(cr_ctx *ctx, const char *cmd, cli_across_args *a, cli_across *w)
{
    memset(w, 0, sizeof *w);
    if (!a->dir) return cli_usage(cmd, "missing DATASET");
    if (!a->chain) return cli_usage(cmd, "missing --chain K");
    if (!a->scheme) return cli_usage(cmd, "missing --scheme S.json");
    if (a->parks && a->prov) return cli_usage(cmd, "give --parks or --province, not both");
    cr_error_t rc = cr_scheme_load(ctx, a->scheme, &w->scheme);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);
    int code = cli_rank_prepare(ctx, cmd, a->dir, &w->env);
    if (code != CLI_EXIT_OK) {
        cli_across_close(w);
        return code;
    }
    w->env.scheme = w->scheme;
    int32_t k = -1;
    if ((rc = cr_dataset_resolve_chain(ctx, w->env.ds, a->chain, &k)) != CR_OK) {
        code = cli_fail(ctx, cmd, rc);
    } else if ((code = cli_parks_pick(ctx, cmd, &w->env, a->parks, a->prov, a->parks ? -1 : k, &w->parks, &w->nparks)) ==
               CLI_EXIT_OK) {
        if ((rc = cr_park_lists_build(ctx, w->env.ranker, k, w->scheme, w->parks, w->nparks, (int32_t)a->top, &w->lists)) !=
            CR_OK)
            code = cli_fail(ctx, cmd, rc);
    }
    if (code != CLI_EXIT_OK) cli_across_close(w);
    return code;
}

void cli_across_close(cli_across *w)
{
    cr_park_lists_free(w->lists);
    free(w->parks);
    cli_rank_release(&w->env);
    cr_scheme_free(w->scheme);
    memset(w, 0, sizeof *w);
}

void cli_across_json_head(FILE *fp, const cli_across *w)
{
    fprintf(fp, "{\"chain\": ");
    cli_json_string(fp, cr_dataset_chain_id(w->env.ds, w->lists->chain));
    fprintf(fp, ", \"scheme\": ");
    cli_json_string(fp, cr_scheme_name(w->scheme));
}
