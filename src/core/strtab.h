/* String storage for millions of ids and names.
 * cr__strpool: append-only; strings live in one growing byte buffer and are
 *   addressed by index (offsets), so a million names cost one allocation
 *   pattern, not a million mallocs.
 * cr__strtab: a pool plus an open-addressing hash (FNV-1a, linear probing,
 *   load <= 1/2) mapping a string to its dense index 0..n-1.
 *   A slot holds the string's first CR__SLOT_PRE bytes, its length and 8
 *   more bits of its hash, so a lookup of an id of up to CR__SLOT_PRE bytes
 *   (the synthetic "E123456" and the A-share "600000.SH" alike) touches one
 *   cache line instead of three (slot, pool offset, pool bytes): loading
 *   links.csv does two lookups a row, millions of them, each a cache miss.
 *   16 bytes a slot, 32 per string at load 1/2. */
#ifndef CR_STRTAB_H
#define CR_STRTAB_H

#include <chainrank/cr_core.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *bytes;        /* NUL-terminated strings back to back */
    size_t used, cap;
    uint64_t *off;      /* [n] start of string i in bytes */
    size_t n, ncap;
} cr__strpool;

#define CR__SLOT_PRE 10
typedef struct {
    int32_t idx;              /* index into pool, -1 = empty */
    uint8_t len;              /* string length, 255 if >= 255 */
    uint8_t tag;              /* hash bits 56..63 (the slot number uses the low bits) */
    char pre[CR__SLOT_PRE];   /* first bytes, zero-padded */
} cr__slot;

typedef struct {
    cr__strpool pool;
    cr__slot *slot;     /* [nslot] */
    size_t nslot;
} cr__strtab;

void cr__strpool_init(cr__strpool *p);
void cr__strpool_destroy(cr__strpool *p);
cr_error_t cr__strpool_add(cr_ctx *ctx, cr__strpool *p, const char *s, size_t len);
static inline const char *cr__strpool_get(const cr__strpool *p, size_t i) { return p->bytes + p->off[i]; }

void cr__strtab_init(cr__strtab *t);
void cr__strtab_destroy(cr__strtab *t);
/* *idx = index of s; *added = 1 if it was new. */
cr_error_t cr__strtab_intern(cr_ctx *ctx, cr__strtab *t, const char *s, size_t len, int32_t *idx, int *added);
int32_t cr__strtab_find(const cr__strtab *t, const char *s, size_t len);   /* -1 if absent */
/* The slots of a table whose pool was filled directly (t->slot NULL): the
 * same nslot and slots as interning the pool's strings in order would give
 * (linear probing in index order), in one pass without the rehashes. *dup =
 * the first index whose string repeats an earlier one (the table is then
 * unusable: destroy it), else -1. The parallel CSV loader's merge. */
cr_error_t cr__strtab_build(cr_ctx *ctx, cr__strtab *t, int32_t *dup);
static inline const char *cr__strtab_get(const cr__strtab *t, size_t i) { return cr__strpool_get(&t->pool, i); }
static inline size_t cr__strtab_size(const cr__strtab *t) { return t->pool.n; }

#endif
