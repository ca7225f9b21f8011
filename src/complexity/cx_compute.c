/* Economic complexity on a locations x activities matrix: RCA, M, proximity,
 * density, ECI/PCI, COI/COG with py-ecomplexity's conventions (formulas and
 * the exact correspondence with its source: docs/complexity.md).
 *
 * Tuned for 3,000 locations x 153 activities with ~25% of cells present:
 * - proximity counts co-occurrences on bit sets (one 64-bit word per 64
 *   locations and activity): integers, so exact and order-free;
 * - density and the eigenproblem matrix walk a CSR list of the present
 *   activities of each location (sparse M), never the zeros;
 * - every parallel loop writes disjoint outputs and sums in a fixed order, so
 *   results are bitwise identical for any thread count. */
#include "core/core_internal.h"

#include <chainrank/cr_complexity.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define CX_POPCOUNT(x) ((unsigned)__builtin_popcountll(x))
#define CX_CTZ(x) ((size_t)__builtin_ctzll(x))
#else
static size_t cx_ctz(uint64_t x)
{
    size_t n = 0;
    for (; !(x & 1); x >>= 1) n++;
    return n;
}
#define CX_CTZ(x) cx_ctz(x)
static unsigned cx_popcount(uint64_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}
#define CX_POPCOUNT(x) cx_popcount(x)
#endif

void cr_cx_params_default(cr_cx_params *p)
{
    p->rca_threshold = 1.0;
    p->proximity_diagonal = CR_CX_DIAG_ONE;   /* py-ecomplexity: phi_pp = k_p/k_p (docs/complexity.md) */
    p->compute_indices = 1;
}

void cr_cx_result_free(cr_cx_result *r)
{
    if (!r) return;
    free(r->rca); free(r->m); free(r->proximity); free(r->density);
    free(r->diversity); free(r->ubiquity);
    free(r->eci); free(r->pci); free(r->coi); free(r->cog);
    free(r);
}

/* Hot kernels get an AVX2 (and POPCNT) clone chosen at load time by the
 * dynamic loader; the "default" clone is plain x86-64 (SSE2). Each clone
 * performs the same operations in the same order, so results do not depend
 * on the machine either. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define CX_CLONES __attribute__((target_clones("avx2", "default")))
#define CX_CLONES_POPCNT __attribute__((target_clones("popcnt", "default")))
#else
#define CX_CLONES
#define CX_CLONES_POPCNT
#endif

/* Scratch shared by the steps of one call; allocated once, before any loop. */
typedef struct {
    double *rowsum, *colsum;   /* [nloc], [nact] value totals */
    double *wshare;            /* [nact] colsum_p / total: the world share */
    uint64_t *bits;            /* [nact*nw] bit c of activity p: M_cp */
    size_t nw;                 /* 64-bit words per activity */
    uint64_t *word;            /* [nth*nact] per-thread bit accumulators */
    uint32_t *rl;              /* [nloc*nact] present activities of c at c*nact, ascending;
                                  diversity[c] of them (dense capacity: no prefix sum) */
    double *phisum;            /* [nact] sum_q phi_pq (density denominator) */
    double *w;                 /* [nact*nact] phi_p'p / phisum_p */
} cx_work;

static void work_free(cx_work *w)
{
    free(w->rowsum); free(w->colsum); free(w->wshare); free(w->bits); free(w->word);
    free(w->rl); free(w->phisum); free(w->w);
}

/* numpy's pairwise summation (pairwise_sum_DOUBLE: 8 accumulators, blocks of
 * 128), which np.sum/np.nansum use along a contiguous axis. Reproducing it
 * makes the row totals, hence RCA and the M_cp >= threshold decisions at the
 * boundary, bit-identical to py-ecomplexity's. */
