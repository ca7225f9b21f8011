/* Dataset snapshots: the loaded dataset, its model and ranker in one file,
 * mapped instead of loading the CSV files (docs/snapshot.md).
 *
 * File: a header (hdr below), then 64-byte aligned blocks — the fingerprint
 * of the dataset's files (text), the load's warnings (text), the raw bytes
 * of struct cr_dataset, cr_model and cr_ranker, every array the visit
 * functions list (src/snapshot/visit.h) in visit order — and the table of
 * contents: (offset, bytes) of each array, offset UINT64_MAX for a NULL one.
 * Reading maps the file privately and points every array field into it (no
 * copy; pages come in as they are touched). The raw structs carry the
 * scalars (counts, sizes); their pointer fields are all overwritten by the
 * visit (the _Static_asserts in the visit files keep that list whole).
 *
 * Trust: a snapshot is used only when every check passes — magic, version,
 * byte order, sizes of the structs, CR__SNAP_LAYOUT, the header's own hash,
 * the file's length, every table entry inside the file and of the size its
 * visit expects, a hash of all blocks, every array's invariants (visit.h:
 * the hashes catch damage, the invariants a crafted file with recomputed
 * hashes), and the fingerprint of the dataset's files (size, mtime, ctime,
 * device, inode and a content hash of each: see file_print). Anything else
 * is a warning naming the check, and the files are read instead. */
#include "snapshot/snapshot.h"
#include "snapshot/visit.h"
#include "data/dataset.h"
#include "data/dataset_visit.h"
#include "graph/model.h"
#include "rank/rank_internal.h"
#include "rank/ranker_visit.h"
#include "core/core_internal.h"
#include "core/sbuf.h"
#include <chainrank/cr_world.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SNAP_MAGIC "CRSNAP\r\n"   /* CR LF: a text-mode copy is caught by the magic */
enum { SNAP_VERSION = 2, SNAP_ALIGN = 64 };   /* 2: the fingerprint has ctime, device and inode */

typedef struct {
    char magic[8];
    uint32_t version, byte_order;      /* byte_order: 0x01020304 as written */
    uint32_t layout;                   /* CR__SNAP_LAYOUT */
    uint32_t sz_ptr, sz_size, sz_double;
    uint32_t sz_dataset, sz_model, sz_ranker, sz_rec, sz_slot, pad_;
    uint64_t file_bytes;
    uint64_t fp_off, fp_bytes;         /* fingerprint text */
    uint64_t warn_off, warn_bytes;     /* warnings text */
    uint64_t ds_off, model_off, ranker_off;
    uint64_t toc_off, narr;            /* [narr] x {offset, bytes} */
    uint64_t body_hash;                /* hash of every block (snap_body_hash) */
    uint64_t hdr_hash;                 /* hash of the bytes above */
} snap_hdr;

/* ---- hashing: 4 lanes of 64-bit multiply-rotate over 32-byte blocks (after
 * xxHash64's round), 3-5 GB/s on the shared test machine (memory reads
 * 5 GB/s there); not cryptographic: it detects damage
 * and changed files, not an adversary. */
static inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static const uint64_t P1 = 11400714785074694791ull, P2 = 14029467366897019727ull, P3 = 1609587929392839161ull;
static inline uint64_t round64(uint64_t acc, uint64_t in) { return rotl(acc + in * P2, 31) * P1; }

typedef struct {
    uint64_t v[4];
    uint64_t total;
    unsigned char buf[32];
    size_t nbuf;
} hasher;

static void h_init(hasher *h)
{
    h->v[0] = P1 + P2; h->v[1] = P2; h->v[2] = 0; h->v[3] = 0 - P1;
    h->total = 0;
    h->nbuf = 0;
}

static void h_block(hasher *h, const unsigned char *p)
{
    uint64_t w[4];
    memcpy(w, p, 32);
    for (int i = 0; i < 4; i++) h->v[i] = round64(h->v[i], w[i]);
}

static void h_add(hasher *h, const void *data, size_t len)
{
    const unsigned char *p = data;
    h->total += len;
    if (h->nbuf) {
        size_t take = 32 - h->nbuf < len ? 32 - h->nbuf : len;
        memcpy(h->buf + h->nbuf, p, take);
        h->nbuf += take; p += take; len -= take;
        if (h->nbuf < 32) return;
        h_block(h, h->buf);
        h->nbuf = 0;
    }
    /* the lanes in registers: through h->v[] (which p may alias, as an
     * unsigned char pointer) every block stored and reloaded them, and the
     * hash ran at 1.1-1.7 GB/s; like this 3-5 GB/s on the same machine
     * (bench/results.md), the same values */
    uint64_t v0 = h->v[0], v1 = h->v[1], v2 = h->v[2], v3 = h->v[3];
    for (; len >= 32; p += 32, len -= 32) {
        uint64_t w[4];
        memcpy(w, p, 32);
        v0 = round64(v0, w[0]);
        v1 = round64(v1, w[1]);
        v2 = round64(v2, w[2]);
        v3 = round64(v3, w[3]);
    }
    h->v[0] = v0; h->v[1] = v1; h->v[2] = v2; h->v[3] = v3;
    memcpy(h->buf, p, len);
    h->nbuf = len;
}

