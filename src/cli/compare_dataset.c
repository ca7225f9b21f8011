/* chainrank compare DATASET: rank one park's candidates under several
 * schemes and report (1) the agreement between the schemes, (2) SMAA-2 on
 * each scheme's decision matrix (--monte-carlo), (3) a backtest against the
 * history after a cutoff (--history/--cutoff, one park or --all-parks).
 * Conventions and every output field: docs/compare.md. */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *CMD = "compare";
enum { MAX_SCHEMES = 32 };

typedef struct {
    const char *dir, *park, *chain, *out, *history, *cutoff_s;
    const char *schemes[MAX_SCHEMES];
    size_t ns;
    long top, mc;
    double rbo_p;
    uint64_t seed;
    int use_history, all_parks;
    cli_rank_format fmt;
} cmp_opts;

typedef struct {
    size_t scheme;
    cr_smaa_result *r;
    int64_t *ent;          /* [m] row -> enterprise (the matrix's rows, index order) */
    size_t *by_pr;         /* [m] rows by Pr(top K) descending, then E-rank-free tie: enterprise id */
    size_t shown;
    int64_t *det_rank;     /* [m] the scheme's own rank of the row */
} smaa_part;

typedef struct {
    const cmp_opts *o;
    cr_dataset *ds;
    cr_model *model;
    cr_ranker *ranker;
    cr_scheme *sch[MAX_SCHEMES];
    int32_t park, chain, cutoff;
    cr_rank_result *res[MAX_SCHEMES];
    cr_eval_common *common;
    cr_agree_report *agree;
    size_t *agree_rows, nagree_rows;   /* common indices shown: the union of the top-K sets */
    smaa_part smaa[MAX_SCHEMES];
    size_t nsmaa;
    cr_eval_bt_result *bt;
    char summary[4096];
} cmp_run;

/* ---- arguments ------------------------------------------------------------ */

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *usage_text =
    "usage: chainrank compare DATASET --park P [--chain K] --schemes A.json B.json [...] [--top K] [--rbo-p P]\n"
    "                         [--monte-carlo N [--seed S]] [--history [FILE]] [--cutoff YYYY-MM-DD [--all-parks]]\n"
    "                         [--format table|json|csv] [--out FILE]\n"
    "       chainrank compare --rankings RANKINGS.json [--format json|table] [--out FILE]\n";

static int parse_args(int argc, char **argv, cmp_opts *o)
{
    memset(o, 0, sizeof *o);
    o->top = 10;
    o->rbo_p = 0.9;
    o->seed = 1;
    o->fmt = CLI_RANK_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (!strcmp(a, "--schemes") || !strcmp(a, "--scheme")) {
            int took = 0;
            while (i + 1 < argc && argv[i + 1][0] != '-') {
                if (o->ns >= MAX_SCHEMES) return cli_usage(CMD, "at most %d schemes", MAX_SCHEMES);
                /* The DATASET folder may follow the list: a directory ends it. */
                struct stat st;
                if (stat(argv[i + 1], &st) == 0 && S_ISDIR(st.st_mode)) break;
                o->schemes[o->ns++] = argv[++i];
                took = 1;
            }
            if (!took) return cli_usage(CMD, "%s needs at least one scheme file", a);
        } else if (!strcmp(a, "--all-parks")) {
            o->all_parks = 1;
        } else if (!strcmp(a, "--history")) {
            o->use_history = 1;
            if (i + 1 < argc && argv[i + 1][0] != '-' && is_file(argv[i + 1])) o->history = argv[++i];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return -1;
        } else if (a[0] == '-' && a[1]) {
            if (i + 1 >= argc) return cli_usage(CMD, "%s needs a value", a);
            const char *v = argv[++i];
            if (!strcmp(a, "--park")) o->park = v;
            else if (!strcmp(a, "--chain")) o->chain = v;
            else if (!strcmp(a, "--out")) o->out = v;
            else if (!strcmp(a, "--cutoff")) o->cutoff_s = v;
            else if (!strcmp(a, "--format")) {
                int c = cli_rank_format_parse(CMD, v, &o->fmt);
                if (c != CLI_EXIT_OK) return c;
            } else if (!strcmp(a, "--top")) {
                o->top = strtol(v, &end, 10);
                if (*end || end == v || o->top < 1 || o->top > 1000000) return cli_usage(CMD, "--top wants an integer >= 1, got '%s'", v);
            } else if (!strcmp(a, "--monte-carlo")) {
                o->mc = strtol(v, &end, 10);
                if (*end || end == v || o->mc < 1 || o->mc > 100000000) return cli_usage(CMD, "--monte-carlo wants a sample count >= 1, got '%s'", v);
            } else if (!strcmp(a, "--seed")) {
                unsigned long long s = strtoull(v, &end, 10);
                if (*end || end == v || v[0] == '-') return cli_usage(CMD, "--seed wants an integer >= 0, got '%s'", v);
                o->seed = (uint64_t)s;
            } else if (!strcmp(a, "--rbo-p")) {
                o->rbo_p = strtod(v, &end);
                if (*end || end == v || !(o->rbo_p > 0 && o->rbo_p < 1)) return cli_usage(CMD, "--rbo-p wants a number in (0, 1), got '%s'", v);
            } else return cli_usage(CMD, "unknown option '%s'", a);
        } else if (!o->dir) o->dir = a;
        else return cli_usage(CMD, "one DATASET folder expected, got '%s' too", a);
    }
    if (!o->dir) return cli_usage(CMD, "missing DATASET (or --rankings FILE)");
    if (o->ns == 0) return cli_usage(CMD, "missing --schemes A.json [B.json ...]");
    if (o->cutoff_s) o->use_history = 1;
    if (o->use_history && !o->cutoff_s) return cli_usage(CMD, "--history needs --cutoff YYYY-MM-DD");
    if (o->all_parks && !o->use_history) return cli_usage(CMD, "--all-parks is for backtests: give --cutoff YYYY-MM-DD");
    if (o->all_parks && o->mc) return cli_usage(CMD, "--monte-carlo works on one park, not with --all-parks");
    if (!o->all_parks && !o->park) return cli_usage(CMD, "missing --park P (or --all-parks with --cutoff)");
    if (o->all_parks && o->park) return cli_usage(CMD, "give either --park P or --all-parks, not both");
    if (o->ns < 2 && !o->mc && !o->use_history)
        return cli_usage(CMD, "agreement needs at least 2 schemes (or use --monte-carlo N or --cutoff DATE with one)");
    return CLI_EXIT_OK;
}

