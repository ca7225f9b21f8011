/* Synthetic national-scale dataset generator (docs/generator.md).
 *
 * Workload: 10^6 enterprises and a few 10^6 links in seconds. Rows are made in
 * fixed-size blocks; block b draws from its own GSL mt19937 seeded from
 * (seed, stream, b), so the bytes never depend on the thread count. Each round
 * formats one block per thread into that thread's buffer, then the buffers are
 * written in block order. Memory: the chain model, the parks (O(P*S)), about
 * 40 bytes per enterprise and one buffer per thread, never the file sizes. */
#include "gen/gen_internal.h"
#include "gen/gen_geo.h"
#include "data/columns.h"

#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ---- model constants (all documented in docs/generator.md) ---- */
#define REV_MU 8.006367567650246     /* ln(3000): median revenue 3,000 x 10^4 CNY */
#define REV_SIGMA 1.6
#define TENANT_SD_DEG 0.02           /* tenants sit within ~2 km of their park */
#define NEAR_PARK_SD_DEG 0.15
#define NEAR_CITY_SD_DEG 0.5
#define PARK_SD_DEG 0.3
#define LINK_LOCAL_P 0.8             /* supplier candidate drawn from the buyer's 3x3 cells */
#define LINK_DECAY_KM 100.0
#define LINK_NCAND 8
#define BUYER_NCAND 4
#define HIST_B1 2.0                  /* chain match */
#define HIST_B2 0.8                  /* ln(1 + partner tenants) */
#define HIST_B3 0.5                  /* ln(revenue/3000) x national park */
#define HIST_B4 1.0                  /* per 100 km */

enum {
    ENT_BLOCK = 8192, LINK_BLOCK = 65536, HIST_BLOCK = 512,
    GRID_ROWS = 36, GRID_COLS = 62, NCELL = GRID_ROWS * GRID_COLS,
    NCAT = 7, MAXSEG = 3, ROW_MAX = 2048
};
static const char *const cat_names[NCAT] = {"general", "mining", "chemical", "metallurgy",
                                            "battery", "electroplating", "pharma"};
/* t pollutant (SO2 + NOx + COD + particulates) per 10^4 CNY by category: illustrative */
static const double cat_pollutant[NCAT] = {0.0001, 0.001, 0.002, 0.002, 0.0005, 0.001, 0.0008};
static const char *const stage_names[3] = {"upstream", "midstream", "downstream"};
static const char *const level_names[3] = {"national", "provincial", "other"};

/* stream ids: high bits name the purpose, low bits the block */
#define STREAM_CHAIN (1ull << 40)
#define STREAM_PARK (2ull << 40)
#define STREAM_ENT (3ull << 40)
#define STREAM_LINK (4ull << 40)
#define STREAM_HIST (5ull << 40)

typedef struct {
    char *buf;
    size_t len, cap;
} sbuf;

typedef struct {
    const cr_gen_params *prm;
    uint64_t N, L, H;
    uint32_t P, K;
    /* segments */
    uint32_t S;
    uint16_t *seg_base;          /* [S] template index */
    int32_t *seg_variant;        /* [S] chain number (1-based) of a variant, 0 = template segment */
    double *seg_co2, *seg_rd;    /* [S] */
    uint8_t *seg_cat;            /* [S] index into cat_names */
    uint64_t *seg_chains;        /* [S] mask of chains holding the segment */
    char (*seg_short)[64];       /* [S] Chinese short name, for enterprise names */
    /* chains: CSR over members and edges */
    uint32_t *mem_off, *edge_off;         /* [K+1] */
    uint16_t *mem_seg;                    /* [members] */
    uint8_t *mem_stage, *mem_key;
    double *mem_cum;                      /* cumulative draw weight within its chain */
    uint16_t *edge_from, *edge_to;
    double *edge_coef;
    uint8_t *chain_keycat;                /* [K] categories of key segments (bitmask) */
    uint32_t *adj_off; uint16_t *adj;     /* union of edge neighbours per segment */
    /* parks */
    double *plat, *plon, *parea;
    uint16_t *pcity;
    uint8_t *plevel, *pbanned;
    uint64_t *pchains;
    uint32_t *sp_off, *sp_park;           /* parks a tenant of segment s may sit in */
    double *sp_cum;
    /* enterprises */
    float *flat, *flon, *frev;
    uint16_t *fseg, *fshare, *fcell;      /* fseg/fshare [3N], shares in 1/1000 */
    uint8_t *fnseg;
    int32_t *fpark;
    /* segment x grid-cell buckets; entries carry a copy of what link sampling
     * reads, so one candidate costs one cache miss instead of four */
    uint32_t *bk_off;
    struct bk_ent { uint32_t firm; float lat, lon, rev; } *bk;
    gsl_ran_discrete_t *edge_tab, *city_tab;
    /* history */
    uint32_t *nontenant; uint64_t n_nontenant;
    float *pc;                            /* [P*S] partner tenants of park p for segment s */
} model;

/* ---------------------------------------------------------------- helpers */

/* One stateless splitmix64 step: the output for state x. */
static uint64_t splitmix64(uint64_t x) { return cr__splitmix64(&x); }

/* mt19937 in GSL keeps only 32 bits of the seed: mix all 64+64 bits first. */
static void rng_seed(gsl_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t s = splitmix64(seed ^ splitmix64(stream));
    unsigned long v = (unsigned long)((s ^ (s >> 32)) & 0xffffffffu);
    gsl_rng_set(r, v ? v : 1);
}

static double unif(gsl_rng *r, double a, double b) { return a + (b - a) * gsl_rng_uniform(r); }
static double lnorm(gsl_rng *r, double sd) { return exp(gsl_ran_gaussian_ziggurat(r, sd)); }
static double clampd(double v, double a, double b) { return v < a ? a : v > b ? b : v; }

static int sb_reserve(sbuf *b, size_t extra)
{
    if (b->cap - b->len >= extra) return 0;
    size_t nc = b->cap ? b->cap : 1 << 16;
    while (nc - b->len < extra) nc *= 2;
    char *nb = realloc(b->buf, nc);
    if (!nb) return -1;
    b->buf = nb;
    b->cap = nc;
    return 0;
}

static char *put_s(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* JSON string: our strings hold no control characters; escape " and \ anyway. */
static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

#define DEG2RAD 0.017453292519943295

/* Equirectangular approximation with the cosine of the first point's latitude
 * (coslat1, precomputed by callers that reuse it): < 1% error within 500 km,
 * enough for a distance decay. */
static double km_between(double lat1, double lon1, double coslat1, double lat2, double lon2)
{
    const double rad = DEG2RAD;
    double x = (lon2 - lon1) * rad * coslat1;
    double y = (lat2 - lat1) * rad;
    return 6371.0 * sqrt(x * x + y * y);
}

static int cell_row(double lat)
{
    int r = (int)floor(lat - CR__GEN_LAT0);
    return r < 0 ? 0 : r >= GRID_ROWS ? GRID_ROWS - 1 : r;
}
static int cell_col(double lon)
{
    int c = (int)floor(lon - CR__GEN_LON0);
    return c < 0 ? 0 : c >= GRID_COLS ? GRID_COLS - 1 : c;
}

static int cat_index(const char *c)
{
    for (int i = 0; i < NCAT; i++)
        if (!strcmp(c, cat_names[i])) return i;
    return 0;
}

/* --------------------------------------------------------------- files */

typedef struct {
    cr_outfile o;
    uint64_t bytes;
} gfile;

enum { F_CHAINS, F_PARKS, F_ENT, F_LINKS, F_HIST, F_MANIFEST, NFILES };
static const char *const file_names[NFILES] = {"chains.json", "parks.csv", "enterprises.csv",
                                              "links.csv", "history.csv", "dataset.json"};

static cr_error_t gfile_open(cr_ctx *ctx, gfile *f, const char *dir, const char *name)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
        return cr_ctx_fail(ctx, CR_EINVAL, "output folder name too long: %s", dir);
    CR_CHECK(cr_outfile_init(ctx, &f->o, path));
    /* 1 MiB stdio buffer: rows arrive in multi-MB chunks anyway */
    setvbuf(f->o.fp, NULL, _IOFBF, 1 << 20);
    return CR_OK;
}

