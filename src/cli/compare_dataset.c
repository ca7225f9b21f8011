/* chainrank compare DATASET: parses the options, opens the world, runs
 * cr_compare_run (the analysis: agreement, SMAA-2, backtest) and renders its
 * report as a table, JSON or CSV. Every output field: docs/compare.md. */
#include "cli.h"
#include "cli_mpi.h"

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
    cli_list scheme_list;   /* --schemes / --scheme into schemes[] (ns: its n) */
    long top, mc;
    double rbo_p;
    uint64_t seed;
    int use_history, all_parks, progress;   /* progress: 0 auto, 1 --progress, -1 --quiet */
    int32_t cutoff;        /* --cutoff in days since 1970-01-01 */
    cli_rank_format fmt;
    const char *lang_s;    /* --lang, NULL if not given */
    cr_lang lang;          /* workbook headings */
} cmp_opts;

/* What the renderers read: the report and what names its indices. */
typedef struct {
    const cmp_opts *o;
    const cr_dataset *ds;
    cr_scheme *sch[MAX_SCHEMES];
    const cr_compare_report *rep;
} cmp_run;

/* ---- arguments ------------------------------------------------------------ */

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* --history [FILE]: the dataset's history, or FILE when one follows */
static int opt_history(const char *cmd, int argc, char **argv, int *i, void *o)
{
    (void)cmd;
    cmp_opts *op = o;
    op->use_history = 1;
    if (*i + 1 < argc && argv[*i + 1][0] != '-' && is_file(argv[*i + 1])) op->history = argv[++*i];
    return CLI_EXIT_OK;
}

/* The scheme list ends at a directory (DATASET may follow it); "at most 32": MAX_SCHEMES. */
#define CMP_SCHEMES(opt, H)                                                                                       \
    CLI_LIST(opt, cmp_opts, scheme_list, CLI_LIST_LAST_OK | CLI_LIST_DIR_ENDS, "%s needs at least one scheme file", \
             "at most 32 schemes", "A.json ...", H)
