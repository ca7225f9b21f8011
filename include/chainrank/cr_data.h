/* Datasets: chains, parks, enterprises, supply links, history (docs/data-format.md).
 *
 * A dataset is loaded and validated in one pass; if any problem is found the
 * load fails with CR_EDATA, every problem is on the context's diagnostics,
 * and nothing half-loaded is returned. A loaded dataset is read-only and may
 * be shared by any number of threads. */
#ifndef CR_DATA_H
#define CR_DATA_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cr_dataset cr_dataset;

typedef enum { CR_STAGE_UPSTREAM = 0, CR_STAGE_MIDSTREAM = 1, CR_STAGE_DOWNSTREAM = 2 } cr_stage;
typedef enum { CR_LEVEL_NATIONAL = 0, CR_LEVEL_PROVINCIAL = 1, CR_LEVEL_OTHER = 2 } cr_level;
typedef enum { CR_HIST_SIGNED = 0, CR_HIST_LANDED = 1, CR_HIST_OPERATING = 2, CR_HIST_WITHDRAWN = 3 } cr_hist_stage;

typedef struct {
    double share_tolerance;   /* |sum of shares - 1| allowed; default 1e-3 */
    int skip_likelihood;      /* 1: do not read the manifest's likelihood_model (chainrank fit makes it); default 0 */
    /* More enterprises after the file's rows (sites --profile): CSV text with
     * an enterprises.csv header, validated like the file, its messages named
     * extra_source; NULL (default): none */
    const char *extra_enterprises, *extra_source;
} cr_load_params;

CR_PUBLIC(void) cr_load_params_default(cr_load_params *p);

/* Loads the dataset folder dir (holding dataset.json). params may be NULL.
 * Time: O(file bytes); memory: O(rows). */
CR_PUBLIC(cr_error_t) cr_dataset_load(cr_ctx *ctx, const char *dir, const cr_load_params *params,
                                      cr_dataset **out);
CR_PUBLIC(void) cr_dataset_free(cr_dataset *ds);             /* NULL ok */

typedef struct {
    const char *name, *description;
    const char *synthetic;     /* comma-separated manifest keys declared synthetic, "" if none */
    /* the manifest's synthetic_fields / inferred_fields / observed_fields as
     * "file: field, field; file: ..." ("" if not given) */
    const char *synthetic_fields, *inferred_fields, *observed_fields;
    /* n_tenants: enterprises with a site in at least one park */
    int64_t n_segments, n_chains, n_parks, n_enterprises, n_tenants, n_links, n_history, n_admin;
    int64_t n_sites;           /* sites (cr_sites.h), the enterprises.csv `park` shorthand included */
    int64_t n_sites_in_parks;  /* of which inside a park */
} cr_dataset_info;
CR_PUBLIC(void) cr_dataset_get_info(const cr_dataset *ds, cr_dataset_info *info);

/* Lookups by id: index, or -1 if absent. */
CR_PUBLIC(int32_t) cr_dataset_find_park(const cr_dataset *ds, const char *id);
CR_PUBLIC(int32_t) cr_dataset_find_chain(const cr_dataset *ds, const char *id);
CR_PUBLIC(int32_t) cr_dataset_find_segment(const cr_dataset *ds, const char *id);
CR_PUBLIC(int64_t) cr_dataset_find_enterprise(const cr_dataset *ds, const char *id);

/* What a person types for --park / --chain: an id (exactly), else a name
 * (exactly, if unique), else a unique part of an id or a name (code points,
 * ASCII case folded). CR_ENOTFOUND otherwise, with a message that lists the
 * matches of an ambiguous part, or the three closest ids/names by edit
 * distance in code points (docs/data-format.md "Names on the command line").
 * Time: O(N |q|) on a hit, O(N |q| |name|) on a miss. */
CR_PUBLIC(cr_error_t) cr_dataset_resolve_park(cr_ctx *ctx, const cr_dataset *ds, const char *q, int32_t *out);
CR_PUBLIC(cr_error_t) cr_dataset_resolve_chain(cr_ctx *ctx, const cr_dataset *ds, const char *q, int32_t *out);
CR_PUBLIC(cr_level) cr_dataset_park_level(const cr_dataset *ds, int32_t p);
CR_PUBLIC(const char *) cr_level_name(cr_level l);   /* national, provincial, other */
/* Segments of chain k (indices, chains.json order); returns the count. */
CR_PUBLIC(int32_t) cr_dataset_chain_segments(const cr_dataset *ds, int32_t k, const int32_t **segs);
/* Edges (supplier segment -> customer segment) of chain k; returns the count. */
CR_PUBLIC(int32_t) cr_dataset_chain_edges(const cr_dataset *ds, int32_t k, const int32_t **from, const int32_t **to);
/* Land of park p in ha (NaN = not given / unlimited): its approved area and
 * the land still available. 1 ha = 15 亩 (mu). */
CR_PUBLIC(double) cr_dataset_park_area_ha(const cr_dataset *ds, int32_t p);
CR_PUBLIC(double) cr_dataset_park_land_ha(const cr_dataset *ds, int32_t p);
#define CR_MU_PER_HA 15.0
/* Enterprise e's land need (ha) and investment capacity (10^4 CNY, 万元). */
CR_PUBLIC(double) cr_dataset_enterprise_land_ha(const cr_dataset *ds, int64_t e);
CR_PUBLIC(double) cr_dataset_enterprise_invest(const cr_dataset *ds, int64_t e);
/* Province and city of park p ("" when not given). */
CR_PUBLIC(const char *) cr_dataset_park_province(const cr_dataset *ds, int32_t p);
CR_PUBLIC(const char *) cr_dataset_park_city(const cr_dataset *ds, int32_t p);

CR_PUBLIC(const char *) cr_dataset_park_id(const cr_dataset *ds, int32_t p);
CR_PUBLIC(const char *) cr_dataset_park_name(const cr_dataset *ds, int32_t p);
CR_PUBLIC(const char *) cr_dataset_chain_id(const cr_dataset *ds, int32_t k);
CR_PUBLIC(const char *) cr_dataset_chain_name(const cr_dataset *ds, int32_t k);
CR_PUBLIC(const char *) cr_dataset_segment_id(const cr_dataset *ds, int32_t s);
CR_PUBLIC(const char *) cr_dataset_segment_name(const cr_dataset *ds, int32_t s);
CR_PUBLIC(const char *) cr_dataset_enterprise_id(const cr_dataset *ds, int64_t e);
CR_PUBLIC(const char *) cr_dataset_enterprise_name(const cr_dataset *ds, int64_t e);
/* Chains park p leads (its declared chains); returns the count, *chains points into ds. */
CR_PUBLIC(int32_t) cr_dataset_park_chains(const cr_dataset *ds, int32_t p, const int32_t **chains);
CR_PUBLIC(const char *) cr_stage_name(cr_stage s);

#ifdef __cplusplus
}
#endif
#endif
