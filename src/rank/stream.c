/* Streaming, park-blocked scoring: the fast path of cr_rank_park and
 * cr_rank_batch for schemes aggregated by WSM, TOPSIS or VIKOR, with given,
 * AHP, equal or objective (entropy, CRITIC, std) weights
 * (docs/architecture.md "Streaming kernel").
 *
 * Why: per job the materialised path (score.c) streams ~20 enterprise
 * columns, writes a 7-column matrix and reads it back twice; at 565k
 * candidates per park that is memory-bound at ~40 ns per candidate. Here a
 * group of up to CR__LANES parks of the same chain and scheme shares one
 * sweep over the candidates: a candidate's columns are read once and
 * evaluated for every park ("lane") of the group, and no matrix is kept:
 *   pass 1 evaluates and keeps per-lane column statistics (min, max, and the
 *          sums the vector/sum normalisations need) per fixed block of
 *          CR__BLOCK candidates;
 *   the column parameters and TOPSIS ideals come from those statistics
 *          through the same setter as src/mcda (cr__mcda_colparam_set);
 *   objective weights and VIKOR's bounds of S and R need sums that depend
 *          on earlier statistics: one or two more serial passes (stream_kernel.h
 *          K(ostats)) add them per lane in candidate order, which is the
 *          materialised matrix's row order, so the same bits;
 *   pass 2 evaluates again (cheaper than storing and re-reading) and scores
 *          each ranked candidate straight into its lane's bounded heap.
 * The criteria values, the column parameters and the per-row arithmetic are
 * those of score.c + src/mcda operation for operation, so the results are
 * the same bit for bit, except that vector/sum normalisation sums are added
 * per fixed block of candidates instead of per fixed chunk of ranked rows
 * (an ulp-level difference; tests/unit/test_rank_stream.c checks both).
 *
 * Partners are not a dense per-enterprise array any more: each lane gets a
 * sorted list of its "special" candidates (tenants of the park, candidates
 * with a local partner link) built from the (target, contribution) pairs
 * its anchors emit, grouped by bucket of positions and accumulated in
 * emission order, so each sum is added in the same order as score.c. The
 * sweep merges the lists with one comparison per candidate; every other
 * candidate has partners 0 and goose = goose0.
 *
 * Positions mode (cr__stream_positions, the backtest of compare): no heap;
 * the relevant candidates ("keys") of each lane are scored alone, then a
 * counting sweep (pass 2 with the worst key's score as the threshold, or
 * pass 6 for the baselines over every row) places each common row among the
 * keys by binary search; per-thread integer buckets, summed (docs/compare.md
 * section 3).
 *
 * Determinism: a lane's result depends only on its park (lanes never mix),
 * block statistics are combined in block order, and heaps select under a
 * total order (score, enterprise id, position), so the output is the same
 * for any grouping of jobs and any thread count. */
#include "rank/criteria.h"
#include "rank/stream.h"
#include "gaps/gaps_internal.h"
#include "mcda/shared.h"

#include <math.h>
#include <omp.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <stdio.h>
#include <string.h>

#define LB CR__LANES
enum { BLOCK = 4096 };                 /* candidates per statistics block */
enum { BKSH = 12, BK = 1 << BKSH };    /* candidate positions per partner bucket */
enum { NLOG = 1024 };                  /* log1p(m) tabulated for integers m < NLOG */
enum { SG_PRIO, SG_GAP, SG_DENS, SG_EFIT, SG_SHORT, SG_N };
enum { ST_MIN, ST_MAX, ST_SUM, ST_SUMSQ, ST_SUMRECIP, ST_N };
enum { CNT_CAND, CNT_EXCL, CNT_RANK, CNT_BAD, CNT_SEED, CNT_N };   /* CNT_SEED: a row position, not a count */

typedef struct {                       /* one lane's special candidates, sorted, + sentinel */
    int64_t *pos;
    double *part;                      /* partners criterion, ln(1 + sum of link weight x decay) */
    double *goose;                     /* goose criterion with the local suppliers discounted */
    uint8_t *ten;                      /* tenant of the park */
    size_t len, cap;
} specials;

typedef struct {
    double score;
    int64_t pos;
    double v[CR_NCRIT];
} hent;

typedef struct {
    hent *h;                           /* [LB][K] */
    int64_t cnt[LB];
} heapset;

struct cr__stream_ws {
    int isa;                           /* kernel: 0 SSE2 (VW 2), 1 AVX2 (VW 4), 2 AVX-512 (VW 8) */
    int32_t qual_chain;                /* chain c_qual is filled for (-1: none) */
    double *c_qual;                    /* [candidates of that chain] quality under the parameters qual_key */
    double qual_key[2 + CR_MAX_DICT];  /* invest_ref, rd_ref, tag bonuses: all quality reads of a scheme */
    uint32_t *pk[2];                   /* partner pairs: target position ([0] emitted, [1] by bucket) */
    double *pv[2];                     /* contribution */
    uint8_t *ps[2];                    /* 1: the anchor supplies the target */
    size_t pn, pcap;
    size_t *bkoff;                     /* [nbucket + 1] pair offsets per bucket of BK positions */
    size_t bkcap;
    /* one bucket's accumulators, zero between buckets (L1-resident) */
    double bacc[BK];
    int32_t bns[BK];
    uint8_t bten[BK];
    uint64_t bmap[BK / 64];
    double log1p_int[NLOG];            /* log1p((double)m): the same call, so the same bits */
    specials sp[LB];
    double *segtab;                    /* [nseg][SG_N][LB] */
    double *bst;                       /* [nblock][CR_NCRIT][ST_N][LB] */
    int64_t *bcnt;                     /* [nblock][CNT_N][LB] */
    hent *heap;                        /* [nthreads][LB][K] */
    size_t heapcap;
    /* The current chain's inputs in candidate order (chain_copy), gathered
     * from the ranker's per-enterprise arrays when the workspace moves to
     * another chain (issue 19: the ranker no longer keeps a copy per chain) */
    int32_t copy_chain;                /* chain the copies hold (-1: none) */
    cr__cand_rec *rec;                 /* [cap] 64-byte aligned */
    double *c_green, *c_goose0, *c_pr;
    int64_t *c_indeg;
    int32_t *cpos;                     /* [nent] position of e among the chain's candidates, -1 none */
    uint8_t *kmask;                    /* [cap] positions mode: bit b set on lane b's keys, 0 between calls */
    int32_t *apos;                     /* [link ends] cpos of the ranker's cadj_to[j] */
    const cr_ranker *anc_r;            /* the ranker anc holds anchors of */
    cr__anchor_cache anc;              /* parks' radius anchors, shared by their chains and schemes */
};

/* ---- per group and per lane constants ---- */

/* Running statistics of the serial passes (objective weights, VIKOR's S and
 * R bounds), per scheme column and lane: stream_kernel.h K(ostats). */
typedef struct {
    double sum[CR_NCRIT][LB];          /* sum x (entropy, std) or sum d (critic), d = x - shift (pass 1) */
    double mean[CR_NCRIT][LB];         /* std: sum / m */
    double sxl[CR_NCRIT][LB];          /* entropy: sum x ln x over x > 0 (pass 1) */
    double h[CR_NCRIT][LB];            /* std: sum of squared deviations (pass 4); critic: sum d^2 (pass 1) */
    double num[CR_NCRIT][CR_NCRIT][LB];/* critic: sum d_j d_k, [j][k] for j < k (pass 1) */
    double shift[CR_NCRIT][LB];        /* critic: the lane's first ranked x */
    double range[CR_NCRIT][LB];        /* critic: max - min of the ranked x */
    int64_t kset[LB];                  /* critic: shift is set (-1) */
    int64_t zero[CR_NCRIT][LB];        /* entropy: some ranked x is 0 (-1) */
    double smin[LB], smax[LB], rmin[LB], rmax[LB];   /* VIKOR */
} cr__ostat;

typedef struct {
    const cr_ranker *r;
    const cr_dataset *ds;
    const cr_scheme *s;
    int32_t chain;
    const int64_t *cand;
    /* [nc] by candidate position (the ranker's chain-ordered copies) */
    const cr__cand_rec *rec;
    const double *goose0, *green, *qual, *pr;
    const int64_t *indeg;
    int64_t nc;
    int n;                             /* scheme columns */
    int crit[CR_NCRIT];
    int sums;                          /* some column normalises by sums */
    int wsm;
    int vikor;                         /* VIKOR: heaps keep -Q (stream_kernel.h) */
    double v;                          /* VIKOR's v */
    int obj;                           /* objective weighting (CR__W_ENTROPY, _CRITIC, _STD) or 0 */
    int osum;                          /* pass 1 adds sums to os (entropy, std, critic): pass 1 runs serially */
    int obcast[CR_NCRIT];              /* scheme column c is park-independent: a broadcast in every lane */
    cr__ostat *os;
    int pcol;                          /* seed column: the scheme's heaviest */
    double tagb[CR_MAX_DICT];
    int64_t top;
    /* sites' counting sweep (cr__stream_focus): pass 2 counts, per lane, the
     * rows that rank before focus[b] instead of keeping a heap (count 1);
     * positions mode: count 2 places the rows among the keys, count 3 keeps
     * every ranked lane of a key row */
    int count;
    const hent *focus;
    /* positions mode (cr__stream_positions): count 2 places each common
     * row of pass 2 among the lane's keys pkey[b][0..pnk[b]) (sorted by
     * hbefore), pass 6 among the baselines' keys ([b][3][pstride]: by
     * position, sector_size order, density order); kmask marks the keys */
    const hent *pkey;
    int64_t pnk[LB], pstride;
    const uint8_t *kmask;
} gctx;

