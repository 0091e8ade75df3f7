/* Identity numbers (ID-1 ... ID-4) and age on a date (CAL-6); see personid.h. */
#include "stegvis/personid.h"

#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of the n digits at s; the caller has checked that they are digits. */
static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * Copy the digits of s into out, dropping one separator at position sep_at
 * (or none when sep_at is len). Returns the number of digits, or -1 with
 * *bad set to the position of the first character that is not a digit.
 */
static int take_digits(const char *s, size_t len, size_t sep_at, char *out, size_t *bad)
{
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (i == sep_at)
			continue;
		if (!is_digit(s[i])) {
			*bad = i;
			return -1;
		}
		out[n++] = s[i];
	}
	out[n] = '\0';
	return n;
}

/* "character 'x' at position 3 is not a digit", positions counted from 1. */
static enum sv_rc not_digit(struct sv_error *err, const char *field, const char *rule,
                            const char *s, size_t pos)
{
	unsigned char c = (unsigned char)s[pos];
	if (c >= 0x20 && c < 0x7f)
		return sv_error_set(err, SV_EINVAL, field, rule,
		                    "character '%c' at position %zu is not a digit", (char)c,
		                    pos + 1);
	return sv_error_set(err, SV_EINVAL, field, rule,
	                    "byte 0x%02x at position %zu is not a digit", c, pos + 1);
}

