/*
 * The kundval and jobbpeng workflow over HTTP: decisions (eligibility,
 * assessments, grants), start-up, running, changes and endings, provider
 * proposals and jobbpeng. Handlers parse and validate the body,
 * call one use case of src/service/ and render the result; a refused
 * transition (SV_ESTATE) answers 409 naming the state and the action.
 * Every action answers with the intervention as it is afterwards.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/casework.h"
#include "service/decision.h"
#include "service/jobbpeng.h"
#include "service/proposals.h"
#include "stegvis/lifecycle.h"
#include "stegvis/money.h"

/* ---- Rendering ---------------------------------------------------------------- */

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *case_json(const struct store_case *c)
{
	const struct store_intervention *iv = &c->iv;
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_integer(iv->id));
	json_object_set_new(o, "customer_id", json_integer(iv->customer_id));
	json_object_set_new(o, "code", json_string(iv->code));
	json_object_set_new(o, "scheme", str_or_null(store_intervention_scheme(iv->code)));
	json_object_set_new(o, "state", json_string(iv->state));
	json_object_set_new(o, "provider_id", id_or_null(iv->provider_id));
	json_object_set_new(o, "unit_id", id_or_null(iv->unit_id));
	json_object_set_new(o, "counsellor_id", id_or_null(iv->counsellor_id));
	json_object_set_new(o, "counsellor_name", str_or_null(c->counsellor_name));
	json_object_set_new(o, "staff_user_id", id_or_null(c->staff_user_id));
	/* Display names only (least privilege), read with the case. */
	json_object_set_new(o, "staff_user_name", str_or_null(c->staff_user_name));
	json_object_set_new(o, "decided_on", http_date_json(iv->decided_on));
	json_object_set_new(o, "start_on", http_date_json(iv->start_on));
	json_object_set_new(o, "planned_end_on", http_date_json(iv->planned_end_on));
	json_object_set_new(o, "actual_end_on", http_date_json(iv->actual_end_on));
	json_object_set_new(o, "extension_months", json_integer(c->extension_months));
	json_object_set_new(o, "extended_days", json_integer(c->extended_days));
	/* One vocabulary (lifecycle.h): the details' name, else the coarse
	 * column mapped; "withheld" passes through (KV-52). */
	json_object_set_new(
	        o, "end_reason",
	        str_or_null(lc_end_reason_display(c->end_cause, iv->end_reason)
	                            ? lc_end_reason_display(c->end_cause, iv->end_reason)
	                            : iv->end_reason));
	json_object_set_new(o, "end_note", str_or_null(c->end_note));
	json_object_set_new(o, "end_decided_on", http_date_json(c->end_decided_on));
	json_object_set_new(o, "reason_withheld", json_boolean(c->reason_withheld));
	json_object_set_new(o, "assessment_id", id_or_null(c->assessment_id));
	json_object_set_new(o, "target_group", str_or_null(c->target_group));
	json_object_set_new(o, "outside_target_reason", str_or_null(c->outside_target_reason));
	json_object_set_new(o, "default_choice", json_boolean(c->default_choice));
	json_object_set_new(o, "extent_percent", json_integer(c->extent_percent));
	json_object_set_new(o, "part_time_reason", str_or_null(c->part_time_reason));
	json_object_set_new(o, "brief", str_or_null(c->brief));
	json_object_set_new(o, "future_plan", str_or_null(c->future_plan));
	json_object_set_new(o, "updated_at", http_time_json(iv->updated_at));
	return o;
}

/* Answer with the intervention id as the caller now sees it. */
static void respond_case(struct http_req *r, struct svc *s, int64_t id, int status)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_case c = {0};
	enum sv_rc rc = casework_get(s, id, &c, &err);

	if (rc == SV_ENOTFOUND) {
		/* The caller acted and may no longer see it (a switched provider). */
		http_json(r, status, json_pack("{s:I}", "id", (json_int_t)id));
		return;
	}
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, status, case_json(&c));
	store_case_release(&c);
}

/* Finish an action: the error, or the intervention. */
static void done(struct http_req *r, struct svc *s, enum sv_rc rc, const struct sv_error *err,
                 int64_t id, int64_t t0)
{
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, err);
	else
		respond_case(r, s, id, 200);
}

static bool query_date(struct http_req *r, const char *name, sv_date *out)
{
	const char *v = http_query(r, name);
	struct sv_error err = SV_ERROR_INIT;

	*out = SV_NO_DATE;
	if (!v)
		return true;
	if (date_parse(v, strlen(v), out, name, &err)) {
		json_t *f = json_pack("[{s:s,s:s,s:s}]", "field", name, "rule", "ISO-8601",
		                      "message", "must be a date YYYY-MM-DD");
		http_json(r, 400,
		          json_pack("{s:{s:i,s:s,s:s,s:s,s:s,s:o}}", "error", "status", 400, "code",
		                    "bad_request", "message", "bad query parameter", "rule", "X-4",
		                    "request_id", r->rid, "fields", f));
		return false;
	}
	return true;
}

