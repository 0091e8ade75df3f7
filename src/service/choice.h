/*
 * choice.h - the customer's choice of provider (KV-11 ... KV-14, JP-4): the
 * comparison data per scheme (public, no personal data), the default
 * rotation of KV-12 with the rule pack's anchor and period, the default
 * provider of KV-13, and recording the choice.
 *
 * The rotation of a scheme uses the providers authorised for it (their
 * earliest authorisation for the scheme orders the list, KV-12) and the
 * rotation item of a pack valid on the date: a pack that defines one of the
 * scheme's interventions first, else any pack of the rulebook (jobbpeng
 * follows the kundval routines unless its pack says otherwise, JP-0).
 */
#ifndef SV_SERVICE_CHOICE_H
#define SV_SERVICE_CHOICE_H

#include "service/svc.h"
#include "stegvis/rotation.h"

/* The providers of a scheme in rotation order (KV-12) and the pack's rotation values. */
struct choice_rotation {
	struct store_provider_list providers; /* authorised for the scheme at some time */
	struct rotation_provider *list;       /* in rotation order, n entries */
	size_t n;
	sv_date anchor;
	int period_days;
	const char *rule; /* the pack's rule ID for the rotation, "KV-12" */
};
void choice_rotation_release(struct choice_rotation *r);
/* The rotation of scheme valid on day. SV_EINVAL (field "scheme", KV-1) for an
 * unknown scheme; SV_ENOTFOUND (field "scheme", KV-12) when no pack gives a
 * rotation valid on day. */
enum sv_rc choice_rotation_load(const struct svc *s, const char *scheme, sv_date day,
                                struct choice_rotation *out, struct sv_error *err) SV_WUR;
/* The name of the provider with id in r, or "" when none. */
const char *choice_provider_name(const struct choice_rotation *r, int64_t id);

/*
 * KV-13: the default provider for a choice recorded on day (the provider of
 * the period containing day, or the next authorised one when its
 * authorisation ended inside the period). SV_ENOTFOUND (field "day", KV-13)
 * when no provider is authorised on day.
 */
enum sv_rc choice_default(const struct svc *s, const char *scheme, sv_date day,
                          struct rotation_period *out, struct sv_error *err) SV_WUR;

/* KV-11: is the provider authorised for scheme on day? SV_EINVAL (field
 * "provider_id", KV-11) when not, SV_EINVAL when there is no such
 * provider in the tenant. */
enum sv_rc choice_check_authorised(const struct svc *s, int64_t provider_id, const char *scheme,
                                   sv_date day, struct sv_error *err) SV_WUR;

/*
 * The comparison tool (KV-11, JP-4): the providers authorised for scheme on
 * day with presentation, website, industries and contacts, in rotation order,
 * and the default provider of the period containing day (0 when none). No
 * personal data: callable without a user.
 */
struct choice_comparison {
	struct choice_rotation rot;
	const struct store_provider **authorised; /* into rot.providers, in rotation order */
	size_t n;
	struct rotation_period period; /* the current period and default provider (KV-13) */
	bool has_default;
};
void choice_comparison_release(struct choice_comparison *c);
enum sv_rc choice_comparison(const struct svc *s, const char *scheme, sv_date day,
                             struct choice_comparison *out, struct sv_error *err) SV_WUR;

/*
 * KV-11, KV-13: record the customer's choice for a granted intervention:
 * provider_id, or the default provider of today when use_default. The
 * provider must be authorised for the intervention's scheme today. Event
 * "choice.recorded" {intervention_id, provider_id, default, substitute}.
 */
enum sv_rc choice_record(const struct svc *s, int64_t intervention_id, int64_t provider_id,
                         bool use_default, struct sv_error *err) SV_WUR;

#endif
