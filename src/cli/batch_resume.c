/* What `batch --resume` needs from an earlier run (issue 18 §1.5): its stale
 * temporaries removed, and the index rows of the lists it completed.
 *
 * Rows: every run appends each index row to DIR/index.csv.journal as the
 * list is committed (flushed per row), and removes the journal once
 * index.csv is published. A run that was killed leaves its journal; a run
 * that finished leaves index.csv. A resumed list takes its row (candidates,
 * excluded, ranked, top id, top score) from the journal, else from index.csv;
 * a list with neither is ranked again (the same bytes: rank is
 * deterministic), so no index row is ever left blank. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* NAME.tmp.PID of a process that no longer runs (kill(pid, 0) says ESRCH):
 * one of cr_outfile's temporaries left by a killed run. A live run's
 * temporaries (another batch writing the same folder) are left alone. */
static int stale_tmp(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    if (!t) return 0;
    const char *last;
    while ((last = strstr(t + 1, ".tmp.")) != NULL) t = last;
    const char *d = t + 5;
    if (!*d || strlen(d) > 10) return 0;
    long pid = 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9') return 0;
        pid = pid * 10 + (*d - '0');
    }
    if (pid <= 0 || pid == (long)getpid()) return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static size_t clean_dir(const char *dir, int depth)
{
    DIR *dp = opendir(dir);
    if (!dp) return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) continue;
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 3) n += clean_dir(path, depth + 1);   /* DIR/scheme/chain/park.ext: 2 levels down */
        } else if (S_ISREG(st.st_mode) && stale_tmp(e->d_name) && unlink(path) == 0) {
            n++;
        }
    }
    closedir(dp);
    return n;
}

size_t batch_clean_stale(const char *outdir) { return clean_dir(outdir, 0); }

typedef struct {
    char *file;       /* the index's file column */
    char *vals;       /* candidates,excluded,ranked,top_id,top_score */
    size_t seq;       /* order read: the first row of a file wins */
} restored;

struct batch_restore {
    restored *r;
    size_t n, cap;
};

static int find_file(const void *key, const void *e)
{
    return strcmp((const char *)key, ((const restored *)e)->file);
}

static int by_file_seq(const void *a, const void *b)
{
    const restored *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Adds the complete rows of an index or journal file; the first row of a
 * file wins (the journal is read first). A torn last line (no newline) or a
 * row with the wrong field count is skipped. */
static void add_rows(batch_restore *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return;
    char line[8192];
    while (fgets(line, sizeof line, fp)) {
        size_t len = strlen(line);
        if (!len || line[len - 1] != '\n') continue;
        line[--len] = 0;
        char *f[11];
        int nf = 0;
        f[nf++] = line;
        for (char *c = line; *c && nf < 11; c++)
            if (*c == ',') { *c = 0; f[nf++] = c + 1; }
        if (nf != 10 || !strcmp(f[0], "scheme")) continue;
        if (!*f[3] || !*f[4] || !*f[5] || (strcmp(f[9], "written") && strcmp(f[9], "resumed"))) continue;
        if (t->n == t->cap) {
            size_t nc = t->cap ? 2 * t->cap : 64;
            restored *nr = realloc(t->r, nc * sizeof *nr);
            if (!nr) break;
            t->r = nr;
            t->cap = nc;
        }
        size_t vl = strlen(f[3]) + strlen(f[4]) + strlen(f[5]) + strlen(f[6]) + strlen(f[7]) + 5;
        char *vals = malloc(vl), *file = strdup(f[8]);
        if (!vals || !file) { free(vals); free(file); break; }
        snprintf(vals, vl, "%s,%s,%s,%s,%s", f[3], f[4], f[5], f[6], f[7]);
        t->r[t->n].file = file;
        t->r[t->n].vals = vals;
        t->r[t->n].seq = t->n;
        t->n++;
    }
    fclose(fp);
}

batch_restore *batch_restore_load(const char *outdir)
{
    batch_restore *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/index.csv.journal", outdir);
    add_rows(t, path);
    snprintf(path, sizeof path, "%s/index.csv", outdir);
    add_rows(t, path);
    if (t->n > 1) qsort(t->r, t->n, sizeof *t->r, by_file_seq);   /* t->r is NULL with no rows */
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (k && !strcmp(t->r[k - 1].file, t->r[i].file)) { free(t->r[i].file); free(t->r[i].vals); continue; }
        t->r[k++] = t->r[i];
    }
    t->n = k;
    return t;
}

const char *batch_restore_find(const batch_restore *t, const char *file)
{
    if (!t || !t->n) return NULL;
    const restored *r = bsearch(file, t->r, t->n, sizeof *t->r, find_file);
    return r ? r->vals : NULL;
}

void batch_restore_free(batch_restore *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) { free(t->r[i].file); free(t->r[i].vals); }
    free(t->r);
    free(t);
}
