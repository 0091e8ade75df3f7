/*
 * casework.h - the life of an intervention after the decision: start-up
 * (KV-20 ... KV-24), running (KV-30, KV-34), changes and endings
 * (KV-14, KV-50 ... KV-53), and the helpers the workflow's use cases share.
 *
 * Every action follows the same path: authorise by scope (X-3: an
 * intervention outside the caller's scope is SV_ENOTFOUND), begin a
 * transaction, load the intervention, catch up on the date (an assigned
 * intervention whose start date has come is started first, KV-24), apply
 * the life-cycle rule of core (lc_intervention_apply: a refused transition
 * is SV_ESTATE naming the state and the action), write the new state with
 * one event, recompute the obligations (obligations.h) and commit. Bad
 * input is SV_EINVAL naming the field and the rule, and changes nothing
 * (X-4).
 *
 * Scopes: ACT_CASE_DECIDE (the responsible counsellor, OWN: the
 * intervention's counsellor; a supervisor of the unit), ACT_CASE_EXTEND
 * (KV-50: a supervisor), ACT_CASE_PROVIDER (the provider's staff, PROVIDER:
 * the intervention's provider), ACT_CASE_READ for the reads.
 *
 * Event kinds are the rule-pack vocabulary where the event is a deadline
 * fact ("queued", "staffed", "assignment.issued", "startup_meeting.held",
 * "intervention.end_decided", "intervention.aborted",
 * "follow_up_meeting.held"), with the payload of obligations.h; the others
 * are "intervention.started", "intervention.start_changed",
 * "intervention.extended", "intervention.ended", "intervention.cancelled",
 * "intervention.provider_switched".
 */
#ifndef SV_SERVICE_CASEWORK_H
#define SV_SERVICE_CASEWORK_H

#include "service/svc.h"
#include "stegvis/lifecycle.h"
#include "stegvis/store_case.h"

/* ---- Shared by the workflow's use cases ---------------------------------------- */

/*
 * Load an intervention for action a: SV_EFORBIDDEN when the caller's role
 * has no scope for a; SV_ENOTFOUND (field "intervention_id", X-3) when it
 * does not exist or lies outside the scope. When what is non-NULL the read
 * is logged with purpose "case_work".
 */
enum sv_rc casework_load(const struct svc *s, int64_t intervention_id, enum authz_action a,
                         const char *what, struct store_case *out, struct sv_error *err) SV_WUR;
/* log that the caller read customer's data (what names it); no-op for the system. */
enum sv_rc casework_log_read(const struct svc *s, int64_t customer_id, const char *what,
                             struct sv_error *err) SV_WUR;
/* The life-cycle facts of a stored intervention (SV_EINVAL for an unknown state). */
enum sv_rc casework_lc_of(const struct store_case *c, struct lc_intervention *out,
                          struct sv_error *err) SV_WUR;
/*
 * Save c with event kind and payload (a JSON object text) and recompute its
 * obligations, inside the caller's transaction.
 */
enum sv_rc casework_save(const struct svc *s, struct store_case *c, const char *kind,
                         const char *payload, struct sv_error *err) SV_WUR;
/*
 * KV-24: an assigned intervention whose start date is today or earlier is
 * started (event "intervention.started"), inside the caller's transaction.
 * *changed (may be NULL) tells whether it was.
 */
enum sv_rc casework_catch_up(const struct svc *s, struct store_case *c, bool *changed,
                             struct sv_error *err) SV_WUR;
/*
 * The planned end of an intervention of code starting on start: the pack's
 * maximum duration counted inclusively (3 months from 5 February end on 4
 * May; 100 days from 1 March end on 8 June), plus extended_days. SV_EINVAL
 * (field "code", KV-1) when no pack valid on start defines the code.
 */
enum sv_rc casework_planned_end(const struct svc *s, const char *code, sv_date start,
                                int extended_days, sv_date *out, struct sv_error *err) SV_WUR;
/* The JSON payload {"intervention_id": id, "on": today} plus the members of
 * extra (may be NULL; stolen), as text the caller frees; NULL on ENOMEM. */
