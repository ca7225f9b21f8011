/* chainrank library DATASET --chain K --scheme S.json [--parks P1,P2,...] [--top N] [--tier-a N] [--tier-b N]
 *                    [--head-top N] [--format table|json|csv] [--out FILE]
 * The chain's target library across parks, by tier and category, each target
 * with its best parks; JSON adds the customer-library template and the
 * project library (docs/projects.md "library"). */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CMD "library"

static void best_text(const cr_dataset *ds, const cr_library_target *t, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = 0;
    for (int32_t j = 0; j < t->nbest && k < n; j++) {
        int w = snprintf(buf + k, n - k, "%s%s#%d", j ? " " : "", cr_dataset_park_id(ds, t->park[j]), t->pos[j]);
        if (w < 0) break;
        k += (size_t)w;
    }
}

static void print_table(FILE *fp, const cr_dataset *ds, const cr_library *L, const char *scheme)
{
    const cr_library_params *p = &L->params;
    fprintf(fp, "target library: chain %s %s, scheme %s, %d park(s), top %d each\n", cr_dataset_chain_id(ds, L->chain),
            cr_dataset_chain_name(ds, L->chain), scheme, L->nparks, p->top);
    fprintf(fp, "tiers: A = best position <= %d, 链主 (top %d by revenue in the chain) or top500, filling a key link or a "
                "补链/强链 gap; B = best position <= %d; C = the rest.  A %lld, B %lld, C %lld\n",
            p->tier_a, p->head_top, p->tier_b, (long long)L->ntier[0], (long long)L->ntier[1], (long long)L->ntier[2]);
    fprintf(fp, "%-4s %-12s %-26s %-10s %-6s %-5s %-10s %s\n", "tier", "enterprise", "name", "segment", "cat", "flags",
            "score", "best parks (park#position)");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        char flags[8], best[160];
        snprintf(flags, sizeof flags, "%s%s%s", t->head ? "H" : "", t->top500 ? "T" : "", t->key ? "K" : "");
        best_text(ds, t, best, sizeof best);
        fprintf(fp, "%-4c %-12s ", t->tier, cr_dataset_enterprise_id(ds, t->ent));
        cli_print_cell(fp, cr_dataset_enterprise_name(ds, t->ent), 26);
        fprintf(fp, " %-10s ", t->segment >= 0 ? cr_dataset_segment_id(ds, t->segment) : "-");
        cli_print_cell(fp, cr_library_category(t->status), 6);
        fprintf(fp, " %-5s %-10.4f %s\n", flags, t->score[0], best);
    }
    fprintf(fp, "flags: H 链主 head firm, T top500 tag, K key link\n");
}

static void print_csv(FILE *fp, const cr_dataset *ds, const cr_library *L)
{
    fprintf(fp, "tier,enterprise,name,segment,category,gap_status,head,top500,key_link,best_score");
    for (int j = 0; j < CR_LIBRARY_BEST; j++) fprintf(fp, ",park%d,position%d,score%d", j + 1, j + 1, j + 1);
    fputc('\n', fp);
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        fprintf(fp, "%c,", t->tier);
        cli_csv_string(fp, cr_dataset_enterprise_id(ds, t->ent));
        fputc(',', fp);
        cli_csv_string(fp, cr_dataset_enterprise_name(ds, t->ent));
        fputc(',', fp);
        cli_csv_string(fp, t->segment >= 0 ? cr_dataset_segment_id(ds, t->segment) : "");
        fprintf(fp, ",%s,%s,%d,%d,%d,%.17g", cr_library_category(t->status), cr_gap_status_name(t->status), t->head,
                t->top500, t->key, t->score[0]);
        for (int j = 0; j < CR_LIBRARY_BEST; j++) {
            if (j < t->nbest) {
                fputc(',', fp);
                cli_csv_string(fp, cr_dataset_park_id(ds, t->park[j]));
                fprintf(fp, ",%d,%.17g", t->pos[j], t->score[j]);
            } else fprintf(fp, ",,,");
        }
        fputc('\n', fp);
    }
}

static void jstr(FILE *fp, const char *key, const char *v, int comma)
{
    fprintf(fp, "%s\"%s\": ", comma ? ", " : "", key);
    cli_json_string(fp, v);
}

