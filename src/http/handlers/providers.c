/* /api/v1/providers: list, register, read one, authorise for a scheme. */
#include "http/http.h"

#include <string.h>

#include "service/providers.h"
#include "stegvis/personid.h"

static json_t *provider_json(const struct store_provider *p)
{
	json_t *auths = json_array(), *inds = json_array(), *contacts = json_array();

	for (size_t i = 0; auths && i < p->nauths; i++)
		json_array_append_new(auths,
		                      json_pack("{s:s?,s:o,s:o}", "scheme", p->auths[i].scheme,
		                                "from", http_date_json(p->auths[i].from), "to",
		                                http_date_json(p->auths[i].to)));
	for (size_t i = 0; inds && i < p->nindustries; i++)
		json_array_append_new(inds, json_string(p->industries[i]));
	for (size_t i = 0; contacts && i < p->ncontacts; i++)
		json_array_append_new(
		        contacts, json_pack("{s:s?,s:s?,s:s?,s:s?}", "name", p->contacts[i].name,
		                            "role", p->contacts[i].role, "email",
		                            p->contacts[i].email, "phone", p->contacts[i].phone));
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:o,s:o,s:o,s:o}", "id", (json_int_t)p->id,
	                 "org_no", p->org_no, "name", p->name, "presentation", p->presentation,
	                 "website", p->website, "capacity",
	                 p->capacity >= 0 ? json_integer(p->capacity) : json_null(), "industries",
	                 inds, "authorisations", auths, "contacts", contacts);
}

void h_providers_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_provider_list l = {0};
	struct store_page page;
	struct svc s;
	const char *scheme = http_query(r, "scheme");
	json_t *items;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page))
		return;
	if (scheme && !store_scheme_valid(scheme)) {
		http_error(r, 400, NULL, "KV-1",
		           "query parameter scheme must be FAI, AMI, ISA or JOBBPENG");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = providers_list(&s, scheme, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, provider_json(&l.v[i]));
	http_list(r, items, l.next);
	store_provider_list_release(&l);
}

void h_providers_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_provider p = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = providers_get(&s, id, &p, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, provider_json(&p));
	store_provider_release(&p);
}

struct provider_body {
	const char *org_no;
	int country;
	const char *name;
	const char *presentation;
	const char *website;
	int64_t capacity;
};

static const char *const countries[] = {"SE", "DK", NULL};

static const struct json_field provider_fields[] = {
        {"org_no", JT_STRING, JF_REQUIRED, offsetof(struct provider_body, org_no), 1, 13, NULL,
         NULL, NULL},
        {"country", JT_ENUM, 0, offsetof(struct provider_body, country), 0, 0, countries, NULL,
         NULL},
        {"name", JT_STRING, JF_REQUIRED, offsetof(struct provider_body, name), 1, 200, NULL, NULL,
         NULL},
        {"presentation", JT_STRING, JF_NULLABLE, offsetof(struct provider_body, presentation), 0,
         8000, NULL, NULL, NULL},
        {"website", JT_STRING, JF_NULLABLE, offsetof(struct provider_body, website), 0, 500, NULL,
         NULL, NULL},
        {"capacity", JT_INT, JF_NULLABLE, offsetof(struct provider_body, capacity), 0, 100000, NULL,
         NULL, NULL},
};
static const struct json_schema provider_schema = {provider_fields, 6, JSON_NO_PRESENT};

void h_providers_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct provider_body b = {0};
	struct store_provider p = {0}, got = {0};
	struct personid_org org;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	b.capacity = -1;
	if (!http_body(r, &provider_schema, &b))
		return;
	http_svc(r, &s);
	/* ID-4: organisationsnummer (SE) or CVR (DK), stored normalised. */
	rc = b.country == 1 ? personid_parse_cvr(b.org_no, strlen(b.org_no), &org, "$.org_no", &err)
	                    : personid_parse_orgnr_se(b.org_no, strlen(b.org_no), s.today, &org,
	                                              "$.org_no", &err);
	if (rc) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add_sv(&errs, "$.org_no", &err);
		http_error_fields(r, &errs);
		return;
	}
	p.org_no = org.normalized;
	p.name = (char *)b.name;
	p.presentation = (char *)b.presentation;
	p.website = (char *)b.website;
	p.capacity = (int32_t)b.capacity;
	t0 = http_clock_ns();
	rc = providers_create(&s, &p, &err);
	if (!rc)
		rc = store_provider_get(r->st, r->tenant, p.id, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, provider_json(&got));
	store_provider_release(&got);
}

struct auth_body {
	int scheme;
	sv_date from;
	sv_date to;
};

static const char *const schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG", NULL};

static const struct json_field auth_fields[] = {
        {"scheme", JT_ENUM, JF_REQUIRED, offsetof(struct auth_body, scheme), 0, 0, schemes, NULL,
         NULL},
        {"from", JT_DATE, JF_REQUIRED, offsetof(struct auth_body, from), 0, 0, NULL, NULL, NULL},
        {"to", JT_DATE, JF_NULLABLE, offsetof(struct auth_body, to), 0, 0, NULL, NULL, NULL},
};
static const struct json_schema auth_schema = {auth_fields, 3, JSON_NO_PRESENT};

void h_providers_authorise(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct auth_body b = {0};
	struct store_authorisation a;
	struct store_provider got = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	b.to = SV_NO_DATE;
	if (!http_body(r, &auth_schema, &b))
		return;
	if (b.to != SV_NO_DATE && b.to < b.from) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add(&errs, false, "$.to", "CAL-1", "ends before it starts");
		http_error_fields(r, &errs);
		return;
	}
	a.scheme = (char *)schemes[b.scheme];
	a.from = b.from;
	a.to = b.to;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = providers_authorise(&s, id, &a, &err);
	if (!rc)
		rc = store_provider_get(r->st, r->tenant, id, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, provider_json(&got));
	store_provider_release(&got);
}
