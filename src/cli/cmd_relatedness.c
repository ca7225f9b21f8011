/* chainrank relatedness: RCA, presence, proximity, density, ECI/PCI, COI/COG
 * of a locations x activities CSV matrix (docs/complexity.md). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "relatedness";

static void json_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (*u == '"' || *u == '\\') fprintf(fp, "\\%c", *u);
        else if (*u == '\n') fputs("\\n", fp);
        else if (*u == '\r') fputs("\\r", fp);
        else if (*u == '\t') fputs("\\t", fp);
        else if (*u < 0x20) fprintf(fp, "\\u%04x", *u);
        else fputc(*u, fp);
    }
    fputc('"', fp);
}

/* %.17g round-trips every double; NaN (undefined) becomes null. */
static void json_num(FILE *fp, double v)
{
    if (isfinite(v)) fprintf(fp, "%.17g", v);
    else fputs("null", fp);
}

static void json_names(FILE *fp, const char *key, char *const *names, size_t n)
{
    fprintf(fp, "  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(", ", fp);
        json_str(fp, names[i]);
    }
    fputs("],\n", fp);
}

static void json_vec(FILE *fp, const char *key, const double *v, size_t n, int last)
{
    fprintf(fp, "  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        if (i) fputs(", ", fp);
        json_num(fp, v[i]);
    }
    fputs(last ? "]\n" : "],\n", fp);
}

static void json_mat(FILE *fp, const char *key, const double *v, size_t rows, size_t cols)
{
    fprintf(fp, "  \"%s\": [\n", key);
    for (size_t r = 0; r < rows; r++) {
        fputs("    [", fp);
        for (size_t c = 0; c < cols; c++) {
            if (c) fputs(", ", fp);
            json_num(fp, v[r * cols + c]);
        }
        fputs(r + 1 < rows ? "],\n" : "]\n", fp);
    }
    fputs("  ],\n", fp);
}

static void write_json(FILE *fp, const cr_cx_matrix *mx, const cr_cx_result *r, const cr_cx_params *p)
{
    size_t nl = r->nloc, na = r->nact;
    fputs("{\n", fp);
    json_names(fp, "locations", mx->loc_names, nl);
    json_names(fp, "activities", mx->act_names, na);
    fputs("  \"params\": {\"rca_threshold\": ", fp);
    json_num(fp, p->rca_threshold);
    fprintf(fp, ", \"proximity_diagonal\": \"%s\"},\n", p->proximity_diagonal == CR_CX_DIAG_ONE ? "one" : "zero");
    json_mat(fp, "rca", r->rca, nl, na);
    json_mat(fp, "m", r->m, nl, na);
    json_mat(fp, "proximity", r->proximity, na, na);
    json_mat(fp, "density", r->density, nl, na);
    json_vec(fp, "diversity", r->diversity, nl, 0);
    json_vec(fp, "ubiquity", r->ubiquity, na, 0);
    json_vec(fp, "eci", r->eci, nl, 0);
    json_vec(fp, "pci", r->pci, na, 0);
    json_vec(fp, "coi", r->coi, nl, 0);
    json_mat(fp, "cog", r->cog, nl, na);
    fputs("  \"eigenvalue\": ", fp);
    json_num(fp, r->eigenvalue);
    fputs("\n}\n", fp);
}

/* NaN (undefined) is an empty field. */
static void csv_num(FILE *fp, double v)
{
    fputc(',', fp);
    if (isfinite(v)) fprintf(fp, "%.17g", v);
}

/* Four sections, each with its own header, separated by one empty line:
 * cells, activity pairs, locations, activities (docs/complexity.md). */
