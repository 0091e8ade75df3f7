/*
 * Messages between counsellor and provider (meddelarfunktionen):
 *
 *   GET  /api/v1/interventions/{id}/messages   the case's messages
 *   POST /api/v1/interventions/{id}/messages   send {"topic", "body"}
 *   GET  /api/v1/messages                      the caller's inbox (?unread=true)
 *   GET  /api/v1/messages/{id}                 one message
 *   POST /api/v1/messages/{id}/read            mark read (its recipient)
 */
#include "http/handlers/casedocs_http.h"

#include "service/messages.h"

static json_t *message_json(const struct store_message *m)
{
	/* from_name, to_name: the users' display names only (null for the
	 * system or no named recipient), read with the message itself. */
	return json_pack("{s:I,s:o,s:o,s:o,s:s?,s:o,s:s?,s:o,s:s,s:s,s:o,s:o}", "id",
	                 (json_int_t)m->id, "intervention_id", cd_id(m->intervention_id),
	                 "customer_id", cd_id(m->customer_id), "from_user_id",
	                 cd_id(m->from_user_id), "from_name", m->from_name, "to_user_id",
	                 cd_id(m->to_user_id), "to_name", m->to_name, "to_unit_id",
	                 cd_id(m->to_unit_id), "topic", m->topic, "body", m->body, "sent_at",
	                 http_time_json(m->sent_at), "read_at", http_time_json(m->read_at));
}

static void respond_list(struct http_req *r, enum sv_rc rc, const struct sv_error *err,
                         struct store_message_list *l)
{
	json_t *items;

	if (rc) {
		cd_fail(r, rc, err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l->n; i++)
		json_array_append_new(items, message_json(&l->v[i]));
	http_list(r, items, l->next);
	store_message_list_release(l);
}

void h_messages_case(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_message_list l = {0};
	struct store_page page;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = messages_list_case(&s, id, page, &l, &err);
	http_db_time(r, t0);
	respond_list(r, rc, &err, &l);
}

void h_messages_inbox(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_message_list l = {0};
	struct store_page page;
	struct svc s;
	bool unread;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !cd_query_bool(r, "unread", &unread))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = messages_inbox(&s, unread, page, &l, &err);
	http_db_time(r, t0);
	respond_list(r, rc, &err, &l);
}

struct send_body {
	int topic;
	const char *body;
	uint64_t present;
};

static const struct json_field send_fields[] = {
        {"topic", JT_ENUM, JF_REQUIRED, offsetof(struct send_body, topic), 0, 0, messages_topics,
         NULL, NULL},
        {"body", JT_STRING, JF_REQUIRED, offsetof(struct send_body, body), 1, 10000, NULL, NULL,
         NULL},
};
static const struct json_schema send_schema = {send_fields, 2, offsetof(struct send_body, present)};

void h_messages_send(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_message m = {0};
	struct send_body b = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &send_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = messages_send(&s, id, messages_topics[b.topic], b.body, &m, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 201, message_json(&m));
	store_message_release(&m);
}

void h_messages_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_message m = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = messages_get(&s, id, &m, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 200, message_json(&m));
	store_message_release(&m);
}

void h_messages_read(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_message m = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = messages_mark_read(&s, id, &m, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		http_json(r, 200, message_json(&m));
	store_message_release(&m);
}
