/* Loaders on good input: the documented tiny dataset, a JSON parks file,
 * the CSV reader's edge cases (BOM, CRLF, quotes, embedded line breaks) and
 * the number and date parsers. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "data/dataset.h"
#include "data/fields.h"
#include "io/csv.h"
#include "io/json_locate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_tiny(cr_ctx *ctx)
{
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, "datasets/tiny", NULL, &ds));
    if (!ds) return;
    CR_TEST_INT(ds->nseg, 4);
    CR_TEST_INT(ds->nchain, 1);
    CR_TEST_INT(ds->npark, 2);
    CR_TEST_INT(ds->nent, 4);
    CR_TEST_INT(ds->nlink, 3);
    CR_TEST_INT(ds->nhist, 2);
    int32_t p2 = cr_dataset_find_park(ds, "P2");
    CR_TEST_STR(cr_dataset_park_name(ds, p2), "Hill Park, North");    /* quoted comma */
    CR_TEST_TRUE(isnan(ds->park_res[CR_RES_LAND][p2]));               /* empty = unlimited */
    int32_t p1 = cr_dataset_find_park(ds, "P1");
    CR_TEST_STR(cr_dataset_park_name(ds, p1), "东湖新区");
    CR_TEST_NEAR(ds->park_res[CR_RES_LAND][p1], 120, 0);
    CR_TEST_NEAR(ds->park_quota[CR_ENV_CO2][p1], 50000, 0);
    CR_TEST_TRUE(isnan(ds->park_cap[CR_ENV_CO2][p1]));
    int32_t port = cr__strtab_find(&ds->endow, "port", 4);
    CR_TEST_TRUE(port >= 0 && (ds->park_endow[p1] >> port & 1));
    int32_t mining = cr__strtab_find(&ds->cats, "mining", 6);
    CR_TEST_TRUE(mining >= 0 && (ds->park_banned[p1] >> mining & 1));
    int64_t e2 = cr_dataset_find_enterprise(ds, "E2");
    CR_TEST_INT(ds->ent_seg_off[e2 + 1] - ds->ent_seg_off[e2], 2);
    CR_TEST_STR(cr_dataset_segment_id(ds, ds->ent_seg[ds->ent_seg_off[e2]]), "car");
    CR_TEST_NEAR(ds->ent_share[ds->ent_seg_off[e2]], 0.8, 0);
    CR_TEST_NEAR(ds->ent_revenue[e2], 20000, 0);
    CR_TEST_INT(ds->ent_park[e2], p1);
    int64_t e4 = cr_dataset_find_enterprise(ds, "E4");
    CR_TEST_STR(cr_dataset_enterprise_name(ds, e4), "Pack Co., Ltd");
    CR_TEST_INT(ds->ent_park[e4], -1);
    CR_TEST_NEAR(ds->ent_need[CR_RES_LAND][e4], 8, 0);
    CR_TEST_NEAR(ds->ent_need[CR_RES_WATER][e4], 0, 0);                /* absent column = 0 */
    int32_t cell = cr_dataset_find_segment(ds, "cell");
    CR_TEST_NEAR(ds->seg_co2_bench[cell], 0.2, 0);
    CR_TEST_TRUE(ds->mem_key[ds->mem_off[0] + 1] == 1);
    CR_TEST_INT(ds->edge_off[1], 3);
    CR_TEST_NEAR(ds->edge_coef[1], 0.5, 0);
    CR_TEST_INT(ds->hist_stage[1], CR_HIST_LANDED);
    int32_t d;
    CR_TEST_INT(cr__parse_date("2024-11-02", 10, &d), 0);
    CR_TEST_INT(ds->hist_date[1], d);
    cr_dataset_info in;
    cr_dataset_get_info(ds, &in);
    CR_TEST_INT(in.n_tenants, 3);
    CR_TEST_STR(in.synthetic, "links,history");
    cr_dataset_free(ds);
}

