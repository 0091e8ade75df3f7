/* Start-up, running, changes and endings of an intervention (see casework.h). */
#include "service/casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/choice.h"
#include "service/obligations.h"
#include "stegvis/rules.h"

/* ---- Shared helpers ------------------------------------------------------------- */

enum sv_rc casework_log_read(const struct svc *s, int64_t customer_id, const char *what,
                             struct sv_error *err)
{
	if (!s->who)
		return SV_OK;
	if (s->log_access)
		return s->log_access(s->log_ctx, s, customer_id, "case_work", what, err);
	return store_access_log(s->st, s->tenant, s->who->user_id, customer_id, s->now, "case_work",
	                        what, err);
}

static bool in_scope(const struct svc *s, enum authz_scope scope, const struct store_case *c)
{
	switch (scope) {
	case SCOPE_ALL:
		return true;
	case SCOPE_UNIT:
		return s->who->unit_id && c->iv.unit_id == s->who->unit_id;
	case SCOPE_OWN:
		return c->iv.counsellor_id == s->who->user_id;
	case SCOPE_PROVIDER:
		return s->who->provider_id && c->iv.provider_id == s->who->provider_id;
	case SCOPE_NONE:
		break;
	}
	return false;
}

enum sv_rc casework_load(const struct svc *s, int64_t intervention_id, enum authz_action a,
                         const char *what, struct store_case *out, struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, a);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_case_get(s->st, s->tenant, intervention_id, out, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_ENOTFOUND, "intervention_id", "X-3",
		                    "no such intervention");
	}
	if (rc)
		return rc;
	if (!in_scope(s, scope, out)) {
		store_case_release(out);
		return sv_error_set(err, SV_ENOTFOUND, "intervention_id", "X-3",
		                    "no such intervention");
	}
	if (what) {
		rc = casework_log_read(s, out->iv.customer_id, what, err);
		if (rc)
			store_case_release(out);
	}
	return rc;
}

enum sv_rc casework_lc_of(const struct store_case *c, struct lc_intervention *out,
                          struct sv_error *err)
{
	enum sv_rc rc;

	lc_intervention_init(out);
	rc = lc_istate_parse(c->iv.state, strlen(c->iv.state), &out->state, "state", err);
	if (rc)
		return rc;
	out->has_start = c->iv.start_on != SV_NO_DATE;
	out->start_date = c->iv.start_on;
	out->extended_months = c->extension_months;
	{
		/* The details' name, else the coarse column (imported cases). */
		const char *why = lc_end_reason_display(c->end_cause, c->iv.end_reason);
		if (!why ||
		    lc_end_reason_parse(why, strlen(why), &out->end_reason, "end_cause", NULL))
			out->end_reason = LC_END_NONE;
	}
	out->end_date = c->iv.actual_end_on;
	return SV_OK;
}

static enum sv_rc set_str(char **dst, const char *s)
{
	char *p = NULL;

	if (s && !(p = strdup(s)))
		return SV_ENOMEM;
	free(*dst);
	*dst = p;
	return SV_OK;
}

char *casework_payload(const struct svc *s, int64_t intervention_id, json_t *extra)
{
	char day[SV_DATE_STRLEN];
	json_t *o = json_pack("{s:I,s:s}", "intervention_id", (json_int_t)intervention_id, "on",
	                      date_format(s->today, day));
	char *text = NULL;

	if (o && extra)
		json_object_update(o, extra);
	json_decref(extra);
	if (o)
		text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];

	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

/* Write the case with its event (reason may be NULL, X-1) and recompute its obligations. */
static enum sv_rc save_event(const struct svc *s, struct store_case *c, const char *kind,
                             const char *payload, const char *reason, struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	enum sv_rc rc;

	if (!payload)
		return sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
	rc = store_case_save(s->st, &w, c, kind, payload, err);
	if (!rc)
		rc = obligations_recompute(s, c->iv.id, err);
	return rc;
}

enum sv_rc casework_save(const struct svc *s, struct store_case *c, const char *kind,
                         const char *payload, struct sv_error *err)
{
	return save_event(s, c, kind, payload, NULL, err);
}

/* Save with a payload built from extra (stolen) and the event's reason (may be NULL, X-1). */
static enum sv_rc save_why(const struct svc *s, struct store_case *c, const char *kind,
                           json_t *extra, const char *reason, struct sv_error *err)
{
	char *payload = casework_payload(s, c->iv.id, extra);
	enum sv_rc rc = save_event(s, c, kind, payload, reason, err);

	free(payload);
	return rc;
}

/* Save with a payload built from extra (stolen). */
static enum sv_rc save_with(const struct svc *s, struct store_case *c, const char *kind,
                            json_t *extra, struct sv_error *err)
{
	return save_why(s, c, kind, extra, NULL, err);
}

