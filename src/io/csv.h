/* Streaming RFC 4180 CSV reader.
 *
 * Workload: enterprise files of millions of rows, read once. The reader holds
 * one 1 MiB input buffer and one record buffer that grows to the longest
 * record; memory does not depend on the file size. Fields of the current record
 * are NUL-terminated copies valid until the next call.
 *
 * Accepted: a UTF-8 BOM at the start, LF / CRLF / lone CR line ends, quoted
 * fields with "" escapes, commas and line breaks inside quotes. Blank lines are
 * skipped. Syntax problems (a quote inside an unquoted field, text after a
 * closing quote, a quote left open at end of file, invalid UTF-8) are reported
 * as diagnostics on the context with line and column, and the record is
 * skipped. Columns count characters (UTF-8 code points) from 1. */
#ifndef CR_IO_CSV_H
#define CR_IO_CSV_H

#include <chainrank/cr_core.h>
#include <stdio.h>

typedef struct cr__csv cr__csv;

typedef enum { CR__CSV_ROW = 0, CR__CSV_EOF = 1, CR__CSV_BAD = 2 } cr__csv_status;

/* display is the name used in diagnostics (usually the path). */
cr_error_t cr__csv_open(cr_ctx *ctx, const char *path, const char *display, cr__csv **out);
/* Same reader over len bytes of text in memory (not copied: text must stay
 * valid until cr__csv_close). No file buffer is allocated. */
cr_error_t cr__csv_open_mem(cr_ctx *ctx, const char *text, size_t len, const char *display, cr__csv **out);
void cr__csv_close(cr__csv *c);
/* The reader of a regular file of at least min_bytes over its mapping
 * (read-only, private), so parts of it can be read on other threads; any
 * other file through cr__csv_open (same messages). */
cr_error_t cr__csv_open_map(cr_ctx *ctx, const char *path, const char *display, size_t min_bytes, cr__csv **out);
/* 1 for a reader over memory: its text, length and the offset of the next
 * byte (after the header once it is read); 0 for a streaming reader. */
int cr__csv_mem(const cr__csv *c, const char **text, size_t *len, size_t *pos);
/* Splits the rows of text[from, len) into at most nparts parts that each
 * start at a record (after a line end outside quotes): cut[0] = from,
 * cut[n] = len, part i = [cut[i], cut[i+1]); returns n >= 1. cut holds
 * nparts + 1. Linear in len - from. */
size_t cr__csv_split(const char *text, size_t len, size_t from, size_t nparts, size_t *cut);
/* At least the records of text[from, to) (its line ends, and one more if it
 * does not end with one): room for its rows. Exact for a part without
 * blank lines and line breaks in quotes. */
size_t cr__csv_max_records(const char *text, size_t from, size_t to);
/* A reader of bytes [from, to) of head's memory (a record start and the end
 * of a part: cr__csv_split), with head's header names; its own seen flags,
 * counts and line numbers (from 1: the part's diagnostics are not meant to
 * be shown). head must outlive it. */
cr_error_t cr__csv_open_part(cr_ctx *ctx, const cr__csv *head, size_t from, size_t to, cr__csv **out);
/* Adds a part's seen flags, rows and refused records to c's (cr__csv_finish). */
void cr__csv_absorb(cr__csv *c, const cr__csv *part);

/* Reads the next record. CR_EIO on a read error; otherwise CR_OK with *st set. */
cr_error_t cr__csv_next(cr_ctx *ctx, cr__csv *c, cr__csv_status *st);

/* Keeps the current record (the header) as column names for later diagnostics. */
cr_error_t cr__csv_take_header_names(cr_ctx *ctx, cr__csv *c);
size_t cr__csv_nfields(const cr__csv *c);
const char *cr__csv_field(const cr__csv *c, size_t i);
size_t cr__csv_flen(const cr__csv *c, size_t i);
long cr__csv_fcol(const cr__csv *c, size_t i);
long cr__csv_fline(const cr__csv *c, size_t i);   /* line where field i starts (after a multi-line quoted field it is later than cr__csv_line) */
long cr__csv_line(const cr__csv *c);          /* line where the current record starts */
const char *cr__csv_display(const cr__csv *c);
uint64_t cr__csv_bytes(const cr__csv *c);      /* bytes consumed so far */
/* After cr__csv_take_header_names, what the rows held in column i: a
 * non-blank value, a value that is not a zero, the full-width '；' (U+FF1B). */
enum { CR__CSV_SEEN_VALUE = 1, CR__CSV_SEEN_NONZERO = 2, CR__CSV_SEEN_FULLWIDTH = 4 };
unsigned cr__csv_seen(const cr__csv *c, size_t i);
long cr__csv_nbad(const cr__csv *c);
long cr__csv_nrows(const cr__csv *c);          /* rows read after the header names were taken */
long cr__csv_fcol_header(const cr__csv *c, size_t i);   /* column of header field i */           /* records refused so far (CR__CSV_BAD) */

#endif
