/* The candidate kernel of stream.c, instantiated once per vector width:
 * stream.c includes this file with
 *   VW      lanes per vector (2: SSE2, the x86-64 baseline; 4: AVX2),
 *   K(x)    the name of x in this instance,
 *   KATTR   the target attribute of this instance (empty for the baseline),
 * after defining gctx, lanes, specials, hent, quality() and hpush(). Both
 * instances do the same IEEE operations lane by lane, so they give the same
 * bits (tests/unit/test_rank_stream.c runs both); the dispatch only picks
 * how many lanes one instruction carries. No include guard: on purpose. */

/* ---- the candidate evaluation, one candidate x all lanes ---- */

/* Lanes are processed as NV vectors of 4 doubles (GCC vector extensions,
 * VW wide). Every
 * operation is the IEEE operation score.c does on one lane, so the values
 * are the same bits; comparisons give all-ones/zero int64 masks. */
typedef double K(vd) __attribute__((vector_size(VW * 8)));
typedef int64_t K(vi) __attribute__((vector_size(VW * 8)));
#define NV (LB / VW)

static inline KATTR K(vd) K(vld)(const double *p) { K(vd) x; memcpy(&x, p, sizeof x); return x; }
static inline KATTR K(vi) K(vldi)(const int64_t *p) { K(vi) x; memcpy(&x, p, sizeof x); return x; }
static inline KATTR void K(vst)(double *p, K(vd) x) { memcpy(p, &x, sizeof x); }
/* Broadcasts by intrinsic: GCC turned the element loop into 8 masked
 * inserts at VW 8, in the hottest loops. */
#if defined(__x86_64__) && VW == 8
static inline KATTR K(vd) K(vs)(double x) { return (K(vd))_mm512_set1_pd(x); }
static inline KATTR K(vi) K(vsi)(int64_t x) { return (K(vi))_mm512_set1_epi64(x); }
#elif defined(__x86_64__) && VW == 4
static inline KATTR K(vd) K(vs)(double x) { return (K(vd))_mm256_set1_pd(x); }
static inline KATTR K(vi) K(vsi)(int64_t x) { return (K(vi))_mm256_set1_epi64x(x); }
#elif defined(__x86_64__) && VW == 2
static inline KATTR K(vd) K(vs)(double x) { return (K(vd))_mm_set1_pd(x); }
static inline KATTR K(vi) K(vsi)(int64_t x) { return (K(vi))_mm_set1_epi64x(x); }
#else
static inline KATTR K(vd) K(vs)(double x) { K(vd) v; for (int k = 0; k < VW; k++) v[k] = x; return v; }
static inline KATTR K(vi) K(vsi)(int64_t x) { K(vi) v; for (int k = 0; k < VW; k++) v[k] = x; return v; }
#endif
/* Is any element of a mask set? One test instruction where there is one,
 * not VW element extractions (per row in pass 2). */
static inline KATTR int K(vany)(K(vi) m)
{
#if defined(__x86_64__) && VW == 8
    return _mm512_test_epi64_mask((__m512i)m, (__m512i)m) != 0;
#elif defined(__x86_64__) && VW == 4
    return !_mm256_testz_si256((__m256i)m, (__m256i)m);
#else
    int64_t a = 0;
    for (int k = 0; k < VW; k++) a |= m[k];
    return a != 0;
#endif
}
static inline KATTR K(vd) K(vsel)(K(vi) m, K(vd) a, K(vd) b) { return (K(vd))(((K(vi))a & m) | ((K(vi))b & ~m)); }

/* cr__ln (mcda/shared.h) lane by lane: cr__ln8 on the lanes (padded with 1
 * at widths below 8), the function the materialised path calls too, so the
 * same bits as its scalar calls and as the kernel's other widths. */
#if CR__LN_MVEC && VW == 8
/* The 8-lane kernel runs only where the CPU has AVX-512F, where cr__ln8 takes
 * libmvec's AVX-512 variant: call it directly (no copy, no feature test). */
__attribute__((target("avx512f"))) __m512d _ZGVeN8v_log(__m512d x);
static inline __attribute__((always_inline)) KATTR K(vd) K(vln)(K(vd) x) { return (K(vd))_ZGVeN8v_log((__m512d)x); }
#else
static inline __attribute__((always_inline)) KATTR K(vd) K(vln)(K(vd) x)
{
    double in[8] = {1, 1, 1, 1, 1, 1, 1, 1}, out[8];
    memcpy(in, &x, sizeof x);
    cr__ln8(in, out);
    K(vd) y;
    memcpy(&y, out, sizeof y);
    return y;
}
#endif

