/* Amounts in öre (CAL-5) and the KV-71 proration; see money.h. */
#include "stegvis/money.h"

#include <stdbool.h>
#include <string.h>

/* The magnitude of m, also for INT64_MIN. */
static uint64_t magnitude(sv_money m)
{
	return m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
}

/* The signed amount of a magnitude that fits (the caller has checked). */
static sv_money with_sign(uint64_t mag, bool negative)
{
	if (!negative)
		return (sv_money)mag;
	if (mag == (uint64_t)INT64_MAX + 1)
		return INT64_MIN;
	return -(sv_money)mag;
}

static enum sv_rc bad(const char *s, size_t len, const char *what, const char *field,
                      struct sv_error *err)
{
	/* Quote at most 32 bytes, printable ASCII only. */
	char shown[33];
	size_t n = len > 32 ? 32 : len;

	for (size_t i = 0; i < n; i++)
		shown[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	shown[n] = '\0';
	return sv_error_set(err, SV_EINVAL, field, "CAL-5", "%s, got \"%s%s\"", what, shown,
	                    len > 32 ? "..." : "");
}

enum sv_rc money_parse(const char *s, size_t len, sv_money *out, const char *field,
                       struct sv_error *err)
{
	static const char form[] = "expected an amount such as 2842.40, 3876 or -12.05";
	size_t i = 0, int_start, int_end;
	bool negative = false;
	uint64_t mag = 0, limit;

	if (!s)
		return bad("", 0, form, field, err);
	if (i < len && s[i] == '-') {
		negative = true;
		i++;
	}
	int_start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	int_end = i;
	if (int_end == int_start)
		return bad(s, len, form, field, err);
	if (i < len) {
		if (s[i] != '.' || len - i != 3 || s[i + 1] < '0' || s[i + 1] > '9' ||
		    s[i + 2] < '0' || s[i + 2] > '9')
			return bad(s, len, form, field, err);
	}

	/* Kronor, then öre, each step checked against the limit. */
	limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (size_t k = int_start; k < int_end; k++) {
		unsigned dgt = (unsigned)(s[k] - '0');
		if (mag > (limit - dgt) / 10)
			goto overflow;
		mag = mag * 10 + dgt;
	}
	if (mag > limit / 100)
		goto overflow;
	mag *= 100;
	if (int_end < len) {
		unsigned ore = (unsigned)((s[int_end + 1] - '0') * 10 + (s[int_end + 2] - '0'));
		if (mag > limit - ore)
			goto overflow;
		mag += ore;
	}
	*out = with_sign(mag, negative);
	return SV_OK;

overflow:
	return bad(s, len, "amount out of range (at most 92233720368547758.07 in either direction)",
	           field, err);
}

/* Write the decimal digits of v (at least one) at the end of a scratch area;
 * returns the start. */
static char *digits_rev(uint64_t v, char *end)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

char *money_format(sv_money m, char out[SV_MONEY_STRLEN])
{
	uint64_t mag = magnitude(m);
	char tmp[24];
	char *kr = digits_rev(mag / 100, tmp + sizeof(tmp));
	size_t n = 0, k = (size_t)(tmp + sizeof(tmp) - kr);

	if (m < 0)
		out[n++] = '-';
	memcpy(out + n, kr, k);
	n += k;
	out[n++] = '.';
	out[n++] = (char)('0' + mag % 100 / 10);
	out[n++] = (char)('0' + mag % 10);
	out[n] = '\0';
	return out;
}

char *money_format_sv(sv_money m, char out[SV_MONEY_STRLEN])
{
	uint64_t mag = magnitude(m);
	char tmp[24];
	char *kr = digits_rev(mag / 100, tmp + sizeof(tmp));
	size_t n = 0, k = (size_t)(tmp + sizeof(tmp) - kr);

	/* At most "-92 233 720 368 547 758,08 kr": 29 bytes and a NUL. */
	if (m < 0)
		out[n++] = '-';
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && (k - i) % 3 == 0)
			out[n++] = ' ';
		out[n++] = kr[i];
	}
	out[n++] = ',';
	out[n++] = (char)('0' + mag % 100 / 10);
	out[n++] = (char)('0' + mag % 10);
	memcpy(out + n, " kr", 4);
	return out;
}

int money_days_in_month(sv_date month_first, sv_date from, sv_date to)
{
	sv_date first = date_month_start(month_first);
	sv_date last = date_month_end(month_first);
	sv_date lo = from > first ? from : first;
	sv_date hi = to < last ? to : last;

	return hi < lo ? 0 : (int)(hi - lo + 1);
}

sv_money money_prorate(sv_money monthly, sv_date month_first, sv_date from, sv_date to)
{
	int days = money_days_in_month(month_first, from, to);
	int y, m, d;
	uint64_t mag, q, r, amount, rest;

	if (days == 0)
		return 0;
	date_to_ymd(month_first, &y, &m, &d);
	/* A whole calendar month pays exactly the voucher, whatever its length. */
	if (days >= date_days_in_month(y, m))
		return monthly;
	/*
	 * A partial month: monthly / 30 x days, rounded once, half away from
	 * zero. With monthly = 30q + r: monthly x days / 30 = q x days +
	 * r x days / 30. Here days <= 30, so q x days <= monthly and
	 * r x days < 900: no intermediate can overflow, for any voucher.
	 */
	mag = magnitude(monthly);
	q = mag / 30;
	r = mag % 30;
	amount = q * (uint64_t)days + r * (uint64_t)days / 30;
	rest = r * (uint64_t)days % 30;
	if (rest * 2 >= 30)
		amount++;
	/* Never more than the voucher (30 days of a 31-day month pay exactly it). */
	if (amount > mag)
		amount = mag;
	return with_sign(amount, monthly < 0);
}
