/* cr_rank_batch: the scheduler of many (park, chain, scheme) jobs. Jobs run
 * in waves; fast-path jobs of one (scheme, chain) share a streaming group
 * of up to CR__LANES parks (stream.c), every other job runs alone on the
 * materialised path (score.c); one group is one task of one thread, and
 * results are delivered in job order on the calling thread, one wave
 * behind. Output bytes do not depend on the thread count. */
#include "rank/score.h"
#include "rank/stream.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* A worker thread's state in a batch: its own error context, and the two
 * workspaces, each allocated the first time the thread needs it. */
typedef struct {
    cr_ctx *ctx;
    cr__score_ws w;
    int have_w;
    cr__stream_ws *sw;
} worker;

/* Runs group g of a wave: a fast-path group of up to CR__LANES parks of one
 * (scheme, chain), or a single job on the materialised path. */
static cr_error_t run_group(worker *wk, const cr_ranker *r, const cr_scheme *s, const cr_rank_job *jobs,
                            const size_t *mem, int nmem, int fast, const cr_rank_opts *o, cr_rank_result **res)
{
    if (fast) {
        if (!wk->sw) CR_CHECK(cr__stream_ws_new(wk->ctx, r, &wk->sw));
        int32_t parks[CR__LANES];
        cr_rank_result *out[CR__LANES];
        for (int b = 0; b < nmem; b++) parks[b] = jobs[mem[b]].park;
        CR_CHECK(cr__stream_group(wk->ctx, wk->sw, r, s, jobs[mem[0]].chain, parks, nmem, o, 1, out));
        for (int b = 0; b < nmem; b++) res[b] = out[b];
        return CR_OK;
    }
    if (!wk->have_w) {
        CR_CHECK(cr__score_ws_init(wk->ctx, &wk->w, r));
        wk->have_w = 1;
    }
    return cr__score_job(&wk->w, r, jobs[mem[0]].park, jobs[mem[0]].chain, s, o, 1, &res[0]);
}

/* Groups the jobs of one wave: fast-path jobs of the same (scheme, chain)
 * share a group of up to CR__LANES parks, first-come in job order; every
 * other job is a group of its own. O(cnt^2) on a small wave. Writes the
 * wave-relative members of group q to gmem[goff[q] .. goff[q + 1]). */
static size_t group_wave(const cr_scheme *const *schemes, const cr_rank_job *jobs, size_t cnt, const cr_rank_opts *o,
                         size_t *gmem, size_t *goff, size_t *gjob, size_t *gsize, size_t *ghead)
{
    size_t ng = 0;
    for (size_t i = 0; i < cnt; i++) {
        const cr_rank_job *jb = &jobs[i];
        size_t gi = ng;
        if (cr__stream_eligible(schemes[jb->scheme], o))
            for (size_t q = 0; q < ng; q++) {
                const cr_rank_job *h = &jobs[ghead[q]];
                if (gsize[q] < CR__LANES && h->scheme == jb->scheme && h->chain == jb->chain &&
                    cr__stream_eligible(schemes[h->scheme], o)) { gi = q; break; }
            }
        if (gi == ng) { ghead[ng] = i; gsize[ng++] = 0; }
        gsize[gi]++;
        gjob[i] = gi;
    }
    goff[0] = 0;
    for (size_t q = 0; q < ng; q++) goff[q + 1] = goff[q] + gsize[q];
    for (size_t q = 0; q < ng; q++) gsize[q] = 0;
    for (size_t i = 0; i < cnt; i++) gmem[goff[gjob[i]] + gsize[gjob[i]]++] = i;
    return ng;
}

/* One wave's results, double-buffered: the calling thread delivers wave w
 * while the other threads compute wave w + 1. */
typedef struct {
    cr_rank_result **res;
    cr_error_t *rcs;
    char **msgs;
    size_t base, cnt;
} wave_buf;