/* True when text has something besides white space. */
static bool has_text(const char *text)
{
	for (; text && *text; text++)
		if (!strchr(" \t\r\n", *text))
			return true;
	return false;
}

/* Apply action to c through core; on success c holds the new state. */
static enum sv_rc apply(struct store_case *c, enum lc_iaction action, const struct lc_iargs *args,
                        struct lc_intervention *lc, struct sv_error *err)
{
	enum sv_rc rc = casework_lc_of(c, lc, err);

	if (!rc)
		rc = lc_intervention_apply(lc, action, args, err);
	if (!rc)
		rc = set_str(&c->iv.state, lc_istate_name(lc->state));
	return rc;
}

enum sv_rc casework_catch_up(const struct svc *s, struct store_case *c, bool *changed,
                             struct sv_error *err)
{
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	enum sv_rc rc;

	if (changed)
		*changed = false;
	if (strcmp(c->iv.state, "assigned") || c->iv.start_on == SV_NO_DATE ||
	    c->iv.start_on > s->today)
		return SV_OK;
	args.today = s->today;
	rc = apply(c, LC_IA_START, &args, &lc, err);
	if (!rc)
		rc = save_with(s, c, "intervention.started",
		               json_pack("{s:o}", "start_on", jdate(c->iv.start_on)), err);
	if (!rc && changed)
		*changed = true;
	return rc;
}

enum sv_rc casework_planned_end(const struct svc *s, const char *code, sv_date start,
                                int extended_days, sv_date *out, struct sv_error *err)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_intervention *iv =
		        rules_intervention_find(packs[i], code, start);
		if (!iv || !iv->max_duration.known)
			continue;
		if (iv->max_duration.unit == RULES_MONTHS)
			*out = date_add_months(start, iv->max_duration.n) - 1;
		else
			*out = start + iv->max_duration.n - 1;
		*out += extended_days;
		return SV_OK;
	}
	return sv_error_set(err, SV_EINVAL, "code", "KV-1",
	                    "no rule pack defines %s with a maximum duration on the start date",
	                    code);
}

const char *casework_db_end_reason(enum lc_end_reason r)
{
	const char *v = lc_end_reason_stored(r);
	return v ? v : "other";
}

/*
 * The frame of every write: begin, load for action a, catch up on the
 * start date, run fn, commit (or roll back on any error).
 */
typedef enum sv_rc (*step_fn)(const struct svc *s, struct store_case *c, const void *arg,
                              struct sv_error *err);

