/* The typed tables (cr_table.h) behind the tidy CSV and the workbooks of
 * rank, batch and gaps (compare builds its own in compare_dataset.c). Each
 * output is filled once here and written by cr_table_write_csv or
 * cr_workbook_write; column names, headings and types: docs/outputs.md. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_lang_parse(const char *cmd, const char *s, int meaningful, cr_lang *out)
{
    *out = CR_LANG_EN;
    if (!s) return CLI_EXIT_OK;
    if (cr_lang_parse(s, out) != 0) return cli_usage(cmd, "--lang must be en or zh, got '%s'", s);
    /* the other formats are not translated: refused rather than silently ignored */
    if (!meaningful) return cli_usage(cmd, "--lang sets a workbook's (or a report's) language: it needs --format xlsx");
    return CLI_EXIT_OK;
}

int cli_xlsx_needs_file(const char *cmd, const char *outp)
{
    if (outp && strcmp(outp, "-") != 0) return CLI_EXIT_OK;
    return cli_usage(cmd, "--format xlsx writes a binary workbook, never to %s: give --out FILE.xlsx",
                     isatty(1) ? "the terminal" : "standard output");
}

int cli_tab_col(cr_table *t, const char *name, const char *en, const char *zh, cr_col_type type, int width, int decimals)
{
    cr_table_col c = {name, en, zh, type, width, decimals};
    return cr_table_add_col(t, &c);
}

void cli_tab_cols(cr_table *t, const cr_table_col *cols, size_t n)
{
    for (size_t k = 0; k < n; k++) cr_table_add_col(t, &cols[k]);   /* a failure is remembered: cr_table_check */
}

cr_error_t cli_tab_new(cr_ctx *ctx, const char *en, const char *zh, const cr_table_col *cols, size_t n, cr_table **out)
{
    cr_error_t rc = cr_table_alloc(ctx, en, zh, out);
    if (rc == CR_OK) cli_tab_cols(*out, cols, n);
    return rc;
}

cr_error_t cli_tab_done(cr_ctx *ctx, cr_table *t, cr_table **out)
{
    cr_error_t rc = cr_table_check(ctx, t);
    if (rc != CR_OK) {
        cr_table_free(t);
        return rc;
    }
    *out = t;
    return CR_OK;
}

/* CR_EXCL_* bits 0..6, then the hard resources: machine names joined by ';'. */
static void reasons_names(char *buf, size_t n, uint32_t f)
{
    static const char *const names[] = {"banned", "co2_quota", "energy_quota", "pollutant_quota",
                                        "co2_cap", "energy_cap", "pollutant_cap"};
    size_t k = 0;
    buf[0] = 0;
    for (int b = 0; b < (int)(sizeof names / sizeof *names); b++)
        if (f & (1u << b)) k += (size_t)snprintf(buf + k, k < n ? n - k : 0, "%s%s", k ? ";" : "", names[b]);
    for (int r = 0; r < CR_RANK_NRES; r++)
        if (f & (1u << (CR_EXCL_RES_SHIFT + r)))
            k += (size_t)snprintf(buf + k, k < n ? n - k : 0, "%s%s", k ? ";" : "", cr_rank_resource_name(r));
}

/* The candidate columns of three outputs: the workbook's targets sheet (IN_T), the tidy CSV (IN_C: with
 * status, reasons and maybe the excluded rows) and the workbook's excluded sheet (IN_X: no score, no
 * criteria). One loop adds a mask's rows; a row added records its index in col[], so the ranked and the
 * excluded rows fill the same slots whichever output they go to. */
