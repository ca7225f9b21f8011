/* Sites of enterprises and provenance of rows (docs/data-format.md "Sites").
 *
 * An enterprise has zero or more sites (plant, headquarters, R&D centre,
 * office), from the optional sites.csv and from the enterprises.csv `park`
 * shorthand. A site inside a park makes the enterprise a tenant of that park;
 * an enterprise may be a tenant of several parks. Sites, history rows and
 * links may carry a provenance text (`source`) and a basis (observed,
 * inferred, synthetic). All accessors are O(1) and read-only. */
#ifndef CR_SITES_H
#define CR_SITES_H

#include <chainrank/cr_data.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CR_SITE_PLANT = 0, CR_SITE_HQ = 1, CR_SITE_RD = 2, CR_SITE_OFFICE = 3 } cr_site_kind;
typedef enum { CR_BASIS_UNSTATED = 0, CR_BASIS_OBSERVED = 1, CR_BASIS_INFERRED = 2, CR_BASIS_SYNTHETIC = 3 } cr_basis;

/* A site's `since` when the data gives none: known before any date of the data. */
#define CR_SINCE_UNKNOWN INT32_MIN

typedef struct {
    int64_t enterprise;
    int32_t park;              /* park index, -1: not in a park */
    double lat, lon;           /* WGS-84; the park's point when the row gave only `park` */
    int32_t since;             /* days since 1970-01-01, CR_SINCE_UNKNOWN if not given */
    cr_site_kind kind;
    cr_basis basis;
    const char *source;        /* provenance text, "" if none; points into the dataset */
} cr_site;

/* Number of sites (sites.csv rows plus one per enterprises.csv `park` shorthand). */
CR_PUBLIC(int64_t) cr_dataset_n_sites(const cr_dataset *ds);
/* Sites of enterprise e: returns their count and sets *first so that they are
 * first .. first + count - 1, ordered by since (unknown first), then input
 * order (the `park` shorthand before the sites.csv rows). */
CR_PUBLIC(int64_t) cr_dataset_enterprise_sites(const cr_dataset *ds, int64_t e, int64_t *first);
/* Site i (0 <= i < cr_dataset_n_sites). */
CR_PUBLIC(void) cr_dataset_site(const cr_dataset *ds, int64_t i, cr_site *out);
/* 1 if e has a site in park p (any date): tenancy without a cutoff. */
CR_PUBLIC(int) cr_dataset_has_site_in(const cr_dataset *ds, int64_t e, int32_t p);

/* enterprises.csv `province` / `city` (headquarters or registered address), "" if not given. */
CR_PUBLIC(const char *) cr_dataset_enterprise_province(const cr_dataset *ds, int64_t e);
CR_PUBLIC(const char *) cr_dataset_enterprise_city(const cr_dataset *ds, int64_t e);

/* Provenance of history row h and link l: source text ("" if none) and basis. */
CR_PUBLIC(const char *) cr_dataset_history_source(const cr_dataset *ds, int64_t h);
CR_PUBLIC(cr_basis) cr_dataset_history_basis(const cr_dataset *ds, int64_t h);
CR_PUBLIC(const char *) cr_dataset_link_source(const cr_dataset *ds, int64_t l);
CR_PUBLIC(cr_basis) cr_dataset_link_basis(const cr_dataset *ds, int64_t l);

/* Names as written in the files: plant hq rd office; "" (unstated) observed inferred synthetic. */
CR_PUBLIC(const char *) cr_site_kind_name(cr_site_kind k);
CR_PUBLIC(const char *) cr_basis_name(cr_basis b);
/* Days since 1970-01-01 as YYYY-MM-DD into buf (size >= 11; "" for
 * CR_SINCE_UNKNOWN). Returns buf. */
CR_PUBLIC(char *) cr_date_text(int32_t days, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
