/* The columns of enterprises.csv (docs/data-format.md), named once: the
 * loader maps the header with them and the generator (src/gen) writes its
 * header from them. An interface of src/data for other folders. */
#ifndef CR_DATA_COLUMNS_H
#define CR_DATA_COLUMNS_H

/* In the loader's order; ranges matter: E_ID..E_SEGMENTS are required,
 * E_REVENUE..E_NSKILLED are numbers, E_PROVINCE..E_CITY text. */
enum {
    E_ID, E_NAME, E_SEGMENTS, E_LAT, E_LON, E_ADMIN, E_REVENUE, E_EMPLOYEES, E_INVEST, E_RD, E_TAGS, E_CO2, E_ENERGY,
    E_WATER, E_POLLUTANT, E_PLANT, E_NLAND, E_NWATER, E_NPOWER, E_NWORKERS, E_NSKILLED, E_PARK, E_PROVINCE, E_CITY,
    E_NCOLS
};
extern const char *const cr__ent_columns[E_NCOLS];

#endif