/* A JT_CHECK for amounts "5000.00" (CAL-5). */
static enum sv_rc check_money(const char *s, size_t len, void *target, const char *field,
                              struct sv_error *err)
{
	return money_parse(s, len, (sv_money *)target, field, err);
}

static const char *const end_reasons[] = {"completed",
                                          "self_sufficient",
                                          "step_transition",
                                          "another_intervention",
                                          "provider_switch",
                                          "af_programme",
                                          "unforeseen_events",
                                          "other_commitments",
                                          "sickness",
                                          "no_progression",
                                          "provider_deficiencies",
                                          "customer_ended",
                                          "planned_absence",
                                          NULL};

/* ---- Decision (KV-10, KV-2, JP-1) ------------------------------------------------ */

static json_t *eligibility_json(const struct decision_eligibility *e)
{
	json_t *groups = json_array();

	for (size_t i = 0; groups && i < e->n_groups; i++) {
		const struct decision_group *g = &e->groups[i];
		json_t *w = json_array();
		for (size_t k = 0; w && k < g->n_warnings; k++)
			json_array_append_new(w, json_string(g->warnings[k]));
		json_array_append_new(groups,
		                      json_pack("{s:s,s:s?,s:s,s:b,s:b,s:s,s:o}", "id", g->id,
		                                "name", g->name, "rule", g->rule, "gate", g->gate,
		                                "match", g->match, "reason", g->reason, "warnings",
		                                w ? w : json_array()));
	}
	return json_pack("{s:s,s:s?,s:o,s:o,s:b,s:b,s:b,s:s,s:o}", "code", e->code, "scheme",
	                 e->scheme, "on", http_date_json(e->on), "age",
	                 e->age >= 0 ? json_integer(e->age) : json_null(), "gated", e->gated,
	                 "eligible", e->eligible, "primary", e->primary, "summary", e->summary,
	                 "groups", groups ? groups : json_array());
}

void h_case_eligibility(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_eligibility e;
	const char *code = http_query(r, "code");
	struct svc s;
	sv_date on;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !query_date(r, "on", &on))
		return;
	if (!code) {
		http_error(r, 400, NULL, "X-4", "query parameter code (FAI1 ... JP) is required");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = decision_eligibility(&s, id, code, on, &e, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, eligibility_json(&e));
}

struct assessment_body {
	const char *assessment;
	const char *future_plan;
};

static const struct json_field assessment_fields[] = {
        {"assessment", JT_STRING, JF_REQUIRED, offsetof(struct assessment_body, assessment), 1,
         20000, NULL, NULL, NULL},
        {"future_plan", JT_STRING, JF_REQUIRED, offsetof(struct assessment_body, future_plan), 1,
         20000, NULL, NULL, NULL},
};
static const struct json_schema assessment_schema = {assessment_fields, 2, JSON_NO_PRESENT};

void h_case_assessments_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct assessment_body b = {0};
	struct svc s;
	int64_t id, aid = 0, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &assessment_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = decision_assess(&s, id, b.assessment, b.future_plan, &aid, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201,
		          json_pack("{s:I,s:I,s:o,s:s,s:s}", "id", (json_int_t)aid, "customer_id",
		                    (json_int_t)id, "made_on", http_date_json(s.today),
		                    "assessment", b.assessment, "future_plan", b.future_plan));
}

struct grant_body {
	const char *code;
	int64_t assessment_id;
	const char *assessment;
	const char *future_plan;
	const char *target_group;
	const char *outside_target_reason;
	sv_date start_on;
};

static const char *const codes[] = {"FAI1", "FAI2", "AMI1", "AMI2", "ISA1", "ISA2", "JP", NULL};

static const struct json_field grant_fields[] = {
        {"code", JT_STRING, JF_REQUIRED, offsetof(struct grant_body, code), 2, 4, NULL, NULL, NULL},
        {"assessment_id", JT_INT, JF_NULLABLE, offsetof(struct grant_body, assessment_id), 1,
         INT64_MAX, NULL, NULL, NULL},
        {"assessment", JT_STRING, JF_NULLABLE, offsetof(struct grant_body, assessment), 1, 20000,
         NULL, NULL, NULL},
        {"future_plan", JT_STRING, JF_NULLABLE, offsetof(struct grant_body, future_plan), 1, 20000,
         NULL, NULL, NULL},
        {"target_group", JT_STRING, JF_NULLABLE, offsetof(struct grant_body, target_group), 1, 64,
         NULL, NULL, NULL},
        {"outside_target_reason", JT_STRING, JF_NULLABLE,
         offsetof(struct grant_body, outside_target_reason), 1, 4000, NULL, NULL, NULL},
        {"start_on", JT_DATE, JF_NULLABLE, offsetof(struct grant_body, start_on), 0, 0, NULL, NULL,
         NULL},
};
static const struct json_schema grant_schema = {grant_fields, 7, JSON_NO_PRESENT};

