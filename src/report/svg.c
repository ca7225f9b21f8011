/* The report's SVG pieces: the chain panorama (layered layout from igraph,
 * src/graph/layout.c), stacked contribution bars and the map. Coordinates
 * are printed with one decimal, so the bytes are the same on every run. */
#include "report/report_internal.h"
#include "graph/layout.h"
#include "core/core_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void cr__html_esc(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        case '\'': fputs("&#39;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* strong, weak, missing, extension, absent: green, amber, red, blue, grey
 * (distinguishable for the common colour-vision deficiencies by lightness too) */
static const char *const fills[5] = {"#2e7d32", "#f2a900", "#c62828", "#1e6fd9", "#b0b7bf"};
static const char *const names[5] = {"strong", "weak", "missing", "extension", "absent"};

const char *cr__status_fill(int status) { return status >= 0 && status < 5 ? fills[status] : "#999999"; }

enum { COL_W = 400, NODE_W = 230, NODE_H = 46, ROW_H = 96, TOP = 44, LEFT = 30 };

cr_error_t cr__svg_panorama(cr_ctx *ctx, FILE *fp, const cr__panorama *pn)
{
    int32_t *layer = cr__malloc(ctx, (size_t)pn->n + 1, sizeof *layer);
    if (!layer) return CR_ENOMEM;
    for (int32_t i = 0; i < pn->n; i++) layer[i] = pn->stage[i];
    cr__layered L;
    cr_error_t rc = cr__layout_layered(ctx, pn->n, layer, pn->m, pn->from, pn->to, &L);
    free(layer);
    if (rc != CR_OK) return rc;
    int32_t nv = L.n + L.ndummy;
    /* Rows: igraph keeps room for the dummy vertices between real ones, which
     * leaves tall empty stretches in a dense IO chain. Each layer's real
     * nodes take consecutive rows in igraph's order (its crossing
     * minimisation is kept), and a dummy's row is interpolated between the
     * real nodes of its layer it lies between. */
    double *row = cr__calloc(ctx, (size_t)nv + 1, sizeof *row);
    int32_t *ord = cr__calloc(ctx, (size_t)L.n + 1, sizeof *ord);
    if (!row || !ord) {
        free(row);
        free(ord);
        cr__layered_destroy(&L);
        return CR_ENOMEM;
    }
    int32_t rows_max = 0;
    for (int32_t s = 0; s < 3; s++) {
        int32_t k = 0;
        for (int32_t v = 0; v < L.n; v++)
            if (L.layer[v] == s) ord[k++] = v;
        for (int32_t a = 1; a < k; a++)   /* insertion sort by (pos, index): a layer has a few dozen nodes */
            for (int32_t b = a; b > 0 && (L.pos[ord[b - 1]] > L.pos[ord[b]] ||
                                          (L.pos[ord[b - 1]] == L.pos[ord[b]] && ord[b - 1] > ord[b])); b--) {
                int32_t t = ord[b - 1];
                ord[b - 1] = ord[b];
                ord[b] = t;
            }
        for (int32_t a = 0; a < k; a++) row[ord[a]] = a;
        if (k > rows_max) rows_max = k;
        for (int32_t d = L.n; d < nv; d++) {
            if (L.layer[d] != s) continue;
            if (k == 0) { row[d] = 0; continue; }
            int32_t a = 0;
            while (a < k && L.pos[ord[a]] < L.pos[d]) a++;
            if (a == 0) row[d] = -0.5;
            else if (a == k) row[d] = k - 0.5;
            else {
                double p0 = L.pos[ord[a - 1]], p1 = L.pos[ord[a]];
                row[d] = a - 1 + (p1 > p0 ? (L.pos[d] - p0) / (p1 - p0) : 0.5);
            }
        }
    }
    /* centre short columns against the tallest one */
    double off[3] = {0, 0, 0};
    for (int32_t s = 0; s < 3; s++) {
        int32_t k = 0;
        for (int32_t v = 0; v < L.n; v++) k += L.layer[v] == s;
        off[s] = (rows_max - k) / 2.0;
    }
    free(ord);
    double maxpos = rows_max > 0 ? rows_max - 1 : 0, maxcoef = 0;
    for (int32_t e = 0; e < pn->m; e++) maxcoef = fmax(maxcoef, pn->coef[e]);
    /* x: the column of the layer; y: the row within the layer */
    double width = LEFT * 2 + 2 * COL_W + NODE_W + 120,   /* room right of the last column for same-layer arcs */
           height = TOP + (maxpos + 1) * ROW_H + 10;
#define VX(v) (LEFT + (double)L.layer[v] * COL_W)
#define VY(v) (TOP + (row[v] + off[L.layer[v] >= 0 && L.layer[v] < 3 ? L.layer[v] : 0]) * ROW_H)
    fprintf(fp, "<svg class=\"panorama\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
                "height=\"%.0f\" role=\"img\">\n", width, height, width, height);
    fprintf(fp, "<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
                "orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#7a8794\"/></marker></defs>\n");
    for (int s = 0; s < 3; s++) {
        fprintf(fp, "<rect x=\"%d\" y=\"4\" width=\"%d\" height=\"%.0f\" rx=\"8\" fill=\"%s\"/>", LEFT - 12 + s * COL_W,
                NODE_W + 24, height - 8, s == 1 ? "#eef2f6" : "#f6f8fa");
        fprintf(fp, "<text class=\"stage\" x=\"%d\" y=\"26\">", LEFT + s * COL_W);
        cr__html_esc(fp, pn->stage_title[s]);
        fprintf(fp, "</text>\n");
    }
    /* edges first, under the nodes */
    for (int32_t e = 0; e < pn->m; e++) {
        int32_t a = pn->from[e], b = pn->to[e];
        double sw = maxcoef > 0 ? 1.0 + 7.0 * pn->coef[e] / maxcoef : 1.0;
        fprintf(fp, "<path class=\"io\" data-coef=\"%.4f\" stroke-width=\"%.1f\" d=\"", pn->coef[e], sw);
        if (L.layer[a] == L.layer[b]) {
            /* same column: an arc out of the right side */
            double x = VX(a) + NODE_W, ya = VY(a) + NODE_H / 2.0, yb = VY(b) + NODE_H / 2.0;
            double bulge = 40 + 12 * fabs(row[a] - row[b]);
            fprintf(fp, "M%.1f,%.1fC%.1f,%.1f %.1f,%.1f %.1f,%.1f", x, ya, x + bulge, ya, x + bulge, yb, x, yb);
        } else {
            int fwd = L.layer[a] < L.layer[b];
            double x = fwd ? VX(a) + NODE_W : VX(a), y = VY(a) + NODE_H / 2.0;
            fprintf(fp, "M%.1f,%.1f", x, y);
            for (int64_t k = L.bend_off[e]; k < L.bend_off[e + 1]; k++) {
                int32_t d = L.bend[k];
                double nx = VX(d) + NODE_W / 2.0, ny = VY(d) + NODE_H / 2.0;
                double mx = (x + nx) / 2;
                fprintf(fp, "C%.1f,%.1f %.1f,%.1f %.1f,%.1f", mx, y, mx, ny, nx, ny);
                x = nx;
                y = ny;
            }
            double tx = fwd ? VX(b) : VX(b) + NODE_W, ty = VY(b) + NODE_H / 2.0, mx = (x + tx) / 2;
            fprintf(fp, "C%.1f,%.1f %.1f,%.1f %.1f,%.1f", mx, y, mx, ty, tx, ty);
        }
        fprintf(fp, "\" marker-end=\"url(#arr)\"/>\n");
    }
    for (int32_t i = 0; i < pn->n; i++) {
        int st = pn->status[i] >= 0 && pn->status[i] < 5 ? pn->status[i] : 4;
        double x = VX(i), y = VY(i);
        fprintf(fp, "<g class=\"seg st-%s\" data-segment=\"", names[st]);
        cr__html_esc(fp, pn->id[i]);
        fprintf(fp, "\" data-status=\"%s\"><title>", names[st]);
        cr__html_esc(fp, pn->label[i]);
        fprintf(fp, "</title>");
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"7\" fill=\"%s\"%s/>", x, y, NODE_W, NODE_H,
                fills[st], pn->key[i] ? " stroke=\"#111\" stroke-width=\"3\"" : "");
        fprintf(fp, "<text class=\"nl%s\" x=\"%.1f\" y=\"%.1f\">", st == 1 || st == 4 ? " dark" : "", x + 10, y + 19);
        if (pn->key[i]) fputs("★ ", fp);
        cr__html_esc(fp, pn->label[i]);
        fprintf(fp, "</text><text class=\"ns%s\" x=\"%.1f\" y=\"%.1f\">", st == 1 || st == 4 ? " dark" : "", x + 10, y + 37);
        if (isnan(pn->coverage[i])) fprintf(fp, "%s: –", pn->cov_text);
        else fprintf(fp, "%s: %.0f%%", pn->cov_text, 100 * pn->coverage[i]);
        fprintf(fp, "</text>");
        if (pn->tenants[i][0]) {
            fprintf(fp, "<text class=\"tn\" x=\"%.1f\" y=\"%.1f\">", x + 4, y + NODE_H + 15);
            cr__html_esc(fp, pn->tenants[i]);
            fprintf(fp, "</text>");
        }
        fprintf(fp, "</g>\n");
    }
    fprintf(fp, "</svg>\n");
