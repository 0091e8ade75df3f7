/* Providers and interventions, read side (see providers.h). */
#include "service/providers.h"

#include <stdlib.h>
#include <string.h>

static enum sv_rc not_found(struct sv_error *err, const char *what)
{
	return sv_error_set(err, SV_ENOTFOUND, "id", "X-3", "no such %s", what);
}

enum sv_rc providers_get(const struct svc *s, int64_t id, struct store_provider *out,
                         struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_PROVIDER_READ);

	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (scope == SCOPE_PROVIDER && id != s->who->provider_id)
		return not_found(err, "provider");
	return store_provider_get(s->st, s->tenant, id, out, err);
}

enum sv_rc providers_list(const struct svc *s, const char *scheme, struct store_page page,
                          struct store_provider_list *out, struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_PROVIDER_READ);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (scope != SCOPE_PROVIDER)
		return store_provider_list(s->st, s->tenant, scheme, page, out, err);
	/* A provider sees itself only. */
	if (!s->who->provider_id || page.after >= s->who->provider_id)
		return SV_OK;
	out->v = calloc(1, sizeof(*out->v));
	if (!out->v)
		return SV_ENOMEM;
	rc = store_provider_get(s->st, s->tenant, s->who->provider_id, &out->v[0], err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return SV_OK;
	}
	if (!rc)
		out->n = 1;
	return rc;
}

enum sv_rc providers_create(const struct svc *s, struct store_provider *p, struct sv_error *err)
{
	struct store_write w = svc_write(s, "provider registered");

	if (svc_scope(s, ACT_PROVIDER_AUTHORISE) != SCOPE_ALL)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	return store_provider_create(s->st, &w, p, err);
}

enum sv_rc providers_authorise(const struct svc *s, int64_t id, const struct store_authorisation *a,
                               struct sv_error *err)
{
	struct store_write w = svc_write(s, "provider authorised");

	if (svc_scope(s, ACT_PROVIDER_AUTHORISE) != SCOPE_ALL)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	return store_provider_authorise(s->st, &w, id, a, err);
}

enum sv_rc interventions_list(const struct svc *s, struct store_intervention_filter f,
                              struct store_page page, struct store_intervention_list *out,
                              struct sv_error *err)
{
	memset(out, 0, sizeof(*out));
	switch (svc_scope(s, ACT_INTERVENTION_READ)) {
	case SCOPE_NONE:
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	case SCOPE_ALL:
		break;
	case SCOPE_PROVIDER:
		if (!s->who->provider_id || (f.provider_id && f.provider_id != s->who->provider_id))
			return SV_OK;
		f.provider_id = s->who->provider_id;
		break;
	default:
		if (!s->who->unit_id || (f.unit_id && f.unit_id != s->who->unit_id))
			return SV_OK;
		f.unit_id = s->who->unit_id;
		break;
	}
	return store_intervention_list(s->st, s->tenant, &f, page, out, err);
}

enum sv_rc interventions_get(const struct svc *s, int64_t id, struct store_intervention *out,
                             struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_INTERVENTION_READ);
	enum sv_rc rc;
	bool yes = true;

	if (scope == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_intervention_get(s->st, s->tenant, id, out, err);
	if (rc)
		return rc;
	if (scope == SCOPE_PROVIDER)
		yes = s->who->provider_id && out->provider_id == s->who->provider_id;
	else if (scope == SCOPE_UNIT || scope == SCOPE_OWN)
		yes = s->who->unit_id && out->unit_id == s->who->unit_id;
	if (!yes) {
		store_intervention_release(out);
		return not_found(err, "intervention");
	}
	return SV_OK;
}
