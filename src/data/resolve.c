/* Resolving what a person types for --park and --chain: an id, a name, or a
 * unique part of either; a miss or an ambiguity names the closest entries
 * (edit distance in code points, so 东湖 is two characters, not six bytes).
 * One resolver for every command (docs/data-format.md "Names on the command
 * line"). Workload: one query against at most tens of thousands of parks:
 * O(N (|q| + |s|)) for the substring pass, O(N |q| |s|) for the distances,
 * only on a miss. */
#include "data/dataset.h"
#include "core/core_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXCP = 256, NSUGGEST = 3, NAMBIG = 5 };

/* Decodes s into at most MAXCP code points (ASCII letters folded to lower
 * case); invalid bytes count as one code point each. Returns the count. */
static size_t codepoints(const char *s, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n < MAXCP) {
        unsigned c = *p;
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (len == 1) {
            cp[n++] = c >= 'A' && c <= 'Z' ? c + 32 : c;
            p++;
            continue;
        }
        unsigned v = c & (0x3Fu >> (len - 1));
        int k = 1;
        for (; k < len && (p[k] & 0xC0) == 0x80; k++) v = (v << 6) | (p[k] & 0x3F);
        cp[n++] = k == len ? v : c;
        p += k == len ? len : 1;
    }
    return n;
}

/* Levenshtein distance between code-point strings (two rows). */
static size_t edit_distance(const unsigned *a, size_t na, const unsigned *b, size_t nb)
{
    size_t row[2][MAXCP + 1];
    for (size_t j = 0; j <= nb; j++) row[0][j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    }
    return row[na & 1][nb];
}

/* 1 if q occurs in s (code points, ASCII case folded). */
static int contains(const unsigned *s, size_t ns, const unsigned *q, size_t nq)
{
    if (nq == 0 || nq > ns) return nq == 0;
    for (size_t i = 0; i + nq <= ns; i++)
        if (!memcmp(s + i, q, nq * sizeof *q)) return 1;
    return 0;
}

typedef struct {
    const char *what;   /* "park" or "chain" */
    int32_t n;
    const char *(*id)(const cr_dataset *, int32_t);
    const char *(*name)(const cr_dataset *, int32_t);
} table;

static cr_error_t resolve(cr_ctx *ctx, const cr_dataset *ds, const table *t, const char *q, int32_t *out)
{
    *out = -1;
    /* 1. an id, exactly */
    for (int32_t i = 0; i < t->n; i++)
        if (!strcmp(t->id(ds, i), q)) {
            *out = i;
            return CR_OK;
        }
    /* 2. a name, exactly (unique), 3. a part of an id or a name (unique) */
    unsigned qc[MAXCP], sc[MAXCP];
    size_t nq = codepoints(q, qc);
    int32_t hit[NAMBIG + 1];
    int nhit = 0, nexact = 0;
    for (int32_t i = 0; i < t->n; i++)
        if (!strcmp(t->name(ds, i), q) && nexact++ == 0) *out = i;
    if (nexact == 1) return CR_OK;
    *out = -1;
    long nmatch = 0;
    for (int32_t i = 0; nq > 0 && i < t->n; i++) {
        size_t ni = codepoints(t->id(ds, i), sc);
        int m = contains(sc, ni, qc, nq);
        if (!m) {
            size_t nn = codepoints(t->name(ds, i), sc);
            m = contains(sc, nn, qc, nq);
        }
        if (m) {
            if (nhit <= NAMBIG) hit[nhit++] = i;
            nmatch++;
        }
    }
    if (nmatch == 1) {
        *out = hit[0];
        return CR_OK;
    }
    char list[1024] = "";
    size_t used = 0;
    if (nmatch > 1) {
        for (int k = 0; k < nhit && k < NAMBIG; k++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s %s", k ? ", " : "", t->id(ds, hit[k]),
                                     t->name(ds, hit[k]));
        return cr_ctx_fail(ctx, CR_ENOTFOUND, "%s '%s' is ambiguous in %s: %ld %ss match (%s%s); give the id", t->what,
                           q, ds->dir, nmatch, t->what, list, nmatch > NAMBIG ? ", ..." : "");
    }
    /* 4. a miss: the closest ids and names */
    int32_t best[NSUGGEST];
    size_t bestd[NSUGGEST];
    int nb = 0;
    for (int32_t i = 0; i < t->n; i++) {
        size_t n1 = codepoints(t->id(ds, i), sc), d = edit_distance(qc, nq, sc, n1);
        size_t n2 = codepoints(t->name(ds, i), sc), d2 = edit_distance(qc, nq, sc, n2);
        if (d2 < d) d = d2;
        /* insertion into the sorted top list; ties keep the lower index */
        int pos = nb;
        while (pos > 0 && bestd[pos - 1] > d) pos--;
        if (pos >= NSUGGEST) continue;
        for (int k = (nb < NSUGGEST ? nb : NSUGGEST - 1); k > pos; k--) {
            best[k] = best[k - 1];
            bestd[k] = bestd[k - 1];
        }
        best[pos] = i;
        bestd[pos] = d;
        if (nb < NSUGGEST) nb++;
    }
    for (int k = 0; k < nb; k++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s %s", k ? ", " : "", t->id(ds, best[k]),
                                 t->name(ds, best[k]));
    if (nb == 0) return cr_ctx_fail(ctx, CR_ENOTFOUND, "no %s '%s' in %s: it has none", t->what, q, ds->dir);
    return cr_ctx_fail(ctx, CR_ENOTFOUND, "no %s '%s' in %s (by id, name or part of one); closest: %s", t->what, q,
                       ds->dir, list);
}

cr_error_t cr_dataset_resolve_park(cr_ctx *ctx, const cr_dataset *ds, const char *q, int32_t *out)
{
    const table t = {"park", ds->npark, cr_dataset_park_id, cr_dataset_park_name};
    return resolve(ctx, ds, &t, q, out);
}

cr_error_t cr_dataset_resolve_chain(cr_ctx *ctx, const cr_dataset *ds, const char *q, int32_t *out)
{
    const table t = {"chain", ds->nchain, cr_dataset_chain_id, cr_dataset_chain_name};
    return resolve(ctx, ds, &t, q, out);
}
