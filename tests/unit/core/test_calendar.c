/*
 * Unit tests for src/core/calendar.c: working-day calendars of Sweden and
 * Denmark (CAL-3, CAL-3a, CAL-4 of shared/spec/domain.md).
 *
 * Every worked example is computed by hand in the comment next to it. The
 * named days of 2000-2040 are checked against a second computation written
 * here from an almanac's table of Easter Sundays, and cal_easter against
 * Gauss's Easter formula over the whole range 1900-2199.
 */
#include "test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "stegvis/calendar.h"
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

static sv_date next_wd(enum cal_country c, const char *s)
{
	sv_date out = 0;
	assert_ok(cal_next_working_day(c, D(s), &out, "date", NULL));
	return out;
}

static sv_date add_wd(enum cal_country c, const char *s, int n)
{
	sv_date out = 0;
	assert_ok(cal_add_working_days(c, D(s), n, &out, "n", NULL));
	return out;
}

/* Assert that cal_named_days(c, year) is exactly want[0..n-1], "date name" each. */
static void assert_named_days(enum cal_country c, int year, const char *const *want, size_t n)
{
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	size_t count = 0;

	assert_ok(cal_named_days(c, year, days, CAL_MAX_NAMED_DAYS, &count, NULL));
	assert_int_equal(count, n);
	for (size_t i = 0; i < n; i++) {
		char line[64];
		snprintf(line, sizeof(line), "%s %s", F(days[i].date), days[i].name);
		assert_string_equal(line, want[i]);
	}
}

/* Easter Sundays 2000-2040 as printed in almanacs (month, day). */
static const unsigned char almanac_easter[41][2] = {
        {4, 23}, {4, 15}, {3, 31}, {4, 20}, {4, 11}, /* 2000-2004 */
        {3, 27}, {4, 16}, {4, 8},  {3, 23}, {4, 12}, /* 2005-2009 */
        {4, 4},  {4, 24}, {4, 8},  {3, 31}, {4, 20}, /* 2010-2014 */
        {4, 5},  {3, 27}, {4, 16}, {4, 1},  {4, 21}, /* 2015-2019 */
        {4, 12}, {4, 4},  {4, 17}, {4, 9},  {3, 31}, /* 2020-2024 */
        {4, 20}, {4, 5},  {3, 28}, {4, 16}, {4, 1},  /* 2025-2029 */
        {4, 21}, {4, 13}, {3, 28}, {4, 17}, {4, 9},  /* 2030-2034 */
        {3, 25}, {4, 13}, {4, 5},  {4, 25}, {4, 10}, /* 2035-2039 */
        {4, 1},                                      /* 2040 */
};

static sv_date almanac(int year)
{
	return date_from_ymd(year, almanac_easter[year - 2000][0], almanac_easter[year - 2000][1]);
}

/*
 * Gauss's Easter formula in Lichtenberg's form (1997), an arithmetic
 * independent of the Meeus form used by cal_easter. Returns the day of
 * March (32 = 1 April).
 */
static int gauss_easter_march_day(int x)
{
	int k = x / 100;
	int m = 15 + (3 * k + 3) / 4 - (8 * k + 13) / 25; /* secular moon shift */
	int s = 2 - (3 * k + 3) / 4;                      /* secular sun shift */
	int a = x % 19;
	int d = (19 * a + m) % 30;        /* seed of the first spring full moon */
	int r = (d + a / 11) / 29;        /* calendar correction */
	int og = 21 + d - r;              /* Easter full moon, day of March */
	int sz = 7 - (x + x / 4 + s) % 7; /* first Sunday in March */
	int oe = 7 - (og - sz) % 7;       /* distance Easter Sunday - full moon */
	return og + oe;
}

static void easter_matches_almanac_2000_2040(void **state)
{
	for (int y = 2000; y <= 2040; y++)
		assert_string_equal(F(cal_easter(y)), F(almanac(y)));
	/* Spot checks of the table itself: 2024-03-31 and 2038-04-25 (the latest
	 * possible Easter) are Sundays. */
	assert_int_equal(date_weekday(D("2024-03-31")), SV_SUN);
	assert_int_equal(date_weekday(D("2038-04-25")), SV_SUN);
}

static void easter_matches_gauss_1900_2199(void **state)
{
	for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++) {
		sv_date e = cal_easter(y);
		assert_int_equal(e, date_from_ymd(y, 3, 1) + gauss_easter_march_day(y) - 1);
		/* Easter is a Sunday from 22 March to 25 April. */
		assert_int_equal(date_weekday(e), SV_SUN);
		assert_true(e >= date_from_ymd(y, 3, 22) && e <= date_from_ymd(y, 4, 25));
	}
	/* 1900: Easter 15 April; 2199: Easter 14 April (almanac). */
	assert_string_equal(F(cal_easter(1900)), "1900-04-15");
	assert_string_equal(F(cal_easter(2199)), "2199-04-14");
}

/* CAL-3, Sweden 2024. Easter 31 March, so långfredagen 29 March (-2), annandag
 * påsk 1 April (+1), Kristi himmelsfärdsdag 9 May (+39: 31 March + 30 = 30
 * April, + 9), pingstdagen 19 May (+49). midsommardagen is the Saturday of
 * 20-26 June: 22 June (21 June 2024 is a Friday); midsommarafton the Friday
 * before, 21 June. alla helgons dag is the Saturday of 31 Oct-6 Nov: 2 Nov. */
