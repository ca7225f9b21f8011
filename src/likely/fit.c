/* Fitting the landing-likelihood logit on past events (docs/likelihood.md
 * "Fit").
 *
 * For every training year y, every (e, p) with e in the year's population
 * and p a park e is not yet a tenant of is a case: 1 if e opened a plant in
 * p in year y, else 0. Those cases are ~1 in 10^4 positive, so every event
 * is kept and non-events are kept with probability neg_rate by a hash of
 * (seed, e, p, y) - the same cases on every run and thread count -, which
 * is case-control sampling of the non-events: the slopes are unbiased and
 * the intercept is corrected by ln(kept / all non-events) (King & Zeng 2001, the "prior
 * correction"). Features are standardised by the kept cases' mean and
 * standard deviation, so the ridge penalty treats them alike. Serial: the
 * fit is O(cases x features^2) on ~10^5 cases. */
#include "likely/likely_internal.h"
#include "likely/events.h"
#include "data/dataset.h"
#include <chainrank/cr_fit.h>
#include <chainrank/cr_backtest.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr_likely_fit_opts_default(cr_likely_fit_opts *o)
{
    memset(o, 0, sizeof *o);
    o->cutoff = INT32_MAX;
    o->from_year = 2013;
    o->source = "apple-supplier-list";
    o->ridge = 1.0;
    o->neg_rate = 0.05;
    o->seed = 1;
}

/* Deterministic keep/drop of a non-event case. */
static int keep_case(uint64_t seed, int64_t e, int32_t p, int year, double rate)
{
    uint64_t st = seed ^ ((uint64_t)e * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(uint32_t)p * 0xC2B2AE3D27D4EB4Full) ^
                  ((uint64_t)(uint32_t)year * 0x165667B19E3779F9ull);
    uint64_t u = cr_bt_splitmix64(&st);
    return (double)(u >> 11) * 0x1.0p-53 < rate;
}

void cr_likely_model_free(cr_likely_model *m)
{
    if (!m) return;
    free(m->source);
    free(m);
}

static cr_error_t fail(cr_ctx *ctx, cr_error_t code, const char *msg)
{
    return cr_ctx_fail(ctx, code, "likelihood fit: %s", msg);
}