/* ---- computation ------------------------------------------------------------ */

/* SMAA-2 of scheme l on its ranked candidates' matrix. Weights: uniform on
 * the simplex of the scheme's criteria (no weight information: the point of
 * the analysis is to forget the scheme's weights and keep its criteria,
 * directions, normalisation and aggregation). */
static cr_error_t run_smaa(cr_ctx *ctx, cmp_run *R, size_t l)
{
    const cmp_opts *o = R->o;
    const cr_rank_result *res = R->res[l];
    const cr_scheme *s = R->sch[l];
    smaa_part *sp = &R->smaa[R->nsmaa];
    memset(sp, 0, sizeof *sp);
    sp->scheme = l;
    size_t m = (size_t)res->nranked, n = (size_t)res->ncrit;
    if (m < 2) return cr_ctx_fail(ctx, CR_EINVAL, "scheme '%s': %zu ranked candidate(s) in park %s, SMAA needs 2",
                                  cr_scheme_name(s), m, cr_dataset_park_id(R->ds, R->park));
    const int *types;
    cr_scheme_types(s, &types);
    int t[CR_NCRIT];
    double *x = res->matrix, *nx = NULL, *col = NULL, *ncol = NULL;
    cr_smaa_params p;
    cr_smaa_params_init(&p);
    p.samples = (size_t)o->mc;
    p.seed = o->seed;
    p.method = cr_scheme_aggregation(s);   /* the registry id; cr_smaa_run refuses a method without a SMAA kernel */
    p.v = cr_scheme_vikor_v(s);
    p.norm = cr_scheme_norm(s, 0);
    size_t k = (size_t)o->top < m ? (size_t)o->top : m;
    p.top_k = k;
    p.nranks = k;
    for (size_t j = 0; j < n; j++) t[j] = types[j];
    cr_error_t rc = CR_OK;
    if (!cr_scheme_uniform_norm(s)) {
        /* Mixed normalisations: normalise column by column as the ranker
         * does (score.c step 6), then aggregate benefit columns as they are. */
        nx = malloc(m * n * sizeof *nx);
        col = malloc(m * sizeof *col);
        ncol = malloc(m * sizeof *ncol);
        if (!nx || !col || !ncol) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
        for (size_t j = 0; j < n; j++) {
            for (size_t i = 0; i < m; i++) col[i] = x[i * n + j];
            if ((rc = cr_mcda_normalize(ctx, m, 1, col, &types[j], cr_scheme_norm(s, (int)j), ncol)) != CR_OK) goto done;
            for (size_t i = 0; i < m; i++) nx[i * n + j] = ncol[i];
            t[j] = 1;
        }
        x = nx;
        p.norm = CR_NORM_NONE;
    }
    if ((rc = cr_smaa_run(ctx, m, n, x, t, &p, &sp->r)) != CR_OK) goto done;
    sp->ent = malloc(m * sizeof *sp->ent);
    sp->by_pr = malloc(m * sizeof *sp->by_pr);
    sp->det_rank = malloc(m * sizeof *sp->det_rank);
    if (!sp->ent || !sp->by_pr || !sp->det_rank) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
    memcpy(sp->ent, res->matrix_ent, m * sizeof *sp->ent);
    /* rows are in enterprise index order: the scheme's rank by binary search */
    for (size_t i = 0; i < m; i++) sp->det_rank[i] = 0;
    for (int64_t r = 0; r < res->nrows; r++) {
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sp->ent[mid] < res->ent[r]) lo = mid + 1;
            else hi = mid;
        }
        if (lo < m && sp->ent[lo] == res->ent[r]) sp->det_rank[lo] = r + 1;
    }
    /* by Pr(top K) descending, then b^1 descending, then enterprise id:
     * insertion into a short list of the best 2K (K small), O(m K). */
    size_t want = 2 * k < m ? 2 * k : m, cnt = 0;
    for (size_t i = 0; i < m; i++) {
        size_t pos = cnt;
        while (pos > 0) {
            size_t q = sp->by_pr[pos - 1];
            double a = sp->r->pr_top_k[i], b = sp->r->pr_top_k[q];
            double a1 = sp->r->acceptability[i * sp->r->nranks], b1 = sp->r->acceptability[q * sp->r->nranks];
            int better = a > b || (a == b && (a1 > b1 || (a1 == b1 && strcmp(cr_dataset_enterprise_id(R->ds, sp->ent[i]),
                                                                               cr_dataset_enterprise_id(R->ds, sp->ent[q])) < 0)));
            if (!better) break;
            pos--;
        }
        if (pos >= want) continue;
        size_t last = cnt < want ? cnt : want - 1;
        for (size_t z = last; z > pos; z--) sp->by_pr[z] = sp->by_pr[z - 1];
        sp->by_pr[pos] = i;
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
        free(sp->by_pr);
        free(sp->det_rank);
        memset(sp, 0, sizeof *sp);
    }
    return rc;
}

/* Rows shown in the agreement part: the union of every scheme's top-K set,
 * by (schemes whose top K holds it desc, mean rank asc, enterprise id). */
