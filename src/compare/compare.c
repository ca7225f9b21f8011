/* cr_compare_run: schemes side by side on one park, SMAA-2 with the weights
 * forgotten, and a backtest (include/chainrank/cr_compare.h; every rule and
 * its source: docs/compare.md). Serial driver; the parallel work is inside
 * cr_rank_park, cr_agree_compare, cr_smaa_run and cr_eval_backtest, whose
 * results do not depend on the thread count, so neither does the report. */
#include <chainrank/cr_compare.h>
#include "core/core_internal.h"
#include "rank/prepare.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cr_compare_params_default(cr_compare_params *p)
{
    memset(p, 0, sizeof *p);
    p->park = p->chain = -1;
    p->top = 10;
    p->rbo_p = 0.9;
    p->seed = 1;
}

static const char *const VERDICT[3] = {"disagree", "partly agree", "agree"};

static int level_rho(double rho) { return rho >= 0.8 ? 2 : rho >= 0.5 ? 1 : 0; }
/* with the default k = 10: 7 shared = agree, 4 = partly */
static int level_overlap(double o) { return o >= 0.7 ? 2 : o >= 0.4 ? 1 : 0; }

const char *cr_compare_verdict(double rho)
{
    return !(rho == rho) ? "cannot be compared" : VERDICT[level_rho(rho)];
}

const char *cr_compare_verdict2(double rho, double overlap)
{
    if (!(rho == rho) || !(overlap == overlap)) return "cannot be compared";
    int a = level_rho(rho), b = level_overlap(overlap);
    return VERDICT[a < b ? a : b];
}

int cr_compare_beats(double ndcg, double auc, double ref_ndcg, double ref_auc)
{
    if (ndcg > ref_ndcg) return 1;
    return ndcg == ref_ndcg && auc > ref_auc;   /* NaN compares false: no claim */
}

void cr_compare_report_free(cr_compare_report *R)
{
    if (!R) return;
    for (size_t t = 0; t < R->nsmaa; t++) {
        cr_smaa_result_free(R->smaa[t].r);
        free(R->smaa[t].ent);
        free(R->smaa[t].order);
        free(R->smaa[t].scheme_rank);
    }
    free(R->smaa);
    cr_eval_bt_result_free(R->bt);
    free(R->agree_rows);
    cr_agree_report_free(R->agree);
    cr_eval_common_free(R->common);
    for (size_t l = 0; R->res && l < R->nschemes; l++) cr_rank_result_free(R->res[l]);
    free(R->res);
    free(R);
}

/* What one run works on. */
typedef struct {
    cr_ctx *ctx;
    const cr_world *w;
    const cr_scheme *const *sch;
    const cr_compare_params *p;
    cr_compare_report *R;
} run;

static const char *eid(const run *u, int64_t e) { return cr_dataset_enterprise_id(u->w->ds, e); }

/* SMAA-2 of scheme l on its ranked candidates' matrix. Weights: uniform on
 * the simplex of the scheme's criteria (no weight information: the point of
 * the analysis is to forget the scheme's weights and keep its criteria,
 * directions, normalisation and aggregation). */
