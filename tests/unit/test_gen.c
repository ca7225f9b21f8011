/* Generator tests: number formatting, the IO template against the NBS table,
 * byte determinism across runs and thread counts, the documented shape of a
 * small dataset (read back with simple parsing), and error paths. */
#include "cr_test.h"
#include "gen/gen_internal.h"

#include <chainrank/chainrank.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmproot[256];

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, fp) != (size_t)n) { free(b); b = NULL; }
    if (b) b[n] = '\0';
    fclose(fp);
    if (len) *len = (size_t)n;
    return b;
}

static const char *const files[] = {"dataset.json", "chains.json", "parks.csv", "enterprises.csv", "links.csv",
                                    "history.csv"};

static int same_files(const char *a, const char *b)
{
    int same = 1;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t na, nb;
        char *x = slurp(a, files[i], &na), *y = slurp(b, files[i], &nb);
        if (!x || !y || na != nb || memcmp(x, y, na)) {
            fprintf(stderr, "  differs: %s\n", files[i]);
            same = 0;
        }
        free(x);
        free(y);
    }
    return same;
}

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    char path[512];
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        remove(path);
    }
    closedir(d);
    rmdir(dir);
}

static int count_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) n += strstr(de->d_name, ".tmp") != NULL;
    closedir(d);
    return n;
}

static cr_error_t gen(cr_ctx *ctx, const char *sub, uint64_t seed, int threads, char *out, size_t outn)
{
    cr_gen_params p;
    cr_gen_params_default(&p);
    p.n_enterprises = 2000;
    p.n_parks = 50;
    p.n_chains = 5;
    p.n_links = 6000;
    p.n_history = 400;
    p.seed = seed;
    snprintf(out, outn, "%s/%s", tmproot, sub);
    cr_ctx_set_threads(ctx, threads);
    return cr_gen_write(ctx, &p, out, NULL);
}

static void test_format(void)
{
    char b[64];
    char *e;
    e = cr__gen_fmt_fix(b, 3.14159265, 5); *e = 0; CR_TEST_STR(b, "3.14159");
    e = cr__gen_fmt_fix(b, 2.5, 3); *e = 0; CR_TEST_STR(b, "2.5");
    e = cr__gen_fmt_fix(b, 2.0, 3); *e = 0; CR_TEST_STR(b, "2");
    e = cr__gen_fmt_fix(b, 0.0005, 3); *e = 0; CR_TEST_STR(b, "0.001");
    e = cr__gen_fmt_fix(b, 0.00049, 3); *e = 0; CR_TEST_STR(b, "0");
    e = cr__gen_fmt_fix(b, -12.385, 2); *e = 0; CR_TEST_STR(b, "-12.39");
    e = cr__gen_fmt_fix(b, 104.07, 5); *e = 0; CR_TEST_STR(b, "104.07");
    e = cr__gen_fmt_fix(b, 0.000008, 6); *e = 0; CR_TEST_STR(b, "0.000008");
    e = cr__gen_fmt_u64(b, 18446744073709551615ull); *e = 0; CR_TEST_STR(b, "18446744073709551615");
    CR_TEST_INT(cr__gen_days(1970, 1, 1), 0);
    CR_TEST_INT(cr__gen_days(2019, 1, 1), 17897);
    e = cr__gen_fmt_date(b, cr__gen_days(2024, 2, 29)); *e = 0; CR_TEST_STR(b, "2024-02-29");
    e = cr__gen_fmt_date(b, cr__gen_days(2025, 12, 31) + 1); *e = 0; CR_TEST_STR(b, "2026-01-01");
}

/* Worked example (docs/generator.md): Z[080 auto parts -> 079 vehicles] =
 * 102,033,707.54 and GO[079] = 341,136,916.07 (10^4 CNY) give a = 0.2991. */
