/* Economic complexity and relatedness on a locations x activities matrix:
 * Balassa RCA, presence M, diversity/ubiquity, proximity, density, ECI/PCI
 * (eigenvector method), COI and COG, with the conventions of Growth Lab's
 * py-ecomplexity by default. Every formula and convention: docs/complexity.md.
 *
 * Matrices are row-major doubles: locations are rows (nloc), activities are
 * columns (nact); entry (c,p) is at [c*nact + p]. The caller owns every
 * output. NaN marks a value that is undefined (see "dropped" below).
 *
 * Workload tuned for: 3,000 parks x 153 activities, called by the ranking
 * engine's cluster criterion. */
#ifndef CR_COMPLEXITY_H
#define CR_COMPLEXITY_H

#include <chainrank/cr_core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Diagonal of the proximity matrix. ONE (the default) keeps phi_pp =
 * k_p/k_p = 1 (0 if k_p = 0), as py-ecomplexity's calc_discrete_proximity
 * (mcp.T @ mcp / ubiquity, no fill_diagonal) and its Stata original; it then
 * also enters the density numerator and denominator. ZERO is Datawheel's
 * py-economic-complexity (fill_diagonal(phi, 0)) and one py-ecomplexity
 * revision's. docs/complexity.md "diagonal" gives the commits. */
typedef enum { CR_CX_DIAG_ZERO = 0, CR_CX_DIAG_ONE = 1 } cr_cx_diagonal;

typedef struct {
    double rca_threshold;     /* M_cp = 1 iff RCA_cp >= this; default 1; finite, >= 0 */
    int proximity_diagonal;   /* cr_cx_diagonal; default CR_CX_DIAG_ONE */
    int compute_indices;      /* 1 (default): also ECI, PCI, COI, COG; 0: leave
                                 those arrays NULL (cheaper: no eigenproblem) */
} cr_cx_params;

CR_PUBLIC(void) cr_cx_params_default(cr_cx_params *p);

/* Struct-of-arrays result; every array is owned by the result.
 * "Dropped" locations/activities are those whose values sum to 0: as in
 * py-ecomplexity they take no part in any computation; their rca, density,
 * eci/pci, coi and cog are NaN, their m, diversity/ubiquity and proximity 0.
 * Locations with diversity 0 / activities with ubiquity 0 (possible when
 * rca_threshold > 1) are left out of the eigenproblem: eci / pci NaN. */
typedef struct {
    size_t nloc, nact;
    double *rca;         /* [nloc*nact] Balassa RCA */
    double *m;           /* [nloc*nact] presence, 0 or 1 */
    double *proximity;   /* [nact*nact] symmetric, phi_pp' */
    double *density;     /* [nloc*nact] omega_cp, in [0,1] */
    double *diversity;   /* [nloc] k_c = sum_p M_cp */
    double *ubiquity;    /* [nact] k_p = sum_c M_cp */
    double *eci;         /* [nloc] standardised ECI (NULL if !compute_indices) */
    double *pci;         /* [nact] PCI on ECI's scale (NULL if !compute_indices) */
    double *coi;         /* [nloc] standardised COI (NULL if !compute_indices) */
    double *cog;         /* [nloc*nact] COG (NULL if !compute_indices) */
    double eigenvalue;   /* second-largest eigenvalue of the activity matrix (NaN if none) */
} cr_cx_result;

/**
 * cr_cx_compute - all complexity/relatedness measures of one matrix.
 * \param values  [nloc*nact] finite, non-negative (else CR_EINVAL naming the cell).
 * \param params  NULL = defaults.
 * \param out     receives a new result; free with cr_cx_result_free.
 * Results are bitwise identical for any thread count (cr_ctx_set_threads).
 * Returns CR_OK, CR_EINVAL (bad size/params/values), CR_ENOMEM, CR_EDEP (GSL).
 * Time complexity: O(nloc*nact + nloc*d*nact + nact^2*nloc/64) for RCA, M,
 * proximity (bit-set co-occurrence) and density (d = mean diversity); the
 * indices add O(nloc*d^2 + nact^3) for the symmetric eigenproblem.
 */
CR_PUBLIC(cr_error_t) cr_cx_compute(cr_ctx *ctx, size_t nloc, size_t nact, const double *values,
                                    const cr_cx_params *params, cr_cx_result **out);
CR_PUBLIC(void) cr_cx_result_free(cr_cx_result *r);               /* NULL ok */

/* A named matrix read from CSV. */
typedef struct {
    size_t nloc, nact;
    char **loc_names;    /* [nloc] in input order */
    char **act_names;    /* [nact] in input order */
    double *values;      /* [nloc*nact] row-major */
} cr_cx_matrix;

typedef enum {
    CR_CX_CSV_AUTO = 0,  /* long if the header is exactly location,activity,value; else wide */
    CR_CX_CSV_WIDE = 1,  /* location,<act1>,<act2>,...: one row per location */
    CR_CX_CSV_LONG = 2   /* location,activity,value: one row per cell; duplicates summed,
                            missing cells 0, names in first-appearance order */
} cr_cx_csv_form;

/**
 * cr_cx_matrix_parse_csv - parse CSV text (RFC 4180 quoting, optional UTF-8
 * BOM, LF or CRLF line ends; completely empty lines are skipped).
 * \param filename  used only in diagnostics ("file:line:column: field: message").
 * \param text,len  the bytes; need not be NUL-terminated.
 * Every problem found is added to ctx's diagnostics; returns CR_EDATA if any.
 * Time complexity: O(len) expected (hashed name look-ups).
 */
CR_PUBLIC(cr_error_t) cr_cx_matrix_parse_csv(cr_ctx *ctx, const char *filename, const char *text,
                                             size_t len, cr_cx_csv_form form, cr_cx_matrix **out);
/* Reads path and parses it as above; CR_EIO if it cannot be read. */
CR_PUBLIC(cr_error_t) cr_cx_matrix_load_csv(cr_ctx *ctx, const char *path, cr_cx_csv_form form,
                                            cr_cx_matrix **out);
CR_PUBLIC(void) cr_cx_matrix_free(cr_cx_matrix *m);               /* NULL ok */

#ifdef __cplusplus
}
#endif
#endif
