/* chainrank validate DATASET [--max-errors N] [--strict]
 * Warnings (a column ignored, a column 0 or empty in every row, a full-width
 * separator) are printed to stderr as "FILE:LINE:COL: FIELD: warning: ...";
 * --strict fails (exit 3) when there is any. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int cli_load_dataset(cr_ctx *ctx, const char *cmd, const char *dir, cr_dataset **ds)
{
    cr_error_t rc = cr_dataset_load(ctx, dir, NULL, ds);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);
    return CLI_EXIT_OK;
}

typedef struct {
    const char *dir;
    long max;
    int strict;
} validate_opts;
static const cli_opt validate_opt[] = {
    CLI_LONG("--max-errors", validate_opts, max, 1, LONG_MAX, "--max-errors wants a positive integer", "N",
             "problems listed at most (default 100)"),
    CLI_FLAG("--strict", validate_opts, strict, 1,
             "warnings (unknown or misnamed columns, all-empty or all-zero columns, full-width separators) are errors, exit 3 (default: off)"),
    CLI_OPT_END};
const cli_optspec cli_spec_validate = {.cmd = "validate", .opts = validate_opt, .pos_off = offsetof(validate_opts, dir),
                                       .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET};

int cmd_validate(int argc, char **argv, cr_ctx *ctx)
{
    validate_opts op = {.max = 100};
    int code = cli_opts_parse(&cli_spec_validate, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    if (!op.dir) return cli_usage("validate", "missing DATASET (a folder holding dataset.json)");
    cr_ctx_set_diag_limit(ctx, (size_t)op.max);
    cr_dataset *ds = NULL;
    cr_error_t rc = cr_dataset_load(ctx, op.dir, NULL, &ds);
    for (size_t i = 0; i < cr_ctx_nwarn(ctx); i++) {
        const cr_diag *d = cr_ctx_warning(ctx, i);
        fprintf(stderr, "%s:%ld:%ld: %s: warning: %s\n", d->file, d->line, d->column, d->field, d->message);
    }
    if (cr_ctx_nwarn_total(ctx) > cr_ctx_nwarn(ctx))
        fprintf(stderr, "... and %zu more warnings\n", cr_ctx_nwarn_total(ctx) - cr_ctx_nwarn(ctx));
    if (rc != CR_OK) return cli_fail(ctx, "validate", rc);
    size_t nwarn = cr_ctx_nwarn_total(ctx);
    if (op.strict && nwarn) {
        cr_dataset_free(ds);
        fprintf(stderr, "chainrank: validate: error: %s: %zu warning%s, and --strict makes them errors\n", op.dir, nwarn,
                nwarn == 1 ? "" : "s");
        return CLI_EXIT_DATA;
    }
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    printf("%s: ok (dataset '%s')\n", op.dir, in.name);
    printf("  segments %lld, chains %lld, parks %lld, enterprises %lld (%lld tenants), links %lld, history %lld",
           (long long)in.n_segments, (long long)in.n_chains, (long long)in.n_parks, (long long)in.n_enterprises,
           (long long)in.n_tenants, (long long)in.n_links, (long long)in.n_history);
    if (in.n_admin) printf(", admin divisions %lld", (long long)in.n_admin);
    if (in.n_sites) printf(", sites %lld (%lld in parks)", (long long)in.n_sites, (long long)in.n_sites_in_parks);
    printf("\n");
    const cr_projects *pj = cr_dataset_projects(ds);
    if (pj) {
        int64_t nev = 0;
        for (int64_t i = 0; i < cr_projects_count(pj); i++) {
            cr_project pr;
            cr_projects_get(pj, i, &pr);
            nev += pr.nev;
        }
        printf("  projects %lld, project events %lld\n", (long long)cr_projects_count(pj), (long long)nev);
    }
    if (*in.synthetic) printf("  synthetic (generated, not observed): %s\n", in.synthetic);
    if (*in.observed_fields) printf("  observed fields: %s\n", in.observed_fields);
    if (*in.inferred_fields) printf("  inferred fields: %s\n", in.inferred_fields);
    if (*in.synthetic_fields) printf("  synthetic fields: %s\n", in.synthetic_fields);
    const cr_likely_model *lm = cr_dataset_likelihood(ds);
    if (lm) {
        cr_likely_model_info li;
        cr_likely_model_get_info(lm, &li);
        printf("  landing-likelihood model: %lld '%s' events of %d-%d, McFadden pseudo-R2 %.3f\n",
               (long long)li.n_events, li.source, li.from_year, li.to_year, li.pseudo_r2);
    }
    cr_dataset_free(ds);
    return CLI_EXIT_OK;
}
