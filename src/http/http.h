/*
 * http.h - the JSON API server: configuration, the request record shared by
 * the router, the handlers and the response helpers.
 *
 * Life of a request (server.c): libmicrohttpd calls the access handler on one
 * of its pool threads; the first call creates a struct http_req with its own
 * arena and a request id, later calls collect the body up to max_body bytes;
 * the last call matches the route (router.c), authenticates (auth.c), checks
 * the route's action against the X-3 table, borrows a database handle from
 * the pool and runs the handler. The handler leaves a status and a JSON body
 * in the request (respond.c), which the server queues, counts (metrics.c) and
 * logs. When libmicrohttpd reports the request complete the arena is reset,
 * not freed: the connection keeps its struct http_req (and arena) for its
 * next request, and releases it when the connection closes.
 */
#ifndef SV_HTTP_H
#define SV_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "service/auth.h"
#include "service/authz.h"
#include "service/svc.h"
#include "stegvis/arena.h"
#include "stegvis/buf.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/json.h"
#include "stegvis/log.h"
#include "stegvis/store.h"

struct http_config {
	const char *listen;   /* "ADDR:PORT"; port 0 picks a free one */
	const char *db_url;   /* store URL */
	const char *tenant;   /* tenant code this server serves */
	const char *tls_cert; /* PEM files; both or neither */
	const char *tls_key;
	const char *openapi_path; /* docs/openapi.yaml */
	const char *rules_dir;    /* rule packs; NULL: rulebook_default_dir() */
	unsigned threads;         /* 0: eight per core */
	unsigned timeout_s;       /* idle/slow connection timeout */
	size_t max_body;          /* request body cap in bytes */
	size_t max_depth;         /* JSON nesting cap */
	int64_t drain_ms;         /* how long SIGTERM waits for requests in flight */
	struct auth_policy policy;
	struct log_sink log;
	sv_now_fn now_ms; /* the clock for timestamps */
	void *now_ctx;
	sv_date today;       /* fixed "today" (--on, STEGVIS_TODAY), or SV_NO_DATE for the clock */
	const char *web_dir; /* the web interface's files; NULL: STEGVIS_WEB_DIR, then web/ */
	int ready_fd;        /* when >= 0 the bound address is written here once serving */
};

/* Defaults: see docs/internals/http.md. */
void http_config_init(struct http_config *c);

/*
 * Open the store, migrate, bind, serve until SIGTERM or SIGINT, then stop
 * accepting, wait up to drain_ms for requests in flight and stop. Prints
 * "listening on http(s)://ADDR:PORT" to stdout once serving.
 */
enum sv_rc http_serve(const struct http_config *c, struct sv_error *err) SV_WUR;

/* ---- Inside the server ----------------------------------------------------- */

enum http_method { HM_GET = 0, HM_POST, HM_PUT, HM_PATCH, HM_DELETE, HM_HEAD, HM_OTHER };

struct http_server;
struct http_req;

typedef void (*http_handler_fn)(struct http_req *r);

/* Route flags. */
#define RF_PUBLIC     0x1u  /* no authentication */
#define RF_NO_CSRF    0x2u  /* unsafe method without a CSRF token (login) */
#define RF_PERSONAL   0x4u  /* reads personal data: every read is logged */
#define RF_BODY       0x8u  /* takes a JSON body */
#define RF_NO_LOG     0x10u /* not in the request log at info level (metrics, health) */
#define RF_LARGE_BODY 0x20u /* body cap HTTP_LARGE_BODY_MAX instead of max_body (an import) */

#define ROUTE_ACTION_NONE (-1)

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/customers/{id}" */
	http_handler_fn handler;
	int action; /* enum authz_action, or ROUTE_ACTION_NONE (any signed-in user) */
	unsigned flags;
	const char *summary;
};

#define HTTP_MAX_PARAMS 4

