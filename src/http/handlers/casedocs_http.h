/*
 * casedocs_http.h - small helpers shared by the handlers of documents,
 * absence, messages, meetings, incidents and staff changes: query
 * parameters (X-4: a bad value is 400 naming the parameter), errors of the
 * use cases with the field as a JSON path of the body, a raw JSON body for
 * the members a schema cannot describe (a report's sections), and JSON for
 * dates and times.
 */
#ifndef SV_HTTP_CASEDOCS_HTTP_H
#define SV_HTTP_CASEDOCS_HTTP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

/* ?name=<positive id>; *out 0 when absent. */
static inline bool cd_query_id(struct http_req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end;
	long long n;

	*out = 0;
	if (!v)
		return true;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		http_error(r, 400, NULL, "X-4", "query parameter %s must be a positive id", name);
		return false;
	}
	*out = n;
	return true;
}

/* ?name=true|false; *out false when absent. */
static inline bool cd_query_bool(struct http_req *r, const char *name, bool *out)
{
	const char *v = http_query(r, name);

	*out = false;
	if (!v)
		return true;
	if (!strcmp(v, "true") || !strcmp(v, "false")) {
		*out = v[0] == 't';
		return true;
	}
	http_error(r, 400, NULL, "X-4", "query parameter %s must be true or false", name);
	return false;
}

/*
 * The error of a use case. Bad input (SV_EINVAL) names its field as a JSON
 * path of the body ("$.sections.absence") unless it is a path parameter.
 */
static inline void cd_fail(struct http_req *r, enum sv_rc rc, const struct sv_error *err)
{
	struct sv_error e = *err;

	if ((rc == SV_EINVAL || rc == SV_ERANGE) && e.field[0] && e.field[0] != '$' &&
	    strcmp(e.field, "id") && strcmp(e.field, "intervention_id")) {
		char f[sizeof(e.field)];
		snprintf(f, sizeof(f), "$.%s", e.field);
		snprintf(e.field, sizeof(e.field), "%s", f);
	}
	http_error_rc(r, rc, &e);
}

/*
 * The request body as a JSON object (X-4: content type, size, depth,
 * syntax). With optional, an empty body gives *out NULL. On failure the
 * error response is set and false returned.
 */
static inline bool cd_body_object(struct http_req *r, bool optional, json_t **out)
{
	const struct http_config *c = http_config_of(r);
	struct json_limits lim = {c->max_body, c->max_depth};
	struct json_errors errs;
	const char *ct = http_header(r, "Content-Type");

	*out = NULL;
	if (r->body_too_large) {
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", c->max_body);
		return false;
	}
	if (optional && r->body.len == 0)
		return true;
	if (!ct || strncmp(ct, "application/json", 16) || (ct[16] && ct[16] != ';')) {
		http_error(r, 415, NULL, "X-4", "the body must be application/json");
		return false;
	}
	json_errors_init(&errs);
	switch (json_parse_body(r->body.data, r->body.len, &lim, out, &errs)) {
	case SV_OK:
		return true;
	case SV_ENOMEM:
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", c->max_body);
		return false;
	default:
		http_error_fields(r, &errs);
		return false;
	}
}

/* A structural error of a body member (400). */
static inline void cd_bad_member(struct http_req *r, const char *path, const char *msg)
{
	struct json_errors errs;

	json_errors_init(&errs);
	json_errors_add(&errs, true, path, "X-4", "%s", msg);
	http_error_fields(r, &errs);
}

/* JSON for an optional id. */
static inline json_t *cd_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

#endif
