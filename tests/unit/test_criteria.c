/* The criteria table (src/rank/criteria.c): rows in cr_criterion order,
 * complete, names that round-trip; a criterion the streaming kernel does
 * not compute sends a scheme to the materialised path and needs only what
 * the streaming path can give its output rows; every row is documented in
 * docs/model.md, and docs/architecture.md says how to add one. */
#include "cr_test.h"
#include "rank/criteria.h"
#include "rank/stream.h"

#include <stdlib.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    if (b) b[n] = 0;
    fclose(f);
    return b;
}

/* 1 if some line of text starting with "### " holds `id` */
static int heading_names(const char *text, const char *id)
{
    char want[64];
    snprintf(want, sizeof want, "`%s`", id);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, "### ", 4) != 0) continue;
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        const char *hit = strstr(l, want);
        if (hit && (size_t)(hit - l) < len) return 1;
    }
    return 0;
}

static cr_scheme *scheme(cr_ctx *ctx, const char *crits)
{
    char text[512];
    snprintf(text, sizeof text, "{\"name\": \"t\", \"criteria\": [%s], \"aggregation\": {\"method\": \"wsm\"}}", crits);
    cr_scheme *s = NULL;
    CR_TEST_OK(cr_scheme_parse(ctx, text, strlen(text), "t.json", &s));
    return s;
}

int main(void)
{
    cr_ctx *ctx = cr_ctx_alloc();

    /* rows: in enum order, every field there, names unique and round-trip */
    for (int c = 0; c < CR_NCRIT; c++) {
        const cr__criterion *row = &cr__criteria[c];
        const cr_criterion_info *ci = cr_criterion_get((cr_criterion)c);
        CR_TEST_INT(row->id, c);
        CR_TEST_TRUE(ci == &row->info);
        CR_TEST_TRUE(ci->id && *ci->id && ci->title && *ci->title && ci->heading && *ci->heading && ci->unit &&
                     *ci->unit && ci->summary && *ci->summary && ci->title_zh && *ci->title_zh);
        CR_TEST_TRUE(ci->width >= (int)strlen(ci->heading) && ci->prec >= 0 && (ci->conv == 'f' || ci->conv == 'g'));
        CR_TEST_TRUE(row->value != NULL);
        CR_TEST_TRUE(row->streamed == 0 || row->streamed == 1);
        CR_TEST_STR(cr_criterion_name((cr_criterion)c), ci->id);
        CR_TEST_INT(cr_criterion_parse(ci->id), c);
        for (int d = 0; d < c; d++) CR_TEST_TRUE(strcmp(cr__criteria[d].info.id, ci->id) != 0);
        /* the streaming path fills a criterion it does not compute from
         * the row context only (stream.c fill_unstreamed) */
        if (!row->streamed) CR_TEST_TRUE((row->needs & ~(unsigned)CR__NEED_ROW_ONLY) == 0);
    }
    CR_TEST_TRUE(cr_criterion_get(CR_NCRIT) == NULL);
    CR_TEST_INT(cr_criterion_parse("nonesuch"), -1);

    /* routing: a scheme aggregating a criterion with streamed = 0 is not
     * streamable, one without it is (checked on a copy of the table where
     * goose is not streamed, and on the real table for every such row) */
    cr__criterion tab[CR_NCRIT];
    memcpy(tab, cr__criteria, sizeof tab);
    tab[CR_CRIT_GOOSE].streamed = 0;
    cr_scheme *with = scheme(ctx, "{\"id\": \"gap\", \"weight\": 1}, {\"id\": \"goose\", \"weight\": 1}");
    cr_scheme *without = scheme(ctx, "{\"id\": \"gap\", \"weight\": 1}, {\"id\": \"density\", \"weight\": 1}");
    if (with && without) {
        CR_TEST_INT(cr__criteria_streamable(with, tab), 0);
        CR_TEST_INT(cr__criteria_streamable(without, tab), 1);
        CR_TEST_INT(cr__criteria_streamable(with, cr__criteria), 1);
    }
    cr_scheme_free(with);
    cr_scheme_free(without);
    cr_rank_opts o;
    cr_rank_opts_default(&o);
    for (int c = 0; c < CR_NCRIT; c++) {
        char crit[96];
        snprintf(crit, sizeof crit, "{\"id\": \"%s\", \"weight\": 1}", cr__criteria[c].info.id);
        cr_scheme *s = scheme(ctx, crit);
        if (s) CR_TEST_INT(cr__stream_eligible(s, &o), cr__criteria[c].streamed);
        cr_scheme_free(s);
    }

    /* the unknown-id message lists the table */
    {
        const char *bad = "{\"name\": \"t\", \"criteria\": [{\"id\": \"gapp\"}]}";
        cr_scheme *s = NULL;
        CR_TEST_INT(cr_scheme_parse(ctx, bad, strlen(bad), "t.json", &s), CR_EINVAL);
        for (int c = 0; c < CR_NCRIT; c++) CR_TEST_TRUE(strstr(cr_ctx_errmsg(ctx), cr__criteria[c].info.id) != NULL);
        cr_scheme_free(s);
    }

    /* docs: every row has its section in docs/model.md "Ranking criteria",
     * and the recipe for adding one exists */
    char *model = slurp(CR_SOURCE_DIR "/docs/model.md"), *arch = slurp(CR_SOURCE_DIR "/docs/architecture.md");
    CR_TEST_TRUE(model != NULL && arch != NULL);
    if (model)
        for (int c = 0; c < CR_NCRIT; c++) {
            int ok = heading_names(model, cr__criteria[c].info.id);
            if (!ok) fprintf(stderr, "docs/model.md: no '### ' heading names `%s`\n", cr__criteria[c].info.id);
            CR_TEST_TRUE(ok);
        }
    if (arch) CR_TEST_TRUE(strstr(arch, "How to add a criterion") != NULL);
    free(model);
    free(arch);
    cr_ctx_free(ctx);
    return cr_test_done();
}
