/* /api/v1/interventions: read (the workflow actions come with later issues). */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/providers.h"
#include "stegvis/lifecycle.h"
#include "stegvis/store_case.h"

/*
 * One vocabulary for end reasons (lifecycle.h): the life-cycle name of the
 * ending (end_cause, NULL when only the coarse column is known, which maps
 * "other" to "completed"); "withheld" passes through (KV-52).
 */
static const char *end_reason_of(const struct store_intervention *iv, const char *end_cause)
{
	const char *name = lc_end_reason_display(end_cause, iv->end_reason);

	return name ? name : iv->end_reason;
}

/* end_reason: the name to show (end_reason_of, or "withheld"). */
static json_t *intervention_json(const struct store_intervention *iv, const char *end_reason)
{
	return json_pack(
	        "{s:I,s:I,s:s?,s:s?,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s?,s:s?}", "id",
	        (json_int_t)iv->id, "customer_id", (json_int_t)iv->customer_id, "code", iv->code,
	        "scheme", store_intervention_scheme(iv->code), "provider_id",
	        iv->provider_id ? json_integer(iv->provider_id) : json_null(), "unit_id",
	        iv->unit_id ? json_integer(iv->unit_id) : json_null(), "counsellor_id",
	        iv->counsellor_id ? json_integer(iv->counsellor_id) : json_null(), "decided_on",
	        http_date_json(iv->decided_on), "start_on", http_date_json(iv->start_on),
	        "planned_end_on", http_date_json(iv->planned_end_on), "actual_end_on",
	        http_date_json(iv->actual_end_on), "state", iv->state, "end_reason", end_reason);
}

static bool query_id(struct http_req *r, const char *name, int64_t *out)
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

void h_interventions_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_intervention_list l = {0};
	struct store_intervention_filter f = {0};
	struct store_page page;
	struct svc s;
	json_t *items;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !query_id(r, "unit_id", &f.unit_id) ||
	    !query_id(r, "provider_id", &f.provider_id) ||
	    !query_id(r, "customer_id", &f.customer_id))
		return;
	f.state = http_query(r, "state");
	if (f.state && !store_intervention_state_valid(f.state)) {
		http_error(r, 400, NULL, "X-4", "query parameter state is not a known state");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = interventions_list(&s, f, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items,
		                      intervention_json(&l.v[i], end_reason_of(&l.v[i], NULL)));
	http_list(r, items, l.next);
	store_intervention_list_release(&l);
}

void h_interventions_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_intervention iv = {0};
	struct store_case c = {0};
	const char *shown = NULL;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = interventions_get(&s, id, &iv, &err);
	/* The ending's life-cycle name from the details (X-3 checked above). */
	if (!rc && iv.end_reason)
		rc = store_case_get(r->st, r->tenant, id, &c, &err);
	http_db_time(r, t0);
	/* KV-52: the customer did not want the provider told the reason. */
	if (!rc)
		shown = c.reason_withheld && authz_is_provider_role(r->who.role)
		                ? "withheld"
		                : end_reason_of(&iv, c.end_cause);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, intervention_json(&iv, shown));
	store_case_release(&c);
	store_intervention_release(&iv);
}
