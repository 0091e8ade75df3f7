/* Credentials and their policy (see auth.h). */
#include "service/auth.h"

#include <string.h>

#include <sodium.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT ((size_t)19 << 20)

enum sv_rc auth_init(void)
{
	return sodium_init() < 0 ? SV_ENOMEM : SV_OK;
}

enum sv_rc auth_password_check(const char *pw, const char *field, struct sv_error *err)
{
	size_t len = pw ? strlen(pw) : 0;

	if (len < AUTH_PASSWORD_MIN)
		return sv_error_set(err, SV_EINVAL, field, "AUTH-1",
		                    "a password needs at least %d characters", AUTH_PASSWORD_MIN);
	if (len > AUTH_PASSWORD_MAX)
		return sv_error_set(err, SV_EINVAL, field, "AUTH-1",
		                    "a password has at most %d bytes", AUTH_PASSWORD_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
			return sv_error_set(err, SV_EINVAL, field, "AUTH-1",
			                    "a password may not contain control characters");
	return SV_OK;
}

enum sv_rc auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX])
{
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return SV_ENOMEM;
	return SV_OK;
}

/* A valid argon2id hash of a random string nobody knows. */
static const char dummy_hash[AUTH_PWHASH_MAX] =
        "$argon2id$v=19$m=19456,t=2,p=1$bWbwKyvS6f/nEvi+BUB15g$"
        "2/OaoMteC7NXUiSOZfLxg61zroLikBLa8zyMvajgdvE";

bool auth_password_verify(const char *hash, const char *pw)
{
	if (!pw)
		pw = "";
	if (!hash || !*hash) {
		int spent = crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw));
		(void)spent;
		return false;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static void encode(const unsigned char *raw, char out[AUTH_TOKEN_STRLEN])
{
	sodium_bin2base64(out, AUTH_TOKEN_STRLEN, raw, 32,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_token_new(char out[AUTH_TOKEN_STRLEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	encode(raw, out);
	sodium_memzero(raw, sizeof(raw));
}

void auth_api_token_new(char out[AUTH_API_TOKEN_STRLEN])
{
	memcpy(out, AUTH_API_PREFIX, 4);
	auth_token_new(out + 4);
}

void auth_token_hash(const char *token, char out[AUTH_HASH_STRLEN])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_STRLEN, h, sizeof(h));
}

bool auth_token_well_formed(const char *token, bool api)
{
	size_t n;

	if (!token)
		return false;
	if (api) {
		if (strncmp(token, AUTH_API_PREFIX, 4))
			return false;
		token += 4;
	}
	n = strlen(token);
	if (n != AUTH_TOKEN_STRLEN - 1)
		return false;
	return strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
	       n;
}

void auth_csrf_token(const char *session_token, char out[AUTH_TOKEN_STRLEN])
{
	static const char label[] = "stegvis csrf v1";
	unsigned char key[32], h[32];

	crypto_generichash(key, sizeof(key), (const unsigned char *)session_token,
	                   strlen(session_token), NULL, 0);
	crypto_generichash(h, sizeof(h), (const unsigned char *)label, sizeof(label) - 1, key,
	                   sizeof(key));
	encode(h, out);
	sodium_memzero(key, sizeof(key));
}

bool auth_csrf_valid(const char *session_token, const char *sent)
{
	char want[AUTH_TOKEN_STRLEN];

	if (!session_token || !sent || strlen(sent) != AUTH_TOKEN_STRLEN - 1)
		return false;
	auth_csrf_token(session_token, want);
	return sodium_memcmp(want, sent, AUTH_TOKEN_STRLEN - 1) == 0;
}

void auth_policy_default(struct auth_policy *p)
{
	p->idle_ms = 30 * 60 * 1000;
	p->absolute_ms = 12 * 3600 * 1000;
	p->window_ms = 15 * 60 * 1000;
	p->account_max_failures = 5;
	p->address_max_failures = 20;
}

int64_t auth_session_expiry(const struct auth_policy *p, int64_t created_ms, int64_t last_ms)
{
	int64_t idle = last_ms + p->idle_ms, absolute = created_ms + p->absolute_ms;

	return idle < absolute ? idle : absolute;
}

bool auth_session_expired(const struct auth_policy *p, int64_t created_ms, int64_t last_ms,
                          int64_t now_ms)
{
	return now_ms >= auth_session_expiry(p, created_ms, last_ms);
}

bool auth_login_throttled(const struct auth_policy *p, int account_failures, int address_failures)
{
	return account_failures >= p->account_max_failures ||
	       address_failures >= p->address_max_failures;
}
