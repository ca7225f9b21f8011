/* compare --rankings input (src/agree/rankings_json.c), then the agreement
 * report on what parses. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    cr_agree_input *in = NULL;
    cr_error_t rc = cr_agree_input_parse(ctx, t, size, "fuzz.json", &in);
    fuzz_check(ctx, rc);
    cr_agree_input_free(in);
    free(t);
    return 0;
}
