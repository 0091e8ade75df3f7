/*
 * date.h - civil dates (CAL-1) as day numbers.
 *
 * A sv_date is the number of days since 1970-01-01 in the proleptic
 * Gregorian calendar (negative before). Arithmetic on dates is plain integer
 * arithmetic; conversions use Howard Hinnant's civil-from-days algorithm.
 * Supported years are 1 to 9999 (the ISO-8601 four-digit range).
 * No function here reads the clock: "today" is always passed in.
 */
#ifndef SV_DATE_H
#define SV_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/err.h"

typedef int32_t sv_date;

#define SV_DATE_MIN_YEAR 1
#define SV_DATE_MAX_YEAR 9999
#define SV_DATE_STRLEN   11 /* "YYYY-MM-DD" plus NUL */

enum sv_weekday { SV_MON = 1, SV_TUE, SV_WED, SV_THU, SV_FRI, SV_SAT, SV_SUN };

bool date_is_leap(int year);
/* Days in month m (1-12) of year; 0 for a bad month. */
int date_days_in_month(int year, int month);
/* True when y-m-d names an existing day in the supported range. */
bool date_valid_ymd(int year, int month, int day);
/* Day number of y-m-d; the triple must be valid. */
sv_date date_from_ymd(int year, int month, int day);
void date_to_ymd(sv_date d, int *year, int *month, int *day);
/* ISO weekday, Monday = 1 ... Sunday = 7. */
enum sv_weekday date_weekday(sv_date d);
/* ISO-8601 week number and its week-based year. */
void date_iso_week(sv_date d, int *iso_year, int *week);

/*
 * Add n calendar months. The day is kept when the target month has it,
 * otherwise clamped to the target month's last day: 2024-01-31 + 1 month is
 * 2024-02-29, 2023-01-31 + 1 month is 2023-02-28.
 */
sv_date date_add_months(sv_date d, int n);
/* First and last day of the month containing d. */
sv_date date_month_start(sv_date d);
sv_date date_month_end(sv_date d);

/*
 * Strict ISO-8601 calendar date "YYYY-MM-DD": exactly ten characters, the
 * date must exist. len is the length of s (s need not be NUL-terminated).
 * On failure err names field and the rule "ISO-8601".
 */
enum sv_rc date_parse(const char *s, size_t len, sv_date *out, const char *field,
                      struct sv_error *err) SV_WUR;
/* Writes "YYYY-MM-DD" and a NUL into out[SV_DATE_STRLEN]. Returns out. */
char *date_format(sv_date d, char out[SV_DATE_STRLEN]);

/* Month as "YYYY-MM": parse gives the first day of that month. */
enum sv_rc date_parse_month(const char *s, size_t len, sv_date *first_day, const char *field,
                            struct sv_error *err) SV_WUR;

#endif