static cr_error_t run_smaa(run *u, size_t l)
{
    cr_ctx *ctx = u->ctx;
    cr_compare_report *R = u->R;
    const cr_rank_result *res = R->res[l];
    const cr_scheme *s = u->sch[l];
    cr_compare_smaa *sp = &R->smaa[R->nsmaa];
    memset(sp, 0, sizeof *sp);
    sp->scheme = l;
    size_t m = (size_t)res->nranked, n = (size_t)res->ncrit;
    if (m < 2)
        return cr_ctx_fail(ctx, CR_EINVAL, "scheme '%s': %zu ranked candidate(s) in park %s, SMAA needs 2",
                           cr_scheme_name(s), m, cr_dataset_park_id(u->w->ds, R->park));
    int t[CR_NCRIT];
    double *nx = NULL, *col = NULL, *ncol = NULL;
    const double *x;
    cr_smaa_params p;
    cr_smaa_params_default(&p);
    p.samples = u->p->samples;
    p.seed = u->p->seed;
    p.method = cr_scheme_aggregation(s);   /* the registry id; cr_smaa_run refuses a method without a SMAA kernel */
    p.v = cr_scheme_vikor_v(s);
    size_t k = u->p->top < m ? u->p->top : m;
    p.top_k = k;
    p.nranks = k;
    cr_error_t rc = CR_OK;
    if (!cr_scheme_uniform_norm(s)) {
        nx = cr__malloc(ctx, m * n, sizeof *nx);
        col = cr__malloc(ctx, m, sizeof *col);
        ncol = cr__malloc(ctx, m, sizeof *ncol);
        if (!nx || !col || !ncol) { rc = CR_ENOMEM; goto done; }
    }
    /* the ranker's own rule, so SMAA aggregates what the ranker aggregated */
    if ((rc = cr__scheme_prepare_matrix(ctx, s, m, n, res->matrix, nx, col, ncol, &x, t, &p.norm)) != CR_OK) goto done;
    if ((rc = cr_smaa_run(ctx, m, n, x, t, &p, &sp->r)) != CR_OK) goto done;
    sp->ent = cr__malloc(ctx, m, sizeof *sp->ent);
    sp->order = cr__malloc(ctx, m, sizeof *sp->order);
    sp->scheme_rank = cr__malloc(ctx, m, sizeof *sp->scheme_rank);
    if (!sp->ent || !sp->order || !sp->scheme_rank) { rc = CR_ENOMEM; goto done; }
    memcpy(sp->ent, res->matrix_ent, m * sizeof *sp->ent);
    /* rows are in enterprise index order: the scheme's rank by binary search */
    for (size_t i = 0; i < m; i++) sp->scheme_rank[i] = 0;
    for (int64_t r = 0; r < res->nrows; r++) {
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sp->ent[mid] < res->ent[r]) lo = mid + 1;
            else hi = mid;
        }
        if (lo < m && sp->ent[lo] == res->ent[r]) sp->scheme_rank[lo] = r + 1;
    }
    /* by Pr(top K) descending, then b^1 descending, then enterprise id:
     * insertion into a short list of the best 2K (K small), O(m K). */
    size_t want = 2 * k < m ? 2 * k : m, cnt = 0;
    for (size_t i = 0; i < m; i++) {
        size_t pos = cnt;
        while (pos > 0) {
            size_t q = sp->order[pos - 1];
            double a = sp->r->pr_top_k[i], b = sp->r->pr_top_k[q];
            double a1 = sp->r->acceptability[i * sp->r->nranks], b1 = sp->r->acceptability[q * sp->r->nranks];
            int better = a > b || (a == b && (a1 > b1 || (a1 == b1 && strcmp(eid(u, sp->ent[i]), eid(u, sp->ent[q])) < 0)));
            if (!better) break;
            pos--;
        }
        if (pos >= want) continue;
        size_t last = cnt < want ? cnt : want - 1;
        for (size_t z = last; z > pos; z--) sp->order[z] = sp->order[z - 1];
        sp->order[pos] = i;
        if (cnt < want) cnt++;
    }
    sp->shown = cnt;
    R->nsmaa++;
done:
    free(nx);
    free(col);
    free(ncol);
    if (rc != CR_OK) {
        cr_smaa_result_free(sp->r);
        free(sp->ent);
        free(sp->order);
        free(sp->scheme_rank);
        memset(sp, 0, sizeof *sp);
    }
    return rc;
}

/* Rows shown in the agreement part: the union of every scheme's top-K set,
 * by (schemes whose top K holds it desc, mean rank asc, enterprise id). */
static cr_error_t agree_rows(run *u)
{
    cr_compare_report *R = u->R;
    const cr_agree_report *a = R->agree;
    size_t n = a->n, cnt = 0;
    R->agree_rows = cr__malloc(u->ctx, n + 1, sizeof *R->agree_rows);
    if (!R->agree_rows) return CR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (a->in_top_k[i] > 0) R->agree_rows[cnt++] = i;
    for (size_t x = 1; x < cnt; x++) {   /* insertion sort: at most m K rows */
        size_t v = R->agree_rows[x], y = x;
        while (y > 0) {
            size_t q = R->agree_rows[y - 1];
            int better = a->in_top_k[v] > a->in_top_k[q] ||
                         (a->in_top_k[v] == a->in_top_k[q] &&
                          (a->rank_mean[v] < a->rank_mean[q] ||
                           (a->rank_mean[v] == a->rank_mean[q] &&
                            strcmp(eid(u, R->common->ent[v]), eid(u, R->common->ent[q])) < 0)));
            if (!better) break;
            R->agree_rows[y] = q;
            y--;
        }
        R->agree_rows[y] = v;
    }
    R->nagree_rows = cnt;
    return CR_OK;
}

