/* enterprises.csv and links.csv read on threads (src/data/load_csv.c "Rows
 * on threads"): the dataset is the one the serial read gives, array for
 * array (everything a snapshot records: cr__dataset_visit), and a file with
 * problems gives the serial read's diagnostics, warnings and code, whichever
 * part holds the problem. The threshold is set to 0 so small files take the
 * parallel path; cr__csv_par_merged counts the files it loaded.
 *
 * With a dataset folder as argument it compares that folder's serial and
 * parallel loads instead (e.g. the 1 M benchmark dataset, by hand). */
#include "cr_test.h"

#include "data/dataset_visit.h"
#include "data/load.h"
#include "io/csv.h"

#include <chainrank/chainrank.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

/* ---- the dataset as bytes: every array cr__dataset_visit names ---------- */

typedef struct {
    cr__snap_visit v;
    unsigned char *buf;
    size_t len, cap;
} dump;

static void put(dump *d, const void *p, size_t n)
{
    if (d->len + n > d->cap) {
        size_t c = d->cap ? d->cap : 4096;
        while (c < d->len + n) c *= 2;
        unsigned char *b = realloc(d->buf, c);
        if (!b) abort();
        d->buf = b;
        d->cap = c;
    }
    if (n) memcpy(d->buf + d->len, p, n);
    d->len += n;
}

static cr_error_t dump_array(cr__snap_visit *v, void *field, size_t elem, size_t n, int opt)
{
    (void)opt;
    dump *d = (dump *)v;
    const void *p = *(void *const *)field;
    uint64_t head[3] = {elem, n, p != NULL};
    put(d, head, sizeof head);
    if (p && n != CR__SNAP_ANY && n != CR__SNAP_BAD) put(d, p, elem * n);
    return CR_OK;
}

static void dump_ds(cr_dataset *ds, dump *d)
{
    memset(d, 0, sizeof *d);
    d->v.array = dump_array;
    if (ds) CR_TEST_OK(cr__dataset_visit(ds, &d->v, 0));
}

/* ---- one load: code, diagnostics, warnings, the dataset's bytes --------- */

typedef struct {
    cr_error_t rc;
    char *msgs;       /* every diagnostic and warning, one a line */
    dump d;
} result;

static void notes(cr_ctx *ctx, int warn, dump *out)
{
    size_t n = warn ? cr_ctx_nwarn(ctx) : cr_ctx_ndiag(ctx);
    for (size_t i = 0; i < n; i++) {
        const cr_diag *g = warn ? cr_ctx_warning(ctx, i) : cr_ctx_diag(ctx, i);
        char line[1024];
        int w = snprintf(line, sizeof line, "%s %s:%ld:%ld: %s: %s\n", warn ? "W" : "E", g->file, g->line, g->column,
                         g->field, g->message);
        put(out, line, (size_t)w);
    }
    char tot[64];
    int w = snprintf(tot, sizeof tot, "total %zu\n", warn ? cr_ctx_nwarn_total(ctx) : cr_ctx_ndiag_total(ctx));
    put(out, tot, (size_t)w);
}

static void load(const char *dir, int threads, result *r)
{
    cr_ctx *ctx = cr_ctx_alloc();
    cr_ctx_set_threads(ctx, threads);
    cr_ctx_set_snapshot(ctx, 0, NULL);
    cr_dataset *ds = NULL;
    r->rc = cr_dataset_load(ctx, dir, NULL, &ds);
    dump m;
    memset(&m, 0, sizeof m);
    notes(ctx, 0, &m);
    notes(ctx, 1, &m);
    put(&m, "", 1);
    r->msgs = (char *)m.buf;
    dump_ds(ds, &r->d);
    cr_dataset_free(ds);
    cr_ctx_free(ctx);
}

static void result_free(result *r)
{
    free(r->msgs);
    free(r->d.buf);
}

/* The ordinal of the first array (in cr__dataset_visit's order) where two dumps differ. */
static long first_diff(const dump *a, const dump *b)
{
    size_t i = 0, j = 0;
    for (long k = 0; i + 24 <= a->len && j + 24 <= b->len; k++) {
        uint64_t ha[3], hb[3];
        memcpy(ha, a->buf + i, sizeof ha);
        memcpy(hb, b->buf + j, sizeof hb);
        size_t la = ha[2] && ha[1] != CR__SNAP_ANY ? ha[0] * ha[1] : 0, lb = hb[2] && hb[1] != CR__SNAP_ANY ? hb[0] * hb[1] : 0;
        if (memcmp(ha, hb, sizeof ha) || memcmp(a->buf + i + 24, b->buf + j + 24, la < lb ? la : lb)) {
            fprintf(stderr, "array %ld: elem %llu/%llu n %llu/%llu\n", k, (unsigned long long)ha[0], (unsigned long long)hb[0],
                    (unsigned long long)ha[1], (unsigned long long)hb[1]);
            return k;
        }
        i += 24 + la;
        j += 24 + lb;
    }
    return -1;
}

