/*
 * Working-day calendars of Sweden and Denmark (CAL-3, CAL-3a, CAL-4).
 *
 * Each country is one constant table of rules, in the order CAL-3 lists the
 * days. A rule says how to find its date in a year (a fixed day, an offset
 * from Easter Sunday, or a weekday within a seven-day window) and the years
 * it is valid in (CAL-3a). The list of named days and the working-day test
 * are both answered from these tables, so they cannot disagree. See
 * docs/internals/calendar.md for the design and the rule sources.
 */
#include "stegvis/calendar.h"

#include <stdlib.h>
#include <string.h>

enum rule_kind {
	RULE_FIXED,   /* month/day every year */
	RULE_EASTER,  /* Easter Sunday + offset days */
	RULE_WEEKDAY, /* the weekday in the 7 days from month/day, + offset days */
};

struct rule {
	unsigned char kind;    /* enum rule_kind */
	unsigned char month;   /* RULE_FIXED, RULE_WEEKDAY */
	unsigned char day;     /* RULE_FIXED; RULE_WEEKDAY: first day of the window */
	unsigned char weekday; /* RULE_WEEKDAY: the enum sv_weekday sought */
	short offset;          /* days added: from Easter, or from the weekday found */
	short from, to;        /* years of validity, inclusive (CAL-3a) */
	bool decision;         /* non-working by a Decision of CAL-3 */
	const char *name;
};

/* Years of validity of a rule that has not changed within the range. */
#define ANY CAL_MIN_YEAR
#define ON  CAL_MAX_YEAR

/*
 * Sweden: Lag (1989:253) om allmänna helgdagar, as amended by SFS 2004:1320
 * (nationaldagen a holiday and annandag pingst none from 2005), and the eves
 * that Lag (1930:173) om beräkning av lagstadgad tid § 2 treats like holidays.
 * midsommarafton is the Friday before midsommardagen, the Saturday of 20-26
 * June; alla helgons dag is the Saturday of 31 October - 6 November.
 */
// clang-format off
static const struct rule se_rules[] = {
	/* kind          mon day weekday off  from  to    decision name */
	{RULE_FIXED,     1,  1,  0,      0,   ANY,  ON,   false, "nyårsdagen"},
	{RULE_FIXED,     1,  6,  0,      0,   ANY,  ON,   false, "trettondedag jul"},
	{RULE_EASTER,    0,  0,  0,      -2,  ANY,  ON,   false, "långfredagen"},
	{RULE_EASTER,    0,  0,  0,      0,   ANY,  ON,   false, "påskdagen"},
	{RULE_EASTER,    0,  0,  0,      1,   ANY,  ON,   false, "annandag påsk"},
	{RULE_FIXED,     5,  1,  0,      0,   ANY,  ON,   false, "första maj"},
	{RULE_EASTER,    0,  0,  0,      39,  ANY,  ON,   false, "Kristi himmelsfärdsdag"},
	{RULE_EASTER,    0,  0,  0,      49,  ANY,  ON,   false, "pingstdagen"},
	{RULE_EASTER,    0,  0,  0,      50,  ANY,  2004, false, "annandag pingst"},
	{RULE_FIXED,     6,  6,  0,      0,   2005, ON,   false, "nationaldagen"},
	{RULE_WEEKDAY,   6,  20, SV_SAT, -1,  ANY,  ON,   false, "midsommarafton"},
	{RULE_WEEKDAY,   6,  20, SV_SAT, 0,   ANY,  ON,   false, "midsommardagen"},
	{RULE_WEEKDAY,   10, 31, SV_SAT, 0,   ANY,  ON,   false, "alla helgons dag"},
	{RULE_FIXED,     12, 24, 0,      0,   ANY,  ON,   false, "julafton"},
	{RULE_FIXED,     12, 25, 0,      0,   ANY,  ON,   false, "juldagen"},
	{RULE_FIXED,     12, 26, 0,      0,   ANY,  ON,   false, "annandag jul"},
	{RULE_FIXED,     12, 31, 0,      0,   ANY,  ON,   false, "nyårsafton"},
};
// clang-format on

/*
 * Denmark: the helligdage (folkekirkens helligdage); store bededag stopped
 * being one from 2024 by the act adopted in 2023. grundlovsdag, juleaftensdag
 * and nytårsaftensdag are days off by agreement in public offices (CAL-3
 * Decision).
 */
