/* Unit tests for src/core/rotation.c (KV-12 default rotation, KV-13 default
 * provider). Every worked example is computed by hand in the comments:
 * period k of a rotation anchored on Monday 2024-01-01 with 14-day periods
 * starts 14 k days after the anchor. */
#include "test.h"

#include <stdio.h>

#include "stegvis/rotation.h"

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static const char *F(sv_date d)
{
	static char out[8][SV_DATE_STRLEN];
	static int i;
	i = (i + 1) % 8;
	return date_format(d, out[i]);
}

#define OPEN ROTATION_OPEN_END

/* 2024-01-01 is a Monday (ISO week 1 of 2024 starts on it). */
#define ANCHOR "2024-01-01"

/* Assert one period: its first and last day and its provider's id (0: none). */
static void period_is(const struct rotation_period *p, const char *start, const char *end,
                      int64_t id)
{
	assert_string_equal(F(p->start), start);
	assert_string_equal(F(p->end), end);
	assert_int_equal(p->provider_id, id);
	if (id == 0)
		assert_true(p->provider_index == ROTATION_NO_PROVIDER);
	assert_false(p->substitute);
}

static void three_providers_over_a_year_boundary(void **state)
{
	/* KV-12: A (11), B (12), C (13), authorised in that order before the
	 * anchor, take periods in turn: period k has provider k mod 3
	 * (0 = A, 1 = B, 2 = C). */
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), OPEN},
	        {12, D("2023-08-15"), OPEN},
	        {13, D("2023-11-01"), OPEN},
	};
	struct rotation_period p[4];
	struct sv_error e = SV_ERROR_INIT;

	/* 2024-12-16 is day 351 of the leap year 2024: 350 days after the
	 * anchor = 25 x 14, so it starts period 25; 25 mod 3 = 1 -> B. Period 26
	 * starts 2024-12-16 + 14 = 2024-12-30 and ends 13 days later on
	 * 2025-01-12; 26 mod 3 = 2 -> C. Then 27 -> A, 28 -> B. */
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D("2024-12-16"), 4, p, &e));
	period_is(&p[0], "2024-12-16", "2024-12-29", 12);
	period_is(&p[1], "2024-12-30", "2025-01-12", 13);
	period_is(&p[2], "2025-01-13", "2025-01-26", 11);
	period_is(&p[3], "2025-01-27", "2025-02-09", 12);
	assert_int_equal(p[1].provider_index, 2);

	/* "from" inside a period gives that whole period: 2024-12-20 is in
	 * period 25 (2024-12-16 .. 2024-12-29). */
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D("2024-12-20"), 1, p, &e));
	period_is(&p[0], "2024-12-16", "2024-12-29", 12);

	/* It runs on across years: 2026-06-15 is 366 (2024) + 365 (2025) +
	 * 31 + 28 + 31 + 30 + 31 + 14 = 896 days after the anchor = 64 x 14, so
	 * it starts period 64; 64 mod 3 = 1 -> B. */
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D("2026-06-15"), 1, p, &e));
	period_is(&p[0], "2026-06-15", "2026-06-28", 12);
	assert_int_equal(date_weekday(p[0].start), SV_MON);
}

static void a_new_provider_is_appended_last(void **state)
{
	/* KV-12: D (14) is authorised on Friday 2024-03-01, after A, B, C. */
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), OPEN},
	        {12, D("2023-08-15"), OPEN},
	        {13, D("2023-11-01"), OPEN},
	        {14, D("2024-03-01"), OPEN},
	};
	struct rotation_period p[9], before[5];
	struct sv_error e = SV_ERROR_INIT;

	/* Periods start 01-01, 01-15, 01-29, 02-12, 02-26, then (2024 is a leap
	 * year: 02-26 + 14 = 03-11) 03-11, 03-25, 04-08, 04-22.
	 * 0 A, 1 B, 2 C, 3 A, 4 B (D not yet: 03-01 is after 02-26),
	 * 5 C, 6 D (authorised on 03-25), 7 A (wraps), 8 B. */
	assert_ok(rotation_periods(list, 4, D(ANCHOR), 14, D(ANCHOR), 9, p, &e));
	period_is(&p[0], "2024-01-01", "2024-01-14", 11);
	period_is(&p[1], "2024-01-15", "2024-01-28", 12);
	period_is(&p[2], "2024-01-29", "2024-02-11", 13);
	period_is(&p[3], "2024-02-12", "2024-02-25", 11);
	period_is(&p[4], "2024-02-26", "2024-03-10", 12);
	period_is(&p[5], "2024-03-11", "2024-03-24", 13);
	period_is(&p[6], "2024-03-25", "2024-04-07", 14);
	period_is(&p[7], "2024-04-08", "2024-04-21", 11);
	period_is(&p[8], "2024-04-22", "2024-05-05", 12);

	/* Joining does not change the past: the first five periods are the
	 * same with only A, B, C in the list. */
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D(ANCHOR), 5, before, &e));
	for (int i = 0; i < 5; i++)
		assert_int_equal(before[i].provider_id, p[i].provider_id);

	/* The jump to a far period agrees with the step-by-step walk: period 8
	 * (2024-04-22) asked for directly is B again. */
	assert_ok(rotation_periods(list, 4, D(ANCHOR), 14, D("2024-04-30"), 1, p, &e));
	period_is(&p[0], "2024-04-22", "2024-05-05", 12);
}

