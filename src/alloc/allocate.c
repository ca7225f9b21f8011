/* allocate (cr_alloc.h, docs/allocate.md): targets to parks, each enterprise
 * at most once, each park at most its capacity, maximum total value.
 *
 * The problem is Hitchcock's transportation problem with unit supplies (a
 * bipartite b-matching): variables x_pe in [0, 1] for the pairs offered (e
 * in park p's top list), rows sum_p x_pe <= 1 per enterprise and
 * sum_e x_pe <= cap_p per park. The constraint matrix is the incidence
 * matrix of a bipartite graph, totally unimodular, so the simplex method's
 * vertex optimum is integral (Hoffman & Kruskal 1956; Schrijver, Theory of
 * Linear and Integer Programming, 1986, ch. 19); the code checks it and
 * refuses a fractional answer.
 * GLPK (glp_simplex, GLPK Reference Manual 5.0 ch. 2) is the solver; it is
 * serial and runs on the calling thread, so the answer does not depend on
 * the thread count. glpk.h is included only in this folder.
 *
 * Ties between optimal allocations: a second LP over the optimal face. By
 * complementary slackness every optimum has x = 0 where the reduced cost is
 * negative, x = 1 where it is positive, and every row with a positive dual
 * tight; fixing those (bounds and equalities keep the matrix totally
 * unimodular) leaves exactly the optimal allocations, over which the second
 * LP maximises a tie weight that decreases along the canonical pair order
 * (enterprise id bytewise, then park order): among equally good
 * allocations, smaller ids and earlier parks win. Its answer is kept only if
 * it is integral and its total equals the first optimum to 1e-9 relative
 * (tie_stage = 1); otherwise the first optimum is kept (tie_stage = -1).
 * When the first optimum is dual nondegenerate it is the only one and the
 * tie stage is skipped (tie_stage = 0). */
#include <chainrank/cr_alloc.h>

#include "core/core_internal.h"
#include "data/dataset.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr_allocation_free(cr_allocation *a)
{
    if (!a) return;
    free(a->off); free(a->pairs); free(a->given_up_off); free(a->given_up); free(a->given_up_here);
    free(a);
}

typedef struct {
    int64_t ent;
    int32_t park;
    double value;
    int64_t col;    /* its LP column - 1 (canonical position) */
} pair;

/* Canonical order: enterprise id bytewise, then park (list index). */
static int canon_before(const cr_dataset *ds, const pair *x, const pair *y)
{
    if (x->ent != y->ent) return strcmp(cr_dataset_enterprise_id(ds, x->ent), cr_dataset_enterprise_id(ds, y->ent)) < 0;
    return x->park < y->park;
}

/* Greedy order: value descending, then the canonical order. */
static int greedy_before(const cr_dataset *ds, const pair *x, const pair *y)
{
    if (x->value != y->value) return x->value > y->value;
    return canon_before(ds, x, y);
}

typedef int (*before_fn)(const cr_dataset *, const pair *, const pair *);

static void msort(const cr_dataset *ds, before_fn bf, pair *a, pair *tmp, int64_t n)
{
    if (n < 2) return;
    int64_t h = n / 2;
    msort(ds, bf, a, tmp, h);
    msort(ds, bf, a + h, tmp, n - h);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = bf(ds, &a[j], &a[i]) ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, (size_t)n * sizeof *a);
}

/* Solves the loaded problem; 1 if optimal and every x is 0 or 1 (to 1e-9). */
static int solve_integral(glp_prob *lp, int n, double *x, cr_ctx *ctx, const char *what, cr_error_t *rc)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_OFF;   /* keep the basis and the duals the tie stage reads */
    int ret = glp_simplex(lp, &parm);
    if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
        *rc = cr_ctx_fail(ctx, CR_EINTERNAL, "allocate: GLPK's simplex did not reach an optimum on the %s LP (code %d, "
                          "status %d)", what, ret, glp_get_status(lp));
        return 0;
    }
    for (int j = 1; j <= n; j++) {
        double v = glp_get_col_prim(lp, j);
        if (fabs(v) > 1e-9 && fabs(v - 1) > 1e-9) {
            *rc = cr_ctx_fail(ctx, CR_EINTERNAL, "allocate: the %s LP's optimum is fractional (x = %.17g): the "
                              "matrix should be totally unimodular; refusing a rounded answer", what, v);
            return 0;
        }
        x[j - 1] = v > 0.5;
    }
    return 1;
}

