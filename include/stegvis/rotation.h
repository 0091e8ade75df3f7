/*
 * rotation.h - the default rotation of a choice scheme (KV-12, KV-13 of
 * shared/spec/domain.md).
 *
 * KV-12: one list per scheme, ordered by authorisation date (ties by
 * provider id), so a newly authorised provider is appended last. Time is cut
 * into periods of period_days days (a rule-pack value, 14) back to back from
 * a rule-pack anchor date, which is a Monday. Period k runs from
 * anchor + k * period_days to the day before period k + 1. The provider of
 * period 0 is the first provider in list order authorised on the anchor; the
 * provider of every later period is the first provider after the previous
 * period's provider in list order (wrapping round), skipping providers not
 * authorised on the period's first day. A period in which no provider is
 * authorised has none, and the next one continues after the last provider
 * that had a period. The rotation is a pure function of the list and the two
 * pack values: stable when providers join or leave, running on across years.
 *
 * KV-13: the default provider for a choice is the provider of the period
 * containing the day the choice is recorded. When that provider's
 * authorisation has ended by that day (it ended inside the period), the
 * default is the next provider in list order authorised on the day, and the
 * result says so (substitute).
 *
 * Cost: the provider of a period far from the anchor is found without
 * walking every period before it. Within a stretch of periods in which the
 * set of authorised providers does not change the rotation is a plain cycle,
 * so the walk jumps from one authorisation start or end to the next:
 * O(n * n) for n providers, independent of the date. No allocation.
 *
 * Everything is a pure computation; no clock, no I/O, no global state.
 * See docs/internals/rotation.md.
 */
#ifndef SV_ROTATION_H
#define SV_ROTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/date.h"
#include "stegvis/err.h"

/* authorised_to of a provider whose authorisation has no end. */
#define ROTATION_OPEN_END ((sv_date)INT32_MAX)
/* provider_index of a period in which no provider is authorised. */
#define ROTATION_NO_PROVIDER ((size_t)-1)

/* One provider of a scheme's list. */
struct rotation_provider {
	int64_t id;              /* the provider's id: the tie-break of equal dates */
	sv_date authorised_from; /* first authorised day (the authorisation date) */
	sv_date authorised_to;   /* last authorised day, inclusive, or ROTATION_OPEN_END */
};

/* One period of the rotation. */
struct rotation_period {
	sv_date start; /* a Monday */
	sv_date end;   /* inclusive: start + period_days - 1 */
	/* Index into the caller's list and that provider's id; ROTATION_NO_PROVIDER
	 * and 0 when no provider is authorised at the start. */
	size_t provider_index;
	int64_t provider_id;
	/* Only from rotation_default_on(): the period's own provider was no longer
	 * authorised on the day, and provider_* name the one that stands in. */
	bool substitute;
};

/*
 * Put list[0..n) in rotation order: by authorised_from, then by id. The
 * functions below require this order (and check it).
 */
void rotation_sort(struct rotation_provider *list, size_t n);

/*
 * The periods number `periods` of the rotation, the first being the period
 * that contains `from`, written to out[0..periods). out may be NULL when
 * periods is 0.
 *
 * Errors (nothing written to out):
 *   SV_EINVAL "anchor" (KV-12): not a Monday;
 *   SV_EINVAL "period_days" (KV-12): not a positive multiple of 7 (every
 *             period starts on a Monday);
 *   SV_EINVAL "from" (KV-12): before the anchor;
 *   SV_EINVAL "periods": negative, or out is NULL;
 *   SV_EINVAL "providers[i].authorised_to" (KV-12): before authorised_from;
 *   SV_EINVAL "providers[i]" (KV-12): not in rotation order, or an id used
 *             twice (call rotation_sort());
 *   SV_ERANGE "anchor", "from", "providers[i].*" (CAL-1): a date outside the
 *             years 1-9999; "periods": the last period would end after
 *             9999-12-31.
 */
enum sv_rc rotation_periods(const struct rotation_provider *list, size_t n, sv_date anchor,
                            int period_days, sv_date from, int periods, struct rotation_period *out,
                            struct sv_error *err) SV_WUR;

/*
 * KV-13: the default provider for a choice recorded on day, with the period
 * that contains day. Errors as for rotation_periods() (field "day" instead
 * of "from"), and SV_ENOTFOUND (field "day", KV-13) when no provider of the
 * list is authorised on day.
 */
enum sv_rc rotation_default_on(const struct rotation_provider *list, size_t n, sv_date anchor,
                               int period_days, sv_date day, struct rotation_period *out,
                               struct sv_error *err) SV_WUR;

#endif
