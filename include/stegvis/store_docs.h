/*
 * store_docs.h - persistence of a case's documents (plan, monthly reports,
 * final report) with their versions, sections and reviews; absences;
 * meetings; messages; data incidents and staff changes. The same contract
 * as store.h: one API over SQLite and PostgreSQL, every query scoped by
 * tenant, every write with its event in the same transaction,
 * no clock (times come from the caller), no rules (the service applies
 * core's state machines and limits before it writes).
 *
 * Events. Each write appends exactly one event to the customer's case chain
 * (the admin chain when no customer is concerned). The caller names it in a
 * struct store_docs_event: a rule-pack vocabulary name such as
 * "plan.submitted" or "monthly_report.returned" when the write is a fact the
 * deadline engine counts (service/obligations.h describes the payload it
 * reads), or NULL for the function's own default kind ("document.saved",
 * "absence.updated", ...). The payload always holds the ids of the rows
 * written and the intervention id; "key", "on" and "occurred_at" are added
 * when given; it never holds free text (names, message bodies,
 * descriptions), only ids, states and dates (data-model.md).
 *
 * Documents are the source of truth for submission and review dates, which
 * billing reads (KV-72): documents.first_submitted_at is the first
 * submission of any version; document_versions.submitted_at each version's;
 * document_reviews each decision with its time.
 *
 * Memory: as store.h. Structs filled here own their strings and arrays;
 * release them with the matching *_release(). Structs passed in are only
 * read (new ids are written back).
 */
#ifndef SV_STORE_DOCS_H
#define SV_STORE_DOCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/store.h"

/* The event a write appends. All members optional (zero = absent). */
struct store_docs_event {
	const char *kind;    /* NULL: the function's default kind */
	const char *key;     /* payload "key": a report month "YYYY-MM" or an id */
	sv_date on;          /* payload "on" (the civil date of the fact); 0 or SV_NO_DATE: none */
	sv_time occurred_at; /* payload "occurred_at" (µs UTC); 0: none */
	const char *code;    /* payload "code": a vocabulary value (e.g. a KV-44 reason), or NULL */
};

/* The customer and intervention state an intervention id names (for
 * services that need only these). SV_ENOTFOUND when not in the tenant. */
struct store_docs_case {
	int64_t intervention_id;
	int64_t customer_id;
	int64_t provider_id;   /* 0 until chosen */
	int64_t unit_id;       /* 0 when none */
	int64_t counsellor_id; /* 0 when none */
	int64_t staff_user_id; /* the provider's named case worker (KV-21), 0 when none */
	/* intervention_details.end_cause: the life-cycle end reason
	 * (lifecycle.h), "" when none is recorded. */
	char end_cause[32];
};
enum sv_rc store_docs_case_get(struct store *st, int64_t tenant, int64_t intervention_id,
                               struct store_docs_case *out, struct sv_error *err) SV_WUR;

/*
 * Does the customer's case chain hold an event of kind whose payload key is
 * key? (Facts that must be recorded once, such as sick day 8, KV-41.) key
 * must not contain '%', '_' or '"'.
 */
enum sv_rc store_docs_event_exists(struct store *st, int64_t tenant, int64_t customer_id,
                                   const char *kind, const char *key, bool *yes,
                                   struct sv_error *err) SV_WUR;

/* ---- Documents (KV-24, KV-25, KV-31, KV-32, KV-32a, KV-60 ... KV-64) ---- */

/* Kinds this module writes: "plan", "monthly_report", "final_report". */
bool store_doc_kind_valid(const char *kind);

struct store_doc_section {
	char *section;        /* the template's section id, or the writer's heading */
	char *body;           /* NULL when empty */
	char *not_applicable; /* NULL unless the section says "Ej aktuellt" */
};

struct store_doc_version {
	int64_t id;
	int version;          /* 1, 2, ... */
	int64_t author_id;    /* 0 for the system */
	sv_time created_at;   /* when this version was started */
	sv_time submitted_at; /* 0 while not submitted */
	char *body;           /* JSON object text */
	struct store_doc_section *sections;
	size_t nsections;
	char *author_name; /* read only: the author's display name, NULL for the system */
};

struct store_doc_review {
	int64_t id;
	int version;
	int64_t reviewer_id;
	char *decision; /* "approved" or "returned" */
	char *comment;  /* required for "returned" (KV-25, KV-32) */
	sv_time at;
	char *reviewer_name; /* read only: the reviewer's display name, NULL when unknown */
};