static enum sv_rc run(const struct svc *s, int64_t id, enum authz_action a, step_fn fn,
                      const void *arg, struct sv_error *err)
{
	struct store_case c = {0};
	enum sv_rc rc;

	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_begin(s->st, err);
	if (rc)
		return rc;
	rc = casework_load(s, id, a, NULL, &c, err);
	if (!rc)
		rc = casework_catch_up(s, &c, NULL, err);
	if (!rc)
		rc = fn(s, &c, arg, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	store_case_release(&c);
	return rc;
}

/* ---- Start-up ------------------------------------------------------------------------ */

static enum sv_rc do_queue(const struct svc *s, struct store_case *c, const void *arg,
                           struct sv_error *err)
{
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	enum sv_rc rc;

	(void)arg;
	/* The state first: queueing a running intervention names its state. */
	rc = casework_lc_of(c, &lc, err);
	if (!rc && lc_intervention_find(lc.state, LC_IA_QUEUE) && !c->iv.provider_id)
		return sv_error_set(err, SV_ESTATE, "provider_id", "KV-20",
		                    "cannot queue an intervention before the customer's choice of "
		                    "provider is recorded (KV-11)");
	if (!rc)
		rc = apply(c, LC_IA_QUEUE, &args, &lc, err);
	if (!rc)
		rc = save_with(s, c, "queued",
		               json_pack("{s:I}", "provider_id", (json_int_t)c->iv.provider_id),
		               err);
	return rc;
}

enum sv_rc casework_queue(const struct svc *s, int64_t id, struct sv_error *err)
{
	return run(s, id, ACT_CASE_DECIDE, do_queue, NULL, err);
}

static enum sv_rc do_staff(const struct svc *s, struct store_case *c, const void *arg,
                           struct sv_error *err)
{
	int64_t staff = *(const int64_t *)arg;
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	enum sv_rc rc = apply(c, LC_IA_STAFF, &args, &lc, err);

	if (rc)
		return rc;
	if (!staff)
		staff = s->who ? s->who->user_id : 0;
	if (!staff)
		return sv_error_set(err, SV_EINVAL, "staff_user_id", "KV-21",
		                    "name the provider's case worker");
	{
		struct store_user u = {0};
		rc = store_user_get(s->st, s->tenant, staff, &u, err);
		if (rc == SV_ENOTFOUND ||
		    (!rc && (u.provider_id != c->iv.provider_id || u.disabled))) {
			sv_error_clear(err);
			rc = sv_error_set(err, SV_EINVAL, "staff_user_id", "KV-21",
			                  "the case worker must be an active user of the provider");
		}
		store_user_release(&u);
		if (rc)
			return rc;
	}
	c->staff_user_id = staff;
	return save_with(s, c, "staffed",
	                 json_pack("{s:I,s:I}", "provider_id", (json_int_t)c->iv.provider_id,
	                           "staff_user_id", (json_int_t)staff),
	                 err);
}

enum sv_rc casework_staff(const struct svc *s, int64_t id, int64_t staff_user_id,
                          struct sv_error *err)
{
	return run(s, id, ACT_CASE_PROVIDER, do_staff, &staff_user_id, err);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static enum sv_rc do_assign(const struct svc *s, struct store_case *c, const void *arg,
                            struct sv_error *err)
{
	const struct casework_assignment *a = arg;
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	sv_date start = a->start_on == SV_NO_DATE ? s->today : a->start_on;
	int extent = a->extent_percent ? a->extent_percent : 100;
	sv_date end;
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (!lc_intervention_find(lc.state, LC_IA_ISSUE_ASSIGNMENT))
		return lc_intervention_next(lc.state, LC_IA_ISSUE_ASSIGNMENT, &lc.state, err);
	if (blank(a->brief))
		return sv_error_set(err, SV_EINVAL, "brief", "KV-22",
		                    "the assignment needs its description");
	if (extent < 1 || extent > 100)
		return sv_error_set(err, SV_EINVAL, "extent_percent", "KV-4",
		                    "the extent is a percentage of full time, 1 to 100");
	if (extent < 100 && blank(a->part_time_reason))
		return sv_error_set(err, SV_EINVAL, "part_time_reason", "KV-4",
		                    "full time is the main rule: a part-time start needs a reason "
		                    "in the assignment");
	if (start < c->iv.decided_on)
		return sv_error_set(err, SV_EINVAL, "start_on", "KV-24",
		                    "the start date cannot be before the decision");
	rc = casework_planned_end(s, c->iv.code, start, c->extended_days, &end, err);
	if (rc)
		return rc;
	args.start_date = start;
	rc = apply(c, LC_IA_ISSUE_ASSIGNMENT, &args, &lc, err);
	if (rc)
		return rc;
	c->iv.start_on = start;
	c->iv.planned_end_on = end;
	c->extent_percent = extent;
	rc = set_str(&c->part_time_reason, extent < 100 ? a->part_time_reason : NULL);
	if (!rc)
		rc = set_str(&c->brief, a->brief);
	if (!rc && a->future_plan)
		rc = set_str(&c->future_plan, a->future_plan);
	if (!rc)
		rc = save_with(s, c, "assignment.issued",
		               json_pack("{s:o,s:o,s:i}", "start_on", jdate(start),
		                         "planned_end_on", jdate(end), "extent_percent", extent),
		               err);
	/* KV-24: an assignment starting today (the default) starts at once. */
	if (!rc)
		rc = casework_catch_up(s, c, NULL, err);
	return rc;
}

enum sv_rc casework_assign(const struct svc *s, int64_t id, const struct casework_assignment *a,
                           struct sv_error *err)
{
	return run(s, id, ACT_CASE_DECIDE, do_assign, a, err);
}

struct start_change {
	sv_date start_on;
	const char *reason;
};

static enum sv_rc do_change_start(const struct svc *s, struct store_case *c, const void *arg,
                                  struct sv_error *err)
{
	const struct start_change *sc = arg;

	return casework_change_start_loaded(s, c, sc->start_on, sc->reason, err);
}

enum sv_rc casework_change_start_loaded(const struct svc *s, struct store_case *c, sv_date start_on,
                                        const char *reason, struct sv_error *err)
{
	const struct start_change one = {start_on, reason}, *sc = &one;
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	sv_date end, old = c->iv.start_on;
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (!lc_intervention_find(lc.state, LC_IA_CHANGE_START))
		return lc_intervention_next(lc.state, LC_IA_CHANGE_START, &lc.state, err);
	if (sc->start_on == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "start_on", "KV-24",
		                    "a start date is required");
	if (sc->start_on < c->iv.decided_on)
		return sv_error_set(err, SV_EINVAL, "start_on", "KV-24",
		                    "the start date cannot be before the decision");
	/* the change is recorded with why it was made. */
	if (!has_text(sc->reason))
		return sv_error_set(err, SV_EINVAL, "reason", "X-4",
		                    "a reason for the new start date is required");
	rc = casework_planned_end(s, c->iv.code, sc->start_on, c->extended_days, &end, err);
	if (rc)
		return rc;
	args.start_date = sc->start_on;
	rc = apply(c, LC_IA_CHANGE_START, &args, &lc, err);
	if (rc)
		return rc;
	c->iv.start_on = sc->start_on;
	c->iv.planned_end_on = end;
	rc = save_why(s, c, "intervention.start_changed",
	              json_pack("{s:o,s:o,s:o,s:s}", "from", jdate(old), "start_on",
	                        jdate(sc->start_on), "planned_end_on", jdate(end), "reason",
	                        sc->reason),
	              sc->reason, err);
	if (!rc)
		rc = casework_catch_up(s, c, NULL, err);
	return rc;
}

enum sv_rc casework_change_start(const struct svc *s, int64_t id, sv_date start_on,
                                 const char *reason, struct sv_error *err)
{
	struct start_change sc = {start_on, reason};

	return run(s, id, ACT_CASE_DECIDE, do_change_start, &sc, err);
}

struct meeting_arg {
	sv_date held_on;
	const char *note;
};

static enum sv_rc do_startup_meeting(const struct svc *s, struct store_case *c, const void *arg,
                                     struct sv_error *err)
{
	const struct meeting_arg *m = arg;
	struct store_write w = svc_write(s, NULL);
	sv_date held = m->held_on == SV_NO_DATE ? s->today : m->held_on;
	char day[SV_DATE_STRLEN];
	char *payload;
	int64_t mid = 0;
	enum sv_rc rc;

	if (strcmp(c->iv.state, "assigned") && strcmp(c->iv.state, "running"))
		return sv_error_set(
		        err, SV_ESTATE, "state", "KV-23",
		        "cannot hold the start-up meeting of an intervention that is %s",
		        c->iv.state);
	if (held > s->today)
		return sv_error_set(err, SV_EINVAL, "held_on", "KV-23",
		                    "a meeting is recorded once it has been held");
	payload = casework_payload(s, c->iv.id, json_pack("{s:s}", "on", date_format(held, day)));
	if (!payload)
		return SV_ENOMEM;
	rc = store_case_meeting_held(s->st, &w, c->iv.customer_id, c->iv.id, "start_up",
	                             (sv_time)held * 86400 * 1000000 + (sv_time)11 * 3600 * 1000000,
	                             m->note, "startup_meeting.held", payload, &mid, err);
	free(payload);
	if (!rc)
		rc = obligations_recompute(s, c->iv.id, err);
	return rc;
}

enum sv_rc casework_startup_meeting(const struct svc *s, int64_t id, sv_date held_on,
                                    const char *note, struct sv_error *err)
{
	struct meeting_arg m = {held_on, note};

	return run(s, id, ACT_CASE_PROVIDER, do_startup_meeting, &m, err);
}

/* ---- Running -------------------------------------------------------------------------- */

static enum sv_rc running_or_ended(const struct store_case *c, const char *what, const char *rule,
                                   struct sv_error *err)
{
	if (!strcmp(c->iv.state, "running"))
		return SV_OK;
	return sv_error_set(err, SV_ESTATE, "state", rule,
	                    "cannot record %s for an intervention that is %s", what, c->iv.state);
}

static enum sv_rc do_contact(const struct svc *s, struct store_case *c, const void *arg,
                             struct sv_error *err)
{
	struct store_contact_log *cl = (struct store_contact_log *)arg;
	struct store_write w = svc_write(s, NULL);
	enum sv_rc rc = running_or_ended(c, "a contact", "KV-30", err);

	if (rc)
		return rc;
	if (cl->contact_on == SV_NO_DATE)
		cl->contact_on = s->today;
	if (cl->contact_on > s->today || cl->contact_on < c->iv.start_on)
		return sv_error_set(err, SV_EINVAL, "contact_on", "KV-30",
		                    "a contact lies between the start and today");
	cl->intervention_id = c->iv.id;
	return store_contact_log_add(s->st, &w, c->iv.customer_id, cl, err);
}

enum sv_rc casework_contact_add(const struct svc *s, int64_t id, struct store_contact_log *c,
                                struct sv_error *err)
{
	return run(s, id, ACT_CASE_PROVIDER, do_contact, c, err);
}

void casework_contacts_release(struct casework_contacts *c)
{
	store_contact_log_list_release(&c->list);
	free(c->gaps);
	memset(c, 0, sizeof(*c));
}

static int contact_interval(const struct svc *s, const char *code, sv_date on)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_param *p =
		        rules_param_find(packs[i], RULES_P_CUSTOMER_CONTACT_INTERVAL, on);
		if (p && p->value.known && p->value.unit == RULES_CALENDAR_DAYS)
			return p->value.n;
	}
	return 0;
}