static uint64_t h_end(const hasher *h)
{
    uint64_t x = rotl(h->v[0], 1) + rotl(h->v[1], 7) + rotl(h->v[2], 12) + rotl(h->v[3], 18) + h->total;
    for (size_t i = 0; i < h->nbuf; i++) x = rotl(x ^ (h->buf[i] * P3), 11) * P1;
    x ^= x >> 33; x *= P2; x ^= x >> 29; x *= P3; x ^= x >> 32;
    return x;
}

static uint64_t hash_mem(const void *p, size_t n)
{
    hasher h;
    h_init(&h);
    h_add(&h, p, n);
    return h_end(&h);
}

/* cr__sb_printf with the allocation failure as a code */
static cr_error_t sb(cr_ctx *ctx, cr__sbuf *b, const char *fmt, ...) CR_PRINTF(3, 4);
static cr_error_t sb(cr_ctx *ctx, cr__sbuf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cr__sb_printf(b, "%s", tmp);
    return b->oom ? cr_ctx_fail(ctx, CR_ENOMEM, "out of memory") : CR_OK;
}

/* ---- paths */
static void join(char *out, size_t cap, const char *dir, const char *file)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    snprintf(out, cap, "%.*s/%s", (int)n, dir, file);
}

void cr_snapshot_default_path(const char *dir, char *buf, size_t cap) { join(buf, cap, dir, ".chainrank/snapshot.bin"); }

/* ---- fingerprint: one line a file,
 * "name\tsize\tmtime_ns\tctime_ns\tdev\tino\thash\n" with fixed-width
 * numbers, dataset.json first, then the files it names.
 *
 * Freshness at open (docs/snapshot.md "Fresh"): size or mtime differ ->
 * stale, without reading the file (touch, a copy with new times, an edit
 * that changes the size). All of size, mtime, ctime, device and inode equal
 * -> fresh without reading it: an edit through the kernel sets ctime to the
 * time of the edit, and ctime cannot be set back from user space (utimensat,
 * `touch -d`, `touch -r` restore mtime but set ctime to now), so an edit
 * that kept size and mtime still changed ctime. Otherwise (same size and
 * mtime, another ctime or inode: `cp -a`, a restore of the times after an
 * edit) the content hash decides, as it always did. "Racy" entries, a ctime
 * within RACY_NS of the moment the snapshot was written (on a filesystem
 * with coarse timestamps a later edit could land on the same ctime; git's
 * racy-git rule, Documentation/technical/racy-git.txt), are written with
 * ctime 0 and so are hashed at every open. */
enum { RACY_S = 2 };   /* FAT's 2 s is the coarsest timestamp of a Linux filesystem */

typedef struct {
    uint64_t size, dev, ino;
    int64_t mtime, ctime;
} file_id;

static int64_t ns_of(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

/* Opens dir/name; -1 (and errno) if it is not a readable regular file. */
static int open_file(const char *dir, const char *name, file_id *id)
{
    char path[4096];
    join(path, sizeof path, dir, name);
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0) close(fd);
        return -1;
    }
    id->size = (uint64_t)st.st_size;
    id->dev = (uint64_t)st.st_dev;
    id->ino = (uint64_t)st.st_ino;
    id->mtime = ns_of(st.st_mtim);
    id->ctime = ns_of(st.st_ctim);
    return fd;
}

/* The content hash of an open file; 1 on a read error. */
static int hash_fd(cr_ctx *ctx, int fd, uint64_t *out)
{
    hasher h;
    h_init(&h);
    enum { CHUNK = 1 << 20 };
    unsigned char *buf = cr__malloc(ctx, CHUNK, 1);
    if (!buf) return 1;
    int bad = 0;
    for (;;) {
        ssize_t got = read(fd, buf, CHUNK);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            bad = got < 0;
            break;
        }
        h_add(&h, buf, (size_t)got);
    }
    free(buf);
    *out = h_end(&h);
    return bad;
}