static void sweden_2024(void **state)
{
	static const char *const want[] = {
	        "2024-01-01 nyårsdagen",
	        "2024-01-06 trettondedag jul",
	        "2024-03-29 långfredagen",
	        "2024-03-31 påskdagen",
	        "2024-04-01 annandag påsk",
	        "2024-05-01 första maj",
	        "2024-05-09 Kristi himmelsfärdsdag",
	        "2024-05-19 pingstdagen",
	        "2024-06-06 nationaldagen",
	        "2024-06-21 midsommarafton",
	        "2024-06-22 midsommardagen",
	        "2024-11-02 alla helgons dag",
	        "2024-12-24 julafton",
	        "2024-12-25 juldagen",
	        "2024-12-26 annandag jul",
	        "2024-12-31 nyårsafton",
	};
	assert_named_days(CAL_SE, 2024, want, sizeof(want) / sizeof(want[0]));
	/* midsommar 2024: Fri 21 and Sat 22 June; Thursday 20 works, Monday 24 works. */
	assert_int_equal(date_weekday(D("2024-06-21")), SV_FRI);
	assert_false(cal_is_working_day(CAL_SE, D("2024-06-21")));
	assert_true(cal_is_working_day(CAL_SE, D("2024-06-20")));
	assert_true(cal_is_working_day(CAL_SE, D("2024-06-24")));
	assert_string_equal(cal_day_name(CAL_SE, D("2024-06-21")), "midsommarafton");
	assert_string_equal(cal_day_name(CAL_SE, D("2024-06-22")), "midsommardagen");
	assert_null(cal_day_name(CAL_SE, D("2024-06-23"))); /* a plain Sunday */
}

/* CAL-3 midsommar and alla helgons dag at the edges of their windows. */
static void sweden_saturday_windows(void **state)
{
	/* 20 June 2026 is a Saturday, the first day of the window: midsommardagen
	 * 2026-06-20, midsommarafton 2026-06-19. 26 June 2021 is a Saturday, the
	 * last day: midsommardagen 2021-06-26, midsommarafton 2021-06-25. */
	assert_string_equal(cal_day_name(CAL_SE, D("2026-06-20")), "midsommardagen");
	assert_string_equal(cal_day_name(CAL_SE, D("2026-06-19")), "midsommarafton");
	assert_false(cal_is_working_day(CAL_SE, D("2026-06-19")));
	assert_true(cal_is_working_day(CAL_SE, D("2026-06-26"))); /* a Friday, not afton */
	assert_string_equal(cal_day_name(CAL_SE, D("2021-06-26")), "midsommardagen");
	assert_string_equal(cal_day_name(CAL_SE, D("2021-06-25")), "midsommarafton");
	assert_true(cal_is_working_day(CAL_SE, D("2021-06-18")));
	/* 31 October 2026 is a Saturday (window start), 6 November 2021 one too
	 * (window end): those are alla helgons dag; 7 Nov 2026 is no named day. */
	assert_string_equal(cal_day_name(CAL_SE, D("2026-10-31")), "alla helgons dag");
	assert_null(cal_day_name(CAL_SE, D("2026-11-07")));
	assert_string_equal(cal_day_name(CAL_SE, D("2021-11-06")), "alla helgons dag");
	assert_null(cal_day_name(CAL_SE, D("2021-10-30")));
	/* Alla helgons dag is always a Saturday, so the Friday before works. */
	assert_true(cal_is_working_day(CAL_SE, D("2021-11-05")));
}

/* CAL-3a, SFS 2004:1320: up to 2004 annandag pingst is a holiday and
 * nationaldagen is not; from 2005 the reverse. Easter 2004 = 11 April, so
 * pingstdagen 30 May (+49: 11 April + 19 = 30 April, + 30) and annandag
 * pingst Monday 31 May. Easter 2005 = 27 March: pingstdagen 15 May (+49:
 * 27 March + 4 = 31 March, + 30 = 30 April, + 15), Monday 16 May. */
static void sweden_2004_and_2005(void **state)
{
	static const char *const want2004[] = {
	        "2004-01-01 nyårsdagen",
	        "2004-01-06 trettondedag jul",
	        "2004-04-09 långfredagen",
	        "2004-04-11 påskdagen",
	        "2004-04-12 annandag påsk",
	        "2004-05-01 första maj",
	        "2004-05-20 Kristi himmelsfärdsdag",
	        "2004-05-30 pingstdagen",
	        "2004-05-31 annandag pingst",
	        "2004-06-25 midsommarafton",
	        "2004-06-26 midsommardagen",
	        "2004-11-06 alla helgons dag",
	        "2004-12-24 julafton",
	        "2004-12-25 juldagen",
	        "2004-12-26 annandag jul",
	        "2004-12-31 nyårsafton",
	};
	static const char *const want2005[] = {
	        "2005-01-01 nyårsdagen",
	        "2005-01-06 trettondedag jul",
	        "2005-03-25 långfredagen",
	        "2005-03-27 påskdagen",
	        "2005-03-28 annandag påsk",
	        "2005-05-01 första maj",
	        "2005-05-05 Kristi himmelsfärdsdag",
	        "2005-05-15 pingstdagen",
	        "2005-06-06 nationaldagen",
	        "2005-06-24 midsommarafton",
	        "2005-06-25 midsommardagen",
	        "2005-11-05 alla helgons dag",
	        "2005-12-24 julafton",
	        "2005-12-25 juldagen",
	        "2005-12-26 annandag jul",
	        "2005-12-31 nyårsafton",
	};
	assert_named_days(CAL_SE, 2004, want2004, sizeof(want2004) / sizeof(want2004[0]));
	assert_named_days(CAL_SE, 2005, want2005, sizeof(want2005) / sizeof(want2005[0]));
	assert_false(cal_is_working_day(CAL_SE, D("2004-05-31"))); /* annandag pingst */
	assert_true(cal_is_working_day(CAL_SE, D("2005-05-16")));  /* no longer */
	/* 6 June 2003 was a Friday and a working day; 6 June 2005 a Monday and not. */
	assert_int_equal(date_weekday(D("2003-06-06")), SV_FRI);
	assert_true(cal_is_working_day(CAL_SE, D("2003-06-06")));
	assert_int_equal(date_weekday(D("2005-06-06")), SV_MON);
	assert_false(cal_is_working_day(CAL_SE, D("2005-06-06")));
	/* Friday 28 May 2004 + 1 working day: Sat 29, Sun 30 (pingstdagen), Mon 31
	 * (annandag pingst) are skipped -> Tue 1 June. Friday 13 May 2005 + 1:
	 * Mon 16 May works in 2005 -> 2005-05-16. Friday 3 June 2005 + 1: Mon 6
	 * June is nationaldagen -> Tue 7 June. */
	assert_string_equal(F(add_wd(CAL_SE, "2004-05-28", 1)), "2004-06-01");
	assert_string_equal(F(add_wd(CAL_SE, "2005-05-13", 1)), "2005-05-16");
	assert_string_equal(F(add_wd(CAL_SE, "2005-06-03", 1)), "2005-06-07");
}