static void test_template(void)
{
    int found = 0;
    for (int c = 0; c < CR__GEN_TMPL_NCHAIN; c++) {
        const cr__gen_chain *ch = &cr__gen_tmpl_chains[c];
        CR_TEST_TRUE(ch->nmem >= 10 && ch->nmem <= 20);
        for (size_t k = 0; k < ch->nedge; k++) {
            const cr__gen_edge *e = &ch->edges[k];
            CR_TEST_TRUE(e->coef >= 0.01 && e->coef <= 1.0);
            if (!strcmp(cr__gen_tmpl_segs[e->from].sector, "080") && !strcmp(cr__gen_tmpl_segs[e->to].sector, "079")) {
                CR_TEST_NEAR(e->coef, 102033707.541463 / 341136916.069465, 5e-5);
                found = 1;
            }
            int in_from = 0, in_to = 0;
            for (size_t q = 0; q < ch->nmem; q++) {
                in_from |= ch->members[q].seg == e->from;
                in_to |= ch->members[q].seg == e->to;
            }
            CR_TEST_TRUE(in_from && in_to);
        }
    }
    CR_TEST_TRUE(found);
}

static void test_determinism(cr_ctx *ctx)
{
    char a[512], b[512], c[512], d[512];
    CR_TEST_OK(gen(ctx, "a", 11, 1, a, sizeof a));
    CR_TEST_OK(gen(ctx, "b", 11, 2, b, sizeof b));
    CR_TEST_OK(gen(ctx, "c", 11, 2, c, sizeof c));
    CR_TEST_OK(gen(ctx, "d", 12, 1, d, sizeof d));
    CR_TEST_TRUE(same_files(a, b));
    CR_TEST_TRUE(same_files(b, c));
    size_t n1, n2;
    char *x = slurp(a, "enterprises.csv", &n1), *y = slurp(d, "enterprises.csv", &n2);
    CR_TEST_TRUE(x && y && (n1 != n2 || memcmp(x, y, n1) != 0));
    free(x);
    free(y);
    CR_TEST_INT(count_tmp(a), 0);
    rm_dir(b); rm_dir(c); rm_dir(d);
}

/* ---- shape checks on the dataset in tmproot/a ---- */

