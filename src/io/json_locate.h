/* cJSON keeps no source positions, so diagnostics about a JSON value would
 * lack a line number. One scanner walks the text once, tracking line and
 * column incrementally, and identifies each value by a 64-bit FNV-1a hash of
 * its path ("chains[0].segments[2].stage"): cr__json_locate stops at the
 * first value with the wanted path (O(text) per call: for a failure or two),
 * and a cr__json_index records every value once (O(text) in all), so a
 * loader with one diagnostic per record stays linear (issue 18 §1.8: a
 * 20,000-park parks.json located every park by re-scanning the file). Paths
 * are compared by hash; two paths of one file colliding in 64 bits would
 * only misplace a line number. */
#ifndef CR_IO_JSON_LOCATE_H
#define CR_IO_JSON_LOCATE_H
#include <stddef.h>
/* Returns 1 and sets line/col (1-based, col in characters) if found, else 0. */
int cr__json_locate(const char *text, size_t len, const char *path, long *line, long *col);
/* Line and column of byte offset off in text. */
void cr__text_position(const char *text, size_t off, long *line, long *col);

/* Every value's position, from one pass; NULL when out of memory. */
typedef struct cr__json_index cr__json_index;
cr__json_index *cr__json_index_build(const char *text, size_t len);
/* As cr__json_locate, in O(length of path). */
int cr__json_index_find(const cr__json_index *ix, const char *path, long *line, long *col);
void cr__json_index_free(cr__json_index *ix);
/* Bytes the scanner stepped over in all scans so far (a test's check that
 * loading and diagnostics stay linear; not synchronised: tests only). */
extern unsigned long long cr__json_scan_steps;
#endif