static cr_error_t gfile_write(cr_ctx *ctx, gfile *f, const void *p, size_t n)
{
    if (n && fwrite(p, 1, n, f->o.fp) != n)
        return cr_ctx_fail(ctx, CR_EIO, "cannot write %s: %s", f->o.tmp, strerror(errno));
    f->bytes += n;
    return CR_OK;
}

/* ------------------------------------------------------------ the model */

static void model_free(model *m)
{
    void *ptrs[] = {m->seg_base, m->seg_variant, m->seg_co2, m->seg_rd, m->seg_cat, m->seg_chains,
                    m->seg_short, m->mem_off, m->edge_off, m->mem_seg, m->mem_stage, m->mem_key,
                    m->mem_cum, m->edge_from, m->edge_to, m->edge_coef, m->chain_keycat, m->adj_off,
                    m->adj, m->plat, m->plon, m->parea, m->pcity, m->plevel, m->pbanned, m->pchains,
                    m->sp_off, m->sp_park, m->sp_cum, m->flat, m->flon, m->frev, m->fseg, m->fshare,
                    m->fcell, m->fnseg, m->fpark, m->bk_off, m->bk, m->nontenant, m->pc};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++) free(ptrs[i]);
    if (m->edge_tab) gsl_ran_discrete_free(m->edge_tab);
    if (m->city_tab) gsl_ran_discrete_free(m->city_tab);
}

#define ALLOC(ptr, n) do { size_t alloc_n_ = (size_t)(n); \
        (ptr) = cr__calloc(ctx, alloc_n_ ? alloc_n_ : 1, sizeof *(ptr)); \
        if (!(ptr)) return CR_ENOMEM; } while (0)

/* Chains 0..2 are the templates; chain c >= 3 perturbs template c % 3:
 * non-key members are kept with p 0.85, a kept member becomes a chain-specific
 * variant segment with p 0.5 (co2 and rd benchmarks x lognormal(0, 0.2)),
 * surviving edges get coef x lognormal(0, 0.25) clipped to [1e-4, 1]. */
static cr_error_t build_chains(cr_ctx *ctx, model *m, gsl_rng *r)
{
    uint32_t K = m->K;
    size_t max_mem = 0, max_edge = 0;
    for (uint32_t c = 0; c < K; c++) {
        max_mem += cr__gen_tmpl_chains[c % 3].nmem;
        max_edge += cr__gen_tmpl_chains[c % 3].nedge;
    }
    size_t max_seg = CR__GEN_TMPL_NSEG + max_mem;
    ALLOC(m->seg_base, max_seg); ALLOC(m->seg_variant, max_seg); ALLOC(m->seg_co2, max_seg);
    ALLOC(m->seg_rd, max_seg); ALLOC(m->seg_cat, max_seg); ALLOC(m->seg_chains, max_seg);
    ALLOC(m->seg_short, max_seg);
    ALLOC(m->mem_off, K + 1); ALLOC(m->edge_off, K + 1);
    ALLOC(m->mem_seg, max_mem); ALLOC(m->mem_stage, max_mem); ALLOC(m->mem_key, max_mem);
    ALLOC(m->mem_cum, max_mem);
    ALLOC(m->edge_from, max_edge); ALLOC(m->edge_to, max_edge); ALLOC(m->edge_coef, max_edge);
    ALLOC(m->chain_keycat, K);

    int32_t tmpl_rt[CR__GEN_TMPL_NSEG];
    for (int i = 0; i < CR__GEN_TMPL_NSEG; i++) tmpl_rt[i] = -1;
    uint32_t S = 0, nm = 0, ne = 0;
    for (uint32_t c = 0; c < K; c++) {
        const cr__gen_chain *t = &cr__gen_tmpl_chains[c % 3];
        int perturb = c >= 3;
        rng_seed(r, m->prm->seed, STREAM_CHAIN + c);
        int32_t local[32];                 /* template member -> runtime segment, -1 dropped */
        m->mem_off[c] = nm;
        double cum = 0;
        for (size_t k = 0; k < t->nmem; k++) {
            const cr__gen_member *mb = &t->members[k];
            double u_keep = gsl_rng_uniform(r), u_var = gsl_rng_uniform(r);
            double z1 = gsl_ran_gaussian_ziggurat(r, 0.2), z2 = gsl_ran_gaussian_ziggurat(r, 0.2);
            local[k] = -1;
            if (perturb && !mb->key && u_keep >= 0.85) continue;
            uint32_t s;
            if (perturb && u_var < 0.5) {
                s = S++;
                m->seg_base[s] = mb->seg;
                m->seg_variant[s] = (int32_t)c + 1;
                m->seg_co2[s] = cr__gen_tmpl_segs[mb->seg].co2 * exp(z1);
                m->seg_rd[s] = cr__gen_tmpl_segs[mb->seg].rd * exp(z2);
            } else {
                if (tmpl_rt[mb->seg] < 0) {
                    s = S++;
                    tmpl_rt[mb->seg] = (int32_t)s;
                    m->seg_base[s] = mb->seg;
                    m->seg_variant[s] = 0;
                    m->seg_co2[s] = cr__gen_tmpl_segs[mb->seg].co2;
                    m->seg_rd[s] = cr__gen_tmpl_segs[mb->seg].rd;
                }
                s = (uint32_t)tmpl_rt[mb->seg];
            }
            m->seg_cat[s] = (uint8_t)cat_index(cr__gen_tmpl_segs[mb->seg].category);
            m->seg_chains[s] |= 1ull << c;
            local[k] = (int32_t)s;
            m->mem_seg[nm] = (uint16_t)s;
            m->mem_stage[nm] = mb->stage;
            m->mem_key[nm] = mb->key;
            cum += mb->key ? 1.5 : 1.0;    /* key links draw 1.5x the firms */
            m->mem_cum[nm] = cum;
            if (mb->key) m->chain_keycat[c] |= (uint8_t)(1u << m->seg_cat[s]);
            nm++;
        }
        m->edge_off[c] = ne;
        for (size_t k = 0; k < t->nedge; k++) {
            const cr__gen_edge *e = &t->edges[k];
            double z = gsl_ran_gaussian_ziggurat(r, 0.25);
            int32_t a = -1, b = -1;
            for (size_t q = 0; q < t->nmem; q++) {
                if (t->members[q].seg == e->from) a = local[q];
                if (t->members[q].seg == e->to) b = local[q];
            }
            if (a < 0 || b < 0) continue;
            double coef = perturb ? clampd(e->coef * exp(z), 1e-4, 1.0) : e->coef;
            coef = floor(coef * 1e4 + 0.5) / 1e4;   /* the value written is the value used */
            if (coef < 1e-4) coef = 1e-4;
            m->edge_from[ne] = (uint16_t)a;
            m->edge_to[ne] = (uint16_t)b;
            m->edge_coef[ne] = coef;
            ne++;
        }
    }
    m->mem_off[K] = nm;
    m->edge_off[K] = ne;
    m->S = S;
    for (uint32_t s = 0; s < S; s++) {
        const char *nm_full = cr__gen_tmpl_segs[m->seg_base[s]].name;
        size_t n = strcspn(nm_full, " ");
        if (n >= sizeof m->seg_short[0]) n = sizeof m->seg_short[0] - 1;
        memcpy(m->seg_short[s], nm_full, n);
        m->seg_short[s][n] = '\0';
    }
    /* neighbour lists: union over chains, both directions, self-loops kept */
    ALLOC(m->adj_off, S + 1);
    ALLOC(m->adj, 2 * (size_t)ne + 1);
    uint8_t *seen = cr__calloc(ctx, S ? S : 1, 1);
    if (!seen) return CR_ENOMEM;
    uint32_t na = 0;
    for (uint32_t s = 0; s < S; s++) {
        m->adj_off[s] = na;
        memset(seen, 0, S);
        for (uint32_t e = 0; e < ne; e++) {
            int t = -1;
            if (m->edge_from[e] == s) t = m->edge_to[e];
            else if (m->edge_to[e] == s) t = m->edge_from[e];
            if (t < 0 || seen[t]) continue;
            seen[t] = 1;
            m->adj[na++] = (uint16_t)t;
        }
    }
    m->adj_off[S] = na;
    free(seen);
    return CR_OK;
}