typedef struct {
    int nb;
    int64_t valid[LB];                 /* -1: a lane of the group, 0: unused */
    int32_t park[LB];
    double avail[CR_NRES][LB], inv[CR_NRES][LB];
    double quota[CR_NENV][LB], cap[CR_NENV][LB];
    int64_t banned[LB];                /* category masks, as int64 for the vector AND */
    const double *segtab;
    const specials *sp;
    /* aggregation, per scheme column and lane (pass 2) */
    double cb[CR_NCRIT][LB], cs[CR_NCRIT][LB], cc[CR_NCRIT][LB], ci[CR_NCRIT][LB];
    int64_t crecip[CR_NCRIT][LB];
    double pis[CR_NCRIT][LB], nis[CR_NCRIT][LB];
    double hi[CR_NCRIT][LB], lo[CR_NCRIT][LB];   /* column max and min of r (VIKOR's f* and f-) */
    double w[CR_NCRIT][LB];            /* weights: the scheme's, or the lane's objective weights */
    int wfallback[LB];                 /* objective weights fell back to equal (fewer than 2 rows, no information) */
    int any_recip;
    /* pass 2's cheap test (stream_kernel.h row_may_hit), from the parameters */
    int nex, exc[CR_NCRIT];             /* scheme columns computed: all but resources */
    double seed[LB];                   /* pass 2 thresholds from the seed rows, -inf none */
    double rel[LB];                    /* the other columns at their best: sum of (pis - nis)^2, or of pis (WSM) */
} lanes;

void cr__stream_ws_free(cr__stream_ws *w)
{
    if (!w) return;
    free(w->c_qual);
    free(w->kmask);
    free(w->rec); free(w->c_green); free(w->c_goose0); free(w->c_pr); free(w->c_indeg); free(w->cpos); free(w->apos);
    for (int k = 0; k < 2; k++) { free(w->pk[k]); free(w->pv[k]); free(w->ps[k]); }
    free(w->bkoff);
    for (int b = 0; b < LB; b++) { free(w->sp[b].pos); free(w->sp[b].part); free(w->sp[b].goose); free(w->sp[b].ten); }
    free(w->segtab); free(w->bst); free(w->bcnt); free(w->heap);
    cr__anchor_cache_destroy(&w->anc);
    free(w);
}

cr_error_t cr__stream_ws_new(cr_ctx *ctx, const cr_ranker *r, cr__stream_ws **out)
{
    const cr_dataset *ds = r->ds;
    *out = NULL;
    cr__stream_ws *w = cr__calloc(ctx, 1, sizeof *w);
    if (!w) return CR_ENOMEM;
    int64_t cap = 1;
    for (int32_t k = 0; k < ds->nchain; k++) {
        int64_t c = cr_ranker_chain_candidates(r, k);
        if (c > cap) cap = c;
    }
    size_t nblock = (size_t)((cap + BLOCK - 1) / BLOCK) + 1;
    w->qual_chain = -1;
    cr__anchor_cache_init(&w->anc);
    w->anc_r = r;
    for (int m = 0; m < NLOG; m++) w->log1p_int[m] = log1p((double)m);
#ifdef __x86_64__
    w->isa = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") ? 2
             : __builtin_cpu_supports("avx2")                                        ? 1
                                                                                     : 0;
#endif
    w->c_qual = cr__malloc(ctx, (size_t)cap + 1, sizeof *w->c_qual);
    w->copy_chain = -1;
    w->rec = aligned_alloc(64, ((size_t)cap + 1) * sizeof *w->rec);
    w->c_green = cr__malloc(ctx, (size_t)cap + 1, sizeof *w->c_green);
    w->c_goose0 = cr__malloc(ctx, (size_t)cap + 1, sizeof *w->c_goose0);
    w->c_pr = cr__malloc(ctx, (size_t)cap + 1, sizeof *w->c_pr);
    w->c_indeg = cr__malloc(ctx, (size_t)cap + 1, sizeof *w->c_indeg);
    w->cpos = cr__malloc(ctx, (size_t)ds->nent + 1, sizeof *w->cpos);
    w->kmask = cr__calloc(ctx, (size_t)cap + 1, 1);
    w->apos = cr__malloc(ctx, (size_t)r->cadj_off[ds->nent] + 1, sizeof *w->apos);
    w->segtab = cr__calloc(ctx, ((size_t)ds->nseg + 1) * SG_N * LB, sizeof *w->segtab);
    w->bst = cr__malloc(ctx, nblock * CR_NCRIT * ST_N * LB, sizeof *w->bst);
    w->bcnt = cr__malloc(ctx, nblock * CNT_N * LB, sizeof *w->bcnt);
    if (!w->c_qual || !w->segtab || !w->bst || !w->bcnt || !w->rec || !w->c_green || !w->c_goose0 || !w->c_pr ||
        !w->c_indeg || !w->cpos || !w->apos || !w->kmask) {
        cr__stream_ws_free(w);
        return CR_ENOMEM;
    }
    *out = w;
    return CR_OK;
}

int cr__stream_eligible(const cr_scheme *s, const cr_rank_opts *o)
{
    return cr__criteria_streamable(s, cr__criteria) &&
           (s->agg == CR_AGG_WSM || s->agg == CR_AGG_TOPSIS || s->agg == CR_AGG_VIKOR) && !s->expected_value &&
           s->pool_tenants == CR__POOL_KEEP && s->pool_hq == CR__POOL_KEEP &&
           (s->wmethod == CR__W_GIVEN || s->wmethod == CR__W_AHP || s->wmethod == CR__W_EQUAL ||
            s->wmethod == CR__W_ENTROPY || s->wmethod == CR__W_CRITIC || s->wmethod == CR__W_STD) &&
           !o->want_excluded && !o->want_matrix && o->top > 0 && o->top <= CR__STREAM_MAXTOP;
}

/* ---- specials: partner pairs, bucketed accumulation, the tenants ---- */

static cr_error_t pairs_reserve(cr_ctx *ctx, cr__stream_ws *w, size_t need)
{
    if (need <= w->pcap) return CR_OK;
    size_t cap = w->pcap ? w->pcap : 4096;
    while (cap < need) cap *= 2;
    for (int k = 0; k < 2; k++) {
        uint32_t *a = realloc(w->pk[k], cap * sizeof *a);
        if (a) w->pk[k] = a;
        double *b = realloc(w->pv[k], cap * sizeof *b);
        if (b) w->pv[k] = b;
        uint8_t *c = realloc(w->ps[k], cap);
        if (c) w->ps[k] = c;
        if (!a || !b || !c) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu partner pairs)", need);
    }
    w->pcap = cap;
    return CR_OK;
}

/* Emits a pair (target position, link weight x delta, supplies) for every
 * link of the anchor at cell position k to a candidate of chain `chain`, in
 * the order score.c accumulates them (out-links, then in-links), from the
 * ranker's cell-ordered copy of the links: sequential reads, no lookups. */
static cr_error_t cell_anchor(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, int32_t chain, int64_t k, double delta)
{
    const int64_t j0 = r->cadj_off[k], j1 = r->cadj_off[k + 1];
    if (w->pn + (size_t)(j1 - j0) > w->pcap) CR_CHECK(pairs_reserve(ctx, w, w->pn + (size_t)(j1 - j0)));
    size_t n = w->pn;
    (void)chain;   /* w->apos holds the positions in the chain of the group (chain_copy) */
    const int32_t *cpos = w->apos;
    uint32_t *restrict pk = w->pk[0];   /* locals: a uint8_t store would force reloads through w */
    double *restrict pv = w->pv[0];
    uint8_t *restrict ps = w->ps[0];
    for (int64_t j = j0; j < j1; j++) {
        int32_t pos = cpos[j];
        if (pos < 0) continue;
        pk[n] = (uint32_t)pos;
        pv[n] = r->cadj_w[j] * delta;
        ps[n++] = r->cadj_sup[j];
    }
    w->pn = n;
    return CR_OK;
}

static cr_error_t sp_reserve(cr_ctx *ctx, specials *sp, size_t need)
{
    if (need <= sp->cap) return CR_OK;
    size_t cap = sp->cap ? sp->cap : 1024;
    while (cap < need) cap *= 2;
    int64_t *a = realloc(sp->pos, cap * sizeof *a);
    if (a) sp->pos = a;
    double *b = realloc(sp->part, cap * sizeof *b);
    if (b) sp->part = b;
    double *c = realloc(sp->goose, cap * sizeof *c);
    if (c) sp->goose = c;
    uint8_t *d = realloc(sp->ten, cap);
    if (d) sp->ten = d;
    if (!a || !b || !c || !d) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (%zu special candidates)", need);
    sp->cap = cap;
    return CR_OK;
}

