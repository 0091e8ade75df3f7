/*
 * libFuzzer target for the date parsers (ISO-8601) and the working-day
 * calendars (CAL-3, CAL-4) on the dates they produce.
 *
 * The whole input is given to date_parse and date_parse_month as an exact-
 * length buffer (no NUL after it, so an over-read is caught by ASan). Then:
 * byte 0 picks a country (including one outside the enum), byte 1 a count
 * of working days, the rest is parsed as a date; and the first eight bytes
 * are also used as a raw day number and a raw year, so that values far
 * outside the supported range reach the calendar too. Besides not crashing
 * or leaking, the results must keep the contracts of calendar.h (struct cal
 * included); a broken one aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/calendar.h"
#include "stegvis/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static void calendar_on(enum cal_country c, sv_date d, int n)
{
	struct sv_error err = SV_ERROR_INIT;
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	bool known = (unsigned)c < CAL_COUNTRY_COUNT;
	bool in_range = cal_check_date(d, "d", NULL) == SV_OK;
	sv_date out = 0;
	size_t count = 0;
	int y, m, day;
	enum sv_rc rc;

	CHECK(strlen(cal_country_code(c)) == 2);
	if (cal_is_working_day(c, d))
		CHECK(known && in_range && date_weekday(d) <= SV_FRI && !cal_day_name(c, d));
	if (!in_range || !known)
		CHECK(!cal_day_name(c, d));

	rc = cal_next_working_day(c, d, &out, "d", &err);
	CHECK(rc == SV_OK || rc == SV_EINVAL || rc == SV_ERANGE);
	if (rc == SV_OK) {
		CHECK(out >= d && out - d <= 6 && cal_is_working_day(c, out));
		for (sv_date x = d; x < out; x++)
			CHECK(!cal_is_working_day(c, x));
	} else {
		CHECK(err.rc == rc && err.rule[0]);
	}

	sv_error_clear(&err);
	rc = cal_roll_forward(c, d, &out, "due", &err);
	CHECK(rc == SV_OK || (err.rc == rc && !strcmp(err.rule, "CAL-4")));

	sv_error_clear(&err);
	rc = cal_add_working_days(c, d, n, &out, "n", &err);
	if (rc == SV_OK) {
		CHECK(n >= 0 && cal_is_working_day(c, out));
		CHECK(n == 0 ? out >= d : out > d);
	} else {
		CHECK(err.rc == rc && err.rule[0]);
	}

	if (in_range) {
		date_to_ymd(d, &y, &m, &day);
		sv_error_clear(&err);
		rc = cal_named_days(c, y, days, CAL_MAX_NAMED_DAYS, &count, &err);
		CHECK(rc == (known ? SV_OK : SV_EINVAL));
		for (size_t i = 0; rc == SV_OK && i < count; i++) {
			CHECK(i == 0 || days[i - 1].date <= days[i].date);
			CHECK(days[i].name && cal_day_name(c, days[i].date));
			CHECK(!cal_is_working_day(c, days[i].date));
		}
		/* The bitmap of that year agrees with the computation, in it and
		 * (by fallback) a week either side. */
		{
			struct cal cal = CAL_INIT;
			rc = cal_init(&cal, c, y, y, NULL);
			CHECK(rc == (known ? SV_OK : SV_EINVAL));
			for (sv_date x = d - 7; x <= d + 7; x++)
				CHECK(cal_working(&cal, x) == cal_is_working_day(c, x));
			cal_release(&cal);
		}
		/* Too small an array is refused, never overrun. */
		rc = cal_named_days(c, y, days, (size_t)(n & 7), &count, NULL);
		CHECK(rc == SV_OK || rc == SV_ENOMEM || rc == SV_EINVAL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	sv_date d;
	int32_t raw_d, raw_y;

	/* The parsers over the whole input. */
	if (date_parse(s, size, &d, "date", NULL) == SV_OK) {
		char out[SV_DATE_STRLEN];
		sv_date back;
		/* A parsed date formats back to the same ten characters. */
		CHECK(size == 10 && !memcmp(date_format(d, out), s, 10));
		CHECK(date_parse(out, 10, &back, "date", NULL) == SV_OK && back == d);
		calendar_on(CAL_SE, d, 1);
	}
	if (date_parse_month(s, size, &d, "month", NULL) == SV_OK)
		calendar_on(CAL_DK, d, 0);
	{
		enum cal_country c;
		struct sv_error err = SV_ERROR_INIT;
		if (cal_country_parse(s, size, &c, "country", &err) == SV_OK)
			CHECK(size == 2 && !memcmp(cal_country_code(c), s, 2));
		else
			CHECK(err.rc == SV_EINVAL && !strcmp(err.rule, "CAL-3"));
	}

	/* Country byte, count byte, then a date. */
	if (size >= 2) {
		enum cal_country c = (enum cal_country)(data[0] % (CAL_COUNTRY_COUNT + 1));
		int n = (int)(int8_t)data[1]; /* -128..127: negative counts too */
		struct sv_error err = SV_ERROR_INIT;

		if (date_parse(s + 2, size - 2, &d, "date", &err) == SV_OK)
			calendar_on(c, d, n);
		else
			CHECK(err.rc == SV_EINVAL && !strcmp(err.rule, "ISO-8601"));
	}

	/* Raw day numbers and years, anywhere in int32. */
	if (size >= 8) {
		struct cal_day days[CAL_MAX_NAMED_DAYS];
		size_t count;
		enum sv_rc rc;

		memcpy(&raw_d, data, 4);
		memcpy(&raw_y, data + 4, 4);
		calendar_on((enum cal_country)(data[0] & 1), raw_d, data[5] & 15);
		rc = cal_named_days((enum cal_country)(data[1] & 1), raw_y, days,
		                    CAL_MAX_NAMED_DAYS, &count, NULL);
		CHECK(rc == (raw_y >= CAL_MIN_YEAR && raw_y <= CAL_MAX_YEAR ? SV_OK : SV_ERANGE));
		/* Sweden: nyårsdagen, trettondedag jul, långfredagen, påskdagen. */
		if (rc == SV_OK && !(data[1] & 1))
			CHECK(days[3].date == cal_easter(raw_y) &&
			      !strcmp(days[3].name, "påskdagen"));
	}
	return 0;
}
