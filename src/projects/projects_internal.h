/* Private to src/projects: the policy's layout (docs/projects.md "Policy file"). */
#ifndef CR_PROJECTS_INTERNAL_H
#define CR_PROJECTS_INTERNAL_H

#include <chainrank/cr_projects.h>
#include "data/dataset.h"
#include "data/projects.h"

/* The national catalogue's classes (产业结构调整指导目录: 鼓励类, 限制类, 淘汰类; the
 * rest is 允许类). */
enum { CR__CLASS_UNSET = -1, CR__CLASS_ALLOWED = 0, CR__CLASS_ENCOURAGED, CR__CLASS_RESTRICTED, CR__CLASS_ELIMINATED };
extern const char *const cr__class_names[4];   /* allowed encouraged restricted eliminated */

enum { CR__LM_INVEST = 0, CR__LM_OUTPUT, CR__LM_TAX, CR__LM_PLOT, CR__LM_N };   /* land minima */
extern const char *const cr__lm_keys[CR__LM_N];   /* min_invest_per_mu min_output_per_mu min_tax_per_mu min_plot_ratio */

typedef struct {
    char *province;
    double min[CR__LM_N];
} cr__prov_min;

struct cr_policy {
    char *name, *source;
    int8_t class_default;
    int32_t nseg;
    int8_t *seg_class;                  /* [nseg] or NULL; CR__CLASS_UNSET = not listed */
    int8_t cat_class[CR_MAX_DICT];      /* by category index */
    double *bench[CR_NENV];             /* [nseg] policy benchmarks (per 10^4 CNY output), NaN unset; NULL if none */
    double cond_ratio, refuse_ratio;    /* intensity / benchmark: above cond -> conditional, above refuse -> refuse */
    double min_output_per_invest;       /* low efficiency: output / total investment below it -> conditional */
    double land_min[CR__LM_N];          /* defaults; NaN = none */
    int32_t nprov;
    cr__prov_min *prov;
    int32_t npark;
    double (*park_min)[CR__LM_N];       /* [npark] or NULL; NaN = not set */
    double decide_mu;                   /* up to it the park decides, above the county (seed 004: 60 亩) */
    double max_invest_to_revenue, max_invest_to_capacity, max_invest_per_employee, min_investor_age_years;
    int32_t max_withdrawn;
};

#endif