typedef struct {
    K(vd) v[CR_NCRIT][NV];
    K(vi) ex[NV];                         /* -1: excluded */
} K(evalv);

/* The kernel's value of criterion c from the pieces it computed: the one
 * place that maps criteria to the kernel's variables, used by evaluate
 * (c constant after unrolling: no branch) and by the cheap test. Every
 * criterion has a case and there is no default, so a criterion added to
 * cr_criterion fails to compile here (-Wswitch, -Werror) until it is given
 * one: nothing falls through to another criterion's value. A criterion the
 * kernel does not compute (streamed = 0, src/rank/criteria.c) takes 0 here:
 * a scheme that aggregates it is never streamed (cr__stream_eligible), and
 * stream.c gives the output rows its scalar formula's value. */
static inline __attribute__((always_inline)) KATTR K(vd) K(pick)(int c, K(vd) gap, K(vd) part, K(vd) res, K(vd) green,
                                                                 K(vd) dens, K(vd) goose, K(vd) qual)
{
    switch ((cr_criterion)c) {
    case CR_CRIT_GAP: return gap;
    case CR_CRIT_PARTNERS: return part;
    case CR_CRIT_RESOURCES: return res;
    case CR_CRIT_GREENING: return green;
    case CR_CRIT_DENSITY: return dens;
    case CR_CRIT_GOOSE: return goose;
    case CR_CRIT_QUALITY: return qual;
    case CR_CRIT_LIKELIHOOD: /* not streamed: schemes that use it go to the materialised path */
    case CR_NCRIT: break;
    }
    return K(vs)(0.0);
}

/* The segment terms of candidate record rc for every lane: gap and density,
 * and with full the endowment fit and shortage too (full is a constant at
 * each call, so the cheap test's copy drops those). One loop for evaluate
 * and row_may_hit, so both give the same bits. Adds to the arrays given. */
static inline __attribute__((always_inline)) KATTR void K(segments)(const gctx *g, const lanes *L,
                                                                    const cr__cand_rec *rc, int full, K(vd) *gap,
                                                                    K(vd) *dens, K(vd) *fend, K(vi) *shortf)
{
    const cr_dataset *ds = g->ds;
    const double q = rc->q;
    const int32_t *segs = rc->seg;
    const double *shares = rc->share;
    int64_t ns = rc->nseg;
    if (ns < 0) {   /* more segments than the record holds: the dataset's lists */
        const int64_t t0 = ds->ent_seg_off[rc->e];
        segs = ds->ent_seg + t0;
        shares = ds->ent_share + t0;
        ns = ds->ent_seg_off[rc->e + 1] - t0;
    }
    for (int64_t t = 0; t < ns; t++) {
        const double *row = L->segtab + (size_t)segs[t] * SG_N * LB;
        const double sh = shares[t];
        const K(vd) vsh = K(vs)(sh), sq = K(vs)(sh * q);
        for (int h = 0; h < NV; h++) {
            K(vd) prio = K(vld)(row + SG_PRIO * LB + VW * h), gv = K(vld)(row + SG_GAP * LB + VW * h);
            K(vd) ph = sq / gv;
            ph = K(vsel)(ph > 1, K(vs)(1.0), ph);
            K(vd) phi = K(vsel)(gv > 0, ph, vsh);
            gap[h] += K(vsel)(prio > 0, prio * phi, K(vs)(0.0));   /* + 0.0 leaves a sum >= 0 unchanged */
            dens[h] += vsh * K(vld)(row + SG_DENS * LB + VW * h);
            if (full) {
                fend[h] += vsh * K(vld)(row + SG_EFIT * LB + VW * h);
                shortf[h] |= K(vld)(row + SG_SHORT * LB + VW * h) != 0;
            }
        }
    }
}

/* Values of candidate e for every lane, as score.c's kernel computes them
 * (same operations in the same order, so the same bits); part/goose carry
 * the lanes' partner and goose values (specials) and ex the hard
 * exclusions. Unused lanes compute harmless values nobody reads. Resource
 * fit: a lane with unlimited (NaN) availability has inv = 0, so
 * 1 - need x 0 = 1 exactly, and 1/0 = inf gives fit 0 for a zero one. */