static void a_provider_whose_authorisation_ends_is_skipped(void **state)
{
	/* KV-12: B's authorisation ends on Saturday 2024-02-10. */
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), OPEN},
	        {12, D("2023-08-15"), D("2024-02-10")},
	        {13, D("2023-11-01"), OPEN},
	};
	struct rotation_period p[7];
	struct sv_error e = SV_ERROR_INIT;

	/* 0 A, 1 B, 2 C, 3 (02-12) A, 4 (02-26) after A comes B, not
	 * authorised on 02-26 -> C, 5 A, 6 C: A and C keep their order. */
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D(ANCHOR), 7, p, &e));
	period_is(&p[0], "2024-01-01", "2024-01-14", 11);
	period_is(&p[1], "2024-01-15", "2024-01-28", 12);
	period_is(&p[2], "2024-01-29", "2024-02-11", 13);
	period_is(&p[3], "2024-02-12", "2024-02-25", 11);
	period_is(&p[4], "2024-02-26", "2024-03-10", 13);
	period_is(&p[5], "2024-03-11", "2024-03-24", 11);
	period_is(&p[6], "2024-03-25", "2024-04-07", 13);
}

static void equal_authorisation_dates_are_ordered_by_id(void **state)
{
	/* KV-12: X (7) and Y (5) are authorised on the same day, Z (6) a month
	 * earlier. Rotation order: Z (earliest date), then Y (5 < 7), then X. */
	struct rotation_provider list[] = {
	        {7, D("2024-01-01"), OPEN},
	        {5, D("2024-01-01"), OPEN},
	        {6, D("2023-12-01"), OPEN},
	};
	struct rotation_period p[4];
	struct sv_error e = SV_ERROR_INIT;

	/* Unsorted: refused, naming the first out-of-order entry (Y after X). */
	assert_rc(rotation_periods(list, 3, D(ANCHOR), 14, D(ANCHOR), 4, p, &e), SV_EINVAL);
	assert_string_equal(e.field, "providers[1]");
	assert_string_equal(e.rule, "KV-12");

	rotation_sort(list, 3);
	assert_int_equal(list[0].id, 6);
	assert_int_equal(list[1].id, 5);
	assert_int_equal(list[2].id, 7);
	sv_error_clear(&e);
	assert_ok(rotation_periods(list, 3, D(ANCHOR), 14, D(ANCHOR), 4, p, &e));
	period_is(&p[0], "2024-01-01", "2024-01-14", 6);
	period_is(&p[1], "2024-01-15", "2024-01-28", 5);
	period_is(&p[2], "2024-01-29", "2024-02-11", 7);
	period_is(&p[3], "2024-02-12", "2024-02-25", 6);
}

static void default_provider_on_the_first_and_last_day_of_a_period(void **state)
{
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), OPEN},
	        {12, D("2023-08-15"), OPEN},
	        {13, D("2023-11-01"), OPEN},
	};
	struct rotation_period p;
	struct sv_error e = SV_ERROR_INIT;

	/* KV-13: period 1 runs Monday 2024-01-15 to Sunday 2024-01-28 with B. */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-15"), &p, &e));
	period_is(&p, "2024-01-15", "2024-01-28", 12);
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-28"), &p, &e));
	period_is(&p, "2024-01-15", "2024-01-28", 12);
	/* The day before is the last day of period 0 (A); the day after the
	 * first of period 2 (C). */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-14"), &p, &e));
	period_is(&p, "2024-01-01", "2024-01-14", 11);
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-29"), &p, &e));
	period_is(&p, "2024-01-29", "2024-02-11", 13);
	/* The anchor itself: period 0, A. */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D(ANCHOR), &p, &e));
	period_is(&p, "2024-01-01", "2024-01-14", 11);
	/* Years on: 2026-06-28 is the last day of period 64 (B, see above). */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2026-06-28"), &p, &e));
	period_is(&p, "2026-06-15", "2026-06-28", 12);
}

