/*
 * Unit tests for src/core/personid.c: ID-1 personnummer, ID-2
 * samordningsnummer, ID-3 CPR, ID-4 organisation numbers and CAL-6 ages.
 *
 * Every number here is fictitious, built for these tests: Swedish serials in
 * the 98x range, Swedish organisation numbers in group 4 (no such group is
 * issued), Danish CPR numbers on 1 January and 29 February. Each check digit
 * is computed by hand in the comment next to it.
 *
 * ID-1 Luhn: weights 2,1,2,1,2,1,2,1,2 over YYMMDDNNN, add the digit sums of
 * the products, C = (10 - sum mod 10) mod 10.
 * ID-3 modulus 11: weights 4,3,2,7,6,5,4,3,2,1 over all ten digits.
 */
#include "test.h"

#include <stdio.h>

#include "stegvis/personid.h"

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
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

/* Today for the Swedish century rule unless a test says otherwise. */
#define TODAY D("2024-06-01")

static struct personid se_ok(const char *s, sv_date today)
{
	struct personid p;
	struct sv_error e = SV_ERROR_INIT;
	if (personid_parse_se(s, strlen(s), today, &p, "number", &e) != SV_OK)
		fail_msg("%s rejected: %s (%s)", s, e.msg, e.rule);
	return p;
}

static struct personid dk_ok(const char *s, sv_date today)
{
	struct personid p;
	struct sv_error e = SV_ERROR_INIT;
	if (personid_parse_dk(s, strlen(s), today, &p, "number", &e) != SV_OK)
		fail_msg("%s rejected: %s (%s)", s, e.msg, e.rule);
	return p;
}

/* Expect SV_EINVAL naming field "number", rule and exactly msg. */
static void se_bad(const char *s, sv_date today, const char *rule, const char *msg)
{
	struct personid p;
	struct sv_error e = SV_ERROR_INIT;
	assert_rc(personid_parse_se(s, strlen(s), today, &p, "number", &e), SV_EINVAL);
	assert_int_equal(e.rc, SV_EINVAL);
	assert_string_equal(e.field, "number");
	assert_string_equal(e.rule, rule);
	assert_string_equal(e.msg, msg);
}

static void dk_bad(const char *s, sv_date today, const char *msg)
{
	struct personid p;
	struct sv_error e = SV_ERROR_INIT;
	assert_rc(personid_parse_dk(s, strlen(s), today, &p, "number", &e), SV_EINVAL);
	assert_string_equal(e.field, "number");
	assert_string_equal(e.rule, "ID-3");
	assert_string_equal(e.msg, msg);
}

static void luhn_digit(void **state)
{
	/* 1 2 1 2 1 2 1 2 1 -> 2,2,2,2,2,2,2,2,2: sum 18, C = (10 - 8) % 10 = 2. */
	assert_int_equal(personid_luhn_digit("121212121", 9), 2);
	/* 8 0 0 1 0 1 9 8 2 -> 16(1+6=7),0,0,1,0,1,18(1+8=9),8,4: sum 30, C = 0. */
	assert_int_equal(personid_luhn_digit("800101982", 9), 0);
	assert_int_equal(personid_luhn_digit("80010198x", 9), -1);
	assert_int_equal(personid_luhn_digit("", 0), -1);
}

static void personnummer_forms_normalise_to_12_digits(void **state)
{
	/* ID-1: 800101-9820: Luhn over 800101982 is 0 (see luhn_digit). 1980-01-01;
	 * the ninth digit 2 is even: a woman. Every form gives the same 12 digits. */
	static const char *forms[] = {"800101-9820", "8001019820", "19800101-9820", "198001019820"};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct personid p = se_ok(forms[i], TODAY);
		assert_int_equal(p.kind, PERSONID_PERSONNUMMER);
		assert_string_equal(p.country, "SE");
		assert_string_equal(p.normalized, "198001019820");
		assert_string_equal(F(p.birth_date), "1980-01-01");
		assert_int_equal(p.sex, PERSONID_FEMALE);
		assert_int_equal(p.warnings, 0);
	}
	assert_string_equal(personid_kind_name(PERSONID_PERSONNUMMER), "personnummer");
	assert_string_equal(personid_sex_name(PERSONID_FEMALE), "female");
}

