/* Complexity module: hand-worked 3x3 example, reference values on the 12x8
 * trade toy, dropped rows/columns, thread invariance, bad input.
 *
 * Reference values for trade_toy12x8.csv were computed while developing with
 * a numpy re-implementation of py-ecomplexity's code (ComplexityData.
 * calculate_rca / calculate_mcp, calc_discrete_proximity, calc_density,
 * calc_eci_pci with np.linalg.eig on Mpp, calc_coi_cog, and the normalisation
 * in ecomplexity()), printed with 17 significant digits; our results agree
 * with it to 1e-14 on every entry of both fixtures. Tolerance here: 1e-6. */
#include <chainrank/chainrank.h>

#include "cr_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6
#define EXACT 1e-12

static cr_ctx *ctx;

/* The references below were computed with a zero proximity diagonal (the
 * numpy transcription of py-ecomplexity at 14213d8); the default is one
 * (docs/complexity.md "diagonal"), so they ask for zero. */
static const cr_cx_params *zero_diag(void)
{
    static cr_cx_params p;
    cr_cx_params_default(&p);
    p.proximity_diagonal = CR_CX_DIAG_ZERO;
    return &p;
}

static cr_cx_matrix *load(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", CR_SOURCE_DIR, rel);
    cr_cx_matrix *m = NULL;
    CR_TEST_OK(cr_cx_matrix_load_csv(ctx, path, CR_CX_CSV_AUTO, &m));
    return m;
}

/* The example of docs/complexity.md, worked by hand there. */
static void test_hand_3x3(void)
{
    const double x[9] = {4, 0, 4,
                         0, 6, 2,
                         2, 2, 0};
    cr_cx_params p;
    cr_cx_params_default(&p);
    /* the default diagonal is one, as py-ecomplexity (docs/complexity.md) */
    CR_TEST_INT(p.proximity_diagonal, CR_CX_DIAG_ONE);
    p.proximity_diagonal = CR_CX_DIAG_ZERO;
    cr_cx_result *r = NULL;
    CR_TEST_OK(cr_cx_compute(ctx, 3, 3, x, &p, &r));
    if (!r) return;
    const double rca[9] = {5.0 / 3, 0, 5.0 / 3, 0, 15.0 / 8, 5.0 / 6, 5.0 / 3, 5.0 / 4, 0};
    const double m[9] = {1, 0, 1, 0, 1, 0, 1, 1, 0};
    const double phi[9] = {0, .5, .5, .5, 0, 0, .5, 0, 0};
    const double om[9] = {.5, 1, 1, .5, 0, 0, .5, 1, 1};
    for (int i = 0; i < 9; i++) {
        CR_TEST_NEAR(r->rca[i], rca[i], EXACT);
        CR_TEST_NEAR(r->m[i], m[i], 0);
        CR_TEST_NEAR(r->proximity[i], phi[i], 0);
        CR_TEST_NEAR(r->density[i], om[i], EXACT);
    }
    CR_TEST_NEAR(r->diversity[0], 2, 0);
    CR_TEST_NEAR(r->diversity[1], 1, 0);
    CR_TEST_NEAR(r->diversity[2], 2, 0);
    CR_TEST_NEAR(r->ubiquity[0], 2, 0);
    CR_TEST_NEAR(r->ubiquity[1], 2, 0);
    CR_TEST_NEAR(r->ubiquity[2], 1, 0);
    /* ECI standardised: mean 0, population sd 1, over the three locations. */
    double s = 0, s2 = 0;
    for (int c = 0; c < 3; c++) { s += r->eci[c]; s2 += r->eci[c] * r->eci[c]; }
    CR_TEST_NEAR(s / 3, 0, 1e-12);
    CR_TEST_NEAR(s2 / 3, 1, 1e-12);
    cr_cx_result_free(r);

    CR_TEST_OK(cr_cx_compute(ctx, 3, 3, x, NULL, &r));   /* NULL = the default, one */
    if (!r) return;
    const double phi1[9] = {1, .5, .5, .5, 1, 0, .5, 0, 1};
    const double om1[9] = {.75, 1.0 / 3, 1, .25, 2.0 / 3, 0, .75, 1, 1.0 / 3};
    for (int i = 0; i < 9; i++) {
        CR_TEST_NEAR(r->proximity[i], phi1[i], 0);
        CR_TEST_NEAR(r->density[i], om1[i], EXACT);
    }
    cr_cx_result_free(r);
}