/* CAL-3, Denmark 2023 and 2024. Easter 2023 = 9 April: skærtorsdag 6 April
 * (-3), langfredag 7 April, 2. påskedag 10 April, store bededag 5 May (+26:
 * 9 April + 21 = 30 April, + 5), Kristi himmelfartsdag 18 May (+39: + 21 =
 * 30 April, + 18), pinsedag 28 May (+49), 2. pinsedag 29 May. Easter 2024 =
 * 31 March: skærtorsdag 28 March, langfredag 29 March, 2. påskedag 1 April,
 * Kristi himmelfartsdag 9 May, pinsedag 19 May, 2. pinsedag 20 May; store
 * bededag is abolished from 2024 (CAL-3a). */
static void denmark_2023_and_2024(void **state)
{
	static const char *const want2023[] = {
	        "2023-01-01 nytårsdag",
	        "2023-04-06 skærtorsdag",
	        "2023-04-07 langfredag",
	        "2023-04-09 påskedag",
	        "2023-04-10 2. påskedag",
	        "2023-05-05 store bededag",
	        "2023-05-18 Kristi himmelfartsdag",
	        "2023-05-28 pinsedag",
	        "2023-05-29 2. pinsedag",
	        "2023-06-05 grundlovsdag",
	        "2023-12-24 juleaftensdag",
	        "2023-12-25 juledag",
	        "2023-12-26 2. juledag",
	        "2023-12-31 nytårsaftensdag",
	};
	static const char *const want2024[] = {
	        "2024-01-01 nytårsdag",       "2024-03-28 skærtorsdag",
	        "2024-03-29 langfredag",      "2024-03-31 påskedag",
	        "2024-04-01 2. påskedag",     "2024-05-09 Kristi himmelfartsdag",
	        "2024-05-19 pinsedag",        "2024-05-20 2. pinsedag",
	        "2024-06-05 grundlovsdag",    "2024-12-24 juleaftensdag",
	        "2024-12-25 juledag",         "2024-12-26 2. juledag",
	        "2024-12-31 nytårsaftensdag",
	};
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	size_t n = 0;

	assert_named_days(CAL_DK, 2023, want2023, sizeof(want2023) / sizeof(want2023[0]));
	assert_named_days(CAL_DK, 2024, want2024, sizeof(want2024) / sizeof(want2024[0]));
	/* store bededag 2023 is Friday 5 May; Friday 26 April 2024 (Easter 2024
	 * + 26) is an ordinary working day. */
	assert_false(cal_is_working_day(CAL_DK, D("2023-05-05")));
	assert_string_equal(cal_day_name(CAL_DK, D("2023-05-05")), "store bededag");
	assert_true(cal_is_working_day(CAL_DK, D("2024-04-26")));
	/* Sweden never had store bededag: 5 May 2023 works there. */
	assert_true(cal_is_working_day(CAL_SE, D("2023-05-05")));
	/* skærtorsdag is Danish only: Thursday 28 March 2024 works in Sweden. */
	assert_false(cal_is_working_day(CAL_DK, D("2024-03-28")));
	assert_true(cal_is_working_day(CAL_SE, D("2024-03-28")));
	/* grundlovsdag (Decision) Wednesday 5 June 2024 in Denmark only;
	 * nationaldagen Thursday 6 June 2024 in Sweden only. */
	assert_false(cal_is_working_day(CAL_DK, D("2024-06-05")));
	assert_true(cal_is_working_day(CAL_SE, D("2024-06-05")));
	assert_false(cal_is_working_day(CAL_SE, D("2024-06-06")));
	assert_true(cal_is_working_day(CAL_DK, D("2024-06-06")));
	/* Danish midsommer is no day off: Friday 21 June 2024 works. */
	assert_true(cal_is_working_day(CAL_DK, D("2024-06-21")));
	/* The Decision days are marked as such, the helligdage are not. */
	assert_ok(cal_named_days(CAL_DK, 2024, days, CAL_MAX_NAMED_DAYS, &n, NULL));
	for (size_t i = 0; i < n; i++) {
		bool want = !strcmp(days[i].name, "grundlovsdag") ||
		            !strcmp(days[i].name, "juleaftensdag") ||
		            !strcmp(days[i].name, "nytårsaftensdag");
		assert_int_equal(days[i].decision, want);
	}
	assert_ok(cal_named_days(CAL_SE, 2024, days, CAL_MAX_NAMED_DAYS, &n, NULL));
	for (size_t i = 0; i < n; i++)
		assert_false(days[i].decision);
}

