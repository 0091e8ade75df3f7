/* Absence: sickness, care of a child, other agencies, unexcused, leave (see absence.h). */
#include "service/absence.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/casedocs.h"

static const char *const kinds[] = {"sick", "vab", "other_agency", "unexcused", "leave", NULL};
static const char *const reasons[] = {"unreachable", "missed_meeting", "missed_workday",
                                      "unacceptable_reason", NULL};
static const char *const reason_texts[] = {
        "ej nåbar efter kontaktförsök", "uteblivet möte utan besked",
        "utebliven arbetsplatsdag utan besked", "ej godtagbart skäl"};

static int index_of(const char *v, const char *const *list)
{
	for (int i = 0; v && list[i]; i++)
		if (!strcmp(v, list[i]))
			return i;
	return -1;
}

void absence_view_release(struct absence_view *v)
{
	store_absence_release(&v->a);
	memset(v, 0, sizeof(*v));
}

void absences_list_release(struct absence_view *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		absence_view_release(&v[i]);
	free(v);
}

/* A parameter's number, or def when the packs have none (or leave it open). */
static int param_n(const struct svc *s, const char *code, sv_date on, enum rules_param_id id,
                   int def)
{
	const struct rules_param *p = casedocs_param(s, code, on, id);
	return p && p->value.known ? p->value.n : def;
}

static bool certified_kind(const char *kind)
{
	return kind && (!strcmp(kind, "sick") || !strcmp(kind, "vab"));
}

static bool is_sick(const char *kind)
{
	return kind && !strcmp(kind, "sick");
}

/* Day N of a sickness or VAB period (KV-41, KV-42), SV_NO_DATE when the packs have none. */
static sv_date certificate_day(const struct svc *s, const char *code, const struct store_absence *a)
{
	int n = param_n(s, code, a->from_on,
	                is_sick(a->kind) ? RULES_P_SICK_CERT_FROM_DAY : RULES_P_VAB_CERT_FROM_DAY,
	                -1);
	return n < 1 ? SV_NO_DATE : a->from_on + (n - 1);
}

/* Does the absence reach day N, as far as is known today? */
static bool reaches(const struct svc *s, const struct store_absence *a, sv_date day)
{
	if (day == SV_NO_DATE)
		return false;
	if (a->to_on != SV_NO_DATE)
		return a->to_on >= day;
	return s->today >= day;
}

/* The certificate's due date: the pack's deadline from day N (CAL-4 as it says). */
static sv_date certificate_due(const struct svc *s, const char *code, const struct store_absence *a,
                               sv_date day)
{
	const char *from =
	        is_sick(a->kind) ? "sickness.certificate_required" : "vab.certificate_required";
	const struct rules_deadline *d = casedocs_deadline_from(s, code, from, day);
	enum cal_country c = casedocs_country(s, code);
	int n;

	if (d && d->offset.known && d->offset.unit == RULES_CALENDAR_DAYS)
		return d->roll_forward ? casedocs_roll(s, c, day + d->offset.n) : day + d->offset.n;
	n = param_n(s, code, day,
	            is_sick(a->kind) ? RULES_P_SICK_CERT_DELIVERY : RULES_P_VAB_CERT_DELIVERY, -1);
	return n < 0 ? SV_NO_DATE : casedocs_roll(s, c, day + n);
}

/* Leave days of [f, t] inside calendar year y. */
static int days_in_year(sv_date f, sv_date t, int y)
{
	sv_date a = date_from_ymd(y, 1, 1), b = date_from_ymd(y, 12, 31);

	if (t == SV_NO_DATE)
		t = f;
	if (f < a)
		f = a;
	if (t > b)
		t = b;
	return t >= f ? (int)(t - f + 1) : 0;
}

static int year_of(sv_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y;
}

