/*
 * store_case.h - the tables of the kundval and jobbpeng workflow
 * (sql/0002_workflow.sql): the workflow columns of an intervention and its
 * details, assessments, provider proposals, weekly contacts, deviations,
 * provider deficiencies, jobbpeng supplements and bonus claims, and the
 * materialised obligations with their inbox, sweep and timeliness queries.
 *
 * The conventions of store.h hold: every query is scoped by tenant;
 * every write takes a struct store_write and appends its event in the same
 * transaction, joining the caller's transaction when one is open;
 * structs filled here own their strings (release them); structs passed in are
 * only read (new ids are written back). The obligations are derived data:
 * replacing them writes no event (the event that changed the case is the
 * caller's).
 *
 * Events. Write functions take the event kind and a JSON object payload
 * (text, NULL = {}) from the caller, because the service knows what happened
 * (a rule-pack event such as "assignment.issued", which is also a deadline
 * fact, see src/service/obligations.h); the store adds nothing to it.
 */
#ifndef SV_STORE_CASE_H
#define SV_STORE_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/store.h"

/* ---- An intervention with its workflow details ------------------------------ */

struct store_case {
	struct store_intervention iv; /* the interventions row (store.h) */
	int64_t staff_user_id;        /* KV-21: the provider's case worker; 0 = none */
	int extension_months;         /* KV-50: 0..2 */
	/* intervention_details (defaults when the row does not exist yet) */
	int64_t assessment_id;       /* 0 = none */
	char *target_group;          /* KV-2 / JP-1 group that matched, or NULL */
	char *outside_target_reason; /* JP-1: granted outside the primary groups */
	bool default_choice;         /* KV-13 */
	int extent_percent;          /* KV-4: 1..100, default 100 */
	char *part_time_reason;      /* KV-4: required below 100 */
	char *brief;                 /* KV-22 */
	char *future_plan;           /* KV-10, KV-22 */
	char *end_cause;             /* lifecycle.h end reason name, NULL until ended */
	char *end_note;
	sv_date end_decided_on; /* KV-61: the day the ending was decided */
	bool reason_withheld;   /* KV-52: the end reason is not shown to the provider */
	int extended_days;      /* JP-0 */
	/* Read only (store_case_get; never written): the display names of the
	 * counsellor and the provider's case worker, NULL when none. */
	char *counsellor_name;
	char *staff_user_name;
};
void store_case_release(struct store_case *c);

/* The intervention and its details; SV_ENOTFOUND (field "intervention_id"). */
enum sv_rc store_case_get(struct store *st, int64_t tenant, int64_t intervention_id,
                          struct store_case *out, struct sv_error *err) SV_WUR;

/*
 * Write every changeable column of c (provider, counsellor, unit, start,
 * planned and actual end, state, end reason, staff user, extension months)
 * and its details (created when missing), and append the event kind with
 * payload on the customer's chain. Optimistic: the row must still have the
 * updated_at that c was read with, else SV_ECONFLICT (field
 * "intervention_id", rule "store:busy") and nothing is written; on success
 * c->iv.updated_at is w->at. The interventions CHECKs apply (SV_EINVAL
 * "store:check"): an ended intervention has an end reason and end date.
 */
enum sv_rc store_case_save(struct store *st, const struct store_write *w, struct store_case *c,
                           const char *kind, const char *payload, struct sv_error *err) SV_WUR;

/*
 * How ended interventions ended, for a list that has only the coarse
 * interventions row (store.h): the life-cycle end cause and whether the
 * reason is withheld from the provider (KV-52). One query per
 * STORE_CASE_ENDINGS_CHUNK ids (a page of a list, never a query per row).
 */
#define STORE_CASE_ENDINGS_CHUNK 16
struct store_case_ending {
	int64_t intervention_id;
	char *end_cause; /* lifecycle.h name, NULL when none recorded */
	bool reason_withheld;
};
struct store_case_ending_list {
	struct store_case_ending *v;
	size_t n;
};
void store_case_ending_list_release(struct store_case_ending_list *l);
/* The rows of the interventions ids[0..n) that have details (any order of ids; unknown ids are
 * left out). */
enum sv_rc store_case_endings(struct store *st, int64_t tenant, const int64_t *ids, size_t n,
                              struct store_case_ending_list *out, struct sv_error *err) SV_WUR;

