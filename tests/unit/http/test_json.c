/* Unit tests for src/util/json.c: strict request-body decoding. */
#include "test.h"

#include <stdbool.h>
#include <stdio.h>

#include "stegvis/json.h"

struct address {
	const char *street;
	const char *city;
};

struct person {
	const char *name;
	int64_t hours;
	bool active;
	sv_date start;
	int scheme;
	struct address addr;
	char code[8];
	uint64_t present;
};

static const char *const schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG", NULL};

/* A rule check for JT_CHECK: exactly four digits (a stand-in rule "R-1"). */
static enum sv_rc four_digits(const char *s, size_t len, void *target, const char *field,
                              struct sv_error *err)
{
	if (len != 4 || strspn(s, "0123456789") != 4)
		return sv_error_set(err, SV_EINVAL, field, "R-1", "expected four digits");
	memcpy(target, s, 4);
	((char *)target)[4] = '\0';
	return SV_OK;
}

static const struct json_field address_fields[] = {
        {"street", JT_STRING, JF_REQUIRED, offsetof(struct address, street), 1, 20, NULL, NULL,
         NULL},
        {"city", JT_STRING, 0, offsetof(struct address, city), 0, 0, NULL, NULL, NULL},
};
static const struct json_schema address_schema = {address_fields, 2, JSON_NO_PRESENT};

static const struct json_field person_fields[] = {
        {"name", JT_STRING, JF_REQUIRED, offsetof(struct person, name), 1, 20, NULL, NULL, NULL},
        {"hours", JT_INT, 0, offsetof(struct person, hours), 0, 40, NULL, NULL, NULL},
        {"active", JT_BOOL, 0, offsetof(struct person, active), 0, 0, NULL, NULL, NULL},
        {"start", JT_DATE, JF_NULLABLE, offsetof(struct person, start), 0, 0, NULL, NULL, NULL},
        {"scheme", JT_ENUM, 0, offsetof(struct person, scheme), 0, 0, schemes, NULL, NULL},
        {"address", JT_OBJECT, 0, offsetof(struct person, addr), 0, 0, NULL, NULL, &address_schema},
        {"code", JT_CHECK, 0, offsetof(struct person, code), 0, 0, NULL, four_digits, NULL},
};
static const struct json_schema person_schema = {person_fields, 7,
                                                 offsetof(struct person, present)};

static enum sv_rc decode(const char *text, struct person *p, struct arena *a, struct json_errors *e)
{
	struct json_limits lim = {4096, 8};
	json_t *v = NULL;
	enum sv_rc rc;

	memset(p, 0, sizeof(*p));
	json_errors_init(e);
	rc = json_parse_body(text, strlen(text), &lim, &v, e);
	if (rc)
		return rc;
	rc = json_decode(v, &person_schema, p, a, "$", e);
	json_decref(v);
	return rc;
}

static void good_body_decodes_every_type(void **state)
{
	struct arena a;
	struct json_errors e;
	struct person p;

	arena_init(&a, 0, 0);
	assert_ok(decode("{\"name\":\"Åsa\",\"hours\":40,\"active\":true,\"start\":\"2024-02-29\","
	                 "\"scheme\":\"ISA\",\"address\":{\"street\":\"Storgatan 1\"},"
	                 "\"code\":\"0123\"}",
	                 &p, &a, &e));
	assert_int_equal(e.n, 0);
	assert_string_equal(p.name, "Åsa");
	assert_int_equal(p.hours, 40);
	assert_true(p.active);
	/* 2024-02-29: 19723 (2024-01-01) + 31 + 28 = 19782. */
	assert_int_equal(p.start, 19782);
	assert_int_equal(p.scheme, 2);
	assert_string_equal(p.addr.street, "Storgatan 1");
	assert_null(p.addr.city);
	assert_string_equal(p.code, "0123");
	/* Bits 0..6: every member present. */
	assert_int_equal(p.present, 0x7f);
	arena_release(&a);
}

static bool has_error(const struct json_errors *e, const char *path, const char *rule)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->items[i].path, path) && !strcmp(e->items[i].rule, rule))
			return true;
	return false;
}