// clang-format off
static const struct rule dk_rules[] = {
	/* kind          mon day weekday off  from  to    decision name */
	{RULE_FIXED,     1,  1,  0,      0,   ANY,  ON,   false, "nytårsdag"},
	{RULE_EASTER,    0,  0,  0,      -3,  ANY,  ON,   false, "skærtorsdag"},
	{RULE_EASTER,    0,  0,  0,      -2,  ANY,  ON,   false, "langfredag"},
	{RULE_EASTER,    0,  0,  0,      0,   ANY,  ON,   false, "påskedag"},
	{RULE_EASTER,    0,  0,  0,      1,   ANY,  ON,   false, "2. påskedag"},
	{RULE_EASTER,    0,  0,  0,      26,  ANY,  2023, false, "store bededag"},
	{RULE_EASTER,    0,  0,  0,      39,  ANY,  ON,   false, "Kristi himmelfartsdag"},
	{RULE_EASTER,    0,  0,  0,      49,  ANY,  ON,   false, "pinsedag"},
	{RULE_EASTER,    0,  0,  0,      50,  ANY,  ON,   false, "2. pinsedag"},
	{RULE_FIXED,     6,  5,  0,      0,   ANY,  ON,   true,  "grundlovsdag"},
	{RULE_FIXED,     12, 24, 0,      0,   ANY,  ON,   true,  "juleaftensdag"},
	{RULE_FIXED,     12, 25, 0,      0,   ANY,  ON,   false, "juledag"},
	{RULE_FIXED,     12, 26, 0,      0,   ANY,  ON,   false, "2. juledag"},
	{RULE_FIXED,     12, 31, 0,      0,   ANY,  ON,   true,  "nytårsaftensdag"},
};
// clang-format on

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *code;
	const struct rule *rules;
	size_t n;
} countries[CAL_COUNTRY_COUNT] = {
        [CAL_SE] = {"SE", se_rules, COUNT(se_rules)},
        [CAL_DK] = {"DK", dk_rules, COUNT(dk_rules)},
};

/* Day numbers of the first and last supported day: 1900-01-01 and
 * 2199-12-31 (checked against date_from_ymd in the unit tests). */
#define FIRST_DAY (-25567)
#define LAST_DAY  84005

static bool country_ok(enum cal_country c)
{
	return (unsigned)c < CAL_COUNTRY_COUNT;
}

static bool in_range(sv_date d)
{
	return d >= FIRST_DAY && d <= LAST_DAY;
}

const char *cal_country_code(enum cal_country c)
{
	return country_ok(c) ? countries[c].code : "??";
}

enum sv_rc cal_country_parse(const char *s, size_t len, enum cal_country *out, const char *field,
                             struct sv_error *err)
{
	for (int c = 0; c < CAL_COUNTRY_COUNT; c++) {
		if (s && len == 2 && !memcmp(s, countries[c].code, 2)) {
			*out = (enum cal_country)c;
			return SV_OK;
		}
	}
	return sv_error_set(err, SV_EINVAL, field, "CAL-3",
	                    "expected a country SE or DK, got \"%.*s\"", (int)(len > 16 ? 16 : len),
	                    s ? s : "");
}

enum sv_rc cal_check_year(int year, const char *field, struct sv_error *err)
{
	if (year >= CAL_MIN_YEAR && year <= CAL_MAX_YEAR)
		return SV_OK;
	return sv_error_set(err, SV_ERANGE, field, "CAL-3",
	                    "year %d is outside the supported years %d-%d", year, CAL_MIN_YEAR,
	                    CAL_MAX_YEAR);
}

enum sv_rc cal_check_date(sv_date d, const char *field, struct sv_error *err)
{
	char s[SV_DATE_STRLEN];

	if (in_range(d))
		return SV_OK;
	/* date_format is only meaningful for years 1-9999. */
	if (d >= date_from_ymd(SV_DATE_MIN_YEAR, 1, 1) &&
	    d <= date_from_ymd(SV_DATE_MAX_YEAR, 12, 31))
		date_format(d, s);
	else
		memcpy(s, "?", 2);
	return sv_error_set(err, SV_ERANGE, field, "CAL-3",
	                    "%s is outside the supported years %d-%d", s, CAL_MIN_YEAR,
	                    CAL_MAX_YEAR);
}

sv_date cal_easter(int y)
{
	/* The Gregorian computus in the arithmetic form of Meeus, "Astronomical
	 * Algorithms", ch. 8 (the "anonymous Gregorian algorithm"). */
	int a = y % 19; /* place in the 19-year Metonic cycle */
	int b = y / 100, c = y % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;                /* lunar correction */
	int h = (19 * a + b - d - g + 15) % 30; /* epact-related: days to the full moon */
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7; /* days from the full moon to Sunday */
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;

	return date_from_ymd(y, n / 31, n % 31 + 1);
}

