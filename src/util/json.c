/* Strict JSON body decoding (see json.h). */
#include "stegvis/json.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t dstsz, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= dstsz)
		n = dstsz - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void json_errors_init(struct json_errors *e)
{
	e->n = 0;
	e->truncated = false;
	e->structural = false;
}

void json_errors_add(struct json_errors *e, bool structural, const char *path, const char *rule,
                     const char *fmt, ...)
{
	struct json_field_error *fe;
	va_list ap;

	if (structural)
		e->structural = true;
	if (e->n >= JSON_MAX_ERRORS) {
		e->truncated = true;
		return;
	}
	fe = &e->items[e->n++];
	copy(fe->path, sizeof(fe->path), path);
	copy(fe->rule, sizeof(fe->rule), rule);
	va_start(ap, fmt);
	vsnprintf(fe->msg, sizeof(fe->msg), fmt, ap);
	va_end(ap);
}

void json_errors_add_sv(struct json_errors *e, const char *path, const struct sv_error *err)
{
	json_errors_add(e, false, err->field[0] ? err->field : path,
	                err->rule[0] ? err->rule : "X-4", "%s",
	                err->msg[0] ? err->msg : sv_strerror(err->rc));
}

json_t *json_errors_to_json(const struct json_errors *e)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < e->n; i++) {
		json_t *o = json_pack("{s:s,s:s,s:s}", "field", e->items[i].path, "rule",
		                      e->items[i].rule, "message", e->items[i].msg);
		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

size_t json_nesting_depth(const char *data, size_t len)
{
	size_t depth = 0, deepest = 0;
	bool in_string = false, escaped = false;

	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	return deepest;
}

const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "unknown";
}

enum sv_rc json_parse_body(const char *data, size_t len, const struct json_limits *lim,
                           json_t **out, struct json_errors *errs)
{
	json_error_t jerr;
	json_t *v;
	size_t depth;

	*out = NULL;
	if (lim && lim->max_bytes && len > lim->max_bytes) {
		json_errors_add(errs, true, "$", "X-4.size", "body of %zu bytes exceeds %zu bytes",
		                len, lim->max_bytes);
		return SV_ENOMEM;
	}
	if (len == 0) {
		json_errors_add(errs, true, "$", "JSON", "empty body, expected a JSON object");
		return SV_EINVAL;
	}
	depth = json_nesting_depth(data, len);
	if (lim && lim->max_depth && depth > lim->max_depth) {
		json_errors_add(errs, true, "$", "X-4.depth", "nesting depth %zu exceeds %zu",
		                depth, lim->max_depth);
		return SV_EINVAL;
	}
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		json_errors_add(errs, true, "$", "JSON", "line %d column %d: %s", jerr.line,
		                jerr.column, jerr.text);
		return SV_EINVAL;
	}
	if (!json_is_object(v)) {
		json_errors_add(errs, true, "$", "type", "expected an object, got %s",
		                json_type_name(v));
		json_decref(v);
		return SV_EINVAL;
	}
	*out = v;
	return SV_OK;
}

static const struct json_field *find_field(const struct json_schema *s, const char *name,
                                           size_t *idx)
{
	for (size_t i = 0; i < s->nfields; i++) {
		if (!strcmp(s->fields[i].name, name)) {
			*idx = i;
			return &s->fields[i];
		}
	}
	return NULL;
}

static enum sv_rc decode_member(const struct json_field *f, const json_t *m, void *target,
                                struct arena *a, const char *path, struct json_errors *errs)
{
	struct sv_error err = SV_ERROR_INIT;
	const char *want = NULL;

	switch (f->type) {
	case JT_STRING:
	case JT_DATE:
	case JT_ENUM:
	case JT_CHECK:
		if (!json_is_string(m))
			want = "string";
		break;
	case JT_INT:
		if (!json_is_integer(m))
			want = "integer";
		break;
	case JT_BOOL:
		if (!json_is_boolean(m))
			want = "boolean";
		break;
	case JT_OBJECT:
		if (!json_is_object(m))
			want = "object";
		break;
	}
	if (want) {
		json_errors_add(errs, true, path, "type", "expected %s, got %s", want,
		                json_type_name(m));
		return SV_EINVAL;
	}