static cr_error_t collect_specials(cr_ctx *ctx, cr__stream_ws *w, const gctx *g, int32_t p, specials *sp)
{
    const cr_ranker *r = g->r;
    const cr_scheme *s = g->s;
    w->pn = 0;
    sp->len = 0;
    for (int64_t t = r->ten_off[p]; t < r->ten_off[p + 1]; t++) CR_CHECK(cell_anchor(ctx, w, r, g->chain, r->cell_of[r->ten[t]], 1.0));
    /* the radius anchors depend on the park, radius and half-distance only:
     * queried once for all the park's chains and schemes (issue 19), and
     * replayed in the query's order, so the same sums */
    if (w->anc_r != r) {
        cr__anchor_cache_destroy(&w->anc);
        w->anc_r = r;
    }
    const cr__anchor_list *al;
    CR_CHECK(cr__anchor_cache_get(ctx, &w->anc, r, p, s, &al));
    for (size_t i = 0; i < al->n; i++) CR_CHECK(cell_anchor(ctx, w, r, g->chain, al->k[i], al->decay[i]));
    /* Group the pairs by bucket of BK target positions (a stable counting
     * scatter: few buckets, so few write streams), then accumulate each
     * bucket in the L1-resident bacc/bns in emission order: each sum is
     * added in the order score.c adds it, so the bits are the same. Cost: a
     * histogram, one scatter and one in-cache pass, where a two-pass radix
     * sort (2,048 buckets x 3 arrays: a cache miss a store) and a merge took
     * ~0.8 ms more a lane. */
    const size_t nbk = (size_t)((g->nc + BK - 1) >> BKSH) + 1, n = w->pn;
    if (nbk + 1 > w->bkcap) {
        size_t *o = realloc(w->bkoff, (nbk + 1) * sizeof *o);
        if (!o) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        w->bkoff = o;
        w->bkcap = nbk + 1;
    }
    size_t *off = w->bkoff;
    memset(off, 0, (nbk + 1) * sizeof *off);
    /* locals: through w the compiler would reload each pointer after every store */
    const uint32_t *restrict k0 = w->pk[0];
    const double *restrict v0 = w->pv[0];
    const uint8_t *restrict s0 = w->ps[0];
    uint32_t *restrict k1 = w->pk[1];
    double *restrict v1 = w->pv[1];
    uint8_t *restrict s1 = w->ps[1];
    for (size_t i = 0; i < n; i++) off[(k0[i] >> BKSH) + 1]++;
    for (size_t k = 0; k < nbk; k++) off[k + 1] += off[k];
    for (size_t i = 0; i < n; i++) {   /* off[k] ends as the start of bucket k + 1 */
        size_t at = off[k0[i] >> BKSH]++;
        k1[at] = k0[i];
        v1[at] = v0[i];
        s1[at] = s0[i];
    }
    const int64_t t0 = r->ten_off[p], t1 = r->ten_off[p + 1];
    CR_CHECK(sp_reserve(ctx, sp, n + (size_t)(t1 - t0) + 1));
    const int32_t *cpos = w->cpos;   /* the group's chain (chain_copy) */
    size_t ns = 0;
    int64_t t = t0;
    double *restrict bacc = w->bacc;
    int32_t *restrict bns = w->bns;
    uint8_t *restrict bten = w->bten;
    uint64_t *restrict bmap = w->bmap;
    int64_t *restrict spos = sp->pos;
    double *restrict spart = sp->part, *restrict sgoose = sp->goose;
    uint8_t *restrict sten = sp->ten;
    for (size_t k = 0, i = 0; k < nbk; k++) {
        const int64_t base = (int64_t)k << BKSH;
        int any = 0;
        for (; i < off[k]; i++) {
            const uint32_t lo = k1[i] & (BK - 1);
            bacc[lo] += v1[i];
            bns[lo] += s1[i];
            bmap[lo >> 6] |= (uint64_t)1 << (lo & 63);
            any = 1;
        }
        /* the park's tenants come in index order, so ascending positions */
        for (; t < t1; t++) {
            const int32_t tp = cpos[r->ten[t]];
            if (tp < 0) continue;
            if (tp >= base + BK) break;
            bten[tp - base] = 1;
            bmap[(tp - base) >> 6] |= (uint64_t)1 << ((tp - base) & 63);
            any = 1;
        }
        if (!any) continue;
        for (int m = 0; m < BK / 64; m++)
            for (uint64_t bits = bmap[m]; bits; bits &= bits - 1) {
                const int lo = m * 64 + __builtin_ctzll(bits);
                spos[ns] = base + lo;
                spart[ns] = bacc[lo];           /* the sum, until the pass below */
                sgoose[ns] = (double)bns[lo];   /* the supplier count, likewise */
                sten[ns++] = bten[lo];
                bacc[lo] = 0.0;
                bns[lo] = 0;
                bten[lo] = 0;
            }
        memset(bmap, 0, sizeof w->bmap);
    }
    /* the two criteria that depend on the partners, as score.c's kernel */
    enum { PF = 16 };
    for (size_t j = 0; j < ns; j++) {
        if (j + PF < ns) {   /* ascending but sparse positions: no hardware prefetch */
            __builtin_prefetch(&g->goose0[spos[j + PF]]);
            __builtin_prefetch(&g->pr[spos[j + PF]]);
            __builtin_prefetch(&g->indeg[spos[j + PF]]);
        }
        const int64_t pos = spos[j];
        const double acc = spart[j];
        const int32_t nsup = (int32_t)sgoose[j];
        spart[j] = acc > 0 ? log1p(acc) : 0.0;   /* heavy-tailed trade; most have none */
        if (nsup > 0) {   /* the goose with the local suppliers discounted */
            const int64_t m = g->indeg[pos] - nsup;
            sgoose[j] = g->pr[pos] * (1.0 + (m >= 0 && m < NLOG ? w->log1p_int[m] : log1p((double)m)));
        } else {
            sgoose[j] = g->goose0[pos];
        }
    }
    sp->pos[ns] = INT64_MAX;   /* sentinel */
    sp->part[ns] = sp->goose[ns] = 0;
    sp->ten[ns] = 0;
    sp->len = ns + 1;
    return CR_OK;
}

/* The chain's inputs in candidate order, gathered from the ranker's
 * per-enterprise arrays when the workspace moves to another chain. Cost: a
 * gather of 160 bytes a candidate and a pass over the link ends, ~the
 * price of one group's pass 1, paid once per chain a workspace meets
 * (batch runs a chain's groups together on one thread). The same values as
 * the ranker's per-chain copies had, so the same bits. */
static void chain_copy(cr__stream_ws *w, const cr_ranker *r, int32_t chain, int nthreads)
{
    if (w->copy_chain == chain) return;
    const cr_dataset *ds = r->ds;
    const cr_model *m = r->m;
    const int64_t *cand = r->cand + r->cand_off[chain];
    const int64_t nc = r->cand_off[chain + 1] - r->cand_off[chain], ne = ds->nent, nl = r->cadj_off[ne];
    const int nt = nthreads > 1 && nc > 65536 ? nthreads : 1;
#pragma omp parallel num_threads(nt) if (nt > 1)
    {
#pragma omp for schedule(static)
        for (int64_t i = 0; i < nc; i++) {
            const int64_t e = cand[i];
            w->rec[i] = r->erec[e];
            w->c_green[i] = r->green[e];
            w->c_goose0[i] = r->goose0[e];
            w->c_pr[i] = m->ent_pagerank[e];
            w->c_indeg[i] = m->in_off[e + 1] - m->in_off[e];
        }
#pragma omp for schedule(static)
        for (int64_t e = 0; e < ne; e++) w->cpos[e] = -1;
#pragma omp for schedule(static)
        for (int64_t i = 0; i < nc; i++) w->cpos[cand[i]] = (int32_t)i;
#pragma omp for schedule(static)
        for (int64_t j = 0; j < nl; j++) w->apos[j] = w->cpos[r->cadj_to[j]];
    }
    memset(&w->rec[nc], 0, sizeof w->rec[nc]);
    w->copy_chain = chain;
}

static inline double quality(const gctx *g, int64_t e)
{
    return cr__crit_quality(g->ds, g->s, g->tagb, e);
}

/* ---- heaps: root = worst kept entry ---- */

static int hbefore(const gctx *g, const hent *a, const hent *b)
{
    if (a->score != b->score) return a->score > b->score;   /* WSM and TOPSIS: higher is better */
    int c = strcmp(cr__strtab_get(&g->ds->ent_id, (int32_t)g->cand[a->pos]),
                   cr__strtab_get(&g->ds->ent_id, (int32_t)g->cand[b->pos]));
    return c != 0 ? c < 0 : a->pos < b->pos;
}

static void hsift_down(const gctx *g, hent *h, int64_t n, int64_t i)
{
    for (;;) {
        int64_t l = 2 * i + 1, rr = l + 1, w = i;
        if (l < n && hbefore(g, &h[w], &h[l])) w = l;
        if (rr < n && hbefore(g, &h[w], &h[rr])) w = rr;
        if (w == i) return;
        hent t = h[i]; h[i] = h[w]; h[w] = t;
        i = w;
    }
}