static enum sv_rc add_gap(struct casework_contacts *c, sv_date from, sv_date to)
{
	struct casework_gap *g = realloc(c->gaps, (c->n_gaps + 1) * sizeof(*g));

	if (!g)
		return SV_ENOMEM;
	c->gaps = g;
	g[c->n_gaps].from = from;
	g[c->n_gaps].to = to;
	c->n_gaps++;
	return SV_OK;
}

enum sv_rc casework_contacts(const struct svc *s, int64_t id, struct casework_contacts *out,
                             struct sv_error *err)
{
	struct store_case c = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	sv_date last, until;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	out->next_due = SV_NO_DATE;
	rc = casework_load(s, id, ACT_CASE_READ, "contacts", &c, err);
	if (!rc)
		rc = store_contact_log_list(s->st, s->tenant, id, page, &out->list, err);
	if (rc || c.iv.start_on == SV_NO_DATE || c.iv.start_on > s->today)
		goto out;
	/* KV-30: at least one contact per interval, counted from the start. */
	out->interval_days = contact_interval(s, c.iv.code, s->today);
	if (!out->interval_days)
		goto out;
	until = c.iv.actual_end_on != SV_NO_DATE && c.iv.actual_end_on < s->today
	                ? c.iv.actual_end_on
	                : s->today;
	last = c.iv.start_on - 1;
	{
		/* Contacts in date order (listed by id, recorded in any order). */
		sv_date *days = calloc(out->list.n ? out->list.n : 1, sizeof(*days));
		size_t n = 0;
		if (!days) {
			rc = SV_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < out->list.n; i++) {
			sv_date d = out->list.v[i].contact_on;
			size_t j = n++;
			while (j > 0 && days[j - 1] > d) {
				days[j] = days[j - 1];
				j--;
			}
			days[j] = d;
		}
		for (size_t i = 0; !rc && i < n && days[i] <= until; i++) {
			if (days[i] - last > out->interval_days)
				rc = add_gap(out, last + 1, days[i]);
			if (days[i] > last)
				last = days[i];
		}
		free(days);
	}
	if (!rc && until - last > out->interval_days)
		rc = add_gap(out, last + 1, until);
	out->next_due = last + out->interval_days;
	out->overdue = !strcmp(c.iv.state, "running") && out->next_due < s->today;
out:
	store_case_release(&c);
	if (rc)
		casework_contacts_release(out);
	return rc;
}