void h_case_decisions_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct grant_body b = {0};
	struct decision_grant g = {0};
	struct decision_eligibility e;
	struct json_errors errs;
	struct svc s;
	int64_t id, iv = 0, t0;
	bool known = false;
	enum sv_rc rc;

	b.start_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &grant_schema, &b))
		return;
	for (size_t i = 0; codes[i]; i++)
		known = known || !strcmp(codes[i], b.code);
	json_errors_init(&errs);
	if (!known)
		json_errors_add(&errs, false, "$.code", "KV-1",
		                "an intervention is FAI1, FAI2, AMI1, AMI2, ISA1, ISA2 or JP");
	if ((b.assessment != NULL) != (b.future_plan != NULL))
		json_errors_add(&errs, false, b.assessment ? "$.future_plan" : "$.assessment",
		                "KV-10", "an assessment comes with a future plan");
	if (errs.n) {
		http_error_fields(r, &errs);
		return;
	}
	g.code = b.code;
	g.assessment_id = b.assessment_id;
	g.assessment = b.assessment;
	g.future_plan = b.future_plan;
	g.target_group = b.target_group;
	g.outside_target_reason = b.outside_target_reason;
	g.start_on = b.start_on;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = decision_grant(&s, id, &g, &iv, &e, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	{
		struct store_case c = {0};
		rc = casework_get(&s, iv, &c, &err);
		if (rc)
			http_error_rc(r, rc, &err);
		else
			http_json(r, 201,
			          json_pack("{s:o,s:o}", "intervention", case_json(&c),
			                    "eligibility", eligibility_json(&e)));
		store_case_release(&c);
	}
}

/* ---- The case ------------------------------------------------------------------------ */

void h_case_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_case c = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_get(&s, id, &c, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, case_json(&c));
	store_case_release(&c);
}

/* ---- Start-up (KV-20 ... KV-24) ---------------------------------------------------------- */

void h_case_queue(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct svc s;
	int64_t id, t0;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_queue(&s, id, &err), &err, id, t0);
}

struct staff_body {
	int64_t staff_user_id;
};

static const struct json_field staff_fields[] = {
        {"staff_user_id", JT_INT, JF_NULLABLE, offsetof(struct staff_body, staff_user_id), 1,
         INT64_MAX, NULL, NULL, NULL},
};
static const struct json_schema staff_schema = {staff_fields, 1, JSON_NO_PRESENT};

void h_case_staff(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct staff_body b = {0};
	struct svc s;
	int64_t id, t0;

	if (!http_param_id(r, 0, &id) || !http_body(r, &staff_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_staff(&s, id, b.staff_user_id, &err), &err, id, t0);
}

struct assign_body {
	sv_date start_on;
	const char *brief;
	const char *future_plan;
	int64_t extent_percent;
	const char *part_time_reason;
};

static const struct json_field assign_fields[] = {
        {"start_on", JT_DATE, JF_NULLABLE, offsetof(struct assign_body, start_on), 0, 0, NULL, NULL,
         NULL},
        {"brief", JT_STRING, JF_REQUIRED, offsetof(struct assign_body, brief), 1, 20000, NULL, NULL,
         NULL},
        {"future_plan", JT_STRING, JF_NULLABLE, offsetof(struct assign_body, future_plan), 1, 20000,
         NULL, NULL, NULL},
        {"extent_percent", JT_INT, JF_NULLABLE, offsetof(struct assign_body, extent_percent), 1,
         100, NULL, NULL, NULL},
        {"part_time_reason", JT_STRING, JF_NULLABLE, offsetof(struct assign_body, part_time_reason),
         1, 4000, NULL, NULL, NULL},
};
static const struct json_schema assign_schema = {assign_fields, 5, JSON_NO_PRESENT};

void h_case_assign(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct assign_body b = {0};
	struct casework_assignment a = {0};
	struct svc s;
	int64_t id, t0;

	b.start_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &assign_schema, &b))
		return;
	a.start_on = b.start_on;
	a.brief = b.brief;
	a.future_plan = b.future_plan;
	a.extent_percent = (int)b.extent_percent;
	a.part_time_reason = b.part_time_reason;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_assign(&s, id, &a, &err), &err, id, t0);
}

struct start_body {
	sv_date start_on;
	const char *reason;
};

