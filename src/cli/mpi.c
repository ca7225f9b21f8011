/* chainrank-mpi: batch and compare DATASET sharded over MPI ranks (cli_mpi.h; docs/mpi.md).
 *
 * Built twice: without CR_WITH_MPI (the plain `chainrank`) every function is a one-process
 * stand-in; with it (`chainrank-mpi`, linked with MPI::MPI_C) the ranks share the work. With one
 * rank the MPI build takes the one-process paths too, so `mpirun -np 1 chainrank-mpi` is chainrank.
 *
 * batch: the job list is cut into chunks of C consecutive jobs, chunk c computed by rank c mod P
 * (each rank runs cr_rank_batch once on the concatenation of its chunks; a job's result does not
 * depend on the jobs around it, rank/batch.c). A rank other than 0 serialises each result (and the
 * bytes `attach` gives, e.g. the job's HTML report) into records, sends them to rank 0 with
 * MPI_Isend in messages of at most about 4 MiB that never straddle a chunk, and keeps at most
 * 64 MiB in flight; rank 0 delivers every job in job order: its own from cr_rank_batch's callback,
 * the others' chunk by chunk as it reaches them, so it holds one message at a time and every rank
 * computes ahead while rank 0 writes. The first failure in job order wins (a failing job is sent as
 * a FAIL record in its place), which is what one process reports; rank 0 then sends every rank its
 * one control message (also sent on success) and drains each rank's messages up to its END, so no
 * send is left pending and nothing hangs.
 *
 * compare DATASET: the backtest's (park, chain) jobs are cut into contiguous blocks balanced by the
 * chains' candidate counts; each rank runs cr_eval_backtest on its block and rank 0 gathers the
 * per-job metrics (MPI_Gatherv) and sums them in job order with cr_bt_agg_*, as cr_eval_backtest
 * does, so the summary has the same bits. A failure is the lowest failing rank's: the blocks are
 * contiguous and each stops at its first failing job, so that is the first failing job in order.
 *
 * Results travel as raw bytes (MPI_BYTE): ranks must share the byte order and the C ABI (one build
 * on a homogeneous cluster), as they share the dataset files. */
#include "cli_mpi.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The one-process batch (both builds): the caller's hooks (each list written by the worker that
 * ranked it), or every result delivered from cr_rank_batch's callback. */
static int one_cb(void *user, size_t i, const cr_rank_result *res)
{
    const cli_mpi_batch_io *io = user;
    return io->deliver(io->user, i, res, NULL, 0);
}

static cr_error_t batch_one(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                            size_t njobs, const cr_rank_opts *o, const cli_mpi_batch_io *io)
{
    if (io->hooks.deliver) return cr_rank_batch_hooked(ctx, r, schemes, jobs, njobs, o, &io->hooks);
    cli_mpi_batch_io copy = *io;
    return cr_rank_batch(ctx, r, schemes, jobs, njobs, o, one_cb, &copy);
}

#ifndef CR_WITH_MPI

void cli_mpi_init(int *argc, char ***argv) { (void)argc; (void)argv; }
void cli_mpi_finalize(void) {}
int cli_mpi_rank(void) { return 0; }
int cli_mpi_size(void) { return 1; }
int cli_mpi_runs_here(const char *command) { (void)command; return 1; }
int cli_mpi_default_threads(void) { return 0; }
int cli_mpi_agree(int code) { return code; }
int cli_mpi_finish(int code) { return code; }
void cli_mpi_bcast(void *p, size_t n) { (void)p; (void)n; }
cr_error_t cli_mpi_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                              size_t njobs, const cr_rank_opts *o, const cli_mpi_batch_io *io)
{
    return batch_one(ctx, r, schemes, jobs, njobs, o, io);
}
void cli_mpi_compare_params(cr_compare_params *cp) { (void)cp; }
void cli_mpi_compare_done(void) {}
int cli_mpi_compare_serve(cr_ctx *ctx, const cr_world *w, const cr_scheme *const *schemes, size_t nschemes,
                          const char *history)
{
    (void)ctx; (void)w; (void)schemes; (void)nschemes; (void)history;
    return CLI_EXIT_OK;
}

#else /* CR_WITH_MPI */

#include <mpi.h>
#include <limits.h>
#include <omp.h>
#include <time.h>
#include <unistd.h>

/* A field added to cr_rank_result must be sent too (pack_result/unpack_result below), or
 * chainrank-mpi's lists would silently lose it: this stops the build until it is. */
_Static_assert(sizeof(void *) != 8 || sizeof(cr_rank_result) == 240,
               "cr_rank_result changed: serialise the new field in src/cli/mpi.c, then update this size");

enum { TAG_DATA = 11, TAG_END = 12, TAG_CTRL = 13, TAG_MSG = 14 };
enum { REC_RESULT = 1, REC_FAIL = 2 };
enum { MSG_BYTES = 4 << 20 };            /* a message is sent once it holds this much */
enum { INFLIGHT_BYTES = 64 << 20 };      /* a rank waits for rank 0 beyond this much unsent */

