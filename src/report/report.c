/* `chainrank report`: one static HTML file (see cr_report.h, docs/report.md).
 * Everything is read from the world (dataset, model, ranker) and the
 * library's own analyses: cr_gaps_compute (panorama, gap list),
 * cr_rank_park + cr_rank_explain (targets, contributions, reasons,
 * exclusions), cr_compare_run (schemes). Nothing is computed here that
 * another command would compute differently: the report only draws. */
#include "report/report_internal.h"
#include "core/core_internal.h"
#include "data/dataset.h"
#include "graph/model.h"
#include "mcda/shared.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void cr_report_params_default(cr_report_params *p)
{
    memset(p, 0, sizeof *p);
    p->lang = CR_LANG_ZH;
    p->park = -1;
    p->top = 15;
    p->excluded_shown = 15;
    p->smaa_samples = 2000;
    p->seed = 1;
}

typedef struct {
    cr_ctx *ctx;
    const cr_world *w;
    const cr_dataset *ds;
    const cr_report_params *p;
    FILE *fp;
    cr_lang lang;
    cr_dataset_info di;
} rep;

static const char *T(const rep *R, cr__msg id) { return cr__msg_text(id, R->lang); }
static void esc(const rep *R, const char *s) { cr__html_esc(R->fp, s); }
static void tx(const rep *R, cr__msg id) { cr__html_esc(R->fp, T(R, id)); }

/* Criterion colours, in cr_criterion order (Okabe-Ito palette plus two). */
static const char *const crit_colour[CR_NCRIT] = {"#d55e00", "#0072b2", "#009e73", "#7fbf3f",
                                                  "#cc79a7", "#e69f00", "#56b4e9", "#6d6d6d"};
static const cr__msg crit_msg[CR_NCRIT] = {M_CRIT_GAP, M_CRIT_PARTNERS, M_CRIT_RESOURCES, M_CRIT_GREENING,
                                           M_CRIT_DENSITY, M_CRIT_GOOSE, M_CRIT_QUALITY, M_CRIT_LIKELIHOOD};

/* ---- text helpers ---- */

/* Display width units of a code point: CJK and fullwidth 2, others 1. */
static int cp_units(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                   (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD)
               ? 2
               : 1;
}

/* Copies at most `units` display units of s (UTF-8) into dst (size n),
 * ending with "…" when cut; never cuts inside a character. */
static void cut_text(char *dst, size_t n, const char *s, int units)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    int used = 0;
    while (*p) {
        unsigned cp = *p;
        int len = 1;
        if (cp >= 0xF0) { cp &= 0x07; len = 4; }
        else if (cp >= 0xE0) { cp &= 0x0F; len = 3; }
        else if (cp >= 0xC0) { cp &= 0x1F; len = 2; }
        for (int q = 1; q < len; q++) {
            if ((p[q] & 0xC0) != 0x80) { len = q; break; }
            cp = (cp << 6) | (p[q] & 0x3F);
        }
        int u = cp_units(cp);
        if (used + u > units - 1 && p[len]) {   /* room for the ellipsis */
            if (k + 4 < n) { memcpy(dst + k, "…", 3); k += 3; }
            break;
        }
        if (k + (size_t)len + 1 >= n) break;
        memcpy(dst + k, p, (size_t)len);
        k += (size_t)len;
        used += u;
        p += len;
    }
    dst[k] = 0;
}

/* Segment names are "中文 (English)": the Chinese part for zh, the English
 * part for en (the whole name when it has no such part). */
static void seg_label(const rep *R, int32_t s, char *dst, size_t n)
{
    const char *nm = cr_dataset_segment_name(R->ds, s), *open = strstr(nm, " (");
    const char *close = open ? strrchr(open, ')') : NULL;
    if (!open || !close || close <= open + 2) {
        snprintf(dst, n, "%s", nm);
        return;
    }
    if (R->lang == CR_LANG_ZH) snprintf(dst, n, "%.*s", (int)(open - nm), nm);
    else {
        /* "Manufacture of X" says little in a box: the IO table names most segments so */
        const char *en = open + 2;
        int len = (int)(close - en);
        if (len > 15 && !strncmp(en, "Manufacture of ", 15)) {
            en += 15;
            len -= 15;
        }
        snprintf(dst, n, "%.*s", len, en);
    }
}

static void num(const rep *R, double v, int prec)
{
    if (isnan(v)) fputs("–", R->fp);
    else fprintf(R->fp, "%.*f", prec, v);
}

/* The manifest's synthetic/inferred lists: "file: a, b; file2: c". 1 if
 * field of file is listed (also "field:detail" entries), or the whole file
 * is declared synthetic. */
static int listed(const char *list, const char *file, const char *field)
{
    size_t fl = strlen(file), fdl = strlen(field);
    const char *p = list;
    while (p && *p) {
        const char *end = strstr(p, "; ");
        const char *stop = end ? end : p + strlen(p);
        if (!strncmp(p, file, fl) && p[fl] == ':') {
            const char *q = p + fl + 1;
            while (q < stop) {
                while (*q == ' ') q++;
                const char *c = q;
                while (c < stop && *c != ',') c++;
                size_t tl = (size_t)(c - q);
                if ((tl == fdl || (tl > fdl && q[fdl] == ':')) && !strncmp(q, field, fdl)) return 1;
                q = c < stop ? c + 1 : c;
            }
        }
        p = end ? end + 2 : NULL;
    }
    return 0;
}

static int declared(const char *keys, const char *file)
{
    size_t fl = strlen(file);
    for (const char *p = keys; p && *p;) {
        const char *c = strchr(p, ',');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        if (l == fl && !strncmp(p, file, fl)) return 1;
        p = c ? c + 1 : NULL;
    }
    return 0;
}

static void badge(const rep *R, const char *file, const char *field)
{
    if (declared(R->di.synthetic, file) || listed(R->di.synthetic_fields, file, field)) {
        fputs(" <span class=\"badge syn\">", R->fp);
        tx(R, M_BADGE_SYN);
        fputs("</span>", R->fp);
    } else if (listed(R->di.inferred_fields, file, field)) {
        fputs(" <span class=\"badge inf\">", R->fp);
        tx(R, M_BADGE_INF);
        fputs("</span>", R->fp);
    }
}

/* ---- page frame ---- */