struct http_req {
	struct http_server *srv;
	void *conn; /* struct MHD_Connection * */
	struct arena arena;
	char rid[24]; /* request id, also sent as X-Request-Id */
	enum http_method method;
	const char *method_str;
	const char *path;
	const struct route *route;
	int route_index; /* -1: unmatched */
	const char *params[HTTP_MAX_PARAMS];
	size_t nparams;
	struct buf body;
	bool body_too_large;
	int64_t t0_ns;
	int64_t db_ns; /* time spent in the store */
	/* Authentication. */
	bool authed;
	struct actor who;
	char session_token[AUTH_TOKEN_STRLEN];
	char token_hash[AUTH_HASH_STRLEN];
	char username[128];
	char display_name[128];
	/* The store handle for this request (borrowed from the pool). */
	struct store *st;
	int64_t tenant;
	/* The response. */
	int status;
	json_t *out;     /* JSON body (owned), or NULL */
	const char *raw; /* or raw bytes (arena or static) */
	size_t raw_len;
	const char *raw_type;   /* content type of raw */
	const char *set_cookie; /* Set-Cookie value or NULL */
	const char *allow;      /* Allow header for 405 */
	int retry_after;        /* seconds, for 429; 0: none */
	bool responded;
};

/* The server's shared, read-only-after-start state the handlers may use. */
const struct http_config *http_config_of(const struct http_req *r);
/* Milliseconds and microseconds from the injected clock. */
int64_t http_now_ms(const struct http_req *r);
sv_time http_now_us(const struct http_req *r);
/* Today: the fixed date of the configuration, else the clock's date in Europe/Stockholm. */
sv_date http_today(const struct http_req *r);
/* The OpenAPI document as JSON text (loaded at start). */
const char *http_openapi_json(const struct http_req *r, size_t *len);
/* Render metrics in the Prometheus text format into out. */
enum sv_rc http_metrics_render(const struct http_req *r, struct buf *out) SV_WUR;
/* True when the database answers. */
bool http_db_ping(struct http_req *r);
/* The client address as text ("127.0.0.1"), in the arena. */
const char *http_client_address(struct http_req *r);
/* A request header value or NULL. */
const char *http_header(struct http_req *r, const char *name);
/* A query argument value or NULL. */
const char *http_query(struct http_req *r, const char *name);
/* A cookie value or NULL. */
const char *http_cookie(struct http_req *r, const char *name);
/* True when served over TLS. */
bool http_is_tls(const struct http_req *r);
/* Add time spent in the store, measured from t0 (from http_clock_ns()). */
void http_db_time(struct http_req *r, int64_t t0_ns);
int64_t http_clock_ns(void);

/* The server's rule packs and calendars (read-only while serving). */
const struct rulebook *http_rulebook(const struct http_req *r);
/* The server's X-2 group-commit writer and its context. */
svc_access_fn http_access_log_fn(const struct http_req *r, void **ctx);
/* The use-case context of this request (store, tenant, now, today, caller). */
void http_svc(struct http_req *r, struct svc *s);
/* 204 No Content. */
void http_no_content(struct http_req *r);
/* A timestamp (µs) as ISO-8601 UTC JSON string; null for 0. */
json_t *http_time_json(sv_time t);
/* A date as JSON string; null for SV_NO_DATE. */
json_t *http_date_json(sv_date d);

/* ---- router.c ---------------------------------------------------------------- */

extern const struct route http_routes[];
extern const size_t http_nroutes;

enum http_method http_method_parse(const char *m);
const char *http_method_name(enum http_method m);
/*
 * Find the route for method and path. Returns its index and fills params, or
 * -1 with *path_known set when the path exists for another method (405).
 */
int http_route_match(enum http_method m, const char *path, const char **params, size_t *nparams,
                     struct arena *a, bool *path_known);
/* "GET, POST" of the routes with this path, in the arena (for Allow). */
const char *http_route_allow(const char *path, struct arena *a);