/* Loads dir serially (1 thread) and on threads; both must agree. Returns the
 * files the parallel path merged. */
static unsigned long same_load(const char *dir, int threads, const char *what)
{
    result a, b;
    load(dir, 1, &a);
    unsigned long before = cr__csv_par_merged;
    load(dir, threads, &b);
    unsigned long merged = cr__csv_par_merged - before;
    CR_TEST_INT(a.rc, b.rc);
    CR_TEST_STR(a.msgs, b.msgs);
    CR_TEST_INT(a.d.len, b.d.len);
    int same = a.d.len == b.d.len && (!a.d.len || !memcmp(a.d.buf, b.d.buf, a.d.len));
    if (!same) fprintf(stderr, "%s: the parallel load's dataset differs from the serial one (array %ld)\n", what, first_diff(&a.d, &b.d));
    CR_TEST_TRUE(same);
    result_free(&a);
    result_free(&b);
    return merged;
}

/* ---- generated datasets ------------------------------------------------- */

static char dir[] = "/tmp/cr_parload_XXXXXX";

static void copy(const char *name)
{
    char src[512], dst[512];
    snprintf(src, sizeof src, "datasets/tiny/%s", name);
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    int ch;
    while (in && out && (ch = fgetc(in)) != EOF) fputc(ch, out);
    if (in) fclose(in);
    if (out) fclose(out);
}

static void write_text(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    fputs(text, fp);
    fclose(fp);
}

enum {
    F_CRLF = 1,      /* \r\n line ends */
    F_QUOTED = 2,    /* names quoted, every third with a comma, a "" and a line break inside */
    F_BOM = 4,       /* a UTF-8 BOM first */
    F_BLANK = 8,     /* blank lines between some rows */
    F_TAGS = 16      /* up to 70 distinct tags (more than the 64 a dictionary holds) */
};

/* enterprises.csv of n rows; row bad (1-based, 0 none) gets what "fault"
 * says written into it. */
static void gen_ents(int n, unsigned flags, int bad, const char *fault)
{
    char path[512];
    snprintf(path, sizeof path, "%s/enterprises.csv", dir);
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    const char *nl = flags & F_CRLF ? "\r\n" : "\n";
    if (flags & F_BOM) fputs("\xEF\xBB\xBF", fp);
    fprintf(fp, "id,name,lat,lon,segments,revenue,employees,tags,park,province%s", nl);
    static const char *const segs[] = {"cell", "car:0.8;pack:0.2", "pack", "ore", "car"};
    for (int i = 1; i <= n; i++) {
        char id[64], name[128], rev[64], tags[128], seg[64];
        snprintf(id, sizeof id, "E%d", i);
        snprintf(rev, sizeof rev, "%d.5", 100 + i % 977);
        snprintf(seg, sizeof seg, "%s", segs[i % 5]);
        if (flags & F_QUOTED && i % 3 == 0) snprintf(name, sizeof name, "\"企业 %d, \"\"甲\"\"%s第二行\"", i, nl);
        else if (flags & F_QUOTED) snprintf(name, sizeof name, "\"企业 %d\"", i);
        else snprintf(name, sizeof name, "企业%d", i);
        if (flags & F_TAGS) snprintf(tags, sizeof tags, "t%d;t%d", (i * 7) % 70, i % 3);
        else snprintf(tags, sizeof tags, "%s", i % 4 ? "listed" : "listed;top500");
        if (i == bad) {
            if (!strncmp(fault, "id=", 3)) snprintf(id, sizeof id, "%s", fault + 3);
            else if (!strncmp(fault, "rev=", 4)) snprintf(rev, sizeof rev, "%s", fault + 4);
            else if (!strncmp(fault, "seg=", 4)) snprintf(seg, sizeof seg, "%s", fault + 4);
            else if (!strncmp(fault, "name=", 5)) snprintf(name, sizeof name, "%s", fault + 5);
        }
        fprintf(fp, "%s,%s,30.%d,114.%d,%s,%s,%d,%s,%s,%s%s", id, name, i % 90, i % 70, seg, rev, i % 50, tags,
                i % 7 ? "P1" : "", i % 2 ? "湖北省" : "", nl);
        if (flags & F_BLANK && i % 17 == 0) fputs(nl, fp);
    }
    fclose(fp);
}

