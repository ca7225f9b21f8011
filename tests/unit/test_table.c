/* The typed table (include/chainrank/cr_table.h): its tidy CSV byte for byte,
 * the remembered type errors and their refusal by both writers, and the
 * workbook writer's reproducible bytes, atomic write and sheet-name rules.
 * Every cell of real workbooks is read back against JSON by
 * tests/cli/xlsx_readback.sh. */
#include <chainrank/chainrank.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cr_test.h"

static char dir[] = "/tmp/cr_test_table_XXXXXX";   /* mkdtemp: the test's scratch folder */

static cr_table *sample(cr_ctx *ctx, const char *en, const char *zh)
{
    cr_table *t = NULL;
    CR_TEST_OK(cr_table_alloc(ctx, en, zh, &t));
    const cr_table_col cols[] = {{"id", "id", "代码", CR_COL_TEXT, 10, 0},
                                 {"rank", "rank", "排名", CR_COL_INT, 0, 0},
                                 {"score", "score", "得分", CR_COL_REAL, 9, 4},
                                 {"share", "share", "占比", CR_COL_PERCENT, 8, 1},
                                 {"key", "key link", NULL, CR_COL_BOOL, 0, 0}};
    for (int j = 0; j < 5; j++) CR_TEST_INT(cr_table_add_col(t, &cols[j]), j);
    cr_table_row(t);
    cr_table_text(t, 0, "E1");
    cr_table_int(t, 1, 1);
    cr_table_real(t, 2, 0.1 + 0.2);          /* 0.30000000000000004: all 17 digits in the CSV */
    cr_table_real(t, 3, 0.35);
    cr_table_bool(t, 4, 7);                   /* any non-zero is true */
    cr_table_row(t);
    cr_table_text(t, 0, "Pack Co., \"Ltd\"\n宁远");   /* comma, quote and line break: quoted, "" */
    cr_table_real(t, 2, NAN);                /* missing, as is what is never set */
    cr_table_real(t, 3, INFINITY);
    cr_table_bool(t, 4, 0);
    cr_table_row(t);                          /* an all-missing row */
    return t;
}

static char *csv_of(cr_ctx *ctx, const cr_table *t, int header, cr_error_t *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    *rc = cr_table_write_csv(ctx, t, fp, header);
    fclose(fp);
    return buf;
}