static const char *const css =
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif;"
    "margin:0;background:#f4f6f8;color:#1d2733;font-size:15px;line-height:1.5}"
    "main{max-width:1240px;margin:0 auto;padding:24px 20px 40px}"
    "header.top{background:#12355b;color:#fff;padding:22px 28px;border-radius:10px}"
    "header.top h1{margin:0 0 4px;font-size:26px}header.top p{margin:2px 0;color:#d5e2f0}"
    "header.top a{color:#fff}"
    "section{background:#fff;border-radius:10px;padding:18px 24px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
    "h2{font-size:21px;margin:4px 0 12px;color:#12355b}h3{font-size:17px;margin:18px 0 8px;color:#12355b}"
    "p.note{color:#5b6875;font-size:13px;margin:4px 0 10px}"
    ".banner{background:#fff6d6;border:1px solid #e0b400;border-left:6px solid #e0b400;border-radius:8px;padding:10px 16px;"
    "margin:16px 0;font-size:13px}.banner b{font-size:15px}"
    ".badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;vertical-align:1px}"
    ".badge.syn{background:#fde2b8;color:#7a4a00}.badge.inf{background:#dde8f7;color:#1d4f91}"
    "table{border-collapse:collapse;width:100%}th,td{padding:5px 8px;border-bottom:1px solid #e3e7eb;text-align:left;"
    "vertical-align:top}th{background:#f0f3f6;font-weight:600;font-size:13px}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums;white-space:nowrap}"
    "table.card td:first-child{color:#5b6875;width:200px}table.card{width:auto;min-width:640px}"
    ".sub{color:#5b6875;font-size:12px}"
    /* the drawings shrink with a narrow window (their viewBox keeps the
     * proportions) instead of being cut at the right edge */
    "svg.panorama,svg.map{max-width:100%;height:auto}"
    "svg.panorama text.stage{font-size:15px;font-weight:700;fill:#12355b}"
    "svg.panorama text.nl{font-size:14px;font-weight:600;fill:#fff}svg.panorama text.ns{font-size:12px;fill:#fff}"
    "svg.panorama text.dark{fill:#1d2733}svg.panorama text.tn{font-size:12px;fill:#3b4754}"
    "svg.panorama path.io{fill:none;stroke:#7a8794;stroke-opacity:.55}"
    ".legend-row{display:flex;flex-wrap:wrap;gap:14px;margin:8px 0;font-size:13px}"
    ".sw{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;margin-right:5px}"
    ".gapkind{font-weight:700}.pbar{display:inline-block;height:10px;background:#c62828;border-radius:2px;vertical-align:0}"
    "table.targets td.why{font-size:13px;color:#3b4754;max-width:430px}table.targets td.name{min-width:150px}"
    "svg.bar{display:block;border-radius:3px}"
    "svg.map{display:block;max-width:100%;height:auto;border-radius:8px}svg.map.sym{display:inline;vertical-align:-3px;border-radius:0}svg.map path.city{stroke:#a9b6c3;stroke-width:.7}"
    "svg.map text{font-size:13px;fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px}"
    "svg.map text.cityname{font-size:11px;fill:#7d8a96;stroke-width:2px}"
    "svg.map .k0 path{fill:#c62828;stroke:#fff;stroke-width:1.5}svg.map .k1 circle{fill:#5b6875}"
    "svg.map .k2 circle{fill:#1e6fd9;stroke:#fff;stroke-width:1.5}svg.map .k2 text{fill:#fff;stroke:none;font-size:11px;"
    "font-weight:700}svg.map .k2 text.side{fill:#1d2733;stroke:#fff;stroke-width:3px;font-weight:400;font-size:12px}svg.map .k3 path{fill:#e69f00;stroke:#fff;stroke-width:.8}"
    "table.heat td.h{text-align:center;font-variant-numeric:tabular-nums;width:90px}"
    "nav a{margin-right:14px}footer{color:#5b6875;font-size:12px;text-align:center;margin-top:20px}";

static void page_head(const rep *R, const char *title)
{
    FILE *fp = R->fp;
    fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", R->lang == CR_LANG_ZH ? "zh-CN" : "en");
    fprintf(fp, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    fprintf(fp, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(R, title);
    fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", css);
}

static void page_foot(const rep *R)
{
    fprintf(R->fp, "<footer>");
    char buf[256];
    snprintf(buf, sizeof buf, "%s", T(R, M_FOOTER));
    const char *at = strstr(buf, "%s");
    if (at) {
        fprintf(R->fp, "%.*s", (int)(at - buf), buf);
        esc(R, cr_version());
        esc(R, at + 2);
    } else esc(R, buf);
    fprintf(R->fp, "</footer>\n</main>\n</body>\n</html>\n");
}

/* A message with one printf conversion: the format is ours (strings.c),
 * the argument's type fixed by the call; checked by test_report. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void txf(const rep *R, cr__msg id, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, id);
    vsnprintf(buf, sizeof buf, T(R, id), ap);
    va_end(ap);
    esc(R, buf);
}
#pragma GCC diagnostic pop

/* ---- park card ---- */

/* The manifest's "file: a, b; file2: c" as one line per file. */
static void field_lines(const rep *R, const char *list)
{
    for (const char *p = list; p && *p;) {
        const char *end = strstr(p, "; ");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char part[1024];
        snprintf(part, sizeof part, "%.*s", (int)(n < sizeof part - 1 ? n : sizeof part - 1), p);
        fputs("<br>· ", R->fp);
        esc(R, part);
        p = end ? end + 2 : NULL;
    }
}

static void banner(const rep *R)
{
    const cr_dataset_info *d = &R->di;
    if (!*d->synthetic && !*d->synthetic_fields && !*d->inferred_fields) return;
    FILE *fp = R->fp;
    fprintf(fp, "<div class=\"banner\" id=\"data-banner\"><b>⚠ ");
    tx(R, M_BANNER_TITLE);
    fprintf(fp, "</b>");
    if (*d->synthetic || *d->synthetic_fields) {
        fprintf(fp, "<br><b>");
        tx(R, M_BANNER_SYN);
        fprintf(fp, "</b>");
        if (*d->synthetic) {
            fputs("<br>· ", fp);
            esc(R, d->synthetic);
        }
        field_lines(R, d->synthetic_fields);
    }
    if (*d->inferred_fields) {
        fprintf(fp, "<br><b>");
        tx(R, M_BANNER_INF);
        fprintf(fp, "</b>");
        field_lines(R, d->inferred_fields);
    }
    fprintf(fp, "</div>\n");
}

static void card_row_num(const rep *R, cr__msg label, const char *field, double v, int prec, cr__msg unit)
{
    FILE *fp = R->fp;
    fprintf(fp, "<tr><td>");
    tx(R, label);
    fprintf(fp, "</td><td>");
    if (isnan(v)) tx(R, M_UNLIMITED);
    else {
        fprintf(fp, "%.*f ", prec, v);
        tx(R, unit);
    }
    badge(R, "parks", field);
    fprintf(fp, "</td></tr>\n");
}

static void card_land(const rep *R, cr__msg label, const char *field, double ha)
{
    FILE *fp = R->fp;
    fprintf(fp, "<tr><td>");
    tx(R, label);
    fprintf(fp, "</td><td>");
    if (isnan(ha)) tx(R, M_UNLIMITED);
    else {
        /* 1 ha = 15 亩 (1 亩 = 666.67 m², the legal unit of GB 3100-93's annex) */
        fprintf(fp, "%.2f ", ha);
        tx(R, M_UNIT_HA);
        fprintf(fp, " = %.0f ", ha * 15.0);
        tx(R, M_UNIT_MU);
    }
    badge(R, "parks", field);
    fprintf(fp, "</td></tr>\n");
}

static void mask_words(const rep *R, const cr__strtab *dict, uint64_t mask)
{
    if (!mask) {
        tx(R, M_NONE);
        return;
    }
    int first = 1;
    for (uint64_t m = mask; m; m &= m - 1) {
        if (!first) fputs(R->lang == CR_LANG_ZH ? "、" : ", ", R->fp);
        first = 0;
        esc(R, cr_rank_phrase_word(cr__strtab_get(dict, (size_t)__builtin_ctzll(m)), R->lang));
    }
}

/* The tenant of the park with a share in chain k and the highest
 * supply-graph PageRank (ties: lower index): the 链主 among the tenants. */
static int64_t chain_leader(const rep *R, int32_t k, const uint8_t *is_tenant)
{
    const cr_dataset *ds = R->ds;
    const cr_model *m = R->w->model;
    int64_t best = -1;
    for (int64_t e = 0; e < ds->nent; e++) {
        if (!is_tenant[e]) continue;
        int in = 0;
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1] && !in; t++)
            for (int64_t q = ds->mem_off[k]; q < ds->mem_off[k + 1]; q++)
                if (ds->mem_seg[q] == ds->ent_seg[t]) { in = 1; break; }
        if (in && (best < 0 || m->ent_pagerank[e] > m->ent_pagerank[best])) best = e;
    }
    return best;
}

