/*
 * Authentication of a request: the session cookie (sessions live in the
 * database, so several servers share them) or an API token in
 * "Authorization: Bearer svt_...". Only hashes of either are stored. CSRF:
 * unsafe methods of cookie sessions must send X-CSRF-Token, the token
 * derived from the session (service/auth.h); API tokens are not sent
 * automatically by browsers and need none.
 */
#include "http/http.h"

#include <stdio.h>
#include <string.h>

/* Fill r->who from a user row; false when the user may not sign in. */
static bool set_actor(struct http_req *r, const struct store_user *u, bool via_token)
{
	enum sv_role role = authz_role_parse(u->role);

	if (u->disabled || role == ROLE_NONE)
		return false;
	r->who.user_id = u->id;
	r->who.role = role;
	r->who.unit_id = u->unit_id;
	r->who.provider_id = u->provider_id;
	/*
	 * KV-81: access to protected identities is for named users. Until
	 * users carry that flag in the store (docs/internals/http.md, "Needed
	 * from store"), the data-protection officer is the one named user role.
	 */
	r->who.protected_access = role == ROLE_DPO;
	r->who.via_token = via_token;
	snprintf(r->username, sizeof(r->username), "%s", u->username ? u->username : "");
	snprintf(r->display_name, sizeof(r->display_name), "%s",
	         u->display_name ? u->display_name : "");
	r->authed = true;
	return true;
}

static bool load_user(struct http_req *r, int64_t id, bool via_token)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};
	int64_t t0 = http_clock_ns();
	enum sv_rc rc = store_user_get(r->st, r->tenant, id, &u, &err);

	http_db_time(r, t0);
	if (rc == SV_OK)
		set_actor(r, &u, via_token);
	store_user_release(&u);
	if (rc && rc != SV_ENOTFOUND) {
		http_error_rc(r, rc, &err);
		return false;
	}
	return true;
}

static bool by_token(struct http_req *r, const char *token)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_api_token t = {0};
	sv_time now = http_now_us(r);
	int64_t t0;
	enum sv_rc rc;
	bool ok = true;

	if (!auth_token_well_formed(token, true))
		return true;
	auth_token_hash(token, r->token_hash);
	t0 = http_clock_ns();
	rc = store_api_token_get_by_hash(r->st, r->tenant, r->token_hash, &t, &err);
	http_db_time(r, t0);
	if (rc == SV_OK && !t.revoked_at && (!t.expires_at || t.expires_at > now))
		ok = load_user(r, t.user_id, true);
	else if (rc && rc != SV_ENOTFOUND) {
		http_error_rc(r, rc, &err);
		ok = false;
	}
	store_api_token_release(&t);
	return ok;
}

static bool by_cookie(struct http_req *r, const char *token)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_session s = {0};
	const struct auth_policy *p = &http_config_of(r)->policy;
	int64_t now_ms = http_now_ms(r), t0;
	sv_time now = now_ms * 1000;
	enum sv_rc rc;
	bool ok = true;

	if (!auth_token_well_formed(token, false))
		return true;
	auth_token_hash(token, r->token_hash);
	t0 = http_clock_ns();
	rc = store_session_get(r->st, r->tenant, r->token_hash, now, &s, &err);
	http_db_time(r, t0);
	if (rc == SV_ENOTFOUND)
		goto out;
	if (rc) {
		http_error_rc(r, rc, &err);
		ok = false;
		goto out;
	}
	if (auth_session_expired(p, s.created_at / 1000, s.last_seen_at / 1000, now_ms))
		goto out;
	ok = load_user(r, s.user_id, false);
	if (!ok || !r->authed)
		goto out;
	snprintf(r->session_token, sizeof(r->session_token), "%s", token);
	/*
	 * Idle expiry: record use, but at most every tenth of the idle time
	 * (and at least once a minute), so reads do not all become writes.
	 */
	{
		int64_t every = p->idle_ms / 10 < 60000 ? p->idle_ms / 10 : 60000;
		if (now_ms - s.last_seen_at / 1000 >= every) {
			int64_t exp = auth_session_expiry(p, s.created_at / 1000, now_ms);
			t0 = http_clock_ns();
			rc = store_session_touch(r->st, r->tenant, r->token_hash, now, exp * 1000,
			                         &err);
			http_db_time(r, t0);
			if (rc && rc != SV_ENOTFOUND) {
				r->authed = false;
				http_error_rc(r, rc, &err);
				ok = false;
			}
		}
	}
out:
	store_session_release(&s);
	return ok;
}

bool http_authenticate(struct http_req *r)
{
	const char *authz = http_header(r, "Authorization");
	const char *cookie;

	r->authed = false;
	if (authz) {
		if (strncmp(authz, "Bearer ", 7))
			return true;
		return by_token(r, authz + 7);
	}
	cookie = http_cookie(r, HTTP_SESSION_COOKIE);
	if (cookie)
		return by_cookie(r, cookie);
	return true;
}

bool http_csrf_ok(struct http_req *r)
{
	if (r->who.via_token)
		return true;
	return auth_csrf_valid(r->session_token, http_header(r, "X-CSRF-Token"));
}