/* ---- respond.c --------------------------------------------------------------- */

/* Set status and JSON body (steals body). */
void http_json(struct http_req *r, int status, json_t *body);
/*
 * {"error": {"status", "code", "message", "rule"?, "request_id", "fields"?}}.
 * rule may be NULL.
 */
void http_error(struct http_req *r, int status, const char *code, const char *rule, const char *fmt,
                ...) SV_PRINTF(5, 6);
/* An error from a store or service rc and its detail: picks the status (only here). */
void http_error_rc(struct http_req *r, enum sv_rc rc, const struct sv_error *err);
/* 400 (structural) or 422 (values) with the field list of errs. */
void http_error_fields(struct http_req *r, const struct json_errors *errs);
/* The status for an rc (SV_EINVAL 422, SV_ENOTFOUND 404, ...). */
int http_status_of(enum sv_rc rc);

/*
 * Parse the request body into a struct with schema s. On failure the
 * error response is already set and false is returned.
 */
bool http_body(struct http_req *r, const struct json_schema *s, void *out);
/* A path parameter as a positive id; false (404 set) when it is not one. */
bool http_param_id(struct http_req *r, size_t i, int64_t *id);
/*
 * Pagination from ?after=&limit= (X-4: bad values answer 400 naming the
 * parameter). false when the error response is set.
 */
bool http_page(struct http_req *r, struct store_page *page);
/* {"items": items, "next": next or null} (steals items). */
void http_list(struct http_req *r, json_t *items, int64_t next);

/* ---- auth.c ------------------------------------------------------------------ */

#define HTTP_SESSION_COOKIE "sv_session"

/*
 * Authenticate r from the session cookie or an "Authorization: Bearer svt_..."
 * API token. Sets r->authed and r->who; expired, revoked or unknown
 * credentials leave r->authed false. Returns false only on a database error
 * (the 503 response is then set).
 */
bool http_authenticate(struct http_req *r);
/* CSRF check for unsafe methods of cookie sessions: true when fine. */
bool http_csrf_ok(struct http_req *r);

/* ---- metrics.c --------------------------------------------------------------- */

struct http_metrics;
struct http_metrics *http_metrics_new(size_t nroutes);
void http_metrics_free(struct http_metrics *m);
/* Count one request: route index (-1 unmatched), status, durations in ns. */
void http_metrics_observe(struct http_metrics *m, int route, int status, int64_t total_ns,
                          int64_t db_ns);
enum sv_rc http_metrics_write(const struct http_metrics *m, struct buf *out) SV_WUR;

/* ---- handlers (handlers/<resource>.c) ---------------------------------------- */

void h_healthz(struct http_req *r);
void h_metrics(struct http_req *r);
void h_openapi(struct http_req *r);

void h_session_create(struct http_req *r);
void h_session_get(struct http_req *r);
void h_session_delete(struct http_req *r);

void h_users_list(struct http_req *r);
void h_users_create(struct http_req *r);
void h_users_get(struct http_req *r);
void h_users_disable(struct http_req *r);
void h_users_access_log(struct http_req *r);

void h_units_list(struct http_req *r);
void h_units_create(struct http_req *r);
void h_units_get(struct http_req *r);

void h_customers_list(struct http_req *r);
void h_customers_create(struct http_req *r);
void h_customers_get(struct http_req *r);
void h_customers_events(struct http_req *r);
void h_customers_access_log(struct http_req *r);
void h_customers_register_extract(struct http_req *r);

void h_providers_list(struct http_req *r);
void h_providers_create(struct http_req *r);
void h_providers_get(struct http_req *r);
void h_providers_authorise(struct http_req *r);

void h_interventions_list(struct http_req *r);
void h_interventions_get(struct http_req *r);

