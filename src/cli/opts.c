/* One table-driven option parser for the commands (cli.h, cli_opts_parse): a command declares its
 * options as a const table {name, kind, offset of the field in its options struct, range, messages,
 * help} and the loop below is the only `for (argv) if strcmp ... else if ...` left for them; the
 * options of `chainrank COMMAND --help` are printed from the same rows (cli_opts_help).
 * The messages are the commands' own, byte for byte: an option that is unknown gets the spec's
 * `unknown` message; one that takes a value and is the last argument its row's `last`, the spec's
 * `missing` or `unknown` message; a second positional argument its `extra` message; a bad value the
 * option's `bad` message. Cost: options x arguments strcmp's. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* cli_usage with msg's first "%s" replaced by a and its second by b (msg is data, not a format:
 * -Wformat=2 stays on, and a '%' in a message or a value is printed as it is). */
static int say(const char *cmd, const char *msg, const char *a, const char *b)
{
    const char *p = strstr(msg, "%s");
    if (!p) return cli_usage(cmd, "%s", msg);
    const char *q = b ? strstr(p + 2, "%s") : NULL;
    if (!q) return cli_usage(cmd, "%.*s%s%s", (int)(p - msg), msg, a, p + 2);
    return cli_usage(cmd, "%.*s%s%.*s%s%s", (int)(p - msg), msg, a, (int)(q - p - 2), p + 2, b, q + 2);
}

/* A number as people type it: a digit first, or '-' then a digit (and for a real, '.' may take a
 * digit's place). strtol and strtod alone take "" as 0 and skip leading blanks and a '+'. */
