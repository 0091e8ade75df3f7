/*
 * Unit tests for src/core/money.c: CAL-5 amounts in öre (parse, machine and
 * Swedish display forms) and the KV-71 proration with the 2024 vouchers of
 * KV-70: AMI 3 876 kr, ISA 6 324 kr, FAI 8 160 kr a month.
 *
 * Per day (voucher / 30): AMI 387600 / 30 = 12920 öre (129.20 kr),
 * ISA 632400 / 30 = 21080 öre (210.80 kr), FAI 816000 / 30 = 27200 öre
 * (272.00 kr). All three divide by 30; rounding is tested with other vouchers.
 */
#include "test.h"

#include <stdio.h>

#include "stegvis/money.h"

#define AMI ((sv_money)387600)
#define ISA ((sv_money)632400)
#define FAI ((sv_money)816000)

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static sv_money P(const char *s)
{
	sv_money m = 0;
	struct sv_error e = SV_ERROR_INIT;
	if (money_parse(s, strlen(s), &m, "amount", &e) != SV_OK)
		fail_msg("%s rejected: %s", s, e.msg);
	return m;
}

/* KV-71 for month "YYYY-MM" and an intervention from..to. */
static sv_money pay(sv_money monthly, const char *month, const char *from, const char *to)
{
	char first[SV_DATE_STRLEN + 3];
	snprintf(first, sizeof(first), "%s-01", month);
	return money_prorate(monthly, D(first), D(from), D(to));
}

static void parse_machine_form(void **state)
{
	sv_money m = 0;

	assert_int_equal(P("2842.40"), 284240);
	assert_int_equal(P("3876"), 387600);
	assert_int_equal(P("3876.00"), 387600);
	assert_int_equal(P("-12.05"), -1205);
	assert_int_equal(P("-0.05"), -5);
	assert_int_equal(P("0"), 0);
	assert_int_equal(P("-0"), 0);
	assert_int_equal(P("0.01"), 1);
	assert_int_equal(P("007.50"), 750);
	/* len bounds the input: "12.345" read as its first 5 bytes is 12.34. */
	assert_ok(money_parse("12.345", 5, &m, "amount", NULL));
	assert_int_equal(m, 1234);
}

static void parse_limits(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	sv_money m = 42;

	/* int64 öre: INT64_MAX = 9223372036854775807 = 92233720368547758.07 kr. */
	assert_int_equal(P("92233720368547758.07"), INT64_MAX);
	assert_int_equal(P("-92233720368547758.08"), INT64_MIN);
	assert_rc(money_parse("92233720368547758.08", 20, &m, "amount", &e), SV_EINVAL);
	assert_string_equal(e.field, "amount");
	assert_string_equal(e.rule, "CAL-5");
	assert_non_null(strstr(e.msg, "out of range"));
	assert_int_equal(m, 42); /* unchanged on failure */
	assert_rc(money_parse("-92233720368547758.09", 21, &m, "amount", NULL), SV_EINVAL);
	/* Kronor alone overflow: 92233720368547759 kr x 100 > INT64_MAX. */
	assert_rc(money_parse("92233720368547759", 17, &m, "amount", NULL), SV_EINVAL);
	assert_rc(money_parse("99999999999999999999999", 23, &m, "amount", NULL), SV_EINVAL);
}

static void parse_rejects_garbage(void **state)
{
	static const char *bad[] = {"",      "-",     ".50",   "1.5",   "1.505", "1,00",
	                            " 1.00", "1.00 ", "+1.00", "1e3",   "12a",   "--1",
	                            "1.",    "0x10",  "1 000", "-.05",  "1.-5",  "٣",
	                            "1.0a",  "kr 10", "10kr",  "1..00", "NaN",   "inf"};
	sv_money m = 7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sv_error e = SV_ERROR_INIT;
		assert_rc(money_parse(bad[i], strlen(bad[i]), &m, "--monthly", &e), SV_EINVAL);
		assert_string_equal(e.field, "--monthly");
		assert_string_equal(e.rule, "CAL-5");
		assert_int_equal(m, 7);
	}
	assert_rc(money_parse(NULL, 0, &m, "amount", NULL), SV_EINVAL);
	/* An embedded NUL inside len is garbage too. */
	assert_rc(money_parse("1\0.00", 5, &m, "amount", NULL), SV_EINVAL);
}

