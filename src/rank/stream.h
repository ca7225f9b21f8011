/* The streaming, park-blocked fast path of the ranking engine (stream.c). */
#ifndef CR_RANK_STREAM_H
#define CR_RANK_STREAM_H

#include "rank/rank_internal.h"

/* Parks evaluated together in one sweep over a chain's candidates. */
#define CR__LANES 8
/* Largest top-N the fast path keeps in its per-lane heaps; above it (or for
 * "all rows") the materialised path ranks every row anyway. */
#define CR__STREAM_MAXTOP 100000

typedef struct cr__stream_ws cr__stream_ws;

/* Per-thread workspace: O(enterprises + segments + blocks), reused by every
 * group; the partner pair buffers, special lists and heaps grow on demand. */
cr_error_t cr__stream_ws_new(cr_ctx *ctx, const cr_ranker *r, cr__stream_ws **out);
void cr__stream_ws_free(cr__stream_ws *w);

/* Kernel instance: 0 the baseline (SSE2, 2 lanes a vector), 1 AVX2 (4).
 * The workspace picks the widest the CPU has; tests force each to check
 * they agree bit for bit. Returns 1 if the request was granted. */
int cr__stream_ws_set_isa(cr__stream_ws *w, int isa);

/* 1 if (scheme, opts) can use the fast path: every criterion the scheme
 * aggregates is computed by the kernel (streamed in the criteria table,
 * criteria.h), WSM, TOPSIS or VIKOR with given, AHP, equal, entropy, CRITIC
 * or std weights, no expected value or candidate-pool rule, no excluded
 * list, no matrix, and a top-N in 1..CR__STREAM_MAXTOP. */
int cr__stream_eligible(const cr_scheme *s, const cr_rank_opts *o);

/* Ranks parks[0..nb) (nb <= CR__LANES) for one chain under one eligible
 * scheme; res[b] receives park b's result (NULL on failure). Each result is
 * what cr_rank_park gives for that park alone, for any nthreads. */
cr_error_t cr__stream_group(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                            const int32_t *parks, int nb, const cr_rank_opts *opts, int nthreads,
                            cr_rank_result **res);

/* Sites: the row of the candidate at position fpos of the chain in each park
 * of the group (res[b]: nrows 0 or 1, the same score and values as its row in
 * cr__stream_group's list) and its place among the park's ranked rows
 * (place[b], 1-based; 0 where it is not ranked, or 1 where it is when
 * want_place = 0, which skips the counting sweep). Same cost as pass 1 plus a
 * pass 2 whose threshold is that row's score; no heap. */
cr_error_t cr__stream_focus(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                            const int32_t *parks, int nb, int64_t fpos, int nthreads, cr_rank_result **res,
                            int64_t *place, int want_place);

/* Positions mode (the backtest's positions route, cr_eval_backtest,
 * docs/compare.md section 3): for each lane b, the "keys" kpos[b][0..nk[b])
 * (candidate positions of the chain, ascending, distinct; the park's relevant
 * candidates) and the common set: candidates not a tenant and not excluded
 * under `hard`, the OR of the compared schemes' hard flags (exclusions are
 * an OR of conditions, so that is the set every scheme ranks).
 * baseline = 1 (s: scheme 0, whose gap kind weights decide the sign of the
 * gap): common[b][j] (1 if key j is common), and for the common keys ci (the
 * key's index in the common set, ascending enterprise index), psec and pden
 * (0-based positions in the sector_size and density orders among the common
 * set); m[b] common candidates, ncand[b] candidates not a tenant.
 * baseline = 0: every key must be common (else CR_EINTERNAL); pos[b][j], the
 * key's 0-based position among the common set in s's order (score by its
 * direction, then enterprise id: the ranked lists' order).
 * Output arrays are the caller's, nk[b] entries each. */
typedef struct {
    int baseline;
    int hard[CR_RANK_NRES];
    int64_t nk[CR__LANES];
    const int64_t *kpos[CR__LANES];
    int64_t *pos[CR__LANES], *ci[CR__LANES], *psec[CR__LANES], *pden[CR__LANES];
    uint8_t *common[CR__LANES];
    int64_t m[CR__LANES], ncand[CR__LANES];
} cr__stream_posq;

cr_error_t cr__stream_positions(cr_ctx *ctx, cr__stream_ws *w, const cr_ranker *r, const cr_scheme *s, int32_t chain,
                                const int32_t *parks, int nb, int nthreads, cr__stream_posq *q);

/* Pass 2 rows since the process started: [0] swept, [1] past the cheap
 * test (row_may_hit; the rest were skipped by the bounds), [2] scored
 * exactly. For benchmarks (bench_batch). */
void cr__stream_stats(uint64_t out[3]);

#endif