static double pairwise_sum(const double *a, size_t n)
{
    if (n < 8) {
        double r = 0.0;
        for (size_t i = 0; i < n; i++) r += a[i];
        return r;
    }
    if (n <= 128) {
        double r[8];
        size_t i;
        for (int j = 0; j < 8; j++) r[j] = a[j];
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + (size_t)j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

/* Totals as numpy computes them in calculate_rca: row sums pairwise, column
 * sums row by row in order, world total pairwise over the column sums. */
/* Cells (locations x activities, plus activities^2) from which the steps run in parallel. */
enum { CX_PAR_CELLS = 1 << 22 };

static void step_sums(size_t nloc, size_t nact, const double *x, int nth, cx_work *w)
{
    long nl = (long)nloc;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long c = 0; c < nl; c++) w->rowsum[c] = pairwise_sum(x + (size_t)c * nact, nact);
    memset(w->colsum, 0, nact * sizeof *w->colsum);
    for (size_t c = 0; c < nloc; c++) {
        const double *row = x + c * nact;
        for (size_t p = 0; p < nact; p++) w->colsum[p] += row[p];
    }
    double total = pairwise_sum(w->colsum, nact);
    for (size_t p = 0; p < nact; p++) w->wshare[p] = w->colsum[p] / total;
}

/* One location: RCA_cp = (X_cp / rowsum_c) / (colsum_p / total), exactly
 * numpy's num / den; M_cp = RCA_cp >= thr (NaN compares false, as
 * nan_to_num then >= does); the list of present activities; bit c-c0 of
 * word[p]. Returns the diversity. */
CX_CLONES
static size_t rca_row(const double *restrict x, double rs, const double *restrict wshare,
                      double thr, size_t nact, double *restrict rca,
                      double *restrict m, uint32_t *restrict list, uint64_t *restrict word, unsigned bit)
{
    size_t k = 0;
    if (!(rs > 0.0)) {   /* dropped location */
        for (size_t p = 0; p < nact; p++) { rca[p] = NAN; m[p] = 0.0; }
        return 0;
    }
    /* A dropped activity has x = 0 and world share 0, so 0/0 = NaN here
     * without a branch (a branch would keep the divisions scalar). */
    for (size_t p = 0; p < nact; p++) rca[p] = (x[p] / rs) / wshare[p];
    for (size_t p = 0; p < nact; p++) m[p] = rca[p] >= thr ? 1.0 : 0.0;
    for (size_t p = 0; p < nact; p++) word[p] |= (uint64_t)(m[p] != 0.0) << bit;
    for (size_t p = 0; p < nact; p++) {   /* branch-free compaction */
        list[k] = (uint32_t)p;
        k += m[p] != 0.0;
    }
    return k;
}

/* RCA, M, diversity, present lists and bit sets, parallel over blocks of 64
 * locations so that each thread owns whole bit-set words. */
static void step_rca(size_t nloc, size_t nact, const double *x, double thr, int nth, cx_work *w,
                     cr_cx_result *r)
{
    size_t nw = w->nw;
    long nwl = (long)nw;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long wi = 0; wi < nwl; wi++) {
        uint64_t *word = w->word + (size_t)omp_get_thread_num() * nact;
        size_t c0 = (size_t)wi * 64, c1 = c0 + 64 < nloc ? c0 + 64 : nloc;
        memset(word, 0, nact * sizeof *word);
        for (size_t c = c0; c < c1; c++)
            r->diversity[c] = (double)rca_row(x + c * nact, w->rowsum[c], w->wshare, thr, nact,
                                              r->rca + c * nact, r->m + c * nact, w->rl + c * nact, word,
                                              (unsigned)(c - c0));
        for (size_t p = 0; p < nact; p++) w->bits[p * nw + (size_t)wi] = word[p];
    }
}

/* Co-occurrence C_pq for q > p and the proximity row, on bit sets. */
CX_CLONES_POPCNT
static void prox_row(size_t p, size_t nact, size_t nw, const uint64_t *restrict bits,
                     const double *restrict k, int diag, double *restrict phi)
{
    const uint64_t *bp = bits + p * nw;
    double kp = k[p];
    if (diag == CR_CX_DIAG_ONE) phi[p * nact + p] = kp > 0.0 ? 1.0 : 0.0;
    else phi[p * nact + p] = 0.0;
    for (size_t q = p + 1; q < nact; q++) {
        const uint64_t *bq = bits + q * nw;
        unsigned cnt = 0;
        for (size_t i = 0; i < nw; i++) cnt += (unsigned)__builtin_popcountll(bp[i] & bq[i]);
        double kq = k[q], kmax = kp > kq ? kp : kq;
        double v = kmax > 0.0 ? (double)cnt / kmax : 0.0;
        phi[p * nact + q] = v;   /* each cell written by exactly one thread */
        phi[q * nact + p] = v;
    }
}