/* Assigned interventions whose start date is on or before today (at most max), by id. */
enum sv_rc store_case_due_starts(struct store *st, int64_t tenant, sv_date today, int64_t *ids,
                                 size_t max, size_t *n, struct sv_error *err) SV_WUR;

/* ---- Assessments (KV-10) ---------------------------------------------------- */

struct store_assessment {
	int64_t id;
	int64_t customer_id;
	int64_t made_by;
	sv_date made_on;
	sv_time made_at;
	char *assessment;
	char *future_plan;
};
struct store_assessment_list {
	struct store_assessment *v;
	size_t n;
	int64_t next;
};
void store_assessment_release(struct store_assessment *a);
void store_assessment_list_release(struct store_assessment_list *l);
/* Event "assessment.recorded" {assessment_id}; made_by and made_at are w's. */
enum sv_rc store_assessment_add(struct store *st, const struct store_write *w,
                                struct store_assessment *a, struct sv_error *err) SV_WUR;
enum sv_rc store_assessment_get(struct store *st, int64_t tenant, int64_t id,
                                struct store_assessment *out, struct sv_error *err) SV_WUR;
enum sv_rc store_assessment_list(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_page page, struct store_assessment_list *out,
                                 struct sv_error *err) SV_WUR;

/* ---- Provider proposals ------------------------------------------------------- */

struct store_proposal {
	int64_t id;
	int64_t intervention_id;
	int64_t customer_id;
	int64_t provider_id;
	char *kind;  /* extension, end, start_date, another_intervention */
	char *state; /* pending, approved, rejected, replaced */
	char *justification;
	char *end_reason;    /* kind end: a lifecycle.h end reason */
	sv_date proposed_on; /* start_date: the new start; end: the end date; else SV_NO_DATE */
	int months;          /* extension: months (0 = not given) */
	int64_t made_by;
	sv_time made_at;
	int64_t decided_by; /* 0 while pending */
	sv_time decided_at;
	char *decision_reason;
	int64_t replaced_by; /* the newer proposal, when replaced */
	/* Read only: the users' display names (NULL when none or unknown), nothing else of them. */
	char *made_by_name;
	char *decided_by_name;
};
struct store_proposal_list {
	struct store_proposal *v;
	size_t n;
	int64_t next;
};
void store_proposal_release(struct store_proposal *p);
void store_proposal_list_release(struct store_proposal_list *l);
/* A new pending proposal; p->id receives the id. Event kind with payload. */
enum sv_rc store_proposal_add(struct store *st, const struct store_write *w,
                              struct store_proposal *p, const char *kind, const char *payload,
                              struct sv_error *err) SV_WUR;
enum sv_rc store_proposal_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_proposal *out, struct sv_error *err) SV_WUR;
/* The pending proposal of kind for the intervention; SV_ENOTFOUND when none. */
enum sv_rc store_proposal_pending(struct store *st, int64_t tenant, int64_t intervention_id,
                                  const char *kind, struct store_proposal *out,
                                  struct sv_error *err) SV_WUR;
/*
 * Move a proposal from state `from` to `to` (decided_by w->actor, decided_at
 * w->at, reason, replaced_by may be 0). SV_ECONFLICT when it is no longer in
 * `from` (someone decided first). Event kind with payload.
 */
enum sv_rc store_proposal_set_state(struct store *st, const struct store_write *w, int64_t id,
                                    const char *from, const char *to, const char *reason,
                                    int64_t replaced_by, const char *kind, const char *payload,
                                    struct sv_error *err) SV_WUR;
/* Filter: intervention (0 = any), state (NULL = any), provider (0 = any). */
struct store_proposal_filter {
	int64_t intervention_id;
	int64_t provider_id;
	int64_t unit_id;       /* interventions of this unit; 0 = any */
	int64_t counsellor_id; /* interventions of this counsellor; 0 = any */
	const char *state;
};
enum sv_rc store_proposal_list(struct store *st, int64_t tenant,
                               const struct store_proposal_filter *f, struct store_page page,
                               struct store_proposal_list *out, struct sv_error *err) SV_WUR;

/* ---- Running: weekly contacts (KV-30) and deviations (KV-34) ------------------ */