static cr_error_t file_print(cr_ctx *ctx, const char *dir, const char *name, int64_t now, cr__sbuf *out, int *missing)
{
    file_id id;
    uint64_t hash;
    int fd = open_file(dir, name, &id);
    if (fd < 0 || hash_fd(ctx, fd, &hash)) {
        if (fd >= 0) close(fd);
        *missing = 1;
        return sb(ctx, out, "%s\t-\n", name);
    }
    close(fd);
    if (id.ctime > now - (int64_t)RACY_S * 1000000000) id.ctime = 0;   /* racy: always hashed */
    return sb(ctx, out, "%s\t%020" PRIu64 "\t%020" PRId64 "\t%020" PRId64 "\t%020" PRIu64 "\t%020" PRIu64 "\t%016" PRIx64 "\n",
              name, id.size, id.mtime, id.ctime, id.dev, id.ino, hash);
}

static cr_error_t fingerprint(cr_ctx *ctx, const char *dir, char *const *names, size_t n, cr__sbuf *out, int *missing)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    const int64_t now = ns_of(t);
    *missing = 0;
    CR_CHECK(file_print(ctx, dir, "dataset.json", now, out, missing));
    for (size_t i = 0; i < n; i++) CR_CHECK(file_print(ctx, dir, names[i], now, out, missing));
    return CR_OK;
}

/* One fingerprint line against the file now: 0 fresh, 1 changed, -1 a line
 * that does not parse, -2 out of memory. *hashed: the content was read. */
static int file_fresh(cr_ctx *ctx, const char *dir, const char *line, size_t len, char *name, size_t ncap, int *hashed)
{
    char text[1200];
    if (len >= sizeof text) return -1;
    memcpy(text, line, len);
    text[len] = 0;
    char *tab = strchr(text, '\t');
    if (!tab || (size_t)(tab - text) >= ncap) return -1;
    snprintf(name, ncap, "%.*s", (int)(tab - text), text);
    file_id want, now;
    uint64_t hash;
    if (sscanf(tab + 1, "%" SCNu64 "\t%" SCNd64 "\t%" SCNd64 "\t%" SCNu64 "\t%" SCNu64 "\t%" SCNx64, &want.size, &want.mtime,
               &want.ctime, &want.dev, &want.ino, &hash) != 6)
        return -1;
    int fd = open_file(dir, name, &now);
    if (fd < 0) return 1;
    int r = 0;
    if (now.size != want.size || now.mtime != want.mtime) {
        r = 1;
    } else if (want.ctime == 0 || now.ctime != want.ctime || now.dev != want.dev || now.ino != want.ino) {
        uint64_t h;
        *hashed = 1;
        if (hash_fd(ctx, fd, &h)) r = 1;
        else r = h != hash;
    }
    close(fd);
    return r;
}

/* ---- warnings: "D|A file\tline\tcolumn\tfield\tmessage\n" (D: relative to
 * the dataset folder, so the snapshot serves any spelling of its path),
 * after a first line with the total count (the ctx keeps a limited list). */
static cr_error_t warnings_text(cr_ctx *ctx, const char *dir, size_t w0, cr__sbuf *out)
{
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/') dl--;
    CR_CHECK(sb(ctx, out, "%zu\n", cr_ctx_nwarn_total(ctx) - w0));
    for (size_t i = w0; i < cr_ctx_nwarn(ctx); i++) {
        const cr_diag *d = cr_ctx_warning(ctx, i);
        const char *f = d->file ? d->file : "";
        int rel = !strncmp(f, dir, dl) && f[dl] == '/';
        CR_CHECK(sb(ctx, out, "%c%s\t%ld\t%ld\t%s\t%s\n", rel ? 'D' : 'A', rel ? f + dl + 1 : f, d->line,
                                 d->column, d->field ? d->field : "", d->message ? d->message : ""));
    }
    return CR_OK;
}

static cr_error_t warnings_replay(cr_ctx *ctx, const char *dir, const char *t, size_t len)
{
    const char *end = t + len, *nl = memchr(t, '\n', len);
    if (!nl) return CR_OK;
    size_t total = strtoull(t, NULL, 10), added = 0;
    char path[4096];
    const cr_diag *last = NULL;
    for (const char *p = nl + 1; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        const char *f[5];
        size_t fl[5];
        const char *q = p + 1;
        for (int k = 0; k < 5; k++) {
            const char *tab = k < 4 ? memchr(q, '\t', (size_t)(nl - q)) : nl;
            if (!tab) return CR_OK;
            f[k] = q;
            fl[k] = (size_t)(tab - q);
            q = tab + 1;
        }
        char file[2048], field[256];
        snprintf(file, sizeof file, "%.*s", (int)fl[0], f[0]);
        snprintf(field, sizeof field, "%.*s", (int)fl[3], f[3]);
        if (*p == 'D') join(path, sizeof path, dir, file); else snprintf(path, sizeof path, "%s", file);
        CR_CHECK(cr_ctx_add_warning(ctx, path, strtol(f[1], NULL, 10), strtol(f[2], NULL, 10), field, "%.*s",
                                    (int)fl[4], f[4]));
        added++;
        last = cr_ctx_warning(ctx, cr_ctx_nwarn(ctx) - 1);
    }
    /* past the ctx's limit only the count was kept: count them again */
    for (; added < total && last; added++)
        CR_CHECK(cr_ctx_add_warning(ctx, last->file, last->line, last->column, last->field, "%s", last->message));
    return CR_OK;
}

