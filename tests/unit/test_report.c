/* The report's pieces: the phrase and message tables (every row in both
 * languages, the same printf arguments in both columns, no English words in
 * the Chinese column), the layered layout (igraph Sugiyama: layers kept,
 * bends on long edges), the panorama SVG (one node per segment with its
 * status class and colour, one path per edge, widths by coefficient), the
 * projection, the outline loader's errors, and the whole report on
 * datasets/tiny (sections present, Chinese explanations, same bytes for 1
 * and 3 threads). */
#include "rank_world.h"
#include "graph/layout.h"
#include "rank/phrases.h"
#include "report/report_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The argument types a printf format reads, in argument order: one letter
 * each ('i' int, 'l' long long, 'z' size_t, 'd' double, 's' string, 'L'
 * unsigned long long); positional %N$ conversions are placed at N. */
static void arg_types(const char *f, char *out, size_t n)
{
    memset(out, 0, n);
    size_t next = 0;
    for (const char *p = f; *p; p++) {
        if (*p != '%') continue;
        p++;
        if (*p == '%') continue;
        size_t at = next;
        const char *q = p;
        while (isdigit((unsigned char)*q)) q++;
        if (*q == '$') {
            at = (size_t)atoi(p) - 1;
            p = q + 1;
        }
        while (strchr("-+ #0", *p)) p++;
        if (*p == '*') { out[at++] = 'i'; p++; }
        while (isdigit((unsigned char)*p)) p++;
        if (*p == '.') {
            p++;
            if (*p == '*') { out[at++] = 'i'; p++; }
            while (isdigit((unsigned char)*p)) p++;
        }
        char len = 0;
        if (*p == 'l' && p[1] == 'l') { len = 'L'; p += 2; }
        else if (*p == 'l' || *p == 'z') len = *p++;
        char t = strchr("fgeG", *p) ? 'd' : *p == 's' ? 's' : len == 'L' ? (*p == 'u' ? 'L' : 'l') : len == 'z' ? 'z' : 'i';
        if (at < n - 1) out[at] = t;
        next = at + 1;
    }
}

/* 1 if s (a Chinese text) holds a run of 3+ ASCII letters outside printf
 * conversions that is not one of the allowed names. */
static int has_english(const char *s)
{
    static const char *const ok[] = {"PageRank", "Spearman", "SMAA", "DataV", "GeoAtlas", "docs", "report", "md", "chainrank", NULL};
    for (const char *p = s; *p;) {
        if (*p == '%') {   /* skip a conversion */
            p++;
            while (*p && !isalpha((unsigned char)*p)) p++;
            while (*p == 'l' || *p == 'z') p++;
            if (*p) p++;
            continue;
        }
        if (!isalpha((unsigned char)*p)) { p++; continue; }
        const char *q = p;
        while (isalpha((unsigned char)*q)) q++;
        size_t len = (size_t)(q - p);
        int allowed = len < 3;
        for (int i = 0; ok[i] && !allowed; i++) allowed = strlen(ok[i]) == len && !strncmp(ok[i], p, len);
        if (!allowed) return 1;
        p = q;
    }
    return 0;
}