#undef VX
#undef VY
    free(row);
    cr__layered_destroy(&L);
    return CR_OK;
}

void cr__svg_bar(FILE *fp, int k, const double *px, const char *const *colour, const char *const *title, double width,
                 double height)
{
    fprintf(fp, "<svg class=\"bar\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">",
            width, height, width, height);
    fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#f0f2f4\"/>", width, height);
    double x = 0;
    for (int j = 0; j < k; j++) {
        if (!(px[j] > 0)) continue;
        fprintf(fp, "<rect class=\"part\" x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\"><title>", x, px[j], height,
                colour[j]);
        cr__html_esc(fp, title[j]);
        fprintf(fp, "</title></rect>");
        x += px[j];
    }
    fprintf(fp, "</svg>");
}

void cr__proj_fit(cr__proj *pj, const double *lon, const double *lat, int32_t n, double w, double h)
{
    double a = INFINITY, b = INFINITY, c = -INFINITY, d = -INFINITY;
    for (int32_t i = 0; i < n; i++) {
        if (!isfinite(lon[i]) || !isfinite(lat[i])) continue;
        a = fmin(a, lon[i]); c = fmax(c, lon[i]);
        b = fmin(b, lat[i]); d = fmax(d, lat[i]);
    }
    if (!isfinite(a)) { a = c = 110; b = d = 32; }
    /* at least 1.5 degrees of latitude and longitude in view, 12 % margin each side */
    double cx = (a + c) / 2, cy = (b + d) / 2, sx = fmax(c - a, 1.5), sy = fmax(d - b, 1.5);
    sx *= 1.24;
    sy *= 1.24;
    pj->lon0 = cx;
    pj->lat0 = cy;
    pj->cosl = cos(cy * 3.14159265358979323846 / 180.0);
    pj->w = w;
    pj->h = h;
    pj->k = fmin(w / (sx * pj->cosl), h / sy);   /* pixels a degree of latitude */
    pj->cx = w / 2;
    pj->cy = h / 2;
}