static void chain_id(const model *m, uint32_t c, char *out, size_t n)
{
    (void)m;
    if (c < 3) snprintf(out, n, "%s", cr__gen_tmpl_chains[c].id);
    else snprintf(out, n, "%s-%u", cr__gen_tmpl_chains[c % 3].id, c / 3 + 1);
}

static void seg_id(const model *m, uint32_t s, char *out, size_t n)
{
    const char *base = cr__gen_tmpl_segs[m->seg_base[s]].id;
    if (m->seg_variant[s]) snprintf(out, n, "%s-v%d", base, (int)m->seg_variant[s]);
    else snprintf(out, n, "%s", base);
}

static cr_error_t write_chains(cr_ctx *ctx, const model *m, gfile *f)
{
    FILE *fp = f->o.fp;
    char id[64], id2[64];
    fputs("{\"segments\": [\n", fp);
    for (uint32_t s = 0; s < m->S; s++) {
        const cr__gen_seg *t = &cr__gen_tmpl_segs[m->seg_base[s]];
        seg_id(m, s, id, sizeof id);
        fputs("  {\"id\": ", fp); json_str(fp, id);
        fputs(", \"name\": ", fp);
        if (m->seg_variant[s]) {
            char nm[256];
            snprintf(nm, sizeof nm, "%s (variant %d)", t->name, (int)m->seg_variant[s]);
            json_str(fp, nm);
        } else {
            json_str(fp, t->name);
        }
        fputs(", \"category\": ", fp); json_str(fp, t->category);
        fputs(", \"needs\": [", fp);
        if (*t->needs) json_str(fp, t->needs);   /* templates hold at most one need */
        fprintf(fp, "], \"co2_benchmark\": %.5f, \"sector\": ", m->seg_co2[s]);
        json_str(fp, t->sector);
        fputs(s + 1 < m->S ? "},\n" : "}\n", fp);
    }
    fputs("],\n\"chains\": [\n", fp);
    for (uint32_t c = 0; c < m->K; c++) {
        chain_id(m, c, id, sizeof id);
        fputs("  {\"id\": ", fp); json_str(fp, id);
        char nm[256];
        if (c < 3) snprintf(nm, sizeof nm, "%s", cr__gen_tmpl_chains[c].name);
        else snprintf(nm, sizeof nm, "%s (variant %u)", cr__gen_tmpl_chains[c % 3].name, c / 3 + 1);
        fputs(", \"name\": ", fp); json_str(fp, nm);
        fputs(",\n   \"segments\": [", fp);
        for (uint32_t k = m->mem_off[c]; k < m->mem_off[c + 1]; k++) {
            seg_id(m, m->mem_seg[k], id, sizeof id);
            fputs(k > m->mem_off[c] ? ",\n     {\"id\": " : "{\"id\": ", fp);
            json_str(fp, id);
            fprintf(fp, ", \"stage\": \"%s\", \"key\": %s}", stage_names[m->mem_stage[k]],
                    m->mem_key[k] ? "true" : "false");
        }
        fputs("],\n   \"edges\": [", fp);
        for (uint32_t e = m->edge_off[c]; e < m->edge_off[c + 1]; e++) {
            seg_id(m, m->edge_from[e], id, sizeof id);
            seg_id(m, m->edge_to[e], id2, sizeof id2);
            fputs(e > m->edge_off[c] ? ",\n     {\"from\": " : "{\"from\": ", fp);
            json_str(fp, id);
            fputs(", \"to\": ", fp); json_str(fp, id2);
            fprintf(fp, ", \"coef\": %.4f}", m->edge_coef[e]);
        }
        fputs(c + 1 < m->K ? "]},\n" : "]}\n", fp);
    }
    fputs("]}\n", fp);
    long pos = ftell(fp);
    if (pos < 0) return cr_ctx_fail(ctx, CR_EIO, "cannot write %s", f->o.tmp);
    f->bytes = (uint64_t)pos;
    return CR_OK;
}

/* Parks: city ~ population weight; position city + N(0, 0.3 deg); level
 * national 20% / provincial 60% / other 20%; area lognormal by level; 1-3
 * leading chains; resources and quotas scale with area. */
static cr_error_t build_parks(cr_ctx *ctx, model *m, gsl_rng *r, gfile *f, sbuf *b)
{
    uint32_t P = m->P, K = m->K;
    ALLOC(m->plat, P); ALLOC(m->plon, P); ALLOC(m->parea, P); ALLOC(m->pcity, P);
    ALLOC(m->plevel, P); ALLOC(m->pbanned, P); ALLOC(m->pchains, P);
    rng_seed(r, m->prm->seed, STREAM_PARK);
    static const char *const header = "id,name,level,province,city,lat,lon,chains,area,land,water,power,"
                                      "labour,skilled,endowments,banned,co2_quota,energy_quota,"
                                      "pollutant_quota,co2_cap,energy_cap,pollutant_cap\n";
    b->len = 0;
    if (sb_reserve(b, strlen(header))) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    memcpy(b->buf, header, strlen(header));
    b->len = strlen(header);
    static const double area_median[3] = {1500.0, 600.0, 250.0};
    static const char *const kind[3] = {"国家级经开区", "省级高新区", "工业园"};
    char id[64];
    for (uint32_t i = 0; i < P; i++) {
        if (sb_reserve(b, ROW_MAX)) return cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
        size_t ci = gsl_ran_discrete(r, m->city_tab);
        const cr__gen_city *cy = &cr__gen_cities[ci];
        double lat = clampd(cy->lat + gsl_ran_gaussian_ziggurat(r, PARK_SD_DEG), CR__GEN_LAT0, CR__GEN_LAT1);
        double lon = clampd(cy->lon + gsl_ran_gaussian_ziggurat(r, PARK_SD_DEG), CR__GEN_LON0, CR__GEN_LON1);
        double u = gsl_rng_uniform(r);
        int lv = u < 0.2 ? 0 : u < 0.8 ? 1 : 2;
        double area = area_median[lv] * lnorm(r, 0.8);
        uint32_t nlead = 1 + (gsl_rng_uniform(r) < 0.5) + (gsl_rng_uniform(r) < 0.2);
        if (nlead > K) nlead = K;
        uint64_t mask = 0;
        uint32_t got = 0;
        while (got < nlead) {           /* distinct chains; nlead <= 3 so rejection is cheap */
            uint32_t c = (uint32_t)gsl_rng_uniform_int(r, K);
            if (mask & (1ull << c)) continue;
            mask |= 1ull << c;
            got++;
        }
        uint8_t keycat = 0;
        for (uint32_t c = 0; c < K; c++)
            if (mask & (1ull << c)) keycat |= m->chain_keycat[c];
        uint8_t banned = 0;
        for (int c = 1; c < NCAT; c++) {
            double ub = gsl_rng_uniform(r);
            if (ub < 0.15 && !(keycat & (1u << c))) banned |= (uint8_t)(1u << c);
        }
        double land = area * unif(r, 0.05, 0.35);
        double water = area * 3.0 * lnorm(r, 0.5);
        double power = area * 600.0 * lnorm(r, 0.5);
        double labour = area * 15.0 * lnorm(r, 0.4);
        double skilled = labour * unif(r, 0.1, 0.35);
        int port = cy->port && gsl_rng_uniform(r) < 0.7;
        int ore = gsl_rng_uniform(r) < 0.15;
        double uu = gsl_rng_uniform(r);
        int univ = (cy->univ && uu < 0.8) || uu < 0.1;
        int rail = gsl_rng_uniform(r) < 0.7;
        double co2q = area * 40.0 * lnorm(r, 0.5);
        double enq = co2q / 2.66 * lnorm(r, 0.1);
        double polq = area * 0.5 * lnorm(r, 0.5);
        int has_cap = lv == 0 || gsl_rng_uniform(r) < 0.3;
        double co2cap = unif(r, 0.3, 1.5);
        int unknown_util = lv == 2 && gsl_rng_uniform(r) < 0.3;   /* not known: left empty */

        m->plat[i] = lat; m->plon[i] = lon; m->parea[i] = area; m->pcity[i] = (uint16_t)ci;
        m->plevel[i] = (uint8_t)lv; m->pbanned[i] = banned; m->pchains[i] = mask;

        char *p = b->buf + b->len;
        *p++ = 'P'; p = cr__gen_fmt_u64(p, (uint64_t)i + 1); *p++ = ',';
        p = put_s(p, cy->name); p = put_s(p, kind[lv]); p = cr__gen_fmt_u64(p, (uint64_t)i + 1); *p++ = ',';
        p = put_s(p, level_names[lv]); *p++ = ',';
        p = put_s(p, cy->province); *p++ = ','; p = put_s(p, cy->name); *p++ = ',';
        p = cr__gen_fmt_fix(p, lat, 5); *p++ = ','; p = cr__gen_fmt_fix(p, lon, 5); *p++ = ',';
        int first = 1;
        for (uint32_t c = 0; c < K; c++) {
            if (!(mask & (1ull << c))) continue;
            if (!first) *p++ = ';';
            first = 0;
            chain_id(m, c, id, sizeof id);
            p = put_s(p, id);
        }
        *p++ = ',';
        p = cr__gen_fmt_fix(p, area, 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, land, 1); *p++ = ',';
        if (!unknown_util) p = cr__gen_fmt_fix(p, water, 1);
        *p++ = ',';
        if (!unknown_util) p = cr__gen_fmt_fix(p, power, 0);
        *p++ = ',';
        p = cr__gen_fmt_fix(p, labour, 0); *p++ = ',';
        p = cr__gen_fmt_fix(p, skilled, 0); *p++ = ',';
        first = 1;
        const char *endow[4] = {port ? "port" : NULL, ore ? "ore" : NULL, univ ? "university" : NULL,
                                rail ? "rail" : NULL};
        for (int k = 0; k < 4; k++) {
            if (!endow[k]) continue;
            if (!first) *p++ = ';';
            first = 0;
            p = put_s(p, endow[k]);
        }
        *p++ = ',';
        first = 1;
        for (int c = 1; c < NCAT; c++) {
            if (!(banned & (1u << c))) continue;
            if (!first) *p++ = ';';
            first = 0;
            p = put_s(p, cat_names[c]);
        }
        *p++ = ',';
        p = cr__gen_fmt_fix(p, co2q, 0); *p++ = ',';
        p = cr__gen_fmt_fix(p, enq, 0); *p++ = ',';
        p = cr__gen_fmt_fix(p, polq, 1); *p++ = ',';
        if (has_cap) p = cr__gen_fmt_fix(p, co2cap, 3);
        *p++ = ',';
        if (has_cap) p = cr__gen_fmt_fix(p, co2cap / 2.66, 3);
        *p++ = ',';
        *p++ = '\n';
        b->len = (size_t)(p - b->buf);
    }
    CR_CHECK(gfile_write(ctx, f, b->buf, b->len));

    /* parks a tenant of segment s may sit in: leading a chain holding s and not
     * banning its category; drawn with probability proportional to area */
    uint32_t S = m->S;
    ALLOC(m->sp_off, S + 1);
    size_t tot = 0;
    for (uint32_t s = 0; s < S; s++)
        for (uint32_t i = 0; i < P; i++)
            if ((m->pchains[i] & m->seg_chains[s]) && !(m->pbanned[i] & (1u << m->seg_cat[s]))) tot++;
    ALLOC(m->sp_park, tot); ALLOC(m->sp_cum, tot);
    size_t k = 0;
    for (uint32_t s = 0; s < S; s++) {
        m->sp_off[s] = (uint32_t)k;
        double cum = 0;
        for (uint32_t i = 0; i < P; i++)
            if ((m->pchains[i] & m->seg_chains[s]) && !(m->pbanned[i] & (1u << m->seg_cat[s]))) {
                cum += m->parea[i];
                m->sp_park[k] = i;
                m->sp_cum[k++] = cum;
            }
    }
    m->sp_off[S] = (uint32_t)k;
    return CR_OK;
}

