/* Three-party, SIP and follow-up meetings with iCalendar invitations (see meetings.h). */
#include "service/meetings.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/casedocs.h"
#include "service/obligations.h"
#include "service/rulebook.h"
#include "stegvis/deadline.h"
#include "stegvis/ics.h"

static const char *const kinds[] = {"three_party", "follow_up", "sip", "other", NULL};
static const char *const titles[] = {"Trepartsmöte", "Uppföljningsmöte", "SIP-möte", "Möte"};
static const char *const outcomes[] = {"held", "no_show", "cancelled", NULL};

static int index_of(const char *v, const char *const *list)
{
	for (int i = 0; v && list[i]; i++)
		if (!strcmp(v, list[i]))
			return i;
	return -1;
}

static bool municipal(const struct svc *s)
{
	return !s->who || !authz_is_provider_role(s->who->role);
}

static enum sv_rc load(const struct svc *s, int64_t id, enum authz_action a,
                       struct store_meeting *m, struct casedocs_case *cs, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, a, err);

	memset(m, 0, sizeof(*m));
	memset(cs, 0, sizeof(*cs));
	if (!rc)
		rc = store_meeting_get(s->st, s->tenant, id, m, err);
	/* Meetings of this module belong to an intervention (X-3 follows it). */
	if (!rc && (!m->intervention_id || index_of(m->kind, kinds) < 0))
		rc = SV_ENOTFOUND;
	if (!rc)
		rc = casedocs_load(s, m->intervention_id, a, cs, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		sv_error_set(err, rc, "id", "X-3", "no such meeting");
	}
	if (rc) {
		store_meeting_release(m);
		casedocs_case_release(cs);
	}
	return rc;
}

enum sv_rc meetings_book(const struct svc *s, int64_t intervention_id,
                         const struct meeting_input *in, struct store_meeting *out,
                         struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, "meeting booked");
	enum sv_rc rc;
	int64_t id;

	memset(out, 0, sizeof(*out));
	if (index_of(in->kind, kinds) < 0)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-35",
		                    "one of three_party, follow_up, sip, other");
	if (!in->starts_at)
		return sv_error_set(err, SV_EINVAL, "starts_at", "ISO-8601", "is required");
	if (in->ends_at && in->ends_at <= in->starts_at)
		return sv_error_set(err, SV_EINVAL, "ends_at", "RFC-5545",
		                    "must come after the start");
	if (in->ends_at && in->ends_at - in->starts_at > (sv_time)24 * 3600 * 1000000)
		return sv_error_set(err, SV_EINVAL, "ends_at", "X-4",
		                    "a meeting lasts at most a day");
	rc = casedocs_load(s, intervention_id, ACT_MEETING_WRITE, &cs, err);
	if (rc)
		return rc;
	if (!strcmp(cs.iv.state, "ended") || !strcmp(cs.iv.state, "cancelled")) {
		rc = sv_error_set(err, SV_ESTATE, "state", "KV-35",
		                  "cannot book a meeting for an intervention that is %s",
		                  cs.iv.state);
		goto out;
	}
	out->customer_id = cs.iv.customer_id;
	out->intervention_id = intervention_id;
	out->kind = (char *)in->kind;
	out->starts_at = in->starts_at;
	out->ends_at = in->ends_at;
	out->location = (char *)in->location;
	out->interpreter_language = (char *)in->interpreter_language;
	out->note = (char *)in->note;
	rc = store_begin(s->st, err);
	if (!rc)
		rc = store_meeting_create(s->st, &w, out, NULL, err);
	rc = casedocs_finish(s, 0, rc, err);
	id = out->id;
	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = store_meeting_get(s->st, s->tenant, id, out, err);
out:
	casedocs_case_release(&cs);
	if (rc)
		store_meeting_release(out);
	return rc;
}