static void write_csv(FILE *fp, const cr_cx_matrix *mx, const cr_cx_result *r)
{
    size_t nl = r->nloc, na = r->nact;
    fputs("location,activity,value,rca,m,density,cog\n", fp);
    for (size_t c = 0; c < nl; c++)
        for (size_t p = 0; p < na; p++) {
            size_t i = c * na + p;
            cli_csv_string(fp, mx->loc_names[c]);
            fputc(',', fp);
            cli_csv_string(fp, mx->act_names[p]);
            csv_num(fp, mx->values[i]);
            csv_num(fp, r->rca[i]);
            csv_num(fp, r->m[i]);
            csv_num(fp, r->density[i]);
            csv_num(fp, r->cog[i]);
            fputc('\n', fp);
        }
    fputs("\nactivity,activity2,proximity\n", fp);
    for (size_t p = 0; p < na; p++)
        for (size_t q = 0; q < na; q++) {
            cli_csv_string(fp, mx->act_names[p]);
            fputc(',', fp);
            cli_csv_string(fp, mx->act_names[q]);
            csv_num(fp, r->proximity[p * na + q]);
            fputc('\n', fp);
        }
    fputs("\nlocation,diversity,eci,coi\n", fp);
    for (size_t c = 0; c < nl; c++) {
        cli_csv_string(fp, mx->loc_names[c]);
        csv_num(fp, r->diversity[c]);
        csv_num(fp, r->eci[c]);
        csv_num(fp, r->coi[c]);
        fputc('\n', fp);
    }
    fputs("\nactivity,ubiquity,pci\n", fp);
    for (size_t p = 0; p < na; p++) {
        cli_csv_string(fp, mx->act_names[p]);
        csv_num(fp, r->ubiquity[p]);
        csv_num(fp, r->pci[p]);
        fputc('\n', fp);
    }
}

static int usage(const char *msg, const char *arg)
{
    cli_usage(CMD, "%s%s%s\nusage: chainrank relatedness MATRIX.csv [--rca-threshold X] "
                   "[--proximity-diagonal one|zero] [--format json|csv] [--long|--wide] [--out FILE]",
              msg, arg ? " " : "", arg ? arg : "");
    return CLI_EXIT_USAGE;
}

int cmd_relatedness(int argc, char **argv, cr_ctx *ctx)
{
    const char *path = NULL, *outpath = NULL;
    int json = 1;
    cr_cx_csv_form form = CR_CX_CSV_AUTO;
    cr_cx_params params;
    cr_cx_params_default(&params);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if (!strcmp(a, "--rca-threshold")) {
            if (!has) return usage("--rca-threshold wants a number", NULL);
            char *end;
            double t = strtod(argv[++i], &end);
            if (end == argv[i] || *end || !isfinite(t) || t < 0.0)
                return usage("--rca-threshold wants a finite number >= 0, got", argv[i]);
            params.rca_threshold = t;
        } else if (!strcmp(a, "--proximity-diagonal")) {
            if (!has) return usage("--proximity-diagonal wants one or zero", NULL);
            i++;
            if (!strcmp(argv[i], "one")) params.proximity_diagonal = CR_CX_DIAG_ONE;
            else if (!strcmp(argv[i], "zero")) params.proximity_diagonal = CR_CX_DIAG_ZERO;
            else return usage("--proximity-diagonal wants one or zero, got", argv[i]);
        } else if (!strcmp(a, "--format")) {
            if (!has) return usage("--format wants json or csv", NULL);
            i++;
            if (!strcmp(argv[i], "json")) json = 1;
            else if (!strcmp(argv[i], "csv")) json = 0;
            else return usage("--format wants json or csv, got", argv[i]);
        } else if (!strcmp(a, "--long")) {
            form = CR_CX_CSV_LONG;
        } else if (!strcmp(a, "--wide")) {
            form = CR_CX_CSV_WIDE;
        } else if (!strcmp(a, "--out")) {
            if (!has) return usage("--out wants a file name", NULL);
            outpath = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage("unknown option", a);
        } else if (!path) {
            path = a;
        } else {
            return usage("more than one matrix file:", a);
        }
    }
    if (!path) return usage("missing MATRIX.csv", NULL);

    char *text = NULL;
    size_t len = 0;
    int ec = cli_read_file(ctx, path, &text, &len, CMD);
    if (ec != CLI_EXIT_OK) return ec;
    cr_cx_matrix *mx = NULL;
    cr_cx_result *res = NULL;
    cr_error_t rc = cr_cx_matrix_parse_csv(ctx, path, text, len, form, &mx);
    free(text);
    if (rc == CR_OK) rc = cr_cx_compute(ctx, mx->nloc, mx->nact, mx->values, &params, &res);
    if (rc != CR_OK) {
        ec = cli_fail(ctx, CMD, rc);
        goto done;
    }
    cli_out out;
    if ((ec = cli_out_open(&out, outpath, CMD)) != CLI_EXIT_OK) goto done;
    if (json) write_json(out.fp, mx, res, &params);
    else write_csv(out.fp, mx, res);
    ec = cli_out_commit(&out, CMD);
done:
    cr_cx_result_free(res);
    cr_cx_matrix_free(mx);
    return ec;
}
