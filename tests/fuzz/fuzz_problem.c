/* mcda problem files (src/mcda/problem_json.c): parsed, solved and
 * rendered, weights derived (entropy, CRITIC, AHP, ...). matrix_csv names a
 * file: only regular files are read, so the fuzzer cannot block on one. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    char *out = NULL;
    cr_error_t rc = cr_mcda_run_json(ctx, t, size, "fuzz.json", CR_MCDA_RUN_FULL, &out);
    fuzz_check(ctx, rc);
    if (rc == CR_OK && (!out || !*out)) abort();
    cr_mcda_json_free(out);
    free(t);
    return 0;
}
