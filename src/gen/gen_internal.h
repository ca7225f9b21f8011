/* Internals of the synthetic generator (src/gen/). */
#ifndef CR_GEN_INTERNAL_H
#define CR_GEN_INTERNAL_H

#include "core/core_internal.h"

#include <chainrank/cr_gen.h>
#include <stddef.h>
#include <stdint.h>

/* Template segment: one NBS IO product (see gen_template.c for the sources). */
typedef struct {
    const char *id, *name, *category;
    const char *needs;         /* ';' list, "" = none */
    const char *sector;        /* NBS 2020 IO product code */
    double co2;                /* t CO2 per 10^4 CNY output (CEADs scope 1 / NBS GO) */
    double rd;                 /* R&D share of revenue, benchmark */
    double water;              /* m3 per 10^4 CNY output, benchmark */
} cr__gen_seg;

typedef struct {
    uint16_t seg;              /* index into cr__gen_tmpl_segs */
    uint8_t stage;             /* 0 upstream, 1 midstream, 2 downstream */
    uint8_t key;               /* 1 = key link */
} cr__gen_member;

typedef struct {
    uint16_t from, to;         /* template segment indices: supplier -> buyer */
    double coef;               /* a_ij = Z_ij / GO_j */
} cr__gen_edge;

typedef struct {
    const char *id, *name;
    const cr__gen_member *members;
    size_t nmem;
    const cr__gen_edge *edges;
    size_t nedge;
} cr__gen_chain;

enum { CR__GEN_TMPL_NSEG = 32, CR__GEN_TMPL_NCHAIN = 3 };
extern const cr__gen_seg cr__gen_tmpl_segs[CR__GEN_TMPL_NSEG];
extern const cr__gen_chain cr__gen_tmpl_chains[CR__GEN_TMPL_NCHAIN];

/* Fast number formatting (gen_format.c). Each writes at p and returns the end;
 * no NUL. Fixed precision, trailing zeros trimmed; non-finite values print 0. */
char *cr__gen_fmt_u64(char *p, uint64_t v);
char *cr__gen_fmt_fix(char *p, double v, int decimals);   /* decimals 0..9 */
char *cr__gen_fmt_date(char *p, int64_t days);           /* days since 1970-01-01 -> YYYY-MM-DD */
int64_t cr__gen_days(int y, int m, int d);

#endif