enum { IN_T = 1, IN_C = 2, IN_X = 4 };
enum { K_PARK, K_CHAIN, K_SCHEME, K_STATUS, K_RANK, K_ID, K_NAME, K_SCORE, K_CRIT, K_COMP, K_REASONS, K_REASONS_X, K_EXPL, K_N };
static const struct {
    cr_table_col c;
    unsigned in;
} cand_cols[K_N] = {
    [K_PARK] = {CLI_COL_PARK, IN_T | IN_C | IN_X},
    [K_CHAIN] = {CLI_COL_CHAIN, IN_T | IN_C | IN_X},
    [K_SCHEME] = {{"scheme", "scheme", "方案", CR_COL_TEXT, 12, 0}, IN_T | IN_C | IN_X},
    [K_STATUS] = {{"status", "status", "状态", CR_COL_TEXT, 9, 0}, IN_C},
    [K_RANK] = {{"rank", "rank", "排名", CR_COL_INT, 6, 0}, IN_T | IN_C},
    [K_ID] = {{"id", "id", "企业代码", CR_COL_TEXT, 12, 0}, IN_T | IN_C | IN_X},
    [K_NAME] = {{"name", "name", "企业名称", CR_COL_TEXT, 24, 0}, IN_T | IN_C | IN_X},
    [K_SCORE] = {{"score", "score", "得分", CR_COL_REAL, 9, 4}, IN_T | IN_C},   /* heading and format per result */
    [K_CRIT] = {{NULL, NULL, NULL, CR_COL_REAL, 10, 0}, IN_T | IN_C},          /* one column per criterion */
    [K_COMP] = {{"compromise", "VIKOR compromise", "VIKOR 折衷解", CR_COL_BOOL, 9, 0}, IN_T | IN_C},
    [K_REASONS] = {{"reasons", "excluded by", "排除原因", CR_COL_TEXT, 16, 0}, IN_C},
    [K_REASONS_X] = {{"reasons", "excluded by", "排除原因", CR_COL_TEXT, 18, 0}, IN_X},
    [K_EXPL] = {{"explanation", "explanation", "说明", CR_COL_TEXT, 80, 0}, IN_T | IN_C | IN_X}};

/* Adds the columns of output `in` (one of IN_*) to t; col[k] = the index of row k, -1 if not in it
 * (K_CRIT: the first criterion's, the others follow). */
static void cand_cols_add(cr_table *t, const cr_rank_result *res, unsigned in, int col[K_N])
{
    for (int k = 0; k < K_N; k++) {
        col[k] = -1;
        if (!(cand_cols[k].in & in)) continue;
        cr_table_col c = cand_cols[k].c;
        if (k == K_SCORE) {
            if (!res->higher_is_better) c.en = "Q (lower is better)", c.zh = "Q 值(越小越好)";
            if (res->expected_value) c.decimals = -1;
        } else if (k == K_CRIT) {
            for (int j = 0; j < CR_NCRIT; j++) {
                const cr_criterion_info *ci = cr_criterion_get((cr_criterion)j);
                c.name = ci->id, c.en = ci->title, c.zh = ci->title_zh, c.decimals = ci->conv == 'f' ? ci->prec : -1;
                int i = cr_table_add_col(t, &c);
                if (!j) col[k] = i;
            }
            continue;
        }
        col[k] = cr_table_add_col(t, &c);
    }
    if (col[K_REASONS] < 0) col[K_REASONS] = col[K_REASONS_X];
}

/* Appends res's excluded rows: the reasons (machine names and the text with figures) and no score. */
static cr_error_t add_excluded(cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cr_table *t,
                               const int col[K_N])
{
    const cr_dataset *ds = env->ds;
    char text[1024], rs[256];
    cr_explanation x;
    cr_error_t rc;
    for (int64_t i = 0; i < res->nexcl_rows; i++) {
        int64_t e = res->excl_ent[i];
        if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, env->scheme, e, &x)) != CR_OK) return rc;
        cr_rank_reasons_text(env->ranker, res->park, &x, e, text, sizeof text);
        cli_utf8_whole(text);
        reasons_names(rs, sizeof rs, res->excl_reason[i]);
        cr_table_row(t);
        cr_table_text(t, col[K_PARK], cr_dataset_park_id(ds, res->park));
        cr_table_text(t, col[K_CHAIN], cr_dataset_chain_id(ds, res->chain));
        cr_table_text(t, col[K_SCHEME], cr_scheme_name(env->scheme));
        if (col[K_STATUS] >= 0) cr_table_text(t, col[K_STATUS], "excluded");
        cr_table_text(t, col[K_ID], cr_dataset_enterprise_id(ds, e));
        cr_table_text(t, col[K_NAME], cr_dataset_enterprise_name(ds, e));
        cr_table_text(t, col[K_REASONS], rs);
        cr_table_text(t, col[K_EXPL], text);
    }
    return CR_OK;
}