static int agree_rows(cmp_run *R)
{
    const cr_agree_report *a = R->agree;
    size_t n = a->n, cnt = 0;
    R->agree_rows = malloc((n + 1) * sizeof *R->agree_rows);
    if (!R->agree_rows) return -1;
    for (size_t i = 0; i < n; i++)
        if (a->in_top_k[i] > 0) R->agree_rows[cnt++] = i;
    for (size_t x = 1; x < cnt; x++) {   /* insertion sort: at most m K rows */
        size_t v = R->agree_rows[x], y = x;
        while (y > 0) {
            size_t u = R->agree_rows[y - 1];
            int better = a->in_top_k[v] > a->in_top_k[u] ||
                         (a->in_top_k[v] == a->in_top_k[u] &&
                          (a->rank_mean[v] < a->rank_mean[u] ||
                           (a->rank_mean[v] == a->rank_mean[u] &&
                            strcmp(cr_dataset_enterprise_id(R->ds, R->common->ent[v]),
                                   cr_dataset_enterprise_id(R->ds, R->common->ent[u])) < 0)));
            if (!better) break;
            R->agree_rows[y] = u;
            y--;
        }
        R->agree_rows[y] = v;
    }
    R->nagree_rows = cnt;
    return 0;
}

/* ---- summary ----------------------------------------------------------------- */

static void sum_add(cmp_run *R, const char *fmt, ...) CR_PRINTF(2, 3);
static void sum_add(cmp_run *R, const char *fmt, ...)
{
    size_t len = strlen(R->summary);
    if (len + 1 >= sizeof R->summary) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(R->summary + len, sizeof R->summary - len, fmt, ap);
    va_end(ap);
}

static const char *eid(const cmp_run *R, int64_t e) { return cr_dataset_enterprise_id(R->ds, e); }

static void build_summary(cmp_run *R)
{
    const cmp_opts *o = R->o;
    R->summary[0] = 0;
    if (R->agree) {
        const cr_agree_report *a = R->agree;
        for (size_t q = 0; q < a->npairs; q++) {
            double rho = a->spearman[q];
            const char *verdict = !(rho == rho) ? "cannot be compared" : rho >= 0.8 ? "agree" : rho >= 0.5 ? "partly agree" : "disagree";
            sum_add(R, "Schemes %s and %s %s (rho = %.2f, tau-b = %.2f, top-%zu overlap %.0f%%). ",
                    cr_scheme_name(R->sch[a->pair_a[q]]), cr_scheme_name(R->sch[a->pair_b[q]]), verdict, rho,
                    a->kendall_tau_b[q], a->top_k, 100 * a->top_k_overlap[q]);
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
            sum_add(R, "%s%s %s", c ? ", " : "", eid(R, R->common->ent[i]), cr_dataset_enterprise_name(R->ds, R->common->ent[i]));
            c++;
        }
        if (nrob > 10) sum_add(R, " and %zu more", nrob - 10);
        sum_add(R, ". %zu enterprise(s) are in the top %zu of one scheme only. ", nsingle, a->top_k);
    }
    for (size_t t = 0; t < R->nsmaa; t++) {
        const smaa_part *sp = &R->smaa[t];
        sum_add(R, "With the criteria of %s and random weights (SMAA, %zu samples), most often in the top %zu: ",
                cr_scheme_name(R->sch[sp->scheme]), sp->r->samples, sp->r->top_k);
        for (size_t x = 0; x < sp->shown && x < 5; x++)
            sum_add(R, "%s%s (%.0f%%)", x ? ", " : "", eid(R, sp->ent[sp->by_pr[x]]), 100 * sp->r->pr_top_k[sp->by_pr[x]]);
        sum_add(R, ". ");
    }
    if (R->bt) {
        const cr_eval_bt_result *b = R->bt;
        const cr_bt_summary *rnd = &b->summary[b->nschemes + CR_EVAL_BASE_RANDOM];
        if (b->summary[0].n_used == 0) {
            sum_add(R, "Backtest from %s: no park has a candidate that signed or landed after the cutoff; nothing to score.",
                    o->cutoff_s);
        } else {
            size_t best = 0;
            /* best by NDCG@K, then AUC (NDCG is often 0 for every scheme when few candidates are relevant) */
            for (size_t l = 1; l < b->nschemes; l++) {
                double a = b->summary[l].ndcg, c = b->summary[best].ndcg;
                if (a > c || (a == c && b->summary[l].auc > b->summary[best].auc)) best = l;
            }
            const cr_bt_summary *s = &b->summary[best];
            double lift;
            cr_bt_lift(s->ndcg, rnd->ndcg, &lift, NULL);
            char lt[32];
            if (lift == lift) snprintf(lt, sizeof lt, "%.2f", lift);
            else snprintf(lt, sizeof lt, "n/a");
            sum_add(R, "Backtest from %s over %zu park(s) with outcomes: scheme %s predicted the past best (NDCG@%ld %.3f, "
                       "lift %s over random; AUC %.3f vs %.3f random",
                    o->cutoff_s, s->n_used, cr_scheme_name(R->sch[best]), o->top, s->ndcg, lt, s->auc, rnd->auc);
            for (int q = CR_EVAL_BASE_SECTOR_SIZE; q < CR_EVAL_NBASE; q++)
                sum_add(R, ", %.3f %s", b->summary[b->nschemes + q].auc, cr_eval_baseline_name(q));
            sum_add(R, ").");
        }
    }
}

/* ---- output -------------------------------------------------------------------- */

static void jstr(FILE *fp, const char *s) { cli_json_string(fp, s); }
static void jnum(FILE *fp, double v) { cli_json_number(fp, v); }

static const char *method_name(const cmp_run *R, size_t q)
{
    return q < R->o->ns ? cr_scheme_name(R->sch[q]) : cr_eval_baseline_name((int)(q - R->o->ns));
}