static void print_json(FILE *fp, const cr_dataset *ds, const cr_library *L, const char *scheme)
{
    const cr_library_params *p = &L->params;
    fprintf(fp, "{");
    jstr(fp, "chain", cr_dataset_chain_id(ds, L->chain), 0);
    jstr(fp, "scheme", scheme, 1);
    fprintf(fp, ", \"parks\": [");
    for (int32_t k = 0; k < L->nparks; k++) {
        if (k) fprintf(fp, ", ");
        cli_json_string(fp, cr_dataset_park_id(ds, L->parks[k]));
    }
    fprintf(fp, "],\n \"rule\": {\"top\": %d, \"tier_a\": %d, \"tier_b\": %d, \"head_top\": %d, \"text\": \"A: best position <= "
                "tier_a and (链主 or top500) and (key link or 补链/强链 gap); B: best position <= tier_b; C: the rest\"},\n",
            p->top, p->tier_a, p->tier_b, p->head_top);
    fprintf(fp, " \"targets\": [");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        fprintf(fp, "%s\n  {\"tier\": \"%c\"", i ? "," : "", t->tier);
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, t->ent), 1);
        jstr(fp, "name", cr_dataset_enterprise_name(ds, t->ent), 1);
        jstr(fp, "segment", t->segment >= 0 ? cr_dataset_segment_id(ds, t->segment) : "", 1);
        jstr(fp, "category", cr_library_category(t->status), 1);
        jstr(fp, "gap_status", cr_gap_status_name(t->status), 1);
        fprintf(fp, ", \"head\": %s, \"top500\": %s, \"key_link\": %s, \"best_parks\": [", t->head ? "true" : "false",
                t->top500 ? "true" : "false", t->key ? "true" : "false");
        for (int32_t j = 0; j < t->nbest; j++) {
            fprintf(fp, "%s{\"park\": ", j ? ", " : "");
            cli_json_string(fp, cr_dataset_park_id(ds, t->park[j]));
            fprintf(fp, ", \"position\": %d, \"score\": ", t->pos[j]);
            cli_json_number(fp, t->score[j]);
            fputc('}', fp);
        }
        fprintf(fp, "]}");
    }
    /* the customer library: one record per target, the contact fields to fill in */
    fprintf(fp, "],\n \"customers\": [");
    for (int64_t i = 0; i < L->n; i++) {
        const cr_library_target *t = &L->t[i];
        fprintf(fp, "%s\n  {", i ? "," : "");
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, t->ent), 0);
        jstr(fp, "name", cr_dataset_enterprise_name(ds, t->ent), 1);
        fprintf(fp, ", \"tier\": \"%c\", \"contact_person\": \"\", \"title\": \"\", \"phone\": \"\", \"email\": \"\", "
                    "\"last_contact\": \"\", \"next_step\": \"\", \"owner\": \"\", \"notes\": \"\"}",
                t->tier);
    }
    /* the project library: the dataset's projects in these parks and this chain */
    fprintf(fp, "],\n \"projects\": [");
    const cr_projects *pj = cr_dataset_projects(ds);
    int any = 0;
    for (int64_t i = 0; i < cr_projects_count(pj); i++) {
        cr_project pr;
        cr_projects_get(pj, i, &pr);
        int inp = 0;
        for (int32_t k = 0; k < L->nparks; k++) inp |= L->parks[k] == pr.park;
        if (!inp || !L->segment_in_chain[pr.segment]) continue;
        fprintf(fp, "%s\n  {", any++ ? "," : "");
        jstr(fp, "id", pr.id, 0);
        jstr(fp, "enterprise", cr_dataset_enterprise_id(ds, pr.enterprise), 1);
        jstr(fp, "park", cr_dataset_park_id(ds, pr.park), 1);
        jstr(fp, "segment", cr_dataset_segment_id(ds, pr.segment), 1);
        fprintf(fp, ", \"invest\": ");
        cli_json_number(fp, pr.invest);
        fprintf(fp, ", \"events\": [");
        for (int64_t j = 0; j < pr.nev; j++) {
            cr_project_event ev;
            cr_projects_event(pj, pr.ev_first + j, &ev);
            char d[16];
            fprintf(fp, "%s{\"date\": \"%s\", \"stage\": \"%s\"", j ? ", " : "", cr_date_text(ev.date, d, sizeof d),
                    cr_pev_stage_name(ev.stage));
            if (!isnan(ev.amount)) {
                fprintf(fp, ", \"amount\": ");
                cli_json_number(fp, ev.amount);
            }
            fputc('}', fp);
        }
        fprintf(fp, "]}");
    }
    fprintf(fp, "]}\n");
}

static int parse_int(const char *s, int lo, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > 1000000) return -1;
    *out = (int)v;
    return 0;
}