static void run_group_task(worker *wk, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                           const cr_rank_opts *o, wave_buf *wb, const size_t *mem, int nmem)
{
    worker *w = &wk[omp_get_thread_num()];
    const cr_scheme *s = schemes[jobs[wb->base + mem[0]].scheme];
    size_t jm[CR__LANES];
    cr_rank_result *out[CR__LANES];
    for (int b = 0; b < nmem; b++) jm[b] = wb->base + mem[b];
    cr_error_t grc = run_group(w, r, s, jobs, jm, nmem, cr__stream_eligible(s, o), o, out);
    for (int b = 0; b < nmem; b++) {
        wb->res[mem[b]] = grc == CR_OK ? out[b] : NULL;
        wb->rcs[mem[b]] = grc;
    }
    if (grc != CR_OK) wb->msgs[mem[0]] = strdup(cr_ctx_errmsg(w->ctx));   /* failure path only */
}

/* Delivers a finished wave in job order (report = 1) and frees its results;
 * the first failure (of a job or of the callback) becomes the batch's
 * error. report = 0 only frees (after an earlier failure). */
static cr_error_t deliver_wave(cr_ctx *ctx, wave_buf *wb, int report, cr_rank_batch_cb cb, void *user, size_t njobs)
{
    cr_error_t rc = CR_OK;
    for (size_t i = 0; i < wb->cnt && rc == CR_OK && report; i++) {
        if (wb->rcs[i] != CR_OK) {
            rc = cr_ctx_fail(ctx, wb->rcs[i], "%s", wb->msgs[i] ? wb->msgs[i] : cr_strerror(wb->rcs[i]));
            break;
        }
        if (cb && cb(user, wb->base + i, wb->res[i]) != 0)
            rc = cr_ctx_errcode(ctx) != CR_OK ? cr_ctx_errcode(ctx) : cr_ctx_fail(ctx, CR_EIO, "batch stopped");
        else cr__progress(ctx, "jobs", wb->base + i + 1, njobs);   /* the calling thread (the master) */
    }
    for (size_t i = 0; i < wb->cnt; i++) {
        cr_rank_result_free(wb->res[i]);
        wb->res[i] = NULL;
        free(wb->msgs[i]);
        wb->msgs[i] = NULL;
        wb->rcs[i] = CR_OK;
    }
    wb->cnt = 0;
    return rc;
}

