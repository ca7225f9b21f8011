/* The phrases of the explanation texts in every language (issue 15 §1
 * `--lang`): one row per phrase id, one column per cr_lang. The texts are
 * printf formats; both columns of a row take the same arguments (positional
 * %1$s where the word order differs), which test_phrases checks, so a
 * translation can never read an argument of the wrong type. */
#ifndef CR_RANK_PHRASES_H
#define CR_RANK_PHRASES_H

#include <chainrank/cr_rank.h>

typedef enum {
    CR__P_LIST_SEP,          /* between items of a list */
    CR__P_CLAUSE_SEP,        /* between clauses */
    CR__P_NO_GAP,
    CR__P_GAP_ITEM,          /* kind, segment name (%.*s), fill % */
    CR__P_PARTNERS,
    CR__P_PARTNER,           /* name */
    CR__P_PARTNER_TENANT,
    CR__P_PARTNER_KM,
    CR__P_PARTNER_LINKS,
    CR__P_BINDING,           /* resource, % left */
    CR__P_CO2_NOBENCH,
    CR__P_CO2_BENCH,
    CR__P_FOLLOWERS,
    CR__P_LIK,               /* % a year, nearest site km */
    CR__P_LIK_SITES1, CR__P_LIK_SITESN,
    CR__P_LIK_SEG1, CR__P_LIK_SEGN,
    CR__P_LIK_PART1, CR__P_LIK_PARTN,
    CR__P_LIK_CITY, CR__P_LIK_PROVINCE,
    CR__P_NOW,               /* city, separator, province */
    CR__P_NOW_PLACE_SEP,     /* between city and province */
    CR__P_NOW_IN_AFTER,      /* after the place: the parks */
    CR__P_NOW_IN,            /* no place known: the parks */
    CR__P_SAME_CITY,
    CR__P_BANNED,            /* category, segment */
    CR__P_ENV_LOAD,          /* env name, load, quota, unit */
    CR__P_ENV_CAP,           /* env name, intensity, cap */
    CR__P_MISSING_ENDOW,
    CR__P_RES_NEED,          /* resource, need, available, unit */
    CR__P_POOL_TENANT,       /* park id, "city" or "province" */
    CR__P_POOL_HQ,           /* city */
    CR__P_CITY, CR__P_PROVINCE,
    CR__P_RES_LAND, CR__P_RES_WATER, CR__P_RES_POWER, CR__P_RES_LABOUR, CR__P_RES_SKILLED, CR__P_RES_ENDOW,
    CR__P_UNIT_LAND, CR__P_UNIT_WATER, CR__P_UNIT_POWER, CR__P_UNIT_LABOUR, CR__P_UNIT_SKILLED, CR__P_UNIT_ENDOW,
    CR__P_ENV_CO2, CR__P_ENV_ENERGY, CR__P_ENV_POLLUTANT,
    CR__P_ENVU_CO2, CR__P_ENVU_ENERGY, CR__P_ENVU_POLLUTANT,
    CR__P_COUNT
} cr__phrase_id;

/* [CR__P_COUNT][CR_LANG_COUNT] */
extern const char *const cr__phrases[CR__P_COUNT][CR_LANG_COUNT];

/* A dictionary word of the data (endowment, category) in language lang:
 * the known ones of the shipped datasets are translated, others returned
 * as they are. */
const char *cr__word(const char *id, cr_lang lang);

#endif