/* Leave of the customer in year y, the absence skip excluded, plus [f, t] when given. */
static enum sv_rc leave_in_year(const struct svc *s, int64_t customer, int y, int64_t skip,
                                sv_date f, sv_date t, int *days, struct sv_error *err)
{
	struct store_absence_list l = {0};
	enum sv_rc rc = store_absence_overlapping(s->st, s->tenant, customer, "leave",
	                                          date_from_ymd(y, 1, 1), date_from_ymd(y, 12, 31),
	                                          &l, err);

	*days = 0;
	for (size_t i = 0; !rc && i < l.n; i++)
		if (l.v[i].id != skip)
			*days += days_in_year(l.v[i].from_on, l.v[i].to_on, y);
	if (f != SV_NO_DATE)
		*days += days_in_year(f, t, y);
	store_absence_list_release(&l);
	return rc;
}

/* Is any calendar year of [f, t] over the limit with this leave? */
static enum sv_rc leave_over(const struct svc *s, int64_t customer, int64_t skip, sv_date f,
                             sv_date t, int limit, bool *over, int *first_year_days,
                             struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	*over = false;
	*first_year_days = 0;
	for (int y = year_of(f); !rc && y <= year_of(t == SV_NO_DATE ? f : t); y++) {
		int days = 0;
		rc = leave_in_year(s, customer, y, skip, f, t, &days, err);
		if (y == year_of(f))
			*first_year_days = days;
		if (limit >= 0 && days > limit)
			*over = true;
	}
	return rc;
}

/* Fill the computed parts of a view from v->a. */
static enum sv_rc view_fill(const struct svc *s, const char *code, struct absence_view *v,
                            struct sv_error *err)
{
	struct store_absence *a = &v->a;
	enum sv_rc rc = SV_OK;

	v->certificate_from = v->certificate_due = v->notice_due = SV_NO_DATE;
	v->leave_limit = -1;
	if (certified_kind(a->kind)) {
		v->certificate_from = certificate_day(s, code, a);
		v->certificate_needed = reaches(s, a, v->certificate_from);
		if (v->certificate_needed)
			v->certificate_due = certificate_due(s, code, a, v->certificate_from);
		if (v->certificate_due != SV_NO_DATE)
			v->certificate_late = a->certificate_on != SV_NO_DATE
			                              ? a->certificate_on > v->certificate_due
			                              : s->today > v->certificate_due;
	}
	if (is_sick(a->kind)) {
		int limit = param_n(s, code, a->from_on, RULES_P_SICKNESS_ENDS_AFTER, -1);
		sv_date last = a->to_on != SV_NO_DATE ? a->to_on : s->today;
		v->long_sickness = limit >= 0 && last - a->from_on + 1 > limit;
	}
	if (!strcmp(a->kind, "unexcused")) {
		const struct rules_deadline *d =
		        casedocs_deadline_from(s, code, "absence.unexcused", a->from_on);
		if (d && d->offset.known && d->offset.unit == RULES_CALENDAR_DAYS)
			v->notice_due = d->roll_forward
			                        ? casedocs_roll(s, casedocs_country(s, code),
			                                        a->from_on + d->offset.n)
			                        : a->from_on + d->offset.n;
	}
	if (!strcmp(a->kind, "leave")) {
		v->leave_limit = param_n(s, code, a->from_on, RULES_P_LEAVE_PER_YEAR, -1);
		rc = leave_over(s, a->customer_id, a->id, a->from_on, a->to_on, v->leave_limit,
		                &v->ends_intervention, &v->leave_days, err);
	}
	return rc;
}

/* Load an absence and its intervention if the caller may perform act on them. */
static enum sv_rc load(const struct svc *s, int64_t id, enum authz_action act,
                       struct store_absence *a, struct casedocs_case *cs, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, act, err);

	memset(cs, 0, sizeof(*cs));
	memset(a, 0, sizeof(*a));
	if (!rc)
		rc = store_absence_get(s->st, s->tenant, id, a, err);
	if (!rc)
		rc = casedocs_load(s, a->intervention_id, act, cs, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		sv_error_set(err, rc, "id", "X-3", "no such absence");
	}
	if (rc) {
		store_absence_release(a);
		casedocs_case_release(cs);
	}
	return rc;
}