static void park_card(const rep *R, const int32_t *chains, int32_t nch, const uint8_t *is_tenant, int64_t ntenants)
{
    const cr_dataset *ds = R->ds;
    FILE *fp = R->fp;
    int32_t p = R->p->park;
    fprintf(fp, "<section id=\"park\"><h2>");
    tx(R, M_PARK_CARD);
    fprintf(fp, "</h2>\n<table class=\"card\">\n<tr><td>");
    tx(R, M_LEVEL);
    fprintf(fp, "</td><td>");
    int lv = ds->park_level[p];
    tx(R, lv == CR_LEVEL_NATIONAL ? M_LEVEL_NATIONAL : lv == CR_LEVEL_PROVINCIAL ? M_LEVEL_PROVINCIAL : M_LEVEL_OTHER);
    fprintf(fp, "</td></tr>\n<tr><td>");
    tx(R, M_LOCATION);
    fprintf(fp, "</td><td>");
    esc(R, cr__strpool_get(&ds->park_province, (size_t)p));
    fputc(' ', fp);
    esc(R, cr__strpool_get(&ds->park_city, (size_t)p));
    fprintf(fp, " <span class=\"sub\">(%.4f, %.4f)</span></td></tr>\n", ds->park_lat[p], ds->park_lon[p]);
    if (ds->park_area && !isnan(ds->park_area[p])) card_land(R, M_AREA, "area", ds->park_area[p]);
    card_land(R, M_FREE_LAND, "land", ds->park_res[CR_RES_LAND][p]);
    card_row_num(R, M_WATER, "water", ds->park_res[CR_RES_WATER][p], 1, M_UNIT_WATER);
    card_row_num(R, M_POWER, "power", ds->park_res[CR_RES_POWER][p], 0, M_UNIT_POWER);
    card_row_num(R, M_LABOUR, "labour", ds->park_res[CR_RES_LABOUR][p], 0, M_UNIT_PEOPLE);
    card_row_num(R, M_SKILLED, "skilled", ds->park_res[CR_RES_SKILLED][p], 0, M_UNIT_PEOPLE);
    fprintf(fp, "<tr><td>");
    tx(R, M_ENDOWMENTS);
    fprintf(fp, "</td><td>");
    mask_words(R, &ds->endow, ds->park_endow[p]);
    badge(R, "parks", "endowments");
    fprintf(fp, "</td></tr>\n<tr><td>");
    tx(R, M_BANNED);
    fprintf(fp, "</td><td>");
    mask_words(R, &ds->cats, ds->park_banned[p]);
    badge(R, "parks", "banned");
    fprintf(fp, "</td></tr>\n");
    static const cr__msg qm[CR_NENV] = {M_CO2_QUOTA, M_ENERGY_QUOTA, M_POLLUTANT_QUOTA};
    static const cr__msg cm[CR_NENV] = {M_CO2_CAP, M_ENERGY_CAP, M_POLLUTANT_CAP};
    static const char *const qf[CR_NENV] = {"co2_quota", "energy_quota", "pollutant_quota"};
    static const char *const cf[CR_NENV] = {"co2_cap", "energy_cap", "pollutant_cap"};
    for (int k = 0; k < CR_NENV; k++)
        card_row_num(R, qm[k], qf[k], ds->park_quota[k][p], 0, k == CR_ENV_ENERGY ? M_UNIT_TCE_YR : M_UNIT_T_YR);
    for (int k = 0; k < CR_NENV; k++)
        if (!isnan(ds->park_cap[k][p])) card_row_num(R, cm[k], cf[k], ds->park_cap[k][p], 3, M_UNIT_PER_10K);
    fprintf(fp, "<tr><td>");
    tx(R, M_TENANTS);
    fprintf(fp, "</td><td>%lld</td></tr>\n<tr><td>", (long long)ntenants);
    tx(R, M_CHAINS_LED);
    fprintf(fp, "</td><td>");
    const int32_t *led;
    int32_t nled = cr_dataset_park_chains(ds, p, &led);
    for (int32_t i = 0; i < nled; i++) {
        if (i) fputs(R->lang == CR_LANG_ZH ? "、" : ", ", fp);
        esc(R, cr_dataset_chain_name(ds, led[i]));
    }
    if (!nled) tx(R, M_NONE);
    fprintf(fp, "</td></tr>\n");
    for (int32_t c = 0; c < nch; c++) {
        int64_t e = chain_leader(R, chains[c], is_tenant);
        fprintf(fp, "<tr><td>");
        tx(R, M_CHAIN_LEADER);
        fprintf(fp, " · ");
        esc(R, cr_dataset_chain_name(ds, chains[c]));
        fprintf(fp, "</td><td>");
        if (e >= 0) {
            esc(R, cr_dataset_enterprise_name(ds, e));
            fprintf(fp, " <span class=\"sub\">");
            esc(R, cr_dataset_enterprise_id(ds, e));
            fprintf(fp, "</span>");
        } else tx(R, M_NONE);
        fprintf(fp, "</td></tr>\n");
    }
    fprintf(fp, "</table>\n</section>\n");
}

/* ---- chain panorama ---- */