static inline __attribute__((always_inline)) KATTR void K(evaluate)(const gctx *g, const lanes *L, int64_t i,
                                                           const K(vd) *part, const K(vd) *goose, K(evalv) *o)
{
    const cr_scheme *s = g->s;
    const cr__cand_rec *rc = g->rec + i;
    const double q = rc->q;
    const K(vi) cats = K(vsi)((int64_t)rc->cats);
    K(vd) gap[NV], dens[NV], fend[NV], fs[NV];
    K(vi) ex[NV], shortf[NV];
    for (int h = 0; h < NV; h++) {
        gap[h] = dens[h] = fend[h] = fs[h] = K(vs)(0.0);
        shortf[h] = K(vsi)(0);
        ex[h] = (K(vldi)(L->banned + VW * h) & cats) != 0;
    }
    K(segments)(g, L, rc, 1, gap, dens, fend, shortf);
    for (int k = 0; k < CR_NENV; k++) {
        const double in = rc->inten[k];
        const K(vd) vin = K(vs)(in), vload = K(vs)(q * in);
        for (int h = 0; h < NV; h++)
            ex[h] |= (vload > K(vld)(L->quota[k] + VW * h)) | (vin > K(vld)(L->cap[k] + VW * h));
    }
    for (int k = 0; k < CR_NRES; k++) {
        const double nd = rc->need[k];
        const K(vd) vnd = K(vs)(nd);
        /* no need: fit 1 whatever the lane (1 - 0 x inf would be NaN); a
         * select, not a branch, as needs are 0 at random */
        const K(vi) none = K(vsi)(-(int64_t)(nd == 0));
        for (int h = 0; h < NV; h++) {
            K(vd) f = K(vs)(1.0) - vnd * K(vld)(L->inv[k] + VW * h);
            fs[h] += K(vsel)(none, K(vs)(1.0), K(vsel)(f > 0, f, K(vs)(0.0)));
            if (s->hard[k]) ex[h] |= vnd > K(vld)(L->avail[k] + VW * h);
        }
    }
    const int hard_end = s->hard[CR_RANK_ENDOWMENTS];
    const K(vd) green = K(vs)(g->green[i]), qual = K(vs)(g->qual[i]);
    for (int h = 0; h < NV; h++) {
        o->ex[h] = hard_end ? ex[h] | shortf[h] : ex[h];
        const K(vd) res = (fs[h] + fend[h]) / 6.0;
#pragma GCC unroll 16
        for (int c = 0; c < CR_NCRIT; c++) o->v[c][h] = K(pick)(c, gap[h], part[h], res, green, dens[h], goose[h], qual);
    }
}

/* r of scheme column c for the lanes of vector h: the normalisation of
 * cr__mcda_apply; times the lane's weight, the operations of
 * cr_mcda_wsm/topsis (colval). One copy for the row scoring and the cheap
 * test, so both give the same bits (the cheap test's exactness rests on it). */
static inline __attribute__((always_inline)) KATTR K(vd) K(capply)(const lanes *L, int c, int h, K(vd) x)
{
    if (L->any_recip) x = K(vsel)(K(vldi)(L->crecip[c] + VW * h) != 0, 1.0 / x, x);
    return K(vld)(L->cb[c] + VW * h) +
           K(vld)(L->cs[c] + VW * h) * ((x + K(vld)(L->cc[c] + VW * h)) * K(vld)(L->ci[c] + VW * h));
}
static inline __attribute__((always_inline)) KATTR K(vd) K(colval)(const lanes *L, int c, int h, K(vd) x)
{
    return K(vld)(L->w[c] + VW * h) * K(capply)(L, c, h, x);
}

/* ratio0 of cr_mcda_vikor: a/b, 0 where b is 0 (the lane's a/b is computed
 * and dropped: no trap, IEEE defaults). */
static inline __attribute__((always_inline)) KATTR K(vd) K(ratio0)(K(vd) a, K(vd) b)
{
    return K(vsel)(b != 0, a / b, K(vs)(0.0));
}

/* VIKOR's S (sum of w (f* - f)/(f* - f-)) and R (their max) of one row for
 * the lanes of vector h: cr_mcda_vikor's row loop, operation for operation. */
static inline __attribute__((always_inline)) KATTR void K(vikor_sr)(const gctx *g, const lanes *L,
                                                                    const K(evalv) *o, int h, K(vd) *S, K(vd) *R)
{
    K(vd) sv = K(vs)(0.0), rv = K(vs)(0.0);
    for (int c = 0; c < g->n; c++) {
        const K(vd) hi = K(vld)(L->hi[c] + VW * h), lo = K(vld)(L->lo[c] + VW * h);
        const K(vd) t = K(vld)(L->w[c] + VW * h) * K(ratio0)(hi - K(capply)(L, c, h, o->v[g->crit[c]][h]), hi - lo);
        sv += t;
        rv = c == 0 ? t : K(vsel)(t > rv, t, rv);
    }
    *S = sv;
    *R = rv;
}