static int g_rank, g_size = 1;
static int g_threads;                    /* the default --threads of a rank (0: all cores) */
static int g_agreed, g_agreed_code;      /* a failure agreed: no more collectives */

void cli_mpi_init(int *argc, char ***argv)
{
    int provided = 0;
    /* FUNNELED: OpenMP threads compute, only the main thread (cr_rank_batch's callbacks run on
     * the calling thread, the master of its parallel region) calls MPI */
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    if (g_size > 1) {
        /* ranks on one node share its cores: each takes its share, and no more than the cores it
         * is bound to (mpirun binds a rank to a core for up to 2 ranks, else to a socket) */
        MPI_Comm node;
        int local = 1;
        if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
            MPI_Comm_size(node, &local);
            MPI_Comm_free(&node);
        }
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        int share = cores > local ? (int)(cores / local) : 1, mine = omp_get_num_procs();
        g_threads = mine < share ? mine : share;
        if (g_threads < 1) g_threads = 1;
    }
    if (g_size > 1 && g_rank != 0) {
        /* only rank 0 prints: the others' stdout is dropped and their stderr kept in an unlinked
         * temporary file, forwarded by cli_mpi_agree when this rank is the one that failed */
        fflush(stdout);
        fflush(stderr);
        if (!freopen("/dev/null", "w", stdout)) { /* nothing to print to anyway */ }
        FILE *t = tmpfile();
        if (t) {
            dup2(fileno(t), 2);
            fclose(t);   /* fd 2 keeps the file open */
        }
    }
}

void cli_mpi_finalize(void) { MPI_Finalize(); }

/* Waiting without spinning. Open MPI's blocking calls poll at full speed (its default, for the
 * lowest latency), so a rank waiting for another (rank 0 for the next chunk, a rank that is done
 * for rank 0's last files, the ranks of compare for rank 0's one-park part) would take a core from
 * the ranks and threads still computing whenever they share cores. Each wait tests, then sleeps
 * 50 us, doubling up to 2 ms: small against a chunk of jobs, and the messages are few. */
static void nap(long *ns)
{
    struct timespec t = {0, *ns};
    nanosleep(&t, NULL);
    if (*ns < 2000000) *ns *= 2;
}

static void wait_req(MPI_Request *req)
{
    long ns = 50000;
    for (int done = 0;;) {
        MPI_Test(req, &done, MPI_STATUS_IGNORE);
        if (done) return;
        nap(&ns);
    }
}

static void wait_probe(int src, int tag, MPI_Status *st)
{
    long ns = 50000;
    for (int flag = 0;;) {
        MPI_Iprobe(src, tag, MPI_COMM_WORLD, &flag, st);
        if (flag) return;
        nap(&ns);
    }
}

/* Every rank here before the collective that follows (which then does not wait long). */
static void calm_barrier(void)
{
    MPI_Request req;
    MPI_Ibarrier(MPI_COMM_WORLD, &req);
    wait_req(&req);
}
int cli_mpi_rank(void) { return g_rank; }
int cli_mpi_default_threads(void) { return g_threads; }
int cli_mpi_size(void) { return g_size; }

int cli_mpi_runs_here(const char *command)
{
    return g_size == 1 || g_rank == 0 || !strcmp(command, "batch") || !strcmp(command, "compare");
}

/* This rank's captured stderr (the last 64 KiB of it), malloc'd. */
static char *captured(int *n)
{
    fflush(stderr);
    off_t end = lseek(2, 0, SEEK_END);
    off_t from = end > 65536 ? end - 65536 : 0;
    size_t len = end > from ? (size_t)(end - from) : 0;
    char *s = malloc(len + 1);
    ssize_t got = s && len ? pread(2, s, len, from) : 0;
    *n = got > 0 ? (int)got : 0;
    return s;
}

/* Collective: the lowest rank with `failed` set (g_size if none). Every rank learns that rank's
 * *code; rank 0, unless it is that rank, receives its text (malloc'd in *got, *ngot bytes). */
