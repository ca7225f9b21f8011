/* One dataset file at a time: the first byte picks which file of
 * datasets/tiny the rest replaces (the others stay valid), and the dataset
 * is loaded and validated; no model or ranker is built, so it runs fast.
 * 0 dataset.json, 1 chains.json, 2 parks.csv, 3 parks.json (manifest
 * switched to it), 4 enterprises.csv, 5 links.csv, 6 history.csv,
 * 7 sites.csv. The folder is a private temporary, made once. */
#include "fuzz_common.h"

#include <sys/stat.h>
#include <unistd.h>

static const char *const files[] = {"dataset.json", "chains.json", "parks.csv", "parks.json",
                                    "enterprises.csv", "links.csv", "history.csv", "sites.csv"};
enum { NF = 8 };
static char dir[64];
static char *orig[NF];
static size_t origlen[NF];

static void put(const char *name, const char *text, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    if (len && fwrite(text, 1, len, fp) != len) abort();
    fclose(fp);
}

static void cleanup(void)
{
    char path[256];
    for (int i = 0; i < NF; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
        free(orig[i]);
    }
    rmdir(dir);
}

static void setup(void)
{
    /* tmpfs when there is one: on a busy disk each exec waited on file I/O (4 execs/s) */
    struct stat st;
    snprintf(dir, sizeof dir, "%s/cr_fuzz_ds_XXXXXX", stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) abort();
    const char *src = getenv("CR_FUZZ_TINY");
    if (!src) src = CR_SOURCE_DIR "/datasets/tiny";
    for (int i = 0; i < NF; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", src, files[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp) continue;   /* parks.json, sites.csv: made below */
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        rewind(fp);
        orig[i] = malloc((size_t)n + 1);
        if (!orig[i] || fread(orig[i], 1, (size_t)n, fp) != (size_t)n) abort();
        origlen[i] = (size_t)n;
        fclose(fp);
    }
    static const char pj[] = "{\"parks\": [{\"id\": \"P1\", \"name\": \"p\", \"level\": \"national\", \"province\": \"x\", "
                             "\"city\": \"y\", \"lat\": 30.5, \"lon\": 114.4, \"chains\": [\"nev\"]}]}\n";
    static const char sites[] = "enterprise,park,lat,lon,kind,since\nE1,P1,,,plant,2020-01-01\n";
    orig[3] = strdup(pj);
    origlen[3] = strlen(pj);
    orig[7] = strdup(sites);
    origlen[7] = strlen(sites);
    for (int i = 0; i < NF; i++)
        if (orig[i]) put(files[i], orig[i], origlen[i]);
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) setup();
    if (size == 0) return 0;
    int which = data[0] % NF;
    cr_ctx *ctx = fuzz_ctx();
    put(files[which], (const char *)data + 1, size - 1);
    if (which == 3 || which == 7) {   /* a manifest that names the file */
        char m[512];
        int n = snprintf(m, sizeof m, "{\"format\": \"chainrank-dataset/1\", \"name\": \"f\", \"chains\": \"chains.json\", "
                         "\"parks\": \"%s\", \"enterprises\": \"enterprises.csv\", \"links\": \"links.csv\", "
                         "\"history\": \"history.csv\"%s}\n", which == 3 ? "parks.json" : "parks.csv",
                         which == 7 ? ", \"sites\": \"sites.csv\"" : "");
        put("dataset.json", m, (size_t)n);
    }
    cr_load_params lp;
    cr_load_params_default(&lp);
    cr_dataset *ds = NULL;
    cr_error_t rc = cr_dataset_load(ctx, dir, &lp, &ds);
    fuzz_check(ctx, rc);
    if (rc == CR_OK) {
        cr_dataset_info in;
        cr_dataset_get_info(ds, &in);
    }
    cr_dataset_free(ds);
    put(files[which], orig[which], origlen[which]);
    if (which == 3 || which == 7) put("dataset.json", orig[0], origlen[0]);
    return 0;
}
