/* Landing-likelihood model files (src/likely/model_json.c). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    cr_likely_model *m = NULL;
    cr_error_t rc = cr_likely_model_parse(ctx, t, size, "fuzz.json", &m);
    fuzz_check(ctx, rc);
    cr_likely_model_free(m);
    free(t);
    return 0;
}
