/* chainrank library DATASET --chain K --scheme S.json [--parks P1,P2,...] [--top N] [--tier-a N] [--tier-b N]
 *                    [--head-top N] [--format table|json|csv|xlsx] [--lang en|zh] [--out FILE]
 * The chain's target library across parks, by tier and category, each target
 * with its best parks; JSON and the workbook add the customer-library
 * template and the project library (docs/projects.md "library",
 * docs/outputs.md). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CMD "library"

static void best_text(const cr_dataset *ds, const cr_library_target *t, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int32_t j = 0; j < t->nbest && k < n; j++) {
        int w = snprintf(buf + k, n - k, "%s%s#%d", j ? " " : "", cr_dataset_park_id(ds, t->park[j]), t->pos[j]);
        if (w < 0) break;
        k += (size_t)w;
    }
}

static void print_table(FILE *fp, const cr_dataset *ds, const cr_library *L, const char *scheme)
{
    const cr_library_params *p = &L->params;
    fprintf(fp, "target library: chain %s %s, scheme %s, %d park(s), top %d each\n", cr_dataset_chain_id(ds, L->chain),
            cr_dataset_chain_name(ds, L->chain), scheme, L->nparks, p->top);
    fprintf(fp, "tiers: A = best position <= %d, 链主 (top %d by revenue in the chain) or top500, filling a key link or a "
                "补链/强链 gap; B = best position <= %d; C = the rest.  A %lld, B %lld, C %lld\n",
            p->tier_a, p->head_top, p->tier_b, (long long)L->ntier[0], (long long)L->ntier[1], (long long)L->ntier[2]);
    fprintf(fp, "%-4s %-12s %-26s %-10s %-6s %-5s %-10s %s\n", "tier", "enterprise", "name", "segment", "cat", "flags",
            "score", "best parks (park#position)");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        char flags[8], best[160];
        snprintf(flags, sizeof flags, "%s%s%s", t->head ? "H" : "", t->top500 ? "T" : "", t->key ? "K" : "");
        best_text(ds, t, best, sizeof best);
        fprintf(fp, "%-4c %-12s ", t->tier, cr_dataset_enterprise_id(ds, t->ent));
        cli_print_cell(fp, cr_dataset_enterprise_name(ds, t->ent), 26);
        fprintf(fp, " %-10s ", t->segment >= 0 ? cr_dataset_segment_id(ds, t->segment) : "-");
        cli_print_cell(fp, cr_library_category(t->status), 6);
        fprintf(fp, " %-5s %-10.4f %s\n", flags, t->score[0], best);
    }
    fprintf(fp, "flags: H 链主 head firm, T top500 tag, K key link\n");
}

static const cr_table_col target_cols[] = {
    {"tier", "tier", "层级", CR_COL_TEXT, 5, 0},
    CLI_COL_ENTERPRISE,
    {"name", "name", "企业名称", CR_COL_TEXT, 26, 0},
    CLI_COL_SEGMENT,
    {"category", "category", "类别", CR_COL_TEXT, 8, 0},
    {"gap_status", "gap status in its best park", "最佳园区缺口状态", CR_COL_TEXT, 10, 0},
    {"head", "head firm (链主)", "链主企业", CR_COL_BOOL, 8, 0},
    {"top500", "top500 tag", "500强", CR_COL_BOOL, 8, 0},
    {"key_link", "key link", "关键环节", CR_COL_BOOL, 8, 0},
    {"best_score", "best score", "最佳得分", CR_COL_REAL, 10, 4}};

/* The targets: the CSV's columns, one row per target (the CSV is written from this table, so the CSV and the
 * workbook's targets sheet cannot disagree). */
