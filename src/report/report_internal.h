/* Private to src/report: the outlines, the message table and the SVG
 * pieces (unit-tested by tests/unit/test_report.c). */
#ifndef CR_REPORT_INTERNAL_H
#define CR_REPORT_INTERNAL_H

#include <chainrank/cr_report.h>
#include <stdio.h>

/* Outlines: city polygons, rings flattened. */
struct cr_report_outlines {
    int32_t ncity;
    char **name, **province;         /* [ncity] */
    int64_t *ring_off;               /* [ncity + 1] rings of city c: ring_off[c] .. ring_off[c+1] */
    int64_t *pt_off;                 /* [nring + 1] points of ring r */
    double *lon, *lat;               /* [npt] */
    double *bbox;                    /* [ncity * 4] lon min, lat min, lon max, lat max */
};

/* Message ids of the report's text: one row per id in strings.c, a column per language. */
typedef enum {
    M_TITLE, M_SUBTITLE, M_DATASET, M_SCHEME, M_CONTENTS, M_BACK_INDEX,
    M_BANNER_TITLE, M_BANNER_SYN, M_BANNER_INF, M_BANNER_OBS, M_BADGE_SYN, M_BADGE_INF,
    M_PARK_CARD, M_LEVEL, M_LEVEL_NATIONAL, M_LEVEL_PROVINCIAL, M_LEVEL_OTHER, M_LOCATION, M_AREA, M_FREE_LAND,
    M_WATER, M_POWER, M_LABOUR, M_SKILLED, M_ENDOWMENTS, M_BANNED, M_CO2_QUOTA, M_ENERGY_QUOTA, M_POLLUTANT_QUOTA,
    M_CO2_CAP, M_ENERGY_CAP, M_POLLUTANT_CAP, M_UNLIMITED, M_NONE, M_TENANTS, M_CHAINS_LED, M_CHAIN_LEADER,
    M_UNIT_HA, M_UNIT_MU, M_UNIT_WATER, M_UNIT_POWER, M_UNIT_PEOPLE, M_UNIT_T_YR, M_UNIT_TCE_YR, M_UNIT_PER_10K,
    M_CHAIN, M_PANORAMA, M_PANORAMA_NOTE, M_UPSTREAM, M_MIDSTREAM, M_DOWNSTREAM,
    M_ST_STRONG, M_ST_WEAK, M_ST_MISSING, M_ST_EXTENSION, M_ST_ABSENT, M_KEY_LINK, M_COVERAGE, M_NO_TENANT, M_MORE,
    M_GAPS, M_GAPS_NOTE, M_GAP_SUPPLEMENT, M_GAP_STRENGTHEN, M_GAP_EXTEND, M_SEGMENT, M_PRIORITY, M_GAP_VOLUME,
    M_IMPORTANCE, M_SUPPLY, M_DEMAND, M_NO_GAPS,
    M_TARGETS, M_TARGETS_NOTE, M_RANK, M_ENTERPRISE, M_SCORE, M_CONTRIB, M_LIKELIHOOD, M_REASONS, M_NOW_AT,
    M_CANDIDATES, M_EXCLUDED, M_EXCLUDED_NOTE, M_EXCLUDED_MORE, M_NO_TARGETS, M_EV_NOTE, M_PER_YEAR,
    M_MAP, M_MAP_NOTE, M_MAP_OUTLINES, M_MAP_PARK, M_MAP_TENANT, M_MAP_TARGET, M_MAP_PARTNER, M_MAP_NO_OUTLINES,
    M_SCHEMES, M_SCHEMES_NOTE, M_SCHEMES_NA, M_HEATMAP, M_ROBUST, M_ROBUST_NOTE, M_IN_TOP, M_MEAN_RANK, M_SMAA, M_SMAA_NOTE,
    M_PR_TOP, M_FOOTER,
    M_CRIT_GAP, M_CRIT_PARTNERS, M_CRIT_RESOURCES, M_CRIT_GREENING, M_CRIT_DENSITY, M_CRIT_GOOSE, M_CRIT_QUALITY,
    M_CRIT_LIKELIHOOD,
    M_INDEX_TITLE, M_INDEX_NOTE, M_PARK, M_TOP_TARGETS, M_REPORT,
    M_COUNT
} cr__msg;

/* The text of id in lang (never NULL). */
const char *cr__msg_text(cr__msg id, cr_lang lang);
/* The row of the table for id (en, zh), for test_report. */
const char *cr__msg_text_col(cr__msg id, int col);

/* ---- HTML/SVG output (svg.c) ---- */
/* Escapes s for HTML text and attribute values (& < > " '). */
void cr__html_esc(FILE *fp, const char *s);
/* Status colour of a cr_gap_status (fill) and its class name "st-<name>". */
const char *cr__status_fill(int status);

/* A chain's panorama as an SVG element. Nodes are the chain's members, one
 * <g class="seg st-STATUS" data-segment=ID data-status=STATUS> each; edges
 * <path class="io"> with stroke-width by the IO coefficient. Calls igraph
 * (through src/graph/layout.h). */
typedef struct {
    int32_t n;                       /* members */
    const char *const *label;        /* [n] node label (one line) */
    const char *const *id;           /* [n] segment id */
    const int8_t *stage;             /* [n] 0 up, 1 mid, 2 down */
    const int8_t *status;            /* [n] cr_gap_status */
    const uint8_t *key;              /* [n] key link */
    const double *coverage;          /* [n] NaN = no local demand */
    const char *const *tenants;      /* [n] tenant names under the node, "" if none (already cut) */
    int32_t m;                       /* edges drawn */
    const int32_t *from, *to;        /* [m] member indices */
    const double *coef;              /* [m] IO coefficient */
    const char *stage_title[3];
    const char *key_text, *cov_text; /* "key link", "coverage" */
} cr__panorama;
cr_error_t cr__svg_panorama(cr_ctx *ctx, FILE *fp, const cr__panorama *pn);

/* Stacked horizontal bar of k parts (widths already scaled to pixels). */
void cr__svg_bar(FILE *fp, int k, const double *px, const char *const *colour, const char *const *title, double width,
                 double height);

/* Map: points on lon/lat with optional outlines. Kinds: 0 park, 1 tenant,
 * 2 target, 3 partner. */
typedef struct {
    int32_t n;
    const double *lon, *lat;
    const int8_t *kind;
    const char *const *label;        /* [n] "" for none */
    const char *const *title;        /* [n] tooltip */
    const cr_report_outlines *outlines;
    const char *const *legend;       /* [4] kind names */
    const char *no_outline_text;
} cr__map;
void cr__svg_map(FILE *fp, const cr__map *mp);

/* The projection of the map (docs/report.md "Map"): equirectangular with the
 * x scale cos(lat0) at the view's centre latitude lat0 (distances near the
 * centre true in both directions). Pixels of (lon, lat) in a view. */
typedef struct {
    double lon0, lat0, k, cosl, w, h, cx, cy;
} cr__proj;
void cr__proj_fit(cr__proj *pj, const double *lon, const double *lat, int32_t n, double w, double h);
void cr__proj_xy(const cr__proj *pj, double lon, double lat, double *x, double *y);

#endif