static const struct json_field start_fields[] = {
        {"start_on", JT_DATE, JF_REQUIRED, offsetof(struct start_body, start_on), 0, 0, NULL, NULL,
         NULL},
        {"reason", JT_STRING, JF_NULLABLE, offsetof(struct start_body, reason), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema start_schema = {start_fields, 2, JSON_NO_PRESENT};

void h_case_start_date(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct start_body b = {0};
	struct svc s;
	int64_t id, t0;

	b.start_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &start_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_change_start(&s, id, b.start_on, b.reason, &err), &err, id, t0);
}

struct meeting_body {
	sv_date held_on;
	const char *note;
};

static const struct json_field meeting_fields[] = {
        {"held_on", JT_DATE, JF_NULLABLE, offsetof(struct meeting_body, held_on), 0, 0, NULL, NULL,
         NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct meeting_body, note), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema meeting_schema = {meeting_fields, 2, JSON_NO_PRESENT};

void h_case_startup_meeting(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct meeting_body b = {0};
	struct svc s;
	int64_t id, t0;

	b.held_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &meeting_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_startup_meeting(&s, id, b.held_on, b.note, &err), &err, id, t0);
}

/* ---- Running (KV-30, KV-34) ------------------------------------------------------------- */

static const char *const channels[] = {"in_person", "phone", "video", "message", "other", NULL};

struct contact_body {
	sv_date contact_on;
	int channel;
	const char *note;
};

static const struct json_field contact_fields[] = {
        {"contact_on", JT_DATE, JF_NULLABLE, offsetof(struct contact_body, contact_on), 0, 0, NULL,
         NULL, NULL},
        {"channel", JT_ENUM, JF_REQUIRED, offsetof(struct contact_body, channel), 0, 0, channels,
         NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct contact_body, note), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema contact_schema = {contact_fields, 3, JSON_NO_PRESENT};

static json_t *contact_json(const struct store_contact_log *c)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:s?,s:I,s:s?,s:o}", "id", (json_int_t)c->id,
	                 "intervention_id", (json_int_t)c->intervention_id, "contact_on",
	                 http_date_json(c->contact_on), "channel", c->channel, "note", c->note,
	                 "recorded_by", (json_int_t)c->recorded_by, "recorded_by_name",
	                 c->recorded_by_name, "recorded_at", http_time_json(c->recorded_at));
}

void h_case_contacts_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct contact_body b = {0};
	struct store_contact_log c = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.contact_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &contact_schema, &b))
		return;
	c.contact_on = b.contact_on;
	c.channel = (char *)channels[b.channel];
	c.note = (char *)b.note;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_contact_add(&s, id, &c, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, contact_json(&c));
}

void h_case_contacts_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct casework_contacts c;
	struct svc s;
	json_t *items, *gaps;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_contacts(&s, id, &c, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	gaps = json_array();
	for (size_t i = 0; items && i < c.list.n; i++)
		json_array_append_new(items, contact_json(&c.list.v[i]));
	for (size_t i = 0; gaps && i < c.n_gaps; i++)
		json_array_append_new(gaps,
		                      json_pack("{s:o,s:o}", "from", http_date_json(c.gaps[i].from),
		                                "to", http_date_json(c.gaps[i].to)));
	http_json(r, 200,
	          json_pack("{s:o,s:i,s:o,s:b,s:o,s:s}", "items", items ? items : json_array(),
	                    "interval_days", c.interval_days, "next_due",
	                    http_date_json(c.next_due), "overdue", c.overdue, "gaps",
	                    gaps ? gaps : json_array(), "rule", "KV-30"));
	casework_contacts_release(&c);
}

struct deviation_body {
	sv_date occurred_on;
	const char *description;
	bool affects_assistance;
};

static const struct json_field deviation_fields[] = {
        {"occurred_on", JT_DATE, JF_NULLABLE, offsetof(struct deviation_body, occurred_on), 0, 0,
         NULL, NULL, NULL},
        {"description", JT_STRING, JF_REQUIRED, offsetof(struct deviation_body, description), 1,
         20000, NULL, NULL, NULL},
        {"affects_assistance", JT_BOOL, 0, offsetof(struct deviation_body, affects_assistance), 0,
         0, NULL, NULL, NULL},
};
static const struct json_schema deviation_schema = {deviation_fields, 3, JSON_NO_PRESENT};

static json_t *deviation_json(const struct store_deviation *d)
{
	return json_pack("{s:I,s:I,s:o,s:s,s:b,s:I,s:s?,s:o}", "id", (json_int_t)d->id,
	                 "intervention_id", (json_int_t)d->intervention_id, "occurred_on",
	                 http_date_json(d->occurred_on), "description", d->description,
	                 "affects_assistance", d->affects_assistance, "recorded_by",
	                 (json_int_t)d->recorded_by, "recorded_by_name", d->recorded_by_name,
	                 "recorded_at", http_time_json(d->recorded_at));
}

