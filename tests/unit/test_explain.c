/* Explanations: the shown partners are the top 3 of the contributions merged
 * per (partner enterprise, direction), on tests/data/explain1 (rank1 plus a
 * fourth tenant TD of P and more links). All partners below are tenants of P
 * (decay 1), so a contribution is the link weight.
 *
 * C1's links, in file order (in-links are visited first, then out-links):
 *   TC->C1 10, TD->C1 4, TB->C1 8, TG->C1 6, C1->TG 3, TD->C1 4
 * Merged per (enterprise, direction): TC supplier 10, TB supplier 8,
 * TD supplier 4 + 4 = 8, TG supplier 6, TG customer 3.
 * Top 3: TC 10, then TB 8 and TD 8 tie, broken by the smaller enterprise
 * index (TB is row 0, TD row 10 of enterprises.csv); TG's two links are in
 * different directions and are not merged (merged they would be 9 and
 * displace TB). A selection that merges only into entries already kept
 * (the old keep_partner) loses TD: after TG 6 the kept list is TC TB TG, and
 * TD's second 4 can neither merge nor enter.
 * npartners = 6 links; partner_sum = 10 + 4 + 8 + 6 + 4 + 3 = 35, and the
 * partners criterion is ln(1 + 35).
 *
 * C2 has 42 links (more than the 32 the explanation keeps on the stack):
 * X3->C2 2 (556 km away, beyond the radius), 20 x TB->C2 0.5, 20 x TC->C2 1
 * and C2->TG 5. Merged: TC 20, TB 10, TG customer 5; npartners = 41 local
 * links, partner_sum = 35 (every term and partial sum is exact in binary). */
#include "rank_world.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *ALL7 = "{\"name\": \"eq\", \"criteria\": [{\"id\":\"gap\"},{\"id\":\"partners\"},{\"id\":\"resources\"},"
                          "{\"id\":\"greening\"},{\"id\":\"density\"},{\"id\":\"goose\"},{\"id\":\"quality\"}],"
                          " \"aggregation\": {\"method\": \"wsm\"}}";

static const char *id_of(const cr_dataset *ds, int64_t e) { return cr_dataset_enterprise_id(ds, e); }

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    world w;
    world_load(ctx, &w, CR_SOURCE_DIR "/tests/data/explain1");
    cr_dataset *ds = w.ds;
    cr_ranker *rk = w.ranker;
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_parse(ctx, ALL7, strlen(ALL7), "test.json", &s));
    if (!rk || !s) {
        fprintf(stderr, "setup: %s\n", cr_ctx_errmsg(ctx));
        return cr_test_done();
    }
    int32_t P = cr_dataset_find_park(ds, "P");
    int64_t c1 = cr_dataset_find_enterprise(ds, "C1"), c2 = cr_dataset_find_enterprise(ds, "C2");
    int64_t tb = cr_dataset_find_enterprise(ds, "TB"), td = cr_dataset_find_enterprise(ds, "TD");
    CR_TEST_TRUE(P >= 0 && c1 >= 0 && c2 >= 0);
    CR_TEST_TRUE(tb >= 0 && td > tb);   /* the tie below is broken by this order */

    cr_explanation x;
    CR_TEST_OK(cr_rank_explain(ctx, rk, P, 0, s, c1, &x));
    CR_TEST_INT(x.npartners, 6);
    CR_TEST_INT(x.nshown, 3);
    CR_TEST_NEAR(x.partner_sum, 35, 0);
    CR_TEST_STR(id_of(ds, x.partners[0].ent), "TC");
    CR_TEST_NEAR(x.partners[0].contribution, 10, 0);
    CR_TEST_STR(id_of(ds, x.partners[1].ent), "TB");
    CR_TEST_NEAR(x.partners[1].contribution, 8, 0);
    CR_TEST_STR(id_of(ds, x.partners[2].ent), "TD");   /* two links of 4: missed by the old selection */
    CR_TEST_NEAR(x.partners[2].contribution, 8, 0);
    for (int i = 0; i < 3; i++) {
        CR_TEST_INT(x.partners[i].supplier, 1);
        CR_TEST_INT(x.partners[i].tenant, 1);
    }
    CR_TEST_INT(x.followers, 0);   /* all five suppliers are tenants */
    char buf[512];
    cr_rank_explain_text(rk, &x, buf, sizeof buf);
    CR_TEST_TRUE(strstr(buf, "; partners: tc (tenant), tb (tenant), td (tenant) (6 links);") != NULL);
    if (!strstr(buf, "td (tenant)")) fprintf(stderr, "text: %s\n", buf);

    /* the stack buffer overflows to the heap: same rule */
    CR_TEST_OK(cr_rank_explain(ctx, rk, P, 0, s, c2, &x));
    CR_TEST_INT(x.npartners, 41);
    CR_TEST_INT(x.nshown, 3);
    CR_TEST_NEAR(x.partner_sum, 35, 0);
    CR_TEST_STR(id_of(ds, x.partners[0].ent), "TC");
    CR_TEST_NEAR(x.partners[0].contribution, 20, 0);
    CR_TEST_INT(x.partners[0].supplier, 1);
    CR_TEST_STR(id_of(ds, x.partners[1].ent), "TB");
    CR_TEST_NEAR(x.partners[1].contribution, 10, 0);
    CR_TEST_STR(id_of(ds, x.partners[2].ent), "TG");
    CR_TEST_NEAR(x.partners[2].contribution, 5, 0);
    CR_TEST_INT(x.partners[2].supplier, 0);
    CR_TEST_INT(x.followers, 1);   /* X3 is far */

    /* the scorer's accumulated criterion is the same sum: ln(1 + 35) */
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    cr_rank_result *r = NULL;
    CR_TEST_OK(cr_rank_park(ctx, rk, P, 0, s, &o, &r));
    int found = 0;
    for (int64_t i = 0; r && i < r->nrows; i++)
        if (r->ent[i] == c1 || r->ent[i] == c2) {
            CR_TEST_NEAR(r->value[i * CR_NCRIT + CR_CRIT_PARTNERS], log(36.0), 1e-12);
            found++;
        }
    CR_TEST_INT(found, 2);
    cr_rank_result_free(r);

    cr_scheme_free(s);
    world_free(&w);
    cr_ctx_free(ctx);
    return cr_test_done();
}
