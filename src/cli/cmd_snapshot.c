/* chainrank snapshot DATASET [--out PATH]
 * Loads DATASET from its files, builds its model and ranker, and writes them
 * into one file that every later command maps instead of loading the files,
 * while it is fresh (docs/snapshot.md). */
#include "cli.h"

#include <string.h>

int cmd_snapshot(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out") && i + 1 < argc) {
            out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage("snapshot", "unknown option '%s'", argv[i]);
        } else if (!dir) {
            dir = argv[i];
        } else {
            return cli_usage("snapshot", "one DATASET folder expected, got '%s' too", argv[i]);
        }
    }
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