/* The backtest's jobs: the one park, or every park leading the chain (or,
 * without a chain, each park with its first led chain) with an outcome on
 * or after the cutoff. parks, chains: [number of parks + 1]. */
static size_t backtest_jobs(const run *u, const cr_eval_history *h, int32_t *parks, int32_t *chains)
{
    const cr_compare_report *R = u->R;
    if (!u->p->all_parks) {
        parks[0] = R->park;
        chains[0] = R->chain;
        return 1;
    }
    cr_dataset_info di;
    cr_dataset_get_info(u->w->ds, &di);
    size_t nj = 0;
    for (int32_t p = 0; p < (int32_t)di.n_parks; p++) {
        const int32_t *led;
        int32_t nl = cr_dataset_park_chains(u->w->ds, p, &led), k = -1;
        for (int32_t z = 0; z < nl && k < 0; z++)
            if (u->p->chain < 0 || led[z] == u->p->chain) k = led[z];
        if (k < 0 || cr_eval_history_events_after(h, p, u->p->cutoff) == 0) continue;
        parks[nj] = p;
        chains[nj++] = k;
    }
    return nj;
}

static cr_error_t run_backtest(run *u)
{
    cr_ctx *ctx = u->ctx;
    const cr_dataset *ds = u->w->ds;
    cr_eval_history *h = NULL;
    cr_error_t rc = u->p->history ? cr_eval_history_load(ctx, ds, u->p->history, &h)
                                  : cr_eval_history_from_dataset(ctx, ds, &h);
    if (rc != CR_OK) return rc;
    cr_dataset_info di;
    cr_dataset_get_info(ds, &di);
    int32_t *parks = cr__malloc(ctx, (size_t)di.n_parks + 1, sizeof *parks);
    int32_t *chains = cr__malloc(ctx, (size_t)di.n_parks + 1, sizeof *chains);
    if (!parks || !chains) rc = CR_ENOMEM;
    if (rc == CR_OK) {
        size_t nj = backtest_jobs(u, h, parks, chains);
        cr_eval_bt_params bp;
        cr_eval_bt_params_default(&bp);
        bp.k = u->p->top;
        bp.cutoff = u->p->cutoff;
        bp.seed = u->p->seed;
        rc = u->p->backtest_fn ? u->p->backtest_fn(u->p->backtest_user, ctx, u->w->ranker, ds, h, u->sch, u->R->nschemes,
                                                   parks, chains, nj, &bp, &u->R->bt)
                               : cr_eval_backtest(ctx, u->w->ranker, ds, h, u->sch, u->R->nschemes, parks, chains, nj,
                                                  &bp, &u->R->bt);
    }
    free(parks);
    free(chains);
    cr_eval_history_free(h);
    return rc;
}

/* ---- summary ----------------------------------------------------------------- */

static void sum_add(cr_compare_report *R, const char *fmt, ...) CR_PRINTF(2, 3);
static void sum_add(cr_compare_report *R, const char *fmt, ...)
{
    size_t len = strlen(R->summary);
    if (len + 1 >= sizeof R->summary) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(R->summary + len, sizeof R->summary - len, fmt, ap);
    va_end(ap);
}

