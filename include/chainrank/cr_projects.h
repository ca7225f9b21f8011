/* Investment projects: the data (projects.csv + project_events.csv, or a
 * proposal file), and the three analyses built on it - vetting before
 * signing (cr_vet_*), the ledger after signing (cr_ledger_*) and the target
 * library (cr_library_*). Rules, rates and worked examples: docs/projects.md;
 * file format: docs/data-format.md "Projects".
 *
 * Units: money in 万元 (10^4 CNY), land in 亩 (mu; 1 ha = 15 亩 exactly),
 * loads per year (energy tce, water 10^4 m^3, CO2 t, pollutant t), dates as
 * days since 1970-01-01. A number not given is NaN; a date not given is
 * CR_SINCE_UNKNOWN. */
#ifndef CR_PROJECTS_H
#define CR_PROJECTS_H

#include <chainrank/cr_sites.h>
#include <chainrank/cr_rank.h>
#include <chainrank/cr_gaps.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 1 ha = 10,000 m^2; 1 市亩 = 10,000/15 m^2 (the legal definition), so 1 ha = 15 亩 exactly. */
#define CR_MU_PER_HA 15.0

typedef enum {
    CR_PEV_SIGNED = 0,     /* contract signed (签约) */
    CR_PEV_FUNDS = 1,      /* funds in place (资金到位), with an amount; may repeat */
    CR_PEV_STARTED = 2,    /* construction started (开工): the project has landed (落地) */
    CR_PEV_COMPLETED = 3,  /* construction completed (竣工) */
    CR_PEV_OPERATING = 4,  /* in operation (投产) */
    CR_PEV_WITHDRAWN = 5,  /* withdrawn / contract ended (退出) */
    CR_PEV_N = 6
} cr_pev_stage;

typedef struct cr_projects cr_projects;

typedef struct {
    const char *id;
    int64_t enterprise;
    int32_t park, segment;                  /* segment: given, or the enterprise's largest share */
    double invest, fixed_invest;            /* planned total and fixed-asset investment, 万元 */
    double land_mu;                         /* 亩 (converted when given in ha) */
    int land_given_in_ha;                   /* 1: the row gave land_ha */
    double plot_ratio;                      /* 容积率: floor area / land area */
    double jobs, output, tax;               /* persons; 万元/yr; 万元/yr */
    double energy, water, co2, pollutant;   /* tce/yr; 10^4 m^3/yr; t/yr; t/yr */
    int32_t start_due, completion_due;      /* contract dates */
    int32_t investor_founded;               /* the investor's founding date (YYYY = 1 January) */
    cr_basis basis;
    const char *source;
    int64_t ev_first, nev;                  /* its events: ev_first .. ev_first + nev - 1, by date */
} cr_project;

typedef struct {
    int32_t date;
    cr_pev_stage stage;
    double amount;                          /* funds: 万元; NaN otherwise */
    cr_basis basis;
    const char *source;
} cr_project_event;

/* The dataset's projects (manifest keys `projects`, `project_events`), NULL if none. */
CR_PUBLIC(const cr_projects *) cr_dataset_projects(const cr_dataset *ds);
/* Reads proposals (no events) from a CSV file with the projects.csv columns,
 * or from a JSON file holding one project object or {"projects": [...]} with
 * the same keys. Every problem is a diagnostic file:line:column: field; then
 * CR_EDATA. */
CR_PUBLIC(cr_error_t) cr_projects_read(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr_projects **out);
CR_PUBLIC(void) cr_projects_free(cr_projects *p);   /* NULL ok; not for cr_dataset_projects */
CR_PUBLIC(int64_t) cr_projects_count(const cr_projects *p);
CR_PUBLIC(void) cr_projects_get(const cr_projects *p, int64_t i, cr_project *out);
CR_PUBLIC(void) cr_projects_event(const cr_projects *p, int64_t j, cr_project_event *out);
CR_PUBLIC(int64_t) cr_projects_find(const cr_projects *p, const char *id);   /* -1 if absent */
CR_PUBLIC(const char *) cr_pev_stage_name(cr_pev_stage s);   /* signed funds started completed operating withdrawn */

/* ---- vet ------------------------------------------------------------------ */