struct json_t;
char *casework_payload(const struct svc *s, int64_t intervention_id, struct json_t *extra);
/* The interventions row's end reason (the coarse column) for a life-cycle
 * reason: lc_end_reason_stored(), "other" for LC_END_NONE. */
const char *casework_db_end_reason(enum lc_end_reason r);

/* ---- Start-up (KV-20 ... KV-24) ------------------------------------------------- */

/* KV-20: granted -> queued at the chosen provider (a choice must be recorded). */
enum sv_rc casework_queue(const struct svc *s, int64_t id, struct sv_error *err) SV_WUR;
/* KV-21: queued -> staffed; staff_user_id (0: the caller) is a user of the provider. */
enum sv_rc casework_staff(const struct svc *s, int64_t id, int64_t staff_user_id,
                          struct sv_error *err) SV_WUR;

struct casework_assignment {
	sv_date start_on;             /* SV_NO_DATE: today (KV-24) */
	const char *brief;            /* the assignment's description (KV-22), required */
	const char *future_plan;      /* may be NULL */
	int extent_percent;           /* KV-4: 0 = 100 (full time) */
	const char *part_time_reason; /* required below 100 */
};
/* KV-22, KV-24: staffed -> assigned with a start date and the planned end. */
enum sv_rc casework_assign(const struct svc *s, int64_t id, const struct casework_assignment *a,
                           struct sv_error *err) SV_WUR;
/*
 * KV-24: another start date for an assigned intervention (the planned end
 * moves with it). reason is required (SV_EINVAL, field "reason", X-4, when
 * NULL, empty or only white space) and kept with the change: it is the
 * reason of the event "intervention.start_changed" and the payload's
 * "reason" next to "from", "start_on" and "planned_end_on", which is what
 * GET /customers/{id}/events lists as the intervention's start-date changes.
 */
enum sv_rc casework_change_start(const struct svc *s, int64_t id, sv_date start_on,
                                 const char *reason, struct sv_error *err) SV_WUR;
/* KV-23: the provider held the start-up meeting on held_on (not after today). */
enum sv_rc casework_startup_meeting(const struct svc *s, int64_t id, sv_date held_on,
                                    const char *note, struct sv_error *err) SV_WUR;

/* ---- Running (KV-30, KV-34) --------------------------------------------------------- */

enum sv_rc casework_contact_add(const struct svc *s, int64_t id, struct store_contact_log *c,
                                struct sv_error *err) SV_WUR;

/*
 * KV-30: a stretch longer than the pack's customer_contact_interval without
 * a contact, counted the same way as next_due: a gap is reported when a
 * contact (or today) lies after the due date of the one before.
 */
struct casework_gap {
	sv_date from; /* the day after the last contact (or the start) */
	sv_date to;   /* the day of the next contact, or today */
};
struct casework_contacts {
	struct store_contact_log_list list;
	int interval_days; /* the pack's customer_contact_interval; 0 when none */
	/*
	 * The last day the next contact is on time (KV-30, "at least one a
	 * week"): before any contact, start + interval - 1 (the first week is
	 * the start day and the six days after it: started Monday 2024-06-03,
	 * due Sunday 2024-06-09); after the latest contact on day D, D +
	 * interval (a contact on Wednesday 2024-06-05: Wednesday 2024-06-12).
	 * SV_NO_DATE without an interval or before the start.
	 */
	sv_date next_due;
	bool overdue; /* next_due is before today and the intervention runs */
	struct casework_gap *gaps;
	size_t n_gaps;
};
void casework_contacts_release(struct casework_contacts *c);
/* Every contact of a running or ended intervention and the KV-30 check up to today. */
enum sv_rc casework_contacts(const struct svc *s, int64_t id, struct casework_contacts *out,
                             struct sv_error *err) SV_WUR;

enum sv_rc casework_deviation_add(const struct svc *s, int64_t id, struct store_deviation *d,
                                  struct sv_error *err) SV_WUR;