struct store_contact_log {
	int64_t id;
	int64_t intervention_id;
	sv_date contact_on;
	char *channel; /* in_person, phone, video, message, other */
	char *note;
	int64_t recorded_by;
	sv_time recorded_at;
	char *recorded_by_name; /* read only: the user's display name, NULL when unknown */
};
struct store_contact_log_list {
	struct store_contact_log *v;
	size_t n;
	int64_t next;
};
void store_contact_log_list_release(struct store_contact_log_list *l);
/* Event "contact.recorded" {intervention_id, contact_log_id, on, channel}. */
enum sv_rc store_contact_log_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                 struct store_contact_log *c, struct sv_error *err) SV_WUR;
/* In order of contact date, then id. */
enum sv_rc store_contact_log_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                  struct store_page page, struct store_contact_log_list *out,
                                  struct sv_error *err) SV_WUR;

struct store_deviation {
	int64_t id;
	int64_t intervention_id;
	sv_date occurred_on;
	char *description;
	bool affects_assistance; /* KV-34: the social worker decides about assistance */
	int64_t recorded_by;
	sv_time recorded_at;
	char *recorded_by_name; /* read only: the user's display name, NULL when unknown */
};
struct store_deviation_list {
	struct store_deviation *v;
	size_t n;
	int64_t next;
};
void store_deviation_list_release(struct store_deviation_list *l);
/* Event "deviation.reported" {intervention_id, deviation_id, on, affects_assistance}. */
enum sv_rc store_deviation_add(struct store *st, const struct store_write *w, int64_t customer_id,
                               struct store_deviation *d, struct sv_error *err) SV_WUR;
enum sv_rc store_deviation_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                struct store_page page, struct store_deviation_list *out,
                                struct sv_error *err) SV_WUR;

/* ---- Provider deficiencies (KV-53) --------------------------------------------- */

struct store_deficiency {
	int64_t id;
	int64_t provider_id;
	int64_t intervention_id; /* 0 = not about one intervention */
	char *kind;              /* late_reporting, missing_information, not_following_plan,
	                            no_progression_follow_up, other */
	sv_date noted_on;
	char *note;
	int64_t recorded_by;
	sv_time recorded_at;
};
struct store_deficiency_list {
	struct store_deficiency *v;
	size_t n;
	int64_t next;
};
void store_deficiency_list_release(struct store_deficiency_list *l);
/* Event "provider.deficiency" on the admin chain, or the case chain when
 * customer_id is given. */
enum sv_rc store_deficiency_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                struct store_deficiency *d, struct sv_error *err) SV_WUR;
/* A provider's deficiencies noted in [from, to]. */
enum sv_rc store_deficiency_list(struct store *st, int64_t tenant, int64_t provider_id,
                                 sv_date from, sv_date to, struct store_page page,
                                 struct store_deficiency_list *out, struct sv_error *err) SV_WUR;

/* ---- Jobbpeng: supplementary vouchers (JP-7) and bonus claims (JP-8) ----------- */

struct store_supplement {
	int64_t id;
	int64_t intervention_id;
	int64_t amount_ore;
	char *purpose;
	char *justification;
	char *state; /* pending, granted, refused */
	int64_t applied_by;
	sv_date applied_on;
	sv_time applied_at;
	int64_t decided_by;
	sv_date decided_on; /* SV_NO_DATE while pending */
	sv_time decided_at;
	char *decision_reason;
};
struct store_supplement_list {
	struct store_supplement *v;
	size_t n;
	int64_t next;
};
void store_supplement_release(struct store_supplement *s);
void store_supplement_list_release(struct store_supplement_list *l);
/* Event "supplement.applied". */
enum sv_rc store_supplement_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                struct store_supplement *s, struct sv_error *err) SV_WUR;
enum sv_rc store_supplement_get(struct store *st, int64_t tenant, int64_t id,
                                struct store_supplement *out, struct sv_error *err) SV_WUR;
/* pending -> granted | refused on day; SV_ECONFLICT when no longer pending.
 * Event "supplement.decided". */
enum sv_rc store_supplement_decide(struct store *st, const struct store_write *w,
                                   int64_t customer_id, int64_t id, const char *state, sv_date day,
                                   const char *reason, struct sv_error *err) SV_WUR;
