#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "core/core_internal.h"
#include "core/strtab.h"
#include "io/json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The id table: exact byte equality whatever the length (the inline
 * 10-byte prefix decides short ids alone; longer ones, ids sharing the
 * prefix, ids of 255+ bytes and ids holding a NUL go to the pool). */
static void test_strtab(cr_ctx *ctx)
{
    cr__strtab t;
    cr__strtab_init(&t);
    CR_TEST_INT(cr__strtab_find(&t, "x", 1), -1);
    enum { N = 3000 };
    static char ids[N][300];
    static size_t lens[N];
    for (int i = 0; i < N; i++) {
        int kind = i % 5;
        if (kind == 0) lens[i] = (size_t)snprintf(ids[i], sizeof ids[i], "E%d", i);                 /* short */
        else if (kind == 1) lens[i] = (size_t)snprintf(ids[i], sizeof ids[i], "%06d.SZ", i);        /* 9 bytes */
        else if (kind == 2) lens[i] = (size_t)snprintf(ids[i], sizeof ids[i], "0123456789-%d", i);  /* shared 10-byte prefix */
        else if (kind == 3) {                                                                      /* 255+ bytes */
            memset(ids[i], 'a' + i % 26, 280);
            lens[i] = 250 + (size_t)(i % 40);
            lens[i] += (size_t)snprintf(ids[i] + lens[i], 12, "%d", i);
        } else {                                                                                   /* a NUL inside */
            lens[i] = (size_t)snprintf(ids[i], sizeof ids[i], "N#%dxy", i);
            ids[i][1] = '\0';
        }
        int32_t idx;
        int added;
        CR_TEST_OK(cr__strtab_intern(ctx, &t, ids[i], lens[i], &idx, &added));
        CR_TEST_INT(idx, i);
        CR_TEST_INT(added, 1);
    }
    int bad = 0;
    for (int i = 0; i < N; i++) {
        if (cr__strtab_find(&t, ids[i], lens[i]) != i) bad++;
        /* a proper prefix of a kind 1 or 4 id is no id (in the other kinds it can be) */
        if ((i % 5 == 1 || i % 5 == 4) && cr__strtab_find(&t, ids[i], lens[i] - 1) >= 0) bad++;
        int32_t idx;
        int added;
        CR_TEST_OK(cr__strtab_intern(ctx, &t, ids[i], lens[i], &idx, &added));
        if (idx != i || added) bad++;
    }
    CR_TEST_INT(bad, 0);
    /* same length, same 10-byte prefix, last byte differs */
    char probe[300];
    memcpy(probe, ids[2], lens[2]);
    probe[lens[2] - 1] ^= 1;
    CR_TEST_INT(cr__strtab_find(&t, probe, lens[2]), -1);
    memcpy(probe, ids[3], lens[3]);
    probe[lens[3] - 1] ^= 1;
    CR_TEST_INT(cr__strtab_find(&t, probe, lens[3]), -1);
    CR_TEST_INT(cr__strtab_find(&t, "N", 1), -1);   /* the NUL ids are "N\0<i>xy", not "N" */
    CR_TEST_INT(cr__strtab_find(&t, "N\0004xy", 5), 4);
    CR_TEST_INT(cr__strtab_find(&t, "", 0), -1);
    cr__strtab_destroy(&t);
}

/* The shared whole-file reader and JSON parse (src/io): positions in
 * characters, text after the value refused only when asked, FIFOs and
 * directories refused by cr_read_file. */