static void personnummer_sex_digit(void **state)
{
	/* ID-1: 800101-9812: 8 0 0 1 0 1 9 8 1 -> 7,0,0,1,0,1,9,8,2 = 28, C = 2.
	 * Ninth digit 1 is odd: a man. */
	struct personid p = se_ok("800101-9812", TODAY);
	assert_int_equal(p.sex, PERSONID_MALE);
	assert_string_equal(personid_sex_name(p.sex), "male");
	/* 800101-9838: 8 0 0 1 0 1 9 8 3 -> 7,0,0,1,0,1,9,8,6 = 32, C = 8. Ninth 3: a man. */
	p = se_ok("800101-9838", TODAY);
	assert_int_equal(p.sex, PERSONID_MALE);
	/* 800101-9820 (ninth digit 2): a woman. */
	assert_int_equal(se_ok("800101-9820", TODAY).sex, PERSONID_FEMALE);
}

static void personnummer_wrong_check_digit(void **state)
{
	/* ID-1: the Luhn digit of 800101983 is 8 (sum 32), so ...9833 is wrong. */
	se_bad("800101-9833", TODAY, "ID-1", "check digit is 3, expected 8");
	se_bad("19800101-9833", TODAY, "ID-1", "check digit is 3, expected 8");
	/* 800101981 -> 2 (sum 28). */
	se_bad("8001019813", TODAY, "ID-1", "check digit is 3, expected 2");
}

static void personnummer_date_must_exist(void **state)
{
	/* ID-1: 19230229-9827: Luhn over 230229982: 2 3 0 2 2 9 9 8 2 ->
	 * 4,3,0,2,4,9,18(9),8,4 = 43, C = 7: the check digit is right, but 1923
	 * is no leap year, so 1923-02-29 does not exist. */
	se_bad("19230229-9827", TODAY, "ID-1", "no such date: 1923-02-29");
	/* 1924 is a leap year: 240229982 -> 4,4,0,2,4,9,9,8,4 = 44, C = 6. */
	assert_string_equal(F(se_ok("19240229-9826", TODAY).birth_date), "1924-02-29");
	/* Month 13: 801301982 -> 7,0,2,3,0,1,9,8,4 = 34, C = 6. */
	se_bad("801301-9826", TODAY, "ID-1", "no such date: month 13");
	/* Day 00: 800100982 -> 7,0,0,1,0,0,9,8,4 = 29, C = 1. */
	se_bad("800100-9821", TODAY, "ID-1",
	       "no such date: day 00 is neither a day 01-31 (ID-1) nor a samordningsnummer day "
	       "61-91 (ID-2)");
}

static void samordningsnummer_days_61_to_91(void **state)
{
	struct personid p;

	/* ID-2: 800161-9827 is 1980-01-01 + 60 on the day: 8 0 0 1 6 1 9 8 2 ->
	 * 7,0,0,1,12(3),1,9,8,4 = 33, C = 7. Stored with its day 61. */
	p = se_ok("800161-9827", TODAY);
	assert_int_equal(p.kind, PERSONID_SAMORDNINGSNUMMER);
	assert_string_equal(personid_kind_name(p.kind), "samordningsnummer");
	assert_string_equal(p.normalized, "198001619827");
	assert_string_equal(F(p.birth_date), "1980-01-01");
	assert_int_equal(p.sex, PERSONID_FEMALE);
	/* Day 91 = 31 + 60: 800191981 -> 7,0,0,1,18(9),1,9,8,2 = 37, C = 3. */
	p = se_ok("800191-9813", TODAY);
	assert_int_equal(p.kind, PERSONID_SAMORDNINGSNUMMER);
	assert_string_equal(F(p.birth_date), "1980-01-31");
	assert_int_equal(p.sex, PERSONID_MALE);
	/* Wrong check digit names ID-2: 800161982 gives 7. */
	se_bad("800161-9828", TODAY, "ID-2", "check digit is 8, expected 7");
	/* Day 91 in February is 31 February: 800291981 -> 7,0,0,2,9,1,9,8,2 = 38, C = 2. */
	se_bad("800291-9812", TODAY, "ID-2",
	       "no such date: 1980-02-31 (samordningsnummer day minus 60)");
	/* Day 92 is neither: 800192981 -> 7,0,0,1,9,2,9,8,2 = 38, C = 2. */
	se_bad("800192-9812", TODAY, "ID-1",
	       "no such date: day 92 is neither a day 01-31 (ID-1) nor a samordningsnummer day "
	       "61-91 (ID-2)");
	/* Day 60 is neither either: 800160982 -> 7,0,0,1,3,0,9,8,4 = 32, C = 8. */
	se_bad("800160-9828", TODAY, "ID-1",
	       "no such date: day 60 is neither a day 01-31 (ID-1) nor a samordningsnummer day "
	       "61-91 (ID-2)");
}