static const cli_opt cmp_opt[] = {
    CLI_STR("--park", cmp_opts, park, "P",
            "the park: an id, a unique name or a unique part of one (required unless --all-parks)"),
    CLI_STR("--chain", cmp_opts, chain, "K", "the chain (default: the first chain the park leads)"),
    CMP_SCHEMES("--schemes", "the schemes to compare (required with DATASET)"),
    CMP_SCHEMES("--scheme", "the same as --schemes (required with DATASET)"),
    CLI_LONG("--top", cmp_opts, top, 1, 1000000, "--top wants an integer >= 1, got '%s'", "K",
             "top-k of the overlap and Jaccard (default 10)"),
    CLI_DOUBLE("--rbo-p", cmp_opts, rbo_p, 0, 1, CLI_OPEN_LO | CLI_OPEN_HI, "--rbo-p wants a number in (0, 1), got '%s'",
               "P", "persistence of rank-biased overlap, in (0, 1) (default 0.9)"),
    CLI_LONG("--monte-carlo", cmp_opts, mc, 1, 100000000, "--monte-carlo wants a sample count >= 1, got '%s'", "N",
             "SMAA-2 samples of the weights (default 0 = no SMAA)"),
    CLI_U64("--seed", cmp_opts, seed, 0, UINT64_MAX, "--seed wants an integer >= 0, got '%s'", "S",
            "seed of the SMAA sampler (default 1)"),
    CLI_ARGS("--history", opt_history, "[FILE]", "backtest on the dataset's history or FILE (default: no backtest)"),
    CLI_STR("--cutoff", cmp_opts, cutoff_s, "YYYY-MM-DD", "backtest cutoff date (default: none; needed by --history)"),
    CLI_FLAG("--all-parks", cmp_opts, all_parks, 1, "backtest every park (default: off)"),
    CLI_PROGRESS_OPTS(cmp_opts, progress),
    CLI_FORMAT("--format", cmp_opts, fmt, "F",
               "table, json, csv or xlsx (default table; --rankings: json; xlsx needs --out FILE.xlsx)"),
    CLI_STR("--lang", cmp_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_STR("--out", cmp_opts, out, "FILE", "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
/* Any option given last, known or not, "needs a value" (but the flags and lists). */
const cli_optspec cli_spec_compare = {.cmd = "compare", .opts = cmp_opt, .pos_off = offsetof(cmp_opts, dir),
                                      .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET,
                                      .missing = "%s needs a value", .flags = CLI_LAST_ANY};

static int parse_args(int argc, char **argv, cmp_opts *o)
{
    _Static_assert(MAX_SCHEMES == 32, "CMP_SCHEMES's message names MAX_SCHEMES");
    memset(o, 0, sizeof *o);
    o->top = 10;
    o->rbo_p = 0.9;
    o->seed = 1;
    o->fmt = CLI_RANK_TABLE;
    o->scheme_list = (cli_list){o->schemes, 0, MAX_SCHEMES};
    int code = cli_opts_parse(&cli_spec_compare, argc, argv, o);
    if (code != CLI_EXIT_OK) return code;
    o->ns = o->scheme_list.n;
    if (!o->dir) return cli_usage(CMD, "missing DATASET (or --rankings FILE)");
    if (o->ns == 0) return cli_usage(CMD, "missing --schemes A.json [B.json ...]");
    int c = cli_lang_parse(CMD, o->lang_s, o->fmt == CLI_RANK_XLSX, &o->lang);
    if (c != CLI_EXIT_OK) return c;
    if (o->fmt == CLI_RANK_XLSX && (c = cli_xlsx_needs_file(CMD, o->out)) != CLI_EXIT_OK) return c;
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

/* ---- output -------------------------------------------------------------------- */

static void jstr(FILE *fp, const char *s) { cli_json_string(fp, s); }
static void jnum(FILE *fp, double v) { cli_json_number(fp, v); }

static const char *eid(const cmp_run *R, int64_t e) { return cr_dataset_enterprise_id(R->ds, e); }

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
    if (R->rep->park >= 0) jstr(fp, cr_dataset_park_id(R->ds, R->rep->park)); else fprintf(fp, "null");
    fprintf(fp, ", \"chain\": ");
    if (R->rep->chain >= 0) jstr(fp, cr_dataset_chain_id(R->ds, R->rep->chain)); else fprintf(fp, "null");
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
        if (R->rep->res)
            fprintf(fp, ", \"candidates\": %lld, \"excluded\": %lld, \"ranked\": %lld", (long long)R->rep->res[l]->ncand,
                    (long long)R->rep->res[l]->nexcluded, (long long)R->rep->res[l]->nranked);
        fprintf(fp, "}");
    }
    fprintf(fp, "]");
    if (R->rep->common) fprintf(fp, ",\n \"common\": %zu", R->rep->common->n);
    if (R->rep->agree) {
        const cr_agree_report *a = R->rep->agree;
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
        for (size_t x = 0; x < R->rep->nagree_rows; x++) {
            size_t i = R->rep->agree_rows[x];
            int64_t e = R->rep->common->ent[i];
            fprintf(fp, "%s\n   {\"id\": ", x ? "," : "");
            jstr(fp, eid(R, e));
            fprintf(fp, ", \"name\": ");
            jstr(fp, cr_dataset_enterprise_name(R->ds, e));
            fprintf(fp, ", \"ranks\": [");
            for (size_t l = 0; l < a->m; l++) fprintf(fp, "%s%.0f", l ? ", " : "", R->rep->common->ranks[l * a->n + i]);
            fprintf(fp, "], \"min\": "); jnum(fp, a->rank_min[i]);
            fprintf(fp, ", \"max\": "); jnum(fp, a->rank_max[i]);
            fprintf(fp, ", \"mean\": "); jnum(fp, a->rank_mean[i]);
            fprintf(fp, ", \"sd\": "); jnum(fp, a->rank_sd[i]);
            fprintf(fp, ", \"in_top_k\": %zu, \"robust\": %s}", a->in_top_k[i], a->in_top_k[i] == a->m ? "true" : "false");
        }
        fprintf(fp, "]}");
    }
    if (R->rep->nsmaa) {
        fprintf(fp, ",\n \"smaa\": [");
        for (size_t t = 0; t < R->rep->nsmaa; t++) {
            const cr_compare_smaa *sp = &R->rep->smaa[t];
            const cr_smaa_result *r = sp->r;
            const cr_rank_result *res = R->rep->res[sp->scheme];
            fprintf(fp, "%s\n  {\"scheme\": ", t ? "," : "");
            jstr(fp, cr_scheme_name(R->sch[sp->scheme]));
            fprintf(fp, ", \"samples\": %zu, \"seed\": %llu, \"weights\": \"simplex\", \"alternatives\": %zu, \"top_k\": %zu, "
                        "\"ranks\": %zu,\n   \"criteria\": [",
                    r->samples, (unsigned long long)r->seed, r->m, r->top_k, r->nranks);
            for (int j = 0; j < res->ncrit; j++) fprintf(fp, "%s\"%s\"", j ? ", " : "", cr_criterion_name(res->crit[j]));
            fprintf(fp, "],\n   \"rows\": [");
            for (size_t x = 0; x < sp->shown; x++) {
                size_t i = sp->order[x];
                fprintf(fp, "%s\n    {\"id\": ", x ? "," : "");
                jstr(fp, eid(R, sp->ent[i]));
                fprintf(fp, ", \"name\": ");
                jstr(fp, cr_dataset_enterprise_name(R->ds, sp->ent[i]));
                fprintf(fp, ", \"scheme_rank\": %lld, \"pr_top_k\": ", (long long)sp->scheme_rank[i]);
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
    if (R->rep->bt) {
        const cr_eval_bt_result *b = R->rep->bt;
        char date[11];
        cr_eval_format_date(R->o->cutoff, date);
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
    jstr(fp, R->rep->summary);
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
    if (R->rep->agree) {
        const cr_agree_report *a = R->rep->agree;
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
        for (size_t r = 0; r < R->rep->nagree_rows; r++) {
            size_t i = R->rep->agree_rows[r];
            const char *id = eid(R, R->rep->common->ent[i]);
            for (size_t l = 0; l < a->m; l++)
                csv_row(fp, "spread", cr_scheme_name(R->sch[l]), NULL, id, "rank", R->rep->common->ranks[l * a->n + i]);
            csv_row(fp, "spread", NULL, NULL, id, "rank_sd", a->rank_sd[i]);
            csv_row(fp, "spread", NULL, NULL, id, "in_top_k", (double)a->in_top_k[i]);
        }
    }
    for (size_t t = 0; t < R->rep->nsmaa; t++) {
        const cr_compare_smaa *sp = &R->rep->smaa[t];
        const char *sn = cr_scheme_name(R->sch[sp->scheme]);
        for (size_t x = 0; x < sp->shown; x++) {
            size_t i = sp->order[x];
            const char *id = eid(R, sp->ent[i]);
            csv_row(fp, "smaa", sn, NULL, id, "pr_top_k", sp->r->pr_top_k[i]);
            csv_row(fp, "smaa", sn, NULL, id, "acceptability_rank1", sp->r->acceptability[i * sp->r->nranks]);
            csv_row(fp, "smaa", sn, NULL, id, "confidence", sp->r->confidence[i]);
        }
    }
    if (R->rep->bt) {
        const cr_eval_bt_result *b = R->rep->bt;
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
    if (R->rep->park >= 0)
        fprintf(fp, "Park %s %s, chain %s %s%s%s\n", cr_dataset_park_id(R->ds, R->rep->park), cr_dataset_park_name(R->ds, R->rep->park),
                cr_dataset_chain_id(R->ds, R->rep->chain), cr_dataset_chain_name(R->ds, R->rep->chain),
                o->cutoff_s ? ", tenancy as of " : "", o->cutoff_s ? o->cutoff_s : "");
    for (size_t l = 0; l < o->ns && R->rep->res; l++)
        fprintf(fp, "  scheme %-18s %-6s candidates %lld, excluded %lld, ranked %lld\n", cr_scheme_name(R->sch[l]),
                cr_mcda_method_get(cr_scheme_aggregation(R->sch[l]))->name, (long long)R->rep->res[l]->ncand, (long long)R->rep->res[l]->nexcluded,
                (long long)R->rep->res[l]->nranked);
    if (R->rep->common) fprintf(fp, "  common set (ranked by every scheme): %zu\n", R->rep->common->n);
    if (R->rep->agree) {
        const cr_agree_report *a = R->rep->agree;
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
        for (size_t x = 0; x < R->rep->nagree_rows; x++) {
            size_t i = R->rep->agree_rows[x];
            int64_t e = R->rep->common->ent[i];
            fprintf(fp, "%-10s ", eid(R, e));
            cli_print_cell(fp, cr_dataset_enterprise_name(R->ds, e), 16);
            for (size_t l = 0; l < a->m; l++) fprintf(fp, " %8.0f", R->rep->common->ranks[l * a->n + i]);
            fprintf(fp, " %7.1f %2zu/%zu %s\n", a->rank_sd[i], a->in_top_k[i], a->m,
                    a->in_top_k[i] == a->m ? "robust" : a->in_top_k[i] == 1 ? "one scheme only" : "");
        }
    }
    for (size_t t = 0; t < R->rep->nsmaa; t++) {
        const cr_compare_smaa *sp = &R->rep->smaa[t];
        const cr_smaa_result *r = sp->r;
        fprintf(fp, "\nSMAA-2, scheme %s: %zu samples (seed %llu), weights uniform on the simplex of its %zu criteria\n",
                cr_scheme_name(R->sch[sp->scheme]), r->samples, (unsigned long long)r->seed, r->n);
        fprintf(fp, "%-10s ", "id");
        cli_print_cell(fp, "name", 16);
        fprintf(fp, " %6s %8s %6s %6s %6s\n", "rank", "Pr(topK)", "b1", "b2", "conf");
        for (size_t x = 0; x < sp->shown; x++) {
            size_t i = sp->order[x];
            fprintf(fp, "%-10s ", eid(R, sp->ent[i]));
            cli_print_cell(fp, cr_dataset_enterprise_name(R->ds, sp->ent[i]), 16);
            fprintf(fp, " %6lld", (long long)sp->scheme_rank[i]);
            tnum(fp, r->pr_top_k[i], 8);
            tnum(fp, r->acceptability[i * r->nranks], 6);
            tnum(fp, r->nranks > 1 ? r->acceptability[i * r->nranks + 1] : NAN, 6);
            tnum(fp, r->confidence[i], 6);
            fputc('\n', fp);
        }
    }
    if (R->rep->bt) {
        const cr_eval_bt_result *b = R->rep->bt;
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
    fprintf(fp, "\nSummary: %s\n", R->rep->summary);
}

/* ---- workbook (docs/outputs.md): the report's parts as sheets, the same numbers as the JSON ---- */

/* A sheet with its fixed columns (cols[0..n)), kept in *next for the workbook. */
static cr_error_t tab_new(cr_ctx *ctx, const char *en, const char *zh, const cr_table_col *cols, size_t n,
                          cr_table ***next, cr_table **t)
{
    cr_error_t rc = cli_tab_new(ctx, en, zh, cols, n, t);
    if (rc == CR_OK) *(*next)++ = *t;
    return rc;
}
#define TAB_NEW(en, zh, cols) tab_new(ctx, en, zh, cols, CLI_NCOLS(cols), &next, &t)

static const cr_table_col scheme_cols[] = {
    {"scheme", "scheme", "方案", CR_COL_TEXT, 16, 0},
    {"file", "file", "文件", CR_COL_TEXT, 30, 0},
    {"aggregation", "aggregation", "集结方法", CR_COL_TEXT, 11, 0},
    {"weighting", "weighting", "赋权方法", CR_COL_TEXT, 11, 0},
    {"candidates", "candidates", "候选企业", CR_COL_INT, 10, 0},
    {"excluded", "excluded", "排除", CR_COL_INT, 9, 0},
    {"ranked", "ranked", "参与排名", CR_COL_INT, 9, 0}};
/* agreement: a pair of schemes, then its 9 measures in the order of write_xlsx's v[] */
static const cr_table_col agree_cols[] = {
    {"a", "scheme a", "方案 a", CR_COL_TEXT, 16, 0},
    {"b", "scheme b", "方案 b", CR_COL_TEXT, 16, 0},
    {"spearman", "Spearman rho", "Spearman 相关", CR_COL_REAL, 10, 3},
    {"kendall_tau_b", "Kendall tau-b", "Kendall tau-b", CR_COL_REAL, 10, 3},
    {"kendall_tau_a", "Kendall tau-a", "Kendall tau-a", CR_COL_REAL, 10, 3},
    {"weighted_spearman", "weighted Spearman", "加权 Spearman", CR_COL_REAL, 10, 3},
    {"ws_ab", "WS(a,b)", "WS(a,b)", CR_COL_REAL, 10, 3},
    {"ws_ba", "WS(b,a)", "WS(b,a)", CR_COL_REAL, 10, 3},
    {"top_k_overlap", "top-K overlap", "前 K 重合", CR_COL_REAL, 10, 3},
    {"jaccard", "Jaccard", "Jaccard", CR_COL_REAL, 10, 3},
    {"rbo", "RBO", "RBO", CR_COL_REAL, 10, 3}};
/* spread: id, name, one rank_<scheme> column per scheme (built), then these */
static const cr_table_col spread_head[] = {
    {"id", "id", "企业代码", CR_COL_TEXT, 12, 0},
    {"name", "name", "企业名称", CR_COL_TEXT, 24, 0}};
static const cr_table_col spread_tail[] = {
    {"min", "best rank", "最好排名", CR_COL_REAL, 8, 0},
    {"max", "worst rank", "最差排名", CR_COL_REAL, 8, 0},
    {"mean", "mean rank", "平均排名", CR_COL_REAL, 8, 1},
    {"sd", "sd of rank", "排名标准差", CR_COL_REAL, 8, 1},
    {"in_top_k", "in top K of", "进入前 K 的方案数", CR_COL_INT, 8, 0},
    {"robust", "robust (top K of all)", "稳健(各方案均前 K)", CR_COL_BOOL, 8, 0}};
static const cr_table_col smaa_cols[] = {
    {"scheme", "scheme", "方案", CR_COL_TEXT, 16, 0},
    {"id", "id", "企业代码", CR_COL_TEXT, 12, 0},
    {"name", "name", "企业名称", CR_COL_TEXT, 24, 0},
    {"scheme_rank", "rank under the scheme", "方案排名", CR_COL_INT, 8, 0},
    {"pr_top_k", "Pr(top K)", "进入前 K 概率", CR_COL_PERCENT, 10, 1},
    {"acceptability_1", "Pr(rank 1)", "排第一概率", CR_COL_PERCENT, 10, 1},
    {"confidence", "confidence", "置信度", CR_COL_PERCENT, 10, 1},
    {"samples", "samples", "抽样次数", CR_COL_INT, 9, 0},
    {"seed", "seed", "随机种子", CR_COL_INT, 8, 0}};
/* backtest: a method, then its 7 measures in the order of write_xlsx's v[], then the park counts */
static const cr_table_col bt_cols[] = {
    {"method", "method", "方法", CR_COL_TEXT, 18, 0},
    {"kind", "kind", "类别", CR_COL_TEXT, 9, 0},
    {"precision", "P@K", "P@K 精确率", CR_COL_REAL, 10, 3},
    {"recall", "R@K", "R@K 召回率", CR_COL_REAL, 10, 3},
    {"ndcg", "NDCG@K", "NDCG@K", CR_COL_REAL, 10, 3},
    {"map", "MAP", "MAP", CR_COL_REAL, 10, 3},
    {"auc", "AUC", "AUC", CR_COL_REAL, 10, 3},
    {"micro_precision", "micro P@K", "微平均精确率", CR_COL_REAL, 10, 3},
    {"micro_recall", "micro R@K", "微平均召回率", CR_COL_REAL, 10, 3},
    {"parks_used", "parks used", "有效园区数", CR_COL_INT, 9, 0},
    {"parks_auc", "parks with an AUC", "可算 AUC 园区数", CR_COL_INT, 9, 0}};

static cr_error_t write_xlsx(cr_ctx *ctx, const cmp_run *R, cr_lang lang)
{
    const cmp_opts *o = R->o;
    const cr_compare_report *rep = R->rep;
    cr_table *tabs[8] = {0}, **next = tabs, *t;
    cr_error_t rc;
    /* schemes */
    if ((rc = TAB_NEW("schemes", "方案", scheme_cols)) != CR_OK) goto done;
    for (size_t l = 0; l < o->ns; l++) {
        const cr_scheme *s = R->sch[l];
        cr_table_row(t);
        cr_table_text(t, 0, cr_scheme_name(s));
        cr_table_text(t, 1, o->schemes[l]);
        cr_table_text(t, 2, cr_mcda_method_get(cr_scheme_aggregation(s))->name);
        cr_table_text(t, 3, cr_scheme_weighting(s));
        if (rep->res) {
            cr_table_int(t, 4, rep->res[l]->ncand);
            cr_table_int(t, 5, rep->res[l]->nexcluded);
            cr_table_int(t, 6, rep->res[l]->nranked);
        }
    }
    if (rep->agree) {
        const cr_agree_report *a = rep->agree;
        if ((rc = TAB_NEW("agreement", "方案一致性", agree_cols)) != CR_OK) goto done;
        for (size_t q = 0; q < a->npairs; q++) {
            const double v[] = {a->spearman[q], a->kendall_tau_b[q], a->kendall_tau_a[q], a->weighted_spearman[q],
                                a->ws_ab[q], a->ws_ba[q], a->top_k_overlap[q], a->jaccard[q], a->rbo[q]};
            cr_table_row(t);
            cr_table_text(t, 0, cr_scheme_name(R->sch[a->pair_a[q]]));
            cr_table_text(t, 1, cr_scheme_name(R->sch[a->pair_b[q]]));
            for (int z = 0; z < 9; z++) cr_table_real(t, 2 + z, v[z]);
        }
        if ((rc = TAB_NEW("spread", "排名分布", spread_head)) != CR_OK) goto done;
        for (size_t l = 0; l < a->m; l++) {
            char name[160], en[160], zh[160];
            snprintf(name, sizeof name, "rank_%s", cr_scheme_name(R->sch[l]));
            snprintf(en, sizeof en, "rank: %s", cr_scheme_name(R->sch[l]));
            snprintf(zh, sizeof zh, "排名: %s", cr_scheme_name(R->sch[l]));
            cli_tab_col(t, name, en, zh, CR_COL_REAL, 8, -1);   /* mid-ranks of ties may be halves */
        }
        int c = 2 + (int)a->m;
        cli_tab_cols(t, spread_tail, CLI_NCOLS(spread_tail));
        for (size_t x = 0; x < rep->nagree_rows; x++) {
            size_t i = rep->agree_rows[x];
            int64_t e = rep->common->ent[i];
            cr_table_row(t);
            cr_table_text(t, 0, eid(R, e));
            cr_table_text(t, 1, cr_dataset_enterprise_name(R->ds, e));
            for (size_t l = 0; l < a->m; l++) cr_table_real(t, 2 + (int)l, rep->common->ranks[l * a->n + i]);
            cr_table_real(t, c, a->rank_min[i]);
            cr_table_real(t, c + 1, a->rank_max[i]);
            cr_table_real(t, c + 2, a->rank_mean[i]);
            cr_table_real(t, c + 3, a->rank_sd[i]);
            cr_table_int(t, c + 4, (int64_t)a->in_top_k[i]);
            cr_table_bool(t, c + 5, a->in_top_k[i] == a->m);
        }
    }
    if (rep->nsmaa) {
        if ((rc = TAB_NEW("smaa", "SMAA 稳健性", smaa_cols)) != CR_OK) goto done;
        for (size_t q = 0; q < rep->nsmaa; q++) {
            const cr_compare_smaa *sp = &rep->smaa[q];
            for (size_t x = 0; x < sp->shown; x++) {
                size_t i = sp->order[x];
                cr_table_row(t);
                cr_table_text(t, 0, cr_scheme_name(R->sch[sp->scheme]));
                cr_table_text(t, 1, eid(R, sp->ent[i]));
                cr_table_text(t, 2, cr_dataset_enterprise_name(R->ds, sp->ent[i]));
                cr_table_int(t, 3, sp->scheme_rank[i]);
                cr_table_real(t, 4, sp->r->pr_top_k[i]);
                cr_table_real(t, 5, sp->r->acceptability[i * sp->r->nranks]);
                cr_table_real(t, 6, sp->r->confidence[i]);
                cr_table_int(t, 7, (int64_t)sp->r->samples);
                cr_table_int(t, 8, (int64_t)sp->r->seed);
            }
        }
    }
    if (rep->bt) {
        const cr_eval_bt_result *b = rep->bt;
        if ((rc = TAB_NEW("backtest", "回测", bt_cols)) != CR_OK) goto done;
        for (size_t q = 0; q < b->nmethods; q++) {
            const cr_bt_summary *sm = &b->summary[q];
            const double v[] = {sm->precision, sm->recall, sm->ndcg, sm->map, sm->auc, sm->micro_precision, sm->micro_recall};
            cr_table_row(t);
            cr_table_text(t, 0, method_name(R, q));
            cr_table_text(t, 1, q < b->nschemes ? "scheme" : "baseline");
            for (int z = 0; z < 7; z++) cr_table_real(t, 2 + z, v[z]);
            cr_table_int(t, 9, (int64_t)sm->n_used);
            cr_table_int(t, 10, (int64_t)sm->n_auc);
        }
    }
    {
        char schemes[1024] = "", topk[32], samples[64];
        for (size_t l = 0, n = 0; l < o->ns; l++)
            n += (size_t)snprintf(schemes + n, n < sizeof schemes ? sizeof schemes - n : 0, "%s%s", l ? ", " : "",
                                  cr_scheme_name(R->sch[l]));
        snprintf(topk, sizeof topk, "%ld", o->top);
        if (o->mc) snprintf(samples, sizeof samples, "%ld (seed %llu)", o->mc, (unsigned long long)o->seed);
        else snprintf(samples, sizeof samples, "none");
        const char *kv[] = {"command", "compare",
                            "park", rep->park >= 0 ? cr_dataset_park_id(R->ds, rep->park) : "all parks",
                            "chain", rep->chain >= 0 ? cr_dataset_chain_id(R->ds, rep->chain) : "each park's chains",
                            "schemes", schemes,
                            "top_k", topk,
                            "smaa_samples", samples,
                            "cutoff", o->cutoff_s ? o->cutoff_s : "none: the dataset's tenancy as loaded",
                            "summary", rep->summary};
        if ((rc = cli_tab_provenance(ctx, R->ds, kv, sizeof kv / sizeof *kv / 2, next)) != CR_OK) goto done;
        next++;
    }
    rc = cr_workbook_write(ctx, o->out, (const cr_table *const *)tabs, (size_t)(next - tabs), lang);
done:
    for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) cr_table_free(tabs[i]);
    return rc;
}
#undef TAB_NEW

/* ---- driver -------------------------------------------------------------------- */

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
    cr_world w = {0};
    cr_compare_report *rep = NULL;
    cr_error_t rc = CR_OK;
    cr_world_params wp;
    cr_world_params_default(&wp);
    cr_compare_params cp;
    cr_compare_params_default(&cp);
    if (o.cutoff_s && cr_eval_parse_date(ctx, o.cutoff_s, &o.cutoff) != CR_OK)
        return cli_usage(CMD, "--cutoff wants a date YYYY-MM-DD, got '%s'", o.cutoff_s);
    for (size_t l = 0; l < o.ns; l++)
        if ((rc = cr_scheme_load(ctx, o.schemes[l], &R.sch[l])) != CR_OK) goto fail;
    wp.as_of = o.cutoff_s != NULL;
    wp.cutoff = o.cutoff;
    if ((rc = cr_world_init(ctx, &w, o.dir, &wp)) != CR_OK) goto fail;
    R.ds = w.ds;
    if (o.chain && (rc = cr_dataset_resolve_chain(ctx, w.ds, o.chain, &cp.chain)) != CR_OK) goto fail;
    if (!o.all_parks && (rc = cr_dataset_resolve_park(ctx, w.ds, o.park, &cp.park)) != CR_OK) goto fail;
    cp.all_parks = o.all_parks;
    cp.top = (size_t)o.top;
    cp.rbo_p = o.rbo_p;
    cp.samples = (size_t)o.mc;
    cp.seed = o.seed;
    cp.backtest = o.cutoff_s != NULL;
    cp.cutoff = o.cutoff;
    cp.history = o.history;
    /* chainrank-mpi: every rank has the world and the schemes; rank 0 runs the comparison and the
     * others compute their block of its backtest (docs/mpi.md) */
    if ((code = cli_mpi_agree(CLI_EXIT_OK)) != CLI_EXIT_OK) goto out;
    if (cli_mpi_rank() != 0) {
        code = cli_mpi_compare_serve(ctx, &w, (const cr_scheme *const *)R.sch, o.ns, o.history);
        goto out;
    }
    cli_mpi_compare_params(&cp);
    cli_progress bar;   /* the backtest's lists and SMAA's samples report through the ctx */
    cli_progress_init(&bar, CMD, o.progress);
    cr_ctx_set_progress(ctx, cli_progress_cb, &bar);
    rc = cr_compare_run(ctx, &w, (const cr_scheme *const *)R.sch, o.ns, &cp, &rep);
    cli_mpi_compare_done();
    cr_ctx_set_progress(ctx, NULL, NULL);
    cli_progress_end(&bar);
    if (rc != CR_OK) goto fail;
    R.rep = rep;
    if (o.fmt == CLI_RANK_XLSX) {
        if ((rc = write_xlsx(ctx, &R, o.lang)) != CR_OK) goto fail;
        code = CLI_EXIT_OK;
        goto out;
    }
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
    cr_compare_report_free(rep);
    for (size_t l = 0; l < o.ns; l++) cr_scheme_free(R.sch[l]);
    cr_world_destroy(&w);
    return code;
}
