/* cr_rank_sites: one enterprise's row in many parks' ranked lists
 * (include/chainrank/cr_alloc.h, docs/allocate.md "sites").
 *
 * A row's score is normalised over the park's candidates, so each park is
 * ranked in full; what is skipped is everything rank does after the scores:
 * the bounded heap, the sort, the other rows. On the streaming path
 * (stream.c cr__stream_focus) that is pass 1 for up to 8 parks in one sweep,
 * then the one row, then a counting sweep for its place; on the materialised
 * path (score.c with w->focus) the job as rank runs it, then an O(ranked)
 * count. The path is the one cr_rank_park takes for the scheme (with any
 * --top in 1..CR__STREAM_MAXTOP), so the row has the same bits as rank's.
 *
 * Threads: parks (groups of 8 on the streaming path) are spread over
 * threads, each job single-threaded and writing its own slots, when there
 * are at least as many as threads; otherwise one at a time with every thread
 * inside. Either way each row is the job's own result: the same for any
 * thread count. */
#include <chainrank/cr_alloc.h>

#include "rank/score.h"
#include "rank/stream.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

/* Position of e among chain k's candidates (index order), -1 if none. */
static int64_t cand_pos(const cr_ranker *r, int32_t k, int64_t e)
{
    const int64_t *c = r->cand + r->cand_off[k];
    int64_t a = 0, b = r->cand_off[k + 1] - r->cand_off[k];
    while (a < b) {
        int64_t m = a + (b - a) / 2;
        if (c[m] < e) a = m + 1; else b = m;
    }
    return a < r->cand_off[k + 1] - r->cand_off[k] && c[a] == e ? a : -1;
}

static void row_from(cr_sites_row *row, const cr_rank_result *res, int64_t place)
{
    row->ncand = res->ncand;
    row->nranked = res->nranked;
    row->higher_is_better = res->higher_is_better;
    if (res->nrows == 1) {
        row->state = CR_SITES_RANKED;
        row->score = res->score[0];
        memcpy(row->value, res->value, sizeof row->value);
        row->place = place;
    }
}

typedef struct {
    cr_ctx *ctx;
    cr__stream_ws *sw;
    cr__score_ws w;
    int have_w;
} worker;

/* Job j: group j of 8 parks (stream) or park j (materialised). */
static cr_error_t run_job(worker *wk, const cr_ranker *r, int64_t e, int64_t fpos, int32_t k, const cr_scheme *s,
                          int fast, const int32_t *parks, size_t nparks, size_t j, int nthreads, int want_place,
                          cr_sites_row *rows)
{
    if (fast) {
        if (!wk->sw) CR_CHECK(cr__stream_ws_new(wk->ctx, r, &wk->sw));
        size_t lo = j * CR__LANES, nb = nparks - lo < CR__LANES ? nparks - lo : CR__LANES;
        cr_rank_result *res[CR__LANES];
        int64_t place[CR__LANES];
        CR_CHECK(cr__stream_focus(wk->ctx, wk->sw, r, s, k, parks + lo, (int)nb, fpos, nthreads, res, place, want_place));
        for (size_t b = 0; b < nb; b++) {
            row_from(&rows[lo + b], res[b], want_place ? place[b] : 0);
            cr_rank_result_free(res[b]);
        }
        return CR_OK;
    }
    if (!wk->have_w) {
        CR_CHECK(cr__score_ws_init(wk->ctx, &wk->w, r));
        wk->have_w = 1;
        wk->w.focus = e;
        wk->w.focus_place = want_place;
    }
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    cr_rank_result *res = NULL;
    CR_CHECK(cr__score_job(&wk->w, r, parks[j], k, s, &o, nthreads, &res));
    row_from(&rows[j], res, want_place ? wk->w.focus_pos : 0);
    cr_rank_result_free(res);
    return CR_OK;
}

