/* The columns of enterprises.csv (docs/data-format.md), named once: the
 * loader maps the header with them and the generator (src/gen) writes its
 * header from them. An interface of src/data for other folders. */
#ifndef CR_DATA_COLUMNS_H
#define CR_DATA_COLUMNS_H

/* In the loader's order; ranges matter: CR__ENT_ID..CR__ENT_SEGMENTS are required,
 * CR__ENT_REVENUE..CR__ENT_NSKILLED are numbers, CR__ENT_PROVINCE..CR__ENT_CITY text. */
enum {
    CR__ENT_ID, CR__ENT_NAME, CR__ENT_SEGMENTS, CR__ENT_LAT, CR__ENT_LON, CR__ENT_ADMIN, CR__ENT_REVENUE,
    CR__ENT_EMPLOYEES, CR__ENT_INVEST, CR__ENT_RD, CR__ENT_TAGS, CR__ENT_CO2, CR__ENT_ENERGY, CR__ENT_WATER,
    CR__ENT_POLLUTANT, CR__ENT_PLANT, CR__ENT_NLAND, CR__ENT_NWATER, CR__ENT_NPOWER, CR__ENT_NWORKERS,
    CR__ENT_NSKILLED, CR__ENT_PARK, CR__ENT_PROVINCE, CR__ENT_CITY,
    /* the same quantities in a department's units, converted at load:
     * need_land_mu (亩 -> ha), invest_intensity (万元/亩 x need_land -> invest) */
    CR__ENT_NLAND_MU, CR__ENT_INVEST_INTENSITY, CR__ENT_NCOLS
};
extern const char *const cr__ent_columns[CR__ENT_NCOLS];

#endif
