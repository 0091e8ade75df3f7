/*
 * The deadline engine materialised (see obligations.h): facts from the
 * intervention's row and its case events, dl_compute() over the packs that
 * define the intervention's code, the rows in the obligations table; the
 * inbox, a case's list, the sweep and timeliness per provider (KV-53).
 */
#include "service/obligations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "service/casework.h"
#include "stegvis/lifecycle.h"
#include "stegvis/deadline.h"
#include "stegvis/rules.h"
#include "stegvis/store_case.h"

/* ---- Time (CAL-1) ------------------------------------------------------------ */

sv_date obligations_civil_date(sv_time at)
{
	time_t t = (time_t)(at / 1000000);
	struct tm tm;

	if (at < 0 && at % 1000000)
		t--;
	if (!localtime_r(&t, &tm))
		return SV_NO_DATE;
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* An instant of civil date d in the municipality: 11:00 UTC is 12:00 or
 * 13:00 in Stockholm and Copenhagen, always inside the day. */
static sv_time instant_of(sv_date d)
{
	return (sv_time)d * DL_DAY_US + 11 * DL_HOUR_US;
}

/* The instant statuses are judged at: now when it is on today, else an
 * instant of today (a fixed "today" with --on runs on the real clock). */
static sv_time judged_at(const struct svc *s)
{
	return obligations_civil_date(s->now) == s->today ? s->now : instant_of(s->today);
}

/* ---- Packs --------------------------------------------------------------------- */

static bool pack_has_code(const struct rules_pack *p, const char *code)
{
	for (size_t i = 0; i < p->n_interventions; i++) {
		const struct rules_intervention *iv = &p->interventions[i];
		if (!strcmp(iv->code, code))
			return true;
	}
	return false;
}

size_t obligations_packs(const struct svc *s, const char *code, const struct rules_pack **out,
                         size_t max)
{
	size_t n = 0;

	if (!s->rules || !code)
		return 0;
	for (size_t i = 0; i < s->rules->set.n; i++) {
		const struct rules_pack *p = s->rules->set.packs[i];
		if (!pack_has_code(p, code))
			continue;
		if (n < max)
			out[n] = p;
		n++;
	}
	if (n > max)
		n = max;
	/* Newest validity first: its deadlines shadow an older pack's where both
	 * are valid (deadline.h, Validity). */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && out[j]->valid.from > out[j - 1]->valid.from; j--) {
			const struct rules_pack *t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

/* Deadlines that cannot be computed before the start is known. */
static bool needs_start(const struct rules_deadline *d)
{
	return d->kind == RULES_DL_MONTHLY || (d->from && !strcmp(d->from, "intervention.start"));
}

/* ---- Facts ----------------------------------------------------------------------- */

#define MAX_PACKS 8

struct calc {
	struct store_case_event_list news;
	struct store_case_fact *adds;
	char (*add_keys)[DL_KEY_MAX];
	size_t adds_alloc;
	struct store_case_fact_list facts;
	struct dl_event *ev;
	size_t alloc;
	struct dl_list out;
	struct store_obligation *rows;
	/* Pack copies without the deadlines that need a start (before one is set). */
	struct rules_pack copies[MAX_PACKS];
	struct rules_deadline *kept[MAX_PACKS];
};

static void calc_release(struct calc *c)
{
	store_case_event_list_release(&c->news);
	free(c->adds);
	free(c->add_keys);
	store_case_fact_list_release(&c->facts);
	free(c->ev);
	dl_list_release(&c->out);
	free(c->rows);
	for (size_t i = 0; i < MAX_PACKS; i++)
		free(c->kept[i]);
	memset(c, 0, sizeof(*c));
}

/*
 * Read the customer's case events that are new since the last recompute
 * and record those of the vocabulary as facts, each dated once and for
 * all: the payload's "on", else today (the recompute runs in the
 * transaction that appended the event, so today is the day it was
 * recorded, also on a fixed clock). The instant is the payload's
 * occurred_at or the event's own time when it lies on that date, else an
 * instant of the date.
 */
static enum sv_rc sync_facts(const struct svc *s, int64_t customer, struct calc *c,
                             struct sv_error *err)
{
	int64_t last = 0;
	size_t n = 0;
	enum sv_rc rc = store_case_new_events(s->st, s->tenant, customer, &c->news, &last, err);

	if (rc || !last)
		return rc;
	if (c->news.n > c->adds_alloc) {
		struct store_case_fact *a = realloc(c->adds, c->news.n * sizeof(*a));
		char(*k)[DL_KEY_MAX];
		if (!a)
			return SV_ENOMEM;
		c->adds = a;
		k = realloc(c->add_keys, c->news.n * sizeof(*k));
		if (!k)
			return SV_ENOMEM;
		c->add_keys = k;
		c->adds_alloc = c->news.n;
	}
	for (size_t i = 0; i < c->news.n; i++) {
		const struct store_case_event *e = &c->news.v[i];
		struct store_case_fact *f = &c->adds[n];
		json_t *pl, *v;
		sv_date on = s->today;
		sv_time at = e->at;

		/* Facts are the pack vocabulary; the intervention's dates come from
		 * its row, never from the list (deadline.h). */
		if (!rules_event_known(e->kind) || !strcmp(e->kind, "intervention.start") ||
		    !strcmp(e->kind, "intervention.planned_end") ||
		    !strcmp(e->kind, "intervention.end"))
			continue;
		pl = json_loads(e->payload, 0, NULL);
		v = json_object_get(pl, "intervention_id");
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			json_decref(pl);
			continue;
		}
		memset(f, 0, sizeof(*f));
		f->event_id = e->id;
		f->intervention_id = json_integer_value(v);
		f->name = e->kind;
		v = json_object_get(pl, "on");
		if (json_is_string(v) &&
		    date_parse(json_string_value(v), json_string_length(v), &on, "on", NULL))
			on = s->today;
		v = json_object_get(pl, "occurred_at");
		if (json_is_integer(v) && obligations_civil_date(json_integer_value(v)) == on)
			at = json_integer_value(v);
		else if (obligations_civil_date(at) != on)
			at = instant_of(on);
		f->on = on;
		f->at = at;
		c->add_keys[n][0] = '\0';
		v = json_object_get(pl, "key");
		if (json_is_string(v) && json_string_length(v) >= DL_KEY_MAX) {
			json_decref(pl);
			return sv_error_set(err, SV_EINVAL, "key", "rules-format",
			                    "the key of event %s is too long", e->kind);
		}
		if (json_is_string(v))
			snprintf(c->add_keys[n], DL_KEY_MAX, "%s", json_string_value(v));
		f->key = c->add_keys[n];
		json_decref(pl);
		n++;
	}
	return store_case_facts_add(s->st, s->tenant, customer, c->adds, n, last, err);
}

/* The engine's events from the intervention's facts; *wake gets the
 * earliest date of a fact that lies after today. */
static enum sv_rc build_events(const struct svc *s, sv_time now, struct calc *c, size_t *n_out,
                               sv_date *wake)
{
	size_t n = 0;

	*wake = SV_NO_DATE;
	if (c->facts.n > c->alloc) {
		struct dl_event *ev = realloc(c->ev, c->facts.n * sizeof(*ev));
		if (!ev)
			return SV_ENOMEM;
		c->ev = ev;
		c->alloc = c->facts.n;
	}
	for (size_t i = 0; i < c->facts.n; i++) {
		const struct store_case_fact *f = &c->facts.v[i];
		if (f->on > s->today) {
			if (*wake == SV_NO_DATE || f->on < *wake)
				*wake = f->on;
			continue;
		}
		c->ev[n].name = f->name;
		c->ev[n].at = f->at > now ? now : f->at;
		c->ev[n].date = f->on;
		c->ev[n].key = f->key;
		/* Facts come by date and instant; clamping to now keeps the order. */
		if (n && c->ev[n].at < c->ev[n - 1].at)
			c->ev[n].at = c->ev[n - 1].at;
		n++;
	}
	*n_out = n;
	return SV_OK;
}

/* KV-53: met later than the pack's provider_late_reporting after the due date. */
static bool over_limit(const struct rules_pack *const *packs, size_t np, sv_date due, sv_date met)
{
	for (size_t i = 0; i < np; i++) {
		const struct rules_param *p =
		        rules_param_find(packs[i], RULES_P_PROVIDER_LATE_REPORTING, due);
		if (!p || !p->value.known)
			continue;
		if (p->value.unit == RULES_MONTHS)
			return met > date_add_months(due, p->value.n);
		return met - due > p->value.n;
	}
	return false;
}

enum sv_rc obligations_recompute(const struct svc *s, int64_t intervention_id, struct sv_error *err)
{
	struct store_case cs = {0};
	struct calc c = {0};
	const struct rules_pack *packs[MAX_PACKS];
	const struct rules_pack *use[MAX_PACKS];
	struct dl_input in;
	size_t np, nev = 0, nrows = 0;
	sv_date wake = SV_NO_DATE;
	sv_time now = judged_at(s);
	bool cancelled;
	enum sv_rc rc;

	rc = store_case_get(s->st, s->tenant, intervention_id, &cs, err);
	if (rc)
		goto out;
	np = obligations_packs(s, cs.iv.code, packs, MAX_PACKS);
	if (np == 0) {
		/* No pack governs the code: no obligations. */
		rc = store_obligations_replace(s->st, s->tenant, intervention_id, NULL, 0,
		                               SV_NO_DATE, err);
		goto out;
	}
	rc = sync_facts(s, cs.iv.customer_id, &c, err);
	if (!rc)
		rc = store_case_facts(s->st, s->tenant, intervention_id, &c.facts, err);
	if (!rc)
		rc = build_events(s, now, &c, &nev, &wake);
	if (rc)
		goto out;

	dl_input_init(&in);
	in.start = cs.iv.start_on;
	in.planned_end = cs.iv.planned_end_on;
	in.end = cs.iv.actual_end_on;
	/* An intervention ended early by decision owes no KV-60 report on its
	 * old planned end: KV-61 and KV-63 govern it. */
	{
		/* The life-cycle cause, or the coarse column mapped (lifecycle.h). */
		const char *why = lc_end_reason_display(cs.end_cause, cs.iv.end_reason);
		if (why && strcmp(why, "completed"))
			in.planned_end = DL_NO_DATE;
	}
	for (size_t i = 0; i < np; i++) {
		use[i] = packs[i];
		if (in.start != DL_NO_DATE)
			continue;
		/* Before the assignment sets a start, leave out what counts from it. */
		c.kept[i] = calloc(packs[i]->n_deadlines ? packs[i]->n_deadlines : 1,
		                   sizeof(*c.kept[i]));
		if (!c.kept[i]) {
			rc = SV_ENOMEM;
			goto out;
		}
		c.copies[i] = *packs[i];
		c.copies[i].n_deadlines = 0;
		for (size_t k = 0; k < packs[i]->n_deadlines; k++)
			if (!needs_start(&packs[i]->deadlines[k]))
				c.kept[i][c.copies[i].n_deadlines++] = packs[i]->deadlines[k];
		c.copies[i].deadlines = c.kept[i];
		use[i] = &c.copies[i];
	}
	in.packs = use;
	in.n_packs = np;
	in.cal = s->rules
	                 ? rulebook_cal(s->rules, strcmp(packs[0]->country, "DK") ? CAL_SE : CAL_DK)
	                 : NULL;
	in.events = c.ev;
	in.n_events = nev;
	in.today = s->today;
	in.now = now;
	rc = dl_compute_list(&in, &c.out, err);
	if (rc)
		goto out;
	c.rows = calloc(c.out.n ? c.out.n : 1, sizeof(*c.rows));
	if (!c.rows) {
		rc = SV_ENOMEM;
		goto out;
	}
	cancelled = !strcmp(cs.iv.state, "cancelled");
	for (size_t i = 0; i < c.out.n; i++) {
		const struct dl_obligation *o = &c.out.v[i];
		struct store_obligation *r = &c.rows[nrows];
		/* A cancelled intervention owes nothing more; what was met stays. */
		if (cancelled && !o->met)
			continue;
		r->customer_id = cs.iv.customer_id;
		r->intervention_id = intervention_id;
		r->counsellor_id = cs.iv.counsellor_id;
		r->provider_id = cs.iv.provider_id;
		r->unit_id = cs.iv.unit_id;
		r->deadline = (char *)o->deadline;
		r->seq = (int)o->seq;
		r->rule = (char *)o->rule;
		r->actor = (char *)o->actor;
		r->what = (char *)(o->what ? o->what : o->deadline);
		r->key = (char *)o->key;
		r->from_on = o->from;
		r->due_on = o->due;
		r->due_at = o->timed ? o->due_at : 0;
		r->status = (char *)dl_status_name(o->status);
		r->met_on = o->met ? o->met_on : SV_NO_DATE;
		r->met_at = o->met ? o->met_at : 0;
		r->days_late = o->status == DL_MET_LATE ? o->days_late : 0;
		r->over_limit =
		        o->status == DL_MET_LATE && over_limit(packs, np, o->due, o->met_on);
		nrows++;
	}
	rc = store_obligations_replace(s->st, s->tenant, intervention_id, c.rows, nrows, wake, err);
out:
	calc_release(&c);
	store_case_release(&cs);
	return rc;
}

/* ---- Fact events --------------------------------------------------------------- */

static bool month_key(const char *k)
{
	sv_date d;

	return k && strlen(k) == 7 && !date_parse_month(k, 7, &d, "key", NULL);
}

enum sv_rc obligations_event(const struct svc *s, int64_t customer_id, int64_t intervention_id,
                             const char *name, const char *key, sv_date on, const char *reason,
                             struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	char day[SV_DATE_STRLEN];
	json_t *p = NULL;
	char *text = NULL;
	enum sv_rc rc;

	if (!name || !rules_event_known(name))
		return sv_error_set(err, SV_EINVAL, "name", "rules-format",
		                    "%s is not an event of the rule-pack vocabulary",
		                    name ? name : "(none)");
	if (!strncmp(name, "monthly_report.", 15) && !month_key(key))
		return sv_error_set(err, SV_EINVAL, "key", "KV-32",
		                    "a monthly report event needs its month as YYYY-MM");
	if (key && strlen(key) >= DL_KEY_MAX)
		return sv_error_set(err, SV_EINVAL, "key", "rules-format", "key too long");
	p = json_pack("{s:I,s:s}", "intervention_id", (json_int_t)intervention_id, "on",
	              date_format(on == SV_NO_DATE ? s->today : on, day));
	if (p && key && *key)
		json_object_set_new(p, "key", json_string(key));
	text = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	rc = text ? store_event_append(s->st, &w, customer_id, name, text, err)
	          : sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
	free(text);
	json_decref(p);
	return rc;
}

/* ---- Reading ------------------------------------------------------------------------ */

void obligations_effective(const struct svc *s, struct store_obligation *o)
{
	bool open = o->status && !strcmp(o->status, "open");
	bool missed = o->status && !strcmp(o->status, "missed");
	bool past = o->due_at ? o->due_at < judged_at(s) : o->due_on < s->today;

	if (open && past) {
		char *m = strdup("missed");
		if (m) {
			free(o->status);
			o->status = m;
			missed = true;
		}
	}
	if (missed)
		o->days_late = s->today - o->due_on;
}

/* the obligations of a case are the person's data. */
static enum sv_rc log_reads(const struct svc *s, const struct store_obligation_list *l,
                            struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	for (size_t i = 0; !rc && i < l->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = l->v[j].customer_id == l->v[i].customer_id;
		if (!seen)
			rc = casework_log_read(s, l->v[i].customer_id, "obligations", err);
	}
	return rc;
}

enum sv_rc obligations_inbox(const struct svc *s, const char *actor, sv_date until,
                             struct store_page page, struct store_obligation_list *out,
                             struct sv_error *err)
{
	struct store_obligation_filter f = {0};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (!s->who || svc_scope(s, ACT_OBLIGATION_READ) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	f.actor = actor;
	f.due_until = until;
	switch (s->who->role) {
	case ROLE_COUNSELLOR:
		f.counsellor_id = s->who->user_id;
		break;
	case ROLE_PROVIDER_STAFF:
	case ROLE_PROVIDER_ADMIN:
		if (!s->who->provider_id)
			return SV_OK;
		f.provider_id = s->who->provider_id;
		if (!f.actor)
			f.actor = "provider";
		break;
	case ROLE_SUPERVISOR:
	case ROLE_SOCIAL_WORKER:
		if (!s->who->unit_id)
			return SV_OK;
		f.unit_id = s->who->unit_id;
		break;
	default:
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3",
		                    "the inbox is for counsellors, supervisors and providers");
	}
	rc = store_obligation_list(s->st, s->tenant, &f, page, out, err);
	if (!rc)
		rc = log_reads(s, out, err);
	for (size_t i = 0; !rc && i < out->n; i++)
		obligations_effective(s, &out->v[i]);
	if (rc)
		store_obligation_list_release(out);
	return rc;
}

enum sv_rc obligations_of_intervention(const struct svc *s, int64_t intervention_id,
                                       struct store_page page, struct store_obligation_list *out,
                                       struct sv_error *err)
{
	struct store_obligation_filter f = {0};
	struct store_case c = {0};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = casework_load(s, intervention_id, ACT_OBLIGATION_READ, "obligations", &c, err);
	store_case_release(&c);
	if (rc)
		return rc;
	f.intervention_id = intervention_id;
	f.due_until = SV_NO_DATE;
	rc = store_obligation_list(s->st, s->tenant, &f, page, out, err);
	for (size_t i = 0; !rc && i < out->n; i++)
		obligations_effective(s, &out->v[i]);
	return rc;
}

enum sv_rc obligations_timeliness(const struct svc *s, int64_t provider_id, sv_date from,
                                  sv_date to, struct store_timeliness_list *out,
                                  struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_TIMELINESS_READ);
	sv_date cutoff = date_add_months(s->today, -1);
	const struct rules_pack *packs[MAX_PACKS];
	size_t np;

	memset(out, 0, sizeof(*out));
	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (scope == SCOPE_PROVIDER) {
		if (provider_id && provider_id != s->who->provider_id)
			return sv_error_set(err, SV_ENOTFOUND, "provider_id", "X-3",
			                    "no such provider");
		provider_id = s->who->provider_id;
	}
	if (from == SV_NO_DATE)
		from = date_add_months(s->today, -12);
	if (to == SV_NO_DATE)
		to = s->today;
	if (to < from)
		return sv_error_set(err, SV_EINVAL, "to", "KV-53",
		                    "the period ends before it starts");
	/* KV-53's limit from the kundval pack valid today (months or days). */
	np = obligations_packs(s, "AMI1", packs, MAX_PACKS);
	for (size_t i = 0; i < np; i++) {
		const struct rules_param *p =
		        rules_param_find(packs[i], RULES_P_PROVIDER_LATE_REPORTING, s->today);
		if (!p || !p->value.known)
			continue;
		cutoff = p->value.unit == RULES_MONTHS ? date_add_months(s->today, -p->value.n)
		                                       : s->today - p->value.n;
		break;
	}
	return store_obligation_timeliness(s->st, s->tenant, provider_id, "provider", from, to,
	                                   s->today, cutoff, out, err);
}

