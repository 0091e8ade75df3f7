/*
 * libFuzzer target: request bodies through the strict JSON decoding of the
 * API: size and depth caps, syntax, unknown members, types, dates and
 * enumerations, into an arena. Must never crash, leak or accept a body that
 * breaks the schema without an error.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stegvis/arena.h"
#include "stegvis/json.h"

struct inner {
	const char *street;
	int64_t n;
};

struct body {
	const char *name;
	int64_t count;
	bool flag;
	sv_date day;
	int kind;
	struct inner in;
	uint64_t present;
};

static const char *const kinds[] = {"FAI", "AMI", "ISA", "JOBBPENG", NULL};

static const struct json_field inner_fields[] = {
        {"street", JT_STRING, JF_REQUIRED, offsetof(struct inner, street), 1, 40, NULL, NULL, NULL},
        {"n", JT_INT, 0, offsetof(struct inner, n), -5, 5, NULL, NULL, NULL},
};
static const struct json_schema inner_schema = {inner_fields, 2, JSON_NO_PRESENT};

static const struct json_field fields[] = {
        {"name", JT_STRING, JF_REQUIRED, offsetof(struct body, name), 1, 200, NULL, NULL, NULL},
        {"count", JT_INT, JF_NULLABLE, offsetof(struct body, count), 0, 1000, NULL, NULL, NULL},
        {"flag", JT_BOOL, 0, offsetof(struct body, flag), 0, 0, NULL, NULL, NULL},
        {"day", JT_DATE, JF_NULLABLE, offsetof(struct body, day), 0, 0, NULL, NULL, NULL},
        {"kind", JT_ENUM, 0, offsetof(struct body, kind), 0, 0, kinds, NULL, NULL},
        {"in", JT_OBJECT, 0, offsetof(struct body, in), 0, 0, NULL, NULL, &inner_schema},
};
static const struct json_schema schema = {fields, 6, offsetof(struct body, present)};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_limits lim = {4096, 16};
	struct json_errors errs;
	struct arena a;
	struct body b;
	json_t *v = NULL;
	enum sv_rc rc;

	memset(&b, 0, sizeof(b));
	arena_init(&a, 1024, 1 << 20);
	json_errors_init(&errs);
	rc = json_parse_body((const char *)data, size, &lim, &v, &errs);
	if (!rc) {
		rc = json_decode(v, &schema, &b, &a, "$", &errs);
		/* Accepted means: no error recorded and the required member is there. */
		if (!rc && (errs.n || !b.name))
			__builtin_trap();
		if (rc && rc != SV_ENOMEM && !errs.n)
			__builtin_trap();
		json_decref(v);
	} else if (!errs.n) {
		__builtin_trap();
	}
	{
		json_t *list = json_errors_to_json(&errs);
		json_decref(list);
	}
	arena_release(&a);
	return 0;
}