enum sv_rc store_supplement_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                 struct store_page page, struct store_supplement_list *out,
                                 struct sv_error *err) SV_WUR;

struct store_bonus_claim {
	int64_t id;
	int64_t intervention_id;
	sv_date qualifying_from; /* the day after the end date (JP-8) */
	sv_date eligible_on;     /* qualifying_from + the pack's qualifying period */
	char *proof;             /* JSON array of the proof items */
	char *state;             /* pending, approved, rejected */
	int64_t claimed_by;
	sv_date claimed_on;
	sv_time claimed_at;
	int64_t decided_by;
	sv_date decided_on;
	sv_time decided_at;
	char *decision_reason;
};
struct store_bonus_claim_list {
	struct store_bonus_claim *v;
	size_t n;
	int64_t next;
};
void store_bonus_claim_release(struct store_bonus_claim *b);
void store_bonus_claim_list_release(struct store_bonus_claim_list *l);
/* Event "bonus.claimed". */
enum sv_rc store_bonus_claim_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                 struct store_bonus_claim *b, struct sv_error *err) SV_WUR;
enum sv_rc store_bonus_claim_get(struct store *st, int64_t tenant, int64_t id,
                                 struct store_bonus_claim *out, struct sv_error *err) SV_WUR;
/* pending -> approved | rejected; event "bonus.decided". */
enum sv_rc store_bonus_claim_decide(struct store *st, const struct store_write *w,
                                    int64_t customer_id, int64_t id, const char *state, sv_date day,
                                    const char *reason, struct sv_error *err) SV_WUR;
enum sv_rc store_bonus_claim_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                  struct store_page page, struct store_bonus_claim_list *out,
                                  struct sv_error *err) SV_WUR;

/* ---- Meetings of the start-up and jobbpeng follow-up (KV-23, JP-5) -------------- */

/* A meeting that was held (meetings table, outcome "held"); kind "start_up" or
 * "follow_up". *id receives its id. Event kind with payload. */
enum sv_rc store_case_meeting_held(struct store *st, const struct store_write *w,
                                   int64_t customer_id, int64_t intervention_id,
                                   const char *meeting_kind, sv_time starts_at, const char *note,
                                   const char *kind, const char *payload, int64_t *id,
                                   struct sv_error *err) SV_WUR;

/* ---- Case facts for the deadline engine ---------------------------------------- */

/* A case event not yet read as a fact (see service/obligations.h). */
struct store_case_event {
	int64_t id;
	char *kind;
	sv_time at;
	char *payload; /* canonical JSON */
};
/* A deadline fact of one intervention. */
struct store_case_fact {
	int64_t event_id;
	int64_t intervention_id;
	char *name; /* the rule-pack event name */
	sv_date on; /* the civil date it counts on */
	sv_time at; /* an instant of that date */
	char *key;  /* "" when none */
};
/* Growing lists, reused across calls (n is reset, storage kept). */
struct store_case_event_list {
	struct store_case_event *v;
	size_t n, alloc;
};
struct store_case_fact_list {
	struct store_case_fact *v;
	size_t n, alloc;
};
void store_case_event_list_release(struct store_case_event_list *l);
void store_case_fact_list_release(struct store_case_fact_list *l);

/*
 * The customer's case events after the last one read as facts (the
 * customer's watermark), oldest first, into out; *last receives the id of
 * the newest event of the chain (the watermark to set), 0 when none.
 */
enum sv_rc store_case_new_events(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_case_event_list *out, int64_t *last,
                                 struct sv_error *err) SV_WUR;
/*
 * Record facts f[0..n) of the customer (an event already recorded is left
 * as it is) and move the customer's watermark to last. No event (derived
 * data). Runs in the caller's transaction when one is open.
 */
enum sv_rc store_case_facts_add(struct store *st, int64_t tenant, int64_t customer_id,
                                const struct store_case_fact *f, size_t n, int64_t last,
                                struct sv_error *err) SV_WUR;
/* The facts of one intervention by date, then instant, then event. */
enum sv_rc store_case_facts(struct store *st, int64_t tenant, int64_t intervention_id,
                            struct store_case_fact_list *out, struct sv_error *err) SV_WUR;

/* ---- Obligations ------------------------------------------------------------- */