/* Weekday of Easter Sunday + off. */
static enum sv_weekday easter_weekday(int off)
{
	return (enum sv_weekday)((off % 7 + 7 + 6) % 7 + 1);
}

/* The date of rule r in year y; Easter is computed on first need and kept in
 * *easter for the next rule (*have_easter tells whether it is there). */
static sv_date rule_date(const struct rule *r, int y, sv_date *easter, bool *have_easter)
{
	sv_date s;

	switch ((enum rule_kind)r->kind) {
	case RULE_FIXED:
		return date_from_ymd(y, r->month, r->day);
	case RULE_EASTER:
		if (!*have_easter) {
			*easter = cal_easter(y);
			*have_easter = true;
		}
		return *easter + r->offset;
	case RULE_WEEKDAY:
		s = date_from_ymd(y, r->month, r->day);
		return s + ((int)r->weekday - (int)date_weekday(s) + 7) % 7 + r->offset;
	}
	return 0; /* not reached: every kind is handled above */
}

static bool valid_in(const struct rule *r, int y)
{
	return y >= r->from && y <= r->to;
}

/*
 * The first rule of c whose date is d, or NULL. d must be in range. Rules that
 * cannot fall on d's weekday or month are rejected without computing a date,
 * so Easter is computed only for a plausible Easter-based day.
 */
static const struct rule *match(enum cal_country c, sv_date d, enum sv_weekday wd)
{
	const struct rule *r = countries[c].rules, *end = r + countries[c].n;
	int y, m, day;
	sv_date easter = 0;
	bool have_easter = false;

	date_to_ymd(d, &y, &m, &day);
	for (; r < end; r++) {
		if (!valid_in(r, y))
			continue;
		switch ((enum rule_kind)r->kind) {
		case RULE_FIXED:
			if (r->month == m && r->day == day)
				return r;
			break;
		case RULE_EASTER:
			/* Easter-based days lie between 19 March (Easter - 3) and 14 June
			 * (Easter + 50), and each falls on one weekday. */
			if (m >= 3 && m <= 6 && easter_weekday(r->offset) == wd &&
			    rule_date(r, y, &easter, &have_easter) == d)
				return r;
			break;
		case RULE_WEEKDAY:
			if ((int)((r->weekday - 1 + r->offset % 7 + 7) % 7 + 1) == (int)wd &&
			    rule_date(r, y, &easter, &have_easter) == d)
				return r;
			break;
		}
	}
	return NULL;
}

bool cal_is_working_day(enum cal_country c, sv_date d)
{
	enum sv_weekday wd;

	if (!country_ok(c) || !in_range(d))
		return false;
	wd = date_weekday(d);
	if (wd >= SV_SAT)
		return false;
	return match(c, d, wd) == NULL;
}

const char *cal_day_name(enum cal_country c, sv_date d)
{
	const struct rule *r;

	if (!country_ok(c) || !in_range(d))
		return NULL;
	r = match(c, d, date_weekday(d));
	return r ? r->name : NULL;
}

static enum sv_rc bad_country(enum cal_country c, struct sv_error *err)
{
	return sv_error_set(err, SV_EINVAL, "country", "CAL-3", "no such country (%d)", (int)c);
}

enum sv_rc cal_named_days(enum cal_country c, int year, struct cal_day *out, size_t max,
                          size_t *count, struct sv_error *err)
{
	struct cal_day days[COUNT(se_rules) > COUNT(dk_rules) ? COUNT(se_rules) : COUNT(dk_rules)];
	sv_date easter = 0;
	bool have_easter = false;
	size_t n = 0;
	enum sv_rc rc;

	if (!country_ok(c))
		return bad_country(c, err);
	rc = cal_check_year(year, "year", err);
	if (rc)
		return rc;
	for (size_t i = 0; i < countries[c].n; i++) {
		const struct rule *r = &countries[c].rules[i];
		struct cal_day day;
		size_t j;

		if (!valid_in(r, year))
			continue;
		day.date = rule_date(r, year, &easter, &have_easter);
		day.name = r->name;
		day.decision = r->decision;
		/* Insertion sort, stable: equal dates keep the table order. */
		for (j = n; j > 0 && days[j - 1].date > day.date; j--)
			days[j] = days[j - 1];
		days[j] = day;
		n++;
	}
	*count = n;
	if (n > max)
		return sv_error_set(err, SV_ENOMEM, "out", "CAL-3",
		                    "%zu named days in %d, room for %zu", n, year, max);
	if (n)
		memcpy(out, days, n * sizeof(days[0]));
	return SV_OK;
}