/* Ubiquities and phi_pq = C_pq / max(k_p, k_q), C = M'M counted on bit sets.
 * py-ecomplexity computes min(C/k_q, C/k_p), which equals C/max(k_p,k_q)
 * bit for bit: correctly rounded division is monotone in the divisor. */
static void step_proximity(size_t nact, int diag, int nth, cx_work *w, cr_cx_result *r)
{
    size_t nw = w->nw;
    long na = (long)nact;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long p = 0; p < na; p++) {
        unsigned k = 0;
        for (size_t i = 0; i < nw; i++) k += CX_POPCOUNT(w->bits[(size_t)p * nw + i]);
        r->ubiquity[p] = (double)k;
    }
#pragma omp parallel for num_threads(nth) schedule(dynamic, 4)
    for (long p = 0; p < na; p++) prox_row((size_t)p, nact, nw, w->bits, r->ubiquity, diag, r->proximity);
}

/* Four doubles as one value (GCC/Clang vector extension): AVX2 registers
 * in the avx2 clone, pairs of SSE2 registers in the default one. The
 * unaligned variant lets rows of any length be loaded in place. */
typedef double cx_v4 __attribute__((vector_size(32)));
typedef double cx_v4u __attribute__((vector_size(32), aligned(8), may_alias));
enum { CX_NV = 8, CX_CHUNK = 4 * CX_NV };   /* 32 doubles kept in registers */

/* d[p] = sum over the k present activities j (ascending) of W[j][p]. The
 * row is done in register-sized chunks, each summing over the whole list,
 * so W is only read and d written once; per element the order of the sum
 * is the list order, whatever the chunking or the clone. */
CX_CLONES
static void density_row(double *restrict d, const double *restrict W, const uint32_t *restrict list,
                        size_t k, size_t nact)
{
    size_t p = 0;
    for (; p + CX_CHUNK <= nact; p += CX_CHUNK) {
        cx_v4 acc[CX_NV];
        for (int t = 0; t < CX_NV; t++) acc[t] = (cx_v4){0.0, 0.0, 0.0, 0.0};
        for (size_t j = 0; j < k; j++) {
            const cx_v4u *wr = (const cx_v4u *)(W + (size_t)list[j] * nact + p);
            for (int t = 0; t < CX_NV; t++) acc[t] += wr[t];
        }
        for (int t = 0; t < CX_NV; t++) *(cx_v4u *)(d + p + 4 * (size_t)t) = acc[t];
    }
    for (; p + 4 <= nact; p += 4) {
        cx_v4 acc = {0.0, 0.0, 0.0, 0.0};
        for (size_t j = 0; j < k; j++) acc += *(const cx_v4u *)(W + (size_t)list[j] * nact + p);
        *(cx_v4u *)(d + p) = acc;
    }
    for (; p < nact; p++) {
        double a = 0.0;
        for (size_t j = 0; j < k; j++) a += W[(size_t)list[j] * nact + p];
        d[p] = a;
    }
}

/* omega_cp = sum_p' M_cp' phi_pp' / sum_p' phi_pp', computed as
 * py-ecomplexity's calc_density: M @ (phi.T / rowsum(phi)). The weights are
 * divided once; each location then adds the weight rows of its present
 * activities. */
static void step_density(size_t nloc, size_t nact, int nth, cx_work *w, cr_cx_result *r)
{
    const double *phi = r->proximity;
    for (size_t p = 0; p < nact; p++) {
        double s = 0.0;
        for (size_t q = 0; q < nact; q++) s += phi[p * nact + q];
        w->phisum[p] = s;
    }
    long na = (long)nact;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long pl = 0; pl < na; pl++) {
        size_t pp = (size_t)pl;   /* row p' of W: W[p'][p] = phi[p][p'] / phisum[p] */
        for (size_t p = 0; p < nact; p++)
            w->w[pp * nact + p] = phi[p * nact + pp] / w->phisum[p];
    }
    long nl = (long)nloc;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long c = 0; c < nl; c++) {
        double *d = r->density + (size_t)c * nact;
        if (!(w->rowsum[c] > 0.0)) {
            for (size_t p = 0; p < nact; p++) d[p] = NAN;
            continue;
        }
        density_row(d, w->w, w->rl + (size_t)c * nact, (size_t)r->diversity[c], nact);
        /* numpy: 0 * NaN = NaN, so a column with no proximity mass is NaN
         * for every location, present activities or not. */
        for (size_t p = 0; p < nact; p++)
            if (!(w->phisum[p] > 0.0)) d[p] = NAN;
    }
}

