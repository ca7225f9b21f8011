#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "core/core_internal.h"

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    CR_TEST_TRUE(ctx != NULL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "");
    CR_TEST_INT(cr_ctx_fail(ctx, CR_EDATA, "bad %s at %d", "row", 7), CR_EDATA);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "bad row at 7");
    cr_ctx_set_diag_limit(ctx, 2);
    for (int i = 0; i < 5; i++)
        CR_TEST_OK(cr_ctx_add_diag(ctx, "f.csv", i + 1, 3, "lat", "value %d out of range", i));
    CR_TEST_INT(cr_ctx_ndiag(ctx), 2);
    CR_TEST_INT(cr_ctx_ndiag_total(ctx), 5);
    CR_TEST_STR(cr_ctx_diag(ctx, 1)->message, "value 1 out of range");
    CR_TEST_INT(cr_ctx_diag(ctx, 1)->line, 2);
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_ctx_ndiag(ctx), 0);
    void *p = NULL;
    size_t cap = 0;
    CR_TEST_OK(cr__grow(ctx, &p, &cap, 100, sizeof(double)));
    CR_TEST_TRUE(cap >= 100);
    free(p);
    cr_ctx_free(ctx);
    return cr_test_done();
}