cr_error_t cr_likely_fit_rankers(cr_ctx *ctx, const cr_ranker *const *rankers, const int *years, int nyears,
                                 const cr_likely_fit_opts *opts, cr_likely_model **out)
{
    cr_likely_fit_opts o;
    if (!opts) { cr_likely_fit_opts_default(&o); opts = &o; }
    *out = NULL;
    if (nyears < 1) return fail(ctx, CR_EINVAL, "no training year before the cutoff");
    if (!(opts->neg_rate > 0 && opts->neg_rate <= 1)) return fail(ctx, CR_EINVAL, "neg_rate must be in (0, 1]");
    if (!(opts->ridge >= 0) || !isfinite(opts->ridge)) return fail(ctx, CR_EINVAL, "ridge must be >= 0");
    const cr_dataset *ds = cr_ranker_dataset(rankers[0]);
    const int K = CR_LK_NFEAT, KC = CR_LK_NFEAT + 1;
    int32_t src = cr__strtab_find(&ds->sources, opts->source, strlen(opts->source));

    cr_error_t rc = CR_OK;
    uint8_t *pop = cr__malloc(ctx, (size_t)ds->nent + 1, 1);
    double *X = NULL, *y = NULL;
    size_t n = 0, cap = 0, capy = 0;
    int64_t nev = 0, n0_all = 0;
    cr__lk_event *ev = NULL;
    cr_logit_result *fit = NULL;
    cr_likely_model *m = NULL;
    if (!pop) return CR_ENOMEM;

    for (int i = 0; i < nyears && rc == CR_OK; i++) {
        const cr_ranker *r = rankers[i];
        size_t nyev = 0;
        free(ev);
        ev = NULL;
        if ((rc = cr__lk_year_events(ctx, r, ds, src, years[i], pop, &ev, &nyev)) != CR_OK) break;
        nev += (int64_t)nyev;
        double x[CR_LK_NFEAT];
        for (int64_t e = 0; e < ds->nent && rc == CR_OK; e++) {
            if (!pop[e]) continue;
            for (int32_t p = 0; p < ds->npark; p++) {
                if (cr_ranker_is_tenant(r, e, p)) continue;
                int hit = cr__lk_is_event(ev, nyev, e, p);
                n0_all += !hit;
                if (!hit && !keep_case(opts->seed, e, p, years[i], opts->neg_rate)) continue;
                if (cr__grow(ctx, (void **)&X, &cap, (n + 1) * (size_t)KC, sizeof *X) != CR_OK ||
                    cr__grow(ctx, (void **)&y, &capy, n + 1, sizeof *y) != CR_OK) {
                    rc = CR_ENOMEM;
                    break;
                }
                cr_likely_features(r, e, p, x, NULL);
                X[n * (size_t)KC] = 1.0;
                memcpy(X + n * (size_t)KC + 1, x, sizeof x);
                y[n] = hit ? 1.0 : 0.0;
                n++;
            }
        }
    }
    if (rc != CR_OK) goto done;
    if (nev == 0) { rc = fail(ctx, CR_EINVAL, "no events of the source before the cutoff"); goto done; }
    if (n <= (size_t)nev) { rc = fail(ctx, CR_EINVAL, "no non-event cases"); goto done; }

    m = cr__calloc(ctx, 1, sizeof *m);
    if (!m) { rc = CR_ENOMEM; goto done; }
    m->nfeat = K;
    /* standardise: mean and (population) sd over the kept cases; a constant
     * column gets sd 1 (its coefficient is then 0 under the ridge) */
    for (int j = 0; j < K; j++) {
        double s = 0, ss = 0;
        size_t c = 0;
        for (size_t i = 0; i < n; i++) {
            double v = X[i * (size_t)KC + 1 + (size_t)j];
            if (isnan(v)) continue;
            s += v;
            c++;
        }
        double mu = c ? s / (double)c : 0.0;
        for (size_t i = 0; i < n; i++) {
            double v = X[i * (size_t)KC + 1 + (size_t)j];
            if (isnan(v)) continue;
            ss += (v - mu) * (v - mu);
        }
        double sd = c ? sqrt(ss / (double)c) : 1.0;
        if (!(sd > 1e-12)) sd = 1.0;
        m->mean[j] = mu;
        m->sd[j] = sd;
        /* a missing value (NaN: not observed) is the mean, z = 0 */
        for (size_t i = 0; i < n; i++) {
            double *v = &X[i * (size_t)KC + 1 + (size_t)j];
            *v = isnan(*v) ? 0.0 : (*v - mu) / sd;
        }
    }
    cr_logit_opts lo;
    cr_logit_opts_default(&lo);
    lo.ridge = opts->ridge;
    if ((rc = cr_logit_fit(ctx, X, y, NULL, n, KC, 0, &lo, &fit)) != CR_OK) goto done;
    for (int j = 0; j < KC; j++) {
        m->beta[j] = fit->beta[j];
        m->se[j] = fit->se[j];
    }
    /* prior correction: the odds of a kept case were (all non-events / kept
     * non-events) times the population's; the realised fraction, not the
     * nominal rate, so the shift is exact for the cases drawn */
    m->beta[0] += log((double)(n - (size_t)nev) / (double)n0_all);
    m->loglik = fit->loglik;
    m->loglik_null = fit->loglik_null;
    m->pseudo_r2 = fit->pseudo_r2;
    m->iterations = fit->iterations;
    m->converged = fit->converged;
    m->ridge = opts->ridge;
    m->neg_rate = opts->neg_rate;
    m->cutoff = opts->cutoff;
    m->from_year = years[0];
    m->to_year = years[nyears - 1];
    m->n_events = nev;
    m->n_pairs = (int64_t)n;
    m->source = cr__strdup(ctx, opts->source);
    if (!m->source) { rc = CR_ENOMEM; goto done; }
    *out = m;
    m = NULL;
done:
    cr_likely_model_free(m);
    cr_logit_result_free(fit);
    free(pop);
    free(X);
    free(y);
    free(ev);
    return rc;
}

