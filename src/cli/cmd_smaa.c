/* chainrank smaa PROBLEM.json [--out FILE]: SMAA-2 on a decision matrix
 * (docs/smaa.md). Parsing, sampling and rendering live in the library
 * (cr_smaa_run_json); this file only handles arguments, I/O and exit codes.
 * The global --threads N sets the thread count; the output bytes do not
 * depend on it. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_smaa(int argc, char **argv, cr_ctx *ctx)
{
    const char *cmd = "smaa", *in = NULL, *outpath = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out")) {
            if (i + 1 >= argc) return cli_usage(cmd, "--out needs a file name");
            outpath = argv[++i];
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: chainrank [--threads N] smaa PROBLEM.json|- [--out FILE]\n"
                   "  PROBLEM: the mcda problem format plus \"samples\", \"seed\", \"weights_model\",\n"
                   "  \"ranks\", \"top_k\", \"holistic\" (docs/smaa.md)\n");
            return CLI_EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage(cmd, "unknown option '%s'", argv[i]);
        } else if (in) {
            return cli_usage(cmd, "only one PROBLEM file, got '%s' and '%s'", in, argv[i]);
        } else {
            in = argv[i];
        }
    }
    if (!in) return cli_usage(cmd, "missing PROBLEM.json (use - for standard input)");

    char *text = NULL;
    size_t len = 0;
    int ec = cli_read_file(in, &text, &len, cmd);
    if (ec != CLI_EXIT_OK) return ec;
    char *result = NULL;
    cr_error_t rc = cr_smaa_run_json(ctx, text, len, strcmp(in, "-") ? in : "<stdin>", &result);
    free(text);
    if (rc != CR_OK) return cli_fail(ctx, cmd, rc);

    cli_out o;
    ec = cli_out_open(&o, outpath, cmd);
    if (ec == CLI_EXIT_OK) {
        fputs(result, o.fp);
        ec = cli_out_commit(&o, cmd);
    }
    cr_smaa_json_free(result);
    return ec;
}