int cmd_library(int argc, char **argv, cr_ctx *ctx)
{
    const char *dir = NULL, *chain = NULL, *scheme = NULL, *parks = NULL, *outpath = NULL;
    cr_library_params prm;
    cr_library_params_default(&prm);
    cli_rank_format fmt = CLI_RANK_TABLE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int *ip = !strcmp(a, "--top") ? &prm.top : !strcmp(a, "--tier-a") ? &prm.tier_a : !strcmp(a, "--tier-b") ? &prm.tier_b
                  : !strcmp(a, "--head-top") ? &prm.head_top : NULL;
        if (ip && i + 1 < argc) {
            if (parse_int(argv[++i], ip == &prm.top ? 1 : 0, ip) != 0)
                return cli_usage(CMD, "%s wants a whole number, got '%s'", a, argv[i]);
        } else if (!strcmp(a, "--chain") && i + 1 < argc) chain = argv[++i];
        else if (!strcmp(a, "--scheme") && i + 1 < argc) scheme = argv[++i];
        else if (!strcmp(a, "--parks") && i + 1 < argc) parks = argv[++i];
        else if (!strcmp(a, "--out") && i + 1 < argc) outpath = argv[++i];
        else if (!strcmp(a, "--format") && i + 1 < argc) {
            if (cli_rank_format_parse(CMD, argv[++i], &fmt) != CLI_EXIT_OK) return CLI_EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) return cli_usage(CMD, "unknown option '%s'", a);
        else if (!dir) dir = a;
        else return cli_usage(CMD, "one DATASET folder expected, got '%s' too", a);
    }
    if (!dir) return cli_usage(CMD, "missing DATASET (a folder holding dataset.json)");
    if (!chain) return cli_usage(CMD, "missing --chain K");
    if (!scheme) return cli_usage(CMD, "missing --scheme S.json");
    if (prm.tier_b < prm.tier_a) return cli_usage(CMD, "--tier-b must be >= --tier-a");
    cr_scheme *s = NULL;
    cr_error_t rc = cr_scheme_load(ctx, scheme, &s);
    if (rc != CR_OK) return cli_fail(ctx, CMD, rc);
    cli_rank_env env;
    int code = cli_rank_prepare(ctx, CMD, dir, &env);
    if (code != CLI_EXIT_OK) { cr_scheme_free(s); return code; }
    cr_library *L = NULL;
    int32_t *pk = NULL, npk = 0;
    int32_t k = -1;
    if ((rc = cr_dataset_resolve_chain(ctx, env.ds, chain, &k)) != CR_OK) goto fail;
    cr_dataset_info in;
    cr_dataset_get_info(env.ds, &in);
    if (!(pk = malloc(((size_t)in.n_parks + 1) * sizeof *pk))) { rc = CR_ENOMEM; goto fail; }
    if (parks) {
        char *copy = strdup(parks), *save = NULL;
        if (!copy) { rc = CR_ENOMEM; goto fail; }
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            int32_t p = cr_dataset_find_park(env.ds, t);
            if (p < 0) {
                rc = cr_ctx_fail(ctx, CR_ENOTFOUND, "no park '%s' in %s", t, dir);
                free(copy);
                goto fail;
            }
            int dup = 0;
            for (int32_t j = 0; j < npk; j++) dup |= pk[j] == p;
            if (!dup && npk < in.n_parks) pk[npk++] = p;
        }
        free(copy);
    } else {
        for (int32_t p = 0; p < in.n_parks; p++) {
            const int32_t *led;
            int32_t n = cr_dataset_park_chains(env.ds, p, &led);
            for (int32_t j = 0; j < n; j++)
                if (led[j] == k) { pk[npk++] = p; break; }
        }
    }
    if (!npk) { rc = cr_ctx_fail(ctx, CR_EINVAL, "no park leads chain '%s': give --parks P1,P2,...", chain); goto fail; }
    if ((rc = cr_library_build(ctx, env.model, env.ranker, k, pk, npk, s, &prm, &L)) != CR_OK) goto fail;
    cli_out o;
    if ((code = cli_out_open(&o, outpath, CMD)) != CLI_EXIT_OK) goto done;
    if (fmt == CLI_RANK_JSON) print_json(o.fp, env.ds, L, cr_scheme_name(s));
    else if (fmt == CLI_RANK_CSV) print_csv(o.fp, env.ds, L);
    else print_table(o.fp, env.ds, L, cr_scheme_name(s));
    code = cli_out_commit(&o, CMD);
    goto done;
fail:
    code = cli_fail(ctx, CMD, rc);
done:
    cr_library_free(L);
    free(pk);
    cr_scheme_free(s);
    cli_rank_release(&env);
    return code;
}
