/* Civil dates (CAL-1). Algorithms after H. Hinnant, "chrono-compatible
 * low-level date algorithms" (days_from_civil / civil_from_days). */
#include "stegvis/date.h"

#include <string.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : dim[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= SV_DATE_MIN_YEAR && y <= SV_DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

sv_date date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (sv_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(sv_date z0, int *year, int *month, int *day)
{
	int z = z0 + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;

	*year = y + (m <= 2);
	*month = m;
	*day = d;
}

enum sv_weekday date_weekday(sv_date d)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((d % 7 + 7 + 3) % 7); /* 0 = Monday */
	return (enum sv_weekday)(w + 1);
}

void date_iso_week(sv_date d, int *iso_year, int *week)
{
	/* The week belongs to the year of its Thursday. */
	sv_date thursday = d - (int)date_weekday(d) + 4;
	int y, m, dd;
	date_to_ymd(thursday, &y, &m, &dd);
	*iso_year = y;
	*week = (thursday - date_from_ymd(y, 1, 1)) / 7 + 1;
}

sv_date date_add_months(sv_date d, int n)
{
	int y, m, day, total, dim;

	date_to_ymd(d, &y, &m, &day);
	total = y * 12 + (m - 1) + n;
	y = total >= 0 ? total / 12 : -((-total + 11) / 12);
	m = total - y * 12 + 1;
	dim = date_days_in_month(y, m);
	if (day > dim)
		day = dim;
	return date_from_ymd(y, m, day);
}

sv_date date_month_start(sv_date d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return date_from_ymd(y, m, 1);
}

sv_date date_month_end(sv_date d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return date_from_ymd(y, m, date_days_in_month(y, m));
}

static bool digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static enum sv_rc bad(const char *s, size_t len, const char *what, const char *field,
                      struct sv_error *err)
{
	return sv_error_set(err, SV_EINVAL, field, "ISO-8601", "%s, got \"%.*s\"", what,
	                    (int)(len > 32 ? 32 : len), s ? s : "");
}

enum sv_rc date_parse(const char *s, size_t len, sv_date *out, const char *field,
                      struct sv_error *err)
{
	int y, m, d;

	if (!s || len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return bad(s, len, "expected a date YYYY-MM-DD", field, err);
	if (!date_valid_ymd(y, m, d))
		return bad(s, len, "no such date", field, err);
	*out = date_from_ymd(y, m, d);
	return SV_OK;
}

enum sv_rc date_parse_month(const char *s, size_t len, sv_date *out, const char *field,
                            struct sv_error *err)
{
	int y, m;

	if (!s || len != 7 || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m))
		return bad(s, len, "expected a month YYYY-MM", field, err);
	if (!date_valid_ymd(y, m, 1))
		return bad(s, len, "no such month", field, err);
	*out = date_from_ymd(y, m, 1);
	return SV_OK;
}

char *date_format(sv_date d, char out[SV_DATE_STRLEN])
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	/* Years are 1..9999 for every date this program creates. */
	out[0] = (char)('0' + (y / 1000) % 10);
	out[1] = (char)('0' + (y / 100) % 10);
	out[2] = (char)('0' + (y / 10) % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
	return out;
}
