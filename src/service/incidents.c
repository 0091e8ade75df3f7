/* Personal-data incidents and their assessment (see incidents.h). */
#include "service/incidents.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/casedocs.h"

#define HOUR_US         ((sv_time)3600 * 1000000)
#define DESCRIPTION_MAX 10000

void incident_view_release(struct incident_view *v)
{
	store_incident_release(&v->i);
	memset(v, 0, sizeof(*v));
}

void incidents_list_release(struct incident_view *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		incident_view_release(&v[i]);
	free(v);
}

/* KV-80: the pack's notice time in hours from the discovery. */
static void fill(const struct svc *s, const char *code, struct incident_view *v)
{
	sv_date on = casedocs_date_of(s, code, v->i.discovered_at);
	const struct rules_deadline *d = casedocs_deadline_from(s, code, "incident.discovered", on);
	int hours = INCIDENTS_NOTICE_HOURS_DEFAULT;

	if (d && d->offset.known && d->offset.unit == RULES_HOURS)
		hours = d->offset.n;
	v->due_at = v->i.discovered_at + hours * HOUR_US;
	v->late = v->i.reported_at > v->due_at;
}

/* Is the incident visible to the caller for action a? *code gets the case's code. */
static enum sv_rc visible(const struct svc *s, const struct store_incident *i, enum authz_action a,
                          char *code, size_t codesz, bool *yes, struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, a);
	enum sv_rc rc = SV_OK;

	*yes = false;
	code[0] = '\0';
	if (i->intervention_id) {
		struct store_intervention iv = {0};
		rc = store_intervention_get(s->st, s->tenant, i->intervention_id, &iv, err);
		if (!rc) {
			snprintf(code, codesz, "%s", iv.code);
			*yes = casedocs_visible(s, a, iv.provider_id, iv.unit_id, iv.counsellor_id);
		}
		store_intervention_release(&iv);
	}
	/* The provider sees its own reports, case or not. */
	if (scope == SCOPE_ALL ||
	    (scope == SCOPE_PROVIDER && s->who->provider_id == i->provider_id))
		*yes = true;
	else if (scope == SCOPE_PROVIDER)
		*yes = false;
	return rc;
}

static enum sv_rc load(const struct svc *s, int64_t id, enum authz_action a,
                       struct incident_view *out, char *code, size_t codesz, struct sv_error *err)
{
	bool yes = false;
	enum sv_rc rc = casedocs_allowed(s, a, err);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = store_incident_get(s->st, s->tenant, id, &out->i, err);
	if (!rc)
		rc = visible(s, &out->i, a, code, codesz, &yes, err);
	if (!rc && !yes)
		rc = SV_ENOTFOUND;
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		sv_error_set(err, rc, "id", "X-3", "no such incident");
	}
	if (rc)
		incident_view_release(out);
	else
		fill(s, code[0] ? code : NULL, out);
	return rc;
}

enum sv_rc incidents_report(const struct svc *s, const struct incident_input *in,
                            struct incident_view *out, struct sv_error *err)
{
	struct casedocs_case cs = {0};
	struct store_write w = svc_write(s, "incident reported");
	struct store_incident i = {0};
	int64_t provider;
	char code[8] = "";
	enum sv_rc rc = casedocs_allowed(s, ACT_INCIDENT_REPORT, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	provider = s->who ? s->who->provider_id : 0;
	if (!provider)
		return sv_error_set(err, SV_EFORBIDDEN, "", "KV-80",
		                    "incidents are reported by a provider's staff");
	if (!in->nature || (strcmp(in->nature, "occurred") && strcmp(in->nature, "suspected")))
		return sv_error_set(err, SV_EINVAL, "nature", "KV-80", "occurred or suspected");
	if (!in->discovered_at)
		return sv_error_set(err, SV_EINVAL, "discovered_at", "KV-80", "is required");
	if (in->discovered_at > s->now)
		return sv_error_set(err, SV_EINVAL, "discovered_at", "KV-80", "lies in the future");
	if (casedocs_blank(in->description) || strlen(in->description) > DESCRIPTION_MAX)
		return sv_error_set(err, SV_EINVAL, "description", "KV-80",
		                    "what happened, 1 to %d bytes", DESCRIPTION_MAX);
	if (in->intervention_id) {
		rc = casedocs_load(s, in->intervention_id, ACT_INCIDENT_REPORT, &cs, err);
		if (rc)
			return rc;
		snprintf(code, sizeof(code), "%s", cs.iv.code);
	}
	rc = store_begin(s->st, err);
	if (rc)
		goto out;
	if (in->intervention_id) {
		/* KV-80: the provider tells the counsellor. */
		struct store_write mw = svc_write(s, "data_incident");
		struct store_message m = {0};
		m.intervention_id = cs.iv.id;
		m.customer_id = cs.iv.customer_id;
		m.from_user_id = s->who->user_id;
		m.to_user_id = cs.iv.counsellor_id;
		m.to_unit_id = cs.iv.counsellor_id ? 0 : cs.iv.unit_id;
		m.topic = "data_incident";
		m.body = (char *)in->description;
		rc = store_message_create(s->st, &mw, &m, NULL, err);
		i.message_id = m.id;
	}
	i.provider_id = provider;
	i.intervention_id = in->intervention_id;
	i.nature = (char *)in->nature;
	i.discovered_at = in->discovered_at;
	i.description = (char *)in->description;
	if (!rc)
		rc = store_incident_create(
		        s->st, &w, &i,
		        casedocs_date_of(s, code[0] ? code : NULL, in->discovered_at), err);
	rc = casedocs_finish(s, in->intervention_id, rc, err);
	if (!rc)
		rc = store_incident_get(s->st, s->tenant, i.id, &out->i, err);
	if (!rc)
		fill(s, code[0] ? code : NULL, out);
out:
	casedocs_case_release(&cs);
	if (rc)
		incident_view_release(out);
	return rc;
}

enum sv_rc incidents_assess(const struct svc *s, int64_t id, const char *risk,
                            const char *assessment, bool notify_authority, bool notify_persons,
                            struct incident_view *out, struct sv_error *err)
{
	struct store_write w = svc_write(s, "incident assessed");
	char code[8];
	enum sv_rc rc;