static void json_bt_result(FILE *fp, const cr_bt_result *r)
{
    fprintf(fp, "{\"m\": %zu, \"relevant\": %zu, \"hits\": %zu, \"precision\": ", r->m, r->n_rel, r->hits);
    jnum(fp, r->precision);
    fprintf(fp, ", \"recall\": "); jnum(fp, r->recall);
    fprintf(fp, ", \"ndcg\": "); jnum(fp, r->ndcg);
    fprintf(fp, ", \"ap\": "); jnum(fp, r->ap);
    fprintf(fp, ", \"auc\": "); jnum(fp, r->auc);
    fprintf(fp, "}");
}

static void write_json(FILE *fp, const cmp_run *R)
{
    const cmp_opts *o = R->o;
    fprintf(fp, "{\"dataset\": ");
    jstr(fp, o->dir);
    fprintf(fp, ", \"park\": ");
    if (R->park >= 0) jstr(fp, cr_dataset_park_id(R->ds, R->park)); else fprintf(fp, "null");
    fprintf(fp, ", \"chain\": ");
    if (R->chain >= 0) jstr(fp, cr_dataset_chain_id(R->ds, R->chain)); else fprintf(fp, "null");
    fprintf(fp, ", \"cutoff\": ");
    if (o->cutoff_s) jstr(fp, o->cutoff_s); else fprintf(fp, "null");
    fprintf(fp, ", \"top_k\": %ld,\n \"schemes\": [", o->top);
    for (size_t l = 0; l < o->ns; l++) {
        const cr_scheme *s = R->sch[l];
        fprintf(fp, "%s\n  {\"name\": ", l ? "," : "");
        jstr(fp, cr_scheme_name(s));
        fprintf(fp, ", \"file\": ");
        jstr(fp, o->schemes[l]);
        fprintf(fp, ", \"aggregation\": \"%s\", \"weighting\": \"%s\"", cr_mcda_method_get(cr_scheme_aggregation(s))->name, cr_scheme_weighting(s));
        if (R->res[l])
            fprintf(fp, ", \"candidates\": %lld, \"excluded\": %lld, \"ranked\": %lld", (long long)R->res[l]->ncand,
                    (long long)R->res[l]->nexcluded, (long long)R->res[l]->nranked);
        fprintf(fp, "}");
    }
    fprintf(fp, "]");
    if (R->common) fprintf(fp, ",\n \"common\": %zu", R->common->n);
    if (R->agree) {
        const cr_agree_report *a = R->agree;
        fprintf(fp, ",\n \"agreement\": {\"n\": %zu, \"top_k\": %zu, \"rbo_p\": ", a->n, a->top_k);
        jnum(fp, a->rbo_p);
        fprintf(fp, ",\n  \"pairs\": [");
        for (size_t q = 0; q < a->npairs; q++) {
            fprintf(fp, "%s\n   {\"a\": ", q ? "," : "");
            jstr(fp, cr_scheme_name(R->sch[a->pair_a[q]]));
            fprintf(fp, ", \"b\": ");
            jstr(fp, cr_scheme_name(R->sch[a->pair_b[q]]));
            const char *k[] = {"spearman", "kendall_tau_b", "kendall_tau_a", "weighted_spearman", "ws_ab", "ws_ba",
                               "top_k_overlap", "jaccard", "rbo"};
            const double v[] = {a->spearman[q], a->kendall_tau_b[q], a->kendall_tau_a[q], a->weighted_spearman[q],
                                a->ws_ab[q], a->ws_ba[q], a->top_k_overlap[q], a->jaccard[q], a->rbo[q]};
            for (int z = 0; z < 9; z++) {
                fprintf(fp, ", \"%s\": ", k[z]);
                jnum(fp, v[z]);
            }
            fprintf(fp, "}");
        }
        fprintf(fp, "],\n  \"enterprises\": [");
        for (size_t x = 0; x < R->nagree_rows; x++) {
            size_t i = R->agree_rows[x];
            int64_t e = R->common->ent[i];
            fprintf(fp, "%s\n   {\"id\": ", x ? "," : "");
            jstr(fp, eid(R, e));
            fprintf(fp, ", \"name\": ");
            jstr(fp, cr_dataset_enterprise_name(R->ds, e));
            fprintf(fp, ", \"ranks\": [");
            for (size_t l = 0; l < a->m; l++) fprintf(fp, "%s%.0f", l ? ", " : "", R->common->ranks[l * a->n + i]);
            fprintf(fp, "], \"min\": "); jnum(fp, a->rank_min[i]);
            fprintf(fp, ", \"max\": "); jnum(fp, a->rank_max[i]);
            fprintf(fp, ", \"mean\": "); jnum(fp, a->rank_mean[i]);
            fprintf(fp, ", \"sd\": "); jnum(fp, a->rank_sd[i]);
            fprintf(fp, ", \"in_top_k\": %zu, \"robust\": %s}", a->in_top_k[i], a->in_top_k[i] == a->m ? "true" : "false");
        }
        fprintf(fp, "]}");
    }
    if (R->nsmaa) {
        fprintf(fp, ",\n \"smaa\": [");
        for (size_t t = 0; t < R->nsmaa; t++) {
            const smaa_part *sp = &R->smaa[t];
            const cr_smaa_result *r = sp->r;
            const cr_rank_result *res = R->res[sp->scheme];
            fprintf(fp, "%s\n  {\"scheme\": ", t ? "," : "");
            jstr(fp, cr_scheme_name(R->sch[sp->scheme]));
            fprintf(fp, ", \"samples\": %zu, \"seed\": %llu, \"weights\": \"simplex\", \"alternatives\": %zu, \"top_k\": %zu, "
                        "\"ranks\": %zu,\n   \"criteria\": [",
                    r->samples, (unsigned long long)r->seed, r->m, r->top_k, r->nranks);
            for (int j = 0; j < res->ncrit; j++) fprintf(fp, "%s\"%s\"", j ? ", " : "", cr_criterion_name(res->crit[j]));
            fprintf(fp, "],\n   \"rows\": [");
            for (size_t x = 0; x < sp->shown; x++) {
                size_t i = sp->by_pr[x];
                fprintf(fp, "%s\n    {\"id\": ", x ? "," : "");
                jstr(fp, eid(R, sp->ent[i]));
                fprintf(fp, ", \"name\": ");
                jstr(fp, cr_dataset_enterprise_name(R->ds, sp->ent[i]));
                fprintf(fp, ", \"scheme_rank\": %lld, \"pr_top_k\": ", (long long)sp->det_rank[i]);
                jnum(fp, r->pr_top_k[i]);
                fprintf(fp, ", \"acceptability\": [");
                for (size_t q = 0; q < r->nranks; q++) {
                    if (q) fprintf(fp, ", ");
                    jnum(fp, r->acceptability[i * r->nranks + q]);
                }
                fprintf(fp, "], \"confidence\": ");
                jnum(fp, r->confidence[i]);
                fprintf(fp, ", \"central_weights\": ");
                if (r->central_weights[i * r->n] != r->central_weights[i * r->n]) fprintf(fp, "null");
                else {
                    fprintf(fp, "[");
                    for (size_t j = 0; j < r->n; j++) {
                        if (j) fprintf(fp, ", ");
                        jnum(fp, r->central_weights[i * r->n + j]);
                    }
                    fprintf(fp, "]");
                }
                fprintf(fp, "}");
            }
            fprintf(fp, "]}");
        }
        fprintf(fp, "]");
    }
    if (R->bt) {
        const cr_eval_bt_result *b = R->bt;
        char date[11];
        cr_eval_format_date(R->cutoff, date);
        fprintf(fp, ",\n \"backtest\": {\"cutoff\": \"%s\", \"k\": %ld, \"seed\": %llu, \"parks\": %zu, \"parks_used\": %zu,"
                    "\n  \"methods\": [",
                date, o->top, (unsigned long long)o->seed, b->njobs, b->summary[0].n_used);
        const cr_bt_summary *base = b->summary + b->nschemes;
        for (size_t q = 0; q < b->nmethods; q++) {
            const cr_bt_summary *s = &b->summary[q];
            fprintf(fp, "%s\n   {\"name\": ", q ? "," : "");
            jstr(fp, method_name(R, q));
            fprintf(fp, ", \"kind\": \"%s\", \"precision\": ", q < b->nschemes ? "scheme" : "baseline");
            jnum(fp, s->precision);
            fprintf(fp, ", \"recall\": "); jnum(fp, s->recall);
            fprintf(fp, ", \"ndcg\": "); jnum(fp, s->ndcg);
            fprintf(fp, ", \"map\": "); jnum(fp, s->map);
            fprintf(fp, ", \"auc\": "); jnum(fp, s->auc);
            fprintf(fp, ", \"micro_precision\": "); jnum(fp, s->micro_precision);
            fprintf(fp, ", \"micro_recall\": "); jnum(fp, s->micro_recall);
            fprintf(fp, ", \"parks_used\": %zu, \"parks_auc\": %zu", s->n_used, s->n_auc);
            if (q < b->nschemes) {
                fprintf(fp, ",\n    \"lift\": {");
                for (int z = 0; z < CR_EVAL_NBASE; z++) {
                    double rn, ra, ru;
                    cr_bt_lift(s->ndcg, base[z].ndcg, &rn, NULL);
                    cr_bt_lift(s->map, base[z].map, &ra, NULL);
                    cr_bt_lift(s->auc, base[z].auc, &ru, NULL);
                    fprintf(fp, "%s\"%s\": {\"ndcg\": ", z ? ", " : "", cr_eval_baseline_name(z));
                    jnum(fp, rn);
                    fprintf(fp, ", \"map\": "); jnum(fp, ra);
                    fprintf(fp, ", \"auc\": "); jnum(fp, ru);
                    fprintf(fp, "}");
                }
                fprintf(fp, "}");
            }
            fprintf(fp, "}");
        }
        fprintf(fp, "],\n  \"per_park\": [");
        for (size_t j = 0; j < b->njobs; j++) {
            fprintf(fp, "%s\n   {\"park\": ", j ? "," : "");
            jstr(fp, cr_dataset_park_id(R->ds, b->park[j]));
            fprintf(fp, ", \"chain\": ");
            jstr(fp, cr_dataset_chain_id(R->ds, b->chain[j]));
            fprintf(fp, ", \"candidates\": %lld, \"common\": %lld, \"methods\": {", (long long)b->ncand[j], (long long)b->ncommon[j]);
            for (size_t q = 0; q < b->nmethods; q++) {
                fprintf(fp, "%s", q ? ", " : "");
                jstr(fp, method_name(R, q));
                fprintf(fp, ": ");
                json_bt_result(fp, &b->res[j * b->nmethods + q]);
            }
            fprintf(fp, "}}");
        }
        fprintf(fp, "]}");
    }
    fprintf(fp, ",\n \"summary\": ");
    jstr(fp, R->summary);
    fprintf(fp, "}\n");
}