/* ------------------------------------------------------ block machinery */

typedef int (*block_fn)(model *m, gsl_rng *r, uint64_t block, sbuf *b, uint64_t *rows, uint64_t *aux);

/* Runs blocks 0.. in rounds of `nt`, one block per thread, writing buffers in
 * block order. Stops after nblocks blocks or once row_limit rows are written
 * (the block crossing the limit is cut at a row boundary). */
static cr_error_t run_blocks(cr_ctx *ctx, model *m, gfile *f, const char *stage, uint64_t nblocks,
                             uint64_t stream, block_fn fn, uint64_t row_limit, uint64_t *rows_out,
                             uint64_t *aux_out, int nt, gsl_rng **rngs, sbuf *bufs, int *fail_code)
{
    uint64_t rows_total = 0, aux_total = 0;
    uint64_t rows[512], aux[512];
    int rc[512];
    for (uint64_t b0 = 0; b0 < nblocks && rows_total < row_limit; b0 += (uint64_t)nt) {
        int n = (int)((nblocks - b0) < (uint64_t)nt ? (nblocks - b0) : (uint64_t)nt);
#pragma omp parallel for num_threads(nt) schedule(static, 1)
        for (int t = 0; t < n; t++) {
            rng_seed(rngs[t], m->prm->seed, stream + b0 + (uint64_t)t);
            bufs[t].len = 0;
            rows[t] = aux[t] = 0;
            rc[t] = fn(m, rngs[t], b0 + (uint64_t)t, &bufs[t], &rows[t], &aux[t]);
        }
        for (int t = 0; t < n; t++) {
            if (rc[t]) {   /* lowest block wins: same message at any thread count */
                *fail_code = rc[t];
                return rc[t] == 1 ? cr_ctx_fail(ctx, CR_ENOMEM, "out of memory in %s", stage)
                                  : cr_ctx_fail(ctx, CR_EINVAL, "%s: block %llu cannot be generated",
                                                stage, (unsigned long long)(b0 + (uint64_t)t));
            }
            size_t len = bufs[t].len;
            uint64_t r = rows[t];
            if (rows_total + r > row_limit) {
                uint64_t keep = row_limit - rows_total;
                size_t pos = 0;
                for (uint64_t q = 0; q < keep; q++) pos = (size_t)((char *)memchr(bufs[t].buf + pos, '\n', len - pos) - bufs[t].buf) + 1;
                len = pos;
                r = keep;
            }
            CR_CHECK(gfile_write(ctx, f, bufs[t].buf, len));
            rows_total += r;
            aux_total += aux[t];
            if (rows_total >= row_limit) break;
        }
        if (m->prm->progress) m->prm->progress(m->prm->progress_user, stage, rows_total,
                                               row_limit != UINT64_MAX ? row_limit : rows_total);
    }
    if (rows_out) *rows_out = rows_total;
    if (aux_out) *aux_out = aux_total;
    return CR_OK;
}

/* ---------------------------------------------------------- enterprises */

static uint32_t pick_member(const model *m, gsl_rng *r, uint32_t c)
{
    uint32_t lo = m->mem_off[c], hi = m->mem_off[c + 1];
    double u = gsl_rng_uniform(r) * m->mem_cum[hi - 1];
    for (uint32_t k = lo; k < hi; k++)
        if (u < m->mem_cum[k]) return k;
    return hi - 1;
}

/* The header, named by the loader's table; the order is ent_block's. */
static cr_error_t write_ent_header(cr_ctx *ctx, gfile *f)
{
    static const int cols[] = {
        CR__ENT_ID, CR__ENT_NAME, CR__ENT_LAT, CR__ENT_LON, CR__ENT_SEGMENTS, CR__ENT_REVENUE, CR__ENT_EMPLOYEES,
        CR__ENT_INVEST, CR__ENT_RD, CR__ENT_TAGS, CR__ENT_CO2, CR__ENT_ENERGY, CR__ENT_WATER, CR__ENT_POLLUTANT,
        CR__ENT_PLANT, CR__ENT_NLAND, CR__ENT_NWATER, CR__ENT_NPOWER, CR__ENT_NWORKERS, CR__ENT_NSKILLED,
        CR__ENT_PARK};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        const char *name = cr__ent_columns[cols[i]];
        CR_CHECK(gfile_write(ctx, f, name, strlen(name)));
        CR_CHECK(gfile_write(ctx, f, i + 1 < sizeof cols / sizeof cols[0] ? "," : "\n", 1));
    }
    return CR_OK;
}