typedef enum { CR_VERDICT_PASS = 0, CR_VERDICT_CONDITIONAL = 1, CR_VERDICT_REFUSE = 2, CR_VERDICT_NA = 3 } cr_verdict;
typedef enum { CR_RULE_POLICY = 0, CR_RULE_ENVIRONMENT = 1, CR_RULE_LAND = 2, CR_RULE_CREDIBILITY = 3, CR_RULE_N = 4 } cr_rule_group;

typedef struct cr_policy cr_policy;
/* Parses a policy file (docs/projects.md "Policy file"); NULL text = the built-in defaults. */
CR_PUBLIC(cr_error_t) cr_policy_load(cr_ctx *ctx, const cr_dataset *ds, const char *path, cr_policy **out);
CR_PUBLIC(cr_error_t) cr_policy_default(cr_ctx *ctx, cr_policy **out);
CR_PUBLIC(void) cr_policy_free(cr_policy *p);
CR_PUBLIC(const char *) cr_policy_name(const cr_policy *p);

/* One check of one project: its figures and verdict. */
typedef struct {
    cr_rule_group group;
    char check[32];          /* e.g. "catalogue", "energy_intensity", "banned", "invest_per_mu" */
    double value, limit;     /* the figure and what it is held against (NaN if none) */
    char unit[24];
    cr_verdict verdict;
    char reason[200];
} cr_vet_check;

typedef struct {
    int64_t project;         /* index in the vetted cr_projects */
    cr_verdict verdict;      /* worst of the checks (NA counts as pass) */
    cr_verdict group[CR_RULE_N];
    int64_t first, n;        /* checks first .. first + n - 1 */
} cr_vet_row;

typedef struct {
    int64_t nrows, nchecks;
    cr_vet_row *rows;
    cr_vet_check *checks;
    int64_t nrefused, nconditional, npassed;
    int32_t as_of;
} cr_vet_result;

/* Vets every project of p (proposals or the dataset's own) as of a date
 * (CR_SINCE_UNKNOWN: the latest date of the dataset's history and project
 * events). The environment rule is the ranking's exclusion rule
 * (src/rank/exclude.h). Deterministic; O(projects x (checks + withdrawals)). */
CR_PUBLIC(cr_error_t) cr_vet(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, const cr_policy *pol,
                             int32_t as_of, cr_vet_result **out);
CR_PUBLIC(void) cr_vet_result_free(cr_vet_result *r);
CR_PUBLIC(const char *) cr_verdict_name(cr_verdict v);        /* pass conditional refuse n/a */
CR_PUBLIC(const char *) cr_rule_group_name(cr_rule_group g);  /* policy environment land credibility */
/* The dataset's holiday calendar (manifest key holidays, docs/projects.md): the number of entries (0: none,
 * the working-day rule counts Monday-Friday) and the first and last years it covers. */
CR_PUBLIC(int64_t) cr_dataset_holidays(const cr_dataset *ds, int32_t *year0, int32_t *year1);
/* The default as-of date: the latest history or project-event date (0 if none). */
CR_PUBLIC(int32_t) cr_projects_default_as_of(const cr_dataset *ds);

/* ---- ledger --------------------------------------------------------------- */

typedef enum { CR_LEDGER_ALL = 0, CR_LEDGER_PARK, CR_LEDGER_CHAIN, CR_LEDGER_YEAR } cr_ledger_by;

/* Time from signing to a stage, days: quartiles by type-7 interpolation. */
typedef struct {
    int64_t n;
    double median, q1, q3;   /* NaN if n = 0 */
} cr_ledger_time;

typedef struct {
    char key[64];                    /* "all", a park id, a chain id or a year */
    int64_t signed_, started, completed, operating, withdrawn, funded;   /* projects signed by as_of that reached each stage */
    int64_t start_due, started_of_due;           /* start due by as_of; of them started by as_of */
    int64_t completion_due, completed_of_due;    /* completion due by as_of; of them completed by as_of */
    double invest, funds;            /* contracted investment and funds in place, 万元 */
    double fulfilment;               /* landed (started) / signed */
    double funds_rate;               /* funds / invest */
    double startup;                  /* started_of_due / start_due */
    double completion;               /* completed_of_due / completion_due */
    double operating_rate;           /* operating / signed */
    double withdrawal;               /* withdrawn / signed; every rate NaN when its denominator is 0 */
    cr_ledger_time to[CR_PEV_N];     /* signed -> first event of the stage */
} cr_ledger_group;

