/*
 * /api/v1/customers: list, register, read one, the case's events and the
 * register extract. Protected identities (KV-81) are masked here for callers
 * without the right, from what the service says.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/customers.h"
#include "stegvis/personid.h"

static json_t *customer_json(const struct svc *s, const struct store_customer *c, bool full)
{
	bool masked = customers_masked(s, c);
	bool hide = customers_hide_protection(s, c);
	json_t *o = json_pack(
	        "{s:I,s:s?,s:s?,s:s?,s:s?,s:o,s:s,s:b,s:o,s:o,s:s?,s:o}", "id", (json_int_t)c->id,
	        "person_id", masked ? NULL : c->person_id, "id_kind", masked ? NULL : c->id_kind,
	        "given_name", masked ? NULL : c->given_name, "family_name",
	        masked ? NULL : c->family_name, "birth_date",
	        masked ? json_null() : http_date_json(c->birth_date), "protection",
	        hide ? "none" : (c->protection ? c->protection : "none"), "masked", masked,
	        "unit_id", c->unit_id ? json_integer(c->unit_id) : json_null(), "counsellor_id",
	        c->counsellor_id ? json_integer(c->counsellor_id) : json_null(), "counsellor_name",
	        c->counsellor_name, "created_at", http_time_json(c->created_at));

	if (!o || !full)
		return o;
	json_object_set_new(o, "interpreter_language",
	                    c->interpreter_language ? json_string(c->interpreter_language)
	                                            : json_null());
	{
		/* KV-81: no address or contact detail of a protected person. */
		json_t *contacts = json_array();
		for (size_t i = 0; contacts && !masked && i < c->ncontacts; i++)
			json_array_append_new(contacts, json_pack("{s:s?,s:s?,s:b}", "channel",
			                                          c->contacts[i].channel, "value",
			                                          c->contacts[i].value, "consent",
			                                          c->contacts[i].consent));
		json_object_set_new(o, "contacts", contacts);
	}
	{
		json_t *facts = json_array();
		for (size_t i = 0; facts && i < c->nfacts; i++)
			json_array_append_new(facts,
			                      json_pack("{s:s?,s:o,s:o}", "fact", c->facts[i].fact,
			                                "from", http_date_json(c->facts[i].from),
			                                "to", http_date_json(c->facts[i].to)));
		json_object_set_new(o, "facts", facts);
	}
	return o;
}

/* ?unit_id= and ?person_id= (X-4: bad values are 400 naming the parameter). */
static bool query_id(struct http_req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end;
	long long n;

	*out = 0;
	if (!v)
		return true;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		http_error(r, 400, NULL, "X-4", "query parameter %s must be a positive id", name);
		return false;
	}
	*out = n;
	return true;
}

void h_customers_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_customer_list l = {0};
	struct store_page page;
	struct svc s;
	const char *pid = http_query(r, "person_id");
	json_t *items;
	int64_t unit = 0, t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !query_id(r, "unit_id", &unit))
		return;
	http_svc(r, &s);
	if (pid) {
		/* Search by identity number: normalise first (ID-1..ID-3). */
		struct personid p;
		struct store_customer c = {0};
		if (personid_parse_se(pid, strlen(pid), s.today, &p, "person_id", &err) &&
		    (sv_error_clear(&err),
		     personid_parse_dk(pid, strlen(pid), s.today, &p, "person_id", &err))) {
			http_error_rc(r, SV_EINVAL, &err);
			return;
		}
		t0 = http_clock_ns();
		rc = customers_find(&s, p.normalized, &c, &err);
		http_db_time(r, t0);
		items = json_array();
		if (!rc)
			json_array_append_new(items, customer_json(&s, &c, false));
		store_customer_release(&c);
		if (rc && rc != SV_ENOTFOUND) {
			json_decref(items);
			http_error_rc(r, rc, &err);
			return;
		}
		http_list(r, items, 0);
		return;
	}
	t0 = http_clock_ns();
	rc = customers_list(&s, unit, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, customer_json(&s, &l.v[i], false));
	http_list(r, items, l.next);
	store_customer_list_release(&l);
}

void h_customers_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_customer c = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = customers_get(&s, id, ACT_CUSTOMER_READ, "case_work", "customer", &c, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, customer_json(&s, &c, true));
	store_customer_release(&c);
}

struct customer_body {
	const char *person_id;
	int country;
	const char *given_name;
	const char *family_name;
	sv_date birth_date;
	int protection;
	const char *interpreter_language;
	int64_t unit_id;
	uint64_t present;
};

static const char *const countries[] = {"SE", "DK", NULL};
static const char *const protections[] = {"none", "skyddad_folkbokforing", "sekretessmarkering",
                                          "fingerade", NULL};

enum { F_PERSON_ID, F_COUNTRY, F_GIVEN, F_FAMILY, F_BIRTH, F_PROTECTION, F_LANG, F_UNIT };