static enum sv_rc check_running(const struct casedocs_case *cs, struct sv_error *err)
{
	const char *st = cs->iv.state;

	if (st && (!strcmp(st, "assigned") || !strcmp(st, "running")))
		return SV_OK;
	return sv_error_set(err, SV_ESTATE, "state", "KV-40",
	                    "cannot record absence of an intervention that is %s", st);
}

/* KV-3: does the customer have establishment benefit on day d? */
static enum sv_rc establishment_benefit(const struct svc *s, int64_t customer, sv_date d, bool *yes,
                                        struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc = store_customer_get(s->st, s->tenant, customer, &c, err);

	*yes = false;
	for (size_t i = 0; !rc && i < c.nfacts; i++) {
		const struct store_fact *f = &c.facts[i];
		if (f->fact && !strcmp(f->fact, "establishment_benefit") && f->from <= d &&
		    (f->to == SV_NO_DATE || f->to >= d))
			*yes = true;
	}
	store_customer_release(&c);
	return rc;
}

static enum sv_rc validate(const struct svc *s, const struct casedocs_case *cs,
                           const struct absence_input *in, struct sv_error *err)
{
	char a[SV_DATE_STRLEN];
	int r;

	if (index_of(in->kind, kinds) < 0)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-40",
		                    "one of sick, vab, other_agency, unexcused, leave");
	if (in->from_on == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "from_on", "KV-40",
		                    "the first day is required");
	if (in->to_on != SV_NO_DATE && in->to_on < in->from_on)
		return sv_error_set(err, SV_EINVAL, "to_on", "KV-40", "lies before the first day");
	if (cs->iv.start_on != SV_NO_DATE && in->from_on < cs->iv.start_on)
		return sv_error_set(err, SV_EINVAL, "from_on", "KV-40",
		                    "lies before the intervention's start on %s",
		                    date_format(cs->iv.start_on, a));
	if (strcmp(in->kind, "leave") && in->from_on > s->today)
		return sv_error_set(err, SV_EINVAL, "from_on", "KV-40",
		                    "lies in the future: only leave is planned ahead");
	if (!strcmp(in->kind, "leave") && in->to_on == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "to_on", "KV-3",
		                    "leave is planned absence with a last day");
	if (in->contact_attempts < 0 || in->contact_attempts > 1000)
		return sv_error_set(err, SV_EINVAL, "contact_attempts", "KV-44",
		                    "must be 0 or more");
	r = index_of(in->reason, reasons);
	if (strcmp(in->kind, "unexcused")) {
		if (in->reason)
			return sv_error_set(err, SV_EINVAL, "reason", "KV-44",
			                    "only unexcused absence has a reason");
		return SV_OK;
	}
	if (r < 0)
		return sv_error_set(err, SV_EINVAL, "reason", "KV-44",
		                    "one of unreachable, missed_meeting, missed_workday, "
		                    "unacceptable_reason");
	if (r == 0) {
		int need =
		        param_n(s, cs->iv.code, in->from_on, RULES_P_UNEXCUSED_CONTACT_ATTEMPTS, 0);
		if (in->contact_attempts < need)
			return sv_error_set(err, SV_EINVAL, "contact_attempts", "KV-44",
			                    "unreachable means after at least %d contact attempts",
			                    need);
	}
	return SV_OK;
}

/* A message from the caller to the counsellor of the case (or its unit). */
static enum sv_rc tell_counsellor(const struct svc *s, const struct casedocs_case *cs,
                                  const char *topic, const char *body,
                                  const struct store_docs_event *ev, struct sv_error *err)
{
	struct store_write w = svc_write(s, topic);
	struct store_message m = {0};

	m.intervention_id = cs->iv.id;
	m.customer_id = cs->iv.customer_id;
	m.from_user_id = s->who ? s->who->user_id : 0;
	m.to_user_id = cs->iv.counsellor_id;
	m.to_unit_id = cs->iv.counsellor_id ? 0 : cs->iv.unit_id;
	m.topic = (char *)topic;
	m.body = (char *)body;
	return store_message_create(s->st, &w, &m, ev, err);
}

