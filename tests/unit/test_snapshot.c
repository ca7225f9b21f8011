/* Crafted snapshots (docs/snapshot.md "Trust"): a snapshot of datasets/tiny
 * whose arrays are edited and whose hashes are recomputed (so the damage
 * check passes, as for a file made by an adversary) is refused with a
 * warning naming the array and the index, and the world is read from the
 * files instead. Without the invariant checks (cr__dataset_check,
 * cr__model_check, cr__ranker_check) every case below is accepted. */
#include "cr_test.h"
#include <chainrank/chainrank.h>
#include "snapshot/snapshot.h"
#include "data/dataset.h"
#include "graph/model.h"
#include "rank/rank_internal.h"
#include <chainrank/cr_world.h>

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tiny = "datasets/tiny";
static char dir[64], path[128];
static unsigned char *img;
static size_t len;

static void put(const unsigned char *b)
{
    FILE *fp = fopen(path, "wb");
    CR_TEST_TRUE(fp != NULL);
    CR_TEST_TRUE(fwrite(b, 1, len, fp) == len);
    fclose(fp);
}

/* Opens the world with the snapshot at path; 1 if it was mapped. The
 * first warning's text into warn. */
static int open_world(cr_ctx *ctx, cr_world *w, char *warn, size_t cap)
{
    cr_ctx_clear(ctx);
    cr_ctx_set_snapshot(ctx, 1, path);
    CR_TEST_TRUE(cr_world_init(ctx, w, tiny, NULL) == CR_OK);
    warn[0] = 0;
    if (cr_ctx_nwarn(ctx) > 0) snprintf(warn, cap, "%s", cr_ctx_warning(ctx, 0)->message);
    return w->ds->snap_map != NULL;
}

/* Edits n bytes at offset off of the image to v, rehashes, opens: the
 * snapshot must be refused with a warning containing want, the world read
 * from the files (and usable). */
static void refused(const char *what, size_t off, const void *v, size_t n, const char *want)
{
    cr_ctx *ctx = cr_ctx_alloc();
    unsigned char *b = malloc(len);
    CR_TEST_TRUE(b != NULL);
    memcpy(b, img, len);
    CR_TEST_TRUE(off + n <= len);
    memcpy(b + off, v, n);
    CR_TEST_TRUE(cr__snapshot_rehash(b, len) == 1);
    put(b);
    cr_world w;
    char warn[512];
    int mapped = open_world(ctx, &w, warn, sizeof warn);
    if (mapped || !strstr(warn, want))
        fprintf(stderr, "%s: mapped %d, warning '%s', want '%s'\n", what, mapped, warn, want);
    CR_TEST_TRUE(!mapped);
    CR_TEST_TRUE(strstr(warn, want) != NULL);
    CR_TEST_TRUE(strstr(warn, "reading the dataset's files") != NULL);
    CR_TEST_TRUE(w.ranker != NULL && cr_dataset_find_park(w.ds, "P1") >= 0);
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    free(b);
}

#define AT(ptr) ((size_t)((const unsigned char *)(ptr) - (const unsigned char *)w.ds->snap_map))

