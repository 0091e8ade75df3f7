/*
 * libFuzzer target for src/core/money.c (CAL-5, KV-71).
 *
 * Byte 0 picks the test. Parse: whatever the bytes, money_parse must not
 * crash, must name field and rule on failure, and what it accepts must
 * format and parse back to the same amount. Prorate: a voucher and three
 * days of the supported calendar from the bytes; the result never exceeds
 * the voucher in size, keeps its sign, is 0 without days in the month and is
 * the voucher for a whole month.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static uint64_t mag(sv_money m)
{
	return m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
}

static sv_date day_from(const uint8_t *b)
{
	/* Any day from 0001-01-01 (-719162) to 9999-12-31 (3652059 days). */
	uint32_t v = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
	return -719162 + (sv_date)(v % 3652059u);
}

static void fuzz_parse(const char *s, size_t len)
{
	struct sv_error e = SV_ERROR_INIT;
	char out[SV_MONEY_STRLEN], sv[SV_MONEY_STRLEN];
	sv_money m = 0, again = 1;

	if (money_parse(s, len, &m, "amount", &e) != SV_OK) {
		check(e.rc == SV_EINVAL && !strcmp(e.rule, "CAL-5") && !strcmp(e.field, "amount"));
		return;
	}
	money_format(m, out);
	check(money_parse(out, strlen(out), &again, "amount", NULL) == SV_OK);
	check(again == m);
	money_format_sv(m, sv);
	check(strlen(sv) < SV_MONEY_STRLEN);
	check(strlen(sv) > 3 && !strcmp(sv + strlen(sv) - 3, " kr"));
}

static void fuzz_prorate(const uint8_t *b, size_t n)
{
	sv_money monthly = 0;
	sv_date month, from, to;
	sv_money r;
	int days, y, mo, d;

	if (n < 17)
		return;
	for (int i = 0; i < 8; i++)
		monthly = (sv_money)((uint64_t)monthly << 8 | b[i]);
	month = day_from(b + 8);
	from = day_from(b + 11);
	to = b[16] & 1 ? from + (b[14] % 64) : day_from(b + 14);
	if (to > -719162 + 3652058)
		to = -719162 + 3652058;
	r = money_prorate(monthly, month, from, to);
	days = money_days_in_month(month, from, to);
	date_to_ymd(month, &y, &mo, &d);
	check(days >= 0 && days <= date_days_in_month(y, mo));
	check(mag(r) <= mag(monthly));
	check(r == 0 || (r < 0) == (monthly < 0));
	if (days == 0)
		check(r == 0);
	if (days == date_days_in_month(y, mo))
		check(r == monthly);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_prorate(data + 1, size - 1);
	else
		fuzz_parse((const char *)data + 1, size - 1);
	return 0;
}