void h_case_deviations_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct deviation_body b = {0};
	struct store_deviation d = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.occurred_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &deviation_schema, &b))
		return;
	d.occurred_on = b.occurred_on;
	d.description = (char *)b.description;
	d.affects_assistance = b.affects_assistance;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_deviation_add(&s, id, &d, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, deviation_json(&d));
}

void h_case_deviations_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_deviation_list l = {0};
	struct store_page page;
	struct svc s;
	json_t *items;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_deviations(&s, id, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, deviation_json(&l.v[i]));
	http_list(r, items, l.next);
	store_deviation_list_release(&l);
}

/* ---- Changes and endings (KV-14, KV-50 ... KV-52) -------------------------------------------- */

struct extension_body {
	int64_t months;
	int64_t days;
	const char *reason;
};

static const struct json_field extension_fields[] = {
        {"months", JT_INT, JF_NULLABLE, offsetof(struct extension_body, months), 1, 12, NULL, NULL,
         NULL},
        {"days", JT_INT, JF_NULLABLE, offsetof(struct extension_body, days), 1, 366, NULL, NULL,
         NULL},
        {"reason", JT_STRING, JF_REQUIRED, offsetof(struct extension_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema extension_schema = {extension_fields, 3, JSON_NO_PRESENT};

void h_case_extend(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct extension_body b = {0};
	struct svc s;
	int64_t id, t0;

	if (!http_param_id(r, 0, &id) || !http_body(r, &extension_schema, &b))
		return;
	if (!b.months == !b.days) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add(&errs, false, "$.months", "KV-50",
		                "give months (KV-50) or days (jobbpeng, JP-0), not both");
		http_error_fields(r, &errs);
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_extend(&s, id, (int)b.months, (int)b.days, b.reason, &err), &err, id,
	     t0);
}

struct end_body {
	int reason;
	sv_date end_on;
	const char *note;
	bool withhold_reason;
};

static const struct json_field end_fields[] = {
        {"reason", JT_ENUM, JF_REQUIRED, offsetof(struct end_body, reason), 0, 0, end_reasons, NULL,
         NULL},
        {"end_on", JT_DATE, JF_NULLABLE, offsetof(struct end_body, end_on), 0, 0, NULL, NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct end_body, note), 1, 4000, NULL, NULL,
         NULL},
        {"withhold_reason", JT_BOOL, 0, offsetof(struct end_body, withhold_reason), 0, 0, NULL,
         NULL, NULL},
};
static const struct json_schema end_schema = {end_fields, 4, JSON_NO_PRESENT};

void h_case_end(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct end_body b = {0};
	struct casework_ending e = {0};
	struct svc s;
	int64_t id, t0;

	b.end_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &end_schema, &b))
		return;
	if (lc_end_reason_parse(end_reasons[b.reason], strlen(end_reasons[b.reason]), &e.reason,
	                        "reason", &err)) {
		http_error_rc(r, SV_EINVAL, &err);
		return;
	}
	e.end_on = b.end_on;
	e.note = b.note;
	e.withhold_reason = b.withhold_reason;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_end(&s, id, &e, &err), &err, id, t0);
}

struct reason_body {
	const char *reason;
};