/* ---- writing */
typedef struct {
    cr__snap_visit v;
    cr_ctx *ctx;
    const void **ptr;      /* collected arrays */
    uint64_t *bytes;
    size_t n, cap;
} collect_visit;

static cr_error_t collect_array(cr__snap_visit *v, void *field, size_t elem, size_t n, int opt)
{
    (void)opt;
    collect_visit *c = (collect_visit *)v;
    const void *p;
    memcpy(&p, field, sizeof p);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        const void **np = realloc(c->ptr, cap * sizeof *np);
        if (np) c->ptr = np;
        uint64_t *nb = realloc(c->bytes, cap * sizeof *nb);
        if (nb) c->bytes = nb;
        if (!np || !nb) return cr_ctx_fail(c->ctx, CR_ENOMEM, "out of memory");
        c->cap = cap;
    }
    if (n == CR__SNAP_ANY || n == CR__SNAP_BAD) return cr_ctx_fail(c->ctx, CR_EINVAL, "snapshot: an array of unknown size");
    c->ptr[c->n] = p;
    c->bytes[c->n] = p ? (uint64_t)elem * n : UINT64_MAX;
    c->n++;
    return CR_OK;
}

static uint64_t align_up(uint64_t x) { return (x + SNAP_ALIGN - 1) / SNAP_ALIGN * SNAP_ALIGN; }

typedef struct {
    const void *p;
    uint64_t off, bytes;
} block;

/* The hash of the body: every block in file order, each preceded by its
 * offset and length, so moved or resized blocks change it too. */
static uint64_t body_hash(const block *b, size_t nb)
{
    hasher h;
    h_init(&h);
    for (size_t i = 0; i < nb; i++) {
        uint64_t head[2] = {b[i].off, b[i].bytes};
        h_add(&h, head, sizeof head);
        if (b[i].bytes) h_add(&h, b[i].p, b[i].bytes);
    }
    return h_end(&h);
}

static cr_error_t write_all(cr_ctx *ctx, cr_outfile *of, const block *b, size_t nb)
{
    static const unsigned char zeros[SNAP_ALIGN];
    uint64_t at = 0;
    for (size_t i = 0; i < nb; i++) {
        while (at < b[i].off) {
            size_t pad = b[i].off - at < SNAP_ALIGN ? (size_t)(b[i].off - at) : SNAP_ALIGN;
            if (fwrite(zeros, 1, pad, of->fp) != pad) return cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", of->path, strerror(errno));
            at += pad;
        }
        if (b[i].bytes && fwrite(b[i].p, 1, b[i].bytes, of->fp) != b[i].bytes)
            return cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", of->path, strerror(errno));
        at += b[i].bytes;
    }
    return CR_OK;
}

static void fill_sizes(snap_hdr *h)
{
    memcpy(h->magic, SNAP_MAGIC, 8);
    h->version = SNAP_VERSION;
    h->byte_order = 0x01020304u;
    h->layout = CR__SNAP_LAYOUT;
    h->sz_ptr = (uint32_t)sizeof(void *);
    h->sz_size = (uint32_t)sizeof(size_t);
    h->sz_double = (uint32_t)sizeof(double);
    h->sz_dataset = (uint32_t)sizeof(struct cr_dataset);
    h->sz_model = (uint32_t)sizeof(struct cr_model);
    h->sz_ranker = (uint32_t)sizeof(struct cr_ranker);
    h->sz_rec = (uint32_t)sizeof(cr__cand_rec);
    h->sz_slot = (uint32_t)sizeof(cr__slot);
}