static bool by_provider(const struct svc *s)
{
	return s->who && authz_is_provider_role(s->who->role);
}

/* Record day N as a fact once the absence reaches it (KV-41, KV-42). */
static enum sv_rc certificate_fact(const struct svc *s, const struct casedocs_case *cs,
                                   const struct store_absence *a, sv_date delivered_on,
                                   struct sv_error *err)
{
	struct store_write w = svc_write(s, "certificate required");
	sv_date day = certificate_day(s, cs->iv.code, a);
	const char *kind =
	        is_sick(a->kind) ? "sickness.certificate_required" : "vab.certificate_required";
	char key[24];
	bool done = false;
	enum sv_rc rc;

	if (!certified_kind(a->kind) || day == SV_NO_DATE)
		return SV_OK;
	if (!reaches(s, a, day) && (delivered_on == SV_NO_DATE || delivered_on < day))
		return SV_OK;
	snprintf(key, sizeof(key), "%" PRId64, a->id);
	rc = store_docs_event_exists(s->st, s->tenant, a->customer_id, kind, key, &done, err);
	if (!rc && !done) {
		struct store_docs_event ev = {kind, key, day, 0, NULL};
		rc = store_absence_event(s->st, &w, a->id, &ev, err);
	}
	return rc;
}

/* KV-3: tell the counsellor about leave over the limit (it ends the intervention). */
static enum sv_rc leave_notice(const struct svc *s, const struct casedocs_case *cs,
                               const struct store_absence *a, int limit, struct sv_error *err)
{
	char body[320], f[SV_DATE_STRLEN], t[SV_DATE_STRLEN];

	if (!by_provider(s))
		return SV_OK;
	snprintf(body, sizeof(body),
	         "Planerad frånvaro %s–%s går över %d dagars ledighet per kalenderår (KV-3). "
	         "Planerad frånvaro över gränsen avslutar insatsen; ett nytt beslut behövs senare.",
	         date_format(a->from_on, f), date_format(a->to_on, t), limit);
	return tell_counsellor(s, cs, "planned_absence", body, NULL, err);
}

static enum sv_rc reload_view(const struct svc *s, const struct casedocs_case *cs, int64_t id,
                              struct absence_view *out, struct sv_error *err)
{
	enum sv_rc rc;

	absence_view_release(out);
	rc = store_absence_get(s->st, s->tenant, id, &out->a, err);
	if (!rc)
		rc = view_fill(s, cs->iv.code, out, err);
	return rc;
}