static void century_of_ten_digit_numbers(void **state)
{
	/* ID-1 century, today 2024-06-01. 121212-1212: Luhn sum 18, C = 2.
	 * '-': under 100 -> the latest 12-12-12 not after today is 2012-12-12. */
	assert_string_equal(F(se_ok("121212-1212", TODAY).birth_date), "2012-12-12");
	assert_string_equal(se_ok("1212121212", TODAY).normalized, "201212121212");
	/* '+': 100 or over -> 1912-12-12. */
	assert_string_equal(se_ok("121212+1212", TODAY).normalized, "191212121212");

	/* 240601+9824: 2 4 0 6 0 1 9 8 2 -> 4,4,0,6,0,1,9,8,4 = 36, C = 4.
	 * On 2024-06-01 '+' means born 1924-06-01: exactly 100 today. */
	assert_string_equal(F(se_ok("240601+9824", TODAY).birth_date), "1924-06-01");
	/* With '-' the same digits are someone born today (age 0). */
	assert_string_equal(F(se_ok("240601-9824", TODAY).birth_date), "2024-06-01");

	/* 240602-9823: 240602982 -> 4,4,0,6,0,2,9,8,4 = 37, C = 3.
	 * On 2024-06-01, 2024-06-02 is tomorrow, so '-' gives 1924-06-02 (99 years);
	 * from 2024-06-02 on the same number is a newborn of 2024. */
	assert_string_equal(F(se_ok("240602-9823", D("2024-06-01")).birth_date), "1924-06-02");
	assert_string_equal(F(se_ok("240602-9823", D("2024-06-02")).birth_date), "2024-06-02");
	/* '+' on 2024-06-01: 100 or over -> 1824-06-02. */
	assert_string_equal(F(se_ok("240602+9823", D("2024-06-01")).birth_date), "1824-06-02");

	/* The century decides whether 29 February exists: 000229-9824:
	 * 000229982 -> 0,0,0,2,4,9,9,8,4 = 36, C = 4. */
	assert_string_equal(F(se_ok("000229-9824", TODAY).birth_date), "2000-02-29");
	se_bad("000229+9824", TODAY, "ID-1", "no such date: 1900-02-29");

	/* The 12-digit form ignores today for the century. */
	assert_string_equal(F(se_ok("19121212-1212", TODAY).birth_date), "1912-12-12");
	assert_string_equal(F(se_ok("201212121212", TODAY).birth_date), "2012-12-12");
}

static void not_born_after_today(void **state)
{
	/* ID-1: 20300101-9821: 300101982 -> 6,0,0,1,0,1,9,8,4 = 29, C = 1. */
	se_bad("20300101-9821", TODAY, "ID-1", "birth date 2030-01-01 is after today (2024-06-01)");
	assert_string_equal(F(se_ok("20300101-9821", D("2030-01-01")).birth_date), "2030-01-01");
}

static void personnummer_garbage(void **state)
{
	static const char forms[] =
	        "YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC or YYYYMMDD-NNNC";
	char msg[256];

	snprintf(msg, sizeof(msg), "expected %s, got 0 characters", forms);
	se_bad("", TODAY, "ID-1", msg);
	snprintf(msg, sizeof(msg), "expected %s, got 9 characters", forms);
	se_bad("800101982", TODAY, "ID-1", msg);
	snprintf(msg, sizeof(msg), "expected %s, got 14 characters", forms);
	se_bad("19800101--9820", TODAY, "ID-1", msg);
	snprintf(msg, sizeof(msg), "expected '-' or '+' at position 7 (%s)", forms);
	se_bad("800101 9820", TODAY, "ID-1", msg);
	se_bad("800101-98a0", TODAY, "ID-1", "character 'a' at position 10 is not a digit");
	se_bad("800101-982", TODAY, "ID-1", "character '-' at position 7 is not a digit");
	se_bad("80010\xff"
	       "9820",
	       TODAY, "ID-1", "byte 0xff at position 6 is not a digit");
	se_bad("19800101+9820", TODAY, "ID-1",
	       "a '+' is used only in the 10-digit form YYMMDD+NNNC; write YYYYMMDD-NNNC");
	/* Year 0000 is outside the calendar: 000101982 -> 0,0,0,1,0,1,9,8,4 = 23, C = 7. */
	se_bad("00000101-9827", TODAY, "ID-1", "no such date: 0000-01-01");
	/* NULL input, NULL error record: no crash. */
	{
		struct personid p;
		assert_rc(personid_parse_se(NULL, 0, TODAY, &p, "number", NULL), SV_EINVAL);
	}
}

