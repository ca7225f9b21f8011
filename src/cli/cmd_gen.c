/* chainrank gen: write a synthetic national-scale dataset (docs/generator.md). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char gen_usage[] =
    "usage: chainrank gen [--enterprises N] [--parks P] [--chains K] [--links L] [--history H]\n"
    "                     [--seed S] [--tenant-share F] [--force] [--progress|--quiet] OUT/\n"
    "  defaults: N 10000, P 100, K 3 (1..64), L 3*N, H N/100, S 1, F 0.3\n";

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
        return cli_usage("gen", "%s wants an integer in %llu..%llu, got '%s'", opt, (unsigned long long)lo,
                         (unsigned long long)hi, s ? s : "");
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || v < lo || v > hi)
        return cli_usage("gen", "%s wants an integer in %llu..%llu, got '%s'", opt, (unsigned long long)lo,
                         (unsigned long long)hi, s);
    *out = v;
    return CLI_EXIT_OK;
}

int cmd_gen(int argc, char **argv, cr_ctx *ctx)
{
    cr_gen_params p;
    cr_gen_params_default(&p);
    const char *out = NULL;
    int links_given = 0, progress_mode = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t x = 0;
        int rc;
        if (!strcmp(a, "--force")) {
            p.overwrite = 1;
        } else if (cli_progress_option(a, &progress_mode)) {
            continue;
        } else if (!strcmp(a, "--enterprises")) {
            if ((rc = parse_u64(a, v, 1, (1ull << 30) - 1, &x))) return rc;
            p.n_enterprises = x; i++;
        } else if (!strcmp(a, "--parks")) {
            if ((rc = parse_u64(a, v, 1, 1000000, &x))) return rc;
            p.n_parks = (uint32_t)x; i++;
        } else if (!strcmp(a, "--chains")) {
            if ((rc = parse_u64(a, v, 1, CR_GEN_MAX_CHAINS, &x))) return rc;
            p.n_chains = (uint32_t)x; i++;
        } else if (!strcmp(a, "--links")) {
            if ((rc = parse_u64(a, v, 0, 1ull << 40, &x))) return rc;
            p.n_links = x; i++;
            links_given = 1;
        } else if (!strcmp(a, "--history")) {
            if ((rc = parse_u64(a, v, 0, 1ull << 40, &x))) return rc;
            p.n_history = x; i++;
        } else if (!strcmp(a, "--seed")) {
            if ((rc = parse_u64(a, v, 0, UINT64_MAX - 1, &x))) return rc;
            p.seed = x; i++;
        } else if (!strcmp(a, "--tenant-share")) {
            char *end;
            double f = v ? strtod(v, &end) : -1;
            if (!v || *end || !(f >= 0 && f <= 1))
                return cli_usage("gen", "--tenant-share wants a number in [0, 1], got '%s'", v ? v : "");
            p.tenant_share = f; i++;
        } else if (a[0] == '-' && a[1]) {
            cli_usage("gen", "unknown option '%s'", a);
            fputs(gen_usage, stderr);
            return CLI_EXIT_USAGE;
        } else if (out) {
            return cli_usage("gen", "one output folder expected, got '%s' and '%s'", out, a);
        } else {
            out = a;
        }
    }
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