enum sv_rc absences_record(const struct svc *s, int64_t intervention_id,
                           const struct absence_input *in, struct absence_view *out,
                           struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, "absence reported");
	struct store_absence a = {0};
	bool benefit = false, over = false;
	int limit = -1, days = 0;
	char key[24];
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = casedocs_load(s, intervention_id, ACT_ABSENCE_WRITE, &cs, err);
	if (rc)
		return rc;
	rc = check_running(&cs, err);
	if (!rc)
		rc = validate(s, &cs, in, err);
	if (!rc && !strcmp(in->kind, "leave")) {
		rc = establishment_benefit(s, cs.iv.customer_id, in->from_on, &benefit, err);
		if (!rc && benefit)
			rc = sv_error_set(
			        err, SV_EINVAL, "kind", "KV-3",
			        "customers with establishment benefit have no leave under "
			        "KV-3");
		limit = param_n(s, cs.iv.code, in->from_on, RULES_P_LEAVE_PER_YEAR, -1);
		if (!rc)
			rc = leave_over(s, cs.iv.customer_id, 0, in->from_on, in->to_on, limit,
			                &over, &days, err);
	}
	if (rc)
		goto out;
	a.intervention_id = intervention_id;
	a.kind = (char *)in->kind;
	a.from_on = in->from_on;
	a.to_on = in->to_on;
	a.certificate_on = SV_NO_DATE;
	a.contact_attempts = in->contact_attempts;
	a.note = (char *)in->note;
	rc = store_begin(s->st, err);
	if (rc)
		goto out;
	{
		struct store_docs_event ev = {NULL, NULL, 0, 0, in->reason};
		rc = store_absence_create(s->st, &w, &a, &ev, err);
	}
	snprintf(key, sizeof(key), "%" PRId64, a.id);
	if (!rc && !strcmp(in->kind, "unexcused")) {
		/* KV-44: the absence itself, dated its first day, then the notice now. */
		struct store_docs_event ev = {"absence.unexcused", key, in->from_on, 0, in->reason};
		struct store_docs_event rep = {"absence.reported", key, 0, 0, in->reason};
		rc = store_absence_event(s->st, &w, a.id, &ev, err);
		if (!rc && by_provider(s)) {
			char body[600], f[SV_DATE_STRLEN], t[SV_DATE_STRLEN];
			snprintf(body, sizeof(body),
			         "Ogiltig frånvaro %s–%s. Orsak: %s. Kontaktförsök: %d.%s%s",
			         date_format(in->from_on, f),
			         date_format(in->to_on != SV_NO_DATE ? in->to_on : in->from_on, t),
			         reason_texts[index_of(in->reason, reasons)], in->contact_attempts,
			         in->note ? " " : "", in->note ? in->note : "");
			rc = tell_counsellor(s, &cs, "unexcused_absence", body, &rep, err);
		} else if (!rc) {
			rc = store_absence_event(s->st, &w, a.id, &rep, err);
		}
	}
	if (!rc)
		rc = certificate_fact(s, &cs, &a, SV_NO_DATE, err);
	if (!rc && over)
		rc = leave_notice(s, &cs, &a, limit, err);
	rc = casedocs_finish(s, intervention_id, rc, err);
	if (!rc)
		rc = reload_view(s, &cs, a.id, out, err);
out:
	casedocs_case_release(&cs);
	if (rc)
		absence_view_release(out);
	return rc;
}

enum sv_rc absences_update(const struct svc *s, int64_t id, sv_date to_on, const char *note,
                           struct absence_view *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, "absence updated");
	struct store_absence a;
	bool was_over = false, over = false;
	int limit = -1, days = 0;
	enum sv_rc rc = load(s, id, ACT_ABSENCE_WRITE, &a, &cs, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (to_on != SV_NO_DATE && to_on < a.from_on)
		rc = sv_error_set(err, SV_EINVAL, "to_on", "KV-40", "lies before the first day");
	if (!rc && !strcmp(a.kind, "leave") && to_on != SV_NO_DATE) {
		limit = param_n(s, cs.iv.code, a.from_on, RULES_P_LEAVE_PER_YEAR, -1);
		rc = leave_over(s, a.customer_id, a.id, a.from_on, a.to_on, limit, &was_over, &days,
		                err);
		if (!rc)
			rc = leave_over(s, a.customer_id, a.id, a.from_on, to_on, limit, &over,
			                &days, err);
	}
	if (rc)
		goto out;
	rc = store_begin(s->st, err);
	if (rc)
		goto out;
	rc = store_absence_update(s->st, &w, id, to_on, SV_NO_DATE, note, NULL, err);
	if (to_on != SV_NO_DATE)
		a.to_on = to_on;
	if (!rc)
		rc = certificate_fact(s, &cs, &a, SV_NO_DATE, err);
	if (!rc && over && !was_over)
		rc = leave_notice(s, &cs, &a, limit, err);
	rc = casedocs_finish(s, cs.iv.id, rc, err);
	if (!rc)
		rc = reload_view(s, &cs, id, out, err);
out:
	store_absence_release(&a);
	casedocs_case_release(&cs);
	if (rc)
		absence_view_release(out);
	return rc;
}