static void fill_nan(double *a, size_t n)
{
    for (size_t i = 0; i < n; i++) a[i] = NAN;
}

/* Population mean and standard deviation (ddof 0, numpy's default) of the
 * finite entries of a; two passes in index order. Returns the count. */
static size_t mean_std(const double *a, size_t n, double *mean, double *sd)
{
    size_t k = 0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(a[i])) { s += a[i]; k++; }
    if (!k) { *mean = *sd = NAN; return 0; }
    double mu = s / (double)k, v = 0.0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(a[i])) v += (a[i] - mu) * (a[i] - mu);
    *mean = mu;
    *sd = sqrt(v / (double)k);
    return k;
}

/* ECI/PCI (eigenvector method), COI and COG; py-ecomplexity's calc_eci_pci,
 * calc_coi_cog and the normalisation in ecomplexity(). The activity matrix
 * Mpp = U^-1 M' D^-1 M is not symmetric, but S = U^(1/2) Mpp U^(-1/2) =
 * U^(-1/2) M' D^-1 M U^(-1/2) is, with the same eigenvalues; so GSL's
 * symmetric solver is used and kp = U^(-1/2) v. The scale of kp is irrelevant:
 * everything below is standardised by ECI's standard deviation. */
static cr_error_t step_indices(cr_ctx *ctx, size_t nloc, size_t nact, int nth, cx_work *w,
                               cr_cx_result *r)
{
    cr_error_t rc = CR_OK;
    size_t *amap = NULL, *aidx = NULL;
    size_t *cptr = NULL;
    uint32_t *crow = NULL;
    double *kp = NULL, *g = NULL, *gsum = NULL;
    gsl_matrix *S = NULL, *V = NULL;
    gsl_vector *ev = NULL;
    gsl_eigen_symmv_workspace *ws = NULL;

    fill_nan(r->eci, nloc);
    fill_nan(r->pci, nact);
    fill_nan(r->coi, nloc);
    fill_nan(r->cog, nloc * nact);
    r->eigenvalue = NAN;

    size_t nv = 0, na = 0;
    for (size_t c = 0; c < nloc; c++) nv += r->diversity[c] > 0.0;
    amap = cr__malloc(ctx, nact, sizeof *amap);
    aidx = cr__malloc(ctx, nact, sizeof *aidx);
    if (!amap || !aidx) { rc = CR_ENOMEM; goto done; }
    for (size_t p = 0; p < nact; p++) {
        amap[p] = SIZE_MAX;
        if (r->ubiquity[p] > 0.0) { amap[p] = na; aidx[na++] = p; }
    }
    if (nv < 2 || na < 2) goto done;   /* no second eigenvalue: all NaN */

    /* CSC of M over the valid activities: locations of each, ascending. */
    cptr = cr__malloc(ctx, na + 1, sizeof *cptr);
    size_t nnz = 0;
    for (size_t c = 0; c < nloc; c++) nnz += (size_t)r->diversity[c];
    crow = cr__malloc(ctx, nnz ? nnz : 1, sizeof *crow);
    kp = cr__malloc(ctx, nact, sizeof *kp);
    if (!cptr || !crow || !kp) { rc = CR_ENOMEM; goto done; }
    cptr[0] = 0;
    for (size_t a = 0; a < na; a++) cptr[a + 1] = cptr[a] + (size_t)r->ubiquity[aidx[a]];
    long nal = (long)na;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long a = 0; a < nal; a++) {
        const uint64_t *b = w->bits + aidx[a] * w->nw;
        size_t j = cptr[a];
        for (size_t i = 0; i < w->nw; i++)
            for (uint64_t word = b[i]; word; word &= word - 1)
                crow[j++] = (uint32_t)(i * 64 + CX_CTZ(word));
    }

    S = gsl_matrix_calloc(na, na);
    V = gsl_matrix_alloc(na, na);
    ev = gsl_vector_alloc(na);
    ws = gsl_eigen_symmv_alloc(na);
    if (!S || !V || !ev || !ws) { rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (eigenproblem %zu x %zu)", na, na); goto done; }

    /* S_ab = sum_c M_ca M_cb / k_c / sqrt(k_a k_b): row a sums over the
     * locations of a in ascending order, so S is exactly symmetric. */
#pragma omp parallel for num_threads(nth) schedule(dynamic, 4)
    for (long a = 0; a < nal; a++) {
        double *srow = gsl_matrix_ptr(S, (size_t)a, 0);
        for (size_t j = cptr[a]; j < cptr[a + 1]; j++) {
            size_t c = crow[j];
            double inv = 1.0 / r->diversity[c];
            const uint32_t *lst = w->rl + c * nact;
            for (size_t t = 0; t < (size_t)r->diversity[c]; t++) srow[amap[lst[t]]] += inv;
        }
        double ka = r->ubiquity[aidx[a]];
        for (size_t b = 0; b < na; b++) srow[b] /= sqrt(ka * r->ubiquity[aidx[b]]);
    }
    int gs = gsl_eigen_symmv(S, ev, V, ws);
    if (gs == GSL_SUCCESS) gs = gsl_eigen_symmv_sort(ev, V, GSL_EIGEN_SORT_VAL_DESC);
    if (gs != GSL_SUCCESS) { rc = cr_ctx_fail(ctx, CR_EDEP, "GSL eigen-decomposition failed: %s", gsl_strerror(gs)); goto done; }
    r->eigenvalue = gsl_vector_get(ev, 1);

    for (size_t p = 0; p < nact; p++) kp[p] = NAN;
    for (size_t a = 0; a < na; a++) kp[aidx[a]] = gsl_matrix_get(V, a, 1) / sqrt(r->ubiquity[aidx[a]]);
    /* kc = D^-1 M kp: an eigenvector of D^-1 M U^-1 M' for the same eigenvalue. */
    for (size_t c = 0; c < nloc; c++) {
        if (!(r->diversity[c] > 0.0)) continue;
        double s = 0.0;
        for (size_t t = 0; t < (size_t)r->diversity[c]; t++) s += kp[w->rl[c * nact + t]];
        r->eci[c] = s / r->diversity[c];
    }
    /* Sign: ECI must correlate positively with diversity (Pearson, over the
     * locations in the eigenproblem). A zero or undefined correlation leaves
     * the sign undefined: py-ecomplexity multiplies by sign() = 0 and ends in
     * NaN; so do we. */
    double md = 0.0, me = 0.0, sde = 0.0, sdd = 0.0, cov = 0.0;
    for (size_t c = 0; c < nloc; c++)
        if (isfinite(r->eci[c])) { md += r->diversity[c]; me += r->eci[c]; }
    md /= (double)nv; me /= (double)nv;
    for (size_t c = 0; c < nloc; c++)
        if (isfinite(r->eci[c])) {
            double a = r->diversity[c] - md, b = r->eci[c] - me;
            cov += a * b; sdd += a * a; sde += b * b;
        }
    double corr = cov / sqrt(sdd * sde);
    double sgn = corr > 0.0 ? 1.0 : corr < 0.0 ? -1.0 : NAN;
    if (isnan(sgn)) { fill_nan(r->eci, nloc); goto done; }
    for (size_t c = 0; c < nloc; c++) r->eci[c] *= sgn;   /* NaN stays NaN */
    for (size_t p = 0; p < nact; p++) kp[p] *= sgn;        /* raw PCI */
    double mu, sd;
    mean_std(r->eci, nloc, &mu, &sd);
    if (!(sd > 0.0)) { fill_nan(r->eci, nloc); goto done; }

    /* COI_c = sum_p omega_cp (1 - M_cp) PCIraw_p, then standardised. */
    for (size_t c = 0; c < nloc; c++) {
        if (!(w->rowsum[c] > 0.0)) continue;
        const double *d = r->density + c * nact, *m = r->m + c * nact;
        double s = 0.0;
        for (size_t p = 0; p < nact; p++)
            if (isfinite(kp[p]) && isfinite(d[p])) s += d[p] * (1.0 - m[p]) * kp[p];
        r->coi[c] = s;
    }
    /* COG_cp = (1 - M_cp) sum_p' (1 - M_cp') phi_p'p PCIraw_p' / sum_q phi_p'q,
     * divided by sd(ECIraw). With g_p'p = phi_p'p PCIraw_p' / phisum_p' the
     * inner sum is colsum(g)_p - sum over the present p' of g_p'p. */
    g = cr__calloc(ctx, nact * nact, sizeof *g);
    gsum = cr__calloc(ctx, nact, sizeof *gsum);
    if (!g || !gsum) { rc = CR_ENOMEM; goto done; }
    for (size_t pp = 0; pp < nact; pp++) {
        if (!isfinite(kp[pp]) || !(w->phisum[pp] > 0.0)) continue;   /* row stays 0 */
        double f = kp[pp] / w->phisum[pp];
        for (size_t p = 0; p < nact; p++) g[pp * nact + p] = r->proximity[pp * nact + p] * f;
    }
    for (size_t pp = 0; pp < nact; pp++)
        for (size_t p = 0; p < nact; p++) gsum[p] += g[pp * nact + p];
    long nl = (long)nloc;
#pragma omp parallel for num_threads(nth) schedule(static)
    for (long c = 0; c < nl; c++) {
        if (!(w->rowsum[c] > 0.0)) continue;
        double *out = r->cog + (size_t)c * nact;
        const double *m = r->m + (size_t)c * nact;
        for (size_t p = 0; p < nact; p++) out[p] = gsum[p];
        for (size_t t = 0; t < (size_t)r->diversity[c]; t++) {
            const double *gr = g + (size_t)w->rl[(size_t)c * nact + t] * nact;
            for (size_t p = 0; p < nact; p++) out[p] -= gr[p];
        }
        for (size_t p = 0; p < nact; p++)
            out[p] = w->colsum[p] > 0.0 ? (1.0 - m[p]) * out[p] / sd : NAN;
    }
    for (size_t p = 0; p < nact; p++) r->pci[p] = (kp[p] - mu) / sd;
    for (size_t c = 0; c < nloc; c++) r->eci[c] = (r->eci[c] - mu) / sd;
    double cmu, csd;
    mean_std(r->coi, nloc, &cmu, &csd);
    for (size_t c = 0; c < nloc; c++)
        r->coi[c] = csd > 0.0 ? (r->coi[c] - cmu) / csd : NAN;

done:
    free(amap); free(aidx); free(cptr); free(crow); free(kp); free(g); free(gsum);
    gsl_matrix_free(S); gsl_matrix_free(V); gsl_vector_free(ev);
    if (ws) gsl_eigen_symmv_free(ws);
    return rc;
}