static cr_error_t tab_targets(cr_ctx *ctx, const cr_dataset *ds, const cr_library *L, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "targets", "目标企业库", target_cols, CLI_NCOLS(target_cols), &t);
    if (rc != CR_OK) return rc;
    for (int j = 0; j < CR_LIBRARY_BEST; j++) {
        char n[3][16], en[3][32], zh[3][32];
        snprintf(n[0], sizeof n[0], "park%d", j + 1);
        snprintf(n[1], sizeof n[1], "position%d", j + 1);
        snprintf(n[2], sizeof n[2], "score%d", j + 1);
        snprintf(en[0], sizeof en[0], "best park %d", j + 1);
        snprintf(en[1], sizeof en[1], "position %d", j + 1);
        snprintf(en[2], sizeof en[2], "score %d", j + 1);
        snprintf(zh[0], sizeof zh[0], "适配园区%d", j + 1);
        snprintf(zh[1], sizeof zh[1], "园区排名%d", j + 1);
        snprintf(zh[2], sizeof zh[2], "园区得分%d", j + 1);
        cli_tab_col(t, n[0], en[0], zh[0], CR_COL_TEXT, 10, 0);
        cli_tab_col(t, n[1], en[1], zh[1], CR_COL_INT, 8, 0);
        cli_tab_col(t, n[2], en[2], zh[2], CR_COL_REAL, 9, 4);
    }
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *x = &L->t[i];
        char tier[2] = {x->tier, 0};
        int c = 0;
        cr_table_row(t);
        cr_table_text(t, c++, tier);
        cr_table_text(t, c++, cr_dataset_enterprise_id(ds, x->ent));
        cr_table_text(t, c++, cr_dataset_enterprise_name(ds, x->ent));
        cr_table_text(t, c++, x->segment >= 0 ? cr_dataset_segment_id(ds, x->segment) : NULL);
        cr_table_text(t, c++, cr_library_category(x->status));
        cr_table_text(t, c++, cr_gap_status_name(x->status));
        cr_table_bool(t, c++, x->head);
        cr_table_bool(t, c++, x->top500);
        cr_table_bool(t, c++, x->key);
        cr_table_real(t, c++, x->score[0]);
        for (int j = 0; j < CR_LIBRARY_BEST; j++, c += 3) {
            if (j >= x->nbest) continue;   /* fewer best parks: empty cells */
            cr_table_text(t, c, cr_dataset_park_id(ds, x->park[j]));
            cr_table_int(t, c + 1, x->pos[j]);
            cr_table_real(t, c + 2, x->score[j]);
        }
    }
    return cli_tab_done(ctx, t, out);
}

/* The customer library (客户库) template: one row per target, the contact columns empty, to fill in (the
 * JSON's "customers"). */
static const cr_table_col customer_cols[] = {
    CLI_COL_ENTERPRISE,
    {"name", "name", "企业名称", CR_COL_TEXT, 26, 0},
    {"tier", "tier", "层级", CR_COL_TEXT, 5, 0},
    {"contact_person", "contact person", "联系人", CR_COL_TEXT, 12, 0},
    {"title", "title", "职务", CR_COL_TEXT, 12, 0},
    {"phone", "phone", "电话", CR_COL_TEXT, 14, 0},
    {"email", "email", "邮箱", CR_COL_TEXT, 20, 0},
    {"last_contact", "last contact", "最近联系", CR_COL_TEXT, 12, 0},
    {"next_step", "next step", "下一步", CR_COL_TEXT, 24, 0},
    {"owner", "owner", "负责人", CR_COL_TEXT, 10, 0},
    {"notes", "notes", "备注", CR_COL_TEXT, 30, 0}};

static cr_error_t tab_customers(cr_ctx *ctx, const cr_dataset *ds, const cr_library *L, cr_table **out)
{
    cr_table *t;
    cr_error_t rc = cli_tab_new(ctx, "customers", "客户库", customer_cols, CLI_NCOLS(customer_cols), &t);
    if (rc != CR_OK) return rc;
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *x = &L->t[i];
        char tier[2] = {x->tier, 0};
        cr_table_row(t);
        cr_table_text(t, 0, cr_dataset_enterprise_id(ds, x->ent));
        cr_table_text(t, 1, cr_dataset_enterprise_name(ds, x->ent));
        cr_table_text(t, 2, tier);
    }
    return cli_tab_done(ctx, t, out);
}

/* 1 if project pr belongs to the library: one of its parks and a segment of its chain. */
static int in_library(const cr_library *L, const cr_project *pr)
{
    int inp = 0;
    for (int32_t k = 0; k < L->nparks; k++) inp |= L->parks[k] == pr->park;
    return inp && L->segment_in_chain[pr->segment];
}

/* The project library's columns, then <stage>_date for each stage (built in tab_projects). */
static const cr_table_col project_cols[] = {
    {"id", "project", "项目编号", CR_COL_TEXT, 12, 0},
    CLI_COL_ENTERPRISE,
    {"name", "enterprise name", "企业名称", CR_COL_TEXT, 26, 0},
    CLI_COL_PARK,
    CLI_COL_SEGMENT,
    {"invest", "investment (10^4 CNY)", "计划投资(万元)", CR_COL_REAL, 14, 1},
    {"funds", "funds in place (10^4 CNY)", "到位资金(万元)", CR_COL_REAL, 14, 1}};