void cr__proj_xy(const cr__proj *pj, double lon, double lat, double *x, double *y)
{
    *x = pj->cx + (lon - pj->lon0) * pj->cosl * pj->k;
    *y = pj->cy - (lat - pj->lat0) * pj->k;
}

/* Pale tints for provinces, chosen by a hash of the province name (FNV-1a),
 * so neighbouring provinces usually differ and the choice is stable. */
static const char *province_tint(const char *s)
{
    static const char *const tints[6] = {"#eef3e8", "#f3efe6", "#e9eff5", "#f4eaee", "#eceaf4", "#f5f3e4"};
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return tints[h % 6];
}

/* Even-odd ray casting over the city's rings (W. R. Franklin's pnpoly). */
static int in_city(const cr_report_outlines *o, int32_t c, double x, double y)
{
    int in = 0;
    for (int64_t r = o->ring_off[c]; r < o->ring_off[c + 1]; r++)
        for (int64_t i = o->pt_off[r], j = o->pt_off[r + 1] - 1; i < o->pt_off[r + 1]; j = i++)
            if ((o->lat[i] > y) != (o->lat[j] > y) &&
                x < (o->lon[j] - o->lon[i]) * (y - o->lat[i]) / (o->lat[j] - o->lat[i]) + o->lon[i])
                in = !in;
    return in;
}

