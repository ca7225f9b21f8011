/* SMAA-2 engine (docs/smaa.md).
 *
 * Work per sample: draw w (O(n) .. O(n^2)), score every alternative
 * (O(m n), the hot loop), then find the top K positions (bounded heap,
 * O(m) comparisons typically) or the full order (stable radix sort,
 * O(m) per pass). The normalised matrix does not depend on the weights, so it
 * is computed once (cr_mcda_normalize, the same expressions as cr_mcda_*)
 * and stored column-major: the score loop then runs over contiguous rows
 * for one criterion at a time and vectorises, while each alternative still
 * adds its criteria in index order, so its score is bit-for-bit the one
 * cr_mcda_wsm / cr_mcda_topsis / cr_mcda_vikor compute for the same weights.
 *
 * Determinism for any thread count:
 *   - sample s's weights depend only on (seed, s) (sample.c);
 *   - rank counts and rank sums are integers (order of addition irrelevant);
 *   - central weights are sums of doubles: the parallel pass records only
 *     the winner of each sample (4 bytes); a sequential pass afterwards
 *     redraws each sample's weights and adds them in sample order;
 *   - confidence factors are one independent 0/1 test per alternative. */
#include "smaa/smaa_internal.h"
#include "mcda/shared.h"

#include <math.h>
#include <omp.h>
#include <string.h>

enum { BLOCK = 256 };   /* rows per score block: the partial sums stay in L1 */
enum { PAD = 8 };       /* 8-byte elements added to each per-thread buffer: one cache line */

typedef struct {
    size_t m, n;
    cr_aggregation method;
    double v;
    double *col;        /* [n*m] column-major: r (WSM, TOPSIS) or d = (f* - r)/(f* - f-) (VIKOR) */
    double *lo, *hi;    /* [n] column min / max of r (TOPSIS) */
} model;

/* Per-thread scratch, allocated once before the parallel region. */
typedef struct {
    double *key;        /* [m] higher is better */
    double *aux;        /* [m] VIKOR R */
    size_t *idx, *tmp;  /* [m] each, full sort only */
    uint64_t *ka, *kb;  /* [m] each, full sort only: radix keys */
    uint32_t *hist;     /* [RADIX_PASSES * RADIX_BUCKETS], full sort only */
    size_t *heap;       /* [K] */
    double *w, *wtmp;   /* [n] */
    uint64_t *ranksum;  /* [m] holistic only */
    uint64_t *cnt;      /* [m*K] this thread's rank counts (private counts only) */
    uint64_t tries;
} workspace;

static double ratio0(double a, double b) { return b != 0 ? a / b : 0.0; }