static enum sv_rc do_deviation(const struct svc *s, struct store_case *c, const void *arg,
                               struct sv_error *err)
{
	struct store_deviation *d = (struct store_deviation *)arg;
	struct store_write w = svc_write(s, NULL);
	enum sv_rc rc = running_or_ended(c, "a deviation", "KV-34", err);

	if (rc)
		return rc;
	if (d->occurred_on == SV_NO_DATE)
		d->occurred_on = s->today;
	if (d->occurred_on > s->today)
		return sv_error_set(err, SV_EINVAL, "occurred_on", "KV-34",
		                    "a deviation is reported once it has happened");
	d->intervention_id = c->iv.id;
	return store_deviation_add(s->st, &w, c->iv.customer_id, d, err);
}

enum sv_rc casework_deviation_add(const struct svc *s, int64_t id, struct store_deviation *d,
                                  struct sv_error *err)
{
	return run(s, id, ACT_CASE_PROVIDER, do_deviation, d, err);
}

enum sv_rc casework_deviations(const struct svc *s, int64_t id, struct store_page page,
                               struct store_deviation_list *out, struct sv_error *err)
{
	struct store_case c = {0};
	enum sv_rc rc = casework_load(s, id, ACT_CASE_READ, "deviations", &c, err);

	memset(out, 0, sizeof(*out));
	store_case_release(&c);
	if (!rc)
		rc = store_deviation_list(s->st, s->tenant, id, page, out, err);
	return rc;
}

/* ---- Changes and endings ---------------------------------------------------------------- */

/* KV-50's limits from the pack valid on day; false when the pack has none. */
static bool extension_limits(const struct svc *s, const char *code, sv_date day,
                             struct lc_extension_limits *out)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_param *step =
		        rules_param_find(packs[i], RULES_P_EXTENSION_STEP, day);
		const struct rules_param *max =
		        rules_param_find(packs[i], RULES_P_EXTENSION_MAX_TOTAL, day);
		if (!step || !max || !step->value.known || !max->value.known)
			continue;
		out->step_months = step->value.n;
		out->max_total_months = max->value.n;
		return true;
	}
	return false;
}

/* JP-0: the pack marks the code extendable by the counsellor. */
static bool extendable(const struct svc *s, const char *code, sv_date day)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_intervention *iv = rules_intervention_find(packs[i], code, day);
		if (iv)
			return iv->extendable;
	}
	return false;
}

struct extension {
	int months, days;
	const char *reason;
};