struct store_obligation {
	int64_t id;
	int64_t customer_id;
	int64_t intervention_id;
	int64_t counsellor_id; /* the intervention's, at the last recompute; 0 = none */
	int64_t provider_id;
	int64_t unit_id;
	char *deadline; /* the pack's deadline id, "plan_submission" */
	int seq;        /* (deadline, seq) names it within the intervention */
	char *rule;     /* "KV-24" */
	char *actor;    /* "provider", "counsellor", ... */
	char *what;     /* the task as the pack words it */
	char *key;      /* "YYYY-MM" for monthly ones, an id, or "" */
	sv_date from_on;
	sv_date due_on;
	sv_time due_at; /* 0 unless counted in hours */
	char *status;   /* open, met_on_time, met_late, missed */
	sv_date met_on; /* SV_NO_DATE unless met */
	sv_time met_at;
	int days_late;   /* met_late: met_on - due_on; else 0 as stored */
	bool over_limit; /* KV-53: met later than the limit after due */
	char *code;      /* list queries: the intervention's code */
};
struct store_obligation_list {
	struct store_obligation *v;
	size_t n;
	int64_t next;
};
void store_obligation_release(struct store_obligation *o);
void store_obligation_list_release(struct store_obligation_list *l);

/*
 * Replace the obligations of one intervention by v[0..n) (their ids are not
 * read) and set its wake-up day (SV_NO_DATE: none). Rows whose values did
 * not change are kept as they are. No event (derived data). Runs in the
 * caller's transaction when one is open.
 */
enum sv_rc store_obligations_replace(struct store *st, int64_t tenant, int64_t intervention_id,
                                     const struct store_obligation *v, size_t n, sv_date wake_on,
                                     struct sv_error *err) SV_WUR;

/* Which obligations a list returns. Exactly one of the ids selects the
 * rows: intervention, customer, counsellor, provider or unit (in that order
 * of precedence), or else all_unmet the whole tenant's; the inbox kinds
 * (counsellor, provider, unit, all_unmet) return only unmet obligations
 * (open or missed) due on or before due_until. */
struct store_obligation_filter {
	int64_t intervention_id;
	int64_t customer_id;
	int64_t counsellor_id;
	int64_t provider_id;
	int64_t unit_id;
	bool all_unmet;
	const char *actor; /* NULL = any */
	sv_date due_until; /* inbox kinds: SV_NO_DATE = no limit */
};
/* Rows ordered by due date, then id; page.after is the id of the last row
 * of the previous page. */
enum sv_rc store_obligation_list(struct store *st, int64_t tenant,
                                 const struct store_obligation_filter *f, struct store_page page,
                                 struct store_obligation_list *out, struct sv_error *err) SV_WUR;

/*
 * Mark every open obligation of the tenant that is past due as of today/now
 * missed (hour deadlines by due_at). *marked (may be NULL) receives the
 * count. No event (derived data; the status follows from the facts).
 */
enum sv_rc store_obligations_sweep(struct store *st, int64_t tenant, sv_date today, sv_time now,
                                   int64_t *marked, struct sv_error *err) SV_WUR;
/* Interventions whose wake-up day is on or before today (at most max). */
enum sv_rc store_obligation_wakeups(struct store *st, int64_t tenant, sv_date today, int64_t *ids,
                                    size_t max, size_t *n, struct sv_error *err) SV_WUR;

/* Counts of one provider's obligations of one kind (KV-53). */
struct store_timeliness {
	int64_t provider_id;
	char *deadline;
	char *rule;
	int64_t open, on_time, late, missed;
	int64_t over_limit; /* met late by more than the limit, or missed since before cutoff */
	int32_t max_days_late;
};
struct store_timeliness_list {
	struct store_timeliness *v;
	size_t n;
};
void store_timeliness_list_release(struct store_timeliness_list *l);
/*
 * Timeliness of the obligations owed by actor (e.g. "provider") due in
 * [from, to], per provider (0 = every provider) and deadline, as of today;
 * a missed obligation due before cutoff counts as over the limit.
 */
enum sv_rc store_obligation_timeliness(struct store *st, int64_t tenant, int64_t provider_id,
                                       const char *actor, sv_date from, sv_date to, sv_date today,
                                       sv_date cutoff, struct store_timeliness_list *out,
                                       struct sv_error *err) SV_WUR;

#endif
