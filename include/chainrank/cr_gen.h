/* chainrank synthetic dataset generator: writes a complete dataset folder
 * (docs/data-format.md) of national scale, deterministic for a seed.
 * The model (every distribution, the history preference model and its
 * coefficients) is documented in docs/generator.md. */
#ifndef CR_GEN_H
#define CR_GEN_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Chains beyond the 3 templates are perturbed copies; a chain set is a 64-bit
 * mask in the history model, hence the cap. */
#define CR_GEN_MAX_CHAINS 64u
/* n_history value meaning "n_enterprises / 100". */
#define CR_GEN_AUTO UINT64_MAX

/* Progress report, called on the calling thread between blocks only.
 * stage is "chains", "parks", "enterprises", "links" or "history". */
typedef void (*cr_gen_progress_fn)(void *user, const char *stage, uint64_t done, uint64_t total);

typedef struct {
    uint64_t n_enterprises;    /* >= 1, < 2^30 */
    uint64_t n_links;          /* rows of links.csv; may be 0 */
    uint64_t n_history;        /* rows of history.csv; CR_GEN_AUTO = n_enterprises/100 */
    uint32_t n_parks;          /* >= 1, <= 10^6 */
    uint32_t n_chains;         /* 1..CR_GEN_MAX_CHAINS */
    uint64_t seed;             /* any value; same seed -> same bytes */
    double tenant_share;       /* [0,1] target share of enterprises sitting in a park; default 0.3 */
    int overwrite;             /* non-zero: write into a non-empty out_dir */
    cr_gen_progress_fn progress;   /* NULL ok */
    void *progress_user;
} cr_gen_params;

/* What was written (for the caller's summary). */
typedef struct {
    uint64_t bytes;            /* total over the six files */
    uint64_t n_tenants;        /* enterprises with a park */
    uint64_t n_history;        /* rows of history.csv */
    uint32_t n_segments;       /* segments in chains.json */
    uint32_t n_edges;          /* chain edges over all chains */
} cr_gen_stats;

/* Defaults: 10,000 enterprises, 100 parks, 3 chains, 30,000 links, history
 * CR_GEN_AUTO, seed 1, tenant_share 0.3, overwrite 0, no progress callback. */
CR_PUBLIC(void) cr_gen_params_default(cr_gen_params *p);

/**
 * cr_gen_write - generate a dataset into out_dir.
 * out_dir is created (one level) if missing. Every file is written under a
 * temporary name and renamed only when all six are complete (dataset.json
 * last), so a failure never leaves a half-written file under a final name.
 * Output bytes depend only on p (not on the thread count of ctx).
 * Returns CR_EINVAL for bad parameters, CR_EREFUSED if out_dir is not empty
 * and p->overwrite is 0, CR_EIO if out_dir or a file cannot be written,
 * CR_ENOMEM, CR_EDEP (GSL). stats may be NULL.
 * Memory: O(n_parks * segments + n_enterprises) (about 40 bytes per
 * enterprise), independent of the file sizes.
 * Time complexity: O(N + L + H * P) (H history choices over P parks).
 */
CR_PUBLIC(cr_error_t) cr_gen_write(cr_ctx *ctx, const cr_gen_params *p, const char *out_dir,
                                   cr_gen_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