/* Two named days on one date stay two entries, in the order of CAL-3. */
static void coinciding_named_days(void **state)
{
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	size_t n = 0, i;

	/* Easter 2008 = 23 March; + 39 = 23 March + 8 = 31 March, + 30 = 30
	 * April, + 1 = 1 May: Kristi himmelsfärdsdag is första maj. */
	assert_ok(cal_named_days(CAL_SE, 2008, days, CAL_MAX_NAMED_DAYS, &n, NULL));
	assert_int_equal(n, 16);
	for (i = 0; i < n && strcmp(days[i].name, "första maj"); i++)
		;
	assert_true(i + 1 < n);
	assert_string_equal(F(days[i].date), "2008-05-01");
	assert_string_equal(F(days[i + 1].date), "2008-05-01");
	assert_string_equal(days[i + 1].name, "Kristi himmelsfärdsdag");
	assert_string_equal(cal_day_name(CAL_SE, D("2008-05-01")), "första maj");
	/* Easter 2017 = 16 April; + 50 = 16 April + 14 = 30 April, + 31 = 31 May,
	 * + 5 = 5 June: 2. pinsedag is grundlovsdag, still 14 entries. */
	assert_ok(cal_named_days(CAL_DK, 2017, days, CAL_MAX_NAMED_DAYS, &n, NULL));
	assert_int_equal(n, 14);
	for (i = 0; i < n && strcmp(days[i].name, "2. pinsedag"); i++)
		;
	assert_true(i + 1 < n);
	assert_string_equal(F(days[i].date), "2017-06-05");
	assert_string_equal(days[i + 1].name, "grundlovsdag");
	assert_string_equal(F(days[i + 1].date), "2017-06-05");
}

/* CAL-3 working days: Monday-Friday and not named. */
static void working_days(void **state)
{
	/* An ordinary week: Mon 13 - Fri 17 May 2024 work, Sat 18 and Sun 19 do not. */
	for (sv_date d = D("2024-05-13"); d <= D("2024-05-17"); d++) {
		assert_true(cal_is_working_day(CAL_SE, d));
		assert_true(cal_is_working_day(CAL_DK, d));
	}
	assert_false(cal_is_working_day(CAL_SE, D("2024-05-18")));
	assert_false(cal_is_working_day(CAL_DK, D("2024-05-19")));
	/* Named days on a weekday. */
	assert_false(cal_is_working_day(CAL_SE, D("2024-01-01"))); /* nyårsdagen, Mon */
	assert_false(cal_is_working_day(CAL_SE, D("2025-01-06"))); /* trettondedag, Mon */
	assert_true(cal_is_working_day(CAL_DK, D("2025-01-06")));  /* not in Denmark */
	assert_false(cal_is_working_day(CAL_SE, D("2024-05-01"))); /* första maj, Wed */
	assert_true(cal_is_working_day(CAL_DK, D("2024-05-01")));  /* not in Denmark */
	assert_false(cal_is_working_day(CAL_SE, D("2024-05-09"))); /* Kristi himmelsfärd */
	assert_false(cal_is_working_day(CAL_DK, D("2024-05-20"))); /* 2. pinsedag, Mon */
	assert_true(cal_is_working_day(CAL_SE, D("2024-05-20")));  /* gone in SE since 2005 */
	assert_false(cal_is_working_day(CAL_SE, D("2024-12-24"))); /* julafton, Tue */
	assert_false(cal_is_working_day(CAL_DK, D("2024-12-31"))); /* nytårsaftensdag, Tue */
	assert_true(cal_is_working_day(CAL_SE, D("2024-12-27")));  /* Friday between */
	/* Names, and none on an ordinary day. */
	assert_string_equal(cal_day_name(CAL_DK, D("2024-03-28")), "skærtorsdag");
	assert_string_equal(cal_day_name(CAL_SE, D("2024-03-29")), "långfredagen");
	assert_string_equal(cal_day_name(CAL_DK, D("2024-03-29")), "langfredag");
	assert_null(cal_day_name(CAL_SE, D("2024-05-15")));
}

/* cal_next_working_day and CAL-4 roll forward. */
static void next_working_day_and_roll_forward(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	sv_date out = 0;

	/* A working day is its own next working day. */
	assert_string_equal(F(next_wd(CAL_SE, "2024-05-15")), "2024-05-15");
	/* Saturday 18 May 2024 -> Monday 20 May in Sweden; in Denmark the Monday
	 * is 2. pinsedag (Easter 31 March + 50) -> Tuesday 21 May. */
	assert_string_equal(F(next_wd(CAL_SE, "2024-05-18")), "2024-05-20");
	assert_string_equal(F(next_wd(CAL_DK, "2024-05-18")), "2024-05-21");
	/* långfredagen 29 March 2024 -> Sat, Sun (påskdagen), Mon 1 April
	 * (annandag påsk) are skipped -> Tuesday 2 April; the same in Denmark
	 * from skærtorsdag 28 March. */
	assert_string_equal(F(next_wd(CAL_SE, "2024-03-29")), "2024-04-02");
	assert_string_equal(F(next_wd(CAL_DK, "2024-03-28")), "2024-04-02");
	/* julafton Tue 24 Dec 2024 -> 25, 26 named -> Friday 27 Dec. */
	assert_string_equal(F(next_wd(CAL_SE, "2024-12-24")), "2024-12-27");
	assert_string_equal(F(next_wd(CAL_DK, "2024-12-24")), "2024-12-27");

	/* CAL-4 with KV-32: the monthly report for March 2024 is due the 7th of
	 * April, a Sunday -> moves to Monday 8 April. */
	assert_int_equal(date_weekday(D("2024-04-07")), SV_SUN);
	assert_ok(cal_roll_forward(CAL_SE, D("2024-04-07"), &out, "due", &e));
	assert_string_equal(F(out), "2024-04-08");
	/* CAL-2 then CAL-4: 14 calendar days from Tuesday 17 Dec 2024 is Tuesday
	 * 31 Dec (17 + 14), nyårsafton / nytårsaftensdag; 1 Jan 2025 is named ->
	 * Thursday 2 January 2025 in both countries. */
	assert_ok(cal_roll_forward(CAL_SE, D("2024-12-17") + 14, &out, "due", &e));
	assert_string_equal(F(out), "2025-01-02");
	assert_ok(cal_roll_forward(CAL_DK, D("2024-12-17") + 14, &out, "due", &e));
	assert_string_equal(F(out), "2025-01-02");
	/* A deadline on a working day stays. */
	assert_ok(cal_roll_forward(CAL_DK, D("2024-06-07"), &out, "due", &e));
	assert_string_equal(F(out), "2024-06-07");
	/* Past the range: the error cites CAL-4 and names the field. */
	out = 0;
	assert_rc(cal_roll_forward(CAL_SE, D("2199-12-31"), &out, "due", &e), SV_ERANGE);
	assert_string_equal(e.field, "due");
	assert_string_equal(e.rule, "CAL-4");
	assert_int_equal(out, 0);
}