cr_error_t cr_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                         size_t njobs, const cr_rank_opts *opts, cr_rank_batch_cb cb, void *user)
{
    for (size_t i = 0; i < njobs; i++) CR_CHECK(cr__rank_check_job(ctx, r, jobs[i].park, jobs[i].chain));
    cr_rank_opts o;
    if (opts) o = *opts; else cr_rank_opts_default(&o);
    o.want_matrix = 0;
    const int nt = cr__nthreads(ctx);
    /* Jobs run in waves of `wave`; within a wave, fast-path jobs of the same
     * (scheme, chain) form groups of up to CR__LANES parks that share one
     * sweep over the candidates, and each group is a task run by one thread.
     * Results are delivered in job order, on the calling thread, one wave
     * behind: while it writes wave w the other threads already compute wave
     * w + 1, so delivery (explanations, files) no longer idles them. Memory
     * holds at most two waves of (top-N) results. A job's result does not
     * depend on its group (stream.c), so the output is the same for any
     * thread count. Jobs of several fast-path schemes interleaved park by
     * park (compare, a plan of several schemes) make the wave that many times
     * longer (up to 16), so each scheme still fills groups of CR__LANES parks:
     * with 32 jobs a thread, 6 schemes left groups of ~5 parks, and the sweep
     * cost, per group, was 1.5x (bench_batch, issue 19). */
    size_t nfast = 0;
    {
        int seen[16];
        for (size_t i = 0; i < njobs && nfast < 16; i++) {
            int sc = jobs[i].scheme, dup = 0;
            for (size_t q = 0; q < nfast && !dup; q++) dup = seen[q] == sc;
            if (!dup && cr__stream_eligible(schemes[sc], &o)) seen[nfast++] = sc;
        }
    }
    const size_t wave = (size_t)nt * CR__LANES * 4 * (nfast > 1 ? nfast : 1);
    worker *wk = cr__calloc(ctx, (size_t)nt, sizeof *wk);
    wave_buf wb[2];
    memset(wb, 0, sizeof wb);
    for (int h = 0; h < 2; h++) {
        wb[h].res = cr__calloc(ctx, wave, sizeof *wb[h].res);
        wb[h].rcs = cr__calloc(ctx, wave, sizeof *wb[h].rcs);
        wb[h].msgs = cr__calloc(ctx, wave, sizeof *wb[h].msgs);
    }
    size_t *gmem = cr__malloc(ctx, wave, sizeof *gmem);      /* jobs (wave-relative) by group */
    size_t *goff = cr__malloc(ctx, wave + 1, sizeof *goff);
    size_t *gjob = cr__malloc(ctx, 3 * wave, sizeof *gjob);  /* scratch: group of each job, group sizes, heads */
    cr_error_t rc = CR_ENOMEM;
    if (!wk || !wb[0].res || !wb[0].rcs || !wb[0].msgs || !wb[1].res || !wb[1].rcs || !wb[1].msgs || !gmem || !goff ||
        !gjob)
        goto done;
    rc = CR_OK;
    for (int t = 0; t < nt && rc == CR_OK; t++) {
        if (!(wk[t].ctx = cr_ctx_alloc())) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); break; }
        cr_ctx_set_threads(wk[t].ctx, 1);
    }
    if (rc != CR_OK) goto done;
#pragma omp parallel num_threads(nt) if (nt > 1)
#pragma omp master
    {
        size_t base = 0;
        for (int h = 0;; h ^= 1) {
            /* spawn the next wave into buffer h (the previous one's tasks have finished) */
            if (rc == CR_OK && base < njobs) {
                wave_buf *b = &wb[h];
                b->base = base;
                b->cnt = njobs - base < wave ? njobs - base : wave;
                base += b->cnt;
                size_t ng = group_wave(schemes, jobs + b->base, b->cnt, &o, gmem, goff, gjob, gjob + wave, gjob + 2 * wave);
                for (size_t q = 0; q < ng; q++) {
                    const size_t *mem = gmem + goff[q];
                    const int nmem = (int)(goff[q + 1] - goff[q]);
#pragma omp task firstprivate(mem, nmem, b)
                    run_group_task(wk, r, schemes, jobs, &o, b, mem, nmem);
                }
            }
            /* meanwhile deliver the wave before it */
            wave_buf *prev = &wb[h ^ 1];
            if (prev->cnt) {
                cr_error_t drc = deliver_wave(ctx, prev, rc == CR_OK, cb, user, njobs);
                if (rc == CR_OK) rc = drc;
            }
#pragma omp taskwait
            if (wb[h].cnt == 0 && wb[h ^ 1].cnt == 0) break;
            if (rc != CR_OK) {   /* drop what is computed but not delivered */
                for (int x = 0; x < 2; x++)
                    if (wb[x].cnt) (void)deliver_wave(ctx, &wb[x], 0, NULL, NULL, njobs);
                break;
            }
        }
    }
done:
    if (wk)
        for (int t = 0; t < nt; t++) {
            if (wk[t].have_w) cr__score_ws_destroy(&wk[t].w);
            cr__stream_ws_free(wk[t].sw);
            cr_ctx_free(wk[t].ctx);
        }
    free(wk);
    for (int h = 0; h < 2; h++) {
        free(wb[h].res);
        free(wb[h].rcs);
        free(wb[h].msgs);
    }
    free(gmem);
    free(goff);
    free(gjob);
    return rc;
}