static void test_tables(void)
{
    char a[16], b[16];
    for (int i = 0; i < CR__P_COUNT; i++) {
        const char *en = cr__phrases[i][CR_LANG_EN], *zh = cr__phrases[i][CR_LANG_ZH];
        CR_TEST_TRUE(en != NULL && zh != NULL);
        if (!en || !zh) continue;
        arg_types(en, a, sizeof a);
        arg_types(zh, b, sizeof b);
        if (strcmp(a, b) != 0) fprintf(stderr, "phrase %d: '%s' reads %s, '%s' reads %s\n", i, en, a, zh, b);
        CR_TEST_STR(a, b);
        if (has_english(zh)) fprintf(stderr, "phrase %d: English in '%s'\n", i, zh);
        CR_TEST_TRUE(!has_english(zh));
    }
    for (int i = 0; i < M_COUNT; i++) {
        const char *en = cr__msg_text_col((cr__msg)i, CR_LANG_EN), *zh = cr__msg_text_col((cr__msg)i, CR_LANG_ZH);
        CR_TEST_TRUE(en && *en && zh && *zh);
        if (!en || !zh) continue;
        arg_types(en, a, sizeof a);
        arg_types(zh, b, sizeof b);
        CR_TEST_STR(a, b);
        if (has_english(zh)) fprintf(stderr, "message %d: English in '%s'\n", i, zh);
        CR_TEST_TRUE(!has_english(zh));
    }
    /* the terms stay in both languages */
    CR_TEST_TRUE(strstr(cr__msg_text(M_GAP_SUPPLEMENT, CR_LANG_EN), "补链") != NULL);
    CR_TEST_TRUE(strstr(cr__msg_text(M_ST_WEAK, CR_LANG_EN), "强链") != NULL);
    CR_TEST_TRUE(strstr(cr__msg_text(M_GAP_EXTEND, CR_LANG_EN), "延链") != NULL);
    CR_TEST_TRUE(strstr(cr__msg_text(M_CHAIN_LEADER, CR_LANG_EN), "链主") != NULL);
    CR_TEST_TRUE(strstr(cr__msg_text(M_UNIT_MU, CR_LANG_EN), "亩") != NULL);
    /* the checker itself: a swapped argument and an English word are caught */
    arg_types("%s load %.4g", a, sizeof a);
    arg_types("%.4g load %s", b, sizeof b);
    CR_TEST_TRUE(strcmp(a, b) != 0);
    arg_types("%1$s of %2$s", a, sizeof a);
    arg_types("%2$s的%1$s", b, sizeof b);
    CR_TEST_STR(a, b);
    CR_TEST_TRUE(has_english("候选池：tenant"));
    CR_TEST_TRUE(!has_english("碳排放%.3g吨"));
}

static void test_layout(cr_ctx *ctx)
{
    /* 0 (layer 0) -> 1, 2 (layer 1) -> 3 (layer 2), and 0 -> 3 spanning two layers */
    const int32_t layer[4] = {0, 1, 1, 2}, from[4] = {0, 0, 1, 0}, to[4] = {1, 2, 3, 3};
    cr__layered L;
    CR_TEST_OK(cr__layout_layered(ctx, 4, layer, 4, from, to, &L));
    CR_TEST_INT(L.n, 4);
    CR_TEST_INT(L.ndummy, 1);
    for (int v = 0; v < 4; v++) CR_TEST_INT(L.layer[v], layer[v]);
    CR_TEST_TRUE(fabs(L.pos[1] - L.pos[2]) >= 1.0 - 1e-9);   /* hgap 1 within a layer */
    CR_TEST_INT(L.bend_off[3] - L.bend_off[2], 0);
    CR_TEST_INT(L.bend_off[4] - L.bend_off[3], 1);           /* the long edge bends once ... */
    CR_TEST_INT(L.layer[L.bend[L.bend_off[3]]], 1);          /* ... in the middle layer */
    cr__layered_destroy(&L);
    /* an edge out of range is refused, not passed to igraph */
    const int32_t bad_to[1] = {7};
    CR_TEST_INT(cr__layout_layered(ctx, 4, layer, 1, from, bad_to, &L), CR_EINVAL);
}