static void build_summary(run *u)
{
    cr_compare_report *R = u->R;
    const cr_dataset *ds = u->w->ds;
    R->summary[0] = 0;
    if (R->agree) {
        const cr_agree_report *a = R->agree;
        for (size_t q = 0; q < a->npairs; q++) {
            double rho = a->spearman[q];
            sum_add(R, "Schemes %s and %s %s (rho = %.2f, tau-b = %.2f, top-%zu overlap %.0f%%). ",
                    cr_scheme_name(u->sch[a->pair_a[q]]), cr_scheme_name(u->sch[a->pair_b[q]]),
                    cr_compare_verdict2(rho, a->top_k_overlap[q]), rho, a->kendall_tau_b[q], a->top_k,
                    100 * a->top_k_overlap[q]);
        }
        size_t nrob = 0, nsingle = 0;
        for (size_t x = 0; x < R->nagree_rows; x++) {
            size_t i = R->agree_rows[x];
            if (a->in_top_k[i] == a->m) nrob++;
            else if (a->in_top_k[i] == 1) nsingle++;
        }
        sum_add(R, "Robust picks (in the top %zu of all %zu schemes): ", a->top_k, a->m);
        if (!nrob) sum_add(R, "none");
        for (size_t x = 0, c = 0; x < R->nagree_rows && c < 10; x++) {
            size_t i = R->agree_rows[x];
            if (a->in_top_k[i] != a->m) continue;
            sum_add(R, "%s%s %s", c ? ", " : "", eid(u, R->common->ent[i]),
                    cr_dataset_enterprise_name(ds, R->common->ent[i]));
            c++;
        }
        if (nrob > 10) sum_add(R, " and %zu more", nrob - 10);
        sum_add(R, ". %zu enterprise(s) are in the top %zu of one scheme only. ", nsingle, a->top_k);
    }
    for (size_t t = 0; t < R->nsmaa; t++) {
        const cr_compare_smaa *sp = &R->smaa[t];
        sum_add(R, "With the criteria of %s and random weights (SMAA, %zu samples), most often in the top %zu: ",
                cr_scheme_name(u->sch[sp->scheme]), sp->r->samples, sp->r->top_k);
        for (size_t x = 0; x < sp->shown && x < 5; x++)
            sum_add(R, "%s%s (%.0f%%)", x ? ", " : "", eid(u, sp->ent[sp->order[x]]), 100 * sp->r->pr_top_k[sp->order[x]]);
        sum_add(R, ". ");
    }
    if (R->bt) {
        const cr_eval_bt_result *b = R->bt;
        const cr_bt_summary *rnd = &b->summary[b->nschemes + CR_EVAL_BASE_RANDOM];
        char cutoff[11];
        cr_eval_format_date(u->p->cutoff, cutoff);
        if (b->summary[0].n_used == 0) {
            sum_add(R, "Backtest from %s: no park has a candidate that signed or landed after the cutoff; nothing to score.",
                    cutoff);
        } else {
            const cr_bt_summary *s = &b->summary[R->best];
            double lift;
            cr_bt_lift(s->ndcg, rnd->ndcg, &lift, NULL);
            char lt[32];
            if (lift == lift) snprintf(lt, sizeof lt, "%.2f", lift);
            else snprintf(lt, sizeof lt, "n/a");
            if (cr_compare_beats(s->ndcg, s->auc, rnd->ndcg, rnd->auc))
                sum_add(R, "Backtest from %s over %zu park(s) with outcomes: scheme %s predicted the past best (NDCG@%zu %.3f, "
                           "lift %s over random; AUC %.3f vs %.3f random",
                        cutoff, s->n_used, cr_scheme_name(u->sch[R->best]), u->p->top, s->ndcg, lt, s->auc, rnd->auc);
            else   /* the same numbers, without a claim they do not support */
                sum_add(R, "Backtest from %s over %zu park(s) with outcomes: no scheme beat random; the best, %s, scored "
                           "NDCG@%zu %.3f vs %.3f random (lift %s; AUC %.3f vs %.3f random",
                        cutoff, s->n_used, cr_scheme_name(u->sch[R->best]), u->p->top, s->ndcg, rnd->ndcg, lt, s->auc,
                        rnd->auc);
            for (int q = CR_EVAL_BASE_SECTOR_SIZE; q < CR_EVAL_NBASE; q++)
                sum_add(R, ", %.3f %s", b->summary[b->nschemes + q].auc, cr_eval_baseline_name(q));
            sum_add(R, ").");
        }
    }
}

/* The best scheme of the backtest: by NDCG@K, then AUC (NDCG is often 0
 * for every scheme when few candidates are relevant); the first on a tie. */
static size_t best_scheme(const cr_eval_bt_result *b)
{
    if (b->summary[0].n_used == 0) return SIZE_MAX;
    size_t best = 0;
    for (size_t l = 1; l < b->nschemes; l++) {
        double a = b->summary[l].ndcg, c = b->summary[best].ndcg;
        if (a > c || (a == c && b->summary[l].auc > b->summary[best].auc)) best = l;
    }
    return best;
}

/* ---- driver -------------------------------------------------------------------- */