static void test_toy_reference(void)
{
    cr_cx_matrix *mx = load("tests/data/complexity/trade_toy12x8.csv");
    if (!mx) return;
    CR_TEST_INT(mx->nloc, 12);
    CR_TEST_INT(mx->nact, 8);
    CR_TEST_STR(mx->loc_names[4], "sabra");
    CR_TEST_STR(mx->act_names[4], "11");
    cr_cx_result *r = NULL;
    CR_TEST_OK(cr_cx_compute(ctx, mx->nloc, mx->nact, mx->values, zero_diag(), &r));
    if (!r) { cr_cx_matrix_free(mx); return; }
    const size_t A = 8;
#define AT(a, c, p) (a)[(size_t)(c) * A + (size_t)(p)]
    CR_TEST_NEAR(AT(r->rca, 0, 0), 1.4861186815665772, TOL);
    CR_TEST_NEAR(AT(r->rca, 4, 1), 6.5901010121109449, TOL);
    CR_TEST_NEAR(AT(r->rca, 6, 2), 8.1417036167550734, TOL);
    CR_TEST_NEAR(AT(r->rca, 11, 7), 1.8013391409699693, TOL);
    CR_TEST_NEAR(AT(r->rca, 2, 0), 0.99497470448848246, TOL);   /* just below 1: M = 0 */
    const double m2[8] = {0, 0, 0, 1, 0, 1, 0, 1}, m5[8] = {1, 1, 1, 1, 1, 1, 0, 0};
    for (size_t p = 0; p < A; p++) {
        CR_TEST_NEAR(AT(r->m, 2, p), m2[p], 0);
        CR_TEST_NEAR(AT(r->m, 5, p), m5[p], 0);
    }
    CR_TEST_NEAR(r->proximity[0 * A + 1], 6.0 / 7, TOL);
    CR_TEST_NEAR(r->proximity[3 * A + 7], 0.6, TOL);
    CR_TEST_NEAR(r->proximity[4 * A + 6], 2.0 / 3, TOL);
    CR_TEST_NEAR(r->proximity[2 * A + 6], 0, TOL);
    CR_TEST_NEAR(r->proximity[6 * A + 7], 0.2, TOL);
    CR_TEST_NEAR(r->proximity[5 * A + 5], 0, 0);
    CR_TEST_NEAR(AT(r->density, 0, 0), 0.708955223880597, TOL);
    CR_TEST_NEAR(AT(r->density, 1, 6), 0.6514657980456026, TOL);
    CR_TEST_NEAR(AT(r->density, 6, 2), 0, TOL);
    CR_TEST_NEAR(AT(r->density, 11, 2), 0.9411764705882354, TOL);
    CR_TEST_NEAR(AT(r->density, 9, 4), 0.6545454545454545, TOL);
    const double eci[12] = {-0.3639703130874957, 1.8269679283412255, 0.34400057604017165, 1.29635469712784,
                            -0.6902776505572978, 0.09216807834812973, -1.579449662062066, -0.18413956572606702,
                            -0.32245315244644845, 1.0521250383819374, -1.579449662062066, 0.10812368770213741};
    const double pci[8] = {-0.22092716135650783, -0.27045612825331994, -1.579449662062066, -0.08134579929060289,
                           1.9241668791651754, 0.7810203418860997, 2.775716563972402, 0.3323271855250183};
    for (size_t c = 0; c < 12; c++) CR_TEST_NEAR(r->eci[c], eci[c], TOL);
    for (size_t p = 0; p < 8; p++) CR_TEST_NEAR(r->pci[p], pci[p], TOL);
    CR_TEST_NEAR(r->coi[0], 1.4515734115458945, TOL);
    CR_TEST_NEAR(r->coi[1], -1.3501425103588076, TOL);
    CR_TEST_NEAR(r->coi[5], 1.5389743876672257, TOL);
    CR_TEST_NEAR(r->coi[9], -1.430798388660973, TOL);
    CR_TEST_NEAR(AT(r->cog, 0, 4), 1.2531853774581894, TOL);
    CR_TEST_NEAR(AT(r->cog, 1, 0), -0.5397564712057894, TOL);
    CR_TEST_NEAR(AT(r->cog, 6, 0), 0.5562438144318622, TOL);
    CR_TEST_NEAR(AT(r->cog, 11, 6), 0.5994898341188367, TOL);
    CR_TEST_NEAR(AT(r->cog, 0, 0), 0, 0);   /* present: no gain */
    CR_TEST_NEAR(r->eigenvalue, 0.47137066310359188, TOL);
#undef AT
    cr_cx_result_free(r);
    cr_cx_matrix_free(mx);
}

