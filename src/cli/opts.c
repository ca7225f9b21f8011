/* One table-driven option parser for the commands (cli.h, cli_opts_parse): a command declares its
 * options as a static const table {name, kind, offset of the field in its options struct, range,
 * message} and the loop below is the only `for (argv) if strcmp ... else if ...` left for them.
 * The messages are the commands' own, byte for byte: an option that is unknown, or that takes a
 * value and is the last argument, gets the spec's `unknown` message; a second positional argument
 * its `extra` message; a bad value the option's `bad` message. Cost: options x arguments strcmp's. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* cli_usage with msg's one "%s" replaced by v (msg is data, not a format: -Wformat=2 stays on). */
static int usage_s(const char *cmd, const char *msg, const char *v)
{
    const char *p = strstr(msg, "%s");
    if (!p) return cli_usage(cmd, "%s", msg);
    return cli_usage(cmd, "%.*s%s%s", (int)(p - msg), msg, v, p + 2);
}

static int take(const char *cmd, const cli_opt *p, int argc, char **argv, int *i, char *o)
{
    void *f = o + p->off;
    if (p->kind == CLI_OPT_FLAG) {
        *(int *)f = (int)p->lo;
        return CLI_EXIT_OK;
    }
    if (p->kind == CLI_OPT_ARGS) return p->args(cmd, argc, argv, i, o);
    const char *v = argv[++*i];
    switch (p->kind) {
    case CLI_OPT_STR: *(const char **)f = v; return CLI_EXIT_OK;
    case CLI_OPT_FORMAT: return cli_rank_format_parse(cmd, v, f);
    case CLI_OPT_VALUE: return p->value(cmd, v, o);
    case CLI_OPT_INT:
    case CLI_OPT_LONG: {
        char *end;
        long x = strtol(v, &end, 10);
        /* strtol alone takes "" as 0 and skips leading blanks and a '+': an empty or padded value is
         * refused like any other non-number, never read as 0 */
        const int plain = (v[0] >= '0' && v[0] <= '9') || (v[0] == '-' && v[1] >= '0' && v[1] <= '9');
        if (!plain || *end || x < p->lo || x > p->hi) {
            if (p->bad) return usage_s(cmd, p->bad, v);
            return cli_usage(cmd, "%s wants an integer in %ld..%ld, got '%s'", p->name, p->lo, p->hi, v);
        }
        if (p->kind == CLI_OPT_INT) *(int *)f = (int)x;
        else *(long *)f = x;
        return CLI_EXIT_OK;
    }
    case CLI_OPT_ENUM:
        for (int k = 0; p->names[k]; k++)
            if (!strcmp(v, p->names[k])) {
                *(int *)f = (int)p->lo + k;
                return CLI_EXIT_OK;
            }
        return usage_s(cmd, p->bad, v);
    case CLI_OPT_FLAG:
    case CLI_OPT_ARGS: break;
    }
    return CLI_EXIT_INTERNAL;   /* NEVER: every kind is handled above */
}

int cli_opts_parse(const cli_optspec *s, int argc, char **argv, void *o)
{
    char *base = o;
    const char **pos = (const char **)(void *)(base + s->pos_off);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const cli_opt *p = s->opts;
        while (p->name && strcmp(p->name, a)) p++;
        if (p->name && (p->kind == CLI_OPT_FLAG || p->kind == CLI_OPT_ARGS || i + 1 < argc)) {
            int code = take(s->cmd, p, argc, argv, &i, base);
            if (code != CLI_EXIT_OK) return code;
        } else if (a[0] == '-' && a[1]) {
            return usage_s(s->cmd, s->unknown, a);
        } else if (!*pos) {
            *pos = a;
        } else {
            return usage_s(s->cmd, s->extra, a);
        }
    }
    return CLI_EXIT_OK;
}
