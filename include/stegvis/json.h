/*
 * json.h - strict decoding of JSON request bodies on top of jansson.
 *
 * A body goes through two steps:
 *
 *  1. json_parse_body(): size cap, nesting-depth cap (checked by a scan
 *     before jansson sees the text), syntax, duplicate keys, a top-level
 *     object. Each failure is one field error on "$".
 *  2. json_decode(): a declarative schema (a table of struct json_field)
 *     copies each member into a typed C struct, checking the type, required
 *     members, lengths, ranges, enumerations and rule checks (ISO-8601 dates,
 *     identity numbers, ...). Members the schema does not name are rejected.
 *     Every problem is collected, not only the first, each with its JSON path
 *     ("$.authorisations[1].scheme"), the rule broken and a message.
 *
 * Errors are of two kinds: structural (syntax, size, depth, type, unknown or
 * missing member: the client sent the wrong shape, HTTP 400) and semantic (a
 * well-typed value that breaks a rule: HTTP 422). json_errors.structural
 * tells which; the HTTP layer picks the status.
 *
 * Strings copied by json_decode() live in the caller's arena.
 */
#ifndef SV_JSON_H
#define SV_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stegvis/arena.h"
#include "stegvis/date.h"
#include "stegvis/err.h"

#define JSON_MAX_ERRORS 32

struct json_field_error {
	char path[128];
	char rule[32];
	char msg[192];
};

struct json_errors {
	struct json_field_error items[JSON_MAX_ERRORS];
	size_t n;
	bool truncated;  /* more errors than JSON_MAX_ERRORS were found */
	bool structural; /* at least one error is about shape, not value */
};

void json_errors_init(struct json_errors *e);
/* Add one error; past JSON_MAX_ERRORS it only sets truncated. */
void json_errors_add(struct json_errors *e, bool structural, const char *path, const char *rule,
                     const char *fmt, ...) SV_PRINTF(5, 6);
/* Add the detail of an sv_error under path (err->field is appended when set). */
void json_errors_add_sv(struct json_errors *e, const char *path, const struct sv_error *err);
/*
 * [{"field": path, "rule": rule, "message": msg}, ...] as a new reference;
 * NULL when out of memory.
 */
json_t *json_errors_to_json(const struct json_errors *e);

struct json_limits {
	size_t max_bytes; /* 0: no cap */
	size_t max_depth; /* nesting of objects and arrays; 0: no cap */
};

/*
 * Parse a request body that must be one JSON object. On success *out holds a
 * new reference the caller json_decref()s. On failure returns SV_EINVAL (or
 * SV_ENOMEM for the size cap) with one structural error on "$" whose rule is
 * "X-4.size", "X-4.depth", "JSON" (syntax, duplicate key, bad UTF-8) or
 * "type" (not an object).
 */
enum sv_rc json_parse_body(const char *data, size_t len, const struct json_limits *lim,
                           json_t **out, struct json_errors *errs) SV_WUR;

/* Deepest nesting of objects/arrays in text, scanning outside strings only. */
size_t json_nesting_depth(const char *data, size_t len);

enum json_type_kind {
	JT_STRING, /* const char * (arena copy); min/max: length in bytes */
	JT_INT,    /* int64_t; min/max: inclusive range */
	JT_BOOL,   /* bool */
	JT_DATE,   /* sv_date, ISO-8601 "YYYY-MM-DD" */
	JT_ENUM,   /* int: index into values */
	JT_OBJECT, /* nested struct at offset, decoded with sub */
	JT_CHECK,  /* a string handed to check(), which fills the target itself */
};

#define JF_REQUIRED 0x1u /* absent member is an error */
#define JF_NULLABLE 0x2u /* null is accepted and leaves the target untouched */

struct json_schema;

struct json_field {
	const char *name;
	enum json_type_kind type;
	unsigned flags;
	size_t offset; /* of the target inside the decoded struct */
	int64_t min, max;
	const char *const *values; /* JT_ENUM: NULL-terminated */
	/* JT_CHECK: validate s[0..len) and store the result at target. */
	enum sv_rc (*check)(const char *s, size_t len, void *target, const char *field,
	                    struct sv_error *err);
	const struct json_schema *sub; /* JT_OBJECT */
};

struct json_schema {
	const struct json_field *fields;
	size_t nfields;
	/*
	 * Offset of a uint64_t bitmask in the decoded struct: bit i is set when
	 * member fields[i] was present (null included). SIZE_MAX: none. At most
	 * 64 fields when used.
	 */
	size_t present_offset;
};

#define JSON_NO_PRESENT ((size_t)-1)

/*
 * Decode object v into out (a struct laid out as s describes), appending
 * every error to errs under path (use "$" for the top). Returns SV_OK when
 * no error was added, SV_EINVAL otherwise, SV_ENOMEM when the arena ran out.
 */
enum sv_rc json_decode(const json_t *v, const struct json_schema *s, void *out, struct arena *a,
                       const char *path, struct json_errors *errs) SV_WUR;

/* The JSON type name of v ("string", "number", "object", ...) for messages. */
const char *json_type_name(const json_t *v);

#endif
