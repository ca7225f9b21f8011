#include "cli.h"
int cmd_gaps(int argc, char **argv, cr_ctx *ctx)
{
    (void)argc; (void)argv; (void)ctx;
    return cli_usage("gaps", "not built yet");
}
