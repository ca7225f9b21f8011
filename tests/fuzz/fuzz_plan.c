/* Batch plans (src/rank/plan.c) against datasets/tiny, loaded once. Plans
 * are read from a path, so the input is written to a private temporary. */
#include "fuzz_common.h"

#include <sys/stat.h>
#include <unistd.h>

static cr_dataset *ds;
static char path[64];

static void cleanup(void)
{
    remove(path);
    cr_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cr_ctx *ctx = fuzz_ctx();
    if (!ds) {
        const char *src = getenv("CR_FUZZ_TINY");
        if (cr_dataset_load(ctx, src ? src : CR_SOURCE_DIR "/datasets/tiny", NULL, &ds) != CR_OK) abort();
        struct stat st;   /* tmpfs when there is one: no waiting on a busy disk */
        snprintf(path, sizeof path, "%s/cr_fuzz_plan_XXXXXX",
                 stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp");
        int fd = mkstemp(path);
        if (fd < 0) abort();
        close(fd);
        atexit(cleanup);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp) abort();
    if (size && fwrite(data, 1, size, fp) != size) abort();
    fclose(fp);
    cr_rank_plan *plan = NULL;
    cr_error_t rc = cr_rank_plan_load(ctx, path, ds, &plan);
    fuzz_check(ctx, rc);
    cr_rank_plan_free(plan);
    return 0;
}
