/* cr_rank_batch: the scheduler of many (park, chain, scheme) jobs. Jobs run
 * in waves; fast-path jobs of one (scheme, chain) share a streaming group
 * of up to CR__LANES parks (stream.c), every other job runs alone on the
 * materialised path (score.c); one group is one task of one thread. Each
 * finished job is prepared (the caller's prepare hook: formatting, writing
 * its file) by the thread that ran it, then delivered in job order on the
 * calling thread, one wave behind. Output bytes do not depend on the
 * thread count. */
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

/* Tasks of a wave (issue 19): the groups of one (scheme, chain) run
 * together, up to `per` groups a task in job order, so a thread fills its
 * chain-level state (quality, records) once for several groups, and with
 * park-major plans (every chain of a park next to each other) it meets the
 * same parks again for the next chain: their radius anchors come from its
 * workspace's cache (stream.c). per is ng / (4 threads), 1..16, so a wave
 * still has several tasks a thread. Writes the groups in task order to
 * order[] and the task starts to toff[0 .. ntask]; returns ntask. */
typedef struct {
    uint64_t key;
    size_t q;
} gkey;

static int gkey_cmp(const void *a, const void *b)
{
    const gkey *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->q > y->q) - (x->q < y->q);
}

static size_t bundle_groups(const cr_rank_job *jobs, const size_t *gmem, const size_t *goff, size_t ng, int32_t nchain,
                            int nt, gkey *scratch, size_t *order, size_t *toff)
{
    for (size_t q = 0; q < ng; q++) {
        const cr_rank_job *h = &jobs[gmem[goff[q]]];
        scratch[q] = (gkey){(uint64_t)h->scheme * (uint64_t)nchain + (uint64_t)h->chain, q};
    }
    qsort(scratch, ng, sizeof *scratch, gkey_cmp);
    size_t per = ng / (4 * (size_t)nt);
    if (per < 1) per = 1;
    if (per > 16) per = 16;
    size_t nt_ = 0;
    for (size_t i = 0; i < ng; i++) {
        if (i == 0 || scratch[i].key != scratch[i - 1].key || i - toff[nt_ - 1] == per) toff[nt_++] = i;
        order[i] = scratch[i].q;
    }
    toff[nt_] = ng;
    return nt_;
}

/* One wave's results, double-buffered: the calling thread delivers wave w
 * while the other threads compute wave w + 1. prep[i] is what job i's
 * prepare returned, prepped[i] 1 once it ran. */
typedef struct {
    cr_rank_result **res;
    cr_error_t *rcs;
    char **msgs;
    void **prep;
    unsigned char *prepped;
    size_t base, cnt;
} wave_buf;

/* What a task needs besides its groups. */
typedef struct {
    worker *wk;
    const cr_ranker *r;
    const cr_scheme *const *schemes;
    const cr_rank_job *jobs;
    const cr_rank_opts *o;
    const cr_rank_batch_hooks *h;
    int in_workers;   /* prepare on the worker (more than one thread), else just before deliver */
} batch_env;

static void run_group_task(const batch_env *e, wave_buf *wb, const size_t *mem, int nmem)
{
    worker *wk = e->wk;
    const cr_ranker *r = e->r;
    const cr_scheme *const *schemes = e->schemes;
    const cr_rank_job *jobs = e->jobs;
    const cr_rank_opts *o = e->o;
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
    if (grc != CR_OK) {
        wb->msgs[mem[0]] = strdup(cr_ctx_errmsg(w->ctx));   /* failure path only */
        return;
    }
    /* the delivery's unordered part (formatting, the list's file) here, on
     * the thread that ranked the job, while its result is hot in cache */
    if (e->in_workers && e->h->prepare)
        for (int b = 0; b < nmem; b++) {
            wb->prep[mem[b]] = e->h->prepare(e->h->user, omp_get_thread_num(), w->ctx, jm[b], out[b]);
            wb->prepped[mem[b]] = 1;
        }
}

