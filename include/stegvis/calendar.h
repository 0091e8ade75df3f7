/*
 * calendar.h - working-day calendars of Sweden and Denmark (CAL-3, CAL-3a,
 * CAL-4 of shared/spec/domain.md).
 *
 * A working day is Monday to Friday and not a named non-working day of the
 * country: the public holidays, plus the eves and days off that CAL-3 treats
 * as non-working (Swedish midsommarafton, julafton, nyårsafton after
 * Lag 1930:173; the Danish grundlovsdag, juleaftensdag and nytårsaftensdag by
 * Decision). Rules that changed carry their years of validity (CAL-3a):
 * Swedish annandag pingst up to 2004 and nationaldagen from 2005
 * (SFS 2004:1320), Danish store bededag up to 2023.
 *
 * Supported years are CAL_MIN_YEAR..CAL_MAX_YEAR (1900-2199). The rule set of
 * CAL-3 is applied to every year of that range, with the CAL-3a changes
 * above; older rules (such as the Swedish ones before the reform of 1953)
 * are not modelled.
 * Fallible functions reject dates and years outside the range with
 * SV_ERANGE and the rule "CAL-3", and never return a date outside it.
 *
 * The functions taking a country are pure computations over constant
 * tables: no allocation, no mutable global state, no clock, safe to call
 * from any thread. cal_is_working_day() is O(1): a weekday test, one
 * civil-date conversion and a scan of the country's fixed table of rules
 * with early rejection by month and weekday; Easter is computed only for a
 * date that can be an Easter-based day. For hot loops, struct cal (at the
 * end) holds a bitmap built once, read-only and shareable between threads.
 * See docs/internals/calendar.md.
 */
#ifndef SV_CALENDAR_H
#define SV_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "stegvis/date.h"
#include "stegvis/err.h"

enum cal_country {
	CAL_SE = 0, /* Sweden */
	CAL_DK,     /* Denmark */
	CAL_COUNTRY_COUNT
};

#define CAL_MIN_YEAR 1900
#define CAL_MAX_YEAR 2199
/* The most named days any country has in one year (Sweden: 16). */
#define CAL_MAX_NAMED_DAYS 16

/* One named non-working day of a year. */
struct cal_day {
	sv_date date;
	/* Swedish or Danish name, UTF-8, a static string ("långfredagen"). */
	const char *name;
	/* True when the day is non-working by a Decision of CAL-3 (the Danish
	 * grundlovsdag, juleaftensdag, nytårsaftensdag) rather than by law. */
	bool decision;
};

/*
 * Parse an ISO 3166-1 alpha-2 code, exactly "SE" or "DK" (upper case); len
 * is the length of s, which need not be NUL-terminated. On failure err names
 * field and the rule "CAL-3".
 */
enum sv_rc cal_country_parse(const char *s, size_t len, enum cal_country *out, const char *field,
                             struct sv_error *err) SV_WUR;
/* "SE" or "DK"; "??" for a value outside the enum. Never NULL. */
const char *cal_country_code(enum cal_country c);

/* SV_OK when year (or d) lies in CAL_MIN_YEAR..CAL_MAX_YEAR, else SV_ERANGE
 * with field and the rule "CAL-3" in err. */
enum sv_rc cal_check_year(int year, const char *field, struct sv_error *err) SV_WUR;
enum sv_rc cal_check_date(sv_date d, const char *field, struct sv_error *err) SV_WUR;

/*
 * Easter Sunday of year by the Gregorian computus. Defined for every year
 * from 1583 (the first full Gregorian year) to SV_DATE_MAX_YEAR; the
 * calendar functions use it only within the supported range.
 */
sv_date cal_easter(int year);

/*
 * The named non-working days of country c in year, sorted by date, written
 * to out[0..*count-1]. Two names on one date (Kristi himmelsfärdsdag on
 * första maj in 2008) are two entries, listed in the order of CAL-3, so
 * every year of a country has the same count except where CAL-3a changes
 * the rules (Denmark: 14 up to 2023, 13 from 2024; Sweden: always 16).
 * Returns SV_EINVAL for a bad country, SV_ERANGE for a year outside the
 * range, SV_ENOMEM when max is too small (then *count is the number needed
 * and out is untouched). CAL_MAX_NAMED_DAYS entries are always enough.
 */