cr_error_t cr_rank_sites(cr_ctx *ctx, const cr_ranker *r, int64_t e, int32_t k, const cr_scheme *s,
                         const int32_t *parks, size_t nparks, int want_place, cr_sites_row *rows)
{
    const cr_dataset *ds = r->ds;
    if (e < 0 || e >= ds->nent) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no enterprise with index %lld", (long long)e);
    for (size_t i = 0; i < nparks; i++) CR_CHECK(cr__rank_check_job(ctx, r, parks[i], k));
    const int64_t fpos = cand_pos(r, k, e);
    if (fpos < 0)
        return cr_ctx_fail(ctx, CR_EINVAL, "enterprise %s has no segment in chain %s: it is no candidate of it",
                           cr_dataset_enterprise_id(ds, e), cr_dataset_chain_id(ds, k));
    for (size_t i = 0; i < nparks; i++) {
        cr_sites_row *row = &rows[i];
        memset(row, 0, sizeof *row);
        row->park = parks[i];
        row->score = NAN;
        for (int c = 0; c < CR_NCRIT; c++) row->value[c] = NAN;
        row->state = CR_SITES_EXCLUDED;
    }
    if (nparks == 0) return CR_OK;
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    const int fast = cr__stream_eligible(s, &o);
    const size_t njobs = fast ? (nparks + CR__LANES - 1) / CR__LANES : nparks;
    const int nt = cr__nthreads(ctx);
    const int outer = nt > 1 && njobs >= (size_t)nt;   /* jobs over threads, else threads inside each job */
    const int nw = outer ? nt : 1;
    worker *wk = cr__calloc(ctx, (size_t)nw, sizeof *wk);
    cr_error_t *rcs = cr__calloc(ctx, njobs, sizeof *rcs);
    char **msgs = cr__calloc(ctx, njobs, sizeof *msgs);
    cr_error_t rc = CR_OK;
    if (!wk || !rcs || !msgs) { rc = CR_ENOMEM; goto done; }
    for (int t = 0; t < nw && rc == CR_OK; t++) {
        if (!outer) { wk[t].ctx = ctx; continue; }
        if (!(wk[t].ctx = cr_ctx_alloc())) rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        else cr_ctx_set_threads(wk[t].ctx, 1);
    }
    if (rc != CR_OK) goto done;
    if (outer) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(nt)
        for (size_t j = 0; j < njobs; j++) {
            worker *w = &wk[omp_get_thread_num()];
            rcs[j] = run_job(w, r, e, fpos, k, s, fast, parks, nparks, j, 1, want_place, rows);
            if (rcs[j] != CR_OK) msgs[j] = strdup(cr_ctx_errmsg(w->ctx));
        }
        for (size_t j = 0; j < njobs && rc == CR_OK; j++)
            if (rcs[j] != CR_OK) rc = cr_ctx_fail(ctx, rcs[j], "%s", msgs[j] ? msgs[j] : cr_strerror(rcs[j]));
    } else {
        for (size_t j = 0; j < njobs && rc == CR_OK; j++) rc = run_job(&wk[0], r, e, fpos, k, s, fast, parks, nparks, j, nt, want_place, rows);
    }
    /* rows not ranked: a tenant, or excluded with the reasons explain gives */
    for (size_t i = 0; i < nparks && rc == CR_OK; i++) {
        cr_sites_row *row = &rows[i];
        if (row->state == CR_SITES_RANKED) continue;
        if (cr_ranker_is_tenant(r, e, row->park)) { row->state = CR_SITES_TENANT; continue; }
        cr_explanation x;
        if ((rc = cr_rank_explain(ctx, r, row->park, k, s, e, &x)) != CR_OK) break;
        row->excluded = x.excluded;
        if (!x.excluded)   /* the ranking and its explanation disagree: a bug, never silent */
            rc = cr_ctx_fail(ctx, CR_EINTERNAL, "sites: %s is neither ranked nor excluded in park %s",
                             cr_dataset_enterprise_id(ds, e), cr_dataset_park_id(ds, row->park));
    }
done:
    for (int t = 0; wk && t < nw; t++) {
        cr__stream_ws_free(wk[t].sw);
        if (wk[t].have_w) cr__score_ws_destroy(&wk[t].w);
        if (outer) cr_ctx_free(wk[t].ctx);
    }
    for (size_t j = 0; msgs && j < njobs; j++) free(msgs[j]);
    free(wk); free(rcs); free(msgs);
    return rc;
}

size_t cr_parks_select(const cr_ranker *r, const char *province, int32_t chain, int32_t *out)
{
    const cr_dataset *ds = r->ds;
    size_t n = 0, klen = province ? cr__province_key(province) : 0;
    for (int32_t p = 0; p < ds->npark; p++) {
        if (province) {
            const char *a = cr__strpool_get(&ds->park_province, (size_t)p);
            if (cr__province_key(a) != klen || memcmp(a, province, klen) != 0) continue;
        }
        if (chain >= 0) {
            const int32_t *ch;
            int32_t nc = cr_dataset_park_chains(ds, p, &ch), q = 0;
            while (q < nc && ch[q] != chain) q++;
            if (q == nc) continue;
        }
        out[n++] = p;
    }
    return n;
}
