/* Shared by the libFuzzer harnesses (tests/fuzz/README.md). Each harness
 * feeds one input to one reader and checks only what a reader promises: no
 * crash, no sanitizer report, no leak, and a failure always carries a
 * message. */
#ifndef CR_FUZZ_COMMON_H
#define CR_FUZZ_COMMON_H
#include <chainrank/chainrank.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cr_ctx *fuzz_ctx(void)
{
    static cr_ctx *ctx;
    if (!ctx) {
        cr_global_init();
        ctx = cr_ctx_alloc();
        cr_ctx_set_threads(ctx, 1);
    } else {
        cr_ctx_clear(ctx);
    }
    return ctx;
}

/* A refused input must say why: an empty message is a bug. */
static void fuzz_check(cr_ctx *ctx, cr_error_t rc)
{
    if (rc != CR_OK && rc != CR_ENOMEM && !*cr_ctx_errmsg(ctx) && cr_ctx_ndiag(ctx) == 0) {
        fprintf(stderr, "refused (%s) without a message\n", cr_strerror(rc));
        abort();
    }
}

/* A NUL-terminated copy (the readers take a length, but some callers pass
 * text[len] == 0; both are exercised: the copy has one byte more). */
static char *fuzz_text(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    if (!t) abort();
    memcpy(t, data, size);
    t[size] = 0;
    return t;
}
#endif
