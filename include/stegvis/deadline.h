/*
 * deadline.h - the deadline engine: a pure function from rule packs and one
 * case's facts to the case's obligations (what is owed, by whom, by when, and
 * whether it was met on time, met late, missed or is still open).
 *
 * Rules: CAL-2 (calendar days, working days, hours), CAL-3 (working days),
 * CAL-4 (a day deadline on a non-working day moves to the next working day
 * when the deadline has roll_forward; hour deadlines never move), and the
 * deadlines of the packs (KV-21 ... KV-25, KV-31, KV-32, KV-41, KV-42,
 * KV-44, KV-60 ... KV-63, KV-80, JP-5, IN-1, IN-2 ...). The packs hold every
 * number; this module implements the KINDS of deadline of struct
 * rules_deadline (include/stegvis/rules.h):
 *
 *   OFFSET   one obligation per occurrence of the "from" event: the event's
 *            date plus calendar_days / working_days / months, or its
 *            timestamp plus hours. Every plan submission gives its own KV-25
 *            approval obligation; every incident its own KV-80 notice.
 *   MONTHLY  one obligation per month M of the intervention, due day N of
 *            M+1 (KV-32). With only_if (a list event such as
 *            "monthly_report.returned"), one obligation per only_if event
 *            instead, for the report month in the event's key, still due day
 *            N of M+1 (the resubmission due the 12th).
 *
 * Case facts. The intervention's dates (start, planned end, actual end) are
 * the events "intervention.start", "intervention.planned_end" and
 * "intervention.end"; they are given ONLY as dates in struct dl_input (never
 * in the event list), so an extension changes one date instead of adding an
 * event. Everything else is an ordered list of case events (struct
 * dl_event): a name of the pack vocabulary (rules_event_known), a UTC
 * timestamp in microseconds, the civil date of that instant in the
 * municipality's time zone (CAL-1; the caller converts, core does no
 * time-zone work) and an optional key.
 *
 * Keys tie events together: the report month "YYYY-MM" of monthly report
 * events (required for the met_by and only_if events of MONTHLY deadlines),
 * a document, incident or absence id otherwise. An obligation from an event
 * with a key is met only by a met_by event with the same key; one from an
 * event without a key (or from an intervention date) is met by a met_by
 * event of any key.
 *
 * Meeting. An obligation is met by the first met_by event that comes AFTER
 * its "from" event in the list (and has a matching key); one met_by event
 * meets every obligation of that deadline it matches, so two plan
 * submissions followed by one approval are both met by it (KV-25: "returns
 * included"). Obligations that count from an intervention date, and monthly
 * obligations without only_if, are met by a matching met_by event anywhere
 * in the list (a plan sent before the start date meets KV-24). When met_by
 * is an intervention date, the obligation is met on that date once it is not
 * after today and not before the obligation's from date.
 *
 * Ended first. An OFFSET deadline counted from "intervention.start" gives no
 * obligation when the intervention's actual end is set and lies before the
 * due date (after CAL-4): a duty that falls due after the case has ended
 * never arises (JP-5's follow-up meeting three months in, KV-24's plan).
 * A due date on the end date itself still counts.
 *
 * Only if. An OFFSET deadline with only_if gives an obligation only when an
 * only_if event with a matching key is in the list (or, for an intervention
 * date, when that date is set and not after today).
 *
 * Status as of today (a date) and now (a timestamp, the same instant):
 *   met_on_time  met on or before the due date (hours: at or before due_at);
 *   met_late     met after it;
 *   missed       not met, and today is after the due date (hours: now is
 *                after due_at);
 *   open         not met and not yet past due.
 *
 * Validity (CAL-3a). Each obligation uses the deadline valid on the date it
 * concerns: the from event's date, or for a monthly obligation the first day
 * of the report month inside the intervention (the later of the month's first
 * day and the start). When several packs are given (e.g. successive years of
 * one municipality's routines), a deadline id valid on that date in an
 * earlier pack of the array shadows the same id in a later pack. A deadline
 * whose number the source leaves open ({"months": null}) gives no
 * obligation.
 *
 * Performance: one pass over the events per deadline of the packs, matching
 * with a cursor over the deadline's unmet obligations; no allocation in
 * dl_compute() (the caller owns the output array), working days from a
 * struct cal bitmap when one is given. Recomputing a case with a year of
 * events (about 180) takes some 50 µs.
 *
 * Everything here is pure: no I/O, no clock, no mutable global state; safe to
 * call from any thread with packs and a cal shared read-only. See
 * docs/internals/deadlines.md.
 */
