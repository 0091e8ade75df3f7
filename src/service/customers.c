/* Customers, case events, access log and register extract (see customers.h). */
#include "service/customers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stegvis/lifecycle.h"
#include "stegvis/log.h"

/* Does the customer have an intervention at the provider? */
static enum sv_rc at_provider(const struct svc *s, int64_t customer, int64_t provider, bool *yes,
                              struct sv_error *err)
{
	struct store_intervention_filter f = {0, provider, customer, NULL};
	struct store_intervention_list l = {0};
	struct store_page page = {0, 1};
	enum sv_rc rc;

	*yes = false;
	if (!provider)
		return SV_OK;
	rc = store_intervention_list(s->st, s->tenant, &f, page, &l, err);
	if (!rc)
		*yes = l.n > 0;
	store_intervention_list_release(&l);
	return rc;
}

static enum sv_rc visible(const struct svc *s, const struct store_customer *c, enum authz_action a,
                          struct sv_error *err)
{
	bool yes = false;
	enum sv_rc rc;

	switch (svc_scope(s, a)) {
	case SCOPE_ALL:
		return SV_OK;
	case SCOPE_UNIT:
		yes = s->who->unit_id && c->unit_id == s->who->unit_id;
		break;
	case SCOPE_OWN:
		yes = c->counsellor_id == s->who->user_id;
		break;
	case SCOPE_PROVIDER:
		rc = at_provider(s, c->id, s->who->provider_id, &yes, err);
		if (rc)
			return rc;
		break;
	case SCOPE_NONE:
		break;
	}
	return yes ? SV_OK : sv_error_set(err, SV_ENOTFOUND, "id", "X-3", "no such customer");
}

static enum sv_rc log_read(const struct svc *s, int64_t customer, const char *purpose,
                           const char *what, struct sv_error *err)
{
	if (!s->who)
		return SV_OK;
	if (s->log_access)
		return s->log_access(s->log_ctx, s, customer, purpose, what, err);
	return store_access_log(s->st, s->tenant, s->who->user_id, customer, s->now, purpose, what,
	                        err);
}

enum sv_rc customers_get(const struct svc *s, int64_t id, enum authz_action a, const char *purpose,
                         const char *what, struct store_customer *out, struct sv_error *err)
{
	enum sv_rc rc;

	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_customer_get(s->st, s->tenant, id, out, err);
	if (!rc)
		rc = visible(s, out, a, err);
	if (!rc && purpose)
		rc = log_read(s, id, purpose, what, err);
	if (rc)
		store_customer_release(out);
	return rc;
}

enum sv_rc customers_find(const struct svc *s, const char *person_id, struct store_customer *out,
                          struct sv_error *err)
{
	enum sv_rc rc = store_customer_get_by_person_id(s->st, s->tenant, person_id, out, err);

	if (!rc)
		rc = visible(s, out, ACT_CUSTOMER_READ, err);
	if (!rc)
		rc = log_read(s, out->id, "case_work", "customer", err);
	if (rc)
		store_customer_release(out);
	return rc;
}

/* Provider scope: customers of the interventions at the caller's provider. */
static enum sv_rc list_provider(const struct svc *s, struct store_page page,
                                struct store_customer_list *out, struct sv_error *err)
{
	struct store_intervention_filter f = {0, s->who->provider_id, 0, NULL};
	struct store_intervention_list l = {0};
	enum sv_rc rc = SV_OK;

	if (!s->who->provider_id)
		return SV_OK;
	rc = store_intervention_list(s->st, s->tenant, &f, page, &l, err);
	if (rc)
		goto out;
	out->v = calloc(l.n ? l.n : 1, sizeof(*out->v));
	if (!out->v) {
		rc = SV_ENOMEM;
		goto out;
	}
	for (size_t i = 0; !rc && i < l.n; i++) {
		bool seen = false;
		for (size_t j = 0; j < out->n; j++)
			seen = seen || out->v[j].id == l.v[i].customer_id;
		if (seen)
			continue;
		rc = store_customer_get(s->st, s->tenant, l.v[i].customer_id, &out->v[out->n], err);
		if (!rc)
			out->n++;
	}
	out->next = l.next;
out:
	store_intervention_list_release(&l);
	return rc;
}

