/* The default rotation of a scheme (KV-12, KV-13). See include/stegvis/rotation.h
 * and docs/internals/rotation.md. */
#include "stegvis/rotation.h"

#include <stdio.h>
#include <stdlib.h>

/* The rotation's constants for one call. */
struct rot {
	const struct rotation_provider *list;
	size_t n;
	sv_date anchor;
	int days;
};

static sv_date min_date(void)
{
	return date_from_ymd(SV_DATE_MIN_YEAR, 1, 1);
}

static sv_date max_date(void)
{
	return date_from_ymd(SV_DATE_MAX_YEAR, 12, 31);
}

static bool supported(sv_date d)
{
	return d >= min_date() && d <= max_date();
}

static int cmp_provider(const void *a, const void *b)
{
	const struct rotation_provider *x = a, *y = b;

	if (x->authorised_from != y->authorised_from)
		return x->authorised_from < y->authorised_from ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

void rotation_sort(struct rotation_provider *list, size_t n)
{
	if (list && n > 1)
		qsort(list, n, sizeof(*list), cmp_provider);
}

/*
 * The periods in which provider i is authorised on the first day:
 * lo..hi (empty when lo > hi). Period k starts on anchor + k * days, so it
 * counts when authorised_from <= start <= authorised_to.
 */
static void window(const struct rot *r, size_t i, int64_t *lo, int64_t *hi)
{
	int64_t f = (int64_t)r->list[i].authorised_from - r->anchor;
	int64_t t = (int64_t)r->list[i].authorised_to - r->anchor;

	*lo = f <= 0 ? 0 : (f + r->days - 1) / r->days;
	*hi = t < 0 ? -1 : t / r->days;
}

static bool eligible(const struct rot *r, size_t i, int64_t k)
{
	int64_t lo, hi;
	window(r, i, &lo, &hi);
	return lo <= k && k <= hi;
}

/* The first provider after list position p (p = -1: from the start) that is
 * eligible in period k, wrapping round; -1 when none is. */
static ptrdiff_t next_after(const struct rot *r, ptrdiff_t p, int64_t k)
{
	for (size_t step = 1; step <= r->n; step++) {
		size_t i = (size_t)((p + (ptrdiff_t)step) % (ptrdiff_t)r->n);
		if (p < 0)
			i = step - 1;
		if (eligible(r, i, k))
			return (ptrdiff_t)i;
	}
	return -1;
}

/*
 * The list position of the provider of period k (-1: none), and in *carry
 * the position the following period continues after (the last provider of
 * periods 0..k, -1 if there was none).
 *
 * Walks stretches of periods [s, e) in which no provider's eligibility
 * changes: with the eligible positions E (in list order, |E| = cnt) and the
 * previous provider at position p, the stretch's first provider is the first
 * element of E after p (rank j0, wrapping) and its m-th is E[(j0 + m - 1) %
 * cnt]. There are at most 2n + 1 stretches, each costing O(n).
 */
static ptrdiff_t provider_at(const struct rot *r, int64_t k, ptrdiff_t *carry)
{
	ptrdiff_t p = -1, result = -1;
	int64_t s = 0;

	for (;;) {
		int64_t e = INT64_MAX, last, m, j0 = 0, rank;
		size_t cnt = 0;

		for (size_t i = 0; i < r->n; i++) {
			int64_t lo, hi;
			window(r, i, &lo, &hi);
			if (lo > hi)
				continue;
			if (lo <= s && s <= hi) {
				cnt++;
				if ((ptrdiff_t)i <= p)
					j0++;
			}
			if (lo > s && lo < e)
				e = lo;
			if (hi + 1 > s && hi + 1 < e)
				e = hi + 1;
		}
		last = e - 1 < k ? e - 1 : k;
		m = last - s + 1;
		result = -1;
		if (cnt) {
			if (j0 == (int64_t)cnt)
				j0 = 0;
			rank = (j0 + (m - 1) % (int64_t)cnt) % (int64_t)cnt;
			for (size_t i = 0; i < r->n; i++) {
				if (!eligible(r, i, s))
					continue;
				if (rank-- == 0) {
					p = (ptrdiff_t)i;
					break;
				}
			}
			result = p;
		}
		if (last == k)
			break;
		s = last + 1;
	}
	if (carry)
		*carry = p;
	return result;
}

static enum sv_rc validate(const struct rotation_provider *list, size_t n, sv_date anchor,
                           int period_days, struct sv_error *err)
{
	char field[64], d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN];

	if (!supported(anchor))
		return sv_error_set(err, SV_ERANGE, "anchor", "CAL-1",
		                    "the anchor date is outside the years %d-%d", SV_DATE_MIN_YEAR,
		                    SV_DATE_MAX_YEAR);
	if (date_weekday(anchor) != SV_MON)
		return sv_error_set(err, SV_EINVAL, "anchor", "KV-12",
		                    "the rotation's anchor date must be a Monday, %s is not",
		                    date_format(anchor, d1));
	if (period_days <= 0 || period_days % 7 != 0)
		return sv_error_set(err, SV_EINVAL, "period_days", "KV-12",
		                    "a rotation period must be a positive number of whole weeks "
		                    "(days a multiple of 7), got %d",
		                    period_days);
	if (n && !list)
		return sv_error_set(err, SV_EINVAL, "providers", "KV-12", "no provider list given");
	for (size_t i = 0; i < n; i++) {
		const struct rotation_provider *p = &list[i];

		if (!supported(p->authorised_from)) {
			snprintf(field, sizeof(field), "providers[%zu].authorised_from", i);
			return sv_error_set(err, SV_ERANGE, field, "CAL-1",
			                    "the authorisation date is outside the years %d-%d",
			                    SV_DATE_MIN_YEAR, SV_DATE_MAX_YEAR);
		}
		if (p->authorised_to != ROTATION_OPEN_END && !supported(p->authorised_to)) {
			snprintf(field, sizeof(field), "providers[%zu].authorised_to", i);
			return sv_error_set(err, SV_ERANGE, field, "CAL-1",
			                    "the authorisation end is outside the years %d-%d",
			                    SV_DATE_MIN_YEAR, SV_DATE_MAX_YEAR);
		}
		if (p->authorised_to < p->authorised_from) {
			snprintf(field, sizeof(field), "providers[%zu].authorised_to", i);
			return sv_error_set(err, SV_EINVAL, field, "KV-12",
			                    "the authorisation of provider %lld ends %s, before it "
			                    "starts %s",
			                    (long long)p->id, date_format(p->authorised_to, d1),
			                    date_format(p->authorised_from, d2));
		}
		if (i > 0 && cmp_provider(&list[i - 1], p) >= 0) {
			snprintf(field, sizeof(field), "providers[%zu]", i);
			return sv_error_set(
			        err, SV_EINVAL, field, "KV-12",
			        "the list is not in rotation order (authorisation date, "
			        "then id): provider %lld authorised %s follows provider "
			        "%lld authorised %s",
			        (long long)p->id, date_format(p->authorised_from, d1),
			        (long long)list[i - 1].id,
			        date_format(list[i - 1].authorised_from, d2));
		}
		for (size_t j = 0; j < i; j++) {
			if (list[j].id == p->id) {
				snprintf(field, sizeof(field), "providers[%zu]", i);
				return sv_error_set(err, SV_EINVAL, field, "KV-12",
				                    "provider %lld is in the list twice",
				                    (long long)p->id);
			}
		}
	}
	return SV_OK;
}