static cr_error_t panorama(const rep *R, const cr_gaps *g, const uint8_t *is_tenant)
{
    const cr_dataset *ds = R->ds;
    FILE *fp = R->fp;
    int32_t n = g->n, k = g->chain;
    cr_error_t rc = CR_OK;
    char (*labels)[160] = calloc((size_t)n + 1, sizeof *labels);
    char (*tn)[200] = calloc((size_t)n + 1, sizeof *tn);
    const char **lp = calloc((size_t)n + 1, sizeof *lp), **tp = calloc((size_t)n + 1, sizeof *tp),
               **ip = calloc((size_t)n + 1, sizeof *ip);
    int32_t *ntn = calloc((size_t)n + 1, sizeof *ntn);
    int64_t ne = ds->edge_off[k + 1] - ds->edge_off[k];
    int32_t *from = malloc(((size_t)ne + 1) * sizeof *from), *to = malloc(((size_t)ne + 1) * sizeof *to);
    double *coef = malloc(((size_t)ne + 1) * sizeof *coef);
    if (!labels || !tn || !lp || !tp || !ip || !ntn || !from || !to || !coef) {
        rc = cr_ctx_fail(R->ctx, CR_ENOMEM, "report: out of memory");
        goto done;
    }
    for (int32_t i = 0; i < n; i++) {
        char full[160];
        seg_label(R, g->segment[i], full, sizeof full);
        cut_text(labels[i], sizeof labels[i], full, R->lang == CR_LANG_ZH ? 24 : 29);
        lp[i] = labels[i];
        ip[i] = cr_dataset_segment_id(ds, g->segment[i]);
        tp[i] = tn[i];
    }
    /* tenant names under their segments: the first two by enterprise index, then "+N" */
    for (int64_t e = 0; e < ds->nent; e++) {
        if (!is_tenant[e]) continue;
        for (int64_t t = ds->ent_seg_off[e]; t < ds->ent_seg_off[e + 1]; t++)
            for (int32_t i = 0; i < n; i++) {
                if (g->segment[i] != ds->ent_seg[t]) continue;
                if (ntn[i] < 2) {
                    char nm[64];
                    cut_text(nm, sizeof nm, cr_dataset_enterprise_name(ds, e), 16);
                    size_t l = strlen(tn[i]);
                    snprintf(tn[i] + l, sizeof tn[i] - l, "%s%s", ntn[i] ? (R->lang == CR_LANG_ZH ? "、" : ", ") : "", nm);
                }
                ntn[i]++;
            }
    }
    for (int32_t i = 0; i < n; i++) {
        size_t l = strlen(tn[i]);
        if (ntn[i] > 2 && R->lang == CR_LANG_ZH) snprintf(tn[i] + l, sizeof tn[i] - l, " 等%d家", ntn[i]);
        else if (ntn[i] > 2) snprintf(tn[i] + l, sizeof tn[i] - l, " +%d more", ntn[i] - 2);
        else if (ntn[i] == 0) snprintf(tn[i], sizeof tn[i], "%s", "");
    }
    /* edges drawn: each segment's two largest inputs (by coefficient, ties
     * by the file's edge order); all of them would hide the picture (the
     * china2020 chains have about six edges a segment) */
    int32_t m = 0;
    for (int32_t j = 0; j < n; j++) {
        int64_t best[2] = {-1, -1};
        for (int64_t q = ds->edge_off[k]; q < ds->edge_off[k + 1]; q++) {
            if (ds->edge_to[q] != g->segment[j] || ds->edge_from[q] == ds->edge_to[q]) continue;
            if (best[0] < 0 || ds->edge_coef[q] > ds->edge_coef[best[0]]) { best[1] = best[0]; best[0] = q; }
            else if (best[1] < 0 || ds->edge_coef[q] > ds->edge_coef[best[1]]) best[1] = q;
        }
        for (int b = 0; b < 2; b++) {
            if (best[b] < 0) continue;
            int32_t a = -1;
            for (int32_t i = 0; i < n; i++)
                if (g->segment[i] == ds->edge_from[best[b]]) a = i;
            if (a < 0) continue;
            from[m] = a;
            to[m] = j;
            coef[m] = ds->edge_coef[best[b]];
            m++;
        }
    }
    cr__panorama pn = {n, lp, ip, g->stage, g->status, g->key, g->coverage, tp, m, from, to, coef,
                       {T(R, M_UPSTREAM), T(R, M_MIDSTREAM), T(R, M_DOWNSTREAM)}, T(R, M_KEY_LINK), T(R, M_COVERAGE)};
    fprintf(fp, "<h3>");
    tx(R, M_PANORAMA);
    fprintf(fp, "</h3>\n<p class=\"note\">");
    tx(R, M_PANORAMA_NOTE);
    fprintf(fp, "</p>\n<div class=\"legend-row\">");
    static const cr__msg st[5] = {M_ST_STRONG, M_ST_WEAK, M_ST_MISSING, M_ST_EXTENSION, M_ST_ABSENT};
    for (int s = 0; s < 5; s++) {
        fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>", cr__status_fill(s));
        tx(R, st[s]);
        fprintf(fp, "</span>");
    }
    fprintf(fp, "<span>★ <b>");
    tx(R, M_KEY_LINK);
    fprintf(fp, "</b></span></div>\n");
    rc = cr__svg_panorama(R->ctx, fp, &pn);
done:
    free(labels);
    free(tn);
    free(lp);
    free(tp);
    free(ip);
    free(ntn);
    free(from);
    free(to);
    free(coef);
    return rc;
}

/* ---- gap list ---- */

static void gap_list(const rep *R, const cr_gaps *g)
{
    FILE *fp = R->fp;
    fprintf(fp, "<h3>");
    tx(R, M_GAPS);
    fprintf(fp, "</h3>\n<p class=\"note\">");
    tx(R, M_GAPS_NOTE);
    fprintf(fp, "</p>\n<table class=\"gaps\"><tr><th>");
    tx(R, M_SEGMENT);
    fprintf(fp, "</th><th class=\"n\">");
    tx(R, M_PRIORITY);
    fprintf(fp, "</th><th></th><th class=\"n\">");
    tx(R, M_GAP_VOLUME);
    fprintf(fp, "</th><th class=\"n\">");
    tx(R, M_SUPPLY);
    fprintf(fp, "</th><th class=\"n\">");
    tx(R, M_DEMAND);
    fprintf(fp, "</th></tr>\n");
    static const int kinds[3] = {CR_GAP_MISSING, CR_GAP_WEAK, CR_GAP_EXTENSION};
    static const cr__msg titles[3] = {M_GAP_SUPPLEMENT, M_GAP_STRENGTHEN, M_GAP_EXTEND};
    double pmax = 0;
    for (int32_t j = 0; j < g->ngap; j++) pmax = fmax(pmax, g->priority[g->order[j]]);
    for (int kk = 0; kk < 3; kk++) {
        fprintf(fp, "<tr class=\"gapkind-row\"><td colspan=\"6\" class=\"gapkind\" style=\"color:%s\">", cr__status_fill(kinds[kk]));
        tx(R, titles[kk]);
        fprintf(fp, "</td></tr>\n");
        int any = 0;
        for (int32_t j = 0; j < g->ngap; j++) {
            int32_t i = g->order[j];
            if (g->status[i] != kinds[kk]) continue;
            any = 1;
            char lab[160];
            seg_label(R, g->segment[i], lab, sizeof lab);
            fprintf(fp, "<tr class=\"gap\" data-kind=\"%s\"><td>%s", cr_gap_status_name((cr_gap_status)kinds[kk]), g->key[i] ? "★ " : "");
            esc(R, lab);
            fprintf(fp, " <span class=\"sub\">");
            esc(R, cr_dataset_segment_id(R->ds, g->segment[i]));
            fprintf(fp, "</span></td><td class=\"n\">%.3f</td><td><span class=\"pbar\" style=\"width:%.0fpx;background:%s\"></span></td>"
                        "<td class=\"n\">",
                    g->priority[i], pmax > 0 ? 160 * g->priority[i] / pmax : 0, cr__status_fill(kinds[kk]));
            num(R, g->gap[i], 0);
            fprintf(fp, "</td><td class=\"n\">");
            num(R, g->supply[i], 0);
            fprintf(fp, "</td><td class=\"n\">");
            num(R, g->demand[i], 0);
            fprintf(fp, "</td></tr>\n");
        }
        if (!any) {
            fprintf(fp, "<tr><td colspan=\"6\" class=\"sub\">");
            tx(R, M_NO_GAPS);
            fprintf(fp, "</td></tr>\n");
        }
    }
    fprintf(fp, "</table>\n");
}

/* ---- targets ---- */

/* Normalised values r_ij of the scheme's criteria for the shown rows: the
 * scheme's normalisation with the column statistics of every ranked
 * candidate (the result's matrix), the same column parameters the ranking
 * uses (cr__mcda_colparam_set); cost criteria are flipped by it, so a longer
 * part is always better. contrib[i * ncrit + j] = w_j r_ij. */