	if (!risk || (strcmp(risk, "none") && strcmp(risk, "risk") && strcmp(risk, "high_risk"))) {
		memset(out, 0, sizeof(*out));
		return sv_error_set(err, SV_EINVAL, "risk", "KV-80", "none, risk or high_risk");
	}
	if (casedocs_blank(assessment) || strlen(assessment) > DESCRIPTION_MAX) {
		memset(out, 0, sizeof(*out));
		return sv_error_set(err, SV_EINVAL, "assessment", "KV-80",
		                    "the coordinator's assessment, 1 to %d bytes", DESCRIPTION_MAX);
	}
	if (!strcmp(risk, "high_risk") && !notify_persons) {
		/* GDPR art. 34: a high risk is told to the persons concerned. */
		memset(out, 0, sizeof(*out));
		return sv_error_set(err, SV_EINVAL, "notify_persons", "KV-80",
		                    "a high risk is told to the persons concerned");
	}
	rc = load(s, id, ACT_INCIDENT_ASSESS, out, code, sizeof(code), err);
	if (rc)
		return rc;
	if (out->i.assessed_at)
		rc = sv_error_set(err, SV_ESTATE, "risk", "KV-80",
		                  "cannot assess an incident that is already assessed");
	if (!rc)
		rc = store_incident_assess(s->st, &w, id, risk, assessment, notify_authority,
		                           notify_persons, err);
	if (rc == SV_ECONFLICT) {
		sv_error_clear(err);
		rc = sv_error_set(err, SV_ESTATE, "risk", "KV-80",
		                  "cannot assess an incident that is already assessed");
	}
	incident_view_release(out);
	if (!rc)
		rc = load(s, id, ACT_INCIDENT_ASSESS, out, code, sizeof(code), err);
	return rc;
}

enum sv_rc incidents_get(const struct svc *s, int64_t id, struct incident_view *out,
                         struct sv_error *err)
{
	char code[8], what[40];
	enum sv_rc rc = load(s, id, ACT_INCIDENT_READ, out, code, sizeof(code), err);

	if (rc)
		return rc;
	snprintf(what, sizeof(what), "incident:%" PRId64, id);
	rc = casedocs_log_read(s, out->i.customer_id, what, err);
	if (rc)
		incident_view_release(out);
	return rc;
}

enum sv_rc incidents_list(const struct svc *s, bool unassessed_only, struct store_page page,
                          struct incident_view **out, size_t *n, int64_t *next,
                          struct sv_error *err)
{
	struct store_incident_list l = {0};
	struct incident_view *v = NULL;
	enum authz_scope scope = svc_scope(s, ACT_INCIDENT_READ);
	enum sv_rc rc = casedocs_allowed(s, ACT_INCIDENT_READ, err);

	*out = NULL;
	*n = 0;
	*next = 0;
	if (rc)
		return rc;
	rc = store_incident_list(
	        s->st, s->tenant,
	        scope == SCOPE_PROVIDER ? (s->who->provider_id ? s->who->provider_id : -1) : 0,
	        unassessed_only, page, &l, err);
	if (!rc && l.n) {
		v = calloc(l.n, sizeof(*v));
		if (!v)
			rc = SV_ENOMEM;
	}
	/* Keep what the caller may see (unit roles: their unit's cases). */
	for (size_t i = 0; !rc && i < l.n; i++) {
		char code[8];
		bool yes = false;
		rc = visible(s, &l.v[i], ACT_INCIDENT_READ, code, sizeof(code), &yes, err);
		if (rc || !yes)
			continue;
		v[*n].i = l.v[i];
		memset(&l.v[i], 0, sizeof(l.v[i]));
		fill(s, code[0] ? code : NULL, &v[*n]);
		rc = casedocs_log_read(s, v[*n].i.customer_id, "incident", err);
		(*n)++;
	}
	if (!rc) {
		*out = v;
		*next = l.next;
	} else {
		incidents_list_release(v, *n);
		*n = 0;
	}
	store_incident_list_release(&l);
	return rc;
}
