/*
 * POST /api/v1/imports: the import of docs/import-format.md through the API
 * (src/service/imports.h), for the admin into the tenant this server
 * serves. ?dry_run=true checks the file (everything is validated and
 * the obligations computed, then rolled back) and writes nothing.
 *
 * The body is the import document itself, far larger than an ordinary
 * request: the route has RF_LARGE_BODY (http_int.h, HTTP_LARGE_BODY_MAX).
 *
 * 200: {"dry_run", "units", "providers", "users", "customers",
 *       "interventions", "obligations"}.
 * 422: the error format with every bad record in error.fields (path, rule,
 *      message; the first 1000, as the command line prints them) and
 *      "errors_dropped", the number beyond those.
 */
#include "http/http.h"

#include <string.h>

#include "service/imports.h"

/* ?dry_run=true|false (absent: false); false with 400 set on another value. */
static bool query_dry_run(struct http_req *r, bool *out)
{
	const char *v = http_query(r, "dry_run");

	*out = false;
	if (!v || !strcmp(v, "false"))
		return true;
	if (!strcmp(v, "true")) {
		*out = true;
		return true;
	}
	http_error(r, 400, NULL, "X-4", "query parameter dry_run must be true or false");
	return false;
}

static json_t *field_json(const struct sv_error *e)
{
	return json_pack("{s:s,s:s,s:s}", "field", e->field, "rule", e->rule, "message",
	                 e->msg[0] ? e->msg : sv_strerror(e->rc));
}

/* 422 with the bad records (or the one error of err when there are none). */
static void bad_file(struct http_req *r, const struct store_import_report *rep,
                     const struct sv_error *err)
{
	json_t *fields = json_array(), *e, *body;
	size_t total = rep->nerrors + rep->nerrors_dropped;
	const char *rule = rep->nerrors ? rep->errors[0].rule : err->rule;
	char msg[160];

	if (!fields)
		goto oom;
	for (size_t i = 0; i < rep->nerrors; i++)
		if (json_array_append_new(fields, field_json(&rep->errors[i]))) {
			json_decref(fields);
			goto oom;
		}
	if (!rep->nerrors && json_array_append_new(fields, field_json(err))) {
		json_decref(fields);
		goto oom;
	}
	if (rep->nerrors)
		snprintf(msg, sizeof(msg), "%zu bad record%s; nothing was imported", total,
		         total == 1 ? "" : "s");
	else
		snprintf(msg, sizeof(msg), "%.120s; nothing was imported", err->msg);
	e = json_pack("{s:i,s:s,s:s,s:s,s:o}", "status", 422, "code", "invalid_input", "message",
	              msg, "request_id", r->rid, "fields", fields);
	if (e && rule && *rule)
		json_object_set_new(e, "rule", json_string(rule));
	body = e ? json_pack("{s:o,s:I}", "error", e, "errors_dropped",
	                     (json_int_t)rep->nerrors_dropped)
	         : NULL;
	if (!body)
		goto oom;
	http_json(r, 422, body);
	return;
oom:
	http_error(r, 500, NULL, NULL, "out of memory");
}

void h_imports_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_import_report rep = {0};
	const char *ct = http_header(r, "Content-Type");
	int64_t obligations = 0, t0;
	struct svc s;
	bool dry_run;
	enum sv_rc rc;

	if (!query_dry_run(r, &dry_run))
		return;
	if (r->body_too_large) {
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", r->body.max);
		return;
	}
	if (!ct || strncmp(ct, "application/json", 16) || (ct[16] && ct[16] != ';')) {
		http_error(r, 415, NULL, "X-4", "the body must be application/json");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = imports_run(&s, r->body.data, r->body.len, dry_run, "import", &rep, &obligations,
	                 &err);
	http_db_time(r, t0);
	if (rc == SV_EINVAL)
		bad_file(r, &rep, &err);
	else if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200,
		          json_pack("{s:b,s:I,s:I,s:I,s:I,s:I,s:I}", "dry_run", dry_run, "units",
		                    (json_int_t)rep.units, "providers", (json_int_t)rep.providers,
		                    "users", (json_int_t)rep.users, "customers",
		                    (json_int_t)rep.customers, "interventions",
		                    (json_int_t)rep.interventions, "obligations",
		                    (json_int_t)obligations));
	store_import_report_release(&rep);
}