enum sv_rc casework_extend_loaded(const struct svc *s, struct store_case *c, int months, int days,
                                  const char *reason, struct sv_error *err)
{
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	sv_date old = c->iv.planned_end_on;
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (!lc_intervention_find(lc.state, LC_IA_EXTEND))
		return lc_intervention_next(lc.state, LC_IA_EXTEND, &lc.state, err);
	if (extension_limits(s, c->iv.code, s->today, &args.limits)) {
		/* KV-50: a supervisor, one step at a time, within the total. */
		if (s->who && svc_scope(s, ACT_CASE_EXTEND) == SCOPE_NONE)
			return sv_error_set(err, SV_EFORBIDDEN, "", "KV-50",
			                    "an extension is decided by a supervisor");
		if (days)
			return sv_error_set(err, SV_EINVAL, "days", "KV-50",
			                    "this intervention is extended by months");
		args.months = months;
		rc = lc_intervention_apply(&lc, LC_IA_EXTEND, &args, err);
		if (rc)
			return rc;
		c->extension_months = lc.extended_months;
		c->iv.planned_end_on = date_add_months(old + 1, months) - 1;
	} else if (extendable(s, c->iv.code, s->today)) {
		/* JP-0: the counsellor extends the planned duration by days. */
		if (months)
			return sv_error_set(err, SV_EINVAL, "months", "JP-0",
			                    "this intervention is extended by days");
		if (days < 1 || days > 366)
			return sv_error_set(err, SV_EINVAL, "days", "JP-0",
			                    "an extension is 1 to 366 days");
		c->extended_days += days;
		c->iv.planned_end_on = old + days;
	} else {
		return sv_error_set(err, SV_ESTATE, "code", "KV-50",
		                    "the rule pack allows no extension of %s", c->iv.code);
	}
	return save_with(s, c, "intervention.extended",
	                 json_pack("{s:i,s:i,s:o,s:o,s:s?}", "months", months, "days", days, "from",
	                           jdate(old), "planned_end_on", jdate(c->iv.planned_end_on),
	                           "reason", reason),
	                 err);
}

static enum sv_rc do_extend(const struct svc *s, struct store_case *c, const void *arg,
                            struct sv_error *err)
{
	const struct extension *e = arg;

	return casework_extend_loaded(s, c, e->months, e->days, e->reason, err);
}

enum sv_rc casework_extend(const struct svc *s, int64_t id, int months, int days,
                           const char *reason, struct sv_error *err)
{
	struct extension e = {months, days, reason};
	/* KV-50 extensions are a supervisor's (ACT_CASE_EXTEND); jobbpeng's the
	 * counsellor's: either scope lets the caller load the case. */
	enum authz_action a =
	        svc_scope(s, ACT_CASE_EXTEND) != SCOPE_NONE ? ACT_CASE_EXTEND : ACT_CASE_DECIDE;

	return run(s, id, a, do_extend, &e, err);
}

enum sv_rc casework_end_loaded(const struct svc *s, struct store_case *c,
                               const struct casework_ending *e, struct sv_error *err)
{
	const struct lc_end_reason_info *info = lc_end_reason_info(e->reason);
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	sv_date end = e->end_on == SV_NO_DATE ? s->today : e->end_on;
	bool early;
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (!lc_intervention_find(lc.state, LC_IA_END))
		return lc_intervention_next(lc.state, LC_IA_END, &lc.state, err);
	if (!info)
		return sv_error_set(err, SV_EINVAL, "reason", "KV-52", "an end reason is required");
	args.reason = e->reason;
	args.end_date = end;
	rc = apply(c, LC_IA_END, &args, &lc, err);
	if (rc)
		return rc;
	early = e->reason != LC_END_COMPLETED;
	c->iv.actual_end_on = end;
	c->end_decided_on = s->today;
	c->reason_withheld = e->withhold_reason;
	rc = set_str(&c->iv.end_reason, casework_db_end_reason(e->reason));
	if (!rc)
		rc = set_str(&c->end_cause, lc_end_reason_name(e->reason));
	if (!rc)
		rc = set_str(&c->end_note, e->note);
	if (rc)
		return rc;
	/* KV-61: an ending decided before the planned end gives the final
	 * report two weeks from the decision; KV-60 governs a completed one. */
	rc = save_with(s, c, early ? "intervention.end_decided" : "intervention.ended",
	               json_pack("{s:s,s:o,s:b}", "reason", lc_end_reason_name(e->reason), "end_on",
	                         jdate(end), "withheld", e->withhold_reason),
	               err);
	/* KV-62: an abort for a reason outside the provider's control. */
	if (!rc && info->outside_provider_control)
		rc = obligations_event(s, c->iv.customer_id, c->iv.id, "intervention.aborted", NULL,
		                       end <= s->today ? end : s->today, NULL, err);
	if (!rc && e->reason == LC_END_SELF_SUFFICIENT)
		rc = obligations_event(s, c->iv.customer_id, c->iv.id, "self_sufficiency.reached",
		                       NULL, end <= s->today ? end : s->today, NULL, err);
	if (!rc && (info->outside_provider_control || e->reason == LC_END_SELF_SUFFICIENT))
		rc = obligations_recompute(s, c->iv.id, err);
	return rc;
}