cr_error_t cr_likely_fit(cr_ctx *ctx, const cr_model *model, const cr_likely_fit_opts *opts, cr_likely_model **out)
{
    cr_likely_fit_opts o;
    if (!opts) { cr_likely_fit_opts_default(&o); opts = &o; }
    *out = NULL;
    int last = opts->cutoff == INT32_MAX ? 9999 : cr__lk_year_of(opts->cutoff - 1);
    if (opts->cutoff == INT32_MAX) {
        /* no cutoff: every year with events of the source */
        const cr_dataset *ds = cr_model_dataset(model);
        int32_t src = cr__strtab_find(&ds->sources, opts->source, strlen(opts->source));
        last = opts->from_year - 1;
        for (int64_t h = 0; h < ds->nhist; h++)
            if (ds->hist_source[h] == src && cr__lk_year_of(ds->hist_date[h]) > last)
                last = cr__lk_year_of(ds->hist_date[h]);
    }
    int ny = last - opts->from_year + 1;
    if (ny < 1 || ny > 200) return fail(ctx, CR_EINVAL, "no training year between from_year and the cutoff");
    cr_ranker **rk = cr__calloc(ctx, (size_t)ny, sizeof *rk);
    int *years = cr__calloc(ctx, (size_t)ny, sizeof *years);
    cr_error_t rc = rk && years ? CR_OK : CR_ENOMEM;
    for (int i = 0; i < ny && rc == CR_OK; i++) {
        years[i] = opts->from_year + i;
        rc = cr_ranker_new_as_of(ctx, model, cr__lk_jan1(years[i]), &rk[i]);
    }
    if (rc == CR_OK) rc = cr_likely_fit_rankers(ctx, (const cr_ranker *const *)rk, years, ny, opts, out);
    for (int i = 0; rk && i < ny; i++) cr_ranker_free(rk[i]);
    free(rk);
    free(years);
    return rc;
}

double cr_likely_model_eta(const cr_likely_model *m, const double *x)
{
    double eta = m->beta[0];
    for (int j = 0; j < m->nfeat; j++)
        if (!isnan(x[j])) eta += m->beta[j + 1] * ((x[j] - m->mean[j]) / m->sd[j]);   /* missing: the mean, z = 0 */
    return eta;
}

double cr_likely_model_prob(const cr_likely_model *m, const double *x)
{
    double eta = cr_likely_model_eta(m, x);
    /* stable logistic: never exp of a large positive number */
    if (eta >= 0) return 1.0 / (1.0 + exp(-eta));
    double z = exp(eta);
    return z / (1.0 + z);
}

void cr_likely_model_get_info(const cr_likely_model *m, cr_likely_model_info *info)
{
    memset(info, 0, sizeof *info);
    info->nfeat = m->nfeat;
    info->mean = m->mean;
    info->sd = m->sd;
    info->beta = m->beta;
    info->se = m->se;
    info->loglik = m->loglik;
    info->loglik_null = m->loglik_null;
    info->pseudo_r2 = m->pseudo_r2;
    info->iterations = m->iterations;
    info->converged = m->converged;
    info->ridge = m->ridge;
    info->neg_rate = m->neg_rate;
    info->cutoff = m->cutoff;
    info->from_year = m->from_year;
    info->to_year = m->to_year;
    info->n_events = m->n_events;
    info->n_pairs = m->n_pairs;
    info->source = m->source;
}
