/* Unit tests for src/core/date.c (CAL-1: civil dates). */
#include "test.h"

#include "stegvis/date.h"

static sv_date D(const char *s)
{
	sv_date d = 0;
	struct sv_error e = SV_ERROR_INIT;
	if (date_parse(s, strlen(s), &d, "t", &e) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static const char *F(sv_date d)
{
	static char out[4][SV_DATE_STRLEN];
	static int i;
	i = (i + 1) % 4;
	return date_format(d, out[i]);
}

static void epoch_and_round_trip(void **state)
{
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1970-01-02"), 1);
	assert_int_equal(D("1969-12-31"), -1);
	/* 2000-03-01: 30 years of 365 days + 8 leap days (72..96, 2000 is not yet
	 * past Feb) = 10957 days to 2000-01-01, plus 31 + 29 = 11017. */
	assert_int_equal(D("2000-03-01"), 11017);
	for (sv_date d = D("1899-12-01"); d <= D("2200-01-31"); d++) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		assert_int_equal(date_from_ymd(y, m, dd), d);
	}
	assert_string_equal(F(D("0001-01-01")), "0001-01-01");
	assert_string_equal(F(D("9999-12-31")), "9999-12-31");
}

static void leap_years_and_month_lengths(void **state)
{
	assert_true(date_is_leap(2024));
	assert_true(date_is_leap(2000));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2100));
	assert_false(date_is_leap(2023));
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2023, 2), 28);
	assert_int_equal(date_days_in_month(2100, 2), 28);
	assert_int_equal(date_days_in_month(2024, 4), 30);
	assert_int_equal(date_days_in_month(2024, 12), 31);
	assert_int_equal(date_days_in_month(2024, 13), 0);
}

static void strict_parse_rejects_garbage(void **state)
{
	static const char *bad[] = {"2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10",
	                            "2024-1-01",  "24-01-01",   "2024/01/01", "2024-01-01T00",
	                            "",           "0000-01-01", "2024-01-0a", " 2024-01-01"};
	sv_date d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sv_error e = SV_ERROR_INIT;
		assert_rc(date_parse(bad[i], strlen(bad[i]), &d, "start", &e), SV_EINVAL);
		assert_string_equal(e.field, "start");
		assert_string_equal(e.rule, "ISO-8601");
	}
	assert_ok(date_parse("2024-02-29", 10, &d, "start", NULL));
	assert_ok(date_parse_month("2024-02", 7, &d, "month", NULL));
	assert_string_equal(F(d), "2024-02-01");
	assert_rc(date_parse_month("2024-2", 6, &d, "month", NULL), SV_EINVAL);
	assert_rc(date_parse_month("2024-13", 7, &d, "month", NULL), SV_EINVAL);
}

static void month_arithmetic_clamps_to_month_end(void **state)
{
	assert_string_equal(F(date_add_months(D("2024-01-31"), 1)), "2024-02-29");
	assert_string_equal(F(date_add_months(D("2023-01-31"), 1)), "2023-02-28");
	assert_string_equal(F(date_add_months(D("2024-03-31"), 1)), "2024-04-30");
	assert_string_equal(F(date_add_months(D("2024-11-15"), 3)), "2025-02-15");
	assert_string_equal(F(date_add_months(D("2024-03-31"), -1)), "2024-02-29");
	assert_string_equal(F(date_add_months(D("2024-01-15"), -13)), "2022-12-15");
	/* KV-1: AMI2 runs at most 12 months: started 2024-02-29, ends by 2025-02-28. */
	assert_string_equal(F(date_add_months(D("2024-02-29"), 12)), "2025-02-28");
	assert_string_equal(F(date_month_start(D("2024-02-17"))), "2024-02-01");
	assert_string_equal(F(date_month_end(D("2024-02-17"))), "2024-02-29");
}

static void weekdays_and_iso_weeks(void **state)
{
	int y, w;

	assert_int_equal(date_weekday(D("1970-01-01")), SV_THU);
	assert_int_equal(date_weekday(D("2024-06-21")), SV_FRI); /* midsommarafton 2024 */
	assert_int_equal(date_weekday(D("2026-11-22")), SV_SUN);
	assert_int_equal(date_weekday(D("1900-01-01")), SV_MON);
	/* 2021-01-03 is a Sunday in ISO week 53 of 2020. */
	date_iso_week(D("2021-01-03"), &y, &w);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	/* 2024-12-30 is the Monday of week 1 of 2025. */
	date_iso_week(D("2024-12-30"), &y, &w);
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	date_iso_week(D("2024-06-21"), &y, &w);
	assert_int_equal(y, 2024);
	assert_int_equal(w, 25);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(epoch_and_round_trip),
	        cmocka_unit_test(leap_years_and_month_lengths),
	        cmocka_unit_test(strict_parse_rejects_garbage),
	        cmocka_unit_test(month_arithmetic_clamps_to_month_end),
	        cmocka_unit_test(weekdays_and_iso_weeks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