static void run_task(const batch_env *e, wave_buf *wb, const size_t *gmem, const size_t *goff, const size_t *order,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const size_t q = order[i];
        run_group_task(e, wb, gmem + goff[q], (int)(goff[q + 1] - goff[q]));
    }
}

/* Delivers a finished wave in job order (report = 1) and frees its results;
 * the first failure (of a job or of the callback) becomes the batch's
 * error. report = 0 only frees (after an earlier failure), handing what was
 * prepared but not delivered to the discard hook. With one thread, prepare
 * runs here, just before deliver, on worker 0's context (the calling
 * thread is thread 0 and runs no task meanwhile). */
static cr_error_t deliver_wave(cr_ctx *ctx, const batch_env *e, wave_buf *wb, int report, size_t njobs)
{
    const cr_rank_batch_hooks *h = e->h;
    cr_error_t rc = CR_OK;
    for (size_t i = 0; i < wb->cnt && rc == CR_OK && report; i++) {
        if (wb->rcs[i] != CR_OK) {
            rc = cr_ctx_fail(ctx, wb->rcs[i], "%s", wb->msgs[i] ? wb->msgs[i] : cr_strerror(wb->rcs[i]));
            break;
        }
        if (!wb->prepped[i] && h->prepare) {
            wb->prep[i] = h->prepare(h->user, 0, e->wk[0].ctx, wb->base + i, wb->res[i]);
            wb->prepped[i] = 1;
        }
        void *prep = wb->prep[i];
        wb->prep[i] = NULL;   /* deliver owns it now */
        wb->prepped[i] = 0;
        if (h->deliver && h->deliver(h->user, wb->base + i, wb->res[i], prep) != 0)
            rc = cr_ctx_errcode(ctx) != CR_OK ? cr_ctx_errcode(ctx) : cr_ctx_fail(ctx, CR_EIO, "batch stopped");
        else cr__progress(ctx, "jobs", wb->base + i + 1, njobs);   /* the calling thread (the master) */
    }
    for (size_t i = 0; i < wb->cnt; i++) {
        if (wb->prepped[i] && h->discard) h->discard(h->user, wb->base + i, wb->prep[i]);
        wb->prep[i] = NULL;
        wb->prepped[i] = 0;
        cr_rank_result_free(wb->res[i]);
        wb->res[i] = NULL;
        free(wb->msgs[i]);
        wb->msgs[i] = NULL;
        wb->rcs[i] = CR_OK;
    }
    wb->cnt = 0;
    return rc;
}

/* cr_rank_batch's callback as a deliver hook. */
typedef struct {
    cr_rank_batch_cb cb;
    void *user;
} plain_cb;

static int plain_deliver(void *user, size_t job, const cr_rank_result *res, void *prep)
{
    (void)prep;
    const plain_cb *p = user;
    return p->cb ? p->cb(p->user, job, res) : 0;
}

cr_error_t cr_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                         size_t njobs, const cr_rank_opts *opts, cr_rank_batch_cb cb, void *user)
{
    plain_cb p = {cb, user};
    const cr_rank_batch_hooks h = {NULL, plain_deliver, NULL, &p};
    return cr_rank_batch_hooked(ctx, r, schemes, jobs, njobs, opts, &h);
}