enum sv_rc cal_named_days(enum cal_country c, int year, struct cal_day *out, size_t max,
                          size_t *count, struct sv_error *err) SV_WUR;

/*
 * The name of the (first) named non-working day on d, or NULL when d is no
 * named day, c is not a country or d is outside the range. Weekends carry no
 * name of their own.
 */
const char *cal_day_name(enum cal_country c, sv_date d);

/*
 * True when d is Monday-Friday and no named day of c (CAL-3). False for a
 * country outside the enum and for every date outside the supported range:
 * no such date is vouched for as a working day (use cal_check_date to tell
 * the cases apart).
 */
bool cal_is_working_day(enum cal_country c, sv_date d);

/*
 * The first working day on or after d: d itself when it is one. SV_ERANGE
 * when d lies outside the range or the answer would (2199-12-31 is a
 * Swedish nyårsafton, so its next working day lies in 2200); SV_EINVAL for a
 * bad country. err names field ("date" when NULL). *out is written only on
 * success.
 */
enum sv_rc cal_next_working_day(enum cal_country c, sv_date d, sv_date *out, const char *field,
                                struct sv_error *err) SV_WUR;

/*
 * The n-th working day after d (d itself never counts; 1 from a Friday
 * before an ordinary week is the Monday). n == 0 gives
 * cal_next_working_day(d). SV_EINVAL for n < 0 or a bad country; SV_ERANGE
 * when d or the answer lies outside the range. field names the argument that
 * carries n in err ("n" when NULL).
 */
enum sv_rc cal_add_working_days(enum cal_country c, sv_date d, int n, sv_date *out,
                                const char *field, struct sv_error *err) SV_WUR;

/*
 * CAL-4: a deadline in days that falls on a non-working day moves to the next
 * working day (Lag 1930:173); a working day stays. Same result as
 * cal_next_working_day(), errors cite "CAL-4" and name field. Whether a
 * deadline rolls at all (a rule pack may switch it off; deadlines in hours
 * never move) is the caller's decision.
 */
enum sv_rc cal_roll_forward(enum cal_country c, sv_date due, sv_date *out, const char *field,
                            struct sv_error *err) SV_WUR;

/*
 * struct cal - a precomputed working-day bitmap of one country, for loops
 * that ask cal_is_working_day() millions of times (deadline and billing
 * runs): one bit per day of the years it was built for, so cal_working() is
 * a subtraction, a compare and a bit test.
 *
 * Build it once with cal_init() and share it: it is read-only afterwards and
 * safe to use from any number of threads. cal_working() gives exactly
 * cal_is_working_day() for every date, also outside the built years (it
 * falls back to the computation there). The fields are private.
 */
struct cal {
	enum cal_country country;
	sv_date first, last; /* the days covered by bits; first > last when empty */
	unsigned char *bits; /* bit (d - first) set when d is a working day; owned */
};

#define CAL_INIT                   \
	{                          \
		CAL_SE, 1, 0, NULL \
	}

/*
 * Build the bitmap of country c for the years first_year..last_year
 * (inclusive, within CAL_MIN_YEAR..CAL_MAX_YEAR; about 46 bytes a year).
 * SV_EINVAL for a bad country or first_year > last_year, SV_ERANGE for years
 * outside the range, SV_ENOMEM when allocation fails. On failure *cal is
 * empty (cal_working() still answers, by computation). Release with
 * cal_release().
 */
enum sv_rc cal_init(struct cal *cal, enum cal_country c, int first_year, int last_year,
                    struct sv_error *err) SV_WUR;
/* Free the bitmap and leave *cal empty (as CAL_INIT); safe to call twice. */
void cal_release(struct cal *cal);

/* cal_is_working_day(cal->country, d), in O(1) from the bitmap. */
static inline bool cal_working(const struct cal *cal, sv_date d)
{
	if (d < cal->first || d > cal->last)
		return cal_is_working_day(cal->country, d);
	return (cal->bits[(unsigned)(d - cal->first) >> 3] >> ((unsigned)(d - cal->first) & 7)) & 1;
}

#endif