/* A zero row and a zero column take no part (py-ecomplexity drops them):
 * every other value is unchanged; theirs are NaN / 0 as documented. */
static void test_dropped(void)
{
    cr_cx_matrix *mx = load("tests/data/complexity/trade_toy12x8.csv");
    if (!mx) return;
    size_t L = mx->nloc, A = mx->nact, L2 = L + 1, A2 = A + 1;
    double *x2 = calloc(L2 * A2, sizeof *x2);
    /* insert the zero location at row 3 and the zero activity at column 2 */
    for (size_t c = 0; c < L; c++)
        for (size_t p = 0; p < A; p++)
            x2[(c + (c >= 3)) * A2 + p + (p >= 2)] = mx->values[c * A + p];
    cr_cx_result *a = NULL, *b = NULL;
    CR_TEST_OK(cr_cx_compute(ctx, L, A, mx->values, NULL, &a));
    CR_TEST_OK(cr_cx_compute(ctx, L2, A2, x2, NULL, &b));
    if (a && b) {
        for (size_t c = 0; c < L; c++) {
            size_t c2 = c + (c >= 3);
            CR_TEST_NEAR(b->eci[c2], a->eci[c], 1e-12);
            CR_TEST_NEAR(b->coi[c2], a->coi[c], 1e-12);
            for (size_t p = 0; p < A; p++) {
                size_t p2 = p + (p >= 2);
                CR_TEST_NEAR(b->rca[c2 * A2 + p2], a->rca[c * A + p], 1e-12);
                CR_TEST_NEAR(b->density[c2 * A2 + p2], a->density[c * A + p], 1e-12);
                CR_TEST_NEAR(b->cog[c2 * A2 + p2], a->cog[c * A + p], 1e-12);
            }
        }
        for (size_t p = 0; p < A; p++) CR_TEST_NEAR(b->pci[p + (p >= 2)], a->pci[p], 1e-12);
        CR_TEST_TRUE(isnan(b->eci[3]) && isnan(b->coi[3]) && isnan(b->pci[2]));
        CR_TEST_NEAR(b->diversity[3], 0, 0);
        CR_TEST_NEAR(b->ubiquity[2], 0, 0);
        CR_TEST_TRUE(isnan(b->rca[3 * A2 + 0]) && isnan(b->density[3 * A2 + 0]) && isnan(b->cog[3 * A2 + 0]));
        CR_TEST_TRUE(isnan(b->rca[0 * A2 + 2]) && isnan(b->density[0 * A2 + 2]) && isnan(b->cog[0 * A2 + 2]));
        CR_TEST_NEAR(b->m[3 * A2 + 0], 0, 0);
        CR_TEST_NEAR(b->proximity[2 * A2 + 5], 0, 0);
    }
    cr_cx_result_free(a);
    cr_cx_result_free(b);
    free(x2);
    cr_cx_matrix_free(mx);
}

static int same(const double *a, const double *b, size_t n)
{
    return (a == NULL && b == NULL) || (a && b && !memcmp(a, b, n * sizeof *a));
}