static int lowest_failure(int failed, int *code, const char *text, int ntext, char **got, int *ngot)
{
    int mine = failed ? g_rank : g_size, first = g_size;
    *got = NULL;
    *ngot = 0;
    calm_barrier();
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == g_size) return first;
    MPI_Bcast(code, 1, MPI_INT, first, MPI_COMM_WORLD);
    if (first != 0 && g_rank == first) {
        MPI_Send(text ? text : "", text ? ntext : 0, MPI_CHAR, 0, TAG_MSG, MPI_COMM_WORLD);
    } else if (first != 0 && g_rank == 0) {
        MPI_Status st;
        wait_probe(first, TAG_MSG, &st);
        MPI_Get_count(&st, MPI_CHAR, ngot);
        if (!(*got = malloc((size_t)*ngot + 1))) MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
        MPI_Recv(*got, *ngot, MPI_CHAR, first, TAG_MSG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    return first;
}

int cli_mpi_agree(int code)
{
    if (g_size == 1) return code;
    int n = 0, ngot, fc = code;
    char *s = code != CLI_EXIT_OK ? captured(&n) : NULL, *got;
    int first = lowest_failure(code != CLI_EXIT_OK, &fc, s, n, &got, &ngot);
    free(s);
    if (first == g_size) return CLI_EXIT_OK;
    if (got) fwrite(got, 1, (size_t)ngot, stderr);   /* another rank failed first: its words */
    free(got);
    g_agreed = 1;
    g_agreed_code = fc;
    return fc;
}

int cli_mpi_finish(int code)
{
    if (g_size == 1) return code;
    if (g_agreed) return g_agreed_code;
    return cli_mpi_agree(code);
}

void cli_mpi_bcast(void *p, size_t n)
{
    for (size_t off = 0; g_size > 1 && off < n;) {
        size_t k = n - off < (1u << 30) ? n - off : (1u << 30);
        MPI_Bcast((char *)p + off, (int)k, MPI_BYTE, 0, MPI_COMM_WORLD);
        off += k;
    }
}

/* ---- batch: records ------------------------------------------------------------ */

typedef struct {
    char *p;
    size_t n, cap;
    int oom;
} wbuf;

static void put(wbuf *b, const void *x, size_t n)
{
    if (b->oom) return;
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap : 65536;
        while (c < b->n + n) c *= 2;
        char *q = realloc(b->p, c);
        if (!q) { b->oom = 1; return; }
        b->p = q;
        b->cap = c;
    }
    if (n) memcpy(b->p + b->n, x, n);
    b->n += n;
}

/* The scalars of a cr_rank_result (the arrays follow in the record). */
typedef struct {
    int64_t ncand, nexcluded, nranked, nrows, nexcl_rows;
    int32_t park, chain, ncrit, higher_is_better, vikor_advantage, vikor_stability, weights_fallback, expected_value;
    int32_t has_compromise, pad;
    int32_t crit[CR_NCRIT];
    double weights[CR_NCRIT];
} rec_head;

typedef struct {
    uint64_t job;
    int32_t kind, rc;
    uint64_t len;   /* bytes that follow */
} rec_tag;

/* One result record: the tag, the scalars, ent, score, value, vikor_compromise (if any), the
 * excluded rows, and the extra bytes. The matrix is not sent: batch never asks for it. */
static void pack_result(wbuf *b, size_t job, const cr_rank_result *r, const char *extra, size_t nextra)
{
    rec_head h;
    memset(&h, 0, sizeof h);
    h.ncand = r->ncand; h.nexcluded = r->nexcluded; h.nranked = r->nranked; h.nrows = r->nrows;
    h.nexcl_rows = r->nexcl_rows; h.park = r->park; h.chain = r->chain; h.ncrit = r->ncrit;
    h.higher_is_better = r->higher_is_better; h.vikor_advantage = r->vikor_advantage;
    h.vikor_stability = r->vikor_stability; h.weights_fallback = r->weights_fallback;
    h.expected_value = r->expected_value; h.has_compromise = r->vikor_compromise != NULL;
    for (int c = 0; c < CR_NCRIT; c++) {
        h.crit[c] = (int32_t)r->crit[c];
        h.weights[c] = r->weights[c];
    }
    size_t n = (size_t)r->nrows, x = (size_t)r->nexcl_rows;
    uint64_t ne = nextra;
    rec_tag t = {job, REC_RESULT, 0,
                 sizeof h + n * (sizeof *r->ent + sizeof *r->score + CR_NCRIT * sizeof *r->value) +
                     (h.has_compromise ? n * sizeof *r->vikor_compromise : 0) +
                     x * (sizeof *r->excl_ent + sizeof *r->excl_reason) + sizeof ne + nextra};
    put(b, &t, sizeof t);
    put(b, &h, sizeof h);
    put(b, r->ent, n * sizeof *r->ent);
    put(b, r->score, n * sizeof *r->score);
    put(b, r->value, n * CR_NCRIT * sizeof *r->value);
    if (h.has_compromise) put(b, r->vikor_compromise, n * sizeof *r->vikor_compromise);
    put(b, r->excl_ent, x * sizeof *r->excl_ent);
    put(b, r->excl_reason, x * sizeof *r->excl_reason);
    put(b, &ne, sizeof ne);
    put(b, extra, nextra);
}

static void pack_fail(wbuf *b, size_t job, cr_error_t rc, const char *msg)
{
    size_t n = strlen(msg);
    rec_tag t = {job, REC_FAIL, (int32_t)rc, n};
    put(b, &t, sizeof t);
    put(b, msg, n);
}