static void contributions(const cr_rank_result *res, const cr_scheme *s, double *contrib)
{
    const int *types = NULL;
    cr_scheme_types(s, &types);
    for (int j = 0; j < res->ncrit; j++) {
        double mn = INFINITY, mx = -INFINITY, sum = 0, sumsq = 0, sumrecip = 0;
        for (int64_t i = 0; i < res->nranked; i++) {
            double x = res->matrix[i * res->ncrit + j];
            mn = fmin(mn, x);
            mx = fmax(mx, x);
            sum += x;
            sumsq += x * x;
            sumrecip += 1.0 / x;
        }
        cr__mcda_colparam cp;
        int cost = types && types[j] < 0;
        /* a column the scheme's normalisation cannot take (a value <= 0 for
         * sum, a sum that overflows) is drawn min-max: bars only, never a score */
        if (cr__mcda_colparam_set(&cp, cr_scheme_norm(s, j), cost, mn, mx, sum, sumsq, sumrecip, 1.0,
                                  (size_t)res->nranked) != 1)
            cr__mcda_colparam_set(&cp, CR_NORM_MINMAX, cost, mn, mx, sum, sumsq, sumrecip, 1.0, (size_t)res->nranked);
        for (int64_t i = 0; i < res->nrows; i++) {
            double r = cr__mcda_apply(&cp, res->value[i * CR_NCRIT + res->crit[j]]);
            contrib[i * res->ncrit + j] = isfinite(r) && r > 0 ? res->weights[j] * r : 0;
        }
    }
}

static cr_error_t targets(const rep *R, const cr_rank_result *res, const cr_scheme *s, double *contrib)
{
    const cr_dataset *ds = R->ds;
    FILE *fp = R->fp;
    char text[1400];
    cr_explanation x;
    cr_error_t rc;
    fprintf(fp, "<h3>");
    tx(R, M_TARGETS);
    fprintf(fp, "</h3>\n<p class=\"note\">");
    txf(R, M_CANDIDATES, (long long)res->ncand, (long long)res->nexcluded, (long long)res->nranked);
    fprintf(fp, ". ");
    tx(R, M_TARGETS_NOTE);
    if (res->expected_value) {
        fputc(' ', fp);
        tx(R, M_EV_NOTE);
    }
    fprintf(fp, "</p>\n<div class=\"legend-row\">");
    for (int j = 0; j < res->ncrit; j++) {
        fprintf(fp, "<span><span class=\"sw\" style=\"background:%s\"></span>", crit_colour[res->crit[j]]);
        tx(R, crit_msg[res->crit[j]]);
        fprintf(fp, " <span class=\"sub\">w=%.2f</span></span>", res->weights[j]);
    }
    fprintf(fp, "</div>\n");
    if (res->nrows == 0) {
        fprintf(fp, "<p>");
        tx(R, M_NO_TARGETS);
        fprintf(fp, "</p>\n");
        return CR_OK;
    }
    contributions(res, s, contrib);
    double maxsum = 0;
    for (int64_t i = 0; i < res->nrows; i++) {
        double t = 0;
        for (int j = 0; j < res->ncrit; j++) t += contrib[i * res->ncrit + j];
        maxsum = fmax(maxsum, t);
    }
    int has_lik = 0;
    for (int64_t i = 0; i < res->nrows; i++)
        if (!isnan(res->value[i * CR_NCRIT + CR_CRIT_LIKELIHOOD])) has_lik = 1;
    fprintf(fp, "<table class=\"targets\"><tr><th class=\"n\">");
    tx(R, M_RANK);
    fprintf(fp, "</th><th>");
    tx(R, M_ENTERPRISE);
    fprintf(fp, "</th><th class=\"n\">");
    tx(R, M_SCORE);
    fprintf(fp, "</th><th>");
    tx(R, M_CONTRIB);
    fprintf(fp, "</th>");
    if (has_lik) {
        fprintf(fp, "<th class=\"n\">");
        tx(R, M_LIKELIHOOD);
        fprintf(fp, "</th>");
    }
    fprintf(fp, "<th>");
    tx(R, M_REASONS);
    fprintf(fp, "</th></tr>\n");
    const double BW = 220;
    for (int64_t i = 0; i < res->nrows; i++) {
        int64_t e = res->ent[i];
        if ((rc = cr_rank_explain(R->ctx, R->w->ranker, res->park, res->chain, s, e, &x)) != CR_OK) return rc;
        cr_rank_explain_text_lang(R->w->ranker, &x, R->lang, text, sizeof text);
        fprintf(fp, "<tr class=\"target\" data-id=\"");
        esc(R, cr_dataset_enterprise_id(ds, e));
        fprintf(fp, "\"><td class=\"n\">%lld</td><td class=\"name\">", (long long)(i + 1));
        esc(R, cr_dataset_enterprise_name(ds, e));
        fprintf(fp, "<br><span class=\"sub\">");
        esc(R, cr_dataset_enterprise_id(ds, e));
        const char *city = cr_dataset_enterprise_city(ds, e);
        if (*city) {
            fprintf(fp, " · ");
            esc(R, city);
        }
        fprintf(fp, "</span></td><td class=\"n\">");
        if (res->expected_value) fprintf(fp, "%.3g", res->score[i]);
        else fprintf(fp, "%.3f", res->score[i]);
        fprintf(fp, "</td><td>");
        double px[CR_NCRIT];
        const char *col[CR_NCRIT], *tt[CR_NCRIT];
        char titles[CR_NCRIT][96];
        for (int j = 0; j < res->ncrit; j++) {
            double c = contrib[i * res->ncrit + j];
            px[j] = maxsum > 0 ? BW * c / maxsum : 0;
            col[j] = crit_colour[res->crit[j]];
            snprintf(titles[j], sizeof titles[j], "%s: %.3f × r = %.3f", T(R, crit_msg[res->crit[j]]), res->weights[j], c);
            tt[j] = titles[j];
        }
        cr__svg_bar(fp, res->ncrit, px, col, tt, BW, 16);
        fprintf(fp, "</td>");
        if (has_lik) {
            double lk = res->value[i * CR_NCRIT + CR_CRIT_LIKELIHOOD];
            fprintf(fp, "<td class=\"n\">");
            if (isnan(lk)) fputs("–", fp);
            else {
                fprintf(fp, "%.2g%%", 100 * lk);
                tx(R, M_PER_YEAR);
            }
            fprintf(fp, "</td>");
        }
        fprintf(fp, "<td class=\"why\">");
        esc(R, text);
        fprintf(fp, "</td></tr>\n");
    }
    fprintf(fp, "</table>\n");
    return CR_OK;
}

/* The excluded rows shown first are the largest firms (revenue, descending; a
 * missing or non-positive revenue last; ties by enterprise index, the order
 * res->excl_ent comes in): "why is the big plant not on the list" is the
 * question a chain lead asks of this table, and index order buried the answer
 * among hundreds of small firms. */
typedef struct { double rev; int64_t e; } excl_key;
static int excl_cmp(const void *a, const void *b)
{
    const excl_key *x = a, *y = b;
    if (x->rev != y->rev) return x->rev > y->rev ? -1 : 1;
    return (x->e > y->e) - (x->e < y->e);
}

