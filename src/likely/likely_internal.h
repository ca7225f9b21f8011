/* Internals of the landing-likelihood model (src/likely/). */
#ifndef CR_LIKELY_INTERNAL_H
#define CR_LIKELY_INTERNAL_H

#include <chainrank/cr_likely.h>
#include "core/core_internal.h"

struct cr_likely_model {
    int nfeat;                          /* CR_LK_NFEAT; a file must list exactly these features */
    double mean[CR_LK_NFEAT], sd[CR_LK_NFEAT];
    double beta[CR_LK_NFEAT + 1];       /* intercept (prior-corrected), then standardised coefficients */
    double se[CR_LK_NFEAT + 1];
    double loglik, loglik_null, pseudo_r2;
    int iterations, converged;
    double ridge, neg_rate;
    int32_t cutoff;
    int from_year, to_year;
    int64_t n_events, n_pairs;
    char *source;
};

#endif