/* Reads n bytes at *pos of a record body into dst (malloc'd when want), 0 if they are not there. */
static int take(const char *p, size_t len, size_t *pos, size_t n, void *dst)
{
    if (n > len - *pos) return 0;
    if (n) memcpy(dst, p + *pos, n);
    *pos += n;
    return 1;
}

static void *take_array(const char *p, size_t len, size_t *pos, size_t n, int *ok)
{
    void *a = malloc(n ? n : 1);
    if (!a || !take(p, len, pos, n, a)) {
        free(a);
        *ok = 0;
        return NULL;
    }
    return a;
}

/* The record body p[len] back into a result (NULL if malformed or out of memory). */
static cr_rank_result *unpack_result(const char *p, size_t len, const char **extra, size_t *nextra)
{
    size_t pos = 0;
    rec_head h;
    if (!take(p, len, &pos, sizeof h, &h) || h.nrows < 0 || h.nexcl_rows < 0) return NULL;
    cr_rank_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->ncand = h.ncand; r->nexcluded = h.nexcluded; r->nranked = h.nranked; r->nrows = h.nrows;
    r->nexcl_rows = h.nexcl_rows; r->park = h.park; r->chain = h.chain; r->ncrit = h.ncrit;
    r->higher_is_better = h.higher_is_better; r->vikor_advantage = h.vikor_advantage;
    r->vikor_stability = h.vikor_stability; r->weights_fallback = h.weights_fallback;
    r->expected_value = h.expected_value;
    for (int c = 0; c < CR_NCRIT; c++) {
        r->crit[c] = (cr_criterion)h.crit[c];
        r->weights[c] = h.weights[c];
    }
    size_t n = (size_t)h.nrows, x = (size_t)h.nexcl_rows;
    int ok = 1;
    r->ent = take_array(p, len, &pos, n * sizeof *r->ent, &ok);
    if (ok) r->score = take_array(p, len, &pos, n * sizeof *r->score, &ok);
    if (ok) r->value = take_array(p, len, &pos, n * CR_NCRIT * sizeof *r->value, &ok);
    if (ok && h.has_compromise) r->vikor_compromise = take_array(p, len, &pos, n * sizeof *r->vikor_compromise, &ok);
    if (ok && x) {   /* a result without excluded rows keeps NULL arrays, as the library's */
        r->excl_ent = take_array(p, len, &pos, x * sizeof *r->excl_ent, &ok);
        if (ok) r->excl_reason = take_array(p, len, &pos, x * sizeof *r->excl_reason, &ok);
    }
    uint64_t ne = 0;
    if (ok) ok = take(p, len, &pos, sizeof ne, &ne) && ne == len - pos;
    if (!ok) {
        cr_rank_result_free(r);
        return NULL;
    }
    *extra = ne ? p + pos : NULL;
    *nextra = (size_t)ne;
    return r;
}

/* ---- batch: rank 0 ------------------------------------------------------------- */

typedef struct {
    cr_ctx *ctx;
    const cli_mpi_batch_io *io;
    size_t njobs, chunk;
    const size_t *map;       /* own position -> job */
    size_t ndone;            /* own jobs delivered */
    size_t next;             /* next job to deliver */
    char *msg;               /* the message being read (of the rank owning job next) */
    size_t mlen, mpos;
    int *ended;              /* [size] END received */
    int failed;              /* a failure is on ctx */
} root_st;

static int owner(size_t job, size_t chunk) { return (int)((job / chunk) % (size_t)g_size); }

static void root_progress(root_st *s)
{
    if (s->io->bar) cli_progress_cb(s->io->bar, "jobs", s->next, s->njobs);
}

/* Delivers the other ranks' jobs from s->next up to (not including) job `until`, stopping at a
 * job of rank 0's own. Returns non-zero on the first failure (its message on ctx). */