enum sv_rc meetings_outcome(const struct svc *s, int64_t id, const char *outcome,
                            const char *plan_decision, const char *note, struct store_meeting *out,
                            struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, outcome);
	struct store_docs_event ev = {0};
	bool follow_up_held;
	sv_date day;
	enum sv_rc rc;

	if (index_of(outcome, outcomes) < 0) {
		memset(out, 0, sizeof(*out));
		return sv_error_set(err, SV_EINVAL, "outcome", "KV-35",
		                    "one of held, no_show, cancelled");
	}
	rc = load(s, id, ACT_MEETING_WRITE, out, &cs, err);
	if (rc)
		return rc;
	day = casedocs_date_of(s, cs.iv.code, out->starts_at);
	follow_up_held = !strcmp(out->kind, "follow_up") && !strcmp(outcome, "held");
	if (strcmp(out->outcome, "planned"))
		rc = sv_error_set(err, SV_ESTATE, "outcome", "KV-35",
		                  "cannot record the outcome of a meeting that is %s",
		                  out->outcome);
	else if (strcmp(outcome, "cancelled") && s->now < out->starts_at)
		rc = sv_error_set(err, SV_ESTATE, "outcome", "KV-35",
		                  "cannot record a meeting as %s before it starts", outcome);
	else if (plan_decision && !follow_up_held)
		rc = sv_error_set(err, SV_EINVAL, "plan_decision", "KV-35",
		                  "only a held follow-up meeting decides about the plan");
	else if (follow_up_held && !municipal(s))
		rc = sv_error_set(err, SV_EFORBIDDEN, "plan_decision", "KV-35",
		                  "the counsellor records a follow-up meeting and decides about "
		                  "the plan");
	else if (follow_up_held && (!plan_decision || (strcmp(plan_decision, "plan_valid") &&
	                                               strcmp(plan_decision, "revision_needed"))))
		rc = sv_error_set(err, SV_EINVAL, "plan_decision", "KV-35",
		                  "at a follow-up meeting the counsellor decides: plan_valid or "
		                  "revision_needed");
	if (rc)
		goto out;
	if (follow_up_held) {
		ev.kind = "follow_up_meeting.held";
		ev.on = day;
		ev.code = plan_decision;
	}
	rc = store_begin(s->st, err);
	if (!rc)
		rc = store_meeting_set_outcome(s->st, &w, id, outcome, note, &ev, err);
	if (rc == SV_ECONFLICT) {
		/* Someone recorded it meanwhile. */
		sv_error_clear(err);
		rc = sv_error_set(
		        err, SV_ESTATE, "outcome", "KV-35",
		        "cannot record the outcome of a meeting that is no longer planned");
	}
	/* KV-31: a revised plan within five working days of the meeting. */
	if (!rc && follow_up_held && !strcmp(plan_decision, "revision_needed"))
		rc = obligations_event(s, cs.iv.customer_id, cs.iv.id, "plan_revision.requested",
		                       NULL, day, "revision needed", err);
	rc = casedocs_finish(s, follow_up_held ? cs.iv.id : 0, rc, err);
	store_meeting_release(out);
	if (!rc)
		rc = store_meeting_get(s->st, s->tenant, id, out, err);
out:
	casedocs_case_release(&cs);
	if (rc)
		store_meeting_release(out);
	return rc;
}

enum sv_rc meetings_get(const struct svc *s, int64_t id, struct store_meeting *out,
                        struct sv_error *err)
{
	struct casedocs_case cs;
	char what[40];
	enum sv_rc rc = load(s, id, ACT_MEETING_READ, out, &cs, err);

	if (rc)
		return rc;
	snprintf(what, sizeof(what), "meeting:%" PRId64, id);
	rc = casedocs_log_read(s, cs.iv.customer_id, what, err);
	casedocs_case_release(&cs);
	if (rc)
		store_meeting_release(out);
	return rc;
}