/* The serial statistics passes of objective weights and VIKOR (stream.c
 * group_run): pass 1 adds the objective weights' sums (entropy: sum x and
 * sum x ln x, cr__ln's lanes in one vector operation a step; std: sum x;
 * CRITIC: the shifted sums), pass 4 std's squared deviations, pass 5
 * VIKOR's bounds. Every sum per lane in candidate order over the ranked
 * rows, which is the row order of the materialised matrix, so the sums are
 * those of src/mcda/weights.c bit for bit. A select keeps a sum unchanged on
 * an unranked row. Accumulators live in g->os (L1-resident; the blocks of
 * these passes run in order on one thread). */
static inline __attribute__((always_inline)) KATTR void K(ostats)(const gctx *g, const lanes *L, int pass,
                                                                  const K(vi) *rk, const K(evalv) *o)
{
    cr__ostat *os = g->os;
    const int n = g->n;
    if (pass == 1 && g->obj == CR__W_CRITIC) {
        /* d = x - K, K the lane's first ranked x of the column (fixed once
         * met); sum d, sum d^2, sum d_c d_k (weights.c cr_mcda_weights_critic) */
        K(vd) d[CR_NCRIT][NV];
        for (int h = 0; h < NV; h++) {
            const K(vi) ks = K(vldi)(os->kset + VW * h), first = rk[h] & ~ks, ks2 = ks | rk[h];
            memcpy(os->kset + VW * h, &ks2, sizeof ks2);
            for (int c = 0; c < n; c++) {
                const K(vd) x = o->v[g->crit[c]][h];
                const K(vd) k = K(vsel)(first, x, K(vld)(os->shift[c] + VW * h));
                K(vst)(os->shift[c] + VW * h, k);
                d[c][h] = x - k;
                const K(vd) su = K(vld)(os->sum[c] + VW * h), ss = K(vld)(os->h[c] + VW * h);
                K(vst)(os->sum[c] + VW * h, K(vsel)(rk[h], su + d[c][h], su));
                K(vst)(os->h[c] + VW * h, K(vsel)(rk[h], ss + d[c][h] * d[c][h], ss));
            }
        }
        for (int c = 0; c < n; c++)
            for (int k = c + 1; k < n; k++)
                for (int h = 0; h < NV; h++) {
                    K(vd) nu = K(vld)(os->num[c][k] + VW * h);
                    K(vst)(os->num[c][k] + VW * h, K(vsel)(rk[h], nu + d[c][h] * d[k][h], nu));
                }
        return;
    }
    if (pass == 1) {   /* sum x (entropy, std) */
        for (int c = 0; c < n; c++)
            for (int h = 0; h < NV; h++) {
                K(vd) x = o->v[g->crit[c]][h], su = K(vld)(os->sum[c] + VW * h);
                K(vst)(os->sum[c] + VW * h, K(vsel)(rk[h], su + x, su));
            }
        if (g->obj == CR__W_ENTROPY)   /* sum x ln x over x > 0, and some x is 0 (weights.c) */
            for (int c = 0; c < n; c++) {
                K(vd) l0 = K(vs)(0.0);
                for (int h = 0; h < NV; h++) {
                    const K(vd) x = o->v[g->crit[c]][h], t = K(vld)(os->sxl[c] + VW * h);
                    /* a park-independent column is a broadcast: its log once */
                    /* x <= 0 (most partners and gap values are 0) takes ln 1 instead:
                     * its term is selected away below, and libmvec hands a vector
                     * holding a 0 to the scalar log lane by lane (measured: 2x the
                     * whole entropy job at 1 M before this select) */
                    const K(vd) l = h > 0 && g->obcast[c] ? l0 : K(vln)(K(vsel)(x > 0, x, K(vs)(1.0)));
                    l0 = l;
                    K(vst)(os->sxl[c] + VW * h, K(vsel)(rk[h] & (x > 0), t + x * l, t));
                    K(vi) z = K(vldi)(os->zero[c] + VW * h);
                    z |= rk[h] & ~(x > 0);
                    memcpy(os->zero[c] + VW * h, &z, sizeof z);
                }
            }
        return;
    }
    if (pass == 5) {   /* VIKOR: the bounds of S and R (min and max: any order) */
        for (int h = 0; h < NV; h++) {
            K(vd) S, R;
            K(vikor_sr)(g, L, o, h, &S, &R);
            K(vd) a = K(vld)(os->smin + VW * h), b = K(vld)(os->smax + VW * h);
            K(vd) c = K(vld)(os->rmin + VW * h), d = K(vld)(os->rmax + VW * h);
            K(vst)(os->smin + VW * h, K(vsel)(rk[h] & (S < a), S, a));
            K(vst)(os->smax + VW * h, K(vsel)(rk[h] & (S > b), S, b));
            K(vst)(os->rmin + VW * h, K(vsel)(rk[h] & (R < c), R, c));
            K(vst)(os->rmax + VW * h, K(vsel)(rk[h] & (R > d), R, d));
        }
        return;
    }
    /* pass 4: std's squared deviations (entropy and CRITIC need none) */
    for (int c = 0; c < n; c++)
        for (int h = 0; h < NV; h++) {
            const K(vd) dv = o->v[g->crit[c]][h] - K(vld)(os->mean[c] + VW * h);
            K(vd) ss = K(vld)(os->h[c] + VW * h);
            K(vst)(os->h[c] + VW * h, K(vsel)(rk[h], ss + dv * dv, ss));
        }
}