static void every_error_is_collected_with_path_and_rule(void **state)
{
	struct arena a;
	struct json_errors e;
	struct person p;

	arena_init(&a, 0, 0);
	assert_rc(decode("{\"hours\":41,\"active\":\"yes\",\"start\":\"2023-02-29\","
	                 "\"scheme\":\"XYZ\",\"address\":{\"street\":\"\",\"zip\":1},"
	                 "\"code\":\"12a4\",\"nickname\":\"x\"}",
	                 &p, &a, &e),
	          SV_EINVAL);
	assert_true(has_error(&e, "$.name", "required"));
	assert_true(has_error(&e, "$.hours", "range"));
	assert_true(has_error(&e, "$.active", "type"));
	/* 2023 is no leap year: 29 February does not exist (ISO-8601). */
	assert_true(has_error(&e, "$.start", "ISO-8601"));
	assert_true(has_error(&e, "$.scheme", "enum"));
	assert_true(has_error(&e, "$.address.street", "min_length"));
	assert_true(has_error(&e, "$.address.zip", "unknown_field"));
	assert_true(has_error(&e, "$.code", "R-1"));
	assert_true(has_error(&e, "$.nickname", "unknown_field"));
	assert_int_equal(e.n, 9);
	assert_true(e.structural);
	arena_release(&a);
}

static void value_errors_alone_are_not_structural(void **state)
{
	struct arena a;
	struct json_errors e;
	struct person p;
	json_t *arr;

	arena_init(&a, 0, 0);
	assert_rc(decode("{\"name\":\"x\",\"start\":\"2024-13-01\"}", &p, &a, &e), SV_EINVAL);
	assert_int_equal(e.n, 1);
	assert_false(e.structural);
	arr = json_errors_to_json(&e);
	assert_int_equal(json_array_size(arr), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "field")),
	                    "$.start");
	json_decref(arr);
	/* null is accepted for a nullable member and counts as present. */
	assert_ok(decode("{\"name\":\"x\",\"start\":null}", &p, &a, &e));
	assert_int_equal(p.present, 0x9);
	arena_release(&a);
}

static void limits_syntax_and_shape(void **state)
{
	struct arena a;
	struct json_errors e;
	struct person p;
	char deep[64];

	arena_init(&a, 0, 0);
	/* Nine levels of arrays inside the object: depth 10 > 8. */
	snprintf(deep, sizeof(deep), "{\"name\":[[[[[[[[[1]]]]]]]]]}");
	assert_rc(decode(deep, &p, &a, &e), SV_EINVAL);
	assert_true(has_error(&e, "$", "X-4.depth"));
	assert_rc(decode("{\"name\":\"a\",\"name\":\"b\"}", &p, &a, &e), SV_EINVAL);
	assert_true(has_error(&e, "$", "JSON"));
	assert_rc(decode("[1,2]", &p, &a, &e), SV_EINVAL);
	assert_true(has_error(&e, "$", "type"));
	assert_rc(decode("{\"name\":\"a\"", &p, &a, &e), SV_EINVAL);
	assert_true(has_error(&e, "$", "JSON"));
	assert_rc(decode("", &p, &a, &e), SV_EINVAL);
	/* Brackets inside strings do not count as nesting. */
	assert_int_equal(json_nesting_depth("{\"a\":\"[[[[\\\"[[[\"}", 16), 1);
	{
		struct json_limits lim = {10, 0};
		json_t *v;
		json_errors_init(&e);
		assert_rc(json_parse_body("{\"name\":\"abcdef\"}", 17, &lim, &v, &e), SV_ENOMEM);
		assert_true(has_error(&e, "$", "X-4.size"));
		assert_null(v);
	}
	/* A NUL escape and a control character in a string are refused. */
	assert_rc(decode("{\"name\":\"a\\u0000b\"}", &p, &a, &e), SV_EINVAL);
	assert_rc(decode("{\"name\":\"a\\u0007b\"}", &p, &a, &e), SV_EINVAL);
	assert_true(has_error(&e, "$.name", "control_char"));
	arena_release(&a);
}

static void error_list_is_capped(void **state)
{
	struct json_errors e;

	json_errors_init(&e);
	for (int i = 0; i < JSON_MAX_ERRORS + 5; i++)
		json_errors_add(&e, false, "$.x", "r", "n%d", i);
	assert_int_equal(e.n, JSON_MAX_ERRORS);
	assert_true(e.truncated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(good_body_decodes_every_type),
	        cmocka_unit_test(every_error_is_collected_with_path_and_rule),
	        cmocka_unit_test(value_errors_alone_are_not_structural),
	        cmocka_unit_test(limits_syntax_and_shape),
	        cmocka_unit_test(error_list_is_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