static void format_machine_form(void **state)
{
	char out[SV_MONEY_STRLEN];

	assert_string_equal(money_format(284240, out), "2842.40");
	assert_string_equal(money_format(387600, out), "3876.00");
	assert_string_equal(money_format(-1205, out), "-12.05");
	assert_string_equal(money_format(-5, out), "-0.05");
	assert_string_equal(money_format(0, out), "0.00");
	assert_string_equal(money_format(7, out), "0.07");
	assert_string_equal(money_format(INT64_MAX, out), "92233720368547758.07");
	assert_string_equal(money_format(INT64_MIN, out), "-92233720368547758.08");
}

static void format_swedish_display(void **state)
{
	char out[SV_MONEY_STRLEN];

	assert_string_equal(money_format_sv(284240, out), "2 842,40 kr");
	assert_string_equal(money_format_sv(-5, out), "-0,05 kr");
	assert_string_equal(money_format_sv(0, out), "0,00 kr");
	assert_string_equal(money_format_sv(99999, out), "999,99 kr");
	assert_string_equal(money_format_sv(100000, out), "1 000,00 kr");
	assert_string_equal(money_format_sv(-12345678, out), "-123 456,78 kr");
	assert_string_equal(money_format_sv(100000000, out), "1 000 000,00 kr");
	assert_string_equal(money_format_sv(INT64_MAX, out), "92 233 720 368 547 758,07 kr");
	assert_string_equal(money_format_sv(INT64_MIN, out), "-92 233 720 368 547 758,08 kr");
}

