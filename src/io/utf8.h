#ifndef CR_IO_UTF8_H
#define CR_IO_UTF8_H
#include <stddef.h>
/* Offset of the first byte that is not part of a well-formed UTF-8 sequence
 * (RFC 3629: no overlongs, no surrogates, <= U+10FFFF), or (size_t)-1. */
size_t cr__utf8_invalid_at(const char *s, size_t len);
/* 1 when s is not UTF-8 but reads as GBK (GB 18030's two-byte part): every
 * byte >= 0x80 is a lead 0x81-0xFE followed by a trail 0x40-0x7E or
 * 0x80-0xFE, and there is at least one such pair. Chinese spreadsheets save
 * "CSV" in GBK by default; the loaders then say once how to convert the
 * file instead of one "invalid UTF-8" per field. A heuristic: a file that
 * passes is only *plausibly* GBK, so the message says "looks like". */
int cr__gbk_plausible(const char *s, size_t len);
/* The hint the loaders append to an invalid-UTF-8 message for such a file. */
#define CR__GBK_HINT "; it looks GBK-encoded: convert it with iconv -f GBK -t UTF-8 IN > OUT"
#endif
