/* Unit tests for src/service/auth.c and authz.c: credentials and the X-3 table. */
#include "test.h"

#include <stdio.h>

#include "service/auth.h"
#include "service/authz.h"

static int setup(void **state)
{
	return auth_init() == SV_OK ? 0 : -1;
}

static void password_hash_round_trip(void **state)
{
	char h1[AUTH_PWHASH_MAX], h2[AUTH_PWHASH_MAX];

	assert_ok(auth_password_hash("korrekt häst batteri", h1));
	assert_ok(auth_password_hash("korrekt häst batteri", h2));
	/* argon2id with the parameters of auth.h, random salt each time. */
	assert_int_equal(strncmp(h1, "$argon2id$v=19$m=19456,t=2,p=1$", 31), 0);
	assert_string_not_equal(h1, h2);
	assert_true(auth_password_verify(h1, "korrekt häst batteri"));
	assert_false(auth_password_verify(h1, "korrekt häst batteri "));
	assert_false(auth_password_verify(h1, ""));
	assert_false(auth_password_verify(NULL, "korrekt häst batteri"));
	assert_false(auth_password_verify("not a hash", "x"));
}

static void password_policy(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	char long_pw[AUTH_PASSWORD_MAX + 2];

	assert_rc(auth_password_check("kort", "password", &err), SV_EINVAL);
	assert_string_equal(err.field, "password");
	assert_string_equal(err.rule, "AUTH-1");
	sv_error_clear(&err);
	assert_rc(auth_password_check("tolv tecken\t", "password", &err), SV_EINVAL);
	memset(long_pw, 'a', sizeof(long_pw) - 1);
	long_pw[sizeof(long_pw) - 1] = '\0';
	assert_rc(auth_password_check(long_pw, "password", NULL), SV_EINVAL);
	assert_ok(auth_password_check("exakt12tecke", "password", NULL));
}