void cr__svg_map(FILE *fp, const cr__map *mp)
{
    const double W = 1000, H = 640;
    cr__proj pj;
    cr__proj_fit(&pj, mp->lon, mp->lat, mp->n, W, H);
    double lon_half = W / 2 / (pj.k * pj.cosl), lat_half = H / 2 / pj.k;
    double vb[4] = {pj.lon0 - lon_half, pj.lat0 - lat_half, pj.lon0 + lon_half, pj.lat0 + lat_half};
    /* the legend above the map, in HTML: inside, a corner would hide points */
    fprintf(fp, "<div class=\"legend-row map-legend\">");
    static const char *const sym[4] = {
        "<path d=\"M8,0.5l2.2,4.6l5,0.6l-3.7,3.4l1,5l-4.5,-2.5l-4.5,2.5l1,-5l-3.7,-3.4l5,-0.6z\"/>",
        "<circle cx=\"8\" cy=\"8\" r=\"3.5\"/>", "<circle cx=\"8\" cy=\"8\" r=\"6.5\"/>",
        "<path d=\"M8,2l5,9h-10z\"/>"};
    for (int k = 0; k < 4; k++) {
        fprintf(fp, "<span><svg class=\"map sym\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\"><g class=\"pt k%d\">%s</g></svg> ", k,
                sym[k]);
        cr__html_esc(fp, mp->legend[k]);
        fprintf(fp, "</span>");
    }
    fprintf(fp, "</div>\n");
    fprintf(fp, "<svg class=\"map\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                "role=\"img\">\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#dfe9f2\"/>\n", W, H, W, H, W, H);
    const cr_report_outlines *o = mp->outlines;
    if (o) {
        for (int32_t c = 0; c < o->ncity; c++) {
            const double *bb = o->bbox + 4 * c;
            if (bb[2] < vb[0] || bb[0] > vb[2] || bb[3] < vb[1] || bb[1] > vb[3]) continue;
            fprintf(fp, "<path class=\"city\" fill=\"%s\" d=\"", province_tint(o->province[c]));
            for (int64_t r = o->ring_off[c]; r < o->ring_off[c + 1]; r++) {
                for (int64_t q = o->pt_off[r]; q < o->pt_off[r + 1]; q++) {
                    double x, y;
                    cr__proj_xy(&pj, o->lon[q], o->lat[q], &x, &y);
                    fprintf(fp, "%s%.1f,%.1f", q == o->pt_off[r] ? "M" : "L", x, y);
                }
                fputc('Z', fp);
            }
            fprintf(fp, "\"><title>");
            cr__html_esc(fp, o->name[c]);
            fprintf(fp, " · ");
            cr__html_esc(fp, o->province[c]);
            fprintf(fp, "</title></path>\n");
        }
        /* city names at their box centres, small and grey, under the points */
        for (int32_t c = 0; c < o->ncity; c++) {
            const double *bb = o->bbox + 4 * c;
            double lx = (bb[0] + bb[2]) / 2, ly = (bb[1] + bb[3]) / 2;
            if (lx < vb[0] || lx > vb[2] || ly < vb[1] || ly > vb[3]) continue;
            if ((bb[2] - bb[0]) * pj.k * pj.cosl < 40) continue;   /* too small to label */
            /* only cities with a point of the map in their box: a country-wide
             * view would otherwise drown the points in names */
            int has = 0;
            for (int32_t i = 0; i < mp->n && !has; i++)
                has = mp->lon[i] >= bb[0] && mp->lon[i] <= bb[2] && mp->lat[i] >= bb[1] && mp->lat[i] <= bb[3] &&
                      in_city(o, c, mp->lon[i], mp->lat[i]);
            if (!has) continue;
            double x, y;
            cr__proj_xy(&pj, lx, ly, &x, &y);
            fprintf(fp, "<text class=\"cityname\" x=\"%.1f\" y=\"%.1f\">", x, y);
            cr__html_esc(fp, o->name[c]);
            fprintf(fp, "</text>\n");
        }
    }
    /* draw order: partners, tenants, the park, then the numbered targets on top */
    static const int order[4] = {3, 1, 0, 2};
    for (int pass = 0; pass < 4; pass++) {
        int kind = order[pass];
        for (int32_t i = 0; i < mp->n; i++) {
            if (mp->kind[i] != kind || !isfinite(mp->lon[i]) || !isfinite(mp->lat[i])) continue;
            double x, y;
            cr__proj_xy(&pj, mp->lon[i], mp->lat[i], &x, &y);
            fprintf(fp, "<g class=\"pt k%d\"><title>", kind);
            cr__html_esc(fp, mp->title[i]);
            fprintf(fp, "</title>");
            if (kind == 0) fprintf(fp, "<path d=\"M%.1f,%.1fl4.5,9.5l10.5,1.2l-7.8,7.2l2.1,10.4l-9.3,-5.2l-9.3,5.2l2.1,-10.4l-7.8,-7.2l10.5,-1.2z\"/>", x, y - 16);
            else if (kind == 1) fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>", x, y);
            else if (kind == 2) fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\"/>", x, y);
            else fprintf(fp, "<path d=\"M%.1f,%.1fl5,9h-10z\"/>", x, y - 6);
            if (kind == 2 && mp->label[i][0]) {
                /* "N" in the disc; "N city" puts the city beside it */
                const char *sp = strchr(mp->label[i], ' ');
                int nlen = sp ? (int)(sp - mp->label[i]) : (int)strlen(mp->label[i]);
                fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.*s</text>", x, y + 4, nlen, mp->label[i]);
                if (sp && sp[1]) {
                    fprintf(fp, "<text class=\"side\" x=\"%.1f\" y=\"%.1f\">", x + 11, y + 4);
                    cr__html_esc(fp, sp + 1);
                    fprintf(fp, "</text>");
                }
            } else if (mp->label[i][0]) {
                fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", x + 10, y + 4);
                cr__html_esc(fp, mp->label[i]);
                fprintf(fp, "</text>");
            }
            fprintf(fp, "</g>\n");
        }
    }
    if (!o) {
        fprintf(fp, "<text class=\"cityname\" x=\"12\" y=\"%.0f\">", H - 12);
        cr__html_esc(fp, mp->no_outline_text);
        fprintf(fp, "</text>\n");
    }
    fprintf(fp, "</svg>\n");

}
