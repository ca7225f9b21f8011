/* The ranking criteria as one table (issue 14 §1; the shape of SQLite's
 * aBuiltinFunc[] in src/func.c): one row per criterion says everything the
 * engine needs to know about it, and the scorer, the explanations, the
 * scheme parser, the CLI's columns and the docs test loop over the rows.
 * How to add a criterion: docs/architecture.md, "How to add a criterion".
 *
 * Row i describes criterion i (cr_criterion, include/chainrank/cr_rank.h;
 * test_criteria checks the order). The public part (names, heading, unit,
 * table format) is cr_criterion_info, reachable through cr_criterion_get()
 * for the CLI, which sees the public headers only. */
#ifndef CR_RANK_CRITERIA_H
#define CR_RANK_CRITERIA_H

#include "rank/rank_internal.h"

/* What a criterion's formula reads besides the row context (ranker,
 * scheme, park, chain, enterprise, tag bonuses) and the values of the
 * criteria before it in the table (cr__crit_in.v). The materialised
 * kernel computes every input once per candidate, whoever needs it. */
enum {
    CR__NEED_GAPS = 1u << 0,       /* the park's gap list (per job): in->gap */
    CR__NEED_SEGMENTS = 1u << 1,   /* per-segment constants of the park (density, endowment fit): in->dens, in->fend */
    CR__NEED_RESOURCES = 1u << 2,  /* the park's resource availability: in->fsum */
    CR__NEED_PARTNERS = 1u << 3,   /* the partner accumulation of the park's anchors: in->partner_w, in->local_sup */
    CR__NEED_RANKER = 1u << 4      /* per-enterprise values the ranker precomputes (greening, goose0, ...) */
};
/* Inputs the streaming path can give a criterion it does not compute when
 * it fills that criterion for its output rows (stream.c fill_unstreamed):
 * the row context and the ranker's arrays, not the per-job sums. A
 * criterion with streamed = 0 may need only these (test_criteria). */
#define CR__NEED_ROW_ONLY CR__NEED_RANKER

/* The inputs of a criterion's scalar formula for one candidate e of one
 * job (park, chain, scheme). */
typedef struct {
    const cr_ranker *r;
    const cr_scheme *s;
    const double *tagb;            /* [CR_MAX_DICT] the scheme's tag bonus by tag id */
    int32_t park, chain;
    int64_t e;
    const double *v;               /* [CR_NCRIT] values of the criteria before this one */
    /* the kernel's one pass over e's segments and resources */
    double gap;                    /* sum of priority x fill over e's gap segments */
    double dens;                   /* share-weighted relatedness density */
    double fend;                   /* share-weighted endowment fit */
    double fsum;                   /* sum of the CR_NRES resource fits */
    /* partner accumulation */
    double partner_w;              /* sum of link weight x decay to the park's anchors */
    int32_t local_sup;             /* local supplier links */
} cr__crit_in;

/* A row explains itself in cr_rank_explain_text by appending to the text
 * from the cr_explanation (filled by cr_rank_explain); NULL: it adds
 * nothing. */
typedef struct cr__tbuf cr__tbuf;
typedef void (*cr__crit_explain_fn)(const cr_ranker *r, const cr_explanation *x, cr__tbuf *b);

typedef struct {
    cr_criterion id;               /* = its row index */
    cr_criterion_info info;        /* names, heading, unit, table format, docs summary (public) */
    unsigned needs;                /* CR__NEED_* */
    /* The scalar formula: the value for one candidate, the materialised
     * path's definition of the criterion (the streaming kernel must give
     * the same bits for the criteria it computes; test_rank_stream). */
    double (*value)(const cr__crit_in *in);
    cr__crit_explain_fn explain;
    /* 1: the streaming kernel (stream_kernel.h K(evaluate), K(row_may_hit))
     * computes it; a scheme that aggregates a criterion with 0 here goes to
     * the materialised path (cr__stream_eligible), and the streaming path
     * fills it for its output rows with the scalar formula. */
    int streamed;
    /* 1: computed only for the rows a job outputs, unless the scheme uses
     * it (cr__scheme_uses): costly and needed by few schemes (likelihood) */
    int lazy;
} cr__criterion;

/* 1 if scheme s needs criterion c for every candidate: it aggregates c,
 * or c is the likelihood and s ranks by expected value. */
int cr__scheme_uses(const cr_scheme *s, int c);

extern const cr__criterion cr__criteria[CR_NCRIT];

/* Text buffer of the explanations (explain.c). */
struct cr__tbuf {
    char *p;
    size_t left;
    int lang;          /* cr_lang; 0 = English */
};
void cr__tput(cr__tbuf *b, const char *fmt, ...) CR_PRINTF(2, 3);
/* cr__tput with the phrase id's format in b's language (src/rank/phrases.h). */
void cr__tputp(cr__tbuf *b, int phrase, ...);
/* The phrase text itself in b's language (no arguments). */
const char *cr__ph(const cr__tbuf *b, int phrase);

/* Quality of enterprise e under scheme s (docs/model.md): shared by the
 * scalar formula and the streaming path's per-chain precomputation, so
 * both give the same bits. tagb: the scheme's bonus by tag id. */
static inline double cr__crit_quality(const cr_dataset *ds, const cr_scheme *s, const double *tagb, int64_t e)
{
    double land = ds->ent_need[CR_RES_LAND][e], inv = ds->ent_invest[e];
    double iota = land > 0 ? (inv / land) / s->invest_ref : (inv > 0 ? 1.0 : 0.0);
    double rd = ds->ent_rd[e] / s->rd_ref, tg = 0;
    for (uint64_t m = ds->ent_tags[e]; m; m &= m - 1) tg += tagb[__builtin_ctzll(m)];
    return ((iota < 1 ? iota : 1) + (rd < 1 ? rd : 1) + (tg < 1 ? tg : 1)) / 3.0;
}

/* 1 if every criterion scheme s aggregates has streamed = 1 in table tab
 * (cr__criteria; a parameter so tests can try a table where one is not). */
int cr__criteria_streamable(const cr_scheme *s, const cr__criterion *tab);

#endif