static void cpr_century_rules(void **state)
{
	struct personid p;

	/* ID-3: 010160-3105: 0,1,0,1,6,0,3,1,0,5 x 4,3,2,7,6,5,4,3,2,1 =
	 * 0+3+0+7+36+0+12+3+0+5 = 66 = 6 x 11. 7th digit 3 (0-3) -> 1960.
	 * Last digit 5 is odd: a man. */
	p = dk_ok("010160-3105", TODAY);
	assert_int_equal(p.kind, PERSONID_CPR);
	assert_string_equal(p.country, "DK");
	assert_string_equal(personid_kind_name(p.kind), "cpr");
	assert_string_equal(p.normalized, "0101603105");
	assert_string_equal(F(p.birth_date), "1960-01-01");
	assert_int_equal(p.sex, PERSONID_MALE);
	assert_int_equal(p.warnings, 0);
	assert_string_equal(dk_ok("0101603105", TODAY).normalized, "0101603105");

	/* 7th digit 4, YY 20 <= 36 -> 2020. 010120-4103: 0+3+0+7+12+0+16+3+0+3 = 44. */
	assert_string_equal(F(dk_ok("010120-4103", TODAY).birth_date), "2020-01-01");
	/* 7th digit 4, YY 50 > 36 -> 1950. 010150-4107: 0+3+0+7+30+0+16+3+0+7 = 66. */
	assert_string_equal(F(dk_ok("010150-4107", TODAY).birth_date), "1950-01-01");
	/* 7th digit 9, YY 10 <= 36 -> 2010. 010110-9100: 0+3+0+7+6+0+36+3+0+0 = 55.
	 * Last digit 0: a woman. */
	p = dk_ok("010110-9100", TODAY);
	assert_string_equal(F(p.birth_date), "2010-01-01");
	assert_int_equal(p.sex, PERSONID_FEMALE);
	/* 7th digit 9, YY 37 > 36 -> 1937. 010137-9108: 0+3+0+7+18+35+36+3+0+8 = 110. */
	assert_string_equal(F(dk_ok("010137-9108", TODAY).birth_date), "1937-01-01");
	/* 7th digit 5, YY 10 <= 57 -> 2010. 010110-5105: 0+3+0+7+6+0+20+3+0+5 = 44. */
	assert_string_equal(F(dk_ok("010110-5105", TODAY).birth_date), "2010-01-01");
	/* 7th digit 5, YY 58 > 57 -> 1858. 010158-5107: 0+3+0+7+30+40+20+3+0+7 = 110. */
	assert_string_equal(F(dk_ok("010158-5107", TODAY).birth_date), "1858-01-01");
	/* 7th digit 4, YY 36 (the limit) -> 2036: after today in 2024, valid in 2040.
	 * 150536-4100: 4+15+0+35+18+30+16+3+0+0 = 121 = 11 x 11. */
	dk_bad("150536-4100", TODAY,
	       "birth date 2036-05-15 (century from the 7th digit 4) is after today (2024-06-01)");
	assert_string_equal(F(dk_ok("150536-4100", D("2040-01-01")).birth_date), "2036-05-15");
	/* The century decides 29 February: 290200-4109 (8+27+0+14+0+0+16+3+0+9 = 77)
	 * is 2000-02-29; 290200-0103 is 1900-02-29, which does not exist. */
	assert_string_equal(F(dk_ok("290200-4109", TODAY).birth_date), "2000-02-29");
	dk_bad("290200-0103", TODAY, "no such date: 1900-02-29 (century from the 7th digit 0)");
}