static int deliver_remote(root_st *s, size_t until)
{
    while (s->next < until) {
        int src = owner(s->next, s->chunk);
        if (src == 0) return 0;
        if (s->mpos == s->mlen) {   /* the next message of src */
            MPI_Status st;
            int n = 0;
            wait_probe(src, MPI_ANY_TAG, &st);
            MPI_Get_count(&st, MPI_BYTE, &n);
            free(s->msg);
            s->msg = malloc(n ? (size_t)n : 1);
            if (!s->msg) {
                cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory (a message of %d bytes from rank %d)", n, src);
                return s->failed = 1;
            }
            MPI_Recv(s->msg, n, MPI_BYTE, src, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            s->mlen = (size_t)n;
            s->mpos = 0;
            if (st.MPI_TAG == TAG_END) {
                s->ended[src] = 1;
                cr_ctx_fail(s->ctx, CR_EINTERNAL, "rank %d ended before job %zu", src, s->next + 1);
                return s->failed = 1;
            }
        }
        rec_tag t;
        if (!take(s->msg, s->mlen, &s->mpos, sizeof t, &t) || t.len > s->mlen - s->mpos || t.job != s->next) {
            cr_ctx_fail(s->ctx, CR_EINTERNAL, "rank %d sent a malformed record for job %zu", src, s->next + 1);
            return s->failed = 1;
        }
        const char *body = s->msg + s->mpos;
        s->mpos += t.len;
        if (t.kind == REC_FAIL) {   /* the job failed there: one process would stop here with its message */
            cr_ctx_fail(s->ctx, (cr_error_t)t.rc, "%.*s", (int)t.len, body);
            return s->failed = 1;
        }
        const char *extra;
        size_t nextra;
        cr_rank_result *res = unpack_result(body, t.len, &extra, &nextra);
        if (!res) {
            cr_ctx_fail(s->ctx, CR_EINTERNAL, "rank %d sent a malformed result for job %zu", src, s->next + 1);
            return s->failed = 1;
        }
        int bad = s->io->deliver(s->io->user, s->next, res, extra, nextra);
        cr_rank_result_free(res);
        if (bad) return s->failed = 1;
        s->next++;
        root_progress(s);
    }
    return 0;
}

static int root_cb(void *user, size_t i, const cr_rank_result *res)
{
    root_st *s = user;
    size_t job = s->map[i];
    if (deliver_remote(s, job)) return 1;
    if (s->io->deliver(s->io->user, job, res, NULL, 0)) return s->failed = 1;
    s->ndone++;
    s->next = job + 1;
    root_progress(s);
    return 0;
}

/* ---- batch: the other ranks ---------------------------------------------------- */

typedef struct {
    MPI_Request req;
    char *buf;
    size_t n;
} sent;

typedef struct {
    cr_ctx *ctx;
    const cli_mpi_batch_io *io;
    size_t chunk, nown;
    const size_t *map;
    size_t ndone;
    wbuf cur;
    sent *q;                 /* messages in flight, oldest first from q0 */
    size_t q0, nq, qcap, inflight;
    int got_ctrl;            /* rank 0's control message received (early: it stopped) */
} work_st;

static void settle(work_st *s, int wait_all)
{
    while (s->q0 < s->nq) {
        sent *m = &s->q[s->q0];
        if (wait_all || s->inflight > INFLIGHT_BYTES) wait_req(&m->req);
        else {
            int done = 0;
            MPI_Test(&m->req, &done, MPI_STATUS_IGNORE);
            if (!done) break;
        }
        s->inflight -= m->n;
        free(m->buf);
        s->q0++;
    }
}

static int flush(work_st *s)
{
    if (s->cur.oom) return cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory"), 1;
    if (!s->cur.n) return 0;
    if (s->cur.n > INT_MAX) return cr_ctx_fail(s->ctx, CR_ENOMEM, "a result of %zu bytes is too large to send", s->cur.n), 1;
    if (s->nq == s->qcap) {
        size_t c = s->qcap ? 2 * s->qcap : 64;
        sent *q = realloc(s->q, c * sizeof *q);
        if (!q) return cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory"), 1;
        s->q = q;
        s->qcap = c;
    }
    sent *m = &s->q[s->nq++];
    m->buf = s->cur.p;
    m->n = s->cur.n;
    MPI_Isend(m->buf, (int)m->n, MPI_BYTE, 0, TAG_DATA, MPI_COMM_WORLD, &m->req);
    s->inflight += m->n;
    memset(&s->cur, 0, sizeof s->cur);
    settle(s, 0);
    return 0;
}

static int work_cb(void *user, size_t i, const cr_rank_result *res)
{
    work_st *s = user;
    int stop = 0;
    MPI_Iprobe(0, TAG_CTRL, MPI_COMM_WORLD, &stop, MPI_STATUS_IGNORE);
    if (stop) {   /* rank 0 failed: nothing more is wanted */
        MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_CTRL, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        s->got_ctrl = 1;
        cr_ctx_fail(s->ctx, CR_EIO, "stopped by rank 0");
        return 1;
    }
    size_t job = s->map[i];
    char *extra = NULL;
    size_t nextra = 0;
    if (s->io->attach && s->io->attach(s->io->user, job, res, &extra, &nextra) != 0) return 1;
    pack_result(&s->cur, job, res, extra, nextra);
    free(extra);
    if (s->cur.oom) return cr_ctx_fail(s->ctx, CR_ENOMEM, "out of memory"), 1;
    s->ndone++;
    int last = i + 1 == s->nown || s->map[i + 1] / s->chunk != job / s->chunk;
    if ((last || s->cur.n >= MSG_BYTES) && flush(s)) return 1;
    settle(s, 0);
    return 0;
}

cr_error_t cli_mpi_rank_batch(cr_ctx *ctx, const cr_ranker *r, const cr_scheme *const *schemes, const cr_rank_job *jobs,
                              size_t njobs, const cr_rank_opts *o, const cli_mpi_batch_io *io)
{
    if (g_size == 1) return batch_one(ctx, r, schemes, jobs, njobs, o, io);
    /* about 8 chunks a rank, so the ranks finish together; at most 256 jobs, so rank 0 need not
     * wait long for the next chunk; C is a function of (njobs, size) only */
    size_t chunk = (njobs + 8 * (size_t)g_size - 1) / (8 * (size_t)g_size);
    if (chunk < 1) chunk = 1;
    if (chunk > 256) chunk = 256;
    size_t nown = 0;
    size_t *map = malloc((njobs + 1) * sizeof *map);
    cr_rank_job *own = malloc((njobs + 1) * sizeof *own);
    if (!map || !own) {   /* cannot take part: stop the run rather than leave the others waiting */
        fprintf(stderr, "chainrank: batch: out of memory (rank %d)\n", g_rank);
        MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
    }
    for (size_t j = 0; j < njobs; j++)
        if (owner(j, chunk) == g_rank) {
            map[nown] = j;
            own[nown++] = jobs[j];
        }
    cr_error_t rc;
    if (g_rank == 0) {
        root_st s = {ctx, io, njobs, chunk, map, 0, 0, NULL, 0, 0, calloc((size_t)g_size, sizeof(int)), 0};
        if (!s.ended) MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
        cr_ctx_set_progress(ctx, NULL, NULL);   /* the bar counts every rank's jobs (root_progress) */
        rc = cr_rank_batch(ctx, r, schemes, own, nown, o, root_cb, &s);
        if (!s.failed && rc != CR_OK) {
            /* an own job failed: the first failure in job order unless another rank's job before
             * it failed too */
            char *mine = strdup(cr_ctx_errmsg(ctx));
            size_t at = s.ndone < nown ? map[s.ndone] : njobs;
            if (deliver_remote(&s, at) == 0) rc = cr_ctx_fail(ctx, rc, "%s", mine ? mine : cr_strerror(rc));
            else rc = cr_ctx_errcode(ctx);
            free(mine);
        } else if (s.failed) {
            rc = cr_ctx_errcode(ctx);
        } else if (deliver_remote(&s, njobs)) {
            rc = cr_ctx_errcode(ctx);
        }
        if (io->bar) cr_ctx_set_progress(ctx, cli_progress_cb, io->bar);
        /* done or failed: each rank gets its one control message, then its rest is drained */
        for (int k = 1; k < g_size; k++) MPI_Send(NULL, 0, MPI_BYTE, k, TAG_CTRL, MPI_COMM_WORLD);
        for (int k = 1; k < g_size; k++)
            while (!s.ended[k]) {
                MPI_Status st;
                int n = 0;
                wait_probe(k, MPI_ANY_TAG, &st);
                MPI_Get_count(&st, MPI_BYTE, &n);
                char *tmp = malloc(n ? (size_t)n : 1);
                if (!tmp) MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
                MPI_Recv(tmp, n, MPI_BYTE, k, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                free(tmp);
                if (st.MPI_TAG == TAG_END) s.ended[k] = 1;
            }
        free(s.msg);
        free(s.ended);
    } else {
        work_st s;
        memset(&s, 0, sizeof s);
        s.ctx = ctx;
        s.io = io;
        s.chunk = chunk;
        s.nown = nown;
        s.map = map;
        rc = cr_rank_batch(ctx, r, schemes, own, nown, o, work_cb, &s);
        if (rc != CR_OK && !s.got_ctrl && s.ndone < nown) {   /* the failing job, in its place */
            pack_fail(&s.cur, map[s.ndone], rc, cr_ctx_errmsg(ctx));
            if (s.cur.oom) {
                memset(&s.cur, 0, sizeof s.cur);
                pack_fail(&s.cur, map[s.ndone], CR_ENOMEM, "out of memory");
            }
        }
        if (flush(&s)) {   /* out of memory for the last message: the run cannot be completed */
            fprintf(stderr, "chainrank: batch: %s (rank %d)\n", cr_ctx_errmsg(ctx), g_rank);
            MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
        }
        MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_END, MPI_COMM_WORLD);
        settle(&s, 1);
        if (!s.got_ctrl) {   /* rank 0 is done with this rank */
            MPI_Status st;
            wait_probe(0, TAG_CTRL, &st);
            MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_CTRL, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        }
        free(s.cur.p);
        free(s.q);
        rc = CR_OK;   /* rank 0 reports */
    }
    free(map);
    free(own);
    return rc;
}

/* ---- compare DATASET: the backtest ---------------------------------------------- */

enum { CMP_DONE = 0, CMP_BACKTEST = 1 };
typedef struct {
    int32_t cmd, pad;
    uint64_t njobs;
    cr_eval_bt_params bp;
} cmp_head;

/* Rank k's block [*lo, *hi) of the jobs: contiguous, cut where the running sum of the jobs'
 * weights (the chain's candidates + 1) crosses k/size of the total. */
static void bt_block(const cr_ranker *r, const int32_t *chains, size_t njobs, int k, size_t *lo, size_t *hi)
{
    uint64_t total = 0, sum = 0;
    for (size_t j = 0; j < njobs; j++) total += (uint64_t)cr_ranker_chain_candidates(r, chains[j]) + 1;
    *lo = *hi = 0;
    int seen = 0;
    for (size_t j = 0; j < njobs; j++) {
        int own = (int)(sum * (uint64_t)g_size / total);
        if (own == k) {
            if (!seen) *lo = j;
            seen = 1;
            *hi = j + 1;
        }
        sum += (uint64_t)cr_ranker_chain_candidates(r, chains[j]) + 1;
    }
    if (!seen) *lo = *hi = 0;
}

/* Collective: each rank's block result (or failure) to rank 0, which assembles the whole
 * backtest in job order. Returns the lowest failing rank's code (its message on rank 0's ctx). */
static cr_error_t bt_gather(cr_ctx *ctx, const cr_ranker *r, cr_error_t rc, const cr_eval_bt_result *part,
                            size_t nschemes, const int32_t *parks, const int32_t *chains, size_t njobs,
                            cr_eval_bt_result **out)
{
    int frc = (int)rc, ngot;
    char *got;
    const char *m = rc != CR_OK ? cr_ctx_errmsg(ctx) : NULL;
    if (lowest_failure(rc != CR_OK, &frc, m, m ? (int)strlen(m) : 0, &got, &ngot) < g_size) {
        if (got) cr_ctx_fail(ctx, (cr_error_t)frc, "%.*s", ngot, got);   /* rank 0: another rank's job failed first */
        free(got);
        return (cr_error_t)frc;
    }
    const size_t nm = nschemes + CR_EVAL_NBASE, rs = 2 * sizeof(int64_t) + nm * sizeof(cr_bt_result);
    if (njobs * rs > INT_MAX) {   /* every rank knows it: the same answer everywhere */
        return g_rank == 0 ? cr_ctx_fail(ctx, CR_ENOMEM, "backtest of %zu jobs too large to gather", njobs) : CR_ENOMEM;
    }
    size_t lo, hi;
    bt_block(r, chains, njobs, g_rank, &lo, &hi);
    char *send = malloc((hi - lo) * rs + 1);
    char *recv = g_rank == 0 ? malloc(njobs * rs + 1) : NULL;
    int *cnt = malloc((size_t)g_size * sizeof *cnt), *dsp = malloc((size_t)g_size * sizeof *dsp);
    if (!send || (g_rank == 0 && !recv) || !cnt || !dsp) MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
    for (size_t j = 0; j < hi - lo; j++) {
        char *p = send + j * rs;
        memcpy(p, &part->ncand[j], sizeof(int64_t));
        memcpy(p + sizeof(int64_t), &part->ncommon[j], sizeof(int64_t));
        memcpy(p + 2 * sizeof(int64_t), part->res + j * nm, nm * sizeof(cr_bt_result));
    }
    for (int k = 0; k < g_size; k++) {
        size_t a, b;
        bt_block(r, chains, njobs, k, &a, &b);
        cnt[k] = (int)((b - a) * rs);
        dsp[k] = (int)(a * rs);
    }
    MPI_Gatherv(send, cnt[g_rank], MPI_BYTE, recv, cnt, dsp, MPI_BYTE, 0, MPI_COMM_WORLD);
    free(send);
    free(cnt);
    free(dsp);
    if (g_rank != 0) return CR_OK;
    cr_eval_bt_result *o = calloc(1, sizeof *o);
    if (o) {
        o->nschemes = nschemes;
        o->nmethods = nm;
        o->njobs = njobs;
        o->park = malloc((njobs + 1) * sizeof *o->park);
        o->chain = malloc((njobs + 1) * sizeof *o->chain);
        o->ncand = malloc((njobs + 1) * sizeof *o->ncand);
        o->ncommon = malloc((njobs + 1) * sizeof *o->ncommon);
        o->res = malloc((njobs * nm + 1) * sizeof *o->res);
        o->summary = malloc(nm * sizeof *o->summary);
    }
    cr_bt_agg *agg = malloc(nm * sizeof *agg);
    if (!o || !o->park || !o->chain || !o->ncand || !o->ncommon || !o->res || !o->summary || !agg) {
        cr_eval_bt_result_free(o);
        free(agg);
        free(recv);
        return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    }
    if (njobs) {
        memcpy(o->park, parks, njobs * sizeof *parks);
        memcpy(o->chain, chains, njobs * sizeof *chains);
    }
    for (size_t j = 0; j < njobs; j++) {
        const char *p = recv + j * rs;
        memcpy(&o->ncand[j], p, sizeof(int64_t));
        memcpy(&o->ncommon[j], p + sizeof(int64_t), sizeof(int64_t));
        memcpy(o->res + j * nm, p + 2 * sizeof(int64_t), nm * sizeof(cr_bt_result));
    }
    /* as cr_eval_backtest: every job added in job order, so the same sums */
    for (size_t q = 0; q < nm; q++) cr_bt_agg_init(&agg[q]);
    for (size_t j = 0; j < njobs; j++)
        for (size_t q = 0; q < nm; q++) cr_bt_agg_add(&agg[q], &o->res[j * nm + q]);
    for (size_t q = 0; q < nm; q++) cr_bt_agg_summary(&agg[q], &o->summary[q]);
    free(agg);
    free(recv);
    *out = o;
    return CR_OK;
}

/* This rank's block of a backtest, then the gather. */
static cr_error_t bt_share(cr_ctx *ctx, cr_error_t rc, const cr_ranker *r, const cr_dataset *ds,
                           const cr_eval_history *h, const cr_scheme *const *schemes, size_t nschemes,
                           const int32_t *parks, const int32_t *chains, size_t njobs, const cr_eval_bt_params *p,
                           cr_eval_bt_result **out)
{
    size_t lo, hi;
    bt_block(r, chains, njobs, g_rank, &lo, &hi);
    cr_eval_bt_result *part = NULL;
    if (rc == CR_OK)
        rc = cr_eval_backtest(ctx, r, ds, h, schemes, nschemes, hi > lo ? parks + lo : NULL,
                              hi > lo ? chains + lo : NULL, hi - lo, p, &part);
    rc = bt_gather(ctx, r, rc, part, nschemes, parks, chains, njobs, out);
    cr_eval_bt_result_free(part);
    return rc;
}

static void bcast_jobs(int32_t *parks, int32_t *chains, size_t njobs)
{
    cli_mpi_bcast(parks, njobs * sizeof *parks);
    cli_mpi_bcast(chains, njobs * sizeof *chains);
}

/* rank 0's backtest_fn (cr_compare_params): the jobs to every rank, each computes its block. */
static cr_error_t bt_root(void *user, cr_ctx *ctx, const cr_ranker *r, const cr_dataset *ds, const cr_eval_history *h,
                          const cr_scheme *const *schemes, size_t nschemes, const int32_t *parks,
                          const int32_t *chains, size_t njobs, const cr_eval_bt_params *p, cr_eval_bt_result **out)
{
    (void)user;
    *out = NULL;
    cmp_head hd;
    memset(&hd, 0, sizeof hd);
    hd.cmd = CMP_BACKTEST;
    hd.njobs = njobs;
    hd.bp = *p;
    calm_barrier();
    cli_mpi_bcast(&hd, sizeof hd);
    /* rank 0 only sends: MPI_Bcast's buffer is not const */
    bcast_jobs((int32_t *)(uintptr_t)parks, (int32_t *)(uintptr_t)chains, njobs);
    return bt_share(ctx, CR_OK, r, ds, h, schemes, nschemes, parks, chains, njobs, p, out);
}

void cli_mpi_compare_params(cr_compare_params *cp)
{
    if (g_size > 1) cp->backtest_fn = bt_root;
}

void cli_mpi_compare_done(void)
{
    if (g_size == 1) return;
    cmp_head hd;
    memset(&hd, 0, sizeof hd);
    hd.cmd = CMP_DONE;
    calm_barrier();
    cli_mpi_bcast(&hd, sizeof hd);
}

int cli_mpi_compare_serve(cr_ctx *ctx, const cr_world *w, const cr_scheme *const *schemes, size_t nschemes,
                          const char *history)
{
    cr_eval_history *h = NULL;
    cr_error_t hrc = CR_OK;
    int loaded = 0;
    for (;;) {
        cmp_head hd;
        calm_barrier();   /* rank 0 may be busy for long (rankings, SMAA, its output) */
        cli_mpi_bcast(&hd, sizeof hd);
        if (hd.cmd == CMP_DONE) break;
        size_t njobs = (size_t)hd.njobs;
        int32_t *parks = malloc((njobs + 1) * sizeof *parks), *chains = malloc((njobs + 1) * sizeof *chains);
        if (!parks || !chains) {
            fprintf(stderr, "chainrank: compare: out of memory (rank %d)\n", g_rank);
            MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_INTERNAL);
        }
        bcast_jobs(parks, chains, njobs);
        if (!loaded) {   /* the history compare.c loads on rank 0, once */
            hrc = history ? cr_eval_history_load(ctx, w->ds, history, &h) : cr_eval_history_from_dataset(ctx, w->ds, &h);
            loaded = 1;
        }
        cr_eval_bt_result *unused = NULL;
        (void)bt_share(ctx, hrc, w->ranker, w->ds, h, schemes, nschemes, parks, chains, njobs, &hd.bp, &unused);
        cr_eval_bt_result_free(unused);
        free(parks);
        free(chains);
    }
    cr_eval_history_free(h);
    return CLI_EXIT_OK;
}

#endif /* CR_WITH_MPI */