/* cal_add_working_days across Easter, midsommar and Christmas. */
static void add_working_days_across_holidays(void **state)
{
	/* Easter 2024 from Wednesday 27 March + 3. Sweden: Thu 28 (1), Fri 29
	 * långfredagen, Sat, Sun, Mon 1 April annandag påsk, Tue 2 (2), Wed 3 (3)
	 * -> 2024-04-03. Denmark: Thu 28 skærtorsdag too, so Tue 2 (1), Wed 3 (2),
	 * Thu 4 (3) -> 2024-04-04. */
	assert_string_equal(F(add_wd(CAL_SE, "2024-03-27", 3)), "2024-04-03");
	assert_string_equal(F(add_wd(CAL_DK, "2024-03-27", 3)), "2024-04-04");
	/* Midsommar 2024 from Wednesday 19 June + 2. Sweden: Thu 20 (1), Fri 21
	 * midsommarafton, Sat 22, Sun 23, Mon 24 (2) -> 2024-06-24. Denmark: Thu
	 * 20 (1), Fri 21 (2) -> 2024-06-21. */
	assert_string_equal(F(add_wd(CAL_SE, "2024-06-19", 2)), "2024-06-24");
	assert_string_equal(F(add_wd(CAL_DK, "2024-06-19", 2)), "2024-06-21");
	/* Christmas 2024 from Friday 20 Dec + 6. Both: Mon 23 (1), 24/25/26
	 * named, Fri 27 (2), Mon 30 (3), Tue 31 named, Wed 1 Jan named, Thu 2 (4),
	 * Fri 3 (5). Then Monday 6 January 2025: trettondedag jul in Sweden ->
	 * Tue 7 (6); an ordinary Monday in Denmark -> Mon 6 (6). */
	assert_string_equal(F(add_wd(CAL_SE, "2024-12-20", 5)), "2025-01-03");
	assert_string_equal(F(add_wd(CAL_DK, "2024-12-20", 5)), "2025-01-03");
	assert_string_equal(F(add_wd(CAL_SE, "2024-12-20", 6)), "2025-01-07");
	assert_string_equal(F(add_wd(CAL_DK, "2024-12-20", 6)), "2025-01-06");
	/* CAL-2 seed 002 §8.3, "inom en vecka, motsvarande fem arbetsdagar": from
	 * Monday 13 May 2024 + 5 = Mon 20 May in Sweden; in Denmark Mon 20 May is
	 * 2. pinsedag -> Tue 21 May. */
	assert_string_equal(F(add_wd(CAL_SE, "2024-05-13", 5)), "2024-05-20");
	assert_string_equal(F(add_wd(CAL_DK, "2024-05-13", 5)), "2024-05-21");
	/* store bededag: Thursday 4 May 2023 + 1 in Denmark skips Fri 5 May ->
	 * Mon 8 May; in 2024 the Friday after Easter + 25 (Thu 25 April) works. */
	assert_string_equal(F(add_wd(CAL_DK, "2023-05-04", 1)), "2023-05-08");
	assert_string_equal(F(add_wd(CAL_DK, "2024-04-25", 1)), "2024-04-26");
	/* n = 0 is the next working day; the start day itself never counts. */
	assert_string_equal(F(add_wd(CAL_SE, "2024-12-24", 0)), "2024-12-27");
	assert_string_equal(F(add_wd(CAL_SE, "2024-05-15", 0)), "2024-05-15");
	assert_string_equal(F(add_wd(CAL_SE, "2024-05-15", 1)), "2024-05-16");
	/* From a Saturday, 1 working day is the Monday. */
	assert_string_equal(F(add_wd(CAL_SE, "2024-05-11", 1)), "2024-05-13");
	/* A whole year: 2024 has 366 = 52 * 7 + 2 days from Monday 1 January,
	 * 52 whole weeks to Sun 29 Dec plus Mon 30 and Tue 31 Dec: 52 * 5 + 2 =
	 * 262 weekdays. Named weekdays in Sweden 2024: 1 Jan, 29 Mar, 1 Apr,
	 * 1 May, 9 May, 6 Jun, 21 Jun, 24, 25, 26 and 31 Dec = 11 (6 Jan, 31 Mar,
	 * 19 May, 22 Jun, 2 Nov are weekend days) -> 251 working days. The 251st
	 * working day after 31 Dec 2023 is the last of 2024, Monday 30 Dec; the
	 * 252nd skips 31 Dec and 1 Jan -> Thursday 2 January 2025. */
	assert_string_equal(F(add_wd(CAL_SE, "2023-12-31", 251)), "2024-12-30");
	assert_string_equal(F(add_wd(CAL_SE, "2023-12-31", 252)), "2025-01-02");
}