static cr_error_t excluded(const rep *R, const cr_rank_result *res, const cr_scheme *s)
{
    FILE *fp = R->fp;
    char text[1400];
    cr_explanation x;
    cr_error_t rc;
    fprintf(fp, "<h3>");
    tx(R, M_EXCLUDED);
    fprintf(fp, " <span class=\"sub\">(%lld)</span></h3>\n<p class=\"note\">", (long long)res->nexcl_rows);
    tx(R, M_EXCLUDED_NOTE);
    fprintf(fp, "</p>\n");
    if (!res->nexcl_rows) return CR_OK;
    fprintf(fp, "<table class=\"excluded\"><tr><th>");
    tx(R, M_ENTERPRISE);
    fprintf(fp, "</th><th>");
    tx(R, M_REASONS);
    fprintf(fp, "</th></tr>\n");
    int64_t shown = res->nexcl_rows < R->p->excluded_shown ? res->nexcl_rows : R->p->excluded_shown;
    excl_key *order = malloc((size_t)res->nexcl_rows * sizeof *order);
    if (!order) return cr_ctx_fail(R->ctx, CR_ENOMEM, "report: out of memory");
    for (int64_t i = 0; i < res->nexcl_rows; i++) {
        double v = R->ds->ent_revenue[res->excl_ent[i]];
        order[i] = (excl_key){v > 0 ? v : 0, res->excl_ent[i]};   /* NaN and <= 0 last */
    }
    qsort(order, (size_t)res->nexcl_rows, sizeof *order, excl_cmp);
    for (int64_t i = 0; i < shown; i++) {
        int64_t e = order[i].e;
        if ((rc = cr_rank_explain(R->ctx, R->w->ranker, res->park, res->chain, s, e, &x)) != CR_OK) {
            free(order);
            return rc;
        }
        cr_rank_reasons_text_lang(R->w->ranker, res->park, &x, e, R->lang, text, sizeof text);
        fprintf(fp, "<tr class=\"excl\" data-id=\"");
        esc(R, cr_dataset_enterprise_id(R->ds, e));
        fprintf(fp, "\"><td>");
        esc(R, cr_dataset_enterprise_name(R->ds, e));
        fprintf(fp, " <span class=\"sub\">");
        esc(R, cr_dataset_enterprise_id(R->ds, e));
        fprintf(fp, "</span></td><td>");
        esc(R, text);
        fprintf(fp, "</td></tr>\n");
    }
    free(order);
    if (res->nexcl_rows > shown) {
        fprintf(fp, "<tr><td colspan=\"2\" class=\"sub\">");
        txf(R, M_EXCLUDED_MORE, (long long)(res->nexcl_rows - shown));
        fprintf(fp, "</td></tr>\n");
    }
    fprintf(fp, "</table>\n");
    return CR_OK;
}

/* ---- map ---- */

static cr_error_t map(const rep *R, const cr_rank_result *res, const cr_scheme *s, const uint8_t *is_tenant, int64_t ntenants)
{
    const cr_dataset *ds = R->ds;
    FILE *fp = R->fp;
    size_t cap = 1 + (size_t)ntenants + (size_t)res->nrows * 4;
    double *lon = malloc(cap * sizeof *lon), *lat = malloc(cap * sizeof *lat);
    int8_t *kind = malloc(cap);
    int64_t *ent = malloc(cap * sizeof *ent);
    char (*lab)[64] = calloc(cap, sizeof *lab);
    char (*tit)[160] = calloc(cap, sizeof *tit);
    const char **lp = calloc(cap, sizeof *lp), **tp = calloc(cap, sizeof *tp);
    cr_error_t rc = CR_OK;
    if (!lon || !lat || !kind || !ent || !lab || !tit || !lp || !tp) {
        rc = cr_ctx_fail(R->ctx, CR_ENOMEM, "report: out of memory");
        goto done;
    }
    int32_t p = R->p->park, n = 0;
    lon[n] = ds->park_lon[p];
    lat[n] = ds->park_lat[p];
    kind[n] = 0;
    ent[n] = -1;
    snprintf(lab[n], sizeof lab[n], "%s", cr_dataset_park_name(ds, p));
    snprintf(tit[n], sizeof tit[n], "%s", cr_dataset_park_name(ds, p));
    n++;
    for (int64_t e = 0; e < ds->nent; e++) {
        if (!is_tenant[e]) continue;
        lon[n] = ds->ent_lon[e];
        lat[n] = ds->ent_lat[e];
        kind[n] = 1;
        ent[n] = e;
        snprintf(tit[n], sizeof tit[n], "%s", cr_dataset_enterprise_name(ds, e));
        n++;
    }
    for (int64_t i = 0; i < res->nrows; i++) {
        int64_t e = res->ent[i];
        lon[n] = ds->ent_lon[e];
        lat[n] = ds->ent_lat[e];
        kind[n] = 2;
        ent[n] = e;
        if (R->p->outlines) snprintf(lab[n], sizeof lab[n], "%lld", (long long)(i + 1));
        else snprintf(lab[n], sizeof lab[n], "%lld %s", (long long)(i + 1), cr_dataset_enterprise_city(ds, e));
        snprintf(tit[n], sizeof tit[n], "%lld. %s", (long long)(i + 1), cr_dataset_enterprise_name(ds, e));
        n++;
    }
    for (int64_t i = 0; i < res->nrows; i++) {
        cr_explanation x;
        if ((rc = cr_rank_explain(R->ctx, R->w->ranker, res->park, res->chain, s, res->ent[i], &x)) != CR_OK) goto done;
        for (int q = 0; q < x.nshown; q++) {
            int64_t e = x.partners[q].ent;
            int seen = 0;
            for (int32_t z = 0; z < n && !seen; z++) seen = ent[z] == e;
            if (seen || (size_t)n >= cap) continue;
            lon[n] = ds->ent_lon[e];
            lat[n] = ds->ent_lat[e];
            kind[n] = 3;
            ent[n] = e;
            snprintf(tit[n], sizeof tit[n], "%s", cr_dataset_enterprise_name(ds, e));
            n++;
        }
    }
    for (int32_t i = 0; i < n; i++) {
        lp[i] = lab[i];
        tp[i] = tit[i];
    }
    const char *legend[4] = {T(R, M_MAP_PARK), T(R, M_MAP_TENANT), T(R, M_MAP_TARGET), T(R, M_MAP_PARTNER)};
    cr__map mp = {n, lon, lat, kind, lp, tp, R->p->outlines, legend, T(R, M_MAP_NO_OUTLINES)};
    fprintf(fp, "<h3>");
    tx(R, M_MAP);
    fprintf(fp, "</h3>\n<p class=\"note\">");
    tx(R, M_MAP_NOTE);
    if (R->p->outlines) {
        fputc(' ', fp);
        tx(R, M_MAP_OUTLINES);
    }
    fprintf(fp, "</p>\n");
    cr__svg_map(fp, &mp);
done:
    free(lon);
    free(lat);
    free(kind);
    free(ent);
    free(lab);
    free(tit);
    free(lp);
    free(tp);
    return rc;
}

/* ---- schemes ---- */

static void heat_cell(FILE *fp, double rho)
{
    if (isnan(rho)) {
        fprintf(fp, "<td class=\"h\" style=\"background:#eee\">–</td>");
        return;
    }
    /* white at 0 to dark blue at 1; red for negative agreement */
    double a = fmin(1.0, fabs(rho));
    int r = rho >= 0 ? (int)(255 - a * (255 - 18)) : 255, g = rho >= 0 ? (int)(255 - a * (255 - 53)) : (int)(255 - a * 180),
        b = rho >= 0 ? (int)(255 - a * (255 - 91)) : (int)(255 - a * 180);
    fprintf(fp, "<td class=\"h\" style=\"background:#%02x%02x%02x;color:%s\">%.2f</td>", r, g, b, a > 0.55 ? "#fff" : "#1d2733", rho);
}