cr_error_t cr_snapshot_write(cr_ctx *ctx, const char *dir, const char *path, cr_snapshot_info *info)
{
    if (info) memset(info, 0, sizeof *info);
    char defpath[4096];
    cr_world w;
    cr_world_params wp;
    cr_world_params_default(&wp);
    size_t w0 = cr_ctx_nwarn_total(ctx);
    char **names = NULL;
    size_t nnames = 0;
    cr__sbuf fp = {0}, wt = {0};
    collect_visit cv = {{collect_array}, ctx, NULL, NULL, 0, 0};
    block *b = NULL;
    cr_outfile of = {0};
    memset(&w, 0, sizeof w);
    /* from the files, whatever the ctx says about snapshots */
    cr_error_t rc = cr__dataset_load_files(ctx, dir, NULL, &w.ds);
    if (rc == CR_OK) rc = cr_model_build(ctx, w.ds, &wp.model, &w.model);
    if (rc == CR_OK) rc = cr_ranker_new(ctx, w.model, &w.ranker);
    if (rc == CR_OK) rc = cr__dataset_source_files(ctx, dir, &names, &nnames);
    int missing = 0;
    if (rc == CR_OK) rc = fingerprint(ctx, dir, names, nnames, &fp, &missing);
    if (rc == CR_OK && missing) rc = cr_ctx_fail(ctx, CR_EIO, "%s: a file of the dataset could not be read again", dir);
    if (rc == CR_OK) rc = warnings_text(ctx, dir, w0, &wt);
    if (rc == CR_OK) rc = cr__dataset_visit(w.ds, &cv.v, 0);
    if (rc == CR_OK) rc = cr__model_visit(w.model, &cv.v);
    if (rc == CR_OK) rc = cr__ranker_visit(w.ranker, &cv.v);
    if (rc == CR_OK && !path) {   /* the folder once the dataset is known to be one */
        cr_snapshot_default_path(dir, defpath, sizeof defpath);
        char folder[4096];
        join(folder, sizeof folder, dir, ".chainrank");
        if (mkdir(folder, 0777) != 0 && errno != EEXIST)
            rc = cr_ctx_fail(ctx, CR_EIO, "cannot create %s: %s", folder, strerror(errno));
        path = defpath;
    }
    if (rc != CR_OK) goto out;
    {
        /* layout: header, fingerprint, warnings, 3 structs, arrays, toc */
        size_t nb = 6 + cv.n + 1;
        b = cr__calloc(ctx, nb, sizeof *b);
        uint64_t *toc = cr__malloc(ctx, 2 * cv.n + 1, sizeof *toc);
        if (!b || !toc) { free(toc); rc = CR_ENOMEM; goto out; }
        snap_hdr h;
        memset(&h, 0, sizeof h);
        fill_sizes(&h);
        uint64_t at = align_up(sizeof h);
        size_t k = 1;
        b[k++] = (block){fp.s, h.fp_off = at, h.fp_bytes = fp.len}; at = align_up(at + fp.len);
        b[k++] = (block){wt.s, h.warn_off = at, h.warn_bytes = wt.len}; at = align_up(at + wt.len);
        b[k++] = (block){w.ds, h.ds_off = at, sizeof(struct cr_dataset)}; at = align_up(at + sizeof(struct cr_dataset));
        b[k++] = (block){w.model, h.model_off = at, sizeof(struct cr_model)}; at = align_up(at + sizeof(struct cr_model));
        b[k++] = (block){w.ranker, h.ranker_off = at, sizeof(struct cr_ranker)}; at = align_up(at + sizeof(struct cr_ranker));
        for (size_t i = 0; i < cv.n; i++) {
            if (cv.bytes[i] == UINT64_MAX) {
                toc[2 * i] = UINT64_MAX;
                toc[2 * i + 1] = 0;
                b[k++] = (block){NULL, at, 0};
                continue;
            }
            toc[2 * i] = at;
            toc[2 * i + 1] = cv.bytes[i];
            b[k++] = (block){cv.ptr[i], at, cv.bytes[i]};
            at = align_up(at + cv.bytes[i]);
        }
        h.toc_off = at;
        h.narr = cv.n;
        b[k++] = (block){toc, at, 2 * cv.n * sizeof *toc};
        h.file_bytes = at + 2 * cv.n * sizeof *toc;
        h.body_hash = body_hash(b + 1, nb - 1);
        h.hdr_hash = hash_mem(&h, offsetof(snap_hdr, hdr_hash));
        b[0] = (block){&h, 0, sizeof h};
        if ((rc = cr_outfile_init(ctx, &of, path)) == CR_OK && (rc = write_all(ctx, &of, b, nb)) == CR_OK &&
            (rc = cr_outfile_close(ctx, &of)) == CR_OK)
            rc = cr_outfile_publish(ctx, &of);
        free(toc);
        if (rc == CR_OK && info) {
            info->bytes = h.file_bytes;
            info->arrays = (int64_t)cv.n;
            info->files = (int64_t)nnames + 1;
        }
    }
out:
    cr_outfile_destroy(&of);
    free(b);
    free(cv.ptr);
    free(cv.bytes);
    free(fp.s);
    free(wt.s);
    if (names)
        for (size_t i = 0; i < nnames; i++) free(names[i]);
    free(names);
    cr_world_destroy(&w);
    return rc;
}

