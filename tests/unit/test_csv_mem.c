/* The in-memory CSV reader (cr__csv_open_mem) must behave exactly as the file
 * reader on the same bytes: records, fields, lines, columns and diagnostics. */
#include "cr_test.h"

#include "io/csv.h"

#include <chainrank/chainrank.h>

#include <stdio.h>
#include <string.h>

static void write_file(const char *path, const char *text, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    fwrite(text, 1, n, fp);
    fclose(fp);
}

/* Reads every record of both readers side by side and compares them. */
static void same(cr_ctx *cf, cr_ctx *cm, const char *text, size_t n)
{
    const char *path = "build_csv_mem_test.csv";
    write_file(path, text, n);
    cr__csv *f = NULL, *m = NULL;
    CR_TEST_OK(cr__csv_open(cf, path, "t.csv", &f));
    CR_TEST_OK(cr__csv_open_mem(cm, text, n, "t.csv", &m));
    if (!f || !m) { cr__csv_close(f); cr__csv_close(m); remove(path); return; }
    int first = 1;
    for (;;) {
        cr__csv_status sf, sm;
        CR_TEST_OK(cr__csv_next(cf, f, &sf));
        CR_TEST_OK(cr__csv_next(cm, m, &sm));
        CR_TEST_INT(sf, sm);
        if (sf != sm || sf == CR__CSV_EOF) break;
        if (first && sf == CR__CSV_ROW) {
            CR_TEST_OK(cr__csv_take_header_names(cf, f));
            CR_TEST_OK(cr__csv_take_header_names(cm, m));
            first = 0;
        }
        CR_TEST_INT(cr__csv_line(f), cr__csv_line(m));
        if (sf != CR__CSV_ROW) continue;
        CR_TEST_INT(cr__csv_nfields(f), cr__csv_nfields(m));
        for (size_t i = 0; i < cr__csv_nfields(f) && i < cr__csv_nfields(m); i++) {
            CR_TEST_STR(cr__csv_field(f, i), cr__csv_field(m, i));
            CR_TEST_INT(cr__csv_flen(f, i), cr__csv_flen(m, i));
            CR_TEST_INT(cr__csv_fcol(f, i), cr__csv_fcol(m, i));
            CR_TEST_INT(cr__csv_fline(f, i), cr__csv_fline(m, i));
        }
    }
    CR_TEST_INT(cr__csv_bytes(f), cr__csv_bytes(m));
    CR_TEST_INT(cr_ctx_ndiag(cf), cr_ctx_ndiag(cm));
    for (size_t i = 0; i < cr_ctx_ndiag(cf) && i < cr_ctx_ndiag(cm); i++) {
        const cr_diag *a = cr_ctx_diag(cf, i), *b = cr_ctx_diag(cm, i);
        CR_TEST_INT(a->line, b->line);
        CR_TEST_INT(a->column, b->column);
        CR_TEST_STR(a->field, b->field);
        CR_TEST_STR(a->message, b->message);
    }
    cr__csv_close(f);
    cr__csv_close(m);
    cr_ctx_clear(cf);
    cr_ctx_clear(cm);
    remove(path);
}

int main(void)
{
    cr_global_init();
    cr_ctx *cf = cr_ctx_alloc(), *cm = cr_ctx_alloc();
    const char t1[] = "\xEF\xBB\xBFid,name,note\r\n"
                      "1,\"a \"\"quoted\"\" name\",x\r\n"
                      "\r\n"
                      "2,\"two\nlines\",\"中文,逗号\"\r\n"
                      "3,,last";
    same(cf, cm, t1, sizeof t1 - 1);
    /* bad records: quote in an unquoted field, text after a closing quote,
     * invalid UTF-8, a quote left open at the end */
    const char t2[] = "a,b\nx\"y,1\n\"q\"z,2\nok,\xff\n\"open,3\n";
    same(cf, cm, t2, sizeof t2 - 1);
    const char t3[] = "\r\n\n";
    same(cf, cm, t3, sizeof t3 - 1);
    same(cf, cm, "", 0);

    /* field lines: the field after a multi-line quoted field starts on a later line */
    cr__csv *m = NULL;
    const char t4[] = "h1,h2\n\"a\nb\",c\n";
    CR_TEST_OK(cr__csv_open_mem(cm, t4, sizeof t4 - 1, "t.csv", &m));
    cr__csv_status st;
    CR_TEST_OK(cr__csv_next(cm, m, &st));
    CR_TEST_OK(cr__csv_next(cm, m, &st));
    CR_TEST_INT(st, CR__CSV_ROW);
    CR_TEST_INT(cr__csv_line(m), 2);
    CR_TEST_INT(cr__csv_fline(m, 0), 2);
    CR_TEST_INT(cr__csv_fline(m, 1), 3);
    CR_TEST_INT(cr__csv_fcol(m, 1), 4);
    cr__csv_close(m);
    /* NULL text of length 0 is an empty file */
    CR_TEST_OK(cr__csv_open_mem(cm, NULL, 0, "t.csv", &m));
    CR_TEST_OK(cr__csv_next(cm, m, &st));
    CR_TEST_INT(st, CR__CSV_EOF);
    cr__csv_close(m);

    cr_ctx_free(cf);
    cr_ctx_free(cm);
    return cr_test_done();
}