enum { MAXF = 32 };
static int split(char *line, char **f)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p; p++)
        if (*p == ',') { *p = 0; if (n < MAXF) f[n++] = p + 1; }
    return n;
}
static int col(char **hdr, int n, const char *name)
{
    for (int i = 0; i < n; i++) if (!strcmp(hdr[i], name)) return i;
    return -1;
}
static int seg_index(cJSON *segs, const char *id)
{
    int i = 0;
    cJSON *s;
    cJSON_ArrayForEach(s, segs) {
        if (!strcmp(cJSON_GetObjectItem(s, "id")->valuestring, id)) return i;
        i++;
    }
    return -1;
}
static int cmp_desc(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

static void test_shape(void)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/a", tmproot);
    char *cj = slurp(dir, "chains.json", NULL);
    cJSON *root = cJSON_Parse(cj);
    CR_TEST_TRUE(root != NULL);
    if (!root) { free(cj); return; }
    cJSON *segs = cJSON_GetObjectItem(root, "segments"), *chains = cJSON_GetObjectItem(root, "chains");
    int S = cJSON_GetArraySize(segs), K = cJSON_GetArraySize(chains);
    CR_TEST_INT(K, 5);
    /* edge matrix over all chains; chain membership per segment */
    unsigned char *edge = calloc((size_t)S * S, 1);
    uint64_t *segchains = calloc((size_t)S, sizeof *segchains);
    char chain_ids[8][32];
    int kc = 0, bad_edges = 0;
    cJSON *ch;
    cJSON_ArrayForEach(ch, chains) {
        snprintf(chain_ids[kc], sizeof chain_ids[kc], "%s", cJSON_GetObjectItem(ch, "id")->valuestring);
        cJSON *m, *e;
        cJSON_ArrayForEach(m, cJSON_GetObjectItem(ch, "segments")) {
            int s = seg_index(segs, cJSON_GetObjectItem(m, "id")->valuestring);
            if (s < 0) bad_edges++; else segchains[s] |= 1ull << kc;
        }
        cJSON_ArrayForEach(e, cJSON_GetObjectItem(ch, "edges")) {
            int f = seg_index(segs, cJSON_GetObjectItem(e, "from")->valuestring);
            int t = seg_index(segs, cJSON_GetObjectItem(e, "to")->valuestring);
            double coef = cJSON_GetObjectItem(e, "coef")->valuedouble;
            if (f < 0 || t < 0 || !(coef > 0 && coef <= 1)) bad_edges++;
            else edge[(size_t)f * S + t] = 1;
        }
        kc++;
    }
    CR_TEST_INT(bad_edges, 0);

    /* parks */
    char *pk = slurp(dir, "parks.csv", NULL);
    char *save, *line = strtok_r(pk, "\n", &save);
    char *h[MAXF], *f[MAXF];
    int nh = split(line, h);
    int c_id = col(h, nh, "id"), c_lv = col(h, nh, "level"), c_ch = col(h, nh, "chains"), c_lat = col(h, nh, "lat");
    CR_TEST_TRUE(c_id >= 0 && c_lv >= 0 && c_ch >= 0 && c_lat >= 0);
    int P = 0, national = 0, bad_park = 0;
    uint64_t pchains[64] = {0};
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        int n = split(line, f);
        if (n != nh) { bad_park++; continue; }
        char want[16];
        snprintf(want, sizeof want, "P%d", P + 1);
        if (strcmp(f[c_id], want)) bad_park++;
        national += !strcmp(f[c_lv], "national");
        char *sv2, *tok = strtok_r(f[c_ch], ";", &sv2);
        int nlead = 0;
        for (; tok; tok = strtok_r(NULL, ";", &sv2), nlead++)
            for (int k = 0; k < K; k++) if (!strcmp(tok, chain_ids[k])) pchains[P] |= 1ull << k;
        if (nlead < 1 || nlead > 3 || __builtin_popcountll(pchains[P]) != nlead) bad_park++;
        P++;
    }
    CR_TEST_INT(P, 50);
    CR_TEST_INT(bad_park, 0);
    CR_TEST_TRUE(national >= 3 && national <= 20);   /* 20% of 50, binomial sd 2.8 */

    /* enterprises */
    enum { N = 2000 };
    static int eseg[N][3], ens[N], epark[N];
    static double erev[N];
    char *en = slurp(dir, "enterprises.csv", NULL);
    CR_TEST_TRUE(en && !strchr(en, '"'));   /* plain CSV: no field needs quoting */
    line = strtok_r(en, "\n", &save);
    nh = split(line, h);
    int c_seg = col(h, nh, "segments"), c_rev = col(h, nh, "revenue"), c_park = col(h, nh, "park");
    int c_lon = col(h, nh, "lon");
    c_id = col(h, nh, "id"); c_lat = col(h, nh, "lat");
    CR_TEST_TRUE(c_seg >= 0 && c_rev >= 0 && c_park >= 0 && col(h, nh, "need_land") >= 0);
    int ne = 0, bad_share = 0, bad_ref = 0, tenants = 0, multi = 0, bad_geo = 0, tenant_match = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL && ne < N) {
        int n = split(line, f);
        if (n != nh) { bad_ref++; continue; }
        char want[16];
        snprintf(want, sizeof want, "E%d", ne + 1);
        if (strcmp(f[c_id], want)) bad_ref++;
        double lat = atof(f[c_lat]), lon = atof(f[c_lon]);
        if (lat < 18 || lat > 54 || lon < 73 || lon > 135) bad_geo++;
        double sum = 0;
        int ns = 0;
        char *sv2, *tok = strtok_r(f[c_seg], ";", &sv2);
        for (; tok; tok = strtok_r(NULL, ";", &sv2)) {
            char *colon = strchr(tok, ':');
            double sh = 1.0;
            if (colon) { *colon = 0; sh = atof(colon + 1); }
            if (!(sh > 0 && sh <= 1)) bad_share++;
            sum += sh;
            int s = seg_index(segs, tok);
            if (s < 0 || ns >= 3) bad_ref++; else eseg[ne][ns++] = s;
        }
        if (fabs(sum - 1.0) > 0.001) bad_share++;
        ens[ne] = ns;
        multi += ns > 1;
        erev[ne] = atof(f[c_rev]);
        epark[ne] = -1;
        if (*f[c_park]) {
            int p = atoi(f[c_park] + 1) - 1;
            if (f[c_park][0] != 'P' || p < 0 || p >= P) bad_ref++;
            else {
                epark[ne] = p;
                tenants++;
                tenant_match += (segchains[eseg[ne][0]] & pchains[p]) != 0;
            }
        }
        ne++;
    }
    CR_TEST_INT(ne, N);
    CR_TEST_INT(bad_share, 0);
    CR_TEST_INT(bad_ref, 0);
    CR_TEST_INT(bad_geo, 0);
    CR_TEST_TRUE(tenants > 0.22 * N && tenants < 0.34 * N);      /* target 0.3 */
    CR_TEST_INT(tenant_match, tenants);                           /* tenants sit in matching parks */
    CR_TEST_TRUE(multi > 0.2 * N && multi < 0.4 * N);             /* 30% multi-segment */
    double sorted[N], tot = 0, top = 0;
    memcpy(sorted, erev, sizeof sorted);
    qsort(sorted, N, sizeof sorted[0], cmp_desc);
    for (int i = 0; i < N; i++) { tot += sorted[i]; if (i < N / 100) top += sorted[i]; }
    CR_TEST_TRUE(top / tot > 0.12);                               /* lognormal sigma 1.6: ~0.23 */

    /* links: valid ids, different ends, along some chain edge */
    char *lk = slurp(dir, "links.csv", NULL);
    line = strtok_r(lk, "\n", &save);
    nh = split(line, h);
    int c_s = col(h, nh, "supplier"), c_c = col(h, nh, "customer"), c_w = col(h, nh, "weight");
    CR_TEST_TRUE(c_s >= 0 && c_c >= 0 && c_w >= 0);
    int nl = 0, bad_link = 0, off_edge = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        split(line, f);
        int a = atoi(f[c_s] + 1) - 1, b = atoi(f[c_c] + 1) - 1;
        if (a < 0 || a >= N || b < 0 || b >= N || a == b || !(atof(f[c_w]) > 0)) { bad_link++; nl++; continue; }
        int ok = 0;
        for (int i = 0; i < ens[a]; i++)
            for (int j = 0; j < ens[b]; j++) ok |= edge[(size_t)eseg[a][i] * S + eseg[b][j]];
        off_edge += !ok;
        nl++;
    }
    CR_TEST_INT(nl, 6000);
    CR_TEST_INT(bad_link, 0);
    CR_TEST_INT(off_edge, 0);

    /* history: valid rows of non-tenants; the choice model prefers matching parks */
    char *hs = slurp(dir, "history.csv", NULL);
    line = strtok_r(hs, "\n", &save);
    CR_TEST_STR(line, "enterprise,park,date,stage");
    int nhist = 0, bad_hist = 0, signed_n = 0, match = 0;
    double base = 0;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        int n = split(line, f);
        int e = atoi(f[0] + 1) - 1, p = atoi(f[1] + 1) - 1;
        nhist++;
        if (n != 4 || e < 0 || e >= N || p < 0 || p >= P || epark[e] >= 0 || strlen(f[2]) != 10 ||
            strcmp(f[2], "2019-01-01") < 0 || strcmp(f[2], "2025-12-31") > 0) { bad_hist++; continue; }
        if (strcmp(f[3], "signed") && strcmp(f[3], "landed") && strcmp(f[3], "operating") && strcmp(f[3], "withdrawn"))
            bad_hist++;
        if (!strcmp(f[3], "signed")) {
            signed_n++;
            uint64_t em = 0;
            for (int i = 0; i < ens[e]; i++) em |= segchains[eseg[e][i]];
            match += (em & pchains[p]) != 0;
            int any = 0;
            for (int q = 0; q < P; q++) any += (em & pchains[q]) != 0;
            base += (double)any / P;
        }
    }
    CR_TEST_INT(nhist, 400);
    CR_TEST_INT(bad_hist, 0);
    CR_TEST_TRUE(signed_n > 100);
    /* chosen parks match the firm's chains clearly more often than random parks */
    if (signed_n > 0) {
        fprintf(stderr, "history: match rate %.3f vs random-park baseline %.3f\n", (double)match / signed_n,
                base / signed_n);
        CR_TEST_TRUE((double)match / signed_n > base / signed_n + 0.1);
    }
    free(hs); free(lk); free(en); free(pk);
    free(edge); free(segchains);
    cJSON_Delete(root);
    free(cj);
}