int main(void)
{
    cr_global_init();
    struct stat st;
    snprintf(dir, sizeof dir, "%s/cr_test_snap_XXXXXX", stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp");
    CR_TEST_TRUE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/s.bin", dir);
    cr_ctx *ctx = cr_ctx_alloc();
    CR_TEST_TRUE(cr_snapshot_write(ctx, tiny, path, NULL) == CR_OK);
    FILE *fp = fopen(path, "rb");
    CR_TEST_TRUE(fp != NULL);
    fseek(fp, 0, SEEK_END);
    len = (size_t)ftell(fp);
    rewind(fp);
    img = malloc(len);
    CR_TEST_TRUE(img && fread(img, 1, len, fp) == len);
    fclose(fp);

    /* the valid file maps; so does the same file rehashed (the rehash is
     * the writer's hash: the refusals below come from the checks) */
    cr_world w;
    char warn[512];
    CR_TEST_TRUE(open_world(ctx, &w, warn, sizeof warn) == 1);
    CR_TEST_TRUE(warn[0] == 0);
    {
        unsigned char *b = malloc(len);
        memcpy(b, img, len);
        CR_TEST_TRUE(cr__snapshot_rehash(b, len) == 1);
        CR_TEST_TRUE(memcmp(b, img, len) == 0);
        free(b);
    }
    const cr_dataset *ds = w.ds;
    const cr_ranker *r = w.ranker;
    const cr_model *m = w.model;
    const int32_t nseg = ds->nseg, big = 1 << 30, neg = -5;
    const int32_t nent = (int32_t)ds->nent;
    const int64_t nent64 = ds->nent, zero = 0;
    char want[128];

    /* dataset: an index, a CSR offset, a string offset, a hash slot, a mask, an enum, a coordinate */
    snprintf(want, sizeof want, "mem_seg[1] = %d, outside [0, %d)", nseg, nseg);
    refused("mem_seg", AT(&ds->mem_seg[1]), &nseg, 4, want);
    refused("link_cus", AT(&ds->link_cus[0]), &neg, 4, "link_cus[0] = -5, outside [0, ");
    refused("ent_seg_off", AT(&ds->ent_seg_off[2]), &zero, 8, "ent_seg_off[2] = 0, less than ent_seg_off[1]");
    {
        uint64_t far = ds->ent_name.used + 100;
        refused("ent_name.off", AT(&ds->ent_name.off[1]), &far, 8, "ent_name.off[1] = ");
    }
    {
        size_t h = 0;
        while (ds->ent_id.slot[h].idx < 0) h++;
        snprintf(want, sizeof want, "ent_id.slot[%zu] = %d, outside [-1, %d)", h, nent, nent);
        refused("ent_id.slot", AT(&ds->ent_id.slot[h].idx), &nent, 4, want);
    }
    {
        uint64_t mask = (uint64_t)1 << 63;
        refused("ent_tags", AT(&ds->ent_tags[0]), &mask, 8, "ent_tags[0] = 0x8000000000000000, a bit past");
        int8_t stage = 9;
        refused("mem_stage", AT(&ds->mem_stage[0]), &stage, 1, "mem_stage[0] = 9, outside [0, 3)");
        double nan = NAN;
        refused("park_lat", AT(&ds->park_lat[0]), &nan, 8, "park_lat[0] = nan");
    }
    /* model: the supply graph */
    CR_TEST_TRUE(m->has_supply);
    refused("out_adj", AT(&m->out_adj[0]), &big, 4, "out_adj[0] = 1073741824, outside [0, ");
    /* ranker: candidates, grid, tenants, the kernel's records */
    snprintf(want, sizeof want, "cand[1] = %lld, outside [0, %lld)", (long long)nent64, (long long)nent64);
    refused("cand", AT(&r->cand[1]), &nent64, 8, want);
    {
        int64_t x = 3;   /* cell 0 (the south-west corner, empty in tiny) now holds 3 enterprises */
        refused("cell_off", AT(&r->cell_off[1]), &x, 8, "cell_off[");
    }
    refused("cell_of", AT(&r->cell_of[0]), &neg, 4, "cell_of[0] = -5, outside [0, ");
    refused("tenant_of", AT(&r->tenant_of[0]), &big, 4, "tenant_of[0] = 1073741824");
    {
        int32_t ns = 7;
        refused("erec.nseg", AT(&r->erec[0].nseg), &ns, 4, "erec[0].nseg = 7, outside [-1, 3]");
        refused("erec.seg", AT(&r->erec[0].seg[0]), &big, 4, "erec[0].seg[0] = 1073741824");
    }
    cr_world_destroy(&w);
    cr_ctx_free(ctx);
    remove(path);
    rmdir(dir);
    free(img);
    return cr_test_done();
}
