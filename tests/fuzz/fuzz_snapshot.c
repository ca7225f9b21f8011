/* Crafted snapshots (docs/snapshot.md "Trust"): a valid snapshot of
 * datasets/tiny, written once at start-up into a private temporary, gets the
 * input's edits, then its hashes are RECOMPUTED (cr__snapshot_rehash) so the
 * edits pass the damage check as a crafted file's would — otherwise the
 * fuzzer would only test the hash. It is opened (cr__snapshot_open, as
 * cr_world_init does) and, if accepted, one park is ranked (with an explanation of the first row and
 * the park's gaps) and a few ids are looked up. Promised: no crash, no
 * sanitizer report, and a refusal (the files read instead) always carries a
 * warning.
 *
 * Input: records of 1 + 4 + L bytes — L - 1 = first byte & 7 (1..8 value
 * bytes), a little-endian offset (taken modulo the file's length), then the
 * value bytes written there. Offsets land anywhere: header, structs' counts,
 * table of contents, arrays. */
#include "fuzz_common.h"
#include "snapshot/snapshot.h"
#include "data/dataset.h"
#include <chainrank/cr_world.h>
#include <chainrank/cr_snapshot.h>
#include <chainrank/cr_gaps.h>

#include <sys/stat.h>
#include <unistd.h>

static char dir[64], path[128];
static unsigned char *orig, *buf;
static size_t len;
static const char *tiny;
static cr_scheme *scheme;

static void cleanup(void)
{
    remove(path);
    rmdir(dir);
    free(orig);
    free(buf);
    cr_scheme_free(scheme);
}

static void setup(cr_ctx *ctx)
{
    struct stat st;   /* tmpfs when there is one: no waiting on a busy disk */
    snprintf(dir, sizeof dir, "%s/cr_fuzz_snap_XXXXXX", stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) abort();
    snprintf(path, sizeof path, "%s/snapshot.bin", dir);
    tiny = getenv("CR_FUZZ_TINY");
    if (!tiny) tiny = CR_SOURCE_DIR "/datasets/tiny";
    if (cr_snapshot_write(ctx, tiny, path, NULL) != CR_OK) {
        fprintf(stderr, "fuzz_snapshot: cannot write the snapshot: %s\n", cr_ctx_errmsg(ctx));
        abort();
    }
    FILE *fp = fopen(path, "rb");
    if (!fp || fseek(fp, 0, SEEK_END) != 0) abort();
    len = (size_t)ftell(fp);
    rewind(fp);
    orig = malloc(len);
    buf = malloc(len);
    if (!orig || !buf || fread(orig, 1, len, fp) != len) abort();
    fclose(fp);
    if (cr_scheme_load(ctx, CR_SOURCE_DIR "/datasets/schemes/balanced.json", &scheme) != CR_OK) abort();
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    if (!orig) {
        setup(ctx);
        cr_ctx_clear(ctx);
    }
    memcpy(buf, orig, len);
    for (size_t i = 0; i + 5 < size;) {
        size_t l = (size_t)(data[i] & 7) + 1;
        uint32_t off = (uint32_t)data[i + 1] | (uint32_t)data[i + 2] << 8 | (uint32_t)data[i + 3] << 16 | (uint32_t)data[i + 4] << 24;
        i += 5;
        off %= (uint32_t)len;
        for (size_t k = 0; k < l && i < size && off + k < len; k++, i++) buf[off + k] = data[i];
    }
    cr__snapshot_rehash(buf, len);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp) != 0) abort();

    /* the open itself (cr__snapshot_open, what cr_world_init calls first):
     * a refusal leaves *ds NULL, where the world would read the CSV files
     * (tests/unit/test_snapshot.c checks that part) */
    cr_ctx_set_snapshot(ctx, 1, path);
    cr_world w = {NULL, NULL, NULL};
    cr_error_t rc = cr__snapshot_open(ctx, tiny, &w.ds, &w.model, &w.ranker);
    fuzz_check(ctx, rc);
    if (rc != CR_OK) return 0;
    if (!w.ds) {
        if (cr_ctx_nwarn(ctx) == 0) {   /* refused: a warning must say why */
            fprintf(stderr, "fuzz_snapshot: snapshot refused without a warning\n");
            abort();
        }
        return 0;
    }
    {
        cr_dataset_info in;
        cr_dataset_get_info(w.ds, &in);
        int32_t p = cr_dataset_find_park(w.ds, "P1"), k = cr_dataset_find_chain(w.ds, "nev");
        (void)cr_dataset_find_enterprise(w.ds, "E1");
        (void)cr_dataset_find_enterprise(w.ds, "an id longer than the slot's inline bytes");
        (void)cr_dataset_find_segment(w.ds, "cell");
        if (p < 0) p = 0;
        if (k < 0) k = 0;
        if (in.n_parks > 0 && in.n_chains > 0) {
            cr_rank_opts o;
            cr_rank_opts_default(&o);
            o.top = 0;
            o.want_excluded = 1;
            cr_rank_result *res = NULL;
            rc = cr_rank_park(ctx, w.ranker, p, k, scheme, &o, &res);
            fuzz_check(ctx, rc);
            if (rc == CR_OK && res->nrows > 0) {
                cr_explanation x;
                char t[1024];
                if (cr_rank_explain(ctx, w.ranker, p, k, scheme, res->ent[0], &x) == CR_OK) {
                    cr_rank_explain_text(w.ranker, &x, t, sizeof t);
                    cr_rank_reasons_text(w.ranker, p, &x, res->ent[0], t, sizeof t);
                }
                (void)cr_dataset_enterprise_id(w.ds, res->ent[0]);
            }
            cr_rank_result_free(res);
            cr_gaps *g = NULL;
            if (cr_gaps_compute(ctx, w.model, p, k, NULL, &g) == CR_OK) cr_gaps_free(g);
        }
    }
    cr_world_destroy(&w);
    return 0;
}