static cr_error_t schemes(const rep *R, int32_t chain)
{
    const cr_report_params *P = R->p;
    FILE *fp = R->fp;
    cr_compare_params cp;
    cr_compare_params_default(&cp);
    cp.park = P->park;
    cp.chain = chain;
    cp.top = (size_t)(P->top < 10 ? P->top : 10);
    cp.samples = P->smaa_samples;
    cp.seed = P->seed;
    cr_compare_report *cr = NULL;
    fprintf(fp, "<h3>");
    tx(R, M_SCHEMES);
    fprintf(fp, "</h3>\n<p class=\"note\">");
    tx(R, M_SCHEMES_NOTE);
    fprintf(fp, "</p>\n");
    cr_error_t rc = cr_compare_run(R->ctx, R->w, P->schemes, P->nschemes, &cp, &cr);
    if (rc == CR_ENOMEM) return rc;
    if (rc != CR_OK) {
        /* not enough common candidates, say: the report still stands */
        fprintf(fp, "<p class=\"sub\">");
        tx(R, M_SCHEMES_NA);
        if (R->lang == CR_LANG_EN) {   /* the library's reason is English */
            fprintf(fp, ": ");
            esc(R, cr_ctx_errmsg(R->ctx));
        }
        fprintf(fp, "</p>\n");
        cr_ctx_clear(R->ctx);
        return CR_OK;
    }
    size_t m = P->nschemes;
    if (cr->agree) {
        const cr_agree_report *a = cr->agree;
        fprintf(fp, "<h3>");
        tx(R, M_HEATMAP);
        fprintf(fp, "</h3>\n<table class=\"heat\" style=\"width:auto\"><tr><th></th>");
        for (size_t j = 0; j < m; j++) {
            fprintf(fp, "<th>");
            esc(R, cr_scheme_name(P->schemes[j]));
            fprintf(fp, "</th>");
        }
        fprintf(fp, "</tr>\n");
        for (size_t i = 0; i < m; i++) {
            fprintf(fp, "<tr><th>");
            esc(R, cr_scheme_name(P->schemes[i]));
            fprintf(fp, "</th>");
            for (size_t j = 0; j < m; j++) {
                double rho = i == j ? 1.0 : NAN;
                for (size_t q = 0; q < a->npairs; q++)
                    if ((a->pair_a[q] == i && a->pair_b[q] == j) || (a->pair_a[q] == j && a->pair_b[q] == i)) rho = a->spearman[q];
                heat_cell(fp, rho);
            }
            fprintf(fp, "</tr>\n");
        }
        fprintf(fp, "</table>\n<h3>");
        tx(R, M_ROBUST);
        fprintf(fp, "</h3>\n<p class=\"note\">");
        txf(R, M_ROBUST_NOTE, a->top_k);
        fprintf(fp, "</p>\n<table class=\"robust\"><tr><th>");
        tx(R, M_ENTERPRISE);
        fprintf(fp, "</th><th class=\"n\">");
        tx(R, M_IN_TOP);
        fprintf(fp, "</th><th class=\"n\">");
        tx(R, M_MEAN_RANK);
        fprintf(fp, "</th></tr>\n");
        size_t shown = cr->nagree_rows < 10 ? cr->nagree_rows : 10;
        for (size_t x = 0; x < shown; x++) {
            size_t i = cr->agree_rows[x];
            int64_t e = cr->common->ent[i];
            fprintf(fp, "<tr><td>");
            esc(R, cr_dataset_enterprise_name(R->ds, e));
            fprintf(fp, " <span class=\"sub\">");
            esc(R, cr_dataset_enterprise_id(R->ds, e));
            fprintf(fp, "</span></td><td class=\"n\">%zu / %zu</td><td class=\"n\">%.1f</td></tr>\n", a->in_top_k[i], m,
                    a->rank_mean[i]);
        }
        fprintf(fp, "</table>\n");
    }
    if (cr->nsmaa > 0) {
        const cr_compare_smaa *sm = &cr->smaa[0];
        fprintf(fp, "<h3>");
        tx(R, M_SMAA);
        fprintf(fp, "</h3>\n<p class=\"note\">");
        txf(R, M_SMAA_NOTE, cr_scheme_name(P->schemes[sm->scheme]), sm->r->samples, (unsigned long long)sm->r->seed);
        fprintf(fp, "</p>\n<table class=\"smaa\"><tr><th>");
        tx(R, M_ENTERPRISE);
        fprintf(fp, "</th><th class=\"n\">");
        tx(R, M_RANK);
        fprintf(fp, "</th><th>");
        txf(R, M_PR_TOP, sm->r->top_k);
        fprintf(fp, "</th></tr>\n");
        for (size_t x = 0; x < sm->shown; x++) {
            size_t row = sm->order[x];
            double pr = sm->r->pr_top_k[row];
            fprintf(fp, "<tr><td>");
            esc(R, cr_dataset_enterprise_name(R->ds, sm->ent[row]));
            fprintf(fp, "</td><td class=\"n\">%lld</td><td>", (long long)sm->scheme_rank[row]);
            double px = 260 * pr;
            const char *col = "#1e6fd9";
            char title[32];
            snprintf(title, sizeof title, "%.3f", pr);
            const char *tt = title;
            cr__svg_bar(fp, 1, &px, &col, &tt, 260, 14);
            fprintf(fp, " <span class=\"sub\">%.0f%%</span></td></tr>\n", 100 * pr);
        }
        fprintf(fp, "</table>\n");
    }
    cr_compare_report_free(cr);
    return CR_OK;
}

/* ---- the report ---- */

static cr_error_t chain_section(const rep *R, int32_t k, const uint8_t *is_tenant, int64_t ntenants)
{
    const cr_report_params *P = R->p;
    FILE *fp = R->fp;
    cr_gaps *g = NULL;
    cr_rank_result *res = NULL;
    double *contrib = NULL;
    cr_error_t rc;
    fprintf(fp, "<section class=\"chain\" id=\"chain-");
    esc(R, cr_dataset_chain_id(R->ds, k));
    fprintf(fp, "\"><h2>");
    tx(R, M_CHAIN);
    fprintf(fp, " · ");
    esc(R, cr_dataset_chain_name(R->ds, k));
    fprintf(fp, "</h2>\n");
    if ((rc = cr_gaps_compute(R->ctx, R->w->model, P->park, k, NULL, &g)) != CR_OK) goto done;
    if ((rc = panorama(R, g, is_tenant)) != CR_OK) goto done;
    gap_list(R, g);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = P->top;
    o.want_excluded = 1;
    o.want_matrix = 1;
    if ((rc = cr_rank_park(R->ctx, R->w->ranker, P->park, k, P->schemes[0], &o, &res)) != CR_OK) goto done;
    if (!(contrib = cr__calloc(R->ctx, (size_t)res->nrows * CR_NCRIT + 1, sizeof *contrib))) { rc = CR_ENOMEM; goto done; }
    if ((rc = targets(R, res, P->schemes[0], contrib)) != CR_OK) goto done;
    if ((rc = excluded(R, res, P->schemes[0])) != CR_OK) goto done;
    if ((rc = map(R, res, P->schemes[0], is_tenant, ntenants)) != CR_OK) goto done;
    if (P->nschemes >= 2 && (rc = schemes(R, k)) != CR_OK) goto done;
    fprintf(fp, "</section>\n");
done:
    free(contrib);
    cr_rank_result_free(res);
    cr_gaps_free(g);
    return rc;
}

