/* Dataset accessors and destruction. */
#include "data/dataset.h"
#include <chainrank/cr_likely.h>
#include <chainrank/cr_projects.h>
#include "core/core_internal.h"
#include "snapshot/snapshot.h"

#include <string.h>

void cr_dataset_free(cr_dataset *ds)
{
    if (!ds) return;
    if (ds->snap_map) {   /* arrays in the mapping; dir, the likelihood model and projects are allocated */
        free(ds->dir);
        cr_likely_model_free(ds->likely);
        cr_projects_free(ds->projects);
        cr__snapshot_unmap(ds->snap_map, ds->snap_len);
        free(ds);
        return;
    }
    free(ds->dir); free(ds->name); free(ds->description); free(ds->synthetic);
    for (int q = 0; q < 3; q++) free(ds->fields[q]);
    cr_likely_model_free(ds->likely);
    cr_projects_free(ds->projects);
    free(ds->hol_date); free(ds->hol_work);
    cr__strtab_destroy(&ds->endow); cr__strtab_destroy(&ds->cats); cr__strtab_destroy(&ds->tags);
    cr__strtab_destroy(&ds->seg_id); cr__strpool_destroy(&ds->seg_name); cr__strpool_destroy(&ds->seg_sector);
    free(ds->seg_cat); free(ds->seg_needs); free(ds->seg_co2_bench);
    cr__strtab_destroy(&ds->chain_id); cr__strpool_destroy(&ds->chain_name);
    free(ds->mem_off); free(ds->mem_seg); free(ds->mem_stage); free(ds->mem_key);
    free(ds->edge_off); free(ds->edge_from); free(ds->edge_to); free(ds->edge_coef);
    cr__strtab_destroy(&ds->park_id); cr__strpool_destroy(&ds->park_name);
    cr__strpool_destroy(&ds->park_province); cr__strpool_destroy(&ds->park_city);
    free(ds->park_level); free(ds->park_lat); free(ds->park_lon); free(ds->park_area);
    for (int i = 0; i < CR_NRES; i++) free(ds->park_res[i]);
    for (int i = 0; i < CR_NENV; i++) { free(ds->park_quota[i]); free(ds->park_cap[i]); }
    free(ds->park_endow); free(ds->park_banned); free(ds->park_chain_off); free(ds->park_chain);
    cr__strtab_destroy(&ds->ent_id); cr__strpool_destroy(&ds->ent_name);
    free(ds->ent_lat); free(ds->ent_lon); free(ds->ent_seg_off); free(ds->ent_seg); free(ds->ent_share);
    free(ds->ent_revenue); free(ds->ent_employees); free(ds->ent_invest); free(ds->ent_rd);
    for (int i = 0; i < CR_NENV; i++) free(ds->ent_int[i]);
    free(ds->ent_water_int); free(ds->ent_plant_output);
    for (int i = 0; i < CR_NRES; i++) free(ds->ent_need[i]);
    free(ds->ent_tags); free(ds->ent_park);
    cr__strpool_destroy(&ds->ent_province); cr__strpool_destroy(&ds->ent_city);
    cr__strtab_destroy(&ds->sources);
    free(ds->ent_site_off); free(ds->site_ent); free(ds->site_park); free(ds->site_lat); free(ds->site_lon);
    free(ds->site_since); free(ds->site_kind); free(ds->site_basis); free(ds->site_source);
    free(ds->link_sup); free(ds->link_cus); free(ds->link_w); free(ds->link_basis); free(ds->link_source);
    free(ds->hist_ent); free(ds->hist_park); free(ds->hist_date); free(ds->hist_stage);
    free(ds->hist_source); free(ds->hist_basis);
    cr__strtab_destroy(&ds->bad_park_id); cr__strtab_destroy(&ds->bad_ent_id);
    cr__strtab_destroy(&ds->admin); free(ds->admin_lat); free(ds->admin_lon);
    free(ds);
}

void cr_dataset_get_info(const cr_dataset *ds, cr_dataset_info *info)
{
    memset(info, 0, sizeof *info);
    info->name = ds->name;
    info->description = ds->description ? ds->description : "";
    info->synthetic = ds->synthetic ? ds->synthetic : "";
    info->synthetic_fields = ds->fields[0] ? ds->fields[0] : "";
    info->inferred_fields = ds->fields[1] ? ds->fields[1] : "";
    info->observed_fields = ds->fields[2] ? ds->fields[2] : "";
    info->n_segments = ds->nseg;
    info->n_chains = ds->nchain;
    info->n_parks = ds->npark;
    info->n_enterprises = ds->nent;
    for (int64_t e = 0; e < ds->nent; e++) {   /* enterprises with a site in a park */
        int in = 0;
        for (int64_t j = ds->ent_site_off[e]; j < ds->ent_site_off[e + 1] && !in; j++) in = ds->site_park[j] >= 0;
        info->n_tenants += in;
    }
    info->n_sites = ds->nsite;
    info->n_sites_in_parks = ds->nsite_park;
    info->n_links = ds->nlink;
    info->n_history = ds->nhist;
    info->n_admin = (int64_t)cr__strtab_size(&ds->admin);
}