enum sv_rc cal_next_working_day(enum cal_country c, sv_date d, sv_date *out, const char *field,
                                struct sv_error *err)
{
	enum sv_rc rc;

	if (!field)
		field = "date";
	if (!country_ok(c))
		return bad_country(c, err);
	rc = cal_check_date(d, field, err);
	if (rc)
		return rc;
	/* Never more than a few days: the longest run of non-working days is
	 * Christmas to the weekend after nyårsdagen. */
	while (d <= LAST_DAY && !cal_is_working_day(c, d))
		d++;
	if (d > LAST_DAY)
		return sv_error_set(err, SV_ERANGE, field, "CAL-3",
		                    "the next working day lies after %d-12-31, outside the "
		                    "supported years %d-%d",
		                    CAL_MAX_YEAR, CAL_MIN_YEAR, CAL_MAX_YEAR);
	*out = d;
	return SV_OK;
}

enum sv_rc cal_add_working_days(enum cal_country c, sv_date d, int n, sv_date *out,
                                const char *field, struct sv_error *err)
{
	enum sv_rc rc;

	if (!field)
		field = "n";
	if (!country_ok(c))
		return bad_country(c, err);
	rc = cal_check_date(d, "date", err);
	if (rc)
		return rc;
	if (n < 0)
		return sv_error_set(err, SV_EINVAL, field, "CAL-3",
		                    "the number of working days must be 0 or more, got %d", n);
	if (n == 0)
		return cal_next_working_day(c, d, out, field, err);
	/* Bounded by the range: at most LAST_DAY - FIRST_DAY steps. */
	while (n > 0 && d < LAST_DAY) {
		d++;
		if (cal_is_working_day(c, d))
			n--;
	}
	if (n > 0)
		return sv_error_set(err, SV_ERANGE, field, "CAL-3",
		                    "the working day lies after %d-12-31, outside the supported "
		                    "years %d-%d",
		                    CAL_MAX_YEAR, CAL_MIN_YEAR, CAL_MAX_YEAR);
	*out = d;
	return SV_OK;
}

enum sv_rc cal_roll_forward(enum cal_country c, sv_date due, sv_date *out, const char *field,
                            struct sv_error *err)
{
	struct sv_error inner = SV_ERROR_INIT;
	enum sv_rc rc = cal_next_working_day(c, due, out, field, &inner);

	if (rc)
		return sv_error_set(err, rc, inner.field, "CAL-4", "%s", inner.msg);
	return SV_OK;
}

enum sv_rc cal_init(struct cal *cal, enum cal_country c, int first_year, int last_year,
                    struct sv_error *err)
{
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	size_t ndays, nbytes;
	sv_date first, last;
	enum sv_rc rc;

	*cal = (struct cal)CAL_INIT;
	cal->country = c;
	if (!country_ok(c))
		return bad_country(c, err);
	rc = cal_check_year(first_year, "first_year", err);
	if (!rc)
		rc = cal_check_year(last_year, "last_year", err);
	if (rc)
		return rc;
	if (first_year > last_year)
		return sv_error_set(err, SV_EINVAL, "last_year", "CAL-3",
		                    "last year %d is before the first year %d", last_year,
		                    first_year);
	first = date_from_ymd(first_year, 1, 1);
	last = date_from_ymd(last_year, 12, 31);
	nbytes = ((size_t)(last - first) + 1 + 7) / 8;
	cal->bits = calloc(nbytes, 1);
	if (!cal->bits)
		return sv_error_set(err, SV_ENOMEM, "", "", "no memory for %zu bytes", nbytes);
	/* Monday-Friday first, then clear the named days year by year. */
	for (sv_date d = first; d <= last; d++)
		if (date_weekday(d) <= SV_FRI)
			cal->bits[(d - first) >> 3] |= (unsigned char)(1u << ((d - first) & 7));
	for (int y = first_year; y <= last_year; y++) {
		rc = cal_named_days(c, y, days, CAL_MAX_NAMED_DAYS, &ndays, err);
		if (rc)
			goto out;
		for (size_t i = 0; i < ndays; i++) {
			sv_date d = days[i].date;
			cal->bits[(d - first) >> 3] &= (unsigned char)~(1u << ((d - first) & 7));
		}
	}
	cal->first = first;
	cal->last = last;
out:
	if (rc)
		cal_release(cal);
	return rc;
}

void cal_release(struct cal *cal)
{
	enum cal_country c = cal->country;

	free(cal->bits);
	*cal = (struct cal)CAL_INIT;
	cal->country = c;
}