/* Long format: section,a,b,id,metric,value - one number per line, so that
 * every part of the report fits one table. */
static void csv_row(FILE *fp, const char *sec, const char *a, const char *b, const char *id, const char *metric, double v)
{
    fprintf(fp, "%s,", sec);
    cli_csv_string(fp, a ? a : "");
    fputc(',', fp);
    cli_csv_string(fp, b ? b : "");
    fputc(',', fp);
    cli_csv_string(fp, id ? id : "");
    fprintf(fp, ",%s,", metric);
    if (v == v) fprintf(fp, "%.17g", v);
    fputc('\n', fp);
}

static void write_csv(FILE *fp, const cmp_run *R)
{
    fprintf(fp, "section,a,b,id,metric,value\n");
    if (R->agree) {
        const cr_agree_report *a = R->agree;
        for (size_t q = 0; q < a->npairs; q++) {
            const char *x = cr_scheme_name(R->sch[a->pair_a[q]]), *y = cr_scheme_name(R->sch[a->pair_b[q]]);
            csv_row(fp, "agreement", x, y, NULL, "spearman", a->spearman[q]);
            csv_row(fp, "agreement", x, y, NULL, "kendall_tau_b", a->kendall_tau_b[q]);
            csv_row(fp, "agreement", x, y, NULL, "kendall_tau_a", a->kendall_tau_a[q]);
            csv_row(fp, "agreement", x, y, NULL, "weighted_spearman", a->weighted_spearman[q]);
            csv_row(fp, "agreement", x, y, NULL, "ws_ab", a->ws_ab[q]);
            csv_row(fp, "agreement", x, y, NULL, "ws_ba", a->ws_ba[q]);
            csv_row(fp, "agreement", x, y, NULL, "top_k_overlap", a->top_k_overlap[q]);
            csv_row(fp, "agreement", x, y, NULL, "jaccard", a->jaccard[q]);
            csv_row(fp, "agreement", x, y, NULL, "rbo", a->rbo[q]);
        }
        for (size_t r = 0; r < R->nagree_rows; r++) {
            size_t i = R->agree_rows[r];
            const char *id = eid(R, R->common->ent[i]);
            for (size_t l = 0; l < a->m; l++)
                csv_row(fp, "spread", cr_scheme_name(R->sch[l]), NULL, id, "rank", R->common->ranks[l * a->n + i]);
            csv_row(fp, "spread", NULL, NULL, id, "rank_sd", a->rank_sd[i]);
            csv_row(fp, "spread", NULL, NULL, id, "in_top_k", (double)a->in_top_k[i]);
        }
    }
    for (size_t t = 0; t < R->nsmaa; t++) {
        const smaa_part *sp = &R->smaa[t];
        const char *sn = cr_scheme_name(R->sch[sp->scheme]);
        for (size_t x = 0; x < sp->shown; x++) {
            size_t i = sp->by_pr[x];
            const char *id = eid(R, sp->ent[i]);
            csv_row(fp, "smaa", sn, NULL, id, "pr_top_k", sp->r->pr_top_k[i]);
            csv_row(fp, "smaa", sn, NULL, id, "acceptability_rank1", sp->r->acceptability[i * sp->r->nranks]);
            csv_row(fp, "smaa", sn, NULL, id, "confidence", sp->r->confidence[i]);
        }
    }
    if (R->bt) {
        const cr_eval_bt_result *b = R->bt;
        for (size_t q = 0; q < b->nmethods; q++) {
            const cr_bt_summary *s = &b->summary[q];
            const char *mn = method_name(R, q);
            csv_row(fp, "backtest", mn, NULL, NULL, "precision", s->precision);
            csv_row(fp, "backtest", mn, NULL, NULL, "recall", s->recall);
            csv_row(fp, "backtest", mn, NULL, NULL, "ndcg", s->ndcg);
            csv_row(fp, "backtest", mn, NULL, NULL, "map", s->map);
            csv_row(fp, "backtest", mn, NULL, NULL, "auc", s->auc);
            csv_row(fp, "backtest", mn, NULL, NULL, "micro_precision", s->micro_precision);
            csv_row(fp, "backtest", mn, NULL, NULL, "micro_recall", s->micro_recall);
            if (q < b->nschemes)
                for (int z = 0; z < CR_EVAL_NBASE; z++) {
                    double r;
                    cr_bt_lift(s->ndcg, b->summary[b->nschemes + z].ndcg, &r, NULL);
                    csv_row(fp, "lift", mn, cr_eval_baseline_name(z), NULL, "ndcg", r);
                    cr_bt_lift(s->auc, b->summary[b->nschemes + z].auc, &r, NULL);
                    csv_row(fp, "lift", mn, cr_eval_baseline_name(z), NULL, "auc", r);
                }
        }
    }
}