static int ent_block(model *m, gsl_rng *r, uint64_t block, sbuf *b, uint64_t *rows, uint64_t *aux)
{
    uint64_t lo = block * ENT_BLOCK, hi = lo + ENT_BLOCK;
    if (hi > m->N) hi = m->N;
    const double rev_top1 = exp(REV_MU + 2.326 * REV_SIGMA);     /* 99th percentile */
    const double rev_top001 = exp(REV_MU + 3.719 * REV_SIGMA);   /* 99.99th percentile */
    const double rev_p95 = exp(REV_MU + 1.645 * REV_SIGMA);
    char id[64];
    for (uint64_t i = lo; i < hi; i++) {
        if (sb_reserve(b, ROW_MAX)) return 1;
        uint32_t c = (uint32_t)gsl_rng_uniform_int(r, m->K);
        uint32_t k0 = pick_member(m, r, c);
        uint16_t segs[MAXSEG], sh[MAXSEG];
        segs[0] = m->mem_seg[k0];
        double un = gsl_rng_uniform(r);
        int ns = un < 0.7 ? 1 : un < 0.92 ? 2 : 3;
        int got = 1;
        for (int tries = 0; got < ns && tries < 8; tries++) {
            /* vertical integration: prefer an edge neighbour of the primary segment */
            uint32_t s0 = segs[0], a0 = m->adj_off[s0], a1 = m->adj_off[s0 + 1];
            uint16_t cand;
            if (a1 > a0 && gsl_rng_uniform(r) < 0.8) cand = m->adj[a0 + gsl_rng_uniform_int(r, a1 - a0)];
            else cand = m->mem_seg[pick_member(m, r, c)];
            int dup = 0;
            for (int q = 0; q < got; q++) dup |= segs[q] == cand;
            if (!dup) segs[got++] = cand;
        }
        ns = got;
        if (ns == 1) sh[0] = 1000;
        else if (ns == 2) {
            sh[0] = (uint16_t)floor(unif(r, 550, 900));
            sh[1] = (uint16_t)(1000 - sh[0]);
        } else {
            sh[0] = (uint16_t)floor(unif(r, 500, 800));
            sh[1] = (uint16_t)floor((1000 - sh[0]) * unif(r, 0.5, 0.8));
            if (sh[1] < 1) sh[1] = 1;
            sh[2] = (uint16_t)(1000 - sh[0] - sh[1]);
        }
        /* location: tenant of a matching park, else near a park or a city */
        int32_t park = -1;
        uint32_t city;
        double lat, lon;
        double ut = gsl_rng_uniform(r), up = gsl_rng_uniform(r);
        uint32_t sp0 = m->sp_off[segs[0]], sp1 = m->sp_off[segs[0] + 1];
        if (ut < m->prm->tenant_share && sp1 > sp0) {
            double x = up * m->sp_cum[sp1 - 1];
            uint32_t a = sp0, z = sp1 - 1;
            while (a < z) {
                uint32_t mid = a + (z - a) / 2;
                if (m->sp_cum[mid] > x) z = mid; else a = mid + 1;
            }
            park = (int32_t)m->sp_park[a];
            city = m->pcity[park];
            lat = m->plat[park] + gsl_ran_gaussian_ziggurat(r, TENANT_SD_DEG);
            lon = m->plon[park] + gsl_ran_gaussian_ziggurat(r, TENANT_SD_DEG);
        } else if (up < 0.5) {
            uint32_t pk = (uint32_t)gsl_rng_uniform_int(r, m->P);
            city = m->pcity[pk];
            lat = m->plat[pk] + gsl_ran_gaussian_ziggurat(r, NEAR_PARK_SD_DEG);
            lon = m->plon[pk] + gsl_ran_gaussian_ziggurat(r, NEAR_PARK_SD_DEG);
        } else {
            city = (uint32_t)gsl_ran_discrete(r, m->city_tab);
            lat = cr__gen_cities[city].lat + gsl_ran_gaussian_ziggurat(r, NEAR_CITY_SD_DEG);
            lon = cr__gen_cities[city].lon + gsl_ran_gaussian_ziggurat(r, NEAR_CITY_SD_DEG);
        }
        lat = clampd(lat, CR__GEN_LAT0, CR__GEN_LAT1 - 1e-6);
        lon = clampd(lon, CR__GEN_LON0, CR__GEN_LON1 - 1e-6);
        lat = floor(lat * 1e5 + 0.5) / 1e5;   /* stored = written */
        lon = floor(lon * 1e5 + 0.5) / 1e5;

        double rev = floor(fmax(10.0, exp(REV_MU + gsl_ran_gaussian_ziggurat(r, REV_SIGMA))) * 10 + 0.5) / 10;
        double emp = fmax(1.0, floor(0.35 * pow(rev, 0.75) * lnorm(r, 0.4) + 0.5));
        double inv = rev * 0.3 * lnorm(r, 0.5);
        double co2b = 0, rdb = 0, wb = 0;
        for (int q = 0; q < ns; q++) {
            double w = sh[q] / 1000.0;
            co2b += w * m->seg_co2[segs[q]];
            rdb += w * m->seg_rd[segs[q]];
            wb += w * cr__gen_tmpl_segs[m->seg_base[segs[q]]].water;
        }
        double rd = clampd(rdb * lnorm(r, 0.6), 0.0, 0.6);
        double co2 = co2b * lnorm(r, 0.35);
        double energy = co2 / 2.66 * lnorm(r, 0.15) + 0.005;
        double water = wb * lnorm(r, 0.4);
        double poll = (co2 * 0.003 + cat_pollutant[m->seg_cat[segs[0]]]) * lnorm(r, 0.5);
        double plant = rev * unif(r, 0.2, 0.6);
        double nland = plant / (7500.0 * lnorm(r, 0.3));
        double nwater = plant * water / 1e4;
        double npower = plant * energy * 0.5 * 8137.0 / 1e4;
        double nwork = floor(emp * plant / rev + 0.5) + 1;
        double nskill = floor(nwork * clampd(0.1 + 3.0 * rd, 0.0, 0.9) + 0.5);
        double ul = gsl_rng_uniform(r), us = gsl_rng_uniform(r), uh = gsl_rng_uniform(r);
        int listed = rev > rev_top1 && ul < 0.5;
        int top500 = rev > rev_top001;
        int special = rev > exp(REV_MU) && rev < rev_p95 && rd > rdb && us < 0.3;
        int hightech = rd >= 0.03 && uh < 0.7;

        m->flat[i] = (float)lat;
        m->flon[i] = (float)lon;
        m->frev[i] = (float)rev;
        m->fnseg[i] = (uint8_t)ns;
        m->fpark[i] = park;
        m->fcell[i] = (uint16_t)(cell_row(lat) * GRID_COLS + cell_col(lon));
        for (int q = 0; q < MAXSEG; q++) {
            m->fseg[3 * i + (uint64_t)q] = q < ns ? segs[q] : 0;
            m->fshare[3 * i + (uint64_t)q] = q < ns ? sh[q] : 0;
        }
        if (park >= 0) (*aux)++;

        char *p = b->buf + b->len;
        *p++ = 'E'; p = cr__gen_fmt_u64(p, i + 1); *p++ = ',';
        p = put_s(p, cr__gen_cities[city].name); p = put_s(p, m->seg_short[segs[0]]);
        p = put_s(p, "企业"); p = cr__gen_fmt_u64(p, i + 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, lat, 5); *p++ = ',';
        p = cr__gen_fmt_fix(p, lon, 5); *p++ = ',';
        for (int q = 0; q < ns; q++) {
            if (q) *p++ = ';';
            seg_id(m, segs[q], id, sizeof id);
            p = put_s(p, id);
            if (ns > 1) { *p++ = ':'; p = cr__gen_fmt_fix(p, sh[q] / 1000.0, 3); }
        }
        *p++ = ',';
        p = cr__gen_fmt_fix(p, rev, 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, emp, 0); *p++ = ',';
        p = cr__gen_fmt_fix(p, inv, 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, rd, 4); *p++ = ',';
        int first = 1;
        const char *tags[4] = {listed ? "listed" : NULL, top500 ? "top500" : NULL,
                               special ? "specialised" : NULL, hightech ? "hightech" : NULL};
        for (int q = 0; q < 4; q++) {
            if (!tags[q]) continue;
            if (!first) *p++ = ';';
            first = 0;
            p = put_s(p, tags[q]);
        }
        *p++ = ',';
        p = cr__gen_fmt_fix(p, co2, 5); *p++ = ',';
        p = cr__gen_fmt_fix(p, energy, 5); *p++ = ',';
        p = cr__gen_fmt_fix(p, water, 3); *p++ = ',';
        p = cr__gen_fmt_fix(p, poll, 6); *p++ = ',';
        p = cr__gen_fmt_fix(p, plant, 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, nland, 3); *p++ = ',';
        p = cr__gen_fmt_fix(p, nwater, 3); *p++ = ',';
        p = cr__gen_fmt_fix(p, npower, 1); *p++ = ',';
        p = cr__gen_fmt_fix(p, nwork, 0); *p++ = ',';
        p = cr__gen_fmt_fix(p, nskill, 0); *p++ = ',';
        if (park >= 0) { *p++ = 'P'; p = cr__gen_fmt_u64(p, (uint64_t)park + 1); }
        *p++ = '\n';
        b->len = (size_t)(p - b->buf);
        (*rows)++;
    }
    return 0;
}