/* The project events sheet. */
static const cr_table_col event_cols[] = {
    CLI_COL_PROJECT,
    {"date", "date", "日期", CR_COL_TEXT, 11, 0},
    {"stage", "stage", "阶段", CR_COL_TEXT, 11, 0},
    {"stage_zh", "stage (Chinese)", "阶段(中文)", CR_COL_TEXT, 10, 0},
    {"amount", "amount (10^4 CNY)", "金额(万元)", CR_COL_REAL, 12, 1},
    {"basis", "basis", "数据性质", CR_COL_TEXT, 10, 0},
    {"source", "source", "来源", CR_COL_TEXT, 30, 0}};

/* The project library (项目库): one row per project of the library's parks and chain with its first date of
 * each stage and its funds in place, and one row per event in a second sheet (the JSON's "projects"). */
static cr_error_t tab_projects(cr_ctx *ctx, const cr_dataset *ds, const cr_library *L, cr_table **out, cr_table **out_ev)
{
    cr_table *t = NULL, *e = NULL;
    cr_error_t rc = cli_tab_new(ctx, "projects", "项目库", project_cols, CLI_NCOLS(project_cols), &t);
    if (rc == CR_OK) rc = cli_tab_new(ctx, "project events", "项目进展", event_cols, CLI_NCOLS(event_cols), &e);
    if (rc != CR_OK) { cr_table_free(t); return rc; }
    for (int s = 0; s < CR_PEV_N; s++) {
        char n[24], en[40];
        snprintf(n, sizeof n, "%s_date", cr_pev_stage_name((cr_pev_stage)s));
        snprintf(en, sizeof en, "%s (first)", cr_pev_stage_name((cr_pev_stage)s));
        cli_tab_col(t, n, en, cli_pev_stage_zh((cr_pev_stage)s), CR_COL_TEXT, 11, 0);
    }
    const cr_projects *pj = cr_dataset_projects(ds);
    for (int64_t i = 0; i < cr_projects_count(pj); i++) {
        cr_project pr;
        cr_projects_get(pj, i, &pr);
        if (!in_library(L, &pr)) continue;
        char date[CR_PEV_N][16] = {{0}};
        double funds = 0;
        for (int64_t j = 0; j < pr.nev; j++) {
            cr_project_event ev;
            cr_projects_event(pj, pr.ev_first + j, &ev);
            if (!date[ev.stage][0]) cr_date_text(ev.date, date[ev.stage], sizeof date[ev.stage]);   /* events by date */
            if (ev.stage == CR_PEV_FUNDS) funds += ev.amount;
            char d[16];
            cr_table_row(e);
            cr_table_text(e, 0, pr.id);
            cr_table_text(e, 1, cr_date_text(ev.date, d, sizeof d));
            cr_table_text(e, 2, cr_pev_stage_name(ev.stage));
            cr_table_text(e, 3, cli_pev_stage_zh(ev.stage));
            cr_table_real(e, 4, ev.amount);
            cr_table_text(e, 5, cr_basis_name(ev.basis));
            cr_table_text(e, 6, ev.source);
        }
        cr_table_row(t);
        cr_table_text(t, 0, pr.id);
        cr_table_text(t, 1, cr_dataset_enterprise_id(ds, pr.enterprise));
        cr_table_text(t, 2, cr_dataset_enterprise_name(ds, pr.enterprise));
        cr_table_text(t, 3, cr_dataset_park_id(ds, pr.park));
        cr_table_text(t, 4, cr_dataset_segment_id(ds, pr.segment));
        cr_table_real(t, 5, pr.invest);
        cr_table_real(t, 6, funds);
        for (int s = 0; s < CR_PEV_N; s++) cr_table_text(t, 7 + s, date[s][0] ? date[s] : NULL);
    }
    if ((rc = cr_table_check(ctx, t)) != CR_OK || (rc = cr_table_check(ctx, e)) != CR_OK) {
        cr_table_free(t);
        cr_table_free(e);
        return rc;
    }
    *out = t;
    *out_ev = e;
    return CR_OK;
}

