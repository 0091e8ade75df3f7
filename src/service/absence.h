/*
 * absence.h - a customer's absence from the intervention, as the provider
 * (or the counsellor) records it: KV-40 ... KV-44 and the leave of KV-3.
 *
 *   sick, vab     KV-41, KV-42: from sick day N (the pack's
 *                 sick_certificate_from_day / vab_certificate_from_day, 8)
 *                 a certificate is needed, with the counsellor within the
 *                 pack's delivery time (7 calendar days from day N, moved to
 *                 a working day by CAL-4 as the pack's deadline says). Day N
 *                 is recorded as the fact "sickness.certificate_required" /
 *                 "vab.certificate_required" (key: the absence id, on: day
 *                 N) once the absence is known to reach it: its end date is
 *                 on or after day N, or it is still open on day N; delivery
 *                 is "sick_certificate.delivered" / "vab_certificate.delivered".
 *                 A sickness longer than the pack's sickness_ends_after (14
 *                 days) is flagged: it may end the intervention (KV-52).
 *   other_agency  KV-43: meetings with other agencies, reported in the
 *                 monthly report.
 *   unexcused     KV-44: a reason ("unreachable" after the pack's
 *                 unexcused_contact_attempts, 3; "missed_meeting",
 *                 "missed_workday", "unacceptable_reason"); recording it is
 *                 the message to the counsellor (topic "unexcused_absence")
 *                 with dates and attempts, due the same day or the next
 *                 (CAL-4): facts "absence.unexcused" (on: the first day) and
 *                 "absence.reported" (now).
 *   leave         KV-3: not for customers with establishment benefit (the
 *                 customer fact "establishment_benefit" on the first day);
 *                 up to the pack's leave_per_year (14 calendar days per
 *                 calendar year, Decision); a leave that takes the year past
 *                 it is planned absence that ends the intervention: it is
 *                 recorded, flagged ends_intervention, and the counsellor is
 *                 told (topic "planned_absence"). Leave needs its end date.
 *
 * Bad input is SV_EINVAL naming the field and the rule; an intervention that
 * is not assigned or running is SV_ESTATE (field "state"). Reading is logged
 * . The intervention's obligations are recomputed in the same
 * transaction as each write.
 */
#ifndef SV_SERVICE_ABSENCE_H
#define SV_SERVICE_ABSENCE_H

#include "service/svc.h"
#include "stegvis/store_docs.h"

struct absence_input {
	const char *kind; /* sick, vab, other_agency, unexcused, leave */
	sv_date from_on;
	sv_date to_on; /* SV_NO_DATE while ongoing */
	int contact_attempts;
	const char *reason; /* unexcused only */
	const char *note;
};

/* An absence with what the rules make of it today. */
struct absence_view {
	struct store_absence a;
	/* KV-41, KV-42 */
	bool certificate_needed;  /* the absence reaches day N */
	sv_date certificate_from; /* day N; SV_NO_DATE for other kinds */
	sv_date certificate_due;  /* SV_NO_DATE unless needed */
	bool certificate_late;    /* delivered after the due date, or missing past it */
	bool long_sickness;       /* longer than sickness_ends_after (KV-52) */
	/* KV-44 */
	sv_date notice_due; /* unexcused: the day the notice was due */
	/* KV-3 */
	int leave_days;         /* leave in the calendar year of the first day, this one included */
	int leave_limit;        /* -1 when the pack has none */
	bool ends_intervention; /* planned absence over the limit */
};
void absence_view_release(struct absence_view *v);

enum sv_rc absences_record(const struct svc *s, int64_t intervention_id,
                           const struct absence_input *in, struct absence_view *out,
                           struct sv_error *err) SV_WUR;
/* Set the end date (SV_NO_DATE keeps it) and/or replace the note (NULL keeps it). */
enum sv_rc absences_update(const struct svc *s, int64_t id, sv_date to_on, const char *note,
                           struct absence_view *out, struct sv_error *err) SV_WUR;
/* KV-41, KV-42: the certificate reached the counsellor on delivered_on. */
enum sv_rc absences_certificate(const struct svc *s, int64_t id, sv_date delivered_on,
                                struct absence_view *out, struct sv_error *err) SV_WUR;
enum sv_rc absences_get(const struct svc *s, int64_t id, struct absence_view *out,
                        struct sv_error *err) SV_WUR;
/* The absences of an intervention; out[i] views in id order. */
enum sv_rc absences_list(const struct svc *s, int64_t intervention_id, struct store_page page,
                         struct absence_view **out, size_t *n, int64_t *next,
                         struct sv_error *err) SV_WUR;
void absences_list_release(struct absence_view *v, size_t n);

#endif