#ifndef SV_DEADLINE_H
#define SV_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/calendar.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/rules.h"

/* "No such date": an intervention date that is not (yet) known. */
#define DL_NO_DATE INT32_MIN
/* "No such event": an obligation counted from, or met by, an intervention
 * date or a month rather than an event of the list. */
#define DL_NO_EVENT SIZE_MAX
/* Keys are at most DL_KEY_MAX - 1 bytes. */
#define DL_KEY_MAX 64
/* Room for a deadline id of a pack ([A-Za-z0-9_.-]{1,64}) and its NUL. */
#define DL_ID_MAX 65
/* Microseconds in an hour and a day (timestamps are µs since the epoch, UTC). */
#define DL_HOUR_US ((int64_t)3600 * 1000000)
#define DL_DAY_US  ((int64_t)86400 * 1000000)

enum dl_status {
	DL_OPEN = 0,    /* "open": not met, not yet past due */
	DL_MET_ON_TIME, /* "met_on_time" */
	DL_MET_LATE,    /* "met_late" */
	DL_MISSED,      /* "missed": not met and past due */
	DL_STATUS_COUNT
};

/* Stable lower-case name ("met_on_time"); "" for a value outside the enum. */
const char *dl_status_name(enum dl_status s);
/* Parse a status name (len bytes, need not be NUL-terminated); SV_EINVAL
 * naming field otherwise. */
enum sv_rc dl_status_parse(const char *s, size_t len, enum dl_status *out, const char *field,
                           struct sv_error *err) SV_WUR;

/* One case event. The strings are borrowed for the duration of the call. */
struct dl_event {
	const char *name; /* a known event (rules_event_known), never an intervention date */
	int64_t at;       /* UTC, µs since 1970-01-01T00:00:00Z */
	sv_date date;     /* the civil date of at in the municipality (CAL-1) */
	const char *key;  /* NULL or "" when none; < DL_KEY_MAX bytes */
};

/*
 * What dl_compute() reads. Nothing here is retained after the call except
 * that obligations point into the packs (see struct dl_obligation).
 */
struct dl_input {
	/* The packs that govern the case, earliest-wins (see Validity above);
	 * at least one, all of one country. */
	const struct rules_pack *const *packs;
	size_t n_packs;
	/* A working-day bitmap of the packs' country, or NULL to compute working
	 * days directly (same answers, slower). */
	const struct cal *cal;
	/* The intervention's dates; DL_NO_DATE when unknown. start is required
	 * as soon as a deadline counts from it or runs per month; planned_end
	 * and end when set lie on or after start. */
	sv_date start;
	sv_date planned_end;
	sv_date end;
	/* Case events in the order they happened: at and date never decrease,
	 * none after now. */
	const struct dl_event *events;
	size_t n_events;
	/* The moment the statuses are judged at: today is the civil date of now
	 * in the municipality. */
	sv_date today;
	int64_t now;
};

/* Empty input: no packs, no events, every date DL_NO_DATE, today 0, now 0. */
void dl_input_init(struct dl_input *in);

/* One obligation. The string pointers point into the pack that defined it
 * and stay valid while that pack is loaded; key is a copy. */
struct dl_obligation {
	const struct rules_deadline *def; /* the deadline item it comes from */
	const char *deadline;             /* def->id, e.g. "plan_approval" */
	const char *rule;                 /* def->m.rule, e.g. "KV-25" */
	const char *actor;                /* def->actor, e.g. "counsellor" */
	const char *what;                 /* def->what, the task as the pack words it */
	char key[DL_KEY_MAX]; /* the from event's key, "YYYY-MM" for monthly ones, or "" */

	/* The date it counts from: the from event's date, the intervention date,
	 * or the first day of the report month inside the intervention. */
	sv_date from;
	size_t from_event; /* index into dl_input.events, or DL_NO_EVENT */

	/* Due: the last civil date on which meeting it is on time (after CAL-4
	 * when the deadline rolls). For hour deadlines (timed) due_at is the
	 * exact instant and due the civil date of it, taken with the same
	 * offset from UTC as the from event (exact for whole days unless a
	 * daylight-saving change lies between); status uses due_at. */
	sv_date due;
	bool timed;
	int64_t due_at; /* timed only, else 0 */

	enum dl_status status;
	bool met;
	sv_date met_on;    /* met only */
	int64_t met_at;    /* met by an event: its timestamp; else 0 */
	size_t met_event;  /* index into dl_input.events, or DL_NO_EVENT */
	int32_t days_late; /* met_late: met_on - due; missed: today - due; else 0 */

