/* Staff changes and the referral list (see provider_duties.h). */
#include "service/provider_duties.h"

#include <string.h>

#include "service/casedocs.h"

#define NAME_MAX_LEN 200

enum sv_rc staff_changes_report(const struct svc *s, const struct staff_change_input *in,
                                struct store_staff_change *out, struct sv_error *err)
{
	struct store_write w = svc_write(s, "staff change");
	enum sv_rc rc = casedocs_allowed(s, ACT_STAFF_CHANGE_REPORT, err);
	int64_t id;

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (!s->who || !s->who->provider_id)
		return sv_error_set(err, SV_EFORBIDDEN, "", "KV-83",
		                    "staff changes are reported by the provider");
	if (!in->kind ||
	    (strcmp(in->kind, "joined") && strcmp(in->kind, "left") && strcmp(in->kind, "changed")))
		return sv_error_set(err, SV_EINVAL, "kind", "KV-83", "joined, left or changed");
	if (casedocs_blank(in->staff_name) || strlen(in->staff_name) > NAME_MAX_LEN)
		return sv_error_set(err, SV_EINVAL, "staff_name", "KV-83",
		                    "the person's name, 1 to %d bytes", NAME_MAX_LEN);
	if (in->effective_on == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "effective_on", "KV-83", "is required");
	if (strcmp(in->kind, "joined") && in->access_requested_on != SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "access_requested_on", "KV-83",
		                    "only a new employee applies for system access");
	if (in->access_requested_on != SV_NO_DATE && in->access_requested_on > s->today)
		return sv_error_set(err, SV_EINVAL, "access_requested_on", "KV-83",
		                    "lies in the future");
	if (in->user_id) {
		/* The account named must belong to the caller's provider. */
		struct store_user u = {0};
		rc = store_user_get(s->st, s->tenant, in->user_id, &u, err);
		if (rc == SV_ENOTFOUND || (!rc && u.provider_id != s->who->provider_id)) {
			sv_error_clear(err);
			rc = sv_error_set(err, SV_EINVAL, "user_id", "X-3",
			                  "not an account of your provider");
		}
		store_user_release(&u);
		if (rc)
			return rc;
	}
	out->provider_id = s->who->provider_id;
	out->kind = (char *)in->kind;
	out->staff_name = (char *)in->staff_name;
	out->staff_role = (char *)in->staff_role;
	out->effective_on = in->effective_on;
	out->user_id = in->user_id;
	out->access_requested_on = in->access_requested_on;
	out->note = (char *)in->note;
	rc = store_staff_change_create(s->st, &w, out, err);
	id = out->id;
	memset(out, 0, sizeof(*out));
	if (!rc) {
		struct store_staff_change_list l = {0};
		struct store_page page = {id - 1, 1};
		rc = store_staff_change_list(s->st, s->tenant, s->who->provider_id, page, &l, err);
		if (!rc && l.n == 1 && l.v[0].id == id) {
			*out = l.v[0];
			l.n = 0;
		} else if (!rc) {
			rc = sv_error_set(err, SV_EDB, "", "", "the staff change was not found");
		}
		store_staff_change_list_release(&l);
	}
	return rc;
}

enum sv_rc staff_changes_list(const struct svc *s, int64_t provider_id, struct store_page page,
                              struct store_staff_change_list *out, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, ACT_STAFF_CHANGE_READ, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	if (svc_scope(s, ACT_STAFF_CHANGE_READ) == SCOPE_PROVIDER) {
		if (!s->who->provider_id || (provider_id && provider_id != s->who->provider_id))
			return SV_OK;
		provider_id = s->who->provider_id;
	}
	return store_staff_change_list(s->st, s->tenant, provider_id, page, out, err);
}

bool staff_change_access_late(const struct store_staff_change *c)
{
	return c->kind && !strcmp(c->kind, "joined") && c->access_requested_on != SV_NO_DATE &&
	       c->access_requested_on > c->effective_on;
}

enum sv_rc referrals_list(const struct svc *s, const struct rules_referral **out, size_t max,
                          size_t *n, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, ACT_REFERRAL_READ, err);

	*n = 0;
	if (!rc)
		*n = casedocs_referrals(s, s->today, out, max);
	return rc;
}