	switch (f->type) {
	case JT_STRING: {
		size_t len = json_string_length(m);
		const char *s = json_string_value(m);
		char **dst = target;
		if (f->min > 0 && len < (size_t)f->min) {
			json_errors_add(errs, false, path, "min_length",
			                "must be at least %" PRId64 " bytes", f->min);
			return SV_EINVAL;
		}
		if (f->max > 0 && len > (size_t)f->max) {
			json_errors_add(errs, false, path, "max_length",
			                "must be at most %" PRId64 " bytes", f->max);
			return SV_EINVAL;
		}
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
				json_errors_add(errs, false, path, "control_char",
				                "control character at byte %zu", i);
				return SV_EINVAL;
			}
		}
		*dst = arena_strndup(a, s, len);
		return *dst ? SV_OK : SV_ENOMEM;
	}
	case JT_INT: {
		json_int_t v = json_integer_value(m);
		if ((f->min || f->max) && (v < f->min || v > f->max)) {
			json_errors_add(errs, false, path, "range",
			                "must be between %" PRId64 " and %" PRId64, f->min, f->max);
			return SV_EINVAL;
		}
		*(int64_t *)target = v;
		return SV_OK;
	}
	case JT_BOOL:
		*(bool *)target = json_is_true(m);
		return SV_OK;
	case JT_DATE:
		if (date_parse(json_string_value(m), json_string_length(m), target, path, &err)) {
			json_errors_add_sv(errs, path, &err);
			return SV_EINVAL;
		}
		return SV_OK;
	case JT_ENUM:
		for (int i = 0; f->values && f->values[i]; i++) {
			if (!strcmp(f->values[i], json_string_value(m)) &&
			    strlen(f->values[i]) == json_string_length(m)) {
				*(int *)target = i;
				return SV_OK;
			}
		}
		json_errors_add(errs, false, path, "enum", "not one of the allowed values");
		return SV_EINVAL;
	case JT_CHECK:
		if (f->check(json_string_value(m), json_string_length(m), target, path, &err)) {
			if (err.rc == SV_ENOMEM)
				return SV_ENOMEM;
			json_errors_add_sv(errs, path, &err);
			return SV_EINVAL;
		}
		return SV_OK;
	case JT_OBJECT:
		return json_decode(m, f->sub, target, a, path, errs);
	}
	return SV_EINVAL;
}

enum sv_rc json_decode(const json_t *v, const struct json_schema *s, void *out, struct arena *a,
                       const char *path, struct json_errors *errs)
{
	const char *key;
	json_t *m;
	uint64_t present = 0;
	size_t before = errs->n;
	bool truncated_before = errs->truncated;
	char sub[256];
	enum sv_rc rc;

	if (!json_is_object(v)) {
		json_errors_add(errs, true, path, "type", "expected object, got %s",
		                json_type_name(v));
		return SV_EINVAL;
	}
	json_object_foreach((json_t *)v, key, m)
	{
		size_t idx = 0;
		const struct json_field *f = find_field(s, key, &idx);

		/* A key with a '.' or '[' would make the path ambiguous: quote it. */
		if (strpbrk(key, ".[]\"") || strlen(key) > 64)
			snprintf(sub, sizeof(sub), "%s[\"%.64s\"]", path, key);
		else
			snprintf(sub, sizeof(sub), "%s.%s", path, key);
		if (!f) {
			json_errors_add(errs, true, sub, "unknown_field",
			                "not a member of this object");
			continue;
		}
		if (idx < 64)
			present |= (uint64_t)1 << idx;
		if (json_is_null(m) && (f->flags & JF_NULLABLE))
			continue;
		if (json_is_null(m) && (f->flags & JF_REQUIRED)) {
			json_errors_add(errs, true, sub, "required", "must not be null");
			continue;
		}
		rc = decode_member(f, m, (char *)out + f->offset, a, sub, errs);
		if (rc == SV_ENOMEM)
			return rc;
	}
	for (size_t i = 0; i < s->nfields; i++) {
		if ((s->fields[i].flags & JF_REQUIRED) && !json_object_get(v, s->fields[i].name)) {
			snprintf(sub, sizeof(sub), "%s.%s", path, s->fields[i].name);
			json_errors_add(errs, true, sub, "required", "is required");
		}
	}
	if (s->present_offset != JSON_NO_PRESENT)
		*(uint64_t *)((char *)out + s->present_offset) = present;
	return errs->n == before && errs->truncated == truncated_before ? SV_OK : SV_EINVAL;
}