static cr_error_t write_workbook(cr_ctx *ctx, const cr_dataset *ds, const cr_library *L, const char *scheme,
                                 const char *path, cr_lang lang)
{
    const cr_library_params *p = &L->params;
    cr_table *tab[5] = {0};
    char rule[320], counts[96];
    size_t len = 1, k = 0;
    for (int32_t j = 0; j < L->nparks; j++) len += strlen(cr_dataset_park_id(ds, L->parks[j])) + 1;
    char *parks = malloc(len);   /* every park, comma-separated (a cell holds 32,767 characters: ~3,000 ids) */
    if (!parks) return CR_ENOMEM;
    parks[0] = 0;
    for (int32_t j = 0; j < L->nparks; j++)
        k += (size_t)snprintf(parks + k, len - k, "%s%s", j ? "," : "", cr_dataset_park_id(ds, L->parks[j]));
    if (k > 32000)   /* Excel's cell limit is 32,767 characters */
        snprintf(parks, len, "%d parks (too many for a cell: --format json lists them)", (int)L->nparks);
    snprintf(rule, sizeof rule, "A: best position <= %d and (链主: top %d by revenue in the chain, or top500) and (key link "
             "or 补链/强链 gap); B: best position <= %d; C: the rest (docs/projects.md)", p->tier_a, p->head_top, p->tier_b);
    snprintf(counts, sizeof counts, "%lld targets: A %lld, B %lld, C %lld (top %d per park)", (long long)L->n,
             (long long)L->ntier[0], (long long)L->ntier[1], (long long)L->ntier[2], p->top);
    const char *kv[] = {"command", "library",
                        "chain", cr_dataset_chain_id(ds, L->chain),
                        "chain_name", cr_dataset_chain_name(ds, L->chain),
                        "scheme", scheme,
                        "parks", parks,
                        "tiers", rule,
                        "targets", counts,
                        "category", "in the best park: missing = 补链; weak, strong = 强链; extension, absent = 延链",
                        "customers", "a template: the contact columns are empty, to fill in",
                        "cutoff", "none: the dataset's tenancy as loaded"};
    cr_error_t rc = tab_targets(ctx, ds, L, &tab[0]);
    if (rc == CR_OK) rc = tab_customers(ctx, ds, L, &tab[1]);
    if (rc == CR_OK) rc = tab_projects(ctx, ds, L, &tab[2], &tab[3]);
    if (rc == CR_OK) rc = cli_tab_provenance(ctx, ds, kv, sizeof kv / sizeof *kv / 2, &tab[4]);
    if (rc == CR_OK) rc = cr_workbook_write(ctx, path, (const cr_table *const *)tab, 5, lang);
    for (int i = 0; i < 5; i++) cr_table_free(tab[i]);
    free(parks);
    return rc;
}

static void jstr(FILE *fp, const char *key, const char *v, int comma)
{
    fprintf(fp, "%s\"%s\": ", comma ? ", " : "", key);
    cli_json_string(fp, v);
}