static void gen_links(int n, int nent, int bad, const char *fault)
{
    char path[512];
    snprintf(path, sizeof path, "%s/links.csv", dir);
    FILE *fp = fopen(path, "wb");
    if (!fp) return;
    fputs("supplier,customer,weight,source,basis\n", fp);
    static const char *const srcs[] = {"customs", "", "survey 2020", "annual report", "customs"};
    for (int i = 1; i <= n; i++) {
        int a = 1 + (i * 31) % nent, b = 1 + (i * 17 + 5) % nent;
        if (a == b) b = 1 + b % nent;
        char w[64];
        snprintf(w, sizeof w, "%d", 1 + i % 90);
        if (i == bad) snprintf(w, sizeof w, "%s", fault);
        fprintf(fp, "E%d,E%d,%s,%s,%s\n", a, b, w, srcs[(i / 7) % 5], i % 3 ? "observed" : "");
    }
    fclose(fp);
}

static void setup(void)
{
    if (!mkdtemp(dir)) { CR_TEST_TRUE(0); exit(1); }
    copy("chains.json");
    copy("parks.csv");
    write_text("dataset.json", "{\"format\": \"chainrank-dataset/1\", \"name\": \"par\", \"chains\": \"chains.json\",\n"
                               " \"parks\": \"parks.csv\", \"enterprises\": \"enterprises.csv\", \"links\": \"links.csv\"}\n");
}

static void teardown(void)
{
    static const char *const all[] = {"chains.json", "parks.csv", "dataset.json", "enterprises.csv", "links.csv"};
    char path[512];
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, all[i]);
        remove(path);
    }
    rmdir(dir);
}

/* Clean files in every shape: the parallel path loads both files, and the
 * dataset is the serial one. */
static void test_clean(void)
{
    static const unsigned shapes[] = {0, F_CRLF, F_QUOTED, F_QUOTED | F_CRLF, F_BOM | F_BLANK, F_QUOTED | F_BLANK | F_CRLF};
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
        gen_ents(400, shapes[s], 0, "");
        gen_links(900, 400, 0, "");
        for (int t = 2; t <= 3; t++) {
            char what[64];
            snprintf(what, sizeof what, "clean shape %u, %d threads", shapes[s], t);
            CR_TEST_INT(same_load(dir, t, what), 2);
        }
    }
    /* one row, and a header alone (the "no rows" message) */
    gen_ents(1, 0, 0, "");
    gen_links(1, 1, 0, "");
    same_load(dir, 2, "one row");
    gen_ents(0, 0, 0, "");
    same_load(dir, 2, "header only");
}

/* A problem anywhere: first row, a middle part, the record at the first
 * split (it straddles the cut the split aims at), the last row; ids
 * repeated within a part and across parts; too many tags over several parts;
 * a problem in links. Every time the serial messages and code. */