static void test_threads(void)
{
    cr_cx_matrix *mx = load("tests/data/complexity/trade_fixture226x21.csv");
    if (!mx) return;
    CR_TEST_INT(mx->nloc, 226);
    CR_TEST_INT(mx->nact, 21);
    cr_cx_result *r[3] = {NULL, NULL, NULL};
    const int th[3] = {1, 2, 8};
    for (int i = 0; i < 3; i++) {
        cr_ctx_set_threads(ctx, th[i]);
        CR_TEST_OK(cr_cx_compute(ctx, mx->nloc, mx->nact, mx->values, NULL, &r[i]));
    }
    cr_ctx_set_threads(ctx, 0);
    size_t L = mx->nloc, A = mx->nact;
    for (int i = 1; i < 3; i++) {
        if (!r[0] || !r[i]) break;
        CR_TEST_TRUE(same(r[0]->rca, r[i]->rca, L * A));
        CR_TEST_TRUE(same(r[0]->m, r[i]->m, L * A));
        CR_TEST_TRUE(same(r[0]->proximity, r[i]->proximity, A * A));
        CR_TEST_TRUE(same(r[0]->density, r[i]->density, L * A));
        CR_TEST_TRUE(same(r[0]->diversity, r[i]->diversity, L));
        CR_TEST_TRUE(same(r[0]->ubiquity, r[i]->ubiquity, A));
        CR_TEST_TRUE(same(r[0]->eci, r[i]->eci, L));
        CR_TEST_TRUE(same(r[0]->pci, r[i]->pci, A));
        CR_TEST_TRUE(same(r[0]->coi, r[i]->coi, L));
        CR_TEST_TRUE(same(r[0]->cog, r[i]->cog, L * A));
    }
    /* spot checks against the numpy reference of the whole fixture */
    if (r[0]) {
        CR_TEST_NEAR(r[0]->eigenvalue, 0.3540135553722929, TOL);
        double mx_eci = -INFINITY;
        for (size_t c = 0; c < L; c++) mx_eci = fmax(mx_eci, r[0]->eci[c]);
        CR_TEST_TRUE(mx_eci > 1.0);
    }
    for (int i = 0; i < 3; i++) cr_cx_result_free(r[i]);

    cr_cx_params p;
    cr_cx_params_default(&p);
    p.compute_indices = 0;
    cr_cx_result *q = NULL;
    CR_TEST_OK(cr_cx_compute(ctx, mx->nloc, mx->nact, mx->values, &p, &q));
    if (q) CR_TEST_TRUE(q->eci == NULL && q->pci == NULL && q->coi == NULL && q->cog == NULL && q->density != NULL);
    cr_cx_result_free(q);
    cr_cx_matrix_free(mx);
}

/* Equal diversities: the sign of ECI is undefined (corr = NaN): NaN, as in
 * py-ecomplexity. Everything else is still defined. */
static void test_degenerate(void)
{
    const double x[9] = {1, 1, 0, 1, 0, 1, 0, 1, 1};
    cr_cx_result *r = NULL;
    CR_TEST_OK(cr_cx_compute(ctx, 3, 3, x, zero_diag(), &r));
    if (!r) return;
    for (int c = 0; c < 3; c++) CR_TEST_TRUE(isnan(r->eci[c]));
    CR_TEST_NEAR(r->rca[0], 1.5, EXACT);
    CR_TEST_NEAR(r->proximity[1], 0.5, 0);
    CR_TEST_NEAR(r->density[2], 1.0, EXACT);
    cr_cx_result_free(r);
}

static void test_bad_values(void)
{
    const double neg[4] = {1, 2, -1, 3}, inf[4] = {1, INFINITY, 1, 1}, ok[4] = {1, 2, 3, 4};
    cr_cx_result *r = NULL;
    CR_TEST_INT(cr_cx_compute(ctx, 2, 2, neg, NULL, &r), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "location 1, activity 0") != NULL);
    CR_TEST_TRUE(r == NULL);
    CR_TEST_INT(cr_cx_compute(ctx, 2, 2, inf, NULL, &r), CR_EINVAL);
    CR_TEST_INT(cr_cx_compute(ctx, 0, 2, ok, NULL, &r), CR_EINVAL);
    cr_cx_params p;
    cr_cx_params_default(&p);
    p.rca_threshold = -1;
    CR_TEST_INT(cr_cx_compute(ctx, 2, 2, ok, &p, &r), CR_EINVAL);
    cr_cx_params_default(&p);
    p.proximity_diagonal = 7;
    CR_TEST_INT(cr_cx_compute(ctx, 2, 2, ok, &p, &r), CR_EINVAL);
    cr_ctx_clear(ctx);
}

static cr_error_t parse(const char *text, cr_cx_csv_form form, cr_cx_matrix **m)
{
    cr_ctx_clear(ctx);
    return cr_cx_matrix_parse_csv(ctx, "t.csv", text, strlen(text), form, m);
}

static const cr_diag *diag0(void) { return cr_ctx_ndiag(ctx) ? cr_ctx_diag(ctx, 0) : NULL; }