	/* Position, for a stable order: the pack (index into dl_input.packs)
	 * and the item in its deadlines. seq numbers the case's obligations of
	 * one deadline id (0, 1, ... in the order of the packs, their items and
	 * the events), so (deadline, seq) identifies an obligation within a
	 * case for given packs. */
	size_t pack_index;
	size_t deadline_index;
	size_t seq;
};

/*
 * Compute all obligations of one case into out[0..max). On SV_OK, *n is the
 * number written and they are sorted by due date, then pack, deadline item
 * and occurrence, so the order is deterministic.
 *
 * Errors (err names the field and the rule; nothing useful is left in out):
 *   SV_EINVAL  bad input: no packs or a NULL pack, packs of two countries or
 *              a cal of another country (CAL-3); an event with no or an
 *              unknown name ("events[3].name", rules-format), an
 *              intervention date in the list, events out of order or after
 *              now, a timestamp that is not the instant of its civil date
 *              (CAL-1; catches seconds passed as µs), a key too long, a
 *              month key that is not "YYYY-MM" (the deadline's rule); a
 *              missing start needed by a deadline ("start", that deadline's
 *              rule); planned_end or end before start; a pack deadline that
 *              cannot be computed (hours from an intervention date).
 *   SV_ERANGE  a date outside the calendar's years (CAL-3), or a due date
 *              beyond them.
 *   SV_ENOMEM  more than max obligations: *n is then the number needed.
 */
enum sv_rc dl_compute(const struct dl_input *in, struct dl_obligation *out, size_t max, size_t *n,
                      struct sv_error *err) SV_WUR;

/*
 * The due date of one OFFSET step outside a case's obligations, computed by
 * the same code as dl_compute(): from + span (calendar days, CAL-2; working
 * days, CAL-3: the n-th working day after from; months or years: the same
 * day of the month, clamped to the month's last day), moved to the first
 * working day on or after it when roll_forward (CAL-4). For places that
 * show such a date without an obligation behind it, so that one rule gives
 * one date: the follow-up meetings' rhythm (KV-35) and the first follow-up
 * (JP-5: started Friday 2024-06-21, 3 months on is Saturday 2024-09-21,
 * rolled to Monday 2024-09-23, exactly as the follow_up_meeting obligation).
 *
 * cal: the working-day calendar (may be NULL: computed for country). field
 * and rule name an error. SV_EINVAL for a negative, unknown or hour span
 * (hours are timestamps, not dates) or a bad from date; SV_ERANGE when the
 * date lies beyond CAL_MAX_YEAR. *out is written only on success.
 */
enum sv_rc dl_offset_date(const struct cal *cal, enum cal_country country, sv_date from,
                          struct rules_span span, bool roll_forward, sv_date *out,
                          const char *field, const char *rule, struct sv_error *err) SV_WUR;

/* A growing array of obligations for callers that do not know the count;
 * reuse one across cases to avoid allocation after the first. */
struct dl_list {
	struct dl_obligation *v;
	size_t n;
	size_t alloc;
};

#define DL_LIST_INIT       \
	{                  \
		NULL, 0, 0 \
	}

void dl_list_init(struct dl_list *l);
/* Frees the storage and leaves the list empty (as DL_LIST_INIT). */
void dl_list_release(struct dl_list *l);
/* dl_compute() into l, replacing its contents and growing it as needed
 * (l->v is reused). On failure l->n is 0. */
enum sv_rc dl_compute_list(const struct dl_input *in, struct dl_list *l,
                           struct sv_error *err) SV_WUR;

/* Timeliness of one kind of obligation (a deadline id): the base of KV-53
 * and of later KPIs. */
struct dl_tally {
	char deadline[DL_ID_MAX];
	char rule[32];
	size_t open, on_time, late, missed;
	int32_t max_days_late; /* the largest days_late among late and missed */
};

/*
 * Add the obligations v[0..n) to the rows[0..*n_rows), one row per deadline
 * id, new ids appended in order of first appearance; call it once per case
 * to aggregate a provider's cases. SV_ENOMEM (field "rows") when a new row
 * would not fit in max: then nothing is changed. SV_EINVAL for an
 * obligation without a deadline id.
 */
enum sv_rc dl_tally_add(struct dl_tally *rows, size_t max, size_t *n_rows,
                        const struct dl_obligation *v, size_t n, struct sv_error *err) SV_WUR;

#endif