cr_error_t cr_rank_batch_hooked(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes,
                                const cr_rank_job *jobs, size_t njobs, const cr_rank_opts *opts,
                                const cr_rank_batch_hooks *hooks)
{
    const cr_rank_batch_hooks none = {NULL, NULL, NULL, NULL};
    if (!hooks) hooks = &none;
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
     * thread count. */
    /* With many (scheme, chain) pairs in a park-major plan (30 chains; or the
     * interleaved schemes of compare: 6 schemes left groups of ~5 parks, and
     * the sweep cost per group 1.5x, bench_batch) a wave of
     * nt x LB x 4 jobs would hold only a few parks of each pair, and its
     * groups a few lanes of LB (a quarter of the kernel's work useful at 30
     * chains): the wave grows with the number of pairs (up to 64 of them),
     * so it covers nt x LB x 4 parks of each. */
    size_t nkeys = 1;
    {
        int smax = 0;
        for (size_t i = 0; i < njobs; i++)
            if (jobs[i].scheme > smax) smax = jobs[i].scheme;
        const size_t nk = ((size_t)smax + 1) * (size_t)r->ds->nchain;
        uint8_t *seen = nk <= ((size_t)1 << 24) ? calloc(nk, 1) : NULL;
        if (seen) {
            nkeys = 0;
            for (size_t i = 0; i < njobs && nkeys < 64; i++) {
                uint8_t *x = &seen[(size_t)jobs[i].scheme * (size_t)r->ds->nchain + (size_t)jobs[i].chain];
                nkeys += !*x;
                *x = 1;
            }
            free(seen);
            if (nkeys < 1) nkeys = 1;
        }
    }
    const size_t wave = (size_t)nt * CR__LANES * 4 * nkeys;
    worker *wk = cr__calloc(ctx, (size_t)nt, sizeof *wk);
    wave_buf wb[2];
    memset(wb, 0, sizeof wb);
    for (int h = 0; h < 2; h++) {
        wb[h].res = cr__calloc(ctx, wave, sizeof *wb[h].res);
        wb[h].rcs = cr__calloc(ctx, wave, sizeof *wb[h].rcs);
        wb[h].msgs = cr__calloc(ctx, wave, sizeof *wb[h].msgs);
        wb[h].prep = cr__calloc(ctx, wave, sizeof *wb[h].prep);
        wb[h].prepped = cr__calloc(ctx, wave, sizeof *wb[h].prepped);
    }
    size_t *gmem = cr__malloc(ctx, wave, sizeof *gmem);      /* jobs (wave-relative) by group */
    size_t *goff = cr__malloc(ctx, wave + 1, sizeof *goff);
    size_t *gjob = cr__malloc(ctx, 3 * wave, sizeof *gjob);  /* scratch: group of each job, group sizes, heads */
    size_t *gord = cr__malloc(ctx, 2 * wave + 1, sizeof *gord);   /* groups in task order, task starts */
    gkey *gks = cr__malloc(ctx, wave, sizeof *gks);
    cr_error_t rc = CR_ENOMEM;
    if (!wk || !gmem || !goff || !gjob || !gord || !gks) goto done;
    for (int h = 0; h < 2; h++)
        if (!wb[h].res || !wb[h].rcs || !wb[h].msgs || !wb[h].prep || !wb[h].prepped) goto done;
    rc = CR_OK;
    for (int t = 0; t < nt && rc == CR_OK; t++) {
        if (!(wk[t].ctx = cr_ctx_alloc())) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); break; }
        cr_ctx_set_threads(wk[t].ctx, 1);
    }
    if (rc != CR_OK) goto done;
    const batch_env env = {wk, r, schemes, jobs, &o, hooks, nt > 1};
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
                size_t *toff = gord + wave;
                size_t ntask = bundle_groups(jobs + b->base, gmem, goff, ng, r->ds->nchain, nt, gks, gord, toff);
                for (size_t t = 0; t < ntask; t++) {
                    const size_t *ord = gord + toff[t];
                    const size_t n = toff[t + 1] - toff[t];
#pragma omp task firstprivate(ord, n, b)
                    run_task(&env, b, gmem, goff, ord, n);
                }
            }
            /* meanwhile deliver the wave before it */
            wave_buf *prev = &wb[h ^ 1];
            if (prev->cnt) {
                cr_error_t drc = deliver_wave(ctx, &env, prev, rc == CR_OK, njobs);
                if (rc == CR_OK) rc = drc;
            }
#pragma omp taskwait
            if (wb[h].cnt == 0 && wb[h ^ 1].cnt == 0) break;
            if (rc != CR_OK) {   /* drop what is computed but not delivered */
                for (int x = 0; x < 2; x++)
                    if (wb[x].cnt) (void)deliver_wave(ctx, &env, &wb[x], 0, njobs);
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
        free(wb[h].prep);
        free(wb[h].prepped);
    }
    free(gmem);
    free(goff);
    free(gjob);
    free(gord);
    free(gks);
    return rc;
}
