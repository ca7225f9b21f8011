/* City centres for the generator's spatial model (gen_geo.c). */
#ifndef CR_GEN_GEO_H
#define CR_GEN_GEO_H

typedef struct {
    const char *name, *province;
    double lat, lon;           /* WGS-84 degrees */
    double weight;             /* urban population, millions */
    int port, univ;            /* endowment propensities */
} cr__gen_city;

enum { CR__GEN_NCITY = 40 };
extern const cr__gen_city cr__gen_cities[CR__GEN_NCITY];

/* China's rough bounding box; every generated point is clamped into it. */
#define CR__GEN_LAT0 18.0
#define CR__GEN_LAT1 54.0
#define CR__GEN_LON0 73.0
#define CR__GEN_LON1 135.0

#endif