static void bad_input_is_rejected(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	enum cal_country c = CAL_DK;
	sv_date out = D("2000-01-01");
	size_t n = 0;
	static const char *const bad[] = {"se", "dk", "SWE", "S", "", "DE", "NO", "SE "};

	/* Countries: exactly "SE" or "DK". */
	assert_ok(cal_country_parse("SE", 2, &c, "country", NULL));
	assert_int_equal(c, CAL_SE);
	assert_ok(cal_country_parse("DKx", 2, &c, "country", NULL)); /* len counts */
	assert_int_equal(c, CAL_DK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sv_error_clear(&e);
		assert_rc(cal_country_parse(bad[i], strlen(bad[i]), &c, "--country", &e),
		          SV_EINVAL);
		assert_string_equal(e.field, "--country");
		assert_string_equal(e.rule, "CAL-3");
	}
	assert_rc(cal_country_parse(NULL, 0, &c, "country", NULL), SV_EINVAL);
	assert_string_equal(cal_country_code(CAL_SE), "SE");
	assert_string_equal(cal_country_code(CAL_DK), "DK");
	assert_string_equal(cal_country_code((enum cal_country)7), "??");
	/* A value outside the enum is no country. */
	sv_error_clear(&e);
	assert_rc(cal_named_days((enum cal_country)7, 2024, days, 16, &n, &e), SV_EINVAL);
	assert_string_equal(e.rule, "CAL-3");
	assert_rc(cal_next_working_day((enum cal_country) - 1, D("2024-01-02"), &out, NULL, NULL),
	          SV_EINVAL);
	assert_rc(cal_add_working_days(CAL_COUNTRY_COUNT, D("2024-01-02"), 1, &out, NULL, NULL),
	          SV_EINVAL);
	assert_false(cal_is_working_day((enum cal_country)7, D("2024-01-02")));
	assert_null(cal_day_name((enum cal_country)7, D("2024-01-01")));
	/* Negative n. */
	sv_error_clear(&e);
	assert_rc(cal_add_working_days(CAL_SE, D("2024-01-02"), -1, &out, "N", &e), SV_EINVAL);
	assert_string_equal(e.field, "N");
	assert_string_equal(e.rule, "CAL-3");
	assert_string_equal(F(out), "2000-01-01"); /* untouched */
	/* Too small an output array: ENOMEM, the count needed, out untouched. */
	days[0].date = 0;
	assert_rc(cal_named_days(CAL_SE, 2024, days, 3, &n, NULL), SV_ENOMEM);
	assert_int_equal(n, 16);
	assert_int_equal(days[0].date, 0);
}

/* The supported range is 1900-01-01 .. 2199-12-31 (CAL-3). */
static void range_is_enforced(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	sv_date out = 0;
	size_t n = 0;

	assert_ok(cal_check_year(1900, "YEAR", NULL));
	assert_ok(cal_check_year(2199, "YEAR", NULL));
	assert_rc(cal_check_year(1899, "YEAR", &e), SV_ERANGE);
	assert_string_equal(e.field, "YEAR");
	assert_string_equal(e.rule, "CAL-3");
	assert_rc(cal_check_year(2200, "YEAR", NULL), SV_ERANGE);
	assert_rc(cal_check_year(INT_MIN, "YEAR", NULL), SV_ERANGE);
	assert_rc(cal_named_days(CAL_SE, 1899, days, 16, &n, NULL), SV_ERANGE);
	assert_rc(cal_named_days(CAL_DK, 2200, days, 16, &n, NULL), SV_ERANGE);
	assert_ok(cal_named_days(CAL_DK, 2199, days, 16, &n, NULL));

	assert_ok(cal_check_date(D("1900-01-01"), "DATE", NULL));
	assert_ok(cal_check_date(D("2199-12-31"), "DATE", NULL));
	sv_error_clear(&e);
	assert_rc(cal_check_date(D("1899-12-31"), "DATE", &e), SV_ERANGE);
	assert_string_equal(e.field, "DATE");
	assert_string_equal(e.rule, "CAL-3");
	assert_non_null(strstr(e.msg, "1899-12-31"));
	assert_rc(cal_check_date(D("2200-01-01"), "DATE", NULL), SV_ERANGE);
	assert_rc(cal_check_date(INT32_MIN, "DATE", NULL), SV_ERANGE);
	assert_rc(cal_check_date(INT32_MAX, "DATE", NULL), SV_ERANGE);
	/* Outside the range no day is a working day and none has a name. */
	assert_int_equal(date_weekday(D("1899-12-29")), SV_FRI);
	assert_false(cal_is_working_day(CAL_SE, D("1899-12-29")));
	assert_false(cal_is_working_day(CAL_SE, D("2200-01-02")));
	assert_false(cal_is_working_day(CAL_DK, INT32_MAX));
	assert_false(cal_is_working_day(CAL_DK, INT32_MIN));
	assert_null(cal_day_name(CAL_SE, D("2200-01-01")));
	/* 1 January 1900 was a Monday and nyårsdagen: the first working day of the
	 * range is Tuesday 2 January 1900. */
	assert_string_equal(F(next_wd(CAL_SE, "1900-01-01")), "1900-01-02");
	/* Tuesday 31 Dec 2199 is nyårsafton / nytårsaftensdag: its next working
	 * day lies in 2200, outside the range. Monday 30 Dec 2199 works. */
	assert_rc(cal_next_working_day(CAL_SE, D("2199-12-31"), &out, "DATE", NULL), SV_ERANGE);
	assert_rc(cal_next_working_day(CAL_DK, D("2199-12-31"), &out, "DATE", NULL), SV_ERANGE);
	assert_rc(cal_next_working_day(CAL_SE, D("1899-12-31"), &out, "DATE", NULL), SV_ERANGE);
	assert_string_equal(F(next_wd(CAL_SE, "2199-12-30")), "2199-12-30");
	/* From Monday 23 Dec 2199: Tue 24, Wed 25, Thu 26 are named, Fri 27 (1),
	 * Sat, Sun, Mon 30 (2), Tue 31 nyårsafton, so + 3 would lie in 2200. */
	assert_string_equal(F(add_wd(CAL_SE, "2199-12-23", 1)), "2199-12-27");
	assert_string_equal(F(add_wd(CAL_SE, "2199-12-23", 2)), "2199-12-30");
	sv_error_clear(&e);
	assert_rc(cal_add_working_days(CAL_SE, D("2199-12-23"), 3, &out, "N", &e), SV_ERANGE);
	assert_string_equal(e.field, "N");
	assert_rc(cal_add_working_days(CAL_SE, D("1900-01-01"), INT_MAX, &out, "N", NULL),
	          SV_ERANGE);
	assert_rc(cal_add_working_days(CAL_SE, D("1899-12-31"), 1, &out, "N", NULL), SV_ERANGE);
	assert_rc(cal_add_working_days(CAL_SE, INT32_MAX, 1, &out, "N", NULL), SV_ERANGE);
}

