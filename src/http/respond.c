/*
 * Response helpers: JSON bodies, the error format, the choice of HTTP status
 * (only here, from enum sv_rc), body decoding and pagination parameters.
 */
#include "http/http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void http_json(struct http_req *r, int status, json_t *body)
{
	if (r->out)
		json_decref(r->out);
	r->status = status;
	r->out = body;
	r->raw = NULL;
	r->responded = true;
}

static const char *code_of(int status)
{
	switch (status) {
	case 400:
		return "bad_request";
	case 401:
		return "unauthenticated";
	case 403:
		return "forbidden";
	case 404:
		return "not_found";
	case 405:
		return "method_not_allowed";
	case 409:
		return "conflict";
	case 413:
		return "body_too_large";
	case 415:
		return "unsupported_media_type";
	case 422:
		return "invalid_input";
	case 429:
		return "too_many_requests";
	case 503:
		return "unavailable";
	default:
		return status >= 500 ? "internal_error" : "error";
	}
}

static SV_PRINTF(6, 0) void error_v(struct http_req *r, int status, const char *code,
                                    const char *rule, json_t *fields, const char *fmt, va_list ap)
{
	char msg[512];
	json_t *e;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	e = json_pack("{s:i,s:s,s:s,s:s}", "status", status, "code", code ? code : code_of(status),
	              "message", msg, "request_id", r->rid);
	if (e && rule && *rule)
		json_object_set_new(e, "rule", json_string(rule));
	if (e && fields)
		json_object_set_new(e, "fields", fields);
	else if (fields)
		json_decref(fields);
	http_json(r, status, e ? json_pack("{s:o}", "error", e) : NULL);
}

void http_error(struct http_req *r, int status, const char *code, const char *rule, const char *fmt,
                ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(r, status, code, rule, NULL, fmt, ap);
	va_end(ap);
}

static void error_fields(struct http_req *r, int status, const char *code, const char *rule,
                         json_t *fields, const char *fmt, ...) SV_PRINTF(6, 7);
static void error_fields(struct http_req *r, int status, const char *code, const char *rule,
                         json_t *fields, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(r, status, code, rule, fields, fmt, ap);
	va_end(ap);
}

int http_status_of(enum sv_rc rc)
{
	switch (rc) {
	case SV_OK:
		return 200;
	case SV_EINVAL:
	case SV_ERANGE:
		return 422;
	case SV_ENOTFOUND:
		return 404;
	case SV_ECONFLICT:
	case SV_ESTATE:
		return 409;
	case SV_EFORBIDDEN:
		return 403;
	case SV_EAUTH:
		return 401;
	case SV_ENOMEM:
		return 413;
	case SV_EDB:
	case SV_EIO:
		return 503;
	default:
		return 500;
	}
}

void http_error_rc(struct http_req *r, enum sv_rc rc, const struct sv_error *err)
{
	int status = http_status_of(rc);
	json_t *fields = NULL;

	if (status >= 500) {
		/* Database and internal detail stays in the log, never in a response. */
		log_emit(&http_config_of(r)->log, LOG_ERROR, "http.error", LOG_STR("rid", r->rid),
		         LOG_STR("rc", sv_strerror(rc)), LOG_STR("detail", err ? err->msg : ""),
		         LOG_END);
		http_error(r, status, NULL, NULL, "%s",
		           status == 503 ? "the database is unavailable" : "internal error");
		return;
	}
	if (status == 404) {
		/* the same answer whether the object is missing or out of scope. */
		http_error(r, 404, NULL, NULL, "no such object");
		return;
	}
	if (err && err->field[0]) {
		fields = json_pack("[{s:s,s:s,s:s}]", "field", err->field, "rule", err->rule,
		                   "message", err->msg[0] ? err->msg : sv_strerror(rc));
	}
	error_fields(r, status, NULL, err && err->rule[0] ? err->rule : NULL, fields, "%s",
	             err && err->msg[0] ? err->msg : sv_strerror(rc));
}

void http_error_fields(struct http_req *r, const struct json_errors *errs)
{
	int status = errs->structural ? 400 : 422;

	error_fields(r, status, NULL, "X-4", json_errors_to_json(errs),
	             "%zu field%s break%s a rule%s", errs->n, errs->n == 1 ? "" : "s",
	             errs->n == 1 ? "s" : "", errs->truncated ? " (list truncated)" : "");
}