cr_error_t cli_tab_candidates(cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, int tidy, int excluded,
                              cr_table **out)
{
    const cr_dataset *ds = env->ds;
    const cr_scheme *s = env->scheme;
    cr_table *t;
    int col[K_N];
    cr_error_t rc = cr_table_alloc(ctx, "targets", "目标企业", &t);
    if (rc != CR_OK) return rc;
    cand_cols_add(t, res, tidy ? IN_C : IN_T, col);
    const char *park = cr_dataset_park_id(ds, res->park), *chain = cr_dataset_chain_id(ds, res->chain);
    char text[1024];
    cr_explanation x;
    for (int64_t i = 0; i < res->nrows; i++) {
        int64_t e = res->ent[i];
        if ((rc = cr_rank_explain(ctx, env->ranker, res->park, res->chain, s, e, &x)) != CR_OK) goto fail;
        cr_rank_explain_text(env->ranker, &x, text, sizeof text);
        cli_utf8_whole(text);
        cr_table_row(t);
        cr_table_text(t, col[K_PARK], park);
        cr_table_text(t, col[K_CHAIN], chain);
        cr_table_text(t, col[K_SCHEME], cr_scheme_name(s));
        if (tidy) cr_table_text(t, col[K_STATUS], "ranked");
        cr_table_int(t, col[K_RANK], i + 1);
        cr_table_text(t, col[K_ID], cr_dataset_enterprise_id(ds, e));
        cr_table_text(t, col[K_NAME], cr_dataset_enterprise_name(ds, e));
        cr_table_real(t, col[K_SCORE], res->score[i]);
        for (int c = 0; c < CR_NCRIT; c++) cr_table_real(t, col[K_CRIT] + c, res->value[i * CR_NCRIT + c]);
        if (res->vikor_compromise) cr_table_bool(t, col[K_COMP], res->vikor_compromise[i]);
        cr_table_text(t, col[K_EXPL], text);
    }
    if (excluded && tidy && (rc = add_excluded(ctx, env, res, t, col)) != CR_OK) goto fail;
    return cli_tab_done(ctx, t, out);
fail:
    cr_table_free(t);
    return rc;
}

/* The excluded sheet: only what an excluded candidate has (no score, no criteria). */
static cr_error_t tab_excluded(cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cr_table **out)
{
    cr_table *t;
    int col[K_N];
    cr_error_t rc = cr_table_alloc(ctx, "excluded", "排除企业", &t);
    if (rc != CR_OK) return rc;
    cand_cols_add(t, res, IN_X, col);
    if ((rc = add_excluded(ctx, env, res, t, col)) != CR_OK) {
        cr_table_free(t);
        return rc;
    }
    return cli_tab_done(ctx, t, out);
}

/* The weights sheet: one row per criterion of the scheme. */
enum { W_SCHEME, W_ID, W_TITLE, W_TITLE_ZH, W_WEIGHT, W_UNIT, W_DEF };
static const cr_table_col weight_cols[] = {
    [W_SCHEME] = {"scheme", "scheme", "方案", CR_COL_TEXT, 12, 0},
    [W_ID] = {"criterion", "criterion", "指标代码", CR_COL_TEXT, 11, 0},
    [W_TITLE] = {"title", "criterion name", "指标名称", CR_COL_TEXT, 22, 0},
    [W_TITLE_ZH] = {"title_zh", "name in Chinese", "中文名称", CR_COL_TEXT, 14, 0},
    [W_WEIGHT] = {"weight", "weight", "权重", CR_COL_PERCENT, 8, 1},
    [W_UNIT] = {"unit", "unit or range", "单位或范围", CR_COL_TEXT, 30, 0},
    [W_DEF] = {"definition", "definition", "定义", CR_COL_TEXT, 70, 0}};

static cr_error_t tab_weights(cr_ctx *ctx, const cli_rank_env *env, const cr_rank_result *res, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "weights", "权重", weight_cols, CLI_NCOLS(weight_cols), &t);
    if (rc != CR_OK) return rc;
    for (int j = 0; j < res->ncrit; j++) {
        const cr_criterion_info *ci = cr_criterion_get(res->crit[j]);
        cr_table_row(t);
        cr_table_text(t, W_SCHEME, cr_scheme_name(env->scheme));
        cr_table_text(t, W_ID, ci->id);
        cr_table_text(t, W_TITLE, ci->title);
        cr_table_text(t, W_TITLE_ZH, ci->title_zh);
        cr_table_real(t, W_WEIGHT, res->weights[j]);
        cr_table_text(t, W_UNIT, ci->unit);
        cr_table_text(t, W_DEF, ci->summary);
    }
    return cli_tab_done(ctx, t, out);
}