typedef struct {
    int64_t project;
    cr_pev_stage stage;              /* the stage due: started or completed */
    int32_t due;
    int64_t days;                    /* as_of - due */
    int32_t report_by;               /* due + 3 working days (Mon-Fri, less the dataset's holidays, plus its adjusted
                                        working weekend days) */
    int uncovered;                   /* 1: a day counted lies outside the years of the holiday calendar (there
                                        Mon-Fri only); 0 also when the dataset has no calendar */
} cr_ledger_overdue;

typedef struct {
    int32_t as_of;
    cr_ledger_by by;
    int64_t ngroups;
    cr_ledger_group *groups;         /* "all" first, then groups by key */
    int64_t noverdue;
    cr_ledger_overdue *overdue;      /* by days desc, then project id */
    int64_t nuncovered;              /* overdue rows with uncovered set */
} cr_ledger_result;

CR_PUBLIC(cr_error_t) cr_ledger(cr_ctx *ctx, const cr_dataset *ds, const cr_projects *p, int32_t as_of, cr_ledger_by by,
                                cr_ledger_result **out);
CR_PUBLIC(void) cr_ledger_result_free(cr_ledger_result *r);

/* Per scheme: the landed projects (started by as_of) whose enterprise was in
 * the scheme's top K for the project's park and chain, ranked with a ranker
 * as of 1 January of the signing year (the backtest's tenancy rule). */
typedef struct {
    int64_t landed, on_list;         /* landed projects assessed; of them on the list before signing */
    double share;                    /* on_list / landed; NaN if landed = 0 */
    double random_share;             /* mean of K / candidates over the assessed projects: a random list's expectation */
} cr_ledger_scheme;
CR_PUBLIC(cr_error_t) cr_ledger_scheme_hits(cr_ctx *ctx, const cr_model *m, const cr_projects *p, int32_t as_of,
                                            const cr_scheme *const *schemes, int nschemes, int top, cr_ledger_scheme *out);

/* ---- target library ------------------------------------------------------- */

typedef struct {
    int32_t top;          /* rows ranked per park; default 30 */
    int32_t tier_a;       /* tier A: best position <= tier_a, a head or top500 firm, filling a key link or a 补链/强链 gap; default 10 */
    int32_t tier_b;       /* tier B: best position <= tier_b (not A); default 20; the rest of the lists is C */
    int32_t head_top;     /* 链主 / head firm: among the chain's head_top enterprises by revenue in the chain; default 10 */
} cr_library_params;
CR_PUBLIC(void) cr_library_params_default(cr_library_params *p);

#define CR_LIBRARY_BEST 3
typedef struct {
    int64_t ent;
    int32_t segment;                 /* its largest-share segment in the chain */
    char tier;                       /* 'A' 'B' 'C' */
    cr_gap_status status;            /* its segment's gap status in its best park: missing = 补链, weak/strong = 强链, else 延链 */
    int head, top500, key;           /* 链主 (by revenue), top500 tag, the segment is a key link */
    int32_t nbest;
    int32_t park[CR_LIBRARY_BEST];   /* its best parks: by position, then score, then park index */
    int32_t pos[CR_LIBRARY_BEST];    /* 1-based position in that park's list */
    double score[CR_LIBRARY_BEST];
} cr_library_target;

typedef struct {
    int32_t chain;
    cr_library_params params;
    int32_t nparks;
    int32_t *parks;
    int64_t n;
    cr_library_target *t;            /* tier A, B, C; within a tier by best position, best score desc, enterprise id */
    int64_t ntier[3];
    uint8_t *segment_in_chain;       /* [segments] 1 if the segment is a member of the chain */
} cr_library;

/* Ranks each park's list for (chain, scheme), merges them into targets, tiers and categories (docs/projects.md). */
CR_PUBLIC(cr_error_t) cr_library_build(cr_ctx *ctx, const cr_model *m, const cr_ranker *r, int32_t chain, const int32_t *parks,
                                       int32_t nparks, const cr_scheme *s, const cr_library_params *p, cr_library **out);
CR_PUBLIC(void) cr_library_free(cr_library *l);
/* 补链 强链 延链 for a gap status (missing; weak, strong; extension, absent). */
CR_PUBLIC(const char *) cr_library_category(cr_gap_status s);

#ifdef __cplusplus
}
#endif
#endif