enum sv_rc absences_certificate(const struct svc *s, int64_t id, sv_date delivered_on,
                                struct absence_view *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, "certificate delivered");
	struct store_absence a;
	char key[24], d[SV_DATE_STRLEN];
	enum sv_rc rc = load(s, id, ACT_ABSENCE_WRITE, &a, &cs, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (!certified_kind(a.kind))
		rc = sv_error_set(err, SV_EINVAL, "kind", "KV-41",
		                  "certificates are for sickness and care of a child (vab)");
	else if (delivered_on == SV_NO_DATE || delivered_on > s->today)
		rc = sv_error_set(err, SV_EINVAL, "delivered_on", "KV-41",
		                  "the day the certificate reached the counsellor, not in the "
		                  "future");
	else if (delivered_on < a.from_on)
		rc = sv_error_set(err, SV_EINVAL, "delivered_on", "KV-41",
		                  "lies before the absence's first day");
	else if (a.certificate_on != SV_NO_DATE)
		rc = sv_error_set(err, SV_ESTATE, "certificate_on", "KV-41",
		                  "cannot record a certificate twice: it was delivered on %s",
		                  date_format(a.certificate_on, d));
	if (rc)
		goto out;
	snprintf(key, sizeof(key), "%" PRId64, id);
	rc = store_begin(s->st, err);
	if (rc)
		goto out;
	rc = certificate_fact(s, &cs, &a, delivered_on, err);
	if (!rc) {
		struct store_docs_event ev = {is_sick(a.kind) ? "sick_certificate.delivered"
		                                              : "vab_certificate.delivered",
		                              key, delivered_on, 0, NULL};
		rc = store_absence_update(s->st, &w, id, SV_NO_DATE, delivered_on, NULL, &ev, err);
	}
	rc = casedocs_finish(s, cs.iv.id, rc, err);
	if (!rc)
		rc = reload_view(s, &cs, id, out, err);
out:
	store_absence_release(&a);
	casedocs_case_release(&cs);
	if (rc)
		absence_view_release(out);
	return rc;
}

enum sv_rc absences_get(const struct svc *s, int64_t id, struct absence_view *out,
                        struct sv_error *err)
{
	struct casedocs_case cs;
	char what[40];
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = load(s, id, ACT_ABSENCE_READ, &out->a, &cs, err);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "absence:%" PRId64, id);
	rc = casedocs_log_read(s, cs.iv.customer_id, what, err);
	if (!rc)
		rc = view_fill(s, cs.iv.code, out, err);
	casedocs_case_release(&cs);
	if (rc)
		absence_view_release(out);
	return rc;
}

enum sv_rc absences_list(const struct svc *s, int64_t intervention_id, struct store_page page,
                         struct absence_view **out, size_t *n, int64_t *next, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_absence_list l = {0};
	struct absence_view *v = NULL;
	enum sv_rc rc;

	*out = NULL;
	*n = 0;
	*next = 0;
	rc = casedocs_load(s, intervention_id, ACT_ABSENCE_READ, &cs, err);
	if (!rc)
		rc = store_absence_list(s->st, s->tenant, intervention_id, page, &l, err);
	if (!rc)
		rc = casedocs_log_read(s, cs.iv.customer_id, "absences", err);
	if (!rc && l.n) {
		v = calloc(l.n, sizeof(*v));
		if (!v)
			rc = SV_ENOMEM;
	}
	for (size_t i = 0; !rc && i < l.n; i++) {
		v[i].a = l.v[i];
		memset(&l.v[i], 0, sizeof(l.v[i]));
		*n = i + 1;
		rc = view_fill(s, cs.iv.code, &v[i], err);
	}
	if (!rc) {
		*out = v;
		*next = l.next;
	} else {
		absences_list_release(v, *n);
		*n = 0;
	}
	store_absence_list_release(&l);
	casedocs_case_release(&cs);
	return rc;
}