int personid_luhn_digit(const char *s, size_t n)
{
	int sum = 0;

	if (!s || n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int p;
		if (!is_digit(s[i]))
			return -1;
		p = (s[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += p / 10 + p % 10;
	}
	return (10 - sum % 10) % 10;
}

const char *personid_kind_name(enum personid_kind kind)
{
	switch (kind) {
	case PERSONID_PERSONNUMMER:
		return "personnummer";
	case PERSONID_SAMORDNINGSNUMMER:
		return "samordningsnummer";
	case PERSONID_CPR:
		return "cpr";
	}
	return "";
}

const char *personid_sex_name(enum personid_sex sex)
{
	switch (sex) {
	case PERSONID_FEMALE:
		return "female";
	case PERSONID_MALE:
		return "male";
	}
	return "";
}

const char *personid_warning_text(unsigned bit)
{
	if (bit == PERSONID_WARN_CPR_MOD11)
		return "ID-3: the modulus 11 check fails; accepted, as numbers issued since 2007 "
		       "need not pass it";
	return "";
}

static void set_country(struct personid *out, const char *cc)
{
	out->country[0] = cc[0];
	out->country[1] = cc[1];
	out->country[2] = '\0';
}

/* (m1, d1) after (m2, d2) in the calendar year. */
static bool md_after(int m1, int d1, int m2, int d2)
{
	return m1 > m2 || (m1 == m2 && d1 > d2);
}

/* ---- ID-1 / ID-2 --------------------------------------------------------- */

static const char se_forms[] =
        "YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC or YYYYMMDD-NNNC";

enum sv_rc personid_parse_se(const char *s, size_t len, sv_date today, struct personid *out,
                             const char *field, struct sv_error *err)
{
	char dig[16];
	char sep = '\0';
	size_t sep_at = len, bad = 0;
	int n, y, m, d, day_field, check, want;
	const char *rule = "ID-1";
	const char *p; /* the ten digits YYMMDDNNNC */

	if (!s || (len != 10 && len != 11 && len != 12 && len != 13))
		return sv_error_set(err, SV_EINVAL, field, rule, "expected %s, got %zu characters",
		                    se_forms, s ? len : 0);
	if (len == 11 || len == 13) {
		sep_at = len - 5;
		sep = s[sep_at];
		if (sep != '-' && sep != '+')
			return sv_error_set(err, SV_EINVAL, field, rule,
			                    "expected '-' or '+' at position %zu (%s)", sep_at + 1,
			                    se_forms);
		if (len == 13 && sep == '+')
			return sv_error_set(err, SV_EINVAL, field, rule,
			                    "a '+' is used only in the 10-digit form YYMMDD+NNNC; "
			                    "write YYYYMMDD-NNNC");
	}
	n = take_digits(s, len, sep_at, dig, &bad);
	if (n < 0)
		return not_digit(err, field, rule, s, bad);
	p = n == 12 ? dig + 2 : dig;

	m = num(p + 2, 2);
	day_field = num(p + 4, 2);
	if (day_field >= 61 && day_field <= 91)
		rule = "ID-2";

	/* 2. The check digit over YYMMDDNNN. */
	check = p[9] - '0';
	want = personid_luhn_digit(p, 9);
	if (check != want)
		return sv_error_set(err, SV_EINVAL, field, rule, "check digit is %d, expected %d",
		                    check, want);

	/* 3. Month and day fields. */
	if (m < 1 || m > 12)
		return sv_error_set(err, SV_EINVAL, field, rule, "no such date: month %02d", m);
	if (day_field >= 61 && day_field <= 91) {
		out->kind = PERSONID_SAMORDNINGSNUMMER;
		d = day_field - 60;
	} else if (day_field >= 1 && day_field <= 31) {
		out->kind = PERSONID_PERSONNUMMER;
		d = day_field;
	} else {
		return sv_error_set(err, SV_EINVAL, field, rule,
		                    "no such date: day %02d is neither a day 01-31 (ID-1) nor a "
		                    "samordningsnummer day 61-91 (ID-2)",
		                    day_field);
	}

	/* 4. The century and the existence of the date. */
	{
		int ty, tm, td;
		date_to_ymd(today, &ty, &tm, &td);
		if (n == 12) {
			y = num(dig, 4);
		} else {
			int yy = num(p, 2);
			y = ty - ((ty - yy) % 100 + 100) % 100;
			if (y == ty && md_after(m, d, tm, td))
				y -= 100;
			if (sep == '+')
				y -= 100;
		}
		if (!date_valid_ymd(y, m, d))
			return sv_error_set(err, SV_EINVAL, field, rule,
			                    "no such date: %04d-%02d-%02d%s", y, m, d,
			                    out->kind == PERSONID_SAMORDNINGSNUMMER
			                            ? " (samordningsnummer day minus 60)"
			                            : "");
		out->birth_date = date_from_ymd(y, m, d);
		/* 5. Not born after today. */
		if (out->birth_date > today) {
			char b[SV_DATE_STRLEN], t[SV_DATE_STRLEN];
			return sv_error_set(err, SV_EINVAL, field, rule,
			                    "birth date %s is after today (%s)",
			                    date_format(out->birth_date, b), date_format(today, t));
		}
	}

	set_country(out, "SE");
	out->normalized[0] = (char)('0' + y / 1000);
	out->normalized[1] = (char)('0' + y / 100 % 10);
	memcpy(out->normalized + 2, p, 10);
	out->normalized[12] = '\0';
	out->sex = (p[8] - '0') % 2 ? PERSONID_MALE : PERSONID_FEMALE;
	out->warnings = 0;
	return SV_OK;
}

/* ---- ID-3 ----------------------------------------------------------------- */

/* The century rule of ID-3: full year from YY and the 7th digit. */
static int cpr_year(int yy, int seventh)
{
	if (seventh <= 3)
		return 1900 + yy;
	if (seventh == 4 || seventh == 9)
		return yy <= 36 ? 2000 + yy : 1900 + yy;
	return yy <= 57 ? 2000 + yy : 1800 + yy;
}

enum sv_rc personid_parse_dk(const char *s, size_t len, sv_date today, struct personid *out,
                             const char *field, struct sv_error *err)
{
	static const int w[10] = {4, 3, 2, 7, 6, 5, 4, 3, 2, 1};
	char dig[16];
	size_t sep_at = len, bad = 0;
	int y, m, d, sum = 0;

	if (!s || (len != 10 && len != 11))
		return sv_error_set(err, SV_EINVAL, field, "ID-3",
		                    "expected DDMMYY-SSSS or DDMMYYSSSS, got %zu characters",
		                    s ? len : 0);
	if (len == 11) {
		sep_at = 6;
		if (s[6] != '-')
			return sv_error_set(err, SV_EINVAL, field, "ID-3",
			                    "expected '-' at position 7 (DDMMYY-SSSS)");
	}
	if (take_digits(s, len, sep_at, dig, &bad) < 0)
		return not_digit(err, field, "ID-3", s, bad);

	d = num(dig, 2);
	m = num(dig + 2, 2);
	if (m < 1 || m > 12)
		return sv_error_set(err, SV_EINVAL, field, "ID-3", "no such date: month %02d", m);
	if (d < 1 || d > 31)
		return sv_error_set(err, SV_EINVAL, field, "ID-3", "no such date: day %02d", d);
	y = cpr_year(num(dig + 4, 2), dig[6] - '0');
	if (!date_valid_ymd(y, m, d))
		return sv_error_set(err, SV_EINVAL, field, "ID-3",
		                    "no such date: %04d-%02d-%02d (century from the 7th digit %c)",
		                    y, m, d, dig[6]);
	out->birth_date = date_from_ymd(y, m, d);
	if (out->birth_date > today) {
		char b[SV_DATE_STRLEN], t[SV_DATE_STRLEN];
		return sv_error_set(
		        err, SV_EINVAL, field, "ID-3",
		        "birth date %s (century from the 7th digit %c) is after today (%s)",
		        date_format(out->birth_date, b), dig[6], date_format(today, t));
	}

	out->kind = PERSONID_CPR;
	set_country(out, "DK");
	memcpy(out->normalized, dig, 11); /* ten digits and the NUL */
	out->sex = (dig[9] - '0') % 2 ? PERSONID_MALE : PERSONID_FEMALE;
	out->warnings = 0;
	for (int i = 0; i < 10; i++)
		sum += (dig[i] - '0') * w[i];
	if (sum % 11 != 0)
		out->warnings |= PERSONID_WARN_CPR_MOD11;
	return SV_OK;
}

/* ---- CAL-6 ---------------------------------------------------------------- */

int personid_age_on(sv_date birth, sv_date on)
{
	int by, bm, bd, oy, om, od, age;

	if (on < birth)
		return -1;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	age = oy - by;
	/* Not yet had this year's birthday; 28 Feb is before 29 Feb, 1 Mar is not. */
	if (md_after(bm, bd, om, od))
		age--;
	return age;
}

bool personid_age_within(sv_date birth, sv_date on, int min, int max)
{
	int age = personid_age_on(birth, on);

	if (age < 0 || age < min)
		return false;
	return max < 0 || age <= max;
}

/* ---- ID-4 ----------------------------------------------------------------- */

enum sv_rc personid_parse_orgnr_se(const char *s, size_t len, sv_date today,
                                   struct personid_org *out, const char *field,
                                   struct sv_error *err)
{
	char dig[16];
	size_t sep_at = len, bad = 0;
	int check, want;

	if (!s || (len != 10 && len != 11 && len != 12 && len != 13))
		return sv_error_set(err, SV_EINVAL, field, "ID-4",
		                    "expected NNNNNN-NNNN, NNNNNNNNNN or a sole trader's "
		                    "personnummer, got %zu characters",
		                    s ? len : 0);
	/* A legal person: 10 digits, optionally NNNNNN-NNNN, third digit 2-9. */
	if ((len == 10 || (len == 11 && s[6] == '-')) && is_digit(s[2]) && s[2] >= '2') {
		if (len == 11)
			sep_at = 6;
		if (take_digits(s, len, sep_at, dig, &bad) < 0)
			return not_digit(err, field, "ID-4", s, bad);
		check = dig[9] - '0';
		want = personid_luhn_digit(dig, 9);
		if (check != want)
			return sv_error_set(err, SV_EINVAL, field, "ID-4",
			                    "check digit is %d, expected %d", check, want);
		out->kind = PERSONID_ORG_SE;
		memcpy(out->normalized, dig, 11);
		return SV_OK;
	}
	/* A sole trader's personnummer or samordningsnummer. */
	{
		struct personid p;
		enum sv_rc rc = personid_parse_se(s, len, today, &p, field, err);
		if (rc != SV_OK)
			return rc;
		out->kind = PERSONID_ORG_SE_SOLE_TRADER;
		memcpy(out->normalized, p.normalized, sizeof(out->normalized));
	}
	return SV_OK;
}

enum sv_rc personid_parse_cvr(const char *s, size_t len, struct personid_org *out,
                              const char *field, struct sv_error *err)
{
	static const int w[8] = {2, 7, 6, 5, 4, 3, 2, 1};
	char dig[16];
	size_t bad = 0;
	int sum = 0;

	if (!s || len != 8)
		return sv_error_set(err, SV_EINVAL, field, "ID-4",
		                    "expected a CVR number of 8 digits, got %zu characters",
		                    s ? len : 0);
	if (take_digits(s, len, len, dig, &bad) < 0)
		return not_digit(err, field, "ID-4", s, bad);
	for (int i = 0; i < 8; i++)
		sum += (dig[i] - '0') * w[i];
	if (sum % 11 != 0)
		return sv_error_set(err, SV_EINVAL, field, "ID-4",
		                    "weighted sum %d (weights 2,7,6,5,4,3,2,1) is not divisible by "
		                    "11 (remainder %d)",
		                    sum, sum % 11);
	out->kind = PERSONID_ORG_DK_CVR;
	memcpy(out->normalized, dig, 9);
	return SV_OK;
}
