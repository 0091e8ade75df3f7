/* Messages between counsellor and provider (see messages.h). */
#include "service/messages.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/casedocs.h"

const char *const messages_topics[] = {
        "general",             /* anything about the case */
        "staffing",            /* KV-21: the provider names its case worker */
        "adjustment",          /* KV-26: the customer cannot take part as assigned */
        "other_intervention",  /* KV-33: need for another intervention */
        "deviation",           /* KV-34: deviation from the plan */
        "commitments_changed", /* KV-6: the customer's commitments elsewhere changed */
        "agency_difficulties", /* KV-6: difficulties with other agencies */
        "follow_up_request",   /* KV-6, KV-35: asks for a follow-up meeting */
        "three_party_request", /* KV-14, KV-41: asks for a three-party meeting */
        "sip_request",         /* KV-6: asks for a SIP meeting */
        "municipal_support",   /* KV-6: support from other municipal units */
        NULL};

#define BODY_MAX 10000

static bool topic_ok(const char *t)
{
	for (const char *const *p = messages_topics; t && *p; p++)
		if (!strcmp(*p, t))
			return true;
	return false;
}

static bool provider_side(const struct svc *s)
{
	return s->who && authz_is_provider_role(s->who->role);
}

enum sv_rc messages_send(const struct svc *s, int64_t intervention_id, const char *topic,
                         const char *body, struct store_message *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, topic);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (!topic_ok(topic))
		return sv_error_set(err, SV_EINVAL, "topic", "KV-6",
		                    "not a message topic (see messages_topics)");
	if (casedocs_blank(body) || strlen(body) > BODY_MAX)
		return sv_error_set(err, SV_EINVAL, "body", "X-4", "1 to %d bytes of text",
		                    BODY_MAX);
	rc = casedocs_load(s, intervention_id, ACT_MESSAGE_WRITE, &cs, err);
	if (rc)
		return rc;
	out->intervention_id = intervention_id;
	out->customer_id = cs.iv.customer_id;
	out->from_user_id = s->who ? s->who->user_id : 0;
	if (provider_side(s)) {
		out->to_user_id = cs.iv.counsellor_id;
		out->to_unit_id = cs.iv.counsellor_id ? 0 : cs.iv.unit_id;
	} else {
		/* To the named case worker (KV-21), else to the provider. */
		out->to_user_id = cs.staff_user_id;
	}
	out->topic = (char *)topic;
	out->body = (char *)body;
	rc = store_begin(s->st, err);
	if (!rc)
		rc = store_message_create(s->st, &w, out, NULL, err);
	rc = casedocs_finish(s, 0, rc, err);
	out->topic = NULL;
	out->body = NULL;
	if (!rc) {
		int64_t id = out->id;
		rc = store_message_get(s->st, s->tenant, id, out, err);
	}
	casedocs_case_release(&cs);
	if (rc)
		store_message_release(out);
	return rc;
}

enum sv_rc messages_list_case(const struct svc *s, int64_t intervention_id, struct store_page page,
                              struct store_message_list *out, struct sv_error *err)
{
	struct store_message_filter f = {0};
	struct casedocs_case cs;
	enum sv_rc rc = casedocs_load(s, intervention_id, ACT_MESSAGE_READ, &cs, err);

	memset(out, 0, sizeof(*out));
	f.intervention_id = intervention_id;
	if (!rc)
		rc = store_message_list(s->st, s->tenant, &f, page, out, err);
	if (!rc)
		rc = casedocs_log_read(s, cs.iv.customer_id, "messages", err);
	casedocs_case_release(&cs);
	if (rc)
		store_message_list_release(out);
	return rc;
}

enum sv_rc messages_inbox(const struct svc *s, bool unread_only, struct store_page page,
                          struct store_message_list *out, struct sv_error *err)
{
	struct store_message_filter f = {0};
	enum sv_rc rc = casedocs_allowed(s, ACT_MESSAGE_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (!s->who)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "an inbox belongs to a user");
	f.to_user_id = s->who->user_id;
	f.unread_only = unread_only;
	if (provider_side(s)) {
		/* only messages on the caller's provider's cases. */
		f.provider_id = s->who->provider_id ? s->who->provider_id : -1;
		f.or_unaddressed = true;
	} else {
		f.to_unit_id = s->who->unit_id;
	}
	rc = store_message_list(s->st, s->tenant, &f, page, out, err);
	/* every listed message about a person is a read of that person's data. */
	for (size_t i = 0; !rc && i < out->n; i++)
		rc = casedocs_log_read(s, out->v[i].customer_id, "message", err);
	if (rc)
		store_message_list_release(out);
	return rc;
}

/* Is the caller the message's sender or a recipient? */
static bool party(const struct svc *s, const struct store_message *m, bool recipient_only)
{
	if (!s->who)
		return true;
	if (!recipient_only && m->from_user_id == s->who->user_id)
		return true;
	if (m->to_user_id)
		return m->to_user_id == s->who->user_id;
	if (m->to_unit_id)
		return !provider_side(s) && s->who->unit_id == m->to_unit_id;
	return provider_side(s);
}

static enum sv_rc load(const struct svc *s, int64_t id, enum authz_action a,
                       struct store_message *out, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, a, err);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = store_message_get(s->st, s->tenant, id, out, err);
	if (!rc && out->intervention_id) {
		struct store_docs_case dc;
		rc = store_docs_case_get(s->st, s->tenant, out->intervention_id, &dc, err);
		if (!rc && !casedocs_visible(s, a, dc.provider_id, dc.unit_id, dc.counsellor_id))
			rc = SV_ENOTFOUND;
	} else if (!rc && !party(s, out, false) && svc_scope(s, a) != SCOPE_ALL) {
		rc = SV_ENOTFOUND;
	}
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		sv_error_set(err, rc, "id", "X-3", "no such message");
	}
	if (rc)
		store_message_release(out);
	return rc;
}

enum sv_rc messages_get(const struct svc *s, int64_t id, struct store_message *out,
                        struct sv_error *err)
{
	enum sv_rc rc = load(s, id, ACT_MESSAGE_READ, out, err);

	if (!rc)
		rc = casedocs_log_read(s, out->customer_id, "message", err);
	if (rc)
		store_message_release(out);
	return rc;
}

enum sv_rc messages_mark_read(const struct svc *s, int64_t id, struct store_message *out,
                              struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	enum sv_rc rc = load(s, id, ACT_MESSAGE_READ, out, err);

	if (rc)
		return rc;
	if (!party(s, out, true))
		rc = sv_error_set(err, SV_ESTATE, "to_user_id", "KV-19",
		                  "cannot mark read a message addressed to someone else");
	if (!rc)
		rc = store_message_mark_read(s->st, &w, id, err);
	store_message_release(out);
	if (!rc)
		rc = store_message_get(s->st, s->tenant, id, out, err);
	return rc;
}
