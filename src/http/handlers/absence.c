/*
 * Absence (KV-3, KV-40 ... KV-44):
 *
 *   GET   /api/v1/interventions/{id}/absences   list
 *   POST  /api/v1/interventions/{id}/absences   record
 *   GET   /api/v1/absences/{id}                 one, with what the rules make of it
 *   PATCH /api/v1/absences/{id}                 end date and note
 *   POST  /api/v1/absences/{id}/certificate     the certificate reached the counsellor
 */
#include "http/handlers/casedocs_http.h"

#include "service/absence.h"

static json_t *absence_json(const struct absence_view *v)
{
	const struct store_absence *a = &v->a;
	json_t *o = json_pack(
	        "{s:I,s:I,s:s,s:o,s:o,s:o,s:i,s:s?,s:o}", "id", (json_int_t)a->id,
	        "intervention_id", (json_int_t)a->intervention_id, "kind", a->kind, "from_on",
	        http_date_json(a->from_on), "to_on", http_date_json(a->to_on), "certificate_on",
	        http_date_json(a->certificate_on), "contact_attempts", a->contact_attempts, "note",
	        a->note, "reported_at", http_time_json(a->reported_at));

	if (!o)
		return NULL;
	if (!strcmp(a->kind, "sick") || !strcmp(a->kind, "vab")) {
		json_object_set_new(
		        o, "certificate",
		        json_pack("{s:b,s:o,s:o,s:b,s:s}", "needed", v->certificate_needed,
		                  "required_from", http_date_json(v->certificate_from), "due",
		                  http_date_json(v->certificate_due), "late", v->certificate_late,
		                  "rule", strcmp(a->kind, "sick") ? "KV-42" : "KV-41"));
	}
	if (!strcmp(a->kind, "sick"))
		json_object_set_new(o, "long_sickness", json_boolean(v->long_sickness));
	if (!strcmp(a->kind, "unexcused"))
		json_object_set_new(o, "notice_due", http_date_json(v->notice_due));
	if (!strcmp(a->kind, "leave"))
		json_object_set_new(
		        o, "leave",
		        json_pack("{s:i,s:o,s:b,s:s}", "days_this_year", v->leave_days, "limit",
		                  v->leave_limit >= 0 ? json_integer(v->leave_limit) : json_null(),
		                  "ends_intervention", v->ends_intervention, "rule", "KV-3"));
	return o;
}

void h_absences_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct absence_view *v = NULL;
	struct store_page page;
	struct svc s;
	size_t n = 0;
	int64_t id, next = 0, t0;
	json_t *items;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = absences_list(&s, id, page, &v, &n, &next, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < n; i++)
		json_array_append_new(items, absence_json(&v[i]));
	http_list(r, items, next);
	absences_list_release(v, n);
}

struct absence_body {
	int kind;
	sv_date from_on;
	sv_date to_on;
	int64_t contact_attempts;
	int reason;
	const char *note;
	uint64_t present;
};

static const char *const kinds[] = {"sick", "vab", "other_agency", "unexcused", "leave", NULL};
static const char *const reasons[] = {"unreachable", "missed_meeting", "missed_workday",
                                      "unacceptable_reason", NULL};

enum { F_KIND, F_FROM, F_TO, F_ATTEMPTS, F_REASON, F_NOTE };

static const struct json_field absence_fields[] = {
        [F_KIND] = {"kind", JT_ENUM, JF_REQUIRED, offsetof(struct absence_body, kind), 0, 0, kinds,
                    NULL, NULL},
        [F_FROM] = {"from_on", JT_DATE, JF_REQUIRED, offsetof(struct absence_body, from_on), 0, 0,
                    NULL, NULL, NULL},
        [F_TO] = {"to_on", JT_DATE, JF_NULLABLE, offsetof(struct absence_body, to_on), 0, 0, NULL,
                  NULL, NULL},
        [F_ATTEMPTS] = {"contact_attempts", JT_INT, 0,
                        offsetof(struct absence_body, contact_attempts), 0, 1000, NULL, NULL, NULL},
        [F_REASON] = {"reason", JT_ENUM, JF_NULLABLE, offsetof(struct absence_body, reason), 0, 0,
                      reasons, NULL, NULL},
        [F_NOTE] = {"note", JT_STRING, JF_NULLABLE, offsetof(struct absence_body, note), 1, 4000,
                    NULL, NULL, NULL},
};
static const struct json_schema absence_schema = {absence_fields, 6,
                                                  offsetof(struct absence_body, present)};

static void respond(struct http_req *r, int status, enum sv_rc rc, const struct sv_error *err,
                    struct absence_view *v)
{
	if (rc)
		cd_fail(r, rc, err);
	else
		http_json(r, status, absence_json(v));
	absence_view_release(v);
}

void h_absences_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct absence_body b = {0};
	struct absence_input in = {0};
	struct absence_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.to_on = SV_NO_DATE;
	b.reason = -1;
	if (!http_param_id(r, 0, &id) || !http_body(r, &absence_schema, &b))
		return;
	in.kind = kinds[b.kind];
	in.from_on = b.from_on;
	in.to_on = b.to_on;
	in.contact_attempts = (int)b.contact_attempts;
	in.reason = (b.present & (1u << F_REASON)) && b.reason >= 0 ? reasons[b.reason] : NULL;
	in.note = b.note;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = absences_record(&s, id, &in, &v, &err);
	http_db_time(r, t0);
	respond(r, 201, rc, &err, &v);
}

void h_absences_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = absences_get(&s, id, &v, &err);
	http_db_time(r, t0);
	respond(r, 200, rc, &err, &v);
}

struct update_body {
	sv_date to_on;
	const char *note;
	uint64_t present;
};

static const struct json_field update_fields[] = {
        {"to_on", JT_DATE, 0, offsetof(struct update_body, to_on), 0, 0, NULL, NULL, NULL},
        {"note", JT_STRING, 0, offsetof(struct update_body, note), 1, 4000, NULL, NULL, NULL},
};
static const struct json_schema update_schema = {update_fields, 2,
                                                 offsetof(struct update_body, present)};

void h_absences_update(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct update_body b = {0};
	struct absence_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.to_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &update_schema, &b))
		return;
	if (!b.present) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add(&errs, true, "$", "X-4", "give to_on, note or both");
		http_error_fields(r, &errs);
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = absences_update(&s, id, b.to_on, b.note, &v, &err);
	http_db_time(r, t0);
	respond(r, 200, rc, &err, &v);
}

struct cert_body {
	sv_date delivered_on;
	uint64_t present;
};

static const struct json_field cert_fields[] = {
        {"delivered_on", JT_DATE, JF_REQUIRED, offsetof(struct cert_body, delivered_on), 0, 0, NULL,
         NULL, NULL},
};
static const struct json_schema cert_schema = {cert_fields, 1, offsetof(struct cert_body, present)};

void h_absences_certificate(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct cert_body b = {0};
	struct absence_view v = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &cert_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = absences_certificate(&s, id, b.delivered_on, &v, &err);
	http_db_time(r, t0);
	respond(r, 200, rc, &err, &v);
}