enum sv_rc meetings_list(const struct svc *s, int64_t intervention_id, const char *kind,
                         struct store_page page, struct store_meeting_list *out,
                         struct sv_error *err)
{
	struct casedocs_case cs;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (kind && index_of(kind, kinds) < 0)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-35",
		                    "one of three_party, follow_up, sip, other");
	rc = casedocs_load(s, intervention_id, ACT_MEETING_READ, &cs, err);
	if (!rc)
		rc = store_meeting_list(s->st, s->tenant, intervention_id, kind, page, out, err);
	if (!rc)
		rc = casedocs_log_read(s, cs.iv.customer_id, "meetings", err);
	casedocs_case_release(&cs);
	if (rc)
		store_meeting_list_release(out);
	return rc;
}

/* KV-81: is the customer's identity protected (address and location hidden)? */
static enum sv_rc protected_customer(const struct svc *s, int64_t customer, bool *yes,
                                     struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc = store_customer_get(s->st, s->tenant, customer, &c, err);

	*yes = !rc && c.protection && strcmp(c.protection, "none") &&
	       strcmp(c.protection, "fingerade");
	store_customer_release(&c);
	return rc;
}

enum sv_rc meetings_ics(const struct svc *s, int64_t id, struct buf *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_meeting m;
	struct ics_event ev = {0};
	char uid[96], summary[128], desc[512];
	bool hidden = false;
	enum sv_rc rc = load(s, id, ACT_MEETING_READ, &m, &cs, err);

	if (rc)
		return rc;
	rc = protected_customer(s, cs.iv.customer_id, &hidden, err);
	if (!rc) {
		char what[40];
		snprintf(what, sizeof(what), "meeting:%" PRId64 ":ics", id);
		rc = casedocs_log_read(s, cs.iv.customer_id, what, err);
	}
	if (rc)
		goto out;
	snprintf(uid, sizeof(uid), "%" PRId64 "-meeting-%" PRId64 "@stegvis", s->tenant, id);
	snprintf(summary, sizeof(summary), "%s – %s", titles[index_of(m.kind, kinds)], cs.iv.code);
	snprintf(desc, sizeof(desc),
	         "%s om insats %" PRId64 " (%s). Deltagare: kunden, anordnaren och "
	         "karriärvägledaren.%s%s%s",
	         titles[index_of(m.kind, kinds)], cs.iv.id, cs.iv.code,
	         m.interpreter_language ? " Tolk: " : "",
	         m.interpreter_language ? m.interpreter_language : "",
	         m.interpreter_language ? "." : "");
	ev.uid = uid;
	ev.dtstamp = s->now;
	ev.start = m.starts_at;
	ev.end = m.ends_at;
	ev.zone = casedocs_country(s, cs.iv.code) == CAL_DK ? ICS_COPENHAGEN : ICS_STOCKHOLM;
	ev.summary = summary;
	ev.location = hidden ? NULL : m.location;
	ev.description = desc;
	ev.cancelled = !strcmp(m.outcome, "cancelled");
	ev.sequence = ev.cancelled ? 1 : 0;
	rc = ics_write_event(out, &ev, err);
out:
	store_meeting_release(&m);
	casedocs_case_release(&cs);
	return rc;
}

enum sv_rc meetings_follow_up_booked(const struct svc *s, int64_t intervention_id, const char *code,
                                     sv_date day, int64_t *id, struct sv_error *err)
{
	struct store_page page = {0, STORE_PAGE_MAX};
	sv_time first = 0;
	enum sv_rc rc;

	*id = 0;
	do {
		struct store_meeting_list l = {0};
		rc = store_meeting_list(s->st, s->tenant, intervention_id, "follow_up", page, &l,
		                        err);
		for (size_t i = 0; !rc && i < l.n; i++)
			if (!strcmp(l.v[i].outcome, "planned") &&
			    casedocs_date_of(s, code, l.v[i].starts_at) == day &&
			    (!*id || l.v[i].starts_at < first)) {
				*id = l.v[i].id;
				first = l.v[i].starts_at;
			}
		page.after = l.next;
		store_meeting_list_release(&l);
	} while (!rc && page.after);
	return rc;
}

