/* JSON inputs: one parse with error positions, and one "message at a JSON
 * path" failure, shared by every JSON reader of the library (schemes, plans,
 * the likelihood model file, mcda/smaa problems, rankings, the dataset's
 * JSON files). cJSON keeps its error position in a static, so callers parse
 * on one thread only. cJSON is only named here, so headers that include this
 * one (rank_internal.h) do not pull it into files that never parse JSON. */
#ifndef CR_IO_JSON_H
#define CR_IO_JSON_H

#include <chainrank/cr_core.h>
#include <stddef.h>

#include "io/json_locate.h"

struct cJSON;

typedef enum {
    CR__JSON_OK = 0,
    CR__JSON_SYNTAX,     /* cJSON refused the text */
    CR__JSON_TRAILING,   /* a value, then more than JSON white space */
    CR__JSON_INVALID     /* well-formed but refused: invalid UTF-8, a duplicate key; why says which */
} cr__json_status;

/* Where and why a parse failed: line/col 1-based, col in characters. */
typedef struct {
    long line, col;
    char why[240];       /* CR__JSON_INVALID only: the message, e.g. duplicate key "x" (first at ...) */
} cr__json_err;

/* Parses text[0, len) (text[len] must be readable) into *root. The one
 * place every JSON input is checked (so the rules hold for manifests,
 * chains, parks, schemes, plans, model files, problems, rankings): the text
 * must be UTF-8 (RFC 8259 §8.1; a GBK-looking file gets the iconv hint) and
 * no object may repeat a key (RFC 8259 §4 leaves duplicates to the reader;
 * cJSON would keep the first silently). On failure *root is NULL and e
 * locates the error: where cJSON stopped, the first byte after the value that
 * is not JSON white space (RFC 8259: space, tab, LF, CR), the first invalid
 * byte, or the second occurrence of the key. whole = 0 ignores text after
 * the first value (the historical rule of schemes, plans and model files).
 * Callers word SYNTAX and TRAILING messages (their formats are frozen by
 * tests) and print e->why for INVALID. */
cr__json_status cr__json_parse_text(const char *text, size_t len, int whole, struct cJSON **root, cr__json_err *e);

/* A JSON document being read: the text, and the name its messages start with. */
typedef struct {
    cr_ctx *ctx;
    const char *src, *text;
    size_t len;
} cr__json_doc;

/* cr__json_parse_text with whole = 0; a syntax error fails (CR_EINVAL) with
 * "src:line:col: json: malformed JSON", a refused text with "src:line:col: json: WHY". */
cr_error_t cr__json_parse_doc(const cr__json_doc *d, struct cJSON **root);

/* Fails with code and "src:line:col: path: message", line/col locating the
 * value at path ("chains[0].stage") in the text, or 0:0 when it cannot be
 * found (a missing key). */
cr_error_t cr__json_fail(const cr__json_doc *d, cr_error_t code, const char *path, const char *fmt, ...)
    CR_PRINTF(4, 5);

#endif