/* ------------------------------------------------------------- buckets */

/* Enterprises by (segment, 1-degree cell), CSR in firm order: O(N + S*C). */
static cr_error_t build_buckets(cr_ctx *ctx, model *m)
{
    size_t nb = (size_t)m->S * NCELL;
    ALLOC(m->bk_off, nb + 1);
    uint64_t tot = 0;
    for (uint64_t i = 0; i < m->N; i++)
        for (int q = 0; q < m->fnseg[i]; q++) {
            m->bk_off[(size_t)m->fseg[3 * i + (uint64_t)q] * NCELL + m->fcell[i] + 1]++;
            tot++;
        }
    for (size_t k = 0; k < nb; k++) m->bk_off[k + 1] += m->bk_off[k];
    ALLOC(m->bk, tot);
    uint32_t *fill = cr__malloc(ctx, nb ? nb : 1, sizeof *fill);
    if (!fill) return CR_ENOMEM;
    memcpy(fill, m->bk_off, nb * sizeof *fill);
    for (uint64_t i = 0; i < m->N; i++)
        for (int q = 0; q < m->fnseg[i]; q++)
        {
            struct bk_ent *be = &m->bk[fill[(size_t)m->fseg[3 * i + (uint64_t)q] * NCELL + m->fcell[i]]++];
            be->firm = (uint32_t)i;
            be->lat = m->flat[i];
            be->lon = m->flon[i];
            be->rev = m->frev[i];
        }
    free(fill);
    return CR_OK;
}

static uint32_t seg_count(const model *m, uint32_t s)
{
    return m->bk_off[(size_t)(s + 1) * NCELL] - m->bk_off[(size_t)s * NCELL];
}

/* A supplier candidate of segment s for a buyer in cell `cell`: its position in m->bk. */
static uint32_t supplier_candidate(const model *m, gsl_rng *r, uint32_t s, uint32_t cell)
{
    const uint32_t *off = m->bk_off + (size_t)s * NCELL;
    if (gsl_rng_uniform(r) < LINK_LOCAL_P) {
        int row = (int)(cell / GRID_COLS), col = (int)(cell % GRID_COLS);
        uint32_t cnt[9], cl[9], tot = 0;
        int n = 0;
        for (int dr = -1; dr <= 1; dr++)
            for (int dc = -1; dc <= 1; dc++) {
                int rr = row + dr, cc = col + dc;
                if (rr < 0 || rr >= GRID_ROWS || cc < 0 || cc >= GRID_COLS) continue;
                uint32_t c = (uint32_t)(rr * GRID_COLS + cc);
                cnt[n] = off[c + 1] - off[c];
                cl[n++] = c;
                tot += off[c + 1] - off[c];
            }
        if (tot > 0) {
            uint32_t x = (uint32_t)gsl_rng_uniform_int(r, tot);
            for (int k = 0; k < n; k++) {
                if (x < cnt[k]) return off[cl[k]] + x;
                x -= cnt[k];
            }
        }
    }
    uint32_t n = off[NCELL] - off[0];
    return off[0] + (uint32_t)gsl_rng_uniform_int(r, n);
}

static int link_block(model *m, gsl_rng *r, uint64_t block, sbuf *b, uint64_t *rows, uint64_t *aux)
{
    (void)aux;
    uint64_t lo = block * LINK_BLOCK, hi = lo + LINK_BLOCK;
    if (hi > m->L) hi = m->L;
    for (uint64_t l = lo; l < hi; l++) {
        if (sb_reserve(b, 128)) return 1;
        int done = 0;
        for (int attempt = 0; attempt < 1000 && !done; attempt++) {
            uint32_t e = (uint32_t)gsl_ran_discrete(r, m->edge_tab);
            uint32_t sf = m->edge_from[e], st = m->edge_to[e];
            const uint32_t *offt = m->bk_off + (size_t)st * NCELL;
            uint32_t nt = offt[NCELL] - offt[0];
            /* buyer: one of 4 uniform draws, weight sqrt(revenue) (size bias) */
            uint32_t pos[LINK_NCAND];
            double w[LINK_NCAND], wt = 0;
            for (int k = 0; k < BUYER_NCAND; k++) pos[k] = offt[0] + (uint32_t)gsl_rng_uniform_int(r, nt);
            for (int k = 0; k < BUYER_NCAND; k++) {
                w[k] = sqrt((double)m->bk[pos[k]].rev);
                wt += w[k];
            }
            double x = gsl_rng_uniform(r) * wt;
            const struct bk_ent *by = &m->bk[pos[BUYER_NCAND - 1]];
            for (int k = 0; k < BUYER_NCAND; k++) {
                if (x < w[k]) { by = &m->bk[pos[k]]; break; }
                x -= w[k];
            }
            uint32_t buyer = by->firm;
            double blat = by->lat, blon = by->lon, brev = by->rev, bcos = cos(blat * DEG2RAD);
            uint32_t bcell = (uint32_t)(cell_row(blat) * GRID_COLS + cell_col(blon));
            /* supplier: 8 candidates, mostly from the buyer's 3x3 cells, chosen
             * with weight sqrt(revenue) * exp(-d / 100 km); positions are drawn
             * first so the 8 cache misses overlap */
            for (int k = 0; k < LINK_NCAND; k++) pos[k] = supplier_candidate(m, r, sf, bcell);
            wt = 0;
            for (int k = 0; k < LINK_NCAND; k++) {
                const struct bk_ent *c = &m->bk[pos[k]];
                if (c->firm == buyer) { w[k] = 0; continue; }
                double d = km_between(blat, blon, bcos, c->lat, c->lon);
                w[k] = sqrt((double)c->rev) * exp(-d / LINK_DECAY_KM);
                wt += w[k];
            }
            double u = gsl_rng_uniform(r), z = gsl_ran_gaussian_ziggurat(r, 0.5);
            if (!(wt > 0)) continue;
            x = u * wt;
            int pick = -1;
            for (int k = 0; k < LINK_NCAND; k++) {
                if (w[k] > 0) pick = k;
                if (x < w[k]) break;
                x -= w[k];
            }
            if (pick < 0) continue;
            uint32_t sup = m->bk[pos[pick]].firm;
            double srev = m->bk[pos[pick]].rev;
            double weight = m->edge_coef[e] * sqrt(srev * brev) * exp(z);
            if (weight < 0.1) weight = 0.1;
            char *p = b->buf + b->len;
            *p++ = 'E'; p = cr__gen_fmt_u64(p, (uint64_t)sup + 1); *p++ = ',';
            *p++ = 'E'; p = cr__gen_fmt_u64(p, (uint64_t)buyer + 1); *p++ = ',';
            p = cr__gen_fmt_fix(p, weight, 1);
            p = put_s(p, ",synthetic-gravity\n");
            b->len = (size_t)(p - b->buf);
            done = 1;
        }
        if (!done) return 2;
        (*rows)++;
    }
    return 0;
}

/* -------------------------------------------------------------- history */

