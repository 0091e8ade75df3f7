/*
 * provider_duties.h - what a provider reports about itself and what it is
 * shown: staff changes (KV-83) and the referral list (KV-7).
 *
 * Staff changes: a member of staff joins, leaves or changes role; reported
 * to the municipality (counsellors, supervisors, administrators read them).
 * A new employee applies for system access on the first day of employment
 * (KV-83): access_requested_on, when given, is compared with the first day
 * (access_late). The provider's staff report and read only their own
 * provider's changes.
 *
 * The referral list (KV-7) is rule-pack data: topic, where it goes, and an
 * optional text, shown to provider staff (and everyone else who works with
 * the cases).
 */
#ifndef SV_SERVICE_PROVIDER_DUTIES_H
#define SV_SERVICE_PROVIDER_DUTIES_H

#include "service/svc.h"
#include "stegvis/rules.h"
#include "stegvis/store_docs.h"

struct staff_change_input {
	const char *kind; /* joined, left, changed */
	const char *staff_name;
	const char *staff_role;
	sv_date effective_on;
	int64_t user_id;             /* the person's account, 0 when none */
	sv_date access_requested_on; /* joined only; SV_NO_DATE when not yet */
	const char *note;
};

/* The provider is the caller's; s->who must be provider staff. */
enum sv_rc staff_changes_report(const struct svc *s, const struct staff_change_input *in,
                                struct store_staff_change *out, struct sv_error *err) SV_WUR;
/* Staff changes visible to the caller; provider_id narrows them (0 = all visible). */
enum sv_rc staff_changes_list(const struct svc *s, int64_t provider_id, struct store_page page,
                              struct store_staff_change_list *out, struct sv_error *err) SV_WUR;
/* KV-83: access applied for after the first day (false when not known). */
bool staff_change_access_late(const struct store_staff_change *c);

/* The referral list valid today (KV-7): *n entries into out[0..max). */
enum sv_rc referrals_list(const struct svc *s, const struct rules_referral **out, size_t max,
                          size_t *n, struct sv_error *err) SV_WUR;

#endif