static void cpr_modulus_11_is_a_warning(void **state)
{
	/* ID-3: 010160-3106: sum 66 - 5 + 6 = 67 = 6 x 11 + 1: the check fails,
	 * the number is still valid (issued without it since 2007), with a warning.
	 * Last digit 6: a woman. */
	struct personid p = dk_ok("010160-3106", TODAY);
	assert_int_equal(p.warnings, PERSONID_WARN_CPR_MOD11);
	assert_int_equal(p.sex, PERSONID_FEMALE);
	assert_non_null(strstr(personid_warning_text(PERSONID_WARN_CPR_MOD11), "ID-3"));
	assert_string_equal(personid_warning_text(1u << 7), "");
}

static void cpr_garbage(void **state)
{
	dk_bad("", TODAY, "expected DDMMYY-SSSS or DDMMYYSSSS, got 0 characters");
	dk_bad("19600101-3105", TODAY, "expected DDMMYY-SSSS or DDMMYYSSSS, got 13 characters");
	dk_bad("010160+3105", TODAY, "expected '-' at position 7 (DDMMYY-SSSS)");
	dk_bad("0101603l05", TODAY, "character 'l' at position 8 is not a digit");
	dk_bad("011360-3105", TODAY, "no such date: month 13");
	dk_bad("320160-3105", TODAY, "no such date: day 32");
	dk_bad("000160-3105", TODAY, "no such date: day 00");
	dk_bad("310460-3105", TODAY, "no such date: 1960-04-31 (century from the 7th digit 3)");
}

static void orgnr_se(void **state)
{
	struct personid_org o;
	struct sv_error e = SV_ERROR_INIT;

	/* ID-4: 402100-1237: 4 0 2 1 0 0 1 2 3 -> 8,0,4,1,0,0,2,2,6 = 23, C = 7.
	 * Third digit 2: a legal person. */
	assert_ok(personid_parse_orgnr_se("402100-1237", 11, TODAY, &o, "org", &e));
	assert_int_equal(o.kind, PERSONID_ORG_SE);
	assert_string_equal(o.normalized, "4021001237");
	assert_ok(personid_parse_orgnr_se("4021001237", 10, TODAY, &o, "org", &e));
	assert_string_equal(o.normalized, "4021001237");

	assert_rc(personid_parse_orgnr_se("402100-1238", 11, TODAY, &o, "org", &e), SV_EINVAL);
	assert_string_equal(e.field, "org");
	assert_string_equal(e.rule, "ID-4");
	assert_string_equal(e.msg, "check digit is 8, expected 7");

	/* A sole trader uses the personnummer 800101-9820 (C = 0 above). */
	assert_ok(personid_parse_orgnr_se("800101-9820", 11, TODAY, &o, "org", NULL));
	assert_int_equal(o.kind, PERSONID_ORG_SE_SOLE_TRADER);
	assert_string_equal(o.normalized, "198001019820");
	assert_ok(personid_parse_orgnr_se("19800101-9820", 13, TODAY, &o, "org", NULL));
	assert_string_equal(o.normalized, "198001019820");
	/* ...and then the date must exist: 801301-9826 has month 13 (ID-1). */
	sv_error_clear(&e);
	assert_rc(personid_parse_orgnr_se("801301-9826", 11, TODAY, &o, "org", &e), SV_EINVAL);
	assert_string_equal(e.rule, "ID-1");
	assert_string_equal(e.msg, "no such date: month 13");

	sv_error_clear(&e);
	assert_rc(personid_parse_orgnr_se("4021-01237", 10, TODAY, &o, "org", &e), SV_EINVAL);
	assert_string_equal(e.rule, "ID-4");
	assert_string_equal(e.msg, "character '-' at position 5 is not a digit");
	sv_error_clear(&e);
	assert_rc(personid_parse_orgnr_se("402100", 6, TODAY, &o, "org", &e), SV_EINVAL);
	assert_string_equal(e.rule, "ID-4");
}