cr_error_t cr_report_write(cr_ctx *ctx, const cr_world *w, const cr_report_params *p, FILE *fp)
{
    if (!w || !w->ds || !w->ranker || !p || !fp) return cr_ctx_fail(ctx, CR_EINVAL, "report: missing world, params or stream");
    const cr_dataset *ds = w->ds;
    if (p->park < 0 || p->park >= ds->npark) return cr_ctx_fail(ctx, CR_EINVAL, "report: park index out of range");
    if (p->nschemes < 1 || !p->schemes) return cr_ctx_fail(ctx, CR_EINVAL, "report: at least one scheme is needed");
    if (p->top < 1) return cr_ctx_fail(ctx, CR_EINVAL, "report: top must be >= 1, got %d", (int)p->top);
    for (int32_t c = 0; c < p->nchains; c++)
        if (p->chains[c] < 0 || p->chains[c] >= ds->nchain) return cr_ctx_fail(ctx, CR_EINVAL, "report: chain index out of range");
    const int32_t *chains = p->chains;
    int32_t nch = p->nchains;
    if (nch == 0) {
        nch = cr_dataset_park_chains(ds, p->park, &chains);
        if (nch == 0)
            return cr_ctx_fail(ctx, CR_ENOTFOUND, "park '%s' leads no chain: give --chain K", cr_dataset_park_id(ds, p->park));
    }
    rep R = {ctx, w, ds, p, fp, p->lang == CR_LANG_ZH ? CR_LANG_ZH : CR_LANG_EN, {0}};
    cr_dataset_get_info(ds, &R.di);
    uint8_t *is_tenant = cr__calloc(ctx, (size_t)ds->nent + 1, 1);
    if (!is_tenant) return CR_ENOMEM;
    int64_t ntenants = 0;
    for (int64_t e = 0; e < ds->nent; e++)
        if (cr_ranker_is_tenant(w->ranker, e, p->park)) {
            is_tenant[e] = 1;
            ntenants++;
        }
    char title[512];
    snprintf(title, sizeof title, "%s — %s", cr_dataset_park_name(ds, p->park), T(&R, M_TITLE));
    page_head(&R, title);
    fprintf(fp, "<header class=\"top\"><h1>");
    esc(&R, cr_dataset_park_name(ds, p->park));
    fprintf(fp, " <span style=\"font-weight:400;font-size:18px\">");
    esc(&R, cr_dataset_park_id(ds, p->park));
    fprintf(fp, "</span></h1>\n<p>");
    tx(&R, M_TITLE);
    fprintf(fp, " · ");
    tx(&R, M_SUBTITLE);
    fprintf(fp, "</p>\n<p>");
    tx(&R, M_DATASET);
    fprintf(fp, ": ");
    esc(&R, R.di.name);
    fprintf(fp, " · ");
    tx(&R, M_SCHEME);
    fprintf(fp, ": ");
    for (size_t i = 0; i < p->nschemes; i++) {
        if (i) fprintf(fp, ", ");
        esc(&R, cr_scheme_name(p->schemes[i]));
    }
    fprintf(fp, " (%s, %s)</p>\n<nav><p>", cr_mcda_method_get(cr_scheme_aggregation(p->schemes[0]))->name,
            cr_scheme_weighting(p->schemes[0]));
    if (p->index_href) {
        fprintf(fp, "<a href=\"");
        esc(&R, p->index_href);
        fprintf(fp, "\">← ");
        tx(&R, M_BACK_INDEX);
        fprintf(fp, "</a>");
    }
    fprintf(fp, "<a href=\"#park\">");
    tx(&R, M_PARK_CARD);
    fprintf(fp, "</a>");
    for (int32_t c = 0; c < nch; c++) {
        fprintf(fp, "<a href=\"#chain-");
        esc(&R, cr_dataset_chain_id(ds, chains[c]));
        fprintf(fp, "\">");
        esc(&R, cr_dataset_chain_name(ds, chains[c]));
        fprintf(fp, "</a>");
    }
    fprintf(fp, "</p></nav></header>\n");
    banner(&R);
    park_card(&R, chains, nch, is_tenant, ntenants);
    cr_error_t rc = CR_OK;
    for (int32_t c = 0; c < nch && rc == CR_OK; c++) rc = chain_section(&R, chains[c], is_tenant, ntenants);
    free(is_tenant);
    if (rc != CR_OK) return rc;
    page_foot(&R);
    if (ferror(fp)) return cr_ctx_fail(ctx, CR_EIO, "report: write error");
    return CR_OK;
}

cr_error_t cr_report_index_write(cr_ctx *ctx, const cr_dataset *ds, cr_lang lang, const cr_report_index_row *rows,
                                 size_t nrows, FILE *fp)
{
    if (!ds || !fp || (nrows && !rows)) return cr_ctx_fail(ctx, CR_EINVAL, "report index: missing dataset, rows or stream");
    cr_report_params p;
    cr_report_params_default(&p);
    p.lang = lang;
    rep R = {ctx, NULL, ds, &p, fp, lang == CR_LANG_ZH ? CR_LANG_ZH : CR_LANG_EN, {0}};
    cr_dataset_get_info(ds, &R.di);
    page_head(&R, T(&R, M_INDEX_TITLE));
    fprintf(fp, "<header class=\"top\"><h1>");
    tx(&R, M_INDEX_TITLE);
    fprintf(fp, "</h1><p>");
    tx(&R, M_DATASET);
    fprintf(fp, ": ");
    esc(&R, R.di.name);
    fprintf(fp, " · ");
    tx(&R, M_INDEX_NOTE);
    fprintf(fp, "</p></header>\n");
    banner(&R);
    fprintf(fp, "<section><table class=\"index\"><tr><th>");
    tx(&R, M_PARK);
    fprintf(fp, "</th><th>");
    tx(&R, M_CHAIN);
    fprintf(fp, "</th><th>");
    tx(&R, M_SCHEME);
    fprintf(fp, "</th><th>");
    tx(&R, M_TOP_TARGETS);
    fprintf(fp, "</th><th>");
    tx(&R, M_REPORT);
    fprintf(fp, "</th></tr>\n");
    for (size_t i = 0; i < nrows; i++) {
        const cr_report_index_row *r = &rows[i];
        fprintf(fp, "<tr class=\"job\"><td>");
        esc(&R, cr_dataset_park_name(ds, r->park));
        fprintf(fp, " <span class=\"sub\">");
        esc(&R, cr_dataset_park_id(ds, r->park));
        fprintf(fp, "</span></td><td>");
        esc(&R, cr_dataset_chain_name(ds, r->chain));
        fprintf(fp, "</td><td>");
        esc(&R, r->scheme ? r->scheme : "");
        fprintf(fp, "</td><td>");
        for (int32_t t = 0; t < r->ntop; t++) {
            if (t) fputs(R.lang == CR_LANG_ZH ? "、" : ", ", fp);
            fprintf(fp, "%d. ", (int)(t + 1));
            esc(&R, cr_dataset_enterprise_name(ds, r->top[t]));
        }
        if (!r->ntop) tx(&R, M_NONE);
        fprintf(fp, " <span class=\"sub\">(%lld / %lld)</span></td><td><a href=\"", (long long)r->nranked, (long long)r->ncand);
        esc(&R, r->href ? r->href : "");
        fprintf(fp, "\">");
        tx(&R, M_REPORT);
        fprintf(fp, "</a></td></tr>\n");
    }
    fprintf(fp, "</table></section>\n");
    page_foot(&R);
    if (ferror(fp)) return cr_ctx_fail(ctx, CR_EIO, "report index: write error");
    return CR_OK;
}
