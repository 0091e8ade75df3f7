/*
 * auth.h - credentials: password hashing, session and API tokens, CSRF
 * tokens, expiry and login-throttling policy. No I/O and no clock reads:
 * times are passed in (milliseconds since the epoch, UTC).
 *
 * Passwords are hashed with argon2id (libsodium crypto_pwhash_str_alg) at
 * 19 MiB and 2 passes, the parameters kept inside the encoded hash so they can
 * be raised later without breaking stored hashes.
 *
 * Tokens are 32 random bytes, written base64url without padding (43
 * characters); API tokens carry the prefix "svt_" so they are recognisable in
 * a leaked file. Only a token's hash (BLAKE2b-256, hex) is stored: a database
 * dump gives no usable session or token. The CSRF token of a session is
 * derived from the session token (keyed BLAKE2b of a fixed label), so it
 * needs no storage and cannot be computed without the HttpOnly cookie.
 *
 * auth_init() must succeed once (it calls sodium_init()) before any other
 * function here is used.
 */
#ifndef SV_SERVICE_AUTH_H
#define SV_SERVICE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/err.h"

#define AUTH_PWHASH_MAX       128 /* crypto_pwhash_STRBYTES */
#define AUTH_TOKEN_STRLEN     44  /* 43 base64url characters and a NUL */
#define AUTH_API_PREFIX       "svt_"
#define AUTH_API_TOKEN_STRLEN (4 + AUTH_TOKEN_STRLEN)
#define AUTH_HASH_STRLEN      65 /* 64 hex digits and a NUL */
#define AUTH_PASSWORD_MIN     12
#define AUTH_PASSWORD_MAX     1024

enum sv_rc auth_init(void) SV_WUR;

/*
 * Password rule "AUTH-1": AUTH_PASSWORD_MIN to AUTH_PASSWORD_MAX bytes, no
 * control characters. err names field.
 */
enum sv_rc auth_password_check(const char *pw, const char *field, struct sv_error *err) SV_WUR;
/* argon2id-encode pw into out (NUL-terminated). SV_ENOMEM when hashing fails. */
enum sv_rc auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX]) SV_WUR;
/*
 * True when pw matches hash. A NULL hash (unknown user) still spends the
 * time of one verification against a fixed hash, so a login does not reveal
 * which accounts exist; it then returns false.
 */
bool auth_password_verify(const char *hash, const char *pw);

/* A new random session token (43 base64url characters). */
void auth_token_new(char out[AUTH_TOKEN_STRLEN]);
/* A new random API token: "svt_" and 43 base64url characters. */
void auth_api_token_new(char out[AUTH_API_TOKEN_STRLEN]);
/* The stored form of a token: hex BLAKE2b-256 of its text. */
void auth_token_hash(const char *token, char out[AUTH_HASH_STRLEN]);
/* True when token has the shape of a session token (or, api, of an API token). */
bool auth_token_well_formed(const char *token, bool api);
/* The CSRF token belonging to a session token. */
void auth_csrf_token(const char *session_token, char out[AUTH_TOKEN_STRLEN]);
/* Constant-time comparison of the CSRF token sent by a client. */
bool auth_csrf_valid(const char *session_token, const char *sent);

struct auth_policy {
	int64_t idle_ms;          /* a session unused this long expires */
	int64_t absolute_ms;      /* a session expires this long after login */
	int64_t window_ms;        /* the throttling window */
	int account_max_failures; /* failed logins per account in the window */
	int address_max_failures; /* failed logins per client address in the window */
};

/*
 * Defaults (Decisions, documented in docs/internals/http.md): idle 30
 * minutes, absolute 12 hours, at most 5 failures per account and 20 per
 * address within 15 minutes.
 */
void auth_policy_default(struct auth_policy *p);

/* True when a session created at created_ms and last used at last_ms is expired at now_ms. */
bool auth_session_expired(const struct auth_policy *p, int64_t created_ms, int64_t last_ms,
                          int64_t now_ms);
/* The moment (ms) a session expires if not used again. */
int64_t auth_session_expiry(const struct auth_policy *p, int64_t created_ms, int64_t last_ms);
/* True when another login attempt must be refused (failures counted within window_ms). */
bool auth_login_throttled(const struct auth_policy *p, int account_failures, int address_failures);

#endif