static void cvr_dk(void **state)
{
	struct personid_org o;
	struct sv_error e = SV_ERROR_INIT;

	/* ID-4: 12345674: 1,2,3,4,5,6,7,4 x 2,7,6,5,4,3,2,1 =
	 * 2+14+18+20+20+18+14+4 = 110 = 10 x 11. */
	assert_ok(personid_parse_cvr("12345674", 8, &o, "cvr", &e));
	assert_int_equal(o.kind, PERSONID_ORG_DK_CVR);
	assert_string_equal(o.normalized, "12345674");
	/* 01234560: 0+7+12+15+16+15+12+0 = 77 = 7 x 11. */
	assert_ok(personid_parse_cvr("01234560", 8, &o, "cvr", &e));
	/* 12345675: 111 = 10 x 11 + 1. */
	assert_rc(personid_parse_cvr("12345675", 8, &o, "cvr", &e), SV_EINVAL);
	assert_string_equal(e.field, "cvr");
	assert_string_equal(e.rule, "ID-4");
	assert_string_equal(e.msg,
	                    "weighted sum 111 (weights 2,7,6,5,4,3,2,1) is not divisible by 11 "
	                    "(remainder 1)");
	sv_error_clear(&e);
	assert_rc(personid_parse_cvr("1234567", 7, &o, "cvr", &e), SV_EINVAL);
	assert_string_equal(e.msg, "expected a CVR number of 8 digits, got 7 characters");
	sv_error_clear(&e);
	assert_rc(personid_parse_cvr("DK123456", 8, &o, "cvr", &e), SV_EINVAL);
	assert_string_equal(e.msg, "character 'D' at position 1 is not a digit");
}

static void age_on_a_date(void **state)
{
	/* CAL-6: completed years, counted on the birthday. */
	assert_int_equal(personid_age_on(D("2006-02-28"), D("2024-02-27")), 17);
	assert_int_equal(personid_age_on(D("2006-02-28"), D("2024-02-28")), 18);
	assert_int_equal(personid_age_on(D("2006-02-28"), D("2006-02-28")), 0);
	assert_int_equal(personid_age_on(D("2006-02-28"), D("2006-02-27")), -1);
	/* Born 29 Feb 2004. 2023 is no leap year: on 28 Feb (2,28) is still
	 * before (2,29): 2023 - 2004 - 1 = 18; on 1 Mar the 19th year is complete. */
	assert_int_equal(personid_age_on(D("2004-02-29"), D("2023-02-28")), 18);
	assert_int_equal(personid_age_on(D("2004-02-29"), D("2023-03-01")), 19);
	/* 2024 is a leap year: 28 Feb is 19, 29 Feb is 20. */
	assert_int_equal(personid_age_on(D("2004-02-29"), D("2024-02-28")), 19);
	assert_int_equal(personid_age_on(D("2004-02-29"), D("2024-02-29")), 20);
	/* 100 years old on the 100th birthday (ID-1 '+'). */
	assert_int_equal(personid_age_on(D("1924-06-01"), D("2024-06-01")), 100);
	assert_int_equal(personid_age_on(D("1924-06-02"), D("2024-06-01")), 99);
}

static void age_limits_are_inclusive(void **state)
{
	/* CAL-6, e.g. KV-2 young adults 18-24: born 2000-06-15. */
	sv_date b = D("2000-06-15");
	assert_false(personid_age_within(b, D("2018-06-14"), 18, 24)); /* 17 */
	assert_true(personid_age_within(b, D("2018-06-15"), 18, 24));  /* 18: lower limit */
	assert_true(personid_age_within(b, D("2025-06-14"), 18, 24));  /* 24: upper limit */
	assert_false(personid_age_within(b, D("2025-06-15"), 18, 24)); /* 25 */
	/* 30+ (seed 004) with no upper limit. */
	assert_true(personid_age_within(b, D("2070-01-01"), 30, -1));
	assert_false(personid_age_within(b, D("2030-06-14"), 30, -1)); /* 29 */
	/* Not yet born: never within. */
	assert_false(personid_age_within(b, D("1999-01-01"), 0, -1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(luhn_digit),
	        cmocka_unit_test(personnummer_forms_normalise_to_12_digits),
	        cmocka_unit_test(personnummer_sex_digit),
	        cmocka_unit_test(personnummer_wrong_check_digit),
	        cmocka_unit_test(personnummer_date_must_exist),
	        cmocka_unit_test(samordningsnummer_days_61_to_91),
	        cmocka_unit_test(century_of_ten_digit_numbers),
	        cmocka_unit_test(not_born_after_today),
	        cmocka_unit_test(personnummer_garbage),
	        cmocka_unit_test(cpr_century_rules),
	        cmocka_unit_test(cpr_modulus_11_is_a_warning),
	        cmocka_unit_test(cpr_garbage),
	        cmocka_unit_test(orgnr_se),
	        cmocka_unit_test(cvr_dk),
	        cmocka_unit_test(age_on_a_date),
	        cmocka_unit_test(age_limits_are_inclusive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