/* The kundval and jobbpeng workflow (handlers/casework.c, choice.c, obligations.c). */
void h_comparison(struct http_req *r);
void h_rotation(struct http_req *r);
void h_case_choice(struct http_req *r);
void h_case_eligibility(struct http_req *r);
void h_case_assessments_create(struct http_req *r);
void h_case_decisions_create(struct http_req *r);
void h_case_get(struct http_req *r);
void h_case_queue(struct http_req *r);
void h_case_staff(struct http_req *r);
void h_case_assign(struct http_req *r);
void h_case_start_date(struct http_req *r);
void h_case_startup_meeting(struct http_req *r);
void h_case_contacts_list(struct http_req *r);
void h_case_contacts_create(struct http_req *r);
void h_case_deviations_list(struct http_req *r);
void h_case_deviations_create(struct http_req *r);
void h_case_extend(struct http_req *r);
void h_case_end(struct http_req *r);
void h_case_cancel(struct http_req *r);
void h_case_switch_provider(struct http_req *r);
void h_case_proposals_list(struct http_req *r);
void h_case_proposals_create(struct http_req *r);
void h_case_obligations(struct http_req *r);
void h_case_jobbpeng(struct http_req *r);
void h_case_follow_up_meeting(struct http_req *r);
void h_case_supplements_create(struct http_req *r);
void h_case_bonus_claims_create(struct http_req *r);
void h_supplements_decide(struct http_req *r);
void h_bonus_claims_decide(struct http_req *r);
void h_proposals_list(struct http_req *r);
void h_proposals_get(struct http_req *r);
void h_proposals_approve(struct http_req *r);
void h_proposals_reject(struct http_req *r);
void h_inbox(struct http_req *r);
void h_obligations_sweep(struct http_req *r);
void h_timeliness(struct http_req *r);
void h_provider_timeliness(struct http_req *r);
void h_provider_deficiencies_list(struct http_req *r);
void h_provider_deficiencies_create(struct http_req *r);

/* Documents, absence, messages, meetings, incidents, staff changes, referrals. */
void h_documents_list(struct http_req *r);
void h_documents_save_plan(struct http_req *r);
void h_documents_save_monthly(struct http_req *r);
void h_documents_save_final(struct http_req *r);
void h_documents_get(struct http_req *r);
void h_documents_submit(struct http_req *r);
void h_documents_approve(struct http_req *r);
void h_documents_return(struct http_req *r);
void h_documents_revise(struct http_req *r);
void h_absences_list(struct http_req *r);
void h_absences_create(struct http_req *r);
void h_absences_get(struct http_req *r);
void h_absences_update(struct http_req *r);
void h_absences_certificate(struct http_req *r);
void h_messages_case(struct http_req *r);
void h_messages_send(struct http_req *r);
void h_messages_inbox(struct http_req *r);
void h_messages_get(struct http_req *r);
void h_messages_read(struct http_req *r);
void h_meetings_list(struct http_req *r);
void h_meetings_book(struct http_req *r);
void h_meetings_follow_up(struct http_req *r);
void h_meetings_get(struct http_req *r);
void h_meetings_outcome(struct http_req *r);
void h_meetings_ics(struct http_req *r);
void h_incidents_list(struct http_req *r);
void h_incidents_report(struct http_req *r);
void h_incidents_get(struct http_req *r);
void h_incidents_assess(struct http_req *r);
void h_staff_changes_list(struct http_req *r);
void h_staff_changes_report(struct http_req *r);
void h_referrals_list(struct http_req *r);

void h_billing_runs_list(struct http_req *r);
void h_billing_runs_create(struct http_req *r);
void h_billing_runs_get(struct http_req *r);
void h_billing_runs_confirm(struct http_req *r);
void h_billing_runs_export(struct http_req *r);
void h_tenant_get(struct http_req *r);
void h_tenant_put(struct http_req *r);

/* The import of docs/import-format.md (handlers/imports.c). */
void h_imports_create(struct http_req *r);

#endif
