/* cJSON keeps no source positions, so diagnostics about a JSON value would
 * lack a line number. cr__json_locate re-scans the text (only when an error
 * is reported, so O(text) per diagnostic is fine) and finds where the value at
 * a path such as "chains[0].segments[2].stage" starts. */
#ifndef CR_IO_JSON_LOCATE_H
#define CR_IO_JSON_LOCATE_H
#include <stddef.h>
/* Returns 1 and sets line/col (1-based, col in characters) if found, else 0. */
int cr__json_locate(const char *text, size_t len, const char *path, long *line, long *col);
/* Line and column of byte offset off in text. */
void cr__text_position(const char *text, size_t off, long *line, long *col);
#endif
