/* Accounts, units, API tokens, login (see users.h). */
#include "service/users.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

static enum sv_rc need(const struct svc *s, enum authz_action a, struct sv_error *err)
{
	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	return SV_OK;
}

static bool user_visible(const struct svc *s, const struct store_user *u)
{
	switch (svc_scope(s, ACT_USER_READ)) {
	case SCOPE_ALL:
		return true;
	case SCOPE_UNIT:
		return s->who->unit_id && u->unit_id == s->who->unit_id;
	case SCOPE_PROVIDER:
		return s->who->provider_id && u->provider_id == s->who->provider_id;
	default:
		return s->who && u->id == s->who->user_id;
	}
}

enum sv_rc users_create(const struct svc *s, const struct users_new *n, int64_t *id,
                        struct sv_error *err)
{
	struct store_write w = svc_write(s, "user created");
	struct store_user u = {0};
	char hash[AUTH_PWHASH_MAX];
	enum sv_rc rc;

	if ((rc = need(s, ACT_USER_WRITE, err)))
		return rc;
	if (n->password) {
		if ((rc = auth_password_check(n->password, "$.password", err)))
			return rc;
		if ((rc = auth_password_hash(n->password, hash)))
			return sv_error_set(err, rc, "", "", "cannot hash the password");
	}
	u.username = (char *)n->username;
	u.display_name = (char *)n->display_name;
	u.role = (char *)n->role;
	u.unit_id = n->unit_id;
	u.provider_id = n->provider_id;
	u.password_hash = n->password ? hash : NULL;
	rc = store_user_create(s->st, &w, &u, err);
	if (!rc && id)
		*id = u.id;
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

enum sv_rc users_get(const struct svc *s, int64_t id, struct store_user *out, struct sv_error *err)
{
	enum sv_rc rc = need(s, ACT_USER_READ, err);

	if (!rc)
		rc = store_user_get(s->st, s->tenant, id, out, err);
	if (!rc && !user_visible(s, out)) {
		store_user_release(out);
		rc = sv_error_set(err, SV_ENOTFOUND, "id", "X-3", "no such user");
	}
	return rc;
}

enum sv_rc users_list(const struct svc *s, struct store_page page, struct store_user_list *out,
                      struct sv_error *err)
{
	enum sv_rc rc = need(s, ACT_USER_READ, err);
	size_t k = 0;

	if (rc)
		return rc;
	rc = store_user_list(s->st, s->tenant, page, out, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < out->n; i++) {
		if (user_visible(s, &out->v[i]))
			out->v[k++] = out->v[i];
		else
			store_user_release(&out->v[i]);
	}
	out->n = k;
	return SV_OK;
}

enum sv_rc users_set_password(const struct svc *s, int64_t id, const char *password,
                              struct sv_error *err)
{
	struct store_write w = svc_write(s, "password set");
	char hash[AUTH_PWHASH_MAX];
	enum sv_rc rc;

	if ((rc = need(s, ACT_USER_WRITE, err)))
		return rc;
	if ((rc = auth_password_check(password, "password", err)))
		return rc;
	if ((rc = auth_password_hash(password, hash)))
		return sv_error_set(err, rc, "", "", "cannot hash the password");
	rc = store_user_set_password(s->st, &w, id, hash, err);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

enum sv_rc users_disable(const struct svc *s, int64_t id, struct sv_error *err)
{
	struct store_write w = svc_write(s, "user disabled");
	enum sv_rc rc = need(s, ACT_USER_WRITE, err);

	return rc ? rc : store_user_disable(s->st, &w, id, err);
}

enum sv_rc units_create(const struct svc *s, struct store_unit *u, struct sv_error *err)
{
	struct store_write w = svc_write(s, "unit created");
	enum sv_rc rc = need(s, ACT_UNIT_WRITE, err);

	return rc ? rc : store_unit_create(s->st, &w, u, err);
}

enum sv_rc tokens_create(const struct svc *s, int64_t user_id, const char *name, sv_time expires_at,
                         char *token, int64_t *id, struct sv_error *err)
{
	struct store_write w = svc_write(s, "api token created");
	struct store_api_token t = {0};
	char hash[AUTH_HASH_STRLEN];
	enum sv_rc rc = need(s, ACT_USER_WRITE, err);

	if (rc)
		return rc;
	auth_api_token_new(token);
	auth_token_hash(token, hash);
	t.user_id = user_id;
	t.name = (char *)name;
	t.token_hash = hash;
	t.expires_at = expires_at;
	rc = store_api_token_create(s->st, &w, &t, err);
	if (!rc && id)
		*id = t.id;
	if (rc)
		sodium_memzero(token, AUTH_API_TOKEN_STRLEN);
	return rc;
}

enum sv_rc tokens_revoke(const struct svc *s, int64_t id, struct sv_error *err)
{
	struct store_write w = svc_write(s, "api token revoked");
	enum sv_rc rc = need(s, ACT_USER_WRITE, err);

	return rc ? rc : store_api_token_revoke(s->st, &w, id, err);
}

enum sv_rc users_login(const struct svc *s, const struct auth_policy *p, const char *username,
                       const char *password, const char *address, struct login_result *out,
                       struct sv_error *err)
{
	struct store_user u = {0};
	struct store_session sess = {0};
	char hash[AUTH_HASH_STRLEN];
	sv_time since = s->now - p->window_ms * 1000;
	int64_t acc = 0, addr = 0;
	enum sv_rc rc;
	bool ok;

	memset(out, 0, sizeof(*out));
	rc = store_login_failures(s->st, s->tenant, username, NULL, since, &acc, err);
	if (!rc)
		rc = store_login_failures(s->st, s->tenant, NULL, address, since, &addr, err);
	if (rc)
		return rc;
	if (auth_login_throttled(p, (int)acc, (int)addr)) {
		out->retry_after_s = (int)(p->window_ms / 1000);
		return sv_error_set(err, SV_ESTATE, "", "AUTH-2",
		                    "too many failed logins; try again later");
	}
	rc = store_user_get_by_username(s->st, s->tenant, username, &u, err);
	if (rc && rc != SV_ENOTFOUND)
		return rc;
	sv_error_clear(err);
	ok = auth_password_verify(rc ? NULL : u.password_hash, password) && !u.disabled &&
	     authz_role_parse(u.role) != ROLE_NONE;
	rc = store_login_attempt_add(s->st, s->tenant, username, address, s->now, ok, err);
	if (rc)
		goto out;
	if (!ok) {
		rc = sv_error_set(err, SV_EAUTH, "", "AUTH-2", "wrong username or password");
		goto out;
	}
	auth_token_new(out->token);
	auth_csrf_token(out->token, out->csrf);
	auth_token_hash(out->token, hash);
	out->user_id = u.id;
	sess.token_hash = hash;
	sess.csrf_token = out->csrf;
	sess.user_id = u.id;
	sess.created_at = sess.last_seen_at = s->now;
	sess.expires_at = auth_session_expiry(p, s->now / 1000, s->now / 1000) * 1000;
	out->expires_at = sess.expires_at;
	rc = store_session_create(s->st, s->tenant, &sess, err);
out:
	store_user_release(&u);
	if (rc)
		sodium_memzero(out->token, sizeof(out->token));
	return rc;
}

enum sv_rc users_logout(const struct svc *s, const char *token_hash, struct sv_error *err)
{
	return store_session_delete(s->st, s->tenant, token_hash, err);
}
