/* cr_compare_params.backtest_fn (issue 19; chainrank-mpi shards the backtest through it,
 * docs/mpi.md): called once with the jobs cr_eval_backtest would get, its result is the report's,
 * its failure is the run's; and a backtest cut in two blocks whose metrics are summed again in
 * job order with cr_bt_agg_* (what src/cli/mpi.c does over ranks) has the summary of one call. */
#include "rank_world.h"
#include <chainrank/chainrank.h>

#include <stdlib.h>
#include <string.h>

static const char *SCHEME_A = "{\"name\": \"qual\", \"criteria\": [{\"id\": \"quality\"}, {\"id\": \"partners\"}],"
                              " \"aggregation\": {\"method\": \"wsm\"}, \"resources\": {\"land\": \"soft\"}}";
static const char *SCHEME_B = "{\"name\": \"gap\", \"criteria\": [{\"id\": \"gap\"}, {\"id\": \"density\"}],"
                              " \"aggregation\": {\"method\": \"topsis\"}, \"resources\": {\"land\": \"soft\"}}";

typedef struct {
    int calls;
    size_t njobs;
    cr_error_t fail;   /* CR_OK: run the backtest in two blocks; else fail with it */
} hook_state;

/* The backtest in two blocks, summed again in job order: the same arrays and bits as one call. */
static cr_error_t split_backtest(void *user, cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds,
                                 const cr_eval_history *h, const cr_scheme *const *schemes, size_t ns,
                                 const int32_t *parks, const int32_t *chains, size_t njobs, const cr_eval_bt_params *p,
                                 cr_eval_bt_result **out)
{
    hook_state *st = user;
    st->calls++;
    st->njobs = njobs;
    if (st->fail != CR_OK) return cr_ctx_fail(ctx, st->fail, "hook failed on purpose");
    size_t cut = njobs / 2;
    cr_eval_bt_result *a = NULL, *b = NULL, *all = NULL;
    cr_error_t rc = cr_eval_backtest(ctx, r, ds, h, schemes, ns, parks, chains, njobs, p, &all);
    if (rc != CR_OK) return rc;
    rc = cr_eval_backtest(ctx, r, ds, h, schemes, ns, cut ? parks : NULL, cut ? chains : NULL, cut, p, &a);
    if (rc == CR_OK) rc = cr_eval_backtest(ctx, r, ds, h, schemes, ns, parks + cut, chains + cut, njobs - cut, p, &b);
    if (rc == CR_OK) {
        size_t nm = all->nmethods;
        CR_TEST_INT((long long)(a->njobs + b->njobs), (long long)njobs);
        CR_TEST_TRUE(memcmp(all->res, a->res, cut * nm * sizeof *a->res) == 0);
        CR_TEST_TRUE(memcmp(all->res + cut * nm, b->res, (njobs - cut) * nm * sizeof *b->res) == 0);
        cr_bt_agg *agg = calloc(nm, sizeof *agg);
        for (size_t q = 0; agg && q < nm; q++) {
            cr_bt_agg_init(&agg[q]);
            for (size_t j = 0; j < njobs; j++)
                cr_bt_agg_add(&agg[q], j < cut ? &a->res[j * nm + q] : &b->res[(j - cut) * nm + q]);
            cr_bt_summary s;
            cr_bt_agg_summary(&agg[q], &s);
            CR_TEST_TRUE(memcmp(&s, &all->summary[q], sizeof s) == 0);
        }
        free(agg);
    }
    cr_eval_bt_result_free(a);
    cr_eval_bt_result_free(b);
    if (rc != CR_OK) {
        cr_eval_bt_result_free(all);
        return rc;
    }
    *out = all;
    return CR_OK;
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    int32_t cutoff;
    world w;
    world_load_as_of(ctx, &w, CR_SOURCE_DIR "/tests/data/backtest1", "2023-01-01", &cutoff);
    cr_scheme *sch[2] = {NULL, NULL};
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_A, strlen(SCHEME_A), "a.json", &sch[0]));
    CR_TEST_OK(cr_scheme_parse(ctx, SCHEME_B, strlen(SCHEME_B), "b.json", &sch[1]));
    if (!w.ranker || !sch[0] || !sch[1]) {
        fprintf(stderr, "setup: %s\n", cr_ctx_errmsg(ctx));
        return cr_test_done();
    }
    const cr_scheme *const *schemes = (const cr_scheme *const *)sch;
    cr_compare_params p;
    cr_compare_params_default(&p);
    CR_TEST_TRUE(p.backtest_fn == NULL && p.backtest_user == NULL);
    p.all_parks = 1;
    p.backtest = 1;
    p.cutoff = cutoff;
    cr_compare_report *plain = NULL, *hooked = NULL;
    CR_TEST_OK(cr_compare_run(ctx, &w, schemes, 2, &p, &plain));
    hook_state st = {0, 0, CR_OK};
    p.backtest_fn = split_backtest;
    p.backtest_user = &st;
    CR_TEST_OK(cr_compare_run(ctx, &w, schemes, 2, &p, &hooked));
    CR_TEST_INT(st.calls, 1);
    if (plain && hooked && plain->bt && hooked->bt) {
        CR_TEST_TRUE(st.njobs == plain->bt->njobs && st.njobs >= 2);
        CR_TEST_TRUE(memcmp(plain->bt->summary, hooked->bt->summary, plain->bt->nmethods * sizeof *plain->bt->summary) == 0);
        CR_TEST_STR(plain->summary, hooked->summary);
        CR_TEST_INT((long long)plain->best, (long long)hooked->best);
    }
    cr_compare_report_free(plain);
    cr_compare_report_free(hooked);

    /* the hook's failure is the run's, with its message */
    st.fail = CR_EDATA;
    hooked = NULL;
    CR_TEST_INT(cr_compare_run(ctx, &w, schemes, 2, &p, &hooked), CR_EDATA);
    CR_TEST_TRUE(hooked == NULL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "hook failed on purpose");
    CR_TEST_INT(st.calls, 2);

    cr_scheme_free(sch[0]);
    cr_scheme_free(sch[1]);
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    return cr_test_done();
}