static void fill(const struct rot *r, int64_t k, ptrdiff_t pos, struct rotation_period *out)
{
	out->start = (sv_date)(r->anchor + k * r->days);
	out->end = (sv_date)(out->start + r->days - 1);
	out->provider_index = pos < 0 ? ROTATION_NO_PROVIDER : (size_t)pos;
	out->provider_id = pos < 0 ? 0 : r->list[pos].id;
	out->substitute = false;
}

enum sv_rc rotation_periods(const struct rotation_provider *list, size_t n, sv_date anchor,
                            int period_days, sv_date from, int periods, struct rotation_period *out,
                            struct sv_error *err)
{
	struct rot r = {list, n, anchor, period_days};
	char d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN];
	ptrdiff_t pos, carry;
	int64_t k0;
	enum sv_rc rc;

	rc = validate(list, n, anchor, period_days, err);
	if (rc != SV_OK)
		return rc;
	if (!supported(from))
		return sv_error_set(err, SV_ERANGE, "from", "CAL-1",
		                    "the date is outside the years %d-%d", SV_DATE_MIN_YEAR,
		                    SV_DATE_MAX_YEAR);
	if (from < anchor)
		return sv_error_set(err, SV_EINVAL, "from", "KV-12",
		                    "%s is before the rotation's anchor date %s",
		                    date_format(from, d1), date_format(anchor, d2));
	if (periods < 0)
		return sv_error_set(err, SV_EINVAL, "periods", "KV-12",
		                    "the number of periods cannot be negative, got %d", periods);
	if (periods > 0 && !out)
		return sv_error_set(err, SV_EINVAL, "periods", "KV-12", "no room for the periods");
	k0 = ((int64_t)from - anchor) / period_days;
	if ((int64_t)anchor + (k0 + periods) * period_days - 1 > max_date())
		return sv_error_set(err, SV_ERANGE, "periods", "CAL-1",
		                    "%d periods from %s would end after %d-12-31", periods,
		                    date_format(from, d1), SV_DATE_MAX_YEAR);
	if (periods == 0)
		return SV_OK;

	pos = provider_at(&r, k0, &carry);
	fill(&r, k0, pos, &out[0]);
	for (int j = 1; j < periods; j++) {
		int64_t k = k0 + j;
		pos = n ? next_after(&r, carry, k) : -1;
		if (pos >= 0)
			carry = pos;
		fill(&r, k, pos, &out[j]);
	}
	return SV_OK;
}