static void print_json(FILE *fp, const cr_dataset *ds, const cr_library *L, const char *scheme)
{
    const cr_library_params *p = &L->params;
    fprintf(fp, "{");
    jstr(fp, "chain", cr_dataset_chain_id(ds, L->chain), 0);
    jstr(fp, "scheme", scheme, 1);
    fprintf(fp, ", \"parks\": [");
    for (int32_t k = 0; k < L->nparks; k++) {
        if (k) fprintf(fp, ", ");
        cli_json_string(fp, cr_dataset_park_id(ds, L->parks[k]));
    }
    fprintf(fp, "],\n \"rule\": {\"top\": %d, \"tier_a\": %d, \"tier_b\": %d, \"head_top\": %d, \"text\": \"A: best position <= "
                "tier_a and (链主 or top500) and (key link or 补链/强链 gap); B: best position <= tier_b; C: the rest\"},\n",
            p->top, p->tier_a, p->tier_b, p->head_top);
    fprintf(fp, " \"targets\": [");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        fprintf(fp, "%s\n  {\"tier\": \"%c\"", i ? "," : "", t->tier);
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, t->ent), 1);
        jstr(fp, "name", cr_dataset_enterprise_name(ds, t->ent), 1);
        jstr(fp, "segment", t->segment >= 0 ? cr_dataset_segment_id(ds, t->segment) : "", 1);
        jstr(fp, "category", cr_library_category(t->status), 1);
        jstr(fp, "gap_status", cr_gap_status_name(t->status), 1);
        fprintf(fp, ", \"head\": %s, \"top500\": %s, \"key_link\": %s, \"best_parks\": [", t->head ? "true" : "false",
                t->top500 ? "true" : "false", t->key ? "true" : "false");
        for (int32_t j = 0; j < t->nbest; j++) {
            fprintf(fp, "%s{\"park\": ", j ? ", " : "");
            cli_json_string(fp, cr_dataset_park_id(ds, t->park[j]));
            fprintf(fp, ", \"position\": %d, \"score\": ", t->pos[j]);
            cli_json_number(fp, t->score[j]);
            fputc('}', fp);
        }
        fprintf(fp, "]}");
    }
    /* the customer library: one record per target, the contact fields to fill in */
    fprintf(fp, "],\n \"customers\": [");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        fprintf(fp, "%s\n  {", i ? "," : "");
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, t->ent), 0);
        jstr(fp, "name", cr_dataset_enterprise_name(ds, t->ent), 1);
        fprintf(fp, ", \"tier\": \"%c\", \"contact_person\": \"\", \"title\": \"\", \"phone\": \"\", \"email\": \"\", "
                    "\"last_contact\": \"\", \"next_step\": \"\", \"owner\": \"\", \"notes\": \"\"}",
                t->tier);
    }
    /* the project library: the dataset's projects in these parks and this chain */
    fprintf(fp, "],\n \"projects\": [");
    const cr_projects *pj = cr_dataset_projects(ds);
    int any = 0;
    for (int64_t i = 0; i < cr_projects_count(pj); i++) {
        cr_project pr;
        cr_projects_get(pj, i, &pr);
        if (!in_library(L, &pr)) continue;
        fprintf(fp, "%s\n  {", any++ ? "," : "");
        jstr(fp, "id", pr.id, 0);
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, pr.enterprise), 1);
        jstr(fp, "park", cr_dataset_park_id(ds, pr.park), 1);
        jstr(fp, "segment", cr_dataset_segment_id(ds, pr.segment), 1);
        fprintf(fp, ", \"invest\": ");
        cli_json_number(fp, pr.invest);
        fprintf(fp, ", \"events\": [");
        for (int64_t j = 0; j < pr.nev; j++) {
            cr_project_event ev;
            cr_projects_event(pj, pr.ev_first + j, &ev);
            char d[16];
            fprintf(fp, "%s{\"date\": \"%s\", \"stage\": \"%s\"", j ? ", " : "", cr_date_text(ev.date, d, sizeof d),
                    cr_pev_stage_name(ev.stage));
            if (!isnan(ev.amount)) {
                fprintf(fp, ", \"amount\": ");
                cli_json_number(fp, ev.amount);
            }
            fputc('}', fp);
        }
        fprintf(fp, "]}");
    }
    fprintf(fp, "]}\n");
}

typedef struct {
    const char *dir, *chain, *scheme, *parks, *outpath, *lang_s;
    cr_library_params prm;
    cli_rank_format fmt;
} library_opts;
static const cli_opt library_opt[] = {
    CLI_STR("--chain", library_opts, chain, "K", "the chain (required)"),
    CLI_STR("--scheme", library_opts, scheme, "S.json", "the scheme of the parks' lists (required)"),
    CLI_STR("--parks", library_opts, parks, "P1,P2", "the parks (default: every park leading the chain)"),
    CLI_INT("--top", library_opts, prm.top, 1, 1000000, "--top wants a whole number, got '%s'", "N",
            "list length per park (default 30)"),
    CLI_INT("--tier-a", library_opts, prm.tier_a, 0, 1000000, "--tier-a wants a whole number, got '%s'", "N",
            "best position within which a target can be tier A (default 10; docs/projects.md)"),
    CLI_INT("--tier-b", library_opts, prm.tier_b, 0, 1000000, "--tier-b wants a whole number, got '%s'", "N",
            "best position within which a target is tier B (default 20)"),
    CLI_INT("--head-top", library_opts, prm.head_top, 0, 1000000, "--head-top wants a whole number, got '%s'", "N",
            "head firms: the chain's top N by revenue (default 10)"),
    CLI_FORMAT("--format", library_opts, fmt, "F",
               "table, json, csv or xlsx (default table; xlsx needs --out FILE.xlsx)"),
    CLI_STR("--lang", library_opts, lang_s, "L",
            "language of a workbook's sheet names and headings, en or zh (default en; needs --format xlsx)"),
    CLI_STR("--out", library_opts, outpath, "FILE",
            "write there instead of standard output (default: standard output)"),
    CLI_OPT_END};
