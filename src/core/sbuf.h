/* A growable string for rendering JSON results in the library (which never
 * prints): appends with printf semantics, doubling its capacity; an
 * allocation failure sets oom and makes every later append a no-op, so
 * callers check once at the end. */
#ifndef CR_CORE_SBUF_H
#define CR_CORE_SBUF_H

#include <chainrank/cr_core.h>
#include <stddef.h>

typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} cr__sbuf;

void cr__sb_printf(cr__sbuf *b, const char *fmt, ...) CR_PRINTF(2, 3);

#endif
