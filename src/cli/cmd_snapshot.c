/* chainrank snapshot DATASET [--out PATH]
 * Loads DATASET from its files, builds its model and ranker, and writes them
 * into one file that every later command maps instead of loading the files,
 * while it is fresh (docs/snapshot.md). */
#include "cli.h"

#include <string.h>

typedef struct {
    const char *dir, *out;
} snapshot_opts;
static const cli_opt snapshot_opt[] = {
    CLI_STR("--out", snapshot_opts, out, "PATH",
            "where to write it (default DATASET/.chainrank/snapshot.bin, the path every command looks at; another path "
            "is used with chainrank --snapshot PATH)"),
    CLI_OPT_END};
const cli_optspec cli_spec_snapshot = {.cmd = "snapshot", .opts = snapshot_opt, .pos_off = offsetof(snapshot_opts, dir),
                                       .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET};

int cmd_snapshot(int argc, char **argv, cr_ctx *ctx)
{
    snapshot_opts op = {0};
    int code = cli_opts_parse(&cli_spec_snapshot, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *out = op.out;
    if (!dir) return cli_usage("snapshot", "missing DATASET (a folder holding dataset.json)");
    cr_snapshot_info info;
    cr_error_t rc = cr_snapshot_write(ctx, dir, out, &info);
    if (rc != CR_OK) return cli_fail(ctx, "snapshot", rc);
    char def[4096];
    cr_snapshot_default_path(dir, def, sizeof def);
    printf("%s: %llu bytes, %lld arrays, fingerprint of %lld files\n", out ? out : def, (unsigned long long)info.bytes,
           (long long)info.arrays, (long long)info.files);
    if (out && strcmp(out, def))
        printf("not the default path: use it with chainrank --snapshot %s COMMAND %s ...\n", out, dir);
    return CLI_EXIT_OK;
}