/* One block = HIST_BLOCK choices. Choice: a uniform non-tenant enterprise e
 * picks the park maximising
 *   U = B1*match + B2*ln(1 + partners) + B3*ln(rev/3000)*[national] - B4*d/100km + Gumbel(0,1)
 * over parks not banning any of its categories (a multinomial logit). */
static int hist_block(model *m, gsl_rng *r, uint64_t block, sbuf *b, uint64_t *rows, uint64_t *aux)
{
    (void)block;
    const int64_t d0 = cr__gen_days(2019, 1, 1), d1 = cr__gen_days(2025, 12, 31);
    for (int k = 0; k < HIST_BLOCK; k++) {
        if (sb_reserve(b, 4 * 64)) return 1;
        uint32_t e = m->nontenant[gsl_rng_uniform_int(r, m->n_nontenant)];
        int ns = m->fnseg[e];
        uint8_t catmask = 0;
        for (int q = 0; q < ns; q++) catmask |= (uint8_t)(1u << m->seg_cat[m->fseg[3 * (uint64_t)e + (uint64_t)q]]);
        double size = log((double)m->frev[e] / 3000.0);
        double best = -HUGE_VAL, ecos = cos(m->flat[e] * DEG2RAD);
        int64_t bestp = -1;
        for (uint32_t p = 0; p < m->P; p++) {
            double g = -log(-log(gsl_rng_uniform_pos(r)));   /* drawn for every park: fixed stream use */
            if (m->pbanned[p] & catmask) continue;
            double match = 0, partners = 0;
            for (int q = 0; q < ns; q++) {
                uint64_t s = m->fseg[3 * (uint64_t)e + (uint64_t)q];
                double w = m->fshare[3 * (uint64_t)e + (uint64_t)q] / 1000.0;
                if (m->seg_chains[s] & m->pchains[p]) match += w;
                partners += w * m->pc[(size_t)p * m->S + s];
            }
            double d = km_between(m->flat[e], m->flon[e], ecos, m->plat[p], m->plon[p]);
            double u = HIST_B1 * match + HIST_B2 * log1p(partners) + (m->plevel[p] == 0 ? HIST_B3 * size : 0)
                       - HIST_B4 * d / 100.0 + g;
            if (u > best) { best = u; bestp = p; }
        }
        double t0 = gsl_rng_uniform(r), g1 = gsl_rng_uniform(r), s1 = gsl_rng_uniform(r);
        double g2 = gsl_rng_uniform(r), s2 = gsl_rng_uniform(r);
        if (bestp < 0) continue;
        int64_t day[3];
        const char *st[3];
        int nev = 0;
        day[0] = d0 + (int64_t)floor(t0 * (double)(d1 - d0 + 1));
        st[nev++] = "signed";
        int64_t next = day[0] + 30 + (int64_t)floor(g1 * 336);
        if (s1 < 0.7) {
            day[nev] = next; st[nev++] = "landed";
            int64_t n2 = next + 60 + (int64_t)floor(g2 * 481);
            if (s2 < 0.85) { day[nev] = n2; st[nev++] = "operating"; }
            else if (s2 < 0.92) { day[nev] = n2; st[nev++] = "withdrawn"; }
        } else if (s1 < 0.85) {
            day[nev] = next; st[nev++] = "withdrawn";
        }
        for (int q = 0; q < nev; q++) {
            if (day[q] > d1) break;          /* censored at the end of the window */
            char *p = b->buf + b->len;
            *p++ = 'E'; p = cr__gen_fmt_u64(p, (uint64_t)e + 1); *p++ = ',';
            *p++ = 'P'; p = cr__gen_fmt_u64(p, (uint64_t)bestp + 1); *p++ = ',';
            p = cr__gen_fmt_date(p, day[q]); *p++ = ',';
            p = put_s(p, st[q]); *p++ = '\n';
            b->len = (size_t)(p - b->buf);
            (*rows)++;
        }
        (*aux)++;
    }
    /* no eligible park for a whole block: stop rather than loop for ever
     * (per block, so the outcome does not depend on the thread count) */
    return *rows == 0 ? 2 : 0;
}

static cr_error_t build_history_model(cr_ctx *ctx, model *m)
{
    uint32_t S = m->S;
    uint32_t *ten = cr__calloc(ctx, (size_t)m->P * S, sizeof *ten);
    if (!ten) return CR_ENOMEM;
    uint64_t nn = 0;
    for (uint64_t i = 0; i < m->N; i++) {
        if (m->fpark[i] < 0) { nn++; continue; }
        for (int q = 0; q < m->fnseg[i]; q++) ten[(size_t)m->fpark[i] * S + m->fseg[3 * i + (uint64_t)q]]++;
    }
    m->pc = cr__calloc(ctx, (size_t)m->P * S, sizeof *m->pc);
    m->nontenant = cr__malloc(ctx, nn ? nn : 1, sizeof *m->nontenant);
    if (!m->pc || !m->nontenant) { free(ten); return CR_ENOMEM; }
    for (uint32_t p = 0; p < m->P; p++)
        for (uint32_t s = 0; s < S; s++) {
            uint32_t acc = 0;
            for (uint32_t a = m->adj_off[s]; a < m->adj_off[s + 1]; a++) acc += ten[(size_t)p * S + m->adj[a]];
            m->pc[(size_t)p * S + s] = (float)acc;
        }
    free(ten);
    m->n_nontenant = 0;
    for (uint64_t i = 0; i < m->N; i++)
        if (m->fpark[i] < 0) m->nontenant[m->n_nontenant++] = (uint32_t)i;
    return CR_OK;
}

/* ----------------------------------------------------------- out folder */

static cr_error_t prepare_dir(cr_ctx *ctx, const char *dir, int overwrite)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT) return cr_ctx_fail(ctx, CR_EIO, "cannot use %s: %s", dir, strerror(errno));
        if (mkdir(dir, 0777) != 0) return cr_ctx_fail(ctx, CR_EIO, "cannot create %s: %s", dir, strerror(errno));
        return CR_OK;
    }
    if (!S_ISDIR(st.st_mode)) return cr_ctx_fail(ctx, CR_EIO, "%s exists and is not a folder", dir);
    DIR *d = opendir(dir);
    if (!d) return cr_ctx_fail(ctx, CR_EIO, "cannot open %s: %s", dir, strerror(errno));
    int nonempty = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) { nonempty = 1; break; }
    closedir(d);
    if (nonempty && !overwrite)
        return cr_ctx_fail(ctx, CR_EREFUSED, "%s is not empty (use --force to write into it)", dir);
    return CR_OK;
}

/* ------------------------------------------------------------------ API */

void cr_gen_params_default(cr_gen_params *p)
{
    memset(p, 0, sizeof *p);
    p->n_enterprises = 10000;
    p->n_links = 30000;
    p->n_history = CR_GEN_AUTO;
    p->n_parks = 100;
    p->n_chains = 3;
    p->seed = 1;
    p->tenant_share = 0.3;
}

static cr_error_t check_params(cr_ctx *ctx, const cr_gen_params *p)
{
    if (p->n_enterprises < 1 || p->n_enterprises >= (1ull << 30))
        return cr_ctx_fail(ctx, CR_EINVAL, "enterprises must be in 1..%llu", (1ull << 30) - 1);
    if (p->n_parks < 1 || p->n_parks > 1000000) return cr_ctx_fail(ctx, CR_EINVAL, "parks must be in 1..1000000");
    if (p->n_chains < 1 || p->n_chains > CR_GEN_MAX_CHAINS)
        return cr_ctx_fail(ctx, CR_EINVAL, "chains must be in 1..%u", CR_GEN_MAX_CHAINS);
    if (!(p->tenant_share >= 0 && p->tenant_share <= 1))
        return cr_ctx_fail(ctx, CR_EINVAL, "tenant share must be in [0, 1]");
    if (p->n_links != 0 && p->n_links > (1ull << 40)) return cr_ctx_fail(ctx, CR_EINVAL, "too many links");
    if (p->n_history != CR_GEN_AUTO && p->n_history > (1ull << 40))
        return cr_ctx_fail(ctx, CR_EINVAL, "too many history rows");
    return CR_OK;
}

