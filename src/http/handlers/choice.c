/*
 * The customer's choice over HTTP (KV-11 ... KV-13, JP-4): the public
 * comparison of a scheme's providers (no personal data, no session), the
 * default rotation, and recording the choice.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/choice.h"

static json_t *provider_json(const struct store_provider *p, bool is_default)
{
	json_t *ind = json_array(), *contacts = json_array();

	for (size_t i = 0; ind && i < p->nindustries; i++)
		json_array_append_new(ind, json_string(p->industries[i]));
	for (size_t i = 0; contacts && i < p->ncontacts; i++)
		json_array_append_new(
		        contacts, json_pack("{s:s?,s:s?,s:s?,s:s?}", "name", p->contacts[i].name,
		                            "role", p->contacts[i].role, "email",
		                            p->contacts[i].email, "phone", p->contacts[i].phone));
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:o,s:o,s:o,s:b}", "id", (json_int_t)p->id, "name",
	                 p->name, "presentation", p->presentation, "website", p->website,
	                 "capacity", p->capacity >= 0 ? json_integer(p->capacity) : json_null(),
	                 "industries", ind ? ind : json_array(), "contacts",
	                 contacts ? contacts : json_array(), "default", is_default);
}

static bool query_date(struct http_req *r, const char *name, sv_date dflt, sv_date *out)
{
	const char *v = http_query(r, name);

	*out = dflt;
	if (!v)
		return true;
	if (date_parse(v, strlen(v), out, name, NULL)) {
		http_error(r, 400, NULL, "ISO-8601", "query parameter %s must be a date YYYY-MM-DD",
		           name);
		return false;
	}
	return true;
}

void h_comparison(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct choice_comparison c;
	const char *scheme = r->nparams ? r->params[0] : NULL;
	struct svc s;
	json_t *items;
	sv_date day;
	int64_t t0;
	enum sv_rc rc;

	http_svc(r, &s);
	if (!query_date(r, "on", s.today, &day))
		return;
	if (!scheme || !store_scheme_valid(scheme)) {
		http_error(r, 404, NULL, NULL, "no such scheme (FAI, AMI, ISA, JOBBPENG)");
		return;
	}
	s.who = NULL; /* public: no personal data is read */
	t0 = http_clock_ns();
	rc = choice_comparison(&s, scheme, day, &c, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < c.n; i++)
		json_array_append_new(items,
		                      provider_json(c.authorised[i],
		                                    c.has_default && c.authorised[i]->id ==
		                                                             c.period.provider_id));
	http_json(
	        r, 200,
	        json_pack("{s:s,s:o,s:o,s:o,s:s,s:s}", "scheme", scheme, "on", http_date_json(day),
	                  "providers", items ? items : json_array(), "default",
	                  c.has_default
	                          ? json_pack("{s:I,s:s,s:o,s:o,s:b}", "provider_id",
	                                      (json_int_t)c.period.provider_id, "name",
	                                      choice_provider_name(&c.rot, c.period.provider_id),
	                                      "period_start", http_date_json(c.period.start),
	                                      "period_end", http_date_json(c.period.end),
	                                      "substitute", c.period.substitute)
	                          : json_null(),
	                  "how_to_switch",
	                  "Du kan byta anordnare genom att kontakta din karriärvägledare. Vill du "
	                  "inte välja själv får du förvalets anordnare.",
	                  "rule", "KV-11"));
	choice_comparison_release(&c);
}

void h_rotation(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct choice_rotation rot;
	struct rotation_period *v = NULL;
	const char *scheme = r->nparams ? r->params[0] : NULL;
	const char *np = http_query(r, "periods");
	struct svc s;
	json_t *items;
	sv_date from;
	long periods = 6;
	int64_t t0;
	enum sv_rc rc;

	http_svc(r, &s);
	if (!query_date(r, "from", s.today, &from))
		return;
	if (np) {
		char *end;
		periods = strtol(np, &end, 10);
		if (!*np || *end || periods < 1 || periods > 520) {
			http_error(r, 400, NULL, "X-4", "query parameter periods must be 1 to 520");
			return;
		}
	}
	if (!scheme || !store_scheme_valid(scheme)) {
		http_error(r, 404, NULL, NULL, "no such scheme (FAI, AMI, ISA, JOBBPENG)");
		return;
	}
	t0 = http_clock_ns();
	rc = choice_rotation_load(&s, scheme, from, &rot, &err);
	if (!rc) {
		v = calloc((size_t)periods, sizeof(*v));
		rc = v ? rotation_periods(rot.list, rot.n, rot.anchor, rot.period_days, from,
		                          (int)periods, v, &err)
		       : SV_ENOMEM;
		if (rc)
			choice_rotation_release(&rot);
	}
	http_db_time(r, t0);
	if (rc) {
		free(v);
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (long i = 0; items && i < periods; i++)
		json_array_append_new(
		        items,
		        json_pack("{s:o,s:o,s:o,s:s}", "start", http_date_json(v[i].start), "end",
		                  http_date_json(v[i].end), "provider_id",
		                  v[i].provider_id ? json_integer(v[i].provider_id) : json_null(),
		                  "name", choice_provider_name(&rot, v[i].provider_id)));
	http_json(r, 200,
	          json_pack("{s:s,s:o,s:i,s:o,s:s}", "scheme", scheme, "anchor",
	                    http_date_json(rot.anchor), "period_days", rot.period_days, "periods",
	                    items ? items : json_array(), "rule", rot.rule ? rot.rule : "KV-12"));
	free(v);
	choice_rotation_release(&rot);
}

struct choice_body {
	int64_t provider_id;
	bool use_default;
};

static const struct json_field choice_fields[] = {
        {"provider_id", JT_INT, JF_NULLABLE, offsetof(struct choice_body, provider_id), 1,
         INT64_MAX, NULL, NULL, NULL},
        {"default", JT_BOOL, 0, offsetof(struct choice_body, use_default), 0, 0, NULL, NULL, NULL},
};
static const struct json_schema choice_schema = {choice_fields, 2, JSON_NO_PRESENT};

void h_case_choice(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct choice_body b = {0};
	struct store_intervention iv = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &choice_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = choice_record(&s, id, b.provider_id, b.use_default, &err);
	if (!rc)
		rc = store_intervention_get(r->st, r->tenant, id, &iv, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200,
		          json_pack("{s:I,s:s,s:I,s:b,s:s}", "id", (json_int_t)id, "state",
		                    iv.state, "provider_id", (json_int_t)iv.provider_id, "default",
		                    b.use_default, "rule", b.use_default ? "KV-13" : "KV-11"));
	store_intervention_release(&iv);
}