static void tnum(FILE *fp, double v, int w)
{
    if (v == v) fprintf(fp, " %*.3f", w, v);
    else fprintf(fp, " %*s", w, "n/a");
}

static void write_table(FILE *fp, const cmp_run *R)
{
    const cmp_opts *o = R->o;
    if (R->park >= 0)
        fprintf(fp, "Park %s %s, chain %s %s%s%s\n", cr_dataset_park_id(R->ds, R->park), cr_dataset_park_name(R->ds, R->park),
                cr_dataset_chain_id(R->ds, R->chain), cr_dataset_chain_name(R->ds, R->chain),
                o->cutoff_s ? ", tenancy as of " : "", o->cutoff_s ? o->cutoff_s : "");
    for (size_t l = 0; l < o->ns && R->res[l]; l++)
        fprintf(fp, "  scheme %-18s %-6s candidates %lld, excluded %lld, ranked %lld\n", cr_scheme_name(R->sch[l]),
                cr_mcda_method_get(cr_scheme_aggregation(R->sch[l]))->name, (long long)R->res[l]->ncand, (long long)R->res[l]->nexcluded,
                (long long)R->res[l]->nranked);
    if (R->common) fprintf(fp, "  common set (ranked by every scheme): %zu\n", R->common->n);
    if (R->agree) {
        const cr_agree_report *a = R->agree;
        fprintf(fp, "\nAgreement (top K = %zu, RBO p = %g)\n%-16s %-16s %7s %7s %7s %7s %7s %7s %7s %7s %7s\n", a->top_k,
                a->rbo_p, "a", "b", "rho", "tau_b", "tau_a", "r_w", "WS(a,b)", "WS(b,a)", "top-K", "jaccard", "rbo");
        for (size_t q = 0; q < a->npairs; q++) {
            fprintf(fp, "%-16s %-16s", cr_scheme_name(R->sch[a->pair_a[q]]), cr_scheme_name(R->sch[a->pair_b[q]]));
            const double v[] = {a->spearman[q], a->kendall_tau_b[q], a->kendall_tau_a[q], a->weighted_spearman[q],
                                a->ws_ab[q], a->ws_ba[q], a->top_k_overlap[q], a->jaccard[q], a->rbo[q]};
            for (int z = 0; z < 9; z++) tnum(fp, v[z], 7);
            fputc('\n', fp);
        }
        fprintf(fp, "\nTop-%zu sets: rank under each scheme (common set), spread\n%-10s ", a->top_k, "id");
        cli_print_cell(fp, "name", 16);
        for (size_t l = 0; l < a->m; l++) fprintf(fp, " %8.8s", cr_scheme_name(R->sch[l]));
        fprintf(fp, " %7s %5s %s\n", "sd", "topK", "");
        for (size_t x = 0; x < R->nagree_rows; x++) {
            size_t i = R->agree_rows[x];
            int64_t e = R->common->ent[i];
            fprintf(fp, "%-10s ", eid(R, e));
            cli_print_cell(fp, cr_dataset_enterprise_name(R->ds, e), 16);
            for (size_t l = 0; l < a->m; l++) fprintf(fp, " %8.0f", R->common->ranks[l * a->n + i]);
            fprintf(fp, " %7.1f %2zu/%zu %s\n", a->rank_sd[i], a->in_top_k[i], a->m,
                    a->in_top_k[i] == a->m ? "robust" : a->in_top_k[i] == 1 ? "one scheme only" : "");
        }
    }
    for (size_t t = 0; t < R->nsmaa; t++) {
        const smaa_part *sp = &R->smaa[t];
        const cr_smaa_result *r = sp->r;
        fprintf(fp, "\nSMAA-2, scheme %s: %zu samples (seed %llu), weights uniform on the simplex of its %zu criteria\n",
                cr_scheme_name(R->sch[sp->scheme]), r->samples, (unsigned long long)r->seed, r->n);
        fprintf(fp, "%-10s ", "id");
        cli_print_cell(fp, "name", 16);
        fprintf(fp, " %6s %8s %6s %6s %6s\n", "rank", "Pr(topK)", "b1", "b2", "conf");
        for (size_t x = 0; x < sp->shown; x++) {
            size_t i = sp->by_pr[x];
            fprintf(fp, "%-10s ", eid(R, sp->ent[i]));
            cli_print_cell(fp, cr_dataset_enterprise_name(R->ds, sp->ent[i]), 16);
            fprintf(fp, " %6lld", (long long)sp->det_rank[i]);
            tnum(fp, r->pr_top_k[i], 8);
            tnum(fp, r->acceptability[i * r->nranks], 6);
            tnum(fp, r->nranks > 1 ? r->acceptability[i * r->nranks + 1] : NAN, 6);
            tnum(fp, r->confidence[i], 6);
            fputc('\n', fp);
        }
    }
    if (R->bt) {
        const cr_eval_bt_result *b = R->bt;
        fprintf(fp, "\nBacktest: tenancy as of %s, relevance = signed (1) / landed or operating (2) on or after it; K = %ld\n",
                o->cutoff_s, o->top);
        fprintf(fp, "%zu park(s) ranked, %zu with a relevant candidate (macro means over those)\n", b->njobs, b->summary[0].n_used);
        fprintf(fp, "%-18s %7s %7s %7s %7s %7s %9s %9s\n", "method", "P@K", "R@K", "NDCG@K", "MAP", "AUC", "lift/rand", "lift/dens");
        const cr_bt_summary *base = b->summary + b->nschemes;
        for (size_t q = 0; q < b->nmethods; q++) {
            const cr_bt_summary *s = &b->summary[q];
            fprintf(fp, "%-18s", method_name(R, q));
            tnum(fp, s->precision, 7);
            tnum(fp, s->recall, 7);
            tnum(fp, s->ndcg, 7);
            tnum(fp, s->map, 7);
            tnum(fp, s->auc, 7);
            if (q < b->nschemes) {
                double r1, r2;
                cr_bt_lift(s->ndcg, base[CR_EVAL_BASE_RANDOM].ndcg, &r1, NULL);
                cr_bt_lift(s->ndcg, base[CR_EVAL_BASE_DENSITY].ndcg, &r2, NULL);
                tnum(fp, r1, 9);
                tnum(fp, r2, 9);
            }
            fputc('\n', fp);
        }
        if (b->njobs == 1) {
            const cr_bt_result *r0 = &b->res[0];
            fprintf(fp, "(this park: %zu evaluated candidates, %zu relevant)\n", r0->m, r0->n_rel);
        }
    }
    fprintf(fp, "\nSummary: %s\n", R->summary);
}