static enum sv_rc do_end(const struct svc *s, struct store_case *c, const void *arg,
                         struct sv_error *err)
{
	return casework_end_loaded(s, c, arg, err);
}

enum sv_rc casework_end(const struct svc *s, int64_t id, const struct casework_ending *e,
                        struct sv_error *err)
{
	return run(s, id, ACT_CASE_DECIDE, do_end, e, err);
}

static enum sv_rc do_cancel(const struct svc *s, struct store_case *c, const void *arg,
                            struct sv_error *err)
{
	const char *reason = arg;
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (!lc_intervention_find(lc.state, LC_IA_CANCEL))
		return lc_intervention_next(lc.state, LC_IA_CANCEL, &lc.state, err);
	if (blank(reason))
		return sv_error_set(err, SV_EINVAL, "reason", "KV-52",
		                    "a cancellation states its reason");
	rc = apply(c, LC_IA_CANCEL, &args, &lc, err);
	if (!rc)
		rc = save_with(s, c, "intervention.cancelled", json_pack("{s:s}", "reason", reason),
		               err);
	return rc;
}

enum sv_rc casework_cancel(const struct svc *s, int64_t id, const char *reason,
                           struct sv_error *err)
{
	return run(s, id, ACT_CASE_DECIDE, do_cancel, reason, err);
}

struct switch_arg {
	int64_t provider_id;
	sv_date end_on;
	const char *reason;
	int64_t *new_id;
};

static enum sv_rc do_switch(const struct svc *s, struct store_case *c, const void *arg,
                            struct sv_error *err)
{
	const struct switch_arg *sw = arg;
	const char *scheme = store_intervention_scheme(c->iv.code);
	struct lc_intervention lc;
	struct lc_iargs args = {0};
	int64_t provider = sw->provider_id, old = c->iv.provider_id;
	bool dflt = false;
	enum sv_rc rc;

	rc = casework_lc_of(c, &lc, err);
	if (rc)
		return rc;
	if (lc.state != LC_IS_RUNNING && !lc_intervention_find(lc.state, LC_IA_SWITCH_PROVIDER))
		return lc_intervention_next(lc.state, LC_IA_SWITCH_PROVIDER, &lc.state, err);
	if (!provider) {
		struct rotation_period p;
		rc = choice_default(s, scheme, s->today, &p, err);
		if (rc)
			return rc;
		provider = p.provider_id;
		dflt = true;
	}
	if (provider == old)
		return sv_error_set(err, SV_EINVAL, "provider_id", "KV-14",
		                    "the customer already has this provider");
	rc = choice_check_authorised(s, provider, scheme, s->today, err);
	if (rc)
		return rc;
	if (lc.state != LC_IS_RUNNING) {
		/* Before the start: queued again at the new provider, which staffs
		 * it and gets a new assignment. */
		rc = apply(c, LC_IA_SWITCH_PROVIDER, &args, &lc, err);
		if (rc)
			return rc;
		c->iv.provider_id = provider;
		c->iv.start_on = SV_NO_DATE;
		c->iv.planned_end_on = SV_NO_DATE;
		c->staff_user_id = 0;
		c->default_choice = dflt;
		*sw->new_id = c->iv.id;
		return save_with(s, c, "queued",
		                 json_pack("{s:I,s:I,s:b,s:s?}", "provider_id",
		                           (json_int_t)provider, "switched_from", (json_int_t)old,
		                           "default", dflt, "reason", sw->reason),
		                 err);
	}
	/* After the start: end this one (KV-52) and grant a new one (KV-14). */
	{
		struct casework_ending e = {LC_END_PROVIDER_SWITCH, sw->end_on, sw->reason, false};
		struct store_write w = svc_write(s, sw->reason);
		struct store_intervention niv = {0};
		struct store_case nc = {0};
		rc = casework_end_loaded(s, c, &e, err);
		if (rc)
			return rc;
		niv.customer_id = c->iv.customer_id;
		niv.code = c->iv.code;
		niv.provider_id = provider;
		niv.unit_id = c->iv.unit_id;
		niv.counsellor_id = c->iv.counsellor_id;
		niv.decided_on = s->today;
		niv.start_on = niv.planned_end_on = niv.actual_end_on = SV_NO_DATE;
		niv.state = "granted";
		rc = store_intervention_create(s->st, &w, &niv, err);
		if (!rc)
			rc = store_case_get(s->st, s->tenant, niv.id, &nc, err);
		if (!rc) {
			nc.assessment_id = c->assessment_id;
			nc.default_choice = dflt;
			nc.extent_percent = c->extent_percent ? c->extent_percent : 100;
			rc = set_str(&nc.target_group, c->target_group);
			if (!rc)
				rc = set_str(&nc.outside_target_reason, c->outside_target_reason);
			if (!rc)
				rc = set_str(&nc.part_time_reason, c->part_time_reason);
			if (!rc)
				rc = set_str(&nc.future_plan, c->future_plan);
		}
		if (!rc)
			rc = save_with(s, &nc, "choice.recorded",
			               json_pack("{s:I,s:I,s:b}", "provider_id",
			                         (json_int_t)provider, "switched_from_intervention",
			                         (json_int_t)c->iv.id, "default", dflt),
			               err);
		if (!rc)
			*sw->new_id = niv.id;
		store_case_release(&nc);
		return rc;
	}
}