/* Pass 2's cheap test: may row i enter the heap of some lane, given the
 * thresholds thr? It computes every value but the resource fit with the
 * kernel's operations (the same bits) and takes the resource column at its
 * best, w r = pis (its term per lane in L->rel): then dp is no larger and dm
 * (WSM: sc) no smaller than the row's own, as nis <= w r <= pis on ranked
 * rows and rounding is monotone; the sums differ from the kernel's only in
 * the order of <= CR_NCRIT terms >= 0 (a few ulps), far inside the 1e-6
 * margin, so a 0 answer is exact. Why: the resource fit, the exclusions and
 * the statistics are skipped for the ~99 % of rows that fail once the
 * thresholds are seeded (stream.c seed_thresholds). Taking the gap at its
 * best too would let nearly every row pass; taking density, greening and
 * quality at their best let ~15 % of the benchmark's rows pass (8 lanes). */
static inline __attribute__((always_inline)) KATTR int K(row_may_hit)(const gctx *g, const lanes *L, int64_t i,
                                                                      const K(vd) *part, const K(vd) *goose,
                                                                      const double *thr)
{
    K(vd) gap[NV], dens[NV];
    for (int h = 0; h < NV; h++) gap[h] = dens[h] = K(vs)(0.0);
    K(segments)(g, L, g->rec + i, 0, gap, dens, NULL, NULL);
    const K(vd) green = K(vs)(g->green[i]), qual = K(vs)(g->qual[i]);
    int any = 0;
    for (int h = 0; h < NV; h++) {
        K(vd) acc = K(vld)(L->rel + VW * h), dp = K(vs)(0.0);
        for (int j = 0; j < L->nex; j++) {
            const int c = L->exc[j], raw = g->crit[c];
            /* K(pick) with constant indices unrolls to a chain of compares
             * on raw (a jump table, or an array of the values, cost pass 2
             * measurably); resources is never in exc[] (taken at its best
             * in L->rel) */
            K(vd) x = K(vs)(NAN);
#pragma GCC unroll 16
            for (int q = 0; q < CR_NCRIT; q++)
                if (raw == q) x = K(pick)(q, gap[h], part[h], K(vs)(NAN), green, dens[h], goose[h], qual);
            const K(vd) vv = K(colval)(L, c, h, x);
            if (g->wsm) {
                acc += vv;
            } else {
                K(vd) a = vv - K(vld)(L->pis[c] + VW * h), d = vv - K(vld)(L->nis[c] + VW * h);
                dp += a * a;
                acc += d * d;
            }
        }
        K(vd) t = K(vld)(thr + VW * h);
        K(vi) hit;
        if (g->wsm) {
            hit = acc + (K(vsel)(acc < 0, -acc, acc) * 1e-6 + 1e-300) >= t;
        } else {
            K(vd) u = K(vs)(1.0) - t;
            hit = (t <= 0) | (acc * u * u * (1.0 + 1e-6) >= t * t * dp);
        }
        any |= K(vany)(hit & K(vldi)(L->valid + VW * h));   /* unused lanes (t = inf) may pass */
    }
    return any;
}