static void authorisation_ending_inside_a_period(void **state)
{
	/* B's authorisation ends on Saturday 2024-01-20, inside period 1
	 * (2024-01-15 .. 2024-01-28). B was authorised on the period's first
	 * day, so the period is B's (KV-12). */
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), OPEN},
	        {12, D("2023-08-15"), D("2024-01-20")},
	        {13, D("2023-11-01"), OPEN},
	};
	struct rotation_period p;
	struct sv_error e = SV_ERROR_INIT;

	/* KV-13 on Friday 2024-01-19: B is still authorised. */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-19"), &p, &e));
	period_is(&p, "2024-01-15", "2024-01-28", 12);
	/* On Monday 2024-01-22 B is not: the next in list order, C, stands in. */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-22"), &p, &e));
	assert_int_equal(p.provider_id, 13);
	assert_int_equal(p.provider_index, 2);
	assert_true(p.substitute);
	assert_string_equal(F(p.start), "2024-01-15");
	/* Period 2 (01-29) continues after B, whose period it was: C. */
	assert_ok(rotation_default_on(list, 3, D(ANCHOR), 14, D("2024-01-29"), &p, &e));
	period_is(&p, "2024-01-29", "2024-02-11", 13);
}

static void periods_without_any_authorised_provider(void **state)
{
	/* A is authorised in January 2024 only, B from Friday 2024-03-01. */
	const struct rotation_provider list[] = {
	        {11, D("2023-05-02"), D("2024-01-31")},
	        {12, D("2024-03-01"), OPEN},
	};
	struct rotation_period p[7];
	struct sv_error e = SV_ERROR_INIT;

	/* 0 (01-01), 1 (01-15), 2 (01-29, A still authorised): A;
	 * 3 (02-12), 4 (02-26): nobody; 5 (03-11): after A comes B; 6: B. */
	assert_ok(rotation_periods(list, 2, D(ANCHOR), 14, D(ANCHOR), 7, p, &e));
	period_is(&p[0], "2024-01-01", "2024-01-14", 11);
	period_is(&p[1], "2024-01-15", "2024-01-28", 11);
	period_is(&p[2], "2024-01-29", "2024-02-11", 11);
	period_is(&p[3], "2024-02-12", "2024-02-25", 0);
	period_is(&p[4], "2024-02-26", "2024-03-10", 0);
	period_is(&p[5], "2024-03-11", "2024-03-24", 12);
	period_is(&p[6], "2024-03-25", "2024-04-07", 12);

	/* KV-13 on 2024-02-20: nobody is authorised. */
	assert_rc(rotation_default_on(list, 2, D(ANCHOR), 14, D("2024-02-20"), &p[0], &e),
	          SV_ENOTFOUND);
	assert_string_equal(e.field, "day");
	assert_string_equal(e.rule, "KV-13");
	/* On 2024-03-05, inside period 4 which has no provider, B is authorised
	 * and stands in. */
	sv_error_clear(&e);
	assert_ok(rotation_default_on(list, 2, D(ANCHOR), 14, D("2024-03-05"), &p[0], &e));
	assert_int_equal(p[0].provider_id, 12);
	assert_true(p[0].substitute);

	/* An empty list: every period has no provider, and no default. */
	sv_error_clear(&e);
	assert_ok(rotation_periods(NULL, 0, D(ANCHOR), 14, D(ANCHOR), 2, p, &e));
	period_is(&p[0], "2024-01-01", "2024-01-14", 0);
	period_is(&p[1], "2024-01-15", "2024-01-28", 0);
	assert_rc(rotation_default_on(NULL, 0, D(ANCHOR), 14, D(ANCHOR), &p[0], &e), SV_ENOTFOUND);
}