static void test_parks_json(cr_ctx *ctx)
{
    cr_dataset *ds = NULL;
    CR_TEST_OK(cr_dataset_load(ctx, "tests/data/path3", NULL, &ds));
    if (!ds) return;
    CR_TEST_INT(ds->npark, 1);
    CR_TEST_STR(cr_dataset_park_name(ds, 0), "JSON park");
    CR_TEST_NEAR(ds->park_lat[0], 30.5, 0);
    CR_TEST_NEAR(ds->park_res[CR_RES_LAND][0], 50, 0);
    CR_TEST_NEAR(ds->park_quota[CR_ENV_CO2][0], 1000, 0);
    CR_TEST_TRUE(ds->park_endow[0] != 0 && ds->park_banned[0] != 0);
    const int32_t *ch;
    CR_TEST_INT(cr_dataset_park_chains(ds, 0, &ch), 1);
    cr_dataset_free(ds);
}

static void write_file(const char *path, const char *bytes, size_t n)
{
    FILE *fp = fopen(path, "wb");
    fwrite(bytes, 1, n, fp);
    fclose(fp);
}

static void test_csv_reader(cr_ctx *ctx)
{
    const char text[] = "\xEF\xBB\xBFid,name,note\r\n"
                        "1,\"a \"\"quoted\"\" name\",x\r\n"
                        "\r\n"
                        "2,\"two\nlines\",\"中文,逗号\"\r\n"
                        "3,,last";
    const char *path = "build_csv_reader_test.csv";
    write_file(path, text, sizeof text - 1);
    cr__csv *c;
    CR_TEST_OK(cr__csv_open(ctx, path, "t.csv", &c));
    cr__csv_status st;
    CR_TEST_OK(cr__csv_next(ctx, c, &st));
    CR_TEST_INT(st, CR__CSV_ROW);
    CR_TEST_STR(cr__csv_field(c, 0), "id");                 /* BOM stripped */
    CR_TEST_OK(cr__csv_next(ctx, c, &st));
    CR_TEST_STR(cr__csv_field(c, 1), "a \"quoted\" name");
    CR_TEST_INT(cr__csv_line(c), 2);
    CR_TEST_OK(cr__csv_next(ctx, c, &st));                   /* blank line skipped */
    CR_TEST_INT(cr__csv_line(c), 4);
    CR_TEST_STR(cr__csv_field(c, 1), "two\nlines");
    CR_TEST_STR(cr__csv_field(c, 2), "中文,逗号");
    CR_TEST_INT(cr__csv_fcol(c, 2), 8);                      /* column on the physical line: lines",[here] */
    CR_TEST_OK(cr__csv_next(ctx, c, &st));
    CR_TEST_INT(cr__csv_line(c), 6);                         /* the quoted line break counted */
    CR_TEST_INT(cr__csv_nfields(c), 3);
    CR_TEST_STR(cr__csv_field(c, 1), "");
    CR_TEST_STR(cr__csv_field(c, 2), "last");                /* no final newline */
    CR_TEST_OK(cr__csv_next(ctx, c, &st));
    CR_TEST_INT(st, CR__CSV_EOF);
    cr__csv_close(c);
    remove(path);
}