static char *svg_of(cr_ctx *ctx, const cr__panorama *pn, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    CR_TEST_TRUE(fp != NULL);
    if (!fp) return NULL;
    CR_TEST_OK(cr__svg_panorama(ctx, fp, pn));
    fclose(fp);
    return buf;
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

static void test_panorama(cr_ctx *ctx)
{
    const char *label[5] = {"矿 & ore", "电芯", "电池包", "整车", "回收"}, *id[5] = {"a", "b", "c", "d", "e"};
    const char *ten[5] = {"甲", "", "乙、丙 等3家", "", ""};
    const int8_t stage[5] = {0, 1, 1, 2, 2}, status[5] = {CR_GAP_MISSING, CR_GAP_STRONG, CR_GAP_WEAK, CR_GAP_EXTENSION,
                                                          CR_GAP_ABSENT};
    const uint8_t key[5] = {0, 1, 0, 0, 0};
    const double cov[5] = {0, 2.5, 0.4, NAN, NAN};
    const int32_t from[4] = {0, 1, 2, 0}, to[4] = {1, 2, 3, 3};
    const double coef[4] = {0.3, 0.05, 0.6, 0.15};
    cr__panorama pn = {5, label, id, stage, status, key, cov, ten, 4, from, to, coef, {"U", "M", "D"}, "key", "cov"};
    size_t len = 0;
    char *svg = svg_of(ctx, &pn, &len);
    if (!svg) return;
    CR_TEST_INT(count(svg, "<g class=\"seg "), 5);
    CR_TEST_INT(count(svg, "class=\"seg st-missing\" data-segment=\"a\" data-status=\"missing\""), 1);
    CR_TEST_INT(count(svg, "class=\"seg st-strong\" data-segment=\"b\""), 1);
    CR_TEST_INT(count(svg, "class=\"seg st-weak\""), 1);
    CR_TEST_INT(count(svg, "class=\"seg st-extension\""), 1);
    CR_TEST_INT(count(svg, "class=\"seg st-absent\""), 1);
    CR_TEST_INT(count(svg, cr__status_fill(CR_GAP_MISSING)), 1);
    CR_TEST_INT(count(svg, "<path class=\"io\""), 4);
    CR_TEST_INT(count(svg, "stroke-width=\"8.0\""), 1);        /* the largest coefficient: 1 + 7 */
    CR_TEST_INT(count(svg, "data-coef=\"0.6000\" stroke-width=\"8.0\""), 1);
    CR_TEST_INT(count(svg, "★ "), 1);                           /* one key link */
    CR_TEST_INT(count(svg, "矿 &amp; ore"), 2);                 /* escaped, in the title and the label */
    CR_TEST_INT(count(svg, "cov: –"), 2);                       /* no local demand */
    CR_TEST_INT(count(svg, "cov: 250%"), 1);
    CR_TEST_INT(count(svg, "乙、丙 等3家"), 1);
    CR_TEST_TRUE(strstr(svg, "http") == NULL);
    /* the same bytes twice */
    size_t len2 = 0;
    char *svg2 = svg_of(ctx, &pn, &len2);
    CR_TEST_TRUE(svg2 && len2 == len && !memcmp(svg, svg2, len));
    free(svg);
    free(svg2);
}

static void test_projection(void)
{
    const double lon[2] = {114.0, 116.0}, lat[2] = {30.0, 32.0};
    cr__proj pj;
    cr__proj_fit(&pj, lon, lat, 2, 1000, 600);
    double x, y, x2, y2;
    cr__proj_xy(&pj, 115.0, 31.0, &x, &y);
    CR_TEST_NEAR(x, 500, 1e-9);
    CR_TEST_NEAR(y, 300, 1e-9);
    cr__proj_xy(&pj, 115.0, 32.0, &x2, &y2);
    CR_TEST_NEAR(y - y2, pj.k, 1e-9);                            /* north is up, k pixels a degree */
    cr__proj_xy(&pj, 116.0, 31.0, &x2, &y2);
    CR_TEST_NEAR(x2 - x, pj.k * cos(31.0 * 3.14159265358979323846 / 180), 1e-9);
    CR_TEST_TRUE(pj.k * 2 * 1.24 <= 600 + 1e-9);                 /* the points and the margin fit */
}

static void test_outlines(cr_ctx *ctx)
{
    char path[] = "/tmp/cr_outlines_XXXXXX";
    int fd = mkstemp(path);
    CR_TEST_TRUE(fd >= 0);
    if (fd < 0) return;
    FILE *fp = fdopen(fd, "w");
    fputs("{\"format\": \"chainrank-outlines/1\", \"cities\": [\n"
          " {\"name\": \"A\", \"province\": \"P\", \"rings\": [[[114, 30], [115, 30], [115, 31], [114, 30]]]},\n"
          " {\"name\": \"B\", \"province\": \"P\", \"rings\": [[[114, 30], [500, 30]]]}]}\n", fp);
    fclose(fp);
    cr_report_outlines *o = NULL;
    CR_TEST_INT(cr_report_outlines_load(ctx, path, &o), CR_EDATA);
    CR_TEST_TRUE(o == NULL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), ":3:") != NULL);     /* the line of the bad point */
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "cities[1].rings[0][1]") != NULL);
    fp = fopen(path, "w");
    fputs("{\"format\": \"chainrank-outlines/1\", \"cities\": [\n"
          " {\"name\": \"A\", \"province\": \"P\", \"rings\": [[[114, 30], [115, 30], [115, 31], [114, 30]]]}]}\n", fp);
    fclose(fp);
    CR_TEST_OK(cr_report_outlines_load(ctx, path, &o));
    CR_TEST_TRUE(o && o->ncity == 1 && o->pt_off[1] == 4 && o->bbox[2] == 115);
    cr_report_outlines_free(o);
    remove(path);
}

