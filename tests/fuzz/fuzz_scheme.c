/* Weighting schemes (src/rank/scheme.c), AHP included. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_parse(ctx, t, size, "fuzz.json", &s);
    fuzz_check(ctx, rc);
    if (rc == CR_OK) (void)cr_scheme_name(s);
    cr_scheme_free(s);
    free(t);
    return 0;
}