static void hpush(const gctx *g, hent *h, int64_t *cnt, const hent *x)
{
    if (*cnt < g->top) {
        int64_t c = (*cnt)++;
        h[c] = *x;
        while (c > 0) {
            int64_t pa = (c - 1) / 2;
            if (!hbefore(g, &h[pa], &h[c])) break;
            hent t = h[pa]; h[pa] = h[c]; h[c] = t;
            c = pa;
        }
    } else if (hbefore(g, x, &h[0])) {
        h[0] = *x;
        hsift_down(g, h, *cnt, 0);
    }
}

/* ---- the sweep over one block of candidates ---- */

/* Pass 2's work, process-wide, for benchmarks (bench_batch, issue 19): rows
 * swept, rows past the cheap test (row_may_hit: the others are skipped by
 * the bounds), rows scored exactly. Relaxed atomic adds, one per swept
 * block: no effect on any result. */
static uint64_t st_rows, st_full, st_hit;

static inline void stats_add(int64_t rows, int64_t full, int64_t hit)
{
    __atomic_fetch_add(&st_rows, (uint64_t)rows, __ATOMIC_RELAXED);
    __atomic_fetch_add(&st_full, (uint64_t)full, __ATOMIC_RELAXED);
    __atomic_fetch_add(&st_hit, (uint64_t)hit, __ATOMIC_RELAXED);
}

void cr__stream_stats(uint64_t out[3])
{
    out[0] = __atomic_load_n(&st_rows, __ATOMIC_RELAXED);
    out[1] = __atomic_load_n(&st_full, __ATOMIC_RELAXED);
    out[2] = __atomic_load_n(&st_hit, __ATOMIC_RELAXED);
}

/* ---- positions mode: placing a row among the keys ---- */

/* The baselines' order (evaluate.c key_before, docs/compare.md section 3):
 * grouped (sector_size): a row in a gap segment of the park (gap > 0) first,
 * then revenue descending; density: the density criterion descending; a
 * missing (NaN) value last; ties by enterprise id (positions follow
 * enterprise indices, so the position breaks a tie of ids like the index).
 * A strict total order, so the rows before key j are those placed before it. */
static int vbefore(const gctx *g, int grouped, const hent *a, const hent *b)
{
    if (grouped) {
        const int ga = a->v[CR_CRIT_GAP] > 0, gb = b->v[CR_CRIT_GAP] > 0;
        if (ga != gb) return ga > gb;
    }
    const double v1 = grouped ? g->ds->ent_revenue[g->cand[a->pos]] : a->v[CR_CRIT_DENSITY];
    const double v2 = grouped ? g->ds->ent_revenue[g->cand[b->pos]] : b->v[CR_CRIT_DENSITY];
    const int n1 = isnan(v1), n2 = isnan(v2);
    if (n1 != n2) return n2;
    if (!n1 && v1 != v2) return v1 > v2;
    int c = strcmp(cr__strtab_get(&g->ds->ent_id, (int32_t)g->cand[a->pos]),
                   cr__strtab_get(&g->ds->ent_id, (int32_t)g->cand[b->pos]));
    return c != 0 ? c < 0 : a->pos < b->pos;
}

/* order 0: the ranked lists' (hbefore); 1: sector_size; 2: density */
static int obefore(const gctx *g, int order, const hent *a, const hent *b)
{
    return order == 0 ? hbefore(g, a, b) : vbefore(g, order == 1, a, b);
}

/* First of the n sorted keys k that x comes before (n if none): x comes
 * after keys 0..lo-1 and before the rest, as the order is strict and total. */