const cli_optspec cli_spec_library = {.cmd = CMD, .opts = library_opt, .pos_off = offsetof(library_opts, dir),
                                      .unknown = CLI_MSG_UNKNOWN, .extra = CLI_MSG_ONE_DATASET};

int cmd_library(int argc, char **argv, cr_ctx *ctx)
{
    library_opts op = {.fmt = CLI_RANK_TABLE};
    cr_library_params_default(&op.prm);
    int code = cli_opts_parse(&cli_spec_library, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *dir = op.dir, *chain = op.chain, *scheme = op.scheme, *parks = op.parks, *outpath = op.outpath;
    const cr_library_params prm = op.prm;
    cli_rank_format fmt = op.fmt;
    cr_lang lang;
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    if (!chain) return cli_usage(CMD, "missing --chain K");
    if (!scheme) return cli_usage(CMD, "missing --scheme S.json");
    if (prm.tier_b < prm.tier_a) return cli_usage(CMD, "--tier-b must be >= --tier-a");
    if ((code = cli_lang_parse(CMD, op.lang_s, fmt == CLI_RANK_XLSX, &lang)) != CLI_EXIT_OK) return code;
    if (fmt == CLI_RANK_XLSX && (code = cli_xlsx_needs_file(CMD, outpath)) != CLI_EXIT_OK) return code;
    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_load(ctx, scheme, &s);
    if (rc != CR_OK) return cli_fail(ctx, CMD, rc);
    cli_rank_env env;
    code = cli_rank_prepare(ctx, CMD, dir, &env);
    if (code != CLI_EXIT_OK) { cr_scheme_free(s); return code; }
    cr_library *L = NULL;
    int32_t *pk = NULL, npk = 0;
    int32_t k = -1;
    if ((rc = cr_dataset_resolve_chain(ctx, env.ds, chain, &k)) != CR_OK) goto fail;
    cr_dataset_info in;
    cr_dataset_get_info(env.ds, &in);
    if (!(pk = malloc(((size_t)in.n_parks + 1) * sizeof *pk))) { rc = CR_ENOMEM; goto fail; }
    if (parks) {
        char *copy = strdup(parks), *save = NULL;
        if (!copy) { rc = CR_ENOMEM; goto fail; }
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            int32_t p = cr_dataset_find_park(env.ds, t);
            if (p < 0) {
                rc = cr_ctx_fail(ctx, CR_ENOTFOUND, "no park '%s' in %s", t, dir);
                free(copy);
                goto fail;
            }
            int dup = 0;
            for (int32_t j = 0; j < npk; j++) dup |= pk[j] == p;
            if (!dup && npk < in.n_parks) pk[npk++] = p;
        }
        free(copy);
    } else {
        for (int32_t p = 0; p < in.n_parks; p++) {
            const int32_t *led;
            int32_t n = cr_dataset_park_chains(env.ds, p, &led);
            for (int32_t j = 0; j < n; j++)
                if (led[j] == k) { pk[npk++] = p; break; }
        }
    }
    if (!npk) { rc = cr_ctx_fail(ctx, CR_EINVAL, "no park leads chain '%s': give --parks P1,P2,...", chain); goto fail; }
    if ((rc = cr_library_build(ctx, env.model, env.ranker, k, pk, npk, s, &prm, &L)) != CR_OK) goto fail;
    if (fmt == CLI_RANK_XLSX) {
        if ((rc = write_workbook(ctx, env.ds, L, cr_scheme_name(s), outpath, lang)) != CR_OK) goto fail;
        code = CLI_EXIT_OK;
        goto done;
    }
    cr_table *csv = NULL;
    if (fmt == CLI_RANK_CSV && (rc = tab_targets(ctx, env.ds, L, &csv)) != CR_OK) goto fail;
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) { cr_table_free(csv); goto done; }
    if (fmt == CLI_RANK_JSON) print_json(o.fp, env.ds, L, cr_scheme_name(s));
    else if (csv) cr_table_write_csv(ctx, csv, o.fp, 1);   /* checked when filled: cannot fail here */
    else print_table(o.fp, env.ds, L, cr_scheme_name(s));
    cr_table_free(csv);
    code = cli_out_commit(&o, CMD);
    goto done;
fail:
    code = cli_fail(ctx, CMD, rc);
done:
    cr_library_free(L);
    free(pk);
    cr_scheme_free(s);
    cli_rank_release(&env);
    return code;
}