enum sv_rc casework_deviations(const struct svc *s, int64_t id, struct store_page page,
                               struct store_deviation_list *out, struct sv_error *err) SV_WUR;

/* ---- Changes and endings (KV-14, KV-50 ... KV-53) ------------------------------------ */

/*
 * KV-50: extend a running intervention by months (one step of the pack's
 * extension_step, at most extension_max_total in all), decided by a
 * supervisor. For an intervention whose pack marks it extendable without
 * KV-50 limits (jobbpeng, JP-0) the counsellor extends by days instead
 * (months 0, days 1..366).
 */
enum sv_rc casework_extend(const struct svc *s, int64_t id, int months, int days,
                           const char *reason, struct sv_error *err) SV_WUR;

struct casework_ending {
	enum lc_end_reason reason; /* KV-51, KV-52 */
	sv_date end_on;            /* SV_NO_DATE: today; not before the start */
	const char *note;
	bool withhold_reason; /* KV-52: the customer does not want the provider told */
};
/*
 * KV-51, KV-52: end a running intervention (the end document). An ending
 * for another reason than "completed" is decided early (event
 * "intervention.end_decided": the KV-61 final report is due 14 days after);
 * a reason outside the provider's control is also an abort (KV-62, event
 * "intervention.aborted").
 */
enum sv_rc casework_end(const struct svc *s, int64_t id, const struct casework_ending *e,
                        struct sv_error *err) SV_WUR;
/* KV-52: withdraw a granted, queued, staffed or assigned intervention. */
enum sv_rc casework_cancel(const struct svc *s, int64_t id, const char *reason,
                           struct sv_error *err) SV_WUR;
/*
 * KV-14: switch provider (provider_id, or 0 for the default of the rotation,
 * KV-13). Before the start the intervention is queued again at the new
 * provider (*new_id = id); after the start it is ended with reason
 * provider_switch on end_on (SV_NO_DATE: today) and a new one of the same
 * code is granted with the new provider chosen (*new_id).
 */
enum sv_rc casework_switch_provider(const struct svc *s, int64_t id, int64_t provider_id,
                                    sv_date end_on, const char *reason, int64_t *new_id,
                                    struct sv_error *err) SV_WUR;

/* KV-53: a deficiency of a provider noted by the municipality. */
enum sv_rc casework_deficiency_add(const struct svc *s, struct store_deficiency *d,
                                   struct sv_error *err) SV_WUR;
/* A provider's recorded deficiencies noted in [from, to] (SV_NO_DATE: the last 12 months). */
enum sv_rc casework_deficiencies(const struct svc *s, int64_t provider_id, sv_date from, sv_date to,
                                 struct store_page page, struct store_deficiency_list *out,
                                 struct sv_error *err) SV_WUR;

/*
 * The same actions on an intervention the caller has loaded inside its own
 * transaction (proposals apply them on approval, obligations follow).
 */
enum sv_rc casework_extend_loaded(const struct svc *s, struct store_case *c, int months, int days,
                                  const char *reason, struct sv_error *err) SV_WUR;
enum sv_rc casework_end_loaded(const struct svc *s, struct store_case *c,
                               const struct casework_ending *e, struct sv_error *err) SV_WUR;
enum sv_rc casework_change_start_loaded(const struct svc *s, struct store_case *c, sv_date start_on,
                                        const char *reason, struct sv_error *err) SV_WUR;

/* ---- Reads ------------------------------------------------------------------------------ */

/* One intervention with its workflow details (X-3, logged). The end reason
 * is hidden from provider roles when withheld (KV-52): end_cause is then
 * NULL and iv.end_reason "withheld". */
enum sv_rc casework_get(const struct svc *s, int64_t id, struct store_case *out,
                        struct sv_error *err) SV_WUR;

/*
 * The system's part of the life cycle (a job, ACT_OBLIGATION_SWEEP): start
 * every assigned intervention whose start date has come (KV-24). *started
 * (may be NULL) receives the count.
 */
enum sv_rc casework_start_due(const struct svc *s, int64_t *started, struct sv_error *err) SV_WUR;

#endif