/*
 * The second computation of CAL-3: the named days of one year in the order
 * CAL-3 lists them, movable days from the almanac's Easter by offsets, the
 * Saturdays of the windows found by walking the window.
 */
struct expect {
	sv_date date;
	const char *name;
};

static sv_date saturday_from(int y, int m, int d)
{
	sv_date s = date_from_ymd(y, m, d);
	while (date_weekday(s) != SV_SAT)
		s++;
	return s;
}

static size_t expected_days(enum cal_country c, int y, struct expect *out)
{
	sv_date e = almanac(y);
	size_t n = 0;

#define ADD(d, nm) (out[n].date = (d), out[n].name = (nm), n++)
	if (c == CAL_SE) {
		ADD(date_from_ymd(y, 1, 1), "nyårsdagen");
		ADD(date_from_ymd(y, 1, 6), "trettondedag jul");
		ADD(e - 2, "långfredagen");
		ADD(e, "påskdagen");
		ADD(e + 1, "annandag påsk");
		ADD(date_from_ymd(y, 5, 1), "första maj");
		ADD(e + 39, "Kristi himmelsfärdsdag");
		ADD(e + 49, "pingstdagen");
		if (y <= 2004)
			ADD(e + 50, "annandag pingst");
		else
			ADD(date_from_ymd(y, 6, 6), "nationaldagen");
		ADD(saturday_from(y, 6, 20) - 1, "midsommarafton");
		ADD(saturday_from(y, 6, 20), "midsommardagen");
		ADD(saturday_from(y, 10, 31), "alla helgons dag");
		ADD(date_from_ymd(y, 12, 24), "julafton");
		ADD(date_from_ymd(y, 12, 25), "juldagen");
		ADD(date_from_ymd(y, 12, 26), "annandag jul");
		ADD(date_from_ymd(y, 12, 31), "nyårsafton");
	} else {
		ADD(date_from_ymd(y, 1, 1), "nytårsdag");
		ADD(e - 3, "skærtorsdag");
		ADD(e - 2, "langfredag");
		ADD(e, "påskedag");
		ADD(e + 1, "2. påskedag");
		if (y <= 2023)
			ADD(e + 26, "store bededag");
		ADD(e + 39, "Kristi himmelfartsdag");
		ADD(e + 49, "pinsedag");
		ADD(e + 50, "2. pinsedag");
		ADD(date_from_ymd(y, 6, 5), "grundlovsdag");
		ADD(date_from_ymd(y, 12, 24), "juleaftensdag");
		ADD(date_from_ymd(y, 12, 25), "juledag");
		ADD(date_from_ymd(y, 12, 26), "2. juledag");
		ADD(date_from_ymd(y, 12, 31), "nytårsaftensdag");
	}
#undef ADD
	return n;
}

static void named_days_2000_2040_second_computation(void **state)
{
	for (int c = 0; c < CAL_COUNTRY_COUNT; c++) {
		for (int y = 2000; y <= 2040; y++) {
			struct expect want[CAL_MAX_NAMED_DAYS];
			struct cal_day got[CAL_MAX_NAMED_DAYS];
			size_t n = expected_days((enum cal_country)c, y, want), count = 0;

			assert_ok(cal_named_days((enum cal_country)c, y, got, CAL_MAX_NAMED_DAYS,
			                         &count, NULL));
			assert_int_equal(count, n);
			/* Each expected day is in the answer at a position no earlier
			 * than that of any earlier date: compare as sorted lists by
			 * picking, for each answer entry, the matching expected one. */
			for (size_t i = 0; i < n; i++) {
				size_t j;
				for (j = 0; j < n; j++)
					if (want[j].name && want[j].date == got[i].date &&
					    !strcmp(want[j].name, got[i].name))
						break;
				if (j == n)
					fail_msg("%s %d: unexpected %s %s", cal_country_code(c), y,
					         F(got[i].date), got[i].name);
				want[j].name = NULL; /* each expected day matches once */
				if (i > 0)
					assert_true(got[i - 1].date <= got[i].date);
			}
		}
	}
}

