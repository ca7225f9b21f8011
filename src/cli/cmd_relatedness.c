/* chainrank relatedness: RCA, presence, proximity, density, ECI/PCI, COI/COG
 * of a locations x activities CSV matrix (docs/complexity.md). */
#include "cli.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CMD "relatedness"

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

#define REL_USAGE                                                                                          \
    "\nusage: chainrank relatedness MATRIX.csv [--rca-threshold X] [--proximity-diagonal one|zero] [--format " \
    "json|csv] [--long|--wide] [--out FILE]"

static int usage(const char *msg, const char *arg)
{
    cli_usage(CMD, "%s%s%s" REL_USAGE, msg, arg ? " " : "", arg ? arg : "");
    return CLI_EXIT_USAGE;
}

typedef struct {
    const char *path, *outpath;
    int csv, form;   /* form: cr_cx_csv_form */
    cr_cx_params params;
} rel_opts;
static const char *const rel_diagonals[] = {"zero", "one", NULL};   /* CR_CX_DIAG_ZERO, CR_CX_DIAG_ONE */
static const char *const rel_formats[] = {"json", "csv", NULL};
static const cli_opt rel_opt[] = {
    {.name = "--rca-threshold", .kind = CLI_OPT_DOUBLE, .off = offsetof(rel_opts, params.rca_threshold), .dlo = 0,
     .dhi = DBL_MAX, .bad = "--rca-threshold wants a finite number >= 0, got %s" REL_USAGE,
     .last = "--rca-threshold wants a number" REL_USAGE, .arg = "X", .help = "M = 1 where RCA >= X (default 1)"},
    {.name = "--proximity-diagonal", .kind = CLI_OPT_ENUM, .off = offsetof(rel_opts, params.proximity_diagonal),
     .lo = CR_CX_DIAG_ZERO, .names = rel_diagonals, .bad = "--proximity-diagonal wants one or zero, got %s" REL_USAGE,
     .last = "--proximity-diagonal wants one or zero" REL_USAGE, .arg = "D",
     .help = "one or zero (default one, as py-ecomplexity; docs/complexity.md)"},
    {.name = "--format", .kind = CLI_OPT_ENUM, .off = offsetof(rel_opts, csv), .lo = 0, .names = rel_formats,
     .bad = "--format wants json or csv, got %s" REL_USAGE, .last = "--format wants json or csv" REL_USAGE,
     .arg = "F", .help = "json or csv (default json)"},
    CLI_FLAG("--long", rel_opts, form, CR_CX_CSV_LONG,
             "read MATRIX.csv as long rows location,activity,value (default: detect)"),
    CLI_FLAG("--wide", rel_opts, form, CR_CX_CSV_WIDE, "read MATRIX.csv as a wide matrix (default: detect)"),
    {.name = "--out", .kind = CLI_OPT_STR, .off = offsetof(rel_opts, outpath), .last = "--out wants a file name" REL_USAGE,
     .arg = "FILE", .help = "write there instead of standard output (default: standard output)"},
    CLI_OPT_END};
const cli_optspec cli_spec_relatedness = {.cmd = CMD, .opts = rel_opt, .pos_off = offsetof(rel_opts, path),
                                          .unknown = "unknown option %s" REL_USAGE,
                                          .extra = "more than one matrix file: %s" REL_USAGE};

int cmd_relatedness(int argc, char **argv, cr_ctx *ctx)
{
    rel_opts op = {.form = CR_CX_CSV_AUTO};
    cr_cx_params_default(&op.params);
    int code = cli_opts_parse(&cli_spec_relatedness, argc, argv, &op);
    if (code != CLI_EXIT_OK) return code;
    const char *path = op.path, *outpath = op.outpath;
    const int json = !op.csv;
    const cr_cx_csv_form form = (cr_cx_csv_form)op.form;
    cr_cx_params params = op.params;
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