enum sv_rc casework_switch_provider(const struct svc *s, int64_t id, int64_t provider_id,
                                    sv_date end_on, const char *reason, int64_t *new_id,
                                    struct sv_error *err)
{
	struct switch_arg sw = {provider_id, end_on, reason, new_id};

	*new_id = 0;
	return run(s, id, ACT_CASE_DECIDE, do_switch, &sw, err);
}

enum sv_rc casework_deficiency_add(const struct svc *s, struct store_deficiency *d,
                                   struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_provider p = {0};
	int64_t customer = 0;
	enum sv_rc rc;

	if (svc_scope(s, ACT_DEFICIENCY_WRITE) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_provider_get(s->st, s->tenant, d->provider_id, &p, err);
	store_provider_release(&p);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_ENOTFOUND, "provider_id", "X-5", "no such provider");
	}
	if (rc)
		return rc;
	if (d->noted_on == SV_NO_DATE)
		d->noted_on = s->today;
	if (d->noted_on > s->today)
		return sv_error_set(err, SV_EINVAL, "noted_on", "KV-53",
		                    "a deficiency is noted once it has happened");
	rc = store_begin(s->st, err);
	if (rc)
		return rc;
	if (d->intervention_id) {
		struct store_case c = {0};
		rc = casework_load(s, d->intervention_id, ACT_CASE_READ, NULL, &c, err);
		if (!rc && c.iv.provider_id != d->provider_id)
			rc = sv_error_set(err, SV_EINVAL, "intervention_id", "KV-53",
			                  "the intervention is not at this provider");
		customer = c.iv.customer_id;
		store_case_release(&c);
	}
	if (!rc)
		rc = store_deficiency_add(s->st, &w, customer, d, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	return rc;
}

enum sv_rc casework_deficiencies(const struct svc *s, int64_t provider_id, sv_date from, sv_date to,
                                 struct store_page page, struct store_deficiency_list *out,
                                 struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_TIMELINESS_READ);

	memset(out, 0, sizeof(*out));
	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (scope == SCOPE_PROVIDER && provider_id != s->who->provider_id)
		return sv_error_set(err, SV_ENOTFOUND, "provider_id", "X-3", "no such provider");
	if (from == SV_NO_DATE)
		from = date_add_months(s->today, -12);
	if (to == SV_NO_DATE)
		to = s->today;
	return store_deficiency_list(s->st, s->tenant, provider_id, from, to, page, out, err);
}

/* ---- Reads -------------------------------------------------------------------------------- */

enum sv_rc casework_get(const struct svc *s, int64_t id, struct store_case *out,
                        struct sv_error *err)
{
	enum sv_rc rc = casework_load(s, id, ACT_CASE_READ, "intervention", out, err);

	if (!rc && out->reason_withheld && s->who && authz_is_provider_role(s->who->role)) {
		/* KV-52: the customer did not want the provider told the reason. */
		free(out->end_cause);
		out->end_cause = NULL;
		free(out->end_note);
		out->end_note = NULL;
		rc = set_str(&out->iv.end_reason, "withheld");
	}
	if (rc)
		store_case_release(out);
	return rc;
}

enum sv_rc casework_start_due(const struct svc *s, int64_t *started, struct sv_error *err)
{
	int64_t ids[256];
	size_t n = 0;
	int64_t total = 0;
	enum sv_rc rc = SV_OK;

	if (svc_scope(s, ACT_OBLIGATION_SWEEP) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	do {
		rc = store_case_due_starts(s->st, s->tenant, s->today, ids, 256, &n, err);
		for (size_t i = 0; !rc && i < n; i++) {
			struct store_case c = {0};
			bool changed = false;
			rc = store_begin(s->st, err);
			if (!rc)
				rc = store_case_get(s->st, s->tenant, ids[i], &c, err);
			if (!rc)
				rc = casework_catch_up(s, &c, &changed, err);
			if (!rc)
				rc = store_commit(s->st, err);
			else
				store_rollback(s->st);
			store_case_release(&c);
			total += changed;
		}
	} while (!rc && n == 256);
	if (started)
		*started = total;
	return rc;
}