/* A gaps table: one row per segment of a chain in a park (cli_tab_gaps_fill fills them in this order). */
static const cr_table_col gap_cols[] = {
    CLI_COL_PARK,
    CLI_COL_CHAIN,
    CLI_COL_SEGMENT,
    {"name", "segment name", "环节名称", CR_COL_TEXT, 24, 0},
    {"stage", "stage", "链位", CR_COL_TEXT, 11, 0},
    {"key", "key link", "关键环节", CR_COL_BOOL, 8, 0},
    {"importance", "importance", "重要性", CR_COL_REAL, 10, 3},
    {"supply", "local supply (10^4 CNY/yr)", "本地供给(万元/年)", CR_COL_REAL, 14, 1},
    {"demand", "local demand (10^4 CNY/yr)", "本地需求(万元/年)", CR_COL_REAL, 14, 1},
    {"coverage", "coverage", "覆盖率", CR_COL_PERCENT, 9, 0},
    {"tenants", "tenants", "在园企业数", CR_COL_INT, 8, 0},
    {"status", "status", "状态", CR_COL_TEXT, 10, 0},
    {"status_zh", "status (Chinese)", "状态(中文)", CR_COL_TEXT, 10, 0},
    {"gap", "gap (10^4 CNY/yr)", "缺口(万元/年)", CR_COL_REAL, 12, 1},
    {"priority", "priority", "优先度", CR_COL_REAL, 9, 3},
    {"gap_rank", "gap list rank", "缺口序号", CR_COL_INT, 8, 0}};

cr_error_t cli_tab_gaps_new(cr_ctx *ctx, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "gaps", "链条缺口", gap_cols, CLI_NCOLS(gap_cols), &t);
    return rc == CR_OK ? cli_tab_done(ctx, t, out) : rc;
}

void cli_tab_gaps_fill(cr_table *t, const cr_dataset *ds, const cr_gaps *g)
{
    for (int32_t i = 0; i < g->n; i++) {
        int c = 0;
        cr_table_row(t);
        cr_table_text(t, c++, cr_dataset_park_id(ds, g->park));
        cr_table_text(t, c++, cr_dataset_chain_id(ds, g->chain));
        cr_table_text(t, c++, cr_dataset_segment_id(ds, g->segment[i]));
        cr_table_text(t, c++, cr_dataset_segment_name(ds, g->segment[i]));
        cr_table_text(t, c++, cr_stage_name((cr_stage)g->stage[i]));
        cr_table_bool(t, c++, g->key[i]);
        cr_table_real(t, c++, g->importance[i]);
        cr_table_real(t, c++, g->supply[i]);
        cr_table_real(t, c++, g->demand[i]);
        cr_table_real(t, c++, g->coverage[i]);
        cr_table_int(t, c++, g->tenants[i]);
        cr_table_text(t, c++, cr_gap_status_name((cr_gap_status)g->status[i]));
        cr_table_text(t, c++, cr_gap_status_label((cr_gap_status)g->status[i]));
        cr_table_real(t, c++, g->gap[i]);
        cr_table_real(t, c++, g->priority[i]);
        /* place in the gap list (the table output's numbering); a chain has tens of segments: O(n x ngap) is nothing */
        for (int32_t j = 0; j < g->ngap; j++)
            if (g->order[j] == i) cr_table_int(t, c, j + 1);
    }
}

const char *cli_pev_stage_zh(cr_pev_stage s)
{
    static const char *const zh[CR_PEV_N] = {"签约", "资金到位", "开工", "竣工", "投产", "退出"};
    return (unsigned)s < CR_PEV_N ? zh[s] : "?";
}

