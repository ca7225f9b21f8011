/* The one number grammar of every text input (dataset fields, relatedness
 * matrices, matrix_csv problem files; docs/data-format.md "Numbers"):
 *   [blanks] [+|-] digits [. digits] | . digits  [(e|E) [+|-] digits] [blanks]
 * (blanks: space or tab). Any length; correctly rounded to the nearest
 * double (subnormals such as 5e-324 included). Hexadecimal, "inf", "nan",
 * thousands separators and a lone "." are not numbers. A value too large for
 * a double parses as +-inf: callers that need finite values say so. */
#ifndef CR_IO_NUMBER_H
#define CR_IO_NUMBER_H
#include <stddef.h>
/* Returns 0 and sets *out when s[0, len) is a number, else -1. */
int cr__parse_number(const char *s, size_t len, double *out);
#endif
