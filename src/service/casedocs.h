/*
 * casedocs.h - what the use cases of documents, absence, messages,
 * meetings, incidents and staff changes share: loading an intervention the
 * caller may act on, the X-2 access log, the rule packs that govern an
 * intervention, the working-day calendar, and closing a use case's
 * transaction after the deadlines were recomputed.
 *
 * Visibility. An intervention outside the caller's scope for the
 * action is SV_ENOTFOUND, exactly like one that does not exist: provider
 * roles see their provider's interventions, unit roles their unit's, OWN
 * only those where the caller is the responsible counsellor; SV_EFORBIDDEN
 * when the role may not perform the action at all.
 */
#ifndef SV_SERVICE_CASEDOCS_H
#define SV_SERVICE_CASEDOCS_H

#include "service/svc.h"
#include "stegvis/calendar.h"
#include "stegvis/rules.h"
#include "stegvis/store_docs.h"

/* An intervention as a use case sees it. */
struct casedocs_case {
	struct store_intervention iv;
	int64_t staff_user_id; /* the provider's named case worker (KV-21), 0 when none */
	/* The life-cycle end reason (lifecycle.h) of an ended case, from
	 * intervention_details.end_cause or else mapped from the coarse
	 * iv.end_reason (lc_end_reason_display); NULL while not ended. Static. */
	const char *end_cause;
};
void casedocs_case_release(struct casedocs_case *c);

/* Load intervention id if the caller may perform a on it (see above). */
enum sv_rc casedocs_load(const struct svc *s, int64_t intervention_id, enum authz_action a,
                         struct casedocs_case *out, struct sv_error *err) SV_WUR;
/* May the caller perform a on the case of an intervention with these
 * provider, unit and counsellor? */
bool casedocs_visible(const struct svc *s, enum authz_action a, int64_t provider_id,
                      int64_t unit_id, int64_t counsellor_id);
/* SV_EFORBIDDEN (rule X-3) when the caller's role may not perform a at all. */
enum sv_rc casedocs_allowed(const struct svc *s, enum authz_action a, struct sv_error *err) SV_WUR;

/* log that the caller read the customer's data (purpose "case_work"). */
enum sv_rc casedocs_log_read(const struct svc *s, int64_t customer_id, const char *what,
                             struct sv_error *err) SV_WUR;

/*
 * The rule packs of the rulebook that define intervention code (on any
 * date), in the order of the rulebook; the lookups below take the first
 * item valid on the date they are asked for (CAL-3a).
 */
const struct rules_report_template *casedocs_template(const struct svc *s, const char *code,
                                                      sv_date on);
/* A limit or billing parameter for the intervention code valid on date on; NULL when none. */
const struct rules_param *casedocs_param(const struct svc *s, const char *code, sv_date on,
                                         enum rules_param_id id);
/* The deadline of the packs that counts from event from_event, valid on date on; NULL when none. */
const struct rules_deadline *casedocs_deadline_from(const struct svc *s, const char *code,
                                                    const char *from_event, sv_date on);
/* The referral list (KV-7) of the packs valid on date on, into out[0..max); returns the count. */
size_t casedocs_referrals(const struct svc *s, sv_date on, const struct rules_referral **out,
                          size_t max);

/* The country of the packs that define intervention code (CAL-3); Sweden
 * when none does. */
enum cal_country casedocs_country(const struct svc *s, const char *code);
/* d moved to the next working day of country c when it is not one (CAL-4). */
sv_date casedocs_roll(const struct svc *s, enum cal_country c, sv_date d);
/* The civil date of instant t in the zone of the country of code (CAL-1). */
sv_date casedocs_date_of(const struct svc *s, const char *code, sv_time t);

/*
 * Finish a use case's transaction: when rc is SV_OK, recompute the
 * intervention's obligations (when intervention_id is not 0) and commit;
 * otherwise, or when that fails, roll back. Returns the final rc.
 */
enum sv_rc casedocs_finish(const struct svc *s, int64_t intervention_id, enum sv_rc rc,
                           struct sv_error *err) SV_WUR;

/* Is s blank (NULL, empty or only white space)? */
bool casedocs_blank(const char *s);

#endif