static int plain(const char *v, int real)
{
    const char *d = v[0] == '-' ? v + 1 : v;
    return (d[0] >= '0' && d[0] <= '9') || (real && d[0] == '.' && d[1] >= '0' && d[1] <= '9');
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The values of a LIST option after argv[*i]. */
static int take_list(const cli_optspec *s, const cli_opt *p, int argc, char **argv, int *i, char *o)
{
    cli_list *l = (cli_list *)(void *)(o + p->off);
    const char *const *pos = (const char *const *)(void *)(o + s->pos_off);
    int took = 0;
    while (*i + 1 < argc && argv[*i + 1][0] != '-') {
        const char *v = argv[*i + 1];
        if ((p->flags & CLI_LIST_DIR_ENDS) && is_dir(v)) break;
        if ((p->flags & CLI_LIST_DIR_ENDS_FIRST) && !(s->flags & CLI_NO_POSITIONAL) && !*pos && is_dir(v)) break;
        if (l->n >= l->max) return say(s->cmd, p->more, p->name, NULL);
        l->v[l->n++] = v;
        ++*i;
        took = 1;
    }
    if (!took && p->bad) return say(s->cmd, p->bad, p->name, NULL);
    return CLI_EXIT_OK;
}

/* One value v of a value-taking option p into o. */
static int take_value(const char *cmd, const cli_opt *p, const char *v, char *o)
{
    void *f = o + p->off;
    char *end;
    switch (p->kind) {
    case CLI_OPT_STR: *(const char **)f = v; return CLI_EXIT_OK;
    case CLI_OPT_FORMAT: return cli_rank_format_parse(cmd, v, f);
    case CLI_OPT_VALUE: return p->value(cmd, v, o);
    case CLI_OPT_INT:
    case CLI_OPT_LONG: {
        errno = 0;
        long x = plain(v, 0) ? strtol(v, &end, 10) : 0;
        if (!plain(v, 0) || *end || errno || x < p->lo || x > p->hi) {
            if (p->bad) return say(cmd, p->bad, v, NULL);
            return cli_usage(cmd, "%s wants an integer in %ld..%ld, got '%s'", p->name, p->lo, p->hi, v);
        }
        if (p->kind == CLI_OPT_INT) *(int *)f = (int)x;
        else *(long *)f = x;
        return CLI_EXIT_OK;
    }
    case CLI_OPT_U64: {
        errno = 0;
        const int digits = v[0] >= '0' && v[0] <= '9';
        unsigned long long x = digits ? strtoull(v, &end, 10) : 0;
        if (!digits || *end || errno || x < (unsigned long long)p->lo || x > p->umax) {
            if (p->bad) return say(cmd, p->bad, v, NULL);
            return cli_usage(cmd, "%s wants an integer in %llu..%llu, got '%s'", p->name, (unsigned long long)p->lo,
                             p->umax, v);
        }
        *(uint64_t *)f = (uint64_t)x;
        return CLI_EXIT_OK;
    }
    case CLI_OPT_DOUBLE: {
        double x = plain(v, 1) ? strtod(v, &end) : 0;
        const int lo_ok = (p->flags & CLI_OPEN_LO) ? x > p->dlo : x >= p->dlo;
        const int hi_ok = (p->flags & CLI_OPEN_HI) ? x < p->dhi : x <= p->dhi;
        if (!plain(v, 1) || *end || !lo_ok || !hi_ok) {
            if (p->bad) return say(cmd, p->bad, v, NULL);
            return cli_usage(cmd, "%s wants a number in [%g, %g], got '%s'", p->name, p->dlo, p->dhi, v);
        }
        *(double *)f = x;
        return CLI_EXIT_OK;
    }
    case CLI_OPT_ENUM:
        for (int k = 0; p->names[k]; k++)
            if (!strcmp(v, p->names[k])) {
                *(int *)f = (int)p->lo + k;
                return CLI_EXIT_OK;
            }
        return say(cmd, p->bad, v, NULL);
    case CLI_OPT_FLAG:
    case CLI_OPT_LIST:
    case CLI_OPT_ARGS: break;
    }
    return CLI_EXIT_INTERNAL;   /* NEVER: the other kinds take no single value */
}

int cli_opts_parse(const cli_optspec *s, int argc, char **argv, void *o)
{
    char *base = o;
    const char **pos = (s->flags & CLI_NO_POSITIONAL) ? NULL : (const char **)(void *)(base + s->pos_off);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *p = s->opts;
        while (p->name && strcmp(p->name, a)) p++;
        int code = CLI_EXIT_OK;
        if (p->name && p->kind == CLI_OPT_FLAG) {
            *(int *)(void *)(base + p->off) = (int)p->lo;
        } else if (p->name && p->kind == CLI_OPT_ARGS) {
            code = p->args(s->cmd, argc, argv, &i, base);
        } else if (p->name && p->kind == CLI_OPT_LIST && (i + 1 < argc || (p->flags & CLI_LIST_LAST_OK))) {
            code = take_list(s, p, argc, argv, &i, base);
        } else if (p->name && i + 1 < argc) {
            code = take_value(s->cmd, p, argv[++i], base);
        } else if (p->name && p->kind != CLI_OPT_LIST && (s->flags & CLI_LAST_EMPTY)) {
            code = take_value(s->cmd, p, "", base);
        } else if (p->name && p->last) {
            code = say(s->cmd, p->last, a, NULL);
        } else if (a[0] == '-' && a[1] && i + 1 == argc && s->missing && (p->name || (s->flags & CLI_LAST_ANY))) {
            code = say(s->cmd, s->missing, a, NULL);
        } else if (a[0] == '-' && a[1]) {
            code = say(s->cmd, s->unknown, a, NULL);
        } else if (pos && !*pos) {
            *pos = a;
        } else {
            const char *p1 = strstr(s->extra, "%s");
            if (pos && p1 && strstr(p1 + 2, "%s")) code = say(s->cmd, s->extra, *pos, a);   /* "got 'A' and 'B'" */
            else code = say(s->cmd, s->extra, a, NULL);
        }
        if (code != CLI_EXIT_OK) return code;
    }
    return CLI_EXIT_OK;
}

/* 1 if an earlier table of the command (specs[0..k)) has an option of that name. */
static int described_before(const cli_optspec *const *specs, size_t k, const char *name)
{
    for (size_t j = 0; j < k; j++)
        for (const cli_opt *p = specs[j]->opts; p->name; p++)
            if (!strcmp(p->name, name)) return 1;
    return 0;
}

void cli_opts_help(FILE *fp, const cli_optspec *const *specs)
{
    for (size_t k = 0; specs[k]; k++)
        for (const cli_opt *p = specs[k]->opts; p->name; p++) {
            /* a row without help is described by an earlier table of the command; one that is not is
             * printed bare, which tests/cli/help.sh refuses */
            if (!p->help && described_before(specs, k, p->name)) continue;
            int n = fprintf(fp, "  %s%s%s", p->name, p->arg ? " " : "", p->arg ? p->arg : "") - 2;
            if (p->help) fprintf(fp, "%*s%s", n < 22 ? 22 - n : 1, "", p->help);
            fputc('\n', fp);
        }
}
