/*
 * Personal-data incidents (KV-80), staff changes (KV-83) and the referral
 * list (KV-7):
 *
 *   GET  /api/v1/incidents                   visible incidents (?unassessed=true)
 *   POST /api/v1/incidents                   report (provider staff)
 *   GET  /api/v1/incidents/{id}              one, with the 72-hour status
 *   POST /api/v1/incidents/{id}/assessment   the data-protection coordinator's assessment
 *   GET  /api/v1/staff-changes               reported staff changes (?provider_id=)
 *   POST /api/v1/staff-changes               report one (provider staff)
 *   GET  /api/v1/referrals                   the referral list of the rule packs
 */
#include "http/handlers/casedocs_http.h"

#include "service/incidents.h"
#include "service/provider_duties.h"
#include "stegvis/ics.h"

static json_t *incident_json(const struct incident_view *v)
{
	const struct store_incident *i = &v->i;
	json_t *o = json_pack("{s:I,s:I,s:o,s:s?,s:o,s:o,s:s,s:o,s:o,s:s,s:o,s:o,s:b,s:s}", "id",
	                      (json_int_t)i->id, "provider_id", (json_int_t)i->provider_id,
	                      "reported_by", cd_id(i->reported_by), "reported_by_name",
	                      i->reported_by_name, "customer_id", cd_id(i->customer_id),
	                      "intervention_id", cd_id(i->intervention_id), "nature", i->nature,
	                      "discovered_at", http_time_json(i->discovered_at), "reported_at",
	                      http_time_json(i->reported_at), "description", i->description,
	                      "message_id", cd_id(i->message_id), "notice_due_at",
	                      http_time_json(v->due_at), "late", v->late, "rule", "KV-80");

	if (o && i->assessed_at)
		json_object_set_new(o, "assessment",
		                    json_pack("{s:s,s:s,s:b,s:b,s:o,s:o}", "risk", i->risk, "text",
		                              i->assessment, "notify_authority",
		                              i->notify_authority, "notify_persons",
		                              i->notify_persons, "assessed_by",
		                              cd_id(i->assessed_by), "assessed_at",
		                              http_time_json(i->assessed_at)));
	else if (o)
		json_object_set_new(o, "assessment", json_null());
	return o;
}

void h_incidents_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct incident_view *v = NULL;
	struct store_page page;
	struct svc s;
	bool unassessed;
	size_t n = 0;
	int64_t next = 0, t0;
	json_t *items;
	enum sv_rc rc;

	if (!http_page(r, &page) || !cd_query_bool(r, "unassessed", &unassessed))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = incidents_list(&s, unassessed, page, &v, &n, &next, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, incident_json(&v[i]));
	http_list(r, items, next);
	incidents_list_release(v, n);
}

static enum sv_rc parse_time(const char *s, size_t len, void *target, const char *field,
                             struct sv_error *err)
{
	return ics_time_parse(s, len, ICS_STOCKHOLM, target, field, err);
}

struct report_body {
	int64_t intervention_id;
	int nature;
	sv_time discovered_at;
	const char *description;
	uint64_t present;
};

static const char *const natures[] = {"occurred", "suspected", NULL};

static const struct json_field report_fields[] = {
        {"intervention_id", JT_INT, JF_NULLABLE, offsetof(struct report_body, intervention_id), 1,
         INT64_MAX, NULL, NULL, NULL},
        {"nature", JT_ENUM, JF_REQUIRED, offsetof(struct report_body, nature), 0, 0, natures, NULL,
         NULL},
        {"discovered_at", JT_CHECK, JF_REQUIRED, offsetof(struct report_body, discovered_at), 0, 0,
         NULL, parse_time, NULL},
        {"description", JT_STRING, JF_REQUIRED, offsetof(struct report_body, description), 1, 10000,
         NULL, NULL, NULL},
};
static const struct json_schema report_schema = {report_fields, 4,
                                                 offsetof(struct report_body, present)};

static void respond(struct http_req *r, int status, enum sv_rc rc, const struct sv_error *err,
                    struct incident_view *v)
{
	if (rc)
		cd_fail(r, rc, err);
	else
		http_json(r, status, incident_json(v));
	incident_view_release(v);
}

void h_incidents_report(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct report_body b = {0};
	struct incident_input in = {0};
	struct incident_view v = {0};
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	if (!http_body(r, &report_schema, &b))
		return;
	in.intervention_id = b.intervention_id;
	in.nature = natures[b.nature];
	in.discovered_at = b.discovered_at;
	in.description = b.description;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = incidents_report(&s, &in, &v, &err);
	http_db_time(r, t0);
	respond(r, 201, rc, &err, &v);
}

void h_incidents_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct incident_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = incidents_get(&s, id, &v, &err);
	http_db_time(r, t0);
	respond(r, 200, rc, &err, &v);
}

struct assess_body {
	int risk;
	const char *assessment;
	bool notify_authority;
	bool notify_persons;
	uint64_t present;
};

