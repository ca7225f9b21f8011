#ifndef CR_IO_UTF8_H
#define CR_IO_UTF8_H
#include <stddef.h>
/* Offset of the first byte that is not part of a well-formed UTF-8 sequence
 * (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), or (size_t)-1. */
size_t cr__utf8_invalid_at(const char *s, size_t len);
#endif
