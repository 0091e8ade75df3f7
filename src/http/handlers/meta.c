/* /healthz, /metrics and the OpenAPI document. */
#include "http/http.h"

void h_healthz(struct http_req *r)
{
	bool db = http_db_ping(r);

	http_json(r, db ? 200 : 503,
	          json_pack("{s:s,s:s}", "status", db ? "ok" : "unavailable", "database",
	                    db ? "reachable" : "unreachable"));
}

void h_metrics(struct http_req *r)
{
	struct buf b;

	buf_init(&b, 4 << 20);
	if (http_metrics_render(r, &b)) {
		buf_release(&b);
		http_error(r, 500, NULL, NULL, "metrics too large");
		return;
	}
	r->raw = arena_strndup(&r->arena, b.data, b.len);
	r->raw_len = b.len;
	r->raw_type = "text/plain; version=0.0.4; charset=utf-8";
	r->status = r->raw ? 200 : 500;
	r->responded = true;
	buf_release(&b);
}

void h_openapi(struct http_req *r)
{
	r->raw = http_openapi_json(r, &r->raw_len);
	r->raw_type = "application/json; charset=utf-8";
	r->status = 200;
	r->responded = true;
}