struct store_document {
	int64_t id;
	int64_t intervention_id;
	int64_t customer_id; /* of the intervention */
	char *kind;
	sv_date period; /* monthly reports: the first day of the month; else SV_NO_DATE */
	char *state;    /* draft, submitted, returned, approved */
	int current_version;
	sv_time first_submitted_at; /* 0 until first submitted */
	sv_time created_at;
	/* Filled by store_doc_get/find only (list rows leave them empty): */
	struct store_doc_version *versions; /* every version, oldest first, with sections */
	size_t nversions;
	struct store_doc_review *reviews; /* oldest first */
	size_t nreviews;
};
struct store_document_list {
	struct store_document *v;
	size_t n;
	int64_t next;
};
void store_document_release(struct store_document *d);
void store_document_list_release(struct store_document_list *l);
/* The current version of a loaded document, or NULL (list rows). */
const struct store_doc_version *store_doc_current(const struct store_document *d);

/* The content of a version to write: body (JSON object text, NULL = "{}")
 * and sections (only read). */
struct store_doc_content {
	const char *body;
	const struct store_doc_section *sections;
	size_t nsections;
};

/*
 * Create a document in state "draft" with version 1 holding content, by
 * w->actor. d->intervention_id, d->kind and (monthly reports) d->period are
 * read; d->id, d->customer_id, d->state, d->current_version and
 * d->created_at are written. Default event "document.created". A second
 * plan or final report of an intervention, or a second monthly report of a
 * month, is SV_ECONFLICT (field "kind" / "period", store:unique).
 */
enum sv_rc store_doc_create(struct store *st, const struct store_write *w, struct store_document *d,
                            const struct store_doc_content *content,
                            const struct store_docs_event *ev, struct sv_error *err) SV_WUR;

/* One document with all versions, sections and reviews. */
enum sv_rc store_doc_get(struct store *st, int64_t tenant, int64_t id, struct store_document *out,
                         struct sv_error *err) SV_WUR;
/* The document of kind for an intervention (period for monthly reports,
 * SV_NO_DATE otherwise); SV_ENOTFOUND when there is none. */
enum sv_rc store_doc_find(struct store *st, int64_t tenant, int64_t intervention_id,
                          const char *kind, sv_date period, struct store_document *out,
                          struct sv_error *err) SV_WUR;
/* Documents of an intervention (kind NULL = all), without versions. */
enum sv_rc store_doc_list(struct store *st, int64_t tenant, int64_t intervention_id,
                          const char *kind, struct store_page page, struct store_document_list *out,
                          struct sv_error *err) SV_WUR;

/*
 * One change of a document, as the service decided it after checking the
 * state machine (core/lifecycle). Applied in this order: a new version
 * (copying the current version's content unless content is given); the
 * content replacing the current version's; the submission of the current
 * version (its submitted_at and, the first time, the document's
 * first_submitted_at, both w->at); a review of the current version; the new
 * state.
 *
 * expect_state and expect_version guard against a concurrent change: when
 * the row no longer has them, nothing is written and SV_ECONFLICT (field
 * "state", rule "store:busy") is returned.
 */
struct store_doc_change {
	const char *expect_state;
	int expect_version;
	bool new_version;
	const struct store_doc_content *content; /* NULL: keep */
	bool submit;
	const char *review; /* "approved", "returned" or NULL */
	const char *comment;
	const char *state; /* NULL: keep */
};
/* Default event "document.changed"; payload with document_id, kind, version, from, to. */
enum sv_rc store_doc_change(struct store *st, const struct store_write *w, int64_t id,
                            const struct store_doc_change *c, const struct store_docs_event *ev,
                            struct sv_error *err) SV_WUR;

/* ---- Absence (KV-3, KV-40 ... KV-44) ------------------------------------- */

/* "sick", "vab", "other_agency", "unexcused", "leave". */
bool store_absence_kind_valid(const char *kind);

struct store_absence {
	int64_t id;
	int64_t intervention_id;
	int64_t customer_id; /* of the intervention (filled by get/list/create) */
	char *kind;
	sv_date from_on;
	sv_date to_on;          /* SV_NO_DATE while ongoing */
	sv_date certificate_on; /* the certificate reached the counsellor (KV-41, KV-42) */
	int contact_attempts;   /* KV-44 */
	char *note;             /* dates, causes, attempts as the provider words them */
	sv_time reported_at;
};
struct store_absence_list {
	struct store_absence *v;
	size_t n;
	int64_t next;
};
void store_absence_release(struct store_absence *a);
void store_absence_list_release(struct store_absence_list *l);
/* a->id, a->customer_id and a->reported_at (= w->at) are written. Default event "absence.recorded".
 */