static bool authorised_on(const struct rotation_provider *p, sv_date day)
{
	return p->authorised_from <= day && day <= p->authorised_to;
}

enum sv_rc rotation_default_on(const struct rotation_provider *list, size_t n, sv_date anchor,
                               int period_days, sv_date day, struct rotation_period *out,
                               struct sv_error *err)
{
	struct rot r = {list, n, anchor, period_days};
	char d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN];
	ptrdiff_t pos, carry, after;
	int64_t k;
	enum sv_rc rc;

	rc = validate(list, n, anchor, period_days, err);
	if (rc != SV_OK)
		return rc;
	if (!supported(day))
		return sv_error_set(err, SV_ERANGE, "day", "CAL-1",
		                    "the date is outside the years %d-%d", SV_DATE_MIN_YEAR,
		                    SV_DATE_MAX_YEAR);
	if (day < anchor)
		return sv_error_set(err, SV_EINVAL, "day", "KV-12",
		                    "%s is before the rotation's anchor date %s",
		                    date_format(day, d1), date_format(anchor, d2));
	if (!out)
		return sv_error_set(err, SV_EINVAL, "day", "KV-13", "no room for the result");

	k = ((int64_t)day - anchor) / period_days;
	pos = provider_at(&r, k, &carry);
	if (pos >= 0 && authorised_on(&list[pos], day)) {
		fill(&r, k, pos, out);
		return SV_OK;
	}
	/* The period's provider (if any) is not authorised on the day: the
	 * next one in list order that is stands in. */
	after = pos >= 0 ? pos : carry;
	for (size_t step = 1; step <= n; step++) {
		size_t i = after < 0 ? step - 1 : (size_t)(after + (ptrdiff_t)step) % n;
		if (authorised_on(&list[i], day)) {
			fill(&r, k, (ptrdiff_t)i, out);
			out->substitute = true;
			return SV_OK;
		}
	}
	return sv_error_set(err, SV_ENOTFOUND, "day", "KV-13",
	                    "no provider of the scheme is authorised on %s", date_format(day, d1));
}