enum sv_rc customers_list(const struct svc *s, int64_t unit_id, struct store_page page,
                          struct store_customer_list *out, struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_CUSTOMER_READ);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	switch (scope) {
	case SCOPE_NONE:
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	case SCOPE_PROVIDER:
		rc = list_provider(s, page, out, err);
		break;
	case SCOPE_ALL:
		rc = store_customer_list(s->st, s->tenant, unit_id, page, out, err);
		break;
	default:
		/* Unit and own scope read the caller's unit; a user without one sees nobody. */
		if (!s->who->unit_id || (unit_id && unit_id != s->who->unit_id))
			return SV_OK;
		rc = store_customer_list(s->st, s->tenant, s->who->unit_id, page, out, err);
		break;
	}
	if (rc)
		goto out;
	/* every listed person's data was read; log all or return none. */
	if (s->who && out->n && s->log_access) {
		for (size_t i = 0; !rc && i < out->n; i++)
			rc = log_read(s, out->v[i].id, "case_work", "customer_list", err);
	} else if (s->who && out->n) {
		rc = store_begin(s->st, err);
		for (size_t i = 0; !rc && i < out->n; i++)
			rc = log_read(s, out->v[i].id, "case_work", "customer_list", err);
		if (!rc)
			rc = store_commit(s->st, err);
		else
			store_rollback(s->st);
	}
out:
	if (rc)
		store_customer_list_release(out);
	return rc;
}

enum sv_rc customers_create(const struct svc *s, struct store_customer *c, struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_CUSTOMER_WRITE);
	struct store_write w = svc_write(s, "registered");

	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (scope == SCOPE_UNIT || scope == SCOPE_OWN) {
		if (!c->unit_id)
			c->unit_id = s->who->unit_id;
		if (!c->unit_id || c->unit_id != s->who->unit_id)
			return sv_error_set(err, SV_EINVAL, "$.unit_id", "X-3",
			                    "customers are registered in your own unit");
	}
	if (scope == SCOPE_OWN)
		c->counsellor_id = s->who->user_id; /* KV-10: the responsible counsellor */
	if (!c->protection)
		c->protection = "none";
	return store_customer_create(s->st, &w, c, err);
}

bool customers_masked(const struct svc *s, const struct store_customer *c)
{
	if (!c->protection || !strcmp(c->protection, "none") || !strcmp(c->protection, "fingerade"))
		return false;
	return !(s->who == NULL || authz_sees_protected(s->who));
}

bool customers_hide_protection(const struct svc *s, const struct store_customer *c)
{
	return c->protection && !strcmp(c->protection, "fingerade") &&
	       !(s->who == NULL || authz_sees_protected(s->who));
}

enum sv_rc customers_events(const struct svc *s, int64_t id, struct store_page page,
                            struct store_event_list *out, struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc = customers_get(s, id, ACT_EVENT_READ, "case_work", "events", &c, err);

	store_customer_release(&c);
	if (!rc)
		rc = store_event_list_case(s->st, s->tenant, id, page, out, err);
	return rc;
}

enum sv_rc customers_access_by_person(const struct svc *s, int64_t id, struct store_page page,
                                      struct store_access_list *out, struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc =
	        customers_get(s, id, ACT_ACCESSLOG_READ, "supervision", "access_log", &c, err);

	store_customer_release(&c);
	if (!rc)
		rc = store_access_list_person(s->st, s->tenant, id, page, out, err);
	return rc;
}

enum sv_rc customers_access_by_user(const struct svc *s, int64_t user_id, struct store_page page,
                                    struct store_access_list *out, struct sv_error *err)
{
	struct store_user u = {0};
	enum sv_rc rc;

	if (svc_scope(s, ACT_ACCESSLOG_READ) != SCOPE_ALL)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_user_get(s->st, s->tenant, user_id, &u, err);
	store_user_release(&u);
	if (!rc)
		rc = store_access_list_user(s->st, s->tenant, user_id, page, out, err);
	return rc;
}

/*
 * The extract: readable views of the customer (contacts and facts),
 * interventions (end reasons in the life-cycle vocabulary), the case's
 * events and the access log of the person, and under "records" every row
 * the store keeps about the person, table by table
 * (store_register_extract: assessments, proposals, contact logs,
 * deviations, jobbpeng supplements and bonus claims, documents, meetings,
 * messages, absences, data incidents, ...).
 */
static enum sv_rc add_json(struct buf *out, json_t *v)
{
	char *text = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	enum sv_rc rc = text ? buf_adds(out, text) : SV_ENOMEM;

	free(text);
	json_decref(v);
	return rc;
}

static json_t *time_json(sv_time t)
{
	char ts[LOG_TS_LEN];

	if (!t)
		return json_null();
	log_format_ts(t / 1000, ts);
	return json_string(ts);
}

static json_t *date_json(sv_date d)
{
	char s[SV_DATE_STRLEN];

	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, s));
}