cr_error_t cr_cx_compute(cr_ctx *ctx, size_t nloc, size_t nact, const double *values,
                         const cr_cx_params *params, cr_cx_result **out)
{
    cr_cx_params def;
    cx_work w;
    cr_cx_result *r = NULL;
    double *scaled = NULL;
    cr_error_t rc = CR_OK;

    memset(&w, 0, sizeof w);
    if (!out) return cr_ctx_fail(ctx, CR_EINVAL, "cr_cx_compute: out is NULL");
    *out = NULL;
    if (!params) { cr_cx_params_default(&def); params = &def; }
    if (nloc == 0 || nact == 0 || !values)
        return cr_ctx_fail(ctx, CR_EINVAL, "complexity: empty matrix (%zu locations x %zu activities)", nloc, nact);
    if (nact > UINT32_MAX || nloc > UINT32_MAX || nloc > SIZE_MAX / nact / sizeof(double) ||
        nact > SIZE_MAX / nact / sizeof(double))
        return cr_ctx_fail(ctx, CR_EINVAL, "complexity: matrix too large (%zu x %zu)", nloc, nact);
    if (!isfinite(params->rca_threshold) || params->rca_threshold < 0.0)
        return cr_ctx_fail(ctx, CR_EINVAL, "complexity: rca_threshold must be finite and >= 0, got %g", params->rca_threshold);
    if (params->proximity_diagonal != CR_CX_DIAG_ZERO && params->proximity_diagonal != CR_CX_DIAG_ONE)
        return cr_ctx_fail(ctx, CR_EINVAL, "complexity: proximity_diagonal must be 0 (zero) or 1 (one), got %d", params->proximity_diagonal);
    size_t n = nloc * nact;
    for (size_t i = 0; i < n; i++)   /* lowest index first: same message always */
        if (!isfinite(values[i]) || values[i] < 0.0)
            return cr_ctx_fail(ctx, CR_EINVAL, "complexity: value at location %zu, activity %zu is %g; values must be finite and >= 0",
                               i / nact, i % nact, values[i]);

    r = cr__calloc(ctx, 1, sizeof *r);
    if (!r) return CR_ENOMEM;
    r->nloc = nloc;
    r->nact = nact;
    r->eigenvalue = NAN;
    r->rca = cr__malloc(ctx, n, sizeof(double));
    r->m = cr__malloc(ctx, n, sizeof(double));
    r->proximity = cr__malloc(ctx, nact * nact, sizeof(double));
    r->density = cr__malloc(ctx, n, sizeof(double));
    r->diversity = cr__malloc(ctx, nloc, sizeof(double));
    r->ubiquity = cr__malloc(ctx, nact, sizeof(double));
    w.nw = (nloc + 63) / 64;
    w.rowsum = cr__malloc(ctx, nloc, sizeof *w.rowsum);
    w.colsum = cr__malloc(ctx, nact, sizeof *w.colsum);
    w.bits = cr__malloc(ctx, nact * w.nw, sizeof *w.bits);
    w.wshare = cr__malloc(ctx, nact, sizeof *w.wshare);
    w.rl = cr__malloc(ctx, n, sizeof *w.rl);
    w.phisum = cr__malloc(ctx, nact, sizeof *w.phisum);
    w.w = cr__malloc(ctx, nact * nact, sizeof *w.w);
    if (!r->rca || !r->m || !r->proximity || !r->density || !r->diversity || !r->ubiquity ||
        !w.rowsum || !w.colsum || !w.bits || !w.wshare || !w.rl || !w.phisum || !w.w) { rc = CR_ENOMEM; goto fail; }
    if (params->compute_indices) {
        r->eci = cr__malloc(ctx, nloc, sizeof(double));
        r->pci = cr__malloc(ctx, nact, sizeof(double));
        r->coi = cr__malloc(ctx, nloc, sizeof(double));
        r->cog = cr__malloc(ctx, n, sizeof(double));
        if (!r->eci || !r->pci || !r->coi || !r->cog) { rc = CR_ENOMEM; goto fail; }
    }

    /* RCA is invariant under scaling the whole matrix, and scaling by a power
     * of two is exact (above the subnormal range), so values whose totals
     * would overflow (values near 1e308: every RCA became NaN -> null, exit 0,
     * issue 18 §1.9) are computed as values * 2^-k with max < 1, total <= n:
     * the same RCA bits as exact arithmetic would give. Only such inputs pay
     * for the copy; values below 2^-1022 * 2^k may lose low bits. */
    double vmax = 0.0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > vmax) vmax = values[i];
    if (vmax > DBL_MAX / (double)n) {
        scaled = cr__malloc(ctx, n, sizeof *scaled);
        if (!scaled) { rc = CR_ENOMEM; goto fail; }
        double f = ldexp(1.0, -(ilogb(vmax) + 1));
        for (size_t i = 0; i < n; i++) scaled[i] = values[i] * f;
        values = scaled;
    }
    /* Threads only where they pay for themselves (issue 19): each step is
     * a parallel region, and with another process on the other core a
     * region waits for its second thread's time slice (milliseconds, each
     * time), so on a busy 2-core machine a small matrix on 2 threads took
     * 15x its 1-thread time. Below CX_PAR_CELLS cells (a few ms of work on
     * one thread: 3,000 x 153 takes 2.7 ms; the proximity matrix, nact^2,
     * counted too) every region runs on the calling
     * thread. The result does not depend on the thread count either way. */
    int nth = n + nact * nact >= CX_PAR_CELLS ? cr__nthreads(ctx) : 1;
    w.word = cr__malloc(ctx, (size_t)nth * nact, sizeof *w.word);
    if (!w.word) { rc = CR_ENOMEM; goto fail; }
    step_sums(nloc, nact, values, nth, &w);
    step_rca(nloc, nact, values, params->rca_threshold, nth, &w, r);
    step_proximity(nact, params->proximity_diagonal, nth, &w, r);
    step_density(nloc, nact, nth, &w, r);
    if (params->compute_indices && (rc = step_indices(ctx, nloc, nact, nth, &w, r)) != CR_OK) goto fail;

    work_free(&w);
    free(scaled);
    *out = r;
    return CR_OK;
fail:
    work_free(&w);
    free(scaled);
    cr_cx_result_free(r);
    return rc;
}