static char *report_of(cr_ctx *ctx, const world *w, const cr_report_params *p, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (!fp) return NULL;
    CR_TEST_OK(cr_report_write(ctx, w, p, fp));
    fclose(fp);
    return buf;
}

static void test_tiny_report(cr_ctx *ctx)
{
    world w;
    if (!world_load(ctx, &w, "datasets/tiny")) return;
    cr_scheme *s[2] = {NULL, NULL};
    CR_TEST_OK(cr_scheme_load(ctx, "datasets/schemes/balanced.json", &s[0]));
    CR_TEST_OK(cr_scheme_load(ctx, "datasets/schemes/chain-first.json", &s[1]));
    cr_report_params p;
    cr_report_params_default(&p);
    p.park = cr_dataset_find_park(w.ds, "P2");
    p.schemes = (const cr_scheme *const *)s;
    p.nschemes = 2;
    p.smaa_samples = 100;
    size_t n1 = 0, n3 = 0;
    cr_ctx_set_threads(ctx, 1);
    char *r1 = report_of(ctx, &w, &p, &n1);
    cr_ctx_set_threads(ctx, 3);
    char *r3 = report_of(ctx, &w, &p, &n3);
    CR_TEST_TRUE(r1 && r3 && n1 == n3 && !memcmp(r1, r3, n1));
    if (r1) {
        CR_TEST_INT(count(r1, "default-src 'none'"), 1);
        CR_TEST_INT(count(r1, "<g class=\"seg "), 4);          /* tiny's nev has 4 segments */
        CR_TEST_INT(count(r1, "<tr class=\"target\""), 3);     /* P2 ranks 3 candidates */
        CR_TEST_TRUE(count(r1, "class=\"part\"") >= 3);
        CR_TEST_TRUE(strstr(r1, "部分数据为合成或推断数据") != NULL);   /* tiny declares links, history synthetic */
        CR_TEST_TRUE(strstr(r1, "方案一致性") != NULL);
        CR_TEST_TRUE(strstr(r1, "binding") == NULL && strstr(r1, "partners:") == NULL);   /* no English reasons */
        CR_TEST_TRUE(strstr(r1, "<script") == NULL);
    }
    /* a park that leads no chain and no chain given: a clear refusal */
    p.nschemes = 1;
    p.park = -1;
    size_t n = 0;
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, &n);
    CR_TEST_INT(cr_report_write(ctx, &w, &p, fp), CR_EINVAL);
    fclose(fp);
    free(buf);
    free(r1);
    free(r3);
    cr_scheme_free(s[0]);
    cr_scheme_free(s[1]);
    world_free(&w);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_tables();
    test_layout(ctx);
    test_panorama(ctx);
    test_projection();
    test_outlines(ctx);
    test_tiny_report(ctx);
    cr_ctx_free(ctx);
    return cr_test_done();
}
