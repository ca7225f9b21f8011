/* MCDA JSON front-end: results printed with %.17g read back bit-identical to
 * the direct API; options reach the methods; weights mode; error codes. */
#include "cr_test.h"
#include <chainrank/chainrank.h>

#include <cjson/cJSON.h>
#include <stdlib.h>

static cr_ctx *ctx;

static cJSON *run(const char *json, cr_mcda_run_mode mode, cr_error_t want)
{
    char *out = NULL;
    cr_error_t rc = cr_mcda_run_json(ctx, json, strlen(json), "t.json", mode, &out);
    CR_TEST_INT(rc, want);
    if (rc != CR_OK) {
        CR_TEST_TRUE(out == NULL);
        return NULL;
    }
    cJSON *doc = cJSON_Parse(out);
    CR_TEST_TRUE(doc != NULL);
    cr_mcda_json_free(out);
    return doc;
}

static double num(const cJSON *doc, const char *key, int i)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (i >= 0) it = cJSON_GetArrayItem(it, i);
    return it ? it->valuedouble : NAN;
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();

    /* Round trip: JSON scores equal the direct call bit for bit. Data: pymcdm
     * WSM docstring matrix; weights 8,5,6,7 normalised to sum 1 by the front-end. */
    const double X[] = {96, 83, 75, 7, 63, 5, 56, 9, 72, 30, 32, 48, 11, 4, 27, 9, 77, 21, 17, 11};
    const int T[] = {1, 1, -1, -1};
    const double W[] = {8.0 / 26, 5.0 / 26, 6.0 / 26, 7.0 / 26};
    double s[5];
    CR_TEST_OK(cr_mcda_topsis(ctx, 5, 4, X, T, W, CR_NORM_VECTOR, s));
    cJSON *d = run("{\"method\":\"topsis\",\"matrix\":[[96,83,75,7],[63,5,56,9],[72,30,32,48],[11,4,27,9],[77,21,17,11]],"
                   "\"types\":[1,1,-1,-1],\"weights\":[8,5,6,7],\"params\":{\"normalization\":\"vector\"}}",
                   CR_MCDA_RUN_FULL, CR_OK);
    for (int i = 0; i < 5; i++) CR_TEST_TRUE(num(d, "scores", i) == s[i]);
    CR_TEST_TRUE(num(d, "weights", 0) == 8.0 / 26);
    /* reference.py "topsis W vector": rank order A1, A5, A2, A4, A3 */
    CR_TEST_INT(num(d, "ranks", 0), 1);
    CR_TEST_INT(num(d, "ranks", 2), 5);
    CR_TEST_INT(num(d, "ranks", 4), 2);
    cJSON_Delete(d);

    /* Options: entropy_zero "pymcdm" (hand values in test_mcda.c). */
    d = run("{\"matrix\":[[0,1],[1,1],[2,3]],\"weighting\":{\"method\":\"entropy\",\"entropy_zero\":\"pymcdm\"}}",
            CR_MCDA_RUN_WEIGHTS, CR_OK);
    CR_TEST_NEAR(num(d, "weights", 0), 0.8810367143438983, 1e-12);
    CR_TEST_TRUE(cJSON_GetObjectItemCaseSensitive(d, "scores") == NULL);
    cJSON_Delete(d);
    d = run("{\"matrix\":[[0,1],[1,1],[2,3]],\"weighting\":{\"method\":\"entropy\"}}", CR_MCDA_RUN_WEIGHTS, CR_OK);
    CR_TEST_NEAR(num(d, "weights", 0), 0.7569920367726133, 1e-12);
    cJSON_Delete(d);

    /* CRITIC: types ignored (pymcdm) vs applied (Diakoulaki). Hand, 3 x 3,
     * columns (0,1,2), (0,1,2), (2,0,1), column 1 a cost criterion; s = .5
     * for every min-max normalised column.
     * ignore: a = (0,.5,1), b = a, c = (1,0,.5); r(a,b) = 1, r(a,c) = r(b,c)
     * = -.5: C = .5*(0+0+1.5), .5*(0+0+1.5), .5*(1.5+1.5+0) = (.75,.75,1.5)
     * -> (.25, .25, .5).
     * apply: b' = (1,.5,0); r(a,b') = -1, r(a,c) = -.5, r(b',c) = .5:
     * C = .5*(2+1.5), .5*(2+.5), .5*(1.5+.5) = (1.75, 1.25, 1) -> /4 =
     * (.4375, .3125, .25). */
    d = run("{\"matrix\":[[0,0,2],[1,1,0],[2,2,1]],\"types\":[1,-1,1],\"weighting\":{\"method\":\"critic\"}}",
            CR_MCDA_RUN_WEIGHTS, CR_OK);
    CR_TEST_NEAR(num(d, "weights", 0), 0.25, 1e-12);
    CR_TEST_NEAR(num(d, "weights", 2), 0.5, 1e-12);
    cJSON_Delete(d);
    d = run("{\"matrix\":[[0,0,2],[1,1,0],[2,2,1]],\"types\":[1,-1,1],"
            "\"weighting\":{\"method\":\"critic\",\"critic_types\":\"apply\"}}",
            CR_MCDA_RUN_WEIGHTS, CR_OK);
    CR_TEST_NEAR(num(d, "weights", 0), 0.4375, 1e-12);
    CR_TEST_NEAR(num(d, "weights", 1), 0.3125, 1e-12);
    CR_TEST_NEAR(num(d, "weights", 2), 0.25, 1e-12);
    cJSON_Delete(d);

    /* AHP in weights mode needs no matrix; tummala-ling RI for n = 4 is 0.8921. */
    d = run("{\"weighting\":{\"method\":\"ahp\",\"ri\":\"tummala-ling\",\"pairwise\":[[1,3,5,9],[0.3333333333333333,1,2,4],"
            "[0.2,0.5,1,2],[0.1111111111111111,0.25,0.5,1]]}}",
            CR_MCDA_RUN_WEIGHTS, CR_OK);
    CR_TEST_NEAR(num(d, "cr", -1), num(d, "ci", -1) / 0.8921, 1e-15);
    CR_TEST_NEAR(num(d, "lambda_max", -1), 4.007954443072392, 1e-9);
    cJSON_Delete(d);

    /* VIKOR block and boolean fields. */
    d = run("{\"method\":\"vikor\",\"matrix\":[[4,4],[2,8],[2,9],[3,5],[5,2]],\"types\":[1,1],\"weighting\":{\"method\":\"equal\"}}",
            CR_MCDA_RUN_FULL, CR_OK);
    const cJSON *vk = cJSON_GetObjectItemCaseSensitive(d, "vikor");
    CR_TEST_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(vk, "acceptable_advantage")));
    CR_TEST_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(vk, "acceptable_stability")));
    CR_TEST_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(vk, "compromise")), 2);
    CR_TEST_NEAR(num(d, "scores", 0), 0.1714285714285716, 1e-12);
    cJSON_Delete(d);

    /* Error codes. */
    run("{\"weighting\":{\"method\":\"ahp\",\"pairwise\":[[1,9,0.1111111111111111],[0.1111111111111111,1,9],"
        "[9,0.1111111111111111,1]]}}",
        CR_MCDA_RUN_WEIGHTS, CR_EREFUSED);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "t.json: weighting: AHP: consistency ratio CR = 6.1303") != NULL);
    run("{\"method\":\"wsm\",\"matrix\":[[1]],\"types\":[2],\"weights\":[1]}", CR_MCDA_RUN_FULL, CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "t.json: types[0]: 2 is not 1 (benefit) or -1 (cost)");
    run("{\"method\":\"wsm\",\"matrix_csv\":\"/nonexistent/x.csv\",\"types\":[1],\"weights\":[1]}", CR_MCDA_RUN_FULL,
        CR_EIO);

    cr_ctx_free(ctx);
    return cr_test_done();
}
