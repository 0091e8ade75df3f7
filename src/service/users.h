/*
 * users.h - local accounts, units and API tokens (issue: authentication),
 * login with throttling, sessions.
 *
 * Scope of user reads: ALL sees every user of the tenant, UNIT the
 * users of the caller's unit, PROVIDER those of the caller's provider;
 * anything else is SV_ENOTFOUND.
 */
#ifndef SV_SERVICE_USERS_H
#define SV_SERVICE_USERS_H

#include "service/auth.h"
#include "service/svc.h"

/* A new user: password is hashed here (argon2id); NULL leaves it unable to log in. */
struct users_new {
	const char *username;
	const char *display_name;
	const char *role;
	int64_t unit_id;
	int64_t provider_id;
	const char *password;
};

enum sv_rc users_create(const struct svc *s, const struct users_new *n, int64_t *id,
                        struct sv_error *err) SV_WUR;
enum sv_rc users_get(const struct svc *s, int64_t id, struct store_user *out,
                     struct sv_error *err) SV_WUR;
/* The users visible to the caller from page (filtered after reading: a page may be short). */
enum sv_rc users_list(const struct svc *s, struct store_page page, struct store_user_list *out,
                      struct sv_error *err) SV_WUR;
enum sv_rc users_set_password(const struct svc *s, int64_t id, const char *password,
                              struct sv_error *err) SV_WUR;
/* Disables the user, ends their sessions and revokes their API tokens. */
enum sv_rc users_disable(const struct svc *s, int64_t id, struct sv_error *err) SV_WUR;

/* Units. */
enum sv_rc units_create(const struct svc *s, struct store_unit *u, struct sv_error *err) SV_WUR;

/* API tokens for integrations: *token receives the only clear copy (AUTH_API_TOKEN_STRLEN). */
enum sv_rc tokens_create(const struct svc *s, int64_t user_id, const char *name, sv_time expires_at,
                         char *token, int64_t *id, struct sv_error *err) SV_WUR;
enum sv_rc tokens_revoke(const struct svc *s, int64_t id, struct sv_error *err) SV_WUR;

/* The outcome of a login. */
struct login_result {
	int64_t user_id;
	char token[AUTH_TOKEN_STRLEN]; /* the cookie value */
	char csrf[AUTH_TOKEN_STRLEN];
	sv_time expires_at;
	int retry_after_s; /* when throttled */
};

/*
 * Log in (s->who is NULL). SV_EAUTH for a wrong username or password or a
 * disabled user, all alike; SV_ESTATE when throttled (retry_after_s set),
 * without checking the password. Each attempt is recorded.
 */
enum sv_rc users_login(const struct svc *s, const struct auth_policy *p, const char *username,
                       const char *password, const char *address, struct login_result *out,
                       struct sv_error *err) SV_WUR;
enum sv_rc users_logout(const struct svc *s, const char *token_hash, struct sv_error *err) SV_WUR;

#endif
