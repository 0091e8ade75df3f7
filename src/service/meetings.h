/*
 * meetings.h - three-party meetings (KV-14 before a switch, KV-41 after
 * repeated sickness, JP-5 initial meeting), SIP and other meetings, and the
 * follow-up meetings of KV-35 / JP-5, with an iCalendar invitation.
 *
 * Booking needs ACT_MEETING_WRITE on the intervention (counsellor or the
 * provider: the provider may ask for and book them, KV-6). A meeting is
 * booked before the intervention ends or is cancelled. Its outcome is
 * recorded once (held, no_show, cancelled); a meeting cannot be recorded as
 * held before its start. At a follow-up meeting the counsellor decides
 * whether the plan is still valid or must be revised (KV-35): recording a
 * follow-up meeting as held needs that decision ("plan_valid" or
 * "revision_needed") and a municipal caller. Facts: "follow_up_meeting.held"
 * (on: the meeting's date; meets JP-5) and, for a revision,
 * "plan_revision.requested" (the revised plan is due within five working
 * days, KV-31).
 *
 * The follow-up frequency is the pack's follow_up_interval (KV-35); where
 * the pack leaves it open (the 2024 Kundval routines decide it per
 * intervention), no next date is computed.
 *
 * Invitations (RFC 5545, core/ics.h): times in Europe/Stockholm with its
 * VTIMEZONE; UID "<tenant>-meeting-<id>@stegvis"; STATUS:CANCELLED with
 * SEQUENCE 1 for a cancelled meeting. The file holds no name or identity
 * number of the customer (KV-82: it travels by e-mail and calendars), and
 * no location for a customer with a protected identity (KV-81).
 */
#ifndef SV_SERVICE_MEETINGS_H
#define SV_SERVICE_MEETINGS_H

#include "service/svc.h"
#include "stegvis/buf.h"
#include "stegvis/store_docs.h"

struct meeting_input {
	const char *kind; /* three_party, follow_up, sip, other */
	sv_time starts_at;
	sv_time ends_at; /* 0: open */
	const char *location;
	const char *interpreter_language;
	const char *note;
};

enum sv_rc meetings_book(const struct svc *s, int64_t intervention_id,
                         const struct meeting_input *in, struct store_meeting *out,
                         struct sv_error *err) SV_WUR;
/* outcome: held, no_show, cancelled; plan_decision for a held follow-up meeting. */
enum sv_rc meetings_outcome(const struct svc *s, int64_t id, const char *outcome,
                            const char *plan_decision, const char *note, struct store_meeting *out,
                            struct sv_error *err) SV_WUR;
enum sv_rc meetings_get(const struct svc *s, int64_t id, struct store_meeting *out,
                        struct sv_error *err) SV_WUR;
enum sv_rc meetings_list(const struct svc *s, int64_t intervention_id, const char *kind,
                         struct store_page page, struct store_meeting_list *out,
                         struct sv_error *err) SV_WUR;
/* The invitation as text/calendar, appended to out (logged as a read, X-2). */
enum sv_rc meetings_ics(const struct svc *s, int64_t id, struct buf *out,
                        struct sv_error *err) SV_WUR;

/*
 * KV-35, JP-5: the follow-up rhythm of an intervention. One rule, one date:
 * next_due is computed by the deadline engine's own step (dl_offset_date,
 * deadline.h). Before any follow-up meeting is held it is the pack's
 * deadline met by "follow_up_meeting.held" counted from the start (JP-5,
 * the date of the follow_up_meeting obligation and of GET .../jobbpeng),
 * else the limit follow_up_after; after a held meeting, the last one plus
 * follow_up_interval (KV-35). Both move to the next working day when they
 * fall on a weekend or holiday (CAL-4; the deadline as its pack says):
 * started Friday 2024-06-21, due Saturday 2024-09-21, shown Monday
 * 2024-09-23.
 */
struct meetings_follow_up {
	bool has_interval;   /* the pack gives a frequency */
	int interval_months; /* when has_interval */
	int interval_days;   /* when has_interval and given in days */
	const char *rule;    /* "KV-35", or "JP-5" for the first jobbpeng follow-up */
	sv_date last_held;   /* SV_NO_DATE when none yet */
	sv_date next_due;    /* SV_NO_DATE without a frequency or a start */
	size_t planned;      /* follow-up meetings booked and not yet held */
};
enum sv_rc meetings_follow_up_status(const struct svc *s, int64_t intervention_id,
                                     struct meetings_follow_up *out, struct sv_error *err) SV_WUR;

/*
 * JP-5, KV-35: the canonical record of a follow-up meeting is its row in
 * meetings (kind follow_up, outcome held) with the event
 * "follow_up_meeting.held" that meets the obligation. Both routes that
 * record one end there: POST /meetings/{id}/outcome (meetings_outcome, with
 * the counsellor's plan decision) and POST /interventions/{id}/follow-up-
 * meeting (jobbpeng_follow_up, a thin path onto the same record).
 *
 * meetings_follow_up_booked: the id of the follow-up meeting of the
 * intervention that is still planned for the civil day `day` (code: the
 * intervention's code, for its calendar), or 0 when none is booked for that
 * day; the earliest when several. No rights are checked (the caller's use
 * case has).
 */
enum sv_rc meetings_follow_up_booked(const struct svc *s, int64_t intervention_id, const char *code,
                                     sv_date day, int64_t *id, struct sv_error *err) SV_WUR;

#endif
