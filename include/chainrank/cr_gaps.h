/* Chain diagnosis of one park: the chain's panorama and current situation,
 * and its gap list split into 补链 (missing), 强链 (weak) and 延链 (extension).
 * Formulas and a worked example: docs/model.md, section "Chain diagnosis". */
#ifndef CR_GAPS_H
#define CR_GAPS_H

#include <chainrank/cr_model.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    CR_GAP_STRONG = 0,     /* covered and local supply >= strong_coverage x local demand (or no local demand) */
    CR_GAP_WEAK = 1,       /* covered, but supply short of local demand: 强链 */
    CR_GAP_MISSING = 2,    /* not covered, and local demand for it or a key link: 补链 */
    CR_GAP_EXTENSION = 3,  /* not covered, no local demand, buys from a covered segment: 延链 */
    CR_GAP_ABSENT = 4      /* not covered and not adjacent to anything covered */
} cr_gap_status;

typedef struct {
    double strong_coverage;        /* coverage at or above which a covered segment is strong; default 1 */
    double kind_weight[3];         /* priority weight of missing, weak, extension; default 1, 0.6, 0.3 */
} cr_gap_params;

CR_PUBLIC(void) cr_gap_params_default(cr_gap_params *p);

/* Struct-of-arrays, one row per member segment of the chain, in chain order. */
typedef struct {
    int32_t park, chain;
    int32_t n;                 /* members */
    int32_t *segment;          /* [n] segment index */
    int8_t *stage;             /* [n] cr_stage */
    uint8_t *key;              /* [n] key link */
    double *importance;        /* [n] from the model */
    double *supply;            /* [n] local supply X_s, 10^4 CNY/yr */
    double *demand;            /* [n] local demand D_s, 10^4 CNY/yr */
    double *coverage;          /* [n] X_s / D_s; NaN if D_s = 0 */
    int32_t *tenants;          /* [n] tenants with a share in s */
    int8_t *status;            /* [n] cr_gap_status */
    double *gap;               /* [n] gap volume G_s, 10^4 CNY/yr */
    double *priority;          /* [n] kind weight x importance; 0 for strong/absent */
    int32_t ngap;              /* rows in order[] */
    int32_t *order;            /* [ngap] gap rows: missing, then weak, then extension; within a kind by
                                  priority desc, gap desc, segment id asc */
    int32_t n_tenants;         /* tenants of the park (any chain) */
} cr_gaps;

/* Time: O(tenants x segments per tenant + chain edges). */
CR_PUBLIC(cr_error_t) cr_gaps_compute(cr_ctx *ctx, const cr_model *m, int32_t park, int32_t chain,
                                      const cr_gap_params *params, cr_gaps **out);
CR_PUBLIC(void) cr_gaps_free(cr_gaps *g);                     /* NULL ok */
/* The tenants behind g->tenants: for row i, the enterprises ent[off[i] ..
 * off[i+1]) (indices, ascending) with a share in segment i and a site in the
 * park. *off has g->n + 1 entries; free both with free(). For `gaps`, not the
 * ranking path. Time: O(enterprises + their segment shares). */
CR_PUBLIC(cr_error_t) cr_gaps_segment_tenants(cr_ctx *ctx, const cr_model *m, const cr_gaps *g, int64_t **off,
                                              int64_t **ent);
CR_PUBLIC(const char *) cr_gap_status_name(cr_gap_status s);   /* strong weak missing extension absent */
CR_PUBLIC(const char *) cr_gap_status_label(cr_gap_status s);  /* 强 弱 缺(补链) 延链 - */

#ifdef __cplusplus
}
#endif
#endif