static const struct json_field reason_fields[] = {
        {"reason", JT_STRING, JF_REQUIRED, offsetof(struct reason_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema reason_schema = {reason_fields, 1, JSON_NO_PRESENT};

static const struct json_field opt_reason_fields[] = {
        {"reason", JT_STRING, JF_NULLABLE, offsetof(struct reason_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema opt_reason_schema = {opt_reason_fields, 1, JSON_NO_PRESENT};

void h_case_cancel(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct reason_body b = {0};
	struct svc s;
	int64_t id, t0;

	if (!http_param_id(r, 0, &id) || !http_body(r, &reason_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, casework_cancel(&s, id, b.reason, &err), &err, id, t0);
}

struct switch_body {
	int64_t provider_id;
	bool use_default;
	sv_date end_on;
	const char *reason;
};

static const struct json_field switch_fields[] = {
        {"provider_id", JT_INT, JF_NULLABLE, offsetof(struct switch_body, provider_id), 1,
         INT64_MAX, NULL, NULL, NULL},
        {"default", JT_BOOL, 0, offsetof(struct switch_body, use_default), 0, 0, NULL, NULL, NULL},
        {"end_on", JT_DATE, JF_NULLABLE, offsetof(struct switch_body, end_on), 0, 0, NULL, NULL,
         NULL},
        {"reason", JT_STRING, JF_NULLABLE, offsetof(struct switch_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema switch_schema = {switch_fields, 4, JSON_NO_PRESENT};

void h_case_switch_provider(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct switch_body b = {0};
	struct svc s;
	int64_t id, nid = 0, t0;
	enum sv_rc rc;

	b.end_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &switch_schema, &b))
		return;
	if (!b.provider_id == !b.use_default) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add(&errs, false, "$.provider_id", "KV-14",
		                "give the new provider or default: true (KV-13)");
		http_error_fields(r, &errs);
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = casework_switch_provider(&s, id, b.provider_id, b.end_on, b.reason, &nid, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		respond_case(r, &s, nid, nid == id ? 200 : 201);
}

/* ---- Provider proposals ------------------------------------------------------------------------
 */

static json_t *proposal_json(const struct svc *s, const struct store_proposal *p)
{
	/* KV-52: the provider is not told a withheld reason; proposals carry
	 * the provider's own reason, so nothing is hidden here. */
	json_t *o;

	(void)s;
	o = json_pack(
	        "{s:I,s:I,s:I,s:o,s:s,s:s,s:s,s:s?,s:o,s:o,s:I,s:o,s:o,s:o,s:s?,s:o}", "id",
	        (json_int_t)p->id, "intervention_id", (json_int_t)p->intervention_id, "customer_id",
	        (json_int_t)p->customer_id, "provider_id", id_or_null(p->provider_id), "kind",
	        p->kind, "state", p->state, "justification", p->justification, "end_reason",
	        p->end_reason, "date", http_date_json(p->proposed_on), "months",
	        p->months ? json_integer(p->months) : json_null(), "made_by",
	        (json_int_t)p->made_by, "made_at", http_time_json(p->made_at), "decided_by",
	        id_or_null(p->decided_by), "decided_at", http_time_json(p->decided_at),
	        "decision_reason", p->decision_reason, "replaced_by", id_or_null(p->replaced_by));
	/* The users' display names only, read with the proposal (null when none). */
	if (o) {
		json_object_set_new(o, "made_by_name", str_or_null(p->made_by_name));
		json_object_set_new(o, "decided_by_name", str_or_null(p->decided_by_name));
	}
	return o;
}

static const char *const proposal_kinds[] = {"extension", "end", "start_date",
                                             "another_intervention", NULL};

struct proposal_body {
	int kind;
	const char *justification;
	int end_reason;
	sv_date date;
	int64_t months;
	uint64_t present;
};

static const struct json_field proposal_fields[] = {
        {"kind", JT_ENUM, JF_REQUIRED, offsetof(struct proposal_body, kind), 0, 0, proposal_kinds,
         NULL, NULL},
        {"justification", JT_STRING, JF_REQUIRED, offsetof(struct proposal_body, justification), 1,
         20000, NULL, NULL, NULL},
        {"end_reason", JT_ENUM, JF_NULLABLE, offsetof(struct proposal_body, end_reason), 0, 0,
         end_reasons, NULL, NULL},
        {"date", JT_DATE, JF_NULLABLE, offsetof(struct proposal_body, date), 0, 0, NULL, NULL,
         NULL},
        {"months", JT_INT, JF_NULLABLE, offsetof(struct proposal_body, months), 1, 12, NULL, NULL,
         NULL},
};
static const struct json_schema proposal_schema = {proposal_fields, 5,
                                                   offsetof(struct proposal_body, present)};

void h_case_proposals_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct proposal_body b = {0};
	struct proposals_new p = {0};
	struct store_proposal got = {0};
	struct svc s;
	int64_t id, pid = 0, t0;
	enum sv_rc rc;

	b.date = SV_NO_DATE;
	b.end_reason = -1;
	if (!http_param_id(r, 0, &id) || !http_body(r, &proposal_schema, &b))
		return;
	p.kind = proposal_kinds[b.kind];
	p.justification = b.justification;
	p.end_reason =
	        (b.present & (1u << 2)) && b.end_reason >= 0 ? end_reasons[b.end_reason] : NULL;
	p.date = b.date;
	p.months = (int)b.months;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = proposals_make(&s, id, &p, &pid, NULL, &err);
	if (!rc)
		rc = proposals_get(&s, pid, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, proposal_json(&s, &got));
	store_proposal_release(&got);
}

static void proposals_render(struct http_req *r, struct svc *s, enum sv_rc rc,
                             const struct sv_error *err, struct store_proposal_list *l)
{
	json_t *items;

	if (rc) {
		http_error_rc(r, rc, err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l->n; i++)
		json_array_append_new(items, proposal_json(s, &l->v[i]));
	http_list(r, items, l->next);
	store_proposal_list_release(l);
}

static bool query_state(struct http_req *r, const char **state)
{
	static const char *const states[] = {"pending", "approved", "rejected", "replaced", NULL};

	*state = http_query(r, "state");
	if (!*state)
		return true;
	for (size_t i = 0; states[i]; i++)
		if (!strcmp(states[i], *state))
			return true;
	http_error(r, 400, NULL, "X-4",
	           "query parameter state is pending, approved, rejected or replaced");
	return false;
}

void h_case_proposals_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_proposal_list l = {0};
	struct store_page page;
	const char *state;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page) || !query_state(r, &state))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = proposals_list(&s, id, state, page, &l, &err);
	http_db_time(r, t0);
	proposals_render(r, &s, rc, &err, &l);
}

void h_proposals_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_proposal_list l = {0};
	struct store_page page;
	const char *state;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !query_state(r, &state))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = proposals_list(&s, 0, state, page, &l, &err);
	http_db_time(r, t0);
	proposals_render(r, &s, rc, &err, &l);
}

void h_proposals_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_proposal p = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = proposals_get(&s, id, &p, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, proposal_json(&s, &p));
	store_proposal_release(&p);
}

static void proposal_decide(struct http_req *r, bool approve)
{
	struct sv_error err = SV_ERROR_INIT;
	struct reason_body b = {0};
	struct store_proposal p = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) ||
	    !http_body(r, approve ? &opt_reason_schema : &reason_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = proposals_decide(&s, id, approve, b.reason, &err);
	if (!rc)
		rc = proposals_get(&s, id, &p, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, proposal_json(&s, &p));
	store_proposal_release(&p);
}

void h_proposals_approve(struct http_req *r)
{
	proposal_decide(r, true);
}

void h_proposals_reject(struct http_req *r)
{
	proposal_decide(r, false);
}

/* ---- Jobbpeng (JP-3 ... JP-8) ---------------------------------------------------------------- */

static json_t *supplement_json(const struct store_supplement *x)
{
	char amount[SV_MONEY_STRLEN];

	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:o,s:o,s:s?}", "id", (json_int_t)x->id,
	                 "intervention_id", (json_int_t)x->intervention_id, "amount",
	                 money_format(x->amount_ore, amount), "purpose", x->purpose,
	                 "justification", x->justification, "state", x->state, "applied_by",
	                 (json_int_t)x->applied_by, "applied_on", http_date_json(x->applied_on),
	                 "decided_by", id_or_null(x->decided_by), "decided_on",
	                 http_date_json(x->decided_on), "decision_reason", x->decision_reason);
}

static json_t *claim_json(const struct store_bonus_claim *b)
{
	json_t *proof = b->proof ? json_loads(b->proof, 0, NULL) : NULL;

	return json_pack("{s:I,s:I,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:s?}", "id", (json_int_t)b->id,
	                 "intervention_id", (json_int_t)b->intervention_id, "qualifying_from",
	                 http_date_json(b->qualifying_from), "eligible_on",
	                 http_date_json(b->eligible_on), "proof", proof ? proof : json_array(),
	                 "state", b->state, "claimed_on", http_date_json(b->claimed_on),
	                 "decided_by", id_or_null(b->decided_by), "decided_on",
	                 http_date_json(b->decided_on), "decision_reason", b->decision_reason);
}

void h_case_jobbpeng(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct jobbpeng_status st;
	struct svc s;
	json_t *sup, *claims;
	char granted[SV_MONEY_STRLEN];
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = jobbpeng_status(&s, id, &st, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	sup = json_array();
	claims = json_array();
	for (size_t i = 0; sup && i < st.supplements.n; i++)
		json_array_append_new(sup, supplement_json(&st.supplements.v[i]));
	for (size_t i = 0; claims && i < st.claims.n; i++)
		json_array_append_new(claims, claim_json(&st.claims.v[i]));
	http_json(r, 200,
	          json_pack("{s:I,s:s,s:o,s:o,s:{s:o,s:i,s:i,s:s},s:{s:o,s:s?,s:s},s:o,s:s,"
	                    "s:{s:b,s:o,s:o,s:o,s:s}}",
	                    "intervention_id", (json_int_t)id, "state", st.state, "start_on",
	                    http_date_json(st.start_on), "planned_end_on",
	                    http_date_json(st.planned_end_on), "target", "on",
	                    http_date_json(st.target_on), "days", st.target_days,
	                    "days_since_start", st.days_since_start, "rule", "JP-3", "follow_up",
	                    "due_on", http_date_json(st.follow_up_due), "status",
	                    st.follow_up_status[0] ? st.follow_up_status : NULL, "rule", "JP-5",
	                    "supplements", sup ? sup : json_array(), "supplements_granted",
	                    money_format(st.supplements_granted_ore, granted), "bonus", "possible",
	                    st.bonus_possible, "qualifying_from",
	                    http_date_json(st.qualifying_from), "eligible_on",
	                    http_date_json(st.bonus_eligible_on), "claims",
	                    claims ? claims : json_array(), "rule", "JP-8"));
	jobbpeng_status_release(&st);
}

void h_case_follow_up_meeting(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct meeting_body b = {0};
	struct svc s;
	int64_t id, t0;

	b.held_on = SV_NO_DATE;
	if (!http_param_id(r, 0, &id) || !http_body(r, &meeting_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	done(r, &s, jobbpeng_follow_up(&s, id, b.held_on, b.note, &err), &err, id, t0);
}

struct supplement_body {
	sv_money amount;
	const char *purpose;
	const char *justification;
};

static const struct json_field supplement_fields[] = {
        {"amount", JT_CHECK, JF_REQUIRED, offsetof(struct supplement_body, amount), 0, 0, NULL,
         check_money, NULL},
        {"purpose", JT_STRING, JF_REQUIRED, offsetof(struct supplement_body, purpose), 1, 4000,
         NULL, NULL, NULL},
        {"justification", JT_STRING, JF_REQUIRED, offsetof(struct supplement_body, justification),
         1, 20000, NULL, NULL, NULL},
};
static const struct json_schema supplement_schema = {supplement_fields, 3, JSON_NO_PRESENT};

void h_case_supplements_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct supplement_body b = {0};
	struct jobbpeng_status st;
	struct svc s;
	int64_t id, sid = 0, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &supplement_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = jobbpeng_supplement_apply(&s, id, b.amount, b.purpose, b.justification, &sid, &err);
	if (!rc)
		rc = jobbpeng_status(&s, id, &st, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	for (size_t i = 0; i < st.supplements.n; i++)
		if (st.supplements.v[i].id == sid)
			http_json(r, 201, supplement_json(&st.supplements.v[i]));
	jobbpeng_status_release(&st);
}

struct decision_body {
	bool yes;
	const char *reason;
};

static const struct json_field grant_decision_fields[] = {
        {"grant", JT_BOOL, JF_REQUIRED, offsetof(struct decision_body, yes), 0, 0, NULL, NULL,
         NULL},
        {"reason", JT_STRING, JF_NULLABLE, offsetof(struct decision_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema grant_decision_schema = {grant_decision_fields, 2, JSON_NO_PRESENT};

void h_supplements_decide(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_body b = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &grant_decision_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = jobbpeng_supplement_decide(&s, id, b.yes, b.reason, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	{
		struct store_supplement x = {0};
		rc = store_supplement_get(r->st, r->tenant, id, &x, &err);
		if (rc)
			http_error_rc(r, rc, &err);
		else
			http_json(r, 200, supplement_json(&x));
		store_supplement_release(&x);
	}
}

static const char *const proof_kinds[] = {
        "employment_contract",  "payslips", "income_data", "business_registration",
        "student_aid_decision", "other",    NULL};

struct claim_body {
	int proof_kind;
	const char *proof;
};

static const struct json_field claim_fields[] = {
        {"proof_kind", JT_ENUM, JF_REQUIRED, offsetof(struct claim_body, proof_kind), 0, 0,
         proof_kinds, NULL, NULL},
        {"proof", JT_STRING, JF_REQUIRED, offsetof(struct claim_body, proof), 1, 20000, NULL, NULL,
         NULL},
};
static const struct json_schema claim_schema = {claim_fields, 2, JSON_NO_PRESENT};

void h_case_bonus_claims_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct claim_body b = {0};
	struct store_bonus_claim got = {0};
	struct svc s;
	json_t *proof;
	char *text;
	int64_t id, cid = 0, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &claim_schema, &b))
		return;
	proof = json_pack("[{s:s,s:s}]", "kind", proof_kinds[b.proof_kind], "description", b.proof);
	text = proof ? json_dumps(proof, JSON_COMPACT) : NULL;
	json_decref(proof);
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = text ? jobbpeng_bonus_claim(&s, id, text, &cid, &err) : SV_ENOMEM;
	free(text);
	if (!rc)
		rc = store_bonus_claim_get(r->st, r->tenant, cid, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, claim_json(&got));
	store_bonus_claim_release(&got);
}

static const struct json_field approve_decision_fields[] = {
        {"approve", JT_BOOL, JF_REQUIRED, offsetof(struct decision_body, yes), 0, 0, NULL, NULL,
         NULL},
        {"reason", JT_STRING, JF_NULLABLE, offsetof(struct decision_body, reason), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema approve_decision_schema = {approve_decision_fields, 2,
                                                           JSON_NO_PRESENT};

void h_bonus_claims_decide(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_body b = {0};
	struct store_bonus_claim got = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &approve_decision_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = jobbpeng_bonus_decide(&s, id, b.yes, b.reason, &err);
	if (!rc)
		rc = store_bonus_claim_get(r->st, r->tenant, id, &got, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, claim_json(&got));
	store_bonus_claim_release(&got);
}
