/* Unit tests for the backend-independent parts of src/store/store.c:
 * the event hash, time formatting, vocabularies. */
#include "test.h"

#include <stdio.h>

#include "store/store_int.h"

/*
 * The canonical serialisation of docs/internals/store.md, written out by
 * hand for one event, and its SHA-256 computed independently of this code
 * (sha256 of these exact bytes):
 *   prev_hash (64 '0')
 *   "\nstegvis-event/1\n7\n7:case:42\n3\n1709283600000000\n5\n16:customer.created\n42\n"
 *   "R4:test" "\n18:{\"customer_id\":42}"
 */
static void hash_of_a_case_event(void **state)
{
	struct store_event e = {0};
	char h[STORE_HASH_HEX];

	snprintf(e.prev_hash, sizeof(e.prev_hash), "%064d", 0);
	e.chain = "case:42";
	e.seq = 3;
	e.at = 1709283600000000; /* 2024-03-01T09:00:00Z */
	e.actor = 5;
	e.kind = "customer.created";
	e.customer_id = 42;
	e.reason = "test";
	e.payload = "{\"customer_id\":42}";
	store_event_hash(7, &e, h);
	assert_string_equal(h, "51a7ff70710508168cfff9273ff2833264f2a31cead86c48fce9dcd3a1c9adae");

	/* Any change of any field changes the hash. */
	e.seq = 4;
	store_event_hash(7, &e, h);
	assert_string_not_equal(h,
	                        "51a7ff70710508168cfff9273ff2833264f2a31cead86c48fce9dcd3a1c9adae");
	e.seq = 3;
	store_event_hash(8, &e, h);
	assert_string_not_equal(h,
	                        "51a7ff70710508168cfff9273ff2833264f2a31cead86c48fce9dcd3a1c9adae");
	e.reason = NULL; /* no reason is not the same as an empty one */
	store_event_hash(7, &e, h);
	{
		char h2[STORE_HASH_HEX];
		e.reason = "";
		store_event_hash(7, &e, h2);
		assert_string_not_equal(h, h2);
	}
}

/* The admin chain's first event, without a reason: "-" stands for none. */
static void hash_of_an_admin_event(void **state)
{
	struct store_event e = {0};
	char h[STORE_HASH_HEX];

	snprintf(e.prev_hash, sizeof(e.prev_hash), "%064d", 0);
	e.chain = "admin";
	e.seq = 1;
	e.kind = "user.created";
	e.payload = "{}";
	store_event_hash(7, &e, h);
	assert_string_equal(h, "6feca8789bd04fc6440c619867d2267bf6de0c467088779afeb57962c6a79a76");
}

static void time_format_is_utc_iso8601(void **state)
{
	char b[STORE_TIME_STRLEN];

	/* 19783 days after 1970-01-01 is 2024-03-01; + 9 h + 0.000123 s. */
	assert_string_equal(store_time_format((19783LL * 86400 + 9 * 3600) * 1000000 + 123, b),
	                    "2024-03-01T09:00:00.000123Z");
	assert_string_equal(store_time_format(0, b), "1970-01-01T00:00:00.000000Z");
	/* One µs before the epoch. */
	assert_string_equal(store_time_format(-1, b), "1969-12-31T23:59:59.999999Z");
}

static void vocabularies(void **state)
{
	struct sv_error e = SV_ERROR_INIT;

	/* KV-1 / JP-0: the scheme follows from the intervention code. */
	assert_string_equal(store_intervention_scheme("FAI2"), "FAI");
	assert_string_equal(store_intervention_scheme("AMI1"), "AMI");
	assert_string_equal(store_intervention_scheme("ISA2"), "ISA");
	assert_string_equal(store_intervention_scheme("JP"), "JOBBPENG");
	assert_null(store_intervention_scheme("AMI3"));
	assert_true(store_role_valid("provider_staff"));
	assert_false(store_role_valid("root"));
	assert_true(store_scheme_valid("JOBBPENG"));
	assert_false(store_scheme_valid("jobbpeng"));
	assert_true(store_intervention_state_valid("ended"));
	assert_rc(store_check_enum("x", store_channels, "contacts[0].channel", true, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "contacts[0].channel");
	assert_string_equal(e.rule, "store:enum");
	assert_non_null(strstr(e.msg, "phone, sms, email, letter"));
	sv_error_clear(&e);
	assert_rc(store_check_enum(NULL, store_channels, "channel", true, &e), SV_EINVAL);
	assert_string_equal(e.rule, "store:required");
	assert_ok(store_check_enum(NULL, store_channels, "channel", false, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(hash_of_a_case_event),
	        cmocka_unit_test(hash_of_an_admin_event),
	        cmocka_unit_test(time_format_is_utc_iso8601),
	        cmocka_unit_test(vocabularies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