static const char *const risks[] = {"none", "risk", "high_risk", NULL};

static const struct json_field assess_fields[] = {
        {"risk", JT_ENUM, JF_REQUIRED, offsetof(struct assess_body, risk), 0, 0, risks, NULL, NULL},
        {"assessment", JT_STRING, JF_REQUIRED, offsetof(struct assess_body, assessment), 1, 10000,
         NULL, NULL, NULL},
        {"notify_authority", JT_BOOL, JF_REQUIRED, offsetof(struct assess_body, notify_authority),
         0, 0, NULL, NULL, NULL},
        {"notify_persons", JT_BOOL, JF_REQUIRED, offsetof(struct assess_body, notify_persons), 0, 0,
         NULL, NULL, NULL},
};
static const struct json_schema assess_schema = {assess_fields, 4,
                                                 offsetof(struct assess_body, present)};

void h_incidents_assess(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct assess_body b = {0};
	struct incident_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &assess_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = incidents_assess(&s, id, risks[b.risk], b.assessment, b.notify_authority,
	                      b.notify_persons, &v, &err);
	http_db_time(r, t0);
	respond(r, 200, rc, &err, &v);
}

/* ---- Staff changes and referrals ------------------------------------------------ */

static json_t *staff_json(const struct store_staff_change *c)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s,s:s?,s:o,s:o,s:o,s:b,s:s?,s:o}", "id",
	                 (json_int_t)c->id, "provider_id", (json_int_t)c->provider_id,
	                 "reported_by", cd_id(c->reported_by), "kind", c->kind, "staff_name",
	                 c->staff_name, "staff_role", c->staff_role, "effective_on",
	                 http_date_json(c->effective_on), "user_id", cd_id(c->user_id),
	                 "access_requested_on", http_date_json(c->access_requested_on),
	                 "access_late", staff_change_access_late(c), "note", c->note, "reported_at",
	                 http_time_json(c->reported_at));
}

void h_staff_changes_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_staff_change_list l = {0};
	struct store_page page;
	struct svc s;
	int64_t provider, t0;
	json_t *items;
	enum sv_rc rc;

	if (!http_page(r, &page) || !cd_query_id(r, "provider_id", &provider))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = staff_changes_list(&s, provider, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, staff_json(&l.v[i]));
	http_list(r, items, l.next);
	store_staff_change_list_release(&l);
}

struct staff_body {
	int kind;
	const char *staff_name;
	const char *staff_role;
	sv_date effective_on;
	int64_t user_id;
	sv_date access_requested_on;
	const char *note;
	uint64_t present;
};

static const char *const staff_kinds[] = {"joined", "left", "changed", NULL};

static const struct json_field staff_fields[] = {
        {"kind", JT_ENUM, JF_REQUIRED, offsetof(struct staff_body, kind), 0, 0, staff_kinds, NULL,
         NULL},
        {"staff_name", JT_STRING, JF_REQUIRED, offsetof(struct staff_body, staff_name), 1, 200,
         NULL, NULL, NULL},
        {"staff_role", JT_STRING, JF_NULLABLE, offsetof(struct staff_body, staff_role), 1, 200,
         NULL, NULL, NULL},
        {"effective_on", JT_DATE, JF_REQUIRED, offsetof(struct staff_body, effective_on), 0, 0,
         NULL, NULL, NULL},
        {"user_id", JT_INT, JF_NULLABLE, offsetof(struct staff_body, user_id), 1, INT64_MAX, NULL,
         NULL, NULL},
        {"access_requested_on", JT_DATE, JF_NULLABLE,
         offsetof(struct staff_body, access_requested_on), 0, 0, NULL, NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct staff_body, note), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema staff_schema = {staff_fields, 7,
                                                offsetof(struct staff_body, present)};

void h_staff_changes_report(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct staff_body b = {0};
	struct staff_change_input in = {0};
	struct store_staff_change c = {0};
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	b.access_requested_on = SV_NO_DATE;
	if (!http_body(r, &staff_schema, &b))
		return;
	in.kind = staff_kinds[b.kind];
	in.staff_name = b.staff_name;
	in.staff_role = b.staff_role;
	in.effective_on = b.effective_on;
	in.user_id = b.user_id;
	in.access_requested_on = b.access_requested_on;
	in.note = b.note;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = staff_changes_report(&s, &in, &c, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 201, staff_json(&c));
	store_staff_change_release(&c);
}

void h_referrals_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	const struct rules_referral *v[128];
	struct svc s;
	size_t n = 0;
	json_t *items;
	enum sv_rc rc;

	http_svc(r, &s);
	rc = referrals_list(&s, v, sizeof(v) / sizeof(v[0]), &n, &err);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s?,s:s}", "topic", v[i]->topic,
		                                       "goes_to", v[i]->goes_to, "text", v[i]->text,
		                                       "rule", v[i]->m.rule));
	http_list(r, items, 0);
}
