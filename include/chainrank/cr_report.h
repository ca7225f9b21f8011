/* The chain lead's report (issue 15 §1): one self-contained static HTML file
 * (inline CSS and SVG, no script, no network: a Content-Security-Policy meta
 * blocks any request) with the park card, and for each chain its panorama,
 * gap list, explained target list with per-criterion contribution bars,
 * excluded candidates, a map, and, with several schemes, their agreement.
 * What each picture shows and where each number comes from: docs/report.md.
 *
 * The library writes to a FILE* the caller opened (the CLI writes through
 * cr_outfile, so no half-written file is left); the bytes depend only on the
 * inputs, never on the thread count, the clock or the machine. */
#ifndef CR_REPORT_H
#define CR_REPORT_H

#include <chainrank/cr_world.h>
#include <chainrank/cr_compare.h>
#include <chainrank/cr_gaps.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Background outlines of the map (datasets/geo/cn_cities.json, built by
 * datasets/build/make_outlines.py): city polygons in lon/lat. */
typedef struct cr_report_outlines cr_report_outlines;
/* Loads an outline file; CR_EIO if unreadable, CR_EDATA with
 * "file:line:column: path: message" if malformed. */
CR_PUBLIC(cr_error_t) cr_report_outlines_load(cr_ctx *ctx, const char *path, cr_report_outlines **out);
CR_PUBLIC(void) cr_report_outlines_free(cr_report_outlines *o);   /* NULL ok */

typedef struct {
    cr_lang lang;                        /* CR_LANG_ZH or CR_LANG_EN */
    int32_t park;
    const int32_t *chains;               /* [nchains]; nchains 0 = the chains the park leads */
    int32_t nchains;
    const cr_scheme *const *schemes;     /* [nschemes] >= 1: the first ranks the targets; 2+ add the scheme section */
    size_t nschemes;
    int32_t top;                         /* targets shown, >= 1; default 15 */
    int32_t excluded_shown;              /* excluded candidates listed (all are counted); default 15 */
    size_t smaa_samples;                 /* SMAA-2 samples of the scheme section; default 2000 (0: none) */
    uint64_t seed;                       /* SMAA seed; default 1 */
    const cr_report_outlines *outlines;  /* borrowed; NULL: a plain projected scatter with city labels */
    const char *index_href;              /* batch: link back to index.html, or NULL */
} cr_report_params;

CR_PUBLIC(void) cr_report_params_default(cr_report_params *p);

/* Writes the report of p->park on w to fp. Errors: CR_EINVAL (bad params),
 * CR_ENOTFOUND (park leads no chain and none given), those of cr_rank_park,
 * cr_compare_run, cr_gaps_compute; CR_EIO if a write to fp failed.
 * Calls igraph (the panorama layout): on the calling thread, outside any
 * parallel region. Time: one cr_rank_park per chain (want_matrix), plus
 * cr_compare_run per chain with 2+ schemes. */
CR_PUBLIC(cr_error_t) cr_report_write(cr_ctx *ctx, const cr_world *w, const cr_report_params *p, FILE *fp);

/* batch --report: index.html listing every job's park, chain and scheme with
 * its top targets and a link to its report. */
typedef struct {
    int32_t park, chain;
    const char *scheme;                  /* name shown */
    const char *href;                    /* the report's path relative to index.html */
    int64_t ncand, nranked;
    int32_t ntop;
    const int64_t *top;                  /* [ntop] enterprise indices, best first */
} cr_report_index_row;
CR_PUBLIC(cr_error_t) cr_report_index_write(cr_ctx *ctx, const cr_dataset *ds, cr_lang lang,
                                            const cr_report_index_row *rows, size_t nrows, FILE *fp);

#ifdef __cplusplus
}
#endif
#endif