static void test_io(cr_ctx *ctx)
{
    char *buf = NULL;
    size_t len = 0;
    CR_TEST_INT(cr_read_file(ctx, ".", "scheme", &buf, &len), CR_EIO);
    CR_TEST_STR(cr_ctx_errmsg(ctx), ".: scheme is a directory, not a file");
    CR_TEST_INT(cr_read_file(ctx, "no/such/file", "plan", &buf, &len), CR_EIO);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "no/such/file: cannot open plan: ") != NULL);
    FILE *fp = tmpfile();
    CR_TEST_TRUE(fp != NULL);
    for (int i = 0; i < 3000; i++) fputs("0123456789", fp);   /* past the first 4 KiB buffer */
    rewind(fp);
    CR_TEST_OK(cr_read_stream(ctx, fp, "tmp", "test", &buf, &len));
    CR_TEST_INT((long)len, 30000);
    CR_TEST_TRUE(buf[len] == 0 && buf[29999] == '9');
    free(buf);
    fclose(fp);

    /* issue 18 §1.13: control bytes from input are escaped where messages are stored */
    cr_ctx_fail(ctx, CR_EINVAL, "unknown park '%s'", "P\x1b[2J\a\n");
    CR_TEST_STR(cr_ctx_errmsg(ctx), "unknown park 'P\\x1B[2J\\x07\\x0A'");
    cr_ctx_clear(ctx);

    struct cJSON *root;
    cr__json_err je;
    const char *ok = "{\"a\": 1}\n \r\t";
    CR_TEST_INT(cr__json_parse_text(ok, strlen(ok), 1, &root, &je), CR__JSON_OK);
    CR_TEST_TRUE(root != NULL);
    cr__json_doc d = {ctx, "s.json", ok, strlen(ok)};
    cJSON_Delete(root);
    const char *bad = "{\"\u00e9\u00e9\": \"\xc3\xa9\xc3\xa9\", x}";   /* the error after 2-byte characters */
    CR_TEST_INT(cr__json_parse_text(bad, strlen(bad), 0, &root, &je), CR__JSON_SYNTAX);
    CR_TEST_TRUE(root == NULL);
    CR_TEST_INT(je.line, 1);
    CR_TEST_INT(je.col, 15);   /* characters; bytes would say 19 */
    const char *trail = "[1]\n  x";
    CR_TEST_INT(cr__json_parse_text(trail, strlen(trail), 0, &root, &je), CR__JSON_OK);
    cJSON_Delete(root);
    CR_TEST_INT(cr__json_parse_text(trail, strlen(trail), 1, &root, &je), CR__JSON_TRAILING);
    CR_TEST_TRUE(root == NULL);
    CR_TEST_INT(je.line, 2);
    CR_TEST_INT(je.col, 3);
    /* issue 18 §1.11: a repeated key is refused at its second occurrence, at
     * any depth, also when written with an escape; equal keys in different
     * objects are fine */
    const char *dup = "{\"a\": {\"x\": 1, \"y\": [{\"x\": 1}], \"y\": 2}}";
    CR_TEST_INT(cr__json_parse_text(dup, strlen(dup), 1, &root, &je), CR__JSON_INVALID);
    CR_TEST_TRUE(root == NULL);
    CR_TEST_INT(je.col, 33);
    CR_TEST_STR(je.why, "duplicate key \"y\" (first at line 1, column 16); a key may appear once in an object");
    const char *dup2 = "{\"ab\": 1,\n \"\\u0061b\": 2}";
    CR_TEST_INT(cr__json_parse_text(dup2, strlen(dup2), 1, &root, &je), CR__JSON_INVALID);
    CR_TEST_INT(je.line, 2);
    CR_TEST_INT(je.col, 2);
    const char *empty2 = "{\"\": 1, \"\": 2}";   /* empty keys: no pool bytes (fuzz_model found UB here) */
    CR_TEST_INT(cr__json_parse_text(empty2, strlen(empty2), 1, &root, &je), CR__JSON_INVALID);
    CR_TEST_INT(je.col, 9);
    const char *nodup = "[{\"a\": 1, \"b\": {\"a\": 2}}, {\"a\": 3, \"ab\": 1, \"b\": 4}]";
    CR_TEST_INT(cr__json_parse_text(nodup, strlen(nodup), 1, &root, &je), CR__JSON_OK);
    cJSON_Delete(root);
    /* §1.7: JSON text must be UTF-8; GBK bytes get the iconv hint */
    const char *gbk = "{\"name\": \"\xba\xfe\xb1\xb1\"}";
    CR_TEST_INT(cr__json_parse_text(gbk, strlen(gbk), 1, &root, &je), CR__JSON_INVALID);
    CR_TEST_INT(je.col, 11);
    CR_TEST_TRUE(strstr(je.why, "invalid UTF-8 (byte 0xBA)") && strstr(je.why, "iconv -f GBK -t UTF-8"));
    d.text = "{\n\"k\": [1,,2]}";
    d.len = strlen(d.text);
    CR_TEST_INT(cr__json_parse_doc(&d, &root), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "s.json:2:9: json: malformed JSON");
    d.text = "{\"k\": {\"w\": 2}}";
    d.len = strlen(d.text);
    CR_TEST_INT(cr__json_fail(&d, CR_EDATA, "k.w", "too %s", "big"), CR_EDATA);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "s.json:1:13: k.w: too big");
    CR_TEST_INT(cr__json_fail(&d, CR_EINVAL, "k.missing", "missing"), CR_EINVAL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "s.json:0:0: k.missing: missing");
}

