/* POST/GET/DELETE /api/v1/session: log in, who am I, log out. */
#include "http/http.h"

#include <stdio.h>
#include <string.h>

#include "service/users.h"

struct login_body {
	const char *username;
	const char *password;
};

static const struct json_field login_fields[] = {
        {"username", JT_STRING, JF_REQUIRED, offsetof(struct login_body, username), 1, 128, NULL,
         NULL, NULL},
        {"password", JT_STRING, JF_REQUIRED, offsetof(struct login_body, password), 1,
         AUTH_PASSWORD_MAX, NULL, NULL, NULL},
};
static const struct json_schema login_schema = {login_fields, 2, JSON_NO_PRESENT};

static const char *cookie(struct http_req *r, const char *value, int64_t max_age_s)
{
	return arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
	                    HTTP_SESSION_COOKIE, value, (long long)max_age_s,
	                    http_is_tls(r) ? "; Secure" : "");
}

static json_t *me(struct http_req *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:b}", "id", (json_int_t)r->who.user_id,
	                 "username", r->username, "display_name", r->display_name, "role",
	                 authz_role_name(r->who.role), "unit_id",
	                 r->who.unit_id ? json_integer(r->who.unit_id) : json_null(), "provider_id",
	                 r->who.provider_id ? json_integer(r->who.provider_id) : json_null(),
	                 "protected_access", authz_sees_protected(&r->who));
}

void h_session_create(struct http_req *r)
{
	const struct http_config *c = http_config_of(r);
	struct login_body b = {0};
	struct login_result res;
	struct sv_error err = SV_ERROR_INIT;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	if (!http_body(r, &login_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = users_login(&s, &c->policy, b.username, b.password, http_client_address(r), &res,
	                 &err);
	http_db_time(r, t0);
	if (rc == SV_ESTATE) {
		r->retry_after = res.retry_after_s;
		http_error(r, 429, NULL, err.rule, "%s", err.msg);
		return;
	}
	if (rc == SV_EAUTH) {
		http_error(r, 401, "login_failed", NULL, "wrong username or password");
		return;
	}
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	/* The new session's user, as the next request will see it. */
	snprintf(r->session_token, sizeof(r->session_token), "%s", res.token);
	r->set_cookie = cookie(r, res.token, c->policy.absolute_ms / 1000);
	{
		struct store_user u = {0};
		rc = store_user_get(r->st, r->tenant, res.user_id, &u, &err);
		if (rc) {
			store_user_release(&u);
			http_error_rc(r, rc, &err);
			return;
		}
		r->who.user_id = u.id;
		r->who.role = authz_role_parse(u.role);
		r->who.unit_id = u.unit_id;
		r->who.provider_id = u.provider_id;
		r->who.protected_access = r->who.role == ROLE_DPO;
		snprintf(r->username, sizeof(r->username), "%s", u.username ? u.username : "");
		snprintf(r->display_name, sizeof(r->display_name), "%s",
		         u.display_name ? u.display_name : "");
		store_user_release(&u);
	}
	http_json(r, 201,
	          json_pack("{s:o,s:s,s:o,s:o}", "user", me(r), "csrf_token", res.csrf,
	                    "expires_at", http_time_json(res.expires_at), "today",
	                    http_date_json(http_today(r))));
}

void h_session_get(struct http_req *r)
{
	/* "today" is the server's date (fixed by --on in tests and demos): the
	 * web interface takes its date defaults from it, never from the browser. */
	json_t *o = json_pack("{s:o,s:s,s:o}", "user", me(r), "via",
	                      r->who.via_token ? "token" : "session", "today",
	                      http_date_json(http_today(r)));

	if (o && !r->who.via_token) {
		char csrf[AUTH_TOKEN_STRLEN];
		auth_csrf_token(r->session_token, csrf);
		json_object_set_new(o, "csrf_token", json_string(csrf));
	}
	http_json(r, 200, o);
}

void h_session_delete(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct svc s;
	enum sv_rc rc;

	if (r->who.via_token) {
		http_error(r, 409, NULL, NULL, "an API token is revoked with stegvis token revoke");
		return;
	}
	http_svc(r, &s);
	rc = users_logout(&s, r->token_hash, &err);
	if (rc && rc != SV_ENOTFOUND) {
		http_error_rc(r, rc, &err);
		return;
	}
	r->set_cookie = cookie(r, "", 0);
	http_no_content(r);
}