static void test_csv(void)
{
    cr_cx_matrix *m = NULL;
    /* BOM, CRLF, quoted names with comma, quote and newline, blank line */
    const char *wide = "\xEF\xBB\xBFlocation,\"a,1\",\"b\"\"q\"\r\n\"x\ny\",1.5,2\r\n\r\nz, 0 ,3e2\r\n";
    CR_TEST_OK(parse(wide, CR_CX_CSV_AUTO, &m));
    if (m) {
        CR_TEST_INT(m->nloc, 2);
        CR_TEST_INT(m->nact, 2);
        CR_TEST_STR(m->act_names[0], "a,1");
        CR_TEST_STR(m->act_names[1], "b\"q");
        CR_TEST_STR(m->loc_names[0], "x\ny");
        CR_TEST_NEAR(m->values[1], 2, 0);
        CR_TEST_NEAR(m->values[3], 300, 0);
        cr_cx_matrix_free(m);
        m = NULL;
    }
    /* long: auto-detected; first-appearance order; duplicates summed; gaps 0 */
    const char *lng = "location,activity,value\nB,x,1\nA,y,2\nB,y,3\nB,x,4\n";
    CR_TEST_OK(parse(lng, CR_CX_CSV_AUTO, &m));
    if (m) {
        CR_TEST_STR(m->loc_names[0], "B");
        CR_TEST_STR(m->act_names[1], "y");
        CR_TEST_NEAR(m->values[0], 5, 0);   /* B,x = 1 + 4 */
        CR_TEST_NEAR(m->values[1], 3, 0);
        CR_TEST_NEAR(m->values[2], 0, 0);   /* A,x absent */
        CR_TEST_NEAR(m->values[3], 2, 0);
        cr_cx_matrix_free(m);
        m = NULL;
    }
    const cr_diag *d;
    CR_TEST_INT(parse("location,a,b\nx,1,oops\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) { CR_TEST_INT(d->line, 2); CR_TEST_INT(d->column, 5); CR_TEST_STR(d->field, "b"); }
    CR_TEST_INT(parse("location,a,b\nx,1,-2\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) CR_TEST_TRUE(strstr(d->message, "negative") != NULL);
    CR_TEST_INT(parse("location,a,b\nx,1\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) { CR_TEST_INT(d->line, 2); CR_TEST_TRUE(strstr(d->message, "ragged") != NULL); }
    CR_TEST_INT(parse("location,a\nx,1\ny,2\nx,3\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) { CR_TEST_INT(d->line, 4); CR_TEST_STR(d->field, "location"); CR_TEST_TRUE(strstr(d->message, "line 2") != NULL); }
    CR_TEST_INT(parse("name,a\nx,1\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) { CR_TEST_INT(d->line, 1); CR_TEST_STR(d->field, "location"); }
    CR_TEST_INT(parse("", CR_CX_CSV_AUTO, &m), CR_EDATA);
    CR_TEST_INT(parse("\r\n\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    CR_TEST_INT(parse("location,a\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    CR_TEST_INT(parse("location,a\n\"x,1\n", CR_CX_CSV_AUTO, &m), CR_EDATA);   /* unterminated quote */
    CR_TEST_INT(parse("location,a\nx\"y,1\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    CR_TEST_INT(parse("location,a,a\nx,1,2\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    CR_TEST_INT(parse("location,a\nx,\n", CR_CX_CSV_AUTO, &m), CR_EDATA);       /* empty value */
    CR_TEST_INT(parse("location,a\nx,1\n", CR_CX_CSV_LONG, &m), CR_EDATA);      /* forced long */
    CR_TEST_INT(parse("location,activity,value\nx,a,nan\n", CR_CX_CSV_AUTO, &m), CR_EDATA);
    if ((d = diag0())) { CR_TEST_INT(d->column, 5); CR_TEST_STR(d->field, "value"); }
    CR_TEST_TRUE(m == NULL);
    cr_ctx_clear(ctx);
}

int main(void)
{
    cr_global_init();
    ctx = cr_ctx_alloc();
    test_hand_3x3();
    test_toy_reference();
    test_dropped();
    test_threads();
    test_degenerate();
    test_bad_values();
    test_csv();
    cr_ctx_free(ctx);
    return cr_test_done();
}
