/* chainrank gen: write a synthetic national-scale dataset (docs/generator.md). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define GEN_USAGE                                                                                   \
    "usage: chainrank gen [--enterprises N] [--parks P] [--chains K] [--links L] [--history H]\n"        \
    "                     [--seed S] [--tenant-share F] [--force] [--progress|--quiet] OUT/\n"         \
    "  defaults: N 10000, P 100, K 3 (1..64), L 3*N, H N/100, S 1, F 0.3"
static const char gen_usage[] = GEN_USAGE "\n";

typedef struct {
    const char *out;
    uint64_t parks, chains, links;   /* links: UINT64_MAX until given (then not 3 x enterprises) */
    int progress_mode;
    cr_gen_params p;
} gen_opts;
static const cli_opt gen_opt[] = {
    CLI_U64("--enterprises", gen_opts, p.n_enterprises, 1, (1ull << 30) - 1, NULL, "N", "enterprises (default 10000)"),
    CLI_U64("--parks", gen_opts, parks, 1, 1000000, NULL, "P", "parks (default 100)"),
    CLI_U64("--chains", gen_opts, chains, 1, CR_GEN_MAX_CHAINS, NULL, "K", "chains, 1..64 (default 3)"),
    CLI_U64("--links", gen_opts, links, 0, 1ull << 40, NULL, "L", "supply links (default 3 x enterprises)"),
    CLI_U64("--history", gen_opts, p.n_history, 0, 1ull << 40, NULL, "H", "history rows (default enterprises / 100)"),
    CLI_U64("--seed", gen_opts, p.seed, 0, UINT64_MAX - 1, NULL, "S", "seed (default 1)"),
    CLI_DOUBLE("--tenant-share", gen_opts, p.tenant_share, 0, 1, 0, "--tenant-share wants a number in [0, 1], got '%s'",
               "F", "share of enterprises that are tenants of a park (default 0.3)"),
    CLI_FLAG("--force", gen_opts, p.overwrite, 1, "write into a non-empty OUT/ (default: refuse)"),
    CLI_PROGRESS_OPTS(gen_opts, progress_mode),
    CLI_OPT_END};
/* A value-taking option given last is checked as if its value were "" (the old loop's message). */
const cli_optspec cli_spec_gen = {.cmd = "gen", .opts = gen_opt, .pos_off = offsetof(gen_opts, out),
                                  .unknown = "unknown option '%s'\n" GEN_USAGE,
                                  .extra = "one output folder expected, got '%s' and '%s'",
                                  .flags = CLI_LAST_EMPTY};

int cmd_gen(int argc, char **argv, cr_ctx *ctx)
{
    gen_opts op = {.links = UINT64_MAX};
    cr_gen_params_default(&op.p);
    op.parks = op.p.n_parks;
    op.chains = op.p.n_chains;
    int code = cli_opts_parse(&cli_spec_gen, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    cr_gen_params p = op.p;
    p.n_parks = (uint32_t)op.parks;
    p.n_chains = (uint32_t)op.chains;
    const char *out = op.out;
    const int links_given = op.links != UINT64_MAX, progress_mode = op.progress_mode;
    if (links_given) p.n_links = op.links;
    if (!out) {
        cli_usage("gen", "missing output folder OUT/");
        fputs(gen_usage, stderr);
        return CLI_EXIT_USAGE;
    }
    if (!links_given) p.n_links = 3 * p.n_enterprises;
    cli_progress bar;   /* a bar on a terminal, or with --progress; --quiet: none */
    cli_progress_init(&bar, "gen", progress_mode);
    p.progress = cli_progress_cb;
    p.progress_user = &bar;
    cr_gen_stats st;
    cr_error_t rc = cr_gen_write(ctx, &p, out, &st);
    cli_progress_end(&bar);
    if (rc != CR_OK) return cli_fail(ctx, "gen", rc);
    printf("wrote %s: %llu enterprises (%llu tenants), %u parks, %u chains (%u segments, %u edges), "
           "%llu links, %llu history rows, %.1f MB\n",
           out, (unsigned long long)p.n_enterprises, (unsigned long long)st.n_tenants, p.n_parks, p.n_chains,
           st.n_segments, st.n_edges, (unsigned long long)p.n_links, (unsigned long long)st.n_history,
           (double)st.bytes / 1e6);
    return CLI_EXIT_OK;
}