/* ---- Every case of a tenant (after an import) ----------------------------------------- */

enum sv_rc obligations_recompute_all(const struct svc *s, int64_t *n, struct sv_error *err)
{
	struct store_intervention_filter f = {0, 0, 0, NULL};
	struct store_page page = {0, STORE_PAGE_MAX};
	enum sv_rc rc = SV_OK;

	if (n)
		*n = 0;
	if (svc_scope(s, ACT_OBLIGATION_SWEEP) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	do {
		struct store_intervention_list l = {0};
		rc = store_intervention_list(s->st, s->tenant, &f, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++) {
			rc = obligations_recompute(s, l.v[i].id, err);
			if (rc == SV_EINVAL && err) {
				/* Name the case the engine refused. */
				struct sv_error e = *err;
				sv_error_clear(err);
				sv_error_set(err, e.rc, e.field, e.rule, "intervention %.64s: %s",
				             l.v[i].ref ? l.v[i].ref : "(no ref)", e.msg);
			}
			if (!rc && n)
				(*n)++;
		}
		page.after = l.next;
		store_intervention_list_release(&l);
	} while (!rc && page.after);
	return rc;
}

/* ---- The sweep ------------------------------------------------------------------------ */

enum sv_rc obligations_sweep(const struct svc *s, int64_t *marked, int64_t *woken,
                             struct sv_error *err)
{
	int64_t ids[256];
	size_t n = 0;
	int64_t total = 0;
	enum sv_rc rc = SV_OK;

	if (marked)
		*marked = 0;
	if (woken)
		*woken = 0;
	if (svc_scope(s, ACT_OBLIGATION_SWEEP) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	/* Facts whose day has come: recompute those interventions first. */
	do {
		rc = store_obligation_wakeups(s->st, s->tenant, s->today, ids, 256, &n, err);
		for (size_t i = 0; !rc && i < n; i++) {
			rc = store_begin(s->st, err);
			if (!rc)
				rc = obligations_recompute(s, ids[i], err);
			if (!rc)
				rc = store_commit(s->st, err);
			else
				store_rollback(s->st);
			total++;
		}
	} while (!rc && n == 256);
	if (woken)
		*woken = total;
	if (!rc)
		rc = store_obligations_sweep(s->st, s->tenant, s->today, judged_at(s), marked, err);
	return rc;
}