enum sv_rc store_absence_create(struct store *st, const struct store_write *w,
                                struct store_absence *a, const struct store_docs_event *ev,
                                struct sv_error *err) SV_WUR;
enum sv_rc store_absence_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_absence *out, struct sv_error *err) SV_WUR;
/* Absences of an intervention, in id order. */
enum sv_rc store_absence_list(struct store *st, int64_t tenant, int64_t intervention_id,
                              struct store_page page, struct store_absence_list *out,
                              struct sv_error *err) SV_WUR;
/*
 * Absences of kind of one customer, over all interventions, that overlap
 * [from, to] (an ongoing one overlaps everything after its start); at most
 * STORE_PAGE_MAX rows, in from_on order.
 */
enum sv_rc store_absence_overlapping(struct store *st, int64_t tenant, int64_t customer_id,
                                     const char *kind, sv_date from, sv_date to,
                                     struct store_absence_list *out, struct sv_error *err) SV_WUR;
/* Set the end date and/or the certificate date (SV_NO_DATE keeps each) and
 * add to the note (NULL keeps it). Default event "absence.updated". */
enum sv_rc store_absence_update(struct store *st, const struct store_write *w, int64_t id,
                                sv_date to_on, sv_date certificate_on, const char *note,
                                const struct store_docs_event *ev, struct sv_error *err) SV_WUR;
/* Append an event about an absence without changing its row (a fact that
 * follows from its dates, such as sick day 8, KV-41). */
enum sv_rc store_absence_event(struct store *st, const struct store_write *w, int64_t id,
                               const struct store_docs_event *ev, struct sv_error *err) SV_WUR;

/* ---- Meetings (KV-14, KV-35, KV-41, KV-82, JP-5) ------------------------- */

struct store_meeting {
	int64_t id;
	int64_t customer_id;
	int64_t intervention_id; /* 0 when none */
	char *kind; /* start_up, follow_up, three_party, sip, enrolment_group, new_visit,
	               conversation, other */
	sv_time starts_at;
	sv_time ends_at; /* 0 when open */
	char *location;
	char *interpreter_language;
	char *outcome; /* planned, held, no_show, cancelled */
	char *note;
};
struct store_meeting_list {
	struct store_meeting *v;
	size_t n;
	int64_t next;
};
void store_meeting_release(struct store_meeting *m);
void store_meeting_list_release(struct store_meeting_list *l);
/* outcome defaults to "planned"; m->id is written. Default event "meeting.booked". */
enum sv_rc store_meeting_create(struct store *st, const struct store_write *w,
                                struct store_meeting *m, const struct store_docs_event *ev,
                                struct sv_error *err) SV_WUR;
enum sv_rc store_meeting_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_meeting *out, struct sv_error *err) SV_WUR;
/* Meetings of an intervention (kind NULL = all), in id order. */
enum sv_rc store_meeting_list(struct store *st, int64_t tenant, int64_t intervention_id,
                              const char *kind, struct store_page page,
                              struct store_meeting_list *out, struct sv_error *err) SV_WUR;
/* Record the outcome (and a note, NULL keeps it) when the meeting is still
 * "planned"; otherwise SV_ECONFLICT (field "outcome"). Default event "meeting.outcome". */
enum sv_rc store_meeting_set_outcome(struct store *st, const struct store_write *w, int64_t id,
                                     const char *outcome, const char *note,
                                     const struct store_docs_event *ev,
                                     struct sv_error *err) SV_WUR;

/* ---- Messages (meddelarfunktionen: KV-21, KV-33, KV-44, KV-80, KV-83) ---- */

struct store_message {
	int64_t id;
	int64_t customer_id;     /* 0 when about no customer */
	int64_t intervention_id; /* 0 when none */
	int64_t from_user_id;
	int64_t to_user_id; /* 0: to the unit, or to the provider of the intervention */
	int64_t to_unit_id; /* 0 when none */
	char *topic;
	char *body;
	sv_time sent_at;
	sv_time read_at; /* 0 while unread */
	/* Read only: the sender's and the named recipient's display names (NULL
	 * for the system or no named user), nothing else of the users. */
	char *from_name;
	char *to_name;
};
struct store_message_list {
	struct store_message *v;
	size_t n;
	int64_t next;
};
struct store_message_filter {
	int64_t intervention_id; /* 0 = any */
	int64_t customer_id;     /* 0 = any */
	/* An inbox: messages to to_user_id, or to to_unit_id (when non-zero)
	 * without a named recipient; 0/0 = no such restriction. */
	int64_t to_user_id;
	int64_t to_unit_id;
	/* Messages on interventions of this provider (X-3 provider scope). */
	int64_t provider_id;
	/* With to_user_id: also messages addressed to no user and no unit (to
	 * the provider of the intervention, X-3). */
	bool or_unaddressed;
	const char *topic; /* NULL = any */
	bool unread_only;
};
void store_message_release(struct store_message *m);
void store_message_list_release(struct store_message_list *l);
/* m->id is written; sent_at is w->at. Default event "message.sent" (ids and topic, never the body).
 */