/* ---- reading */
int cr__snapshot_applies(const cr_ctx *ctx, const cr_load_params *params)
{
    if (!cr_ctx_snapshot_use(ctx)) return 0;
    if (!params) return 1;
    cr_load_params d;
    cr_load_params_default(&d);
    return params->share_tolerance == d.share_tolerance && params->skip_likelihood == d.skip_likelihood &&
           !params->extra_enterprises && !params->extra_source;
}

void cr__snapshot_unmap(void *map, size_t len)
{
    if (map) munmap(map, len);
}

typedef struct {
    cr__snap_visit v;
    cr_ctx *ctx;
    unsigned char *base;
    const uint64_t *toc;
    uint64_t narr, i, file_bytes;
    const char *path;
    char why[256];
} point_visit;

static cr_error_t point_array(cr__snap_visit *v, void *field, size_t elem, size_t n, int opt)
{
    point_visit *pv = (point_visit *)v;
    void *p = NULL;
    if (pv->i >= pv->narr) {
        snprintf(pv->why, sizeof pv->why, "table of contents: %" PRIu64 " arrays, this build lists more", pv->narr);
        return CR_EDATA;
    }
    if (n == CR__SNAP_BAD) {
        snprintf(pv->why, sizeof pv->why, "array %" PRIu64 ": a negative count", pv->i);
        return CR_EDATA;
    }
    uint64_t off = pv->toc[2 * pv->i], bytes = pv->toc[2 * pv->i + 1];
    if (off == UINT64_MAX && n && n != CR__SNAP_ANY && !opt) {   /* every user indexes it: it must be there */
        snprintf(pv->why, sizeof pv->why, "array %" PRIu64 ": absent, its counts say %zu elements", pv->i, n);
        return CR_EDATA;
    }
    if (off != UINT64_MAX) {
        if (off % SNAP_ALIGN || off > pv->file_bytes || bytes > pv->file_bytes - off) {
            snprintf(pv->why, sizeof pv->why, "array %" PRIu64 " outside the file", pv->i);
            return CR_EDATA;
        }
        if (n == CR__SNAP_ANY) {
            if (elem != 1 || bytes == 0 || pv->base[off + bytes - 1] != 0) {
                snprintf(pv->why, sizeof pv->why, "array %" PRIu64 ": not a string", pv->i);
                return CR_EDATA;
            }
        } else if (n > UINT64_MAX / (elem ? elem : 1) || bytes != (uint64_t)elem * n) {
            snprintf(pv->why, sizeof pv->why, "array %" PRIu64 ": %" PRIu64 " bytes, its counts say %zu x %zu", pv->i,
                     bytes, n, elem);
            return CR_EDATA;
        }
        p = pv->base + off;
    }
    memcpy(field, &p, sizeof p);
    pv->i++;
    return CR_OK;
}

/* The hash of the body as the header places its blocks, into *out; 1 with
 * why when a block lies outside the file. */
static int file_body_hash(const unsigned char *base, size_t len, const snap_hdr *hp, uint64_t *out, char *why, size_t cap)
{
    const snap_hdr h = *hp;
    uint64_t ends[6][2] = {{h.fp_off, h.fp_bytes}, {h.warn_off, h.warn_bytes}, {h.ds_off, sizeof(struct cr_dataset)},
                           {h.model_off, sizeof(struct cr_model)}, {h.ranker_off, sizeof(struct cr_ranker)},
                           {h.toc_off, 0}};
    if (h.narr > len / 16) return snprintf(why, cap, "damaged header (%" PRIu64 " arrays)", h.narr), 1;
    ends[5][1] = 16 * h.narr;
    for (int k = 0; k < 6; k++)
        if (ends[k][0] % SNAP_ALIGN || ends[k][0] > len || ends[k][1] > len - ends[k][0])
            return snprintf(why, cap, "damaged header (block %d outside the file)", k), 1;
    /* the body hash over the same blocks the writer hashed */
    block *b = malloc((6 + h.narr) * sizeof *b);
    if (!b) return snprintf(why, cap, "out of memory"), 1;
    size_t k = 0;
    for (int j = 0; j < 5; j++) b[k++] = (block){base + ends[j][0], ends[j][0], ends[j][1]};
    const uint64_t *toc = (const uint64_t *)(base + h.toc_off);
    uint64_t at = align_up(h.ranker_off + sizeof(struct cr_ranker));
    for (uint64_t i = 0; i < h.narr; i++) {
        uint64_t off = toc[2 * i], bytes = toc[2 * i + 1];
        if (off == UINT64_MAX) { b[k++] = (block){NULL, at, 0}; continue; }
        if (off > len || bytes > len - off) {
            free(b);
            return snprintf(why, cap, "damaged (array %" PRIu64 " outside the file)", i), 1;
        }
        b[k++] = (block){base + off, off, bytes};
        at = align_up(off + bytes);
    }
    b[k++] = (block){toc, h.toc_off, 16 * h.narr};
    *out = body_hash(b, k);
    free(b);
    return 0;
}