int32_t cr_dataset_find_park(const cr_dataset *ds, const char *id) { return cr__strtab_find(&ds->park_id, id, strlen(id)); }
int32_t cr_dataset_find_chain(const cr_dataset *ds, const char *id) { return cr__strtab_find(&ds->chain_id, id, strlen(id)); }
int32_t cr_dataset_find_segment(const cr_dataset *ds, const char *id) { return cr__strtab_find(&ds->seg_id, id, strlen(id)); }
int64_t cr_dataset_find_enterprise(const cr_dataset *ds, const char *id) { return cr__strtab_find(&ds->ent_id, id, strlen(id)); }

const char *cr_dataset_park_id(const cr_dataset *ds, int32_t p) { return cr__strtab_get(&ds->park_id, (size_t)p); }
const char *cr_dataset_park_name(const cr_dataset *ds, int32_t p) { return cr__strpool_get(&ds->park_name, (size_t)p); }
const char *cr_dataset_park_province(const cr_dataset *ds, int32_t p) { return cr__strpool_get(&ds->park_province, (size_t)p); }
const char *cr_dataset_park_city(const cr_dataset *ds, int32_t p) { return cr__strpool_get(&ds->park_city, (size_t)p); }
const char *cr_dataset_chain_id(const cr_dataset *ds, int32_t k) { return cr__strtab_get(&ds->chain_id, (size_t)k); }
const char *cr_dataset_chain_name(const cr_dataset *ds, int32_t k) { return cr__strpool_get(&ds->chain_name, (size_t)k); }
const char *cr_dataset_segment_id(const cr_dataset *ds, int32_t s) { return cr__strtab_get(&ds->seg_id, (size_t)s); }
const char *cr_dataset_segment_name(const cr_dataset *ds, int32_t s) { return cr__strpool_get(&ds->seg_name, (size_t)s); }
const char *cr_dataset_enterprise_id(const cr_dataset *ds, int64_t e) { return cr__strtab_get(&ds->ent_id, (size_t)e); }
const char *cr_dataset_enterprise_name(const cr_dataset *ds, int64_t e) { return cr__strpool_get(&ds->ent_name, (size_t)e); }

int32_t cr_dataset_park_chains(const cr_dataset *ds, int32_t p, const int32_t **chains)
{
    *chains = ds->park_chain + ds->park_chain_off[p];
    return (int32_t)(ds->park_chain_off[p + 1] - ds->park_chain_off[p]);
}

double cr_dataset_park_area_ha(const cr_dataset *ds, int32_t p) { return ds->park_area[p]; }
double cr_dataset_park_land_ha(const cr_dataset *ds, int32_t p) { return ds->park_res[CR_RES_LAND][p]; }

double cr_dataset_enterprise_land_ha(const cr_dataset *ds, int64_t e) { return ds->ent_need[CR_RES_LAND][e]; }
double cr_dataset_enterprise_invest(const cr_dataset *ds, int64_t e) { return ds->ent_invest[e]; }

cr_level cr_dataset_park_level(const cr_dataset *ds, int32_t p) { return (cr_level)ds->park_level[p]; }

const char *cr_level_name(cr_level l)
{
    static const char *const n[] = {"national", "provincial", "other"};
    return (unsigned)l < 3 ? n[l] : "?";
}

int32_t cr_dataset_chain_segments(const cr_dataset *ds, int32_t k, const int32_t **segs)
{
    *segs = ds->mem_seg + ds->mem_off[k];
    return (int32_t)(ds->mem_off[k + 1] - ds->mem_off[k]);
}

int32_t cr_dataset_chain_edges(const cr_dataset *ds, int32_t k, const int32_t **from, const int32_t **to)
{
    *from = ds->edge_from + ds->edge_off[k];
    *to = ds->edge_to + ds->edge_off[k];
    return (int32_t)(ds->edge_off[k + 1] - ds->edge_off[k]);
}

const char *cr_stage_name(cr_stage s)
{
    static const char *const n[] = {"upstream", "midstream", "downstream"};
    return (unsigned)s < 3 ? n[s] : "?";
}

const cr_likely_model *cr_dataset_likelihood(const cr_dataset *ds)
{
    return ds->likely;
}