enum sv_rc store_message_create(struct store *st, const struct store_write *w,
                                struct store_message *m, const struct store_docs_event *ev,
                                struct sv_error *err) SV_WUR;
enum sv_rc store_message_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_message *out, struct sv_error *err) SV_WUR;
enum sv_rc store_message_list(struct store *st, int64_t tenant,
                              const struct store_message_filter *f, struct store_page page,
                              struct store_message_list *out, struct sv_error *err) SV_WUR;
/* Set read_at = w->at once (a second call keeps the first time; no second event). */
enum sv_rc store_message_mark_read(struct store *st, const struct store_write *w, int64_t id,
                                   struct sv_error *err) SV_WUR;

/* ---- Data incidents (KV-80) and staff changes (KV-83): schema v3 ---------- */

struct store_incident {
	int64_t id;
	int64_t provider_id;
	int64_t reported_by;     /* 0 for the system */
	int64_t customer_id;     /* 0 when no customer's case is named */
	int64_t intervention_id; /* 0 when none */
	char *nature;            /* "occurred" or "suspected" */
	sv_time discovered_at;
	sv_time reported_at;
	char *description;
	int64_t message_id; /* the message to the counsellor, 0 when none */
	/* The data-protection coordinator's assessment; risk NULL until assessed. */
	char *risk; /* "none", "risk", "high_risk" */
	char *assessment;
	bool notify_authority;
	bool notify_persons;
	int64_t assessed_by;
	sv_time assessed_at;    /* 0 until assessed */
	char *reported_by_name; /* read only: the reporter's display name, NULL for the system */
};
struct store_incident_list {
	struct store_incident *v;
	size_t n;
	int64_t next;
};
void store_incident_release(struct store_incident *i);
void store_incident_list_release(struct store_incident_list *l);
/*
 * Record an incident reported at w->at (i->reported_at is set to it; id,
 * customer_id of the intervention written back). Appends two events to the
 * case chain (the admin chain without a customer): "incident.discovered"
 * with occurred_at = discovered_at and on = discovered_on (its civil date,
 * CAL-1), and "incident.reported"; both carry the incident id as key.
 */
enum sv_rc store_incident_create(struct store *st, const struct store_write *w,
                                 struct store_incident *i, sv_date discovered_on,
                                 struct sv_error *err) SV_WUR;
enum sv_rc store_incident_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_incident *out, struct sv_error *err) SV_WUR;
/* Incidents of a provider (0 = all), only unassessed ones when asked. */
enum sv_rc store_incident_list(struct store *st, int64_t tenant, int64_t provider_id,
                               bool unassessed_only, struct store_page page,
                               struct store_incident_list *out, struct sv_error *err) SV_WUR;
/* The assessment, once: SV_ECONFLICT (field "risk") when already assessed.
 * Event "incident.assessed". */
enum sv_rc store_incident_assess(struct store *st, const struct store_write *w, int64_t id,
                                 const char *risk, const char *assessment, bool notify_authority,
                                 bool notify_persons, struct sv_error *err) SV_WUR;

struct store_staff_change {
	int64_t id;
	int64_t provider_id;
	int64_t reported_by;
	char *kind; /* "joined", "left", "changed" */
	char *staff_name;
	char *staff_role;
	sv_date effective_on;
	int64_t user_id;             /* the person's user account, 0 when none */
	sv_date access_requested_on; /* joined: when system access was applied for */
	char *note;
	sv_time reported_at;
};
struct store_staff_change_list {
	struct store_staff_change *v;
	size_t n;
	int64_t next;
};
void store_staff_change_release(struct store_staff_change *c);
void store_staff_change_list_release(struct store_staff_change_list *l);
/* reported_at = w->at; id written back. Event "staff_change.reported" on the admin chain
 * (ids, kind and dates; never the name). */
enum sv_rc store_staff_change_create(struct store *st, const struct store_write *w,
                                     struct store_staff_change *c, struct sv_error *err) SV_WUR;
/* Staff changes of a provider (0 = all), in id order. */
enum sv_rc store_staff_change_list(struct store *st, int64_t tenant, int64_t provider_id,
                                   struct store_page page, struct store_staff_change_list *out,
                                   struct sv_error *err) SV_WUR;

#endif