/* Over the whole range 1900-2199, both countries. */
static void round_trips_1900_2199(void **state)
{
	const sv_date end = D("2199-12-31");

	for (int c = 0; c < CAL_COUNTRY_COUNT; c++) {
		sv_date prev_next = INT32_MIN;

		for (int y = CAL_MIN_YEAR; y <= CAL_MAX_YEAR; y++) {
			struct cal_day days[CAL_MAX_NAMED_DAYS];
			sv_date first = date_from_ymd(y, 1, 1), last = date_from_ymd(y, 12, 31);
			size_t n = 0, k = 0;
			/* CAL-3 / CAL-3a: Sweden 16 every year (annandag pingst
			 * up to 2004 gives way to nationaldagen from 2005);
			 * Denmark 14 up to 2023, 13 from 2024. */
			size_t want = c == CAL_SE ? 16 : y <= 2023 ? 14 : 13;

			assert_ok(cal_named_days((enum cal_country)c, y, days, CAL_MAX_NAMED_DAYS,
			                         &n, NULL));
			assert_int_equal(n, want);
			for (size_t i = 0; i < n; i++) {
				assert_true(days[i].date >= first && days[i].date <= last);
				assert_true(i == 0 || days[i - 1].date <= days[i].date);
				assert_non_null(cal_day_name((enum cal_country)c, days[i].date));
			}
			/* Every day of the year: working exactly when Mon-Fri and not in
			 * the list (two code paths: the list builds dates from the
			 * rules, the test matches a date against them). */
			for (sv_date d = first; d <= last; d++) {
				bool named = false;
				while (k < n && days[k].date < d)
					k++;
				for (size_t i = k; i < n && days[i].date == d; i++)
					named = true;
				assert_int_equal(cal_is_working_day((enum cal_country)c, d),
				                 date_weekday(d) <= SV_FRI && !named);
				assert_int_equal(cal_day_name((enum cal_country)c, d) != NULL,
				                 named);
			}
			/* next_working_day of every day is a working day, nothing
			 * in between is; prev_next checks monotonicity. */
			for (sv_date d = first; d <= last; d++) {
				sv_date nx = 0;
				if (d == end)
					break; /* its next working day lies in 2200 */
				assert_ok(cal_next_working_day((enum cal_country)c, d, &nx, NULL,
				                               NULL));
				assert_true(nx >= d && nx - d <= 6);
				assert_true(cal_is_working_day((enum cal_country)c, nx));
				for (sv_date x = d; x < nx; x++)
					assert_false(cal_is_working_day((enum cal_country)c, x));
				assert_true(nx >= prev_next);
				prev_next = nx;
			}
		}
	}
}

/* add_working_days(d, n) agrees with n steps of "next working day after". */
static void add_working_days_steps(void **state)
{
	for (int c = 0; c < CAL_COUNTRY_COUNT; c++) {
		for (sv_date d = D("2023-12-01"); d <= D("2025-01-31"); d++) {
			sv_date step = d, got = 0;
			for (int n = 1; n <= 12; n++) {
				assert_ok(cal_next_working_day((enum cal_country)c, step + 1, &step,
				                               NULL, NULL));
				assert_ok(cal_add_working_days((enum cal_country)c, d, n, &got,
				                               NULL, NULL));
				assert_int_equal(got, step);
			}
		}
	}
}

/* struct cal: the bitmap answers exactly as the computation, in and outside
 * the years it was built for. */
static void bitmap_matches_computation(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct cal cal = CAL_INIT;

	for (int c = 0; c < CAL_COUNTRY_COUNT; c++) {
		assert_ok(cal_init(&cal, (enum cal_country)c, CAL_MIN_YEAR, CAL_MAX_YEAR, NULL));
		for (sv_date d = D("1899-12-01"); d <= D("2200-01-31"); d++)
			assert_int_equal(cal_working(&cal, d),
			                 cal_is_working_day((enum cal_country)c, d));
		cal_release(&cal);
	}
	/* Built for 2024-2025 only: inside from the bitmap, outside computed. */
	assert_ok(cal_init(&cal, CAL_SE, 2024, 2025, NULL));
	assert_false(cal_working(&cal, D("2024-06-21"))); /* midsommarafton */
	assert_true(cal_working(&cal, D("2024-06-20")));  /* Thursday */
	assert_false(cal_working(&cal, D("2023-12-25"))); /* juldagen, before */
	assert_true(cal_working(&cal, D("2026-01-07")));  /* Wednesday, after */
	assert_false(cal_working(&cal, D("2026-01-06"))); /* trettondedag, after */
	assert_false(cal_working(&cal, INT32_MAX));
	cal_release(&cal);
	cal_release(&cal); /* twice is harmless */
	/* An empty (released) bitmap still answers by computation. */
	assert_false(cal_working(&cal, D("2024-06-21")));
	assert_true(cal_working(&cal, D("2024-06-20")));
	/* Bad builds leave it empty and say why. */
	assert_rc(cal_init(&cal, CAL_DK, 1899, 2024, &e), SV_ERANGE);
	assert_string_equal(e.field, "first_year");
	assert_string_equal(e.rule, "CAL-3");
	assert_null(cal.bits);
	assert_rc(cal_init(&cal, CAL_DK, 2024, 2200, NULL), SV_ERANGE);
	sv_error_clear(&e);
	assert_rc(cal_init(&cal, CAL_DK, 2025, 2024, &e), SV_EINVAL);
	assert_string_equal(e.field, "last_year");
	assert_rc(cal_init(&cal, (enum cal_country)5, 2024, 2024, NULL), SV_EINVAL);
	assert_null(cal.bits);
	assert_false(cal_working(&cal, D("2024-06-20")));
	cal_release(&cal);
	/* One year: Danish 2023 has store bededag, Friday 5 May. */
	assert_ok(cal_init(&cal, CAL_DK, 2023, 2023, NULL));
	assert_false(cal_working(&cal, D("2023-05-05")));
	assert_true(cal_working(&cal, D("2023-05-04")));
	cal_release(&cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(easter_matches_almanac_2000_2040),
	        cmocka_unit_test(easter_matches_gauss_1900_2199),
	        cmocka_unit_test(sweden_2024),
	        cmocka_unit_test(sweden_saturday_windows),
	        cmocka_unit_test(sweden_2004_and_2005),
	        cmocka_unit_test(denmark_2023_and_2024),
	        cmocka_unit_test(coinciding_named_days),
	        cmocka_unit_test(working_days),
	        cmocka_unit_test(next_working_day_and_roll_forward),
	        cmocka_unit_test(add_working_days_across_holidays),
	        cmocka_unit_test(bad_input_is_rejected),
	        cmocka_unit_test(range_is_enforced),
	        cmocka_unit_test(named_days_2000_2040_second_computation),
	        cmocka_unit_test(round_trips_1900_2199),
	        cmocka_unit_test(add_working_days_steps),
	        cmocka_unit_test(bitmap_matches_computation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