/* cr_outfile: nothing under PATH until published; an unpublished temporary
 * is removed; a folder that does not exist fails with the temporary named. */
static void test_outfile(cr_ctx *ctx)
{
    char path[64];
    snprintf(path, sizeof path, "test_core_out.%ld.txt", (long)getpid());
    remove(path);
    cr_outfile f;
    CR_TEST_OK(cr_outfile_init(ctx, &f, path));
    fputs("half", f.fp);
    CR_TEST_TRUE(access(path, F_OK) != 0);
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s", f.tmp);
    cr_outfile_destroy(&f);
    CR_TEST_TRUE(access(tmp, F_OK) != 0);
    CR_TEST_TRUE(access(path, F_OK) != 0);
    CR_TEST_OK(cr_outfile_init(ctx, &f, path));
    fputs("whole", f.fp);
    CR_TEST_OK(cr_outfile_publish(ctx, &f));
    cr_outfile_destroy(&f);
    char *buf;
    size_t len;
    CR_TEST_OK(cr_read_file(ctx, path, "output", &buf, &len));
    CR_TEST_STR(buf, "whole");
    free(buf);
    remove(path);
    CR_TEST_INT(cr_outfile_init(ctx, &f, "no/such/dir/x"), CR_EIO);
    /* the user's path, not its temporary's (issue 18) */
    CR_TEST_STR(cr_ctx_errmsg(ctx), "cannot write no/such/dir/x: No such file or directory");
    cr_outfile_destroy(&f);
}

int main(void)
{
    cr_global_init();
    cr_ctx *ctx = cr_ctx_alloc();
    CR_TEST_TRUE(ctx != NULL);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "");
    CR_TEST_INT(cr_ctx_fail(ctx, CR_EDATA, "bad %s at %d", "row", 7), CR_EDATA);
    CR_TEST_STR(cr_ctx_errmsg(ctx), "bad row at 7");
    cr_ctx_set_diag_limit(ctx, 2);
    for (int i = 0; i < 5; i++)
        CR_TEST_OK(cr_ctx_add_diag(ctx, "f.csv", i + 1, 3, "lat", "value %d out of range", i));
    CR_TEST_INT(cr_ctx_ndiag(ctx), 2);
    CR_TEST_INT(cr_ctx_ndiag_total(ctx), 5);
    CR_TEST_STR(cr_ctx_diag(ctx, 1)->message, "value 1 out of range");
    CR_TEST_INT(cr_ctx_diag(ctx, 1)->line, 2);
    cr_ctx_clear(ctx);
    CR_TEST_INT(cr_ctx_ndiag(ctx), 0);
    void *p = NULL;
    size_t cap = 0;
    CR_TEST_OK(cr__grow(ctx, &p, &cap, 100, sizeof(double)));
    CR_TEST_TRUE(cap >= 100);
    free(p);
    test_strtab(ctx);
    test_io(ctx);
    test_outfile(ctx);
    cr_ctx_free(ctx);
    return cr_test_done();
}