static void tokens_are_random_well_formed_and_hashed(void **state)
{
	char t1[AUTH_TOKEN_STRLEN], t2[AUTH_TOKEN_STRLEN], api[AUTH_API_TOKEN_STRLEN];
	char h1[AUTH_HASH_STRLEN], h1b[AUTH_HASH_STRLEN], h2[AUTH_HASH_STRLEN];

	auth_token_new(t1);
	auth_token_new(t2);
	assert_int_equal(strlen(t1), 43);
	assert_string_not_equal(t1, t2);
	assert_true(auth_token_well_formed(t1, false));
	assert_false(auth_token_well_formed(t1, true));
	auth_api_token_new(api);
	assert_int_equal(strncmp(api, "svt_", 4), 0);
	assert_true(auth_token_well_formed(api, true));
	assert_false(auth_token_well_formed(api, false));
	assert_false(auth_token_well_formed("abc", false));
	assert_false(auth_token_well_formed(NULL, false));
	auth_token_hash(t1, h1);
	auth_token_hash(t1, h1b);
	auth_token_hash(t2, h2);
	assert_int_equal(strlen(h1), 64);
	assert_string_equal(h1, h1b);
	assert_string_not_equal(h1, h2);
	/* BLAKE2b-256 of the empty string (RFC 7693 family, libsodium test vector). */
	auth_token_hash("", h1);
	assert_string_equal(h1, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

static void csrf_token_is_bound_to_session(void **state)
{
	char s1[AUTH_TOKEN_STRLEN], s2[AUTH_TOKEN_STRLEN];
	char c1[AUTH_TOKEN_STRLEN], c1b[AUTH_TOKEN_STRLEN];

	auth_token_new(s1);
	auth_token_new(s2);
	auth_csrf_token(s1, c1);
	auth_csrf_token(s1, c1b);
	assert_string_equal(c1, c1b);
	assert_string_not_equal(c1, s1);
	assert_true(auth_csrf_valid(s1, c1));
	assert_false(auth_csrf_valid(s2, c1));
	assert_false(auth_csrf_valid(s1, NULL));
	assert_false(auth_csrf_valid(s1, ""));
	c1[0] = c1[0] == 'A' ? 'B' : 'A';
	assert_false(auth_csrf_valid(s1, c1));
}

static void session_expiry_idle_and_absolute(void **state)
{
	struct auth_policy p;
	int64_t t0 = 1700000000000;

	auth_policy_default(&p);
	/* Idle 30 min = 1,800,000 ms; absolute 12 h = 43,200,000 ms. */
	assert_false(auth_session_expired(&p, t0, t0, t0 + 1799999));
	assert_true(auth_session_expired(&p, t0, t0, t0 + 1800000));
	/* Used every 20 minutes it lives until the absolute limit. */
	assert_false(auth_session_expired(&p, t0, t0 + 43000000, t0 + 43199999));
	assert_true(auth_session_expired(&p, t0, t0 + 43000000, t0 + 43200000));
	assert_int_equal(auth_session_expiry(&p, t0, t0), t0 + 1800000);
	assert_int_equal(auth_session_expiry(&p, t0, t0 + 43000000), t0 + 43200000);
}

static void throttling(void **state)
{
	struct auth_policy p;

	auth_policy_default(&p);
	assert_false(auth_login_throttled(&p, 4, 19));
	assert_true(auth_login_throttled(&p, 5, 0));
	assert_true(auth_login_throttled(&p, 0, 20));
}

static void role_names_round_trip(void **state)
{
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
		assert_int_equal(authz_role_parse(authz_role_name((enum sv_role)r)), r);
	assert_int_equal(authz_role_parse("root"), ROLE_NONE);
	assert_int_equal(authz_role_parse(""), ROLE_NONE);
	assert_int_equal(authz_role_parse(NULL), ROLE_NONE);
	for (int a = 0; a < ACT_COUNT; a++)
		assert_true(authz_action_name((enum authz_action)a)[0] != '\0');
}

static void x3_table(void **state)
{
	/* provider roles never reach beyond their provider. */
	for (int a = 0; a < ACT_COUNT; a++) {
		enum authz_scope s1 = authz_scope_of(ROLE_PROVIDER_STAFF, (enum authz_action)a);
		enum authz_scope s2 = authz_scope_of(ROLE_PROVIDER_ADMIN, (enum authz_action)a);
		assert_true(s1 == SCOPE_NONE || s1 == SCOPE_PROVIDER);
		assert_true(s2 == SCOPE_NONE || s2 == SCOPE_PROVIDER);
	}
	/* only the dpo lists the access log and makes register extracts. */
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++) {
		bool dpo = r == ROLE_DPO;
		assert_int_equal(authz_scope_of((enum sv_role)r, ACT_ACCESSLOG_READ) == SCOPE_ALL,
		                 dpo);
		assert_int_equal(authz_scope_of((enum sv_role)r, ACT_REGISTER_EXTRACT) == SCOPE_ALL,
		                 dpo);
	}
	assert_int_equal(authz_scope_of(ROLE_COUNSELLOR, ACT_CUSTOMER_READ), SCOPE_UNIT);
	assert_int_equal(authz_scope_of(ROLE_COUNSELLOR, ACT_CUSTOMER_WRITE), SCOPE_OWN);
	assert_int_equal(authz_scope_of(ROLE_ADMIN, ACT_CUSTOMER_READ), SCOPE_NONE);
	assert_int_equal(authz_scope_of(ROLE_FINANCE, ACT_INTERVENTION_READ), SCOPE_ALL);
	assert_int_equal(authz_scope_of(ROLE_NONE, ACT_UNIT_READ), SCOPE_NONE);
	assert_int_equal(authz_scope_of((enum sv_role)99, ACT_UNIT_READ), SCOPE_NONE);
}

static void kv81_protected_identities(void **state)
{
	struct actor a = {.user_id = 1, .role = ROLE_COUNSELLOR, .protected_access = false};

	assert_false(authz_sees_protected(&a));
	a.protected_access = true;
	assert_true(authz_sees_protected(&a));
	/* Never sent to a provider, even when the flag is set by mistake. */
	a.role = ROLE_PROVIDER_ADMIN;
	assert_false(authz_sees_protected(&a));
	a.role = ROLE_PROVIDER_STAFF;
	assert_false(authz_sees_protected(&a));
	assert_false(authz_sees_protected(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(password_hash_round_trip),
	        cmocka_unit_test(password_policy),
	        cmocka_unit_test(tokens_are_random_well_formed_and_hashed),
	        cmocka_unit_test(csrf_token_is_bound_to_session),
	        cmocka_unit_test(session_expiry_idle_and_absolute),
	        cmocka_unit_test(throttling),
	        cmocka_unit_test(role_names_round_trip),
	        cmocka_unit_test(x3_table),
	        cmocka_unit_test(kv81_protected_identities),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
