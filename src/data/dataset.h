/* Internal layout of a dataset: struct-of-arrays, ids interned to dense
 * indices. Modules inside src/ read these arrays directly; a loaded dataset is
 * immutable, so any number of threads may read it. NaN in a park resource,
 * quota or cap means "not limited". */
#ifndef CR_DATA_DATASET_H
#define CR_DATA_DATASET_H

#include <chainrank/cr_data.h>
#include <chainrank/cr_sites.h>
#include "core/strtab.h"

enum { CR_RES_LAND = 0, CR_RES_WATER, CR_RES_POWER, CR_RES_LABOUR, CR_RES_SKILLED, CR_NRES };
enum { CR_ENV_CO2 = 0, CR_ENV_ENERGY, CR_ENV_POLLUTANT, CR_NENV };
enum { CR_MAX_DICT = 64 };   /* endowments, categories, tags: one bit each */

extern const char *const cr__res_names[CR_NRES];   /* land water power labour skilled */
extern const char *const cr__env_names[CR_NENV];   /* co2 energy pollutant */

struct cr_dataset {
    char *dir, *name, *description, *synthetic;
    char *fields[3];                       /* manifest synthetic_fields, inferred_fields, observed_fields as text */
    /* the dataset's fitted landing-likelihood model (manifest key
     * likelihood_model; docs/likelihood.md), NULL if none */
    struct cr_likely_model *likely;
    /* projects and their events (manifest keys projects, project_events;
     * data/projects.h), NULL if none */
    struct cr_projects *projects;
    /* public holidays and adjusted working days (调休上班) of the ledger's working-day rule (manifest key
     * holidays; docs/projects.md), sorted by date; hol_year0..hol_year1 the years the file covers */
    int64_t nhol;
    int32_t *hol_date;
    int8_t *hol_work;                      /* 1: an adjusted working Saturday or Sunday; 0: a holiday */
    int32_t hol_year0, hol_year1;

    cr__strtab endow, cats, tags;          /* dictionaries: bit i of a mask = entry i */

    /* segments [nseg] */
    int32_t nseg;
    cr__strtab seg_id;
    cr__strpool seg_name, seg_sector;
    int32_t *seg_cat;                      /* index into cats */
    uint64_t *seg_needs;                   /* mask over endow */
    double *seg_co2_bench;                 /* t/10^4 CNY, NaN if none */

    /* chains [nchain]; members and edges in CSR by chain */
    int32_t nchain;
    cr__strtab chain_id;
    cr__strpool chain_name;
    int64_t *mem_off;                      /* [nchain+1] */
    int32_t *mem_seg;                      /* [nmem] segment index */
    int8_t *mem_stage;                     /* cr_stage */
    uint8_t *mem_key;
    int64_t *edge_off;                     /* [nchain+1] */
    int32_t *edge_from, *edge_to;          /* segment indices */
    double *edge_coef;

    /* parks [npark] */
    int32_t npark;
    cr__strtab park_id;
    cr__strpool park_name, park_province, park_city;
    int8_t *park_level;
    double *park_lat, *park_lon, *park_area;
    double *park_res[CR_NRES];             /* NaN = unlimited */
    double *park_quota[CR_NENV];           /* t/yr, tce/yr, t/yr; NaN = unlimited */
    double *park_cap[CR_NENV];             /* per 10^4 CNY output; NaN = none */
    uint64_t *park_endow, *park_banned;
    int64_t *park_chain_off;               /* [npark+1] */
    int32_t *park_chain;

    /* enterprises [nent] */
    int64_t nent;
    cr__strtab ent_id;
    cr__strpool ent_name;
    double *ent_lat, *ent_lon;
    int64_t *ent_seg_off;                  /* [nent+1] */
    int32_t *ent_seg;
    double *ent_share;
    double *ent_revenue, *ent_employees, *ent_invest, *ent_rd;
    double *ent_int[CR_NENV];              /* co2, energy, pollutant intensity */
    double *ent_water_int, *ent_plant_output;
    double *ent_need[CR_NRES];
    uint64_t *ent_tags;
    int32_t *ent_park;                     /* the enterprises.csv `park` shorthand, -1 none (also a site below) */
    cr__strpool ent_province, ent_city;    /* "" when not given */

    /* provenance strings shared by sites, history and links */
    cr__strtab sources;

    /* sites [nsite] (docs/data-format.md "Sites"): CSR by enterprise, each
     * enterprise's sites in (since, input order), the `park` shorthand first
     * among the undated ones. Tenancy of e = the parks of its sites. */
    int64_t nsite;
    int64_t *ent_site_off;                 /* [nent+1] */
    int32_t *site_ent;                     /* enterprise of the site (the CSR's inverse) */
    int32_t *site_park;                    /* park index or -1 */
    double *site_lat, *site_lon;           /* the park's point when only `park` was given */
    int32_t *site_since;                   /* days since 1970-01-01; INT32_MIN = unknown (always there) */
    int8_t *site_kind;                     /* cr_site_kind */
    int8_t *site_basis;                    /* cr_basis */
    int32_t *site_source;                  /* index into sources, -1 none */
    int64_t nsite_park;                    /* sites in a park */
    int64_t nent_multi;                    /* enterprises with sites in two or more parks */

    /* supply links [nlink] */
    int64_t nlink;
    int32_t *link_sup, *link_cus;
    double *link_w;
    int8_t *link_basis;                    /* cr_basis */
    int32_t *link_source;                  /* index into sources, -1 none */

    /* history [nhist] */
    int64_t nhist;
    int32_t *hist_ent, *hist_park;
    int32_t *hist_date;                    /* days since 1970-01-01 */
    int8_t *hist_stage;
    int32_t *hist_source;                  /* index into sources, -1 none */
    int8_t *hist_basis;                    /* cr_basis */

    /* ids of rows rejected for syntax (bad quoting, wrong width): later
     * references to them are not reported again. Freed after loading. */
    cr__strtab bad_park_id, bad_ent_id;

    /* admin divisions */
    cr__strtab admin;
    double *admin_lat, *admin_lon;

    /* Opened from a snapshot (src/snapshot): every array above points into
     * this private mapping of the file, unmapped by cr_dataset_free. */
    void *snap_map;
    size_t snap_len;
};

#endif
