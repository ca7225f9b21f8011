/* cr_rank_park: one ranked list, on the streaming path where the scheme and
 * options allow it (stream.h cr__stream_eligible), else on the materialised
 * path (score.h); both give the same result, in parallel over candidates. */
#include "rank/score.h"
#include "rank/stream.h"

cr_error_t cr_rank_park(cr_ctx *ctx, const cr_ranker *r, int32_t park, int32_t chain, const cr_scheme *scheme,
                        const cr_rank_opts *opts, cr_rank_result **out)
{
    *out = NULL;
    CR_CHECK(cr__rank_check_job(ctx, r, park, chain));
    cr_rank_opts o;
    if (opts) o = *opts; else cr_rank_opts_default(&o);
    if (cr__stream_eligible(scheme, &o)) {
        cr__stream_ws *sw = NULL;
        CR_CHECK(cr__stream_ws_new(ctx, r, &sw));
        cr_error_t rc = cr__stream_group(ctx, sw, r, scheme, chain, &park, 1, &o, cr__nthreads(ctx), out);
        cr__stream_ws_free(sw);
        return rc;
    }
    cr__score_ws w;
    CR_CHECK(cr__score_ws_init(ctx, &w, r));
    cr_error_t rc = cr__score_job(&w, r, park, chain, scheme, &o, cr__nthreads(ctx), out);
    cr__score_ws_destroy(&w);
    return rc;
}