static cr_error_t generate(cr_ctx *ctx, model *m, gfile *files, const char *dir, int nt, gsl_rng **rngs,
                           sbuf *bufs, cr_gen_stats *stats)
{
    int fail = 0;
    if (m->prm->progress) m->prm->progress(m->prm->progress_user, "chains", 0, m->K);
    CR_CHECK(build_chains(ctx, m, rngs[0]));
    for (int k = 0; k < NFILES - 1; k++) CR_CHECK(gfile_open(ctx, &files[k], dir, file_names[k]));
    CR_CHECK(write_chains(ctx, m, &files[F_CHAINS]));

    double cw[CR__GEN_NCITY];
    for (int i = 0; i < CR__GEN_NCITY; i++) cw[i] = cr__gen_cities[i].weight;
    m->city_tab = gsl_ran_discrete_preproc(CR__GEN_NCITY, cw);
    if (!m->city_tab) return cr_ctx_fail(ctx, CR_EDEP, "GSL discrete table failed");
    if (m->prm->progress) m->prm->progress(m->prm->progress_user, "parks", 0, m->P);
    CR_CHECK(build_parks(ctx, m, rngs[0], &files[F_PARKS], &bufs[0]));

    uint64_t N = m->N;
    ALLOC(m->flat, N); ALLOC(m->flon, N); ALLOC(m->frev, N); ALLOC(m->fseg, 3 * N);
    ALLOC(m->fshare, 3 * N); ALLOC(m->fcell, N); ALLOC(m->fnseg, N); ALLOC(m->fpark, N);
    CR_CHECK(write_ent_header(ctx, &files[F_ENT]));
    uint64_t tenants = 0;
    CR_CHECK(run_blocks(ctx, m, &files[F_ENT], "enterprises", (N + ENT_BLOCK - 1) / ENT_BLOCK, STREAM_ENT,
                        ent_block, N, NULL, &tenants, nt, rngs, bufs, &fail));

    CR_CHECK(build_buckets(ctx, m));
    static const char link_header[] = "supplier,customer,weight,source\n";
    CR_CHECK(gfile_write(ctx, &files[F_LINKS], link_header, sizeof link_header - 1));
    if (m->L > 0) {
        uint32_t E = m->edge_off[m->K];
        double *ew = cr__calloc(ctx, E ? E : 1, sizeof *ew);
        if (!ew) return CR_ENOMEM;
        double tot = 0;
        for (uint32_t e = 0; e < E; e++) {
            /* pairs available along the edge: n_from * n_to (n*(n-1) for a self-loop) */
            double a = seg_count(m, m->edge_from[e]), bb = seg_count(m, m->edge_to[e]);
            double pairs = m->edge_from[e] == m->edge_to[e] ? a * (a - 1) : a * bb;
            ew[e] = pairs > 0 ? m->edge_coef[e] * sqrt(pairs) : 0;
            tot += ew[e];
        }
        if (tot > 0) m->edge_tab = gsl_ran_discrete_preproc(E, ew);
        free(ew);
        if (!(tot > 0))
            return cr_ctx_fail(ctx, CR_EINVAL, "cannot make links: no chain edge has enterprises at both ends "
                                               "(too few enterprises)");
        if (!m->edge_tab) return cr_ctx_fail(ctx, CR_EDEP, "GSL discrete table failed");
        cr_error_t rc = run_blocks(ctx, m, &files[F_LINKS], "links", (m->L + LINK_BLOCK - 1) / LINK_BLOCK,
                                   STREAM_LINK, link_block, m->L, NULL, NULL, nt, rngs, bufs, &fail);
        if (rc != CR_OK && fail == 2)
            return cr_ctx_fail(ctx, CR_EINVAL, "cannot make links: candidates keep hitting the buyer itself "
                                               "(too few enterprises)");
        CR_CHECK(rc);
    }

    CR_CHECK(build_history_model(ctx, m));
    static const char hist_header[] = "enterprise,park,date,stage\n";
    CR_CHECK(gfile_write(ctx, &files[F_HIST], hist_header, sizeof hist_header - 1));
    uint64_t hrows = 0;
    if (m->H > 0) {
        if (m->n_nontenant == 0)
            return cr_ctx_fail(ctx, CR_EINVAL, "cannot make history: every enterprise is a tenant");
        cr_error_t rc = run_blocks(ctx, m, &files[F_HIST], "history", UINT64_MAX, STREAM_HIST, hist_block, m->H,
                                   &hrows, NULL, nt, rngs, bufs, &fail);
        if (rc != CR_OK && fail == 2)
            return cr_ctx_fail(ctx, CR_EINVAL, "cannot make history: every park bans the categories of the "
                                               "sampled enterprises");
        CR_CHECK(rc);
    }

    CR_CHECK(gfile_open(ctx, &files[F_MANIFEST], dir, file_names[F_MANIFEST]));
    FILE *fp = files[F_MANIFEST].o.fp;
    fprintf(fp, "{\"format\": \"chainrank-dataset/1\", \"name\": \"synthetic-%llu\",\n"
                " \"description\": \"chainrank gen: %llu enterprises, %u parks, %u chains, %llu links, "
                "%llu history rows, seed %llu (docs/generator.md)\",\n"
                " \"chains\": \"chains.json\", \"parks\": \"parks.csv\", \"enterprises\": \"enterprises.csv\",\n"
                " \"links\": \"links.csv\", \"history\": \"history.csv\",\n"
                " \"synthetic\": [\"chains\", \"parks\", \"enterprises\", \"links\", \"history\"]}\n",
            (unsigned long long)m->prm->seed, (unsigned long long)N, m->P, m->K, (unsigned long long)m->L,
            (unsigned long long)m->H, (unsigned long long)m->prm->seed);
    long mb = ftell(fp);
    files[F_MANIFEST].bytes = mb > 0 ? (uint64_t)mb : 0;

    for (int k = 0; k < NFILES; k++) CR_CHECK(cr_outfile_close(ctx, &files[k].o));
    /* all complete: publish, manifest last */
    for (int k = 0; k < NFILES; k++) CR_CHECK(cr_outfile_publish(ctx, &files[k].o));
    if (stats) {
        stats->n_tenants = tenants;
        stats->n_history = hrows;
        stats->n_segments = m->S;
        stats->n_edges = m->edge_off[m->K];
    }
    return CR_OK;
}

cr_error_t cr_gen_write(cr_ctx *ctx, const cr_gen_params *p, const char *out_dir, cr_gen_stats *stats)
{
    if (!p || !out_dir || !*out_dir) return cr_ctx_fail(ctx, CR_EINVAL, "missing parameters or output folder");
    CR_CHECK(check_params(ctx, p));
    CR_CHECK(prepare_dir(ctx, out_dir, p->overwrite));
    if (stats) memset(stats, 0, sizeof *stats);

    model m;
    memset(&m, 0, sizeof m);
    m.prm = p;
    m.N = p->n_enterprises;
    m.L = p->n_links;
    m.H = p->n_history == CR_GEN_AUTO ? p->n_enterprises / 100 : p->n_history;
    m.P = p->n_parks;
    m.K = p->n_chains;

    int nt = cr__nthreads(ctx);
    if (nt < 1) nt = 1;
    if (nt > 512) nt = 512;
    gfile files[NFILES];
    memset(files, 0, sizeof files);
    gsl_rng **rngs = calloc((size_t)nt, sizeof *rngs);
    sbuf *bufs = calloc((size_t)nt, sizeof *bufs);
    cr_error_t rc = CR_OK;
    if (!rngs || !bufs) rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory");
    for (int t = 0; rc == CR_OK && t < nt; t++) {
        rngs[t] = gsl_rng_alloc(gsl_rng_mt19937);
        if (!rngs[t]) rc = cr_ctx_fail(ctx, CR_ENOMEM, "out of memory (GSL rng)");
    }
    if (rc == CR_OK) rc = generate(ctx, &m, files, out_dir, nt, rngs, bufs, stats);
    uint64_t total = 0;
    for (int k = 0; k < NFILES; k++) {
        if (rc == CR_OK) total += files[k].bytes;
        cr_outfile_destroy(&files[k].o);
    }
    if (rc == CR_OK && stats) stats->bytes = total;
    for (int t = 0; rngs && t < nt; t++) if (rngs[t]) gsl_rng_free(rngs[t]);
    for (int t = 0; bufs && t < nt; t++) free(bufs[t].buf);
    free(rngs);
    free(bufs);
    model_free(&m);
    return rc;
}