static void test_csv(cr_ctx *ctx)
{
    cr_table *t = sample(ctx, "targets", "目标企业");
    cr_error_t rc;
    char *s = csv_of(ctx, t, 1, &rc);
    CR_TEST_OK(rc);
    CR_TEST_STR(s, "id,rank,score,share,key\n"
                   "E1,1,0.30000000000000004,0.34999999999999998,true\n"
                   "\"Pack Co., \"\"Ltd\"\"\n宁远\",,,,false\n"
                   ",,,,\n");
    free(s);
    s = csv_of(ctx, t, 0, &rc);   /* stacking: no header */
    CR_TEST_TRUE(s && !strncmp(s, "E1,1,", 5));
    free(s);
    CR_TEST_INT(cr_table_ncols(t), 5);
    CR_TEST_INT(cr_table_nrows(t), 3);
    CR_TEST_STR(cr_table_col_get(t, 4)->zh, "key link");   /* zh NULL: the English heading */
    CR_TEST_TRUE(cr_table_col_get(t, 5) == NULL);
    cr_table_free(t);
    cr_lang l = CR_LANG_EN;
    CR_TEST_INT(cr_lang_parse("zh", &l), 0);
    CR_TEST_INT(l, CR_LANG_ZH);
    CR_TEST_INT(cr_lang_parse("fr", &l), -1);
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static void test_type_errors(cr_ctx *ctx)
{
    cr_table *t = sample(ctx, "targets", NULL);
    cr_table_row(t);
    cr_table_int(t, 0, 5);            /* an integer in the text column */
    cr_table_text(t, 0, "later");     /* ignored after the first problem */
    CR_TEST_INT(cr_table_check(ctx, t), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "table targets: column id: an integer value in a column of another type");
    cr_error_t rc;
    free(csv_of(ctx, t, 1, &rc));
    CR_TEST_INT(rc, CR_EINVAL);
    char path[64];
    snprintf(path, sizeof path, "%s/bad.xlsx", dir);
    remove(path);
    const cr_table *one[] = {t};
    CR_TEST_INT(cr_workbook_write(ctx, path, one, 1, CR_LANG_EN), CR_EINVAL);
    CR_TEST_TRUE(!exists(path));
    cr_table_free(t);

    CR_TEST_OK(cr_table_alloc(ctx, "x", NULL, &t));
    cr_table_col c = {"a", "a", NULL, CR_COL_REAL, 0, -1};
    cr_table_add_col(t, &c);
    cr_table_row(t);
    cr_table_bool(t, 0, 1);
    CR_TEST_INT(cr_table_check(ctx, t), CR_EINVAL);
    cr_table_free(t);
    CR_TEST_OK(cr_table_alloc(ctx, "x", NULL, &t));
    cr_table_add_col(t, &c);
    cr_table_row(t);
    c.name = "b";
    CR_TEST_INT(cr_table_add_col(t, &c), -1);   /* a column after the first row */
    CR_TEST_INT(cr_table_check(ctx, t), CR_EINVAL);
    cr_table_free(t);
    CR_TEST_OK(cr_table_alloc(ctx, "x", NULL, &t));
    cr_table_text(t, 0, "no row yet");
    CR_TEST_INT(cr_table_check(ctx, t), CR_EINVAL);
    cr_table_free(t);
}

static unsigned char *slurp(const char *path, long *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    *n = ftell(fp);
    rewind(fp);
    unsigned char *b = malloc((size_t)*n + 1);
    if (b && fread(b, 1, (size_t)*n, fp) != (size_t)*n) { free(b); b = NULL; }
    fclose(fp);
    return b;
}

static void test_workbook(cr_ctx *ctx)
{
    /* a 40-character Chinese title: cut to 31 characters at a character boundary; [ ] : * ? / \ become _ */
    cr_table *a = sample(ctx, "targets: top/all?", "目标企业目标企业目标企业目标企业目标企业目标企业目标企业目标企业目标企业目标企业");
    cr_table *b = sample(ctx, "weights", "权重");
    const cr_table *both[] = {a, b};
    char p1[64], p2[64];
    snprintf(p1, sizeof p1, "%s/1.xlsx", dir);
    snprintf(p2, sizeof p2, "%s/2.xlsx", dir);
    CR_TEST_OK(cr_workbook_write(ctx, p1, both, 2, CR_LANG_ZH));
    sleep(1);   /* a creation time in seconds would change the bytes */
    CR_TEST_OK(cr_workbook_write(ctx, p2, both, 2, CR_LANG_ZH));
    long n1 = 0, n2 = 0;
    unsigned char *b1 = slurp(p1, &n1), *b2 = slurp(p2, &n2);
    CR_TEST_TRUE(b1 && b2 && n1 > 1000 && n1 == n2 && !memcmp(b1, b2, (size_t)n1));
    CR_TEST_TRUE(b1 && b1[0] == 'P' && b1[1] == 'K');
    free(b1);
    free(b2);
    CR_TEST_OK(cr_workbook_write(ctx, p2, both, 2, CR_LANG_EN));   /* "targets_ top_all_" is a valid name */
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", p2, (long)getpid());
    CR_TEST_TRUE(!exists(tmp));
    /* two sheets of one name: refused, nothing written */
    const cr_table *twice[] = {b, b};
    remove(p2);
    CR_TEST_INT(cr_workbook_write(ctx, p2, twice, 2, CR_LANG_EN), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "sheet 'weights'") != NULL);
    CR_TEST_TRUE(!exists(p2) && !exists(tmp));
    CR_TEST_INT(cr_workbook_write(ctx, p2, twice, 0, CR_LANG_EN), CR_EINVAL);
    CR_TEST_INT(cr_workbook_write(ctx, "/nonexistent-dir/x.xlsx", both, 2, CR_LANG_EN), CR_EIO);
    remove(p1);
    remove(p2);
    cr_table_free(a);
    cr_table_free(b);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    if (!mkdtemp(dir)) return 2;
    test_csv(ctx);
    test_type_errors(ctx);
    test_workbook(ctx);
    rmdir(dir);
    cr_ctx_free(ctx);
    return cr_test_done();
}