/* JP-5: the pack's deadline for the first follow-up meeting (counted from
 * the start, met by a held follow-up meeting) valid on day; NULL when none. */
static const struct rules_deadline *first_follow_up(const struct svc *s, const char *code,
                                                    sv_date day)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++)
		for (size_t k = 0; k < packs[i]->n_deadlines; k++) {
			const struct rules_deadline *d = &packs[i]->deadlines[k];
			if (d->kind == RULES_DL_OFFSET && d->from && d->met_by &&
			    !strcmp(d->from, "intervention.start") &&
			    !strcmp(d->met_by, "follow_up_meeting.held") && d->offset.known &&
			    rules_valid_on(&d->m.valid, day))
				return d;
		}
	return NULL;
}

enum sv_rc meetings_follow_up_status(const struct svc *s, int64_t intervention_id,
                                     struct meetings_follow_up *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_meeting_list l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	const struct rules_param *every, *first;
	const struct rules_deadline *dl;
	struct rules_span span = {RULES_UNIT_NONE, 0, false};
	bool roll = true; /* CAL-4: a meeting falls due on a working day */
	sv_date from, on;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	out->rule = "KV-35";
	out->last_held = out->next_due = SV_NO_DATE;
	rc = casedocs_load(s, intervention_id, ACT_MEETING_READ, &cs, err);
	if (rc)
		return rc;
	do {
		rc = store_meeting_list(s->st, s->tenant, intervention_id, "follow_up", page, &l,
		                        err);
		for (size_t i = 0; !rc && i < l.n; i++) {
			sv_date d = casedocs_date_of(s, cs.iv.code, l.v[i].starts_at);
			if (!strcmp(l.v[i].outcome, "held") &&
			    (out->last_held == SV_NO_DATE || d > out->last_held))
				out->last_held = d;
			if (!strcmp(l.v[i].outcome, "planned"))
				out->planned++;
		}
		page.after = l.next;
		store_meeting_list_release(&l);
	} while (!rc && page.after);
	if (rc)
		goto out;
	from = out->last_held != SV_NO_DATE ? out->last_held : cs.iv.start_on;
	on = from == SV_NO_DATE ? s->today : from;
	every = casedocs_param(s, cs.iv.code, on, RULES_P_FOLLOW_UP_INTERVAL);
	first = casedocs_param(s, cs.iv.code, on, RULES_P_FOLLOW_UP_AFTER);
	if (every && every->value.known) {
		span = every->value;
		out->rule = every->m.rule;
	}
	if (out->last_held == SV_NO_DATE && (dl = first_follow_up(s, cs.iv.code, on))) {
		/* JP-5: the first follow-up is the pack's deadline, as the
		 * obligation computes it (rolled or not as the deadline says). */
		span = dl->offset;
		roll = dl->roll_forward;
		out->rule = dl->m.rule;
	} else if (out->last_held == SV_NO_DATE && first && first->value.known) {
		/* JP-5: the first follow-up after three months. */
		span = first->value;
		out->rule = first->m.rule;
	}
	if (span.known) {
		enum cal_country country = casedocs_country(s, cs.iv.code);
		out->has_interval = true;
		if (span.unit == RULES_MONTHS || span.unit == RULES_YEARS)
			out->interval_months = span.unit == RULES_YEARS ? span.n * 12 : span.n;
		else
			out->interval_days = span.n;
		/* CAL-4: one computation with the deadline engine (dl_offset_date). */
		if (from != SV_NO_DATE && span.unit != RULES_HOURS && span.unit != RULES_COUNT)
			rc = dl_offset_date(s->rules ? rulebook_cal(s->rules, country) : NULL,
			                    country, from, span, roll, &out->next_due, "next_due",
			                    out->rule, err);
		if (rc)
			goto out;
	}
	rc = casedocs_log_read(s, cs.iv.customer_id, "follow_up", err);
out:
	casedocs_case_release(&cs);
	return rc;
}