bool http_body(struct http_req *r, const struct json_schema *s, void *out)
{
	const struct http_config *c = http_config_of(r);
	struct json_limits lim = {c->max_body, c->max_depth};
	struct json_errors errs;
	const char *ct = http_header(r, "Content-Type");
	json_t *v = NULL;
	enum sv_rc rc;

	if (r->body_too_large) {
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", c->max_body);
		return false;
	}
	if (!ct || strncmp(ct, "application/json", 16) || (ct[16] && ct[16] != ';')) {
		http_error(r, 415, NULL, "X-4", "the body must be application/json");
		return false;
	}
	json_errors_init(&errs);
	rc = json_parse_body(r->body.data, r->body.len, &lim, &v, &errs);
	if (rc == SV_ENOMEM) {
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", c->max_body);
		return false;
	}
	if (!rc)
		rc = json_decode(v, s, out, &r->arena, "$", &errs);
	json_decref(v);
	if (rc == SV_ENOMEM && !errs.n) {
		http_error(r, 413, NULL, "X-4.size", "the request needs too much memory");
		return false;
	}
	if (rc) {
		http_error_fields(r, &errs);
		return false;
	}
	return true;
}

/* A strict decimal int64 in 1..max; false otherwise. */
static bool parse_pos(const char *s, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || *s == '+' || *s == '-' || *s == ' ' || (s[0] == '0' && s[1]))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

bool http_param_id(struct http_req *r, size_t i, int64_t *id)
{
	if (i >= r->nparams || !parse_pos(r->params[i], INT64_MAX, id)) {
		http_error(r, 404, NULL, NULL, "no such object");
		return false;
	}
	return true;
}

bool http_page(struct http_req *r, struct store_page *page)
{
	const char *after = http_query(r, "after"), *limit = http_query(r, "limit");
	int64_t v;

	page->after = 0;
	page->limit = STORE_PAGE_DEFAULT;
	if (after) {
		if (!parse_pos(after, INT64_MAX, &v)) {
			json_t *f = json_pack("[{s:s,s:s,s:s}]", "field", "after", "rule", "X-4",
			                      "message", "must be a positive integer (a cursor)");
			error_fields(r, 400, NULL, "X-4", f, "bad query parameter");
			return false;
		}
		page->after = v;
	}
	if (limit) {
		if (!parse_pos(limit, STORE_PAGE_MAX, &v)) {
			json_t *f = json_pack("[{s:s,s:s,s:s}]", "field", "limit", "rule", "X-4",
			                      "message", "must be an integer from 1 to 1000");
			error_fields(r, 400, NULL, "X-4", f, "bad query parameter");
			return false;
		}
		page->limit = (size_t)v;
	}
	return true;
}

void http_list(struct http_req *r, json_t *items, int64_t next)
{
	json_t *o = json_object();

	if (o) {
		json_object_set_new(o, "items", items ? items : json_array());
		json_object_set_new(o, "next", next ? json_integer(next) : json_null());
	} else {
		json_decref(items);
	}
	http_json(r, 200, o);
}

void http_svc(struct http_req *r, struct svc *s)
{
	s->st = r->st;
	s->tenant = r->tenant;
	s->now = http_now_us(r);
	s->today = http_today(r);
	s->who = r->authed ? &r->who : NULL;
	s->log_access = http_access_log_fn(r, &s->log_ctx);
	s->rules = http_rulebook(r);
}

void http_no_content(struct http_req *r)
{
	json_decref(r->out);
	r->out = NULL;
	r->status = 204;
	r->raw = "";
	r->raw_len = 0;
	r->responded = true;
}

json_t *http_time_json(sv_time t)
{
	char ts[LOG_TS_LEN];

	if (!t)
		return json_null();
	log_format_ts(t / 1000, ts);
	return json_string(ts);
}

json_t *http_date_json(sv_date d)
{
	char s[SV_DATE_STRLEN];

	if (d == SV_NO_DATE)
		return json_null();
	return json_string(date_format(d, s));
}
