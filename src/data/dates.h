/* Calendar dates as the dataset stores them (days since 1970-01-01): an
 * interface of src/data for other folders (the backtest, the likelihood
 * events, the ranker's as-of tenancy). */
#ifndef CR_DATA_DATES_H
#define CR_DATA_DATES_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DD" -> days since 1970-01-01; 0 on success (exactly 10
 * characters, a real day of the proleptic Gregorian calendar). */
int cr__parse_date(const char *s, size_t len, int32_t *days);
/* "YYYY" (read as 1 January) or "YYYY-MM-DD" -> days since 1970-01-01; 0 on
 * success. The dated columns that accept a bare year (sites.since, the
 * projects' signing date). */
int cr__parse_day_or_year(const char *s, size_t len, int32_t *days);
/* Proleptic Gregorian civil date <-> days since 1970-01-01. */
int32_t cr__days_from_civil(int y, int m, int d);
int cr__year_of_days(int32_t days);

#endif