/* ---- driver -------------------------------------------------------------------- */

static void run_free(cmp_run *R)
{
    for (size_t t = 0; t < R->nsmaa; t++) {
        cr_smaa_result_free(R->smaa[t].r);
        free(R->smaa[t].ent);
        free(R->smaa[t].by_pr);
        free(R->smaa[t].det_rank);
    }
    cr_eval_bt_result_free(R->bt);
    free(R->agree_rows);
    cr_agree_report_free(R->agree);
    cr_eval_common_free(R->common);
    for (size_t l = 0; l < MAX_SCHEMES; l++) {
        cr_rank_result_free(R->res[l]);
        cr_scheme_free(R->sch[l]);
    }
    cr_ranker_free(R->ranker);
    cr_model_free(R->model);
    cr_dataset_free(R->ds);
}

int compare_dataset(int argc, char **argv, cr_ctx *ctx);   /* called by cmd_compare.c */
int compare_dataset(int argc, char **argv, cr_ctx *ctx)
{
    cmp_opts o;
    int code = parse_args(argc, argv, &o);
    if (code < 0) return CLI_EXIT_OK;
    if (code != CLI_EXIT_OK) return code;
    cmp_run R;
    memset(&R, 0, sizeof R);
    R.o = &o;
    R.park = R.chain = -1;
    cr_error_t rc = CR_OK;
    if (o.cutoff_s && cr_eval_parse_date(ctx, o.cutoff_s, &R.cutoff) != CR_OK)
        return cli_usage(CMD, "--cutoff wants a date YYYY-MM-DD, got '%s'", o.cutoff_s);
    for (size_t l = 0; l < o.ns; l++)
        if ((rc = cr_scheme_load(ctx, o.schemes[l], &R.sch[l])) != CR_OK) goto fail;
    if ((code = cli_load_dataset(ctx, CMD, o.dir, &R.ds)) != CLI_EXIT_OK) goto out;
    cr_model_params mp;
    cr_model_params_default(&mp);
    mp.supply_metrics = 1;
    if ((rc = cr_model_build(ctx, R.ds, &mp, &R.model)) != CR_OK) goto fail;
    rc = o.cutoff_s ? cr_ranker_new_as_of(ctx, R.model, R.cutoff, &R.ranker) : cr_ranker_new(ctx, R.model, &R.ranker);
    if (rc != CR_OK) goto fail;
    if (o.chain && (R.chain = cr_dataset_find_chain(R.ds, o.chain)) < 0) {
        rc = cr_ctx_fail(ctx, CR_ENOTFOUND, "no chain '%s' in %s", o.chain, o.dir);
        goto fail;
    }
    if (!o.all_parks) {
        if ((R.park = cr_dataset_find_park(R.ds, o.park)) < 0) {
            rc = cr_ctx_fail(ctx, CR_ENOTFOUND, "no park '%s' in %s", o.park, o.dir);
            goto fail;
        }
        if (R.chain < 0) {
            const int32_t *led;
            if (cr_dataset_park_chains(R.ds, R.park, &led) == 0) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "park '%s' leads no chain: give --chain K", o.park);
                goto fail;
            }
            R.chain = led[0];
        }
        cr_dataset_info info;
        cr_dataset_get_info(R.ds, &info);
        /* 1. every scheme's full ranked list (+ matrix for SMAA) */
        cr_rank_opts ro;
        cr_rank_opts_default(&ro);
        ro.top = 0;
        ro.want_matrix = o.mc > 0;
        const int64_t *lists[MAX_SCHEMES];
        size_t lens[MAX_SCHEMES];
        for (size_t l = 0; l < o.ns; l++) {
            if ((rc = cr_rank_park(ctx, R.ranker, R.park, R.chain, R.sch[l], &ro, &R.res[l])) != CR_OK) goto fail;
            lists[l] = R.res[l]->ent;
            lens[l] = (size_t)R.res[l]->nrows;
        }
        if ((rc = cr_eval_common_build(ctx, o.ns, lists, lens, info.n_enterprises, &R.common)) != CR_OK) goto fail;
        /* 2. agreement */
        if (o.ns >= 2) {
            size_t n = R.common->n;
            if (n < 2) {
                rc = cr_ctx_fail(ctx, CR_EINVAL, "park %s, chain %s: only %zu candidate(s) ranked by every scheme; "
                                 "agreement needs 2", o.park, cr_dataset_chain_id(R.ds, R.chain), n);
                goto fail;
            }
            size_t k = (size_t)o.top < n ? (size_t)o.top : n;
            if ((rc = cr_agree_compare(ctx, R.common->ranks, o.ns, n, k, o.rbo_p, &R.agree)) != CR_OK) goto fail;
            if (agree_rows(&R) != 0) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto fail; }
        }
        /* 3. SMAA on each scheme's matrix */
        for (size_t l = 0; o.mc > 0 && l < o.ns; l++)
            if ((rc = run_smaa(ctx, &R, l)) != CR_OK) goto fail;
    }
    /* 4. backtest */
    if (o.cutoff_s) {
        cr_eval_history *h = NULL;
        rc = o.history ? cr_eval_history_load(ctx, R.ds, o.history, &h) : cr_eval_history_from_dataset(ctx, R.ds, &h);
        if (rc != CR_OK) goto fail;
        cr_dataset_info di;
        cr_dataset_get_info(R.ds, &di);
        int32_t np = (int32_t)di.n_parks;
        int32_t *parks = malloc(((size_t)np + 1) * sizeof *parks), *chains = malloc(((size_t)np + 1) * sizeof *chains);
        size_t nj = 0;
        if (!parks || !chains) rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        else if (!o.all_parks) {
            parks[0] = R.park;
            chains[0] = R.chain;
            nj = 1;
        } else {
            /* every park leading the chain (or, without --chain, each park with
             * its first led chain) with an outcome on or after the cutoff */
            for (int32_t p = 0; p < np; p++) {
                const int32_t *led;
                int32_t nl = cr_dataset_park_chains(R.ds, p, &led), k = -1;
                for (int32_t z = 0; z < nl && k < 0; z++)
                    if (R.chain < 0 || led[z] == R.chain) k = led[z];
                if (k < 0 || cr_eval_history_events_after(h, p, R.cutoff) == 0) continue;
                parks[nj] = p;
                chains[nj++] = k;
            }
        }
        if (rc == CR_OK) {
            cr_eval_bt_params bp;
            cr_eval_bt_params_default(&bp);
            bp.k = (size_t)o.top;
            bp.cutoff = R.cutoff;
            bp.seed = o.seed;
            rc = cr_eval_backtest(ctx, R.ranker, R.ds, h, (const cr_scheme *const *)R.sch, o.ns, parks, chains, nj, &bp, &R.bt);
        }
        free(parks);
        free(chains);
        cr_eval_history_free(h);
        if (rc != CR_OK) goto fail;
    }
    build_summary(&R);
    cli_out out;
    if ((code = cli_out_open(&out, o.out, CMD)) != CLI_EXIT_OK) goto out;
    if (o.fmt == CLI_RANK_JSON) write_json(out.fp, &R);
    else if (o.fmt == CLI_RANK_CSV) write_csv(out.fp, &R);
    else write_table(out.fp, &R);
    code = cli_out_commit(&out, CMD);
    goto out;
fail:
    code = cli_fail(ctx, CMD, rc);
out:
    run_free(&R);
    return code;
}
