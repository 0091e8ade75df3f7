/*
 * Obligations over HTTP: the caller's inbox, an intervention's obligations,
 * the sweep, timeliness per provider and the provider deficiencies of
 * KV-53.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/casework.h"
#include "service/obligations.h"

static json_t *obligation_json(const struct store_obligation *o)
{
	json_t *v = json_object();

	if (!v)
		return NULL;
	json_object_set_new(v, "id", json_integer(o->id));
	json_object_set_new(v, "customer_id", json_integer(o->customer_id));
	json_object_set_new(v, "intervention_id", json_integer(o->intervention_id));
	json_object_set_new(v, "code", o->code ? json_string(o->code) : json_null());
	json_object_set_new(v, "provider_id",
	                    o->provider_id ? json_integer(o->provider_id) : json_null());
	json_object_set_new(v, "counsellor_id",
	                    o->counsellor_id ? json_integer(o->counsellor_id) : json_null());
	json_object_set_new(v, "deadline", json_string(o->deadline));
	json_object_set_new(v, "seq", json_integer(o->seq));
	json_object_set_new(v, "rule", json_string(o->rule));
	json_object_set_new(v, "actor", json_string(o->actor));
	json_object_set_new(v, "what", json_string(o->what));
	json_object_set_new(v, "key", o->key && *o->key ? json_string(o->key) : json_null());
	json_object_set_new(v, "from_on", http_date_json(o->from_on));
	json_object_set_new(v, "due_on", http_date_json(o->due_on));
	json_object_set_new(v, "due_at", http_time_json(o->due_at));
	json_object_set_new(v, "status", json_string(o->status));
	json_object_set_new(v, "met_on", http_date_json(o->met_on));
	json_object_set_new(v, "days_late", json_integer(o->days_late));
	json_object_set_new(v, "over_limit", json_boolean(o->over_limit));
	return v;
}

static void render(struct http_req *r, enum sv_rc rc, const struct sv_error *err,
                   struct store_obligation_list *l)
{
	json_t *items;

	if (rc) {
		http_error_rc(r, rc, err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l->n; i++)
		json_array_append_new(items, obligation_json(&l->v[i]));
	http_list(r, items, l->next);
	store_obligation_list_release(l);
}

static bool query_date(struct http_req *r, const char *name, sv_date *out)
{
	const char *v = http_query(r, name);

	*out = SV_NO_DATE;
	if (!v)
		return true;
	if (date_parse(v, strlen(v), out, name, NULL)) {
		http_error(r, 400, NULL, "ISO-8601", "query parameter %s must be a date YYYY-MM-DD",
		           name);
		return false;
	}
	return true;
}

void h_inbox(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_obligation_list l = {0};
	struct store_page page;
	const char *actor = http_query(r, "actor");
	struct svc s;
	sv_date until;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !query_date(r, "until", &until))
		return;
	if (actor && (!*actor || strlen(actor) > 32)) {
		http_error(r, 400, NULL, "X-4", "query parameter actor names an actor");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = obligations_inbox(&s, actor, until, page, &l, &err);
	http_db_time(r, t0);
	render(r, rc, &err, &l);
}

void h_case_obligations(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_obligation_list l = {0};
	struct store_page page;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = obligations_of_intervention(&s, id, page, &l, &err);
	http_db_time(r, t0);
	render(r, rc, &err, &l);
}

void h_obligations_sweep(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct svc s;
	int64_t started = 0, marked = 0, woken = 0, t0;
	enum sv_rc rc;

	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_start_due(&s, &started, &err);
	if (!rc)
		rc = obligations_sweep(&s, &marked, &woken, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200,
		          json_pack("{s:o,s:I,s:I,s:I}", "on", http_date_json(s.today), "started",
		                    (json_int_t)started, "recomputed", (json_int_t)woken, "missed",
		                    (json_int_t)marked));
}

static void timeliness(struct http_req *r, int64_t provider_id)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_timeliness_list t = {0};
	struct svc s;
	json_t *items;
	sv_date from, to;
	int64_t t0;
	enum sv_rc rc;

	if (!query_date(r, "from", &from) || !query_date(r, "to", &to))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = obligations_timeliness(&s, provider_id, from, to, &t, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < t.n; i++) {
		const struct store_timeliness *x = &t.v[i];
		json_array_append_new(
		        items,
		        json_pack("{s:o,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:i}", "provider_id",
		                  x->provider_id ? json_integer(x->provider_id) : json_null(),
		                  "deadline", x->deadline, "rule", x->rule, "open",
		                  (json_int_t)x->open, "on_time", (json_int_t)x->on_time, "late",
		                  (json_int_t)x->late, "missed", (json_int_t)x->missed,
		                  "over_limit", (json_int_t)x->over_limit, "max_days_late",
		                  (int)x->max_days_late));
	}
	http_json(r, 200,
	          json_pack("{s:o,s:s}", "items", items ? items : json_array(), "rule", "KV-53"));
	store_timeliness_list_release(&t);
}

void h_timeliness(struct http_req *r)
{
	timeliness(r, 0);
}

void h_provider_timeliness(struct http_req *r)
{
	int64_t id;

	if (http_param_id(r, 0, &id))
		timeliness(r, id);
}

static const char *const deficiency_kinds[] = {"late_reporting",
                                               "missing_information",
                                               "not_following_plan",
                                               "no_progression_follow_up",
                                               "other",
                                               NULL};

struct deficiency_body {
	int kind;
	sv_date noted_on;
	int64_t intervention_id;
	const char *note;
};

static const struct json_field deficiency_fields[] = {
        {"kind", JT_ENUM, JF_REQUIRED, offsetof(struct deficiency_body, kind), 0, 0,
         deficiency_kinds, NULL, NULL},
        {"noted_on", JT_DATE, JF_NULLABLE, offsetof(struct deficiency_body, noted_on), 0, 0, NULL,
         NULL, NULL},
        {"intervention_id", JT_INT, JF_NULLABLE, offsetof(struct deficiency_body, intervention_id),
         1, INT64_MAX, NULL, NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct deficiency_body, note), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema deficiency_schema = {deficiency_fields, 4, JSON_NO_PRESENT};

static json_t *deficiency_json(const struct store_deficiency *d)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:o,s:s?,s:I}", "id", (json_int_t)d->id, "provider_id",
	                 (json_int_t)d->provider_id, "intervention_id",
	                 d->intervention_id ? json_integer(d->intervention_id) : json_null(),
	                 "kind", d->kind, "noted_on", http_date_json(d->noted_on), "note", d->note,
	                 "recorded_by", (json_int_t)d->recorded_by);
}

void h_provider_deficiencies_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct deficiency_body b = {0};
	struct store_deficiency d = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.noted_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &deficiency_schema, &b))
		return;
	d.provider_id = id;
	d.kind = (char *)deficiency_kinds[b.kind];
	d.noted_on = b.noted_on;
	d.intervention_id = b.intervention_id;
	d.note = (char *)b.note;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_deficiency_add(&s, &d, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, deficiency_json(&d));
}

void h_provider_deficiencies_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_deficiency_list l = {0};
	struct store_page page;
	struct svc s;
	json_t *items;
	sv_date from, to;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page) || !query_date(r, "from", &from) ||
	    !query_date(r, "to", &to))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_deficiencies(&s, id, from, to, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, deficiency_json(&l.v[i]));
	http_list(r, items, l.next);
	store_deficiency_list_release(&l);
}