static void test_numbers(void)
{
    double v;
    CR_TEST_INT(cr__parse_double("0.05", 4, &v), 0);
    CR_TEST_TRUE(v == 0.05);
    CR_TEST_INT(cr__parse_double(" 12.5e3 ", 8, &v), 0);
    CR_TEST_TRUE(v == 12500.0);
    CR_TEST_INT(cr__parse_double("-3", 2, &v), 0);
    CR_TEST_TRUE(v == -3.0);
    CR_TEST_INT(cr__parse_double("0.1234567890123456789", 21, &v), 0);   /* long: strtod path */
    CR_TEST_TRUE(v == 0.1234567890123456789);
    CR_TEST_INT(cr__parse_double("2.2250738585072014e-308", 23, &v), 0);
    CR_TEST_TRUE(v == 2.2250738585072014e-308);
    CR_TEST_TRUE(cr__parse_double("1.2.3", 5, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("0x10", 4, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("12k", 3, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("", 0, &v) != 0);
    /* issue 18 §1.10: one grammar: any length, subnormals; no hex, inf, nan, lone dot */
    char longnum[200];
    int ln = snprintf(longnum, sizeof longnum, "12.5%0130d", 0);
    CR_TEST_INT(cr__parse_double(longnum, (size_t)ln, &v), 0);
    CR_TEST_TRUE(v == 12.5);
    CR_TEST_INT(cr__parse_double("5e-324", 6, &v), 0);
    CR_TEST_TRUE(v > 0 && v == 4.9406564584124654e-324);
    CR_TEST_INT(cr__parse_double(".5", 2, &v), 0);
    CR_TEST_TRUE(v == 0.5);
    CR_TEST_INT(cr__parse_double("1e400", 5, &v), 0);     /* a number, not finite: callers refuse */
    CR_TEST_TRUE(isinf(v));
    CR_TEST_TRUE(cr__parse_double("inf", 3, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("-nan", 4, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("Infinity", 8, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("0x1p3", 5, &v) != 0);
    CR_TEST_TRUE(cr__parse_double(".", 1, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("1e", 2, &v) != 0);
    CR_TEST_TRUE(cr__parse_double("1,5", 3, &v) != 0);
    /* every fast-path result equals strtod's */
    char buf[64];
    unsigned x = 12345;
    for (int i = 0; i < 20000; i++) {
        x = x * 1103515245u + 12345u;
        int n = snprintf(buf, sizeof buf, "%u.%0*u", x % 100000u, (int)(x >> 28) % 9 + 1, (x >> 8) % 1000000u);
        double a, b = strtod(buf, NULL);
        if (cr__parse_double(buf, (size_t)n, &a) != 0 || a != b) { CR_TEST_STR(buf, "parsed exactly"); break; }
    }
    int32_t d;
    CR_TEST_INT(cr__parse_date("1970-01-01", 10, &d), 0);
    CR_TEST_INT(d, 0);
    CR_TEST_INT(cr__parse_date("2024-03-01", 10, &d), 0);
    CR_TEST_INT(d, 19783);
    CR_TEST_TRUE(cr__parse_date("2023-02-29", 10, &d) != 0);
    CR_TEST_TRUE(cr__parse_date("2024-13-01", 10, &d) != 0);
}

static void test_json_locate(void)
{
    const char *t = "{\"a\": [1, {\"b\": \"x\"},\n  {\"b\": 2}]}";
    long line, col;
    CR_TEST_INT(cr__json_locate(t, strlen(t), "a[2].b", &line, &col), 1);
    CR_TEST_INT(line, 2);
    CR_TEST_INT(col, 9);
    CR_TEST_INT(cr__json_locate(t, strlen(t), "a[1]", &line, &col), 1);
    CR_TEST_INT(col, 11);
    CR_TEST_INT(cr__json_locate(t, strlen(t), "a[3]", &line, &col), 0);
    /* the index answers as the one-shot scan for every path, present or not */
    const char *u = "[{\"k\": {\"x\": [0, [1, {\"y\\\"z\": 2}]]}, \"k2\": \"s\"},\n \"\u00e9\", {\"k\": 3}]";
    cr__json_index *ix = cr__json_index_build(u, strlen(u));
    CR_TEST_TRUE(ix != NULL);
    static const char *const paths[] = {"", "[0]", "[0].k", "[0].k.x", "[0].k.x[1]", "[0].k.x[1][1].y\"z",
                                        "[0].k2", "[1]", "[2].k", "[3]", "k", "[0].k.x[2]"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        long l1 = -1, c1 = -1, l2 = -1, c2 = -1;
        int f1 = cr__json_locate(u, strlen(u), paths[i], &l1, &c1);
        int f2 = ix ? cr__json_index_find(ix, paths[i], &l2, &c2) : -1;
        if (f1 != f2 || l1 != l2 || c1 != c2) CR_TEST_STR(paths[i], "located alike");
    }
    long l = 0, c = 0;
    CR_TEST_INT(cr__json_locate(u, strlen(u), "[2].k", &l, &c), 1);
    CR_TEST_INT(l, 2);
    CR_TEST_INT(c, 13);
    cr__json_index_free(ix);
}

/* issue 18 §1.8: loading a JSON parks file with a diagnostic for every park
 * scans the text a bounded number of times, not once per park (counted, not
 * timed: 2,000 parks re-scanned per park would count ~1,000 texts). */
static void test_json_linear(void)
{
    char dir[] = "/tmp/cr_linear_XXXXXX";
    if (!mkdtemp(dir)) { CR_TEST_TRUE(0); return; }
    char path[256];
    static const char *const copy[] = {"chains.json", "enterprises.csv", "links.csv", "history.csv"};
    for (size_t i = 0; i < 4; i++) {
        char src[256];
        snprintf(src, sizeof src, "datasets/tiny/%s", copy[i]);
        snprintf(path, sizeof path, "%s/%s", dir, copy[i]);
        FILE *in = fopen(src, "rb"), *out = fopen(path, "wb");
        int ch;
        while (in && out && (ch = fgetc(in)) != EOF) fputc(ch, out);
        if (in) fclose(in);
        if (out) fclose(out);
    }
    snprintf(path, sizeof path, "%s/dataset.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("{\"format\": \"chainrank-dataset/1\", \"name\": \"lin\", \"chains\": \"chains.json\",\n"
          " \"parks\": \"parks.json\", \"enterprises\": \"enterprises.csv\", \"links\": \"links.csv\",\n"
          " \"history\": \"history.csv\"}\n", fp);
    fclose(fp);
    snprintf(path, sizeof path, "%s/parks.json", dir);
    fp = fopen(path, "w");
    fputs("{\"parks\": [\n", fp);
    enum { NPARK = 2000 };
    for (int i = 0; i < NPARK; i++)
        fprintf(fp, "%s {\"id\": \"P%d\", \"name\": \"Park %d\", \"level\": \"national\", \"province\": \"p\", "
                "\"city\": \"c\", \"lat\": 300, \"lon\": 114.4, \"chains\": [\"nev\"]}\n", i ? "," : "", i, i);
    fputs("]}\n", fp);
    long bytes = ftell(fp);
    fclose(fp);
    cr_ctx *ctx = cr_ctx_alloc();
    cr_dataset *ds = NULL;
    unsigned long long before = cr__json_scan_steps;
    CR_TEST_INT(cr_dataset_load(ctx, dir, NULL, &ds), CR_EDATA);   /* every park's lat is out of range */
    unsigned long long steps = cr__json_scan_steps - before;
    CR_TEST_TRUE(cr_ctx_ndiag_total(ctx) >= NPARK);
    if (steps > 3ULL * (unsigned long long)bytes + 4096) {
        fprintf(stderr, "json scan steps %llu for a %ld-byte parks.json\n", steps, bytes);
        CR_TEST_TRUE(0);
    }
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
    static const char *const all[] = {"chains.json", "enterprises.csv", "links.csv", "history.csv", "dataset.json",
                                      "parks.json"};
    for (size_t i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, all[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    test_tiny(ctx);
    test_parks_json(ctx);
    test_csv_reader(ctx);
    test_numbers();
    test_json_locate();
    test_json_linear();
    CR_TEST_INT(cr_ctx_ndiag_total(ctx), 0);
    cr_ctx_free(ctx);
    return cr_test_done();
}