static void format_and_parse_round_trip(void **state)
{
	static const sv_money v[] = {
	        0,       1,         -1,        99,        100,           -100,         284240,
	        -284240, 123456789, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
	char out[SV_MONEY_STRLEN];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_true(P(money_format(v[i], out)) == v[i]);
}

static void kv71_partial_first_and_last_month(void **state)
{
	/* KV-71, AMI from 2024-03-15 to 2024-09-12.
	 * March: 15..31 inclusive = 31 - 15 + 1 = 17 days, 12920 x 17 = 219640. */
	assert_int_equal(pay(AMI, "2024-03", "2024-03-15", "2024-09-12"), 219640);
	/* April to August are whole months: the voucher. */
	assert_int_equal(pay(AMI, "2024-06", "2024-03-15", "2024-09-12"), AMI);
	/* September: 1..12 = 12 days, 12920 x 12 = 155040. */
	assert_int_equal(pay(AMI, "2024-09", "2024-03-15", "2024-09-12"), 155040);
	assert_int_equal(money_days_in_month(D("2024-03-01"), D("2024-03-15"), D("2024-09-12")),
	                 17);
	assert_int_equal(money_days_in_month(D("2024-09-01"), D("2024-03-15"), D("2024-09-12")),
	                 12);

	/* ISA from 2024-04-10 to 2024-10-20. April: 10..30 = 21 days,
	 * 21080 x 21 = 442680; October: 1..20 = 20 days, 21080 x 20 = 421600. */
	assert_int_equal(pay(ISA, "2024-04", "2024-04-10", "2024-10-20"), 442680);
	assert_int_equal(pay(ISA, "2024-10", "2024-04-10", "2024-10-20"), 421600);

	/* FAI from 2024-02-20 into 2025: February 2024 has 29 days, 20..29 = 10
	 * days, 27200 x 10 = 272000 (2 720 kr). */
	assert_int_equal(pay(FAI, "2024-02", "2024-02-20", "2025-01-31"), 272000);
}

static void kv71_whole_months_pay_the_voucher(void **state)
{
	/* KV-71 Decision: a whole calendar month pays exactly the voucher,
	 * not voucher / 30 x its length: */
	/* 28 days (February 2023): not 12920 x 28 = 361760. */
	assert_int_equal(pay(AMI, "2023-02", "2023-02-01", "2023-02-28"), AMI);
	/* 29 days (February 2024): not 12920 x 29 = 374680. */
	assert_int_equal(pay(AMI, "2024-02", "2024-02-01", "2024-02-29"), AMI);
	/* 30 days (April 2024): 12920 x 30 = 387600, the voucher either way. */
	assert_int_equal(pay(AMI, "2024-04", "2024-04-01", "2024-04-30"), AMI);
	/* 31 days (January 2024): not 12920 x 31 = 400520. */
	assert_int_equal(pay(AMI, "2024-01", "2024-01-01", "2024-01-31"), AMI);
	assert_int_equal(pay(ISA, "2024-01", "2023-06-01", "2024-12-31"), ISA);
	assert_int_equal(pay(FAI, "2024-02", "2023-06-01", "2024-12-31"), FAI);
}

static void kv71_never_more_than_the_voucher(void **state)
{
	/* A 31-day month with 30 days in it: 12920 x 30 = 387600, the voucher
	 * exactly, whichever day is missing. */
	assert_int_equal(pay(AMI, "2024-01", "2024-01-02", "2024-06-30"), AMI);
	assert_int_equal(pay(AMI, "2024-01", "2023-11-01", "2024-01-30"), AMI);
	assert_int_equal(pay(FAI, "2024-03", "2024-03-02", "2024-05-31"), FAI);
	/* ...and with 31 days (the whole month) not 31 x 12920 = 400520. */
	assert_int_equal(pay(AMI, "2024-03", "2024-03-01", "2024-03-31"), AMI);
	/* A voucher of 10.01 kr = 1001 öre = 30 x 33 + 11: 30 days pay
	 * 33 x 30 + 11 x 30 / 30 = 1001: never more. */
	assert_int_equal(pay(1001, "2024-01", "2024-01-02", "2024-01-31"), 1001);
}

static void kv71_one_day_interventions(void **state)
{
	/* One day, 2024-05-20 to 2024-05-20: 1 day x the day rate. */
	assert_int_equal(pay(AMI, "2024-05", "2024-05-20", "2024-05-20"), 12920);
	assert_int_equal(pay(ISA, "2024-05", "2024-05-20", "2024-05-20"), 21080);
	assert_int_equal(pay(FAI, "2024-05", "2024-05-20", "2024-05-20"), 27200);
	/* The last day of a month and the first of the next are each one day. */
	assert_int_equal(pay(AMI, "2024-05", "2024-05-31", "2024-06-01"), 12920);
	assert_int_equal(pay(AMI, "2024-06", "2024-05-31", "2024-06-01"), 12920);
	/* A one-day month? February 2024 needs 29 days to be whole: 1 day is 1/30. */
	assert_int_equal(pay(AMI, "2024-02", "2024-02-29", "2024-02-29"), 12920);
}

static void kv71_range_outside_the_month_pays_nothing(void **state)
{
	/* March 2024 only, month April: 0 days. */
	assert_int_equal(pay(AMI, "2024-04", "2024-03-01", "2024-03-31"), 0);
	assert_int_equal(money_days_in_month(D("2024-04-01"), D("2024-03-01"), D("2024-03-31")), 0);
	/* Starting after the month. */
	assert_int_equal(pay(AMI, "2024-02", "2024-03-01", "2024-12-31"), 0);
	/* An empty range (from after to). */
	assert_int_equal(pay(AMI, "2024-03", "2024-03-20", "2024-03-10"), 0);
	assert_int_equal(money_days_in_month(D("2024-03-01"), D("2024-03-20"), D("2024-03-10")), 0);
}

static void kv71_rounds_once_half_away_from_zero(void **state)
{
	/* 1 000 kr = 100000 öre does not divide by 30 (100000 = 30 x 3333 + 10).
	 * 1 day: 100000 / 30 = 3333.33 -> 3333. 2 days: 200000 / 30 = 6666.67 -> 6667.
	 * Rounded once: 2 x round(3333.33) would be 6666. */
	assert_int_equal(pay(100000, "2024-01", "2024-01-31", "2024-02-10"), 3333);
	assert_int_equal(pay(100000, "2024-01", "2024-01-30", "2024-02-10"), 6667);
	/* A half öre: 1 000.01 kr = 100001 öre, 15 days (2024-01-17..31):
	 * 100001 x 15 / 30 = 50000.5 -> 50001 (away from zero). */
	assert_int_equal(pay(100001, "2024-01", "2024-01-17", "2024-02-10"), 50001);
	/* A negative voucher (a correction) rounds away from zero too: -50001. */
	assert_int_equal(pay(-100001, "2024-01", "2024-01-17", "2024-02-10"), -50001);
	/* 5 öre x 3 / 30 = 0.5 -> 1; 4 öre x 3 / 30 = 0.4 -> 0. */
	assert_int_equal(pay(5, "2024-01", "2024-01-01", "2024-01-03"), 1);
	assert_int_equal(pay(4, "2024-01", "2024-01-01", "2024-01-03"), 0);
	/* 3 876.01 kr = 387601 öre, 17 days: 387601 x 17 / 30 = 6589217 / 30 =
	 * 219640.566... -> 219641. */
	assert_int_equal(pay(387601, "2024-03", "2024-03-15", "2024-09-12"), 219641);
}

static void kv71_overflow_safe(void **state)
{
	/* INT64_MAX x 15 / 30 = 4611686018427387903.5 -> ...904, with no
	 * intermediate beyond int64 (monthly x days would overflow). */
	assert_true(pay(INT64_MAX, "2024-01", "2024-01-17", "2024-01-31") ==
	            INT64_C(4611686018427387904));
	/* INT64_MIN / 2 exactly. */
	assert_true(pay(INT64_MIN, "2024-01", "2024-01-17", "2024-01-31") ==
	            INT64_C(-4611686018427387904));
	/* 30 of 31 days pay the whole voucher, even at the limit. */
	assert_true(pay(INT64_MAX, "2024-01", "2024-01-02", "2024-01-31") == INT64_MAX);
	assert_true(pay(INT64_MIN, "2024-01", "2024-01-02", "2024-01-31") == INT64_MIN);
}

static void kv71_month_given_by_any_day(void **state)
{
	/* The month is the one containing month_first: 2024-03-15 is March. */
	assert_int_equal(money_prorate(AMI, D("2024-03-15"), D("2024-03-15"), D("2024-09-12")),
	                 219640);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_machine_form),
	        cmocka_unit_test(parse_limits),
	        cmocka_unit_test(parse_rejects_garbage),
	        cmocka_unit_test(format_machine_form),
	        cmocka_unit_test(format_swedish_display),
	        cmocka_unit_test(format_and_parse_round_trip),
	        cmocka_unit_test(kv71_partial_first_and_last_month),
	        cmocka_unit_test(kv71_whole_months_pay_the_voucher),
	        cmocka_unit_test(kv71_never_more_than_the_voucher),
	        cmocka_unit_test(kv71_one_day_interventions),
	        cmocka_unit_test(kv71_range_outside_the_month_pays_nothing),
	        cmocka_unit_test(kv71_rounds_once_half_away_from_zero),
	        cmocka_unit_test(kv71_overflow_safe),
	        cmocka_unit_test(kv71_month_given_by_any_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