/* Why the snapshot at path cannot be used, into why; 0 if it can. Checks
 * everything but the array sizes (checked while pointing). */
static int check_file(cr_ctx *ctx, const char *dir, const unsigned char *base, size_t len, char *why, size_t cap,
                      int *stale)
{
    snap_hdr h, want;
    *stale = 0;
    if (len >= 8 && memcmp(base, SNAP_MAGIC, 8)) return snprintf(why, cap, "not a chainrank snapshot (bad magic)"), 1;
    if (len < sizeof h) return snprintf(why, cap, "truncated (%zu bytes, shorter than its header)", len), 1;
    memcpy(&h, base, sizeof h);
    memset(&want, 0, sizeof want);
    fill_sizes(&want);
    if (h.byte_order != want.byte_order) return snprintf(why, cap, "written on a machine of another byte order"), 1;
    if (hash_mem(&h, offsetof(snap_hdr, hdr_hash)) != h.hdr_hash) return snprintf(why, cap, "damaged header (hash)"), 1;
    if (h.version != want.version || h.layout != want.layout || h.sz_ptr != want.sz_ptr || h.sz_size != want.sz_size ||
        h.sz_double != want.sz_double || h.sz_dataset != want.sz_dataset || h.sz_model != want.sz_model ||
        h.sz_ranker != want.sz_ranker || h.sz_rec != want.sz_rec || h.sz_slot != want.sz_slot) {
        *stale = 1;
        return snprintf(why, cap, "written by another chainrank build (format %u layout %u, this build %u layout %u)",
                        h.version, h.layout, want.version, want.layout), 1;
    }
    if (h.file_bytes != len)
        return snprintf(why, cap, "%s (%zu bytes, its header says %" PRIu64 ")", len < h.file_bytes ? "truncated" : "too long",
                        len, h.file_bytes), 1;
    uint64_t bh;
    if (file_body_hash(base, len, &h, &bh, why, cap)) return 1;
    if (bh != h.body_hash) return snprintf(why, cap, "damaged (content hash differs)"), 1;
    /* fresh? each file it names, by the rule above file_print */
    const char *t = (const char *)base + h.fp_off, *end = t + h.fp_bytes;
    for (const char *p = t; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char name[1024];
        int hashed = 0;
        int r = nl ? file_fresh(ctx, dir, p, (size_t)(nl - p), name, sizeof name, &hashed) : -1;
        if (r == -1) return snprintf(why, cap, "damaged fingerprint"), 1;
        if (r == 1) {
            *stale = 1;
            return snprintf(why, cap, "stale: %s changed since the snapshot was written", name), 1;
        }
        p = nl + 1;
    }
    return 0;
}

int cr__snapshot_rehash(unsigned char *base, size_t len)
{
    snap_hdr h;
    char why[256];
    if (len < sizeof h) return 0;
    memcpy(&h, base, sizeof h);
    if (h.file_bytes != len || file_body_hash(base, len, &h, &h.body_hash, why, sizeof why)) return 0;
    h.hdr_hash = hash_mem(&h, offsetof(snap_hdr, hdr_hash));
    memcpy(base, &h, sizeof h);
    return 1;
}

