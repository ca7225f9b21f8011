/* Unit tests of src/evaluate: common candidate set, dates, relevance from
 * history and the baseline orders, each on a hand-worked case (the tiny
 * dataset: E1..E4 = indices 0..3, revenue 8000, 20000, 3000, 2500). */
#include "cr_test.h"

#include <chainrank/chainrank.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cr_ctx *ctx;

static void test_common(void)
{
    /* L0 = 5,2,7,1 and L1 = 2,9,1,5: common {1,2,5} -> common indices 0,1,2.
     * L0 restricted: 5,2,1 = indices 2,1,0, ranks (ent 1,2,5) = 3,2,1.
     * L1 restricted: 2,1,5 = indices 1,0,2, ranks = 2,1,3. */
    int64_t l0[] = {5, 2, 7, 1}, l1[] = {2, 9, 1, 5};
    const int64_t *lists[] = {l0, l1};
    size_t lens[] = {4, 4};
    cr_eval_common *c = NULL;
    CR_TEST_OK(cr_eval_common_build(ctx, 2, lists, lens, 10, &c));
    CR_TEST_INT(c->n, 3);
    CR_TEST_INT(c->ent[0], 1);
    CR_TEST_INT(c->ent[1], 2);
    CR_TEST_INT(c->ent[2], 5);
    size_t o0[] = {2, 1, 0}, o1[] = {1, 0, 2};
    double r0[] = {3, 2, 1}, r1[] = {2, 1, 3};
    for (int i = 0; i < 3; i++) {
        CR_TEST_INT(c->order[i], o0[i]);
        CR_TEST_INT(c->order[3 + i], o1[i]);
        CR_TEST_NEAR(c->ranks[i], r0[i], 0);
        CR_TEST_NEAR(c->ranks[3 + i], r1[i], 0);
    }
    cr_eval_common_free(c);
    int64_t dup[] = {1, 2, 1}, big[] = {1, 10};
    size_t l3 = 3, l2 = 2;
    const int64_t *ld[] = {dup}, *lb[] = {big};
    CR_TEST_INT(cr_eval_common_build(ctx, 1, ld, &l3, 10, &c), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "position 2") != NULL);
    CR_TEST_INT(cr_eval_common_build(ctx, 1, lb, &l2, 10, &c), CR_EINVAL);
    CR_TEST_TRUE(c == NULL);
}

static void test_dates(void)
{
    int32_t d = -1;
    char buf[11];
    CR_TEST_OK(cr_eval_parse_date(ctx, "1970-01-01", &d));
    CR_TEST_INT(d, 0);
    CR_TEST_OK(cr_eval_parse_date(ctx, "2023-01-01", &d));
    CR_TEST_INT(d, 19358);   /* 53 years incl. 13 leap days: 53*365 + 13 */
    cr_eval_format_date(d, buf);
    CR_TEST_STR(buf, "2023-01-01");
    cr_eval_format_date(11016, buf);   /* 2000-02-29: 30*365 + 7 leap days + 31 + 28 */
    CR_TEST_STR(buf, "2000-02-29");
    CR_TEST_INT(cr_eval_parse_date(ctx, "2023-02-30", &d), CR_EINVAL);
    CR_TEST_INT(cr_eval_parse_date(ctx, "2023/01/01", &d), CR_EINVAL);
}

static void test_dataset_parts(void)
{
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, CR_SOURCE_DIR "/datasets/tiny", NULL, &ds));
    if (!ds) return;
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "E1"), 0);
    CR_TEST_INT(cr_dataset_find_enterprise(ds, "E4"), 3);
    int64_t ent[] = {0, 1, 2, 3};
    size_t order[4];
    /* by value: 0.9 (E4), then the tie 0.5 by id E1 < E3, NaN last */
    double v[] = {0.5, NAN, 0.5, 0.9};
    CR_TEST_OK(cr_eval_order_by_value(ctx, ds, 4, ent, v, order));
    size_t want_v[] = {3, 0, 2, 1};
    for (int i = 0; i < 4; i++) CR_TEST_INT(order[i], want_v[i]);
    /* sector-size: gap > 0 {E2 20000, E4 2500} first, then {E1 8000, E3 3000} */
    double gap[] = {0, 0.2, 0, 0.1};
    CR_TEST_OK(cr_eval_order_sector_size(ctx, ds, 4, ent, gap, order));
    size_t want_s[] = {1, 3, 0, 2};
    for (int i = 0; i < 4; i++) CR_TEST_INT(order[i], want_s[i]);

    /* relevance in P1 from 2023-01-01: E4 signed then landed -> 2, E1 signed
     * -> 1, E2 landed before the cutoff -> 0, E3 withdrawn -> 0 (its landing
     * is in P2). */
    char path[] = "/tmp/cr_test_evaluate_XXXXXX";
    int fd = mkstemp(path);
    CR_TEST_TRUE(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("enterprise,park,date,stage\nE4,P1,2024-03-15,signed\nE4,P1,2024-11-02,landed\nE1,P1,2024-05-01,signed\n"
          "E2,P1,2022-01-01,landed\nE3,P1,2024-06-01,withdrawn\nE3,P2,2024-06-01,landed\n", fp);
    fclose(fp);
    cr_eval_history *h = NULL;
    CR_TEST_OK(cr_eval_history_load(ctx, ds, path, &h));
    int32_t cut, p1 = cr_dataset_find_park(ds, "P1"), p2 = cr_dataset_find_park(ds, "P2");
    cr_eval_parse_date(ctx, "2023-01-01", &cut);
    double rel[4];
    CR_TEST_INT(cr_eval_relevance(h, p1, cut, ent, 4, rel), 2);
    double want_r[] = {1, 0, 0, 2};
    for (int i = 0; i < 4; i++) CR_TEST_NEAR(rel[i], want_r[i], 0);
    CR_TEST_INT(cr_eval_history_events_after(h, p1, cut), 3);
    CR_TEST_INT(cr_eval_history_events_after(h, p2, cut), 1);
    /* candidates {E3, E4} only (ascending): E4 -> 2 */
    int64_t sub[] = {2, 3};
    CR_TEST_INT(cr_eval_relevance(h, p1, cut, sub, 2, rel), 1);
    CR_TEST_NEAR(rel[1], 2, 0);
    cr_eval_history_free(h);
    /* a bad row is a diagnostic and CR_EDATA */
    fp = fopen(path, "w");
    fputs("enterprise,park,date,stage\nE4,P1,2024-13-01,signed\n", fp);
    fclose(fp);
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_eval_history_load(ctx, ds, path, &h), CR_EDATA);
    CR_TEST_TRUE(cr_ctx_ndiag(ctx) == 1 && strstr(cr_ctx_diag(ctx, 0)->message, "not a date") != NULL);
    remove(path);
    cr_ctx_clear(ctx);

    /* the dataset's own history: E4 signed and landed in P1 in 2024 */
    CR_TEST_OK(cr_eval_history_from_dataset(ctx, ds, &h));
    CR_TEST_INT(cr_eval_history_events_after(h, p1, cut), 2);
    cr_eval_history_free(h);
    cr_dataset_free(ds);
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_common();
    test_dates();
    test_dataset_parts();
    cr_ctx_free(ctx);
    return cr_test_done();
}
