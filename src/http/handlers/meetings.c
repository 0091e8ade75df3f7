/*
 * Three-party, SIP and follow-up meetings (KV-14, KV-35, KV-41, JP-5):
 *
 *   GET  /api/v1/interventions/{id}/meetings      list (?kind=)
 *   POST /api/v1/interventions/{id}/meetings      book
 *   GET  /api/v1/interventions/{id}/follow-up     the follow-up rhythm (KV-35)
 *   GET  /api/v1/meetings/{id}                    one
 *   POST /api/v1/meetings/{id}/outcome            held / no_show / cancelled (+ plan decision)
 *   GET  /api/v1/meetings/{id}/invitation.ics     the invitation (text/calendar)
 *
 * Times are ISO-8601 with "Z" or an offset, or civil time in Europe/Stockholm
 * without one ("2024-03-12T10:00"); responses give them in UTC.
 */
#include "http/handlers/casedocs_http.h"

#include <inttypes.h>

#include "service/meetings.h"
#include "stegvis/ics.h"

static json_t *meeting_json(const struct store_meeting *m)
{
	return json_pack("{s:I,s:o,s:s,s:o,s:o,s:s?,s:s?,s:s,s:s?,s:s}", "id", (json_int_t)m->id,
	                 "intervention_id", cd_id(m->intervention_id), "kind", m->kind, "starts_at",
	                 http_time_json(m->starts_at), "ends_at", http_time_json(m->ends_at),
	                 "location", m->location, "interpreter_language", m->interpreter_language,
	                 "outcome", m->outcome, "note", m->note, "invitation", "invitation.ics");
}

void h_meetings_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_meeting_list l = {0};
	struct store_page page;
	struct svc s;
	const char *kind = http_query(r, "kind");
	json_t *items;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	if (kind && strcmp(kind, "three_party") && strcmp(kind, "follow_up") &&
	    strcmp(kind, "sip") && strcmp(kind, "other")) {
		http_error(r, 400, NULL, "X-4",
		           "query parameter kind must be three_party, follow_up, sip or other");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_list(&s, id, kind, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, meeting_json(&l.v[i]));
	http_list(r, items, l.next);
	store_meeting_list_release(&l);
}

static enum sv_rc parse_time(const char *s, size_t len, void *target, const char *field,
                             struct sv_error *err)
{
	return ics_time_parse(s, len, ICS_STOCKHOLM, target, field, err);
}

struct book_body {
	int kind;
	sv_time starts_at;
	sv_time ends_at;
	const char *location;
	const char *interpreter_language;
	const char *note;
	uint64_t present;
};

static const char *const kinds[] = {"three_party", "follow_up", "sip", "other", NULL};

static const struct json_field book_fields[] = {
        {"kind", JT_ENUM, JF_REQUIRED, offsetof(struct book_body, kind), 0, 0, kinds, NULL, NULL},
        {"starts_at", JT_CHECK, JF_REQUIRED, offsetof(struct book_body, starts_at), 0, 0, NULL,
         parse_time, NULL},
        {"ends_at", JT_CHECK, JF_NULLABLE, offsetof(struct book_body, ends_at), 0, 0, NULL,
         parse_time, NULL},
        {"location", JT_STRING, JF_NULLABLE, offsetof(struct book_body, location), 1, 400, NULL,
         NULL, NULL},
        {"interpreter_language", JT_STRING, JF_NULLABLE,
         offsetof(struct book_body, interpreter_language), 1, 64, NULL, NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct book_body, note), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema book_schema = {book_fields, 6, offsetof(struct book_body, present)};

void h_meetings_book(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct book_body b = {0};
	struct meeting_input in = {0};
	struct store_meeting m = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &book_schema, &b))
		return;
	in.kind = kinds[b.kind];
	in.starts_at = b.starts_at;
	in.ends_at = b.ends_at;
	in.location = b.location;
	in.interpreter_language = b.interpreter_language;
	in.note = b.note;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_book(&s, id, &in, &m, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 201, meeting_json(&m));
	store_meeting_release(&m);
}

void h_meetings_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_meeting m = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_get(&s, id, &m, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 200, meeting_json(&m));
	store_meeting_release(&m);
}

struct outcome_body {
	int outcome;
	int plan_decision;
	const char *note;
	uint64_t present;
};

static const char *const outcomes[] = {"held", "no_show", "cancelled", NULL};
static const char *const decisions[] = {"plan_valid", "revision_needed", NULL};

static const struct json_field outcome_fields[] = {
        {"outcome", JT_ENUM, JF_REQUIRED, offsetof(struct outcome_body, outcome), 0, 0, outcomes,
         NULL, NULL},
        {"plan_decision", JT_ENUM, JF_NULLABLE, offsetof(struct outcome_body, plan_decision), 0, 0,
         decisions, NULL, NULL},
        {"note", JT_STRING, JF_NULLABLE, offsetof(struct outcome_body, note), 1, 4000, NULL, NULL,
         NULL},
};
static const struct json_schema outcome_schema = {outcome_fields, 3,
                                                  offsetof(struct outcome_body, present)};

void h_meetings_outcome(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct outcome_body b = {0};
	struct store_meeting m = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	b.plan_decision = -1;
	if (!http_param_id(r, 0, &id) || !http_body(r, &outcome_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_outcome(&s, id, outcomes[b.outcome],
	                      b.plan_decision >= 0 ? decisions[b.plan_decision] : NULL, b.note, &m,
	                      &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 200, meeting_json(&m));
	store_meeting_release(&m);
}

void h_meetings_ics(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct buf b;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	buf_init(&b, 1 << 20);
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_ics(&s, id, &b, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
	} else {
		r->raw = arena_strndup(&r->arena, b.data, b.len);
		r->raw_len = b.len;
		r->raw_type = "text/calendar; charset=utf-8; method=PUBLISH";
		r->status = r->raw ? 200 : 500;
		r->responded = true;
	}
	buf_release(&b);
}

void h_meetings_follow_up(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct meetings_follow_up f;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = meetings_follow_up_status(&s, id, &f, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		return;
	}
	http_json(r, 200,
	          json_pack("{s:I,s:o,s:o,s:s,s:o,s:o,s:I}", "intervention_id", (json_int_t)id,
	                    "interval_months",
	                    f.has_interval && f.interval_months ? json_integer(f.interval_months)
	                                                        : json_null(),
	                    "interval_days",
	                    f.has_interval && f.interval_days ? json_integer(f.interval_days)
	                                                      : json_null(),
	                    "rule", f.rule, "last_held", http_date_json(f.last_held), "next_due",
	                    http_date_json(f.next_due), "planned", (json_int_t)f.planned));
}