static void test_faults(void)
{
    enum { N = 400 };
    static const struct { int row; const char *fault; unsigned flags; } ef[] = {
        {1, "rev=abc", 0},           {2, "rev=-1", F_QUOTED},     {N / 2, "seg=nope", 0},
        {N, "rev=1e999", F_CRLF},    {N - 3, "id=E5", 0},          {7, "id=E9", 0},
        {N / 3, "name=\"open", 0},  {N / 2, "id=", F_QUOTED},     {N / 5, "name=a\"b", F_QUOTED},
        {0, "", F_TAGS},             {N / 2, "name=\xff\xfe", 0},   {N / 4, "id=a;b", F_BLANK},
    };
    for (size_t i = 0; i < sizeof ef / sizeof *ef; i++) {
        gen_ents(N, ef[i].flags, ef[i].row, ef[i].fault);
        gen_links(900, N, 0, "");
        char what[96];
        snprintf(what, sizeof what, "enterprise fault %zu (row %d: %s)", i, ef[i].row, ef[i].fault);
        same_load(dir, 3, what);
    }
    /* the record around the first cut: the split aims at from + (len - from) / nparts */
    for (int t = 2; t <= 3; t++) {
        gen_ents(N, F_QUOTED, 0, "");
        char path[512];
        snprintf(path, sizeof path, "%s/enterprises.csv", dir);
        FILE *fp = fopen(path, "rb");
        if (!fp) { CR_TEST_TRUE(0); return; }
        static char text[1 << 16];
        size_t len = fread(text, 1, sizeof text, fp);
        fclose(fp);
        size_t from = (size_t)(strchr(text, '\n') - text) + 1;
        size_t aim = from + (len - from) / (size_t)(4 * t);
        /* the row whose record holds aim: count record starts before it */
        cr_ctx *ctx = cr_ctx_alloc();
        cr__csv *c = NULL;
        CR_TEST_OK(cr__csv_open_mem(ctx, text, len, "e", &c));
        cr__csv_status st;
        int row = -1;
        while (c && cr__csv_next(ctx, c, &st) == CR_OK && st != CR__CSV_EOF) {
            if (cr__csv_bytes(c) > aim) break;
            row++;
        }
        cr__csv_close(c);
        cr_ctx_free(ctx);
        row += 1;   /* 1-based data row */
        gen_ents(N, F_QUOTED, row, "rev=x");
        char what[96];
        snprintf(what, sizeof what, "fault in row %d across the first cut, %d threads", row, t);
        same_load(dir, t, what);
    }
    static const struct { int row; const char *fault; } lf[] = {{1, "abc"}, {450, "-2"}, {900, ""}, {600, "0"}};
    gen_ents(N, 0, 0, "");
    for (size_t i = 0; i < sizeof lf / sizeof *lf; i++) {
        gen_links(900, N, lf[i].row, lf[i].fault);
        char what[96];
        snprintf(what, sizeof what, "link fault %zu", i);
        same_load(dir, 3, what);
    }
}

/* cr__csv_split: every cut at a record start, even when every record holds
 * a quoted line break and the aims fall inside quotes. */
static void test_split(void)
{
    static char text[1 << 16];
    size_t len = 0;
    len += (size_t)snprintf(text + len, sizeof text - len, "a,b\n");
    for (int i = 0; i < 300 && len < sizeof text - 100; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%d,\"x\n\"\"y\"\"\n%s\"\r\n", i, i % 2 ? "zz" : "");
    /* record starts, from the serial reader */
    static size_t starts[400];
    size_t ns = 0;
    cr_ctx *ctx = cr_ctx_alloc();
    cr__csv *c = NULL;
    CR_TEST_OK(cr__csv_open_mem(ctx, text, len, "s", &c));
    cr__csv_status st;
    while (c && cr__csv_next(ctx, c, &st) == CR_OK && st != CR__CSV_EOF && ns < 400) starts[ns++] = cr__csv_bytes(c);
    cr__csv_close(c);
    cr_ctx_free(ctx);
    for (size_t parts = 2; parts <= 12; parts++) {
        size_t cut[13];
        size_t n = cr__csv_split(text, len, starts[0], parts, cut);
        CR_TEST_TRUE(n >= 2 && n <= parts);
        CR_TEST_INT(cut[0], starts[0]);
        CR_TEST_INT(cut[n], len);
        for (size_t k = 1; k < n; k++) {
            int at_start = 0;
            for (size_t i = 0; i < ns; i++) at_start |= starts[i] == cut[k];
            if (!at_start) fprintf(stderr, "split into %zu: cut %zu at %zu is not a record start\n", parts, k, cut[k]);
            CR_TEST_TRUE(at_start && cut[k] > cut[k - 1]);
        }
    }
}

/* Every bad-input case of tests/bad (their expected messages are checked by
 * cli_bad_corpus on the serial path): with the parallel path forced, the
 * same code, messages and warnings as the serial read. */
static void test_bad_corpus(void)
{
    DIR *d = opendir("tests/bad");
    if (!d) { CR_TEST_TRUE(0); return; }
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[512];
        snprintf(path, sizeof path, "tests/bad/%s", e->d_name);
        same_load(path, 3, path);
        n++;
    }
    closedir(d);
    CR_TEST_TRUE(n > 50);
}

int main(int argc, char **argv)
{
    cr_global_init();
    cr__load_set_par_min(0);
    if (argc > 1) {   /* a dataset folder given by hand */
        cr__load_set_par_min((size_t)1 << 20);
        unsigned long merged = same_load(argv[1], 2, argv[1]);
        printf("%s: %lu file(s) read on threads\n", argv[1], merged);
        return cr_test_done();
    }
    test_split();
    test_bad_corpus();
    setup();
    test_clean();
    test_faults();
    teardown();
    return cr_test_done();
}