cr_error_t cr_allocate(cr_ctx *ctx, const cr_park_lists *l, const int32_t *capacity, cr_allocation **out)
{
    *out = NULL;
    const cr_dataset *ds = l->ds;
    if (!l->higher_is_better)
        return cr_ctx_fail(ctx, CR_EINVAL, "allocate maximises a value, and VIKOR's Q is lower-better: use a WSM or "
                                           "TOPSIS scheme");
    const size_t np = l->nparks;
    for (size_t i = 0; i < np; i++)
        if (capacity[i] < 0)
            return cr_ctx_fail(ctx, CR_EINVAL, "park %s: capacity %d < 0", cr_dataset_park_id(ds, l->parks[i]),
                               capacity[i]);
    const int64_t n = l->off[np];
    if (n > 100000000) return cr_ctx_fail(ctx, CR_EINVAL, "allocate: %lld pairs is too many for one LP", (long long)n);
    cr_allocation *a = cr__calloc(ctx, 1, sizeof *a);
    pair *pr = cr__malloc(ctx, (size_t)n + 1, sizeof *pr);
    pair *tmp = cr__malloc(ctx, (size_t)n + 1, sizeof *tmp);
    double *x = cr__calloc(ctx, (size_t)n + 1, sizeof *x);
    double *x2 = cr__calloc(ctx, (size_t)n + 1, sizeof *x2);
    int *erow = cr__malloc(ctx, (size_t)n + 1, sizeof *erow);
    int *ia = cr__malloc(ctx, 2 * (size_t)n + 1, sizeof *ia);
    int *ja = cr__malloc(ctx, 2 * (size_t)n + 1, sizeof *ja);
    double *ar = cr__malloc(ctx, 2 * (size_t)n + 1, sizeof *ar);
    int32_t *left = cr__malloc(ctx, np + 1, sizeof *left);
    uint8_t *gsel = NULL;   /* [n] 1: the greedy assignment takes column j */
    glp_prob *lp = NULL;
    cr_error_t rc = CR_ENOMEM;
    if (!a || !pr || !tmp || !x || !x2 || !erow || !ia || !ja || !ar || !left) goto fail;
    a->nparks = np;
    a->npairs_lp = n;
    for (size_t i = 0; i < np; i++)
        for (int64_t j = l->off[i]; j < l->off[i + 1]; j++) pr[j] = (pair){l->ent[j], (int32_t)i, l->score[j], 0};
    msort(ds, canon_before, pr, tmp, n);
    int ne = 0;
    for (int64_t j = 0; j < n; j++) {
        if (j == 0 || pr[j].ent != pr[j - 1].ent) ne++;
        erow[j] = ne;   /* 1-based GLPK row of the enterprise */
    }
    /* bound: each park's own top-capacity list, conflicts ignored */
    for (size_t i = 0; i < np; i++) {
        int64_t len = l->off[i + 1] - l->off[i], c = capacity[i] < len ? capacity[i] : len;
        for (int64_t j = 0; j < c; j++) a->bound_own += l->score[l->off[i] + j];
    }
    /* greedy global: all pairs by value, each taken if both sides are free;
     * also the LP's starting point (below) */
    gsel = cr__calloc(ctx, (size_t)n + 1, 1);
    if (!gsel) goto fail;
    {
        for (int64_t j = 0; j < n; j++) {
            tmp[j] = pr[j];
            tmp[j].col = j;
        }
        pair *gtmp = cr__malloc(ctx, (size_t)n + 1, sizeof *gtmp);
        uint8_t *taken = cr__calloc(ctx, (size_t)ds->nent + 1, 1);
        if (!gtmp || !taken) { free(gtmp); free(taken); goto fail; }
        msort(ds, greedy_before, tmp, gtmp, n);
        free(gtmp);
        for (size_t i = 0; i < np; i++) left[i] = capacity[i];
        for (int64_t j = 0; j < n; j++) {
            if (taken[tmp[j].ent] || left[tmp[j].park] <= 0) continue;
            taken[tmp[j].ent] = 1;
            left[tmp[j].park]--;
            gsel[tmp[j].col] = 1;
            a->ngreedy++;
        }
        for (int64_t j = 0; j < n; j++) a->greedy += gsel[j] ? pr[j].value : 0.0;   /* canonical order */
        free(taken);
    }
    if (n > 0) {
        /* the LP: rows 1..ne enterprises (<= 1), ne+1..ne+np parks (<= cap) */
        glp_term_out(GLP_OFF);
        lp = glp_create_prob();
        glp_set_obj_dir(lp, GLP_MAX);
        glp_add_rows(lp, ne + (int)np);
        for (int i = 1; i <= ne; i++) glp_set_row_bnds(lp, i, GLP_UP, 0.0, 1.0);
        for (size_t i = 0; i < np; i++) glp_set_row_bnds(lp, ne + 1 + (int)i, GLP_UP, 0.0, (double)capacity[i]);
        glp_add_cols(lp, (int)n);
        for (int64_t j = 0; j < n; j++) {
            glp_set_col_bnds(lp, (int)j + 1, GLP_DB, 0.0, 1.0);
            glp_set_obj_coef(lp, (int)j + 1, pr[j].value);
            ia[2 * j + 1] = erow[j];
            ja[2 * j + 1] = (int)j + 1;
            ar[2 * j + 1] = 1.0;
            ia[2 * j + 2] = ne + 1 + pr[j].park;
            ja[2 * j + 2] = (int)j + 1;
            ar[2 * j + 2] = 1.0;
        }
        glp_load_matrix(lp, 2 * (int)n, ia, ja, ar);
        /* Start from the greedy assignment: its pairs nonbasic at 1, the others
         * at 0, every row's slack basic - a feasible basis (the greedy holds
         * the rows) near the optimum, so the primal simplex needs fewer
         * pivots than from the all-slack start (1.6x faster at 200 parks x
         * 200, bench/results.md). The optimum does not depend on the start;
         * ties are settled below. */
        for (int64_t j = 0; j < n; j++) glp_set_col_stat(lp, (int)j + 1, gsel[j] ? GLP_NU : GLP_NL);
        for (int i = 1; i <= ne + (int)np; i++) glp_set_row_stat(lp, i, GLP_BS);
        if (!solve_integral(lp, (int)n, x, ctx, "allocation", &rc)) goto fail;
        double z = 0;
        for (int64_t j = 0; j < n; j++) z += x[j] * pr[j].value;
        /* tie stage: the optimal face, then the tie weight */
        double vmax = 0;
        for (int64_t j = 0; j < n; j++) vmax = fmax(vmax, fabs(pr[j].value));
        const double tol = 1e-9 * (vmax > 1 ? vmax : 1);
        /* Dual nondegenerate (every nonbasic column and row with a reduced
         * cost or dual away from 0): the optimum is unique, no tie to break,
         * and the second solve is skipped (the common case with continuous
         * scores; half the time at 200 parks x 200). */
        int degenerate = 0;
        for (int64_t j = 0; j < n && !degenerate; j++)
            degenerate = glp_get_col_stat(lp, (int)j + 1) != GLP_BS && fabs(glp_get_col_dual(lp, (int)j + 1)) <= tol;
        for (int i = 1; i <= ne + (int)np && !degenerate; i++)
            degenerate = glp_get_row_stat(lp, i) != GLP_BS && fabs(glp_get_row_dual(lp, i)) <= tol;
        a->tie_stage = degenerate ? -1 : 0;
        for (int64_t j = 0; j < n && degenerate; j++) {
            double d = glp_get_col_dual(lp, (int)j + 1);
            if (d < -tol) glp_set_col_bnds(lp, (int)j + 1, GLP_FX, 0.0, 0.0);
            else if (d > tol) glp_set_col_bnds(lp, (int)j + 1, GLP_FX, 1.0, 1.0);
            glp_set_obj_coef(lp, (int)j + 1, (double)(n - j) / (double)n);
        }
        for (int i = 1; i <= ne + (int)np && degenerate; i++)
            if (glp_get_row_dual(lp, i) > tol) {
                double ub = glp_get_row_ub(lp, i);
                glp_set_row_bnds(lp, i, GLP_FX, ub, ub);
            }
        cr_error_t rc2 = CR_OK;
        cr_ctx *scratch = degenerate ? cr_ctx_alloc() : NULL;   /* a failed tie stage is not an error: keep the first optimum */
        if (scratch && solve_integral(lp, (int)n, x2, scratch, "tie-break", &rc2)) {
            double z2 = 0;
            for (int64_t j = 0; j < n; j++) z2 += x2[j] * pr[j].value;
            if (fabs(z2 - z) <= 1e-9 * (fabs(z) > 1 ? fabs(z) : 1)) {
                memcpy(x, x2, (size_t)n * sizeof *x);
                a->tie_stage = 1;
            }
        }
        cr_ctx_free(scratch);
    }
    /* the allocation, per park best value first (greedy order) */
    a->off = cr__calloc(ctx, np + 1, sizeof *a->off);
    a->pairs = cr__malloc(ctx, (size_t)n + 1, sizeof *a->pairs);
    if (!a->off || !a->pairs) { rc = CR_ENOMEM; goto fail; }
    {
        int64_t m = 0;
        for (int64_t j = 0; j < n; j++)
            if (x[j] > 0.5) { tmp[m++] = pr[j]; a->total += pr[j].value; }
        a->nassigned = m;
        /* the sum in canonical order above; per park lists below */
        pair *srt = tmp;
        msort(ds, greedy_before, srt, pr + 0, m);   /* pr is not needed any more as pairs: scratch */
        for (int64_t j = 0; j < m; j++) a->off[srt[j].park + 1]++;
        for (size_t i = 0; i < np; i++) a->off[i + 1] += a->off[i];
        for (size_t i = 0; i < np; i++) left[i] = (int32_t)a->off[i];
        for (int64_t j = 0; j < m; j++)
            a->pairs[left[srt[j].park]++] = (cr_alloc_pair){srt[j].ent, srt[j].park, srt[j].value};
    }
    /* what each park gives up: its own top-capacity rows it did not get */
    {
        int32_t *where = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *where);
        double *wval = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *wval);
        a->given_up_off = cr__calloc(ctx, np + 1, sizeof *a->given_up_off);
        a->given_up = cr__malloc(ctx, (size_t)n + 1, sizeof *a->given_up);
        a->given_up_here = cr__malloc(ctx, (size_t)n + 1, sizeof *a->given_up_here);
        if (!where || !wval || !a->given_up_off || !a->given_up || !a->given_up_here) {
            free(where); free(wval);
            rc = CR_ENOMEM;
            goto fail;
        }
        for (size_t i = 0; i < np; i++)
            for (int64_t j = l->off[i]; j < l->off[i + 1]; j++) where[l->ent[j]] = -1;
        for (int64_t j = 0; j < a->nassigned; j++) {
            where[a->pairs[j].ent] = a->pairs[j].park;
            wval[a->pairs[j].ent] = a->pairs[j].value;
        }
        int64_t g = 0;
        for (size_t i = 0; i < np; i++) {
            int64_t len = l->off[i + 1] - l->off[i], c = capacity[i] < len ? capacity[i] : len;
            for (int64_t j = l->off[i]; j < l->off[i] + c; j++) {
                int64_t e = l->ent[j];
                if (where[e] == (int32_t)i) continue;
                a->given_up[g] = (cr_alloc_pair){e, where[e], where[e] >= 0 ? wval[e] : NAN};
                a->given_up_here[g++] = l->score[j];
            }
            a->given_up_off[i + 1] = g;
        }
        free(where); free(wval);
    }
    if (lp) glp_delete_prob(lp);
    free(pr); free(tmp); free(x); free(x2); free(erow); free(ia); free(ja); free(ar); free(left); free(gsel);
    *out = a;
    return CR_OK;
fail:
    if (lp) glp_delete_prob(lp);
    free(pr); free(tmp); free(x); free(x2); free(erow); free(ia); free(ja); free(ar); free(left); free(gsel);
    cr_allocation_free(a);
    return rc;
}
