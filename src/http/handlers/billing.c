/*
 * /api/v1/billing/runs: payment runs (KV-62, KV-63, KV-70 ... KV-74, JP-7,
 * JP-8). Finance previews, prepares and confirms (four eyes in the
 * service); a provider reads its own lines of confirmed runs. Every amount
 * comes with its explanation. Exports (CSV, XLSX, PDF, SIE 4) are the same
 * files as the CLI's (src/service/billing_export.h).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/billing_export.h"
#include "service/billing_runs.h"

/* ?name=true|false (X-4: anything else is 400); def when absent. */
static bool query_bool(struct http_req *r, const char *name, bool def, bool *out)
{
	const char *v = http_query(r, name);

	*out = def;
	if (!v)
		return true;
	if (!strcmp(v, "true") || !strcmp(v, "1")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "false") || !strcmp(v, "0")) {
		*out = false;
		return true;
	}
	http_error(r, 400, NULL, "X-4", "query parameter %s must be true or false", name);
	return false;
}

static bool query_provider(struct http_req *r, int64_t *out)
{
	const char *v = http_query(r, "provider_id");
	char *end;
	long long n;

	*out = 0;
	if (!v)
		return true;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		http_error(r, 400, NULL, "X-4",
		           "query parameter provider_id must be a positive id");
		return false;
	}
	*out = n;
	return true;
}

static void respond_view(struct http_req *r, int status, const struct billing_view *v)
{
	json_t *o = billing_view_json(v);

	if (!o) {
		http_error(r, 500, NULL, NULL, "out of memory");
		return;
	}
	http_json(r, status, o);
}

void h_billing_runs_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct billing_run_items l = {0};
	struct store_page page;
	struct svc s;
	const char *m = http_query(r, "month");
	sv_date month = SV_NO_DATE;
	json_t *items;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page))
		return;
	if (m && date_parse_month(m, strlen(m), &month, "month", &err)) {
		http_error(r, 400, NULL, "X-4", "query parameter month must be YYYY-MM");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = billing_runs_list(&s, month, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++) {
		char mon[SV_DATE_STRLEN], a[SV_MONEY_STRLEN];
		date_format(l.v[i].month, mon);
		mon[7] = '\0';
		json_array_append_new(
		        items,
		        json_pack("{s:I,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:s}", "id",
		                  (json_int_t)l.v[i].id, "month", mon, "state", l.v[i].state,
		                  "run_on", http_date_json(l.v[i].run_on), "created_at",
		                  http_time_json(l.v[i].created_at), "created_by",
		                  l.v[i].created_by ? json_integer(l.v[i].created_by) : json_null(),
		                  "confirmed_at", http_time_json(l.v[i].confirmed_at),
		                  "confirmed_by",
		                  l.v[i].confirmed_by ? json_integer(l.v[i].confirmed_by)
		                                      : json_null(),
		                  "total", money_format(l.v[i].total, a)));
	}
	http_list(r, items, l.next);
	billing_run_items_release(&l);
}

struct run_body {
	sv_date month;
	bool dry_run;
	bool lines;
};

static enum sv_rc check_month(const char *s, size_t len, void *target, const char *field,
                              struct sv_error *err)
{
	return date_parse_month(s, len, target, field, err);
}

static const struct json_field run_fields[] = {
        {"month", JT_CHECK, JF_REQUIRED, offsetof(struct run_body, month), 0, 0, NULL, check_month,
         NULL},
        {"dry_run", JT_BOOL, 0, offsetof(struct run_body, dry_run), 0, 0, NULL, NULL, NULL},
        {"lines", JT_BOOL, 0, offsetof(struct run_body, lines), 0, 0, NULL, NULL, NULL},
};
static const struct json_schema run_schema = {run_fields, 3, JSON_NO_PRESENT};

void h_billing_runs_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct run_body b = {SV_NO_DATE, false, true};
	struct billing_request req;
	struct billing_view v;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	if (!http_body(r, &run_schema, &b))
		return;
	http_svc(r, &s);
	memset(&req, 0, sizeof(req));
	req.month = b.month;
	req.dry_run = b.dry_run;
	req.with_rows = b.lines;
	t0 = http_clock_ns();
	rc = billing_runs_prepare(&s, &req, &v, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	respond_view(r, b.dry_run ? 200 : 201, &v);
	billing_view_release(&v);
}

void h_billing_runs_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct billing_view v;
	struct svc s;
	int64_t id, provider, t0;
	bool lines;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !query_provider(r, &provider) ||
	    !query_bool(r, "lines", true, &lines))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = billing_runs_get(&s, id, provider, lines, &v, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	respond_view(r, 200, &v);
	billing_view_release(&v);
}

void h_billing_runs_confirm(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct billing_view v;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = billing_runs_confirm(&s, id, &v, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	{
		json_t *o = billing_view_json(&v);
		if (o)
			json_object_set_new(o, "already_confirmed", json_boolean(v.already));
		if (o)
			http_json(r, 200, o);
		else
			http_error(r, 500, NULL, NULL, "out of memory");
	}
	billing_view_release(&v);
}

void h_billing_runs_export(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct billing_view v;
	struct buf out = BUF_INIT;
	enum billing_format f = BILLING_FMT_CSV;
	const char *fmt = http_query(r, "format");
	struct svc s;
	int64_t id, provider, t0;
	char *body;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !query_provider(r, &provider))
		return;
	if (fmt && billing_format_parse(fmt, &f, "format", &err)) {
		http_error(r, 400, NULL, "X-4",
		           "query parameter format is csv, xlsx, pdf, sie or json");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = billing_runs_get(&s, id, provider, true, &v, &err);
	http_db_time(r, t0);
	if (!rc)
		rc = billing_export(&v, f, &out, &err);
	billing_view_release(&v);
	if (rc) {
		buf_release(&out);
		http_error_rc(r, rc, &err);
		return;
	}
	body = arena_alloc(&r->arena, out.len ? out.len : 1);
	if (!body) {
		buf_release(&out);
		http_error(r, 413, NULL, "X-4.size",
		           "the file is too large for one response: narrow it with provider_id");
		return;
	}
	memcpy(body, out.data, out.len);
	json_decref(r->out);
	r->out = NULL;
	r->status = 200;
	r->raw = body;
	r->raw_len = out.len;
	r->raw_type = billing_format_type(f);
	r->responded = true;
	buf_release(&out);
}