static KATTR void K(sweep)(const gctx *g, const lanes *L, int pass, int64_t lo, int64_t hi, double *bst, int64_t *bcnt,
                  hent *heaps, int64_t *hcnt)
{
    const int nb = L->nb;
    int64_t cur[LB], nxt[LB], nmin = INT64_MAX;
    for (int b = 0; b < nb; b++) {
        const specials *sp = &L->sp[b];
        size_t a = 0, z = sp->len - 1;   /* lower bound of lo (the sentinel is past every position) */
        while (a < z) {
            size_t mid = a + (z - a) / 2;
            if (sp->pos[mid] < lo) a = mid + 1; else z = mid;
        }
        cur[b] = (int64_t)a;
        nxt[b] = sp->pos[a];
        if (nxt[b] < nmin) nmin = nxt[b];
    }
    /* pass 1 statistics, [column][ST][lane] in registers/stack, stored at the end */
    K(vd) mn[CR_NCRIT][NV], mx[CR_NCRIT][NV], su[CR_NCRIT][NV], sq[CR_NCRIT][NV], sr[CR_NCRIT][NV];
    K(vi) ncand[NV], nexcl[NV], nrank[NV], bad[NV];
    for (int c = 0; c < CR_NCRIT; c++)
        for (int h = 0; h < NV; h++) {
            mn[c][h] = K(vs)(INFINITY);
            mx[c][h] = K(vs)(-INFINITY);
            su[c][h] = sq[c][h] = sr[c][h] = K(vs)(0.0);
        }
    for (int h = 0; h < NV; h++) ncand[h] = nexcl[h] = nrank[h] = bad[h] = K(vsi)(0);
    /* pass 1: the block's best ranked row per lane on the seed column (stream.c seed_thresholds) */
    K(vd) pbest[NV];
    K(vi) pidx[NV];
    for (int h = 0; h < NV; h++) {
        pbest[h] = K(vs)(-INFINITY);
        pidx[h] = K(vsi)(-1);
    }
    const K(vd) psign = K(vs)(g->s->types[g->pcol] > 0 ? 1.0 : -1.0);
    /* pass 2: score a row must reach to enter a full heap (+inf: unused lane) */
    double thr[LB];
    for (int b = 0; b < LB; b++) {
        if (g->count) {   /* sites' counting sweep: fixed at the focus row's score; hcnt are counts */
            thr[b] = b < nb ? L->seed[b] : INFINITY;
            continue;
        }
        thr[b] = pass != 2 || b >= nb ? INFINITY : hcnt[b] == g->top ? heaps[(size_t)b * (size_t)g->top].score : -INFINITY;
        if (pass == 2 && b < nb && L->seed[b] > thr[b]) thr[b] = L->seed[b];
    }
    /* pass 2 of VIKOR (bst given: a block of the main sweep): per lane the
     * best row by (Q, position) (Q, position, S, R) and the second (Q,
     * position), positions as doubles (exact below 2^53) */
    K(vd) vtrs[6][NV], (*vtr)[NV] = NULL;
    if (pass == 2 && g->vikor && bst) {
        vtr = vtrs;
        for (int h = 0; h < NV; h++) {
            vtr[0][h] = vtr[4][h] = K(vs)(INFINITY);
            vtr[1][h] = vtr[5][h] = K(vs)(-1.0);
            vtr[2][h] = vtr[3][h] = K(vs)(0.0);
        }
    }
    double part[LB], goose[LB];
    int64_t ten[LB];
    int64_t nfull = 0, nhit = 0;   /* pass 2: rows past the cheap test, rows scored (stats_add) */
    K(evalv) o;
    for (int64_t i = lo; i < hi; i++) {
        /* Lane values as vectors. Most rows are special in no lane: they
         * get broadcasts; only a special row goes through the scalar
         * arrays (per-lane stores a vector load cannot forward from; no
         * difference measurable through the noise on the benchmark, kept as
         * the simpler path for the common row). */
        K(vd) vpart[NV], vgoose[NV];
        K(vi) vten[NV], rk[NV];
        if (i >= nmin) {   /* a special of some lane: a few % of the rows */
            const double g0 = g->goose0[i];
            for (int b = 0; b < LB; b++) { part[b] = 0.0; goose[b] = g0; ten[b] = 0; }
            nmin = INT64_MAX;
            for (int b = 0; b < nb; b++) {
                if (nxt[b] == i) {
                    const specials *sp = &L->sp[b];
                    int64_t k = cur[b]++;
                    ten[b] = -(int64_t)sp->ten[k];
                    part[b] = sp->part[k];
                    goose[b] = sp->goose[k];
                    nxt[b] = sp->pos[cur[b]];
                }
                if (nxt[b] < nmin) nmin = nxt[b];
            }
            for (int h = 0; h < NV; h++) {
                vpart[h] = K(vld)(part + VW * h);
                vgoose[h] = K(vld)(goose + VW * h);
                vten[h] = K(vldi)(ten + VW * h);
            }
        } else {
            const K(vd) g0 = K(vs)(g->goose0[i]);
            for (int h = 0; h < NV; h++) {
                vpart[h] = K(vs)(0.0);
                vgoose[h] = g0;
                vten[h] = K(vsi)(0);
            }
        }
        if (pass == 2 && !g->vikor && g->count != 3 && !K(row_may_hit)(g, L, i, vpart, vgoose, thr)) continue;
        nfull++;
        K(evaluate)(g, L, i, vpart, vgoose, &o);
        for (int h = 0; h < NV; h++) rk[h] = ~vten[h] & ~o.ex[h];
        if (pass == 6) {   /* positions mode, baselines: every row of every lane (stream.c base_place) */
            for (int b = 0; b < nb; b++)
                if (!vten[b / VW][b % VW])
                    base_place(g, i, b, rk[b / VW][b % VW] != 0, o.v[CR_CRIT_GAP][b / VW][b % VW],
                               o.v[CR_CRIT_DENSITY][b / VW][b % VW], hcnt);
            continue;
        }
        if (pass >= 3) {
            K(ostats)(g, L, pass, rk, &o);
            continue;
        }
        if (pass == 1) {
            if (g->osum) K(ostats)(g, L, 1, rk, &o);
            for (int h = 0; h < NV; h++) {
                const K(vd) px = psign * o.v[g->crit[g->pcol]][h];
                const K(vi) up = rk[h] & (px > pbest[h]);
                pbest[h] = K(vsel)(up, px, pbest[h]);
                pidx[h] = (pidx[h] & ~up) | (K(vsi)(i) & up);
            }
            for (int h = 0; h < NV; h++) {
                K(vi) nt = ~vten[h];
                ncand[h] -= nt;
                nexcl[h] -= nt & o.ex[h];
                nrank[h] -= rk[h];
            }
            for (int c = 0; c < CR_NCRIT; c++)
                for (int h = 0; h < NV; h++) {
                    K(vd) x = o.v[c][h];
                    mn[c][h] = K(vsel)(rk[h] & (x < mn[c][h]), x, mn[c][h]);
                    mx[c][h] = K(vsel)(rk[h] & (x > mx[c][h]), x, mx[c][h]);
                    bad[h] |= rk[h] & ~((x >= 0) & (x < INFINITY));
                    if (g->sums) {   /* + 0.0 for unranked rows leaves a sum >= 0 unchanged */
                        su[c][h] += K(vsel)(rk[h], x, K(vs)(0.0));
                        sq[c][h] += K(vsel)(rk[h], x * x, K(vs)(0.0));
                        sr[c][h] += K(vsel)(rk[h], 1.0 / x, K(vs)(0.0));
                    }
                }
            continue;
        }
        /* pass 2: the row arithmetic of cr_mcda_wsm / cr_mcda_topsis /
         * cr_mcda_vikor (whose Q the heap keeps as -Q: higher is better, and
         * ties by id as in the materialised path's ascending order) */
        K(vd) sc[NV], dp[NV], dm[NV];
        for (int h = 0; h < NV; h++) sc[h] = dp[h] = dm[h] = K(vs)(0.0);
        if (g->vikor) {
            const K(vd) vv = K(vs)(g->v), vw = K(vs)(1 - g->v);
            for (int h = 0; h < NV; h++) {
                K(vd) S, R;
                K(vikor_sr)(g, L, &o, h, &S, &R);
                const K(vd) s0 = K(vld)(g->os->smin + VW * h), r0 = K(vld)(g->os->rmin + VW * h);
                const K(vd) q = K(ratio0)(vv * (S - s0), K(vld)(g->os->smax + VW * h) - s0) +
                                K(ratio0)(vw * (R - r0), K(vld)(g->os->rmax + VW * h) - r0);
                sc[h] = -q;
                if (vtr) {   /* the two best rows by (Q, position) and the best's S and R: the compromise */
                    const K(vi) m1 = rk[h] & (q < vtr[0][h]), m2 = rk[h] & ~m1 & (q < vtr[4][h]);
                    const K(vd) vi = K(vs)((double)i);
                    vtr[4][h] = K(vsel)(m1, vtr[0][h], K(vsel)(m2, q, vtr[4][h]));
                    vtr[5][h] = K(vsel)(m1, vtr[1][h], K(vsel)(m2, vi, vtr[5][h]));
                    vtr[0][h] = K(vsel)(m1, q, vtr[0][h]);
                    vtr[1][h] = K(vsel)(m1, vi, vtr[1][h]);
                    vtr[2][h] = K(vsel)(m1, S, vtr[2][h]);
                    vtr[3][h] = K(vsel)(m1, R, vtr[3][h]);
                }
            }
        } else {
            for (int c = 0; c < g->n; c++) {
                for (int h = 0; h < NV; h++) {
                    const K(vd) vv = K(colval)(L, c, h, o.v[g->crit[c]][h]);
                    if (g->wsm) {
                        sc[h] += vv;
                    } else {
                        K(vd) a = vv - K(vld)(L->pis[c] + VW * h), d = vv - K(vld)(L->nis[c] + VW * h);
                        dp[h] += a * a;
                        dm[h] += d * d;
                    }
                }
            }
        }
        /* Which lanes may enter their heap. TOPSIS: score = sm/(sm + sp) >=
         * thr <=> dm (1 - thr)^2 >= thr^2 dp for thr in [0, 1); the squared
         * test (with a relative margin far above rounding) skips the two
         * square roots and the division on nearly every row, and a row that
         * passes it is scored exactly below. */
        K(vi) hit[NV];
        int64_t any = 0;
        for (int h = 0; h < NV; h++) {
            K(vd) t = K(vld)(thr + VW * h);
            if (g->wsm || g->vikor) {
                hit[h] = rk[h] & (sc[h] >= t);
            } else {
                K(vd) u = K(vs)(1.0) - t;
                K(vi) sure = t <= 0;   /* empty heap, or a threshold at 0: every ranked row */
                hit[h] = rk[h] & (sure | (dm[h] * u * u * (1.0 + 1e-9) >= t * t * dp[h]));
            }
            if (g->count == 3) hit[h] = rk[h];   /* positions mode's key rows: every ranked lane, whatever its score */
            any |= K(vany)(hit[h]);
        }
        if (!any) continue;   /* the common case once the heaps are full */
        nhit++;
        for (int b = 0; b < nb; b++) {
            if (!hit[b / VW][b % VW]) continue;
            double score;
            if (g->wsm || g->vikor) {
                score = sc[b / VW][b % VW];
            } else {
                double spd = sqrt(dp[b / VW][b % VW]), smd = sqrt(dm[b / VW][b % VW]);
                score = spd + smd > 0 ? smd / (smd + spd) : 0.5;
            }
            if (score < thr[b]) continue;
            if (g->count == 1 || g->count == 2) {   /* sites: count the rows that rank before the focus row; positions: place the row */
                hent x;
                x.score = score;
                x.pos = i;
                if (g->count == 2) pos_place(g, b, &x, hcnt);
                else hcnt[b] += hbefore(g, &x, &g->focus[b]);
                continue;
            }
            hent *hp = heaps + (size_t)b * (size_t)g->top;
            hent x;
            x.score = score;
            x.pos = i;
            for (int c = 0; c < CR_NCRIT; c++) x.v[c] = o.v[c][b / VW][b % VW];
            hpush(g, hp, &hcnt[b], &x);
            if (hcnt[b] == g->top) thr[b] = hp[0].score;
        }
    }
    if (vtr)
        for (int q = 0; q < 6; q++)
            for (int h = 0; h < NV; h++) K(vst)(bst + q * LB + VW * h, vtr[q][h]);
    if (pass == 2) stats_add(hi - lo, nfull, nhit);
    if (pass == 1) {
        for (int c = 0; c < CR_NCRIT; c++)
            for (int h = 0; h < NV; h++) {
                K(vst)(bst + (c * ST_N + ST_MIN) * LB + VW * h, mn[c][h]);
                K(vst)(bst + (c * ST_N + ST_MAX) * LB + VW * h, mx[c][h]);
                K(vst)(bst + (c * ST_N + ST_SUM) * LB + VW * h, su[c][h]);
                K(vst)(bst + (c * ST_N + ST_SUMSQ) * LB + VW * h, sq[c][h]);
                K(vst)(bst + (c * ST_N + ST_SUMRECIP) * LB + VW * h, sr[c][h]);
            }
        for (int h = 0; h < NV; h++)
            for (int k = 0; k < VW; k++) {
                bcnt[CNT_CAND * LB + VW * h + k] = ncand[h][k];
                bcnt[CNT_EXCL * LB + VW * h + k] = nexcl[h][k];
                bcnt[CNT_RANK * LB + VW * h + k] = nrank[h][k];
                bcnt[CNT_BAD * LB + VW * h + k] = bad[h][k] != 0;
                bcnt[CNT_SEED * LB + VW * h + k] = pidx[h][k];
            }
    }
}


#undef NV
#undef VW
#undef K
#undef KATTR