/* key[i] for every alternative under weights w; higher is better. */
static void score(const model *md, const double *w, double *key, double *aux)
{
    const size_t m = md->m, n = md->n;
    const double *col = md->col;
    switch (md->method) {
    case CR_AGG_WSM:
        for (size_t b0 = 0; b0 < m; b0 += BLOCK) {
            size_t b1 = b0 + BLOCK < m ? b0 + BLOCK : m;
            for (size_t i = b0; i < b1; i++) key[i] = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double wj = w[j], *c = col + j * m;
                for (size_t i = b0; i < b1; i++) key[i] += wj * c[i];
            }
        }
        break;
    case CR_AGG_TOPSIS:
        for (size_t b0 = 0; b0 < m; b0 += BLOCK) {
            size_t b1 = b0 + BLOCK < m ? b0 + BLOCK : m;
            double dp[BLOCK], dm[BLOCK];
            for (size_t i = 0; i < b1 - b0; i++) dp[i] = dm[i] = 0.0;
            for (size_t j = 0; j < n; j++) {
                /* as cr_mcda_topsis: ideals w*max r and w*min r, w >= 0 */
                const double wj = w[j], pj = wj * md->hi[j], nj = wj * md->lo[j], *c = col + j * m + b0;
                for (size_t i = 0; i < b1 - b0; i++) {
                    double vv = wj * c[i], a = vv - pj, e = vv - nj;
                    dp[i] += a * a;
                    dm[i] += e * e;
                }
            }
            for (size_t i = 0; i < b1 - b0; i++) {
                double sp = sqrt(dp[i]), sm = sqrt(dm[i]);
                key[b0 + i] = sp + sm > 0 ? sm / (sm + sp) : 0.5;
            }
        }
        break;
    case CR_AGG_VIKOR: {
        double *S = key, *R = aux;
        for (size_t b0 = 0; b0 < m; b0 += BLOCK) {
            size_t b1 = b0 + BLOCK < m ? b0 + BLOCK : m;
            for (size_t i = b0; i < b1; i++) {
                S[i] = 0.0;
                R[i] = w[0] * col[i];
            }
            for (size_t j = 0; j < n; j++) {
                const double wj = w[j], *c = col + j * m;
                for (size_t i = b0; i < b1; i++) {
                    double t = wj * c[i];
                    S[i] += t;
                    R[i] = t > R[i] ? t : R[i];
                }
            }
        }
        double ss = S[0], sx = S[0], rs = R[0], rx = R[0];
        for (size_t i = 1; i < m; i++) {
            ss = S[i] < ss ? S[i] : ss;
            sx = S[i] > sx ? S[i] : sx;
            rs = R[i] < rs ? R[i] : rs;
            rx = R[i] > rx ? R[i] : rx;
        }
        const double v = md->v;
        /* Q as cr_mcda_vikor; key = -Q so that higher is better (exact). */
        for (size_t i = 0; i < m; i++) key[i] = -(ratio0(v * (S[i] - ss), sx - ss) + ratio0((1 - v) * (R[i] - rs), rx - rs));
        break;
    }
    default: break;   /* unreachable: check_params refuses a method whose cr_mcda_method.smaa is 0 */
    }
}

enum { RADIX_BITS = 11, RADIX_BUCKETS = 1 << RADIX_BITS, RADIX_PASSES = 6 };

/* Full order, best first, ties to the lower index: a stable LSD radix sort
 * (6 passes of 11 bits) of the keys mapped to unsigned integers whose
 * ascending order is descending key (IEEE order: flip all bits of negatives,
 * the sign bit of the rest; then complement). Rows enter in index order and
 * every pass is stable, so equal keys stay in index order: the same order
 * as cr__mcda_order(desc), at O(m) per pass with no data-dependent branches.
 * Passes whose digit is the same for every row (the high bits of scores in a
 * narrow range) are skipped. Returns the array holding the order. */
