/* relatedness input (src/complexity/cx_csv.c), wide or long form, and the
 * complexity measures on what parses (small matrices only: the measures are
 * O(activities^2 x locations), a cost, not a bug). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    char *t = fuzz_text(data, size);
    cr_cx_matrix *m = NULL;
    cr_error_t rc = cr_cx_matrix_parse_csv(ctx, "fuzz.csv", t, size, CR_CX_CSV_AUTO, &m);
    fuzz_check(ctx, rc);
    if (rc == CR_OK && m->nloc <= 64 && m->nact <= 64) {
        cr_cx_params p;
        cr_cx_params_default(&p);
        p.compute_indices = 1;
        cr_cx_result *r = NULL;
        cr_error_t rc2 = cr_cx_compute(ctx, m->nloc, m->nact, m->values, &p, &r);
        fuzz_check(ctx, rc2);
        cr_cx_result_free(r);
    }
    cr_cx_matrix_free(m);
    free(t);
    return 0;
}