static void test_errors(cr_ctx *ctx)
{
    char out[512];
    /* tmproot/a exists and is not empty */
    cr_gen_params p;
    cr_gen_params_default(&p);
    p.n_enterprises = 300; p.n_parks = 5; p.n_links = 100;
    snprintf(out, sizeof out, "%s/a", tmproot);
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EREFUSED);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "not empty") != NULL);
    p.overwrite = 1;
    cr_gen_stats st;
    CR_TEST_OK(cr_gen_write(ctx, &p, out, &st));
    CR_TEST_TRUE(st.bytes > 1000);
    CR_TEST_INT(count_tmp(out), 0);
    /* a path under a regular file cannot be created */
    snprintf(out, sizeof out, "%s/a/parks.csv/sub", tmproot);
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EIO);
    p.n_chains = 0;
    snprintf(out, sizeof out, "%s/e", tmproot);
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EINVAL);
    p.n_chains = CR_GEN_MAX_CHAINS + 1;
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EINVAL);
    p.n_chains = 3;
    p.tenant_share = 1.5;
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EINVAL);
    /* one enterprise, one chain, tenant share 1: it is a tenant, so history is
     * impossible -> error, and the fresh folder gets no file at all */
    p.tenant_share = 1.0; p.n_parks = 20; p.n_chains = 1; p.n_history = 10; p.n_enterprises = 1; p.n_links = 0;
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "every enterprise is a tenant") != NULL);
    struct stat sb;
    char man[600];
    snprintf(man, sizeof man, "%s/dataset.json", out);
    CR_TEST_TRUE(stat(man, &sb) != 0);
    snprintf(man, sizeof man, "%s/enterprises.csv", out);
    CR_TEST_TRUE(stat(man, &sb) != 0);
    CR_TEST_INT(count_tmp(out), 0);
    /* links impossible with one enterprise */
    p.tenant_share = 0.3; p.n_history = 0; p.n_links = 5;
    CR_TEST_INT(cr_gen_write(ctx, &p, out, NULL), CR_EINVAL);
    CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), "cannot make links") != NULL);
    CR_TEST_INT(count_tmp(out), 0);
    rm_dir(out);
}

int main(void)
{
    cr_global_init();
    snprintf(tmproot, sizeof tmproot, "/tmp/cr_test_gen.%ld", (long)getpid());
    mkdir(tmproot, 0777);
    cr_ctx *ctx = cr_ctx_alloc();
    test_format();
    test_template();
    test_determinism(ctx);
    test_shape();
    test_errors(ctx);
    char a[512];
    snprintf(a, sizeof a, "%s/a", tmproot);
    rm_dir(a);
    rmdir(tmproot);
    cr_ctx_free(ctx);
    return cr_test_done();
}