static const size_t *radix_order(size_t m, const double *key, workspace *w)
{
    uint64_t *ka = w->ka, *kb = w->kb;
    size_t *ia = w->idx, *ib = w->tmp;
    uint32_t *h = w->hist;
    memset(h, 0, (size_t)RADIX_PASSES * RADIX_BUCKETS * sizeof *h);
    for (size_t i = 0; i < m; i++) {
        double k = key[i] + 0.0;   /* -0.0 -> +0.0: equal keys, equal bits */
        uint64_t u;
        memcpy(&u, &k, sizeof u);
        u = (u >> 63) ? ~u : (u | 0x8000000000000000ULL);
        u = ~u;
        ka[i] = u;
        ia[i] = i;
        for (int p = 0; p < RADIX_PASSES; p++) h[p * RADIX_BUCKETS + ((u >> (p * RADIX_BITS)) & (RADIX_BUCKETS - 1))]++;
    }
    for (int p = 0; p < RADIX_PASSES; p++) {
        uint32_t *hp = h + p * RADIX_BUCKETS;
        const int shift = p * RADIX_BITS;
        if (hp[(ka[0] >> shift) & (RADIX_BUCKETS - 1)] == m) continue;
        uint32_t sum = 0;
        for (int b = 0; b < RADIX_BUCKETS; b++) {
            uint32_t c = hp[b];
            hp[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < m; i++) {
            uint32_t d = hp[(ka[i] >> shift) & (RADIX_BUCKETS - 1)]++;
            kb[d] = ka[i];
            ib[d] = ia[i];
        }
        uint64_t *tk = ka;
        ka = kb;
        kb = tk;
        size_t *ti = ia;
        ia = ib;
        ib = ti;
    }
    return ia;
}

/* a ranks worse than b: lower key, or equal key and higher index. */
static int worse(const double *key, size_t a, size_t b) { return key[a] < key[b] || (key[a] == key[b] && a > b); }

static void sift_down(const double *key, size_t *h, size_t k, size_t p)
{
    for (;;) {
        size_t c = 2 * p + 1;
        if (c >= k) return;
        if (c + 1 < k && worse(key, h[c + 1], h[c])) c++;
        if (!worse(key, h[c], h[p])) return;
        size_t t = h[c];
        h[c] = h[p];
        h[p] = t;
        p = c;
    }
}

/* The K best alternatives, best first, into h[0..K-1]. A min-heap keyed on
 * "worse" keeps the K best seen; rows are scanned in index order, so a later
 * row with an equal key never displaces (ties to the lower index).
 * O(m + K log K log(m/K)) expected, O(m log K) worst case. */
static void top_k(const double *key, size_t m, size_t K, size_t *h)
{
    for (size_t i = 0; i < K; i++) h[i] = i;
    for (size_t p = K / 2; p-- > 0;) sift_down(key, h, K, p);
    for (size_t i = K; i < m; i++)
        if (key[i] > key[h[0]]) {
            h[0] = i;
            sift_down(key, h, K, 0);
        }
    /* Heap sort: pop the worst to the end. */
    for (size_t k = K; k > 1; k--) {
        size_t t = h[0];
        h[0] = h[k - 1];
        h[k - 1] = t;
        sift_down(key, h, k - 1, 0);
    }
}

static cr_error_t check_params(cr_ctx *ctx, size_t m, const cr_smaa_params *p)
{
    if (!p) return cr_ctx_fail(ctx, CR_EINVAL, "smaa: params is NULL");
    if (p->samples == 0) return cr_ctx_fail(ctx, CR_EINVAL, "samples: must be >= 1");
    const cr_mcda_method *meth = cr_mcda_method_get(p->method);
    if (!meth) return cr_ctx_fail(ctx, CR_EINVAL, "method: unknown (%d; known: %s)", (int)p->method, cr_mcda_method_names());
    if (!meth->smaa) return cr_ctx_fail(ctx, CR_EINVAL, "method: %s has no SMAA kernel (src/smaa/smaa.c score())", meth->name);
    if ((unsigned)p->norm > (unsigned)CR_NORM_NONE) return cr_ctx_fail(ctx, CR_EINVAL, "normalization: unknown (%d)", (int)p->norm);
    if (!(p->v >= 0 && p->v <= 1)) return cr_ctx_fail(ctx, CR_EINVAL, "params.v: %g must be in [0, 1]", p->v);
    if (p->nranks > m) return cr_ctx_fail(ctx, CR_EINVAL, "ranks: %zu exceeds the %zu alternatives", p->nranks, m);
    if (p->top_k > m) return cr_ctx_fail(ctx, CR_EINVAL, "top_k: %zu exceeds the %zu alternatives", p->top_k, m);
    if ((unsigned)p->ranking > (unsigned)CR_SMAA_RANK_SORT) return cr_ctx_fail(ctx, CR_EINVAL, "ranking: unknown (%d)", (int)p->ranking);
    if (p->ranking == CR_SMAA_RANK_HEAP && p->holistic)
        return cr_ctx_fail(ctx, CR_EINVAL, "holistic: needs every rank; not available with heap ranking");
    if (m >= UINT32_MAX) return cr_ctx_fail(ctx, CR_EINVAL, "smaa: too many alternatives (%zu)", m);
    return CR_OK;
}

void cr_smaa_params_default(cr_smaa_params *p)
{
    memset(p, 0, sizeof *p);
    p->samples = 10000;
    p->seed = 1;
    p->model = CR_SMAA_W_SIMPLEX;
    p->method = CR_AGG_WSM;
    p->norm = CR_NORM_MINMAX;
    p->v = 0.5;
    p->ranking = CR_SMAA_RANK_AUTO;
}

void cr_smaa_result_free(cr_smaa_result *r)
{
    if (!r) return;
    free(r->acceptability);
    free(r->pr_top_k);
    free(r->central_weights);
    free(r->confidence);
    free(r->holistic);
    free(r->mean_rank);
    free(r->rank_counts);
    free(r);
}

static cr_error_t build_model(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                              const cr_smaa_params *p, model *md)
{
    md->m = m;
    md->n = n;
    md->method = p->method;
    md->v = p->v;
    double *r = cr__malloc(ctx, m * n, sizeof *r);
    md->col = cr__malloc(ctx, m * n, sizeof *md->col);
    md->lo = cr__malloc(ctx, n, sizeof *md->lo);
    md->hi = cr__malloc(ctx, n, sizeof *md->hi);
    if (!r || !md->col || !md->lo || !md->hi) {
        free(r);
        return CR_ENOMEM;
    }
    cr_error_t rc = cr_mcda_normalize(ctx, m, n, x, types, p->norm, r);
    if (rc != CR_OK) {
        free(r);
        return rc;
    }
    for (size_t j = 0; j < n; j++) {
        double lo = r[j], hi = r[j];
        for (size_t i = 1; i < m; i++) {
            double t = r[i * n + j];
            lo = t < lo ? t : lo;
            hi = t > hi ? t : hi;
        }
        md->lo[j] = lo;
        md->hi[j] = hi;
        double *c = md->col + j * m;
        if (p->method == CR_AGG_VIKOR)   /* weight-free part of cr_mcda_vikor's term */
            for (size_t i = 0; i < m; i++) c[i] = ratio0(hi - r[i * n + j], hi - lo);
        else
            for (size_t i = 0; i < m; i++) c[i] = r[i * n + j];
    }
    free(r);
    return CR_OK;
}

static void model_free(model *md)
{
    free(md->col);
    free(md->lo);
    free(md->hi);
}

cr_error_t cr_smaa_run(cr_ctx *ctx, size_t m, size_t n, const double *x, const int *types,
                       const cr_smaa_params *params, cr_smaa_result **out)
{
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "smaa: out is NULL");
    *out = NULL;
    if (m == 0 || n == 0) return cr_ctx_fail(ctx, CR_EINVAL, "matrix: empty (%zu x %zu)", m, n);
    CR_CHECK(check_params(ctx, m, params));
    const cr_smaa_params *p = params;
    const size_t S = p->samples;
    const size_t nranks = p->nranks ? p->nranks : (m < 10 ? m : 10);
    const size_t topk = p->top_k ? p->top_k : (m < 3 ? m : 3);
    const size_t K = nranks > topk ? nranks : topk;
    const int full = p->holistic || p->ranking == CR_SMAA_RANK_SORT || (p->ranking == CR_SMAA_RANK_AUTO && K * 8 > m);

    cr__smaa_sampler smp;
    CR_CHECK(cr__smaa_sampler_init(ctx, n, p, &smp));
    model md;
    memset(&md, 0, sizeof md);
    cr_smaa_result *res = NULL;
    workspace *ws = NULL;
    uint32_t *winner = NULL;
    unsigned char *failed = NULL;
    size_t *firsts = NULL;
    double *wbuf = NULL;
    /* Threads only for runs worth a second one: below CR__SMAA_PAR_WORK units
     * (samples x (alternatives x (criteria + 1), plus the radix histograms of
     * a full sort); ~0.6 ns a unit here, so ~30 ms of one thread) the
     * second thread's start-up and its spinning at the end cost more CPU
     * than it saves. Measured with bench/threads.sh-style runs of chainrank
     * smaa, m = 20..2000, S = 2e3..2e5, n = 6, 1 vs 2 threads alternated
     * (bench/results.md "Threads"): 2.8e7 units +75% CPU on 2 threads,
     * 2.8e8 units +12%. */
#ifndef CR__SMAA_PAR_WORK
#define CR__SMAA_PAR_WORK 5e7
#endif
    const double unit = (double)m * (double)(n + 1) + (full ? (double)RADIX_PASSES * RADIX_BUCKETS : 0.0);
    const int nt = (double)S * unit >= CR__SMAA_PAR_WORK ? cr__nthreads(ctx) : 1;
    cr_error_t rc = build_model(ctx, m, n, x, types, p, &md);
    if (rc != CR_OK) goto done;

    /* Pilot for thin interval boxes: 10^5 proposals from a stream no sample
     * uses (index space of seed ^ a constant); none accepted means an
     * acceptance rate below ~1e-5 and a run that would take hours. */
    if (smp.model == CR_SMAA_W_INTERVALS && smp.nfree > 0) {
        wbuf = cr__malloc(ctx, 2 * n, sizeof *wbuf);
        if (!wbuf) {
            rc = CR_ENOMEM;
            goto done;
        }
        cr__smaa_sampler pilot = smp;
        pilot.max_tries = 1;
        uint64_t t = 0, acc = 0;
        for (uint64_t k = 0; k < 100000 && acc == 0; k++)
            acc += cr__smaa_draw(&pilot, p->seed ^ 0x5851F42D4C957F2DULL, k, wbuf, wbuf + n, &t) == 0;
        if (acc == 0) {
            rc = cr_ctx_fail(ctx, CR_EREFUSED,
                             "weights_model: the intervals leave too little of the weight simplex: no proposal in "
                             "100000 fell inside them (acceptance < 1e-5); widen the intervals");
            goto done;
        }
    }

    res = cr__calloc(ctx, 1, sizeof *res);
    ws = cr__calloc(ctx, (size_t)nt, sizeof *ws);
    winner = cr__malloc(ctx, S, sizeof *winner);
    failed = cr__calloc(ctx, S, 1);
    if (!res || !ws || !winner || !failed) {
        rc = CR_ENOMEM;
        goto done;
    }
    res->m = m;
    res->n = n;
    res->samples = S;
    res->seed = p->seed;
    res->nranks = nranks;
    res->top_k = topk;
    res->kcounts = K;
    res->full_sort = full;
    res->rank_counts = cr__calloc(ctx, m * K, sizeof *res->rank_counts);
    res->acceptability = cr__malloc(ctx, m * nranks, sizeof *res->acceptability);
    res->pr_top_k = cr__malloc(ctx, m, sizeof *res->pr_top_k);
    res->central_weights = cr__calloc(ctx, m * n, sizeof *res->central_weights);
    res->confidence = cr__malloc(ctx, m, sizeof *res->confidence);
    if (!res->rank_counts || !res->acceptability || !res->pr_top_k || !res->central_weights || !res->confidence) {
        rc = CR_ENOMEM;
        goto done;
    }
    if (p->holistic) {
        res->holistic = cr__malloc(ctx, m, sizeof *res->holistic);
        res->mean_rank = cr__malloc(ctx, m, sizeof *res->mean_rank);
        if (!res->holistic || !res->mean_rank) {
            rc = CR_ENOMEM;
            goto done;
        }
    }
    for (int t = 0; t < nt; t++) {
        workspace *w = &ws[t];
        /* + PAD: every per-thread buffer written per sample ends in a cache
         * line of its own, so two threads' buffers never share one (false
         * sharing doubled the CPU of 2 threads on small m). */
        w->key = cr__malloc(ctx, m + PAD, sizeof *w->key);
        w->aux = cr__malloc(ctx, m + PAD, sizeof *w->aux);
        w->w = cr__malloc(ctx, 2 * n + PAD, sizeof *w->w);
        if (!w->key || !w->aux || !w->w) {
            rc = CR_ENOMEM;
            goto done;
        }
        w->wtmp = w->w + n;
        if (full) {
            w->idx = cr__malloc(ctx, 2 * m + PAD, sizeof *w->idx);
            if (!w->idx) {
                rc = CR_ENOMEM;
                goto done;
            }
            w->tmp = w->idx + m;
            w->ka = cr__malloc(ctx, 2 * m + PAD, sizeof *w->ka);
            w->hist = cr__malloc(ctx, (size_t)RADIX_PASSES * RADIX_BUCKETS + 2 * PAD, sizeof *w->hist);
            if (!w->ka || !w->hist) {
                rc = CR_ENOMEM;
                goto done;
            }
            w->kb = w->ka + m;
        } else {
            w->heap = cr__malloc(ctx, K + PAD, sizeof *w->heap);
            if (!w->heap) {
                rc = CR_ENOMEM;
                goto done;
            }
        }
        /* Private counts, summed in thread order after the samples (integer
         * sums: any order gives the same counts), so the threads do not fight
         * over the cache lines of the shared counts; only when each copy is
         * small (<= 8 MB), else atomic increments on the shared ones. */
        if (nt > 1 && m * K <= ((size_t)1 << 20)) {
            w->cnt = cr__calloc(ctx, m * K + PAD, sizeof *w->cnt);
            if (!w->cnt) {
                rc = CR_ENOMEM;
                goto done;
            }
        }
        if (p->holistic) {
            w->ranksum = cr__calloc(ctx, m + PAD, sizeof *w->ranksum);
            if (!w->ranksum) {
                rc = CR_ENOMEM;
                goto done;
            }
        }
    }

    uint64_t *counts = res->rank_counts;
    /* One parallel region for all the samples: threads take chunks of CH
     * samples from a shared counter. (It was one region per 1% slice, for
     * progress between regions: on a loaded machine each region's end
     * barrier had one thread spin while the other waited for a core, which
     * doubled the CPU of 2 threads; bench/results.md "Threads".) Progress is
     * reported by thread 0, the calling thread, at most every 1%. Each
     * sample depends on (seed, index) only and counts are integer sums:
     * the chunking changes no result. */
    enum { CH = 64 };
    size_t next = 0, ndone = 0;
    const size_t step = S / 100 > CH ? S / 100 : CH;
#pragma omp parallel num_threads(nt) if (nt > 1)
    {
        workspace *w = &ws[omp_get_thread_num()];
        uint64_t tries = 0;   /* a local: ws[t].tries of two threads share a cache line */
        const int reporter = omp_get_thread_num() == 0;
        size_t last = 0;
        for (;;) {
            size_t s0, d;
#pragma omp atomic capture
            { s0 = next; next += CH; }
            if (s0 >= S) break;
            const size_t s1 = S - s0 > CH ? s0 + CH : S;
            for (size_t s = s0; s < s1; s++) {
                if (cr__smaa_draw(&smp, p->seed, (uint64_t)s, w->w, w->wtmp, &tries) != 0) {
                    failed[s] = 1;
                    continue;
                }
                score(&md, w->w, w->key, w->aux);
                const size_t *order;
                if (full) {
                    order = radix_order(m, w->key, w);
                } else {
                    top_k(w->key, m, K, w->heap);
                    order = w->heap;
                }
                winner[s] = (uint32_t)order[0];
                if (w->cnt)
                    for (size_t r = 0; r < K; r++) w->cnt[order[r] * K + r]++;
                else if (nt == 1)
                    for (size_t r = 0; r < K; r++) counts[order[r] * K + r]++;
                else
                    for (size_t r = 0; r < K; r++) {
#pragma omp atomic
                        counts[order[r] * K + r]++;
                    }
                if (w->ranksum)
                    for (size_t r = 0; r < m; r++) w->ranksum[order[r]] += r + 1;
            }
#pragma omp atomic capture
            { ndone += s1 - s0; d = ndone; }
            if (reporter && d - last >= step && d < S) {
                cr__progress(ctx, "samples", d, S);
                last = d;
            }
        }
        w->tries += tries;
    }
    cr__progress(ctx, "samples", S, S);
    for (int t = 0; t < nt; t++)
        if (ws[t].cnt)
            for (size_t i = 0; i < m * K; i++) counts[i] += ws[t].cnt[i];
    for (size_t s = 0; s < S; s++)
        if (failed[s]) {
            rc = cr_ctx_fail(ctx, CR_EREFUSED,
                             "weights_model: sample %zu still outside the intervals after %zu proposals; widen the intervals",
                             s, smp.max_tries);
            goto done;
        }
    for (int t = 0; t < nt; t++) res->proposals += ws[t].tries;

    /* Acceptabilities and Pr(top K) from the integer counts. */
    const double inv = 1.0 / (double)S;
    for (size_t i = 0; i < m; i++) {
        uint64_t top = 0;
        for (size_t r = 0; r < K; r++) {
            if (r < nranks) res->acceptability[i * nranks + r] = (double)counts[i * K + r] * inv;
            if (r < topk) top += counts[i * K + r];
        }
        res->pr_top_k[i] = (double)top * inv;
    }
    if (p->holistic) {
        for (size_t i = 0; i < m; i++) {
            uint64_t sum = 0;
            for (int t = 0; t < nt; t++) sum += ws[t].ranksum[i];
            res->mean_rank[i] = (double)sum * inv;
            /* sum_r (m - r)/(m - 1) b_i^r = (m - E[rank])/(m - 1), from integers. */
            res->holistic[i] = m > 1 ? (double)((uint64_t)m * S - sum) / ((double)(m - 1) * (double)S) : 1.0;
        }
    }

    /* Central weights: redraw every sample in order and add it to its winner. */
    {
        uint64_t dummy = 0;
        double *cw = res->central_weights;
        for (size_t s = 0; s < S; s++) {
            (void)cr__smaa_draw(&smp, p->seed, (uint64_t)s, ws[0].w, ws[0].wtmp, &dummy);
            double *row = cw + (size_t)winner[s] * n;
            for (size_t j = 0; j < n; j++) row[j] += ws[0].w[j];
        }
        for (size_t i = 0; i < m; i++) {
            uint64_t c1 = counts[i * K];
            for (size_t j = 0; j < n; j++) cw[i * n + j] = c1 ? cw[i * n + j] / (double)c1 : NAN;
        }
    }

    /* Confidence factors: is i ranked first under its own central weights? */
    firsts = cr__malloc(ctx, m, sizeof *firsts);
    if (!firsts) {
        rc = CR_ENOMEM;
        goto done;
    }
    size_t nfirst = 0;
    for (size_t i = 0; i < m; i++) {
        res->confidence[i] = NAN;
        if (counts[i * K]) firsts[nfirst++] = i;
    }
#pragma omp parallel num_threads(nt) if (nt > 1 && (double)nfirst * (double)m * (double)(n + 1) >= CR__SMAA_PAR_WORK)
    {
        workspace *w = &ws[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 1)
        for (size_t q = 0; q < nfirst; q++) {
            size_t i = firsts[q];
            score(&md, res->central_weights + i * n, w->key, w->aux);
            int first = 1;
            for (size_t k = 0; k < m && first; k++)
                if (k != i && !worse(w->key, k, i)) first = 0;
            res->confidence[i] = first ? 1.0 : 0.0;
        }
    }

done:
    if (ws)
        for (int t = 0; t < nt; t++) {
            free(ws[t].key);
            free(ws[t].aux);
            free(ws[t].idx);
            free(ws[t].ka);
            free(ws[t].hist);
            free(ws[t].heap);
            free(ws[t].w);
            free(ws[t].ranksum);
            free(ws[t].cnt);
        }
    free(ws);
    free(winner);
    free(failed);
    free(firsts);
    free(wbuf);
    model_free(&md);
    cr__smaa_sampler_destroy(&smp);
    if (rc != CR_OK) cr_smaa_result_free(res);
    else *out = res;
    return rc;
}