/* Ranking, agreement and SMAA on the one park. */
static cr_error_t run_park(run *u)
{
    cr_ctx *ctx = u->ctx;
    cr_compare_report *R = u->R;
    const cr_dataset *ds = u->w->ds;
    size_t ns = R->nschemes;
    if (R->chain < 0) {
        const int32_t *led;
        if (cr_dataset_park_chains(ds, R->park, &led) == 0)
            return cr_ctx_fail(ctx, CR_EINVAL, "park '%s' leads no chain: give --chain K", cr_dataset_park_id(ds, R->park));
        R->chain = led[0];
    }
    cr_dataset_info info;
    cr_dataset_get_info(ds, &info);
    /* 1. every scheme's full ranked list (+ matrix for SMAA) */
    cr_rank_opts ro;
    cr_rank_opts_default(&ro);
    ro.top = 0;
    ro.want_matrix = u->p->samples > 0;
    const int64_t **lists = cr__malloc(ctx, ns, sizeof *lists);
    size_t *lens = cr__malloc(ctx, ns, sizeof *lens);
    R->res = cr__calloc(ctx, ns, sizeof *R->res);
    cr_error_t rc = lists && lens && R->res ? CR_OK : CR_ENOMEM;
    for (size_t l = 0; l < ns && rc == CR_OK; l++) {
        rc = cr_rank_park(ctx, u->w->ranker, R->park, R->chain, u->sch[l], &ro, &R->res[l]);
        if (rc != CR_OK) break;
        lists[l] = R->res[l]->ent;
        lens[l] = (size_t)R->res[l]->nrows;
    }
    if (rc == CR_OK) rc = cr_eval_common_build(ctx, ns, lists, lens, info.n_enterprises, &R->common);
    free(lists);
    free(lens);
    if (rc != CR_OK) return rc;
    /* 2. agreement */
    if (ns >= 2) {
        size_t n = R->common->n;
        if (n < 2)
            return cr_ctx_fail(ctx, CR_EINVAL, "park %s, chain %s: only %zu candidate(s) ranked by every scheme; "
                               "agreement needs 2", cr_dataset_park_id(ds, R->park), cr_dataset_chain_id(ds, R->chain), n);
        size_t k = u->p->top < n ? u->p->top : n;
        CR_CHECK(cr_agree_compare(ctx, R->common->ranks, ns, n, k, u->p->rbo_p, &R->agree));
        CR_CHECK(agree_rows(u));
    }
    /* 3. SMAA on each scheme's matrix */
    if (u->p->samples > 0) {
        R->smaa = cr__calloc(ctx, ns, sizeof *R->smaa);
        if (!R->smaa) return CR_ENOMEM;
        for (size_t l = 0; l < ns; l++) CR_CHECK(run_smaa(u, l));
    }
    return CR_OK;
}

cr_error_t cr_compare_run(cr_ctx *ctx, const cr_world *w, const cr_scheme *const *schemes, size_t nschemes,
                          const cr_compare_params *params, cr_compare_report **out)
{
    *out = NULL;
    cr_compare_params dflt;
    if (!params) {
        cr_compare_params_default(&dflt);
        params = &dflt;
    }
    if (nschemes == 0) return cr_ctx_fail(ctx, CR_EINVAL, "compare: no scheme");
    if (params->all_parks ? !params->backtest || params->samples > 0 : params->park < 0)
        return cr_ctx_fail(ctx, CR_EINVAL, "compare: give a park, or all parks for a backtest only");
    if (params->top < 1) return cr_ctx_fail(ctx, CR_EINVAL, "compare: top must be >= 1");
    cr_compare_report *R = cr__calloc(ctx, 1, sizeof *R);
    if (!R) return CR_ENOMEM;
    R->park = params->all_parks ? -1 : params->park;
    R->chain = params->chain;
    R->nschemes = nschemes;
    R->top = params->top;
    R->best = SIZE_MAX;
    run u = {ctx, w, schemes, params, R};
    cr_error_t rc = params->all_parks ? CR_OK : run_park(&u);
    /* 4. backtest */
    if (rc == CR_OK && params->backtest) rc = run_backtest(&u);
    if (rc == CR_OK) {
        if (R->bt) R->best = best_scheme(R->bt);
        build_summary(&u);
        *out = R;
    } else {
        cr_compare_report_free(R);
    }
    return rc;
}