cr_error_t cr__snapshot_open(cr_ctx *ctx, const char *dir, cr_dataset **ds_out, cr_model **model_out, cr_ranker **ranker_out)
{
    *ds_out = NULL;
    if (model_out) *model_out = NULL;
    if (ranker_out) *ranker_out = NULL;
    char defpath[4096];
    const char *path = cr_ctx_snapshot_path(ctx);
    if (!path) {
        cr_snapshot_default_path(dir, defpath, sizeof defpath);
        path = defpath;
    }
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        if (errno == ENOENT && !cr_ctx_snapshot_path(ctx)) return CR_OK;   /* none: the usual case, no word */
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "cannot open: %s; reading the dataset's files", strerror(errno));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "not a regular file; reading the dataset's files");
    }
    size_t len = (size_t)st.st_size;
    if (len == 0) {
        close(fd);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "truncated (empty); reading the dataset's files");
    }
    /* Private and writable: the library treats these arrays as read-only,
     * and a stray write would change a private copy of a page, never the
     * file (nor crash on a read-only page). */
    void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "cannot map: %s; reading the dataset's files", strerror(errno));
    unsigned char *base = map;
    char why[512];
    int stale;
    if (check_file(ctx, dir, base, len, why, sizeof why, &stale)) {
        munmap(map, len);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "%s; reading the dataset's files", why);
    }
    snap_hdr h;
    memcpy(&h, base, sizeof h);
    cr_dataset *ds = cr__calloc(ctx, 1, sizeof *ds);
    cr_model *m = model_out ? cr__calloc(ctx, 1, sizeof *m) : NULL;
    cr_ranker *r = ranker_out ? cr__calloc(ctx, 1, sizeof *r) : NULL;
    char *dircopy = cr__strdup(ctx, dir);
    if (!ds || (model_out && !m) || (ranker_out && !r) || !dircopy) {
        free(ds); free(m); free(r); free(dircopy);
        munmap(map, len);
        return CR_ENOMEM;
    }
    point_visit pv = {{point_array}, ctx, base, (const uint64_t *)(base + h.toc_off), h.narr, 0, len, path, ""};
    memcpy(ds, base + h.ds_off, sizeof *ds);
    ds->likely = NULL;
    ds->projects = NULL;
    /* the invariants (visit.h): counts before the visit reads off[n] */
    char inv[256] = "";
    cr__snap_why w = {inv, sizeof inv};
    cr_error_t rc = cr__dataset_check_counts(ds, &w) ? CR_EDATA : cr__dataset_visit(ds, &pv.v, 1);
    if (rc == CR_OK && !ds->park_chain_off) rc = CR_EDATA;   /* a load always leaves these */
    /* the model and ranker arrays follow the dataset's in the table: visit
     * them (checking sizes) even for a dataset alone, so a damaged table is
     * caught whatever is asked */
    cr_model mtmp;
    cr_ranker rtmp;
    cr_model *mv = m ? m : &mtmp;
    cr_ranker *rv = r ? r : &rtmp;
    if (rc == CR_OK) {
        memcpy(mv, base + h.model_off, sizeof *mv);
        mv->ds = ds;
        rc = cr__model_visit(mv, &pv.v);
    }
    if (rc == CR_OK) {
        memcpy(rv, base + h.ranker_off, sizeof *rv);
        rv->m = mv;
        rv->ds = ds;
        rc = cr__ranker_visit(rv, &pv.v);
    }
    if (rc == CR_OK && pv.i != pv.narr) {
        snprintf(pv.why, sizeof pv.why, "table of contents: %" PRIu64 " arrays, this build lists %" PRIu64, pv.narr, pv.i);
        rc = CR_EDATA;
    }
    /* every array's invariants, the model's and ranker's too when only the
     * dataset is asked for (validate then refuses what rank would) */
    if (rc == CR_OK && (cr__dataset_check(ds, &w) || cr__model_check(mv, &w) || cr__ranker_check(rv, &w))) {
        munmap(map, len);
        free(ds); free(m); free(r); free(dircopy);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "invalid (%s); reading the dataset's files", inv);
    }
    if (rc != CR_OK && inv[0]) {
        munmap(map, len);
        free(ds); free(m); free(r); free(dircopy);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "invalid (%s); reading the dataset's files", inv);
    }
    if (rc != CR_OK) {
        free(ds); free(m); free(r); free(dircopy);
        munmap(map, len);
        return cr_ctx_add_warning(ctx, path, 0, 0, "snapshot", "damaged (%s); reading the dataset's files",
                                  pv.why[0] ? pv.why : "inconsistent counts");
    }
    ds->dir = dircopy;
    ds->snap_map = map;
    ds->snap_len = len;
    if (m) m->mapped = 1;
    if (r) {
        r->mapped = 1;
        r->m = m;
    }
    rc = warnings_replay(ctx, dir, (const char *)base + h.warn_off, h.warn_bytes);
    if (rc == CR_OK) rc = cr__dataset_load_extras(ctx, dir, ds);
    if (rc != CR_OK) {
        free(m); free(r);
        cr_dataset_free(ds);
        return rc;
    }
    *ds_out = ds;
    if (model_out) *model_out = m;
    if (ranker_out) *ranker_out = r;
    return CR_OK;
}