static void expect_error(enum sv_rc got, const struct sv_error *e, enum sv_rc rc, const char *field,
                         const char *rule)
{
	assert_rc(got, rc);
	assert_int_equal(e->rc, rc);
	assert_string_equal(e->field, field);
	assert_string_equal(e->rule, rule);
	assert_true(e->msg[0] != '\0');
}

static void bad_input_is_refused_with_field_and_rule(void **state)
{
	const struct rotation_provider ok[] = {{11, D("2023-05-02"), OPEN}};
	const struct rotation_provider backwards[] = {{11, D("2024-05-02"), D("2024-05-01")}};
	const struct rotation_provider twice[] = {{11, D("2023-05-02"), OPEN},
	                                          {11, D("2023-06-02"), OPEN}};
	struct rotation_period p[2];
	struct sv_error e;

#define TRY(call, rc, field, rule)                       \
	do {                                             \
		sv_error_clear(&e);                      \
		expect_error(call, &e, rc, field, rule); \
	} while (0)

	/* 2024-01-02 is a Tuesday. */
	TRY(rotation_periods(ok, 1, D("2024-01-02"), 14, D("2024-01-02"), 1, p, &e), SV_EINVAL,
	    "anchor", "KV-12");
	TRY(rotation_default_on(ok, 1, D("2024-01-07"), 14, D("2024-01-08"), p, &e), SV_EINVAL,
	    "anchor", "KV-12");
	TRY(rotation_periods(ok, 1, D(ANCHOR), 0, D(ANCHOR), 1, p, &e), SV_EINVAL, "period_days",
	    "KV-12");
	TRY(rotation_periods(ok, 1, D(ANCHOR), -14, D(ANCHOR), 1, p, &e), SV_EINVAL, "period_days",
	    "KV-12");
	/* 10-day periods would start on other weekdays than Monday. */
	TRY(rotation_periods(ok, 1, D(ANCHOR), 10, D(ANCHOR), 1, p, &e), SV_EINVAL, "period_days",
	    "KV-12");
	TRY(rotation_periods(ok, 1, D(ANCHOR), 14, D("2023-12-31"), 1, p, &e), SV_EINVAL, "from",
	    "KV-12");
	TRY(rotation_default_on(ok, 1, D(ANCHOR), 14, D("2023-12-31"), p, &e), SV_EINVAL, "day",
	    "KV-12");
	TRY(rotation_periods(ok, 1, D(ANCHOR), 14, D(ANCHOR), -1, p, &e), SV_EINVAL, "periods",
	    "KV-12");
	TRY(rotation_periods(ok, 1, D(ANCHOR), 14, D(ANCHOR), 1, NULL, &e), SV_EINVAL, "periods",
	    "KV-12");
	TRY(rotation_periods(backwards, 1, D(ANCHOR), 14, D(ANCHOR), 1, p, &e), SV_EINVAL,
	    "providers[0].authorised_to", "KV-12");
	TRY(rotation_periods(twice, 2, D(ANCHOR), 14, D(ANCHOR), 1, p, &e), SV_EINVAL,
	    "providers[1]", "KV-12");
	TRY(rotation_periods(NULL, 2, D(ANCHOR), 14, D(ANCHOR), 1, p, &e), SV_EINVAL, "providers",
	    "KV-12");
	/* 9999-12-20 is in the period starting Monday 9999-12-20; a second
	 * period would end in the year 10000. */
	TRY(rotation_periods(ok, 1, D(ANCHOR), 14, D("9999-12-20"), 2, p, &e), SV_ERANGE, "periods",
	    "CAL-1");
	TRY(rotation_periods(ok, 1, D(ANCHOR), 14, D(ANCHOR) + 4000000, 1, p, &e), SV_ERANGE,
	    "from", "CAL-1");
	/* Zero periods is a valid, empty answer. */
	sv_error_clear(&e);
	assert_ok(rotation_periods(ok, 1, D(ANCHOR), 14, D(ANCHOR), 0, NULL, &e));
#undef TRY
}

/* ------------------------------------------------------------------ */
/* The fast walk against the rule applied period by period             */
/* ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
	return (uint32_t)(rng_state >> 33) % n;
}

/* KV-12 literally: period by period, the first provider after the previous
 * one (wrapping) authorised on the period's first day. */