static const struct json_field customer_fields[] = {
        [F_PERSON_ID] = {"person_id", JT_STRING, JF_NULLABLE,
                         offsetof(struct customer_body, person_id), 1, 13, NULL, NULL, NULL},
        [F_COUNTRY] = {"country", JT_ENUM, 0, offsetof(struct customer_body, country), 0, 0,
                       countries, NULL, NULL},
        [F_GIVEN] = {"given_name", JT_STRING, JF_REQUIRED,
                     offsetof(struct customer_body, given_name), 1, 200, NULL, NULL, NULL},
        [F_FAMILY] = {"family_name", JT_STRING, JF_REQUIRED,
                      offsetof(struct customer_body, family_name), 1, 200, NULL, NULL, NULL},
        [F_BIRTH] = {"birth_date", JT_DATE, JF_NULLABLE, offsetof(struct customer_body, birth_date),
                     0, 0, NULL, NULL, NULL},
        [F_PROTECTION] = {"protection", JT_ENUM, 0, offsetof(struct customer_body, protection), 0,
                          0, protections, NULL, NULL},
        [F_LANG] = {"interpreter_language", JT_STRING, JF_NULLABLE,
                    offsetof(struct customer_body, interpreter_language), 1, 64, NULL, NULL, NULL},
        [F_UNIT] = {"unit_id", JT_INT, JF_NULLABLE, offsetof(struct customer_body, unit_id), 1,
                    INT64_MAX, NULL, NULL, NULL},
};
static const struct json_schema customer_schema = {customer_fields, 8,
                                                   offsetof(struct customer_body, present)};

void h_customers_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct customer_body b = {0};
	struct store_customer c = {0}, got = {0};
	struct json_errors errs;
	struct personid p;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	b.birth_date = SV_NO_DATE;
	if (!http_body(r, &customer_schema, &b))
		return;
	http_svc(r, &s);
	json_errors_init(&errs);
	c.id_kind = "none";
	c.birth_date = b.birth_date;
	if (b.person_id) {
		/* ID-1/ID-2 for Sweden, ID-3 for Denmark; stored normalised. */
		rc = b.country == 1 ? personid_parse_dk(b.person_id, strlen(b.person_id), s.today,
		                                        &p, "$.person_id", &err)
		                    : personid_parse_se(b.person_id, strlen(b.person_id), s.today,
		                                        &p, "$.person_id", &err);
		if (rc) {
			json_errors_add_sv(&errs, "$.person_id", &err);
		} else {
			c.person_id = arena_strdup(&r->arena, p.normalized);
			c.id_kind = (char *)personid_kind_name(p.kind);
			if (b.birth_date != SV_NO_DATE && b.birth_date != p.birth_date)
				json_errors_add(
				        &errs, false, "$.birth_date", "ID-1",
				        "differs from the birth date of the identity number");
			c.birth_date = p.birth_date;
		}
	}
	if (b.birth_date != SV_NO_DATE && b.birth_date > s.today)
		json_errors_add(&errs, false, "$.birth_date", "CAL-1", "lies in the future");
	if (errs.n) {
		http_error_fields(r, &errs);
		return;
	}
	c.given_name = (char *)b.given_name;
	c.family_name = (char *)b.family_name;
	c.protection = (char *)protections[b.protection];
	c.interpreter_language = (char *)b.interpreter_language;
	c.unit_id = b.unit_id;
	t0 = http_clock_ns();
	rc = customers_create(&s, &c, &err);
	if (!rc)
		rc = store_customer_get(r->st, r->tenant, c.id, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, customer_json(&s, &got, true));
	store_customer_release(&got);
}

void h_customers_events(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_event_list l = {0};
	struct store_page page;
	struct svc s;
	json_t *items;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = customers_events(&s, id, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++) {
		const struct store_event *e = &l.v[i];
		json_t *payload = e->payload ? json_loads(e->payload, 0, NULL) : NULL;
		json_array_append_new(
		        items,
		        json_pack("{s:I,s:I,s:o,s:I,s:s?,s:s?,s:s?,s:o,s:s}", "id",
		                  (json_int_t)e->id, "seq", (json_int_t)e->seq, "at",
		                  http_time_json(e->at), "actor", (json_int_t)e->actor,
		                  "actor_name", e->actor_name, "kind", e->kind, "reason", e->reason,
		                  "payload", payload ? payload : json_object(), "hash", e->hash));
	}
	http_list(r, items, l.next);
	store_event_list_release(&l);
}

void h_customers_register_extract(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct buf b;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	buf_init(&b, 64 << 20);
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = customers_register_extract(&s, id, &b, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
	} else {
		r->raw = arena_strndup(&r->arena, b.data, b.len);
		r->raw_len = b.len;
		r->raw_type = "application/json; charset=utf-8";
		r->status = r->raw ? 200 : 500;
		r->responded = true;
	}
	buf_release(&b);
}