static int64_t first_after(const gctx *g, int order, const hent *x, const hent *k, int64_t n)
{
    int64_t lo = 0, hi = n;
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (obefore(g, order, x, &k[mid])) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* Count mode 2 (a scheme's order): common row x of lane b, not a key, adds
 * one to the bucket of the first key it ranks before. cnt: [LB][pstride]. */
static void pos_place(const gctx *g, int b, const hent *x, int64_t *cnt)
{
    if (g->kmask[x->pos] >> b & 1) return;
    cnt[(size_t)b * (size_t)g->pstride + (size_t)first_after(g, 0, x, g->pkey + (size_t)b * (size_t)g->pstride, g->pnk[b])]++;
}

/* Pass 6 (baselines): non-tenant row i of lane b; common: not excluded
 * under the schemes' joint hard flags. cnt: [LB][3 pstride + 2], the
 * buckets of the three orders, then the common rows (m), then the
 * non-tenant rows (ncand). */
static void base_place(const gctx *g, int64_t i, int b, int common, double gap, double dens, int64_t *cnt)
{
    const size_t ps = (size_t)g->pstride;
    int64_t *c = cnt + (size_t)b * (3 * ps + 2);
    c[3 * ps + 1]++;
    if (!common) return;
    c[3 * ps]++;
    if (g->kmask[i] >> b & 1) return;
    const hent *k = g->pkey + (size_t)b * 3 * ps;
    const int64_t n = g->pnk[b];
    int64_t lo = 0, hi = n;   /* keys at positions below i */
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (k[mid].pos < i) lo = mid + 1;
        else hi = mid;
    }
    c[lo]++;
    hent x;
    x.pos = i;
    x.v[CR_CRIT_GAP] = gap;
    x.v[CR_CRIT_DENSITY] = dens;
    c[ps + (size_t)first_after(g, 1, &x, k + ps, n)]++;
    c[2 * ps + (size_t)first_after(g, 2, &x, k + 2 * ps, n)]++;
}

/* ---- the candidate kernel, one instance per vector width ---- */

#pragma GCC diagnostic ignored "-Wpsabi"   /* static helpers: no vector crosses an ABI boundary */
#define VW 2
#define K(x) x##_v2
#define KATTR
#include "rank/stream_kernel.h"
#if defined(__x86_64__) && defined(__GNUC__)
#define CR__HAVE_AVX2_KERNEL 1
#define VW 4
#define K(x) x##_v4
#define KATTR __attribute__((target("avx2")))
#include "rank/stream_kernel.h"
#define VW 8
#define K(x) x##_v8
#define KATTR __attribute__((target("avx512f,avx512dq")))
#include "rank/stream_kernel.h"
#endif

static void sweep(const cr__stream_ws *w, const gctx *g, const lanes *L, int pass, int64_t lo, int64_t hi,
                  double *bst, int64_t *bcnt, hent *heaps, int64_t *hcnt)
{
#ifdef CR__HAVE_AVX2_KERNEL
    if (w->isa == 2) {
        sweep_v8(g, L, pass, lo, hi, bst, bcnt, heaps, hcnt);
        return;
    }
    if (w->isa == 1) {
        sweep_v4(g, L, pass, lo, hi, bst, bcnt, heaps, hcnt);
        return;
    }
#endif
    (void)w;
    sweep_v2(g, L, pass, lo, hi, bst, bcnt, heaps, hcnt);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Pass 2 thresholds before the sweep. A row is only tested against its
 * lane's heap once that holds top rows, and heaps filling in candidate
 * order keep low thresholds for much of the sweep, so most rows would pass
 * the cheap test. Pass 1 kept, per block and lane, the best ranked row on
 * the scheme's heaviest column; these rows (~1 in 4096) are scored first,
 * into thread 0's heaps, and each lane's top-th best of them is a lower
 * bound of its final top-th best: a row scoring below it cannot be in the
 * result, whatever the seed rows are (exact; the choice of seeds only
 * changes how much is skipped). pos is scratch of nblock x LB entries. */
static void seed_thresholds(const cr__stream_ws *w, const gctx *g, lanes *L, int64_t nblock, int64_t *pos,
                            hent *h0, int64_t *hcnt0)
{
    size_t n = 0;
    for (int64_t k = 0; k < nblock; k++)
        for (int b = 0; b < L->nb; b++) {
            int64_t i = w->bcnt[(size_t)k * CNT_N * LB + CNT_SEED * LB + (size_t)b];
            if (i >= 0) pos[n++] = i;
        }
    qsort(pos, n, sizeof *pos, cmp_i64);
    for (int b = 0; b < LB; b++) {
        L->seed[b] = -INFINITY;
        hcnt0[b] = 0;
    }
    for (size_t j = 0; j < n; j++)
        if (j == 0 || pos[j] != pos[j - 1]) sweep(w, g, L, 2, pos[j], pos[j] + 1, NULL, NULL, h0, hcnt0);
    for (int b = 0; b < L->nb; b++) {
        if (hcnt0[b] == g->top) L->seed[b] = h0[(size_t)b * (size_t)g->top].score;
        hcnt0[b] = 0;
    }
}

/* ---- one group: up to LB parks of one chain under one scheme ---- */

static cr_error_t lane_setup(cr_ctx *ctx, cr__stream_ws *w, const gctx *g, lanes *L, int b, int32_t p)
{
    const cr_ranker *r = g->r;
    const cr_dataset *ds = g->ds;
    L->park[b] = p;
    for (int q = 0; q < CR_NRES; q++) {
        L->avail[q][b] = ds->park_res[q][p];
        /* NaN: not limited, fit 1 (see evaluate); 0: fit 0 through 1/0 = inf */
        L->inv[q][b] = isnan(ds->park_res[q][p]) ? 0.0 : 1.0 / ds->park_res[q][p];
    }
    for (int q = 0; q < CR_NENV; q++) {
        L->quota[q][b] = ds->park_quota[q][p];
        L->cap[q][b] = ds->park_cap[q][p];
    }
    L->banned[b] = (int64_t)ds->park_banned[p];
    const uint64_t endow = ds->park_endow[p];
    const double *dens = r->density + (size_t)p * (size_t)ds->nseg;
    for (int32_t sg = 0; sg < ds->nseg; sg++) {
        double *row = w->segtab + (size_t)sg * SG_N * LB;
        uint64_t need = ds->seg_needs[sg];
        row[SG_PRIO * LB + b] = 0;
        row[SG_GAP * LB + b] = 0;
        row[SG_DENS * LB + b] = dens[sg];
        row[SG_EFIT * LB + b] =
            need ? (double)__builtin_popcountll(need & endow) / (double)__builtin_popcountll(need) : 1.0;
        row[SG_SHORT * LB + b] = (need & ~endow) != 0;
    }
    cr_gap_params gp;
    cr_gap_params_default(&gp);
    memcpy(gp.kind_weight, g->s->gap_kind, sizeof gp.kind_weight);
    cr_gaps *gl = NULL;
    CR_CHECK(cr__gaps_compute_tenants(ctx, r->m, p, g->chain, &gp, r->ten + r->ten_off[p],
                                      r->ten_off[p + 1] - r->ten_off[p], &gl));
    for (int32_t i = 0; i < gl->n; i++) {
        double *row = w->segtab + (size_t)gl->segment[i] * SG_N * LB;
        row[SG_PRIO * LB + b] = gl->priority[i];
        row[SG_GAP * LB + b] = gl->gap[i];
    }
    cr_gaps_free(gl);
    return collect_specials(ctx, w, g, p, &w->sp[b]);
}

/* Criteria the kernel does not compute (streamed = 0 in the criteria
 * table; the kernel left 0): an output row gets them from the scalar
 * formula, which for such a criterion reads only the row context
 * (CR__NEED_ROW_ONLY, test_criteria), so the value is the materialised
 * path's. A loop of CR_NCRIT tests per output row when there are none. */
static void fill_unstreamed(const gctx *g, int32_t park, int64_t e, double *v)
{
    cr__crit_in ci = {.r = g->r, .s = g->s, .tagb = g->tagb, .park = park, .chain = g->chain, .e = e, .v = v};
    for (int c = 0; c < CR_NCRIT; c++)
        if (!cr__criteria[c].streamed) v[c] = cr__criteria[c].value(&ci);
}

static cr_error_t lane_fail(cr_ctx *ctx, const gctx *g, int32_t p, const char *what, int c)
{
    return cr_ctx_fail(ctx, CR_EINVAL, "scheme '%s' on park %s, chain %s: criterion %s: %s", g->s->name,
                       cr_dataset_park_id(g->ds, p), cr_dataset_chain_id(g->ds, g->chain),
                       cr_criterion_name((cr_criterion)g->crit[c]), what);
}

/* The blocks [0, nblock) through pass `pass` in order on this thread (the
 * serial statistics passes: their sums are added in candidate order). */
static void serial_pass(const cr__stream_ws *w, const gctx *g, const lanes *L, int pass, int64_t nblock)
{
    for (int64_t k = 0; k < nblock; k++)
        sweep(w, g, L, pass, k * BLOCK, k * BLOCK + BLOCK < g->nc ? k * BLOCK + BLOCK : g->nc, NULL, NULL, NULL, NULL);
}

/* Objective weights per lane (entropy, CRITIC, std) from the sums of the
 * serial passes (pass 1 for entropy's and CRITIC's sums and std's sum x,
 * 4 for std's deviations),
 * finished by the functions cr_mcda_weights_* end with (mcda/shared.h), so
 * the weights are the materialised path's bits; fewer than 2 ranked rows
 * or no column with information: equal weights, flagged, as score.c's
 * objective_weights. */
static cr_error_t objective_weights(const cr__stream_ws *w, const gctx *g, lanes *L, int64_t nblock, const int64_t *m)
{
    cr__ostat *os = g->os;
    const int n = g->n;
    if (g->obj == CR__W_STD) {
        for (int c = 0; c < n; c++)
            for (int b = 0; b < LB; b++) os->mean[c][b] = m[b] > 0 ? os->sum[c][b] / (double)m[b] : 0.0;
        serial_pass(w, g, L, 4, nblock);
    }
    for (int b = 0; b < L->nb; b++) {
        double wt[CR_NCRIT], a[CR_NCRIT], h[CR_NCRIT], num[CR_NCRIT * CR_NCRIT], rg[CR_NCRIT];
        int hz[CR_NCRIT], neg[CR_NCRIT], ok = 0;
        if (m[b] >= 2) {
            for (int c = 0; c < n; c++) {
                a[c] = os->sum[c][b];
                h[c] = g->obj == CR__W_ENTROPY ? os->sxl[c][b] : os->h[c][b];
                hz[c] = os->zero[c][b] != 0;
                rg[c] = os->range[c][b];
                neg[c] = 0;   /* score.c gives cr_mcda_weights_critic no types: every column a benefit */
                for (int k = 0; k < n; k++)
                    num[c * n + k] = c < k ? os->num[c][k][b] : c > k ? os->num[k][c][b] : os->h[c][b];
            }
            switch (g->obj) {
            case CR__W_ENTROPY:   /* sums past a double (criteria near 1e305, not in validated data): fallback */
                ok = 1;
                for (int c = 0; c < n; c++) ok &= isfinite(a[c]) && isfinite(h[c]);
                ok = ok && cr__mcda_entropy_finish((size_t)m[b], (size_t)n, a, h, hz, g->s->ezero, wt);
                break;
            case CR__W_CRITIC:   /* as entropy: sums past a double fall back */
                ok = 1;
                for (int c = 0; c < n * n; c++) ok &= isfinite(num[c]);
                ok = ok && cr__mcda_critic_finish((size_t)m[b], (size_t)n, a, num, rg, neg, wt);
                break;
            default: ok = cr__mcda_std_finish((size_t)m[b], (size_t)n, h, wt); break;
            }
        }
        for (int c = 0; c < n; c++) L->w[c][b] = ok ? wt[c] : 1.0 / (double)n;
        L->wfallback[b] = !ok;
    }
    return CR_OK;
}

/* VIKOR's acceptable advantage and stability and the compromise flags of
 * the output rows h[0..nrows), in rank order, as cr_mcda_vikor (Opricovic &
 * Tzeng 2004, step 5) finds them over all m ranked rows: a1 and a2, the two
 * best rows by (Q, position) (cr__mcda_order's stable order), come from pass
 * 2's per-block trackers merged in block order; the compromise set is a1
 * alone, {a1, a2} without stability, or without advantage every row with
 * Q - Q(a1) < 1/(m - 1) (a prefix of the Q order, so a test per row). */
static cr_error_t vikor_result(cr_ctx *ctx, const cr__stream_ws *w, const gctx *g, cr_rank_result *R, int b,
                               int64_t nblock, const hent *h, int64_t nrows)
{
    R->vikor_compromise = cr__calloc(ctx, (size_t)nrows + 1, sizeof *R->vikor_compromise);
    if (!R->vikor_compromise) return CR_ENOMEM;
    const int64_t m = R->nranked;
    if (m == 0) return CR_OK;
    const size_t bst_n = (size_t)CR_NCRIT * ST_N * LB;
    double q1 = INFINITY, q2 = INFINITY, s1 = 0, r1 = 0;
    int64_t p1 = -1, p2 = -1;
    for (int64_t k = 0; k < nblock; k++) {
        const double *t = w->bst + (size_t)k * bst_n;
        for (int e = 0; e < 2; e++) {   /* the block's best, then its second; blocks in position order */
            double q = t[(e ? 4 : 0) * LB + b];
            int64_t pos = (int64_t)t[(e ? 5 : 1) * LB + b];
            if (pos < 0) continue;
            if (q < q1) {
                q2 = q1;
                p2 = p1;
                q1 = q;
                p1 = pos;
                s1 = t[2 * LB + b];
                r1 = t[3 * LB + b];
            } else if (q < q2) {
                q2 = q;
                p2 = pos;
            }
        }
    }
    int adv = 1, stab = 1;
    double dq = 0;
    if (m > 1) {
        dq = 1.0 / (double)(m - 1);
        adv = q2 - q1 >= dq;
        stab = s1 == g->os->smin[b] || r1 == g->os->rmin[b];
    }
    R->vikor_advantage = adv;
    R->vikor_stability = stab;
    for (int64_t k = 0; k < nrows; k++) {
        const double q = -h[k].score;
        R->vikor_compromise[k] = m > 1 && !adv ? q - q1 < dq : h[k].pos == p1 || (!stab && h[k].pos == p2);
    }
    return CR_OK;
}

/* ---- positions mode (cr__stream_positions) ---- */

/* Merge sort of n entries by order (obefore); t: scratch of n. */
static void osort(const gctx *g, int order, hent *a, hent *t, int64_t n)
{
    if (n < 2) return;
    const int64_t h = n / 2;
    osort(g, order, a, t, h);
    osort(g, order, a + h, t, n - h);
    int64_t i = 0, j = h, k = 0;
    while (i < h && j < n) t[k++] = obefore(g, order, &a[j], &a[i]) ? a[j++] : a[i++];
    while (i < h) t[k++] = a[i++];
    while (j < n) t[k++] = a[j++];
    memcpy(a, t, (size_t)n * sizeof *a);
}

/* The rows of the keys, lane by lane (kh[b][j], key j of lane b in the
 * query's order; kin[b][j] 1 where the lane ranks it, i.e. under g->s's
 * hard flags): each distinct key position is swept alone through pass 2
 * (the arithmetic of its turn in a full sweep, so the same bits), as the
 * sites' focus row, in count mode 3: no cheap test, every ranked lane kept
 * whatever its score (the baselines' mode has no scheme parameters: its
 * scores mean nothing, only the values and the exclusions are read). */
static void key_rows(const cr__stream_ws *w, gctx *g, lanes *L, const cr__stream_posq *q, int64_t stride, hent *kh,
                     uint8_t *kin)
{
    int64_t at[LB];
    for (int b = 0; b < LB; b++) {
        at[b] = 0;
        L->seed[b] = -INFINITY;
    }
    const int64_t top = g->top;
    g->top = 1;
    g->count = 3;
    for (;;) {
        int64_t p = INT64_MAX;   /* the next key position of any lane */
        for (int b = 0; b < L->nb; b++)
            if (at[b] < q->nk[b] && q->kpos[b][at[b]] < p) p = q->kpos[b][at[b]];
        if (p == INT64_MAX) break;
        hent h1[LB];
        int64_t c1[LB];
        for (int b = 0; b < LB; b++) c1[b] = 0;
        sweep(w, g, L, 2, p, p + 1, NULL, NULL, h1, c1);
        for (int b = 0; b < L->nb; b++)
            if (at[b] < q->nk[b] && q->kpos[b][at[b]] == p) {
                kh[(size_t)b * (size_t)stride + (size_t)at[b]] = h1[b];
                kh[(size_t)b * (size_t)stride + (size_t)at[b]].pos = p;
                kin[(size_t)b * (size_t)stride + (size_t)at[b]] = c1[b] == 1;
                at[b]++;
            }
    }
    g->top = top;
    g->count = 0;
}

/* Index of candidate position p among the lane's keys (ascending). */
static int64_t key_index(const cr__stream_posq *q, int b, int64_t p)
{
    int64_t lo = 0, hi = q->nk[b];
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        if (q->kpos[b][mid] < p) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Positions mode after lane setup (and, for a scheme, after pass 1 and the
 * parameters): the keys' rows, then one counting sweep over every block
 * (pass 2 in count mode 2 with the worst key's score as the threshold, so
 * the cheap test skips the rows that come after every key; or pass 6 for
 * the baselines, every row), buckets per thread summed in any order
 * (integers). A key's position = the rows in the buckets up to its own + the
 * keys before it. g->s carries the joint hard flags (common set). */
static cr_error_t pos_run(cr_ctx *ctx, cr__stream_ws *w, gctx *g, lanes *L, int64_t nblock, int nthreads,
                          cr__stream_posq *q)
{
    const int nb = L->nb;
    int64_t stride = 1;
    for (int b = 0; b < nb; b++)
        if (q->nk[b] + 1 > stride) stride = q->nk[b] + 1;
    const int nth = nthreads < 64 ? nthreads : 64;
    const size_t per = q->baseline ? 3 * (size_t)stride + 2 : (size_t)stride;   /* counters a lane */
    hent *kh = cr__malloc(ctx, (size_t)LB * (size_t)stride, sizeof *kh);
    hent *pk = cr__malloc(ctx, (size_t)LB * 3 * (size_t)stride, sizeof *pk);
    hent *tmp = cr__malloc(ctx, (size_t)stride, sizeof *tmp);
    uint8_t *kin = cr__calloc(ctx, (size_t)LB * (size_t)stride, 1);
    int64_t *cnt = cr__calloc(ctx, (size_t)nth * LB * per, sizeof *cnt);
    cr_error_t rc = CR_OK;
    if (!kh || !pk || !tmp || !kin || !cnt) { rc = CR_ENOMEM; goto out; }
    key_rows(w, g, L, q, stride, kh, kin);
    for (int b = 0; b < nb; b++) {
        const hent *k = kh + (size_t)b * (size_t)stride;
        const uint8_t *in = kin + (size_t)b * (size_t)stride;
        int64_t n = 0;
        if (q->baseline) {   /* the common keys in position order, then sorted by each baseline's order */
            hent *d = pk + (size_t)b * 3 * (size_t)stride;
            for (int64_t j = 0; j < q->nk[b]; j++) {
                q->common[b][j] = in[j];
                if (in[j]) d[n++] = k[j];
            }
            memcpy(d + stride, d, (size_t)n * sizeof *d);
            memcpy(d + 2 * stride, d, (size_t)n * sizeof *d);
            osort(g, 1, d + stride, tmp, n);
            osort(g, 2, d + 2 * stride, tmp, n);
        } else {   /* every key is common (the caller's query): sorted by the scheme's order */
            hent *d = pk + (size_t)b * (size_t)stride;
            for (int64_t j = 0; j < q->nk[b]; j++) {
                if (!in[j]) {
                    rc = cr_ctx_fail(ctx, CR_EINTERNAL, "positions: a key of park %s is not ranked by scheme '%s'",
                                     cr_dataset_park_id(g->ds, L->park[b]), g->s->name);
                    goto out;
                }
                d[n++] = k[j];
            }
            osort(g, 0, d, tmp, n);
            L->seed[b] = n ? d[n - 1].score : INFINITY;   /* the count threshold: the worst key */
        }
        g->pnk[b] = n;
        for (int64_t j = 0; j < q->nk[b]; j++) w->kmask[q->kpos[b][j]] |= (uint8_t)(1u << b);
    }
    g->pkey = pk;
    g->pstride = stride;
    g->kmask = w->kmask;
    g->count = q->baseline ? 0 : 2;
    const int pass = q->baseline ? 6 : 2;
#pragma omp parallel num_threads(nth) if (nth > 1 && nblock > 1)
    {
        const int t = omp_get_thread_num();
#pragma omp for schedule(dynamic, 2)
        for (int64_t k = 0; k < nblock; k++) {
            int64_t lo = k * BLOCK, hi = lo + BLOCK < g->nc ? lo + BLOCK : g->nc;
            sweep(w, g, L, pass, lo, hi, NULL, NULL, NULL, cnt + (size_t)t * LB * per);
        }
    }
    g->count = 0;
    for (int b = 0; b < nb; b++) {
        for (int64_t j = 0; j < q->nk[b]; j++) w->kmask[q->kpos[b][j]] = 0;
        int64_t *c = cnt + (size_t)b * per;   /* thread 0's: the sums */
        for (int t = 1; t < nth; t++)
            for (size_t u = 0; u < per; u++) c[u] += cnt[((size_t)t * LB + (size_t)b) * per + u];
        const int64_t n = g->pnk[b];
        for (int o = 0; o < (q->baseline ? 3 : 1); o++) {
            const hent *d = pk + (size_t)b * (q->baseline ? 3 : 1) * (size_t)stride + (size_t)o * (size_t)stride;
            int64_t ahead = 0;
            for (int64_t j = 0; j < n; j++) {
                ahead += c[(size_t)o * (size_t)stride + (size_t)j];
                const int64_t x = key_index(q, b, d[j].pos), p = ahead + j;
                if (!q->baseline) q->pos[b][x] = p;
                else if (o == 0) q->ci[b][x] = p;
                else if (o == 1) q->psec[b][x] = p;
                else q->pden[b][x] = p;
            }
        }
        if (q->baseline) {
            q->m[b] = c[3 * stride];
            q->ncand[b] = c[3 * stride + 1];
        }
    }
out:
    free(kh); free(pk); free(tmp); free(kin); free(cnt);
    return rc;
}

/* The group's work; fpos >= 0 (sites): instead of the top rows, the row at
 * candidate position fpos in each lane and its place (*fplace, 1-based, 0
 * where it is not ranked). Pass 1 is the same; pass 2 scores that one row
 * (the same arithmetic as its turn in a full sweep, so the same bits), then
 * a counting sweep, whose cheap test uses the row's score as the threshold,
 * counts the rows that rank before it. No heap, no sort. */
static cr_error_t group_run(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                            const int32_t *parks, int nb, const cr_rank_opts *opts, int nthreads,
                            cr_rank_result **res, int64_t fpos, int64_t *fplace, int want_place,
                            cr__stream_posq *pq)
{
    const cr_dataset *ds = r->ds;
    for (int b = 0; b < nb; b++) res[b] = NULL;
    if (nb < 1 || nb > LB) return cr_ctx_fail(ctx, CR_EINTERNAL, "stream group of %d parks", nb);
    if (!cr__criteria_streamable(s, cr__criteria))   /* callers check cr__stream_eligible */
        return cr_ctx_fail(ctx, CR_EINTERNAL, "scheme '%s' aggregates a criterion the streaming kernel does not compute",
                           s->name);
    if (nthreads < 1) nthreads = 1;
    gctx g;
    memset(&g, 0, sizeof g);
    g.r = r;
    g.ds = ds;
    g.s = s;
    g.chain = chain;
    g.cand = r->cand + r->cand_off[chain];
    g.nc = r->cand_off[chain + 1] - r->cand_off[chain];
    g.n = s->ncrit;
    for (int c = 0; c < g.n; c++) {
        g.crit[c] = (int)s->crit[c];
        g.sums |= s->norm[c] == CR_NORM_VECTOR || s->norm[c] == CR_NORM_SUM;
    }
    g.wsm = s->agg == CR_AGG_WSM;
    g.vikor = s->agg == CR_AGG_VIKOR;
    g.v = s->v;
    g.obj = s->wmethod == CR__W_ENTROPY || s->wmethod == CR__W_CRITIC || s->wmethod == CR__W_STD ? s->wmethod : 0;
    g.osum = g.obj != 0;
    for (int c = 0; c < g.n; c++) g.obcast[c] = g.crit[c] == CR_CRIT_GREENING || g.crit[c] == CR_CRIT_QUALITY;
    for (int c = 1; c < g.n; c++)
        if (s->weight[c] > s->weight[g.pcol]) g.pcol = c;
    g.top = fpos >= 0 || pq ? 1 : opts->top;
    /* positions mode: the schemes' joint hard flags give the common set
     * (evaluate reads only hard[] of the scheme; the baselines need no
     * scores, a scheme's pass 1 and parameters its own ranked rows) */
    cr_scheme su;
    if (pq) {
        su = *s;
        for (int k = 0; k < CR_RANK_NRES; k++) su.hard[k] = s->hard[k] || pq->hard[k];
        if (pq->baseline) g.s = &su;
    }
    for (int t = 0; t < s->ntags; t++) {
        int32_t id = cr__strtab_find(&ds->tags, s->tags[t].name, strlen(s->tags[t].name));
        if (id >= 0 && id < CR_MAX_DICT) g.tagb[id] = s->tags[t].bonus;
    }
    {   /* park-independent: once per chain and quality parameters, not per pass and lane */
        double key[2 + CR_MAX_DICT];
        key[0] = s->invest_ref;
        key[1] = s->rd_ref;
        memcpy(key + 2, g.tagb, sizeof g.tagb);
        if (w->qual_chain != chain || memcmp(key, w->qual_key, sizeof key) != 0) {
            for (int64_t i = 0; i < g.nc; i++) w->c_qual[i] = quality(&g, g.cand[i]);
            memcpy(w->qual_key, key, sizeof key);
            w->qual_chain = chain;
        }
    }
    chain_copy(w, r, chain, nthreads);
    g.rec = w->rec;
    g.goose0 = w->c_goose0;
    g.green = w->c_green;
    g.pr = w->c_pr;
    g.indeg = w->c_indeg;
    g.qual = w->c_qual;

    lanes *L = cr__calloc(ctx, 1, sizeof *L);
    cr__ostat *os = cr__calloc(ctx, 1, sizeof *os);
    if (!L || !os) {
        free(L);
        free(os);
        return CR_ENOMEM;
    }
    g.os = os;
    L->nb = nb;
    for (int b = 0; b < nb; b++) L->valid[b] = -1;
    L->segtab = w->segtab;
    L->sp = w->sp;
    cr_error_t rc = CR_OK;
    for (int b = 0; b < nb && rc == CR_OK; b++) rc = lane_setup(ctx, w, &g, L, b, parks[b]);
    if (rc != CR_OK) goto done;

    const int64_t nblock = (g.nc + BLOCK - 1) / BLOCK;
    if (pq && pq->baseline) {
        rc = pos_run(ctx, w, &g, L, nblock, nthreads, pq);
        goto done;
    }
    const size_t bst_n = (size_t)CR_NCRIT * ST_N * LB, bcnt_n = (size_t)CNT_N * LB;
    /* pass 1 (serial when it adds the objective weights' sums, in candidate order) */
#pragma omp parallel for schedule(dynamic, 2) num_threads(nthreads) if (nthreads > 1 && nblock > 1 && !g.osum)
    for (int64_t k = 0; k < nblock; k++) {
        int64_t lo = k * BLOCK, hi = lo + BLOCK < g.nc ? lo + BLOCK : g.nc;
        sweep(w, &g, L, 1, lo, hi, w->bst + (size_t)k * bst_n, w->bcnt + (size_t)k * bcnt_n, NULL, NULL);
    }
    /* combine in block order; parameters per lane and column */
    int64_t cnt[CNT_N][LB];
    double st[CR_NCRIT][ST_N][LB];
    for (int b = 0; b < nb; b++) {
        for (int q = 0; q < CNT_N; q++) cnt[q][b] = 0;
        for (int c = 0; c < CR_NCRIT; c++) {
            st[c][ST_MIN][b] = INFINITY;
            st[c][ST_MAX][b] = -INFINITY;
            st[c][ST_SUM][b] = st[c][ST_SUMSQ][b] = st[c][ST_SUMRECIP][b] = 0.0;
        }
    }
    for (int64_t k = 0; k < nblock; k++) {
        const double *bs = w->bst + (size_t)k * bst_n;
        const int64_t *bc = w->bcnt + (size_t)k * bcnt_n;
        for (int b = 0; b < nb; b++) {
            for (int q = 0; q < CNT_SEED; q++) cnt[q][b] = q == CNT_BAD ? cnt[q][b] | bc[q * LB + b] : cnt[q][b] + bc[q * LB + b];
            for (int c = 0; c < CR_NCRIT; c++) {
                const double *x = bs + (size_t)c * ST_N * LB;
                if (x[ST_MIN * LB + b] < st[c][ST_MIN][b]) st[c][ST_MIN][b] = x[ST_MIN * LB + b];
                if (x[ST_MAX * LB + b] > st[c][ST_MAX][b]) st[c][ST_MAX][b] = x[ST_MAX * LB + b];
                st[c][ST_SUM][b] += x[ST_SUM * LB + b];
                st[c][ST_SUMSQ][b] += x[ST_SUMSQ * LB + b];
                st[c][ST_SUMRECIP][b] += x[ST_SUMRECIP * LB + b];
            }
        }
    }
    int any = 0;
    for (int c = 0; c < g.n; c++)
        for (int b = 0; b < LB; b++) L->w[c][b] = s->weight[c];
    for (int b = 0; b < nb; b++) {
        if (cnt[CNT_RANK][b] == 0) continue;
        any = 1;
        if (cnt[CNT_BAD][b]) {
            /* cannot happen with validated data: every criterion is
             * finite and >= 0 by construction (docs/model.md) */
            rc = cr_ctx_fail(ctx, CR_EINVAL, "scheme '%s' on park %s, chain %s: a criterion is not finite and >= 0",
                             s->name, cr_dataset_park_id(ds, parks[b]), cr_dataset_chain_id(ds, chain));
            goto done;
        }
        for (int c = 0; c < g.n; c++) {
            const int raw = g.crit[c];
            cr__mcda_colparam cp;
            int set = cr__mcda_colparam_set(&cp, s->norm[c], s->types[c] < 0, st[raw][ST_MIN][b], st[raw][ST_MAX][b],
                                            st[raw][ST_SUM][b], st[raw][ST_SUMSQ][b], st[raw][ST_SUMRECIP][b], 1.0,
                                            (size_t)cnt[CNT_RANK][b]);
            if (set != 1) {
                /* a sum that overflows a double needs criteria near 1e308:
                 * refused (src/mcda rescales; this path never keeps the matrix) */
                rc = lane_fail(ctx, &g, parks[b], set == CR__COLPARAM_NONPOS ? "sum normalization needs values > 0 (as pymcdm)"
                               : "the column's sum exceeds the range of a double", c);
                goto done;
            }
            L->cb[c][b] = cp.b;
            L->cs[c][b] = cp.s;
            L->cc[c][b] = cp.c;
            L->ci[c][b] = cp.inv;
            L->crecip[c][b] = cp.recip;
            L->any_recip |= cp.recip;
            L->hi[c][b] = cp.hi;
            L->lo[c][b] = cp.lo;
            if (g.obj == CR__W_CRITIC) os->range[c][b] = st[raw][ST_MAX][b] - st[raw][ST_MIN][b];
        }
    }
    if (any && g.obj) {
        rc = objective_weights(w, &g, L, nblock, cnt[CNT_RANK]);
        if (rc != CR_OK) goto done;
    }
    for (int b = 0; b < nb; b++)
        for (int c = 0; c < g.n; c++) {
            /* w >= 0 and r monotone: max_i w r_ij = w * max_i r_ij, bit for bit. */
            L->pis[c][b] = L->w[c][b] * L->hi[c][b];
            L->nis[c][b] = L->w[c][b] * L->lo[c][b];
        }
    if (any && g.vikor) {   /* the bounds of S and R over the ranked rows: one more serial pass */
        for (int b = 0; b < LB; b++) {
            os->smin[b] = os->rmin[b] = INFINITY;
            os->smax[b] = os->rmax[b] = -INFINITY;
        }
        for (int64_t k = 0; k < nblock; k++)
            sweep(w, &g, L, 5, k * BLOCK, k * BLOCK + BLOCK < g.nc ? k * BLOCK + BLOCK : g.nc, NULL, NULL, NULL, NULL);
    }
    for (int c = 0; c < g.n; c++) {
        if (g.crit[c] != CR_CRIT_RESOURCES) {
            L->exc[L->nex++] = c;
        } else {
            for (int b = 0; b < LB; b++) {
                const double d = L->pis[c][b] - L->nis[c][b];
                L->rel[b] += g.wsm ? L->pis[c][b] : d * d;
            }
        }
    }
    if (pq) {
        g.s = &su;
        rc = pos_run(ctx, w, &g, L, nblock, nthreads, pq);
        goto done;
    }
    /* pass 2: per-thread heaps */
    size_t hneed = (size_t)nthreads * LB * (size_t)g.top;
    if (any && hneed > w->heapcap) {
        hent *h = realloc(w->heap, hneed * sizeof *h);
        if (!h) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory"); goto done; }
        w->heap = h;
        w->heapcap = hneed;
    }
    int64_t hcnt[64][LB];
    const int nth = nthreads < 64 ? nthreads : 64;
    for (int t = 0; t < nth; t++)
        for (int b = 0; b < LB; b++) hcnt[t][b] = 0;
    if (any && fpos >= 0) {
        hent fe[LB];
        for (int b = 0; b < LB; b++) L->seed[b] = -INFINITY;
        sweep(w, &g, L, 2, fpos, fpos + 1, NULL, NULL, w->heap, hcnt[0]);
        for (int b = 0; b < nb; b++) {
            fplace[b] = hcnt[0][b];   /* 1 if ranked in lane b */
            fe[b] = w->heap[b];
            L->seed[b] = hcnt[0][b] ? fe[b].score : INFINITY;
            hcnt[0][b] = 0;
        }
        g.count = 1;
        g.focus = fe;
#pragma omp parallel num_threads(nth) if (want_place && nth > 1 && nblock > 1)
        {
            const int t = omp_get_thread_num();
#pragma omp for schedule(dynamic, 2)
            for (int64_t k = 0; k < (want_place ? nblock : 0); k++) {
                int64_t lo = k * BLOCK, hi = lo + BLOCK < g.nc ? lo + BLOCK : g.nc;
                sweep(w, &g, L, 2, lo, hi, NULL, NULL, NULL, hcnt[t]);
            }
        }
        for (int b = 0; b < nb; b++) {
            int64_t before = 0;
            for (int t = 0; t < nth; t++) before += hcnt[t][b];
            hcnt[0][b] = fplace[b];   /* the result below keeps the one row */
            fplace[b] = fplace[b] ? before + 1 : 0;
        }
        g.count = 0;
        g.focus = NULL;
        for (int t = 1; t < nth; t++)
            for (int b = 0; b < LB; b++) hcnt[t][b] = 0;
    } else if (any) {
        int64_t *pos = cr__malloc(ctx, (size_t)nblock * LB + 1, sizeof *pos);
        if (!pos) { rc = CR_ENOMEM; goto done; }
        seed_thresholds(w, &g, L, nblock, pos, w->heap, hcnt[0]);
        free(pos);
#pragma omp parallel num_threads(nth) if (nth > 1 && nblock > 1)
        {
            const int t = omp_get_thread_num();
            hent *hs = w->heap + (size_t)t * LB * (size_t)g.top;
#pragma omp for schedule(dynamic, 2)
            for (int64_t k = 0; k < nblock; k++) {
                int64_t lo = k * BLOCK, hi = lo + BLOCK < g.nc ? lo + BLOCK : g.nc;
                sweep(w, &g, L, 2, lo, hi, w->bst + (size_t)k * bst_n, NULL, hs, hcnt[t]);
            }
        }
    }
    /* results: merge the thread heaps of each lane (a total order, so the
     * top rows do not depend on which thread saw which block) */
    for (int b = 0; b < nb; b++) {
        cr_rank_result *R = cr__calloc(ctx, 1, sizeof *R);
        if (!R) { rc = CR_ENOMEM; goto done; }
        res[b] = R;
        R->park = parks[b];
        R->chain = chain;
        R->higher_is_better = !g.vikor;
        R->ncrit = s->ncrit;
        memcpy(R->crit, s->crit, sizeof R->crit);
        for (int c = 0; c < s->ncrit; c++) R->weights[c] = L->w[c][b];
        R->weights_fallback = L->wfallback[b];
        R->ncand = cnt[CNT_CAND][b];
        R->nexcluded = cnt[CNT_EXCL][b];
        R->nranked = cnt[CNT_RANK][b];
        hent *h0 = w->heap + (size_t)b * (size_t)g.top;   /* thread 0's heap of lane b */
        int64_t n = cnt[CNT_RANK][b] ? hcnt[0][b] : 0;
        for (int t = 1; t < nth && cnt[CNT_RANK][b]; t++) {
            const hent *ht = w->heap + ((size_t)t * LB + (size_t)b) * (size_t)g.top;
            for (int64_t k = 0; k < hcnt[t][b]; k++) hpush(&g, h0, &n, &ht[k]);
        }
        for (int64_t end = n - 1; end > 0; end--) {   /* heap sort: worst to the back */
            hent t = h0[0]; h0[0] = h0[end]; h0[end] = t;
            hsift_down(&g, h0, end, 0);
        }
        size_t un = (size_t)n + 1;
        R->nrows = n;
        R->ent = cr__malloc(ctx, un, sizeof *R->ent);
        R->score = cr__malloc(ctx, un, sizeof *R->score);
        R->value = cr__malloc(ctx, un * CR_NCRIT, sizeof *R->value);
        if (!R->ent || !R->score || !R->value) { rc = CR_ENOMEM; goto done; }
        if (g.vikor && fpos < 0 && vikor_result(ctx, w, &g, R, b, nblock, h0, n) != CR_OK) { rc = CR_ENOMEM; goto done; }
        for (int64_t k = 0; k < n; k++) {
            R->ent[k] = g.cand[h0[k].pos];
            R->score[k] = g.vikor ? -h0[k].score : h0[k].score;
            memcpy(R->value + k * CR_NCRIT, h0[k].v, sizeof h0[k].v);
            fill_unstreamed(&g, parks[b], R->ent[k], R->value + k * CR_NCRIT);
        }
    }
done:
    if (rc != CR_OK)
        for (int b = 0; b < nb; b++) {
            cr_rank_result_free(res[b]);
            res[b] = NULL;
        }
    free(L);
    free(os);
    return rc;
}

cr_error_t cr__stream_group(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                            const int32_t *parks, int nb, const cr_rank_opts *opts, int nthreads,
                            cr_rank_result **res)
{
    return group_run(ctx, w, r, s, chain, parks, nb, opts, nthreads, res, -1, NULL, 0, NULL);
}

cr_error_t cr__stream_focus(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                            const int32_t *parks, int nb, int64_t fpos, int nthreads, cr_rank_result **res,
                            int64_t *place, int want_place)
{
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 1;
    for (int b = 0; b < nb && b < LB; b++) place[b] = 0;
    if (fpos < 0 || fpos >= r->cand_off[chain + 1] - r->cand_off[chain])
        return cr_ctx_fail(ctx, CR_EINTERNAL, "focus position %lld out of range", (long long)fpos);
    return group_run(ctx, w, r, s, chain, parks, nb, &o, nthreads, res, fpos, place, want_place, NULL);
}

cr_error_t cr__stream_positions(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                                const int32_t *parks, int nb, int nthreads, cr__stream_posq *q)
{
    if (nb < 1 || nb > LB) return cr_ctx_fail(ctx, CR_EINTERNAL, "stream group of %d parks", nb);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    o.top = 1;
    cr_rank_result *res[LB];
    if (q->baseline) return group_run(ctx, w, r, s, chain, parks, nb, &o, nthreads, res, -1, NULL, 0, q);
    /* a scheme: only the lanes with keys (a park with none needs no sweep) */
    cr__stream_posq sub;
    memset(&sub, 0, sizeof sub);
    memcpy(sub.hard, q->hard, sizeof sub.hard);
    int32_t sp[LB];
    int n = 0;
    for (int b = 0; b < nb; b++) {
        if (q->nk[b] <= 0) continue;
        sub.nk[n] = q->nk[b];
        sub.kpos[n] = q->kpos[b];
        sub.pos[n] = q->pos[b];
        sp[n++] = parks[b];
    }
    return n ? group_run(ctx, w, r, s, chain, sp, n, &o, nthreads, res, -1, NULL, 0, &sub) : CR_OK;
}

int cr__stream_ws_set_isa(cr__stream_ws *w, int isa)
{
#ifdef CR__HAVE_AVX2_KERNEL
    if (isa == 1 && __builtin_cpu_supports("avx2")) {
        w->isa = 1;
        return 1;
    }
    if (isa == 2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
        w->isa = 2;
        return 1;
    }
#endif
    w->isa = 0;
    return isa == 0;
}
