/*
 * libFuzzer target for src/core/personid.c (ID-1 ... ID-4, CAL-6).
 *
 * Input: byte 0 picks the parser, bytes 1-3 pick "today" (any day of the
 * supported calendar), the rest is the number. Whatever the bytes, the
 * parsers must not crash, and what they accept must keep the invariants of
 * personid.h: digits-only normalised forms that parse again to the same
 * person, a birth date that exists and is not after today, a rule ID on
 * every rejection.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/personid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void check_rejection(enum sv_rc rc, const struct sv_error *e)
{
	check(rc == SV_EINVAL);
	check(e->rc == SV_EINVAL);
	check(!strcmp(e->field, "number"));
	check(!strncmp(e->rule, "ID-", 3));
	check(e->msg[0] != '\0');
}

static void check_person(const struct personid *p, sv_date today, int country_se)
{
	int y, m, d;

	check(p->birth_date <= today);
	date_to_ymd(p->birth_date, &y, &m, &d);
	check(date_valid_ymd(y, m, d));
	check(p->sex == PERSONID_MALE || p->sex == PERSONID_FEMALE);
	check((p->warnings & ~PERSONID_WARN_ALL) == 0);
	check(personid_kind_name(p->kind)[0] != '\0');
	if (country_se) {
		struct personid again;
		check(!strcmp(p->country, "SE"));
		check(all_digits(p->normalized, 12));
		check(p->warnings == 0);
		/* The 12-digit form parses again to the same person. */
		check(personid_parse_se(p->normalized, 12, today, &again, "n", NULL) == SV_OK);
		check(!strcmp(again.normalized, p->normalized));
		check(again.birth_date == p->birth_date && again.kind == p->kind &&
		      again.sex == p->sex);
	} else {
		struct personid again;
		check(!strcmp(p->country, "DK"));
		check(p->kind == PERSONID_CPR);
		check(all_digits(p->normalized, 10));
		check(personid_parse_dk(p->normalized, 10, today, &again, "n", NULL) == SV_OK);
		check(again.birth_date == p->birth_date && again.warnings == p->warnings);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sv_date lo = -719162;   /* 0001-01-01 */
	static const sv_date span = 3652059; /* days from 0001-01-01 to 9999-12-31 inclusive */
	struct sv_error e = SV_ERROR_INIT;
	struct personid p;
	struct personid_org o;
	const char *s;
	size_t len;
	sv_date today;
	enum sv_rc rc;

	if (size < 4)
		return 0;
	today = lo + (sv_date)(((uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 | data[3]) %
	                       (uint32_t)span);
	s = (const char *)data + 4;
	len = size - 4;

	switch (data[0] % 5) {
	case 0:
		rc = personid_parse_se(s, len, today, &p, "number", &e);
		if (rc == SV_OK)
			check_person(&p, today, 1);
		else
			check_rejection(rc, &e);
		break;
	case 1:
		rc = personid_parse_dk(s, len, today, &p, "number", &e);
		if (rc == SV_OK)
			check_person(&p, today, 0);
		else
			check_rejection(rc, &e);
		break;
	case 2:
		rc = personid_parse_orgnr_se(s, len, today, &o, "number", &e);
		if (rc == SV_OK)
			check(o.kind == PERSONID_ORG_SE ? all_digits(o.normalized, 10)
			                                : all_digits(o.normalized, 12));
		else
			check_rejection(rc, &e);
		break;
	case 3:
		rc = personid_parse_cvr(s, len, &o, "number", &e);
		if (rc == SV_OK)
			check(all_digits(o.normalized, 8));
		else
			check_rejection(rc, &e);
		break;
	default: {
		/* CAL-6: ages grow by at most one a day and never go below -1. */
		sv_date birth = lo + (sv_date)(((uint32_t)(len ? (uint8_t)s[0] : 0) << 16 |
		                                (uint32_t)data[2] << 8 | data[1]) %
		                               (uint32_t)span);
		int a = personid_age_on(birth, today);
		check(a >= -1);
		check((a < 0) == (today < birth));
		if (today < lo + span - 1) {
			int b = personid_age_on(birth, today + 1);
			check(b == a || b == a + 1);
		}
		check(personid_age_within(birth, today, 0, -1) == (a >= 0));
		break;
	}
	}
	(void)personid_luhn_digit(s, len);
	return 0;
}
