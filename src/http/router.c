/*
 * The route table of the JSON API (a declarative table, one row per route)
 * and the path matcher. docs/openapi.yaml describes exactly these routes;
 * tests/http checks that the two agree.
 */
#include "http/http.h"

#include <string.h>

#define A(x) ((int)(x))
#define NONE ROUTE_ACTION_NONE

/* clang-format off */
const struct route http_routes[] = {
	{HM_GET,    "/healthz",                 h_healthz,  NONE, RF_PUBLIC | RF_NO_LOG, "liveness and database reachability"},
	{HM_GET,    "/metrics",                 h_metrics,  NONE, RF_PUBLIC | RF_NO_LOG, "Prometheus metrics"},
	{HM_GET,    "/api/v1/openapi.json",     h_openapi,  NONE, RF_PUBLIC, "this API's OpenAPI document"},

	{HM_POST,   "/api/v1/session",          h_session_create, NONE, RF_PUBLIC | RF_NO_CSRF | RF_BODY, "log in"},
	{HM_GET,    "/api/v1/session",          h_session_get,    NONE, 0, "the signed-in user and the CSRF token"},
	{HM_DELETE, "/api/v1/session",          h_session_delete, NONE, 0, "log out"},

	{HM_GET,    "/api/v1/users",                 h_users_list,       A(ACT_USER_READ),  0, "list users"},
	{HM_POST,   "/api/v1/users",                 h_users_create,     A(ACT_USER_WRITE), RF_BODY, "create a user"},
	{HM_GET,    "/api/v1/users/{id}",            h_users_get,        A(ACT_USER_READ),  0, "one user"},
	{HM_POST,   "/api/v1/users/{id}/disable",    h_users_disable,    A(ACT_USER_WRITE), 0, "disable a user"},
	{HM_GET,    "/api/v1/users/{id}/access-log", h_users_access_log, A(ACT_ACCESSLOG_READ), 0, "reads of personal data by one user (X-2)"},

	{HM_GET,    "/api/v1/units",            h_units_list,   A(ACT_UNIT_READ),  0, "list units"},
	{HM_POST,   "/api/v1/units",            h_units_create, A(ACT_UNIT_WRITE), RF_BODY, "create a unit"},
	{HM_GET,    "/api/v1/units/{id}",       h_units_get,    A(ACT_UNIT_READ),  0, "one unit"},

	{HM_GET,    "/api/v1/customers",                        h_customers_list,   A(ACT_CUSTOMER_READ),  RF_PERSONAL, "list customers"},
	{HM_POST,   "/api/v1/customers",                        h_customers_create, A(ACT_CUSTOMER_WRITE), RF_BODY, "register a customer"},
	{HM_GET,    "/api/v1/customers/{id}",                   h_customers_get,    A(ACT_CUSTOMER_READ),  RF_PERSONAL, "one customer"},
	{HM_GET,    "/api/v1/customers/{id}/events",            h_customers_events, A(ACT_EVENT_READ),     RF_PERSONAL, "the case's events (X-1)"},
	{HM_GET,    "/api/v1/customers/{id}/access-log",        h_customers_access_log, A(ACT_ACCESSLOG_READ), 0, "reads of this person's data (X-2)"},
	{HM_GET,    "/api/v1/customers/{id}/register-extract",  h_customers_register_extract, A(ACT_REGISTER_EXTRACT), RF_PERSONAL, "everything stored about the person (GDPR art. 15)"},

	{HM_GET,    "/api/v1/providers",                     h_providers_list,      A(ACT_PROVIDER_READ),      0, "list providers"},
	{HM_POST,   "/api/v1/providers",                     h_providers_create,    A(ACT_PROVIDER_AUTHORISE), RF_BODY, "register a provider"},
	{HM_GET,    "/api/v1/providers/{id}",                h_providers_get,       A(ACT_PROVIDER_READ),      0, "one provider"},
	{HM_POST,   "/api/v1/providers/{id}/authorisations", h_providers_authorise, A(ACT_PROVIDER_AUTHORISE), RF_BODY, "authorise a provider for a scheme"},

	{HM_GET,    "/api/v1/interventions",      h_interventions_list, A(ACT_INTERVENTION_READ), 0, "list interventions"},
	{HM_GET,    "/api/v1/interventions/{id}", h_interventions_get,  A(ACT_INTERVENTION_READ), 0, "one intervention"},
};
/* clang-format on */

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ""};

enum http_method http_method_parse(const char *m)
{
	for (int i = 0; i < HM_OTHER; i++)
		if (m && !strcmp(m, method_names[i]))
			return (enum http_method)i;
	return HM_OTHER;
}

const char *http_method_name(enum http_method m)
{
	if ((int)m < 0 || m > HM_OTHER)
		return "";
	return method_names[m];
}

/*
 * Match path against pattern segment by segment; "{x}" matches one non-empty
 * segment, which is copied into the arena as a parameter.
 */
static bool match(const char *pattern, const char *path, const char **params, size_t *nparams,
                  struct arena *a)
{
	const char *p = pattern, *s = path;
	size_t n = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			if (params) {
				params[n] = a ? arena_strndup(a, s, len) : NULL;
				if (a && !params[n])
					return false;
			}
			n++;
			s += len;
			p = strchr(p, '}');
			if (!p)
				return false;
			p++;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	if (nparams)
		*nparams = n;
	return true;
}

int http_route_match(enum http_method m, const char *path, const char **params, size_t *nparams,
                     struct arena *a, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		bool same = rt->method == m || (m == HM_HEAD && rt->method == HM_GET);
		if (!match(rt->pattern, path, NULL, NULL, NULL))
			continue;
		if (!same) {
			*path_known = true;
			continue;
		}
		if (!match(rt->pattern, path, params, nparams, a))
			return -1;
		return (int)i;
	}
	return -1;
}

const char *http_route_allow(const char *path, struct arena *a)
{
	struct buf b;
	const char *out;

	buf_init(&b, 256);
	for (size_t i = 0; i < http_nroutes; i++) {
		if (!match(http_routes[i].pattern, path, NULL, NULL, NULL))
			continue;
		if (buf_addf(&b, "%s%s", b.len ? ", " : "", method_names[http_routes[i].method]))
			break;
	}
	out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}