static void naive(const struct rotation_provider *list, size_t n, sv_date anchor, int days,
                  int count, int64_t *ids)
{
	long p = -1;

	for (int k = 0; k < count; k++) {
		sv_date start = anchor + k * days;
		long q = -1;
		for (size_t step = 1; step <= n && q < 0; step++) {
			size_t i = p < 0 ? step - 1 : (size_t)(p + (long)step) % n;
			if (list[i].authorised_from <= start && start <= list[i].authorised_to)
				q = (long)i;
		}
		if (q >= 0)
			p = q;
		ids[k] = q < 0 ? 0 : list[q].id;
	}
}

static void fast_walk_agrees_with_the_rule_period_by_period(void **state)
{
	enum { COUNT = 600 };
	static int64_t want[COUNT];
	static struct rotation_period got[COUNT];
	const int lengths[] = {7, 14, 28};
	sv_date anchor = D(ANCHOR);

	for (int round = 0; round < 300; round++) {
		struct rotation_provider list[9];
		size_t n = rnd(10);
		int days = lengths[rnd(3)];
		struct sv_error e = SV_ERROR_INIT;

		for (size_t i = 0; i < n; i++) {
			/* Authorisations spread over 2023-2035, a third of them ending. */
			list[i].id = (int64_t)rnd(50) * 10 + (int64_t)i + 1;
			list[i].authorised_from = anchor - 365 + (sv_date)rnd(365 * 12);
			list[i].authorised_to =
			        rnd(3) == 0 ? list[i].authorised_from + (sv_date)rnd(900) : OPEN;
		}
		rotation_sort(list, n);
		naive(list, n, anchor, days, COUNT, want);
		assert_ok(rotation_periods(list, n, anchor, days, anchor, COUNT, got, &e));
		for (int k = 0; k < COUNT; k++)
			assert_int_equal(got[k].provider_id, want[k]);
		/* Jumping straight to any period gives the same provider. */
		for (int t = 0; t < 20; t++) {
			int k = (int)rnd(COUNT);
			sv_date day = anchor + k * days + (sv_date)rnd((uint32_t)days);
			struct rotation_period one;

			assert_ok(rotation_periods(list, n, anchor, days, day, 1, &one, &e));
			assert_int_equal(one.provider_id, want[k]);
			assert_int_equal(one.start, anchor + k * days);
			if (want[k] != 0 &&
			    rotation_default_on(list, n, anchor, days, day, &one, &e) == SV_OK &&
			    !one.substitute)
				assert_int_equal(one.provider_id, want[k]);
			sv_error_clear(&e);
		}
	}
}

static void far_dates_are_cheap_and_consistent(void **state)
{
	/* 40 providers, every one authorised a week after the previous one and
	 * every third one leaving after two years; KV-13 four centuries on is
	 * answered without walking the periods in between (O(n^2), not O(k)). */
	struct rotation_provider list[40];
	sv_date anchor = D(ANCHOR);
	struct rotation_period p;
	struct sv_error e = SV_ERROR_INIT;
	enum { K = 10000 };
	static int64_t want[K + 1];

	for (int i = 0; i < 40; i++) {
		list[i].id = 100 + i;
		list[i].authorised_from = anchor + 7 * i;
		list[i].authorised_to = i % 3 == 0 ? anchor + 7 * i + 730 : OPEN;
	}
	naive(list, 40, anchor, 14, K + 1, want);
	/* Period 10000 starts 140000 days after the anchor, in the year 2407. */
	for (int t = 0; t < 2000; t++)
		assert_ok(rotation_default_on(list, 40, anchor, 14, anchor + 14 * K, &p, &e));
	assert_int_equal(p.provider_id, want[K]);
	assert_false(p.substitute);
	assert_string_equal(F(p.start), F(anchor + 140000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(three_providers_over_a_year_boundary),
	        cmocka_unit_test(a_new_provider_is_appended_last),
	        cmocka_unit_test(a_provider_whose_authorisation_ends_is_skipped),
	        cmocka_unit_test(equal_authorisation_dates_are_ordered_by_id),
	        cmocka_unit_test(default_provider_on_the_first_and_last_day_of_a_period),
	        cmocka_unit_test(authorisation_ending_inside_a_period),
	        cmocka_unit_test(periods_without_any_authorised_provider),
	        cmocka_unit_test(bad_input_is_refused_with_field_and_rule),
	        cmocka_unit_test(fast_walk_agrees_with_the_rule_period_by_period),
	        cmocka_unit_test(far_dates_are_cheap_and_consistent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