cr_error_t cli_tab_provenance(cr_ctx *ctx, const cr_dataset *ds, const char *const *kv, size_t nkv, cr_table **out)
{
    cr_table *t;
    static const cr_table_col cols[] = {{"key", "item", "项目", CR_COL_TEXT, 18, 0},
                                        {"value", "value", "内容", CR_COL_TEXT, 90, 0}};
    enum { c_key, c_val };
    cr_error_t rc = cli_tab_new(ctx, "provenance", "数据来源", cols, CLI_NCOLS(cols), &t);
    if (rc != CR_OK) return rc;
    cr_dataset_info di;
    cr_dataset_get_info(ds, &di);
    const char *base[][2] = {{"dataset", di.name},
                             {"dataset_description", di.description},
                             {"observed_fields", *di.observed_fields ? di.observed_fields : "(not declared)"},
                             {"inferred_fields", *di.inferred_fields ? di.inferred_fields : "(none declared)"},
                             {"synthetic_fields", *di.synthetic_fields ? di.synthetic_fields : "(none declared)"},
                             {"synthetic_files", *di.synthetic ? di.synthetic : "(none declared)"}};
    for (size_t i = 0; i < sizeof base / sizeof *base; i++) {
        cr_table_row(t);
        cr_table_text(t, c_key, base[i][0]);
        cr_table_text(t, c_val, base[i][1] ? base[i][1] : "");
    }
    for (size_t i = 0; i < nkv; i++) {   /* the command's pairs: kv[2i] key, kv[2i + 1] value */
        cr_table_row(t);
        cr_table_text(t, c_key, kv[2 * i]);
        cr_table_text(t, c_val, kv[2 * i + 1]);
    }
    cr_table_row(t);
    cr_table_text(t, c_key, "chainrank_version");
    cr_table_text(t, c_val, cr_version());
    return cli_tab_done(ctx, t, out);
}

int cli_rank_workbook(cr_ctx *ctx, const char *cmd, const cli_rank_env *env, const cr_rank_result *res,
                      const char *path, cr_lang lang)
{
    cr_table *tab[5] = {0};
    cr_gaps *g = NULL;
    const cr_scheme *s = env->scheme;
    char nums[96];
    snprintf(nums, sizeof nums, "%lld candidates, %lld excluded by hard limits, %lld ranked", (long long)res->ncand,
             (long long)res->nexcluded, (long long)res->nranked);
    /* no "command" row: batch's workbook of a job is byte-identical to rank's (docs/model.md "Batch runs") */
    const char *kv[] = {"park", cr_dataset_park_id(env->ds, res->park),
                        "park_name", cr_dataset_park_name(env->ds, res->park),
                        "chain", cr_dataset_chain_id(env->ds, res->chain),
                        "chain_name", cr_dataset_chain_name(env->ds, res->chain),
                        "scheme", cr_scheme_name(s),
                        "aggregation", cr_mcda_method_get(cr_scheme_aggregation(s))->name,
                        "weighting", res->weights_fallback ? "equal (fallback)" : cr_scheme_weighting(s),
                        "score", res->expected_value ? "expected value: aggregated value x landing likelihood"
                                 : res->higher_is_better ? "higher is better" : "VIKOR Q: lower is better",
                        "candidates", nums,
                        "cutoff", "none: the dataset's tenancy as loaded"};
    cr_error_t rc;
    if ((rc = cli_tab_candidates(ctx, env, res, 0, 0, &tab[0])) != CR_OK) goto done;
    if ((rc = tab_excluded(ctx, env, res, &tab[1])) != CR_OK) goto done;
    if ((rc = cr_gaps_compute(ctx, env->model, res->park, res->chain, NULL, &g)) != CR_OK) goto done;
    if ((rc = cli_tab_gaps_new(ctx, &tab[2])) != CR_OK) goto done;
    cli_tab_gaps_fill(tab[2], env->ds, g);
    if ((rc = tab_weights(ctx, env, res, &tab[3])) != CR_OK) goto done;
    if ((rc = cli_tab_provenance(ctx, env->ds, kv, sizeof kv / sizeof *kv / 2, &tab[4])) != CR_OK) goto done;
    rc = cr_workbook_write(ctx, path, (const cr_table *const *)tab, 5, lang);
done:
    cr_gaps_free(g);
    for (int i = 0; i < 5; i++) cr_table_free(tab[i]);
    return rc == CR_OK ? CLI_EXIT_OK : cli_fail(ctx, cmd, rc);
}