static json_t *customer_doc(const struct store_customer *c)
{
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:I,s:I,s:o}", "id",
	                      (json_int_t)c->id, "person_id", c->person_id, "id_kind", c->id_kind,
	                      "given_name", c->given_name, "family_name", c->family_name,
	                      "birth_date", date_json(c->birth_date), "protection", c->protection,
	                      "interpreter_language", c->interpreter_language, "unit_id",
	                      (json_int_t)c->unit_id, "counsellor_id", (json_int_t)c->counsellor_id,
	                      "created_at", time_json(c->created_at));
	json_t *contacts = json_array(), *facts = json_array();

	for (size_t i = 0; contacts && i < c->ncontacts; i++)
		json_array_append_new(contacts, json_pack("{s:s?,s:s?,s:b}", "channel",
		                                          c->contacts[i].channel, "value",
		                                          c->contacts[i].value, "consent",
		                                          c->contacts[i].consent));
	for (size_t i = 0; facts && i < c->nfacts; i++)
		json_array_append_new(facts, json_pack("{s:s?,s:o,s:o}", "fact", c->facts[i].fact,
		                                       "from", date_json(c->facts[i].from), "to",
		                                       date_json(c->facts[i].to)));
	if (o) {
		json_object_set_new(o, "contacts", contacts);
		json_object_set_new(o, "facts", facts);
	}
	return o;
}

static enum sv_rc extract(const struct svc *s, const struct store_customer *c, struct buf *out,
                          struct sv_error *err)
{
	struct store_intervention_filter f = {0, 0, c->id, NULL};
	struct store_page page = {0, STORE_PAGE_MAX};
	json_t *ivs = json_array(), *events = json_array(), *reads = json_array(), *records = NULL;
	enum sv_rc rc = SV_OK;

	do {
		struct store_intervention_list l = {0};
		rc = store_intervention_list(s->st, s->tenant, &f, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++)
			json_array_append_new(
			        ivs,
			        json_pack("{s:I,s:s?,s:I,s:I,s:o,s:o,s:o,s:o,s:s?,s:s?}", "id",
			                  (json_int_t)l.v[i].id, "code", l.v[i].code, "provider_id",
			                  (json_int_t)l.v[i].provider_id, "unit_id",
			                  (json_int_t)l.v[i].unit_id, "decided_on",
			                  date_json(l.v[i].decided_on), "start_on",
			                  date_json(l.v[i].start_on), "planned_end_on",
			                  date_json(l.v[i].planned_end_on), "actual_end_on",
			                  date_json(l.v[i].actual_end_on), "state", l.v[i].state,
			                  "end_reason",
			                  lc_end_reason_display(NULL, l.v[i].end_reason)
			                          ? lc_end_reason_display(NULL, l.v[i].end_reason)
			                          : l.v[i].end_reason));
		page.after = l.next;
		store_intervention_list_release(&l);
	} while (!rc && page.after);
	page.after = 0;
	do {
		struct store_event_list l = {0};
		rc = rc ? rc : store_event_list_case(s->st, s->tenant, c->id, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++) {
			json_t *payload =
			        l.v[i].payload ? json_loads(l.v[i].payload, 0, NULL) : NULL;
			json_array_append_new(events, json_pack("{s:I,s:o,s:I,s:s?,s:s?,s:o}",
			                                        "seq", (json_int_t)l.v[i].seq, "at",
			                                        time_json(l.v[i].at), "actor",
			                                        (json_int_t)l.v[i].actor, "kind",
			                                        l.v[i].kind, "reason",
			                                        l.v[i].reason, "payload",
			                                        payload ? payload : json_object()));
		}
		page.after = rc ? 0 : l.next;
		store_event_list_release(&l);
	} while (!rc && page.after);
	page.after = 0;
	do {
		struct store_access_list l = {0};
		rc = rc ? rc : store_access_list_person(s->st, s->tenant, c->id, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++)
			json_array_append_new(reads,
			                      json_pack("{s:I,s:o,s:s?,s:s?}", "user_id",
			                                (json_int_t)l.v[i].user_id, "at",
			                                time_json(l.v[i].at), "purpose",
			                                l.v[i].purpose, "what", l.v[i].what));
		page.after = rc ? 0 : l.next;
		store_access_list_release(&l);
	} while (!rc && page.after);
	{
		struct buf raw;
		json_error_t je;
		buf_init(&raw, BUF_MAX_DEFAULT);
		rc = rc ? rc : store_register_extract(s->st, s->tenant, c->id, &raw, err);
		if (!rc && !(records = json_loadb(raw.data, raw.len, 0, &je)))
			rc = SV_ENOMEM;
		buf_release(&raw);
	}
	if (!rc)
		rc = add_json(out,
		              json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "kind", "register_extract",
		                        "generated_at", time_json(s->now), "customer",
		                        customer_doc(c), "interventions", ivs, "events", events,
		                        "access_log", reads, "records", records));
	else {
		json_decref(ivs);
		json_decref(events);
		json_decref(reads);
		json_decref(records);
	}
	return rc;
}

enum sv_rc customers_register_extract(const struct svc *s, int64_t id, struct buf *out,
                                      struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc = customers_get(s, id, ACT_REGISTER_EXTRACT, "register_extract",
	                              "register_extract", &c, err);

	if (!rc)
		rc = extract(s, &c, out, err);
	store_customer_release(&c);
	return rc;
}
